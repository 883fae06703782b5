"""Input size limits (config ``limits``) and the document row of a file never parsed.

A file over ``max_file_bytes`` is not read at all (discover); a PDF over ``max_pages`` is
counted, not parsed; a parsed document with more line items, projects or indicators than
allowed has its rows dropped — one runaway input must not carry its millions of rows into
comparison on this run and every later one. These only report why (``status_reason``):
``flows.core.decide_status`` makes such a document ``rejected``.
"""

from __future__ import annotations

import polars as pl
import pypdfium2

from budgetwatch.config.settings import LimitsSettings
from budgetwatch.contract.schema import DOCUMENTS, Frames
from budgetwatch.sources.decode import is_pdf

# parsed rows per document, against the config key that bounds them
_ROW_LIMITS = (
    ("line_items", "max_line_items"),
    ("projects", "max_projects"),
    ("indicators", "max_indicators"),
)


def rejected_document(
    doc_id: str, source_file: str, reason: str, parser_version: str, line: int = 0
) -> Frames:
    """The one-row documents frame of a file that cannot be parsed; the reason names the
    file and line like the reader's errors."""
    row = {
        "doc_id": doc_id,
        "source_file": source_file,
        "status_reason": f"{source_file}:{line}: {reason}",
        "parser_version": parser_version,
        "source_files": [source_file],
    }
    return Frames(documents=pl.DataFrame({c: [row.get(c)] for c in DOCUMENTS}, schema=DOCUMENTS))


def page_problem(data: bytes, limits: LimitsSettings) -> str | None:
    """Why a PDF is too long to parse, from its page count (milliseconds, no parsing)."""
    if not is_pdf(data):
        return None
    try:
        pages = len(pypdfium2.PdfDocument(data))
    except pypdfium2.PdfiumError:
        return None  # encrypted or damaged: the reader says which
    if pages > limits.max_pages:
        return (
            f"{pages:,} pages, over the limit of {limits.max_pages:,} (limits.max_pages): not read"
        )
    return None


def within_limits(heights: dict[str, int], limits: LimitsSettings) -> bool:
    """Rows per table (``heights``) within every row limit: nothing for `enforce_limits` to do."""
    return all(heights[table] <= getattr(limits, key) for table, key in _ROW_LIMITS)


def enforce_limits(frames: Frames, limits: LimitsSettings) -> Frames:
    """The parsed documents of ``frames`` over a row limit keep only their documents row (its
    ``status_reason`` says which limit) and their findings."""
    # no document can have more rows in a table than the table has: the usual case, one
    # document's frames, needs no grouping (3 ms a document, a fifth of a text parse)
    if within_limits({table: getattr(frames, table).height for table, _ in _ROW_LIMITS}, limits):
        return frames
    reasons = []
    for table, key in _ROW_LIMITS:
        cap = getattr(limits, key)
        over = (
            getattr(frames, table)
            .group_by("doc_id")
            .len()
            .filter(pl.col("len") > cap)
            .select(
                "doc_id",
                reason=pl.format(
                    "{} {} rows, over the limit of {} (limits.{})",
                    pl.lit(table),
                    pl.col("len"),
                    pl.lit(cap),
                    pl.lit(key),
                ),
            )
        )
        reasons.append(over)
    over = (
        pl.concat(reasons)
        .group_by("doc_id", maintain_order=True)
        .agg(pl.col("reason").str.join("; "))
    )
    if over.is_empty():
        return frames
    docs = frames.documents.join(over, on="doc_id", how="left", maintain_order="left")
    hit = pl.col("reason").is_not_null()
    docs = docs.with_columns(
        status_reason=pl.when(hit)
        .then(pl.format("{}:0: {}: not loaded", pl.col("source_file"), pl.col("reason")))
        .otherwise(pl.col("status_reason")),
    ).drop("reason")
    drop = pl.col("doc_id").is_in(over["doc_id"].implode())
    return Frames(
        **{
            name: (docs if name == "documents" else df if name == "findings" else df.filter(~drop))
            for name, df in frames.items()
        }
    )
