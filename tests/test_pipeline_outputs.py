"""The pure views behind `summary`, `explain` and `history`, on small frames built by hand,
rendered by rich consoles of a given width."""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal

import polars as pl
import pytest
from rich.cells import cell_len
from rich.console import Console

from budgetwatch.contract.schema import DOCUMENTS, FLAGS, conform
from budgetwatch.outputs.summary import (
    FilterError,
    _documents,
    flags_table,
    history_frame,
    history_table,
    scorecard,
    scorecard_table,
    top_flags,
    year_ranges,
)

LONG_NAME = "上海市普陀区人力资源和社会保障局"  # 16 characters, 32 cells


def _docs():
    return conform(
        pl.DataFrame(
            {
                "doc_id": ["a22", "a23", "b23"],
                "region": ["赵县"] * 3,
                "department_code": ["350", "350", "351"],
                "department_name": ["甲局", "甲局（新名）", "乙局"],
                "fiscal_year": [2022, 2023, 2023],
                "status": ["loaded", "loaded", "quarantined"],
            }
        ),
        DOCUMENTS,
    )


def _flags():
    return conform(
        pl.DataFrame(
            {
                "flag_id": ["f1", "f2", "f3", "f4"],
                "doc_id": ["a22", "a23", "a23", "a23"],
                "severity": ["info", "critical", "warning", "critical"],
                "score": [0.9, 0.2, 0.5, 0.7],
                "rank": [4, 2, 3, 1],
            }
        ),
        FLAGS,
    )


def render(renderable, width: int) -> list[str]:
    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text().splitlines()


def test_top_flags_in_the_store_rank_order():
    assert top_flags(_flags(), 3)["flag_id"].to_list() == ["f4", "f2", "f3"]


def test_year_ranges():
    assert year_ranges([2024, 2020, 2021, 2022]) == "2020-2022,2024"
    assert year_ranges([2023]) == "2023" and year_ranges([]) == ""


def test_scorecard_counts_per_department():
    residuals = pl.DataFrame({"doc_id": ["a22", "a22", "a23"], "passed": [True, False, False]})
    card = scorecard(_docs(), residuals, _flags())
    assert card["department_code"].to_list() == ["350", "351"]  # the flagged one first
    a = card.row(0, named=True)
    # 甲局: 2 loaded documents, 3 checks of which 2 failed, flags 2 critical 1 warning 1 info
    assert (a["name"], a["years"], a["loaded"], a["held_back"]) == (
        "甲局（新名）",
        "2022-2023",
        2,
        0,
    )
    assert (a["checks"], a["checks_failed"]) == (3, 2)
    assert (a["critical"], a["warning"], a["info"], a["max_score"]) == (2, 1, 1, 0.9)
    b = card.row(1, named=True)
    assert (b["loaded"], b["held_back"], b["checks"], b["critical"]) == (0, 1, 0, 0)


def test_filters_that_match_nothing_are_errors():
    assert _documents(_docs(), 2023, "乙局")["doc_id"].to_list() == ["b23"]  # by name
    with pytest.raises(FilterError, match=r"no department '999'.*`budgetwatch summary`"):
        _documents(_docs(), None, "999")
    with pytest.raises(FilterError, match=r"no documents of 2019.*years present: 2022-2023"):
        _documents(_docs(), 2019, None)


def _wide_flags() -> tuple[pl.DataFrame, pl.DataFrame]:
    explanation = (
        "三公经费表 “三公”经费小计 合计 48000.00 ≠ 情况说明 4.80, a [/] and "
        "[bold]markup[/bold] from the document, " * 3
    ).strip()
    flags = conform(
        pl.DataFrame(
            {
                "flag_id": ["ecd79fae22e7300b", "81d9f2bfd271c6d6"],
                "doc_id": ["d1", "d1"],
                "severity": ["critical", "warning"],
                "score": [47995.2, 0.5],
                "rank": [1, 12],
                "kind": ["project_sum_by_function", "unit_mismatch"],
                "fiscal_year": [2024, 2024],
                "department_code": ["", ""],
                "source_file": ["odd[/report[final].txt"] * 2,
                "source_line": [428, 12],
                "explanation": [explanation, "short"],
                "group_id": ["ecd79fae22e7300b", None],
                "group_size": [6, 1],
            }
        ),
        FLAGS,
    )
    docs = conform(pl.DataFrame({"doc_id": ["d1"], "department_name": [LONG_NAME]}), DOCUMENTS)
    return flags, docs


@pytest.mark.parametrize("width", [80, 120])
def test_flags_keep_ids_and_names_whole_at_any_width(width):
    flags, docs = _wide_flags()
    lines = render(flags_table(flags, documents=docs), width)
    assert max(cell_len(line) for line in lines) <= width
    text = "\n".join(lines)
    # the row: rank (the store's, as explain shows it), the full id, severity, score, year,
    # review state (none here), kind
    assert re.search(
        r"^\s*1  ecd79fae22e7300b  critical  47995\.200  2024 +project_sum_by_function$", text, re.M
    )
    assert re.search(r"^\s*12  81d9f2bfd271c6d6  warning +0\.500  2024 +unit_mismatch$", text, re.M)
    # below it, wrapped and indented: the department's full name, the file as named (brackets
    # and all) with its line, the related count, then the explanation, markup-like text as is
    assert f"      {LONG_NAME} · odd[/report[final].txt line 428" in text
    words = " ".join(line.strip() for line in lines)
    assert "line 428 · +5 related 三公经费表" in words
    assert "a [/] and [bold]markup[/bold] from the document" in words
    assert "line 12 short" in words  # no related flags: no count


def test_scorecard_fits_80_columns_with_whole_names():
    card = scorecard(
        _docs().with_columns(department_name=pl.lit(LONG_NAME)),
        pl.DataFrame(
            {"doc_id": [], "passed": []}, schema={"doc_id": pl.String, "passed": pl.Boolean}
        ),
        _flags(),
    )
    lines = render(scorecard_table(card, 10), 80)
    assert max(cell_len(line) for line in lines) <= 80
    assert sum(LONG_NAME in line for line in lines) == 2  # 350 and 351, each on one line


def _multiyear():
    d = Decimal
    return pl.DataFrame(
        {
            "department_key": ["赵县|350"] * 5 + ["赵县|351"],
            "doc_kind": ["预算"] * 6,
            "table_id": ["expenditure_summary"] * 6,
            "side": [None] * 6,
            "code": ["2060499"] * 3 + ["206"] * 2 + ["2060499"],
            "name_key": [""] * 6,
            "column_id": ["total"] * 6,
            "name": ["其他技术研究开发支出"] * 3 + ["科学技术支出"] * 2 + ["x"],
            "fiscal_year": [2022, 2023, 2024, 2023, 2024, 2024],
            "amount_wan": [d("17.00"), d("20.50"), None, d("1234.5"), d("12345.678"), d("1")],
            "change_wan": [None, d("3.50"), None, None, d("11111.178"), None],
            "change_pct": [None, 20.588, None, None, 900.05, None],
            "status": ["baseline", "continuing", "vanished", "baseline", "continuing", "baseline"],
            "first_year": [2022] * 3 + [2023] * 2 + [2024],
            "last_year": [2023] * 3 + [2024] * 3,
        },
        schema_overrides={"amount_wan": pl.Decimal(20, 6), "change_wan": pl.Decimal(20, 6)},
    )


def test_history_pivots_years_per_line():
    d = Decimal
    multiyear = _multiyear().filter(pl.col("code") == "2060499")
    h = history_frame(multiyear, "赵县|350", None)
    assert h.height == 1  # department 351 is not mixed in
    row = h.row(0, named=True)
    assert (row["2022"], row["2023"], row["2024"]) == (d("17.00"), d("20.50"), None)
    assert (row["status"], row["first_year"], row["last_year"]) == ("vanished", 2022, 2023)
    assert history_frame(multiyear, "赵县|350", "201").is_empty()
    assert history_frame(multiyear, "350", None).is_empty()  # a key, resolved before (departments)


def test_history_prints_two_decimals_in_aligned_columns():
    lines = render(history_table(history_frame(_multiyear(), "赵县|350", None), "赵县|350"), 100)
    rows = {line.split()[0]: line for line in lines if line.split()[:1] in (["206"], ["2060499"])}
    # 206: 1234.5 and 12345.678 万元, +11111.178 (+900.05 %); 2060499: 17, 20.5, then gone in
    # 2024 (its latest change is that of 2024: none)
    assert rows["206"].split()[-4:] == ["1,234.50", "12,345.68", "+11,111.18", "+900.0"]
    assert rows["2060499"].split()[-2:] == ["17.00", "20.50"]
    header = next(line for line in lines if line.split()[:1] == ["line"])

    def right_edge(line: str, cell: str) -> int:  # in terminal cells: 汉字 are two wide
        return cell_len(line[: line.index(cell) + len(cell)])

    # right-aligned: each amount ends where its year's header ends
    assert (
        right_edge(rows["2060499"], "20.50")
        == right_edge(rows["206"], "1,234.50")
        == right_edge(header, "2023")
    )
    assert right_edge(rows["2060499"], "17.00") == right_edge(header, "2022")
    assert right_edge(rows["206"], "12,345.68") == right_edge(header, "2024")
    assert "vanished" in "".join(lines)


def test_history_leaves_out_early_years_rather_than_cut_amounts():
    lines = render(history_table(history_frame(_multiyear(), "赵县|350", None), "赵县|350"), 50)
    text = "\n".join(lines)
    assert max(cell_len(line) for line in lines) <= 50
    assert "…" not in text and "12,345.68" in text
    assert re.search(r"2022.* left out to fit 50 columns", text)


def test_store_files_are_readable_by_the_group(tmp_path):
    from budgetwatch.store import Store

    mask = os.umask(0o022)
    os.umask(mask)
    if mask & stat.S_IRGRP:
        pytest.skip("this umask withholds group read")
    store = Store(tmp_path)
    store.write_derived({"flags": _flags()})
    store.write_run({"run_id": "r1"})
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 2
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


def test_a_flag_that_could_not_be_verified_is_no_departments_problem():
    # f4 (critical, score 0.7) and f1 (info, 0.9) could not be verified: 甲局 keeps f2
    # (critical, 0.2) and f3 (warning, 0.5) as its problems, and 2 flags to check apart
    flags = _flags().with_columns(verified=pl.Series([False, True, True, False]))
    a = scorecard(_docs(), pl.DataFrame({"doc_id": ["a22"], "passed": [True]}), flags).row(
        0, named=True
    )
    assert (a["critical"], a["warning"], a["info"], a["unverified"]) == (1, 1, 0, 2)
    assert a["max_score"] == 0.5
