"""End-to-end pipeline throughput (docs/s), peak memory and seconds per phase by corpus size.

    python benchmarks/bench_pipeline.py                         # 1,000 and 10,000 generated docs
    python benchmarks/bench_pipeline.py --sizes 1000,10000,50000
    python benchmarks/bench_pipeline.py --sizes 1000 --cluster  # the parse on a dask LocalCluster
    python benchmarks/bench_pipeline.py --corpus DIR            # an existing corpus (docs/ or *.txt)

Each size runs in two fresh processes: one generates the corpus (not timed), the next runs
the whole ``budgetwatch_run`` flow on Prefect's temporary server — discover, parse in batches, gates,
store, comparison, detection — into an empty store. Peak memory is the largest total resident
set of the run's process tree (the run, its parse workers and Prefect's temporary server),
sampled every 0.2 s from /proc; shared pages count once per process, so it errs high. The run
process's own peak (maxrss) is the run's: the generator's memory is another process's. The
parse's cell-level accuracy against the generator's truth (``synth.accuracy.cell_accuracy``)
is printed too.

Seconds per phase are the run metadata's ``seconds`` (wait_for_parse, gate, commit,
compare_and_detect, report). ``parse CPU`` is the CPU (user + system) the parse workers spent —
the pool's spawned processes, or the cluster's worker processes — read from /proc at the same
samples; ``CPU`` is the whole process tree's, printed below the table by process (the run,
the parse workers, Prefect's server), with the run metadata's per phase figures for the run
process: its CPU, the phase's own thread's CPU, the time that thread waited for a core, and
the rise of the process's peak resident set (``flows.orchestrator.Meter``). ``--cluster`` starts a ``dask.distributed``
LocalCluster (2 single-threaded worker processes, loopback only) inside each size's process and
hands its address to the run through the ``pipeline.cluster`` key (BUDGETWATCH__PIPELINE__CLUSTER);
it stops with a clear message where that key or dask is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = [2020, 2021, 2022, 2023, 2024]


def _corpus(size: int, work: Path) -> Path:
    from budgetwatch.synth import generate_corpus

    # +2: the generator's skipped year and 赵县 350's absent 2024 (the real sample's year)
    # leave two department-years empty; the run takes the first `size` files.
    departments = math.ceil(size / len(YEARS)) + 2
    out = generate_corpus(work / "corpus", departments=departments, years=YEARS, seed=7)
    return Path(out)


def _accuracy(corpus: Path, store_dir: Path) -> str:
    import polars as pl

    from budgetwatch.contract.schema import Frames
    from budgetwatch.store import Store
    from budgetwatch.synth.accuracy import cell_accuracy

    truth_dir = corpus / "truth"
    if not truth_dir.is_dir():
        return "n/a (no truth beside the corpus)"
    truth = Frames(
        **{
            name: pl.read_parquet(truth_dir / f"{name}.parquet")
            for name in ("documents", "line_items", "projects", "indicators", "narrative_figures")
            if (truth_dir / f"{name}.parquet").exists()
        }
    )
    parsed = Store(store_dir).frames(status=None)
    # the run took the corpus's first N files: compare against their truth only
    truth = truth.filter_docs(parsed.documents["doc_id"])
    matched, total, _ = cell_accuracy(parsed, truth)
    return f"{matched}/{total} = {matched / total:.4%}" if total else "n/a (no cells)"


TICK = os.sysconf("SC_CLK_TCK")
# command lines of the processes that parse: the pool's spawned workers, dask's workers
WORKER_MARKS = ("multiprocessing", "distributed", "dask")


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants, now (Linux /proc: each thread's ``children``, not a
    walk of every process on the machine: the sampler runs in the measured process, and on
    a shared machine that walk cost more CPU than some of the phases it measured)."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue  # the process or thread ended while we looked
    return pids


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _kind(pid: int) -> str:
    """What a process of the run's tree is: the run itself, a parse worker, Prefect's
    server, or other (multiprocessing's resource tracker and the like)."""
    if pid == os.getpid():
        return "run"
    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    if "resource_tracker" not in command and any(m in command for m in WORKER_MARKS):
        return "parse"
    return "server" if "uvicorn" in command or "prefect" in command else "other"


class PeakSampler(threading.Thread):
    """Samples the process tree until stopped: ``peak_mb`` is the largest resident total;
    ``cpu_s`` holds each process's last CPU seconds seen (a process that ends loses at most
    one interval), and ``kinds`` what each process is (``_kind``)."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        self.interval, self.peak_mb, self._stop_event = interval, 0.0, threading.Event()
        self.cpu_s: dict[int, float] = {}
        self.kinds: dict[int, str] = {}

    def sample(self) -> None:
        total_kb = 0
        for pid in _tree(os.getpid()):
            try:
                total_kb += _rss_kb(pid)
                self.cpu_s[pid] = _cpu_s(pid)
                if self.kinds.get(pid, "other") == "other":
                    # named again until it is something else: a child seen between its fork
                    # and its exec shows the run's command line, and Prefect's server (15-18
                    # CPU s at 10,000) was counted as "other" in three of round 10's four runs
                    self.kinds[pid] = _kind(pid)
            except (OSError, IndexError, ValueError):
                continue  # the process ended while we looked
        self.peak_mb = max(self.peak_mb, total_kb / 1024)

    def cpu_by_kind(self) -> dict[str, float]:
        out = dict.fromkeys(("run", "parse", "server", "other"), 0.0)
        for pid, cpu in self.cpu_s.items():
            out[self.kinds.get(pid, "other")] += cpu
        return out

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def start(self) -> None:
        self.sample()  # the CPU already spent before the run is known at its start
        super().start()

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        self.sample()
        return self.peak_mb


def cluster_key_known() -> bool:
    """Whether this branch's settings have ``pipeline.cluster`` (the run's dask scheduler)."""
    from budgetwatch.config.settings import PipelineSettings

    return "cluster" in PipelineSettings.model_fields


@contextlib.contextmanager
def _local_cluster(on: bool) -> Iterator[str | None]:
    """A dask LocalCluster of 2 single-threaded worker processes on loopback, its address
    given to the run through the environment (``pipeline.cluster``); nothing when ``on`` is
    false."""
    if not on:
        yield None
        return
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        os.environ["BUDGETWATCH__PIPELINE__CLUSTER"] = cluster.scheduler_address
        try:
            yield cluster.scheduler_address
        finally:
            del os.environ["BUDGETWATCH__PIPELINE__CLUSTER"]


def one(size: int, corpus: Path, cluster: bool = False) -> dict:
    """Child process: run the flow once over ``corpus``'s first ``size`` files, report figures
    as JSON. The corpus is made by another process (``--generate``): the generator's peak is
    not the run's."""
    work = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    docs_dir = corpus / "docs" if (corpus / "docs").is_dir() else corpus
    files = sorted(docs_dir.rglob("*.txt"))
    files = files[:size]
    if len(files) < size:
        raise SystemExit(f"{docs_dir}: only {len(files)} documents, {size} asked for")
    input_dir = work / "input"
    for f in files:  # hard links: the run sees exactly `size` files without copying bytes
        target = input_dir / f.relative_to(docs_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(f, target)

    from budgetwatch import flows

    flows.use_prefect_home(work / "store")
    from budgetwatch.flows.pipeline import budgetwatch_run

    with _local_cluster(cluster) as address:
        sampler = PeakSampler()
        sampler.start()
        before = sampler.cpu_by_kind()  # the cluster's start is not the run's
        start = time.perf_counter()
        meta = budgetwatch_run(
            input_dir=str(input_dir),
            data_dir=str(work / "store"),
            outputs_dir=str(work / "outputs"),
        )
        seconds = time.perf_counter() - start
        peak_mb = sampler.stop()
        cpu = {k: v - before[k] for k, v in sampler.cpu_by_kind().items()}
    figures = {
        "documents": len(files),
        "seconds": seconds,
        "docs_per_s": len(files) / seconds,
        "cluster": address,
        "cpu_by_process_s": cpu,
        "parse_cpu_s": cpu["parse"],
        "cpu_s": sum(cpu.values()),
        "peak_mb": peak_mb,
        "run_process_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "phases_s": meta["seconds"],
        "phases_cpu_s": meta.get("cpu_seconds", {}),
        "phases_thread_cpu_s": meta.get("thread_cpu_seconds", {}),
        "phases_core_wait_s": meta.get("core_wait_seconds", {}),
        "peak_rise_mb": meta.get("peak_rise_mb", {}),
        "store_documents": meta["store_documents"],
        "flags": meta["detection"]["flags"],
        "accuracy": _accuracy(corpus, work / "store"),
        "store_mb": sum(f.stat().st_size for f in (work / "store").rglob("*") if f.is_file())
        / 2**20,
    }
    shutil.rmtree(work, ignore_errors=True)
    return figures


def _child(cmd: list[str], what: str) -> str:
    """``cmd``'s standard output; stops with its error's end if it fails."""
    # a loaded machine can take longer than Prefect's 20 s to start its temporary server
    env = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300", **os.environ}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


@contextlib.contextmanager
def _corpus_for(size: int, given: Path | None) -> Iterator[Path]:
    """``given``, or a corpus of ``size`` generated by a process of its own (removed after)."""
    if given is not None:
        yield given
        return
    work = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        cmd = [sys.executable, __file__, "--one", str(size), "--generate", str(work)]
        yield Path(_child(cmd, f"generating {size} documents").splitlines()[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)


PHASES = ("wait_for_parse", "gate", "commit", "compare_and_detect", "report")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        help="use this corpus (a synth output or a folder of *.txt) instead of "
        "generating one; sizes take its first N files",
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="parse on a dask LocalCluster (2 workers) started for each size",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: the run
    parser.add_argument(  # child mode: the corpus of --one's size, into this folder
        "--generate", type=Path, help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.cluster:
        if not cluster_key_known():
            raise SystemExit(
                "--cluster: this branch's settings have no pipeline.cluster key "
                "(the run cannot be sent to a dask cluster here); skipped"
            )
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise SystemExit("--cluster: dask.distributed is not installed; skipped") from None
    if args.one is not None and args.generate is not None:
        print(_corpus(args.one, args.generate))
        return
    if args.one is not None:
        print(json.dumps(one(args.one, args.corpus, args.cluster)))
        return

    from rich.console import Console
    from rich.table import Table

    where = "a dask LocalCluster" if args.cluster else "the local process pool"
    table = Table(title=f"budgetwatch end-to-end (budgetwatch_run flow, parse on {where})")
    for col in (
        "documents",
        "seconds",
        "docs/s",
        "peak MB (tree)",
        "peak MB (run process)",
        "CPU s",
        "parse CPU s",
        *PHASES,
        "store MB",
        "loaded/quarantined/rejected",
        "flags",
        "parse cell accuracy",
    ):
        table.add_column(col, justify="right")
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with _corpus_for(size, args.corpus) as corpus:
            cmd = [sys.executable, __file__, "--one", str(size), "--corpus", str(corpus)]
            if args.cluster:
                cmd.append("--cluster")
            load = os.getloadavg()[0]
            r = json.loads(_child(cmd, f"size {size}").splitlines()[-1])
        r["load_at_start"], r["load_at_end"] = load, os.getloadavg()[0]
        results.append(r)
        s = r["store_documents"]
        table.add_row(
            str(r["documents"]),
            f"{r['seconds']:.1f}",
            f"{r['docs_per_s']:.1f}",
            f"{r['peak_mb']:.0f}",
            f"{r['run_process_peak_mb']:.0f}",
            f"{r['cpu_s']:.0f}",
            f"{r['parse_cpu_s']:.0f}",
            *(f"{r['phases_s'].get(k, 0.0):.1f}" for k in PHASES),
            f"{r['store_mb']:.0f}",
            f"{s.get('loaded', 0)}/{s.get('quarantined', 0)}/{s.get('rejected', 0)}",
            str(r["flags"]),
            r["accuracy"],
        )
    console = Console(width=220)
    console.print(table)
    for r in results:
        per_doc = r["parse_cpu_s"] / r["documents"] * 1000
        console.print(
            f"{r['documents']} documents: parse CPU {per_doc:.1f} ms/document; "
            f"load average {r['load_at_start']:.1f} at the start, "
            f"{r['load_at_end']:.1f} at the end ({os.cpu_count()} cores)"
        )
        console.print(
            "  CPU s by process: "
            + ", ".join(f"{k} {v:.1f}" for k, v in r["cpu_by_process_s"].items())
            + "; the run process's CPU s by phase: "
            + ", ".join(f"{k} {v:.1f}" for k, v in r["phases_cpu_s"].items())
            + "; the phase's own thread's CPU s: "
            + ", ".join(f"{k} {v:.1f}" for k, v in r["phases_thread_cpu_s"].items())
            + "; waiting for a core: "
            + ", ".join(f"{k} {v:.1f}" for k, v in r["phases_core_wait_s"].items())
            + "; its peak's rise MB by phase: "
            + ", ".join(f"{k} {v:.0f}" for k, v in r["peak_rise_mb"].items())
        )
    if len(results) > 1:
        a, b = results[0], results[-1]
        ratio = (b["seconds"] / a["seconds"]) / (b["documents"] / a["documents"])
        console.print(
            f"time per document at {b['documents']} vs {a['documents']}: ×{ratio:.2f} "
            "(1.0 = linear)"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
