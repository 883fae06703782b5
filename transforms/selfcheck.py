"""The reader's self-check that needs no answer key: a table's rows must reproduce its own printed
合计 (exact Decimal). Printed disclosures are rarely wrong, so a total the rows do not reproduce
is first a reader error — rows missed, a row read twice, a digit misread — and is reported as
finding ``total_not_reproduced`` (docs/parser.md, INTERFACES §1).

Checked per table, side and contract column, on the line items of `transforms.normalise`:
- a classified table (function or economic codes): its 合计/总计 row against the rows of the top
  level printed (the 类; the 款 where no 类 is printed); the message names each top row whose
  own children do not add up to it, so the missing rows can be found;
- a 三公 table: its “三公”经费小计 against 一、/二、/三、.
Two-sided summary tables have identities of their own (checked downstream by expectations).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetwatch.transforms.ir import Finding
from budgetwatch.transforms.tables import TWO_SIDED, squash

_TOTAL = re.compile(r"^(?:本年)?(?:支出)?(?:合计|总计)$")
_THREE_PART = re.compile(r"^[一二三]、")

# positions in normalise.LINE_ITEM_COLUMNS
_TABLE, _SIDE, _CODE, _LEVEL, _NAME, _COLUMN, _AMOUNT, _PAGE, _LINE = 0, 1, 3, 4, 5, 7, 8, 9, 10


@dataclass(frozen=True)
class TotalCheck:
    table_id: str
    side: str
    column_id: str
    printed: Decimal
    summed: Decimal
    line: int
    page: int | None
    detail: str  # the top rows whose children do not add up to them

    terms: int = 0  # rows added up
    step: Decimal = Decimal(0)  # the last printed decimal of the amounts

    @property
    def reproduced(self) -> bool:
        return self.printed == self.summed

    @property
    def rounded(self) -> bool:
        """Off by no more than the rounding of the printed parts (half the last printed decimal
        per row): a table printed in 万元 from 元 figures (Guangzhou 103,700.53 over rows adding
        to 103,700.54). The page's own rounding, not a row missing."""
        return abs(self.printed - self.summed) <= self.step / 2 * (self.terms + 1)


def _classified(rows: list[tuple], total: tuple, table_coded: bool) -> TotalCheck | None:
    """``table_coded``: some column of the table has coded rows. A column whose 合计 has none
    under it (its rows blank), or a table printing a 合计 and no other row, adds up to 0."""
    coded = [r for r in rows if r[_CODE] and r[_LEVEL] is not None]
    if not coded and not table_coded and any(r is not total for r in rows):
        return None
    top = min((r[_LEVEL] for r in coded), default=0)
    tops = [r for r in coded if r[_LEVEL] == top]
    summed = sum((r[_AMOUNT] for r in tops), Decimal(0))
    odd = []
    for r in tops:
        children = [c[_AMOUNT] for c in coded
                    if c[_LEVEL] == top + 1 and c[_CODE].startswith(r[_CODE])]
        if children and sum(children, Decimal(0)) != r[_AMOUNT]:
            odd.append(f"{r[_CODE]} {r[_AMOUNT]} vs its rows {sum(children, Decimal(0))}")
    return TotalCheck(total[_TABLE], total[_SIDE], total[_COLUMN], total[_AMOUNT], summed,
                      total[_LINE], total[_PAGE], "; ".join(odd[:5]), len(tops),
                      _step([total, *tops]))


def _three_public(rows: list[tuple]) -> TotalCheck | None:
    subtotal = next((r for r in rows if "小计" in r[_NAME] and not r[_CODE]), None)
    parts = [r for r in rows if _THREE_PART.match(r[_NAME])]
    if subtotal is None or not parts:
        return None
    summed = sum((r[_AMOUNT] for r in parts), Decimal(0))
    return TotalCheck(subtotal[_TABLE], subtotal[_SIDE], subtotal[_COLUMN], subtotal[_AMOUNT],
                      summed, subtotal[_LINE], subtotal[_PAGE], "", len(parts),
                      _step([subtotal, *parts]))


def _step(rows: list[tuple]) -> Decimal:
    """One unit of the finest decimal printed among the amounts (0.01 for 万元 to 2 places)."""
    places = max(-r[_AMOUNT].normalize().as_tuple().exponent for r in rows)
    return Decimal(1).scaleb(-max(places, 0))


def check_totals(line_items: list[tuple]) -> list[TotalCheck]:
    """Every printed total of ``line_items`` (rows in `normalise.LINE_ITEM_COLUMNS` order) that
    its rows can reproduce, with what they add up to."""
    groups: dict[tuple, list[tuple]] = {}
    coded_tables = set()
    for item in line_items:
        if item[_TABLE] not in TWO_SIDED:
            groups.setdefault((item[_TABLE], item[_SIDE], item[_COLUMN]), []).append(item)
            if item[_CODE] and item[_LEVEL] is not None:
                coded_tables.add(item[_TABLE])
    checks = []
    for (table_id, _, _), rows in groups.items():
        if table_id == "three_public_expenses":
            check = _three_public(rows)
        else:
            total = next((r for r in rows if not r[_CODE] and _TOTAL.match(squash(r[_NAME]))),
                         None)
            check = (_classified(rows, total, table_id in coded_tables) if total is not None
                     else None)
        if check is not None:
            checks.append(check)
    return checks


def total_findings(checks: list[TotalCheck]) -> list[Finding]:
    out = []
    for c in checks:
        if c.reproduced:
            continue
        gap = c.printed - c.summed
        if c.rounded:
            out.append(Finding(
                "total_rounding", "info",
                f"printed total {c.printed} ({c.column_id}, line {c.line}) differs from its "
                f"{c.terms} rows' sum {c.summed} by {gap}: the rounding of the printed figures",
                c.table_id, "", c.line, c.page))
            continue
        where = f"; rows not adding up to their own total: {c.detail}" if c.detail else ""
        out.append(Finding(
            "total_not_reproduced", "warning",
            f"printed total {c.printed} ({c.column_id}, line {c.line}) but its rows add up to "
            f"{c.summed}: {gap} {'missing' if gap > 0 else 'too much'}{where}",
            c.table_id, "", c.line, c.page))
    return out
