"""The facts the blocking suites judge, built with polars: one frame per suite asset."""

from __future__ import annotations

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import DocStatus, Frames

ECONOMIC_TABLES = ("general_budget_basic_expenditure",)


def schema_facts(frames: Frames) -> pl.DataFrame:
    """One row per (frame, contract column): the contract type and the type found
    ("missing" when the column is absent)."""
    rows = []
    for name, df in frames.items():
        for column, dtype in Frames.SCHEMAS[name].items():
            actual = str(df.schema[column]) if column in df.columns else "missing"
            rows.append(
                {
                    "frame": name,
                    "column": column,
                    "expected_type": str(dtype),
                    "actual_type": actual,
                }
            )
    return pl.DataFrame(rows)


def gated_documents(frames: Frames) -> pl.DataFrame:
    """Documents the gate judges: everything the parser did not reject."""
    return frames.documents.filter(
        pl.col("status").fill_null(DocStatus.LOADED) != DocStatus.REJECTED
    )


def document_facts(frames: Frames, settings: Settings) -> pl.DataFrame:
    """Per gated document: fiscal_year, department_code, department (the code, or the name
    where the template prints no code), the core tables it lacks (comma list or null) and
    its first error finding ("line N: kind: message" or null)."""
    docs = gated_documents(frames).select(
        "doc_id",
        "fiscal_year",
        "department_code",
        department=pl.coalesce(
            pl.col("department_code").replace("", None), pl.col("department_name").replace("", None)
        ),
    )
    have = pl.concat(
        [
            frames.table_status.filter(pl.col("status") == "present").select("doc_id", "table_id"),
            frames.line_items.select("doc_id", "table_id"),
        ]
    ).unique()
    core = pl.DataFrame({"table_id": settings.gates.core_tables}, schema={"table_id": pl.String})
    missing = (
        docs.select("doc_id")
        .join(core, how="cross")
        .join(have, on=["doc_id", "table_id"], how="anti")
        .group_by("doc_id")
        .agg(missing_core_tables=pl.col("table_id").sort().str.join(","))
    )
    errors = (
        frames.findings.filter(pl.col("severity") == "error")
        .sort("doc_id", "source_line", nulls_last=True)
        .group_by("doc_id", maintain_order=True)
        .first()
        .select(
            "doc_id",
            error_finding=pl.concat_str(
                [
                    pl.lit("line "),
                    pl.col("source_line").cast(pl.String).fill_null("?"),
                    pl.lit(": "),
                    pl.col("kind").fill_null(""),
                    pl.lit(": "),
                    pl.col("message").fill_null(""),
                ]
            ),
        )
    )
    return (
        docs.join(missing, on="doc_id", how="left")
        .join(errors, on="doc_id", how="left")
        .with_columns(pl.col("department_code").replace("", None))
        .sort("doc_id")
    )


def code_facts(frames: Frames) -> pl.DataFrame:
    """Per coded line item of a gated document: the code as function_code or economic_code."""
    economic = pl.col("table_id").is_in(ECONOMIC_TABLES)
    # the four columns first: the join and filter carry no other column of the line items
    coded = frames.line_items.select("doc_id", "table_id", "source_line", "code").filter(
        pl.col("code").fill_null("") != ""
    )
    return (
        coded.join(gated_documents(frames).select("doc_id"), on="doc_id", how="semi")
        .unique(["doc_id", "table_id", "source_line", "code"])
        .select(
            "doc_id",
            "table_id",
            "source_line",
            "code",
            function_code=pl.when(~economic).then(pl.col("code")),
            economic_code=pl.when(economic).then(pl.col("code")),
        )
        .sort("doc_id", "table_id", "source_line")
    )
