"""`budgetwatch serve` against a real Prefect server: the deployment's cron schedule fires and
the scheduled run fills the store. Slow (a server start and up to a minute of waiting for
the next cron minute), so it runs in its own processes with a deadline."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_PATH

pytestmark = pytest.mark.slow  # starts a Prefect server; `-m "not slow"` skips it
SAMPLE = SAMPLE_PATH
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, seconds: float, what: str, procs: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        for p in procs:
            if p.poll() is not None:
                pytest.fail(f"{what}: {p.args[0]} exited with {p.returncode}")
        time.sleep(1)
    pytest.fail(f"{what}: not within {seconds:.0f} s")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return r.read().strip() == b"true"
    except OSError:
        return False


def _completed_runs(store: Path) -> list[dict]:
    runs = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((store / "runs").glob("*.json"))
    ]
    return [r for r in runs if r["status"] == "completed"]


@pytest.mark.skipif(
    shutil.which("prefect", path=str(BIN)) is None, reason="prefect CLI not installed"
)
def test_serve_fires_on_the_configured_cron(tmp_path):
    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE, tmp_path / "input" / SAMPLE.name)
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        # every minute instead of nightly; the rest of the schedule is the config's
        "BUDGETWATCH__SCHEDULE__CRON": "* * * * *",
        # the server's scheduler and the runner look every 2 s (by default every 60 s and
        # 10 s), so the wait is mostly the one until the next whole minute
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
    }
    procs: list[subprocess.Popen] = []
    try:
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "prefect"),
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        _wait(lambda: _healthy(api), 120, "Prefect server start", procs)
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "budgetwatch"),
                    "serve",
                    "--input",
                    str(tmp_path / "input"),
                    "--data-dir",
                    str(tmp_path / "store"),
                ],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        # the next whole minute, the scheduler's lead and the runner's poll, then the run
        _wait(lambda: bool(_completed_runs(tmp_path / "store")), 200, "scheduled run", procs)
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
    run = _completed_runs(tmp_path / "store")[0]
    assert run["kind"] == "run" and run["files_parsed"] == [SAMPLE.name]
    assert run["store_documents"] == {"loaded": 1}
    assert run["input_dir"] == str(tmp_path / "input")
