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

PAGE_HEIGHT = 842


def make_pdf(pages: list[dict], encrypt: bytes = b"") -> bytes:
    """A PDF of A4 pages. ``texts``: (x, top, size, text) with top measured from the page top,
    ``cells``: ruled rectangles (x0, top, x1, bottom), ``image``: a page that is one picture.
    Glyphs are CIDs with a ToUnicode map: no font file is needed to extract the text."""
    chars = sorted({ch for p in pages for *_, text in p.get("texts", ()) for ch in text})
    cid = {ch: k + 1 for k, ch in enumerate(chars)}
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)

    cmap = "".join(f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>\n" for c in chars)
    to_unicode = add(stream((
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap}endbfchar endcmap\n"
        "CMapName currentdict /CMap defineresource pop end end").encode()))
    descriptor = add(b"<< /Type /FontDescriptor /FontName /T /Flags 4 /FontBBox [0 -200 1000 900]"
                     b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    narrow = " ".join(f"{cid[c]} [500]" for c in chars if ord(c) < 128)  # ASCII half width
    cid_font = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /CIDSystemInfo << "
                   b"/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
                   b"%d 0 R /DW 1000 /W [%s] >>" % (descriptor, narrow.encode()))
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /Identity-H "
               b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode))
    image = add(stream(b"\x80", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 "
                                b"/ColorSpace /DeviceGray /BitsPerComponent 8 "))
    parent = len(objs) + 2 * len(pages) + 1
    kids = []
    for p in pages:
        ops = [f"{x0} {PAGE_HEIGHT - bottom} {x1 - x0} {bottom - top} re S"
               for x0, top, x1, bottom in p.get("cells", ())]
        ops += [f"BT /F1 {size} Tf 1 0 0 1 {x} {PAGE_HEIGHT - top - size * 0.88} Tm "
                f"<{''.join(f'{cid[c]:04X}' for c in text)}> Tj ET"
                for x, top, size, text in p.get("texts", ())]
        if p.get("image"):
            ops.append("q 500 0 0 700 40 60 cm /Im1 Do Q")
        content = add(stream("\n".join(ops).encode()))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                        b" /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                        % (parent, content, font, image)))
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
               % (" ".join(f"{k} 0 R" for k in kids).encode(), len(kids))) == parent
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    trailer = b"/Size %d /Root %d 0 R" % (len(objs) + 2 if encrypt else len(objs) + 1, root)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<00112233445566778899AABBCCDDEEFF> " \
                   b"<00112233445566778899AABBCCDDEEFF>]" % add(encrypt)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def grid(rows: list[list[tuple[float, float, str]]], top: float, height: float = 20,
         spans: dict[tuple[int, int], int] | None = None) -> tuple[list, list]:
    """Ruled cells and their texts: each row a list of (x0, x1, text); ``spans`` lets the cell
    (row, k) reach down over more rows (a merged header cell)."""
    cells, texts = [], []
    for r, row in enumerate(rows):
        for k, (x0, x1, text) in enumerate(row):
            bottom = top + height * (r + (spans or {}).get((r, k), 1))
            cells.append((x0, top + r * height, x1, bottom))
            if text:
                texts.append((x0 + 2, top + r * height + 5, 9, text))
    return cells, texts


# 支出预算总表 in 元 with the code printed over 类/款/项 and a header repeated on page 2.
HEADER = [
    [(40, 300, "项目"), (300, 580, "支出预算")],
    [(40, 130, "功能分类科目编码"), (130, 300, "功能分类科目名称"), (300, 400, "合计"),
     (400, 500, "基本支出"), (500, 580, "项目支出")],
    [(40, 70, "类"), (70, 100, "款"), (100, 130, "项")],
]
HEADER_SPANS = {(1, 1): 2, (1, 2): 2, (1, 3): 2, (1, 4): 2}


def row(cls, kuan, xiang, name, *amounts):
    cols = [(300, 400), (400, 500), (500, 580)]
    return [(40, 70, cls), (70, 100, kuan), (100, 130, xiang), (130, 300, name)] + [
        (x0, x1, a) for (x0, x1), a in zip(cols, amounts)]


PAGE1_ROWS = [
    row("201", "", "", "一般公共服务支出", "1,234,567.80", "1,000,000.00", "234,567.80"),
    row("201", "06", "", "财政事务", "1,234,567.80", "1,000,000.00", "234,567.80"),
    row("201", "06", "01", "行政运行", "1,234,567.80", "1,000,000.00", "234,567.80"),
]
PAGE2_ROWS = [
    row("208", "", "", "社会保障和就业支出", "50,000.00", "50,000.00", ""),
    row("208", "05", "", "行政事业单位养老支出", "50,000.00", "50,000.00", ""),
    row("208", "05", "05", "机关事业单位基本养老保险缴费支出", "50,000.00", "50,000.00", ""),
    [(40, 300, "合计"), (300, 400, "1,284,567.80"), (400, 500, "1,050,000.00"),
     (500, 580, "234,567.80")],
]
THREE_PUBLIC = [
    [(40, 400, "“三公”经费预算数"), (400, 500, "机关运行经费预算数")],
    [(40, 110, "合计"), (110, 180, "因公出国(境)费"), (180, 250, "公务接待费"),
     (250, 400, "公务用车购置及运行费")],
    [(250, 300, "小计"), (300, 350, "购置费"), (350, 400, "运行费")],
    [(40, 110, "1.50"), (110, 180, ""), (180, 250, "1.50"), (250, 300, ""), (300, 350, ""),
     (350, 400, ""), (400, 500, "12.30")],
]


def _budget_pdf() -> bytes:
    head1, head1_texts = grid(HEADER, 110, spans=HEADER_SPANS)
    body1, body1_texts = grid(PAGE1_ROWS, 170)
    head2, head2_texts = grid(HEADER, 60, spans=HEADER_SPANS)
    body2, body2_texts = grid(PAGE2_ROWS, 120)
    tp, tp_texts = grid(THREE_PUBLIC, 330, spans={(0, 1): 3, (1, 0): 2, (1, 1): 2, (1, 2): 2})
    page1 = {"cells": head1 + body1, "texts": [
        (150, 60, 14, "2025年部门支出预算总表"), (40, 90, 9, "编制部门：测试区财政局"),
        (480, 90, 9, "单位：元"), *head1_texts, *body1_texts, (290, 800, 9, "1")]}
    page2 = {"cells": head2 + body2 + tp, "texts": [
        *head2_texts, *body2_texts,
        (120, 280, 14, "2025年部门“三公”经费和机关运行经费预算表"), (480, 310, 9, "单位：万元"),
        *tp_texts, (40, 460, 10, "2025年“三公”经费预算数为1.50万元，与2024年预算持平。")]}
    return make_pdf([page1, page2])


@pytest.fixture(scope="module")
def budget():
    data = _budget_pdf()
    res = read_disclosure(data, "pdf/test.pdf")
    assert res.error is None, res.error
    return data, res.frames


def _amounts(frames, table_id: str) -> dict[tuple[str, str], Decimal]:
    li = frames.line_items.filter(pl.col("table_id") == table_id)
    return {(r["code"] or r["name"], r["column_id"]): r["amount_wan"] for r in li.iter_rows(named=True)}


def test_written_pdf_gives_the_document_row(budget):
    _, frames = budget
    doc = frames.documents.row(0, named=True)
    assert (doc["status"], doc["department_name"], doc["region"], doc["level"], doc["fiscal_year"],
            doc["doc_kind"], doc["unit"], doc["pages"], doc["encoding"]) == (
        "loaded", "测试区财政局", "测试区", "county", 2025, "budget", "元", 2, "pdf")


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
    assert tp == {("“三公”经费小计", "total"): Decimal("1.5"),
                  ("三、公务接待费", "total"): Decimal("1.5")}  # 万元; 机关运行经费 is no 三公 row
    assert "mixed_units" in frames.findings["kind"].to_list()
    status = dict(frames.table_status.select("table_id", "status").iter_rows())
    assert (status["expenditure_summary"], status["three_public_expenses"],
            status["general_budget_expenditure"]) == ("present", "present", "missing")


def test_narrative_figure_and_traceability(budget):
    data, frames = budget
    fig = frames.narrative_figures.filter(pl.col("label") == "three_public_total").row(0, named=True)
    assert (fig["amount_wan"], fig["change_claim"], fig["source_page"]) == (Decimal("1.5"), "持平", 2)
    lines = render(data, "pdf/test.pdf").split("\n")
    for code, printed, page in (("2010601", "1,234,567.80", 1), ("2080505", "50,000.00", 2)):
        item = frames.line_items.filter((pl.col("code") == code) & (pl.col("column_id") == "total"))
        assert item["source_page"][0] == page
        assert printed in lines[item["source_line"][0] - 1].split("\t")
    footer = lines.index("1") + 1  # the page number: a line of the rendering, read as nothing
    assert footer not in frames.line_items["source_line"].to_list()
    assert footer not in frames.narrative_figures["source_line"].to_list()
    assert lines[fig["source_line"] - 1].startswith("2025年“三公”经费预算数为1.50万元")


@pytest.mark.parametrize("name,data,error,reason", [
    ("scan.pdf", make_pdf([{"image": True}, {"image": True}]), NoTextLayerError,
     "PDF without a text layer (2 pages of images, a scan?); OCR is not supported"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage", UnreadablePdfError,
     "broken PDF: Failed to load document (PDFium: Data format error)"),
    ("cut.pdf", make_pdf([{"texts": [(100, 100, 12, "支出预算总表")]}])[:300], UnreadablePdfError,
     "broken PDF"),
    ("locked.pdf", make_pdf([{"texts": [(100, 100, 12, "abc")]}], encrypt=(
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"00" * 32, b"11" * 32))),
     UnreadablePdfError, "encrypted PDF, cannot be read without its password"),
    ("minutes.pdf", make_pdf([{"texts": [(100, 100, 12, "会议纪要")]}]), NotADisclosureError,
     "not a budget disclosure"),
])
def test_unreadable_pdfs_are_rejected_with_a_reason(name, data, error, reason):
    res = read_disclosure(data, f"in/{name}")
    assert isinstance(res.error, error)
    doc = res.frames.documents.row(0, named=True)
    assert doc["status"] == "rejected" and doc["status_reason"].startswith(f"in/{name}:")
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
    assert doc["status"] == "rejected" and doc["status_reason"].startswith("b/error_page.pdf:")


def test_text_touching_across_a_rule_is_split_at_the_rule():
    # two ruled cells, "12.50" right-aligned against the rule at x 100 and "一、支出" starting at
    # it: no gap between the glyphs, so the extractor reads one word "12.50一、支出" (as 008 p.9
    # prints 91,016,775.35 against 一、一般公共服务支出); each cell must keep its own text
    from budgetwatch.transforms.pdf_layout import read_pages

    size = 9  # ASCII glyphs are half width: "12.50" is 5 × 4.5 = 22.5 wide, ending at 100
    page = {"cells": [(40, 100, 100, 120), (100, 100, 200, 120)],
            "texts": [(100 - 22.5, 105, size, "12.50"), (100.2, 105, size, "一、支出")]}
    rows = read_pages(make_pdf([page]), "touch.pdf")[0].rows
    cells = [p.lines for r in rows for p in r.pieces]
    assert cells == [["12.50"], ["一、支出"]]
