"""Figures of the workbook reader over a folder of workbooks and Word narratives.

Usage: ``python benchmarks/bench_workbooks.py FOLDER [--split SPLIT.tsv --side held]`` (the
split lists ``side<TAB>file`` lines, benchmarks/real_split.py). Prints:

- workbooks (.xls/.xlsx) read by the reader, of those that print a known table title;
- after the pipeline's gate (analyze): documents loaded and quarantined, with the reasons;
- printed 合计 reproduced: each column of a one-sided table's 合计 row against the sum of its
  top-level coded rows (类; where no 类 is printed, each 款 and each 项 whose 款 is not
  printed); for each column missed, the proof
  that the workbook does not add up — its 合计 cell and the cells of its top-level rows, opened
  with openpyxl/xlrd, not with our reader — or, where the cells do add up, the miss is ours
  (counted: "misses without proof");
- warning findings by kind; Word narratives read, joined to their tables, .doc rejected.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import polars as pl
import xlrd
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import Frames
from budgetwatch.flows.core import analyze
from budgetwatch.transforms.reader import read_disclosure

_ONE_SIDED = (
    "income_summary",
    "expenditure_summary",
    "general_budget_expenditure",
    "general_budget_basic_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
)
_ECONOMIC = "general_budget_basic_expenditure"  # coded by 经济分类 (301, 30101): no 项 level


def _files(folder: Path, split: Path | None, side: str) -> list[Path]:
    if split is None:
        return sorted(
            p for p in folder.iterdir() if p.suffix.lower() in (".xls", ".xlsx", ".docx", ".doc")
        )
    rows = [line.split("\t") for line in split.read_text().splitlines() if line.strip()]
    return [folder / name.strip() for s, name in rows if s == side]


def totals_reproduced(items: pl.DataFrame) -> tuple[int, int]:
    """(columns whose 合计 equals the sum of the table's top-level coded rows, columns)."""
    both = _totals(items)
    return both.filter(pl.col("ok")).height, both.height


def _totals(items: pl.DataFrame) -> pl.DataFrame:
    """Per one-sided table column: the printed 合计 (and its cell), its top-level rows' sum. A
    table coded throughout in the other classification (a 基本支出表 by function codes: every
    row read, each a `bad_code`, none placed in its tree) is measured by its codes' lengths."""
    one = items.filter(pl.col("table_id").is_in(_ONE_SIDED))
    by_length = pl.col("code").str.len_chars().replace_strict({3: 1, 5: 2, 7: 3}, default=None)
    placed = pl.col("level").is_not_null().any().over("doc_id", "table_id")
    one = one.with_columns(
        level=pl.when(placed).then(pl.col("level")).otherwise(by_length.cast(pl.Int8)),
        _placed=placed,
    )
    keys = ["doc_id", "table_id", "column_id"]
    total = (
        one.filter(pl.col("name") == "合计")
        .group_by(keys)
        .agg(printed=pl.col("amount_wan").first(), cell=pl.col("source_cell").first())
    )
    # the top rows: the 类 rows; in a table that prints none, each 款 and
    # each 项 whose 款 is not printed
    ids = ["doc_id", "table_id"]
    kuan = one.filter(pl.col("level") == 2).select(*ids, _kuan=pl.col("code"), _k=True).unique()
    one = one.with_columns(_kuan=pl.col("code").str.slice(0, 5)).join(
        kuan, on=[*ids, "_kuan"], how="left"
    )
    no_class = ~(pl.col("level") == 1).any().over(ids)
    top = (pl.col("level") == 1) | (
        no_class & ((pl.col("level") == 2) | ((pl.col("level") == 3) & pl.col("_k").is_null()))
    )
    rows = one.filter(top).group_by(keys).agg(rows=pl.col("amount_wan").sum())
    both = total.join(rows, on=keys, how="left").with_columns(pl.col("rows").fill_null(0))
    # the cells' proof reads a table by its classification: a function table, or the 基本支出表
    # coded throughout by function (none of its rows placed in the economic tree)
    coded = one.group_by(ids).agg(
        function_coded=(pl.col("table_id").first() != _ECONOMIC) | ~pl.col("_placed").first()
    )
    return both.join(coded, on=ids, how="left").with_columns(
        ok=(pl.col("printed") - pl.col("rows")).abs() <= 0.005
    )


def sheet_cells(data: bytes, kind: str) -> dict[str, dict[tuple[int, int], str]]:
    """Every cell's shown value per sheet by (row, column), both from 1 as in its address,
    opened with openpyxl (.xlsx, cached values, read-only: one pass over each sheet) or xlrd
    (.xls), not with our reader."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    if kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        for sheet in book.worksheets:
            grid = out.setdefault(sheet.title, {})
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "coordinate", None) and cell.value is not None:
                        grid[cell.row, cell.column] = str(cell.value)
        book.close()
        return out
    book = xlrd.open_workbook(file_contents=data)
    for sheet in book.sheets():
        grid = out.setdefault(sheet.name, {})
        for r in range(sheet.nrows):
            for c, value in enumerate(sheet.row_values(r)):
                if value != "":
                    grid[r + 1, c + 1] = str(value)
    return out


def cell_at(cells: dict[str, dict[tuple[int, int], str]], address: str) -> str:
    """The shown value at ``附表3-2!D8`` ('' for a blank cell)."""
    sheet, coordinate = address.rsplit("!", 1)
    letters, row = coordinate_from_string(coordinate)
    return cells.get(sheet, {}).get((row, column_index_from_string(letters)), "")


def _number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").strip() or "0")
    except InvalidOperation:
        return Decimal(0)


_DIGITS = re.compile(r"^(\d+)(?:\.0)?$")
_STOP = re.compile(r"^(?:合计|总计)$|表$")


def cell_proof(
    cells: dict[str, dict[tuple[int, int], str]], address: str, function_coded: bool = True
) -> dict:
    """The 合计 cell at ``address`` against the cells under it in its column, read from the
    cells alone: the rows down to the sheet's end (or the next 合计 or title), each row's code
    its leftmost cell of 3+ digits (with the 2-digit 款/项 cells right of it where a code is
    split over columns); the sum of the rows whose code is the shortest (the top level; in a
    ``function_coded`` table that prints no 类, each 款 and each 项 whose 款 is not printed —
    in an economic table a 7-digit code is no 项 of its 款 but a function code, no row of the
    tree), and of each level (0: every row), for the review."""
    sheet, coordinate = address.rsplit("!", 1)
    letters, top = coordinate_from_string(coordinate)
    col, grid = column_index_from_string(letters), cells.get(sheet, {})
    rows: dict[int, list[tuple[int, str]]] = {}
    for (r, c), text in grid.items():
        if r > top:
            rows.setdefault(r, []).append((c, text.strip()))
    levels: dict[int, list[tuple[int, Decimal]]] = {}
    codes: dict[int, str] = {}
    for r in sorted(rows):
        left = [t for c, t in sorted(rows[r]) if c < col and t]
        if any(_STOP.search(re.sub(r"\s", "", t)) for t in left if not _DIGITS.match(t)):
            break
        value = (r, _number(grid.get((r, col), "")))
        levels.setdefault(0, []).append(value)
        digits = [m.group(1) if m else None for m in map(_DIGITS.match, left)]
        at = next((k for k, d in enumerate(digits) if d and len(d) >= 3), None)
        if at is None:
            continue
        code = digits[at]
        for d in digits[at + 1 :]:
            if not d or len(d) != 2:
                break
            code += d
        levels.setdefault(len(code), []).append(value)
        codes[r] = code
    sums = {n: sum((v for _, v in rows_), Decimal(0)) for n, rows_ in sorted(levels.items())}
    # the shortest code; with no coded row, every row under the 合计 (none: a total of nothing);
    # with no 类 (3 digits) in a function table, each 款 and each 项 whose 款 is not printed
    first = min((n for n in levels if n), default=0)
    tops = levels.get(first, [])
    if first == 5 and function_coded:
        kuan = {c for c in codes.values() if len(c) == 5}
        top_row = {r for r, c in codes.items() if len(c) == 5 or c[:5] not in kuan}
        tops = [(r, v) for r, v in levels[0] if r in top_row]
    return {
        "printed": _number(grid.get((top, col), "")),
        "top": sum((v for _, v in tops), Decimal(0)),
        "top_rows": [f"{letters}{r}" for r, _ in sorted(tops)],
        "levels": sums,
    }


def printed_inconsistencies(items: pl.DataFrame, findings: pl.DataFrame, flags: pl.DataFrame):
    """How many of each kind of the office's list of printed inconsistencies were raised."""
    ident = flags.filter(pl.col("rule_or_model") == "gate:identity_break")
    tree = ident.filter(~pl.col("subject").str.contains("~"))
    # a 合计 short (or over) by exactly the amount of one of its 类: a block left out
    classes = items.filter(pl.col("level") == 1).select(
        "doc_id", "table_id", "column_id", gap=pl.col("amount_wan").abs().cast(pl.Decimal(38, 6))
    )
    totals = tree.filter(pl.col("subject").str.contains("/合计/")).with_columns(
        gap=(pl.col("expected_wan") - pl.col("actual_wan")).abs().cast(pl.Decimal(38, 6))
    )
    block = totals.join(classes, on=["doc_id", "table_id", "column_id", "gap"], how="semi")
    # 基本 and 项目 swapped: the 支出总表's 基本 is the 一般公共预算支出表's 项目 and back, per code
    keys = ["doc_id", "code", "column_id"]

    def by_code(table: str) -> pl.DataFrame:
        one = items.filter(pl.col("table_id") == table)
        return one.group_by(keys).agg(pl.col("amount_wan").sum())

    both = by_code("expenditure_summary").join(
        by_code("general_budget_expenditure"), on=keys, suffix="_gb"
    )
    wide = both.pivot(
        on="column_id", index=["doc_id", "code"], values=["amount_wan", "amount_wan_gb"]
    )
    need = [
        "amount_wan_basic",
        "amount_wan_project",
        "amount_wan_gb_basic",
        "amount_wan_gb_project",
    ]
    swapped = (
        wide.filter(
            (pl.col(need[0]) == pl.col(need[3]))
            & (pl.col(need[1]) == pl.col(need[2]))
            & (pl.col(need[0]) != pl.col(need[1]))
        ).height
        if set(need) <= set(wide.columns)
        else 0
    )
    # a column of another unit's figures: a table whose row-wise identity fails on 3 or more rows
    rowwise = ident.filter(pl.col("subject").str.contains("~")).group_by("doc_id", "table_id").len()
    kinds = findings.group_by("kind").len()
    count = dict(kinds.iter_rows())
    refs = findings.filter(pl.col("message").str.contains("#REF!", literal=True)).height
    return {
        "类/款 not the sum of their rows (W3/W7 tree flags, not 合计)": tree.height - totals.height,
        "合计 leaving a whole 类 block out": block.height,
        "基本/项目 swapped between 支出总表 and 一般公共预算支出表 (codes)": swapped,
        "tables whose row-wise identity fails on >= 3 rows": rowwise.filter(
            pl.col("len") >= 3
        ).height,
        "typed total beside a formula (typed_total_mismatch)": count.get("typed_total_mismatch", 0),
        "stale formula (formula_mismatch)": count.get("formula_mismatch", 0),
        "#REF! cells": refs,
        "malformed codes (bad_code)": count.get("bad_code", 0),
    }


def _misses(name: str, data: bytes, items: pl.DataFrame, proved_rows: list) -> Counter:
    """Print each missed 合计 column with its proof from the cells; count them, and add each
    proved one's (file, table, column, 合计 cell) to ``proved_rows``."""
    missed = _totals(items).filter(~pl.col("ok") & pl.col("cell").is_not_null())
    out: Counter = Counter()
    if missed.is_empty():
        return out
    cells = sheet_cells(data, "xlsx" if name.lower().endswith(".xlsx") else "xls")
    for table, column, rows, address, function_coded in missed.select(
        "table_id", "column_id", "rows", "cell", "function_coded"
    ).iter_rows():
        proof = cell_proof(cells, address, function_coded)
        top, printed = proof["top"], proof["printed"]
        proved = top is not None and abs(printed - top) > Decimal("0.005")
        otherwise = top is not None and abs(Decimal(rows) - top) > Decimal("0.005")
        out["proof" if proved else "no proof"] += 1
        if proved:
            proved_rows.append((name, table, column, address))
        out["read otherwise"] += proved and otherwise
        shown = ", ".join(proof["top_rows"][:6]) + (" …" if len(proof["top_rows"]) > 6 else "")
        print(
            f"  miss {name} {table}.{column}: printed 合计 {address} = {printed}; the cells' "
            f"top-level rows ({shown or 'none coded'}) add up to {top}; by level "
            f"{ {n: str(v) for n, v in proof['levels'].items()} }; read {rows} — "
            + ("PROOF: the cells do not add up" if proved else "NO PROOF: ours")
        )
    return out


def misses_raised(proved: list, docs: pl.DataFrame, flags: pl.DataFrame):
    """Each proved 合计 miss against the run's flags: raised when a warning+ flag of the document
    its workbook is part of checks that table's 合计 in that column (its line is the 合计's, so
    ``explain`` prints the cells). A miss in a document the gate did not load has no flag:
    counted by the gate's reason."""
    keys = ["source_file", "table_id", "column_id", "source_cell"]
    misses = pl.DataFrame(proved, schema=keys, orient="row")
    parts = docs.select("doc_id", "status", "status_reason", source_file="source_files").explode(
        "source_file"
    )
    rows = misses.join(parts, on="source_file", how="left")
    warn = flags.filter(
        pl.col("severity").is_in(["critical", "warning"])
        & pl.col("subject").str.contains("/合计/", literal=True)
    ).select("doc_id", "table_id", "column_id", "source_line")
    on_loaded = rows.filter(pl.col("status") == "loaded")
    raised = on_loaded.join(warn, on=["doc_id", "table_id", "column_id"], how="semi")
    missing = on_loaded.join(raised, on=keys, how="anti")
    reasons = Counter(
        (why or "not a document").split(":")[0]
        for why in rows.filter(pl.col("status") != "loaded")["status_reason"]
    )
    return raised.height, on_loaded.height, missing, reasons


def narratives_joined(folder: Path, paths: list[Path], docs: pl.DataFrame) -> tuple[int, int]:
    """(units one of whose files is joined in one document with a file of the other kind — a
    Word 说明 with a workbook —, units of the side with both a workbook and a Word file in the
    folder's MANIFEST; measurement only: the MANIFEST may file one unit's copies under two
    names, 403 and 555 of 卫生中等专业学校)."""
    manifest = folder / "MANIFEST.tsv"
    if not manifest.is_file():
        return 0, 0
    names = {p.name for p in paths}
    units: dict[str, set[str]] = {}
    for row in csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"):
        if row["file"] in names:
            units.setdefault(row["department"], set()).add(row["file"])
    both = {u: f for u, f in units.items() if {_word(n) for n in f} == {True, False}}
    parts = [set(f or []) for f in docs["source_files"].to_list()]
    joined = sum(
        any(files & part and len({_word(n) for n in part}) == 2 for part in parts)
        for files in both.values()
    )
    return joined, len(both)


def _word(name: str) -> bool:
    return name.lower().endswith((".doc", ".docx"))


def _layouts(folder: Path) -> dict[str, str]:
    """file → layout letter from the folder's MANIFEST.tsv (measurement only; the reader
    never sees it): A 附表3-x, B budget-system export, C Sheet1..9, D 目录 + tables."""
    manifest = folder / "MANIFEST.tsv"
    if not manifest.is_file():
        return {}
    out = {}
    for row in csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"):
        notes = row.get("notes") or ""
        out[row["file"]] = (row.get("layout") or "")[:1] or (
            "D" if "目录" in notes else "A" if "附表3" in notes or "Template A" in notes else "?"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--split", type=Path)
    ap.add_argument("--side", default="held")
    ap.add_argument(
        "--save", type=Path, help="folder to write the gated documents and flags to (parquet)"
    )
    args = ap.parse_args()
    paths = _files(args.folder, args.split, args.side)
    books = [p for p in paths if p.suffix.lower() in (".xls", ".xlsx")]
    layouts = _layouts(args.folder)
    kinds = Counter()
    per: dict[str, list[int]] = {}  # layout → [books, table-bearing, read, 合计 ok, 合计 n]
    parsed, proofs, proved = [], Counter(), []
    for p in books:
        data = p.read_bytes()
        frames = read_disclosure(data, p.name).frames
        parsed.append(frames)
        proofs.update(_misses(p.name, data, frames.line_items, proved))
        has_table = (
            not frames.table_status.filter(pl.col("status") == "present").is_empty()
            or frames.documents["status_reason"][0] is not None  # rejected
        )
        ok, n = totals_reproduced(frames.line_items)
        counts = per.setdefault(layouts.get(p.name, "?"), [0, 0, 0, 0, 0])
        for k, v in enumerate(
            (1, has_table, has_table and frames.documents["status_reason"][0] is None, ok, n)
        ):
            counts[k] += v
        kinds.update(frames.findings.filter(pl.col("severity") != "info")["kind"].to_list())
    ok, n = totals_reproduced(Frames.concat(parsed).line_items)
    bearing, read = sum(c[1] for c in per.values()), sum(c[2] for c in per.values())
    print(
        f"workbooks: {len(books)}; table-bearing {bearing}; read by the reader {read} "
        f"({read / max(bearing, 1):.1%})"
    )
    print(
        f"printed 合计 columns reproduced by their top-level rows: {ok}/{n} ({ok / max(n, 1):.1%})"
    )
    for layout, (b, tb, r, o, t) in sorted(per.items()):
        print(f"  layout {layout}: {b} workbooks, read {r}/{tb}, 合计 reproduced {o}/{t}")
    print(
        f"  misses proved the workbook's by its cells {proofs['proof']}; misses without proof "
        f"(ours) {proofs['no proof']}; of the proved, rows read otherwise than the cells' "
        f"top level {proofs['read otherwise']}"
    )
    print("warning+ findings by kind:", dict(kinds.most_common()))
    a = analyze(paths, args.folder, load_settings())
    docs = a.frames.documents
    print("documents after the gate:", dict(docs.group_by("status").len().iter_rows()))
    reasons = Counter(
        r.split(":")[0]
        for r in docs.filter(pl.col("status") == "quarantined")["status_reason"].to_list()
    )
    print("quarantined because:", dict(reasons.most_common()))
    loaded = docs.filter(pl.col("status") == "loaded")
    twice = loaded.filter(pl.len().over("department_name", "fiscal_year") > 1)
    print(
        "units with more than one loaded document of a year:",
        twice["department_name"].n_unique(),
        sorted(twice["department_name"].unique().drop_nulls()),
    )
    words = docs.filter(pl.col("encoding").is_in(["docx", "doc"]))
    joined = a.frames.findings.filter(pl.col("kind") == "companion_joined").height
    print(
        "Word narratives by format and status:",
        dict(Counter(words.select("encoding", "status").rows())),
        f"; joined to tables {joined}",
    )
    print(
        "units with a workbook and a Word 说明 joined in one document: %d/%d"
        % (narratives_joined(args.folder, paths, docs))
    )
    print(
        "identity taken:",
        dict(
            Counter(
                a.frames.findings.filter(
                    pl.col("kind").is_in(
                        ["year_from_path", "year_from_companion", "name_from_companion"]
                    )
                )["kind"]
            )
        ),
    )
    flags = a.flags.filter(pl.col("severity").is_in(["critical", "warning"]))
    print("warning+ flags:", dict(flags.group_by("rule_or_model").len().iter_rows()))
    print(
        "warning+ flags by verification:",
        dict(flags.group_by("verified").len().iter_rows()),
        "; documents with one:",
        flags["doc_id"].n_unique(),
    )
    raised, on_loaded, missing, reasons = misses_raised(proved, docs, a.flags)
    print(
        f"proved 合计 misses raised as a warning+ flag on that 合计: {raised}/{on_loaded} "
        f"in loaded documents; in documents not loaded ({sum(reasons.values())}):",
        dict(reasons.most_common()),
    )
    for row in missing.iter_rows(named=True):
        print(
            f"  not raised: {row['source_file']} {row['table_id']}.{row['column_id']} "
            f"{row['source_cell']}"
        )
    print("printed inconsistencies raised:")
    for kind, n in printed_inconsistencies(a.frames.line_items, a.frames.findings, a.flags).items():
        print(f"  {kind}: {n}")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        docs.write_parquet(args.save / "documents.parquet")
        a.flags.write_parquet(args.save / "flags.parquet")


if __name__ == "__main__":
    main()
