"""Pipeline commands: run, backfill, summary, explain, history, export, serve, demo.

Defaults come from config (config/defaults.yaml, BUDGETWATCH__… env vars); flags override.
Prefect is imported only inside the commands that run flows, after its home and telemetry
switches are set.
"""
from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path

import typer

from budgetwatch.config.settings import ConfigError, Settings, load_settings

DATA_DIR_HELP = "Store directory (default: pipeline.data_dir from config)."
INPUT_HELP = ("Input root searched for disclosures: *.pdf, and *.txt text extracted from "
              "them (default: pipeline.input_dir).")
TOP_HELP = "Flags to list, at least 1 (default: detection.top_n)."


def _settings(**overrides) -> Settings:
    try:
        return load_settings(overrides={f"pipeline.{k}": (str(v) if v is not None else None)
                                        for k, v in overrides.items()})
    except ConfigError as exc:
        _fail(str(exc), code=2)


def _console():
    from budgetwatch.outputs.console import make_console

    return make_console()


def _fail(message: str, code: int = 1):
    from rich.text import Text

    # soft_wrap: one line however long the path, for logs and for grep
    _console().print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
    raise typer.Exit(code)


def _last_input(settings: Settings) -> Path | None:
    """The input directory of the store's last run (what `backfill` and `explain` default to),
    None for a store without runs."""
    from budgetwatch.store import Store, StoreError

    try:
        runs = Store(settings.resolve(settings.pipeline.data_dir)).runs()
    except StoreError as exc:
        _fail(str(exc))
    return Path(runs[-1]["input_dir"]) if runs and runs[-1].get("input_dir") else None


def parse_years(text: str) -> list[int]:
    """``2021-2023`` → [2021, 2022, 2023]; ``2021,2023`` → [2021, 2023]."""
    years: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        try:
            if "-" in part:
                lo, hi = (int(x) for x in part.split("-", 1))
                if lo > hi:
                    raise ValueError
                years.update(range(lo, hi + 1))
            else:
                years.add(int(part))
        except ValueError:
            raise typer.BadParameter(f"{part!r} is not a year or a range like 2021-2023",
                                     param_hint="--years") from None
    return sorted(years)


@contextlib.contextmanager
def _progress_bar(console):
    """Progress on stderr: documents parsed as each finishes, documents gated and stored
    per batch, then the compare-and-detect phase (it follows the last stored batch).
    Transient: the summary printed after it starts on a clean line. Only on an interactive
    terminal: elsewhere (cron, a pipe) a transient display shows nothing, yet rich ends it
    with an empty line, which would follow a one-line error."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    from budgetwatch.flows.pipeline import report_progress

    class Count(MofNCompleteColumn):  # "n/m"; nothing for the phase, which has no count
        def render(self, task):
            return Text("") if task.total is None else super().render(task)

    with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                  Count(), TimeElapsedColumn(), console=console, transient=True,
                  disable=not console.is_interactive) as bar:
        parsed = bar.add_task("documents parsed", total=None)
        stored = bar.add_task("gated and stored", total=None)
        phase = bar.add_task("compare years and peers, detect flags", total=None,
                             visible=False)

        def start(total: int) -> None:
            bar.update(parsed, total=total)
            bar.update(stored, total=total)
            if total == 0:
                bar.update(phase, visible=True)

        def committed(n: int) -> None:
            bar.advance(stored, n)
            if bar.tasks[stored].finished:
                bar.update(phase, visible=True)

        with report_progress(start, committed, lambda n: bar.advance(parsed, n)):
            yield bar


# exit status of a run that found the data dir in use (EX_TEMPFAIL: try again later)
EXIT_LOCKED = 75


def _disk_error(exc: OSError) -> str:
    """One line naming the path: ``/data/store/.lock: No space left on device``."""
    where = exc.filename or "disk"
    return f"{where}: {exc.strerror or exc}"


def _run_flow(settings: Settings, name: str, **params) -> dict:
    """Run the flow ``name`` of flows.pipeline on the settings' directories, with Prefect's
    home under the data dir and a progress bar; returns the run metadata.

    The data dir's lock is taken first, so a busy store, or a full or read-only disk, is
    reported in one line before a Prefect server is started; Ctrl-C stops within seconds."""
    from budgetwatch import flows

    dirs = {key: str(settings.resolve(getattr(settings.pipeline, key)))
            for key in ("input_dir", "data_dir", "outputs_dir")}
    if not Path(dirs["input_dir"]).is_dir():  # fail before starting a Prefect server
        _fail(f"{dirs['input_dir']}: input directory does not exist")
    from budgetwatch.outputs.console import make_console
    from budgetwatch.store import StoreError, StoreLockedError, hold, require_free

    console = _console()
    try:
        require_free(Path(dirs["data_dir"]), settings.limits.min_free_disk_mb)
        with hold(Path(dirs["data_dir"])):
            flows.use_prefect_home(dirs["data_dir"])
            from budgetwatch.flows import children
            from budgetwatch.flows.pipeline import quiet_flow_errors
            from budgetwatch.sources.discover import InputRootError

            say = partial(console.print, style="bold red", highlight=False, markup=False)
            with children.stop_on_signal(say):
                try:
                    with children.prefect_server(), quiet_flow_errors(), \
                            _progress_bar(make_console(stderr=True)):
                        return getattr(flows.pipeline, name)(**dirs, **params)
                except (InputRootError, StoreError, ConfigError, children.ServerError) as exc:
                    _fail(str(exc))
    except StoreLockedError as exc:
        _fail(str(exc), code=EXIT_LOCKED)
    except OSError as exc:  # the lock file or a Data Docs file on a full or read-only disk
        _fail(_disk_error(exc))


def _print_summary(data_dir: Path, year: int | None, department: str | None, top: int) -> None:
    from budgetwatch.outputs.summary import FilterError, summary_view
    from budgetwatch.store import Store, StoreError

    store = Store(data_dir)
    if not store.exists():
        _fail(f"{data_dir}: no store here yet; run `budgetwatch run` first")
    try:
        view = summary_view(store, year, department, top)
    except (FilterError, StoreError) as exc:
        _fail(str(exc))
    _console().print(view)


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run(
        input_dir: Path = typer.Option(None, "--input", help=INPUT_HELP),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        outputs_dir: Path = typer.Option(
            None, "--outputs-dir",
            help="Where validation results and Data Docs go, one folder per run "
                 "(default: pipeline.outputs_dir)."),
        force: bool = typer.Option(False, "--force",
                                   help="Parse every file again, even if its bytes are unchanged."),
        top: int = typer.Option(None, "--top", min=1, help=TOP_HELP),
    ) -> None:
        """Load new and changed disclosures into the store, rebuild comparisons and flags,
        and print the summary."""
        settings = _settings(input_dir=input_dir, data_dir=data_dir, outputs_dir=outputs_dir)
        meta = _run_flow(settings, "budgetwatch_run", force=force)
        _print_summary(Path(meta["data_dir"]), None, None, top or settings.detection.top_n)

    @app.command("backfill")
    def backfill(
        years: str = typer.Option(..., "--years",
                                  help="Years to re-run: 2021-2023, or a list 2021,2023."),
        department: list[str] = typer.Option(
            None, "--department",
            help="Department code to re-run, or its name where the template prints no code "
                 "(repeatable; default: all)."),
        force: bool = typer.Option(False, "--force",
                                   help="Parse the selected files again even if unchanged."),
        input_dir: Path = typer.Option(
            None, "--input",
            help="Input root searched for disclosures (default: the input of the store's last "
                 "run, else pipeline.input_dir)."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Re-run exactly the documents of some years (and departments); other years'
        partitions are left as they are."""
        wanted = parse_years(years)
        settings = _settings(data_dir=data_dir)
        if input_dir is None:
            input_dir = _last_input(settings)
        settings = _settings(input_dir=input_dir, data_dir=data_dir)
        meta = _run_flow(settings, "budgetwatch_backfill", years=wanted,
                         departments=department or None, force=force)
        _console().print(f"backfill {meta['run_id']} of {meta['input_dir']}: "
                         f"{len(meta['files_parsed'])} file(s) re-parsed for {years}")
        _print_summary(Path(meta["data_dir"]), None, None, settings.detection.top_n)

    @app.command("summary")
    def summary(
        year: int = typer.Option(None, "--year", help="Only this fiscal year."),
        department: str = typer.Option(
            None, "--department",
            help="Only this department: its code, or its name where the template prints none."),
        top: int = typer.Option(None, "--top", min=1, help=TOP_HELP),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Documents loaded / quarantined / rejected with reasons, the top flags, and a
        per-department scorecard."""
        settings = _settings(data_dir=data_dir)
        _print_summary(settings.resolve(settings.pipeline.data_dir), year, department,
                       top or settings.detection.top_n)

    @app.command("explain")
    def explain(
        flag_id: str = typer.Argument(..., help="A flag id from `budgetwatch summary`."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        input_dir: Path = typer.Option(
            None, "--input",
            help="Input root holding the flagged file (default: the last run's input)."),
    ) -> None:
        """The evidence of one flag: numbers, source file and lines, and the rule's doc."""
        from budgetwatch.outputs.summary import explain_view
        from budgetwatch.store import Store, StoreError

        settings = _settings(data_dir=data_dir, input_dir=input_dir)
        store = Store(settings.resolve(settings.pipeline.data_dir))
        root = input_dir or _last_input(settings) or settings.resolve(settings.pipeline.input_dir)
        try:
            view = explain_view(store, flag_id, root)
        except StoreError as exc:
            _fail(str(exc))
        _console().print(view)

    @app.command("history")
    def history(
        department: str = typer.Option(
            ..., "--department",
            help="Department code, or its name where the template prints none."),
        code: str = typer.Option(None, "--code", help="Only this classification code."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """The department's lines across years: amount per year, latest change, status."""
        from budgetwatch.outputs.summary import history_frame, history_table
        from budgetwatch.store import Store, StoreError

        settings = _settings(data_dir=data_dir)
        try:
            multiyear = Store(settings.resolve(settings.pipeline.data_dir)).read("multiyear")
        except StoreError as exc:
            _fail(str(exc))
        frame = history_frame(multiyear, department, None)
        if frame.is_empty():
            _fail(f"no department {department!r} in the multi-year tables; give its code, or "
                  "its full name where the template prints no code, as listed in the "
                  "scorecard of `budgetwatch summary`")
        if code is not None:
            frame = frame.filter(frame["code"] == code)
            if frame.is_empty():
                _fail(f"department {department} has no line with code {code!r}; "
                      f"`budgetwatch history --department {department}` lists its lines")
        _console().print(history_table(frame, department))

    @app.command("export")
    def export(
        table: str = typer.Argument(..., help="documents, line_items, projects, indicators, "
                                              "narrative_figures, table_status, findings, "
                                              "residuals, quarantine, flags, multiyear, peers, "
                                              "department_history, yoy_claims, or workpaper "
                                              "(the Excel workpaper, .xlsx)."),
        fmt: str = typer.Option(None, "--format",
                                help="csv, parquet or xlsx (default: --out's extension)."),
        out: Path = typer.Option(..., "--out", help="File to write."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Write one store table to a file; amounts keep their exact decimals."""
        from budgetwatch.outputs.export import ExportError, export_table
        from budgetwatch.store import Store, StoreError

        settings = _settings(data_dir=data_dir)
        try:
            n = export_table(Store(settings.resolve(settings.pipeline.data_dir)), table, fmt, out)
        except (ExportError, StoreError) as exc:
            _fail(str(exc))
        _console().print(f"{n} rows of {table} written to {out}")

    @app.command("serve")
    def serve(
        input_dir: Path = typer.Option(None, "--input", help=INPUT_HELP),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Serve a Prefect deployment of the run flow on schedule.cron (config); runs until
        stopped. Schedules need a Prefect server: start one (`prefect server start`) and
        set PREFECT_API_URL (docs/pipeline.md)."""
        import os

        from budgetwatch import flows

        if not os.environ.get("PREFECT_API_URL"):
            # Prefect's temporary server has no scheduler: the deployment would never fire
            from rich.text import Text

            _console().print(Text.assemble(
                ("warning: ", "yellow"), "PREFECT_API_URL is not set; the temporary server "
                "cannot schedule runs. Start `prefect server start` and export "
                "PREFECT_API_URL=http://127.0.0.1:4200/api"))

        settings = _settings(input_dir=input_dir, data_dir=data_dir)
        flows.use_prefect_home(settings.resolve(settings.pipeline.data_dir))
        from prefect.schedules import Cron

        from budgetwatch.flows.pipeline import budgetwatch_run

        budgetwatch_run.serve(
            name=settings.schedule.deployment_name,
            schedules=[Cron(settings.schedule.cron, timezone=settings.schedule.timezone)],
            parameters={
                "input_dir": str(settings.resolve(settings.pipeline.input_dir)),
                "data_dir": str(settings.resolve(settings.pipeline.data_dir)),
                "outputs_dir": str(settings.resolve(settings.pipeline.outputs_dir)),
            },
        )

    @app.command("demo")
    def demo(
        root: Path = typer.Option(Path("data/demo"), "--root",
                                  help="Demo folder: input/, store/ and outputs/ go under it."),
        top: int = typer.Option(None, "--top", min=1, help=TOP_HELP),
    ) -> None:
        """Generate the bundled demo corpus (plus the real sample), run the pipeline on it
        and print the summary."""
        from budgetwatch.synth.demo import ensure_demo_input

        input_dir = ensure_demo_input(root / "input")
        settings = _settings(input_dir=input_dir, data_dir=root / "store",
                             outputs_dir=root / "outputs")
        meta = _run_flow(settings, "budgetwatch_run")
        _print_summary(Path(meta["data_dir"]), None, None, top or settings.detection.top_n)
