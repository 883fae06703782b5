"""Prefect flows: ``budgetwatch_run`` and ``budgetwatch_backfill``.

discover → parse (one task per batch, run in a process pool: parsing is CPU bound) → gate
(per batch, as each parse finishes, in batch order) → commit the batch to the store →
compare over the whole store → detect → write the derived tables and the run metadata.
Tasks are thin wrappers of ``flows.core`` with Prefect's caching off: incrementality is
the store's manifest (content hash + parser version), and frames are not hashable inputs.
The CLI runs them on a Prefect server of the run's own (``children.prefect_server``) unless
PREFECT_API_URL names one; called directly, they use Prefect's temporary server
(docs/pipeline.md). Importing this module imports the ``flows`` package first, which
switches telemetry off before Prefect loads.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from budgetwatch.config.settings import LimitsSettings, Settings, load_settings
from budgetwatch.contract.schema import Frames, department_key
from budgetwatch.flows import analysis, children
from budgetwatch.flows.core import (
    Progress,
    gate,
    merge_gate_summaries,
    parse_files,
)
from budgetwatch.flows.runs import finish, needs_parse, new_run_id, start_meta
from budgetwatch.outputs.report import write_run_report
from budgetwatch.sources.discover import InputFile, discover, discover_all, split_duplicates
from budgetwatch.sources.limits import rejected_document
from budgetwatch.store import Store, hold
from budgetwatch.transforms.companions import join_companions, part_kinds, split_parts
from budgetwatch.transforms.reader import PARSER_VERSION

# parse tasks' threads only wait on the process pool; the window in _process bounds them
_THREADS = ThreadPoolTaskRunner(max_workers=16)
_pool: ProcessPoolExecutor | None = None
ISOLATED: list[int] = []  # batches parsed one process each after the pool broke (this run)
_progress: tuple[Callable[[int], None], Progress, Progress | None] | None = None


@contextlib.contextmanager
def report_progress(start: Callable[[int], None], advance: Progress,
                    parsed: Progress | None = None) -> Iterator[None]:
    """While inside, flows call ``start(total)`` with the number of files to parse,
    ``parsed(1)`` as each file's parse finishes, and ``advance(n)`` after each committed
    batch of n files; compare and detect follow the last batch. ``advance`` is also the
    place a caller can stop a run between batches (the crash-and-resume test raises there)."""
    global _progress
    previous, _progress = _progress, (start, advance, parsed)
    try:
        yield
    finally:
        _progress = previous


def _parsed_one() -> None:
    if _progress is not None and _progress[2] is not None:
        _progress[2](1)
def _new_pool(workers: int) -> ProcessPoolExecutor:
    # spawn: forking a process that runs Prefect's threads and event loop can deadlock
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=children.worker_init, initargs=(os.getpid(),))
    with children.sigint_ignored():
        # each submit to a pool without an idle worker starts one: all of them, here
        for _ in range(workers):
            pool.submit(os.getpid)
    return pool


@contextlib.contextmanager
def _parse_pool(workers: int) -> Iterator[None]:
    global _pool
    if workers <= 1:
        yield
        return
    with _new_pool(workers) as pool:
        _pool = pool
        try:
            yield
        finally:
            _pool = None


def settings_for(input_dir: str | None = None, data_dir: str | None = None,
                 outputs_dir: str | None = None) -> Settings:
    return load_settings(overrides={"pipeline.input_dir": input_dir,
                                    "pipeline.data_dir": data_dir,
                                    "pipeline.outputs_dir": outputs_dir})


@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch(files: list[InputFile], region: str, limits: LimitsSettings) -> Frames:
    # one file per pool job: the progress display counts documents as they finish
    if _pool is None:
        parts = []
        for f in files:
            parts.append(parse_files([f], region, limits))
            _parsed_one()
        return Frames.concat(parts)
    try:
        futures = [_pool.submit(parse_files, [f], region, limits) for f in files]
        for _ in as_completed(futures):
            _parsed_one()
        return Frames.concat([f.result() for f in futures])
    except BrokenProcessPool:
        # a worker died (out of memory, a crash inside a PDF library): the pool is lost for
        # this run; this batch and the later ones are parsed in processes of their own
        ISOLATED.append(len(files))
        return _parse_isolating(files, region, limits)


def _parse_isolating(files: list[InputFile], region: str, limits: LimitsSettings) -> Frames:
    """Parse ``files`` in a fresh process; if that dies too, halve the batch until the file
    that kills its process is alone, and reject that file with the reason (log₂ of the batch
    size extra processes per such file, none for the others)."""
    with _new_pool(1) as pool:
        try:
            return pool.submit(parse_files, files, region, limits).result()
        except BrokenProcessPool:
            pass
    if len(files) == 1:
        return rejected_document(files[0].doc_id, files[0].source_file,
                                 "the parser's process died reading this file (out of memory, "
                                 "or a crash inside a PDF library)", PARSER_VERSION)
    mid = len(files) // 2
    return Frames.concat([_parse_isolating(files[:mid], region, limits),
                          _parse_isolating(files[mid:], region, limits)])


@task(name="gate-batch", cache_policy=NO_CACHE)
def gate_batch(frames: Frames, settings: Settings, run_dir: Path):
    return gate(frames, settings, run_dir)


@task(name="commit-batch", cache_policy=NO_CACHE)
def commit_batch(data_dir: Path, gated, files: list[InputFile],
                 parts: dict[str, str] | None = None) -> None:
    """``parts``: source_file → narrative/tables for companion parts (kept in the manifest)."""
    parts = parts or {}
    sources = pl.DataFrame({"source_file": [f.source_file for f in files],
                            "sha256": [f.sha256 for f in files],
                            "part": [parts.get(f.source_file) for f in files]},
                           schema={"source_file": pl.String, "sha256": pl.String,
                                   "part": pl.String})
    Store(data_dir).commit_batch(gated.frames, gated.residuals, sources)


@task(name="compare-and-detect", cache_policy=NO_CACHE)
def analyse_store(data_dir: Path, settings: Settings, run_id: str) -> dict:
    return analysis.analyse_store(data_dir, settings, run_id)


@contextlib.contextmanager
def _timed(totals: dict, key: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        totals[key] = round(totals.get(key, 0.0) + time.perf_counter() - start, 3)


def _select(frames: Frames, batch: list[InputFile], select: pl.Expr | None
            ) -> tuple[Frames, list[InputFile]]:
    """The documents ``select`` keeps, and the files they were read from."""
    if select is None:
        return frames, batch
    frames = frames.filter_docs(frames.documents.filter(select)["doc_id"])
    kept = set(frames.documents.explode("source_files")["source_files"].to_list())
    return frames, [f for f in batch if f.source_file in kept]


class _Parts:
    """Companion parts held back from their batches until all files are read, then paired
    (transforms/companions.py) and committed as one more batch."""

    def __init__(self):
        self.frames: list[Frames] = []
        self.files: list[InputFile] = []
        self.kinds: dict[str, str] = {}  # source_file → narrative/tables

    def take(self, frames: Frames, batch: list[InputFile]) -> tuple[Frames, list[InputFile]]:
        """Hold the parts of a parsed batch; returns the rest."""
        kinds = part_kinds(frames)
        if not kinds:
            return frames, batch
        rest, held = split_parts(frames)
        for doc_id, sf in held.documents.select("doc_id", "source_file").iter_rows():
            self.kinds[sf] = kinds[doc_id]
        self.frames.append(held)
        self.files += [f for f in batch if f.source_file in self.kinds]
        return rest, [f for f in batch if f.source_file not in self.kinds]

    def stored(self, files: list[InputFile], manifest: pl.DataFrame) -> list[InputFile]:
        """Unchanged files the store knows as parts: read again, their pairs may change."""
        known = set(manifest.filter(pl.col("part").is_not_null())["source_file"].to_list())
        return [f for f in files if f.source_file in known and f.source_file not in self.kinds]


def _process(files: list[InputFile], settings: Settings, run_id: str, kind: str,
             force: bool, select: pl.Expr | None = None, ignored: list[str] | None = None
             ) -> dict:
    """Parse, gate and commit ``files`` in batches, then rebuild the derived tables; holds
    the data dir's lock throughout (a second run on it fails at once with StoreLockedError).

    ``select`` (an expression over documents) keeps only some parsed documents: the
    backfill uses it for new files whose year is known only after parsing.
    """
    data_dir = settings.resolve(settings.pipeline.data_dir)
    with hold(data_dir, run_id):
        return _process_locked(files, settings, run_id, kind, force, select, ignored or [])


def _process_locked(files: list[InputFile], settings: Settings, run_id: str, kind: str,
                    force: bool, select: pl.Expr | None, ignored: list[str]) -> dict:
    data_dir = settings.resolve(settings.pipeline.data_dir)
    run_dir = settings.resolve(settings.pipeline.outputs_dir) / run_id
    store = Store(data_dir)
    abandoned = store.close_abandoned_runs(run_id)
    files, duplicates = split_duplicates(files)
    todo = needs_parse(files, store.manifest(), force)
    meta = start_meta(store, settings, run_id, kind, force, files, todo, duplicates, ignored,
                      abandoned)
    children.CURRENT_RUN.update(store=store, meta=meta)
    ISOLATED.clear()
    store.write_run(meta)
    store.reserve_run_space(run_id)
    size, workers = settings.pipeline.batch_size, settings.pipeline.workers
    region, limits = settings.pipeline.region, settings.limits
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    summaries = []
    parts = _Parts()
    seconds = meta["seconds"] = {}  # where the time went, for tuning batch size and workers
    if _progress is not None:
        _progress[0](len(todo))

    def gate_and_commit(frames: Frames, batch: list[InputFile], kinds=None) -> None:
        if batch:
            with _timed(seconds, "gate"):
                gated = gate_batch(frames, settings, run_dir)
            with _timed(seconds, "commit"):
                commit_batch(data_dir, gated, batch, kinds)
            summaries.append(gated.summary)

    try:
        with _parse_pool(workers):
            # parse one batch ahead of the gate per worker; only the window's batches are
            # in memory, whatever the corpus size
            window = workers + 1
            futures = deque(parse_batch.submit(b, region, limits) for b in batches[:window])
            for i, batch in enumerate(batches):
                with _timed(seconds, "wait_for_parse"):
                    # popped, not indexed: a kept future would keep its batch's frames alive
                    frames, parsed = futures.popleft().result(), len(batch)
                if i + window < len(batches):
                    futures.append(parse_batch.submit(batches[i + window], region, limits))
                frames, batch = parts.take(*_select(frames, batch, select))
                gate_and_commit(frames, batch)
                meta["batches"] = i + 1
                if _progress is not None:
                    _progress[1](parsed)
        if parts.files:
            again = parts.stored(files, store.manifest())
            if again:
                parts.take(parse_files(again, region, limits), again)
            joined = join_companions(Frames.concat(parts.frames))
            gate_and_commit(*_select(joined, parts.files, select), parts.kinds)
        meta["companion_parts"] = len(parts.files)
        meta["batches_isolated"] = len(ISOLATED)
        meta["gates"] = merge_gate_summaries(summaries)
        with _timed(seconds, "compare_and_detect"):
            meta["detection"] = analyse_store(data_dir, settings, run_id)
        with _timed(seconds, "report"):  # the run's HTML report; old runs' folders pruned
            meta["report"] = str(write_run_report(data_dir, run_dir, settings))
        meta["status"] = "completed"
    except BaseException as exc:
        meta["status"] = "failed"
        meta["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        children.CURRENT_RUN.clear()
        finish(store, meta, settings)
    return meta


@flow(name="budgetwatch-run", task_runner=_THREADS,
      log_prints=False)
def budgetwatch_run(input_dir: str | None = None, data_dir: str | None = None,
                    outputs_dir: str | None = None, force: bool = False,
                    run_id: str | None = None) -> dict:
    """Discover the disclosures under the input directory, load the changed ones into the
    store, and rebuild comparisons and flags. Returns the run metadata."""
    settings = settings_for(input_dir, data_dir, outputs_dir)
    found = discover_all(settings.resolve(settings.pipeline.input_dir),
                         settings.limits.max_file_bytes)
    return _process(found.files, settings, run_id or new_run_id(), "run", force,
                    ignored=found.ignored)


@flow(name="budgetwatch-backfill", task_runner=_THREADS,
      log_prints=False)
def budgetwatch_backfill(years: list[int], departments: list[str] | None = None,
                         force: bool = False, input_dir: str | None = None,
                         data_dir: str | None = None, outputs_dir: str | None = None,
                         run_id: str | None = None) -> dict:
    """Re-run exactly the documents of ``years`` (and ``departments`` if given). Files the
    store knows are picked by their manifest entry; new files are parsed and kept only if
    they belong to the selection. Other years' partitions are not touched."""
    settings = settings_for(input_dir, data_dir, outputs_dir)
    files = discover(settings.resolve(settings.pipeline.input_dir),
                     settings.limits.max_file_bytes)
    store = Store(settings.resolve(settings.pipeline.data_dir))
    manifest = store.manifest()
    wanted = pl.col("fiscal_year").is_in(list(years))
    if departments:  # department keys, region|code (outputs/departments.py)
        wanted &= department_key().is_in(list(departments))
    picked_docs = store.read("documents").filter(wanted).select("doc_id")
    known = set(manifest["source_file"].to_list())
    chosen = set(manifest.join(picked_docs, on="doc_id", how="semi")["source_file"].to_list())
    picked = [f for f in files if f.source_file in chosen or f.source_file not in known]
    return _process(picked, settings, run_id or new_run_id(), "backfill", force,
                    select=wanted)


@contextlib.contextmanager
def quiet_flow_errors() -> Iterator[None]:
    """While inside, Prefect does not log the traceback of a failed flow or task: the
    caller reports the error itself, in one line."""
    import logging

    names = ("prefect.flow_runs", "prefect.task_runs", "prefect.engine")
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)
