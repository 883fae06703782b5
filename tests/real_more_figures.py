"""Figures read by hand from PDFs of ../shared/real_more/pdf (tuning half of the fixed split,
benchmarks/real_split.py), one document per layout the reader learnt from them.

Every amount was read by a person from ``pdftotext -layout`` of the page named in the comment
(never from budgetwatch's output) and checked against the page's own arithmetic ("✓"). Amounts are
written as printed; the test converts them to 万元 with the unit the table prints.
"""

from __future__ import annotations

IES, IS, ES = "income_expenditure_summary", "income_summary", "expenditure_summary"
FAS = "fiscal_appropriation_summary"
GB, GBB = "general_budget_expenditure", "general_budget_basic_expenditure"
TP = "three_public_expenses"
INC, EXP = "income", "expenditure"

# prefix → (unit of the tables below, a layout the document shows)
DOCS = {
    "211": ("元", "Shanghai unit: code in 类 | 款 | 项 columns, parts glued to the name"),
    "248": ("万元", "Beijing 附件2: tables drawn without rules, amounts to 6 decimals"),
    "292": ("万元", "Guangzhou: 财政拨款 printed only in its fund columns (no total column)"),
    "338": ("元", "Xi'an: 三公 years as column groups (2021年 | 2022年 | 增减变化情况)"),
    "339": ("元", "Xi'an: 元 with no thousands commas, 人员/公用/专项业务经费 columns"),
    "318": ("万元", "Wuxi: a class row rounded apart from its printed rows"),
}

# (prefix, table_id, side, code or printed name, column_id, printed amount)
FIGURES: list[tuple[str, str, str, str, str, str]] = [
    # 211 p.9 2026年预算单位支出预算总表 (元): 类 款 项 printed in three columns, "229 08 04"
    # 215,020,000 + 1,781,570 (229 08 / 229 99) = 216,801,570 = 合计 ✓;
    # 基本 20,862,863 + 项目 195,938,707 = 216,801,570 ✓
    ("211", ES, "", "合计", "total", "216,801,570"),
    ("211", ES, "", "合计", "basic", "20,862,863"),
    ("211", ES, "", "合计", "project", "195,938,707"),
    ("211", ES, "", "229", "total", "216,801,570"),
    ("211", ES, "", "22908", "project", "194,157,137"),
    ("211", ES, "", "2290804", "total", "215,020,000"),
    ("211", ES, "", "2299999", "project", "1,781,570"),
    # 211 p.7 财务收支预算总表 and p.10 财政拨款收支预算总表, drawn without rules (元): 预算数 printed
    # over 基本支出 only, 财政拨款支出 centred over its amounts. p.7: 215,020,000 + 1,781,570 =
    # 216,801,570 = 收入总计 ✓ = 支出总计 = 一、其他支出 ✓; p.10: 二、政府性基金预算 215,020,000 =
    # 收入总计 = 支出总计 = 一、其他支出 (合计 and 政府性基金预算 columns) ✓
    ("211", IES, EXP, "229", "amount", "216,801,570"),
    ("211", IES, EXP, "支出总计", "amount", "216,801,570"),
    ("211", IES, INC, "四、其他收入", "amount", "1,781,570"),
    ("211", FAS, INC, "二、政府性基金预算", "amount", "215,020,000"),
    ("211", FAS, EXP, "229", "total", "215,020,000"),
    ("211", FAS, EXP, "229", "gov_fund", "215,020,000"),
    ("211", FAS, EXP, "支出总计", "total", "215,020,000"),
    # 248 p.1 预算01表 收支总表 (万元, no rules): income 565,801.487564 + 9.000000 + 51.458500
    # = 565,861.946064 = 本年收入合计 ✓; the nine expenditure amounts add to 590,242.670510
    # = 本年支出合计 ✓ = 565,861.946064 + 上年结转结余 24,380.724446 ✓
    ("248", IES, INC, "一、一般公共预算拨款收入", "amount", "565,801.487564"),
    ("248", IES, INC, "五、事业收入", "amount", "9.000000"),
    ("248", IES, INC, "本年收入合计", "amount", "565,861.946064"),
    ("248", IES, EXP, "本年支出合计", "amount", "590,242.670510"),
    ("248", IES, EXP, "215", "amount", "518,606.736433"),  # 十四、资源勘探工业信息等支出
    ("248", IES, EXP, "211", "amount", "50,000.000000"),  # 十、节能环保支出
    # 248 p.11-12 预算06表 一般公共预算基本支出表, header repeated on p.12 without rules:
    # 合计 人员经费 20,964.567877 + 公用经费 1,528.999011 = 22,493.566888 ✓
    ("248", GBB, "", "合计", "total", "22,493.566888"),
    ("248", GBB, "", "合计", "personnel", "20,964.567877"),
    ("248", GBB, "", "合计", "public_funds", "1,528.999011"),
    # 248 p.8 预算05表 一般公共预算支出表 (万元), header without rules: 预算数 centred over 合计 …
    # 扣除基建项目后预算数, 基本支出 over 小计 | 人员经费 | 公用经费; code and name run into the
    # code column (`2050803   培训支出`). 2050803: 47.000000 + 56.575000 = 103.575000 ✓;
    # 2080501 基本支出 小计 155.210000 = 人员 118.210000 + 公用 37.000000 ✓ (小计, not 人员经费)
    ("248", GB, "", "2080501", "total", "155.210000"),
    ("248", GB, "", "2080501", "basic", "155.210000"),
    ("248", GB, "", "2060303", "total", "930.000000"),
    ("248", GB, "", "2150502", "project", "8,245.873776"),
    ("248", GB, "", "2111001", "project", "50,000.000000"),
    # 292 p.9 收入总体情况表: 财政拨款收入 printed as 一般公共预算 | 政府性基金预算 | 国有资本经营预算
    # only; 合计 row 456,990.37 + 175,075.32 + 0.00 = 632,065.69 (the 合计 column prints
    # 632,065.70: rounding of the printed parts)
    ("292", IS, "", "合计", "fiscal_appropriation", "632,065.69"),
    ("292", IS, "", "合计", "total", "632,065.70"),
    # 339 p.40 一般公共预算支出明细表（按支出功能分类科目）(元, no commas): the six 类 rows
    # 9,059,730.06 + 5,373,188.72 + 11,157,170.11 + 4,529,849.09 + 89,795,300.63
    # + 2,151,318,501.42 = 2,271,233,740.03 = 合计 ✓; 专项业务经费 5,329,960.00 + 2,750,680.00
    # + 0 + 0 + 37,359,164.00 + 2,109,403,460.00 = 2,154,843,264.00 ✓ (p.41 continues the table)
    ("339", GB, "", "合计", "total", "2271233740.03"),
    ("339", GB, "", "合计", "project", "2154843264.00"),
    ("339", GB, "", "221", "total", "2151318501.42"),
    ("339", GB, "", "2210106", "project", "2006386000.00"),  # p.41, after the page break
    # 318 p.27 一般公共预算基本支出表 (万元): 人员经费 合计 25,530.51 = 301's twelve leaves
    # 3,720.78 + 6,476.31 + 3,055.68 + 0.01 + 3,606.12 + 1,924.13 + 962.08 + 841.81 + 169.65 +
    # 1,834.32 + 99.45 + 957.60 = 23,647.94, + 303's 1,882.57 = 25,530.51 ✓; 301 itself prints
    # 23,647.92 (rounded apart): the classes add up to 25,530.49, the page's rounding
    ("318", GBB, "", "合计", "personnel", "25,530.51"),
    ("318", GBB, "", "301", "personnel", "23,647.92"),
    ("318", GBB, "", "30102", "personnel", "6,476.31"),
    # 338 p.36 表13 2022年…“三公”经费、会议费、培训费表 (元): years as column groups, 2021年 |
    # 2022年 | 增减变化情况; stray glyphs of a vertical 接待费 stand between title and 金额单位.
    # 2022年, 合计 row: 因公出国 0.00 + 公务接待费 10,000.00 + 公务用车 50,000.00 = 小计 60,000.00 ✓;
    # 公务用车 购置 0.00 + 运行 50,000.00 = 50,000.00 ✓; 60,000.00 + 会议费 20,000.00 + 培训费 0.00
    # = 合计 80,000.00 ✓; 80,000.00 - 2021年 38,000.00 = 增减 42,000.00 ✓. The narrative (p.19):
    # “三公”经费预算支出 6.00 万元, 公务接待费 1.00 万元, 运行维护费 5.00 万元, 会议费 2.00 万元 ✓
    ("338", TP, "", "合计", "total", "80,000.00"),
    ("338", TP, "", "“三公”经费小计", "total", "60,000.00"),
    ("338", TP, "", "一、因公出国（境）费", "total", "0.00"),
    ("338", TP, "", "三、公务接待费", "total", "10,000.00"),
    ("338", TP, "", "公务用车运行维护费", "total", "50,000.00"),
    ("338", TP, "", "会议费", "total", "20,000.00"),
    # 248 p.15 预算09表 财政拨款“三公”经费支出表 (万元), drawn without rules, labels at uneven
    # heights (公务用车购置及运行维护费 alone on the top line over 小计 | 购置费 | 运行维护费;
    # names are stored without quotes, as for the ruled 预算09表 of ../real):
    # 141.626000 + 2.906125 + 59.198152 = 203.730277 ✓; 小计 = 购置费 (blank) + 59.198152 ✓
    ("248", TP, "", "三公经费财政拨款预算总额", "total", "203.730277"),
    ("248", TP, "", "一、因公出国（境）费", "total", "141.626000"),
    ("248", TP, "", "三、公务接待费", "total", "2.906125"),
    ("248", TP, "", "二、公务用车购置及运行维护费", "total", "59.198152"),
    ("248", TP, "", "公务用车运行维护费", "total", "59.198152"),
]
