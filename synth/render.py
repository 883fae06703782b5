"""Render one document in the template of the real 2024 sample and record its truth.

Tables are lists of `Row`s; a row's amounts are what the document prints (truth = printed
values before extraction artifacts). Artifacts (page breaks with repeated headers, 档次,
wrapped names, broken numbers, thousands separators, "-"/"0.00" zeros) only change layout.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from budgetwatch.synth.catalogue import economic_names, function_names, summary_rows
from budgetwatch.synth.model import Project

HUNDREDTH = Decimal("0.01")


@dataclass
class Row:
    row_no: int
    code: str
    name: str
    amounts: dict[str, int]  # column_id → hundredths of 万元 (printed cells only)
    side: str = ""


@dataclass
class Style:
    unit: str = "万元"  # 万元 or 元
    zero: str = ""  # how a zero in a printed row shows: "", "0.00" or "-"
    dangci: float = 0.3  # share of pages whose 栏次 row reads 档次
    year_split: bool = True  # 预算年度：\n2024 vs 预算年度：2024
    narrow_income: bool = False  # 收入总表 first page with wrapped cells and broken numbers
    page_rows: tuple[int, int] = (8, 14)
    header_wrap: float = 0.0  # share of page headers whose department name wraps
    split_rows: float = 0.0  # share of page breaks that split the last row in two
    wrap_names: float = 0.0  # share of pages whose name cells wrap (spaces every N chars)


@dataclass
class Doc:
    lines: list[str] = field(default_factory=list)
    truth_items: list[dict] = field(default_factory=list)


def wan(c: int) -> Decimal:
    return (Decimal(c) * HUNDREDTH).quantize(Decimal("0.000001"))


def fmt_amount(c: int, style: Style) -> str:
    if style.unit == "元":
        return f"{c * 100:,}.00"
    return f"{c // 100}.{c % 100:02d}" if c >= 0 else "-" + fmt_amount(-c, style)


def fmt_narr(c: int) -> str:
    """Narrative figures drop trailing zeros like the sample (36.8, 3, 0)."""
    s = f"{c // 100}.{c % 100:02d}".rstrip("0").rstrip(".")
    return s


def wrap2(text: str) -> str:
    """A narrow-column cell: the sample breaks names every two characters."""
    return " ".join(text[i : i + 2] for i in range(0, len(text), 2))


def break4(text: str) -> str:
    return text if len(text) <= 4 else text[:4] + " " + text[4:]


# ---------------------------------------------------------------- table templates
T1_HEAD = ["序号\t收入\t\t支出\t", "\t项目\t预算数\t项目\t预算数"]
T2_HEAD = [
    "序号\t功能分类科目\t\t合计\t本年收入\t\t\t\t\t\t\t\t上年结转",
    "\t科目编码\t科目名称\t\t小计\t财政拨款收入\t财政专户收入\t事业收入\t经营收入\t上级补助收入\t附属单位上缴收入\t其他收入\t",
]
T2_HEAD_NARROW = [
    "序号\t功能分类科目\t\t合计\t本年收入\t\t\t\t\t\t\t\t上年 结转",
    "\t科目 编码\t科目 名称\t\t小计\t财政 拨款 收入\t财政 专户 收入\t事业 收入\t经营 收入\t上级 补助 收入\t附属 单位 上缴 收入\t其他 收入\t",
]
T3_HEAD = [
    "序号\t功能分类科目\t\t合计\t基本支出\t项目支出\t经营支出\t上解上级支出\t对附属单位补助支出",
    "\t科目编码\t科目名称\t\t\t\t\t\t",
]
T4_HEAD = [
    "序号\t收入\t\t支出\t\t\t\t",
    "\t项目\t金额\t项目\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款",
]
T5_HEAD = ["序号\t功能分类科目\t\t合计\t基本支出\t项目支出", "\t科目编码\t科目名称\t\t\t"]
T6_HEAD = [
    "序号\t支出部门经济分类科目\t\t一般公共预算基本支出\t\t",
    "\t科目编码\t科目名称\t合计\t人员经费\t公用经费",
]
T9_HEAD = [
    "序号\t项目\t资金性质\t\t\t",
    "\t\t合计\t一般公共预算 财政拨款\t政府性基金 预算拨款\t国有资本经营 预算财政拨款",
]

TABLES = (  # table_id, title, header, column ids of the amount cells, trailing empty columns
    ("income_expenditure_summary", "部门预算收支总表", T1_HEAD, None, 0),
    (
        "income_summary",
        "部门预算收入总表",
        T2_HEAD,
        ("total", "subtotal", "fiscal_appropriation"),
        7,
    ),
    ("expenditure_summary", "部门预算支出总表", T3_HEAD, ("total", "basic", "project"), 3),
    ("fiscal_appropriation_summary", "部门预算财政拨款收支总表", T4_HEAD, None, 0),
    (
        "general_budget_expenditure",
        "部门预算一般公共预算财政拨款支出表",
        T5_HEAD,
        ("total", "basic", "project"),
        0,
    ),
    (
        "general_budget_basic_expenditure",
        "部门预算一般公共预算财政拨款基本支出表",
        T6_HEAD,
        ("total", "personnel", "public_funds"),
        0,
    ),
    ("gov_fund_expenditure", "部门预算政府性基金预算财政拨款支出表", T5_HEAD, None, 0),
    ("state_capital_expenditure", "部门预算国有资本经营预算财政拨款支出表", T5_HEAD, None, 0),
    (
        "three_public_expenses",
        "部门预算财政拨款“三公”经费支出表",
        T9_HEAD,
        ("total", "general_budget"),
        2,
    ),
)
EMPTY_NOTES = {
    "gov_fund_expenditure": "注：无政府基金预算财政拨款预算，空表列示。",
    "state_capital_expenditure": "注：无国有资本经营预算财政拨款预算，空表列示。",
}

T1_INCOME = (
    "一、一般公共预算拨款收入",
    "二、政府性基金预算拨款收入",
    "三、国有资本经营预算拨款收入",
    "四、财政专户管理资金收入",
    "五、单位资金",
)
T4_INCOME = ("一、一般公共预算拨款", "二、政府性基金预算拨款", "三、国有资本经营预算拨款")
THREE_PUBLIC_ROWS = (
    "合计",
    "“三公”经费小计",
    "一、因公出国（境）费",
    "其中：教学科研人员因公出国（境）费",
    "其他因公出国（境）费",
    "二、公务用车购置及运维费",
    "公务用车购置费",
    "公务用车运行维护费",
    "三、公务接待费",
)


def function_tree_rows(leaves: dict[str, dict[str, int]], cols: tuple[str, ...]) -> list[Row]:
    """合计 + 类/款/项 rows, each parent the sum of its children, in code order."""
    sums: dict[str, dict[str, int]] = {}
    for leaf, amounts in leaves.items():
        for anc in {leaf[:3], leaf[:5], leaf}:
            d = sums.setdefault(anc, dict.fromkeys(cols, 0))
            for c in cols:
                d[c] += amounts.get(c, 0)
    names = function_names()
    total = {c: sum(sums[k][c] for k in sums if len(k) == 3) for c in cols}
    rows = [Row(1, "", "合计", total)]
    for i, code in enumerate(sorted(sums), start=2):
        rows.append(Row(i, code, names[code], sums[code]))
    return rows


def econ_rows(econ: dict[str, int]) -> list[Row]:
    names = economic_names()
    groups: dict[str, dict[str, int]] = {}
    for code, v in econ.items():
        col = "public_funds" if code.startswith("302") else "personnel"
        for c in (code[:3], code):
            d = groups.setdefault(c, {"total": 0, "personnel": 0, "public_funds": 0})
            d["total"] += v
            d[col] += v
    total = {
        k: sum(groups[c][k] for c in groups if len(c) == 3)
        for k in ("total", "personnel", "public_funds")
    }
    rows = [Row(1, "", "合计", total)]
    for i, code in enumerate(sorted(groups), start=2):
        rows.append(Row(i, code, names[code], groups[code]))
    return rows


def summary_pairs(
    total: int, by_class: dict[str, dict[str, int]], fiscal: bool
) -> list[tuple[Row | None, Row | None]]:
    """Rows of 收支总表 (fiscal=False) or 财政拨款收支总表 (fiscal=True)."""
    exp_cols = ("total", "general_budget") if fiscal else ("amount",)
    inc_col = "amount"
    pairs: list[tuple[Row | None, Row | None]] = []
    inc_names = T4_INCOME if fiscal else T1_INCOME
    for ordinal, label, cls in summary_rows():
        inc = None
        if ordinal <= len(inc_names):
            inc = Row(
                ordinal,
                "",
                inc_names[ordinal - 1],
                {inc_col: total} if ordinal == 1 else {},
                "income",
            )
        amounts = {}
        if cls in by_class:
            v = by_class[cls]["total"]
            amounts = {c: v for c in exp_cols}
        pairs.append((inc, Row(ordinal, cls, label, amounts, "expenditure")))
    full = {c: total for c in exp_cols}
    if fiscal:
        tail = [
            ("本年收入合计", {inc_col: total}, "本年支出合计", full),
            ("年初财政拨款结转和结余", {}, "年末财政拨款结转和结余", {}),
            ("一、一般公共预算拨款", {}, None, None),
            ("二、政府性基金预算拨款", {}, None, None),
            ("三、国有资本经营预算拨款", {}, None, None),
            ("收入总计", {inc_col: total}, "支出总计", full),
        ]
    else:
        tail = [
            ("本年收入合计", {inc_col: total}, "本年支出合计", full),
            ("上年结转结余", {}, "年终结转结余", {}),
            ("收入总计", {inc_col: total}, "支出总计", full),
        ]
    for i, (iname, iam, ename, eam) in enumerate(tail, start=32):
        pairs.append(
            (
                Row(i, "", iname, iam, "income"),
                Row(i, "", ename, eam, "expenditure") if ename else None,
            )
        )
    return pairs


class Writer:
    """Accumulates lines and truth, paginating tables with repeated page headers."""

    def __init__(self, doc: Doc, dept_line: str, year: int, style: Style, rng: random.Random):
        self.doc, self.dept_line, self.year, self.style, self.rng = doc, dept_line, year, style, rng

    def out(self, *lines: str) -> None:
        for line in lines:
            self.doc.lines.append(line)
            self.doc.lines.append("")

    def page_header(self, head: list[str], ncols: int) -> None:
        code, name = self.dept_line.split(" ", 1)
        form = self.rng.random()
        if form < self.style.header_wrap and len(name) >= 8:
            # the name wraps onto a second line (A: lossless) or loses its next-to-last
            # character at the wrap, as the sample's 赵县科学技术和工业信息\n局
            cut = self.rng.randint(len(name) - 4, len(name) - 1)
            if self.rng.random() < 0.5:
                self.doc.lines += [f"{code} {name[:cut]}", name[cut:], ""]
            else:
                self.doc.lines += [f"{code} {name[:-2]}", name[-1], ""]
        else:
            self.out(self.dept_line)
        year_form = self.rng.random()
        if not self.style.year_split:
            self.out(f"预算年度：{self.year}")
        elif year_form < 0.2:
            self.doc.lines.extend(["预算年", "度：", str(self.year), ""])
        else:
            self.doc.lines.extend(["预算年度：", str(self.year), ""])
        self.out(f"单位：{self.style.unit}")
        self.doc.lines.extend(head)
        word = "档次" if self.rng.random() < self.style.dangci else "栏次"
        self.doc.lines.append("\t".join([word] + [str(i) for i in range(1, ncols + 1)]))

    def cell(self, amounts: dict[str, int], col: str) -> str:
        if col not in amounts:
            return ""
        v = amounts[col]
        return self.style.zero if v == 0 else fmt_amount(v, self.style)

    def truth(self, table_id: str, row: Row, col: str) -> None:
        if col in row.amounts:
            self.doc.truth_items.append(
                {
                    "table_id": table_id,
                    "side": row.side,
                    "row_no": row.row_no,
                    "code": row.code,
                    "level": {3: 1, 5: 2, 7: 3}.get(len(row.code)),
                    "name": row.name,
                    "column_id": col,
                    "amount_wan": wan(row.amounts[col]),
                }
            )

    def table(
        self,
        table_id: str,
        title: str,
        head: list[str],
        lines: list[tuple[str, list[tuple[Row, str]]]],
        ncols: int,
        narrow_first: list[str] | None = None,
    ) -> None:
        """`lines`: (printed text, [(row, column) cells it carries]) in order."""
        self.out(title)
        i = 0
        first = True
        while True:
            self.page_header(narrow_first if (first and narrow_first) else head, ncols)
            first = False
            take = self.rng.randint(*self.style.page_rows)
            width = self.rng.choice((4, 5, 8)) if self.rng.random() < self.style.wrap_names else 0
            for text, cells in lines[i : i + take]:
                self.doc.lines.append(wrap_names(text, table_id, width) if width else text)
                for row, col in cells:
                    self.truth(table_id, row, col)
            i += take
            if i >= len(lines):
                break
            tail = None
            if self.rng.random() < self.style.split_rows:
                self.doc.lines[-1], tail = split_row(self.doc.lines[-1], self.rng)
            self.doc.lines.append("")
            if tail is not None:
                self.page_header(head, ncols)
                self.doc.lines.append(tail)
                take = self.rng.randint(*self.style.page_rows) - 1
                for text, cells in lines[i : i + take]:
                    self.doc.lines.append(text)
                    for row, col in cells:
                        self.truth(table_id, row, col)
                i += take
                if i >= len(lines):
                    break
                self.doc.lines.append("")
        self.doc.lines.append("")


NAME_CELLS = {
    "income_expenditure_summary": (1, 3),
    "fiscal_appropriation_summary": (1, 3),
    "three_public_expenses": (1,),
}


def wrap_names(text: str, table_id: str, width: int) -> str:
    """A narrow name column: the extractor put a space at every line end of the cell
    (一般公共服务 支出, “三公”经 费小计)."""
    cells = text.split("\t")
    for k in NAME_CELLS.get(table_id, (2,)):
        name = cells[k]
        cells[k] = " ".join(name[j : j + width] for j in range(0, len(name), width))
    return "\t".join(cells)


def split_row(text: str, rng: random.Random) -> tuple[str, str]:
    """A row cut by a page break, as in the sample: either only the name continues on the next
    page (一般公共预算支出表 其他科学技术 / 支出) or code, name and amounts all do (收入总表
    2060 / 101, 行政 / 运行, 376. / 23). Two-sided rows cut the expenditure name."""
    cells = text.split("\t")
    head, tail = list(cells), [""] * len(cells)
    if cells[1] and not cells[1][0].isdigit() or cells[1] == "" and not cells[2]:
        name_at = 3 if cells[1] == "" and len(cells) > 3 and cells[3] else 1
    else:
        name_at = 2
    name = cells[name_at]
    if len(name) < 3:
        return text, None
    cut = rng.randint(1, len(name) - 1)
    head[name_at], tail[name_at] = name[:cut], name[cut:]
    if name_at == 2 and len(cells[1]) >= 5 and rng.random() < 0.5:
        head[1], tail[1] = cells[1][:4], cells[1][4:]
        for k in range(3, len(cells)):
            if len(cells[k]) > 4 and "," not in cells[k]:
                head[k], tail[k] = cells[k][:4], cells[k][4:]
    head[0] = cells[0]
    return "\t".join(head), "\t".join(tail)


def one_sided_lines(
    rows: list[Row], cols: tuple[str, ...], trailing: int, w: Writer, narrow: int = 0
) -> list[tuple[str, list]]:
    """Printed lines of a 序号/编码/名称/amounts table; the first `narrow` rows get wrapped
    names, split codes and broken numbers (the 收入总表 first-page artifact)."""
    out = []
    for k, r in enumerate(rows):
        cells = [w.cell(r.amounts, c) for c in cols]
        code, name = r.code, r.name
        if k < narrow:
            cells = [break4(c) for c in cells]
            code, name = break4(code), wrap2(name)
        text = "\t".join([str(r.row_no), code, name] + cells + [""] * trailing)
        out.append((text, [(r, c) for c in cols]))
    return out


def three_public_rows(abroad: int, purchase: int, operation: int, reception: int) -> list[Row]:
    vehicle = purchase + operation
    sub = abroad + vehicle + reception
    values = (sub, sub, abroad, 0, abroad, vehicle, purchase, operation, reception)
    rows = []
    for i, (name, v) in enumerate(zip(THREE_PUBLIC_ROWS, values), start=1):
        rows.append(Row(i, "", name, {"total": v, "general_budget": v} if v else {}))
    return rows


def two_sided_lines(pairs, exp_cols: tuple[str, ...], w: Writer) -> list[tuple[str, list]]:
    out = []
    for inc, exp in pairs:
        row_no = (inc or exp).row_no
        cells = [str(row_no)]
        carried = []
        cells += [inc.name, w.cell(inc.amounts, "amount")] if inc else ["", ""]
        if inc:
            carried.append((inc, "amount"))
        if exp:
            cells += [exp.name] + [w.cell(exp.amounts, c) for c in exp_cols]
            carried += [(exp, c) for c in exp_cols]
        else:
            cells += [""] * (1 + len(exp_cols))
        if len(exp_cols) == 2:
            cells += ["", ""]
        out.append(("\t".join(cells), carried))
    return out


def project_block(n: int, p: Project, w: Writer) -> None:
    lines = w.doc.lines
    amt = fmt_amount(p.amount, w.style)
    lines += [
        f"{n}、{p.name}绩效目标表",
        "",
        f"单位：{w.style.unit}",
        "",
        f"项目编码\t{p.code}\t\t项目名称\t{p.name}\t\t",
        f"预算规模及资金用途\t预算数\t{amt}\t其中：财政资金\t{amt}\t其他资金\t",
        f"\t{p.purpose}\t\t\t\t\t",
    ]
    if p.plan_variant == 0:
        lines += ["资金支出计划（%）\t3月底\t\t6月底\t\t10月底\t12月底", f"\t{amt}\t\t\t\t\t"]
    else:
        q = [p.amount * k // 4 for k in (1, 2, 3)] + [p.amount]
        lines += [
            "资金支出计划（%）\t3 月底\t\t6 月底\t10 月底\t12 月底\t",
            "\t"
            + "\t\t".join([fmt_amount(q[0], w.style), ""])
            + "\t".join(fmt_amount(x, w.style) for x in q[1:])
            + "\t",
        ]
    lines += [
        f"绩效目标\t1.{p.purpose}\t\t\t\t\t",
        "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\t",
    ]
    prev1 = None
    for ind in p.indicators:
        l1 = "" if ind.level1 == prev1 else ind.level1
        prev1 = ind.level1
        lines.append(
            "\t".join([l1, ind.level2, ind.level3, ind.description, ind.value_raw, ind.basis, ""])
        )
    lines.append("")


def spending_plan(p: Project, style: Style) -> list[str]:
    if p.plan_variant == 0:
        return [fmt_amount(p.amount, style), "", "", ""]
    q = [p.amount * k // 4 for k in (1, 2, 3)] + [p.amount]
    return [fmt_amount(x, style) for x in q]
