"""A 项目支出绩效目标表 grid printed without any rule (Beijing 预算表12 as 248 prints it), read
from a PDF written by the test (`transforms/pdf_unruled_grid.py`). Every expected value is what
the test prints on the page: wrapped cells centred on their row's 一级 label, a project's name
and goal centred in its merged cells, one project's cells cut by the page break (the cut line
printed on both pages) and a row level with no project's text."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.transforms.reader import read_disclosure
from tests.pdf_builders import make_pdf, unruled_column, unruled_row, unruled_targets_page


def _row(top, l1, l2, l3, nature, value, unit) -> list:
    cells = {"level1": l1, "level2": l2, "level3": l3, "nature": nature, "value": value}
    return unruled_row(top, cells | ({"unit": unit} if unit else {}))


# 甲: its name, amount and goal centred on its one row (at 110)
_JIA = [
    *unruled_column("name", 101, ["11000022T00000001", "0001-职业技能", "培训项目"]),
    *unruled_column("total", 110, ["12.000000"]),
    *unruled_column("goal", 101, ["组织开展职业技", "能培训三期。"]),
    *_row(110, "产出指标", "质量指标", "培训合格率", "≥", "95", "%"),
]
# a 三级 line centred on no row's 一级 label (at 125): its page cannot be read
_STRAY = unruled_column("level3", 125, ["获奖人数"])[0]


def _read(*pages: list) -> object:
    res = read_disclosure(make_pdf([unruled_targets_page(p) for p in pages]), "pdf/u.pdf")
    assert res.error is None, res.error
    return res.frames


def _pages() -> list[dict]:
    # page 1: 甲 (name and goal centred on its three rows, 92-128), a row at 160 level with no
    # project's text, then 乙 whose goal runs to the foot of the page
    page1 = [
        *unruled_column("name", 101, ["11000022T00000001", "0001-职业技能", "培训项目"]),
        *unruled_column("total", 110, ["12.000000"]),
        *unruled_column("fiscal", 110, ["12.000000"]),
        *unruled_column(
            "goal",
            92,
            [
                "组织开展职业技",
                "能培训三期，培",
                "训合格率不低于",
                "百分之九十五，",
                "提升就业能力。",
            ],
        ),
        *_row(92, "产出指标", "数量指标", ["举办培训班", "期数"], "≥", "3", "期"),
        *_row(110, "产出指标", "质量指标", "培训合格率", "≥", "95", "%"),
        *_row(128, "成本指标", "经济成本指标", "培训费", "≤", "12", "万元"),
        *_row(160, "效益指标", "社会效益指标", "带动就业人数", "≥", "50", "人"),
        *unruled_column(
            "goal",
            180,
            [
                "支持中小企业服",
                "务平台运营，全",
                "年为企业提供政",
                "策咨询、融资对",
                "接等服务，服务",
                "企业不少于两千",
            ],
        ),
        *_row(184, "产出指标", "数量指标", "服务企业数量", "≥", "2000", "家"),
        *_row(202, "产出指标", "时效指标", "响应时间", "≤", "2", "工作日"),
        *_row(220, "成本指标", "经济成本指标", "平台运营费", "≤", "30", "万元"),
    ]
    # page 2: 乙's cells go on: the goal's cut line printed again right under the header (its
    # labels end at 66), its name and amounts here
    page2 = [
        *unruled_column("goal", 67, ["企业不少于两千", "家。"]),
        *unruled_column("name", 67, ["11000022T00000002", "0002-中小企业", "服务平台运", "营"]),
        *unruled_column("total", 76, ["30.000000"]),
        *unruled_column("fiscal", 76, ["25.000000"]),
        *unruled_column("other", 76, ["5.000000"]),
        *_row(84, "满意度指标", ["服务对象满意", "度指标"], "企业满意度", "≥", "90", "%"),
        *_row(98, "效益指标", "可持续影响指标", "平台持续运行", "定性", "优", "其他"),
    ]
    return [unruled_targets_page(page1), unruled_targets_page(page2)]


def _frames():
    res = read_disclosure(make_pdf(_pages()), "pdf/unruled_targets.pdf")
    assert res.error is None, res.error
    return res.frames


def test_projects_are_read_from_the_text_centred_in_their_merged_cells():
    f = _frames()
    projects = f.projects.sort("project_no")
    assert projects["project_code"].to_list() == ["11000022T000000010001", "11000022T000000020002"]
    assert projects["project_name"].to_list() == ["职业技能培训项目", "中小企业服务平台运营"]
    assert projects["budget_wan"].to_list() == [Decimal("12.000000"), Decimal("30.000000")]
    assert projects["fiscal_funds_wan"].to_list() == [Decimal("12.000000"), Decimal("25.000000")]
    assert projects["other_funds_wan"].to_list() == [None, Decimal("5.000000")]
    # 乙's goal over the page break: its cut line `企业不少于两千` printed on both pages, read once
    assert projects["goal_text"].to_list() == [
        "组织开展职业技能培训三期，培训合格率不低于百分之九十五，提升就业能力。",
        "支持中小企业服务平台运营，全年为企业提供政策咨询、融资对接等服务，服务企业不少于两千家。",
    ]


def _indicators(f, code: str) -> list[tuple]:
    rows = f.indicators.filter(pl.col("project_code") == code).sort("indicator_no")
    return rows.select("level1", "level2", "level3", "value_raw").rows()


def test_rows_level_with_a_projects_text_are_its_rows_their_wrapped_cells_joined():
    f = _frames()
    assert _indicators(f, "11000022T000000010001") == [
        ("产出指标", "数量指标", "举办培训班期数", "≥3期"),  # 三级 wrapped above and below
        ("产出指标", "质量指标", "培训合格率", "≥95%"),
        ("成本指标", "经济成本指标", "培训费", "≤12万元"),
    ]
    assert _indicators(f, "11000022T000000020002") == [
        ("产出指标", "数量指标", "服务企业数量", "≥2000家"),
        ("产出指标", "时效指标", "响应时间", "≤2工作日"),
        ("成本指标", "经济成本指标", "平台运营费", "≤30万元"),
        # page 2, beside the rest of 乙's cut cells; 二级 wrapped over two lines
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"),
        ("效益指标", "可持续影响指标", "平台持续运行", "优"),  # 定性: the grade alone
    ]


def test_a_row_level_with_no_projects_text_is_attached_to_none():
    f = _frames()
    assert "带动就业人数" not in f.indicators["level3"].to_list()
    lost = f.findings.filter(pl.col("kind") == "performance_unattached")
    assert lost.height == 1
    assert "带动就业人数" in lost["message"][0]
    assert lost["source_page"].to_list() == [1]
    # either neighbour may own it: both are named
    assert lost["code"].to_list() == ["11000022T000000010001 11000022T000000020002"]


def test_a_page_whose_column_splits_no_way_is_said_and_the_others_read():
    # page 2 prints a 三级 line (at 125) centred on no row's 一级 label: which row it belongs
    # to is not printed, so the page is not read; page 1 still is, and says its row at 160
    # (a row below 甲's text: 甲's cells end on page 1; cells reaching the foot of a page
    # before one not read might run on over it, their name cut, and would give no project)
    page1 = [*_JIA, *_row(160, "效益指标", "社会效益指标", "带动就业人数", "≥", "50", "人")]
    page2 = [
        *unruled_column("name", 100, ["11000022T00000003", "0003-技能竞赛"]),
        *unruled_column("total", 104.5, ["8.000000"]),
        *_row(100, "产出指标", "数量指标", "竞赛场次", "≥", "2", "场"),
        _STRAY,
    ]
    f = _read(page1, page2)
    assert f.projects["project_name"].to_list() == ["职业技能培训项目"]
    assert _indicators(f, "11000022T000000010001") == [
        ("产出指标", "质量指标", "培训合格率", "≥95%")
    ]
    unread = f.findings.filter(pl.col("kind") == "performance_unread")
    assert unread["source_page"].to_list() == [2]
    assert "level3 column" in unread["message"][0]


def test_cells_reaching_the_foot_of_a_page_before_one_not_read_give_no_project():
    # 乙's goal reaches the foot of page 1 (no row below it) and page 2 is not read (a 三级
    # line centred on no row): 乙's name and goal may go on there, so 乙 is no project and its
    # row is said, not stored under a name that may be cut; 甲 above it is read
    page1 = [
        *_JIA,
        *unruled_column("name", 181, ["11000022T00000002", "0002-中小企业", "服务平台运营"]),
        *unruled_column("total", 190, ["30.000000"]),
        *unruled_column("goal", 181, ["支持中小企业服", "务平台运营，全", "年服务企业不少"]),
        *_row(190, "产出指标", "数量指标", "服务企业数量", "≥", "2000", "家"),
    ]
    f = _read(page1, [*_row(100, "产出指标", "时效指标", "响应时间", "≤", "2", "工作日"), _STRAY])
    assert f.projects["project_name"].to_list() == ["职业技能培训项目"]
    lost = f.findings.filter(pl.col("kind") == "performance_unattached")
    assert lost.height == 1
    assert "服务企业数量" in lost["message"][0]
    assert "run on past p. 1" in lost["message"][0]


def test_a_projects_cells_drawn_as_one_ruled_box_give_no_project_and_the_page_is_read():
    # 丁's merged cells are drawn as one ruled box over the name … goal columns (as 248 pp.30-31
    # draws some): its name, amount and goal run together in one cell, so 丁 is no project and
    # its row is said; 甲 above it on the same page is read
    page = unruled_targets_page(
        [
            *_JIA,
            *unruled_column("name", 170, ["0004-丁项目"]),
            *unruled_column("total", 170, ["6.000000"]),
            *unruled_column("goal", 170, ["丁的目标"]),
            *_row(170, "产出指标", "数量指标", "丁的数量", "≥", "4", "个"),
        ]
    )
    page["cells"] = [(12, 150, 258, 195), (12, 195, 258, 199)]  # (a grid: two boxes at least)
    f = read_disclosure(make_pdf([page]), "pdf/u.pdf").frames
    assert f.projects["project_name"].to_list() == ["职业技能培训项目"]
    assert f.indicators["level3"].to_list() == ["培训合格率"]
    lost = f.findings.filter(pl.col("kind") == "performance_unattached")
    assert lost.height == 1
    assert "丁的数量" in lost["message"][0] and "ruled box" in lost["message"][0]
    assert "performance_unread" not in f.findings["kind"].to_list()
