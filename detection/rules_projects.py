"""Project rules: a 绩效目标表's 成本指标 and 资金支出计划 against its own 预算数.

Both figures are printed by the same office in the same block as the 预算数, so a difference
beyond rounding (money_tolerance_wan) means one of the three numbers is wrong.
"""
from __future__ import annotations

import polars as pl

from config.settings import DetectionSettings
from detection.flagset import finish, fmt_wan
from transforms.schema import AMOUNT



def _to_wan(value: pl.Expr, unit: pl.Expr) -> pl.Expr:
    f = value.cast(pl.Float64)
    return (pl.when(unit == "万元").then(f).when(unit == "元").then(f / 10000)
            .when(unit == "亿元").then(f * 10000))


def spending_plan_flags(projects: pl.DataFrame, documents: pl.DataFrame,
                        cfg: DetectionSettings) -> list[pl.DataFrame]:
    """The last filled cumulative figure of 资金支出计划 (12月底 normally) must be the 预算数.
    The plan is kept as printed, in the document's unit; 预算数 is already in 万元."""
    plan = projects.join(documents.select("doc_id", "unit"), on="doc_id", how="left").with_columns(
        _last=pl.col("spending_plan").list.eval(
            pl.element().str.replace_all(r"[,\s]", "").filter(pl.element() != "")).list.last())
    # compare in the printed unit, exactly: 预算数 (万元) × 10000 for a document in 元
    per_wan = pl.when(pl.col("unit") == "元").then(pl.lit(10000)).otherwise(pl.lit(1))
    tolerance = pl.lit(cfg.money_tolerance_wan).cast(AMOUNT) * per_wan
    plan = plan.with_columns(
        _last_num=pl.col("_last").cast(AMOUNT, strict=False),
        _budget_printed=(pl.col("budget_wan") * per_wan).cast(AMOUNT),
    ).filter(
        pl.col("_last_num").is_not_null() & pl.col("budget_wan").is_not_null()
        & ((pl.col("_last_num") - pl.col("_budget_printed")).abs() > tolerance))
    if plan.is_empty():
        return []
    plan = plan.with_columns(
        subject=pl.col("project_code"), expected=fmt_wan("budget_wan"), actual=pl.col("_last"),
        score=((pl.col("_last_num") - pl.col("_budget_printed")).abs() / per_wan).cast(pl.Float64),
        explanation=pl.format("项目{}「{}」预算数 {} 万元 but its 资金支出计划 ends at {} (line {})",
                              pl.col("project_no"), pl.col("project_name"), fmt_wan("budget_wan"),
                              pl.col("_last"), pl.col("source_line")))
    return [finish(plan, "spending_plan_mismatch", "spending_plan_mismatch",
                   cfg.severities.get("spending_plan_mismatch", "warning"))]


def cost_indicator_flags(projects: pl.DataFrame, indicators: pl.DataFrame,
                         cfg: DetectionSettings) -> list[pl.DataFrame]:
    """A 成本指标 whose money differs from 预算数, or that states no money at all (≥95%)."""
    cost = indicators.filter(pl.col("level2").str.contains("成本")).join(
        projects.select("doc_id", "project_code", "project_no", "project_name", "budget_wan"),
        on=["doc_id", "project_code"], how="inner")
    cost = cost.with_columns(_wan=_to_wan(pl.col("value_number"), pl.col("value_unit")),
                             _budget=pl.col("budget_wan").cast(pl.Float64))
    money_diff = pl.col("_wan").is_not_null() & ((pl.col("_wan") - pl.col("_budget")).abs()
                                                 > cfg.money_tolerance_wan)
    # a number in another unit (%, 人 …) where money belongs; a sentence without a number is
    # only a vague target, left to boilerplate_indicator
    not_money = pl.col("_wan").is_null() & pl.col("value_number").is_not_null()
    bad = cost.filter(money_diff | not_money)
    if bad.is_empty():
        return []
    bad = bad.with_columns(
        subject=pl.col("project_code") + "/" + pl.col("level3").fill_null(""),
        expected=fmt_wan("budget_wan"), actual=pl.col("value_raw"),
        score=pl.when(pl.col("_wan").is_not_null())
        .then((pl.col("_wan") - pl.col("_budget")).abs()).otherwise(pl.col("_budget")),
        explanation=pl.when(pl.col("_wan").is_not_null()).then(pl.format(
            "项目{}「{}」成本指标「{}」states {} but 预算数 is {} 万元 (line {})",
            pl.col("project_no"), pl.col("project_name"), pl.col("level3"), pl.col("value_raw"),
            fmt_wan("budget_wan"), pl.col("source_line"))).otherwise(pl.format(
            "项目{}「{}」成本指标「{}」states {}, not money; 预算数 is {} 万元 (line {})",
            pl.col("project_no"), pl.col("project_name"), pl.col("level3"), pl.col("value_raw"),
            fmt_wan("budget_wan"), pl.col("source_line"))))
    return [finish(bad, "cost_indicator_mismatch", "cost_indicator_mismatch",
                   cfg.severities.get("cost_indicator_mismatch", "warning"))]
