"""Companion files: one department-year published as several files becomes one disclosure.

Beijing publishes 附件1 情况说明 (narrative) and 附件2 报表 (tables) as two PDFs; Jiangsu 2019
a narrative PDF and a tables PDF. Each file is read on its own; here the parts are paired
from their content — never from file names, which scraped folders often get wrong:

- a *narrative part* is a loaded document with narrative figures and no table amounts, a
  *tables part* one with table amounts and no narrative figures;
- a tables part that names its department and year (Jiangsu) pairs with the narrative of
  the same department (name or code), fiscal year and kind (预算/决算);
- a tables part that names neither (Beijing's table pages carry no year or department)
  pairs with the narrative of the same kind whose stated total (the largest 收入/支出 total
  it prints, rounded to 0.01 万元) equals the tables' 收支总表 grand total.

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
from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import Frames

# The narrative prints 万元 with two decimals: half a cent of rounding, and a little slack.
TOTAL_TOLERANCE_WAN = Decimal("0.01")
_TOTAL_LABELS = ("income_total", "expenditure_total")


def joined_doc_id(member_ids: list[str]) -> str:
    return hashlib.sha256("+".join(sorted(member_ids)).encode()).hexdigest()[:16]


def part_kinds(frames: Frames) -> dict[str, str]:
    """doc_id → narrative/tables for the documents of ``frames`` that are companion parts
    (to hold back until every file has been read)."""
    return dict(_parts(frames).select("doc_id", "part").iter_rows())


def split_parts(frames: Frames) -> tuple[Frames, Frames]:
    """(the whole documents, the companion parts) of ``frames``."""
    ids = list(part_kinds(frames))
    rest = frames.documents.filter(~pl.col("doc_id").is_in(ids))["doc_id"]
    return frames.filter_docs(rest), frames.filter_docs(ids)


def _parts(frames: Frames) -> pl.DataFrame:
    """Loaded documents that are a narrative or a tables part, with what pairs them."""
    docs = frames.documents.filter(pl.col("status") == "loaded")
    with_items = frames.line_items.select("doc_id").unique()
    with_figures = frames.narrative_figures.select("doc_id").unique()
    table_total = (frames.line_items
                   .filter((pl.col("table_id") == "income_expenditure_summary")
                           & pl.col("code").fill_null("").eq(""))
                   .group_by("doc_id").agg(total=pl.col("amount_wan").max()))
    stated_total = (frames.narrative_figures.filter(pl.col("label").is_in(_TOTAL_LABELS))
                    .group_by("doc_id").agg(total=pl.col("amount_wan").max()))
    items = pl.col("doc_id").is_in(with_items["doc_id"].implode())
    figures = pl.col("doc_id").is_in(with_figures["doc_id"].implode())
    parts = docs.with_columns(
        part=pl.when(items & ~figures).then(pl.lit("tables"))
        .when(~items & figures).then(pl.lit("narrative")))
    parts = parts.filter(pl.col("part").is_not_null())
    totals = pl.concat([table_total, stated_total])
    return parts.join(totals, on="doc_id", how="left").with_columns(
        name=pl.col("department_name").str.replace_all(r"\s+", ""))


def _candidates(parts: pl.DataFrame) -> pl.DataFrame:
    """(tables doc_id, narrative doc_id) pairs whose content agrees."""
    t = parts.filter(pl.col("part") == "tables")
    n = parts.filter(pl.col("part") == "narrative")
    pairs = t.join(n, on="doc_kind", suffix="_n")
    knows = pl.col("fiscal_year").is_not_null() & (pl.col("name").is_not_null()
                                                   | pl.col("department_code").is_not_null())
    same_department = (pl.col("name").eq(pl.col("name_n")).fill_null(False)
                       | pl.col("department_code").eq(pl.col("department_code_n"))
                       .fill_null(False))
    same_total = ((pl.col("total") - pl.col("total_n")).abs() <= TOTAL_TOLERANCE_WAN) \
        & (pl.col("total") > 0)
    by_identity = knows & same_department & (pl.col("fiscal_year") == pl.col("fiscal_year_n"))
    by_total = ~knows & same_total.fill_null(False)
    return pairs.filter(by_identity.fill_null(False) | by_total).select(
        tables="doc_id", narrative="doc_id_n")


def _finding(doc_id: str, kind: str, severity: str, message: str) -> dict:
    return {"doc_id": doc_id, "kind": kind, "severity": severity, "message": message,
            "table_id": "", "code": "", "source_line": None, "source_file": None}


def join_companions(frames: Frames) -> Frames:
    """``frames`` (many documents) with each one-to-one pair of companion parts replaced by
    one joined document; every document gets ``source_files``. Pure: no I/O."""
    docs = frames.documents
    parts = _parts(frames)
    cands = _candidates(parts)
    t_count = cands.group_by("tables").len()
    n_count = cands.group_by("narrative").len()
    unique = (cands.join(t_count.filter(pl.col("len") == 1), on="tables", how="semi")
              .join(n_count.filter(pl.col("len") == 1).rename({"narrative": "n"}),
                    left_on="narrative", right_on="n", how="semi").sort("tables"))
    source = dict(docs.select("doc_id", "source_file").iter_rows())
    findings = []
    for side, other, counts in (("tables", "narrative", t_count), ("narrative", "tables", n_count)):
        for doc_id in counts.filter(pl.col("len") > 1)[side]:
            names = sorted(source[d] for d in cands.filter(pl.col(side) == doc_id)[other])
            findings.append(_finding(doc_id, "companion_ambiguous", "warning",
                                     f"{len(names)} {other} files match this {side} part by "
                                     f"department, year, kind or total: {', '.join(names)}; "
                                     "not joined"))
    rename, member_file = {}, {}
    for tables, narrative in unique.iter_rows():
        new_id = joined_doc_id([tables, narrative])
        rename[tables] = rename[narrative] = new_id
        member_file[tables], member_file[narrative] = source[tables], source[narrative]
        findings.append(_finding(new_id, "companion_joined", "info",
                                 f"joined from {source[tables]} (tables) and "
                                 f"{source[narrative]} (narrative; the narrative figures' lines "
                                 "are lines of that file)"))
    out = {name: _renamed(df, rename, member_file) for name, df in frames.items()}
    out["documents"] = _joined_documents(docs, unique, rename)
    if findings:
        out["findings"] = pl.concat([out["findings"],
                                     pl.DataFrame(findings, schema=frames.findings.schema)])
    return Frames(**out)


def _renamed(df: pl.DataFrame, rename: dict[str, str],
             member_file: dict[str, str]) -> pl.DataFrame:
    """``df`` with the members' doc_ids replaced by the joined one; rows of a member keep the
    file they were read from in their own ``source_file`` (their lines count that file's
    lines, and the joined document has one source_file for two)."""
    if not rename:
        return df
    if "source_line" in df.columns:
        df = df.with_columns(source_file=pl.coalesce(
            "source_file", pl.col("doc_id").replace_strict(member_file, default=None,
                                                           return_dtype=pl.String)))
    return df.with_columns(pl.col("doc_id").replace(rename))


def _joined_documents(docs: pl.DataFrame, pairs: pl.DataFrame,
                      rename: dict[str, str]) -> pl.DataFrame:
    """One row per document: a joined pair takes its identity from the narrative (the part
    that names department and year) where the tables part does not, its unit and
    source_file from the tables part, and the members' pages added up."""
    docs = docs.with_columns(source_files=pl.coalesce(
        "source_files", pl.concat_list(pl.col("source_file"))))
    if pairs.is_empty():
        return docs
    t = docs.join(pairs, left_on="doc_id", right_on="tables", how="inner")
    n = docs.join(pairs.rename({"narrative": "doc_id", "tables": "_t"}), on="doc_id",
                  how="inner").rename(lambda c: f"{c}_n")
    joined = t.join(n, left_on="doc_id", right_on="_t_n")
    identity = ("department_code", "department_name", "region", "fiscal_year", "doc_kind",
                "level")
    joined = joined.with_columns(
        [pl.coalesce(pl.col(f"{c}_n"), pl.col(c)).alias(c) for c in identity],
        pages=pl.col("pages").fill_null(0) + pl.col("pages_n").fill_null(0),
        source_files=pl.concat_list("source_file", "source_file_n").list.sort(),
        doc_id=pl.col("doc_id").replace(rename),
    ).select(docs.columns)
    rest = docs.filter(~pl.col("doc_id").is_in(list(rename)))
    return pl.concat([rest, joined.cast(docs.schema)]).sort("doc_id", maintain_order=True)
