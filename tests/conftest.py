"""Session fixtures: the settings, and the one Prefect server of the session. Helpers the
test modules share are in tests/helpers.py.

The suite runs on pytest-xdist's workers (``-n 2 --dist loadgroup``, pyproject.toml): each
test module is one unit of work, so its module fixtures are built once; every test that uses
the Prefect server is in one group, so the session starts one server; and the real documents
are parsed once for all workers through a folder of pickled results (tests/helpers.read_memo).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

from budgetwatch import flows  # noqa: F401  (telemetry off before prefect is imported)
from tests.helpers import PARSE_CACHE_ENV

SPEED: list[str] = []


def pytest_configure(config):
    # on the controller (or a run without xdist), before any worker starts: the workers
    # inherit the environment
    if not hasattr(config, "workerinput") and PARSE_CACHE_ENV not in os.environ:
        config.parse_cache = tempfile.mkdtemp(prefix="budgetwatch-tests-parsed-")
        os.environ[PARSE_CACHE_ENV] = config.parse_cache


def pytest_unconfigure(config):
    if getattr(config, "parse_cache", None):
        shutil.rmtree(config.parse_cache, ignore_errors=True)
        del os.environ[PARSE_CACHE_ENV]


def pytest_runtest_logreport(report):
    # timings a test records as the "speed" property (tests/test_bench_regression.py), kept for
    # the terminal summary: a worker's own output is not shown
    if report.when == "call":
        SPEED.extend(value for name, value in report.user_properties if name == "speed")


def pytest_terminal_summary(terminalreporter):
    for line in SPEED:
        terminalreporter.write_line(f"speed: {line}")


def pytest_xdist_auto_num_workers(config):
    # `-n auto`: one worker per CPU this process may run on (xdist would count physical
    # cores where psutil is installed: 1 on a 2-vCPU machine)
    return len(os.sched_getaffinity(0))


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = "prefect" if "prefect_server" in item.fixturenames else item.module.__name__
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def settings():
    from budgetwatch.config.settings import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def prefect_server() -> str:
    """One temporary Prefect server for the whole session: the flows run in this process use
    it, and ``budgetwatch run`` subprocesses are given its URL (PREFECT_API_URL) instead of
    starting their own. Yields the API URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    # a machine shared by many runs can take minutes to start it
    with prefect_test_harness(server_startup_timeout=600):
        yield PREFECT_API_URL.value()


@pytest.fixture
def small_disk(tmp_path):
    """A 150 KB tmpfs to fill (full-disk tests); skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=150k", "tmpfs", str(mount)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)
