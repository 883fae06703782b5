"""The reader's self-check that needs no answer key: a table's rows must reproduce its own printed
合计 (exact Decimal). Printed disclosures are rarely wrong, so a total the rows do not reproduce
is first a reader error — rows missed, a row read twice, a digit misread — and is reported as
finding ``total_not_reproduced`` (docs/parser.md, INTERFACES §1).

Checked per table, side and contract column, on the line items of `transforms.normalise`:
- a classified table (function or economic codes): its 合计/总计 row against the rows of the top
  level printed (the 类; the 款 where no 类 is printed); the message names each top row whose
  own children do not add up to it, so the missing rows can be found;
- a 三公 table: its “三公”经费小计 against 一、/二、/三、;
- a two-sided table (收支总表, 财政拨款收支总表): on each side every printed 合计/总计 against the
  rows of the top level above it (and the 合计 before it: 本年收入合计 + 上年结转 = 收入总计),
  and 收入总计 against 支出总计 where the table prints both (`_two_sided`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

import polars as pl

from budgetwatch.contract.tables import TOTAL, three_public_role
from budgetwatch.transforms.ir import Finding
from budgetwatch.transforms.tables import TWO_SIDED, squash

_TOTAL = re.compile(r"^(?:本年)?(?:支出)?(?:合计|总计)$")
_QUOTES = str.maketrans("", "", "“”\"'‘’")
# the numbering of a two-sided table's rows, outermost first: 一、 | （一） | 1. | （1） | 其中
_NUMBERING = (
    re.compile(r"^[一二三四五六七八九十]+[、.．]"),
    re.compile(r"^[（(][一二三四五六七八九十]+[)）]"),
    re.compile(r"^\d+[、.．]"),
    re.compile(r"^[（(]\d+[)）]"),
    re.compile(r"^其中"),
)
_FIRST = re.compile(r"^[一1][、.．]|^[（(][一1][)）]")  # a block's numbering starts again

# positions in normalise.LINE_ITEM_COLUMNS
_TABLE, _SIDE, _CODE, _LEVEL, _NAME, _CANON, _COLUMN, _AMOUNT, _PAGE, _LINE = (
    0,
    1,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
)


@dataclass(frozen=True)
class TotalCheck:
    table_id: str
    side: str
    column_id: str
    printed: Decimal
    summed: Decimal
    line: int
    page: int | None
    detail: str  # what was added, or the top rows whose children do not add up to them

    terms: int = 0  # rows added up
    step: Decimal = Decimal(0)  # the last printed decimal of the amounts
    under: int = 0  # the printed rows under added rows that do not add up to them

    @property
    def reproduced(self) -> bool:
        return self.printed == self.summed

    @property
    def rounded(self) -> bool:
        """Off by no more than the rounding of the printed parts (half the last printed decimal
        per row): a table printed in 万元 from 元 figures (Guangzhou 103,700.53 over rows adding
        to 103,700.54). The page's own rounding, not a row missing."""
        return abs(self.printed - self.summed) <= self.step / 2 * (self.terms + self.under + 1)


def _classified(rows: list[tuple], total: tuple, table_coded: bool) -> TotalCheck | None:
    """``table_coded``: some column of the table has coded rows. A column whose 合计 has none
    under it (its rows blank), or a table printing a 合计 and no other row, adds up to 0."""
    coded = [r for r in rows if r[_CODE] and r[_LEVEL] is not None]
    if not coded and not table_coded and any(r is not total for r in rows):
        return None
    top = min((r[_LEVEL] for r in coded), default=0)
    # the rows with no parent printed: the top level, and any deeper row whose 类 and 款 the
    # table does not print (a table of leaves only, function × economic, where one 款 has no 项:
    # Beijing's 21598 among 7-digit rows whose parents are not printed either)
    codes = {r[_CODE] for r in coded}
    tops = [r for r in coded if not any(r[_CODE][:k] in codes for k in (3, 5) if k < len(r[_CODE]))]
    summed = sum((r[_AMOUNT] for r in tops), Decimal(0))
    # the amounts of the level below the top, by each code prefix a top row may have
    below: dict[str, list[Decimal]] = {}
    for size in {len(r[_CODE]) for r in tops}:
        for c in coded:
            if c[_LEVEL] == top + 1 and len(c[_CODE]) >= size:
                below.setdefault(c[_CODE][:size], []).append(c[_AMOUNT])
    odd, under = [], 0
    for r in tops:
        children = below.get(r[_CODE], [])
        if children and sum(children, Decimal(0)) != r[_AMOUNT]:
            odd.append(f"{r[_CODE]} {r[_AMOUNT]} vs its rows {sum(children, Decimal(0))}")
            # a top row rounded apart from its printed rows: the total may be the sum of those
            # rows (318: 合计 25,530.51 = the leaves; 301 printed 23,647.92 over leaves adding to
            # 23,647.94), so the rounding allowed counts them too
            under += len(children)
    return TotalCheck(
        total[_TABLE],
        total[_SIDE],
        total[_COLUMN],
        total[_AMOUNT],
        summed,
        total[_LINE],
        total[_PAGE],
        "rows not adding up to their own total: " + "; ".join(odd[:5]) if odd else "",
        len(tops),
        _step([total, *tops]),
        under,
    )


# 三公 rows that are part of one of the three parts, not a part (contract.tables.three_public_role)
_PART_OF_PART = ("abroad_research", "abroad_other", "vehicle_purchase", "vehicle_operation")


_ROLES: dict[str, str | None] = {}  # squashed 三公 row name → its role (the names recur)


def _roles(names: list[str]) -> list[str | None]:
    """`three_public_role` of each name, the expression evaluated once per name never seen
    before (one small frame for the new names of a table, not one per table)."""
    if len(_ROLES) > 100_000:  # bounded: a long-lived worker reads many templates
        _ROLES.clear()
    new = [n for n in dict.fromkeys(names) if n not in _ROLES]
    if new:
        frame = pl.DataFrame({"name": new}, schema={"name": pl.String})
        _ROLES.update(zip(new, frame.select(three_public_role()).to_series().to_list()))
    return [_ROLES[n] for n in names]


def _three_public_parts(rows: list[tuple]) -> tuple[tuple | None, list[tuple]]:
    """The 三公 total of one column and its three parts: 因公出国 + 公务用车 (its 购置 and 运行
    where no 购置及运行 row is printed) + 公务接待, found by their names' words whatever their
    numbering (一、 / （一） / 其中：（一） / none). The total is a row named 三公经费… (小计, 合计,
    财政拨款预算总额, or nothing more) or holding 小计; a bare 合计/总计 only where the table
    prints nothing beside the parts (Jiangsu's 合计 adds 会议费 and 培训费). A part printed twice
    (per-unit blocks) gives no check."""
    squashed = [squash(r[_NAME]) for r in rows]
    role = _roles(squashed)
    names = [n.translate(_QUOTES) for n in squashed]
    parts: dict[str, tuple] = {}
    for r, rl in zip(rows, role, strict=True):
        if rl in ("abroad", "vehicle", "reception", "vehicle_purchase", "vehicle_operation"):
            if rl in parts:
                return None, []
            parts[rl] = r
    if "vehicle" in parts:
        parts.pop("vehicle_purchase", None)
        parts.pop("vehicle_operation", None)
    subtotal = next(
        (
            r
            for r, n, rl in zip(rows, names, role, strict=True)
            if not r[_CODE] and rl not in parts and (n.startswith("三公经费") or "小计" in n)
        ),
        None,
    )
    if subtotal is None:
        bare = [r for r, rl in zip(rows, role, strict=True) if rl == "total" or rl is None]
        others = [r for r in bare if not _TOTAL.match(squash(r[_NAME]))]
        subtotal = bare[0] if len(bare) == 1 and not others else None
    return subtotal, list(parts.values())


def _three_public(rows: list[tuple]) -> TotalCheck | None:
    subtotal, parts = _three_public_parts(rows)
    if subtotal is None or not parts:
        return None
    summed = sum((r[_AMOUNT] for r in parts), Decimal(0))
    return TotalCheck(
        subtotal[_TABLE],
        subtotal[_SIDE],
        subtotal[_COLUMN],
        subtotal[_AMOUNT],
        summed,
        subtotal[_LINE],
        subtotal[_PAGE],
        "added: " + ", ".join(squash(r[_NAME])[:12] for r in parts),
        len(parts),
        _step([subtotal, *parts]),
    )


def _step(rows: list[tuple]) -> Decimal:
    """One unit of the finest decimal printed among the amounts (0.01 for 万元 to 2 places)."""
    places = max(-r[_AMOUNT].normalize().as_tuple().exponent for r in rows)
    return Decimal(1).scaleb(-max(places, 0))


def _numbering(row: tuple) -> int | None:
    name = squash(row[_NAME])
    return next((i for i, rx in enumerate(_NUMBERING) if rx.match(name)), None)


def _tops(segment: list[tuple]) -> list[list[tuple]]:
    """The rows of the top level of a segment of one side, in blocks: a side printing its
    spending twice (by function, then 基本支出/项目支出) starts its numbering again.

    A row's depth is its numbering's (一、 above （一） above 1. above （1）; 其中 never on top).
    An unnumbered row is on top only where no numbered row is at 一、: a coded one when it is
    of the top level coded (not a 款 under its 类), an uncoded one when no coded row is on top
    either (财政拨款 over 1.一般公共预算拨款, 上年结转; not Shenzhen's 款 names under
    `208 一、社会保障和就业支出`)."""
    if not segment:
        return []
    numbering = [_numbering(r) for r in segment]
    unnumbered_coded = [
        r[_LEVEL]
        for r, n in zip(segment, numbering, strict=True)
        if n is None and r[_CODE] and r[_LEVEL] is not None
    ]
    coded_top = None if 0 in numbering or not unnumbered_coded else min(unnumbered_coded)
    ranked = []
    for r, n in zip(segment, numbering, strict=True):
        if n is not None:
            rank = n if n < 4 else 9
        elif r[_CODE] and r[_LEVEL] is not None:
            rank = 0 if r[_LEVEL] == coded_top else 9
        else:
            rank = 9 if 0 in numbering or coded_top is not None else 0
        ranked.append((r, rank))
    top = min(rk for _, rk in ranked)
    heads = [r for r, rk in ranked if rk == top]
    if (
        len(heads) > 1
        and not any(r[_CODE] or _numbering(r) is not None for r in heads)
        and heads[0][_AMOUNT] == sum((r[_AMOUNT] for r in heads[1:]), Decimal(0))
    ):
        # unnumbered rows where the first is the sum of the others: a heading and its parts
        # (年初结转和结余 over 一般公共预算财政拨款 | 政府性基金预算财政拨款)
        return [heads[:1]]
    # numbered parts of a heading printed blank, before any row of the top level: they stand
    # for it (Xi'an: 1、财政拨款 blank over (1)一般公共预算拨款收入 181716.56 | (2)…, then
    # 2、上级补助收入): a part under a printed heading is never one
    orphans, lowest = set(), 9
    for k, (_, rk) in enumerate(ranked):
        if top < rk < 9 and lowest >= rk:
            orphans.add(k)
        lowest = min(lowest, rk)
    blocks: list[list[tuple]] = []
    for k, (r, rk) in enumerate(ranked):
        if rk != top and k not in orphans:
            continue
        if not blocks or (rk == top and blocks[-1] and _FIRST.match(squash(r[_NAME]))):
            blocks.append([])
        blocks[-1].append(r)
    return blocks


def _two_sided(rows: list[tuple]) -> list[TotalCheck]:
    """One side and column of a two-sided table: each printed 合计/总计 against the top rows
    since the total before it, plus that total (本年收入合计 + 上年结转 = 收入总计)."""
    checks = []
    before: tuple | None = None
    segment: list[tuple] = []
    for r in sorted(rows, key=lambda r: (r[_PAGE] or 0, r[_LINE])):
        if r[_CODE] or not _TOTAL.match(squash(r[_NAME]).replace("收入", "")):
            segment.append(r)
            continue
        for block in _tops(segment) or ([[]] if before is not None else []):
            parts = ([before] if before is not None else []) + block
            checks.append(
                TotalCheck(
                    r[_TABLE],
                    r[_SIDE],
                    r[_COLUMN],
                    r[_AMOUNT],
                    sum((p[_AMOUNT] for p in parts), Decimal(0)),
                    r[_LINE],
                    r[_PAGE],
                    "added: " + ", ".join(squash(p[_NAME])[:12] for p in parts[:8]),
                    len(parts),
                    _step([r, *parts]),
                )
            )
        before, segment = r, []
    return checks


def _balance(finals: dict[tuple, tuple]) -> list[TotalCheck]:
    """收入总计 = 支出总计, per table and column printed on both sides."""
    out = []
    for (table_id, side, column), income in finals.items():
        # 财政拨款收支总表: the income side's amount against the spending side's 合计 column
        spending = finals.get((table_id, "expenditure", column)) or (
            finals.get((table_id, "expenditure", "total")) if column == "amount" else None
        )
        if side == "income" and spending is not None:
            out.append(
                TotalCheck(
                    table_id,
                    "both",
                    column,
                    income[_AMOUNT],
                    spending[_AMOUNT],
                    income[_LINE],
                    income[_PAGE],
                    f"收入总计 line {income[_LINE]} vs 支出总计 line {spending[_LINE]}",
                    1,
                    _step([income, spending]),
                )
            )
    return out


def check_totals(
    line_items: list[tuple], one_row: frozenset[str] = frozenset()
) -> list[TotalCheck]:
    """Every printed total of ``line_items`` (rows in `normalise.LINE_ITEM_COLUMNS` order) that
    its rows can reproduce, with what they add up to. ``one_row``: tables printing one row of
    totals and no name column (finding ``one_row_table``): their 合计 has no rows by layout."""
    groups: dict[tuple, list[tuple]] = {}
    coded_tables = set()
    for item in line_items:
        groups.setdefault((item[_TABLE], item[_SIDE], item[_COLUMN]), []).append(item)
        if item[_TABLE] not in TWO_SIDED and item[_CODE] and item[_LEVEL] is not None:
            coded_tables.add(item[_TABLE])
    checks = []
    finals: dict[tuple, tuple] = {}
    for (table_id, _, _), rows in groups.items():
        if table_id in TWO_SIDED:
            found = _two_sided(rows)
            checks += found
            if found:
                last = max(found, key=lambda c: ((c.page or 0), c.line))
                finals[(table_id, last.side, last.column_id)] = next(
                    r for r in rows if r[_LINE] == last.line and r[_AMOUNT] == last.printed
                )
            continue
        if table_id == "three_public_expenses":
            check = _three_public(rows)
        else:
            total = next(
                (
                    r
                    for r in rows
                    if not r[_CODE] and (_TOTAL.match(squash(r[_NAME])) or r[_CANON] == TOTAL)
                ),
                None,
            )
            # a unit's own row standing as the 合计 (Shenzhen: no 合计 printed) with no coded row
            # in its table: the coded rows are other units' blocks, left unread (unit_rows)
            unit_only = total is not None and not _TOTAL.match(squash(total[_NAME]))
            check = (
                _classified(rows, total, table_id in coded_tables)
                if total is not None
                and table_id not in one_row
                and not (unit_only and table_id not in coded_tables)
                else None
            )
        if check is not None:
            checks.append(check)
    return checks + _balance(finals)


def _where(c: TotalCheck) -> str:
    side = f", {c.side} side" if c.side else ""
    return f"{c.column_id}{side}, line {c.line}"


def total_findings(checks: list[TotalCheck]) -> list[Finding]:
    out = []
    for c in checks:
        if c.reproduced:
            continue
        gap = c.printed - c.summed
        if c.rounded:
            out.append(
                Finding(
                    "total_rounding",
                    "info",
                    f"printed total {c.printed} ({_where(c)}) differs from its "
                    f"{c.terms} rows' sum {c.summed} by {gap}: the rounding of the printed figures",
                    c.table_id,
                    "",
                    c.line,
                    c.page,
                )
            )
            continue
        if c.side == "both":
            out.append(
                Finding(
                    "total_not_reproduced",
                    "warning",
                    f"收入总计 {c.printed} but 支出总计 {c.summed} ({c.column_id}, {c.detail}): "
                    f"the two sides differ by {gap}",
                    c.table_id,
                    "",
                    c.line,
                    c.page,
                )
            )
            continue
        where = f"; {c.detail}" if c.detail else ""
        out.append(
            Finding(
                "total_not_reproduced",
                "warning",
                f"printed total {c.printed} ({_where(c)}) but its rows add up to "
                f"{c.summed}: {gap} {'missing' if gap > 0 else 'too much'}{where}",
                c.table_id,
                "",
                c.line,
                c.page,
            )
        )
    return out


# Key figures (issue 17: "key figures exact"): the totals an office reads first, per table.
# 收支总表: each side's last 合计/总计 (收入总计, 支出总计); 支出总表: its 合计 in the columns
# total, basic and project (those the table prints); 三公: its 三公 total (`_three_public_parts`)
# in the total column, or in each fund column where no total column is printed.
KEY_COLUMNS = {"expenditure_summary": ("total", "basic", "project")}
IES = "income_expenditure_summary"


@dataclass(frozen=True)
class KeyFigure:
    table_id: str
    column_id: str
    side: str
    row: tuple | None  # the line item read (None: the table prints rows but not this one)
    reproduced: bool  # read, and every check of its printed total passes (exact or rounding)
    checked: bool = False  # some check of `check_totals` is about it

    @property
    def exact(self) -> bool:
        return self.row is not None and self.reproduced


def _key_rows(table_id: str, rows: list[tuple]) -> list[tuple[str, str, tuple | None]]:
    """(side, column, row or None) of a table's key figures."""
    # a 合计 as printed, or a unit's own row standing as the 合计 (Shenzhen: `unit_rows`)
    totals = [
        r
        for r in rows
        if not r[_CODE]
        and (_TOTAL.match(squash(r[_NAME]).replace("收入", "")) or r[_CANON] == TOTAL)
    ]
    if table_id == "income_expenditure_summary":
        out: list[tuple[str, str, tuple | None]] = []
        for side in ("income", "expenditure"):
            mine = [r for r in totals if r[_SIDE] == side and r[_COLUMN] == "amount"]
            last = max(mine, key=lambda r: (r[_PAGE] or 0, r[_LINE]), default=None)
            out.append((side, "amount", last))
        return out
    if table_id == "three_public_expenses":
        # the total column, or each fund column where the table prints no total column
        printed = sorted({r[_COLUMN] for r in rows})
        out = []
        for col in ["total"] if "total" in printed else printed:
            mine = [r for r in rows if r[_COLUMN] == col]
            subtotal, _ = _three_public_parts(mine)
            alone = [r for r in mine if r in totals] if len(mine) == 1 else []
            out.append(("", col, subtotal or next(iter(alone), None)))
        return out
    printed = {r[_COLUMN] for r in rows}
    return [
        ("", col, next((r for r in totals if r[_COLUMN] == col), None))
        for col in KEY_COLUMNS[table_id]
        if col in printed
    ]


def key_figures(line_items: list[tuple], checks: list[TotalCheck]) -> list[KeyFigure]:
    """The key figures of every key table that has rows, each with whether it is read and its
    printed total reproduced by the checks of `check_totals` (``checks``): every check of its
    table, side and column passes (a 收支总表's 支出总计 = 本年支出合计 + 结转下年 says nothing
    when 本年支出合计 is not reproduced). A 收支总表's totals also need 收入总计 = 支出总计 (the
    ``both`` check) and a 支出总表 合计 a check, or in its total column the figure of a
    printed total of the 收支总表's spending side (within the rounding of the two figures,
    `_tie`): a key figure nothing can reproduce is not
    counted as exact. A one-row 三公 table (its 合计 alone) is read, not checkable: it counts
    when read."""
    by_table: dict[str, list[tuple]] = {}
    for item in line_items:
        if item[_TABLE] in (IES, "three_public_expenses", *KEY_COLUMNS):
            by_table.setdefault(item[_TABLE], []).append(item)
    # the spending side's printed totals of the 收支总表: a 支出总表 合计 its rows cannot reproduce
    # (a table of units, no codes) is reproduced by the identity 支出总表 合计 = 本年支出合计
    spent = {
        r[_AMOUNT]
        for r in by_table.get(IES, [])
        if r[_SIDE] == "expenditure" and not r[_CODE] and _TOTAL.match(squash(r[_NAME]))
    }
    out = []
    for table_id, rows in by_table.items():
        for side, column, row in _key_rows(table_id, rows):
            mine = [
                c
                for c in checks
                if c.table_id == table_id and c.side in (side, "both") and c.column_id == column
            ]
            needed = table_id != "three_public_expenses"
            tied = (
                table_id == "expenditure_summary"
                and not mine
                and column == "total"
                and row is not None
                and any(_tie(row[_AMOUNT], amount).rounded for amount in spent)
            )
            ok = row is not None and (bool(mine) or not needed or tied)
            if table_id == IES:
                ok = ok and any(c.side == "both" for c in mine)
            ok = ok and all(c.reproduced or c.rounded for c in mine)
            out.append(KeyFigure(table_id, column, side, row, ok, bool(mine)))
    return _split_tied(out)


def _tie(figure: Decimal, printed: Decimal) -> TotalCheck:
    """A figure against another table's printed total, within the rounding of the coarser of the
    two (a 支出总表 合计 printed 480544221.6 元 under a 支出总计 of 480544221.62 元)."""
    places = min(-a.normalize().as_tuple().exponent for a in (figure, printed))
    # the stored amounts keep no trailing zeros: 857808.00 printed reads as a whole 万元, so the
    # step is at most 0.01 万元 (a 万元 figure's last printed decimal)
    step = min(Decimal(1).scaleb(-max(places, 0)), _TIE_STEP)
    return TotalCheck("", "", "", printed, figure, 0, None, "", step=step)


_TIE_STEP = Decimal("0.01")


def _split_tied(figures: list[KeyFigure]) -> list[KeyFigure]:
    """A 支出总表 合计 whose basic and project no rows can reproduce (a 汇总's department row
    over units' blocks left unread): they are reproduced when they add up to its reproduced
    total (合计 = 基本支出 + 项目支出 on the row)."""
    mine = {k.column_id: k for k in figures if k.table_id == "expenditure_summary"}
    total, basic, project = (mine.get(c) for c in ("total", "basic", "project"))
    if not (total and basic and project and total.exact and basic.row and project.row):
        return figures
    if (
        basic.checked
        or project.checked
        or basic.row[_AMOUNT] + project.row[_AMOUNT] != (total.row[_AMOUNT])
    ):
        return figures
    return [replace(k, reproduced=True) if k in (basic, project) else k for k in figures]
