"""A second look at every amount read from a PDF table, independent of the layout reader.

`transforms.pdf_layout` builds cells from pdfium's characters and drawn rules; a bug there (a
cell split, two cells merged, a digit taken from the neighbouring column) would give a number
the page does not print. Here each amount cell's printed text is looked for in pdfium's own
text of its page (``PdfTextPage.get_text_range``, kept as pdfium gives it before any geometry of
ours: its reading order, spaces and line breaks; `pdf_layout.Page.text`). Found → ``page_verified`` True; not found → False (the reader may have
misread the cell); cells of text inputs keep None.
"""

from __future__ import annotations

import re

from budgetwatch.transforms.ir import RawTable

_AMOUNT = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_SPACE = re.compile(r"\s+")


def verify_pages(page_texts: dict[int, str], tables: list[RawTable]) -> None:
    """Set ``Cell.verified`` on every amount cell of ``tables``; ``page_texts``: page number →
    pdfium's text of that page."""
    squashed: dict[int, str] = {}
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                token = _SPACE.sub("", cell.text)
                if not cell.page or not _AMOUNT.match(token):
                    continue
                if cell.page not in squashed:
                    squashed[cell.page] = _SPACE.sub("", page_texts.get(cell.page, ""))
                # in the page text without spaces and line breaks: an amount wrapped inside its
                # cell, and pages whose characters pdfium gives one per line, neighbouring cells
                # run together (101.917484101.917484: no boundary to look for there). Round 5
                # also searched the unsquashed text with boundaries around the token: that could
                # only find what this finds, at a compiled pattern per amount.
                cell.verified = token in squashed[cell.page]
