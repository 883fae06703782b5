"""The out-of-core, incremental analysis (flows.analysis.analyse_store) against the in-memory
one (compare_and_detect over the whole store, what main computed): the same derived tables
and flags, whether the documents arrive at once or in two runs, and a second run over an
unchanged store recomputes nothing.

The corpus is generated (synth) with its injected anomalies, so the corpus rules (peers,
forests, copies across departments) have something to find.
"""

from __future__ import annotations

import polars as pl
import pytest

from budgetwatch.contract.schema import department_key
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.flows.analysis import analyse_store, compare_and_detect
from budgetwatch.store import Store

# parses a 42-document corpus and analyses it five times: minutes on a loaded machine
pytestmark = pytest.mark.slow

DERIVED = ("multiyear", "peers", "department_history", "yoy_claims", "flags")


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    """A generated corpus parsed and gated once: (frames, residuals, sources)."""
    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import analyze
    from budgetwatch.sources.discover import inspect_files
    from budgetwatch.synth import generate_corpus

    root = tmp_path_factory.mktemp("corpus")
    out = generate_corpus(root, departments=14, years=[2021, 2022, 2023], seed=11, anomaly_rate=0.3)
    paths = sorted((out / "docs").rglob("*.txt"))
    result = analyze(paths, out / "docs", load_settings())
    files = inspect_files(paths, out / "docs")
    sources = pl.DataFrame(
        {"source_file": [f.source_file for f in files], "sha256": [f.sha256 for f in files]}
    )
    return result.frames, result.residuals, sources


def _commit(store: Store, parsed, keep: pl.Expr) -> None:
    frames, residuals, sources = parsed
    docs = frames.documents.filter(keep)
    ids = docs["doc_id"]
    files = docs["source_file"].implode()
    store.commit_batch(
        frames.filter_docs(ids),
        residuals.filter(pl.col("doc_id").is_in(ids.implode()))
        if residuals.height
        else pl.DataFrame(schema=RESIDUALS),
        sources.filter(pl.col("source_file").is_in(files)),
    )


def _in_memory(store: Store, settings) -> dict[str, pl.DataFrame]:
    """What main's analyse_store computed: everything over the whole store in memory."""
    failed = store.read("residuals", where=~pl.col("passed").fill_null(True))
    comparisons, flags = compare_and_detect(store.frames(), failed, settings)
    return {**comparisons, "flags": flags}


def _assert_same(store: Store, expected: dict[str, pl.DataFrame]) -> None:
    for name in DERIVED:
        got = store.read(name)
        want = expected[name].select(got.columns).cast(got.schema)
        assert got.height == want.height, name
        assert got.equals(want, null_equal=True), name


def test_full_run_equals_in_memory(parsed, settings, tmp_path):
    store = Store(tmp_path / "store")
    _commit(store, parsed, pl.lit(True))
    summary = analyse_store(store.root, settings, "run-1")
    expected = _in_memory(store, settings)
    assert expected["flags"].height > 50  # the corpus rules and the gates found things
    rules = set(expected["flags"]["rule_or_model"])
    assert "copy_paste_across" in rules and {"model:projects", "model:indicators"} & rules
    _assert_same(store, expected)
    assert summary["flags"] == expected["flags"].height
    assert summary["recomputed"]["departments"] == summary["recomputed"]["of_departments"]


def test_two_runs_equal_one(parsed, settings, tmp_path):
    """Documents added in a second run (new departments, a new year for others): the
    incremental run recomputes those departments only, and its tables and flags are those of
    a run over everything at once."""
    code = pl.col("department_code")
    first = ~code.str.ends_with("3") & ~(code.str.ends_with("0") & (pl.col("fiscal_year") == 2023))
    settings = settings.model_copy(
        update={"comparison": settings.comparison.model_copy(update={"chunk_departments": 4})}
    )  # several groups even in a small corpus
    store = Store(tmp_path / "inc")
    _commit(store, parsed, first)
    analyse_store(store.root, settings, "run-1")
    _commit(store, parsed, ~first)
    summary = analyse_store(store.root, settings, "run-2")
    added = parsed[0].documents.filter(~first).select(key=department_key())["key"]
    assert summary["recomputed"]["departments"] == added.n_unique() < 14

    at_once = Store(tmp_path / "once")
    _commit(at_once, parsed, pl.lit(True))
    analyse_store(at_once.root, settings, "run-1")
    _assert_same(store, _in_memory(store, settings))
    for name in DERIVED:
        assert store.read(name).equals(at_once.read(name), null_equal=True), name
    ids = store.read("flags")["flag_id"]
    assert ids.sort().equals(at_once.read("flags")["flag_id"].sort())

    again = analyse_store(store.root, settings, "run-3")  # nothing changed
    assert again["recomputed"]["departments"] == 0 and again["recomputed"]["years"] == []
    assert store.read("flags").equals(at_once.read("flags"), null_equal=True)
