"""`budgetwatch parse FILE`: read one disclosure and show what was read, for checking by hand."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from budgetwatch.contract.schema import Frames

FRAME_NAMES = tuple(Frames.SCHEMAS)
FrameName = Enum("FrameName", {n: n for n in FRAME_NAMES}, type=str)


def _summary(console, res, table: str | None) -> None:
    import polars as pl
    from rich.table import Table
    from rich.text import Text

    from budgetwatch.outputs.console import safe

    f = res.frames
    doc = f.documents.row(0, named=True)
    head = Table(title=Text(safe(doc["source_file"]), style="bold"), show_header=False, box=None)
    for key in (
        "department_code",
        "department_name",
        "region",
        "level",
        "fiscal_year",
        "doc_kind",
        "unit",
        "pages",
        "encoding",
        "status",
        "status_reason",
        "doc_id",
    ):
        if doc[key] is not None:
            head.add_row(key, Text(str(doc[key])))
    console.print(head)
    if doc["status"] == "rejected":
        return

    is_total = pl.col("name").str.contains("合计|总计") & pl.col("column_id").is_in(
        ["total", "amount"]
    )
    counts = f.line_items.group_by("table_id").agg(
        pl.len().alias("items"),
        # the first 合计/总计 row of the table (本年收入合计 in the two-sided tables)
        pl.col("amount_wan").filter(is_total).first().alias("total"),
    )
    by_table = {r["table_id"]: r for r in counts.iter_rows(named=True)}
    tables = Table(title="Tables", header_style="bold")
    for col in ("table_id", "status", "title", "line", "line items", "合计 (万元)"):
        tables.add_column(col)
    for r in f.table_status.iter_rows(named=True):
        if table and r["table_id"] != table:
            continue
        c = by_table.get(r["table_id"], {})
        tables.add_row(
            r["table_id"],
            r["status"],
            Text(r["title"] or ""),
            str(r["source_line"] or ""),
            str(c.get("items", 0)),
            str(c.get("total") or ""),
        )
    console.print(tables)

    frames = Table(title="Rows per frame", header_style="bold")
    frames.add_column("frame")
    frames.add_column("rows", justify="right")
    for name, df in f.items():
        frames.add_row(name, str(df.height))
    console.print(frames)

    findings = f.findings if not table else f.findings.filter(pl.col("table_id") == table)
    if findings.height:
        problems = Table(title="Problems found while parsing", header_style="bold")
        for col in ("severity", "kind", "line", "message"):
            problems.add_column(col)
        for r in findings.sort("source_line", nulls_last=True).iter_rows(named=True):
            style = {"error": "red", "warning": "yellow"}.get(r["severity"], "")
            problems.add_row(
                Text(r["severity"], style=style),
                r["kind"],
                str(r["source_line"] or ""),
                Text(r["message"] or ""),
            )
        console.print(problems)


def _write(df, out: Path) -> None:
    import polars as pl

    suffix = out.suffix.lower()
    if suffix == ".parquet":
        df.write_parquet(out)
    elif suffix == ".csv":
        # CSV has no list type: the spending plan's four cells are joined with "|"
        lists = [c for c, t in df.schema.items() if isinstance(t, pl.List)]
        df.with_columns(pl.col(c).list.join("|") for c in lists).write_csv(out)
    else:
        raise typer.BadParameter(f"--out must end in .csv or .parquet, not '{out.suffix}'")


def register(app: typer.Typer) -> None:
    @app.command("parse")
    def parse(
        file: Path = typer.Argument(
            ...,
            exists=True,
            dir_okay=False,
            readable=True,
            help="A disclosure text file (UTF-8, UTF-8 with BOM or GB18030).",
        ),
        frame: FrameName = typer.Option("line_items", "--frame", help="Frame to write with --out."),
        table: str = typer.Option(
            None,
            "--table",
            help="Only this table_id (e.g. expenditure_summary) in the "
            "summary and in the written frame.",
        ),
        out: Path = typer.Option(
            None,
            "--out",
            help="Write the chosen frame to OUT.csv or OUT.parquet (contract column names).",
        ),
        region: str = typer.Option(
            "", "--region", help="Region of the department when its name does not say."
        ),
    ) -> None:
        """Parse one disclosure; print department, year, tables, row counts, totals and problems."""
        import polars as pl

        from budgetwatch.flows.core import decide_status
        from budgetwatch.transforms.reader import read_disclosure
        from budgetwatch.transforms.tables import KNOWN_TABLES

        if table and table not in KNOWN_TABLES:
            raise typer.BadParameter(
                f"unknown table '{table}'; one of {', '.join(KNOWN_TABLES)}", param_hint="--table"
            )
        from rich.text import Text

        from budgetwatch.outputs.console import make_console

        console = make_console()
        res = read_disclosure(file.read_bytes(), file.name, region)
        # the reader reports why a file cannot be read; the status is the pipeline's word
        res.frames.documents = decide_status(res.frames.documents)
        _summary(console, res, table)
        if res.error is not None:
            console.print(
                Text.assemble((f"{type(res.error).__name__}: ", "bold red"), str(res.error))
            )
        if out is not None:
            df = getattr(res.frames, frame.value)
            if table and "table_id" in df.columns:
                df = df.filter(pl.col("table_id") == table)
            _write(df, out)
            console.print(f"wrote {df.height} rows of {frame.value} to {out}")
        if res.error is not None:
            raise typer.Exit(1)
