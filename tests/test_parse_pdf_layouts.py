"""Table layouts of other templates, on PDFs written by the test (no ../shared needed): codes
printed with their names, two-level headers whose parts are no contract column, titles repeated
on every page, year blocks, column-number rows, rows named without codes, and tables the reader
cannot place, which must give findings and no numbers. Every expected amount is the printed cell
(万元 here), so the arithmetic is the reader's only chance to go wrong."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.transforms.reader import read_disclosure
from tests.pdf_builders import grid, make_pdf

D = Decimal


def _read(pages: list[dict]):
    res = read_disclosure(make_pdf(pages), "pdf/layouts.pdf")
    assert res.error is None, res.error
    return res.frames


def _page(title: str, header: list, rows: list, spans=None, top: float = 110) -> dict:
    head, head_texts = grid(header, top, spans=spans)
    body, body_texts = grid(rows, top + 20 * len(header))
    return {
        "cells": head + body,
        "texts": [
            (120, top - 50, 14, title),
            (40, top - 20, 9, "部门：测试市财政局"),
            (480, top - 20, 9, "单位：万元"),
            *head_texts,
            *body_texts,
        ],
    }


def _items(frames, table_id: str) -> dict[tuple[str, str], list[Decimal]]:
    out: dict[tuple[str, str], list[Decimal]] = {}
    for r in frames.line_items.filter(pl.col("table_id") == table_id).iter_rows(named=True):
        out.setdefault((r["code"] or r["name"], r["column_id"]), []).append(r["amount_wan"])
    return out


def _three_public(frames) -> dict[str, list[Decimal]]:
    """The 三公 rows' amounts by row name (their only column here: total)."""
    return {n: a for (n, _), a in _items(frames, "three_public_expenses").items()}


def _total_rows(frames, table_id: str) -> list[tuple]:
    """(code, name, amount) of a table's rows in its total column, in reading order."""
    li = frames.line_items.filter(pl.col("table_id") == table_id, pl.col("column_id") == "total")
    return li.select("code", "name", "amount_wan").rows()


def _kinds(frames) -> list[str]:
    return frames.findings["kind"].to_list()


# 一般公共预算支出表 with 科目 cells printing code and name, and 基本支出 split into 小计 and
# its parts 人员经费 / 公用经费 (which the contract's table has no column for).
GB_HEADER = [
    [(40, 230, "科目"), (230, 300, "合计"), (300, 510, "基本支出"), (510, 580, "项目支出")],
    [(300, 370, "小计"), (370, 440, "人员经费"), (440, 510, "公用经费")],
]
GB_SPANS = {(0, 0): 2, (0, 1): 2, (0, 3): 2}


def _gb_row(name, total, basic, personnel, public, project):
    return [
        (40, 230, name),
        (230, 300, total),
        (300, 370, basic),
        (370, 440, personnel),
        (440, 510, public),
        (510, 580, project),
    ]


GB_ROWS = [
    _gb_row("合计", "150.00", "100.00", "80.00", "20.00", "50.00"),
    _gb_row("201-一般公共服务支出", "150.00", "100.00", "80.00", "20.00", "50.00"),
    _gb_row("[20101]人大事务", "150.00", "100.00", "80.00", "20.00", "50.00"),
    _gb_row("2010101 行政运行", "150.00", "100.00", "80.00", "20.00", "50.00"),
]


def test_code_and_name_in_one_cell_and_parts_of_a_parent_column():
    frames = _read([_page("2026年一般公共预算支出表", GB_HEADER, GB_ROWS, GB_SPANS)])
    gb = _items(frames, "general_budget_expenditure")
    for key in ("合计", "201", "20101", "2010101"):
        assert (gb[(key, "total")], gb[(key, "basic")], gb[(key, "project")]) == (
            [D("150")],
            [D("100")],
            [D("50")],
        )  # 基本支出 is its 小计, never 人员经费 too
    names = dict(frames.line_items.select("code", "name").unique().iter_rows())
    assert names["2010101"] == "行政运行" and names["20101"] == "人大事务"
    assert {c for _, c in gb} == {"total", "basic", "project"}
    assert "unmapped_column" in _kinds(frames)  # 人员经费 / 公用经费 left out, and said so


def test_title_repeated_on_every_page_continues_the_table():
    first = _page("2026年一般公共预算支出表", GB_HEADER, GB_ROWS[:2], GB_SPANS)
    second = _page("2026年一般公共预算支出表", GB_HEADER, GB_ROWS[2:], GB_SPANS)
    frames = _read([first, second])
    gb = _items(frames, "general_budget_expenditure")
    assert gb[("201", "total")] == [D("150")] and gb[("2010101", "total")] == [D("150")]
    assert "duplicate_table" not in _kinds(frames)
    pages = frames.line_items.filter(pl.col("code") == "2010101")["source_page"].unique()
    assert pages.to_list() == [2]


ES_HEADER = [
    [
        (40, 130, "科目编码"),
        (130, 300, "科目名称"),
        (300, 380, "2025年预算数"),
        (380, 460, "2026年预算数"),
        (460, 580, "增减"),
    ]
]


def test_two_years_side_by_side_read_the_documents_year_and_column_numbers_are_no_row():
    rows = [
        [(40, 130, "栏次"), (130, 300, ""), (300, 380, "1"), (380, 460, "2"), (460, 580, "3")],
        [
            (40, 130, ""),
            (130, 300, "合计"),
            (300, 380, "90.00"),
            (380, 460, "120.00"),
            (460, 580, "30.00"),
        ],
        [
            (40, 130, "201"),
            (130, 300, "一般公共服务支出"),
            (300, 380, "90.00"),
            (380, 460, "120.00"),
            (460, 580, "30.00"),
        ],
    ]
    frames = _read([_page("2026年支出总表", ES_HEADER, rows)])
    es = _items(frames, "expenditure_summary")
    assert es == {("合计", "total"): [D("120")], ("201", "total"): [D("120")]}


def _two_amounts(title: str, labels: tuple[str, str], amounts: tuple[str, str]):
    """A 支出总表 with code, name and two amount columns, one row (201)."""
    header = [
        [
            (40, 130, "科目编码"),
            (130, 300, "科目名称"),
            (300, 440, labels[0]),
            (440, 580, labels[1]),
        ]
    ]
    rows = [
        [
            (40, 130, "201"),
            (130, 300, "一般公共服务支出"),
            (300, 440, amounts[0]),
            (440, 580, amounts[1]),
        ]
    ]
    return _read([_page(title, header, rows)])


def test_two_columns_for_one_contract_column_give_no_number():
    frames = _two_amounts("2026年支出总表", ("合计", "合计"), ("10.00", "12.00"))
    assert frames.line_items.filter(pl.col("table_id") == "expenditure_summary").is_empty()
    assert "ambiguous_column" in _kinds(frames)
    # the only core table gave nothing: an error, so the gate quarantines the document
    errors = frames.findings.filter(pl.col("severity") == "error")
    assert errors["kind"].to_list() == ["no_core_table"]


def test_rows_printing_names_only_get_codes_down_the_hierarchy():
    header = [[(40, 300, "功能分类科目名称"), (300, 440, "合计"), (440, 580, "基本支出")]]
    rows = [
        [(40, 300, name), (300, 440, "5.00"), (440, 580, "5.00")]
        for name in ("一般公共服务支出", "人大事务", "行政运行", "社会保障和就业支出", "行政运行")
    ]
    frames = _read([_page("2026年一般公共预算支出表", header, rows)])
    codes = frames.line_items.filter(pl.col("column_id") == "total")["code"].to_list()
    # 行政运行 is a 项 of every 款: under 人大事务 it is 2010101; right under the 类 208 it has
    # no 款 to be read in, so no code rather than a guess
    assert codes == ["201", "20101", "2010101", "208", ""]


def test_three_public_by_year_rows_reads_the_latest_year_and_never_the_change():
    header = [
        [
            (40, 130, "预算单位"),
            (130, 190, "年度"),
            (190, 260, "合计"),
            (260, 330, "出国(境)费"),
            (330, 400, "接待费"),
            (400, 580, "公务用车费"),
        ],
        [(400, 460, "小计"), (460, 520, "购置费"), (520, 580, "运行费")],
    ]
    spans = {(0, k): 2 for k in range(5)}

    def line(unit, year, *amounts):
        cols = [(190, 260), (260, 330), (330, 400), (400, 460), (460, 520), (520, 580)]
        return [(40, 130, unit), (130, 190, year)] + [(a, b, v) for (a, b), v in zip(cols, amounts)]

    rows = [
        line("测试市财政局", "2025年", "9.00", "3.00", "2.00", "4.00", "0.00", "4.00"),
        line("", "2026年", "7.00", "1.00", "2.00", "4.00", "1.00", "3.00"),
        line("", "增减变化金额", "-2.00", "-2.00", "0.00", "0.00", "1.00", "-1.00"),
    ]
    frames = _read([_page("2026年财政拨款“三公”经费支出表", header, rows, spans)])
    tp = {name: amounts for (name, _), amounts in _items(frames, "three_public_expenses").items()}
    assert tp == {
        "合计": [D("7")],
        "一、因公出国（境）费": [D("1")],
        "三、公务接待费": [D("2")],
        "二、公务用车购置及运行维护费": [D("4")],
        "公务用车购置费": [D("1")],
        "公务用车运行维护费": [D("3")],
    }


def test_blocks_side_by_side_keep_each_code_with_its_own_amount():
    header = [
        [(40, 310, "人员经费"), (310, 580, "公用经费")],
        [
            (40, 100, "科目编码"),
            (100, 230, "科目名称"),
            (230, 310, "决算数"),
            (310, 370, "科目编码"),
            (370, 500, "科目名称"),
            (500, 580, "决算数"),
        ],
    ]
    rows = [
        [
            (40, 100, "301"),
            (100, 230, "工资福利支出"),
            (230, 310, "70.00"),
            (310, 370, "302"),
            (370, 500, "商品和服务支出"),
            (500, 580, "25.00"),
        ],
        [
            (40, 100, "30101"),
            (100, 230, "基本工资"),
            (230, 310, "40.00"),
            (310, 370, "30201"),
            (370, 500, "办公费"),
            (500, 580, "6.00"),
        ],
    ]
    frames = _read([_page("2024年一般公共预算财政拨款基本支出决算表", header, rows)])
    gbb = _items(frames, "general_budget_basic_expenditure")
    assert gbb == {
        ("301", "total"): [D("70")],
        ("302", "total"): [D("25")],
        ("30101", "total"): [D("40")],
        ("30201", "total"): [D("6")],
    }


def test_table_printed_without_rules_is_read_by_position():
    lines = [
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("201", "一般公共服务支出", "30.00", "20.00", "10.00"),
        ("2010101", "行政运行", "30.00", "20.00", "10.00"),
        ("", "合计", "30.00", "20.00", "10.00"),
    ]
    xs = (40, 110, 260, 330, 420)
    texts = [(120, 60, 14, "2026年一般公共预算支出表"), (480, 90, 9, "单位：万元")]
    texts += [
        (x, 110 + 20 * k, 9, text)
        for k, line in enumerate(lines)
        for x, text in zip(xs, line)
        if text
    ]
    frames = _read([{"texts": texts}])
    gb = _items(frames, "general_budget_expenditure")
    assert gb == {
        (key, col): [D(v)]
        for key in ("201", "2010101", "合计")
        for col, v in (("total", "30"), ("basic", "20"), ("project", "10"))
    }


def test_units_per_table_and_a_table_without_one_is_said_so():
    header = [[(40, 130, "科目编码"), (130, 300, "科目名称"), (300, 580, "合计")]]
    rows = [[(40, 130, "201"), (130, 300, "一般公共服务支出"), (300, 580, "12,345.60")]]
    in_thousands = _page("2026年支出总表", header, rows)
    in_thousands["texts"] = [
        t if t[3] != "单位：万元" else (*t[:3], "单位：千元") for t in in_thousands["texts"]
    ]
    no_unit = _page("2026年一般公共预算支出表", header, rows, top=400)
    no_unit["texts"] = [t for t in no_unit["texts"] if t[3] != "单位：万元"]
    frames = _read([in_thousands, no_unit])
    assert _items(frames, "expenditure_summary") == {("201", "total"): [D("1234.56")]}
    assert _items(frames, "general_budget_expenditure") == {("201", "total"): [D("12345.6")]}
    assumed = frames.findings.filter(pl.col("kind") == "unit_assumed")
    # the other table prints 千元, so reading this one as 万元 is a guess: a warning
    assert assumed.select("table_id", "severity").rows() == [
        ("general_budget_expenditure", "warning")
    ]


def test_titles_of_other_templates_name_the_same_tables():
    from budgetwatch.transforms.tables import by_classification, table_id_for_title

    assert {
        title: table_id_for_title(title)
        for title in (
            "部门收支总体情况表",
            "本年支出总体情况表",
            "2026年度一般公共预算拨款支出预算表",
            "2021年部门综合预算一般公共预算支出明细表",
            "西南大学收入预算表",
            "部门收支预算表",
            "财政拨款收支预算表",
            "政府性基金预算财政拨款收入支出决算表",
            "财政拨款支出预算表",
            "一般公共预算机关运行经费支出预算表",
            "基本支出总表",
            "一般公共预算项目支出情况表",
            "一般公共预算拨款“三公”经费及会议费、培训费支出预算表",
            "固定资产占用情况表",
        )
    } == {
        "部门收支总体情况表": "income_expenditure_summary",
        "本年支出总体情况表": "expenditure_summary",
        "2026年度一般公共预算拨款支出预算表": "general_budget_expenditure",
        "2021年部门综合预算一般公共预算支出明细表": "general_budget_expenditure",
        "西南大学收入预算表": "income_summary",
        "部门收支预算表": "income_expenditure_summary",
        "财政拨款收支预算表": "fiscal_appropriation_summary",
        "政府性基金预算财政拨款收入支出决算表": "gov_fund_expenditure",
        # all fiscal spending (Jiangsu 公开05表): stands in for 一般公共预算支出表 only where a
        # document prints none (see test_a_fiscal_appropriation_table_stands_in_only_alone)
        "财政拨款支出预算表": "fiscal_appropriation_expenditure",
        "一般公共预算机关运行经费支出预算表": "other_expenditure",  # no contract table
        "基本支出总表": "basic_expenditure_summary",
        "一般公共预算项目支出情况表": "general_budget_project_expenditure",
        "一般公共预算拨款“三公”经费及会议费、培训费支出预算表": "three_public_expenses",
        "固定资产占用情况表": "fixed_assets",
    }
    assert by_classification("general_budget_expenditure", "(按经济分类)") == (
        "general_budget_economic"
    )
    assert by_classification("general_budget_basic_expenditure", "(按支出功") == (
        "general_budget_basic_function"
    )


def test_a_final_account_printing_budget_and_final_columns_reads_the_final_one():
    frames = _two_amounts("2024年支出决算表", ("2024年预算数", "2024年决算数"), ("10.00", "9.50"))
    assert _items(frames, "expenditure_summary") == {("201", "total"): [D("9.5")]}


def test_digits_opening_a_name_are_a_code_only_when_marked_or_known():
    from budgetwatch.transforms.cells import split_code_name

    def known(code):
        return code in {"201", "2010101"}

    assert [
        split_code_name(t, known)
        for t in (
            "201一般公共服务支出",
            "120急救中心",
            "[2011301]行政运行",
            "2010101-行政运行",
            "208 05 05 机关事业单位基本养老保险缴费支出",
            "200,000,000.00",
            "015001",
        )
    ] == [
        ("201", "一般公共服务支出"),
        ("", "120急救中心"),
        ("2011301", "行政运行"),
        ("2010101", "行政运行"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("", "200,000,000.00"),
        ("", "015001"),
    ]


def test_a_narrative_whose_first_page_is_blank_is_still_a_disclosure():
    narrative = {
        "texts": [
            (100, 100, 16, "测试市财政局2026年度部门预算"),
            (60, 160, 10, "一、部门职责。本部门负责全市财政工作。"),
        ]
    }
    frames = _read([{}, narrative])
    doc = frames.documents.row(0, named=True)
    assert (doc["status_reason"], doc["department_name"], doc["fiscal_year"], doc["doc_kind"]) == (
        None,  # no reason: the pipeline loads it
        "测试市财政局",
        2026,
        "budget",
    )


def test_a_year_in_chinese_numerals_on_the_cover():
    cover = {"texts": [(100, 100, 16, "测试市财政局"), (100, 130, 16, "二〇二六年部门预算")]}
    frames = _read([cover, {"texts": [(60, 100, 10, "一、部门职责。本部门负责全市财政工作。")]}])
    assert frames.documents["fiscal_year"].to_list() == [2026]


def test_a_table_listing_units_reads_the_departments_block_only():
    # a 汇总 支出总表 (Shenzhen 135's layout): the department's row, then each unit's row and its
    # coded rows. The units' 201 rows are no amounts of the department; they are reported.
    header = [
        [
            (40, 150, "预算单位"),
            (150, 220, "科目编码"),
            (220, 400, "科目名称"),
            (400, 490, "支出总计"),
            (490, 580, "基本支出"),
        ]
    ]

    def line(unit, code, name, total, basic):
        return [
            (40, 150, unit),
            (150, 220, code),
            (220, 400, name),
            (400, 490, total),
            (490, 580, basic),
        ]

    rows = [
        line("测试市财政局", "", "", "30.00", "20.00"),
        line("测试市财政局（本级）", "", "", "18.00", "12.00"),
        line("", "201", "一般公共服务支出", "18.00", "12.00"),
        line("测试市财政信息中心", "", "", "12.00", "8.00"),
        line("", "201", "一般公共服务支出", "12.00", "8.00"),
    ]
    frames = _read([_page("2026年支出总表", header, rows)])
    assert _items(frames, "expenditure_summary") == {
        ("测试市财政局", "total"): [D("30")],
        ("测试市财政局", "basic"): [D("20")],
    }
    found = frames.findings.filter(pl.col("kind") == "unit_rows")
    assert found.select("table_id", "severity").rows() == [("expenditure_summary", "info")]
    assert "2 other unit(s)" in found["message"][0] and "4 rows" in found["message"][0]
    # the department's row stands over the units' blocks, which are not read: nothing to check
    assert "total_not_reproduced" not in _kinds(frames)
    assert "only the total row of 测试市财政局 is read" in found["message"][0]


def test_a_name_repeating_the_open_kuan_is_its_xiang():
    # Hangzhou prints names only: 其他一般公共服务支出 is a 款 (20199) and a 项 (2019999) of
    # 201; the second row naming the 款 already open is the 项, not the 款 twice
    header = [[(40, 300, "功能分类科目名称"), (300, 440, "合计"), (440, 580, "项目支出")]]
    rows = [
        [(40, 300, name), (300, 440, "30.00"), (440, 580, "30.00")]
        for name in ("一般公共服务支出", "其他一般公共服务支出", "其他一般公共服务支出")
    ]
    frames = _read([_page("2026年一般公共预算支出表", header, rows)])
    codes = frames.line_items.filter(pl.col("column_id") == "total")["code"].to_list()
    assert codes == ["201", "20199", "2019999"]


def test_row_number_and_code_in_one_cell_go_back_to_their_columns():
    """A row drawn without the rule between 序号 and 经济科目编码 (165 p.15, line 630: `54 30228`):
    the number continuing the previous row's 序号 is the row number and the rest the code,
    while a code printed with spaces (`302 01`) in its own cell stays one code."""
    header = [
        [
            (40, 80, "序号"),
            (80, 160, "经济科目编码"),
            (160, 330, "经济科目名称"),
            (330, 410, "合计"),
            (410, 490, "人员经费"),
            (490, 570, "公用经费"),
        ]
    ]

    def r(no, code, name, *amounts):
        cells = [(40, 80, no), (80, 160, code)] if no is not None else [(40, 160, code)]
        return (
            cells
            + [(160, 330, name)]
            + [(x0, x1, a) for (x0, x1), a in zip(((330, 410), (410, 490), (490, 570)), amounts)]
        )

    rows = [
        r("1", "", "合计", "30.00", "20.00", "10.00"),
        r("2", "301", "工资福利支出", "20.00", "20.00", "0.00"),
        r("3", "30101", "基本工资", "20.00", "20.00", "0.00"),
        r("4", "302", "商品和服务支出", "10.00", "0.00", "10.00"),
        r("5", "302 01", "办公费", "6.00", "0.00", "6.00"),
        r(None, "6 30228", "工会经费", "4.00", "0.00", "4.00"),
    ]
    frames = _read([_page("一般公共预算基本支出表", header, rows)])
    items = _items(frames, "general_budget_basic_expenditure")
    assert items[("30201", "public_funds")] == [D("6.00")]
    assert items[("30228", "public_funds")] == [D("4.00")]
    assert "bad_code" not in _kinds(frames)
    li = frames.line_items.filter(pl.col("code") == "30228")
    assert set(li["row_no"]) == {6}


# ---- quar: economic sub-items, wrapped cells, unit columns, stand-in tables -----------------

BASIC_HEADER = [
    [
        (40, 250, "部门支出经济分类科目"),
        (250, 360, "合计"),
        (360, 470, "人员经费"),
        (470, 580, "公用经费"),
    ]
]


def _basic_row(name, total, personnel, public):
    return [(40, 250, name), (250, 360, total), (360, 470, personnel), (470, 580, public)]


def test_a_seven_digit_economic_code_is_a_sub_item_of_its_kuan():
    # Beijing's 部门支出经济分类 prints local sub-items: 3021101 差旅费 and 3021503 三类会议费
    # under the 款 30211 差旅费 and 30215 会议费, the last level of the classification
    rows = [
        _basic_row("30101-基本工资", "50.00", "50.00", ""),
        _basic_row("3021101-差旅费", "8.00", "", "8.00"),
        _basic_row("3021503-三类会议费", "2.00", "", "2.00"),
        _basic_row("合计", "60.00", "50.00", "10.00"),
    ]
    frames = _read([_page("2026年一般公共预算基本支出表", BASIC_HEADER, rows)])
    gbb = frames.line_items.filter(pl.col("table_id") == "general_budget_basic_expenditure")
    coded = (
        gbb.filter(pl.col("column_id") == "total", pl.col("code") != "")
        .select("code", "level", "name", "canonical_name", "amount_wan")
        .rows()
    )
    assert coded == [
        ("30101", 2, "基本工资", "基本工资", D("50")),
        ("30211", 2, "差旅费", "差旅费", D("8")),
        ("30215", 2, "三类会议费", "会议费", D("2")),
    ]
    subitems = frames.findings.filter(pl.col("kind") == "economic_subitem")
    assert subitems["code"].to_list() == ["3021101", "3021503"]  # the printed codes kept
    assert "bad_code" not in _kinds(frames) and "name_mismatch" not in _kinds(frames)


def test_the_last_line_of_a_wrapped_cell_on_the_next_rows_line_ends_the_name_above():
    # a grid without rules between its rows: 30108's name wraps, and its last line 缴费 is
    # printed at the height of the next row, left of that row's code
    header = ("部门支出经济分类科目", "合计", "人员经费")
    xs = (40, 330, 430)
    texts = [(120, 60, 14, "2026年一般公共预算基本支出表"), (480, 90, 9, "单位：万元")]
    texts += [(x, 110, 9, t) for x, t in zip(xs, header)]
    texts += [
        (40, 130, 9, "30108-机关事业单位基本养老保险"),
        (330, 130, 9, "10.00"),
        (430, 130, 9, "10.00"),
        (40, 150, 9, "缴费"),
        (62, 150, 9, "30109-职业年金缴费"),
        (330, 150, 9, "5.00"),
        (430, 150, 9, "5.00"),
        (40, 170, 9, "合计"),
        (330, 170, 9, "15.00"),
        (430, 170, 9, "15.00"),
    ]
    frames = _read([{"texts": texts}])
    assert _total_rows(frames, "general_budget_basic_expenditure") == [
        ("30108", "机关事业单位基本养老保险缴费", D("10")),
        ("30109", "职业年金缴费", D("5")),
        ("", "合计", D("15")),
    ]
    assert "row_joined" in _kinds(frames)


def test_a_wrapped_name_tail_of_a_whole_word_before_the_next_rows_code_ends_the_name_above():
    # Beijing 预算03表 (250 p.7, `pdftotext -layout`): 2080506-机关事业单位职业年金 wraps its last
    # line 缴费支出 into the ruled cell of the next row, above that row's own code and name
    edges = (40, 200, 300, 400, 500)
    header = [list(zip(edges, edges[1:], ("支出功能分类科目", "合计", "基本支出", "项目支出")))]
    printed = [
        ("", "2080506-机关事业单位职业年金", "926.635056"),
        ("缴费支出", "2080506-机关事业单位职业年金", "172.854000"),
        ("缴费支出", "2101101-行政单位医疗", "556.415664"),
    ]
    rows = [
        [(40, 200, ""), (200, 300, amount), (300, 400, amount), (400, 500, "")]
        for *_, amount in printed
    ]
    # 926.635056 + 172.854000 + 556.415664 = 1,655.904720
    rows.append([(40, 200, "合计"), (200, 300, "1,655.904720"), (300, 400, "1,655.904720")])
    page = _page("2026年部门支出总表", header, rows)
    for r, (tail, cell, _) in enumerate(printed):
        top = 130 + 20 * r
        page["texts"] += [(42, top + 1, 8, tail)] if tail else []
        page["texts"].append((42, top + 11, 8, cell))
    frames = _read([page])
    assert _total_rows(frames, "expenditure_summary") == [
        ("2080506", "机关事业单位职业年金缴费支出", D("926.635056")),
        ("2080506", "机关事业单位职业年金缴费支出", D("172.854")),
        ("2101101", "行政单位医疗", D("556.415664")),
        ("", "合计", D("1655.90472")),
    ]
    assert "row_joined" in _kinds(frames) and "total_not_reproduced" not in _kinds(frames)


def test_unit_code_columns_and_unit_rows_are_no_classification_codes():
    # Jiangsu 公开02表 lists units: 部门代码 123 / 123001; 西南大学支出预算表 a unit row
    # "105236 西南大学" under its 合计 in the 科目编码 column
    income = [
        [
            (40, 130, "部门代码"),
            (130, 300, "部门名称"),
            (300, 440, "合计"),
            (440, 580, "财政拨款收入"),
        ]
    ]
    income_rows = [
        [(40, 130, ""), (130, 300, "合计"), (300, 440, "100.00"), (440, 580, "90.00")],
        [
            (40, 130, "123"),
            (130, 300, "测试市交通运输局"),
            (300, 440, "100.00"),
            (440, 580, "90.00"),
        ],
        [
            (40, 130, "123001"),
            (130, 300, "测试市交通运输局机关"),
            (300, 440, "60.00"),
            (440, 580, "50.00"),
        ],
        [
            (40, 130, "123002"),
            (130, 300, "测试市公路事业发展中心"),
            (300, 440, "40.00"),
            (440, 580, "40.00"),
        ],
    ]
    spending = [[(40, 130, "科目编码"), (130, 300, "科目名称"), (300, 580, "合计")]]
    spending_rows = [
        [(40, 130, ""), (130, 300, "合计"), (300, 580, "100.00")],
        [(40, 130, "105236"), (130, 300, "测试大学"), (300, 580, "100.00")],
        [(40, 130, "205"), (130, 300, "教育支出"), (300, 580, "100.00")],
    ]
    frames = _read(
        [
            _page("2026年收入总表", income, income_rows),
            _page("2026年支出总表", spending, spending_rows, top=400),
        ]
    )
    assert _items(frames, "income_summary") == {
        ("合计", "total"): [D("100")],
        ("测试市交通运输局", "total"): [D("100")],
        ("测试市交通运输局机关", "total"): [D("60")],
        ("测试市公路事业发展中心", "total"): [D("40")],
        ("合计", "fiscal_appropriation"): [D("90")],
        ("测试市交通运输局", "fiscal_appropriation"): [D("90")],
        ("测试市交通运输局机关", "fiscal_appropriation"): [D("50")],
        ("测试市公路事业发展中心", "fiscal_appropriation"): [D("40")],
    }
    assert _items(frames, "expenditure_summary") == {
        ("合计", "total"): [D("100")],
        ("测试大学", "total"): [D("100")],
        ("205", "total"): [D("100")],
    }
    assert "bad_code" not in _kinds(frames)
    unit_rows = frames.findings.filter(pl.col("kind") == "unit_row")
    assert unit_rows["code"].to_list() == ["105236"]


def test_a_fiscal_appropriation_table_stands_in_only_alone():
    header = [
        [
            (40, 130, "科目编码"),
            (130, 300, "科目名称"),
            (300, 400, "合计"),
            (400, 490, "基本支出"),
            (490, 580, "项目支出"),
        ]
    ]
    rows = [
        [
            (40, 130, "205"),
            (130, 300, "教育支出"),
            (300, 400, "30.00"),
            (400, 490, "20.00"),
            (490, 580, "10.00"),
        ]
    ]
    alone = _read([_page("测试大学财政拨款支出预算表", header, rows)])
    assert _items(alone, "general_budget_expenditure") == {
        ("205", "total"): [D("30")],
        ("205", "basic"): [D("20")],
        ("205", "project"): [D("10")],
    }
    assert "table_stands_in" in _kinds(alone)
    other = [
        [
            (40, 130, "205"),
            (130, 300, "教育支出"),
            (300, 400, "25.00"),
            (400, 490, "20.00"),
            (490, 580, "5.00"),
        ]
    ]
    both = _read(
        [
            _page("2026年财政拨款支出预算表", header, rows),
            _page("2026年一般公共预算支出预算表", header, other, top=400),
        ]
    )
    assert _items(both, "general_budget_expenditure") == {
        ("205", "total"): [D("25")],
        ("205", "basic"): [D("20")],
        ("205", "project"): [D("5")],
    }
    assert "unmapped_table" in _kinds(both) and "duplicate_table" not in _kinds(both)


def test_a_budget_cover_with_nothing_to_load_is_an_error():
    form = {
        "texts": [
            (60, 80, 14, "测试市生态环境局2026年部门整体预算绩效目标申报表"),
            (60, 120, 10, "部门名称"),
            (200, 120, 10, "测试市生态环境局"),
        ]
    }
    frames = _read([form])
    assert frames.findings.filter(pl.col("severity") == "error")["kind"].to_list() == [
        "nothing_read"
    ]


def test_seven_digit_sub_items_under_their_printed_kuan_are_not_counted_twice():
    # 30211 差旅费 10.00 printed, then its sub-items 3021101 8.00 + 3021102 2.00 = 10.00: the 款
    # is read once; sub-items with no 款 row above them (3021503) are the 款's figure
    rows = [
        _basic_row("30101-基本工资", "50.00", "50.00", ""),
        _basic_row("30211-差旅费", "10.00", "", "10.00"),
        _basic_row("3021101-国内差旅费", "8.00", "", "8.00"),
        _basic_row("3021102-国际差旅费", "2.00", "", "2.00"),
        _basic_row("3021503-三类会议费", "2.00", "", "2.00"),
        _basic_row("合计", "62.00", "50.00", "12.00"),
    ]
    frames = _read([_page("2026年一般公共预算基本支出表", BASIC_HEADER, rows)])
    items = _items(frames, "general_budget_basic_expenditure")
    assert items[("30211", "total")] == [D("10.00")]
    assert items[("30215", "total")] == [D("2.00")]
    assert items[("30211", "public_funds")] == [D("10.00")]
    dropped = frames.findings.filter(pl.col("kind") == "economic_subitem_under_kuan")
    assert dropped["code"].to_list() == ["30211", "30211"]
    assert "total_not_reproduced" not in _kinds(frames)


def test_economic_code_in_pieces_with_the_kuan_printed_without_its_zero():
    # 类 | 款 columns whose 款 part lost its leading zero (``301`` | ``2`` is 30102), and the
    # same code printed in one cell as ``301 2``: a part of one digit is the 款's 0N
    header = [
        [
            (40, 140, "科目编码"),
            (140, 300, "科目名称"),
            (300, 380, "合计"),
            (380, 480, "人员经费"),
            (480, 580, "公用经费"),
        ],
        [(40, 90, "类"), (90, 140, "款")],
    ]
    spans = {(0, k): 2 for k in range(1, 5)}

    def line(cls, kuan, name, total, personnel, public):
        return [
            (40, 90, cls),
            (90, 140, kuan),
            (140, 300, name),
            (300, 380, total),
            (380, 480, personnel),
            (480, 580, public),
        ]

    rows = [
        line("301", "", "工资福利支出", "60.00", "60.00", ""),
        line("", "1", "基本工资", "40.00", "40.00", ""),
        line("", "2", "津贴补贴", "20.00", "20.00", ""),
        line("302", "", "商品和服务支出", "10.00", "", "10.00"),
        line("302", "1", "办公费", "10.00", "", "10.00"),
        [(40, 300, "合计"), (300, 380, "70.00"), (380, 480, "60.00"), (480, 580, "10.00")],
    ]
    frames = _read([_page("2026年一般公共预算基本支出表", header, rows, spans)])
    gbb = _items(frames, "general_budget_basic_expenditure")
    # 60 = 40 + 20 and 70 = 60 + 10: the 款 codes rebuilt, the 类 reproduce the 合计
    assert {k: v for k, v in gbb.items() if k[1] == "total"} == {
        ("301", "total"): [D("60")],
        ("30101", "total"): [D("40")],
        ("30102", "total"): [D("20")],
        ("302", "total"): [D("10")],
        ("30201", "total"): [D("10")],
        ("合计", "total"): [D("70")],
    }
    assert "bad_code" not in _kinds(frames) and "total_not_reproduced" not in _kinds(frames)

    one_cell = [
        _basic_row("301 工资福利支出", "60.00", "60.00", ""),
        _basic_row("301 1 基本工资", "40.00", "40.00", ""),
        _basic_row("301 2 津贴补贴", "20.00", "20.00", ""),
        _basic_row("合计", "60.00", "60.00", ""),
    ]
    frames = _read([_page("2026年一般公共预算基本支出表", BASIC_HEADER, one_cell)])
    gbb = _items(frames, "general_budget_basic_expenditure")
    assert {k[0] for k in gbb if k[1] == "total"} == {"301", "30101", "30102", "合计"}
    assert gbb[("30102", "total")] == [D("20")]
    assert "bad_code" not in _kinds(frames)


def test_a_one_row_table_of_totals_is_its_total_with_nothing_to_reproduce():
    # Beijing's 收入总表 prints no name column and one row of amounts by fund: 30 = 25 + 5 and
    # 25 = 20 + 5 across the row; no row under the 合计 can be missing
    header = [
        [(40, 120, "合计"), (120, 400, "本年收入"), (400, 580, "上年结转结余")],
        [(120, 200, "小计"), (200, 300, "一般公共预算资金"), (300, 400, "事业收入")],
    ]
    spans = {(0, 0): 2, (0, 2): 2}
    rows = [
        [
            (40, 120, "30.00"),
            (120, 200, "25.00"),
            (200, 300, "20.00"),
            (300, 400, "5.00"),
            (400, 580, "5.00"),
        ]
    ]
    frames = _read([_page("2026年收入总表", header, rows, spans)])
    income = {k: v for k, v in _items(frames, "income_summary").items()}
    assert income[("合计", "total")] == [D("30")]
    assert income[("合计", "carryover")] == [D("5")]
    assert income[("合计", "operating_revenue")] == [D("5")]  # 事业收入
    kinds = _kinds(frames)
    assert "one_row_table" in kinds and "total_not_reproduced" not in kinds


SUMMARY_HEADER = [[(40, 100, "功能科目编码"), (100, 300, "功能科目名称"), (300, 580, "合计")]]


def _summary_rows(*rows: tuple[str, str, str]) -> list:
    """(code, name, amount) rows in the columns of SUMMARY_HEADER."""
    return [[(40, 100, c), (100, 300, n), (300, 580, a)] for c, n, a in rows]


def _summary_page(title: str, *rows: tuple[str, str, str]) -> dict:
    """A table of (code, name, amount) rows under SUMMARY_HEADER."""
    return _page(title, SUMMARY_HEADER, _summary_rows(*rows))


def test_a_title_whose_bracket_stands_on_the_next_line_opens_its_table():
    # Xi'an 2021: 一般公共预算支出明细表 / （按支出功能分类科目-不含上年结转） / 预算单位 line, right
    # after a 收支总表: its rows are the new table's, not more rows of the table above
    header = SUMMARY_HEADER
    first = _page(
        "2026年支出总表",
        header,
        [[(40, 100, "201"), (100, 300, "一般公共服务支出"), (300, 580, "9.00")]],
    )
    head, head_texts = grid(header, 440)
    body, body_texts = grid(
        [
            [(40, 100, ""), (100, 300, "合计"), (300, 580, "12.50")],
            [(40, 100, "201"), (100, 300, "一般公共服务支出"), (300, 580, "12.50")],
        ],
        460,
    )
    first["cells"] += head + body
    first["texts"] += [
        (120, 360, 14, "2026年部门综合预算一般公共预算支出明细表"),
        (150, 385, 12, "（按支出功能分类科目-不含上年结转）"),
        (40, 415, 9, "预算单位：测试市财政局"),
        (480, 415, 9, "单位：万元"),
        *head_texts,
        *body_texts,
    ]
    frames = _read([first])
    assert _items(frames, "general_budget_expenditure") == {
        ("合计", "total"): [D("12.5")],
        ("201", "total"): [D("12.5")],
    }
    assert _items(frames, "expenditure_summary") == {("201", "total"): [D("9")]}
    assert "bad_amount" not in _kinds(frames) and "unmapped_row" not in _kinds(frames)


def _wrapped_title_page(first: str, tail: str, header: list, rows: list) -> dict:
    """A table whose title wraps after its bracket: its end (``预算表（不含上年结转）``) on a line
    of its own, below a 支出总表 of the same page."""
    page = _page(
        "2026年支出总表", SUMMARY_HEADER, _summary_rows(("201", "一般公共服务支出", "9.00"))
    )
    head, head_texts = grid(header, 440)
    body, body_texts = grid(rows, 460)
    page["cells"] += head + body
    page["texts"] += [
        (120, 360, 14, first),
        (200, 385, 14, tail),
        (40, 415, 9, "预算单位：测试市财政局"),
        (480, 415, 9, "单位：万元"),
        *head_texts,
        *body_texts,
    ]
    return page


def test_a_title_wrapped_before_its_last_word_opens_its_table():
    """346 p.72 (`pdftotext -layout`): 2021年部门综合预算政府采购 （资产配置、购买服务） / 预算表（不含
    上年结转）. The second line names no table by itself (no unknown table): it ends the title
    above. A contract table wrapped so is read; Xi'an's 政府采购（…）预算表, a list of purchases,
    is said to have no contract table (info) and none of its amounts is read."""
    general = _wrapped_title_page(
        "2026年部门综合预算一般公共预算支出",
        "预算表（不含上年结转）",
        SUMMARY_HEADER,
        _summary_rows(("", "合计", "12.50"), ("201", "一般公共服务支出", "12.50")),
    )
    buying = [(40, 100, "序号"), (100, 300, "采购项目"), (300, 400, "数量"), (400, 580, "预算金额")]
    procurement = _wrapped_title_page(
        "2026年部门综合预算政府采购 （资产配置、购买服务）",
        "预算表（不含上年结转）",
        [buying],
        [[(40, 100, "1"), (100, 300, "路牌设置及维护"), (300, 400, "1"), (400, 580, "81.50")]],
    )
    frames = _read([general, procurement])
    assert _items(frames, "general_budget_expenditure") == {
        ("合计", "total"): [D("12.5")],
        ("201", "total"): [D("12.5")],
    }
    assert frames.line_items.filter(pl.col("amount_wan") == D("81.5")).is_empty()
    unmapped = frames.findings.filter(pl.col("kind") == "unmapped_table")
    assert unmapped.select("severity", "source_page").rows() == [("info", 2)]
    kinds = _kinds(frames)
    assert "unknown_table" not in kinds and "unread_line" not in kinds


def test_the_end_of_a_header_label_printed_in_the_first_rows_cell_is_no_part_of_its_amount():
    # 对附属单位上缴收 / 入: the label's last character lies in the 合计 row's cell (``入0.00``)
    header = [
        [
            (40, 200, "项目"),
            (200, 300, "合计"),
            (300, 420, "事业收入"),
            (420, 580, "附属单位上缴收"),
        ]
    ]
    rows = [
        [(40, 200, "合计"), (200, 300, "8.00"), (300, 420, "8.00"), (420, 580, "入0.00")],
        [
            (40, 200, "201一般公共服务支出"),
            (200, 300, "8.00"),
            (300, 420, "8.00"),
            (420, 580, "0.00"),
        ],
    ]
    frames = _read([_page("2026年收入总表", header, rows)])
    income = _items(frames, "income_summary")
    assert income[("合计", "affiliated_remittance")] == [D("0")]
    assert income[("合计", "total")] == [D("8")]
    assert "bad_amount" not in _kinds(frames)
    tail = frames.findings.filter(pl.col("kind") == "header_tail")
    assert tail["severity"].to_list() == ["info"] and "'入'" in tail["message"][0]


def test_blocks_whose_codes_start_again_with_no_unit_named_are_said_so():
    # Beijing 248 预算05表: each unit's rows follow the last, no unit name printed; 合计 = 15.00
    # = 10.00 + 5.00 over both blocks
    header = [[(40, 120, "科目编码"), (120, 400, "科目名称"), (400, 580, "合计")]]

    def line(code, name, amount):
        return [(40, 120, code), (120, 400, name), (400, 580, amount)]

    rows = [
        line("2010101", "行政运行", "6.00"),
        line("2080505", "机关事业单位基本养老保险缴费支出", "4.00"),
        line("2010101", "行政运行", "3.00"),
        line("2080505", "机关事业单位基本养老保险缴费支出", "2.00"),
        [(40, 400, "合计"), (400, 580, "15.00")],
    ]
    frames = _read([_page("2026年一般公共预算支出表", header, rows)])
    gb = _items(frames, "general_budget_expenditure")
    assert gb[("2010101", "total")] == [D("6"), D("3")]  # as printed, once per block
    assert gb[("合计", "total")] == [D("15")]
    blocks = frames.findings.filter(pl.col("kind") == "unnamed_unit_blocks")
    assert blocks["severity"].to_list() == ["warning"] and "2 blocks" in blocks["message"][0]
    assert "total_not_reproduced" not in _kinds(frames)

    # a code repeated on adjacent rows (split by a second classification) is no new block
    split = [line("2010101", "行政运行", "6.00"), line("2010101", "行政运行", "3.00")]
    split.append([(40, 400, "合计"), (400, 580, "9.00")])
    frames = _read([_page("2026年一般公共预算支出表", header, split)])
    assert "unnamed_unit_blocks" not in _kinds(frames)
    # nor is one row printed out of code order (Jiangsu 023: 30211 after 30299)
    late = [
        line("2080505", "机关事业单位基本养老保险缴费支出", "4.00"),
        line("2010101", "行政运行", "6.00"),
    ]
    late.append([(40, 400, "合计"), (400, 580, "10.00")])
    frames = _read([_page("2026年一般公共预算支出表", header, late)])
    assert "unnamed_unit_blocks" not in _kinds(frames)


def test_sentences_on_a_tables_page_are_prose_not_unread_rows():
    # a 情况说明 printed under the table, justified: the amount stands apart from its words
    # (Beijing 附件1: …经费预算 | 231.43 | 万元，比 2025 …). A sentence carries its unit and
    # punctuation, a table row neither: the lines end the table (no bad_amount) and are prose
    page = _page(
        "2026年支出总表",
        SUMMARY_HEADER,
        _summary_rows(
            ("", "合计", "9.00"),
            ("201", "一般公共服务支出", "9.00"),
        ),
    )
    page["texts"] += [
        (40, 300, 10, "2026年财政拨款“三公”经费预算"),
        (250, 300, 10, "231.43"),
        (320, 300, 10, "万元，比2025年减少"),
        (40, 320, 10, "（二）公务接待费。2026年预算数"),
        (250, 320, 10, "12.86"),
        (320, 320, 10, "万"),
    ]
    frames = _read([page])
    findings = frames.findings.filter(pl.col("kind").is_in(["prose_line", "unread_line"]))
    assert sorted(zip(findings["kind"], findings["severity"], findings["source_page"])) == [
        ("prose_line", "info", 1),
        ("prose_line", "info", 1),
    ]
    assert _items(frames, "expenditure_summary") == {
        ("合计", "total"): [D("9")],
        ("201", "total"): [D("9")],
    }


def test_a_kuan_with_no_xiang_printed_again_as_its_own_leaf_is_read_once():
    # 20103 has no 项: the template prints it as a 款 and again as a leaf, same amounts; read
    # twice, 201's 30.00 would have rows of 10.00 + 20.00 + 20.00
    page = _summary_page(
        "2026年一般公共预算支出表",
        ("", "合计", "30.00"),
        ("201", "一般公共服务支出", "30.00"),
        ("20101", "人大事务", "10.00"),
        ("2010101", "行政运行", "10.00"),
        ("20103", "政府办公厅（室）及相关机构事务", "20.00"),
        ("20103", "政府办公厅（室）及相关机构事务", "20.00"),
    )
    frames = _read([page])
    items = _items(frames, "general_budget_expenditure")
    assert items[("20103", "total")] == [D("20")]
    kuan = [a for (code, _), [a] in items.items() if len(code) == 5]
    assert sum(kuan) == items[("201", "total")][0] == D("30")
    assert _kinds(frames).count("leaf_repeated") == 1
    # the same code and amounts under another government economic code are another row
    header = [
        [
            (40, 100, "科目编码"),
            (100, 250, "科目名称"),
            (250, 400, "政府经济分类"),
            (400, 580, "合计"),
        ]
    ]
    rows = [
        [(40, 100, code), (100, 250, name), (250, 400, gov), (400, 580, amount)]
        for code, name, gov, amount in (
            ("", "合计", "", "10.00"),
            ("302", "商品和服务支出", "", "10.00"),
            ("30214", "租赁费", "50201", "5.00"),
            ("30214", "租赁费", "50502", "5.00"),
        )
    ]
    frames = _read([_page("2026年一般公共预算基本支出表", header, rows)])
    assert _items(frames, "general_budget_basic_expenditure")[("30214", "total")] == [D("5")] * 2
    assert "leaf_repeated" not in _kinds(frames)


def test_two_xiang_rows_alike_are_two_rows():
    """128 p.8 (预算05表, `pdftotext -layout`): Beijing lists its projects by their 项, and two
    projects print 2200509 气象服务 64.000000 one under the other; both are in the 合计. A 项 is no
    款 printed again as its own leaf: 4 + 64 + 64 = 132, the printed 合计."""
    page = _summary_page(
        "2026年一般公共预算支出表",
        ("", "合计", "132.00"),
        ("2200509", "气象服务", "4.00"),
        ("2200509", "气象服务", "64.00"),
        ("2200509", "气象服务", "64.00"),
    )
    frames = _read([page])
    assert _items(frames, "general_budget_expenditure")[("2200509", "total")] == [
        D("4"),
        D("64"),
        D("64"),
    ]
    kinds = _kinds(frames)
    assert "leaf_repeated" not in kinds and "total_not_reproduced" not in kinds


def test_text_after_a_header_ending_its_page_is_no_row_of_it():
    # a 三公 table printed as its header alone at the foot of a page; the next page opens the
    # 情况说明: its heading 一、… is no first row of the table, and no part of its header
    from tests.pdf_builders import THREE_PUBLIC

    cells, texts = grid(THREE_PUBLIC[:3], 700, spans={(0, 1): 3, (1, 0): 2, (1, 1): 2, (1, 2): 2})
    first = {
        "cells": cells,
        "texts": [
            (120, 640, 14, "2026年单位“三公”经费和机关运行经费预算表"),
            (480, 680, 9, "单位：万元"),
            *texts,
        ],
    }
    second = {
        "texts": [
            (200, 60, 14, "其他相关情况说明"),
            (40, 100, 12, "一、2026年“三公”经费预算情况说明"),
            (60, 130, 10, "2026年“三公”经费预算数为0.00万元，比2025年预算减少2.10万元。"),
        ]
    }
    frames = _read([first, second])
    kinds = _kinds(frames)
    assert "bad_amount" not in kinds and "empty_table" in kinds
    assert _items(frames, "three_public_expenses") == {}


def test_a_fiscal_appropriation_basic_table_stands_in_for_the_general_budget_one():
    # 基本支出 tables under several titles: 财政拨款基本支出预算表 where no 一般公共预算基本支出表
    # is printed is read as it (economic codes: 301 = 30101 + 30102)
    header = [
        [(40, 130, "科目编码"), (130, 300, "科目名称"), (300, 400, "合计")],
    ]
    rows = [
        [(40, 130, "301"), (130, 300, "工资福利支出"), (300, 400, "12.00")],
        [(40, 130, "30101"), (130, 300, "基本工资"), (300, 400, "7.00")],
        [(40, 130, "30102"), (130, 300, "津贴补贴"), (300, 400, "5.00")],
    ]
    frames = _read([_page("2026年财政拨款基本支出预算表", header, rows)])
    assert _items(frames, "general_budget_basic_expenditure") == {
        ("301", "total"): [D("12")],
        ("30101", "total"): [D("7")],
        ("30102", "total"): [D("5")],
    }
    assert "table_stands_in" in _kinds(frames) and "unknown_table" not in _kinds(frames)


def test_amounts_under_a_title_whose_header_cannot_be_read_are_said_unread():
    # a 三公 table printed without rules whose labels each stand alone on a line of their own
    # (no two labels side by side, so no column can be placed); its one row of amounts
    # (203.730277 = 141.626000 + 2.906125 + 59.198152) is no number read, and a finding says so
    # on its page (248 p.15's own header, labels at uneven heights, is read: the test above)
    labels = ("“三公”经费合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费")
    texts = [
        (150, 60, 14, "预算09表 财政拨款“三公”经费支出表"),
        (480, 90, 9, "金额单位：万元"),
        *[(40 + 110 * k, 110 + 10 * k, 9, label) for k, label in enumerate(labels)],
        *[
            (x, 200, 9, amount)
            for x, amount in (
                (40, "203.730277"),
                (150, "141.626000"),
                (260, "2.906125"),
                (370, "59.198152"),
            )
        ],
    ]
    # a sentence of the narrative naming a table at its line's end is no title (Jiangsu 025 p.28)
    sentence = [
        (40, 100, 9, "省检察院本级划转240万元办案费；二是《财政拨款支出预算表"),
        (40, 120, 9, "》是今年新增加的公开内容，列示了部门的财政拨款支出情况。"),
        (40, 140, 9, "1.77"),
        (80, 140, 9, "%。主要原因是工资调整后，随之调整了缴费基数。"),
    ]
    frames = _read(
        [
            _page("2026年一般公共预算支出表", GB_HEADER, GB_ROWS, GB_SPANS),
            {"texts": texts},
            {"texts": sentence},
        ]
    )
    assert frames.line_items.filter(pl.col("table_id") == "three_public_expenses").is_empty()
    unread = frames.findings.filter(pl.col("kind") == "unread_line")
    assert unread.select("table_id", "severity", "source_page").rows() == [
        ("three_public_expenses", "warning", 2)
    ]
    assert "203.730277" in unread["message"][0] and "no header columns" in unread["message"][0]


def test_a_kuan_printing_two_digits_is_rebuilt_under_its_lei():
    # Xi'an 2020 一般公共预算支出明细表 (337 p.33, `pdftotext -layout`): 款 rows print only their
    # two digits, 项 rows their seven. 10 人力资源事务 is no 款 of the 2024 catalogue: the 项
    # 2011007 below it proves 20110. 05 行政事业单位养老支出 follows the 项 of another 款 (01)
    # with no 项 printed below it: the catalogue's 款 of that name under the 类 208 (20805)
    header = [[(40, 130, "功能科目编码"), (130, 400, "功能科目名称"), (400, 500, "合计")]]
    printed = [
        ("", "合计", "621.00"),  # 7.00 + 614.00
        ("201", "一般公共服务支出", "7.00"),
        ("10", "人力资源事务", "7.00"),
        ("2011007", "博士后日常经费", "7.00"),
        ("208", "社会保障和就业支出", "614.00"),  # 14.00 + 600.00
        ("01", "人力资源和社会保障管理事务", "14.00"),
        ("2080110", "劳动关系和维权", "14.00"),
        ("05", "行政事业单位养老支出", "600.00"),
    ]
    rows = [[(40, 130, c), (130, 400, n), (400, 500, a)] for c, n, a in printed]
    frames = _read([_page("2020年一般公共预算支出明细表", header, rows)])
    assert list(_items(frames, "general_budget_expenditure")) == [
        (key, "total")
        for key in ("合计", "201", "20110", "2011007", "208", "20801", "2080110", "20805")
    ]
    assert _kinds(frames).count("code_rebuilt") == 3 and "bad_code" not in _kinds(frames)


def test_words_above_the_unit_line_are_no_header_labels():
    # Xi'an 338 p.36 (`pdftotext -layout`): 表13 and stray glyphs of a vertical 接待费 (`待 费`)
    # print between the title and 金额单位：元, over the 2022年 block; read as a header row they
    # ran into every label below them (`待待费2022年…小计`: ambiguous_column, no 三公 read). The
    # unit line stands between a title and its grid: what is above it is no header.
    top = 140
    header = [
        [(40, 100, "单位名称"), (100, 260, "2025年"), (260, 420, "2026年"), (420, 580, "增减变化")],
        [
            (x, x + 40, label)
            for b in (100, 260, 420)
            for x, label in zip(range(b, b + 160, 40), ("合计", "出国费", "接待费", "运行费"))
        ],
    ]
    # 2025年: 3 + 2 + 4 = 9 ✓; 2026年: 1 + 2 + 4 = 7 ✓; 增减: 7 - 9 = -2 ✓
    amounts = "9.00 3.00 2.00 4.00 7.00 1.00 2.00 4.00 -2.00 -2.00 0.00 0.00".split()

    def line(name):
        return [(40, 100, name)] + [(100 + 40 * k, 140 + 40 * k, a) for k, a in enumerate(amounts)]

    head, head_texts = grid(header, top, spans={(0, 0): 2})
    body, body_texts = grid([line("合计"), line("测试市财政局")], top + 40)
    page = {
        "cells": head + body,
        "texts": [
            (120, 40, 14, "2026年部门“三公”经费、会议费、培训费表"),
            (40, 80, 9, "表13"),
            (300, 80, 9, "待"),
            (330, 80, 9, "待费"),
            (480, 115, 9, "金额单位：万元"),
            *head_texts,
            *body_texts,
        ],
    }
    frames = _read([page])
    # the 2026年 block of the 合计 row: 1.00 + 2.00 + 4.00 = 7.00 ✓ (the unit's row repeats it)
    assert _three_public(frames) == {
        "合计": [D("7")],
        "一、因公出国（境）费": [D("1")],
        "三、公务接待费": [D("2")],
        "公务用车运行维护费": [D("4")],
    }
    assert "ambiguous_column" not in _kinds(frames)


def test_an_unruled_three_public_header_with_labels_at_uneven_heights():
    # Beijing 248 p.15 预算09表 (`pdftotext -layout`), drawn without any rule: each label is
    # centred on its column's height, so 公务用车购置及运行维护费 stands alone on the top line
    # over 小计 | 公务用车购置费 | 公务用车运行维护费, “三公”经费财政 / 拨款预算总额 and 因公出国（境）费 /
    # 用 wrap over two lines, 公务接待费 is one line between them. The top label alone on its
    # line was taken for words above the grid and the table was never opened (unread_line).
    texts = [
        (120, 60, 14, "预算09表 财政拨款“三公”经费支出表"),
        (420, 90, 9, "金额单位：万元"),
        (424, 110, 9, "公务用车购置及运行维护费"),
        (150, 121, 9, "“三公”经费财政"),
        (235, 121, 9, "因公出国（境）费"),  # a word gap after 财政: one text piece
        (320, 132, 9, "公务接待费"),
        (159, 143, 9, "拨款预算总额"),
        (266, 143, 9, "用"),
        (380, 154, 9, "小计"),
        (415, 154, 9, "公务用车购置费"),
        (495, 154, 9, "公务用车运行维护费"),
        # 141.626000 + 2.906125 + 59.198152 = 203.730277 ✓; 小计 = 0 + 59.198152 ✓ (购置费 blank)
        (165, 180, 9, "203.730277"),
        (240, 180, 9, "141.626000"),
        (325, 180, 9, "2.906125"),
        (385, 180, 9, "59.198152"),
        (530, 180, 9, "59.198152"),
    ]
    frames = _read([{"texts": texts}])
    assert _three_public(frames) == {
        "三公经费财政拨款预算总额": [D("203.730277")],
        "一、因公出国（境）费": [D("141.626000")],
        "三、公务接待费": [D("2.906125")],
        "二、公务用车购置及运行维护费": [D("59.198152")],
        "公务用车运行维护费": [D("59.198152")],
    }
    assert "unread_line" not in _kinds(frames)


COLS = [(170, 250), (250, 330), (330, 410), (410, 490), (490, 580)]  # the amounts' columns


def test_a_column_of_non_appropriation_money_is_no_appropriation_column():
    """西南大学收入预算表 (170 p.8, `pdftotext -layout`): 收入合计 | 上年结转 | 财政拨款收入 | 其他收入 |
    使用非财政拨款结余. 非财政拨款 is no 财政拨款: 财政拨款收入 is the table's appropriation column
    (230,876.38 in 170), 使用非财政拨款结余 has no contract column. Both were one column twice
    (ambiguous_column) and neither was read."""
    header = [
        [
            (40, 80, "科目编码"),
            (80, 170, "科目名称"),
            (170, 250, "收入合计"),
            (250, 330, "上年结转"),
            (330, 410, "财政拨款收入"),
            (410, 490, "其他收入"),
            (490, 580, "使用非财政拨款结余"),
        ]
    ]
    rows = [
        [(40, 80, c), (80, 170, n), *((x0, x1, a) for (x0, x1), a in zip(COLS, amounts))]
        for c, n, *amounts in (
            ("", "合计", "20.00", "3.00", "10.00", "2.00", "5.00"),
            ("205", "教育支出", "20.00", "3.00", "10.00", "2.00", "5.00"),
        )
    ]
    frames = _read([_page("2026年收入预算表", header, rows)])
    items = _items(frames, "income_summary")
    assert items[("205", "fiscal_appropriation")] == [D("10")]
    assert items[("205", "carryover")] == [D("3")]
    assert items[("205", "other_revenue")] == [D("2")]
    assert D("5") not in [a for (code, _), amounts in items.items() for a in amounts if code]
    assert "ambiguous_column" not in _kinds(frames)


def test_a_class_row_rounded_apart_from_its_rows_widens_the_rounding_allowed():
    """318 p.27 (一般公共预算基本支出表, `pdftotext -layout`): 合计 25,530.51 is the sum of the printed
    leaves, while 301 工资福利支出 prints 23,647.92 over leaves adding to 23,647.94 (each figure
    rounded from 元 apart). The classes add up to 0.02 less than the 合计: the page's rounding
    over the leaves under the odd class, not a row missing. Here: four leaves of 1.00 (0.996 each)
    under 301 printed 3.98 (3.984), 302 1.00, 合计 5.00 = the leaves; 3.98 + 1.00 = 4.98."""
    rows = (
        ("", "合计", "5.00"),
        ("301", "工资福利支出", "3.98"),
        ("30101", "基本工资", "1.00"),
        ("30102", "津贴补贴", "1.00"),
        ("30103", "奖金", "1.00"),
        ("30107", "绩效工资", "1.00"),
        ("302", "商品和服务支出", "1.00"),
        ("30201", "办公费", "1.00"),
    )
    frames = _read([_summary_page("2026年一般公共预算基本支出表", *rows)])
    kinds = _kinds(frames)
    assert "total_not_reproduced" not in kinds and "total_rounding" in kinds
    # a gap beyond the rounding of every printed figure is still a row missing
    rows = (("", "合计", "5.10"), *rows[1:])
    frames = _read([_summary_page("2026年一般公共预算基本支出表", *rows)])
    assert "total_not_reproduced" in _kinds(frames)
