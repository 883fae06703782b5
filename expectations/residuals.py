"""Warning-grade accounting identities (guide §3) as residual rows, computed with polars.

Every check yields one row per compared pair — passed or not — with the exact decimal
numbers on both sides, so great-expectations can judge them and detection can turn the
failures into flags. Blank cells produce no line item and count as 0 (guide §3).

Conventions: ``actual`` is the figure being checked (a printed parent, a table cell, the
narrative's number, Σ project budgets), ``expected`` what the identity says it should be;
``residual = actual − expected``; ``tolerance`` = per-term allowance × number of summed terms.
"""
from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import AMOUNT, Frames
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.contract.tables import TOTAL, three_public_role

KINDS = {
    "W": "identity_break",
    "X": "cross_table_mismatch",
    "N": "narrative_mismatch",
}
# X8 compares the narrative's 机关运行经费 with 基本支出表; X9 the projects with 支出总表.
# X12: the asset table's 资产总额 = Σ categories (an in-table sum); X12n: the narrative's
# 上年末固定资产金额 = that 资产总额.
KIND_OVERRIDES = {"X8": "narrative_mismatch", "X9": "project_sum_mismatch",
                  "X10": "project_sum_mismatch", "X12": "identity_break",
                  "X12n": "narrative_mismatch"}

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
    "amount": "", "total": "合计", "basic": "基本支出", "project": "项目支出",
    "subtotal": "本年收入小计", "carryover": "上年结转", "personnel": "人员经费",
    "public_funds": "公用经费", "general_budget": "一般公共预算", "gov_fund": "政府性基金",
    "state_capital": "国有资本经营", "fiscal_appropriation": "财政拨款收入",
    "fiscal_special_account": "财政专户收入", "operating_revenue": "事业收入",
    "business_revenue": "经营收入", "superior_subsidy": "上级补助收入",
    "affiliated_remittance": "附属单位上缴收入", "other_revenue": "其他收入",
    "business_expenditure": "经营支出", "remit_to_superior": "上解上级支出",
    "subsidy_to_affiliated": "对附属单位补助支出",
}

FUNCTION_TREE_TABLES = ("income_summary", "expenditure_summary", "general_budget_expenditure",
                        "gov_fund_expenditure", "state_capital_expenditure")
ECONOMIC_TABLE = "general_budget_basic_expenditure"

# Row-wise identities: (check id, table, side, total column, addend columns).
ROWWISE = (
    ("W4", "income_summary", "", "total", ("subtotal", "carryover")),
    ("W4", "income_summary", "", "subtotal",
     ("fiscal_appropriation", "fiscal_special_account", "operating_revenue", "business_revenue",
      "superior_subsidy", "affiliated_remittance", "other_revenue")),
    ("W5", "expenditure_summary", "", "total",
     ("basic", "project", "business_expenditure", "remit_to_superior", "subsidy_to_affiliated")),
    ("W5", "general_budget_expenditure", "", "total", ("basic", "project")),
    ("W5", "gov_fund_expenditure", "", "total", ("basic", "project")),
    ("W5", "state_capital_expenditure", "", "total", ("basic", "project")),
    ("W6", "fiscal_appropriation_summary", "expenditure", "total",
     ("general_budget", "gov_fund", "state_capital")),
    ("W7", ECONOMIC_TABLE, "", "total", ("personnel", "public_funds")),
    ("W10", "three_public_expenses", "", "total", ("general_budget", "gov_fund", "state_capital")),
)

# The parent of each 三公 row's role (contract.tables.three_public_role).
THREE_PUBLIC_PARENT = {
    "abroad": "subtotal", "vehicle": "subtotal", "reception": "subtotal",
    "abroad_research": "abroad", "abroad_other": "abroad",
    "vehicle_purchase": "vehicle", "vehicle_operation": "vehicle",
}


# ---------------------------------------------------------------------------------------
# Inputs


def _line_items(frames: Frames) -> pl.DataFrame:
    """Line items with null code/side/name made "" and wrap spaces removed from names."""
    return frames.line_items.select(
        "doc_id", "table_id",
        pl.col("side").fill_null(""),
        "row_no",
        pl.col("code").fill_null(""),
        pl.col("name").fill_null("").str.replace_all(r"\s+", ""),
        "column_id", "amount_wan", "source_line",
    )


def with_leaf_parents(li: pl.DataFrame) -> pl.DataFrame:
    """``li`` plus, for a coded table that prints its leaves only (Beijing 预算03/05表: 项 rows
    2013601 行政运行 and a 合计, no 类 or 款 row; 预算06表: 款 rows only), the 类/款 sums of
    those leaves as rows of their own (no source line): the identities of a hierarchical
    table (合计 = Σ 类, 收支总表 类 = 支出总表 类, 人员经费 = Σ 301+303) then hold or fail
    on what is printed. A table printing any parent row is left as printed: a parent missing
    there is a defect to report."""
    coded = li.filter(pl.col("table_id").is_in((*FUNCTION_TREE_TABLES, ECONOMIC_TABLE))
                      & (pl.col("side") == "") & (pl.col("code").str.len_chars() > 3))
    ids = ["doc_id", "table_id"]
    codes = li.filter(pl.col("code") != "").select(*ids, "code").unique()
    with_parent = coded.select(*ids, code=pl.col("code").str.slice(
        0, pl.col("code").str.len_chars() - 2)).join(codes, on=[*ids, "code"], how="semi")
    leaves = coded.join(with_parent.select(ids).unique(), on=ids, how="anti")
    derived = [
        leaves.filter(pl.col("code").str.len_chars() > size).group_by(
            *ids, "side", "column_id", code=pl.col("code").str.slice(0, size)
        ).agg(pl.col("amount_wan").sum())
        for size in (3, 5)
    ]
    return pl.concat([li, *derived], how="diagonal_relaxed").with_columns(
        pl.col("name").fill_null(""))


def available_tables(frames: Frames) -> pl.DataFrame:
    """(doc_id, table_id) of tables a document carries: present or empty-with-note per
    table_status, or any table with line items (frames built without table_status)."""
    return pl.concat([
        frames.table_status.filter(pl.col("status") != "missing").select("doc_id", "table_id"),
        frames.line_items.select("doc_id", "table_id"),
    ]).unique()


def _both_available(df: pl.DataFrame, avail: pl.DataFrame, *tables: str) -> pl.DataFrame:
    for t in tables:
        df = df.join(avail.filter(pl.col("table_id") == t).select("doc_id"), on="doc_id",
                     how="semi")
    return df


def printed_columns(frames: Frames, li: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, table_id, column_id, coded): the columns a document's tables print, and whether
    with coded rows. A blank cell in a printed column is 0 (guide §3); a column or a coded level
    the template does not print at all (Jiangsu's 基本支出表 has no 人员经费 column, its 支出总表
    only a 合计 row) is no zero to compare. A table printed empty with its note counts as
    printing every column (column_id "*"): its zeros are stated."""
    cols = li.group_by("doc_id", "table_id", "column_id").agg(
        coded=(pl.col("code").fill_null("") != "").any())
    empty = frames.table_status.filter(pl.col("status") == "empty_with_note").select(
        "doc_id", "table_id", column_id=pl.lit("*"), coded=pl.lit(True))
    return pl.concat([cols, empty]).unique()


def _printed(df: pl.DataFrame, printed: pl.DataFrame, table: str, column: str,
             coded: pl.Expr | bool = False) -> pl.DataFrame:
    """Rows of ``df`` whose document prints ``table``'s ``column`` — with coded rows where
    ``coded`` (an expression over ``df`` or a constant) is true."""
    p = printed.filter((pl.col("table_id") == table) & pl.col("column_id").is_in([column, "*"]))
    p = p.group_by("doc_id").agg(_coded=pl.col("coded").any())
    need = coded if isinstance(coded, pl.Expr) else pl.lit(coded)
    return df.join(p, on="doc_id", how="inner").filter(~need | pl.col("_coded")).drop("_coded")


# ---------------------------------------------------------------------------------------
# Check builders. Each returns the common intermediate columns:
# doc_id, check_id, table_id, code, column_id, subject, actual, expected, n_terms,
# source_line, actual_desc, expected_desc.

_INTERMEDIATE = {
    "doc_id": pl.String, "check_id": pl.String, "table_id": pl.String, "code": pl.String,
    "column_id": pl.String, "subject": pl.String, "actual": AMOUNT, "expected": AMOUNT,
    "n_terms": pl.Int32, "source_line": pl.Int32, "actual_desc": pl.String,
    "expected_desc": pl.String,
}


def _desc(table: pl.Expr | str, label: pl.Expr, column: pl.Expr | str) -> pl.Expr:
    """'支出总表 206 科学技术支出 合计' from table id, row label and column id."""
    table = pl.lit(table) if isinstance(table, str) else table
    column = pl.lit(column) if isinstance(column, str) else column
    return pl.concat_str(
        [table.replace_strict(TABLE_NAMES, default=table), label,
         column.replace_strict(COLUMN_NAMES, default=column)],
        separator=" ",
    ).str.strip_chars()


def _parent_sum(rows: pl.DataFrame, check_id: str, child_word: str) -> pl.DataFrame:
    """Parent = Σ children, per column. ``rows``: doc_id, table_id, side, key, parent_key,
    name, column_id, amount_wan, source_line; a row with no parent has parent_key null.
    Only parents that have children in the document are checked; a coded parent row that is
    missing or blank in a column where its children carry amounts counts as 0. A named parent
    (合计, 本年支出合计, 收入总计, "三公"经费小计 …) with no amount in any column is not checked:
    another template names that row differently, or prints none."""
    ids = ["doc_id", "table_id", "side"]
    children = rows.filter(pl.col("parent_key").is_not_null())
    sums = children.group_by([*ids, "parent_key", "column_id"]).agg(
        expected=pl.col("amount_wan").sum(), n_terms=pl.len().cast(pl.Int32),
    ).rename({"parent_key": "key"})
    parents = rows.select([*ids, "key", "column_id", "amount_wan", "source_line"])
    has_children = children.select([*ids, pl.col("parent_key").alias("key")]).unique()
    names = rows.group_by([*ids, "key"]).agg(pl.col("name").first())
    is_code = pl.col("key").str.contains(r"^\d+$")
    named_printed = parents.filter(~is_code).select([*ids, "key"]).unique().with_columns(
        _named=pl.lit(True))
    out = (
        sums.join(parents, on=[*ids, "key", "column_id"], how="full", coalesce=True)
        .join(has_children, on=[*ids, "key"], how="semi")
        .join(names, on=[*ids, "key"], how="left")
        .join(named_printed, on=[*ids, "key"], how="left")
        .filter(is_code | pl.col("_named").fill_null(False))
    )
    printed = pl.when(is_code).then(pl.col("key")).otherwise(
        pl.col("name").fill_null(pl.col("key")))
    label = pl.when(is_code).then(
        pl.concat_str([pl.col("key"), pl.col("name").fill_null("(缺行)")], separator=" ")
    ).otherwise(printed)
    side = pl.when(pl.col("side") != "").then(pl.col("side") + "/").otherwise(pl.lit(""))
    return out.select(
        "doc_id", pl.lit(check_id).alias("check_id"), "table_id",
        pl.when(is_code).then(pl.col("key")).otherwise(pl.lit("")).alias("code"), "column_id",
        pl.concat_str([pl.col("table_id"), pl.lit("/"), side, printed, pl.lit("/"),
                       pl.col("column_id")]).alias("subject"),
        pl.col("amount_wan").fill_null(Decimal(0)).alias("actual"),
        pl.col("expected").fill_null(Decimal(0)),
        pl.col("n_terms").fill_null(0).clip(lower_bound=1),
        "source_line",
        _desc(pl.col("table_id"), label, pl.col("column_id")).alias("actual_desc"),
        pl.lit(child_word).alias("expected_desc"),
    )


def _tree_rows(li: pl.DataFrame, tables: tuple[str, ...]) -> pl.DataFrame:
    """Coded rows with parent = code minus its last two digits; 类 rows' parent is 合计."""
    coded = li.filter(pl.col("table_id").is_in(tables) & (pl.col("code") != ""))
    total = li.filter(pl.col("table_id").is_in(tables) & (pl.col("code") == "")
                      & (pl.col("name") == TOTAL))
    n = pl.col("code").str.len_chars()
    return pl.concat([
        coded.with_columns(
            key=pl.col("code"),
            parent_key=pl.when(n > 3).then(pl.col("code").str.slice(0, n - 2))
            .otherwise(pl.lit(TOTAL)),
        ),
        total.with_columns(key=pl.lit(TOTAL), parent_key=pl.lit(None, pl.String)),
    ], how="diagonal_relaxed")


def _parents_with_uncoded_rows(li: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, table_id, code) of coded parents under which the table prints a named row the
    reader could give no code (a template printing names only, Hangzhou, whose 款
    超长期特别国债安排的支出 is missing from the partial catalogue): Σ of the coded children
    would leave that row out, so the printed parent is not checked. A row belongs to the
    coded rows above it: the 类 and 款 of the nearest coded row above."""
    rows = li.filter(~pl.col("name").str.contains("[合小总]计$")).select(
        "doc_id", "table_id", "source_line", "code").unique().sort("source_line")
    anchor = pl.when(pl.col("code") != "").then(pl.col("code")).forward_fill().over(
        "doc_id", "table_id", order_by="source_line")
    uncoded = rows.with_columns(_anchor=anchor).filter(
        (pl.col("code") == "") & pl.col("_anchor").is_not_null())
    return pl.concat([
        uncoded.select("doc_id", "table_id", code=pl.col("_anchor").str.slice(0, n))
        .filter(pl.col("code").str.len_chars() == n) for n in (3, 5)
    ]).unique()


def check_trees(li: pl.DataFrame) -> pl.DataFrame:
    """W3 (function-code tables) and W7 (基本支出表 类 = Σ 款, 合计 = Σ 类), every column."""
    sums = pl.concat([
        _parent_sum(_tree_rows(li, FUNCTION_TREE_TABLES), "W3", "Σ下级科目"),
        _parent_sum(_tree_rows(li, (ECONOMIC_TABLE,)), "W7", "Σ下级科目"),
    ])
    # a parent row not printed at all (source_line null) stays a break whatever lies under it
    incomplete = sums.filter(pl.col("source_line").is_not_null()).join(
        _parents_with_uncoded_rows(li), on=["doc_id", "table_id", "code"], how="semi")
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
    incomplete = findings.filter(pl.col("kind").is_in(["unmapped_column", "ambiguous_column",
                                                       "summed_columns"])
                                 ).select("doc_id", "table_id").unique()
    li = li.join(incomplete, on=["doc_id", "table_id"], how="anti")
    parts = []
    keys = ["doc_id", "table_id", "side", "row_no", "code", "name"]
    for check_id, table, side, total_col, addends in ROWWISE:
        t = li.filter((pl.col("table_id") == table) & (pl.col("side") == side)
                      & pl.col("column_id").is_in([total_col, *addends]))
        t = t.filter((pl.col("column_id") != total_col).any().over("doc_id")
                     & (pl.col("column_id") == total_col).any().over("doc_id"))
        is_total = pl.col("column_id") == total_col
        agg = t.group_by(keys).agg(
            actual=pl.col("amount_wan").filter(is_total).sum(),
            expected=pl.col("amount_wan").filter(~is_total).sum(),
            n_terms=(~is_total).sum().cast(pl.Int32),
            source_line=pl.col("source_line").filter(is_total).first()
            .fill_null(pl.col("source_line").min()),
        )
        key = pl.when(pl.col("code") != "").then(pl.col("code")).otherwise(pl.col("name"))
        label = pl.concat_str([pl.col("code"), pl.col("name")], separator=" ").str.strip_chars()
        parts.append(agg.select(
            "doc_id", pl.lit(check_id).alias("check_id"), "table_id", "code",
            pl.lit(total_col).alias("column_id"),
            pl.concat_str(["table_id", key, pl.lit(f"{total_col}~{'+'.join(addends)}")],
                          separator="/").alias("subject"),
            "actual", "expected", pl.col("n_terms").clip(lower_bound=1), "source_line",
            _desc(table, label, total_col).alias("actual_desc"),
            pl.lit("+".join(COLUMN_NAMES[a] for a in addends)).alias("expected_desc"),
        ))
    return pl.concat(parts)


# List prefixes by depth: 一、 over （一） over 1. over (1). Rust regex has no look-ahead, so
# "1." must be followed by a non-digit to be a prefix and not an amount.
_LIST_DEPTH = ((r"^[一二三四五六七八九十]+[、.．]", 1), (r"^[(（][一二三四五六七八九十]+[)）]", 2),
               (r"^\d{1,2}[、.．]\D", 3), (r"^[(（]\d{1,3}[)）]", 4))
# 本年收入 / 本年支出: a heading printed above the year's items (Beijing 预算04表: 一、本年收入)
_CLOSING_NAMES = {"本年收入合计": "current_total", "本年支出合计": "current_total",
                  "本年收入": "current_total", "本年支出": "current_total",
                  "收入总计": "grand_total", "支出总计": "grand_total", "总计": "grand_total"}
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
    for pattern, d in reversed(_LIST_DEPTH):
        depth = pl.when(pl.col("name").str.contains(pattern)).then(pl.lit(d, pl.Int32)).otherwise(
            depth)
    rows = rows.with_columns(_depth=depth).with_columns(
        _depth=pl.coalesce(
            "_depth",
            pl.when(pl.col("_depth").is_not_null().cum_sum().over(group, order_by="_pos") > 0)
            .then(pl.lit(9, pl.Int32)).otherwise(pl.lit(0, pl.Int32))))
    # the last row above of each depth that can be a parent; the nearest less deep one wins
    last = {d: pl.when(pl.col("_depth") == d).then(pl.col("_pos")).forward_fill()
            .over(group, order_by="_pos") for d in range(5)}
    parent = pl.max_horizontal(*[pl.when(pl.col("_depth") > d).then(e) for d, e in last.items()])
    return rows.with_columns(_parent_pos=parent).with_columns(
        _root_pos=pl.when(pl.col("_parent_pos").is_null()).then(pl.col("_pos")).forward_fill()
        .over(group, order_by="_pos")).drop("_depth")


def _shares(t: pl.DataFrame) -> pl.DataFrame:
    """Income rows of a 其中 list (doc_id, table_id, _pos, _share): 其中：X, and the next row
    非X naming the rest (Xi'an 160: 上年结转 / 其中：财政拨款资金结转 / 非财政拨款资金结余) —
    shares of the row above, never addends."""
    rows = (t.filter(pl.col("side") == "income").select("doc_id", "table_id", "_pos", "name")
            .unique(["doc_id", "table_id", "_pos"]).sort("_pos"))
    name = pl.col("name")
    prev = name.shift(1).over("doc_id", "table_id", order_by="_pos")
    listed = prev.str.replace("^其中[:：]?", "").str.slice(0, 2)
    rest = (name.str.starts_with("非") & prev.str.starts_with("其中")
            & (name.str.slice(1, 2) == listed)).fill_null(False)
    return rows.select("doc_id", "table_id", "_pos",
                       _share=name.str.starts_with("其中") | rest)


def _closing_rows(li: pl.DataFrame, table: str) -> pl.DataFrame:
    """Two-sided table rows tagged with their role: income items (before 本年收入合计),
    类 rows, the closing rows and the carry-over rows (name contains 结转, or a part of such a
    row). Income rows carry their place in the printed hierarchy (``_income_tree``):
    ``_parent_pos`` (null at the top level) and ``leaf`` (no part printed under it); a row of
    a 其中 list (``_shares``) is a share of the row above, no addend, and has no role."""
    # a row's position: its 序号, else (a template printing none) its line
    t = li.filter(pl.col("table_id") == table).with_columns(
        _pos=pl.coalesce(pl.col("row_no"), pl.col("source_line")),
        # closing rows by name, also numbered (Hangzhou: 一、本年支出合计)
        _closing=pl.col("name").str.replace(_LIST_DEPTH[0][0], "").replace_strict(
            _CLOSING_NAMES, default=None))
    income = pl.col("side") == "income"
    name = pl.col("name")
    pos, closing = pl.col("_pos"), pl.col("_closing")
    current = closing == "current_total"
    # items end at 本年收入合计 (a template without it — Shanghai prints only 收入总计 — at
    # 收入总计); under a heading 一、本年收入 printed above its parts (Beijing 预算04表: 一、本年收入 /
    # （一）一般公共预算资金 / 二、上年结转 / （一）一般公共预算拨款) they are the rows between it and
    # the carry-over
    income_rows = t.filter(income).group_by("doc_id").agg(
        total_row_no=pos.filter(current).min().fill_null(pos.filter(closing.is_not_null()).min()),
        heading_row_no=pos.filter(current & ~name.str.contains("合计")).min(),
        carry_row_no=pos.filter(closing.is_null() & name.str.contains(_CARRYOVER)
                                & (pos > pos.filter(current).min())).min())
    t = t.join(income_rows, on="doc_id", how="left").join(
        _shares(t), on=["doc_id", "table_id", "_pos"], how="left").with_columns(
        pl.col("_share").fill_null(False),
        _under_heading=((pos > pl.col("heading_row_no"))
                        & (pos < pl.col("carry_row_no").fill_null(pos + 1))).fill_null(False))
    name = pl.col("name")
    # other total rows (Jiangsu's 当年收入小计, 收入合计) are neither items nor parents
    lines = t.filter(
        income & pl.col("_closing").is_null() & ~pl.col("_share")
        & ~name.str.contains("[合小总]计$")
    ).select("doc_id", "table_id", "_pos", "name",
             _section=(pos >= pl.col("total_row_no")) & ~pl.col("_under_heading")).unique()
    tree = _income_tree(lines)
    roots = tree.select("doc_id", "table_id", _root_pos="_pos", _root_name="name")
    parents = tree.select("doc_id", "table_id", "_parent_pos").drop_nulls().unique().with_columns(
        leaf=pl.lit(False))
    tree = tree.join(roots, on=["doc_id", "table_id", "_root_pos"], how="left").join(
        parents, left_on=["doc_id", "table_id", "_pos"],
        right_on=["doc_id", "table_id", "_parent_pos"], how="left").select(
        "doc_id", "table_id", "_pos", "name", "_parent_pos", "_root_name",
        pl.col("leaf").fill_null(True))
    t = t.join(tree, on=["doc_id", "table_id", "_pos", "name"], how="left")
    role = (
        pl.when(pl.col("_closing").is_not_null()).then(pl.col("_closing"))
        .when(income & pl.col("_root_name").is_null()
              & (pl.col("_share") | name.str.contains("[合小总]计$")))
        .then(None)
        .when(income & pl.col("_root_name").fill_null(name).str.contains(_CARRYOVER))
        .then(pl.lit("carryover"))
        .when(~income & name.str.contains(_CARRYOVER)).then(pl.lit("carryover"))
        .when(~income & (pl.col("code") != "")).then(pl.lit("item"))
        .when(income & pl.col("_root_name").is_not_null()
              & ((pos < pl.col("total_row_no")) | pl.col("_under_heading"))).then(pl.lit("item"))
        .otherwise(None)
    )
    return t.with_columns(role=role).filter(pl.col("role").is_not_null()).drop(
        "_closing", "_root_name", "_section", "_share", "_under_heading", strict=False)


def check_two_sided(li: pl.DataFrame) -> pl.DataFrame:
    """W1/W2 (收支总表) and W6 (财政拨款收支总表): 本年合计 = Σ items; 总计 = 本年合计 +
    结转; 收入总计 = 支出总计."""
    parts = []
    income = pl.col("side") == "income"
    role = pl.col("role")
    for table, sum_id, total_id in (("income_expenditure_summary", "W1", "W2"),
                                    ("fiscal_appropriation_summary", "W6", "W6")):
        base = _closing_rows(li, table)
        # a top-level income item adds to 本年收入合计, or straight to 收入总计 where the table
        # prints no 本年收入合计 (Hangzhou's 财政拨款收支总表: 一、财政拨款, 二、上年结转结余)
        no_current = base.filter(income).group_by("doc_id").agg(
            _no_current=(role != "current_total").all())
        # income rows are keyed by position (a name can repeat under two parents), closing
        # rows by role, expenditure 类 by code
        base = base.join(no_current, on="doc_id", how="left").with_columns(
            key=pl.when(role.is_in(["current_total", "grand_total"])).then(role)
            .when(pl.col("code") != "").then(pl.col("code"))
            .when(income).then(pl.format("#{}", pl.col("_pos")))
            .otherwise(pl.col("name")),
            _part_of=pl.format("#{}", pl.col("_parent_pos")))
        top = pl.col("_parent_pos").is_null()
        # 本年合计 = Σ top-level items; a row printed with parts under it = Σ its parts
        parts.append(_parent_sum(
            base.filter(role != "grand_total").with_columns(
                parent_key=pl.when(~top).then("_part_of")
                .when(role == "item").then(pl.lit("current_total"))),
            sum_id, "Σ各项",
        ))
        parts.append(_parent_sum(
            base.filter(role.is_in(["current_total", "grand_total"])
                        | (top & (role == "carryover"))
                        | (income & top & pl.col("_no_current").fill_null(False)))
            .with_columns(
                parent_key=pl.when(role != "grand_total").then(pl.lit("grand_total"))),
            total_id, "本年合计+结转",
        ))
        # 收入总计 (income amount) = 支出总计 (expenditure amount/total column)
        totals = base.filter(role == "grand_total")
        inc = totals.filter(income)
        exp = totals.filter(~income & pl.col("column_id").is_in(["amount", "total"]))
        both = inc.join(exp, on="doc_id", how="inner", suffix="_exp")  # both printed
        parts.append(both.select(
            "doc_id", pl.lit(total_id).alias("check_id"), pl.lit(table).alias("table_id"),
            pl.lit("").alias("code"), pl.col("column_id").fill_null(pl.col("column_id_exp")),
            pl.lit(f"{table}/收入总计~支出总计").alias("subject"),
            pl.col("amount_wan").fill_null(Decimal(0)).alias("actual"),
            pl.col("amount_wan_exp").fill_null(Decimal(0)).alias("expected"),
            pl.lit(1, pl.Int32).alias("n_terms"), "source_line",
            pl.lit(f"{TABLE_NAMES[table]} 收入总计").alias("actual_desc"),
            pl.lit("支出总计").alias("expected_desc"),
        ))
    return pl.concat(parts)


def _own_personnel_split(t: pl.DataFrame, personnel_classes: list[str]) -> pl.DataFrame:
    """doc_id of 基本支出表s whose 类 rows print a split against the convention: a 人员经费
    amount on another 类 or a 公用经费 amount on a personnel 类 (Xi'an counts 30239 其他交通费用
    in 302's 人员经费) and add up to the 合计 row's: the page states its own split (W7 checks
    it) and the convention is not the template's."""
    cls = pl.col("code").str.len_chars() == 3
    personnel = pl.col("code").is_in(personnel_classes)
    against = ((~personnel & (pl.col("column_id") == "personnel"))
               | (personnel & (pl.col("column_id") == "public_funds")))
    own = t.filter(cls & against & (pl.col("amount_wan") != 0)).select("doc_id").unique()
    # only where that split adds up to the 合计 row: a misread cell is no stated split
    split = pl.col("column_id").is_in(["personnel", "public_funds"])
    sums = t.filter(cls & split).group_by("doc_id", "column_id").agg(
        classes=pl.col("amount_wan").sum(), n=pl.len())
    total = t.filter((pl.col("code") == "") & (pl.col("name") == TOTAL) & split).select(
        "doc_id", "column_id", "amount_wan")
    gap = pl.col("classes").fill_null(Decimal(0)) - pl.col("amount_wan").fill_null(Decimal(0))
    off = sums.join(total, on=["doc_id", "column_id"], how="full", coalesce=True).filter(
        gap.abs() > pl.col("n").fill_null(1).cast(AMOUNT) * Decimal("0.01"))
    return own.join(off, on="doc_id", how="anti")


def check_personnel_split(li: pl.DataFrame, personnel_classes: list[str],
                          printed: pl.DataFrame) -> pl.DataFrame:
    """W8: 基本支出表 合计 人员经费 = Σ personnel 类; 公用经费 = Σ the other 类 (documents
    whose 基本支出表 prints that column)."""
    t = li.filter(pl.col("table_id") == ECONOMIC_TABLE)
    t = t.join(_own_personnel_split(t, personnel_classes), on="doc_id", how="anti")
    classes = t.filter((pl.col("code").str.len_chars() == 3) & (pl.col("column_id") == "total"))
    sums = classes.group_by("doc_id").agg(
        personnel=pl.col("amount_wan").filter(pl.col("code").is_in(personnel_classes)).sum(),
        n_personnel=pl.col("code").is_in(personnel_classes).sum(),
        public_funds=pl.col("amount_wan").filter(~pl.col("code").is_in(personnel_classes)).sum(),
        n_public_funds=(~pl.col("code").is_in(personnel_classes)).sum(),
    )
    totals = t.filter((pl.col("code") == "") & (pl.col("name") == TOTAL)
                      & pl.col("column_id").is_in(["personnel", "public_funds"]))
    parts = []
    for col in ("personnel", "public_funds"):
        cls = "+".join(personnel_classes) if col == "personnel" else "其他类"
        joined = sums.join(totals.filter(pl.col("column_id") == col), on="doc_id", how="full",
                           coalesce=True)
        parts.append(
            _printed(joined, printed, ECONOMIC_TABLE, col).select(
                "doc_id", pl.lit("W8").alias("check_id"), pl.lit(ECONOMIC_TABLE).alias("table_id"),
                pl.lit("").alias("code"), pl.lit(col).alias("column_id"),
                pl.lit(f"{ECONOMIC_TABLE}/{TOTAL}/{col}").alias("subject"),
                pl.col("amount_wan").fill_null(Decimal(0)).alias("actual"),
                pl.col(col).fill_null(Decimal(0)).alias("expected"),
                pl.col(f"n_{col}").fill_null(0).clip(lower_bound=1).cast(pl.Int32)
                .alias("n_terms"),
                "source_line",
                pl.lit(f"基本支出表 合计 {COLUMN_NAMES[col]}").alias("actual_desc"),
                pl.lit(f"Σ{cls} 合计").alias("expected_desc"),
            ))
    return pl.concat(parts)


def check_three_public(li: pl.DataFrame) -> pl.DataFrame:
    """W9: 三公小计 = 出国 + 车 + 接待; 车 = 购置 + 运行维护; 出国 = 教学科研 + 其他."""
    t = li.filter(pl.col("table_id") == "three_public_expenses").with_columns(
        key=three_public_role())
    rows = t.filter(pl.col("key").is_in(["subtotal", *THREE_PUBLIC_PARENT])).with_columns(
        parent_key=pl.col("key").replace_strict(THREE_PUBLIC_PARENT, default=None))
    return _parent_sum(rows, "W9", "Σ组成项")


def _select(li: pl.DataFrame, table: str, column: str, side: str = "",
            levels: tuple[int, ...] | None = None, total_names: tuple[str, ...] = (TOTAL,)):
    """Rows of one table column keyed by code, plus its total row keyed as 合计."""
    t = li.filter((pl.col("table_id") == table) & (pl.col("side") == side)
                  & (pl.col("column_id") == column))
    coded = t.filter(pl.col("code") != "")
    if levels:
        coded = coded.filter(pl.col("code").str.len_chars().is_in(levels))
    total = t.filter((pl.col("code") == "") & pl.col("name").is_in(total_names))
    # a code printed on several rows (Beijing lists it per unit or per economic class) is
    # compared as its sum
    coded = coded.group_by("doc_id", key=pl.col("code")).agg(
        pl.col("name").sort_by("source_line").first(), pl.col("amount_wan").sum(),
        pl.col("source_line").min())
    return pl.concat([coded, total.with_columns(key=pl.lit(TOTAL)).select(
        "doc_id", "key", "name", "amount_wan", "source_line")])


def _cross(a: pl.DataFrame, b: pl.DataFrame, check_id: str, a_where: tuple[str, str],
           b_where: tuple[str, str]) -> pl.DataFrame:
    """The same key's amount in two tables: actual = table a, expected = table b. A code
    missing on one side is 0 there; a named row (合计, an income item) must be printed on both."""
    (ta, ca), (tb, cb) = a_where, b_where
    j = a.join(b, on=["doc_id", "key"], how="full", coalesce=True, suffix="_b").filter(
        pl.col("key").str.contains(r"^\d+$")
        | (pl.col("amount_wan").is_not_null() & pl.col("amount_wan_b").is_not_null()))
    label = pl.when(pl.col("key").str.contains(r"^\d+$")).then(
        pl.concat_str([pl.col("key"), pl.col("name").fill_null(pl.col("name_b"))],
                      separator=" ").str.strip_chars()
    ).otherwise(pl.coalesce("name", "name_b", "key"))
    return j.select(
        "doc_id", pl.lit(check_id).alias("check_id"), pl.lit(ta).alias("table_id"),
        pl.when(pl.col("key").str.contains(r"^\d+$")).then(pl.col("key")).otherwise(pl.lit(""))
        .alias("code"),
        pl.lit(ca).alias("column_id"),
        pl.concat_str([pl.lit(f"{ta}/"), pl.col("key"), pl.lit(f"/{ca}~{tb}/{cb}")])
        .alias("subject"),
        pl.col("amount_wan").fill_null(Decimal(0)).alias("actual"),
        pl.col("amount_wan_b").fill_null(Decimal(0)).alias("expected"),
        pl.lit(1, pl.Int32).alias("n_terms"),
        pl.col("source_line").fill_null(pl.col("source_line_b")),
        _desc(ta, label, ca).alias("actual_desc"),
        pl.lit(f"{TABLE_NAMES[tb]} {COLUMN_NAMES[cb]}".strip()).alias("expected_desc"),
    )


APPROPRIATIONS = ("一般公共预算", "政府性基金", "国有资本经营")


def _income_items(li: pl.DataFrame, table: str) -> pl.DataFrame:
    """A two-sided table's income items printed with no parts under them: each amount once
    (一、财政拨款 is the sum of the 1.一般公共预算拨款 … printed below it)."""
    return _closing_rows(li, table).filter(
        (pl.col("role") == "item") & (pl.col("side") == "income") & pl.col("leaf"))


def _appropriation_income(li: pl.DataFrame, table: str) -> pl.DataFrame:
    """Income items of a two-sided table keyed by appropriation type (X1)."""
    items = _income_items(li, table)
    key = pl.lit(None, pl.String)
    for fragment in APPROPRIATIONS:
        key = pl.when(pl.col("name").str.contains(fragment)).then(pl.lit(fragment)).otherwise(key)
    return items.with_columns(key=key).filter(pl.col("key").is_not_null()).select(
        "doc_id", "key", "name", "amount_wan", "source_line")


def all_general_budget_docs(li: pl.DataFrame) -> pl.DataFrame:
    """Documents whose whole income is 一般公共预算拨款 (收支总表 other income rows and
    carry-over all blank or 0): then 一般公共预算支出表 must equal 支出总表 (X4, X6)."""
    t = "income_expenditure_summary"
    rows = pl.concat([_income_items(li, t), _closing_rows(li, t).filter(
        (pl.col("side") == "income") & (pl.col("role") == "carryover"))])
    other = (((pl.col("role") == "item") & ~pl.col("name").str.contains("一般公共预算"))
             | (pl.col("role") == "carryover"))
    return rows.group_by("doc_id").agg(
        other=pl.col("amount_wan").filter(other).sum()
    ).filter(pl.col("other") == 0).select("doc_id")


def planned_carryover(li: pl.DataFrame) -> pl.DataFrame:
    """doc_id, carryover: a budget's 收支总表 spending side planning money for next year (结转下年
    75,000.00 of 西南大学 2021): 支出总表 lists only the year's spending, so its 合计 falls
    short of the income by that amount — per code too, where the plan is not broken down."""
    rows = _closing_rows(li, "income_expenditure_summary").filter(
        (pl.col("side") == "expenditure") & (pl.col("role") == "carryover"))
    return rows.group_by("doc_id").agg(carryover=pl.col("amount_wan").sum()).filter(
        pl.col("carryover") != 0)


def check_cross_tables(li: pl.DataFrame, avail: pl.DataFrame, printed: pl.DataFrame,
                       budgets: pl.DataFrame) -> pl.DataFrame:
    """X1-X6: the same code (or total, or appropriation income) agrees across the tables
    that carry it — a code where both tables print coded rows in those columns, a total
    where both print the columns. ``budgets``: doc_id of the documents that are budgets."""
    T1, T2, T3 = "income_expenditure_summary", "income_summary", "expenditure_summary"
    T4, T5, T6 = "fiscal_appropriation_summary", "general_budget_expenditure", ECONOMIC_TABLE
    T7, T8 = "gov_fund_expenditure", "state_capital_expenditure"
    general = all_general_budget_docs(li)
    pairs = [
        ("X1", _appropriation_income(li, T1), (T1, "amount"), _appropriation_income(li, T4),
         (T4, "amount"), None),
        ("X2", _select(li, T1, "amount", "expenditure", (3,), ("本年支出合计",)), (T1, "amount"),
         _select(li, T3, "total", levels=(3,)), (T3, "total"), None),
        # a 决算's income and expenditure differ by the year's balance, a budget's by the
        # 结转下年 it plans
        ("X3", _select(li, T2, "total"), (T2, "total"), _select(li, T3, "total"), (T3, "total"),
         budgets.join(planned_carryover(li), on="doc_id", how="anti")),
    ]
    pairs += [
        ("X4", _select(li, T5, col), (T5, col), _select(li, T3, col), (T3, col), general)
        for col in ("total", "basic", "project")
    ]
    pairs += [
        ("X5", _select(li, T4, col4, "expenditure", (3,), ("本年支出合计",)), (T4, col4),
         _select(li, tb, "total", levels=(3,)), (tb, "total"), None)
        for col4, tb in (("general_budget", T5), ("gov_fund", T7), ("state_capital", T8))
    ]
    t6_total = _select(li, T6, "total", levels=(0,))  # level 0: only the 合计 row
    pairs += [
        ("X6", t6_total, (T6, "total"), _select(li, T5, "basic", levels=(0,)), (T5, "basic"),
         None),
        ("X6", t6_total, (T6, "total"), _select(li, T3, "basic", levels=(0,)), (T3, "basic"),
         general),
    ]
    parts = []
    for check_id, a, wa, b, wb, only_docs in pairs:
        out = _both_available(_cross(a, b, check_id, wa, wb), avail, wa[0], wb[0])
        coded = pl.col("code") != ""
        out = _printed(_printed(out, printed, *wa, coded), printed, *wb, coded)
        if only_docs is not None:
            out = out.join(only_docs, on="doc_id", how="semi")
        parts.append(out)
    return pl.concat(parts)


# Narrative label → (check id, table, side, column, row): the row is "合计", a 三公 role, a
# two-sided closing role, or an income item matched by a name fragment ("~一般公共预算").
NARRATIVE_TARGETS = {
    "income_total": ("N1", "income_expenditure_summary", "income", "amount", "grand_total"),
    "income_general_budget": ("N1", "income_expenditure_summary", "income", "amount",
                              "~一般公共预算"),
    "income_gov_fund": ("N1", "income_expenditure_summary", "income", "amount", "~政府性基金"),
    "income_special_account": ("N1", "income_expenditure_summary", "income", "amount",
                               "~财政专户"),
    # 其他来源收入: every income item that is none of the three above
    "income_other": ("N1", "income_expenditure_summary", "income", "amount",
                     "!一般公共预算|政府性基金|财政专户"),
    "expenditure_total": ("N2", "expenditure_summary", "", "total", TOTAL),
    "basic": ("N2", "expenditure_summary", "", "basic", TOTAL),
    "project": ("N2", "expenditure_summary", "", "project", TOTAL),
    "personnel": ("N2", ECONOMIC_TABLE, "", "personnel", TOTAL),
    "public_funds": ("N2", ECONOMIC_TABLE, "", "public_funds", TOTAL),
    "yoy_total": ("N3", "expenditure_summary", "", "total", TOTAL),
    "org_running": ("X8", ECONOMIC_TABLE, "", "public_funds", TOTAL),
    "three_public_total": ("N4", "three_public_expenses", "", "total", "subtotal"),
    "three_public_abroad": ("N4", "three_public_expenses", "", "total", "abroad"),
    "three_public_vehicle": ("N4", "three_public_expenses", "", "total", "vehicle"),
    "three_public_vehicle_purchase": ("N4", "three_public_expenses", "", "total",
                                      "vehicle_purchase"),
    "three_public_vehicle_operation": ("N4", "three_public_expenses", "", "total",
                                       "vehicle_operation"),
    "three_public_reception": ("N4", "three_public_expenses", "", "total", "reception"),
}
NARRATIVE_WORDS = {
    "income_total": "收入总计", "income_general_budget": "一般公共预算收入",
    "income_gov_fund": "基金预算收入", "income_special_account": "财政专户核拨收入",
    "income_other": "其他来源收入",
    "expenditure_total": "支出预算", "basic": "基本支出", "project": "项目支出",
    "personnel": "人员经费", "public_funds": "日常公用经费", "yoy_total": "预算收支安排",
    "org_running": "机关运行经费", "three_public_total": "三公经费",
    "three_public_abroad": "因公出国（境）费", "three_public_vehicle": "公务用车购置及运行维护费",
    "three_public_vehicle_purchase": "公务用车购置", "three_public_vehicle_operation":
    "公务用车运行维护费", "three_public_reception": "公务接待费",
}


def _target_rows(li: pl.DataFrame, table: str, side: str, column: str, row: str):
    t = li.filter((pl.col("table_id") == table) & (pl.col("side") == side)
                  & (pl.col("column_id") == column))
    if table == "three_public_expenses":
        t = t.filter(three_public_role() == row)
    elif row == "grand_total":
        t = t.filter(pl.col("name").is_in(["收入总计", "支出总计"]))
    elif row[0] in "~!":  # an income item whose name contains (~) / lacks (!) a fragment
        items = _income_items(li, table).filter(pl.col("column_id") == column)
        named = pl.col("name").str.contains(row[1:])
        t = items.filter(named if row[0] == "~" else ~named)
    else:
        t = t.filter((pl.col("code") == "") & (pl.col("name") == row))
    # a total printed again on a continuation page (same name, same amount) is one row
    t = t.unique(["doc_id", "name", "amount_wan"], maintain_order=True)
    return t.group_by("doc_id").agg(
        table_amount=pl.col("amount_wan").sum(), name=pl.col("name").first())


def _carryover_readings(target: pl.DataFrame, stated: pl.DataFrame,
                        plans: pl.DataFrame) -> pl.DataFrame:
    """A budget planning 结转下年 (``planned_carryover``) has two totals of spending: 支出总表
    合计 (the year's) and 收支总表 支出总计 (with the 结转下年: Beijing's "2026年支出预算
    529260.34万元", 西南大学's 收支总预算). The reading nearer the stated figure is checked."""
    j = target.join(plans, on="doc_id", how="left").join(
        stated.select("doc_id", stated="amount_wan").unique("doc_id"), on="doc_id", how="left")
    with_plan = pl.col("table_amount") + pl.col("carryover")
    nearer = (pl.col("carryover").is_not_null()
              & ((with_plan - pl.col("stated")).abs()
                 < (pl.col("table_amount") - pl.col("stated")).abs()))
    return j.with_columns(
        table_amount=pl.when(nearer).then(with_plan).otherwise(pl.col("table_amount")),
        name=pl.when(nearer).then(pl.col("name") + "+收支总表结转下年").otherwise(pl.col("name")),
    ).drop("carryover", "stated")


def _other_income_readings(li: pl.DataFrame, stated: pl.DataFrame,
                           items: pl.DataFrame) -> pl.DataFrame:
    """其他来源收入 has three documented readings: the income items that are none of 一般公共预算 /
    政府性基金 / 财政专户 (单位资金, 事业收入 …); what the sentence's parts leave of its own total
    when that total is 收入总计 (上年结转 included): 收入总计 − those three; and, in templates
    that print an item 其他收入 beside 事业收入 (Shanghai), that item. The reading nearest the
    stated figure is the one checked, so only a figure fitting none fails."""
    table, side, column = "income_expenditure_summary", "income", "amount"
    grand = _target_rows(li, table, side, column, "grand_total").select(
        "doc_id", grand="table_amount")
    named = _target_rows(li, table, side, column, "~一般公共预算|政府性基金|财政专户").select(
        "doc_id", named="table_amount")
    rest = grand.join(named, on="doc_id", how="left").select(
        "doc_id", rest=pl.col("grand") - pl.col("named").fill_null(Decimal(0)))
    # (a third reading: the item printed as 其他收入 itself, where the template has one)
    own = _target_rows(li, table, side, column, "~^[一二三四五六七八九十、.．\\d\\s]*其他收入").select(
        "doc_id", own="table_amount")
    both = (stated.select("doc_id", "amount_wan").unique("doc_id")
            .join(items, on="doc_id", how="left").join(rest, on="doc_id", how="left")
            .join(own, on="doc_id", how="left")
            # a 收支总表 printing no other income item: reading 1 is 0
            .with_columns(table_amount=pl.when(pl.col("rest").is_not_null())
                          .then(pl.col("table_amount").fill_null(Decimal(0)))
                          .otherwise(pl.col("table_amount"))))
    dist = {c: (pl.col(c) - pl.col("amount_wan")).abs() for c in ("table_amount", "rest", "own")}
    nearest = (pl.when(pl.col("own").is_not_null()
                       & (dist["own"] < pl.coalesce(dist["table_amount"], dist["own"] + 1))
                       & (dist["own"] < pl.coalesce(dist["rest"], dist["own"] + 1))).then(pl.lit("own"))
               .when(pl.col("rest").is_not_null()
                     & (dist["rest"] < pl.coalesce(dist["table_amount"], dist["rest"] + 1)))
               .then(pl.lit("rest")).otherwise(pl.lit("items")))
    return both.with_columns(_reading=nearest).select(
        "doc_id",
        table_amount=pl.when(pl.col("_reading") == "own").then(pl.col("own"))
        .when(pl.col("_reading") == "rest").then(pl.col("rest")).otherwise(pl.col("table_amount")),
        name=pl.when(pl.col("_reading") == "own").then(pl.lit("其他收入"))
        .when(pl.col("_reading") == "rest").then(pl.lit("收入总计−一般公共预算−政府性基金−财政专户"))
        .otherwise(pl.col("name")))


def _fund_with_carryover(li: pl.DataFrame, stated: pl.DataFrame, items: pl.DataFrame,
                         fund: str) -> pl.DataFrame:
    """A fund's 收入 stated in the narrative is the year's appropriation or, where the sentence
    counts the fund's carry-over in (129 line 478: 政府性基金预算收入 380.00 万元 = 下达 300.00 +
    结转 2025 年资金 80.00), that plus the fund's 上年结转 printed in 财政拨款收支总表
    (2.政府性基金预算拨款结余、结转 80.00). The reading nearest the stated figure is checked."""
    carry = _closing_rows(li, "fiscal_appropriation_summary").filter(
        (pl.col("side") == "income") & (pl.col("role") == "carryover") & pl.col("leaf")
        & pl.col("name").str.contains(fund)).group_by("doc_id").agg(
        carry=pl.col("amount_wan").sum())
    both = (stated.select("doc_id", "amount_wan").unique("doc_id")
            .join(items, on="doc_id", how="left").join(carry, on="doc_id", how="left")
            .with_columns(_with=pl.col("table_amount") + pl.col("carry")))
    nearer = pl.col("_with").is_not_null() & (
        (pl.col("_with") - pl.col("amount_wan")).abs()
        < (pl.col("table_amount") - pl.col("amount_wan")).abs())
    return both.select(
        "doc_id",
        table_amount=pl.when(nearer).then("_with").otherwise("table_amount"),
        name=pl.when(nearer).then(pl.col("name") + "+上年结转").otherwise("name"))


def check_narrative(frames: Frames, li: pl.DataFrame, avail: pl.DataFrame,
                    printed: pl.DataFrame) -> pl.DataFrame:
    """N1, N2, N3 (stated total), N4, X8: each narrative figure = the table figure. A label
    the narrative gives two different amounts (a template whose wording the extractor reads
    loosely: every "…支出预算 N 万元" of Jiangsu's 情况说明) names no one figure: not checked."""
    nf = frames.narrative_figures.filter(pl.col("amount_wan").is_not_null())
    nf = nf.filter(pl.col("amount_wan").n_unique().over("doc_id", "label") == 1)
    # X8 only where the narrative defines 机关运行经费 as the department's 公用经费 (finding
    # org_running_definition, the sample's 名词解释); the national definition (行政单位' money
    # from any fund) is no identity with the 公用经费 of every unit
    defined = frames.findings.filter(pl.col("kind") == "org_running_definition").select("doc_id")
    org = pl.col("label") == "org_running"
    nf = pl.concat([nf.filter(~org), nf.filter(org).join(defined, on="doc_id", how="semi")])
    plans = planned_carryover(li).join(frames.documents.filter(
        pl.col("doc_kind").fill_null("budget") != "final_account"), on="doc_id", how="semi")
    parts = []
    for label, (check_id, table, side, column, row) in NARRATIVE_TARGETS.items():
        stated = nf.filter(pl.col("label") == label)
        if stated.is_empty():  # skip the table lookups for labels this batch lacks
            continue
        target = _target_rows(li, table, side, column, row)
        if label in ("yoy_total", "expenditure_total"):
            target = _carryover_readings(target, stated, plans)
        if label == "income_other":
            target = _other_income_readings(li, stated, target)
        elif label in ("income_general_budget", "income_gov_fund"):
            target = _fund_with_carryover(li, stated, target, row[1:])
        # a stated non-zero figure whose row the table does not print at all (another
        # template's wording) is not compared with a zero; a stated 0 against no row is
        j = _printed(_both_available(stated, avail, table), printed, table, column).join(
            target, on="doc_id", how="left").filter(
            pl.col("table_amount").is_not_null() | (pl.col("amount_wan") == 0))
        if label == "org_running":
            # 机关运行经费 is the 公用经费 of the administrative units (guide X8): a sentence
            # naming the units it covers (149: 1 家行政单位及2家行政类参公事业单位) states
            # a part of a department that also has 事业单位; below the whole it is no break
            j = j.filter(~(pl.col("label_text").str.contains(r"[\d一二三四五六七八九十]+\s*家")
                           & (pl.col("amount_wan") < pl.col("table_amount"))))
        parts.append(j.select(
            "doc_id", pl.lit(check_id).alias("check_id"), pl.lit(table).alias("table_id"),
            pl.lit("").alias("code"), pl.lit(column).alias("column_id"),
            pl.lit(f"narrative/{label}~{table}/{row.lstrip('~!')}/{column}").alias("subject"),
            pl.col("amount_wan").alias("actual"),
            pl.col("table_amount").fill_null(Decimal(0)).alias("expected"),
            pl.lit(1, pl.Int32).alias("n_terms"), "source_line",
            pl.lit(f"情况说明 {NARRATIVE_WORDS[label]}").alias("actual_desc"),
            _desc(table, pl.col("name").fill_null(row.lstrip("~!")), column)
            .alias("expected_desc"),
        ))
    # N3 internal: stated total change = stated basic change + stated project change
    changes = nf.filter(pl.col("label").is_in(
        ["yoy_total_change", "yoy_basic_change", "yoy_project_change"]))
    # only where the narrative states one basic and one project change and 支出总表 has no
    # third part (Jiangsu's 单位预留机动经费: 合计 ≠ 基本 + 项目, its change is in the total)
    two_parts = _target_rows(li, "expenditure_summary", "", "total", TOTAL).join(
        _target_rows(li, "expenditure_summary", "", "basic", TOTAL), on="doc_id", how="left",
        suffix="_basic").join(
        _target_rows(li, "expenditure_summary", "", "project", TOTAL), on="doc_id", how="left",
        suffix="_project").filter(
        pl.col("table_amount") == pl.col("table_amount_basic").fill_null(Decimal(0))
        + pl.col("table_amount_project").fill_null(Decimal(0))).select("doc_id")
    wide = changes.group_by("doc_id").agg(
        total=pl.col("amount_wan").filter(pl.col("label") == "yoy_total_change").first(),
        parts=pl.col("amount_wan").filter(pl.col("label") != "yoy_total_change").sum(),
        n_basic=(pl.col("label") == "yoy_basic_change").sum().cast(pl.Int32),
        n_project=(pl.col("label") == "yoy_project_change").sum().cast(pl.Int32),
        source_line=pl.col("source_line").filter(pl.col("label") == "yoy_total_change").first(),
    ).filter(pl.col("total").is_not_null() & (pl.col("n_basic") == 1) & (pl.col("n_project") == 1)
             ).join(two_parts, on="doc_id", how="semi").with_columns(n_parts=pl.lit(2, pl.Int32))
    parts.append(wide.select(
        "doc_id", pl.lit("N3").alias("check_id"), pl.lit("narrative").alias("table_id"),
        pl.lit("").alias("code"), pl.lit("").alias("column_id"),
        pl.lit("narrative/yoy_total_change~yoy_basic_change+yoy_project_change")
        .alias("subject"),
        pl.col("total").alias("actual"), pl.col("parts").alias("expected"),
        pl.col("n_parts").alias("n_terms"), "source_line",
        pl.lit("情况说明 比上年增减总额").alias("actual_desc"),
        pl.lit("基本支出增减+项目支出增减").alias("expected_desc"),
    ))
    return pl.concat([p.cast(_INTERMEDIATE) for p in parts])


# 部门固定资产占用情况表 categories (办公用房 is a 其中 of 房屋, not added)
ASSET_PARTS = {"asset_buildings": "房屋", "asset_vehicles": "车辆",
               "asset_equipment_over_20w": "单价20万元以上设备", "asset_other": "其他固定资产"}


def check_assets(frames: Frames) -> pl.DataFrame:
    """X12 (guide §3.2): 资产总额 = Σ its categories; X12n: the narrative's 上年末固定资产金额 =
    资产总额. The table is read into narrative_figures (asset_* labels); a blank category is 0."""
    nf = frames.narrative_figures.filter(pl.col("amount_wan").is_not_null())

    def first(label: str, col: str = "amount_wan") -> pl.Expr:
        return pl.col(col).filter(pl.col("label") == label).first()

    part = pl.col("label").is_in(list(ASSET_PARTS))
    wide = nf.group_by("doc_id").agg(
        total=first("asset_total"), total_line=first("asset_total", "source_line"),
        parts=pl.col("amount_wan").filter(part).sum(), n_parts=part.sum().cast(pl.Int32),
        stated=first("fixed_assets_prev_total"),
        stated_line=first("fixed_assets_prev_total", "source_line"),
    ).filter(pl.col("total").is_not_null())
    x12 = wide.filter(pl.col("n_parts") > 0).select(
        "doc_id", pl.lit("X12").alias("check_id"), pl.lit("fixed_assets").alias("table_id"),
        pl.lit("").alias("code"), pl.lit("value").alias("column_id"),
        pl.lit("fixed_assets/资产总额~Σcategories").alias("subject"),
        pl.col("total").alias("actual"), pl.col("parts").alias("expected"),
        pl.col("n_parts").alias("n_terms"), pl.col("total_line").alias("source_line"),
        pl.lit("固定资产占用情况表 资产总额").alias("actual_desc"),
        pl.lit("Σ" + "+".join(ASSET_PARTS.values())).alias("expected_desc"),
    )
    x12n = wide.filter(pl.col("stated").is_not_null()).select(
        "doc_id", pl.lit("X12n").alias("check_id"), pl.lit("fixed_assets").alias("table_id"),
        pl.lit("").alias("code"), pl.lit("value").alias("column_id"),
        pl.lit("narrative/fixed_assets_prev_total~fixed_assets/资产总额").alias("subject"),
        pl.col("stated").alias("actual"), pl.col("total").alias("expected"),
        pl.lit(1, pl.Int32).alias("n_terms"), pl.col("stated_line").alias("source_line"),
        pl.lit("情况说明 上年末固定资产金额").alias("actual_desc"),
        pl.lit("固定资产占用情况表 资产总额").alias("expected_desc"),
    )
    return pl.concat([x12.cast(_INTERMEDIATE), x12n.cast(_INTERMEDIATE)])


def check_projects(frames: Frames, li: pl.DataFrame, avail: pl.DataFrame) -> pl.DataFrame:
    """X9: Σ project 预算数 = 支出总表 合计 项目支出; X10: each 预算数 = 财政资金 + 其他资金."""
    p = frames.projects
    sums = p.filter(pl.col("budget_wan").is_not_null()).group_by("doc_id").agg(
        actual=pl.col("budget_wan").sum(), n_terms=pl.len().cast(pl.Int32),
        source_line=pl.col("source_line").min(),
    )
    # Σ projects = 项目支出 holds where every project publishes its table (guide); a document
    # publishing some (Fuzhou 157: 6 forms, 1,320.70 of 1,370.70) falls short by design, so
    # only a sum above 项目支出 is a finding — and only where 项目支出 is printed
    target = _target_rows(li, "expenditure_summary", "", "project", TOTAL)
    sums = sums.join(target.select("doc_id", _t="table_amount"), on="doc_id", how="inner").filter(
        pl.col("actual") >= pl.col("_t")).drop("_t")
    x9 = _both_available(sums, avail, "expenditure_summary").join(target, on="doc_id",
                                                                  how="left").select(
        "doc_id", pl.lit("X9").alias("check_id"), pl.lit("projects").alias("table_id"),
        pl.lit("").alias("code"), pl.lit("budget_wan").alias("column_id"),
        pl.lit("projects/Σbudget_wan~expenditure_summary/合计/project").alias("subject"),
        "actual", pl.col("table_amount").fill_null(Decimal(0)).alias("expected"),
        "n_terms", "source_line",
        pl.concat_str([pl.lit("Σ"), pl.col("n_terms").cast(pl.String),
                       pl.lit("个项目预算数")]).alias("actual_desc"),
        pl.lit("支出总表 合计 项目支出").alias("expected_desc"),
    )
    funded = p.filter(pl.col("budget_wan").is_not_null()
                      & (pl.col("fiscal_funds_wan").is_not_null()
                         | pl.col("other_funds_wan").is_not_null()))
    x10 = funded.select(
        "doc_id", pl.lit("X10").alias("check_id"), pl.lit("projects").alias("table_id"),
        pl.col("project_code").fill_null("").alias("code"), pl.lit("budget_wan").alias("column_id"),
        pl.concat_str([pl.lit("projects/"), pl.col("project_code").fill_null(""),
                       pl.lit("/budget_wan")]).alias("subject"),
        pl.col("budget_wan").alias("actual"),
        (pl.col("fiscal_funds_wan").fill_null(Decimal(0))
         + pl.col("other_funds_wan").fill_null(Decimal(0))).alias("expected"),
        pl.lit(2, pl.Int32).alias("n_terms"), "source_line",
        pl.concat_str([pl.lit("项目 "), pl.col("project_code").fill_null(""),
                       pl.lit(" 预算数")]).alias("actual_desc"),
        pl.lit("财政资金+其他资金").alias("expected_desc"),
    )
    return pl.concat([x9.cast(_INTERMEDIATE), x10.cast(_INTERMEDIATE)])


# ---------------------------------------------------------------------------------------


def _fmt(col: str) -> pl.Expr:
    """Decimal as printed: drop trailing zeros past two decimals (1187.060000 → 1187.06)."""
    return pl.col(col).cast(pl.String).str.replace(r"(\.\d\d\d*?)0+$", "$1")


def kind_of(check_id: pl.Expr) -> pl.Expr:
    return check_id.replace_strict(KIND_OVERRIDES, default=check_id.str.slice(0, 1)
                                   .replace_strict(KINDS, default=None))


def finalize(rows: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Residual, tolerance, verdict and the one-sentence explanation."""
    per_term = Decimal(str(settings.gates.tolerance_per_term_wan))
    narrative = Decimal(str(settings.gates.narrative_tolerance_wan))
    kind = kind_of(pl.col("check_id"))
    allowance = pl.when(kind == "narrative_mismatch").then(pl.lit(narrative, AMOUNT)).otherwise(
        pl.lit(per_term, AMOUNT))
    # a narrative figure printed in whole 万元 ("其他收入5,428万元") is rounded to the unit: it
    # agrees with a table's 5428.21 within less than half a 万元 (3 vs 2.50 does not)
    whole = ((kind == "narrative_mismatch") & (pl.col("actual") == pl.col("actual").round(0))
             & (pl.col("expected") != pl.col("expected").round(0)))
    # … or truncated to it (1,361 for 1,361.63: the whole 万元 the table's figure begins with)
    truncated = whole & (pl.col("actual") == pl.col("expected").cast(pl.Float64).abs().floor()
                         * pl.col("expected").cast(pl.Float64).sign())
    out = rows.with_columns(kind=kind).with_columns(
        residual=(pl.col("actual") - pl.col("expected")).cast(AMOUNT),
        tolerance=pl.when(whole).then(pl.lit(Decimal("0.49"), AMOUNT))
        .otherwise(allowance * pl.col("n_terms")).cast(AMOUNT),
        _truncated=truncated,
    ).with_columns(passed=(pl.col("residual").abs() <= pl.col("tolerance"))
                   | pl.col("_truncated").fill_null(False)).drop("_truncated")
    line = pl.when(pl.col("source_line").is_not_null()).then(
        pl.concat_str([pl.lit(" (line "), pl.col("source_line").cast(pl.String), pl.lit(")")])
    ).otherwise(pl.lit(""))
    out = out.with_columns(explanation=pl.concat_str([
        pl.col("actual_desc"), pl.lit(" "), _fmt("actual"),
        pl.when(pl.col("passed")).then(pl.lit(" = ")).otherwise(pl.lit(" ≠ ")),
        pl.col("expected_desc"), pl.lit(" "), _fmt("expected"),
        pl.when(pl.col("passed")).then(pl.lit("")).otherwise(pl.concat_str(
            [pl.lit("，差 "), _fmt("residual"), pl.lit("，容差 "), _fmt("tolerance")])),
        line,
    ]))
    return out.select(list(RESIDUALS)).cast(RESIDUALS).sort(
        ["doc_id", "check_id", "subject"])


def compute_residuals(frames: Frames, settings: Settings) -> pl.DataFrame:
    """All warning-grade identity checks of every document in ``frames``."""
    li = with_leaf_parents(_line_items(frames))
    avail = available_tables(frames)
    printed = printed_columns(frames, li)
    parts = [
        check_trees(li),
        check_rowwise(li, frames.findings),
        check_two_sided(li),
        check_personnel_split(li, settings.gates.personnel_economic_classes, printed),
        check_three_public(li),
        check_cross_tables(li, avail, printed, frames.documents.filter(
            pl.col("doc_kind").fill_null("budget") != "final_account").select("doc_id")),
        check_narrative(frames, li, avail, printed),
        check_projects(frames, li, avail),
        check_assets(frames),
    ]
    return finalize(cited_files(pl.concat([p.cast(_INTERMEDIATE) for p in parts]), frames),
                    settings)


def cited_files(rows: pl.DataFrame, frames: Frames) -> pl.DataFrame:
    """``rows`` with the source_file of the row whose line each cites: a narrative check
    (subject narrative/…, N3) and the asset checks cite a narrative figure (the asset table
    is read into narrative_figures), X9/X10 a project, every other check a line item."""
    cites = (pl.when(pl.col("subject").str.starts_with("narrative/")
                     | pl.col("table_id").is_in(["narrative", "fixed_assets"]))
             .then(pl.lit("narrative_figures"))
             .when(pl.col("table_id") == "projects").then(pl.lit("projects"))
             .otherwise(pl.lit("line_items")))
    files = pl.concat([
        getattr(frames, name).filter(pl.col("source_file").is_not_null())
        .select("doc_id", "source_line", "source_file", _frame=pl.lit(name))
        for name in ("narrative_figures", "projects", "line_items")
    ]).unique(["_frame", "doc_id", "source_line"], keep="first", maintain_order=True)
    return rows.with_columns(_frame=cites).join(
        files, on=["_frame", "doc_id", "source_line"], how="left", maintain_order="left",
    ).drop("_frame")
