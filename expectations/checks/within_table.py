"""Within-table identities: W3/W7 parent = Σ children (function and economic code trees),
W4/W5/W6/W7/W10 row-wise total column = Σ component columns, W8 人员经费/公用经费 by 类,
W9 三公 parts, X12 资产总额 = Σ categories (and X12n, the narrative's 上年末固定资产金额, read
from the same asset table)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import AMOUNT, Frames
from budgetwatch.contract.tables import TOTAL, three_public_role
from budgetwatch.expectations.checks.common import (
    COLUMN_NAMES,
    ECONOMIC_TABLE,
    FUNCTION_TREE_TABLES,
    INTERMEDIATE,
    ByTable,
    desc,
    only_printed,
    parent_sum,
)

# Row-wise identities: (check id, table, side, total column, addend columns).
ROWWISE = (
    ("W4", "income_summary", "", "total", ("subtotal", "carryover")),
    (
        "W4",
        "income_summary",
        "",
        "subtotal",
        (
            "fiscal_appropriation",
            "fiscal_special_account",
            "operating_revenue",
            "business_revenue",
            "superior_subsidy",
            "affiliated_remittance",
            "other_revenue",
        ),
    ),
    (
        "W5",
        "expenditure_summary",
        "",
        "total",
        ("basic", "project", "business_expenditure", "remit_to_superior", "subsidy_to_affiliated"),
    ),
    ("W5", "general_budget_expenditure", "", "total", ("basic", "project")),
    ("W5", "gov_fund_expenditure", "", "total", ("basic", "project")),
    ("W5", "state_capital_expenditure", "", "total", ("basic", "project")),
    (
        "W6",
        "fiscal_appropriation_summary",
        "expenditure",
        "total",
        ("general_budget", "gov_fund", "state_capital"),
    ),
    ("W7", ECONOMIC_TABLE, "", "total", ("personnel", "public_funds")),
    ("W10", "three_public_expenses", "", "total", ("general_budget", "gov_fund", "state_capital")),
)

# ROWWISE as frames: each identity's columns (one row per column it reads, ``_total`` for its
# total column) and what its residual rows say
_ROWWISE_COLUMNS = pl.DataFrame(
    [
        (i, table, side, column, column == total)
        for i, (_, table, side, total, addends) in enumerate(ROWWISE)
        for column in (total, *addends)
    ],
    schema={
        "_spec": pl.Int32,
        "table_id": pl.String,
        "side": pl.String,
        "column_id": pl.String,
        "_total": pl.Boolean,
    },
    orient="row",
)
_ROWWISE_SPECS = pl.DataFrame(
    [
        (
            i,
            check_id,
            total,
            f"{total}~{'+'.join(addends)}",
            "+".join(COLUMN_NAMES[a] for a in addends),
        )
        for i, (check_id, _, _, total, addends) in enumerate(ROWWISE)
    ],
    schema={
        "_spec": pl.Int32,
        "check_id": pl.String,
        "_column": pl.String,
        "_columns": pl.String,
        "expected_desc": pl.String,
    },
    orient="row",
)

# The parent of each 三公 row's role (contract.tables.three_public_role).
THREE_PUBLIC_PARENT = {
    "abroad": "subtotal",
    "vehicle": "subtotal",
    "reception": "subtotal",
    "abroad_research": "abroad",
    "abroad_other": "abroad",
    "vehicle_purchase": "vehicle",
    "vehicle_operation": "vehicle",
}


def _tree_rows(li: pl.DataFrame, tables: tuple[str, ...], missed: pl.DataFrame) -> pl.DataFrame:
    """Coded rows with parent = code minus its last two digits; 类 rows' parent is 合计; in a
    table that prints no 类 row, its top rows (`_top_rows`) are the 合计's children too."""
    coded = li.filter(pl.col("table_id").is_in(tables) & (pl.col("code") != ""))
    total = li.filter(
        pl.col("table_id").is_in(tables) & (pl.col("code") == "") & (pl.col("name") == TOTAL)
    )
    n = pl.col("code").str.len_chars()
    return pl.concat(
        [
            coded.with_columns(
                key=pl.col("code"),
                parent_key=pl.when(n > 3)
                .then(pl.col("code").str.slice(0, n - 2))
                .otherwise(pl.lit(TOTAL)),
            ),
            _top_rows(li, coded, missed, ECONOMIC_TABLE not in tables),
            total.with_columns(key=pl.lit(TOTAL), parent_key=pl.lit(None, pl.String)),
        ],
        how="diagonal_relaxed",
    )


def _top_rows(
    li: pl.DataFrame, coded: pl.DataFrame, missed: pl.DataFrame, function: bool
) -> pl.DataFrame:
    """A table that prints no 类 row (定州 730's 附表3-5: 款 and 项 rows only) adds up its 合计
    from its top rows: each 款, and in a function table each 项 whose 款 it does not print (in
    the economic table a 7-digit code is a function code, no 项). Each joins the 合计 as a child
    only (its key is no code: no check of its own) and keeps its own parent, so a 款 or 项
    printed without its 类 or 款 still breaks there. Not where a row with an amount prints no
    code (projects listed by name, 定州 459's numbered headings: the coded rows need not be
    all of the 合计), nor in a table whose rows the reader's self-check found short of its
    合计 (``missed``: `total_not_reproduced`, Beijing 110's project rows not read): that gap is
    the reader's until the page proves it, said by the reader's finding, not as the page's
    break."""
    ids = ["doc_id", "table_id", "side"]
    n = pl.col("code").str.len_chars()
    uncoded = li.filter(
        (pl.col("code") == "")
        & ~pl.col("name").str.contains("[合小总]计$")
        & (pl.col("amount_wan").fill_null(0) != 0)
    ).select(ids)
    rows = (
        coded.join(uncoded.unique(), on=ids, how="anti")
        .join(missed, on=["doc_id", "table_id"], how="anti")
        .filter(~(n == 3).any().over(ids))
        .with_columns(_kuan=pl.col("code").str.slice(0, 5))
    )
    kuan = rows.filter(n == 5).select(*ids, "_kuan").unique()
    orphans = rows.filter((n == 7) if function else pl.lit(False)).join(
        kuan, on=[*ids, "_kuan"], how="anti"
    )
    return pl.concat([rows.filter(n == 5), orphans]).select(
        pl.exclude("_kuan"), key=pl.lit("^") + pl.col("code"), parent_key=pl.lit(TOTAL)
    )


def _parents_with_uncoded_rows(li: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, table_id, code) of coded parents under which the table prints a named row the
    reader could give no code (a template printing names only, Hangzhou, whose 款
    超长期特别国债安排的支出 is missing from the partial catalogue): Σ of the coded children
    would leave that row out, so the printed parent is not checked. A row belongs to the
    coded rows above it: the 类 and 款 of the nearest coded row above."""
    rows = (
        li.filter(~pl.col("name").str.contains("[合小总]计$"))
        .select("doc_id", "table_id", "source_line", "code")
        .unique()
        .sort("source_line")
    )
    anchor = (
        pl.when(pl.col("code") != "")
        .then(pl.col("code"))
        .forward_fill()
        .over("doc_id", "table_id", order_by="source_line")
    )
    uncoded = rows.with_columns(_anchor=anchor).filter(
        (pl.col("code") == "") & pl.col("_anchor").is_not_null()
    )
    return pl.concat(
        [
            uncoded.select("doc_id", "table_id", code=pl.col("_anchor").str.slice(0, n)).filter(
                pl.col("code").str.len_chars() == n
            )
            for n in (3, 5)
        ]
    ).unique()


def check_trees(li: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """W3 (function-code tables) and W7 (基本支出表 类 = Σ 款, 合计 = Σ 类), every column.
    ``findings``: the reader's, whose `total_not_reproduced` keeps a 类-less table's 合计
    unchecked (`_top_rows`)."""
    missed = (
        findings.filter(pl.col("kind") == "total_not_reproduced")
        .select("doc_id", "table_id")
        .unique()
    )
    # each family's line items once: its tree rows, top rows and the named rows under its
    # parents read only its own tables (each scanned every line item of the slice before)
    families = {"W3": FUNCTION_TREE_TABLES, "W7": (ECONOMIC_TABLE,)}
    own = {c: li.filter(pl.col("table_id").is_in(tables)) for c, tables in families.items()}
    sums = pl.concat(
        [parent_sum(_tree_rows(own[c], t, missed), c, "Σ下级科目") for c, t in families.items()]
    )
    # a parent row not printed at all (source_line null) stays a break whatever lies under it
    incomplete = sums.filter(pl.col("source_line").is_not_null()).join(
        _parents_with_uncoded_rows(pl.concat(own.values())),
        on=["doc_id", "table_id", "code"],
        how="semi",
    )
    return sums.join(incomplete, on=["doc_id", "check_id", "subject"], how="anti")


def check_rowwise(li: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """W4/W5/W6/W7/W10: a row's total column = Σ its component columns — in documents whose
    table prints the total column and at least one component column: a blank cell is 0, but
    a template without those columns (Jiangsu's 基本支出表 has only 合计, Shanghai's 决算
    收入表 no 本年收入小计) has nothing to check; nor does a table with a column the parser
    could not map (finding unmapped_column: Jiangsu's 单位预留机动经费) or tell apart
    (ambiguous_column), its sums being incomplete."""
    # a column not read because several could be one contract column (ambiguous_column:
    # Guangzhou's 收入表 splits 财政拨款收入 into three funds and prints no 小计) leaves the
    # sums as incomplete as an unmapped one
    # (now read as the sum of its funds, finding summed_columns: still no 小计 column to check)
    incomplete = (
        findings.filter(
            pl.col("kind").is_in(["unmapped_column", "ambiguous_column", "summed_columns"])
        )
        .select("doc_id", "table_id")
        .unique()
    )
    # every identity in one pass (one join, one group_by), each row read once per identity
    # that reads its column: ``_spec`` is the identity's place in ROWWISE
    t = li.join(_ROWWISE_COLUMNS, on=["table_id", "side", "column_id"], how="inner").join(
        incomplete, on=["doc_id", "table_id"], how="anti"
    )
    is_total = pl.col("_total")
    t = t.filter((~is_total).any().over("doc_id", "_spec") & is_total.any().over("doc_id", "_spec"))
    keys = ["doc_id", "table_id", "side", "row_no", "code", "name", "_spec"]
    agg = t.group_by(keys).agg(
        actual=pl.col("amount_wan").filter(is_total).sum(),
        expected=pl.col("amount_wan").filter(~is_total).sum(),
        n_terms=(~is_total).sum().cast(pl.Int32),
        source_line=pl.col("source_line")
        .filter(is_total)
        .first()
        .fill_null(pl.col("source_line").min()),
    )
    key = pl.when(pl.col("code") != "").then(pl.col("code")).otherwise(pl.col("name"))
    label = pl.concat_str([pl.col("code"), pl.col("name")], separator=" ").str.strip_chars()
    return agg.join(_ROWWISE_SPECS, on="_spec", how="inner").select(
        "doc_id",
        "check_id",
        "table_id",
        "code",
        pl.col("_column").alias("column_id"),
        pl.concat_str(["table_id", key, "_columns"], separator="/").alias("subject"),
        "actual",
        "expected",
        pl.col("n_terms").clip(lower_bound=1),
        "source_line",
        desc(pl.col("table_id"), label, pl.col("_column")).alias("actual_desc"),
        "expected_desc",
    )


# List prefixes by depth: 一、 over （一） over 1. over (1). Rust regex has no look-ahead, so


def _own_personnel_split(
    t: pl.DataFrame, personnel_classes: list[str], per_term: Decimal
) -> pl.DataFrame:
    """doc_id of 基本支出表s whose 类 rows print a split against the convention: a 人员经费
    amount on another 类 or a 公用经费 amount on a personnel 类 (Xi'an counts 30239 其他交通费用
    in 302's 人员经费) and add up to the 合计 row's: the page states its own split (W7 checks
    it) and the convention is not the template's."""
    cls = pl.col("code").str.len_chars() == 3
    personnel = pl.col("code").is_in(personnel_classes)
    against = (~personnel & (pl.col("column_id") == "personnel")) | (
        personnel & (pl.col("column_id") == "public_funds")
    )
    own = t.filter(cls & against & (pl.col("amount_wan") != 0)).select("doc_id").unique()
    # only where that split adds up to the 合计 row (within the gate's per-term rounding): a
    # misread cell is no stated split
    split = pl.col("column_id").is_in(["personnel", "public_funds"])
    sums = (
        t.filter(cls & split)
        .group_by("doc_id", "column_id")
        .agg(classes=pl.col("amount_wan").sum(), n=pl.len())
    )
    total = t.filter((pl.col("code") == "") & (pl.col("name") == TOTAL) & split).select(
        "doc_id", "column_id", "amount_wan"
    )
    gap = pl.col("classes").fill_null(Decimal(0)) - pl.col("amount_wan").fill_null(Decimal(0))
    off = sums.join(total, on=["doc_id", "column_id"], how="full", coalesce=True).filter(
        gap.abs() > pl.col("n").fill_null(1).cast(AMOUNT) * per_term
    )
    return own.join(off, on="doc_id", how="anti")


def check_personnel_split(li: pl.DataFrame, printed: ByTable, settings: Settings) -> pl.DataFrame:
    """W8: 基本支出表 合计 人员经费 = Σ personnel 类 (``gates.personnel_economic_classes``);
    公用经费 = Σ the other 类 (documents whose 基本支出表 prints that column)."""
    personnel_classes = settings.gates.personnel_economic_classes
    per_term = Decimal(str(settings.gates.tolerance_per_term_wan))
    t = li.filter(pl.col("table_id") == ECONOMIC_TABLE)
    t = t.join(_own_personnel_split(t, personnel_classes, per_term), on="doc_id", how="anti")
    classes = t.filter((pl.col("code").str.len_chars() == 3) & (pl.col("column_id") == "total"))
    sums = classes.group_by("doc_id").agg(
        personnel=pl.col("amount_wan").filter(pl.col("code").is_in(personnel_classes)).sum(),
        n_personnel=pl.col("code").is_in(personnel_classes).sum(),
        public_funds=pl.col("amount_wan").filter(~pl.col("code").is_in(personnel_classes)).sum(),
        n_public_funds=(~pl.col("code").is_in(personnel_classes)).sum(),
    )
    totals = t.filter(
        (pl.col("code") == "")
        & (pl.col("name") == TOTAL)
        & pl.col("column_id").is_in(["personnel", "public_funds"])
    )
    parts = []
    for col in ("personnel", "public_funds"):
        cls = "+".join(personnel_classes) if col == "personnel" else "其他类"
        joined = sums.join(
            totals.filter(pl.col("column_id") == col), on="doc_id", how="full", coalesce=True
        )
        parts.append(
            only_printed(joined, printed, ECONOMIC_TABLE, col).select(
                "doc_id",
                pl.lit("W8").alias("check_id"),
                pl.lit(ECONOMIC_TABLE).alias("table_id"),
                pl.lit("").alias("code"),
                pl.lit(col).alias("column_id"),
                pl.lit(f"{ECONOMIC_TABLE}/{TOTAL}/{col}").alias("subject"),
                pl.col("amount_wan").fill_null(Decimal(0)).alias("actual"),
                pl.col(col).fill_null(Decimal(0)).alias("expected"),
                pl.col(f"n_{col}").fill_null(0).clip(lower_bound=1).cast(pl.Int32).alias("n_terms"),
                "source_line",
                pl.lit(f"基本支出表 合计 {COLUMN_NAMES[col]}").alias("actual_desc"),
                pl.lit(f"Σ{cls} 合计").alias("expected_desc"),
            )
        )
    return pl.concat(parts)


def check_three_public(li: pl.DataFrame) -> pl.DataFrame:
    """W9: 三公小计 = 出国 + 车 + 接待; 车 = 购置 + 运行维护; 出国 = 教学科研 + 其他."""
    t = li.filter(pl.col("table_id") == "three_public_expenses").with_columns(
        key=three_public_role()
    )
    rows = t.filter(pl.col("key").is_in(["subtotal", *THREE_PUBLIC_PARENT])).with_columns(
        parent_key=pl.col("key").replace_strict(THREE_PUBLIC_PARENT, default=None)
    )
    return parent_sum(rows, "W9", "Σ组成项")


# 部门固定资产占用情况表 categories (办公用房 is a 其中 of 房屋, not added)
ASSET_PARTS = {
    "asset_buildings": "房屋",
    "asset_vehicles": "车辆",
    "asset_equipment_over_20w": "单价20万元以上设备",
    "asset_other": "其他固定资产",
}


def check_assets(frames: Frames) -> pl.DataFrame:
    """X12 (guide §3.2): 资产总额 = Σ its categories; X12n: the narrative's 上年末固定资产金额 =
    资产总额. The table is read into narrative_figures (asset_* labels); a blank category is 0."""
    nf = frames.narrative_figures.filter(pl.col("amount_wan").is_not_null())

    def first(label: str, col: str = "amount_wan") -> pl.Expr:
        return pl.col(col).filter(pl.col("label") == label).first()

    part = pl.col("label").is_in(list(ASSET_PARTS))
    wide = (
        nf.group_by("doc_id")
        .agg(
            total=first("asset_total"),
            total_line=first("asset_total", "source_line"),
            parts=pl.col("amount_wan").filter(part).sum(),
            n_parts=part.sum().cast(pl.Int32),
            stated=first("fixed_assets_prev_total"),
            stated_line=first("fixed_assets_prev_total", "source_line"),
        )
        .filter(pl.col("total").is_not_null())
    )
    x12 = _asset_check(
        wide.filter(pl.col("n_parts") > 0),
        "X12",
        "fixed_assets/资产总额~Σcategories",
        ("total", "固定资产占用情况表 资产总额", "total_line"),
        ("parts", "Σ" + "+".join(ASSET_PARTS.values())),
        pl.col("n_parts"),
    )
    x12n = _asset_check(
        wide.filter(pl.col("stated").is_not_null()),
        "X12n",
        "narrative/fixed_assets_prev_total~fixed_assets/资产总额",
        ("stated", "情况说明 上年末固定资产金额", "stated_line"),
        ("total", "固定资产占用情况表 资产总额"),
        pl.lit(1, pl.Int32),
    )
    return pl.concat([x12.cast(INTERMEDIATE), x12n.cast(INTERMEDIATE)])


def _asset_check(
    wide: pl.DataFrame,
    check_id: str,
    subject: str,
    actual: tuple,
    expected: tuple,
    n_terms: pl.Expr,
) -> pl.DataFrame:
    """One row per document of a 固定资产 check: ``actual`` (column, description, line
    column) against ``expected`` (column, description)."""
    return wide.select(
        "doc_id",
        pl.lit(check_id).alias("check_id"),
        pl.lit("fixed_assets").alias("table_id"),
        pl.lit("").alias("code"),
        pl.lit("value").alias("column_id"),
        pl.lit(subject).alias("subject"),
        pl.col(actual[0]).alias("actual"),
        pl.col(expected[0]).alias("expected"),
        n_terms.cast(pl.Int32).alias("n_terms"),
        pl.col(actual[2]).alias("source_line"),
        pl.lit(actual[1]).alias("actual_desc"),
        pl.lit(expected[1]).alias("expected_desc"),
    )
