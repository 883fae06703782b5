"""Shared test helpers."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl

from budgetwatch.expectations.residuals import RESIDUALS
from budgetwatch.transforms.schema import conform

# The real 2024 county budget the project started from, shipped as the demo's package data.
SAMPLE_PATH = Path(__file__).resolve().parents[1] / "synth" / "data" / "000_e9dd90ecd9c1084d.txt"


def residual_rows(*rows: tuple) -> pl.DataFrame:
    """Gate residual rows (expectations.residuals.RESIDUALS) from (check_id, kind, subject,
    expected, actual, passed, source_line) tuples; residual = actual − expected."""
    return conform(pl.DataFrame([
        {"doc_id": "a", "check_id": c, "kind": k, "subject": subj, "expected": Decimal(e),
         "actual": Decimal(a), "residual": Decimal(a) - Decimal(e), "passed": ok,
         "source_line": line, "explanation": subj} for c, k, subj, e, a, ok, line in rows]),
        RESIDUALS)
