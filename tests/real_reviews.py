"""Hand reviews of the warning-or-above flags on the real PDFs of ../shared/real.

Each entry is one flag — (source_file, rule, subject) — that a person checked against the PDF
and found to be a true problem of the document, with the reason (values and lines read from
the page, not from our output). A flag that is not a true problem is not listed here: the rule
or the reader is fixed instead. ``tests/test_real_flags.py`` fails on any alarm not listed.
Kept in blocks by template so that reviews of different templates do not touch each other.
"""

from __future__ import annotations

# ---- Jiangsu 省级 (019-025, 038-040) --------------------------------------------------------
JIANGSU = {
    (
        "024_js_procuratorate_2018_dept_budget.pdf",
        "yoy_claim",
        "claim/three_public_abroad",
    ): "2018 情况说明 (line 706): 因公出国（境）费预算支出 100 万元，与上年预算数相等; the 2017 "
    "document's 三公 table prints 110.00 (line 384) and its own 情况说明 110 万元 (line 549): "
    "100 is not equal to 110 — the sentence or one of the two tables is wrong.",
}

# ---- Shanghai 普陀 and 市级 (006-009, 101-108) -------------------------------------------------
SHANGHAI: dict = {}

# ---- Beijing (109-128, narrative and tables files) -------------------------------------------
_BJ110 = "110_bj_2026_budget_tables_002db9dd.pdf"
# 中共北京市委军民融合发展委员会办公室 (109 情况说明 + 110 报表): 7,077.056250 万元 of 项目支出 is
# in the totals of 预算03表 (p.5) and 预算05表 (p.8) but in no row of either table, and 1,905.00
# 万元 of 本年支出合计 in no 类 row of 预算01表 (p.1)
BEIJING = {
    (
        _BJ110,
        "gate:identity_break",
        "W1:income_expenditure_summary/expenditure/本年支出合计/amount",
    ): "预算01表 p.1: 本年支出合计 9,151.309668 but its 类 rows are 6,770.499100 (一般公共服务) + "
    "8.400000 (教育) + 275.300856 (社会保障和就业) + 145.104512 (卫生健康) + 47.005200 (住房保障) "
    "= 7,246.309668; 1,905.00 万元 of spending is in no 类.",
    (
        _BJ110,
        "gate:identity_break",
        "W6:fiscal_appropriation_summary/expenditure/一、本年支出/amount",
    ): "预算04表 p.6: 一、本年支出 9,151.309668 but its 类 rows are the same five as 预算01表's "
    "(6,770.499100 + 8.400000 + 275.300856 + 145.104512 + 47.005200 = 7,246.309668): 1,905.00 "
    "万元 in no 类.",
    (
        _BJ110,
        "gate:identity_break",
        "W3:expenditure_summary/合计/total",
    ): "预算03表 p.4-5: 合计 9,151.309668 but its rows (2013601 行政运行 … 2210201 住房公积金) add "
    "to 2,074.253418, the 基本支出 合计; the 项目支出 7,077.056250 has no row.",
    (
        _BJ110,
        "gate:identity_break",
        "W3:expenditure_summary/合计/project",
    ): "预算03表 p.5: 合计 项目支出 7,077.056250, and no row prints a 项目支出 amount.",
    (
        _BJ110,
        "gate:identity_break",
        "W3:general_budget_expenditure/合计/total",
    ): "预算05表 p.8: 合计 9,151.309668 but its 15 rows add to 2,074.253418 (the 基本支出 小计); "
    "项目支出 7,077.056250 is in no row.",
    (
        _BJ110,
        "gate:identity_break",
        "W3:general_budget_expenditure/合计/project",
    ): "预算05表 p.8: 合计 项目支出 7,077.056250 (and 扣除基建项目后预算数 7,077.056250), no row "
    "prints a 项目支出 amount.",
    (
        _BJ110,
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/201/amount~expenditure_summary/total",
    ): "预算01表 p.1 prints 一般公共服务支出 6,770.499100; 预算03表's 201 rows (2013601 行政运行, "
    "2013650 事业运行) add to 1,598.442850: the 5,172.056250 difference is 项目支出 in no row.",
}

# ---- Shenzhen, Guangzhou, Hangzhou (129-143, 149-150) ----------------------------------------
_HZ149, _HZ150 = "149_hz_2026_budget_f6a1e1ef.pdf", "150_hz_2026_budget_425299ae.pdf"
# (pdftotext -layout line numbers; p. = PDF page)
_HZ149_201 = (
    "表1 收支预算总表 (p.22, line 529) prints 一般公共服务支出 6651.38, while its own rows below "
    "add to 1.98 + 6,700.00 = 6,701.98, 表3 and 表5 print 6,701.98 for that 类 and the 情况说明 "
    "(p.6, line 132) says 一般公共服务支出6,701.98万元; the 表1 类 rows add to 665,913.77 against "
    "本年支出合计 665,964.37 (line 580): the 201 cell is 50.60 short."
)
SOUTH = {
    (
        _HZ149,
        "gate:identity_break",
        "W1:income_expenditure_summary/expenditure/本年支出合计/amount",
    ): _HZ149_201,
    (
        _HZ149,
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/201/amount~expenditure_summary/total",
    ): _HZ149_201,
    (
        _HZ149,
        "gate:cross_table_mismatch",
        "X6:general_budget_basic_expenditure/合计/total~general_budget_expenditure/basic",
    ): "表6 基本支出预算表 合计 82,529.89 (p.32, line 853) = 人员经费 67,627.51 + 日常公用支出 "
    "14,902.37, and the 情况说明 (p.12, line 275) says 一般公共预算基本支出82,529.89万元; 表5 "
    "一般公共预算支出预算表's 合计 row (p.30, line 792) prints 基本支出 小计 82,479.29 beside its own "
    "人员经费 67,627.51 and 日常公用支出 14,902.37 (= 82,529.88): 表5's 小计 is 50.60 short, the "
    "same 50.60 as 表1's 一般公共服务支出.",
}

# ---- Xi'an, Fuzhou, central units (151, 156-167) -----------------------------------------
_157_GAP = (
    "支出总表 (pdftotext p.8 lines 187-189) and 一般公共预算拨款支出预算表 (lines 254-256) both print "
    "20402 公安 7,927.40 (基本 6,556.70, 项目 1,370.70) over only two 项: 2040201 行政运行 6,556.70 "
    "and 2040299 其他公安支出 1,051.46 (项目); 6,556.70 + 1,051.46 = 7,608.16, so 319.24 万元 of "
    "项目支出 has no 项 row in either table; the narrative's 项级 list (lines 502-504) also names "
    "only these two."
)
WEST = {
    (
        "160_xa_2021_budget_ad4ecf66.pdf",
        "gate:narrative_mismatch",
        "X8:narrative/org_running~general_budget_basic_expenditure/合计/public_funds",
    ): "情况说明 十 (pdftotext line 168): 机关运行经费预算安排 124 万元; 表8 基本支出明细表 合计 "
    "公用经费支出 1,259,954.31 元 = 126.00 万元 (line 414 of render), which includes 20,000 元 "
    "培训费 公用经费 under 2050803 培训支出 (表5). 124 is only 2013301 行政运行's 公用经费 "
    "1,239,954.31 元 (narrative line 105 says so), while the document defines 机关运行经费 as "
    "各部门的公用经费 (十一、1., line 171): its own figure leaves out 2 万元.",
    (
        "157_fz_2026_budget_1881fe43.pdf",
        "gate:identity_break",
        "W3:expenditure_summary/20402/total",
    ): _157_GAP,
    (
        "157_fz_2026_budget_1881fe43.pdf",
        "gate:identity_break",
        "W3:expenditure_summary/20402/project",
    ): _157_GAP,
    (
        "157_fz_2026_budget_1881fe43.pdf",
        "gate:identity_break",
        "W3:general_budget_expenditure/20402/total",
    ): _157_GAP,
    (
        "157_fz_2026_budget_1881fe43.pdf",
        "gate:identity_break",
        "W3:general_budget_expenditure/20402/project",
    ): _157_GAP,
}

# ---- Suzhou, Wuxi, universities and the rest (144-148, 152-155, 168-170) ------------------------
OTHER = {
    (
        "170_swu_2023_budget_810a3477.pdf",
        "gate:identity_break",
        "W3:income_summary/20502/total",
    ): "西南大学收入预算表 p.8: 20502 普通教育 收入合计 520,603.91, its 项 2050202 9,645.51 + 2050204 "
    "27,109.72 + 2050205 483,848.18 = 520,603.41. 2050202 小学教育 prints 14.33 + 8,201.15 + "
    "事业收入 0.50 + 1,430.03 = 9,646.01 in its parts but 9,645.51 as its 合计: the 0.50 of "
    "事业收入 is left out of the row total and kept in 20502's.",
}

# documents that stay quarantined on purpose: source_file → why (read from the PDF)
NOT_LOADED = {
    "144_gz_2026_budget_4273ff50.pdf": "广州市生态环境局2026年部门整体预算绩效目标申报表: one page, the department's overall "
    "performance-target form (预算整体情况, 总体绩效目标, 年度重点工作任务); it prints none of the "
    "nine budget tables, no 情况说明 figures and no 项目绩效目标表 (finding nothing_read).",
}

REVIEWED = {**JIANGSU, **SHANGHAI, **BEIJING, **SOUTH, **WEST, **OTHER}
