"""`budgetwatch serve` against a real Prefect server (the session's): the deployment it serves
carries the configured cron schedule and the run's folders, a run of that cron is made by the
server and executed by the served runner, and it fills the store.

The run is the cron's last occurrence before now (Prefect's backfill: the server's own
scheduling of the deployment's schedule over a past window, ``POST
/deployments/{id}/schedule``, what its scheduler service does for the window ahead), so
nothing waits for the cron's next time: formerly the test set the cron to every minute and
waited for the next whole one (about 60 s of a worker held for nothing). The instant is worked
out here from the configured default, 03:00 every day in Asia/Shanghai (UTC+8, no daylight
saving), not read from Prefect."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers import FEW_TREES, HANG, SAMPLE_PATH

pytestmark = pytest.mark.slow  # a `budgetwatch serve` process and a run through its runner
BIN = Path(sys.executable).parent
DEPLOYMENT = "budgetwatch-run/budgetwatch-nightly"  # the flow's name / schedule.deployment_name


def _wait(predicate, what: str, serve: subprocess.Popen):
    """Poll ``predicate`` until it gives something; only a hang fails (``HANG``)."""
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        if serve.poll() is not None:
            pytest.fail(f"{what}: `budgetwatch serve` exited with {serve.returncode}")
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {HANG} s")


# What Prefect's own client retries (prefect.client.base, PREFECT_CLIENT_MAX_RETRIES = 5): the
# server answers 503 to an error a client may retry, such as its SQLite database locked while
# the suite's other worker writes to the same shared server (a CI run failed on one)
RETRYABLE = (429, 502, 503)
RETRIES = 5


def _api(api: str, path: str, body: dict | None = None):
    """The Prefect server's REST API (loopback: no proxy); None where it answers 404."""
    request = urllib.request.Request(
        f"{api}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for attempt in range(RETRIES + 1):
        try:
            with opener.open(request, timeout=HANG) as response:
                text = response.read()
            break
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            if exc.code not in RETRYABLE or attempt == RETRIES:
                raise
            time.sleep(2**attempt)  # 1, 2, 4, 8, 16 s: the client's exponential backoff
    return json.loads(text) if text else None


def _ended(api: str, flow_run_id: str) -> dict | None:
    run = _api(api, f"/flow_runs/{flow_run_id}")
    return run if run["state_type"] in ("COMPLETED", "FAILED", "CRASHED") else None


def _completed_runs(store: Path) -> list[dict]:
    runs = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((store / "runs").glob("*.json"))
    ]
    return [r for r in runs if r["status"] == "completed"]


def _last_3am_shanghai(before: datetime) -> datetime:
    """The last 03:00 in Asia/Shanghai (UTC+8 all year) at or before ``before``, in UTC."""
    local = before.astimezone(timezone(timedelta(hours=8)))
    at = local.replace(hour=3, minute=0, second=0, microsecond=0)
    return (at if at <= local else at - timedelta(days=1)).astimezone(timezone.utc)


@pytest.mark.skipif(
    shutil.which("budgetwatch", path=str(BIN)) is None, reason="budgetwatch CLI not installed"
)
def test_serve_runs_the_configured_cron_on_the_server(tmp_path, prefect_server):
    api = prefect_server
    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE_PATH, tmp_path / "input" / SAMPLE_PATH.name)
    store = tmp_path / "store"
    env = {
        **os.environ,  # PREFECT_API_URL: the session's server
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",  # the runner looks every second (default 10)
        **FEW_TREES,  # the run's record is checked, not its flags
        # one file, parsed in the flow run's own process: a pool of two parse workers cost
        # their imports (about 4 s of CPU) and proves nothing of the schedule; the pool is
        # test_run_safety's and test_bench_regression's
        "BUDGETWATCH__PIPELINE__WORKERS": "1",
    }
    serve = subprocess.Popen(
        [BIN / "budgetwatch", "serve", "--input", tmp_path / "input", "--data-dir", store],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deployment = _wait(
            lambda: _api(api, f"/deployments/name/{DEPLOYMENT}"), "the deployment", serve
        )
        [schedule] = deployment["schedules"]
        assert schedule["active"] and not deployment["paused"]
        assert deployment["parameters"] == {
            "input_dir": str(tmp_path / "input"),
            "data_dir": str(store),
            "outputs_dir": str(tmp_path / "data" / "runs"),  # the default, under the cwd
        }
        # the cron's occurrences in the last day, as the server schedules them: one
        end = datetime.now(timezone.utc)
        window = {"start_time": (end - timedelta(days=1)).isoformat(), "end_time": end.isoformat()}
        _api(api, f"/deployments/{deployment['id']}/schedule", {**window, "min_runs": 1})
        [scheduled] = _api(
            api,
            "/flow_runs/filter",
            {"deployments": {"id": {"any_": [deployment["id"]]}}},
        )
        at = datetime.fromisoformat(scheduled["expected_start_time"])
        assert at == _last_3am_shanghai(end), (at, end)
        # the served runner picks it up at once (it is due) and runs the flow
        _wait(lambda: _completed_runs(store), "the scheduled run", serve)
        done = _wait(lambda: _ended(api, scheduled["id"]), "its flow run's end", serve)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
    assert done["state_type"] == "COMPLETED"
    [run] = _completed_runs(store)
    assert run["kind"] == "run" and run["files_parsed"] == [SAMPLE_PATH.name]
    assert run["store_documents"] == {"loaded": 1}
    assert run["input_dir"] == str(tmp_path / "input")
