"""The cells' proof of a printed 合计 the rows do not add up to (issue 22).

The reader's self-check says `total_not_reproduced` where a table's rows do not add up to its
printed 合计. In a PDF that gap may be rows the reader did not take (Beijing 110's project
rows), so the identity checks keep such a table out (expectations' W3 over a table with no
类 row). A workbook can say more: its cells are all there. Where every nonzero amount of the
合计's column, from the table's first row down to the end of its sheet, is a cell the reader
took into that table, no row was left out: the gap is the workbook's own. The finding is
then `total_not_added_up` (still a warning, its message saying the cells prove it), and W3
checks the table's top rows against its 合计 like any other. Only for a table that prints no
类 row and codes every row with an amount (the one the identity checks would otherwise keep
out); a table whose column meets an amount it did not read (another table below it on the
sheet, a row left out) keeps its finding.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import polars as pl

from budgetwatch.contract.schema import Frames

_ADDRESS = re.compile(r"^(?P<sheet>.+)!(?P<col>[A-Z]+)(?P<row>\d+)$")
PROVED = "total_not_added_up"


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _nonzero(text: str) -> bool:
    """A cell showing a number other than 0 (typed as text too: `31.17\xa0`, `1,061.37`)."""
    try:
        return Decimal(text.replace(",", "").strip()) != 0
    except InvalidOperation:
        return False


def _whole(cells: dict[str, dict[tuple[int, int], str]], items: pl.DataFrame) -> bool:
    """Every nonzero number of each column of ``items``' 合计 row (one table), from the
    table's first row to the end of its sheet, is a cell of ``items``, and each such column
    prints a row under its 合计."""
    taken = [_ADDRESS.match(a or "") for a in items["source_cell"]]
    if not taken or not all(taken) or len({m["sheet"] for m in taken}) != 1:
        return False
    sheet = cells.get(taken[0]["sheet"])
    if sheet is None:
        return False
    read = {(int(m["row"]) - 1, _column_index(m["col"])) for m in taken}
    first = min(r for r, _ in read)
    totals = {
        (int(m["row"]) - 1, _column_index(m["col"]))
        for m in map(_ADDRESS.match, items.filter(pl.col("name") == "合计")["source_cell"])
    }
    columns = {c for _, c in totals}
    below = [
        (r, c) for (r, c), text in sheet.items() if c in columns and r >= first and _nonzero(text)
    ]
    # a column its rows leave blank (定州 430's 支出总表: 合计 166.15 over rows printing only
    # 基本 and 项目, which add up) is no sum the workbook got wrong: nothing under it says so
    filled = {c for r, c in below if (r, c) not in totals}
    return bool(columns) and filled == columns and all(cell in read for cell in below)


def proved_totals(frames: Frames, cells: dict[str, dict[tuple[int, int], str]]) -> pl.DataFrame:
    """``frames.findings`` with each `total_not_reproduced` of a coded table that prints no
    类 row made `total_not_added_up` where the cells (sheet → (row, col) → text, 0-based)
    prove its rows whole."""
    findings = frames.findings
    missed = findings.filter(pl.col("kind") == "total_not_reproduced")
    if missed.is_empty():
        return findings
    items = frames.line_items
    code = pl.col("code").fill_null("")
    # as W3's top rows: coded throughout (a row with an amount and no code — 定州 749's 津贴补贴
    # — may be what the 合计 adds: its coded rows need not be all of it), no 类 row
    uncoded = (code == "") & ~pl.col("name").str.contains("[合小总]计$")
    coded = (
        (code != "").any()
        & ~(code.str.len_chars() == 3).any()
        & ~(uncoded & (pl.col("amount_wan").fill_null(0) != 0)).any()
    )
    proved = [
        table
        for (table,), rows in items.filter(
            pl.col("table_id").is_in(missed["table_id"].implode())
        ).group_by("table_id")
        if rows.select(coded).item() and _whole(cells, rows)
    ]
    if not proved:
        return findings
    hit = (pl.col("kind") == "total_not_reproduced") & pl.col("table_id").is_in(proved)
    return findings.with_columns(
        kind=pl.when(hit).then(pl.lit(PROVED)).otherwise(pl.col("kind")),
        message=pl.when(hit)
        .then(
            pl.col("message")
            + pl.lit(
                "; every nonzero amount of its column down the sheet is a cell read into this "
                "table: the workbook's own"
            )
        )
        .otherwise(pl.col("message")),
    )
