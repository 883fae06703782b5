"""duplicate_document: a department-year with two different loaded documents.

Comparison takes one document per department, kind and year (comparison.identity
``compared_documents``: the last source_file in path order, then doc_id); the others are
left out of every multi-year and peer table without a word. This rule says so: a flag on
each document left out, naming the one used, why it was chosen, and how their totals differ
(two versions of one disclosure — a correction, a re-upload, a misfiled department — need a
person to decide which is right). When both print the same figures in every table (a 部门预算
and the 单位预算 of its only unit, Shanghai 普陀 008/009), the choice changes no number: the flag
stays, as ``info``. So does a pair where one document's every 支出总表 line is within the
other's, and its total below: a 部门预算 and the 本级 单位预算 of one of its units (the unit is a
part of the department, not a second version of it). And so does a pair where one prints only
a 绩效目标表 (its companion: transforms/companions.py joins the two whichever run each arrives
in, while both files are in the input folder; one left apart — its partner's file gone, or read
in memory apart — is still no second version).
"""

from __future__ import annotations

import polars as pl

from budgetwatch.comparison.identity import compared_documents
from budgetwatch.contract.schema import Frames, department_key
from budgetwatch.detection.flagset import finish

_KEY = ["department_key", "doc_kind", "fiscal_year"]


def _grand_total(line_items: pl.DataFrame) -> pl.DataFrame:
    """doc_id → the 收支总表's largest named total (收入总计), as printed."""
    return (
        line_items.filter(
            (pl.col("table_id") == "income_expenditure_summary")
            & pl.col("code").fill_null("").eq("")
        )
        .group_by("doc_id")
        .agg(total=pl.col("amount_wan").max().cast(pl.String))
    )


def _figures(line_items: pl.DataFrame) -> pl.DataFrame:
    """doc_id → a fingerprint of every figure its tables print (table, side, code or name,
    column, amount), equal for two documents that print the same numbers."""
    cell = pl.concat_str(
        [
            pl.col("table_id"),
            pl.col("side").fill_null(""),
            pl.col("code").fill_null(""),
            pl.col("canonical_name").fill_null(pl.col("name")).fill_null(""),
            pl.col("column_id"),
            pl.col("amount_wan").cast(pl.String),
        ],
        separator="|",
    )
    return line_items.group_by("doc_id").agg(figures=cell.sort().str.join("\n").hash())


def _lines(line_items: pl.DataFrame) -> pl.DataFrame:
    """doc_id, code, amount: the 支出总表 合计 column's coded lines and its 合计 row ("")."""
    return (
        line_items.filter(
            (pl.col("table_id") == "expenditure_summary")
            & (pl.col("column_id") == "total")
            & ((pl.col("code").fill_null("") != "") | (pl.col("name") == "合计"))
        )
        .group_by("doc_id", code=pl.col("code").fill_null(""))
        .agg(amount=pl.col("amount_wan").max())
    )


def _part_of(pairs: pl.DataFrame, line_items: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, used_id) pairs where one document is a part of the other: its 合计 smaller and
    every one of its 支出总表 lines printed by the other with at least its amount."""
    lines = _lines(line_items)
    small = lines.rename({"doc_id": "small", "amount": "a_small"})
    big = lines.rename({"doc_id": "big", "amount": "a_big"})
    both = []
    for part, whole in (("doc_id", "used_id"), ("used_id", "doc_id")):
        p = pairs.select(small=pl.col(part), big=pl.col(whole)).join(small, on="small")
        p = p.join(big, on=["big", "code"], how="left")
        verdict = p.group_by("small", "big").agg(
            within=(pl.col("a_big").is_not_null() & (pl.col("a_small") <= pl.col("a_big"))).all(),
            smaller=(pl.col("a_small") < pl.col("a_big")).filter(pl.col("code") == "").any(),
        )
        both.append(
            verdict.filter(pl.col("within") & pl.col("smaller")).select(
                doc_id=pl.col("small") if part == "doc_id" else pl.col("big"),
                used_id=pl.col("big") if part == "doc_id" else pl.col("small"),
            )
        )
    return pl.concat(both).unique()


def duplicate_document_flags(frames: Frames) -> list[pl.DataFrame]:
    docs = (
        frames.documents.filter(pl.col("status").fill_null("loaded") == "loaded")
        .with_columns(department_key=department_key(), doc_kind=pl.col("doc_kind").fill_null(""))
        .filter(pl.col("fiscal_year").is_not_null())
    )
    several = docs.filter(pl.len().over(_KEY) > 1)
    if several.is_empty():
        return []
    chosen = compared_documents(Frames(documents=several)).select(
        *_KEY, used_id="doc_id", used_file="source_file"
    )
    totals = _grand_total(frames.line_items).join(
        _figures(frames.line_items), on="doc_id", how="full", coalesce=True
    )
    left_out = (
        several.join(chosen, on=_KEY)
        .filter(pl.col("doc_id") != pl.col("used_id"))
        .join(totals, on="doc_id", how="left")
        .join(
            totals.rename({"doc_id": "used_id", "total": "used_total", "figures": "used_figures"}),
            on="used_id",
            how="left",
        )
        .with_columns(n=pl.len().over(_KEY) + 1)
    )
    who = pl.coalesce(pl.col("department_name"), pl.col("department_code"), pl.lit("?"))
    part = _part_of(left_out.select("doc_id", "used_id"), frames.line_items).with_columns(
        _part=pl.lit(True)
    )
    # a 绩效目标表 printed alone is its 部门预算's companion (transforms/companions.py joins the
    # two, in one run or across runs); one left apart from its 部门预算 is still no second version
    performance = pl.concat(
        [frames.projects.select("doc_id"), frames.indicators.select("doc_id")]
    ).join(frames.line_items.select("doc_id"), on="doc_id", how="anti")["doc_id"]
    alone = pl.col("doc_id").is_in(performance.implode()) ^ pl.col("used_id").is_in(
        performance.implode()
    )
    left_out = left_out.join(part, on=["doc_id", "used_id"], how="left").with_columns(
        same=(pl.col("figures") == pl.col("used_figures")).fill_null(False),
        part=pl.col("_part").fill_null(False),
        performance=alone,
    )
    flags = left_out.with_columns(
        subject=pl.format("document/{}/{}", pl.col("doc_kind"), pl.col("fiscal_year")),
        expected=pl.col("used_file"),
        actual=pl.col("source_file"),
        explanation=pl.format(
            "{} has {} different {} {} documents; comparison used {} (the last source file in "
            "path order) and left out this one, {}; 收支总表 total {} here, {} in the one used{}",
            who,
            pl.col("n"),
            pl.col("fiscal_year"),
            pl.col("doc_kind"),
            pl.col("used_file"),
            pl.col("source_file"),
            pl.col("total").fill_null("not read"),
            pl.col("used_total").fill_null("not read"),
            pl.when(pl.col("same"))
            .then(
                pl.lit(
                    "; every table prints the same figures in both, so the choice changes no number"
                )
            )
            .when(pl.col("part"))
            .then(
                pl.lit(
                    "; every 支出总表 line of one is within the other's and its 合计 smaller: a unit's "
                    "budget (本级) inside its department's, not a second version"
                )
            )
            .when(pl.col("performance"))
            .then(
                pl.lit(
                    "; one prints only a 绩效目标表: the other's companion, not a second version "
                    "(joined into one document while both files are in the input folder)"
                )
            )
            .otherwise(pl.lit("")),
        ),
        source_line=pl.lit(None, pl.Int32),
    )
    return [
        finish(flags, "duplicate_document").with_columns(  # finish keeps the row order
            severity=pl.when(pl.lit(left_out["same"] | left_out["part"] | left_out["performance"]))
            .then(pl.lit("info"))
            .otherwise(pl.col("severity"))
        )
    ]
