"""Every disclosure template in ../shared/real reads to the figures a person read on its pages.

The expected values live in tests/real_figures.py (page and arithmetic check beside each); this
module only reads each PDF once with the reader and compares. A failure names the document and
the figure: `test_hand_read_figure[104-expenditure_summary--合计-basic]`. Besides the figures:
each document's fields as its pages print them (not as its file name says), narrative-only files
(情况说明 without tables) recognised as disclosures, and no amount read from a 栏次/行次 row.
Joining companion files (Beijing 附件1 + 附件2) is not asserted here.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import polars as pl
import pytest

from tests.helpers import REAL, read_real, real_path
from tests.real_figures import DOCS, ECONOMIC_ROWS, FIGURES, NARRATIVE_ONLY, Doc

pytestmark = [
    pytest.mark.real,
    pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent"),
    pytest.mark.usefixtures("real_parsed"),
]


def _frames(prefix: str):
    return read_real(real_path(prefix).name).frames  # parsed once per session


def _squash(text: str | None) -> str:
    # full-width and half-width forms of one character are the same printed text: （本级）, (本级)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _wan(printed: str, unit: str) -> Decimal:
    amount = Decimal(printed.replace(",", ""))
    return amount / 10000 if unit == "元" else amount


def three_public_part(name: str) -> str | None:
    """The 三公 item a printed row or column name stands for (see real_figures' docstring)."""
    n = _squash(name)
    if "机关运行" in n:
        return None  # 机关运行经费 shares the 三公 table in some templates; not a 三公 item
    for key, part in (
        ("会议", "@meeting"),
        ("培训", "@training"),
        ("出国", "@abroad"),
        ("接待", "@reception"),
    ):
        if key in n:
            return part
    buy, run = "购置" in n, any(k in n for k in ("运行", "运维", "维护"))
    if buy != run:
        return "@purchase" if buy else "@operation"
    if buy or "公务用车" in n:
        return "@vehicle"
    if "三公" in n:
        return "@total"
    return "@sum" if n in ("合计", "总计", "小计") else None


def _three_public_amounts(rows: pl.DataFrame, part: str) -> list[Decimal]:
    parts = [three_public_part(name) for name in rows["name"]]
    # a table of the 三公 items alone prints their total as a bare 合计; one that adds 会议费 /
    # 培训费 (Jiangsu, Suzhou, Xi'an) prints the 三公 total as a row of its own
    if part == "@total" and "@total" not in parts and not {"@meeting", "@training"} & set(parts):
        part = "@sum"
    return [a for p, a in zip(parts, rows["amount_wan"]) if p == part]


def _amounts(prefix: str, table: str, side: str, key: str, column: str) -> list[Decimal]:
    li = _frames(prefix).line_items
    rows = li.filter(
        (pl.col("table_id") == table)
        & (pl.col("side").fill_null("") == side)
        & (pl.col("column_id") == column)
    )
    if key.startswith("@"):
        return _three_public_amounts(rows, key)
    coded = pl.col("code").fill_null("")
    named = (coded == "") & (
        pl.col("name").map_elements(_squash, return_dtype=pl.String) == _squash(key)
    )
    return rows.filter((coded == key) | named)["amount_wan"].to_list()


def _unit(doc: Doc, table: str) -> str:
    return doc.table_units.get(table, doc.unit)


def _check_document(prefix: str, doc: Doc, with_unit: bool) -> None:
    row = _frames(prefix).documents.row(0, named=True)
    assert row["status_reason"] is None, row["status_reason"]  # not rejected
    expected = {"fiscal_year": doc.year, "doc_kind": doc.kind}
    if with_unit:
        expected["unit"] = doc.unit
    got = {k: row[k] for k in expected}
    if doc.name is not None:  # None: no page prints it
        expected["department_name"] = _squash(doc.name)
        got["department_name"] = _squash(row["department_name"])
    assert got == expected


@pytest.mark.parametrize("prefix", sorted(DOCS))
def test_document_fields(prefix):
    _check_document(prefix, DOCS[prefix], with_unit=True)


@pytest.mark.parametrize("prefix", sorted(NARRATIVE_ONLY))
def test_narrative_only_file_is_a_disclosure(prefix):
    _check_document(prefix, NARRATIVE_ONLY[prefix], with_unit=False)


@pytest.mark.parametrize(
    "prefix,table,side,key,column,printed",
    [pytest.param(*f, id="-".join(f[:5])) for f in FIGURES],
)
def test_hand_read_figure(prefix, table, side, key, column, printed):
    got = _amounts(prefix, table, side, key, column)
    if printed is None:  # a blank cell: no line item, or 0
        assert all(a == 0 for a in got), got
        return
    assert got == [_wan(printed, _unit(DOCS[prefix], table))], (prefix, table, key, column)


@pytest.mark.parametrize("prefix", sorted(DOCS))
def test_column_number_rows_are_not_data(prefix):
    # 栏次 / 行次 rows and the `** 1 2 3` row number a table's columns (151, 163, 169; 149, 150): any
    # amount read from them is a number the page does not state
    names = {_squash(n) for n in _frames(prefix).line_items["name"].drop_nulls()}
    assert sorted(names & {"栏次", "行次", "**"}) == []


def test_three_public_names_are_read_by_meaning():
    # the names the templates print, as rows or as column headers
    assert [
        three_public_part(n)
        for n in (
            "“三公”经费小计",
            "一、因公出国（境）费",
            "因公出国(境)费",
            "二、公务用车购置及运行维护费",
            "公务用车购置及运行费",
            "公务用车购置费",
            "购置费",
            "公务用车运行维护费",
            "运行费",
            "三、公务接待费",
            "合计",
            "机关运行经费预算数",
            "会议费",
            "培训费",
        )
    ] == [
        "@total",
        "@abroad",
        "@abroad",
        "@vehicle",
        "@vehicle",
        "@purchase",
        "@purchase",
        "@operation",
        "@operation",
        "@reception",
        "@sum",
        None,
        "@meeting",
        "@training",
    ]


# ---- Xi'an, Fuzhou, 国家信访局 (west review): reader fixes, figures read from the pages --------
GBB_ID, TP_ID = "general_budget_basic_expenditure", "three_public_expenses"


def _li(prefix: str, table: str, code: str, column: str) -> list[Decimal]:
    li = _frames(prefix).line_items
    return li.filter(
        (pl.col("table_id") == table) & (pl.col("code") == code) & (pl.col("column_id") == column)
    )["amount_wan"].to_list()


def test_xian_row_number_and_code_in_one_cell():
    # 165 p.30 表8 (元): rows 53 and 54 are both 30228 工会经费 (部门 code) beside 政府 codes 50201 and
    # 50502; row 54 is drawn without the rule after its 序号 (`54 30228` in one cell). 公用经费
    # 171,097.86 and 147,438.64; both inside 302's 公用经费 3,453,876.50 (row 23)
    assert _li("165", GBB_ID, "30228", "public_funds") == [
        _wan("171,097.86", "元"),
        _wan("147,438.64", "元"),
    ]
    findings = _frames("165").findings
    assert findings.filter(pl.col("code").fill_null("").str.contains("5430228")).is_empty()


def test_xian_three_public_table_has_no_row_number_item():
    # 164/165/167 三公、会议费、培训费表 (165 p.44): 序号 | 单位编码 | 单位名称 | 2021年 … | 2022年 …; the
    # 序号 column of the 合计 row prints 1, which is no 三公 item
    for prefix in ("164", "165", "167"):
        names = _frames(prefix).line_items.filter(pl.col("table_id") == TP_ID)["name"].to_list()
        assert "序号" not in names, prefix


def _stated(prefix: str, label: str) -> list[Decimal]:
    nf = _frames(prefix).narrative_figures
    return nf.filter(pl.col("label") == label)["amount_wan"].to_list()


def test_final_accounts_narrative_states_what_was_spent():
    # 163 p.21: "“三公”经费支出预算593.46万元，支出决算587.55万元 … 决算数较预算数减少5.91万元"
    # (593.46 − 5.91 = 587.55) and "公务用车运行维护费预算455.12万元，支出决算450.96万元"; the 三公
    # table's 决算数 row prints 587.55 and 450.96
    assert _stated("163", "three_public_total") == [Decimal("587.55")]
    assert _stated("163", "three_public_vehicle_operation") == [Decimal("450.96")]
    assert _stated("163", "three_public_total_change") == []
    # the attached 2021 project report's "资金支出总额为 59168.23 万元" is no department figure
    assert Decimal("59168.23") not in _frames("163").narrative_figures["amount_wan"].to_list()


def test_narrative_totals_that_are_not_the_departments():
    # 151 p.20: "财政拨款收支总决算 20727.53 万元" is the 财政拨款 table's 总计, not 支出总表 合计
    assert Decimal("20727.53") not in _stated("151", "yoy_total")
    # 165 p.8: "用事业基金弥补收支差额 0.00 万元" is a gap, no 收支 total
    assert _stated("165", "yoy_total") == []
    # 158 p.26: 一般公共预算拨款支出 +166.68 = 基本 +49.12 + 项目 +117.56 are that fund's changes;
    # the department's 支出预算 changed +129.07 (p.25)
    assert _stated("158", "yoy_total_change") == [Decimal("129.07")] * 2  # 收入 and 支出 sentences
    assert _stated("158", "yoy_basic_change") == _stated("158", "yoy_project_change") == []


# ---- quar: Beijing economic sub-items and wrapped cells; 144 ---------------------------------
@pytest.mark.parametrize(
    "prefix,code,column,printed,subitems",
    ECONOMIC_ROWS,
    ids=[f"{r[0]}-{r[1]}" for r in ECONOMIC_ROWS],
)
def test_beijing_basic_table_rows_keep_their_kuan(prefix, code, column, printed, subitems):
    frames = _frames(prefix)
    gbb = frames.line_items.filter(pl.col("table_id") == "general_budget_basic_expenditure")
    rows = gbb.filter((pl.col("code") == code) & (pl.col("column_id") == column))
    assert rows.sort("source_line")["amount_wan"].to_list() == [Decimal(p) for p in printed]
    found = frames.findings.filter(
        (pl.col("kind") == "economic_subitem") & pl.col("code").str.starts_with(code)
    )
    assert found["code"].to_list() == subitems  # the printed 7-digit code is kept
    # the page's own sum: every coded row's amount adds up to the 合计 row (110 p.10 公用经费
    # 188.323766; 124 p.10 人员经费 31,127.129804), so no row lost its code
    total = gbb.filter((pl.col("name") == "合计") & (pl.col("column_id") == column))
    assert (
        gbb.filter((pl.col("code") != "") & (pl.col("column_id") == column))["amount_wan"].sum()
        == total["amount_wan"].item()
    )
    assert gbb.filter(pl.col("code").str.len_chars() == 7).is_empty()


def test_a_performance_form_alone_is_not_loaded_and_says_why():
    # 144: one page, 广州市生态环境局2026年部门整体预算绩效目标申报表 - no budget table
    frames = _frames("144")
    errors = frames.findings.filter(pl.col("severity") == "error")
    assert errors["kind"].to_list() == ["nothing_read"]
    assert frames.line_items.is_empty() and frames.narrative_figures.is_empty()
