"""The README demo corpus and the `budgetwatch synth` command."""

from __future__ import annotations

import polars as pl
from typer.testing import CliRunner

from budgetwatch.cli.main import app
from budgetwatch.synth.demo import SAMPLE, ensure_demo_input
from tests.helpers import tree_hashes


def test_demo_input_is_cached_and_byte_identical(tmp_path):
    a = ensure_demo_input(tmp_path / "a" / "input")
    first = tree_hashes(a)
    mtimes = {p: p.stat().st_mtime_ns for p in a.rglob("*.txt")}
    assert ensure_demo_input(a) == a
    assert {p: p.stat().st_mtime_ns for p in a.rglob("*.txt")} == mtimes  # not regenerated
    b = ensure_demo_input(tmp_path / "b" / "input")
    assert tree_hashes(b) == first
    assert (a / "2024" / "赵县-350.txt").read_bytes() == SAMPLE.read_bytes()
    truth = tmp_path / "a" / "demo_truth"
    assert not list(a.rglob("*.parquet"))
    docs = pl.read_parquet(truth / "documents.parquet")
    assert docs["department_code"].n_unique() >= 30 and sorted(
        docs["fiscal_year"].unique()
    ) == list(range(2020, 2025))
    assert len(first) == docs.height + 1  # every generated document plus the real sample


def test_synth_command_writes_corpus(tmp_path):
    res = CliRunner().invoke(
        app,
        [
            "synth",
            "--out",
            str(tmp_path),
            "--departments",
            "5",
            "--years",
            "2023-2024",
            "--seed",
            "2",
            "--anomaly-rate",
            "0.5",
        ],
    )
    assert res.exit_code == 0, res.output
    docs = pl.read_parquet(tmp_path / "truth" / "documents.parquet")
    files = sorted(
        p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*.txt")
    )
    assert files == sorted(docs["source_file"])
    assert "Injected anomalies" in res.output


def test_synth_command_rejects_bad_years(tmp_path):
    res = CliRunner().invoke(app, ["synth", "--out", str(tmp_path), "--years", "twenty"])
    assert res.exit_code != 0


def test_template_lines_are_the_samples(tmp_path):
    """Titles, column headers, notes and block headers are copied from the real sample, so the
    parser sees only vocabulary the sample contains."""
    from budgetwatch.synth import generate_corpus

    generate_corpus(tmp_path, departments=6, years=[2023, 2024], seed=3, anomaly_rate=0.0)
    sample = set(SAMPLE.read_text(encoding="utf-8").splitlines())
    structural = (
        "序号",
        "\t科目",
        "\t项目",
        "\t\t合",
        "注：",
        "资金支出计划",
        "一级指标",
        "部门预算",
        "项目\t数量",
    )
    checked = 0
    for f in sorted((tmp_path / "docs").rglob("*.txt")):
        raw = f.read_bytes()
        text = raw.decode("utf-8") if _utf8(raw) else raw.decode("gb18030")
        for line in text.splitlines():
            if line.startswith(structural) and "目录" not in line:
                checked += 1
                assert line in sample, (f.name, line)
    assert checked > 100


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
