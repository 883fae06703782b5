"""duplicate_document: two different documents of one department-year are flagged, the choice
comparison made is stated, and a pair printing the same figures is only information."""

from __future__ import annotations

import polars as pl

from budgetwatch.contract.schema import Frames
from budgetwatch.detection.rules_documents import duplicate_document_flags
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import sample_text


def flags_of(first: str, second: str) -> pl.DataFrame:
    frames = Frames.concat(
        [
            read_disclosure(first.encode(), "a/v1.txt").frames,
            read_disclosure(second.encode(), "b/v2.txt").frames,
        ]
    )
    [flags] = duplicate_document_flags(frames)
    return flags


def test_a_second_version_with_another_amount_is_a_warning_naming_the_one_used():
    text = sample_text()
    # line 133, 收入表 2060404 科技成果转化与扩散 70.00 printed 71.00 in the other version
    flags = flags_of(text, text.replace("70.00", "71.00", 1))
    row = flags.row(0, named=True)
    assert flags.height == 1 and row["severity"] == "warning"
    # the last source file in path order is used: b/v2.txt; the 收支总表's 收入总计 is 1396.37 in
    # both (line 67), the difference lies in one 项
    assert (row["expected"], row["actual"]) == ("b/v2.txt", "a/v1.txt")
    assert "收支总表 total 1396.37" in row["explanation"]
    assert "changes no number" not in row["explanation"]


def test_two_documents_printing_the_same_figures_are_information():
    # a 部门预算 and the 单位预算 of its only unit (Shanghai 普陀 008 / 009) differ in words only
    text = sample_text()
    flags = flags_of(text, text.replace("（详见下表）", "（见下表）"))
    row = flags.row(0, named=True)
    assert flags.height == 1 and row["severity"] == "info"
    assert row["explanation"].endswith(
        "every table prints the same figures in both, so the choice changes no number"
    )


def test_a_unit_budget_inside_its_department_is_information():
    # issue 18: a 部门预算 and the 本级 单位预算 of one of its units, keyed alike, were called
    # duplicates. Here the second document prints every 支出总表 line at half the sample's
    # (合计 698.185 < 1396.37, each line within the department's): a part, not a version
    text = sample_text()
    whole = read_disclosure(text.encode(), "a/dept.txt").frames
    unit = read_disclosure(text.replace("（详见下表）", "（见下表）").encode(), "b/unit.txt").frames
    unit.line_items = unit.line_items.with_columns(amount_wan=pl.col("amount_wan") / 2)
    [flags] = duplicate_document_flags(Frames.concat([whole, unit]))
    row = flags.row(0, named=True)
    assert flags.height == 1 and row["severity"] == "info"
    assert (
        "a unit's budget (本级) inside its department's, not a second version" in row["explanation"]
    )
    # the reverse (a version with one line above the other's) stays a warning: see the first test
