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

IES, ES, FAS = "income_expenditure_summary", "expenditure_summary", "fiscal_appropriation_summary"
GB, GBB, TP = (
    "general_budget_expenditure",
    "general_budget_basic_expenditure",
    "three_public_expenses",
)
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
    "118": Doc("北京市卫生健康委员会", 2026, "budget", "万元"),  # 149 pages
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
    # 汇总 (department + units): the department's row (深圳市生态环境局) is followed by each unit's
    # row (深圳市生态环境局（本级）, …) and that unit's coded rows (read: the department's row only,
    # finding unit_rows); the 三公 table has 2025 年 / 2026 年 / 增减变化金额 rows for the
    # department, then for each unit
    "135": Doc("深圳市生态环境局", 2026, "budget", "万元"),
    # Guangzhou 部门预算 2026 (万元): 单位名称：… on every table; 收支总体情况表 family; codes in
    # a 科目编码 column (表3) or printed `[2013301]行政运行` (表5, 表6). 表6 一般公共预算基本支出
    # 情况表 prints one 预算 column (no 人员/公用 split). 表8 财政拨款安排的行政经费及“三公”经费
    # 预算表: rows 行政经费 (not 三公), “三公”经费, （一）…（三）, columns 合计 / 一般公共预算 / 政府
    # 性基金预算 / 国有资本经营预算.
    "137": Doc("中国共产党广州市委员会宣传部", 2026, "budget", "万元"),
    "143": Doc("广州市气象局", 2026, "budget", "万元"),
    "139": Doc("广州市卫生健康委员会", 2026, "budget", "万元"),  # 汇总, 122 pages
    # Suzhou / Wuxi 部门预算 (公开01-13表, 万元): every page is headed "<部门> <year> 年度部门预算
    # 公开" and each table prints 部门：…. 公开05 财政拨款支出表（功能科目） and 公开06 财政拨款基本
    # 支出表（经济科目） repeat 公开07 一般公共预算支出表 / 公开08 一般公共预算基本支出表 when all
    # money is 一般公共预算 - the contract tables are 07 and 08. Names wrap onto a second line
    # (机关事业单位基本养老保险缴费 / 支出) and a table continues on a page without its header
    # (153 p.13: only 2210203 购房补贴). 公开09 prints 三公 + 会议费 + 培训费 as columns.
    "146": Doc("苏州市应急管理局", 2026, "budget", "万元"),
    "153": Doc("无锡市信访局", 2025, "budget", "万元"),  # the file name says 2026
    # a 单位预算: pages headed "<name>（本级）2026 年度单位预算公开", tables print "单位：<name>"
    # and, on the same line, "单位：万元"
    "155": Doc("无锡市教育局（本级）", 2026, "budget", "万元"),
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
    # the file is named 2026年福州市公安局部门预算.pdf; the cover says 福州市公安局治安管理 / 支队
    # (wrapped) 单位预算
    "158": Doc("福州市公安局治安管理支队", 2026, "budget", "万元"),
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
    # 拨款支出表) - no 基本支出 or 三公 table; 财政拨款支出(预算|决算)表 is read as the 一般公共
    # 预算支出表 it stands in for (see the quar block at the end).
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
    # "2026 年部门预算" on two lines); 127's p.1 starts at the contents (its name: the quar block)
    "109": Doc("中共北京市委军民融合发展委员会办公室", 2026, "budget", "万元"),
    "113": Doc("北京市信访办公室", 2026, "budget", "万元"),
    "127": Doc(None, 2026, "budget", "万元"),
}

Figure = tuple[str, str, str, str, str, str | None]


def amounts(
    prefix: str, table: str, key: str, side: str = "", **columns: str | None
) -> list[Figure]:
    """The figures of one printed row (a code, or the printed name of a named row), by column_id."""
    return [(prefix, table, side, key, column, printed) for column, printed in columns.items()]


def three_public(prefix: str, column: str = "total", **parts: str | None) -> list[Figure]:
    """The 三公 items of one document, by part (total, abroad, vehicle, purchase, …)."""
    return [(prefix, TP, "", f"@{part}", column, printed) for part, printed in parts.items()]


# (file prefix, table_id, side, code or printed name or @三公 part, column_id, printed amount)
FIGURES: list[Figure] = [
    # --- 101 上海交通职业技术学院 (元) ---
    # p.7 财务收支预算总表: income 304,413,900 + 50,000,000 + 54,282,100 = 408,696,000 ✓;
    # expenditure side 预算数 合计 column: 326,658,710 + 48,817,900 + 15,502,390 + 17,717,000
    # = 408,696,000 ✓ (its 人员 229,442,320 + 公用 106,868,210 = 基本 336,310,530 of p.11 ✓)
    *amounts("101", IES, "一、财政拨款收入", INC, amount="304,413,900"),
    *amounts("101", IES, "收入总计", INC, amount="408,696,000"),
    *amounts("101", IES, "支出总计", EXP, amount="408,696,000"),
    *amounts("101", IES, "205", EXP, amount="326,658,710"),  # 一、教育支出
    # p.11 支出预算总表 合计: 336,310,530 + 72,385,470 = 408,696,000 ✓
    *amounts("101", ES, "合计", total="408,696,000", basic="336,310,530", project="72,385,470"),
    # p.10 205 03 05 高等职业教育: 254,273,240 + 62,785,470 = 317,058,710 ✓
    *amounts("101", ES, "2050305", total="317,058,710", project="62,785,470"),
    *amounts("101", ES, "2080502", basic="13,154,000"),  # 事业单位离退休
    # p.12 财政拨款收支预算总表
    *amounts("101", FAS, "支出总计", EXP, general_budget="304,413,900"),
    # p.14 一般公共预算支出功能分类预算表 合计: 282,997,600 + 21,416,300 = 304,413,900 ✓
    *amounts("101", GB, "合计", total="304,413,900", basic="282,997,600", project="21,416,300"),
    *amounts("101", GB, "2050305", project="21,416,300"),  # p.13
    # p.19 基本支出经济分类 合计: 197,592,536 + 85,405,064 = 282,997,600 = GB basic ✓
    *amounts(
        "101", GBB, "合计", total="282,997,600", personnel="197,592,536", public_funds="85,405,064"
    ),
    *amounts("101", GBB, "30113", personnel="9,131,460"),  # p.17 301 13 住房公积金
    *amounts("101", GBB, "30231", public_funds="201,000"),  # p.18 公务用车运行维护费
    # p.20 三公 (万元, one row of items): 35.00 + 20.10 + 12.49 = 67.59 ✓; 购置费 blank
    # (p.21 text: 公务用车购置费0.00万元)
    *three_public(
        "101",
        total="67.59",
        abroad="35.00",
        vehicle="20.10",
        purchase=None,
        operation="20.10",
        reception="12.49",
    ),
    # --- 104 上海市审计局 (元) ---
    # p.7 财务收支预算总表: 收入总计's 预算数 cell is blank on the page (only 支出总计 carries
    # 195,774,300); 134,339,860 + 23,992,440 + 6,142,000 + 31,300,000 = 195,774,300 ✓
    *amounts("104", IES, "一、财政拨款收入", INC, amount="195,774,300"),
    *amounts("104", IES, "支出总计", EXP, amount="195,774,300"),
    *amounts("104", IES, "201", EXP, amount="134,339,860"),
    *amounts("104", IES, "221", EXP, amount="31,300,000"),  # 四、住房保障支出
    # p.11 支出预算总表 合计: 175,071,300 + 20,703,000 = 195,774,300 ✓
    *amounts("104", ES, "合计", total="195,774,300", basic="175,071,300", project="20,703,000"),
    *amounts("104", ES, "2010804", project="16,527,000"),  # p.10 审计业务
    *amounts("104", ES, "2080801", project="801,000"),  # p.11 死亡抚恤
    # p.14 一般公共预算 合计 (the table continues from p.13 under a repeated header)
    *amounts("104", GB, "合计", total="195,774,300", basic="175,071,300", project="20,703,000"),
    *amounts("104", GB, "2101101", basic="6,100,000"),  # p.14 行政单位医疗
    # p.18 基本支出经济分类 合计: 153,268,740 + 21,802,560 = 175,071,300 ✓ (= p.7 人员/公用)
    *amounts(
        "104", GBB, "合计", total="175,071,300", personnel="153,268,740", public_funds="21,802,560"
    ),
    *amounts("104", GBB, "30212", public_funds="2,018,000"),  # 因公出国（境）费用
    *amounts("104", GBB, "30302", personnel="4,994,400"),  # 退休费
    # p.19 三公 (万元): 201.80 + 28.00 + 8.12 = 237.92 ✓ (p.20 text says the same)
    *three_public(
        "104",
        total="237.92",
        abroad="201.80",
        vehicle="28.00",
        purchase=None,
        operation="28.00",
        reception="8.12",
    ),
    # --- 110 中共北京市委军民融合发展委员会办公室 (万元, 6 decimals) ---
    # p.1-2 预算01表 收支总表: 9,142.554971 + 8.754697 = 9,151.309668 ✓. The printed 类 rows
    # (201 6,770.499100, 205, 208, 210, 221) add up to 7,246.309668 only: 1,905 万元 of 项目支出
    # sit in a 类 the tables do not print (p.8 lists no 项目 rows at all) - the page as it is.
    *amounts("110", IES, "一、一般公共预算拨款收入", INC, amount="9,142.554971"),
    *amounts("110", IES, "本年收入合计", INC, amount="9,142.554971"),
    *amounts("110", IES, "上年结转结余", INC, amount="8.754697"),
    *amounts("110", IES, "收入总计", INC, amount="9,151.309668"),
    *amounts("110", IES, "201", EXP, amount="6,770.499100"),
    *amounts("110", IES, "本年支出合计", EXP, amount="9,151.309668"),
    *amounts("110", IES, "支出总计", EXP, amount="9,151.309668"),
    # p.5 预算03表 合计: 2,074.253418 + 7,077.056250 = 9,151.309668 ✓
    *amounts("110", ES, "合计", total="9,151.309668", basic="2,074.253418", project="7,077.056250"),
    # p.8 预算05表 合计 (基本支出 小计 / 项目支出总数); 1,885.929652 + 188.323766 = 2,074.253418 ✓
    *amounts("110", GB, "合计", total="9,151.309668", basic="2,074.253418", project="7,077.056250"),
    *amounts("110", GB, "2013650", basic="400.233346"),  # 事业运行
    # p.10 预算06表 合计 = 预算05表 基本支出 ✓
    *amounts(
        "110",
        GBB,
        "合计",
        total="2,074.253418",
        personnel="1,885.929652",
        public_funds="188.323766",
    ),
    *amounts("110", GBB, "30107", personnel="191.119840"),  # p.10 绩效工资
    # p.13 预算09表 三公 (one row of items): the 公务用车 小计 cell is blank while 购置费 18.690000
    # and 运行维护费 4.830000 are printed (bbox: under their own headers); 17.10 + 0.15 + 18.69
    # + 4.83 = 40.77 ✓; 30231 of p.9 is 4.830000 ✓, 政府采购 A-货物 18.690000 ✓
    *three_public(
        "110",
        total="40.770000",
        abroad="17.100000",
        vehicle=None,
        purchase="18.690000",
        operation="4.830000",
        reception="0.150000",
    ),
    # --- 114 北京市信访办公室 (万元, 6 decimals) ---
    # p.1 收支总表: 9,616.338314 + 10.439275 = 9,626.777589 ✓; 类 rows 7,045.905745 + 38 +
    # 962.588688 + 469.814256 + 1,110.468900 = 9,626.777589 ✓
    *amounts("114", IES, "一、一般公共预算拨款收入", INC, amount="9,616.338314"),
    *amounts("114", IES, "本年收入合计", INC, amount="9,616.338314"),
    *amounts("114", IES, "上年结转结余", INC, amount="10.439275"),
    *amounts("114", IES, "收入总计", INC, amount="9,626.777589"),
    *amounts("114", IES, "201", EXP, amount="7,045.905745"),
    *amounts("114", IES, "221", EXP, amount="1,110.468900"),  # 十九、住房保障支出
    *amounts("114", IES, "本年支出合计", EXP, amount="9,626.777589"),
    *amounts("114", IES, "支出总计", EXP, amount="9,626.777589"),
    # p.4 预算03表 支出总表 合计: 7,485.224572 + 2,141.553017 = 9,626.777589 ✓
    *amounts("114", ES, "合计", total="9,626.777589", basic="7,485.224572", project="2,141.553017"),
    # p.6 预算05表: 6,901.453085 + 583.771487 = 7,485.224572 ✓
    *amounts("114", GB, "合计", total="9,626.777589", basic="7,485.224572", project="2,141.553017"),
    *amounts("114", GB, "2014001", total="3,956.473327"),  # 行政运行
    *amounts("114", GB, "2014004", project="2,141.553017"),  # 信访业务
    *amounts("114", GB, "2080501", basic="154.475000"),  # 行政单位离退休
    # p.7 预算06表 合计
    *amounts(
        "114",
        GBB,
        "合计",
        total="7,485.224572",
        personnel="6,901.453085",
        public_funds="583.771487",
    ),
    *amounts("114", GBB, "30113", personnel="502.233096"),  # 50103 / 30113 住房公积金
    *amounts("114", GBB, "30217", public_funds="2.850000"),  # 公务接待费
    # p.10 三公: 14.85 + 2.85 = 17.70 ✓; the three 公务用车 cells are blank
    *three_public(
        "114",
        total="17.700000",
        abroad="14.850000",
        vehicle=None,
        purchase=None,
        operation=None,
        reception="2.850000",
    ),
    # --- 122 北京市审计局 (万元, 6 decimals) ---
    # p.1 收支总表: 32,365.090089 + 15 = 32,380.090089; + 471.963743 = 32,852.053832 ✓;
    # 26,661.064552 + 122.8 + 2,559.323508 + 1,798.093248 + 1,710.772524 = 32,852.053832 ✓
    *amounts("122", IES, "一、一般公共预算拨款收入", INC, amount="32,365.090089"),
    *amounts("122", IES, "九、其他收入", INC, amount="15.000000"),
    *amounts("122", IES, "本年收入合计", INC, amount="32,380.090089"),
    *amounts("122", IES, "上年结转结余", INC, amount="471.963743"),
    *amounts("122", IES, "收入总计", INC, amount="32,852.053832"),
    *amounts("122", IES, "201", EXP, amount="26,661.064552"),
    *amounts("122", IES, "208", EXP, amount="2,559.323508"),
    *amounts("122", IES, "支出总计", EXP, amount="32,852.053832"),
    # p.3 预算03表 合计: 25,218.537585 + 7,633.516247 = 32,852.053832 ✓
    *amounts(
        "122", ES, "合计", total="32,852.053832", basic="25,218.537585", project="7,633.516247"
    ),
    # p.5 预算05表 (财政拨款 only): 25,218.537585 + 7,583.399054 = 32,801.936639 ✓;
    # 23,545.680500 + 1,672.857085 = 25,218.537585 ✓
    *amounts(
        "122", GB, "合计", total="32,801.936639", basic="25,218.537585", project="7,583.399054"
    ),
    *amounts("122", GB, "2010806", project="3,613.399880"),  # 信息化建设
    *amounts("122", GB, "2010804", total="2,281.630793"),  # 审计业务
    *amounts(
        "122", GB, "2010850", basic="1,335.738247"
    ),  # 事业运行 (+ 18.48 项目 = 1,354.218247 ✓)
    # p.6 预算06表 合计
    *amounts(
        "122",
        GBB,
        "合计",
        total="25,218.537585",
        personnel="23,545.680500",
        public_funds="1,672.857085",
    ),
    *amounts("122", GBB, "30302", personnel="332.893000"),  # 退休费
    *amounts("122", GBB, "30201", public_funds="89.400000"),  # 办公费
    # p.9 三公: 173.52 + 6.00 + 65.328 = 244.848 ✓; 37.38 + 27.948 = 65.328 ✓ (= 30231 of p.6:
    # 25.905 + 2.043)
    *three_public(
        "122",
        total="244.848000",
        abroad="173.520000",
        vehicle="65.328000",
        purchase="37.380000",
        operation="27.948000",
        reception="6.000000",
    ),
    # --- 129 中共深圳市委宣传部（本级） (万元) ---
    # p.17-19 收支总表: 148,464.03 + 300.00 = 148,764.03; + 816.87 = 149,580.90 ✓; 类 rows
    # 8,403.37 + 1,416 + 137,466.61 + 724.04 + 146 + 1,424.88 = 149,580.90 ✓
    *amounts("129", IES, "一、财政拨款", INC, amount="148,764.03"),
    *amounts("129", IES, "1.一般公共预算拨款", INC, amount="148,464.03"),
    *amounts("129", IES, "本年收入合计", INC, amount="148,764.03"),
    *amounts("129", IES, "上年结余、结转", INC, amount="816.87"),
    *amounts("129", IES, "收入总计", INC, amount="149,580.90"),
    *amounts("129", IES, "201", EXP, amount="8,403.37"),
    *amounts("129", IES, "207", EXP, amount="137,466.61"),  # 三、文化旅游体育与传媒支出
    *amounts("129", IES, "本年支出合计", EXP, amount="149,580.90"),
    *amounts("129", IES, "支出总计", EXP, amount="149,580.90"),
    # p.21-24 支出总表, total row named by the unit: 5,403.02 + 144,177.88 = 149,580.90 ✓
    *amounts(
        "129",
        ES,
        "中共深圳市委宣传部（本级）",
        total="149,580.90",
        basic="5,403.02",
        project="144,177.88",
    ),
    *amounts("129", ES, "207", total="137,466.61"),  # p.21, name wrapped over two lines
    *amounts("129", ES, "2013301", basic="3,108.10"),  # 行政运行
    *amounts("129", ES, "2079999", project="120,856.61"),  # p.22
    # p.32-34 一般公共预算支出表（按功能分类）: 5,403.02 + 143,797.88 = 149,200.90 ✓ (the 380.00
    # of 207 07 99 is 政府性基金: 207 is 137,086.61 here, 137,466.61 in 支出总表 ✓)
    *amounts(
        "129",
        GB,
        "中共深圳市委宣传部（本级）",
        total="149,200.90",
        basic="5,403.02",
        project="143,797.88",
    ),
    *amounts("129", GB, "207", total="137,086.61"),
    *amounts("129", GB, "2013399", project="4,240.60"),
    # p.39 三公, 2026 年 row, 一般公共预算 sub-columns: 108.60 + 4.55 + 8.80 = 121.95 ✓ (按经济
    # 分类 p.36-37: 30212 108.60, 30217 4.55, 30231 8.80 ✓)
    *three_public("129", "general_budget", total="121.95"),
    *three_public("129", "gov_fund", total="0.00"),
    *three_public(
        "129",
        "general_budget",
        abroad="108.60",
        vehicle="8.80",
        purchase="0.00",
        operation="8.80",
        reception="4.55",
    ),
    # --- 130 深圳市人民政府口岸办公室 (万元) ---
    # p.15-16 收支总表: 55,131.54 + 753.13 = 55,884.67 ✓; the 类 rows add up to 55,884.68 (the
    # tables' note: 金额单位转换时可能存在尾数误差) - printed values kept
    *amounts("130", IES, "一、财政拨款", INC, amount="55,131.54"),
    *amounts("130", IES, "本年收入合计", INC, amount="55,131.54"),
    *amounts("130", IES, "上年结余、结转", INC, amount="753.13"),
    *amounts("130", IES, "收入总计", INC, amount="55,884.67"),
    *amounts("130", IES, "201", EXP, amount="46,284.00"),
    *amounts("130", IES, "229", EXP, amount="7,647.43"),  # 五、其他支出
    *amounts("130", IES, "支出总计", EXP, amount="55,884.67"),
    # p.18 支出总表: 5,006.59 + 50,878.08 = 55,884.67 ✓; 201: 3,053.34 + 43,230.65 = 46,283.99
    # against 46,284.00 printed (rounding, as printed)
    *amounts(
        "130",
        ES,
        "深圳市人民政府口岸办公室",
        total="55,884.67",
        basic="5,006.59",
        project="50,878.08",
    ),
    *amounts("130", ES, "201", project="43,230.65"),
    *amounts("130", ES, "2010907", project="43,108.34"),  # 口岸管理
    *amounts("130", ES, "2299999", total="7,647.43"),  # p.20
    # p.26 一般公共预算支出表（按功能分类）: all of it is 一般公共预算
    *amounts(
        "130",
        GB,
        "深圳市人民政府口岸办公室",
        total="55,884.67",
        basic="5,006.59",
        project="50,878.08",
    ),
    # p.31 三公, 2026 年 row, 一般公共预算: 36.14 + 1.65 + 6.00 = 43.79 ✓ (2025 年: 37.77)
    *three_public(
        "130",
        "general_budget",
        total="43.79",
        abroad="36.14",
        vehicle="6.00",
        purchase="0.00",
        operation="6.00",
        reception="1.65",
    ),
    # --- 137 中国共产党广州市委员会宣传部 (万元) ---
    # p.4-5 表1 收支总体情况表: 类 rows 5,009.88 + 2,000 + 14,178.42 + 3,275.40 + 29.55 + 3,081.88
    # + 325.60 = 27,900.73 ✓
    *amounts("137", IES, "一、预算拨款", INC, amount="27,900.73"),
    *amounts("137", IES, "本年收入合计", INC, amount="27,900.73"),
    *amounts("137", IES, "上年结转结余", INC, amount="0.00"),
    *amounts("137", IES, "收入总计", INC, amount="27,900.73"),
    *amounts("137", IES, "201", EXP, amount="5,009.88"),
    *amounts("137", IES, "223", EXP, amount="325.60"),  # 二十、国有资本经营预算支出
    *amounts("137", IES, "本年支出合计", EXP, amount="27,900.73"),
    *amounts("137", IES, "支出总计", EXP, amount="27,900.73"),
    # p.7 表3 本年支出总体情况表 合计: 11,123.18 + 16,777.55 = 27,900.73 ✓
    *amounts("137", ES, "合计", total="27,900.73", basic="11,123.18", project="16,777.55"),
    # 事业运行 (+ 456.00 = 1,278.66 ✓)
    *amounts("137", ES, "2013350", basic="822.66", project="456.00"),
    *amounts("137", ES, "2230199", project="300.00"),  # p.8, name wrapped over two lines
    # p.11 表5 (小计 / 其中：基本支出 / 项目支出): 11,123.18 + 16,451.95 = 27,575.13 ✓
    *amounts("137", GB, "合计", total="27,575.13", basic="11,123.18", project="16,451.95"),
    *amounts("137", GB, "2079999", project="13,995.95"),  # [2079999]
    # p.12-13 表6: 301 6,822.28 + 302 673.85 + 303 3,622.55 + 310 4.50 = 11,123.18 ✓
    *amounts("137", GBB, "合计", total="11,123.18"),
    *amounts("137", GBB, "301", total="6,822.28"),
    *amounts("137", GBB, "30113", total="577.66"),  # [30113]住房公积金
    # p.15 表8, 合计 column: 80.00 + 74.10 + 22.21 = 176.31 ✓ (行政经费 882.34 is no 三公 item)
    *three_public("137", total="176.31"),
    *three_public("137", "general_budget", total="176.31"),
    *three_public(
        "137",
        abroad="80.00",
        vehicle="74.10",
        purchase="0.00",
        operation="74.10",
        reception="22.21",
    ),
    # --- 143 广州市气象局 (万元) ---
    # p.5-6 表1: the 类 rows add up to 7,651.72 against 7,651.71 printed (尾数误差, as printed)
    *amounts("143", IES, "一、预算拨款", INC, amount="7,651.71"),
    *amounts("143", IES, "收入总计", INC, amount="7,651.71"),
    *amounts("143", IES, "220", EXP, amount="5,111.87"),  # 十八、自然资源海洋气象等支出
    *amounts("143", IES, "本年支出合计", EXP, amount="7,651.71"),
    *amounts("143", IES, "支出总计", EXP, amount="7,651.71"),
    # p.8 表3: 6,146.33 + 1,505.38 = 7,651.71 ✓
    *amounts("143", ES, "合计", total="7,651.71", basic="6,146.33", project="1,505.38"),
    *amounts("143", ES, "2200507", project="709.94"),  # 气象信息传输及管理
    # p.12 表5
    *amounts("143", GB, "合计", total="7,651.71", basic="6,146.33", project="1,505.38"),
    *amounts("143", GB, "2200504", basic="1,405.37"),  # 气象事业机构
    # p.14-15 表6: 5,201.43 + 526.39 + 416.03 + 2.48 = 6,146.33 ✓
    *amounts("143", GBB, "合计", total="6,146.33"),
    *amounts("143", GBB, "302", total="526.39"),
    *amounts("143", GBB, "30231", total="21.50"),
    # p.17 表8: 0.00 + 24.80 + 1.31 = 26.11 ✓; 24.80 = 30231 基本 21.50 + 项目 3.30 (p.15-16) ✓
    *three_public(
        "143",
        total="26.11",
        abroad="0.00",
        vehicle="24.80",
        purchase="0.00",
        operation="24.80",
        reception="1.31",
    ),
    # --- 146 苏州市应急管理局 (万元) ---
    # p.10 公开01 收支总表: 429.13 + 1,117.45 + 5,516.22 = 7,062.80 ✓; 上年结转结余 blank
    *amounts("146", IES, "一、一般公共预算拨款收入", INC, amount="7,062.80"),
    *amounts("146", IES, "本年收入合计", INC, amount="7,062.80"),
    *amounts("146", IES, "收入总计", INC, amount="7,062.80"),
    *amounts("146", IES, "224", EXP, amount="5,516.22"),  # 二十三、灾害防治及应急管理支出
    *amounts("146", IES, "本年支出合计", EXP, amount="7,062.80"),
    *amounts("146", IES, "支出总计", EXP, amount="7,062.80"),
    # p.12 公开03 支出总表: 4,069.62 + 2,993.18 = 7,062.80 ✓
    *amounts("146", ES, "合计", total="7,062.80", basic="4,069.62", project="2,993.18"),
    *amounts("146", ES, "2080505", basic="291.24"),  # name wrapped: …缴费 / 支出
    *amounts("146", ES, "2240199", project="2,465.92"),
    # p.17 公开07 一般公共预算支出表 (基本支出 小计 / 人员经费 / 公用经费): 3,594.73 + 474.89
    # = 4,069.62 ✓
    *amounts("146", GB, "合计", total="7,062.80", basic="4,069.62", project="2,993.18"),
    *amounts("146", GB, "2240101", basic="2,523.04"),
    # p.18 公开08 一般公共预算基本支出表
    *amounts("146", GBB, "合计", total="4,069.62", personnel="3,594.73", public_funds="474.89"),
    *amounts("146", GBB, "303", personnel="125.65"),
    *amounts("146", GBB, "30217", public_funds="15.00"),
    # p.19 公开09: 0 + 0 + 15.00 = 15.00 ✓; 会议费 30.00 = 30215 ✓
    *three_public(
        "146",
        total="15.00",
        abroad="0.00",
        vehicle="0.00",
        purchase="0.00",
        operation="0.00",
        reception="15.00",
        meeting="30.00",
        training="105.00",
    ),
    # --- 153 无锡市信访局 2025 (万元) ---
    # p.10 公开01: 2,723.94 + 144.00 = 2,867.94 ✓; 2,259.79 + 184.84 + 62.09 + 361.22 = 2,867.94 ✓
    *amounts("153", IES, "一、一般公共预算拨款收入", INC, amount="2,723.94"),
    *amounts("153", IES, "九、其他收入", INC, amount="144.00"),
    *amounts("153", IES, "本年收入合计", INC, amount="2,867.94"),
    *amounts("153", IES, "收入总计", INC, amount="2,867.94"),
    *amounts("153", IES, "201", EXP, amount="2,259.79"),
    *amounts("153", IES, "支出总计", EXP, amount="2,867.94"),
    # p.12-13 公开03: 1,692.29 + 1,175.65 = 2,867.94 ✓
    *amounts("153", ES, "合计", total="2,867.94", basic="1,692.29", project="1,175.65"),
    *amounts("153", ES, "20103", total="1,084.14"),  # name wrapped: …相关机构事 / 务
    *amounts("153", ES, "2014004", project="868.50"),  # incl. the 144.00 其他收入
    *amounts("153", ES, "2210203", total="130.02"),  # p.13, a continuation page with no header
    # p.19 公开07: 1,692.29 + 1,031.65 = 2,723.94 ✓; 1,593.76 + 98.53 = 1,692.29 ✓
    *amounts("153", GB, "合计", total="2,723.94", basic="1,692.29", project="1,031.65"),
    *amounts("153", GB, "2014004", project="724.50"),
    # p.20 公开08
    *amounts("153", GBB, "合计", total="1,692.29", personnel="1,593.76", public_funds="98.53"),
    *amounts("153", GBB, "30114", personnel="5.31"),  # 医疗费
    *amounts("153", GBB, "30229", public_funds="3.20"),  # 福利费
    # p.21 公开09: 1.50 = 30217 ✓; 会议费 0.44 = 30215 ✓
    *three_public(
        "153",
        total="1.50",
        abroad="0.00",
        vehicle="0.00",
        purchase="0.00",
        operation="0.00",
        reception="1.50",
        meeting="0.44",
        training="16.20",
    ),
    # --- 149 杭州市交通运输局 (万元) ---
    # p.22-23 表1: 414883.38 + 221,493.00 = 636376.38 ✓ (amounts printed without commas)
    *amounts("149", IES, "一、财政拨款", INC, amount="636376.38"),
    *amounts("149", IES, "上年结转结余", INC, amount="17,858.84"),
    *amounts("149", IES, "收入总计", INC, amount="665964.37"),
    *amounts("149", IES, "214", EXP, amount="174982.14"),  # 交通运输支出
    *amounts("149", IES, "支出总计", EXP, amount="665964.37"),
    # p.26 表3 合计: 项目支出 printed "576,171.1" over "1" = 576,171.11; 73,924.43 + 15868.83 +
    # 576,171.11 = 665,964.37 ✓
    *amounts("149", ES, "合计", total="665,964.37", project="576,171.11"),
    # p.30 表5 合计: 项目支出 "350,034.4" over "2"; 67,627.51 + 14,902.37 = 82,529.88 while the
    # 小计 prints 82,479.29 (and 表6 prints 82,529.89) - the page as it is
    *amounts("149", GB, "合计", total="432,513.70", basic="82,479.29", project="350,034.42"),
    # p.32 表6 合计
    *amounts(
        "149", GBB, "合计", total="82,529.89", personnel="67,627.51", public_funds="14,902.37"
    ),
    # p.34 表7, 合计 row: 846.10 + 27.10 = 873.20 ✓; 421.30 + 424.80 = 846.10 ✓; 出国 blank
    *three_public(
        "149",
        total="873.20",
        abroad=None,
        vehicle="846.10",
        purchase="421.30",
        operation="424.80",
        reception="27.10",
    ),
    # --- 150 杭州市司法局 (万元) ---
    # p.23-24 表1: 91,495.48 + 7,387.66 = 98,883.14; + 347.32 = 99,230.46 ✓; 类 rows 12,868.19 +
    # 76,468.81 + 7,458.52 + 2,434.95 = 99,230.47 (尾差)
    *amounts("150", IES, "一、财政拨款", INC, amount="91,495.48"),
    *amounts("150", IES, "七、其他收入", INC, amount="7,387.66"),
    *amounts("150", IES, "本年收入合计", INC, amount="98,883.14"),
    *amounts("150", IES, "上年结转结余", INC, amount="347.32"),
    *amounts("150", IES, "收入总计", INC, amount="99,230.46"),  # printed 收 入 总 计
    *amounts("150", IES, "204", EXP, amount="76,468.81"),  # 公共安全支出
    *amounts("150", IES, "本年支出合计", EXP, amount="99,230.46"),
    *amounts("150", IES, "支出总计", EXP, amount="99,230.46"),
    # p.26 表3 合计: 58,486.35 + 12,237.94 + 28,506.17 = 99,230.46 ✓ (no 基本支出 column)
    *amounts("150", ES, "合计", total="99,230.46", project="28,506.17"),
    *amounts("150", ES, "204", project="15,637.98"),
    # p.30 表5 合计: 项目支出 "21,118.5" over "1"; 70,724.29 + 21,118.51 = 91,842.80 ✓;
    # 58,486.35 + 12,237.94 = 70,724.29 ✓
    *amounts("150", GB, "合计", total="91,842.80", basic="70,724.29", project="21,118.51"),
    *amounts("150", GB, "204", total="69,081.15", basic="60,830.83"),  # 60,830.83 + 8,250.32 ✓
    *amounts("150", GB, "201", project="12,868.19"),  # "12,868.1" over "9"
    # p.32-33 表6 (人员经费 / 日常公用支出)
    *amounts(
        "150", GBB, "合计", total="70,724.29", personnel="58,486.35", public_funds="12,237.94"
    ),
    *amounts("150", GBB, "301", personnel="55,121.30"),  # 工资福利支出
    *amounts("150", GBB, "302", public_funds="11,442.57"),  # 商品和服务支出
    # p.34 表7 合计 row: 339.68 + 74.00 = 413.68 ✓; 151.68 + 188.00 = 339.68 ✓; 出国 blank
    *three_public(
        "150",
        total="413.68",
        abroad=None,
        vehicle="339.68",
        purchase="151.68",
        operation="188.00",
        reception="74.00",
    ),
    # --- 156 福州市仓山生态环境局 单位预算 (万元) ---
    # p.9 收支预算总表: 189.51 + 1039.00 + 109.62 = 1338.13 ✓
    *amounts("156", IES, "一、一般公共预算拨款收入", INC, amount="1338.13"),
    *amounts("156", IES, "本年收入合计", INC, amount="1338.13"),
    *amounts("156", IES, "上年结转结余", INC, amount="0.00"),
    *amounts("156", IES, "收入合计", INC, amount="1338.13"),
    *amounts("156", IES, "211", EXP, amount="1039.00"),  # 十、节能环保支出
    *amounts("156", IES, "支出合计", EXP, amount="1338.13"),
    # p.11 支出预算总表: 990.13 + 348.00 = 1338.13 ✓
    *amounts("156", ES, "合计", total="1338.13", basic="990.13", project="348.00"),
    *amounts("156", ES, "2110299", basic="576.47"),
    *amounts("156", ES, "2110102", project="348.00"),
    # p.13 一般公共预算拨款支出预算表 (小计 / 其中：基本支出 / 项目支出)
    *amounts("156", GB, "合计", total="1338.13", basic="990.13", project="348.00"),
    *amounts("156", GB, "2110101", basic="114.53"),
    # p.17-18 九、基本支出经济分类: 838.03 + 58.33 + 93.77 = 990.13 ✓ (八、 p.16 prints 302 as
    # 406.33: all 一般公共预算, not 基本支出)
    *amounts("156", GBB, "合计", total="990.13"),
    *amounts("156", GBB, "302", total="58.33"),
    *amounts("156", GBB, "30217", total="1.00"),
    *amounts("156", GBB, "30399", total="83.19"),  # p.18
    # p.20 三公: 0.00 + 1.00 + 16.00 = 17.00 ✓
    *three_public(
        "156",
        total="17.00",
        abroad="0.00",
        vehicle="16.00",
        purchase="0.00",
        operation="16.00",
        reception="1.00",
    ),
    # --- 159 福州市商务局 部门预算 (万元) ---
    # p.11: 23195.94 + 1800.00 = 24995.94 ✓; 2943.48 + 987.77 + 1800 + 18800 + 464.69 = 24995.94 ✓
    *amounts("159", IES, "一、一般公共预算拨款收入", INC, amount="23195.94"),
    *amounts("159", IES, "二、政府性基金预算拨款收入", INC, amount="1800.00"),
    *amounts("159", IES, "收入合计", INC, amount="24995.94"),
    *amounts("159", IES, "216", EXP, amount="18800.00"),  # 十五、商业服务业等支出
    *amounts("159", IES, "本年支出合计", EXP, amount="24995.94"),  # "24995.9" over "4"
    *amounts("159", IES, "支出合计", EXP, amount="24995.94"),
    # p.13-14 支出预算总表: 3861.25 + 21134.69 = 24995.94 ✓
    *amounts("159", ES, "合计", total="24995.94", basic="3861.25", project="21134.69"),
    *amounts("159", ES, "2011350", project="16.63"),
    *amounts("159", ES, "2120815", project="1800.00"),  # 政府性基金
    *amounts("159", ES, "2210203", total="173.67"),  # p.14, no header on the page
    # p.16 一般公共预算拨款支出预算表: 3861.25 + 19334.69 = 23195.94 ✓
    *amounts("159", GB, "合计", total="23195.94", basic="3861.25", project="19334.69"),
    *amounts("159", GB, "2160299", project="11600.00"),
    # p.21-22: 合计 3861.25 printed a line below its name; 2964.61 + 302.44 + 586.60 + 7.60 = 3861.25 ✓
    *amounts("159", GBB, "合计", total="3861.25"),
    *amounts("159", GBB, "301", total="2964.61"),
    *amounts("159", GBB, "30399", total="552.80"),
    # p.24 三公: 70.00 + 6.10 + 8.00 = 84.10 ✓; 8.00 = 30231 of p.22 ✓
    *three_public(
        "159",
        total="84.10",
        abroad="70.00",
        vehicle="8.00",
        purchase="0.00",
        operation="8.00",
        reception="6.10",
    ),
    # --- 160 中共西安市委宣传部 2021 (元) ---
    # p.16-18 表1: 支出功能分类 block 48,615,794.92 + 1,096,000 + 203,381,600 + 2,190,776.93 +
    # 387,425.87 + 2,924,404.07 = 258,596,001.79 ✓
    *amounts("160", IES, "本年收入合计", INC, amount="258596001.79"),
    *amounts("160", IES, "收入总计", INC, amount="258596001.79"),
    *amounts("160", IES, "201", EXP, amount="48615794.92"),  # "1、一般公共服 / 务支出"
    *amounts("160", IES, "207", EXP, amount="203381600.00"),
    *amounts("160", IES, "本年支出合计", EXP, amount="258596001.79"),
    *amounts("160", IES, "支出总计", EXP, amount="258596001.79"),
    # p.20 表3 支出总表 (by unit and fund) 合计
    *amounts("160", ES, "合计", total="258,596,001.79"),
    # p.24-25 表5 (不含上年结转): 21,914,447.48 + 1,259,954.31 + 235,421,600.00 = 258,596,001.79 ✓
    *amounts(
        "160", GB, "合计", total="258,596,001.79", project="235,421,600.00"
    ),  # 专项业务经费支出
    *amounts("160", GB, "2013301", total="17,651,794.92"),  # code on the line below the name
    *amounts("160", GB, "2079903", project="200,000,000.00"),
    # p.30 表8: 21,914,447.48 + 1,259,954.31 = 23,174,401.79 ✓
    *amounts(
        "160",
        GBB,
        "合计",
        total="23,174,401.79",
        personnel="21,914,447.48",
        public_funds="1,259,954.31",
    ),
    *amounts("160", GBB, "30113", personnel="1,929,933.47"),
    *amounts("160", GBB, "302", personnel="1,059,030.00"),  # 其他交通费用 counted as 人员经费
    # p.41 表13, 2021年 block of the 合计 row: 三公 小计 65,100.00 = 0 + 65,100.00 + 0 ✓ (text p.11:
    # 三公 6.51 万元; 基本 30217 5,100 + 专项 60,000 ✓). Its 合计 1,171,100.00 is not 65,100 +
    # 320,000 + 1,096,000 = 1,481,100 - not asserted.
    *three_public(
        "160",
        total="65,100.00",
        abroad="0.00",
        vehicle="0.00",
        purchase="0.00",
        operation="0.00",
        reception="65,100.00",
        meeting="320,000.00",
        training="1,096,000.00",
    ),
    # --- 161 西安市人民政府办公厅（汇总） 2026 (元) ---
    # 表1: 72,302,752.62 + 230,000 + 8,991,664.59 + 3,297,400.72 + 7,343,316.06 = 92,165,133.99 ✓
    *amounts("161", IES, "本年收入合计", INC, amount="92,165,133.99"),
    *amounts("161", IES, "收入总计", INC, amount="92,165,133.99"),
    *amounts("161", IES, "201", EXP, amount="72,302,752.62"),
    *amounts("161", IES, "221", EXP, amount="7,343,316.06"),  # 20、住房保障支出
    *amounts("161", IES, "支出总计", EXP, amount="92,165,133.99"),
    *amounts("161", ES, "合计", total="92,165,133.99"),  # 表3
    # 表5: 60,272,768.69 + 4,389,765.30 + 27,502,600.00 = 92,165,133.99 ✓
    *amounts("161", GB, "合计", total="92,165,133.99", project="27,502,600.00"),
    *amounts("161", GB, "2010399", project="14,200,000.00"),
    *amounts("161", GB, "2080501", total="1,170,090.00"),
    # 表8: 60,272,768.69 + 4,389,765.30 = 64,662,533.99 ✓
    *amounts(
        "161",
        GBB,
        "合计",
        total="64,662,533.99",
        personnel="60,272,768.69",
        public_funds="4,389,765.30",
    ),
    *amounts("161", GBB, "30239", personnel="2,258,676.00"),
    *amounts("161", GBB, "30201", public_funds="1,711,988.00"),
    # p.33 表13, 当年 block of the 合计 row: 合计 260,000.00 = 三公 30,000.00 + 培训费 230,000.00
    # ✓; 出国, 公务用车 and 会议费 cells blank (text: 接待 3.00 万元, 培训 23.00 万元, 会议 0.00)
    *three_public(
        "161",
        total="30,000.00",
        abroad=None,
        vehicle=None,
        purchase=None,
        operation=None,
        reception="30,000.00",
        meeting=None,
        training="230,000.00",
    ),
    # --- 163 西安市卫生健康委员会（汇总） 决算 2022 (万元) ---
    # p.146 公开01 收入支出决算总表 (决算数): 2,015,094.22 + 465,278.48 = 2,480,372.70 ✓; 类 rows
    # 56.00 + 5,590.29 + 14,994.95 + 1,474,833.23 + 11,435.91 + 568,051.63 = 2,074,962.01 ✓
    *amounts("163", IES, "一、一般公共预算财政拨款收入", INC, amount="296,030.91"),
    *amounts("163", IES, "五、事业收入", INC, amount="1,110,972.11"),
    *amounts("163", IES, "本年收入合计", INC, amount="2,015,094.22"),
    *amounts("163", IES, "年初结转和结余", INC, amount="465,278.48"),
    *amounts("163", IES, "总计", INC, amount="2,480,372.70"),
    *amounts("163", IES, "210", EXP, amount="1,474,833.23"),  # 九、卫生健康支出
    *amounts("163", IES, "本年支出合计", EXP, amount="2,074,962.01"),
    *amounts("163", IES, "年末结转和结余", EXP, amount="399,035.80"),
    *amounts("163", IES, "总计", EXP, amount="2,480,372.70"),
    # p.150-152 公开03 支出决算表: 1,168,039.29 + 906,922.72 = 2,074,962.01 ✓
    *amounts("163", ES, "合计", total="2,074,962.01", basic="1,168,039.29", project="906,922.72"),
    # p.151 综合医院 (+ 104,177.49 ✓)
    *amounts("163", ES, "2100201", basic="852,633.08", project="104,177.49"),
    *amounts("163", ES, "2290402", project="568,051.63"),  # p.152, name over two lines
    # p.154 公开05: 98,606.29 + 197,441.45 = 296,047.74 against 296,047.75 printed (尾差)
    *amounts("163", GB, "合计", total="296,047.75", basic="98,606.29", project="197,441.45"),
    *amounts("163", GB, "2100101", basic="3,883.48"),
    # p.157-158 公开06: 301 92,835.98 + 303 3,677.23 = 人员经费合计 96,513.21 ✓; 302 2,085.91 +
    # 310 7.17 = 公用经费合计 2,093.08 ✓; together 98,606.29 = 公开05 基本支出 ✓
    *amounts("163", GBB, "人员经费合计", total="96,513.21"),
    *amounts("163", GBB, "公用经费合计", total="2,093.08"),
    *amounts("163", GBB, "301", total="92,835.98"),
    *amounts("163", GBB, "302", total="2,085.91"),  # the second block
    *amounts("163", GBB, "30231", total="450.96"),
    *amounts("163", GBB, "31002", total="7.17"),  # the third block
    # p.161 公开09, 决算数 row: 587.44 + 0.11 = 587.55 ✓; 136.48 + 450.96 = 587.44 ✓ (预算数
    # row: 593.46); 出国 blank
    *three_public(
        "163",
        total="587.55",
        abroad=None,
        vehicle="587.44",
        purchase="136.48",
        operation="450.96",
        reception="0.11",
        meeting="86.81",
        training="2,795.78",
    ),
    # --- 168 西南大学 预算 2021 (万元) ---
    # p.6-7 收支预算总表 (收入总计 on the next page): 216,552.53 + 124,020.47 + 49,567.45 =
    # 390,140.45 ✓; + 18,953.78 + 81,714.17 = 490,808.40 ✓; 398,593.09 + 1,512.90 + 15,702.41 =
    # 415,808.40 ✓; + 75,000.00 = 490,808.40 ✓
    *amounts("168", IES, "一、财政拨款", INC, amount="216,552.53"),
    *amounts("168", IES, "二、事业收入", INC, amount="124,020.47"),
    *amounts("168", IES, "本年收入合计", INC, amount="390,140.45"),
    *amounts("168", IES, "使用非财政拨款结余", INC, amount="18,953.78"),
    *amounts("168", IES, "收入总计", INC, amount="490,808.40"),
    *amounts("168", IES, "205", EXP, amount="398,593.09"),
    *amounts("168", IES, "本年支出合计", EXP, amount="415,808.40"),
    *amounts("168", IES, "结转下年", EXP, amount="75,000.00"),
    *amounts("168", IES, "支出总计", EXP, amount="490,808.40"),
    # p.8 支出预算表: 326,582.94 + 89,225.46 = 415,808.40 ✓
    *amounts("168", ES, "合计", total="415,808.40", basic="326,582.94", project="89,225.46"),
    # 高等教育 (+ 85,391.31 = 368,311.21 ✓)
    *amounts("168", ES, "2050205", basic="282,919.90", project="85,391.31"),
    *amounts("168", ES, "2210201", basic="15,076.55"),
    # --- 169 西南大学 决算 2023 (万元) ---
    # p.8-9 表 1 (决算数): 243,015.38 + 136,385.24 + 51,324.41 = 430,725.03 ✓; + 45,110.97 +
    # 93,660.54 = 569,496.54 ✓; 类 rows 425,287.27 + 2,536.65 + 13,465.06 + 16,278.27 + 109.50 =
    # 457,676.75 ✓; + 4,970.88 + 106,848.91 = 569,496.54 ✓
    *amounts("169", IES, "一、财政拨款收入", INC, amount="243,015.38"),
    *amounts("169", IES, "六、其他收入", INC, amount="51,324.41"),
    *amounts("169", IES, "本年收入合计", INC, amount="430,725.03"),
    *amounts("169", IES, "上年结转和结余", INC, amount="93,660.54"),
    *amounts("169", IES, "合计", INC, amount="569,496.54"),
    *amounts("169", IES, "205", EXP, amount="425,287.27"),
    *amounts("169", IES, "229", EXP, amount="109.50"),  # 二十三、其他支出
    *amounts("169", IES, "本年支出合计", EXP, amount="457,676.75"),
    *amounts("169", IES, "年末结转和结余", EXP, amount="106,848.91"),
    *amounts("169", IES, "合计", EXP, amount="569,496.54"),
    # p.12-13 表 3 支出决算表 (合计 at the end of the untitled p.13): 359,781.59 + 97,895.15 =
    # 457,676.74 against 457,676.75 printed (尾差)
    *amounts("169", ES, "合计", total="457,676.75", basic="359,781.59", project="97,895.15"),
    *amounts("169", ES, "2050205", basic="296,144.16"),
    *amounts("169", ES, "2296004", project="109.50"),  # p.13, name over three lines
    # --- 151 国家信访局 决算 2024 (万元) ---
    # p.7 公开01: 19,572.91 + 878.44 = 20,451.35 ✓; + 1,615.24 = 22,066.59 ✓; 14,572.53 +
    # 7,494.06 = 22,066.59 ✓ (类 rows add up to 14,572.54: 尾数误差)
    *amounts("151", IES, "一、一般公共预算财政拨款收入", INC, amount="19,572.91"),
    *amounts("151", IES, "八、其他收入", INC, amount="878.44"),
    *amounts("151", IES, "本年收入合计", INC, amount="20,451.35"),
    *amounts("151", IES, "年初结转和结余", INC, amount="1,615.24"),
    *amounts("151", IES, "总计", INC, amount="22,066.59"),
    *amounts("151", IES, "201", EXP, amount="10,685.56"),
    *amounts("151", IES, "本年支出合计", EXP, amount="14,572.53"),
    *amounts("151", IES, "年末结转和结余", EXP, amount="7,494.06"),
    *amounts("151", IES, "总计", EXP, amount="22,066.59"),
    # p.9 公开03: 11,073.11 + 3,499.42 = 14,572.53 ✓
    *amounts("151", ES, "合计", total="14,572.53", basic="11,073.11", project="3,499.42"),
    *amounts("151", ES, "2014099", basic="540.61", project="1,247.85"),  # + 1,247.85 = 1,788.46 ✓
    *amounts("151", ES, "2014004", project="2,066.84"),
    # p.11 公开05: 10,234.37 + 3,499.42 = 13,733.79 against 13,733.80 printed (尾数误差)
    *amounts("151", GB, "合计", total="13,733.80", basic="10,234.37", project="3,499.42"),
    *amounts("151", GB, "2014001", basic="5,757.63"),
    # p.12 公开06: 301 6,982.75 + 303 984.97 = 7,967.72 ✓; 302 2,239.41 + 310 27.24 = 2,266.65 ✓;
    # together 10,234.37 = 公开05 基本支出 ✓
    *amounts("151", GBB, "人员经费合计", total="7,967.72"),
    *amounts("151", GBB, "公用经费合计", total="2,266.65"),
    *amounts("151", GBB, "303", total="984.97"),
    *amounts("151", GBB, "30231", total="40.61"),
    *amounts("151", GBB, "31002", total="24.67"),  # the third block
    # p.15 公开09, 决算数 block: 4.69 + 40.61 + 0.90 = 46.20 against 46.21 printed (尾数误差);
    # 40.61 = 30231 ✓; 购置费 blank (预算数 block: 76.43)
    *three_public(
        "151",
        total="46.21",
        abroad="4.69",
        vehicle="40.61",
        purchase=None,
        operation="40.61",
        reception="0.90",
    ),
    # --- 165 西安市工业和信息化局 2022 (元) ---
    # 表1: 1053642667.43 + 2430000.00 = 1056072667.43; + 3392047.63 = 1059464715.06 ✓; 支出功能
    # 分类 block: 16202328.85 + 4782017.14 + 1928428.34 + 6532318.95 + 1021805239.60 + 4657334.55
    # = 1055907667.43 ✓; + 165000.00 + 3392047.63 = 1059464715.06 ✓
    *amounts("165", IES, "本年收入合计", INC, amount="1056072667.43"),
    *amounts("165", IES, "上年实户资金余额", INC, amount="3392047.63"),
    *amounts("165", IES, "收入总计", INC, amount="1059464715.06"),
    *amounts("165", IES, "215", EXP, amount="1021805239.60"),  # 15、资源勘探工业信息等支出
    *amounts("165", IES, "201", EXP, amount="0.00"),  # 1、一般公共服务支出 prints 0.00
    *amounts("165", IES, "本年支出合计", EXP, amount="1055907667.43"),
    *amounts("165", IES, "支出总计", EXP, amount="1059464715.06"),
    *amounts("165", ES, "合计", total="1055907667.43"),  # 表3 (by unit and fund)
    # 表5: 43153893.01 + 3453876.50 + 1007034897.92 = 1053642667.43 ✓
    *amounts("165", GB, "合计", total="1053642667.43", project="1007034897.92"),
    *amounts("165", GB, "2150517", project="1000000000.00"),  # 产业发展
    *amounts("165", GB, "2150501", total="14576759.21"),  # 行政运行
    # 表8: 43153893.01 + 3453876.50 = 46607769.51 ✓ (30111, 30217, 30231 print two rows each,
    # one per 政府经济 code)
    *amounts(
        "165", GBB, "合计", total="46607769.51", personnel="43153893.01", public_funds="3453876.50"
    ),
    *amounts("165", GBB, "303", personnel="2792724.40"),
    # p.44 表13, 2022 年 block of the 合计 row: 0 + 18400 + 150000 = 168400 ✓; 168400 + 51000 +
    # 316600 = 536000 ✓ (text: 三公 16.84, 接待 1.84, 运行 15.00, 会议 5.10, 培训 31.66 万元)
    *three_public(
        "165",
        total="168400",
        abroad="0",
        vehicle="150000",
        purchase="0",
        operation="150000",
        reception="18400",
        meeting="51000",
        training="316600",
    ),
    # --- 170 西南大学 预算 2023 (万元) ---
    # p.7: 230,876.38 + 122,342.73 + 50,265.53 = 403,484.64 ✓; + 59,972.79 + 93,801.70 =
    # 557,259.13 ✓; 434,334.99 + 2,801.72 + 14,616.30 + 16,916.56 + 109.50 = 468,779.07 ✓;
    # + 88,480.06 = 557,259.13 ✓ (收 入 总 计 printed spaced)
    *amounts("170", IES, "一、财政拨款", INC, amount="230,876.38"),
    *amounts("170", IES, "本年收入合计", INC, amount="403,484.64"),
    *amounts("170", IES, "上年结转", INC, amount="93,801.70"),
    *amounts("170", IES, "收入总计", INC, amount="557,259.13"),
    *amounts("170", IES, "205", EXP, amount="434,334.99"),
    *amounts("170", IES, "229", EXP, amount="109.50"),  # 五、其他支出
    *amounts("170", IES, "本年支出合计", EXP, amount="468,779.07"),
    *amounts("170", IES, "支出总计", EXP, amount="557,259.13"),
    # p.9 支出预算表: 376,019.88 + 92,759.19 = 468,779.07 ✓
    *amounts("170", ES, "合计", total="468,779.07", basic="376,019.88", project="92,759.19"),
    # + 87,924.17 = 396,393.59 ✓
    *amounts("170", ES, "2050205", basic="308,469.42", project="87,924.17"),
    *amounts("170", ES, "2080505", basic="9,860.64"),  # name over two lines
    # --- 116 北京市公安局交通管理局 (万元, 6 decimals; 预算05表 repeats codes per unit - 2040201
    # 行政运行 twelve times - so no coded 05表 lines) ---
    # p.1 收支总表: 460,863.766761 + 43,958.158355 = 504,821.925116; + 24,438.417776 =
    # 529,260.342892 ✓; 类 rows 223.75 + 456,631.276416 + 223.2 + 30,584.375448 + 19,939.541028 +
    # 7,221.2 = 514,823.342892 ✓; + 14,437.000000 = 529,260.342892 ✓
    *amounts("116", IES, "一、一般公共预算拨款收入", INC, amount="460,863.766761"),
    *amounts("116", IES, "九、其他收入", INC, amount="43,958.158355"),
    *amounts("116", IES, "本年收入合计", INC, amount="504,821.925116"),
    *amounts("116", IES, "收入总计", INC, amount="529,260.342892"),
    *amounts("116", IES, "204", EXP, amount="456,631.276416"),  # 四、公共安全支出
    *amounts("116", IES, "本年支出合计", EXP, amount="514,823.342892"),
    *amounts("116", IES, "年终结转结余", EXP, amount="14,437.000000"),
    *amounts("116", IES, "支出总计", EXP, amount="529,260.342892"),
    # p.5 预算03表 合计 (after two pages of rows): 376,567.921271 + 138,255.421621 ✓
    *amounts(
        "116", ES, "合计", total="514,823.342892", basic="376,567.921271", project="138,255.421621"
    ),
    # p.9 预算05表 合计: 328,768.567736 + 47,799.353535 = 376,567.921271; + 86,029.655261 =
    # 462,597.576532 ✓
    *amounts(
        "116", GB, "合计", total="462,597.576532", basic="376,567.921271", project="86,029.655261"
    ),
    # p.11 预算06表 合计
    *amounts(
        "116",
        GBB,
        "合计",
        total="376,567.921271",
        personnel="328,768.567736",
        public_funds="47,799.353535",
    ),
    *amounts("116", GBB, "30302", personnel="3,997.201000"),  # 退休费
    # p.14 三公: 2,489.467 + 5,103.018 = 7,592.485 ✓; 出国 and 接待 blank
    *three_public(
        "116",
        total="7,592.485000",
        abroad=None,
        vehicle="7,592.485000",
        purchase="2,489.467000",
        operation="5,103.018000",
        reception=None,
    ),
    # --- 135 深圳市生态环境局 (汇总, 万元) ---
    # p.74-77 收支总表: 155,285.66 + 22,268.85 = 177,554.51; + 12,727.46 = 190,281.97 ✓; 类 rows
    # 264.35 + 5,646.94 + 1,295.62 + 171,326.57 + 11,638.98 + 109.50 = 190,281.96 (尾数误差)
    *amounts("135", IES, "一、财政拨款", INC, amount="155,285.66"),
    *amounts("135", IES, "三、单位资金", INC, amount="22,268.85"),
    *amounts("135", IES, "本年收入合计", INC, amount="177,554.51"),
    *amounts("135", IES, "收入总计", INC, amount="190,281.97"),
    *amounts("135", IES, "211", EXP, amount="171,326.57"),  # 四、节能环保支出
    *amounts("135", IES, "支出总计", EXP, amount="190,281.97"),
    # p.81 支出总表, the department's row: 51,374.73 + 138,907.24 = 190,281.97 ✓
    *amounts(
        "135", ES, "深圳市生态环境局", total="190,281.97", basic="51,374.73", project="138,907.24"
    ),
    # p.159 一般公共预算支出表（按功能分类）: 50,945.20 + 115,235.54 = 166,180.74 ✓
    *amounts(
        "135", GB, "深圳市生态环境局", total="166,180.74", basic="50,945.20", project="115,235.54"
    ),
    # p.232 三公, the department's 2026 年 row, 一般公共预算: 87.20 + 25.19 + 469.20 = 581.59 ✓;
    # 144.00 + 325.20 = 469.20 ✓
    *three_public(
        "135",
        "general_budget",
        total="581.59",
        abroad="87.20",
        vehicle="469.20",
        purchase="144.00",
        operation="325.20",
        reception="25.19",
    ),
    # --- 139 广州市卫生健康委员会 (汇总, 万元) ---
    # p.7-8 表1: 324,314.91 + 2,927,142.92 + 72,800.92 = 3,324,258.75 against 3,324,258.76 printed
    # (尾数误差); 类 rows 232,482.80 + 5,322.98 + 90,187.63 + 2,818,870.14 + 176,255.21 + 640.00 +
    # 500.00 = 3,324,258.76 ✓
    *amounts("139", IES, "一、预算拨款", INC, amount="324,314.91"),
    *amounts("139", IES, "三、事业收入", INC, amount="2,927,142.92"),
    *amounts("139", IES, "收入总计", INC, amount="3,324,258.76"),
    *amounts("139", IES, "210", EXP, amount="2,818,870.14"),  # 九、卫生健康支出
    *amounts("139", IES, "231", EXP, amount="640.00"),  # 二十六、债务还本支出
    *amounts("139", IES, "支出总计", EXP, amount="3,324,258.76"),
    # p.11 表3: 1,010,349.34 + 2,313,909.42 = 3,324,258.76 ✓
    *amounts("139", ES, "合计", total="3,324,258.76", basic="1,010,349.34", project="2,313,909.42"),
    # p.16 表5: 179,339.19 + 144,975.72 = 324,314.91 ✓
    *amounts("139", GB, "合计", total="324,314.91", basic="179,339.19", project="144,975.72"),
    *amounts("139", GBB, "合计", total="179,339.19"),  # p.19 表6
    *amounts("139", GBB, "301", total="83,457.17"),
    # p.23 表8: 140.49 + 701.34 + 18.95 = 860.78 ✓; 331.00 + 370.34 = 701.34 ✓
    *three_public(
        "139",
        total="860.78",
        abroad="140.49",
        vehicle="701.34",
        purchase="331.00",
        operation="370.34",
        reception="18.95",
    ),
    # --- 158 福州市公安局治安管理支队 单位预算 (万元) ---
    # p.8: 1994.64 + 510.80 + 290.70 = 2796.14 ✓
    *amounts("158", IES, "一、一般公共预算拨款收入", INC, amount="2796.14"),
    *amounts("158", IES, "收入合计", INC, amount="2796.14"),
    *amounts("158", IES, "204", EXP, amount="1994.64"),  # 四、公共安全支出
    *amounts("158", IES, "支出合计", EXP, amount="2796.14"),
    # p.10 支出预算总表 and p.13 一般公共预算拨款支出预算表: 2507.88 + 288.26 = 2796.14 ✓
    *amounts("158", ES, "合计", total="2796.14", basic="2507.88", project="288.26"),
    *amounts("158", GB, "合计", total="2796.14", basic="2507.88", project="288.26"),
    *amounts("158", GB, "204", basic="1706.38"),
    *amounts("158", GBB, "合计", total="2507.88"),  # p.19
    *amounts("158", GBB, "301", total="2064.67"),
    # p.23: 0.00 + 2.00 + 25.31 = 27.31 ✓
    *three_public(
        "158",
        total="27.31",
        abroad="0.00",
        vehicle="25.31",
        purchase="0.00",
        operation="25.31",
        reception="2.00",
    ),
    # --- 155 无锡市教育局（本级） 单位预算 (万元) ---
    # p.14 公开01: 105,814.60 + 200.00 + 25,335.00 = 131,349.60 ✓; 86,499.23 + 43,950.00 + 288.12
    # + 84.03 + 528.22 = 131,349.60 ✓
    *amounts("155", IES, "一、一般公共预算拨款收入", INC, amount="105,814.60"),
    *amounts("155", IES, "四、财政专户管理资金收入", INC, amount="200.00"),
    *amounts("155", IES, "九、其他收入", INC, amount="25,335.00"),
    *amounts("155", IES, "收入总计", INC, amount="131,349.60"),
    *amounts("155", IES, "206", EXP, amount="43,950.00"),  # 六、科学技术支出
    *amounts("155", IES, "支出总计", EXP, amount="131,349.60"),
    # p.16 公开03: 2,531.48 + 128,818.12 = 131,349.60 ✓
    *amounts("155", ES, "合计", total="131,349.60", basic="2,531.48", project="128,818.12"),
    *amounts("155", ES, "205", basic="1,631.11", project="84,868.12"),
    # p.23 公开07: 2,531.48 + 103,283.12 = 105,814.60 ✓; 2,396.19 + 135.29 = 2,531.48 ✓
    *amounts("155", GB, "合计", total="105,814.60", basic="2,531.48", project="103,283.12"),
    *amounts("155", GB, "205", total="60,964.23", project="59,333.12"),
    # p.25 公开08
    *amounts("155", GBB, "合计", total="2,531.48", personnel="2,396.19", public_funds="135.29"),
    *amounts("155", GBB, "303", personnel="239.89"),
    # p.26 公开09: 2.00 = 0 + 0 + 2.00 ✓
    *three_public(
        "155",
        total="2.00",
        abroad="0.00",
        vehicle="0.00",
        purchase="0.00",
        operation="0.00",
        reception="2.00",
        meeting="0.70",
        training="709.80",
    ),
    # --- 118 北京市卫生健康委员会 (万元, 6 decimals) ---
    # p.1 收支总表: 436,749.895134 + 4,500 + 315,067.122443 + 37,243.006963 = 793,560.024540 ✓;
    # + 141,886.769503 = 935,446.794043 ✓; 类 rows 74,332.064521 + 186,985.652724 + 7,217.658232
    # + 587,787.520513 + 3,384.074 + 2,575.89 = 862,282.859990 ✓; + 73,163.934053 = 935,446.794043 ✓
    *amounts("118", IES, "一、一般公共预算拨款收入", INC, amount="436,749.895134"),
    *amounts("118", IES, "五、事业收入", INC, amount="315,067.122443"),
    *amounts("118", IES, "本年收入合计", INC, amount="793,560.024540"),
    *amounts("118", IES, "上年结转结余", INC, amount="141,886.769503"),
    *amounts("118", IES, "收入总计", INC, amount="935,446.794043"),
    *amounts("118", IES, "206", EXP, amount="186,985.652724"),  # 六、科学技术支出
    *amounts("118", IES, "本年支出合计", EXP, amount="862,282.859990"),
    *amounts("118", IES, "支出总计", EXP, amount="935,446.794043"),
    # p.18 预算03表 合计 (its rows start on p.3): 295,485.107422 + 566,797.752568 = 862,282.859990 ✓
    *amounts(
        "118", ES, "合计", total="862,282.859990", basic="295,485.107422", project="566,797.752568"
    ),
    # p.25 预算05表 合计: 169,734.936274 + 38,056.553055 = 207,791.489329; + 275,825.058110 =
    # 483,616.547439 ✓ (预算04表's 487,430.711939 adds 预算07表's 3,814.164500 基金 ✓)
    *amounts(
        "118", GB, "合计", total="483,616.547439", basic="207,791.489329", project="275,825.058110"
    ),
    # p.28 预算06表
    *amounts(
        "118",
        GBB,
        "合计",
        total="207,791.489329",
        personnel="169,734.936274",
        public_funds="38,056.553055",
    ),
    # p.31 预算09表: 165.8 + 15.858924 + 307.731451 = 489.390375 ✓; 157.51 + 150.221451 = 307.731451 ✓
    *three_public(
        "118",
        total="489.390375",
        abroad="165.800000",
        vehicle="307.731451",
        purchase="157.510000",
        operation="150.221451",
        reception="15.858924",
    ),
    # ==== south review (Shenzhen, Guangzhou, Hangzhou): rows read by meaning ====
    # --- 149 杭州市交通运输局: names without codes ---
    # p.30 表5: 其他一般公共服务支出 printed twice, 款 then 项, 6,700.00 each; 201 = 1.98 +
    # 6,700.00 = 6,701.98 ✓ (the second row is the 项 2019999, not the 款 again)
    *amounts("149", GB, "20199", total="6,700.00"),
    *amounts("149", GB, "2019999", total="6,700.00"),
    *amounts("149", GB, "201", total="6,701.98"),
    # p.32 表6: 维修(护)费 (the catalogue's 维修（护）费, 30213) 410.00; 302 商品和服务支出
    # 12,533.77 = its 20 items 626.9 + 118.00 + … + 2,970.79 = 12,533.78 (尾差)
    *amounts("149", GBB, "30213", total="410.00", public_funds="410.00"),
    *amounts("149", GBB, "302", total="12,533.77"),
    # --- 135 深圳市生态环境局 (汇总): the department prints its total row only; the rows under
    # each unit (p.77: 深圳市生态环境局（本级） 205 教育支出 132.06 …) are the units', not read
    *amounts("135", ES, "205", total=None),
    *amounts("135", GB, "205", total=None),
    # --- 137: 收入总体情况表 p.5, 合计 27,900.73 = 27,575.13 + 0.00 + 325.60 ✓ is the department;
    # its rows are its units (单位名称 column, no 科目), each read under its own name: the unit
    # 中国共产党广州市委员会宣传部 25,142.34 = 24,816.74 + 325.60 ✓, 广州市国防教育中心 1,485.03
    *amounts("137", "income_summary", "合计", total="27,900.73"),
    *amounts("137", "income_summary", "中国共产党广州市委员会宣传部", total="25,142.34"),
    *amounts("137", "income_summary", "广州市国防教育中心", total="1,485.03"),
]

# ---- west review: 165 西安市工业和信息化局 2022 (元), loaded since 序号 and code share a cell on p.30 ----
FIGURES += [
    # p.20-21 表1 收支总表: income 1、财政拨款 1,053,642,667.43 + 3、事业收入 2,430,000.00 = 一、部门预算
    # = 本年收入合计 1,056,072,667.43 ✓; + 上年实户资金余额 3,392,047.63 = 收入总计 1,059,464,715.06 ✓;
    # expenditure 本年支出合计 1,055,907,667.43 + 结转下年 165,000.00 + 未安排支出的实户资金
    # 3,392,047.63 = 支出总计 1,059,464,715.06 ✓
    *amounts("165", IES, "一、部门预算", INC, amount="1056072667.43"),
    *amounts("165", IES, "1、财政拨款", INC, amount="1053642667.43"),
    *amounts("165", IES, "(1)一般公共预算拨款", INC, amount="1053642667.43"),
    *amounts("165", IES, "3、事业收入", INC, amount="2430000.00"),
    *amounts("165", IES, "本年收入合计", INC, amount="1056072667.43"),
    *amounts("165", IES, "上年实户资金余额", INC, amount="3392047.63"),
    *amounts("165", IES, "收入总计", INC, amount="1059464715.06"),
    *amounts("165", IES, "215", EXP, amount="1021805239.60"),  # 15、资源勘探工业信息等支出
    *amounts("165", IES, "本年支出合计", EXP, amount="1055907667.43"),
    *amounts("165", IES, "结转下年", EXP, amount="165000.00"),
    *amounts("165", IES, "未安排支出的实户资金", EXP, amount="3392047.63"),
    *amounts("165", IES, "支出总计", EXP, amount="1059464715.06"),
    # p.30 表8 合计: 43,153,893.01 + 3,453,876.50 = 46,607,769.51 ✓; 302 splits 1,252,566.00 (30239
    # 其他交通费用, row 58) | 3,453,876.50
    *amounts(
        "165", GBB, "合计", total="46607769.51", personnel="43153893.01", public_funds="3453876.50"
    ),
    *amounts(
        "165", GBB, "302", total="4706442.50", personnel="1252566.00", public_funds="3453876.50"
    ),
    # p.44 三公、会议费、培训费表, 2022年 block of the 合计 row: 小计 168,400 = 0 + 18,400 + 150,000 ✓;
    # 车 150,000 = 0 + 150,000 ✓; 536,000 = 168,400 + 51,000 + 316,600 ✓
    *three_public(
        "165",
        total="168400",
        abroad="0",
        reception="18400",
        vehicle="150000",
        purchase="0",
        operation="150000",
        meeting="51000",
        training="316600",
    ),
]


# ---- quar: Beijing sub-items and wrapped cells, Suzhou unit rows, 西南大学 (appended) --------
# 145 苏州市交通运输局: 公开02表 收入总表 (p.9, printed "- 8 -") lists units, 部门代码 | 部门名称:
# the department 123 and its units 123001-123008 (codes of units, no 功能分类 code)
DOCS["145"] = Doc("苏州市交通运输局", 2026, "budget", "万元")
# 西南大学 财政拨款支出预算表: the template's only 财政拨款 spending table by function, read as
# the 一般公共预算支出表 (the 2021 收支总表 and 情况说明 say all 财政拨款 216,552.53 is
# 一般公共预算拨款收入); its 收入预算表 prints 本年收入合计 (no carry-over column)
# 121 and 127 (Beijing 附件1 情况说明): the name is printed in the 附件 line closing the text
# (121 p.10 "附件：北京市审计局 2026 年度部门预算报表"; 127 p.8 "附件：北京市气象局 …"); 121's
# cover prints it in a font the layout cannot read
NARRATIVE_ONLY["121"] = Doc("北京市审计局", 2026, "budget", "万元")
NARRATIVE_ONLY["127"] = Doc("北京市气象局", 2026, "budget", "万元")

FIGURES += [
    # p.9 公开02表: 123002 苏州市交通运输综合行政执法支队 21,054.54 + 3,220.00 = 24,274.54 ✓;
    # 合计 = 201,457.56 + 24,274.54 + 3,868.38 + 15,158.16 + 3,118.64 + 1,043.86 + 308.92 +
    # 747.05 = 249,977.11 ✓ (the units 123001-123008)
    *amounts(
        "145",
        "income_summary",
        "苏州市交通运输综合行政执法支队",
        total="24,274.54",
        subtotal="24,274.54",
    ),
    *amounts("145", "income_summary", "合计", total="249,977.11", subtotal="249,977.11"),
    # 168 p.9 西南大学财政拨款支出预算表: 178,467.95 + 29,328.23 = 207,796.18 ✓; 合计 186,524.30 +
    # 30,028.23 = 216,552.53 ✓ (= 收支总表 一、财政拨款)
    *amounts("168", GB, "205", total="207,796.18", basic="178,467.95", project="29,328.23"),
    *amounts("168", GB, "合计", total="216,552.53", basic="186,524.30", project="30,028.23"),
    # p.7 收入预算表 合计 本年收入合计: 216,552.53 + 124,020.47 + 49,567.45 = 390,140.45 ✓
    *amounts("168", "income_summary", "合计", subtotal="390,140.45", total=None),
    # 170 p.9 支出预算表: the unit row 105236 西南大学 repeats the 合计: 376,019.88 + 92,759.19 =
    # 468,779.07 ✓
    *amounts("170", ES, "西南大学", total="468,779.07", basic="376,019.88", project="92,759.19"),
]

# Beijing 预算06表 rows of a 部门 economic sub-item (a 7-digit code), read as its 款 (the
# classification's last level): (prefix, 款, column, printed amounts in page order).
# 110 p.9: 50201-办公经费 3021101-差旅费 8.120000 and 50502-商品和服务支出 3021101-差旅费 2.100000;
# 50202-会议费 3021503-三类会议费 10.080000 and 50502 3021503 2.240000 (all 公用经费)
# 124 p.10: 30109-职业年金缴费 384.085344 (under 50102) and 456.416232 (under 50501), each printed
# below "30108-机关事业单位基本养老保险 / 缴费" whose last line lies on 30109's line
ECONOMIC_ROWS = [
    ("110", "30211", "public_funds", ["8.120000", "2.100000"], ["3021101", "3021101"]),
    ("110", "30215", "public_funds", ["10.080000", "2.240000"], ["3021503", "3021503"]),
    ("124", "30109", "personnel", ["384.085344", "456.416232"], []),
]
