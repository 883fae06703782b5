"""Anomaly detection: deterministic rules + isolation forests → one ranked FLAGS table.

Rules and thresholds are documented in docs/rules.md; thresholds and weights live in the
``detection`` section of the config.
"""
from __future__ import annotations

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.detection.flagset import assemble
from budgetwatch.detection.models import indicator_flags, line_item_flags, project_flags
from budgetwatch.detection.rules_documents import duplicate_document_flags
from budgetwatch.detection.rules_gates import (
    claim_flags,
    name_flags,
    repetition_flags,
    residual_flags,
)
from budgetwatch.detection.rules_indicators import (
    boilerplate_flags,
    copy_paste_flags,
    label_value_flags,
)
from budgetwatch.detection.rules_projects import (
    cost_indicator_flags,
    project_function_flags,
    spending_plan_flags,
)
from budgetwatch.detection.rules_text import stale_year_flags
from budgetwatch.transforms.schema import Frames


def detect(frames: Frames, residuals: pl.DataFrame, comparisons: dict[str, pl.DataFrame],
           settings: Settings) -> pl.DataFrame:
    """Ranked flags (transforms.schema.FLAGS, rank 1 = most important) for ``frames``."""
    cfg = settings.detection
    parts = [
        *residual_flags(residuals, cfg),
        *claim_flags(comparisons.get("yoy_claims"), cfg),
        *name_flags(frames.findings, cfg),
        *repetition_flags(frames.findings, cfg),
        *spending_plan_flags(frames.projects, frames.documents, cfg),
        *cost_indicator_flags(frames.projects, frames.indicators, cfg),
        *project_function_flags(frames.line_items, frames.projects, cfg),
        *boilerplate_flags(frames.indicators, cfg),
        *label_value_flags(frames.indicators, cfg),
        *copy_paste_flags(frames.indicators, frames.projects, frames.documents, cfg,
                          comparisons.get("department_history")),
        *stale_year_flags(frames, cfg),
        *duplicate_document_flags(frames, cfg),
        *line_item_flags(comparisons, settings.comparison.peer_tables, cfg),
        *project_flags(frames.projects, frames.documents, cfg),
        *indicator_flags(frames.indicators, frames.projects, cfg),
    ]
    return assemble(parts, frames.documents)
