"""Comparison and detection over the store: the step after the last batch is committed.

Plain functions, no Prefect: ``flows.pipeline`` wraps ``analyse_store`` in a task, and
``flows.core.analyze`` calls ``compare_and_detect`` on frames held in memory.

``analyse_store`` works out of core (docs/pipeline.md, "Out of core and incremental runs"):
the store is scanned lazily and the work is done in bounded pieces, whose results are kept
in the store's analysis cache (store/cache.py) so that a run recomputes only what changed.

- Departments are dealt into groups (contiguous ranges of department keys). Multi-year
  tables, narrative claims and the department rules' flags of a department depend on its own
  documents only: they are computed for the departments whose documents changed, one group
  at a time, from one streaming pass that splits those documents' rows by group.
- Peer statistics depend on one fiscal year and kind of department: recomputed for the
  (year, kind)s whose documents changed, from the rows they are computed from (kept per year
  and kind), where only the changed departments' rows are read again from the store.
- The corpus rules (peers, forests, copies across departments) run over the whole store every
  time, on the rows they read only (detection.reduced_multiyear / reduced_peers).
- Flags are assembled per document (certainty, confidence and groups are per document) for the
  documents whose flags may have changed, then ranked over the store.
The result equals ``compare_and_detect`` over the whole store (tests/test_out_of_core.py).
"""

from __future__ import annotations

import gc
import hashlib
import shutil
import tempfile
from bisect import bisect_right
from pathlib import Path

import polars as pl

from budgetwatch.comparison.multiyear import MULTIYEAR_ORDER
from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import FLAGS, DocStatus, Frames, conform, department_key
from budgetwatch.contract.stored import MULTIYEAR, PEERS, YOY_CLAIMS
from budgetwatch.store import Store
from budgetwatch.store.cache import AnalysisCache
from budgetwatch.store.parquet import scan_files
from budgetwatch.store.reviews import changes, first_runs

FAILED = ~pl.col("passed").fill_null(True)  # a residual row of a failed identity
BUCKET_FILE_BYTES = 1 << 20  # _Buckets' files: bounds what the partitioned sink holds
DOC_FRAMES = tuple(n for n in Frames.SCHEMAS if n != "documents")
HEADCOUNT = ["headcount_actual", "headcount_authorised"]  # comparison.peers.department_staff
# the line-item columns comparison.multiyear.document_lines and the peers read
PEER_COLUMNS = [
    "doc_id",
    "table_id",
    "side",
    "code",
    "name",
    "row_no",
    "column_id",
    "amount_wan",
    "source_line",
    "source_file",
]


def loaded(frames: Frames) -> Frames:
    return frames.filter_docs(frames.documents.filter(pl.col("status") == "loaded")["doc_id"])


def compare_and_detect(
    frames: Frames, residuals: pl.DataFrame, settings: Settings
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Comparison tables and ranked flags over the loaded documents of ``frames`` (all years:
    multi-year comparison needs them together)."""
    from budgetwatch.comparison import build_comparisons
    from budgetwatch.detection import detect

    frames = loaded(frames)
    residuals = residuals.filter(pl.col("doc_id").is_in(frames.documents["doc_id"].implode()))
    comparisons = build_comparisons(frames, settings)
    flags = detect(frames, residuals, comparisons, settings)
    return comparisons, conform(flags, FLAGS)


def _fingerprints(rows: pl.DataFrame, key: str) -> dict[str, str]:
    """key → sha1 of its rows (every column, rows sorted): what the results kept for it in the
    analysis cache were computed from."""
    cols = [
        pl.col(c).list.join("|") if isinstance(t, pl.List) else pl.col(c).cast(pl.String)
        for c, t in rows.schema.items()
        if c != key
    ]
    text = rows.select(
        pl.col(key).cast(pl.String),
        _row=pl.concat_str([c.fill_null("∅") for c in cols], separator="\x1f"),
    )
    grouped = (
        text.sort(key, "_row")
        .group_by(key, maintain_order=True)
        .agg(pl.col("_row").str.join("\x1e"))
    )
    return {k: hashlib.sha1(v.encode()).hexdigest() for k, v in grouped.iter_rows()}


def _settings_print(settings: Settings) -> str:
    text = settings.comparison.model_dump_json() + settings.detection.model_dump_json()
    return hashlib.sha1(text.encode()).hexdigest()


def _boundaries(departments: list[str], size: int) -> list[str]:
    return [departments[i] for i in range(0, len(departments), size)] or [""]


def _group_of(bounds: list[str]):
    return lambda key: max(0, bisect_right(bounds, key) - 1)


def _empty_parts() -> pl.DataFrame:
    from budgetwatch.detection.flagset import PARTIAL

    return pl.DataFrame(
        schema={**PARTIAL, "rule_or_model": pl.String, "kind": pl.String, "severity": pl.String}
    )


def _concat_parts(parts: list[pl.DataFrame]) -> pl.DataFrame:
    parts = [p for p in parts if p.height]
    return pl.concat(parts, how="vertical") if parts else _empty_parts()


class _Buckets:
    """The rows of some documents, split by group in one streaming pass over each partition:
    ``frames(g)`` reads one group's rows back in stored order."""

    def __init__(
        self,
        store: Store,
        doc_group: pl.DataFrame,
        work: Path,
        tables: tuple[str, ...] = DOC_FRAMES,
    ):
        self.work, self.docs, self.tables = work, doc_group, tables
        ids = doc_group["doc_id"].implode()
        for table in tables:
            # a partition (a year) at a time: the sink holds about a year's rows, not the
            # table's (line items at 10,000 documents: 226 → 140 MB)
            for part, scan in enumerate(store.scan_partitions(table)):
                (
                    # a filter the Parquet reader applies (the join alone would decode every row)
                    scan.filter(pl.col("doc_id").is_in(ids))
                    .with_row_index("_i")  # the kept rows' stored order in their partition
                    .join(doc_group.lazy().select("doc_id", "_g"), on="doc_id", how="inner")
                    # small files: the sink buffers each group's rows up to a file's size, and
                    # by default that held most of the table at 50,000 (1,254 MB → 551 MB)
                    .sink_parquet(
                        pl.PartitionBy(
                            work / table / f"{part:04d}",
                            key="_g",
                            include_key=False,
                            approximate_bytes_per_file=BUCKET_FILE_BYTES,
                        ),
                        mkdir=True,
                    )
                )

    def frames(self, group: int, documents: pl.DataFrame) -> Frames:
        tables = {}
        for table in self.tables:
            years = [
                files
                for part in sorted((self.work / table).glob("*"))
                if (files := sorted((part / f"_g={group}").glob("*.parquet")))
            ]
            tables[table] = (
                pl.concat([pl.scan_parquet(files).sort("_i") for files in years])
                .drop("_i")
                .collect()
                if years
                else pl.DataFrame(schema=Frames.SCHEMAS[table])
            )
        ids = self.docs.filter(pl.col("_g") == group)["doc_id"].implode()
        return Frames(documents=documents.filter(pl.col("doc_id").is_in(ids)), **tables)


def _department_results(
    frames: Frames, residuals: pl.DataFrame, history: pl.DataFrame, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(multiyear, yoy_claims, department rules' partial flags) of whole departments."""
    from budgetwatch.comparison.multiyear import (
        build_multiyear,
        build_yoy_claims,
        document_lines,
    )
    from budgetwatch.detection import rule_parts

    lines = document_lines(frames, history)
    my = build_multiyear(lines, history, settings.comparison.chunk_departments)
    yoy = build_yoy_claims(frames, history, settings)
    comparisons = {
        "multiyear": my,
        "peers": pl.DataFrame(schema=PEERS),
        "department_history": history,
        "yoy_claims": yoy,
    }
    parts = rule_parts(frames, residuals, comparisons, settings.detection, "department")
    return my, yoy, _concat_parts(parts)


def _departments(
    store: Store,
    cache: AnalysisCache,
    buckets: _Buckets | None,
    groups: list[int],
    docs: pl.DataFrame,
    history: pl.DataFrame,
    dept_group: pl.DataFrame,
    todo: pl.DataFrame,
    settings: Settings,
) -> None:
    """Each group of ``groups`` (those of a changed department; ``todo``: the documents of
    those still in the store), one at a time: what this phase reads (the groups' rows, the
    failed identities of their documents) is freed before the peers and the corpus phase."""
    # detection turns failed residuals into flags; the passed ones (most rows) stay on disk
    failed = store.read(
        "residuals", where=FAILED & pl.col("doc_id").is_in(todo["doc_id"].implode())
    )
    for g in groups:
        _department_group(g, cache, buckets, docs, failed, history, dept_group, todo, settings)


def _department_group(
    g: int,
    cache: AnalysisCache,
    buckets: _Buckets | None,
    docs: pl.DataFrame,
    failed: pl.DataFrame,
    history: pl.DataFrame,
    dept_group: pl.DataFrame,
    todo: pl.DataFrame,
    settings: Settings,
) -> None:
    """Group ``g``'s multiyear, yoy_claims and department rules' partial flags, recomputed for
    its changed departments (``todo``'s) and kept from the cache for the others, written to
    the cache (a function: the group's rows are freed before the next phase)."""
    redo = todo.filter(pl.col("_g") == g)
    # a changed department's documents are all in ``todo``: the others' are kept
    keep = dept_group.filter(
        (pl.col("_g") == g) & ~pl.col("doc_id").is_in(redo["doc_id"].implode())
    )
    keep_ids = keep["doc_id"]
    frames = buckets.frames(g, docs) if redo.height else Frames(documents=docs.clear())
    my, yoy, parts = _department_results(
        frames,
        failed.filter(pl.col("doc_id").is_in(redo["doc_id"].implode())),
        history.filter(pl.col("doc_id").is_in(redo["doc_id"].implode())),
        settings,
    )
    old_my = cache.read_group(g, "multiyear", MULTIYEAR)
    my = pl.concat(
        [
            old_my.filter(
                pl.col("department_key").is_in(keep["department_key"].unique().implode())
            ),
            my,
        ]
    ).sort(MULTIYEAR_ORDER)
    cache.write_group(g, "multiyear", my)
    old_yoy = cache.read_group(g, "yoy_claims", YOY_CLAIMS)
    cache.write_group(g, "yoy_claims", pl.concat([_keep(old_yoy, keep_ids), yoy]))
    old_parts = cache.read_group(g, "parts", _empty_parts().schema)
    cache.write_group(g, "parts", pl.concat([_keep(old_parts, keep_ids), parts]))


def _peer_rows_of_year(
    store: Store, year: int, history: pl.DataFrame, settings: Settings, some: bool = False
) -> pl.DataFrame:
    """comparison.peers.peer_rows over one year's partition (peers never cross years), for
    the documents of ``history`` (``some``: only some of the year's)."""
    from budgetwatch.comparison.multiyear import document_lines
    from budgetwatch.comparison.peers import department_staff, peer_rows

    tables = list({*settings.comparison.peer_tables, "expenditure_summary"})
    hist = history.filter(pl.col("fiscal_year") == year)
    # a filter the Parquet reader applies: the year's other documents are not decoded
    mine = pl.col("doc_id").is_in(hist["doc_id"].implode()) if some else pl.lit(True)
    lines = (
        store.scan("line_items", years=[year])
        .filter(pl.col("table_id").is_in(tables) & mine)
        .select(PEER_COLUMNS)
        .collect()
    )
    staff = department_staff(
        store.scan("narrative_figures", years=[year])
        .filter(pl.col("label").is_in(HEADCOUNT) & mine)
        .collect()
    )
    return peer_rows(document_lines(Frames(line_items=lines), hist), hist, settings, staff)


def _peers_update(
    cache: AnalysisCache,
    store: Store,
    year: int,
    history: pl.DataFrame,
    affected: set[str],
    settings: Settings,
) -> tuple[pl.DataFrame, list[str | None] | None]:
    """A year's peer rows (comparison.peers.peer_rows) of the kinds to compute again after
    its ``affected`` departments changed, and those kinds (None: all, the whole year). Only
    the kinds their documents are of, now or in the stored rows, are computed again: from
    the stored rows of their other departments and the affected departments' documents
    (the only line items read); the other kinds' files are kept and never read (a kind's
    peers read no other kind's rows). With no stored rows of the year, the whole year."""
    from budgetwatch.comparison.peers import PEER_ORDER, PEER_ROWS, of_kinds

    old = cache.scan_peers(year, PEER_ROWS, "peer_rows")
    if old is None:
        return _peer_rows_of_year(store, year, history, settings), None
    changed = pl.col("department_key").is_in(list(affected))
    now = history.filter((pl.col("fiscal_year") == year) & changed)
    was = old.filter(changed).select("kind").unique().collect()
    kinds = list(set(now["kind"]) | set(was["kind"]))
    kept = old.filter(of_kinds(kinds) & ~changed).collect()
    fresh = _peer_rows_of_year(store, year, now, settings, some=True)
    # a total order: the rows are those a whole build of these kinds sorts
    return pl.concat([kept, fresh]).sort(PEER_ORDER, nulls_last=True), kinds


def _history(store: Store, docs: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """comparison.identity.department_history of the loaded documents ``docs``: a
    department's kind needs its documents' 类 totals only (identity.dominant_class). A
    function of its own so that what it reads is freed when it returns."""
    from budgetwatch.comparison.identity import (
        compared_documents,
        department_history,
        document_kinds,
    )

    kind_lines = (
        store.scan("line_items")
        .filter(
            (pl.col("table_id") == "expenditure_summary")
            & (pl.col("column_id") == "total")
            & (pl.col("code").fill_null("").str.len_chars() == 3)
        )
        .collect()
    )
    base = Frames(documents=docs, line_items=kind_lines)
    compared = compared_documents(base)
    return department_history(compared, document_kinds(compared, base, settings))


def _prints(
    docs: pl.DataFrame, dept_of: pl.DataFrame, history: pl.DataFrame, failed: pl.DataFrame
) -> tuple[dict[str, str], dict[str, str]]:
    """Each department's and each year's fingerprint: their documents' rows, kinds and
    history, and how many identities failed (``failed``: doc_id → failed)."""
    described = (
        docs.join(dept_of, on="doc_id")
        .join(
            history.select("doc_id", "kind", "kind_source", "prev_year", "renamed"),
            on="doc_id",
            how="left",
        )
        .join(failed, on="doc_id", how="left")
    )
    years = described.filter(
        pl.col("doc_id").is_in(history["doc_id"].implode()) & pl.col("fiscal_year").is_not_null()
    )
    return _fingerprints(described, "department_key"), _fingerprints(years, "fiscal_year")


def _peers(
    cache: AnalysisCache,
    store: Store,
    history: pl.DataFrame,
    affected: set[str],
    year_prints: dict[str, str],
    year_before: dict[str, str],
    settings: Settings,
) -> tuple[list[int], dict[str, list[str] | str]]:
    """The peer statistics of every year whose fingerprint changed, written to the cache:
    those years, and the kinds each was built again for ("all": the whole year)."""
    from budgetwatch.comparison.peers import peer_statistics

    for y in sorted(int(y) for y in year_before if y not in year_prints):
        cache.drop_peers(y)
    years = sorted(int(y) for y in year_prints)
    affected_years = [y for y in years if year_prints[str(y)] != year_before.get(str(y))]
    peer_kinds: dict[str, list[str] | str] = {}
    for y in affected_years:
        rows, kinds = (
            _peers_update(cache, store, y, history, affected, settings)
            if str(y) in year_before
            else (_peer_rows_of_year(store, y, history, settings), None)
        )
        cache.write_peers(y, rows, kinds, "peer_rows")
        cache.write_peers(y, peer_statistics(rows, settings), kinds)
        del rows  # a year's rows (a million at 50,000) not held while the next is built
        peer_kinds[str(y)] = "all" if kinds is None else sorted(k or "" for k in kinds)
    return affected_years, peer_kinds


def _assembly_frames(redo: pl.Series, docs: pl.DataFrame, found: list[Frames]) -> Frames:
    """What ``assemble`` reads of the documents ``redo``: their documents, line items and
    findings, from the group's buckets (changed documents, and those whose corpus flags
    moved)."""
    keep = pl.col("doc_id").is_in(redo.implode())
    tables = {
        t: pl.concat([getattr(f, t) for f in found]).filter(keep)
        if found
        else pl.DataFrame(schema=Frames.SCHEMAS[t])
        for t in ("line_items", "findings")
    }
    return Frames(documents=docs.filter(keep), **tables)


def _keep(df: pl.DataFrame | None, ids: pl.Series) -> pl.DataFrame | None:
    return None if df is None else df.filter(pl.col("doc_id").is_in(ids.implode()))


def analyse_store(data_dir: Path, settings: Settings, run_id: str, *, full: bool = False) -> dict:
    """Rebuild the comparison tables and flags from the store; returns the run's detection
    summary (flag counts, what changed, the forests' description, what was recomputed).
    ``full``: ignore the analysis cache and recompute every department and year."""
    from budgetwatch.detection import (
        CORPUS_COLUMNS,
        assemble_flags,
        reduced_multiyear,
        reduced_peers,
        rerank,
        run_corpus,
    )
    from budgetwatch.detection.models import describe, save_models

    # the run's cyclic garbage first (at 10,000 documents, after the gates and commits: the
    # process's resident set 1,175 → 929 MB): this phase's working set is added to what is held
    gc.collect()
    store, cache = Store(data_dir), AnalysisCache(data_dir)
    store.compact(settings.comparison.compact_parts)  # commits append parts; reads stay fast
    chunk = settings.comparison.chunk_departments
    docs = store.read("documents").filter(pl.col("status") == DocStatus.LOADED)
    history = _history(store, docs, settings)

    # ---- what changed since the last analysis -------------------------------------------
    dept_of = docs.select("doc_id", department_key=department_key())
    # a document's failed identities count in its fingerprint; their rows are read by the
    # departments' phase, for its documents only
    failed = store.scan("residuals").filter(FAILED).group_by("doc_id").len("failed").collect()
    prints, year_prints = _prints(docs, dept_of, history, failed)
    del failed
    state = {} if full else cache.state()
    if state.get("settings") != _settings_print(settings):
        state = {}
    departments = sorted(prints)
    bounds = state.get("boundaries") or _boundaries(departments, chunk)
    group_of = _group_of(bounds)
    sizes: dict[int, int] = {}
    for key in departments:
        sizes[group_of(key)] = sizes.get(group_of(key), 0) + 1
    if not state or max(sizes.values(), default=0) > 2 * chunk:  # start again, new groups
        state, bounds = {}, _boundaries(departments, chunk)
        group_of = _group_of(bounds)
        cache.clear()
    before = state.get("departments", {})
    affected = {k for k in prints if prints[k] != before.get(k)} | (set(before) - set(prints))
    groups = len(bounds)
    dept_group = dept_of.with_columns(
        _g=pl.col("department_key").map_elements(group_of, return_dtype=pl.Int64)
    )
    todo = dept_group.filter(pl.col("department_key").is_in(list(affected)))
    affected_groups = sorted({group_of(k) for k in affected})

    work = Path(tempfile.mkdtemp(prefix=".analysis-", dir=store.root))
    try:
        buckets = _Buckets(store, todo, work) if todo.height else None
        # ---- departments: multiyear, claims, department rules ---------------------------
        _departments(
            store, cache, buckets, affected_groups, docs, history, dept_group, todo, settings
        )

        # ---- years: peer statistics -----------------------------------------------------
        years = sorted(int(y) for y in year_prints)
        affected_years, peer_kinds = _peers(
            cache, store, history, affected, year_prints, state.get("years", {}), settings
        )

        # ---- the corpus rules, over the rows they read ----------------------------------
        cfg = settings.detection
        corpus_comparisons = {
            "multiyear": pl.scan_parquet(cache.group_files(groups, "multiyear"))
            .filter(reduced_multiyear(cfg))
            .select(CORPUS_COLUMNS["multiyear"])
            .collect()
            if cache.group_files(groups, "multiyear")
            else pl.DataFrame(schema=MULTIYEAR),
            "peers": reduced_peers(pl.scan_parquet(cache.peers_files(years)), cfg)
            if cache.peers_files(years)
            else pl.DataFrame(schema=PEERS),
            "department_history": history,
            "yoy_claims": None,
        }
        # only the columns the corpus functions read (their long texts stay on disk); the
        # indicators, the largest, are read a year at a time by the functions that read them
        corpus = Frames(
            documents=docs,
            projects=store.scan("projects").select(CORPUS_COLUMNS["projects"]).collect(),
            narrative_figures=store.read(
                "narrative_figures", where=pl.col("label").is_in(HEADCOUNT)
            ),
        )
        # an increment scores its departments' rows with the last fit's fold forests while
        # few departments changed since it (``reference.refit_share``); the forests' flags of
        # the others stay as the last run stored them
        last = cache.read_forests()
        changed = sorted(set(last["changed"]) | affected) if last else []
        reuse = bool(last) and len(changed) <= cfg.reference.refit_share * last["departments"]
        redo_docs = dept_group.filter(pl.col("department_key").is_in(list(affected)))["doc_id"]
        parts, models, folds = run_corpus(
            corpus,
            corpus_comparisons,
            cfg,
            {"fitted": last["forests"], "judged": pl.col("doc_id").is_in(redo_docs.implode())}
            if reuse
            else None,
            lambda columns: (
                year.select(columns).collect() for year in store.scan_partitions("indicators")
            ),
        )
        del corpus, corpus_comparisons
        reused = sorted(name for name, (_, again) in folds.items() if again)
        if reused and cache.group_files(groups, "corpus"):
            parts.append(
                pl.scan_parquet(cache.group_files(groups, "corpus"))
                .filter(
                    pl.col("rule_or_model").is_in(reused)
                    & ~pl.col("doc_id").is_in(redo_docs.implode())
                )
                .collect()
            )
        cache.write_forests(
            {
                "forests": {name: fitted for name, (fitted, _) in folds.items()},
                "departments": last["departments"] if reuse else len(prints),
                "changed": changed if reuse else [],
            }
        )
        corpus_parts = _concat_parts(parts)

        # ---- flags, assembled per document where they may have changed ------------------
        corpus_print = _fingerprints(corpus_parts, "doc_id")
        pending: dict[int, pl.Series] = {}
        for g in range(groups):
            ids = dept_group.filter(pl.col("_g") == g)["doc_id"]
            mine = corpus_parts.filter(pl.col("doc_id").is_in(ids.implode()))
            old_print = _fingerprints(cache.read_group(g, "corpus", mine.schema), "doc_id")
            moved = {
                d
                for d in old_print.keys() | _fingerprints(mine, "doc_id").keys()
                if old_print.get(d) != corpus_print.get(d)
            }
            redo = set(todo.filter(pl.col("_g") == g)["doc_id"]) | (moved & set(ids))
            if g in affected_groups or redo or not cache.group_path(g, "flags").exists():
                pending[g] = pl.Series(sorted(redo), dtype=pl.String)
            cache.write_group(g, "corpus", mine)
        extra = (
            pl.concat([pending[g] for g in pending]) if pending else pl.Series([], dtype=pl.String)
        )
        extra = extra.filter(~extra.is_in(todo["doc_id"].implode()))
        # their rows split by group in one pass, like the changed documents' (bounded memory)
        moved = dept_group.filter(pl.col("doc_id").is_in(extra.implode()))
        outside = (
            _Buckets(store, moved, work / "moved", ("line_items", "findings"))
            if moved.height
            else None
        )
        for g, redo in pending.items():
            found = [
                b.frames(g, docs)
                for b, ids in ((buckets, todo), (outside, moved))
                if b is not None and ids.filter(pl.col("_g") == g).height
            ]
            frames = _assembly_frames(redo, docs, found)
            parts = [
                p.filter(pl.col("doc_id").is_in(redo.implode()))
                for p in (cache.read_group(g, "parts", _empty_parts().schema), corpus_parts)
            ]
            fresh = assemble_flags(parts, frames, settings)
            ids = dept_group.filter(pl.col("_g") == g)["doc_id"]
            old = cache.read_group(g, "flags", FLAGS)
            kept = old.filter(
                pl.col("doc_id").is_in(ids.implode()) & ~pl.col("doc_id").is_in(redo.implode())
            )
            cache.write_group(g, "flags", pl.concat([kept, conform(fresh, FLAGS)]))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    yoy = pl.concat([cache.read_group(g, "yoy_claims", YOY_CLAIMS) for g in range(groups)]).sort(
        "doc_id", "label", "source_line"
    )
    # what the run reports against the last run needs ids, severities and ranks only
    previous = store.scan_derived("flags").select("flag_id", "severity").collect()
    store.sink_derived("flags", rerank(scan_files(cache.group_files(groups, "flags"), FLAGS)))
    flags = store.scan_derived("flags").select("flag_id", "severity", "rank").collect()
    seen = first_runs(flags, previous, store.read("flag_runs"), run_id)
    # the groups' and (year, kind)s' files as they are: only those this run rewrote change
    for name, files in cache.derived_files(groups, years).items():
        store.link_derived(name, files)
    store.write_derived({"department_history": history, "yoy_claims": yoy, "flag_runs": seen})
    cache.write_state(
        {
            "settings": _settings_print(settings),
            "boundaries": bounds,
            "departments": prints,
            "years": year_prints,
        }
    )
    # the run's forests, fitted on all its reference rows, kept beside its other outputs
    save_models(models, settings.resolve(settings.pipeline.outputs_dir) / run_id)

    return {
        "flags": flags.height,
        "flags_by_severity": dict(sorted(flags.group_by("severity").len().iter_rows())),
        **changes(flags, previous),
        # each forest's parameters, features and floor (docs/rules.md, Models)
        "models": describe(cfg),
        # the corpus forests: refitted, or the last fit's reused (and how much changed since)
        "forest_fit": {
            "reused": reused,
            "refitted": sorted(name for name, (_, again) in folds.items() if not again),
            "changed_departments_since_fit": len(changed) if reuse else 0,
            "of_departments_at_fit": last["departments"] if reuse else len(prints),
            "refit_share": cfg.reference.refit_share,
        },
        "recomputed": {
            "departments": len(affected),
            "of_departments": len(prints),
            "years": affected_years,
            # the kinds of department whose peers each of those years was built again for
            "peer_kinds": peer_kinds,
            "groups": affected_groups,
        },
    }
