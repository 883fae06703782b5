"""Pipeline commands: run, backfill, summary, explain, history, export, serve, demo.

Exit status: 0 done; 1 an error (one line); 2 a wrong option or config; 3 a run that
loaded nothing; 4 new flags at or above ``run --fail-on``; 75 the store is in use.

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
INPUT_HELP = (
    "Input root searched for disclosures: *.pdf, and *.txt text extracted from "
    "them (default: pipeline.input_dir)."
)
TOP_HELP = "Flags to list, at least 1 (default: detection.top_n)."
CLUSTER_HELP = (
    "Parse on this Dask cluster, tcp://HOST:8786 (default: pipeline.cluster; "
    "none: this machine's processes)."
)


def _settings(**overrides) -> Settings:
    try:
        return load_settings(
            overrides={
                f"pipeline.{k}": (str(v) if v is not None else None) for k, v in overrides.items()
            }
        )
    except ConfigError as exc:
        _fail(str(exc), code=2)


def _console():
    from budgetwatch.outputs.console import make_console

    return make_console()


def _fail(message: str, code: int = 1):
    from rich.text import Text

    from budgetwatch.outputs.console import safe

    # soft_wrap: one line however long the path, for logs and for grep
    _console().print(Text.assemble(("error: ", "bold red"), safe(message)), soft_wrap=True)
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
            raise typer.BadParameter(
                f"{part!r} is not a year or a range like 2021-2023", param_hint="--years"
            ) from None
    return sorted(years)


class _Bar:
    """The run's progress on stderr, shown from the start: a spinner while files are found
    (and Prefect's server starts), then documents parsed as each finishes, documents gated
    and stored per batch, then the compare-and-detect phase. Transient: the summary printed
    after it starts on a clean line. Only on an interactive terminal: elsewhere (cron, a
    pipe) a transient display shows nothing, yet rich ends it with an empty line, which
    would follow a one-line error."""

    def __init__(self, console):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.text import Text

        class Count(MofNCompleteColumn):  # "n/m"; nothing for a phase, which has no count
            def render(self, task):
                return Text("") if task.total is None else super().render(task)

        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            Count(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_interactive,
        )
        self.finding = self.bar.add_task("finding files, starting Prefect", total=None)

    @contextlib.contextmanager
    def watching(self):
        """While inside, the flow reports its progress here."""
        from budgetwatch.flows.pipeline import report_progress

        bar = self.bar
        parsed = bar.add_task("documents parsed", total=None, visible=False)
        stored = bar.add_task("gated and stored", total=None, visible=False)
        phase = bar.add_task("compare years and peers, detect flags", total=None, visible=False)

        def start(total: int) -> None:
            bar.update(self.finding, visible=False)
            bar.update(parsed, total=total, visible=True)
            bar.update(stored, total=total, visible=True)
            if total == 0:
                bar.update(phase, visible=True)

        def committed(n: int) -> None:
            bar.advance(stored, n)
            if bar.tasks[stored].finished:
                bar.update(phase, visible=True)

        with report_progress(start, committed, lambda n: bar.advance(parsed, n)):
            yield


# exit status of a run that found the data dir in use (EX_TEMPFAIL: try again later)
EXIT_LOCKED = 75
EXIT_NOTHING_LOADED = 3
EXIT_NEW_FLAGS = 4


def _disk_error(exc: OSError) -> str:
    """One line naming the path: ``/data/store/.lock: No space left on device``."""
    where = exc.filename or "disk"
    return f"{where}: {exc.strerror or exc}"


def _no_files(input_dir: Path) -> bool:
    return not any(p.is_file() for p in input_dir.rglob("*"))


def _run_flow(settings: Settings, name: str, **params) -> dict:
    """Run the flow ``name`` of flows.pipeline on the settings' directories, with Prefect's
    home under the data dir and a progress bar; returns the run metadata.

    The data dir's lock is taken first, so a busy store, or a full or read-only disk, is
    reported in one line before a Prefect server is started; Ctrl-C stops within seconds.
    Prefect's server (unless PREFECT_API_URL names one) starts while the files are found;
    a run over an unchanged input needs neither it nor Prefect (flows/runs.py)."""
    dirs = {
        key: str(settings.resolve(getattr(settings.pipeline, key)))
        for key in ("input_dir", "data_dir", "outputs_dir")
    }
    input_dir = Path(dirs["input_dir"])
    if not input_dir.is_dir():  # fail before starting a Prefect server
        _fail(f"{input_dir}: input directory does not exist")
    from budgetwatch.flows import children
    from budgetwatch.outputs.console import make_console

    console = _console()
    # one line however wide: cron logs and the tests read it whole
    say = partial(console.print, style="bold red", highlight=False, markup=False, soft_wrap=True)
    # the progress display first (within a second on a terminal), before the imports of
    # polars, the readers and Prefect; Ctrl-C from the start is one line
    bar = _Bar(make_console(stderr=True))
    with children.stop_on_signal(say), bar.bar:
        return _run_locked(settings, name, dirs, bar, params)


def _run_locked(settings: Settings, name: str, dirs: dict, bar: _Bar, params: dict) -> dict:
    import os

    from budgetwatch import flows
    from budgetwatch.flows import children
    from budgetwatch.flows.runs import new_run_id, record_unchanged, unchanged
    from budgetwatch.sources.discover import InputRootError, discover_all
    from budgetwatch.store import StoreError, StoreLockedError, hold, require_free

    input_dir = Path(dirs["input_dir"])
    run_id = new_run_id()  # in the lock file: a second run's refusal names this run
    launched = None
    try:
        require_free(Path(dirs["data_dir"]), settings.limits.min_free_disk_mb)
        with hold(Path(dirs["data_dir"]), run_id):
            if _no_files(input_dir):  # after the lock: a busy store is said first
                _fail(
                    f"{input_dir}: no files here; put the disclosures (*.pdf, *.txt, in "
                    "any folders below it) there, or give another folder with --input",
                    code=EXIT_NOTHING_LOADED,
                )
            flows.use_prefect_home(dirs["data_dir"])
            if not os.environ.get("PREFECT_API_URL"):
                launched = children.launch_server()  # starts while the files are found
            if name == "budgetwatch_run" and not params.get("force"):
                found = discover_all(input_dir, settings.limits.max_file_bytes)
                if unchanged(found, settings, False):
                    return record_unchanged(found, settings, run_id)
            from budgetwatch.flows import pipeline

            server, launched = children.prefect_server(launched), None
            with server, pipeline.quiet_flow_errors(), bar.watching():
                return getattr(pipeline, name)(
                    **dirs, **params, run_id=run_id, cluster=settings.pipeline.cluster or None
                )
    except (
        InputRootError,
        StoreError,
        ConfigError,
        children.ServerError,
        children.ClusterError,
    ) as exc:
        _fail(str(exc))
    except StoreLockedError as exc:
        _fail(str(exc), code=EXIT_LOCKED)
    except OSError as exc:  # the lock file or a report file on a full or read-only disk
        _fail(_disk_error(exc))
    finally:
        if launched is not None:
            children.stop_server(launched[0])


def _run_outcome(meta: dict, data_dir: Path, fail_on: str | None) -> None:
    """Exit non-zero when the run loaded nothing, or raised new flags of ``fail_on`` or
    worse (cron acts on the status; run_results.json says the rest)."""
    from rich.text import Text

    from budgetwatch.contract.schema import SEVERITIES
    from budgetwatch.store import Store

    by_status = meta.get("documents", {}).get("by_status", {})
    stored = meta.get("store_documents", {})
    if meta["files_parsed"] and not by_status.get("loaded"):
        held = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items())) or "none stored"
        _fail(
            f"run {meta['run_id']} loaded none of the {len(meta['files_parsed'])} file(s) it "
            f"read ({held}); the reasons are listed above",
            code=EXIT_NOTHING_LOADED,
        )
    if not stored.get("loaded") and Store(data_dir).exists():
        _fail(
            f"the store {data_dir} holds no loaded document; the reasons are listed above",
            code=EXIT_NOTHING_LOADED,
        )
    if fail_on:
        new = meta.get("detection", {}).get("new_flags", {}).get("by_severity", {})
        worse = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        count = {s: new.get(s, 0) for s in worse if new.get(s, 0)}
        if count:
            _console().print(
                Text.assemble(
                    ("new flags: ", "bold red"),
                    ", ".join(f"{n} {s}" for s, n in count.items()),
                    f" (--fail-on {fail_on}: exit {EXIT_NEW_FLAGS})",
                )
            )
            raise typer.Exit(EXIT_NEW_FLAGS)


DEMO_ROOT = Path("data/demo")


def _store_dir(settings: Settings, given: Path | None) -> Path:
    """The data dir: --data-dir, else the configured one; when that holds no store but the
    demo's does (`budgetwatch demo` was run here), the demo's, said on stderr."""
    data_dir = settings.resolve(settings.pipeline.data_dir)
    demo = DEMO_ROOT / "store"
    if (
        given is None
        and not (data_dir / "manifest.parquet").exists()
        and (demo / "manifest.parquet").exists()
    ):
        from budgetwatch.outputs.console import make_console

        make_console(stderr=True).print(
            f"note: no store at {data_dir}; showing the demo's, {demo} (--data-dir chooses)",
            style="dim",
            soft_wrap=True,
        )
        return demo
    return data_dir


def _print_summary(data_dir: Path, settings: Settings, top: int, **view) -> None:
    from budgetwatch.outputs.summary import FilterError, summary_view
    from budgetwatch.store import Store, StoreError

    store = Store(data_dir)
    if not store.exists():
        _fail(
            f"{data_dir}: no store here yet; run `budgetwatch run --input DIR` first "
            "(or `budgetwatch demo`)"
        )
    try:
        out = summary_view(
            store,
            view.pop("year", None),
            view.pop("department", None),
            top,
            tz=settings.schedule.timezone,
            **view,
        )
    except (FilterError, StoreError) as exc:
        _fail(str(exc))
    _console().print(out)


def _department_key(settings: Settings, data_dir: Path, department: str) -> str:
    """The department_key ``department`` names (outputs/departments.py), else a one-line
    error listing what it may have meant."""
    from budgetwatch.outputs.departments import DepartmentError, resolve
    from budgetwatch.store import Store, StoreError

    try:
        return resolve(Store(data_dir).read("documents"), department)
    except (DepartmentError, StoreError) as exc:
        _fail(str(exc))


SEVERITY_HELP = "Only flags of this severity or worse: critical, warning or info."
FAIL_ON_HELP = (
    "Exit with status 4 when the run raised new flags of this severity or worse "
    "(critical or warning), for cron."
)


def _severity(value: str | None, option: str, allowed=("critical", "warning", "info")):
    if value is not None and value not in allowed:
        raise typer.BadParameter(f"{value!r}: one of {', '.join(allowed)}", param_hint=option)
    return value


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run(
        input_dir: Path = typer.Option(None, "--input", help=INPUT_HELP),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        outputs_dir: Path = typer.Option(
            None,
            "--outputs-dir",
            help="Where validation results, the HTML report and run_results.json go, one folder per "
            "run (default: pipeline.outputs_dir).",
        ),
        force: bool = typer.Option(
            False, "--force", help="Parse every file again, even if its bytes are unchanged."
        ),
        top: int = typer.Option(None, "--top", min=1, help=TOP_HELP),
        fail_on: str = typer.Option(None, "--fail-on", help=FAIL_ON_HELP),
        cluster: str = typer.Option(None, "--cluster", help=CLUSTER_HELP),
    ) -> None:
        """Load new and changed disclosures into the store, rebuild comparisons and flags,
        and print the summary."""
        _severity(fail_on, "--fail-on", ("critical", "warning"))
        settings = _settings(
            input_dir=input_dir, data_dir=data_dir, outputs_dir=outputs_dir, cluster=cluster
        )
        meta = _run_flow(settings, "budgetwatch_run", force=force)
        _print_summary(Path(meta["data_dir"]), settings, top or settings.detection.top_n)
        _run_outcome(meta, Path(meta["data_dir"]), fail_on)

    @app.command("backfill")
    def backfill(
        years: str = typer.Option(
            ..., "--years", help="Years to re-run: 2021-2023, or a list 2021,2023."
        ),
        department: list[str] = typer.Option(
            None,
            "--department",
            help="Department to re-run: region|code, a code or a name (repeatable; default: all).",
        ),
        force: bool = typer.Option(
            False, "--force", help="Parse the selected files again even if unchanged."
        ),
        input_dir: Path = typer.Option(
            None,
            "--input",
            help="Input root searched for disclosures (default: the input of the store's last "
            "run, else pipeline.input_dir).",
        ),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        cluster: str = typer.Option(None, "--cluster", help=CLUSTER_HELP),
    ) -> None:
        """Re-run exactly the documents of some years (and departments); other years'
        partitions are left as they are."""
        from budgetwatch.outputs.summary import year_ranges
        from budgetwatch.store import Store

        wanted = parse_years(years)
        settings = _settings(data_dir=data_dir)
        if input_dir is None:
            input_dir = _last_input(settings)
        settings = _settings(input_dir=input_dir, data_dir=data_dir, cluster=cluster)
        store_dir = settings.resolve(settings.pipeline.data_dir)
        present = set(Store(store_dir).manifest()["fiscal_year"].drop_nulls().to_list())
        if not present & set(wanted):
            _fail(
                f"no documents of {years} in the store {store_dir}; years present: "
                f"{year_ranges(sorted(present)) or 'none'} (new files are loaded by "
                "`budgetwatch run`)",
                code=2,
            )
        keys = [_department_key(settings, store_dir, d) for d in department or []]
        meta = _run_flow(
            settings, "budgetwatch_backfill", years=wanted, departments=keys or None, force=force
        )
        _console().print(
            f"backfill {meta['run_id']} of {meta['input_dir']}: "
            f"{len(meta['files_parsed'])} file(s) re-parsed for {years}"
        )
        _print_summary(Path(meta["data_dir"]), settings, settings.detection.top_n)

    @app.command("summary")
    def summary(
        year: int = typer.Option(None, "--year", help="Only this fiscal year."),
        department: str = typer.Option(
            None, "--department", help="Only this department: region|code, a code or a name."
        ),
        severity: str = typer.Option(None, "--severity", help=SEVERITY_HELP),
        kind: str = typer.Option(
            None, "--kind", help="Only flags of this kind (identity_break, yoy_change, …)."
        ),
        new: bool = typer.Option(False, "--new", help="Only flags the last run raised first."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the last run's run_results.json instead."
        ),
        top: int = typer.Option(None, "--top", min=1, help=TOP_HELP),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """What is new since the last run, documents held back with reasons, a short
        department table, then the top flags (dismissed ones counted, not shown)."""
        _severity(severity, "--severity")
        settings = _settings(data_dir=data_dir)
        store_dir = _store_dir(settings, data_dir)
        if as_json:
            from budgetwatch.outputs.results import results_json
            from budgetwatch.store import Store, StoreError

            try:
                runs = Store(store_dir).runs()
            except StoreError as exc:
                _fail(str(exc))
            if not runs:
                _fail(f"{store_dir}: no run recorded here yet; run `budgetwatch run` first")
            print(results_json(runs[-1], settings.schedule.timezone))
            return
        _print_summary(
            store_dir,
            settings,
            top or settings.detection.top_n,
            year=year,
            department=department,
            severity=severity,
            kind=kind,
            new_only=new,
        )

    @app.command("explain")
    def explain(
        flag_id: str = typer.Argument(..., help="A flag id from `budgetwatch summary`."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        input_dir: Path = typer.Option(
            None,
            "--input",
            help="Input root holding the flagged file (default: the last run's input).",
        ),
    ) -> None:
        """The evidence of one flag: numbers with their unit, source file, page and lines,
        its review, and the rule's doc."""
        from budgetwatch.outputs.summary import explain_view
        from budgetwatch.store import Store, StoreError

        settings = _settings(data_dir=data_dir, input_dir=input_dir)
        store_dir = _store_dir(settings, data_dir)
        settings = _settings(data_dir=store_dir, input_dir=input_dir)
        root = input_dir or _last_input(settings) or settings.resolve(settings.pipeline.input_dir)
        try:
            view = explain_view(Store(store_dir), flag_id, root, settings.schedule.timezone)
        except StoreError as exc:
            _fail(str(exc))
        _console().print(view)

    @app.command("history")
    def history(
        department: str = typer.Option(
            ..., "--department", help="The department: region|code, a code or a name."
        ),
        code: str = typer.Option(None, "--code", help="Only this classification code."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """The department's lines across years: amount per year, latest change, status."""
        from budgetwatch.outputs.summary import history_frame, history_table
        from budgetwatch.store import Store, StoreError

        settings = _settings(data_dir=data_dir)
        store_dir = _store_dir(settings, data_dir)
        key = _department_key(settings, store_dir, department)
        try:
            multiyear = Store(store_dir).read("multiyear")
        except StoreError as exc:
            _fail(str(exc))
        frame = history_frame(multiyear, key, None)
        if frame.is_empty():
            _fail(
                f"department {key} has no lines in the multi-year tables (none of its "
                "documents is loaded)"
            )
        if code is not None:
            frame = frame.filter(frame["code"] == code)
            if frame.is_empty():
                _fail(
                    f"department {key} has no line with code {code!r}; "
                    f"`budgetwatch history --department '{key}'` lists its lines"
                )
        _console().print(history_table(frame, key))

    @app.command("export")
    def export(
        table: str = typer.Argument(
            ...,
            help="documents, line_items, projects, indicators, "
            "narrative_figures, table_status, findings, "
            "residuals, quarantine, flags, multiyear, peers, "
            "department_history, yoy_claims, or workpaper "
            "(the Excel workpaper, .xlsx).",
        ),
        fmt: str = typer.Option(
            None, "--format", help="csv, parquet or xlsx (default: --out's extension)."
        ),
        out: Path = typer.Option(..., "--out", help="File to write; its folder must exist."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Write one store table to a file; amounts keep their exact decimals."""
        from budgetwatch.outputs.export import ExportError, export_table
        from budgetwatch.store import Store, StoreError

        if not out.parent.is_dir():  # a typo in a path must not create folders
            _fail(f"{out.parent}: no such folder; create it first or choose another --out", code=2)
        settings = _settings(data_dir=data_dir)
        try:
            n = export_table(Store(_store_dir(settings, data_dir)), table, fmt, out)
        except (ExportError, StoreError) as exc:
            _fail(str(exc))
        _console().print(f"{n} rows of {table} written to {out}")

    @app.command("serve")
    def serve(
        input_dir: Path = typer.Option(None, "--input", help=INPUT_HELP),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Serve a Prefect deployment of the run flow on schedule.cron (config); runs until
        stopped. Needs a Prefect server that stays up: start one (`prefect server start`)
        and set PREFECT_API_URL (docs/pipeline.md)."""
        import os

        from budgetwatch import flows

        start = (
            "start one in another terminal with `prefect server start`, then `export "
            "PREFECT_API_URL=http://127.0.0.1:4200/api` and run `budgetwatch serve` again "
            "(or schedule `budgetwatch run` with cron: docs/pipeline.md)"
        )
        url = os.environ.get("PREFECT_API_URL")
        if not url:
            _fail(
                "`serve` needs a Prefect server that keeps running (PREFECT_API_URL is not "
                f"set): {start}",
                code=2,
            )
        from budgetwatch.flows.children import healthy

        if not healthy(url):
            _fail(f"no Prefect server answers at PREFECT_API_URL={url}: {start}", code=2)
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
        root: Path = typer.Option(
            DEMO_ROOT, "--root", help="Demo folder: input/, store/ and outputs/ go under it."
        ),
        top: int = typer.Option(None, "--top", min=1, help=TOP_HELP),
    ) -> None:
        """Generate the bundled demo corpus (plus the real sample), run the pipeline on it
        and print the summary, then the command that shows it again."""
        import shlex

        from budgetwatch.synth.demo import ensure_demo_input

        input_dir = ensure_demo_input(root / "input")
        settings = _settings(
            input_dir=input_dir, data_dir=root / "store", outputs_dir=root / "outputs"
        )
        meta = _run_flow(settings, "budgetwatch_run")
        _print_summary(Path(meta["data_dir"]), settings, top or settings.detection.top_n)
        _console().print(
            f"\nthe demo's store is {meta['data_dir']}; see it again with:\n"
            f"  budgetwatch summary --data-dir {shlex.quote(meta['data_dir'])}"
        )
