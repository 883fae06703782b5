"""Flags from what earlier steps already measured: failed gate residuals and parser findings.

The identities themselves are computed by expectations.residuals; here every failed
warning-grade residual becomes a flag (never recomputed), a residual whose two sides differ by
the 元/万元 factor becomes a unit_mismatch, and the parser's name_mismatch findings (printed
name ≠ catalogue name for the code) and repeated_sentence findings (a clause the narrative
prints twice) become info flags.
"""

from __future__ import annotations

import polars as pl

from budgetwatch.config.settings import DetectionSettings
from budgetwatch.detection.flagset import finish
from budgetwatch.detection.rules_projects import own_projects


def _unit_pair(a: pl.Expr, b: pl.Expr, cfg: DetectionSettings) -> pl.Expr:
    """The two amounts differ by the 元/万元 factor (either way, ± unit_ratio_slack)."""
    ratio = pl.when(a.abs() > 0).then(b / a)
    slack = cfg.unit_ratio * cfg.unit_ratio_slack
    return (
        ((ratio - cfg.unit_ratio).abs() <= slack) | ((1 / ratio - cfg.unit_ratio).abs() <= slack)
    ).fill_null(False)


# a title saying the table includes transfer payments: （含转移支付项目）, 包含转移支付 (not 不含)
_WITH_TRANSFERS = r"(?:^|[^不])含[^()（）]{0,4}转移支付"


def _passed_on(failed: pl.DataFrame, projects: pl.DataFrame | None) -> pl.DataFrame:
    """doc_id of the failed X9 (Σ project 预算数 above 项目支出) that money the department passes
    on explains: its own projects (rules_projects.own_projects: none named as passed on, 转移支付
    …) are within 项目支出 (1 分 a project), or exceed it by more than all of it — the
    绩效目标表 covers 专项 money beyond the department's own (real_more 332: 25 projects Σ
    40,481.83 on 项目支出 798.28; 333: 70,957.85 = 68,957.85 + a 转移支付 of 2,000.00). A lone
    project above 项目支出 by less than all of it is a finding (seed 11 of tests/gen_alt.py:
    147.43 printed 208.43). So is any excess of a table whose printed title says it includes
    transfer payments (广州 项目支出绩效目标表（含转移支付项目）): which of its projects are transfers
    it does not say, so no sum of them is the department's own."""
    x9 = failed.filter(pl.col("check_id") == "X9").select(
        "doc_id", _own=pl.col("expected").cast(pl.Float64)
    )
    if x9.is_empty() or projects is None or projects.is_empty():
        return x9.select("doc_id").clear()  # nothing to explain it by
    own = own_projects(
        projects.filter(pl.col("budget_wan").is_not_null()).with_columns(
            _b=pl.col("budget_wan").cast(pl.Float64)
        )
    )
    sums = own.group_by("doc_id").agg(
        _s=pl.col("_b").sum(),
        _n=pl.len(),
        _t=pl.col("table_title").fill_null("").str.contains(_WITH_TRANSFERS).any(),
    )
    excess = pl.col("_s").fill_null(0) - pl.col("_own")
    return (
        x9.join(sums, on="doc_id", how="left")
        .filter(
            (excess <= pl.col("_n").fill_null(0) * 0.01 + 1e-9)
            | (excess > pl.col("_own"))
            | pl.col("_t").fill_null(False)
        )
        .select("doc_id")
    )


def residual_flags(
    residuals: pl.DataFrame, cfg: DetectionSettings, projects: pl.DataFrame | None = None
) -> list[pl.DataFrame]:
    """gate:<kind> for every failed residual; unit_mismatch besides where its sides differ by
    the 元/万元 factor. The money at stake is the residual, or for a unit slip the smaller
    side (the true amount: 4.80 万元, not the 47,995 the two sides differ by). A failed X9 that
    the money a department passes on explains (``_passed_on``) is no flag."""
    failed = residuals.filter(~pl.col("passed").fill_null(True))
    failed = failed.join(
        _passed_on(failed, projects).with_columns(_x9=pl.lit("X9")),
        left_on=["doc_id", "check_id"],
        right_on=["doc_id", "_x9"],
        how="anti",
    )
    if failed.is_empty():
        return []
    exp = pl.col("expected").cast(pl.Float64)
    act = pl.col("actual").cast(pl.Float64)
    unit = _unit_pair(exp, act, cfg)
    # a cross-table residual names its expected side only in its subject ("a/code/col~b/col",
    # "projects/Σbudget_wan~b/合计/col"): read here once, where the flag is built (RESIDUALS
    # has no column for it); a within-table one ("t/code/total~basic+project") names none
    other = pl.col("subject").str.extract_groups(
        r"~([a-z][a-z0-9_]*)/(?:[^/~]+/)?([a-z][a-z0-9_]*)$"
    )
    base = failed.with_columns(
        expected=pl.col("expected").cast(pl.String),
        actual=pl.col("actual").cast(pl.String),
        expected_wan="expected",
        actual_wan="actual",
        expected_table_id=other.struct[0],
        expected_column_id=other.struct[1],
        stake_wan=pl.when(unit)
        .then(pl.min_horizontal(exp.abs(), act.abs()))
        .otherwise(pl.col("residual").cast(pl.Float64).abs()),
        subject=pl.col("check_id") + ":" + pl.col("subject").fill_null(""),
        _unit=unit,
    )
    out = [finish(g, f"gate:{kind}") for (kind,), g in base.group_by("kind", maintain_order=True)]
    units = base.filter(pl.col("_unit")).with_columns(
        explanation=pl.format(
            "the two sides differ by a factor of {} — an amount printed in 元 "
            "under a 万元 header: {}",
            pl.lit(int(cfg.unit_ratio)),
            pl.col("explanation"),
        )
    )
    if units.height:
        out.append(finish(units, "unit_mismatch"))
    return out


def name_flags(findings: pl.DataFrame) -> list[pl.DataFrame]:
    rows = findings.filter(pl.col("kind") == "name_mismatch")
    if rows.is_empty():
        return []
    rows = rows.with_columns(  # the finding's table_id and code are the flag's
        subject=pl.col("table_id").fill_null("") + "/" + pl.col("code").fill_null(""),
        expected=pl.col("message").str.extract(r"catalogue '([^']*)'"),
        actual=pl.col("message").str.extract(r"printed '([^']*)'"),
        explanation=pl.format("{} (line {})", pl.col("message"), pl.col("source_line")),
    )
    return [finish(rows, "name_mismatch")]


def repetition_flags(findings: pl.DataFrame) -> list[pl.DataFrame]:
    rows = findings.filter(pl.col("kind") == "repeated_sentence")
    if rows.is_empty():
        return []
    clause = pl.col("message").str.extract(r"repeats '([^']*)'")
    rows = rows.with_columns(
        subject=pl.format("narrative/{}/{}", pl.col("source_line"), clause),
        expected=pl.lit("each sentence once"),
        actual=clause,
        explanation=pl.format("{} (line {})", pl.col("message"), pl.col("source_line")),
    )
    return [finish(rows, "copy_paste_narrative")]


def claim_flags(yoy_claims: pl.DataFrame | None, cfg: DetectionSettings) -> list[pl.DataFrame]:
    """The narrative's 比上年增减 claims that the previous document does not bear out
    (comparison.yoy_claims, passed = false); claims without a previous document are not judged."""
    if yoy_claims is None or yoy_claims.is_empty():
        return []
    # a table printed in 元 under 万元 (last year's or this year's) makes every claim about it
    # fail; that is the document's unit_mismatch, flagged there, not a wrong sentence here
    this, prev = pl.col("this_year_wan").cast(pl.Float64), pl.col("prev_year_wan").cast(pl.Float64)
    claimed = pl.col("claimed_wan").cast(pl.Float64)
    # what the claim says last year was, and this year is (1.20 + 0.02 against 12200 in 元)
    implied_prev, implied_this = this - claimed, prev + claimed
    other_units = (
        _unit_pair(this, prev, cfg)
        | _unit_pair(implied_prev, prev, cfg)
        | _unit_pair(implied_this, this, cfg)
    )
    failed = yoy_claims.filter(
        (pl.col("passed") == False)  # noqa: E712 (null = not judged)
        & ~other_units
    )
    if failed.is_empty():
        return []
    failed = failed.with_columns(
        subject=pl.format("claim/{}", pl.col("label")),
        expected=pl.col("actual_change_wan").cast(pl.String),
        actual=pl.coalesce(pl.col("claimed_wan").cast(pl.String), pl.col("change_claim")),
        expected_wan="actual_change_wan",
        actual_wan="claimed_wan",
        # a stated amount: how far it is off; a stated direction: the change it denies
        stake_wan=pl.coalesce(pl.col("residual_wan"), pl.col("actual_change_wan"))
        .cast(pl.Float64)
        .abs(),
    )
    return [finish(failed, "yoy_claim")]
