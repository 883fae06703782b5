"""A one-grid 项目支出绩效目标表 printed without row rules (Beijing 预算表12 in 248 pp.21-73) →
project blocks for `pdf_performance` (which hands the pages here and emits the blocks).

The columns are the header's. Nothing else on the page says where a row or a project ends, so
both are read from how the text is set:

- **Indicator rows.** Each 一级指标 label (a text ending in 指标) opens one row. The other
  indicator cells (二级 and 三级 wrapped over lines, 性质, 值, 单位) are centred on their row, so
  each column's lines are split among the labels in the one way that leaves every row's lines
  centred on its label. A column that splits in no way or in several leaves the page unread
  (``performance_unread``).
- **Projects.** The 项目名称, 项目总额 and 绩效目标 cells are merged over a project's rows; their
  text is centred in them and clipped at the page break (a line cut by the break is printed on
  both pages). A row whose text is level with one project's text lies inside that project's
  merged cells and is its row. A row level with no project's text (between two projects' texts)
  could be either's, so it is left unattached with a finding, as is a row beside text with no
  single 项目总额. Text reaching the foot of a page and text reaching the top of the next are one
  cell cut by the break; text reaching a page's edge beside a page not read may be cut there, so
  it gives no project (its rows are said).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from statistics import median

from budgetwatch.transforms.ir import Finding, RawProject
from budgetwatch.transforms.pdf_layout import Piece, Row
from budgetwatch.transforms.tables import squash

Line = tuple[int, Row]  # (rendering line, row)
Item = tuple[list[str], int, int]  # an indicator row in the label form: (cells, line, page)

# header labels → columns (a piece may print several, `绩效指标性质 本年绩效指标值 绩效度量单位`)
_LABELS = (
    ("项目名称", "name"),
    ("项目总额", "total"),
    ("财政资金", "fiscal"),
    ("其他资金", "other"),
    ("绩效目标", "goal"),
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "level3"),
    ("指标性质", "nature"),
    ("度量单位", "unit"),
    ("指标值", "value"),
)
_INDICATOR = ("level1", "level2", "level3", "nature", "value", "unit")
_PROJECT = ("name", "total", "fiscal", "other", "goal")
_AMOUNT = re.compile(r"^\d[\d,]*\.\d+$")
_TOL = 2.0
# a row's lines are centred on its 一级 label within this share of a line's height (a line
# moved to the next row shifts both centres by half a line)
_CENTRED = 0.35
# the lines of one cell follow one another at the page's line pitch, within this share of a
# line's height (248: 2,513 steps of 11.28 points between the lines of its goal and 三级 cells,
# none within 0.12 of it; text of the next cell comes nearer when a cell overflows its row,
# p.53 `动` / `竞赛项目实施` 10.9 points apart, p.33 `贯活动` / `组织开展“信用` 4.2, or farther)
_PITCH_TOL = 0.01
# text boxes overlapping by more than this (points) are level with one another
_LEVEL = 1.0


@dataclass(slots=True)
class _Text:
    line: int
    page: int
    top: float
    bottom: float
    text: str
    row: Row

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class UnruledBlock:
    """A project read from the grid: what `pdf_performance._Grid._emit` reads of a block."""

    row: Row
    line: int
    total: str = ""
    fiscal: str = ""
    other: str = ""
    names: list[tuple[tuple[int, float], str]] = field(default_factory=list)
    goals: list[tuple[tuple[int, float], str]] = field(default_factory=list)
    rows: list[Item] = field(default_factory=list)
    project: RawProject | None = None


@dataclass
class _Cells:
    """One project's merged-cell text on one page (a run of name, amount and goal lines)."""

    page: int
    top: float
    bottom: float
    texts: dict[str, list[_Text]] = field(default_factory=dict)
    chain: _Chain | None = None

    @property
    def why(self) -> str:
        """Why these cells give no project ('' if they may)."""
        return (
            "its cells print their columns run together in a ruled box"
            if "box" in self.texts
            else ""
        )


@dataclass
class _Chain:
    """A project's cells over the pages its merged cells run across."""

    parts: list[_Cells] = field(default_factory=list)
    block: UnruledBlock | None = None
    why: str = ""  # why it gives no project (its 项目总额 not printed once)


def _columns(lines: list[Line], head_bottom: float) -> dict[str, tuple[float, float]]:
    """Each label's span on the header rows: its word's (`绩效指标性质` in `绩效指标性质 本年绩效
    指标值 绩效度量单位`), placed in its piece in proportion to the characters (CJK prints them at
    one width); a word of several labels (`项目总额财政资金`) is split the same way. A title
    (`…绩效目标表`) names no column."""
    cols: dict[str, tuple[float, float]] = {}
    for _, row in lines:
        if row.top > head_bottom + _TOL:
            break
        for piece in row.pieces:
            text = piece.text
            if squash(text).endswith("表"):
                continue
            width = (piece.x1 - piece.x0) / max(len(text), 1)
            for word in re.finditer(r"\S+", text):
                found = [
                    (word.start() + word.group().find(label), label, role)
                    for label, role in _LABELS
                    if label in word.group() and role not in cols
                ]
                for at, label, role in found:
                    # (a word of one label spans the word: its cell, where the header is ruled)
                    start, end = (
                        (word.start(), word.end()) if len(found) == 1 else (at, at + len(label))
                    )
                    cols[role] = (piece.x0 + start * width, piece.x0 + end * width)
    return cols


class _Columns:
    """The header's columns left to right: which one a piece lies under, which labels' centres
    it spans."""

    def __init__(self, cols: dict[str, tuple[float, float]]):
        spans = sorted(cols.items(), key=lambda c: c[1][0])
        self.roles = [r for r, _ in spans]
        # nearest span: the middle of the gap between two neighbouring labels divides them
        self.bounds = [(a[1][1] + b[1][0]) / 2 for a, b in zip(spans, spans[1:])]
        self.centres = [(x0 + x1) / 2 for _, (x0, x1) in spans]

    def under(self, piece: Piece) -> str:
        """The column whose label's span the piece's centre is nearest."""
        return self.roles[bisect_left(self.bounds, piece.center)]

    def over(self, piece: Piece) -> set[str]:
        """The columns whose labels' centres the piece spans."""
        lo, hi = bisect_left(self.centres, piece.x0), bisect_right(self.centres, piece.x1)
        return set(self.roles[lo:hi])


def _split(texts: list[_Text], anchors: list[float], tol: float, pitch: tuple) -> list | None:
    """The one way to split a column's lines (top to bottom) into runs, one per anchor in
    order (a run may be empty), each centred on its anchor; None if there is none or several."""
    n, m = len(anchors), len(texts)
    bottoms = [t.bottom for t in texts]
    # breaks[j]: how many of the steps between texts[:j + 1] are no line pitch (a run holds none)
    breaks = [0]
    for t, b in zip(texts, texts[1:]):
        breaks.append(breaks[-1] + (abs(b.top - t.top - pitch[0]) > pitch[1]))
    # ways[k][j]: ways (0, 1, 2 = several) to give texts[:j] to anchors[:k]; back: a run's start
    ways = [[0] * (m + 1) for _ in range(n + 1)]
    back = [[-1] * (m + 1) for _ in range(n + 1)]
    ways[0][0] = 1
    for k, a in enumerate(anchors, start=1):
        for j in range(m + 1):  # the empty run
            ways[k][j], back[k][j] = ways[k - 1][j], j
        for i in range(m):
            if not ways[k - 1][i]:
                continue
            # a run texts[i:j] is centred when its last bottom mirrors its first top
            want = 2 * a - texts[i].top
            lo, hi = bisect_left(bottoms, want - 2 * tol), bisect_right(bottoms, want + 2 * tol)
            for j in range(max(lo, i), hi):
                if breaks[j] != breaks[i]:
                    continue
                ways[k][j + 1] = min(ways[k][j + 1] + ways[k - 1][i], 2)
                back[k][j + 1] = i
    if ways[n][m] != 1:
        return None
    runs, j = [], m
    for k in range(n, 0, -1):
        i = back[k][j]
        runs.append(texts[i:j])
        j = i
    return runs[::-1]


def _pitch(by_role: dict[str, list[_Text]], height: float) -> tuple[float, float]:
    """The line pitch of the page's cells (the commonest step between lines of the goal and 三级
    columns, between one and two line heights) and how far a step may differ from it."""
    steps = [
        round(b.top - t.top, 1)
        for role in ("goal", "level3")
        for t, b in zip(by_role.get(role, []), by_role.get(role, [])[1:])
        if height < b.top - t.top < 2 * height
    ]
    return (median(steps) if steps else 1.25 * height), _PITCH_TOL * height


def _runs(texts: list[_Text], pitch: tuple[float, float]) -> list[list[_Text]]:
    """Texts (top to bottom) in runs of lines a line pitch apart, or level with one another
    (a name's code beside its amount)."""
    out: list[list[_Text]] = []
    for t in texts:
        last = out[-1][-1] if out else None
        if last and (t.top < last.bottom or abs(t.top - last.top - pitch[0]) <= pitch[1]):
            out[-1].append(t)
        else:
            out.append([t])
    return out


def _value(cells: dict[str, str]) -> str:
    # a 定性 indicator's value is its grade (优); else 性质 + 值 + 单位 (≥ 95 %)
    if cells["nature"] == "定性":
        return cells["value"]
    return cells["nature"] + cells["value"] + cells["unit"]


class UnruledGrid:
    """The pages of one grid printed without row rules, read when the run of pages ends."""

    def __init__(self, out_findings: list[Finding]):
        self.findings = out_findings
        self.cols: dict[str, tuple[float, float]] = {}
        # each page's projects' cells and indicator rows (None: the page is not read)
        self.pages: list[tuple[list[_Cells], list[tuple[Item, float, float]]] | None] = []
        self.titled: set[int] = set()  # pages printing the table's title: its first

    def add(self, lines: list[Line], head_bottom: float) -> None:
        page = lines[0][1].page
        if any(squash(r.text).endswith("绩效目标表") for _, r in lines if r.top < head_bottom):
            self.titled.add(page)
        cols = _columns(lines, head_bottom)
        if {"level1", "level3", "goal", "name", "total"} <= cols.keys():
            self.cols = cols
        if not self.cols:
            self._unread(page, lines[0][0], "its header's columns are not read")
            return
        columns = _Columns(self.cols)
        by_role: dict[str, list[_Text]] = {}
        for n, row in lines:
            for piece in row.pieces:
                if row.top < head_bottom - _TOL or not piece.text.strip():
                    continue
                text = _Text(n, page, piece.top, piece.bottom, piece.text.strip(), row)
                over = columns.over(piece)
                if len(over) < 2:
                    by_role.setdefault(columns.under(piece), []).append(text)
                elif piece.ruled and over <= set(_PROJECT):
                    # a project's merged cells drawn as one ruled box (248 pp.30-31, 39, 48-49,
                    # 62): its name, amounts and goal run together, but the box is its cells
                    by_role.setdefault("box", []).append(text)
                else:  # the text of two columns run together: which part is whose is a guess
                    why = f"its line `{piece.text.strip()[:30]}` runs over two columns"
                    self._unread(page, n, why)
                    return
        for texts in by_role.values():
            texts.sort(key=lambda t: (t.top, t.bottom))
        labels = [t for t in by_role.get("level1", []) if squash(t.text).endswith("指标")]
        height = median(t.bottom - t.top for ts in by_role.values() for t in ts)
        pitch = _pitch(by_role, height)
        rows = self._rows(by_role, labels, pitch, page)
        if rows is not None:
            self.pages.append((self._cells(by_role, page, pitch), rows))

    def _unread(self, page: int, line: int, why: str) -> None:
        self.pages.append(None)
        self.findings.append(
            Finding(
                "performance_unread",
                "warning",
                f"项目支出绩效目标表 p. {page} printed without rules between its rows: {why}, "
                "so the page is not read",
                "projects",
                "",
                line,
                page,
            )
        )

    def _rows(self, by_role: dict[str, list[_Text]], labels, pitch, page: int) -> list | None:
        """The page's indicator rows (item, and the top and bottom of its 一级 label: the
        row's middle line, inside its row even where a cell's text overflows it), None if a
        column cannot be split."""
        anchors = [t.mid for t in labels]
        split: dict[str, list[list[_Text]]] = {}
        for role in _INDICATOR:
            height = median([t.bottom - t.top for t in labels] or [0.0])
            runs = _split(by_role.get(role, []), anchors, _CENTRED * height, pitch)
            if runs is None:
                why = (
                    f"the lines of its {role} column cannot be split one way among the rows "
                    "their 一级指标 labels open (each row's lines centred on its label)"
                )
                texts = by_role.get(role) or labels
                self._unread(page, texts[0].line, why)
                return None
            split[role] = runs
        rows = []
        for k, label in enumerate(labels):
            cells = {role: "".join(t.text for t in split[role][k]) for role in _INDICATOR}
            item = (
                [cells["level1"], cells["level2"], cells["level3"], _value(cells), ""],
                label.line,
                page,
            )
            rows.append((item, label.top, label.bottom))
        return rows

    @staticmethod
    def _cells(by_role: dict[str, list[_Text]], page: int, pitch) -> list[_Cells]:
        """The projects' texts: runs of name lines (with the amounts on them) and of goal
        lines, joined where they lie level with one another."""
        name_side = sorted(
            (t for r in ("name", "total", "fiscal", "other") for t in by_role.get(r, [])),
            key=lambda t: (t.top, t.bottom),
        )
        boxes = [[t] for t in by_role.get("box", [])]
        runs = sorted(
            _runs(name_side, pitch) + _runs(by_role.get("goal", []), pitch) + boxes,
            key=lambda run: min(t.top for t in run),
        )
        role_of = {id(t): r for r in (*_PROJECT, "box") for t in by_role.get(r, [])}
        out: list[_Cells] = []
        for run in runs:
            top, bottom = min(t.top for t in run), max(t.bottom for t in run)
            if not out or top >= out[-1].bottom - _LEVEL:
                out.append(_Cells(page, top, bottom))
            cells = out[-1]
            cells.bottom = max(cells.bottom, bottom)
            for t in sorted(run, key=lambda t: t.top):
                cells.texts.setdefault(role_of[id(t)], []).append(t)
        for cells in out:
            for texts in cells.texts.values():
                texts.sort(key=lambda t: t.top)
        return out

    def flush(self, emit, lose) -> None:
        """Emit the projects of the pages added (``emit(block)``) and report their rows that
        belong to none (``lose(rows, why, candidates)``); then start again."""
        chains = self._chains()
        for chain in chains:
            chain.block = self._block(chain)
        lost: dict[tuple[int, str], tuple[list[Item], list[_Chain]]] = {}
        for cells, rows in filter(None, self.pages):
            self._attach(cells, rows, lost)
        for chain in chains:
            if chain.block is not None:
                emit(chain.block)  # (with its rows: the project is made of them)
        for (_, why), (items, around) in lost.items():
            lose(items, why, [c.block.project for c in around if c.block is not None])
        self.pages = []

    def _chains(self) -> list[_Chain]:
        """Cells reaching the foot of a page and the top of the next are one project's. Cells
        reaching a page's edge beside a page not read (or the top of the first page read, unless
        it prints the table's title) run on over it: their name and goal may be cut, so they give no project. (Cells reaching the
        foot of the grid's last page read end with it.)"""
        chains: list[_Chain] = []
        open_: _Cells | None = None  # the cells at the foot of the page before, reaching it
        for k, page in enumerate(self.pages):
            if page is None:
                if open_ is not None:
                    why = f"its cells run on past p. {open_.page}, whose next page is not read"
                    open_.chain.why = why
                open_ = None
                continue
            cells, rows = page
            at_top = bool(cells) and all(bottom > cells[0].top + _LEVEL for _, _, bottom in rows)
            for c in cells:
                if c is cells[0] and at_top and open_ is not None:
                    _drop_repeated(open_, c)
                    open_.chain.parts.append(c)
                    c.chain = open_.chain
                    c.chain.why = c.chain.why or c.why
                    continue
                c.chain = _Chain([c], why=c.why)
                chains.append(c.chain)
                before = c.page not in self.titled if k == 0 else self.pages[k - 1] is None
                if c is cells[0] and at_top and before:
                    c.chain.why = f"its cells run on from before p. {c.page}, which is not read"
            last = cells[-1] if cells else None
            at_foot = last is not None and all(top < last.bottom - _LEVEL for _, top, _ in rows)
            open_ = last if at_foot else None
        return chains

    @staticmethod
    def _block(chain: _Chain) -> UnruledBlock | None:
        if chain.why:
            return None
        texts = {r: [t for c in chain.parts for t in c.texts.get(r, [])] for r in _PROJECT}
        totals = [t for t in texts["total"] if _AMOUNT.match(squash(t.text))]
        if len(totals) != 1:
            chain.why = f"its 项目总额 printed {len(totals)} times on the pages read"
            return None
        total = totals[0]
        block = UnruledBlock(total.row, total.line, squash(total.text))
        for role in ("fiscal", "other"):
            amounts = [squash(t.text) for t in texts[role] if _AMOUNT.match(squash(t.text))]
            if len(amounts) > 1:
                chain.why = f"its {role} amount printed {len(amounts)} times"
                return None
            setattr(block, role, amounts[0] if amounts else "")
        block.names = [((t.page, t.top), t.text) for t in texts["name"]]
        block.goals = [((t.page, t.top), t.text) for t in texts["goal"]]
        return block

    @staticmethod
    def _attach(cells: list[_Cells], rows, lost: dict) -> None:
        """Each row to the one project whose text it is level with; the others into ``lost``
        ((page, why) → rows, and the projects around them)."""
        for item, top, bottom in rows:
            level = [c for c in cells if top < c.bottom - _LEVEL and bottom > c.top + _LEVEL]
            if len(level) == 1 and level[0].chain.block is not None:
                level[0].chain.block.rows.append(item)
                continue
            if len(level) == 1:
                why = f"lie beside a project's text that gives no project ({level[0].chain.why})"
            elif level:
                why = "lie level with the text of more than one project"
            else:
                why = (
                    "lie level with no project's name or goal in a grid printed without row "
                    "rules (where a project's merged cells end is not printed)"
                )
                above = [c for c in cells if c.bottom <= top]
                below = [c for c in cells if c.top >= bottom]
                level = above[-1:] + below[:1]
            held = lost.setdefault((item[2], why), ([], []))  # (a finding per page)
            held[0].append(item)
            held[1].extend(c.chain for c in level if all(c.chain is not h for h in held[1]))


def _drop_repeated(above: _Cells, below: _Cells) -> None:
    """A line cut by the page break is printed at the foot of one page and the top of the next:
    read once."""
    for role, texts in below.texts.items():
        last = above.texts.get(role)
        if texts and last and squash(texts[0].text) == squash(last[-1].text):
            texts.pop(0)
