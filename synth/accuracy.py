"""Cell-level agreement of parsed frames with a generator's truth.

A cell is one keyed value: a line-item amount keyed by (source_file, table_id, side, row_no,
column_id) plus its code and name; a project's budget, fiscal funds and spending plan keyed by
(source_file, project_code); an indicator's texts keyed by (source_file, project_code,
indicator_no); a narrative figure's amount, quantity, reference year and claimed change keyed by
(source_file, label). Line items with a zero amount are dropped on both sides first (a blank cell
gives no row, a printed 0 / 0.00 / - gives 0).
"""

from __future__ import annotations

import polars as pl

from budgetwatch.contract.schema import Frames

LI_KEY = ["source_file", "table_id", "side", "row_no", "column_id"]
PR_KEY = ["source_file", "project_code"]
IN_KEY = ["source_file", "project_code", "indicator_no"]
NF_KEY = ["source_file", "label"]
IN_FIELDS = ["level1", "level2", "level3", "description", "value_raw", "basis"]


def _with_file(df: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """``df`` with the file each row was read from: its own (a row of a document joined from
    companion files names it), else its document's."""
    return df.join(
        documents.select("doc_id", doc_file="source_file"), on="doc_id", how="left"
    ).with_columns(source_file=pl.coalesce("source_file", "doc_file"))


def _cells(df: pl.DataFrame, key: list[str], fields: list[str], what: str) -> pl.DataFrame:
    """Long form: one row per (key, field) with the value as text."""
    return (
        df.select(key + [pl.col(f).cast(pl.String).fill_null("").alias(f) for f in fields])
        .unpivot(index=key, on=fields, variable_name="field", value_name="value")
        .with_columns(
            pl.lit(what).alias("frame"),
            pl.concat_str(
                [pl.col(k).cast(pl.String).fill_null("") for k in key], separator="|"
            ).alias("key"),
        )
        .select("frame", "key", "field", "value")
    )


def _all_cells(frames: Frames) -> pl.DataFrame:
    docs = frames.documents
    li = (
        _with_file(frames.line_items, docs)
        .filter(pl.col("amount_wan").fill_null(0) != 0)
        .with_columns(
            pl.col("side").fill_null(""),
            pl.col("code").fill_null(""),
            pl.col("amount_wan").cast(pl.Decimal(20, 2)),
        )
    )
    pr = _with_file(frames.projects, docs).with_columns(
        pl.col("budget_wan").cast(pl.Decimal(20, 2)),
        pl.col("fiscal_funds_wan").cast(pl.Decimal(20, 2)),
        pl.col("spending_plan").list.join("/"),
    )
    ind = _with_file(frames.indicators, docs)
    nf = _with_file(frames.narrative_figures, docs).with_columns(
        pl.col("amount_wan").cast(pl.Decimal(20, 2)), pl.col("quantity").cast(pl.Decimal(20, 0))
    )
    return pl.concat(
        [
            _cells(
                nf,
                NF_KEY,
                ["amount_wan", "quantity", "ref_year", "change_claim"],
                "narrative_figures",
            ),
            _cells(li, LI_KEY, ["amount_wan", "code", "name"], "line_items"),
            _cells(
                pr,
                PR_KEY,
                ["project_name", "budget_wan", "fiscal_funds_wan", "spending_plan"],
                "projects",
            ),
            _cells(ind, IN_KEY, IN_FIELDS, "indicators"),
        ]
    )


def cell_accuracy(parsed: Frames, truth: Frames) -> tuple[int, int, pl.DataFrame]:
    """(matched, total, mismatches): total counts truth cells plus cells only the parser
    produced; mismatches has frame, key, field, truth, parsed."""
    t = _all_cells(truth).rename({"value": "truth"})
    p = _all_cells(parsed).rename({"value": "parsed"})
    joined = t.join(p, on=["frame", "key", "field"], how="full", coalesce=True)
    ok = pl.col("truth").eq_missing(pl.col("parsed"))
    matched = joined.filter(ok).height
    mismatches = joined.filter(~ok).sort("frame", "key", "field")
    return matched, joined.height, mismatches
