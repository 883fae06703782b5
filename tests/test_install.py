"""A plain (non-editable) install works from anywhere: build the wheel, install it into a fresh
venv, and run the CLI from an unrelated directory.

The fresh venv reuses this venv's dependencies through a .pth line (downloading prefect and
great-expectations again would take minutes); budgetwatch itself must come from the wheel
alone, which the test checks by where its modules were imported from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.helpers import FEW_TREES, HANG

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
# what a checkout holds at its root besides the package sources; the wheel must not need it
NOT_SOURCES = {
    ".venv",
    ".git",
    "build",
    "dist",
    "budgetwatch.egg-info",
    "data",
    ".pytest_cache",
    ".ruff_cache",
    "tests",
    "benchmarks",
}


def _sources_only(directory: str, names: list[str]) -> set[str]:
    skip = NOT_SOURCES if Path(directory) == ROOT else set()  # synth/data is package data
    return {n for n in names if n in skip or n == "__pycache__"}


def _run(args: list, cwd: Path, **more: str) -> subprocess.CompletedProcess:
    """``args`` run in ``cwd`` with none of this process's settings (``more`` added), bounded
    only against a hang (``HANG``): the demo took 63 s of CPU at load 33-39 (round 7), so a
    fixed 600-s bound was a wall-clock limit a loaded machine could reach."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BUDGETWATCH", "PREFECT_", "VIRTUAL_ENV", "PYTHON"))
    }
    env.update(COLUMNS="100", **more)
    out = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG
    )
    assert out.returncode == 0, f"{args}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("install")
    # build from a copy: an in-tree build leaves build/ behind, whose stale files would go
    # into later wheels
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=_sources_only)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", src], base)
    (wheel,) = (base / "dist").glob("budgetwatch-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], base)
    (site,) = (venv / "lib").glob("python3*/site-packages")
    # dependencies from this venv, after the fresh venv's own site-packages on sys.path: its
    # site-packages and those it reaches through .pth lines (a worktree's venv sees another's
    # packages so; the .pth files of a folder named in a .pth are not read)
    deps = [sysconfig.get_paths()["purelib"]]
    deps += [p for p in sys.path if p.endswith("site-packages") and p not in deps]
    (site / "_deps_from_test_venv.pth").write_text("".join(f"{p}\n" for p in deps))
    _run(
        [
            venv / "bin" / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            wheel,
        ],
        base,
    )
    return venv


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working directory that is neither the checkout nor the venv."""
    (tmp_path / "cwd").mkdir()
    return tmp_path / "cwd"


def test_help_and_parse_from_another_directory(venv, elsewhere):
    bw = venv / "bin" / "budgetwatch"
    assert "demo" in _run([bw, "--help"], elsewhere).stdout
    sample = next((venv / "lib").glob("python3*/site-packages/budgetwatch/synth/data/000_*.txt"))
    out = _run([bw, "parse", sample], elsewhere).stdout
    # the sample's page header: 部门编码 350, 赵县科学技术和工业信息化局, 2024年部门预算
    assert "350" in out and "赵县科学技术和工业信息化局" in out and "2024" in out


# `budgetwatch demo` as installed, on 2 departments × 2 years instead of the demo's 36 × 5: what
# the install must show (the command, its generator and package data, its run and summary,
# everything written under the working directory) does not grow with the corpus, and the
# pipeline's time at size is measured elsewhere (about 100 s of the suite's time saved).
# Before the demo, the same process prints where its modules, its package data and its
# default outputs folder come from, each line led by FROM (formerly a process of its own,
# test_modules_and_data_come_from_the_wheel: about 4 s of the suite's time in imports)
FROM = "from-the-install: "
SMALL_DEMO = (
    "import sys\n"
    "import budgetwatch, budgetwatch.cli.main as m, budgetwatch.config.settings as s\n"
    "from importlib.resources import files\n"
    "for line in (*budgetwatch.__path__, m.__file__, s.__file__,\n"
    "        files('budgetwatch.docs') / 'rules.md',\n"
    "        files('budgetwatch.synth') / 'data' / '000_e9dd90ecd9c1084d.txt'):\n"
    f"    print('{FROM}path', line)\n"
    f"print('{FROM}outputs_dir', s.load_settings().pipeline.outputs_dir)\n"
    "from budgetwatch.synth import demo\n"
    "demo.DEMO_PARAMS.update(departments=2, years=[2023, 2024])\n"
    "m.app(prog_name='budgetwatch', args=sys.argv[1:])\n"
)


def test_demo_runs_from_another_directory(venv, elsewhere, prefect_server):
    # on the session's Prefect server: a run that starts its own (about 12 s of CPU) is
    # test_run_safety's kill -9 case; what the install must show does not depend on it. So
    # too the parse in the run's own process (the readers come from the wheel either way, as
    # `parse` shows above; the worker pool is test_run_safety's) and forests of 10 trees
    # (the top flag is explained, whichever it is)
    out = _run(
        [venv / "bin" / "python", "-c", SMALL_DEMO, "demo", "--top", "3"],
        elsewhere,
        PREFECT_API_URL=prefect_server,
        BUDGETWATCH__PIPELINE__WORKERS="1",
        **FEW_TREES,
    ).stdout
    # budgetwatch's modules and package data come from the wheel's install, and the default
    # outputs folder is relative to where the command runs, not to the package
    said = [ln.removeprefix(FROM).split(" ", 1) for ln in out.splitlines() if ln.startswith(FROM)]
    paths = [Path(value) for key, value in said if key == "path"]
    assert len(paths) >= 5 and [v for k, v in said if k == "outputs_dir"] == ["data/runs"]
    for path in paths:
        assert path.resolve().is_relative_to(venv.resolve()), path
        assert path.exists(), path
    # the small corpus (its two years only) and the real sample from the wheel's package data
    demo_input = elsewhere / "data" / "demo" / "input"
    assert {p.parent.name for p in demo_input.rglob("*.txt")} == {"2023", "2024"}
    sample = next((venv / "lib").glob("python3*/site-packages/budgetwatch/synth/data/000_*.txt"))
    assert (demo_input / "2024" / "赵县-350.txt").read_bytes() == sample.read_bytes()
    assert "completed" in out and "Top 3 flags" in out
    # everything it wrote is under the working directory, nothing beside the package
    store = elsewhere / "data" / "demo" / "store"
    assert (store / "manifest.parquet").is_file()
    assert list((elsewhere / "data" / "demo" / "outputs").glob("*/gx"))
    package = next((venv / "lib").glob("python3*/site-packages/budgetwatch"))
    assert not list(package.rglob("*.parquet")) and not (package / "data").exists()
    # explain finds the rule's documentation in the installed package data
    import polars as pl

    top = pl.read_parquet(store / "derived" / "flags.parquet").sort("rank").row(0, named=True)
    out = _run(
        [venv / "bin" / "budgetwatch", "explain", top["flag_id"], "--data-dir", store], elsewhere
    ).stdout
    assert top["flag_id"] in out and "not described in" not in out
