"""A run's child processes end with it, and Ctrl-C stops it within seconds.

- Parse workers watch their parent: when it is gone (kill -9, out of memory) they exit, and
  they ignore SIGINT — the terminal sends Ctrl-C to the whole process group, and the parent
  alone decides what happens (no traceback from every worker).
- Prefect's temporary server is a ``python -m uvicorn`` child started by Prefect; it is
  given a parent-death signal (Linux ``PR_SET_PDEATHSIG``) so that it stops when the run's
  process dies in any way, instead of lingering with its port and database.
- ``stop_on_signal`` makes SIGINT/SIGTERM print one line, record the run ``killed`` and end
  the process (its children follow by the two mechanisms above). Without it Prefect spends
  minutes retrying its dead server and prints its connection errors. The store needs no
  cleanup: every file is replaced atomically and the manifest is written last, so the next
  run parses again what this one did not commit.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from functools import partial

_PR_SET_PDEATHSIG = 1
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


def worker_init(parent: int) -> None:
    """ProcessPoolExecutor initializer of the parse workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a thread, not PR_SET_PDEATHSIG: the pool forks from whichever thread submits first,
    # and that thread may end long before the run does
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def tie_prefect_server() -> None:
    """Make Prefect's temporary server a child that dies with this process.

    Prefect starts it with ``subprocess.Popen`` from the thread that first needs the API —
    the main thread for a flow called from the command line — and the parent-death signal
    is tied to that thread, so it is only set there."""
    import subprocess

    from prefect.server.api import server

    if getattr(server.subprocess, "budgetwatch_tied", False):
        return

    def popen(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            kwargs.setdefault("preexec_fn", partial(_die_with, os.getpid()))
        return subprocess.Popen(*args, **kwargs)

    shim = type(sys)("subprocess")  # the module as Prefect's server module sees it
    shim.__dict__.update(vars(subprocess), Popen=popen, budgetwatch_tied=True)
    server.subprocess = shim


def _record_killed(reason: str) -> None:
    run = dict(CURRENT_RUN)
    if not run:
        return
    meta = dict(run["meta"], status="killed", error=reason,
                finished_at=datetime.now(timezone.utc).isoformat())
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
        say(f"stopped by {name}" + (f": run {run} recorded as killed" if run else "")
            + "; committed batches are kept, the next run parses the rest")
        sys.stdout.flush()
        _end_children()
        os._exit(130 if signum == signal.SIGINT else 143)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
