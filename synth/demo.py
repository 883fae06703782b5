"""The README demo corpus: a generated corpus plus the real 2024 sample, cached on disk."""

from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path

from budgetwatch.synth.corpus import GENERATOR_VERSION, generate_corpus

DEMO_PARAMS = {
    "departments": 36,
    "years": [2020, 2021, 2022, 2023, 2024],
    "seed": 2024,
    "anomaly_rate": 0.15,
    "version": GENERATOR_VERSION,
}
# the real 2024 county budget the project started from (package data)
SAMPLE = Path(str(files("budgetwatch.synth") / "data" / "000_e9dd90ecd9c1084d.txt"))
SAMPLE_TARGET = "2024/赵县-350.txt"


def ensure_demo_input(target_dir: Path) -> Path:
    """Fill target_dir with the demo documents (regenerated only when the generator version or
    parameters change); the truth goes to target_dir/../demo_truth, outside the input tree."""
    target_dir = Path(target_dir)
    stamp = target_dir.parent / "demo_truth" / "params.json"
    wanted = json.dumps(DEMO_PARAMS, sort_keys=True)
    sample = target_dir / SAMPLE_TARGET
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted and sample.exists():
        return target_dir
    work = target_dir.parent / "demo_build"
    shutil.rmtree(work, ignore_errors=True)
    p = DEMO_PARAMS
    generate_corpus(work, p["departments"], p["years"], p["seed"], p["anomaly_rate"])
    shutil.rmtree(target_dir, ignore_errors=True)
    shutil.rmtree(stamp.parent, ignore_errors=True)
    (work / "docs").rename(target_dir)
    (work / "truth").rename(stamp.parent)
    shutil.rmtree(work, ignore_errors=True)
    sample.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, sample)
    stamp.write_text(wanted, encoding="utf-8")
    return target_dir
