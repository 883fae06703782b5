"""Terminal views of the store: run summary, department scorecard, flags, explain, history.

Each ``*_table`` function is pure (frames in, a rich renderable out); ``print_*`` read the
store and print.
"""
from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from budgetwatch.store import Store, StoreError
from budgetwatch.transforms.schema import SEVERITIES, department_key

_SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY_ORDER = pl.Enum(list(SEVERITIES))
SCORECARD_ROWS = 50  # a store of thousands of departments would scroll for pages


def _documents(documents: pl.DataFrame, year: int | None, department: str | None) -> pl.DataFrame:
    """The documents of a year and a department: its code, or its name where the template
    prints no code."""
    if year is not None:
        documents = documents.filter(pl.col("fiscal_year") == year)
    if department is not None:
        documents = documents.filter((pl.col("department_code") == department)
                                     | (pl.col("department_name") == department))
    return documents


def documents_table(documents: pl.DataFrame, quarantine: pl.DataFrame) -> Table:
    counts = dict(documents.group_by("status").len().iter_rows())
    table = Table(title="Documents", show_lines=False)
    table.add_column("status")
    table.add_column("documents", justify="right")
    table.add_column("file")
    table.add_column("reason", overflow="fold")
    for status in ("loaded", "quarantined", "rejected"):
        table.add_row(status, str(counts.get(status, 0)), "", "")
    for row in quarantine.sort("status", "source_file").iter_rows(named=True):
        table.add_row(f"  {row['status']}", "", row["source_file"] or "", row["reason"] or "")
    return table


def top_flags(flags: pl.DataFrame, top: int) -> pl.DataFrame:
    """One flag per group (its best-ranked: the others are the same cause seen again, listed
    by ``explain``); most severe first, then highest score; ties by flag id so the order is
    stable."""
    leaders = flags.filter(pl.col("group_id").is_null() | (pl.col("group_id") == pl.col("flag_id")))
    return leaders.sort(
        pl.col("severity").cast(_SEVERITY_ORDER), pl.col("score"), pl.col("flag_id"),
        descending=[False, True, False], nulls_last=True,
    ).head(top)


def flags_table(flags: pl.DataFrame, title: str = "Top flags") -> Table:
    table = Table(title=title)
    for name, kw in (("#", {"justify": "right"}), ("flag_id", {}), ("severity", {}),
                     ("score", {"justify": "right"}), ("dept", {}), ("year", {}),
                     ("kind", {}), ("related", {"justify": "right"}),
                     ("explanation", {"overflow": "fold", "ratio": 1})):
        table.add_column(name, **kw)
    for i, r in enumerate(flags.iter_rows(named=True), 1):
        related = (r.get("group_size") or 1) - 1
        table.add_row(
            str(i), r["flag_id"], Text(r["severity"] or "", _SEVERITY_STYLE.get(r["severity"], "")),
            f"{r['score']:.3f}" if r["score"] is not None else "",
            r["department_code"] or "", str(r["fiscal_year"] or ""), r["kind"] or "",
            f"+{related}" if related else "", r["explanation"] or "",
        )
    return table


def scorecard(documents: pl.DataFrame, residuals: pl.DataFrame, flags: pl.DataFrame
              ) -> pl.DataFrame:
    """Per department (region|code): years, documents by status, identity checks
    failed, flags by severity, highest flag score."""
    docs = documents.with_columns(department_key=department_key())
    base = docs.group_by("department_key").agg(
        pl.col("department_code").first(),
        pl.col("department_name").sort_by("fiscal_year").drop_nulls().last().alias("name"),
        pl.col("fiscal_year").drop_nulls().unique().sort().alias("years"),
        (pl.col("status") == "loaded").sum().alias("loaded"),
        (pl.col("status") != "loaded").sum().alias("held_back"),
    )
    key = docs.select("doc_id", "department_key")
    checks = residuals.join(key, on="doc_id").group_by("department_key").agg(
        pl.len().alias("checks"), (~pl.col("passed")).sum().alias("checks_failed"))
    by_sev = flags.join(key, on="doc_id").group_by("department_key").agg(
        *[(pl.col("severity") == s).sum().alias(s) for s in SEVERITIES],
        pl.col("score").max().alias("max_score"),
    )
    out = base.join(checks, on="department_key", how="left").join(
        by_sev, on="department_key", how="left")
    return out.with_columns(
        pl.col("checks", "checks_failed", *SEVERITIES).fill_null(0),
        pl.col("years").list.eval(pl.element().cast(pl.String)).list.join(","),
    ).sort([*SEVERITIES, "department_key"], descending=[True, True, True, False])


def scorecard_table(card: pl.DataFrame, limit: int) -> Table:
    """The first ``limit`` departments of the scorecard (most flagged first)."""
    hidden = card.height - limit
    table = Table(title="Department scorecard", caption=(
        f"{hidden} more departments; narrow with --department or --year" if hidden > 0
        else None))
    card = card.head(limit)
    cols = ("department_code", "name", "years", "loaded", "held_back", "checks_failed",
            *SEVERITIES, "max_score")
    for c in cols:
        table.add_column(c.replace("_", " "), justify="left" if c in ("name", "years")
                         else "right")
    for r in card.iter_rows(named=True):
        cells = []
        for c in cols:
            v = r[c]
            if c == "checks_failed":
                v = f"{r['checks_failed']}/{r['checks']}"
            elif c == "max_score":
                v = "" if v is None else f"{v:.3f}"
            cells.append("" if v is None else str(v))
        table.add_row(*cells)
    return table


def summary_view(store: Store, year: int | None, department: str | None, top: int) -> Group:
    docs = _documents(store.read("documents"), year, department)
    ids = docs.select("doc_id")
    quarantine = store.read("quarantine").join(ids, on="doc_id", how="semi")
    flags = store.read("flags").join(ids, on="doc_id", how="semi")
    residuals = store.read("residuals", where=pl.col("doc_id").is_in(ids["doc_id"].implode()))
    runs = store.runs()
    parts = []
    if runs:
        last = runs[-1]
        parts.append(Text(
            f"last run {last['run_id']} ({last['kind']}, {last['status']}): "
            f"{last['files_seen']} files seen, {len(last['files_parsed'])} parsed, "
            f"{last['files_unchanged']} unchanged; store {store.root}"
            + (f"; Data Docs {last['gates']['data_docs']}" if "data_docs" in last.get("gates", {})
               else ""), style="dim"))
    parts += [documents_table(docs, quarantine),
              flags_table(top_flags(flags, top), title=(
                  f"Top {top} flags (of {flags.height}; 'related': more flags of the same cause, "
                  "see explain)")),
              scorecard_table(scorecard(docs, residuals, flags), limit=max(top, SCORECARD_ROWS))]
    return Group(*parts)


# ---- explain ---------------------------------------------------------------------------------
def rule_doc(rule_id: str, rules_md: Path) -> str | None:
    """The section of docs/rules.md whose heading names ``rule_id``."""
    if not rules_md.exists():
        return None
    lines = rules_md.read_text(encoding="utf-8").splitlines()
    pattern = re.compile(rf"^(#+)\s.*(?<![\w-]){re.escape(rule_id)}(?![\w-])")
    for i, line in enumerate(lines):
        m = pattern.match(line)
        if m:
            level = len(m.group(1))
            end = next((j for j in range(i + 1, len(lines))
                        if re.match(rf"^#{{1,{level}}}\s", lines[j])), len(lines))
            return "\n".join(lines[i:end]).strip()
    return None


def source_excerpt(path: Path, line: int, context: int = 3) -> Panel | None:
    """Lines around ``line`` of the input file (of a PDF: of its text rendering), numbered;
    None when the file is gone."""
    if not path.is_file():
        return None
    from budgetwatch.sources.decode import decode_bytes, is_pdf
    from budgetwatch.transforms.pdf_reader import render

    data = path.read_bytes()
    # a PDF's source_line counts the lines of its text rendering (docs/parser.md)
    text = render(data, str(path)) if is_pdf(data) else decode_bytes(data, str(path))[0]
    lines = text.splitlines()
    table = Table(show_header=False, box=None)
    table.add_column(justify="right", style="dim")
    table.add_column(overflow="fold")
    for n in range(max(1, line - context), min(len(lines), line + context) + 1):
        table.add_row(str(n), Text(lines[n - 1], style="bold" if n == line else ""))
    return Panel(table, title=f"{path}:{line}", title_align="left")


def explain_view(store: Store, flag_id: str, input_dir: Path, rules_md: Path) -> Group:
    flags = store.read("flags").filter(pl.col("flag_id") == flag_id)
    if flags.is_empty():
        raise StoreError(f"{store.root}: no flag {flag_id!r} (see `budgetwatch summary`)")
    flag = flags.row(0, named=True)
    docs = store.read("documents").filter(pl.col("doc_id") == flag["doc_id"])
    source_file = flag["source_file"] or (docs["source_file"][0] if docs.height else None)
    facts = Table(show_header=False, box=None)
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    for key in ("flag_id", "severity", "score", "rank", "rule_or_model", "kind", "subject",
                "expected", "actual", "department_code", "fiscal_year", "doc_id",
                "source_line", "group_id", "group_size"):
        facts.add_row(key, "" if flag[key] is None else str(flag[key]))
    facts.add_row("source_file", source_file or "")
    if docs.height:
        facts.add_row("department", docs["department_name"][0] or "")
    parts = [Panel(facts, title="Flag"), Panel(Text(flag["explanation"] or ""),
                                               title="Explanation")]
    if source_file and flag["source_line"]:
        path = Path(input_dir) / source_file
        excerpt = source_excerpt(path, flag["source_line"])
        parts.append(excerpt if excerpt is not None else
                     Text(f"{path} is no longer there; line {flag['source_line']}", style="dim"))
    if flag["group_id"] is not None and (flag["group_size"] or 1) > 1:
        related = store.read("flags").filter((pl.col("group_id") == flag["group_id"])
                                             & (pl.col("flag_id") != flag_id)).sort("rank")
        parts.append(flags_table(related, title="Same cause: the other flags of its group"))
    from budgetwatch.detection.registry import rule_doc as registered_doc

    doc = registered_doc(flag["rule_or_model"])  # the registry's docs/rules.md (package data)
    parts.append(Panel(Text(doc) if doc else Text(f"{flag['rule_or_model']}: not described in "
                                                  f"{rules_md}", style="dim"),
                       title="Rule"))
    return Group(*parts)


# ---- history ---------------------------------------------------------------------------------
def history_frame(multiyear: pl.DataFrame, department: str, code: str | None) -> pl.DataFrame:
    """One row per line of the department, one column per year (amount in 万元), then the
    latest change and status."""
    who = pl.col("department_key").str.split("|").list.last()
    rows = multiyear.filter((who == department) | (who == f"name:{department}"))
    if code is not None:
        rows = rows.filter(pl.col("code") == code)
    if rows.is_empty():
        return rows
    line = ["table_id", "side", "code", "name_key", "column_id"]
    latest = rows.sort("fiscal_year").group_by(line, maintain_order=True).agg(
        pl.col("name").drop_nulls().last(), pl.col("change_wan").last(),
        pl.col("change_pct").last(), pl.col("status").last(),
        pl.col("first_year").first(), pl.col("last_year").first())
    wide = rows.with_columns(pl.col("fiscal_year").cast(pl.String)).pivot(
        on="fiscal_year", index=line, values="amount_wan", sort_columns=True)
    years = [c for c in wide.columns if c not in line]
    return latest.join(wide, on=line, how="left", nulls_equal=True).select(
        "table_id", "code", "name", "column_id", *years, "change_wan", "change_pct", "status",
        "first_year", "last_year").sort("table_id", "code", "name", "column_id",
                                        nulls_last=True)


def history_table(frame: pl.DataFrame, department: str) -> Table:
    table = Table(title=f"History of department {department} (万元)")
    for c in frame.columns:
        table.add_column(c, justify="right" if c[:1].isdigit() or c.startswith("change")
                         else "left", overflow="fold")
    for r in frame.iter_rows():
        table.add_row(*["" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v))
                        for v in r])
    return table
