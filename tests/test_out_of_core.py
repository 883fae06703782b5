"""The out-of-core, incremental analysis (flows.analysis.analyse_store) against the in-memory
one (compare_and_detect over the whole store, what main computed): the same derived tables
and flags, whether the documents arrive at once or in two runs, and a second run over an
unchanged store recomputes nothing.

The corpus is generated (synth) with its injected anomalies, so the corpus rules (peers,
forests, copies across departments) have something to find. The forests have 10 trees each
(200 by default): both paths fit the same forests on the same rows with the same seed, so
what is compared does not depend on their size, and the module runs in seconds. Groups of 4
departments make even the full run a run of several groups.
"""

from __future__ import annotations

import gc
import weakref

import polars as pl
import pytest

from budgetwatch.contract.schema import department_key
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.flows import analysis
from budgetwatch.flows.analysis import analyse_store, compare_and_detect
from budgetwatch.store import Store

DERIVED = ("multiyear", "peers", "department_history", "yoy_claims", "flags")


@pytest.fixture(scope="module")
def small(settings):
    """Forests of 10 trees, groups of 4 departments, peers of 2 departments."""
    cfg = settings.detection
    forests = cfg.forests.model_copy(
        update={
            name: getattr(cfg.forests, name).model_copy(update={"n_estimators": 10})
            for name in type(cfg.forests).model_fields
        }
    )
    return settings.model_copy(
        update={
            # peers of 2 (3 by default): more kinds with peer rows in a small corpus
            "comparison": settings.comparison.model_copy(
                update={"chunk_departments": 4, "min_peers": 2}
            ),
            "detection": cfg.model_copy(update={"forests": forests}),
        }
    )


@pytest.fixture(scope="module")
def parsed(tmp_path_factory, small):
    """A generated corpus parsed and gated once: (frames, residuals, sources)."""
    from budgetwatch.flows.core import analyze
    from budgetwatch.sources.discover import inspect_files
    from budgetwatch.synth import generate_corpus

    root = tmp_path_factory.mktemp("corpus")
    out = generate_corpus(root, departments=14, years=[2021, 2022, 2023], seed=11, anomaly_rate=0.3)
    paths = sorted((out / "docs").rglob("*.txt"))
    result = analyze(paths, out / "docs", small)
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


@pytest.fixture(scope="module")
def at_once(parsed, small, tmp_path_factory):
    """Every document committed and analysed in one run: (store, its run's summary)."""
    store = Store(tmp_path_factory.mktemp("once") / "store")
    _commit(store, parsed, pl.lit(True))
    return store, analyse_store(store.root, small, "run-1")


def _in_memory(store: Store, settings) -> dict[str, pl.DataFrame]:
    """What main's analyse_store computed: everything over the whole store in memory."""
    failed = store.read("residuals", where=~pl.col("passed").fill_null(True))
    comparisons, flags = compare_and_detect(store.frames(), failed, settings)
    return {**comparisons, "flags": flags}


def test_full_run_equals_in_memory(at_once, small):
    store, summary = at_once
    expected = _in_memory(store, small)
    assert expected["flags"].height > 50  # the corpus rules and the gates found things
    rules = set(expected["flags"]["rule_or_model"])
    assert "copy_paste_across" in rules and {"model:projects", "model:indicators"} & rules
    for name in DERIVED:
        got = store.read(name)
        want = expected[name].select(got.columns).cast(got.schema)
        assert got.height == want.height, name
        assert got.equals(want, null_equal=True), name
    assert summary["flags"] == expected["flags"].height
    assert summary["recomputed"]["departments"] == summary["recomputed"]["of_departments"]
    assert len(summary["recomputed"]["groups"]) > 1


def peer_kinds(store: Store) -> dict[str, set]:
    """Each year's kinds of department in a store's peers."""
    peers = store.read("peers").group_by("fiscal_year").agg(pl.col("kind").unique())
    return {str(y): set(k) for y, k in peers.iter_rows()}


def _peers_files(store: Store) -> dict[tuple[str, str], tuple[int, int]]:
    """(year, file name) → (inode, mtime) of each peers file of the store's analysis cache."""
    return {
        (p.parent.name, p.name): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in (store.root / "analysis" / "peers").glob("*/*.parquet")
    }


def _derived_files(store: Store) -> dict[str, tuple[int, int]]:
    """Path → (inode, mtime) of each file of the store's partitioned derived tables."""
    folder = store.root / "derived"
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for name in ("multiyear", "peers")
        for p in (folder / name).rglob("*.parquet")
    }


def _kind_of(file: tuple[str, str]) -> str:
    """The kind of a peers file's name (the summary's "" for no kind: AnalysisCache's names)."""
    name = file[1].removesuffix(".parquet")
    return "" if name == "_none" else bytes.fromhex(name[1:]).decode()


def test_two_runs_equal_one(parsed, small, at_once, tmp_path, monkeypatch):
    """Documents added in a second run (new departments, a new year for others): the
    incremental run recomputes those departments only, reading the line items of their
    documents only (the peers of a kind from its stored rows), and its tables and flags are
    those of a run over everything at once (which equal the in-memory analysis: the test
    above)."""
    from budgetwatch.comparison import multiyear

    code = pl.col("department_code")
    first = ~code.str.ends_with("3") & ~(code.str.ends_with("0") & (pl.col("fiscal_year") == 2023))
    store = Store(tmp_path / "inc")
    _commit(store, parsed, first)
    analyse_store(store.root, small, "run-1")
    first_files, first_derived = _peers_files(store), _derived_files(store)
    _commit(store, parsed, ~first)
    read: set[str] = set()  # the documents whose line items the second run reads

    def document_lines(frames, history):
        read.update(frames.line_items["doc_id"])
        return lines_of(frames, history)

    lines_of = multiyear.document_lines
    monkeypatch.setattr(multiyear, "document_lines", document_lines)
    summary = analyse_store(store.root, small, "run-2")
    monkeypatch.undo()
    added = parsed[0].documents.filter(~first).select(key=department_key())["key"]
    assert summary["recomputed"]["departments"] == added.n_unique() < 14
    docs = parsed[0].documents.select("doc_id", key=department_key())
    theirs = set(docs.filter(pl.col("key").is_in(added.implode()))["doc_id"])
    assert read and read <= theirs, read - theirs
    # peers rebuilt only for the kinds the added departments are of; the other kinds' rows
    # are the first run's (and the tables below equal a run over everything at once)
    rebuilt = summary["recomputed"]["peer_kinds"]
    stored = peer_kinds(at_once[0])
    assert rebuilt and all(rebuilt[y] != "all" for y in rebuilt), rebuilt
    # some year kept another kind's peer rows from the first run
    assert any(stored.get(y, set()) - set(rebuilt[y]) for y in rebuilt), (rebuilt, stored)
    # ... in the file the first run wrote, untouched (a kind's peers are a file of their own)
    after = _peers_files(store)
    kept = {f: at for f, at in first_files.items() if _kind_of(f) not in rebuilt.get(f[0], [])}
    assert kept and all(after.get(f) == at for f, at in kept.items()), (kept, after)
    # the derived multiyear and peers are those files: an untouched group's and a kept kind's
    # file is the first run's, not written again
    derived, redone = _derived_files(store), summary["recomputed"]["groups"]

    def group(f: str) -> int:
        return int(f.removeprefix("multiyear/").removesuffix(".parquet"))

    groups = {f for f in first_derived if f.startswith("multiyear/")}
    untouched = {f for f in groups if group(f) not in redone}
    untouched |= {f"peers/{int(year):04d}/{name}" for year, name in kept}
    assert untouched > {f"peers/{int(y):04d}/{n}" for y, n in kept}, (redone, groups)
    assert all(derived[f] == first_derived[f] for f in untouched), (untouched, derived)
    assert all(derived[f] != first_derived[f] for f in groups - untouched)

    once = at_once[0]
    for name in DERIVED:
        assert store.read(name).equals(once.read(name), null_equal=True), name

    again = analyse_store(store.root, small, "run-3")  # nothing changed
    assert again["recomputed"]["departments"] == 0 and again["recomputed"]["years"] == []
    assert store.read("flags").equals(once.read("flags"), null_equal=True)


def test_an_increment_reusing_the_forests_differs_from_a_full_run_in_forest_flags_only(
    parsed, small, at_once, tmp_path
):
    """With ``reference.refit_share`` 1 the second run reuses the first run's fold forests:
    the changed departments' rows are scored by forests fitted without them (not by the full
    run's refit on every department), and the forests' flags of the other departments stay as
    the first run stored them. So only model flags (``model:*``) may differ from a full run
    over the same store (which rows are flagged, and their forest scores); every other flag
    is the full run's, row for row (its rank aside: ranks order all flags)."""
    cfg = small.detection
    reuse = small.model_copy(
        update={
            "detection": cfg.model_copy(
                update={"reference": cfg.reference.model_copy(update={"refit_share": 1.0})}
            )
        }
    )
    code = pl.col("department_code")
    first = ~code.str.ends_with("3") & ~(code.str.ends_with("0") & (pl.col("fiscal_year") == 2023))
    store = Store(tmp_path / "reuse")
    _commit(store, parsed, first)
    assert analyse_store(store.root, reuse, "run-1")["forest_fit"]["reused"] == []
    stored = store.read("flags")
    _commit(store, parsed, ~first)
    summary = analyse_store(store.root, reuse, "run-2")
    fit = summary["forest_fit"]
    assert fit["reused"] and fit["refitted"] == [] and fit["changed_departments_since_fit"] > 0

    got, want = store.read("flags"), at_once[0].read("flags")
    model = pl.col("rule_or_model").str.starts_with("model:")

    def rows(flags, keep):
        return flags.filter(keep).drop("rank").sort("flag_id")

    # every other flag is the full run's, row for row
    assert rows(got, ~model).equals(rows(want, ~model), null_equal=True)
    assert rows(got, ~model).height > 100
    # the model flags: the same kinds of finding, told with other forests' scores
    assert got.filter(model).height and want.filter(model).height
    # the untouched departments' forest flags are the first run's, same ids and rows
    added = parsed[0].documents.filter(~first).select(key=department_key())["key"].unique()
    docs = parsed[0].documents.select("doc_id", key=department_key())
    untouched = docs.filter(~pl.col("key").is_in(added.implode()))["doc_id"].implode()
    kept = model & pl.col("doc_id").is_in(untouched)
    assert rows(got, kept).equals(rows(stored, kept), null_equal=True)
    assert rows(stored, kept).height > 0


def test_copy_paste_flags_a_year_at_a_time_equal_the_whole(parsed, small):
    """copy_paste_flags over the indicators in pieces of one year each (the out-of-core
    analysis's input) gives the flags of the indicators whole, row for row."""
    from budgetwatch.comparison.identity import (
        compared_documents,
        department_history,
        document_kinds,
    )
    from budgetwatch.detection import INDICATOR_COLUMNS
    from budgetwatch.detection.rules_indicators import copy_paste_flags

    frames = parsed[0]
    compared = compared_documents(frames)
    kinds = department_history(compared, document_kinds(compared, frames, small))
    year = frames.indicators.join(frames.documents.select("doc_id", "fiscal_year"), on="doc_id")
    # only the columns the analysis reads for it from the store
    pieces = [
        year.filter(pl.col("fiscal_year") == y).select(INDICATOR_COLUMNS["copy_paste_flags"])
        for y in sorted(year["fiscal_year"].unique(), reverse=True)  # any order of years
    ]
    assert len(pieces) == 3 and sum(p.height for p in pieces) == frames.indicators.height
    args = (frames.projects, frames.documents, kinds, small.detection)

    def flags(parts):
        return pl.concat(parts).sort("rule_or_model", "doc_id", "subject")

    whole = flags(copy_paste_flags(frames.indicators, *args))
    # blocks copied across departments (the generator plants them; it prints no textual 效益
    # rows, so copies within a document, a document's own affair, are not exercised here)
    assert whole.filter(pl.col("rule_or_model") == "copy_paste_across").height > 0
    assert flags(copy_paste_flags(iter(pieces), *args)).equals(whole, null_equal=True)


def test_the_indicator_forest_s_rows_carry_only_what_its_rule_and_fit_read(parsed, small):
    """The indicator forest's rows built a year at a time from the columns the analysis reads
    for them keep the row's identity, text and source and the features, nothing else (the
    descriptions, units and 预算数 the features were built from are dropped before the years
    are joined), and are the rows built from every indicator at once, row for row."""
    from budgetwatch.detection import INDICATOR_COLUMNS, _forest_rows
    from budgetwatch.detection.models import INDICATOR_FEATURES, forest_rows

    frames = parsed[0]
    asked = []

    def by_year(columns):
        asked.append(columns)
        year = frames.indicators.join(frames.documents.select("doc_id", "fiscal_year"), on="doc_id")
        for y in sorted(year["fiscal_year"].unique()):
            yield year.filter(pl.col("fiscal_year") == y).select(columns)

    rows, features = _forest_rows("model:indicators", frames, {}, small.detection, by_year)
    assert asked == [INDICATOR_COLUMNS["model:indicators"]]
    assert features == INDICATOR_FEATURES
    assert "description" not in rows.columns and "budget_wan" not in rows.columns
    assert {"_asked", "value_raw", "source_file", *INDICATOR_FEATURES} <= set(rows.columns)
    whole, _ = forest_rows("model:indicators", frames, {}, small.detection)
    assert rows.height == whole.height == frames.indicators.height
    every = rows.columns  # a total order: the years' rows come in year order
    assert rows.sort(every, nulls_last=True).equals(
        whole.select(every).sort(every, nulls_last=True), null_equal=True
    )


def test_the_corpus_rules_drop_the_multiyear_and_peers_rows_before_reading_the_indicators(
    parsed, small
):
    """run_corpus runs the functions reading the multiyear and peers rows first, and drops
    those rows from the caller's dict before a function reads the indicators (the copies'
    blocks, the indicator forest's rows): at 50,000 documents they are 280 MB, held until then
    through the indicator forest's rule, the analysis's peak."""
    from dataclasses import replace

    from budgetwatch.comparison import build_comparisons
    from budgetwatch.detection import run_corpus
    from budgetwatch.flows.analysis import loaded

    frames = loaded(parsed[0])
    comparisons = build_comparisons(frames, small)
    held = []  # what the dict still held each time the indicators were read

    def indicators(columns):
        held.append({"multiyear", "peers"} & comparisons.keys())
        yield frames.indicators.select(columns)

    corpus = replace(frames, indicators=frames.indicators.clear())
    parts, _, _ = run_corpus(corpus, comparisons, small.detection, None, indicators)
    assert held == [set(), set()]  # copy_paste_flags, then the indicator forest
    rules = set(pl.concat([p.select("rule_or_model") for p in parts if p.height])["rule_or_model"])
    assert {"copy_paste_across", "model:indicators"} <= rules, rules


class _Held:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self):
        self.cycle = self


class _Started(Exception):
    pass


def test_analysis_collects_the_runs_cyclic_garbage_before_its_work(tmp_path, monkeypatch, settings):
    """What the gates leave in reference cycles (246 MB at 10,000 documents) is freed before
    the analysis opens the store, not added to its peak: with automatic collection off, an
    object kept only by its own cycle is gone when the analysis opens the store."""
    seen = []

    def opened(data_dir):
        seen.append(held() is None)
        raise _Started

    monkeypatch.setattr(analysis, "Store", opened)
    gc.disable()
    try:
        held = weakref.ref(_Held())
        assert held() is not None  # only the collector frees it
        with pytest.raises(_Started):
            analyse_store(tmp_path, settings, "gc-test")
    finally:
        gc.enable()
    assert seen == [True]
