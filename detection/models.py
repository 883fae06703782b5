"""Isolation forests over line items, projects and indicators, each flag explained in numbers.

Features are built with polars; only the final matrix goes to scikit-learn. Each forest has its
own parameters (``detection.forests.<name>``) and a row is unusual when the fitted estimator
says so (``predict`` = −1, i.e. ``decision_function`` < 0 at the estimator's own ``offset_``,
set by its ``contamination``). An unusual row becomes a flag only when it also passes a floor
a person would call large (``min_yoy_ratio``, ``min_peer_z``, ``min_peer_ratio``): the forest
orders and isolates, the floor keeps clean batches quiet. ``describe`` gives each forest's
parameters, features and floor for the run metadata.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from budgetwatch.comparison.peers import PEER_GROUP
from budgetwatch.config.settings import (
    DetectionSettings,
    ForestSettings,
    ReferenceSettings,
    StrongestSettings,
)
from budgetwatch.contract.schema import department_key
from budgetwatch.detection.flagset import finish
from budgetwatch.detection.indicator_kinds import (
    is_question,
    kind_fits,
    restates_label,
    with_kinds,
)
from budgetwatch.detection.leave_one_out import leave_one_out
from budgetwatch.detection.rules_lines import change_columns, gap_note

LINE_FEATURES = ["log_peer", "log_size_peer", "size_z", "log_change", "share"]
# a line's share of its department's 基本支出 across years: its own forest (``_share_flags``),
# whose features the floor does not read (the line's moves beyond its own document's other lines)
SHARE_FEATURES = ["share_beyond_doc", "change_beyond_doc"]
INDICATOR_FEATURES = ["misfit", "shared_kinds", "restates", "question", "empty", "money_distance"]
LINE_KEYS = ["doc_id", "table_id", "side", "code", "name_key", "column_id"]
PEER_COLUMNS = [
    "peer_count",
    "robust_z",
    "median_wan",
    "basic_ratio",
    "basic_ratio_median",
    "basic_ratio_z",
    "staff",
    "per_person",
    "per_person_median",
    "per_person_z",
]


def forest(cfg: ForestSettings):
    from sklearn.ensemble import IsolationForest

    return IsolationForest(
        n_estimators=cfg.n_estimators,
        contamination=cfg.contamination,
        max_samples=cfg.max_samples,
        random_state=cfg.random_state,
    )


def _fit(x: np.ndarray, cfg: ForestSettings) -> tuple[np.ndarray, np.ndarray]:
    """(score = −score_samples, higher = more unusual; unusual = the estimator's predict −1)."""
    return _judge(fit_forest(cfg, x), x)


def fit_forest(cfg: ForestSettings, x: np.ndarray):
    """``forest(cfg).fit(x)``: the same trees and the same ``offset_``, its contamination
    percentile taken over the scores of ``x``'s distinct rows (``_scores``), not of every row
    again. The trees do not depend on ``contamination`` (scikit-learn fits them first, then
    scores the input for the offset)."""
    model = forest(cfg).set_params(contamination="auto").fit(x)
    if cfg.contamination != "auto":
        model.set_params(contamination=cfg.contamination)
        model.offset_ = np.percentile(_scores(model, x), 100.0 * cfg.contamination)
    return model


def _scores(model, x: np.ndarray) -> np.ndarray:
    """``model.score_samples(x)``, each distinct row scored once: a row's score is a function of
    its own values (as float32, what the trees compare), and the forests' rows repeat — most
    indicator rows are one of a few dozen, every line without other years has share features 0."""
    rows = np.asarray(x, dtype=np.float32)
    if len(rows) == 0:
        return np.zeros(0)
    distinct, back = np.unique(rows, axis=0, return_inverse=True)
    return model.score_samples(distinct)[back.reshape(-1)]


def _judge(model, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(−score_samples, predict == −1) from one scoring pass: ``predict`` is
    ``score_samples − offset_ < 0`` and would score the rows a second time."""
    s = _scores(model, x)
    return -s, (s - model.offset_) < 0


def line_item_features(
    comparisons: dict[str, pl.DataFrame],
    tables: list[str],
    classes: list[str],
    fixed: list[str],
    min_amount: float,
    clip: float,
) -> pl.DataFrame:
    """One row per (department, year, table, 经济分类 款 of ``classes`` but not ``fixed``) with a
    合计 amount and peer
    statistics: log ratio to the peers' median in 万元; the same for the department's size — per
    person of its staff where the peers state theirs, else per 万元 of 基本支出 — with its robust
    z; log change against the previous document; share of the department's total."""
    my = comparisons.get("multiyear")
    peers = comparisons.get("peers", pl.DataFrame())
    if my is None or my.is_empty() or peers.is_empty():
        return pl.DataFrame()
    used = ["department_key", "fiscal_year", "name", "source_line", "amount_wan", "prev_amount_wan"]
    rows = (
        my.select(*LINE_KEYS, *used)
        .filter(
            pl.col("table_id").is_in(tables)
            & (pl.col("column_id") == "total")
            & (pl.col("code").str.len_chars() == 5)
            & pl.col("code").str.slice(0, 3).is_in(classes)
            & ~pl.col("code").is_in(fixed)
            & pl.col("amount_wan").is_not_null()
        )
        .with_columns(
            amount=pl.col("amount_wan").cast(pl.Float64),
            prev=pl.col("prev_amount_wan").cast(pl.Float64),
        )
    )
    totals = (
        my.filter(
            (pl.col("table_id") == "expenditure_summary")
            & (pl.col("code").fill_null("") == "")
            & (pl.col("column_id") == "total")
        )
        .group_by("doc_id")
        .agg(doc_total=pl.col("amount_wan").cast(pl.Float64).max())
    )
    # the 款 rows of each table a line is read from, summed: what its share across years is of
    # (the department's 支出总表 合计 moves with its projects, its 基本支出 with its staff)
    basics = (
        my.filter(
            pl.col("table_id").is_in(tables)
            & (pl.col("column_id") == "total")
            & (pl.col("code").str.len_chars() == 5)
        )
        .group_by("doc_id", "table_id")
        # summed as decimals: a float sum's last bits vary with a parallel group_by's order
        # (three calls gave three results), and the share forest's scores with them
        .agg(basic_total=pl.col("amount_wan").sum().cast(pl.Float64))
    )
    rows = rows.join(
        peers.select(*LINE_KEYS, *PEER_COLUMNS), on=LINE_KEYS, how="inner", nulls_equal=True
    )
    # the peers' level from every department printing the line; small lines are not judged
    rows = _without_self(rows, comparisons.get("department_history"))
    rows = rows.filter(pl.col("amount") >= min_amount)
    person = pl.col("per_person").is_not_null() & (pl.col("per_person_median") > 0)
    basic = (pl.col("basic_ratio") > 0) & (pl.col("basic_ratio_median") > 0)
    return (
        rows.join(totals, on="doc_id", how="left")
        .join(basics, on=["doc_id", "table_id"], how="left")
        .with_columns(
            size_basis=pl.when(person).then(pl.lit("person")).when(basic).then(pl.lit("basic")),
            size_value=pl.when(person)
            .then(pl.col("per_person"))
            .when(basic)
            .then(pl.col("basic_ratio")),
            size_median=pl.when(person)
            .then(pl.col("per_person_median"))
            .when(basic)
            .then(pl.col("basic_ratio_median")),
            size_z=pl.when(person)
            .then(pl.col("per_person_z"))
            .when(basic)
            .then(pl.col("basic_ratio_z"))
            .fill_null(0)
            .clip(-clip, clip),
        )
        .with_columns(
            share=(pl.col("amount") / pl.col("doc_total")).fill_null(0).fill_nan(0),
            basic_share=pl.col("amount") / pl.col("basic_total"),
            log_change=((pl.col("amount") + 1) / (pl.col("prev") + 1)).log().fill_null(0),
            log_peer=pl.when(pl.col("median_wan") > 0)
            .then((pl.col("amount") / pl.col("median_wan")).log())
            .fill_null(0),
            log_size_peer=(pl.col("size_value") / pl.col("size_median")).log().fill_null(0),
        )
        .pipe(_share_moves, comparisons.get("department_history"))
    )


OWN_LEVELS = {  # the peers' level of each measure, and its robust z, without the department
    "amount": ("median_wan", None),
    "per_person": ("per_person_median", "per_person_z"),
    "basic_ratio": ("basic_ratio_median", "basic_ratio_z"),
}


def _without_self(rows: pl.DataFrame, history: pl.DataFrame | None) -> pl.DataFrame:
    """The peers' median and robust z of each line measured against the *other* departments of
    its kind that year, not against a median that includes the department itself: in a kind of
    four, two outliers made the median their midpoint, and a 会议费 ×10 its own level stood at ×1.7
    of it (held seed 43: one peer-outlier department of five missed in every year). Scale as in
    comparison.peers: 1.4826 MAD, else 1.2533 mean absolute deviation."""
    if history is None or rows.is_empty() or "per_person" not in rows.columns:
        return rows
    from budgetwatch.comparison.peers import MAD_SCALE, MEAN_AD_SCALE

    rows = rows.join(
        history.select("doc_id", "kind", "doc_kind").unique("doc_id"), on="doc_id", how="left"
    )
    groups = _group_ids(rows, PEER_GROUP)
    stats = {}
    for measure in OWN_LEVELS:
        values = rows[measure].cast(pl.Float64).fill_null(np.nan).to_numpy()
        figures = leave_one_out(groups, values)
        stats |= {
            f"_m_{measure}": figures["median"],
            f"_n_{measure}": figures["count"],
            f"_mad_{measure}": figures["mad"],
            f"_mean_{measure}": figures["mean_ad"],
        }
    rows = rows.with_columns(
        pl.Series(name, column, nan_to_null=True) for name, column in stats.items()
    )
    out = []
    for measure, (median, z) in OWN_LEVELS.items():
        # fewer than two others measured: no level to stand against (per person needs staff)
        level = pl.when(pl.col(f"_n_{measure}") >= 2).then(pl.col(f"_m_{measure}"))
        out.append(level.alias(median))
        if z:
            scale = (
                pl.when(pl.col(f"_mad_{measure}") > 0)
                .then(MAD_SCALE * pl.col(f"_mad_{measure}"))
                .otherwise(MEAN_AD_SCALE * pl.col(f"_mean_{measure}"))
            )
            position = pl.when(scale > 0).then((pl.col(measure) - level) / scale).otherwise(0.0)
            out.append(pl.when(pl.col(measure).is_not_null()).then(position).alias(z))
    drop = [c for c in rows.columns if c.startswith(("_m_", "_n_", "_mad_", "_mean_"))]
    return rows.with_columns(out).drop(*drop, "kind", "doc_kind")


def _group_ids(rows: pl.DataFrame, columns: list[str]) -> np.ndarray:
    """An integer id per row, the same for rows equal in ``columns`` (nulls equal)."""
    return (
        rows.select(columns)
        .with_row_index("_row")
        .group_by(columns)
        .agg("_row")
        .with_row_index("_group")
        .explode("_row")
        .sort("_row")["_group"]
        .to_numpy()
    )


def _share_moves(rows: pl.DataFrame, history: pl.DataFrame | None) -> pl.DataFrame:
    """A line's share across years (issue 18 item 5): ``log_share_own`` = log(its share of the
    department's 基本支出 this year (``basic_share``) / its median share in the department's
    *other* years), and ``log_share_peers`` = that move less the median move of the same line
    in the *other* departments of its kind that year (``PEER_GROUP``). A line whose share jumps while its own
    years and its peers' stay put stands out; a whole kind moving together (a policy) does not.
    0 where fewer than two other years (or peers) give a level, or a share is 0."""
    zero = {"share_own": None, "log_share_own": 0.0, "peer_move": None, "log_share_peers": 0.0}
    zero |= dict.fromkeys(DOCUMENT_MOVES, 0.0) | {"doc_change": None}
    if history is None or rows.is_empty():
        return rows.with_columns(pl.lit(v, pl.Float64).alias(c) for c, v in zero.items())
    from budgetwatch.comparison.multiyear import LINE_KEY

    rows = rows.join(
        history.select("doc_id", "kind", "doc_kind").unique("doc_id"), on="doc_id", how="left"
    )
    share = rows["basic_share"].cast(pl.Float64).fill_null(np.nan).to_numpy().copy()
    share[~(share > 0)] = np.nan
    own, count = median_of_others(_group_ids(rows, LINE_KEY), share)
    level = np.where(count >= 2, own, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        move = np.log(share / level)
    peers, count = median_of_others(_group_ids(rows, PEER_GROUP), move)
    peer_move = np.where(count >= 2, peers, np.nan)
    rows = rows.with_columns(
        share_own=pl.Series(level, nan_to_null=True),
        log_share_own=pl.Series(move, nan_to_null=True).fill_null(0.0),
        peer_move=pl.Series(peer_move, nan_to_null=True),
        log_share_peers=pl.Series(move - peer_move, nan_to_null=True).fill_null(0.0),
    ).drop("kind", "doc_kind")
    return _moves_beyond_document(rows)


# the share forest's features: a line's move (``_share_moves``), less its document's
DOCUMENT_MOVES = {"share_beyond_doc": "log_share_own", "change_beyond_doc": "log_change"}


def _moves_beyond_document(rows: pl.DataFrame) -> pl.DataFrame:
    """The share forest's features (round 13), which the share floor does not read: the line's
    move against its own years (``log_share_own``) and against last year's amount
    (``log_change``), each less the median move of the *other* lines of its table in the same
    document among ``rows`` (0 where it has none); ``doc_change``: that median change, for the
    flag's text. A line whose own amount jumped stands out; a line whose share fell because
    another line rose, or one of a document whose every line moved (a restructured budget),
    moves with its document and does not: with the floor's own measures as features every row
    the floor kept was among the forest's most isolated, and the forest decided nothing
    (round 12, docs/rules.md)."""
    groups = _group_ids(rows, ["doc_id", "table_id"])
    out = {}
    for name, move in DOCUMENT_MOVES.items():
        values = rows[move].cast(pl.Float64).to_numpy().copy()
        others, count = median_of_others(groups, values)
        out[name] = np.where(count >= 1, values - others, 0.0)
        if move == "log_change":
            out["doc_change"] = np.where(count >= 1, others, np.nan)
    return rows.with_columns(pl.Series(k, v, nan_to_null=True) for k, v in out.items())


def median_of_others(groups: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(median, count) of the non-null ``values`` of the *other* rows of each row's group: the
    ``median`` and ``count`` of ``leave_one_out``, the same floats, for every group at once. A
    line's share across its own years is one group per department line — tens of thousands of
    groups of at most a few rows — where leave_one_out's loop over groups, and the spreads it
    works out that the share does not use, cost more than the forests. Each group is sorted
    (nulls last); the median of the k values left is the order statistic(s) at k // 2 (and
    k // 2 − 1), shifted by one at or above the removed row's rank; a null row removes none."""
    n = len(values)
    if n == 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    order = np.lexsort((values, groups))
    g, v = groups[order], values[order]
    valid = ~np.isnan(v)
    first = np.r_[True, g[1:] != g[:-1]]
    starts = np.flatnonzero(first)
    group = np.cumsum(first) - 1
    start = starts[group]
    present = np.add.reduceat(valid.astype(np.int64), starts)[group]
    removed = np.where(valid, np.arange(n) - start, present)
    left = np.where(valid, present - 1, present)
    hi = left // 2
    lo = np.maximum(hi - 1, 0)
    upper = v[np.minimum(start + hi + (hi >= removed), n - 1)]
    lower = v[np.minimum(start + lo + (lo >= removed), n - 1)]
    median = np.where(left % 2 == 1, upper, (lower + upper) / 2)
    out, count = np.empty(n), np.empty(n, dtype=np.int64)
    out[order] = np.where(left > 0, median, np.nan)
    count[order] = left
    return out, count


def reference_sample(x: np.ndarray, limit: int) -> np.ndarray:
    """At most ``limit`` rows of ``x`` as a forest's fit input, the same whatever order the rows
    come in: the rows whose feature values hash lowest, in hash order. The fit's memory and time
    stay flat as the store grows (each tree draws ``max_samples`` rows of it, and a
    ``contamination`` offset scores the whole input once); identical rows are interchangeable,
    so ties do not matter."""
    order = np.argsort(_row_hash(x), kind="stable")
    return x[order[:limit]] if len(x) > limit else x[order]


def _row_hash(x: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row's float64 bits (splitmix64 over the columns): the same on
    any machine and library version."""
    bits = np.ascontiguousarray(x, dtype=np.float64).view(np.uint64).reshape(len(x), -1)
    h = np.full(len(x), 0x9E3779B97F4A7C15, dtype=np.uint64)
    for column in bits.T:
        h = (h ^ column) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h


@dataclass
class FoldForests:
    """One forest rule's fold forests (``fold_forests``): the departments (or documents) dealt
    into folds, sorted, and one forest per fold, fitted when a row of its fold is first judged
    (None until then: a fold none of whose rows passes its rule's floor is never fitted);
    ``second``: the rule's second forest's fold forests over its own rows (model:line_items'
    ``line_share``, model:indicators' ``indicator_pattern``, model:composition's
    ``composition_mix``). The forests that judged a run's rows are the run's fit: kept in the
    analysis cache so that an incremental run scores its changed rows without refitting
    (flows/analysis.py; a fold it needs and no earlier run did is fitted then, on its rows),
    and persisted with the run (``save_models``)."""

    names: np.ndarray
    models: list
    second: FoldForests | None = None

    def fold_of(self, groups: np.ndarray) -> np.ndarray:
        """Each row's fold: its department's at the fit; a department the fit did not know
        falls in a fold whose forest never saw its rows, like every fold."""
        return np.searchsorted(self.names, groups) % len(self.models)

    def score_samples(self, x: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """Each row's ``score_samples`` by the forest of its department's fold: the score the
        run gave it (``_reference_fit`` negates it); NaN in a fold never fitted (the run
        judged none of its rows)."""
        return -_reference_fit(x, groups, None, None, fitted=self)[0]


def fold_forests(
    x: np.ndarray,
    groups: np.ndarray,
    cfg: ForestSettings,
    reference: ReferenceSettings,
    lazy: bool = False,
) -> FoldForests:
    """Forests fitted on *reference* rows: those of other departments (``groups``), never the
    judged department's own rows of any year. Departments are dealt into ``reference.folds``
    folds in sorted order; each fold is judged by one forest fitted on the other folds' rows of
    every year (at most ``reference.max_rows`` of them: ``reference_sample``) — one fit per
    fold, not per fold and year (fewer departments than folds: each its own fold; one
    department: one forest over every row). Every feature is relative to the row's own year
    (peers' median that year, change against the previous document, share of its document), so
    one year's rows stand against another's. A department unusual in every year is no cluster
    of its own in the fit: none of its rows is there. ``lazy``: no fold fitted yet — each
    when ``_reference_fit`` first judges a row of it (the same forest: the same reference
    rows and seed), so a fold whose rows all fail the rule's floor costs no fit."""
    names = np.unique(groups)
    if len(names) < 2:
        return FoldForests(names, [fit_forest(cfg, reference_sample(x, reference.max_rows))])
    folds = min(reference.folds, len(names))
    if lazy:
        return FoldForests(names, [None] * folds)
    fold = np.searchsorted(names, groups) % folds
    return FoldForests(names, [_fold_fit(x, fold, f, cfg, reference) for f in range(folds)])


def _fold_fit(x, fold: np.ndarray, f: int, cfg: ForestSettings, reference: ReferenceSettings):
    """Fold ``f``'s forest: fitted on the other folds' rows."""
    return fit_forest(cfg, reference_sample(x[fold != f], reference.max_rows))


def _reference_fit(
    x: np.ndarray,
    groups: np.ndarray,
    cfg: ForestSettings,
    reference: ReferenceSettings,
    judge: np.ndarray | None = None,
    fitted: FoldForests | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(score, unusual) of every row by the forest of its fold (``fold_forests``, or
    ``fitted``: an earlier run's). ``judge`` (a mask): score only those rows (a row's score
    does not depend on the others scored with it); the others get NaN and not unusual. A
    fold with a row to judge and no forest yet is fitted now (``fold_forests``' ``lazy``),
    unless no ``cfg`` is given (a persisted forest scoring again: its rows get NaN)."""
    fitted = fitted or fold_forests(x, groups, cfg, reference, lazy=True)
    judge = np.ones(len(x), dtype=bool) if judge is None else judge
    score, unusual = np.full(len(x), np.nan), np.zeros(len(x), dtype=bool)
    fold = fitted.fold_of(groups)
    for f, model in enumerate(fitted.models):
        rows = judge & (fold == f)
        if not rows.any() or (model is None and cfg is None):
            continue
        if model is None:
            model = fitted.models[f] = _fold_fit(x, fold, f, cfg, reference)
        score[rows], unusual[rows] = _judge(model, x[rows])
    return score, unusual


def strongest(
    rows: pl.DataFrame,
    columns: list[str],
    cfg: StrongestSettings,
    reference: np.ndarray | None = None,
) -> pl.Series:
    """Each row's ``cfg.top`` features furthest from the reference rows' median, in robust
    deviations (|x − median| / (1.4826 MAD), the spread floored at ``cfg.spread_floor``), those
    at least ``cfg.min_sigma`` away: "log_peer +6.2σ". The reference rows are ``rows`` unless
    given (every row a forest judged, when only its hits are named: the text of a row is built
    in Python, and the hits are few)."""
    x = rows.select(columns).fill_null(0).to_numpy().astype(float)
    against = x if reference is None else reference.astype(float)
    med = np.median(against, axis=0)
    spread = np.maximum(1.4826 * np.median(np.abs(against - med), axis=0), cfg.spread_floor)
    dev = (x - med) / spread
    order = np.argsort(-np.abs(dev), axis=1)[:, : cfg.top]
    return pl.Series(
        [
            ", ".join(
                f"{columns[j]} {dev[i, j]:+.1f}σ"
                for j in order[i]
                if abs(dev[i, j]) >= cfg.min_sigma
            )
            or f"none beyond {cfg.min_sigma:g}σ"
            for i in range(len(x))
        ],
        dtype=pl.String,
    )


def _unusual(
    rows: pl.DataFrame,
    columns: list[str],
    cfg: DetectionSettings,
    name: str,
    floor: pl.Expr,
    reuse: dict | None = None,
    groups: np.ndarray | None = None,
) -> pl.DataFrame:
    """Rows the forest fitted on other departments' rows (``FOREST_GROUPS``, see
    fold_forests) predicts unusual that also pass ``floor``, with their score and their
    strongest features (``why``). ``floor`` is a row's own test: only the rows passing it are
    scored. ``reuse`` (``run_corpus``): the fold forests to score with ("fitted") and the
    rows to judge ("judged", an expression), else every row by forests fitted now.
    ``groups``: the rows' departments where forest ``name`` is a rule's second forest
    (``line_share``, ``indicator_pattern``), not one of ``FOREST_GROUPS``."""
    reuse = reuse or {}
    x = rows.select(columns).fill_null(0).to_numpy()
    judged = floor if reuse.get("judged") is None else floor & reuse["judged"]
    score, unusual = _reference_fit(
        x,
        forest_groups(rows, f"model:{name}") if groups is None else groups,
        getattr(cfg.forests, name),
        cfg.reference,
        rows.select(judged.fill_null(False))[:, 0].to_numpy(),
        reuse.get("fitted"),
    )
    hits = rows.with_columns(score=pl.Series(score), _unusual=pl.Series(unusual)).filter(
        pl.col("_unusual")
    )
    hits = hits.with_columns(why=strongest(hits, columns, cfg.strongest, x))
    return hits.with_columns(
        why=pl.format("{} (forest score {})", pl.col("why"), pl.col("score").round(3))
    )


def line_item_rows(comparisons: dict[str, pl.DataFrame], cfg: DetectionSettings) -> pl.DataFrame:
    """``line_item_features`` with the configured tables, classes and floor."""
    return line_item_features(
        comparisons,
        cfg.peer_outlier_tables,
        cfg.staff_classes,
        cfg.fixed_cost_codes,
        cfg.min_line_amount_wan,
        cfg.rules.of("model:line_items").feature_clip,
    )


def line_item_flags(
    comparisons: dict[str, pl.DataFrame],
    cfg: DetectionSettings,
    features: pl.DataFrame | None = None,
    reuse: dict | None = None,
) -> list[pl.DataFrame]:
    """peer_outlier: an 经济分类 or 三公 line far above the same line of departments of the same
    kind and year for the department's size (per person, else per 万元 of 基本支出) and in 万元,
    in every year the department prints it. Function-class lines are not compared: a hospital's
    or an education bureau's project budget is large for its staff by nature. ``features``:
    ``line_item_rows`` when the caller built them (``forest_rows``: once for the rule and the
    run's persisted forest); ``reuse``: see ``_unusual``. The same rows' share across years
    is judged by a second forest (``_share_flags``)."""
    params = cfg.rules.of("model:line_items")
    rows = line_item_rows(comparisons, cfg) if features is None else features
    if rows.height < params.min_rows:  # a forest over a handful of lines says nothing
        return []
    line = ["department_key", "table_id", "side", "code", "name_key", "column_id"]
    far = (
        (pl.col("peer_count") >= cfg.min_peer_count)
        & (pl.col("size_z") >= cfg.min_peer_z)
        & (pl.col("log_size_peer") >= math.log(cfg.min_peer_ratio))
        & (pl.col("log_peer") >= math.log(cfg.min_peer_money_ratio))
    )
    rows = rows.with_columns(
        _persistent=far.all().over(line, mapping_strategy="group_to_rows")
        & (pl.col("fiscal_year").n_unique().over(line) >= cfg.min_peer_years)
    )
    hits = _unusual(rows, LINE_FEATURES, cfg, "line_items", far & pl.col("_persistent"), reuse)
    shares = _share_flags(rows, cfg, _second(reuse))
    return [part for part in (_peer_flags(hits), shares) if not part.is_empty()]


def _peer_flags(hits: pl.DataFrame) -> pl.DataFrame:
    """peer_outlier flags of the line-item forest's hits."""
    if hits.is_empty():
        return hits
    line = pl.coalesce(pl.col("code").replace("", None), pl.col("name_key"))
    per = pl.col("size_basis").replace_strict(
        {"person": "per person", "basic": "per 万元 of 基本支出"}, default=""
    )
    hits = hits.with_columns(
        subject=pl.format(
            "{}/{}/{}", pl.col("table_id"), pl.col("code").fill_null(""), pl.col("column_id")
        ),
        expected=pl.col("median_wan").round(2).cast(pl.String),
        actual=pl.col("amount").round(2).cast(pl.String),
        expected_wan="median_wan",
        actual_wan="amount_wan",
        # at stake: what the line exceeds its peers' level for the department's size by
        stake_wan=(pl.col("amount") * (1 - pl.col("size_median") / pl.col("size_value"))).abs(),
        explanation=pl.format(
            "{} {} {} ({}) {} 万元 vs peers' median {} (×{}); {} {} vs peers' {} (×{}, robust z {}); "
            "{} last year; {}% of the department's total (line {}); strongest: {}",
            pl.col("table_id"),
            line,
            pl.col("name"),
            pl.col("column_id"),
            pl.col("amount").round(2),
            pl.col("median_wan").round(2),
            (pl.col("amount") / pl.col("median_wan")).round(1),
            per,
            pl.col("size_value").round(3),
            pl.col("size_median").round(3),
            pl.col("log_size_peer").exp().round(1),
            pl.col("size_z").round(1),
            pl.col("prev").round(2).cast(pl.String).fill_null("—"),
            (pl.col("share") * 100).round(1),
            pl.col("source_line"),
            pl.col("why"),
        ),
    )
    return finish(hits, "model:line_items")


def _second(reuse: dict | None) -> dict | None:
    """A rule's ``reuse`` for its second forest: the rows to judge, and its fold forests
    (``FoldForests.second``) where the first's were fitted with them (``fit_folds``)."""
    if reuse is None:
        return None
    fitted = reuse.get("fitted")
    return {"fitted": getattr(fitted, "second", None), "judged": reuse.get("judged")}


def _share_flags(rows: pl.DataFrame, cfg: DetectionSettings, reuse: dict | None) -> pl.DataFrame:
    """A line whose share of its department's 基本支出 moved ×/÷ ``min_share_ratio`` against its
    own other years and, beyond that, against its peers' same line (at least
    ``min_peer_count`` of them), that the share forest (``SHARE_FEATURES``, fitted on other
    departments: ``_reference_fit``; ``reuse``: ``_second``) predicts unusual: a change across years (kind
    yoy_change), its subject the line's share (a line can be a peer outlier too: two flags,
    two ids). Its own forest, so that the peer outliers' verdicts are those of
    ``LINE_FEATURES`` alone."""
    step = math.log(cfg.rules.of("model:line_items").min_share_ratio)
    floor = (
        (pl.col("peer_count") >= cfg.min_peer_count)
        & (pl.col("log_share_own").abs() >= step)
        & (pl.col("log_share_peers").abs() >= step)
    )
    groups = forest_groups(rows, "model:line_items")
    hits = _unusual(rows, SHARE_FEATURES, cfg, "line_share", floor, reuse, groups)
    if hits.is_empty():
        return hits
    line = pl.coalesce(pl.col("code").replace("", None), pl.col("name_key"))
    usual = pl.col("share_own") * pl.col("basic_total")
    hits = hits.with_columns(
        subject=pl.format("{}/{}/share", pl.col("table_id"), pl.col("code").fill_null("")),
        expected=(pl.col("share_own") * 100).round(2).cast(pl.String) + "%",
        actual=(pl.col("basic_share") * 100).round(2).cast(pl.String) + "%",
        expected_wan=usual,
        actual_wan="amount_wan",
        # at stake: the line's distance from its own usual share of this year's 基本支出
        stake_wan=(pl.col("amount") - usual).abs(),
        explanation=pl.format(
            "{} {} {} ({}) {} 万元 is {}% of the department's 基本支出 {} 万元; its median share in its "
            "other years {}% (×{}); the same line of its peers moved ×{} this year, so ×{} beyond "
            "them; {} last year (×{}; the document's other lines ×{}) (line {}); strongest: {}",
            pl.col("table_id"),
            line,
            pl.col("name"),
            pl.col("column_id"),
            pl.col("amount").round(2),
            (pl.col("basic_share") * 100).round(2),
            pl.col("basic_total").round(2),
            (pl.col("share_own") * 100).round(2),
            pl.col("log_share_own").exp().round(2),
            pl.col("peer_move").exp().round(2).cast(pl.String).fill_null("—"),
            pl.col("log_share_peers").exp().round(2),
            pl.col("prev").round(2).cast(pl.String).fill_null("—"),
            # no previous document: no change to give (log_change is filled with 0 for the forest)
            pl.when(pl.col("prev").is_not_null())
            .then(pl.col("log_change").exp().round(2))
            .cast(pl.String)
            .fill_null("—"),
            pl.col("doc_change").exp().round(2).cast(pl.String).fill_null("—"),
            pl.col("source_line"),
            pl.col("why"),
        ),
    )
    return finish(hits, "model:line_items").with_columns(kind=pl.lit("yoy_change"))


PROJECT_FEATURES = ["log_amount", "share", "log_change"]


def project_features(projects: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """One row per project and year: log 预算数, share of the document's project total, and log
    change against the same project code in the department's previous document."""
    rows = (
        projects.join(documents.select("doc_id", "fiscal_year", dept=department_key()), on="doc_id")
        .with_columns(amount=pl.col("budget_wan").cast(pl.Float64))
        .filter(pl.col("amount").is_not_null())
    )
    rows = rows.sort("dept", "project_code", "fiscal_year").with_columns(
        prev=pl.col("amount").shift(1).over("dept", "project_code"),
        prev_year=pl.col("fiscal_year").shift(1).over("dept", "project_code"),
    )
    return rows.with_columns(
        log_amount=(pl.col("amount") + 1).log(),
        share=(pl.col("amount") / pl.col("amount").sum().over("doc_id")).fill_nan(0),
        log_change=((pl.col("amount") + 1) / (pl.col("prev") + 1)).log().fill_null(0),
    )


def project_flags(
    projects: pl.DataFrame,
    documents: pl.DataFrame,
    cfg: DetectionSettings,
    features: pl.DataFrame | None = None,
    reuse: dict | None = None,
) -> list[pl.DataFrame]:
    """yoy_change: a continuing project whose 预算数 moved by ×min_yoy_ratio or more."""
    rows = project_features(projects, documents) if features is None else features
    if rows.height < cfg.rules.of("model:projects").min_rows:
        return []
    hits = _unusual(
        rows,
        PROJECT_FEATURES,
        cfg,
        "projects",
        pl.col("prev").is_not_null() & (pl.col("log_change").abs() >= math.log(cfg.min_yoy_ratio)),
        reuse,
    )
    if hits.is_empty():
        return []
    hits = hits.with_columns(
        subject=pl.format("projects/{}/budget_wan", pl.col("project_code")),
        **change_columns("prev", "budget_wan"),
        explanation=pl.format(
            "项目{}「{}」预算数 {} 万元 vs {} in {} (×{}); {}% of this year's project total; typical "
            "change ×{}–×{}{} (line {}); strongest: {}",
            pl.col("project_no"),
            pl.col("project_name"),
            pl.col("amount").round(2),
            pl.col("prev").round(2),
            pl.col("prev_year"),
            (pl.col("amount") / pl.col("prev")).round(2),
            (pl.col("share") * 100).round(1),
            pl.lit(round(1 / cfg.min_yoy_ratio, 2)),
            pl.lit(cfg.min_yoy_ratio),
            gap_note(),
            pl.col("source_line"),
            pl.col("why"),
        ),
    )
    return [finish(hits, "model:projects")]


def indicator_features(indicators: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    """Features that isolate boilerplate even where it is frequent: whether the value's kind fits
    the label's, how many kinds of label in the document print the same value, whether the value
    restates the description, is a question or a bare unit, and for money the |log| distance to
    the project's 预算数."""
    ind = with_kinds(indicators).join(
        projects.select("doc_id", "project_code", "budget_wan"),
        on=["doc_id", "project_code"],
        how="left",
    )
    money = pl.col("_vkind") == "money"
    wan = (
        pl.when(pl.col("value_unit") == "元")
        .then(pl.col("value_number").cast(pl.Float64) / 10000)
        .otherwise(pl.col("value_number").cast(pl.Float64))
    )
    return ind.with_columns(
        misfit=(~kind_fits()).cast(pl.Float64),
        # one value printed for labels of several kinds (≥95% on rates, counts and years alike)
        shared_kinds=(pl.col("_asked").n_unique().over("doc_id", "value_raw") - 1).cast(pl.Float64),
        restates=restates_label().cast(pl.Float64),
        question=is_question().cast(pl.Float64),
        empty=(pl.col("_vkind") == "empty").cast(pl.Float64),
        money_distance=pl.when(money & (pl.col("budget_wan").cast(pl.Float64) > 0) & (wan > 0))
        .then((wan / pl.col("budget_wan").cast(pl.Float64)).log().abs())
        .otherwise(0.0),
    )


def indicator_scores(features: pl.DataFrame, columns: list[str], cfg: ForestSettings) -> np.ndarray:
    return _fit(features.select(columns).fill_null(0).to_numpy(), cfg)[0]


PATTERN_FEATURES = ["modal_excess", "evenness_deficit"]
PATTERN_KINDS = ("rate", "count", "years", "money")  # a value a label asks for by kind


def indicator_pattern_features(
    features: pl.DataFrame, min_values: int, documents: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per (document, kind of value its labels ask: rate, count, years, money) with at
    least ``min_values`` values of the kind (issue 18 item 5: each value may be plausible, the
    pattern is not): the share of them carrying the document's modal value, and their evenness
    (Shannon entropy of the values over log n: 0 when one value is pasted on all, 1 when all
    differ); as features, each against the corpus's typical document of the kind (its median),
    as a share of what the typical document leaves: ``modal_excess`` = (share − typical share) /
    (1 − typical share), ``evenness_deficit`` = 1 − evenness / typical evenness (0 where the
    typical leaves nothing). Relative, so that one value pasted on all is 1 on every kind: as
    differences, a pasted rate (typical share 2/3: 1/3 above) stood inside the spread of the
    counts (typical 1/4) and the forest, fitted on all kinds, found it ordinary (synth:1+plant:
    15 pasted rate documents the floor kept, none flagged). A department printing "≥95%" on
    every rate where every department does is typical; one printing the same count on every
    project where counts differ is not."""
    keys = ["doc_id", "_asked"]
    values = (
        features.filter(pl.col("_asked").is_in(PATTERN_KINDS))
        .with_columns(value=pl.col("value_raw").str.replace_all(r"\s", ""))
        .filter(pl.col("value") != "")
        .group_by(*keys, "value")
        .agg(
            times=pl.len(),
            source_line=pl.col("source_line").min(),
            source_file=pl.col("source_file").first(),
        )
        .with_columns(p=pl.col("times") / pl.col("times").sum().over(keys))
    )
    rows = (
        values.sort("times", "source_line", descending=[True, False])
        .group_by(keys, maintain_order=True)
        .agg(
            n=pl.col("times").sum(),
            modal=pl.col("times").first(),
            mode=pl.col("value").first(),
            source_line=pl.col("source_line").first(),
            source_file=pl.col("source_file").first(),
            entropy=-(pl.col("p") * pl.col("p").log()).sum(),
        )
        .filter(pl.col("n") >= min_values)
        .with_columns(
            modal_share=pl.col("modal") / pl.col("n"),
            evenness=pl.col("entropy") / pl.col("n").cast(pl.Float64).log(),
        )
        .with_columns(
            typical_share=pl.col("modal_share").median().over("_asked"),
            typical_evenness=pl.col("evenness").median().over("_asked"),
        )
        .with_columns(
            modal_excess=pl.when(pl.col("typical_share") < 1)
            .then((pl.col("modal_share") - pl.col("typical_share")) / (1 - pl.col("typical_share")))
            .otherwise(0.0),
            evenness_deficit=pl.when(pl.col("typical_evenness") > 0)
            .then(1 - pl.col("evenness") / pl.col("typical_evenness"))
            .otherwise(0.0),
        )
    )
    if documents is not None:  # the department, whose documents the reference fit leaves out
        rows = rows.join(documents.select("doc_id", dept=department_key()), on="doc_id", how="left")
    return rows.sort(keys)


def _pattern_flags(
    features: pl.DataFrame, documents: pl.DataFrame, cfg: DetectionSettings, reuse: dict | None
) -> pl.DataFrame:
    """model:indicators' department-level part: a document whose values of one kind follow a
    pattern unlike the corpus's (``indicator_pattern_features``), judged by a forest fitted on
    other departments' documents (folds by department, ``_reference_fit``; ``reuse``: as
    ``_unusual``'s, ``_second``); floor: its modal value covers ``min_pattern_excess`` more of
    its values than the typical document's, as a share of what the typical document leaves
    (``modal_excess``): where the typical document prints its commonest value on two thirds of its
    values, a pasted one on all stands a third above it, all there is to stand; where every
    document pastes one value (typical share 1) no document stands out."""
    params = cfg.rules.of("model:indicators")
    rows = indicator_pattern_features(features, params.min_pattern_values, documents)
    if rows.height < params.min_rows:
        return pl.DataFrame()
    floor = (pl.col("typical_share") < 1) & (pl.col("modal_excess") >= params.min_pattern_excess)
    groups = rows["dept"].fill_null("").to_numpy()
    hits = _unusual(rows, PATTERN_FEATURES, cfg, "indicator_pattern", floor, reuse, groups)
    if hits.is_empty():
        return hits
    return finish(
        hits.with_columns(
            subject=pl.format("indicators/pattern/{}", pl.col("_asked")),
            expected=(pl.col("typical_share") * 100).round(1).cast(pl.String) + "%",
            actual=(pl.col("modal_share") * 100).round(1).cast(pl.String) + "%",
            explanation=pl.format(
                "{} of the document's {} indicators asking a {} print「{}」({}%; the corpus's typical "
                "document: {}% on its commonest value, so {}% of the rest); evenness of its values {} vs typical {} "
                "(0 = one value on all); strongest: {}, fitted on other departments; first at "
                "line {}",
                pl.col("modal"),
                pl.col("n"),
                pl.col("_asked"),
                pl.col("mode"),
                (pl.col("modal_share") * 100).round(1),
                (pl.col("typical_share") * 100).round(1),
                (pl.col("modal_excess") * 100).round(1),
                pl.col("evenness").round(2),
                pl.col("typical_evenness").round(2),
                pl.col("why"),
                pl.col("source_line"),
            ),
        ),
        "model:indicators",
    )


def indicator_flags(
    indicators: pl.DataFrame,
    projects: pl.DataFrame,
    documents: pl.DataFrame,
    cfg: DetectionSettings,
    features: pl.DataFrame | None = None,
    reuse: dict | None = None,
) -> list[pl.DataFrame]:
    """boilerplate_indicator: an indicator row unlike the others in a designed feature, and a
    document's pattern of values of one kind unlike the corpus's (``_pattern_flags``)."""
    params = cfg.rules.of("model:indicators")
    feats = indicator_features(indicators, projects) if features is None else features
    if feats.height < params.min_rows:
        return []
    pattern = _pattern_flags(feats, documents, cfg, _second(reuse))
    return [part for part in (_row_flags(feats, cfg, reuse), pattern) if not part.is_empty()]


def _row_flags(feats: pl.DataFrame, cfg: DetectionSettings, reuse: dict | None) -> pl.DataFrame:
    params = cfg.rules.of("model:indicators")
    # the typical row has every designed feature at 0: flag only rows that differ in one of them
    unusual = pl.any_horizontal(
        [pl.col(c) > 0 for c in ("misfit", "restates", "question", "empty")]
    ) | (pl.col("money_distance") > params.min_money_distance)
    hits = _unusual(feats, INDICATOR_FEATURES, cfg, "indicators", unusual, reuse)
    if hits.is_empty():
        return hits
    hits = hits.with_columns(
        subject=pl.col("project_code") + "/" + pl.col("indicator_no").cast(pl.String),
        expected=pl.col("_asked"),
        actual=pl.col("value_raw"),
        explanation=pl.format(
            "项目 {} 「{}」value「{}」(line {}): value kind {} vs label kind {}; the same value is printed "
            "for {} other kind(s) of label; restates description {}; question {}; |log(value/预算数)| {}"
            " — typical: kinds agree, 0 other kinds, no restatement, distance 0; strongest: {}",
            pl.col("project_code"),
            pl.col("level3"),
            pl.col("value_raw"),
            pl.col("source_line"),
            pl.col("_vkind"),
            pl.col("_asked"),
            pl.col("shared_kinds").cast(pl.Int32),
            pl.col("restates").cast(pl.Boolean),
            pl.col("question").cast(pl.Boolean),
            pl.col("money_distance").round(2),
            pl.col("why"),
        ),
    )
    return finish(hits, "model:indicators")


def forest_rows(name: str, frames, comparisons: dict[str, pl.DataFrame], cfg: DetectionSettings):
    """(the rows forest ``name`` judges, with its features; the feature columns): what its rule
    and ``fit_folds`` read."""
    from budgetwatch.detection.composition import COMPOSITION_FEATURES, composition_features

    if name == "model:line_items":
        return line_item_rows(comparisons, cfg), LINE_FEATURES
    if name == "model:projects":
        return project_features(frames.projects, frames.documents), PROJECT_FEATURES
    if name == "model:indicators":
        return indicator_features(frames.indicators, frames.projects), INDICATOR_FEATURES
    mix = cfg.rules.of(name).mix_codes
    return composition_features(comparisons, cfg.min_peer_count, mix), COMPOSITION_FEATURES


# each forest, and what its folds deal: departments (an indicator's forest: documents)
FOREST_GROUPS = {
    "model:line_items": "department_key",
    "model:projects": "dept",
    "model:indicators": "doc_id",
    "model:composition": "department_key",
}
FORESTS = tuple(FOREST_GROUPS)


def forest_groups(rows: pl.DataFrame, name: str) -> np.ndarray:
    return rows[FOREST_GROUPS[name]].cast(pl.String).fill_null("").to_numpy()


def fit_folds(
    rows: pl.DataFrame,
    columns: list[str],
    name: str,
    cfg: DetectionSettings,
    documents: pl.DataFrame | None = None,
    lazy: bool = True,
) -> FoldForests | None:
    """Forest rule ``name``'s fold forests over its rows (``fold_forests``), with its second
    forest's (``FoldForests.second``: the share forest and the composition mix forest over the
    same rows; the pattern forest over ``indicator_pattern_features`` of them, by the
    departments of ``documents``), or None
    when it has fewer rows than its rule's ``min_rows``. The same fits the rule would make
    (``_unusual``), made once: the rule judges with them, an increment reuses them, and the
    run persists them, so no forest is fitted again over all rows. ``lazy`` (the run's): each
    fold fitted when the rule first judges a row of it (``fold_forests``), so a fold none of
    whose rows passes the rule's floor is never fitted."""
    params = cfg.rules.of(name)
    if rows.height < params.min_rows:
        return None
    groups = forest_groups(rows, name)
    fc = getattr(cfg.forests, name.removeprefix("model:"))
    fitted = fold_forests(_matrix(rows, columns), groups, fc, cfg.reference, lazy)
    if name == "model:line_items":
        share = _matrix(rows, SHARE_FEATURES)
        fitted.second = fold_forests(share, groups, cfg.forests.line_share, cfg.reference, lazy)
    if name == "model:composition":
        from budgetwatch.detection.composition import MIX_FEATURES

        mix = _matrix(rows, MIX_FEATURES)
        fitted.second = fold_forests(mix, groups, cfg.forests.composition_mix, cfg.reference, lazy)
    if name == "model:indicators" and documents is not None:
        pattern = indicator_pattern_features(rows, params.min_pattern_values, documents)
        if pattern.height >= params.min_rows:
            fitted.second = fold_forests(
                _matrix(pattern, PATTERN_FEATURES),
                pattern["dept"].fill_null("").to_numpy(),
                cfg.forests.indicator_pattern,
                cfg.reference,
                lazy,
            )
    return fitted


def _matrix(rows: pl.DataFrame, columns: list[str]) -> np.ndarray:
    return rows.select(columns).fill_null(0).to_numpy()


def fit_models(frames, comparisons: dict[str, pl.DataFrame], cfg: DetectionSettings) -> dict:
    """Every forest rule's fold forests (``fit_folds``) over this run's rows:
    {"model:line_items": FoldForests, …}. A forest with fewer rows to learn from than its
    rule's ``min_rows`` is left out."""
    fitted = {
        name: fit_folds(
            *forest_rows(name, frames, comparisons, cfg), name, cfg, frames.documents, lazy=False
        )
        for name in FORESTS
    }
    return {name: model for name, model in fitted.items() if model is not None}


def save_models(models: dict, run_dir) -> Path:
    """Persist the run's forests (``fit_models``' or ``run_corpus``'s ``FoldForests``, the ones
    that judged its rows) with the run: ``run_dir/forests.joblib``. Load with ``joblib.load``:
    {forest: {"model": FoldForests, "features": [...], "groups": column}}; ``model.score_samples(x,
    groups)`` scores rows of its ``features`` by their departments (the ``groups`` column of the
    forest's rows) as the run did; model:line_items' ``share`` and model:indicators' ``pattern``
    are their second forests, entries of the same shape."""
    import joblib

    from budgetwatch.detection.composition import COMPOSITION_FEATURES, MIX_FEATURES

    features = {
        "model:line_items": LINE_FEATURES,
        "model:projects": PROJECT_FEATURES,
        "model:indicators": INDICATOR_FEATURES,
        "model:composition": COMPOSITION_FEATURES,
    }
    second = {
        "model:line_items": ("share", SHARE_FEATURES, "department_key"),
        "model:indicators": ("pattern", PATTERN_FEATURES, "dept"),
        "model:composition": ("mix", MIX_FEATURES, "department_key"),
    }
    out = {}
    for name, folds in models.items():
        out[name] = {"model": folds, "features": features[name], "groups": FOREST_GROUPS[name]}
        if name in second and folds.second is not None:
            key, columns, groups = second[name]
            out[name][key] = {"model": folds.second, "features": columns, "groups": groups}
    path = Path(run_dir) / "forests.joblib"
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(out, path)
    return path


def describe(cfg: DetectionSettings) -> dict:
    """Each forest's parameters, features, floor and rule parameters (``detection.rules``), the
    reference fit's folds and the strongest features' settings, for the run metadata."""
    from budgetwatch.detection.composition import COMPOSITION_FEATURES, MIX_FEATURES

    out = {
        "model:line_items": {
            "parameters": cfg.forests.line_items.model_dump(),
            "features": LINE_FEATURES,
            "share": {
                "parameters": cfg.forests.line_share.model_dump(),
                "features": SHARE_FEATURES,
                "min_share_ratio": cfg.rules.of("model:line_items").min_share_ratio,
            },
            "tables": list(cfg.peer_outlier_tables),
            "classes": list(cfg.staff_classes),
            "excluded": list(cfg.fixed_cost_codes),
            "floor": {
                "min_peer_count": cfg.min_peer_count,
                "min_peer_z": cfg.min_peer_z,
                "min_peer_ratio": cfg.min_peer_ratio,
                "min_peer_money_ratio": cfg.min_peer_money_ratio,
                "min_peer_years": cfg.min_peer_years,
                "min_line_amount_wan": cfg.min_line_amount_wan,
            },
        },
        "model:projects": {
            "parameters": cfg.forests.projects.model_dump(),
            "features": PROJECT_FEATURES,
            "floor": {"min_yoy_ratio": cfg.min_yoy_ratio},
        },
        "model:indicators": {
            "parameters": cfg.forests.indicators.model_dump(),
            "features": INDICATOR_FEATURES,
            "floor": {"one designed feature differs from 0": True},
            "pattern": {
                "parameters": cfg.forests.indicator_pattern.model_dump(),
                "features": PATTERN_FEATURES,
                "kinds": list(PATTERN_KINDS),
            },
        },
        "model:composition": {
            "parameters": cfg.forests.composition.model_dump(),
            "features": COMPOSITION_FEATURES,
            "floor": {
                "unusual in every year": True,
                "min_peer_count": cfg.min_peer_count,
                "min_peer_years": cfg.min_peer_years,
            },
            "mix": {
                "parameters": cfg.forests.composition_mix.model_dump(),
                "features": MIX_FEATURES,
                "lines": list(cfg.rules.of("model:composition").mix_codes),
            },
        },
    }
    shared = {
        "reference": cfg.reference.model_dump(),
        "strongest": cfg.strongest.model_dump(),
    }
    return {
        name: entry | shared | {"rule_params": cfg.rules.of(name).model_dump()}
        for name, entry in out.items()
    }
