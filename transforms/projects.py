"""Project 绩效目标表 blocks → ``projects`` and ``indicators`` rows.

Rows of a block are recognised by their label cell (项目编码, 预算规模及资金用途, 资金支出计划,
绩效目标, 一级指标 …), not by their position. The spending plan is read against the header row of
the same block (A20); the indicator grid's columns come from its header row, which may repeat after
a page break (A18); empty 一级/二级 cells continue the group above (A19).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetwatch.transforms.cells import BadAmount, parse_amount
from budgetwatch.transforms.indicator_values import label_unit, parse_indicator_value
from budgetwatch.transforms.ir import Finding, RawProject
from budgetwatch.transforms.tables import squash

_NUMBERED = re.compile(r"^指标\s*(\d+)\s*[：:]")  # 三级指标 numbered per 二级指标 group
_INDICATOR_HEADERS = (
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "level3"),
    ("绩效指标描述", "description"),
    ("指标值确定依据", "basis"),
    ("指标值", "value"),
    ("活动", "activity"),
)
# 万元 per unit of a money indicator value, and how many budgets of cost indicators make a
# reading suspect
_PER_WAN = {
    "万元": Decimal(1),
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "亿元": Decimal(10000),
}
_SUSPECT = 3
_PLAN_POINT = re.compile(r"(\d+)月底")
_WS = re.compile(r"\s+")

PROJECT_COLUMNS = (
    "project_code",
    "project_name",
    "budget_wan",
    "fiscal_funds_wan",
    "other_funds_wan",
    "spending_plan",
    "goal_text",
    "source_line",
    "project_no",
    "purpose_text",
    "source_page",
    "project_kind",
    "table_title",
)
INDICATOR_COLUMNS = (
    "project_code",
    "level1",
    "level2",
    "level3",
    "description",
    "value_raw",
    "value_comparator",
    "value_number",
    "value_unit",
    "basis",
    "source_line",
    "activity",
    "indicator_no",
)


@dataclass
class ProjectOutput:
    projects: list[tuple] = field(default_factory=list)
    indicators: list[tuple] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _text(cells: list[str]) -> str:
    """Free text spread over a merged row: the non-empty cells joined."""
    return "".join(c.strip() for c in cells if c.strip())


def _after(cells: list[str], label: str) -> tuple[str, int] | None:
    """The first non-empty cell after the cell whose text contains ``label``."""
    for pos, cell in enumerate(cells):
        if label in squash(cell):
            for nxt in range(pos + 1, len(cells)):
                if cells[nxt].strip():
                    # the next cell is another label: the value is blank
                    return ("", pos) if _is_label(cells[nxt]) else (cells[nxt].strip(), nxt)
            return "", pos
    return None


def _is_label(cell: str) -> bool:
    key = squash(cell)
    return any(k in key for k in ("预算数", "财政资金", "其他资金", "项目名称", "项目编码"))


class _Block:
    def __init__(self, project: RawProject, out: ProjectOutput):
        self.p = project
        self.out = out
        self.code = ""
        self.name = ""
        self.amounts: dict[str, object] = {"budget": None, "fiscal": None, "other": None}
        self.amount_line = project.title_line
        self.amount_page = project.page
        self.purpose = ""
        self.goal = ""
        self.plan: list[str] = []
        self.plan_header: list[tuple[int, int]] | None = None  # (position, month)
        self.grid: dict[str, int] | None = None
        self.carry = {"level1": "", "level2": ""}
        self.indicators: list[tuple] = []
        self.number = 0  # the last 指标N of the grid
        self.unnamed: list[int] = []  # rows whose 二级指标 is printed further down
        self.state = ""

    def finding(self, kind: str, severity: str, message: str, line: int) -> None:
        self.out.findings.append(Finding(kind, severity, message, "projects", self.code, line))

    def amount(self, cells: list[str], label: str, line: int):
        found = _after(cells, label)
        if found is None or not found[0]:
            return None
        try:
            return parse_amount(found[0], self.p.unit)
        except BadAmount:
            self.finding("bad_amount", "warning", f"{label} '{found[0]}' is not an amount", line)
            return None

    def row(self, cells: list[str], line: int, page: int) -> None:
        first = squash(cells[0]) if cells else ""
        if first == "项目编码":
            code = _after(cells, "项目编码")
            name = _after(cells, "项目名称")
            self.code = squash(code[0]) if code else ""
            self.name = name[0] if name else ""
        elif first.startswith("预算规模"):
            self.amounts = {
                "budget": self.amount(cells, "预算数", line),
                "fiscal": self.amount(cells, "财政资金", line),
                "other": self.amount(cells, "其他资金", line),
            }
            self.amount_line, self.amount_page = line, page
            self.state = "purpose"
        elif first.startswith("资金支出计划"):
            self.plan_header = [
                (pos, int(m.group(1)))
                for pos, c in enumerate(cells)
                if (m := _PLAN_POINT.search(squash(c)))
            ]
            self.state = "plan"
        elif first == "绩效目标":
            self.goal = _text(cells[1:])
            self.state = ""
        elif first == "一级指标" or (self.grid is None and "指标值" in "".join(map(squash, cells))):
            self.grid = {}
            for pos, c in enumerate(cells):
                key = squash(c)
                for label, role in _INDICATOR_HEADERS:
                    if label in key:
                        self.grid.setdefault(role, pos)
                        break
            self.state = "grid"
        elif self.state == "purpose" and not first:
            self.purpose = _text(cells)
            self.state = ""
        elif self.state == "plan" and not first:
            self.read_plan(cells, line)
            self.state = ""
        elif self.state == "grid":
            self.indicator(cells, line)
        else:
            self.finding(
                "unknown_row",
                "info",
                f"unrecognised row in project block: '{_text(cells)[:40]}'",
                line,
            )

    def read_plan(self, cells: list[str], line: int) -> None:
        positions = {pos for pos, _ in self.plan_header or []}
        self.plan = [
            cells[pos].strip() if pos < len(cells) else "" for pos, _ in self.plan_header or []
        ]
        stray = [c for pos, c in enumerate(cells) if pos and pos not in positions and c.strip()]
        if stray:
            self.finding(
                "plan_misaligned",
                "warning",
                f"spending-plan values {stray} are not under a checkpoint header",
                line,
            )

    def indicator(self, cells: list[str], line: int) -> None:
        def get(role: str) -> str:
            pos = self.grid.get(role)
            return _WS.sub(" ", cells[pos]).strip() if pos is not None and pos < len(cells) else ""

        if not any(c.strip() for c in cells):
            return
        numbered = _NUMBERED.match(get("level3"))
        number = int(numbered.group(1)) if numbered else 0
        if get("level2"):
            # a label printed mid-group (centred in an unruled form) names the rows above it
            # since the numbering started again
            for i in self.unnamed:
                self.indicators[i] = (self.indicators[i][0], get("level2"), *self.indicators[i][2:])
            self.unnamed = []
        elif number == 1 and self.number > 1:
            # 指标1 again under a carried 二级指标: a new group whose label comes further down
            self.carry["level2"] = ""
        self.number = number
        for role in ("level1", "level2"):
            # A19: a merged 一级/二级 cell is printed on the first row of its group only
            self.carry[role] = get(role) or self.carry[role]
        if not self.carry["level2"]:
            self.unnamed.append(len(self.indicators))
        raw = get("value")
        value = parse_indicator_value(raw)
        # a bare number under a label naming its unit (成本（万元） | ≤5) is in that unit
        unit = value.unit or (label_unit(get("level3")) if value.number is not None else "")
        self.indicators.append(
            (
                self.carry["level1"],
                self.carry["level2"],
                get("level3"),
                get("description"),
                raw,
                value.comparator,
                value.number,
                unit,
                get("basis"),
                line,
                get("activity"),
            )
        )

    def suspect_costs(self) -> None:
        """Cost indicators (成本指标) in money are parts of the project's budget: several times
        the budget means the block was misread (rows of another project) or misprinted."""
        budget = self.amounts["budget"]
        costs = [
            i[6] * _PER_WAN[i[7]]
            for i in self.indicators
            if "成本" in i[0] and i[6] is not None and i[7] in _PER_WAN
        ]
        if budget and sum(costs) > _SUSPECT * budget:
            self.finding(
                "performance_suspect",
                "warning",
                f"project '{self.name or self.p.title}': its cost indicators add up to "
                f"{sum(costs)} 万元, more than {_SUSPECT} times its budget {budget} 万元; "
                "check the reading against the page",
                self.amount_line,
            )

    def emit(self) -> None:
        if self.unnamed:
            self.finding(
                "indicator_group_unknown",
                "info",
                f"project '{self.name or self.p.title}': {len(self.unnamed)} indicator "
                "row(s) with no 二级指标 (the numbering started again and no label "
                "followed)",
                self.amount_line,
            )
        self.suspect_costs()
        if not self.code:
            self.finding(
                "missing_project_code",
                "warning",
                f"project block '{self.p.title}' has no 项目编码",
                self.p.title_line,
            )
        plan = self.plan + [""] * (4 - len(self.plan))  # no plan row → four blanks
        self.out.projects.append(
            (
                self.code,
                self.name or self.p.title,
                self.amounts["budget"],
                self.amounts["fiscal"],
                self.amounts["other"],
                plan,
                self.goal,
                self.amount_line,
                self.p.project_no,
                self.purpose,
                self.amount_page,
                self.p.kind,
                self.p.table_title or None,
            )
        )
        for no, ind in enumerate(self.indicators, start=1):
            self.out.indicators.append((self.code, *ind, no))


def normalise_projects(projects: list[RawProject]) -> ProjectOutput:
    out = ProjectOutput()
    for project in projects:
        block = _Block(project, out)
        for cells, line, page in project.rows:
            block.row(cells, line, page)
        block.emit()
    return out
