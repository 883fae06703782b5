"""`budgetwatch synth`: write a generated corpus with its truth and labeled anomalies."""

from __future__ import annotations

from pathlib import Path

import typer


def _years(spec: str) -> list[int]:
    """ "2020-2024" or "2021,2023"."""
    try:
        if "-" in spec:
            lo, hi = (int(x) for x in spec.split("-", 1))
            return list(range(lo, hi + 1))
        return sorted({int(x) for x in spec.split(",")})
    except ValueError:
        raise typer.BadParameter(
            f"years must look like 2020-2024 or 2021,2023, got {spec!r}"
        ) from None


def register(app: typer.Typer) -> None:
    @app.command("synth")
    def synth(
        out: Path = typer.Option(
            ..., "--out", help="Output folder: docs/ and truth/ are written under it."
        ),
        departments: int = typer.Option(12, "--departments", min=1, help="Number of departments."),
        years: str = typer.Option(
            "2020-2024", "--years", help="Fiscal years, e.g. 2020-2024 or 2022,2024."
        ),
        seed: int = typer.Option(
            1, "--seed", help="Random seed; the same seed writes a byte-identical corpus."
        ),
        anomaly_rate: float = typer.Option(
            None,
            "--anomaly-rate",
            min=0.0,
            max=1.0,
            help="Share of documents given an injected, labeled anomaly.",
        ),
    ) -> None:
        """Generate departmental budget disclosures with ground truth and labeled anomalies."""
        import polars as pl
        from rich.table import Table

        from budgetwatch.outputs.console import make_console
        from budgetwatch.synth import DEFAULT_ANOMALY_RATE, generate_corpus

        console = make_console()
        rate = DEFAULT_ANOMALY_RATE if anomaly_rate is None else anomaly_rate
        generate_corpus(out, departments, _years(years), seed, rate)
        docs = pl.read_parquet(out / "truth" / "documents.parquet")
        anomalies = pl.read_parquet(out / "truth" / "anomalies.parquet")
        summary = Table(title=f"Corpus written to {out}", header_style="bold")
        for col in ("fiscal year", "documents", "元 documents", "GB18030"):
            summary.add_column(col, justify="right")
        for r in (
            docs.group_by("fiscal_year")
            .agg(
                pl.len().alias("n"),
                (pl.col("unit") == "元").sum().alias("yuan"),
                (pl.col("encoding") == "gb18030").sum().alias("gb"),
            )
            .sort("fiscal_year")
            .iter_rows(named=True)
        ):
            summary.add_row(str(r["fiscal_year"]), str(r["n"]), str(r["yuan"]), str(r["gb"]))
        console.print(summary)
        kinds = Table(title="Injected anomalies (truth/anomalies.parquet)", header_style="bold")
        kinds.add_column("kind")
        kinds.add_column("documents", justify="right")
        for r in anomalies.group_by("kind").len().sort("kind").iter_rows(named=True):
            kinds.add_row(r["kind"], str(r["len"]))
        console.print(kinds)
