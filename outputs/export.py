"""Export a store table to csv, parquet or xlsx, or the Excel workpaper (outputs/workpaper.py).

The format follows the file's extension; a ``--format`` that contradicts it is an error.
CSV starts with a UTF-8 byte order mark, which Excel needs to read UTF-8 (without it a
Chinese Windows machine shows mojibake). Integer columns (years, lines, ranks) are shown
without a thousands separator in xlsx.

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

from budgetwatch.contract.schema import Frames
from budgetwatch.store import DERIVED_TABLES, Store

EXPORTABLE = (
    *Frames.SCHEMAS,
    "residuals",
    "quarantine",
    *DERIVED_TABLES,
    "workpaper",
)
FORMATS = ("csv", "parquet", "xlsx")
FORMULA_START = r"^[=+\-@\t\r]"


class ExportError(ValueError):
    """Unknown table or format."""


def neutralise(df: pl.DataFrame) -> pl.DataFrame:
    """Prefix ``'`` to the text cells a spreadsheet would read as a formula."""
    text = [name for name, dtype in df.schema.items() if dtype == pl.String]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def flatten(df: pl.DataFrame, decimals_as_float: bool) -> pl.DataFrame:
    exprs = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.List):
            exprs.append(
                pl.col(name).map_elements(
                    lambda v: json.dumps(list(v), ensure_ascii=False), return_dtype=pl.String
                )
            )
        elif decimals_as_float and isinstance(dtype, pl.Decimal):
            # through the printed digits: a direct cast gives 76.68000000000001 for 76.68
            exprs.append(pl.col(name).cast(pl.String).cast(pl.Float64))
    return neutralise(df.with_columns(exprs) if exprs else df)


def out_format(out: Path, fmt: str | None) -> str:
    """The format of ``out``: its extension's, which an explicit ``fmt`` must agree with; a
    file with no known extension needs ``fmt``."""
    ext = Path(out).suffix.lower().lstrip(".")
    if fmt is not None and fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    if ext in FORMATS:
        if fmt is not None and fmt != ext:
            raise ExportError(f"--format {fmt} contradicts the extension of {out} (.{ext})")
        return ext
    if fmt is None:
        raise ExportError(
            f"cannot tell the format of {out}: name it .csv, .parquet or .xlsx, or give --format"
        )
    return fmt


def export_table(store: Store, table: str, fmt: str | None, out: Path) -> int:
    """Write ``table`` to ``out`` in the format its extension names; returns the number of
    rows (for the workpaper: of flags)."""
    if table not in EXPORTABLE:
        raise ExportError(f"unknown table {table!r}; one of: {', '.join(EXPORTABLE)}")
    fmt = out_format(out, fmt)
    out = Path(out)
    if table == "workpaper":
        if fmt != "xlsx":
            raise ExportError(f"the workpaper is an Excel file: name it .xlsx, not {out.name}")
        from budgetwatch.outputs.workpaper import write_workpaper

        return write_workpaper(store.root, out)
    df = store.read(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        df.write_parquet(out)
    elif fmt == "csv":
        with out.open("wb") as fh:
            fh.write(b"\xef\xbb\xbf")
            flatten(df, decimals_as_float=False).write_csv(fh)
    else:
        formats = {
            name: "0.000000" if isinstance(dtype, pl.Decimal) else "0"
            for name, dtype in df.schema.items()
            if isinstance(dtype, pl.Decimal) or dtype.is_integer()
        }
        flatten(df, decimals_as_float=True).write_excel(
            out, worksheet=table[:31], autofit=False, column_formats=formats or None
        )
    return df.height
