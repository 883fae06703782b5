"""The Excel workpaper (`export workpaper`) read back with openpyxl, checked against the
store's frames; and the export rules: the format follows --out, CSV starts with a BOM."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from budgetwatch.cli.main import app
from budgetwatch.store import Store
from tests.report_corpus import (
    HOSTILE,
    expenditure_totals,
    named_documents,
    new_flag_ids,
)


def export(*args: str):
    return CliRunner().invoke(app, ["export", *args])


@pytest.fixture(scope="module")
def book(report_store_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("wp") / "底稿.xlsx"
    res = export("workpaper", "--out", str(out), "--data-dir", str(report_store_dir))
    assert res.exit_code == 0, res.output
    return openpyxl.load_workbook(out)


def header_map(ws, row: int) -> dict[str, int]:
    """Column id (the part in brackets) → column number of a header row."""
    out = {}
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.value.endswith(")"):
            out[cell.value.rsplit("(", 1)[1][:-1]] = cell.column
    return out


def test_flags_sheet_has_chinese_headers_numbers_and_review_states(book, report_store_dir):
    ws = book["问题 flags"]
    cols = header_map(ws, 1)
    assert ws.cell(1, cols["stake_wan"]).value == "涉及金额(万元) (stake_wan)"
    assert {"department_name", "region", "source_page", "review_state", "fiscal_year"} <= set(cols)
    assert ws.freeze_panes == "A2"
    flags = Store(report_store_dir).read("flags")
    assert ws.max_row == flags.height + 1
    years = [ws.cell(r, cols["fiscal_year"]) for r in range(2, ws.max_row + 1)]
    assert all(isinstance(c.value, int) and c.number_format == "0" for c in years)
    assert sorted(c.value for c in years) == sorted(flags["fiscal_year"].to_list())
    # money at stake: the flag's stored stake_wan as a number, empty where it puts none
    by_id = {r["flag_id"]: r for r in flags.iter_rows(named=True)}
    for r in range(2, ws.max_row + 1):
        stake, cell = (
            by_id[ws.cell(r, cols["flag_id"]).value]["stake_wan"],
            ws.cell(r, cols["stake_wan"]),
        )
        assert (
            (cell.value is None)
            if stake is None
            else (cell.value == float(stake) and cell.number_format == "#,##0.00")
        )
    assert flags["stake_wan"].drop_nulls().len() > 0
    # expected / actual as printed (text), and as numbers (expected_wan / actual_wan)
    first = flags.sort("rank").row(0, named=True)
    assert ws.cell(2, cols["flag_id"]).value == first["flag_id"]
    assert ws.cell(2, cols["expected"]).value == first["expected"]
    assert first["expected_wan"] == Decimal(first["expected"])  # an identity's printed sides
    assert ws.cell(2, cols["expected_wan"]).value == float(first["expected_wan"])
    assert ws.cell(2, cols["actual_wan"]).value == float(first["actual_wan"])
    states = [ws.cell(r, cols["review_state"]).value for r in range(2, ws.max_row + 1)]
    assert states.count("已排除 (dismissed)") == 1 and states.count("已确认 (confirmed)") == 1
    new = [
        ws.cell(r, cols["flag_id"]).value
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, cols["new"]).value == "新 (new)"
    ]
    assert sorted(new) == sorted(new_flag_ids(report_store_dir))
    names = {ws.cell(r, cols["department_name"]).value for r in range(2, ws.max_row + 1)}
    assert HOSTILE in names  # as text, never a formula or markup


def test_summary_counts_add_up_to_the_flags(book, report_store_dir):
    ws = book["汇总 summary"]
    cols = header_map(ws, 4)
    rows = list(range(5, ws.max_row + 1))
    assert len(rows) == named_documents(report_store_dir)["key"].n_unique()
    assert (
        sum(ws.cell(r, cols["flags"]).value for r in rows)
        == Store(report_store_dir).read("flags").height
    )
    assert ws.freeze_panes == "A5"


def test_department_sheet_holds_the_multiyear_totals_and_a_chart(book, report_store_dir):
    ws = book["汇总 summary"]
    cols = header_map(ws, 4)
    row = next(
        r for r in range(5, ws.max_row + 1) if ws.cell(r, cols["department_code"]).value == "410"
    )  # 石家庄市教育局, generated: three years
    sheet = book[ws.cell(row, cols["sheet"]).value]
    key = named_documents(report_store_dir).filter(pl.col("department_code") == "410")["key"][0]
    totals = expenditure_totals(report_store_dir, key)
    assert [c.value for c in sheet[3]][2:5] == [2022, 2023, 2024]
    lines = {sheet.cell(r, 2).value: r for r in range(4, 12)}
    for year, column, amount in totals.select("fiscal_year", "column_id", "amount_wan").iter_rows():
        cell = sheet.cell(lines[column], 3 + year - 2022)
        assert cell.value == float(amount) and cell.number_format == "#,##0.00"
    # the three lines sum as the document's 支出总表 does: 基本 + 项目 = 合计, each year
    for col in (3, 4, 5):
        basic, project = (
            Decimal(str(sheet.cell(lines[k], col).value)) for k in ("basic", "project")
        )
        assert basic + project == Decimal(str(sheet.cell(lines["total"], col).value))
    assert len(sheet._charts) == 1 and sheet.freeze_panes == "C4"
    assert sheet.column_dimensions["A"].width >= 8  # fitted, not the default


def test_format_follows_the_extension_and_a_contradiction_is_an_error(report_store_dir, tmp_path):
    data = ["--data-dir", str(report_store_dir)]
    res = export("flags", "--out", str(tmp_path / "f.csv"), *data)
    assert res.exit_code == 0, res.output
    raw = (tmp_path / "f.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfflag_id,")  # the BOM Excel needs for UTF-8
    assert pl.read_csv(tmp_path / "f.csv").height == Store(report_store_dir).read("flags").height
    res = export("flags", "--format", "xlsx", "--out", str(tmp_path / "g.csv"), *data)
    assert res.exit_code == 1 and "contradicts" in res.output
    assert not (tmp_path / "g.csv").exists()
    res = export("workpaper", "--out", str(tmp_path / "w.csv"), *data)
    assert res.exit_code == 1 and "name it .xlsx" in res.output
    res = export("flags", "--out", str(tmp_path / "f.dat"), *data)
    assert res.exit_code == 1 and "cannot tell the format" in res.output
    res = export("flags", "--format", "parquet", "--out", str(tmp_path / "f.dat"), *data)
    assert res.exit_code == 0 and pl.read_parquet(tmp_path / "f.dat").height > 0


def test_raw_xlsx_export_shows_years_as_plain_integers(report_store_dir, tmp_path):
    res = export("flags", "--out", str(tmp_path / "f.xlsx"), "--data-dir", str(report_store_dir))
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    col = next(c.column for c in ws[1] if c.value == "fiscal_year")
    cell = ws.cell(2, col)
    assert isinstance(cell.value, int) and cell.number_format == "0"
