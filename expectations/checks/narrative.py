"""Narrative identities N1-N4 and X8: each figure the 情况说明 states = the table figure it
names (with the documented alternative readings: 结转下年, a fund's carry-over, 其他来源收入)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import Frames
from budgetwatch.contract.tables import TOTAL, three_public_role
from budgetwatch.expectations.checks.common import (
    ECONOMIC_TABLE,
    INTERMEDIATE,
    ByColumn,
    ByTable,
    desc,
    one_to_one,
    printing_documents,
    stacked,
)
from budgetwatch.expectations.checks.cross_table import planned_carryover
from budgetwatch.expectations.checks.two_sided import income_items

# Narrative label → (check id, table, side, column, row): the row is "合计", a 三公 role, a
# two-sided closing role, or an income item matched by a name fragment ("~一般公共预算").
NARRATIVE_TARGETS = {
    "income_total": ("N1", "income_expenditure_summary", "income", "amount", "grand_total"),
    "income_general_budget": (
        "N1",
        "income_expenditure_summary",
        "income",
        "amount",
        "~一般公共预算",
    ),
    "income_gov_fund": ("N1", "income_expenditure_summary", "income", "amount", "~政府性基金"),
    "income_special_account": ("N1", "income_expenditure_summary", "income", "amount", "~财政专户"),
    # 其他来源收入: every income item that is none of the three above
    "income_other": (
        "N1",
        "income_expenditure_summary",
        "income",
        "amount",
        "!一般公共预算|政府性基金|财政专户",
    ),
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
    "three_public_vehicle_purchase": (
        "N4",
        "three_public_expenses",
        "",
        "total",
        "vehicle_purchase",
    ),
    "three_public_vehicle_operation": (
        "N4",
        "three_public_expenses",
        "",
        "total",
        "vehicle_operation",
    ),
    "three_public_reception": ("N4", "three_public_expenses", "", "total", "reception"),
}
NARRATIVE_WORDS = {
    "income_total": "收入总计",
    "income_general_budget": "一般公共预算收入",
    "income_gov_fund": "基金预算收入",
    "income_special_account": "财政专户核拨收入",
    "income_other": "其他来源收入",
    "expenditure_total": "支出预算",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "public_funds": "日常公用经费",
    "yoy_total": "预算收支安排",
    "org_running": "机关运行经费",
    "three_public_total": "三公经费",
    "three_public_abroad": "因公出国（境）费",
    "three_public_vehicle": "公务用车购置及运行维护费",
    "three_public_vehicle_purchase": "公务用车购置",
    "three_public_vehicle_operation": "公务用车运行维护费",
    "three_public_reception": "公务接待费",
}


def target_rows(
    columns: ByColumn,
    table: str,
    side: str,
    column: str,
    row: str,
    closing: pl.DataFrame | None = None,
):
    """Per document, the amount of ``row`` in ``table``'s ``column`` and the row's name.
    ``closing`` (``two_sided_rows``) is needed for an income item (row ~… or !…)."""
    t = columns(table, side, column)
    if table == "three_public_expenses":
        t = t.filter(three_public_role() == row)
    elif row == "grand_total":
        t = t.filter(pl.col("name").is_in(["收入总计", "支出总计"]))
    elif row[0] in "~!":  # an income item whose name contains (~) / lacks (!) a fragment
        items = income_items(closing, table).filter(pl.col("column_id") == column)
        named = pl.col("name").str.contains(row[1:])
        t = items.filter(named if row[0] == "~" else ~named)
    else:
        t = t.filter((pl.col("code") == "") & (pl.col("name") == row))
    # a total printed again on a continuation page (same name, same amount) is one row
    t = t.unique(["doc_id", "name", "amount_wan"], maintain_order=True)
    return t.group_by("doc_id").agg(
        table_amount=pl.col("amount_wan").sum(), name=pl.col("name").first()
    )


def _carryover_readings(
    target: pl.DataFrame, stated: pl.DataFrame, plans: pl.DataFrame
) -> pl.DataFrame:
    """A budget planning 结转下年 (``planned_carryover``) has two totals of spending: 支出总表
    合计 (the year's) and 收支总表 支出总计 (with the 结转下年: Beijing's "2026年支出预算
    529260.34万元", 西南大学's 收支总预算). The reading nearer the stated figure is checked."""
    j = target.join(plans, on="doc_id", how="left").join(
        stated.select("doc_id", stated="amount_wan").unique("doc_id"), on="doc_id", how="left"
    )
    with_plan = pl.col("table_amount") + pl.col("carryover")
    nearer = pl.col("carryover").is_not_null() & (
        (with_plan - pl.col("stated")).abs() < (pl.col("table_amount") - pl.col("stated")).abs()
    )
    return j.with_columns(
        table_amount=pl.when(nearer).then(with_plan).otherwise(pl.col("table_amount")),
        name=pl.when(nearer).then(pl.col("name") + "+收支总表结转下年").otherwise(pl.col("name")),
    ).drop("carryover", "stated")


def _other_income_readings(
    columns: ByColumn, closing: pl.DataFrame, stated: pl.DataFrame, items: pl.DataFrame
) -> pl.DataFrame:
    """其他来源收入 has three documented readings: the income items that are none of 一般公共预算 /
    政府性基金 / 财政专户 (单位资金, 事业收入 …); what the sentence's parts leave of its own total
    when that total is 收入总计 (上年结转 included): 收入总计 − those three; and, in templates
    that print an item 其他收入 beside 事业收入 (Shanghai), that item. The reading nearest the
    stated figure is the one checked, so only a figure fitting none fails."""
    table, side, column = "income_expenditure_summary", "income", "amount"
    grand = target_rows(columns, table, side, column, "grand_total").select(
        "doc_id", grand="table_amount"
    )
    named = target_rows(
        columns, table, side, column, "~一般公共预算|政府性基金|财政专户", closing
    ).select("doc_id", named="table_amount")
    rest = grand.join(named, on="doc_id", how="left").select(
        "doc_id", rest=pl.col("grand") - pl.col("named").fill_null(Decimal(0))
    )
    # (a third reading: the item printed as 其他收入 itself, where the template has one)
    own = target_rows(
        columns, table, side, column, "~^[一二三四五六七八九十、.．\\d\\s]*其他收入", closing
    ).select("doc_id", own="table_amount")
    both = (
        stated.select("doc_id", "amount_wan")
        .unique("doc_id")
        .join(items, on="doc_id", how="left")
        .join(rest, on="doc_id", how="left")
        .join(own, on="doc_id", how="left")
        # a 收支总表 printing no other income item: reading 1 is 0
        .with_columns(
            table_amount=pl.when(pl.col("rest").is_not_null())
            .then(pl.col("table_amount").fill_null(Decimal(0)))
            .otherwise(pl.col("table_amount"))
        )
    )
    dist = {c: (pl.col(c) - pl.col("amount_wan")).abs() for c in ("table_amount", "rest", "own")}
    nearest = (
        pl.when(
            pl.col("own").is_not_null()
            & (dist["own"] < pl.coalesce(dist["table_amount"], dist["own"] + 1))
            & (dist["own"] < pl.coalesce(dist["rest"], dist["own"] + 1))
        )
        .then(pl.lit("own"))
        .when(
            pl.col("rest").is_not_null()
            & (dist["rest"] < pl.coalesce(dist["table_amount"], dist["rest"] + 1))
        )
        .then(pl.lit("rest"))
        .otherwise(pl.lit("items"))
    )
    return both.with_columns(_reading=nearest).select(
        "doc_id",
        table_amount=pl.when(pl.col("_reading") == "own")
        .then(pl.col("own"))
        .when(pl.col("_reading") == "rest")
        .then(pl.col("rest"))
        .otherwise(pl.col("table_amount")),
        name=pl.when(pl.col("_reading") == "own")
        .then(pl.lit("其他收入"))
        .when(pl.col("_reading") == "rest")
        .then(pl.lit("收入总计−一般公共预算−政府性基金−财政专户"))
        .otherwise(pl.col("name")),
    )


def _fund_with_carryover(
    closing: pl.DataFrame, stated: pl.DataFrame, items: pl.DataFrame, fund: str
) -> pl.DataFrame:
    """A fund's 收入 stated in the narrative is the year's appropriation or, where the sentence
    counts the fund's carry-over in (129 line 478: 政府性基金预算收入 380.00 万元 = 下达 300.00 +
    结转 2025 年资金 80.00), that plus the fund's 上年结转 printed in 财政拨款收支总表
    (2.政府性基金预算拨款结余、结转 80.00). The reading nearest the stated figure is checked."""
    carry = (
        closing.filter(
            (pl.col("table_id") == "fiscal_appropriation_summary")
            & (pl.col("side") == "income")
            & (pl.col("role") == "carryover")
            & pl.col("leaf")
            & pl.col("name").str.contains(fund)
        )
        .group_by("doc_id")
        .agg(carry=pl.col("amount_wan").sum())
    )
    both = (
        stated.select("doc_id", "amount_wan")
        .unique("doc_id")
        .join(items, on="doc_id", how="left")
        .join(carry, on="doc_id", how="left")
        .with_columns(_with=pl.col("table_amount") + pl.col("carry"))
    )
    nearer = pl.col("_with").is_not_null() & (
        (pl.col("_with") - pl.col("amount_wan")).abs()
        < (pl.col("table_amount") - pl.col("amount_wan")).abs()
    )
    return both.select(
        "doc_id",
        table_amount=pl.when(nearer).then("_with").otherwise("table_amount"),
        name=pl.when(nearer).then(pl.col("name") + "+上年结转").otherwise("name"),
    )


def check_narrative(
    frames: Frames,
    columns: ByColumn,
    closing: pl.DataFrame,
    avail: ByTable,
    printed: ByTable,
) -> pl.DataFrame:
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
    plans = planned_carryover(closing).join(
        frames.documents.filter(pl.col("doc_kind").fill_null("budget") != "final_account"),
        on="doc_id",
        how="semi",
    )
    # every label at once (``_label``: its place in NARRATIVE_TARGETS): the stated figures,
    # the tables' availability, printed columns and targets each one join, where each label
    # ran a filter, two joins and a select of its own (docs/checks.md, "Cost, round 10")
    labels = [lb for lb in NARRATIVE_TARGETS if lb in set(nf["label"].unique())]
    # (an empty label list: a placeholder label keeps every frame's columns; nf has no row of it)
    labels = labels or ["income_total"]
    spec = pl.DataFrame(
        [
            (i, lb, check_id, table, column, row.lstrip("~!"))
            for i, lb in enumerate(labels)
            for check_id, table, _, column, row in [NARRATIVE_TARGETS[lb]]
        ],
        schema={
            "_label": pl.Int32,
            "label": pl.String,
            "_check": pl.String,
            "_table": pl.String,
            "_column": pl.String,
            "_row": pl.String,
        },
        orient="row",
    )
    targets, printing = [], []
    for label in labels:
        check_id, table, side, column, row = NARRATIVE_TARGETS[label]
        stated = nf.filter(pl.col("label") == label)
        target = target_rows(columns, table, side, column, row, closing)
        if label in ("yoy_total", "expenditure_total"):
            target = _carryover_readings(target, stated, plans)
        if label == "income_other":
            target = _other_income_readings(columns, closing, stated, target)
        elif label in ("income_general_budget", "income_gov_fund"):
            target = _fund_with_carryover(closing, stated, target, row[1:])
        targets.append(target.select("doc_id", "table_amount", "name"))
        printing.append(printing_documents(printed, table, column).select("doc_id"))
    carried = avail.tables({NARRATIVE_TARGETS[lb][1] for lb in labels})
    org = pl.col("label") == "org_running"
    # a stated non-zero figure whose row the table does not print at all (another template's
    # wording) is not compared with a zero; a stated 0 against no row is
    j = (
        nf.join(spec, on="label", how="inner")
        .join(carried, left_on=["doc_id", "_table"], right_on=["doc_id", "table_id"], how="semi")
        .join(stacked(printing, "_label"), on=["_label", "doc_id"], how="semi")
        .join(stacked(targets, "_label"), on=["_label", "doc_id"], how="left")
        .filter(pl.col("table_amount").is_not_null() | (pl.col("amount_wan") == 0))
        # 机关运行经费 is the 公用经费 of the administrative units (guide X8): a sentence naming
        # the units it covers (149: 1 家行政单位及2家行政类参公事业单位) states a part of a
        # department that also has 事业单位; below the whole it is no break
        .filter(
            ~(
                org
                & pl.col("label_text").str.contains(r"[\d一二三四五六七八九十]+\s*家")
                & (pl.col("amount_wan") < pl.col("table_amount"))
            )
        )
    )
    words = pl.col("label").replace_strict(NARRATIVE_WORDS)
    parts = [
        one_to_one(
            j,
            pl.col("_check"),
            pl.col("_table"),
            pl.col("_column"),
            pl.concat_str(
                [
                    pl.lit("narrative/"),
                    "label",
                    pl.lit("~"),
                    "_table",
                    pl.lit("/"),
                    "_row",
                    pl.lit("/"),
                    "_column",
                ]
            ),
            pl.col("amount_wan"),
            pl.col("table_amount").fill_null(Decimal(0)),
            pl.concat_str([pl.lit("情况说明 "), words]),
            desc(pl.col("_table"), pl.col("name").fill_null(pl.col("_row")), pl.col("_column")),
        )
    ]
    # N3 internal: stated total change = stated basic change + stated project change
    changes = nf.filter(
        pl.col("label").is_in(["yoy_total_change", "yoy_basic_change", "yoy_project_change"])
    )
    # only where the narrative states one basic and one project change and 支出总表 has no
    # third part (Jiangsu's 单位预留机动经费: 合计 ≠ 基本 + 项目, its change is in the total)
    two_parts = (
        target_rows(columns, "expenditure_summary", "", "total", TOTAL)
        .join(
            target_rows(columns, "expenditure_summary", "", "basic", TOTAL),
            on="doc_id",
            how="left",
            suffix="_basic",
        )
        .join(
            target_rows(columns, "expenditure_summary", "", "project", TOTAL),
            on="doc_id",
            how="left",
            suffix="_project",
        )
        .filter(
            pl.col("table_amount")
            == pl.col("table_amount_basic").fill_null(Decimal(0))
            + pl.col("table_amount_project").fill_null(Decimal(0))
        )
        .select("doc_id")
    )
    wide = (
        changes.group_by("doc_id")
        .agg(
            total=pl.col("amount_wan").filter(pl.col("label") == "yoy_total_change").first(),
            parts=pl.col("amount_wan").filter(pl.col("label") != "yoy_total_change").sum(),
            n_basic=(pl.col("label") == "yoy_basic_change").sum().cast(pl.Int32),
            n_project=(pl.col("label") == "yoy_project_change").sum().cast(pl.Int32),
            source_line=pl.col("source_line").filter(pl.col("label") == "yoy_total_change").first(),
        )
        .filter(
            pl.col("total").is_not_null() & (pl.col("n_basic") == 1) & (pl.col("n_project") == 1)
        )
        .join(two_parts, on="doc_id", how="semi")
        .with_columns(n_parts=pl.lit(2, pl.Int32))
    )
    parts.append(
        wide.select(
            "doc_id",
            pl.lit("N3").alias("check_id"),
            pl.lit("narrative").alias("table_id"),
            pl.lit("").alias("code"),
            pl.lit("").alias("column_id"),
            pl.lit("narrative/yoy_total_change~yoy_basic_change+yoy_project_change").alias(
                "subject"
            ),
            pl.col("total").alias("actual"),
            pl.col("parts").alias("expected"),
            pl.col("n_parts").alias("n_terms"),
            "source_line",
            pl.lit("情况说明 比上年增减总额").alias("actual_desc"),
            pl.lit("基本支出增减+项目支出增减").alias("expected_desc"),
        )
    )
    return pl.concat([p.cast(INTERMEDIATE) for p in parts])
