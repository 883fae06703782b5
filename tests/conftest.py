"""Shared test helpers: the sample, edited copies of it, a parsed sample, settings, and a
store built without Prefect."""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.contract.schema import conform
from budgetwatch.contract.stored import RESIDUALS

# The real 2024 county budget the project started from, shipped as the demo's package data.
SAMPLE_PATH = Path(__file__).resolve().parents[1] / "synth" / "data" / "000_e9dd90ecd9c1084d.txt"


@lru_cache(maxsize=1)
def sample_text() -> str:
    return SAMPLE_PATH.read_text(encoding="utf-8")


def variant(year: int, code: str) -> str:
    """The sample re-dated to ``year`` (its 2023 references to year − 1) for department
    ``code`` (the page headers print "350 赵县…")."""
    text = sample_text().replace("2023", "\x00").replace("2024", str(year))
    text = text.replace("\x00", str(year - 1))
    return re.sub(r"(?m)^350 ", f"{code} ", text)


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@lru_cache(maxsize=1)
def _parsed_sample():
    from budgetwatch.transforms.reader import read_disclosure

    res = read_disclosure(SAMPLE_PATH.read_bytes(), SAMPLE_PATH.name)
    assert res.error is None
    return res.frames


def parsed_sample():
    """The sample's Frames as the reader reads it (parsed once per session; a new Frames
    each call, so a test that replaces one of its frames affects no other)."""
    from budgetwatch.contract.schema import Frames

    return Frames(**dict(_parsed_sample().items()))


def tree_hashes(d: Path) -> dict[str, str]:
    """sha256 of every file under ``d``, by relative path."""
    return {p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def settings():
    from budgetwatch.config.settings import load_settings

    return load_settings()


def analysed_store(input_root: Path, data_dir: Path, settings) -> Path:
    """A store as a run leaves it (tables, derived tables, run metadata), built with the
    flow's plain functions and no Prefect server: for tests of the views over a store."""
    import polars as pl

    from budgetwatch.flows.core import analyze
    from budgetwatch.sources.discover import inspect_files
    from budgetwatch.store import Store

    paths = sorted(p for p in input_root.rglob("*") if p.is_file())
    result = analyze(paths, input_root, settings)
    files = inspect_files(paths, input_root)
    store = Store(data_dir)
    store.commit_batch(result.frames, result.residuals, pl.DataFrame({
        "source_file": [f.source_file for f in files], "sha256": [f.sha256 for f in files]}))
    store.write_derived({**result.comparisons, "flags": result.flags})
    store.write_run({"run_id": "20240101T000000Z-test", "kind": "run", "status": "completed",
                     "input_dir": str(input_root), "files_seen": len(files),
                     "files_parsed": [f.source_file for f in files], "files_unchanged": 0})
    return data_dir
def residual_rows(*rows: tuple) -> pl.DataFrame:
    """Gate residual rows (contract.stored.RESIDUALS) from (check_id, kind, subject,
    expected, actual, passed, source_line) tuples; residual = actual − expected."""
    return conform(pl.DataFrame([
        {"doc_id": "a", "check_id": c, "kind": k, "subject": subj, "expected": Decimal(e),
         "actual": Decimal(a), "residual": Decimal(a) - Decimal(e), "passed": ok,
         "source_line": line, "explanation": subj} for c, k, subj, e, a, ok, line in rows]),
        RESIDUALS)
