"""A second look at the narrative's figures and the 绩效目标 values of a PDF (issue 18 item 1).

The table amounts are looked for in pdfium's own text of their page (`transforms.pdf_verify`).
The narrative's figures and the indicator values come from the same characters through our
line geometry, and a misread there (two lines glued, a number taken from the cell beside) gives
a figure the page does not print. Here each is looked for the same independent way, in
pdfium's text of its page (`pdf_layout.Page.text`):
- a narrative figure: its label (the last characters of the printed phrase before it) followed,
  within a short distance, by a number that is the same amount in 万元, 元 or 亿元 (the pages
  around it too: a sentence cut by a page break);
- an indicator value: the first number it prints, standing alone on its page.
Found → ``page_verified`` True; not found → False; text and office input (no page) keep None.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import polars as pl

from budgetwatch.transforms.tables import squash

# a figure as the page prints it, in text without spaces, line breaks or punctuation (the
# thousands' commas go with them); the unit may be cut off by a page break ("比上年增加3.02" at
# the foot of real_more 298 p.36, "万元" on p.37)
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(亿元|万元|元)?")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PUNCT = re.compile(r"[、,.。;:()“”\"'‘’《》【】\[\]·]")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d{1,4}\s*页)\s*$")
_PER_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_LABEL_TAIL = 6  # characters of the label looked for: a sentence's subject wraps, its end does not
_NEAR = 40  # characters from the label's end to the figure ("…预算数为 1,361.63 万元")


def _plain(text: str) -> str:
    """Squashed text without punctuation, keeping a number's decimal point: the reader and
    pdfium may place a bracket or a 、 differently ("（五）项目支出" read as "、项目支出", 277)."""
    return _PUNCT.sub("", re.sub(r"(?<=\d)\.(?=\d)", "\x00", squash(text))).replace("\x00", ".")


def _amounts(number: str, unit: str | None) -> set[Decimal]:
    """The 万元 a printed number can be: by its unit, or — its unit cut off — 万元 or 元."""
    try:
        value = Decimal(number)
    except InvalidOperation:
        return set()
    units = [unit] if unit else ["万元", "元"]
    return {value * _PER_WAN[u] for u in units}


def _body(page: str) -> str:
    """A page's text without its page-number lines, which would glue onto a figure a page break
    cuts ("因公出国（境）费支出 222.5" | "28" | "万元", ../shared/real 020 pp.27-28; "比上年预算
    减少" | "31" | "30.8万元", 025 pp.30-31)."""
    return "\n".join(line for line in page.splitlines() if not _PAGE_NUMBER.match(line))


def figure_seen(page: str, label_text: str, amount: Decimal) -> bool:
    """Is ``amount`` (万元, its sign dropped: a change is printed as a size) printed on ``page``
    (pdfium's text) within a short distance after the end of ``label_text``?"""
    text = _plain(page)
    # the label's last clause: the reader elides a sentence's middle ("年初预算为…支出决算为", 006)
    # and puts the sentence's leading year before a clause ("2026 年，比上年增加", 159)
    label = _plain(re.split(r"[…，,；;：:。]", label_text)[-1])
    # where pdfium's order breaks the label (a chart's legend between "2022年本部门预算" and
    # "收入52016.12万元", 166 p.14), its last two characters, its head noun
    return any(_followed(text, tail, abs(amount)) for tail in (label[-_LABEL_TAIL:], label[-2:]))


def _followed(text: str, label: str, amount: Decimal) -> bool:
    """Is ``amount`` printed within a short distance after an occurrence of ``label``?"""
    start = 0
    while (at := text.find(label, start)) >= 0:
        window = text[at + len(label) : at + len(label) + _NEAR]
        if any(amount in _amounts(m.group(1), m.group(2)) for m in _FIGURE.finditer(window)):
            return True
        start = at + 1
    return False


def check_figures(figures: pl.DataFrame, page_texts: dict[int, str]) -> pl.DataFrame:
    """``figures`` (NARRATIVE_FIGURES) with ``page_verified``: the label and amount found on the
    figure's page (or a page beside it: a sentence cut by a page break); None without an
    amount or a page text."""
    if not page_texts:
        return figures

    def seen(row: dict) -> bool | None:
        page = row["source_page"]
        if row["amount_wan"] is None or page not in page_texts:
            return None
        text = "".join(_body(page_texts.get(n, "")) for n in (page - 1, page, page + 1))
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
    """``indicators`` with ``page_verified``: the first number of the printed value found
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
        # as pdf_verify looks: in the page text without spaces and line breaks
        return number.group(0) in squashed[page]

    return indicators.with_columns(
        page_verified=pl.Series(
            [seen(r) for r in indicators.select("value_raw", "source_line").to_dicts()],
            dtype=pl.Boolean,
        )
    )
