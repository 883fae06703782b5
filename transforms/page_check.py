"""A second look at the narrative's figures and the 绩效目标 values of a PDF (issue 18 item 1).

The table amounts are looked for in pdfium's own text of their page (`transforms.pdf_verify`).
The narrative's figures and the indicator values come from the same characters through our
line geometry, and a misread there (two lines glued, a number taken from the cell beside) gives
a figure the page does not print. Here each is looked for the same independent way, in
pdfium's text of its page (`pdf_layout.Page.text`):
- a narrative figure: its label (the last characters of the printed phrase before it) followed,
  within a short distance, by a number that is the same amount in 万元, 元 or 亿元;
- an indicator value: the first number it prints, standing alone on its page.
Found → ``page_verified`` True; not found → False; text and office input (no page) keep None.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import polars as pl

from budgetwatch.transforms.pdf_verify import _found
from budgetwatch.transforms.tables import squash

# a figure as the page prints it (squashed: no spaces or line breaks)
_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(亿元|万元|元)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PER_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_LABEL_TAIL = 6  # characters of the label looked for: a sentence's subject wraps, its end does not
_NEAR = 40  # characters from the label's end to the figure ("…预算数为 1,361.63 万元")


def _in_wan(number: str, unit: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", "")) * _PER_WAN[unit]
    except InvalidOperation:
        return None


def figure_seen(page: str, label_text: str, amount: Decimal) -> bool:
    """Is ``amount`` (万元, its sign dropped: a change is printed as a size) printed on ``page``
    (pdfium's text) within a short distance after the end of ``label_text``?"""
    text = squash(page)
    label = squash(label_text)[-_LABEL_TAIL:]
    amount = abs(amount)
    start = 0
    while (at := text.find(label, start)) >= 0:
        window = text[at + len(label) : at + len(label) + _NEAR]
        if any(_in_wan(m.group(1), m.group(2)) == amount for m in _FIGURE.finditer(window)):
            return True
        start = at + 1
    return False


def check_figures(figures: pl.DataFrame, page_texts: dict[int, str]) -> pl.DataFrame:
    """``figures`` (NARRATIVE_FIGURES) with ``page_verified``: the label and amount found on the
    figure's page (or the page before, a sentence cut by a page break); None without an amount
    or a page text."""
    if not page_texts:
        return figures

    def seen(row: dict) -> bool | None:
        page = row["source_page"]
        if row["amount_wan"] is None or page not in page_texts:
            return None
        text = page_texts.get(page - 1, "") + page_texts[page]
        return figure_seen(text, row["label_text"] or "", row["amount_wan"])

    return figures.with_columns(
        page_verified=pl.Series(
            [seen(r) for r in figures.select("source_page", "label_text", "amount_wan").to_dicts()],
            dtype=pl.Boolean,
        )
    )


def check_values(
    indicators: pl.DataFrame, page_texts: dict[int, str], line_pages: list[int]
) -> pl.DataFrame:
    """``indicators`` with ``page_verified``: the first number of the printed value found alone
    in pdfium's text of its line's page; None for a value without a number or without a page."""
    if not page_texts:
        return indicators
    squashed = {n: re.sub(r"\s+", "", t) for n, t in page_texts.items()}

    def seen(row: dict) -> bool | None:
        number = _NUMBER.search(row["value_raw"] or "")
        line = row["source_line"]
        if number is None or not line or line > len(line_pages):
            return None
        page = line_pages[line - 1]
        if page not in page_texts:
            return None
        return _found(number.group(0), page_texts[page], squashed[page])

    return indicators.with_columns(
        page_verified=pl.Series(
            [seen(r) for r in indicators.select("value_raw", "source_line").to_dicts()],
            dtype=pl.Boolean,
        )
    )
