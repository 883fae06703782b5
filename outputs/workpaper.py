"""The Excel workpaper: what an auditor files, opened in Excel or LibreOffice.

Sheets: 汇总 (departments ranked by open problems, counts and latest 支出合计), 问题 (every
flag: Chinese headers with their ids, department name, region, page or line, money at stake,
review state), then one sheet per department: its headline lines per year (支出合计, 基本支出,
项目支出, 三公经费) with a native column chart, and below them its whole multi-year table.

Amounts are numbers shown with two decimals (so that a spreadsheet sums them), years plain
integers, headers frozen, widths fitted to the content. Text is written as text (never as a
formula), whatever it begins with.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import xlsxwriter
from rich.cells import cell_len

from budgetwatch.outputs.report_data import (
    DOC_KIND_LABELS,
    KIND_LABELS,
    LINE_ORDER,
    SEVERITY_LABELS,
    STATE_LABELS,
    ReportData,
    label,
    load,
)

MONEY = "#,##0.00"
SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60  # characters: a long explanation wraps within its column

SUMMARY_COLUMNS = [  # (header, id, kind): kind money / int / text
    ("排名", "position", "int"),
    ("部门", "department_name", "text"),
    ("地区", "region", "text"),
    ("代码", "department_code", "text"),
    ("类别", "kind", "text"),
    ("年度", "years", "text"),
    ("未处理严重", "open_critical", "int"),
    ("未处理警告", "open_warning", "int"),
    ("未处理提示", "open_info", "int"),
    ("本次新增", "new", "int"),
    ("问题总数", "flags", "int"),
    ("最近年度支出合计(万元)", "latest_total_wan", "money"),
    ("工作表", "sheet", "text"),
]
FLAG_COLUMNS = [
    ("排名", "rank", "int"),
    ("问题编号", "flag_id", "text"),
    ("严重程度", "severity", "text"),
    ("类型", "kind", "text"),
    ("年度", "fiscal_year", "int"),
    ("部门", "department_name", "text"),
    ("地区", "region", "text"),
    ("代码", "department_code", "text"),
    ("对象", "subject", "text"),
    ("表", "table_id", "text"),
    ("科目编码", "code", "text"),
    ("项目编码", "project_code", "text"),
    ("预期", "expected", "text"),
    ("实际", "actual", "text"),
    ("预期金额(万元)", "expected_wan", "money"),
    ("实际金额(万元)", "actual_wan", "money"),
    ("涉及金额(万元)", "stake_wan", "money"),
    ("说明", "explanation", "text"),
    ("来源文件", "source_file", "text"),
    ("页", "source_page", "int"),
    ("行", "source_line", "int"),
    ("审核状态", "review_state", "text"),
    ("本次新增", "new", "text"),
]


class _Sheet:
    """A worksheet that remembers each column's widest cell, to fit the widths at the end."""

    def __init__(self, book, name: str, formats: dict):
        self.ws, self.fmt, self.widths = book.add_worksheet(name), formats, {}

    def put(self, row: int, col: int, value, kind: str = "text") -> None:
        if value is None:
            return
        if kind == "money":
            self.ws.write_number(row, col, float(value), self.fmt["money"])
            shown = f"{float(value):,.2f}"
        elif kind == "int":
            self.ws.write_number(row, col, int(value), self.fmt["int"])
            shown = str(int(value))
        else:
            shown = str(value)
            self.ws.write_string(
                row, col, shown, self.fmt["wrap"] if cell_len(shown) > MAX_WIDTH else None
            )
        self.widths[col] = max(self.widths.get(col, 0), min(cell_len(shown), MAX_WIDTH))

    def header(self, row: int, columns: list[tuple[str, str]]) -> None:
        for col, (zh, ident) in enumerate(columns):
            text = f"{zh} ({ident})" if ident else zh
            self.ws.write_string(row, col, text, self.fmt["head"])
            self.widths[col] = max(self.widths.get(col, 0), min(cell_len(text), MAX_WIDTH))

    def fit(self) -> None:
        for col, width in self.widths.items():
            self.ws.set_column(col, col, width + 2)


def sheet_names(departments: pl.DataFrame) -> list[str]:
    """A unique sheet name per department (code and name, at most 31 characters, none of
    the characters Excel refuses)."""
    names, seen = [], set()
    for r in departments.iter_rows(named=True):
        base = SHEET_BAD.sub("_", f"{r['position']} {r['department_name'] or r['department_key']}")
        name = base[:31].strip("'") or str(r["position"])
        while name.lower() in seen:  # positions are unique: only a cut can collide
            name = name[:-1]
        seen.add(name.lower())
        names.append(name)
    return names


def _write_summary(sheet: _Sheet, data: ReportData, names: list[str]) -> None:
    run = data.run
    sheet.put(0, 0, "部门预算问题工作底稿 budgetwatch workpaper")
    sheet.put(
        1,
        0,
        f"运行 run {run.get('run_id', '')} {run.get('status', '')} "
        f"{run.get('finished_at', '')}".strip(),
    )
    sheet.header(3, [(zh, ident) for zh, ident, _ in SUMMARY_COLUMNS])
    rows = data.departments.with_columns(
        years=pl.col("years").cast(pl.List(pl.String)).list.join(", "),
        sheet=pl.Series(names, dtype=pl.String),
    )
    for i, r in enumerate(rows.iter_rows(named=True), start=4):
        for col, (_, ident, kind) in enumerate(SUMMARY_COLUMNS):
            sheet.put(i, col, r[ident], kind)
    sheet.ws.freeze_panes(4, 0)
    sheet.fit()


def _write_flags(sheet: _Sheet, flags: pl.DataFrame) -> None:
    sheet.header(0, [(zh, ident) for zh, ident, _ in FLAG_COLUMNS])
    shown = flags.with_columns(
        severity=pl.col("severity").map_elements(
            lambda v: label(v, SEVERITY_LABELS), return_dtype=pl.String
        ),
        kind=pl.col("kind").map_elements(lambda v: label(v, KIND_LABELS), return_dtype=pl.String),
        review_state=pl.col("review_state").map_elements(
            lambda v: label(v, STATE_LABELS), return_dtype=pl.String
        ),
        new=pl.when(pl.col("new")).then(pl.lit("新 (new)")),
    )
    for i, r in enumerate(shown.iter_rows(named=True), start=1):
        for col, (_, ident, kind) in enumerate(FLAG_COLUMNS):
            sheet.put(i, col, r[ident], kind)
    sheet.ws.freeze_panes(1, 0)
    if flags.height:
        sheet.ws.autofilter(0, 0, flags.height, len(FLAG_COLUMNS) - 1)
    sheet.fit()


def _write_department(book, sheet: _Sheet, data: ReportData, r: dict) -> None:
    key = r["department_key"]
    head = data.headline.filter(pl.col("department_key") == key)
    sheet.put(
        0, 0, f"{r['department_name'] or key}  {r['region'] or ''} {r['department_code'] or ''}"
    )
    row = 2
    for doc_kind in head["doc_kind"].unique().sort().to_list():
        rows = head.filter(pl.col("doc_kind") == doc_kind)
        years = rows["fiscal_year"].unique().sort().to_list()
        sheet.header(row, [(f"项目 {label(doc_kind, DOC_KIND_LABELS)}", ""), ("编号", "line")])
        for j, year in enumerate(years):
            sheet.put(row, 2 + j, year, "int")
        first = row + 1
        lines = sorted(rows["line"].unique().to_list(), key=LINE_ORDER.index)
        for i, line in enumerate(lines, start=first):
            sel = rows.filter(pl.col("line") == line)
            sheet.put(i, 0, sel["label"][0])
            sheet.put(i, 1, line)
            by_year = dict(sel.select("fiscal_year", "amount_wan").iter_rows())
            for j, year in enumerate(years):
                sheet.put(i, 2 + j, by_year.get(year), "money")
        name = sheet.ws.get_name()
        chart = book.add_chart({"type": "column"})
        for i in (first + lines.index(ln) for ln in ("total", "basic", "project") if ln in lines):
            chart.add_series(
                {
                    "name": [name, i, 0],
                    "categories": [name, row, 2, row, 1 + len(years)],
                    "values": [name, i, 2, i, 1 + len(years)],
                }
            )
        chart.set_title({"name": "支出合计、基本支出与项目支出（万元）"})
        chart.set_y_axis({"num_format": MONEY})
        sheet.ws.insert_chart(row, 3 + len(years), chart)
        row = max(first + len(lines), row + 16) + 1
    _write_history(sheet, data.history.filter(pl.col("department_key") == key), row)
    sheet.ws.freeze_panes(3, 2)
    sheet.fit()


HISTORY_COLUMNS = [("表", "table_id"), ("栏", "column_id"), ("编码", "code"), ("名称", "name")]


def _write_history(sheet: _Sheet, lines: pl.DataFrame, row: int) -> None:
    """The department's whole multi-year table: one row per line, one column per year."""
    if lines.is_empty():
        return
    key = ["doc_kind", "table_id", "side", "code", "name_key", "column_id"]
    names = lines.sort("fiscal_year").group_by(key).agg(pl.col("name").drop_nulls().last())
    wide = (
        lines.with_columns(pl.col("fiscal_year").cast(pl.String))
        .pivot(
            on="fiscal_year",
            index=key,
            values="amount_wan",
            sort_columns=True,
            aggregate_function="first",
        )
        .join(names, on=key, how="left", nulls_equal=True)
    )
    years = [c for c in wide.columns if c[:1].isdigit()]
    sheet.put(row, 0, "多年度明细 multi-year table (万元)")
    sheet.header(row + 1, HISTORY_COLUMNS)
    for j, year in enumerate(years):
        sheet.put(row + 1, len(HISTORY_COLUMNS) + j, int(year), "int")
    for i, r in enumerate(
        wide.sort("doc_kind", "table_id", "code", "name_key", "column_id").iter_rows(named=True),
        start=row + 2,
    ):
        for col, (_, ident) in enumerate(HISTORY_COLUMNS):
            sheet.put(i, col, r[ident])
        for j, year in enumerate(years):
            sheet.put(i, len(HISTORY_COLUMNS) + j, r[year], "money")


def write_workpaper(store_dir: Path, out: Path) -> int:
    """Write the workpaper of the store at ``store_dir`` to ``out`` (.xlsx); returns the
    number of flags written."""
    data = load(Path(store_dir))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_urls": False})
    formats = {
        "money": book.add_format({"num_format": MONEY}),
        "int": book.add_format({"num_format": "0"}),
        "head": book.add_format({"bold": True, "bg_color": "#EDF2F7", "text_wrap": True}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    names = sheet_names(data.departments)
    _write_summary(_Sheet(book, "汇总 summary", formats), data, names)
    _write_flags(_Sheet(book, "问题 flags", formats), data.flags)
    for r, name in zip(data.departments.iter_rows(named=True), names):
        _write_department(book, _Sheet(book, name, formats), data, r)
    book.close()
    return data.flags.height
