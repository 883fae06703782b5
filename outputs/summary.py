"""Terminal views of the store: run summary, department scorecard, flags, explain, history.

Each ``*_table``/``*_view`` function is pure (frames in, a rich renderable out). Every string
from the data (file names, department names, disclosure text) goes into ``Text`` objects,
never into markup: ``report[final].txt`` or a ``[/`` in a document is shown as is.

At 80 columns nothing a reader needs to type is cut: flags are listed as a row of short
fields (full flag id) with the department and the explanation wrapped on the lines below.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from budgetwatch.contract.schema import SEVERITIES, department_key
from budgetwatch.outputs.console import safe
from budgetwatch.outputs.departments import DepartmentError, resolve
from budgetwatch.outputs.results import shown_time
from budgetwatch.store import Store, StoreError
from budgetwatch.store.reviews import with_review

_SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
SCORECARD_ROWS = 10  # the short table: the flags after it must fit the last screen
_GAP = "  "  # between the fields of a flag's row


class FilterError(ValueError):
    """A --year or --department that matches nothing in the store."""


def _documents(documents: pl.DataFrame, year: int | None, department: str | None) -> pl.DataFrame:
    """The documents of a year and a department (``region|code``, a code or a name:
    outputs/departments.py). A filter that matches nothing is an error naming what exists."""
    if year is not None:
        years = sorted(documents["fiscal_year"].drop_nulls().unique().to_list())
        if year not in years:
            raise FilterError(
                f"no documents of {year} in the store; years present: "
                f"{year_ranges(years) or 'none'}"
            )
    if department is not None:
        try:
            key = resolve(documents, department)
        except DepartmentError as exc:
            raise FilterError(str(exc)) from None
        documents = documents.filter(department_key() == key)
    if year is not None:
        documents = documents.filter(pl.col("fiscal_year") == year)
        if documents.is_empty():
            raise FilterError(f"no documents of department {department!r} in {year}")
    return documents


class _Indented:
    """``text`` wrapped to the width left after ``indent`` columns, each line indented and
    not padded on the right (rich's Padding pads lines to the longest)."""

    def __init__(self, text: Text, indent: int):
        self.text, self.indent = text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.wrap(console, max(1, options.max_width - self.indent)):
            line.rstrip()
            yield Text(" " * self.indent) + line


def year_ranges(years: list[int]) -> str:
    """[2020, 2021, 2022, 2024] → "2020-2022,2024"."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ",".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def documents_table(documents: pl.DataFrame, quarantine: pl.DataFrame) -> Group:
    """Counts by status, then each document held back: status and file on one line, the
    reason wrapped below it."""
    counts = dict(documents.group_by("status").len().iter_rows())
    lines: list[RenderableType] = [
        Text.assemble(
            ("Documents: ", "bold"),
            ", ".join(f"{counts.get(s, 0)} {s}" for s in ("loaded", "quarantined", "rejected")),
        )
    ]
    for row in quarantine.sort("status", "source_file").iter_rows(named=True):
        lines.append(
            _Indented(
                Text.assemble((row["status"], "yellow"), "  ", safe(row["source_file"] or "")), 2
            )
        )
        lines.append(_Indented(Text(row["reason"] or "", style="dim"), 4))
    return Group(*lines)


def top_flags(flags: pl.DataFrame, top: int) -> pl.DataFrame:
    """One flag per group (its best-ranked: the others are the same cause seen again, listed
    by ``explain``), in the store's rank order (what ``explain`` shows as rank)."""
    leaders = flags.filter(pl.col("group_id").is_null() | (pl.col("group_id") == pl.col("flag_id")))
    return leaders.sort("rank", "flag_id", nulls_last=True).head(top)


_FLAG_FIELDS = ("rank", "flag id", "severity", "score", "year", "kind", "state")
# one line under the flags' title at 80 columns (README: "Reading the summary" says more)
SCORE_NOTE = "score = 万元 at stake / the department's spending; skipped ranks: same cause"


def _flag_fields(r: dict) -> tuple[str, ...]:
    return (
        str(r["rank"] or ""),
        r["flag_id"],
        r["severity"] or "",
        "" if r["score"] is None else f"{r['score']:.3f}",
        str(r["fiscal_year"] or ""),
        r["kind"] or "",
        r.get("state") or "",
    )


def flag_states(
    flags: pl.DataFrame, reviews: pl.DataFrame, flag_runs: pl.DataFrame, new_run: str | None
) -> pl.DataFrame:
    """``flags`` with review_state, first_run_id, ``new`` (first raised by ``new_run``) and
    ``state``: the review decision, else "new", else empty."""
    out = with_review(flags, reviews).join(
        flag_runs, on="flag_id", how="left", maintain_order="left"
    )
    new = (pl.col("first_run_id") == new_run).fill_null(False) if new_run else pl.lit(False)
    return out.with_columns(new=new).with_columns(
        state=pl.when(pl.col("review_state") != "open")
        .then(pl.col("review_state"))
        .when(pl.col("new"))
        .then(pl.lit("new"))
        .otherwise(pl.lit(""))
    )


def flags_table(
    flags: pl.DataFrame,
    title: str = "Top flags",
    documents: pl.DataFrame | None = None,
    note: str | None = None,
) -> Group:
    """Each flag as a row of short fields (rank, full flag id, severity, score, year, kind),
    then below it the department, the source file and line, the count of related flags and
    the explanation, wrapped to the width. ``documents`` supplies department names."""
    if documents is not None and "department_name" not in flags.columns:
        flags = flags.join(
            documents.select("doc_id", "department_name", "region").unique("doc_id"),
            on="doc_id",
            how="left",
            maintain_order="left",
        )
    rows = list(flags.iter_rows(named=True))
    # the review state (new, confirmed) last, and only when a flag shown has one
    n = len(_FLAG_FIELDS) - (not any(r.get("state") for r in rows))
    cells = [_FLAG_FIELDS[:n], *(_flag_fields(r)[:n] for r in rows)]
    widths = [max(cell_len(c[i]) for c in cells) for i in range(n)]
    right = {0, 3}  # rank and score

    def line(fields: tuple[str, ...], style: str = "") -> Text:
        text = Text(style=style)
        for i, (value, width) in enumerate(zip(fields, widths)):
            pad = " " * (width - cell_len(value))
            last = i == len(fields) - 1
            cell = value if last else (pad + value if i in right else value + pad)
            cell_style = _SEVERITY_STYLE.get(value, "") if i == 2 else ""
            text.append(cell, style=cell_style)
            if not last:
                text.append(_GAP)
        return text

    indent = widths[0] + len(_GAP)
    parts: list[RenderableType] = [Text(title, style="bold")]
    if note:
        parts.append(Text(note, style="dim"))
    if not rows:
        return Group(*parts, Text("no flags", style="dim"))
    parts.append(line(_FLAG_FIELDS[:n], style="bold"))
    for r in rows:
        parts.append(line(_flag_fields(r)[:n]))
        # region|code: what --department takes (two counties may share a code)
        code = r["department_code"] or ""
        if code and r.get("region"):
            code = f"{r['region']}|{code}"
        where = " ".join(x for x in (code, r.get("department_name") or "") if x)
        source = safe(r["source_file"] or "")
        if source and r["source_line"]:
            source += f" line {r['source_line']}"
        # the count belongs to the group's leader (a member listed by explain has none)
        related = (r.get("group_size") or 1) - 1 if r.get("group_id") in (None, r["flag_id"]) else 0
        about = " · ".join(
            x for x in (where, source, f"+{related} related" if related else "") if x
        )
        parts.append(_Indented(Text(about, style="dim"), indent))
        parts.append(_Indented(Text(r["explanation"] or ""), indent))
    return Group(*parts)


def scorecard(
    documents: pl.DataFrame, residuals: pl.DataFrame, flags: pl.DataFrame
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
    checks = (
        residuals.join(key, on="doc_id")
        .group_by("department_key")
        .agg(pl.len().alias("checks"), (~pl.col("passed")).sum().alias("checks_failed"))
    )
    # a flag whose figures could not be verified is no department's problem (docs/rules.md)
    verified = pl.col("verified").fill_null(True)
    by_sev = (
        flags.join(key, on="doc_id")
        .group_by("department_key")
        .agg(
            *[((pl.col("severity") == s) & verified).sum().alias(s) for s in SEVERITIES],
            (~verified).sum().alias("unverified"),
            pl.col("score").filter(verified).max().alias("max_score"),
        )
    )
    out = base.join(checks, on="department_key", how="left").join(
        by_sev, on="department_key", how="left"
    )
    return out.with_columns(
        pl.col("checks", "checks_failed", *SEVERITIES, "unverified").fill_null(0),
        pl.col("years").map_elements(lambda ys: year_ranges(list(ys)), return_dtype=pl.String),
    ).sort([*SEVERITIES, "department_key"], descending=[True, True, True, False])


def scorecard_table(card: pl.DataFrame, limit: int) -> Table:
    """The first ``limit`` departments of the scorecard (most flagged first). Department
    code and full name share a column that wraps, rather than cuts, on a narrow terminal."""
    hidden = card.height - limit
    notes = [
        "docs: loaded (+held back); checks: identity checks failed/run; "
        "crit, warn, info: verified flags by severity"
    ]
    unverified = card["unverified"].sum()
    if unverified:
        notes.append(f"{unverified} flag(s) could not be verified: listed apart, not counted")
    if hidden > 0:
        notes.append(f"{hidden} more departments; narrow with --department or --year")
    table = Table(
        title=Text("Department scorecard", style="bold"),
        title_justify="left",
        caption=Text("\n".join(notes), style="dim"),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("department", overflow="fold")
    table.add_column("years", no_wrap=True)
    for name in ("docs", "checks", "crit", "warn", "info"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in card.head(limit).iter_rows(named=True):
        held = f"+{r['held_back']}" if r["held_back"] else ""
        region = r["department_key"].split("|")[0]
        who = f"{region}|{r['department_code']}" if r["department_code"] else region
        table.add_row(
            Text(" ".join(x for x in (who, r["name"]) if x)),
            Text(r["years"] or ""),
            f"{r['loaded']}{held}",
            f"{r['checks_failed']}/{r['checks']}",
            *(str(r[s]) for s in SEVERITIES),
        )
    return table


def _alive(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def unfinished_run_notice(runs: list[dict], tz: str = "UTC") -> list[Text]:
    """When the last run did not complete: what became of it, when, and which run the
    flags and comparisons shown are from (the derived tables are rebuilt only at the end of
    a run; documents it committed before it stopped are in the store and counted). Empty
    when the last run completed. A run still marked ``running`` whose process is gone died
    without a word (kill -9, out of memory); the next run records it ``killed``."""

    def _when(iso: str | None) -> str:
        return shown_time(iso, tz)

    last = runs[-1]
    status = last.get("status")
    if status == "completed":
        return []
    if status == "running":
        if _alive(last.get("pid")):
            return [
                Text(
                    f"run {last['run_id']} is in progress (pid {last['pid']}, started "
                    f"{_when(last.get('started_at'))}): the figures below are from "
                    "before it",
                    style="yellow",
                )
            ]
        head = (
            f"last run {last['run_id']} was killed: its process (pid {last.get('pid')}, "
            f"started {_when(last.get('started_at'))}) ended without recording its end "
            "(kill -9, out of memory or a crash)"
        )
    else:
        head = (
            f"last run {last['run_id']} {status} at {_when(last.get('finished_at'))} "
            f"(started {_when(last.get('started_at'))})"
            + (f": {last['error']}" if last.get("error") else "")
        )
    done = [r for r in runs if r.get("status") == "completed"]
    if done:
        tail = (
            f"flags and comparisons below are from the last completed run "
            f"{done[-1]['run_id']} (finished {_when(done[-1].get('finished_at'))}); "
            "documents the stopped run committed are counted. Run again to complete the "
            "store"
        )
    else:
        tail = (
            "no run has completed: there are no flags or comparisons yet; documents the "
            "stopped run committed are counted. Run again to complete the store"
        )
    return [Text(head, style="bold red"), Text(tail, style="red")]


def new_since_last_run(runs: list[dict]) -> Text | None:
    """ "new since the last run: 2 critical, 1 warning; resolved: 3", of the last completed
    run (None before any)."""
    done = [r for r in runs if r.get("status") == "completed"]
    if not done:
        return None
    det = done[-1].get("detection", {})
    new = det.get("new_flags", {}).get("by_severity", {})
    resolved = det.get("resolved_flags", {}).get("count", 0)
    return Text(
        f"new since the last run: {new.get('critical', 0)} critical, "
        f"{new.get('warning', 0)} warning; resolved: {resolved}",
        style="bold",
    )


def _flag_filter(
    flags: pl.DataFrame, severity: str | None, kind: str | None, new_only: bool
) -> pl.DataFrame:
    if severity is not None:  # this severity or worse
        flags = flags.filter(
            pl.col("severity").is_in(list(SEVERITIES[: SEVERITIES.index(severity) + 1]))
        )
    if kind is not None:
        kinds = sorted(flags["kind"].drop_nulls().unique().to_list())
        if kind not in kinds:
            raise FilterError(
                f"no flags of kind {kind!r}; kinds present: {', '.join(kinds) or 'none'}"
            )
        flags = flags.filter(pl.col("kind") == kind)
    return flags.filter(pl.col("new")) if new_only else flags


def summary_view(
    store: Store,
    year: int | None,
    department: str | None,
    top: int,
    *,
    tz: str = "UTC",
    severity: str | None = None,
    kind: str | None = None,
    new_only: bool = False,
) -> Group:
    """What a run left: what is new, the last run, documents held back, a short department
    table, then the flags (last, so that the last screen of a terminal shows them)."""
    docs = _documents(store.read("documents"), year, department)
    ids = docs.select("doc_id")
    quarantine = store.read("quarantine").join(ids, on="doc_id", how="semi")
    runs = store.runs()
    done = [r["run_id"] for r in runs if r.get("status") == "completed"]
    flags = flag_states(
        store.read("flags").join(ids, on="doc_id", how="semi"),
        store.reviews(),
        store.read("flag_runs"),
        done[-1] if done else None,
    )
    residuals = store.read("residuals", where=pl.col("doc_id").is_in(ids["doc_id"].implode()))
    parts: list[RenderableType] = []
    if runs:
        news = new_since_last_run(runs)
        if news is not None:
            parts.append(news)
        last = runs[-1]
        parts.append(
            Text(
                f"last run {last['run_id']} ({last['kind']}, {last['status']}): "
                f"{last['files_seen']} files seen, {len(last['files_parsed'])} parsed, "
                f"{last['files_unchanged']} unchanged; started "
                f"{shown_time(last.get('started_at'), tz)}",
                style="dim",
            )
        )
        parts += unfinished_run_notice(runs, tz)
        parts.append(Text(f"store {store.root}", style="dim"))
        if "report" in last:
            parts.append(Text(f"report {last['report']}", style="dim"))
    parts += [
        documents_table(docs, quarantine),
        Text(""),
        scorecard_table(scorecard(docs, residuals, flags), limit=SCORECARD_ROWS),
        Text(""),
    ]
    dismissed = flags.filter(pl.col("review_state") == "dismissed")
    listed = _flag_filter(
        flags.filter(pl.col("review_state") != "dismissed"), severity, kind, new_only
    )
    # flags whose figures the reader could not verify are listed apart, after the others
    unverified = listed.filter(~pl.col("verified").fill_null(True))
    listed = listed.filter(pl.col("verified").fill_null(True))
    shown = top_flags(listed, top)
    which = " ".join(
        x for x in ("new" if new_only else "", severity and f"{severity}+", kind or "") if x
    )
    title = (
        f"Top {shown.height} {which + ' ' if which else ''}flags of {listed.height}, one "
        "per cause (`budgetwatch explain FLAG_ID` shows the evidence)"
    )
    parts.append(flags_table(shown, documents=docs, title=title, note=SCORE_NOTE))
    if unverified.height:
        parts.append(Text(""))
        parts.append(
            flags_table(
                top_flags(unverified, top),
                documents=docs,
                title=f"Could not verify: {unverified.height} flag(s) whose tables were not read "
                "whole or whose figures were not found again on their page",
                note="a possible misreading: check the page before acting",
            )
        )
    if dismissed.height:
        parts.append(
            Text(
                f"{dismissed.height} dismissed flag(s) not shown "
                "(`budgetwatch review --list --all` lists them)",
                style="dim",
            )
        )
    return Group(*parts)


# ---- explain ---------------------------------------------------------------------------------
def expand_tabs(line: str, size: int = 8) -> str:
    """Tabs as spaces to the next multiple of ``size`` terminal cells (汉字 are two wide:
    str.expandtabs counts characters, and the columns of a Chinese table would drift)."""
    if "\t" not in line:
        return line
    out, col = [], 0
    for ch in line:
        step = size - col % size if ch == "\t" else cell_len(ch)
        out.append(" " * step if ch == "\t" else ch)
        col += step
    return "".join(out)


def source_excerpt(
    path: Path, line: int, page: int | None = None, context: int = 3
) -> Panel | None:
    """Lines around ``line`` of the input file (of a PDF: of its text rendering, and its
    page), numbered, tabs expanded; None when the file is gone."""
    if not path.is_file():
        return None
    from budgetwatch.sources.decode import decode_bytes, is_pdf
    from budgetwatch.transforms.office import render_office
    from budgetwatch.transforms.pdf_reader import render

    data = path.read_bytes()
    # a PDF's source_line counts the lines of its text rendering (docs/parser.md), a
    # workbook's the rows of its sheets (docs/workbooks.md)
    text = render(data, str(path)) if is_pdf(data) else render_office(data, str(path))
    text = text if text is not None else decode_bytes(data, str(path))[0]
    lines = text.splitlines()
    table = Table(show_header=False, box=None)
    table.add_column(justify="right", style="dim")
    table.add_column(overflow="fold")
    for n in range(max(1, line - context), min(len(lines), line + context) + 1):
        table.add_row(str(n), Text(expand_tabs(lines[n - 1]), style="bold" if n == line else ""))
    where = safe(f"{path}:{line}") + (f" (p. {page})" if page else "")
    return Panel(table, title=Text(where), title_align="left")


def with_unit(text: str | None, amount) -> str:
    """A flag's side: its amount (``expected_wan`` / ``actual_wan``, 10097.820000) as
    ``10,097.82 万元``; a side that is no amount (a year, a ratio, a label) as its text."""
    if amount is not None:
        return f"{amount:,.2f} 万元"
    return text or ""


def flag_page(store: Store, flag: dict) -> int | None:
    """The PDF page of the flagged row: the source_page of a row of its document read from
    its line (None for text files and rows without a page)."""
    if flag["source_line"] is None:
        return None
    where = (pl.col("doc_id") == flag["doc_id"]) & (pl.col("source_line") == flag["source_line"])
    for table in ("line_items", "narrative_figures", "projects", "indicators", "findings"):
        rows = store.read(table, where=where)
        if "source_page" in rows.columns:
            pages = rows["source_page"].drop_nulls()
            if pages.len():
                return int(pages[0])
    return None


def review_panel(reviews: pl.DataFrame, flag_id: str, first_run: str | None, tz: str) -> Panel:
    """The flag's state, the run that first raised it and every review row."""
    mine = reviews.filter(pl.col("flag_id") == flag_id)
    decided = mine.filter(pl.col("state") != "note")
    state = decided["state"][-1] if decided.height else "open"
    lines = [Text(f"state: {state}" + (f"; first raised by run {first_run}" if first_run else ""))]
    for r in mine.iter_rows(named=True):
        lines.append(
            Text(
                f"{shown_time(r['at'], tz)}  {r['state']} by {r['by']}"
                + (f": {r['note']}" if r["note"] else "")
            )
        )
    return Panel(Group(*lines), title="Review")


def explain_view(store: Store, flag_id: str, input_dir: Path, tz: str = "UTC") -> Group:
    from rich.markdown import Markdown

    flags = store.read("flags").filter(pl.col("flag_id") == flag_id)
    if flags.is_empty():
        raise StoreError(f"{store.root}: no flag {flag_id!r} (see `budgetwatch summary`)")
    flag = flags.row(0, named=True)
    docs = store.read("documents").filter(pl.col("doc_id") == flag["doc_id"])
    source_file = flag["source_file"] or (docs["source_file"][0] if docs.height else None)
    page = flag_page(store, flag)
    facts = Table(show_header=False, box=None)
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    for key in (
        "flag_id",
        "severity",
        "score",
        "rank",
        "rule_or_model",
        "kind",
        "subject",
        "expected",
        "actual",
        "department_code",
        "fiscal_year",
        "doc_id",
        "source_line",
        "group_id",
        "group_size",
        "verified",
        "confidence",
    ):
        value = flag[key]
        if key in ("expected", "actual"):
            value = with_unit(value, flag[f"{key}_wan"])
        facts.add_row(key, Text("" if value is None else str(value)))
    for key in ("table_id", "code", "column_id", "project_code", "stake_wan"):  # where they apply
        if flag.get(key) is not None:
            facts.add_row(
                key, Text(with_unit(None, flag[key]) if key == "stake_wan" else flag[key])
            )
    if page:
        facts.add_row("page", Text(f"p. {page}"))
    facts.add_row("source_file", Text(safe(source_file or "")))
    # a workbook's cells on the flag's line (a joined document's items name their own file:
    # lines of two files must not mix)
    items = store.read(
        "line_items",
        where=(pl.col("doc_id") == flag["doc_id"]) & (pl.col("source_line") == flag["source_line"]),
    )
    own = docs["source_file"][0] if docs.height else ""
    cells = (
        items.filter(pl.col("source_file").fill_null(own) == source_file)["source_cell"]
        .drop_nulls()
        .unique(maintain_order=True)
        .to_list()
    )
    if cells:
        facts.add_row("source_cell", Text(", ".join(cells)))
    if docs.height:
        facts.add_row("department", Text(docs["department_name"][0] or ""))
    first = store.read("flag_runs").filter(pl.col("flag_id") == flag_id)["first_run_id"]
    parts = [
        Panel(facts, title="Flag"),
        review_panel(store.reviews(), flag_id, first[0] if first.len() else None, tz),
        Panel(Text(flag["explanation"] or ""), title="Explanation"),
    ]
    if source_file and flag["source_line"]:
        path = Path(input_dir) / source_file
        excerpt = source_excerpt(path, flag["source_line"], page)
        parts.append(
            excerpt
            if excerpt is not None
            else Text(
                f"{path} is no longer there; line {flag['source_line']}"
                + (f", p. {page}" if page else ""),
                style="dim",
            )
        )
    if flag["group_id"] is not None and (flag["group_size"] or 1) > 1:
        related = (
            store.read("flags")
            .filter((pl.col("group_id") == flag["group_id"]) & (pl.col("flag_id") != flag_id))
            .sort("rank")
        )
        parts.append(
            flags_table(related, documents=docs, title="Same cause: the other flags of its group")
        )
    from budgetwatch.detection.registry import rule_doc

    doc = rule_doc(flag["rule_or_model"])  # the registry's docs/rules.md (package data)
    parts.append(
        Panel(
            Markdown(doc)
            if doc
            else Text(f"{flag['rule_or_model']}: not described in docs/rules.md", style="dim"),
            title="Rule",
        )
    )
    return Group(*parts)


# ---- history ---------------------------------------------------------------------------------
def history_frame(multiyear: pl.DataFrame, department: str, code: str | None) -> pl.DataFrame:
    """One row per line of the department (its ``department_key``: outputs/departments.py),
    one column per year (amount in 万元), then the latest change and status."""
    rows = multiyear.filter(pl.col("department_key") == department)
    if code is not None:
        rows = rows.filter(pl.col("code") == code)
    if rows.is_empty():
        return rows
    line = ["doc_kind", "table_id", "side", "code", "name_key", "column_id"]
    latest = (
        rows.sort("fiscal_year")
        .group_by(line, maintain_order=True)
        .agg(
            pl.col("name").drop_nulls().last(),
            pl.col("change_wan").last(),
            pl.col("change_pct").last(),
            pl.col("status").last(),
            pl.col("first_year").first(),
            pl.col("last_year").first(),
        )
    )
    wide = rows.with_columns(pl.col("fiscal_year").cast(pl.String)).pivot(
        on="fiscal_year", index=line, values="amount_wan", sort_columns=True
    )
    years = [c for c in wide.columns if c not in line]
    return (
        latest.join(wide, on=line, how="left", nulls_equal=True)
        .select(
            "table_id",
            "code",
            "name",
            "column_id",
            *years,
            "change_wan",
            "change_pct",
            "status",
            "first_year",
            "last_year",
        )
        .sort("table_id", "code", "name", "column_id", nulls_last=True)
    )


def money(value) -> str:
    """An amount in 万元 as the tables print it: two decimals, thousands separated."""
    return "" if value is None else f"{value:,.2f}"


class HistoryView:
    """One table per disclosure table: a line (code, name, column, and its status when it
    is not simply continuing), its amount per year (万元, two decimals, right-aligned so the
    decimal points line up), the latest change. Amounts are never cut: on a narrow terminal
    the earliest years are left out, and the title says which."""

    LINE_MIN = 16  # cells kept for the line's code and name (they wrap below that)

    def __init__(self, frame: pl.DataFrame, department: str):
        self.frame, self.department = frame, department
        self.years = [c for c in frame.columns if c[:1].isdigit()]
        self.cells = {c: [money(v) for v in frame[c]] for c in self.years}
        self.cells["change"] = ["" if v is None else f"{v:+,.2f}" for v in frame["change_wan"]]
        self.cells["%"] = ["" if v is None else f"{v:+.1f}" for v in frame["change_pct"]]

    def _fitting_years(self, width: int) -> list[str]:
        def cost(col: str) -> int:  # its widest cell plus the gap before it
            return max(cell_len(x) for x in [col, *self.cells[col]]) + 2

        used = self.LINE_MIN + cost("change") + cost("%")
        shown: list[str] = []
        for year in reversed(self.years):
            if shown and used + cost(year) > width:
                break
            used += cost(year)
            shown.insert(0, year)
        return shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        years = self._fitting_years(options.max_width)
        left_out = self.years[: len(self.years) - len(years)]
        yield Text(f"History of department {self.department} (万元)", style="bold")
        if left_out:
            yield Text(
                f"{', '.join(left_out)} left out to fit {options.max_width} columns "
                "(widen the terminal, or set COLUMNS when piped)",
                style="dim",
            )
        for (table_id,), rows in self.frame.with_row_index("_row").group_by(
            "table_id", maintain_order=True
        ):
            table = Table(
                title=Text(table_id),
                title_justify="left",
                box=box.SIMPLE_HEAD,
                show_edge=False,
                pad_edge=False,
                collapse_padding=True,
            )
            table.add_column("line", overflow="fold", min_width=self.LINE_MIN)
            for col in (*years, "change", "%"):
                table.add_column(col, justify="right", no_wrap=True)
            for r in rows.iter_rows(named=True):
                line = " ".join(x for x in (r["code"], r["name"]) if x)
                line += f" ({r['column_id']})" if r["column_id"] else ""
                if r["status"] and r["status"] != "continuing":
                    line += f", {r['status']}"
                table.add_row(
                    Text(line), *(self.cells[c][r["_row"]] for c in (*years, "change", "%"))
                )
            yield table


def history_table(frame: pl.DataFrame, department: str) -> HistoryView:
    return HistoryView(frame, department)
