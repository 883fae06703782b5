"""Parsing generated documents reproduces their truth cell by cell (artifacts included), and
the same seed writes a byte-identical corpus."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.contract.schema import Frames
from budgetwatch.synth import generate_corpus
from budgetwatch.synth.accuracy import cell_accuracy
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import tree_hashes

TRUTH = ("documents", "line_items", "projects", "indicators", "narrative_figures")


def _truth(d: Path) -> Frames:
    return Frames(**{n: pl.read_parquet(d / "truth" / f"{n}.parquet") for n in TRUTH})


def _parse(d: Path) -> Frames:
    out = []
    for f in sorted((d / "docs").rglob("*.txt")):
        res = read_disclosure(f.read_bytes(), f.relative_to(d / "docs").as_posix())
        assert res.error is None, res.error
        out.append(res.frames)
    return Frames.concat(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parse_reproduces_truth(seed, tmp_path):
    generate_corpus(tmp_path, departments=10, years=[2022, 2023, 2024], seed=seed, anomaly_rate=0.3)
    truth, parsed = _truth(tmp_path), _parse(tmp_path)
    matched, total, mismatches = cell_accuracy(parsed, truth)
    print(f"seed {seed}: cell-level accuracy {matched}/{total} = {matched / total:.4%}")
    assert total > 5000
    assert mismatches.height == 0, mismatches.head(20)
    # the parser saw what the truth says about each document
    docs = parsed.documents.join(truth.documents, on="source_file", suffix="_t")
    assert docs.height == truth.documents.height
    assert (docs["doc_id"] == docs["doc_id_t"]).all()
    assert (docs["unit"] == docs["unit_t"]).all()
    assert (docs["fiscal_year"] == docs["fiscal_year_t"]).all()


def test_cell_accuracy_counts_a_changed_cell(tmp_path):
    generate_corpus(tmp_path, departments=2, years=[2023], seed=4, anomaly_rate=0.0)
    truth = _truth(tmp_path)
    matched, total, mm = cell_accuracy(truth, truth)
    assert (matched, mm.height) == (total, 0)
    li = truth.line_items.with_row_index()
    changed = li.with_columns(
        pl.when(pl.col("index") == 0)
        .then(pl.col("amount_wan") + Decimal("1"))
        .otherwise(pl.col("amount_wan"))
        .alias("amount_wan")
    ).drop("index")
    other = Frames(**{**{n: getattr(truth, n) for n in TRUTH}, "line_items": changed})
    matched2, total2, mm2 = cell_accuracy(other, truth)
    assert (total2, matched2, mm2.height) == (total, total - 1, 1)
    assert mm2["field"].to_list() == ["amount_wan"]


def test_same_seed_byte_identical(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for d, seed in ((a, 7), (b, 7), (c, 8)):
        generate_corpus(d, departments=8, years=range(2021, 2025), seed=seed, anomaly_rate=0.3)
    ha, hb, hc = tree_hashes(a), tree_hashes(b), tree_hashes(c)
    assert len(ha) > 20 and ha == hb
    assert ha != hc


def test_truth_doc_id_is_hash_of_written_bytes(tmp_path):
    generate_corpus(tmp_path, departments=4, years=[2024], seed=9)
    docs = pl.read_parquet(tmp_path / "truth" / "documents.parquet")
    for r in docs.iter_rows(named=True):
        data = (tmp_path / "docs" / r["source_file"]).read_bytes()
        assert r["doc_id"] == hashlib.sha256(data).hexdigest()[:16]
        assert data.decode(r["encoding"]).count(f"{r['department_code']} ") > 5
