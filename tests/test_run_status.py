"""`summary` after a run that did not complete: it says so (status, when, why) and which run
the flags and comparisons shown are from (issue 12: a killed run showed "0 flags" as if
that were the result). The store is built without Prefect (tests/conftest.py
``analysed_store``); the later runs' metadata is written as a stopped run leaves it."""

from __future__ import annotations

import subprocess

import pytest
from typer.testing import CliRunner

from budgetwatch.cli.main import app
from budgetwatch.store import Store
from tests.helpers import analysed_store, variant, write

COMPLETED = "20240101T000000Z-test"  # the run analysed_store records


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from budgetwatch.config.settings import load_settings

    base = tmp_path_factory.mktemp("status")
    write(base / "in", "2024/a-901.txt", variant(2024, "901"))
    write(base / "in", "2023/a-901.txt", variant(2023, "901"))
    data_dir = analysed_store(base / "in", base / "store", load_settings())
    # analysed_store records no end time; a completed run has one
    meta = Store(data_dir).runs()[0]
    Store(data_dir).write_run({**meta, "finished_at": "2024-01-01T00:03:10.5+00:00"})
    return data_dir


def later_run(data_dir, run_id: str, **meta) -> None:
    Store(data_dir).write_run(
        {
            "run_id": run_id,
            "kind": "run",
            "files_seen": 2,
            "files_parsed": ["2024/a-901.txt"],
            "files_unchanged": 1,
            "started_at": "2024-01-02T08:00:00.1+00:00",
            **meta,
        }
    )


def summary_lines(data_dir) -> list[str]:
    out = CliRunner().invoke(app, ["summary", "--data-dir", str(data_dir)], env={"COLUMNS": "400"})
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    # after a completed run, the first line says what is new (tests/test_review.py)
    return lines[1:] if lines[0].startswith("new since the last run") else lines


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_summary_of_a_completed_run_has_no_notice(store_dir):
    lines = summary_lines(store_dir)
    assert lines[0].startswith(f"last run {COMPLETED} (run, completed)")
    assert not any("completed run" in ln or "killed" in ln for ln in lines)


@pytest.mark.parametrize(
    "status,error,ended,head",
    [
        (
            "killed",
            "stopped by SIGINT",
            "2024-01-02T08:01:30.9+00:00",
            "last run 20240102T080000Z-aaaaaa killed at 2024-01-02 16:01:30 Asia/Shanghai "
            "(started 2024-01-02 16:00:00 Asia/Shanghai): stopped by SIGINT",
        ),
        (
            "failed",
            "OSError: [Errno 28] No space left on device",
            "2024-01-02T08:02:00+00:00",
            "last run 20240102T080000Z-aaaaaa failed at 2024-01-02 16:02:00 Asia/Shanghai "
            "(started 2024-01-02 16:00:00 Asia/Shanghai): OSError: [Errno 28] No space left on device",
        ),
        (
            "running",
            None,
            None,
            "last run 20240102T080000Z-aaaaaa was killed: its process (pid {pid}, started "
            "2024-01-02 16:00:00 Asia/Shanghai) ended without recording its end (kill -9, out of memory or a "
            "crash)",
        ),
    ],
)
def test_summary_says_the_last_run_did_not_complete(
    tmp_path, store_dir, status, error, ended, head
):
    import shutil

    data_dir = tmp_path / "store"
    shutil.copytree(store_dir, data_dir)
    pid = dead_pid()
    later_run(
        data_dir, "20240102T080000Z-aaaaaa", status=status, error=error, finished_at=ended, pid=pid
    )
    lines = summary_lines(data_dir)
    assert lines[0].startswith(f"last run 20240102T080000Z-aaaaaa (run, {status}): ")
    assert lines[0].endswith("started 2024-01-02 16:00:00 Asia/Shanghai")
    assert lines[1] == head.format(pid=pid)
    assert lines[2] == (
        f"flags and comparisons below are from the last completed run {COMPLETED} "
        "(finished 2024-01-01 08:03:10 Asia/Shanghai); documents the stopped run committed are counted. "
        "Run again to complete the store"
    )


def test_summary_when_no_run_completed(tmp_path, store_dir):
    import json
    import shutil

    data_dir = tmp_path / "store"
    shutil.copytree(store_dir, data_dir)
    first = data_dir / "runs" / f"{COMPLETED}.json"
    first.write_text(json.dumps({**json.loads(first.read_text()), "status": "killed"}))
    lines = summary_lines(data_dir)
    assert lines[2] == (
        "no run has completed: there are no flags or comparisons yet; "
        "documents the stopped run committed are counted. Run again to "
        "complete the store"
    )


def test_summary_of_a_run_in_progress(tmp_path, store_dir):
    import os
    import shutil

    data_dir = tmp_path / "store"
    shutil.copytree(store_dir, data_dir)
    later_run(data_dir, "20240102T080000Z-bbbbbb", status="running", pid=os.getpid())
    lines = summary_lines(data_dir)
    assert lines[1] == (
        f"run 20240102T080000Z-bbbbbb is in progress (pid {os.getpid()}, "
        "started 2024-01-02 16:00:00 Asia/Shanghai): the figures below are from before it"
    )
