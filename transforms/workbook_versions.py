"""One department, one document per year: which version of a unit that published its
budget twice the office stands by (issue 22).

A unit that uploaded its tables (and 说明) again with other amounts leaves two documents of one
department (name or code), year and kind once the companions are joined — neither a re-upload
(the same amounts) nor an earlier version (a subset of the other). Comparison can use one. The
version kept is decided by what an oversight office would accept, in this order, each step
deciding only where one version is strictly better than every other:

1. its tables agree with its own 说明: no figure the 说明 states (本年收入, 基本支出, 项目支出,
   支出合计, 三公) printed otherwise by the tables it is joined to (a version whose 说明
   contradicts its tables is the worse; one without a 说明 says nothing either way). This
   decides only where one version's 说明 agrees: a 说明 contradicting its tables while no
   other agrees tells no version apart;
2. its identities hold: fewer printed 合计 that the tables' own rows do not reproduce (the
   reader's ``total_not_reproduced`` / ``total_not_added_up``);
3. the later upload: the file last saved later (``saved_at``, the workbook's own metadata).

The other versions are quarantined, never dropped: each names the version loaded and why; the
one loaded gets an info ``version_chosen`` naming every file and why. Where nothing decides
(the same evidence, no saved time), every version stays loaded and ``duplicate_document``
says which one comparison used, as before.
"""

from __future__ import annotations

import polars as pl

# the reader's findings of a printed 合计 its rows do not reproduce
_MISSES = ("total_not_reproduced", "total_not_added_up")


def _versions(documents: pl.DataFrame, totals: pl.DataFrame) -> pl.DataFrame:
    """The loaded documents of ``totals`` (doc_id, total: those printing tables, with their
    收支总表 grand total), grouped (``unit``) by region, year, kind and name — or code, for one
    printing no name: those of a group with more than one, and no two different grand totals,
    are versions (a budget printing another total — a 本级 unit's inside its department's — is
    no version of it)."""
    who = pl.coalesce(
        pl.col("department_name").str.replace_all(r"\s+", "").replace("", None),
        pl.lit("code:") + pl.col("department_code").replace("", None),
    )
    docs = (
        documents.filter(
            (pl.col("status").fill_null("loaded") == "loaded")
            & pl.col("fiscal_year").is_not_null()
            & who.is_not_null()
            & pl.col("doc_id").is_in(totals["doc_id"].implode())
        )
        .join(totals, on="doc_id", how="left")
        .with_columns(
            unit=pl.concat_str(
                pl.col("region").fill_null(""),
                pl.col("fiscal_year").cast(pl.String),
                pl.col("doc_kind").fill_null(""),
                who,
                separator="|",
            )
        )
    )
    same_total = pl.col("total").drop_nulls().n_unique().over("unit") <= 1
    return docs.filter((pl.len().over("unit") > 1) & same_total)


def stood_by(
    documents: pl.DataFrame, totals: pl.DataFrame, findings: pl.DataFrame, verdicts: pl.DataFrame
) -> tuple[pl.DataFrame, list[tuple[str, str, str]]]:
    """(doc_id, reason) of the versions not kept among the documents of ``totals`` (a joined
    tables part and 说明, or tables left alone; doc_id, total), and (doc_id, finding kind,
    message) of the info findings on the kept ones. ``verdicts``: doc_id, agrees, differs (a
    joined document's 说明 against its tables: `workbook_income.disagreements`)."""
    docs = _versions(documents, totals)
    none = pl.DataFrame(schema={"doc_id": pl.String, "reason": pl.String})
    if docs.is_empty():
        return none, []
    misses = (
        findings.filter(pl.col("kind").is_in(_MISSES))
        .group_by("doc_id")
        .agg(misses=pl.col("table_id").n_unique())
    )
    docs = (
        docs.join(verdicts, on="doc_id", how="left")
        .join(misses, on="doc_id", how="left")
        .with_columns(
            # 0: its 说明 agrees with its tables, 1: no 说明 (or a silent one), 2: they differ
            contradicted=pl.when(pl.col("differs").list.len() > 0)
            .then(2)
            .when(pl.col("agrees").fill_null(False))
            .then(0)
            .otherwise(1),
            misses=pl.col("misses").fill_null(0),
            files=pl.col("source_files").list.join(" + "),
        )
    )
    reasons, notes = [], []
    for _, group in docs.sort("doc_id").group_by("unit", maintain_order=True):
        kept, why = _decide(group)
        if kept is None:
            continue
        k = group.filter(pl.col("doc_id") == kept).row(0, named=True)
        others = group.filter(pl.col("doc_id") != kept)
        for o in others.iter_rows(named=True):
            reasons.append(
                (
                    o["doc_id"],
                    f"another version: {k['files']} is loaded instead as "
                    f"{k['department_name'] or k['department_code']} {k['fiscal_year']} "
                    f"({why}); listed, not compared twice",
                )
            )
        notes.append(
            (
                kept,
                "version_chosen",
                f"{len(group)} versions of this unit's {k['fiscal_year']} budget were uploaded: "
                f"{k['files']} is loaded, {'; '.join(others['files'])} quarantined ({why})",
            )
        )
    return pl.DataFrame(reasons, schema=none.schema, orient="row"), notes


def _decide(group: pl.DataFrame) -> tuple[str | None, str]:
    """The doc_id of the version the evidence decides, and why; None where nothing does."""
    for column, best, said in (
        ("contradicted", "min", _said_narrative),
        ("misses", "min", _said_misses),
        ("saved_at", "max", _said_saved),
    ):
        values = group[column]
        top = values.min() if best == "min" else values.max()
        if top is None or values.null_count() or (values == top).sum() != 1:
            continue
        if column == "contradicted" and top != 0:
            # no version's 说明 agrees with its tables: a 说明 contradicting every version
            # (定州 公安局 464: 基本 6860.95, where 465 and 721 both print 7637.55) tells none apart
            continue
        kept = group.filter(pl.col(column) == top)["doc_id"][0]
        return kept, said(group, kept)
    return None, ""


def _said_narrative(group: pl.DataFrame, kept: str) -> str:
    k = group.filter(pl.col("doc_id") == kept).row(0, named=True)
    worse = [
        f"{o['files']}: "
        + (
            f"its 说明 states {', '.join(o['differs'])} otherwise than its tables"
            if o["contradicted"] == 2
            else "no 说明 joined to confirm its tables"
        )
        for o in group.filter(pl.col("doc_id") != kept).iter_rows(named=True)
    ]
    mine = (
        "its 说明 states what its tables print"
        if k["contradicted"] == 0
        else "no 说明 contradicts its tables"
    )
    return f"{mine}; {'; '.join(worse)}"


def _said_misses(group: pl.DataFrame, kept: str) -> str:
    counts = ", ".join(
        f"{f} {m}" for f, m in group.sort("files").select("files", "misses").iter_rows()
    )
    return (
        "its 说明 decides nothing between them; tables whose printed 合计 their rows do not "
        f"reproduce: {counts}"
    )


def _said_saved(group: pl.DataFrame, kept: str) -> str:
    times = ", ".join(
        f"{f} {t.strftime('%Y-%m-%d %H:%M UTC')}"
        for f, t in group.sort("saved_at").select("files", "saved_at").iter_rows()
    )
    return (
        "neither its 说明 nor its identities decide between them; the later upload, by the "
        f"time each file was last saved: {times}"
    )
