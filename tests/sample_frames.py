"""The sample as hand-built frames: every row transcribed by hand from
synth/data/000_e9dd90ecd9c1084d.txt (line numbers are the file's), for tests of the gates,
comparison and detection that need the sample's figures without the reader, or with one
number changed."""

from __future__ import annotations

from decimal import Decimal as D

import polars as pl

from budgetwatch.contract.schema import (
    DOCUMENTS,
    FINDINGS,
    LINE_ITEMS,
    NARRATIVE_FIGURES,
    PROJECTS,
    TABLE_STATUS,
    Frames,
    conform,
)

DOC = "e9dd90ecd9c1084d"

# 支出总表 (lines 180-212) and 一般公共预算财政拨款支出表 (340-373): line, code, name, 合计, 基本, 项目
T3 = """180||合计|1396.37|413.03|983.34
181|201|一般公共服务支出|32.30||32.30
182|20140|信访事务|32.30||32.30
183|2014004|信访业务|32.30||32.30
184|206|科学技术支出|1187.06|376.23|810.83
185|20601|科学技术管理事务|377.33|376.23|1.10
186|2060101|行政运行|376.23|376.23|
187|2060102|一般行政管理事务|1.10||1.10
188|20604|技术与开发|87.00||87.00
189|2060404|科技成果转化与扩散|70.00||70.00
190|2060499|其他技术研究开发支出|17.00||17.00
202|20607|科学技术普及|1.70||1.70
203|2060702|科普活动|1.70||1.70
204|20699|其他科学技术支出|721.03||721.03
205|2069999|其他科学技术支出|721.03||721.03
206|215|资源勘探工业信息等支出|177.01|36.80|140.21
207|21501|资源勘探开发|59.50||59.50
208|2150102|一般行政管理事务|59.50||59.50
209|21505|工业和信息产业监管|117.51|36.80|80.71
210|2150501|行政运行|36.80|36.80|
211|2150502|一般行政管理事务|28.00||28.00
212|2150517|产业发展|52.71||52.71"""
T5_LINES = [
    340,
    341,
    342,
    343,
    344,
    345,
    346,
    347,
    348,
    349,
    350,
    351,
    352,
    353,
    366,
    367,
    368,
    369,
    370,
    371,
    372,
    373,
]
# 收入总表 (113-166): 合计, 小计 and 财政拨款收入 print the same amount as 支出总表 合计.
T2_LINES = [
    113,
    114,
    115,
    116,
    117,
    118,
    119,
    131,
    132,
    133,
    134,
    145,
    146,
    147,
    148,
    149,
    150,
    162,
    163,
    164,
    165,
    166,
]
# 基本支出表 (387-420): line, code, name, 合计, 人员经费, 公用经费
T6 = """387||合计|413.03|376.23|36.80
388|301|工资福利支出|262.78|262.78|
389|30101|基本工资|109.00|109.00|
390|30102|津贴补贴|22.80|22.80|
391|30103|奖金|26.70|26.70|
392|30107|绩效工资|37.10|37.10|
393|30108|机关事业单位基本养老保险缴费|28.00|28.00|
394|30110|职工基本医疗保险缴费|14.00|14.00|
395|30112|其他社会保障缴费|1.18|1.18|
396|30113|住房公积金|24.00|24.00|
397|302|商品和服务支出|36.80||36.80
398|30201|办公费|2.80||2.80
399|30205|水费|0.30||0.30
400|30206|电费|3.80||3.80
412|30207|邮电费|7.00||7.00
413|30211|差旅费|1.10||1.10
414|30226|劳务费|0.40||0.40
415|30231|公务用车运行维护费|3.00||3.00
416|30239|其他交通费用|10.00||10.00
417|30299|其他商品和服务支出|8.40||8.40
418|303|对个人和家庭的补助|113.45|113.45|
419|30302|退休费|106.26|106.26|
420|30305|生活补助|7.19|7.19|"""
# 三公 table (464-483): line, row_no, name, 合计, 一般公共预算 (other columns blank)
T9 = """464|1|合计|3.00|3.00
465|2|“三公”经费小计|3.00|3.00
466|3|一、因公出国（境）费||
467|4|其中：教学科研人员因公出国（境）费||
468|5|其他因公出国（境）费||
469|6|二、公务用车购置及运维费|3.00|3.00
481|7|公务用车购置费||
482|8|公务用车运行维护费|3.00|3.00
483|9|三、公务接待费||"""
# 项目绩效目标表 预算数 = 财政资金 (lines 697 … 953)
PROJECT_BUDGETS = [
    (697, "76.68"),
    (718, "70.00"),
    (741, "2.00"),
    (762, "144.34"),
    (783, "1.70"),
    (804, "17.00"),
    (825, "1.10"),
    (846, "26.30"),
    (869, "59.50"),
    (890, "500.00"),
    (911, "7.01"),
    (932, "45.70"),
    (953, "32.30"),
]
# narrative (lines 562-582): label, amount, line
NARRATIVE = [
    ("income_total", "1396.37", 562),
    ("income_general_budget", "1396.37", 562),
    ("income_gov_fund", "0", 562),
    ("income_special_account", "0", 562),
    ("expenditure_total", "1396.37", 566),
    ("basic", "413.03", 566),
    ("personnel", "376.23", 566),
    ("public_funds", "36.8", 566),
    ("project", "983.34", 566),
    ("yoy_total", "1396.37", 570),
    ("yoy_total_change", "-82.67", 570),
    ("yoy_basic_change", "-102.8", 570),
    ("yoy_project_change", "20.13", 570),
    ("org_running", "36.8", 574),
    ("three_public_total", "3", 578),
    ("three_public_abroad", "0", 580),
    ("three_public_vehicle", "3", 581),
    ("three_public_vehicle_purchase", "0", 581),
    ("three_public_vehicle_operation", "3", 581),
    ("three_public_reception", "0", 582),
]


def _item(table, side, row_no, code, name, column, amount, line):
    return {
        "doc_id": DOC,
        "table_id": table,
        "side": side,
        "row_no": row_no,
        "code": code,
        "name": name,
        "column_id": column,
        "amount_wan": D(amount),
        "source_line": line,
        "level": {3: 1, 5: 2, 7: 3}.get(len(code)),
    }


def _coded_table(text, table, columns, lines=None):
    rows = []
    for i, rec in enumerate(text.splitlines()):
        line, code, name, *amounts = rec.split("|")
        line = lines[i] if lines else int(line)
        for column, amount in zip(columns, amounts):
            if amount:
                rows.append(_item(table, "", i + 1, code, name, column, amount, line))
    return rows


def sample_items() -> list[dict]:
    rows = _coded_table(T3, "expenditure_summary", ("total", "basic", "project"))
    rows += _coded_table(T3, "general_budget_expenditure", ("total", "basic", "project"), T5_LINES)
    t2 = "\n".join("|".join(r.split("|")[:4]) for r in T3.splitlines())
    rows += _coded_table(t2, "income_summary", ("total",), T2_LINES)
    rows += _coded_table(t2, "income_summary", ("subtotal",), T2_LINES)
    rows += _coded_table(t2, "income_summary", ("fiscal_appropriation",), T2_LINES)
    rows += _coded_table(
        T6, "general_budget_basic_expenditure", ("total", "personnel", "public_funds")
    )
    for rec in T9.splitlines():
        line, row_no, name, total, general = rec.split("|")
        for column, amount in (("total", total), ("general_budget", general)):
            if amount:
                rows.append(
                    _item(
                        "three_public_expenses",
                        "",
                        int(row_no),
                        "",
                        name,
                        column,
                        amount,
                        int(line),
                    )
                )
    t1 = "income_expenditure_summary"
    rows += [
        _item(t1, "income", 1, "", "一、一般公共预算拨款收入", "amount", "1396.37", 44),
        _item(t1, "expenditure", 1, "201", "一、一般公共服务支出", "amount", "32.30", 44),
        _item(t1, "expenditure", 6, "206", "六、科学技术支出", "amount", "1187.06", 49),
        _item(t1, "expenditure", 15, "215", "十五、资源勘探工业信息等支出", "amount", "177.01", 69),
        _item(t1, "income", 32, "", "本年收入合计", "amount", "1396.37", 97),
        _item(t1, "expenditure", 32, "", "本年支出合计", "amount", "1396.37", 97),
        _item(t1, "income", 34, "", "收入总计", "amount", "1396.37", 99),
        _item(t1, "expenditure", 34, "", "支出总计", "amount", "1396.37", 99),
    ]
    t4 = "fiscal_appropriation_summary"
    rows.append(_item(t4, "income", 1, "", "一、一般公共预算拨款", "amount", "1396.37", 228))
    for row_no, code, name, amount, line in (
        (1, "201", "一、一般公共服务支出", "32.30", 228),
        (6, "206", "六、科学技术支出", "1187.06", 233),
        (15, "215", "十五、资源勘探工业信息等支出", "177.01", 254),
        (32, "", "本年支出合计", "1396.37", 309),
        (37, "", "支出总计", "1396.37", 326),
    ):
        for column in ("total", "general_budget"):
            rows.append(_item(t4, "expenditure", row_no, code, name, column, amount, line))
    rows += [
        _item(t4, "income", 32, "", "本年收入合计", "amount", "1396.37", 309),
        _item(t4, "income", 37, "", "收入总计", "amount", "1396.37", 326),
    ]
    return rows


def sample_frames(items: list[dict] | None = None, doc_id: str = DOC, **doc) -> Frames:
    """The sample's frames; ``items`` replaces the line items (to inject a break)."""
    items = sample_items() if items is None else items
    tables = [
        "income_expenditure_summary",
        "income_summary",
        "expenditure_summary",
        "fiscal_appropriation_summary",
        "general_budget_expenditure",
        "general_budget_basic_expenditure",
        "three_public_expenses",
    ]
    document = {
        "doc_id": doc_id,
        "source_file": "000_e9dd90ecd9c1084d.txt",
        "department_code": "350",
        "department_name": "赵县科学技术和工业信息化局",
        "region": "赵县",
        "fiscal_year": 2024,
        "doc_kind": "budget",
        "unit": "万元",
        "status": "loaded",
    } | doc
    frames = Frames(
        documents=conform(pl.DataFrame([document]), DOCUMENTS),
        line_items=conform(pl.DataFrame(items, infer_schema_length=None), LINE_ITEMS),
        projects=conform(
            pl.DataFrame(
                [
                    {
                        "doc_id": DOC,
                        "project_code": f"P{i:02d}",
                        "budget_wan": D(b),
                        "fiscal_funds_wan": D(b),
                        "source_line": line,
                    }
                    for i, (line, b) in enumerate(PROJECT_BUDGETS, 1)
                ]
            ),
            PROJECTS,
        ),
        narrative_figures=conform(
            pl.DataFrame(
                [
                    {
                        "doc_id": DOC,
                        "label": label,
                        "amount_wan": D(a),
                        "source_line": line,
                        "ref_year": 2023 if label.startswith("yoy") else None,
                    }
                    for label, a, line in NARRATIVE
                ]
            ),
            NARRATIVE_FIGURES,
        ),
        table_status=conform(
            pl.DataFrame(
                [{"doc_id": DOC, "table_id": t, "status": "present"} for t in tables]
                + [
                    {"doc_id": DOC, "table_id": t, "status": "empty_with_note"}
                    for t in ("gov_fund_expenditure", "state_capital_expenditure")
                ]
            ),
            TABLE_STATUS,
        ),
        # line 1016: 机关运行经费：是指各部门（单位）的公用经费 (what makes X8 an identity)
        findings=conform(
            pl.DataFrame(
                [
                    {
                        "doc_id": DOC,
                        "kind": "org_running_definition",
                        "severity": "info",
                        "source_line": 1016,
                    }
                ]
            ),
            FINDINGS,
        ),
    )
    if doc_id != DOC:
        frames = Frames(
            **{
                n: (df.with_columns(doc_id=pl.lit(doc_id)) if "doc_id" in df.columns else df)
                for n, df in frames.items()
            }
        )
    return frames


def public_funds_in_yuan() -> Frames:
    """The sample's frames with its narrative 公用经费 (36.80, line 566) read as 36.80 元 =
    0.00368 万元: a unit slip against 基本支出表's 36.80 万元 (test_detection_causes,
    test_certainty)."""
    frames = sample_frames()
    frames.narrative_figures = frames.narrative_figures.with_columns(
        amount_wan=pl.when(pl.col("label") == "public_funds")
        .then(pl.lit(D("0.00368")))
        .otherwise(pl.col("amount_wan"))
    )
    return frames


def _changed(match: dict, amount: str) -> list[dict]:
    """Sample items with the one item matching ``match`` set to ``amount``."""
    out, hits = [], 0
    for it in sample_items():
        if all(it[k] == v for k, v in match.items()):
            it = it | {"amount_wan": D(amount)}
            hits += 1
        out.append(it)
    assert hits == 1, match
    return out


def year_frames(doc_id: str, year: int, changes: dict, drop: tuple = (), **doc) -> Frames:
    """The sample as department 350's document of ``year``; ``changes`` maps
    (table, code, column) → amount, ``drop`` lists codes removed from 支出总表."""
    items = []
    for it in sample_items():
        key = (it["table_id"], it["code"] or it["name"], it["column_id"])
        if it["table_id"] == "expenditure_summary" and it["code"] in drop:
            continue
        items.append(it | {"amount_wan": D(changes[key])} if key in changes else it)
    f = sample_frames(
        items, doc_id=doc_id, fiscal_year=year, source_file=f"{year}/赵县-350.txt", **doc
    )
    f.narrative_figures = f.narrative_figures.with_columns(
        ref_year=pl.when(pl.col("ref_year").is_not_null()).then(year - 1)
    )
    return f
