"""End to end through Prefect (a real temporary server), great-expectations and the store.

The corpus is the real sample plus edited copies of it (three years × two departments), a
truncated copy (the gate must quarantine it) and a binary file (the reader rejects it).
One uninterrupted run is the reference; the other tests change one thing and compare.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from budgetwatch import flows  # noqa: F401  (telemetry off before prefect)
from budgetwatch.store import Store
from tests.helpers import FEW_TREES, assert_same_tables, run_args, variant, write

pytestmark = pytest.mark.slow  # starts a Prefect server; `-m "not slow"` skips it
YEARS, DEPARTMENTS = (2022, 2023, 2024), ("350", "351")
TRUNCATED = "2024/broken-352.txt"


def make_corpus(root: Path) -> None:
    for year in YEARS:
        for code in DEPARTMENTS:
            write(root, f"{year}/赵县-{code}.txt", variant(year, code))
    lines = variant(2024, "352").splitlines(keepends=True)
    write(root, TRUNCATED, "".join(lines[:300]))  # stops inside the 财政拨款收支总表
    write(root, "2024/scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


# module, not session: its settings must not outlive this module on its xdist worker (at session
# scope every later module there ran with batches of 3: the bench regression measured 50 gates)
@pytest.fixture(scope="module")
def env(tmp_path_factory, prefect_server):
    base = tmp_path_factory.mktemp("pipeline")
    make_corpus(base / "input")
    mp = pytest.MonkeyPatch()
    mp.setenv("BUDGETWATCH__PIPELINE__BATCH_SIZE", "3")  # 8 files → 3 batches
    # the parse in this process: the claims here are the flow's (batches, the store, what is
    # parsed again), not its workers', and each run's two worker processes cost about 4 s of
    # CPU in imports (the pool is test_run_safety's, the cluster test_dask_cluster's; runs
    # with the default pool: test_install's demo, test_dask_cluster's local run)
    mp.setenv("BUDGETWATCH__PIPELINE__WORKERS", "1")
    for key, value in FEW_TREES.items():  # every claim here compares runs or their records
        mp.setenv(key, value)
    yield base
    mp.undo()


def run(base: Path, store: str, **kw) -> dict:
    from budgetwatch.flows.pipeline import budgetwatch_run

    return budgetwatch_run(
        input_dir=str(base / kw.pop("input", "input")),
        data_dir=str(base / store),
        outputs_dir=str(base / "outputs"),
        **kw,
    )


def partition_bytes(store: Store, year: int) -> dict[str, bytes]:
    return {
        str(p.relative_to(store.root)): p.read_bytes()
        for p in store.root.glob(f"tables/*/fiscal_year={year}/part.parquet")
    }


OUTBOUND: list = []  # non-loopback connections attempted during the reference run


@pytest.fixture(scope="module")
def reference(env) -> tuple[Store, dict, str]:
    """The reference run is `budgetwatch run` itself (the CLI, in this process, on the
    session's Prefect server): the store, the run's metadata and what it printed."""
    import socket

    connect = socket.socket.connect

    def loopback_only(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "::1", "localhost")
            and self.family in (socket.AF_INET, socket.AF_INET6)
        ):
            OUTBOUND.append(address)
        return connect(self, address)

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", loopback_only)
    mp.setenv("PREFECT_HOME", str(env / "prefect-home"))  # the CLI would set it for good
    try:
        out = cli(*run_args(env / "input", env / "reference", env / "outputs", 3))
    finally:
        mp.undo()
    assert out.exit_code == 0, out.output
    store = Store(env / "reference")
    return store, store.runs()[-1], out.output


def test_run_loads_quarantines_and_rejects(env, reference):
    store, meta, _ = reference
    assert meta["status"] == "completed"
    assert meta["batches"] == 3 and len(meta["files_parsed"]) == 8
    assert OUTBOUND == []  # telemetry off: nothing but the local Prefect server was called
    docs = store.read("documents")
    assert docs.group_by("status").len().sort("status").rows() == [
        ("loaded", 6),
        ("quarantined", 1),
        ("rejected", 1),
    ]
    loaded = docs.filter(pl.col("status") == "loaded")
    assert sorted(loaded.select("fiscal_year", "department_code").rows()) == sorted(
        (y, c) for y in YEARS for c in DEPARTMENTS
    )
    q = store.read("quarantine").sort("source_file")
    assert q["source_file"].to_list() == ["2024/broken-352.txt", "2024/scan.txt"]
    assert q["status"].to_list() == ["quarantined", "rejected"]
    assert "truncated" in q["reason"][0] or "line 299" in q["reason"][0]
    held = q["doc_id"].implode()
    for name in ("line_items", "projects", "indicators", "narrative_figures", "residuals"):
        assert store.read(name).filter(pl.col("doc_id").is_in(held)).is_empty(), name
    # every loaded document got its identity checks, and every failed one became a flag
    residuals = store.read("residuals")
    assert set(residuals["doc_id"]) == set(loaded["doc_id"])
    failed = residuals.filter(~pl.col("passed"))
    flags = store.read("flags")
    assert set(failed["doc_id"]) <= set(flags["doc_id"])
    assert flags["flag_id"].is_unique().all()
    # multi-year comparison saw all three years of department 350
    history = store.read("department_history")
    assert sorted(history.filter(pl.col("department_code") == "350")["fiscal_year"]) == list(YEARS)
    # validation results and the HTML report for this run
    run_dir = Path(meta["run_dir"])
    assert meta["report"] == str(run_dir / "report" / "index.html")
    assert "赵县科学技术和工业信息化局" in (run_dir / "report" / "index.html").read_text("utf-8")
    assert list((run_dir / "gx" / "uncommitted" / "validations").rglob("*.json"))


def test_changed_file_is_the_only_one_reparsed(env, reference):
    ref, _, _ = reference
    shutil.copytree(env / "input", env / "input_changed")
    shutil.copytree(ref.root, env / "changed", ignore=shutil.ignore_patterns(".prefect"))
    target = env / "input_changed" / "2023" / "赵县-351.txt"
    old_id = hashlib.sha256(target.read_bytes()).hexdigest()[:16]
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    meta = run(env, "changed", input="input_changed")
    assert meta["files_parsed"] == ["2023/赵县-351.txt"]
    store = Store(env / "changed")
    docs = store.read("documents")
    assert old_id not in docs["doc_id"].to_list()
    assert docs.height == 8
    # the other years' partitions were not rewritten
    for year in (2022, 2024):
        assert partition_bytes(store, year) == partition_bytes(ref, year)


def test_killed_run_then_rerun_equals_uninterrupted(env, reference):
    from budgetwatch.flows.pipeline import report_progress

    ref, _, _ = reference
    batches = []

    def crash_after_first(n):
        batches.append(n)
        raise KeyboardInterrupt("killed after the first batch")

    with report_progress(lambda total: None, crash_after_first), pytest.raises(KeyboardInterrupt):
        run(env, "crashed")
    store = Store(env / "crashed")
    assert batches == [3] and store.manifest().height == 3
    assert store.runs()[-1]["status"] == "failed"
    meta = run(env, "crashed")
    assert len(meta["files_parsed"]) == 5  # only the files the crash left unparsed
    assert_same_tables(ref, store)


def test_backfill_one_year_leaves_other_years_untouched(env, reference):
    from budgetwatch.flows.pipeline import budgetwatch_backfill

    ref, _, _ = reference
    shutil.copytree(ref.root, env / "backfill", ignore=shutil.ignore_patterns(".prefect"))
    store = Store(env / "backfill")
    before = {y: partition_bytes(store, y) for y in (2022, 2024)}
    meta = budgetwatch_backfill(
        years=[2023],
        departments=["赵县|350"],
        force=True,
        input_dir=str(env / "input"),
        data_dir=str(store.root),
        outputs_dir=str(env / "outputs"),
    )
    assert meta["files_parsed"] == ["2023/赵县-350.txt"]
    for year in (2022, 2024):
        assert partition_bytes(store, year) == before[year]
    assert_same_tables(ref, store)  # a forced re-run of unchanged bytes changes nothing
    # the flow takes department keys, region|code (the CLI resolves codes and names to them)
    meta = budgetwatch_backfill(
        years=[2023],
        departments=[f"赵县|{c}" for c in DEPARTMENTS],
        force=True,
        input_dir=str(env / "input"),
        data_dir=str(store.root),
        outputs_dir=str(env / "outputs"),
    )
    assert meta["files_parsed"] == [f"2023/赵县-{code}.txt" for code in sorted(DEPARTMENTS)]
    # by name: the corpus's departments are the sample re-coded, all with the sample's name,
    # so the name is ambiguous and the CLI lists them rather than merging them
    out = cli(
        "backfill",
        "--years",
        "2023",
        "--department",
        "赵县科学技术和工业信息化局",
        "--input",
        str(env / "input"),
        "--data-dir",
        str(store.root),
    )
    assert out.exit_code == 1 and "is ambiguous: did you mean 赵县|" in out.output


def test_pure_analyze_agrees_with_the_flow(env, reference):
    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import analyze

    ref, _, _ = reference
    settings = load_settings()
    paths = sorted((env / "input").rglob("*.txt"))
    done = []
    result = analyze(paths, env / "input", settings, progress=done.append)
    assert sum(done) == 8
    assert result.quarantine.sort("doc_id").equals(ref.read("quarantine").sort("doc_id"))
    assert sorted(result.flags["flag_id"]) == sorted(ref.read("flags")["flag_id"])


# ---- CLI over the reference store ------------------------------------------------------------
def cli(*args: str):
    from budgetwatch.cli.main import app

    # a width of its own: off a terminal the output's width comes from COLUMNS, which the
    # test process may have from elsewhere, and a narrower one wraps the lines asserted on
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_cli_summary_explain_history_export(env, reference, tmp_path):
    ref, _, _ = reference
    out = cli("summary", "--data-dir", str(ref.root), "--top", "5")
    assert out.exit_code == 0, out.output
    assert "quarantined" in out.output and "2024/broken-352.txt" in out.output
    assert "Department scorecard" in out.output and "赵县科学技术和工业信息化局" in out.output
    flags = ref.read("flags")
    if flags.height:
        top = flags.sort("rank").row(0, named=True)
        out = cli("explain", top["flag_id"], "--data-dir", str(ref.root))
        assert out.exit_code == 0, out.output
        assert top["source_file"] in out.output
        if top["source_line"]:
            assert f"{top['source_line']}" in out.output
    assert cli("explain", "0000000000000000", "--data-dir", str(ref.root)).exit_code == 1
    out = cli("history", "--department", "350", "--code", "2060499", "--data-dir", str(ref.root))
    assert out.exit_code == 0, out.output
    assert all(str(y) in out.output for y in YEARS)
    out = cli(
        "export",
        "quarantine",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "q.csv"),
        "--data-dir",
        str(ref.root),
    )
    assert out.exit_code == 0, out.output
    assert pl.read_csv(tmp_path / "q.csv")["source_file"].sort().to_list() == [
        "2024/broken-352.txt",
        "2024/scan.txt",
    ]


def test_cli_run_then_incremental_rerun_parses_nothing_and_changes_nothing(
    env, reference, tmp_path, monkeypatch
):
    ref, _, printed = reference  # the reference run was this command
    assert "8 files seen, 8 parsed, 0 unchanged" in printed
    assert "Top 3 flags" in printed
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    shutil.copytree(ref.root, env / "rerun", ignore=shutil.ignore_patterns(".prefect"))
    out = cli(*run_args(env / "input", env / "rerun", env / "outputs", 3))
    assert out.exit_code == 0, out.output
    assert "8 files seen, 0 parsed, 8 unchanged" in out.output
    # a second run parses nothing and changes nothing (formerly
    # test_second_run_parses_nothing_and_changes_nothing, a flow run of its own)
    meta = Store(env / "rerun").runs()[-1]
    assert meta["files_parsed"] == [] and meta["files_unchanged"] == 8
    assert_same_tables(ref, Store(env / "rerun"))
