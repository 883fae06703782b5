"""PDFs written in code for the tests: A4 pages of text with a ToUnicode map and ruled
cells, with no font file; and a two-page 支出预算总表 + 三公 table built with them."""

from __future__ import annotations

PAGE_HEIGHT = 842


def make_pdf(pages: list[dict], encrypt: bytes = b"") -> bytes:
    """A PDF of A4 pages. ``texts``: (x, top, size, text) with top measured from the page top,
    ``cells``: ruled rectangles (x0, top, x1, bottom), ``image``: a page that is one picture.
    Glyphs are CIDs with a ToUnicode map: no font file is needed to extract the text."""
    # pdfium drops a text object one glyph wide that it has no outline for (no font file): a
    # lone 类 / 款 / 项 header cell is written with a space after it
    pages = [
        {
            **p,
            "texts": [
                (x, top, size, text + " " if len(text) == 1 and ord(text) > 127 else text)
                for x, top, size, text in p.get("texts", ())
            ],
        }
        for p in pages
    ]
    chars = sorted({ch for p in pages for *_, text in p.get("texts", ()) for ch in text})
    cid = {ch: k + 1 for k, ch in enumerate(chars)}
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)

    entries = [f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>\n" for c in chars]
    # at most 100 entries per bfchar block (PDF 1.7 §9.10.3): pdfium drops the rest
    cmap = "".join(
        f"{len(entries[k : k + 100])} beginbfchar\n{''.join(entries[k : k + 100])}endbfchar\n"
        for k in range(0, len(entries), 100)
    )
    to_unicode = add(
        stream(
            (
                "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def\n"
                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                f"{cmap}endcmap\n"
                "CMapName currentdict /CMap defineresource pop end end"
            ).encode()
        )
    )
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /T /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    narrow = " ".join(f"{cid[c]} [500]" for c in chars if ord(c) < 128)  # ASCII half width
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /CIDSystemInfo << "
        b"/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
        b"%d 0 R /DW 1000 /W [%s] >>" % (descriptor, narrow.encode())
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode)
    )
    image = add(
        stream(
            b"\x80",
            b"/Type /XObject /Subtype /Image /Width 1 /Height 1 "
            b"/ColorSpace /DeviceGray /BitsPerComponent 8 ",
        )
    )
    parent = len(objs) + 2 * len(pages) + 1
    kids = []
    for p in pages:
        ops = [
            f"{x0} {PAGE_HEIGHT - bottom} {x1 - x0} {bottom - top} re S"
            for x0, top, x1, bottom in p.get("cells", ())
        ]
        ops += [
            f"BT /F1 {size} Tf 1 0 0 1 {x} {PAGE_HEIGHT - top - size * 0.88} Tm "
            f"<{''.join(f'{cid[c]:04X}' for c in text)}> Tj ET"
            for x, top, size, text in p.get("texts", ())
        ]
        if p.get("image"):
            ops.append("q 500 0 0 700 40 60 cm /Im1 Do Q")
        content = add(stream("\n".join(ops).encode()))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                % (parent, content, font, image)
            )
        )
    assert (
        add(
            b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (" ".join(f"{k} 0 R" for k in kids).encode(), len(kids))
        )
        == parent
    )
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    trailer = b"/Size %d /Root %d 0 R" % (len(objs) + 2 if encrypt else len(objs) + 1, root)
    if encrypt:
        trailer += (
            b" /Encrypt %d 0 R /ID [<00112233445566778899AABBCCDDEEFF> "
            b"<00112233445566778899AABBCCDDEEFF>]" % add(encrypt)
        )
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


def grid(
    rows: list[list[tuple[float, float, str]]],
    top: float,
    height: float = 20,
    spans: dict[tuple[int, int], int] | None = None,
) -> tuple[list, list]:
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
    [
        (40, 130, "功能分类科目编码"),
        (130, 300, "功能分类科目名称"),
        (300, 400, "合计"),
        (400, 500, "基本支出"),
        (500, 580, "项目支出"),
    ],
    [(40, 70, "类"), (70, 100, "款"), (100, 130, "项")],
]
HEADER_SPANS = {(1, 1): 2, (1, 2): 2, (1, 3): 2, (1, 4): 2}


def row(cls, kuan, xiang, name, *amounts):
    cols = [(300, 400), (400, 500), (500, 580)]
    return [(40, 70, cls), (70, 100, kuan), (100, 130, xiang), (130, 300, name)] + [
        (x0, x1, a) for (x0, x1), a in zip(cols, amounts)
    ]


PAGE1_ROWS = [
    row("201", "", "", "一般公共服务支出", "1,234,567.80", "1,000,000.00", "234,567.80"),
    row("201", "06", "", "财政事务", "1,234,567.80", "1,000,000.00", "234,567.80"),
    row("201", "06", "01", "行政运行", "1,234,567.80", "1,000,000.00", "234,567.80"),
]
PAGE2_ROWS = [
    row("208", "", "", "社会保障和就业支出", "50,000.00", "50,000.00", ""),
    row("208", "05", "", "行政事业单位养老支出", "50,000.00", "50,000.00", ""),
    row("208", "05", "05", "机关事业单位基本养老保险缴费支出", "50,000.00", "50,000.00", ""),
    [
        (40, 300, "合计"),
        (300, 400, "1,284,567.80"),
        (400, 500, "1,050,000.00"),
        (500, 580, "234,567.80"),
    ],
]
THREE_PUBLIC = [
    [(40, 400, "“三公”经费预算数"), (400, 500, "机关运行经费预算数")],
    [
        (40, 110, "合计"),
        (110, 180, "因公出国(境)费"),
        (180, 250, "公务接待费"),
        (250, 400, "公务用车购置及运行费"),
    ],
    [(250, 300, "小计"), (300, 350, "购置费"), (350, 400, "运行费")],
    [
        (40, 110, "1.50"),
        (110, 180, ""),
        (180, 250, "1.50"),
        (250, 300, ""),
        (300, 350, ""),
        (350, 400, ""),
        (400, 500, "12.30"),
    ],
]


def budget_pdf() -> bytes:
    head1, head1_texts = grid(HEADER, 110, spans=HEADER_SPANS)
    body1, body1_texts = grid(PAGE1_ROWS, 170)
    head2, head2_texts = grid(HEADER, 60, spans=HEADER_SPANS)
    body2, body2_texts = grid(PAGE2_ROWS, 120)
    tp, tp_texts = grid(THREE_PUBLIC, 330, spans={(0, 1): 3, (1, 0): 2, (1, 1): 2, (1, 2): 2})
    page1 = {
        "cells": head1 + body1,
        "texts": [
            (150, 60, 14, "2025年部门支出预算总表"),
            (40, 90, 9, "编制部门：测试区财政局"),
            (480, 90, 9, "单位：元"),
            *head1_texts,
            *body1_texts,
            (290, 800, 9, "1"),
        ],
    }
    page2 = {
        "cells": head2 + body2 + tp,
        "texts": [
            *head2_texts,
            *body2_texts,
            (120, 280, 14, "2025年部门“三公”经费和机关运行经费预算表"),
            (480, 310, 9, "单位：万元"),
            *tp_texts,
            (40, 460, 10, "2025年“三公”经费预算数为1.50万元，与2024年预算持平。"),
        ],
    }
    return make_pdf([page1, page2])


# A 项目支出绩效目标表 (Beijing 预算表12) printed without any rule: x of each column
UNRULED_X = {
    "name": 15,
    "total": 75,
    "fiscal": 120,
    "other": 165,
    "goal": 210,
    "level1": 265,
    "level2": 310,
    "level3": 365,
    "nature": 420,
    "value": 455,
    "unit": 500,
}
_UNRULED_HEADER = {
    "name": "项目名称",
    "total": "项目总额",
    "fiscal": "财政资金",
    "other": "其他资金",
    "goal": "绩效目标",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "nature": "指标性质",
    "value": "指标值",
    "unit": "度量单位",
}
UNRULED_SIZE = 6  # points; a cell's lines stand 9 points apart


def unruled_row(top: float, cells: dict[str, str | list[str]]) -> list:
    """One indicator row whose 一级 label line starts at ``top``: a cell of several lines is
    centred on it, the lines 9 points apart (as a generator centres a cell's text in its row)."""
    texts = []
    for role, text in cells.items():
        lines = [text] if isinstance(text, str) else text
        first = top - 4.5 * (len(lines) - 1)
        texts += [
            (UNRULED_X[role], first + 9 * k, UNRULED_SIZE, line) for k, line in enumerate(lines)
        ]
    return texts


def unruled_column(role: str, top: float, lines: list[str]) -> list:
    """Lines of a merged cell's text (a name or goal) from ``top`` down, 9 points apart."""
    return [(UNRULED_X[role], top + 9 * k, UNRULED_SIZE, line) for k, line in enumerate(lines)]


def unruled_targets_page(texts: list) -> dict:
    """A page of the grid: its title, unit and header (no rule anywhere), then ``texts``."""
    head = [(x, 60, UNRULED_SIZE, _UNRULED_HEADER[role]) for role, x in UNRULED_X.items()]
    return {
        "texts": [
            (200, 30, 9, "预算表12 项目支出绩效目标表"),
            (480, 45, UNRULED_SIZE, "金额单位：万元"),
            *head,
            *texts,
        ]
    }
