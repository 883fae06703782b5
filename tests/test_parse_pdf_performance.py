"""项目支出绩效目标表 read from PDFs written by the test: the per-project form (Xi'an, Fuzhou) and the
one grid of all projects (Beijing 预算表12) whose merged project cells are cut by page breaks.
Every expected value is what the test printed on the page; the grid cases are built so that
reading order alone would attach rows to the wrong project."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.transforms.indicator_values import label_unit, parse_indicator_value
from tests.pdf_builders import HEADER, HEADER_SPANS, PAGE1_ROWS, grid
from tests.performance_grid import (
    A_ROWS,
    C_ROWS,
    ROW,
    SIZE,
    X,
)
from tests.performance_grid import (
    cell as _cell,
)
from tests.performance_grid import (
    header as _header,
)
from tests.performance_grid import (
    indicator as _indicator,
)
from tests.performance_grid import (
    loose as _loose,
)
from tests.performance_grid import (
    page as _page,
)
from tests.performance_grid import (
    printed as _text,
)
from tests.performance_grid import (
    project as _project,
)
from tests.performance_grid import (
    read as _read,
)

D = Decimal


def _tables_page() -> dict:
    """A 支出预算总表: a document whose 绩效目标表 gives nothing still loads by it."""
    head, head_texts = grid(HEADER, 110, spans=HEADER_SPANS)
    body, body_texts = grid(PAGE1_ROWS, 170)
    return {
        "cells": head + body,
        "texts": [
            (150, 60, 14, "2025年部门支出预算总表"),
            (480, 90, 9, "单位：元"),
            *head_texts,
            *body_texts,
        ],
    }


def _rows(frames, code) -> list[str]:
    return frames.indicators.filter(pl.col("project_code") == code)["level3"].to_list()


def _kinds(frames) -> list[str]:
    return frames.findings["kind"].to_list()


# -- one grid for all projects (Beijing 预算表12) ---------------------------------------------

B_ROWS_P1 = [
    ("产出指标", "数量指标", "乙数量", "＝", "2", "次"),
    ("效益指标", "社会效益指标", "乙效益", "定性", "优", ""),
    ("产出指标", "时效指标", "乙时效", "≤", "12", "月"),
    ("成本指标", "经济成本指标", "乙成本一", "≤", "20", "万元"),
]
B_ROWS_P2 = [
    ("成本指标", "经济成本指标", "乙成本二", "≤", "25", "万元"),
    ("满意度指标", "满意度指标", "乙满意度", "≥", "90", "%"),
]


def _cut_grid() -> list[dict]:
    """Page 1: project 甲 (ruled), then 乙 whose merged cells run past the page end: its rows are
    ruled, its name and amount are loose text in the cut block. Page 2: 乙's amount printed again
    at the top (no name: the generator centres it on the whole cell), then 丙."""
    b_top = 120 + ROW * len(A_ROWS)
    page1 = [
        *_header(),
        *_project(120, A_ROWS, "110000A1-项目甲", "30.000000", "甲的目标"),
        *[p for k, r in enumerate(B_ROWS_P1) for p in _indicator(b_top + ROW * k, *r)],
        _loose(X[0] + 2, b_top + 50, "110000B2-项目乙"),
        _loose(X[1] + 2, b_top + 62, "45.000000"),
        _loose(X[2] + 2, b_top + 62, "45.000000"),
        _loose(X[4] + 2, b_top + 30, "乙的目标"),
    ]
    page2 = [
        *_header(),
        _cell(X[1], 120, X[2], 160, "45.000000"),
        _cell(X[2], 120, X[3], 160, "45.000000"),
        _cell(X[0], 120, X[1], 160),
        _cell(X[3], 120, X[4], 160),
        _cell(X[4], 120, X[5], 160),
        *[p for k, r in enumerate(B_ROWS_P2) for p in _indicator(120 + ROW * k, *r)],
        *_project(160, C_ROWS, "110000C3-项目丙", "20.000000", "丙的目标"),
    ]
    return [_page(page1), _page(page2)]


def test_grid_rows_follow_the_merged_cells_across_the_page_break():
    f = _read(_cut_grid())
    got = {r["project_code"]: r for r in f.projects.iter_rows(named=True)}
    assert list(got) == ["110000A1", "110000B2", "110000C3"]
    assert [got[c]["budget_wan"] for c in got] == [D("30"), D("45"), D("20")]
    assert [got[c]["project_name"] for c in got] == ["项目甲", "项目乙", "项目丙"]
    assert got["110000B2"]["fiscal_funds_wan"] == D("45")
    assert got["110000A1"]["goal_text"] == "甲的目标"
    assert [got[c]["source_page"] for c in got] == [1, 1, 2]
    # 乙's block starts on page 1 and goes on under its amount printed again on page 2
    assert _rows(f, "110000A1") == ["甲数量", "甲成本", "甲满意度"]
    assert _rows(f, "110000B2") == [
        "乙数量",
        "乙效益",
        "乙时效",
        "乙成本一",
        "乙成本二",
        "乙满意度",
    ]
    assert _rows(f, "110000C3") == ["丙质量", "丙成本"]
    assert "performance_unattached" not in _kinds(f)


def test_grid_values_are_the_printed_comparator_number_and_unit():
    f = _read(_cut_grid())
    rows = {r["level3"]: r for r in f.indicators.iter_rows(named=True)}
    assert (
        rows["甲成本"]["value_raw"],
        rows["甲成本"]["value_comparator"],
        rows["甲成本"]["value_number"],
        rows["甲成本"]["value_unit"],
    ) == ("≤30万元", "≤", D(30), "万元")
    assert rows["乙效益"]["value_raw"] == "优"  # 定性: the value is the words
    assert rows["乙效益"]["value_number"] is None
    assert (rows["甲数量"]["level1"], rows["甲数量"]["level2"]) == ("产出指标", "数量指标")


def test_rows_below_the_last_cell_belong_to_the_project_the_next_page_opens():
    """Rows below 丁's cell on page 1 have no amount beside them (戊's cell is centred on the
    whole block, so its text falls on page 2): they are 戊's, never 丁's."""
    d_rows = [
        ("产出指标", "数量指标", "丁数量", "≥", "1", "个"),
        ("满意度指标", "满意度指标", "丁满意度", "≥", "90", "%"),
    ]
    e_p1 = [
        ("产出指标", "数量指标", "戊数量", "≥", "3", "个"),
        ("产出指标", "时效指标", "戊时效", "≤", "6", "月"),
    ]
    e_p2 = [
        ("成本指标", "经济成本指标", "戊成本", "≤", "12.5", "万元"),
        ("满意度指标", "满意度指标", "戊满意度", "≥", "85", "%"),
    ]
    page1 = [
        *_header(),
        *_project(120, d_rows, "110000D4-项目丁", "8.000000", "丁的目标"),
        *[p for k, r in enumerate(e_p1) for p in _indicator(160 + ROW * k, *r)],
    ]
    page2 = [*_header(), *_project(120, e_p2, "110000E5-项目戊", "12.500000", "戊的目标")]
    f = _read([_page(page1), _page(page2)])
    assert _rows(f, "110000D4") == ["丁数量", "丁满意度"]
    assert _rows(f, "110000E5") == ["戊数量", "戊时效", "戊成本", "戊满意度"]


def test_a_wrapped_label_a_point_above_its_rule_stays_its_rows():
    """124 p.83 (`pdftotext -layout` and the characters' boxes): a 三级 label's last wrapped line
    (`集点数`, centre 74.8) ends a point above its cell's rule (76.0), on one text line with the
    goal cell's line beside it set lower (centre 77): it ends the row above (`…的采集点数`), not
    the next row's label. Here row 1 (120-140) wraps `缺测率的采` / `集点数` with the second line's
    centre about 139, and the goal's second line (centre about 142) shares its text line."""
    rows = [
        ("产出指标", "数量指标", "", "≥", "20", "个"),
        ("产出指标", "数量指标", "标准木更换频次", "≤", "2", "年"),
    ]
    parts = [
        *_header(),
        *_project(120, rows, "110000W1-火险监测", "102.100000", ""),
        _loose(X[7] + 2, 124, "缺测率的采"),
        _loose(X[7] + 2, 135.8, "集点数"),
        _loose(X[4] + 2, 128, "拟购买数据"),
        _loose(X[4] + 2, 138.5, "搭建监测体系"),
    ]
    f = _read([_tables_page(), _page(parts)])
    assert _rows(f, "110000W1") == ["缺测率的采集点数", "标准木更换频次"]


def test_a_label_line_centred_past_its_rule_stays_its_rows():
    """225 p.21 (`pdftotext -layout` and the characters' boxes): a three-line 三级 label centred
    on a row too low for it crosses both rules; its last line `平` has its centre 0.2 below the
    rule (265.7 against 265.5), yet ends `提升预算绩效管` / `理、财务管理水`, and the row below
    reads `评审服务成本控` / `制`. Here row 1 (120-138, middle 129) centres `提升绩效` / `管理水` /
    `平` 9.5 apart from 129.6: `平`'s centre lies at 139.1, below the rule at 138; row 2 (138-158)
    prints its one line at its middle."""
    rows = [
        ("效益指标", "社会效益指标", "", "定性", "优", "", 120, 138),
        ("成本指标", "经济成本指标", "评审成本", "≤", "30", "万元", 138, 158),
    ]
    parts = [*_header(), _cell(X[0], 120, X[1], 158, "110000W2-绩效管理")]
    parts += [_cell(X[k], 120, X[k + 1], 158, "9.000000") for k in (1, 2)]
    parts += [_cell(X[k], 120, X[k + 1], 158) for k in (3, 4)]
    for *texts, top, bottom in rows:
        parts += [_cell(X[5 + k], top, X[6 + k], bottom, t) for k, t in enumerate(texts)]
    centre = 129.6 - SIZE * 0.53  # a line's top for its centre at 129.6 (the font's box)
    parts += [
        _loose(X[7] + 2, centre + d, t) for d, t in ((-9.5, "提升绩效"), (0, "管理水"), (9.5, "平"))
    ]
    f = _read([_tables_page(), _page(parts)])
    assert _rows(f, "110000W2") == ["提升绩效管理水平", "评审成本"]


def test_rows_beside_no_project_text_belong_to_the_cell_centred_across_the_page_break():
    """124 pp.21-25's layout: merged project cells without rules print their text once, centred
    on the whole cell across page breaks. Page 1: 甲 (ruled, 120-180), then 乙 whose cell runs from
    180 to page 2's 80 (80 + 40 = 120 points of rows: its text at 240, 60 below its top). Page 2
    (no header, rows from 40) prints no project text: its rows 40-80 are 乙's, 80-140 丙's. 丙's
    cell runs from page 2's 80 to page 3's 120 (60 + 80 = 140: its text at page 3's 50, 70 below
    its top), so all of page 3's rows are 丙's too."""

    def rows(name: str, n: int) -> list[tuple]:
        return [("产出指标", "数量指标", f"{name}{k}", "≥", str(k + 1), "个") for k in range(n)]

    def stack(top: float, rows: list[tuple]) -> list:
        return [p for k, r in enumerate(rows) for p in _indicator(top + ROW * k, *r)]

    def text(top: float, name: str, amount: str, goal: str) -> list:
        mid = top - SIZE / 2  # each text centred on ``top``
        return [
            _loose(X[0] + 2, mid, name),
            _loose(X[1] + 2, mid, amount),
            _loose(X[2] + 2, mid, amount),
            _loose(X[4] + 2, mid, goal),
        ]

    b, c = rows("乙", 6), rows("丙", 7)
    page1 = [
        *_header(),
        *_project(120, A_ROWS, "110000A1-项目甲", "30.000000", "甲的目标"),
        *stack(180, b[:4]),
        *text(240, "110000B2-项目乙", "45.000000", "乙的目标"),
    ]
    page2 = [*stack(40, b[4:]), *stack(80, c[:3])]
    page3 = [*stack(40, c[3:]), *text(50, "110000C3-项目丙", "20.000000", "丙的目标")]
    f = _read([_page(page1), _page(page2), _page(page3)])
    assert _rows(f, "110000A1") == ["甲数量", "甲成本", "甲满意度"]
    assert _rows(f, "110000B2") == [f"乙{k}" for k in range(6)]
    assert _rows(f, "110000C3") == [f"丙{k}" for k in range(7)]
    assert "performance_unattached" not in _kinds(f)


def test_rows_of_a_page_without_any_project_cell_attach_nothing():
    """Page 2 prints indicator rows and no project cell at all: the project of page 1 may end
    among them and the next begin (its cells centred on a later page), so none is attached."""
    page1 = [*_header(), *_project(120, A_ROWS, "110000A1-项目甲", "30.000000", "甲的目标")]
    page2 = [
        *_header(),
        *[p for k, r in enumerate(C_ROWS) for p in _indicator(120 + ROW * k, *r)],
        _loose(X[4] + 2, 125, "甲的目标"),
        _loose(X[4] + 2, 165, "另一个目标"),
    ]
    f = _read([_page(page1), _page(page2)])
    assert _rows(f, "110000A1") == ["甲数量", "甲成本", "甲满意度"]
    assert f.indicators.height == 3
    assert "performance_unattached" in _kinds(f)


def test_two_loose_projects_in_one_stretch_attach_nothing():
    """Two projects printed without cell rules in one stretch: which row is whose cannot be told,
    so no row is attached and a finding says so (a wrong project is worse than none)."""
    rows = [("产出指标", "数量指标", f"行{k}", "≥", str(k), "个") for k in range(4)]
    page = [
        *_header(),
        *[p for k, r in enumerate(rows) for p in _indicator(120 + ROW * k, *r)],
        _loose(X[0] + 2, 125, "110000F6-项目己"),
        _loose(X[1] + 2, 125, "10.000000"),
        _loose(X[0] + 2, 185, "110000G7-项目庚"),
        _loose(X[1] + 2, 185, "11.000000"),
    ]
    f = _read([_page(page)])
    assert f.indicators.height == 0
    assert "performance_unattached" in _kinds(f)


def test_a_grid_without_row_rules_attaches_no_row_beside_no_project_text():
    """(pdf_unruled_grid) 辛's name line at 140 is level with none of the rows' 一级 labels."""
    rows = [("产出指标", "数量指标", f"行{k}", "≥", str(k), "个") for k in range(3)]
    page = [
        *_header(),
        _loose(X[0] + 2, 140, "110000H8-项目辛"),
        _loose(X[1] + 2, 140, "9.000000"),
        *[
            _loose(X[5 + j] + 2, 125 + ROW * k, text)
            for k, r in enumerate(rows)
            for j, text in enumerate(r)
        ],
    ]
    f = _read([_tables_page(), _page(page)])
    assert f.projects["project_name"].to_list() == ["项目辛"]
    assert f.indicators.height == 0
    assert _kinds(f) == ["performance_unattached"]


def test_a_grid_header_with_no_row_under_it_is_no_unread_page():
    """An empty 预算表12 (its header only, as shared/real 110 p. 16 prints it): nothing unread."""
    f = _read([_tables_page(), _page(_header())])
    assert f.projects.height == 0
    assert "performance_unread" not in _kinds(f)


# -- one form per project (Xi'an, Fuzhou, 西南大学) ------------------------------------------


def _form(
    top: float,
    title: str,
    name: str,
    money: tuple[str, str, str],
    goal: str,
    rows: list[tuple[str, str, str, str]],
    l1_spans: dict[int, int],
    label: str = "项目名称",
) -> list:
    """项目名称 (or ``label``) / 资金 rows / 年度目标 / the 一级…指标值 grid; ``l1_spans``: a 一级指标
    cell merged down over several rows (printed once, on the first)."""
    parts = [
        _loose(150, top - 30, title, 9),
        _cell(40, top, 160, top + 20, label, 9),
        _cell(160, top, 560, top + 20, name, 9),
        _cell(40, top + 20, 160, top + 80, "资金（万元）", 9),
    ]
    for k, (label, value) in enumerate(zip(("资金总额", "其中：财政拨款", "其他资金"), money)):
        parts += [
            _cell(160, top + 20 + 20 * k, 300, top + 40 + 20 * k, label, 9),
            _cell(300, top + 20 + 20 * k, 560, top + 40 + 20 * k, value, 9),
        ]
    parts += [
        _cell(40, top + 80, 160, top + 100, "年度目标", 9),
        _cell(160, top + 80, 560, top + 100, goal, 9),
    ]
    g = top + 100
    for k, label in enumerate(("一级指标", "二级指标", "三级指标", "指标值")):
        parts.append(_cell((40, 140, 240, 440)[k], g, (140, 240, 440, 560)[k], g + 20, label, 9))
    for k, (l1, l2, l3, value) in enumerate(rows):
        y = g + 20 + 20 * k
        if l1:
            parts.append(_cell(40, y, 140, y + 20 * l1_spans.get(k, 1), l1, 9))
        parts += [
            _cell(140, y, 240, y + 20, l2, 9),
            _cell(240, y, 440, y + 20, l3, 9),
            _cell(440, y, 560, y + 20, value, 9),
        ]
    return parts


def _form_page(title, name, money, goal, rows, l1_spans=None, label="项目名称") -> dict:
    """A page printing one form at its top."""
    return _page(_form(100, title, name, money, goal, rows, l1_spans or {}, label))


FORM1 = [
    ("产出指标", "数量指标", "维保车辆数", "≥40辆"),
    ("", "质量指标", "年检合格率", "=90%"),
    ("成本指标", "经济成本指标", "消耗费总额", "≤77.48万元"),
    ("满意度指标", "服务对象满意度", "投诉件数量", "≤10件"),
]
FORM2 = [
    ("成本指标", "经济成本", "法律顾问服务成本（万元）", "≤5"),
    ("效益指标", "社会效益指标", "胜诉率（%）", "≥93"),
]


# a second form, printed on its own page: a bare ≤5 under a label naming 万元
FORM2_PAGE = (
    "部门专项业务经费绩效目标表",
    "法律顾问服务",
    ("5.00", "5.00", ""),
    "提升依法行政能力。",
    FORM2,
)


def test_per_project_forms():
    pages = [
        _form_page(
            "车辆消耗费项目绩效目标表",
            "执法执勤车辆消耗费",
            ("77.48", "77.48", "0.00"),
            "用于补助巡逻车消耗费支出。",
            FORM1,
            {0: 2},
        ),
        _form_page(*FORM2_PAGE),
    ]
    f = _read(pages)
    p = f.projects.sort("project_no").to_dicts()
    assert [r["project_name"] for r in p] == ["执法执勤车辆消耗费", "法律顾问服务"]
    assert [(r["budget_wan"], r["fiscal_funds_wan"], r["other_funds_wan"]) for r in p] == [
        (D("77.48"), D("77.48"), D("0")),
        (D("5"), D("5"), None),
    ]
    assert p[0]["goal_text"] == "用于补助巡逻车消耗费支出。"
    assert [r["source_page"] for r in p] == [1, 2]
    ind = f.indicators.filter(pl.col("project_code") == p[0]["project_code"]).sort("indicator_no")
    # the merged 一级指标 cell goes on over the 质量指标 row
    assert ind.select("level1", "level2", "level3", "value_raw").rows() == [
        ("产出指标", "数量指标", "维保车辆数", "≥40辆"),
        ("产出指标", "质量指标", "年检合格率", "=90%"),
        ("成本指标", "经济成本指标", "消耗费总额", "≤77.48万元"),
        ("满意度指标", "服务对象满意度", "投诉件数量", "≤10件"),
    ]
    cost = f.indicators.filter(pl.col("level3") == "法律顾问服务成本（万元）").row(0, named=True)
    # a bare ≤5 under a label naming 万元 is 5 万元; the printed text stays as printed
    assert (cost["value_raw"], cost["value_number"], cost["value_unit"]) == ("≤5", D(5), "万元")
    assert f.indicators.filter(pl.col("level3") == "胜诉率（%）")["value_unit"].to_list() == ["%"]
    assert "performance_suspect" not in _kinds(f)


def test_cost_parts_several_times_the_budget_make_the_reading_suspect():
    rows = [
        ("成本指标", "经济成本指标", "设备购置", "≤300万元"),
        ("产出指标", "数量指标", "设备数量", "≥3台"),
    ]
    f = _read(
        [
            _form_page(
                "设备项目绩效目标表", "设备购置项目", ("50.00", "50.00", "0"), "购置设备。", rows
            )
        ]
    )
    found = f.findings.filter(pl.col("kind") == "performance_suspect")
    assert found.height == 1 and found["severity"].to_list() == ["warning"]
    assert "设备购置项目" in found["message"][0] and "300" in found["message"][0]


def test_a_self_evaluation_is_not_a_target_form():
    f = _read(
        [
            _tables_page(),
            _form_page(
                "培训专项项目绩效自评表",
                "培训专项",
                ("180.61", "140.61", "0"),
                "分级分类培训。",
                FORM2,
            ),
        ]
    )
    assert f.projects.height == 0


def test_a_department_target_form_is_one_department_block():
    """A 部门整体 绩效目标表 opened by 部门名称 is read as one block of kind department, beside a
    project form of kind project; its self-evaluation (自评) is not read."""
    dept = [
        ("产出指标", "数量指标", "办结件数", "≥300件"),
        ("满意度指标", "服务对象满意度", "满意率", "≥90%"),
    ]
    f = _read(
        [
            _form_page(
                "2026年部门整体预算绩效目标申报表",
                "某某市某某局",
                ("", "120.00", "30.00"),
                "全面履职。",
                dept,
                label="部门名称",
            ),
            _form_page(*FORM2_PAGE),
            _form_page(
                "2025年部门整体支出绩效自评表",
                "某某市某某局",
                ("", "110.00", "0"),
                "履职。",
                dept,
                label="部门名称",
            ),
        ]
    )
    # the department block is numbered after the projects (their numbers stay as without it)
    p = f.projects.sort("project_no", descending=True).to_dicts()
    assert [
        (r["project_name"], r["project_kind"], r["source_page"], r["project_no"]) for r in p
    ] == [
        ("某某市某某局", "department", 1, 2),
        ("法律顾问服务", "project", 2, 1),
    ]
    # no 资金总额 printed: the budget stays empty, its printed parts are read
    assert (p[0]["budget_wan"], p[0]["fiscal_funds_wan"], p[0]["other_funds_wan"]) == (
        None,
        D(120),
        D(30),
    )
    assert p[0]["goal_text"] == "全面履职。"
    ind = f.indicators.filter(pl.col("project_code") == p[0]["project_code"]).sort("indicator_no")
    assert ind.select("level1", "level2", "level3", "value_raw").rows() == dept


def test_a_value_per_unit_or_in_units_to_choose_from_keeps_its_number():
    """Values printed in Beijing's 预算表12 / 预算13表 (real_more 248, shared/real 112-128): the
    unit as printed, slashes and all; the number and comparator as for a plain unit."""
    cases = {
        "≥500家/个/批次": ("≥", D(500), "家/个/批次"),  # units to choose from
        "＝2次/年": ("=", D(2), "次/年"),  # full-width ＝
        "＝15万元/个": ("=", D(15), "万元/个"),  # a cost per item, not the budget's part
        "≤50元/人·次": ("≤", D(50), "元/人·次"),
        "=710元/人月": ("=", D(710), "元/人月"),
        "≧730.08万元/年": ("≥", D("730.08"), "万元/年"),  # ≧ as ≥
        "≥20台/套": ("≥", D(20), "台/套"),
        # no unit on either side of the slash, or a slash with nothing after it: no value
        "较上一年下降或≤14.5/10万": ("", None, ""),
        "≥5个/": ("", None, ""),
        "≥5/年": ("", None, ""),
    }
    assert {raw: tuple(parse_indicator_value(raw)) for raw in cases} == cases


def test_label_unit():
    assert label_unit("法律顾问服务成本（万元）") == "万元"
    assert label_unit("审核修订合同合格率(%)") == "%"
    assert label_unit("合同修订完成时限（工作日）") == ""  # not a unit values are read in
    assert label_unit("机关人员满意度") == ""


# -- one row per project, indicators listed in a cell (Guangzhou 含转移支付项目) ----------------

# name | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标
RX = [20, 110, 160, 210, 260, 300, 420, 580]
RHEAD = [
    "项目名称（资金使用单位）",
    "总计",
    "财政拨款",
    "财政专户拨款",
    "其他资金",
    "绩效目标",
    "绩效指标",
]
A_IND = (
    "1、1-产出指标；11-数量指标；会议保障次数；",
    "实施周期指标值:每年≥20场；年度指标值:≥20场。",
    "2、4-成本指标；41-经济成本指标；人工成本；",
    "实施周期指标值:≤90万元；年度指标值:≤30万元。",
)
B_IND_1 = ("1.1－产出指标，12－质量指标，验收合格率；", "实施周期指标值：100%，年度指标值：100%;")
B_IND_2 = (
    "2、3－满意度指标，31－服务对象满意度，",
    "满意度；实施周期指标值：≥90%，年度指标值：≥95%;",
)


def _listed_row(top, height, cells) -> list:
    """One ruled row; a cell given as a tuple prints one text line per item (wrapped text)."""
    parts = []
    for k, text in enumerate(cells):
        lines = text if isinstance(text, tuple) else ((text,) if text else ())
        parts.append(([(RX[k], top, RX[k + 1], top + height)], []))
        parts += [
            ([], [(RX[k] + 2, top + 3 + 8 * j, SIZE, _text(line))]) for j, line in enumerate(lines)
        ]
    return parts


def _listed_page(rows, title="项目支出绩效目标表（含转移支付项目）") -> dict:
    parts = [_loose(200, 40, title, 10), _loose(20, 60, "部门名称：某市某局", 8)]
    parts += [_loose(520, 60, "单位：万元", 8), *_listed_row(75, 20, RHEAD)]
    top = 95
    for height, cells in rows:
        parts += _listed_row(top, height, cells)
        top += height
    return _page(parts)


def test_listed_indicators_split_by_their_level_codes():
    """The serialisations printed: 、 or . after the item number, - or －, ； or ， between parts,
    and numbers that start again; the year's value, not the whole period's."""
    from budgetwatch.transforms.pdf_performance import listed_indicators

    text = "".join(A_IND + B_IND_1 + B_IND_2)
    assert listed_indicators(text) == [
        ["产出指标", "数量指标", "会议保障次数", "≥20场", ""],
        ["成本指标", "经济成本指标", "人工成本", "≤30万元", ""],
        ["产出指标", "质量指标", "验收合格率", "100%", ""],
        ["满意度指标", "服务对象满意度", "满意度", "≥95%", ""],
    ]


def test_one_row_per_project_with_its_cell_cut_by_the_page_break():
    """A 合计 and a unit's subtotal are no projects; project B's 绩效指标 cell runs on to the top
    row of the next page, which prints no name and no 总计 (its name is on the page before):
    those indicators are B's, not C's."""
    pages = [
        _listed_page(
            [
                (20, ("合计", "150.50", "130.50", "20.00")),
                (20, ("某市某局", "150.50", "130.50", "20.00")),
                (40, ("会务保障项目", "100.00", "100.00", "", "", "保障会议。", A_IND)),
                (30, ("环保员经费", "50.00", "30.00", "20.00", "", "建立队伍。", B_IND_1)),
            ]
        ),
        _listed_page(
            [
                (30, ("", "", "", "", "", "", B_IND_2)),
                (30, ("宣传项目", "0.50", "0.50", "", "", "宣传。", B_IND_1)),
            ]
        ),
    ]
    f = _read(pages)
    # the reader reports no reason to reject it (flows.core.decide_status then loads it)
    assert f.documents["status_reason"].to_list() == [None]
    p = f.projects.sort("project_no").to_dicts()
    assert [(r["project_name"], r["budget_wan"], r["source_page"]) for r in p] == [
        ("会务保障项目", D("100.00"), 1),
        ("环保员经费", D("50.00"), 1),
        ("宣传项目", D("0.50"), 2),
    ]
    # 100 = 100 + 0; 50 = 30 + 20 (财政专户拨款): the contract's split has no place for it
    assert [(r["fiscal_funds_wan"], r["other_funds_wan"]) for r in p] == [
        (D("100.00"), None),
        (None, None),
        (D("0.50"), None),
    ]
    assert "performance_carry_over" in _kinds(f)
    assert p[0]["goal_text"] == "保障会议。"
    assert _rows(f, p[0]["project_code"]) == ["会议保障次数", "人工成本"]
    assert _rows(f, p[1]["project_code"]) == ["验收合格率", "满意度"]
    assert _rows(f, p[2]["project_code"]) == ["验收合格率"]
    cost = f.indicators.filter(pl.col("level3") == "人工成本").row(0, named=True)
    assert (cost["value_comparator"], cost["value_number"], cost["value_unit"]) == (
        "≤",
        D(30),
        "万元",
    )
    assert "unknown_table" not in _kinds(f)
    # 合计 150.50 = 100.00 + 50.00 + 0.50 (the unit's subtotal is not added)
    assert "performance_total_not_reproduced" not in _kinds(f)


def test_a_total_its_projects_do_not_reproduce_is_a_finding():
    row = (40, ("会务保障项目", "100.00", "100.00", "", "", "保障会议。", A_IND))
    f = _read([_listed_page([(20, ("合计", "200.00", "200.00")), row])])
    found = f.findings.filter(pl.col("kind") == "performance_total_not_reproduced")
    assert found["severity"].to_list() == ["warning"]
    assert "200.00" in found["message"][0] and "-100.00" in found["message"][0]


def test_a_targets_table_alone_loads_through_the_gate():
    """A file printing only a 项目支出绩效目标表 lacks the core tables by nature: the gate loads
    it with its projects. Another reason (no fiscal year printed) still holds it back."""
    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import gate

    row = [(40, ("会务保障项目", "100.00", "100.00", "", "", "保障会议。", A_IND))]
    dated = _read([_listed_page(row, "2026年项目支出绩效目标表（含转移支付项目）")])
    undated = _read([_listed_page(row)])
    for frames, status in ((dated, "loaded"), (undated, "quarantined")):
        docs = gate(frames, load_settings()).frames.documents
        assert frames.projects.height == 1
        assert docs["status"].to_list() == [status], docs["status_reason"].to_list()
    reason = gate(undated, load_settings()).frames.documents["status_reason"][0]
    assert "fiscal year" in reason and "core table" not in reason


# -- a 部门整体 form whose grid prints 一级, 二级 and 三级 in one 绩效指标 cell (Beijing 预算13表) --

JOINED_X = [60, 160, 330, 390, 470, 560]  # 活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位
JOINED_LABELS = ("活动", "绩效指标", "指标性质", "指标值", "度量单位")
TITLE_13 = "预算13表 部门整体支出绩效目标表"


def _joined_header(top: float, ruled: bool) -> list:
    if ruled:
        return [
            _cell(x0, top, x1, top + 20, label, 9)
            for x0, x1, label in zip(JOINED_X, JOINED_X[1:], JOINED_LABELS)
        ]
    # no rules: each label centred over its column
    return [
        _loose((x0 + x1) / 2 - 4.5 * len(label), top, label, 9)
        for x0, x1, label in zip(JOINED_X, JOINED_X[1:], JOINED_LABELS)
    ]


def test_a_department_form_printing_the_levels_in_one_cell_is_read():
    """预算13表 (112 p.18, `pdftotext -layout`): 活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位, the
    绩效指标 cell printing 一级, 二级 and 三级 one after the other. A cell's last line printed
    past its rule (124 p.143: `…评价分析报` / `告`) lies in the next row's cell, before its 一级."""
    rows = [
        ("日常运行", ["产出指标数量指标评审报告数"], "＝", "10", "份"),
        ("日常运行", ["量", "成本指标经济成本指标编制标准"], "≤", "5", "万元"),
        ("机构运行", ["效益指标社会效益指标服务保障水平"], "定性", "优", "级"),
        ("机构运行", ["满意度指标服务对象满意度指标满意率"], "≥", "90", "%"),
    ]
    parts = [
        _loose(150, 60, TITLE_13, 9),
        _cell(40, 100, 160, 120, "部门名称", 9),
        _cell(160, 100, 560, 120, "某某市某某局", 9),
        _cell(40, 130, 160, 150, "整体绩效目标", 9),
        _cell(160, 130, 560, 150, "全面履职，保障运行。", 9),
        *_joined_header(170, ruled=True),
    ]
    for k, (activity, lines, *rest) in enumerate(rows):
        y = 190 + 30 * k
        parts.append(_cell(60, y, 160, y + 30, activity))
        parts.append(
            ([(160, y, 330, y + 30)], [(162, y + 2 + 9 * n, SIZE, t) for n, t in enumerate(lines)])
        )
        parts += [
            _cell(x0, y, x1, y + 30, t) for x0, x1, t in zip(JOINED_X[2:], JOINED_X[3:], rest)
        ]
    f = _read([_page(parts)])
    p = f.projects.to_dicts()
    assert [(r["project_name"], r["project_kind"], r["goal_text"]) for r in p] == [
        ("某某市某某局", "department", "全面履职，保障运行。")
    ]
    ind = f.indicators.sort("indicator_no")
    assert ind.select("level1", "level2", "level3", "activity", "value_raw").rows() == [
        ("产出指标", "数量指标", "评审报告数量", "日常运行", "＝10份"),
        ("成本指标", "经济成本指标", "编制标准", "日常运行", "≤5万元"),
        ("效益指标", "社会效益指标", "服务保障水平", "机构运行", "优"),  # 定性: the value alone
        ("满意度指标", "服务对象满意度指标", "满意率", "机构运行", "≥90%"),
    ]
    assert ind.select("value_comparator", "value_number", "value_unit").rows() == [
        ("=", D(10), "份"),
        ("≤", D(5), "万元"),
        ("", None, ""),
        ("≥", D(90), "%"),
    ]


def test_a_joined_grid_without_rules_takes_each_indicators_wrapped_lines():
    """248 p.74 (`pdftotext -layout`): the form printed without rules. A cell's text is set left
    in its column under a centred label, and a 三级 wraps above and below its value line
    (`产出指标数量指标北京市工业和信息软件业` / `运行监测 ≥ 1 篇` / `运行监测等成果`); the goal's
    lines stand above and below its label. Each indicator opens with its 一级 name."""
    goal = [
        "根据发展规划要求和市委市政府的工作部署，结合首都功能定位，推动产业高质量发展，",
        "以构建高精尖产业体系为核心目标，持续优化产业内部结构，",
        "最终实现工业与信息服务业的平稳运行、持续向好发展。",
    ]
    parts = [
        _loose(150, 60, TITLE_13, 9),
        _loose(60, 100, "部门名称", 9),
        _loose(200, 100, "某某市某某局", 9),
        *[_loose(170, 120 + 12 * k, text, 9) for k, text in enumerate(goal)],
        _loose(60, 132, "整体绩效目标", 9),
        *_joined_header(180, ruled=False),
    ]
    lines = [  # (top, 活动, 绩效指标, 性质, 值, 单位)
        (200, "", "产出指标数量指标北京市工业和信息软件业", "", "", ""),
        (209, "运行监测", "", "≥", "1", "篇"),
        (218, "", "运行监测等成果", "", "", ""),
        (232, "运行监测", "产出指标质量指标资金发放合规率", "＝", "100", "%"),
        (246, "", "效益指标社会效益指标为我市软件和信息服", "", "", ""),
        (255, "运行监测", "务业运行监测提供有效", "定性", "优", "其他"),
        (264, "", "数据支撑", "", "", ""),
    ]
    for top, *cells in lines:
        parts += [_loose(x0 + 2, top, t, SIZE) for x0, t in zip(JOINED_X, cells) if t]
    f = _read([_page(parts)])
    p = f.projects.to_dicts()
    assert [(r["project_name"], r["goal_text"]) for r in p] == [("某某市某某局", "".join(goal))]
    assert f.indicators.sort("indicator_no").select(
        "level1", "level2", "level3", "activity", "value_raw"
    ).rows() == [
        ("产出指标", "数量指标", "北京市工业和信息软件业运行监测等成果", "运行监测", "≥1篇"),
        ("产出指标", "质量指标", "资金发放合规率", "运行监测", "＝100%"),
        (
            "效益指标",
            "社会效益指标",
            "为我市软件和信息服务业运行监测提供有效数据支撑",
            "运行监测",
            "优",
        ),
    ]


# -- round 10: 转移支付绩效目标表 and blank forms ---------------------------------------------

TRANSFER_ROWS = [
    ("产出指标", "数量指标", "受益学生数", "≥2900人"),
    ("", "数量指标", "补助学校数", "≥210所"),
    ("满意度指标", "服务对象满意度指标", "相关学校满意度", "≥85%"),
]
TRANSFER_GOAL = "以建设教育强国为目标，落实城乡义务教育保障机制，努力促进教育公平，提高教育质量。"


def _transfer_page(name: str, amount: str) -> dict:
    """预算14表 (240 p.98, `pdftotext -layout`): 转移支付名称 | name | 市级主管部门 | 主管部门;
    资金情况（万元）: 年度金额 / 其中：中央财政资金 / 市级财政资金 / 其他资金; the goal's label row
    (年度总体目标 | 年度目标) over its text in a cell of its own; then the 一级…指标值 grid."""
    parts = [
        _loose(120, 60, f"预算14表-1 {name}绩效目标表", 9),
        _cell(40, 100, 130, 120, "转移支付名称", 9),
        _cell(130, 100, 300, 120, name, 9),
        _cell(300, 100, 380, 120, "市级主管部门", 9),
        _cell(380, 100, 560, 120, "某某市教育委员会", 9),
        _cell(40, 120, 130, 200, "资金情况（万元）", 9),
    ]
    money = (("年度金额：", amount), ("其中：中央财政资金", ""), ("市级财政资金", amount))
    for k, (label, value) in enumerate((*money, ("其他资金", ""))):
        parts += [
            _cell(130, 120 + 20 * k, 300, 140 + 20 * k, label, 9),
            _cell(300, 120 + 20 * k, 560, 140 + 20 * k, value, 9),
        ]
    parts += [
        _cell(40, 200, 80, 250, "年度总体目标"),
        _cell(80, 200, 560, 220, "年度目标", 9),
        _cell(80, 220, 560, 250, TRANSFER_GOAL, 9),
    ]
    for k, label in enumerate(("一级指标", "二级指标", "三级指标", "指标值")):
        parts.append(_cell((80, 140, 240, 440)[k], 250, (140, 240, 440, 560)[k], 270, label, 9))
    for k, (l1, l2, l3, value) in enumerate(TRANSFER_ROWS):
        y = 270 + 20 * k
        if l1:
            parts.append(_cell(80, y, 140, y + (40 if k == 0 else 20), l1, 9))
        parts += [
            _cell(140, y, 240, y + 20, l2, 9),
            _cell(240, y, 440, y + 20, l3, 9),
            _cell(440, y, 560, y + 20, value, 9),
        ]
    return _page(parts)


def test_a_transfer_payment_form_is_a_transfer_block():
    """Beijing 预算14表 转移支付绩效目标表 (240 pp.98-99): the per-project form with 转移支付名称
    for 项目名称. Read as a block of kind transfer, its indicators its own; its 年度金额 is paid to
    other governments, no 项目支出 of the department, so no money is stored (a project form beside
    it keeps its own). The goal printed in a cell under its label row is its goal."""
    f = _read(
        [_transfer_page("促进教育均衡发展转移支付", "567798.760840"), _form_page(*FORM2_PAGE)]
    )
    # numbered after the projects (and departments): their numbers stay as without it
    p = f.projects.sort("project_no", descending=True).to_dicts()
    assert [
        (r["project_name"], r["project_kind"], r["source_page"], r["project_no"]) for r in p
    ] == [
        ("促进教育均衡发展转移支付", "transfer", 1, 2),
        ("法律顾问服务", "project", 2, 1),
    ]
    money = [(r["budget_wan"], r["fiscal_funds_wan"], r["other_funds_wan"]) for r in p]
    assert money == [(None, None, None), (D(5), D(5), None)]
    assert p[0]["goal_text"] == TRANSFER_GOAL
    ind = f.indicators.filter(pl.col("project_code") == p[0]["project_code"]).sort("indicator_no")
    assert ind.select("level1", "level2", "level3", "value_raw").rows() == [
        ("产出指标", "数量指标", "受益学生数", "≥2900人"),
        ("产出指标", "数量指标", "补助学校数", "≥210所"),
        ("满意度指标", "服务对象满意度指标", "相关学校满意度", "≥85%"),
    ]
    assert "unknown_table" not in _kinds(f)


BLANK_ROWS = [  # (349 p.52 prints ...... in each 三级 cell: a placeholder)
    ("成本指标", "经济成本", "......", ""),
    ("", "社会成本", "", ""),
    ("产出指标", "数量指标", "", ""),
    ("满意度指标", "服务对象满意度指标", "", ""),
]


def test_a_blank_target_form_is_said_blank_not_an_unknown_table():
    """Xi'an 表16 专项资金总体绩效目标表 (340 p.77, `pdftotext -layout`): the form printed as a
    template, its 项目名称, amounts and 三级 / 指标值 cells all empty. It is said blank (info),
    not an unknown table; a form with no name but values filled in is not called blank."""
    blank = _form_page("专项资金总体绩效目标表", "", ("", "", ""), "", BLANK_ROWS, {2: 1})
    filled = _form_page("专项资金总体绩效目标表", "", ("5.00", "5.00", ""), "", FORM2)
    f = _read([_tables_page(), blank, filled])
    found = f.findings.filter(pl.col("kind") == "performance_blank")
    assert found.select("severity", "source_page").rows() == [("info", 2)]
    assert f.projects.height == 0
    # the filled form without a name is read as before: not blank, an unknown table
    assert _kinds(f).count("unknown_table") == 1


GRID_X = ((40, 140), (140, 240), (240, 440), (440, 560))  # 一级 | 二级 | 三级 | 指标值 of _form


def test_a_label_floating_in_its_merged_cell_names_the_rows_above_it_too():
    """337 pp.50-51 (`pdftotext -layout`): 时效指标's ruled cell covers one row; the 成本指标 cell
    below it, merged over 13 rows, is drawn without a cell's rules and its label printed at its
    middle, beside the 8th row. Every row of that cell is a 成本指标 (13 costs adding to the
    project's 1,000 万元), none the 时效指标 above. The next form's label printed in one cell with
    its name (``专项（项目）名称 伯乐奖``, p.61) opens that form: its rows are not the form above's."""
    rows = [("产出指标", "数量指标", "培训人数", "≥100人"), ("", "时效指标", "完成时间", "按年")]
    label = "专项（项目）名称"
    parts = _form(
        100, "专项资金整体绩效目标表", "网络建设维护", ("30", "30", ""), "", rows, {0: 5}, label
    )
    for k, cost in enumerate(("机房维护", "专线租赁", "短信使用费")):
        y = 260 + 20 * k  # below the two rows (the grid's header at 200-220)
        parts += [_cell(240, y, 440, y + 20, cost, 9), _cell(440, y, 560, y + 20, "10万元", 9)]
    parts.append(_loose(150, 291, "成本指标", 9))  # between the 2nd and the 3rd cost's lines
    second = [
        _cell(40, 400, 560, 420, f"{label} 伯乐奖", 9),
        _cell(40, 420, 160, 440, "资金总额", 9),
        _cell(160, 420, 560, 440, "5", 9),
    ]
    for y, texts in ((440, ("一级指标", "二级指标", "三级指标", "指标值")), (460, FORM1[0])):
        second += [_cell(x0, y, x1, y + 20, t, 9) for (x0, x1), t in zip(GRID_X, texts)]
    f = _read([_tables_page(), _page(parts), _page(second)])
    names = dict(f.projects.select("project_code", "project_name").iter_rows())
    ind = f.indicators.sort("project_code", "indicator_no")
    ind = ind.select("project_code", "level2", "level3")
    got = [(names[c], l2, l3) for c, l2, l3 in ind.rows()]
    assert got == [
        ("网络建设维护", "数量指标", "培训人数"),
        ("网络建设维护", "时效指标", "完成时间"),
        ("网络建设维护", "成本指标", "机房维护"),
        ("网络建设维护", "成本指标", "专线租赁"),
        ("网络建设维护", "成本指标", "短信使用费"),
        ("伯乐奖", "数量指标", "维保车辆数"),
    ]


def _floating_level1(top: float, name: str, rows, spans, labels) -> list:
    """A form whose 一级 cells below its ruled ones are drawn without a cell's rules, their
    labels printed under the 一级 column: ``labels`` = (top, lines[, x]), a line a string (a
    string of its own: one character a line, 产 / 出 / 指 / 标), from x (86 unless given)."""
    parts = _form(top, "部门专项业务经费绩效目标表", name, ("30", "30", ""), "", rows, spans)
    for at, lines, *left in labels:
        parts += [_loose(left[0] if left else 86, at + 12 * k, t, 9) for k, t in enumerate(lines)]
    return parts


def test_a_level1_label_printed_a_character_a_line_names_the_rows_beside_it():
    """349 pp.47-48 (`pdftotext -layout`): 成本指标's ruled cell covers its six rows; the 产出指标
    cell below it, over the 数量 / 质量 / 时效 rows, is drawn without a cell's rules, its label
    printed `产出指` / `标` beside the 5th of them: those 10 rows are 产出指标, not 成本指标. 337
    pp.50-51 prints it 产 / 出 / 指 / 标, with no ruled 一级 cell above: the rows from the grid's
    header down are 产出指标. 164 pp.73-76 prints 产出指标 and then 效益指标 floating, each at the
    middle of its rows. Here (the grid's header at 200-220, rows 20 high from 220): 成本指标 over
    two rows, three rows of the floating 产出 label, then 效益指标 (page 2); three rows under the
    header with the label, then 效益指标 (page 3); four rows (220-300) with 产出指标 centred at
    260, two (300-340) with 效益指标 centred at 320 (run into a word left of it, 343 p.73's
    `效指标 产出指标`), then 满意度指标 (page 4)."""
    under_cost = [
        ("成本指标", "经济成本指标", "登记成本", "≤2万元"),
        ("", "", "保险成本", "≤5万元"),
        ("", "数量指标", "清查户数", "≥110户"),
        ("", "", "短表户数", "≥100户"),
        ("", "质量指标", "数据准确率", "≥95%"),
        ("效益指标", "社会效益指标", "宣传到位率", "100%"),
    ]
    first = _floating_level1(100, "农业普查", under_cost, {0: 2}, [(264, "产出指标")])
    from_header = [(l1 if k == 3 else "", *rest) for k, (l1, *rest) in enumerate(under_cost[2:])]
    second = _floating_level1(100, "网络建设维护", from_header, {}, [(224, "产出指标")])
    two = [
        ("", "数量指标", "培训人数", "≥100人"),
        ("", "", "培训期数", "≥4期"),
        ("", "质量指标", "合格率", "≥95%"),
        ("", "时效指标", "完成时间", "按年"),
        ("", "社会效益指标", "就业人数", "≥50人"),
        ("", "可持续影响指标", "持续年限", "≥3年"),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"),
    ]
    # (产出指标 run into the word left of it, as 343 p.73 prints it: `效指标 产出指标`)
    third = _floating_level1(
        100, "技能培训", two, {}, [(238, "产出指标"), (315, ["效指标 效益指标"], 30)]
    )
    f = _read([_tables_page(), _page(first), _page(second), _page(third)])
    names = dict(f.projects.select("project_code", "project_name").iter_rows())
    got = [
        (names[c], l1, l3)
        for c, l1, l3 in f.indicators.sort("project_code", "indicator_no")
        .select("project_code", "level1", "level3")
        .rows()
    ]
    assert got == [
        ("农业普查", "成本指标", "登记成本"),
        ("农业普查", "成本指标", "保险成本"),
        ("农业普查", "产出指标", "清查户数"),
        ("农业普查", "产出指标", "短表户数"),
        ("农业普查", "产出指标", "数据准确率"),
        ("农业普查", "效益指标", "宣传到位率"),
        ("网络建设维护", "产出指标", "清查户数"),
        ("网络建设维护", "产出指标", "短表户数"),
        ("网络建设维护", "产出指标", "数据准确率"),
        ("网络建设维护", "效益指标", "宣传到位率"),
        ("技能培训", "产出指标", "培训人数"),
        ("技能培训", "产出指标", "培训期数"),
        ("技能培训", "产出指标", "合格率"),
        ("技能培训", "产出指标", "完成时间"),
        ("技能培训", "效益指标", "就业人数"),
        ("技能培训", "效益指标", "持续年限"),
        ("技能培训", "满意度指标", "学员满意度"),
    ]


def test_a_level1_piece_in_a_ruled_cell_joins_the_characters_below_it():
    """165 pp.52-53 (`pdftotext -layout`): 效益指标 printed a character a line, `效` in the ruled
    cell cut by the page break and `益` / `指` / `标` below it: the rows beside them are 效益指标,
    not `效`. Here `效` in a ruled 一级 cell of one row (260-280), `益` / `指` / `标` loose beside
    the next two rows, then 满意度指标."""
    rows = [
        ("产出指标", "数量指标", "培训人数", "≥100人"),
        ("", "", "培训期数", "≥4期"),
        ("效", "社会效益指标", "就业人数", "≥50人"),
        ("", "", "带动就业", "≥20人"),
        ("", "可持续影响指标", "持续年限", "≥3年"),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"),
    ]
    page = _floating_level1(100, "技能培训", rows, {0: 2}, [(283, "益指标")])
    f = _read([_tables_page(), _page(page)])
    got = f.indicators.sort("indicator_no").select("level1", "level3").rows()
    assert got == [
        ("产出指标", "培训人数"),
        ("产出指标", "培训期数"),
        ("效益指标", "就业人数"),
        ("效益指标", "带动就业"),
        ("效益指标", "持续年限"),
        ("满意度指标", "学员满意度"),
    ]


# 341 p.50 prints numbered placeholders in each 指标内容 cell: 指标1： / 指标2： / ……
NUMBERED_ROWS = [
    ("产出指标", "数量指标", "指标1：", ""),
    ("", "", "指标2：", ""),
    ("", "", "……", ""),
    ("效益指标", "社会效益指标", "指标1：", ""),
]


def test_a_template_printing_numbered_placeholders_is_said_blank():
    """Xi'an 表16 (341 p.50, `pdftotext -layout`): the template printed with 指标1： / 指标2： /
    …… in each 指标内容 cell and 目标1：目标2：…… for its goal, nothing after any of them and no
    amount: said blank, not an unknown table. A form whose 指标1： is followed by its indicator
    is no placeholder (read as an unknown table when it has no name, as before)."""
    blank = _form_page("专项资金总体绩效目标表", "", ("", "", ""), "目标1：目标2：", NUMBERED_ROWS)
    named = [("产出指标", "数量指标", "指标1：培训人数", "≥100人")]
    filled = _form_page("专项资金总体绩效目标表", "", ("", "", ""), "", named)
    f = _read([_tables_page(), blank, filled])
    found = f.findings.filter(pl.col("kind") == "performance_blank")
    assert found.select("severity", "source_page").rows() == [("info", 2)]
    assert _kinds(f).count("unknown_table") == 1
    assert f.projects.height == 0


HX = [20, 130, 240, 300, 580]  # 单位名称 | 项目名称 | 金额 | 绩效目标


def _goal_row(top: float, cells: tuple[str, ...]) -> list:
    return [_cell(x0, top, x1, top + 20, t) for x0, x1, t in zip(HX, HX[1:], cells)]


def test_a_projects_goal_table_printing_its_header_once_is_read_over_its_pages():
    """Hangzhou 表11 项目支出绩效表 (149 pp.39-41, `pdftotext -layout`): 单位名称 | 项目名称 | 金额 |
    绩效目标, one ruled row per project, no 绩效指标; the header printed on the first page only,
    each page ending in its number. Every row is a project with its 金额 and goal; the rows on
    the next page go on under the same columns."""
    head = _goal_row(80, ("单位名称", "项目名称", "金额", "绩效目标"))
    page1 = [
        _loose(200, 40, "表11：2026年市级部门项目支出绩效表", 10),
        _loose(20, 60, "部门名称：某市交通运输局", 8),
        _loose(520, 60, "单位:万元", 8),
        *head,
        *_goal_row(100, ("某市交通运输局", "日常保障运行", "64.90", "推进干部教育培训。")),
        *_goal_row(120, ("某市交通运输局", "行业内相关政府补偿", "504,000.00", "满足出行需求。")),
        _loose(300, 800, "38", 8),
    ]
    page2 = [
        *_goal_row(40, ("某市道路运输中心", "小客车总量调控工作", "1,079.14", "确保竞价平稳。")),
        _loose(300, 800, "39", 8),
    ]
    f = _read([_tables_page(), _page(page1), _page(page2)])
    p = f.projects.sort("project_no").to_dicts()
    assert [(r["project_name"], r["budget_wan"], r["goal_text"], r["source_page"]) for r in p] == [
        ("日常保障运行", D("64.90"), "推进干部教育培训。", 2),
        ("行业内相关政府补偿", D("504000.00"), "满足出行需求。", 2),
        ("小客车总量调控工作", D("1079.14"), "确保竞价平稳。", 3),
    ]
    kinds = _kinds(f)
    assert "unknown_table" not in kinds and "unread_line" not in kinds


def test_a_department_form_printing_its_grid_header_alone_is_said_blank():
    """110 p.17 (预算13表, `pdftotext -layout`): 部门名称, an empty 总体资金情况 and the grid header
    活动 | 绩效指标 | … with no row under it: said blank (info), no block, no unknown table."""
    parts = [
        _loose(150, 40, TITLE_13, 9),
        _loose(250, 60, "2026（年度）", 9),
        _cell(40, 100, 160, 120, "部门名称", 9),
        _cell(160, 100, 560, 120, "某某市某某局", 9),
        _cell(40, 120, 160, 140, "总体资金情况（万元）", 9),
        _cell(160, 120, 300, 140, "预算支出总额", 9),
        _cell(300, 120, 430, 140, "财政拨款", 9),
        _cell(430, 120, 560, 140, "其他资金", 9),
        _cell(40, 140, 160, 160, "整体绩效目标", 9),
        _cell(160, 140, 560, 160, "完成年度工作。", 9),
        *_joined_header(170, ruled=True),
    ]
    f = _read([_tables_page(), _page(parts)])
    kinds = _kinds(f)
    assert kinds.count("performance_blank") == 1 and "unknown_table" not in kinds
    assert f.projects.height == 0
