"""Rows of a workbook table whose hierarchy is printed by numbering, not by code.

Hebei's 基本支出表 (定州 2017) numbers its rows 一、 / 1、 / （1） / 1） and repeats a parent's code on
each of its parts (30104 社会保障缴费, then 30104 （1）基本养老保险费 …) while the 类 rows carry no
code at all (一、工资福利支出 over 30101…30107). Read by code, every part would be a second 款
of the same code and the 类 would be missing: the rows would add to more than the 合计, and a
check against the 合计 could not be made. The numbering says which row is a part of which.
"""

from __future__ import annotations

import re

from budgetwatch.transforms.ir import Cell, DocumentIR, Finding, RawRow, RawTable
from budgetwatch.transforms.tables import TWO_SIDED, squash
from budgetwatch.transforms.workbook_grid import Sheet, address

# depth of a row's ordinal: 一、 over 1、 over （1） over 1）
_DEPTHS = (
    (re.compile(r"^[一二三四五六七八九十]+、"), 1),
    (re.compile(r"^\d+[、．.](?!\d)"), 2),
    (re.compile(r"^[(（]\d+[)）]"), 3),
    (re.compile(r"^\d+[)）]"), 4),
)
_CODE = re.compile(r"^\d{3,8}$")
_AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


def _depth(name: str) -> int | None:
    return next((d for pattern, d in _DEPTHS if pattern.match(name)), None)


def _code_pos(table: RawTable) -> int | None:
    columns = table.rows[0].columns if table.rows else {}
    return next((p for p, label in sorted(columns.items()) if "编码" in label), None)


def _name_cell(row: RawRow, code_pos: int) -> Cell | None:
    return next(
        (
            c
            for p, c in enumerate(row.cells)
            if p != code_pos and c.text and not _AMOUNT.match(c.text)
        ),
        None,
    )


def _name(row: RawRow, code_pos: int) -> str:
    cell = _name_cell(row, code_pos)
    return squash(cell.text) if cell else ""


def numbered_parts(ir: DocumentIR) -> None:
    """In a one-sided table: a row printing the code of a row above it of a shallower ordinal
    is a part of that row (its code cleared: read by name, never as a second 款); an uncoded
    一、 row whose coded rows all share one 类 is that 类 (its code taken from them). Each
    said with its cells (info)."""
    for table in ir.tables:
        pos = _code_pos(table)
        if table.table_id in TWO_SIDED or pos is None:
            continue
        parts = _clear_repeated_codes(table, pos)
        of_which = _clear_of_which(table, pos)
        if of_which:
            ir.findings.append(
                Finding(
                    "numbered_part",
                    "info",
                    f"'{table.title}': {len(of_which)} 其中 row(s) repeat the code of the row "
                    f"they are part of, read by name as its parts: {', '.join(of_which[:8])}",
                    table.table_id,
                    "",
                    None,
                )
            )
        if parts:
            ir.findings.append(
                Finding(
                    "numbered_part",
                    "info",
                    f"'{table.title}': {len(parts)} row(s) repeat the code of the numbered row "
                    f"they are part of, read by name as its parts: {', '.join(parts[:8])}",
                    table.table_id,
                    "",
                    None,
                )
            )
        classes = [
            f"'{cell.text}' ({cell.address}) as {code}"
            for row, code in _classes_from_parts(table, pos)
            if (cell := _name_cell(row, pos))
        ]
        if classes:
            ir.findings.append(
                Finding(
                    "class_from_parts",
                    "info",
                    f"'{table.title}': numbered rows printing no code, every coded row under "
                    f"each of one 类, read as that 类: {', '.join(classes)}",
                    table.table_id,
                    "",
                    None,
                )
            )


def _clear_repeated_codes(table: RawTable, pos: int) -> list[str]:
    stack: list[tuple[int, str]] = []  # (depth, code) of the numbered rows above
    parts = []
    for row in table.rows:
        depth = _depth(_name(row, pos))
        if depth is None or pos >= len(row.cells):
            continue
        while stack and stack[-1][0] >= depth:
            stack.pop()
        cell = row.cells[pos]
        code = squash(cell.text)
        if _CODE.match(code) and any(c == code for _, c in stack):
            parts.append(cell.address or str(row.line))
            cell.text = ""
        stack.append((depth, code))
    return parts


def _clear_of_which(table: RawTable, pos: int) -> list[str]:
    """A 其中 row printing the code of the row it is part of (定州 418: 30231 公务用车运行维护费
    3.6, then 30231 其中燃料费 1.8, 其中维修费 0.9 …): read by name as its part, not as the 款
    again (by code its parts would count 3.6 twice)."""
    parts, above = [], None
    for row in table.rows:
        if pos >= len(row.cells):
            continue
        cell = row.cells[pos]
        code = squash(cell.text)
        if not _name(row, pos).startswith("其中"):
            above = code if _CODE.match(code) else None
        elif code and code == above:
            parts.append(cell.address or str(row.line))
            cell.text = ""
    return parts


def _classes_from_parts(table: RawTable, pos: int) -> list[tuple[RawRow, str]]:
    """All or nothing: each uncoded 一、 row takes the one 类 of the coded rows under it, and
    every coded row of the table must lie under one of them — a table where some 类 would stay
    missing (a block under an unnumbered heading) is left as printed, so that no 类 row is
    made up beside a gap."""
    codes = [squash(row.text(pos)) for row in table.rows]
    heads = [
        k
        for k, row in enumerate(table.rows)
        if _depth(_name(row, pos)) == 1 and pos < len(row.cells) and not codes[k]
    ]
    out, covered = [], set()
    for k in heads:
        under = set()
        for j in range(k + 1, len(table.rows)):
            name = _name(table.rows[j], pos)
            # the next 一、, a total, or an uncoded unnumbered heading (基础定额项目) ends the block
            if _depth(name) == 1 or name in ("合计", "总计") or (not codes[j] and not _depth(name)):
                break
            if _CODE.match(codes[j]):
                under.add(j)
        prefixes = {codes[j][:3] for j in under}
        if len(prefixes) != 1 or any(len(codes[j]) <= 3 for j in under):
            return []
        covered |= under
        out.append((table.rows[k], prefixes.pop()))
    if covered != {j for j, code in enumerate(codes) if _CODE.match(code)}:
        return []
    for row, code in out:
        row.cells[pos].text = code
    return out


def _header_like(row: RawRow) -> bool:
    """Labels only, two or more, no number (a header the reader took as a data row)."""
    texts = [c.text for c in row.cells if c.text]
    return len(texts) >= 2 and not any(_AMOUNT.match(t) for t in texts)


def untitled_sheets(ir: DocumentIR, sheet_of: dict[int, str], titled: set[str]) -> None:
    """A sheet that prints no title would be read as the next page of the table before it (a
    PDF table runs on over pages). In a workbook a sheet with a header of its own is its own
    table: a table's rows on a later sheet under another header are split off and named by that
    header — 人员经费 | 公用经费 is the 基本支出表 — or, named by nothing, not read (warning)."""
    for table in list(ir.tables):
        home = sheet_of.get(table.title_line)
        first = next((r for r in table.rows if sheet_of.get(r.line) == home), None)
        later = [r for r in table.rows if sheet_of.get(r.line) != home]
        if home is None or first is None or not later:
            continue
        by_sheet: dict[str, list[RawRow]] = {}
        for row in later:
            by_sheet.setdefault(sheet_of[row.line], []).append(row)
        for sheet, rows in by_sheet.items():
            if sheet in titled:
                continue  # the title printed again: the table runs on
            own_header = rows[0].columns != first.columns
            if not own_header and not any(_header_like(r) for r in rows):
                continue  # a continuation: no header of its own, or the same one again
            table.rows = [r for r in table.rows if r not in rows]
            labels = set(rows[0].columns.values())
            basic = any("人员" in s for s in labels) and any("公用" in s for s in labels)
            table_id = (
                "general_budget_basic_expenditure"
                if own_header
                and basic
                and all(t.table_id != "general_budget_basic_expenditure" for t in ir.tables)
                else "unknown"
            )
            ir.tables.append(
                RawTable(table_id, f"({sheet}: no title)", rows[0].line, table.unit, rows, [], [])
            )
            ir.findings.append(
                Finding(
                    "untitled_table",
                    "info" if table_id != "unknown" else "warning",
                    f"sheet {sheet} prints no title and a header of its own "
                    + (
                        f"({' | '.join(dict.fromkeys(rows[0].columns.values()))})"
                        if own_header
                        else "(read as rows under the header before it)"
                    )
                    + f": not the next page of '{table.title}'; "
                    + (
                        "read as the 基本支出表 by its header"
                        if table_id != "unknown"
                        else f"its {len(rows)} rows are not read"
                    ),
                    table_id,
                    "",
                    rows[0].line,
                )
            )


def outside_cells(sheets: list[Sheet]) -> list[str]:
    """Numbers typed beside a ruled table, right of its last bordered column and unbordered
    themselves (a clerk's working figures, 定州: a column L of sums beside 公用经费), are no
    cells of the table: laid out with it they would join the last column's amounts. They are
    removed from the grid; their addresses are returned. A sheet with no borders keeps all."""
    out = []
    for sheet in sheets:
        ruled = [c.col + c.span - 1 for cells in sheet.rows.values() for c in cells if c.bordered]
        if not ruled:
            continue
        edge = max(ruled)
        for r, cells in sheet.rows.items():
            keep = [c for c in cells if c.bordered or c.col <= edge or not _AMOUNT.match(c.text)]
            out += [address(sheet.name, r, c.col) for c in cells if c not in keep]
            sheet.rows[r] = keep
        sheet.rows = {r: cells for r, cells in sheet.rows.items() if cells}
    return out


def hidden_copies(sheets: list[Sheet]) -> list[str]:
    """A cell of a hidden column that repeats the shown cell beside it (定州: the code typed
    again in a hidden column B under the merged 功能分类科目编码 header) is a copy: read with it
    the code would be printed twice (20805012080501). It is removed; its addresses returned."""
    out = []
    for sheet in sheets:
        for r, cells in sheet.rows.items():
            shown = {(c.col, c.text) for c in cells if c.col not in sheet.hidden_cols}
            copies = [
                c
                for c in cells
                if c.col in sheet.hidden_cols
                and ((c.col - 1, c.text) in shown or (c.col + 1, c.text) in shown)
            ]
            out += [address(sheet.name, r, c.col) for c in copies]
            sheet.rows[r] = [c for c in cells if c not in copies]
    return out


def unplaced_amounts(ir: DocumentIR, row_of: dict[int, str]) -> None:
    """An amount the layout reader took that is no single cell's text (two cells laid side by
    side and joined: 2.34 and 1 read as 2.341) would reach the store as a number the workbook
    never shows. It is not read, and said so (warning, with the row)."""
    for table in ir.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.address or not _AMOUNT.match(cell.text) or cell.line not in row_of:
                    continue
                ir.findings.append(
                    Finding(
                        "amount_not_a_cell",
                        "warning",
                        f"'{cell.text}' read in row {row_of[cell.line]} of '{table.title}' is "
                        "no one cell's value (cells joined?): not read",
                        table.table_id,
                        "",
                        cell.line,
                    )
                )
                cell.text = ""


def unjoin_sheets(ir: DocumentIR, lines: dict[int, tuple[Sheet, int]]) -> None:
    """The layout reader joins a short row to the row above it (a name wrapped onto the next
    page of a PDF). A sheet is no page of a PDF: the first row of a sheet without a title
    (定州 746's Sheet4 ``收入 | 支出``) was glued to the last row of the sheet before it
    (``归口管理的行政单位离退休收入``, ``65.75支出``). Such a join is undone from the cells."""
    for table in ir.tables:
        for row in table.rows:
            home = lines.get(row.line)
            if home is None:
                continue
            other = [ln for ln in row.joined_lines if ln in lines and lines[ln][0] is not home[0]]
            if not other:
                continue
            own = {c.text for c in home[0].rows[home[1]]}
            glued = {c.text for ln in other for c in lines[ln][0].rows[lines[ln][1]]}
            for cell in row.cells:
                if cell.line in other:
                    cell.text = ""
                elif cell.text not in own:
                    cell.text = next(
                        (
                            t
                            for t in own
                            if cell.text.startswith(t) and _of(cell.text[len(t) :], glued)
                        ),
                        cell.text,
                    )
            row.joined_lines = [ln for ln in row.joined_lines if ln not in other]
            ir.findings.append(
                Finding(
                    "row_unjoined",
                    "info",
                    f"line(s) {', '.join(map(str, other))} (sheet {lines[other[0]][0].name}) are "
                    f"not the rest of the row at line {row.line} (sheet {home[0].name}): a sheet "
                    "does not run on",
                    table.table_id,
                    "",
                    row.line,
                )
            )


def _of(rest: str, texts: set[str]) -> bool:
    """``rest`` is made of ``texts`` put end to end (the cells glued onto a cell)."""
    if not rest:
        return True
    return any(t and rest.startswith(t) and _of(rest[len(t) :], texts) for t in texts)
