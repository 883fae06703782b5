"""run_gates with real great-expectations on the hand-transcribed sample and broken copies."""

from __future__ import annotations

import json
import re
from decimal import Decimal as D

import polars as pl
import pytest

from budgetwatch.contract.schema import AMOUNT, FINDINGS, Frames, conform
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.expectations.gate import run_gates
from budgetwatch.expectations.gx import SuiteError, Validator, load_suite_specs
from budgetwatch.expectations.residuals import compute_residuals
from tests.helpers import SAMPLE_PATH, parsed_sample
from tests.sample_frames import DOC, sample_frames


def _bad_code() -> Frames:
    # 2060101 read as "2060" (a row split over a page break, not repaired: guide A6)
    f = sample_frames(doc_id="badcode")
    f.line_items = f.line_items.with_columns(
        code=pl.when((pl.col("code") == "2060101") & (pl.col("table_id") == "expenditure_summary"))
        .then(pl.lit("2060"))
        .otherwise(pl.col("code"))
    )
    return f


def _truncated() -> Frames:
    # cut inside 一般公共预算支出表: that core table is gone and the parser says so
    f = sample_frames(doc_id="truncated")
    f.line_items = f.line_items.filter(
        ~pl.col("table_id").is_in(
            [
                "general_budget_expenditure",
                "general_budget_basic_expenditure",
                "three_public_expenses",
            ]
        )
    )
    f.table_status = f.table_status.filter(
        pl.col("table_id").is_in(
            [
                "income_expenditure_summary",
                "income_summary",
                "expenditure_summary",
                "fiscal_appropriation_summary",
            ]
        )
    )
    f.findings = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "truncated",
                    "kind": "truncated",
                    "severity": "error",
                    "message": "file ends inside 一般公共预算财政拨款支出表",
                    "source_line": 345,
                }
            ]
        ),
        FINDINGS,
    )
    return f


def _rejected() -> Frames:
    f = sample_frames(doc_id="rejected", status="rejected", fiscal_year=None, department_code=None)
    return Frames(documents=f.documents)


@pytest.fixture(scope="module")
def gated(settings, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    frames = Frames.concat([sample_frames(), _bad_code(), _truncated(), _rejected()])
    return run_gates(frames, settings, run_dir), run_dir


def test_quarantine_names_expectation_column_and_value(gated):
    g, _ = gated
    q = dict(g.quarantine.iter_rows())
    assert sorted(q) == ["badcode", "truncated"]  # the sample passes; rejected is not gated
    assert q["badcode"].startswith("功能分类 codes are 3, 5 or 7 digits: function_code = ")
    assert "'2060' in expenditure_summary line 186" in q["badcode"]
    assert "every core table (config gates.core_tables) is present" in q["truncated"]
    assert "'general_budget_expenditure'" in q["truncated"]
    assert "no error-severity finding" in q["truncated"] and "line 345: truncated" in q["truncated"]
    # reasons are read by people: no internal check ids (B6, W3…) nor expectation names
    for reason in q.values():
        assert not re.search(r"\b[BWXN]\d+\b|expect_", reason), reason


def test_residuals_only_for_documents_that_pass(gated, settings):
    g, _ = gated
    assert g.residuals.schema == pl.Schema(RESIDUALS)
    assert set(g.residuals["doc_id"]) == {DOC}
    # GX's verdict agrees with the exact decimal comparison row by row
    exact = compute_residuals(sample_frames(), settings)
    assert g.residuals["passed"].to_list() == exact["passed"].to_list()
    failed = g.residuals.filter(~pl.col("passed"))
    assert failed["check_id"].to_list() == ["X9"]
    assert failed["residual"].to_list() == [D("983.63") - D("983.34")]


def test_summary_counts(gated):
    g, _ = gated
    s = g.summary
    assert s["documents_gated"] == 3 and s["documents_quarantined"] == 2
    assert s["residuals_failed"] == 1 and s["failed_by_kind"] == {"project_sum_mismatch": 1}
    assert s["suites"]["structure_documents"]["success"] is False
    assert s["suites"]["structure_schema"]["success"] is True
    assert s["suites"]["identities"]["unexpected"] == 1


def test_validation_results_written_and_no_data_docs(gated):
    _, run_dir = gated
    # GX's Data Docs fetch their styles and scripts from CDNs: the run's report replaces them
    assert not list(run_dir.rglob("*.html"))
    results = list((run_dir / "gx" / "uncommitted" / "validations").rglob("*.json"))
    suites = {json.loads(p.read_text())["suite_name"] for p in results}
    assert suites == {"structure_schema", "structure_documents", "structure_codes", "identities"}


def test_malformed_frames_quarantine_the_batch(settings):
    f = sample_frames()
    f.line_items = f.line_items.with_columns(pl.col("amount_wan").cast(pl.Float64))
    g = run_gates(f, settings)
    assert g.quarantine["doc_id"].to_list() == [DOC]
    assert "line_items.amount_wan is Float64" in g.quarantine["reason"][0]
    assert g.residuals.is_empty()


def test_identity_failure_is_a_warning_not_a_quarantine(settings):
    f = sample_frames()
    f.line_items = f.line_items.with_columns(
        amount_wan=pl.when(
            (pl.col("table_id") == "three_public_expenses")
            & (pl.col("name") == "合计")
            & (pl.col("column_id") == "general_budget")
        )
        .then(pl.lit(D("4.00"), AMOUNT))
        .otherwise(pl.col("amount_wan"))
    )
    g = run_gates(f, settings)
    assert g.quarantine.is_empty()
    w10 = g.residuals.filter(~pl.col("passed") & (pl.col("check_id") == "W10"))
    # one printed addend (the other two columns are blank: exact zeros, no rounding)
    assert w10.row(0, named=True)["explanation"] == (
        "三公经费表 合计 合计 3.00 ≠ 一般公共预算+政府性基金+国有资本经营 4.00，差 -1.00，容差 0.01 "
        "(line 464)"
    )


def test_suite_files_are_checked(tmp_path):
    assert set(load_suite_specs()) == {
        "structure_schema",
        "structure_documents",
        "structure_codes",
        "identities",
    }
    (tmp_path / "broken.json").write_text('{"name": "x",\n "meta": {,}}', encoding="utf-8")
    with pytest.raises(SuiteError) as err:
        load_suite_specs(tmp_path)
    assert "broken.json:2" in str(err.value)


def test_parsed_sample_passes_the_blocking_suites(settings):

    frames = parsed_sample()
    g = run_gates(frames, settings)
    assert g.quarantine.is_empty()
    assert g.summary["failed_by_kind"] == {"project_sum_mismatch": 1}


def test_document_cut_mid_table_is_quarantined_and_the_rest_loads(settings):
    from budgetwatch.transforms import reader

    path = SAMPLE_PATH
    # keep lines 1-345: the text stops inside 一般公共预算财政拨款支出表 (starts line 328)
    cut = b"\n".join(path.read_bytes().split(b"\n")[:345])
    broken = reader.read_disclosure(cut, "cut.txt").frames
    g = run_gates(Frames.concat([broken, parsed_sample()]), settings)
    ((doc_id, reason),) = g.quarantine.iter_rows()
    assert doc_id == broken.documents["doc_id"][0]
    assert reason.startswith("no error-severity finding") and "line 345: truncated" in reason
    assert set(g.residuals["doc_id"]) == set(parsed_sample().documents["doc_id"])


def test_expectation_that_cannot_run_is_an_error_naming_the_suite(tmp_path):
    (tmp_path / "typo.json").write_text(
        json.dumps(
            {
                "name": "typo",
                "meta": {"grade": "blocking", "asset": "documents"},
                "expectations": [
                    {
                        "type": "expect_column_values_to_not_be_null",
                        "kwargs": {"column": "fiscal_yaer"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    spec = load_suite_specs(tmp_path)["typo"]
    facts = pl.DataFrame({"doc_id": ["a"], "fiscal_year": [2024]})
    with pytest.raises(SuiteError, match=r"typo\.json.*fiscal_yaer.*does not exist"):
        Validator(None).run(spec, facts)


def test_header_facts_missing(settings):
    frames = Frames.concat(
        [
            sample_frames(doc_id="nocode", department_code="", department_name=""),
            # a template that prints no code (Shanghai, Jiangsu): the name identifies it
            sample_frames(doc_id="nameonly", department_code=None),
            sample_frames(doc_id="oldyear", fiscal_year=1900),
            sample_frames(doc_id="noyear", fiscal_year=None),
            sample_frames(doc_id="letters", department_code="35O"),
        ]
    )
    q = dict(run_gates(frames, settings).quarantine.iter_rows())
    assert q["nocode"].startswith("a department was read") and "department = null" in q["nocode"]
    assert "nameonly" not in q
    assert q["oldyear"] == "the fiscal year is plausible: fiscal_year = 1900"
    assert q["noyear"] == "a fiscal year (预算年度) was read: fiscal_year = null"
    assert q["letters"].startswith("the department code, where printed, is digits only")
    assert "'35O'" in q["letters"]


def test_empty_batch(settings):
    g = run_gates(Frames(), settings)
    assert g.quarantine.is_empty() and g.residuals.is_empty()
    assert g.residuals.schema == pl.Schema(RESIDUALS)
    assert g.summary["documents_gated"] == 0


def test_markup_in_a_file_name_is_kept_as_written_in_reasons(settings, tmp_path):
    from budgetwatch.transforms import reader

    name = "<img src=x onerror=alert(1)>/report[final].txt"
    cut = b"\n".join(SAMPLE_PATH.read_bytes().split(b"\n")[:345])  # truncated: quarantined
    g = run_gates(reader.read_disclosure(cut, name).frames, settings, tmp_path)
    ((_, reason),) = g.quarantine.iter_rows()
    assert f"{name}:345: text ends inside table" in reason  # the reason keeps the name as is


def test_great_expectations_is_the_one_judge_of_a_residual(settings, tmp_path):
    # The sample's 基本支出表 合计 公用经费 is 36.80 (line 387). A narrative "36 万元" is that figure
    # truncated to whole 万元 (passes), "35" is 1.80 off (fails: more than 0.49). The verdict
    # stored, the explanation and the validation result GX files in the run folder are one.
    def stated(amount: str) -> Frames:
        frames = sample_frames(doc_id=f"doc{amount}")
        frames.narrative_figures = frames.narrative_figures.with_columns(
            amount_wan=pl.when(pl.col("label") == "public_funds")
            .then(pl.lit(D(amount), AMOUNT))
            .otherwise(pl.col("amount_wan"))
        )
        return frames

    g = run_gates(Frames.concat([stated("36"), stated("35")]), settings, tmp_path)
    n2 = g.residuals.filter(pl.col("subject").str.starts_with("narrative/public_funds~"))
    assert n2.select("doc_id", "passed").sort("doc_id").rows() == [
        ("doc35", False),
        ("doc36", True),
    ]
    by_doc = dict(n2.select("doc_id", "explanation").iter_rows())
    assert "36.00 = 基本支出表 合计 公用经费 36.80 (line 566)" in by_doc["doc36"]
    assert "35.00 ≠ 基本支出表 合计 公用经费 36.80，差 -1.80，容差 0.49" in by_doc["doc35"]
    # every failed row, and no passed one, is among GX's unexpected rows of the batch
    failed = g.residuals.filter(~pl.col("passed")).height
    assert g.summary["suites"]["identities"]["unexpected"] == failed
    assert g.summary["residuals_failed"] == failed
    results = list((tmp_path / "gx" / "uncommitted" / "validations" / "identities").rglob("*.json"))
    assert len(results) == 1
    filed = json.loads(results[0].read_text(encoding="utf-8"))
    assert (
        sum(len(r["result"].get("unexpected_index_list") or []) for r in filed["results"]) == failed
    )


def test_the_context_is_built_once_per_run_folder(settings, tmp_path):
    from budgetwatch.expectations import gx

    first = gx.validator(tmp_path)
    run_gates(parsed_sample(), settings, tmp_path)
    run_gates(parsed_sample(), settings, tmp_path)
    assert gx.validator(tmp_path) is first
    # two batches, two runs filed apart in the same context
    runs = (tmp_path / "gx" / "uncommitted" / "validations" / "identities").iterdir()
    assert len(list(runs)) == 2


def test_line_items_split_by_column_keep_their_rows_and_order():
    from budgetwatch.expectations.checks.common import ByColumn

    li = pl.DataFrame(
        {
            "doc_id": ["b", "a", "b", "a"],
            "table_id": ["expenditure_summary"] * 3 + ["income_summary"],
            "side": ["", "", "", ""],
            "column_id": ["total", "basic", "total", "total"],
            "amount_wan": [3, 1, 2, 5],
        }
    )
    columns = ByColumn(li)
    # the two 支出总表 合计 rows, in li's order (b's 3 before b's 2), and nothing else
    got = columns("expenditure_summary", "", "total")
    assert got["amount_wan"].to_list() == [3, 2]
    assert got["doc_id"].to_list() == ["b", "b"]
    # a column no document prints: no rows, the same columns
    none = columns("expenditure_summary", "income", "total")
    assert none.height == 0 and none.schema == li.schema


def test_identity_rows_built_per_slice_of_documents_are_one_batch_s(settings, tmp_path):
    # Three documents; the second states 公用经费 as 35 万元 where its 基本支出表 prints 36.80
    # (1.80 off, more than 0.49). Built one document at a time, the residual rows are the
    # rows of one build, in the same order, and great-expectations judged them in one
    # validation of the batch.
    def doc(doc_id: str, public_funds: str | None = None) -> Frames:
        frames = sample_frames(doc_id=doc_id)
        if public_funds is not None:
            frames.narrative_figures = frames.narrative_figures.with_columns(
                amount_wan=pl.when(pl.col("label") == "public_funds")
                .then(pl.lit(D(public_funds), AMOUNT))
                .otherwise(pl.col("amount_wan"))
            )
        return frames

    batch = Frames.concat([doc("c"), doc("a", "35"), doc("b")])
    whole = compute_residuals(batch, settings)
    from budgetwatch.config.settings import load_settings

    one_each = load_settings(overrides={"gates.slice_documents": 1})
    sliced = run_gates(batch, one_each, tmp_path)
    assert sliced.residuals.equals(whole)
    assert sliced.residuals["doc_id"].unique(maintain_order=True).to_list() == ["a", "b", "c"]
    n2 = sliced.residuals.filter(
        ~pl.col("passed") & pl.col("subject").str.starts_with("narrative/public_funds~")
    )
    assert n2["doc_id"].to_list() == ["a"] and n2["residual"].to_list() == [D("-1.80")]
    runs = list((tmp_path / "gx" / "uncommitted" / "validations" / "identities").iterdir())
    assert len(runs) == 1
