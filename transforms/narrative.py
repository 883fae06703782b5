"""Figures the narrative states → ``narrative_figures`` rows.

Every ``<number> 万元`` in running text is labelled by the phrase before it within its clause
(text since the previous figure or clause mark), e.g. ``其中：一般公共预算收入 1396.37 万元`` →
income_general_budget. Change phrases (增加/减少) give signed year-on-year figures; 三公 lines take
their change claim (与上年一致 / 增加 / 减少) from the words after the figure. The asset table
(部门固定资产占用情况表) gives asset_* rows with value and quantity.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetwatch.transforms.cells import BadAmount, clean_name, parse_amount
from budgetwatch.transforms.ir import Finding, Paragraph, RawTable
from budgetwatch.transforms.tables import squash

NARRATIVE_COLUMNS = (
    "label",
    "label_text",
    "amount_wan",
    "quantity",
    "ref_year",
    "change_claim",
    "source_line",
    "source_page",
)
_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")
_CLAUSE_BREAK = re.compile(r"[，。；：:;,]")
_LEAD = re.compile(r"^(?:其中|包括|以及|和|及|与|共计|合计|分别为|分别|为|是)+")
_REF_YEAR = re.compile(r"(?:较|比|同比)\s*(\d{4})\s*年")
_CHANGE = (
    ("减少", "减少"),
    ("下降", "减少"),
    ("降低", "减少"),
    ("增加", "增加"),
    ("增长", "增加"),
    ("上升", "增加"),
    ("小于上年", "减少"),
    ("大于上年", "增加"),
    ("持平", "持平"),
    ("一致", "持平"),
    ("无增减", "持平"),
    ("不变", "持平"),
    ("相等", "持平"),
)

# (keywords that must all occur, label); first match wins, specific before general.
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("三公",), "three_public_total"),
    (("因公出国",), "three_public_abroad"),
    (("公务用车购置及",), "three_public_vehicle"),
    (("公务用车", "运行"), "three_public_vehicle_operation"),
    (("公务用车", "运维"), "three_public_vehicle_operation"),
    (("公务用车购置",), "three_public_vehicle_purchase"),
    (("公务接待",), "three_public_reception"),
    (("机关运行经费",), "org_running"),
    (("上年末", "固定资产"), "fixed_assets_prev_total"),
    (("购置", "固定资产"), "fixed_assets_purchase"),
    (("收支",), "yoy_total"),
    (("一般公共预算", "收入"), "income_general_budget"),
    (("基金", "收入"), "income_gov_fund"),
    (("财政专户", "收入"), "income_special_account"),
    (("其他", "收入"), "income_other"),
    (("收入",), "income_total"),
    (("基本支出",), "basic"),
    (("人员经费",), "personnel"),
    (("公用经费",), "public_funds"),
    (("项目支出",), "project"),
    (("支出",), "expenditure_total"),
)
_YOY = {"basic": "yoy_basic_change", "project": "yoy_project_change"}
_ASSET_ROWS = (
    ("资产总额", "asset_total"),
    ("办公用房", "asset_office_buildings"),
    ("房屋", "asset_buildings"),
    ("车辆", "asset_vehicles"),
    ("设备", "asset_equipment_over_20w"),
    ("其他固定资产", "asset_other"),
)


def _claim(text: str) -> str:
    if "增加" in text and "减少" in text:
        return "template"  # "增加（减少）0万元": a form's wording, no claim either way
    for word, claim in _CHANGE:
        if word in text:
            return claim
    return ""


# a total's phrase, not an item's: "会议费预算支出", "公共安全（类）支出", "财政拨款收入",
# "社会保障和就业支出" are items whose figures (and changes) say nothing about the department's
# total; a total names itself (支出预算, 收入预算总计, 本年支出合计 …)
_ITEM_WORDS = re.compile(r"费|类|款")
_TOTAL_WORDS = re.compile(r"总|合计|预算|全部|全年")
_TOTAL_LABELS = ("yoy_total", "expenditure_total", "income_total")
# 收支 that is no department total: a gap (用事业基金弥补收支差额 0.00 万元, 165 line 124) or the
# 财政拨款 table's own total (财政拨款收支总决算 20727.53 万元, 151 line 480)
_NOT_DEPARTMENT_TOTAL = re.compile(r"差额|财政拨款")
# 基本/项目支出, 人员/公用经费 of one fund ("2026年一般公共预算基本支出82,529.89万元", 149 p.10)
# or of one income source ("罚没收入54.66万元：安排支出54.66万元，其中：…项目支出劳动监察业务费
# 28万元", 定州 656; "用事业收入安排的项目支出"): that source's part, not the department's figure
# the tables' 合计 prints. The sources are the 收支总表's income rows, never the whole (本年收入)
_FUND_PART = re.compile(
    r"一般公共预算|政府性基金|国有资本经营|财政拨款|"
    r"(?:罚没|事业|经营|上级补助|上缴|非税|收费|专项|有偿使用|财政专户|其他)收入"
)
_PART_LABELS = ("basic", "project", "personnel", "public_funds")
# …and its whole: "政府性基金预算支出（民政福利事业支出）1373万元" (定州 428) is the fund's
# spending, "财政拨款收入合计" the appropriation's, not the department's 支出总表 合计 / 收入总计
_FUND_WHOLE_LABELS = ("expenditure_total", "income_total")
# a kind of staff or a project before 人员经费 names an item ("临聘人员经费 15.56", a project's
# name and budget), not the 基本支出 part
_ITEM_STAFF = re.compile(
    r"(?:临聘|聘用|编外|离退休|退休|离休|遗属|临时|劳务派遣|协管|合同制|项目)"
    r"[^，、]{0,4}(?:人员经费|公用经费)"
)
# a unit below the department ("下属XX中心政府性基金收入"): its figures are not the department's;
# "机关和下属单位" names the whole
_NOT_BY_UNIT = ("three_public", "org_running", "fixed", "asset")
_SUBORDINATE = re.compile(r"(?<!机关和)(?<!机关及)(?:下属|所属|直属|二级)单位")
# 本年收入 (本年度预算收入): the year's income, 本年收入合计 — not 收入总计, which adds 上年结转;
# its own label (no check compares it): a total a 说明 could pair by (docs/rules.md round 5)
_YEAR_INCOME = re.compile(r"本年")


def _label(phrase: str) -> str | None:
    # "基本支出中人员经费支出 690.80万元" (定州 619): the part named after 中 is the figure's
    phrase = phrase.rsplit("支出中", 1)[-1]
    for words, label in _RULES:
        if all(w in phrase for w in words):
            if label.startswith("income_") and "费" in phrase[phrase.rfind("收入") :]:
                return None  # 其他收入工作经费: a spending item named by its funding
            if label == "yoy_total" and _NOT_DEPARTMENT_TOTAL.search(phrase):
                return None
            if label in _PART_LABELS + _FUND_WHOLE_LABELS and _FUND_PART.search(phrase):
                return None
            if label in ("personnel", "public_funds") and _ITEM_STAFF.search(phrase):
                return None
            if not label.startswith(_NOT_BY_UNIT) and _SUBORDINATE.search(phrase):
                return None
            if label == "income_total" and _YEAR_INCOME.search(phrase) and "总计" not in phrase:
                return "income_year"
            if label.startswith("three_public") and "及其他" in phrase:
                return None  # 公务用车运行维护费及其他费用: a 公用经费 line, not the 三公 item
            if label in _TOTAL_LABELS[1:] and (
                _ITEM_WORDS.search(phrase) or not _TOTAL_WORDS.search(phrase)
            ):
                return None
            return label
    return None


def _subject_change(subject: str | None, phrase: str) -> str | None:
    """The label of a change figure about ``subject`` (the figure before it, or the clause's
    own label): the total, 基本支出, 项目支出 or a 三公 item. Other subjects (一般公共预算收入,
    机动经费, 会议费 …) have no checked change label: their changes are not claims about these."""
    if subject in ("basic", "project"):
        return _YOY[subject]
    if subject is not None and subject.startswith("three_public"):
        return subject + "_change"
    if subject in _TOTAL_LABELS and not _ITEM_WORDS.search(phrase):
        return "yoy_total_change"
    return None


_FINAL = re.compile(r"^(?:支出)?决算(?:数)?(?:为)?$")
# "决算数较预算数减少5.91万元": a 决算 against its own budget, no change from last year
_AGAINST_BUDGET = re.compile(r"[较比](?:年初)?预算")


def _fund_subject(sentence: str) -> bool:
    """A sentence about one fund's spending ("一般公共预算拨款支出 2796.14 万元，比上年增加 166.68
    万元，主要原因是基本支出增加 49.12 万元，项目支出增加 117.56 万元", 158 line 491): its 基本/项目
    changes are that fund's, not the department's (whose total changed 129.07 the paragraph
    before)."""
    first = _FIGURE.search(sentence)
    return "拨款支出" in squash(sentence[: first.start()] if first else sentence)


# income items other than the funds: where the sentence lists them one by one, its 其他收入 is
# the item of that name, not 其他来源收入 (all income but the funds)
_OTHER_SOURCES = re.compile(r"事业收入|经营收入|上级补助|附属单位")


def _in_sentence(label: str | None, sentence: str, whole: str) -> str | None:
    """The label of a figure given what its sentence is about (``sentence``: up to the figure;
    ``whole``: the sentence from 。 to 。). After the sentence's first figure, the parts of
    机关运行经费 ("机关运行经费29.59万元，其中：办公费3.33万元、…公务用车运行维护费3.60万元",
    定州 435) are its 公用经费 lines, not 三公 items, and the parts of one fund's figure
    ("一般公共预算支出X万元，其中：基本支出Y万元") are that fund's. "…事业收入5,707万元；事业单位经营收入
    0万元；其他收入0万元" (real_more 201; 定州's "上级补助收入0万元；…其他收入0万元"): the item 其他收入,
    which the 收支总表 prints as its own row (blank there), not all the non-fund income."""
    if (
        label == "income_other"
        and "来源" not in squash(sentence[-12:])
        and _OTHER_SOURCES.search(whole)
    ):
        return None
    first = _FIGURE.search(sentence)
    if label is None or first is None:
        return label
    head = squash(sentence[: first.start()])
    if label.startswith("three_public") and "机关运行经费" in head:
        return None
    if label in _PART_LABELS + _FUND_WHOLE_LABELS and _FUND_PART.search(head):
        return None
    if label in _PART_LABELS and "科目" in head:
        return None  # "“农林水支出”科目83万元，主要用于人员经费18万元" (real_more 216): the 类's
    if _SUBORDINATE.search(head) and not label.startswith(_NOT_BY_UNIT):
        return None  # "下属单位收入合计30万元，支出合计30万元": both the unit's
    return label


_YEAR_HEAD = re.compile(r"^\s*(20\d\d\s*年(?:度)?)\s*[，,]")


def _paragraph_figures(para: Paragraph, fiscal_year: int | None, rows: list[tuple]) -> None:
    text = para.text  # printed text: offsets map back to lines, labels keep printed wording
    matches = list(_FIGURE.finditer(text))
    if not matches:
        return
    ref = _REF_YEAR.search(text)
    ref_year = int(ref.group(1)) if ref else (fiscal_year - 1 if fiscal_year else None)
    start = 0
    previous: str | None = None  # label of the figure just before (None: unlabelled)
    for k, m in enumerate(matches):
        clause = _CLAUSE_BREAK.split(text[start : m.start()])[-1]
        # "2018年，部门机关运行经费共计安排 …": the sentence's leading year dates the figure
        sentence = re.split(r"[。；;]", text[: m.start()])[-1]
        head = _YEAR_HEAD.match(sentence)
        if head and head.group(1) not in clause:
            clause = head.group(1) + "，" + clause.strip()
        phrase = _LEAD.sub("", squash(clause))
        nxt = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        tail = re.split(r"[。；;]", text[m.end() : nxt])[0]
        start = m.end()
        try:
            amount = parse_amount(m.group(1), m.group(2))
        except BadAmount:
            continue
        line, page = para.locate(m.start())
        change = _claim(phrase)
        # the whole sentence to its 。 (its items are often listed between ；)
        whole = text[: m.start()].split("。")[-1] + text[m.start() :].split("。")[0]
        label = _in_sentence(
            _label(phrase.replace("较", "").replace("比上年", "")), sentence, whole
        )
        if (
            change == "template"
            or (change in ("增加", "减少") and label in _YOY and _fund_subject(sentence))
            or _AGAINST_BUDGET.search(phrase)
        ):
            previous = None
            continue
        if change in ("增加", "减少") and label not in ("basic", "project"):
            # "…预算数为 5,573 万元。与上年相比增加 40 万元": the change is the previous figure's
            # (a label in the clause itself — "收支预算总计各增加" — names its own subject)
            label = _subject_change(label if label in _TOTAL_LABELS else previous, phrase)
            if label is None:
                continue
            signed = -amount if change == "减少" else amount
            rows.append((label, clause.strip(), signed, None, ref_year, change, line, page))
            if label.startswith("three_public"):
                # the 三公 item's own row carries the direction of its stated change
                item = next(i for i in range(len(rows) - 2, -1, -1) if rows[i][0] == previous)
                rows[item] = rows[item][:4] + (ref_year, change) + rows[item][6:]
            # a subject states one change: the next "专项增加 200 万元" is a part's, not the
            # subject's again (021 line 167, after 项目支出's own 增加 125.62)
            previous = None
            continue
        if label is None:
            if (
                _FINAL.match(phrase)
                and rows
                and previous
                and rows[-1][0] == previous
                and "预算" in rows[-1][1]
            ):
                # "…经费支出预算593.46万元，支出决算587.55万元" (163 line 748): a 决算 states
                # what was spent, the figure its tables print; the 预算 before it is the plan
                rows[-1] = (
                    previous,
                    f"{rows[-1][1]}…{clause.strip()}",
                    amount,
                    *rows[-1][3:6],
                    line,
                    page,
                )
                continue
            previous = None
            continue
        claim = ""
        if change in ("增加", "减少"):  # basic / project with the change in their own clause
            label = _YOY[label]
            claim = change
            amount = -amount if change == "减少" else amount
        elif label.startswith("three_public"):
            claim = _claim(tail)
            claim = "" if claim == "template" else claim
        rows.append(
            (
                # no stated change → null claim and ref_year
                label,
                clause.strip(),
                amount,
                None,
                ref_year if claim else None,
                claim or None,
                line,
                page,
            )
        )
        previous = label


# staff: "编制人数 28 人" / "行政编制 10 名，事业编制 5 名"; "实有人数 25 人" / "在职人员 25 人"
_STAFF = re.compile(
    r"(行政|事业|参公|工勤)?(编制|实有|在职)(?:人数|人员|数)?[为共合计：:\s]*(\d+)\s*[人名]"
)


def _staff_rows(para: Paragraph, rows: list[tuple]) -> None:
    """headcount_authorised (编制) and headcount_actual (实有 / 在职) as quantities: a stated
    total wins, else the parts (行政 + 事业 …) are added."""
    found: dict[str, dict] = {}
    for m in _STAFF.finditer(para.text):
        label = "headcount_authorised" if m.group(2) == "编制" else "headcount_actual"
        entry = found.setdefault(label, {"total": None, "parts": 0, "at": m.start(), "text": ""})
        if m.group(1):
            entry["parts"] += int(m.group(3))
        elif entry["total"] is None:
            entry["total"] = int(m.group(3))
        entry["text"] = entry["text"] or m.group(0)
    for label, e in found.items():
        line, page = para.locate(e["at"])
        n = e["total"] if e["total"] is not None else e["parts"]
        rows.append((label, e["text"].strip(), None, Decimal(n), None, None, line, page))


def _asset_rows(table: RawTable, rows: list[tuple]) -> None:
    for row in table.rows:
        quantity_pos = next((p for p, lab in row.columns.items() if "数量" in lab), None)
        value_pos = next(
            (p for p, lab in row.columns.items() if "价值" in lab or "金额" in lab), None
        )
        if value_pos is None:
            continue
        unit = "元" if re.search(r"单位:?元", squash(row.columns[value_pos])) else "万元"
        name = clean_name(row.text(0))
        label = next((lab for key, lab in _ASSET_ROWS if key in name), None)
        if label is None:
            continue
        try:
            amount = parse_amount(row.text(value_pos), unit)
            quantity = parse_amount(row.text(quantity_pos)) if quantity_pos is not None else None
        except BadAmount:
            continue
        if amount is None and quantity is None:
            continue  # a blank row states nothing
        cell = row.cells[value_pos] if value_pos < len(row.cells) else row.cells[0]
        rows.append((label, name, amount, quantity, None, None, row.line, cell.page))


_ANNEX = re.compile(r"^(?:第.部分)?\s*附\s*件\s*\d*[:：]?$")
_REPORT = re.compile(r"^[^。；]{0,40}?(?:绩效评价|绩效自评|评价)报告")


def _department_text(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs before a report attached under 附件 (163: 第五部分 附件, then the 2022 report
    on the 2021 高龄老人生活保健补贴 project, line 3528): that report's figures are its project's
    (资金支出总额为 59168.23 万元 is no 支出 of the department) and its years the project's."""
    for k, para in enumerate(paragraphs[:-1]):
        if _ANNEX.match(squash(para.text)) and _REPORT.match(paragraphs[k + 1].text):
            return paragraphs[:k]
    return paragraphs


def narrative_figures(
    paragraphs: list[Paragraph], tables: list[RawTable], fiscal_year: int | None
) -> list[tuple]:
    rows: list[tuple] = []
    for para in _department_text(paragraphs):
        _paragraph_figures(para, fiscal_year, rows)
        _staff_rows(para, rows)
    for table in tables:
        if table.table_id == "fixed_assets":
            _asset_rows(table, rows)
    return rows


# 10、机关运行经费：是指各部门（单位）的公用经费 (the sample) against the national definition
# 指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金
_ORG_RUNNING_DEFINED = re.compile(r"机关运行经费[^。，]{0,6}?指([^。]*)")


def org_running_definition(paragraphs: list[Paragraph]) -> list[Finding]:
    """An info finding where the narrative defines 机关运行经费 as the 公用经费 of the
    department's units: only then is it the 基本支出表's 公用经费 合计 (gate X8). The national
    definition — the money of 行政单位 (and 参公 事业单位) for goods and services, from any
    fund — excludes a 事业单位's 公用经费 and includes project money: no identity."""
    for para in paragraphs:
        m = _ORG_RUNNING_DEFINED.search(squash(para.text))
        if m and "公用经费" in m.group(1) and "行政单位" not in m.group(1):
            line, _ = para.locate(para.text.find("机关运行经费"))
            return [
                Finding(
                    "org_running_definition",
                    "info",
                    f"line {line} defines 机关运行经费 as the department's 公用经费: "
                    "compared with 基本支出表 公用经费 合计",
                    "",
                    "",
                    line,
                )
            ]
    return []
