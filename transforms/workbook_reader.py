"""Read a budget workbook (.xlsx, .xls) into the intermediate representation.

A sheet is laid out as a PDF page is (`transforms.pdf_layout`): each shown row is a row of
pieces, a cell's column span is its position (a merged label spans the columns under it), and a
row with bordered cells is a ruled row of the table's grid (titles, 单位 lines and notes stand
outside it). The PDF reader's state machine then reads titles, headers, data rows and notes by
meaning (`transforms.pdf_reader.read_rows`), so every rule the PDFs taught holds for workbooks,
and every table after it is normalised as a PDF's is.

Traceability: line N of the rendering is one sheet row; each cell the reader took is matched
back to its piece (left to right, the order columns are placed in), so an amount carries its
address (``附表3-2!D8``). Hidden sheets are not read (their names are reported). The
department's name and code, when no title or 部门 line gives them, come from the header fields
(``部门编码及名称：[713]…``, ``单位：<name>`` beside ``单位：万元``, a bare name beside the
unit line); the year from 预算年度 or the titles.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from budgetwatch.sources.errors import NoTextLayerError
from budgetwatch.transforms.ir import DocumentIR, Finding, HeaderSighting, RawRow
from budgetwatch.transforms.pdf_layout import Page, Piece, Row
from budgetwatch.transforms.pdf_reader import read_rows
from budgetwatch.transforms.tables import (
    CONTRACT_TABLES,
    TWO_SIDED,
    squash,
    table_id_for_title,
)
from budgetwatch.transforms.workbook_grid import (
    MAX_CELLS,
    Sheet,
    address,
    read_grid,
    stale_sums,
    typed_beside_sums,
)
from budgetwatch.transforms.workbook_rows import (
    hidden_copies,
    numbered_parts,
    outside_cells,
    unjoin_sheets,
    unplaced_amounts,
    untitled_sheets,
)
from budgetwatch.transforms.workbook_titles import repair_titles, title_untitled

_CODE_NAME = re.compile(r"部门编码及名称:\s*\[?(\d{3,9})\]?\s*(\S.*)$")
_UNIT_FIELD = re.compile(r"^单位:(.+)$")
# a bare unit name led by its department code (Hebei's 附表2-x: 312002定州市公安局)
_CODE_LED = re.compile(r"^(\d{3,9})([^\d年月日].*)$")
_MONEY = re.compile(r"^(?:万元|千元|亿元|元)$")
ORG_END = re.compile(
    r"(?:局|委员会|委|办公室|办事处|中心|院|所|学校|中学|小学|幼儿园|站|馆|队|会|社|政府|法院|检察院|"
    r"处|部|厅|团|台|园|场|室|联|校|镇|乡)$"
)
_YEAR = re.compile(r"(20\d{2})年")
_AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
# a table's 合计 row named by what it totals (基本支出合计, 支出合计, 基本支出总计), never a
# column's 本年收入合计
_NAMED_TOTAL = re.compile(r"^(?:基本|项目)?支出(?:合计|总计)$")
# the unit named before a title: 定州市教育系统 部门预算收支总表, 2017年定州市养路工区预算公开说明,
# 定州市纪检委2017年市级部门预算及说明, 第一部分南城区部门预算情况说明
_TITLE_UNIT = re.compile(
    r"^(?:第[一二三四五六七八九十]部分)?(?:20\d{2}年度?)?(\S{2,30}?)"
    r"(?:20\d{2}年度?)?(?:市级|县级|区级)?(?:部门|单位)?(?:预算|决算)"
)
_NOT_UNIT = re.compile(
    r"预算|决算|部门$|单位$|^本|^我|^市级|^县级|\d|表|[、，。:；]|"
    r"(?:一般公共|政府性基金|国有资本经营|财政拨款|基本|项目|收支|收入|支出|经费)$"
)
_BUDGET_YEAR = re.compile(r"预算年度:?(20\d{2})")
# a note under an empty table, often inside its grid (备注：无政府性基金预算，空表列示)
_NOTE = re.compile(r"^(?:备注|注|说明)\d?[:.、]|^\(?无.{0,20}(?:空表|列示|收支|支出|数据)")


# A column is drawn 100 points wide, a row 20 high: the layout reader's tolerances are points
_WIDTH, _HEIGHT = 100.0, 20.0


@dataclass
class OfficeRead:
    ir: DocumentIR
    n_lines: int
    rows: dict[int, str]  # line → the sheet row it renders (附表3-1!7:7)
    texts: dict[int, str]  # line → its cells joined by TAB
    saved_at: datetime | None = None  # the file's last-saved time (UTC; office.saved_time)
    # shown sheet → (row, col) 0-based → cell text: the cells' proof of a 合计 (workbook_proof)
    cells: dict[str, dict[tuple[int, int], str]] | None = None


def sheet_pages(sheets: list[Sheet]) -> tuple[list[Page], dict[int, tuple[Sheet, int]]]:
    """One page per shown sheet; line number → (sheet, row) of each rendered row."""
    pages, lines = [], {}
    for sheet in (s for s in sheets if not s.hidden):
        page = Page(len(pages) + 1, 0.0, 0.0)
        for r in sorted(sheet.rows):
            cells = sorted(sheet.rows[r], key=lambda c: c.col)
            pieces = [
                Piece(
                    [c.text],
                    _WIDTH * c.col,
                    _WIDTH * (c.col + c.span),
                    _HEIGHT * r,
                    _HEIGHT * (r + 1),
                    c.bordered,
                )
                for c in cells
            ]
            page.rows.append(Row(page.number, _HEIGHT * r, pieces, any(c.bordered for c in cells)))
            lines[len(lines) + 1] = (sheet, r)
        pages.append(page)
    return pages, lines


def assign_addresses(ir: DocumentIR, lines: dict[int, tuple[Sheet, int]]) -> None:
    """Each table cell's address: its piece on its line, matched left to right by text (the
    reader places pieces in column order); a text met once on the line otherwise."""
    by_line: dict[int, list] = {}
    for table in ir.tables:
        for row in table.rows:
            by_line.setdefault(row.line, []).append(row)
    for line, rows in by_line.items():
        if line not in lines:
            continue
        sheet, r = lines[line]
        cells = sorted(sheet.rows[r], key=lambda c: c.col)
        at = 0
        for row in rows:
            for cell in row.cells:
                if not cell.text or cell.line != line:
                    continue
                k = next((k for k in range(at, len(cells)) if cells[k].text == cell.text), None)
                if k is None:
                    same = [c for c in cells if c.text == cell.text]
                    if len(same) == 1:
                        cell.address = address(sheet.name, r, same[0].col)
                    continue
                cell.address = address(sheet.name, r, cells[k].col)
                at = k + 1


def _notes(ir: DocumentIR, lines: dict[int, tuple[Sheet, int]]) -> None:
    """A one-cell note on a table's sheet after its title, ruled or not, is the table's note
    (the layout reader takes only notes outside the grid)."""
    for table in ir.tables:
        if table.title_line not in lines:
            continue
        sheet, top = lines[table.title_line]
        known = {line for _, line in table.notes}
        for line, (s, r) in lines.items():
            cells = s.rows[r]
            if (
                s is sheet
                and r > top
                and len(cells) == 1
                and line not in known
                and (_NOTE.search(squash(cells[0].text)))
            ):
                table.notes.append((cells[0].text, line))


def _repeated_totals(ir: DocumentIR) -> None:
    """A second row named 合计 in a one-sided table is a block's subtotal (人员经费 then 公用经费
    listed under one header, 定州 社保局): read as the table's 合计 it would be summed with the
    first and set against every row. It is not read, and said so with its cells."""
    for table in ir.tables:
        if table.table_id in TWO_SIDED:
            continue
        seen, kept = False, []
        for row in table.rows:
            names = [squash(c.text) for c in row.cells if c.text and not _AMOUNT.match(c.text)]
            if names == ["合计"]:
                if seen:
                    cells = ", ".join(
                        f"{c.address} {c.text}" for c in row.cells if _AMOUNT.match(c.text)
                    )
                    ir.findings.append(
                        Finding(
                            "repeated_total",
                            "warning",
                            f"'{table.title}' prints a second 合计 row "
                            f"({cells}): a block subtotal, not the table's total; not read",
                            table.table_id,
                            "",
                            row.line,
                        )
                    )
                    continue
                seen = True
            kept.append(row)
        table.rows = kept


def unit_before_title(title: str) -> str | None:
    """The unit a title names before its 部门预算/预算公开说明 words, if any."""
    m = _TITLE_UNIT.match(squash(title))
    return m.group(1) if m and not _NOT_UNIT.search(m.group(1)) else None


def _named_totals(ir: DocumentIR) -> None:
    """A one-sided table whose 合计 row is printed by what it totals (``基本支出合计``,
    ``基本支出总计`` …): that row is its 合计, read as such and said so (an info finding with its
    cell). Either the table's first row, where it prints no bare 合计 row, or the row right under
    a bare 合计 row printed blank (定州 统计局 附表3-6: 合计 blank, 基本支出总计 383.36 below it),
    whose blank row is then not read: the table's totals are the named row's."""
    for table in ir.tables:
        if table.table_id in TWO_SIDED or not table.rows:
            continue
        named = [
            [c for c in row.cells if c.text and not _AMOUNT.match(c.text)] for row in table.rows
        ]
        bare = [
            k
            for k, cells in enumerate(named)
            if [squash(c.text) for c in cells] in (["合计"], ["总计"])
        ]
        at = bare[0] + 1 if bare else 0
        if bare and (at == len(named) or _carries_amounts(table.rows[bare[0]])):
            continue
        first = named[at]
        if not (
            len(first) == 1
            and _NAMED_TOTAL.match(squash(first[0].text))
            and (not bare or _carries_amounts(table.rows[at]))
        ):
            continue
        blank = f" under its 合计 row printed blank ({named[bare[0]][0].address})" if bare else ""
        ir.findings.append(
            Finding(
                "total_row_named",
                "info",
                f"'{table.title}' prints its 合计 row as "
                f"'{first[0].text}' ({first[0].address}){blank}: read as the table's 合计",
                table.table_id,
                "",
                table.rows[at].line,
            )
        )
        first[0].text = "合计"
        if bare:
            del table.rows[bare[0]]


def _carries_amounts(row: RawRow) -> bool:
    return any(_AMOUNT.match(c.text) for c in row.cells if c.text)


def _identity(ir: DocumentIR, lines: dict[int, tuple[Sheet, int]]) -> None:
    """Department name/code and year from the header fields when the reader found none."""
    names: list[tuple[str, int]] = []
    for line, (sheet, r) in lines.items():
        texts = [squash(c.text) for c in sorted(sheet.rows[r], key=lambda c: c.col)]
        for k, text in enumerate(texts):
            m = _CODE_NAME.search(text)
            if m:
                name = re.split(r"预算年度|单位:", m.group(2))[0]
                ir.headers.append(HeaderSighting(m.group(1), name, line, 0))
                names.append((name, line))
            y = _BUDGET_YEAR.search(text)
            if y:
                ir.years.append((int(y.group(1)), line))
            field = _UNIT_FIELD.match(text)
            if field and not _MONEY.match(field.group(1)) and ORG_END.search(field.group(1)):
                names.append((field.group(1), line))
            # a bare name on the unit line (定州市高级技工学校 | 单位：万元)
            if (
                not field
                and ORG_END.search(text)
                and 4 <= len(text) <= 30
                and any(t.startswith("单位:") for t in texts[k + 1 :])
            ):
                coded = _CODE_LED.match(text)
                if coded:  # the code is no part of the name (the export's [713]南城区 alike)
                    ir.headers.append(HeaderSighting(coded.group(1), coded.group(2), line, 0))
                names.append((coded.group(2) if coded else text, line))
    # a unit printed before the table's title (定州市教育系统 部门预算收支总表)
    for table in ir.tables:
        name = unit_before_title(table.title)
        if name and (ORG_END.search(name) or name.endswith("系统")):
            names.append((name, table.title_line))
    if names and not ir.title_name:
        counts: dict[str, int] = {}
        for name, _ in names:
            counts[name] = counts.get(name, 0) + 1
        ir.title_name = (
            max(counts, key=lambda n: (counts[n], len(n))).replace("(", "（").replace(")", "）")
        )
    if not ir.years and ir.title_year is None:
        for table in ir.tables:
            y = _YEAR.search(squash(table.title))
            if y:
                ir.years.append((int(y.group(1)), table.title_line))


def read_workbook(
    data: bytes, kind: str, source_file: str, max_cells: int = MAX_CELLS
) -> OfficeRead:
    """Workbook bytes (``kind`` xlsx or xls) → the IR. Raises UnreadableOfficeError."""
    sheets = read_grid(data, kind, source_file, max_cells)
    outside = outside_cells(sheets)
    copies = hidden_copies(sheets)
    repaired = repair_titles(sheets) + title_untitled(sheets)
    pages, lines = sheet_pages(sheets)
    ir, n_lines = read_rows(pages)
    ir.findings.extend(repaired)
    ir.pages = len(pages)
    # the reader's cover rules are a PDF's first page: in a sheet they read a year out of an
    # amount (20792.76); a workbook's year is its 预算年度 field or a title's 20XX年
    ir.title_year = None
    unjoin_sheets(ir, lines)
    assign_addresses(ir, lines)
    titled = {
        s.name
        for s in sheets
        for cells in s.rows.values()
        for c in cells
        if table_id_for_title(c.text)
    }
    untitled_sheets(ir, {line: s.name for line, (s, _) in lines.items()}, titled)
    unplaced_amounts(ir, {line: f"{s.name}!{r + 1}:{r + 1}" for line, (s, r) in lines.items()})
    _notes(ir, lines)
    _repeated_totals(ir)
    _named_totals(ir)
    numbered_parts(ir)
    _identity(ir, lines)
    members = zipfile.ZipFile(io.BytesIO(data)).namelist() if kind == "xlsx" else []
    images = [m for m in members if m.startswith("xl/media/")]
    if images and not any(t.table_id in CONTRACT_TABLES for t in ir.tables):
        raise NoTextLayerError(
            source_file,
            0,
            f"no budget table in the cells, {len(images)} "
            "image(s) in the workbook (xl/media): tables pasted as pictures? "
            "OCR is not supported",
        )
    ir.findings.extend(_workbook_findings(sheets, lines, outside, copies, members))
    rows = {line: f"{s.name}!{r + 1}:{r + 1}" for line, (s, r) in lines.items()}
    cells = {
        s.name: {(r, c.col): c.text for r, row in s.rows.items() for c in row}
        for s in sheets
        if not s.hidden
    }
    return OfficeRead(ir, n_lines, rows, texts(pages), cells=cells)


def _workbook_findings(
    sheets: list[Sheet],
    lines: dict[int, tuple[Sheet, int]],
    outside: list[str],
    copies: list[str],
    members: list[str],
) -> list[Finding]:
    """What the workbook itself says beside its tables: cells left out, macros, hidden sheets
    and cells (info); error codes, stale and typed-over sums (warnings, at their sheet row)."""
    said: list[tuple[str, str, str, int | None]] = []
    if outside:
        said.append(
            (
                "cells_outside_table",
                "info",
                f"{len(outside)} number(s) typed right of a ruled table, unbordered: no cells "
                f"of it, not read: {', '.join(outside[:8])}",
                None,
            )
        )
    if copies:
        said.append(
            (
                "hidden_copies",
                "info",
                f"{len(copies)} cell(s) of hidden columns repeat the shown cell beside them: "
                f"copies, not read: {', '.join(copies[:8])}",
                None,
            )
        )
    if "xl/vbaProject.bin" in members:
        said.append(
            (
                "macro_ignored",
                "info",
                "the workbook carries macros (xl/vbaProject.bin); they are not run, the cells' "
                "cached values are read",
                None,
            )
        )
    hidden = [s.name for s in sheets if s.hidden and s.rows]
    if hidden:
        said.append(
            ("hidden_sheet", "info", f"hidden sheet(s) not read: {', '.join(hidden)}", None)
        )
    hidden_cells = [a for s in sheets if not s.hidden for a in s.hidden_amounts()]
    if hidden_cells:
        said.append(
            (
                "hidden_cells",
                "info",
                f"{len(hidden_cells)} amount(s) in hidden rows or columns, read as shown cells: "
                f"{', '.join(hidden_cells[:8])}",
                None,
            )
        )
    line_of = {(s.name, r): line for line, (s, r) in lines.items()}
    for sheet in sheets:
        errors = [] if sheet.hidden else sheet.error_cells()
        found = [
            (
                r,
                "error_cell",
                f"{cell} shows an error code, not a figure: the amount there is missing",
            )
            for r, cell in errors
        ]
        found += [
            (
                r,
                "formula_mismatch",
                f"{address(sheet.name, r, cell.col)} shows {cached} but its formula "
                f"{cell.formula} over the cells shown sums to {total}",
            )
            for r, cell, cached, total in stale_sums(sheet)
        ]
        found += [
            (
                r,
                "typed_total_mismatch",
                f"{address(sheet.name, r, cell.col)} is typed {cell.text} beside "
                f"{address(sheet.name, r, formula.col)} {formula.formula}; that sum over "
                f"its own column gives {total}",
            )
            for r, cell, formula, total in typed_beside_sums(sheet)
        ]
        said += [(kind, "warning", text, line_of.get((sheet.name, r))) for r, kind, text in found]
    return [
        Finding(kind, severity, message, "", "", line) for kind, severity, message, line in said
    ]


def texts(pages: list[Page]) -> dict[int, str]:
    rows = [row for page in pages for row in page.rows]
    return {n: "\t".join(p.text for p in row.pieces) for n, row in enumerate(rows, start=1)}
