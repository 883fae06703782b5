"""Hand reviews of the warning-or-above flags on the real PDFs of ../shared/real.

Each entry is one flag — (source_file, rule, subject) — that a person checked against the PDF
and found to be a true problem of the document, with the reason (values and lines read from
the page, not from our output). A flag that is not a true problem is not listed here: the rule
or the reader is fixed instead. ``tests/test_real_flags.py`` fails on any alarm not listed.
Kept in blocks by template so that reviews of different templates do not touch each other.
"""
from __future__ import annotations

# ---- Jiangsu 省级 (019-025, 038-040) --------------------------------------------------------
JIANGSU = {
    ("024_js_procuratorate_2018_dept_budget.pdf", "yoy_claim", "claim/three_public_abroad"):
        "2018 情况说明 (line 706): 因公出国（境）费预算支出 100 万元，与上年预算数相等; the 2017 "
        "document's 三公 table prints 110.00 (line 384) and its own 情况说明 110 万元 (line 549): "
        "100 is not equal to 110 — the sentence or one of the two tables is wrong.",
}

# ---- Shanghai 普陀 and 市级 (006-009, 101-108) -------------------------------------------------
SHANGHAI: dict = {}

# ---- Beijing (109-128, narrative and tables files) -------------------------------------------
BEIJING: dict = {}

# ---- Shenzhen, Guangzhou, Hangzhou (129-143, 149-150) ----------------------------------------
SOUTH: dict = {}

# ---- Xi'an, Fuzhou, central units (151, 156-167) -----------------------------------------
WEST: dict = {}

# ---- Suzhou, Wuxi, universities and the rest (144-148, 152-155, 168-170) ------------------------
OTHER: dict = {}

# documents that stay quarantined on purpose: source_file → why (read from the PDF)
NOT_LOADED = {
}

REVIEWED = {**JIANGSU, **SHANGHAI, **BEIJING, **SOUTH, **WEST, **OTHER}
