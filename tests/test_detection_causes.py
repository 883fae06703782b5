"""The eight causes of false and missed flags of issue 11, one or more tests each, built from
text like the real sentences quoted there. Expected values are worked out by hand in the
comments."""

from __future__ import annotations

from decimal import Decimal as D

import polars as pl
import pytest

from budgetwatch.comparison import build_comparisons
from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import (
    DOCUMENTS,
    INDICATORS,
    LINE_ITEMS,
    NARRATIVE_FIGURES,
    PROJECTS,
    Frames,
    conform,
)
from budgetwatch.detection.flagset import assemble, finish
from budgetwatch.detection.rules_gates import residual_flags
from budgetwatch.detection.rules_indicators import quality_flags
from budgetwatch.detection.rules_lines import yoy_line_flags
from budgetwatch.detection.rules_text import stale_year_flags
from budgetwatch.transforms.narrative import narrative_figures
from budgetwatch.transforms.text_reader import read_text
from tests.helpers import residual_rows
from tests.sample_frames import DOC, _item, year_frames


@pytest.fixture(scope="module")
def settings():
    return load_settings()


def figures(text: str, year: int = 2024) -> list[tuple]:
    """(label, amount, ref_year, change_claim) of each narrative figure of ``text``."""
    return [
        (r[0], r[2], r[4], r[5]) for r in narrative_figures(read_text(text).paragraphs, [], year)
    ]


# ---- 1. 三公 stated changes -----------------------------------------------------------------
def test_three_public_stated_change_is_parsed_with_its_amount():
    got = figures("- 3、公务接待费 2.76 万元，比上年减少 0.01 万元。\n")
    assert got == [
        ("three_public_reception", D("2.76"), 2023, "减少"),
        ("three_public_reception_change", D("-0.01"), 2023, "减少"),
    ]


def _reception(year: int, amount: str, doc_id: str) -> Frames:
    """The sample as ``year``'s document with 三、公务接待费 (blank in the sample) = ``amount``."""
    f = year_frames(doc_id, year, {})
    row = _item("three_public_expenses", "", 9, "", "三、公务接待费", "total", amount, 483)
    f.line_items = pl.concat(
        [f.line_items, conform(pl.DataFrame([row | {"doc_id": doc_id}]), LINE_ITEMS)]
    )
    return f


def _reception_claims(settings, before: str, stated: str | None) -> pl.DataFrame:
    """The 三公 reception claims of "公务接待费 2.76 万元，比上年减少[ stated 万元]" (line 582)
    against last year's table printing ``before``."""
    figure = {
        "doc_id": DOC,
        "label": "three_public_reception",
        "amount_wan": D("2.76"),
        "ref_year": 2023,
        "change_claim": "减少",
        "source_line": 582,
    }
    rows = [figure]
    if stated:
        rows.append(figure | {"label": "three_public_reception_change", "amount_wan": D(stated)})
    this = _reception(2024, "2.76", DOC)
    this.narrative_figures = pl.concat(
        [this.narrative_figures, conform(pl.DataFrame(rows), NARRATIVE_FIGURES)]
    )
    claims = build_comparisons(Frames.concat([_reception(2023, before, "d2023"), this]), settings)[
        "yoy_claims"
    ]
    return claims.filter(pl.col("label").str.starts_with("three_public_reception"))


@pytest.mark.parametrize(
    "before, stated, passed",
    [
        ("2.77", "-0.01", True),  # 2.77 → 2.76: the stated −0.01 is the change
        ("2.80", "-0.01", False),  # 2.80 → 2.76 is −0.04, not −0.01 (beyond 0.02)
    ],
)
def test_three_public_stated_change_judged_by_amount(settings, before, stated, passed):
    rec = _reception_claims(settings, before, stated)
    # judged once, by the amount (the direction-only row gives way to the stated change)
    assert rec["label"].to_list() == ["three_public_reception_change"]
    assert rec["passed"].to_list() == [passed]


def test_three_public_direction_needs_only_the_sign(settings):
    # "公务接待费 2.76 万元，比上年减少" with 2.77 → 2.76: a true 减少 however small
    claims = _reception_claims(settings, "2.77", None)
    assert claims.filter(pl.col("label") == "three_public_reception")["passed"].to_list() == [True]


# ---- 2. restated values: info per row, a quality share per document ---------------------------
def test_indicator_quality_share_per_document(settings):
    rows = [
        ("经济效益指标", "节约运行成本", "节约运行成本", None, None),  # restated
        ("社会效益指标", "群众知晓率", "≥95%", "95", "%"),
        ("数量指标", "培训人数（人）", "120人", "120", "人"),
        ("满意度指标", "满意度", "%", None, "%"),
    ]  # bare unit
    ind = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "project_code": "P",
                    "level2": l2,
                    "level3": l3,
                    "description": l3,
                    "value_raw": raw,
                    "value_number": None if n is None else D(n),
                    "value_unit": u,
                    "indicator_no": i,
                    "source_line": 10 + i,
                }
                for i, (l2, l3, raw, n, u) in enumerate(rows, 1)
            ],
            schema_overrides={"value_number": pl.Decimal(20, 6)},
        ),
        INDICATORS,
    )
    f = pl.concat(quality_flags(ind, settings.detection))
    # 2 of 4 state no measurable target: 50 % ≥ 25 %
    assert f.select("actual", "severity").rows() == [("2/4", "info")]


# ---- 4. which sentence is the claim (Jiangsu wording) -----------------------------------------
def test_change_belongs_to_the_figure_before_it():
    text = (
        "此外，基本支出预算数为 13,994.31 万元。与上年相比增加 1,670.85 万元，增长 13.56 %。\n"
        "项目支出预算数为 5,573 万元。与上年相比增加 40 万元，增长 0.72 %。\n"
    )
    got = figures(text, 2018)
    assert ("yoy_basic_change", D("1670.85"), 2017, "增加") in got
    assert ("yoy_project_change", D("40"), 2017, "增加") in got


@pytest.mark.parametrize(
    "text",
    [
        # an item that is not checked: its change is no claim about the total
        "2018 年省检察院机关本级单位预留机动经费预算数为 2,388.04 万元。与上年相比增加 2,247.84 万元。\n",
        "（1）一般公共预算收入预算 21,940.96 万元，与上年相比增加 3,959.28 万元，增长 22 %。\n",
        "2．社会保障和就业支出1890.27万元。主要用于离休费。与上年相比增加 54.05 万元，增幅2.94 %。\n",
        "1．公共安全（类）支出 16,458.75 万元，主要用于检察院行政支出。与上年相比增加 2,802.41 万元。\n",
        "省检察院 2018 年度一般公共预算拨款安排的会议费预算支出 200.44 万元，比上年预算数增加 32.44 万元。\n",
        # a form's wording states no change either way
        "部门预算支出比上年增加（减少）0万元。\n",
    ],
)
def test_changes_of_items_are_not_total_claims(text):
    assert not any(
        label.startswith("yoy_") and label.endswith("_change") for label, *_ in figures(text, 2018)
    )


def test_total_change_from_its_own_clause():
    text = "江苏省人民检察院 2018 年度收入、支出预算总计 21,955.35 万元，与上年相比收、支预算总计各增加 3,958.67 万元。\n"
    assert ("yoy_total_change", D("3958.67"), 2017, "增加") in figures(text, 2018)


# ---- 5. staff for per-person peers ----------------------------------------------------------
@pytest.mark.parametrize(
    "text, authorised, actual",
    [
        ("人员情况：编制人数 28 人，实有人数 25 人。\n", D(28), D(25)),
        ("本部门行政编制 10 名，事业编制 5 名，在职人员 14 人。\n", D(15), D(14)),
    ],
)
def test_staff_from_the_narrative(text, authorised, actual):
    rows = narrative_figures(read_text(text).paragraphs, [], 2024)
    got = {r[0]: r[3] for r in rows}
    assert got == {"headcount_authorised": authorised, "headcount_actual": actual}


# ---- 6. one line jumping while the department stands still ---------------------------------------
def _econ_years(spike: str, staff: tuple[int, int], ended: bool = False):
    """Department 350 in 2023 and 2024 (the sample's tables). 2024: 30201 办公费 2.80 → ``spike``;
    2060702 科普活动 项目支出 1.70 in 2023, 0.17 in 2024 (cut to a tenth). ``ended``: 2023 also
    lists a 1.53 project that 2024 no longer has (it finished; it fits under the 1.70)."""
    y23 = year_frames("d2023", 2023, {("expenditure_summary", "2060702", "project"): "1.70"})
    y24 = year_frames(
        DOC,
        2024,
        {
            ("general_budget_basic_expenditure", "30201", "total"): spike,
            ("expenditure_summary", "2060702", "project"): "0.17",
        },
    )
    for f, n in ((y23, staff[0]), (y24, staff[1])):
        f.narrative_figures = pl.concat(
            [
                f.narrative_figures,
                conform(
                    pl.DataFrame(
                        [
                            {
                                "doc_id": f.documents["doc_id"][0],
                                "label": "headcount_actual",
                                "quantity": D(n),
                                "source_line": 540,
                            }
                        ]
                    ),
                    NARRATIVE_FIGURES,
                ),
            ]
        )
    if ended:
        y23.projects = pl.concat(
            [
                y23.projects,
                conform(
                    pl.DataFrame(
                        [{"doc_id": "d2023", "project_code": "P99", "budget_wan": D("1.53")}]
                    ),
                    PROJECTS,
                ),
            ]
        )
    return Frames.concat([y23, y24])


def test_one_economic_line_times_five(settings):
    frames = _econ_years("14.00", (28, 28))  # 办公费 2.80 → 14.00: ×5; the rest of 基本支出 equal
    cfg = settings.detection.model_copy(update={"min_yoy_line_wan": 1.0})
    cmp = build_comparisons(frames, settings)
    f = pl.concat(yoy_line_flags(cmp, frames.narrative_figures, frames.projects, cfg))
    assert "general_budget_basic_expenditure/30201/total" in f["subject"].to_list()
    # staff doubling explains it: 28 → 56 is beyond ×1.25
    frames = _econ_years("14.00", (28, 56))
    cmp = build_comparisons(frames, settings)
    f = yoy_line_flags(cmp, frames.narrative_figures, frames.projects, cfg)
    assert not f or "general_budget_basic_expenditure/30201/total" not in pl.concat(f)["subject"]


def test_function_item_cut_to_a_tenth(settings):
    cfg = settings.detection.model_copy(update={"min_yoy_line_wan": 1.0})
    frames = _econ_years("2.80", (28, 28))
    cmp = build_comparisons(frames, settings)
    f = pl.concat(yoy_line_flags(cmp, frames.narrative_figures, frames.projects, cfg))
    assert "expenditure_summary/2060702/project" in f["subject"].to_list()  # 0.17 ≤ 0.2 × 1.70
    # a finished project of 1.53 (≥ half the 1.53 fall, and fits under 1.70) explains it
    frames = _econ_years("2.80", (28, 28), ended=True)
    cmp = build_comparisons(frames, settings)
    f = yoy_line_flags(cmp, frames.narrative_figures, frames.projects, cfg)
    assert not f or "expenditure_summary/2060702/project" not in pl.concat(f)["subject"]


@pytest.mark.parametrize(
    "tables, flagged",
    [
        (("general_budget_expenditure",), "general_budget_expenditure/2060404/project"),
        (
            ("expenditure_summary", "general_budget_expenditure"),
            "expenditure_summary/2060404/project",
        ),
    ],
)
def test_a_project_line_falling_to_a_seventh_in_whichever_table(settings, tables, flagged):
    # issue 18 miss: 2060404 科技成果转化与扩散 项目支出 70.00 in 2023 (the sample's), 10.00 in 2024:
    # 10 / 70 = 0.14 ≤ 0.2, no project ended; printed in 一般公共预算支出表 alone (支出总表 kept
    # at 70.00) or in both tables — one flag for the code either way
    cfg = settings.detection.model_copy(update={"min_yoy_line_wan": 1.0})
    y23 = year_frames("d2023", 2023, {})
    y24 = year_frames(DOC, 2024, {(t, "2060404", "project"): "10.00" for t in tables})
    cmp = build_comparisons(Frames.concat([y23, y24]), settings)
    f = pl.concat(yoy_line_flags(cmp, y24.narrative_figures, y24.projects, cfg))
    falls = f.filter(pl.col("subject").str.contains("/2060404/"))
    assert falls["subject"].to_list() == [flagged]
    assert falls.select("expected", "actual").row(0) == ("70.0", "10.0")


@pytest.mark.parametrize(
    "table, code, column, odd, level, subject",
    [
        # 30201 办公费: 2.80 in 2024 after a dip to 0.56 in 2023 (×5.0 up, 2.80 / 0.56)
        (
            "general_budget_basic_expenditure",
            "30201",
            "total",
            "0.56",
            "2.80",
            "general_budget_basic_expenditure/30201/total",
        ),
        # 2060702 科普活动 项目支出: 1.70 in 2024 after a jump to 11.90 in 2023 (1.70 / 11.90 =
        # 0.143 ≤ 0.2: a fall to a seventh)
        ("expenditure_summary", "2060702", "project", "11.90", "1.70", None),
    ],
)
def test_a_line_back_at_its_level_after_one_odd_year_is_no_finding(
    settings, table, code, column, odd, level, subject
):
    """A line at ``level`` in 2022 and 2024 and ``odd`` in 2023 only: 2024 returns to where
    the line stood (2.80 / 2.80 = 1.0, within ×/÷ 1.25) — the odd year is 2023's, so 2024 gets
    no flag. The same 2024 after two years at ``odd`` (2022 = 2023) moves for real: flagged."""
    subject = subject or f"{table}/{code}/{column}"
    cfg = settings.detection.model_copy(update={"min_yoy_line_wan": 1.0})
    key = (table, code, column)
    y23 = year_frames("d2023", 2023, {key: odd})
    y24 = year_frames(DOC, 2024, {key: level})

    def subjects(y22_amount):
        y22 = year_frames("d2022", 2022, {key: y22_amount})
        cmp = build_comparisons(Frames.concat([y22, y23, y24]), settings)
        parts = yoy_line_flags(cmp, y24.narrative_figures, y24.projects, cfg)
        flags = pl.concat(parts) if parts else pl.DataFrame({"subject": [], "doc_id": []})
        return flags.filter(pl.col("doc_id") == DOC)["subject"].to_list()

    assert subject not in subjects(level)  # 2022 = 2024: back at its level
    assert subject in subjects(odd)  # 2022 = 2023: 2024's own move


def test_a_comparison_two_years_back_says_so(settings):
    # issue 18: 2023's document absent (or quarantined), 2024 is compared with 2022 — the flag
    # says it: 2060404 项目支出 70.00 in 2022, 10.00 in 2024
    cfg = settings.detection.model_copy(update={"min_yoy_line_wan": 1.0})
    y22 = year_frames("d2022", 2022, {})
    y24 = year_frames(DOC, 2024, {("expenditure_summary", "2060404", "project"): "10.00"})
    cmp = build_comparisons(Frames.concat([y22, y24]), settings)
    f = pl.concat(yoy_line_flags(cmp, y24.narrative_figures, y24.projects, cfg))
    row = f.filter(pl.col("subject") == "expenditure_summary/2060404/project").row(0, named=True)
    assert "compared with 2022, 2 years back — no 2023 document" in row["explanation"]


# ---- 7. stale years in sentences, values and descriptions --------------------------------------
def test_sentence_leading_year_dates_its_figure():
    got = narrative_figures(
        read_text("2018年，部门机关运行经费共计安排 36.80 万元，主要用于办公费。\n").paragraphs,
        [],
        2023,
    )
    assert got[0][0] == "org_running" and got[0][1] == "2018年，部门机关运行经费共计安排"


def test_stale_years_in_sentence_value_and_description():
    docs = conform(pl.DataFrame([{"doc_id": "a", "fiscal_year": 2023}]), DOCUMENTS)
    nf = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "label": "org_running",
                    "label_text": "2018年，部门机关运行经费共计安排",
                    "amount_wan": D("36.80"),
                    "source_line": 5,
                },
                {
                    "doc_id": "a",
                    "label": "yoy_total_change",
                    "label_text": "较 2022年预算增加",
                    "amount_wan": D("5"),
                    "source_line": 6,
                },
            ]
        ),
        NARRATIVE_FIGURES,
    )
    prj = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "project_code": "P",
                    "project_no": 1,
                    "project_name": "2021年乡村振兴专项经费",
                    "budget_wan": D("10"),
                }
            ]
        ),
        PROJECTS,
    )
    ind = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "project_code": "P",
                    "level2": "时效指标",
                    "level3": "完成时限",
                    "description": "完成时限",
                    "value_raw": "2019年11月底前",
                    "indicator_no": 1,
                },
                {
                    "doc_id": "a",
                    "project_code": "P",
                    "level2": "数量指标",
                    "level3": "培训人数",
                    "description": "2016年培训人数",
                    "value_raw": "20人",
                    "indicator_no": 2,
                },
                # the project's own name carries its start year: no date of the target
                {
                    "doc_id": "a",
                    "project_code": "P",
                    "level2": "社会效益指标",
                    "level3": "成效",
                    "description": "保障2021年乡村振兴专项经费实施",
                    "value_raw": "有效",
                    "indicator_no": 3,
                },
                {
                    "doc_id": "a",
                    "project_code": "P",
                    "level2": "时效指标",
                    "level3": "完成时限",
                    "description": "完成时限",
                    "value_raw": "2023年12月底前",
                    "indicator_no": 4,
                },
            ]
        ),
        INDICATORS,
    )
    f = pl.concat(
        stale_year_flags(Frames(documents=docs, narrative_figures=nf, projects=prj, indicators=ind))
    )
    got = sorted(zip(f["rule_or_model"], f["subject"], f["actual"]))
    # 较 2022年 is a comparison base, not a date; the project name's 2021 is info (no 上年结转)
    assert got == [
        ("stale_year_indicator", "P/1", "2019"),
        ("stale_year_indicator", "P/2", "2016"),
        ("stale_year_narrative", "narrative/org_running/5", "2018"),
        ("stale_year_project", "P", "2021"),
    ]


@pytest.mark.parametrize(
    "label_text",
    [
        "（2016 年度一般公共预算财政拨款支出预算为",  # the figure itself is the quoted base
        "一般公共预算财政拨款支出预算（2016年为8,648.07万元）为",
    ],
)
def test_last_years_base_in_parentheses_is_no_stale_year(label_text):
    # issue 18: a 2017 narrative quoting last year's base in parentheses
    # ("（2016 年度…为 8,648.07 万元）") names 2016 as a comparison base, not as its own year
    docs = conform(pl.DataFrame([{"doc_id": "a", "fiscal_year": 2017}]), DOCUMENTS)
    nf = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "label": "expenditure_total",
                    "label_text": label_text,
                    "amount_wan": D("8648.07"),
                    "source_line": 5,
                }
            ]
        ),
        NARRATIVE_FIGURES,
    )
    assert stale_year_flags(Frames(documents=docs, narrative_figures=nf)) == []
    # the same phrase without parentheses dates the figure 2016: stale
    plain = nf.with_columns(label_text=pl.lit("2016 年度一般公共预算财政拨款支出预算为"))
    f = pl.concat(stale_year_flags(Frames(documents=docs, narrative_figures=plain)))
    assert f["actual"].to_list() == ["2016"]


# ---- 8. rank by consequence ------------------------------------------------------------------
def test_rank_by_money_at_stake_over_size(settings):
    # department of 100 万元: a 4.80 万元 三公 line printed in 元 (48000 under 万元; residual
    # 47995.20) is 4.80 at stake = 0.048; an identity off by 10 is 10 at stake = 0.10
    r = residual_rows(
        ("N4", "narrative_mismatch", "三公", "4.80", "48000.00", False, 9),
        ("W3", "identity_break", "206", "90", "100", False, 20),
    )
    docs = conform(pl.DataFrame([{"doc_id": "a", "fiscal_year": 2024}]), DOCUMENTS)
    sizes = pl.DataFrame({"doc_id": ["a"], "size_wan": [100.0]})
    flags = assemble(residual_flags(r, settings.detection), docs, sizes)
    critical = flags.filter(pl.col("severity") == "critical").sort("rank")
    assert critical.select("rule_or_model", "score").rows() == [
        ("gate:identity_break", 0.1),
        ("unit_mismatch", 0.048),
    ]


def test_a_difference_two_identities_see_ranks_above_a_larger_one_seen_once(settings):
    """Rank by confidence, then consequence (issue 18 item 2): 10.00 off in two identities (a
    类's sum of its 款, W3, and its copy in another table, X4: two looks agreeing) ranks above
    500.00 off in one (W6) though 500.00 puts fifty times the money at stake."""
    r = residual_rows(
        ("W3", "identity_break", "t/201/total~basic+project", "100.00", "110.00", False, 10),
        ("X4", "identity_break", "t/201/total~u/201/total", "110.00", "100.00", False, 11),
        ("W6", "identity_break", "u/合计/amount", "1000.00", "1500.00", False, 30),
    )
    docs = conform(pl.DataFrame([{"doc_id": "a", "fiscal_year": 2024}]), DOCUMENTS)
    sizes = pl.DataFrame({"doc_id": ["a"], "size_wan": [2000.0]})
    flags = assemble(residual_flags(r, settings.detection), docs, sizes).sort("rank")
    assert flags.select("check_id", "confidence", "score").rows() == [
        ("W3", 2, 0.005),  # 10 / 2000
        ("X4", 2, 0.005),
        ("W6", 1, 0.25),  # 500 / 2000
    ]


def test_config_overrides_a_rules_severity(settings):
    df = finish(
        pl.DataFrame(
            {
                "doc_id": ["a"],
                "subject": ["x"],
                "expected": ["e"],
                "actual": ["a"],
                "explanation": ["x"],
                "source_line": [1],
            }
        ),
        "name_mismatch",
    )
    docs = conform(pl.DataFrame([{"doc_id": "a", "fiscal_year": 2024}]), DOCUMENTS)
    sizes = pl.DataFrame({"doc_id": ["a"], "size_wan": [1.0]})
    assert assemble([df], docs, sizes)["severity"].to_list() == ["info"]
    assert assemble([df], docs, sizes, {"name_mismatch": "warning"})["severity"].to_list() == [
        "warning"
    ]


# ---- 9. a table printing figures under its own note that it is empty (issue 18 miss) ----------
@pytest.mark.parametrize(
    "note, flagged",
    [
        ("本部门无“三公”经费，故本表为空表。", True),
        ("本单位无因公出国（境）费支出。", False),  # one item absent: the table is not said empty
    ],
)
def test_figures_under_a_note_saying_the_table_is_empty(note, flagged):
    from budgetwatch.detection.rules_notes import empty_note_flags
    from tests.sample_frames import sample_frames

    # the sample's 三公 table (lines 464-483) prints 合计 3.00, 公务用车运行维护费 3.00
    frames = sample_frames()
    frames.table_status = frames.table_status.with_columns(
        note=pl.when(pl.col("table_id") == "three_public_expenses").then(pl.lit(note)),
        title=pl.when(pl.col("table_id") == "three_public_expenses").then(
            pl.lit("“三公”经费支出表")
        ),
        source_line=pl.when(pl.col("table_id") == "three_public_expenses").then(pl.lit(463)),
    )
    f = empty_note_flags(frames)
    if not flagged:
        assert f == []
        return
    row = pl.concat(f).row(0, named=True)
    assert row["subject"] == "three_public_expenses/empty_note" and row["source_line"] == 463
    # non-zero cells: 合计, 小计, 二、公务用车购置及运维费, 公务用车运行维护费 — 3.00 each, in the
    # 合计 and 一般公共预算 columns: 4 rows × 2 columns
    assert row["actual"] == "8 non-zero amounts" and "the largest 3.0 万元" in row["explanation"]


def test_a_narrative_amount_in_yuan_where_the_table_prints_the_same_number_in_wan(settings):
    # issue 18 miss: "日常公用经费 36.80 元" in the narrative (read as 0.00368 万元) while 基本支出表
    # prints 公用经费 36.80 under 单位：万元 (line 387): 36.80 / 0.00368 = 10000 — one of the two
    # units is wrong; flagged as a unit slip, at stake the smaller side
    from budgetwatch.detection.rules_gates import residual_flags
    from budgetwatch.expectations.residuals import compute_residuals
    from tests.sample_frames import public_funds_in_yuan

    frames = public_funds_in_yuan()
    flags = pl.concat(residual_flags(compute_residuals(frames, settings), settings.detection))
    unit = flags.filter(
        (pl.col("rule_or_model") == "unit_mismatch")
        & pl.col("subject").str.contains("narrative/public_funds")
    )
    assert unit.height == 1
    assert D(unit["expected"][0]) == D("36.80") and D(unit["actual"][0]) == D("0.00368")


# ---- issue 18: false-alarm classes of the real_more review (tuning half) --------------------
def _projects_and_costs(
    budgets: dict, costs: list[tuple], names: dict | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A 绩效目标表 as frames: project code → 预算数 (and name, the code if not given), and its
    成本指标 (code, 三级指标, value as printed, number, unit as the reader splits it)."""
    prj = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "project_code": c,
                    "project_no": n,
                    "project_name": (names or {}).get(c, c),
                    "budget_wan": D(b),
                    "source_line": n,
                }
                for n, (c, b) in enumerate(budgets.items(), start=1)
            ]
        ),
        PROJECTS,
    )
    ind = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "project_code": c,
                    "level1": "产出指标",
                    "level2": "经济成本指标",
                    "level3": l3,
                    "value_raw": raw,
                    "value_number": D(num) if num else None,
                    "value_unit": unit,
                    "source_line": 100 + i,
                    "indicator_no": i,
                }
                for i, (c, l3, raw, num, unit) in enumerate(costs, start=1)
            ]
        ),
        INDICATORS,
    )
    return prj, ind


def _cost_flags(settings, budgets: dict, costs: list[tuple], **kw) -> list[tuple]:
    """(subject, expected, actual) of cost_indicator_mismatch on ``_projects_and_costs``'s frames
    (``extra``: more indicator rows; ``names``: project names)."""
    from budgetwatch.detection.rules_projects import cost_indicator_flags

    prj, ind = _projects_and_costs(budgets, costs, kw.get("names"))
    if kw.get("extra") is not None:
        ind = pl.concat([ind, kw["extra"]])
    flags = cost_indicator_flags(prj, ind, settings.detection)
    return pl.concat(flags).select("subject", "expected", "actual").rows() if flags else []


def test_a_cost_label_printing_its_unit_is_money_or_a_cost_per_item(settings):
    # real_more 351 p.~40: 财政委托业务 251.99 = 政府债务管理…(万元/年) ≤110.01 + 财政工作相关费用
    # (万元/年) ≤141.98 (110.01 + 141.98 = 251.99): money in the label's unit, parts of the budget;
    # 349: 样本调查成本（元/份）≤9 a cost per item. P4 (万元/年) ≤60 over a 50.00 budget is still
    # money above it; 332's 总支出成本控制率 ≤100% and the sample's "解决疑难问题 ≥95%" (line 962)
    # are still no money where money belongs
    flags = _cost_flags(
        settings,
        {"P1": "251.99", "P2": "26.90", "P3": "21.50", "P4": "50.00", "P5": "32.30"},
        [
            ("P1", "政府债务管理及政策调研等工作(万元/年)", "≤110.01", "110.01", ""),
            ("P1", "财政工作相关费用(万元/年)", "≤141.98", "141.98", ""),
            ("P2", "样本调查成本（元/份）", "≤9", "9", ""),
            ("P3", "总支出成本控制率", "≤100%", "100", "%"),
            ("P4", "工作经费（万元/年）", "≤60", "60", ""),
            ("P5", "解决疑难问题", "≥95%", "95", "%"),
        ],
    )
    assert D("110.01") + D("141.98") == D("251.99")
    assert [(s, a) for s, _, a in flags] == [
        ("P4/工作经费（万元/年）", "≤60"),
        ("P3/总支出成本控制率", "≤100%"),
        ("P5/解决疑难问题", "≥95%"),
    ]


def test_projects_the_department_passes_on_fit_under_none_of_its_lines():
    from budgetwatch.detection.rules_projects import project_function_flags

    # real_more 333: 项目支出 68,957.85 (2069999 68,957.85 here), 15 projects Σ 70,957.85, the
    # difference 2,000.00 = 「市级科技创新专项（转移支付）」: a transfer, not its own 项目支出;
    # real_more 332: 项目支出 798.28 (80.00 + 643.28 + 75.00) against 25 projects Σ 40,481.83;
    # here 80.00 + 643.28 + 75.00 + 571.17 + 16,000.00 + 700.00 = 18,069.45 exceeds it by
    # 17,271.17, more than all its 项目支出: the table covers money beyond the department's own
    def case(leaves: dict, budgets: dict, names: dict):
        li = conform(
            pl.DataFrame(
                [
                    {
                        "doc_id": "a",
                        "table_id": "expenditure_summary",
                        "code": c,
                        "name": c,
                        "column_id": "project",
                        "amount_wan": D(v),
                        "source_line": k,
                    }
                    for k, (c, v) in enumerate(leaves.items())
                ]
            ),
            LINE_ITEMS,
        )
        prj = conform(
            pl.DataFrame(
                [
                    {
                        "doc_id": "a",
                        "project_code": c,
                        "project_no": n,
                        "project_name": names.get(c, c),
                        "budget_wan": D(b),
                        "source_line": n,
                    }
                    for n, (c, b) in enumerate(budgets.items(), start=1)
                ]
            ),
            PROJECTS,
        )
        return project_function_flags(li, prj)

    assert (
        case(
            {"2069999": "68957.85"},
            {"P1": "68957.85", "P5": "2000.00"},
            {"P5": "市级科技创新专项（转移支付）"},
        )
        == []
    )
    assert (
        case(
            {"2080201": "80.00", "2080299": "643.28", "2296002": "75.00"},
            {
                "P1": "80.00",
                "P2": "643.28",
                "P3": "75.00",
                "P4": "571.17",
                "P5": "16000.00",
                "P6": "700.00",
            },
            {},
        )
        == []
    )
    assert D("80.00") + D("643.28") + D("75.00") == D("798.28")
    # the independent corpus's seed 11 (tests/gen_alt.py, 常熟市 2021): its one project's 预算数
    # 147.43 printed 208.43, above all of 项目支出 by 61.00, less than all of it: a misprint
    # until the document says the money is passed on
    flags = pl.concat(case({"2060199": "147.43"}, {"P1": "208.43"}, {}))
    assert flags.select("subject", "expected", "actual").rows() == [
        ("expenditure_summary/2060199/project", "147.43", "208.43")
    ]
    assert case({"2060199": "147.43"}, {"P1": "208.43"}, {"P1": "对下转移支付资金"}) == []
    # one own project misprinted (+0.29, the sample's 单位取暖费 2.00 for 1.70) is still named
    flags = case(
        {"2080201": "80.00", "2080299": "643.28"}, {"P1": "80.00", "P2": "641.58", "P3": "2.00"}, {}
    )
    assert pl.concat(flags)["subject"].to_list() == ["expenditure_summary/2080299/project"]


def _indicators(level1: str, rows: list[tuple]) -> pl.DataFrame:
    """Indicator rows of project P from (二级, 三级指标, printed value, number, unit) tuples."""
    return conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "project_code": "P",
                    "level1": level1,
                    "level2": l2,
                    "level3": l3,
                    "value_raw": raw,
                    "value_number": D(n),
                    "value_unit": u,
                    "source_line": i,
                    "indicator_no": i,
                }
                for i, (l2, l3, raw, n, u) in enumerate(rows)
            ]
        ),
        INDICATORS,
    )


def _flagged(rule, level1: str, rows: list[tuple]) -> list[str]:
    """The printed values ``rule`` flags among ``_indicators(level1, rows)``."""
    return pl.concat(rule(_indicators(level1, rows)))["actual"].to_list()


def test_a_share_of_a_count_asks_no_count():
    from budgetwatch.detection.rules_indicators import boilerplate_flags

    # real_more 240 (pdftotext lines 1426, 1788): "核心论文占比数量 ＝100%", "资助学生的数量占比在校人数
    # ≤60%" end in a count word but ask the share (占比); "小视频数量 ≥20%" (real_more 234, a
    # reviewed true flag) and "覆盖区县数量 ＝100%" still ask a count
    rows = [
        ("质量指标", "核心论文占比数量", "＝100%", "100", "%"),
        ("数量指标", "资助学生的数量占比在校人数", "≤60%", "60", "%"),
        ("数量指标", "小视频数量", "≥20%", "20", "%"),
        ("数量指标", "覆盖区县数量", "＝100%", "100", "%"),
    ]
    assert _flagged(boilerplate_flags, "产出指标", rows) == ["≥20%", "＝100%"]


def test_a_count_qualified_by_a_rate_asks_a_count():
    from budgetwatch.detection.rules_indicators import boilerplate_flags, label_value_flags

    # real 124 (预算13表, pdftotext -layout lines 7857-7862): "监测数据传输频率≤10分钟的采集点数 ≥10个"
    # and "异常情况处理率=100%的采集点数 ≥20个" count points (the head noun after the last 的), no
    # rate misfit; the same label with ≥95% is a count asked and a share given, and "…的综合指数
    # 达标率 ≥3个" (its head ends in 率) still asks a rate
    rows = [
        ("数量指标", "监测数据传输频率≤10分钟的采集点数", "≥10个", "10", "个"),
        ("数量指标", "异常情况处理率=100%的采集点数", "≥20个", "20", "个"),
        ("质量指标", "监测数据的综合指数达标率", "≥3个", "3", "个"),
    ]
    assert _flagged(label_value_flags, "产出指标", rows) == ["≥3个"]
    # and "发放物价补贴的学生占学生数 ＝100%" (real_more 240, line 2475) is a share (占), no count
    share = [
        ("数量指标", "异常情况处理率=100%的采集点数", "≥95%", "95", "%"),
        ("数量指标", "发放物价补贴的学生占学生数", "＝100%", "100", "%"),
    ]
    assert _flagged(boilerplate_flags, "产出指标", share) == ["≥95%"]


def test_a_change_counted_or_a_frequency_is_no_rate_misfit():
    from budgetwatch.detection.rules_indicators import label_value_flags

    # real_more 338: 带动就业增长 100人 counts the jobs added; 333's 社会公众满意度 ≤3次 asks a rate.
    # 223 (line 1394): "硬件设备巡检频率 ≥12次" — a frequency is a count per period (or a rate),
    # not a rate because it ends in 率 (round 6); "设备完好率 12次" still asks a rate
    rows = [
        ("社会效益指标", "带动就业增长", "100人", "100", "人"),
        ("服务对象满意度指标", "社会公众满意度", "≤3次", "3", "次"),
        ("时效指标", "硬件设备巡检频率", "≥12次", "12", "次"),
        ("质量指标", "设备完好率", "12次", "12", "次"),
    ]
    assert _flagged(label_value_flags, "效益指标", rows) == ["≤3次", "12次"]


def test_a_rate_over_a_span_and_an_activity_named_by_a_rate_are_no_misfits():
    from budgetwatch.detection.rules_indicators import boilerplate_flags, label_value_flags

    # real_more 220 (held, round 10's two false alarms): "系统使用期限内正常运行率 ≥98%" ends in 率, a
    # rate, though it names a span (期限); "运用大数据手段开展用户知晓率调查 ＝1项" counts surveys, its
    # head noun 调查 an activity. "设备使用年限 ≥98%" still asks years, "用户知晓率 ＝2项" a rate
    spans = [
        ("质量指标", "系统使用期限内正常运行率", "≥98%", "98", "%"),
        ("质量指标", "设备使用年限", "≥97%", "97", "%"),
    ]
    assert _flagged(boilerplate_flags, "产出指标", spans) == ["≥97%"]
    counts = [
        ("数量指标", "运用大数据手段开展用户知晓率调查", "＝1项", "1", "项"),
        ("数量指标", "用户知晓率", "＝2项", "2", "项"),
    ]
    assert _flagged(label_value_flags, "产出指标", counts) == ["＝2项"]


def test_per_unit_costs_and_social_costs(settings):
    # real_more held half (classes found after its round-4 measurement): 343's "二类会议（元·人/天）
    # 420" and "空调(台/元) ≤3000" are costs per item; 232's "单个场所端设备安装调试费 ≤7.5万元" is
    # per site (with it ≤150 + 7.5 = 157.5 > 152.00; without, 150 ≤ 152.00); its "施工扰民遭遇投诉次数
    # ≤2次" is a 社会成本指标, no money by nature; 232's "咨询总成本 ≤37万元" names the whole of a
    # 40.00 project, below 预算数
    social = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "project_code": "P4",
                    "level1": "成本指标",
                    "level2": "社会成本指标",
                    "level3": "施工扰民遭遇投诉次数",
                    "value_raw": "≤2次",
                    "value_number": D("2"),
                    "value_unit": "次",
                    "source_line": 200,
                    "indicator_no": 9,
                }
            ]
        ),
        INDICATORS,
    )
    assert D("150") + D("7.5") == D("157.5")
    assert _cost_flags(
        settings,
        {"P1": "20.09", "P2": "0.85", "P3": "152.00", "P4": "14.75", "P6": "40.00"},
        [
            ("P1", "二类会议（元·人/天）", "420", "420", ""),
            ("P2", "空调(台/元)", "≤3000", "3000", ""),
            ("P3", "单个场所端设备安装调试费", "≤7.5万元", "7.5", "万元"),
            ("P3", "第三方承建单位端设备安装调试费", "≤150万元", "150", "万元"),
            ("P6", "咨询总成本", "≤37万元", "37", "万元"),
        ],
        extra=social,
    ) == [("P6/咨询总成本", "40.00", "≤37万元")]


def test_a_cost_target_of_another_kind_is_not_the_projects_whole(settings):
    # strict reading (issue 18 round 6): a 成本指标 is set against the whole 预算数 only where it
    # names the project's whole. Hand-read (pdftotext -layout), real_more 223: 宣传服务项目 293.5602
    # prints 报纸发行费 ≤130.24 (line 1574) and 新媒体运营总成本 ≤163.3202 (line 1575): an item's
    # 总成本, the two add up to 预算数; 就业管理咨询与评审服务项目 78.5242: 法律服务总成本 ≤8.9 and
    # 职业技能等级认定费总成本 ≤69.6242 (lines 877-878); 就业管理工作经费项目 600.7196: 高校就业创业
    # 指导服务站建设服务总成本 ≤80 beside 档案寄存…服务费 ≤90.7196 and “创业北京”…服务费 ≤430 (lines
    # 750-752). 257 line 425: 机动经费 50.00, "机动经费占单位预算总额比例 ≤4%": a share of the unit's
    # budget, a target of its own. Still raised: the project's own 工作经费总额 above its budget
    # (tuning 333 #8: ≤60 on 50.00), a generic 项目总成本 below it, a named whole that is the
    # project's only money (232: 咨询总成本 ≤37 on 40.00), a rate where money belongs.
    assert D("130.24") + D("163.3202") == D("293.5602")
    assert D("8.9") + D("69.6242") == D("78.5242")
    assert D("80") + D("90.7196") + D("430") == D("600.7196")
    money = [
        ("A", "报纸发行费", "≤130.24万元", "130.24", "万元"),
        ("A", "新媒体运营总成本", "≤163.3202万元", "163.3202", "万元"),
        ("B", "法律服务总成本", "≤8.9万元", "8.9", "万元"),
        ("B", "职业技能等级认定费总成本", "≤69.6242万元", "69.6242", "万元"),
        ("C", "高校就业创业指导服务站建设服务总成本", "≤80万元", "80", "万元"),
        ("C", "机构档案管理服务：档案寄存及数字化加工服务费", "≤90.7196万元", "90.7196", "万元"),
        ("C", "“创业北京”创业创新大赛服务费", "≤430万元", "430", "万元"),
        ("D", "机动经费占单位预算总额比例", "≤4%", "4", "%"),
        ("E", "科技特派员联席会议办公室工作经费总额", "≤60万元", "60", "万元"),
        ("F", "项目总成本", "≤20万元", "20", "万元"),
        ("F", "会议费", "≤3万元", "3", "万元"),
        ("G", "咨询总成本", "≤37万元", "37", "万元"),
        ("H", "降低企业参展购买展位成本", "≤100%", "100", "%"),
    ]
    budgets = {"A": "293.5602", "B": "78.5242", "C": "600.7196", "D": "50.00", "E": "50.00"}
    budgets |= {"F": "25.00", "G": "40.00", "H": "210.00"}
    names = {"E": "科技特派员联席会议办公室工作经费", "G": "首都高端智库项目研究经费"}
    # (money flags first, the largest first)
    assert _cost_flags(settings, budgets, money, names=names) == [
        ("E/科技特派员联席会议办公室工作经费总额", "50.00", "≤60万元"),
        ("G/咨询总成本", "40.00", "≤37万元"),
        ("F/项目总成本", "25.00", "≤20万元"),
        ("H/降低企业参展购买展位成本", "210.00", "≤100%"),
    ]


def test_a_bare_amount_under_a_money_label_is_money_in_yuan_or_wan(settings):
    # held real_more round 9 (studied after its measurement), pdftotext -layout: 302 line 773
    # "项目采购成本；实施周期指标值:＜20151600" on a 1,400.54 万元 project (line 763) and 306 line
    # 3945 "不超出预算；实施周期指标值：≤699050" on 69.91 万元 (line 3941) print no unit; both were
    # flagged "not money". A bare number under a label naming money is money in 元 or 万元:
    # 699050 元 = 69.905 万元 is the 预算数 within 0.01 (no flag); 20151600 元 = 2,015.16 万元 is
    # above 1,400.54 in either unit (flagged, as money). A bare 25.743118 that is the 预算数 in 万元
    # (tuning 240 line 2272) states it. A rate (人工成本控制率 ≤1, 302) is still no money.
    assert D("699050") / 10000 - D("69.91") == D("-0.005")
    budgets = {"A": "1400.54", "B": "69.91", "C": "25.743118", "D": "12000.00"}
    costs = [
        ("A", "项目采购成本", "<20151600", "20151600", ""),
        ("B", "不超出预算", "≤699050", "699050", ""),
        ("C", "项目成本", "≤25.743118", "25.743118", ""),
        ("D", "人工成本控制率", "≤1", "1", ""),
    ]
    assert _cost_flags(settings, budgets, costs) == [
        ("A/项目采购成本", "1400.54", "<20151600"),
        ("D/人工成本控制率", "12000.00", "≤1"),
    ]
    from budgetwatch.detection.rules_projects import cost_indicator_flags

    prj, ind = _projects_and_costs(budgets, costs)
    flag = pl.concat(cost_indicator_flags(prj, ind, settings.detection)).row(0, named=True)
    assert flag["actual_wan"] == D("2015.16") and "but 预算数" in flag["explanation"]


def test_a_cost_of_one_item_is_no_part_of_the_whole(settings):
    # held real_more 302 line 692-693 (round 9, studied after its measurement): "单条链路租赁成本
    # ≤3000" — the rent of one link, per item as 单个 / 单次 are; 3000 元 = 0.30 万元 is above a
    # 0.20 万元 budget only as a part of it. The whole cost (租赁总成本) is still a part.
    budgets = {"A": "0.20", "B": "0.20"}
    costs = [
        ("A", "单条链路租赁成本", "≤3000元", "3000", "元"),
        ("B", "链路租赁总成本", "≤3000元", "3000", "元"),
    ]
    assert _cost_flags(settings, budgets, costs) == [("B/链路租赁总成本", "0.20", "≤3000元")]


def test_a_quality_label_and_a_label_glued_to_the_wrapped_cell_beside_it():
    from budgetwatch.detection.rules_indicators import boilerplate_flags, label_value_flags

    # real_more 341 (pdftotext -layout line 1132): "根据抽样人群测算全市失能半失能老年人数质量 100%"
    # names a quality, not a count of people; 232 (lines 2862-2865): the 社会效益指标 cell
    # "通过完善信息化建设提升/规范内部管理、提高办公/效率、整合内部资源、加" wraps onto the next row,
    # whose label is "开展党员整体培训 ＝1次" (a count: 效率 is the row above's). A label whose last
    # clause asks a count still does ("培训人数 100%"), and one asking a rate still does ("…，培训覆盖率 3人")
    rows = [
        ("数量指标", "根据抽样人群测算全市失能半失能老年人数质量", "100%", "100", "%"),
        ("数量指标", "效率、整合内部资源、加开展党员整体培训", "＝1次", "1", "次"),
        ("数量指标", "开展党员培训、培训人数", "100%", "100", "%"),
        ("质量指标", "规范内部管理，培训覆盖率", "3人", "3", "人"),
    ]
    assert _flagged(boilerplate_flags, "产出指标", rows) == ["100%"]
    ind = _indicators("产出指标", rows)
    assert pl.concat(boilerplate_flags(ind))["explanation"].str.contains("培训人数").all()
    assert _flagged(label_value_flags, "产出指标", rows) == ["3人"]


def test_x9_over_money_the_department_passes_on(settings):
    from tests.helpers import SAMPLE_PROJECT_BUDGETS

    # X9 (Σ 预算数 above 项目支出) where the 绩效目标表 covers money passed on: real_more 333's 15
    # projects Σ 70,957.85 on 项目支出 68,957.85, the difference 「市级科技创新专项（转移支付）」 2,000.00;
    # 332's 项目支出 798.28 (80.00 + 643.28 + 75.00) against 专项 money passed on (Σ 18,069.45
    # exceeds it by 17,271.17, more than all of it). The sample's 13 projects Σ 983.63 on 项目支出
    # 983.34 (0.29 over) stay a flag, and so does one project above all of 项目支出 by less than
    # all of it (tests/gen_alt.py seed 11: 147.43 printed 208.43), unless named as passed on.
    def x9(project_sum: str, expected: str, budgets: dict[str, str]) -> list:
        r = residual_rows(
            (
                "X9",
                "project_sum_mismatch",
                "projects/Σbudget_wan~b/合计/project",
                expected,
                project_sum,
                False,
                1,
            )
        )
        prj = conform(
            pl.DataFrame(
                [
                    {
                        "doc_id": "a",
                        "project_no": n,
                        "project_name": name,
                        "budget_wan": D(b),
                        "source_line": n,
                    }
                    for n, (name, b) in enumerate(budgets.items(), start=1)
                ]
            ),
            PROJECTS,
        )
        return [f["subject"].item() for f in residual_flags(r, settings.detection, prj)]

    assert D("68957.85") + D("2000.00") == D("70957.85")
    assert (
        x9(
            "70957.85",
            "68957.85",
            {"本级项目": "68957.85", "市级科技创新专项（转移支付）": "2000.00"},
        )
        == []
    )
    small = {"P1": "80.00", "P2": "643.28", "P3": "75.00", "P4": "571.17", "P6": "700.00"}
    assert sum(D(b) for b in small.values()) - D("798.28") == D("1271.17")
    assert x9("18069.45", "798.28", {**small, "P5": "16000.00"}) == []
    assert D("208.43") - D("147.43") == D("61.00")
    assert x9("208.43", "147.43", {"P1": "208.43"}) == ["X9:projects/Σbudget_wan~b/合计/project"]
    for name in ("补助下级经费", "代编乡镇项目"):
        assert x9("208.43", "147.43", {name: "208.43"}) == []
    sample = {f"项目{i}": str(b) for i, b in enumerate(SAMPLE_PROJECT_BUDGETS)}
    assert sum(SAMPLE_PROJECT_BUDGETS) == D("983.63")
    assert x9("983.63", "983.34", sample) == ["X9:projects/Σbudget_wan~b/合计/project"]
    # without the projects (a caller that has none) every failed X9 stays
    assert (
        len(
            residual_flags(
                residual_rows(("X9", "project_sum_mismatch", "s", "1", "2", False, 1)),
                settings.detection,
            )
        )
        == 1
    )


def test_a_blank_other_income_row_is_zero(settings):
    from budgetwatch.expectations.residuals import compute_residuals
    from tests.sample_frames import sample_frames

    # issue 18 item 3: "其他收入0万元" against a 收支总表 that prints no amount on its 其他收入 row
    # (the sample's 收支总表, lines 44-99, prints 一般公共预算拨款收入 1,396.37 and nothing else on
    # the income side): a blank row is 0 and agrees; "其他收入5万元" does not
    def n1(amount: str) -> tuple:
        frames = sample_frames()
        nf = frames.narrative_figures
        other = nf.filter(pl.col("label") == "income_gov_fund").with_columns(
            label=pl.lit("income_other"), amount_wan=pl.lit(D(amount)).cast(nf["amount_wan"].dtype)
        )
        frames.narrative_figures = pl.concat([nf, other])
        res = compute_residuals(frames, settings)
        row = res.filter(
            (pl.col("check_id") == "N1")
            & pl.col("subject").str.starts_with("narrative/income_other")
        ).row(0, named=True)
        return row["actual"], row["passed"]

    assert n1("0") == (D("0"), True)
    assert n1("5") == (D("5"), False)


def test_x9_over_a_table_that_says_it_includes_transfers_is_no_finding(settings):
    """A 项目支出绩效目标表 printed one row per project under the title
    「…项目支出绩效目标表（含转移支付项目）」 says its projects include transfer payments without
    saying which: its Σ above 项目支出 (100.00 + 50.00 = 150.00 on 120.00, 30.00 over, less than
    all of it) is no finding. The same rows under a title that says nothing of transfers, or
    says they are not included (不含), keep the flag. The title is read from the PDF."""
    from tests.performance_grid import loose, page, read

    xs = [20, 110, 160, 210, 260, 300, 420, 580]
    head = ["项目名称", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]
    listed = ("1、1-产出指标；11-数量指标；会议次数；", "实施周期指标值:≥2场；年度指标值:≥2场。")

    def table(title: str):
        rows = [head, ["会务保障项目", "100.00", "100.00", "", "", "保障会议。", listed]]
        rows.append(["某区环保经费", "50.00", "50.00", "", "", "补助区县。", listed])
        parts = [loose(200, 40, title, 10), loose(520, 60, "单位：万元", 8)]
        for k, row in enumerate(rows):
            top = 75 + 30 * k
            for x0, x1, text in zip(xs, xs[1:], row):
                lines = text if isinstance(text, tuple) else (text,) if text else ()
                parts.append(([(x0, top, x1, top + 30)], []))
                parts += [loose(x0 + 2, top + 3 + 8 * j, t) for j, t in enumerate(lines)]
        return read([page(parts)]).projects

    def x9(projects) -> list:
        r = residual_rows(
            (
                "X9",
                "project_sum_mismatch",
                "projects/Σbudget_wan~b/合计/project",
                "120.00",
                "150.00",
                False,
                1,
            )
        )
        prj = projects.with_columns(doc_id=pl.lit("a"))
        return [f["subject"].item() for f in residual_flags(r, settings.detection, prj)]

    assert D("100.00") + D("50.00") - D("120.00") == D("30.00")  # over, by less than 120.00
    with_transfers = table("某市某局2026年项目支出绩效目标表（含转移支付项目）")
    assert with_transfers["budget_wan"].to_list() == [D("100.00"), D("50.00")]
    assert (
        with_transfers["table_title"].to_list()
        == ["某市某局2026年项目支出绩效目标表(含转移支付项目)"] * 2
    )
    assert x9(with_transfers) == []
    for title in (
        "某市某局2026年项目支出绩效目标表",
        "某市某局2026年项目支出绩效目标表（不含转移支付项目）",
    ):
        assert x9(table(title)) == ["X9:projects/Σbudget_wan~b/合计/project"], title


def test_a_peer_outlier_line_lifting_302_over_301_is_one_flag():
    """One cause, one flag (closing10: the 302 / 301 part double-flagged a department whose one
    peer-outlier line lifts the ratio). Two departments, each 基本支出 1000.00 with 302 400.00
    where its peers spend a 0.25 share: the composition flag's stake is (0.40 − 0.25) × 1000 =
    150.00. d1's 30215 会议费 160.00 is 10.0 per person against its peers' 0.125: beyond their
    level by 160 × (1 − 0.125 / 10) = 158.00 ≥ 150.00, so 302's excess is that line's — one
    flag, the line's. d2's 30215 60.00 at 6.0 per person against 1.5 holds 60 × (1 − 0.25) =
    45.00 of it: something else is raised too, and both flags stay."""
    assert (0.40 - 0.25) * 1000 == pytest.approx(150.00)
    assert 160 * (1 - 0.125 / 10) == pytest.approx(158.00)
    assert 60 * (1 - 1.5 / 6) == pytest.approx(45.00)
    econ = "general_budget_basic_expenditure"

    def flag(rule, doc, subject, stake, code):
        row = {"doc_id": doc, "subject": subject, "expected": "", "actual": "", "explanation": ""}
        row |= {"source_line": 1, "table_id": econ, "code": code, "column_id": "total"}
        row |= {"stake_wan": stake}
        return finish(pl.DataFrame([row]), rule)

    parts = [
        flag(rule, doc, subject, stake, code)
        for doc, line_stake in (("d1", "158.00"), ("d2", "45.00"))
        for rule, subject, stake, code in (
            ("model:composition", f"{econ}/302/share", "150.00", "302"),
            ("model:line_items", f"{econ}/30215/total", line_stake, "30215"),
        )
    ]
    documents = pl.DataFrame(
        {"doc_id": ["d1", "d2"], "fiscal_year": [2024, 2024], "department_code": ["1", "2"]}
    ).with_columns(source_file=pl.lit("x.txt"))
    sizes = pl.DataFrame({"doc_id": ["d1", "d2"], "size_wan": [1000.0, 1000.0]})
    flags = assemble(parts, documents, sizes)
    assert sorted(flags.select("doc_id", "rule_or_model").iter_rows()) == [
        ("d1", "model:line_items"),
        ("d2", "model:composition"),
        ("d2", "model:line_items"),
    ]
