"""What a PDF row is by its shape: a header of a table drawn without rules, a row numbering the
columns, blocks of the same columns printed side by side, a block holding only a name or only
amounts (the pieces of a closing row spanning two blocks)."""

from __future__ import annotations

import re

from budgetwatch.transforms.ir import Cell
from budgetwatch.transforms.pdf_columns import NUMBER, Column
from budgetwatch.transforms.pdf_layout import Row
from budgetwatch.transforms.tables import column_role, squash

COLUMN_MARK = re.compile(r"^(?:\*+|栏次|行次|栏号|[甲乙丙丁]|[A-Z])$")


def header_like(row: Row) -> bool:
    """Three or more short labels spaced apart on a text line: the header of a table drawn
    without rules (a table-of-contents line has a page number or dot leaders instead)."""
    texts = [squash(p.text) for p in row.pieces]
    return len(texts) >= 3 and all(
        0 < len(t) <= 16 and not NUMBER.match(t) and "…" not in t and ".." not in t for t in texts
    )


def roles(labels: dict[int, str]) -> list[str]:
    """The role of each column, in position order (`tables.column_role`)."""
    return [column_role(labels[pos]) for pos in sorted(labels)]


def name_only(cells: list[Cell], labels: dict[int, str]) -> bool:
    kinds = roles(labels)
    return any(c.text for c, r in zip(cells, kinds) if r != "amount") and not any(
        c.text for c, r in zip(cells, kinds) if r == "amount"
    )


def amount_only(cells: list[Cell], labels: dict[int, str]) -> bool:
    kinds = roles(labels)
    return any(c.text for c, r in zip(cells, kinds) if r == "amount") and not any(
        c.text for c, r in zip(cells, kinds) if r != "amount"
    )


def block_size(columns: list[Column]) -> int:
    """Columns per block when a table prints the same columns two or more times side by side
    (决算 基本支出表: 人员经费 code | name | amount, then 公用经费 code | name | amount …); 0 when
    not. Each block's row is a row of its own."""
    leaves = [col.path[-1] for col in columns]
    kinds = [column_role(col.label) for col in columns]
    for size in range(2, len(columns) // 2 + 1):
        if len(columns) % size or kinds[0] == "amount" or "amount" not in kinds[:size]:
            continue
        if all(leaves[k] == leaves[k % size] for k in range(len(leaves))):
            return size
    return 0


def column_numbers(row: Row) -> bool:
    """A row numbering the columns (栏次 | 1 | 2 | 3, ** | 1 | 2 …), not data."""
    texts = [squash(p.text) for p in row.pieces]
    numbers = [int(t) for t in texts if t.isdigit() and len(t) <= 2]
    marks = [t for t in texts if not (t.isdigit() and len(t) <= 2)]
    return (
        len(numbers) >= 2
        and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        and all(COLUMN_MARK.match(t) for t in marks)
    )


_NUMBER_AND_CODE = re.compile(r"^(\d{1,4})\s+(\d{3}(?:\s?\d{2}){0,2})$")


def split_row_number(
    cells: list[Cell], labels: dict[int, str], previous: list[Cell] | None
) -> None:
    """序号 and code printed in one cell (a rule missing between them: `54 30228` of 165's
    基本支出表, line 630) go back to their columns — only where the number is the 序号 after the
    previous row's, so a code split by spaces (`208 05 01`) is never cut."""
    kinds = roles(labels)
    if "row_no" not in kinds or previous is None:
        return
    no = kinds.index("row_no")
    code = next((p for p in range(no + 1, len(kinds)) if kinds[p] == "code"), None)
    if code is None or code >= len(cells) or no >= len(previous):
        return
    prev = squash(previous[no].text)
    for full, empty in ((code, no), (no, code)):
        m = _NUMBER_AND_CODE.match(cells[full].text.strip())
        if m and not cells[empty].text and prev.isdigit() and int(m.group(1)) == int(prev) + 1:
            cell = cells[full]
            cells[no] = Cell(m.group(1), cell.line, cell.page)
            cells[code] = Cell(m.group(2), cell.line, cell.page)
            return
