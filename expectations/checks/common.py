"""What every family of identity checks shares: names for explanations, the line items as the
checks read them, which tables and columns a document prints, and the parent = Σ children sum.

Every builder returns the intermediate columns ``INTERMEDIATE``: doc_id, check_id, table_id,
code, column_id, subject, actual, expected, n_terms, source_line, actual_desc, expected_desc
(``expectations.residuals`` turns them into residual rows). Blank cells produce no line item and
count as 0 (guide §3).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import AMOUNT, Frames

TABLE_NAMES = {
    "income_expenditure_summary": "收支总表",
    "income_summary": "收入总表",
    "expenditure_summary": "支出总表",
    "fiscal_appropriation_summary": "财政拨款收支总表",
    "general_budget_expenditure": "一般公共预算支出表",
    "general_budget_basic_expenditure": "基本支出表",
    "gov_fund_expenditure": "政府性基金支出表",
    "state_capital_expenditure": "国有资本经营支出表",
    "three_public_expenses": "三公经费表",
    "fixed_assets": "固定资产占用情况表",
    "projects": "项目绩效目标表",
    "narrative": "情况说明",
}
COLUMN_NAMES = {
    "amount": "",
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "subtotal": "本年收入小计",
    "carryover": "上年结转",
    "personnel": "人员经费",
    "public_funds": "公用经费",
    "general_budget": "一般公共预算",
    "gov_fund": "政府性基金",
    "state_capital": "国有资本经营",
    "fiscal_appropriation": "财政拨款收入",
    "fiscal_special_account": "财政专户收入",
    "operating_revenue": "事业收入",
    "business_revenue": "经营收入",
    "superior_subsidy": "上级补助收入",
    "affiliated_remittance": "附属单位上缴收入",
    "other_revenue": "其他收入",
    "business_expenditure": "经营支出",
    "remit_to_superior": "上解上级支出",
    "subsidy_to_affiliated": "对附属单位补助支出",
}

FUNCTION_TREE_TABLES = (
    "income_summary",
    "expenditure_summary",
    "general_budget_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
)
ECONOMIC_TABLE = "general_budget_basic_expenditure"


# ---------------------------------------------------------------------------------------
# Inputs


def line_items(frames: Frames) -> pl.DataFrame:
    """Line items with null code/side/name made "" and wrap spaces removed from names."""
    return frames.line_items.select(
        "doc_id",
        "table_id",
        pl.col("side").fill_null(""),
        "row_no",
        pl.col("code").fill_null(""),
        pl.col("name").fill_null("").str.replace_all(r"\s+", ""),
        "column_id",
        "amount_wan",
        "source_line",
    )


def with_leaf_parents(li: pl.DataFrame) -> pl.DataFrame:
    """``li`` plus, for a coded table that prints its leaves only (Beijing 预算03/05表: 项 rows
    2013601 行政运行 and a 合计, no 类 or 款 row; 预算06表: 款 rows only), the 类/款 sums of
    those leaves as rows of their own (no source line): the identities of a hierarchical
    table (合计 = Σ 类, 收支总表 类 = 支出总表 类, 人员经费 = Σ 301+303) then hold or fail
    on what is printed. A table printing any parent row is left as printed: a parent missing
    there is a defect to report."""
    coded = li.filter(
        pl.col("table_id").is_in((*FUNCTION_TREE_TABLES, ECONOMIC_TABLE))
        & (pl.col("side") == "")
        & (pl.col("code").str.len_chars() > 3)
    )
    ids = ["doc_id", "table_id"]
    codes = li.filter(pl.col("code") != "").select(*ids, "code").unique()
    with_parent = coded.select(
        *ids, code=pl.col("code").str.slice(0, pl.col("code").str.len_chars() - 2)
    ).join(codes, on=[*ids, "code"], how="semi")
    leaves = coded.join(with_parent.select(ids).unique(), on=ids, how="anti")
    derived = [
        leaves.filter(pl.col("code").str.len_chars() > size)
        .group_by(*ids, "side", "column_id", code=pl.col("code").str.slice(0, size))
        .agg(pl.col("amount_wan").sum())
        for size in (3, 5)
    ]
    return pl.concat([li, *derived], how="diagonal_relaxed").with_columns(
        pl.col("name").fill_null("")
    )


class ByColumn:
    """``li`` split once by table, side and column: the checks read one table column at a
    time, about forty times a batch, and each filter of the whole batch was a scan of it
    (the rows of a column keep their order in ``li``)."""

    def __init__(self, li: pl.DataFrame):
        self._parts = li.partition_by("table_id", "side", "column_id", as_dict=True)
        self._empty = li.clear()

    def __call__(self, table: str, side: str, column: str) -> pl.DataFrame:
        return self._parts.get((table, side, column), self._empty)


class ByTable:
    """(doc_id, table_id, …) rows split once by table: the checks ask for one table's rows
    some forty times a slice, and each filter of the whole was a scan of it."""

    def __init__(self, rows: pl.DataFrame):
        self._parts = rows.partition_by("table_id", as_dict=True)
        self._empty = rows.clear()
        self._memo: dict[tuple, pl.DataFrame] = {}

    def table(self, table: str) -> pl.DataFrame:
        return self._parts.get((table,), self._empty)

    def tables(self, tables: set[str]) -> pl.DataFrame:
        """The rows of ``tables``, as one frame."""
        return pl.concat([self.table(t) for t in sorted(tables)])

    def once(self, key: tuple, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """``build()``, made on the first call with ``key`` and kept for the next."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]


def available_tables(frames: Frames) -> ByTable:
    """(doc_id, table_id) of tables a document carries: present or empty-with-note per
    table_status, or any table with line items (frames built without table_status)."""
    return ByTable(
        pl.concat(
            [
                frames.table_status.filter(pl.col("status") != "missing").select(
                    "doc_id", "table_id"
                ),
                frames.line_items.select("doc_id", "table_id"),
            ]
        ).unique()
    )


def stacked(frames: list[pl.DataFrame], index: str) -> pl.DataFrame:
    """``frames`` as one, each row with its frame's place in the list (``index``): checks
    that ran the same joins once per pair or label run them once over the stack."""
    return pl.concat(
        [f.with_columns(pl.lit(i, pl.Int32).alias(index)) for i, f in enumerate(frames)],
        how="vertical_relaxed",
    )


def both_available(df: pl.DataFrame, avail: ByTable, *tables: str) -> pl.DataFrame:
    for t in tables:
        df = df.join(avail.table(t).select("doc_id"), on="doc_id", how="semi")
    return df


def printed_columns(frames: Frames, li: pl.DataFrame) -> ByTable:
    """(doc_id, table_id, column_id, coded): the columns a document's tables print, and whether
    with coded rows. A blank cell in a printed column is 0 (guide §3); a column or a coded level
    the template does not print at all (Jiangsu's 基本支出表 has no 人员经费 column, its 支出总表
    only a 合计 row) is no zero to compare. A table printed empty with its note counts as
    printing every column (column_id "*"): its zeros are stated."""
    cols = li.group_by("doc_id", "table_id", "column_id").agg(
        coded=(pl.col("code").fill_null("") != "").any()
    )
    empty = frames.table_status.filter(pl.col("status") == "empty_with_note").select(
        "doc_id", "table_id", column_id=pl.lit("*"), coded=pl.lit(True)
    )
    return ByTable(pl.concat([cols, empty]).unique())


def printing_documents(printed: ByTable, table: str, column: str) -> pl.DataFrame:
    """(doc_id, _coded) of the documents printing ``table``'s ``column``, and whether with
    coded rows."""
    # each (table, column) once a slice: the checks ask for most of them several times
    return printed.once(
        (table, column),
        lambda: (
            printed.table(table)
            .filter(pl.col("column_id").is_in([column, "*"]))
            .group_by("doc_id")
            .agg(_coded=pl.col("coded").any())
        ),
    )


def only_printed(
    df: pl.DataFrame, printed: ByTable, table: str, column: str, coded: pl.Expr | bool = False
) -> pl.DataFrame:
    """Rows of ``df`` whose document prints ``table``'s ``column`` — with coded rows where
    ``coded`` (an expression over ``df`` or a constant) is true."""
    p = printing_documents(printed, table, column)
    need = coded if isinstance(coded, pl.Expr) else pl.lit(coded)
    return df.join(p, on="doc_id", how="inner").filter(~need | pl.col("_coded")).drop("_coded")


# ---------------------------------------------------------------------------------------
# Check builders. Each returns the common intermediate columns:
# doc_id, check_id, table_id, code, column_id, subject, actual, expected, n_terms,
# source_line, actual_desc, expected_desc.

INTERMEDIATE = {
    "doc_id": pl.String,
    "check_id": pl.String,
    "table_id": pl.String,
    "code": pl.String,
    "column_id": pl.String,
    "subject": pl.String,
    "actual": AMOUNT,
    "expected": AMOUNT,
    "n_terms": pl.Int32,
    "source_line": pl.Int32,
    "actual_desc": pl.String,
    "expected_desc": pl.String,
}


def desc(table: pl.Expr | str, label: pl.Expr, column: pl.Expr | str) -> pl.Expr:
    """'支出总表 206 科学技术支出 合计' from table id, row label and column id."""
    table = pl.lit(table) if isinstance(table, str) else table
    column = pl.lit(column) if isinstance(column, str) else column
    return pl.concat_str(
        [
            table.replace_strict(TABLE_NAMES, default=table),
            label,
            column.replace_strict(COLUMN_NAMES, default=column),
        ],
        separator=" ",
    ).str.strip_chars()


def one_to_one(
    frame: pl.DataFrame,
    check_id: str | pl.Expr,
    table: str | pl.Expr,
    column: pl.Expr,
    subject: str | pl.Expr,
    actual: pl.Expr,
    expected: pl.Expr,
    actual_desc: pl.Expr,
    expected_desc: pl.Expr,
) -> pl.DataFrame:
    """Residual rows of a check comparing one printed figure with one other (one term, no
    code), from ``frame``'s doc_id and source_line; check, table and subject are the same for
    every row (a string) or read from ``frame`` (an expression)."""

    def value(v: str | pl.Expr) -> pl.Expr:
        return v if isinstance(v, pl.Expr) else pl.lit(v)

    return frame.select(
        "doc_id",
        value(check_id).alias("check_id"),
        value(table).alias("table_id"),
        pl.lit("").alias("code"),
        column.alias("column_id"),
        value(subject).alias("subject"),
        actual.alias("actual"),
        expected.alias("expected"),
        pl.lit(1, pl.Int32).alias("n_terms"),
        "source_line",
        actual_desc.alias("actual_desc"),
        expected_desc.alias("expected_desc"),
    )


def parent_sum(rows: pl.DataFrame, check_id: str, child_word: str) -> pl.DataFrame:
    """Parent = Σ children, per column. ``rows``: doc_id, table_id, side, key, parent_key,
    name, column_id, amount_wan, source_line; a row with no parent has parent_key null.
    Only parents that have children in the document are checked; a coded parent row that is
    missing or blank in a column where its children carry amounts counts as 0. A named parent
    (合计, 本年支出合计, 收入总计, "三公"经费小计 …) with no amount in any column is not checked:
    another template names that row differently, or prints none."""
    ids = ["doc_id", "table_id", "side"]
    children = rows.filter(pl.col("parent_key").is_not_null())
    sums = (
        children.group_by([*ids, "parent_key", "column_id"])
        .agg(
            expected=pl.col("amount_wan").sum(),
            n_terms=pl.len().cast(pl.Int32),
        )
        .rename({"parent_key": "key"})
    )
    # the printed rows of those parents only (a fraction of the rows: the leaves are none)
    has_children = sums.select([*ids, "key"]).unique()
    printed_parents = rows.join(has_children, on=[*ids, "key"], how="semi")
    parents = printed_parents.select([*ids, "key", "column_id", "amount_wan", "source_line"])
    # a key's name, and (``_named``) that the key is printed: a named parent is checked only
    # where printed (a coded one is also where only its children are)
    names = printed_parents.group_by([*ids, "key"]).agg(pl.col("name").first(), _named=pl.lit(True))
    is_code = pl.col("key").str.contains(r"^\d+$")
    out = (
        sums.join(parents, on=[*ids, "key", "column_id"], how="full", coalesce=True)
        .join(names, on=[*ids, "key"], how="left")
        .filter(is_code | pl.col("_named").fill_null(False))
    )
    printed = (
        pl.when(is_code).then(pl.col("key")).otherwise(pl.col("name").fill_null(pl.col("key")))
    )
    label = (
        pl.when(is_code)
        .then(pl.concat_str([pl.col("key"), pl.col("name").fill_null("(缺行)")], separator=" "))
        .otherwise(printed)
    )
    side = pl.when(pl.col("side") != "").then(pl.col("side") + "/").otherwise(pl.lit(""))
    return out.select(
        "doc_id",
        pl.lit(check_id).alias("check_id"),
        "table_id",
        pl.when(is_code).then(pl.col("key")).otherwise(pl.lit("")).alias("code"),
        "column_id",
        pl.concat_str(
            [pl.col("table_id"), pl.lit("/"), side, printed, pl.lit("/"), pl.col("column_id")]
        ).alias("subject"),
        pl.col("amount_wan").fill_null(Decimal(0)).alias("actual"),
        pl.col("expected").fill_null(Decimal(0)),
        pl.col("n_terms").fill_null(0).clip(lower_bound=1),
        "source_line",
        desc(pl.col("table_id"), label, pl.col("column_id")).alias("actual_desc"),
        pl.lit(child_word).alias("expected_desc"),
    )
