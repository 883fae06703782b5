"""Peer statistics: departments of the same kind in the same year, per line."""
from __future__ import annotations

import polars as pl

from config.settings import Settings

# 1.4826 × MAD estimates the standard deviation for normal data; when more than half the
# peers print the same amount MAD is 0 and the mean absolute deviation (× √(π/2) ≈ 1.2533)
# takes over, so one outlier among identical peers is still scored.
MAD_SCALE = 1.4826
MEAN_AD_SCALE = 1.2533

PEERS = {
    "fiscal_year": pl.Int32, "kind": pl.String, "doc_kind": pl.String, "table_id": pl.String,
    "side": pl.String, "code": pl.String, "name": pl.String, "name_key": pl.String,
    "column_id": pl.String, "peer_count": pl.UInt32, "median_wan": pl.Float64,
    "mad_wan": pl.Float64, "department_key": pl.String, "doc_id": pl.String,
    "amount_wan": pl.Decimal(20, 6), "robust_z": pl.Float64, "percentile": pl.Float64,
}


def build_peers(lines: pl.DataFrame, history: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Per (year, kind, line): peer_count, median, MAD and each department's amount,
    robust z-score ((x − median) / (1.4826·MAD)) and percentile (share of peers with an
    amount ≤ its own, %). Peers are the departments printing the line; a group with fewer
    than comparison.min_peers departments gets no statistics (no rows).

    Years are independent here: built one year at a time (bounded memory), in year order,
    which is the sort's first key."""
    lines = lines.filter(pl.col("table_id").is_in(settings.comparison.peer_tables))
    years = lines["fiscal_year"].unique().sort()
    if years.is_empty():
        return pl.DataFrame(schema=PEERS)
    return pl.concat([_peers(lines.filter(pl.col("fiscal_year") == y), history, settings)
                      for y in years])


def _peers(lines: pl.DataFrame, history: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    group = ["fiscal_year", "kind", "doc_kind", "table_id", "side", "code", "name_key",
             "column_id"]
    x = pl.col("amount_f")
    data = (
        lines.join(history.select("doc_id", "kind"), on="doc_id", how="inner")
        .group_by([*group, "department_key", "doc_id"])
        .agg(pl.col("amount_wan").sum(), pl.col("name").first())
        .with_columns(amount_f=pl.col("amount_wan").cast(pl.Float64))
        .with_columns(peer_count=pl.len().over(group).cast(pl.UInt32))
        .filter(pl.col("peer_count") >= settings.comparison.min_peers)
        .with_columns(median_wan=x.median().over(group))
        .with_columns(dev=(x - pl.col("median_wan")).abs())
        .with_columns(mad_wan=pl.col("dev").median().over(group),
                      mean_ad=pl.col("dev").mean().over(group))
    )
    scale = (pl.when(pl.col("mad_wan") > 0).then(MAD_SCALE * pl.col("mad_wan"))
             .otherwise(MEAN_AD_SCALE * pl.col("mean_ad")))
    return data.with_columns(
        robust_z=pl.when(scale > 0).then((x - pl.col("median_wan")) / scale).otherwise(0.0),
        percentile=x.rank("max").over(group).cast(pl.Float64) / pl.col("peer_count") * 100,
    ).select(list(PEERS)).cast(PEERS).sort([*group, "department_key"])
