"""corpus_outlier: an 经济分类 line far above the whole corpus per person, for a department whose
kind has too few departments to be compared with its peers.

model:line_items compares a line with departments of the same kind, which needs
``min_peer_count`` of them; a kind with fewer (one 文旅局 or three hospitals among sixty
departments) has no peer level, and a department whose 会议费 per person is ten times
everyone's was never found. The lines of ``staff_classes`` scale with staff in every kind of
department, so per person they can be set against all departments of the corpus — but unlike
departments differ legitimately more than departments of one kind (a 人大常委会办公厅 holds the
congress's sessions, a court does not), so the floor is stricter than the peers': a corpus of
at least ``min_corpus_departments`` departments stating their staff, × ``min_corpus_ratio``
its median per person and robust z ≥ ``min_corpus_z``, in every document of the department
that prints the line (at least ``min_peer_years``).
"""

from __future__ import annotations

import polars as pl

from budgetwatch.comparison.peers import department_staff, robust_position
from budgetwatch.config.settings import DetectionSettings
from budgetwatch.detection.flagset import finish

LINE = ["department_key", "doc_kind", "table_id", "code"]
YEAR = ["fiscal_year", "doc_kind", "table_id", "code"]


def corpus_lines(
    comparisons: dict[str, pl.DataFrame], narrative_figures: pl.DataFrame, cfg: DetectionSettings
) -> pl.DataFrame:
    """One row per (document, 经济分类 款 of ``staff_classes`` but not ``fixed_cost_codes``) of a
    department stating its staff: per person, the corpus's median per person and robust z that
    year, the number of departments of the corpus and of the department's kind printing it."""
    my, history = comparisons.get("multiyear"), comparisons.get("department_history")
    if my is None or my.is_empty() or history is None or history.is_empty():
        return pl.DataFrame()
    rows = my.filter(
        pl.col("table_id").is_in(cfg.peer_outlier_tables)
        & (pl.col("column_id") == "total")
        & (pl.col("code").str.len_chars() == 5)
        & pl.col("code").str.slice(0, 3).is_in(cfg.staff_classes)
        & ~pl.col("code").is_in(cfg.fixed_cost_codes)
        & (pl.col("amount_wan") > 0)
    ).select(
        "department_key",
        "doc_kind",
        "fiscal_year",
        "table_id",
        "code",
        "name",
        "doc_id",
        "source_line",
        amount=pl.col("amount_wan").cast(pl.Float64),
    )
    rows = (
        rows.join(history.select("doc_id", "kind"), on="doc_id")
        .join(department_staff(narrative_figures), on="doc_id")
        .with_columns(
            per_person=pl.col("amount") / pl.col("staff"),
            corpus_count=pl.col("department_key").n_unique().over(YEAR),
            kind_count=pl.col("department_key").n_unique().over([*YEAR, "kind"]),
        )
    )
    return robust_position(rows, "per_person", YEAR, "corpus_median", "corpus_z")


def corpus_outlier_flags(
    comparisons: dict[str, pl.DataFrame], narrative_figures: pl.DataFrame, cfg: DetectionSettings
) -> list[pl.DataFrame]:
    rows = corpus_lines(comparisons, narrative_figures, cfg)
    if rows.is_empty():
        return []
    far = (
        (pl.col("corpus_count") >= cfg.min_corpus_departments)
        & (pl.col("per_person") >= cfg.min_corpus_ratio * pl.col("corpus_median"))
        & (pl.col("corpus_z") >= cfg.min_corpus_z)
        & (pl.col("amount") >= cfg.min_line_amount_wan)
    )
    # only where the peers cannot judge: the kind too small in some year of the department
    hits = rows.filter(
        far.all().over(LINE)
        & (pl.col("fiscal_year").n_unique().over(LINE) >= cfg.min_peer_years)
        & (pl.col("kind_count") < cfg.min_peer_count).any().over(LINE)
    )
    if hits.is_empty():
        return []
    hits = hits.with_columns(
        subject=pl.format("{}/{}/total", pl.col("table_id"), pl.col("code")),
        expected=(pl.col("corpus_median") * pl.col("staff")).round(2).cast(pl.String),
        actual=pl.col("amount").round(2).cast(pl.String),
        column_id=pl.lit("total"),
        expected_wan=pl.col("corpus_median") * pl.col("staff"),
        actual_wan="amount",
        # at stake: what the line exceeds the corpus's per-person level for its staff by
        stake_wan=pl.col("amount") - pl.col("corpus_median") * pl.col("staff"),
        explanation=pl.format(
            "{} {} {} (total) {} 万元 for {} staff: {} per person vs the median {} of the {} "
            "departments of the corpus stating their staff (×{}, robust z {}) in every year the "
            "department prints it; its kind ({}) has {} department(s) printing the line this year, "
            "fewer than {} to compare with (line {})",
            pl.col("table_id"),
            pl.col("code"),
            pl.col("name"),
            pl.col("amount").round(2),
            pl.col("staff").cast(pl.Int64),
            pl.col("per_person").round(3),
            pl.col("corpus_median").round(3),
            pl.col("corpus_count"),
            (pl.col("per_person") / pl.col("corpus_median")).round(1),
            pl.col("corpus_z").round(1),
            pl.col("kind").fill_null("unknown"),
            pl.col("kind_count"),
            pl.lit(cfg.min_peer_count),
            pl.col("source_line"),
        ),
    )
    return [finish(hits, "corpus_outlier")]
