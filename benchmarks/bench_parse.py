"""Parse cost per document (CPU ms, median of runs) and a check that the frames are unchanged.

    python benchmarks/bench_parse.py                       # the sample, 500 parses
    python benchmarks/bench_parse.py --docs 2000
    python benchmarks/bench_parse.py --corpus DIR          # every *.txt under DIR
    python benchmarks/bench_parse.py --synth 7             # 1,000 generated documents, seed 7
    python benchmarks/bench_parse.py --synth 7 --cold      # one pass, no warm-up (cold caches)
    python benchmarks/bench_parse.py --real FOLDER --split tuning   # real PDFs / workbooks
    python benchmarks/bench_parse.py --synth 7 --save /tmp/ref_7    # keep the frames
    python benchmarks/bench_parse.py --synth 7 --compare /tmp/ref_7 # the same frames again?
    python benchmarks/bench_parse.py --synth 7 --jobs 25           # as a pool worker: jobs of 25

Each parse is the full ``read_disclosure`` (decode, read, normalise, build the frames). The CPU
time is the process's (``time.process_time``: every thread, polars' included) over the parses
only, reading the files excluded; ``--repeat N`` parses the inputs N times and prints the median.
Each run after the first finds the memoised lookups (cells, titles, layouts) filled by the one
before: ``--cold`` is one pass in this fresh process with no warm-up parse, what a parse worker
pays (the imports alone are made first, not counted).
``--jobs N`` parses as a pool worker does (``flows.core.parse_batch`` over jobs of N files: the
limits, a text job's frames built together); without it each file is one ``read_disclosure``.
Peak memory is the process's maximum resident set size (the interpreter and polars included).

``--save DIR`` writes every frame of the inputs (concatenated in input order) to
``DIR/<frame>.parquet``; ``--compare DIR`` checks each frame against those with polars' exact
frame equality (schema, order, every value) and exits 1 on the first difference, naming it.
``--synth`` also prints the cell accuracy against the generator's truth
(`synth.accuracy.cell_accuracy`).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import polars as pl  # noqa: E402
from polars.testing import assert_frame_equal  # noqa: E402
from real_split import split  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from budgetwatch.contract.schema import Frames  # noqa: E402
from budgetwatch.transforms.reader import read_disclosure  # noqa: E402

SAMPLE = ROOT / "synth" / "data" / "000_e9dd90ecd9c1084d.txt"
SYNTH_CACHE = Path("/tmp/bench_parse_synth")  # generated corpora, one folder per seed
TRUTH = ("documents", "line_items", "projects", "indicators", "narrative_figures")


def _synth(seed: int) -> Path:
    """A generated corpus of 200 departments × 2020-2024 (about 1,000 documents), cached."""
    from budgetwatch.synth import generate_corpus

    out = SYNTH_CACHE / f"seed{seed}"
    if not (out / "truth" / "documents.parquet").exists():
        generate_corpus(out, departments=200, years=range(2020, 2025), seed=seed)
    return out


def _jobs(inputs: list[tuple[str, bytes]], size: int) -> list[Frames]:
    """``inputs`` parsed as a pool worker parses its jobs of ``size`` files."""
    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import parse_batch
    from budgetwatch.sources.discover import InputFile

    limits = load_settings().limits
    files = [InputFile(n, Path(n), hashlib.sha256(d).hexdigest()) for n, d in inputs]
    data = [d for _, d in inputs]
    return [
        parse_batch(files[i : i + size], "", limits, data[i : i + size])
        for i in range(0, len(files), size)
    ]


def _inputs(args) -> list[tuple[str, bytes]]:
    if args.synth is not None:
        docs = _synth(args.synth) / "docs"
        files = sorted(p for p in docs.rglob("*") if p.is_file())
        return [(str(p.relative_to(docs)), p.read_bytes()) for p in files]
    if args.corpus:
        files = sorted(Path(args.corpus).rglob("*.txt"))
        return [(str(p.relative_to(args.corpus)), p.read_bytes()) for p in files]
    if args.real:
        sides = split(args.real)
        names = sorted(n for n, side in sides.items() if args.split in ("all", side))
        return [(n, (Path(args.real) / n).read_bytes()) for n in names]
    data = SAMPLE.read_bytes()
    return [(f"sample-{i}.txt", data) for i in range(args.docs)]


def _compare(frames: Frames, reference: Path) -> list[str]:
    """The frames that differ from the saved ones, each with polars' reason."""
    differ = []
    for name, frame in frames.items():
        try:
            assert_frame_equal(frame, pl.read_parquet(reference / f"{name}.parquet"))
        except AssertionError as exc:
            differ.append(f"{name}: {exc}")
    return differ


def _accuracy(frames: Frames, seed: int) -> str:
    from budgetwatch.synth.accuracy import cell_accuracy

    truth_dir = _synth(seed) / "truth"
    truth = Frames(**{n: pl.read_parquet(truth_dir / f"{n}.parquet") for n in TRUTH})
    matched, total, _ = cell_accuracy(frames, truth)
    return f"{matched:,} / {total:,} = {matched / total:.4%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500, help="parses of the sample (default 500)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--corpus", type=Path, help="parse every *.txt under this directory")
    what.add_argument("--synth", type=int, metavar="SEED", help="1,000 generated documents")
    what.add_argument("--real", type=Path, metavar="FOLDER", help="real documents (a split)")
    parser.add_argument("--split", choices=("tuning", "held", "all"), default="tuning")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the median is printed")
    parser.add_argument(
        "--cold", action="store_true", help="one pass, no warm-up parse (caches start empty)"
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="as a pool worker: jobs of N files")
    parser.add_argument("--save", type=Path, help="write the frames here (reference)")
    parser.add_argument("--compare", type=Path, help="check the frames against a reference")
    args = parser.parse_args()
    inputs = _inputs(args)
    if not inputs:
        raise SystemExit("no input documents")
    if not args.cold:
        read_disclosure(inputs[0][1], inputs[0][0])  # warm-up: catalogue, regex caches, memos
    runs = []
    for _ in range(1 if args.cold else max(args.repeat, 1)):
        start = time.process_time()
        if args.jobs:
            parts = _jobs(inputs, args.jobs)
        else:
            results = [read_disclosure(data, name) for name, data in inputs]
            parts = [r.frames for r in results]
            errors = sum(r.error is not None for r in results)
        runs.append(time.process_time() - start)
    cpu = statistics.median(runs)
    frames = Frames.concat(parts)
    if args.jobs:  # a worker's documents carry no error object: the rejected ones
        errors = frames.documents["status_reason"].is_not_null().sum()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    console = Console(width=110)
    how = "cold: one pass, no warm-up" if args.cold else f"warm: median of {len(runs)}"
    table = Table(title=f"budgetwatch parse benchmark (one process, {how})")
    for col in ("documents", "mean bytes", "CPU s", "CPU ms/doc", "runs (s)", "line items"):
        table.add_column(col, justify="right")
    table.add_column("errors", justify="right")
    table.add_column("peak RSS MB", justify="right")
    table.add_row(
        str(len(inputs)),
        f"{sum(len(d) for _, d in inputs) / len(inputs):,.0f}",
        f"{cpu:.2f}",
        f"{cpu / len(inputs) * 1000:.2f}",
        " ".join(f"{r:.2f}" for r in runs),
        f"{frames.line_items.height:,}",
        str(errors),
        f"{peak_mb:,.0f}",
    )
    console.print(table)
    if args.synth is not None:
        console.print(f"cell accuracy against the truth: {_accuracy(frames, args.synth)}")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            frame.write_parquet(args.save / f"{name}.parquet")
        console.print(f"frames saved to {args.save}")
    if args.compare:
        differ = _compare(frames, args.compare)
        for line in differ:
            console.print(f"[red]DIFFERS[/red] {line}")
        if differ:
            raise SystemExit(1)
        sizes = ", ".join(f"{n} {f.height:,}" for n, f in frames.items())
        console.print(f"identical to {args.compare}: every frame ({sizes})")


if __name__ == "__main__":
    main()
