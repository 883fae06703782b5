"""A table title typed with one character missing, read by its meaning.

A clerk's title can drop a character (定州 2017: 政府基金预算财政拨款支出表, 性 missing): the
title rules (`transforms.tables`) then know no table and the sheet's rows are read as no table
(`unknown_table`). A title-like cell that names no table is tried with one character put back —
any character the title rules are written with, at any place. A repair counts only where one
character alone makes it: where any character would do, it breaks a rule's guard (財政拨款支出表
not after 预算) instead of restoring a word. Of the tables the repairs name, the one whose title
rule reads the longest part of the title is meant (政府性基金预算财政拨款支出表, not 支出总表 from a
总 before 表), and only if no other table's rule reads as much; the printed text is said (info
`title_repaired`, with its cell). An alias per typo would hold for that typo only.
"""

from __future__ import annotations

import re

from budgetwatch.transforms.ir import Finding
from budgetwatch.transforms.tables import (
    _TITLE_RES,
    _TITLE_RULES,
    looks_like_title,
    squash,
    table_id_for_title,
)
from budgetwatch.transforms.workbook_grid import GridCell, Sheet, address

# the title an untitled two-sided sheet is read under (marked: the sheet prints none)
_UNTITLED = "(未印标题)"
_FUND_LABELS = ("一般公共预算", "政府性基金")
# a row of unit fields only (单位：万元, 金额单位：万元): no label of a table's header, bordered or not
_UNIT_LINE = re.compile(r"^(?:金额)?单位:")
# the characters the title rules are written with: the only ones a repair may put back
_ALPHABET = sorted({ch for rule, _ in _TITLE_RULES for ch in rule if "\u4e00" <= ch <= "\u9fff"})
# a short title missing a character is too close to too many others to be guessed
_MIN_LENGTH = 8


def repaired_title(text: str) -> str | None:
    """The title with the one missing character put back, when exactly one table is meant."""
    key = squash(text)
    if len(key) < _MIN_LENGTH or not looks_like_title(key) or table_id_for_title(key):
        return None
    read: dict[str, tuple[int, str]] = {}  # table → (the most of a title its rule reads, title)
    for at in range(len(key)):
        repairs = [c for c in (key[:at] + ch + key[at:] for ch in _ALPHABET) if _read(c)]
        if len(repairs) != 1:
            continue
        length, table_id = _read(repairs[0])
        if length > read.get(table_id, (0, ""))[0]:
            read[table_id] = (length, repairs[0])
    ranked = sorted(read.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]


def _read(title: str) -> tuple[int, str] | None:
    """(characters the first matching title rule reads, its table), or None."""
    for rx, table_id in _TITLE_RES:
        m = rx.search(title)
        if m:
            return m.end() - m.start(), table_id
    return None


def repair_titles(sheets: list[Sheet]) -> list[Finding]:
    """Put the missing character back into each shown title cell that needs it (the cell's
    text is replaced: a title carries no amount); one info finding per repair."""
    findings = []
    for sheet in (s for s in sheets if not s.hidden):
        for r, cells in sheet.rows.items():
            for cell in cells:
                title = repaired_title(cell.text)
                if title is None:
                    continue
                findings.append(
                    Finding(
                        "title_repaired",
                        "info",
                        f"{address(sheet.name, r, cell.col)} prints '{cell.text}', a title no "
                        f"table has; one character short of '{title}', the only table it can "
                        "mean: read as that table",
                        table_id_for_title(title) or "",
                        "",
                        None,
                    )
                )
                cell.text = title
    return findings


def _two_sided(labels: list[str]) -> bool:
    return any(t.startswith("收入") for t in labels) and any(t.startswith("支出") for t in labels)


def title_untitled(sheets: list[Sheet]) -> list[Finding]:
    """A sheet that prints no title but opens its grid with a two-sided header — 收入 | 支出
    over their items' columns — is the 收支总表, or the 财政拨款收支总表 when its column labels
    name the funds (一般公共预算 and 政府性基金 columns): read by the same rules as the titled
    table, under a title marked as not printed, put in the empty row above the header (the
    rendering shows it there); said by an info finding with the header's cells. A sheet with no
    empty row above its header is left as it is (split off, not read: `untitled_table`)."""
    findings = []
    for sheet in (s for s in sheets if not s.hidden and s.rows):
        if any(looks_like_title(c.text) for cells in sheet.rows.values() for c in cells):
            continue
        ruled = sorted(
            r
            for r, cells in sheet.rows.items()
            if any(c.bordered for c in cells)
            and not all(_UNIT_LINE.match(squash(c.text)) for c in cells if c.text)
        )
        if not ruled or ruled[0] == 0 or ruled[0] - 1 in sheet.rows:
            continue
        top = ruled[0]
        first = [squash(c.text) for c in sheet.rows[top] if c.text]
        if not _two_sided(first):
            continue
        labels = first + [squash(c.text) for r in ruled[1:2] for c in sheet.rows[r] if c.text]
        funds = all(any(f in t for t in labels) for f in _FUND_LABELS)
        table = "部门预算财政拨款收支总表" if funds else "部门预算收支总表"
        sheet.rows[top - 1] = [GridCell(_UNTITLED + table, 0, 1, False)]
        findings.append(
            Finding(
                "untitled_table",
                "info",
                f"sheet {sheet.name} prints no title; its header ({address(sheet.name, top, 0)}: "
                f"{' | '.join(first)}"
                + (", with columns of the funds" if funds else "")
                + f") is the {table[4:]}'s: read as that table",
                table_id_for_title(table) or "",
                "",
                None,
            )
        )
    return findings
