"""Session fixtures: the settings, and the one Prefect server of the session. Helpers the
test modules share are in tests/helpers.py."""
from __future__ import annotations

import subprocess

import pytest

from budgetwatch import flows  # noqa: F401  (telemetry off before prefect is imported)


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

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture
def small_disk(tmp_path):
    """A 150 KB tmpfs to fill (full-disk tests); skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=150k", "tmpfs", str(mount)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)
