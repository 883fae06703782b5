"""A run's child processes end with it, and Ctrl-C stops it within seconds.

- Parse workers watch their parent: when it is gone (kill -9, out of memory) they exit, and
  they ignore SIGINT — the terminal sends Ctrl-C to the whole process group, and the parent
  alone decides what happens (no traceback from every worker).
- Prefect's server, unless PREFECT_API_URL names one, is the run's own child
  (``prefect_server``: ``prefect server start`` on a free loopback port, the flow pointed at
  it through Prefect's settings, stopped at the end). It is given a parent-death signal
  (Linux ``PR_SET_PDEATHSIG``) so that it stops when the run's process dies in any way,
  instead of lingering with its port and database.
- ``stop_on_signal`` makes SIGINT/SIGTERM print one line, record the run ``killed`` and end
  the process (its children follow by the two mechanisms above). Without it Prefect spends
  minutes retrying its dead server and prints its connection errors. The store needs no
  cleanup: every file is replaced atomically and the manifest is written last, so the next
  run parses again what this one did not commit.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from functools import partial
from typing import IO

_PR_SET_PDEATHSIG = 1
_GC_YOUNG = 20_000  # parse workers: allocations between young collections (Python's: 700)
# parse workers yield a core to the run process: its gates, commits and analysis are the run's
# serial part, and with both cores parsing they waited for a core (docs/pipeline.md "Benchmarks")
_WORKER_NICE = 5
# the run in progress in this process: {"store": Store, "meta": dict} (flows.pipeline)
CURRENT_RUN: dict = {}


def _die_with(parent: int) -> None:
    """In a child between fork and exec: SIGTERM when the forking thread's process dies, and
    a process group of its own so that the terminal's Ctrl-C reaches the run alone (which
    then ends it) — a server dying first would make the run's client print connection
    errors."""
    os.setpgid(0, 0)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    """While inside (main thread only), SIGINT is ignored, and processes started inherit
    that across exec: Python then never installs its KeyboardInterrupt handler in them, so a
    Ctrl-C while a parse worker is still importing prints nothing from it (``worker_init``
    comes too late for that). Keep it to the milliseconds of starting the processes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def worker_init(parent: int) -> None:
    """ProcessPoolExecutor initializer of the parse workers (for a pool started outside
    ``sigint_ignored``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a thread, not PR_SET_PDEATHSIG: the pool forks from whichever thread submits first,
    # and that thread may end long before the run does
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    os.nice(_WORKER_NICE)
    # the readers imported now, and their objects frozen out of the cyclic GC's scans; a
    # parse allocates many short-lived containers (cells, rows), so the youngest generation
    # is collected less often: about a tenth of a text parse's CPU went to the GC
    from budgetwatch.transforms import reader  # noqa: F401

    gc.collect()
    gc.freeze()
    gc.set_threshold(_GC_YOUNG, *gc.get_threshold()[1:])


# Prefect settings of the run's own server (environment variables of public settings):
# the API alone, as Prefect's own temporary server runs it — no UI, no telemetry, none of
# the loops that serve deployments and workers (a run has neither)
_SERVER_ENV = {
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    **{
        f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false"
        for name in (
            "SCHEDULER",
            "LATE_RUNS",
            "FOREMAN",
            "CANCELLATION_CLEANUP",
            "PAUSE_EXPIRATIONS",
            "REPOSSESSOR",
            "CLEANUP_RECONCILER",
        )
    },
}
_ATTEMPTS = 3  # a free port can be taken by another process before the server binds it


class ServerError(RuntimeError):
    """The run's Prefect server did not start; the message says why, in one line."""


class ClusterError(RuntimeError):
    """The Dask cluster a run was given does not answer; the message says which, in one line."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(api_url: str) -> bool:
    # no proxy: the server is on loopback and nothing may leave the machine
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _last_line(log) -> str:
    log.seek(0)
    lines = [ln.strip() for ln in log.read().decode(errors="replace").splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def server_command(port: int) -> list[str]:
    """``prefect server start`` on loopback ``port``, by this interpreter, errors only."""
    return [
        *(sys.executable, "-m", "prefect", "server", "start"),
        *("--host", "127.0.0.1", "--port", str(port), "--log-level", "ERROR"),
    ]


def launch_server() -> tuple[subprocess.Popen, str, IO[bytes]]:
    """``prefect server start`` on a free loopback port, a child that dies with this process
    (``_die_with``), not waited for: the CLI starts it before discovery so that its start-up
    overlaps the run's own. Returns the process, its API URL and its log."""
    port = _free_port()
    # its messages go to a file (a pipe nobody reads would fill and block it); the last
    # line is the reason if it fails
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        server_command(port),
        env={**os.environ, **_SERVER_ENV},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=partial(_die_with, os.getpid()),
    )
    return process, f"http://127.0.0.1:{port}/api", log


def _start_server(timeout: float, launched=None) -> tuple[subprocess.Popen, str]:
    """Wait for a launched server (or launch one) until /api/health answers; returns it and
    its API URL."""
    reason = "no attempt"
    for _ in range(_ATTEMPTS):
        process, api_url, log = launched or launch_server()
        launched = None
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            if healthy(api_url):
                log.close()
                return process, api_url
            time.sleep(0.2)
        if process.poll() is None:
            stop_server(process)
            raise ServerError(
                f"Prefect's server did not answer on {api_url} within "
                f"{timeout:g} s (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
            )
        reason = _last_line(log)
        log.close()
        if "already in use" not in reason:
            raise ServerError(f"Prefect's server did not start: {reason}")
    raise ServerError(f"Prefect's server did not start: {reason}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def prefect_server(launched=None) -> Iterator[str]:
    """While inside, flows report to a Prefect server and the API URL is yielded: the one
    PREFECT_API_URL names, else this run's own (``launched`` earlier by ``launch_server``,
    or started here), stopped on the way out.

    Prefect would start a temporary server of its own, but from inside its client, where
    nothing public lets the caller make it a child that ends with the run."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    if PREFECT_API_URL.value():
        if launched is not None:  # the URL came from a Prefect profile, not the environment
            stop_server(launched[0])
        yield PREFECT_API_URL.value()
        return
    process, api_url = _start_server(
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value(), launched
    )
    try:
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield api_url
    finally:
        stop_server(process)


def _record_killed(reason: str) -> None:
    run = dict(CURRENT_RUN)
    if not run:
        return
    meta = dict(
        run["meta"],
        status="killed",
        error=reason,
        finished_at=datetime.now(timezone.utc).isoformat(),
    )
    with contextlib.suppress(Exception):  # a full disk must not stop the stop
        run["store"].write_run(meta)


def _end_children() -> None:
    """SIGKILL to this process's direct children: parse workers, Prefect's server (its
    SQLite database is transactional) and multiprocessing's resource tracker, which ignores
    SIGTERM and would print leak warnings after the one line."""
    me = str(os.getpid())
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            if fields[1].decode() == me:
                os.kill(int(entry.name), signal.SIGKILL)


@contextlib.contextmanager
def stop_on_signal(say: Callable[[str], None]) -> Iterator[None]:
    """While inside, SIGINT (Ctrl-C) and SIGTERM end the process at once with one line."""

    def stop(signum, frame):
        name = signal.Signals(signum).name
        run = CURRENT_RUN.get("meta", {}).get("run_id")
        _record_killed(f"stopped by {name}")
        say(
            f"stopped by {name}"
            + (f": run {run} recorded as killed" if run else "")
            + "; committed batches are kept, the next run parses the rest"
        )
        sys.stdout.flush()
        _end_children()
        os._exit(130 if signum == signal.SIGINT else 143)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
