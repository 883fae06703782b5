"""Every amount of the sample's tables, typed by hand from the document (line numbers are the
sample's), compared with the parsed line_items."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from budgetwatch.contract.tables import CONTRACT_TABLES
from tests.helpers import SAMPLE_PATH, parsed_sample

SAMPLE = SAMPLE_PATH


frames = parsed_sample


def items(table_id: str) -> dict[tuple, tuple]:
    """(side, row_no, column_id) → (code, name, amount, source_line)."""
    df = frames().line_items.filter(pl.col("table_id") == table_id)
    out = {}
    for r in df.iter_rows(named=True):
        key = (r["side"], r["row_no"], r["column_id"])
        assert key not in out, f"duplicate line item {key}"
        out[key] = (r["code"], r["name"], r["amount_wan"], r["source_line"])
    return out


def D(text: str) -> Decimal:
    return Decimal(text)


def expand(rows, columns, side=""):
    """Typed rows (row_no, code, name, line, *amounts) → expected line items; '-' = blank."""
    out = {}
    for row_no, code, name, line, *amounts in rows:
        for column_id, amount in zip(columns, amounts):
            if amount != "-":
                out[(side, row_no, column_id)] = (code, name, D(amount), line)
    return out


# 部门预算支出总表, lines 180-212: 序号, 编码, 名称 (wrap spaces removed), line, 合计, 基本, 项目
EXPENDITURE_SUMMARY = [
    (1, "", "合计", 180, "1396.37", "413.03", "983.34"),
    (2, "201", "一般公共服务支出", 181, "32.30", "-", "32.30"),
    (3, "20140", "信访事务", 182, "32.30", "-", "32.30"),
    (4, "2014004", "信访业务", 183, "32.30", "-", "32.30"),
    (5, "206", "科学技术支出", 184, "1187.06", "376.23", "810.83"),
    (6, "20601", "科学技术管理事务", 185, "377.33", "376.23", "1.10"),
    (7, "2060101", "行政运行", 186, "376.23", "376.23", "-"),
    (8, "2060102", "一般行政管理事务", 187, "1.10", "-", "1.10"),
    (9, "20604", "技术与开发", 188, "87.00", "-", "87.00"),
    (10, "2060404", "科技成果转化与扩散", 189, "70.00", "-", "70.00"),
    (11, "2060499", "其他技术研究开发支出", 190, "17.00", "-", "17.00"),
    (12, "20607", "科学技术普及", 202, "1.70", "-", "1.70"),
    (13, "2060702", "科普活动", 203, "1.70", "-", "1.70"),
    (14, "20699", "其他科学技术支出", 204, "721.03", "-", "721.03"),
    (15, "2069999", "其他科学技术支出", 205, "721.03", "-", "721.03"),
    (16, "215", "资源勘探工业信息等支出", 206, "177.01", "36.80", "140.21"),
    (17, "21501", "资源勘探开发", 207, "59.50", "-", "59.50"),
    (18, "2150102", "一般行政管理事务", 208, "59.50", "-", "59.50"),
    (19, "21505", "工业和信息产业监管", 209, "117.51", "36.80", "80.71"),
    (20, "2150501", "行政运行", 210, "36.80", "36.80", "-"),
    (21, "2150502", "一般行政管理事务", 211, "28.00", "-", "28.00"),
    (22, "2150517", "产业发展", 212, "52.71", "-", "52.71"),
]

# 一般公共预算财政拨款支出表, lines 340-373 (row 14 is split over 353 + 365)
GENERAL_BUDGET_EXPENDITURE = [
    (1, "", "合计", 340, "1396.37", "413.03", "983.34"),
    (2, "201", "一般公共服务支出", 341, "32.30", "-", "32.30"),
    (3, "20140", "信访事务", 342, "32.30", "-", "32.30"),
    (4, "2014004", "信访业务", 343, "32.30", "-", "32.30"),
    (5, "206", "科学技术支出", 344, "1187.06", "376.23", "810.83"),
    (6, "20601", "科学技术管理事务", 345, "377.33", "376.23", "1.10"),
    (7, "2060101", "行政运行", 346, "376.23", "376.23", "-"),
    (8, "2060102", "一般行政管理事务", 347, "1.10", "-", "1.10"),
    (9, "20604", "技术与研究开发", 348, "87.00", "-", "87.00"),
    (10, "2060404", "科技成果转化与扩散", 349, "70.00", "-", "70.00"),
    (11, "2060499", "其他技术与研究开发支出", 350, "17.00", "-", "17.00"),
    (12, "20607", "科学技术普及", 351, "1.70", "-", "1.70"),
    (13, "2060702", "科普活动", 352, "1.70", "-", "1.70"),
    (14, "20699", "其他科学技术支出", 353, "721.03", "-", "721.03"),
    (15, "2069999", "其他科学技术支出", 366, "721.03", "-", "721.03"),
    (16, "215", "资源勘探工业信息等支出", 367, "177.01", "36.80", "140.21"),
    (17, "21501", "资源勘探开发", 368, "59.50", "-", "59.50"),
    (18, "2150102", "一般行政管理事务", 369, "59.50", "-", "59.50"),
    (19, "21505", "工业和信息产业监管", 370, "117.51", "36.80", "80.71"),
    (20, "2150501", "行政运行", 371, "36.80", "36.80", "-"),
    (21, "2150502", "一般行政管理事务", 372, "28.00", "-", "28.00"),
    (22, "2150517", "产业发展", 373, "52.71", "-", "52.71"),
]

# 一般公共预算财政拨款基本支出表, lines 387-420: 合计, 人员经费, 公用经费
BASIC_EXPENDITURE = [
    (1, "", "合计", 387, "413.03", "376.23", "36.80"),
    (2, "301", "工资福利支出", 388, "262.78", "262.78", "-"),
    (3, "30101", "基本工资", 389, "109.00", "109.00", "-"),
    (4, "30102", "津贴补贴", 390, "22.80", "22.80", "-"),
    (5, "30103", "奖金", 391, "26.70", "26.70", "-"),
    (6, "30107", "绩效工资", 392, "37.10", "37.10", "-"),
    (7, "30108", "机关事业单位基本养老保险缴费", 393, "28.00", "28.00", "-"),
    (8, "30110", "职工基本医疗保险缴费", 394, "14.00", "14.00", "-"),
    (9, "30112", "其他社会保障缴费", 395, "1.18", "1.18", "-"),
    (10, "30113", "住房公积金", 396, "24.00", "24.00", "-"),
    (11, "302", "商品和服务支出", 397, "36.80", "-", "36.80"),
    (12, "30201", "办公费", 398, "2.80", "-", "2.80"),
    (13, "30205", "水费", 399, "0.30", "-", "0.30"),
    (14, "30206", "电费", 400, "3.80", "-", "3.80"),
    (15, "30207", "邮电费", 412, "7.00", "-", "7.00"),
    (16, "30211", "差旅费", 413, "1.10", "-", "1.10"),
    (17, "30226", "劳务费", 414, "0.40", "-", "0.40"),
    (18, "30231", "公务用车运行维护费", 415, "3.00", "-", "3.00"),
    (19, "30239", "其他交通费用", 416, "10.00", "-", "10.00"),
    (20, "30299", "其他商品和服务支出", 417, "8.40", "-", "8.40"),
    (21, "303", "对个人和家庭的补助", 418, "113.45", "113.45", "-"),
    (22, "30302", "退休费", 419, "106.26", "106.26", "-"),
    (23, "30305", "生活补助", 420, "7.19", "7.19", "-"),
]

# 财政拨款"三公"经费支出表, lines 464-483: 合计, 一般公共预算财政拨款 (基金/国资 blank)
THREE_PUBLIC = [
    (1, "", "合计", 464, "3.00", "3.00"),
    (2, "", "“三公”经费小计", 465, "3.00", "3.00"),
    (6, "", "二、公务用车购置及运维费", 469, "3.00", "3.00"),
    (8, "", "公务用车运行维护费", 482, "3.00", "3.00"),
]

# 部门预算收入总表, lines 113-166: every row prints the same amount in 合计/小计/财政拨款收入
INCOME_SUMMARY = [
    (1, "", 113, "1396.37"),
    (2, "201", 114, "32.30"),
    (3, "20140", 115, "32.30"),
    (4, "2014004", 116, "32.30"),
    (5, "206", 117, "1187.06"),
    (6, "20601", 118, "377.33"),
    (7, "2060101", 119, "376.23"),
    (8, "2060102", 131, "1.10"),
    (9, "20604", 132, "87.00"),
    (10, "2060404", 133, "70.00"),
    (11, "2060499", 134, "17.00"),
    (12, "20607", 145, "1.70"),
    (13, "2060702", 146, "1.70"),
    (14, "20699", 147, "721.03"),
    (15, "2069999", 148, "721.03"),
    (16, "215", 149, "177.01"),
    (17, "21501", 150, "59.50"),
    (18, "2150102", 162, "59.50"),
    (19, "21505", 163, "117.51"),
    (20, "2150501", 164, "36.80"),
    (21, "2150502", 165, "28.00"),
    (22, "2150517", 166, "52.71"),
]


def test_income_expenditure_summary_every_amount():
    expected = {
        ("income", 1, "amount"): ("", "一、一般公共预算拨款收入", D("1396.37"), 44),
        ("expenditure", 1, "amount"): ("201", "一、一般公共服务支出", D("32.30"), 44),
        ("expenditure", 6, "amount"): ("206", "六、科学技术支出", D("1187.06"), 49),
        ("expenditure", 15, "amount"): ("215", "十五、资源勘探工业信息等支出", D("177.01"), 69),
        ("income", 32, "amount"): ("", "本年收入合计", D("1396.37"), 97),
        ("expenditure", 32, "amount"): ("", "本年支出合计", D("1396.37"), 97),
        ("income", 34, "amount"): ("", "收入总计", D("1396.37"), 99),
        ("expenditure", 34, "amount"): ("", "支出总计", D("1396.37"), 99),
    }
    assert items("income_expenditure_summary") == expected


def test_fiscal_appropriation_summary_every_amount():
    both = ("total", "general_budget")
    expected = {
        ("income", 1, "amount"): ("", "一、一般公共预算拨款", D("1396.37"), 228),
        ("income", 32, "amount"): ("", "本年收入合计", D("1396.37"), 309),
        ("income", 37, "amount"): ("", "收入总计", D("1396.37"), 326),
    }
    for row_no, code, name, amount, line in [
        (1, "201", "一、一般公共服务支出", "32.30", 228),
        (6, "206", "六、科学技术支出", "1187.06", 233),
        (15, "215", "十五、资源勘探工业信息等支出", "177.01", 254),
        (32, "", "本年支出合计", "1396.37", 309),
        (37, "", "支出总计", "1396.37", 326),
    ]:
        for column_id in both:
            expected[("expenditure", row_no, column_id)] = (code, name, D(amount), line)
    assert items("fiscal_appropriation_summary") == expected


def test_expenditure_summary_every_amount():
    assert items("expenditure_summary") == expand(
        EXPENDITURE_SUMMARY, ("total", "basic", "project")
    )


def test_general_budget_expenditure_every_amount():
    assert items("general_budget_expenditure") == expand(
        GENERAL_BUDGET_EXPENDITURE, ("total", "basic", "project")
    )


def test_basic_expenditure_every_amount():
    assert items("general_budget_basic_expenditure") == expand(
        BASIC_EXPENDITURE, ("total", "personnel", "public_funds")
    )


def test_three_public_every_amount_and_blank_rows_give_no_items():
    assert items("three_public_expenses") == expand(THREE_PUBLIC, ("total", "general_budget"))


def test_income_summary_every_amount():
    got = {k: (v[0], v[2], v[3]) for k, v in items("income_summary").items()}
    expected = {
        ("", row_no, column_id): (code, D(amount), line)
        for row_no, code, line, amount in INCOME_SUMMARY
        for column_id in ("total", "subtotal", "fiscal_appropriation")
    }
    assert got == expected


def test_levels_follow_code_length_and_canonical_names_come_from_catalogue():
    li = frames().line_items
    coded = li.filter(pl.col("code") != "")
    lengths = coded.select(pl.col("code").str.len_chars().alias("n"), "level", "table_id").unique()
    for n, level, table_id in lengths.iter_rows():
        assert level == {3: 1, 5: 2, 7: 3}[n], (table_id, n, level)
    row = li.filter((pl.col("table_id") == "expenditure_summary") & (pl.col("code") == "20604"))
    assert set(row["canonical_name"]) == {"技术研究与开发"}
    assert set(row["name"]) == {"技术与开发"}  # kept as printed


def test_table_status():
    status = {r["table_id"]: r for r in frames().table_status.iter_rows(named=True)}
    assert status["gov_fund_expenditure"]["status"] == "empty_with_note"
    assert status["gov_fund_expenditure"]["note"] == "注：无政府基金预算财政拨款预算，空表列示。"
    assert status["state_capital_expenditure"]["status"] == "empty_with_note"
    assert status["government_procurement"]["note"] == "注：无政府采购预算，空表列示。"
    # every contract table but the two empty ones, and the 固定资产 table
    present = {t for t, r in status.items() if r["status"] == "present"}
    empty = {"gov_fund_expenditure", "state_capital_expenditure"}
    assert present == set(CONTRACT_TABLES) - empty | {"fixed_assets"}
    # titles start the tables, in the contract's order: 32, 101, 168, 214, 328, 375, 422, 437,
    # 452 (not the TOC lines 7-15)
    assert [status[t]["source_line"] for t in CONTRACT_TABLES] == [
        32,
        101,
        168,
        214,
        328,
        375,
        422,
        437,
        452,
    ]


def test_name_mismatch_findings_are_the_two_known_codes():
    f = frames().findings.filter(pl.col("kind") == "name_mismatch")
    # 20604 and 2060499 differ from the catalogue in 收入总表, 支出总表 and 一般公共预算支出表
    assert sorted(zip(f["code"], f["source_line"])) == sorted(
        [
            ("20604", 132),
            ("2060499", 134),
            ("20604", 188),
            ("2060499", 190),
            ("20604", 348),
            ("2060499", 350),
        ]
    )
    assert set(f["severity"]) == {"warning"}  # both catalogue rows are high confidence


def test_document_row():
    doc = frames().documents.row(0, named=True)
    assert doc["doc_id"] == __import__("hashlib").sha256(SAMPLE.read_bytes()).hexdigest()[:16]
    assert (doc["department_code"], doc["department_name"]) == ("350", "赵县科学技术和工业信息化局")
    assert (doc["region"], doc["level"], doc["fiscal_year"]) == ("赵县", "county", 2024)
    assert (doc["doc_kind"], doc["unit"], doc["status_reason"]) == ("budget", "万元", None)
    # page headers (dept lines): 3+4+2+6+2+2+1+1+2 table pages, 1 procurement, 1 asset table
    assert doc["pages"] == 3 + 4 + 2 + 6 + 2 + 2 + 1 + 1 + 2 + 1 + 1
    assert doc["encoding"] == "utf-8"


@pytest.mark.parametrize("table_id", ["expenditure_summary", "general_budget_basic_expenditure"])
def test_sources_point_at_pages(table_id):
    li = frames().line_items.filter(pl.col("table_id") == table_id)
    # each table has 2 pages: the first page's rows before the second page header
    first_page = li.filter(
        pl.col("source_line")
        < {"expenditure_summary": 192, "general_budget_basic_expenditure": 402}[table_id]
    )
    assert first_page["source_page"].n_unique() == 1
    assert li["source_page"].n_unique() == 2


@pytest.mark.parametrize(
    "title,table_id",
    [
        ("部门预算财政拨款收支总表", "fiscal_appropriation_summary"),
        ("部门预算收支总表", "income_expenditure_summary"),
        ("收入支出决算总表", "income_expenditure_summary"),
        ("财政拨款收入支出决算总表", "fiscal_appropriation_summary"),
        ("部门预算一般公共预算财政拨款基本支出表", "general_budget_basic_expenditure"),
        ("一般公共预算支出预算表", "general_budget_expenditure"),
        ("部门预算财政拨款“三公”经费支出表", "three_public_expenses"),
        ("部门预算收入总表", "income_summary"),
        ("部门预算支出总表", "expenditure_summary"),
        ("八、政府采购预算情况", None),  # a section heading, not a title
        ("部门预算收入总表.....\t4", None),  # a TOC line
        # tables of the templates with no contract table (info unmapped_table, rows not read)
        ("一般公共预算机关运行经费支出预算表", "other_expenditure"),  # Suzhou/Wuxi
        ("2026年市级部门项目支出预算表", "project_expenditure_summary"),  # Hangzhou 表10
        # the cover of the set of tables, over its 报表目录 (Xi'an): no contract table either
        ("2026年部门综合预算公开报表", "table_index"),
    ],
)
def test_titles(title, table_id):
    from budgetwatch.transforms.tables import table_id_for_title

    assert table_id_for_title(title) == table_id


# Shenzhen 273 收支总表 pp.18-19 (`pdftotext -layout`), 万元: (side, code, name, amount, line)
_SZ_SUMMARY = (
    ("income", "", "一、财政拨款", "14316.37", 1),
    ("expenditure", "208", "一、社会保障和就业支出", "717.96", 1),
    ("income", "", "1.一般公共预算拨款", "14316.37", 2),
    ("expenditure", "", "行政事业单位养老支出", "717.96", 2),
    ("income", "", "2.政府性基金预算拨款", "0.00", 3),
    ("income", "", "二、财政专户管理资金", "0.00", 4),
    ("income", "", "三、单位资金", "0.00", 5),
    ("income", "", "1.事业收入", "0.00", 6),
    ("expenditure", "210", "二、卫生健康支出", "156.80", 5),
    ("expenditure", "", "行政事业单位医疗", "156.80", 6),
    ("expenditure", "221", "三、住房保障支出", "1530.00", 7),
    ("expenditure", "", "住房公积金", "366.00", 8),
    ("expenditure", "", "购房补贴", "1164.00", 9),
    ("expenditure", "224", "四、灾害防治及应急管理支出", "11911.61", 10),
    ("expenditure", "", "应急管理事务", "11674.61", 11),
    ("income", "", "本年收入合计", "14316.37", 12),
    ("expenditure", "", "本年支出合计", "14316.37", 12),
    ("income", "", "上年结余、结转", "0.00", 13),
    ("expenditure", "", "结转下年", "0.00", 13),
    ("income", "", "1.财政拨款结余、结转", "0.00", 14),
    ("income", "", "收入总计", "14316.37", 15),
    ("expenditure", "", "支出总计", "14316.37", 15),
)


def _two_sided_rows(changed: dict[str, str] | None = None) -> list[tuple]:
    changed = changed or {}
    return [
        (
            "income_expenditure_summary",
            side,
            None,
            code,
            1 if code else None,
            name,
            "",
            "amount",
            D(changed.get(name, amount)),
            18,
            line,
            0,
            True,
        )
        for side, code, name, amount, line in _SZ_SUMMARY
    ]


def test_two_sided_table_checked_side_by_side():
    from budgetwatch.transforms.selfcheck import check_totals, total_findings

    checks = check_totals(_two_sided_rows())
    # per side: 本年合计 against 一、二、三… (not 1.2. nor the 款 names under a 类), 总计 against
    # 本年合计 + 上年结转 / 结转下年; and 收入总计 = 支出总计
    assert sorted((c.side, c.line) for c in checks) == [
        ("both", 15),
        ("expenditure", 12),
        ("expenditure", 15),
        ("income", 12),
        ("income", 15),
    ]
    assert all(c.reproduced for c in checks)
    assert total_findings(checks) == []
    # 717.96 misread as 71.80: the expenditure side's 合计 says so, with the rows it added
    misread = total_findings(check_totals(_two_sided_rows({"一、社会保障和就业支出": "71.80"})))
    assert [(f.kind, f.line) for f in misread] == [("total_not_reproduced", 12)]
    assert "646.16 missing" in misread[0].message and "一、社会保障和就业支出" in misread[0].message
    # a misread 收入总计: its own side and the balance with 支出总计 both say so
    total = total_findings(check_totals(_two_sided_rows({"收入总计": "14316.73"})))
    assert sorted(f.message.split(":")[0] for f in total) == [
        "printed total 14316.73 (amount, income side, line 15) but its rows add up to 14316.37",
        "收入总计 14316.73 but 支出总计 14316.37 (amount, 收入总计 line 15 vs 支出总计 line 15)",
    ]
    assert sorted(f.message.split(": ")[1][:19] for f in total) == [
        "0.36 missing; added",
        "the two sides diffe",
    ]


def test_spending_table_printed_as_a_two_sided_table():
    # Xi'an 349 p.35 部门综合预算政府性基金收支表 (`pdftotext -layout`): 收入 项目 | 预算数, then
    # 支出 by function, by 部门 and by 政府 economic class, each with its 预算数: the spending
    # table's amounts are those beside the function names; the 收入 side is not its rows
    from budgetwatch.transforms.normalise import _layout

    labels = [
        "收入项目",
        "收入预算数",
        "支出支出功能分类科目(按大类)",
        "支出预算数",
        "支出部门预算支出经济分类科目(按大类)",
        "支出预算数",
        "支出政府预算支出经济分类科目(按大类)",
        "支出预算数",
    ]
    layout = _layout("gov_fund_expenditure", dict(enumerate(labels)), None, 2026)
    assert layout.amounts == {3: ("", "total")}
    assert layout.ambiguous == ()
    assert 0 not in layout.names.values() and layout.code_name == 2


def test_two_sided_carry_over_heading_over_its_parts():
    # 151 p.10 财政拨款收入支出决算总表 (`pdftotext -layout`), income side: 本年收入合计 19,572.91;
    # 年初财政拨款结转和结余 1,154.62 over 一般公共预算财政拨款 1,154.62 (no numbering: the
    # heading is the sum of its parts); 总计 20,727.53 = 19,572.91 + 1,154.62
    from budgetwatch.transforms.selfcheck import check_totals

    rows = [
        (
            "fiscal_appropriation_summary",
            "income",
            None,
            "",
            None,
            name,
            "",
            "amount",
            D(amount),
            10,
            line,
            0,
            True,
        )
        for name, amount, line in (
            ("一、一般公共预算财政拨款", "19572.91", 1),
            ("本年收入合计", "19572.91", 27),
            ("年初财政拨款结转和结余", "1154.62", 28),
            ("一般公共预算财政拨款", "1154.62", 29),
            ("总计", "20727.53", 32),
        )
    ]
    checks = check_totals(rows)
    assert [(c.line, c.summed, c.reproduced) for c in checks] == [
        (27, D("19572.91"), True),
        (32, D("20727.53"), True),
    ]


def test_totals_with_no_rows_by_layout_are_not_checked_but_a_bare_total_still_is():
    from budgetwatch.transforms.selfcheck import check_totals

    def item(table, name, canonical, amount):
        return (table, "", None, "", None, name, canonical, "total", D(amount), 3, 7, 0, True)

    # a one-row table of totals (no name column): nothing under its 合计 by layout
    one_row = [item("income_summary", "合计", "合计", "30.00")]
    assert check_totals(one_row, frozenset({"income_summary"})) == []
    # the same 合计 alone in a table printing a name column: its rows are missing (0 ≠ 30)
    [bare] = check_totals(one_row)
    assert (bare.summed, bare.reproduced) == (D(0), False)
    # a unit's own row as the 合计 (Shenzhen) with the units' coded blocks left unread
    unit = [item("expenditure_summary", "深圳市某局", "合计", "857808.76")]
    assert check_totals(unit) == []


def test_key_figures_need_both_sides_read_and_balanced():
    from budgetwatch.transforms.selfcheck import check_totals, key_figures

    def keys(rows):
        figures = key_figures(rows, check_totals(rows))
        return [(k.side, k.row[8] if k.row else None, k.exact) for k in figures]

    # Shenzhen 273 as printed: 收入总计 and 支出总计 14316.37, each reproduced, the two equal
    assert keys(_two_sided_rows()) == [
        ("income", D("14316.37"), True),
        ("expenditure", D("14316.37"), True),
    ]
    # one 类 misread (717.96 → 71.80): the 支出总计 is read but its side no longer adds up
    misread = _two_sided_rows({"一、社会保障和就业支出": "71.80"})
    assert [k[2] for k in keys(misread)] == [True, False]
    # 支出总计 misread (14316.73): its side does not add up, nor does it equal 收入总计
    wrong = keys(_two_sided_rows({"支出总计": "14316.73"}))
    assert wrong == [("income", D("14316.37"), False), ("expenditure", D("14316.73"), False)]


def _three_public(*rows: tuple[str, str]) -> list[tuple]:
    """三公 rows (name, amount) of one line each, in the total column."""
    return [
        ("three_public_expenses", "", None, "", None, name, "", "total", D(amount), 21, i, 0, True)
        for i, (name, amount) in enumerate(rows)
    ]


def test_three_public_total_is_checked_whatever_its_name_and_its_parts_numbering():
    from budgetwatch.transforms.selfcheck import check_totals

    # Guangzhou 292 p.21 (`pdftotext -layout`): 40.00 + 567.72 + 19.28 = 627.00; the car's two
    # sub-items 230.55 + 337.17 are part of its 567.72, and 行政经费 is no 三公 row
    guangzhou = _three_public(
        ("行政经费", "8560.42"),
        ("“三公”经费", "627.00"),
        ("其中：（一）因公出国（境）支出", "40.00"),
        ("（二）公务用车购置及运行维护支出", "567.72"),
        ("1.公务用车购置费", "230.55"),
        ("2.公务用车运行维护费", "337.17"),
        ("（三）公务接待费支出", "19.28"),
    )
    [check] = check_totals(guangzhou)
    assert (check.printed, check.summed, check.terms) == (D("627.00"), D("627.00"), 3)
    # Suzhou 313 p.24: “三公”经费合计 43.80 = 0.00 + 7.80 + 36.00; 会议费 and 培训费 beside it
    suzhou = [
        ("三公经费合计", "43.80"),
        ("一、因公出国（境）费", "0.00"),
        ("二、公务用车购置及运行维护费", "7.80"),
        ("公务用车购置费", "0.00"),
        ("公务用车运行维护费", "7.80"),
        ("三、公务接待费", "36.00"),
        ("会议费", "26.60"),
        ("培训费", "56.05"),
    ]
    [check] = check_totals(_three_public(*suzhou))
    assert (check.printed, check.summed) == (D("43.80"), D("43.80"))
    # a 公务接待费 misread (36.00 → 3.60) is found
    misread = [(n, "3.60" if n == "三、公务接待费" else a) for n, a in suzhou]
    [check] = check_totals(_three_public(*misread))
    assert (check.reproduced, check.printed - check.summed) == (False, D("32.40"))
    # a bare 合计 over 会议费 and 培训费 as well is no 三公 total: nothing to check
    bare = [
        ("合计" if n == "三公经费合计" else n, "126.45" if n == "三公经费合计" else a)
        for n, a in suzhou
    ]
    assert check_totals(_three_public(*bare)) == []
    # with nothing beside the parts, a bare 合计 is their total; the car printed only in its two
    # parts counts them instead (0.00 + 17.98 + 18.60 + 24.82 = 61.40)
    wuxi = _three_public(
        ("合计", "61.40"),
        ("因公出国（境）费", "0.00"),
        ("公务用车购置费", "17.98"),
        ("公务用车运行维护费", "18.60"),
        ("公务接待费", "24.82"),
    )
    [check] = check_totals(wuxi)
    assert (check.printed, check.summed, check.terms) == (D("61.40"), D("61.40"), 4)


def test_key_figures_of_a_summary_table_tied_to_the_other_tables():
    from budgetwatch.transforms.selfcheck import check_totals, key_figures

    # Shenzhen 277 (`pdftotext -layout`): the 收支总表's 本年支出合计 and 支出总计 857,808.76; the
    # 支出总表 of the 汇总 prints the department's row 857,808.76 = 46,138.79 + 811,669.97 over
    # its units' blocks (left unread by design): nothing under it can reproduce it
    def row(table, side, name, column, amount, line):
        return (table, side, None, "", None, name, "合计", column, D(amount), 63, line, 0, True)

    summary = [
        row("income_expenditure_summary", "expenditure", "本年支出合计", "amount", "857808.76", 1),
        row("income_expenditure_summary", "expenditure", "支出总计", "amount", "857808.76", 2),
    ]
    unit = [
        row("expenditure_summary", "", "深圳市水务局", c, a, 18)
        for c, a in (("total", "857808.76"), ("basic", "46138.79"), ("project", "811669.97"))
    ]

    def exact(rows):
        figures = key_figures(rows, check_totals(rows))
        return {k.column_id: k.exact for k in figures if k.table_id == "expenditure_summary"}

    assert exact(summary + unit) == {"total": True, "basic": True, "project": True}
    # without the 收支总表 nothing ties the total; a basic that does not add up is not exact
    assert exact(unit) == {"total": False, "basic": False, "project": False}
    off = [r if r[7] != "basic" else r[:8] + (D("46138.97"),) + r[9:] for r in unit]
    assert exact(summary + off) == {"total": True, "basic": False, "project": False}
    # Xi'an 2022 341 (`pdftotext -layout`, both tables in 元): 支出总计 480544221.62; the
    # 支出总表 lists units without codes under a 合计 printed to one decimal, 480544221.6 (0.02
    # 元 apart, within its 0.05 of rounding); 480544221.5 is 0.12 元 off, no rounding of the page
    xian = [
        row("income_expenditure_summary", "expenditure", "支出总计", "amount", "48054.422162", 1)
    ]
    for printed, tied in (("48054.42216", True), ("48054.42215", False)):
        units = [
            ("expenditure_summary", "", None, "", None, name, "", "total", D(a), 31, line, 0, True)
            for name, a, line in (("合计", printed, 9), ("西安市医疗保障局", printed, 10))
        ]
        assert exact(xian + units) == {"total": tied}
    # a 合计 printed 857808.00 万元 is stored without its zeros: no whole 万元 of rounding
    whole = [row("expenditure_summary", "", "深圳市水务局", "total", "857808.00", 18)]
    near = [r[:8] + (D("857808.40"),) + r[9:] for r in summary]
    assert exact(near + whole) == {"total": False}


def test_parts_of_a_heading_printed_blank_stand_for_it():
    from budgetwatch.transforms.selfcheck import check_totals

    # Xi'an 2020 收支总表, income side (`pdftotext -layout`): 一、部门预算 and 1、财政拨款 print no
    # amount; (1) 181716.56 + (2) 0 + 2、 0 + 4、 0 + 6、 350 = 本年收入合计 182066.56 (其中 50830
    # is part of (1)); 182066.56 + 上年结转 90.57 = 收入总计 182157.13
    printed = [
        ("(1)一般公共预算拨款收入", "181716.56"),
        ("其中：专项资金列入部门预算的项目", "50830"),
        ("(2)政府性基金收入", "0"),
        ("2、上级补助收入", "0"),
        ("4、事业单位经营收入", "0"),
        ("6、其他收入", "350"),
        ("本年收入合计", "182066.56"),
        ("上年结转", "90.57"),
        ("其中：财政拨款资金结转", "90.57"),
        ("收入总计", "182157.13"),
    ]
    rows = [
        (
            "income_expenditure_summary",
            "income",
            None,
            "",
            None,
            n,
            "",
            "amount",
            D(a),
            3,
            i,
            0,
            True,
        )
        for i, (n, a) in enumerate(printed)
    ]
    checks = check_totals(rows)
    assert [(c.printed, c.summed) for c in checks] == [
        (D("182066.56"), D("182066.56")),
        (D("182157.13"), D("182157.13")),
    ]
    # with (1) printed under a 1、财政拨款 that carries its amount, (1) is no top row
    headed = [rows[0][:5] + ("1、财政拨款", "", "amount", D("181716.56"), 3, -1, 0, True), *rows]
    assert [c.summed for c in check_totals(headed)][0] == D("182066.56")


def test_a_table_of_leaves_counts_a_kuan_with_no_xiang_beside_the_xiang_rows():
    from budgetwatch.transforms.selfcheck import check_totals

    # Beijing 预算03表 支出总表 (function × economic, every row a leaf, no 类/款 row printed):
    # 21598 超长期特别国债安排的支出 has no 项. 1,800.00 + 148,541.99 + 6,571.55 = 156,913.54
    def leaf(code, name, amount, line):
        return (
            "expenditure_summary",
            "",
            None,
            code,
            len(code) // 2,
            name,
            "",
            "total",
            D(amount),
            8,
            line,
            0,
            True,
        )

    rows = [
        leaf("2150805", "中小企业发展专项", "1800.00", 1),
        leaf("21598", "超长期特别国债安排的支出", "148541.99", 2),
        leaf("2160299", "其他商业流通事务支出", "6571.55", 3),
        (
            "expenditure_summary",
            "",
            None,
            "",
            None,
            "合计",
            "合计",
            "total",
            D("156913.54"),
            8,
            4,
            0,
            True,
        ),
    ]
    [check] = check_totals(rows)
    assert (check.summed, check.reproduced) == (D("156913.54"), True)
    # printed under their 类 215 / 216, the same rows are not added again
    parents = [
        leaf("215", "资源勘探工业信息等支出", "150341.99", 0),
        leaf("216", "商业服务业等支出", "6571.55", 0),
    ]
    [check] = check_totals(parents + rows)
    assert (check.summed, check.terms) == (D("156913.54"), 2)
