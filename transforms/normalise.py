"""Raw tables → ``line_items`` and ``table_status`` rows (plain Python rows; frames are built once
per document in ``transforms.reader``).

Conventions (shared with the generator): one line item per printed amount cell, blank → no row;
``row_no`` = 序号 as printed; two-sided tables give each side's amounts their own items; the
expenditure-side 类 rows of two-sided tables get the 类 code from the summary-row catalogue; named
rows (合计, 本年收入合计 …) have an empty code and the printed name without wrap spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from budgetwatch.contract.tables import TOTAL
from budgetwatch.transforms.catalogue import Catalogue, Entry
from budgetwatch.transforms.cells import (
    BadAmount,
    clean_code,
    clean_name,
    parse_amount,
    split_code_name,
    strip_ordinal,
)
from budgetwatch.transforms.ir import Finding, RawRow, RawTable
from budgetwatch.transforms.selfcheck import check_totals, total_findings
from budgetwatch.transforms.tables import (
    ECONOMIC_TABLES,
    KNOWN_TABLES,
    STANDS_IN,
    TWO_SIDED,
    code_name_rank,
    column_id,
    column_role,
    generic_leaf,
    ignored_column,
    squash,
)

# ``301 2 津贴补贴``: a code printed in its parts, a 款 / 项 part without its leading zero
_GROUPS_UNPADDED = re.compile(r"^\s*(\d{3})((?:\s+\d{1,2}){1,2})(?=\s|$)(.*)$", re.S)
_CODE_LEVELS = {"function": {3: 1, 5: 2, 7: 3}, "economic": {3: 1, 5: 2}}
_YEAR_IN = re.compile(r"\d{4}")
_EMPTY_NOTE = re.compile(r"无.*(空表|列示|收支|支出|数据)|空表列示")
# the columns that tell a 款's basic rows from its project rows (unnamed_blocks)
SPLIT = frozenset(("basic", "project"))

LINE_ITEM_COLUMNS = (
    "table_id",
    "side",
    "row_no",
    "code",
    "level",
    "name",
    "canonical_name",
    "column_id",
    "amount_wan",
    "source_page",
    "source_line",
    "source_cell",
    "page_verified",
)


def pad_code_parts(text: str, known) -> str:
    """``301 2 津贴补贴`` → ``30102 津贴补贴`` where the catalogue knows the padded code: a part
    of one digit after a space is a 款 / 项 whose leading zero the page dropped."""
    m = _GROUPS_UNPADDED.match(text)
    if m is None:
        return text
    parts = m.group(2).split()
    if all(len(part) == 2 for part in parts):
        return text
    code = m.group(1) + "".join(part.zfill(2) for part in parts)
    return code + m.group(3) if known(code) else text


@dataclass
class TableOutput:
    line_items: list[tuple] = field(default_factory=list)  # in LINE_ITEM_COLUMNS order
    table_status: list[tuple] = field(default_factory=list)  # (table_id, title, status, note, line)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _Layout:
    row_no: int | None  # None: the template prints no 序号
    code: int | None
    names: dict[str, int]  # side ("" for one-sided) → name position
    amounts: dict[int, tuple[str, str]]  # position → (side, column_id)
    unmapped: tuple[str, ...] = ()  # header labels of columns with no contract column
    ambiguous: tuple[str, ...] = ()  # several columns for one contract column: none is read
    code_name: int | None = None  # a column printing code and name in one cell
    unit: int | None = None  # the unit a row is of: the name of a row without one (本级 total)
    summed: dict[int, tuple[int, ...]] = field(default_factory=dict)  # pos → the parts it sums
    # side → its amount columns in ``amounts``' order: (position, column_id, positions read);
    # made once per layout, not filtered again for every row (``amounts``)
    columns: dict[str, tuple[tuple[int, str, tuple[int, ...]], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        columns: dict[str, list] = {}
        for pos, (side, cid) in self.amounts.items():
            columns.setdefault(side, []).append((pos, cid, self.summed.get(pos, (pos,))))
        object.__setattr__(self, "columns", {side: tuple(c) for side, c in columns.items()})


def _side(label: str) -> str:
    """收入 or 支出, whichever the label names first (收入项目, 本年收入预算数, 财政拨款支出合计)."""
    income, expenditure = label.find("收入"), label.find("支出")
    return "income" if income >= 0 and (expenditure < 0 or income < expenditure) else "expenditure"


def _current(label: str, year: int | None) -> int:
    """How surely a column is the year's own amount: 2026年预算数 over 2025年预算数, 本年 over
    上年结转 (blocks printed side by side), 决算数 over 预算数 (a table printing both is a 决算's)."""
    score = 0
    if year is not None and str(year) in label:
        score += 2
    if _YEAR_IN.search(label) and (year is None or str(year) not in label):
        score -= 2
    if "上年" in label or "结转" in label or "增减" in label or "变动" in label:
        score -= 2
    if "决算" in label:
        score += 1
    return score


def _pick(candidates: list[tuple[int, str, bool]], year: int | None) -> tuple[int | None, list]:
    """The one column for a contract column: the strong candidates (the leaf names it, or is a
    bare 小计/合计 under a parent that does) before the weak ones (a part under its parent:
    基本支出/人员经费 in a table whose contract column is 基本支出), then the current year's.
    (None, all) when still more than one: a guess would be a silent wrong number."""
    strong = [c for c in candidates if c[2]] or candidates
    best = max(_current(label, year) for _, label, _ in strong)
    top = [c for c in strong if _current(c[1], year) == best]
    if len(top) == 1:
        return top[0][0], []
    return None, top


def _layout(
    table_id: str,
    columns: dict[int, str],
    paths: dict[int, tuple[str, ...]] | None,
    year: int | None = None,
) -> _Layout:
    two_sided = table_id in TWO_SIDED
    row_no, code, names, unmapped, unit = None, None, {}, [], None
    code_names: list[tuple[int, int]] = []  # (rank, position)
    wanted: dict[tuple[str, str], list[tuple[int, str, bool]]] = {}
    owner: dict[int, int] = {}  # amount position → the name column on its left
    name_pos = None
    sides_unknown: list[str] = []  # the labels of the name columns
    for pos, label in sorted(columns.items()):
        if ignored_column(table_id, label) or (
            not two_sided and table_id.endswith("_expenditure") and label.startswith("收入")
        ):
            # a spending table printed as a 收支表 (Xi'an 政府性基金收支表): its 收入 side
            continue
        side = _side(label) if two_sided else ""
        role = column_role(label)
        if two_sided and role == "code_name":
            role = "name"  # 支出功能分科目: the expenditure side's names (Xi'an)
        if role in ("name", "code_name", "code"):
            name_pos = pos
        owner[pos] = name_pos
        if role == "row_no":
            row_no = pos
        elif role == "unit":  # of 单位编码 | 单位名称 the name
            unit = pos if unit is None or "名称" in label else unit
        elif role == "code":  # of 部门 and 政府 economic codes the 部门 one (Xi'an)
            if code is None or code_name_rank(table_id, label) < code_name_rank(
                table_id, columns[code]
            ):
                code = pos
        elif role == "name":
            sides_unknown.append(label)
            names.setdefault(side, pos)
        elif role == "code_name":
            code_names.append((code_name_rank(table_id, label), pos))
        elif (cid := column_id(table_id, label)) is not None:
            leaf = paths[pos][-1] if paths and pos in paths else label
            strong = leaf == label or generic_leaf(leaf) or column_id(table_id, leaf) == cid
            wanted.setdefault((side, cid), []).append((pos, label, strong))
        elif label:
            unmapped.append(label)
    amounts: dict[int, tuple[str, str]] = {}
    summed: dict[int, tuple[int, ...]] = {}
    ambiguous: list[str] = []
    for (side, cid), candidates in wanted.items():
        if two_sided and names.get(side) is not None:
            # a side printed in several blocks (Xi'an: by function, then by two economic
            # classifications): the amounts of the side's first name column
            mine = [c for c in candidates if owner.get(c[0]) == names[side]]
            unmapped += [label for p, label, _ in candidates if (p, label, _) not in mine]
            candidates = mine or candidates
        elif not two_sided and len({owner.get(c[0]) for c in candidates}) > 1:
            # the spending printed by function, then by two economic classifications side by
            # side (Xi'an): the amounts of the column the rows take their codes from
            first = names.get("", min(code_names)[1] if code_names else None)
            mine = [c for c in candidates if owner.get(c[0]) == first]
            unmapped += [label for p, label, _ in candidates if (p, label, _) not in mine]
            candidates = mine or candidates
        pos, left = _pick(candidates, year)
        parts = _fund_parts(left, paths)
        if pos is not None:
            amounts[pos] = (side, cid)
            unmapped += [label for p, label, _ in candidates if p != pos]
        elif parts:
            amounts[parts[0]] = (side, cid)
            summed[parts[0]] = parts
        else:
            ambiguous += [label for _, label, _ in left]
    if two_sided and len(sides_unknown) >= 2 and len(names) < 2:
        # both sides' 项目 and no 收入/支出 above either: which side is which is unknown
        return _Layout(row_no, code, {}, {}, tuple(unmapped), tuple(sides_unknown))
    code_name = min(code_names)[1] if code_names else None
    if code_name is not None and code is None and "" not in names:
        names[""] = code_name
    if unit is not None and not names and code is None:
        names[""] = unit
    return _Layout(
        row_no, code, names, amounts, tuple(unmapped), tuple(ambiguous), code_name, unit, summed
    )


_LAYOUTS: dict[tuple, _Layout] = {}  # a template's headers recur on every page and document


def _cached_layout(
    table_id: str,
    columns: dict[int, str],
    paths: dict[int, tuple[str, ...]] | None,
    year: int | None,
) -> _Layout:
    """``_layout``, once per distinct header (a layout is read, never changed, by its rows)."""
    key = (table_id, tuple(columns.items()), paths if paths is None else tuple(paths.items()), year)
    layout = _LAYOUTS.get(key)
    if layout is None:
        if len(_LAYOUTS) > 20_000:  # bounded: a long-lived worker reads many templates
            _LAYOUTS.clear()
        layout = _LAYOUTS[key] = _layout(table_id, columns, paths, year)
    return layout


def _fund_parts(
    candidates: list[tuple[int, str, bool]], paths: dict[int, tuple[str, ...]] | None
) -> tuple[int, ...]:
    """The columns of a contract column printed only in its parts, with no total column of their
    own: 财政拨款收入 over 一般公共预算 | 政府性基金预算 | 国有资本经营预算 (Guangzhou 收入总表).
    Every candidate is a part (weak) under one and the same parent and none is a 小计/合计:
    their sum is the contract column. Anything else stays ambiguous."""
    if len(candidates) < 2 or not paths or any(strong for _, _, strong in candidates):
        return ()
    parents = {paths.get(pos, ())[:-1] for pos, _, _ in candidates}
    leaves = [paths.get(pos, ("",))[-1] for pos, _, _ in candidates]
    if (
        len(parents) != 1
        or not next(iter(parents))
        or len(set(leaves)) != len(leaves)
        or any("计" in leaf for leaf in leaves)
    ):
        return ()
    return tuple(pos for pos, _, _ in candidates)


class _UnitBlocks:
    """A table with a 预算单位 column prints each unit's total row (its name in that column)
    followed by the unit's coded rows. Of a 汇总 (Shenzhen 135: 深圳市生态环境局, then
    深圳市生态环境局（本级）, 深圳市饮用水源保护管理办公室 … each with its own 205, 208 …) only
    the first unit's block is the document's own: the department's row, with its codes where
    they are printed. The other units' rows would repeat codes as if they were the department's
    amounts; they are counted and reported instead (finding ``unit_rows``)."""

    def __init__(self) -> None:
        self.names: list[str] = []  # units in order of their first row
        self.others: set[str] = set()
        self.skipped: list[int] = []  # lines of the rows not read

    def first(self, row: RawRow, unit_pos: int | None) -> bool:
        """Whether ``row`` belongs to the first unit's block (or the table has no units)."""
        name = clean_name(row.text(unit_pos)) if unit_pos is not None else ""
        if name and name not in self.names:
            self.names.append(name)
        if name and name != self.names[0]:
            self.others.add(name)
        if len(self.names) < 2:
            return True
        self.skipped.append(row.line)
        return False


def parse_or_none(text: str) -> bool:
    """A printed amount other than blank or zero."""
    try:
        return bool(parse_amount(text))
    except BadAmount:
        return True


def _row_no(row: RawRow, pos: int | None) -> int | None:
    if pos is None:
        return None
    key = squash(row.text(pos))
    return int(key) if key.isdigit() else None


def _squashed(row: RawRow) -> tuple[str, ...]:
    return tuple(squash(c.text) for c in row.cells)


def _amounts(items: list[tuple]) -> list[tuple]:
    """(column, amount) of one line's items, in order."""
    return sorted((i[7], i[8]) for i in items)


class _TableNormaliser:
    def __init__(self, catalogue: Catalogue, out: TableOutput, year: int | None):
        self.cat = catalogue
        self.out = out
        self.year = year
        self.units: set[str] = set()  # the units the document's tables print
        self.subitems: set[int] = set()  # lines of 7-digit economic sub-items read as their 款

    def finding(
        self, kind: str, severity: str, message: str, table_id: str, code: str, line: int
    ) -> None:
        self.out.findings.append(Finding(kind, severity, message, table_id, code, line))

    def lookup(self, table: RawTable, code: str, name: str, line: int) -> tuple[int | None, str]:
        """Level and canonical name of a code; findings for bad/unknown codes and name mismatch."""
        system = "economic" if table.table_id in ECONOMIC_TABLES else "function"
        level = _CODE_LEVELS[system].get(len(code)) if code.isdigit() else None
        if level is None:
            self.finding(
                "bad_code",
                "warning",
                f"code '{code}' is not a {system} code of 3/5/7 digits",
                table.table_id,
                code,
                line,
            )
            return None, ""
        entries: dict[str, Entry] = self.cat.economic if system == "economic" else self.cat.function
        entry = entries.get(code)
        if entry is None:
            self.finding(
                "unknown_code",
                "info",
                f"code {code} is not in the {self.cat.edition} {system} catalogue",
                table.table_id,
                code,
                line,
            )
            return level, ""
        self.check_name(table.table_id, code, name, entry, line)
        return level, entry.name

    def unit_code(self, table: RawTable, code: str, name: str, line: int) -> bool:
        """A 6-digit code in a classification column is a 预算单位 code (105236 西南大学 under the
        合计 of 西南大学支出预算表): the row is that unit's, read by its name without a code.
        Classification codes have 3, 5 or 7 digits."""
        if not (len(code) == 6 and code.isdigit() and name):
            return False
        self.finding(
            "unit_row",
            "info",
            f"'{code} {name}' is a unit's row (a 6-digit unit "
            "code, no classification code): read by its name",
            table.table_id,
            code,
            line,
        )
        return True

    def resolve(
        self, table: RawTable, code: str, name: str, line: int
    ) -> tuple[str, int | None, str]:
        """Code, level and canonical name of a printed code. A 7-digit economic code whose
        first five digits are a catalogue 款 is a local sub-item of that 款 (Beijing 3021101
        差旅费, 3021503 三类会议费 under 30211, 30215): the economic classification ends at the
        款, so the row is read as the 款 — its printed name kept — and a finding keeps the
        printed code and line."""
        parent = self.cat.economic.get(code[:5])
        if (
            table.table_id in ECONOMIC_TABLES
            and len(code) == 7
            and code.isdigit()
            and parent is not None
        ):
            self.subitems.add(line)
            self.finding(
                "economic_subitem",
                "info",
                f"{code} '{name}' is a sub-item of 款 {code[:5]} {parent.name}: read as {code[:5]}",
                table.table_id,
                code,
                line,
            )
            return code[:5], _CODE_LEVELS["economic"][5], parent.name
        return (code, *self.lookup(table, code, name, line))

    def check_name(self, table_id: str, code: str, printed: str, entry: Entry, line: int) -> None:
        if printed and squash(printed) != squash(entry.name):
            severity = "info" if entry.confidence == "low" else "warning"
            self.finding(
                "name_mismatch",
                severity,
                f"{code}: printed '{printed}', catalogue '{entry.name}' (kept as printed)",
                table_id,
                code,
                line,
            )

    def amounts(
        self, table: RawTable, row: RawRow, layout: _Layout, side: str, ident: tuple
    ) -> None:
        unit = table.unit or "万元"
        for _, cid, parts in layout.columns.get(side, ()):
            read = []  # (amount, cell) of the column's printed cells: one, or the summed parts
            for p in parts:
                if p >= len(row.cells):
                    continue
                cell = row.cells[p]
                try:
                    value = parse_amount(cell.text, unit)
                except BadAmount:
                    self.finding(
                        "bad_amount",
                        "warning",
                        f"'{cell.text}' in column {cid} is not an amount",
                        table.table_id,
                        ident[3],
                        cell.line,
                    )
                    read = []
                    break
                if value is not None:
                    read.append((value, cell))
            if not read:
                continue
            cell = read[0][1]
            if len(read) == 1:  # most columns: one cell, the same values without the loops
                verified = None if cell.verified is None else bool(cell.verified)
                amount = sum((read[0][0],))
            else:
                verified = (
                    None
                    if any(c.verified is None for _, c in read)
                    else all(c.verified for _, c in read)
                )
                amount = sum(v for v, _ in read)
            self.out.line_items.append(
                (*ident, cid, amount, cell.page, cell.line, cell.address or None, verified)
            )

    def table(self, table: RawTable) -> None:
        if not table.unit and table.rows:
            # tables in 元 and in 万元 share documents (Xi'an): without a unit line, 万元 is a
            # guess, a safe one only where every other table says 万元
            self.finding(
                "unit_assumed",
                "info" if self.units <= {"万元"} else "warning",
                f"'{table.title}' prints no unit; its amounts are read as 万元",
                table.table_id,
                "",
                table.title_line,
            )
        layouts: dict[int, _Layout] = {}  # one header mapping per page, shared by its rows
        first_item = len(self.out.line_items)
        previous = ""  # the expenditure name of the row above (two-sided tables)
        context = ["", ""]  # the 类 and 款 codes of the rows above (rows printing names only)
        units = _UnitBlocks()
        for row in table.rows:
            layout = layouts.get(id(row.columns))
            if layout is None:
                layout = layouts[id(row.columns)] = _cached_layout(
                    table.table_id, row.columns, row.paths, self.year
                )
                if layout.ambiguous:
                    self.finding(
                        "ambiguous_column",
                        "warning",
                        f"columns {', '.join(layout.ambiguous)} of the header above line "
                        f"{row.line} could each be the same contract column; none is "
                        "read",
                        table.table_id,
                        "",
                        row.line,
                    )
                for pos, parts in layout.summed.items():
                    self.finding(
                        "summed_columns",
                        "info",
                        f"{layout.amounts[pos][1]} is printed only in its parts "
                        f"({', '.join(row.columns[p] for p in parts)}, header above line "
                        f"{row.line}, no total column): read as their sum",
                        table.table_id,
                        "",
                        row.line,
                    )
                if not layout.amounts:
                    self.finding(
                        "unknown_header",
                        "warning",
                        f"no known amount column in the header above line {row.line}; "
                        "the page's rows are skipped",
                        table.table_id,
                        "",
                        row.line,
                    )
                elif layout.unmapped:
                    # the row sums over this table's columns are incomplete (expectations)
                    self.finding(
                        "unmapped_column",
                        "info",
                        f"column(s) {', '.join(layout.unmapped)} of the header above "
                        f"line {row.line} have no contract column and are not read",
                        table.table_id,
                        "",
                        row.line,
                    )
            # a table whose rows are the units (Suzhou 公开02表: 部门代码 | 部门名称, no 科目) has
            # no blocks to skip: the unit column is its name column
            blocks = None if layout.unit in layout.names.values() else layout.unit
            if not layout.amounts or not units.first(row, blocks):
                continue
            row_no = _row_no(row, layout.row_no)
            above = previous
            for side, name_pos in (layout.names or {"": None}).items():
                name = clean_name(row.text(name_pos)) if name_pos is not None else ""
                code, level, canonical = "", None, ""
                if layout.code is None and name_pos is not None and side != "expenditure":
                    # a code printed in the name cell ([201]一般公共服务支出, 2013601-行政运行)
                    code, name = split_code_name(
                        pad_code_parts(row.text(name_pos), self.known), self.known
                    )
                    if code:
                        code, level, canonical = self.resolve(table, code, name, row.line)
                elif layout.code is not None:
                    printed = pad_code_parts(row.text(layout.code), self.known)
                    code = clean_code(printed)
                    if code and not code.isdigit() and not name:
                        # code and name run together into the code column (Beijing 248 p.8,
                        # drawn without rules: `2050803   培训支出`, the name column empty)
                        split, rest = split_code_name(printed, self.known)
                        code, name = (split, rest) if split and rest else (code, name)
                    if self.unit_code(table, code, name, row.line):
                        code = ""
                    code = self.rebuilt(table, code, name, row.line, context)
                    if code:
                        code, level, canonical = self.resolve(table, code, name, row.line)
                        if code.isdigit() and len(code) in (3, 5):
                            # the 类 / 款 open for the rows below (code_by_name, rebuilt)
                            # (a 类 opens [类, ""], a 款 [类, 款]: 3 // 3 == 5 // 3 lost the 类)
                            depth = (len(code) - 3) // 2
                            context[depth:] = [code] + [""] * (1 - depth)
                if not code and name and layout.code is None and not side:
                    code = self.code_by_name(table, name, context)
                    if code:
                        level, canonical = self.lookup(table, code, strip_ordinal(name), row.line)
                if not name and not code and layout.unit is not None:
                    # the unit's own total row (Shenzhen prints no 合计: 深圳市应急管理局（本级）
                    # over its 类): canonically the table's 合计, so its rows can check it
                    name = clean_name(row.text(layout.unit))
                    canonical = TOTAL if name else ""
                elif side == "expenditure":
                    previous = strip_ordinal(name)
                    # 五、其他支出 / 其他支出 / 其他支出: the 类, then its 款 and 项
                    if name and strip_ordinal(name) != above:
                        code, level, canonical = self.summary_class(table, name, row.line)
                ident = (table.table_id, side, row_no, code, level, name, canonical)
                if not name and not code:
                    if any(
                        parse_or_none(row.text(pos))
                        for pos, (s, _) in layout.amounts.items()
                        if s == side
                    ):
                        self.finding(
                            "unmapped_row",
                            "warning",
                            f"amounts at line {row.line} have neither a name nor a code; not read",
                            table.table_id,
                            "",
                            row.line,
                        )
                    continue
                self.amounts(table, row, layout, side, ident)
        self.drop_subitems_under_their_kuan(table, first_item)
        self.drop_repeated_leaves(table, first_item)
        self.unnamed_blocks(table, first_item)
        if units.skipped:
            coded = any(item[3] for item in self.out.line_items[first_item:])
            read = (
                f"the rows of {units.names[0]} are read"
                if coded
                else f"only the total row of {units.names[0]} is read (its codes are printed "
                "per unit only; nothing to check it against)"
            )
            self.finding(
                "unit_rows",
                "info",
                f"'{table.title}' lists {len(units.others)} other unit(s) after "
                f"{units.names[0]} (from line {units.skipped[0]}): {read}, the "
                f"{len(units.skipped)} rows of the others are not (they are no amounts of the "
                "document's own)",
                table.table_id,
                "",
                units.skipped[0],
            )

    def unnamed_blocks(self, table: RawTable, first: int) -> None:
        """Coded rows are printed in code order; where the codes start again (2050803 … 2240699,
        then 2050803 … again) and no unit is named, the table is per-unit blocks whose units the page
        does not print (Beijing 248's 一般公共预算支出表). Each block's rows are read as printed,
        so a code appears once per block: finding ``unnamed_unit_blocks`` names where each block
        starts. Equal codes on adjacent rows (a code split by a second classification) are no
        new block; nor is a code printed again under another name (projects listed by their 项
        code, 定州 2100401 疾病预防控制机构 then 2100401 化学试剂: a block repeats the classification,
        its code with its name). Nor is a 款 or 项 printed again under the one 类 or 款 row printed
        above both (定州 501: 204 公共安全支出, 20406 司法 1226.61 over the basic rows, then 20406
        司法 461.28 over the projects): a unit's block opens its own classification — where the
        two rows fill different columns (基本 then 项目), or the table has no such columns (定州
        501's 收入总表: one 财政拨款 column). Rows printing every amount again are a block
        printed twice (定州 405's 30208 … 30399 under its one 302 and 303). Nor is a repeat
        whose next row falls back again to a code not printed before: a block of one row in a
        table in no code order (定州 470: 2120104 城管执法 1394 basic, 2120501, 2120104 城管执法 166
        project, then 2080505 …)."""
        lines = [r.line for r in table.rows]
        if table.table_id in TWO_SIDED or len(set(lines)) < len(lines):
            return  # blocks side by side (人员经费 | 公用经费) are read line by line, not in order
        rows, seen, printed = [], set(), {}  # printed: line → its amounts by column
        for item in self.out.line_items[first:]:
            if item[3] and item[10] not in seen:
                seen.add(item[10])
                rows.append((item[3], item[5], item[10]))
            printed.setdefault(item[10], {})[item[7]] = item[8]
        has_split = any(SPLIT & set(r) for r in printed.values())
        starts, last = [], {}  # last: code / (code, name) → its latest row
        for k, (code, name, line) in enumerate(rows):
            named = last.get((code, name))
            if k and code < rows[k - 1][0] and named is not None:  # not one row out of order
                # the nearest parent printed (a 类 / 款 this code starts with): printed again since
                parent = next((last[p] for p in (code[:5], code[:3]) if p != code and p in last), k)
                after = rows[k + 1][0] if k + 1 < len(rows) else None
                alone = after is not None and after < code and after not in last
                # under one parent: basic then project rows (different columns; where the table
                # has no such columns, they cannot tell), unless every amount is printed again
                before, now = printed.get(rows[named][2], {}), printed.get(line, {})
                split = [{c for c in SPLIT if r.get(c)} for r in (before, now)]
                apart = all(split) and split[0].isdisjoint(split[1])
                one_parent = (apart or not has_split) and before != now
                if not (parent < named and one_parent) and not alone:
                    starts.append(line)
            last[code] = last[(code, name)] = k
        if starts:
            self.finding(
                "unnamed_unit_blocks",
                "warning",
                f"'{table.title}' starts its codes again at line(s) "
                f"{', '.join(map(str, starts[:10]))} with no unit named: {len(starts) + 1} "
                "blocks, read as printed (a code once per block; the department's figure of a "
                "code is the sum over the blocks)",
                table.table_id,
                "",
                starts[0],
            )

    def drop_subitems_under_their_kuan(self, table: RawTable, first: int) -> None:
        """7-digit sub-items printed under their own 款 row (30211 差旅费 10.00, then 3021101
        国内差旅费 8.00 and 3021102 国际差旅费 2.00) are parts of an amount already read: read as
        the 款 they would count it twice. Only those right under the 款 are dropped (a block of
        sub-items with no 款 row above them is the 款's only figure)."""
        kept, above, dropped = [], "", []
        for item in self.out.line_items[first:]:
            code, line = item[3], item[10]
            if line not in self.subitems:
                above = code if code else above
            elif code == above:
                dropped.append((line, code))
                continue
            kept.append(item)
        self.out.line_items[first:] = kept
        for line, code in dict.fromkeys(dropped):
            self.finding(
                "economic_subitem_under_kuan",
                "info",
                f"the sub-item at line {line} is part of 款 {code} printed above it: "
                "not read again",
                table.table_id,
                code,
                line,
            )

    def drop_repeated_leaves(self, table: RawTable, first: int) -> None:
        """A 款 with no 项 printed again right under itself as its own leaf (same code, name and
        amounts in every column): one row of the page, read once; read twice, its 类 would be
        short of its rows by that amount. Every printed cell must be the same: a row differing
        in another column (Xi'an: 30214 租赁费 under 50201 and again under 50502) is a row. A
        7-digit code is no 款 (a 项, an economic sub-item): two such rows alike are two rows
        (Beijing lists projects by their 项: 128's two 2200509 气象服务 64.00, in the 合计)."""

        def printed_again(line: int) -> bool:
            """A row of the line prints every cell of the row above it again."""
            return any(
                k and row.line == line and _squashed(row) == _squashed(table.rows[k - 1])
                for k, row in enumerate(table.rows)
            )

        rows: dict[int, list[tuple]] = {}
        for item in self.out.line_items[first:]:
            rows.setdefault(item[10], []).append(item)
        above, dropped = None, set()
        for line, items in rows.items():
            head = items[0]
            # the same code, name and amounts as the line above (cheapest test first)
            if (
                head[3]
                and len(head[3]) < 7
                and not head[1]
                and above is not None
                and (head[3], head[5]) == (above[0][3], above[0][5])
                and _amounts(items) == _amounts(above)
                and printed_again(line)
            ):
                dropped.add(line)
                self.finding(
                    "leaf_repeated",
                    "info",
                    f"line {line} prints {head[3]} {head[5]} again with the same "
                    "amounts (a 款 with no 项 as its own leaf): read once",
                    table.table_id,
                    head[3],
                    line,
                )
            above = items
        if dropped:
            self.out.line_items[first:] = [
                i for i in self.out.line_items[first:] if i[10] not in dropped
            ]

    def summary_class(self, table: RawTable, name: str, line: int) -> tuple[str, int | None, str]:
        """The 类 code of an expenditure row of a two-sided table, by its printed label only:
        templates renumber the 类 they print (Shanghai: 二、社会保障和就业支出) and older
        editions order and name them differently (Jiangsu 2017: 九、医疗卫生与计划生育支出 is
        210), so a position in a list never gives a code. A label naming no 类: no code."""
        label = squash(strip_ordinal(name))
        codes = [c for c in self.cat.names["function"].get(label, ()) if len(c) == 3]
        if len(codes) != 1:
            return "", None, ""
        code = codes[0]
        entry = self.cat.function.get(code)
        if entry is None:
            return code, 1, ""
        self.check_name(table.table_id, code, strip_ordinal(name), entry, line)
        return code, 1, entry.name

    def stand_ins(self, tables: list[RawTable]) -> list[RawTable]:
        """A table of ``STANDS_IN`` is read as its contract table where the document prints
        none of that kind (西南大学财政拨款支出预算表 as the 一般公共预算支出表); beside one
        (Jiangsu prints 财政拨款支出表 and 一般公共预算支出表) it has no contract table."""
        printed = {t.table_id for t in tables}
        out = []
        for t in tables:
            target = STANDS_IN.get(t.table_id)
            if target is None:
                out.append(t)
            elif target in printed:
                self.finding(
                    "unmapped_table",
                    "info",
                    f"table '{t.title}' at line "
                    f"{t.title_line} has no contract table; its rows are not read",
                    t.table_id,
                    "",
                    t.title_line,
                )
            else:
                self.finding(
                    "table_stands_in",
                    "warning",
                    f"'{t.title}' (line {t.title_line}) is "
                    f"read as the {target} table, which the document does not print; "
                    "its amounts are all 财政拨款 spending (一般公共预算 and any 政府性基金)",
                    target,
                    "",
                    t.title_line,
                )
                out.append(replace(t, table_id=target))
        return out

    def rebuilt(self, table: RawTable, code: str, name: str, line: int, context: list[str]) -> str:
        """A 款 or 项 row printing only its own two digits under the 类 / 款 above (Xi'an 2020:
        ``201 一般公共服务支出`` then ``10 人力资源事务``): the code the catalogue has under the
        open 类 (款) or 款 (项) with the printed name; none or several: as printed (bad_code).
        Finding ``code_rebuilt``."""
        if not (len(code) == 2 and code.isdigit()) or table.table_id in ECONOMIC_TABLES:
            return code
        candidates = [parent + code for parent in context if parent]
        found = [
            c
            for c in candidates
            if c in self.cat.function and squash(self.cat.function[c].name) == squash(name)
        ]
        if len(found) != 1:
            return code
        self.finding(
            "code_rebuilt",
            "info",
            f"line {line} prints the code part {code} only: "
            f"read as {found[0]} under the rows above",
            table.table_id,
            found[0],
            line,
        )
        return found[0]

    def known(self, code: str) -> bool:
        return code in self.cat.function or code in self.cat.economic

    def code_by_name(self, table: RawTable, name: str, context: list[str]) -> str:
        """The code of a row printing only its name (Hangzhou 一般公共服务支出 / 行政运行), read
        down the hierarchy: a 类 by its unique name, a 款 only among the 款 of the 类 above, a
        项 among the 项 of that 款 (行政运行 is in every 款). A 类 or 款 is printed once: a row
        naming the 款 already open (其他教育支出 / 其他教育支出) is its 项. ``context`` holds the
        类 and 款 codes of the rows above. No unique match: no code, the row keeps its name."""
        system = "economic" if table.table_id in ECONOMIC_TABLES else "function"
        codes = self.cat.names[system].get(squash(strip_ordinal(name)), ())
        for depth, size in enumerate((3, 5, 7) if system == "function" else (3, 5)):
            parent = context[depth - 1] if depth else ""
            if depth and not parent:
                break
            found = [c for c in codes if len(c) == size and c.startswith(parent)]
            if len(found) == 1 and depth < 2 and found[0] == context[depth]:
                continue  # 其他一般公共服务支出 under the 款 of that name: its 项, not the 款 again
            if len(found) == 1:
                context[depth:] = [found[0]] + [""] * (1 - depth)
                return found[0]
        return ""


def normalise_tables(
    tables: list[RawTable],
    catalogue: Catalogue,
    year: int | None = None,
    one_row: frozenset[str] = frozenset(),
) -> TableOutput:
    """``year``: the document's fiscal year, which picks the current block of a table printing
    two years side by side; ``one_row``: tables printing one row of totals and no name column
    (`selfcheck.check_totals`)."""
    out = TableOutput()
    norm = _TableNormaliser(catalogue, out, year)
    norm.units = {t.unit for t in tables if t.unit}
    tables = norm.stand_ins(tables)
    seen: dict[str, RawTable] = {}
    for table in tables:
        if table.table_id not in KNOWN_TABLES:
            continue
        if table.table_id in seen:
            norm.finding(
                "duplicate_table",
                "warning",
                f"second '{table.title}' at line {table.title_line} ignored "
                f"(first at line {seen[table.table_id].title_line})",
                table.table_id,
                "",
                table.title_line,
            )
            continue
        seen[table.table_id] = table
        if table.table_id != "fixed_assets":  # its rows are narrative figures
            norm.table(table)
    # a table is empty when no amount was read from it: its printed rows may be blank (a 合计
    # row and 类 rows with no figure, under a note 无政府性基金预算)
    with_amounts = {item[0] for item in out.line_items}
    for table_id in KNOWN_TABLES:
        table = seen.get(table_id)
        if table is None:
            out.table_status.append((table_id, "", "missing", "", None))
            continue
        note = next((text for text, _ in table.notes if _EMPTY_NOTE.search(squash(text))), "")
        if table.rows and (table_id in with_amounts or table_id == "fixed_assets"):
            status = "present"
        elif note:
            status = "empty_with_note"
        else:
            status = "present"
            norm.finding(
                "empty_table",
                "warning",
                f"'{table.title}' has no row with an amount and no note saying why",
                table_id,
                "",
                table.title_line,
            )
        out.table_status.append((table_id, table.title, status, note, table.title_line))
    out.findings += total_findings(check_totals(out.line_items, one_row))
    return out
