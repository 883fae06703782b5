"""Isolation forests over line items and indicators, each flag explained in numbers.

Features are built with polars; only the final matrix goes to scikit-learn. Scores are
``-score_samples`` (higher = more unusual). A forest alone flags the oddest ``contamination``
share of any batch, odd or not, so a line-item flag also needs a change or peer distance a
person would call large (``min_yoy_ratio``, ``min_peer_z``); the forest orders, the floor
keeps clean batches quiet.
"""
from __future__ import annotations

import math

import numpy as np
import polars as pl

from budgetwatch.config.settings import DetectionSettings
from budgetwatch.detection.flagset import finish
from budgetwatch.detection.indicator_kinds import (
    is_question,
    kind_fits,
    restates_label,
    with_kinds,
)
from budgetwatch.transforms.schema import department_key

LINE_FEATURES = ["log_amount", "share", "log_change", "peer_z", "log_peer", "basic_z",
                 "log_basic_peer"]
INDICATOR_FEATURES = ["misfit", "shared_kinds", "restates", "question", "empty", "money_distance"]
LINE_KEYS = ["doc_id", "table_id", "side", "code", "name_key", "column_id"]
PEER_COLUMNS = ["robust_z", "median_wan", "basic_ratio", "basic_ratio_median", "basic_ratio_z"]


def _forest_scores(x: np.ndarray, cfg: DetectionSettings) -> np.ndarray:
    from sklearn.ensemble import IsolationForest

    forest = IsolationForest(n_estimators=cfg.n_estimators, contamination=cfg.contamination,
                             random_state=cfg.random_state)
    forest.fit(x)
    return -forest.score_samples(x)


def line_item_features(comparisons: dict[str, pl.DataFrame], tables: list[str],
                       min_amount: float) -> pl.DataFrame:
    """One row per (department, year, table, code or named row, column) with an amount: log
    amount, share of the department's total, log change against its previous document, robust
    z and log ratio against peers of the same line and year, and robust z and log ratio of the
    amount per 万元 of 基本支出 against the same of those peers (0 where there is none)."""
    my = comparisons.get("multiyear")
    if my is None or my.is_empty():
        return pl.DataFrame()
    used = ["department_key", "fiscal_year", "name", "source_line", "amount_wan", "prev_amount_wan"]
    rows = my.select(*LINE_KEYS, *used).filter(
        pl.col("table_id").is_in(tables) & pl.col("amount_wan").is_not_null()).with_columns(
        amount=pl.col("amount_wan").cast(pl.Float64),
        prev=pl.col("prev_amount_wan").cast(pl.Float64)).filter(pl.col("amount") >= min_amount)
    totals = (my.filter((pl.col("table_id") == "expenditure_summary") & (pl.col("code").fill_null("") == "")
                        & (pl.col("column_id") == "total"))
              .group_by("doc_id").agg(doc_total=pl.col("amount_wan").cast(pl.Float64).max()))
    peers = comparisons.get("peers", pl.DataFrame())
    if peers.height:
        rows = rows.join(peers.select(*LINE_KEYS, *PEER_COLUMNS), on=LINE_KEYS, how="left",
                         nulls_equal=True)
    else:
        rows = rows.with_columns(*[pl.lit(None, pl.Float64).alias(c) for c in PEER_COLUMNS])
    return rows.join(totals, on="doc_id", how="left").with_columns(
        log_amount=(pl.col("amount") + 1).log(),
        share=(pl.col("amount") / pl.col("doc_total")).fill_null(0).fill_nan(0),
        log_change=((pl.col("amount") + 1) / (pl.col("prev") + 1)).log().fill_null(0),
        peer_z=pl.col("robust_z").fill_null(0).clip(-50, 50),
        log_peer=((pl.col("amount") + 1) / (pl.col("median_wan") + 1)).log().fill_null(0),
        basic_z=pl.col("basic_ratio_z").fill_null(0).clip(-50, 50),
        log_basic_peer=pl.when((pl.col("basic_ratio") > 0) & (pl.col("basic_ratio_median") > 0))
        .then((pl.col("basic_ratio") / pl.col("basic_ratio_median")).log()).otherwise(0.0))


def _top(rows: pl.DataFrame, columns: list[str], cfg: DetectionSettings, floor: pl.Expr) -> pl.DataFrame:
    """Rows the forest puts in its top ``contamination`` share that also pass ``floor``."""
    rows = rows.with_columns(score=pl.Series(_forest_scores(rows.select(columns).to_numpy(), cfg)))
    cut = rows["score"].quantile(1 - cfg.contamination)
    return rows.filter((pl.col("score") >= cut) & floor)


def line_item_flags(comparisons: dict[str, pl.DataFrame], tables: list[str],
                    cfg: DetectionSettings) -> list[pl.DataFrame]:
    """peer_outlier: a line far from the same line of departments of the same kind and year,
    in money and per 万元 of the department's 基本支出, in every year the department prints it."""
    rows = line_item_features(comparisons, tables, cfg.min_line_amount_wan)
    if rows.height < 10:  # a forest over a handful of lines says nothing
        return []
    # a one-year spike is a yoy matter; a peer outlier stays far from its peers in every
    # document of the department that prints the line (at least min_peer_years of them)
    line = ["department_key", "table_id", "side", "code", "name_key", "column_id"]
    # far from peers in money, and as far per 万元 of 基本支出 the same way: a big department
    # is big on every line (its staff), an outlier is big on this line for its size
    far = ((pl.col("peer_z").abs() >= cfg.min_peer_z)
           & (pl.col("log_peer").abs() >= math.log(cfg.min_peer_ratio))
           & (pl.col("log_basic_peer").abs() >= math.log(cfg.min_peer_ratio))
           & (pl.col("log_peer").sign() == pl.col("log_basic_peer").sign()))
    rows = rows.with_columns(_persistent=far.all().over(line, mapping_strategy="group_to_rows")
                             & (pl.col("fiscal_year").n_unique().over(line) >= cfg.min_peer_years))
    hits = _top(rows, LINE_FEATURES, cfg, far & pl.col("_persistent"))
    if hits.is_empty():
        return []
    line = pl.coalesce(pl.col("code").replace("", None), pl.col("name_key"))
    hits = hits.with_columns(
        subject=pl.format("{}/{}/{}", pl.col("table_id"), pl.col("code").fill_null(""), pl.col("column_id")),
        expected=pl.col("median_wan").round(2).cast(pl.String), actual=pl.col("amount").round(2).cast(pl.String),
        explanation=pl.format(
            "{} {} {} ({}) {} 万元 vs peers' median {} (×{}, robust z {}); per 万元 of 基本支出 {} vs "
            "peers' {} (×{}); {} last year; {}% of the department's total (line {})",
            pl.col("table_id"), line, pl.col("name"), pl.col("column_id"), pl.col("amount").round(2),
            pl.col("median_wan").round(2), (pl.col("amount") / pl.col("median_wan")).round(1),
            pl.col("robust_z").round(1), pl.col("basic_ratio").round(3),
            pl.col("basic_ratio_median").round(3), pl.col("log_basic_peer").exp().round(1),
            pl.col("prev").round(2).cast(pl.String).fill_null("—"), (pl.col("share") * 100).round(1),
            pl.col("source_line")))
    return [finish(hits, "model:line_items", "peer_outlier", "warning")]


PROJECT_FEATURES = ["log_amount", "share", "log_change"]


def project_features(projects: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """One row per project and year: log 预算数, share of the document's project total, and log
    change against the same project code in the department's previous document."""
    rows = projects.join(documents.select("doc_id", "fiscal_year", dept=department_key()),
                         on="doc_id").with_columns(amount=pl.col("budget_wan").cast(pl.Float64)).filter(
        pl.col("amount").is_not_null())
    rows = rows.sort("dept", "project_code", "fiscal_year").with_columns(
        prev=pl.col("amount").shift(1).over("dept", "project_code"),
        prev_year=pl.col("fiscal_year").shift(1).over("dept", "project_code"))
    return rows.with_columns(
        log_amount=(pl.col("amount") + 1).log(),
        share=(pl.col("amount") / pl.col("amount").sum().over("doc_id")).fill_nan(0),
        log_change=((pl.col("amount") + 1) / (pl.col("prev") + 1)).log().fill_null(0))


def project_flags(projects: pl.DataFrame, documents: pl.DataFrame,
                  cfg: DetectionSettings) -> list[pl.DataFrame]:
    """yoy_change: a continuing project whose 预算数 moved by ×min_yoy_ratio or more."""
    rows = project_features(projects, documents)
    if rows.height < 10:
        return []
    hits = _top(rows, PROJECT_FEATURES, cfg, pl.col("prev").is_not_null()
                & (pl.col("log_change").abs() >= math.log(cfg.min_yoy_ratio)))
    if hits.is_empty():
        return []
    hits = hits.with_columns(
        subject=pl.format("projects/{}/budget_wan", pl.col("project_code")),
        expected=pl.col("prev").round(2).cast(pl.String), actual=pl.col("amount").round(2).cast(pl.String),
        explanation=pl.format(
            "项目{}「{}」预算数 {} 万元 vs {} in {} (×{}); {}% of this year's project total; typical "
            "change ×{}–×{} (line {})", pl.col("project_no"), pl.col("project_name"),
            pl.col("amount").round(2), pl.col("prev").round(2), pl.col("prev_year"),
            (pl.col("amount") / pl.col("prev")).round(2), (pl.col("share") * 100).round(1),
            pl.lit(round(1 / cfg.min_yoy_ratio, 2)), pl.lit(cfg.min_yoy_ratio), pl.col("source_line")))
    return [finish(hits, "model:projects", "yoy_change", "warning")]


def indicator_features(indicators: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    """Features that isolate boilerplate even where it is frequent: whether the value's kind fits
    the label's, how many kinds of label in the document print the same value, whether the value
    restates the description, is a question or a bare unit, and for money the |log| distance to
    the project's 预算数."""
    ind = with_kinds(indicators).join(projects.select("doc_id", "project_code", "budget_wan"),
                                      on=["doc_id", "project_code"], how="left")
    money = pl.col("_vkind") == "money"
    wan = pl.when(pl.col("value_unit") == "元").then(pl.col("value_number").cast(pl.Float64) / 10000) \
        .otherwise(pl.col("value_number").cast(pl.Float64))
    return ind.with_columns(
        misfit=(~kind_fits()).cast(pl.Float64),
        # one value printed for labels of several kinds (≥95% on rates, counts and years alike)
        shared_kinds=(pl.col("_asked").n_unique().over("doc_id", "value_raw") - 1).cast(pl.Float64),
        restates=restates_label().cast(pl.Float64),
        question=is_question().cast(pl.Float64),
        empty=(pl.col("_vkind") == "empty").cast(pl.Float64),
        money_distance=pl.when(money & (pl.col("budget_wan").cast(pl.Float64) > 0) & (wan > 0))
        .then((wan / pl.col("budget_wan").cast(pl.Float64)).log().abs()).otherwise(0.0))


def indicator_scores(features: pl.DataFrame, columns: list[str], cfg: DetectionSettings) -> np.ndarray:
    return _forest_scores(features.select(columns).fill_null(0).to_numpy(), cfg)


def indicator_flags(indicators: pl.DataFrame, projects: pl.DataFrame,
                    cfg: DetectionSettings) -> list[pl.DataFrame]:
    feats = indicator_features(indicators, projects)
    if feats.height < 10:
        return []
    # the typical row has every designed feature at 0: flag only rows that differ in one of them
    unusual = pl.any_horizontal([pl.col(c) > 0 for c in ("misfit", "restates", "question", "empty")]
                                ) | (pl.col("money_distance") > 0.01)
    hits = _top(feats, INDICATOR_FEATURES, cfg, unusual)
    if hits.is_empty():
        return []
    hits = hits.with_columns(
        subject=pl.col("project_code") + "/" + pl.col("indicator_no").cast(pl.String),
        expected=pl.col("_asked"), actual=pl.col("value_raw"),
        explanation=pl.format(
            "项目 {} 「{}」value「{}」(line {}): value kind {} vs label kind {}; the same value is printed "
            "for {} other kind(s) of label; restates description {}; question {}; |log(value/预算数)| {}"
            " — typical: kinds agree, 0 other kinds, no restatement, distance 0", pl.col("project_code"),
            pl.col("level3"), pl.col("value_raw"), pl.col("source_line"), pl.col("_vkind"),
            pl.col("_asked"), pl.col("shared_kinds").cast(pl.Int32), pl.col("restates").cast(pl.Boolean),
            pl.col("question").cast(pl.Boolean), pl.col("money_distance").round(2)))
    return [finish(hits, "model:indicators", "boilerplate_indicator", cfg.indicator_model_severity)]
