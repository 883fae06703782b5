"""The layouts learnt from ../shared/real_more/pdf read to the figures a person read on their
pages (tests/real_more_figures.py), every such amount is found on its page by the independent
second look (``page_verified``), and the reader's self-check stays quiet on these tables."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from tests.helpers import read_memo
from tests.real_more_figures import DOCS, FIGURES

REAL_MORE = Path(__file__).resolve().parents[2] / "shared" / "real_more" / "pdf"
pytestmark = [
    pytest.mark.real,
    pytest.mark.skipif(not REAL_MORE.is_dir(), reason="../shared/real_more is absent"),
]


def _frames(prefix: str):
    path = next(REAL_MORE.glob(f"{prefix}_*.pdf"))
    return read_memo(path.read_bytes(), path.name).frames  # once per session (tests/helpers.py)


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _rows(prefix: str, table: str, side: str, key: str, column: str) -> pl.DataFrame:
    li = _frames(prefix).line_items
    rows = li.filter(
        (pl.col("table_id") == table)
        & (pl.col("side").fill_null("") == side)
        & (pl.col("column_id") == column)
    )
    coded = pl.col("code").fill_null("")
    named = (coded == "") & (
        pl.col("name").map_elements(_squash, return_dtype=pl.String) == _squash(key)
    )
    return rows.filter((coded == key) | named)


@pytest.mark.parametrize(
    "prefix,table,side,key,column,printed", [pytest.param(*f, id="-".join(f[:5])) for f in FIGURES]
)
def test_hand_read_figure(prefix, table, side, key, column, printed):
    rows = _rows(prefix, table, side, key, column)
    amount = Decimal(printed.replace(",", ""))
    expected = amount / 10000 if DOCS[prefix][0] == "元" else amount
    assert rows["amount_wan"].to_list() == [expected]
    assert rows["source_page"].null_count() == 0


@pytest.mark.parametrize("prefix", sorted(DOCS))
def test_loaded_and_every_amount_found_on_its_page(prefix):
    frames = _frames(prefix)
    assert frames.documents["status_reason"].to_list() == [None]  # loaded
    assert frames.findings.filter(pl.col("severity") == "error").is_empty()
    li = frames.line_items
    assert li["page_verified"].null_count() == 0
    assert li.filter(~pl.col("page_verified")).is_empty()
    # every finding of a PDF names its page
    assert (
        frames.findings["source_page"].null_count() == frames.findings["source_line"].null_count()
    )


@pytest.mark.parametrize("prefix,table", sorted({f[:2] for f in FIGURES}))
def test_printed_totals_of_the_hand_read_tables_reproduced(prefix, table):
    findings = _frames(prefix).findings
    wrong = findings.filter(
        (pl.col("kind") == "total_not_reproduced") & (pl.col("table_id") == table)
    )
    assert wrong["message"].to_list() == []


def test_code_parts_rebuilt_into_one_code():
    # 211 p.9: "229 | 08 | 04" in three columns, the 项 part glued to its name
    names = dict(
        _frames("211")
        .line_items.filter(pl.col("table_id") == "expenditure_summary")
        .select("code", "name")
        .unique()
        .iter_rows()
    )
    assert names["2290804"] == "福利彩票销售机构的业务费支出"
    assert names["22908"] == "彩票发行销售机构业务费安排的支出"


def test_shenzhen_unit_row_is_the_total_the_rows_reproduce():
    # 273 p.29 prints no 合计: the unit's row 深圳市应急管理局（本级） 14,316.37 / 6,502.61 /
    # 7,813.76 stands over 208 717.96 + 210 156.80 + 221 1,530.00 + 224 11,911.61 (p.30)
    from budgetwatch.transforms.normalise import LINE_ITEM_COLUMNS
    from budgetwatch.transforms.selfcheck import check_totals

    checks = [
        c
        for c in check_totals(_frames("273").line_items.select(LINE_ITEM_COLUMNS).rows())
        if c.table_id == "general_budget_expenditure"
    ]
    assert sorted((c.column_id, c.printed, c.reproduced) for c in checks) == [
        ("basic", Decimal("6502.61"), True),
        ("project", Decimal("7813.76"), True),
        ("total", Decimal("14316.37"), True),
    ]
    assert Decimal("717.96") + Decimal("156.80") + Decimal("1530.00") + Decimal(
        "11911.61"
    ) == Decimal("14316.37")


def test_two_sided_page_that_does_not_add_up_is_a_finding():
    # 318 财政拨款收支总表 pp.22-23: 一、本年支出 printed 152,585.74, but its 类 add up to
    # 11,622.00 + 132,364.25 + 841.81 + 2,018.00 + 4.85 + 5,734.85 = 152,585.76 = 支出总计
    # (二、年终结转结余 blank): the page's own slip, said, not smoothed over
    found = _frames("318").findings.filter(
        (pl.col("kind") == "total_not_reproduced")
        & (pl.col("table_id") == "fiscal_appropriation_summary")
    )
    assert [m.split(":")[0] for m in found["message"]] == [
        "printed total 152585.76 (amount, expenditure side, line 498) but its rows add up to "
        "152585.74"
    ]
    assert found["source_page"].to_list() == [23]


def test_code_and_name_in_the_code_column_split():
    # 248 p.8, first unit's block: `2050803   培训支出  103.575000  47.000000 … 56.575000`
    li = _frames("248").line_items.filter(
        (pl.col("table_id") == "general_budget_expenditure")
        & (pl.col("source_page") == 8)
        & (pl.col("code") == "2050803")
    )
    first = li.filter(pl.col("source_line") == li["source_line"].min())
    assert dict(first.select("column_id", "amount_wan").iter_rows()) == {
        "total": Decimal("103.575"),
        "basic": Decimal("47"),
        "project": Decimal("56.575"),
    }
    assert set(first["name"]) == {"培训支出"}
    table = _frames("248").line_items.filter(pl.col("table_id") == "general_budget_expenditure")
    assert not table["code"].str.contains(r"\D").any()


def test_a_grid_without_rules_is_cut_at_its_column_edges():
    # Beijing 248 p.26, a 项目支出绩效目标表 printed without rules (`pdftotext -layout`): the
    # goal's wrapped lines run a word gap from the 一级指标 column, the 三级指标 from the 性质
    # column; each is its own cell, in the columns of the page (维 ends the project name)
    from budgetwatch.transforms.pdf_layout import read_pages

    path = next(REAL_MORE.glob("248_*.pdf"))
    page = read_pages(path.read_bytes(), path.name)[25]
    lines = [[p.text for p in r.pieces] for r in page.rows]
    for printed in (
        ["维", "必要投入，为平", "成本指标", "经济成本指标", "通信保障", "≤", "69.15", "万元"],
        ["台向全市中小企", "成本指标", "经济成本指标", "常态化运转保障", "≤", "247.98", "万元"],
        ["务提供可靠保障", "效益指标", "可持续影响指标", "共服务平台正常", "定性", "优", "其他"],
        ["调机制成员单位", "产出指标", "数量指标", "制作微视频数量", "≥", "10", "个（套）"],
    ):
        assert printed in lines


def test_a_title_wrapped_after_its_bracket_is_one_title():
    # 346 p.72 表12 (`pdftotext -layout`): 2021年部门综合预算政府采购 （资产配置、购买服务） /
    # 预算表（不含上年结转）, a list of purchases (序号 | 科目编码 | 采购项目 | 采购目录 | … |
    # 预算金额, 合计 81,447,000.00 元) over pp.72-76: one title, a table with no contract table
    # (said, info), not an unknown table named 预算表; none of its amounts is stored
    frames = _frames("346")
    findings = frames.findings
    said = findings.filter(pl.col("kind") == "unmapped_table", pl.col("source_page") == 72)
    assert [m.startswith("table '2021年部门综合预算政府采购") for m in said["message"]] == [True]
    assert findings.filter(pl.col("kind").is_in(["unknown_table", "unread_line"])).is_empty()
    assert frames.line_items.filter(pl.col("source_page").is_between(72, 76)).is_empty()


def _indicators(frames, code: str) -> list[tuple]:
    rows = frames.indicators.filter(pl.col("project_code") == code).sort("indicator_no")
    return rows.select("level1", "level2", "level3", "value_raw").rows()


def test_an_unruled_targets_grid_reads_its_projects_beside_their_text():
    # 248 p.26 预算表12 项目支出绩效目标表 printed without rules (`pdftotext -layout`, read by
    # hand): 11000022T00000042 / 8002-中小企业政策 / 、热点问题分析解读 / 和宣传, 33.500000 |
    # 33.500000, its goal 依托市促进中小… 质量发展。 beside the rows 媒体宣传稿件发布数量 …
    # 局长处长上直播讲政策每期播放量; its cost rows 10 + 23.5 = 33.5, the project's total
    frames = _frames("248")
    projects = frames.projects.filter(pl.col("project_code") == "11000022T000000428002")
    assert projects.select("project_name", "budget_wan", "fiscal_funds_wan").rows() == [
        ("中小企业政策、热点问题分析解读和宣传", Decimal("33.5"), Decimal("33.5"))
    ]
    assert projects["goal_text"][0].startswith("依托市促进中小企业发展工作协调机制成员单位")
    assert projects["goal_text"][0].endswith("积极营造良好的营商环境，促进我市中小企业高质量发展。")
    assert _indicators(frames, "11000022T000000428002") == [
        ("产出指标", "数量指标", "媒体宣传稿件发布数量", "≥5篇"),
        ("产出指标", "数量指标", "制作微视频数量", "≥10个（套）"),
        ("产出指标", "质量指标", "宣传报道覆盖率", "＝100%"),
        ("成本指标", "经济成本指标", "宣传费", "≤10万元"),
        ("成本指标", "经济成本指标", "中小企业政策及热点问题分析解读影像宣传片制作", "≤23.5万元"),
        (
            "效益指标",
            "社会效益指标",
            "营造中小企业发展营商环境,规范企业经营管理,引导企业良性发展",
            "优",
        ),
        ("效益指标", "经济效益指标", "局长处长上直播讲政策每期播放量", "≥50万"),
    ]
    # the rows between two projects' texts (中小平台日常正常运转率 … 截至11月底项目资金支出完成率
    # above its goal, 让企业及时了解… and 企业满意度 below) are no project's: said, not guessed
    lost = frames.findings.filter(
        pl.col("kind") == "performance_unattached", pl.col("source_page") == 26
    )
    assert any("中小平台日常正常运转率" in m for m in lost["message"])


def test_an_unruled_targets_grid_follows_a_project_cut_by_the_page_break():
    # 248 pp.25-26: 11000022T00000042 / 7998-北京市中小企 / 业公共服务平台网络 / 市级枢纽平台基础运
    # 317.130000 | 317.130000 at the foot of p.25; p.26 opens with 市级枢纽平台基础运 / 维 (the
    # cut line printed again) beside 通信保障 ≤ 69.15 万元 and 常态化运转保障 ≤ 247.98 万元
    # (69.15 + 247.98 = 317.13, the project's total)
    frames = _frames("248")
    code = "11000022T000000427998"
    projects = frames.projects.filter(pl.col("project_code") == code)
    assert projects.select("project_name", "budget_wan").rows() == [
        ("北京市中小企业公共服务平台网络市级枢纽平台基础运维", Decimal("317.13"))
    ]
    rows = _indicators(frames, code)
    assert ("成本指标", "经济成本指标", "通信保障", "≤69.15万元") in rows
    assert ("成本指标", "经济成本指标", "常态化运转保障", "≤247.98万元") in rows


def test_an_unruled_targets_grid_joins_a_goal_cut_by_the_page_break_under_the_header():
    # 248 pp.39-40 (`pdftotext -layout`): 3415-北京市重点无线电业务频率使用及产业发展支撑服务
    # (71.900000 | 71.900000 on p.40) prints its goal's first line 一是提供5G- at the foot of p.39
    # and again at the top of p.40, 2 points under the header, then A/6G、毫米波、…: read once
    frames = _frames("248")
    p = frames.projects.filter(pl.col("project_code") == "11000022T000000483415")
    assert p.select("project_name", "budget_wan").rows() == [
        ("北京市重点无线电业务频率使用及产业发展支撑服务", Decimal("71.9"))
    ]
    assert p["goal_text"][0].startswith(
        "一是提供5G-A/6G、毫米波、工业互联网、低空产业等相关的国内外"
    )


def test_an_unruled_targets_grid_stores_no_project_whose_cells_run_on_to_a_page_not_read():
    # 248 pp.47-48 (`pdftotext -layout`): 11000022T00000049 / 2465-航空铁路等无 at the foot of
    # p.47; the name goes on at the top of p.48 (线电监测、检测业务 / 频率保障费), a page not read (its
    # 三级 column splits no way): no project is stored under the cut name, its rows are said
    frames = _frames("248")
    assert frames.projects.filter(pl.col("project_code").str.contains("2465")).is_empty()
    assert not any("航空铁路等无" in n for n in frames.projects["project_name"])
    lost = frames.findings.filter(
        pl.col("kind") == "performance_unattached", pl.col("source_page") == 47
    )
    assert any("run on past p. 47" in m for m in lost["message"])
