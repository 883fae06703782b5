"""The one orchestrator: files → parse (an executor) → gate → a sink, batch by batch, then
the sink's compare-and-detect.

``orchestrate`` is the only place that cuts files into batches, keeps companion parts back
until every file is read, gates, and hands each batch to its sink. What varies is given:

- the **executor** parses a batch somewhere — here (``InProcess``), in a local process pool
  that survives a dying worker (``LocalPool``), or on a Dask cluster (``DaskWorkers``); its
  ``submit`` goes through a ``Submit`` hook, which the Prefect flows set to their task
  runners (flows/pipeline.py) so that every parse is a Prefect task;
- the **sink** receives the gated batches — the Parquet store (``flows.pipeline.StoreSink``)
  or memory (``MemorySink``, what ``analyze`` returns) — and runs comparison and detection
  at the end (flows/analysis.py);
- ``gate`` (``flows.core.gate``, or the Prefect task around it).

No Prefect here, and no module state: everything a run needs travels in its arguments.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import (
    Future,
    InvalidStateError,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

import polars as pl

from budgetwatch.config.settings import LimitsSettings, Settings
from budgetwatch.contract.schema import Frames
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.flows import analysis
from budgetwatch.flows.core import Gated, merge_gate_summaries, parse_files, read_inputs
from budgetwatch.sources.discover import InputFile
from budgetwatch.sources.limits import rejected_document
from budgetwatch.transforms.companions import (
    join_companions,
    member_files,
    part_kinds,
    replaced,
    split_parts,
    stored_companions,
)
from budgetwatch.transforms.version import PARSER_VERSION


def _nothing(*_: Any) -> None:
    return None


@dataclass(frozen=True)
class Progress:
    """``start(total)`` with the number of files to parse, ``parsed(1)`` as each file's parse
    finishes (per batch on a cluster), ``advance(n)`` after each gated and stored batch of n
    files; compare and detect follow the last batch. ``advance`` is also where a caller can
    stop a run between batches (the crash-and-resume test raises there)."""

    start: Callable[[int], None] = _nothing
    advance: Callable[[int], None] = _nothing
    parsed: Callable[[int], None] = _nothing


class ParseFuture(Protocol):
    def result(self) -> Frames: ...


Submit = Callable[..., ParseFuture]  # submit(fn, *args): fn(*args), somewhere, later


class _Deferred:
    """A future that runs its call when asked for the result (in the asking thread)."""

    def __init__(self, fn: Callable[..., Frames], *args: Any):
        self._call = (fn, args)

    def result(self) -> Frames:
        fn, args = self._call
        return fn(*args)


def deferred(fn: Callable[..., Frames], *args: Any) -> ParseFuture:
    return _Deferred(fn, *args)


# ---- executors -------------------------------------------------------------------------------
class InProcess:
    """Parse in this process, file by file, when the orchestrator asks for the batch."""

    def __init__(
        self,
        region: str,
        limits: LimitsSettings,
        progress: Progress = Progress(),
        submit: Submit = deferred,
        window: int = 1,
    ):
        self.region, self.limits, self.progress, self._submit = region, limits, progress, submit
        self.window = window  # batches in flight: parsed ahead of the gate
        self.isolated = 0  # batches parsed one process each after a worker died

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def submit(self, files: list[InputFile]) -> ParseFuture:
        return self._submit(self.parse, files)

    def parse(self, files: list[InputFile]) -> Frames:
        parts = []
        for f in files:
            parts.append(parse_files([f], self.region, self.limits))
            self.progress.parsed(1)
        return Frames.concat(parts)


class _Pool(ProcessPoolExecutor):
    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = super().submit(fn, *args, **kwargs)
        # a submit racing the pool's breakdown may add its job after the pool failed every
        # pending one: nobody would ever complete it, and the batch would wait forever
        if self._broken:
            with contextlib.suppress(InvalidStateError):
                future.set_exception(BrokenProcessPool(self._broken))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        # Python 3.11: when a worker dies, a submit racing the pool's breakdown (LocalPool
        # submits from several threads) can start a worker after the pool terminated the
        # others; it is sent no sentinel and the pool joins it forever (seen: a run hung in
        # this shutdown). A broken pool's workers have nothing left to do: end them here.
        if self._broken and self._processes:
            for process in list(self._processes.values()):
                process.terminate()
        super().shutdown(wait=wait, cancel_futures=cancel_futures)


def new_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` parse processes, all started now, that end with this process and
    ignore Ctrl-C (flows/children.py). Each gets polars threads for its share of the cores
    only: a parse's frames are small, and idle threads of several pools sharing the cores
    spin (CPU, not progress)."""
    import os
    from multiprocessing import get_context

    from budgetwatch.flows import children

    # spawn: forking a process that runs Prefect's threads and event loop can deadlock
    pool = _Pool(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=children.worker_init,
        initargs=(os.getpid(),),
    )
    threads = str(max(1, (os.cpu_count() or 1) // max(workers, 1)))
    with children.sigint_ignored(), _environment("POLARS_MAX_THREADS", threads):
        # each submit to a pool without an idle worker starts one: all of them, here
        for _ in range(workers):
            pool.submit(os.getpid)
    return pool


@contextlib.contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    """``name`` set to ``value`` for the processes started inside, unless the caller set it
    (a spawned process inherits the environment when it starts; polars reads its thread
    count when first imported, before any initializer runs)."""
    import os

    if name in os.environ:
        yield
        return
    os.environ[name] = value
    try:
        yield
    finally:
        os.environ.pop(name, None)


# documents per pool job: a job's frames travel back as one pickle (seven Arrow IPC
# streams), not seven per document; small enough that the workers stay evenly loaded
JOB_SIZE = 25


def parse_job(files: list[InputFile], region: str, limits: LimitsSettings) -> Frames:
    """``parse_files`` in a pool worker, its frames in one chunk each (one record batch each
    in the pickle that carries them back: cheaper to write and to read)."""
    frames = parse_files(files, region, limits)
    return Frames(**{name: frame.rechunk() for name, frame in frames.items()})


class LocalPool(InProcess):
    """Parse in ``workers`` local processes (parsing is CPU bound), in jobs of up to
    ``JOB_SIZE`` files; progress counts each job's documents as it ends. A worker that dies
    (out of memory, a crash inside a PDF library) breaks the pool: that batch and the later
    ones are parsed in processes of their own (``isolate``). ``submit`` defaults to a thread
    per batch in flight."""

    def __init__(
        self,
        workers: int,
        region: str,
        limits: LimitsSettings,
        progress: Progress = Progress(),
        submit: Submit | None = None,
    ):
        super().__init__(region, limits, progress, submit or self._thread)
        self.workers = workers
        self.window = workers + 1
        self._stack = contextlib.ExitStack()
        self._pool: ProcessPoolExecutor | None = None
        self._threads: ThreadPoolExecutor | None = None

    def __enter__(self):
        self._pool = self._stack.enter_context(new_pool(self.workers))
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()
        self._pool = None

    def _thread(self, fn: Callable[..., Frames], *args: Any) -> Future:
        if self._threads is None:
            self._threads = self._stack.enter_context(ThreadPoolExecutor(self.window))
        return self._threads.submit(fn, *args)

    def parse(self, files: list[InputFile]) -> Frames:
        if self._pool is None:
            raise RuntimeError("LocalPool used outside its `with` block")
        step = max(1, min(JOB_SIZE, -(-len(files) // self.workers)))  # every worker has one
        jobs = [files[i : i + step] for i in range(0, len(files), step)]
        try:
            futures = {self._pool.submit(parse_job, j, self.region, self.limits): j for j in jobs}
            for done in as_completed(futures):
                self.progress.parsed(len(futures[done]))
            return Frames.concat([f.result() for f in futures])  # in the files' order
        except BrokenProcessPool:
            self.isolated += 1
            return isolate(files, self.region, self.limits)


def isolate(files: list[InputFile], region: str, limits: LimitsSettings) -> Frames:
    """Parse ``files`` in a fresh process; if that dies too, halve the batch until the file
    that kills its process is alone, and reject that file with the reason (log₂ of the batch
    size extra processes per such file, none for the others)."""
    with new_pool(1) as pool:
        try:
            return pool.submit(parse_job, files, region, limits).result()
        except BrokenProcessPool:
            pass
    if len(files) == 1:
        return rejected_document(
            files[0].doc_id,
            files[0].source_file,
            "the parser's process died reading this file (out of memory, "
            "or a crash inside a PDF library)",
            PARSER_VERSION,
        )
    mid = len(files) // 2
    return Frames.concat(
        [isolate(files[:mid], region, limits), isolate(files[mid:], region, limits)]
    )


class DaskWorkers(InProcess):
    """Parse on the workers of a Dask cluster. The inputs travel as bytes, read here: the
    workers need the installed package and nothing else (no shared folder), and the store is
    written by this process alone. ``submit`` is the cluster's (flows/pipeline.py gives
    Prefect's DaskTaskRunner); ``slots``: the cluster's worker threads."""

    def __init__(
        self, slots: int, region: str, limits: LimitsSettings, progress: Progress, submit: Submit
    ):
        super().__init__(region, limits, progress, submit)
        self.window = max(slots, 1) + 1

    def submit(self, files: list[InputFile]) -> ParseFuture:
        future = self._submit(parse_files, files, self.region, self.limits, read_inputs(files))
        return _Counted(future, len(files), self.progress)


class _Counted:
    def __init__(self, future: ParseFuture, n: int, progress: Progress):
        self.future, self.n, self.progress = future, n, progress

    def result(self) -> Frames:
        frames = self.future.result()
        self.progress.parsed(self.n)
        return frames


class Executor(Protocol):
    window: int
    isolated: int

    def submit(self, files: list[InputFile]) -> ParseFuture: ...

    def parse(self, files: list[InputFile]) -> Frames: ...


# ---- sinks -----------------------------------------------------------------------------------
class Sink(Protocol):
    def commit(self, gated: Gated, files: list[InputFile], parts: dict[str, str]) -> None:
        """Keep one gated batch; ``parts``: source_file → narrative/tables of companion parts."""

    def known_parts(self) -> set[str]:
        """source_files of companion parts kept by earlier runs (read again: pairs change)."""

    def stored(self) -> pl.DataFrame | None:
        """The loaded documents kept by earlier runs and batches, with their manifest ``part``
        (None where nothing is kept across runs): a 绩效目标表 and its 部门预算 pair across
        runs (transforms/companions.py)."""

    def finish(self) -> dict:
        """Comparison and detection over everything kept; returns their summary."""


def _without(gated: Gated, doc_ids: list[str]) -> Gated:
    keep = ~pl.col("doc_id").is_in(doc_ids)
    frames = Frames(**{name: df.filter(keep) for name, df in gated.frames.items()})
    return Gated(frames, gated.residuals.filter(keep), gated.summary)


@dataclass
class MemorySink:
    """Gated batches kept in memory (only the failed residuals: the passed ones, most rows,
    make no flag); ``finish`` compares and detects over them."""

    settings: Settings
    batches: list[Gated] = field(default_factory=list)
    comparisons: dict[str, pl.DataFrame] = field(default_factory=dict)
    flags: pl.DataFrame | None = None

    def commit(self, gated: Gated, files: list[InputFile], parts: dict[str, str]) -> None:
        failed = gated.residuals.filter(~pl.col("passed").fill_null(True))
        # a file read again (a 部门预算 a later 绩效目标表 completes) replaces its lone document
        gone = self.batches and replaced(self._documents(), {f.source_file for f in files})
        if gone:
            self.batches = [_without(b, gone) for b in self.batches]
        self.batches.append(Gated(gated.frames, failed, gated.summary))

    def known_parts(self) -> set[str]:
        return set()

    def stored(self) -> pl.DataFrame | None:
        return member_files(self._documents()) if self.batches else None

    def _documents(self) -> pl.DataFrame:
        return pl.concat([b.frames.documents for b in self.batches])

    @property
    def frames(self) -> Frames:
        return Frames.concat([b.frames for b in self.batches])

    @property
    def residuals(self) -> pl.DataFrame:
        return (
            pl.concat([b.residuals for b in self.batches])
            if self.batches
            else pl.DataFrame(schema=RESIDUALS)
        )

    def finish(self) -> dict:
        self.comparisons, self.flags = analysis.compare_and_detect(
            self.frames, self.residuals, self.settings
        )
        return {"flags": self.flags.height}


# ---- the orchestrator ------------------------------------------------------------------------
def peak_mb() -> float:
    """This process's peak resident set so far (Linux VmHWM; ru_maxrss is in kB there)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Meter:
    """Where a run went, per phase (summed over its batches), for tuning: wall ``seconds``,
    this process's ``cpu_seconds`` (all its threads: the gate's, the parse results'
    receipt, Prefect's client), ``thread_cpu_seconds``, the phase's own thread's, and
    ``core_wait_seconds``, how long that thread was ready to run but waited for a core
    (Linux schedstat): the rest of its wall time it slept, on the GIL, a lock or a future —
    and ``peak_rise_mb``, how much the process's peak resident
    set rose during the phase: with the peak when the meter was made (``"start"``) they add
    up to the run's peak, less the little that rises between phases, so the phase that
    made the peak is the one with the largest rise."""

    seconds: dict = field(default_factory=dict)
    cpu_seconds: dict = field(default_factory=dict)
    thread_cpu_seconds: dict = field(default_factory=dict)
    core_wait_seconds: dict = field(default_factory=dict)
    peak_rise_mb: dict = field(default_factory=dict)

    def __post_init__(self):
        self.peak_rise_mb.setdefault("start", round(peak_mb(), 1))


def core_wait_s() -> float:
    """How long this thread has been ready to run but waiting for a core (Linux
    /proc/thread-self/schedstat, its second field, in ns); 0 where unknown."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


@contextlib.contextmanager
def timed(meter: Meter, key: str) -> Iterator[None]:
    start, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
    waited, peak = core_wait_s(), peak_mb()
    try:
        yield
    finally:
        for totals, value in (
            (meter.seconds, time.perf_counter() - start),
            (meter.cpu_seconds, time.process_time() - cpu),
            (meter.thread_cpu_seconds, time.thread_time() - own),
            (meter.core_wait_seconds, core_wait_s() - waited),
            (meter.peak_rise_mb, peak_mb() - peak),
        ):
            totals[key] = round(totals.get(key, 0.0) + value, 3)


def _select(
    frames: Frames, batch: list[InputFile], select: pl.Expr | None
) -> tuple[Frames, list[InputFile]]:
    """The documents ``select`` keeps, and the files they were read from."""
    if select is None:
        return frames, batch
    frames = frames.filter_docs(frames.documents.filter(select)["doc_id"])
    kept = set(frames.documents.explode("source_files")["source_files"].to_list())
    return frames, [f for f in batch if f.source_file in kept]


def _one_chunk(frames: Frames) -> Frames:
    """``frames`` with each table in one chunk. A batch arrives as one frame per document
    (a pool job each), concatenated without copying: every polars operation of the gate, the
    commit and the sink then works over a thousand chunks, which costs the gate about as
    much CPU again as one copy of the batch here (docs/pipeline.md "Benchmarks", round 6)."""
    return Frames(**{name: df.rechunk() for name, df in frames.items()})


class _Parts:
    """Companion parts held back from their batches until all files are read, then paired
    (transforms/companions.py) and gated as one more batch."""

    def __init__(self, stored: pl.DataFrame | None = None):
        self.frames: list[Frames] = []
        self.files: list[InputFile] = []
        self.kinds: dict[str, str] = {}  # source_file → narrative/tables
        self.earlier = stored  # documents read before, with their part

    def take(self, frames: Frames, batch: list[InputFile]) -> tuple[Frames, list[InputFile]]:
        """Hold the parts of a parsed batch; returns the rest."""
        kinds = part_kinds(frames, self.earlier)
        if not kinds:
            return frames, batch
        rest, held = split_parts(frames, self.earlier)
        for doc_id, sf in held.documents.select("doc_id", "source_file").iter_rows():
            self.kinds[sf] = kinds[doc_id]
        part = held.documents.with_columns(part=pl.col("doc_id").replace_strict(kinds))
        self.earlier = pl.concat(
            [e for e in (self.earlier, part) if e is not None], how="diagonal_relaxed"
        )
        self.frames.append(held)
        self.files += [f for f in batch if f.source_file in self.kinds]
        return rest, [f for f in batch if f.source_file not in self.kinds]


@dataclass
class Outcome:
    companion_parts: int = 0
    batches_isolated: int = 0
    gates: dict = field(default_factory=dict)
    detection: dict = field(default_factory=dict)


def orchestrate(
    files: list[InputFile],
    todo: list[InputFile],
    settings: Settings,
    executor: Executor,
    sink: Sink,
    *,
    gate: Callable[..., Gated],
    prepare_gate: Callable[..., None] = _nothing,
    run_dir=None,
    select: pl.Expr | None = None,
    progress: Progress = Progress(),
    meter: Meter | None = None,
) -> Outcome:
    """Parse ``todo`` (of the run's ``files``) in batches of ``pipeline.batch_size`` through
    ``executor`` (in tasks of ``pipeline.parse_batch``), gate each batch and give it to
    ``sink``; companion parts wait for the last
    batch, are paired, gated and given as one more; then ``sink.finish()``.

    Only ``executor.window`` parse tasks are in flight (parsed ahead of the gate), whatever the
    corpus size. ``select`` (an expression over documents) keeps only some parsed documents:
    the backfill uses it for new files whose year is known only after parsing. ``meter``
    collects where the time, CPU and memory went. ``prepare_gate(run_dir)`` runs in a thread
    of its own while the first batch parses (the gate's context: great-expectations' import
    and suites), and ends before the first gate: off the gate's critical path."""
    meter = Meter() if meter is None else meter
    out = Outcome()
    size = settings.pipeline.batch_size
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    summaries: list[dict] = []
    parts = _Parts(sink.stored())
    progress.start(len(todo))

    def gate_and_keep(frames: Frames, batch: list[InputFile], kinds: dict | None = None):
        if batch:
            if prepared is not None:
                # its error, if any, is the gate's own: the gate builds the context again
                wait([prepared])
            with timed(meter, "gate"):
                gated = gate(frames, settings, run_dir)
            with timed(meter, "commit"):
                sink.commit(gated, batch, kinds or {})
            summaries.append(gated.summary)

    # the gate's cost is mostly fixed per call (docs/checks.md, "Cost, round 4"), the parse's
    # per document: a batch is parsed in tasks of pipeline.parse_batch, gated once
    step = min(settings.pipeline.parse_batch, size)
    tasks = [b[j : j + step] for b in batches for j in range(0, len(b), step)]
    futures = deque(executor.submit(t) for t in tasks[: executor.window])
    submitted = len(futures)
    prepared = None
    if todo:
        one = ThreadPoolExecutor(1, thread_name_prefix="prepare-gate")
        prepared = one.submit(prepare_gate, run_dir)
        one.shutdown(wait=False)  # the thread ends with its one call
    for batch in batches:
        parsed = []
        for _ in range(0, len(batch), step):
            with timed(meter, "wait_for_parse"):
                # popped, not indexed: a kept future would keep its frames alive
                parsed.append(futures.popleft().result())
            if submitted < len(tasks):
                futures.append(executor.submit(tasks[submitted]))
                submitted += 1
        frames = _one_chunk(Frames.concat(parsed))
        # the parse tasks' frames, copied into one chunk: not held through the gate
        parsed.clear()
        gate_and_keep(*parts.take(*_select(frames, batch, select)))
        del frames  # nor through the wait for the next batch's parse
        progress.advance(len(batch))
    if parts.files:
        known = sink.known_parts()
        stored = sink.stored()  # with this run's batches: a 部门预算 a 绩效目标表 completes
        if stored is not None:
            known |= stored_companions(Frames.concat(parts.frames), stored)
        again = [f for f in files if f.source_file in known and f.source_file not in parts.kinds]
        if again:  # unchanged parts the sink holds: their pairs may change with the new ones
            parts.take(executor.parse(again), again)
        joined = join_companions(Frames.concat(parts.frames))
        gate_and_keep(*_select(joined, parts.files, select), parts.kinds)
    out.companion_parts = len(parts.files)
    out.batches_isolated = executor.isolated
    out.gates = merge_gate_summaries(summaries)
    with timed(meter, "compare_and_detect"):
        out.detection = sink.finish()
    return out
