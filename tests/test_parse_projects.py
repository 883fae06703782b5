"""The 13 project 绩效目标表 of the sample: codes, amounts, plans and the 117 indicator rows."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from tests.helpers import SAMPLE_PATH, parsed_sample

SAMPLE = SAMPLE_PATH


frames = parsed_sample


# (N, 项目编码, 预算数, 预算数 line, 资金支出计划 3/6/10/12月底, indicator lines) typed from lines 692-969
PROJECTS = [
    (1, "13013324P00068910315H", "76.68", 697, ["76.68", "", "", ""], [*range(703, 712)]),
    (2, "13013324P000689103165", "70.00", 718, ["70.00", "", "", ""], [*range(724, 732), 734]),
    (3, "13013324P00068910558E", "2.00", 741, ["", "", "", "1.70"], [*range(747, 756)]),
    (
        4,
        "13013324P00068810179Y",
        "144.34",
        762,
        ["36.08", "72.13", "108.26", "144.34"],
        [*range(768, 777)],
    ),
    (5, "13013324P000689105638", "1.70", 783, ["0.42", "0.84", "1.28", "1.70"], [*range(789, 798)]),
    (
        6,
        "13013324P00068910565F",
        "17.00",
        804,
        ["4.25", "8.5", "12.75", "17.00"],
        [*range(810, 819)],
    ),
    (7, "13013324P000689100941", "1.10", 825, ["1.10", "", "", ""], [*range(831, 840)]),
    (
        8,
        "13013324P00068910547Y",
        "26.30",
        846,
        ["6.57", "13.15", "19.72", "26.30"],
        [*range(852, 858), 860, 861, 862],
    ),
    (
        9,
        "13013324P000689105515",
        "59.50",
        869,
        ["14.8", "29.6", "44.6", "59.5"],
        [*range(875, 884)],
    ),
    (
        10,
        "13013324P00068810180A",
        "500.00",
        890,
        ["125.00", "250.00", "375.00", "500.00"],
        [*range(896, 905)],
    ),
    (11, "13013324P00068810330H", "7.01", 911, ["7.01", "", "", ""], [*range(917, 926)]),
    (12, "13013324P00068810327Y", "45.70", 932, ["45.70", "", "", ""], [*range(938, 947)]),
    (
        13,
        "13013324P00068910553C",
        "32.30",
        953,
        ["8.07", "16.14", "24.23", "32.30"],
        [*range(959, 967), 969],
    ),
]


def test_thirteen_projects_codes_budgets_plans():
    got = {r["project_no"]: r for r in frames().projects.iter_rows(named=True)}
    assert sorted(got) == list(range(1, 14))
    for no, code, budget, line, plan, _ in PROJECTS:
        r = got[no]
        assert r["project_code"] == code
        assert r["budget_wan"] == Decimal(budget) == r["fiscal_funds_wan"]
        assert r["other_funds_wan"] is None  # 其他资金 printed blank everywhere
        assert r["source_line"] == line
        assert list(r["spending_plan"]) == plan, no


def test_project_budgets_sum_differs_from_project_expenditure():
    # Σ 预算数 = 983.63 while the tables' 项目支出 合计 is 983.34 (a real X9 break in the sample)
    total = sum(Decimal(p[2]) for p in PROJECTS)
    assert total == Decimal("983.63")
    assert frames().projects["budget_wan"].sum() == total


def test_project_names_and_texts():
    p = frames().projects.filter(pl.col("project_no") == 3).row(0, named=True)
    assert p["project_name"] == "单位取暖费"
    assert p["purpose_text"].startswith("保障单位日常工作顺利开展")
    assert p["goal_text"].startswith("1.保障单位日常工作顺利开展")


def test_indicator_rows_per_project():
    ind = frames().indicators
    assert ind.height == 117 == 13 * 9
    for _, code, _, _, _, lines in PROJECTS:
        rows = ind.filter(pl.col("project_code") == code).sort("indicator_no")
        assert list(rows["source_line"]) == lines, code
        assert list(rows["indicator_no"]) == list(range(1, 10))
        assert list(rows["level2"]) == [
            "数量指标",
            "质量指标",
            "时效指标",
            "成本指标",
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
            "服务对象满意度指标",
        ]


def test_indicator_values_and_raw_text_kept():
    ind = {r["source_line"]: r for r in frames().indicators.iter_rows(named=True)}
    # (line, raw, comparator, number, unit) typed from the document
    for line, raw, comparator, number, unit in [
        (703, "大于5家", ">", "5", "家"),
        (706, "76.684425万元", "=", "76.684425", "万元"),
        (707, "≥95%", "≥", "95", "%"),
        (724, "3 家", "=", "3", "家"),
        (755, "%", "", None, "%"),
        (831, "7 人", "=", "7", "人"),
        (855, "26.299894 万元", "=", "26.299894", "万元"),
        (896, "5 家以上", "≥", "5", "家"),
        (959, "556人", "=", "556", "人"),
        (814, "≥92%", "≥", "92", "%"),
    ]:
        r = ind[line]
        assert (r["value_raw"], r["value_comparator"], r["value_unit"]) == (raw, comparator, unit)
        assert r["value_number"] == (Decimal(number) if number else None)
    free = ind[751]  # 保障干部职工正常办公
    assert (
        free["value_raw"],
        free["value_comparator"],
        free["value_number"],
        free["value_unit"],
    ) == ("保障干部职工正常办公", "", None, "")
    assert (ind[747]["level3"], ind[747]["description"], ind[747]["basis"]) == (
        "按时支付取暖费",
        "按时支付取暖费",
        "支付取暖费用是否及时",
    )
