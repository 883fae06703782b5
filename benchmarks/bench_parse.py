"""Parse throughput (docs/s, one core) and peak memory for sample-sized documents.

    python benchmarks/bench_parse.py                 # the sample, 500 parses
    python benchmarks/bench_parse.py --docs 2000
    python benchmarks/bench_parse.py --corpus DIR    # every *.txt under DIR (e.g. a synth corpus)

Each parse is the full ``read_disclosure`` (decode, read, normalise, build the frames). Peak
memory is the process's maximum resident set size (includes the interpreter and polars).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from budgetwatch.transforms.reader import read_disclosure  # noqa: E402

SAMPLE = ROOT / "synth" / "data" / "000_e9dd90ecd9c1084d.txt"


def _inputs(args) -> list[tuple[str, bytes]]:
    if args.corpus:
        files = sorted(Path(args.corpus).rglob("*.txt"))
        return [(str(p.relative_to(args.corpus)), p.read_bytes()) for p in files]
    data = SAMPLE.read_bytes()
    return [(f"sample-{i}.txt", data) for i in range(args.docs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500, help="parses of the sample (default 500)")
    parser.add_argument(
        "--corpus", type=Path, help="parse every *.txt under this directory instead"
    )
    args = parser.parse_args()
    inputs = _inputs(args)
    if not inputs:
        raise SystemExit(f"no *.txt files under {args.corpus}")
    read_disclosure(inputs[0][1], inputs[0][0])  # warm-up: imports, catalogue, regex caches
    errors = rows = 0
    start = time.perf_counter()
    for name, data in inputs:
        res = read_disclosure(data, name)
        errors += res.error is not None
        rows += res.frames.line_items.height
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    console = Console(width=100)
    table = Table(title="budgetwatch parse benchmark (one process, one core)")
    for col in (
        "documents",
        "mean bytes",
        "seconds",
        "docs/s",
        "line items",
        "errors",
        "peak RSS MB",
    ):
        table.add_column(col, justify="right")
    table.add_row(
        str(len(inputs)),
        f"{sum(len(d) for _, d in inputs) / len(inputs):,.0f}",
        f"{elapsed:.2f}",
        f"{len(inputs) / elapsed:,.1f}",
        f"{rows:,}",
        str(errors),
        f"{peak_mb:,.0f}",
    )
    console.print(table)


if __name__ == "__main__":
    main()
