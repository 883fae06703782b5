"""A 项目支出绩效目标表 grid of ruled cells (Beijing 预算表12's layout), built into a PDF by the
tests: header, project blocks of merged cells over their indicator rows, and loose text where a
merged cell is cut by the page end. Shared by the reader's tests and certainty's."""

from __future__ import annotations

from budgetwatch.transforms.reader import read_disclosure
from tests.pdf_builders import make_pdf

SIZE = 6  # small type: the narrow grid columns hold their labels


def printed(text: str) -> str:
    # pdfium extracts no text object of one glyph of these font-less test fonts: a trailing
    # space keeps ≤, 个, 优 … (real PDFs print them in fonts that carry their glyphs)
    return text + " " if len(text) == 1 else text


def cell(x0, top, x1, bottom, text="", size=SIZE):
    """A ruled cell with its text centred vertically (as merged cells print it)."""
    texts = [(x0 + 2, (top + bottom) / 2 - size / 2, size, printed(text))] if text else []
    return [(x0, top, x1, bottom)], texts


def page(parts) -> dict:
    cells, texts = [], []
    for c, t in parts:
        cells += c
        texts += t
    return {"cells": cells, "texts": texts}


def loose(x, top, text, size=SIZE):
    """Text outside every cell: a merged cell cut by the page end prints no rules around it."""
    return [], [(x, top, size, printed(text))]


def read(pages):
    res = read_disclosure(make_pdf(pages), "pdf/performance.pdf")
    assert res.error is None, res.error
    return res.frames


# name | total | fiscal | other | goal | 一级 | 二级 | 三级 | 性质 | 指标值 | 单位
X = [20, 100, 150, 195, 240, 300, 345, 390, 450, 490, 535, 580]
ROW = 20


def header(top=80) -> list:
    labels = [
        "项目名称",
        "项目总额",
        None,
        None,
        "绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标性质",
        "本年绩效指标值",
        "绩效度量单位",
    ]
    parts = [loose(200, 30, "预算表12 项目支出绩效目标表", 9), loose(480, 60, "金额单位：万元")]
    for k, label in enumerate(labels):
        if label:
            parts.append(cell(X[k], top, X[k + 1], top + 40, label))
    parts += [
        cell(X[2], top, X[4], top + 20, "其中："),
        cell(X[2], top + 20, X[3], top + 40, "财政资金"),
        cell(X[3], top + 20, X[4], top + 40, "其他资金"),
    ]
    return parts


def indicator(top, l1, l2, l3, nature, value, unit) -> list:
    return [
        cell(X[5 + k], top, X[6 + k], top + ROW, text)
        for k, text in enumerate((l1, l2, l3, nature, value, unit))
    ]


def project(top, rows, name, total, goal) -> list:
    """A project block: merged name / amount / goal cells over its indicator rows."""
    bottom = top + ROW * len(rows)
    parts = [
        cell(X[0], top, X[1], bottom, name),
        cell(X[1], top, X[2], bottom, total),
        cell(X[2], top, X[3], bottom, total),
        cell(X[3], top, X[4], bottom),
        cell(X[4], top, X[5], bottom, goal),
    ]
    for k, r in enumerate(rows):
        parts += indicator(top + ROW * k, *r)
    return parts


A_ROWS = [
    ("产出指标", "数量指标", "甲数量", "≥", "5", "个"),
    ("成本指标", "经济成本指标", "甲成本", "≤", "30", "万元"),
    ("满意度指标", "满意度指标", "甲满意度", "≥", "95", "%"),
]


C_ROWS = [
    ("产出指标", "质量指标", "丙质量", "＝", "100", "%"),
    ("成本指标", "经济成本指标", "丙成本", "≤", "20", "万元"),
]
