"""The office's daily loop (issue 20): review decisions, what is new since the last run,
run_results.json and the exit codes cron acts on, departments by region|code. The store is
built without Prefect (tests/conftest.py ``analysed_store``)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from budgetwatch.cli.main import app
from budgetwatch.contract.schema import FLAGS, conform
from budgetwatch.store import Store
from budgetwatch.store.reviews import changes, first_runs, review_states
from tests.helpers import HANG, analysed_store, variant, write

RUN = "20240101T000000Z-test"  # the run analysed_store records


@pytest.fixture(scope="module")
def built(tmp_path_factory, settings):
    """Department 593 of two counties (赵县, 元氏县: the reader takes the region from the
    department's name) and 350 of 赵县, two years each."""
    base = tmp_path_factory.mktemp("loop")
    for year in (2023, 2024):
        write(base / "input", f"赵县/{year}/a-350.txt", variant(year, "350"))
        write(base / "input", f"赵县/{year}/a-593.txt", variant(year, "593"))
        write(
            base / "input",
            f"元氏县/{year}/b-593.txt",
            variant(year, "593").replace("赵县科学技术和工业信息化局", "元氏县交通运输局"),
        )
    return analysed_store(base / "input", base / "store", settings)


@pytest.fixture
def store_dir(built, tmp_path):
    data_dir = tmp_path / "store"
    shutil.copytree(built, data_dir)
    return data_dir


def cli(*args: str, columns: int = 100):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def leader(store_dir, n: int = 0) -> dict:
    flags = Store(store_dir).read("flags")
    return (
        flags.filter(pl.col("group_id").is_null() | (pl.col("group_id") == pl.col("flag_id")))
        .sort("rank")
        .row(n, named=True)
    )


# ---- review --------------------------------------------------------------------------------
def test_review_records_who_when_why_and_keeps_every_row(store_dir):
    flag = leader(store_dir)["flag_id"]
    out = cli(
        "review",
        flag,
        "--confirm",
        "--note",
        "checked on p. 3",
        "--by",
        "wang",
        "--data-dir",
        str(store_dir),
    )
    assert out.exit_code == 0, out.output
    assert out.output.startswith(f"{flag}: confirmed by wang at ")
    out = cli(
        "review", flag, "--note", "told the department", "--by", "li", "--data-dir", str(store_dir)
    )
    assert out.exit_code == 0, out.output
    rows = Store(store_dir).reviews()
    assert rows.select("state", "note", "by").rows() == [
        ("confirmed", "checked on p. 3", "wang"),
        ("note", "told the department", "li"),
    ]
    assert rows["at"][0].endswith("+08:00")  # the configured zone, Asia/Shanghai
    # a note decides nothing: still confirmed
    assert review_states(rows).row(0, named=True)["review_state"] == "confirmed"


def test_a_dismissed_flag_is_counted_not_shown_and_a_confirmed_one_is_marked(store_dir):
    first, second = leader(store_dir, 0)["flag_id"], leader(store_dir, 1)["flag_id"]
    assert (
        cli(
            "review",
            first,
            "--dismiss",
            "--note",
            "a rounding the office accepts",
            "--data-dir",
            str(store_dir),
        ).exit_code
        == 0
    )
    assert cli("review", second, "--confirm", "--data-dir", str(store_dir)).exit_code == 0
    out = cli("summary", "--data-dir", str(store_dir), "--top", "50")
    assert out.exit_code == 0, out.output
    assert first not in out.output
    assert "1 dismissed flag(s) not shown" in out.output
    row = next(line for line in out.output.splitlines() if second in line)
    assert row.rstrip().endswith("confirmed")
    listed = cli("review", "--list", "--data-dir", str(store_dir), "--top", "100")
    assert listed.exit_code == 0
    assert first not in listed.output and second not in listed.output
    assert leader(store_dir, 2)["flag_id"] in listed.output
    explained = cli("explain", second, "--data-dir", str(store_dir))
    assert "state: confirmed" in explained.output


def test_review_of_an_unknown_flag_is_one_line(store_dir):
    out = cli("review", "0000000000000000", "--confirm", "--data-dir", str(store_dir))
    assert out.exit_code == 2
    assert out.output.startswith("error: no flag '0000000000000000'")
    assert len(out.output.strip().splitlines()) == 1
    assert not Store(store_dir).reviews_path.exists()


# ---- what is new -----------------------------------------------------------------------------
def _flags(*rows: tuple[str, str]) -> pl.DataFrame:
    return conform(
        pl.DataFrame(
            {
                "flag_id": [r[0] for r in rows],
                "severity": [r[1] for r in rows],
                "rank": list(range(1, len(rows) + 1)),
            }
        ),
        FLAGS,
    )


def test_new_and_resolved_between_two_runs():
    before = _flags(("a", "critical"), ("b", "warning"), ("c", "info"))
    now = _flags(("a", "critical"), ("d", "critical"), ("e", "warning"))
    got = changes(now, before)
    assert got["new_flags"] == {"by_severity": {"critical": 1, "warning": 1}, "ids": ["d", "e"]}
    assert got["resolved_flags"]["count"] == 2 and got["resolved_flags"]["ids"] == ["b", "c"]
    # a flag keeps the run that first raised it; one older than the records has none
    seen = first_runs(now, before, pl.DataFrame({"flag_id": ["a"], "first_run_id": ["r1"]}), "r2")
    assert dict(seen.iter_rows()) == {"a": "r1", "d": "r2", "e": "r2"}
    # resolved, then raised again: new again
    again = first_runs(before, now, seen, "r3")
    assert dict(again.iter_rows()) == {"a": "r1", "b": "r3", "c": "r3"}


def test_summary_opens_with_what_is_new_and_lists_only_it_with_new(store_dir):
    store = Store(store_dir)
    flags = store.read("flags")
    new_id = leader(store_dir, 1)["flag_id"]
    new_severity = leader(store_dir, 1)["severity"]
    store.write_derived(
        {
            "flag_runs": flags.select(
                "flag_id",
                first_run_id=pl.when(pl.col("flag_id") == new_id)
                .then(pl.lit(RUN))
                .otherwise(pl.lit("20231201T000000Z-old")),
            )
        }
    )
    meta = store.runs()[-1]
    meta["detection"] = changes(flags, flags.filter(pl.col("flag_id") != new_id))
    meta["detection"]["resolved_flags"]["count"] = 3  # as if three went away
    store.write_run(meta)
    out = cli("summary", "--data-dir", str(store_dir))
    lines = out.output.splitlines()
    counts = {"critical": 0, "warning": 0, new_severity: 1}
    assert lines[0] == (
        f"new since the last run: {counts['critical']} critical, "
        f"{counts['warning']} warning; resolved: 3"
    )
    new = cli("summary", "--new", "--data-dir", str(store_dir))
    assert new.exit_code == 0, new.output
    listed = [
        line.split()[1]
        for line in new.output.splitlines()
        if len(line.split()) > 1 and len(line.split()[1]) == 16 and line.split()[0].isdigit()
    ]
    assert listed == [new_id]
    assert f"{new_id}  " in new.output and new.output.count(" new") >= 1


def test_summary_filters_by_severity_and_kind(store_dir):
    flags = Store(store_dir).read("flags")
    out = cli("summary", "--severity", "critical", "--top", "100", "--data-dir", str(store_dir))
    assert out.exit_code == 0, out.output
    ids = set(flags["flag_id"])
    shown = {w for line in out.output.splitlines() for w in line.split() if w in ids}
    severities = set(flags.filter(pl.col("flag_id").is_in(list(shown)))["severity"])
    assert shown and severities == {"critical"}
    kind = flags["kind"][0]
    out = cli("summary", "--kind", kind, "--top", "100", "--data-dir", str(store_dir))
    shown = {w for line in out.output.splitlines() for w in line.split() if w in ids}
    assert shown and set(flags.filter(pl.col("flag_id").is_in(list(shown)))["kind"]) == {kind}
    out = cli("summary", "--kind", "no_such_kind", "--data-dir", str(store_dir))
    assert out.exit_code == 1 and "kinds present:" in out.output
    out = cli("summary", "--severity", "loud", "--data-dir", str(store_dir))
    assert out.exit_code == 2


def test_summary_ends_with_the_flags_and_explains_score(store_dir):
    lines = cli("summary", "--data-dir", str(store_dir)).output.splitlines()
    flags_at = next(i for i, line in enumerate(lines) if line.startswith("Top "))
    scorecard_at = next(i for i, line in enumerate(lines) if line.startswith("Department"))
    assert scorecard_at < flags_at
    assert lines[flags_at + 1] == (
        "score = 万元 at stake / the department's spending; skipped ranks: same cause"
    )
    last_row = max(
        i
        for i, line in enumerate(lines)
        if leader(store_dir)["flag_id"] in line
        or (line[:6].strip().isdigit() and len(line.split()) > 4)
    )
    assert last_row > scorecard_at and all(
        not line.startswith(("Department", "Documents")) for line in lines[last_row:]
    )


def test_explain_gives_units_pages_markdown_and_expanded_tabs(store_dir):
    from budgetwatch.outputs.summary import expand_tabs, with_unit

    # a side with an amount (expected_wan / actual_wan) in 万元; a year stays its text
    assert with_unit("10097.820000", Decimal("10097.820000")) == "10,097.82 万元"
    assert with_unit("2023", None) == "2023"
    # tabs to multiples of 8 terminal cells; 汉字 count two
    assert expand_tabs("205\t教育支出\t1.00") == "205     教育支出        1.00"
    flag = leader(store_dir)
    out = cli("explain", flag["flag_id"], "--data-dir", str(store_dir))
    assert out.exit_code == 0, out.output
    if flag["kind"] == "identity_break":
        assert f"{float(flag['expected']):,.2f} 万元" in out.output
    # a flag on a line item: its page (the sample prints page numbers) as "p. N"
    paged = (
        Store(store_dir)
        .read("flags")
        .join(
            Store(store_dir).read("line_items").select("doc_id", "source_line", "source_page"),
            on=["doc_id", "source_line"],
        )
        .filter(pl.col("source_page").is_not_null())
        .row(0, named=True)
    )
    on_page = cli("explain", paged["flag_id"], "--data-dir", str(store_dir)).output
    assert f"page             p. {paged['source_page']}" in on_page
    assert f":{paged['source_line']} (p. {paged['source_page']})" in on_page
    assert "• " in out.output  # the rule's Markdown list rendered, not "- " as typed
    assert "\t" not in out.output


@pytest.mark.slow  # a `budgetwatch summary` process (its imports: about 6 s)
def test_piped_summary_without_columns_is_at_most_100_wide(store_dir):
    import os
    import subprocess
    import sys

    from rich.cells import cell_len

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    out = subprocess.run(
        [sys.executable, "-m", "budgetwatch.cli.main", "summary", "--data-dir", str(store_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG,
    )
    assert out.returncode == 0, out.stderr
    assert max(cell_len(line) for line in out.stdout.splitlines()) <= 100


# ---- run results and exit codes --------------------------------------------------------------
def test_run_results_in_the_configured_zone_and_summary_json_prints_them(store_dir):
    from budgetwatch.outputs.results import run_results

    meta = {
        "run_id": "r1",
        "kind": "run",
        "status": "failed",
        "error": "StoreWriteError: x",
        "started_at": "2024-01-02T08:00:00+00:00",
        "finished_at": "2024-01-02T08:00:12.5+00:00",
        "files_seen": 3,
        "files_parsed": ["a.txt", "b.pdf"],
        "files_unchanged": 1,
        "seconds": {"gate": 2.0},
        "documents": {
            "by_status": {"loaded": 1, "rejected": 1},
            "held_back": [{"source_file": "b.pdf", "status": "rejected", "reason": "not a PDF"}],
        },
        "detection": changes(_flags(("d", "critical")), _flags(("c", "info"))),
    }
    got = run_results(meta, "Asia/Shanghai")
    assert got["started_at"] == "2024-01-02T16:00:00+08:00"
    assert got["durations_seconds"] == {"gate": 2.0, "total": 12.5}
    assert got["documents"] == {"loaded": 1, "rejected": 1}
    assert got["new_flags"]["by_severity"] == {"critical": 1}
    assert got["resolved_flags"]["count"] == 1
    assert got["errors"] == [
        {"error": "StoreWriteError: x"},
        {"source_file": "b.pdf", "status": "rejected", "error": "not a PDF"},
    ]
    Store(store_dir).write_run(meta | {"run_id": "20250101T000000Z-zzzzzz"})
    out = cli("summary", "--json", "--data-dir", str(store_dir))
    assert out.exit_code == 0
    assert json.loads(out.output) == json.loads(
        json.dumps(run_results(meta | {"run_id": "20250101T000000Z-zzzzzz"}, "Asia/Shanghai"))
    )


def _outcome(meta: dict, data_dir, fail_on=None) -> int:
    from budgetwatch.cli.cmd_pipeline import _run_outcome

    try:
        _run_outcome(meta, data_dir, fail_on)
    except typer.Exit as stop:
        return stop.exit_code
    return 0


def test_fail_on_exits_4_only_for_new_flags_of_that_severity_or_worse(store_dir):
    meta = {
        "run_id": "r",
        "files_parsed": ["a.txt"],
        "store_documents": {"loaded": 6},
        "documents": {"by_status": {"loaded": 1}},
        "detection": {"new_flags": {"by_severity": {"warning": 2}, "ids": ["x", "y"]}},
    }
    assert _outcome(meta, store_dir) == 0
    assert _outcome(meta, store_dir, "critical") == 0
    assert _outcome(meta, store_dir, "warning") == 4
    out = cli("run", "--fail-on", "info")
    assert out.exit_code == 2 and "--fail-on" in out.output


def test_a_run_that_loads_nothing_exits_3(store_dir):
    meta = {
        "run_id": "r",
        "files_parsed": ["a.txt", "b.txt"],
        "store_documents": {"loaded": 6},
        "documents": {"by_status": {"rejected": 2}},
    }
    assert _outcome(meta, store_dir) == 3
    empty = {
        "run_id": "r",
        "files_parsed": [],
        "store_documents": {"rejected": 2},
        "documents": {"by_status": {}},
    }
    assert _outcome(empty, store_dir) == 3


# ---- departments -----------------------------------------------------------------------------
def test_two_regions_code_593_never_merge(store_dir):
    from budgetwatch.outputs.departments import DepartmentError, resolve

    docs = Store(store_dir).read("documents")
    assert sorted(docs["region"].unique()) == ["元氏县", "赵县"]
    with pytest.raises(DepartmentError, match="ambiguous: did you mean 元氏县|593 .*赵县|593"):
        resolve(docs, "593")
    assert resolve(docs, "元氏县|593") == "元氏县|593"
    assert resolve(docs, "元氏县交通运输局") == "元氏县|593"
    assert resolve(docs, "350") == "赵县|350"
    with pytest.raises(DepartmentError, match="did you mean 元氏县|593 元氏县交通运输局"):
        resolve(docs, "元氏县交通局")


@pytest.mark.parametrize("command", ["summary", "history"])
def test_every_command_answers_an_ambiguous_department_with_candidates(store_dir, command):
    out = cli(command, "--department", "593", "--data-dir", str(store_dir))
    assert out.exit_code == 1
    assert "did you mean" in out.output and "Traceback" not in out.output
    ok = cli(command, "--department", "元氏县|593", "--data-dir", str(store_dir))
    assert ok.exit_code == 0, ok.output
    if command == "summary":  # only 元氏县's two documents
        assert "Documents: 2 loaded" in ok.output
