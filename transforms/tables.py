"""What the known tables are: title patterns → table_id, header labels → column_id.

Recognition is by title text and header labels only, never by position in the file; names vary
a little between provinces and years, so titles are matched by their distinctive ending.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The table ids are the contract's; the readers import them from here.
from budgetwatch.contract.tables import CONTRACT_TABLES, KNOWN_TABLES, TWO_SIDED  # noqa: F401

# Ordered: the specific tables first (财政拨款收支总表 before 收支总表, 一般公共预算…支出表 before any
# generic 支出表); 决算 (final account) titles use the same endings with 决算. The Shanghai and Jiangsu
# templates name the classification (…支出功能分类预算表, …基本支出部门预算经济分类预算表), add
# 会议费/培训费 or 机关运行经费 to the 三公 table, and a 决算 prints 收入决算表/支出决算表.
_KIND = r"(?:预算|决算)?"
_TITLE_RULES: tuple[tuple[str, str], ...] = (
    # all spending by economic class (Fuzhou 一般公共预算支出经济分类情况表): no contract table
    (rf"一般公共预算(?:财政拨款|拨款)?支出经济分类{_KIND}表", "general_budget_economic"),
    # tables of one expenditure kind by funding source (Shenzhen): no contract table
    (rf"(?:^|[^般])基本支出{_KIND}总表", "basic_expenditure_summary"),
    (rf"项目支出{_KIND}总表", "project_expenditure_summary"),
    (rf"一般公共预算(?:财政拨款)?项目支出{_KIND}表", "general_budget_project_expenditure"),
    (rf"财政拨款收入?支出?{_KIND}总表", "fiscal_appropriation_summary"),
    # without 总 only where no fund names it (政府性基金预算财政拨款收入支出决算表 is the fund's)
    (rf"(?<![金本算])财政拨款(?:收支|收入支出){_KIND}表", "fiscal_appropriation_summary"),
    (
        rf"一般公共预算(?:财政拨款|拨款)?基本支出(?:部门预算经济分类|经济分类)?{_KIND}表",
        "general_budget_basic_expenditure",
    ),
    (rf"一般公共预算(?:财政拨款|拨款)?支出(?:功能分类)?{_KIND}表", "general_budget_expenditure"),
    (
        rf"政府性基金(?:预算)?(?:财政拨款|拨款)?(?:收入)?(?:支出|收支)(?:功能分类)?{_KIND}表",
        "gov_fund_expenditure",
    ),
    (
        rf"国有资本经营预算(?:财政拨款|拨款)?(?:收入)?(?:支出|收支)(?:功能分类)?{_KIND}表",
        "state_capital_expenditure",
    ),
    # 财政拨款 spending by function, 一般公共预算 and 政府性基金 together (Jiangsu 公开05表;
    # 西南大学财政拨款支出预算表, where it is the only such table: see STANDS_IN)
    (rf"(?<![金本算])财政拨款支出{_KIND}表", "fiscal_appropriation_expenditure"),
    # its basic spending by economic class: the 一般公共预算基本支出表 where none is printed
    (rf"(?<![金本算])财政拨款基本支出(?:经济分类)?{_KIND}表", "fiscal_appropriation_basic"),
    (rf"三公经费(?:[及和、][^表]{{0,10}})?(?:支出)?{_KIND}表", "three_public_expenses"),
    # other tables of the templates, with no contract table (read as no rows, said by an
    # info finding, not a warning): Guangzhou 部门预算基本支出预算表 (all funds) and
    # 项目支出及其他支出预算表, Xi'an 专项业务经费支出表 and 上年结转资金支出表, Fuzhou 会议费/培训费
    # 明细表, 政府购买服务 tables; Hangzhou 项目支出预算表, Jiangsu 一般公共预算机关运行经费支出预算表
    (rf"部门预算基本支出{_KIND}表", "basic_expenditure_summary"),
    (
        rf"(?:项目支出(?:及其他支出)?|财政拨款项目支出|专项业务经费支出){_KIND}表",
        "project_expenditure_summary",
    ),
    (rf"结转资金支出{_KIND}表", "carryover_expenditure"),
    (
        rf"(?:会议费|培训费|政府购买服务|机关运行经费)(?:支出)?(?:明细|预算)?{_KIND}表",
        "other_expenditure",
    ),
    # the cover of the set of tables (Xi'an 2026年部门综合预算公开报表, over its 报表目录): no table
    (r"(?:公开|预算|决算)报表", "table_index"),
    (rf"(?:收支|收入支出|财务收支){_KIND}总?表", "income_expenditure_summary"),
    (rf"收入{_KIND}总表", "income_summary"),
    (rf"支出{_KIND}总表", "expenditure_summary"),
    # 收入决算表, 西南大学收入预算表: not after 拨款/基金/预算/基本/项目/经费 (those name a
    # narrower table: 财政拨款支出预算表, 机关运行经费支出预算表)
    (r"(?<![款金算])收入(?:预算|决算)表", "income_summary"),
    (r"(?<![款金算本目费])支出(?:预算|决算)表", "expenditure_summary"),
    # Xi'an's 政府采购（资产配置、购买服务）预算表 lists each purchase (采购项目, 采购目录, 数量…):
    # no contract table, said so rather than its rows left unread without a word
    (r"政府采购\([^()]{1,20}\)(?:预算)?表", "procurement_items"),
    (r"政府采购(?:支出)?(?:预算)?表?", "government_procurement"),
    (r"固定资产占用情况表", "fixed_assets"),
)
_TITLE_RES = tuple((re.compile(r"(?:^|[^、])(?:" + p + r")$"), t) for p, t in _TITLE_RULES)

# A table read as a contract table where the document prints none of that kind: the central
# 高校 template (收支总表, 收入表, 支出表, 财政拨款支出表) has no 一般公共预算支出表, and its
# 财政拨款支出表 is that table when all the appropriation is 一般公共预算 (a 政府性基金 part would
# show in the cross-table checks against 财政拨款收支总表 and 支出总表).
STANDS_IN = {
    "fiscal_appropriation_expenditure": "general_budget_expenditure",
    "fiscal_appropriation_basic": "general_budget_basic_expenditure",
}
ECONOMIC_TABLES = ("general_budget_basic_expenditure",)

# Per table: (keyword in the header label, column_id), first match wins. 金额 is the single amount
# column of the Jiangsu tables, 决算数 the amount of a 决算.
_BASIC = (
    ("人员经费", "personnel"),
    ("公用经费", "public_funds"),
    ("人员支出", "personnel"),
    ("公用支出", "public_funds"),
    ("合计", "total"),
    ("金额", "total"),
    ("基本支出", "total"),
    ("决算数", "total"),
    ("预算", "total"),
)
_EXPENDITURE_3 = (
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("专项业务经费", "project"),
    ("合计", "total"),
    ("总计", "total"),
    ("小计", "total"),
    ("金额", "total"),
    ("预算", "total"),
    ("决算", "total"),
)
_COLUMN_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "income_summary": (
        # 本年收入合计 is the year's income without the carry-over (西南大学收入预算表)
        ("上年结转", "carryover"),
        ("小计", "subtotal"),
        ("本年收入合计", "subtotal"),
        ("财政拨款", "fiscal_appropriation"),
        ("财政专户", "fiscal_special_account"),
        ("事业收入", "operating_revenue"),
        ("经营收入", "business_revenue"),
        ("上级补助", "superior_subsidy"),
        ("附属单位上缴", "affiliated_remittance"),
        ("其他收入", "other_revenue"),
        ("合计", "total"),
        ("总计", "total"),
    ),
    "expenditure_summary": (
        ("基本支出", "basic"),
        ("项目支出", "project"),
        ("上解上级", "remit_to_superior"),
        ("附属单位补助", "subsidy_to_affiliated"),
        ("经营支出", "business_expenditure"),
        ("合计", "total"),
        ("总计", "total"),
        ("预算数", "total"),
        ("决算数", "total"),
    ),
    "general_budget_expenditure": _EXPENDITURE_3,
    "fiscal_appropriation_expenditure": _EXPENDITURE_3,
    "gov_fund_expenditure": _EXPENDITURE_3,
    "state_capital_expenditure": _EXPENDITURE_3,
    "general_budget_basic_expenditure": _BASIC,
    "fiscal_appropriation_basic": _BASIC,
    "three_public_expenses": (
        ("一般公共预算", "general_budget"),
        ("政府性基金", "gov_fund"),
        ("国有资本", "state_capital"),
        ("合计", "total"),
        ("金额", "total"),
        ("预算数", "total"),
        ("决算数", "total"),
    ),
    # two-sided: the label carries its side ("收入…" / "支出…")
    # a side's 合计 is its amount where the header's 预算数 above it is lost (Shanghai 211,
    # drawn without rules: 预算数 prints over 基本支出 only)
    "income_expenditure_summary": (
        ("预算", "amount"),
        ("决算", "amount"),
        ("金额", "amount"),
        ("合计", "amount"),
    ),
    "fiscal_appropriation_summary": (
        ("一般公共预算", "general_budget"),
        ("政府性基金", "gov_fund"),
        ("国有资本", "state_capital"),
        ("合计", "total"),
        ("金额", "amount"),
        ("预算", "amount"),
        ("决算", "amount"),
    ),
    "fixed_assets": (("数量", "quantity"), ("价值", "amount"), ("金额", "amount")),
}

# Columns the contract has no place for, left out (names and amounts): the 支出用途 block of the
# Jiangsu 收支总表 and 财政拨款收支总表 (基本支出/项目支出 rows beside the 功能分类 rows), and the
# split of a 收支总表 expenditure amount into 基本支出 (人员/公用经费) and 项目支出 (Shanghai units).
_IGNORED_COLUMNS: dict[str, tuple[str, ...]] = {
    "income_expenditure_summary": ("支出用途", "基本支出", "项目支出"),
    "fiscal_appropriation_summary": ("支出用途",),
}

# a pattern, not str.translate: translate looks every character of a CJK line up in its table
# (about 8 times slower on a narrative line); both drop exactly these characters
_QUOTES = re.compile("[\"'“”‘’「」]")


@lru_cache(maxsize=16384)  # the same header and label texts recur on every page and document
def squash(text: str) -> str:
    """NFKC, no whitespace, no quotes: the form titles and header labels are matched in."""
    return "".join(_QUOTES.sub("", unicodedata.normalize("NFKC", text)).split())


# Wordings of other templates for the same tables: 收支总体情况表 (Guangzhou) is a 收支总表,
# 一般公共预算支出明细表 / 情况表 (Xi'an, Guangzhou) a 支出表, 本年支出总体情况表 a 支出总表.
_TITLE_WORDS = (
    (re.compile(r"总体情况表$"), "总表"),
    (re.compile(r"(?:情况|明细|预算明细)表$"), "表"),
    (re.compile(r"本年支出(?=总表$)"), "支出"),
)


def table_id_for_title(line: str) -> str | None:
    """The table_id a title line names, or None if it is no known table title."""
    key = squash(line)
    if not key or len(key) > 40:
        return None
    return _table_id_for_key(key)


@lru_cache(maxsize=16384)  # every short line of every document is tried; titles recur
def _table_id_for_key(key: str) -> str | None:
    plain = key
    for rx, word in _TITLE_WORDS:
        plain = rx.sub(word, plain)
    for candidate in dict.fromkeys((key, plain)):
        for rx, table_id in _TITLE_RES:
            if rx.search(candidate):
                return table_id
    return None


def by_classification(table_id: str, bracket: str) -> str:
    """A title's bracket can make it another table: 一般公共预算支出表（按经济分类） lists all
    spending by economic class (Shenzhen, Xi'an; no contract table), 基本支出表（按功能分类）
    the basic spending by function (Xi'an; the contract's basic table is by economic class)."""
    if table_id == "general_budget_expenditure" and "经济" in bracket:
        return "general_budget_economic"
    if table_id == "general_budget_basic_expenditure" and "功" in bracket:  # 功能, maybe cut
        return "general_budget_basic_function"
    return table_id


def looks_like_title(line: str) -> bool:
    """A title of some table (known or not): short, one cell, ends in 表."""
    key = squash(line)
    key = re.sub(r"\([^()]{1,8}\)$", "", key)
    return 2 < len(key) <= 40 and key.endswith("表") and "、" not in key


def header_labels(header_rows: list[list[str]]) -> dict[int, str]:
    """Label per cell position, from the header rows of one page.

    A label in an upper header row spans the empty cells to its right (a merged cell) until the
    next label; each position's label is the concatenation of its labels from top to bottom.
    """
    width = max((len(r) for r in header_rows), default=0)
    labels = [""] * width
    for depth, row in enumerate(header_rows):
        spans = depth < len(header_rows) - 1  # the bottom row names single columns
        carry = ""
        for pos in range(width):
            cell = squash(row[pos]) if pos < len(row) else ""
            carry = cell or (carry if spans else "")
            labels[pos] += carry
    return dict(enumerate(labels))


# Leaves that only repeat their parent's meaning: 基本支出/小计 is the 基本支出 column, while
# 基本支出/人员经费 is a part of it.
_GENERIC_LEAF = re.compile(
    r"^(?:小计|合计|总计|金额|总数|预算数|决算数|预算金额|本年预算数?|\d{4}年(?:度)?(?:预算数?|决算数?)?)$"
)


@lru_cache(maxsize=4096)  # pure; asked for every row of a table, of the same few labels
def column_role(label: str) -> str:
    """What a header label names: ``row_no``, ``unit`` (the unit a row is of), ``code``,
    ``name``, ``code_name`` (one cell
    printing both, ``2013601-行政运行``; the label names the classification: 支出功能分类科目,
    部门支出经济分类科目) or ``amount`` (any other label)."""
    label = re.sub(r"\([^()]*\)$", "", label)  # 支出功能分科目（按大类）
    if "序号" in label or label in ("行次", "栏次"):
        return "row_no"
    if label in ("预算单位", "单位", "单位名称", "部门名称", "部门编码", "部门代码") or (
        label.startswith("单位") and ("编码" in label or "代码" in label)
    ):
        # a unit's rows (预算02表 单位编码 015, 015001; Jiangsu 公开02表 部门代码 123, 123001):
        # no classification code
        return "unit"
    if "其中" in label:
        return "amount"  # 其中：专项资金列入部门预算的项目 is a part of the amount above it
    if "编码" in label or "代码" in label:
        return "code"
    if "名称" in label or label.endswith("项目"):
        return "name"
    if label.endswith("科目") or label.endswith("分类"):
        return "code_name"
    return "amount"


def code_name_rank(table_id: str, label: str) -> int:
    """Which of several code_name columns gives a row its code (lowest first): the function
    classification, in an economic table the 部门 economic one before the 政府 one (Beijing
    prints both: 50101-工资奖金津补贴 | 30101-基本工资)."""
    economic = "经济" in label
    if table_id in ECONOMIC_TABLES:
        return 0 if economic and "政府" not in label else 1 if economic else 2
    return 1 if economic else 0


def generic_leaf(leaf: str) -> bool:
    return bool(_GENERIC_LEAF.match(leaf))


def ignored_column(table_id: str, label: str) -> bool:
    return any(key in label for key in _IGNORED_COLUMNS.get(table_id, ()))


@lru_cache(maxsize=4096)  # pure; asked for every row of a table, of the same few labels
def column_id(table_id: str, label: str) -> str | None:
    if ignored_column(table_id, label):
        return None
    for key, cid in _COLUMN_RULES.get(table_id, ()):
        # 非X is no X: 使用非财政拨款结余 (西南大学收入预算表) is no 财政拨款
        if key in label and key in label.replace("非" + key, ""):
            return cid
    return None
