"""Peer statistics: departments of the same kind in the same year, per line."""

from __future__ import annotations

import polars as pl

from budgetwatch.comparison.multiyear import LINE_KEY
from budgetwatch.config.settings import Settings
from budgetwatch.contract.stored import LINE, PEERS

# 1.4826 × MAD estimates the standard deviation for normal data; when more than half the
# peers print the same amount MAD is 0 and the mean absolute deviation (× √(π/2) ≈ 1.2533)
# takes over, so one outlier among identical peers is still scored.
MAD_SCALE = 1.4826
MEAN_AD_SCALE = 1.2533


def department_staff(narrative_figures: pl.DataFrame) -> pl.DataFrame:
    """doc_id → staff: the narrative's 实有/在职 人数, else its 编制 人数 (null when neither)."""
    staff = narrative_figures.filter(
        pl.col("label").is_in(["headcount_actual", "headcount_authorised"])
        & (pl.col("quantity") > 0)
    )
    return (
        staff.sort("doc_id", "label")
        .group_by("doc_id", maintain_order=True)
        .agg(staff=pl.col("quantity").first().cast(pl.Float64))
    )


def department_basic(lines: pl.DataFrame) -> pl.DataFrame:
    """doc_id → basic_wan: the 支出总表 合计 row's 基本支出."""
    return (
        lines.filter(
            (pl.col("table_id") == "expenditure_summary")
            & (pl.col("code") == "")
            & (pl.col("name") == "合计")
            & (pl.col("column_id") == "basic")
        )
        .group_by("doc_id")
        .agg(basic_wan=pl.col("amount_wan").max().cast(pl.Float64))
    )


def build_peers(
    lines: pl.DataFrame,
    history: pl.DataFrame,
    settings: Settings,
    staff: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per (year, kind, line): peer_count, median, MAD and each department's amount,
    robust z-score ((x − median) / (1.4826·MAD)) and percentile (share of peers with an
    amount ≤ its own, %); and the same median and robust z for the amount per 万元 of the
    department's 基本支出 (basic_ratio), and per person of its staff (``staff``: doc_id → staff,
    department_staff; per-person statistics need min_peers peers that state their staff).
    Peers are the departments printing the line; a group with fewer than comparison.min_peers
    departments gets no statistics (no rows).

    Years are independent here: built one year at a time (bounded memory), in year order,
    which is the sort's first key."""
    years = lines["fiscal_year"].unique().sort()
    if years.is_empty():
        return pl.DataFrame(schema=PEERS)
    return pl.concat(
        [
            peer_statistics(
                peer_rows(lines.filter(pl.col("fiscal_year") == y), history, settings, staff),
                settings,
            )
            for y in years
        ]
    )


def robust_position(
    df: pl.DataFrame, x: str, group: list[str], median: str, z: str, mad: str = "_mad"
) -> pl.DataFrame:
    """Adds the group's median of ``x`` and each row's robust z against it (nulls ignored)."""
    df = df.with_columns(pl.col(x).median().over(group).alias(median))
    df = df.with_columns(_dev=(pl.col(x) - pl.col(median)).abs())
    df = df.with_columns(
        pl.col("_dev").median().over(group).alias(mad), _mean_ad=pl.col("_dev").mean().over(group)
    )
    scale = (
        pl.when(pl.col(mad) > 0)
        .then(MAD_SCALE * pl.col(mad))
        .otherwise(MEAN_AD_SCALE * pl.col("_mean_ad"))
    )
    position = pl.when(scale > 0).then((pl.col(x) - pl.col(median)) / scale).otherwise(0.0)
    return df.with_columns(pl.when(pl.col(x).is_not_null()).then(position).alias(z)).drop(
        "_dev", "_mean_ad"
    )


# one line of one kind of department in one year: the peers compared (detection's line-item
# forest groups its reference rows the same way)
PEER_GROUP = ["fiscal_year", "kind", *LINE_KEY[1:]]


# what the statistics are computed from: one row per (year, kind, line) and document, its
# amount and size, before the groups of too few peers are left out. An increment keeps these
# per (year, kind) and replaces only its changed departments' rows (flows/analysis.py).
PEER_ROWS = {
    c: PEERS[c]
    for c in [*PEER_GROUP[:2], *LINE, "department_key", "doc_id", "amount_wan"]
    + ["basic_wan", "staff"]
}
PEER_ORDER = [*PEER_GROUP, "department_key", "doc_id"]  # a total order of the rows


def peer_rows(
    lines: pl.DataFrame,
    history: pl.DataFrame,
    settings: Settings,
    staff: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The rows peer_statistics reads, of the documents of ``lines`` (document_lines) and
    ``history``: a document's rows depend on its own lines, kind and staff only."""
    basic = department_basic(lines)
    lines = lines.filter(pl.col("table_id").is_in(settings.comparison.peer_tables))
    if staff is None:
        staff = pl.DataFrame(schema={"doc_id": pl.String, "staff": pl.Float64})
    size = basic.join(staff, on="doc_id", how="full", coalesce=True)
    return (
        lines.join(history.select("doc_id", "kind"), on="doc_id", how="inner")
        .group_by(PEER_ORDER)
        .agg(pl.col("amount_wan").sum(), pl.col("name").first())
        .join(size, on="doc_id", how="left")
        .select(list(PEER_ROWS))
        .cast(PEER_ROWS)
        # a fixed row order: the groups' means below add in it (group_by's order varies, and
        # with it the last bit of robust_z where the MAD is 0: two runs differed in 22 rows)
        .sort(PEER_ORDER, nulls_last=True)
    )


def peer_statistics(rows: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The peers table of ``rows`` (peer_rows of whole (year, kind)s, in PEER_ORDER: a group's
    statistics read its own rows only)."""
    # each (year, kind, line) numbered once: the dozen windows below partition by one
    # integer, not by eight strings each
    group = ["_g"]
    data = (
        rows.with_columns(
            amount_f=pl.col("amount_wan").cast(pl.Float64),
            _g=pl.struct(PEER_GROUP).rank("dense"),
        )
        .with_columns(
            peer_count=pl.len().over(group).cast(pl.UInt32),
            basic_ratio=pl.when(pl.col("basic_wan") > 0).then(
                pl.col("amount_f") / pl.col("basic_wan")
            ),
            per_person=pl.when(pl.col("staff") > 0).then(pl.col("amount_f") / pl.col("staff")),
        )
        .filter(pl.col("peer_count") >= settings.comparison.min_peers)
        .with_columns(
            per_person=pl.when(
                pl.col("per_person").count().over(group) >= settings.comparison.min_peers
            ).then(pl.col("per_person"))
        )
    )
    data = robust_position(data, "amount_f", group, "median_wan", "robust_z", mad="mad_wan")
    data = robust_position(data, "basic_ratio", group, "basic_ratio_median", "basic_ratio_z")
    data = robust_position(data, "per_person", group, "per_person_median", "per_person_z")
    return (
        data.with_columns(
            percentile=pl.col("amount_f").rank("max").over(group).cast(pl.Float64)
            / pl.col("peer_count")
            * 100,
        )
        .select(list(PEERS))
        .cast(PEERS)
        # a total order (a department may print two documents of one kind in a year), so that
        # one kind's rows built alone are in the order a whole year's build gives them
        .sort(PEER_ORDER)
    )


def of_kinds(kinds: list[str | None]) -> pl.Expr:
    """Rows whose ``kind`` is one of ``kinds`` (None: a department of no known kind)."""
    known = pl.col("kind").is_in([k for k in kinds if k is not None])
    return known | pl.col("kind").is_null() if None in kinds else known.fill_null(False)
