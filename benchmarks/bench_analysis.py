"""The analysis phase alone (flows.analysis.analyse_store: comparison and detection over the
store) at 10,000 and 50,000 documents: seconds and peak MB of a full analysis, and the seconds
of an incremental one after 100 documents are added to the 50,000.

    python benchmarks/bench_analysis.py                       # 10,000 and 50,000
    python benchmarks/bench_analysis.py --sizes 10000 --increment 0

How the stores are built (cheaply, not timed): 1,000 generated documents (synth, seed 7,
202 departments × 2020–2024) go once through the pipeline's functions (flows.core.analyze:
parse and gates in batches; Store.commit_batch; the analysis) into a base store, cached under ``--work`` (default /tmp/bench-analysis). A store of N documents is
that base store replicated N / 1,000 times: replica r > 0 relabels every doc_id (a hash of
the original and r), department_code (+ r as three digits) and source_file (under r<r>/), so
each replica is a set of new departments with the base's figures. Every per-document table
and the manifest are replicated, one partition at a time (row groups appended: the base's
rows are the only ones in memory). The increment's 100 documents are one replica's first 100
documents (20 departments × 5 years), held back from the 50,000 store, then appended as a
commit appends them (one new part per partition: Store._append_partition; the commit is not
what is measured).

Each analysis runs in a fresh process; its peak resident memory is that process's maxrss
(the analysis starts no processes of its own, so it is the process tree's). The load average is printed with each figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEARS = [2020, 2021, 2022, 2023, 2024]
BASE_DOCS = 1000


def _base(work: Path) -> Path:
    """The 1,000-document store, built once through the real pipeline."""
    store = work / "base" / "store"
    if (store / "manifest.parquet").exists():
        return store
    import polars as pl

    from budgetwatch.synth import generate_corpus

    corpus = Path(
        generate_corpus(
            work / "base" / "corpus",
            departments=math.ceil(BASE_DOCS / len(YEARS)) + 2,
            years=YEARS,
            seed=7,
        )
    )
    docs = corpus / "docs"
    inputs = work / "base" / "input"
    for f in sorted(docs.rglob("*.txt"))[:BASE_DOCS]:
        target = inputs / f.relative_to(docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.link(f, target)
    from budgetwatch.flows.analysis import analyse_store
    from budgetwatch.flows.core import analyze
    from budgetwatch.sources.discover import inspect_files
    from budgetwatch.store import Store

    # the pipeline's own functions (parse → gates in batches, commit, analysis), without
    # Prefect's server: what budgetwatch_run does, minus its orchestration
    settings = _settings(work / "base" / "outputs")
    paths = sorted(inputs.rglob("*.txt"))
    result = analyze(paths, inputs, settings)
    files = inspect_files(paths, inputs)
    Store(store).commit_batch(
        result.frames,
        result.residuals,
        pl.DataFrame(
            {"source_file": [f.source_file for f in files], "sha256": [f.sha256 for f in files]}
        ),
    )
    analyse_store(store, settings, "base", full=True)
    return store


def _settings(outputs: Path):
    from budgetwatch.config.settings import load_settings

    settings = load_settings()
    return settings.model_copy(
        update={"pipeline": settings.pipeline.model_copy(update={"outputs_dir": outputs})}
    )


def _relabel(df, replica: int):
    import polars as pl

    if replica == 0:
        return df
    ids = df["doc_id"].unique().to_list() if "doc_id" in df.columns else []
    new = {d: hashlib.sha256(f"{d}:{replica}".encode()).hexdigest()[:16] for d in ids if d}
    out = df
    if "doc_id" in df.columns:
        out = out.with_columns(pl.col("doc_id").replace_strict(new, default=pl.col("doc_id")))
    if "department_code" in df.columns:
        out = out.with_columns(pl.col("department_code") + f"{replica:03d}")
    if "source_file" in df.columns:
        out = out.with_columns(
            (pl.lit(f"r{replica}/") + pl.col("source_file")).alias("source_file")
        )
    if "source_files" in df.columns:
        out = out.with_columns(
            pl.col("source_files").list.eval(pl.lit(f"r{replica}/") + pl.element())
        )
    return out


def _write(path: Path, pieces) -> None:
    """Row groups appended one piece at a time (pyarrow): one piece in memory."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    for piece in pieces:
        table = piece.to_arrow()
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table)
    if writer is not None:
        writer.close()


def replicate(base: Path, out: Path, documents: int, hold: int = 0) -> Path:
    """A store of ``documents`` documents from ``base``; with ``hold``, the last replica's
    first ``hold`` documents are left out (written by ``add_held``)."""
    import polars as pl

    if out.exists():
        shutil.rmtree(out)
    replicas = math.ceil(documents / BASE_DOCS)
    held = _held(base, replicas - 1, hold)

    def keep(df):
        return df.filter(~pl.col("doc_id").is_in(held)) if hold and "doc_id" in df.columns else df

    for part in sorted((base / "tables").glob("*/*/part.parquet")):
        rows = pl.read_parquet(part)
        _write(out / part.relative_to(base), (keep(_relabel(rows, r)) for r in range(replicas)))
    manifest = pl.read_parquet(base / "manifest.parquet")
    _write(out / "manifest.parquet", (keep(_relabel(manifest, r)) for r in range(replicas)))
    return out


def _held(base: Path, replica: int, hold: int) -> list[str]:
    import polars as pl

    if not hold:
        return []
    docs = _relabel(
        pl.read_parquet(base / "tables" / "documents", hive_partitioning=False), replica
    ).sort("department_code", "fiscal_year")
    return docs.filter(pl.col("status") == "loaded").head(hold)["doc_id"].to_list()


def add_held(base: Path, store: Path, documents: int, hold: int) -> None:
    """Append the held-back documents as a commit does: one new part per partition they
    touch (and the manifest)."""
    import polars as pl

    from budgetwatch.store import Store

    replica = math.ceil(documents / BASE_DOCS) - 1
    held = _held(base, replica, hold)
    target = Store(store)
    for part in sorted((base / "tables").glob("*/*/part.parquet")):
        new = _relabel(pl.read_parquet(part), replica).filter(pl.col("doc_id").is_in(held))
        year = part.parent.name.removeprefix("fiscal_year=")
        target._append_partition(
            part.parent.parent.name,
            int(year) if year.isdigit() else None,
            pl.Series(held),
            new.select(pl.read_parquet_schema(part).keys()),
        )
    manifest = _relabel(pl.read_parquet(base / "manifest.parquet"), replica).filter(
        pl.col("doc_id").is_in(held)
    )
    path = store / "manifest.parquet"
    pl.concat([pl.read_parquet(path), manifest]).write_parquet(path)


def _analyse(store: Path, full: bool) -> dict:
    """Child process: one analysis of ``store``; seconds and its summary."""
    from budgetwatch.flows.analysis import analyse_store

    settings = _settings(store.parent / "outputs")
    start = time.perf_counter()
    summary = analyse_store(store, settings, f"bench-{int(time.time())}", full=full)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": time.perf_counter() - start,
        # CPU seconds: on a shared machine the wall time follows the load, these less
        "cpu": usage.ru_utime + usage.ru_stime,
        "flags": summary["flags"],
        "recomputed": summary["recomputed"],
        "forest_fit": summary["forest_fit"],
        "peak_mb": usage.ru_maxrss / 1024,
    }


def measure(store: Path, full: bool) -> dict:
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(store)] + (["--full"] if full else []),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["load"] = load
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument(
        "--increment",
        type=int,
        default=100,
        help="documents added to the largest size afterwards (0: none)",
    )
    parser.add_argument("--work", default="/tmp/bench-analysis")
    parser.add_argument("--child")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_analyse(Path(args.child), args.full)))
        return
    work = Path(args.work)
    base = _base(work)
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        hold = args.increment if size == max(sizes) else 0
        store = replicate(base, work / f"store-{size}", size, hold)
        full = measure(store, full=True)
        print(
            f"{size - hold:>7,} documents: full analysis {full['seconds']:.1f} s "
            f"({full['cpu']:.1f} s CPU), peak {full['peak_mb']:.0f} MB, "
            f"{full['flags']:,} flags, load {full['load']:.1f}",
            flush=True,
        )
        if hold:
            add_held(base, store, size, hold)
            inc = measure(store, full=False)
            print(
                f"+{hold} documents into {size - hold:,}: incremental analysis "
                f"{inc['seconds']:.1f} s ({inc['cpu']:.1f} s CPU), peak {inc['peak_mb']:.0f} MB, "
                f"recomputed {inc['recomputed']['departments']} of "
                f"{inc['recomputed']['of_departments']} departments, years "
                f"{inc['recomputed']['years']} (peers of the kinds "
                f"{inc['recomputed']['peer_kinds']}), forests reused {inc['forest_fit']['reused']}, "
                f"load {inc['load']:.1f}",
                flush=True,
            )
        shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
