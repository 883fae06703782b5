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
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

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


class _Cells(WorkSheetParser):
    """openpyxl's own sheet parser, run on a read-only workbook, keeping each cell's formula
    beside its cached value. A full load (``load_workbook``) builds and styles a cell object for
    every cell of every merged range (``MergedCellRange.format``), which we never read: over half
    of its CPU on 定州's workbooks. The parser alone gives the same cells, and collects the
    merged ranges and the row and column dimensions (hidden rows, hidden columns) as it goes."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)  # data_only: the cached value (what the office saw)
        if element.find(FORMULA_TAG) is not None:  # in order: shared formulae are translated
            cell["formula"] = self.parse_formula(element)
        return cell


def _xlsx(data: bytes, source_file: str, max_cells: int) -> list[Sheet]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [_xlsx_sheet(book, ws, source_file, max_cells) for ws in book.worksheets]
    finally:
        book.close()


def _xlsx_sheet(book, ws, source_file: str, max_cells: int) -> Sheet:
    with book._archive.open(ws._worksheet_path) as src:
        parser = _Cells(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        found, last_row, last_col = {}, 1, 1
        for _, row in parser.parse():
            for cell in row:
                found[(cell["row"] - 1, cell["column"] - 1)] = cell  # a cell typed twice: the last
                last_row, last_col = max(last_row, cell["row"]), max(last_col, cell["column"])
            # refused while read, before a bomb of a sheet is held
            _too_big(source_file, ws.title, last_row, last_col, max_cells)
    spans, covered = {}, set()
    for merged in parser.merged_cells.mergeCell if parser.merged_cells else ():
        c1, r1, c2, r2 = range_boundaries(merged.ref)
        start = (r1 - 1, c1 - 1)
        spans[start] = c2 - c1 + 1
        covered |= {(r - 1, c - 1) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {start}
    sheet = Sheet(
        ws.title,
        ws.sheet_state != "visible",
        hidden_rows={
            int(r) - 1 for r, d in parser.row_dimensions.items() if _true(d.get("hidden"))
        },
        # every column of a <col min max hidden> range (openpyxl's full load keyed the range by
        # its first column only, so B:D hidden showed only B hidden)
        hidden_cols={
            c - 1
            for d in parser.column_dimensions.values()
            if _true(d.get("hidden"))
            for c in range(int(d["min"]), int(d.get("max") or d["min"]) + 1)
        },
    )
    for (r0, c0), cell in sorted(found.items()):
        if (r0, c0) in covered or cell["value"] is None:
            continue
        text = _text(cell["value"])
        if not text:
            continue
        style = book._cell_styles[cell["style_id"]]
        b = book._borders[style.borderId]
        bordered = any(s is not None and s.style for s in (b.left, b.right, b.top, b.bottom))
        formula = cell.get("formula", "")
        sheet.rows.setdefault(r0, []).append(
            GridCell(
                text,
                c0,
                spans.get((r0, c0), 1),
                bordered,
                formula if isinstance(formula, str) and formula.startswith("=") else "",
            )
        )
    return sheet


def _true(value: str | None) -> bool:
    """An OOXML boolean attribute, as openpyxl reads it (``0`` / ``false`` / ``f`` are false)."""
    return bool(value) and value not in ("false", "f", "0")


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
    col = column_index_from_string(m.group(1).upper()) - 1
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
