"""generate_corpus: departments × years → documents + truth + labeled anomalies."""

from __future__ import annotations

import hashlib
import math
import random
import statistics
from decimal import Decimal
from pathlib import Path

import polars as pl

from budgetwatch.contract.schema import (
    DOCUMENTS,
    INDICATORS,
    LINE_ITEMS,
    NARRATIVE_FIGURES,
    PROJECTS,
    conform,
)
from budgetwatch.synth.catalogue import KIND_BY_KEY, KINDS, MORE_UNITS, REGIONS, RENAMES
from budgetwatch.synth.model import (
    Department,
    Indicator,
    Project,
    YearBudget,
    basic_by_function,
    personnel_and_public,
    project_leaves,
)
from budgetwatch.synth.render import (
    EMPTY_NOTES,
    T2_HEAD_NARROW,
    TABLES,
    Doc,
    Style,
    Writer,
    econ_rows,
    fmt_amount,
    fmt_narr,
    function_tree_rows,
    one_sided_lines,
    project_block,
    spending_plan,
    summary_pairs,
    three_public_rows,
    two_sided_lines,
    wan,
)

GENERATOR_VERSION = "synth-4"
DEFAULT_ANOMALY_RATE = 0.15
SAMPLE_DEPT = ("赵县", "350")
PEER_OUTLIER_MIN = (
    5  # a peer_outlier's 会议费: ≥ 5 × its kind's median every year, per person and in 万元
)
PEER_LINE = "30215"  # 会议费: scales with staff, so ×10 per person is visible whatever the size
COMPOSITION_FACTOR = (
    3  # composition_outlier: every 商品和服务 款 ×3 (model:line_items asks ×4 of one)
)
# 公务接待费, 公务用车运行维护费 (printed again in the 三公 table) and 会议费 (the peer
# outliers' line, their factor set against the clean medians) stay as they are
COMPOSITION_FIXED = ("30217", "30231", "30215")
SPIKE_LINES = ("30213", "30201")  # 维修（护）费, 办公费: the lines a yoy spike multiplies
# The sample's narrative about 2023 (its previous year): total, basic, project, 三公 vehicle op.
SAMPLE_2023 = (147904, 51583, 96321, 300)

RENDER_KINDS = (
    "identity_break",
    "cross_table_mismatch",
    "narrative_mismatch",
    "project_sum_mismatch",
    "cost_indicator_mismatch",
    "boilerplate_indicator",
    "copy_paste",
    "stale_year",
    "unit_mismatch",
)
ANOMALY_COLUMNS = (
    "source_file",
    "doc_id",
    "fiscal_year",
    "department_code",
    "region",
    "kind",
    "table_id",
    "code",
    "column_id",
    "project_code",
    "subject",
    "expected",
    "printed",
    "note",
)

PROJECT_NAMES = (
    "{topic}专项经费",
    "{topic}能力提升项目",
    "{topic}运行保障经费",
    "{topic}建设补助资金",
    "单位取暖费",
    "信访维稳经费",
    "{topic}监测评估经费",
    "{topic}信息化建设项目",
)
RATE_INDICATORS = (
    ("效益指标", "经济效益指标", "资金使用效益率"),
    ("效益指标", "社会效益指标", "群众知晓率"),
    ("效益指标", "生态效益指标", "环境达标率"),
)


def _seed(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


# ------------------------------------------------------------------ roster
def _rank(slot: tuple) -> tuple:
    """First units of each kind region by region, the extra schools and hospitals last."""
    region, level, kind, suffix = slot
    extra = suffix not in (kind.suffix_city, kind.suffix_county)
    return (extra, [r for r, _ in REGIONS].index(region) // 2, KINDS.index(kind))


def make_departments(n: int, years: list[int], seed: int) -> list[Department]:
    rng = _seed(seed, "roster")
    deps: list[Department] = []
    used: dict[str, set[str]] = {}
    sample = Department(
        "350",
        "赵县",
        "county",
        KIND_BY_KEY["科工"],
        {y: "赵县科学技术和工业信息化局" for y in years},
        [y for y in years if y <= 2023],
        28,
        20,
        2,
        0,
        300,
    )
    slots: list[tuple] = []
    if n >= 1 and any(y <= 2023 for y in years):
        deps.append(sample)
        used["赵县"] = {"350"}
    for region, level in REGIONS:
        for kind in KINDS:
            if deps and (region, kind.key) == (
                "赵县",
                "科工",
            ):  # the sample's department is that unit
                continue
            base = kind.suffix_city if level == "city" else kind.suffix_county
            for suffix in dict.fromkeys((base,) + MORE_UNITS.get(kind.key, ())):
                slots.append((region, level, kind, suffix))
    # interleave so a small corpus still spans many kinds and both levels
    order = sorted(range(len(slots)), key=lambda k: (_rank(slots[k]), k))
    if n - len(deps) > len(order):
        raise ValueError(
            f"at most {len(order) + len(deps)} departments can be generated, asked for {n}"
        )
    for k in order[: n - len(deps)]:
        region, level, kind, suffix = slots[k]
        taken = used.setdefault(region, set())
        code = f"{rng.randint(100, 999)}"
        while code in taken:
            code = f"{rng.randint(100, 999)}"
        taken.add(code)
        # departments of very different size within a kind: a city bureau, a big hospital
        big = (3 if level == "city" else 1) * rng.choice((1, 1, 1, 2, 6))
        scale = rng.choice((1, 1, 1, 5, 12)) if kind.key in ("医院", "教育", "学校") else 1
        deps.append(
            Department(
                code,
                region,
                level,
                kind,
                {y: region + suffix for y in years},
                list(years),
                rng.randint(12, 60) * big,
                rng.randint(5, 30) * big,
                rng.randint(0, 3),
                rng.choice((0, 0, 50, 120, 277)),
                rng.choice((0, 250, 480)),
                scale,
            )
        )
    rest = [d for d in deps if (d.region, d.code) != SAMPLE_DEPT]
    if len(years) >= 3 and len(rest) >= 2:
        rest[0].years = [y for y in years if y != years[1]]  # skips a year
        renamed = next((d for d in rest[1:] if d.kind.key in RENAMES), None)
        if renamed:  # renamed from the middle year on, code kept
            for y in years[len(years) // 2 :]:
                renamed.names[y] = renamed.region + RENAMES[renamed.kind.key]
    return deps


# ------------------------------------------------------------------ budgets
def _indicators(p: Project, kind_topic: str, year: int, serial: int) -> list[Indicator]:
    """The project's 绩效目标. Like real tables, some projects state a deadline in the fiscal
    year (a date, not a number) and some restate an effect's description as its value."""
    budget = fmt_narr(p.amount)
    deadline = (
        [Indicator("产出指标", "时效指标", "完成时限", "完成时限", f"{year}年12月底前", "相关文件")]
        if serial % 2
        else []
    )
    restated = (
        [
            Indicator(
                "效益指标",
                "经济效益指标",
                "节约运行成本",
                f"保障{p.name}节约运行成本",
                f"保障{p.name}节约运行成本",
                "相关文件",
            )
        ]
        if serial % 3 == 0
        else []
    )
    return [
        Indicator(
            "产出指标",
            "数量指标",
            p.count_label,
            p.count_label,
            f"{p.count}{_count_unit(p)}",
            "相关文件",
            "=",
            str(p.count),
            _count_unit(p),
        ),
        Indicator(
            "产出指标", "质量指标", "资金发放率", "资金发放率", "100%", "相关文件", "=", "100", "%"
        ),
        Indicator(
            "产出指标",
            "时效指标",
            "资金发放准时率",
            "资金发放准时率",
            "100%",
            "相关文件",
            "=",
            "100",
            "%",
        ),
        *deadline,
        Indicator(
            "产出指标",
            "成本指标",
            "项目预算控制数",
            "项目预算控制数",
            f"{budget}万元",
            "相关文件",
            "=",
            budget,
            "万元",
        ),
        *[
            Indicator(l1, l2, l3, l3, "≥95%", "相关文件", "≥", "95", "%")
            for l1, l2, l3 in RATE_INDICATORS
        ],
        *restated,
        Indicator(
            "效益指标", "可持续影响指标", "影响年限", "影响年限", "3年", "相关文件", "=", "3", "年"
        ),
        Indicator(
            "满意度指标",
            "服务对象满意度指标",
            f"{kind_topic}满意度",
            f"{kind_topic}满意度",
            "≥95%",
            "相关文件",
            "≥",
            "95",
            "%",
        ),
    ]


def _count_unit(p: Project) -> str:
    return p.count_label.rsplit("（", 1)[1].rstrip("）") if "（" in p.count_label else "个"


def budgets_for(dep: Department, years: list[int], seed: int) -> dict[int, YearBudget]:
    """Every year is modelled (also a skipped one) so the 比上年 sentence has a previous year."""
    rng = _seed(seed, "budget", dep.region, dep.code)
    leaves = project_leaves(dep.kind)
    pool: list[Project] = []
    out: dict[int, YearBudget] = {}
    headcount = dep.headcount
    reception = dep.reception
    serial = 0
    for year in years:
        headcount = max(5, headcount + rng.randint(-2, 2))
        if reception and year != years[0]:  # small true changes both ways: 2.77 → 2.76
            reception = max(10, reception + rng.choice((-30, -3, -1, 0, 0, 1, 2, 15)))
        econ = personnel_and_public(dep, year, headcount, rng, reception)
        pool = [p for p in pool if rng.random() < 0.75]  # projects end
        for p in pool:  # growth and decline
            p.amount = max(100, p.amount * rng.randint(85, 118) // 100)
        while len(pool) < 2 or (len(pool) < 6 and rng.random() < 0.5):  # projects start
            serial += 1
            topic = dep.kind.topic
            taken = {p.name for p in pool}
            free = [t for t in PROJECT_NAMES if f"{year}年" + t.format(topic=topic) not in taken]
            name = f"{year}年" + rng.choice(free).format(topic=topic)
            code = f"1301{dep.code[:2]}{year % 100:02d}P000{dep.code}{serial:05d}{'ABCDEFGHJK'[serial % 10]}"
            pool.append(
                Project(
                    code,
                    name,
                    rng.choice(leaves),
                    (rng.randint(2, 300) * 100 + rng.randint(0, 99)) * dep.project_scale,
                    f"保障{topic}相关工作顺利开展，提升{topic}服务水平。",
                    f"{topic}数量（{dep.kind.count_unit}）",
                    rng.randint(2, 40),
                    rng.randint(0, 1),
                )
            )
        if (dep.region, dep.code) == SAMPLE_DEPT and year == 2023:
            _calibrate_sample(econ, pool)
        projects = [
            Project(
                p.code, p.name, p.func, p.amount, p.purpose, p.count_label, p.count, p.plan_variant
            )
            for p in pool
        ]
        for p in projects:
            p.indicators = _indicators(p, dep.kind.topic, year, int(p.code[-6:-1]))
        assets = _assets(dep, headcount, rng)
        out[year] = YearBudget(
            year, econ, basic_by_function(dep, econ), projects, assets, headcount, reception
        )
    return out


def _calibrate_sample(econ: dict[str, int], pool: list[Project]) -> None:
    """Make the 2023 document of 350 agree with what the real 2024 sample says about 2023."""
    _, basic, project, _ = SAMPLE_2023
    econ["30101"] += basic - sum(econ.values())
    biggest = max(pool, key=lambda p: p.amount)
    biggest.amount += project - sum(p.amount for p in pool)


def _assets(dep: Department, headcount: int, rng: random.Random) -> dict[str, tuple[int, int]]:
    area = headcount * rng.randint(40, 70)
    office = headcount * rng.randint(15, 25)
    bval = area * rng.randint(3, 6)
    return {
        "buildings": (area, bval),
        "office": (office, bval * office // area),
        "vehicles": (dep.vehicles, dep.vehicles * rng.randint(1000, 2000)),
        "other": (headcount * rng.randint(5, 15), headcount * rng.randint(100, 400)),
    }


# ------------------------------------------------------------------ anomalies on the model
def _line_medians(
    deps: list[Department], budgets: dict, code: str
) -> dict[tuple, tuple[float, float]]:
    """(kind, year) → medians over the clean budgets of (line in 万元, line per person)."""
    groups: dict[tuple, list[tuple[int, int]]] = {}
    for dep in deps:
        for y in dep.years:
            b = budgets[dep.code, dep.region][y]
            groups.setdefault((dep.kind.key, y), []).append((b.econ.get(code, 0), b.headcount))
    return {
        k: (statistics.median(v for v, _ in rows), statistics.median(v / h for v, h in rows))
        for k, rows in groups.items()
    }


def _outlier_factor(dep: Department, budgets: dict, medians: dict) -> int:
    """×10, raised where needed so that in every year the department's 会议费 is at least
    PEER_OUTLIER_MIN × its kind's median per person and in 万元: a small department ten times
    its peers per person may still spend less than a big one."""
    factor = 10.0
    for y in dep.years:
        b = budgets[dep.code, dep.region][y]
        own = max(b.econ.get(PEER_LINE, 0), 1)
        med, med_pp = medians[dep.kind.key, y]
        factor = max(
            factor, PEER_OUTLIER_MIN * med / own, PEER_OUTLIER_MIN * med_pp * b.headcount / own
        )
    return math.ceil(factor)


def _set_line(dep: Department, b: YearBudget, code: str, amount: int) -> None:
    """One 经济分类 line changed, the function split of 基本支出 following it."""
    b.econ[code] = amount
    b.basic_by_func = basic_by_function(dep, b.econ)


def _yoy_label(
    p_or_code: str,
    table: str,
    column: str,
    subject: str,
    before: int,
    after: int,
    note: str,
    project_code: str = "",
) -> dict:
    return {
        "kind": "yoy_change",
        "table_id": table,
        "code": p_or_code,
        "column_id": column,
        "project_code": project_code,
        "subject": subject,
        "expected": fmt_amount(before, Style()),
        "printed": fmt_amount(after, Style()),
        "note": note,
    }


def _yoy_change(
    dep: Department, b: YearBudget, prev: YearBudget, rng: random.Random
) -> dict | None:
    """One of: a continuing project ×5 or ÷5; one 经济分类 line (维修（护）费, 办公费) ×5 with the
    rest of 基本支出 and the staff as they were; one 功能分类 项's projects cut to a tenth."""
    variant = rng.choice(("project", "line", "function"))
    prev_codes = {p.code: p for p in prev.projects}
    if variant == "line":
        code = rng.choice([c for c in SPIKE_LINES if prev.econ.get(c)])
        before = prev.econ[code]
        _set_line(dep, b, code, before * 5)
        return _yoy_label(
            code,
            "general_budget_basic_expenditure",
            "total",
            code,
            before,
            before * 5,
            "one 经济分类 line ×5 against the previous year, staff and other lines stable",
        )
    if variant == "function":
        # a 项 whose continuing projects are cut (with it, its new ones): the label names the
        # biggest continuing project, the one a reader compares with last year
        funcs = sorted({p.func for p in b.projects if p.code in prev_codes})
        if funcs:
            func = rng.choice(funcs)
            under = [p for p in b.projects if p.func == func]
            before = sum(p.amount for p in under)
            biggest = max((p for p in under if p.code in prev_codes), key=lambda p: p.amount).code
            for p in under:
                p.amount = max(1, p.amount // 10)
                _cost_follows(p)
            return _yoy_label(
                func,
                "expenditure_summary",
                "project",
                func,
                before,
                sum(p.amount for p in under),
                "one 功能分类 项's 项目支出 cut to a tenth against the previous year",
                biggest,
            )
    cont = [p for p in b.projects if p.code in prev_codes]
    if not cont:
        return None
    p = rng.choice(cont)
    before = prev_codes[p.code].amount
    p.amount = before * 5 if rng.random() < 0.5 else max(100, before // 5)
    _cost_follows(p)
    return _yoy_label(
        p.func,
        "expenditure_summary",
        "project",
        p.name,
        before,
        p.amount,
        "continuing project ×5 or −80% against the previous year",
        p.code,
    )


def _cost_follows(p: Project) -> None:
    for ind in p.indicators:
        if ind.level2 == "成本指标":
            v = fmt_narr(p.amount)
            ind.value_raw, ind.number = f"{v}万元", v


def model_anomalies(
    deps: list[Department], budgets: dict, years: list[int], rate: float, seed: int
) -> dict:
    """yoy_change (see _yoy_change, in the department's last year) and peer_outlier (a
    department's 会议费 × one factor ≥ 10 in every year, see _outlier_factor); keyed by
    (region, code, year)."""
    rng = _seed(seed, "model-anomalies")
    labels: dict[tuple, dict] = {}
    medians = _line_medians(deps, budgets, PEER_LINE)
    for dep in deps:
        if (dep.region, dep.code) == SAMPLE_DEPT:
            continue
        own = budgets[dep.code, dep.region]
        if rng.random() < rate / 3 and len(dep.years) > 1:
            factor = _outlier_factor(dep, budgets, medians)
            for y in dep.years:
                before = own[y].econ.get(PEER_LINE, 0)
                _set_line(dep, own[y], PEER_LINE, before * factor)
                labels[dep.region, dep.code, y] = {
                    "kind": "peer_outlier",
                    "table_id": "general_budget_basic_expenditure",
                    "code": PEER_LINE,
                    "column_id": "total",
                    "subject": "会议费",
                    "expected": fmt_amount(before, Style()),
                    "printed": fmt_amount(before * factor, Style()),
                    "note": f"会议费 ×{factor} in every year: ≥ {PEER_OUTLIER_MIN}× its kind's median "
                    "per person and in 万元",
                }
            continue
        y = dep.years[-1]  # last year only: the next document would 'explain' it back
        if len(dep.years) < 2 or y - 1 not in own or rng.random() >= rate / 2:
            continue
        label = _yoy_change(dep, own[y], own[y - 1], rng)
        if label:
            labels[dep.region, dep.code, y] = label
    _composition_outliers(deps, budgets, labels, rate, seed)
    return labels


def _composition_outliers(
    deps: list[Department], budgets: dict, labels: dict, rate: float, seed: int
) -> None:
    """composition_outlier: a department (not labelled otherwise) whose every 商品和服务 款 but
    COMPOSITION_FIXED is ×COMPOSITION_FACTOR
    in every year: no line is far enough from its peers alone, nor moves against last year, but
    its 基本支出 mix is unlike its kind's. Its own random stream, so the other kinds' draws (and
    every earlier corpus's other labels) are unchanged."""
    rng = _seed(seed, "composition")
    taken = {(r, c) for r, c, _ in labels}
    for dep in deps:
        if (
            (dep.region, dep.code) == SAMPLE_DEPT
            or (dep.region, dep.code) in taken
            or len(dep.years) < 2
            or rng.random() >= rate / 4
        ):
            continue
        own = budgets[dep.code, dep.region]
        for y in dep.years:
            b = own[y]
            before = b.public_funds
            for code in [c for c in b.econ if c.startswith("302") and c not in COMPOSITION_FIXED]:
                b.econ[code] *= COMPOSITION_FACTOR
            b.basic_by_func = basic_by_function(dep, b.econ)
            labels[dep.region, dep.code, y] = {
                "kind": "composition_outlier",
                "table_id": "general_budget_basic_expenditure",
                "code": "302",
                "column_id": "total",
                "subject": "商品和服务支出",
                "expected": fmt_amount(before, Style()),
                "printed": fmt_amount(b.public_funds, Style()),
                "note": f"every 商品和服务 款 but 30215/30217/30231 ×{COMPOSITION_FACTOR} in every year: "
                "the 基本支出 mix unlike its kind's, no line alone far from its peers",
            }


# ------------------------------------------------------------------ one document
NARR_TAIL = [
    "十、名词解释",
    "- 1、**财政拨款收入**：指本级财政当年拨付的资金，包括一般公共预算拨款、政府性基金预算拨款、国有资本经营预算拨款。",
    "- 2、**财政专户管理资金收入**：缴入财政专户、实行专项管理的教育收费收入。",
    "- 6、**上年结转**：指以前年度安排、结转到本年仍按原规定用途继续使用的资金。",
    "- 9、**“三公”经费**：纳入财政预算管理的“三公”经费，是指预算部门用财政拨款安排的因公出国（境）费、公务用车购置及运维费和公务接待费。",
    "十一、其他需要说明的事项",
]
TOC = [
    "部门预算收支总表.....\t1",
    "部门预算收入总表.....\t4",
    "部门预算支出总表.....\t8",
    "部门预算财政拨款收支总表.....\t10",
    "部门预算一般公共预算财政拨款支出表.....\t16",
    "部门预算一般公共预算财政拨款基本支出表.....\t18",
    "部门预算政府性基金预算财政拨款支出表.....\t20",
    "部门预算国有资本经营预算财政拨款支出表.....\t21",
    "部门预算财政拨款“三公”经费支出表.....\t22",
]
TOC2 = [
    "一、部门职责及机构设置情况.....\t1",
    "二、部门预算安排的总体情况.....\t4",
    "三、机关运行经费安排情况.....\t5",
    "四、财政拨款“三公”经费预算情况及增减变化原因.....\t5",
    "五、预算绩效信息.....\t5",
    "",
    "六、 部门主管专项资金预算安排情况及绩效目标.....\t11",
    "七、 部门项目预算安排情况及绩效目标.....\t12",
    "八、 政府采购预算情况.....\t28",
    "九、 国有资产信息.....\t28",
    "十、 名词解释.....\t29",
    "十一、 其他需要说明的事项.....\t30",
]


def _change(what: str, delta: int) -> str:
    return f"{what}{'增加' if delta >= 0 else '减少'} {fmt_narr(abs(delta))} 万元"


def render_document(
    dep: Department,
    year: int,
    b: YearBudget,
    prev: YearBudget | None,
    style: Style,
    anomaly: str | None,
    rng: random.Random,
    donor: Project | None,
):
    """Text lines + truth records of one document; `anomaly` is one of RENDER_KINDS or None.
    Returns (doc, projects, indicators, narrative, label dict or None)."""
    name = dep.names[year]
    doc = Doc()
    w = Writer(doc, f"{dep.code} {name}", year, style, rng)
    label: dict | None = None
    tp = three_public_rows(0, 0, dep.vehicle_op, b.reception)
    stale = (
        rng.choice(("narrative", "org_running", "deadline", "description"))
        if anomaly == "stale_year"
        else None
    )

    leaves: dict[str, dict[str, int]] = {}
    for f, v in b.basic_by_func.items():
        leaves.setdefault(f, {"total": 0, "basic": 0, "project": 0})
        leaves[f]["total"] += v
        leaves[f]["basic"] += v
    for p in b.projects:
        leaves.setdefault(p.func, {"total": 0, "basic": 0, "project": 0})
        leaves[p.func]["total"] += p.amount
        leaves[p.func]["project"] += p.amount
    leaves = dict(sorted(leaves.items()))
    t3 = function_tree_rows(leaves, ("total", "basic", "project"))
    t5 = function_tree_rows(leaves, ("total", "basic", "project"))
    t2 = function_tree_rows(
        {
            k: {"total": v["total"], "subtotal": v["total"], "fiscal_appropriation": v["total"]}
            for k, v in leaves.items()
        },
        ("total", "subtotal", "fiscal_appropriation"),
    )
    by_class = {r.code: r.amounts for r in t3 if len(r.code) == 3}
    t6 = econ_rows(b.econ)
    narr = {"total": b.total, "basic": b.basic, "project": b.project}
    narr_year = year
    delta = max(100, b.total // 20)  # ≥ 1 万元 and ≥ 5 % of the budget: a real finding

    if anomaly == "identity_break":
        leaf = next(
            r
            for r in t3
            if len(r.code) >= 5
            and r.amounts["project"] > 0
            and not any(o.code.startswith(r.code) and o is not r for o in t3)
        )
        label = _label(
            "identity_break",
            "expenditure_summary",
            leaf.code,
            "project",
            "",
            leaf.name,
            leaf.amounts["project"],
            leaf.amounts["project"] + delta,
            "a leaf's 项目支出 raised alone: parent ≠ Σ children and 合计 ≠ 基本+项目 on that row",
        )
        leaf.amounts["project"] += delta
    elif anomaly == "cross_table_mismatch":
        leaf = next(r for r in reversed(t5) if r.amounts["project"] > 0 and len(r.code) >= 5)
        for r in t5:  # consistent inside 一般公共预算支出表, different from 支出总表
            if r.code == "" or leaf.code.startswith(r.code):
                r.amounts["project"] += delta
                r.amounts["total"] += delta
        label = _label(
            "cross_table_mismatch",
            "general_budget_expenditure",
            leaf.code,
            "project",
            "",
            leaf.name,
            leaf.amounts["project"] - delta,
            leaf.amounts["project"],
            "一般公共预算支出表 shifted with its parents; 支出总表 keeps the true value",
        )
    elif anomaly == "narrative_mismatch":
        narr["project"] = b.project + delta
        label = _label(
            "narrative_mismatch",
            "",
            "",
            "",
            "",
            "项目支出",
            b.project,
            narr["project"],
            "the 支出说明 sentence states a different 项目支出",
        )
    elif stale == "narrative":
        narr_year = year - 1
        label = _label(
            "stale_year",
            "",
            "",
            "",
            "",
            "2、支出说明",
            year,
            narr_year,
            "the narrative's 收入/支出说明 sentences carry last year's year",
        )
    elif stale == "org_running":
        label = _label(
            "stale_year",
            "",
            "",
            "",
            "",
            "三、机关运行经费",
            year,
            year - 5,
            "the 机关运行经费 sentence is dated five years back",
        )
    elif anomaly == "unit_mismatch":
        label = _label(
            "unit_mismatch",
            "three_public_expenses",
            "",
            "total",
            "",
            "合计",
            tp[0].amounts.get("total", 0),
            tp[0].amounts.get("total", 0) * 10000,
            "三公 table printed in 元 under a 单位：万元 header",
        )
        for r in tp:
            r.amounts = {c: v * 10000 for c, v in r.amounts.items()}
    projects = [
        Project(
            p.code,
            p.name,
            p.func,
            p.amount,
            p.purpose,
            p.count_label,
            p.count,
            p.plan_variant,
            [Indicator(**vars(i)) for i in p.indicators],
        )
        for p in b.projects
    ]
    if stale in ("deadline", "description"):
        p = rng.choice(projects)
        old = year - rng.choice((2, 4, 5))
        if stale == "deadline":  # a 时效 target carried over from an old table
            ind = Indicator(
                "产出指标", "时效指标", "完成时限", "完成时限", f"{old}年11月底前", "相关文件"
            )
            p.indicators.insert(3, ind)
        else:
            ind = next(i for i in p.indicators if i.level2 == "数量指标")
            ind.description = f"{old}年{ind.description}"
        label = _label(
            "stale_year",
            "",
            "",
            "",
            p.code,
            ind.level3,
            year,
            old,
            f"an indicator's {'value' if stale == 'deadline' else 'description'} names {old}",
        )
    if anomaly in (
        "project_sum_mismatch",
        "cost_indicator_mismatch",
        "boilerplate_indicator",
        "copy_paste",
    ):
        p = rng.choice(projects)
        cost = next(i for i in p.indicators if i.level2 == "成本指标")
        if anomaly == "project_sum_mismatch":
            label = _label(
                anomaly,
                "",
                p.func,
                "",
                p.code,
                p.name,
                p.amount,
                p.amount + delta,
                "one 绩效目标表 budget (and its plan and cost) differs; Σ projects ≠ 项目支出",
            )
            p.amount += delta
            cost.value_raw = cost.number = fmt_narr(p.amount)
            cost.value_raw += "万元"
        elif anomaly == "cost_indicator_mismatch":
            wrong = p.amount * 3 // 2 + 100
            label = _label(
                anomaly,
                "",
                "",
                "",
                p.code,
                cost.level3,
                p.amount,
                wrong,
                "成本指标 states a budget control figure other than 预算数",
            )
            cost.value_raw, cost.number = f"{fmt_narr(wrong)}万元", fmt_narr(wrong)
        elif anomaly == "boilerplate_indicator":
            ind = rng.choice(
                [i for i in p.indicators if i.level2 in ("数量指标", "可持续影响指标")]
            )
            label = {
                **_project_label(
                    anomaly,
                    p,
                    ind.level3,
                    "≥95% on an indicator that is a count or a span of years",
                ),
                "expected": ind.value_raw,
                "printed": "≥95%",
            }
            ind.value_raw, ind.comparator, ind.number, ind.unit = "≥95%", "≥", "95", "%"
        else:
            src = donor.indicators
            label = {
                **_project_label(
                    anomaly,
                    p,
                    p.name,
                    f"产出/效益/满意度 indicators copied from unrelated project {donor.code}",
                ),
                "expected": p.count_label,
                "printed": src[0].level3,
            }
            keep_cost = next(i for i in p.indicators if i.level2 == "成本指标")
            p.indicators = [
                Indicator(**vars(i)) if i.level2 != "成本指标" else keep_cost for i in src
            ]

    # ------------------------------------------------------------ front matter + tables
    doc.lines += (
        ["", f"{year} 年部门预算信息公开目录", "", "部门预算公开表", ""]
        + TOC
        + ["", "部门预算信息公开情况说明", ""]
        + TOC2
        + [""]
    )
    for table_id, title, head, cols, trailing in TABLES:
        if table_id == "income_expenditure_summary":
            lines = two_sided_lines(summary_pairs(b.total, by_class, False), ("amount",), w)
            w.table(table_id, title, head, lines, 4)
        elif table_id == "fiscal_appropriation_summary":
            lines = two_sided_lines(
                summary_pairs(b.total, by_class, True), ("total", "general_budget"), w
            )
            w.table(table_id, title, head, lines, 7)
        elif table_id in EMPTY_NOTES:
            w.out(title)
            w.page_header(head, 5)
            w.out("", EMPTY_NOTES[table_id])
        else:
            rows = {
                "income_summary": t2,
                "expenditure_summary": t3,
                "general_budget_expenditure": t5,
                "general_budget_basic_expenditure": t6,
                "three_public_expenses": tp,
            }[table_id]
            n = {"income_summary": 12, "expenditure_summary": 8}.get(table_id, 5)
            narrow = 3 if (table_id == "income_summary" and style.narrow_income) else 0
            if table_id == "three_public_expenses":
                lines = [
                    (
                        "\t".join(
                            [str(r.row_no), r.name]
                            + [w.cell(r.amounts, c) for c in cols]
                            + ["", ""]
                        ),
                        [(r, c) for c in cols],
                    )
                    for r in rows
                ]
            else:
                lines = one_sided_lines(rows, cols, trailing, w, narrow)
            w.table(table_id, title, head, lines, n, T2_HEAD_NARROW if narrow else None)
    # ------------------------------------------------------------ narrative
    u = "万元"
    nf: list[dict] = []

    def fig(label_: str, text: str, c: int | None, ref_year=None, claim=None, qty=None):
        nf.append(
            {
                "label": label_,
                "label_text": text,
                "amount_wan": wan(c) if c is not None else None,
                "quantity": qty,
                "ref_year": ref_year,
                "change_claim": claim,
            }
        )

    doc.lines += [
        f"{name} {year} 年部门预算信息公开情况说明",
        "",
        f"按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，现将{name} {year} 年部门预算公开如下：",
        "",
        "一、部门职责及机构设置情况",
        "",
        "部门职责：",
        "",
        f"（一）负责全{dep.region[-1]}{dep.kind.topic}相关工作的统筹规划和组织实施。",
        "",
        "机构设置：",
        "",
        "部门机构设置情况",
        "",
        "单位名称\t单位性质\t单位规格\t经费保障形式",
        f"{name}本级\t行政\t正科级\t财政拨款",
        "",
        f"人员情况：{name}编制人数 {dep.headcount} 人，实有人数 {b.headcount} 人。",
        "",
        "二、部门预算安排的总体情况",
        "",
        f"按照预算管理有关规定，目前我部门预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。{name}机关及所属事业单位的收支包含在部门预算中。",
        "",
        "1、收入说明",
        "",
        f"反映本部门当年全部收入。{narr_year}年预算收入 {fmt_narr(b.total)} {u}，其中：一般公共预算收入 {fmt_narr(b.total)} {u}，基金预算收入 0 {u}。财政专户核拨收入 0 {u}，其他来源收入 0 {u}。",
        "",
        "2、支出说明",
        "",
        f"收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映{name}年度部门预算中支出预算的总体情况。{narr_year}年支出预算 {fmt_narr(narr['total'])} {u}，其中基本支出 {fmt_narr(narr['basic'])} {u}，包括人员经费 {fmt_narr(b.personnel)} {u}和日常公用经费 {fmt_narr(b.public_funds)} {u}；项目支出 {fmt_narr(narr['project'])} {u}。",
        "",
    ]
    fig("headcount_authorised", f"编制人数 {dep.headcount} 人", None, qty=Decimal(dep.headcount))
    fig("headcount_actual", f"实有人数 {b.headcount} 人", None, qty=Decimal(b.headcount))
    fig("income_total", f"{narr_year}年预算收入", b.total)
    fig("income_general_budget", "一般公共预算收入", b.total)
    fig("income_gov_fund", "基金预算收入", 0)
    fig("income_special_account", "财政专户核拨收入", 0)
    fig("income_other", "其他来源收入", 0)
    fig("expenditure_total", f"{narr_year}年支出预算", narr["total"])
    fig("basic", "其中基本支出", narr["basic"])
    fig("personnel", "包括人员经费", b.personnel)
    fig("public_funds", "和日常公用经费", b.public_funds)
    fig("project", "项目支出", narr["project"])
    # A first year states a plausible previous budget; its parts must still add up (N3).
    pt, pb = (prev.total, prev.basic) if prev else (b.total * 95 // 100, b.basic * 97 // 100)
    pp = prev.project if prev else pt - pb
    dt, db, dp = b.total - pt, b.basic - pb, b.project - pp
    doc.lines += [
        "3、比上年增减情况",
        "",
        f"{year}年预算收支安排 {fmt_narr(b.total)} 万元，较 {year - 1}年预算{_change('', dt)}，其中：{_change('基本支出', db)}，主要是由于人员{'增加' if db >= 0 else '减少'}，支出{'增加' if db >= 0 else '减少'}；{_change('项目支出', dp)}，主要是由于项目{'增加' if dp >= 0 else '减少'}。",
        "",
    ]
    fig("yoy_total", f"{year}年预算收支安排", b.total)
    fig(
        "yoy_total_change",
        f"较 {year - 1}年预算{'增加' if dt >= 0 else '减少'}",
        dt,
        year - 1,
        "增加" if dt >= 0 else "减少",
    )
    fig(
        "yoy_basic_change",
        f"基本支出{'增加' if db >= 0 else '减少'}",
        db,
        year - 1,
        "增加" if db >= 0 else "减少",
    )
    fig(
        "yoy_project_change",
        f"项目支出{'增加' if dp >= 0 else '减少'}",
        dp,
        year - 1,
        "增加" if dp >= 0 else "减少",
    )
    veh = dep.vehicle_op
    tpt = veh + b.reception
    rec_delta = b.reception - prev.reception if prev else 0
    rec_claim = "持平" if rec_delta == 0 else ("增加" if rec_delta > 0 else "减少")
    rec_text = (
        "与上年一致，无增减变化"
        if rec_delta == 0
        else f"比上年{rec_claim} {fmt_narr(abs(rec_delta))} 万元"
    )
    org_year = year - 5 if stale == "org_running" else year
    doc.lines += [
        "三、机关运行经费安排情况",
        "",
        f"{org_year}年，部门机关运行经费共计安排 {fmt_narr(b.public_funds)} 万元，主要用于保证机关正常运转的办公费、邮电费、差旅费、办公用房水电费、公务用车运行维护费等支出。",
        "",
        "四、财政拨款“三公”经费预算情况及增减变化原因",
        "",
        f"{year}年，我部门财政拨款“三公”经费预算安排 {fmt_narr(tpt)} 万元，其中：",
        "",
        "- 1、因公出国（境）费 0 万元，与上年一致，无增减变化。",
        "",
        f"- 2、公务用车购置及运行维护费 {fmt_narr(veh)} 万元，与上年一致。其中：公务用车购置 0 万元，与上年一致，无增减变化；公务用车运行维护费 {fmt_narr(veh)} 万元，与上年一致，",
        "",
        f"- 3、公务接待费 {fmt_narr(b.reception)} 万元，{rec_text}。",
        "",
    ]
    fig("org_running", f"{org_year}年，部门机关运行经费共计安排", b.public_funds)
    fig("three_public_total", "我部门财政拨款“三公”经费预算安排", tpt)
    fig("three_public_abroad", "1、因公出国（境）费", 0, year - 1, "持平")
    fig("three_public_vehicle", "2、公务用车购置及运行维护费", veh, year - 1, "持平")
    fig("three_public_vehicle_purchase", "公务用车购置", 0, year - 1, "持平")
    fig("three_public_vehicle_operation", "公务用车运行维护费", veh, year - 1, "持平")
    fig("three_public_reception", "3、公务接待费", b.reception, year - 1, rec_claim)
    if rec_delta:
        fig("three_public_reception_change", f"比上年{rec_claim}", rec_delta, year - 1, rec_claim)
    doc.lines += [
        "五、预算绩效信息",
        "",
        "第一部分 部门整体绩效目标",
        "",
        "(一) 总体绩效目标",
        "",
        f"1、做好{dep.kind.topic}相关工作，保障机关正常运转。",
        "",
        "六、部门主管专项资金预算安排情况及绩效目标",
        "",
        "本部门无专项资金",
        "",
        "七、部门项目预算安排情况及绩效目标",
        "",
    ]
    for n, p in enumerate(projects, start=1):
        project_block(n, p, w)
    a = b.assets
    atotal = a["buildings"][1] + a["vehicles"][1] + a["other"][1]
    doc.lines += (
        [
            "八、政府采购预算情况",
            "",
            "部门政府采购预算",
            "",
            w.dept_line,
            "",
            f"单位：{style.unit}",
            "",
            f"政府采购项目来源\t\t采购物品名称\t政府采购目录序号\t计量单位\t数量\t单价\t政府采购金额（当年部门预算安排资金）\t\t\t\t\t\t{year}年预留中小微企业份额",
            "项目名称\t预算资金\t\t\t\t\t\t合计\t一般公共预算拨款\t基金预算拨款\t国有资本经营预算拨款\t财政专户核拨\t单位资金\t",
            "注：同一采购目录序号的物品，其单价会因配置规格不同而变动，均符合资产配置标准。涉密采购事项按照相关规定执行。",
            "",
            "注：无政府采购预算，空表列示。",
            "",
            "九、国有资产信息",
            "",
            f"{name}（含所属单位）上年末固定资产金额为 {fmt_amount(atotal, Style())} 万元（详见下表）。本年度拟购置固定资产总额为 0.00 万元，已按要求列入政府采购预算，详见政府采购预算表。",
            "",
            "部门固定资产占用情况表",
            "",
            w.dept_line,
            "",
            f"截止时间：{year - 1}-12-31",
            "",
            "项目\t数量\t价值（金额单位：万元）",
            f"资产总额\t\t{fmt_amount(atotal, Style())}",
            f"1、房屋（平方米）\t{a['buildings'][0]}\t{fmt_amount(a['buildings'][1], Style())}",
            f"其中：办公用房（平方米）\t{a['office'][0]}\t{fmt_amount(a['office'][1], Style())}",
            f"2、车辆（台、辆）\t{a['vehicles'][0] or ''}\t{fmt_amount(a['vehicles'][1], Style()) if a['vehicles'][1] else ''}",
            "3、单价在 20 万元以上的设备\t\t",
            f"4、其他固定资产\t{a['other'][0]}\t{fmt_amount(a['other'][1], Style())}",
            "",
        ]
        + NARR_TAIL
        + [""]
    )
    fig("fixed_assets_prev_total", f"{name}（含所属单位）上年末固定资产金额为", atotal)
    fig("fixed_assets_purchase", "本年度拟购置固定资产总额为", 0)
    fig("asset_total", "资产总额", atotal)
    fig("asset_buildings", "1、房屋（平方米）", a["buildings"][1], qty=Decimal(a["buildings"][0]))
    fig(
        "asset_office_buildings",
        "其中：办公用房（平方米）",
        a["office"][1],
        qty=Decimal(a["office"][0]),
    )
    if a["vehicles"][1]:
        fig("asset_vehicles", "2、车辆（台、辆）", a["vehicles"][1], qty=Decimal(a["vehicles"][0]))
    fig("asset_other", "4、其他固定资产", a["other"][1], qty=Decimal(a["other"][0]))
    return doc, projects, nf, label


def _label(kind, table_id, code, column_id, project_code, subject, expected, printed, note) -> dict:
    st = Style()
    return {
        "kind": kind,
        "table_id": table_id,
        "code": code,
        "column_id": column_id,
        "project_code": project_code,
        "subject": subject,
        "expected": fmt_amount(expected, st)
        if isinstance(expected, int) and kind != "stale_year"
        else str(expected),
        "printed": fmt_amount(printed, st)
        if isinstance(printed, int) and kind != "stale_year"
        else str(printed),
        "note": note,
    }


def _project_label(kind, project, subject, note) -> dict:
    """A label on one of ``project``'s indicators: no table, code or amounts of its own."""
    return _label(kind, "", "", "", project.code, subject, 0, 0, note)


# ------------------------------------------------------------------ corpus
def _style(rng: random.Random) -> Style:
    return Style(
        unit="元" if rng.random() < 0.15 else "万元",
        zero=rng.choice(("", "", "0.00", "-")),
        dangci=rng.choice((0.0, 0.3, 0.6)),
        year_split=rng.random() < 0.7,
        narrow_income=rng.random() < 0.5,
        header_wrap=rng.choice((0.0, 0.15, 0.3)),
        split_rows=rng.choice((0.0, 0.3, 0.6)),
        wrap_names=rng.choice((0.0, 0.2, 0.4)),
    )


def generate_corpus(
    out_dir: Path,
    departments: int,
    years: list[int] | range,
    seed: int,
    anomaly_rate: float = DEFAULT_ANOMALY_RATE,
) -> Path:
    """Write DIR/docs/<year>/<region>-<code>.txt and DIR/truth/*.parquet; return DIR."""
    out_dir = Path(out_dir)
    years = sorted(years)
    deps = make_departments(departments, years, seed)
    budgets = {(d.code, d.region): budgets_for(d, years, seed) for d in deps}
    model_labels = model_anomalies(deps, budgets, years, anomaly_rate, seed)
    # a donor pool for copy_paste: projects of other kinds
    donors = {
        d.kind.key: budgets[d.code, d.region][y].projects[0] for d in deps for y in d.years[:1]
    }
    truth = {
        k: [] for k in ("documents", "line_items", "projects", "indicators", "narrative_figures")
    }
    anomalies = []
    for dep in deps:
        for year in dep.years:
            rng = _seed(seed, "doc", dep.region, dep.code, year)
            style = _style(rng)
            key = (dep.region, dep.code, year)
            b_year = budgets[dep.code, dep.region][year]
            kind = None
            if (
                key not in model_labels
                and (dep.region, dep.code) != SAMPLE_DEPT
                and rng.random() < anomaly_rate
            ):
                kind = rng.choice(RENDER_KINDS)
                if kind == "unit_mismatch" and (
                    style.unit == "元" or not dep.vehicle_op + b_year.reception
                ):
                    kind = "identity_break"
            # a donor of another kind whose count indicator is not this kind's own (卫生健康 and 医院
            # count the same 就诊人次): the copied block must be foreign to the department
            own_count = f"{dep.kind.topic}数量（{dep.kind.count_unit}）"
            donor = next(
                (
                    p
                    for k, p in sorted(donors.items())
                    if k != dep.kind.key and p.count_label != own_count
                ),
                None,
            )
            if kind == "copy_paste" and donor is None:
                kind = "identity_break"
            b = budgets[dep.code, dep.region][year]
            prev = budgets[dep.code, dep.region].get(year - 1)
            doc, projects, nf, label = render_document(dep, year, b, prev, style, kind, rng, donor)
            label = label or model_labels.get(key)
            text = "\n".join(doc.lines) + "\n"
            encoding = "gb18030" if rng.random() < 0.15 else "utf-8"
            data = text.encode(encoding)
            rel = f"{year}/{dep.region}-{dep.code}.txt"
            path = out_dir / "docs" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            doc_id = hashlib.sha256(data).hexdigest()[:16]
            truth["documents"].append(
                {
                    "doc_id": doc_id,
                    "source_file": rel,
                    "department_code": dep.code,
                    "department_name": dep.names[year],
                    "region": dep.region,
                    "fiscal_year": year,
                    "doc_kind": "budget",
                    "unit": style.unit,
                    "status": "loaded",
                    "level": dep.level,
                    "encoding": encoding,
                    "parser_version": GENERATOR_VERSION,
                }
            )
            truth["line_items"] += [{**r, "doc_id": doc_id} for r in doc.truth_items]
            for n, p in enumerate(projects, start=1):
                truth["projects"].append(
                    {
                        "doc_id": doc_id,
                        "project_code": p.code,
                        "project_name": p.name,
                        "budget_wan": wan(p.amount),
                        "fiscal_funds_wan": wan(p.amount),
                        "spending_plan": spending_plan(p, style),
                        "goal_text": f"1.{p.purpose}",
                        "project_no": n,
                        "purpose_text": p.purpose,
                    }
                )
                for k, i in enumerate(p.indicators, start=1):
                    truth["indicators"].append(
                        {
                            "doc_id": doc_id,
                            "project_code": p.code,
                            "level1": i.level1,
                            "level2": i.level2,
                            "level3": i.level3,
                            "description": i.description,
                            "value_raw": i.value_raw,
                            "value_comparator": i.comparator,
                            "value_number": Decimal(i.number) if i.number is not None else None,
                            "value_unit": i.unit,
                            "basis": i.basis,
                            "indicator_no": k,
                        }
                    )
            truth["narrative_figures"] += [{**f, "doc_id": doc_id} for f in nf]
            if label:
                anomalies.append(
                    {
                        **{c: "" for c in ANOMALY_COLUMNS},
                        **label,
                        "source_file": rel,
                        "doc_id": doc_id,
                        "fiscal_year": year,
                        "department_code": dep.code,
                        "region": dep.region,
                    }
                )
    tdir = out_dir / "truth"
    tdir.mkdir(parents=True, exist_ok=True)
    schemas = {
        "documents": DOCUMENTS,
        "line_items": LINE_ITEMS,
        "projects": PROJECTS,
        "indicators": INDICATORS,
        "narrative_figures": NARRATIVE_FIGURES,
    }
    for name, rows in truth.items():
        frame = (
            pl.DataFrame(
                rows,
                schema_overrides={k: v for k, v in schemas[name].items()},
                infer_schema_length=None,
            )
            if rows
            else pl.DataFrame()
        )
        conform(frame, schemas[name]).write_parquet(tdir / f"{name}.parquet")
    aschema = {c: (pl.Int32 if c == "fiscal_year" else pl.String) for c in ANOMALY_COLUMNS}
    pl.DataFrame(anomalies, schema=aschema).write_parquet(tdir / "anomalies.parquet")
    return out_dir
