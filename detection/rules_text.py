"""stale_year: years in the text that do not fit the fiscal year.

- the narrative's own totals (2024年预算收入 …) printed with another year: the sentence was
  carried over from an earlier disclosure;
- a project named for an earlier year's funds (2023年…专项资金) booked as this year's
  appropriation while the 收入总表 shows no 上年结转 — either the money is carry-over or the
  name is stale;
- an indicator description about a year before last (2021 年实际发放工资人数 in 2024).
Years inside document numbers (冀财教【2022】176号) are not matched: only "YYYY年".
"""
from __future__ import annotations

import polars as pl

from budgetwatch.config.settings import DetectionSettings
from budgetwatch.detection.flagset import finish

YEAR = r"(20\d\d)\s*年"
TOTAL_LABELS = ["income_total", "expenditure_total", "yoy_total"]


def stale_year_flags(frames, cfg: DetectionSettings) -> list[pl.DataFrame]:
    sev = cfg.severities.get("stale_year", "warning")
    fy = frames.documents.select("doc_id", "fiscal_year")
    out = []

    nf = (frames.narrative_figures.filter(pl.col("label").is_in(TOTAL_LABELS)).join(fy, on="doc_id")
          .with_columns(_y=pl.col("label_text").str.extract(YEAR).cast(pl.Int32))
          .filter(pl.col("_y").is_not_null() & (pl.col("_y") != pl.col("fiscal_year"))))
    out.append(nf.with_columns(
        subject=pl.format("narrative/{}", pl.col("label")), expected=pl.col("fiscal_year").cast(pl.String),
        actual=pl.col("_y").cast(pl.String),
        explanation=pl.format("the narrative's「{}」names {} in the {} budget (line {})",
                              pl.col("label_text"), pl.col("_y"), pl.col("fiscal_year"),
                              pl.col("source_line"))).pipe(finish, "stale_year_narrative", "stale_year", sev))

    carry = (frames.line_items.filter((pl.col("table_id") == "income_summary")
                                      & (pl.col("column_id") == "carryover"))
             .group_by("doc_id").agg(carry=pl.col("amount_wan").cast(pl.Float64).abs().max()))
    pr = (frames.projects.join(fy, on="doc_id").join(carry, on="doc_id", how="left")
          .with_columns(_y=pl.col("project_name").str.extract(YEAR).cast(pl.Int32))
          .filter(pl.col("_y").is_not_null() & (pl.col("_y") < pl.col("fiscal_year"))
                  & (pl.col("carry").fill_null(0) == 0)))
    out.append(pr.with_columns(
        subject=pl.col("project_code"), expected=pl.col("fiscal_year").cast(pl.String),
        actual=pl.col("_y").cast(pl.String),
        explanation=pl.format("项目{}「{}」names {} funds booked as {} appropriation while 上年结转 is "
                              "zero (line {})", pl.col("project_no"), pl.col("project_name"), pl.col("_y"),
                              pl.col("fiscal_year"), pl.col("source_line"))
    ).pipe(finish, "stale_year_project", "stale_year",
           cfg.severities.get("stale_year_project", sev)))

    ind = (frames.indicators.join(fy, on="doc_id")
           .with_columns(_y=pl.col("description").str.extract(YEAR).cast(pl.Int32))
           .filter(pl.col("_y").is_not_null() & (pl.col("_y") < pl.col("fiscal_year") - 1)))
    out.append(ind.with_columns(
        subject=pl.col("project_code") + "/" + pl.col("indicator_no").cast(pl.String),
        expected=pl.col("fiscal_year").cast(pl.String), actual=pl.col("_y").cast(pl.String),
        explanation=pl.format("项目 {} indicator「{}」describes {}「{}」in the {} budget (line {})",
                              pl.col("project_code"), pl.col("level3"), pl.col("_y"),
                              pl.col("description"), pl.col("fiscal_year"), pl.col("source_line"))
    ).pipe(finish, "stale_year_indicator", "stale_year", sev))
    return [f for f in out if f.height]
