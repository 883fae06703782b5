"""Two-sided tables (收支总表, 财政拨款收支总表): W1 本年合计 = Σ items, W2/W6 总计 = 本年合计 +
结转, 收入总计 = 支出总计 — and the reading of their rows (list hierarchy, 其中 shares, closing
and carry-over rows) that the cross-table and narrative checks use too."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.expectations.checks.common import TABLE_NAMES, one_to_one, parent_sum

# "1." must be followed by a non-digit to be a prefix and not an amount.
LIST_DEPTH = (
    (r"^[一二三四五六七八九十]+[、.．]", 1),
    (r"^[(（][一二三四五六七八九十]+[)）]", 2),
    (r"^\d{1,2}[、.．]\D", 3),
    (r"^[(（]\d{1,3}[)）]", 4),
)
# 本年收入 / 本年支出: a heading printed above the year's items (Beijing 预算04表: 一、本年收入)
_CLOSING_NAMES = {
    "本年收入合计": "current_total",
    "本年支出合计": "current_total",
    "本年收入": "current_total",
    "本年支出": "current_total",
    "收入总计": "grand_total",
    "支出总计": "grand_total",
    "总计": "grand_total",
}
# what the closing rows add to 本年合计: money of other years beside this year's — 上年结转,
# 年初结转和结余, 使用非财政拨款结余, 上年实户资金余额, 用事业基金弥补收支差额; 结转下年,
# 未安排支出的实户资金 (Xi'an 165, 西南大学), and in a 决算 结余分配: 总计 = 本年支出合计 +
# 结余分配 + 年末结转和结余 (163's 决算总表)
_CARRYOVER = "结转|结余|余额|弥补收支|未安排"


def _income_tree(rows: pl.DataFrame) -> pl.DataFrame:
    """Parents of a two-sided table's income rows (one row per printed line: doc_id, table_id,
    _pos, _section, name), as the page prints them: by list prefix (Shenzhen 一、财政拨款 over
    1.一般公共预算拨款; Xi'an 一、部门预算 / 1、财政拨款 / (1)一般公共预算拨款) or, for a row
    without one after a numbered row, as a part of it (Hangzhou 一、财政拨款 over an indented
    一般公共预算). A row's parent is the nearest row above it in its section (items before
    本年收入合计, closing rows after it) that is less deep. Adds ``_parent_pos`` (null at the
    top level) and ``_root_pos`` (its top-level row)."""
    group = ["doc_id", "table_id", "_section"]
    depth = pl.lit(None, pl.Int32)
    for pattern, d in reversed(LIST_DEPTH):
        depth = (
            pl.when(pl.col("name").str.contains(pattern)).then(pl.lit(d, pl.Int32)).otherwise(depth)
        )
    rows = rows.with_columns(_depth=depth).with_columns(
        _depth=pl.coalesce(
            "_depth",
            pl.when(pl.col("_depth").is_not_null().cum_sum().over(group, order_by="_pos") > 0)
            .then(pl.lit(9, pl.Int32))
            .otherwise(pl.lit(0, pl.Int32)),
        )
    )
    # the last row above of each depth that can be a parent; the nearest less deep one wins
    last = {
        d: pl.when(pl.col("_depth") == d)
        .then(pl.col("_pos"))
        .forward_fill()
        .over(group, order_by="_pos")
        for d in range(5)
    }
    parent = pl.max_horizontal(*[pl.when(pl.col("_depth") > d).then(e) for d, e in last.items()])
    return (
        rows.with_columns(_parent_pos=parent)
        .with_columns(
            _root_pos=pl.when(pl.col("_parent_pos").is_null())
            .then(pl.col("_pos"))
            .forward_fill()
            .over(group, order_by="_pos")
        )
        .drop("_depth")
    )


def _shares(t: pl.DataFrame) -> pl.DataFrame:
    """Income rows of a 其中 list (doc_id, table_id, _pos, _share): 其中：X, and the next row
    非X naming the rest (Xi'an 160: 上年结转 / 其中：财政拨款资金结转 / 非财政拨款资金结余) —
    shares of the row above, never addends."""
    rows = (
        t.filter(pl.col("side") == "income")
        .select("doc_id", "table_id", "_pos", "name")
        .unique(["doc_id", "table_id", "_pos"])
        .sort("_pos")
    )
    name = pl.col("name")
    prev = name.shift(1).over("doc_id", "table_id", order_by="_pos")
    listed = prev.str.replace("^其中[:：]?", "").str.slice(0, 2)
    rest = (
        name.str.starts_with("非") & prev.str.starts_with("其中") & (name.str.slice(1, 2) == listed)
    ).fill_null(False)
    return rows.select("doc_id", "table_id", "_pos", _share=name.str.starts_with("其中") | rest)


def closing_rows(li: pl.DataFrame, table: str) -> pl.DataFrame:
    """Two-sided table rows tagged with their role: income items (before 本年收入合计),
    类 rows, the closing rows and the carry-over rows (name contains 结转, or a part of such a
    row). Income rows carry their place in the printed hierarchy (``_income_tree``):
    ``_parent_pos`` (null at the top level) and ``leaf`` (no part printed under it); a row of
    a 其中 list (``_shares``) is a share of the row above, no addend, and has no role."""
    # a row's position: its 序号, else (a template printing none) its line
    t = li.filter(pl.col("table_id") == table).with_columns(
        _pos=pl.coalesce(pl.col("row_no"), pl.col("source_line")),
        # closing rows by name, also numbered (Hangzhou: 一、本年支出合计)
        _closing=pl.col("name")
        .str.replace(LIST_DEPTH[0][0], "")
        .replace_strict(_CLOSING_NAMES, default=None),
    )
    income = pl.col("side") == "income"
    name = pl.col("name")
    pos, closing = pl.col("_pos"), pl.col("_closing")
    current = closing == "current_total"
    # items end at 本年收入合计 (a template without it — Shanghai prints only 收入总计 — at
    # 收入总计); under a heading 一、本年收入 printed above its parts (Beijing 预算04表: 一、本年收入 /
    # （一）一般公共预算资金 / 二、上年结转 / （一）一般公共预算拨款) they are the rows between it and
    # the carry-over
    income_rows = (
        t.filter(income)
        .group_by("doc_id")
        .agg(
            total_row_no=pos.filter(current)
            .min()
            .fill_null(pos.filter(closing.is_not_null()).min()),
            heading_row_no=pos.filter(current & ~name.str.contains("合计")).min(),
            carry_row_no=pos.filter(
                closing.is_null()
                & name.str.contains(_CARRYOVER)
                & (pos > pos.filter(current).min())
            ).min(),
        )
    )
    t = (
        t.join(income_rows, on="doc_id", how="left")
        .join(_shares(t), on=["doc_id", "table_id", "_pos"], how="left")
        .with_columns(
            pl.col("_share").fill_null(False),
            _under_heading=(
                (pos > pl.col("heading_row_no")) & (pos < pl.col("carry_row_no").fill_null(pos + 1))
            ).fill_null(False),
        )
    )
    name = pl.col("name")
    # other total rows (Jiangsu's 当年收入小计, 收入合计) are neither items nor parents
    lines = (
        t.filter(
            income
            & pl.col("_closing").is_null()
            & ~pl.col("_share")
            & ~name.str.contains("[合小总]计$")
        )
        .select(
            "doc_id",
            "table_id",
            "_pos",
            "name",
            _section=(pos >= pl.col("total_row_no")) & ~pl.col("_under_heading"),
        )
        .unique()
    )
    tree = _income_tree(lines)
    roots = tree.select("doc_id", "table_id", _root_pos="_pos", _root_name="name")
    parents = (
        tree.select("doc_id", "table_id", "_parent_pos")
        .drop_nulls()
        .unique()
        .with_columns(leaf=pl.lit(False))
    )
    tree = (
        tree.join(roots, on=["doc_id", "table_id", "_root_pos"], how="left")
        .join(
            parents,
            left_on=["doc_id", "table_id", "_pos"],
            right_on=["doc_id", "table_id", "_parent_pos"],
            how="left",
        )
        .select(
            "doc_id",
            "table_id",
            "_pos",
            "name",
            "_parent_pos",
            "_root_name",
            pl.col("leaf").fill_null(True),
        )
    )
    t = t.join(tree, on=["doc_id", "table_id", "_pos", "name"], how="left")
    role = (
        pl.when(pl.col("_closing").is_not_null())
        .then(pl.col("_closing"))
        .when(
            income
            & pl.col("_root_name").is_null()
            & (pl.col("_share") | name.str.contains("[合小总]计$"))
        )
        .then(None)
        .when(income & pl.col("_root_name").fill_null(name).str.contains(_CARRYOVER))
        .then(pl.lit("carryover"))
        .when(~income & name.str.contains(_CARRYOVER))
        .then(pl.lit("carryover"))
        .when(~income & (pl.col("code") != ""))
        .then(pl.lit("item"))
        .when(
            income
            & pl.col("_root_name").is_not_null()
            & ((pos < pl.col("total_row_no")) | pl.col("_under_heading"))
        )
        .then(pl.lit("item"))
        .otherwise(None)
    )
    return (
        t.with_columns(role=role)
        .filter(pl.col("role").is_not_null())
        .drop("_closing", "_root_name", "_section", "_share", "_under_heading", strict=False)
    )


TWO_SIDED_TABLES = ("income_expenditure_summary", "fiscal_appropriation_summary")


def two_sided_rows(li: pl.DataFrame) -> pl.DataFrame:
    """``closing_rows`` of both two-sided tables, read once per batch: the two-sided, cross-table
    and narrative checks all read them (each reading cost a batch some 40 polars operations)."""
    return pl.concat([closing_rows(li, t) for t in TWO_SIDED_TABLES])


def check_two_sided(closing: pl.DataFrame) -> pl.DataFrame:
    """W1/W2 (收支总表) and W6 (财政拨款收支总表): 本年合计 = Σ items; 总计 = 本年合计 +
    结转; 收入总计 = 支出总计. ``closing``: ``two_sided_rows``."""
    parts = []
    income = pl.col("side") == "income"
    role = pl.col("role")
    for table, sum_id, total_id in (
        ("income_expenditure_summary", "W1", "W2"),
        ("fiscal_appropriation_summary", "W6", "W6"),
    ):
        base = closing.filter(pl.col("table_id") == table)
        # a top-level income item adds to 本年收入合计, or straight to 收入总计 where the table
        # prints no 本年收入合计 (Hangzhou's 财政拨款收支总表: 一、财政拨款, 二、上年结转结余)
        no_current = (
            base.filter(income).group_by("doc_id").agg(_no_current=(role != "current_total").all())
        )
        # income rows are keyed by position (a name can repeat under two parents), closing
        # rows by role, expenditure 类 by code
        base = base.join(no_current, on="doc_id", how="left").with_columns(
            key=pl.when(role.is_in(["current_total", "grand_total"]))
            .then(role)
            .when(pl.col("code") != "")
            .then(pl.col("code"))
            .when(income)
            .then(pl.format("#{}", pl.col("_pos")))
            .otherwise(pl.col("name")),
            _part_of=pl.format("#{}", pl.col("_parent_pos")),
        )
        top = pl.col("_parent_pos").is_null()
        # 本年合计 = Σ top-level items; a row printed with parts under it = Σ its parts
        parts.append(
            parent_sum(
                base.filter(role != "grand_total").with_columns(
                    parent_key=pl.when(~top)
                    .then("_part_of")
                    .when(role == "item")
                    .then(pl.lit("current_total"))
                ),
                sum_id,
                "Σ各项",
            )
        )
        parts.append(
            parent_sum(
                base.filter(
                    role.is_in(["current_total", "grand_total"])
                    | (top & (role == "carryover"))
                    | (income & top & pl.col("_no_current").fill_null(False))
                ).with_columns(
                    parent_key=pl.when(role != "grand_total").then(pl.lit("grand_total"))
                ),
                total_id,
                "本年合计+结转",
            )
        )
        # 收入总计 (income amount) = 支出总计 (expenditure amount/total column)
        totals = base.filter(role == "grand_total")
        inc = totals.filter(income)
        exp = totals.filter(~income & pl.col("column_id").is_in(["amount", "total"]))
        both = inc.join(exp, on="doc_id", how="inner", suffix="_exp")  # both printed
        parts.append(
            one_to_one(
                both,
                total_id,
                table,
                pl.col("column_id").fill_null(pl.col("column_id_exp")),
                f"{table}/收入总计~支出总计",
                pl.col("amount_wan").fill_null(Decimal(0)),
                pl.col("amount_wan_exp").fill_null(Decimal(0)),
                pl.lit(f"{TABLE_NAMES[table]} 收入总计"),
                pl.lit("支出总计"),
            )
        )
    return pl.concat(parts)


def income_items(closing: pl.DataFrame, table: str) -> pl.DataFrame:
    """A two-sided table's income items printed with no parts under them: each amount once
    (一、财政拨款 is the sum of the 1.一般公共预算拨款 … printed below it). ``closing``:
    ``two_sided_rows``."""
    return closing.filter(
        (pl.col("table_id") == table)
        & (pl.col("role") == "item")
        & (pl.col("side") == "income")
        & pl.col("leaf")
    )
