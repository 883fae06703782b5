"""The 一级 / 二级 labels of a per-project form's indicator grid printed floating in their cells.

A label cell merged over several rows whose rules were not read as a cell prints its label at
its middle, beside no row of its own (337 pp.50-51: 成本指标 beside the 7th of its 13 rows; 产 /
出 / 指 / 标 one character a line beside the 产出 rows; 349 pp.47-48: 产出指 / 标). Such a label
names every row of its stretch — the rows below the last ruled cell of its level, or below the
grid's header — above it as well as below it. Several floating labels in one stretch (164
pp.73-76: 产出指标, then 效益指标) split its rows where their cells meet, each label centred in
its cell: found once the stretch ends (the next ruled cell's top, or the grid's last row), as the
mean of the meeting points worked out from the stretch's start down and from its end up.
Positions run on over page breaks from the lowest text seen on a page to the highest (a cell cut
by a page break is centred on its whole length, margins left out).
"""

from __future__ import annotations

Pos = tuple[int, float]  # (page, y from the page top)
_TOL = 2.0


class FloatingLabels:
    """One level of a grid (``k``: the label's place in a row's values: 0 = 一级, 1 = 二级).
    With ``pieces`` (一级), a label is whole once it ends with 指标 (every 一级 name does): a
    shorter text is a piece of one printed a character or two a line (效 / 益 / 指 / 标, 产出指 /
    标), also where a piece stands on a row's line or in a cell cut by a page break (165
    pp.52-53); and several floating labels split their stretch. Without (二级, whose labels wrap
    into pieces that are labels by themselves, 经济效益 / 指标), a floating label names the rows
    above it only: the rows after it follow it by the grid's carry of labels (A19)."""

    def __init__(self, k: int, pieces: bool = False):
        self.k = k
        self.pieces = pieces
        self.start: Pos | None = None  # where the stretch begins: a ruled cell's or header's bottom
        self.rows: list[tuple[list[str], Pos]] = []  # rows of the stretch after its first label
        self.labels: list[tuple[str, Pos]] = []  # the stretch's floating labels and their places
        self.part: tuple[str, Pos] | None = None  # a label printed over several lines, until 指标
        # the highest and lowest text seen on the grid's pages: positions run on over page
        # breaks from one page's lowest text to the next one's highest (margins are no cell's)
        self.top, self.bottom = float("inf"), 0.0

    def seen(self, top: float, bottom: float) -> None:
        self.top, self.bottom = min(self.top, top), max(self.bottom, bottom)

    def _at(self, pos: Pos) -> float:
        return pos[0] * (self.bottom - self.top) + pos[1] - self.top

    def ruled(self, top: Pos | None, bottom: Pos) -> None:
        """A ruled label cell (or the grid's header) from ``top`` to ``bottom``: the stretch
        above ends at its top; the next starts below it."""
        self.close(top)
        self.start, self.part = bottom, None

    def close(self, end: Pos | None) -> None:
        """The stretch ends at ``end`` (None: at its last row): its rows after the first label
        go to the label whose cell holds their middle (one lying where two cells meet, to the
        upper one)."""
        if len(self.labels) > 1 and self.start is not None:
            last = end or (self.rows[-1][1] if self.rows else self.labels[-1][1])
            places = [self._at(at) for _, at in self.labels]
            down, up = [self._at(self.start)], [self._at(last)]
            for place in places[:-1]:
                down.append(2 * place - down[-1])
            for place in places[:0:-1]:
                up.append(2 * place - up[-1])
            meets = [(d + u) / 2 for d, u in zip(down[1:], reversed(up[1:]), strict=True)]
            for values, pos in self.rows:
                at = self._at(pos)
                values[self.k] = self.labels[sum(at > m + _TOL for m in meets)][0]
        self.rows, self.labels, self.start = [], [], None

    def row(self, values: list[str], at: Pos) -> None:
        """A row whose cell of this level is empty: in the stretch, the floating label's so far."""
        if self.labels:
            values[self.k] = self.labels[-1][0]
            self.rows.append((values, at))
        elif self.rows or self._below_start(at):
            self.rows.append((values, at))

    def _below_start(self, at: Pos) -> bool:
        return self.start is not None and at[0] == self.start[0] and at[1] >= self.start[1] - _TOL

    def whole(self, text: str) -> bool:
        return not self.pieces or ((self.part[0] if self.part else "") + text).endswith("指标")

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
        """A floating label at ``at``: the first of its stretch names the rows read so far; a
        later one, the rows where its cell lies (`close`)."""
        if not self.labels:
            for values, _ in self.rows:
                values[self.k] = text
            self.rows = []
        if not self.pieces:
            self.rows, self.start = [], None  # (the rows after it: the grid's carry)
            return
        self.labels.append((text, at))
