"""Pairing a 说明 with its tables by the figures both print, where names are missing or
ambiguous, and by the files' saved times where no figure tells versions apart (issue 22).

Many 说明 state one figure of the whole budget: 本年收入 (`我部门本年收入940.2万元`, label
``income_year``), not 收支 totals nor 基本/项目 (定州 2017: 公安消防大队, 公证处). Their tables print
it as the 收支总表's 本年收入合计 (the income side's own total, before 上年结转). So:

- a tables part that prints no name pairs with a narrative stating no total by that figure
  (`same_income`, as a stated total pairs it; the last resort: a total, or 基本 + 项目, comes
  first);
- a part matched by name to several of the other kind (one unit's tables in versions) keeps
  those that agree with it, where some do and some do not (`narrowed`). A candidate agrees
  when at least one figure stated by the 说明 is printed by the tables and none differs: its
  本年收入 (the 收支总表's 本年收入合计), 基本支出, 项目支出 and 支出合计 (the 支出总表's 合计 row), the
  三公 total (the 三公 table's 合计). A figure one side does not give decides nothing.
- versions that no figure tells apart (a unit re-uploading its tables and 说明 together, the
  same figures in each) pair by the files' own last-saved times (`by_saved_time`): a tables
  part and a 说明 each the other's nearest by saved time, strictly, pair; the rest stays
  ambiguous and the ``companion_ambiguous`` finding names the candidates.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import Frames

_TOLERANCE_WAN = Decimal("0.01")  # 万元 printed to two decimals: half a cent, and a little slack
_YEAR_INCOME_ROW = r"^本年收入(?:合计)?$"
# figure → the narrative's labels stating it; the tables' (table, 合计 row's column) printing it
_STATED = {
    "basic": ("basic",),
    "project": ("project",),
    "spent": ("expenditure_total",),
    "three_public": ("three_public_total",),
}
_PRINTED = {
    "basic": ("expenditure_summary", "basic"),
    "project": ("expenditure_summary", "project"),
    "spent": ("expenditure_summary", "total"),
    "three_public": ("three_public_expenses", "total"),
}
_FIGURE_COLUMNS = {f"fig_{name}": pl.List(pl.String) for name in _STATED}


def year_incomes(frames: Frames) -> pl.DataFrame:
    """doc_id → income: a narrative's stated 本年收入 (the largest it states), a tables part's
    收支总表 本年收入合计 (the income side's uncoded row of that name), else its 收入总表's
    本年收入合计 on the 合计 row; and each figure of ``_STATED`` (``fig_<name>``: the amounts
    stated or printed, as text to the cent)."""
    stated = (
        frames.narrative_figures.filter(pl.col("label") == "income_year")
        .group_by("doc_id")
        .agg(income=pl.col("amount_wan").max())
    )
    printed = (
        frames.line_items.filter(
            (pl.col("table_id") == "income_expenditure_summary")
            & (pl.col("side") == "income")
            & pl.col("code").fill_null("").eq("")
            & pl.col("name").str.replace_all(r"\s+", "").str.contains(_YEAR_INCOME_ROW)
        )
        .group_by("doc_id")
        .agg(income=pl.col("amount_wan").max())
        .join(stated, on="doc_id", how="anti")
    )
    # a 收支总表 leaving its 本年收入合计 blank (定州 统计局 544): the 收入总表's, on its 合计 row
    summed = (
        frames.line_items.filter(
            (pl.col("table_id") == "income_summary")
            & (pl.col("column_id") == "subtotal")
            & (pl.col("name") == "合计")
            & pl.col("code").fill_null("").eq("")
        )
        .group_by("doc_id")
        .agg(income=pl.col("amount_wan").max())
        .join(pl.concat([stated, printed]), on="doc_id", how="anti")
    )
    incomes = pl.concat([stated, printed, summed])
    return incomes.join(_figures(frames), on="doc_id", how="full", coalesce=True)


def _cents(amount: pl.Expr) -> pl.Expr:
    return amount.round(2).cast(pl.String)


def _figures(frames: Frames) -> pl.DataFrame:
    """doc_id → ``fig_<name>``: the amounts of each figure a narrative states (every mention)
    or its tables print (the 合计 row's cell), to the cent; the income as the ``income``
    column does."""
    label = pl.col("label").replace_strict(
        {lab: name for name, labels in _STATED.items() for lab in labels}, default=None
    )
    stated = frames.narrative_figures.select(
        "doc_id", figure=label, amount=_cents(pl.col("amount_wan"))
    )
    where = pl.lit(None, pl.String)
    for name, (table, column) in _PRINTED.items():
        where = (
            pl.when((pl.col("table_id") == table) & (pl.col("column_id") == column))
            .then(pl.lit(name))
            .otherwise(where)
        )
    printed = frames.line_items.filter(
        (pl.col("name") == "合计") & pl.col("code").fill_null("").eq("")
    ).select("doc_id", figure=where, amount=_cents(pl.col("amount_wan")))
    both = pl.concat([stated, printed]).filter(pl.col("figure").is_not_null())
    wide = both.group_by("doc_id", "figure").agg(pl.col("amount").unique().sort())
    if wide.is_empty():
        return pl.DataFrame(schema={"doc_id": pl.String, **_FIGURE_COLUMNS})
    wide = wide.pivot("figure", index="doc_id", values="amount")
    return wide.select(
        "doc_id",
        *(
            (pl.col(name) if name in wide.columns else pl.lit(None))
            .cast(pl.List(pl.String))
            .alias(f"fig_{name}")
            for name in _STATED
        ),
    )


def same_income() -> pl.Expr:
    """Over (tables, narrative) pairs with ``income``/``income_n`` and the narrative's stated
    ``total_n``: the tables' 本年收入合计 is the narrative's 本年收入 where it states no total,
    else its stated total — a 收入合计 that leaves out 上年结转 (定州 统计局 545 states 477.26;
    its tables' 合计 is 487.78 with 10.52 carried over)."""
    stated = pl.when(pl.col("total_n").is_null()).then(pl.col("income_n")).otherwise("total_n")
    return (
        ((pl.col("income") - stated).abs() <= _TOLERANCE_WAN) & (pl.col("income") > 0)
    ).fill_null(False)


def _verdicts() -> tuple[pl.Expr, pl.Expr]:
    """(some figure given by both sides is the same, some figure given by both differs) over
    a (tables, narrative) row with each figure and its ``_n``."""
    same = [((pl.col("income") - pl.col("income_n")).abs() <= _TOLERANCE_WAN).fill_null(False)]
    differs = [((pl.col("income") - pl.col("income_n")).abs() > _TOLERANCE_WAN).fill_null(False)]
    for name in _STATED:
        a, b = pl.col(f"fig_{name}"), pl.col(f"fig_{name}_n")
        both = (a.list.len() > 0) & (b.list.len() > 0)
        common = a.list.set_intersection(b).list.len() > 0
        same.append((both & common).fill_null(False))
        differs.append((both & ~common).fill_null(False))
    return pl.any_horizontal(same), pl.any_horizontal(differs)


def _with_figures(cands: pl.DataFrame, parts: pl.DataFrame, *extra: str) -> pl.DataFrame:
    """``cands`` (tables, narrative) with each side's figures (and ``extra`` columns of
    ``parts``), the narrative's suffixed ``_n``."""
    columns = ["income", *(f"fig_{n}" for n in _STATED), *extra]
    side = parts.select("doc_id", *columns)
    return cands.join(side, left_on="tables", right_on="doc_id", how="left").join(
        side.rename({c: f"{c}_n" for c in columns}),
        left_on="narrative",
        right_on="doc_id",
        how="left",
    )


def narrowed(cands: pl.DataFrame, parts: pl.DataFrame) -> pl.DataFrame:
    """``cands`` (tables, narrative) without the candidates that do not agree with the part
    they would pair with (no figure the same, or one that differs), for a part that has
    several and with which some agree."""
    same, differs = _verdicts()
    with_figures = _with_figures(cands, parts).with_columns(_agrees=same & ~differs)
    for side in ("tables", "narrative"):
        several = pl.len().over(side) > 1
        agrees = pl.col("_agrees")
        some = agrees.any().over(side) & ~agrees.all().over(side)
        with_figures = with_figures.filter(~several | ~some | agrees)
    return with_figures.select(cands.columns)


def by_saved_time(
    cands: pl.DataFrame, parts: pl.DataFrame
) -> tuple[pl.DataFrame, list[tuple[str, str, str]]]:
    """``cands`` where a part still has several candidates: a (tables, narrative) pair each
    the other's nearest by the files' last-saved time (``saved_at``), strictly, is kept and
    its members' other candidates dropped; the other candidates stay (ambiguous). Returns the
    candidates and, per pair so chosen, (tables, narrative, why) for its finding."""
    timed = _with_figures(cands, parts, "saved_at", "source_file")
    ambiguous = (pl.len().over("tables") > 1) | (pl.len().over("narrative") > 1)
    gap = (pl.col("saved_at") - pl.col("saved_at_n")).abs()
    timed = timed.with_columns(_gap=gap, _ambiguous=ambiguous)
    nearest = pl.lit(True)
    for side in ("tables", "narrative"):
        least = pl.col("_gap").min().over(side)
        nearest &= (pl.col("_gap") == least) & ((pl.col("_gap") == least).sum().over(side) == 1)
    chosen = timed.filter(pl.col("_ambiguous") & nearest.fill_null(False))
    if chosen.is_empty():
        return cands, []
    members = pl.concat([chosen["tables"], chosen["narrative"]]).implode()
    touched = pl.col("tables").is_in(members) | pl.col("narrative").is_in(members)
    kept = pl.concat([cands.filter(~touched), chosen.select(cands.columns)])
    others = timed.filter(pl.col("_ambiguous") & touched)
    why = []
    for row in chosen.iter_rows(named=True):
        t, n = row["tables"], row["narrative"]
        rivals = others.filter((pl.col("tables") == t) != (pl.col("narrative") == n))
        named = ", ".join(
            f"{fn if tid == t else ft} saved {_stamp(sn if tid == t else st)}"
            for tid, ft, fn, st, sn in rivals.select(
                "tables", "source_file", "source_file_n", "saved_at", "saved_at_n"
            ).iter_rows()
        )
        why.append(
            (
                t,
                n,
                f"no figure decides between the candidates ({named}); {row['source_file']} "
                f"(saved {_stamp(row['saved_at'])}) and {row['source_file_n']} (saved "
                f"{_stamp(row['saved_at_n'])}) are each the other's nearest by the time the "
                "file was last saved",
            )
        )
    return kept.sort("tables", "narrative"), why


def _stamp(t) -> str:
    return t.strftime("%Y-%m-%d %H:%M UTC") if t is not None else "unknown"


def disagreements(pairs: pl.DataFrame, parts: pl.DataFrame) -> pl.DataFrame:
    """(tables, narrative) ``pairs`` with ``agrees`` (some figure the 说明 states is printed by
    its tables, none differs) and ``differs`` (the figures both give that differ: income,
    basic, project, spent, three_public), as `narrowed` judges a candidate."""
    same, _ = _verdicts()
    gaps = [
        pl.when((pl.col("income") - pl.col("income_n")).abs() > _TOLERANCE_WAN).then(
            pl.lit("income")
        ),
        *(
            pl.when(
                (pl.col(f"fig_{name}").list.len() > 0)
                & (pl.col(f"fig_{name}_n").list.len() > 0)
                & (pl.col(f"fig_{name}").list.set_intersection(f"fig_{name}_n").list.len() == 0)
            ).then(pl.lit(name))
            for name in _STATED
        ),
    ]
    return (
        _with_figures(pairs, parts)
        .with_columns(differs=pl.concat_list(gaps).list.drop_nulls())
        .select(
            "tables",
            "narrative",
            "differs",
            agrees=same & (pl.col("differs").list.len() == 0),
        )
    )
