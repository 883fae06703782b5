"""What the office said about each flag, and which run first raised it.

- ``reviews.parquet`` (``REVIEWS``): append-only, one row per ``budgetwatch review``: the flag,
  what was decided (``confirmed`` / ``dismissed``, or ``note`` for a remark that decides
  nothing), by whom, when and why. A flag's state is its latest decision; rows are never
  changed or removed, so the file is the audit trail. Flag ids are stable across runs (a
  hash of the document and the finding), so a decision follows its flag from run to run.
- ``derived/flag_runs.parquet`` (``FLAG_RUNS``): for every current flag, the run that first
  raised it. A flag that disappears (resolved) and comes back later is new again.
"""

from __future__ import annotations

import polars as pl

from budgetwatch.contract.stored import FLAG_RUNS


def review_states(reviews: pl.DataFrame) -> pl.DataFrame:
    """flag_id → review_state (its latest decision; a note alone leaves it ``open``), the
    number of review rows and the latest note."""
    decided = (
        reviews.filter(pl.col("state") != "note")
        .group_by("flag_id")
        .agg(pl.col("state").last().alias("review_state"))
    )
    counts = reviews.group_by("flag_id").agg(
        pl.len().alias("reviews"), pl.col("note").drop_nulls().last().alias("review_note")
    )
    return counts.join(decided, on="flag_id", how="left").with_columns(
        pl.col("review_state").fill_null("open")
    )


def with_review(flags: pl.DataFrame, reviews: pl.DataFrame) -> pl.DataFrame:
    """``flags`` with ``review_state`` (open where never reviewed) and ``review_note``."""
    states = review_states(reviews).select("flag_id", "review_state", "review_note")
    return flags.join(states, on="flag_id", how="left", maintain_order="left").with_columns(
        pl.col("review_state").fill_null("open")
    )


def first_runs(
    flags: pl.DataFrame, previous_flags: pl.DataFrame, previous: pl.DataFrame, run_id: str
) -> pl.DataFrame:
    """FLAG_RUNS of ``flags``: ``run_id`` for a flag not among ``previous_flags``, else the
    run ``previous`` recorded (null for a flag older than these records)."""
    was = previous_flags.select("flag_id").unique().with_columns(_was=pl.lit(True))
    return (
        flags.select("flag_id")
        .unique(maintain_order=True)
        .join(previous, on="flag_id", how="left", maintain_order="left")
        .join(was, on="flag_id", how="left", maintain_order="left")
        .select(
            "flag_id",
            first_run_id=pl.when(pl.col("_was"))
            .then(pl.col("first_run_id"))
            .otherwise(pl.lit(run_id)),
        )
        .cast(FLAG_RUNS)
    )


def changes(flags: pl.DataFrame, previous_flags: pl.DataFrame) -> dict:
    """New (not among the previous flags) by severity with their ids, and resolved (gone
    since) — what a run reports and what `summary` opens with."""
    new = flags.join(previous_flags.select("flag_id"), on="flag_id", how="anti")
    resolved = previous_flags.join(flags.select("flag_id"), on="flag_id", how="anti")
    return {
        "new_flags": {
            "by_severity": dict(sorted(new.group_by("severity").len().iter_rows())),
            "ids": new.sort("rank", nulls_last=True)["flag_id"].to_list(),
        },
        "resolved_flags": {
            "count": resolved.height,
            "by_severity": dict(sorted(resolved.group_by("severity").len().iter_rows())),
            "ids": sorted(resolved["flag_id"].to_list()),
        },
    }
