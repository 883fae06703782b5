"""The 项目支出绩效目标表 of a PDF → project blocks (`ir.RawProject`) for `transforms.projects`.

Three forms are printed:

- **one form per project** (Xi'an, Fuzhou, 西南大学): 项目名称, the money rows (资金总额 /
  年度资金总额 / 实施期资金总额, 财政拨款, 其他资金), 年度目标, then the grid 一级指标 / 二级指标 /
  三级指标 (指标内容) / 指标值. Rows are recognised by their label cells, grid cells by the column
  of the grid header they lie under. A 部门整体 绩效目标表 opened by 部门名称 (Guangzhou) is read
  the same way into one block of kind ``department``; a 转移支付绩效目标表 opened by 转移支付名称
  (Beijing 预算14表) into one of kind ``transfer``, with no money (paid to other governments). A
  form printed blank (no name, amount or indicator value) is said so (``performance_blank``).
- **one row per project** (Guangzhou 项目支出绩效目标表（含转移支付项目）): a header 项目名称 | 总计 |
  财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标, each project one ruled row whose 绩效指标
  cell lists its indicators as text (``1、1-产出指标；11-数量指标；<三级指标>；实施周期指标值:…；
  年度指标值:…``). Rows printing no goal and no indicator are the 合计 and the units' subtotals.
  Hangzhou 表11 项目支出绩效表 prints 单位名称 | 项目名称 | 金额 | 绩效目标 (no 绩效指标), its header
  on the first page only: the rows of the next pages go on under its columns.
- **one grid for all projects** (Beijing 预算表12): a header 项目名称 | 项目总额 | 财政资金 | 其他资金 |
  绩效目标 | 一级指标 | … | 绩效指标性质 | 本年绩效指标值 | 绩效度量单位, each project a block of
  indicator rows beside cells merged over the block. An indicator row belongs to the project whose
  merged 项目总额 cell spans it vertically — by position, never by reading order: a merged cell
  cut by the page end has no bottom rule (its amount is then printed as loose text inside the
  cut block), and its name may be printed on the page before or not at all. A block at the top
  of a page whose 项目总额 is the previous page's last one, printed again, continues that project.
  A row no block spans, or that two could claim, is attached to none and reported.

Every block is handed on as rows in the label form `transforms.projects` reads (项目编码 /
预算规模 / 绩效目标 / the grid header / indicator rows), each with the rendering line and page it
was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetwatch.transforms.cells import BadAmount, parse_amount
from budgetwatch.transforms.ir import Finding, RawProject
from budgetwatch.transforms.pdf_floating_labels import FloatingLabels
from budgetwatch.transforms.pdf_layout import Piece, Row
from budgetwatch.transforms.pdf_unruled_grid import UnruledGrid
from budgetwatch.transforms.tables import squash

Line = tuple[int, Row]  # (rendering line, row)

GRID_HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
_JOINED_HEADER = [*GRID_HEADER, "活动"]
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
# one or two amounts a loose piece starts with, each ended by a space or by text
_LEADING_AMOUNTS = re.compile(r"^(\d[\d,]*\.\d+)(?![\d.])(?:\s+(\d[\d,]*\.\d+)(?![\d.]))?")
_CODE = re.compile(r"^([0-9A-Za-z]{8,})[-－—]?(.*)$")  # 11000022T000000432798-司法救助经费
_UNIT_LABEL = re.compile(r"\((万元|元|千元|亿元)\)")
# grid columns by header label, most specific first
_ROLES = (
    ("确定依据", "basis"),
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "level3"),
    ("指标内容", "level3"),
    ("指标名称", "level3"),
    ("指标性质", "nature"),
    ("度量单位", "unit"),
    ("指标值", "value"),
    ("项目名称", "name"),
    ("活动", "activity"),
    ("项目总额", "total"),
    ("财政资金", "fiscal"),
    ("其他资金", "other"),
    ("绩效目标", "goal"),
)
_MONEY = (
    ("资金总额", "budget"),
    ("项目总额", "budget"),
    ("预算数", "budget"),
    ("财政拨款", "fiscal"),
    ("财政资金", "fiscal"),
    ("其他资金", "other"),
    ("上年结转", "carry"),
)
_GOALS = (
    "年度目标",
    "年度总体目标",
    "总体目标",
    "项目年度目标",
    "年度绩效目标",
    "总体绩效目标",
    "整体绩效目标",
)
# a 部门名称 opens a 部门整体 form (Guangzhou; Xi'an prints 部门（单位）名称), a 转移支付名称 the
# form of a transfer payment (Beijing 预算14表 转移支付绩效目标表)
# (Xi'an 2020 prints 专项（项目）名称 for 项目名称)
_PROJECT_LABELS = ("项目名称", "专项(项目)名称")
_NAME_LABELS = (*_PROJECT_LABELS, "部门名称", "部门(单位)名称", "转移支付名称")
_TRANSFER = "转移支付名称"
_NOT_TARGETS = ("自评", "部门整体", "整体支出")  # 决算 self-evaluations, department-wide forms
# the year of a form that prints it alone: 2026（年度）, （2026年度）
YEAR_ALONE = re.compile(r"^\(?(20\d{2})\(?年度?\)?\)?$")
_TOL = 2.0
# a blank template's cell: nothing, dots, or numbered labels with nothing after them
# (指标1： / 指标2： / …… in each 指标内容 cell of 341 p.50's template)
_PLACEHOLDER = re.compile(r"(?:[.…。·\s]|(?:指标|目标)\d+[:：])*")
_PARAGRAPH_GAP = 6.0  # points between two lines of text that are not one paragraph


@dataclass
class Performance:
    projects: list[RawProject] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # rendering lines read here
    years: list[tuple[int, int]] = field(default_factory=list)  # (年度 of a title read, line)
    names: list[str] = field(default_factory=list)  # 部门名称 of the forms read (squashed)
    # performance_unattached findings and the projects their rows may belong to (named by
    # code once every project has its final one: read_performance)
    candidates: list[tuple[Finding, list[RawProject]]] = field(default_factory=list)


def _key(row: Row) -> str:
    return squash("".join(p.text for p in row.pieces))


def _role(text: str) -> str | None:
    key = squash(text)
    return next((role for label, role in _ROLES if label in key), None)


def _columns(row: Row) -> dict[str, Piece]:
    """Columns by header label; of 实施周期指标值 and 年度指标值 the year's is the value."""
    cols: dict[str, Piece] = {}
    for piece in row.pieces:
        role = _role(piece.text)
        if role and (role not in cols or role == "value" and "年度" in squash(piece.text)):
            cols[role] = piece
    return cols


def _under(piece: Piece, cols: dict[str, Piece]) -> str | None:
    """The column a cell lies under: the one its centre falls in."""
    c = piece.center
    return next((role for role, h in cols.items() if h.x0 - _TOL <= c <= h.x1 + _TOL), None)


def _under_or_left(piece: Piece, cols: dict[str, Piece]) -> str | None:
    """The column of a cell of a grid printed without rules, its text set left in its column
    under a centred label (248 p.74: ``≥`` at 654 under 指标性质 at 678-718): the one its centre
    falls in, else the first whose label's centre lies right of the text's start."""
    return _under(piece, cols) or next(
        (r for r, h in sorted(cols.items(), key=lambda c: c[1].center) if h.center > piece.x0),
        None,
    )


def _amount(text: str, unit: str) -> object:
    try:
        return parse_amount(text, unit)
    except BadAmount:
        return None


def _is_grid_header(row: Row) -> bool:
    keys = [squash(p.text) for p in row.pieces]
    return any("一级指标" in k for k in keys) and any("指标值" in k for k in keys)


def _is_joined_header(row: Row) -> bool:
    """A grid printing 一级, 二级 and 三级 in one 绩效指标 cell (Beijing 预算13表 部门整体支出绩效
    目标表: 活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位)."""
    keys = {squash(p.text) for p in row.pieces}
    return "绩效指标" in keys and "指标值" in keys and not _is_grid_header(row)


# 产出指标数量指标按任务书出具评审报告数量: the 一级 names of the classification, then the 二级
# up to its first 指标
_JOINED = re.compile(r"(产出指标|效益指标|成本指标|满意度指标)(.{2,10}?指标)(.+)$")


def _joined_levels(text: str) -> tuple[str, list[str]]:
    """The text before the 一级 name (the tail of the cell above, printed past its rule: 124
    p.143 `告` under `…评价分析报`) and 一级, 二级, 三级 of a 绩效指标 cell printing them one
    after the other (all three in the 三级 place when the cell names no 一级)."""
    text = re.sub(r"\s+", "", text)
    m = _JOINED.search(text)
    return (text[: m.start()], list(m.groups())) if m else ("", ["", "", text])


def _is_form_title(key: str) -> bool:
    return "绩效目标" in key and key.endswith(("表", "表)")) or "绩效目标申报表" in key


def _wanted(key: str) -> bool:
    return not any(word in key for word in _NOT_TARGETS)


def _code_name(text: str) -> tuple[str, str]:
    m = _CODE.match(squash(text))
    return (m.group(1), m.group(2)) if m else ("", text.strip())


# -- one form per project -----------------------------------------------------------------------


class _Form:
    """One per-project form: label rows, then the indicator grid."""

    def __init__(self, no: int, title: str, line: int, page: int, kind: str = "project"):
        self.p = RawProject(no, title, line, page, kind=kind)
        self.p.table_title = title if _is_form_title(title) else ""
        self.grid: dict[str, Piece] | None = None
        self.name = ""
        self.code = ""
        self.money: dict[str, tuple[str, int, int]] = {}  # role -> (text, line, page)
        self.goal: tuple[str, int, int] | None = None
        self.name_at = (line, page)
        self.rows: list[tuple[list[str], int, int]] = []
        self.fragments: dict[str, str] = {}  # 一级 / 二级 label text waiting for its row
        # 一级 / 二级 labels printed floating in merged cells whose rules were not read
        self.floating = {"level1": FloatingLabels(0, pieces=True), "level2": FloatingLabels(1)}
        self.open: list[str] | None = None  # the indicator read last of a joined grid
        # lines of text of a form printed without rules, before its joined grid (the goal's,
        # above and below its label); None where they end the form
        self.loose: list[str] | None = None

    def fragment(self, row: Row) -> bool:
        """One loose piece under the 二级 column of the grid (a wrapped label; a single
        character there is no name of a row), or under the 一级 column (its label floating in
        its merged cell, a character or more a line: 产 / 出 / 指 / 标)."""
        if self.grid is None or len(row.pieces) != 1:
            return False
        text = squash(row.pieces[0].text)
        if "joined" in self.grid:  # a 三级's wrapped end (化基础数据手册》), not a page number
            return _under_or_left(row.pieces[0], self.grid) == "joined" and not text.isdigit()
        role = _under(row.pieces[0], self.grid)
        return (role == "level2" and len(text) > 1) or (role == "level1" and not text.isdigit())

    def overflows(self, row: Row) -> bool:
        """One unruled line right after a goal label whose cell is empty: the goal's text."""
        return (
            self.grid is None
            and self.goal is not None
            and not self.goal[0]
            and not row.ruled
            and len(row.pieces) == 1
        )

    def goes_on(self, row: Row) -> bool:
        """An unruled line that would end a form but is its text: a line of the joined grid
        (its pieces under the grid's columns), or a line of the goal before that grid."""
        if row.ruled:
            return False
        if self.grid is None:
            return self.loose is not None and len(row.pieces) == 1
        return "joined" in self.grid and all(_under_or_left(p, self.grid) for p in row.pieces)

    def take(self, number: int, row: Row) -> None:
        pieces = row.pieces
        keys = [squash(p.text) for p in pieces]
        if self.grid is None and self.loose is not None and self.goes_on(row):
            # the paragraph's full lines above the label, and every line of it below
            if len(keys[0]) > (8 if self.goal else 30):
                self.loose.append(pieces[0].text.strip())
                return
        joined = _is_joined_header(row)
        if joined or _is_grid_header(row):
            if self.grid is None:
                self.rows.append((_JOINED_HEADER if joined else GRID_HEADER, number, row.page))
            keep = (
                ("activity", "nature", "value", "unit")
                if joined
                else ("level1", "level2", "level3", "value", "basis")
            )
            self.grid = {r: p for r, p in _columns(row).items() if r in keep}
            # rows under the header before any ruled label cell lie in no ruled cell either
            for level in self.floating.values():
                level.ruled(None, (row.page, max(p.bottom for p in pieces)))
            if joined:
                self.grid["joined"] = next(p for p in pieces if squash(p.text) == "绩效指标")
                self.open = None
            return
        if self.grid is not None and "joined" in self.grid:
            self.joined_row(number, row)
            return
        if self.grid is not None:
            cells = dict.fromkeys(("level1", "level2", "level3", "value", "basis"), "")
            labels: dict[str, Piece] = {}
            # (a row's place is its middle: a label is centred on the rows of its cell)
            at = (row.page, (row.top + max(p.bottom for p in pieces)) / 2)
            for piece in pieces:
                role = _under(piece, self.grid)
                for level in self.floating.values():
                    level.seen(row.top, piece.bottom)
                if role:
                    cells[role] = (cells[role] + piece.text).strip()
                    labels[role] = piece
            if not (cells["level3"] or cells["value"]):
                # a 二级 label wrapped around its row without rules (经济效益 / … / 指标,
                # Xi'an 2022): it names the next row's group
                self.fragments.update({r: cells[r] for r in ("level2",) if len(cells[r]) > 1})
                if len(cells["level2"]) > 1:
                    self.floating["level2"].floating(cells["level2"], at)
                # a 一级 label floating in its merged cell, a character or two a line (产 / 出 /
                # 指 / 标); of a piece run into the word left of it (343 p.73: `效指标 产出指标`,
                # the end of the form's 年度绩效指标 label) its last word
                words = cells["level1"].split()
                self.floating["level1"].piece(words[-1] if words else "", at)
                return
            for r, text in self.fragments.items():
                cells[r] = cells[r] or text
            self.fragments = {}
            values = [cells[r] for r in ("level1", "level2", "level3", "value", "basis")]
            for k, (role, level) in enumerate(self.floating.items()):
                label = labels.get(role)
                if label is not None and not level.whole(squash(values[k])):
                    # a piece of a label printed a character a line: the row's cell is empty
                    text, values[k], label = squash(values[k]), "", None
                    level.row(values, at)
                    level.piece(text, at)
                    continue
                if label is not None and label.ruled:
                    level.ruled((row.page, label.top), (row.page, label.bottom))
                elif label is not None:
                    level.floating(values[k], at)
                elif not values[k]:
                    level.row(values, at)
            self.rows.append((values, number, row.page))
            return
        for k, key in enumerate(keys):
            rest = [p.text.strip() for p in pieces[k + 1 :] if p.text.strip()]
            if key in _NAME_LABELS and rest:
                self.name, self.name_at = rest[0], (number, row.page)
            elif key in ("项目编码", "项目代码") and rest:
                self.code = squash(rest[0])
            elif key in _GOALS or (key.startswith("年度") and key.endswith("目标")):
                # (the label of a cell merged over two columns is printed in both)
                text = "".join(t for t in rest if squash(t) != key)
                if self.loose:  # the lines above the label, centred on the goal's text
                    text, self.loose = "".join(self.loose) + text, []
                self.goal = (text, number, row.page)
            elif (
                len(pieces) == 1
                and len(key) > 30
                and self.money
                and (self.goal is None or not self.goal[0])
            ):
                # the goal cell cut by a page break: its label stays on the page before; or
                # the goal's text in its own cell under its label (Beijing 预算14表)
                self.goal = (pieces[0].text.strip(), number, row.page)
            elif len(key) <= 30:  # a label cell (not a task's text naming money)
                unit = _UNIT_LABEL.search(key)
                if unit:
                    self.p.unit = unit.group(1)
                role = next((r for label, r in _MONEY if label in key), None)
                if role and role not in self.money:
                    own = _NUMBER.search(key.split(":")[-1]) if ":" in key else None
                    value = (
                        own.group()
                        if own
                        else next((t for t in rest if _NUMBER.fullmatch(squash(t))), "")
                    )
                    self.money[role] = (value, number, row.page)

    def joined_row(self, number: int, row: Row) -> None:
        """A row of a grid printing the three levels in one cell: 一级 / 二级 / 三级 split by
        the classification's names, the value as the grid of all projects reads it (性质, value
        and unit joined, the value alone where 定性), the 活动 it measures as its `activity`.
        Each indicator opens with its 一级 name: text before it, or a line without one where
        the grid has no row rules (248 p.74: the 三级 wrapped above and below its value line),
        is the open indicator's."""
        cells = dict.fromkeys(("activity", "joined", "nature", "value", "unit"), "")
        for piece in row.pieces:
            role = _under_or_left(piece, self.grid)
            # (the form's left label cell, 整体绩效目标, spans its grid)
            if role and squash(piece.text) not in _GOALS:
                cells[role] = (cells[role] + piece.text).strip()
        if not (cells["joined"] or cells["value"]):
            return
        value = (
            cells["value"]
            if cells["nature"] == "定性"
            else cells["nature"] + cells["value"] + cells["unit"]
        )
        tail, levels = _joined_levels(cells["joined"])
        above = self.open
        if not levels[0] and not row.ruled and above is not None:
            tail, levels = levels[2], []  # no 一级 on an unruled line: the open one's text
        if tail and above is not None:
            above[2] += tail
        if levels or (above is not None and value and above[3]):
            self.open = [*(levels or ["", "", ""]), value, "", cells["activity"]]
            self.rows.append((self.open, number, row.page))
        elif above is not None:
            above[3] = above[3] or value
            above[5] = above[5] or cells["activity"]

    def blank(self) -> bool:
        """A grid header and labels with nothing filled in: no amount, no indicator row (a
        三级 printed as a placeholder, ``......``, is none: 349 p.52)."""
        return (
            self.grid is not None
            and not any(value for value, _, _ in self.money.values())
            and all(
                cells in (GRID_HEADER, _JOINED_HEADER)
                or all(_PLACEHOLDER.fullmatch(c) for c in cells[2:4])
                for cells, _, _ in self.rows
            )
        )

    def done(self, out: Performance) -> RawProject | None:
        if self.grid is None or ("joined" in self.grid and self.open is None):
            return None  # (an empty 预算13表 prints its header alone: 110 p.17)
        for level in self.floating.values():
            level.close(None)  # (the last stretch ends at the grid's last row)
        p = self.p
        carry = self.money.pop("carry", None)
        if carry and _amount(carry[0], p.unit):
            # 上年结转 is a third part of the total the contract's fiscal / other split has no
            # place for: both are left empty rather than stored as a split that does not add up
            parts = {r: self.money.pop(r, ("",))[0] for r in ("fiscal", "other")}
            out.findings.append(
                Finding(
                    "performance_carry_over",
                    "info",
                    f"project '{self.name}': 财政拨款 "
                    f"{parts['fiscal'] or '-'} + 上年结转 {carry[0]} + 其他资金 {parts['other'] or '-'}; "
                    "fiscal_funds_wan / other_funds_wan left empty",
                    "projects",
                    "",
                    carry[1],
                )
            )
        p.rows.append((["项目编码", self.code, "项目名称", self.name], *self.name_at))
        line, page = next(iter(self.money.values()))[1:] if self.money else self.name_at
        if p.kind == "department":
            # the department's whole budget is no project's: summed with the projects it would
            # break the checks that add projects up against 项目支出 (X9, the 项 they fit under)
            self.money.pop("budget", None)
        elif p.kind == "transfer":
            # a transfer payment's 年度金额 is paid to other governments, not the department's
            # 项目支出 (nor is its 中央 / 市级 split the contract's fiscal / other): none is stored
            self.money.clear()
        money = ["预算规模及资金用途"]
        for label, role in (("预算数", "budget"), ("财政资金", "fiscal"), ("其他资金", "other")):
            money += [label, self.money.get(role, ("",))[0]]
        p.rows.append((money, line, page))
        if self.goal:
            # (the lines below the label of a goal printed without rules)
            text = self.goal[0] + "".join(self.loose or [])
            p.rows.append((["绩效目标", text], *self.goal[1:]))
        p.rows.extend(self.rows)
        return p


def _closes_form(row: Row, key: str) -> bool:
    """A 备注 row, or the next form's name or title."""
    first = squash(row.pieces[0].text) if row.pieces else ""
    return (
        first.startswith(("备注", "注:", "说明"))
        or first in _NAME_LABELS
        or (len(row.pieces) == 1 and _is_form_title(key))
    )


def _ends_form(row: Row, key: str) -> bool:
    return _closes_form(row, key) or (not row.ruled and len(row.pieces) == 1 and len(key) > 30)


def _stray(row: Row) -> bool:
    """A page number or a loose word between the rules of a grid (not a grid row)."""
    return not row.ruled and len(row.pieces) == 1 and len(squash(row.pieces[0].text)) <= 8


def _label_apart(row: Row) -> Row:
    """A project's name label and its name in one piece, the rule between them not drawn (337
    p.61: ``专项（项目）名称 伯乐奖``): two cells, so that the name opens its own form."""
    first = row.pieces[0] if row.pieces else None
    words = first.text.split(None, 1) if first else []
    if len(words) < 2 or squash(words[0]) not in _PROJECT_LABELS:
        return row
    label = Piece([words[0]], first.x0, first.x0, first.top, first.bottom, first.ruled)
    name = Piece([words[1]], first.x0, first.x1, first.top, first.bottom, first.ruled)
    return Row(row.page, row.top, [label, name, *row.pieces[1:]], row.ruled)


def _forms(lines: list[Line], out: Performance) -> None:
    lines = [(number, _label_apart(row)) for number, row in lines]
    i = 0
    while i < len(lines):
        number, row = lines[i]
        first = squash(row.pieces[0].text) if row.pieces else ""
        if (
            first not in _NAME_LABELS
            or (len(row.pieces) < 2 and first not in _PROJECT_LABELS)  # (a blank form's: below)
            or _is_grid_header(row)
            or any(_role(p.text) == "total" for p in row.pieces)
        ):
            i += 1
            continue
        # the form's title: a line naming a 绩效目标表 just above (not a self-evaluation)
        start, title = i, ""
        for j in range(i - 1, max(i - 5, -1), -1):
            key = _key(lines[j][1])
            if "绩效" in key and key.endswith(("表", "表)")):
                start, title = j, key
                break
        # a 部门整体 绩效目标表 (not its self-evaluation) is one block of the department
        department = "部门整体" in title and "绩效目标" in title and "自评" not in title
        kind = "department" if department else "transfer" if first == _TRANSFER else "project"
        if (
            (title and not _wanted(title) and not department)
            or (first not in (*_PROJECT_LABELS, _TRANSFER) and not department)
            or (len(row.pieces) < 2 and not _is_form_title(title))
        ):
            i += 1
            continue
        form = _Form(
            len(out.projects) + 1, title or squash(row.pieces[1].text), number, row.page, kind
        )
        if department and any(_is_joined_header(r) for _, r in lines[i + 1 : i + 40]):
            form.loose = []
        form.take(number, row)
        k = i + 1
        while k < len(lines):
            n2, r2 = lines[k]
            key = _key(r2)
            if form.overflows(r2):
                # the goal printed below its empty cell, without rules (Xi'an 349 p. 50)
                form.goal = (r2.pieces[0].text.strip(), n2, r2.page)
                k += 1
                continue
            if key and (
                _closes_form(r2, key)
                or (
                    (
                        _ends_form(r2, key)
                        or (
                            form.grid is not None
                            and not r2.ruled
                            and len(r2.pieces) == 1
                            and len(key) > 8
                        )
                    )
                    and not form.goes_on(r2)
                )
            ):
                break  # (a heading after the grid: the next form's)
            if key and (not _stray(r2) or form.fragment(r2)):
                form.take(n2, r2)
            k += 1
        # a 备注 row closes the form and belongs to it
        if k < len(lines) and squash(lines[k][1].pieces[0].text).startswith("备注"):
            k += 1
        # a form printing no amount and no indicator (its name too may be blank: the template
        # printed as it is, Xi'an 专项资金总体绩效目标表; Beijing's empty 预算13表, 110 p.17) is
        # said so; a form with no name but values is not read, as before
        project = form.done(out) if form.name else None
        blank = project is None and form.blank()
        if project is None and not blank and not form.name:
            i += 1
            continue
        if blank:
            out.findings.append(
                Finding(
                    "performance_blank",
                    "info",
                    f"'{title or form.name}' prints no amount and no indicator"
                    f"{'' if form.name else ' nor a project name'}: nothing to read",
                    "projects",
                    "",
                    lines[start][0],
                )
            )
        if project is not None or blank:
            if project is not None:
                out.projects.append(project)
            out.used.update(n for n, _ in lines[start:k])
            if form.name and form.grid and "joined" in form.grid:
                # its 部门名称 and the year printed alone under its title, 2026（年度）, are the
                # document's (the only place Beijing's 附件2 prints them), as the table reader
                # would take them
                out.names.append(squash(form.name))
                out.years += [
                    (int(m.group(1)), n)
                    for n, r in lines[start:k]
                    if (m := YEAR_ALONE.match(_key(r)))
                ]
        i = max(k, i + 1)


# -- one grid for all projects ------------------------------------------------------------------


@dataclass
class _Block:
    """A project's part on one page: the merged 项目总额 cell (or its amount printed loose)."""

    anchor: Piece
    row: Row
    line: int
    top: float
    bottom: float
    fiscal: str = ""
    other: str = ""
    names: list[tuple[float, str]] = field(default_factory=list)
    goals: list[tuple[float, str]] = field(default_factory=list)
    rows: list[tuple[list[str], int, int]] = field(default_factory=list)
    shared: bool = False  # a loose amount whose stretch holds text of more than one project
    project: RawProject | None = None  # the project its rows went to (emitted or continued)

    @property
    def total(self) -> str:
        return squash(self.anchor.text)


_NEXT = object()  # an unattached row's candidate: the next project the table prints


def _lose(lost: dict, why: str, rows: list, candidates: list) -> None:
    """Rows attached to no project for one reason, and the blocks they may belong to (none
    known: None, any project)."""
    held = lost.setdefault(why, ([], []))
    held[0].extend(rows)
    held[1].extend(c for c in candidates or [None] if all(c is not h for h in held[1]))


class _Grid:
    def __init__(self, out: Performance, unit: str):
        self.out = out
        self.unit = unit
        self.cols: dict[str, Piece] = {}
        self.last: RawProject | None = None  # the project open at the end of the last page
        self.last_total = ""
        self.pending: list[tuple[list[str], int, int]] = []  # rows below the last block
        self.adrift = False  # this page printed the open project again among others
        self.carry_ok = True  # the project open at the page end is known
        # the projects that may be open at the page end when it is not known (_NEXT: the first
        # project printed after that page; None: not even these are known)
        self.open_: list | None = []
        # performance_unattached findings and the projects their rows may belong to, named once
        # those projects are emitted: this page's (fresh), and earlier pages' that await the
        # table's next project (_NEXT)
        self.fresh: list[tuple[Finding, list]] = []
        self.title = ""  # the table's printed title (the last page that prints one)
        # the grid's rows laid end to end over its pages (a cell cut by a page break goes on at
        # the next page's first row): where this page's rows start in that run, this page's
        # first row top and last row bottom, and where the last project's cell ends (None:
        # not known)
        self.base = 0.0
        self.region = (0.0, 0.0)
        self.end: float | None = None
        self.naming: list[tuple[Finding, list]] = []
        self.unruled = UnruledGrid(out.findings)  # pages printed without row rules

    def finding(self, kind: str, message: str, line: int) -> None:
        self.out.findings.append(Finding(kind, "warning", message, "projects", "", line))

    def page(self, lines: list[Line]) -> None:
        heads = [(n, r) for n, r in lines if _is_grid_header(r) and _columns(r).get("total")]
        if heads:
            self.cols = _columns(heads[0][1])
            head_top = heads[0][1].top
            # the 财政资金 / 其他资金 labels sit on the row below the header
            for _, r in lines:
                for piece in r.pieces:
                    if squash(piece.text) in ("财政资金", "其他资金") and r.top > head_top:
                        self.cols[_role(piece.text)] = piece
            head_bottom = max(
                p.bottom
                for p in [*heads[0][1].pieces, self.cols.get("fiscal"), self.cols.get("other")]
                if p is not None
            )
        else:  # no header on this page: the grid starts at its first indicator row
            head_top = 0.0
            head_bottom = min(
                (
                    r.top
                    for _, r in lines
                    if any(_under(p, self.cols) in ("level1", "level2") for p in r.pieces)
                ),
                default=0.0,
            )
        rows = [
            r
            for _, r in lines
            if r.top >= head_bottom - _TOL
            and any(_under(p, self.cols) == "level2" for p in r.pieces)
        ]
        if not rows:
            return  # a header with no row under it (an empty table): nothing is unread
        if sum(r.ruled for r in rows) * 2 <= len(rows):
            # no merged cell's extent is drawn: the rows are read by how their text is set
            self.unruled.add(lines, head_bottom)
            self.last, self.pending, self.end = None, [], None
            return
        self._flush_unruled()
        ruled = [r for r in rows if r.ruled]
        self.region = (min(r.top for r in ruled), max(p.bottom for r in ruled for p in r.pieces))
        blocks, above = self._blocks(lines, head_top, head_bottom)
        if not self._centred(lines, blocks, above, (head_top, head_bottom)):
            self._attach(lines, blocks, above, head_bottom)
        self.base += self.region[1] - self.region[0]

    def _v(self, y: float) -> float:
        """A position of this page in the grid's rows laid end to end over its pages."""
        return self.base + y - self.region[0]

    def _centred(self, lines, blocks, above, head: tuple[float, float]) -> bool:
        """Rows of a page beside no ruled project cell, while the open project's cell is known
        to end (124 pp.21-25): a merged cell without rules prints its text (amount, name, goal)
        once, centred on its whole length across the page breaks, so its rows are those from
        the cell above's end to twice its amount's middle past that end. Rows before the open
        project's end are its own; rows after it wait for the next project printed, whose cell
        starts there. Read so only a page with no project cell, or one amount printed loose
        with no ruled cell on the page; any other page is read by `_attach`. ``head``: the top
        and bottom of the page's grid header (0 and the first row's top where none)."""
        head_top, head_bottom = head
        if self.end is None or self.last is None or above is not None or not self.carry_ok:
            return False
        b = blocks[0] if blocks else None
        if len(blocks) > 1 or (
            b is not None and (b.anchor.ruled or b.shared or b.top > head_bottom + _TOL)
        ):
            return False
        read = [
            (got[0], self._v(got[1]), self._v(got[2]))
            for n, r in lines
            if r.top >= head_bottom - _TOL and (got := self._item(n, r)) is not None
        ]
        start = self.end
        end = 2 * self._v((b.anchor.top + b.anchor.bottom) / 2) - start if b else start
        # the check of the rule: a cell ends between two rows, and its text lies past its top
        if (b is not None and end <= start + _TOL) or any(
            top + _TOL < at < bottom - _TOL for _, top, bottom in read for at in (start, end)
        ):
            return False
        rows = [(item, (top + bottom) / 2) for item, top, bottom in read]
        self.last.rows.extend(item for item, at in rows if at < start)
        if b is None:
            self.pending += [item for item, at in rows if at >= start]
            return True
        for _, r in lines:
            for piece in r.pieces:
                role = _under(piece, self.cols)
                mid = (piece.top + piece.bottom) / 2
                # (text printed past the page's rows is its cell's, clipped: it lies where
                # the run of rows puts it)
                in_head = head_top > 0 and mid <= head_bottom + _TOL  # (a header page: as _attach)
                if (
                    role in ("name", "goal")
                    and piece.text.strip()
                    and not in_head
                    and start <= self._v(mid) <= end
                ):
                    getattr(b, role + "s").append((piece.top, piece.text.strip()))
        b.rows = self.pending + [item for item, at in rows if start <= at <= end]
        self.pending = [item for item, at in rows if at > end]
        self._emit(b)
        self._name_candidates()
        self.end = end
        return True

    def _blocks(self, lines, head_top, head_bottom) -> tuple[list[_Block], _Block | None]:
        blocks, above = [], None
        for n, r in lines:
            for piece in r.pieces:
                role = _under(piece, self.cols)
                if role != "total" or not _NUMBER.fullmatch(squash(piece.text)):
                    continue
                block = _Block(piece, r, n, piece.top, piece.bottom if piece.ruled else piece.top)
                mid = (piece.top + piece.bottom) / 2
                for other in (o for _, r2 in lines for o in r2.pieces):
                    if abs((other.top + other.bottom) / 2 - mid) > 3:
                        continue
                    for kind in ("fiscal", "other"):
                        amount = self._starts(other, kind)
                        if amount:
                            setattr(block, kind, amount)
                if piece.bottom <= head_top + _TOL:
                    above = block  # printed again above the header: the project goes on
                elif piece.top >= head_bottom - _TOL:
                    blocks.append(block)
        blocks.sort(key=lambda b: b.top)
        ruled = [b for b in blocks if b.anchor.ruled]
        for b in blocks:
            if not b.anchor.ruled:
                # a cell cut by the page end: its block runs from the cell above to the next
                b.top = max(
                    [x.bottom for x in ruled if x.bottom <= b.top + _TOL], default=head_bottom
                )
                b.bottom = min([x.top for x in ruled if x.top >= b.bottom - _TOL], default=1e9)
        loose = [b for b in blocks if not b.anchor.ruled]
        for b in loose:
            b.shared = sum(x.top == b.top for x in loose) > 1 or not self._one_project(
                lines, b.top, b.bottom
            )
        return blocks, above

    def _starts(self, piece: Piece, role: str) -> str:
        """The amount a piece prints in a column: the whole cell, or one of the amounts a loose
        piece starts with when it runs on over the next columns (``24.000000 82.139531 表演…``:
        财政资金 and 其他资金, then goal text)."""
        cols = [self.cols.get(r) for r in ("fiscal", "other")]
        if None in cols:
            return ""
        if _under(piece, self.cols) == role and _NUMBER.fullmatch(squash(piece.text)):
            return squash(piece.text)
        if piece.ruled:
            return ""
        amounts = _LEADING_AMOUNTS.match(piece.text.strip())
        if amounts is None:
            return ""
        starts = next((k for k, c in enumerate(cols) if c.x0 - _TOL <= piece.x0 <= c.x1), None)
        k = ("fiscal", "other").index(role) - (starts if starts is not None else 9)
        found = [a for a in amounts.groups() if a]
        return found[k] if 0 <= k < len(found) else ""

    def _one_project(self, lines: list[Line], top: float, bottom: float) -> bool:
        return all(self._paragraphs(lines, role, top, bottom) <= 1 for role in ("name", "goal"))

    def _paragraphs(self, lines: list[Line], role: str, top: float, bottom: float) -> int:
        """Runs of text in a merged column within a stretch of the page: one project prints
        one name and one goal there; two runs are two projects, whose rows cannot be told
        apart (cells without rules around them)."""
        col = self.cols.get(role)
        if col is None:
            return 0
        spans = sorted(
            (p.top, p.bottom)
            for _, r in lines
            for p in r.pieces
            if p.x0 < col.x1 - _TOL
            and p.x1 > col.x0 + _TOL
            and top - _TOL <= (p.top + p.bottom) / 2 <= bottom + _TOL
        )
        runs, end = 0, None
        for top, bottom in spans:
            if end is None or top - end > _PARAGRAPH_GAP:
                runs += 1
            end = bottom if end is None else max(end, bottom)
        return runs

    def _owner(self, blocks: list[_Block], top: float, bottom: float) -> list[_Block]:
        mid = (top + bottom) / 2
        return [b for b in blocks if b.top - _TOL <= mid <= b.bottom + _TOL]

    def _attach(self, lines, blocks, above, head_bottom) -> None:
        top_rows: list[tuple[list[str], int, int]] = []
        bottom_rows: list[tuple[list[str], int, int]] = []
        # why -> rows attached to no project, and the blocks they may belong to
        lost: dict[str, tuple[list, list]] = {}
        start = self._open(blocks)  # the projects that may be open from the page before
        carried = bool(self.pending)  # rows of the page before given to this page's first block
        for n, r in lines:
            if r.top < head_bottom - _TOL:
                continue
            for piece in r.pieces:
                role = _under(piece, self.cols)
                if role in ("name", "goal") and piece.text.strip():
                    owners = self._owner(blocks, piece.top, piece.bottom)
                    if len(owners) == 1 and not owners[0].shared:
                        getattr(owners[0], role + "s").append((piece.top, piece.text.strip()))
            read = self._item(n, r)
            if read is None:
                continue
            item, top, bottom = read
            owners = self._owner(blocks, top, bottom)
            if len(owners) == 1 and owners[0].shared:
                why = (
                    "lie beside an amount printed without rules whose stretch holds "
                    "more than one project"
                )
                _lose(lost, why, [item], owners)  # (a shared stretch's projects are unnamed)
            elif len(owners) == 1:
                owners[0].rows.append(item)
            elif owners:
                _lose(lost, "lie beside several project blocks", [item], owners)
            elif not blocks or top < blocks[0].top:
                top_rows.append(item)  # above the page's first block
            elif top >= blocks[-1].bottom - _TOL:
                bottom_rows.append(item)  # below its last: a block going on to the next page
            else:  # between two blocks: the one above or the one below
                around = [
                    max(
                        (b for b in blocks if b.bottom <= top + _TOL),
                        key=lambda b: b.bottom,
                        default=None,
                    ),
                    min(
                        (b for b in blocks if b.top >= bottom - _TOL),
                        key=lambda b: b.top,
                        default=None,
                    ),
                ]
                _lose(lost, "lie beside no project block", [item], around)
        if top_rows and not (blocks and self._one_project(lines, head_bottom, blocks[0].top)):
            # no cell below to close them, or two projects' text beside them: the open project
            # may end among these rows (it, or the page's first block; unknown if none is open)
            why = "lie above no project block of their page, beside text of another project or none"
            open_ = self._open(blocks)
            _lose(
                lost,
                why,
                top_rows,
                [] if open_ is None else [*open_, blocks[0] if blocks else _NEXT],
            )
            top_rows = []
        if bottom_rows and not self._one_project(lines, blocks[-1].bottom, 1e9):
            why = "lie below the last project block beside text of more than one project"
            _lose(lost, why, bottom_rows, [blocks[-1], _NEXT])
            bottom_rows = []
        self.adrift = False
        for why, (rows, candidates) in lost.items():
            self.unattached(rows, why, candidates)
        self._continue(top_rows, above, blocks, head_bottom)
        for b in blocks:
            self._emit(b)
        self._name_candidates()
        # which project runs on to the next page cannot be told after a stretch of several
        self.carry_ok = not (blocks[-1].shared if blocks else self.adrift or not self.carry_ok)
        self._may_be_open(blocks, head_bottom, start)
        self.pending = bottom_rows
        self.end = self._cell_end(lines, blocks, head_bottom, carried)

    def _cell_end(self, lines, blocks, head_bottom: float, carried: bool) -> float | None:
        """Where the page's last project cell ends: its ruled bottom, or (an amount printed loose,
        its cell cut by the page end) twice its middle past its top — below a ruled cell, or the
        page's top where its rows begin there (as `_attach` read them) — where none of its rows
        lies beyond that; None when not known."""
        b = blocks[-1] if blocks else None
        if b is None or b.shared or self.adrift or not self.carry_ok:
            return None
        if b.bottom < 1e9:
            # (a cell reaching the page's last row may go on, cut by the page break)
            return self._v(b.bottom) if b.bottom < self.region[1] - _TOL else None
        if b.top <= head_bottom + _TOL and carried:
            return None  # (its cell begins on a page before)
        end = 2 * self._v((b.anchor.top + b.anchor.bottom) / 2) - self._v(b.top)
        beyond = any(
            self._v(got[2]) > end + _TOL
            for n, r in lines
            if r.top >= b.top - _TOL and (got := self._item(n, r)) is not None
        )
        return None if beyond else end

    def _item(self, n: int, r: Row) -> tuple[tuple[list[str], int, int], float, float] | None:
        """An indicator row read from its grid cells, and its top and bottom (None: no row)."""
        cells = dict.fromkeys(("level1", "level2", "level3", "nature", "value", "unit"), "")
        for piece in r.pieces:
            role = _under(piece, self.cols)
            if role in cells:
                cells[role] = (cells[role] + piece.text).strip()
        if not (cells["level1"] or cells["level3"]) or _is_grid_header(r):
            return None
        top = min(p.top for p in r.pieces if _under(p, self.cols) in cells)
        bottom = max(p.bottom for p in r.pieces if _under(p, self.cols) in cells)
        raw = (
            cells["value"]
            if cells["nature"] == "定性"
            else (cells["nature"] + cells["value"] + cells["unit"])
        )
        return (
            ([cells["level1"], cells["level2"], cells["level3"], raw, ""], n, r.page),
            top,
            bottom,
        )

    def unattached(self, rows, why: str, candidates: list = ()) -> None:
        """Rows read into no project. ``candidates``: the projects they may belong to (blocks of
        this page, projects, or ``_NEXT``, the table's next project; None: unknown); the
        finding names their codes in its ``code`` (space-separated), so a doubt reaches those
        projects only (detection/certainty.py); none named: any project."""
        n, page = rows[0][1], rows[0][2]
        labels = "、".join(r[0][2][:20] for r in rows[:5]) + ("…" if len(rows) > 5 else "")
        self.finding(
            "performance_unattached",
            f"{len(rows)} indicator rows at line {n} (p. "
            f"{page}: {labels}) {why}; attached to no project",
            n,
        )
        if candidates:
            self.fresh.append((self.out.findings[-1], list(candidates)))

    def _name_candidates(self, last: bool = False) -> None:
        """Name the candidates of the unattached rows whose projects are all known now (at the
        table's end, ``last``, the next project that never came is none)."""
        waiting = []
        for finding, candidates in self.naming + self.fresh:
            projects = [c.project if isinstance(c, _Block) else c for c in candidates]
            if last:
                projects = [p for p in projects if p is not _NEXT]
            if any(p is _NEXT for p in projects):
                waiting.append((finding, candidates))
            elif projects and None not in projects:
                self.out.candidates.append((finding, projects))
        self.naming, self.fresh = waiting, []

    def _continue(self, top_rows, above, blocks, head_bottom) -> None:
        """Rows of a project cut by the page break. Rows below the last cell of the page before
        belong to the block that begins this page; rows above this page's first block, or a
        first block that prints the open project's cells again (same 项目总额, no other name),
        continue the project of the page before."""
        first = blocks[0] if blocks and blocks[0].top <= head_bottom + _TOL else None
        if first is not None and first.shared:
            # which of its projects goes on from the page before cannot be told; the open
            # project's amount printed again is that project, not a new one (its rows here
            # stay unattached, and no project is open after this page)
            if self._goes_on(first):
                blocks.pop(0).project = self.last
                self.adrift = True
            first = None
        if self.pending:
            if first is not None and not top_rows:
                first.rows[:0] = self.pending
            else:  # the project of the page before, or this page's first
                self.unattached(
                    self.pending + top_rows,
                    "continue no project block the pages print",
                    # (the open project printed again among others: which goes on is unknown)
                    [] if self.adrift else [self.last, blocks[0] if blocks else _NEXT],
                )
            self.pending = []
            return
        if not top_rows and first is not None and self._goes_on(first):
            name = self._name(first)
            head = self.last.rows[0][0]
            if not head[3] and name[1]:  # the name printed only on this page
                head[1], head[3] = name
            first.project = self.last
            self.last.rows.extend(blocks.pop(0).rows)
            return
        if not top_rows:
            return
        if (
            self.last is None
            or not self.carry_ok
            or (above is not None and above.total != self.last_total)
        ):
            why = (
                "its 项目总额 differs"
                if self.last is not None and self.carry_ok
                else "no project is known to be open"
            )
            self.unattached(
                top_rows,
                f"continue a project of the page before ({why})",
                self._open(blocks) if not self.carry_ok else None,
            )
            return
        self.last.rows.extend(top_rows)

    def _open(self, blocks: list[_Block]) -> list | None:
        """The projects that may be open from the page before, on a page whose blocks are
        ``blocks`` ([]: none, None: unknown): the one open, or those ``_may_be_open`` kept."""
        if self.carry_ok:
            return [self.last] if self.last is not None else []
        if self.open_ is None:
            return None
        return [blocks[0] if c is _NEXT and blocks else c for c in self.open_]

    def _may_be_open(self, blocks: list[_Block], head_bottom: float, before) -> None:
        """When the page ends in a stretch of several projects printed without rules (or the
        open project printed again among others), which one goes on is unknown, but it is one
        of them: the stretch's blocks, the project open before it (``before``: at the page's
        start) if the stretch begins the page, or one whose cells the next page prints."""
        if self.carry_ok:
            return
        if blocks:
            stretch = [b for b in blocks if b.shared and b.top == blocks[-1].top]
            if blocks[-1].top > head_bottom + _TOL:  # below a ruled block of the page
                self.open_ = [*stretch, _NEXT]
            else:
                self.open_ = None if before is None else [*before, *stretch, _NEXT]
        elif self.adrift:
            self.open_ = None if before is None else [*before, _NEXT]

    def _goes_on(self, first: _Block) -> bool:
        """A block at the top of a page is the open project printed again: the same 项目总额 and
        code, or a name that is the open one's (or a cut part of it), or none."""
        if self.last is None or first.total != self.last_total:
            return False
        code, name = self._name(first)
        head = self.last.rows[0][0]
        last_code, last_name = head[1], head[3]
        if code and last_code:  # (a code cut by the page edge is the start of the code)
            return code.startswith(last_code) or last_code.startswith(code)
        name, last_name = squash(name), squash(last_name)
        return not name or not last_name or name in last_name or last_name in name

    def _flush_unruled(self) -> None:
        if self.unruled.pages:
            self.unruled.flush(self._emit, self.unattached)
            self.last, self.pending = None, []  # which project goes on is not read there

    def finish(self) -> None:
        self._flush_unruled()
        if self.pending:
            self.unattached(self.pending, "follow the table's last project block", [self.last])
            self.pending = []
        self._name_candidates(last=True)

    @staticmethod
    def _name(b: _Block) -> tuple[str, str]:
        text = "".join(t for _, t in sorted(b.names))
        return _code_name(text) if text else ("", "")

    def _emit(self, b: _Block) -> None:
        no = len(self.out.projects) + 1
        code, name = self._name(b)
        p = RawProject(
            no, name or f"项目支出绩效目标表 第{no}个项目", b.line, b.row.page, self.unit
        )
        p.table_title = self.title
        p.rows.append((["项目编码", code, "项目名称", name], b.line, b.row.page))
        p.rows.append(
            (
                [
                    "预算规模及资金用途",
                    "预算数",
                    b.total,
                    "财政资金",
                    b.fiscal,
                    "其他资金",
                    b.other,
                ],
                b.line,
                b.row.page,
            )
        )
        p.rows.append((["绩效目标", "".join(t for _, t in sorted(b.goals))], b.line, b.row.page))
        p.rows.append((GRID_HEADER, b.line, b.row.page))
        p.rows.extend(b.rows)
        self.out.projects.append(p)
        self.last, self.last_total = p, b.total
        b.project = p
        for _, candidates in self.naming:  # the next project an earlier page's rows awaited
            candidates[:] = [p if c is _NEXT else c for c in candidates]


def _grid_pages(lines: list[Line]) -> list[list[Line]]:
    """The pages of one-grid tables: from a page with the grid header (项目名称 … 一级指标) on, while
    pages carry indicator rows."""
    by_page: dict[int, list[Line]] = {}
    for n, r in lines:
        by_page.setdefault(r.page, []).append((n, r))
    out: list[list[Line]] = []
    for page, page_lines in sorted(by_page.items()):
        has_head = any(
            _is_grid_header(r) and _columns(r).get("total") and _columns(r).get("name")
            for _, r in page_lines
        )
        # a page printed without the header goes on with the grid of the page before, unless
        # another table starts on it
        goes_on = (
            out
            and out[-1][0][1].page == page - 1
            and not any(
                _key(r).startswith("预算表") or "部门整体" in _key(r) for _, r in page_lines
            )
        )
        if has_head or goes_on:
            out.append(page_lines)
    return out


def _grids(lines: list[Line], out: Performance) -> None:
    pages = _grid_pages(lines)
    grid: _Grid | None = None
    prev_page = -1
    for page_lines in pages:
        page = page_lines[0][1].page
        if grid is None or page != prev_page + 1:
            if grid is not None:
                grid.finish()
            unit = next(
                (
                    m.group(1)
                    for _, r in page_lines
                    if (m := re.search(r"单位:(万元|元|千元|亿元)", _key(r)))
                ),
                "万元",
            )
            grid = _Grid(out, unit)
        title = next((_key(r) for _, r in page_lines if _is_form_title(_key(r))), "")
        if title and not _wanted(title):
            continue
        grid.title = title or grid.title
        grid.page(page_lines)
        out.used.update(n for n, _ in page_lines)
        prev_page = page
    if grid is not None:
        grid.finish()


# -- one row per project, its indicators listed in one cell --------------------------------------

_ROW_ROLES = (
    ("项目名称", "name"),
    ("单位名称", "unit_name"),
    ("总计", "total"),
    ("金额", "total"),
    ("财政专户", "account"),
    ("财政拨款", "fiscal"),
    ("其他资金", "other"),
    ("绩效目标", "goal"),
    ("绩效指标", "indicators"),
)
# an indicator listed in a cell: 一级 code-name, 二级 code-name, then its 三级 text and values
# (``2、1-产出指标；11-数量指标；汇聚数据量；实施周期指标值:≥10亿条；年度指标值:≥10亿条``)
_LISTED = re.compile(
    r"\d\s*[-－—]\s*([^，,；;。\d]{1,8}指标)\s*[，,；;]\s*\d{2}\s*[-－—]\s*([^，,；;。]{1,12})\s*[，,；;]"
)
_ITEM_NO = re.compile(r"[；;。，,.]?\s*\d+\s*[、.．]\s*$")  # the next item's number
_PERIOD_VALUE = re.compile(r"[；;，,。]?\s*实施周期指标值\s*[:：]")
_YEAR_VALUE = re.compile(r"[；;，,。]?\s*年度指标值\s*[:：]")
_ENDS = "；;，,。. "


def listed_indicators(text: str) -> list[list[str]]:
    """Indicators listed in one cell → grid rows [一级, 二级, 三级, 指标值, ""]: the 年度指标值
    (this year's), else the 实施周期指标值."""
    text = squash(text)
    found = list(_LISTED.finditer(text))
    rows = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        body = _ITEM_NO.sub("", text[m.end() : end])
        period, year = _PERIOD_VALUE.search(body), _YEAR_VALUE.search(body)
        cut = min((x.start() for x in (period, year) if x), default=len(body))
        value = ""
        if year:
            value = body[year.end() :]
        elif period:
            value = body[period.end() :]
        rows.append(
            [m.group(1), m.group(2).strip(), body[:cut].strip(_ENDS), value.strip(_ENDS), ""]
        )
    return rows


def _row_header(row: Row) -> dict[str, Piece] | None:
    cols: dict[str, Piece] = {}
    for piece in row.pieces:
        key = squash(piece.text)
        role = next((r for label, r in _ROW_ROLES if key.startswith(label)), None)
        if role and role not in cols:
            cols[role] = piece
    # (Hangzhou 表11 项目支出绩效表 prints 单位名称 | 项目名称 | 金额 | 绩效目标: no 绩效指标)
    wanted = row.ruled and {"name", "total"} <= cols.keys() and cols.keys() & {"indicators", "goal"}
    return cols if wanted and not _is_grid_header(row) else None


class _ProjectRows:
    """The rows of one such table, over its pages; a row printing no name and no 总计 at the top
    of a page is the open project's cell cut by the page break."""

    def __init__(self, out: Performance, unit: str):
        self.out, self.unit = out, unit
        self.open: dict[str, str] | None = None
        self.at = (0, 0)
        self.printed: tuple[str, int] | None = None  # the 合计 row's 总计, its line
        self.budgets: list[str] = []
        self.title = ""  # the table's printed title

    def row(self, number: int, row: Row, cols: dict[str, Piece], first: bool) -> None:
        cells = dict.fromkeys(cols, "")
        for piece in row.pieces:
            role = _under(piece, cols)
            if role:
                cells[role] += piece.text.strip()
        if squash(cells["name"]).rstrip(":") in ("合计", "总计") and self.printed is None:
            self.printed = (cells.get("total", ""), number)
        if not (cells["name"] or cells.get("total")) and first and self.open is not None:
            for role in ("goal", "indicators"):
                self.open[role] = self.open.get(role, "") + cells.get(role, "")
            return
        self.close()
        if cells.get("goal") or cells.get("indicators"):
            self.open, self.at = cells, (number, row.page)

    def close(self) -> None:
        cells, self.open = self.open, None
        if cells is None:
            return
        no = len(self.out.projects) + 1
        line, page = self.at
        code, name = _code_name(cells["name"])
        p = RawProject(no, name, line, page, self.unit)
        p.table_title = self.title
        fiscal, other = cells.get("fiscal", ""), cells.get("other", "")
        account = cells.get("account", "")
        if _amount(account, self.unit):
            # 财政专户拨款 is a third part of the total the contract's fiscal / other split has
            # no place for: both are left empty rather than stored as a split that does not add up
            self.out.findings.append(
                Finding(
                    "performance_carry_over",
                    "info",
                    f"project '{name}': 财政拨款 {fiscal or '-'} + 财政专户拨款 {account} + "
                    f"其他资金 {other or '-'}; fiscal_funds_wan / other_funds_wan left empty",
                    "projects",
                    "",
                    line,
                )
            )
            fiscal = other = ""
        p.rows.append((["项目编码", code, "项目名称", name], line, page))
        money = ["预算规模及资金用途", "预算数", cells.get("total", ""), "财政资金", fiscal]
        p.rows.append(([*money, "其他资金", other], line, page))
        p.rows.append((["绩效目标", cells.get("goal", "")], line, page))
        p.rows.append((GRID_HEADER, line, page))
        p.rows.extend((r, line, page) for r in listed_indicators(cells.get("indicators", "")))
        self.out.projects.append(p)
        self.budgets.append(cells.get("total", ""))

    def finish(self) -> None:
        """The table's 合计 against its projects' 总计 (units' subtotals are not added): beyond
        the rounding of the printed figures, a project row is misread or missed."""
        self.close()
        # in the printed unit: the rounding is of the printed digits
        printed = _amount(self.printed[0], "万元") if self.printed else None
        if printed is None or not self.budgets:
            return
        total = sum((_amount(b, "万元") or 0 for b in self.budgets), start=Decimal(0))
        places = len(self.printed[0].rpartition(".")[2]) if "." in self.printed[0] else 0
        rounding = Decimal(5) / 10 ** (places + 1) * len(self.budgets)
        if abs(total - printed) > rounding:
            self.out.findings.append(
                Finding(
                    "performance_total_not_reproduced",
                    "warning",
                    f"项目支出绩效目标表 合计 {self.printed[0]}: its {len(self.budgets)} projects "
                    f"add up to {total} ({total - printed:+}); a project row is misread or missed",
                    "projects",
                    "",
                    self.printed[1],
                )
            )


def _project_rows(lines: list[Line], out: Performance) -> None:
    table: _ProjectRows | None = None
    cols: dict[str, Piece] | None = None
    first = carried = False
    for i, (number, row) in enumerate(lines):
        head = _row_header(row)
        if head is not None:
            if table is None or (cols is not None and row.page > lines[i - 1][1].page + 1):
                if table is not None:
                    table.finish()
                window = [_key(r) for _, r in lines[max(i - 3, 0) : i]]
                unit = next(
                    (
                        m.group(1)
                        for k in window
                        if (m := re.search(r"单位:(万元|元|千元|亿元)", k))
                    ),
                    "万元",
                )
                table = _ProjectRows(out, unit)
            cols, first, carried = head, True, False
            # the table's title above the header is read here (its year too), not as an
            # unknown table
            for n, r in lines[max(i - 3, 0) : i]:
                if re.search(r"绩效\w*表", _key(r)):  # 绩效目标表（…）, 项目支出绩效表
                    table.title = _key(r)
                    out.used.add(n)
                    out.years += [(int(y), n) for y in re.findall(r"(20\d{2})年", _key(r))[:1]]
            out.used.add(number)
            continue
        if cols is None or table is None:
            continue
        if row.ruled and (not carried or all(_under(p, cols) for p in row.pieces)):
            table.row(number, row, cols, first)
            first = carried = False
            out.used.add(number)
        elif _stray(row) and i + 1 < len(lines) and lines[i + 1][1].page > row.page:
            # the page number at a page's foot: the grid goes on at the next page's top where
            # its rows fit the columns (Hangzhou prints the header once)
            first = carried = True
            out.used.add(number)
        else:  # the grid ends (text): a header must open it again
            cols = None
    if table is not None:
        table.finish()


def read_performance(lines: list[Line]) -> Performance:
    """The 绩效目标表 of a PDF's rendering lines: project blocks, findings and the lines used."""
    out = Performance()
    _grids(lines, out)
    _project_rows([(n, r) for n, r in lines if n not in out.used], out)
    rest = [(n, r) for n, r in lines if n not in out.used]
    _forms(rest, out)
    # department blocks are numbered after the projects, transfer payments after both: a
    # project's or department's number (and its #N code) stays what it is without them
    out.projects.sort(key=lambda p: (p.kind != "project", p.kind == "transfer", p.title_line))
    seen: set[str] = set()
    for no, p in enumerate(out.projects, start=1):
        p.project_no = no
        head = p.rows[0][0]  # 项目编码 | code | 项目名称 | name
        # indicators join their project by code: a form printing none, or one code twice,
        # gets the block's number (#N) so each project keeps its own rows
        if not head[1] or head[1] in seen:
            head[1] = f"{head[1]}#{no}"
        seen.add(head[1])
    for finding, projects in out.candidates:
        codes = list(dict.fromkeys(p.rows[0][0][1] for p in projects))
        finding.code = " ".join(codes)
        finding.message += f" (they may be project {'、'.join(codes)}'s)"
    return out
