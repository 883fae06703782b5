"""Be sure before you alarm (issue 18 items 1-2, detection/certainty.py): a flag is critical only
when its tables were read whole and its amounts were found on their pages; otherwise it is
"could not verify" — a warning, ranked below the verified ones. A difference seen by several
independent identities ranks above one seen once."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from budgetwatch.comparison import build_comparisons
from budgetwatch.contract.schema import FINDINGS, conform
from budgetwatch.detection import detect
from budgetwatch.expectations.residuals import compute_residuals
from budgetwatch.transforms.reader import read_disclosure
from tests import performance_grid as grid
from tests.pdf_builders import make_pdf
from tests.sample_frames import DOC, T3, _changed, sample_frames, sample_items

# 支出总表 2060404 科技成果转化与扩散 项目支出 printed 155.90 instead of the sample's 70.00 (line
# 189): 20604's 项目支出 87.00 ≠ 155.90 + 17.00 = 172.90, 2060404's 合计 70.00 ≠ 0 + 155.90, and
# 表5 prints 70.00 for the same cell — three identities, each off by 155.90 − 70.00 = 85.90.
WRONG = {"table_id": "expenditure_summary", "code": "2060404", "column_id": "project"}


def _flags(settings, findings=(), unseen_line=None):
    frames = sample_frames(_changed(WRONG, "155.90"))
    if findings:
        frames.findings = pl.concat(
            [
                frames.findings,
                conform(
                    pl.DataFrame([{"doc_id": DOC, "severity": "warning"} | f for f in findings]),
                    FINDINGS,
                ),
            ]
        )
    if unseen_line is not None:
        frames.line_items = frames.line_items.with_columns(
            page_verified=pl.when(pl.col("source_line") == unseen_line).then(False).otherwise(True)
        )
    flags = detect(
        frames, compute_residuals(frames, settings), build_comparisons(frames, settings), settings
    )
    return {r["check_id"]: r for r in flags.iter_rows(named=True)}


def test_figures_read_whole_and_seen_on_the_page_are_critical(settings):
    flags = _flags(settings)
    for check in ("W3", "W5", "X4"):
        assert flags[check]["severity"] == "critical" and flags[check]["verified"] is True
        assert flags[check]["confidence"] == 3  # W3, W5 and X4 all see 85.90
    # X9 (Σ projects 983.63 vs 983.34, off by 0.29) is seen by one identity only, and ranks
    # below the 85.90 seen three times though both are critical
    assert flags["X9"]["confidence"] == 1
    assert flags["X9"]["rank"] > max(flags[c]["rank"] for c in ("W3", "W5", "X4"))


def test_a_table_not_read_whole_makes_its_flags_unverified(settings):
    # the reader says 支出总表's printed total was not reproduced by its rows (INTERFACES §1)
    flags = _flags(
        settings,
        [
            {
                "kind": "total_not_reproduced",
                "table_id": "expenditure_summary",
                "message": "合计 printed 1396.37, rows add to 1310.47",
                "source_line": 180,
            }
        ],
    )
    for check in ("W3", "W5", "X4", "X9"):  # every one names 支出总表
        assert flags[check]["verified"] is False
        assert flags[check]["severity"] == "warning"
        assert "could not verify" in flags[check]["explanation"]
        assert (
            "expenditure_summary not read whole: total_not_reproduced (line 180)"
            in flags[check]["explanation"]
        )


def test_an_unread_line_of_another_table_leaves_the_flags_certain(settings):
    flags = _flags(
        settings,
        [
            {
                "kind": "unread_line",
                "table_id": "three_public_expenses",
                "message": "p. 9 line 577: amount not read",
                "source_line": 577,
            }
        ],
    )
    assert all(f["verified"] and f["severity"] == "critical" for f in flags.values())


def test_a_truncated_document_doubts_every_table(settings):
    flags = _flags(
        settings,
        [
            {
                "kind": "truncated",
                "table_id": "",
                "severity": "error",
                "message": "stopped",
                "source_line": 999,
            }
        ],
    )
    assert {f["verified"] for f in flags.values()} == {False}
    assert "critical" not in {f["severity"] for f in flags.values()}


def test_an_amount_not_found_on_its_page_is_unverified(settings):
    # the second look did not find 2060404's printed 155.90 on the page of line 189
    flags = _flags(settings, unseen_line=189)
    assert flags["W5"]["verified"] is False  # cites line 189 and its cell
    assert "an amount not found on its page" in flags["W5"]["explanation"]
    assert flags["X4"]["verified"] is False  # names expenditure_summary/project of 2060404
    assert flags["X9"]["verified"] is True  # 合计 row (line 180) was found


def test_a_difference_equal_to_what_the_reader_missed_points_at_the_reader(settings):
    # another table's total is short of exactly 85.90 (the reader missed a row): every flag
    # off by 85.90 may be that row, not the document's error
    flags = _flags(
        settings,
        [
            {
                "kind": "total_not_reproduced",
                "table_id": "income_summary",
                "message": "rows add to 1310.47, 85.90 short of 1396.37",
                "source_line": 120,
            }
        ],
    )
    for check in ("W3", "W5", "X4"):
        assert flags[check]["verified"] is False
        assert "the difference is what the reader missed" in flags[check]["explanation"]
    assert flags["X9"]["verified"] is True and flags["X9"]["severity"] == "critical"


def _unread_page(settings, levels: tuple[int, ...], message=None) -> dict:
    """The sample's flags by (check, code, column) when 支出总表 prints only the rows whose code has
    one of ``levels`` digits (0: the 合计), and its second page (lines 202-212) is not read: the
    reader's ``unread_line`` for each of that page's printed rows — its code and amounts as
    columns, and its message in the reader's format (or ``message(line)``)."""
    printed = [r.split("|") for r in T3.splitlines() if len(r.split("|")[1]) in levels]
    frames = sample_frames(
        [
            it
            for it in sample_items()
            if it["table_id"] != "expenditure_summary"
            or (len(it["code"] or "") in levels and it["source_line"] < 202)
        ]
    )
    unread = [
        {
            "doc_id": DOC,
            "kind": "unread_line",
            "severity": "warning",
            "table_id": "expenditure_summary",
            "source_line": int(line),
            "source_page": 2,
            "row_code": code or None,
            "amounts": [Decimal(a) for a in amounts if a],
            "message": message(line)
            if message
            else f"line {line} (p. 2) carries {', '.join(a for a in amounts if a)} but "
            f"was not read: not part of any table row: '{code} {name} {' '.join(amounts)}'",
        }
        for line, code, name, *amounts in printed
        if int(line) >= 202
    ]
    frames.findings = pl.concat([frames.findings, conform(pl.DataFrame(unread), FINDINGS)])
    flags = detect(
        frames, compute_residuals(frames, settings), build_comparisons(frames, settings), settings
    )
    return {(r["check_id"], r["code"], r["column_id"]): r for r in flags.iter_rows(named=True)}


def test_a_difference_equal_to_a_page_of_unread_rows_points_at_the_reader(settings):
    """支出总表's second page (lines 202-212: 20607 科学技术普及 to 2150517) not read: the reader
    says so line by line (``unread_line``). 206 科学技术支出 1187.06 then has only 20601 377.33 +
    20604 87.00 = 464.33 under it: W3 off by 722.73 = 20607's 1.70 + 20699's 721.03, the two 款
    rows of 206 on the unread page — the reader's, not the document's, and its explanation says
    so. The 合计's W3 (1396.37 − 201 32.30 − 206 1187.06 = 177.01, the one unread 类 row 215)
    was matched before."""
    flags = _unread_page(settings, (0, 3, 5, 7))
    for column in ("total", "project"):  # 206 基本支出 376.23 is 20601's alone: no flag
        flag = flags[("W3", "206", column)]
        assert float(flag["actual_wan"]) - float(flag["expected_wan"]) == pytest.approx(722.73)
        assert flag["verified"] is False and flag["severity"] == "warning"
        assert (
            "the difference is what the reader missed: 2 rows of expenditure_summary, under 206, "
            "not read (unread_line, lines 202, 204: 1.70 + 721.03)" in flag["explanation"]
        )
    assert "the difference is what the reader missed" in flags[("W3", None, "total")]["explanation"]
    # X9 (0.29 between the 绩效目标表 and 项目支出 983.34) names the unread table but is no sum
    # of its rows: unverified, not the reader's difference
    x9 = next(f for (check, *_), f in flags.items() if check == "X9")
    assert x9["verified"] is False and "reader missed" not in x9["explanation"]


def test_a_difference_equal_to_a_page_of_unread_leaves_points_at_the_reader(settings):
    """支出总表 printing its 项 only under its 合计 (a table of leaves), its second page not read:
    the 合计 1396.37 over the page-one leaves 32.30 + 376.23 + 1.10 + 70.00 + 17.00 = 496.63 is
    off by 899.74 = 2060702 1.70 + 2069999 721.03 + 2150102 59.50 + 2150501 36.80 + 2150502
    28.00 + 2150517 52.71, the six leaves of four 款 on the unread page."""
    assert 1396.37 - 496.63 == pytest.approx(899.74)
    flag = _unread_page(settings, (0, 7))[("W3", None, "total")]
    assert flag["verified"] is False
    assert (
        "the difference is what the reader missed: 6 rows of expenditure_summary, codes of 7 "
        "digits, not read (unread_line, lines 203, 205, 208, 210, 211, 212: 1.70 + 721.03 + "
        "59.50 + 36.80 + 28.00 + 52.71)" in flag["explanation"]
    )


def test_unread_rows_are_summed_from_their_columns_not_their_message(settings):
    """Issue 19 §7: an unread row's code and amounts are its finding's columns. With every
    message reworded to carry neither (no code, no amount), 206's W3 is still off by 722.73 =
    20607 1.70 + 20699 721.03 (lines 202, 204) and the 合计's by 177.01 = the one unread 类 row
    215 (line 206), both the reader's."""
    assert 1187.06 - 377.33 - 87.00 == pytest.approx(1.70 + 721.03)
    flags = _unread_page(settings, (0, 3, 5, 7), lambda line: f"row of line {line} unread")
    flag = flags[("W3", "206", "total")]
    assert flag["verified"] is False
    assert (
        "the difference is what the reader missed: 2 rows of expenditure_summary, under 206, "
        "not read (unread_line, lines 202, 204: 1.70 + 721.03)" in flag["explanation"]
    )
    assert 1396.37 - 32.30 - 1187.06 == pytest.approx(177.01)
    assert (
        "the difference is what the reader missed: unread_line (line 206)"
        in (flags[("W3", None, "total")]["explanation"])
    )


def test_a_performance_table_whose_projects_miss_its_total_doubts_its_flags(settings):
    """A 绩效目标表 whose printed 合计 its project rows do not reproduce was not read whole (a
    project row misread or missed: ``performance_total_not_reproduced``): X9 (Σ 预算数 983.63 on
    项目支出 983.34) stands on it and is off by exactly the 0.29 the table's rows are over its
    合计 — the reader's, not the document's; the identities over other tables stay certain."""
    assert _flags(settings)["X9"]["verified"] is True
    flags = _flags(
        settings,
        [
            {
                "kind": "performance_total_not_reproduced",
                "table_id": "projects",
                "message": "项目支出绩效目标表 合计 983.34: its 13 projects add up to 983.63 "
                "(+0.29); a project row is misread or missed",
                "source_line": 760,
            }
        ],
    )
    assert flags["X9"]["verified"] is False and flags["X9"]["severity"] == "warning"
    assert "the difference is what the reader missed" in flags["X9"]["explanation"]
    assert "projects not read whole" in flags["X9"]["explanation"]
    assert all(flags[c]["verified"] for c in ("W3", "W5", "X4"))


@pytest.mark.parametrize("kind", ["ambiguous_column", "unmapped_row", "unknown_header"])
def test_other_reader_doubts_count(settings, kind):
    flags = _flags(
        settings,
        [
            {
                "kind": kind,
                "table_id": "general_budget_expenditure",
                "message": "x",
                "source_line": 349,
            }
        ],
    )
    assert flags["X4"]["verified"] is False and flags["W3"]["verified"] is True


def test_project_flags_are_unverified_where_the_performance_tables_were_not_read_whole(settings):
    # the sample's 单位取暖费 2.00 fits under no 功能分类 项 (project_sum_by_function, a true
    # problem of the sample): verified while every 绩效目标表 row was attached to its project;
    # with one indicator row the reader attached to no project, the rule's figures are not
    # certain (the row might belong to that project)
    def sum_flag(findings):
        frames = sample_frames()
        frames.findings = pl.concat(
            [
                frames.findings,
                conform(
                    pl.DataFrame([{"doc_id": DOC, "severity": "warning"} | f for f in findings]),
                    FINDINGS,
                ),
            ]
        )
        flags = detect(
            frames,
            compute_residuals(frames, settings),
            build_comparisons(frames, settings),
            settings,
        )
        return flags.filter(pl.col("rule_or_model") == "project_sum_by_function").row(0, named=True)

    assert (
        sum_flag(
            [{"kind": "unread_line", "table_id": "three_public_expenses", "source_line": 400}]
        )["verified"]
        is True
    )
    doubted = sum_flag(
        [{"kind": "performance_unattached", "table_id": "projects", "source_line": 760}]
    )
    assert doubted["verified"] is False
    assert "projects not read whole: performance_unattached (line 760)" in doubted["explanation"]


def test_a_doubt_naming_one_project_leaves_the_projects_read_apart_from_it_certain():
    """held real_more 306 (round 8, studied after its measurement): one project's cost parts
    add up to 210000 against its budget 21.00 (``performance_suspect`` naming #145), and every
    flag of the other 299 projects was "could not verify". The doubt reaches that project, the
    projects printed next to it (a neighbour's rows read into its block leave the neighbour
    short) and the flags over the whole table; a doubt naming no project, every project."""
    from budgetwatch.contract.schema import DOCUMENTS, FLAGS, LINE_ITEMS
    from budgetwatch.detection.certainty import mark

    # five projects' 成本指标 flags in print order (lines 10-50), and X9 over all of them
    flags = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": DOC,
                    "rule_or_model": "cost_indicator_mismatch",
                    "subject": f"#{n}/成本",
                    "project_code": f"#{n}",
                    "source_line": 10 * n,
                    "explanation": f"#{n}",
                }
                for n in range(1, 6)
            ]
            + [
                {
                    "doc_id": DOC,
                    "rule_or_model": "gate:project_sum_mismatch",
                    "subject": "X9",
                    "table_id": "projects",
                    "source_line": 2,
                    "explanation": "X9",
                }
            ]
        ),
        FLAGS,
    )
    docs = conform(pl.DataFrame([{"doc_id": DOC, "source_file": "a.pdf"}]), DOCUMENTS)
    items = conform(pl.DataFrame(), LINE_ITEMS)

    def verified(finding: dict) -> dict:
        found = conform(
            pl.DataFrame(
                [{"doc_id": DOC, "severity": "warning", "table_id": "projects"} | finding]
            ),
            FINDINGS,
        )
        marked = mark(flags, found, items, docs)
        return dict(marked.select("subject", "verified").iter_rows())

    suspect = verified({"kind": "performance_suspect", "code": "#3", "source_line": 30})
    assert suspect == {
        "#1/成本": True,
        "#2/成本": False,
        "#3/成本": False,
        "#4/成本": False,
        "#5/成本": True,
        "X9": False,
    }
    unattached = verified({"kind": "performance_unattached", "source_line": 30})
    assert not any(unattached.values())


def test_unattached_rows_doubt_only_the_projects_they_may_belong_to():
    """Indicator rows on a page that prints no project cell (page 2) may be the rows of the
    project open from page 1 (甲) or of the next the table prints (丙, page 3), never of 丁, whose
    block closed above 甲's: the reader's ``performance_unattached`` names 甲 and 丙 (its
    ``code``), and certainty doubts their flags and X9 over the whole table, not 丁's (real
    118/124/126, real_more 240/242/220: every project of the table was doubted)."""
    from budgetwatch.contract.schema import FLAGS
    from budgetwatch.detection.certainty import mark

    d_rows = [("产出指标", "数量指标", "丁数量", "≥", "1", "个")]
    page1 = [
        *grid.header(),
        *grid.project(120, d_rows, "110000D4-项目丁", "8.000000", "丁的目标"),
        *grid.project(120 + grid.ROW, grid.A_ROWS, "110000A1-项目甲", "30.000000", "甲的目标"),
    ]
    lost = [("产出指标", "数量指标", f"某数量{k}", "≥", str(k + 1), "个") for k in range(3)]
    page2 = [
        *grid.header(),
        *[p for k, r in enumerate(lost) for p in grid.indicator(120 + grid.ROW * k, *r)],
        grid.loose(grid.X[4] + 2, 125, "甲的目标"),
        grid.loose(grid.X[4] + 2, 165, "丙的目标"),
    ]
    page3 = [
        *grid.header(),
        *grid.project(120, grid.C_ROWS, "110000C3-项目丙", "20.000000", "丙的目标"),
    ]
    f = grid.read([grid.page(page1), grid.page(page2), grid.page(page3)])
    assert f.projects["project_code"].to_list() == ["110000D4", "110000A1", "110000C3"]
    unattached = f.findings.filter(pl.col("kind") == "performance_unattached")
    assert unattached["code"].to_list() == ["110000A1 110000C3"]
    assert "某数量0" in unattached["message"].item()
    assert f.indicators.filter(pl.col("level3").str.starts_with("某数量")).is_empty()

    doc = f.documents["doc_id"].item()
    flags = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": doc,
                    "rule_or_model": "cost_indicator_mismatch",
                    "subject": f"{code}/成本",
                    "project_code": code,
                    "source_line": line,
                    "explanation": code,
                }
                for code, line in f.projects.select("project_code", "source_line").iter_rows()
            ]
            + [
                {
                    "doc_id": doc,
                    "rule_or_model": "gate:project_sum_mismatch",
                    "subject": "X9",
                    "table_id": "projects",
                    "explanation": "X9",
                }
            ]
        ),
        FLAGS,
    )
    marked = mark(flags, f.findings, f.line_items, f.documents)
    assert dict(marked.select("subject", "verified").iter_rows()) == {
        "110000D4/成本": True,
        "110000A1/成本": False,
        "110000C3/成本": False,
        "X9": False,
    }
    # the same rows naming no candidate (an older reader's finding) doubt every project
    anonymous = f.findings.with_columns(code=pl.lit(""))
    assert not mark(flags, anonymous, f.line_items, f.documents)["verified"].any()


def test_rows_continuing_an_unknown_project_name_the_projects_that_may_be_open():
    """Page 1 ends in a stretch printing two projects without rules (己, 庚: which goes on is
    unknown), below 甲's ruled block; page 2 opens with rows above 丙's block. Those rows
    continue one of the projects open at page 1's end — 己, 庚, or one whose cells page 2
    prints (丙) — never 甲, which closed above the stretch (real 118/124/126: "no project is
    known to be open" doubted every project of the table)."""

    stretch = [("产出指标", "数量指标", f"行{k}", "≥", str(k + 1), "个") for k in range(4)]
    top = 120 + grid.ROW * len(grid.A_ROWS)
    page1 = [
        *grid.header(),
        *grid.project(120, grid.A_ROWS, "110000A1-项目甲", "30.000000", "甲的目标"),
        *[p for k, r in enumerate(stretch) for p in grid.indicator(top + grid.ROW * k, *r)],
        grid.loose(grid.X[0] + 2, top + 5, "110000F6-项目己"),
        grid.loose(grid.X[1] + 2, top + 5, "10.000000"),
        grid.loose(grid.X[0] + 2, top + 45, "110000G7-项目庚"),
        grid.loose(grid.X[1] + 2, top + 45, "11.000000"),
    ]
    goes_on = [("满意度指标", "满意度指标", f"续{k}", "≥", "90", "%") for k in range(2)]
    page2 = [
        *grid.header(),
        *[p for k, r in enumerate(goes_on) for p in grid.indicator(120 + grid.ROW * k, *r)],
        *grid.project(120 + grid.ROW * 2, grid.C_ROWS, "110000C3-项目丙", "20.000000", "丙的目标"),
    ]
    f = grid.read([grid.page(page1), grid.page(page2)])
    codes = f.projects["project_code"].to_list()
    assert codes[0] == "110000A1" and codes[-1] == "110000C3" and len(codes) == 4
    unattached = f.findings.filter(pl.col("kind") == "performance_unattached")
    cont = unattached.filter(pl.col("message").str.contains("续0"))
    assert cont["code"].item().split(" ") == codes[1:]
    assert all("110000A1" not in c for c in unattached["code"])


def test_a_performance_value_printing_no_unit_is_no_certain_amount(settings):
    from decimal import Decimal

    from budgetwatch.contract.schema import DOCUMENTS, INDICATORS, LINE_ITEMS, PROJECTS
    from budgetwatch.detection.flagset import assemble
    from budgetwatch.detection.rules_projects import cost_indicator_flags

    # real_more 343 (pdftotext -layout line 2693): "空调(台/元)        ≤3000" — no unit beside the
    # value, and the label's (台/元) is no money unit a rule reads; read as "not money" it was a
    # false alarm in round 4. "≥95%" (the sample's 信访维稳经费, line 962) prints its unit and stays
    # a verified alarm. (Round 10: a bare number under a money label is read in 元, the least
    # claim: 3000 元 = 0.30 万元 above a 0.25 budget is flagged, and cannot be verified.)
    def row(project, label, raw, number, unit):
        return {
            "doc_id": DOC,
            "project_code": project,
            "level1": "成本指标",
            "level2": "经济成本指标",
            "level3": label,
            "value_raw": raw,
            "value_number": Decimal(number),
            "value_unit": unit,
            "source_line": 1,
            "indicator_no": 1,
        }

    prj = conform(
        pl.DataFrame(
            [
                {"doc_id": DOC, "project_code": p, "project_no": n, "budget_wan": Decimal(b)}
                for n, (p, b) in enumerate((("P1", "0.25"), ("P2", "32.30")), start=1)
            ]
        ),
        PROJECTS,
    )
    ind = conform(
        pl.DataFrame(
            [
                row("P1", "空调费用", "≤3000", "3000", ""),
                row("P2", "信访维稳经费", "≥95%", "95", "%"),
            ]
        ),
        INDICATORS,
    )
    docs = conform(pl.DataFrame([{"doc_id": DOC, "fiscal_year": 2026}]), DOCUMENTS)
    sizes = pl.DataFrame({"doc_id": [DOC], "size_wan": [100.0]})
    nothing = conform(pl.DataFrame(), FINDINGS), conform(pl.DataFrame(), LINE_ITEMS)
    flags = assemble(cost_indicator_flags(prj, ind, settings.detection), docs, sizes, {}, *nothing)
    got = dict(flags.select("actual", "verified").iter_rows())
    assert got == {"≤3000": False, "≥95%": True}
    unverified = flags.filter(~pl.col("verified"))
    assert (
        unverified["explanation"]
        .str.contains("could not verify: the value ≤3000 prints no unit")
        .all()
    )
    assert (unverified["severity"] != "critical").all()


# ---- the second look at narrative figures and 绩效目标 values (transforms/page_check.py) ----
def test_a_narrative_figure_is_seen_with_its_label_on_the_page():
    from decimal import Decimal

    from budgetwatch.transforms.page_check import figure_seen

    # pdfium's text as it gives it: words split by spaces and line breaks
    page = "2025年，上海市普陀区财政局收入预算3,121.42万\n元，其中：财政拨款收入3,121.42万元"
    assert figure_seen(page, "上海市普陀区财政局收入预算", Decimal("3121.42"))
    # the same amount printed in 元 (31,214,200 元 = 3,121.42 万元); a change printed as a size
    assert figure_seen("收入预算31,214,200元", "收入预算", Decimal("3121.42"))
    assert figure_seen("比上年减少184.96万元", "比上年减少", Decimal("-184.96"))
    # a bracket the reader gives as 、 (real_more 277 p.34: "（五）项目支出88,509.48万元", read
    # "、项目支出"); a unit cut off by a page break (298 p.36 ends "比上年增加3.02-34-", 万元 on p.37)
    assert figure_seen("（五）项目支出88,509.48万元，具体包括", "、项目支出", Decimal("88509.48"))
    assert figure_seen("运行维护费346.17万元，比上年增加3.02\n-34-", "比上年增加", Decimal("3.02"))
    # a label the reader elides ("年初预算为…支出决算为", ../shared/real 006 p.23) or dates with
    # the sentence's year (159 p.26); a chart's legend inside it in pdfium's order (166 p.14)
    assert figure_seen(
        "年初预算为0.95万元，支出决算为0.00万元", "年初预算为…支出决算为", Decimal(0)
    )
    assert figure_seen(
        "2026年…收入预算为24995.94万元，比上年增加608.71万元",
        "2026 年，比上年增加",
        Decimal("608.71"),
    )
    assert figure_seen(
        "2022年本部门预算行政20914%事业88060%人员构成收入52016.12万元。2022年本部门预算收入较上年减少",
        "2022 年本部门预算收入",
        Decimal("52016.12"),
    )
    # but where the label's end is printed, the amount must follow it
    assert not figure_seen(
        "本部门预算收入较上年减少20861.44万元", "本部门预算收入", Decimal("52016.12")
    )
    # a figure the page does not print there: another amount, or the label far from it
    assert not figure_seen(page, "上海市普陀区财政局收入预算", Decimal("3121.24"))
    far = "收入预算" + "（说明文字）" * 10 + "3,121.42万元"
    assert not figure_seen(far, "收入预算", Decimal("3121.42"))


@pytest.mark.real
def test_real_narrative_figures_are_seen_on_their_pages():
    from tests.helpers import REAL, read_real

    if not REAL.is_dir():
        pytest.skip("../shared/real is absent")
    # 007 (pdftotext -layout line 84): "2025年，上海市普陀区财政局收入预算3,121.42万元"; the 三公 and
    # 机关运行经费 sentences of p.22 — every narrative figure of the file is found on its page
    frames = read_real("007_sh_putuo_finance_bureau_2025_dept_budget.pdf").frames
    nf = frames.narrative_figures
    income = nf.filter(pl.col("label") == "income_total")
    assert income["amount_wan"].cast(pl.String).to_list() == ["3121.420000"]
    assert nf["page_verified"].to_list() == [True] * nf.height and nf.height >= 7


def test_a_figure_cut_by_a_page_break_is_read_across_it():
    from decimal import Decimal

    from budgetwatch.contract.schema import NARRATIVE_FIGURES
    from budgetwatch.transforms.page_check import check_figures

    # ../shared/real 020 (pdftotext p.27 ends "因公出国（境）费支出 222.5"; p.28's text starts with
    # its page number "28", then "万元，占…"): the number is 222.5, not 222.528; a figure on a page
    # with no text looked at (page 5) is not looked for
    pages = {
        27: "“三公”经费预算支出中，因公出国（境）费支出 222.5",
        28: "28\r\n万元，占“三公”经费的",
    }
    nf = conform(
        pl.DataFrame(
            [
                {"doc_id": "a", "label_text": label, "amount_wan": Decimal(a), "source_page": pg}
                for label, a, pg in (
                    ("因公出国（境）费支出", "222.5", 27),
                    ("因公出国（境）费支出", "222.528", 27),
                    ("收入预算", "1.00", 5),
                )
            ]
        ),
        NARRATIVE_FIGURES,
    )
    assert check_figures(nf, pages)["page_verified"].to_list() == [True, False, None]


def test_a_performance_value_is_looked_for_on_the_page_of_its_line():
    from decimal import Decimal

    from budgetwatch.contract.schema import INDICATORS
    from budgetwatch.transforms.page_check import check_values

    # lines 1-2 on page 1, line 3 on page 2; page 1 prints 新媒体运营总成本 ≤ 163.3202 万元 (real_more
    # 223 line 1575) and 数量 ≥ 3946 箱; "≤16.3202" is printed nowhere (a digit lost by a misread);
    # a value with no number has nothing to look for
    pages = {1: "新媒体运营总成本 ≤ 163.3202 万元\n档案寄存数量 ≥ 3946 箱", 2: "满意度 定性 高"}
    ind = conform(
        pl.DataFrame(
            [
                {"doc_id": "a", "value_raw": raw, "value_number": num, "source_line": line}
                for raw, num, line in (
                    ("≤163.3202万元", Decimal("163.3202"), 1),
                    ("≥3946箱", Decimal("3946"), 2),
                    ("≤16.3202万元", Decimal("16.3202"), 1),
                    ("高", None, 3),
                )
            ]
        ),
        INDICATORS,
    )
    got = check_values(ind, pages, [1, 1, 2])["page_verified"].to_list()
    assert got == [True, True, False, None]
    assert check_values(ind, {}, [])["page_verified"].to_list() == [None] * 4  # no page text


def test_a_flag_citing_a_figure_not_found_on_its_page_is_unverified(settings):
    from budgetwatch.detection.certainty import figure_lines
    from budgetwatch.detection.flagset import assemble
    from budgetwatch.detection.rules_gates import residual_flags
    from tests.sample_frames import public_funds_in_yuan

    # the sample's "日常公用经费 36.80 元" read as 0.00368 万元 (line 566) against 基本支出表's 36.80
    # 万元 is a unit slip (tests/test_detection_causes.py); if pdfium's text of the page did not
    # print that figure beside its label, the flag cannot be verified
    frames = public_funds_in_yuan()

    def unit_flag(seen: bool) -> dict:
        nf = frames.narrative_figures.with_columns(
            page_verified=(pl.col("source_line") != 566) | pl.lit(seen)
        )
        parts = residual_flags(compute_residuals(frames, settings), settings.detection)
        sizes = pl.DataFrame({"doc_id": [DOC], "size_wan": [100.0]})
        flags = assemble(
            parts,
            frames.documents,
            sizes,
            {},
            frames.findings,
            frames.line_items,
            figure_lines(nf, frames.indicators),
        )
        return flags.filter(pl.col("rule_or_model") == "unit_mismatch").row(0, named=True)

    assert unit_flag(True)["verified"] is True
    unseen = unit_flag(False)
    assert unseen["verified"] is False and unseen["severity"] != "critical"
    assert "could not verify: a figure not found on its page" in unseen["explanation"]


def test_the_reader_writes_an_unread_rows_code_and_amounts_as_columns():
    """A 三公 table whose header cannot be read (its labels each on a line of their own: no
    column placed) leaves its rows unread; each ``unread_line`` carries the code its text prints
    first and its amounts, as printed in the page's 万元 (1,721.03 is 1721.03)."""
    labels = ("“三公”经费合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费")
    rows = [
        (200, [(40, "203.730277"), (150, "141.626000"), (260, "2.906125"), (370, "59.198152")]),
        (220, [(40, "2060702 科普活动"), (260, "1.70"), (370, "1,721.03")]),
    ]
    pdf = make_pdf(
        [
            {
                "texts": [
                    (150, 60, 14, "预算09表 财政拨款“三公”经费支出表"),
                    (480, 90, 9, "金额单位：万元"),
                    *[(40 + 110 * k, 110 + 10 * k, 9, label) for k, label in enumerate(labels)],
                    *[(x, y, 9, text) for y, cells in rows for x, text in cells],
                ]
            }
        ]
    )
    findings = read_disclosure(pdf, "pdf/unread.pdf").frames.findings
    unread = findings.filter(pl.col("kind") == "unread_line").sort("source_line")
    assert unread.select("row_code", "amounts").rows() == [
        (None, [Decimal(a) for a in ("203.730277", "141.626000", "2.906125", "59.198152")]),
        ("2060702", [Decimal("1.70"), Decimal("1721.03")]),
    ]
    assert findings.filter(pl.col("kind") != "unread_line")["amounts"].null_count() == (
        findings.height - unread.height
    )
