"""model:composition — a department's economic composition against its peers (issue 18 item 5).

One row per document: its 基本支出 (基本支出表 合计 column, 款 rows summed by 类) split into 301
工资福利 and 302 商品和服务 — log(302 / 301), the running costs per 元 of pay, against the median
of the departments of its kind that year — and 302 per person against the peers' (where the
narrative states staff); a kind with fewer than ``min_peer_count`` departments is not judged
(unlike bodies are no peers). 303 (对个人和家庭的补助) is left out: it follows retirees, and a court
carrying 离休 costs is no outlier for it. No single line need be far from its peers — a department whose every 商品和服务
款 is three times the usual is below each line's floor (model:line_items asks ×4 per person
on one line) and moves no line against last year (yoy_line) — but its mix of spending is unlike
its peers'. What a rule cannot see, a forest fitted on the other departments' mixes can: a
document is unusual when the forest fitted on other departments (models._reference_fit)
predicts −1, in every year the department publishes (at least ``min_peer_years``), among at
least ``min_peer_count`` departments of its kind. The flag names the 类 whose share is most
above its peers' and the forest's strongest features.
"""

from __future__ import annotations

import math

import polars as pl

from budgetwatch.config.settings import DetectionSettings
from budgetwatch.detection.flagset import finish
from budgetwatch.detection.models import _reference_fit, forest_groups, strongest

ECONOMIC = "general_budget_basic_expenditure"
CLASSES = ("301", "302", "303")
COMPOSITION_FEATURES = ["log_302_301", "log_pp302"]


def composition_features(comparisons: dict[str, pl.DataFrame], min_peers: int) -> pl.DataFrame:
    """doc_id, department_key, fiscal_year, kind, s301…, their peers' medians, features."""
    my = comparisons.get("multiyear")
    hist = comparisons.get("department_history")
    if my is None or my.is_empty() or hist is None:
        return pl.DataFrame()
    rows = my.filter(
        (pl.col("table_id") == ECONOMIC)
        & (pl.col("column_id") == "total")
        & (pl.col("code").str.len_chars() == 5)
        & pl.col("amount_wan").is_not_null()
    )
    wide = (
        rows.group_by("doc_id")
        .agg(
            # summed as decimals, then made floats: a float sum's order (and so its last bits)
            # varies between runs of a parallel group_by, and the forest would see it
            basic=pl.col("amount_wan").sum().cast(pl.Float64),
            source_line=pl.col("source_line").min(),
            **{
                f"a{c}": pl.col("amount_wan")
                .filter(pl.col("code").str.starts_with(c))
                .sum()
                .cast(pl.Float64)
                for c in CLASSES
            },
        )
        .filter(pl.col("basic") > 0)
        .join(hist.select("doc_id", "department_key", "fiscal_year", "kind"), on="doc_id")
    )
    peers = comparisons.get("peers", pl.DataFrame())
    staff = (
        peers.select("doc_id", "staff").drop_nulls().unique("doc_id")
        if "staff" in peers.columns
        else pl.DataFrame(schema={"doc_id": pl.String, "staff": pl.Float64})
    )
    wide = wide.join(staff, on="doc_id", how="left").with_columns(
        **{f"s{c}": pl.col(f"a{c}") / pl.col("basic") for c in CLASSES},
        pp302=pl.when(pl.col("staff") > 0).then(pl.col("a302") / pl.col("staff")),
        _r=pl.when((pl.col("a302") > 0) & (pl.col("a301") > 0)).then(
            (pl.col("a302") / pl.col("a301")).log()
        ),
        _kind_n=pl.len().over("kind", "fiscal_year"),
    )
    # peers: the departments of its kind that year — never unlike bodies (a court against
    # offices): a kind with fewer than min_peers departments is not judged
    wide = wide.rename({"_kind_n": "peer_count"}).filter(pl.col("peer_count") >= min_peers)
    group = ["kind", "fiscal_year"]
    return wide.with_columns(
        **{f"m{c}": pl.col(f"s{c}").median().over(group) for c in CLASSES},
        mpp302=pl.col("pp302").median().over(group),
        log_302_301=(pl.col("_r") - pl.col("_r").median().over(group)).fill_null(0.0),
    ).with_columns(
        log_pp302=pl.when((pl.col("pp302") > 0) & (pl.col("mpp302") > 0))
        .then((pl.col("pp302") / pl.col("mpp302")).log())
        .otherwise(0.0)
    )


def composition_flags(
    comparisons: dict[str, pl.DataFrame],
    cfg: DetectionSettings,
    features: pl.DataFrame | None = None,
    reuse: dict | None = None,
) -> list[pl.DataFrame]:
    """``features``, ``reuse``: as models.line_item_flags'."""
    rows = composition_features(comparisons, cfg.min_peer_count) if features is None else features
    params = cfg.rules.of("model:composition")
    if rows.height < params.min_rows:
        return []
    reuse = reuse or {}
    x = rows.select(COMPOSITION_FEATURES).fill_null(0).to_numpy()
    judge = None if reuse.get("judged") is None else rows.select(reuse["judged"])[:, 0].to_numpy()
    score, unusual = _reference_fit(
        x,
        forest_groups(rows, "model:composition"),
        cfg.forests.composition,
        cfg.reference,
        judge,
        reuse.get("fitted"),
    )
    rows = rows.with_columns(score=pl.Series(score), _unusual=pl.Series(unusual))
    dept = "department_key"
    # upward only (spending less on running costs than peers is no alarm), as model:line_items,
    # and far enough above its peers to matter (the forest alone flagged a mix at 1.1×)
    above = pl.col("_unusual") & (pl.col("log_302_301") >= math.log(params.min_ratio_excess))
    hits = rows.filter(
        above.all().over(dept) & (pl.col("fiscal_year").n_unique().over(dept) >= cfg.min_peer_years)
    )
    if hits.is_empty():
        return []
    # named for the hits only, against every judged row
    hits = hits.with_columns(why=strongest(hits, COMPOSITION_FEATURES, cfg.strongest, x))
    hits = hits.with_columns(
        subject=pl.lit(f"{ECONOMIC}/302/share"),
        table_id=pl.lit(ECONOMIC),
        code=pl.lit("302"),
        expected=(pl.col("m302") * 100).round(1).cast(pl.String) + "%",
        actual=(pl.col("s302") * 100).round(1).cast(pl.String) + "%",
        # at stake: what 302 holds beyond its peers' share of this 基本支出
        stake_wan=((pl.col("s302") - pl.col("m302")) * pl.col("basic")).clip(lower_bound=0),
        explanation=pl.format(
            "基本支出 composition unlike its {} peers' (kind {}) in every year it publishes: 302 商品和服务支出 "
            "{} 万元 is {}% of 基本支出 {} 万元 (peers' median {}%), ×{} its 301 工资福利支出 {} "
            "(peers' median ×{}); strongest: {} (forest score {}, fitted on other departments; "
            "line {})",
            pl.col("peer_count") - 1,
            pl.col("kind"),
            pl.col("a302").round(2),
            (pl.col("s302") * 100).round(1),
            pl.col("basic").round(2),
            (pl.col("m302") * 100).round(1),
            (pl.col("a302") / pl.col("a301")).round(2),
            pl.col("a301").round(2),
            (pl.col("_r") - pl.col("log_302_301")).exp().round(2),
            pl.col("why"),
            pl.col("score").round(3),
            pl.col("source_line"),
        ),
    )
    return [finish(hits, "model:composition")]
