"""Residuals, gates and comparisons on a generated corpus: clean
documents break no identity; each labeled identity/cross-table/narrative/project-sum
anomaly fails a check of its kind in its document."""

from __future__ import annotations

import polars as pl
import pytest

from budgetwatch import synth
from budgetwatch.comparison import build_comparisons
from budgetwatch.contract.schema import Frames, conform
from budgetwatch.expectations.gate import run_gates
from budgetwatch.expectations.residuals import compute_residuals

JUDGED = ("identity_break", "cross_table_mismatch", "narrative_mismatch", "project_sum_mismatch")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    synth.generate_corpus(out, departments=12, years=[2022, 2023, 2024], seed=11, anomaly_rate=0.4)
    return out


@pytest.fixture(scope="module")
def truth(corpus) -> tuple[Frames, pl.DataFrame]:
    t = corpus / "truth"
    frames = Frames(
        **{
            name: conform(pl.read_parquet(t / f"{name}.parquet"), Frames.SCHEMAS[name])
            for name in ("documents", "line_items", "projects", "narrative_figures")
        }
    )
    frames.documents = frames.documents.with_columns(status=pl.lit("loaded"))
    return frames, pl.read_parquet(t / "anomalies.parquet")


@pytest.fixture(scope="module")
def parsed(corpus) -> Frames:
    from budgetwatch.transforms import reader

    docs = corpus / "docs"
    return Frames.concat(
        [
            reader.read_disclosure(p.read_bytes(), p.relative_to(docs).as_posix()).frames
            for p in sorted(docs.rglob("*.txt"))
        ]
    )


def _check(residuals: pl.DataFrame, anomalies: pl.DataFrame, documents: pl.DataFrame):
    failed = residuals.filter(~pl.col("passed"))
    anomalous = set(anomalies["doc_id"])
    clean_failures = failed.filter(~pl.col("doc_id").is_in(list(anomalous)))
    assert clean_failures.is_empty(), clean_failures.select("doc_id", "explanation").head(5)
    labeled = anomalies.filter(pl.col("kind").is_in(JUDGED)).select("doc_id", "kind").unique()
    assert labeled.height > 0, "the corpus should carry judged anomalies at this rate"
    caught = failed.select("doc_id", "kind").unique()
    missed = labeled.join(caught, on=["doc_id", "kind"], how="anti")
    assert missed.is_empty(), missed.join(anomalies, on=["doc_id", "kind"]).head(5)
    assert documents.height == residuals["doc_id"].n_unique()


def test_truth_frames(truth, settings):
    frames, anomalies = truth
    _check(compute_residuals(frames, settings), anomalies, frames.documents)


def test_parsed_documents_through_the_gate(parsed, truth, settings):
    _, anomalies = truth
    g = run_gates(parsed, settings)
    assert g.quarantine.is_empty(), g.quarantine.head(3)
    # doc ids are the hash of the written bytes on both sides
    _check(g.residuals, anomalies, parsed.documents)


def test_comparisons_over_the_corpus(truth, settings):
    frames, anomalies = truth
    t = build_comparisons(frames, settings)
    h = t["department_history"]
    assert h.height == frames.documents.height
    assert h["renamed"].any()  # the generator renames one department, code kept
    # a claim between two documents of which neither carries an anomaly holds
    anomalous = list(anomalies["doc_id"].unique())
    claims = t["yoy_claims"].filter(
        pl.col("prev_doc_id").is_not_null()
        & ~pl.col("doc_id").is_in(anomalous)
        & ~pl.col("prev_doc_id").is_in(anomalous)
    )
    assert claims.height > 0
    assert claims["passed"].all(), (
        claims.filter(~pl.col("passed")).select("doc_id", "label", "explanation").head(5)
    )
