"""Concurrent runs, kill -9, Ctrl-C and a full disk, on the folder of hostile inputs
(tests/test_hostile_inputs.py): each leaves a store identical to an uninterrupted run after
one more run, and a run's child processes (parse workers, Prefect's temporary server) end
with it. The interrupted runs are real ``budgetwatch run`` processes signalled from here; the
runs refused before they start (a full disk, a store in use) are the same command in this
process (CliRunner), where nothing of the claim needs a process of its own.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from budgetwatch import flows  # noqa: F401  (telemetry off before prefect)
from budgetwatch.cli.main import app
from budgetwatch.store import Store
from tests.helpers import (
    DUPLICATE,
    FEW_TREES,
    GOOD,
    HANG,
    REJECTED,
    TRUNCATED,
    assert_same_tables,
    build_hostile,
    built_once,
    flow_run,
    run_args,
)

pytestmark = pytest.mark.slow
# every run here is compared with another run's store, or judged by its record; 30 files in
# batches of 5: a batch for the run killed with -9, one for the Ctrl-C'd run, four for the last
ENV = {"BUDGETWATCH__PIPELINE__BATCH_SIZE": "5", "BUDGETWATCH__PIPELINE__WORKERS": "2", **FEW_TREES}


class Folders(NamedTuple):
    input: Path  # the hostile folder, the same for every unit of this module: read only
    scratch: Path  # this unit's own: the runs' outputs, a Prefect home


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Folders:
    """The hostile folder, built once per session (``built_once``) for this module's units:
    the interrupted runs and the uninterrupted one they are compared with run in two units,
    and must read the same folder (a rejection's reason names a file's absolute path)."""
    shared = built_once("safety-corpus", build_hostile, tmp_path_factory.getbasetemp())
    return Folders(shared / "input", tmp_path_factory.mktemp("safety"))


def uninterrupted(corpus: Folders) -> Store:
    """The store of the hostile folder's uninterrupted run: one batch, parsed in this process
    (on the session's Prefect server: the ``prefect_server`` fixture). The interrupted runs, in
    batches of 5 on two worker processes, must leave the same store. Made once per session
    (``built_once``) by the first to ask: the unit of ``test_the_uninterrupted_run…``, which
    runs on the other worker beside the interrupted runs (tests/conftest.py ``APART``), so
    their test finds it made when it compares (formerly a module fixture their test waited
    for before its first run)."""

    def run(base: Path) -> None:
        one_batch = {
            "BUDGETWATCH__PIPELINE__BATCH_SIZE": "1000",
            "BUDGETWATCH__PIPELINE__WORKERS": "1",
        }
        meta = flow_run(corpus.input, base / "ref", base / "outputs", {**ENV, **one_batch})
        assert meta["status"] == "completed"

    return Store(built_once("safety-reference", run, corpus.scratch) / "ref")


def test_the_uninterrupted_run_loads_the_good_files_and_sets_the_bad_apart(corpus, prefect_server):
    """The run every interrupted one is compared with, itself judged by what each file of the
    hostile folder is (tests/helpers.py: GOOD, REJECTED, TRUNCATED, DUPLICATE)."""
    store = uninterrupted(corpus)
    docs = store.read("documents")
    status = {tuple(r["source_files"]): r for r in docs.iter_rows(named=True)}
    for name, (year, code) in GOOD.items():
        doc = status[(name,)]
        assert (doc["status"], doc["fiscal_year"], doc["department_code"]) == ("loaded", year, code)
    for name in REJECTED:
        assert status[(name,)]["status"] == "rejected", name
    assert status[(TRUNCATED,)]["status"] == "quarantined"
    assert (DUPLICATE[0],) not in status  # a copy of another file is one document
    held = store.read("quarantine").select("source_file", "status").rows()
    assert sorted(held) == sorted(
        [(TRUNCATED, "quarantined"), *((n, "rejected") for n in REJECTED)]
    )


def start(corpus: Folders, store: Path, api: str | None, **env) -> subprocess.Popen:
    """``budgetwatch run`` in its own session (the test signals its group as a terminal
    would), on the session's Prefect server ``api`` (None: the run starts its own, as it
    does where PREFECT_API_URL is unset)."""
    server = {"PREFECT_API_URL": api} if api else {}
    environ = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "budgetwatch.cli.main",
            *run_args(corpus.input, store, corpus.scratch / "outputs", 1),
        ],
        env={**environ, **ENV, **server, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def refused(corpus: Folders, store: Path):
    """``budgetwatch run`` in this process, for a run refused before it starts."""
    return CliRunner().invoke(
        app,
        run_args(corpus.input, store, corpus.scratch / "outputs", 1),
        env={**ENV, "COLUMNS": "400"},
    )


def wait_for(condition, what: str) -> None:
    """Poll ``condition`` until it holds; only a hang fails (``HANG``)."""
    end = time.monotonic() + HANG
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def descendants(pid: int) -> set[int]:
    parent = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    parent[int(entry.name)] = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except OSError:
                continue
    found, todo = set(), [pid]
    while todo:
        of = todo.pop()
        kids = [p for p, pp in parent.items() if pp == of]
        found.update(kids)
        todo += kids
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def committed_after(store: Path, t0: float):
    manifest = store / "manifest.parquet"
    return lambda: manifest.exists() and manifest.stat().st_mtime > t0


def test_full_disk_kill9_ctrl_c_and_a_dying_worker_then_one_run_completes(
    corpus, prefect_server, tmp_path, request
):
    """One store's life through every interruption, then the one run that completes: a disk
    too full to start on, a disk that fills during a run, kill -9, Ctrl-C, a second run
    started while the last one holds the store, and the OOM killer taking one of the last
    run's parse workers. Its store is the uninterrupted one. (Formerly two tests, each with a
    run that completed; where no tmpfs can be mounted, the store is on the test's own disk
    and the full-disk steps are left out.)"""
    try:
        disk = request.getfixturevalue("small_disk")
    except pytest.skip.Exception:
        disk = None
    store = (disk or tmp_path) / "store"
    if disk is not None:
        fill_the_disk(corpus, store, disk, prefect_server, tmp_path)
    # 1. kill -9 (as the OOM killer does) after a committed batch; this run starts its own
    # server, which must end with it
    t0 = time.time()
    run = start(corpus, store, None)
    wait_for(committed_after(store, t0), "a commit of the run killed with -9")
    children = descendants(run.pid)
    assert len(children) >= 3  # two parse workers and Prefect's server at least
    # the server is the run's own child, started by flows.children.prefect_server
    assert any("-m prefect server start --host 127.0.0.1" in cmdline(c) for c in children)
    os.kill(run.pid, signal.SIGKILL)
    run.communicate()
    wait_for(lambda: not any(alive(c) for c in children), "the children to end")

    # 2. Ctrl-C (SIGINT to the process group) after the next commit: one line. It comes from
    # the handler (flows.children.stop_on_signal), which ends the process at once (os._exit)
    # after it; exit 130 and the one line are that proof, not a wall-clock bound, which the
    # load would break (the process must still record the run, under load 40)
    t0 = time.time()
    run = start(corpus, store, prefect_server)
    wait_for(committed_after(store, t0), "a commit of the Ctrl-C'd run")
    children = descendants(run.pid)
    os.killpg(run.pid, signal.SIGINT)
    out, err = run.communicate(timeout=HANG)
    assert run.returncode == 130
    lines = [ln for ln in (out + err).splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("stopped by SIGINT: run "), out + err
    wait_for(lambda: not any(alive(c) for c in children), "the children to end")
    runs = Store(store).runs()
    assert runs[-1]["status"] == "killed" and runs[-1]["error"] == "stopped by SIGINT"
    # the kill -9'd run was found "running" by the second run and recorded as killed
    assert runs[-2]["status"] == "killed" and "ended without recording its end" in runs[-2]["error"]
    if disk is not None:  # the run the full disk stopped
        assert len(runs) == 3 and runs[0]["status"] in ("failed", "killed")
    # summary says so, and that no run has completed (not "0 flags" as if that were a result)
    shown = CliRunner().invoke(app, ["summary", "--data-dir", str(store)], env={"COLUMNS": "400"})
    lines = shown.stdout.splitlines()
    assert lines[1].startswith(f"last run {runs[-1]['run_id']} killed at "), shown.stdout
    assert lines[1].endswith(": stopped by SIGINT") and lines[2].startswith(
        "no run has completed: there are no flags or comparisons yet"
    ), shown.stdout

    # 3. one more run, a second one started while it holds the store, and one of its parse
    # workers killed, which does not stop it (the batch is parsed again in a process of its own)
    home = corpus.scratch / "home-of-the-last-run"
    since = datetime.now(timezone.utc)
    run = start(corpus, store, prefect_server, PREFECT_HOME=str(home))
    wait_for(lambda: f'"pid": {run.pid},' in (store / ".lock").read_text(), "the lock")
    # the second is refused naming the run that holds the store (formerly also
    # test_wrong_inputs' test_the_in_use_refusal_names_the_run, a run of its own to hold it)
    held = json.loads((store / ".lock").read_bytes())
    second = refused(corpus, store)
    kill_a_parse_worker(run)
    assert held["run_id"] and second.exit_code == 75 and second.stderr == "", second.output
    [line] = second.stdout.strip().splitlines()
    assert f"is in use by pid {run.pid}, run {held['run_id']} (since " in line, line
    assert "wait for it to finish" in line
    out, err = run.communicate(timeout=HANG)
    assert run.returncode == 0, out + err
    assert_same_tables(uninterrupted(corpus), Store(store))
    runs = Store(store).runs()
    assert runs[-1]["status"] == "completed" and runs[-1]["batches_isolated"] >= 1
    # with PREFECT_API_URL set (the office's server; here the session's) a run starts no
    # server of its own: its flow run is recorded on the named one, and no database of a
    # server is made under its Prefect home (formerly test_cli_pipeline's
    # test_prefect_api_url_names_the_server_the_run_uses, a run of its own)
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterExpectedStartTime

    # the flow runs made since this run started: the shared server's list is cut at 200 (the
    # server's default limit), and the whole session's runs are on it
    made = FlowRunFilter(expected_start_time=FlowRunFilterExpectedStartTime(after_=since))
    with get_client(sync_client=True) as client:
        flow_runs = client.read_flow_runs(flow_run_filter=made)
    states = [r.state_name for r in flow_runs if r.parameters.get("data_dir") == str(store)]
    assert states.count("Completed") == 1, states
    assert not list(home.rglob("*.db"))


def fill_the_disk(corpus: Folders, store: Path, disk: Path, api: str, tmp_path: Path) -> None:
    """On the 150 KB disk: a run refused before it starts, then a run that fills the disk
    fails in one line; then the disk is made large enough for the rest."""
    # a disk too full to start on: refused before Prefect's database is touched
    out = refused(corpus, store)
    assert out.exit_code == 1 and out.stderr == "", out.output
    assert out.stdout.strip().splitlines() == [
        f"error: {store}: No space left on device: 0.1 MB free, a run needs 64 MB "
        "(limits.min_free_disk_mb)"
    ]
    # refused before the lock file, Prefect's home or anything else is written: not a
    # wall-clock bound, which the load broke (main's test failed at load 30)
    assert not any(disk.iterdir())
    # allowed to start (Prefect's home elsewhere), the disk fills during the run, at its
    # first commit. It parses in its own process: its claim is the full disk's, and two parse
    # workers (the later runs') cost about 5 s of CPU in imports before that commit
    env = {
        "BUDGETWATCH__LIMITS__MIN_FREE_DISK_MB": "0",
        "PREFECT_HOME": str(tmp_path / "ph"),
        "BUDGETWATCH__PIPELINE__WORKERS": "1",
    }
    run = start(corpus, store, api, **env)
    out, err = run.communicate(timeout=HANG)
    assert run.returncode == 1 and err == ""
    [line] = out.strip().splitlines()
    assert line.startswith(f"error: {store}/") and line.endswith(
        ": cannot write: No space left on device"
    ), line
    # room for the rest, and for limits.min_free_disk_mb (64 MB) with the store on it
    subprocess.run(["mount", "-o", "remount,size=256m", str(disk)], check=True)


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_a_server_that_does_not_start_is_one_line_and_leaves_nothing(corpus, tmp_path):
    """A run's own Prefect server that does not answer within its time: the run says so in
    one line, exits 1, and stops the server it started. Given 0 s, the wait ends before its
    first look (flows.children._start_server), whatever the load: given 1 s, the test held
    only while a server took longer than the run's imports after its launch plus 1 s to
    answer, which an idle, faster machine need not."""
    run = start(
        corpus, tmp_path / "store", None, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="0"
    )
    out, err = run.communicate(timeout=HANG)
    assert run.returncode == 1 and err == "", out + err
    [line] = out.strip().splitlines()
    said = re.fullmatch(
        r"error: Prefect's server did not answer on http://127\.0\.0\.1:(\d+)/api "
        r"within 0 s \(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS\)",
        line,
    )
    assert said, line
    port = said[1]
    left = [
        e.name
        for e in os.scandir("/proc")
        if e.name.isdigit()
        and f"prefect server start --host 127.0.0.1 --port {port} " in cmdline(int(e.name))
    ]
    assert not [p for p in left if alive(int(p))]
    assert Store(tmp_path / "store").runs() == []  # stopped before the flow began


def kill_a_parse_worker(run: subprocess.Popen) -> None:
    """SIGKILL one of the run's parse workers (as the OOM killer would) once one is up."""
    workers: list[int] = []

    def a_worker():
        workers[:] = [p for p in descendants(run.pid) if "spawn_main" in cmdline(p)]
        return bool(workers)

    wait_for(a_worker, "a parse worker")
    os.kill(workers[0], signal.SIGKILL)


def test_companion_arriving_in_a_later_run_joins_the_stored_part(
    tmp_path, prefect_server, monkeypatch
):
    """The tables file is loaded alone; when its narrative arrives, the next run reads the
    stored part again and replaces it by the joined document. (Parsed in this process: two
    worker processes per run, for one file, cost about 4 s of CPU and prove nothing here.)"""
    for key, value in {**FEW_TREES, "BUDGETWATCH__PIPELINE__WORKERS": "1"}.items():
        monkeypatch.setenv(key, value)
    from budgetwatch.flows.pipeline import budgetwatch_run
    from budgetwatch.transforms.companions import joined_doc_id
    from tests.helpers import SAMPLE_PATH, split_sample, write

    narrative, tables = split_sample(SAMPLE_PATH.read_text(encoding="utf-8"))
    write(tmp_path / "in", "2024/附件2.txt", tables)

    def run() -> Store:
        meta = budgetwatch_run(
            input_dir=str(tmp_path / "in"),
            data_dir=str(tmp_path / "store"),
            outputs_dir=str(tmp_path / "outputs"),
        )
        assert meta["status"] == "completed"
        return Store(tmp_path / "store")

    alone = run().read("documents")
    assert alone["source_files"].to_list() == [["2024/附件2.txt"]]
    write(tmp_path / "in", "2024/附件1.txt", narrative)
    store = run()
    docs = store.read("documents")
    assert docs.height == 1  # the tables-alone document was replaced
    doc = docs.row(0, named=True)
    assert doc["doc_id"] == joined_doc_id(
        [alone["doc_id"][0], read_id(tmp_path / "in" / "2024/附件1.txt")]
    )
    assert doc["source_files"] == ["2024/附件1.txt", "2024/附件2.txt"]
    manifest = store.manifest().sort("source_file")
    assert manifest.select("source_file", "doc_id", "part").rows() == [
        ("2024/附件1.txt", doc["doc_id"], "narrative"),
        ("2024/附件2.txt", doc["doc_id"], "tables"),
    ]
    assert store.read("line_items")["doc_id"].unique().to_list() == [doc["doc_id"]]


def read_id(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
