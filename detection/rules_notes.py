"""figures_under_empty_note: a table printing figures under its own note that it is empty.

The reader keeps a table's note saying why it has no figures (table_status.note: "本部门无
“三公”经费，故本表为空表") even when the table has rows. A note saying the *whole table* is empty
(空表, 本表无…) over rows carrying a non-zero amount contradicts itself: either the figures
belong to another table or year, or the note is a template left in place. A note about one item
("本单位无因公出国（境）费支出") is no such statement and is not read.
"""

from __future__ import annotations

import polars as pl

from budgetwatch.detection.flagset import finish

WHOLE_TABLE_EMPTY = r"空表|本表无"


def empty_note_flags(frames) -> list[pl.DataFrame]:
    notes = frames.table_status.filter(pl.col("note").fill_null("").str.contains(WHOLE_TABLE_EMPTY))
    if notes.is_empty():
        return []
    amounts = (
        frames.line_items.filter(pl.col("amount_wan") != 0)
        .group_by("doc_id", "table_id")
        .agg(
            n=pl.len(),
            largest=pl.col("amount_wan").abs().max().cast(pl.Float64),
            first_line=pl.col("source_line").min(),
            source_file=pl.col("source_file").sort_by("source_line", nulls_last=True).first(),
        )
    )
    hits = notes.select("doc_id", "table_id", "title", "note", note_line="source_line").join(
        amounts, on=["doc_id", "table_id"]
    )
    if hits.is_empty():
        return []
    hits = hits.with_columns(
        subject=pl.format("{}/empty_note", pl.col("table_id")),
        expected=pl.lit("no figures"),
        actual=pl.format("{} non-zero amounts", pl.col("n")),
        source_line=pl.coalesce("note_line", "first_line"),
        stake_wan=pl.col("largest"),
        explanation=pl.format(
            "「{}」notes「{}」(line {}) yet prints {} non-zero amounts, the largest "
            "{} 万元 (from line {})",
            pl.col("title"),
            pl.col("note"),
            pl.col("note_line"),
            pl.col("n"),
            pl.col("largest").round(2),
            pl.col("first_line"),
        ),
    )
    return [finish(hits, "figures_under_empty_note")]
