"""Prefect flows: ``budgetwatch_run`` and ``budgetwatch_backfill``.

discover → parse (one task per batch, run in a process pool: parsing is CPU bound) → gate
(per batch, as each parse finishes, in batch order) → commit the batch to the store →
compare over the whole store → detect → write the derived tables and the run metadata.
Tasks are thin wrappers of ``flows.core`` with Prefect's caching off: incrementality is
the store's manifest (content hash + parser version), and frames are not hashable inputs.
Flows run on Prefect's temporary local server unless PREFECT_API_URL names a server
(docs/pipeline.md). Importing this module imports the ``flows`` package first, which
switches telemetry off before Prefect loads.
"""
from __future__ import annotations

import contextlib
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from budgetwatch.config.settings import Settings, load_settings
from budgetwatch.flows.core import (
    Progress,
    compare_and_detect,
    gate,
    merge_gate_summaries,
    parse_files,
)
from budgetwatch.sources.discover import InputFile, discover, split_duplicates
from budgetwatch.store import Store
from budgetwatch.transforms.reader import PARSER_VERSION
from budgetwatch.transforms.schema import Frames

# parse tasks' threads only wait on the process pool; the window in _process bounds them
_THREADS = ThreadPoolTaskRunner(max_workers=16)
_pool: ProcessPoolExecutor | None = None
_progress: tuple[Callable[[int], None], Progress] | None = None


@contextlib.contextmanager
def report_progress(start: Callable[[int], None], advance: Progress) -> Iterator[None]:
    """While inside, flows call ``start(total)`` with the number of files to parse, then
    ``advance(n)`` after each committed batch of n files. Also the place a caller can stop
    a run between batches (the crash-and-resume test raises from ``advance``)."""
    global _progress
    previous, _progress = _progress, (start, advance)
    try:
        yield
    finally:
        _progress = previous


@contextlib.contextmanager
def _parse_pool(workers: int) -> Iterator[None]:
    global _pool
    if workers <= 1:
        yield
        return
    # spawn: forking a process that runs Prefect's threads and event loop can deadlock
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
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


def new_run_id() -> str:
    # sortable by start time; the random suffix separates runs started in the same second
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def needs_parse(files: list[InputFile], manifest: pl.DataFrame, force: bool) -> list[InputFile]:
    """Files whose bytes or parser version differ from the manifest (all of them if forced)."""
    if force:
        return list(files)
    seen = {(r[0], r[1]) for r in manifest.filter(pl.col("parser_version") == PARSER_VERSION)
            .select("source_file", "sha256").iter_rows()}
    return [f for f in files if (f.source_file, f.sha256) not in seen]


@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch(files: list[InputFile], region: str) -> Frames:
    if _pool is None:
        return parse_files(files, region)
    return _pool.submit(parse_files, files, region).result()


@task(name="gate-batch", cache_policy=NO_CACHE)
def gate_batch(frames: Frames, settings: Settings, run_dir: Path):
    return gate(frames, settings, run_dir)


@task(name="commit-batch", cache_policy=NO_CACHE)
def commit_batch(data_dir: Path, gated, files: list[InputFile]) -> None:
    sources = pl.DataFrame({"source_file": [f.source_file for f in files],
                            "sha256": [f.sha256 for f in files]})
    Store(data_dir).commit_batch(gated.frames, gated.residuals, sources)


@task(name="compare-and-detect", cache_policy=NO_CACHE)
def analyse_store(data_dir: Path, settings: Settings) -> dict:
    store = Store(data_dir)
    # detection turns failed residuals into flags; the passed ones (most rows) stay on disk
    failed = store.read("residuals", where=~pl.col("passed").fill_null(True))
    comparisons, flags = compare_and_detect(store.frames(), failed, settings)
    store.write_derived({**comparisons, "flags": flags})
    from budgetwatch.detection.models import describe

    return {"flags": flags.height,
            "flags_by_severity": dict(sorted(flags.group_by("severity").len().iter_rows())),
            # each forest's parameters, features and floor (docs/rules.md, Models)
            "models": describe(settings.detection)}


@contextlib.contextmanager
def _timed(totals: dict, key: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        totals[key] = round(totals.get(key, 0.0) + time.perf_counter() - start, 3)


def _process(files: list[InputFile], settings: Settings, run_id: str, kind: str,
             force: bool, select: pl.Expr | None = None) -> dict:
    """Parse, gate and commit ``files`` in batches, then rebuild the derived tables.

    ``select`` (an expression over documents) keeps only some parsed documents: the
    backfill uses it for new files whose year is known only after parsing.
    """
    data_dir = settings.resolve(settings.pipeline.data_dir)
    run_dir = settings.resolve(settings.pipeline.outputs_dir) / run_id
    store = Store(data_dir)
    files, duplicates = split_duplicates(files)
    todo = needs_parse(files, store.manifest(), force)
    meta = {
        "run_id": run_id, "kind": kind, "status": "running", "force": force,
        "started_at": datetime.now(timezone.utc).isoformat(),
        "input_dir": str(settings.resolve(settings.pipeline.input_dir)),
        "data_dir": str(data_dir), "run_dir": str(run_dir), "parser_version": PARSER_VERSION,
        "files_seen": len(files), "files_parsed": [f.source_file for f in todo],
        "files_unchanged": len(files) - len(todo), "batches": 0,
        "duplicates": [{"source_file": d, "same_bytes_as": o} for d, o in duplicates],
    }
    store.write_run(meta)
    size, workers = settings.pipeline.batch_size, settings.pipeline.workers
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    summaries = []
    seconds = meta["seconds"] = {}  # where the time went, for tuning batch size and workers
    if _progress is not None:
        _progress[0](len(todo))
    try:
        with _parse_pool(workers):
            # parse one batch ahead of the gate per worker; only the window's batches are
            # in memory, whatever the corpus size
            window = workers + 1
            futures = deque(parse_batch.submit(b, settings.pipeline.region)
                            for b in batches[:window])
            for i, batch in enumerate(batches):
                with _timed(seconds, "wait_for_parse"):
                    # popped, not indexed: a kept future would keep its batch's frames alive
                    frames, parsed = futures.popleft().result(), len(batch)
                if i + window < len(batches):
                    futures.append(parse_batch.submit(batches[i + window],
                                                      settings.pipeline.region))
                if select is not None:
                    frames = frames.filter_docs(frames.documents.filter(select)["doc_id"])
                    kept = set(frames.documents["source_file"].to_list())
                    batch = [f for f in batch if f.source_file in kept]
                if batch:
                    with _timed(seconds, "gate"):
                        gated = gate_batch(frames, settings, run_dir)
                    with _timed(seconds, "commit"):
                        commit_batch(data_dir, gated, batch)
                    summaries.append(gated.summary)
                meta["batches"] = i + 1
                if _progress is not None:
                    _progress[1](parsed)
        meta["gates"] = merge_gate_summaries(summaries)
        with _timed(seconds, "compare_and_detect"):
            meta["detection"] = analyse_store(data_dir, settings)
        meta["status"] = "completed"
    except BaseException as exc:
        meta["status"] = "failed"
        meta["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        docs = store.read("documents")
        meta["store_documents"] = dict(sorted(docs.group_by("status").len().iter_rows()))
        meta["finished_at"] = datetime.now(timezone.utc).isoformat()
        store.write_run(meta)
    return meta


@flow(name="budgetwatch-run", task_runner=_THREADS,
      log_prints=False)
def budgetwatch_run(input_dir: str | None = None, data_dir: str | None = None,
                    outputs_dir: str | None = None, force: bool = False,
                    run_id: str | None = None) -> dict:
    """Discover the disclosures under the input directory, load the changed ones into the
    store, and rebuild comparisons and flags. Returns the run metadata."""
    settings = settings_for(input_dir, data_dir, outputs_dir)
    files = discover(settings.resolve(settings.pipeline.input_dir))
    return _process(files, settings, run_id or new_run_id(), "run", force)


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
    files = discover(settings.resolve(settings.pipeline.input_dir))
    manifest = Store(settings.resolve(settings.pipeline.data_dir)).manifest()
    wanted = pl.col("fiscal_year").is_in(list(years))
    if departments:
        # a code, or a name where the template prints no code
        wanted &= (pl.col("department_code").is_in(list(departments))
                   | pl.col("department_name").is_in(list(departments)))
    known = set(manifest["source_file"].to_list())
    chosen = set(manifest.filter(wanted)["source_file"].to_list())
    picked = [f for f in files if f.source_file in chosen or f.source_file not in known]
    return _process(picked, settings, run_id or new_run_id(), "backfill", force,
                    select=wanted)
