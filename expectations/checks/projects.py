"""Project identities: X9 Σ project 预算数 ≤ 支出总表 项目支出, X10 预算数 = 财政资金 + 其他资金."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import Frames
from budgetwatch.contract.tables import TOTAL
from budgetwatch.expectations.checks.common import (
    INTERMEDIATE,
    ByColumn,
    ByTable,
    both_available,
)
from budgetwatch.expectations.checks.narrative import target_rows


def check_projects(frames: Frames, columns: ByColumn, avail: ByTable) -> pl.DataFrame:
    """X9: Σ project 预算数 = 支出总表 合计 项目支出; X10: each 预算数 = 财政资金 + 其他资金."""
    p = frames.projects
    sums = (
        p.filter(pl.col("budget_wan").is_not_null())
        .group_by("doc_id")
        .agg(
            actual=pl.col("budget_wan").sum(),
            n_terms=pl.len().cast(pl.Int32),
            source_line=pl.col("source_line").min(),
        )
    )
    # Σ projects = 项目支出 holds where every project publishes its table (guide); a document
    # publishing some (Fuzhou 157: 6 forms, 1,320.70 of 1,370.70) falls short by design, so
    # only a sum above 项目支出 is a finding — and only where 项目支出 is printed
    target = target_rows(columns, "expenditure_summary", "", "project", TOTAL)
    sums = (
        sums.join(target.select("doc_id", _t="table_amount"), on="doc_id", how="inner")
        .filter(pl.col("actual") >= pl.col("_t"))
        .drop("_t")
    )
    x9 = (
        both_available(sums, avail, "expenditure_summary")
        .join(target, on="doc_id", how="left")
        .select(
            "doc_id",
            pl.lit("X9").alias("check_id"),
            pl.lit("projects").alias("table_id"),
            pl.lit("").alias("code"),
            pl.lit("budget_wan").alias("column_id"),
            pl.lit("projects/Σbudget_wan~expenditure_summary/合计/project").alias("subject"),
            "actual",
            pl.col("table_amount").fill_null(Decimal(0)).alias("expected"),
            "n_terms",
            "source_line",
            pl.concat_str(
                [pl.lit("Σ"), pl.col("n_terms").cast(pl.String), pl.lit("个项目预算数")]
            ).alias("actual_desc"),
            pl.lit("支出总表 合计 项目支出").alias("expected_desc"),
        )
    )
    funded = p.filter(
        pl.col("budget_wan").is_not_null()
        & (pl.col("fiscal_funds_wan").is_not_null() | pl.col("other_funds_wan").is_not_null())
    )
    x10 = funded.select(
        "doc_id",
        pl.lit("X10").alias("check_id"),
        pl.lit("projects").alias("table_id"),
        pl.col("project_code").fill_null("").alias("code"),
        pl.lit("budget_wan").alias("column_id"),
        pl.concat_str(
            [pl.lit("projects/"), pl.col("project_code").fill_null(""), pl.lit("/budget_wan")]
        ).alias("subject"),
        pl.col("budget_wan").alias("actual"),
        (
            pl.col("fiscal_funds_wan").fill_null(Decimal(0))
            + pl.col("other_funds_wan").fill_null(Decimal(0))
        ).alias("expected"),
        pl.lit(2, pl.Int32).alias("n_terms"),
        "source_line",
        pl.concat_str(
            [pl.lit("项目 "), pl.col("project_code").fill_null(""), pl.lit(" 预算数")]
        ).alias("actual_desc"),
        pl.lit("财政资金+其他资金").alias("expected_desc"),
    )
    return pl.concat([x9.cast(INTERMEDIATE), x10.cast(INTERMEDIATE)])
