"""Pairing a 说明 with its tables by 本年收入, where names are missing or ambiguous (issue 22).

Many 说明 state one figure of the whole budget: 本年收入 (`我部门本年收入940.2万元`, label
``income_year``), not 收支 totals nor 基本/项目 (定州 2017: 公安消防大队, 公证处). Their tables print
it as the 收支总表's 本年收入合计 (the income side's own total, before 上年结转). So:

- a tables part that prints no name pairs with a narrative stating no total by that figure
  (`same_income`, as a stated total pairs it; the last resort: a total, or 基本 + 项目, comes
  first);
- a part matched by name to several of the other kind (one unit's tables in versions) keeps
  those whose 本年收入 agrees, where some do and some do not (`narrowed`); where every one
  agrees, or none, the pairing stays ambiguous and the ``companion_ambiguous`` finding names
  the candidates.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import Frames

_TOLERANCE_WAN = Decimal("0.01")  # 万元 printed to two decimals: half a cent, and a little slack
_YEAR_INCOME_ROW = r"^本年收入(?:合计)?$"


def year_incomes(frames: Frames) -> pl.DataFrame:
    """doc_id → income: a narrative's stated 本年收入 (the largest it states), a tables part's
    收支总表 本年收入合计 (the income side's uncoded row of that name)."""
    stated = (
        frames.narrative_figures.filter(pl.col("label") == "income_year")
        .group_by("doc_id")
        .agg(income=pl.col("amount_wan").max())
    )
    printed = (
        frames.line_items.filter(
            (pl.col("table_id") == "income_expenditure_summary")
            & (pl.col("side") == "income")
            & pl.col("code").fill_null("").eq("")
            & pl.col("name").str.replace_all(r"\s+", "").str.contains(_YEAR_INCOME_ROW)
        )
        .group_by("doc_id")
        .agg(income=pl.col("amount_wan").max())
        .join(stated, on="doc_id", how="anti")
    )
    return pl.concat([stated, printed])


def same_income() -> pl.Expr:
    """Over (tables, narrative) pairs with ``income``/``income_n`` and the narrative's stated
    ``total_n``: the narrative states no total and its 本年收入 is the tables' 本年收入合计."""
    return (
        pl.col("total_n").is_null()
        & ((pl.col("income") - pl.col("income_n")).abs() <= _TOLERANCE_WAN)
        & (pl.col("income") > 0)
    ).fill_null(False)


def narrowed(cands: pl.DataFrame, parts: pl.DataFrame) -> pl.DataFrame:
    """``cands`` (tables, narrative) without the candidates whose 本年收入 disagrees with the
    part they would pair with, for a part that has several and with which some agree."""
    income = parts.select("doc_id", "income")
    with_income = cands.join(income, left_on="tables", right_on="doc_id", how="left").join(
        income.rename({"income": "income_n"}), left_on="narrative", right_on="doc_id", how="left"
    )
    agrees = ((pl.col("income") - pl.col("income_n")).abs() <= _TOLERANCE_WAN).fill_null(False)
    for side in ("tables", "narrative"):
        several = pl.len().over(side) > 1
        some = agrees.any().over(side) & ~agrees.all().over(side)
        with_income = with_income.filter(~several | ~some | agrees)
    return with_income.select(cands.columns)
