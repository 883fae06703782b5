"""An exclusive lock on a data directory: one run (or backfill) writes a store at a time.

``flock`` on ``<data_dir>/.lock``: the kernel drops it when the holder's process ends in any
way (exit, Ctrl-C, kill -9, out of memory), so a lock is never left stale. The file names the
holder (pid, run id, start time) for the message a second run prints. Re-entrant within one
process: the CLI takes the lock before starting Prefect, the flow takes it again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

LOCK_NAME = ".lock"
_held: dict[Path, int] = {}  # data dir → depth of nested holds in this process


class StoreLockedError(RuntimeError):
    """Another process holds the data directory; the message names it."""


def _holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "another process"
    run = f", run {info['run_id']}" if info.get("run_id") else ""
    return f"pid {info.get('pid', '?')}{run} (since {info.get('since', '?')})"


@contextlib.contextmanager
def hold(data_dir: Path, run_id: str = "") -> Iterator[None]:
    """Hold the data directory's lock, or raise StoreLockedError at once (no waiting: a
    scheduled run that finds the store busy should say so, not pile up behind it).
    OSError (read-only or full disk) propagates with the lock file's path."""
    root = Path(data_dir).resolve()
    if root in _held:
        _held[root] += 1
        try:
            yield
        finally:
            _held[root] -= 1
        return
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreLockedError(
                f"{root} is in use by {_holder(fd)}; wait for it to finish or use another "
                "--data-dir"
            ) from None
        note = json.dumps(
            {
                "pid": os.getpid(),
                "run_id": run_id,
                "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }
        )
        try:
            # a full disk fails here, before anything else is written
            os.ftruncate(fd, 0)
            os.pwrite(fd, note.encode(), 0)
            os.fsync(fd)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        _held[root] = 1
        try:
            yield
        finally:
            del _held[root]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing drops the flock


def require_free(path: Path, megabytes: int) -> None:
    """OSError(ENOSPC) naming ``path`` when its disk has less than ``megabytes`` free: checked
    before a run starts Prefect, whose database would otherwise fail on the full disk with
    minutes of retries and pages of tracebacks."""
    path = Path(path)
    probe = next((p for p in (path, *path.parents) if p.exists()), path)
    free = shutil.disk_usage(probe).free
    if free < megabytes * 2**20:
        raise OSError(
            errno.ENOSPC,
            f"No space left on device: {free / 2**20:.1f} MB free, "
            f"a run needs {megabytes} MB (limits.min_free_disk_mb)",
            str(path),
        )
