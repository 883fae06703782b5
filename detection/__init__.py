"""Anomaly detection: deterministic rules + isolation forests → one ranked FLAGS table.

Every rule and model is an entry of ``detection.registry.RULES`` (id, kind, default severity,
doc anchor, function); docs/rules.md documents each. Thresholds and model parameters live in
the ``detection`` section of the config.

``detect`` runs every rule over frames held in memory. The out-of-core analysis
(flows/analysis.py) runs the same functions in two scopes: the *department* rules, whose
flags about a document depend only on its department's documents, a few departments at a
time; and the *corpus* rules (``CORPUS_FUNCTIONS``: peers, forests, copies across
departments) once, over the rows they read (``corpus_comparisons``). Flags of one document
are assembled together (``assemble``: certainty, confidence and groups are per document),
then ranked over the whole store (``rerank``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import polars as pl

from budgetwatch.config.settings import ConfigError, DetectionSettings, Settings
from budgetwatch.contract.schema import SEVERITIES, Frames
from budgetwatch.detection.certainty import figure_lines
from budgetwatch.detection.flagset import assemble, department_sizes
from budgetwatch.detection.registry import RULES, function

# Functions whose flags about a document depend on other departments' documents.
CORPUS_FUNCTIONS = frozenset(
    {
        "rules_indicators:copy_paste_flags",
        "models:line_item_flags",
        "rules_corpus:corpus_outlier_flags",
        "models:project_flags",
        "models:indicator_flags",
        "composition:composition_flags",
    }
)
# The multiyear/peers tables the corpus functions read: total-column 款 lines of the peer and
# 基本支出 tables, and the 支出总表 合计 (models.line_item_features, composition_features,
# rules_corpus.corpus_lines); and each document's staff (composition reads it from peers).
ECONOMIC = "general_budget_basic_expenditure"
# The columns of projects and indicators the corpus functions read (copy_paste_flags, the
# project and indicator forests' features, their flags' text and source): the analysis reads
# only these of every document (the projects' long texts are most of the table). The
# indicators are read per function (``INDICATOR_COLUMNS``); these are the indicator forest's.
CORPUS_COLUMNS = {
    "projects": [
        "doc_id",
        "project_code",
        "project_name",
        "project_no",
        "budget_wan",
        "source_line",
        "source_file",
    ],
    "indicators": [
        "doc_id",
        "project_code",
        "indicator_no",
        "level1",
        "level2",
        "level3",
        "description",
        "value_raw",
        "value_number",
        "value_unit",
        "source_line",
        "source_file",
    ],
    # of the multiyear rows (``reduced_multiyear``): the lines, amounts and previous amounts
    # the line-item, composition and corpus features read; not the table's files, statuses
    # and changes, which no corpus function reads (the peers': ``reduced_peers``)
    "multiyear": [
        "department_key",
        "doc_kind",
        "doc_id",
        "fiscal_year",
        "table_id",
        "side",
        "code",
        "name",
        "name_key",
        "column_id",
        "amount_wan",
        "prev_amount_wan",
        "source_line",
    ],
}
# What each function reading the indicators reads of them (the out-of-core analysis reads the
# store's indicators a year at a time, these columns only): copy_paste_flags' blocks (labels,
# values, 效益 rows without a number) and the indicator forest's features (value and label
# kinds, restated descriptions, the 预算数 of money values).
INDICATOR_COLUMNS = {
    # no descriptions and units: its blocks are labels and values
    "copy_paste_flags": [
        c for c in CORPUS_COLUMNS["indicators"] if c not in ("description", "value_unit")
    ],
    "model:indicators": [c for c in CORPUS_COLUMNS["indicators"] if c != "level1"],
}
# What the indicator forest's rule (row and pattern flags, their text and source) and its fit
# read of its rows once the features are built: the rest (descriptions, units, numbers, the
# project's 预算数) is dropped from each year's rows before they are joined, so the fit and the
# rule hold the features, not every indicator column (the 50,000-document peak).
INDICATOR_ROWS = [
    "doc_id",
    "project_code",
    "indicator_no",
    "level3",
    "value_raw",
    "source_line",
    "source_file",
    "_asked",
    "_vkind",
]


def _check(settings: Settings) -> None:
    unknown = sorted(set(settings.detection.severities) - set(RULES))
    if unknown:
        raise ConfigError(
            f"detection.severities: unknown rule id(s) {', '.join(unknown)} (see docs/rules.md)"
        )


def rule_parts(
    frames: Frames,
    residuals: pl.DataFrame,
    comparisons: dict[str, pl.DataFrame],
    cfg: DetectionSettings,
    scope: str = "all",
) -> list[pl.DataFrame]:
    """Every registered rule's partial flags, in registry order; ``scope`` "department" or
    "corpus" runs only the functions of that scope (see ``CORPUS_FUNCTIONS``)."""
    inputs = _inputs(frames, residuals, comparisons, cfg)
    return [
        part
        for entry in _entries(scope)
        for part in function(entry)(*(inputs[name] for name in entry.inputs))
    ]


def _inputs(frames, residuals, comparisons, cfg) -> dict:
    return {
        "frames": frames,
        "residuals": residuals,
        "findings": frames.findings,
        "line_items": frames.line_items,
        "projects": frames.projects,
        "indicators": frames.indicators,
        "documents": frames.documents,
        "narrative_figures": frames.narrative_figures,
        "yoy_claims": comparisons.get("yoy_claims"),
        "department_history": comparisons.get("department_history"),
        "comparisons": comparisons,
        "cfg": cfg,
    }


def _entries(scope: str):
    """The registry's entries to run, in registry order, each function once (a function
    emitting several rules is listed under each)."""
    run: set[tuple] = set()
    for entry in RULES.values():
        if (entry.function, entry.inputs) in run:
            continue
        run.add((entry.function, entry.inputs))
        if scope == "all" or (entry.function in CORPUS_FUNCTIONS) == (scope == "corpus"):
            yield entry


def run_corpus(
    frames: Frames,
    comparisons: dict[str, pl.DataFrame],
    cfg: DetectionSettings,
    reuse: dict | None = None,
    indicators: Callable[[list[str]], Iterator[pl.DataFrame]] | None = None,
) -> tuple[list[pl.DataFrame], dict, dict]:
    """``rule_parts(..., "corpus")`` and ``models.fit_models``' forests from one build of each
    forest's rows: its fold forests are fitted on them (``models.fit_folds``), the rule judges
    them with those, and those are the run's forests (no refit), then the rows are dropped before the next forest's (the corpus phase's memory is one forest's rows, not four,
    and the features are built once, not twice).

    ``reuse`` (an incremental run's): {"fitted": {forest: models.FoldForests of an earlier
    run}, "judged": an expression on the rows}. A forest found there scores only the rows
    ``judged`` with those forests and fits none; the others are fitted now and judge every row.
    ``indicators`` (the out-of-core analysis's): each call yields the indicators again, a year
    at a time, in the store's order, with the columns asked (``INDICATOR_COLUMNS``);
    ``frames.indicators`` is then left empty. The functions reading indicators take them a
    year at a time: ``copy_paste_flags`` its blocks, the indicator forest its rows
    (``forest_rows`` of one year's indicators: its features are per document, so a year's rows
    are the whole's rows of that year, and concatenated in year order they are the whole's;
    each year's keeps only ``INDICATOR_ROWS`` and the features). Every indicator is never held
    at once.
    The functions reading ``comparisons`` run first; its multiyear and peers rows are then
    dropped from it (the caller's dict: at 50,000 documents 280 MB, held otherwise while the
    indicators' rows are built and judged, the analysis's peak).
    Returns (parts, the run's forests, {forest: (its FoldForests, reused or not)})."""
    from budgetwatch.detection.models import FORESTS, fit_folds

    reuse = reuse or {}
    inputs = _inputs(frames, pl.DataFrame(), comparisons, cfg)
    parts: list[pl.DataFrame] = []
    models: dict = {}
    folds: dict = {}
    for entry in sorted(_entries("corpus"), key=lambda e: "comparisons" not in e.inputs):
        if "comparisons" not in entry.inputs:
            comparisons.pop("multiyear", None)
            comparisons.pop("peers", None)
        args = [inputs[name] for name in entry.inputs]
        if entry.id not in FORESTS:
            if indicators is not None and "indicators" in entry.inputs:  # a year at a time
                read = indicators(INDICATOR_COLUMNS[entry.function.split(":")[1]])
                args = [read if n == "indicators" else a for n, a in zip(entry.inputs, args)]
            parts += function(entry)(*args)
            continue
        rows, columns = _forest_rows(entry.id, frames, comparisons, cfg, indicators)
        old = reuse.get("fitted", {}).get(entry.id)
        if old is not None:
            folds[entry.id] = (old, True)
        elif (fresh := fit_folds(rows, columns, entry.id, cfg, frames.documents)) is not None:
            folds[entry.id] = (fresh, False)
        use = folds.get(entry.id)
        judged = reuse.get("judged") if use and use[1] else None
        parts += function(entry)(
            *args, features=rows, reuse=use and {"fitted": use[0], "judged": judged}
        )
        if use:  # the run's forest: the fold forests that judged its rows, not a refit
            models[entry.id] = use[0]
        del rows
    return parts, models, folds


def _forest_rows(name, frames: Frames, comparisons, cfg: DetectionSettings, indicators):
    """``models.forest_rows``; the indicator forest's built a year of ``indicators`` at a time,
    each year's rows cut to ``INDICATOR_ROWS`` and the features before the next year is read
    (concatenated into one chunk: a rule's frame of several chunks is copied by its first
    ``with_columns``, while the rule's own frames are alive)."""
    from budgetwatch.detection.models import forest_rows

    if name != "model:indicators" or indicators is None:
        return forest_rows(name, frames, comparisons, cfg)
    built = []
    for piece in indicators(INDICATOR_COLUMNS[name]):
        rows, columns = forest_rows(name, replace(frames, indicators=piece), comparisons, cfg)
        built.append(rows.select(*INDICATOR_ROWS, *columns))
    if not built:
        return forest_rows(name, frames, comparisons, cfg)
    return pl.concat(built, rechunk=True), columns


def assemble_flags(parts: list[pl.DataFrame], frames: Frames, settings: Settings) -> pl.DataFrame:
    """Ranked FLAGS of ``parts`` over the documents of ``frames``."""
    return assemble(
        parts,
        frames.documents,
        department_sizes(frames.line_items),
        dict(settings.detection.severities),
        frames.findings,
        frames.line_items,
        figure_lines(frames.narrative_figures, frames.indicators),
    )


def detect(
    frames: Frames,
    residuals: pl.DataFrame,
    comparisons: dict[str, pl.DataFrame],
    settings: Settings,
) -> pl.DataFrame:
    """Ranked flags (contract.schema.FLAGS, rank 1 = most important) for ``frames``."""
    _check(settings)
    return assemble_flags(
        rule_parts(frames, residuals, comparisons, settings.detection), frames, settings
    )


def rerank(flags: pl.LazyFrame) -> pl.LazyFrame:
    """Flags assembled a few documents at a time, ranked over all of them in ``assemble``'s
    order (severity, verified, confidence, score, document, line, id: a total order, so the
    ranks are those one ``assemble`` over everything gives; group ids, chosen by rank within
    one document, are unchanged). Lazy: the caller sinks it, so the store's flags are sorted
    by polars' engine and never held as a Python-side frame."""
    sev = pl.col("severity").replace_strict(
        list(SEVERITIES),
        list(range(len(SEVERITIES))),
        default=len(SEVERITIES),
        return_dtype=pl.Int32,
    )
    return flags.sort(
        [sev, "verified", "confidence", "score", "doc_id", "source_line", "flag_id"],
        descending=[False, True, True, True, False, False, False],
        nulls_last=True,
    ).with_columns(rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int32))


def reduced_multiyear(cfg: DetectionSettings) -> pl.Expr:
    """The multiyear rows a corpus function reads (see ``ECONOMIC``)."""
    tables = [*cfg.peer_outlier_tables, ECONOMIC]
    return (pl.col("column_id") == "total") & (
        ((pl.col("code").str.len_chars() == 5) & pl.col("table_id").is_in(tables))
        | ((pl.col("table_id") == "expenditure_summary") & (pl.col("code").fill_null("") == ""))
    )


def reduced_peers(peers: pl.LazyFrame, cfg: DetectionSettings) -> pl.DataFrame:
    """The peers rows a corpus function reads: those ``line_item_features`` joins, and one row
    per other document that states its staff (composition reads doc_id → staff); only the
    line's key and the statistics joined to it (not the kinds, names and amounts)."""
    from budgetwatch.detection.models import LINE_KEYS, PEER_COLUMNS

    used = (
        peers.filter(
            (pl.col("column_id") == "total")
            & (pl.col("code").str.len_chars() == 5)
            & pl.col("table_id").is_in(list(cfg.peer_outlier_tables))
        )
        .select(*LINE_KEYS, *PEER_COLUMNS)
        .collect()
    )
    staff = (
        peers.filter(
            pl.col("staff").is_not_null()
            & ~pl.col("doc_id").is_in(used["doc_id"].unique().implode())
        )
        .group_by("doc_id", maintain_order=True)
        .first()
        .collect()
    )
    return pl.concat([used, staff.select(used.columns)])


__all__ = [
    "CORPUS_COLUMNS",
    "CORPUS_FUNCTIONS",
    "INDICATOR_COLUMNS",
    "assemble_flags",
    "run_corpus",
    "detect",
    "reduced_multiyear",
    "reduced_peers",
    "rerank",
    "rule_parts",
]
