"""Companion files: one department-year published as several files becomes one disclosure.

Beijing publishes 附件1 情况说明 (narrative) and 附件2 报表 (tables) as two PDFs; Jiangsu 2019
a narrative PDF and a tables PDF. Each file is read on its own; here the parts are paired
from their content — never from file names, which scraped folders often get wrong:

- a *narrative part* is a loaded document with narrative figures and no table amounts, a
  *tables part* one with table amounts and no narrative figures;
- a tables part that names its department and year (Jiangsu) pairs with the narrative of
  the same department (name or code), fiscal year and kind (预算/决算);
- a tables part that names its department but no year (定州's workbooks) pairs with the
  narrative of that department and kind;
- a tables part that names neither (Beijing's table pages carry no year or department)
  pairs with the narrative of the same kind whose stated total (the largest 收入/支出 total
  it prints, or else its 基本支出 plus 项目支出; rounded to 0.01 万元) equals the tables'
  收支总表 grand total.

A file printing only a 绩效目标表 (projects or indicators; no table amount, no narrative figure:
Guangzhou's 项目支出绩效目标表 printed alone beside its 部门预算) is a *performance part*: the
companion of the one document of the same department (name or code), fiscal year and kind that
prints the tables and no 绩效目标表 of its own, never a second version of it. Its projects and
indicators become that document's (``performance_joined``); the document keeps its own
identity and files, and lists the performance file among its ``source_files``.

A pairing is made only when it is one-to-one; a part with several candidates stays alone
and gets a ``companion_ambiguous`` finding naming them. The joined document's ``doc_id`` is
derived from the sorted member ids (stable whatever the order the files are read in),
``source_files`` lists the members (sorted), ``source_file`` is the tables part. Every row
keeps the line of the file it was read from and names that file in its own ``source_file``
(the extension of every frame with source_line), so a flag or a figure citing a narrative
line names the narrative file; a ``companion_joined`` finding says which file is which.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import Frames
from budgetwatch.transforms.workbook_income import (
    by_saved_time,
    disagreements,
    narrowed,
    same_income,
    year_incomes,
)
from budgetwatch.transforms.workbook_reader import ORG_END
from budgetwatch.transforms.workbook_versions import stood_by

# The narrative prints 万元 with two decimals: half a cent of rounding, and a little slack.
TOTAL_TOLERANCE_WAN = Decimal("0.01")
_TOTAL_LABELS = ("income_total", "expenditure_total")
_PART_LABELS = ("basic", "project")


def joined_doc_id(member_ids: list[str]) -> str:
    return hashlib.sha256("+".join(sorted(member_ids)).encode()).hexdigest()[:16]


def part_kinds(frames: Frames, earlier: pl.DataFrame | None = None) -> dict[str, str]:
    """doc_id → narrative/tables/performance/budget for the documents of ``frames`` that are
    companion parts (to hold back until every file has been read): a whole document is held
    as ``budget`` when a performance part of its department-year is among them, or among
    ``earlier`` (documents read before — an earlier batch's parts, the store's — with their
    ``part``: the 绩效目标表 read in an earlier run awaits the 部门预算 arriving now)."""
    kinds = dict(_parts(frames).select("doc_id", "part").iter_rows())
    performance = _performance_parts(frames)
    kinds |= dict.fromkeys(performance["doc_id"], "performance")
    performance = performance.select("doc_id", *_IDENTITY)
    if earlier is not None:
        waiting = _named(earlier.filter(pl.col("part") == "performance"))
        performance = pl.concat(
            [performance, waiting.select(performance.columns)], how="vertical_relaxed"
        )
    whole = _budgets(frames).filter(~pl.col("doc_id").is_in(list(kinds)))
    kinds |= dict.fromkeys(_performance_candidates(performance, whole)["target"], "budget")
    return kinds


def stored_companions(frames: Frames, earlier: pl.DataFrame) -> set[str]:
    """Source files of the documents of ``earlier`` (read in earlier runs: the store's, with
    their manifest ``part``) that a performance part of ``frames`` may complete: the loaded
    documents of its department (name or code), year and kind that are no performance part
    themselves. Read again and held with it, the pair is joined — or found ambiguous — as if
    both files had arrived in one run. Pure: no I/O."""
    stored = _named(earlier.filter(pl.col("part").fill_null("") != "performance"))
    pairs = _performance_candidates(
        _performance_parts(frames).select("doc_id", *_IDENTITY),
        stored.select("doc_id", *_IDENTITY),
    )
    files = stored.join(pairs, left_on="doc_id", right_on="target", how="semi").select(
        pl.coalesce("source_files", pl.concat_list("source_file")).explode()
    )
    return set(files.to_series().drop_nulls())


def member_files(documents: pl.DataFrame) -> pl.DataFrame:
    """One row per file of each loaded document of ``documents`` (a joined document is its
    files), with no ``part``: the whole documents of a run's earlier batches, as
    ``stored_companions`` takes them (a run in memory holds its companion parts to its end,
    so every document it has kept is whole). Pure: no I/O."""
    members = _named(documents).with_columns(
        source_file=pl.coalesce("source_files", pl.concat_list("source_file"))
    )
    return members.explode("source_file").with_columns(part=pl.lit(None, pl.String))


def replaced(documents: pl.DataFrame, files: set[str]) -> list[str]:
    """doc_ids of ``documents`` that a batch of ``files`` replaces: those with a file among
    them (a 部门预算 kept alone in an earlier batch, read again to join the 绩效目标表 that
    came after it). Pure: no I/O."""
    members = pl.coalesce("source_files", pl.concat_list("source_file"))
    hit = members.list.eval(pl.element().is_in(list(files))).list.any()
    return documents.filter(hit)["doc_id"].to_list()


def split_parts(frames: Frames, earlier: pl.DataFrame | None = None) -> tuple[Frames, Frames]:
    """(the whole documents, the companion parts) of ``frames`` (``earlier``: as part_kinds)."""
    ids = list(part_kinds(frames, earlier))
    rest = frames.documents.filter(~pl.col("doc_id").is_in(ids))["doc_id"]
    return frames.filter_docs(rest), frames.filter_docs(ids)


def _parts(frames: Frames) -> pl.DataFrame:
    """Loaded documents that are a narrative or a tables part, with what pairs them."""
    docs = _loaded(frames)
    with_items = frames.line_items.select("doc_id").unique()
    with_figures = frames.narrative_figures.select("doc_id").unique()
    table_total = (
        frames.line_items.filter(
            (pl.col("table_id") == "income_expenditure_summary")
            & pl.col("code").fill_null("").eq("")
        )
        .group_by("doc_id")
        .agg(total=pl.col("amount_wan").max())
    )
    figures = frames.narrative_figures
    stated_total = (
        figures.filter(pl.col("label").is_in(_TOTAL_LABELS))
        .group_by("doc_id")
        .agg(total=pl.col("amount_wan").max())
    )
    # a narrative stating no total but its 基本支出 and 项目支出 (定州 2017 说明): their sum
    parts_total = (
        figures.filter(pl.col("label").is_in(_PART_LABELS))
        .unique(["doc_id", "label"], keep="first")
        .group_by("doc_id")
        .agg(total=pl.col("amount_wan").sum(), n=pl.len())
        .filter(pl.col("n") == len(_PART_LABELS))
        .drop("n")
        .join(stated_total, on="doc_id", how="anti")
    )
    stated_total = pl.concat([stated_total, parts_total])
    items = pl.col("doc_id").is_in(with_items["doc_id"].implode())
    figures = pl.col("doc_id").is_in(with_figures["doc_id"].implode())
    parts = docs.with_columns(
        part=pl.when(items & ~figures)
        .then(pl.lit("tables"))
        .when(~items & figures)
        .then(pl.lit("narrative"))
    )
    parts = parts.filter(pl.col("part").is_not_null())
    totals = pl.concat([table_total, stated_total])
    return parts.join(totals, on="doc_id", how="left").join(
        year_incomes(frames), on="doc_id", how="left"
    )


def _loaded(frames: Frames) -> pl.DataFrame:
    """Undecided (a reader's own output, tests) or loaded documents, with their name without
    spaces."""
    return _named(frames.documents)


# what pairs a performance part with its budget
_IDENTITY = ("name", "department_code", "fiscal_year", "doc_kind")


def _named(documents: pl.DataFrame) -> pl.DataFrame:
    """The undecided or loaded ``documents``, with their name without spaces."""
    return documents.filter(pl.col("status").fill_null("loaded") == "loaded").with_columns(
        name=pl.col("department_name").str.replace_all(r"\s+", "")
    )


def _performance_parts(frames: Frames) -> pl.DataFrame:
    """Loaded documents printing a 绩效目标表 and nothing else (no table amount, no narrative
    figure) that name their department and year."""
    printed = pl.concat([frames.projects.select("doc_id"), frames.indicators.select("doc_id")])
    other = pl.concat(
        [frames.line_items.select("doc_id"), frames.narrative_figures.select("doc_id")]
    )
    return _loaded(frames).filter(
        pl.col("doc_id").is_in(printed["doc_id"].implode())
        & ~pl.col("doc_id").is_in(other["doc_id"].implode())
        & pl.col("fiscal_year").is_not_null()
        & (pl.col("name").is_not_null() | pl.col("department_code").is_not_null())
    )


def _budgets(frames: Frames) -> pl.DataFrame:
    """Loaded documents printing tables and no 绩效目标表: what a performance part completes."""
    printed = pl.concat([frames.projects.select("doc_id"), frames.indicators.select("doc_id")])
    return _loaded(frames).filter(
        pl.col("doc_id").is_in(frames.line_items["doc_id"].implode())
        & ~pl.col("doc_id").is_in(printed["doc_id"].implode())
    )


def _performance_candidates(performance: pl.DataFrame, budgets: pl.DataFrame) -> pl.DataFrame:
    """(performance doc_id, target doc_id) of one department (name or code), year and kind."""
    same = pl.col("name").eq(pl.col("name_t")).fill_null(False) | pl.col("department_code").eq(
        pl.col("department_code_t")
    ).fill_null(False)
    return (
        performance.with_columns(pl.col("doc_kind").fill_null(""))
        .join(
            budgets.with_columns(pl.col("doc_kind").fill_null("")),
            on=["fiscal_year", "doc_kind"],
            suffix="_t",
        )
        .filter(same)
        .select(performance="doc_id", target="doc_id_t")
    )


def _candidates(parts: pl.DataFrame) -> pl.DataFrame:
    """(tables doc_id, narrative doc_id) pairs whose content agrees."""
    t = parts.filter(pl.col("part") == "tables")
    n = parts.filter(pl.col("part") == "narrative")
    pairs = t.join(n, on="doc_kind", suffix="_n")
    knows = pl.col("fiscal_year").is_not_null() & (
        pl.col("name").is_not_null() | pl.col("department_code").is_not_null()
    )
    same_department = pl.col("name").eq(pl.col("name_n")).fill_null(False) | pl.col(
        "department_code"
    ).eq(pl.col("department_code_n")).fill_null(False)
    same_total = ((pl.col("total") - pl.col("total_n")).abs() <= TOTAL_TOLERANCE_WAN) & (
        pl.col("total") > 0
    )
    named = pl.col("name").is_not_null() | pl.col("department_code").is_not_null()
    by_identity = knows & same_department & (pl.col("fiscal_year") == pl.col("fiscal_year_n"))
    # a workbook naming its unit but no year (定州 附表3-x): the narrative of that unit
    by_name = ~knows & named & same_department
    # a narrative stating only its 本年收入: that figure, the last resort (workbook_income)
    by_total = ~named & (same_total.fill_null(False) | same_income())
    return pairs.filter(by_identity.fill_null(False) | by_name | by_total).select(
        tables="doc_id", narrative="doc_id_n", named=~by_total.fill_null(False)
    )


def _strongest(cands: pl.DataFrame) -> pl.DataFrame:
    """A part matched by name and by total alone (定州's 商务局 tables, named, and a re-upload
    that prints no name, both with the 说明's total): the named match pairs; the anonymous one
    is left alone. Matches of one strength stay ambiguous."""
    for side in ("tables", "narrative"):
        cands = cands.filter(pl.col("named") | ~pl.col("named").any().over(side))
    return cands.drop("named")


def _prints(frames: Frames, tables: pl.Series, narratives: pl.Series) -> pl.DataFrame:
    """doc_id → a hash of what the part prints: every table amount of a tables part, the totals
    a narrative states (not every figure: a .doc and a .docx of one 说明 read a few sentences
    differently); a narrative stating none is a copy of nothing."""
    items = frames.line_items.select(
        "doc_id",
        "table_id",
        "side",
        "code",
        "name",
        "column_id",
        pl.col("amount_wan").cast(pl.String),
    )
    figures = frames.narrative_figures.filter(
        pl.col("label").is_in([*_TOTAL_LABELS, *_PART_LABELS])
    ).select("doc_id", "label", pl.col("amount_wan").cast(pl.String))
    silent = (
        narratives.unique()
        .to_frame("doc_id")
        .join(figures, on="doc_id", how="anti")
        .select("doc_id", print=pl.col("doc_id").hash())
    )
    return pl.concat(
        [
            *(
                df.filter(pl.col("doc_id").is_in(ids.implode()))
                .unique()
                .sort(df.columns)
                .group_by("doc_id")
                .agg(
                    print=pl.concat_str(pl.exclude("doc_id").fill_null(""), separator="|")
                    .sort()
                    .str.join(";")
                    .hash()
                )
                for df, ids in ((items, tables), (figures, narratives))
            ),
            silent,
        ]
    )


def _without_copies(cands: pl.DataFrame, frames: Frames, docs: pl.DataFrame) -> pl.DataFrame:
    """Re-uploads: parts of one identity (name, code, year, kind; none for anonymous tables)
    whose figures are the same (`_prints`) are one part uploaded twice; only the first by file
    name pairs, so that copies do not make a pairing ambiguous."""
    prints = _prints(frames, cands["tables"], cands["narrative"])
    # the same figures under another department's name are that department's part
    identity = ("department_name", "department_code", "fiscal_year", "doc_kind")
    first = (
        prints.join(docs.select("doc_id", "source_file", *identity), on="doc_id")
        .sort("source_file")
        .unique(["print", *identity], keep="first")["doc_id"]
    )
    return cands.filter(
        pl.col("tables").is_in(first.implode()) & pl.col("narrative").is_in(first.implode())
    )


def _fuller_versions(
    cands: pl.DataFrame, frames: Frames, parts: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A narrative matched by two versions of its tables where one prints every amount of the
    other and more (定州 农业局: 730 fills the 三公 table 442 left blank; 技工学校: 703 fills the
    rows under 402's bare 合计): the fuller one pairs — no amount of the other is contradicted —
    and the other is quarantined naming it. Versions that disagree on an amount stay
    ambiguous. An anonymous copy of a version left out (629 = 442), not a candidate itself, is
    left out with it. Returns (the candidates, (doc_id, reason) of the versions left out)."""
    many = cands.filter(pl.len().over("narrative") > 1)
    if many.is_empty():
        return cands, pl.DataFrame(schema={"doc_id": pl.String, "reason": pl.String})
    keys = ["table_id", "side", "code", "name", "column_id", "amount_wan"]
    anonymous = parts.filter(
        (pl.col("part") == "tables")
        & pl.col("name").is_null()
        & pl.col("department_code").is_null()
        & ~pl.col("doc_id").is_in(many["tables"].implode())
    )
    total = dict(parts.select("doc_id", "total").iter_rows())
    ids = pl.concat([many["tables"], anonymous["doc_id"]])
    items = frames.line_items.filter(pl.col("doc_id").is_in(ids.implode()))
    prints = {d: set(g.select(keys).rows()) for (d,), g in items.group_by("doc_id")}
    source = dict(frames.documents.select("doc_id", "source_file").iter_rows())
    drop, reasons = [], []
    for (narrative,), group in many.group_by("narrative"):
        versions = group["tables"].to_list()
        fuller = [
            v
            for v in versions
            if all(prints.get(o, set()) <= prints.get(v, set()) for o in versions)
        ]
        if len(fuller) != 1:
            continue
        kept = fuller[0]
        copies = [
            a
            for a in anonymous["doc_id"]
            if total.get(a) == total.get(kept) and prints.get(a, {None}) <= prints[kept]
        ]
        for other in (v for v in [*versions, *copies] if v != kept):
            drop.append((other, narrative))
            extra = len(prints[kept] - prints.get(other, set()))
            reasons.append(
                (
                    other,
                    f"an earlier version: every table amount it prints is in {source[kept]}, "
                    f"which prints {extra} more and is loaded (joined to {source[narrative]}); "
                    "not loaded twice",
                )
            )
    out = (
        cands.filter(
            ~pl.struct("tables", "narrative").is_in(
                pl.DataFrame(drop, schema=["tables", "narrative"], orient="row")
                .to_struct()
                .implode()
            )
        )
        if drop
        else cands
    )
    return out, pl.DataFrame(
        reasons, schema={"doc_id": pl.String, "reason": pl.String}, orient="row"
    )


def _reuploads(parts: pl.DataFrame, joined: pl.DataFrame, frames: Frames) -> pl.DataFrame:
    """(doc_id, reason) of each part left alone that prints what a joined part prints (a
    re-upload) under no other name: it is quarantined naming the file that is loaded, instead
    of as a document without a unit name or without its tables."""
    members = set(joined["tables"]) | set(joined["narrative"])
    if not members:
        return pl.DataFrame(schema={"doc_id": pl.String, "reason": pl.String})
    prints = _prints(
        frames,
        parts.filter(pl.col("part") == "tables")["doc_id"],
        parts.filter(pl.col("part") == "narrative")["doc_id"],
    )
    info = parts.select("doc_id", "part", "name", "source_file").join(prints, on="doc_id")
    # the name the joined document takes: the narrative's, else the tables part's
    name_of = {d: n for d, n in parts.select("doc_id", "name").iter_rows()}
    joined_name = {
        d: name_of.get(n) or name_of.get(t)
        for t, n in joined.select("tables", "narrative").iter_rows()
        for d in (t, n)
    }
    kept = info.filter(pl.col("doc_id").is_in(list(members))).with_columns(
        name=pl.col("doc_id").replace_strict(joined_name, default=None, return_dtype=pl.String)
    )
    alone = info.filter(~pl.col("doc_id").is_in(list(members)))
    copies = (
        alone.join(kept, on=["print", "part"], suffix="_kept")
        .filter(pl.col("name").is_null() | (pl.col("name") == pl.col("name_kept")))
        .sort("source_file_kept")
        .unique("doc_id", keep="first")
    )
    what = (
        pl.when(pl.col("part") == "tables")
        .then(pl.lit("every table amount"))
        .otherwise(pl.lit("the totals it states"))
    )
    return copies.select(
        "doc_id",
        reason=pl.format(
            "a re-upload: {} as {}, which is loaded (joined to its companion as '{}'); not loaded "
            "twice",
            what,
            "source_file_kept",
            pl.col("name_kept").fill_null(""),
        ),
    )


def _pairings(
    cands: pl.DataFrame, parts: pl.DataFrame, frames: Frames, docs: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, list[tuple[str, str, str]]]:
    """(``cands`` left after every rule, versions left out with why, pairs chosen by saved
    time with why) among ``parts``."""
    cands, versions = _fuller_versions(
        narrowed(_strongest(_without_copies(cands, frames, docs)), parts),
        frames,
        parts,
    )
    cands, timed = by_saved_time(cands, parts)
    return cands, versions, timed


def _one_to_one(cands: pl.DataFrame) -> pl.DataFrame:
    """The candidate pairs whose tables and narrative have no other candidate."""
    return cands.filter((pl.len().over("tables") == 1) & (pl.len().over("narrative") == 1)).sort(
        "tables"
    )


def _copies_paired(
    unique: pl.DataFrame,
    parts: pl.DataFrame,
    frames: Frames,
    docs: pl.DataFrame,
    versions: pl.DataFrame,
    notes: list[tuple[str, str, str]],
) -> tuple[pl.DataFrame, pl.DataFrame, list[tuple[str, str, str]]]:
    """``unique`` with the pairs made, round after round, among the parts left alone: a copy
    of a 说明 set aside before the pairing (`_without_copies`) takes its twin's place once the
    twin is paired, so it pairs with a version of the tables its twin left (定州 总工会: 803,
    a copy of 747, with 804, the tables 747 left when it paired with 746 by saved time). The
    tables are the document: a copy of tables already paired is not paired again, it is a
    re-upload (`_reuploads` names it). Returns the pairs, and ``versions`` and ``notes``
    ((tables, finding kind, why) of the pairs' info findings) with each round's."""
    source = dict(docs.select("doc_id", "source_file").iter_rows())
    tables = parts.filter(pl.col("part") == "tables")["doc_id"]
    prints = _prints(frames, tables, tables.clear())
    while True:
        out = set(unique["tables"]) | set(unique["narrative"]) | set(versions["doc_id"])
        loaded = prints.filter(pl.col("doc_id").is_in(unique["tables"].implode()))["print"]
        copies = prints.filter(pl.col("print").is_in(loaded.implode()))["doc_id"]
        left = parts.filter(~pl.col("doc_id").is_in([*out, *copies]))
        cands, more_versions, more_timed = _pairings(_candidates(left), left, frames, docs)
        more = _one_to_one(cands)
        if more.is_empty():
            return unique, versions.unique("doc_id", keep="first"), notes
        unique = pl.concat([unique, more]).sort("tables")
        versions = pl.concat([versions, more_versions])
        notes = [
            *notes,
            *((t, "companion_by_saved_time", why) for t, _, why in more_timed),
            *(
                (
                    t,
                    "companion_after_copies",
                    f"{source[t]} and {source[n]} paired among the parts left alone once the "
                    "others had paired (a copy set aside before takes its twin's place)",
                )
                for t, n in more.iter_rows()
            ),
        ]


def _finding(doc_id: str, kind: str, severity: str, message: str) -> dict:
    return {
        "doc_id": doc_id,
        "kind": kind,
        "severity": severity,
        "message": message,
        "table_id": "",
        "code": "",
        "source_line": None,
        "source_file": None,
        "source_page": None,
    }


def join_companions(frames: Frames) -> Frames:
    """``frames`` (many documents) with each one-to-one pair of companion parts replaced by
    one joined document; every document gets ``source_files``. Pure: no I/O."""
    docs = frames.documents
    parts = _parts(frames)
    cands, versions, timed = _pairings(_candidates(parts), parts, frames, docs)
    timed = [(t, "companion_by_saved_time", why) for t, _, why in timed]
    t_count = cands.group_by("tables").len()
    n_count = cands.group_by("narrative").len()
    unique, versions, notes = _copies_paired(
        _one_to_one(cands), parts, frames, docs, versions, timed
    )
    paired = set(unique["tables"]) | set(unique["narrative"])
    source = dict(docs.select("doc_id", "source_file").iter_rows())
    findings = []
    for side, other, counts in (("tables", "narrative", t_count), ("narrative", "tables", n_count)):
        for doc_id in counts.filter((pl.col("len") > 1) & ~pl.col(side).is_in(list(paired)))[side]:
            names = sorted(source[d] for d in cands.filter(pl.col(side) == doc_id)[other])
            findings.append(
                _finding(
                    doc_id,
                    "companion_ambiguous",
                    "warning",
                    f"{len(names)} {other} files match this {side} part by "
                    f"department, year, kind or total: {', '.join(names)}; "
                    "not joined",
                )
            )
    copies = pl.concat([_reuploads(parts, unique, frames), versions]).unique("doc_id", keep="first")
    rename, member_file, joined = _pair_ids(unique.select("tables", "narrative"), source)
    findings += [_finding(rename[t], kind, "info", why) for t, kind, why in notes]
    superseded = []
    for new_id, tables, narrative in joined:
        findings.append(
            _finding(
                new_id,
                "companion_joined",
                "info",
                f"joined from {source[tables]} (tables) and "
                f"{source[narrative]} (narrative; the narrative figures' lines "
                "are lines of that file)",
            )
        )
        identity = _identity_findings(new_id, docs, tables, narrative, frames.findings)
        findings += identity
        if any(f["kind"] == "year_from_companion" for f in identity):
            superseded.append(tables)
    # a year the narrative prints replaces the one the tables part took from its path
    frames = Frames(
        **{
            **dict(frames.items()),
            "findings": frames.findings.filter(
                ~((pl.col("kind") == "year_from_path") & pl.col("doc_id").is_in(superseded))
            ),
        }
    )
    out = {name: _renamed(df, rename, member_file) for name, df in frames.items()}
    out["documents"], named = _named_by_folder(
        _quarantined(_joined_documents(docs, unique, rename), copies)
    )
    findings += named
    # a unit that published two versions with other amounts: the one the office stands by
    verdicts = disagreements(unique, parts).select(
        doc_id=pl.col("tables").replace(rename), agrees="agrees", differs="differs"
    )
    tables = parts.filter(pl.col("part") == "tables").select(
        pl.col("doc_id").replace(rename), "total"
    )
    others, chosen = stood_by(out["documents"], tables, out["findings"], verdicts)
    out["documents"] = _quarantined(out["documents"], others)
    findings += [_finding(d, kind, "info", why) for d, kind, why in chosen]
    if findings:
        out["findings"] = pl.concat(
            [out["findings"], pl.DataFrame(findings, schema=frames.findings.schema)]
        )
    return _join_performance(Frames(**out))


def _join_performance(frames: Frames) -> Frames:
    """``frames`` with each performance part that has exactly one target (and is its only
    one) joined to it: the pair becomes one document with the target's identity, its doc_id
    derived from both ids (the same whatever the order the files are read in)."""
    cands = _performance_candidates(_performance_parts(frames), _budgets(frames))
    if cands.is_empty():
        return frames
    docs = frames.documents
    source = dict(docs.select("doc_id", "source_file").iter_rows())
    many = pl.len().over("performance") > 1
    findings = [
        _finding(
            perf,
            "companion_ambiguous",
            "warning",
            f"{len(targets)} documents of this department-year print the tables this "
            f"绩效目标表 belongs to: {', '.join(sorted(source[t] for t in targets))}; not joined",
        )
        for perf, targets in cands.filter(many)
        .group_by("performance")
        .agg("target")
        .sort("performance")
        .iter_rows()
    ]
    pairs = cands.filter(~many & (pl.len().over("target") == 1)).sort("performance")
    rename, member_file, joined = _pair_ids(pairs, source)
    for new_id, perf, target in joined:
        findings.append(
            _finding(
                new_id,
                "performance_joined",
                "info",
                f"the 绩效目标表 printed alone in {source[perf]} joined to {source[target]}, "
                "the tables of its department and year (its projects' and indicators' lines "
                "are lines of that file)",
            )
        )
    out = {name: _renamed(df, rename, member_file) for name, df in frames.items()}
    perf = docs.join(pairs, left_on="doc_id", right_on="performance").select(
        "target", "pages", "source_files"
    )
    joined = (
        docs.join(perf, left_on="doc_id", right_on="target", suffix="_p")
        .with_columns(
            pages=pl.col("pages").fill_null(0) + pl.col("pages_p").fill_null(0),
            source_files=pl.concat_list("source_files", "source_files_p").list.sort(),
            doc_id=pl.col("doc_id").replace(rename),
        )
        .select(docs.columns)
    )
    rest = docs.filter(~pl.col("doc_id").is_in(list(rename)))
    out["documents"] = pl.concat([rest, joined.cast(docs.schema)]).sort(
        "doc_id", maintain_order=True
    )
    if findings:
        out["findings"] = pl.concat(
            [out["findings"], pl.DataFrame(findings, schema=frames.findings.schema)]
        )
    return Frames(**out)


def _pair_ids(
    pairs: pl.DataFrame, source: dict[str, str]
) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str, str]]]:
    """For (a, b) doc_id pairs to join: each member's joined id, each member's file, and
    (joined id, a, b) per pair."""
    rename, member_file, joined = {}, {}, []
    for a, b in pairs.iter_rows():
        new_id = joined_doc_id([a, b])
        rename[a] = rename[b] = new_id
        member_file[a], member_file[b] = source[a], source[b]
        joined.append((new_id, a, b))
    return rename, member_file, joined


def _identity_findings(
    new_id: str, docs: pl.DataFrame, tables: str, narrative: str, findings: pl.DataFrame
) -> list[dict]:
    """Info findings for the identity a tables part takes from its narrative: the fiscal year
    when it printed none (its year, if any, came from the path), the unit name when it printed
    none."""
    t, n = (docs.filter(pl.col("doc_id") == d).row(0, named=True) for d in (tables, narrative))
    from_path = set(findings.filter(pl.col("kind") == "year_from_path")["doc_id"])
    out = []
    if (
        (t["fiscal_year"] is None or tables in from_path)
        and n["fiscal_year"] is not None
        and narrative not in from_path
    ):
        out.append(
            _finding(
                new_id,
                "year_from_companion",
                "info",
                f"{t['source_file']} prints no fiscal year; {n['fiscal_year']} taken "
                f"from its narrative {n['source_file']}",
            )
        )
    if t["department_name"] is None and n["department_name"] is not None:
        out.append(
            _finding(
                new_id,
                "name_from_companion",
                "info",
                f"{t['source_file']} prints no unit name; '{n['department_name']}' "
                f"taken from its narrative {n['source_file']}",
            )
        )
    return out


# a file name's words around the unit: the year, 部门预算, 公开, 附表/报表/说明 (定州市民政局2017年
# 部门预算公开附表.xls → 定州市民政局)
_FILE_WORDS = re.compile(
    r"^20\d{2}年?度?|(?:20\d{2}年?度?)?(?:市级|县级)?(?:部门)?(?:预算|决算)?(?:公开)?"
    r"(?:附表|报表|表格|情况说明|说明|公开表)?$"
)


def _as_unit(text: str) -> str | None:
    name = _FILE_WORDS.sub("", text.strip())
    name = _FILE_WORDS.sub("", name)  # a year before the name and words after it
    if 4 <= len(name) <= 30 and ORG_END.search(name) and not re.search(r"\d", name):
        return name
    return None


def unit_folder(source_file: str) -> str | None:
    """The nearest folder of the path that reads as a unit's name (…/定州市民政局/附表.xls)."""
    for part in reversed(re.split(r"[/\\]", source_file)[:-1]):
        name = _as_unit(part)
        if name:
            return name
    return None


def unit_file_name(source_file: str) -> str | None:
    """The unit a file's own name reads as, once its year and budget words are taken off
    (定州市民政局2017年部门预算.xls); a name with any digit left (a serial, a hash) gives none."""
    stem = re.split(r"[/\\]", source_file)[-1].rsplit(".", 1)[0]
    return _as_unit(stem)


def _named_by_folder(docs: pl.DataFrame) -> tuple[pl.DataFrame, list[dict]]:
    """A loaded document still without a unit name after every join takes the folder it was
    found in, when that folder reads as a unit's name, else its file name when that reads as
    one (the last resorts, each said in a finding); one that cannot be named stays so (the
    gate quarantines it)."""
    found = {}
    for d, f, s, name in docs.select(
        "doc_id", "source_file", "status", "department_name"
    ).iter_rows():
        if (s or "loaded") != "loaded" or name is not None or not f:
            continue
        folder, file_name = unit_folder(f), unit_file_name(f)
        if folder or file_name:
            found[d] = (
                (folder, "the folder it was found in") if folder else (file_name, "its file name")
            )
    if not found:
        return docs, []
    docs = docs.with_columns(
        department_name=pl.coalesce(
            "department_name",
            pl.col("doc_id").replace_strict(
                {d: n for d, (n, _) in found.items()}, default=None, return_dtype=pl.String
            ),
        )
    )
    source = dict(docs.select("doc_id", "source_file").iter_rows())
    return docs, [
        _finding(
            d,
            "name_from_path",
            "info",
            f"{source[d]} prints no unit name and joins no narrative; '{n}' taken from {where}",
        )
        for d, (n, where) in found.items()
    ]


def _quarantined(docs: pl.DataFrame, copies: pl.DataFrame) -> pl.DataFrame:
    """``docs`` with the re-uploads quarantined, with why (the gate leaves them so)."""
    if copies.is_empty():
        return docs
    docs = docs.join(copies, on="doc_id", how="left", maintain_order="left")
    copy = pl.col("reason").is_not_null()
    return docs.with_columns(
        status=pl.when(copy).then(pl.lit("quarantined")).otherwise(pl.col("status")),
        status_reason=pl.when(copy).then(pl.col("reason")).otherwise(pl.col("status_reason")),
    ).drop("reason")


def _renamed(df: pl.DataFrame, rename: dict[str, str], member_file: dict[str, str]) -> pl.DataFrame:
    """``df`` with the members' doc_ids replaced by the joined one; rows of a member keep the
    file they were read from in their own ``source_file`` (their lines count that file's
    lines, and the joined document has one source_file for two)."""
    if not rename:
        return df
    if "source_line" in df.columns:
        df = df.with_columns(
            source_file=pl.coalesce(
                "source_file",
                pl.col("doc_id").replace_strict(member_file, default=None, return_dtype=pl.String),
            )
        )
    return df.with_columns(pl.col("doc_id").replace(rename))


def _joined_documents(
    docs: pl.DataFrame, pairs: pl.DataFrame, rename: dict[str, str]
) -> pl.DataFrame:
    """One row per document: a joined pair takes its identity from the narrative (the part
    that names department and year) where the tables part does not, its unit and
    source_file from the tables part, and the members' pages added up."""
    docs = docs.with_columns(
        source_files=pl.coalesce("source_files", pl.concat_list(pl.col("source_file")))
    )
    if pairs.is_empty():
        return docs
    t = docs.join(pairs, left_on="doc_id", right_on="tables", how="inner")
    n = docs.join(
        pairs.rename({"narrative": "doc_id", "tables": "_t"}), on="doc_id", how="inner"
    ).rename(lambda c: f"{c}_n")
    joined = t.join(n, left_on="doc_id", right_on="_t_n")
    identity = ("department_code", "department_name", "region", "fiscal_year", "doc_kind", "level")
    joined = joined.with_columns(
        [pl.coalesce(pl.col(f"{c}_n"), pl.col(c)).alias(c) for c in identity],
        pages=pl.col("pages").fill_null(0) + pl.col("pages_n").fill_null(0),
        source_files=pl.concat_list("source_file", "source_file_n").list.sort(),
        doc_id=pl.col("doc_id").replace(rename),
    ).select(docs.columns)
    rest = docs.filter(~pl.col("doc_id").is_in(list(rename)))
    return pl.concat([rest, joined.cast(docs.schema)]).sort("doc_id", maintain_order=True)
