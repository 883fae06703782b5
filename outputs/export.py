"""Export a store table to csv, parquet or xlsx.

Amounts stay exact where the format allows: parquet keeps the Decimal type and csv prints
the decimal digits. xlsx gets them as numbers (so a spreadsheet can sum them) shown with all
six decimals; an Excel number holds 15 significant digits, which every 万元 amount below
a billion 万元 fits. List columns (a project's spending plan, a document's source files)
become JSON arrays in csv and xlsx, which hold no lists.

Text cells come from the disclosures and from file names, which anyone can write: a cell
beginning with ``= + - @``, a tab or a carriage return would run as a formula when the file
is opened in a spreadsheet (CSV injection), so such cells get a leading ``'``.
"""
from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from budgetwatch.store import DERIVED_TABLES, Store

EXPORTABLE = ("documents", "line_items", "projects", "indicators", "narrative_figures",
              "table_status", "findings", "residuals", "quarantine", *DERIVED_TABLES)
FORMATS = ("csv", "parquet", "xlsx")
FORMULA_START = r"^[=+\-@\t\r]"


class ExportError(ValueError):
    """Unknown table or format."""


def neutralise(df: pl.DataFrame) -> pl.DataFrame:
    """Prefix ``'`` to the text cells a spreadsheet would read as a formula."""
    text = [name for name, dtype in df.schema.items() if dtype == pl.String]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c)).alias(c) for c in text)


def flatten(df: pl.DataFrame, decimals_as_float: bool) -> pl.DataFrame:
    exprs = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.List):
            exprs.append(pl.col(name).map_elements(
                lambda v: json.dumps(list(v), ensure_ascii=False), return_dtype=pl.String))
        elif decimals_as_float and isinstance(dtype, pl.Decimal):
            # through the printed digits: a direct cast gives 76.68000000000001 for 76.68
            exprs.append(pl.col(name).cast(pl.String).cast(pl.Float64))
    return neutralise(df.with_columns(exprs) if exprs else df)


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
        flatten(df, decimals_as_float=False).write_csv(out)
    else:
        amounts = {name: "0.000000" for name, dtype in df.schema.items()
                   if isinstance(dtype, pl.Decimal)}
        flatten(df, decimals_as_float=True).write_excel(
            out, worksheet=table[:31], autofit=False, column_formats=amounts or None)
    return df.height
