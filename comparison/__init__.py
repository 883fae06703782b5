"""Comparison step: multi-year, peer and department-identity tables (docs/comparison.md).

Only loaded documents are compared; everything is polars over the Frames of many
documents and years.
"""

from __future__ import annotations

import polars as pl

from budgetwatch.comparison.identity import (
    ComparisonError,
    compared_documents,
    department_history,
    document_kinds,
)
from budgetwatch.comparison.multiyear import (
    build_multiyear,
    build_yoy_claims,
    document_lines,
)
from budgetwatch.comparison.peers import build_peers, department_staff
from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import Frames

__all__ = ["ComparisonError", "build_comparisons"]


def build_comparisons(frames: Frames, settings: Settings) -> dict[str, pl.DataFrame]:
    """{"multiyear", "peers", "department_history", "yoy_claims"} for the loaded documents."""
    docs = compared_documents(frames)
    history = department_history(docs, document_kinds(docs, frames, settings))
    lines = document_lines(frames, history)
    return {
        "multiyear": build_multiyear(lines, history, settings.comparison.chunk_departments),
        "peers": build_peers(lines, history, settings, department_staff(frames.narrative_figures)),
        "department_history": history,
        "yoy_claims": build_yoy_claims(frames, history, settings),
    }
