"""CLI behaviour that needs no store: option parsing, help, config errors."""

from __future__ import annotations

import os
import re

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from budgetwatch.cli.cmd_pipeline import parse_years
from budgetwatch.cli.main import app
from tests.helpers import HANG


def test_parse_years_ranges_and_lists():
    assert parse_years("2021-2023") == [2021, 2022, 2023]
    assert parse_years("2024,2021-2022") == [2021, 2022, 2024]
    for bad in ("2023-2021", "twenty", "2021-"):
        with pytest.raises(typer.BadParameter):
            parse_years(bad)


@pytest.mark.parametrize(
    "command", ["run", "backfill", "summary", "explain", "history", "export", "serve", "demo"]
)
def test_every_option_has_help(command):
    click_command = typer.main.get_command(app).commands[command]
    assert click_command.help
    for param in click_command.params:
        assert getattr(param, "help", None), f"{command} {param.name} has no help"
    out = CliRunner().invoke(app, [command, "--help"], terminal_width=200)
    assert out.exit_code == 0, out.output


def test_invalid_config_fails_naming_the_key(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGETWATCH__PIPELINE__BATCH_SIZE", "0")
    out = CliRunner().invoke(app, ["summary", "--data-dir", str(tmp_path)])
    assert out.exit_code == 2
    assert "pipeline.batch_size" in out.output


def test_env_override_values(monkeypatch):
    from budgetwatch.config.settings import load_settings

    # a cron line is not YAML on its own ("*" starts an alias): it is taken as text;
    # numbers still arrive as numbers
    monkeypatch.setenv("BUDGETWATCH__SCHEDULE__CRON", "*/5 * * * *")
    monkeypatch.setenv("BUDGETWATCH__PIPELINE__BATCH_SIZE", "50")
    s = load_settings()
    assert (s.schedule.cron, s.pipeline.batch_size) == ("*/5 * * * *", 50)


def test_summary_without_store_says_so(tmp_path):
    out = CliRunner().invoke(app, ["summary", "--data-dir", str(tmp_path / "none")])
    assert out.exit_code == 1
    assert "run `budgetwatch run --input DIR` first" in out.output


def test_run_with_missing_input_fails_fast(tmp_path):
    out = CliRunner().invoke(
        app, ["run", "--input", str(tmp_path / "absent"), "--data-dir", str(tmp_path / "store")]
    )
    assert out.exit_code == 1
    assert "absent: input directory does not exist" in out.output


def test_source_excerpt_numbers_the_lines_around_the_flag(tmp_path):
    from rich.console import Console

    from budgetwatch.outputs.summary import source_excerpt

    path = tmp_path / "doc.txt"
    path.write_text("".join(f"第{i}行\n" for i in range(1, 11)), encoding="utf-8")
    # wide enough for the whole title: tmp_path is longer on an xdist worker (…/popen-gw1/…)
    console = Console(width=160, record=True)
    console.print(source_excerpt(path, 5, context=1))
    text = console.export_text()
    assert "doc.txt:5" in text.splitlines()[0]
    assert [line.strip("│ ").split() for line in text.splitlines()[1:-1]] == [
        ["4", "第4行"],
        ["5", "第5行"],
        ["6", "第6行"],
    ]
    assert source_excerpt(tmp_path / "gone.txt", 5) is None


def test_source_excerpt_of_a_pdf_shows_its_rendered_line(tmp_path):
    from rich.console import Console

    from budgetwatch.outputs.summary import source_excerpt
    from budgetwatch.transforms.reader import read_disclosure
    from tests.pdf_builders import budget_pdf

    data = budget_pdf()
    path = tmp_path / "budget.pdf"
    path.write_bytes(data)
    # the 2010601 row is printed on page 1 with 合计 1,234,567.80 元
    li = read_disclosure(data, "budget.pdf").frames.line_items
    line = li.filter((li["code"] == "2010601") & (li["column_id"] == "total"))["source_line"][0]
    console = Console(width=200, record=True)
    console.print(source_excerpt(path, line, context=0))
    text = console.export_text()
    assert f"budget.pdf:{line}" in text.splitlines()[0]
    assert "1,234,567.80" in text


def test_importing_flows_switches_telemetry_off(monkeypatch):
    import importlib

    from budgetwatch import flows

    monkeypatch.setenv("DO_NOT_TRACK", "0")
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "true")
    importlib.reload(flows)
    assert os.environ["DO_NOT_TRACK"] == "1"
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["GX_ANALYTICS_ENABLED"] == "False"


# ---- the commands over a store, at 80 columns ------------------------------------------------
ODD_NAME = "odd[/report[final].txt"  # a folder "odd[" holding "report[final].txt"
MARKUP_NAME = "赵县[/]科学技术和工业信息化局[bold]"  # a department name with markup in its text


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, settings):
    """Two departments × two years (the sample re-dated and re-coded), department 351 naming
    itself with markup characters, and a truncated copy with an odd file name (quarantined)."""
    from tests.helpers import analysed_store, variant, write

    base = tmp_path_factory.mktemp("views")
    for year in (2023, 2024):
        write(base / "input", f"{year}/赵县-350.txt", variant(year, "350"))
        write(
            base / "input",
            f"{year}/赵县-351.txt",
            variant(year, "351").replace("赵县科学技术和工业信息化局", MARKUP_NAME),
        )
    write(base / "input", ODD_NAME, "".join(variant(2024, "352").splitlines(True)[:300]))
    return analysed_store(base / "input", base / "store", settings)


def invoke(*args: str, columns: int = 80):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def assert_fits(output: str, width: int = 80) -> list[str]:
    from rich.cells import cell_len

    lines = output.splitlines()
    assert lines and lines[0].strip(), "no leading blank line"
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide
    return lines


def leaders(store_dir, n: int) -> list[dict]:
    """The flags summary must list: one per group, by the store's rank (read here with polars
    rather than through the view)."""
    from budgetwatch.store import Store

    flags = Store(store_dir).read("flags")
    return (
        flags.filter(pl.col("group_id").is_null() | (pl.col("group_id") == pl.col("flag_id")))
        .sort("rank")
        .head(n)
        .to_dicts()
    )


def test_summary_at_80_columns_keeps_ids_names_and_ranks(store_dir):
    out = invoke("summary", "--data-dir", str(store_dir), "--top", "5")
    assert out.exit_code == 0, out.output
    lines = assert_fits(out.output)
    top = leaders(store_dir, 5)
    assert len(top) == 5
    for flag in top:  # rank and the full id on the flag's row, as explain shows them
        assert any(
            re.match(rf"\s*{flag['rank']}  {flag['flag_id']}  {flag['severity']} ", line)
            for line in lines
        ), flag
    text = out.output
    assert "Documents: 4 loaded, 1 quarantined, 0 rejected" in text
    assert f"quarantined  {ODD_NAME}" in text  # brackets kept, nothing taken as markup
    assert MARKUP_NAME in text and "351 " + MARKUP_NAME in text
    assert "350 赵县科学技术和工业信息化局" in text
    # the quarantine reason in words, without check ids
    assert "no error-severity finding" in text and not re.search(r"\b[BWXN]\d+\b", text)


def test_explain_shows_the_rank_summary_shows(store_dir):
    top = leaders(store_dir, 1)[0]
    out = invoke("explain", top["flag_id"], "--data-dir", str(store_dir))
    assert out.exit_code == 0, out.output
    lines = assert_fits(out.output)
    assert any(re.search(rf"│\s+rank\s+{top['rank']}\s+│", line) for line in lines)
    assert any(re.search(rf"flag_id\s+{top['flag_id']}\s", line) for line in lines)
    assert "not described in" not in out.output  # the rule's documentation was found


def test_history_at_80_columns_two_decimals(store_dir):
    out = invoke(
        "history", "--department", "350", "--code", "2060499", "--data-dir", str(store_dir)
    )
    assert out.exit_code == 0, out.output
    lines = assert_fits(out.output)
    # sample line 190: 2060499 其他技术研究开发支出 17.00 (total), the same in both re-dated copies
    total = next(line for line in lines if line.startswith("2060499") and "(total)" in line)
    assert total.split()[-4:] == ["17.00", "17.00", "+0.00", "+0.0"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["summary", "--department", "999"], "no department '999'"),
        (
            ["summary", "--year", "2019"],
            "no documents of 2019 in the store; years present: 2023-2024",
        ),
        (["history", "--department", "999"], "no department '999' in the store"),
        (["history", "--department", "350", "--code", "1"], "has no line with code '1'"),
    ],
)
def test_filters_that_match_nothing_say_how_to_find_valid_ones(store_dir, args, message):
    out = invoke(*args, "--data-dir", str(store_dir))
    assert out.exit_code == 1
    text = " ".join(out.output.split())
    assert message in text
    # how to find valid ones: listed (years) or the command that lists them
    assert "years present" in text or "budgetwatch summary" in text or "budgetwatch history" in text


@pytest.mark.parametrize("command", ["summary", "run", "demo"])
def test_top_must_be_positive(command):
    out = CliRunner().invoke(app, [command, "--top", "0"])
    assert out.exit_code == 2 and "--top" in out.output


def test_backfill_defaults_to_the_last_runs_input(store_dir, monkeypatch):
    from budgetwatch.cli import cmd_pipeline
    from budgetwatch.store import Store

    seen = {}

    def fake_flow(settings, name, **params):
        seen["input_dir"] = settings.resolve(settings.pipeline.input_dir)
        return {**Store(store_dir).runs()[-1], "data_dir": str(store_dir), "files_parsed": []}

    monkeypatch.setattr(cmd_pipeline, "_run_flow", fake_flow)
    out = invoke("backfill", "--years", "2024", "--data-dir", str(store_dir))
    assert out.exit_code == 0, out.output
    assert seen["input_dir"] == store_dir.parent / "input"  # analysed_store recorded it


def test_progress_counts_parsed_documents_then_names_the_detect_phase():
    from io import StringIO

    from rich.console import Console

    from budgetwatch.cli.cmd_pipeline import _Bar
    from budgetwatch.flows import pipeline

    def shown(bar) -> dict:
        return {t.description: (t.completed, t.total) for t in bar.tasks if t.visible}

    progress = _Bar(Console(file=StringIO(), force_terminal=True, width=80))
    bar = progress.bar
    with bar:
        # shown before anything is known: within the first second of `run`
        assert shown(bar) == {"finding files, starting Prefect": (0, None)}
        with progress.watching():
            calls = pipeline.PROGRESS.get()  # what the flow calls
            start, committed, parsed = calls.start, calls.advance, calls.parsed
            start(3)
            parsed(1)
            parsed(1)  # two documents parsed, none stored yet
            assert shown(bar) == {"documents parsed": (2, 3), "gated and stored": (0, 3)}
            parsed(1)
            committed(3)  # the last batch stored: comparison and detection run next
            assert shown(bar) == {
                "documents parsed": (3, 3),
                "gated and stored": (3, 3),
                "compare years and peers, detect flags": (0, None),
            }
            screen = Console(file=StringIO(), width=80, record=True)
            screen.print(bar.get_renderable())
            text = screen.export_text()
            phase = next(line for line in text.splitlines() if "compare" in line)
            assert "3/3" in text and "/" not in phase  # the phase has no count
    progress = _Bar(Console(file=StringIO(), force_terminal=True, width=80))
    with progress.bar, progress.watching():
        pipeline.PROGRESS.get().start(0)  # nothing to parse: straight to compare and detect
        assert "compare years and peers, detect flags" in shown(progress.bar)


def run_in_terminal(args: list[str], columns: int) -> str:
    """The command's output on a pseudo-terminal ``columns`` wide (no COLUMNS variable: rich
    asks the terminal), escape sequences removed."""
    import fcntl
    import struct
    import subprocess
    import sys
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "budgetwatch.cli.main", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's last writer is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=HANG) == 0, b"".join(chunks).decode(errors="replace")
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", text)


@pytest.mark.slow  # a `budgetwatch summary` process on a pseudo-terminal (about 5 s)
def test_summary_on_an_80_column_terminal(store_dir):
    out = run_in_terminal(["summary", "--data-dir", str(store_dir), "--top", "3"], 80)
    lines = assert_fits(out)
    for flag in leaders(store_dir, 3):
        assert any(re.match(rf"\s*{flag['rank']}  {flag['flag_id']} ", line) for line in lines)
    assert "350 赵县科学技术和工业信息化局" in out and ODD_NAME in out


def test_piped_output_takes_its_width_from_columns(store_dir):
    wide = invoke("summary", "--data-dir", str(store_dir), "--top", "5", columns=200).output
    title = next(line for line in wide.splitlines() if line.startswith("Top 5 flags of"))
    assert title.endswith("shows the evidence)")  # one line at 200 columns…
    narrow = invoke("summary", "--data-dir", str(store_dir), "--top", "5", columns=60).output
    assert_fits(narrow, 60)  # …wrapped, never cut, at 60
    assert all(f["flag_id"] in narrow for f in leaders(store_dir, 5))


def test_parse_shows_a_bracketed_file_name_as_is(tmp_path):
    from tests.helpers import SAMPLE_PATH

    path = tmp_path / "report[final].txt"
    path.write_bytes(SAMPLE_PATH.read_bytes())
    out = invoke("parse", str(path))
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0].strip() == "report[final].txt"


def test_a_busy_store_is_refused_at_once_naming_the_holder(tmp_path):
    """Another process holds the data dir: `run` exits 75 before starting Prefect."""
    import subprocess
    import sys

    (tmp_path / "in").mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom budgetwatch.store import hold\n"
            "with hold(sys.argv[1], 'run-A'):\n    print('held', flush=True)\n    sys.stdin.read()\n",
            str(tmp_path / "store"),
        ],
        # held until the test is done (killed then), not for a time the load could outlast
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        out = CliRunner().invoke(
            app, ["run", "--input", str(tmp_path / "in"), "--data-dir", str(tmp_path / "store")]
        )
    finally:
        holder.kill()
        holder.wait()
    assert out.exit_code == 75
    assert out.output.startswith(
        f"error: {tmp_path / 'store'} is in use by pid {holder.pid}, run run-A (since "
    )
    assert len(out.output.strip().splitlines()) == 1


def test_a_read_only_store_fails_in_one_line(tmp_path):
    import subprocess

    (tmp_path / "in").mkdir()
    store = tmp_path / "store"
    store.mkdir()
    if subprocess.run(
        ["mount", "--bind", "-o", "ro", str(store), str(store)], capture_output=True
    ).returncode:
        pytest.skip("cannot bind-mount read-only here")
    try:
        out = CliRunner().invoke(
            app, ["run", "--input", str(tmp_path / "in"), "--data-dir", str(store)]
        )
    finally:
        subprocess.run(["umount", str(store)], check=True)
    assert out.exit_code == 1
    assert out.output.strip().splitlines() == [f"error: {store}/.lock: Read-only file system"]
