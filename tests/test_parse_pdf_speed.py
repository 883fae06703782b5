"""The PDF layout's batched pdfium calls (round 9) give what pdfium's one-by-one API gives: every
character's box and every path's bounds, worked out here with pypdfium2's own wrappers (the
frames themselves are compared by `benchmarks/bench_parse.py --compare`); the reader's memos
(round 10) keep the values of the rules they memoise."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from budgetwatch.transforms import pdf_layout, pdf_reader, tables
from tests.helpers import REAL
from tests.pdf_builders import make_pdf

_PAGE = {
    "cells": [(40, 100, 100, 120), (100, 100, 200, 120), (40, 120, 100, 140), (100, 120, 200, 140)],
    "texts": [(45, 105, 9, "合计"), (105, 105, 9, "12.50"), (45, 125, 9, "一、支出 其中")],
}


def _expected_chars(page, view) -> list[tuple]:
    """The characters as the per-character loop of rounds 3-8 kept them (before the fake-bold
    filter): pdfium's marks and generated spaces out, an unmarked line-end hyphen as "-", each
    loose box turned top-down, only those centred on the page."""
    textpage = page.get_textpage()
    width, height = view.size
    out = []
    try:
        for i in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            generated = pdfium_c.FPDFText_IsGenerated(textpage, i) == 1
            if char == "\ufffe" and not generated:
                char = "-"
            if char in "\x00\ufffe\uffff" or (char.isspace() and generated):
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            x0, y0, x1, y1 = view.box(left, bottom, right, top)
            cy = (y0 + y1) / 2
            if 0 <= (x0 + x1) / 2 <= width and 0 <= cy <= height:
                out.append((char, x0, x1, y0, y1, cy))
    finally:
        textpage.close()
    return out


def _expected_paths(page) -> list[tuple]:
    """Every path's bounds and stroke in the page's order (a form's own in its place)."""
    out = []
    for obj in page.get_objects():
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        fill, stroke = pdfium_c.c_int(), pdfium_c.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        out.append((*obj.get_bounds(), bool(stroke.value)))
    return out


def _same_paths(got: list[tuple], expected: list[tuple]) -> bool:
    """The same bounds; the same stroke for every path at least `_THIN` wide and high (the only
    ones `_rules` asks), and no stroke claimed for a thinner path pdfium does not stroke."""
    thin = pdf_layout._THIN
    return len(got) == len(expected) and all(
        a[:4] == b[:4]
        and (a[4] == b[4] if b[2] - b[0] >= thin and b[3] - b[1] >= thin else a[4] <= b[4])
        for a, b in zip(got, expected)
    )


def _check(data: bytes, pages: int) -> tuple[int, int]:
    """The characters kept and those before the fake-bold filter, over the first pages."""
    checked = before = 0
    pdf = pdfium.PdfDocument(data)
    try:
        for k in range(min(pages, len(pdf))):
            page = pdf[k]
            try:
                view = pdf_layout._View(*page.get_cropbox(), page.get_rotation())
                chars, _ = pdf_layout._chars(page, view)
                expected = _expected_chars(page, view)
                # the fake-bold filter only drops: what is left is in the same order
                kept = iter(expected)
                assert all(tuple(ch) in kept for ch in chars), k
                assert _same_paths(pdf_layout._path_bounds(page), _expected_paths(page)), k
                checked, before = checked + len(chars), before + len(expected)
            finally:
                page.close()
    finally:
        pdf.close()
    return checked, before


def test_marks_are_the_characters_the_loop_looks_at_one_by_one():
    every = "".join(map(chr, range(0x110000)))
    marked = {m.group() for m in pdf_layout._MARKS.finditer(every)}
    assert marked == {c for c in every if c.isspace() or c in "\x00\ufffe\uffff"}


def test_batched_boxes_and_bounds_equal_pdfiums_one_by_one_on_a_generated_page():
    data = make_pdf([_PAGE])
    chars, _ = _chars_of(data)
    assert "".join(ch.text for ch in chars) == "合计12.50一、支出 其中"
    assert _check(data, 1) == (len(chars), len(chars))  # no fake bold: every character


def _chars_of(data: bytes):
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        view = pdf_layout._View(*page.get_cropbox(), page.get_rotation())
        try:
            return pdf_layout._chars(page, view)
        finally:
            page.close()
    finally:
        pdf.close()


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")
# ruled (first pages); fake bold (every page: 3,097 copies); pages turned 90°
@pytest.mark.parametrize(("prefix", "pages"), [("007_", 6), ("164_", 999), ("022_", 6)])
def test_batched_boxes_and_bounds_equal_pdfiums_one_by_one_on_real_pages(prefix, pages):
    path = next(REAL.glob(f"{prefix}*.pdf"))
    kept, before = _check(path.read_bytes(), pages)
    assert kept > 500
    assert (kept < before) == (prefix == "164_")  # fake bold dropped only where printed


def test_column_rules_are_memoised_with_the_rules_values():
    """`column_role` / `column_id` are asked for every row of every table, of the same few labels
    (round 10: memoised). The values are those of the rules in `tables`, read by hand."""
    tables.column_role.cache_clear()
    tables.column_id.cache_clear()
    roles = {
        "序号": "row_no",  # 序号 → row_no
        "支出功能分类科目编码": "code",  # 编码 → code
        "项目名称": "name",  # 名称 → name
        "支出功能分类科目": "code_name",  # ends in 科目
        "其中:编码": "amount",  # 其中 before 编码: a part of the amount above
        "合计": "amount",
    }
    for _ in range(2):
        assert {label: tables.column_role(label) for label in roles} == roles
    assert tables.column_role.cache_info().hits == len(roles)
    # expenditure_summary: 基本支出 → basic, 项目支出 → project; 使用非财政拨款结余 is no
    # 财政拨款 (income_summary), a label no rule names → None
    assert tables.column_id("expenditure_summary", "基本支出") == "basic"
    assert tables.column_id("expenditure_summary", "项目支出") == "project"
    assert tables.column_id("income_summary", "使用非财政拨款结余") is None
    assert tables.column_id("expenditure_summary", "基本支出") == "basic"
    assert tables.column_id.cache_info().hits == 1


def test_a_lines_key_is_squashed_once(monkeypatch):
    """The reader asks a line's key (its pieces joined, squashed) several times per line (title,
    meta, unit, the lines after a title): made once (round 10)."""
    calls = []

    def counting(text: str) -> str:
        calls.append(text)
        return tables.squash(text)

    monkeypatch.setattr(pdf_reader, "squash", counting)
    pieces = [
        pdf_layout.Piece(["一、 一般公共"], 40, 90, 100, 110, False),
        pdf_layout.Piece(["服务支出"], 90, 130, 100, 110, False),
        pdf_layout.Piece(["1, 234.50"], 200, 240, 100, 110, False),
    ]
    line = pdf_reader._Line(1, pdf_layout.Row(1, 100, pieces, False))
    # joined: 一、 一般公共服务支出1, 234.50; squashed (NFKC, no whitespace): 一、一般公共服务支出1,234.50
    assert [line.key, line.key, line.key] == ["一、一般公共服务支出1,234.50"] * 3
    assert calls == ["一、 一般公共服务支出1, 234.50"]


def test_squash_drops_exactly_the_quotes_for_every_code_point():
    """`tables.squash` drops its quotes by one pattern (round 10) instead of `str.translate`:
    the same nine characters, and nothing else, of every code point of the BMP (the quotes'
    set written out here by hand)."""
    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    quotes = "\"'“”‘’「」"
    assert tables._QUOTES.sub("", every) == "".join(c for c in every if c not in quotes)
    # squash itself: NFKC first (＂ U+FF02 becomes " and is dropped), no whitespace
    assert tables.squash("「一般 公共」“预算”＂拨款＇") == "一般公共预算拨款"
