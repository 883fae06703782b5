"""stale_year: years in the text that do not fit the fiscal year.

- a narrative figure (2024年预算收入 …; "2018年，部门机关运行经费共计安排 …") whose phrase
  names a year other than the fiscal year, not as a comparison base: the sentence was carried
  over from an earlier disclosure;
- a project named for an earlier year's funds (2023年…专项资金) booked as this year's
  appropriation while the 收入总表 shows no 上年结转 — either the money is carry-over or the
  name is stale;
- an indicator whose label, description or value names a year before last (2021 年实际发放
  工资人数 in 2024; a 时效 target "2019年11月底前" in 2023).
Years inside document numbers (冀财教【2022】176号) are not matched: only "YYYY年".
"""

from __future__ import annotations

import polars as pl

from budgetwatch.contract.schema import NARRATIVE_LABELS
from budgetwatch.detection.flagset import finish

YEAR = r"(20\d\d)\s*年"
# a year named as the comparison base (较 2023 年, 比上年, 上年末 …) is meant to be another year
COMPARED = r"(?:较|比|同比|与)\s*(?:20\d\d\s*年)|上年|去年"
# a year in parentheses is last year's base quoted beside this year's figure
# ("（2016 年度一般公共预算支出为 8,648.07 万元）"); a phrase may end inside the parenthesis
QUOTED = r"[（(][^（()）]*(?:[)）]|$)"
# asset figures are dated by the asset table's 截止时间, not by the fiscal year (the year's
# purchases, fixed_assets_purchase, are the fiscal year's)
UNDATED = [
    "fixed_assets_prev_total",
    *(label for label in NARRATIVE_LABELS if label.startswith("asset_")),
]


def _years(col: str) -> pl.Expr:
    return (
        pl.col(col)
        .fill_null("")
        .str.extract_all(YEAR)
        .list.eval(pl.element().str.slice(0, 4).cast(pl.Int32))
    )


def _oldest_year(col: str) -> pl.Expr:
    return _years(col).list.min()


def stale_year_flags(frames) -> list[pl.DataFrame]:
    fy = frames.documents.select("doc_id", "fiscal_year")
    out = []

    # a figure's phrase (with its sentence's leading "2018年，" where the parser keeps it)
    # naming a year other than the fiscal year and not as a comparison base
    nf = (
        frames.narrative_figures.filter(~pl.col("label").is_in(UNDATED))
        .join(fy, on="doc_id")
        .with_columns(
            _text=pl.col("label_text")
            .fill_null("")
            .str.replace_all(QUOTED, "")
            .str.replace_all(COMPARED, "")
        )
        .with_columns(_y=_oldest_year("_text"))
        .filter(pl.col("_y").is_not_null() & (pl.col("_y") != pl.col("fiscal_year")))
    )
    out.append(
        nf.with_columns(
            subject=pl.format("narrative/{}/{}", pl.col("label"), pl.col("source_line")),
            expected=pl.col("fiscal_year").cast(pl.String),
            actual=pl.col("_y").cast(pl.String),
            stake_wan=pl.col("amount_wan").cast(pl.Float64).abs(),
            explanation=pl.format(
                "the narrative's「{}」names {} in the {} document (line {})",
                pl.col("label_text"),
                pl.col("_y"),
                pl.col("fiscal_year"),
                pl.col("source_line"),
            ),
        ).pipe(finish, "stale_year_narrative")
    )

    carry = (
        frames.line_items.filter(
            (pl.col("table_id") == "income_summary") & (pl.col("column_id") == "carryover")
        )
        .group_by("doc_id")
        .agg(carry=pl.col("amount_wan").cast(pl.Float64).abs().max())
    )
    pr = (
        frames.projects.join(fy, on="doc_id")
        .join(carry, on="doc_id", how="left")
        .with_columns(_y=pl.col("project_name").str.extract(YEAR).cast(pl.Int32))
        .filter(
            pl.col("_y").is_not_null()
            & (pl.col("_y") < pl.col("fiscal_year"))
            & (pl.col("carry").fill_null(0) == 0)
        )
    )
    out.append(
        pr.with_columns(
            subject=pl.col("project_code"),
            expected=pl.col("fiscal_year").cast(pl.String),
            actual=pl.col("_y").cast(pl.String),
            stake_wan=pl.col("budget_wan").cast(pl.Float64),
            explanation=pl.format(
                "项目{}「{}」names {} funds booked as {} appropriation while 上年结转 is "
                "zero (line {})",
                pl.col("project_no"),
                pl.col("project_name"),
                pl.col("_y"),
                pl.col("fiscal_year"),
                pl.col("source_line"),
            ),
        ).pipe(finish, "stale_year_project")
    )

    # an indicator's label, description or value dated before last year ("2019年11月底前" as
    # the 时效 target of a 2023 budget): the target was carried over from an old table
    # a year of the project's own name (2021年…专项经费, titled for the year it started) is no date
    names = frames.projects.select("doc_id", "project_code", "project_name")
    ind = (
        frames.indicators.join(fy, on="doc_id")
        .join(names, on=["doc_id", "project_code"], how="left")
        .with_columns(
            _text=pl.concat_str(
                [pl.col(c).fill_null("") for c in ("level3", "description", "value_raw")],
                separator=" ",
            ).str.replace_all(COMPARED, "")
        )
        .with_columns(_y=_years("_text").list.set_difference(_years("project_name")).list.min())
        .filter(pl.col("_y").is_not_null() & (pl.col("_y") < pl.col("fiscal_year") - 1))
    )
    out.append(
        ind.with_columns(
            subject=pl.col("project_code") + "/" + pl.col("indicator_no").cast(pl.String),
            expected=pl.col("fiscal_year").cast(pl.String),
            actual=pl.col("_y").cast(pl.String),
            explanation=pl.format(
                "项目 {} indicator「{}」(「{}」, value「{}」) names {} in the {} budget (line {})",
                pl.col("project_code"),
                pl.col("level3"),
                pl.col("description"),
                pl.col("value_raw"),
                pl.col("_y"),
                pl.col("fiscal_year"),
                pl.col("source_line"),
            ),
        ).pipe(finish, "stale_year_indicator")
    )
    return [f for f in out if f.height]
