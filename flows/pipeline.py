"""Prefect flows: ``budgetwatch_run`` and ``budgetwatch_backfill``.

The flows run the one orchestrator (flows/orchestrator.py): discover → parse (one task per
batch, in a local process pool or on a Dask cluster: parsing is CPU bound) → gate (per
batch, in batch order) → commit the batch to the store (``StoreSink``) → compare over the
whole store → detect → write the derived tables and the run metadata. Tasks are thin
wrappers of the orchestrator's steps with Prefect's caching off: incrementality is the
store's manifest (content hash + parser version), and frames are not hashable inputs.
The CLI runs them on a Prefect server of the run's own (``children.prefect_server``) unless
PREFECT_API_URL names one; called directly, they use Prefect's temporary server
(docs/pipeline.md). Importing this module imports the ``flows`` package first, which
switches telemetry off before Prefect loads.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from budgetwatch.config.settings import Settings, load_settings
from budgetwatch.contract.schema import Frames, department_key
from budgetwatch.flows import analysis, children
from budgetwatch.flows.core import Gated, gate, prepare_gate
from budgetwatch.flows.orchestrator import (
    DaskWorkers,
    Executor,
    InProcess,
    LocalPool,
    Meter,
    Progress,
    orchestrate,
    timed,
)
from budgetwatch.flows.runs import finish, needs_parse, new_run_id, start_meta
from budgetwatch.sources.discover import InputFile, discover, discover_all, split_duplicates
from budgetwatch.store import Store, hold

# parse tasks' threads only wait on the process pool; the orchestrator's window bounds them
_THREADS = ThreadPoolTaskRunner(max_workers=16)
# what the caller's progress display wants to hear (``report_progress``): a context, so that
# two runs in one process (tests, a server) never see each other's
PROGRESS: ContextVar[Progress | None] = ContextVar("budgetwatch_progress", default=None)


@contextlib.contextmanager
def report_progress(
    start: Callable[[int], None],
    advance: Callable[[int], None],
    parsed: Callable[[int], None] | None = None,
) -> Iterator[None]:
    """While inside, flows report their progress to these (``orchestrator.Progress``)."""
    token = PROGRESS.set(Progress(start, advance, parsed or Progress().parsed))
    try:
        yield
    finally:
        PROGRESS.reset(token)


def settings_for(
    input_dir: str | None = None,
    data_dir: str | None = None,
    outputs_dir: str | None = None,
    cluster: str | None = None,
) -> Settings:
    return load_settings(
        overrides={
            "pipeline.input_dir": input_dir,
            "pipeline.data_dir": data_dir,
            "pipeline.outputs_dir": outputs_dir,
            "pipeline.cluster": cluster,
        }
    )


# ---- Prefect tasks: thin wrappers of the orchestrator's steps --------------------------------
@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch(parse: Callable[..., Frames], args: tuple) -> Frames:
    """``parse(*args)``: an executor's parse of one batch, wherever the task runner puts it."""
    return parse(*args)


def _as_task(fn: Callable[..., Frames], *args: Any):
    return parse_batch.submit(fn, args)


@task(name="gate-batch", cache_policy=NO_CACHE)
def gate_batch(frames: Frames, settings: Settings, run_dir: Path) -> Gated:
    return gate(frames, settings, run_dir)


@task(name="commit-batch", cache_policy=NO_CACHE)
def commit_batch(
    data_dir: Path, gated: Gated, files: list[InputFile], parts: dict[str, str]
) -> None:
    """``parts``: source_file → narrative/tables for companion parts (kept in the manifest)."""
    sources = pl.DataFrame(
        {
            "source_file": [f.source_file for f in files],
            "sha256": [f.sha256 for f in files],
            "part": [parts.get(f.source_file) for f in files],
        },
        schema={"source_file": pl.String, "sha256": pl.String, "part": pl.String},
    )
    Store(data_dir).commit_batch(gated.frames, gated.residuals, sources)


@task(name="compare-and-detect", cache_policy=NO_CACHE)
def analyse_store(data_dir: Path, settings: Settings, run_id: str) -> dict:
    return analysis.analyse_store(data_dir, settings, run_id)


class StoreSink:
    """The orchestrator's sink for a run: each gated batch committed to the store (the
    manifest last), then comparison and detection over the whole store."""

    def __init__(self, data_dir: Path, settings: Settings, run_id: str):
        self.data_dir, self.settings, self.run_id = data_dir, settings, run_id

    def commit(self, gated: Gated, files: list[InputFile], parts: dict[str, str]) -> None:
        commit_batch(self.data_dir, gated, files, parts)

    def known_parts(self) -> set[str]:
        manifest = Store(self.data_dir).manifest()
        return set(manifest.filter(pl.col("part").is_not_null())["source_file"].to_list())

    def stored(self) -> pl.DataFrame:
        """One row per stored file of a loaded document, with that file's part (a joined
        document is its 部门预算 and its 绩效目标表)."""
        store = Store(self.data_dir)
        parts = store.manifest().select("source_file", "part")
        docs = store.read("documents", where=pl.col("status") == "loaded")
        members = docs.with_columns(
            source_file=pl.coalesce("source_files", pl.concat_list("source_file"))
        ).explode("source_file")
        return members.join(parts, on="source_file", how="left")

    def finish(self) -> dict:
        return analyse_store(self.data_dir, self.settings, self.run_id)


@contextlib.contextmanager
def executor_for(settings: Settings, progress: Progress) -> Iterator[Executor]:
    """Where the parse runs: on the Dask cluster ``pipeline.cluster`` names, through
    Prefect's DaskTaskRunner; else in ``pipeline.workers`` local processes (one: this
    process), each batch a task of the flow's own thread runner."""
    region, limits = settings.pipeline.region, settings.limits
    workers, cluster = settings.pipeline.workers, settings.pipeline.cluster
    if cluster:
        with _dask_runner(cluster) as runner:
            slots = sum(runner.client.nthreads().values())

            def on_cluster(fn: Callable[..., Frames], *args: Any):
                return runner.submit(parse_batch, {"parse": fn, "args": args})

            yield DaskWorkers(slots, region, limits, progress, on_cluster)
    elif workers > 1:
        with LocalPool(workers, region, limits, progress, _as_task) as executor:
            yield executor
    else:
        yield InProcess(region, limits, progress, _as_task, window=2)


@contextlib.contextmanager
def _dask_runner(address: str):
    from prefect_dask import DaskTaskRunner

    runner = DaskTaskRunner(address=address)
    try:
        runner.__enter__()
        runner.client  # noqa: B018  (connects now: a wrong address is said before any parse)
    except OSError as exc:
        with contextlib.suppress(Exception):
            runner.__exit__(None, None, None)
        raise children.ClusterError(
            f"no Dask scheduler answers at {address} (pipeline.cluster, --cluster): {exc}"
        ) from None
    try:
        yield runner
    finally:
        runner.__exit__(None, None, None)


def _process(
    files: list[InputFile],
    settings: Settings,
    run_id: str,
    kind: str,
    force: bool,
    select: pl.Expr | None = None,
    ignored: list[str] | None = None,
) -> dict:
    """Parse, gate and commit ``files`` in batches, then rebuild the derived tables; holds
    the data dir's lock throughout (a second run on it fails at once with StoreLockedError).

    ``select`` (an expression over documents) keeps only some parsed documents: the
    backfill uses it for new files whose year is known only after parsing.
    """
    data_dir = settings.resolve(settings.pipeline.data_dir)
    with hold(data_dir, run_id):
        return _process_locked(files, settings, run_id, kind, force, select, ignored or [])


def _process_locked(
    files: list[InputFile],
    settings: Settings,
    run_id: str,
    kind: str,
    force: bool,
    select: pl.Expr | None,
    ignored: list[str],
) -> dict:
    data_dir = settings.resolve(settings.pipeline.data_dir)
    run_dir = settings.resolve(settings.pipeline.outputs_dir) / run_id
    store = Store(data_dir)
    abandoned = store.close_abandoned_runs(run_id)
    files, duplicates = split_duplicates(files)
    todo = needs_parse(files, store.manifest(), force)
    meta = start_meta(
        store, settings, run_id, kind, force, files, todo, duplicates, ignored, abandoned
    )
    children.CURRENT_RUN.update(store=store, meta=meta)
    store.write_run(meta)
    store.reserve_run_space(run_id)
    # where the time, CPU and memory went, for tuning batch size and workers
    meter = Meter()
    meta.update(
        seconds=meter.seconds,
        cpu_seconds=meter.cpu_seconds,
        thread_cpu_seconds=meter.thread_cpu_seconds,
        core_wait_seconds=meter.core_wait_seconds,
        peak_rise_mb=meter.peak_rise_mb,
    )
    shown = PROGRESS.get() or Progress()

    def advance(n: int) -> None:
        meta["batches"] += 1  # recorded before the caller may stop the run here
        shown.advance(n)

    try:
        with executor_for(settings, shown) as executor:
            outcome = orchestrate(
                files,
                todo,
                settings,
                executor,
                StoreSink(data_dir, settings, run_id),
                gate=gate_batch,
                prepare_gate=prepare_gate,
                run_dir=run_dir,
                select=select,
                meter=meter,
                progress=Progress(shown.start, advance, shown.parsed),
            )
        meta.update(
            companion_parts=outcome.companion_parts,
            batches_isolated=outcome.batches_isolated,
            gates=outcome.gates,
            detection=outcome.detection,
        )
        with timed(meter, "report"):  # the run's HTML report; old runs' folders pruned
            from budgetwatch.outputs.report import write_run_report

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


@flow(name="budgetwatch-run", task_runner=_THREADS, log_prints=False)
def budgetwatch_run(
    input_dir: str | None = None,
    data_dir: str | None = None,
    outputs_dir: str | None = None,
    force: bool = False,
    run_id: str | None = None,
    cluster: str | None = None,
) -> dict:
    """Discover the disclosures under the input directory, load the changed ones into the
    store, and rebuild comparisons and flags. Returns the run metadata. ``cluster``: a Dask
    scheduler's address for the parse (default: ``pipeline.cluster``)."""
    settings = settings_for(input_dir, data_dir, outputs_dir, cluster)
    found = discover_all(
        settings.resolve(settings.pipeline.input_dir), settings.limits.max_file_bytes
    )
    return _process(
        found.files, settings, run_id or new_run_id(), "run", force, ignored=found.ignored
    )


@flow(name="budgetwatch-backfill", task_runner=_THREADS, log_prints=False)
def budgetwatch_backfill(
    years: list[int],
    departments: list[str] | None = None,
    force: bool = False,
    input_dir: str | None = None,
    data_dir: str | None = None,
    outputs_dir: str | None = None,
    run_id: str | None = None,
    cluster: str | None = None,
) -> dict:
    """Re-run exactly the documents of ``years`` (and ``departments`` if given). Files the
    store knows are picked by their manifest entry; new files are parsed and kept only if
    they belong to the selection. Other years' partitions are not touched."""
    settings = settings_for(input_dir, data_dir, outputs_dir, cluster)
    files = discover(settings.resolve(settings.pipeline.input_dir), settings.limits.max_file_bytes)
    store = Store(settings.resolve(settings.pipeline.data_dir))
    manifest = store.manifest()
    wanted = pl.col("fiscal_year").is_in(list(years))
    if departments:  # department keys, region|code (outputs/departments.py)
        wanted &= department_key().is_in(list(departments))
    picked_docs = store.read("documents").filter(wanted).select("doc_id")
    known = set(manifest["source_file"].to_list())
    chosen = set(manifest.join(picked_docs, on="doc_id", how="semi")["source_file"].to_list())
    picked = [f for f in files if f.source_file in chosen or f.source_file not in known]
    return _process(picked, settings, run_id or new_run_id(), "backfill", force, select=wanted)


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
