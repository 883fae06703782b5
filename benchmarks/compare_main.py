"""The analysis of this tree against main's on the demo corpus's store: every derived table
and the flag ids must be identical.

    python benchmarks/compare_main.py [--main /work/main] [--work /tmp/compare-main]

The demo corpus (synth.demo.ensure_demo_input) is parsed, gated and committed once
(flows.core.analyze, Store.commit_batch); two copies of that store are then analysed, one by
``flows.analysis.analyse_store`` of this tree, one by main's (run by main's own venv in a child
process). Prints each derived table's rows and whether it is equal.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ANALYSE = """
import sys
from pathlib import Path
from budgetwatch.config.settings import load_settings
from budgetwatch.flows.analysis import analyse_store
s = load_settings()
s = s.model_copy(update={"pipeline": s.pipeline.model_copy(update={"outputs_dir": Path(sys.argv[2])})})
analyse_store(Path(sys.argv[1]), s, "compare")
"""


def main() -> None:
    import polars as pl

    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import analyze
    from budgetwatch.sources.discover import inspect_files
    from budgetwatch.store import DERIVED_TABLES, Store
    from budgetwatch.synth.demo import ensure_demo_input

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--main", default="/work/main")
    parser.add_argument("--work", default="/tmp/compare-main")
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    inputs = ensure_demo_input(work / "input")
    paths = sorted(p for p in inputs.rglob("*") if p.is_file())
    result = analyze(paths, inputs, load_settings())
    files = inspect_files(paths, inputs)
    Store(work / "base").commit_batch(
        result.frames,
        result.residuals,
        pl.DataFrame(
            {"source_file": [f.source_file for f in files], "sha256": [f.sha256 for f in files]}
        ),
    )
    # each checkout's own venv (an editable install of it)
    for name, python in (
        ("ours", sys.executable),
        ("main", str(Path(args.main) / ".venv" / "bin" / "python")),
    ):
        shutil.copytree(work / "base", work / name)
        subprocess.run(
            [python, "-c", ANALYSE, str(work / name), str(work / f"out-{name}")],
            check=True,
            cwd=work,
        )
    ours, theirs = Store(work / "ours"), Store(work / "main")
    same = True
    for name in DERIVED_TABLES:
        a, b = ours.read(name), theirs.read(name)
        equal = a.equals(b, null_equal=True)
        same &= equal
        print(f"{name:<20} {a.height:>7} rows  {'identical' if equal else 'DIFFERENT'}")
    print(
        "flag ids identical:", ours.read("flags")["flag_id"].equals(theirs.read("flags")["flag_id"])
    )
    raise SystemExit(0 if same else 1)


if __name__ == "__main__":
    main()
