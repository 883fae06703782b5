"""`budgetwatch evaluate`: measure the flags against a generated corpus's labeled anomalies."""

from __future__ import annotations

from pathlib import Path

import typer


def evaluate_corpus(corpus: Path, settings, top_k: int | None = None):
    """Parse → gates → comparison → detect over CORPUS/docs and score against CORPUS/truth.
    Returns (report, analysis). Here, not in detection: it runs the whole pipeline (flows), a
    later step than detection."""
    import polars as pl

    from budgetwatch.detection.evaluate import score
    from budgetwatch.flows.core import analyze

    corpus = Path(corpus)
    docs_dir = corpus / "docs"
    truth = corpus / "truth" / "anomalies.parquet"
    for need in (docs_dir, truth):
        if not need.exists():
            raise FileNotFoundError(
                f"{need}: not a generated corpus (needs docs/ and truth/anomalies.parquet)"
            )
    paths = sorted(p for p in docs_dir.rglob("*.txt"))
    analysis = analyze(paths, docs_dir, settings)
    anomalies = pl.read_parquet(truth)
    return score(analysis.flags, anomalies, analysis.frames.documents, top_k), analysis


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate(
        corpus: Path = typer.Option(
            ..., "--corpus", help="A generated corpus: DIR/docs and DIR/truth/anomalies.parquet."
        ),
        top_k: int = typer.Option(
            None, "--top-k", help="Flags counted for precision (default: number injected)."
        ),
        config: Path = typer.Option(
            None, "--config", help="Settings YAML (default: config/defaults.yaml)."
        ),
    ) -> None:
        """Run parse → gates → comparison → detect over a corpus and print recall per anomaly kind,
        precision@k and the share of clean documents with a warning-or-worse flag (docs/rules.md)."""
        from rich.table import Table
        from rich.text import Text

        import budgetwatch.flows  # noqa: F401  (telemetry off, forced, before Prefect or GX load)
        from budgetwatch.config.settings import load_settings
        from budgetwatch.detection.evaluate import CLEAN_TARGET, PRECISION_TARGET, RECALL_TARGET
        from budgetwatch.outputs.console import make_console

        console = make_console()
        try:
            report, analysis = evaluate_corpus(corpus, load_settings(config), top_k)
        except FileNotFoundError as exc:
            console.print(Text.assemble(("error: ", "red"), str(exc)))
            raise typer.Exit(2) from None
        table = Table(title=f"Detection against {corpus}")
        for col in ("kind", "injected", "found", "recall"):
            table.add_column(col, justify="left" if col == "kind" else "right")
        for row in report.per_kind.iter_rows(named=True):
            style = "" if row["recall"] >= RECALL_TARGET else "red"
            table.add_row(
                row["kind"],
                str(row["injected"]),
                str(row["found"]),
                f"{row['recall']:.2f}",
                style=style,
            )
        console.print(table)
        console.print(
            f"documents {analysis.frames.documents.height}, flags {analysis.flags.height}"
        )
        # below target in red (targets: detection.evaluate)
        console.print(
            f"precision@{report.top_k}: {report.precision_at_k:.3f}",
            style="" if report.precision_at_k >= PRECISION_TARGET else "red",
        )
        console.print(
            f"clean documents flagged (severity ≥ warning): {report.clean_flagged}/"
            f"{report.clean_documents} = {report.clean_flagged_share:.3f}",
            style="" if report.clean_flagged_share <= CLEAN_TARGET else "red",
        )
        if report.clean_by_rule.height:
            by_rule = Table(title="Clean documents alarmed, by rule")
            by_rule.add_column("rule_or_model")
            by_rule.add_column("documents", justify="right")
            for rule, n in report.clean_by_rule.iter_rows():
                by_rule.add_row(rule, str(n))
            console.print(by_rule)
        missed = [
            f"recall of {r['kind']} {r['recall']:.2f} < {RECALL_TARGET}"
            for r in report.per_kind.iter_rows(named=True)
            if r["recall"] < RECALL_TARGET
        ]
        if report.precision_at_k < PRECISION_TARGET:
            missed.append(
                f"precision@{report.top_k} {report.precision_at_k:.3f} < {PRECISION_TARGET}"
            )
        if report.clean_flagged_share > CLEAN_TARGET:
            missed.append(
                f"clean documents flagged {report.clean_flagged_share:.3f} > {CLEAN_TARGET}"
            )
        if missed:
            console.print(Text.assemble(("targets missed: ", "bold red"), "; ".join(missed)))
            raise typer.Exit(1)
        console.print("all targets met")
