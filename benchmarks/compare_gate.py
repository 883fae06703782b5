"""The gate of this tree against main's on the same parsed documents: quarantines (status and
reason), every residual row (verdict, explanation, cited file and line) and the gate's summary
must be identical, and the gate's CPU of each is printed.

    python benchmarks/compare_gate.py --demo                 # the demo corpus
    python benchmarks/compare_gate.py FILE_OR_FOLDER ...     # real documents (any readable)
    python benchmarks/compare_gate.py --batches DIR          # pickled Frames batches (*.pkl)

The documents are parsed once, by this tree, in batches of ``pipeline.batch_size``, and pickled
under ``--work``; each tree's own venv then gates the same batches in a child process
(``flows.core.gate``, one GX context for the run, as a run does) and writes its results there.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

GATE = """
import json, pickle, sys, tempfile, time
from pathlib import Path
from budgetwatch.config.settings import load_settings
from budgetwatch.flows.core import gate
settings, out = load_settings(), Path(sys.argv[2])
run_dir = Path(tempfile.mkdtemp(prefix="compare-gate-"))
cpu, summaries = 0.0, []
for i, path in enumerate(sorted(Path(sys.argv[1]).glob("*.pkl"))):
    frames = pickle.loads(path.read_bytes())
    start = time.process_time()
    gated = gate(frames, settings, run_dir)
    cpu += time.process_time() - start
    gated.residuals.write_parquet(out / f"{i:04d}_residuals.parquet")
    gated.frames.documents.select("doc_id", "status", "status_reason").write_parquet(
        out / f"{i:04d}_documents.parquet"
    )
    summaries.append({k: v for k, v in gated.summary.items() if k != "validation_results"})
(out / "summaries.json").write_text(json.dumps(summaries, sort_keys=True, default=str))
print(json.dumps({"cpu_s": cpu}))
"""


def parse_batches(paths: list[Path], work: Path) -> int:
    """Parse ``paths`` (files, or folders read whole) into pickled batches; the documents."""
    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import parse_files
    from budgetwatch.sources.discover import inspect_files

    settings = load_settings()
    files = []
    for p in paths:
        root = p if p.is_dir() else p.parent
        found = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        files += inspect_files(found, root)
    size = settings.pipeline.batch_size
    for i in range(0, len(files), size):
        frames = parse_files(files[i : i + size], settings.pipeline.region, settings.limits)
        (work / f"{i // size:04d}.pkl").write_bytes(pickle.dumps(frames))
    return len(files)


def compare(ours: Path, theirs: Path) -> list[str]:
    """What differs between two trees' results (an empty list: identical, row order too)."""
    import polars as pl

    diffs = []
    for a in sorted(ours.glob("*.parquet")):
        x, y = pl.read_parquet(a), pl.read_parquet(theirs / a.name)
        if x.equals(y, null_equal=True):
            continue
        # rows of one (doc_id, check_id, subject) may come in another order: main sorts by
        # those three only, which leaves such ties in whatever order the checks made them
        if x.sort(x.columns, nulls_last=True).equals(
            y.sort(y.columns, nulls_last=True), null_equal=True
        ):
            print(f"{a.name}: the same rows, tied rows in another order")
        else:
            diffs.append(f"{a.name}: {x.height} rows here, {y.height} in main, not equal")
    if (ours / "summaries.json").read_text() != (theirs / "summaries.json").read_text():
        diffs.append("gate summaries differ")
    return diffs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="documents or folders of them")
    parser.add_argument("--demo", action="store_true", help="the demo corpus")
    parser.add_argument("--batches", type=Path, help="a folder of pickled Frames batches")
    parser.add_argument("--main", type=Path, default=Path("/work/main"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/compare-gate"))
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    batches = args.work / "batches"
    batches.mkdir(parents=True)
    if args.batches:
        for p in sorted(args.batches.glob("*.pkl")):
            shutil.copy(p, batches / p.name)
        documents = sum(pickle.loads(p.read_bytes()).documents.height for p in batches.glob("*"))
    else:
        paths = list(args.paths)
        if args.demo:
            from budgetwatch.synth.demo import ensure_demo_input

            paths.append(ensure_demo_input(args.work / "demo"))
        documents = parse_batches(paths, batches)
    cpu = {}
    for name, python in (
        ("ours", sys.executable),
        ("main", str(args.main / ".venv" / "bin" / "python")),
    ):
        out = args.work / name
        out.mkdir()
        done = subprocess.run(
            [python, "-c", GATE, str(batches), str(out)],
            check=True,
            cwd=args.work,
            capture_output=True,
            text=True,
        )
        cpu[name] = json.loads(done.stdout.strip().splitlines()[-1])["cpu_s"]
    diffs = compare(args.work / "ours", args.work / "main")
    print(
        f"{documents} documents: gate CPU {cpu['ours']:.2f} s here, {cpu['main']:.2f} s in main; "
        + ("results identical" if not diffs else "DIFFERENT:\n  " + "\n  ".join(diffs))
    )
    raise SystemExit(1 if diffs else 0)


if __name__ == "__main__":
    main()
