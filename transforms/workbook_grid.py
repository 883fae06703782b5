"""A workbook's sheets as grids of shown cells (.xlsx by openpyxl, .xls by xlrd).

Both libraries are used because each is the well-kept reader of its format that gives what
reading a form needs: merged ranges (a label spanning its columns), cell borders (the table's
grid: titles and notes stand outside it), sheet visibility, and for .xlsx the formulas beside
their cached values. Values are the cached ones (what the office saw); no formula is evaluated.
A number is its exact decimal text (a binary float's noise past the sixth decimal, i.e. below
a cent of 万元, is rounded away); an error cell reads as its code (``#REF!``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
import xlrd
from openpyxl.utils import get_column_letter

from budgetwatch.sources.containers import UnreadableOfficeError, check_ooxml

# A sheet larger than this is not read (a 100 MB sheet of one department is no disclosure);
# the run's bound is config ``limits.max_sheet_cells`` (this is its default)
MAX_CELLS = 2_000_000
_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_SUM = re.compile(
    r"^=\s*SUM\(\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*\$?([A-Z]{1,3})\$?(\d+)\s*\)\s*$", re.IGNORECASE
)


@dataclass(slots=True)
class GridCell:
    text: str
    col: int  # 0-based
    span: int  # columns covered (merged)
    bordered: bool
    formula: str = ""


@dataclass
class Sheet:
    name: str
    hidden: bool
    rows: dict[int, list[GridCell]] = field(default_factory=dict)  # 0-based row → cells
    hidden_rows: set[int] = field(default_factory=set)  # 0-based, rows the office hid
    hidden_cols: set[int] = field(default_factory=set)

    def hidden_amounts(self) -> list[str]:
        """Addresses of the numbers in hidden rows or columns: read like the others (a hidden
        row is still a row its 合计 adds), and said so."""
        return [
            address(self.name, r, c.col)
            for r, cells in sorted(self.rows.items())
            for c in cells
            if (r in self.hidden_rows or c.col in self.hidden_cols) and _NUMBER.match(c.text)
        ]

    def error_cells(self) -> list[tuple[int, str]]:
        """(row, ``表5!D5 #REF!``) of each cell showing an error code (a broken reference, a
        division by zero): where it stands, a figure is missing."""
        return [
            (r, f"{address(self.name, r, c.col)} {c.text}")
            for r, cells in sorted(self.rows.items())
            for c in cells
            if c.text in _ERRORS.values() or c.text == "#ERROR"
        ]


def address(sheet: str, row: int, col: int) -> str:
    """``表3!D12`` (1-based row, lettered column)."""
    return f"{sheet}!{get_column_letter(col + 1)}{row + 1}"


def number_text(value: float | int) -> str:
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if d.as_tuple().exponent < -6:
        d = d.quantize(Decimal("0.000001"))
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return number_text(value)
    return " ".join(str(value).split()) if "\n" in str(value) else str(value).strip()


def read_grid(data: bytes, kind: str, source_file: str, max_cells: int = MAX_CELLS) -> list[Sheet]:
    """The sheets of an xlsx or xls workbook. Raises UnreadableOfficeError."""
    try:
        if kind == "xlsx":
            check_ooxml(data, source_file)
            return _xlsx(data, source_file, max_cells)
        return _xls(data, source_file, max_cells)
    except UnreadableOfficeError:
        raise
    except Exception as exc:  # the libraries raise many types for a damaged file
        raise UnreadableOfficeError(
            source_file, 0, f"damaged {kind} workbook: {type(exc).__name__}: {exc}"
        ) from None


def _too_big(source_file: str, name: str, rows: int, cols: int, max_cells: int) -> None:
    if rows * cols > max_cells:
        raise UnreadableOfficeError(
            source_file,
            0,
            f"sheet '{name}' spans {rows:,} rows × "
            f"{cols:,} columns, over the limit of {max_cells:,} cells "
            "(limits.max_sheet_cells): not read",
        )


def _formulas(data: bytes) -> list[dict[tuple[int, int], str]]:
    """Each sheet's formulas by (row, column), from a read-only pass: the full load, which the
    cached values need for merges, borders and hidden rows, costs twice over (openpyxl styles
    every merged cell), and formulas need none of that."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        return [
            {
                (c.row, c.column): c.value
                for row in ws.iter_rows()
                for c in row
                if isinstance(c.value, str) and c.value.startswith("=")
            }
            for ws in book.worksheets
        ]
    finally:
        book.close()


def _xlsx(data: bytes, source_file: str, max_cells: int) -> list[Sheet]:
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for ws, wf in zip(values.worksheets, _formulas(data)):
        _too_big(source_file, ws.title, ws.max_row, ws.max_column, max_cells)
        spans, covered = {}, set()
        for rng in ws.merged_cells.ranges:
            spans[(rng.min_row - 1, rng.min_col - 1)] = rng.max_col - rng.min_col + 1
            covered |= {
                (r - 1, c - 1)
                for r in range(rng.min_row, rng.max_row + 1)
                for c in range(rng.min_col, rng.max_col + 1)
            } - {(rng.min_row - 1, rng.min_col - 1)}
        sheet = Sheet(
            ws.title,
            ws.sheet_state != "visible",
            hidden_rows={r - 1 for r, d in ws.row_dimensions.items() if d.hidden},
            hidden_cols={
                openpyxl.utils.column_index_from_string(k) - 1
                for k, d in ws.column_dimensions.items()
                if d.hidden
            },
        )
        for row in ws.iter_rows():
            for c in row:
                r0, c0 = c.row - 1, c.column - 1
                if (r0, c0) in covered or c.value is None:
                    continue
                text = _text(c.value)
                if not text:
                    continue
                b = c.border
                bordered = any(
                    s is not None and s.style for s in (b.left, b.right, b.top, b.bottom)
                )
                sheet.rows.setdefault(r0, []).append(
                    GridCell(
                        text, c0, spans.get((r0, c0), 1), bordered, wf.get((c.row, c.column), "")
                    )
                )
        sheets.append(sheet)
    return sheets


def _xls(data: bytes, source_file: str, max_cells: int) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise UnreadableOfficeError(
                source_file, 0, "password-protected (encrypted) xls workbook: not read"
            ) from None
        raise
    sheets = []
    for sh in book.sheets():
        _too_big(source_file, sh.name, sh.nrows, sh.ncols, max_cells)
        spans, covered = {}, set()
        for r0, r1, c0, c1 in sh.merged_cells:
            spans[(r0, c0)] = c1 - c0
            covered |= {(r, c) for r in range(r0, r1) for c in range(c0, c1)} - {(r0, c0)}
        sheet = Sheet(
            sh.name,
            sh.visibility != 0,
            hidden_rows={r for r, i in sh.rowinfo_map.items() if i.hidden},
            hidden_cols={c for c, i in sh.colinfo_map.items() if i.hidden},
        )
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                if (r, c) in covered:
                    continue
                ctype, value = sh.cell_type(r, c), sh.cell_value(r, c)
                if ctype == xlrd.XL_CELL_ERROR:
                    text = _ERRORS.get(value, "#ERROR")
                elif ctype == xlrd.XL_CELL_NUMBER:
                    text = number_text(value)
                else:
                    text = _text(value)
                if not text:
                    continue
                border = book.xf_list[sh.cell_xf_index(r, c)].border
                bordered = any(
                    (
                        border.left_line_style,
                        border.right_line_style,
                        border.top_line_style,
                        border.bottom_line_style,
                    )
                )
                sheet.rows.setdefault(r, []).append(
                    GridCell(text, c, spans.get((r, c), 1), bordered)
                )
        sheets.append(sheet)
    return sheets


def _number(cell: GridCell | None) -> Decimal | None:
    try:
        return Decimal(cell.text) if cell and cell.text else None
    except ArithmeticError:
        return None


def _one_column_sum(cell: GridCell) -> tuple[int, int, int] | None:
    """(column, first row, last row), 0-based, of a =SUM(…) over one column, else None."""
    m = _SUM.match(cell.formula)
    if not m or m.group(1).upper() != m.group(3).upper():
        return None
    col = openpyxl.utils.column_index_from_string(m.group(1).upper()) - 1
    return col, int(m.group(2)) - 1, int(m.group(4)) - 1


def _column_sum(by_pos: dict, col: int, first: int, last: int) -> tuple[Decimal, int]:
    """(sum of the numbers shown in rows first..last of a column, how many there are)."""
    values = [_number(by_pos.get((r, col))) for r in range(first, last + 1)]
    shown = [v for v in values if v is not None]
    return sum(shown, Decimal(0)), len(shown)


def stale_sums(sheet: Sheet) -> list[tuple[int, GridCell, Decimal, Decimal]]:
    """(row, cell, cached value, sum of the cached values in its range) of each =SUM(…) cell of
    one column whose cached value differs from the sum of what its range shows (a value typed
    over, or a range edited without recalculation)."""
    out = []
    by_pos = {(r, c.col): c for r, cells in sheet.rows.items() for c in cells}
    for r, cells in sheet.rows.items():
        for cell in cells:
            span, cached = _one_column_sum(cell), _number(cell)
            if span is None or cached is None:
                continue
            total = _column_sum(by_pos, *span)[0]
            if abs(cached - total) > Decimal("0.000001"):
                out.append((r, cell, cached, total))
    return out


def typed_beside_sums(sheet: Sheet) -> list[tuple[int, GridCell, GridCell, Decimal]]:
    """(row, typed cell, the =SUM(…) cell beside it, what that formula gives over the typed
    cell's own column) of each number typed in a row of totals (no formula) that differs from
    the sum its neighbour's formula takes, applied to its column: a 本年收入合计 typed beside
    formulas that add their columns' rows (the formula's rows must show a number in the typed
    cell's column: a column left blank is no sum)."""
    out = []
    by_pos = {(r, c.col): c for r, cells in sheet.rows.items() for c in cells}
    for r, cells in sheet.rows.items():
        sums = [(c, _one_column_sum(c)) for c in cells]
        for cell in cells:
            typed = _number(cell)
            if cell.formula or typed is None:
                continue
            for neighbour, span in sums:
                if span is None or abs(neighbour.col - cell.col) != 1:
                    continue
                total, shown = _column_sum(by_pos, cell.col, span[1], span[2])
                if shown and abs(typed - total) > Decimal("0.000001"):
                    out.append((r, cell, neighbour, total))
                    break
    return out
