"""`budgetwatch report`: the offline HTML report of a store (outputs/report.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from budgetwatch.cli.cmd_pipeline import DATA_DIR_HELP, _console, _fail, _settings


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        out: Path = typer.Option(
            ..., "--out", help="Folder to write the site into (index.html, flags.html, dept/)."
        ),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Write a self-contained HTML report (opens offline): departments ranked by open
        problems, a page per department with multi-year charts and its flags with evidence,
        and a flag list to filter by kind, severity, year and review state."""
        from budgetwatch.outputs.report import write_report
        from budgetwatch.store import Store, StoreError

        settings = _settings(data_dir=data_dir)
        store_dir = settings.resolve(settings.pipeline.data_dir)
        if not Store(store_dir).exists():
            _fail(f"no store at {store_dir}: run `budgetwatch run` first or give --data-dir")
        try:
            index = write_report(store_dir, out, settings)
        except StoreError as exc:
            _fail(str(exc))
        _console().print(f"report written: {index}")
