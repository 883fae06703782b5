"""A second look at every amount read from a PDF table, independent of the layout reader.

`transforms.pdf_layout` builds cells from pdfium's characters and drawn rules; a bug there (a
cell split, two cells merged, a digit taken from the neighbouring column) would give a number
the page does not print. Here each amount cell's printed text is looked for in pdfium's own
text extraction of its page (``PdfTextPage.get_text_range``: pdfium's reading order and spacing,
no geometry of ours). Found → ``page_verified`` True; not found → False (the reader may have
misread the cell); cells of text inputs keep None.
"""
from __future__ import annotations

import re

import pypdfium2 as pdfium

from budgetwatch.transforms.ir import RawTable

_AMOUNT = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_SPACE = re.compile(r"\s+")


def _found(token: str, text: str, squashed: str) -> bool:
    # the printed digits standing alone (not the tail of 11.00 or the head of 1.005), or, for
    # an amount wrapped inside its cell, in the page text without its line breaks
    pattern = rf"(?<![\d.,]){re.escape(token)}(?![\d,]|\.\d)"
    return bool(re.search(pattern, text)) or token in squashed


def verify_pages(data: bytes, tables: list[RawTable]) -> None:
    """Set ``Cell.verified`` on every amount cell of ``tables``."""
    by_page: dict[int, list] = {}
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                token = _SPACE.sub("", cell.text)
                if cell.page and _AMOUNT.match(token):
                    by_page.setdefault(cell.page, []).append((cell, token))
    if not by_page:
        return
    pdf = pdfium.PdfDocument(data)
    try:
        for number, cells in by_page.items():
            page = pdf[number - 1]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            squashed = _SPACE.sub("", text)
            for cell, token in cells:
                cell.verified = _found(token, text, squashed)
    finally:
        pdf.close()
