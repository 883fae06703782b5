"""A wrapped cell text's line printed across its cell's rule, given to the cell it was set in.

Generators centre a cell's wrapped lines on the cell's middle; a text one line too long for its
cell crosses the rule above or below by a fraction of a line (124 p.83: `…的采` / `集点数`, the
last line 6 points above the rule and 4 below; 225 p.21: `…服务数` / `量`, `…管理水` / `平`).
Its centre may fall on either side, so the centre alone cannot tell whose line it is. Down a
column of cells, each such line goes where all the cells' texts together sit nearest their
cells' middles (one line moved can decide the next: 225 p.21 prints four in a row).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (x0, top, x1, bottom) of a ruled cell → its characters (`pdf_layout._Char`: .top, .bottom)
Cells = dict[tuple, list[Any]]
# Two cells share a rule where their edges lie this close (points): a rule drawn twice (each
# cell's own rectangle, its stroke's width apart) leaves a sliver of a cell between them
_GAP = 3.0
# A line whose centre lies within this share of its height of a rule may be either cell's
_NEAR = 0.25
# A cell takes in a line only while its text overflows it by less than this many lines
_OVERFLOW = 1.5


def _off_middle(cell: tuple, lines: list[list[Any]]) -> float:
    """How far the block of ``lines`` sits from where a generator sets it: centred on the cell,
    or, a block taller than the cell, from its top down (124 p.22 sets `法定节假日` / `值守运维保`
    / `障` from its cell's top, 225 centres even an overflowing block)."""
    top = min(ch.top for ch in lines[0])
    bottom = max(ch.bottom for ch in lines[-1])
    centred = abs((top + bottom) - (cell[1] + cell[3])) / 2
    return min(centred, abs(top - cell[1])) if bottom - top > cell[3] - cell[1] else centred


def _height(lines: list[list[Any]]) -> float:
    return max(ch.bottom for ch in lines[-1]) - min(ch.top for ch in lines[0])


def _overfull(cell: tuple, got: list[list[Any]], own: list[list[Any]]) -> bool:
    """A line taken in would leave the cell's text over a line and a half taller than the cell:
    a text that long (a goal run on past its cell) is no wrapped label one line too long."""
    taken = [line for line in got if not any(line is mine for mine in own)]
    return bool(taken) and _height(got) - (cell[3] - cell[1]) > _OVERFLOW * _height(taken)


def _crosses(line: list[Any], rule: float) -> bool:
    """The line's centre lies so near the rule that either cell may be its own (a line whose
    centre is plainly inside one cell is that cell's: 159 p.29 sets its values at the top)."""
    top, bottom = min(ch.top for ch in line), max(ch.bottom for ch in line)
    return abs((top + bottom) / 2 - rule) < _NEAR * (bottom - top)


def _cell_lines(lines: list[list[Any]], moves: tuple[int, int], crossing: tuple) -> list | None:
    """A cell's lines with the line at its top rule moved (``moves[0]``) and the one at its
    bottom rule (``moves[1]``); ``crossing``: (line at the top rule, from above?) and likewise
    for the bottom. None: the cell would be left empty."""
    out = list(lines)
    (top, from_above), (bottom, from_below) = crossing
    if moves[0] and top is not None:
        out = [top, *out] if from_above else out[1:]
    if moves[1] and bottom is not None:
        out = [*out, bottom] if from_below else out[:-1]
    return out or None


def _chain(by_cell: Cells, cells: list[tuple], lines_of) -> None:
    """Cells one under another, each sharing its top rule with the one above."""
    lines = [lines_of(by_cell[c]) for c in cells]
    # at each rule: the line crossing it and whether it is the upper cell's (None: no line)
    rules: list[tuple[Any, bool]] = []
    for k in range(len(cells) - 1):
        rule, upper, lower = (cells[k][3] + cells[k + 1][1]) / 2, lines[k], lines[k + 1]
        if len(upper) > 1 and _crosses(upper[-1], rule):
            rules.append((upper[-1], True))
        elif len(lower) > 1 and _crosses(lower[0], rule):
            rules.append((lower[0], False))
        else:
            rules.append((None, True))
    if all(line is None for line, _ in rules):
        return

    def crossing(k: int) -> tuple:
        top = (rules[k - 1][0], rules[k - 1][1]) if k else (None, True)
        bottom = (rules[k][0], not rules[k][1]) if k < len(rules) else (None, True)
        return top, bottom

    def cost(k: int, moves: tuple[int, int]) -> tuple[float, list | None]:
        got = _cell_lines(lines[k], moves, crossing(k))
        if not got or _overfull(cells[k], got, lines[k]):
            return float("inf"), None
        return _off_middle(cells[k], got), got

    # best[m]: the least cost of the cells above with the rule below them moved (m = 1) or not
    best = [(cost(0, (0, m))[0], [m]) for m in (0, 1)]
    for k in range(1, len(cells)):
        last = k == len(cells) - 1
        best = [
            min(
                (total + cost(k, (prev, m))[0], [*path, m])
                for prev, (total, path) in enumerate(best)
            )
            for m in ((0,) if last else (0, 1))
        ]
    moves = min(best)[1]
    for k, cell in enumerate(cells):
        top = moves[k - 1] if k else 0
        got = cost(k, (top, moves[k] if k < len(rules) else 0))[1]
        if got is not None:
            by_cell[cell] = [ch for line in got for ch in line]


def settle_overflow(by_cell: Cells, lines_of: Callable[[list[Any]], list[list[Any]]]) -> None:
    """Gives, in place, each line crossing the rule two cells of one column share to the cell
    that centres the column's texts best (``lines_of``: characters → lines, top to bottom). A
    cell keeps at least one line."""
    columns: dict[tuple[float, float], list[tuple]] = {}
    for cell in by_cell:
        columns.setdefault((cell[0], cell[2]), []).append(cell)
    for cells in columns.values():
        cells.sort(key=lambda c: c[1])
        chain = cells[:1]
        for k, cell in enumerate([*cells[1:], None], 1):
            if cell is not None and cell[1] - chain[-1][3] <= _GAP:
                below = cells[k + 1] if k + 1 < len(cells) else None
                if cell[3] - cell[1] < _GAP and below is not None and below[1] - cell[3] <= _GAP:
                    # a sliver between a rule drawn twice: its text is the cell above's for now
                    by_cell[chain[-1]] += by_cell.pop(cell)
                    continue
                if _near(by_cell, chain[-1], cell):
                    chain.append(cell)
                    continue
            if len(chain) > 1:
                _chain(by_cell, chain, lines_of)
            chain = [cell]


def _near(by_cell: Cells, above: tuple, below: tuple) -> bool:
    """Text of either cell reaches past the rule they share (nearly every pair: none does)."""
    rule = above[3]
    return (
        max(ch.bottom for ch in by_cell[above]) > rule
        or min(ch.top for ch in by_cell[below]) < rule
    )
