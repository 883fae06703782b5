"""The real sample (赵县科学技术和工业信息化局 2024 budget) through parse → residuals →
comparisons → detect: the flags must include what a careful reader finds in the document, and
must not include what is right in it. Values below are read from the text (line numbers given),
not from the program's output."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.comparison import build_comparisons
from budgetwatch.config.settings import load_settings
from budgetwatch.detection import detect
from budgetwatch.expectations.residuals import compute_residuals
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import SAMPLE_PATH, SAMPLE_PROJECT_BUDGETS, sample_flags

SAMPLE = SAMPLE_PATH
P = "13013324P000"  # common prefix of the sample's project codes


@pytest.fixture(scope="module")
def flags() -> pl.DataFrame:
    return sample_flags()  # once per session: test_flag_columns reads the same


def _one(flags, kind, subject_part) -> dict:
    rows = flags.filter(
        (pl.col("kind") == kind) & pl.col("subject").str.contains(subject_part, literal=True)
    )
    assert rows.height >= 1, f"no {kind} flag on {subject_part}"
    return rows.row(0, named=True)


def test_project_budgets_exceed_project_expenditure(flags):
    # The 13 绩效目标表 预算数 (lines 699 … 955) add up to more than 支出总表 合计 项目支出 983.34.
    total = sum(SAMPLE_PROJECT_BUDGETS)
    assert total == Decimal("983.63")
    f = _one(flags, "project_sum_mismatch", "")
    assert Decimal(f["actual"]) == total and Decimal(f["expected"]) == Decimal("983.34")
    assert f["severity"] == "critical"


def test_heating_spending_plan_ends_below_budget(flags):
    # 单位取暖费 预算数 2.00 (line 743) but its plan's 12月底 cell is 1.70 (line 746). With 1.70,
    # 2150502 一般行政管理事务 28.00 = 26.30 (劳务派遣 project 8) + 1.70 holds; 2.00 is the error.
    assert Decimal("26.30") + Decimal("1.70") == Decimal("28.00")
    f = _one(flags, "spending_plan_mismatch", f"{P}68910558E")
    assert (f["expected"], f["actual"]) == ("2.00", "1.70")


def test_heating_fits_under_no_function_code(flags):
    # 支出总表 项目支出 leaves (lines 183-212) against the 13 预算数, matched by amounts:
    # 2014004 32.30 = 13 信访维稳 32.30; 2060102 1.10 = 7 劳务派遣 1.10; 2060404 70.00 = 2;
    # 2060499 17.00 = 6; 2150102 59.50 = 9; 2150517 52.71 = 11 7.01 + 12 45.70;
    # 2069999 721.03 = 1 76.68 + 4 144.34 + 10 500.00 (721.02, within 1 分 per project).
    # Left: 2150502 28.00 and 2060702 1.70 with 8 26.30, 5 1.70 and 3 取暖费 2.00 — 8 + 5 make
    # 28.00 with 3 left over for 2060702, or 5 makes 1.70 with 3 + 8 = 28.30 for 2150502:
    # either way 取暖费 is the project that fits nowhere, and Σ exceeds by 983.63 − 983.34.
    assert Decimal("7.01") + Decimal("45.70") == Decimal("52.71")
    assert Decimal("76.68") + Decimal("144.34") + Decimal("500.00") == Decimal("721.02")
    assert Decimal("26.30") + Decimal("1.70") == Decimal("28.00")
    f = flags.filter(pl.col("rule_or_model") == "project_sum_by_function")
    assert f["subject"].to_list() == [f"projects/{P}68910558E/budget_wan"]
    row = f.row(0, named=True)
    assert (
        row["kind"] == "project_sum_mismatch"
        and row["actual"] == "2.00"
        and row["source_line"] == 741
    )
    assert set(row["expected"].split(", ")) == {"2150502", "2060702"}
    assert "+0.29" in row["explanation"]


@pytest.mark.parametrize(
    "project, stated, budget",
    [
        ("68910563", "2万元", "1.70"),  # 5 科普宣传经费: cost 2 万元 vs 预算数 1.70 (line 792)
        ("68910565F", "20万元", "17.00"),  # 6 科学技术研究与开发项目资金 (line 813)
        ("68810327Y", "52.71 万元", "45.70"),  # 12 领跑者 等项目资金 (line 941)
        ("68910553C", "≥95%", "32.30"),  # 13 信访维稳经费: a percentage, not money (line 962)
    ],
)
def test_cost_indicator_differs_from_budget(flags, project, stated, budget):
    f = _one(flags, "cost_indicator_mismatch", project)
    assert (f["actual"], f["expected"]) == (stated, budget)


@pytest.mark.parametrize("project", ["68910315H", "68910547Y", "689100941"])
def test_rounded_cost_figures_are_not_findings(flags, project):
    # 76.684425 → 76.68, 26.299894 → 26.30, 1.100106 → 1.10: the same money to the cent.
    for printed, budget in (("76.684425", "76.68"), ("26.299894", "26.30"), ("1.100106", "1.10")):
        assert abs(Decimal(printed) - Decimal(budget)) < Decimal("0.01")
    assert flags.filter(
        (pl.col("kind") == "cost_indicator_mismatch") & pl.col("subject").str.contains(project)
    ).is_empty()


@pytest.mark.parametrize(
    "subject, value, why",
    [
        (f"{P}68910315H/8", "≥95%", "span of years"),  # 影响年限 as a percentage (line 710)
        (f"{P}68910558E/9", "%", "no number"),  # 使用人员满意度 '%' (line 755)
        (f"{P}68910558E/1", "支付水电暖等日常费用是否及时", "question"),  # line 747
        (f"{P}68910558E/6", "更好保证供暖", "restates"),  # value = description (line 752)
        (f"{P}68810327Y/6", "市场竞争力进一步增强", "restates"),  # project 12 效益 (line 943)
    ],
)
def test_boilerplate_values(flags, subject, value, why):
    f = _one(flags, "boilerplate_indicator", subject)
    assert f["actual"] == value
    assert why in f["explanation"]


def test_generic_ecological_rate_is_info(flags):
    # 生态效益指标 ≥95% on 信访维稳经费 (line 965): no ecological dimension; weak, so info.
    f = _one(flags, "boilerplate_indicator", f"{P}68910553C/7")
    assert f["severity"] == "info"


@pytest.mark.parametrize(
    "subject, value",
    [
        (f"{P}689100941/1", "7 人"),  # 实际发放工资率 = 7 人 (line 831)
        (f"{P}689105515/1", "8 人"),  # 资金支付及时率 = 8 人 (line 875)
    ],
)
def test_rate_labels_with_counts(flags, subject, value):
    assert _one(flags, "label_value_mismatch", subject)["actual"] == value


@pytest.mark.parametrize(
    "subject, year",
    [
        (
            f"{P}68910315H",
            "2023",
        ),  # project 1: 2023年技术创新引导专项资金 (line 697), 上年结转 blank
        (f"{P}689103165", "2023"),  # project 2: 2023 年县域科技创新能力跃升市级资金 (line 718)
        (f"{P}689100941/1", "2021"),  # project 7 description: 2021 年实际发放工资人数 (line 831)
    ],
)
def test_stale_years(flags, subject, year):
    f = _one(flags, "stale_year", subject)
    assert (f["expected"], f["actual"]) == ("2024", year)


def test_document_numbers_are_not_stale_years(flags):
    # 冀财教【2023】147 号 (project 10) is a document number, and 2024 is the fiscal year.
    assert flags.filter(
        (pl.col("kind") == "stale_year") & pl.col("subject").str.contains("68810180A")
    ).is_empty()


def test_projects_11_and_12_share_effect_block(flags):
    # lines 921-924 and 942-945: the same four textual 效益 rows, word for word.
    f = _one(flags, "copy_paste", f"{P}68810327Y")
    assert (f["expected"], f["actual"]) == ("项目11", "项目12")


@pytest.mark.parametrize(
    "line, clause",
    [
        # item 5 (line 598) prints its first two duties twice, separated by ；
        (598, "负责机关的机构编制、人事管理和教育培训工作"),
        (598, "负责机关党建、宣传、思想政治、精神文明建设及群团等工作"),
        # item 7 (line 602) repeats the 科技重大专项 clause already printed among the duties (line 503)
        (602, "推进实施有关国家和省、市科技重大专项"),
        # the 绩效 section (line 624) re-prints duty (二十) of line 531
        (624, "推动互联网、大数据、人工智能同实体经济深度融合"),
    ],
)
def test_narrative_repeats_itself(flags, line, clause):
    f = _one(flags, "copy_paste", f"narrative/{line}/{clause}")
    assert f["rule_or_model"] == "copy_paste_narrative" and f["severity"] == "info"
    assert f["source_line"] == line


def test_short_repeated_phrases_are_not_copy_paste(flags):
    # "与上年一致" is printed five times in the 三公 lines 580-582: a formula, not pasted text.
    narrative = flags.filter(pl.col("rule_or_model") == "copy_paste_narrative")
    assert not narrative["subject"].str.contains("与上年一致").any()
    assert not narrative["source_line"].is_in([580, 581, 582]).any()


@pytest.mark.parametrize(
    "subject, printed",
    [
        ("income_summary/20604", "技术与开发"),
        ("general_budget_expenditure/20604", "技术与研究开发"),
        ("expenditure_summary/2060499", "其他技术研究开发支出"),
    ],
)
def test_catalogue_names(flags, subject, printed):
    f = _one(flags, "name_mismatch", subject)
    assert f["actual"] == printed and f["severity"] == "info"


def test_clean_identities_not_flagged(flags):
    # 收入总计 = 支出总计 1396.37 (line 99); 机关运行经费 36.8 = 公用经费 36.80 (lines 574, 566);
    # 三公 3.00 in the narrative and the table: no identity/narrative/unit flags at all.
    assert flags.filter(
        pl.col("kind").is_in(
            ["identity_break", "cross_table_mismatch", "narrative_mismatch", "unit_mismatch"]
        )
    ).is_empty()


def test_ids_stable_and_ranked(flags):
    settings = load_settings()
    frames = read_disclosure(SAMPLE.read_bytes(), SAMPLE.name).frames
    again = detect(
        frames, compute_residuals(frames, settings), build_comparisons(frames, settings), settings
    )
    assert again["flag_id"].to_list() == flags["flag_id"].to_list()
    assert flags["rank"].to_list() == list(range(1, flags.height + 1))
    order = {"critical": 0, "warning": 1, "info": 2}
    sev = [order[s] for s in flags["severity"]]
    assert sev == sorted(sev)


def test_every_rule_that_fired_has_a_documented_heading(flags):
    # `budgetwatch explain` shows the docs/rules.md section whose heading names the rule id
    import re

    text = (Path(__file__).parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in flags["rule_or_model"].unique():
        assert re.search(rf"^#+ .*`{re.escape(rule)}`", text, re.M), rule
