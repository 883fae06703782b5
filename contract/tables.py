"""Table ids of the contract and the words every step reads a table's named rows by."""

from __future__ import annotations

import polars as pl

# The nine tables of the contract plus the two further tables the template prints.
CONTRACT_TABLES = (
    "income_expenditure_summary",
    "income_summary",
    "expenditure_summary",
    "fiscal_appropriation_summary",
    "general_budget_expenditure",
    "general_budget_basic_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
    "three_public_expenses",
)
KNOWN_TABLES = CONTRACT_TABLES + ("government_procurement", "fixed_assets")
# Tables printing income (收入) and spending (支出) side by side: their rows carry `side`.
TWO_SIDED = ("income_expenditure_summary", "fiscal_appropriation_summary")
TOTAL = "合计"  # a table's 合计 row (and the key of 本年支出合计 in cross-table checks)


def three_public_role() -> pl.Expr:
    """The role of a 三公 row, over line_items' ``name``: subtotal, abroad, abroad_research,
    abroad_other, vehicle, vehicle_purchase, vehicle_operation, reception or total (null:
    none). 三公 rows are named, not coded: their role is read from the printed name, by its
    words before its number (Fuzhou numbers 1、因公出国（境）费用 2、公务接待费
    3、公务用车购置及运行费, with 其中：（1）公务用车购置费). Order matters: 公务用车购置及运维费
    also contains 购置 and 运维."""
    name = pl.col("name")
    base = name.str.replace(
        r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．])",
        "",
    )
    running = name.str.contains("运行|运维") & ~name.str.contains("机关运行")
    return (
        pl.when(name.str.contains("小计"))
        .then(pl.lit("subtotal"))
        .when(name.str.contains("教学科研"))
        .then(pl.lit("abroad_research"))
        .when(name.str.contains("因公出国") & base.str.starts_with("其他"))
        .then(pl.lit("abroad_other"))
        .when(name.str.contains("因公出国"))
        .then(pl.lit("abroad"))
        .when(name.str.contains("购置") & running)
        .then(pl.lit("vehicle"))
        .when(name.str.contains("购置"))
        .then(pl.lit("vehicle_purchase"))
        .when(running)
        .then(pl.lit("vehicle_operation"))
        .when(name.str.contains("接待"))
        .then(pl.lit("reception"))
        .when(name == TOTAL)
        .then(pl.lit("total"))
        .otherwise(None)
    )
