"""Anomaly detection: deterministic rules + isolation forests → one ranked FLAGS table.

Every rule and model is an entry of ``detection.registry.RULES`` (id, kind, default severity,
doc anchor, function); docs/rules.md documents each. Thresholds and model parameters live in
the ``detection`` section of the config.
"""
from __future__ import annotations

import polars as pl

from budgetwatch.config.settings import ConfigError, Settings
from budgetwatch.contract.schema import Frames
from budgetwatch.detection.flagset import assemble, department_sizes
from budgetwatch.detection.registry import RULES, function


def detect(frames: Frames, residuals: pl.DataFrame, comparisons: dict[str, pl.DataFrame],
           settings: Settings) -> pl.DataFrame:
    """Ranked flags (contract.schema.FLAGS, rank 1 = most important) for ``frames``."""
    cfg = settings.detection
    unknown = sorted(set(cfg.severities) - set(RULES))
    if unknown:
        raise ConfigError(f"detection.severities: unknown rule id(s) {', '.join(unknown)} "
                          "(see docs/rules.md)")
    inputs = {
        "frames": frames, "residuals": residuals, "findings": frames.findings,
        "line_items": frames.line_items, "projects": frames.projects,
        "indicators": frames.indicators, "documents": frames.documents,
        "narrative_figures": frames.narrative_figures,
        "yoy_claims": comparisons.get("yoy_claims"),
        "department_history": comparisons.get("department_history"),
        "comparisons": comparisons, "cfg": cfg,
    }
    parts: list[pl.DataFrame] = []
    run: set[tuple] = set()
    for entry in RULES.values():  # a function emitting several rules runs once
        if (entry.function, entry.inputs) in run:
            continue
        run.add((entry.function, entry.inputs))
        parts += function(entry)(*(inputs[name] for name in entry.inputs))
    return assemble(parts, frames.documents, department_sizes(frames.line_items),
                    dict(cfg.severities), frames.findings, frames.line_items)
