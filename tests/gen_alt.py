"""A generated corpus written independently of ``synth`` (issue 18 item 4): recall per kind on
a corpus whose wording, amounts and layout of the figures were not chosen by the code the
detector was tuned on.

It writes the frames a reader hands on (contract schemas), not text: it measures detection, not
reading. Nothing comes from ``synth``: other regions (县级市 of one province), other kinds'
function codes, per-person rates drawn from log-normals per department, projects that continue
for a random span, indicator wordings of the real 绩效目标表 conventions (项目总成本, 培训人次,
验收合格率 …), narrative labels in other words; amounts in 分 of 万元 summed bottom-up so every
identity of a clean document holds exactly.

Every planted defect is labelled (``anomalies``: doc_id, kind, table_id, code, project_code,
expected, printed, note), one kind per department, at ``rate`` of the departments. Kinds: those
``evaluate.score`` knows, and the three the office missed on its own independent corpus —
a 项's 项目支出 falling to a seventh in 一般公共预算支出表 with nothing to explain it
(``yoy_change``), a narrative 公用经费 unlike the tables (``narrative_mismatch``), a cost
indicator naming the project's whole cost below 预算数 (``cost_indicator_mismatch``).
"""

from __future__ import annotations

import hashlib
import math
import random
from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import (
    DOCUMENTS,
    INDICATORS,
    LINE_ITEMS,
    NARRATIVE_FIGURES,
    PROJECTS,
    Frames,
    conform,
)

REGIONS = ("溧阳市", "宜兴市", "江阴市", "常熟市", "太仓市", "丹阳市", "句容市", "海门市", "启东市")
# kind: (department name suffix, 类, 类 name, 款, 款 name, 行政运行 项, project 项 {code: name})
KINDS = {
    "教育": ("教育局", "205", "教育支出", "20501", "教育管理事务", "2050101", {
        "2050201": "学前教育", "2050202": "小学教育", "2050203": "初中教育",
        "2050299": "其他普通教育支出"}),
    "卫生健康": ("卫生健康委员会", "210", "卫生健康支出", "21001", "卫生健康管理事务", "2100101", {
        "2100401": "疾病预防控制机构", "2100408": "基本公共卫生服务",
        "2100410": "突发公共卫生事件应急处理", "2100499": "其他公共卫生支出"}),
    "农业农村": ("农业农村局", "213", "农林水支出", "21301", "农业农村", "2130101", {
        "2130108": "病虫害控制", "2130122": "农业生产发展", "2130135": "农业资源保护修复与利用",
        "2130153": "农田建设"}),
    "公安": ("公安局", "204", "公共安全支出", "20402", "公安", "2040201", {
        "2040219": "信息化建设", "2040220": "执法办案", "2040221": "特别业务",
        "2040299": "其他公安支出"}),
    "交通": ("交通运输局", "214", "交通运输支出", "21401", "公路水路运输", "2140101", {
        "2140104": "公路建设", "2140106": "公路养护", "2140112": "公路运输管理",
        "2140199": "其他公路水路运输支出"}),
    "人社": ("人力资源和社会保障局", "208", "社会保障和就业支出", "20801", "人力资源和社会保障管理事务",
             "2080101", {"2080106": "就业管理事务", "2080107": "社会保险业务管理事务",
                         "2080109": "社会保险经办机构", "2080199": "其他人力资源和社会保障管理事务支出"}),
}  # fmt: skip
CLASS_NAMES = {"208": "社会保障和就业支出", "210": "卫生健康支出"}
PENSION, MEDICAL = ("208", "20805", "2080505"), ("210", "21011", "2101101")
LEAF_NAMES = {
    "20805": "行政事业单位养老支出",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
}
# 经济分类 款 of 基本支出: (code, name, 万元 per person a year, log spread between departments)
WAGES = [("30101", "基本工资", 3.9, 0.15), ("30102", "津贴补贴", 2.6, 0.25),
         ("30103", "奖金", 0.35, 0.3), ("30107", "绩效工资", 2.1, 0.2)]  # fmt: skip
CONTRIBUTIONS = [("30108", "机关事业单位基本养老保险缴费", 0.16), ("30110", "职工基本医疗保险缴费", 0.075),
                 ("30112", "其他社会保障缴费", 0.009), ("30113", "住房公积金", 0.12)]  # fmt: skip
GOODS = [("30201", "办公费", 0.32, 0.35), ("30202", "印刷费", 0.05, 0.4), ("30205", "水费", 0.04, 0.3),
         ("30206", "电费", 0.16, 0.3), ("30207", "邮电费", 0.07, 0.35), ("30211", "差旅费", 0.22, 0.35),
         ("30213", "维修（护）费", 0.14, 0.4), ("30215", "会议费", 0.035, 0.35),
         ("30216", "培训费", 0.05, 0.35), ("30239", "其他交通费用", 0.42, 0.25),
         ("30299", "其他商品和服务支出", 0.28, 0.4)]  # fmt: skip
FIXED_GOODS = [("30217", "公务接待费"), ("30231", "公务用车运行维护费")]
KIND_ORDER = list(KINDS)
NUMERALS = "一二三四五六七八九十"


def _c(x: float) -> int:
    """万元 → 分 of 万元 (one printed cent)."""
    return max(0, round(x * 100))


def _d(c: int) -> Decimal:
    return Decimal(c) / 100


class _Dept:
    def __init__(self, rng: random.Random, no: int, kind: str, region: str):
        self.kind, self.region, self.code = kind, region, str(101 + no)
        self.name = region + KINDS[kind][0]
        self.staff0 = rng.randint(18, 150)
        self.retirees0 = rng.randint(2, 40)
        self.rate = {c: r * math.exp(rng.gauss(0, s)) for c, _, r, s in WAGES + GOODS}
        self.reception = rng.uniform(0.5, 4.0)
        self.vehicles = rng.randint(0, 4)
        self.abroad = rng.choice([0.0, 0.0, 0.0, rng.uniform(2, 8)])
        self.projects: list[dict] = []  # {code, name, leaf, start, end, base, growth}
        leaves = list(KINDS[kind][6])
        scale = math.exp(rng.gauss(0, 0.9)) * self.staff0 / 40
        for p in range(rng.randint(3, 8)):
            start = rng.choice([2019, 2019, 2019, 2020, 2021, 2022, 2023])
            self.projects.append(
                {
                    "code": f"{region[:2]}{self.code}XM{p + 1:03d}",
                    "theme": rng.choice(THEMES[kind]),
                    "leaf": rng.choice(leaves),
                    "start": start,
                    "end": rng.choice([start + 2, start + 4, 2030, 2030]),
                    "base": 20 + 400 * scale * rng.random(),
                    "growth": rng.uniform(-0.08, 0.1),
                    "count": rng.randint(3, 60),
                }
            )


THEMES = {
    "教育": ["校舍维修改造", "教师培训提升", "学生资助", "教育信息化设备购置", "课后服务补助"],
    "卫生健康": [
        "疫苗冷链运维",
        "家庭医生签约服务",
        "慢病筛查",
        "卫生应急物资储备",
        "妇幼健康服务",
    ],
    "农业农村": [
        "高标准农田管护",
        "农作物病虫害统防统治",
        "农机购置补贴",
        "农村人居环境整治",
        "种业保护",
    ],
    "公安": ["视频监控运维", "执法记录仪购置", "反诈宣传", "警用装备更新", "交通秩序整治"],
    "交通": ["农村公路养护", "桥梁检测", "公交运营补贴", "交通安全设施完善", "航道疏浚"],
    "人社": [
        "职业技能培训补贴",
        "就业见习补贴",
        "劳动保障监察",
        "社保经办信息系统运维",
        "人才引进",
    ],
}


def _doc_id(dept: _Dept, year: int, seed: int) -> str:
    return hashlib.sha256(f"alt:{seed}:{dept.region}:{dept.code}:{year}".encode()).hexdigest()[:16]


def _tree_rows(table, leaves: dict[str, dict[str, int]], cols, kind_class_names) -> list[dict]:
    """合计, 类, 款, 项 rows of a 功能分类 table from its 项 amounts (cols → 分), parents summed."""
    nodes: dict[str, dict[str, int]] = {}
    for code, amounts in leaves.items():
        for key in (code[:3], code[:5], code):
            node = nodes.setdefault(key, dict.fromkeys(cols, 0))
            for col in cols:
                node[col] += amounts.get(col, 0)
    total = {col: sum(nodes[k][col] for k in nodes if len(k) == 3) for col in cols}
    rows = [(None, "合计", None, total)] + [
        (code, kind_class_names.get(code, ""), {3: 1, 5: 2, 7: 3}[len(code)], nodes[code])
        for code in sorted(nodes)
    ]
    return [
        {"table_id": table, "side": "", "row_no": i + 1, "code": code or "", "level": level,
         "name": name, "column_id": col, "amount_wan": _d(amounts[col])}
        for i, (code, name, level, amounts) in enumerate(rows)
        for col in cols
    ]  # fmt: skip


def generate(seed: int, departments: int = 42, years=(2020, 2021, 2022, 2023, 2024), rate=0.3):
    """(Frames, anomalies) of ``departments`` departments × ``years``."""
    rng = random.Random(f"alt:{seed}")
    depts = [
        _Dept(random.Random(f"alt:{seed}:dept:{i}"), i, KIND_ORDER[i % len(KIND_ORDER)],
              REGIONS[(i // len(KIND_ORDER)) % len(REGIONS)])
        for i in range(departments)
    ]  # fmt: skip
    plants = PLANTS * (1 + departments // len(PLANTS))
    order = list(range(departments))
    rng.shuffle(order)
    n_planted = round(rate * departments)
    plant_of = {order[k]: plants[k] for k in range(n_planted)}
    out = {"documents": [], "line_items": [], "projects": [], "indicators": [], "narrative": []}
    labels: list[dict] = []
    for i, dept in enumerate(depts):
        drng = random.Random(f"alt:{seed}:years:{i}")
        prev = None
        plant = plant_of.get(i)
        target_year = drng.choice(years[1:])
        for y, year in enumerate(years):
            doc = _document(dept, year, y, drng, seed)
            doc_labels: list[dict] = []
            if plant is not None:
                plant(doc, prev, year == target_year, depts, drng, doc_labels, seed)
            _emit(doc, out)
            labels += [{"doc_id": doc["doc_id"], "fiscal_year": year, **lb} for lb in doc_labels]
            prev = doc
    frames = Frames(
        documents=conform(pl.DataFrame(out["documents"]), DOCUMENTS),
        line_items=conform(
            pl.DataFrame(out["line_items"], schema_overrides={"amount_wan": pl.Decimal(20, 6)}),
            LINE_ITEMS,
        ),
        projects=conform(
            pl.DataFrame(out["projects"], schema_overrides={"budget_wan": pl.Decimal(20, 6)}),
            PROJECTS,
        ),
        indicators=conform(
            pl.DataFrame(out["indicators"], schema_overrides={"value_number": pl.Decimal(20, 6)}),
            INDICATORS,
        ),
        narrative_figures=conform(
            pl.DataFrame(
                out["narrative"],
                schema_overrides={"amount_wan": pl.Decimal(20, 6), "quantity": pl.Decimal(20, 6)},
            ),
            NARRATIVE_FIGURES,
        ),
    )
    anomalies = pl.DataFrame(
        labels,
        schema={
            "doc_id": pl.String, "fiscal_year": pl.Int32, "kind": pl.String,
            "table_id": pl.String, "code": pl.String, "project_code": pl.String,
            "expected": pl.String, "printed": pl.String, "note": pl.String,
        },
    )  # fmt: skip
    return frames, anomalies


def _document(dept: _Dept, year: int, y: int, rng: random.Random, seed: int) -> dict:
    """One year's figures of ``dept`` in 分: economic lines, function leaves, projects."""
    staff = max(5, dept.staff0 + rng.randint(-3, 3) * y // 2)
    retirees = dept.retirees0 + y
    drift = {c: math.exp(rng.gauss(0, 0.05)) for c in dept.rate}
    econ: dict[str, int] = {}
    for code, _, _, _ in WAGES + GOODS:
        econ[code] = _c(dept.rate[code] * drift[code] * staff)
    wages = sum(econ[c] for c, *_ in WAGES)
    for code, _, share in CONTRIBUTIONS:
        econ[code] = round(wages * share)
    econ["30217"] = _c(dept.reception * math.exp(rng.gauss(0, 0.04)))
    econ["30231"] = _c(dept.vehicles * 2.2 * math.exp(rng.gauss(0, 0.04)))
    econ["30302"] = _c(retirees * 3.6 * math.exp(rng.gauss(0, 0.03)))
    projects = []
    for p in dept.projects:
        if p["start"] <= year <= p["end"]:
            amount = _c(p["base"] * (1 + p["growth"]) ** (year - p["start"]))
            projects.append({**p, "amount": max(amount, 100)})
    return {
        "dept": dept, "year": year, "doc_id": _doc_id(dept, year, seed), "staff": staff,
        "econ": econ, "projects": projects, "narrative_override": {}, "gb_shift": None,
        "es_shift": None, "indicator_edits": [], "three_public_scale": 1, "project_edit": None,
    }  # fmt: skip


ECON_NAMES = {c: n for c, n, *_ in WAGES + GOODS} | {c: n for c, n, _ in CONTRIBUTIONS}
ECON_NAMES |= dict(FIXED_GOODS) | {"30302": "退休费"}
ECON_CLASSES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助"}


def _emit(doc: dict, out: dict) -> None:
    dept, year, doc_id = doc["dept"], doc["year"], doc["doc_id"]
    kind = KINDS[dept.kind]
    econ = doc["econ"]
    personnel = sum(v for c, v in econ.items() if c[:3] in ("301", "303"))
    public = sum(v for c, v in econ.items() if c[:3] == "302")
    basic = personnel + public
    pension = econ["30108"]
    medical = econ["30110"]
    leaves: dict[str, dict[str, int]] = {
        PENSION[2]: {"basic": pension, "project": 0},
        MEDICAL[2]: {"basic": medical, "project": 0},
        kind[5]: {"basic": basic - pension - medical, "project": 0},
    }
    for p in doc["projects"]:
        leaves.setdefault(p["leaf"], {"basic": 0, "project": 0})["project"] += p["amount"]
    for amounts in leaves.values():
        amounts["total"] = amounts["basic"] + amounts["project"]
    names = {kind[1]: kind[2], kind[3]: kind[4], kind[5]: "行政运行", **kind[6]}
    names |= CLASS_NAMES | LEAF_NAMES
    rows = []
    es = _tree_rows("expenditure_summary", leaves, ("total", "basic", "project"), names)
    gb = _tree_rows("general_budget_expenditure", leaves, ("total", "basic", "project"), names)
    for table, shift in (
        ("expenditure_summary", doc["es_shift"]),
        ("general_budget_expenditure", doc["gb_shift"]),
    ):
        if shift:
            codes, col, delta = shift
            target = es if table == "expenditure_summary" else gb
            for r in target:
                if r["code"] in codes and r["column_id"] in col:
                    r["amount_wan"] += _d(delta)
    rows += es + gb
    classes = sorted({c[:3] for c in leaves})
    total = sum(v["total"] for v in leaves.values())
    ies = [("income", 1, "", None, "一、一般公共预算拨款收入", total)]
    for n, cls in enumerate(classes):
        cls_total = sum(v["total"] for c, v in leaves.items() if c[:3] == cls)
        ies.append(("expenditure", 2 + n, cls, 1, f"{NUMERALS[n]}、{names[cls]}", cls_total))
    ies += [("income", 40, "", None, "本年收入合计", total), ("expenditure", 40, "", None, "本年支出合计", total),
            ("income", 42, "", None, "收入总计", total), ("expenditure", 42, "", None, "支出总计", total)]  # fmt: skip
    rows += [
        {"table_id": "income_expenditure_summary", "side": side, "row_no": no, "code": code,
         "level": level, "name": name, "column_id": "amount", "amount_wan": _d(v)}
        for side, no, code, level, name, v in ies
    ]  # fmt: skip
    basic_rows = [(None, None, "合计", personnel, public)]
    for cls in ("301", "302", "303"):
        parts = sorted(c for c in econ if c[:3] == cls and econ[c] > 0)
        p_of = sum(econ[c] for c in parts)
        personnel_cls = cls != "302"
        basic_rows.append(
            (cls, 1, ECON_CLASSES[cls], p_of if personnel_cls else 0, 0 if personnel_cls else p_of)
        )
        basic_rows += [(c, 2, ECON_NAMES[c], econ[c] if personnel_cls else 0, 0 if personnel_cls else econ[c]) for c in parts]  # fmt: skip
    rows += [
        {"table_id": "general_budget_basic_expenditure", "side": "", "row_no": i + 1,
         "code": code or "", "level": level, "name": name, "column_id": col, "amount_wan": _d(v)}
        for i, (code, level, name, pers, pub) in enumerate(basic_rows)
        for col, v in (("total", pers + pub), ("personnel", pers), ("public_funds", pub))
    ]  # fmt: skip
    scale = doc["three_public_scale"]
    reception, vehicle, abroad = econ["30217"], econ["30231"], _c(dept.abroad)
    three = [("合计", abroad + vehicle + reception), ("“三公”经费小计", abroad + vehicle + reception),
             ("一、因公出国（境）费", abroad), ("二、公务用车购置及运行维护费", vehicle),
             ("1、公务用车购置费", 0), ("2、公务用车运行维护费", vehicle), ("三、公务接待费", reception)]  # fmt: skip
    rows += [
        {"table_id": "three_public_expenses", "side": "", "row_no": i + 1, "code": "", "level": None,
         "name": name, "column_id": col, "amount_wan": _d(v * scale)}
        for i, (name, v) in enumerate(three)
        for col in ("total", "general_budget")
    ]  # fmt: skip
    source = f"alt/{year}/{dept.region}-{dept.code}.json"
    out["line_items"] += [
        r | {"doc_id": doc_id, "source_line": 100 + k, "source_file": source, "page_verified": True}
        for k, r in enumerate(rows)
    ]
    out["documents"].append(
        {"doc_id": doc_id, "source_file": source, "department_code": dept.code,
         "department_name": dept.name, "region": dept.region, "fiscal_year": year,
         "doc_kind": "budget", "unit": "万元", "status": "loaded", "level": "county",
         "pages": 30, "parser_version": "gen-alt-1", "encoding": "utf-8"}
    )  # fmt: skip
    project_total = 0
    for n, p in enumerate(doc["projects"]):
        budget = p["amount"] + (
            doc["project_edit"][1]
            if doc["project_edit"] and doc["project_edit"][0] == p["code"]
            else 0
        )
        project_total += p["amount"]
        out["projects"].append(
            {"doc_id": doc_id, "project_code": p["code"], "project_no": n + 1,
             "project_name": f"{p['theme']}项目", "budget_wan": _d(budget),
             "fiscal_funds_wan": _d(budget), "source_line": 600 + 20 * n, "source_file": source,
             "purpose_text": f"用于{dept.region}{p['theme']}"}
        )  # fmt: skip
        out["indicators"] += _indicators(doc, p, n, budget, source)
    figures = {
        "headcount_authorised": ("核定编制", None, doc["staff"] + 2),
        "headcount_actual": ("在编在岗人员", None, doc["staff"]),
        "income_total": ("本部门收入预算合计", total, None),
        "income_general_budget": ("其中一般公共预算拨款", total, None),
        "expenditure_total": ("本部门支出预算合计", total, None),
        "basic": ("用于保障机构正常运转的基本支出", basic, None),
        "personnel": ("人员类支出", personnel, None),
        "public_funds": ("日常运转类公用支出", public, None),
        "project": ("用于完成特定任务的项目支出", project_total, None),
        "three_public_total": ("一般公共预算安排“三公”经费", abroad + vehicle + reception, None),
        "three_public_reception": ("公务接待费", reception, None),
    }
    for label, (text, amount, quantity) in figures.items():
        amount = doc["narrative_override"].get(label, amount)
        out["narrative"].append(
            {"doc_id": doc_id, "label": label, "label_text": text,
             "amount_wan": None if amount is None else _d(amount),
             "quantity": None if quantity is None else Decimal(quantity),
             "source_line": 20 + len(out["narrative"]) % 50, "source_file": source}
        )  # fmt: skip


def _indicators(doc: dict, p: dict, n: int, budget: int, source: str) -> list[dict]:
    """Seven rows in the real forms' wording: 数量 (a count), 质量, 时效, two cost parts below
    the budget, a 效益 sentence naming the project, 满意度."""
    year = doc["year"]
    part = budget * 3 // 5
    spec = [
        (
            "产出指标",
            "数量指标",
            f"{p['theme']}覆盖单位数（个）",
            f"≥{p['count']}个",
            "≥",
            p["count"],
            "个",
        ),
        ("产出指标", "质量指标", "验收合格率", "≥98%", "≥", 98, "%"),
        ("产出指标", "时效指标", "资金拨付时间", f"{year}年11月底前", None, None, None),
        (
            "产出指标",
            "成本指标",
            f"{p['theme']}主要支出",
            f"≤{_d(part)}万元",
            "≤",
            _d(part),
            "万元",
        ),
        (
            "产出指标",
            "成本指标",
            "其他相关支出",
            f"≤{_d(budget - part)}万元",
            "≤",
            _d(budget - part),
            "万元",
        ),
        (
            "效益指标",
            "社会效益指标",
            f"{p['theme']}服务水平",
            f"{p['theme']}服务水平较上年提高",
            None,
            None,
            None,
        ),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "≥", 90, "%"),
    ]
    edits = {k: v for code, k, v in doc["indicator_edits"] if code == p["code"]}
    rows = []
    for k, row in enumerate(spec):
        l1, l2, l3, raw, comp, num, unit = edits.get(k, row)
        rows.append(
            {"doc_id": doc["doc_id"], "project_code": p["code"], "level1": l1, "level2": l2,
             "level3": l3, "description": l3, "value_raw": raw, "value_comparator": comp,
             "value_number": None if num is None else Decimal(num), "value_unit": unit,
             "basis": "部门职责", "source_line": 600 + 20 * n + k + 1, "indicator_no": k + 1,
             "source_file": source}
        )  # fmt: skip
    return rows


# ---- the plants: (doc, prev doc, this is the department's chosen year, all departments, rng,
# labels out, seed); department-wide kinds plant in every year, the others in one year only


def _peer_outlier(doc, prev, chosen, depts, rng, labels, seed):
    code = ("30215", "30211", "30216", "30213")[int(doc["dept"].code) % 4]
    before = doc["econ"][code]
    doc["econ"][code] = before * 9
    labels.append(
        _label(
            "peer_outlier",
            "general_budget_basic_expenditure",
            code,
            None,
            before,
            before * 9,
            "a line ×9 per person in every year",
        )
    )


def _composition(doc, prev, chosen, depts, rng, labels, seed):
    before = sum(v for c, v in doc["econ"].items() if c[:3] == "302")
    for c in list(doc["econ"]):
        if c[:3] == "302" and c not in ("30215", "30217", "30231"):
            doc["econ"][c] = doc["econ"][c] * 3
    after = sum(v for c, v in doc["econ"].items() if c[:3] == "302")
    labels.append(
        _label(
            "composition_outlier",
            "general_budget_basic_expenditure",
            "302",
            None,
            before,
            after,
            "every 商品和服务 款 ×3 in every year",
        )
    )


def _function_drop(doc, prev, chosen, depts, rng, labels, seed):
    """The office's miss: a 项's 项目支出 falls to a seventh of last year's, nothing to explain it —
    its projects are last year's, each cut to a seventh, and no project of last year ended."""
    if not chosen or prev is None:
        return
    now = {p["code"]: p for p in doc["projects"]}
    before = {p["code"]: p for p in prev["projects"]}
    if not set(before) <= set(now):
        return  # a finished project could explain a fall: no clean plant this year
    leaves = {p["leaf"] for p in doc["projects"]}
    same = [
        leaf
        for leaf in sorted(leaves)
        if {c for c, p in now.items() if p["leaf"] == leaf}
        == {c for c, p in before.items() if p["leaf"] == leaf}
    ]
    if not same:
        return
    leaf = max(same, key=lambda lf: sum(p["amount"] for p in before.values() if p["leaf"] == lf))
    on_leaf = [p for p in doc["projects"] if p["leaf"] == leaf]
    for p in on_leaf:
        p["amount"] = max(before[p["code"]]["amount"] // 7, 100)
    before = sum(before[p["code"]]["amount"] for p in on_leaf)
    after = sum(p["amount"] for p in on_leaf)
    labels.append(
        _label(
            "yoy_change",
            "general_budget_expenditure",
            leaf,
            None,
            before,
            after,
            "a 项's 项目支出 at a seventh of last year's, nothing ending",
        )
    )


def _narrative_public(doc, prev, chosen, depts, rng, labels, seed):
    """The office's miss: the narrative's 公用经费 unlike the 基本支出表."""
    if not chosen:
        return
    public = sum(v for c, v in doc["econ"].items() if c[:3] == "302")
    wrong = public + max(_c(5), public // 4)
    doc["narrative_override"]["public_funds"] = wrong
    labels.append(
        _label(
            "narrative_mismatch",
            None,
            None,
            None,
            public,
            wrong,
            "the 说明's 公用经费 unlike the tables",
        )
    )


def _whole_cost(doc, prev, chosen, depts, rng, labels, seed):
    """The office's miss: a cost indicator naming the project's whole cost below 预算数."""
    if not chosen or not doc["projects"]:
        return
    p = doc["projects"][0]
    low = _d(p["amount"] * 7 // 10)
    doc["indicator_edits"].append(
        (p["code"], 4, ("产出指标", "成本指标", "项目总成本", f"≤{low}万元", "≤", low, "万元"))
    )
    labels.append(
        _label(
            "cost_indicator_mismatch",
            None,
            None,
            p["code"],
            p["amount"],
            int(low * 100),
            "项目总成本 below 预算数",
        )
    )


def _shift_leaf(doc, chosen, labels, kind, table, codes, columns, by, note):
    """The first project's 项 (and ``codes(leaf)``) in ``table``'s ``columns`` raised by ``by``."""
    if not chosen or not doc["projects"]:
        return
    leaf = doc["projects"][0]["leaf"]
    key = {"expenditure_summary": "es_shift", "general_budget_expenditure": "gb_shift"}[table]
    doc[key] = (codes(leaf), columns, _c(by))
    labels.append(_label(kind, table, leaf, None, 0, _c(by), note))


def _identity_break(doc, prev, chosen, depts, rng, labels, seed):
    _shift_leaf(
        doc, chosen, labels, "identity_break", "expenditure_summary",
        lambda leaf: [leaf], ("project",), 37.5, "a 项's 项目支出 raised alone",
    )  # fmt: skip


def _cross_table(doc, prev, chosen, depts, rng, labels, seed):
    _shift_leaf(
        doc, chosen, labels, "cross_table_mismatch", "general_budget_expenditure",
        lambda leaf: ["", leaf[:3], leaf[:5], leaf], ("project", "total"), 52.3,
        "一般公共预算支出表 shifted with its parents",
    )  # fmt: skip


def _project_sum(doc, prev, chosen, depts, rng, labels, seed):
    if not chosen or not doc["projects"]:
        return
    p = doc["projects"][-1]
    doc["project_edit"] = (p["code"], _c(61.0))
    labels.append(
        _label(
            "project_sum_mismatch",
            None,
            None,
            p["code"],
            p["amount"],
            p["amount"] + _c(61.0),
            "one 绩效目标表 预算数 raised",
        )
    )


def _boilerplate(doc, prev, chosen, depts, rng, labels, seed):
    if not chosen or not doc["projects"]:
        return
    p = doc["projects"][-1]
    doc["indicator_edits"].append(
        (p["code"], 0, ("产出指标", "数量指标", "培训人次", "≥95%", "≥", 95, "%"))
    )
    labels.append(
        _label(
            "boilerplate_indicator", None, None, p["code"], 0, 0, "a count asked, a rate printed"
        )
    )


def _stale(doc, prev, chosen, depts, rng, labels, seed):
    if not chosen or not doc["projects"]:
        return
    p = doc["projects"][0]
    old = doc["year"] - 3
    doc["indicator_edits"].append(
        (
            p["code"],
            2,
            ("产出指标", "时效指标", "资金拨付时间", f"{old}年11月底前", None, None, None),
        )
    )
    labels.append(_label("stale_year", None, None, p["code"], 0, 0, f"a deadline of {old}"))


def _unit(doc, prev, chosen, depts, rng, labels, seed):
    if not chosen or doc["econ"]["30217"] == 0:
        return
    doc["three_public_scale"] = 10000
    labels.append(
        _label(
            "unit_mismatch",
            "three_public_expenses",
            None,
            None,
            0,
            0,
            "三公 table in 元 under 万元",
        )
    )


def _copy(doc, prev, chosen, depts, rng, labels, seed):
    """A block of another kind's department (same year, its first project) printed as this
    department's first project's targets."""
    if not chosen or not doc["projects"]:
        return
    other = next(d for d in depts if d.kind != doc["dept"].kind)
    source = next((p for p in other.projects if p["start"] <= doc["year"] <= p["end"]), None)
    if source is None:
        return
    p = doc["projects"][0]
    ghost = {"doc_id": "", "year": doc["year"], "indicator_edits": []}
    block = _indicators(ghost, source, 0, 0, "")
    for k in (0, 1, 5, 6):
        r = block[k]
        doc["indicator_edits"].append(
            (
                p["code"],
                k,
                (
                    r["level1"],
                    r["level2"],
                    r["level3"],
                    r["value_raw"],
                    r["value_comparator"],
                    r["value_number"],
                    r["value_unit"],
                ),
            )
        )
    labels.append(
        _label(
            "copy_paste",
            None,
            None,
            p["code"],
            0,
            0,
            f"targets of {other.name}'s {source['theme']}",
        )
    )


def _label(kind, table_id, code, project_code, expected, printed, note) -> dict:
    return {"kind": kind, "table_id": table_id, "code": code, "project_code": project_code,
            "expected": str(_d(expected)), "printed": str(_d(printed)), "note": note}  # fmt: skip


PLANTS = [_peer_outlier, _function_drop, _narrative_public, _whole_cost, _composition,
          _identity_break, _cross_table, _project_sum, _boilerplate, _stale, _unit, _copy]  # fmt: skip
