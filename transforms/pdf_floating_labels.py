"""The 一级 / 二级 labels of a per-project form's indicator grid printed floating in their cells.

A label cell merged over several rows whose rules were not read as a cell prints its label at
its middle, beside no row of its own (337 pp.50-51: 成本指标 beside the 7th of its 13 rows; 产 /
出 / 指 / 标 one character a line beside the 产出 rows; 349 pp.47-48: 产出指 / 标). Such a label
names every row of its stretch — the rows below the last ruled cell of its level, or below the
grid's header — above it as well as below it. Two floating labels in one stretch (164 pp.73-76:
产出指标, then 效益指标) split the rows between them where the first one's cell ends: as far below
its label as the cell starts above it, a label being centred in its cell. Positions run on over
page breaks by the height of the lowest text seen (a cell cut by a page break is centred on its
whole length).
"""

from __future__ import annotations

Pos = tuple[int, float]  # (page, y from the page top)
_TOL = 2.0


class FloatingLabels:
    """One level of a grid (``k``: the label's place in a row's values: 0 = 一级, 1 = 二级)."""

    def __init__(self, k: int):
        self.k = k
        self.start: Pos | None = None  # where the stretch begins: a ruled cell's or header's bottom
        self.rows: list[tuple[list[str], Pos]] = []  # rows of the stretch not yet named for sure
        self.label: tuple[str, Pos | None, Pos] | None = None  # floating label, cell start, place
        self.part: tuple[str, Pos] | None = None  # a label printed over several lines, until 指标
        self.page_height = 0.0  # the lowest text seen: positions run on over page breaks

    def seen(self, bottom: float) -> None:
        self.page_height = max(self.page_height, bottom)

    def _at(self, pos: Pos) -> float:
        return pos[0] * self.page_height + pos[1]

    def ruled(self, bottom: Pos) -> None:
        """A ruled label cell (or the grid's header) ending at ``bottom``: the stretch starts
        below it; the rows above keep the labels they have."""
        self.start, self.rows, self.label, self.part = bottom, [], None, None

    def row(self, values: list[str], at: Pos) -> None:
        """A row whose cell of this level is empty: in the stretch, the floating label's so far."""
        if self.label is not None:
            values[self.k] = self.label[0]
        if self.label is not None or self.rows or self._below_start(at):
            self.rows.append((values, at))

    def _below_start(self, at: Pos) -> bool:
        return self.start is not None and at[0] == self.start[0] and at[1] >= self.start[1] - _TOL

    def piece(self, text: str, at: Pos) -> None:
        """A line of a label printed over several lines: whole once it ends with 指标."""
        first = self.part[1] if self.part else at
        text = (self.part[0] if self.part else "") + text
        self.part = None
        if text.endswith("指标"):
            # placed at the middle of its lines (on one page: a label is not cut)
            self.floating(text, (at[0], (first[1] + at[1]) / 2) if first[0] == at[0] else at)
        elif text:
            self.part = (text, first)

    def floating(self, text: str, at: Pos) -> None:
        """A floating label at ``at``: it names the rows of the stretch read so far, past where
        the floating label before it (if any) ends its cell."""
        start = self.start
        if self.label is not None:
            _, before, place = self.label
            mid = self._at(place)
            end = 2 * mid - (self._at(before) if before is not None else mid)
            height = self.page_height or 1.0
            start = (int(end // height), end - int(end // height) * height)
        for values, pos in self.rows:
            # (a row whose middle lies at the end found is the first cell's last)
            if self.label is None or start is None or self._at(pos) > self._at(start) + _TOL:
                values[self.k] = text
        self.rows, self.label, self.part = [], (text, start, at), None
