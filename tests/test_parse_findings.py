"""Findings on edited copies of the sample: unknown codes, catalogue mismatches, unknown tables."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import SAMPLE_PATH

TEXT = (SAMPLE_PATH).read_text(encoding="utf-8")


def edited(old: str, new: str, count: int = 1) -> str:
    assert TEXT.count(old) >= count, old
    return TEXT.replace(old, new, count)


def findings(text: str) -> pl.DataFrame:
    return read_disclosure(text.encode(), "x.txt").frames.findings


def test_unknown_code_is_info_and_the_row_is_kept():
    text = edited("22\t2150517\t产业发展\t52.71", "22\t2150598\t产业发展\t52.71")
    res = read_disclosure(text.encode(), "x.txt")
    f = res.frames.findings.filter(pl.col("kind") == "unknown_code").row(0, named=True)
    assert (f["severity"], f["code"], f["source_line"]) == ("info", "2150598", 166)  # 收入总表
    row = res.frames.line_items.filter(pl.col("code") == "2150598", pl.col("column_id") == "total")
    assert (row["amount_wan"][0], row["canonical_name"][0], row["level"][0]) == (
        Decimal("52.71"),
        "",
        3,
    )


def test_mismatch_against_low_confidence_row_is_info():
    # 20139 社会工作事务 is a low-confidence catalogue row
    text = edited("3\t20140\t信访事务\t32.30\t\t32.30", "3\t20139\t社会工作\t32.30\t\t32.30")
    f = findings(text).filter(pl.col("kind") == "name_mismatch", pl.col("code") == "20139")
    assert f.height == 1 and f["severity"][0] == "info" and f["source_line"][0] == 182


def test_bad_code_is_a_warning():
    text = edited("3\t20140\t信访事务\t32.30\t\t32.30", "3\t2014\t信访事务\t32.30\t\t32.30")
    f = findings(text).filter(pl.col("kind") == "bad_code")
    assert f.height == 1 and f["source_line"][0] == 182


def test_unknown_table_is_reported_not_a_crash():
    # a title no rule knows (项目支出明细表 is now a known table with no contract table)
    block = (
        "部门预算重点工作任务表\n\n350 赵县科学技术和工业信息化局\n\n预算年度：2024\n\n单位：万元\n\n"
        "序号\t项目\t金额\n栏次\t1\t2\n1\t某项目\t5.00\n\n"
    )
    text = edited(
        "部门预算财政拨款“三公”经费支出表\n", block + "部门预算财政拨款“三公”经费支出表\n"
    )
    res = read_disclosure(text.encode(), "x.txt")
    f = res.frames.findings.filter(pl.col("kind") == "unknown_table")
    assert f.height == 1 and "部门预算重点工作任务表" in f["message"][0]
    plain = read_disclosure(TEXT.encode(), "x.txt").frames.line_items
    assert res.frames.line_items.drop("doc_id", "source_line", "source_page").equals(
        plain.drop("doc_id", "source_line", "source_page")
    )


def test_bad_amount_is_a_warning_not_a_crash():
    text = edited("18\t30231\t公务用车运行 维护费\t3.00", "18\t30231\t公务用车运行 维护费\t三元")
    f = findings(text).filter(pl.col("kind") == "bad_amount")
    assert f.height == 1 and f["source_line"][0] == 415


def test_final_account_and_city_level():
    text = (
        TEXT.replace("部门预算", "部门决算")
        .replace("预算年度", "决算年度")
        .replace("赵县科学技术和工业信息化局", "石家庄市科学技术局")
    )
    doc = read_disclosure(text.encode(), "x.txt").frames.documents.row(0, named=True)
    assert (
        doc["doc_kind"],
        doc["department_name"],
        doc["region"],
        doc["level"],
        doc["fiscal_year"],
    ) == ("final_account", "石家庄市科学技术局", "石家庄市", "city", 2024)


def test_region_argument_wins():
    doc = read_disclosure(TEXT.encode(), "x.txt", region="河北省赵县").frames.documents
    assert doc["region"][0] == "河北省赵县"


def test_internal_failure_is_reported_typed(monkeypatch):
    from budgetwatch.sources.errors import InternalParseError
    from budgetwatch.transforms import reader

    def broken(*args):
        raise KeyError("boom")

    monkeypatch.setattr(reader, "normalise_tables", broken)
    res = reader.read_disclosure(TEXT.encode(), "x.txt")
    assert isinstance(res.error, InternalParseError)
    assert "KeyError" in res.frames.documents["status_reason"][0]


def test_unknown_header_is_reported_once_per_page():
    text = edited(
        "\t\t合 计\t一般公共预算 财政拨款\t政府性基金 预算拨款\t国有资本经营 预算财政拨款\n",
        "\t\t甲\t乙\t丙\t丁\n",
    )
    text = text.replace("序号\t项 目\t资 金 性 质", "序号\t项 目\t栏目", 1)
    res = read_disclosure(text.encode(), "x.txt")
    f = res.frames.findings.filter(pl.col("kind") == "unknown_header")
    assert f.height == 1 and f["source_line"][0] == 464
    three = res.frames.line_items.filter(pl.col("table_id") == "three_public_expenses")
    assert sorted(set(three["row_no"])) == [8]  # page 2 (rows 7-9) still read


def test_a_heading_printed_again_after_the_contents_is_no_repeated_sentence():
    from budgetwatch.transforms.repetition import repeated_sentences
    from budgetwatch.transforms.text_reader import read_text

    # as Beijing 126: the table of contents (line 3 here) and the section (line 8) print the
    # same heading; the sentence is pasted twice (lines 5 and 6): its two clauses are reported
    text = (
        "目录\n\n第一部分2026年度部门预算情况说明\n\n"
        "负责全市文化事业的规划和管理工作，促进首都文化事业的大繁荣大发展。\n"
        "负责全市文化事业的规划和管理工作，促进首都文化事业的大繁荣大发展。\n\n"
        "第一部分2026年度部门预算情况说明\n"
    )
    found = repeated_sentences(read_text(text).paragraphs)
    assert [(f.message, f.line) for f in found] == [
        ("the narrative repeats '负责全市文化事业的规划和管理工作' (first at line 5)", 6),
        ("the narrative repeats '促进首都文化事业的大繁荣大发展' (first at line 5)", 6),
    ]
