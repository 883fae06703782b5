"""A flag's structured columns (contract FLAGS: table_id, code, column_id, project_code,
expected_wan, actual_wan, stake_wan, check_id, expected_table_id, expected_column_id;
docs/rules.md "Flag columns"), on the real sample and on generated frames. Every value is read
from the document (line numbers given) or worked out by arithmetic, never copied from a run."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from budgetwatch.comparison import build_comparisons
from budgetwatch.contract.schema import DOCUMENTS, FLAGS, PROJECTS, conform
from budgetwatch.detection import detect
from budgetwatch.detection.flagset import assemble, flag_id
from budgetwatch.detection.rules_projects import spending_plan_flags
from budgetwatch.expectations.residuals import compute_residuals
from tests.helpers import SAMPLE_PROJECT_BUDGETS, sample_flags
from tests.sample_frames import _changed, sample_frames

P = "13013324P000"  # common prefix of the sample's project codes
D = Decimal


@pytest.fixture(scope="module", name="sample_flags")
def _sample_flags() -> pl.DataFrame:
    return sample_flags()  # once per session: test_real_sample_flags reads the same


def _only(flags: pl.DataFrame, **where) -> dict:
    rows = flags.filter(pl.all_horizontal(pl.col(k) == v for k, v in where.items()))
    assert rows.height == 1, (where, rows.height)
    return rows.row(0, named=True)


def test_the_contract_extends_flags_at_the_end():
    cols = list(FLAGS)
    assert cols[cols.index("confidence") + 1 :] == [
        "table_id",
        "code",
        "column_id",
        "project_code",
        "expected_wan",
        "actual_wan",
        "stake_wan",
        "check_id",
        "expected_table_id",
        "expected_column_id",
    ]
    assert FLAGS["expected_wan"] == FLAGS["actual_wan"] == FLAGS["stake_wan"] == pl.Decimal(20, 6)


def test_project_sum_flag_carries_its_check_and_both_totals(sample_flags):
    # 支出总表 合计 项目支出 983.34 (line 180) against the 13 绩效目标表 预算数 (lines 699 … 955)
    total = sum(SAMPLE_PROJECT_BUDGETS)
    f = _only(sample_flags, rule_or_model="gate:project_sum_mismatch")
    assert f["check_id"] == "X9"
    assert (f["expected_wan"], f["actual_wan"]) == (D("983.34"), total)
    assert f["stake_wan"] == total - D("983.34") == D("0.29")
    # the expected side is 支出总表's 项目支出 column (its 合计 row, no code)
    assert (f["expected_table_id"], f["expected_column_id"]) == ("expenditure_summary", "project")
    assert f["project_code"] is None


def test_spending_plan_flag_names_its_project_and_amounts(sample_flags):
    # 单位取暖费 预算数 2.00 (line 743); its plan's 12月底 cell 1.70 (line 746)
    f = _only(sample_flags, rule_or_model="spending_plan_mismatch")
    assert f["project_code"] == f"{P}68910558E"
    assert (f["expected_wan"], f["actual_wan"], f["stake_wan"]) == (D("2.00"), D("1.70"), D("0.30"))
    assert f["table_id"] is None and f["code"] is None and f["check_id"] is None


def test_cost_indicator_flag_amounts(sample_flags):
    # project 12: 成本指标 项目预算控制数 52.71 万元 (line 941) against 预算数 45.70; project 13's
    # 成本指标 ≥95% (line 962) is no money: actual_wan null, the whole 32.30 at stake
    f = _only(sample_flags, rule_or_model="cost_indicator_mismatch", project_code=f"{P}68810327Y")
    assert (f["expected_wan"], f["actual_wan"]) == (D("45.70"), D("52.71"))
    assert f["stake_wan"] == D("52.71") - D("45.70")
    g = _only(sample_flags, rule_or_model="cost_indicator_mismatch", project_code=f"{P}68910553C")
    assert (g["expected_wan"], g["actual_wan"], g["stake_wan"]) == (D("32.30"), None, D("32.30"))


def test_project_fitting_no_function_code(sample_flags):
    # 取暖费 2.00 (line 741) fits under no 支出总表 项; Σ projects exceeds by 983.63 − 983.34
    f = _only(sample_flags, rule_or_model="project_sum_by_function")
    assert f["project_code"] == f"{P}68910558E"
    assert (f["expected_wan"], f["actual_wan"], f["stake_wan"]) == (None, D("2.00"), D("0.29"))


def test_name_and_year_flags_have_cells_but_no_amounts(sample_flags):
    # income_summary prints 20604 as 技术与开发; a name is no amount
    f = _only(sample_flags, rule_or_model="name_mismatch", subject="income_summary/20604")
    assert (f["table_id"], f["code"], f["column_id"]) == ("income_summary", "20604", None)
    assert f["expected_wan"] is None and f["actual_wan"] is None
    # project 1 named for 2023 funds (line 697): years are no amounts; its 预算数 76.68 at stake
    s = _only(sample_flags, rule_or_model="stale_year_project", project_code=f"{P}68910315H")
    assert (s["expected"], s["actual"]) == ("2024", "2023")
    assert (s["expected_wan"], s["actual_wan"], s["stake_wan"]) == (None, None, D("76.68"))


def test_ids_and_groups_do_not_depend_on_the_columns(sample_flags):
    for r in sample_flags.iter_rows(named=True):
        assert r["flag_id"] == flag_id(r["rule_or_model"], r["doc_id"], r["subject"])
    # no empty ids: a row without code, a finding without table are null
    for col in ("table_id", "code", "column_id", "project_code", "check_id"):
        assert not (sample_flags[col] == "").any(), col
    assert (sample_flags["stake_wan"].drop_nulls() >= 0).all()


def test_a_broken_cell_names_itself_in_every_identity(settings):
    # 支出总表 2060404 项目支出 printed 155.90 instead of the sample's 70.00 (line 189):
    # W3 20604's 项目支出 87.00 (line 188) ≠ 155.90 + 17.00; W5 2060404's 合计 70.00 ≠ 0 + 155.90;
    # X4 表5 (一般公共预算支出表) prints 70.00 for the same cell — each off by 85.90.
    wrong = {"table_id": "expenditure_summary", "code": "2060404", "column_id": "project"}
    frames = sample_frames(_changed(wrong, "155.90"))
    flags = detect(
        frames, compute_residuals(frames, settings), build_comparisons(frames, settings), settings
    )
    by_check = {r["check_id"]: r for r in flags.iter_rows(named=True) if r["check_id"]}
    w3, w5, x4 = by_check["W3"], by_check["W5"], by_check["X4"]
    assert (w3["table_id"], w3["code"], w3["column_id"]) == (
        "expenditure_summary",
        "20604",
        "project",
    )
    assert (w3["expected_wan"], w3["actual_wan"]) == (D("155.90") + D("17.00"), D("87.00"))
    assert (w5["table_id"], w5["code"], w5["column_id"]) == (
        "expenditure_summary",
        "2060404",
        "total",
    )
    assert (w5["expected_wan"], w5["actual_wan"]) == (D("0") + D("155.90"), D("70.00"))
    assert x4["code"] == "2060404" and x4["column_id"] == x4["expected_column_id"] == "project"
    assert {x4["table_id"], x4["expected_table_id"]} == {
        "expenditure_summary",
        "general_budget_expenditure",
    }
    assert {x4["expected_wan"], x4["actual_wan"]} == {D("70.00"), D("155.90")}
    for f in (w3, w5, x4):
        assert f["stake_wan"] == D("155.90") - D("70.00")
        assert f["expected_table_id"] is None or f is x4


def test_a_plan_printed_in_yuan_is_stored_in_wan():
    # a document in 元: the plan's last cumulative figure prints 17000 (元) against 预算数 2.00
    # 万元 (stored in 万元): 17000 / 10000 = 1.70 万元, 0.30 万元 at stake
    docs = conform(
        pl.DataFrame(
            {"doc_id": ["y"], "unit": ["元"], "source_file": ["y.pdf"], "fiscal_year": [2024]}
        ),
        DOCUMENTS,
    )
    projects = conform(
        pl.DataFrame(
            {
                "doc_id": ["y"],
                "project_code": ["P1"],
                "project_no": [1],
                "project_name": ["取暖费"],
                "budget_wan": [D("2.00")],
                "spending_plan": [["5000", "", "10000", "17000"]],
                "source_line": [7],
            }
        ),
        PROJECTS,
    )
    from budgetwatch.config.settings import load_settings

    parts = spending_plan_flags(projects, docs, load_settings().detection)
    flags = assemble(parts, docs, pl.DataFrame({"doc_id": ["y"], "size_wan": [100.0]}))
    f = flags.row(0, named=True)
    assert (f["expected"], f["actual"]) == ("2.00", "17000")  # the text as printed
    assert (f["expected_wan"], f["actual_wan"]) == (D("2.00"), D("17000") / 10000)
    assert f["stake_wan"] == D("0.30") and f["project_code"] == "P1"
    assert f["score"] == pytest.approx(0.30 / 100)
