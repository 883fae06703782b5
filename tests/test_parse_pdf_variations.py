"""Layouts no real folder shows, on PDFs written by the test: one 一般公共预算支出表 printed with
its amount columns in every order, its rows cut over two pages with the header printed again
or not, a name wrapped over two lines of its cell, and the same table in 元. Each must be read
whole, every amount the printed one, its 合计 reproduced by its rows (no finding)."""

from __future__ import annotations

from decimal import Decimal
from itertools import permutations

import polars as pl
import pytest

from budgetwatch.transforms.reader import read_disclosure
from tests.pdf_builders import make_pdf

D = Decimal
COLUMNS = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
# (code, name, total, basic, project) in 万元, worked by hand: 行政运行 200.00 + 一般行政管理事务
# 100.00 = 人大事务 300.00 = 201; 208 = 20805 = 2080505 50.00; 合计 300.00 + 50.00 = 350.00,
# 基本 200.00 + 50.00 = 250.00, 项目 100.00 ✓
ROWS = [
    ("", "合计", "350.00", "250.00", "100.00"),
    ("201", "一般公共服务支出", "300.00", "200.00", "100.00"),
    ("20101", "人大事务", "300.00", "200.00", "100.00"),
    ("2010101", "行政运行", "200.00", "200.00", ""),
    ("2010102", "一般行政管理事务", "100.00", "", "100.00"),
    ("208", "社会保障和就业支出", "50.00", "50.00", ""),
    ("20805", "行政事业单位养老支出", "50.00", "50.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "50.00", "50.00", ""),
]
WRAPPED = ("机关事业单位基本养老保", "险缴费支出")  # the last name over two lines of its cell
X = [40, 110, 300, 395, 490, 580]  # 科目编码 | 科目名称 | three amount columns
BAD = {"total_not_reproduced", "unread_line", "unknown_header", "bad_amount", "unmapped_row"}


def _row(top: float, cells: list[str], height: float = 20, wrap: bool = False):
    rects, texts = [], []
    for k, text in enumerate(cells):
        rects.append((X[k], top, X[k + 1], top + height))
        lines = list(WRAPPED) if wrap and k == 1 else [text] if text else []
        for n, line in enumerate(lines):
            texts.append((X[k] + 2, top + 4 + 12 * n, 9, line))
    return rects, texts


def _pages(
    order: tuple[str, ...],
    split: str,
    wrap: bool,
    unit: str = "万元",
    total_last: bool = False,
    title: str = "2026年一般公共预算支出表",
) -> list[dict]:
    """The table; ``split``: "" (one page), "repeat" (the header printed again on page 2) or
    "once" (page 2 goes on under no header); ``total_last``: the 合计 row printed at the end."""
    scale = D(10000) if unit == "元" else D(1)
    pages, top = [], 0.0

    def start(with_header: bool, first: bool) -> None:
        nonlocal top
        pages.append({"cells": [], "texts": []})
        top = 60.0
        if first:
            pages[-1]["texts"] += [
                (150, 40, 14, title),
                (40, 70, 9, "部门：测试市财政局"),
                (480, 70, 9, f"单位：{unit}"),
            ]
            top = 90.0
        if with_header:
            add(["科目编码", "科目名称", *(COLUMNS[c] for c in order)])

    def add(cells: list[str], wrapped: bool = False) -> None:
        nonlocal top
        height = 30 if wrapped else 20
        rects, texts = _row(top, cells, height, wrapped)
        pages[-1]["cells"] += rects
        pages[-1]["texts"] += texts
        top += height

    start(True, True)
    for code, name, *amounts in ROWS[1:] + ROWS[:1] if total_last else ROWS:
        if split and code == "208":  # 208 opens page 2
            start(split == "repeat", False)
        by = dict(zip(("total", "basic", "project"), amounts))
        printed = [f"{D(by[c]) * scale:,.2f}" if by[c] else "" for c in order]
        add([code, name, *printed], wrap and code == "2080505")
    return pages


def _read(pages: list[dict]):
    res = read_disclosure(make_pdf(pages), "pdf/variations.pdf")
    assert res.error is None, res.error
    return res.frames


def _check(frames, table_id: str = "general_budget_expenditure") -> None:
    li = frames.line_items.filter(pl.col("table_id") == table_id)
    got = {
        (r["code"] or r["name"], r["column_id"]): r["amount_wan"] for r in li.iter_rows(named=True)
    }
    want = {
        (code or name, column): D(amount)
        for code, name, *amounts in ROWS
        for column, amount in zip(("total", "basic", "project"), amounts)
        if amount
    }
    assert got == want
    assert li.height == len(want)  # no row read twice
    names = dict(li.filter(pl.col("code") == "2080505").select("code", "name").unique().rows())
    assert names == {"2080505": ROWS[-1][1]}
    assert BAD.isdisjoint(frames.findings["kind"].to_list())


@pytest.mark.parametrize("order", list(permutations(COLUMNS)), ids="-".join)
def test_amount_columns_in_any_order(order):
    _check(_read(_pages(order, "", False)))


@pytest.mark.parametrize("split", ["repeat", "once"])
@pytest.mark.parametrize("wrap", [False, True], ids=["one-line", "wrapped"])
@pytest.mark.parametrize("total_last", [False, True], ids=["total-first", "total-last"])
def test_rows_over_two_pages_and_a_wrapped_name(split, wrap, total_last):
    frames = _read(_pages(("total", "basic", "project"), split, wrap, total_last=total_last))
    _check(frames)
    pages = frames.line_items.filter(pl.col("code") == "2080505")["source_page"].unique()
    assert pages.to_list() == [2]


def test_the_same_table_in_yuan_beside_one_in_wan():
    """元 and 万元 in one document: each table read in the unit it prints."""
    yuan = _pages(("project", "total", "basic"), "repeat", True, unit="元")
    wan = _pages(("basic", "project", "total"), "", False, title="2026年支出总表")
    frames = _read(wan + yuan)
    _check(frames)
    _check(frames, "expenditure_summary")


SPLIT_X = [40, 70, 100, 130, 300, 395, 490, 580]  # 类 | 款 | 项 | 科目名称 | three amounts


def _parts(code: str, only_own: bool) -> list[str]:
    """The code over 类 | 款 | 项: 2010101 as 201 | 01 | 01, or its own part alone (01 in 项)."""
    parts = [code[:3], code[3:5], code[5:7]]
    if only_own and code:
        level = len([p for p in parts if p]) - 1
        parts = [p if k == level else "" for k, p in enumerate(parts)]
    return parts


@pytest.mark.parametrize("only_own", [False, True], ids=["all-parts", "own-part"])
@pytest.mark.parametrize("split", ["", "once"])
def test_lei_kuan_xiang_columns(only_own, split):
    """类 / 款 / 项 in three columns, the 项 row printing all its parts or only its own (the
    parents' cells empty), on one page or with page 2 under no header."""
    page: dict = {"cells": [], "texts": []}
    pages = [page]
    page["texts"] += [
        (150, 40, 14, "2026年一般公共预算支出表"),
        (40, 70, 9, "部门：测试市财政局"),
        (480, 70, 9, "单位：万元"),
    ]
    head = [["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"]]
    head += [["类", "款", "项", "", "", "", ""]]
    body = [[*_parts(c, only_own), n, t, b, p] for c, n, t, b, p in ROWS]
    top = 90.0
    for k, cells in enumerate(head + body):
        if split and k == 2 + 5:
            page = {"cells": [], "texts": []}
            pages.append(page)
            top = 60.0
        for j, text in enumerate(cells):
            page["cells"].append((SPLIT_X[j], top, SPLIT_X[j + 1], top + 20))
            if text:
                page["texts"].append((SPLIT_X[j] + 2, top + 5, 9, text))
        top += 20
    _check(_read(pages))
