"""The pure views behind `summary` and `history`, on small frames built by hand."""
from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.outputs.summary import history_frame, scorecard, top_flags
from budgetwatch.transforms.schema import DOCUMENTS, FLAGS, conform


def _docs():
    return conform(pl.DataFrame({
        "doc_id": ["a22", "a23", "b23"], "region": ["赵县"] * 3,
        "department_code": ["350", "350", "351"],
        "department_name": ["甲局", "甲局（新名）", "乙局"], "fiscal_year": [2022, 2023, 2023],
        "status": ["loaded", "loaded", "quarantined"],
    }), DOCUMENTS)


def _flags():
    return conform(pl.DataFrame({
        "flag_id": ["f1", "f2", "f3", "f4"], "doc_id": ["a22", "a23", "a23", "a23"],
        "severity": ["info", "critical", "warning", "critical"],
        "score": [0.9, 0.2, 0.5, 0.7],
    }), FLAGS)


def test_top_flags_by_severity_then_score():
    assert top_flags(_flags(), 3)["flag_id"].to_list() == ["f4", "f2", "f3"]


def test_scorecard_counts_per_department():
    residuals = pl.DataFrame({"doc_id": ["a22", "a22", "a23"], "passed": [True, False, False]})
    card = scorecard(_docs(), residuals, _flags())
    assert card["department_code"].to_list() == ["350", "351"]  # the flagged one first
    a = card.row(0, named=True)
    # 甲局: 2 loaded documents, 3 checks of which 2 failed, flags 2 critical 1 warning 1 info
    assert (a["name"], a["years"], a["loaded"], a["held_back"]) == ("甲局（新名）", "2022,2023", 2, 0)
    assert (a["checks"], a["checks_failed"]) == (3, 2)
    assert (a["critical"], a["warning"], a["info"], a["max_score"]) == (2, 1, 1, 0.9)
    b = card.row(1, named=True)
    assert (b["loaded"], b["held_back"], b["checks"], b["critical"]) == (0, 1, 0, 0)


def test_history_pivots_years_per_line():
    d = Decimal
    multiyear = pl.DataFrame({
        "department_key": ["赵县|350"] * 3 + ["赵县|351"],
        "table_id": ["expenditure_summary"] * 4, "side": [None] * 4,
        "code": ["2060499"] * 4, "name_key": [""] * 4, "column_id": ["total"] * 4,
        "name": ["其他技术研究开发支出"] * 4, "fiscal_year": [2022, 2023, 2024, 2024],
        "amount_wan": [d("17.00"), d("20.50"), None, d("1")],
        "change_wan": [None, d("3.50"), None, None], "change_pct": [None, 20.588, None, None],
        "status": ["baseline", "continuing", "vanished", "baseline"],
        "first_year": [2022] * 3 + [2024], "last_year": [2023] * 3 + [2024],
    }, schema_overrides={"amount_wan": pl.Decimal(20, 6), "change_wan": pl.Decimal(20, 6)})
    h = history_frame(multiyear, "350", None)
    assert h.height == 1  # department 351 is not mixed in
    row = h.row(0, named=True)
    assert (row["2022"], row["2023"], row["2024"]) == (d("17.00"), d("20.50"), None)
    assert (row["status"], row["first_year"], row["last_year"]) == ("vanished", 2022, 2023)
    assert history_frame(multiyear, "350", "201").is_empty()
    # a department keyed by its name (no printed code) is asked for by that name
    named = multiyear.filter(pl.col("department_key") == "赵县|350").with_columns(
        department_key=pl.lit("上海市普陀区|name:上海市普陀区财政局"))
    assert history_frame(named, "上海市普陀区财政局", None).height == 1
    assert history_frame(named, "普陀区财政局", None).is_empty()
