"""Each extraction artifact of the sample (guide §6, A1-A26) asserted on the repaired row."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import polars as pl

from budgetwatch.transforms.reader import read_disclosure
from budgetwatch.transforms.text_reader import read_text
from tests.helpers import SAMPLE_PATH, parsed_sample

SAMPLE = SAMPLE_PATH


frames = parsed_sample


@lru_cache(maxsize=1)
def ir():
    return read_text(SAMPLE.read_text(encoding="utf-8"))


def item(table_id, column_id, **where):
    df = frames().line_items.filter(
        pl.col("table_id") == table_id, pl.col("column_id") == column_id
    )
    for key, value in where.items():
        df = df.filter(pl.col(key) == value)
    assert df.height == 1, (table_id, column_id, where, df)
    return df.row(0, named=True)


def test_a1_a2_pages_continue_the_table_and_row_numbers_run_on():
    rows = frames().line_items.filter(pl.col("table_id") == "income_expenditure_summary")
    # 收支总表 spans 3 pages (headers at 34, 57, 81): 序号 15 is on page 2, 32-34 on page 3
    assert (
        item("income_expenditure_summary", "amount", side="expenditure", row_no=15)["source_page"]
        == 2
    )
    assert set(rows.filter(pl.col("row_no") >= 32)["source_page"]) == {3}
    assert len([t for t in ir().tables if t.table_id == "income_expenditure_summary"]) == 1


def test_a3_dangci_rows_start_the_data():
    # 档次 at line 112: the first page of 收入总表 is read, e.g. row 1 合计 at line 113
    assert item("income_summary", "total", row_no=1)["source_line"] == 113


def test_a4_numbers_broken_by_spaces():
    assert item("income_summary", "total", row_no=1)["amount_wan"] == Decimal("1396.37")  # 1396 .37
    assert item("income_summary", "subtotal", row_no=2)["amount_wan"] == Decimal("32.30")  # 32.3 0
    assert item("income_summary", "fiscal_appropriation", row_no=6)["amount_wan"] == Decimal(
        "377.33"
    )


def test_a5_codes_broken_by_spaces():
    assert item("income_summary", "total", row_no=3)["code"] == "20140"  # "2014 0"
    assert item("income_summary", "total", row_no=4)["code"] == "2014004"  # "2014 004"
    assert item("income_summary", "total", row_no=6)["code"] == "20601"  # "2060 1"


def test_a6_row_split_over_page_break_code_name_amount():
    row = item("income_summary", "total", row_no=7)  # 119 "2060|行政|376." + 130 "101|运行|23"
    assert (row["code"], row["name"], row["amount_wan"]) == (
        "2060101",
        "行政运行",
        Decimal("376.23"),
    )
    assert (row["source_line"], row["source_page"]) == (119, 4)
    assert frames().line_items.filter(pl.col("source_line") == 130).height == 0


def test_a7_split_amount_59_5_plus_0_is_59_50():
    row = item("income_summary", "fiscal_appropriation", row_no=17)  # 150 + 161
    assert (row["code"], row["name"], row["amount_wan"]) == (
        "21501",
        "资源勘探开发",
        Decimal("59.50"),
    )
    assert row["canonical_name"] == "资源勘探开发"


def test_a8_name_only_continued():
    row = item("general_budget_expenditure", "total", row_no=14)  # 353 + 365
    assert (row["code"], row["name"], row["amount_wan"]) == (
        "20699",
        "其他科学技术支出",
        Decimal("721.03"),
    )
    # the name now equals the catalogue: no name_mismatch for 20699
    assert frames().findings.filter(pl.col("code") == "20699").height == 0


def test_a9_two_sided_label_split():
    row = item("fiscal_appropriation_summary", "total", side="expenditure", row_no=15)
    assert (row["name"], row["code"], row["amount_wan"], row["source_line"]) == (
        "十五、资源勘探工业信息等支出",
        "215",
        Decimal("177.01"),
        254,
    )


def test_a10_wrap_spaces_removed_from_names():
    assert (
        item("income_summary", "total", row_no=2)["name"] == "一般公共服务支出"
    )  # 一般 公共 服务 支出
    assert item("expenditure_summary", "total", row_no=19)["name"] == "工业和信息产业监管"
    assert (
        item("general_budget_basic_expenditure", "total", row_no=21)["name"] == "对个人和家庭的补助"
    )
    assert item("three_public_expenses", "total", row_no=2)["name"] == "“三公”经费小计"
    assert item("three_public_expenses", "total", row_no=8)["name"] == "公务用车运行维护费"


def test_a11_a15_headers_with_spaces_and_differing_pages_map_to_the_same_columns():
    # 收入总表 page 1 headers are wrapped (财政 拨款 收入), page 2 not: same three columns
    cols = frames().line_items.filter(pl.col("table_id") == "income_summary")
    for page in (4, 5, 6, 7):
        on_page = cols.filter(pl.col("source_page") == page)
        assert set(on_page["column_id"]) == {"total", "subtotal", "fiscal_appropriation"}, page
    # 支出总表 page 2 header 上解上级 支出 / 对附属单 位补助支 出: still basic/project read right
    assert item("expenditure_summary", "basic", row_no=16)["amount_wan"] == Decimal("36.80")


def test_a12_a13_department_name_repaired_and_wrapped():
    doc = frames().documents.row(0, named=True)
    assert doc["department_name"] == "赵县科学技术和工业信息化局"
    repaired = frames().findings.filter(pl.col("kind") == "department_name_repaired")
    assert sorted(repaired["source_line"]) == [103, 216, 256]  # "…工业信息" + "局"
    wrapped = [h for h in ir().headers if h.line in (170, 192)]  # "…工业信" + "息化局"
    assert [h.name for h in wrapped] == ["赵县科学技术和工业信息化局"] * 2


def test_a14_budget_year_in_every_form():
    years = dict((line, year) for year, line in ir().years)
    for header_line in (34, 103, 216, 330):  # 预算年度：/2024; 预算年度：2024; 预算年/度：/2024
        assert years[header_line] == 2024
    assert frames().documents["fiscal_year"][0] == 2024


def test_a16_blank_cells_give_no_rows_and_do_not_shift_columns():
    li = frames().line_items
    row2 = li.filter(pl.col("table_id") == "expenditure_summary", pl.col("row_no") == 2)
    assert dict(zip(row2["column_id"], row2["amount_wan"])) == {
        "total": Decimal("32.30"),
        "project": Decimal("32.30"),
    }


def test_a17_empty_tables_with_note():
    t7 = next(t for t in ir().tables if t.table_id == "gov_fund_expenditure")
    assert t7.rows == [] and t7.notes == [("注：无政府基金预算财政拨款预算，空表列示。", 435)]


def test_a18_a19_indicator_groups_continue_after_repeated_header():
    ind = frames().indicators
    p2 = ind.filter(pl.col("project_code") == "13013324P000689103165")
    last = p2.row(8, named=True)  # line 734, after the repeated header at 733
    assert (last["source_line"], last["level1"], last["level2"]) == (
        734,
        "满意度指标",
        "服务对象满意度指标",
    )
    p8 = ind.filter(pl.col("project_code") == "13013324P00068910547Y")
    row = p8.filter(pl.col("source_line") == 860).row(0, named=True)  # 一级 cell empty at 860
    assert (row["level1"], row["level2"], row["indicator_no"]) == ("效益指标", "生态效益指标", 7)
    p1 = ind.filter(pl.col("project_code") == "13013324P00068910315H")
    assert list(p1["level1"]) == ["产出指标"] * 4 + ["效益指标"] * 4 + ["满意度指标"]


def test_a20_a21_spending_plan_by_header_position():
    plans = dict(zip(frames().projects["project_no"], frames().projects["spending_plan"]))
    assert list(plans[1]) == ["76.68", "", "", ""]  # header 699: 3月底 at cell 1
    assert list(plans[3]) == ["", "", "", "1.70"]  # (%) header 743, value under 12月底
    assert list(plans[4]) == ["36.08", "72.13", "108.26", "144.34"]


def test_a22_figures_with_spaces_in_running_text():
    nf = frames().narrative_figures
    assert nf.filter(pl.col("label") == "income_total")["amount_wan"][0] == Decimal("1396.37")


def test_a23_sentence_split_over_page_break_is_one_paragraph():
    para = next(p for p in ir().paragraphs if "组织实施工业设计发展规划及相关政策措施" in p.text)
    assert [ln for _, ln, _ in para.segments] == [604, 606]
    para = next(p for p in ir().paragraphs if "应当及时移交有权处理的部门" in p.text)
    assert [ln for _, ln, _ in para.segments] == [535, 537]


def test_a24_markdown_bullets_stripped():
    texts = {p.segments[0][1]: p.text for p in ir().paragraphs}
    assert texts[1006].startswith("1、财政拨款收入：")
    assert texts[1016].startswith("10、机关运行经费：")
    assert texts[580].startswith("1、因公出国（境）费")


def test_a25_toc_lines_are_not_tables():
    assert [t.title_line for t in ir().tables if t.title_line < 32] == []


def test_a26_closing_rows_by_name():
    row = item("income_expenditure_summary", "amount", side="income", row_no=34)
    assert (row["name"], row["code"]) == ("收入总计", "")
    row = item("fiscal_appropriation_summary", "total", side="expenditure", row_no=37)
    assert (row["name"], row["code"], row["level"]) == ("支出总计", "", None)


def test_row_joins_are_reported():
    joined = frames().findings.filter(pl.col("kind") == "row_joined")
    assert sorted(joined["source_line"]) == [130, 161, 268, 365]


def _repaginate_t3(split_row: int) -> str:
    """The sample with 支出总表's page break moved into row ``split_row`` (1-based 序号), that row's
    code, name and amounts cut in two over the break, as A6 shows them."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    rows = [lines[i - 1] for i in [*range(180, 191), *range(202, 213)]]
    page_header = lines[190:201]  # blank line 191 + the repeated header 192-201
    cells = rows[split_row - 1].split("\t")
    first, second = [], []
    for pos, cell in enumerate(cells):
        cut = 0 if pos == 0 else max(1, len(cell) // 2) if cell else 0
        first.append(cell[:cut] if pos else cell)
        second.append(cell[cut:] if pos else "")
    body = (
        rows[: split_row - 1]
        + ["\t".join(first)]
        + page_header
        + ["\t".join(second)]
        + rows[split_row:]
    )
    return "\n".join(lines[:179] + body + lines[212:])


def test_page_break_inside_any_row_is_repaired():
    full = frames().line_items.filter(pl.col("table_id") == "expenditure_summary")
    keep = ["row_no", "code", "name", "column_id", "amount_wan"]
    for split_row in (2, 5, 7, 13, 22):
        res = read_disclosure(_repaginate_t3(split_row).encode(), "x.txt")
        got = res.frames.line_items.filter(pl.col("table_id") == "expenditure_summary")
        assert got.select(keep).equals(full.select(keep)), split_row
        joined = res.frames.findings.filter(
            pl.col("kind") == "row_joined", pl.col("table_id") == "expenditure_summary"
        )
        assert joined.height == 1, split_row
