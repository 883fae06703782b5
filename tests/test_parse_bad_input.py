"""Encodings, truncation, non-disclosures and the 元 variant of the sample."""

from __future__ import annotations

import codecs
import re
from decimal import Decimal

import polars as pl
import pytest

from budgetwatch.sources.errors import (
    BinaryInputError,
    DisclosureError,
    EmptyInputError,
    NotADisclosureError,
    TruncatedError,
    UnknownEncodingError,
)
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import SAMPLE_PATH

SAMPLE = SAMPLE_PATH
DATA = SAMPLE.read_bytes()
TEXT = DATA.decode("utf-8")
LINES = TEXT.split("\n")


def without_ids(frames):
    return {name: df.drop("doc_id") for name, df in frames.items()}


def assert_same(a, b, ignore=("encoding",)):
    fa, fb = without_ids(a), without_ids(b)
    for name in fa:
        left, right = fa[name], fb[name]
        if name == "documents":
            left, right = left.drop(*ignore), right.drop(*ignore)
        assert left.equals(right), name


@pytest.mark.parametrize(
    "encoding,data",
    [
        ("gb18030", TEXT.encode("gb18030")),
        ("utf-8-sig", codecs.BOM_UTF8 + DATA),
    ],
)
def test_reencoded_sample_parses_to_identical_frames(encoding, data):
    plain = read_disclosure(DATA, "a.txt").frames
    other = read_disclosure(data, "a.txt")
    assert other.error is None
    assert other.frames.documents["encoding"][0] == encoding
    assert_same(plain, other.frames)


def test_crlf_line_endings_parse_the_same():
    assert_same(
        read_disclosure(DATA, "a.txt").frames,
        read_disclosure(TEXT.replace("\n", "\r\n").encode(), "a.txt").frames,
    )


def test_cut_mid_row_keeps_earlier_tables_and_names_the_line():
    # keep lines 1-186 and half of line 187 (支出总表 row 8 "8\t2060102\t一般行政…")
    cut = "\n".join(LINES[:186]) + "\n" + LINES[186][:12]
    res = read_disclosure(cut.encode(), "cut.txt")
    assert isinstance(res.error, TruncatedError) and res.error.line == 187
    assert "cut.txt:187" in str(res.error)
    f = res.frames
    assert f.documents["status_reason"][0] is None  # loaded
    truncated = f.findings.filter(pl.col("kind") == "truncated").row(0, named=True)
    assert (truncated["severity"], truncated["source_line"]) == ("error", 187)
    li = f.line_items
    full = read_disclosure(DATA, "a.txt").frames.line_items
    for table_id in ("income_expenditure_summary", "income_summary"):
        assert (
            li.filter(pl.col("table_id") == table_id)
            .drop("doc_id")
            .equals(full.filter(pl.col("table_id") == table_id).drop("doc_id"))
        )
    t3 = li.filter(pl.col("table_id") == "expenditure_summary")
    assert sorted(set(t3["row_no"])) == [1, 2, 3, 4, 5, 6, 7]  # the cut row 8 is dropped
    status = dict(zip(f.table_status["table_id"], f.table_status["status"]))
    assert status["general_budget_expenditure"] == "missing"


def test_cut_at_a_line_end_inside_a_table():
    cut = "\n".join(LINES[:190]) + "\n"  # 支出总表 stops after row 11 (line 190)
    res = read_disclosure(cut.encode(), "cut.txt")
    assert isinstance(res.error, TruncatedError) and res.error.line == 190
    assert "expenditure_summary" in res.error.reason


def test_cut_inside_a_multibyte_character():
    data = DATA[: DATA.index("其他技术研究开发支出".encode()) + 4]  # cut inside 技 (3 bytes)
    res = read_disclosure(data, "cut.txt")
    assert isinstance(res.error, TruncatedError) and res.error.line == 190


@pytest.mark.parametrize(
    "data,error,reason",
    [
        (b"", EmptyInputError, "empty"),
        (b"\n \n", EmptyInputError, "empty"),
        (b"PK\x03\x04\x00\x00binary zip", BinaryInputError, "binary"),
        ("部门预算".encode("utf-16")[:-1], UnknownEncodingError, "invalid UTF-16"),
        (
            "今天天气很好。\n这是一份会议纪要，不是预算公开文件。\n".encode(),
            NotADisclosureError,
            "not a budget disclosure",
        ),
    ],
)
def test_rejected_inputs(data, error, reason):
    res = read_disclosure(data, "bad/x.txt")
    assert isinstance(res.error, error) and isinstance(res.error, DisclosureError)
    assert isinstance(res.error, ValueError)
    doc = res.frames.documents.row(0, named=True)
    assert reason in doc["status_reason"] and doc["status_reason"].startswith("bad/x.txt:")
    assert res.frames.documents.height == 1 and res.frames.line_items.height == 0


def test_not_a_disclosure_names_last_line():
    res = read_disclosure("第一行\n第二行\n第三行\n".encode(), "memo.txt")
    assert res.error.line == 3 and str(res.error).startswith("memo.txt:3:")


def _to_yuan(text: str) -> str:
    """The sample with every table amount ×10000, printed with thousands separators, in 元.

    The two amounts split over a page break (376.|23 at 119/130, 59.5|0 at 150/161) are written
    whole on their first line.
    """
    lines = text.split("\n")
    whole = {119: "376.23", 150: "59.50"}
    for idx in range(31, 483):  # the nine tables, lines 32-483
        ln = idx + 1
        if lines[idx].startswith("单位：万元"):
            lines[idx] = "单位：元"
        if "\t" not in lines[idx] or lines[idx].startswith(("栏次", "档次")):
            continue
        cells = lines[idx].split("\t")
        for pos in range(3, len(cells)) if ln in (130, 161) else ():
            cells[pos] = ""
        for pos, cell in enumerate(cells):
            key = cell.replace(" ", "")
            if pos >= 2 and re.fullmatch(r"\d+\.\d*", key):
                value = Decimal(whole.get(ln, key)) * 10000
                cells[pos] = f"{value:,.2f}"
        lines[idx] = "\t".join(cells)
    return "\n".join(lines)


def test_yuan_variant_parses_to_the_same_wan_amounts():
    yuan_text = _to_yuan(TEXT)
    assert "3,762,300.00" in yuan_text and "13,963,700.00" in yuan_text
    yuan = read_disclosure(yuan_text.encode(), "a.txt").frames
    plain = read_disclosure(DATA, "a.txt").frames
    assert yuan.documents["unit"][0] == "元"
    assert yuan.line_items.drop("doc_id").equals(plain.line_items.drop("doc_id"))


def test_cut_inside_a_project_block_before_its_indicators():
    cut = "\n".join(LINES[:800]) + "\n"  # project 6: title 799, nothing of its table yet
    res = read_disclosure(cut.encode(), "cut.txt")
    assert isinstance(res.error, TruncatedError) and res.error.line == 799
    assert "project block 6" in res.error.reason
    assert res.frames.projects.height == 6 and res.frames.indicators.height == 5 * 9


def test_cut_after_a_complete_project_block_is_not_an_error():
    cut = "\n".join(LINES[:798]) + "\n"  # ends after project 5's last indicator (797)
    res = read_disclosure(cut.encode(), "cut.txt")
    assert res.error is None and res.frames.indicators.height == 5 * 9
