"""`budgetwatch parse` on the sample: summary, --out csv/parquet, --table, bad input."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import typer
from typer.testing import CliRunner

from budgetwatch.cli import cmd_parse
from tests.helpers import SAMPLE_PATH

SAMPLE = SAMPLE_PATH


def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def main() -> None:
        """A group, as in cli.main, so that `parse` is a sub-command."""

    cmd_parse.register(a)
    return a


def run(*args):
    # a width of its own (COLUMNS): a narrower one cuts the names asserted on
    return CliRunner().invoke(app(), ["parse", *map(str, args)], env={"COLUMNS": "200"})


def test_summary_lists_department_tables_and_problems():
    res = run(SAMPLE)
    assert res.exit_code == 0, res.output
    for text in (
        "赵县科学技术和工业信息化局",
        "2024",
        "expenditure_summary",
        "empty_with_note",
        "name_mismatch",
        "1396.37",
    ):
        assert text in res.output


def test_out_parquet_writes_chosen_frame_with_contract_columns(tmp_path):
    out = tmp_path / "t3.parquet"
    res = run(SAMPLE, "--table", "expenditure_summary", "--out", out)
    assert res.exit_code == 0, res.output
    df = pl.read_parquet(out)
    assert df.columns[:4] == ["doc_id", "table_id", "side", "row_no"]
    assert set(df["table_id"]) == {"expenditure_summary"}
    assert df.height == 49  # 22 rows: 22 合计 + 6 基本 + 21 项目 printed cells
    assert df.filter(pl.col("row_no") == 1, pl.col("column_id") == "basic")["amount_wan"][
        0
    ] == Decimal("413.03")


def test_out_csv_projects(tmp_path):
    out = tmp_path / "p.csv"
    res = run(SAMPLE, "--frame", "projects", "--out", out)
    assert res.exit_code == 0, res.output
    df = pl.read_csv(out, infer_schema=False)
    assert df.height == 13
    assert df.filter(pl.col("project_no") == "4")["spending_plan"][0] == "36.08|72.13|108.26|144.34"


def test_bad_input_exits_nonzero_with_reason(tmp_path):
    bad = tmp_path / "memo.txt"
    bad.write_text("会议纪要\n", encoding="utf-8")
    res = run(bad)
    assert res.exit_code == 1
    assert "rejected" in res.output and "memo.txt:1" in res.output


def test_bad_out_suffix(tmp_path):
    res = run(SAMPLE, "--out", tmp_path / "x.json")
    assert res.exit_code != 0


def test_unknown_table_option_is_rejected():
    res = run(SAMPLE, "--table", "no_such_table")
    assert res.exit_code != 0
