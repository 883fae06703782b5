"""CPU per phase of one small run against the parse alone, in a process of its own.

    python benchmarks/bench_regression.py INPUT_DIR WORK_DIR    # prints one JSON line

The reference is the parse alone: every ``*.txt`` under INPUT_DIR read once, in this process, one
after the other (``flows.core.parse_files``). Then the whole ``budgetwatch_run`` flow runs into
an empty store under WORK_DIR (2 parse workers; Prefect's server is PREFECT_API_URL's where set,
else the run's own). Printed: the parse's CPU and wall seconds, the run metadata's CPU and wall
seconds per phase, and the whole run's CPU in this process (everything but the parse workers).

It runs in a fresh process because both measures are of a process: the parse's pure lookups
are memoised (a process that has parsed other documents parses these at a fraction of the
cost), and a long-lived test process once charged the gate with 7× its own CPU (what else
ran in it was not found). tests/test_bench_regression.py runs it and limits the ratios.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(input_dir: Path, work: Path) -> dict:
    from budgetwatch import flows  # noqa: F401  (telemetry off before prefect)
    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import parse_files
    from budgetwatch.flows.pipeline import budgetwatch_run
    from budgetwatch.sources.discover import inspect_files

    paths = sorted(input_dir.rglob("*.txt"))
    cpu, start = time.process_time(), time.perf_counter()
    frames = parse_files(inspect_files(paths, input_dir), "", load_settings().limits)
    parse = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - start}

    os.environ["BUDGETWATCH__PIPELINE__WORKERS"] = "2"
    cpu, start = time.process_time(), time.perf_counter()
    meta = budgetwatch_run(
        input_dir=str(input_dir), data_dir=str(work / "store"), outputs_dir=str(work / "outputs")
    )
    return {
        "documents": frames.documents.height,
        "parse": parse,
        "status": meta["status"],
        "loaded": meta["store_documents"]["loaded"],
        "cpu": {**meta["cpu_seconds"], "total": time.process_time() - cpu},
        "wall": {**meta["seconds"], "total": time.perf_counter() - start},
        "load": os.getloadavg()[0],
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]))))
