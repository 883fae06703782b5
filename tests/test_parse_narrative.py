"""Figures the sample's narrative states (lines 562-582, 988, asset table 997-1002)."""

from __future__ import annotations

from decimal import Decimal

from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import SAMPLE_PATH

SAMPLE = SAMPLE_PATH

# (label, amount 万元, quantity, ref_year, change_claim, line) typed from the document
EXPECTED = [
    ("income_total", "1396.37", None, None, None, 562),
    ("income_general_budget", "1396.37", None, None, None, 562),
    ("income_gov_fund", "0", None, None, None, 562),
    ("income_special_account", "0", None, None, None, 562),
    ("income_other", "0", None, None, None, 562),
    ("expenditure_total", "1396.37", None, None, None, 566),
    ("basic", "413.03", None, None, None, 566),
    ("personnel", "376.23", None, None, None, 566),
    ("public_funds", "36.8", None, None, None, 566),
    ("project", "983.34", None, None, None, 566),
    ("yoy_total", "1396.37", None, None, None, 570),
    ("yoy_total_change", "-82.67", None, 2023, "减少", 570),
    ("yoy_basic_change", "-102.8", None, 2023, "减少", 570),
    ("yoy_project_change", "20.13", None, 2023, "增加", 570),
    ("org_running", "36.8", None, None, None, 574),
    ("three_public_total", "3", None, None, None, 578),
    ("three_public_abroad", "0", None, 2023, "持平", 580),
    ("three_public_vehicle", "3", None, 2023, "持平", 581),
    ("three_public_vehicle_purchase", "0", None, 2023, "持平", 581),
    ("three_public_vehicle_operation", "3", None, 2023, "持平", 581),
    ("three_public_reception", "0", None, 2023, "持平", 582),
    ("fixed_assets_prev_total", "215.95", None, None, None, 988),
    ("fixed_assets_purchase", "0.00", None, None, None, 988),
    ("asset_total", "215.95", None, None, None, 997),
    ("asset_buildings", "82.31", "1870", None, None, 998),
    ("asset_office_buildings", "35.21", "800", None, None, 999),
    ("asset_vehicles", "29.93", "2", None, None, 1000),
    ("asset_other", "103.71", "368", None, None, 1002),
]


def test_narrative_figures():
    nf = read_disclosure(SAMPLE.read_bytes(), SAMPLE.name).frames.narrative_figures
    got = [
        (
            r["label"],
            r["amount_wan"],
            r["quantity"],
            r["ref_year"],
            r["change_claim"],
            r["source_line"],
        )
        for r in nf.iter_rows(named=True)
    ]
    expected = [
        (label, Decimal(amount), Decimal(qty) if qty else None, ref, claim, line)
        for label, amount, qty, ref, claim, line in EXPECTED
    ]
    assert got == expected


def test_labels_are_contract_labels_and_keep_printed_phrase():
    from budgetwatch.contract.schema import NARRATIVE_LABELS

    nf = read_disclosure(SAMPLE.read_bytes(), SAMPLE.name).frames.narrative_figures
    assert set(nf["label"]) <= set(NARRATIVE_LABELS)
    phrases = dict(zip(nf["label"], nf["label_text"]))
    assert phrases["three_public_abroad"] == "1、因公出国（境）费"
    assert phrases["public_funds"] == "和日常公用经费"
    assert set(nf["source_page"]) == {23, 24, 25}  # after the 三公 table's 2nd page header (22, 23)


def test_other_wordings_of_changes():
    from budgetwatch.transforms.narrative import narrative_figures
    from budgetwatch.transforms.text_reader import read_text

    text = (
        "2025年预算收支安排 1,500.00 万元，较 2024年预算增加 103.63 万元，其中：基本支出增加 3.5 万元；"
        "项目支出增加 100.13 万元。\n\n"
        "- 2、公务用车购置及运行维护费 5 万元，比上年增加 2 万元。其中：公务用车购置 0 万元，与上年一致；\n"
    )
    rows = narrative_figures(read_text(text).paragraphs, [], 2025)
    got = [(r[0], r[2], r[4], r[5], r[6]) for r in rows]
    assert got == [
        ("yoy_total", Decimal("1500.00"), None, None, 1),
        ("yoy_total_change", Decimal("103.63"), 2024, "增加", 1),
        ("yoy_basic_change", Decimal("3.5"), 2024, "增加", 1),
        ("yoy_project_change", Decimal("100.13"), 2024, "增加", 1),
        # the change figure "比上年增加 2 万元" is the claim of the item before it (fiscal year − 1),
        # kept with its amount as the item's stated change
        ("three_public_vehicle", Decimal("5"), 2024, "增加", 3),
        ("three_public_vehicle_change", Decimal("2"), 2024, "增加", 3),
        ("three_public_vehicle_purchase", Decimal("0"), 2024, "持平", 3),
    ]


def test_a_subjects_change_is_stated_once_and_may_start_a_line():
    """021 (Jiangsu NPC office 2019) page 8, lines as printed: the change figure opens a line
    ("1435.14万元" is no list item), and the parts of 项目支出's change that follow its own
    "增加125.62万元" (专项增加 200 / 200 / 55) are not further changes of 项目支出."""
    from budgetwatch.transforms.narrative import narrative_figures
    from budgetwatch.transforms.text_reader import read_text

    text = (
        "   此外，基本支出预算数为9312.9万元。与上年相比增加\n"
        "1435.14万元，增长18.22%。主要原因是人员工资福利支出增加。\n"
        "   项目支出预算数为6459.58万元。与上年相比增加125.62万\n"
        "元，增长1.98%。主要原因是运转类项目经费统一压减10%，综\n"
        "合管理费专项增加209万用于办公用房租赁，江苏省第十三届人\n"
        "代会二次会议经费专项增加200万元，外事经费专项增加200万\n"
        "元，信息化建设经费专项增加55万元，增减相抵后项目支出预算\n"
        "数增加125.62万元。\n"
    )
    rows = narrative_figures(read_text(text).paragraphs, [], 2019)
    got = [(r[0], r[2], r[6]) for r in rows]
    assert got == [
        ("basic", Decimal("9312.9"), 1),
        ("yoy_basic_change", Decimal("1435.14"), 2),
        ("project", Decimal("6459.58"), 3),
        ("yoy_project_change", Decimal("125.62"), 3),
        # the closing "增减相抵后项目支出预算数增加125.62万元" restates the same change
        ("yoy_project_change", Decimal("125.62"), 8),
    ]


def test_a_spending_item_named_by_its_funding_is_no_income():
    from budgetwatch.transforms.narrative import narrative_figures
    from budgetwatch.transforms.text_reader import read_text

    # 135 line 570: "其他收入工作经费 134.70 万元，主要用于…" is a project paid from 其他收入, not
    # the department's 其他来源收入; "其他收入 12,525.64 万元" is
    text = (
        "编外人员 1,245.85 万元；其他收入工作经费 134.70 万元，主要用于开展近岸海域环境质量监测。"
        "其他收入 12,525.64 万元。\n"
    )
    rows = narrative_figures(read_text(text).paragraphs, [], 2026)
    assert [(r[0], r[2]) for r in rows] == [("income_other", Decimal("12525.64"))]


def _figures(text: str, year: int) -> list[tuple[str, Decimal]]:
    """(label, amount) of each figure the lines state."""
    from budgetwatch.transforms.narrative import narrative_figures
    from budgetwatch.transforms.text_reader import read_text

    return [(r[0], r[2]) for r in narrative_figures(read_text(text).paragraphs, [], year)]


def test_a_gap_and_the_appropriation_table_are_no_department_total():
    """收支 in "用事业基金弥补收支差额 0.00 万元" (165 line 124) is a gap and in "财政拨款收支总决算
    20727.53 万元" (151 line 480) the 财政拨款 table's total: neither is the department's 收支
    total (yoy_total, checked against 支出总表 合计); the sentence's other figures keep their labels."""
    text = (
        "   2022年本部门预算收入105946.48万元，其中一般公共预算拨款收入105364.27万元、用事业基金弥补收支\n"
        "差额0.00万元、上年实户资金余额339.20万元。\n"
        "   国家信访局2024年度财政拨款收支总决算20727.53万元。\n"
        "   本部门2022年预算收支总额105946.48万元。\n"
    )
    got = _figures(text, 2022)
    assert ("yoy_total", Decimal("105946.48")) in got  # a department total still is one
    assert [g for g in got if g[0] == "yoy_total"] == [("yoy_total", Decimal("105946.48"))]
    assert ("income_general_budget", Decimal("105364.27")) in got


def test_basic_and_project_changes_of_one_funds_spending_are_not_the_departments():
    """158 lines 482-493 (pdftotext): the department's 支出预算 2796.14 万元 changed +129.07; the next
    paragraph's 一般公共预算拨款支出 2796.14 changed +166.68 = 基本支出 +49.12 + 项目支出 +117.56
    (49.12 + 117.56 = 166.68 ≠ 129.07): those parts are the fund's change, not the total's."""
    text = (
        "     相应安排支出预算2796.14万元，比上年增加129.07万元，增长4.84%，主要原因是公共安全支出\n"
        "增加114.4万元。其中：基本支出2507.88万元、项目支出288.26万元。\n"
        "二、一般公共预算拨款支出情况\n"
        "     2026年度一般公共预算拨款支出2796.14万元，比上年增加166.68万元，增长6.34%，主要原因是\n"
        "基本支出增加49.12万元，项目支出增加117.56万元。\n"
    )
    got = _figures(text, 2026)
    assert ("yoy_total_change", Decimal("129.07")) in got
    assert ("basic", Decimal("2507.88")) in got and ("project", Decimal("288.26")) in got
    assert not [g for g in got if g[0] in ("yoy_basic_change", "yoy_project_change")]


def test_a_final_accounts_figure_follows_its_budget_in_the_sentence():
    """163 (决算 2022) line 748/766 (pdftotext): "“三公”经费支出预算593.46万元，支出决算587.55万元，…
    决算数较预算数减少5.91万元" — the 三公 figure of a 决算 is what was spent (its table's 决算数 row:
    587.55, and 593.46 − 5.91 = 587.55); the change against the budget is no year-on-year change."""
    text = (
        "  2022年度财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元，完成预算的99%，"
        "决算数较预算数减少5.91万元，主要原因是：厉行节约，压缩三公经费。\n"
        "  2022年度财政拨款安排公务用车运行维护费预算455.12万元，支出决算450.96万元，完成预算的"
        "99.09%，决算数较预算数减少4.16万元。\n"
    )
    assert _figures(text, 2022) == [
        ("three_public_total", Decimal("587.55")),
        ("three_public_vehicle_operation", Decimal("450.96")),
    ]


def test_a_report_attached_under_annex_is_not_the_departments_narrative():
    """163 lines 3526-3549: after 第五部分 附 件, the evaluation report of the 2021 高龄老人生活保健
    补贴 project states "2021 年，西安市高龄老人保健补贴资金支出总额为 59168.23 万元" — the
    project's money and year, not the department's 2022 支出."""
    text = (
        "  2022年度财政拨款安排公务接待费预算1.86万元，支出决算0.11万元。\n\n"
        "第五部分 附 件\n\n"
        "高龄老人生活保健补贴项目绩效评价报告\n"
        "2021 年，西安市高龄老人保健补贴资金支出总额为 59168.23 万元。\n"
    )
    assert _figures(text, 2022) == [("three_public_reception", Decimal("0.11"))]


def test_basic_spending_of_one_fund_is_not_the_departments_basic():
    """149 p.10 (pdftotext line 275): "2026年一般公共预算基本支出82,529.89万元，其中：人员支出
    67,627.51万元" — the 一般公共预算 part (its 基本支出表 合计 82,529.89 = 67,627.51 + 14,902.37,
    line 853), while the 支出总表's 基本支出 合计 counts every fund; the department's own 基本支出
    sentence keeps its label."""
    got = _figures(
        "  （六）一般公共预算基本支出情况说明（详见表6）\n"
        "  2026年一般公共预算基本支出82,529.89万元，其中：\n"
        "  本部门2026年基本支出89,793.26万元。\n",
        2026,
    )
    assert [g for g in got if g[0] == "basic"] == [("basic", Decimal("89793.26"))]


def test_other_income_listed_beside_other_items_is_that_item():
    """real_more 201 p.3 (pdftotext line 59): "收入预算8,401万元，其中：财政拨款收入2,694万元…；事业收入
    5,707万元…；事业单位经营收入0万元…；其他收入0万元" — 其他收入 is the item of that name (its 收支总表
    row 四、其他收入 is blank), not 其他来源收入 = all but the funds (事业收入 5,707.43 there); the
    定州 说明's "上级补助收入0万元；…附属单位上解收入0万元，其他收入0万元" is the same list. A sentence
    naming 其他来源收入 keeps it (the sample, line 562)."""
    got = _figures(
        "   2026年，上海市中医文献馆收入预算8,401万元，其中：财政拨款收入2,694万元，比2025年预算增加"
        "147万元；事业收入5,707万元，\n比2025年预算增加304万元；事业单位经营收入0万元，与2025年预算持平；"
        "其他收入0万元，与2025年预算持平。\n"
        "我部门本年收入24747.04万元，其中：财政拨款24747.04万元；上级补助收入0万元；事业收入0万元；"
        "经营收入0万元；附属单位上解收入0万元，其他收入0万元。\n"
        "2024年预算收入 1396.37 万元，其中：财政专户核拨收入 0 万元，其他来源收入 0 万元。\n",
        2026,
    )
    assert [g for g in got if g[0] == "income_other"] == [("income_other", Decimal("0"))]
    assert ("income_total", Decimal("8401")) in got


def test_parts_of_org_running_costs_are_no_three_public_items():
    """定州 435 说明: "机关运行经费29.59万元，其中：办公费3.33万元、邮电费6.65万元、…公务用车运行维护费及其他
    费用3.60万元、工会费5.03万元" lists 公用经费 lines (3.33 + 6.65 + 4.16 + 6.82 + 3.60 + 5.03 =
    29.59); its 三公 paragraph, a sentence of its own, states the 三公 item."""
    got = _figures(
        "我部门安排机关运行经费29.59万元，其中：办公费3.33万元、邮电费6.65万元、差旅费4.16万元、"
        "福利费6.82万元、公务用车运行维护费及其他费用3.60万元、工会费5.03万元。\n"
        "公务用车运行维护费1.80万元，与上年一致。\n"
        "公用经费支出包括公务用车运行维护费及其他费用28万元。\n",
        2017,
    )
    assert Decimal("3.33") + Decimal("6.65") + Decimal("4.16") + Decimal("6.82") + Decimal(
        "3.60"
    ) + Decimal("5.03") == Decimal("29.59")
    assert [g for g in got if g[0].startswith("three_public")] == [
        ("three_public_vehicle_operation", Decimal("1.80"))
    ]
    assert ("org_running", Decimal("29.59")) in got


def test_a_funds_whole_a_units_figures_and_a_projects_staff_are_not_the_departments():
    """定州 428 ¶53: "政府性基金预算收入1373万元，政府性基金预算支出（民政福利事业支出）1373万元" is the fund's
    (支出总表 合计 24,747.04); "临聘人员经费15.56万元" a project's name and budget; a 下属单位's
    income its own; "基本支出中人员经费支出690.8万元" (定州 619) the 人员经费."""
    got = _figures(
        "2017年我单位政府性基金预算收入1373万元，政府性基金预算支出（民政福利事业支出）1373万元；\n"
        "主要用于临聘人员经费15.56万元。\n"
        "下属单位收入合计30万元，支出合计30万元。\n"
        "基本支出中人员经费支出690.8万元。\n",
        2017,
    )
    assert got == [("income_gov_fund", Decimal("1373")), ("personnel", Decimal("690.8"))]


def test_this_years_income_is_not_the_grand_total():
    """收入总计 = 本年收入合计 + 上年结转: "我单位本年预算收入471.01万元" (定州 448) states the year's income,
    not 收入总计; "本部门收入总计" and "本年收入总计" name the grand total."""
    got = _figures("我单位本年预算收入471.01万元。本部门收入总计500.00万元。\n", 2017)
    assert [g for g in got if g[0].startswith("income_")] == [
        ("income_year", Decimal("471.01")),
        ("income_total", Decimal("500.00")),
    ]


def test_the_parts_of_a_function_class_are_not_the_departments():
    """real_more 216 (pdftotext line 58): "“农林水支出”科目83万元，主要用于人员经费18万元、公用经费58万元、
    项目支出7万元" — the 类's own parts; the department's 人员经费 is 21.234 万元 (基本支出表 合计
    212,340 元 = 农林水 172,800 + 社会保障和就业 39,540)."""
    assert Decimal("172800") + Decimal("39540") == Decimal("212340")
    got = _figures(
        "  2.“农林水支出”科目83万元，主要用于主要用于人员经费18万元、公用经费58万元、项目支出7万元。\n"
        "  本部门2026年基本支出80.02万元，其中人员经费21.23万元。\n",
        2026,
    )
    assert [g for g in got if g[0] in ("personnel", "public_funds", "project", "basic")] == [
        ("basic", Decimal("80.02")),
        ("personnel", Decimal("21.23")),
    ]


def test_spending_of_one_income_source_is_not_the_departments():
    """定州 656 ¶21 (held, found after round 10's measurement): "罚没收入54.66万元：安排支出54.66万元，
    其中：日常公用经费26.66万元，项目支出劳动监察业务费28万元" is the 罚没收入 part's spending, not the
    department's 项目支出 (its 支出总表 prints 115.5). Here the parts are 50 + 30 = 80, the whole
    the last line states."""
    assert Decimal(50) + Decimal(30) == Decimal(80)
    got = _figures(
        "本部门2017年收入预算300万元，支出预算300万元。\n"
        "财政拨款收入250万元：安排基本支出200万元，项目支出50万元；事业收入50万元：安排支出50万元，"
        "其中：日常公用经费20万元，项目支出执法业务费30万元。\n"
        "本部门项目支出80万元。\n",
        2017,
    )
    assert got == [
        ("income_total", Decimal("300")),
        ("expenditure_total", Decimal("300")),
        ("project", Decimal("80")),
    ]
