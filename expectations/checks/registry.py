"""Every check of the gate in one table: id, kind, grade, family, description, doc anchor,
builder(s) and the config keys it reads.

- **Blocking** checks (structure, B1-B9) are facts built by ``expectations/structure.py`` and
  judged by the suites ``structure_*.json``, whose expectations name their check in
  ``meta.check_id``. A failure quarantines the document.
- **Warning** checks (identities) are residual rows built by the functions named here (one
  ``module:function`` under ``budgetwatch.expectations``, resolved when the checks run; a
  function emitting several checks is listed under each and run once) and judged by the suite
  ``identities.json``, one ``excess_<kind>`` column per kind. A failure becomes a flag.

``kind`` is what detection reports (the flag kind ``gate:<kind>``); ``tolerance`` the config key
of the per-term allowance; ``params`` every other config key the check reads. A check added
here needs its section in docs/checks.md (``### `ID` …``); tests/test_check_registry.py fails
until both exist, and until every key it declares is in config/defaults.yaml.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

GRADES = ("blocking", "warning")
FAMILIES = ("structure", "within_table", "two_sided", "cross_table", "narrative", "projects")
# a builder's parameters, by name (expectations.residuals.build_rows provides them)
INPUT_NAMES = (
    "frames",
    "li",
    "closing",
    "avail",
    "printed",
    "budgets",
    "findings",
    "settings",
    "columns",
)


@dataclass(frozen=True)
class Check:
    id: str
    kind: str
    grade: str
    family: str
    description: str
    builders: tuple[str, ...]  # "module:function" under budgetwatch.expectations
    tolerance: str = ""  # config key of the per-term allowance (warning checks)
    params: tuple[str, ...] = ()  # other config keys the check reads
    anchor: str = ""  # heading slug in docs/checks.md; default: derived from the id

    def __post_init__(self):
        if self.grade not in GRADES:
            raise ValueError(f"check {self.id}: grade {self.grade!r} not one of {GRADES}")
        if self.family not in FAMILIES:
            raise ValueError(f"check {self.id}: family {self.family!r} not one of {FAMILIES}")
        if self.grade == "warning" and not self.tolerance:
            raise ValueError(f"check {self.id}: a warning check needs its tolerance key")
        if not self.anchor:
            object.__setattr__(self, "anchor", slug(self.id))

    @property
    def config_keys(self) -> tuple[str, ...]:
        return tuple(k for k in (self.tolerance, *self.params) if k)


def slug(check_id: str) -> str:
    """The anchor of a ``### `ID` …`` heading of docs/checks.md."""
    return re.sub(r"[^a-z0-9]+", "-", check_id.lower()).strip("-")


_PER_TERM = "gates.tolerance_per_term_wan"
_NARRATIVE = "gates.narrative_tolerance_wan"
_WHOLE = "checks.narrative.whole_wan_tolerance"

# structure: builder = the facts its suite judges
_SCHEMA = ("structure:schema_facts",)
_DOCUMENTS = ("structure:document_facts",)
_CODES = ("structure:code_facts",)
# identities
_TREES = "checks.within_table:check_trees"
_ROWWISE = "checks.within_table:check_rowwise"
_TWO_SIDED = "checks.two_sided:check_two_sided"
_CROSS = ("checks.cross_table:check_cross_tables",)
_NARR = ("checks.narrative:check_narrative",)
_ASSETS = ("checks.within_table:check_assets",)
_PROJECTS = ("checks.projects:check_projects",)


def _b(check_id: str, description: str, builders: tuple, params: tuple[str, ...] = ()) -> Check:
    return Check(
        check_id, "structure", "blocking", "structure", description, builders, params=params
    )


_CHECKS = (
    _b("B1", "every contract frame has every contract column with its contract type", _SCHEMA),
    _b("B2", "a 预算年度 was read", _DOCUMENTS),
    _b("B3", "a plausible fiscal year", _DOCUMENTS),
    _b("B4", "a department was read (code or name)", _DOCUMENTS),
    _b("B5", "a printed department code is digits only", _DOCUMENTS),
    _b("B6", "every core table is present", _DOCUMENTS, ("gates.core_tables",)),
    _b("B7", "no error-severity finding", _DOCUMENTS),
    _b("B8", "功能分类 codes are 3, 5 or 7 digits", _CODES),
    _b("B9", "经济分类 codes are 3 or 5 digits", _CODES),
    Check(
        "W1",
        "identity_break",
        "warning",
        "two_sided",
        "收支总表 本年收入合计 = Σ items; a numbered item = Σ its parts; 本年支出合计 = Σ 类",
        (_TWO_SIDED,),
        _PER_TERM,
    ),
    Check(
        "W2",
        "identity_break",
        "warning",
        "two_sided",
        "收支总表 总计 = 本年合计 + other years' money; 收入总计 = 支出总计",
        (_TWO_SIDED,),
        _PER_TERM,
    ),
    Check(
        "W3",
        "identity_break",
        "warning",
        "within_table",
        "function-code tables: 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类, every column",
        (_TREES,),
        _PER_TERM,
    ),
    Check(
        "W4",
        "identity_break",
        "warning",
        "within_table",
        "收入总表 row-wise: 合计 = 小计 + 上年结转; 小计 = Σ income-source columns",
        (_ROWWISE,),
        _PER_TERM,
    ),
    Check(
        "W5",
        "identity_break",
        "warning",
        "within_table",
        "row-wise 合计 = 基本 + 项目 (+ the other spending columns of 支出总表)",
        (_ROWWISE,),
        _PER_TERM,
    ),
    # W6 is the whole 财政拨款收支总表: its two-sided sums and its row-wise fund split
    Check(
        "W6",
        "identity_break",
        "warning",
        "two_sided",
        "财政拨款收支总表: the sums of W1/W2, and row-wise 合计 = Σ funds",
        (_TWO_SIDED, _ROWWISE),
        _PER_TERM,
    ),
    # W7: 基本支出表 as a code tree and row-wise
    Check(
        "W7",
        "identity_break",
        "warning",
        "within_table",
        "基本支出表 类 = Σ 款, 合计 = Σ 类; row-wise 合计 = 人员经费 + 公用经费",
        (_TREES, _ROWWISE),
        _PER_TERM,
    ),
    Check(
        "W8",
        "identity_break",
        "warning",
        "within_table",
        "基本支出表 合计 人员经费 = Σ personnel 类; 公用经费 = Σ the other 类",
        ("checks.within_table:check_personnel_split",),
        _PER_TERM,
        ("gates.personnel_economic_classes",),
    ),
    Check(
        "W9",
        "identity_break",
        "warning",
        "within_table",
        "三公 小计 = 出国 + 车 + 接待; 车 = 购置 + 运行维护; 出国 = its parts",
        ("checks.within_table:check_three_public",),
        _PER_TERM,
    ),
    Check(
        "W10",
        "identity_break",
        "warning",
        "within_table",
        "三公 表 row-wise 合计 = 一般公共 + 基金 + 国资",
        (_ROWWISE,),
        _PER_TERM,
    ),
    *(
        Check(i, "cross_table_mismatch", "warning", "cross_table", d, _CROSS, _PER_TERM)
        for i, d in (
            ("X1", "收支总表 appropriation income = 财政拨款收支总表"),
            ("X2", "收支总表 expenditure 类 = 支出总表 类 合计"),
            ("X3", "收入总表 合计 = 支出总表 合计 (budgets)"),
            ("X4", "一般公共预算支出表 = 支出总表 (all income 一般公共预算)"),
            ("X5", "财政拨款收支总表 fund columns = the fund expenditure tables"),
            ("X6", "基本支出表 合计 = the 基本支出 of the expenditure tables"),
        )
    ),
    Check(
        "X8",
        "narrative_mismatch",
        "warning",
        "narrative",
        "情况说明 机关运行经费 = 基本支出表 公用经费 (where defined so)",
        _NARR,
        _NARRATIVE,
        (_WHOLE,),
    ),
    Check(
        "X9",
        "project_sum_mismatch",
        "warning",
        "projects",
        "Σ project 预算数 not above 支出总表 项目支出",
        _PROJECTS,
        _PER_TERM,
    ),
    Check(
        "X10",
        "project_sum_mismatch",
        "warning",
        "projects",
        "each project 预算数 = 财政资金 + 其他资金",
        _PROJECTS,
        _PER_TERM,
    ),
    Check(
        "X12",
        "identity_break",
        "warning",
        "within_table",
        "固定资产占用情况表 资产总额 = Σ categories",
        _ASSETS,
        _PER_TERM,
    ),
    Check(
        "X12n",
        "narrative_mismatch",
        "warning",
        "narrative",
        "情况说明 上年末固定资产金额 = 资产总额",
        _ASSETS,
        _NARRATIVE,
        (_WHOLE,),
    ),
    *(
        Check(i, "narrative_mismatch", "warning", "narrative", d, _NARR, _NARRATIVE, (_WHOLE,))
        for i, d in (
            ("N1", "情况说明 income figures = 收支总表"),
            ("N2", "情况说明 spending figures = 支出总表 / 基本支出表"),
            ("N3", "情况说明 比上年增减: stated total and its parts"),
            ("N4", "情况说明 三公 figures = 三公 表"),
        )
    ),
)
CHECKS: dict[str, Check] = {c.id: c for c in _CHECKS}
WARNING = {i: c for i, c in CHECKS.items() if c.grade == "warning"}
# the judged kinds, in registry order (one excess_<kind> column each in suites/identities.json)
KINDS = tuple(dict.fromkeys(c.kind for c in WARNING.values()))


def check(check_id: str) -> Check:
    try:
        return CHECKS[check_id]
    except KeyError:
        raise KeyError(f"check {check_id!r} is not in expectations.checks.registry") from None


def builder(path: str) -> Callable[..., Any]:
    module, name = path.split(":")
    return getattr(importlib.import_module(f"budgetwatch.expectations.{module}"), name)


def builder_inputs(path: str) -> tuple[str, ...]:
    """The names a builder is called with: its parameters (each one of ``INPUT_NAMES``)."""
    names = tuple(inspect.signature(builder(path)).parameters)
    unknown = set(names) - set(INPUT_NAMES)
    if unknown:
        raise ValueError(f"builder {path}: unknown inputs {sorted(unknown)}")
    return names


def setting(settings: Any, key: str) -> Any:
    """The value of a dotted config key (``gates.tolerance_per_term_wan``)."""
    value = settings
    for part in key.split("."):
        value = getattr(value, part)
    return value


def documented() -> dict[str, str]:
    """check id → its section of docs/checks.md (``### `ID` …`` up to the next heading)."""
    text = (files("budgetwatch.docs") / "checks.md").read_text(encoding="utf-8")
    parts = re.split(r"^### `([^`]+)`", text, flags=re.M)
    return {
        parts[i]: f"### `{parts[i]}`" + re.split(r"^#", parts[i + 1], flags=re.M)[0]
        for i in range(1, len(parts), 2)
    }
