"""A disclosure published as two files (narrative + tables) and joined into one document:
every flag, residual and row names the file its line is a line of (transforms/companions.py).

The sample is split as Jiangsu 2019 publishes it (tests/test_hostile_inputs.py split_sample):
the tables file is sample lines 1-483 (line n of it = sample line n), the narrative file
starts at sample line 484 (line n of it = sample line n + 483)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from budgetwatch.cli.main import app
from budgetwatch.flows.core import analyze
from budgetwatch.store import Store
from tests.helpers import SAMPLE_PATH, TABLES_END, analysed_store, split_sample, variant, write

NARRATIVE, TABLES = "说明.txt", "报表.txt"
# sample line 566: "…其中基本支出 413.03 万元…" (支出总表 合计 基本支出 is 413.03): stated 513.03
BASIC_LINE = 566
# sample line 115: the 收入总表 款 2014 0 信访事务, 32.30 in its three columns: printed 42.30
KUAN_LINE = 115


def _altered_sample() -> list[str]:
    lines = SAMPLE_PATH.read_text(encoding="utf-8").split("\n")
    assert "其中基本支出 413.03 万元" in lines[BASIC_LINE - 1]
    assert lines[KUAN_LINE - 1].startswith("3\t2014 0\t")
    lines[BASIC_LINE - 1] = lines[BASIC_LINE - 1].replace("基本支出 413.03", "基本支出 513.03")
    lines[KUAN_LINE - 1] = lines[KUAN_LINE - 1].replace("32.3 0", "42.3 0")
    return lines


def _write_split(root: Path, lines: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    narrative, tables = split_sample("\n".join(lines))
    (root / NARRATIVE).write_bytes(narrative)
    (root / TABLES).write_bytes(tables)
    return root


@pytest.fixture(scope="module")
def split(tmp_path_factory, settings):
    root = _write_split(tmp_path_factory.mktemp("split") / "input", _altered_sample())
    return root, analyze(sorted(root.iterdir()), root, settings)


def _flag(flags: pl.DataFrame, rule: str, subject: str) -> dict:
    rows = flags.filter((pl.col("rule_or_model") == rule) & (pl.col("subject") == subject))
    assert rows.height == 1, (rule, subject)
    return rows.row(0, named=True)


def _line(root: Path, name: str, n: int) -> str:
    return (root / name).read_text(encoding="utf-8").split("\n")[n - 1]


def test_a_narrative_flag_names_the_narrative_file_and_its_line(split):
    root, result = split
    assert result.frames.documents["source_file"].to_list() == [TABLES]  # the joined document
    f = _flag(
        result.flags, "gate:narrative_mismatch", "N2:narrative/basic~expenditure_summary/合计/basic"
    )
    assert (f["source_file"], f["source_line"]) == (NARRATIVE, BASIC_LINE - TABLES_END)  # 83
    assert "基本支出 513.03 万元" in _line(root, NARRATIVE, f["source_line"])
    # the narrative figure it was read from, and the residual, say the same
    basic = result.frames.narrative_figures.filter(pl.col("label") == "basic")
    assert basic.select("source_file", "source_line").rows() == [(NARRATIVE, 83)]
    residual = result.residuals.filter(pl.col("check_id") == "N2")
    assert residual.select("source_file", "source_line").rows() == [(NARRATIVE, 83)]


def test_a_table_flag_names_the_tables_file(split):
    root, result = split
    f = _flag(result.flags, "gate:identity_break", "W3:income_summary/20140/total")
    assert (f["source_file"], f["source_line"]) == (TABLES, KUAN_LINE)
    assert "42.3 0" in _line(root, TABLES, KUAN_LINE)
    # a table row keeps no file of its own beyond the join's: the tables file
    assert set(result.frames.line_items["source_file"].unique()) == {TABLES}


def test_every_flag_cites_the_line_the_whole_sample_cites(split, tmp_path, settings):
    """The same disclosure as one file: a flag at sample line n is, after the split, at line
    n of the tables file (n ≤ 483) or line n − 483 of the narrative file."""
    whole = tmp_path / "whole"
    whole.mkdir()
    (whole / "全文.txt").write_text("\n".join(_altered_sample()), encoding="utf-8")
    one = analyze([whole / "全文.txt"], whole, settings).flags
    expected = one.select(
        "rule_or_model",
        "subject",
        source_file=pl.when(pl.col("source_line") <= TABLES_END)
        .then(pl.lit(TABLES))
        .otherwise(pl.lit(NARRATIVE)),
        source_line=pl.when(pl.col("source_line") <= TABLES_END)
        .then(pl.col("source_line"))
        .otherwise(pl.col("source_line") - TABLES_END),
    )
    got = split[1].flags.select("rule_or_model", "subject", "source_file", "source_line")
    common = expected.join(got, on=["rule_or_model", "subject"], suffix="_split")
    # the project and indicator rules (narrative part), the gates (both), name checks (tables)
    assert common.height >= 40
    assert {
        "cost_indicator_mismatch",
        "spending_plan_mismatch",
        "project_sum_by_function",
        "copy_paste_within",
        "gate:narrative_mismatch",
        "gate:identity_break",
        "name_mismatch",
    } <= set(common["rule_or_model"])
    wrong = common.filter(
        (pl.col("source_file") != pl.col("source_file_split"))
        | (pl.col("source_line") != pl.col("source_line_split"))
    )
    assert wrong.is_empty(), wrong


def test_flag_ids_do_not_depend_on_the_order_files_are_read(split, settings):
    root, result = split
    again = analyze(sorted(root.iterdir(), reverse=True), root, settings).flags
    cols = ["flag_id", "source_file", "source_line"]
    assert again.select(cols).sort("flag_id").equals(result.flags.select(cols).sort("flag_id"))


@pytest.fixture(scope="module")
def stored(split, tmp_path_factory, settings):
    root, result = split  # the same analysis, committed (not made a second time)
    return analysed_store(root, tmp_path_factory.mktemp("joined-store") / "data", settings, result)


def _cli(*args: str) -> str:
    out = CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    return out.output


def test_explain_shows_the_narrative_file_and_line(stored):
    flags = Store(stored).read("flags")
    f = _flag(flags, "gate:narrative_mismatch", "N2:narrative/basic~expenditure_summary/合计/basic")
    out = _cli("explain", f["flag_id"], "--data-dir", str(stored))
    assert f"{NARRATIVE}:83" in out  # the excerpt's title: path:line
    # the excerpt's bold line is the narrative's line 83, not line 83 of the tables file
    excerpt_83 = [line for line in out.splitlines() if line.lstrip("│ ").startswith("83 ")]
    assert excerpt_83 and "513.03" in excerpt_83[0]


def test_summary_names_the_file_of_each_flag(stored):
    out = _cli("summary", "--data-dir", str(stored), "--top", "50")
    assert f"{NARRATIVE} line 83" in out
    # the identity breaks the 款 causes are one group, shown once at its first-ranked flag:
    # the 类 201 above it (sample line 114) whose Σ children it changed
    assert f"{TABLES} line {KUAN_LINE - 1}" in out


def test_stored_rows_keep_their_file_and_old_partitions_read_as_the_document_s(stored):
    store = Store(stored)
    figures = store.read("narrative_figures")
    assert set(figures["source_file"].unique()) == {NARRATIVE}
    # a partition written before the column existed: its rows read with a null source_file
    path = store.partition_files("narrative_figures")[0]
    pl.read_parquet(path).drop("source_file").write_parquet(path)
    old = store.read("narrative_figures")
    assert old.schema == figures.schema
    assert old["source_file"].null_count() == old.height == figures.height


def test_a_year_on_year_claim_names_the_narrative_file(tmp_path, settings):
    # 2023 as one file, 2024 split: the 2024 narrative's sample line 570 "…较 2023年预算减少
    # 82.67 万元…" (line 570 − 483 = 87 of the narrative file) against the 2023 document that
    # prints the same 1396.37 total: a claim the tables deny, flagged at the narrative's line
    write(tmp_path, "2023/全文.txt", variant(2023, "350"))
    narrative, tables = split_sample(variant(2024, "350"))
    write(tmp_path, f"2024/{NARRATIVE}", narrative)
    write(tmp_path, f"2024/{TABLES}", tables)
    flags = analyze(sorted(tmp_path.rglob("*.txt")), tmp_path, settings).flags
    f = _flag(flags, "yoy_claim", "claim/yoy_total_change")
    assert (f["source_file"], f["source_line"]) == (f"2024/{NARRATIVE}", 570 - TABLES_END)
    assert "减少 82.67 万元" in _line(tmp_path / "2024", NARRATIVE, 87)
