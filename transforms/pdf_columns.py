"""The columns of a PDF table, found by position, and the cells of a data row under them.

A column is a header label with no label below it; its label is every header label above it
joined top to bottom (``收入预算`` + ``合计``), so merged header cells need no special case. The
类/款/项 columns of a code form one code column. A data cell belongs to the column it overlaps
(a ruled cell merged over several columns: the first of them), never to a column by count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetwatch.transforms.pdf_layout import Piece, Row
from budgetwatch.transforms.tables import TWO_SIDED, column_id, column_role, squash

NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
CODE_PARTS = ("类", "款", "项")
PAIR = ("预算数", "决算数")  # a 决算 prints both for every 三公 item

SUBTOTAL, TOTAL = "“三公”经费小计", "合计"
_ABROAD, _VEHICLE = "一、因公出国（境）费", "二、公务用车购置及运行维护费"
_RECEPTION = "三、公务接待费"
_PURCHASE, _OPERATION = "公务用车购置费", "公务用车运行维护费"
_THREE_PUBLIC_KEYS = (
    "小计",
    "合计",
    "购置",
    "运行",
    "运维",
    "维护",
    "出国",
    "接待",
    "会议",
    "培训",
)


@dataclass
class Column:
    x0: float
    x1: float
    label: str  # the labels above it, top to bottom, squashed
    path: list[str]  # the same labels one by one
    # a code printed in 类 | 款 | 项 columns: each part's x range, left to right
    parts: list[tuple[float, float]] | None = None


def overlap(a, b) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def is_number(piece: Piece) -> bool:
    return bool(NUMBER.match(squash(piece.text)))


def is_name_column(label: str) -> bool:
    return column_role(label) in ("name", "code_name")


def has_names(labels: dict[int, str]) -> bool:
    # the name and code columns of the normaliser (transforms.normalise._layout)
    return any(column_role(lab) in ("code", "name", "code_name") for lab in labels.values())


def build_columns(header_rows: list[Row], table_id: str) -> list[Column]:
    """Columns from the header rows of one page, left to right ([] without a header)."""
    bottoms = _bottoms(header_rows)
    pieces = []
    for d, r in enumerate(header_rows):
        centred = None if r.ruled or d == len(header_rows) - 1 else _centred(r, bottoms, d == 0)
        spans = centred or (_spans(r) if d == 0 < len(header_rows) - 1 else r.pieces)
        pieces += [(d, p) for p in spans if squash(p.text)]
    leaves = sorted(
        (p for d, p in pieces if not any(d2 > d and overlap(p, q) > 1 for d2, q in pieces)),
        key=lambda p: p.x0,
    )
    columns: list[Column] = []
    for leaf in leaves:
        path = [squash(q.text) for _, q in pieces if q.x0 - 1 <= leaf.center <= q.x1 + 1]
        if path[-1] in CODE_PARTS and columns and columns[-1].path[-1] in CODE_PARTS:
            columns[-1].x1 = leaf.x1  # 类 | 款 | 项 → one code column
            columns[-1].parts.append((leaf.x0, leaf.x1))
            continue
        label = "".join(path)
        parts = None
        if path[-1] in CODE_PARTS:
            parts = [(leaf.x0, leaf.x1)]
            if "编码" not in label and "代码" not in label:
                label += "编码"  # 类 under no 科目编码 label of its own: still the code
        columns.append(Column(leaf.x0, leaf.x1, label, path, parts))
    if table_id in TWO_SIDED:
        _each_side_its_names(columns)
        _amounts_under_their_names(columns)
    return columns


def _bottoms(header_rows: list[Row]) -> list[tuple[int, Piece]]:
    """The lowest labels of a header (no label under them), left to right, with their row."""
    raw = [(d, p) for d, r in enumerate(header_rows) for p in r.pieces if squash(p.text)]
    return sorted(
        (
            (d, p)
            for d, p in raw
            if not any(d2 > d and overlap(p, q) > 1 for d2, q in raw)
            and not _between(p, [q for d2, q in raw if d2 > d])
        ),
        key=lambda dp: dp[1].x0,
    )


def parents_above(lead: list[Row], header_rows: list[Row]) -> list[Row]:
    """The lines just above a header drawn without rules that are its parent labels: each label
    stands centred over two or more adjacent lowest labels, one line height or so above the next
    line (248 p.15: 公务用车购置及运行维护费 alone on its line over 小计 | 公务用车购置费 | 公务用车
    运行维护费). A lone line is not taken for the header by itself (a wrapped name is not), so
    it waits here until the header below it is known. 其中 ("of which") is no parent label."""
    if not header_rows or header_rows[0].ruled:
        return []
    leaves = [p for _, p in _bottoms(header_rows)]
    out: list[Row] = []
    below = header_rows[0]
    for row in reversed(lead):
        height = max(p.bottom - p.top for p in row.pieces)
        if row.page != below.page or not 0 < below.top - row.top <= 2.5 * height:
            break
        if not all(squash(p.text) != "其中" and _over_run(p, leaves) for p in row.pieces):
            break
        out.insert(0, row)
        below = row
    return out


def _over_run(p: Piece, leaves: list[Piece]) -> bool:
    """``p`` stands centred (within half its width) over two or more adjacent leaves it overlaps."""
    centre, half = p.center, (p.x1 - p.x0) / 2
    return any(
        leaves[i].x0 - 1 <= p.x1
        and p.x0 <= leaves[j].x1 + 1
        and abs((leaves[i].x0 + leaves[j].x1) / 2 - centre) <= half
        for i in range(len(leaves))
        for j in range(i + 1, len(leaves))
    )


def _each_side_its_names(columns: list[Column]) -> None:
    """Each side of a two-sided table has its own 项目 column. A side's label centred over a
    wide side (Shanghai 211 财政拨款支出 over 项目 | 合计 | 一般公共预算 | 政府性基金预算 | 国有资本
    经营预算, drawn without rules) reaches past the middle of the gap only over its amounts, so
    the label before it takes both 项目: the last of them, and what follows it, are the side's
    that has none."""
    groups: list[list[Column]] = []
    for col in columns:
        if len(col.path) > 1 and groups and groups[-1][0].path[0] == col.path[0]:
            groups[-1].append(col)
        else:
            groups.append([col])
    for before, group in zip(groups, groups[1:]):
        names = [k for k, col in enumerate(before) if is_name_column(col.path[-1])]
        if (
            len(group[0].path) < 2
            or len(names) < 2
            or any(is_name_column(col.path[-1]) for col in group)
        ):
            continue
        for col in before[names[-1] :]:
            col.path = group[0].path[:1] + col.path[1:]
            col.label = "".join(col.path)


def _between(p: Piece, lower: list[Piece]) -> bool:
    """A label with lower labels close on both sides and none under it stands over a gap
    between columns: centred over them (预算数 between 人员经费 and 公用经费), not a column."""
    near = 2 * (p.x1 - p.x0)
    return any(0 <= p.x0 - q.x1 <= near for q in lower) and any(
        0 <= q.x0 - p.x1 <= near for q in lower
    )


def _centred(row: Row, bottoms: list[tuple[int, Piece]], top: bool) -> list[Piece] | None:
    """The labels of a header row drawn without rules, each over the widest run of adjacent
    lowest labels it stands centred over (within half its own width): Beijing 248 预算数 over
    合计 … 扣除基建项目后预算数 (not 功能分类科目, whose columns end at 科目名称). Below the top
    row a run is of one header row (基本支出 over 小计 | 人员经费 | 公用经费, not over the 合计
    printed a row higher); a label over no run keeps its width. None when a top label stands
    over no run or two labels claim the same one: the row is then read as before."""
    out: list[Piece] = []
    taken: list[tuple[int, int]] = []
    leaves = [p for _, p in bottoms]
    for p in row.pieces:
        if p in leaves:
            out.append(p)
            continue
        centre, half = (p.x0 + p.x1) / 2, (p.x1 - p.x0) / 2
        runs = [
            (j - i, -abs((leaves[i].x0 + leaves[j].x1) / 2 - centre), i, j)
            for i in range(len(leaves))
            for j in range(i, len(leaves))
            if leaves[i].x0 - 1 <= p.x1
            and p.x0 <= leaves[j].x1 + 1
            and abs((leaves[i].x0 + leaves[j].x1) / 2 - centre) <= half
            and (top or len({d for d, _ in bottoms[i : j + 1]}) == 1)
        ]
        if not runs:
            if top:
                return None
            out.append(p)
            continue
        _, _, i, j = max(runs)
        if any(i <= b and a <= j for a, b in taken):
            return None
        taken.append((i, j))
        out.append(
            Piece(p.lines, min(p.x0, leaves[i].x0), max(p.x1, leaves[j].x1), p.top, p.bottom, False)
        )
    return out


def _spans(row: Row) -> list[Piece]:
    """The top row of a header drawn without rules: each of two or more labels spans the
    columns up to half way to its neighbours (财政拨款收入 over 项目 | 预算数, 财政拨款支出 over
    the rest), as a merged cell would. One label alone (其中) spans only its own width; lower
    rows hold leaves beside parents (功能分类科目名称 | 合计 over 类 款 项) and are left as printed."""
    if row.ruled or len(row.pieces) < 2:
        return row.pieces
    ps = row.pieces
    bounds = [(a.x1 + b.x0) / 2 for a, b in zip(ps, ps[1:])]
    lefts = [float("-inf"), *bounds]
    rights = [*bounds, float("inf")]
    return [
        Piece(p.lines, min(p.x0, lo), max(p.x1, hi), p.top, p.bottom, False)
        for p, lo, hi in zip(ps, lefts, rights)
    ]


def _amounts_under_their_names(columns: list[Column]) -> None:
    """In a two-sided table an amount column belongs to the name column on its left: 040 draws
    功能分类 over 功能科目名称 only and 支出用途 over its 金额, so the header alone misplaces it."""
    name: Column | None = None
    for col in columns:
        if is_name_column(col.path[-1]):
            name = col
            continue
        group = name.path[:-1] if name is not None else []
        if col.path[: len(group)] != group:
            col.path = group + col.path[-1:]
            col.label = "".join(col.path)


def _column_of(piece: Piece, columns: list[Column]) -> int | None:
    if piece.ruled:  # a cell merged over columns belongs to the first of them
        return next(
            (
                pos
                for pos, col in enumerate(columns)
                if overlap(piece, col) > 0.5 * min(col.x1 - col.x0, piece.x1 - piece.x0)
            ),
            None,
        )
    for pos, col in enumerate(columns):  # a text line: the column under its middle, or the nearest
        if col.x0 <= piece.center <= col.x1:
            return pos
    return min(
        range(len(columns)),
        key=lambda k: abs((columns[k].x0 + columns[k].x1) / 2 - piece.center),
        default=None,
    )


def place(row: Row, columns: list[Column], table_id: str) -> list[list[Piece]]:
    """The pieces of a data row per column."""
    cells: list[list[Piece]] = [[] for _ in columns]
    for piece in row.pieces:
        pos = _column_of(piece, columns)
        if pos is not None:
            cells[pos].append(piece)
    _shift_spanned(row, cells, columns, table_id)
    return cells


def _shift_spanned(
    row: Row, cells: list[list[Piece]], columns: list[Column], table_id: str
) -> None:
    """Jiangsu 收支预算总表: 当年支出小计 spans the 功能分类 and 支出用途 columns and prints its
    amount in the last column, one the contract has no place for; it is the spanned amount."""
    amount = [column_id(table_id, col.label) is not None for col in columns]
    for piece in row.pieces:
        if not piece.ruled or is_number(piece):
            continue
        spanned = [
            pos for pos, col in enumerate(columns) if overlap(piece, col) > 0.5 * (col.x1 - col.x0)
        ]
        targets = [pos for pos in spanned[1:] if amount[pos] and not cells[pos]]
        if not targets:
            continue
        source = next(
            (
                pos
                for pos in range(spanned[-1] + 1, len(cells))
                if cells[pos] and all(is_number(p) for p in cells[pos])
            ),
            None,
        )
        if source is not None and not amount[source]:
            cells[targets[0]], cells[source] = cells[source], []


def three_public_name(path: list[str]) -> str | None:
    """The standard row name of a 三公 column (None: not a 三公 row, e.g. 机关运行经费)."""
    if path[-1] in PAIR:
        path = path[:-1]
    # a label broken over header rows (因公出 / 国（境） / 费) is read with the parts above it
    tail, above = path[-1], len(path) - 1
    while above > 0 and not any(k in tail for k in _THREE_PUBLIC_KEYS):
        above -= 1
        tail = path[above] + tail
    label = "".join(path)
    if "机关运行" in tail:
        # not a 三公 item; the checks read 运行 in a 三公 row name as 公务用车运行维护费
        return None
    if tail in ("小计", "合计"):
        if "公务用车" in label:
            return _VEHICLE
        return SUBTOTAL if "三公" in label else TOTAL
    for keys, name in (
        (("出国",), _ABROAD),
        (("购置",), _PURCHASE),
        (("运行", "运维", "维护"), _OPERATION),
        (("接待",), _RECEPTION),
    ):
        if any(k in tail for k in keys):
            return name
    return tail
