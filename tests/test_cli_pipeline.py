"""CLI behaviour that needs no store: option parsing, help, config errors."""
from __future__ import annotations

import os

import pytest
import typer
from typer.testing import CliRunner

from budgetwatch.cli.cmd_pipeline import parse_years
from budgetwatch.cli.main import app


def test_parse_years_ranges_and_lists():
    assert parse_years("2021-2023") == [2021, 2022, 2023]
    assert parse_years("2024,2021-2022") == [2021, 2022, 2024]
    for bad in ("2023-2021", "twenty", "2021-"):
        with pytest.raises(typer.BadParameter):
            parse_years(bad)


@pytest.mark.parametrize("command", ["run", "backfill", "summary", "explain", "history",
                                     "export", "serve", "demo"])
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
    assert "run `budgetwatch run` first" in out.output


def test_run_with_missing_input_fails_fast(tmp_path):
    out = CliRunner().invoke(app, ["run", "--input", str(tmp_path / "absent"),
                                   "--data-dir", str(tmp_path / "store")])
    assert out.exit_code == 1
    assert "absent: input directory does not exist" in out.output


def test_rule_doc_finds_the_section_of_the_rule(tmp_path):
    from budgetwatch.outputs.summary import rule_doc

    md = tmp_path / "rules.md"
    md.write_text("# Rules\n\n## R1 — parent sum\nchecks parents\n\n### example\nx\n\n"
                  "## R10 — other\nnot this\n", encoding="utf-8")
    assert rule_doc("R1", md) == "## R1 — parent sum\nchecks parents\n\n### example\nx"
    assert rule_doc("R10", md) == "## R10 — other\nnot this"
    assert rule_doc("R2", md) is None
    assert rule_doc("R1", tmp_path / "missing.md") is None


def test_source_excerpt_numbers_the_lines_around_the_flag(tmp_path):
    from rich.console import Console

    from budgetwatch.outputs.summary import source_excerpt

    path = tmp_path / "doc.txt"
    path.write_text("".join(f"第{i}行\n" for i in range(1, 11)), encoding="utf-8")
    console = Console(width=80, record=True)
    console.print(source_excerpt(path, 5, context=1))
    text = console.export_text()
    assert "doc.txt:5" in text.splitlines()[0]
    assert [line.strip("│ ").split() for line in text.splitlines()[1:-1]] == [
        ["4", "第4行"], ["5", "第5行"], ["6", "第6行"]]
    assert source_excerpt(tmp_path / "gone.txt", 5) is None


def test_source_excerpt_of_a_pdf_shows_its_rendered_line(tmp_path):
    from rich.console import Console

    from budgetwatch.outputs.summary import source_excerpt
    from budgetwatch.transforms.reader import read_disclosure
    from tests.test_parse_pdf import _budget_pdf

    data = _budget_pdf()
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


def test_a_busy_store_is_refused_at_once_naming_the_holder(tmp_path):
    """Another process holds the data dir: `run` exits 75 before starting Prefect."""
    import subprocess
    import sys

    (tmp_path / "in").mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom budgetwatch.store import hold\n"
         "with hold(sys.argv[1], 'run-A'):\n    print('held', flush=True)\n    time.sleep(60)\n",
         str(tmp_path / "store")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        out = CliRunner().invoke(app, ["run", "--input", str(tmp_path / "in"),
                                       "--data-dir", str(tmp_path / "store")])
    finally:
        holder.kill()
        holder.wait()
    assert out.exit_code == 75
    assert out.output.startswith(f"error: {tmp_path / 'store'} is in use by pid {holder.pid}, "
                                 "run run-A (since ")
    assert len(out.output.strip().splitlines()) == 1


def test_a_read_only_store_fails_in_one_line(tmp_path):
    import subprocess

    (tmp_path / "in").mkdir()
    store = tmp_path / "store"
    store.mkdir()
    if subprocess.run(["mount", "--bind", "-o", "ro", str(store), str(store)],
                      capture_output=True).returncode:
        pytest.skip("cannot bind-mount read-only here")
    try:
        out = CliRunner().invoke(app, ["run", "--input", str(tmp_path / "in"),
                                       "--data-dir", str(store)])
    finally:
        subprocess.run(["umount", str(store)], check=True)
    assert out.exit_code == 1
    assert out.output.strip().splitlines() == [f"error: {store}/.lock: Read-only file system"]
