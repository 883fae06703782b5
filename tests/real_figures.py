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
    "116": Doc("北京市公安局交通管理局", 2026, "budget", "万元"),  # 60 pages, many units
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
    # Guangzhou 部门预算 2026 (万元): 单位名称：… on every table; 收支总体情况表 family; codes in
    # a 科目编码 column (表3) or printed `[2013301]行政运行` (表5, 表6). 表6 一般公共预算基本支出
    # 情况表 prints one 预算 column (no 人员/公用 split). 表8 财政拨款安排的行政经费及“三公”经费
    # 预算表: rows 行政经费 (not 三公), “三公”经费, （一）…（三）, columns 合计 / 一般公共预算 / 政府
    # 性基金预算 / 国有资本经营预算.
    "137": Doc("中国共产党广州市委员会宣传部", 2026, "budget", "万元"),
    "143": Doc("广州市气象局", 2026, "budget", "万元"),
    # Suzhou / Wuxi 部门预算 (公开01-13表, 万元): every page is headed "<部门> <year> 年度部门预算
    # 公开" and each table prints 部门：…. 公开05 财政拨款支出表（功能科目） and 公开06 财政拨款基本
    # 支出表（经济科目） repeat 公开07 一般公共预算支出表 / 公开08 一般公共预算基本支出表 when all
    # money is 一般公共预算 - the contract tables are 07 and 08. Names wrap onto a second line
    # (机关事业单位基本养老保险缴费 / 支出) and a table continues on a page without its header
    # (153 p.13: only 2210203 购房补贴). 公开09 prints 三公 + 会议费 + 培训费 as columns.
    "146": Doc("苏州市应急管理局", 2026, "budget", "万元"),
    "153": Doc("无锡市信访局", 2025, "budget", "万元"),  # the file name says 2026
    # Hangzhou 市级部门 2026 (表1-表11, 万元): 部门名称：<name>单位：万元 run together on one
    # line; no codes anywhere - rows are names indented by level (类 names map to their codes,
    # 款/项 names like 行政运行 repeat under several 款); a `** 1 2 3` column-number row; amounts
    # with and without thousands commas (636376.38 beside 221,493.00) and amounts wrapped inside
    # their cell (p.30: "21,118.5" over "1" is 21,118.51). 表3 支出总表 prints 人员支出 and 日常公用
    # 支出 with no 基本支出 column. 表7 三公 is one row per unit with a 合计 row (the department):
    # 合计 / 因公出国(境)费用 / 公务用车购置及运行费 小计, 购置费, 运行维护费 / 公务接待费.
    # The document's own sums miss by 0.01 here and there (its note: 四舍五入 尾差).
    "149": Doc("杭州市交通运输局", 2026, "budget", "万元"),
    "150": Doc("杭州市司法局", 2026, "budget", "万元"),
    # Fuzhou 部门/单位预算 2026 (万元): the department is printed only on the cover ("2026 年度 /
    # <name> / 部门预算" or 单位预算) and in the text - table pages carry a title with the year
    # ("2026 年度收支预算总表") and 单位：万元 only. Amounts without thousands commas; totals named
    # 收入合计 / 支出合计; an amount too wide for its cell wraps ("24995.9" over "4", 159 p.11)
    # or sits a line below its name (159 p.21 合计). 八、一般公共预算支出经济分类情况表 (all
    # 一般公共预算, by economic class) is not 九、一般公共预算基本支出经济分类情况表 (基本支出 only,
    # one 预算数 column: no 人员/公用 split). 三公 rows: 合计, 1、因公出国（境）费用, 2、公务接待费,
    # 3、公务用车购置及运行费, 其中：（1）公务用车购置费, （2）公务用车运行费.
    "156": Doc("福州市仓山生态环境局", 2026, "budget", "万元"),
    "159": Doc("福州市商务局", 2026, "budget", "万元"),
    # Xi'an 部门综合预算 (元): the tables section opens with "<year>年部门综合预算公开报表 /
    # 部门名称：<name>"; 2026 table titles carry no year (2021: "2021年部门综合预算收支总表").
    # 表1 收支总表 and 表4 print four blocks side by side (income | 支出功能分类 | 部门预算经济分类
    # | 政府预算经济分类), each with its own 本年支出合计 / 支出总计: the contract's expenditure
    # side is the 支出功能分类 block, whose 类 rows are numbered 1、… (names wrap: "1、一般公共服 /
    # 务支出"). 表3 支出总表 is by unit and fund (no 基本/项目 split): total only. 表5 一般公共
    # 预算支出明细表 prints 人员经费支出 / 公用经费支出 / 专项业务经费支出 (= 项目支出) and no 基本
    # 支出 column. 表7 and 表8 are both 基本支出明细表 (按功能 / 按经济分类): the contract table is
    # 表8; its rows carry 部门 and 政府 economic codes. Codes may print on the line after their
    # name (2021). 表13 三公 + 会议费 + 培训费: blocks 上年 (2020年) / 当年 (2021年) / 增减变化情况,
    # rows 合计 / <unit code> <unit> per unit: read the 当年 block of the 合计 row.
    "160": Doc("中共西安市委宣传部", 2021, "budget", "元"),  # the file name says 2026
    "161": Doc("西安市人民政府办公厅（汇总）", 2026, "budget", "元"),
    # 2022 variant: 预算单位：<name> / 金额单位：元, a 序号 column (1, 2, …) before the codes and
    # the names, amounts without thousands commas, 表13 amounts such as 421672.5
    "165": Doc("西安市工业和信息化局", 2022, "budget", "元"),  # the file name says 2026
    # Xi'an 部门决算 2022 (公开01-09表, 万元): 编制部门：<name> on every table; 行次 / 栏次
    # columns and rows of numbers that are not amounts; 公开06 基本支出决算表 is three blocks of
    # (科目代码, 科目名称, 决算数) side by side ending in 人员经费合计 and 公用经费合计 (no 合计);
    # 公开09 三公 prints rows 预算数 / 决算数 and items as columns: the 决算数 row is read.
    "163": Doc("西安市卫生健康委员会（汇总）", 2022, "final_account", "万元"),  # file name: 2026
    # 西南大学 (central, 教育部直属高校; 万元): four tables only (收支总表, 收入表, 支出表, 财政
    # 拨款支出表) - no 基本支出 or 三公 table, and 财政拨款支出(预算|决算)表 has no contract table.
    # The name is on the cover only (2023 tables print an empty 单位名称：); 2021 titles are
    # "西南大学收支预算总表" (no year), 2023 "表 1：高等学校收支决算总表". Tables continue onto
    # pages without a title or header; 2023's 收支决算总表 names its totals 合计 on both sides.
    "168": Doc("西南大学", 2021, "budget", "万元"),
    "169": Doc("西南大学", 2023, "final_account", "万元"),
    # 2023 预算: the 支出预算表 has a unit row "105236 西南大学" (a unit code, not a 功能 code)
    # repeating the 合计
    "170": Doc("西南大学", 2023, "budget", "万元"),
    # 国家信访局 部门决算 2024 (公开01-09表, 万元): 部门：国家信访局 on every table; 行次 / 栏次;
    # 公开06 三 blocks side by side with 人员经费合计 / 公用经费合计; 公开09 三公 prints a 预算数
    # block and a 决算数 block side by side: the 决算数 block is read.
    "151": Doc("国家信访局", 2024, "final_account", "万元"),
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
    # --- 137 中国共产党广州市委员会宣传部 (万元) ---
    # p.4-5 表1 收支总体情况表: 类 rows 5,009.88 + 2,000 + 14,178.42 + 3,275.40 + 29.55 + 3,081.88
    # + 325.60 = 27,900.73 ✓
    ("137", IES, INC, "一、预算拨款", "amount", "27,900.73"),
    ("137", IES, INC, "本年收入合计", "amount", "27,900.73"),
    ("137", IES, INC, "上年结转结余", "amount", "0.00"),
    ("137", IES, INC, "收入总计", "amount", "27,900.73"),
    ("137", IES, EXP, "201", "amount", "5,009.88"),
    ("137", IES, EXP, "223", "amount", "325.60"),  # 二十、国有资本经营预算支出
    ("137", IES, EXP, "本年支出合计", "amount", "27,900.73"),
    ("137", IES, EXP, "支出总计", "amount", "27,900.73"),
    # p.7 表3 本年支出总体情况表 合计: 11,123.18 + 16,777.55 = 27,900.73 ✓
    ("137", ES, "", "合计", "total", "27,900.73"),
    ("137", ES, "", "合计", "basic", "11,123.18"),
    ("137", ES, "", "合计", "project", "16,777.55"),
    ("137", ES, "", "2013350", "basic", "822.66"),  # 事业运行 (+ 456.00 = 1,278.66 ✓)
    ("137", ES, "", "2013350", "project", "456.00"),
    ("137", ES, "", "2230199", "project", "300.00"),  # p.8, name wrapped over two lines
    # p.11 表5 (小计 / 其中：基本支出 / 项目支出): 11,123.18 + 16,451.95 = 27,575.13 ✓
    ("137", GB, "", "合计", "total", "27,575.13"),
    ("137", GB, "", "合计", "basic", "11,123.18"),
    ("137", GB, "", "合计", "project", "16,451.95"),
    ("137", GB, "", "2079999", "project", "13,995.95"),  # [2079999]
    # p.12-13 表6: 301 6,822.28 + 302 673.85 + 303 3,622.55 + 310 4.50 = 11,123.18 ✓
    ("137", GBB, "", "合计", "total", "11,123.18"),
    ("137", GBB, "", "301", "total", "6,822.28"),
    ("137", GBB, "", "30113", "total", "577.66"),  # [30113]住房公积金
    # p.15 表8, 合计 column: 80.00 + 74.10 + 22.21 = 176.31 ✓ (行政经费 882.34 is no 三公 item)
    ("137", TP, "", "@total", "total", "176.31"),
    ("137", TP, "", "@total", "general_budget", "176.31"),
    ("137", TP, "", "@abroad", "total", "80.00"),
    ("137", TP, "", "@vehicle", "total", "74.10"),
    ("137", TP, "", "@purchase", "total", "0.00"),
    ("137", TP, "", "@operation", "total", "74.10"),
    ("137", TP, "", "@reception", "total", "22.21"),
    # --- 143 广州市气象局 (万元) ---
    # p.5-6 表1: the 类 rows add up to 7,651.72 against 7,651.71 printed (尾数误差, as printed)
    ("143", IES, INC, "一、预算拨款", "amount", "7,651.71"),
    ("143", IES, INC, "收入总计", "amount", "7,651.71"),
    ("143", IES, EXP, "220", "amount", "5,111.87"),  # 十八、自然资源海洋气象等支出
    ("143", IES, EXP, "本年支出合计", "amount", "7,651.71"),
    ("143", IES, EXP, "支出总计", "amount", "7,651.71"),
    # p.8 表3: 6,146.33 + 1,505.38 = 7,651.71 ✓
    ("143", ES, "", "合计", "total", "7,651.71"),
    ("143", ES, "", "合计", "basic", "6,146.33"),
    ("143", ES, "", "合计", "project", "1,505.38"),
    ("143", ES, "", "2200507", "project", "709.94"),  # 气象信息传输及管理
    # p.12 表5
    ("143", GB, "", "合计", "total", "7,651.71"),
    ("143", GB, "", "合计", "basic", "6,146.33"),
    ("143", GB, "", "合计", "project", "1,505.38"),
    ("143", GB, "", "2200504", "basic", "1,405.37"),  # 气象事业机构
    # p.14-15 表6: 5,201.43 + 526.39 + 416.03 + 2.48 = 6,146.33 ✓
    ("143", GBB, "", "合计", "total", "6,146.33"),
    ("143", GBB, "", "302", "total", "526.39"),
    ("143", GBB, "", "30231", "total", "21.50"),
    # p.17 表8: 0.00 + 24.80 + 1.31 = 26.11 ✓; 24.80 = 30231 基本 21.50 + 项目 3.30 (p.15-16) ✓
    ("143", TP, "", "@total", "total", "26.11"),
    ("143", TP, "", "@abroad", "total", "0.00"),
    ("143", TP, "", "@vehicle", "total", "24.80"),
    ("143", TP, "", "@purchase", "total", "0.00"),
    ("143", TP, "", "@operation", "total", "24.80"),
    ("143", TP, "", "@reception", "total", "1.31"),
    # --- 146 苏州市应急管理局 (万元) ---
    # p.10 公开01 收支总表: 429.13 + 1,117.45 + 5,516.22 = 7,062.80 ✓; 上年结转结余 blank
    ("146", IES, INC, "一、一般公共预算拨款收入", "amount", "7,062.80"),
    ("146", IES, INC, "本年收入合计", "amount", "7,062.80"),
    ("146", IES, INC, "收入总计", "amount", "7,062.80"),
    ("146", IES, EXP, "224", "amount", "5,516.22"),  # 二十三、灾害防治及应急管理支出
    ("146", IES, EXP, "本年支出合计", "amount", "7,062.80"),
    ("146", IES, EXP, "支出总计", "amount", "7,062.80"),
    # p.12 公开03 支出总表: 4,069.62 + 2,993.18 = 7,062.80 ✓
    ("146", ES, "", "合计", "total", "7,062.80"),
    ("146", ES, "", "合计", "basic", "4,069.62"),
    ("146", ES, "", "合计", "project", "2,993.18"),
    ("146", ES, "", "2080505", "basic", "291.24"),  # name wrapped: …缴费 / 支出
    ("146", ES, "", "2240199", "project", "2,465.92"),
    # p.17 公开07 一般公共预算支出表 (基本支出 小计 / 人员经费 / 公用经费): 3,594.73 + 474.89
    # = 4,069.62 ✓
    ("146", GB, "", "合计", "total", "7,062.80"),
    ("146", GB, "", "合计", "basic", "4,069.62"),
    ("146", GB, "", "合计", "project", "2,993.18"),
    ("146", GB, "", "2240101", "basic", "2,523.04"),
    # p.18 公开08 一般公共预算基本支出表
    ("146", GBB, "", "合计", "total", "4,069.62"),
    ("146", GBB, "", "合计", "personnel", "3,594.73"),
    ("146", GBB, "", "合计", "public_funds", "474.89"),
    ("146", GBB, "", "303", "personnel", "125.65"),
    ("146", GBB, "", "30217", "public_funds", "15.00"),
    # p.19 公开09: 0 + 0 + 15.00 = 15.00 ✓; 会议费 30.00 = 30215 ✓
    ("146", TP, "", "@total", "total", "15.00"),
    ("146", TP, "", "@abroad", "total", "0.00"),
    ("146", TP, "", "@vehicle", "total", "0.00"),
    ("146", TP, "", "@purchase", "total", "0.00"),
    ("146", TP, "", "@operation", "total", "0.00"),
    ("146", TP, "", "@reception", "total", "15.00"),
    ("146", TP, "", "@meeting", "total", "30.00"),
    ("146", TP, "", "@training", "total", "105.00"),
    # --- 153 无锡市信访局 2025 (万元) ---
    # p.10 公开01: 2,723.94 + 144.00 = 2,867.94 ✓; 2,259.79 + 184.84 + 62.09 + 361.22 = 2,867.94 ✓
    ("153", IES, INC, "一、一般公共预算拨款收入", "amount", "2,723.94"),
    ("153", IES, INC, "九、其他收入", "amount", "144.00"),
    ("153", IES, INC, "本年收入合计", "amount", "2,867.94"),
    ("153", IES, INC, "收入总计", "amount", "2,867.94"),
    ("153", IES, EXP, "201", "amount", "2,259.79"),
    ("153", IES, EXP, "支出总计", "amount", "2,867.94"),
    # p.12-13 公开03: 1,692.29 + 1,175.65 = 2,867.94 ✓
    ("153", ES, "", "合计", "total", "2,867.94"),
    ("153", ES, "", "合计", "basic", "1,692.29"),
    ("153", ES, "", "合计", "project", "1,175.65"),
    ("153", ES, "", "20103", "total", "1,084.14"),  # name wrapped: …相关机构事 / 务
    ("153", ES, "", "2014004", "project", "868.50"),  # incl. the 144.00 其他收入
    ("153", ES, "", "2210203", "total", "130.02"),  # p.13, a continuation page with no header
    # p.19 公开07: 1,692.29 + 1,031.65 = 2,723.94 ✓; 1,593.76 + 98.53 = 1,692.29 ✓
    ("153", GB, "", "合计", "total", "2,723.94"),
    ("153", GB, "", "合计", "basic", "1,692.29"),
    ("153", GB, "", "合计", "project", "1,031.65"),
    ("153", GB, "", "2014004", "project", "724.50"),
    # p.20 公开08
    ("153", GBB, "", "合计", "total", "1,692.29"),
    ("153", GBB, "", "合计", "personnel", "1,593.76"),
    ("153", GBB, "", "合计", "public_funds", "98.53"),
    ("153", GBB, "", "30114", "personnel", "5.31"),  # 医疗费
    ("153", GBB, "", "30229", "public_funds", "3.20"),  # 福利费
    # p.21 公开09: 1.50 = 30217 ✓; 会议费 0.44 = 30215 ✓
    ("153", TP, "", "@total", "total", "1.50"),
    ("153", TP, "", "@abroad", "total", "0.00"),
    ("153", TP, "", "@vehicle", "total", "0.00"),
    ("153", TP, "", "@purchase", "total", "0.00"),
    ("153", TP, "", "@operation", "total", "0.00"),
    ("153", TP, "", "@reception", "total", "1.50"),
    ("153", TP, "", "@meeting", "total", "0.44"),
    ("153", TP, "", "@training", "total", "16.20"),
    # --- 149 杭州市交通运输局 (万元) ---
    # p.22-23 表1: 414883.38 + 221,493.00 = 636376.38 ✓ (amounts printed without commas)
    ("149", IES, INC, "一、财政拨款", "amount", "636376.38"),
    ("149", IES, INC, "上年结转结余", "amount", "17,858.84"),
    ("149", IES, INC, "收入总计", "amount", "665964.37"),
    ("149", IES, EXP, "214", "amount", "174982.14"),  # 交通运输支出
    ("149", IES, EXP, "支出总计", "amount", "665964.37"),
    # p.26 表3 合计: 项目支出 printed "576,171.1" over "1" = 576,171.11; 73,924.43 + 15868.83 +
    # 576,171.11 = 665,964.37 ✓
    ("149", ES, "", "合计", "total", "665,964.37"),
    ("149", ES, "", "合计", "project", "576,171.11"),
    # p.30 表5 合计: 项目支出 "350,034.4" over "2"; 67,627.51 + 14,902.37 = 82,529.88 while the
    # 小计 prints 82,479.29 (and 表6 prints 82,529.89) - the page as it is
    ("149", GB, "", "合计", "total", "432,513.70"),
    ("149", GB, "", "合计", "basic", "82,479.29"),
    ("149", GB, "", "合计", "project", "350,034.42"),
    # p.32 表6 合计
    ("149", GBB, "", "合计", "total", "82,529.89"),
    ("149", GBB, "", "合计", "personnel", "67,627.51"),
    ("149", GBB, "", "合计", "public_funds", "14,902.37"),
    # p.34 表7, 合计 row: 846.10 + 27.10 = 873.20 ✓; 421.30 + 424.80 = 846.10 ✓; 出国 blank
    ("149", TP, "", "@total", "total", "873.20"),
    ("149", TP, "", "@abroad", "total", None),
    ("149", TP, "", "@vehicle", "total", "846.10"),
    ("149", TP, "", "@purchase", "total", "421.30"),
    ("149", TP, "", "@operation", "total", "424.80"),
    ("149", TP, "", "@reception", "total", "27.10"),
    # --- 150 杭州市司法局 (万元) ---
    # p.23-24 表1: 91,495.48 + 7,387.66 = 98,883.14; + 347.32 = 99,230.46 ✓; 类 rows 12,868.19 +
    # 76,468.81 + 7,458.52 + 2,434.95 = 99,230.47 (尾差)
    ("150", IES, INC, "一、财政拨款", "amount", "91,495.48"),
    ("150", IES, INC, "七、其他收入", "amount", "7,387.66"),
    ("150", IES, INC, "本年收入合计", "amount", "98,883.14"),
    ("150", IES, INC, "上年结转结余", "amount", "347.32"),
    ("150", IES, INC, "收入总计", "amount", "99,230.46"),  # printed 收 入 总 计
    ("150", IES, EXP, "204", "amount", "76,468.81"),  # 公共安全支出
    ("150", IES, EXP, "本年支出合计", "amount", "99,230.46"),
    ("150", IES, EXP, "支出总计", "amount", "99,230.46"),
    # p.26 表3 合计: 58,486.35 + 12,237.94 + 28,506.17 = 99,230.46 ✓ (no 基本支出 column)
    ("150", ES, "", "合计", "total", "99,230.46"),
    ("150", ES, "", "合计", "project", "28,506.17"),
    ("150", ES, "", "204", "project", "15,637.98"),
    # p.30 表5 合计: 项目支出 "21,118.5" over "1"; 70,724.29 + 21,118.51 = 91,842.80 ✓;
    # 58,486.35 + 12,237.94 = 70,724.29 ✓
    ("150", GB, "", "合计", "total", "91,842.80"),
    ("150", GB, "", "合计", "basic", "70,724.29"),
    ("150", GB, "", "合计", "project", "21,118.51"),
    ("150", GB, "", "204", "total", "69,081.15"),  # 60,830.83 + 8,250.32 ✓
    ("150", GB, "", "204", "basic", "60,830.83"),
    ("150", GB, "", "201", "project", "12,868.19"),  # "12,868.1" over "9"
    # p.32-33 表6 (人员经费 / 日常公用支出)
    ("150", GBB, "", "合计", "total", "70,724.29"),
    ("150", GBB, "", "合计", "personnel", "58,486.35"),
    ("150", GBB, "", "合计", "public_funds", "12,237.94"),
    ("150", GBB, "", "301", "personnel", "55,121.30"),  # 工资福利支出
    ("150", GBB, "", "302", "public_funds", "11,442.57"),  # 商品和服务支出
    # p.34 表7 合计 row: 339.68 + 74.00 = 413.68 ✓; 151.68 + 188.00 = 339.68 ✓; 出国 blank
    ("150", TP, "", "@total", "total", "413.68"),
    ("150", TP, "", "@abroad", "total", None),
    ("150", TP, "", "@vehicle", "total", "339.68"),
    ("150", TP, "", "@purchase", "total", "151.68"),
    ("150", TP, "", "@operation", "total", "188.00"),
    ("150", TP, "", "@reception", "total", "74.00"),
    # --- 156 福州市仓山生态环境局 单位预算 (万元) ---
    # p.9 收支预算总表: 189.51 + 1039.00 + 109.62 = 1338.13 ✓
    ("156", IES, INC, "一、一般公共预算拨款收入", "amount", "1338.13"),
    ("156", IES, INC, "本年收入合计", "amount", "1338.13"),
    ("156", IES, INC, "上年结转结余", "amount", "0.00"),
    ("156", IES, INC, "收入合计", "amount", "1338.13"),
    ("156", IES, EXP, "211", "amount", "1039.00"),  # 十、节能环保支出
    ("156", IES, EXP, "支出合计", "amount", "1338.13"),
    # p.11 支出预算总表: 990.13 + 348.00 = 1338.13 ✓
    ("156", ES, "", "合计", "total", "1338.13"),
    ("156", ES, "", "合计", "basic", "990.13"),
    ("156", ES, "", "合计", "project", "348.00"),
    ("156", ES, "", "2110299", "basic", "576.47"),
    ("156", ES, "", "2110102", "project", "348.00"),
    # p.13 一般公共预算拨款支出预算表 (小计 / 其中：基本支出 / 项目支出)
    ("156", GB, "", "合计", "total", "1338.13"),
    ("156", GB, "", "合计", "basic", "990.13"),
    ("156", GB, "", "合计", "project", "348.00"),
    ("156", GB, "", "2110101", "basic", "114.53"),
    # p.17-18 九、基本支出经济分类: 838.03 + 58.33 + 93.77 = 990.13 ✓ (八、 p.16 prints 302 as
    # 406.33: all 一般公共预算, not 基本支出)
    ("156", GBB, "", "合计", "total", "990.13"),
    ("156", GBB, "", "302", "total", "58.33"),
    ("156", GBB, "", "30217", "total", "1.00"),
    ("156", GBB, "", "30399", "total", "83.19"),  # p.18
    # p.20 三公: 0.00 + 1.00 + 16.00 = 17.00 ✓
    ("156", TP, "", "@total", "total", "17.00"),
    ("156", TP, "", "@abroad", "total", "0.00"),
    ("156", TP, "", "@vehicle", "total", "16.00"),
    ("156", TP, "", "@purchase", "total", "0.00"),
    ("156", TP, "", "@operation", "total", "16.00"),
    ("156", TP, "", "@reception", "total", "1.00"),
    # --- 159 福州市商务局 部门预算 (万元) ---
    # p.11: 23195.94 + 1800.00 = 24995.94 ✓; 2943.48 + 987.77 + 1800 + 18800 + 464.69 = 24995.94 ✓
    ("159", IES, INC, "一、一般公共预算拨款收入", "amount", "23195.94"),
    ("159", IES, INC, "二、政府性基金预算拨款收入", "amount", "1800.00"),
    ("159", IES, INC, "收入合计", "amount", "24995.94"),
    ("159", IES, EXP, "216", "amount", "18800.00"),  # 十五、商业服务业等支出
    ("159", IES, EXP, "本年支出合计", "amount", "24995.94"),  # "24995.9" over "4"
    ("159", IES, EXP, "支出合计", "amount", "24995.94"),
    # p.13-14 支出预算总表: 3861.25 + 21134.69 = 24995.94 ✓
    ("159", ES, "", "合计", "total", "24995.94"),
    ("159", ES, "", "合计", "basic", "3861.25"),
    ("159", ES, "", "合计", "project", "21134.69"),
    ("159", ES, "", "2011350", "project", "16.63"),
    ("159", ES, "", "2120815", "project", "1800.00"),  # 政府性基金
    ("159", ES, "", "2210203", "total", "173.67"),  # p.14, no header on the page
    # p.16 一般公共预算拨款支出预算表: 3861.25 + 19334.69 = 23195.94 ✓
    ("159", GB, "", "合计", "total", "23195.94"),
    ("159", GB, "", "合计", "basic", "3861.25"),
    ("159", GB, "", "合计", "project", "19334.69"),
    ("159", GB, "", "2160299", "project", "11600.00"),
    # p.21-22: 合计 3861.25 printed a line below its name; 2964.61 + 302.44 + 586.60 + 7.60 = 3861.25 ✓
    ("159", GBB, "", "合计", "total", "3861.25"),
    ("159", GBB, "", "301", "total", "2964.61"),
    ("159", GBB, "", "30399", "total", "552.80"),
    # p.24 三公: 70.00 + 6.10 + 8.00 = 84.10 ✓; 8.00 = 30231 of p.22 ✓
    ("159", TP, "", "@total", "total", "84.10"),
    ("159", TP, "", "@abroad", "total", "70.00"),
    ("159", TP, "", "@vehicle", "total", "8.00"),
    ("159", TP, "", "@purchase", "total", "0.00"),
    ("159", TP, "", "@operation", "total", "8.00"),
    ("159", TP, "", "@reception", "total", "6.10"),
    # --- 160 中共西安市委宣传部 2021 (元) ---
    # p.16-18 表1: 支出功能分类 block 48,615,794.92 + 1,096,000 + 203,381,600 + 2,190,776.93 +
    # 387,425.87 + 2,924,404.07 = 258,596,001.79 ✓
    ("160", IES, INC, "本年收入合计", "amount", "258596001.79"),
    ("160", IES, INC, "收入总计", "amount", "258596001.79"),
    ("160", IES, EXP, "201", "amount", "48615794.92"),  # "1、一般公共服 / 务支出"
    ("160", IES, EXP, "207", "amount", "203381600.00"),
    ("160", IES, EXP, "本年支出合计", "amount", "258596001.79"),
    ("160", IES, EXP, "支出总计", "amount", "258596001.79"),
    # p.20 表3 支出总表 (by unit and fund) 合计
    ("160", ES, "", "合计", "total", "258,596,001.79"),
    # p.24-25 表5 (不含上年结转): 21,914,447.48 + 1,259,954.31 + 235,421,600.00 = 258,596,001.79 ✓
    ("160", GB, "", "合计", "total", "258,596,001.79"),
    ("160", GB, "", "合计", "project", "235,421,600.00"),  # 专项业务经费支出
    ("160", GB, "", "2013301", "total", "17,651,794.92"),  # code on the line below the name
    ("160", GB, "", "2079903", "project", "200,000,000.00"),
    # p.30 表8: 21,914,447.48 + 1,259,954.31 = 23,174,401.79 ✓
    ("160", GBB, "", "合计", "total", "23,174,401.79"),
    ("160", GBB, "", "合计", "personnel", "21,914,447.48"),
    ("160", GBB, "", "合计", "public_funds", "1,259,954.31"),
    ("160", GBB, "", "30113", "personnel", "1,929,933.47"),
    ("160", GBB, "", "302", "personnel", "1,059,030.00"),  # 其他交通费用 counted as 人员经费
    # p.41 表13, 2021年 block of the 合计 row: 三公 小计 65,100.00 = 0 + 65,100.00 + 0 ✓ (text p.11:
    # 三公 6.51 万元; 基本 30217 5,100 + 专项 60,000 ✓). Its 合计 1,171,100.00 is not 65,100 +
    # 320,000 + 1,096,000 = 1,481,100 - not asserted.
    ("160", TP, "", "@total", "total", "65,100.00"),
    ("160", TP, "", "@abroad", "total", "0.00"),
    ("160", TP, "", "@vehicle", "total", "0.00"),
    ("160", TP, "", "@purchase", "total", "0.00"),
    ("160", TP, "", "@operation", "total", "0.00"),
    ("160", TP, "", "@reception", "total", "65,100.00"),
    ("160", TP, "", "@meeting", "total", "320,000.00"),
    ("160", TP, "", "@training", "total", "1,096,000.00"),
    # --- 161 西安市人民政府办公厅（汇总） 2026 (元) ---
    # 表1: 72,302,752.62 + 230,000 + 8,991,664.59 + 3,297,400.72 + 7,343,316.06 = 92,165,133.99 ✓
    ("161", IES, INC, "本年收入合计", "amount", "92,165,133.99"),
    ("161", IES, INC, "收入总计", "amount", "92,165,133.99"),
    ("161", IES, EXP, "201", "amount", "72,302,752.62"),
    ("161", IES, EXP, "221", "amount", "7,343,316.06"),  # 20、住房保障支出
    ("161", IES, EXP, "支出总计", "amount", "92,165,133.99"),
    ("161", ES, "", "合计", "total", "92,165,133.99"),  # 表3
    # 表5: 60,272,768.69 + 4,389,765.30 + 27,502,600.00 = 92,165,133.99 ✓
    ("161", GB, "", "合计", "total", "92,165,133.99"),
    ("161", GB, "", "合计", "project", "27,502,600.00"),
    ("161", GB, "", "2010399", "project", "14,200,000.00"),
    ("161", GB, "", "2080501", "total", "1,170,090.00"),
    # 表8: 60,272,768.69 + 4,389,765.30 = 64,662,533.99 ✓
    ("161", GBB, "", "合计", "total", "64,662,533.99"),
    ("161", GBB, "", "合计", "personnel", "60,272,768.69"),
    ("161", GBB, "", "合计", "public_funds", "4,389,765.30"),
    ("161", GBB, "", "30239", "personnel", "2,258,676.00"),
    ("161", GBB, "", "30201", "public_funds", "1,711,988.00"),
    # p.33 表13, 当年 block of the 合计 row: 合计 260,000.00 = 三公 30,000.00 + 培训费 230,000.00
    # ✓; 出国, 公务用车 and 会议费 cells blank (text: 接待 3.00 万元, 培训 23.00 万元, 会议 0.00)
    ("161", TP, "", "@total", "total", "30,000.00"),
    ("161", TP, "", "@abroad", "total", None),
    ("161", TP, "", "@vehicle", "total", None),
    ("161", TP, "", "@purchase", "total", None),
    ("161", TP, "", "@operation", "total", None),
    ("161", TP, "", "@reception", "total", "30,000.00"),
    ("161", TP, "", "@meeting", "total", None),
    ("161", TP, "", "@training", "total", "230,000.00"),
    # --- 163 西安市卫生健康委员会（汇总） 决算 2022 (万元) ---
    # p.146 公开01 收入支出决算总表 (决算数): 2,015,094.22 + 465,278.48 = 2,480,372.70 ✓; 类 rows
    # 56.00 + 5,590.29 + 14,994.95 + 1,474,833.23 + 11,435.91 + 568,051.63 = 2,074,962.01 ✓
    ("163", IES, INC, "一、一般公共预算财政拨款收入", "amount", "296,030.91"),
    ("163", IES, INC, "五、事业收入", "amount", "1,110,972.11"),
    ("163", IES, INC, "本年收入合计", "amount", "2,015,094.22"),
    ("163", IES, INC, "年初结转和结余", "amount", "465,278.48"),
    ("163", IES, INC, "总计", "amount", "2,480,372.70"),
    ("163", IES, EXP, "210", "amount", "1,474,833.23"),  # 九、卫生健康支出
    ("163", IES, EXP, "本年支出合计", "amount", "2,074,962.01"),
    ("163", IES, EXP, "年末结转和结余", "amount", "399,035.80"),
    ("163", IES, EXP, "总计", "amount", "2,480,372.70"),
    # p.150-152 公开03 支出决算表: 1,168,039.29 + 906,922.72 = 2,074,962.01 ✓
    ("163", ES, "", "合计", "total", "2,074,962.01"),
    ("163", ES, "", "合计", "basic", "1,168,039.29"),
    ("163", ES, "", "合计", "project", "906,922.72"),
    ("163", ES, "", "2100201", "basic", "852,633.08"),  # p.151 综合医院 (+ 104,177.49 ✓)
    ("163", ES, "", "2100201", "project", "104,177.49"),
    ("163", ES, "", "2290402", "project", "568,051.63"),  # p.152, name over two lines
    # p.154 公开05: 98,606.29 + 197,441.45 = 296,047.74 against 296,047.75 printed (尾差)
    ("163", GB, "", "合计", "total", "296,047.75"),
    ("163", GB, "", "合计", "basic", "98,606.29"),
    ("163", GB, "", "合计", "project", "197,441.45"),
    ("163", GB, "", "2100101", "basic", "3,883.48"),
    # p.157-158 公开06: 301 92,835.98 + 303 3,677.23 = 人员经费合计 96,513.21 ✓; 302 2,085.91 +
    # 310 7.17 = 公用经费合计 2,093.08 ✓; together 98,606.29 = 公开05 基本支出 ✓
    ("163", GBB, "", "人员经费合计", "total", "96,513.21"),
    ("163", GBB, "", "公用经费合计", "total", "2,093.08"),
    ("163", GBB, "", "301", "total", "92,835.98"),
    ("163", GBB, "", "302", "total", "2,085.91"),  # the second block
    ("163", GBB, "", "30231", "total", "450.96"),
    ("163", GBB, "", "31002", "total", "7.17"),  # the third block
    # p.161 公开09, 决算数 row: 587.44 + 0.11 = 587.55 ✓; 136.48 + 450.96 = 587.44 ✓ (预算数
    # row: 593.46); 出国 blank
    ("163", TP, "", "@total", "total", "587.55"),
    ("163", TP, "", "@abroad", "total", None),
    ("163", TP, "", "@vehicle", "total", "587.44"),
    ("163", TP, "", "@purchase", "total", "136.48"),
    ("163", TP, "", "@operation", "total", "450.96"),
    ("163", TP, "", "@reception", "total", "0.11"),
    ("163", TP, "", "@meeting", "total", "86.81"),
    ("163", TP, "", "@training", "total", "2,795.78"),
    # --- 168 西南大学 预算 2021 (万元) ---
    # p.6-7 收支预算总表 (收入总计 on the next page): 216,552.53 + 124,020.47 + 49,567.45 =
    # 390,140.45 ✓; + 18,953.78 + 81,714.17 = 490,808.40 ✓; 398,593.09 + 1,512.90 + 15,702.41 =
    # 415,808.40 ✓; + 75,000.00 = 490,808.40 ✓
    ("168", IES, INC, "一、财政拨款", "amount", "216,552.53"),
    ("168", IES, INC, "二、事业收入", "amount", "124,020.47"),
    ("168", IES, INC, "本年收入合计", "amount", "390,140.45"),
    ("168", IES, INC, "使用非财政拨款结余", "amount", "18,953.78"),
    ("168", IES, INC, "收入总计", "amount", "490,808.40"),
    ("168", IES, EXP, "205", "amount", "398,593.09"),
    ("168", IES, EXP, "本年支出合计", "amount", "415,808.40"),
    ("168", IES, EXP, "结转下年", "amount", "75,000.00"),
    ("168", IES, EXP, "支出总计", "amount", "490,808.40"),
    # p.8 支出预算表: 326,582.94 + 89,225.46 = 415,808.40 ✓
    ("168", ES, "", "合计", "total", "415,808.40"),
    ("168", ES, "", "合计", "basic", "326,582.94"),
    ("168", ES, "", "合计", "project", "89,225.46"),
    ("168", ES, "", "2050205", "basic", "282,919.90"),  # 高等教育 (+ 85,391.31 = 368,311.21 ✓)
    ("168", ES, "", "2050205", "project", "85,391.31"),
    ("168", ES, "", "2210201", "basic", "15,076.55"),
    # --- 169 西南大学 决算 2023 (万元) ---
    # p.8-9 表 1 (决算数): 243,015.38 + 136,385.24 + 51,324.41 = 430,725.03 ✓; + 45,110.97 +
    # 93,660.54 = 569,496.54 ✓; 类 rows 425,287.27 + 2,536.65 + 13,465.06 + 16,278.27 + 109.50 =
    # 457,676.75 ✓; + 4,970.88 + 106,848.91 = 569,496.54 ✓
    ("169", IES, INC, "一、财政拨款收入", "amount", "243,015.38"),
    ("169", IES, INC, "六、其他收入", "amount", "51,324.41"),
    ("169", IES, INC, "本年收入合计", "amount", "430,725.03"),
    ("169", IES, INC, "上年结转和结余", "amount", "93,660.54"),
    ("169", IES, INC, "合计", "amount", "569,496.54"),
    ("169", IES, EXP, "205", "amount", "425,287.27"),
    ("169", IES, EXP, "229", "amount", "109.50"),  # 二十三、其他支出
    ("169", IES, EXP, "本年支出合计", "amount", "457,676.75"),
    ("169", IES, EXP, "年末结转和结余", "amount", "106,848.91"),
    ("169", IES, EXP, "合计", "amount", "569,496.54"),
    # p.12-13 表 3 支出决算表 (合计 at the end of the untitled p.13): 359,781.59 + 97,895.15 =
    # 457,676.74 against 457,676.75 printed (尾差)
    ("169", ES, "", "合计", "total", "457,676.75"),
    ("169", ES, "", "合计", "basic", "359,781.59"),
    ("169", ES, "", "合计", "project", "97,895.15"),
    ("169", ES, "", "2050205", "basic", "296,144.16"),
    ("169", ES, "", "2296004", "project", "109.50"),  # p.13, name over three lines
    # --- 151 国家信访局 决算 2024 (万元) ---
    # p.7 公开01: 19,572.91 + 878.44 = 20,451.35 ✓; + 1,615.24 = 22,066.59 ✓; 14,572.53 +
    # 7,494.06 = 22,066.59 ✓ (类 rows add up to 14,572.54: 尾数误差)
    ("151", IES, INC, "一、一般公共预算财政拨款收入", "amount", "19,572.91"),
    ("151", IES, INC, "八、其他收入", "amount", "878.44"),
    ("151", IES, INC, "本年收入合计", "amount", "20,451.35"),
    ("151", IES, INC, "年初结转和结余", "amount", "1,615.24"),
    ("151", IES, INC, "总计", "amount", "22,066.59"),
    ("151", IES, EXP, "201", "amount", "10,685.56"),
    ("151", IES, EXP, "本年支出合计", "amount", "14,572.53"),
    ("151", IES, EXP, "年末结转和结余", "amount", "7,494.06"),
    ("151", IES, EXP, "总计", "amount", "22,066.59"),
    # p.9 公开03: 11,073.11 + 3,499.42 = 14,572.53 ✓
    ("151", ES, "", "合计", "total", "14,572.53"),
    ("151", ES, "", "合计", "basic", "11,073.11"),
    ("151", ES, "", "合计", "project", "3,499.42"),
    ("151", ES, "", "2014099", "basic", "540.61"),  # + 1,247.85 = 1,788.46 ✓
    ("151", ES, "", "2014099", "project", "1,247.85"),
    ("151", ES, "", "2014004", "project", "2,066.84"),
    # p.11 公开05: 10,234.37 + 3,499.42 = 13,733.79 against 13,733.80 printed (尾数误差)
    ("151", GB, "", "合计", "total", "13,733.80"),
    ("151", GB, "", "合计", "basic", "10,234.37"),
    ("151", GB, "", "合计", "project", "3,499.42"),
    ("151", GB, "", "2014001", "basic", "5,757.63"),
    # p.12 公开06: 301 6,982.75 + 303 984.97 = 7,967.72 ✓; 302 2,239.41 + 310 27.24 = 2,266.65 ✓;
    # together 10,234.37 = 公开05 基本支出 ✓
    ("151", GBB, "", "人员经费合计", "total", "7,967.72"),
    ("151", GBB, "", "公用经费合计", "total", "2,266.65"),
    ("151", GBB, "", "303", "total", "984.97"),
    ("151", GBB, "", "30231", "total", "40.61"),
    ("151", GBB, "", "31002", "total", "24.67"),  # the third block
    # p.15 公开09, 决算数 block: 4.69 + 40.61 + 0.90 = 46.20 against 46.21 printed (尾数误差);
    # 40.61 = 30231 ✓; 购置费 blank (预算数 block: 76.43)
    ("151", TP, "", "@total", "total", "46.21"),
    ("151", TP, "", "@abroad", "total", "4.69"),
    ("151", TP, "", "@vehicle", "total", "40.61"),
    ("151", TP, "", "@purchase", "total", None),
    ("151", TP, "", "@operation", "total", "40.61"),
    ("151", TP, "", "@reception", "total", "0.90"),
    # --- 165 西安市工业和信息化局 2022 (元) ---
    # 表1: 1053642667.43 + 2430000.00 = 1056072667.43; + 3392047.63 = 1059464715.06 ✓; 支出功能
    # 分类 block: 16202328.85 + 4782017.14 + 1928428.34 + 6532318.95 + 1021805239.60 + 4657334.55
    # = 1055907667.43 ✓; + 165000.00 + 3392047.63 = 1059464715.06 ✓
    ("165", IES, INC, "本年收入合计", "amount", "1056072667.43"),
    ("165", IES, INC, "上年实户资金余额", "amount", "3392047.63"),
    ("165", IES, INC, "收入总计", "amount", "1059464715.06"),
    ("165", IES, EXP, "215", "amount", "1021805239.60"),  # 15、资源勘探工业信息等支出
    ("165", IES, EXP, "201", "amount", "0.00"),  # 1、一般公共服务支出 prints 0.00
    ("165", IES, EXP, "本年支出合计", "amount", "1055907667.43"),
    ("165", IES, EXP, "支出总计", "amount", "1059464715.06"),
    ("165", ES, "", "合计", "total", "1055907667.43"),  # 表3 (by unit and fund)
    # 表5: 43153893.01 + 3453876.50 + 1007034897.92 = 1053642667.43 ✓
    ("165", GB, "", "合计", "total", "1053642667.43"),
    ("165", GB, "", "合计", "project", "1007034897.92"),
    ("165", GB, "", "2150517", "project", "1000000000.00"),  # 产业发展
    ("165", GB, "", "2150501", "total", "14576759.21"),  # 行政运行
    # 表8: 43153893.01 + 3453876.50 = 46607769.51 ✓ (30111, 30217, 30231 print two rows each,
    # one per 政府经济 code)
    ("165", GBB, "", "合计", "total", "46607769.51"),
    ("165", GBB, "", "合计", "personnel", "43153893.01"),
    ("165", GBB, "", "合计", "public_funds", "3453876.50"),
    ("165", GBB, "", "303", "personnel", "2792724.40"),
    # p.44 表13, 2022 年 block of the 合计 row: 0 + 18400 + 150000 = 168400 ✓; 168400 + 51000 +
    # 316600 = 536000 ✓ (text: 三公 16.84, 接待 1.84, 运行 15.00, 会议 5.10, 培训 31.66 万元)
    ("165", TP, "", "@total", "total", "168400"),
    ("165", TP, "", "@abroad", "total", "0"),
    ("165", TP, "", "@vehicle", "total", "150000"),
    ("165", TP, "", "@purchase", "total", "0"),
    ("165", TP, "", "@operation", "total", "150000"),
    ("165", TP, "", "@reception", "total", "18400"),
    ("165", TP, "", "@meeting", "total", "51000"),
    ("165", TP, "", "@training", "total", "316600"),
    # --- 170 西南大学 预算 2023 (万元) ---
    # p.7: 230,876.38 + 122,342.73 + 50,265.53 = 403,484.64 ✓; + 59,972.79 + 93,801.70 =
    # 557,259.13 ✓; 434,334.99 + 2,801.72 + 14,616.30 + 16,916.56 + 109.50 = 468,779.07 ✓;
    # + 88,480.06 = 557,259.13 ✓ (收 入 总 计 printed spaced)
    ("170", IES, INC, "一、财政拨款", "amount", "230,876.38"),
    ("170", IES, INC, "本年收入合计", "amount", "403,484.64"),
    ("170", IES, INC, "上年结转", "amount", "93,801.70"),
    ("170", IES, INC, "收入总计", "amount", "557,259.13"),
    ("170", IES, EXP, "205", "amount", "434,334.99"),
    ("170", IES, EXP, "229", "amount", "109.50"),  # 五、其他支出
    ("170", IES, EXP, "本年支出合计", "amount", "468,779.07"),
    ("170", IES, EXP, "支出总计", "amount", "557,259.13"),
    # p.9 支出预算表: 376,019.88 + 92,759.19 = 468,779.07 ✓
    ("170", ES, "", "合计", "total", "468,779.07"),
    ("170", ES, "", "合计", "basic", "376,019.88"),
    ("170", ES, "", "合计", "project", "92,759.19"),
    ("170", ES, "", "2050205", "basic", "308,469.42"),  # + 87,924.17 = 396,393.59 ✓
    ("170", ES, "", "2050205", "project", "87,924.17"),
    ("170", ES, "", "2080505", "basic", "9,860.64"),  # name over two lines
    # --- 116 北京市公安局交通管理局 (万元, 6 decimals; 预算05表 repeats codes per unit - 2040201
    # 行政运行 twelve times - so no coded 05表 lines) ---
    # p.1 收支总表: 460,863.766761 + 43,958.158355 = 504,821.925116; + 24,438.417776 =
    # 529,260.342892 ✓; 类 rows 223.75 + 456,631.276416 + 223.2 + 30,584.375448 + 19,939.541028 +
    # 7,221.2 = 514,823.342892 ✓; + 14,437.000000 = 529,260.342892 ✓
    ("116", IES, INC, "一、一般公共预算拨款收入", "amount", "460,863.766761"),
    ("116", IES, INC, "九、其他收入", "amount", "43,958.158355"),
    ("116", IES, INC, "本年收入合计", "amount", "504,821.925116"),
    ("116", IES, INC, "收入总计", "amount", "529,260.342892"),
    ("116", IES, EXP, "204", "amount", "456,631.276416"),  # 四、公共安全支出
    ("116", IES, EXP, "本年支出合计", "amount", "514,823.342892"),
    ("116", IES, EXP, "年终结转结余", "amount", "14,437.000000"),
    ("116", IES, EXP, "支出总计", "amount", "529,260.342892"),
    # p.5 预算03表 合计 (after two pages of rows): 376,567.921271 + 138,255.421621 ✓
    ("116", ES, "", "合计", "total", "514,823.342892"),
    ("116", ES, "", "合计", "basic", "376,567.921271"),
    ("116", ES, "", "合计", "project", "138,255.421621"),
    # p.9 预算05表 合计: 328,768.567736 + 47,799.353535 = 376,567.921271; + 86,029.655261 =
    # 462,597.576532 ✓
    ("116", GB, "", "合计", "total", "462,597.576532"),
    ("116", GB, "", "合计", "basic", "376,567.921271"),
    ("116", GB, "", "合计", "project", "86,029.655261"),
    # p.11 预算06表 合计
    ("116", GBB, "", "合计", "total", "376,567.921271"),
    ("116", GBB, "", "合计", "personnel", "328,768.567736"),
    ("116", GBB, "", "合计", "public_funds", "47,799.353535"),
    ("116", GBB, "", "30302", "personnel", "3,997.201000"),  # 退休费
    # p.14 三公: 2,489.467 + 5,103.018 = 7,592.485 ✓; 出国 and 接待 blank
    ("116", TP, "", "@total", "total", "7,592.485000"),
    ("116", TP, "", "@abroad", "total", None),
    ("116", TP, "", "@vehicle", "total", "7,592.485000"),
    ("116", TP, "", "@purchase", "total", "2,489.467000"),
    ("116", TP, "", "@operation", "total", "5,103.018000"),
    ("116", TP, "", "@reception", "total", None),
]
