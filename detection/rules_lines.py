"""yoy_line: one line of a department jumping against its previous document while the rest of
the department stays where it was.

- an 经济分类 line of 基本支出 (维修（护）费, 办公费 …) × ``min_line_yoy_ratio`` or more while the
  department's staff (where the narrative states it both years) and the rest of its 基本支出
  move less than ×/÷ ``max_stable_ratio``: 基本支出 follows staff, so one line moving alone is a
  typo, a misbooking or a purchase that belongs in 项目支出 (a line falling is a saving or a
  policy moving a cost elsewhere — 医疗费补助 paid by social security from a year on — not a
  finding);
- a 功能分类 项's (or 款's) 项目支出 falling to ``min_function_drop`` or less of last year's
  while no project of last year that ended accounts for half the fall (a finished project is
  no finding; continuing projects cut to a tenth are) — in whichever table prints it (支出总表,
  一般公共预算支出表, 政府性基金支出表 …); one flag per code, 支出总表's where it falls there too.
A line back within ×/÷ ``max_stable_ratio`` of its amount two documents back is no finding:
the odd one was last year's. A project's own change is the project model's (models.project_flags).
"""

from __future__ import annotations

import math

import polars as pl

from budgetwatch.comparison.multiyear import LINE_KEY
from budgetwatch.comparison.peers import department_staff
from budgetwatch.config.settings import DetectionSettings
from budgetwatch.detection.flagset import finish

ECONOMIC = "general_budget_basic_expenditure"


def change_columns(prev_wan: str, amount_wan: str) -> dict[str, pl.Expr | str]:
    """A change against the previous document as a flag states it: last year's amount
    expected, this year's actual (the float columns ``prev`` / ``amount``, their 万元 columns
    named), at stake the change."""
    return {
        "expected": pl.col("prev").round(2).cast(pl.String),
        "actual": pl.col("amount").round(2).cast(pl.String),
        "expected_wan": prev_wan,
        "actual_wan": amount_wan,
        "stake_wan": (pl.col("amount") - pl.col("prev")).abs(),
    }


def gap_note() -> pl.Expr:
    """Said when the document compared with is not last year's (that one is not among the
    documents: absent or quarantined): "; compared with 2022, two years back — no 2023 document"."""
    return (
        pl.when(pl.col("prev_year") < pl.col("fiscal_year") - 1)
        .then(
            pl.format(
                "; compared with {}, {} years back — no {} document",
                pl.col("prev_year"),
                pl.col("fiscal_year") - pl.col("prev_year"),
                pl.col("fiscal_year") - 1,
            )
        )
        .otherwise(pl.lit(""))
    )


def _ratio(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """|log(a / b)|, null unless both are positive."""
    return pl.when((a > 0) & (b > 0)).then((a / b).log().abs())


def _department_totals(my: pl.DataFrame) -> pl.DataFrame:
    """doc_id → this and last year's 支出总表 合计 基本支出 and 项目支出."""
    rows = my.filter(
        (pl.col("table_id") == "expenditure_summary")
        & (pl.col("code") == "")
        & pl.col("name").str.starts_with("合计")
        & pl.col("column_id").is_in(["basic", "project"])
    )
    return rows.group_by("doc_id").agg(
        *[
            pl.col(c)
            .filter(pl.col("column_id") == col)
            .first()
            .cast(pl.Float64)
            .alias(f"{col}_{c}")
            for col in ("basic", "project")
            for c in ("amount_wan", "prev_amount_wan")
        ]
    )


def _ended_projects(projects: pl.DataFrame, years: pl.DataFrame) -> pl.DataFrame:
    """doc_id → ended: the 预算数 of the previous document's projects this one no longer lists
    (a finished project explains a 项's 项目支出 falling)."""
    codes = projects.select(
        "doc_id", "project_code", prev_budget=pl.col("budget_wan").cast(pl.Float64)
    )
    pairs = years.join(
        years.select("department_key", prev_year="fiscal_year", prev_doc="doc_id"),
        on=["department_key", "prev_year"],
    ).select("doc_id", "prev_doc")
    before = pairs.join(codes.rename({"doc_id": "prev_doc"}), on="prev_doc")
    ended = before.join(
        codes.select("doc_id", "project_code"), on=["doc_id", "project_code"], how="anti"
    )
    return ended.group_by("doc_id").agg(ended=pl.col("prev_budget"))


def yoy_line_flags(
    comparisons: dict[str, pl.DataFrame],
    narrative_figures: pl.DataFrame,
    projects: pl.DataFrame,
    cfg: DetectionSettings,
) -> list[pl.DataFrame]:
    my = comparisons.get("multiyear")
    if my is None or my.is_empty():
        return []
    staff = department_staff(narrative_figures)
    years = comparisons["department_history"].select(
        "doc_id", "department_key", "fiscal_year", "prev_year"
    )
    staff_y = years.join(staff, on="doc_id", how="left")
    staff_y = staff_y.join(
        staff_y.select("department_key", prev_year="fiscal_year", prev_staff="staff"),
        on=["department_key", "prev_year"],
        how="left",
    ).select("doc_id", "staff", "prev_staff")
    rows = (
        my.filter((pl.col("status") == "continuing"))
        .with_columns(
            amount=pl.col("amount_wan").cast(pl.Float64),
            prev=pl.col("prev_amount_wan").cast(pl.Float64),
        )
        .filter(
            (pl.col("amount") > 0)
            & (pl.col("prev") > 0)
            & (pl.max_horizontal("amount", "prev") >= cfg.min_yoy_line_wan)
        )
        .join(_department_totals(my), on="doc_id", how="left")
        .join(staff_y, on="doc_id", how="left")
        .join(_ended_projects(projects, years), on="doc_id", how="left")
    )
    stable = math.log(cfg.max_stable_ratio)
    params = cfg.rules.of("yoy_line")
    staff_ok = _ratio(pl.col("staff"), pl.col("prev_staff")).fill_null(0) <= stable
    economic = (
        (pl.col("table_id") == ECONOMIC)
        & (pl.col("code").str.len_chars() == 5)
        & pl.col("code").str.slice(0, 3).is_in(cfg.staff_classes)
        & (pl.col("column_id") == "total")
        & (pl.col("amount") >= pl.col("prev") * cfg.min_line_yoy_ratio)
        & (
            _ratio(
                pl.col("basic_amount_wan") - pl.col("amount"),
                pl.col("basic_prev_amount_wan") - pl.col("prev"),
            )
            <= stable
        )
        & staff_ok
    )
    function = (
        # a 项, or a 款 printed without 项 (the leaf the money is booked under)
        (pl.col("code").str.len_chars() >= 5)
        & (pl.col("column_id") == "project")
        & (pl.col("amount") <= pl.col("prev") * cfg.min_function_drop)
        & (pl.col("explained") < (pl.col("prev") - pl.col("amount")) * params.min_explained_share)
    )
    # finished projects that could have sat under the 项 (each no larger than its 项目支出 last
    # year) explain at most their sum — per line: summed over the code's every table and column
    # (支出总表 and 一般公共预算支出表, 合计 and 项目支出), one finished project excused a fall
    # four times its size (the independent corpus: a 项 at a seventh, 760 of 3,273 explained ×4)
    line = ["doc_id", "table_id", "code", "column_id"]
    explained = (
        rows.select(*line, "prev", "ended")
        .explode("ended")
        .filter(pl.col("ended") <= pl.col("prev") + params.ended_fit_wan)
        .group_by(line)
        .agg(explained=pl.col("ended").sum())
    )
    rows = rows.join(explained, on=line, how="left", nulls_equal=True).with_columns(
        explained=pl.col("explained").fill_null(0.0)
    )
    # the line's amount in the document before the previous one: a line back at that level
    # after one odd year (a dip, or a jump, last year) is last year's defect or one-off, not
    # this year's — flagging the return alarmed the clean document after a planted one
    before = my.select(
        *LINE_KEY, prev_year="fiscal_year", before=pl.col("prev_amount_wan").cast(pl.Float64)
    )
    hits = (
        rows.filter(economic.fill_null(False) | function.fill_null(False))
        .join(before, on=[*LINE_KEY, "prev_year"], how="left", nulls_equal=True)
        .filter(~(_ratio(pl.col("amount"), pl.col("before")) <= stable).fill_null(False))
        .sort(pl.col("table_id") != "expenditure_summary", "table_id")
        .unique(["doc_id", "code", "column_id"], keep="first", maintain_order=True)
    )
    if hits.is_empty():
        return []
    rest = (
        pl.when(pl.col("table_id") == ECONOMIC)
        .then(
            pl.format(
                "the rest of 基本支出 {} → {}",
                (pl.col("basic_prev_amount_wan") - pl.col("prev")).round(2),
                (pl.col("basic_amount_wan") - pl.col("amount")).round(2),
            )
        )
        .otherwise(
            pl.format(
                "the other 项目支出 {} → {}",
                (pl.col("project_prev_amount_wan") - pl.col("prev")).round(2),
                (pl.col("project_amount_wan") - pl.col("amount")).round(2),
            )
        )
    )
    staff_text = pl.concat_str(
        [
            pl.when(pl.col("staff").is_not_null() & pl.col("prev_staff").is_not_null())
            .then(
                pl.format(
                    "; staff {} → {}",
                    pl.col("prev_staff").cast(pl.Int64),
                    pl.col("staff").cast(pl.Int64),
                )
            )
            .otherwise(pl.lit("")),
            gap_note(),
        ]
    )
    hits = hits.with_columns(
        subject=pl.format("{}/{}/{}", pl.col("table_id"), pl.col("code"), pl.col("column_id")),
        **change_columns("prev_amount_wan", "amount_wan"),
        explanation=pl.format(
            "{} {} {} ({}) {} 万元 vs {} in {} (×{}) while {}{} (line {})",
            pl.col("table_id"),
            pl.col("code"),
            pl.col("name"),
            pl.col("column_id"),
            pl.col("amount").round(2),
            pl.col("prev").round(2),
            pl.col("prev_year"),
            (pl.col("amount") / pl.col("prev")).round(2),
            rest,
            staff_text,
            pl.col("source_line"),
        ),
    )
    return [finish(hits, "yoy_line")]
