"""Export a store table to csv, parquet or xlsx.

Amounts stay exact: parquet keeps the Decimal type, csv prints the decimal digits, and xlsx
gets them as text (an Excel number is a binary float). List columns (a project's spending
plan) become JSON arrays in csv and xlsx, which hold no lists.
"""
from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from budgetwatch.store import DERIVED_TABLES, Store

EXPORTABLE = ("documents", "line_items", "projects", "indicators", "narrative_figures",
              "table_status", "findings", "residuals", "quarantine", *DERIVED_TABLES)
FORMATS = ("csv", "parquet", "xlsx")


class ExportError(ValueError):
    """Unknown table or format."""


def flatten(df: pl.DataFrame, decimals_as_text: bool) -> pl.DataFrame:
    exprs = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.List):
            exprs.append(pl.col(name).map_elements(
                lambda v: json.dumps(list(v), ensure_ascii=False), return_dtype=pl.String))
        elif decimals_as_text and isinstance(dtype, pl.Decimal):
            exprs.append(pl.col(name).cast(pl.String))
    return df.with_columns(exprs) if exprs else df


def export_table(store: Store, table: str, fmt: str, out: Path) -> int:
    """Write ``table`` to ``out``; returns the number of rows."""
    if table not in EXPORTABLE:
        raise ExportError(f"unknown table {table!r}; one of: {', '.join(EXPORTABLE)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    df = store.read(table)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        df.write_parquet(out)
    elif fmt == "csv":
        flatten(df, decimals_as_text=False).write_csv(out)
    else:
        flatten(df, decimals_as_text=True).write_excel(out, worksheet=table[:31],
                                                       autofit=False)
    return df.height
