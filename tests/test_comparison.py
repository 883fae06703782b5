"""Comparison tables on hand-built multi-year, multi-department frames; every expected
number is worked out in the test (or read from the sample's narrative, lines 566-570)."""

from __future__ import annotations

from decimal import Decimal as D

import polars as pl
import pytest

from budgetwatch.comparison import ComparisonError, build_comparisons
from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import DOCUMENTS, LINE_ITEMS, Frames, conform
from tests.helpers import parsed_sample
from tests.sample_frames import DOC, year_frames

# 2023 as the sample's narrative (line 570) describes it: total 1396.37 + 82.67,
# basic 413.03 + 102.8, project 983.34 − 20.13
Y2023 = {
    ("expenditure_summary", "合计", "total"): str(D("1396.37") + D("82.67")),
    ("expenditure_summary", "合计", "basic"): str(D("413.03") + D("102.8")),
    ("expenditure_summary", "合计", "project"): str(D("983.34") - D("20.13")),
    ("expenditure_summary", "206", "total"): "1000.00",
}


def test_multiyear_change_new_vanished(settings):
    frames = Frames.concat(
        [
            year_frames("d2022", 2022, {}, drop=("2150517",)),
            year_frames("d2023", 2023, Y2023),
            year_frames(DOC, 2024, {}, drop=("2060702",)),
        ]
    )
    m = build_comparisons(frames, settings)["multiyear"]

    def cell(code, column, year):
        return m.filter(
            (pl.col("table_id") == "expenditure_summary")
            & (pl.col("code") == code)
            & (pl.col("column_id") == column)
            & (pl.col("fiscal_year") == year)
        ).row(0, named=True)

    r = cell("206", "total", 2024)
    assert (r["amount_wan"], r["prev_year"], r["prev_amount_wan"]) == (
        D("1187.06"),
        2023,
        D("1000.00"),
    )
    assert r["change_wan"] == D("187.06") and r["change_pct"] == pytest.approx(18.706)
    assert (r["status"], r["first_year"], r["last_year"]) == ("continuing", 2022, 2024)
    assert (r["doc_id"], r["source_line"]) == (DOC, 184)
    assert cell("206", "total", 2022)["status"] == "baseline"
    # 2150517 产业发展 first printed in 2023
    new = cell("2150517", "project", 2023)
    assert (new["status"], new["prev_amount_wan"], new["first_year"]) == ("new", None, 2023)
    # 2060702 科普活动 dropped in 2024: a row for 2024 with no amount
    gone = cell("2060702", "total", 2024)
    assert gone["status"] == "vanished" and gone["amount_wan"] is None
    assert gone["prev_amount_wan"] == D("1.70") and gone["last_year"] == 2023
    assert gone["name"] == "科普活动" and gone["doc_id"] == DOC
    # a blank cell in a printed row is 0, not "vanished": 206 基本支出 stays, 2060102 has
    # no 基本支出 cell in any year so it has no basic line at all
    assert m.filter((pl.col("code") == "2060102") & (pl.col("column_id") == "basic")).is_empty()


def test_yoy_claims_against_previous_document(settings):
    frames = Frames.concat([year_frames("d2023", 2023, Y2023), year_frames(DOC, 2024, {})])
    claims = build_comparisons(frames, settings)["yoy_claims"]
    y2024 = claims.filter(pl.col("doc_id") == DOC)
    by_label = {r["label"]: r for r in y2024.iter_rows(named=True)}
    total = by_label["yoy_total_change"]
    assert total["actual_change_wan"] == D("1396.37") - D("1479.04") == D("-82.67")
    assert total["passed"] is True and total["prev_doc_id"] == "d2023"
    assert by_label["yoy_basic_change"]["actual_change_wan"] == D("-102.80")
    assert by_label["yoy_project_change"]["actual_change_wan"] == D("20.13")
    # 三公 lines say 与上年一致 (持平): 2023 and 2024 both print 3.00
    frames.narrative_figures = frames.narrative_figures.with_columns(
        change_claim=pl.when(pl.col("label").str.starts_with("three_public")).then(pl.lit("持平"))
    )
    claims = build_comparisons(frames, settings)["yoy_claims"]
    tp = claims.filter((pl.col("doc_id") == DOC) & (pl.col("label") == "three_public_total"))
    assert tp.row(0, named=True)["passed"] is True
    # the 2023 document's own claims have no 2022 document to check against
    assert (
        claims.filter(pl.col("doc_id") == "d2023")["passed"].null_count()
        == claims.filter(pl.col("doc_id") == "d2023").height
    )


def test_yoy_claim_that_does_not_match(settings):
    wrong = dict(Y2023) | {("expenditure_summary", "合计", "basic"): "500.00"}
    frames = Frames.concat([year_frames("d2023", 2023, wrong), year_frames(DOC, 2024, {})])
    claims = build_comparisons(frames, settings)["yoy_claims"]
    basic = claims.filter((pl.col("doc_id") == DOC) & (pl.col("label") == "yoy_basic_change")).row(
        0, named=True
    )
    # claimed −102.8; tables say 413.03 − 500.00 = −86.97
    assert basic["actual_change_wan"] == D("-86.97")
    assert basic["residual_wan"] == D("-102.8") - D("-86.97")
    assert basic["passed"] is False and "(line 570)" in basic["explanation"]


def test_history_rename_and_skippedyear_frames(settings):
    frames = Frames.concat(
        [
            year_frames("d2021", 2021, {}, department_name="赵县科学技术局"),
            year_frames("d2023", 2023, Y2023),
            year_frames(DOC, 2024, {}),
            year_frames("q", 2024, {}, status="quarantined", department_code="999"),
        ]
    )
    t = build_comparisons(frames, settings)
    h = t["department_history"]
    assert h["doc_id"].to_list() == ["d2021", "d2023", DOC]  # quarantined is not compared
    assert h["renamed"].to_list() == [False, True, False]
    assert h["previous_name"][1] == "赵县科学技术局" and h["prev_year"][1] == 2021
    assert set(h["department_key"]) == {"赵县|350"} and set(h["kind"]) == {"科工"}
    r = (
        t["multiyear"]
        .filter(
            (pl.col("code") == "206")
            & (pl.col("column_id") == "total")
            & (pl.col("fiscal_year") == 2023)
        )
        .row(0, named=True)
    )
    assert r["prev_year"] == 2021 and r["change_wan"] == D("1000.00") - D("1187.06")


def test_departments_without_printed_code_are_keyed_by_name(settings):
    # Shanghai and Jiangsu templates print no department code: two years of one name form one
    # history, another name another; 206 total 1000.00 (2023) → 1187.06 (2024)
    frames = Frames.concat(
        [
            year_frames(
                "s2023",
                2023,
                Y2023,
                department_code=None,
                region="上海市普陀区",
                department_name="上海市普陀区财政局",
            ),
            year_frames(
                "s2024",
                2024,
                {},
                department_code=None,
                region="上海市普陀区",
                department_name="上海市普陀区财政局",
            ),
            year_frames(
                "o2024",
                2024,
                {},
                department_code=None,
                region="上海市普陀区",
                department_name="上海市普陀区人民政府办公室",
            ),
        ]
    )
    t = build_comparisons(frames, settings)
    keys = _history(t, "doc_id", "department_key")
    assert keys == {
        "s2023": "上海市普陀区|name:上海市普陀区财政局",
        "s2024": "上海市普陀区|name:上海市普陀区财政局",
        "o2024": "上海市普陀区|name:上海市普陀区人民政府办公室",
    }
    r = (
        t["multiyear"]
        .filter(
            (pl.col("doc_id") == "s2024")
            & (pl.col("code") == "206")
            & (pl.col("column_id") == "total")
        )
        .row(0, named=True)
    )
    assert (r["prev_year"], r["change_wan"]) == (2023, D("1187.06") - D("1000.00"))


def _history(tables: dict[str, pl.DataFrame], key: str, value: str) -> dict:
    """``key`` → ``value`` of the department history's rows."""
    return dict(tables["department_history"].select(key, value).iter_rows())


def _dept(code: str, name: str, amounts: dict[str, str], year: int = 2024) -> Frames:
    doc_id = f"{code}-{year}"
    items = [
        {
            "doc_id": doc_id,
            "table_id": "expenditure_summary",
            "side": "",
            "code": c,
            "name": "",
            "column_id": "total",
            "amount_wan": D(a),
            "source_line": 10,
        }
        for c, a in amounts.items()
    ]
    return Frames(
        documents=conform(
            pl.DataFrame(
                [
                    {
                        "doc_id": doc_id,
                        "source_file": f"{year}/x-{code}.txt",
                        "department_code": code,
                        "department_name": name,
                        "region": "某县",
                        "fiscal_year": year,
                        "doc_kind": "budget",
                        "status": "loaded",
                    }
                ]
            ),
            DOCUMENTS,
        ),
        line_items=conform(pl.DataFrame(items), LINE_ITEMS),
    )


def test_peer_statistics(settings):
    frames = Frames.concat(
        [
            _dept("101", "某县教育局", {"205": "10"}),
            _dept("102", "某县第一中学", {"205": "12"}),  # 学校, not 教育
            _dept("103", "某县教育局机关服务中心", {"205": "14"}),
            _dept("104", "某县教育考试院", {"205": "100"}),
            _dept("105", "某县教育技术中心", {"205": "12"}),
            _dept("201", "某县某某中心", {"206": "5", "215": "1"}),  # kind from 类 206: 科工
        ]
    )
    t = build_comparisons(frames, settings)
    kinds = _history(t, "department_code", "kind")
    assert kinds == {
        "101": "教育",
        "102": "学校",
        "103": "教育",
        "104": "教育",
        "105": "教育",
        "201": "科工",
    }
    p = t["peers"]
    assert set(p["kind"]) == {"教育"}  # 学校 and 科工 have fewer than min_peers (3)
    edu = {r["department_key"]: r for r in p.iter_rows(named=True)}
    # peers 10, 14, 100, 12 → median 13; |dev| 3, 1, 87, 1 → MAD 2
    top = edu["某县|104"]
    assert (top["peer_count"], top["median_wan"], top["mad_wan"]) == (4, 13.0, 2.0)
    assert top["robust_z"] == pytest.approx((100 - 13) / (1.4826 * 2))
    assert top["percentile"] == 100.0 and edu["某县|101"]["percentile"] == 25.0


def test_peer_spread_zero_mad(settings):
    frames = Frames.concat(
        [
            _dept(c, "某县教育局", {"205": a})
            for c, a in (("101", "5"), ("102", "5"), ("103", "5"), ("104", "20"))
        ]
    )
    p = build_comparisons(frames, settings)["peers"]
    z = dict(p.select("department_key", "robust_z").iter_rows())
    # MAD = 0 (three of four equal): the mean absolute deviation (15/4) scales instead
    assert z["某县|104"] == pytest.approx(15 / (1.2533 * 15 / 4))
    assert z["某县|101"] == 0.0


def test_a_kind_s_peers_from_its_stored_rows_and_the_changed_departments_equal_a_build(
    settings,
):
    """What an increment does (flows.analysis): a kind's peer rows kept, the changed
    departments' rows replaced by their documents' own, the statistics computed again. A line
    of two departments (fewer than min_peers 3: no peers rows) reaches three when one is
    added: its statistics need the rows the peers table left out."""
    from budgetwatch.comparison.multiyear import document_lines
    from budgetwatch.comparison.peers import PEER_ORDER, peer_rows, peer_statistics

    before = [
        _dept("101", "某县教育局", {"205": "10"}),
        _dept("103", "某县教育局机关服务中心", {"205": "14"}),
    ]
    changed = [  # 103 prints 16 now, 104 is new
        _dept("103", "某县教育局机关服务中心", {"205": "16"}),
        _dept("104", "某县教育考试院", {"205": "100"}),
    ]

    def rows(frames: Frames) -> pl.DataFrame:
        history = build_comparisons(frames, settings)["department_history"]
        return peer_rows(document_lines(frames, history), history, settings)

    stored = rows(Frames.concat(before))
    assert build_comparisons(Frames.concat(before), settings)["peers"].is_empty()
    kept = stored.filter(pl.col("department_key") != "某县|103")
    update = pl.concat([kept, rows(Frames.concat(changed))]).sort(PEER_ORDER, nulls_last=True)
    got = peer_statistics(update, settings)
    whole = build_comparisons(Frames.concat([before[0], *changed]), settings)["peers"]
    assert got.equals(whole, null_equal=True)
    by = {r["department_key"]: r for r in got.iter_rows(named=True)}
    # peers 10, 16, 100 → median 16; |dev| 6, 0, 84 → MAD 6
    top = by["某县|104"]
    assert (top["peer_count"], top["median_wan"], top["mad_wan"]) == (3, 16.0, 6.0)
    assert top["robust_z"] == pytest.approx((100 - 16) / (1.4826 * 6))
    assert by["某县|101"]["percentile"] == pytest.approx(100 / 3)


def test_departments_file_sets_kind(tmp_path):
    path = tmp_path / "departments.yaml"
    path.write_text(
        'departments:\n  - region: 某县\n    department_code: "201"\n    kind: 教育\n',
        encoding="utf-8",
    )
    settings = load_settings(overrides={"comparison.departments_file": str(path)})
    h = build_comparisons(_dept("201", "某县某某中心", {"206": "5"}), settings)[
        "department_history"
    ]
    assert (h["kind"][0], h["kind_source"][0]) == ("教育", "config")
    path.write_text("departments:\n  - region: [\n", encoding="utf-8")
    with pytest.raises(ComparisonError, match=r"departments.yaml:\d+"):
        build_comparisons(_dept("201", "x", {}), settings)


def test_parsed_sample_history(settings):

    t = build_comparisons(parsed_sample(), settings)
    h = t["department_history"].row(0, named=True)
    # page header "350 赵县科学技术和工业信息化局" (line 34); 科学技术 in the name → 科工
    assert (h["department_key"], h["fiscal_year"], h["kind"], h["kind_source"]) == (
        "赵县|350",
        2024,
        "科工",
        "name",
    )
    # one year only: every line is a baseline, and 支出总表 合计 is 1396.37 (line 180)
    m = t["multiyear"]
    assert set(m["status"]) == {"baseline"}
    total = m.filter(
        (pl.col("table_id") == "expenditure_summary")
        & (pl.col("code") == "")
        & (pl.col("column_id") == "total")
    ).row(0, named=True)
    assert (total["amount_wan"], total["source_line"]) == (D("1396.37"), 180)
    # 2023 is not in the frames: the 比上年 claims (line 570) cannot be checked
    claims = t["yoy_claims"]
    assert claims.height > 0 and claims["passed"].null_count() == claims.height


def test_no_documents(settings):
    t = build_comparisons(Frames(), settings)
    assert sorted(t) == ["department_history", "multiyear", "peers", "yoy_claims"]
    assert all(df.is_empty() for df in t.values())
