"""Session fixtures: the settings, and the one Prefect server of the session. Helpers the
test modules share are in tests/helpers.py.

The suite runs on pytest-xdist's workers (``-n auto --dist loadgroup``, README): each test
module is one unit of work (``pytest_xdist_make_scheduler`` below), so its module fixtures are
built once, and the longest modules are handed out first. What several modules share
is made once for all the workers through the session's folder (tests/helpers.py): the real
documents' parse results, stores built once (``built_once``), and one Prefect server, started
by the first worker that needs it and stopped by the controller at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import Counter

import pytest

from budgetwatch import flows  # noqa: F401  (telemetry off before prefect is imported)
from tests.helpers import (
    CONTROLLER_ENV,
    PARSE_CACHE_ENV,
    REAL,
    read_all,
    read_memo,
    shared_prefect_server,
    stop_prefect_server,
)

SPEED: list[str] = []


def pytest_configure(config):
    # on the controller (or a run without xdist), before any worker starts: the workers
    # inherit the environment
    if hasattr(config, "workerinput"):
        return
    if PARSE_CACHE_ENV not in os.environ:
        config.parse_cache = tempfile.mkdtemp(prefix="budgetwatch-tests-parsed-")
        os.environ[PARSE_CACHE_ENV] = config.parse_cache
    if CONTROLLER_ENV not in os.environ:
        config.controller = os.environ[CONTROLLER_ENV] = str(os.getpid())


def pytest_unconfigure(config):
    if getattr(config, "controller", None):
        stop_prefect_server()
        del os.environ[CONTROLLER_ENV]
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


# Units scheduled first, longest first (the wall time is the slower worker's: a long unit
# handed out last would run alone at the end). Their order is round 8's idle durations (the
# lead's `--durations` of main 10cc2f5 for its 30 slowest phases, round 6's whole-suite
# `--durations=0`, dur6b, for the rest), summed per unit (`unit_of`), every unit over about
# 8 s; the others follow by number of tests, so a long unit of few tests must be listed (the
# APART units have 2 and 4). Laid out by a simulation of xdist's scheduler on those durations,
# the two workers end within a second of each other (docs/contributing.md "Tests", round 9).
# test_real_flags pays the parse of the real PDFs (the session fixture ``real_parsed``), which
# test_real_templates and test_parse_real then find in the memo.
LONGEST_FIRST = (
    "tests/test_run_safety.py",
    "tests/test_run_safety.py:reference",
    "tests/test_real_flags.py",
    "tests/test_real_flags.py:more",
    "tests/test_flows.py",
    "tests/test_install.py",
    "tests/test_residuals.py",
    "tests/test_dask_cluster.py",
    "tests/test_bench_regression.py",
    "tests/test_serve.py",
    "tests/test_companions_performance.py",
    "tests/test_run_safety.py:small",
    "tests/test_out_of_core.py",
    "tests/test_real_dz.py",
    "tests/test_hostile_inputs.py",
    "tests/test_review.py",
    "tests/test_wrong_inputs.py",
    "tests/test_certainty.py",
    "tests/test_gates.py",
    "tests/test_models.py",
    "tests/test_cli_pipeline.py",
    "tests/test_gen_alt.py",
)
# Modules whose tests share nothing built in the module (what they share goes through the
# session's locks: the parse memo): their tests are spread over the workers one by one. Here
# the real PDFs read one per test (111 s on the quiet machine, the fourth longest module).
SPREAD = frozenset({"tests/test_parse_real.py"})
# Tests of a long module that need none of the module fixtures of the rest of it (or only what
# is made once per session: tests.helpers.made_once), by node-id prefix: a unit of their own
# (the name given), so the module's parts can run on both workers. test_run_safety's
# uninterrupted run (made once, its big test loading it at its end) runs beside the runs that
# test interrupts, and its two small tests wait for neither; test_real_flags' analysis of the
# real_more tuning half (39 s) runs beside its analysis of ../shared/real (71 s). A test
# renamed falls back into its module's unit: slower, never wrong.
APART = {
    "tests/test_run_safety.py::test_the_uninterrupted_run": "tests/test_run_safety.py:reference",
    "tests/test_run_safety.py::test_a_server_that_does_not_start": "tests/test_run_safety.py:small",
    "tests/test_run_safety.py::test_companion_arriving": "tests/test_run_safety.py:small",
    "tests/test_real_flags.py::test_every_real_more_tuning": "tests/test_real_flags.py:more",
    "tests/test_real_flags.py::test_no_flag_on_a_doubted": "tests/test_real_flags.py:more",
    "tests/test_real_flags.py::test_a_document_analysed_alone": "tests/test_real_flags.py:more",
}


def unit_of(nodeid: str) -> str:
    """The unit of work (tests/conftest.py's scheduler) a test belongs to."""
    module = nodeid.split("::", 1)[0]
    if module in SPREAD:
        return nodeid
    return next((unit for prefix, unit in APART.items() if nodeid.startswith(prefix)), module)


@pytest.hookimpl(optionalhook=True)  # a hook of xdist: unknown where it is not installed
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup``: each test module is one unit of work, on one worker, so that its
    module fixtures are built once (xdist's own grouping suffixes node ids with the group name,
    which pytest 9 ignores: every test was scheduled alone and a module's fixtures were built
    on both workers)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

        def schedule(self) -> None:
            # the units in our order; xdist fills them in place (a key assigned again keeps
            # its place in the queue)
            if self.collection is None and self.collection_is_completed:
                nodeids = next(iter(self.registered_collections.values()))
                count = Counter(self._split_scope(n) for n in nodeids)
                first = {m: i for i, m in enumerate(LONGEST_FIRST)}
                order = sorted(count, key=lambda u: (first.get(u, len(first)), -count[u]))
                self.workqueue.update((unit, {}) for unit in order)
            super().schedule()

    return ModuleScheduling(config, log)


@pytest.fixture(scope="session")
def settings():
    from budgetwatch.config.settings import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def report_store_dir(tmp_path_factory, settings):
    """The report store of tests/report_corpus.py (test_report, test_workpaper): built once
    for all the workers, read only."""
    from tests.report_corpus import report_store

    return report_store(tmp_path_factory, settings)


@pytest.fixture(scope="session")
def prefect_server() -> str:
    """The session's one Prefect server, shared by every worker (tests/helpers.py
    ``shared_prefect_server``): the flows run in this process use it, and so do
    ``budgetwatch run`` commands, in this process (CliRunner) or in a subprocess, through
    PREFECT_API_URL in the environment (without it each would start a server of its own: about
    12 s of CPU each). A test that wants a run's own server removes the variable from its
    child's environment. Yields the API URL."""
    import prefect.context
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url = shared_prefect_server()
    mp = pytest.MonkeyPatch()
    mp.setenv("PREFECT_API_URL", url)
    # as prefect_test_harness does: this process's flows and clients, and code running in a
    # context copied before now, all use it
    with (
        temporary_settings(updates={PREFECT_API_URL: url}),
        prefect.context._temporary_global_settings_context(prefect.context.get_settings_context()),
    ):
        try:
            yield url
        finally:
            mp.undo()


@pytest.fixture(scope="module", autouse=True)
def real_parsed_once(request):
    """In a module marked ``real``, every read of a document — the pipeline's
    (``flows.core.read_disclosure``, so ``analyze``) and the module's own ``read_disclosure``
    — goes through the session's memo (``tests.helpers.read_memo``): each real file is parsed
    once for all the modules and workers, whichever way a test reads it."""
    if request.node.get_closest_marker("real") is None:
        yield
        return
    from budgetwatch.flows import core

    mp = pytest.MonkeyPatch()
    mp.setattr(core, "read_disclosure", read_memo)
    if hasattr(request.module, "read_disclosure"):
        mp.setattr(request.module, "read_disclosure", read_memo)
    yield
    mp.undo()


@pytest.fixture(scope="session")
def real_parsed() -> None:
    """Every PDF of ../shared/real in the session's memo before the test: the modules that
    read the whole folder (test_real_flags' analyses, test_real_templates' figures) ask for
    it, and where two workers ask at once each parses the files the other is not parsing."""
    if REAL.is_dir():
        read_all(sorted(REAL.glob("*.pdf")), REAL)


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
