"""Scoring flags against labels, on hand-made frames whose figures are counted by hand."""

from __future__ import annotations

import polars as pl
import pytest
from typer.testing import CliRunner

from budgetwatch.contract.schema import FLAGS, conform
from budgetwatch.detection.evaluate import score


def _flags(rows):
    """(doc, kind, severity, subject[, code, project_code]): a model flag's code or project is
    its column (contract FLAGS), not read from the subject."""
    return conform(
        pl.DataFrame(
            [
                {
                    "flag_id": f"f{i}",
                    "doc_id": d,
                    "kind": k,
                    "severity": s,
                    "subject": subj,
                    "code": code,
                    "project_code": project,
                    "rule_or_model": f"r-{k}",
                    "rank": i,
                }
                for i, (d, k, s, subj, code, project) in enumerate(
                    ((*r, None, None)[:6] for r in rows), start=1
                )
            ],
            schema_overrides={"code": pl.String, "project_code": pl.String},
        ),
        FLAGS,
    )


LABELS = pl.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d"],
        "kind": ["identity_break", "stale_year", "yoy_change", "yoy_change"],
        "code": ["2010101", "", "2130101", "2080107"],
        "project_code": ["", "", "", "P9"],
    }
)
DOCS = pl.DataFrame({"doc_id": ["a", "b", "c", "d", "e", "f", "g", "h"]})


def test_recall_precision_and_clean_share_by_hand():
    flags = _flags(
        [
            ("a", "cross_table_mismatch", "critical", "W4:x"),  # finds a (documented equivalent)
            ("e", "identity_break", "critical", "W1:y"),  # clean doc e, alarm
            (
                "c",
                "yoy_change",
                "warning",
                "expenditure_summary/213/project",
                "213",
            ),  # parent of 2130101: finds c
            (
                "d",
                "yoy_change",
                "warning",
                "expenditure_summary/205/project",
                "205",
            ),  # wrong code: no
            ("b", "copy_paste", "warning", "P1"),  # wrong kind for b
            ("f", "name_mismatch", "info", "t/1"),  # clean doc f, info only: not an alarm
            (
                "d",
                "yoy_change",
                "warning",
                "projects/P9/budget_wan",
                None,
                "P9",
            ),  # the label's project: finds d
        ]
    )
    r = score(flags, LABELS, DOCS)
    got = {row["kind"]: (row["injected"], row["found"]) for row in r.per_kind.iter_rows(named=True)}
    assert got == {"identity_break": (1, 1), "stale_year": (1, 0), "yoy_change": (2, 2)}
    # k = 4 labels; top 4 flags: f1 ✓, f2 ✗, f3 ✓, f4 ✗ → 2/4
    assert r.top_k == 4 and r.precision_at_k == pytest.approx(0.5)
    # clean documents: e f g h (4); alarmed: e only → 1/4
    assert (r.clean_documents, r.clean_flagged) == (4, 1)
    assert r.clean_flagged_share == pytest.approx(0.25)
    assert r.clean_by_rule.rows() == [("r-identity_break", 1)]


def test_explicit_top_k():
    flags = _flags(
        [("a", "identity_break", "critical", "W1:x"), ("e", "identity_break", "critical", "W1:y")]
    )
    assert score(flags, LABELS, DOCS, top_k=1).precision_at_k == 1.0
    assert score(flags, LABELS, DOCS, top_k=2).precision_at_k == 0.5


def test_evaluate_command_on_missing_corpus(tmp_path):
    from budgetwatch.cli.main import app

    result = CliRunner().invoke(app, ["evaluate", "--corpus", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a generated corpus" in result.output


@pytest.mark.slow  # a whole pipeline in a subprocess / end to end: not in the quick loop
def test_generated_corpus_end_to_end(tmp_path):
    """A small corpus at a high anomaly rate through the whole pipeline: the rule kinds are
    deterministic inconsistencies, so every one injected must be found."""
    from budgetwatch.cli.cmd_evaluate import evaluate_corpus
    from budgetwatch.config.settings import load_settings
    from budgetwatch.detection.evaluate import MODEL_KINDS
    from budgetwatch.synth import generate_corpus

    generate_corpus(tmp_path, 16, [2023, 2024], seed=4, anomaly_rate=0.6)
    report, analysis = evaluate_corpus(tmp_path, load_settings())
    # model kinds (yoy_change, peer_outlier, composition_outlier) need peers and years this
    # 16-department, 2-year corpus does not have
    rules = report.per_kind.filter(~pl.col("kind").is_in(MODEL_KINDS))
    assert rules["injected"].sum() >= 5
    assert rules["found"].to_list() == rules["injected"].to_list()
    assert analysis.flags["rank"].to_list() == list(range(1, analysis.flags.height + 1))
