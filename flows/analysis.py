"""Comparison and detection over the store: the step after the last batch is committed.

Plain functions, no Prefect: ``flows.pipeline`` wraps ``analyse_store`` in a task, and
``flows.core.analyze`` calls ``compare_and_detect`` on frames held in memory.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import FLAGS, Frames, conform
from budgetwatch.store import Store
from budgetwatch.store.reviews import changes, first_runs


def loaded(frames: Frames) -> Frames:
    return frames.filter_docs(
        frames.documents.filter(pl.col("status") == "loaded")["doc_id"])


def compare_and_detect(frames: Frames, residuals: pl.DataFrame, settings: Settings
                       ) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Comparison tables and ranked flags over the loaded documents of ``frames`` (all years:
    multi-year comparison needs them together)."""
    from budgetwatch.comparison import build_comparisons
    from budgetwatch.detection import detect

    frames = loaded(frames)
    residuals = residuals.filter(pl.col("doc_id").is_in(frames.documents["doc_id"].implode()))
    comparisons = build_comparisons(frames, settings)
    flags = detect(frames, residuals, comparisons, settings)
    return comparisons, conform(flags, FLAGS)


def analyse_store(data_dir: Path, settings: Settings, run_id: str) -> dict:
    """Rebuild the comparison tables and flags from the store; returns the run's detection
    summary (flag counts, what changed, the forests' description)."""
    store = Store(data_dir)
    # detection turns failed residuals into flags; the passed ones (most rows) stay on disk
    failed = store.read("residuals", where=~pl.col("passed").fill_null(True))
    frames = loaded(store.frames())
    comparisons, flags = compare_and_detect(frames, failed, settings)
    before = store.read("flags")
    seen = first_runs(flags, before, store.read("flag_runs"), run_id)
    store.write_derived({**comparisons, "flags": flags, "flag_runs": seen})
    from budgetwatch.detection.models import describe, fit_models, save_models

    # the run's forests, fitted on all its reference rows, kept beside its other outputs
    save_models(fit_models(frames, comparisons, settings.detection),
                settings.resolve(settings.pipeline.outputs_dir) / run_id)

    return {"flags": flags.height,
            "flags_by_severity": dict(sorted(flags.group_by("severity").len().iter_rows())),
            **changes(flags, before),
            # each forest's parameters, features and floor (docs/rules.md, Models)
            "models": describe(settings.detection)}
