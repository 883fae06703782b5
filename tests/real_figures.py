"""Figures read by hand from the real PDFs of ../shared/real, one or more documents per template.

Every amount below was read by a person on the page named in the comment (`pdftotext -layout` of
that page, positions checked with `pdftotext -bbox` where columns were close), never taken from
budgetwatch's output, and checked against the document's own arithmetic (noted as "✓"). Amounts
are written as printed (thousands commas, all decimals); the test converts them to 万元 with the
unit the table prints (元 / 10000 exactly).

Blocks: where a table prints several blocks, the contract's columns are the current year's
budget (预算 documents: 当年预算 / 本年 block, not 上年结转 or last year's) or the 决算数 (决算
documents, as for the 006 三公 table); each figure's comment names the block read.

三公 items are keyed by meaning (`@total` = the 三公 total, `@abroad`, `@vehicle` = 公务用车购置
及运行(维护)费, `@purchase`, `@operation`, `@reception`, `@meeting`, `@training`) because templates
print them as rows or as columns with differing names; an amount of None is a blank cell (no line
item, or 0).
"""
from __future__ import annotations

from dataclasses import dataclass, field

IES, IS, ES, FAS = ("income_expenditure_summary", "income_summary", "expenditure_summary",
                    "fiscal_appropriation_summary")
GB, GBB, TP = "general_budget_expenditure", "general_budget_basic_expenditure", "three_public_expenses"
INC, EXP = "income", "expenditure"


@dataclass(frozen=True)
class Doc:
    """What the document's pages say about itself (the contract's documents fields)."""

    name: str | None  # department_name as printed; None where no page prints it
    year: int
    kind: str  # budget / final_account
    unit: str  # the unit printed by the main tables
    table_units: dict[str, str] = field(default_factory=dict)  # tables printed in another unit


_SH_TP_WAN = {TP: "万元"}  # Shanghai prints its tables in 元, the 三公 table in 万元

DOCS: dict[str, Doc] = {
    # Shanghai municipal 单位预算 2026 (not the Putuo template): p.1 预算单位：…, 编制单位：… on
    # every table; tables in 元, 三公和机关运行经费预算表 in 万元, items as columns.
    "101": Doc("上海交通职业技术学院", 2026, "budget", "元", _SH_TP_WAN),
    "104": Doc("上海市审计局", 2026, "budget", "元", _SH_TP_WAN),
    # Beijing municipal 附件2 报表 2026: 万元 with 6 decimals; the table pages print neither
    # department nor year - only the last table (预算13表 部门整体支出绩效目标表) does: 部门名称
    # <name> and （2026年度）. Codes print as `2014001-行政运行`; 预算03表 支出总表 and 预算06表
    # 基本支出表 rows carry a 政府 and a 部门 economic code pair (`50101-工资奖金津补贴
    # 30101-基本工资`; the contract code is the 部门 one); 预算05表 lists each unit's rows one
    # after another, so a code can repeat (122: 2010801 three times) - only unique codes below.
    "110": Doc("中共北京市委军民融合发展委员会办公室", 2026, "budget", "万元"),
    "114": Doc("北京市信访办公室", 2026, "budget", "万元"),
    "122": Doc("北京市审计局", 2026, "budget", "万元"),
    # Shenzhen 部门预算 2026 (万元): 部门名称：… on every table page; the total row of 支出总表,
    # 一般公共预算支出表 and 基本支出总表 is named by the unit (no 合计); the 收支总表's 款/项 rows
    # print names only (no codes), and 一般公共预算支出表（按功能分类） / （按经济分类） share
    # the start of their title. No table splits 基本支出 into 人员/公用 (基本支出总表 is by
    # economic class × fund): no general_budget_basic_expenditure figures. The 三公 table prints
    # rows 2025 年 / 2026 年 / 增减变化金额 and, per item, 一般公共预算 / 政府性基金预算 / 国有资本
    # 经营预算 sub-columns with no total column: read the 2026 年 row, 一般公共预算 sub-column.
    "129": Doc("中共深圳市委宣传部（本级）", 2026, "budget", "万元"),
    "130": Doc("深圳市人民政府口岸办公室", 2026, "budget", "万元"),
}

# Narrative-only files (情况说明 without tables): recognised as a disclosure, not rejected.
NARRATIVE_ONLY = {
    "021": Doc("江苏省人大常委会办公厅", 2019, "budget", "万元"),
    # Beijing 附件1 情况说明: p.1 prints "<name>（部门）2026 年度部门预算信息公开" (109: name and
    # "2026 年部门预算" on two lines); 127's p.1 starts at the contents, the name only in the text
    "109": Doc("中共北京市委军民融合发展委员会办公室", 2026, "budget", "万元"),
    "113": Doc("北京市信访办公室", 2026, "budget", "万元"),
    "127": Doc(None, 2026, "budget", "万元"),
}

# (file prefix, table_id, side, code or printed name or @三公 part, column_id, printed amount)
FIGURES: list[tuple[str, str, str, str, str, str | None]] = [
    # --- 101 上海交通职业技术学院 (元) ---
    # p.7 财务收支预算总表: income 304,413,900 + 50,000,000 + 54,282,100 = 408,696,000 ✓;
    # expenditure side 预算数 合计 column: 326,658,710 + 48,817,900 + 15,502,390 + 17,717,000
    # = 408,696,000 ✓ (its 人员 229,442,320 + 公用 106,868,210 = 基本 336,310,530 of p.11 ✓)
    ("101", IES, INC, "一、财政拨款收入", "amount", "304,413,900"),
    ("101", IES, INC, "收入总计", "amount", "408,696,000"),
    ("101", IES, EXP, "支出总计", "amount", "408,696,000"),
    ("101", IES, EXP, "205", "amount", "326,658,710"),  # 一、教育支出
    # p.11 支出预算总表 合计: 336,310,530 + 72,385,470 = 408,696,000 ✓
    ("101", ES, "", "合计", "total", "408,696,000"),
    ("101", ES, "", "合计", "basic", "336,310,530"),
    ("101", ES, "", "合计", "project", "72,385,470"),
    # p.10 205 03 05 高等职业教育: 254,273,240 + 62,785,470 = 317,058,710 ✓
    ("101", ES, "", "2050305", "total", "317,058,710"),
    ("101", ES, "", "2050305", "project", "62,785,470"),
    ("101", ES, "", "2080502", "basic", "13,154,000"),  # 事业单位离退休
    # p.12 财政拨款收支预算总表
    ("101", FAS, EXP, "支出总计", "general_budget", "304,413,900"),
    # p.14 一般公共预算支出功能分类预算表 合计: 282,997,600 + 21,416,300 = 304,413,900 ✓
    ("101", GB, "", "合计", "total", "304,413,900"),
    ("101", GB, "", "合计", "basic", "282,997,600"),
    ("101", GB, "", "合计", "project", "21,416,300"),
    ("101", GB, "", "2050305", "project", "21,416,300"),  # p.13
    # p.19 基本支出经济分类 合计: 197,592,536 + 85,405,064 = 282,997,600 = GB basic ✓
    ("101", GBB, "", "合计", "total", "282,997,600"),
    ("101", GBB, "", "合计", "personnel", "197,592,536"),
    ("101", GBB, "", "合计", "public_funds", "85,405,064"),
    ("101", GBB, "", "30113", "personnel", "9,131,460"),  # p.17 301 13 住房公积金
    ("101", GBB, "", "30231", "public_funds", "201,000"),  # p.18 公务用车运行维护费
    # p.20 三公 (万元, one row of items): 35.00 + 20.10 + 12.49 = 67.59 ✓; 购置费 blank
    # (p.21 text: 公务用车购置费0.00万元)
    ("101", TP, "", "@total", "total", "67.59"),
    ("101", TP, "", "@abroad", "total", "35.00"),
    ("101", TP, "", "@vehicle", "total", "20.10"),
    ("101", TP, "", "@purchase", "total", None),
    ("101", TP, "", "@operation", "total", "20.10"),
    ("101", TP, "", "@reception", "total", "12.49"),
    # --- 104 上海市审计局 (元) ---
    # p.7 财务收支预算总表: 收入总计's 预算数 cell is blank on the page (only 支出总计 carries
    # 195,774,300); 134,339,860 + 23,992,440 + 6,142,000 + 31,300,000 = 195,774,300 ✓
    ("104", IES, INC, "一、财政拨款收入", "amount", "195,774,300"),
    ("104", IES, EXP, "支出总计", "amount", "195,774,300"),
    ("104", IES, EXP, "201", "amount", "134,339,860"),
    ("104", IES, EXP, "221", "amount", "31,300,000"),  # 四、住房保障支出
    # p.11 支出预算总表 合计: 175,071,300 + 20,703,000 = 195,774,300 ✓
    ("104", ES, "", "合计", "total", "195,774,300"),
    ("104", ES, "", "合计", "basic", "175,071,300"),
    ("104", ES, "", "合计", "project", "20,703,000"),
    ("104", ES, "", "2010804", "project", "16,527,000"),  # p.10 审计业务
    ("104", ES, "", "2080801", "project", "801,000"),  # p.11 死亡抚恤
    # p.14 一般公共预算 合计 (the table continues from p.13 under a repeated header)
    ("104", GB, "", "合计", "total", "195,774,300"),
    ("104", GB, "", "合计", "basic", "175,071,300"),
    ("104", GB, "", "合计", "project", "20,703,000"),
    ("104", GB, "", "2101101", "basic", "6,100,000"),  # p.14 行政单位医疗
    # p.18 基本支出经济分类 合计: 153,268,740 + 21,802,560 = 175,071,300 ✓ (= p.7 人员/公用)
    ("104", GBB, "", "合计", "total", "175,071,300"),
    ("104", GBB, "", "合计", "personnel", "153,268,740"),
    ("104", GBB, "", "合计", "public_funds", "21,802,560"),
    ("104", GBB, "", "30212", "public_funds", "2,018,000"),  # 因公出国（境）费用
    ("104", GBB, "", "30302", "personnel", "4,994,400"),  # 退休费
    # p.19 三公 (万元): 201.80 + 28.00 + 8.12 = 237.92 ✓ (p.20 text says the same)
    ("104", TP, "", "@total", "total", "237.92"),
    ("104", TP, "", "@abroad", "total", "201.80"),
    ("104", TP, "", "@vehicle", "total", "28.00"),
    ("104", TP, "", "@purchase", "total", None),
    ("104", TP, "", "@operation", "total", "28.00"),
    ("104", TP, "", "@reception", "total", "8.12"),
    # --- 110 中共北京市委军民融合发展委员会办公室 (万元, 6 decimals) ---
    # p.1-2 预算01表 收支总表: 9,142.554971 + 8.754697 = 9,151.309668 ✓. The printed 类 rows
    # (201 6,770.499100, 205, 208, 210, 221) add up to 7,246.309668 only: 1,905 万元 of 项目支出
    # sit in a 类 the tables do not print (p.8 lists no 项目 rows at all) - the page as it is.
    ("110", IES, INC, "一、一般公共预算拨款收入", "amount", "9,142.554971"),
    ("110", IES, INC, "本年收入合计", "amount", "9,142.554971"),
    ("110", IES, INC, "上年结转结余", "amount", "8.754697"),
    ("110", IES, INC, "收入总计", "amount", "9,151.309668"),
    ("110", IES, EXP, "201", "amount", "6,770.499100"),
    ("110", IES, EXP, "本年支出合计", "amount", "9,151.309668"),
    ("110", IES, EXP, "支出总计", "amount", "9,151.309668"),
    # p.5 预算03表 合计: 2,074.253418 + 7,077.056250 = 9,151.309668 ✓
    ("110", ES, "", "合计", "total", "9,151.309668"),
    ("110", ES, "", "合计", "basic", "2,074.253418"),
    ("110", ES, "", "合计", "project", "7,077.056250"),
    # p.8 预算05表 合计 (基本支出 小计 / 项目支出总数); 1,885.929652 + 188.323766 = 2,074.253418 ✓
    ("110", GB, "", "合计", "total", "9,151.309668"),
    ("110", GB, "", "合计", "basic", "2,074.253418"),
    ("110", GB, "", "合计", "project", "7,077.056250"),
    ("110", GB, "", "2013650", "basic", "400.233346"),  # 事业运行
    # p.10 预算06表 合计 = 预算05表 基本支出 ✓
    ("110", GBB, "", "合计", "total", "2,074.253418"),
    ("110", GBB, "", "合计", "personnel", "1,885.929652"),
    ("110", GBB, "", "合计", "public_funds", "188.323766"),
    ("110", GBB, "", "30107", "personnel", "191.119840"),  # p.10 绩效工资
    # p.13 预算09表 三公 (one row of items): the 公务用车 小计 cell is blank while 购置费 18.690000
    # and 运行维护费 4.830000 are printed (bbox: under their own headers); 17.10 + 0.15 + 18.69
    # + 4.83 = 40.77 ✓; 30231 of p.9 is 4.830000 ✓, 政府采购 A-货物 18.690000 ✓
    ("110", TP, "", "@total", "total", "40.770000"),
    ("110", TP, "", "@abroad", "total", "17.100000"),
    ("110", TP, "", "@vehicle", "total", None),
    ("110", TP, "", "@purchase", "total", "18.690000"),
    ("110", TP, "", "@operation", "total", "4.830000"),
    ("110", TP, "", "@reception", "total", "0.150000"),
    # --- 114 北京市信访办公室 (万元, 6 decimals) ---
    # p.1 收支总表: 9,616.338314 + 10.439275 = 9,626.777589 ✓; 类 rows 7,045.905745 + 38 +
    # 962.588688 + 469.814256 + 1,110.468900 = 9,626.777589 ✓
    ("114", IES, INC, "一、一般公共预算拨款收入", "amount", "9,616.338314"),
    ("114", IES, INC, "本年收入合计", "amount", "9,616.338314"),
    ("114", IES, INC, "上年结转结余", "amount", "10.439275"),
    ("114", IES, INC, "收入总计", "amount", "9,626.777589"),
    ("114", IES, EXP, "201", "amount", "7,045.905745"),
    ("114", IES, EXP, "221", "amount", "1,110.468900"),  # 十九、住房保障支出
    ("114", IES, EXP, "本年支出合计", "amount", "9,626.777589"),
    ("114", IES, EXP, "支出总计", "amount", "9,626.777589"),
    # p.4 预算03表 支出总表 合计: 7,485.224572 + 2,141.553017 = 9,626.777589 ✓
    ("114", ES, "", "合计", "total", "9,626.777589"),
    ("114", ES, "", "合计", "basic", "7,485.224572"),
    ("114", ES, "", "合计", "project", "2,141.553017"),
    # p.6 预算05表: 6,901.453085 + 583.771487 = 7,485.224572 ✓
    ("114", GB, "", "合计", "total", "9,626.777589"),
    ("114", GB, "", "合计", "basic", "7,485.224572"),
    ("114", GB, "", "合计", "project", "2,141.553017"),
    ("114", GB, "", "2014001", "total", "3,956.473327"),  # 行政运行
    ("114", GB, "", "2014004", "project", "2,141.553017"),  # 信访业务
    ("114", GB, "", "2080501", "basic", "154.475000"),  # 行政单位离退休
    # p.7 预算06表 合计
    ("114", GBB, "", "合计", "total", "7,485.224572"),
    ("114", GBB, "", "合计", "personnel", "6,901.453085"),
    ("114", GBB, "", "合计", "public_funds", "583.771487"),
    ("114", GBB, "", "30113", "personnel", "502.233096"),  # 50103 / 30113 住房公积金
    ("114", GBB, "", "30217", "public_funds", "2.850000"),  # 公务接待费
    # p.10 三公: 14.85 + 2.85 = 17.70 ✓; the three 公务用车 cells are blank
    ("114", TP, "", "@total", "total", "17.700000"),
    ("114", TP, "", "@abroad", "total", "14.850000"),
    ("114", TP, "", "@vehicle", "total", None),
    ("114", TP, "", "@purchase", "total", None),
    ("114", TP, "", "@operation", "total", None),
    ("114", TP, "", "@reception", "total", "2.850000"),
    # --- 122 北京市审计局 (万元, 6 decimals) ---
    # p.1 收支总表: 32,365.090089 + 15 = 32,380.090089; + 471.963743 = 32,852.053832 ✓;
    # 26,661.064552 + 122.8 + 2,559.323508 + 1,798.093248 + 1,710.772524 = 32,852.053832 ✓
    ("122", IES, INC, "一、一般公共预算拨款收入", "amount", "32,365.090089"),
    ("122", IES, INC, "九、其他收入", "amount", "15.000000"),
    ("122", IES, INC, "本年收入合计", "amount", "32,380.090089"),
    ("122", IES, INC, "上年结转结余", "amount", "471.963743"),
    ("122", IES, INC, "收入总计", "amount", "32,852.053832"),
    ("122", IES, EXP, "201", "amount", "26,661.064552"),
    ("122", IES, EXP, "208", "amount", "2,559.323508"),
    ("122", IES, EXP, "支出总计", "amount", "32,852.053832"),
    # p.3 预算03表 合计: 25,218.537585 + 7,633.516247 = 32,852.053832 ✓
    ("122", ES, "", "合计", "total", "32,852.053832"),
    ("122", ES, "", "合计", "basic", "25,218.537585"),
    ("122", ES, "", "合计", "project", "7,633.516247"),
    # p.5 预算05表 (财政拨款 only): 25,218.537585 + 7,583.399054 = 32,801.936639 ✓;
    # 23,545.680500 + 1,672.857085 = 25,218.537585 ✓
    ("122", GB, "", "合计", "total", "32,801.936639"),
    ("122", GB, "", "合计", "basic", "25,218.537585"),
    ("122", GB, "", "合计", "project", "7,583.399054"),
    ("122", GB, "", "2010806", "project", "3,613.399880"),  # 信息化建设
    ("122", GB, "", "2010804", "total", "2,281.630793"),  # 审计业务
    ("122", GB, "", "2010850", "basic", "1,335.738247"),  # 事业运行 (+ 18.48 项目 = 1,354.218247 ✓)
    # p.6 预算06表 合计
    ("122", GBB, "", "合计", "total", "25,218.537585"),
    ("122", GBB, "", "合计", "personnel", "23,545.680500"),
    ("122", GBB, "", "合计", "public_funds", "1,672.857085"),
    ("122", GBB, "", "30302", "personnel", "332.893000"),  # 退休费
    ("122", GBB, "", "30201", "public_funds", "89.400000"),  # 办公费
    # p.9 三公: 173.52 + 6.00 + 65.328 = 244.848 ✓; 37.38 + 27.948 = 65.328 ✓ (= 30231 of p.6:
    # 25.905 + 2.043)
    ("122", TP, "", "@total", "total", "244.848000"),
    ("122", TP, "", "@abroad", "total", "173.520000"),
    ("122", TP, "", "@vehicle", "total", "65.328000"),
    ("122", TP, "", "@purchase", "total", "37.380000"),
    ("122", TP, "", "@operation", "total", "27.948000"),
    ("122", TP, "", "@reception", "total", "6.000000"),
    # --- 129 中共深圳市委宣传部（本级） (万元) ---
    # p.17-19 收支总表: 148,464.03 + 300.00 = 148,764.03; + 816.87 = 149,580.90 ✓; 类 rows
    # 8,403.37 + 1,416 + 137,466.61 + 724.04 + 146 + 1,424.88 = 149,580.90 ✓
    ("129", IES, INC, "一、财政拨款", "amount", "148,764.03"),
    ("129", IES, INC, "1.一般公共预算拨款", "amount", "148,464.03"),
    ("129", IES, INC, "本年收入合计", "amount", "148,764.03"),
    ("129", IES, INC, "上年结余、结转", "amount", "816.87"),
    ("129", IES, INC, "收入总计", "amount", "149,580.90"),
    ("129", IES, EXP, "201", "amount", "8,403.37"),
    ("129", IES, EXP, "207", "amount", "137,466.61"),  # 三、文化旅游体育与传媒支出
    ("129", IES, EXP, "本年支出合计", "amount", "149,580.90"),
    ("129", IES, EXP, "支出总计", "amount", "149,580.90"),
    # p.21-24 支出总表, total row named by the unit: 5,403.02 + 144,177.88 = 149,580.90 ✓
    ("129", ES, "", "中共深圳市委宣传部（本级）", "total", "149,580.90"),
    ("129", ES, "", "中共深圳市委宣传部（本级）", "basic", "5,403.02"),
    ("129", ES, "", "中共深圳市委宣传部（本级）", "project", "144,177.88"),
    ("129", ES, "", "207", "total", "137,466.61"),  # p.21, name wrapped over two lines
    ("129", ES, "", "2013301", "basic", "3,108.10"),  # 行政运行
    ("129", ES, "", "2079999", "project", "120,856.61"),  # p.22
    # p.32-34 一般公共预算支出表（按功能分类）: 5,403.02 + 143,797.88 = 149,200.90 ✓ (the 380.00
    # of 207 07 99 is 政府性基金: 207 is 137,086.61 here, 137,466.61 in 支出总表 ✓)
    ("129", GB, "", "中共深圳市委宣传部（本级）", "total", "149,200.90"),
    ("129", GB, "", "中共深圳市委宣传部（本级）", "basic", "5,403.02"),
    ("129", GB, "", "中共深圳市委宣传部（本级）", "project", "143,797.88"),
    ("129", GB, "", "207", "total", "137,086.61"),
    ("129", GB, "", "2013399", "project", "4,240.60"),
    # p.39 三公, 2026 年 row, 一般公共预算 sub-columns: 108.60 + 4.55 + 8.80 = 121.95 ✓ (按经济
    # 分类 p.36-37: 30212 108.60, 30217 4.55, 30231 8.80 ✓)
    ("129", TP, "", "@total", "general_budget", "121.95"),
    ("129", TP, "", "@total", "gov_fund", "0.00"),
    ("129", TP, "", "@abroad", "general_budget", "108.60"),
    ("129", TP, "", "@vehicle", "general_budget", "8.80"),
    ("129", TP, "", "@purchase", "general_budget", "0.00"),
    ("129", TP, "", "@operation", "general_budget", "8.80"),
    ("129", TP, "", "@reception", "general_budget", "4.55"),
    # --- 130 深圳市人民政府口岸办公室 (万元) ---
    # p.15-16 收支总表: 55,131.54 + 753.13 = 55,884.67 ✓; the 类 rows add up to 55,884.68 (the
    # tables' note: 金额单位转换时可能存在尾数误差) - printed values kept
    ("130", IES, INC, "一、财政拨款", "amount", "55,131.54"),
    ("130", IES, INC, "本年收入合计", "amount", "55,131.54"),
    ("130", IES, INC, "上年结余、结转", "amount", "753.13"),
    ("130", IES, INC, "收入总计", "amount", "55,884.67"),
    ("130", IES, EXP, "201", "amount", "46,284.00"),
    ("130", IES, EXP, "229", "amount", "7,647.43"),  # 五、其他支出
    ("130", IES, EXP, "支出总计", "amount", "55,884.67"),
    # p.18 支出总表: 5,006.59 + 50,878.08 = 55,884.67 ✓; 201: 3,053.34 + 43,230.65 = 46,283.99
    # against 46,284.00 printed (rounding, as printed)
    ("130", ES, "", "深圳市人民政府口岸办公室", "total", "55,884.67"),
    ("130", ES, "", "深圳市人民政府口岸办公室", "basic", "5,006.59"),
    ("130", ES, "", "深圳市人民政府口岸办公室", "project", "50,878.08"),
    ("130", ES, "", "201", "project", "43,230.65"),
    ("130", ES, "", "2010907", "project", "43,108.34"),  # 口岸管理
    ("130", ES, "", "2299999", "total", "7,647.43"),  # p.20
    # p.26 一般公共预算支出表（按功能分类）: all of it is 一般公共预算
    ("130", GB, "", "深圳市人民政府口岸办公室", "total", "55,884.67"),
    ("130", GB, "", "深圳市人民政府口岸办公室", "basic", "5,006.59"),
    ("130", GB, "", "深圳市人民政府口岸办公室", "project", "50,878.08"),
    # p.31 三公, 2026 年 row, 一般公共预算: 36.14 + 1.65 + 6.00 = 43.79 ✓ (2025 年: 37.77)
    ("130", TP, "", "@total", "general_budget", "43.79"),
    ("130", TP, "", "@abroad", "general_budget", "36.14"),
    ("130", TP, "", "@vehicle", "general_budget", "6.00"),
    ("130", TP, "", "@purchase", "general_budget", "0.00"),
    ("130", TP, "", "@operation", "general_budget", "6.00"),
    ("130", TP, "", "@reception", "general_budget", "1.65"),
]
