"""End-to-end pipeline throughput (docs/s) and peak memory at 1,000 and 10,000 documents.

    python benchmarks/bench_pipeline.py                    # 1,000 and 10,000 generated docs
    python benchmarks/bench_pipeline.py --sizes 1000       # quick
    python benchmarks/bench_pipeline.py --corpus DIR       # an existing corpus (its docs/ or *.txt)

Each size runs in a fresh process: generate the corpus (not timed), then the whole
``budgetwatch_run`` flow on Prefect's temporary server — discover, parse in batches, gates,
store, comparison, detection — into an empty store. Peak memory is the largest total resident
set of the run's process tree (the run, its parse workers and Prefect's temporary server),
sampled every 0.2 s from /proc; shared pages count once per process, so it errs high. The
parse's cell-level accuracy against the generator's truth (``synth.accuracy.cell_accuracy``)
is printed too.
"""
from __future__ import annotations

import argparse
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
    truth = Frames(**{name: pl.read_parquet(truth_dir / f"{name}.parquet")
                      for name in ("documents", "line_items", "projects", "indicators",
                                   "narrative_figures") if (truth_dir / f"{name}.parquet").exists()})
    parsed = Store(store_dir).frames(status=None)
    # the run took the corpus's first N files: compare against their truth only
    truth = truth.filter_docs(parsed.documents["doc_id"])
    matched, total, _ = cell_accuracy(parsed, truth)
    return f"{matched}/{total} = {matched / total:.4%}" if total else "n/a (no cells)"


def _tree_rss_mb(root: int) -> float:
    """Resident MB of ``root`` and all its descendants, now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended while we looked
            children.setdefault(ppid, []).append(int(entry.name))
    total_kb, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


class PeakSampler(threading.Thread):
    """Samples the process tree's resident memory until stopped; ``peak_mb`` is the maximum."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        self.interval, self.peak_mb, self._stop_event = interval, 0.0, threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_mb = max(self.peak_mb, _tree_rss_mb(os.getpid()))
            self._stop_event.wait(self.interval)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak_mb


def one(size: int, corpus: Path | None) -> dict:
    """Child process: build/locate the corpus, run the flow once, report figures as JSON."""
    work = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    corpus = corpus or _corpus(size, work)
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

    sampler = PeakSampler()
    sampler.start()
    start = time.perf_counter()
    meta = budgetwatch_run(input_dir=str(input_dir), data_dir=str(work / "store"),
                           outputs_dir=str(work / "outputs"))
    seconds = time.perf_counter() - start
    peak_mb = sampler.stop()
    figures = {"documents": len(files), "seconds": seconds, "docs_per_s": len(files) / seconds,
               "peak_mb": peak_mb, "run_process_peak_mb":
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               "phases_s": meta["seconds"], "store_documents": meta["store_documents"],
               "flags": meta["detection"]["flags"], "accuracy": _accuracy(corpus, work / "store")}
    shutil.rmtree(work, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated corpus sizes (default 1000,10000)")
    parser.add_argument("--corpus", type=Path,
                        help="use this corpus (a synth output or a folder of *.txt) instead of "
                             "generating one; sizes take its first N files")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.corpus)))
        return

    from rich.console import Console
    from rich.table import Table

    table = Table(title="budgetwatch end-to-end (budgetwatch_run flow)")
    for col in ("documents", "seconds", "docs/s", "peak MB (tree)", "peak MB (run process)",
                "loaded/quarantined/rejected",
                "flags", "parse cell accuracy"):
        table.add_column(col, justify="right")
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        cmd = [sys.executable, __file__, "--one", str(size)]
        if args.corpus:
            cmd += ["--corpus", str(args.corpus)]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            raise SystemExit(f"size {size} failed:\n{done.stderr[-3000:]}")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(r)
        s = r["store_documents"]
        table.add_row(str(r["documents"]), f"{r['seconds']:.1f}", f"{r['docs_per_s']:.1f}",
                      f"{r['peak_mb']:.0f}", f"{r['run_process_peak_mb']:.0f}",
                      f"{s.get('loaded', 0)}/{s.get('quarantined', 0)}/{s.get('rejected', 0)}",
                      str(r["flags"]), r["accuracy"])
    console = Console(width=140)
    console.print(table)
    for r in results:
        phases = ", ".join(f"{k} {v:.1f}" for k, v in r["phases_s"].items())
        console.print(f"{r['documents']} documents — seconds by phase: {phases}")
    if len(results) > 1:
        a, b = results[0], results[-1]
        ratio = (b["seconds"] / a["seconds"]) / (b["documents"] / a["documents"])
        console.print(f"time per document at {b['documents']} vs {a['documents']}: ×{ratio:.2f} "
                      "(1.0 = linear)")


if __name__ == "__main__":
    main()
