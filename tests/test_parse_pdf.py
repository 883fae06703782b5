"""The PDF path without ../shared: PDFs written by the test itself (text with a ToUnicode map,
table rules drawn as rectangles), and the rejections of scanned, broken and encrypted PDFs."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from budgetwatch.sources.decode import decode_bytes, is_pdf
from budgetwatch.sources.discover import discover
from budgetwatch.sources.errors import (
    BinaryInputError,
    NotADisclosureError,
    NoTextLayerError,
    UnreadablePdfError,
)
from budgetwatch.transforms.pdf_reader import render
from budgetwatch.transforms.reader import read_disclosure
from tests.pdf_builders import budget_pdf, make_pdf


@pytest.fixture(scope="module")
def budget():
    data = budget_pdf()
    res = read_disclosure(data, "pdf/test.pdf")
    assert res.error is None, res.error
    return data, res.frames


def _amounts(frames, table_id: str) -> dict[tuple[str, str], Decimal]:
    li = frames.line_items.filter(pl.col("table_id") == table_id)
    return {
        (r["code"] or r["name"], r["column_id"]): r["amount_wan"] for r in li.iter_rows(named=True)
    }


def test_written_pdf_gives_the_document_row(budget):
    _, frames = budget
    doc = frames.documents.row(0, named=True)
    assert (
        doc["status_reason"],  # none: the pipeline loads it
        doc["department_name"],
        doc["region"],
        doc["level"],
        doc["fiscal_year"],
        doc["doc_kind"],
        doc["unit"],
        doc["pages"],
        doc["encoding"],
    ) == (None, "测试区财政局", "测试区", "county", 2025, "budget", "元", 2, "pdf")


def test_codes_over_three_columns_and_yuan_amounts(budget):
    _, frames = budget
    t3 = _amounts(frames, "expenditure_summary")
    assert t3[("2010601", "total")] == Decimal("123.456780")  # 1,234,567.80 元
    assert t3[("2010601", "project")] == Decimal("23.456780")
    assert t3[("2080505", "basic")] == Decimal("5")  # page 2, after the repeated header
    assert ("2080505", "project") not in t3  # blank cell: no item
    assert t3[("合计", "total")] == Decimal("128.456780")
    li = frames.line_items.filter(pl.col("table_id") == "expenditure_summary")
    levels = dict(zip(li["code"], li["level"]))
    assert (levels["201"], levels["20106"], levels["2010601"], levels[""]) == (1, 2, 3, None)
    # the identities hold: 合计 = Σ 类 and total = basic + project on every row
    assert t3[("合计", "total")] == t3[("201", "total")] + t3[("208", "total")]
    assert t3[("201", "total")] == t3[("201", "basic")] + t3[("201", "project")]


def test_three_public_row_becomes_rows_per_item(budget):
    _, frames = budget
    tp = _amounts(frames, "three_public_expenses")
    assert tp == {
        ("“三公”经费小计", "total"): Decimal("1.5"),
        ("三、公务接待费", "total"): Decimal("1.5"),
    }  # 万元; 机关运行经费 is no 三公 row
    assert "mixed_units" in frames.findings["kind"].to_list()
    status = dict(frames.table_status.select("table_id", "status").iter_rows())
    assert (
        status["expenditure_summary"],
        status["three_public_expenses"],
        status["general_budget_expenditure"],
    ) == ("present", "present", "missing")


def test_narrative_figure_and_traceability(budget):
    data, frames = budget
    fig = frames.narrative_figures.filter(pl.col("label") == "three_public_total").row(
        0, named=True
    )
    assert (fig["amount_wan"], fig["change_claim"], fig["source_page"]) == (
        Decimal("1.5"),
        "持平",
        2,
    )
    lines = render(data, "pdf/test.pdf").split("\n")
    for code, printed, page in (("2010601", "1,234,567.80", 1), ("2080505", "50,000.00", 2)):
        item = frames.line_items.filter((pl.col("code") == code) & (pl.col("column_id") == "total"))
        assert item["source_page"][0] == page
        assert printed in lines[item["source_line"][0] - 1].split("\t")
    footer = lines.index("1") + 1  # the page number: a line of the rendering, read as nothing
    assert footer not in frames.line_items["source_line"].to_list()
    assert footer not in frames.narrative_figures["source_line"].to_list()
    assert lines[fig["source_line"] - 1].startswith("2025年“三公”经费预算数为1.50万元")


@pytest.mark.parametrize(
    "name,data,error,reason",
    [
        (
            "scan.pdf",
            make_pdf([{"image": True}, {"image": True}]),
            NoTextLayerError,
            "PDF without a text layer (2 pages of images, a scan?); OCR is not supported",
        ),
        (
            "broken.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage",
            UnreadablePdfError,
            "broken PDF: Failed to load document (PDFium: Data format error)",
        ),
        (
            "cut.pdf",
            make_pdf([{"texts": [(100, 100, 12, "支出预算总表")]}])[:300],
            UnreadablePdfError,
            "broken PDF",
        ),
        (
            "locked.pdf",
            make_pdf(
                [{"texts": [(100, 100, 12, "abc")]}],
                encrypt=(
                    b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>"
                    % (b"00" * 32, b"11" * 32)
                ),
            ),
            UnreadablePdfError,
            "encrypted PDF, cannot be read without its password",
        ),
        (
            "minutes.pdf",
            make_pdf([{"texts": [(100, 100, 12, "会议纪要")]}]),
            NotADisclosureError,
            "not a budget disclosure",
        ),
    ],
)
def test_unreadable_pdfs_are_rejected_with_a_reason(name, data, error, reason):
    res = read_disclosure(data, f"in/{name}")
    assert isinstance(res.error, error)
    doc = res.frames.documents.row(0, named=True)
    assert doc["status_reason"].startswith(f"in/{name}:")
    assert reason in doc["status_reason"] and doc["encoding"] == "pdf"


def test_decode_points_pdf_bytes_to_the_pdf_reader():
    data = make_pdf([{"texts": [(100, 100, 12, "abc")]}])
    assert is_pdf(data) and is_pdf(b"\n %PDF-1.7") and not is_pdf(b"PDF")
    with pytest.raises(BinaryInputError, match="read it with the PDF reader"):
        decode_bytes(data, "x.pdf")


def test_discover_finds_pdfs_and_the_reader_rejects_a_fake_one(tmp_path):
    pdf = make_pdf([{"texts": [(100, 100, 12, "abc")]}])
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("text")
    (tmp_path / "b" / "real.pdf").write_bytes(pdf)
    (tmp_path / "C.PDF").write_bytes(pdf)
    (tmp_path / "b" / "error_page.pdf").write_text("<html>not found</html>")
    files = discover(tmp_path)
    assert [f.source_file for f in files] == ["C.PDF", "a.txt", "b/error_page.pdf", "b/real.pdf"]
    assert discover(tmp_path) == files  # the same order on every run
    # a .pdf that is not one is listed as rejected with the reason, not silently skipped
    fake = read_disclosure((tmp_path / "b" / "error_page.pdf").read_bytes(), "b/error_page.pdf")
    doc = fake.frames.documents.row(0, named=True)
    assert doc["status_reason"].startswith("b/error_page.pdf:")


def test_text_touching_across_a_rule_is_split_at_the_rule():
    # two ruled cells, "12.50" right-aligned against the rule at x 100 and "一、支出" starting at
    # it: no gap between the glyphs, so the extractor reads one word "12.50一、支出" (as 008 p.9
    # prints 91,016,775.35 against 一、一般公共服务支出); each cell must keep its own text
    from budgetwatch.transforms.pdf_layout import read_pages

    size = 9  # ASCII glyphs are half width: "12.50" is 5 × 4.5 = 22.5 wide, ending at 100
    page = {
        "cells": [(40, 100, 100, 120), (100, 100, 200, 120)],
        "texts": [(100 - 22.5, 105, size, "12.50"), (100.2, 105, size, "一、支出")],
    }
    rows = read_pages(make_pdf([page]), "touch.pdf")[0].rows
    cells = [p.lines for r in rows for p in r.pieces]
    assert cells == [["12.50"], ["一、支出"]]


def test_text_a_word_gap_before_a_column_edge_of_a_grid_without_rules_is_cut_there():
    # Beijing 248 p.26 (`pdftotext -layout`): a 绩效目标 grid with no rules; the goal's wrapped
    # line 必要投入，为平 ends 5 points before the 一级指标 column, where 成本指标 / 效益指标 /
    # 产出指标 start on the lines below: two cells. A word gap where no column starts stays.
    from budgetwatch.transforms.pdf_layout import read_pages

    size = 9  # CJK glyphs 9 wide: 7 characters from x 100 end at 163
    page = {
        "texts": [
            (100, 100, size, "必要投入，为平"),
            (168, 100, size, "成本指标"),
            (240, 100, size, "通信保障"),
            *[(168, top, size, label) for top, label in ((120, "效益指标"), (140, "产出指标"))],
            (168, 160, size, "满意度指标"),
            (100, 180, size, "台向全市中小"),
            (159, 180, size, "企业"),  # 5 points after 小, where no column starts
        ],
    }
    rows = read_pages(make_pdf([page]), "grid.pdf")[0].rows
    assert [[p.text for p in r.pieces] for r in rows] == [
        ["必要投入，为平", "成本指标", "通信保障"],
        ["效益指标"],
        ["产出指标"],
        ["满意度指标"],
        ["台向全市中小 企业"],
    ]


def test_key_figures_of_the_written_pdf(budget):
    from budgetwatch.transforms.normalise import LINE_ITEM_COLUMNS
    from budgetwatch.transforms.selfcheck import check_totals, key_figures

    _, frames = budget
    rows = frames.line_items.select(LINE_ITEM_COLUMNS).rows()
    figures = {
        (k.table_id, k.column_id): (k.row[8], k.exact)
        for k in key_figures(rows, check_totals(rows))
    }
    # 支出总表 合计 1,284,567.80 = 1,234,567.80 + 50,000.00 元 (basic 1,000,000 + 50,000;
    # project 234,567.80 + blank); 三公 小计 1.50 = 公务接待费 1.50 万元
    assert figures == {
        ("expenditure_summary", "total"): (Decimal("128.45678"), True),
        ("expenditure_summary", "basic"): (Decimal("105"), True),
        ("expenditure_summary", "project"): (Decimal("23.45678"), True),
        ("three_public_expenses", "total"): (Decimal("1.5"), True),
    }
    # the rows of 类 208 lost: the 合计 is still read, no longer reproduced in total and basic
    lost = [r for r in rows if not r[3].startswith("208")]
    exact = {(k.table_id, k.column_id): k.exact for k in key_figures(lost, check_totals(lost))}
    assert exact == {
        ("expenditure_summary", "total"): False,
        ("expenditure_summary", "basic"): False,
        ("expenditure_summary", "project"): True,
        ("three_public_expenses", "total"): True,
    }
