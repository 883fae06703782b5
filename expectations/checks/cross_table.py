"""Cross-table identities X1-X6: the same code, total or appropriation income agrees across
the tables that print it."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.contract.tables import TOTAL
from budgetwatch.expectations.checks.common import (
    COLUMN_NAMES,
    ECONOMIC_TABLE,
    TABLE_NAMES,
    ByColumn,
    ByTable,
    desc,
    printing_documents,
    stacked,
)
from budgetwatch.expectations.checks.two_sided import income_items


def _select(
    columns: ByColumn,
    table: str,
    column: str,
    side: str = "",
    levels: tuple[int, ...] | None = None,
    total_names: tuple[str, ...] = (TOTAL,),
):
    """Rows of one table column keyed by code, plus its total row keyed as 合计."""
    t = columns(table, side, column)
    coded = t.filter(pl.col("code") != "")
    if levels:
        coded = coded.filter(pl.col("code").str.len_chars().is_in(levels))
    total = t.filter((pl.col("code") == "") & pl.col("name").is_in(total_names))
    # a code printed on several rows (Beijing lists it per unit or per economic class) is
    # compared as its sum
    coded = coded.group_by("doc_id", key=pl.col("code")).agg(
        pl.col("name").sort_by("source_line").first(),
        pl.col("amount_wan").sum(),
        pl.col("source_line").min(),
    )
    return pl.concat(
        [
            coded,
            total.with_columns(key=pl.lit(TOTAL)).select(
                "doc_id", "key", "name", "amount_wan", "source_line"
            ),
        ]
    )


def _cross(pairs: list[tuple], avail: ByTable, printed: ByTable) -> pl.DataFrame:
    """The same key's amount in two tables, for every pair at once: actual = table a,
    expected = table b. A code missing on one side is 0 there; a named row (合计, an income
    item) must be printed on both. Only documents carrying both tables and printing both
    columns (with coded rows, for a code), and of a pair's documents where it names them.

    ``pairs``: (check id, rows a, (table a, column a), rows b, (table b, column b), doc_id
    frame or None). The pairs are stacked (``_pair``: a pair's place) and judged by one join
    each, not by a join, two semi-joins and two ``only_printed`` per pair: those small
    operations were most of the family's cost (docs/checks.md, "Cost, round 10")."""
    spec = pl.DataFrame(
        [
            (i, check_id, ta, ca, tb, cb, f"{TABLE_NAMES[tb]} {COLUMN_NAMES[cb]}".strip())
            for i, (check_id, _, (ta, ca), _, (tb, cb), _) in enumerate(pairs)
        ],
        schema={
            "_pair": pl.Int32,
            "check_id": pl.String,
            "_ta": pl.String,
            "_ca": pl.String,
            "_tb": pl.String,
            "_cb": pl.String,
            "expected_desc": pl.String,
        },
        orient="row",
    )

    def printing(side: int) -> pl.DataFrame:  # (_pair, doc_id, _coded) of a side's column
        return stacked([printing_documents(printed, *p[side]) for p in pairs], "_pair")

    carried = avail.tables({t for p in pairs for t in (p[2][0], p[4][0])})
    restricted = [i for i, p in enumerate(pairs) if p[5] is not None]
    limits = [p[5].select("doc_id") for p in pairs if p[5] is not None]
    allowed = stacked(limits, "_pair").with_columns(
        _pair=pl.col("_pair").replace_strict(dict(enumerate(restricted)), return_dtype=pl.Int32),
        _allowed=pl.lit(True),
    )
    is_code = pl.col("key").str.contains(r"^\d+$")
    j = (
        stacked([p[1] for p in pairs], "_pair")
        .join(
            stacked([p[3] for p in pairs], "_pair"),
            on=["_pair", "doc_id", "key"],
            how="full",
            coalesce=True,
            suffix="_b",
        )
        .filter(
            is_code | (pl.col("amount_wan").is_not_null() & pl.col("amount_wan_b").is_not_null())
        )
        .join(spec, on="_pair", how="left")
        .join(carried, left_on=["doc_id", "_ta"], right_on=["doc_id", "table_id"], how="semi")
        .join(carried, left_on=["doc_id", "_tb"], right_on=["doc_id", "table_id"], how="semi")
        .join(printing(2), on=["_pair", "doc_id"], how="inner")
        .filter(~is_code | pl.col("_coded"))
        .drop("_coded")
        .join(printing(4), on=["_pair", "doc_id"], how="inner")
        .filter(~is_code | pl.col("_coded"))
        .join(allowed.unique(), on=["_pair", "doc_id"], how="left")
        .filter(~pl.col("_pair").is_in(restricted) | pl.col("_allowed").fill_null(False))
    )
    label = (
        pl.when(is_code)
        .then(
            pl.concat_str(
                [pl.col("key"), pl.col("name").fill_null(pl.col("name_b"))], separator=" "
            ).str.strip_chars()
        )
        .otherwise(pl.coalesce("name", "name_b", "key"))
    )
    return j.select(
        "doc_id",
        "check_id",
        pl.col("_ta").alias("table_id"),
        pl.when(is_code).then(pl.col("key")).otherwise(pl.lit("")).alias("code"),
        pl.col("_ca").alias("column_id"),
        pl.concat_str(
            ["_ta", pl.lit("/"), "key", pl.lit("/"), "_ca", pl.lit("~"), "_tb", pl.lit("/"), "_cb"]
        ).alias("subject"),
        pl.col("amount_wan").fill_null(Decimal(0)).alias("actual"),
        pl.col("amount_wan_b").fill_null(Decimal(0)).alias("expected"),
        pl.lit(1, pl.Int32).alias("n_terms"),
        pl.col("source_line").fill_null(pl.col("source_line_b")),
        desc(pl.col("_ta"), label, pl.col("_ca")).alias("actual_desc"),
        "expected_desc",
    )


APPROPRIATIONS = ("一般公共预算", "政府性基金", "国有资本经营")


def _appropriation_income(closing: pl.DataFrame, table: str) -> pl.DataFrame:
    """Income items of a two-sided table keyed by appropriation type (X1)."""
    items = income_items(closing, table)
    key = pl.lit(None, pl.String)
    for fragment in APPROPRIATIONS:
        key = pl.when(pl.col("name").str.contains(fragment)).then(pl.lit(fragment)).otherwise(key)
    return (
        items.with_columns(key=key)
        .filter(pl.col("key").is_not_null())
        .select("doc_id", "key", "name", "amount_wan", "source_line")
    )


def all_general_budget_docs(closing: pl.DataFrame) -> pl.DataFrame:
    """Documents whose whole income is 一般公共预算拨款 (收支总表 other income rows and
    carry-over all blank or 0): then 一般公共预算支出表 must equal 支出总表 (X4, X6)."""
    t = "income_expenditure_summary"
    rows = pl.concat(
        [
            income_items(closing, t),
            closing.filter(
                (pl.col("table_id") == t)
                & (pl.col("side") == "income")
                & (pl.col("role") == "carryover")
            ),
        ]
    )
    other = ((pl.col("role") == "item") & ~pl.col("name").str.contains("一般公共预算")) | (
        pl.col("role") == "carryover"
    )
    return (
        rows.group_by("doc_id")
        .agg(other=pl.col("amount_wan").filter(other).sum())
        .filter(pl.col("other") == 0)
        .select("doc_id")
    )


def planned_carryover(closing: pl.DataFrame) -> pl.DataFrame:
    """doc_id, carryover: a budget's 收支总表 spending side planning money for next year (结转下年
    75,000.00 of 西南大学 2021): 支出总表 lists only the year's spending, so its 合计 falls
    short of the income by that amount — per code too, where the plan is not broken down."""
    rows = closing.filter(
        (pl.col("table_id") == "income_expenditure_summary")
        & (pl.col("side") == "expenditure")
        & (pl.col("role") == "carryover")
    )
    return (
        rows.group_by("doc_id")
        .agg(carryover=pl.col("amount_wan").sum())
        .filter(pl.col("carryover") != 0)
    )


def check_cross_tables(
    columns: ByColumn,
    closing: pl.DataFrame,
    avail: ByTable,
    printed: ByTable,
    budgets: pl.DataFrame,
) -> pl.DataFrame:
    """X1-X6: the same code (or total, or appropriation income) agrees across the tables
    that carry it — a code where both tables print coded rows in those columns, a total
    where both print the columns. ``budgets``: doc_id of the documents that are budgets."""
    T1, T2, T3 = "income_expenditure_summary", "income_summary", "expenditure_summary"
    T4, T5, T6 = "fiscal_appropriation_summary", "general_budget_expenditure", ECONOMIC_TABLE
    T7, T8 = "gov_fund_expenditure", "state_capital_expenditure"
    general = all_general_budget_docs(closing)
    pairs = [
        (
            "X1",
            _appropriation_income(closing, T1),
            (T1, "amount"),
            _appropriation_income(closing, T4),
            (T4, "amount"),
            None,
        ),
        (
            "X2",
            _select(columns, T1, "amount", "expenditure", (3,), ("本年支出合计",)),
            (T1, "amount"),
            _select(columns, T3, "total", levels=(3,)),
            (T3, "total"),
            None,
        ),
        # a 决算's income and expenditure differ by the year's balance, a budget's by the
        # 结转下年 it plans
        (
            "X3",
            _select(columns, T2, "total"),
            (T2, "total"),
            _select(columns, T3, "total"),
            (T3, "total"),
            budgets.join(planned_carryover(closing), on="doc_id", how="anti"),
        ),
    ]
    pairs += [
        ("X4", _select(columns, T5, col), (T5, col), _select(columns, T3, col), (T3, col), general)
        for col in ("total", "basic", "project")
    ]
    pairs += [
        (
            "X5",
            _select(columns, T4, col4, "expenditure", (3,), ("本年支出合计",)),
            (T4, col4),
            _select(columns, tb, "total", levels=(3,)),
            (tb, "total"),
            None,
        )
        for col4, tb in (("general_budget", T5), ("gov_fund", T7), ("state_capital", T8))
    ]
    t6_total = _select(columns, T6, "total", levels=(0,))  # level 0: only the 合计 row
    pairs += [
        (
            "X6",
            t6_total,
            (T6, "total"),
            _select(columns, T5, "basic", levels=(0,)),
            (T5, "basic"),
            None,
        ),
        (
            "X6",
            t6_total,
            (T6, "total"),
            _select(columns, T3, "basic", levels=(0,)),
            (T3, "basic"),
            general,
        ),
    ]
    return _cross(pairs, avail, printed)
