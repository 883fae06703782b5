"""Identity residuals on the real sample, transcribed by hand from
synth/data/000_e9dd90ecd9c1084d.txt (line numbers are the file's), and on small
variants of it with one number changed."""
from __future__ import annotations

from decimal import Decimal as D

import polars as pl

from budgetwatch.expectations.residuals import RESIDUALS, compute_residuals
from budgetwatch.transforms.schema import (
    DOCUMENTS,
    FINDINGS,
    LINE_ITEMS,
    NARRATIVE_FIGURES,
    PROJECTS,
    TABLE_STATUS,
    Frames,
    conform,
)
from tests.conftest import parsed_sample

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
T5_LINES = [340, 341, 342, 343, 344, 345, 346, 347, 348, 349, 350, 351, 352, 353, 366, 367, 368,
            369, 370, 371, 372, 373]
# 收入总表 (113-166): 合计, 小计 and 财政拨款收入 print the same amount as 支出总表 合计.
T2_LINES = [113, 114, 115, 116, 117, 118, 119, 131, 132, 133, 134, 145, 146, 147, 148, 149, 150,
            162, 163, 164, 165, 166]
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
PROJECT_BUDGETS = [(697, "76.68"), (718, "70.00"), (741, "2.00"), (762, "144.34"),
                   (783, "1.70"), (804, "17.00"), (825, "1.10"), (846, "26.30"),
                   (869, "59.50"), (890, "500.00"), (911, "7.01"), (932, "45.70"),
                   (953, "32.30")]
# narrative (lines 562-582): label, amount, line
NARRATIVE = [
    ("income_total", "1396.37", 562), ("income_general_budget", "1396.37", 562),
    ("income_gov_fund", "0", 562), ("income_special_account", "0", 562),
    ("expenditure_total", "1396.37", 566), ("basic", "413.03", 566),
    ("personnel", "376.23", 566), ("public_funds", "36.8", 566), ("project", "983.34", 566),
    ("yoy_total", "1396.37", 570), ("yoy_total_change", "-82.67", 570),
    ("yoy_basic_change", "-102.8", 570), ("yoy_project_change", "20.13", 570),
    ("org_running", "36.8", 574), ("three_public_total", "3", 578),
    ("three_public_abroad", "0", 580), ("three_public_vehicle", "3", 581),
    ("three_public_vehicle_purchase", "0", 581), ("three_public_vehicle_operation", "3", 581),
    ("three_public_reception", "0", 582),
]


def _item(table, side, row_no, code, name, column, amount, line):
    return {"doc_id": DOC, "table_id": table, "side": side, "row_no": row_no, "code": code,
            "name": name, "column_id": column, "amount_wan": D(amount), "source_line": line,
            "level": {3: 1, 5: 2, 7: 3}.get(len(code))}


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
    rows += _coded_table(T3, "general_budget_expenditure", ("total", "basic", "project"),
                         T5_LINES)
    t2 = "\n".join("|".join(r.split("|")[:4]) for r in T3.splitlines())
    rows += _coded_table(t2, "income_summary", ("total",), T2_LINES)
    rows += _coded_table(t2, "income_summary", ("subtotal",), T2_LINES)
    rows += _coded_table(t2, "income_summary", ("fiscal_appropriation",), T2_LINES)
    rows += _coded_table(T6, "general_budget_basic_expenditure",
                         ("total", "personnel", "public_funds"))
    for rec in T9.splitlines():
        line, row_no, name, total, general = rec.split("|")
        for column, amount in (("total", total), ("general_budget", general)):
            if amount:
                rows.append(_item("three_public_expenses", "", int(row_no), "", name, column,
                                  amount, int(line)))
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
            (32, "", "本年支出合计", "1396.37", 309), (37, "", "支出总计", "1396.37", 326)):
        for column in ("total", "general_budget"):
            rows.append(_item(t4, "expenditure", row_no, code, name, column, amount, line))
    rows += [_item(t4, "income", 32, "", "本年收入合计", "amount", "1396.37", 309),
             _item(t4, "income", 37, "", "收入总计", "amount", "1396.37", 326)]
    return rows


def sample_frames(items: list[dict] | None = None, doc_id: str = DOC, **doc) -> Frames:
    """The sample's frames; ``items`` replaces the line items (to inject a break)."""
    items = sample_items() if items is None else items
    tables = ["income_expenditure_summary", "income_summary", "expenditure_summary",
              "fiscal_appropriation_summary", "general_budget_expenditure",
              "general_budget_basic_expenditure", "three_public_expenses"]
    document = {"doc_id": doc_id, "source_file": "000_e9dd90ecd9c1084d.txt",
                "department_code": "350", "department_name": "赵县科学技术和工业信息化局",
                "region": "赵县", "fiscal_year": 2024, "doc_kind": "budget", "unit": "万元",
                "status": "loaded"} | doc
    frames = Frames(
        documents=conform(pl.DataFrame([document]), DOCUMENTS),
        line_items=conform(pl.DataFrame(items, infer_schema_length=None), LINE_ITEMS),
        projects=conform(pl.DataFrame(
            [{"doc_id": DOC, "project_code": f"P{i:02d}", "budget_wan": D(b),
              "fiscal_funds_wan": D(b), "source_line": line}
             for i, (line, b) in enumerate(PROJECT_BUDGETS, 1)]), PROJECTS),
        narrative_figures=conform(pl.DataFrame(
            [{"doc_id": DOC, "label": label, "amount_wan": D(a), "source_line": line,
              "ref_year": 2023 if label.startswith("yoy") else None}
             for label, a, line in NARRATIVE]), NARRATIVE_FIGURES),
        table_status=conform(pl.DataFrame(
            [{"doc_id": DOC, "table_id": t, "status": "present"} for t in tables]
            + [{"doc_id": DOC, "table_id": t, "status": "empty_with_note"}
               for t in ("gov_fund_expenditure", "state_capital_expenditure")]),
            TABLE_STATUS),
        # line 1016: 机关运行经费：是指各部门（单位）的公用经费 (what makes X8 an identity)
        findings=conform(pl.DataFrame([{"doc_id": DOC, "kind": "org_running_definition",
                                        "severity": "info", "source_line": 1016}]), FINDINGS),
    )
    if doc_id != DOC:
        frames = Frames(**{n: (df.with_columns(doc_id=pl.lit(doc_id)) if "doc_id" in df.columns
                               else df) for n, df in frames.items()})
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


def test_schema_and_sample_failures(settings):
    res = compute_residuals(sample_frames(), settings)
    assert res.schema == pl.Schema(RESIDUALS)
    failed = res.filter(~pl.col("passed"))
    # the sample's only break: Σ of the 13 project budgets vs 支出总表 项目支出 合计
    assert failed["check_id"].to_list() == ["X9"]
    x9 = failed.row(0, named=True)
    total = sum(D(b) for _, b in PROJECT_BUDGETS)
    assert total == D("983.63")
    assert x9["actual"] == total and x9["expected"] == D("983.34")
    assert x9["residual"] == D("0.29")
    assert x9["tolerance"] == D("0.01") * 13
    assert x9["kind"] == "project_sum_mismatch"
    assert "983.63" in x9["explanation"] and "983.34" in x9["explanation"]
    # the subjects are unique per document and check (they key the flag ids)
    assert res.select("doc_id", "check_id", "subject").is_duplicated().sum() == 0


def test_every_family_is_checked_on_the_sample(settings):
    res = compute_residuals(sample_frames(), settings)
    present = set(res["check_id"].unique())
    assert {"W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "X1", "X2", "X3", "X4",
            "X5", "X6", "X8", "X9", "X10", "N1", "N2", "N3", "N4"} <= present
    # W3 on 支出总表 206 合计: 377.33 + 87.00 + 1.70 + 721.03 = 1187.06, four terms
    row = res.filter((pl.col("subject") == "expenditure_summary/206/total")
                     & (pl.col("check_id") == "W3")).row(0, named=True)
    assert row["expected"] == D("377.33") + D("87.00") + D("1.70") + D("721.03")
    assert row["actual"] == D("1187.06") and row["tolerance"] == D("0.04")
    assert row["source_line"] == 184
    # N3: −82.67 = −102.8 + 20.13
    n3 = res.filter(pl.col("check_id") == "N3").row(0, named=True)
    assert n3["residual"] == D("-82.67") - (D("-102.8") + D("20.13")) == 0


def test_parent_child_break(settings):
    # 支出总表 206 合计 printed 1187.16 instead of 1187.06 (line 184)
    items = _changed({"table_id": "expenditure_summary", "code": "206", "column_id": "total"},
                     "1187.16")
    res = compute_residuals(sample_frames(items), settings)
    failed = res.filter(~pl.col("passed"))
    w3 = failed.filter((pl.col("check_id") == "W3")
                       & (pl.col("subject") == "expenditure_summary/206/total")).row(0, named=True)
    assert w3["residual"] == D("0.10") and w3["source_line"] == 184
    assert w3["kind"] == "identity_break"
    assert w3["explanation"] == (
        "支出总表 206 科学技术支出 合计 1187.16 ≠ Σ下级科目 1187.06，差 0.10，容差 0.04 (line 184)")
    # the same number also breaks 合计 = Σ类, the row-wise 合计 = 基本 + 项目 and the
    # cross-table agreement with 收支总表, 收入总表 and 一般公共预算支出表
    assert set(failed["check_id"]) == {"W3", "W5", "X2", "X3", "X4", "X9"}
    x2 = failed.filter(pl.col("check_id") == "X2").row(0, named=True)
    assert (x2["actual"], x2["expected"], x2["kind"]) == (D("1187.06"), D("1187.16"),
                                                          "cross_table_mismatch")


def test_missing_child_row_breaks_parent(settings):
    # drop 项 2150502 一般行政管理事务 (28.00, all 项目支出): 款 21505 keeps its printed
    # 项目支出 80.71 but its remaining children sum to 80.71 − 28.00
    items = [it for it in sample_items()
             if not (it["table_id"] == "expenditure_summary" and it["code"] == "2150502")]
    res = compute_residuals(sample_frames(items), settings)
    row = res.filter((pl.col("check_id") == "W3")
                     & (pl.col("subject") == "expenditure_summary/21505/project")
                     ).row(0, named=True)
    assert row["expected"] == D("80.71") - D("28.00")
    assert row["residual"] == D("28.00") and not row["passed"]


def test_rounding_within_tolerance(settings):
    # 206 = Σ4 款 with 0.03 off: within 4 × 0.01, passes; 0.05 off fails
    for amount, ok in (("1187.09", True), ("1187.11", False)):
        items = _changed({"table_id": "expenditure_summary", "code": "206",
                          "column_id": "project"}, str(D("810.83") + D(amount) - D("1187.06")))
        res = compute_residuals(sample_frames(items), settings)
        row = res.filter((pl.col("check_id") == "W3")
                         & (pl.col("subject") == "expenditure_summary/206/project")).row(
            0, named=True)
        assert row["passed"] is ok


def test_narrative_and_three_public(settings):
    frames = sample_frames()
    frames.narrative_figures = frames.narrative_figures.with_columns(
        amount_wan=pl.when(pl.col("label") == "org_running").then(pl.lit(D("38.8")))
        .otherwise(pl.col("amount_wan")))
    items = _changed({"table_id": "three_public_expenses", "name": "公务用车运行维护费",
                      "column_id": "total"}, "2.50")
    frames.line_items = sample_frames(items).line_items
    failed = compute_residuals(frames, settings).filter(~pl.col("passed"))
    x8 = failed.filter(pl.col("check_id") == "X8").row(0, named=True)
    assert (x8["actual"], x8["expected"], x8["source_line"]) == (D("38.8"), D("36.80"), 574)
    assert x8["kind"] == "narrative_mismatch"
    w9 = failed.filter(pl.col("check_id") == "W9").row(0, named=True)
    # 二、公务用车购置及运维费 3.00 vs 购置 (blank = 0) + 运行维护 2.50
    assert (w9["actual"], w9["expected"]) == (D("3.00"), D("2.50"))
    assert "二、公务用车购置及运维费" in w9["subject"]
    # 运行维护费 row-wise: 合计 2.50 vs 一般公共预算 3.00 (W10), narrative 3 vs 2.50 (N4)
    assert {"W10", "N4"} <= set(failed["check_id"])


def test_balanced_budget(settings):
    items = _changed({"table_id": "income_expenditure_summary", "side": "income",
                      "name": "收入总计"}, "1400.00")
    failed = compute_residuals(sample_frames(items), settings).filter(~pl.col("passed"))
    w2 = failed.filter(pl.col("check_id") == "W2")
    assert sorted(w2["subject"]) == ["income_expenditure_summary/income/收入总计/amount",
                                     "income_expenditure_summary/收入总计~支出总计"]
    assert set(w2["residual"]) == {D("3.63")}


def test_appropriation_income_across_tables(settings):
    # 财政拨款收支总表 一、一般公共预算拨款 printed 1390.00 (line 228) vs 收支总表 1396.37
    items = _changed({"table_id": "fiscal_appropriation_summary", "side": "income",
                      "row_no": 1}, "1390.00")
    failed = compute_residuals(sample_frames(items), settings).filter(~pl.col("passed"))
    x1 = failed.filter(pl.col("check_id") == "X1").row(0, named=True)
    assert (x1["actual"], x1["expected"], x1["source_line"]) == (D("1396.37"), D("1390.00"), 44)
    assert x1["residual"] == D("6.37")
    # and 本年收入合计 1396.37 ≠ Σ appropriation rows 1390.00 inside that table
    w6 = failed.filter(pl.col("check_id") == "W6")
    assert w6["subject"].to_list() == ["fiscal_appropriation_summary/income/本年收入合计/amount"]


def test_documents_are_independent(settings):
    two = Frames.concat([sample_frames(), sample_frames(doc_id="other")])
    res = compute_residuals(two, settings)
    one = compute_residuals(sample_frames(), settings)
    assert res.height == 2 * one.height
    assert res.filter(~pl.col("passed"))["doc_id"].sort().to_list() == [DOC, "other"]




def test_parsed_sample(settings):
    res = compute_residuals(parsed_sample(), settings)
    failed = res.filter(~pl.col("passed"))
    assert failed["check_id"].to_list() == ["X9"]
    assert failed["residual"].to_list() == [D("983.63") - D("983.34")]
    # the narrative's figures (lines 562-582) are all checked and all agree
    n = res.filter(pl.col("kind") == "narrative_mismatch")
    # N1 ×5 (收入 lines), N2 ×5, N3 ×2 (stated total, change sum), N4 ×6 (三公), X8, X12n
    assert n.height == 5 + 5 + 2 + 6 + 1 + 1 and n["passed"].all()


def test_fixed_assets_table_and_narrative(settings):
    # 部门固定资产占用情况表 (lines 997-1002): 资产总额 215.95 = 房屋 82.31 + 车辆 29.93 + 设备
    # (blank) + 其他 103.71; 办公用房 35.21 is part of 房屋. Line 988: 上年末固定资产金额 215.95.
    frames = parsed_sample()
    res = compute_residuals(frames, settings).filter(pl.col("check_id").str.starts_with("X12"))
    x12 = res.filter(pl.col("check_id") == "X12").row(0, named=True)
    assert (x12["actual"], x12["expected"]) == (D("215.95"), D("82.31") + D("29.93") + D("103.71"))
    assert x12["passed"] and x12["kind"] == "identity_break" and x12["source_line"] == 997
    x12n = res.filter(pl.col("check_id") == "X12n").row(0, named=True)
    assert (x12n["actual"], x12n["expected"], x12n["source_line"]) == (D("215.95"), D("215.95"), 988)
    # 资产总额 printed 225.95: the table no longer adds up, and the narrative disagrees with it
    nf = frames.narrative_figures.with_columns(amount_wan=pl.when(pl.col("label") == "asset_total")
                                               .then(pl.lit(D("225.95"))).otherwise("amount_wan"))
    broken = Frames(**{**dict(frames.items()), "narrative_figures": nf})
    res = compute_residuals(broken, settings).filter(pl.col("check_id").str.starts_with("X12"))
    assert dict(res.select("check_id", "residual").iter_rows()) == {"X12": D("10.00"),
                                                                   "X12n": D("-10.00")}
    assert not res["passed"].any()


def test_personnel_split_and_income_columns(settings):
    # 基本支出表 合计 人员经费 printed 370.00: ≠ 301 262.78 + 303 113.45 (W8); W7 twice:
    # the column's Σ类 is 376.23, and the row's 合计 413.03 ≠ 370.00 + 36.80
    items = _changed({"table_id": "general_budget_basic_expenditure", "name": "合计",
                      "column_id": "personnel"}, "370.00")
    # 收入总表 201 小计 printed 30.00 while 合计 and 财政拨款收入 say 32.30 (W4 both ways)
    items = [it | {"amount_wan": D("30.00")} if (it["table_id"], it["code"], it["column_id"])
             == ("income_summary", "201", "subtotal") else it for it in items]
    failed = compute_residuals(sample_frames(items), settings).filter(~pl.col("passed"))
    w8 = failed.filter(pl.col("check_id") == "W8").row(0, named=True)
    assert (w8["actual"], w8["expected"]) == (D("370.00"), D("262.78") + D("113.45"))
    w7 = failed.filter(pl.col("check_id") == "W7")
    assert sorted(w7["residual"]) == [D("370.00") - (D("262.78") + D("113.45")),
                                      D("413.03") - (D("370.00") + D("36.80"))]
    w4 = {r["column_id"]: r["residual"] for r in
          failed.filter(pl.col("check_id") == "W4").iter_rows(named=True)}
    assert w4 == {"total": D("2.30"), "subtotal": D("-2.30")}


def test_rowwise_needs_the_component_columns(settings):
    # a 基本支出表 printing only 合计 (Jiangsu's template): no 人员经费/公用经费 to add up, so no
    # W7 row for it — where the sample prints them, W7 is checked (413.03 = 376.23 + 36.80)
    rowwise = pl.col("subject").str.ends_with("total~personnel+public_funds")
    full = compute_residuals(sample_frames(), settings)
    assert full.filter(rowwise).height > 0
    only_total = [it for it in sample_items()
                  if it["table_id"] != "general_budget_basic_expenditure" or it["column_id"] == "total"]
    res = compute_residuals(sample_frames(only_total), settings)
    assert res.filter(rowwise).is_empty()
    assert res.filter(pl.col("check_id") == "W7").height > 0  # 类 = Σ 款 is still checked
    assert res.filter(~pl.col("passed"))["check_id"].to_list() == ["X9"]  # nothing new fails


def test_a_label_stated_twice_with_different_amounts_is_not_checked(settings):
    # "会议费支出预算 1305.25 万元" read as a second 支出预算 next to the real 1396.37: which one
    # the narrative means by 支出预算 cannot be told, so N2 on it is skipped; the others stay
    frames = sample_frames()
    extra = conform(pl.DataFrame([{"doc_id": DOC, "label": "expenditure_total",
                                   "amount_wan": D("1305.25"), "source_line": 600}]), NARRATIVE_FIGURES)
    frames.narrative_figures = pl.concat([frames.narrative_figures, extra])
    res = compute_residuals(frames, settings)
    n2 = res.filter(pl.col("check_id") == "N2")["subject"].to_list()
    assert not any("expenditure_total" in x for x in n2)
    assert any("narrative/basic" in x for x in n2)
    assert res.filter(~pl.col("passed"))["check_id"].to_list() == ["X9"]


def test_what_the_template_does_not_print_is_not_a_zero(settings):
    # 支出总表 printing only its 合计 row (Jiangsu): 收支总表's 类 rows (201 32.30 …) have no
    # per-code counterpart, so X2 compares only 本年支出合计 with 合计 (1396.37 = 1396.37)
    only_total = [it for it in sample_items()
                  if it["table_id"] != "expenditure_summary" or it["code"] in ("", None)]
    res = compute_residuals(sample_frames(only_total), settings)
    x2 = res.filter(pl.col("check_id") == "X2")
    assert x2["code"].to_list() == [""] and x2["passed"].all()
    assert x2["actual"][0] == D("1396.37")
    # a column the parser could not map: 支出总表's row sums would be incomplete, not checked
    frames = sample_frames()
    frames.findings = conform(pl.DataFrame([{
        "doc_id": DOC, "kind": "unmapped_column", "severity": "info", "table_id": "expenditure_summary",
        "message": "column(s) 单位预留机动经费 …", "source_line": 170}]), FINDINGS)
    res = compute_residuals(frames, settings)
    w5 = res.filter(pl.col("check_id") == "W5")["table_id"].unique().to_list()
    assert "expenditure_summary" not in w5 and "general_budget_expenditure" in w5


def test_income_equals_expenditure_only_in_budgets(settings):
    # X3 (收入总表 合计 = 支出总表 合计, per code): a 决算's income and spending differ by the
    # year's balance
    assert compute_residuals(sample_frames(), settings).filter(pl.col("check_id") == "X3").height > 0
    final = compute_residuals(sample_frames(doc_kind="final_account"), settings)
    assert final.filter(pl.col("check_id") == "X3").is_empty()


def _with_carryover(stated_other: str) -> Frames:
    """The sample with 上年结转 50.00 on 收支总表's income side (收入总计 1446.37 on both sides)
    and a narrative stating 其他来源收入 ``stated_other``: "收入预算 1446.37 万元，其中：一般
    公共预算收入 1396.37 万元 … 其他来源收入 50 万元" — the parts add up to the sentence's own total."""
    t1 = "income_expenditure_summary"
    items = [it for it in sample_items() if not (it["table_id"] == t1 and it["row_no"] == 34)]
    items += [_item(t1, "income", 33, "", "上年结转", "amount", "50.00", 98),
              _item(t1, "income", 34, "", "收入总计", "amount", "1446.37", 99),
              _item(t1, "expenditure", 33, "", "年末结转和结余", "amount", "50.00", 98),
              _item(t1, "expenditure", 34, "", "支出总计", "amount", "1446.37", 99)]
    frames = sample_frames(items)
    extra = conform(pl.DataFrame([{"doc_id": DOC, "label": "income_other",
                                   "amount_wan": D(stated_other), "source_line": 562}]),
                    NARRATIVE_FIGURES)
    frames.narrative_figures = pl.concat([frames.narrative_figures, extra])
    return frames


def test_other_income_any_documented_reading(settings):
    # reading 2: 收入总计 1446.37 − 一般公共预算 1396.37 = 50.00 (上年结转 included): fits
    res = compute_residuals(_with_carryover("50"), settings)
    n1 = res.filter(pl.col("subject").str.contains("income_other")).row(0, named=True)
    assert n1["passed"] and n1["expected"] == D("50.00")
    # reading 1: no income item besides 一般公共预算 → 0; "其他来源收入 0 万元" fits it
    res = compute_residuals(_with_carryover("0"), settings)
    assert res.filter(pl.col("subject").str.contains("income_other"))["passed"].to_list() == [True]
    # 30: neither 0 nor 50 — a figure no documented reading gives
    res = compute_residuals(_with_carryover("30"), settings)
    n1 = res.filter(pl.col("subject").str.contains("income_other")).row(0, named=True)
    assert not n1["passed"] and n1["residual"] == D("-20.00")


def test_other_income_item_of_its_own_in_whole_wan(settings):
    # Shanghai: 收支总表 prints 二、事业收入 and 四、其他收入 before 收入总计 (no 本年收入合计), and the
    # narrative "其他收入5,428万元" states the item 其他收入 (5428.21) rounded to whole 万元
    t1 = "income_expenditure_summary"
    items = [it for it in sample_items() if not (it["table_id"] == t1 and it["side"] == "income"
                                                 and it["row_no"] in (32, 34))]
    items += [_item(t1, "income", 2, "", "二、事业收入", "amount", "5000.00", 45),
              _item(t1, "income", 4, "", "四、其他收入", "amount", "5428.21", 47),
              _item(t1, "income", 34, "", "收入总计", "amount", "11824.58", 99)]
    frames = sample_frames(items)
    extra = conform(pl.DataFrame([{"doc_id": DOC, "label": "income_other",
                                   "amount_wan": D(amount), "source_line": 562}
                                  for amount in ("5428",)]), NARRATIVE_FIGURES)
    frames.narrative_figures = pl.concat([frames.narrative_figures, extra])
    n1 = compute_residuals(frames, settings).filter(pl.col("subject").str.contains("income_other"))
    row = n1.row(0, named=True)
    # nearest reading: the item 其他收入 5428.21; |5428 − 5428.21| = 0.21 < half a 万元
    assert (row["expected"], row["tolerance"], row["passed"]) == (D("5428.21"), D("0.49"), True)


def test_org_running_is_compared_only_where_defined_as_public_funds(settings):
    # without the sample's definition (line 1016) 机关运行经费 is the national one — the money
    # of 行政单位 from any fund — and no identity with 基本支出表 公用经费 合计 36.80
    frames = sample_frames()
    assert "X8" in set(compute_residuals(frames, settings)["check_id"])
    frames.findings = frames.findings.clear()
    assert "X8" not in set(compute_residuals(frames, settings)["check_id"])


# ---- quar: leaves-only tables, a heading of the year's income, planned 结转下年 ----------------

def test_a_table_printing_its_leaves_only_is_checked_through_their_sums(settings):
    # Beijing 预算03/05表 print 项 rows only, 预算06表 款 rows only, each with a 合计: the sample
    # without its 类/款 rows still adds up (支出总表 合计 1396.37, 基本支出表 人员经费 376.23 =
    # 301 262.78 + 303 113.45), and no missing 类 row is reported
    leaves = [it for it in sample_items()
              if not (it["table_id"] in ("expenditure_summary", "general_budget_expenditure")
                      and len(it["code"] or "") in (3, 5))
              and not (it["table_id"] == "general_budget_basic_expenditure"
                       and len(it["code"] or "") == 3)]
    res = compute_residuals(sample_frames(leaves), settings)
    assert res.filter(~pl.col("passed"))["check_id"].to_list() == ["X9"]  # as the sample
    w8 = res.filter((pl.col("check_id") == "W8") & (pl.col("column_id") == "personnel"))
    assert (w8["actual"].item(), w8["expected"].item()) == (D("376.23"), D("262.78") + D("113.45"))
    # one leaf 1.00 higher: the 合计 no longer adds up (1396.37 ≠ 1397.37)
    bigger = [it | {"amount_wan": it["amount_wan"] + 1}
              if it["table_id"] == "expenditure_summary" and it["code"] == "2060101"
              and it["column_id"] == "total" else it for it in leaves]
    failed = compute_residuals(sample_frames(bigger), settings).filter(~pl.col("passed"))
    w3 = failed.filter(pl.col("subject") == "expenditure_summary/合计/total").row(0, named=True)
    assert (w3["actual"], w3["expected"]) == (D("1396.37"), D("1397.37"))


def test_a_heading_of_the_years_income_and_carried_balances(settings):
    # Beijing 预算04表: 一、本年收入 over its part （一）一般公共预算资金, then 二、上年结转 over
    # its part; 西南大学: 其中：捐赠收入 (a part of 四、其他收入) and 使用非财政拨款结余
    from budgetwatch.expectations.residuals import _closing_rows

    t4, t1 = "fiscal_appropriation_summary", "income_expenditure_summary"
    li = pl.DataFrame([
        _item(t4, "income", None, "", "一、本年收入", "amount", "100.00", 10),
        _item(t4, "income", None, "", "（一）一般公共预算资金", "amount", "100.00", 11),
        _item(t4, "income", None, "", "二、上年结转", "amount", "8.00", 20),
        _item(t4, "income", None, "", "（一）一般公共预算拨款", "amount", "8.00", 21),
        _item(t4, "income", None, "", "收入总计", "amount", "108.00", 30),
        _item(t1, "income", None, "", "四、其他收入", "amount", "5.00", 10),
        _item(t1, "income", None, "", "其中：捐赠收入", "amount", "1.00", 11),
        _item(t1, "income", None, "", "本年收入合计", "amount", "5.00", 12),
        _item(t1, "income", None, "", "使用非财政拨款结余", "amount", "2.00", 13),
        _item(t1, "income", None, "", "收入总计", "amount", "7.00", 14),
    ]).drop("level")
    roles = {t: dict(_closing_rows(li, t).select("name", "role").iter_rows()) for t in (t4, t1)}
    assert roles[t4] == {"一、本年收入": "current_total", "（一）一般公共预算资金": "item",
                         "二、上年结转": "carryover", "收入总计": "grand_total"}
    assert roles[t1] == {"四、其他收入": "item", "本年收入合计": "current_total",
                         "使用非财政拨款结余": "carryover", "收入总计": "grand_total"}


def test_a_budget_planning_carryover_states_either_total(settings):
    # 收支总表 plans 年末结转和结余 50.00 (支出总计 1446.37): 收入总表 = 支出总表 no longer holds
    # (X3), and a stated 支出预算 is either 支出总表 合计 1396.37 or 1396.37 + 50.00 = 1446.37
    def stated(amount):
        frames = _with_carryover("50")
        frames.narrative_figures = frames.narrative_figures.with_columns(
            amount_wan=pl.when(pl.col("label") == "expenditure_total").then(pl.lit(D(amount)))
            .otherwise(pl.col("amount_wan")))
        res = compute_residuals(frames, settings)
        assert res.filter(pl.col("check_id") == "X3").is_empty()
        return res.filter(pl.col("subject").str.contains("narrative/expenditure_total")).row(
            0, named=True)
    assert stated("1396.37")["passed"] and stated("1446.37")["passed"]
    wrong = stated("1440.00")
    assert (wrong["passed"], wrong["expected"]) == (False, D("1446.37"))
