"""三公 tables printed with the items as columns, rewritten as one row per item (`ItemRows`).

Templates print the 三公 items (因公出国（境）费, 公务接待费, 公务用车购置及运行维护费 …) as header
columns, sometimes split per fund (一般公共预算 | 政府性基金预算 | 国有资本经营预算), with one data row
per year (2025年 | 2026年 | 增减变化金额), per 预算数/决算数, or per unit (三公 by unit), or with the
years as column groups. The contract wants one row per item: each becomes a row named as in the
standard template, and of the blocks the document's own is kept (`ItemRows.resolve`): the latest
year, the 决算数 where both are printed, the 合计 row or else the department's own unit. A 增减 row
or column is never an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetwatch.transforms.ir import Cell, RawRow
from budgetwatch.transforms.pdf_columns import PAIR, Column, three_public_name
from budgetwatch.transforms.tables import column_role, squash

_COLUMNS = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "合计")
_FUNDS = {
    "一般公共预算": "一般公共预算",
    "一般公共预算拨款": "一般公共预算",
    "政府性基金预算": "政府性基金预算",
    "政府性基金预算拨款": "政府性基金预算",
    "国有资本经营预算": "国有资本经营预算",
    "国有资本经营预算拨款": "国有资本经营预算",
}
LABELS = {0: "项目", **{k + 1: label for k, label in enumerate(_COLUMNS)}}
_BLOCK_COLUMN = re.compile(r"^(?:年度|年份|时间)$")
_BLOCK_ROW = re.compile(r"^(?:\d{4}年(?:度)?(?:预算数?|决算数?)?|增减.*|变化.*|变动.*)$")
_CHANGE = re.compile(r"增减|变化|变动")
_YEAR = re.compile(r"(\d{4})年")
_TOTALS = ("合计", "总计", "小计")


def block_named(raw: RawRow) -> bool:
    """A row named by a block (预算数, 决算数, 2026年) where a table prints items as columns."""
    names = [
        squash(c.text)
        for pos, c in enumerate(raw.cells)
        if column_role(raw.columns.get(pos, "")) == "name" and c.text
    ]
    return bool(names) and all(n in PAIR or _BLOCK_ROW.match(n) for n in names)


@dataclass
class ItemRows:
    """The item rows of one table, with the blocks they came from."""

    years: dict[int, list[RawRow]] = field(default_factory=dict)
    units: dict[str, list[RawRow]] = field(default_factory=dict)
    pairs: dict[str, list[RawRow]] = field(default_factory=dict)  # 预算数 / 决算数
    last_unit: str = ""

    def rows(self, columns: list[Column], raw: RawRow) -> list[RawRow]:
        """One row per item of the printed row ``raw``, its amount per fund where split."""
        block = _block(columns, raw)
        if _CHANGE.search(block):
            return []
        unit = next(
            (
                squash(c.text)
                for col, c in zip(columns, raw.cells)
                if column_role(col.label) == "unit"
            ),
            "",
        )
        if block and not unit:
            unit = self.last_unit  # the unit cell spans its year rows (Shenzhen)
        self.last_unit = unit
        items: dict[str, list[Cell]] = {}
        for col, cell in _item_cells(columns, raw):  # blank items too: the table lists them
            fund = _FUNDS.get(col.path[-1]) if len(col.path) > 1 else None
            name = three_public_name(col.path[:-1] if fund else col.path)
            if name is None:
                continue
            row = items.setdefault(
                name,
                [Cell(name, cell.line, cell.page)]
                + [Cell("", cell.line, cell.page) for _ in _COLUMNS],
            )
            row[1 + _COLUMNS.index(fund or "合计")] = cell
        out = [RawRow(cells, raw.line, raw.page, LABELS) for cells in items.values()]
        year = _YEAR.search(block)
        if year:
            self.years.setdefault(int(year.group(1)), []).extend(out)
        if unit and unit not in _TOTALS:
            self.units.setdefault(unit, []).extend(out)
        if block in PAIR:
            self.pairs.setdefault(block, []).extend(out)
        return out

    def resolve(self, rows: list[RawRow], department: str) -> tuple[list[RawRow], int]:
        """The table's rows without the other blocks': of rows per year the latest year's (a
        budget compares with the year before), of 预算数/决算数 the 决算数, of rows per unit the
        合计 row's or, without one, the department's own unit's. Returns the rows kept and the
        number of units when several were printed without any of the department's rows (then
        none is kept)."""
        drop: set[int] = set()
        if len(self.years) > 1:
            latest = max(self.years)
            drop |= {id(r) for year, rs in self.years.items() if year != latest for r in rs}
        if len(self.pairs) > 1:
            drop |= {id(r) for r in self.pairs["预算数"]}
        tagged = sum(len(rs) for rs in self.units.values())
        own = self.units.pop(department, []) if len(self.units) > 1 and tagged == len(rows) else []
        unit_rows = {id(r) for rs in self.units.values() for r in rs}
        orphaned = 0
        if own:
            drop |= unit_rows
        elif len(self.units) > 1 or (self.units and len(unit_rows) < len(rows)):
            drop |= unit_rows
            orphaned = len(self.units) if len(unit_rows) == len(rows) else 0
        self.years.clear()
        self.units.clear()
        self.pairs.clear()
        return [r for r in rows if id(r) not in drop], orphaned


def _block(columns: list[Column], raw: RawRow) -> str:
    """What block a printed row is: its 年度 cell, or a cell reading 2026年 / 决算数 / 增减…."""
    block = next(
        (
            squash(c.text)
            for col, c in zip(columns, raw.cells)
            if _BLOCK_COLUMN.search(col.label) and c.text
        ),
        "",
    )
    return block or next(
        (
            squash(c.text)
            for c in raw.cells
            if squash(c.text) in PAIR or _BLOCK_ROW.match(squash(c.text))
        ),
        "",
    )


def _item_cells(columns: list[Column], raw: RawRow) -> list[tuple[Column, Cell]]:
    """The cells under item columns: not the 序号, unit, name or block columns, not a 增减 column,
    not an earlier year's column group (Xi'an: 2020年 | 2021年 | 增减变化情况), not the 预算数 of
    a 预算数/决算数 pair."""
    final_pairs = any(col.path[-1] == "决算数" for col in columns)
    years = {
        k: int(y.group(1))
        for k, col in enumerate(columns)
        for y in [_YEAR.search("".join(col.path))]
        if y
    }
    latest = max(years.values(), default=None)
    return [
        (col, cell)
        for k, (col, cell) in enumerate(zip(columns, raw.cells))
        if not (
            (final_pairs and col.path[-1] == "预算数")
            or _BLOCK_COLUMN.search(col.label)
            or column_role(col.label) in ("unit", "name", "row_no")
            or _CHANGE.search(col.label)
            or years.get(k, latest) != latest
        )
    ]
