"""Multi-year tables: each line of a department across its documents, and the narrative's
比上年增减 claims checked against the previous year's document."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import AMOUNT, Frames
from budgetwatch.contract.stored import MULTIYEAR, YOY_CLAIMS
from budgetwatch.contract.tables import three_public_role

# A line = one amount cell identified across years. Coded rows are keyed by code; named
# rows (合计, 本年收入合计, 三公 rows …) by printed name and row number, because the
# two-sided tables print the same name twice (一、一般公共预算拨款 at 序号 1 and 34).
LINE_KEY = ["department_key", "doc_kind", "table_id", "side", "code", "name_key", "column_id"]
# a printed row across years (a line without its column): printed with a column left blank,
# the column's amount is 0
ROW = ["department_key", "doc_kind", "table_id", "side", "code", "name_key"]


# the stored order of multiyear rows: a department's series together, years ascending
MULTIYEAR_ORDER = [*LINE_KEY, "fiscal_year"]


def document_lines(frames: Frames, history: pl.DataFrame) -> pl.DataFrame:
    """Line items of the compared documents with their department, year and line key."""
    docs = history.select(
        "doc_id", "department_key", "doc_kind", "fiscal_year", _doc_file="source_file"
    )
    name = pl.col("name").fill_null("").str.replace_all(r"\s+", "")
    return (
        frames.line_items.join(docs, on="doc_id", how="inner")
        .with_columns(
            # a row's own file (a joined document's part), else its document's
            source_file=pl.coalesce("source_file", "_doc_file"),
            side=pl.col("side").fill_null(""),
            code=pl.col("code").fill_null(""),
            name=name,
            name_key=pl.when(pl.col("code").fill_null("") == "")
            .then(
                pl.concat_str([name, pl.lit("#"), pl.col("row_no").cast(pl.String).fill_null("")])
            )
            .otherwise(pl.lit("")),
        )
        .drop("_doc_file")
    )


def build_multiyear(
    lines: pl.DataFrame, history: pl.DataFrame, chunk_departments: int = 125
) -> pl.DataFrame:
    """One row per (department, line, year the department published): amount, the
    previous document's amount, change in 万元 and %, first/last year with an amount, and
    status: baseline (department's first document), continuing, new (row absent from the
    previous document) or vanished (row present before, absent now: amount null). A row
    printed with this column blank counts as 0 (guide §3).

    Departments are independent here, so they are built ``chunk_departments`` at a time, in
    key order: the joins' intermediates stay the size of one chunk, and the concatenation
    is already sorted."""
    keys = history["department_key"].unique().sort()
    chunks = [
        keys.slice(i, chunk_departments).implode() for i in range(0, len(keys), chunk_departments)
    ] or [keys.implode()]
    return pl.concat(
        [
            _multiyear(
                lines.filter(pl.col("department_key").is_in(chunk)),
                history.filter(pl.col("department_key").is_in(chunk)),
            )
            for chunk in chunks
        ]
    )


def _multiyear(lines: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    years = history.select(
        "department_key",
        "doc_kind",
        "fiscal_year",
        "prev_year",
        "doc_id",
        "source_file",
        next_year=pl.col("fiscal_year")
        .shift(-1)
        .over(["department_key", "doc_kind"], order_by="fiscal_year"),
    )
    # each line numbered in its sort order (``_l``), and each row (``_r``: a line without its
    # column): the groups, joins and the stored order compare one integer, not seven strings
    # (the sort alone was half this function's CPU; the group_by on them 115 MB at 250
    # departments). Nulls equal: every reader sets a line's table and column, document_lines
    # the rest
    lines = lines.with_columns(_l=pl.struct(LINE_KEY).rank("dense") - 1)
    ids = (
        lines.select("_l", *LINE_KEY)
        .unique("_l")
        .sort("_l")
        .with_columns(_r=pl.struct(ROW).rank("dense"))
    )
    cur = lines.group_by("_l", "fiscal_year").agg(
        pl.col("department_key", "doc_kind").first(),
        amount_wan=pl.col("amount_wan").sum(),
        name=pl.col("name").first(),
        source_line=pl.col("source_line").min(),
    )
    cur = cur.with_columns(_r=ids["_r"].gather(cur["_l"]))  # ids' row index is ``_l``
    # a row printed in a year, with any of its columns (every line item is in ``cur``)
    rows = cur.select("_r", "fiscal_year").unique()
    # a line is a candidate in each year it has an amount and in the department's next year
    carried = (
        cur.join(
            years.select("department_key", "doc_kind", "fiscal_year", "next_year"),
            on=["department_key", "doc_kind", "fiscal_year"],
        )
        .filter(pl.col("next_year").is_not_null())
        .with_columns(fiscal_year=pl.col("next_year"))
    )
    # the key's strings are not carried through the joins: gathered by ``_l`` once sorted
    line_year = ["_l", "_r", "department_key", "doc_kind", "fiscal_year"]
    cand = pl.concat([cur.select(line_year), carried.select(line_year)]).unique(
        ["_l", "fiscal_year"]
    )
    prev_cur = cur.select(
        "_l",
        pl.col("fiscal_year").alias("prev_year"),
        pl.col("amount_wan").alias("prev_amount"),
        pl.col("name").alias("prev_name"),
    )
    prev_rows = rows.rename({"fiscal_year": "prev_year"}).with_columns(prev_row=pl.lit(True))
    out = (
        cand.join(years, on=["department_key", "doc_kind", "fiscal_year"], how="inner")
        .join(cur.drop("department_key", "doc_kind", "_r"), on=["_l", "fiscal_year"], how="left")
        .join(rows.with_columns(row=pl.lit(True)), on=["_r", "fiscal_year"], how="left")
        .join(prev_cur, on=["_l", "prev_year"], how="left")
        .join(prev_rows, on=["_r", "prev_year"], how="left")
        .with_columns(
            amount_wan=pl.when(pl.col("row")).then(pl.col("amount_wan").fill_null(Decimal(0))),
            prev_amount_wan=pl.when(pl.col("prev_row")).then(
                pl.col("prev_amount").fill_null(Decimal(0))
            ),
            name=pl.coalesce("name", "prev_name"),
        )
        .with_columns(
            status=pl.when(pl.col("amount_wan").is_null())
            .then(pl.lit("vanished"))
            .when(pl.col("prev_year").is_null())
            .then(pl.lit("baseline"))
            .when(pl.col("prev_amount_wan").is_null())
            .then(pl.lit("new"))
            .otherwise(pl.lit("continuing")),
            change_wan=(pl.col("amount_wan") - pl.col("prev_amount_wan")).cast(AMOUNT),
        )
        .with_columns(
            change_pct=pl.when(pl.col("prev_amount_wan") != 0).then(
                pl.col("change_wan").cast(pl.Float64)
                / pl.col("prev_amount_wan").cast(pl.Float64)
                * 100
            ),
        )
    )
    del cur, rows, carried, cand, prev_cur, prev_rows  # not held while ``out`` is sorted
    printed = pl.col("fiscal_year").filter(pl.col("amount_wan").is_not_null())
    # (line, year) is unique (one document per department, kind and year): a total order
    out = (
        out.with_columns(first_year=printed.min().over("_l"), last_year=printed.max().over("_l"))
        .select("_l", *(c for c in MULTIYEAR if c not in LINE_KEY))
        .sort("_l", "fiscal_year")
    )
    keys = ids.select(pl.col(LINE_KEY).gather(out["_l"]))
    return pl.concat([out, keys], how="horizontal").select(list(MULTIYEAR)).cast(MULTIYEAR)


YOY_LABELS = {
    "yoy_total_change": "total",
    "yoy_basic_change": "basic",
    "yoy_project_change": "project",
}
THREE_PUBLIC_LABELS = {
    "three_public_total": "subtotal",
    "three_public_abroad": "abroad",
    "three_public_vehicle": "vehicle",
    "three_public_vehicle_purchase": "vehicle_purchase",
    "three_public_vehicle_operation": "vehicle_operation",
    "three_public_reception": "reception",
}


def _fmt(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.String).str.replace(r"(\.\d\d\d*?)0+$", "$1")


def build_yoy_claims(frames: Frames, history: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The narrative's 比上年增减 figures against the previous year's document.

    yoy_*_change: claimed signed change vs (支出总表 合计 this year − the same cell in the
    ref_year document). 三公 items: a stated change ("比上年减少 0.01 万元", the item's
    ``_change`` row) vs the 三公 table change within the tolerance; an item stating only
    增加/减少/持平 (与上年一致): the sign of the change (持平: within the tolerance). Without the
    ref_year document in the frames: passed is null."""
    tol = Decimal(str(settings.comparison.claim_tolerance_wan))
    docs = history.select("doc_id", "department_key", "doc_kind", "fiscal_year")
    nf = frames.narrative_figures.join(docs, on="doc_id", how="inner").with_columns(
        ref_year=pl.col("ref_year").fill_null(pl.col("fiscal_year") - 1),
        change_claim=pl.col("change_claim").replace("", None),
    )
    li = frames.line_items
    t3 = li.filter(
        (pl.col("table_id") == "expenditure_summary")
        & (pl.col("code").fill_null("") == "")
        & (pl.col("name") == "合计")
    )
    t9 = (
        li.filter(pl.col("table_id") == "three_public_expenses")
        .with_columns(row=three_public_role())
        .filter(pl.col("column_id") == "total")
    )
    values = (
        pl.concat(
            [
                t3.select("doc_id", "column_id", row=pl.lit("合计"), value=pl.col("amount_wan")),
                t9.select("doc_id", "column_id", "row", value=pl.col("amount_wan")),
            ]
        )
        .group_by("doc_id", "column_id", "row")
        .agg(pl.col("value").sum())
    )

    stated_labels = [f"{label}_change" for label in THREE_PUBLIC_LABELS]
    stated = nf.filter(pl.col("label").is_in(stated_labels))
    stated = (stated["doc_id"] + "|" + stated["label"]).unique()
    claims = pl.concat(
        [
            nf.filter(pl.col("label").is_in(list(YOY_LABELS))).with_columns(
                table_id=pl.lit("expenditure_summary"),
                row=pl.lit("合计"),
                column_id=pl.col("label").replace_strict(YOY_LABELS, default=None),
                claimed_wan=pl.col("amount_wan"),
            ),
            # a 三公 item with a stated change amount is judged by that amount (its _change row);
            # one that states only a direction (增加 / 减少 / 持平) by the direction
            nf.filter(
                pl.col("label").is_in(list(THREE_PUBLIC_LABELS))
                & pl.col("change_claim").is_not_null()
                & ~(pl.col("doc_id") + "|" + pl.col("label") + "_change").is_in(stated.implode())
            ).with_columns(
                table_id=pl.lit("three_public_expenses"),
                row=pl.col("label").replace_strict(THREE_PUBLIC_LABELS, default=None),
                column_id=pl.lit("total"),
                claimed_wan=pl.when(pl.col("change_claim") == "持平").then(
                    pl.lit(Decimal(0), AMOUNT)
                ),
            ),
            nf.filter(pl.col("label").is_in(stated_labels)).with_columns(
                table_id=pl.lit("three_public_expenses"),
                row=pl.col("label")
                .str.strip_suffix("_change")
                .replace_strict(THREE_PUBLIC_LABELS, default=None),
                column_id=pl.lit("total"),
                claimed_wan=pl.col("amount_wan"),
            ),
        ],
        how="diagonal_relaxed",
    )
    prev_docs = docs.select(
        "department_key", "doc_kind", ref_year="fiscal_year", prev_doc_id="doc_id"
    )
    prev_values = values.rename({"doc_id": "prev_doc_id", "value": "prev_year_wan"})
    j = (
        claims.join(prev_docs, on=["department_key", "doc_kind", "ref_year"], how="left")
        .join(
            values.rename({"value": "this_year_wan"}), on=["doc_id", "column_id", "row"], how="left"
        )
        .join(prev_values, on=["prev_doc_id", "column_id", "row"], how="left")
        .with_columns(
            # a table row left blank is 0 when the document is there
            this_year_wan=pl.col("this_year_wan").fill_null(Decimal(0)),
            prev_year_wan=pl.when(pl.col("prev_doc_id").is_not_null()).then(
                pl.col("prev_year_wan").fill_null(Decimal(0))
            ),
        )
        .with_columns(
            actual_change_wan=(pl.col("this_year_wan") - pl.col("prev_year_wan")).cast(AMOUNT)
        )
        .with_columns(
            residual_wan=(pl.col("claimed_wan") - pl.col("actual_change_wan")).cast(AMOUNT),
            tolerance_wan=pl.lit(tol, AMOUNT),
        )
    )
    change = pl.col("actual_change_wan")
    # 增加 / 减少 need only the sign: 2.77 → 2.76 is a true 减少 however small; 持平 allows
    # the tolerance (rounding of the two documents)
    direction_ok = (
        pl.when(pl.col("change_claim") == "增加")
        .then(change > 0)
        .when(pl.col("change_claim") == "减少")
        .then(change < 0)
        .otherwise(change.abs() <= pl.col("tolerance_wan"))
    )
    passed = (
        pl.when(pl.col("prev_doc_id").is_null())
        .then(None)
        .when(pl.col("claimed_wan").is_not_null())
        .then(pl.col("residual_wan").abs() <= pl.col("tolerance_wan"))
        .otherwise(direction_ok)
    )
    claim_text = (
        pl.when(pl.col("claimed_wan").is_not_null())
        .then(_fmt("claimed_wan"))
        .otherwise(pl.col("change_claim"))
    )
    claim = [
        pl.lit("情况说明 "),
        pl.col("label"),
        pl.lit(" 称比 "),
        pl.col("ref_year").cast(pl.String),
        pl.lit(" 年 "),
        claim_text,
    ]
    explanation = (
        pl.when(pl.col("prev_doc_id").is_null())
        .then(pl.concat_str([*claim, pl.lit("，无该年文件可核对")]))
        .otherwise(
            pl.concat_str(
                [
                    *claim,
                    pl.lit("；表中 "),
                    _fmt("this_year_wan"),
                    pl.lit(" − "),
                    _fmt("prev_year_wan"),
                    pl.lit(" = "),
                    _fmt("actual_change_wan"),
                    pl.lit(" (line "),
                    pl.col("source_line").cast(pl.String).fill_null("?"),
                    pl.lit(")"),
                ]
            )
        )
    )
    return (
        j.with_columns(passed=passed, explanation=explanation)
        .select(list(YOY_CLAIMS))
        .cast(YOY_CLAIMS)
        .sort("doc_id", "label", "source_line")
    )
