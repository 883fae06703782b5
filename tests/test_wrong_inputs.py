"""Wrong inputs get one clear line and a non-zero exit, and the fault-matrix findings of issue
20: Ctrl-C while parse workers start, a run that fills the disk, file names holding a newline.
The fourth, the "in use" refusal naming the run, is asserted where a real run holds a store:
tests/test_run_safety.py's last run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time

import polars as pl
import pytest
from typer.testing import CliRunner

from budgetwatch.cli.main import app
from budgetwatch.config.settings import Forests, load_settings
from budgetwatch.store import Store
from tests.helpers import HANG, analysed_store, variant, write


def cli(*args: str, **kw):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "100"}, **kw)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two years of one department, and a truncated copy whose file name holds a newline
    (quarantined: it is listed by name). Forests of 10 trees: no test here reads a flag."""
    base = tmp_path_factory.mktemp("wrong")
    write(base / "input", "2023/a-350.txt", variant(2023, "350"))
    write(base / "input", "2024/a-350.txt", variant(2024, "350"))
    write(
        base / "input",
        "2024/forged\nerror: line.txt",
        "".join(variant(2024, "352").splitlines(True)[:300]),
    )
    few = {f"detection.forests.{name}.n_estimators": 10 for name in Forests.model_fields}
    return analysed_store(base / "input", base / "store", load_settings(overrides=few))


def one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


def test_backfill_of_a_year_the_store_does_not_have_is_an_error(built):
    out = cli(
        "backfill",
        "--years",
        "2019",
        "--data-dir",
        str(built),
        "--input",
        str(built.parent / "input"),
    )
    assert out.exit_code == 2
    assert one_line(out.output) == (
        f"error: no documents of 2019 in the store {built}; years "
        "present: 2023-2024 (new files are loaded by `budgetwatch "
        "run`)"
    )
    assert [r["run_id"] for r in Store(built).runs()] == ["20240101T000000Z-test"]  # no run


def test_run_on_an_empty_folder_says_so(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    out = cli("run", "--input", str(tmp_path / "in"), "--data-dir", str(tmp_path / "store"))
    assert out.exit_code == 3
    assert one_line(out.output).startswith(
        f"error: {tmp_path / 'in'}: no files here; put the disclosures"
    )


def test_export_to_a_missing_folder_is_refused_and_creates_nothing(built, tmp_path):
    target = tmp_path / "no" / "such" / "flags.csv"
    out = cli("export", "flags", "--out", str(target), "--data-dir", str(built))
    assert out.exit_code == 2
    assert one_line(out.output).startswith(f"error: {target.parent}: no such folder")
    assert not (tmp_path / "no").exists()


def test_summary_finds_the_demos_store(built, tmp_path, monkeypatch):
    shutil.copytree(built, tmp_path / "data" / "demo" / "store")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(app, ["summary"], env={"COLUMNS": "100"})
    assert out.exit_code == 0, out.output
    assert "Documents: 2 loaded, 1 quarantined" in out.stdout
    assert "showing the demo's, data/demo/store" in out.stderr


def test_serve_without_a_server_explains_how_to_start_one(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    started = time.monotonic()
    out = cli("serve")
    assert out.exit_code == 2
    assert "prefect server start" in one_line(out.output)
    # a URL where nothing answers: said at once, not waited on
    free = __import__("budgetwatch.flows.children", fromlist=["_free_port"])._free_port()
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free}/api")
    out = CliRunner().invoke(
        app, ["serve"], env={"COLUMNS": "100", "PREFECT_API_URL": f"http://127.0.0.1:{free}/api"}
    )
    assert out.exit_code == 2
    assert one_line(out.output).startswith(
        f"error: no Prefect server answers at PREFECT_API_URL=http://127.0.0.1:{free}/api"
    )
    assert time.monotonic() - started < 30


def test_a_file_name_with_a_newline_is_printed_escaped(built):
    out = cli("summary", "--data-dir", str(built))
    assert out.exit_code == 0
    assert "2024/forged\\nerror: line.txt" in out.output
    assert not any(line.startswith("error: line.txt") for line in out.output.splitlines())


# ---- fault matrix ----------------------------------------------------------------------------
CTRL_C_AT_START = textwrap.dedent("""
    import os, signal, threading, time
    from budgetwatch.flows import orchestrator

    if __name__ == "__main__":
        got = []
        signal.signal(signal.SIGINT, lambda *a: got.append(1))
        pool = orchestrator.new_pool(2)  # as a run starts its parse workers
        def parse():
            futures = [pool.submit(pow, 2, 10) for _ in range(2)]
            time.sleep(0.2)  # the workers are still importing
            os.killpg(0, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
            print("results", [f.result() for f in futures], flush=True)
        thread = threading.Thread(target=parse)
        thread.start()
        thread.join()
        pool.shutdown()
        print("parent saw", len(got), "SIGINT", flush=True)
""")


def test_ctrl_c_while_parse_workers_start_prints_no_traceback(tmp_path):
    script = tmp_path / "ctrl_c.py"
    script.write_text(CTRL_C_AT_START, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=HANG,
        start_new_session=True,
    )
    assert "KeyboardInterrupt" not in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert out.stdout.splitlines() == ["results [1024, 1024]", "parent saw 1 SIGINT"]


def test_a_run_that_fills_the_disk_is_recorded_failed_with_its_error(small_disk):
    from budgetwatch.store import StoreWriteError

    store = Store(small_disk / "store")
    meta = {
        "run_id": "20260101T000000Z-aaaaaa",
        "status": "running",
        "files_parsed": [f"file-{i}.txt" for i in range(200)],
    }
    store.write_run(meta)
    store.reserve_run_space(meta["run_id"])
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(OSError, match="No space left"):  # the run fills the disk
        while True:
            os.write(fd, b"\0" * 4096)
    os.close(fd)
    with pytest.raises(StoreWriteError):  # nothing else can be written now
        store.write_run({"run_id": "probe"})
    store.finish_run(
        {
            **meta,
            "status": "failed",
            "error": "StoreWriteError: …/part.parquet: cannot write: No space left on device",
        }
    )
    [run] = [r for r in store.runs() if r["run_id"] == meta["run_id"]]
    assert run["status"] == "failed" and run["error"].endswith("No space left on device")
    # the next run does not take it for killed
    assert store.close_abandoned_runs("next") == []
    assert not list((small_disk / "store" / "runs").glob(".*.reserve"))


@pytest.mark.slow
def test_evaluate_that_misses_a_target_exits_1_saying_which(tmp_path):
    from budgetwatch.synth import generate_corpus

    generate_corpus(tmp_path, 3, [2024], seed=4, anomaly_rate=0.6)
    truth = tmp_path / "truth" / "anomalies.parquet"
    labels = pl.read_parquet(truth)
    # a label no rule can find: a kind nothing detects, on a document that exists
    pl.concat([labels, labels.head(1).with_columns(kind=pl.lit("invented_kind"))]).write_parquet(
        truth
    )
    out = cli("evaluate", "--corpus", str(tmp_path))
    assert out.exit_code == 1
    last = out.output.strip().splitlines()[-1]
    assert last.startswith("targets missed: ") and "recall of invented_kind 0.00" in last


def test_a_full_disk_is_named_in_the_stores_error(small_disk):
    from budgetwatch.store import StoreWriteError

    store = Store(small_disk / "store")
    import hashlib

    # hashes do not compress: far more than the 150 KB disk holds
    big = pl.DataFrame(
        {"flag_id": [hashlib.sha256(str(i).encode()).hexdigest() for i in range(40_000)]}
    )
    with pytest.raises(StoreWriteError) as raised:
        store.write_derived({"flag_runs": big.with_columns(first_run_id=pl.col("flag_id"))})
    assert str(raised.value) == (
        f"{small_disk}/store/derived/flag_runs.parquet: cannot write: No space left on device"
    )
    assert not list((small_disk / "store" / "derived").glob(".*.tmp"))
