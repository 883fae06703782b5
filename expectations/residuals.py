"""Warning-grade accounting identities (guide §3) as residual rows: built by the checks of
``expectations/checks`` (declared in ``checks/registry.py``), judged once by
great-expectations (``gx.judge_residuals``), then explained in words from that verdict.

Conventions: ``actual`` is the figure being checked (a printed parent, a table cell, the
narrative's number, Σ project budgets), ``expected`` what the identity says it should be;
``residual = actual − expected``; ``tolerance`` = the check's per-term allowance × number of
summed terms. Exact Decimal(20,6) arithmetic throughout.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from decimal import Decimal

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import AMOUNT, Frames
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.expectations.checks.common import (
    INTERMEDIATE,
    ByColumn,
    available_tables,
    line_items,
    printed_columns,
    with_leaf_parents,
)
from budgetwatch.expectations.checks.registry import (
    WARNING,
    builder,
    builder_inputs,
    setting,
)
from budgetwatch.expectations.checks.two_sided import two_sided_rows
from budgetwatch.expectations.gx import Validator, judge_residuals


def build_rows(frames: Frames, settings: Settings) -> pl.DataFrame:
    """Every registered warning check's rows (``INTERMEDIATE`` columns); each builder once."""
    li = with_leaf_parents(line_items(frames))
    inputs = {
        "frames": frames,
        "li": li,
        "closing": two_sided_rows(li),
        "avail": available_tables(frames),
        "printed": printed_columns(frames, li),
        "findings": frames.findings,
        "settings": settings,
        "columns": ByColumn(li),
        "budgets": frames.documents.filter(
            pl.col("doc_kind").fill_null("budget") != "final_account"
        ).select("doc_id"),
    }
    calls = sorted({b for c in WARNING.values() for b in c.builders})
    parts = [builder(b)(**{n: inputs[n] for n in builder_inputs(b)}) for b in calls]
    rows = pl.concat([p.cast(INTERMEDIATE) for p in parts])
    # a builder emitting a check it does not declare (or that is not registered) is a bug
    extra = set(rows["check_id"].unique()) - set(WARNING)
    if extra:
        raise ValueError(f"checks emitted but not registered as warning checks: {sorted(extra)}")
    return rows


def _per_check(settings: Settings, value) -> pl.Expr:
    """An expression giving each row the value ``value(check)`` of its registered check."""
    return pl.col("check_id").replace_strict(
        {i: value(c) for i, c in WARNING.items()}, default=None
    )


def measure(rows: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Kind (from the registry), residual, tolerance, and ``excess``: |residual| − tolerance
    in millionths of 万元 (exact integers), what great-expectations judges (≤ 0 passes)."""
    per_term = _per_check(settings, lambda c: Decimal(str(setting(settings, c.tolerance))))
    whole_tolerance = Decimal(str(settings.checks.narrative.whole_wan_tolerance))
    rounds_to_whole = _per_check(
        settings, lambda c: "checks.narrative.whole_wan_tolerance" in c.params
    )
    # a narrative figure printed in whole 万元 ("其他收入5,428万元") is rounded to the unit: it
    # agrees with a table's 5428.21 within less than half a 万元 (3 vs 2.50 does not)
    whole = (
        rounds_to_whole
        & (pl.col("actual") == pl.col("actual").round(0))
        & (pl.col("expected") != pl.col("expected").round(0))
    )
    # … or truncated to it (1,361 for 1,361.63: the whole 万元 the table's figure begins with)
    truncated = whole & (
        pl.col("actual")
        == pl.col("expected").cast(pl.Float64).abs().floor()
        * pl.col("expected").cast(pl.Float64).sign()
    )
    excess = ((pl.col("residual").abs() - pl.col("tolerance")) * 1_000_000).cast(pl.Int64)
    return (
        rows.with_columns(
            kind=_per_check(settings, lambda c: c.kind),
            residual=(pl.col("actual") - pl.col("expected")).cast(AMOUNT),
            tolerance=pl.when(whole)
            .then(pl.lit(whole_tolerance, AMOUNT))
            .otherwise(per_term.cast(AMOUNT) * pl.col("n_terms"))
            .cast(AMOUNT),
            _truncated=truncated.fill_null(False),
        )
        .with_columns(
            excess=pl.when(pl.col("_truncated")).then(pl.lit(0, pl.Int64)).otherwise(excess),
        )
        .drop("_truncated")
    )


def _fmt(col: str) -> pl.Expr:
    """An amount (Decimal(20,6), always printed with six decimals) as printed: drop trailing
    zeros past two decimals (1187.060000 → 1187.06, 5.000000 → 5.00). String slicing, not a
    regular expression: four of these per residual row were a tenth of the gate's time."""
    text = pl.col(col).cast(AMOUNT).cast(pl.String)
    return text.str.head(-4) + text.str.tail(4).str.strip_chars_end("0")


def explain(judged: pl.DataFrame) -> pl.DataFrame:
    """The residual rows (``RESIDUALS``) with the one-sentence explanation of the verdict
    great-expectations gave (``passed``)."""
    line = (
        pl.when(pl.col("source_line").is_not_null())
        .then(
            pl.concat_str([pl.lit(" (line "), pl.col("source_line").cast(pl.String), pl.lit(")")])
        )
        .otherwise(pl.lit(""))
    )
    # the gap and allowance of the failed rows only (a few hundred of 230,000 a batch): an
    # expression's every branch is computed for every row
    failed = (~judged["passed"]).arg_true()
    gap = pl.repeat("", judged.height, dtype=pl.String, eager=True).scatter(
        failed,
        judged[failed]
        .select(
            pl.concat_str([pl.lit("，差 "), _fmt("residual"), pl.lit("，容差 "), _fmt("tolerance")])
        )
        .to_series(),
    )
    out = judged.with_columns(
        explanation=pl.concat_str(
            [
                pl.col("actual_desc"),
                pl.lit(" "),
                _fmt("actual"),
                pl.when(pl.col("passed")).then(pl.lit(" = ")).otherwise(pl.lit(" ≠ ")),
                pl.col("expected_desc"),
                pl.lit(" "),
                _fmt("expected"),
                gap,
                line,
            ]
        )
    )
    # a subject can repeat in a document (a narrative stating one figure on two lines): the
    # line and amounts order those rows, whatever order the checks produced them in. One
    # thread: the same order at half the CPU of polars' parallel sort (docs/checks.md, round 4)
    return (
        out.select(list(RESIDUALS))
        .cast(RESIDUALS)
        .sort(
            ["doc_id", "check_id", "subject", "source_line", "actual", "expected"],
            nulls_last=True,
            multithreaded=False,
        )
    )


def document_slices(frames: Frames, doc_ids: pl.Series | None, size: int) -> Iterator[Frames]:
    """The documents ``doc_ids`` of ``frames`` (None: every document of any frame) in slices
    of up to ``size`` in doc_id order (the order of the residual rows), each with every row
    of its documents. Each slice is a filtered copy, made when the caller asks for it: the
    whole is never copied at once, and a slice and its intermediate frames (its line items
    with their parents, closing rows, columns apart) are let go before the next is built
    (``gates.slice_documents``; a slice's fixed cost, about a thousand small polars calls,
    stays small beside its rows)."""
    if doc_ids is None:
        doc_ids = pl.concat([df.select("doc_id") for _, df in frames.items()])["doc_id"]
        if doc_ids.n_unique() <= size:
            yield frames
            return
    doc_ids = doc_ids.unique().sort()
    for i in range(0, doc_ids.len(), size):
        yield frames.filter_docs(doc_ids.slice(i, size))


def compute_residuals(
    frames: Frames,
    settings: Settings,
    validator: Validator | None = None,
    doc_ids: pl.Series | None = None,
) -> pl.DataFrame:
    """All warning-grade identity checks of the documents ``doc_ids`` of ``frames`` (None:
    every document), judged by great-expectations (``validator``: the gate's context; None,
    an ephemeral one) once over all of them. The rows are built and explained a slice of
    documents at a time (``document_slices``); each slice's rows sort within it, and slices
    follow in doc_id order, so the whole is in the order of one sort."""
    measured = deque(
        measure(cited_files(build_rows(part, settings), part), settings)
        for part in document_slices(frames, doc_ids, settings.gates.slice_documents)
    )
    if not measured:  # no document to check
        measured.append(measure(cited_files(build_rows(Frames(), settings), Frames()), settings))
    verdicts = judge_residuals(list(measured), validator)
    # popped as explained: a slice's measured rows go once its residual rows exist
    return pl.concat([explain(measured.popleft().with_columns(passed)) for passed in verdicts])


def cited_files(rows: pl.DataFrame, frames: Frames) -> pl.DataFrame:
    """``rows`` with the source_file of the row whose line each cites: a narrative check
    (subject narrative/…, N3) and the asset checks cite a narrative figure (the asset table
    is read into narrative_figures), X9/X10 a project, every other check a line item."""
    cites = (
        pl.when(
            pl.col("subject").str.starts_with("narrative/")
            | pl.col("table_id").is_in(["narrative", "fixed_assets"])
        )
        .then(pl.lit("narrative_figures"))
        .when(pl.col("table_id") == "projects")
        .then(pl.lit("projects"))
        .otherwise(pl.lit("line_items"))
    )
    files = pl.concat(
        [
            getattr(frames, name)
            .filter(pl.col("source_file").is_not_null())
            .select("doc_id", "source_line", "source_file", _frame=pl.lit(name))
            for name in ("narrative_figures", "projects", "line_items")
        ]
    ).unique(["_frame", "doc_id", "source_line"], keep="first", maintain_order=True)
    return (
        rows.with_columns(_frame=cites)
        .join(
            files,
            on=["_frame", "doc_id", "source_line"],
            how="left",
            maintain_order="left",
        )
        .drop("_frame")
    )
