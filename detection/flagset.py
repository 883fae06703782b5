"""Building, identifying and ranking flags (the contract's FLAGS table).

Every rule and model returns a *partial* frame with columns doc_id, subject, expected, actual,
explanation, source_line and, where they mean something (``STRUCTURED``; docs/rules.md "Flag
columns"): stake_wan (the money at stake, in 万元), source_file (the file of source_line: a
row's own, kept when the flag is built from the row), the cell (table_id, code, column_id),
project_code, the two sides as amounts in 万元 (expected_wan, actual_wan), a gate flag's
check_id and the cell of its expected side in another table (expected_table_id,
expected_column_id). `finish` fills the structured columns a rule leaves out with null, casts
amounts to the contract's exact AMOUNT, and adds the rule id with its kind and default severity
from the registry; `assemble` joins the document columns (its source_file where the flag names
none), assigns stable ids, scores each flag by consequence and ranks. Nothing downstream parses
subject, expected or actual: they are text for a person (and subject keys the flag id).
"""

from __future__ import annotations

import hashlib

import polars as pl

from budgetwatch.contract.schema import AMOUNT, FLAGS, SEVERITIES, conform
from budgetwatch.detection.certainty import difference, mark
from budgetwatch.detection.registry import rule as registered

STRUCTURED = {
    c: FLAGS[c]
    for c in (
        "source_file",
        "table_id",
        "code",
        "column_id",
        "project_code",
        "expected_wan",
        "actual_wan",
        "stake_wan",
        "check_id",
        "expected_table_id",
        "expected_column_id",
    )
}
PARTIAL = {
    "doc_id": pl.String,
    "subject": pl.String,
    "expected": pl.String,
    "actual": pl.String,
    "explanation": pl.String,
    "source_line": pl.Int32,
    **STRUCTURED,
}


def _cast(df: pl.DataFrame, col: str, dtype) -> pl.Expr:
    """``col`` in the partial schema; a float amount (a model's peer median) rounded to AMOUNT's
    scale by the cast, an infinite or NaN one null; an empty id (a row printed without a code,
    a finding about no table) null."""
    c = pl.col(col)
    if dtype == AMOUNT and df.schema[col].is_float():
        c = pl.when(c.is_finite()).then(c)
    elif col in STRUCTURED and dtype == pl.String and col != "source_file":
        c = pl.when(c.cast(pl.String) != "").then(c)
    return c.cast(dtype).alias(col)


def finish(df: pl.DataFrame, rule: str) -> pl.DataFrame:
    """Tag a partial frame with its rule id and the rule's kind and default severity; the
    structured columns it does not give are null."""
    entry = registered(rule)
    df = df.with_columns(
        pl.lit(None, t).alias(c) for c, t in STRUCTURED.items() if c not in df.columns
    )
    return df.with_columns(
        rule_or_model=pl.lit(rule), kind=pl.lit(entry.kind), severity=pl.lit(entry.severity)
    ).select([_cast(df, c, t) for c, t in PARTIAL.items()] + ["rule_or_model", "kind", "severity"])


def first_cited() -> dict[str, pl.Expr]:
    """Aggregations for a flag about a group of rows that cites its first: that row's line and
    file (a joined document's rows come from two files)."""
    return {
        "source_line": pl.col("source_line").min(),
        "source_file": pl.col("source_file").sort_by("source_line", nulls_last=True).first(),
    }


def flag_id(rule_or_model: str, doc_id: str, subject: str) -> str:
    return hashlib.sha1(f"{rule_or_model}|{doc_id}|{subject}".encode()).hexdigest()[:16]


def assemble(
    parts: list[pl.DataFrame],
    documents: pl.DataFrame,
    sizes: pl.DataFrame,
    severities: dict[str, str] | None = None,
    findings: pl.DataFrame | None = None,
    line_items: pl.DataFrame | None = None,
    figures: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One ranked FLAGS frame: rules and models merged, duplicate ids dropped, rank 1 = first.

    ``sizes``: doc_id → size_wan, the department's budget (支出总表 合计). score = the money at
    stake over that budget (a 4.80 万元 三公 line printed in 元 is 4.80 万元 at stake, not the
    47,995 its two sides differ by); a flag that puts no money at stake scores 0.
    ``severities``: rule id → severity, the config's overrides of the registry's defaults.
    ``findings`` / ``line_items``: the reader's self-checks and the rows with ``page_verified``
    (detection.certainty): a flag whose figures are not all certain is ``verified`` False and
    never critical; ``figures``: the narrative figures and 绩效目标 values not found on their
    page (certainty.figure_lines).

    Order: severity (critical, warning, info); verified before "could not verify"; confidence
    (independent identities seeing the same difference) then score (consequence); then
    document, line and id so that the order is stable.
    """
    parts = [p for p in parts if p.height]
    if not parts:
        return conform(pl.DataFrame(), FLAGS)
    # one chunk per column: polars 2.1 panics (binview index out of bounds) formatting a string
    # column filtered from rules' parts concatenated unevenly (real_more 351 analysed alone)
    flags = pl.concat(parts, how="vertical", rechunk=True).with_columns(
        subject=pl.col("subject").fill_null("")
    )
    flags = one_cause(flags)
    if severities:
        flags = flags.with_columns(
            severity=pl.col("rule_or_model").replace_strict(
                severities, default=pl.col("severity"), return_dtype=pl.String
            )
        )
    if findings is not None and line_items is not None:
        flags = mark(flags, findings, line_items, documents, figures).with_columns(
            severity=pl.when(~pl.col("verified") & (pl.col("severity") == "critical"))
            .then(pl.lit("warning"))
            .otherwise(pl.col("severity"))
        )
    else:
        flags = flags.with_columns(verified=pl.lit(True))
    flags = (
        flags.join(sizes, on="doc_id", how="left")
        .with_columns(stake_wan=pl.col("stake_wan").abs())
        .with_columns(
            score=pl.when(pl.col("size_wan") > 0)
            .then(_float("stake_wan") / pl.col("size_wan"))
            .otherwise(_float("stake_wan"))
            .fill_null(0.0)
            .round(6)
        )
        .drop("size_wan")
    )
    flags = flags.with_columns(
        flag_id=pl.struct("rule_or_model", "doc_id", "subject").map_elements(
            lambda r: flag_id(r["rule_or_model"], r["doc_id"], r["subject"]), return_dtype=pl.String
        )
    )
    docs = documents.select(
        "doc_id", "fiscal_year", "department_code", doc_file="source_file"
    ).unique("doc_id")
    sev_rank = pl.col("severity").replace_strict(
        list(SEVERITIES),
        list(range(len(SEVERITIES))),
        default=len(SEVERITIES),
        return_dtype=pl.Int32,
    )
    flags = (
        flags.unique("flag_id", keep="first", maintain_order=True)
        .join(docs, on="doc_id", how="left")
        .with_columns(
            _sev=sev_rank,
            source_file=pl.coalesce("source_file", "doc_file"),
            confidence=confidence(),
        )
        .sort(
            ["_sev", "verified", "confidence", "score", "doc_id", "source_line", "flag_id"],
            descending=[False, True, True, True, False, False, False],
            nulls_last=True,
        )
        .with_columns(rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int32))
    )
    return conform(group(flags), FLAGS)


# the 302 / 301 part of model:composition (detection/composition.py; its mix part judges only
# 款 below a line's own floor, so no peer-outlier line is in it) and the table of its 款
_ECONOMIC = "general_budget_basic_expenditure"
RATIO_SUBJECT = f"{_ECONOMIC}/302/share"


def one_cause(flags: pl.DataFrame) -> pl.DataFrame:
    """One cause, one flag: a document's 302 / 301 composition flag is dropped where its own
    peer-outlier 302 款 lines (model:line_items, 经济分类 total column) hold its whole excess —
    the sum of their ``stake_wan`` (each line beyond its peers' level for the department's
    size) at least its ``stake_wan`` (302 beyond the peers' share of 基本支出): without those
    lines 302 is no larger a share than its peers'. A 会议费 ×78 its peers' per person lifts 302 /
    301 past ×1.5 its peers' too; the line's flag names the cause. Lines holding part of it
    leave the composition flag (something else is raised too)."""
    ratio = (pl.col("rule_or_model") == "model:composition") & (pl.col("subject") == RATIO_SUBJECT)
    lines = (
        flags.filter(
            (pl.col("rule_or_model") == "model:line_items")
            & (pl.col("kind") == "peer_outlier")
            & (pl.col("table_id") == _ECONOMIC)
            & pl.col("code").str.starts_with("302")
            & (pl.col("column_id") == "total")
        )
        .group_by("doc_id")
        .agg(_lines=pl.col("stake_wan").sum())
    )
    explained = ratio & (pl.col("_lines") >= pl.col("stake_wan"))
    return (
        flags.join(lines, on="doc_id", how="left")
        .filter(~explained.fill_null(False))
        .drop("_lines")
    )


def group(flags: pl.DataFrame) -> pl.DataFrame:
    """group_id / group_size for ranked flags. One cause, several flags: a cell changed by δ
    breaks every identity that carries it, each flag showing the same |expected − actual|; a
    department inflated against its peers is far on many lines, each a model:line_items flag.
    So flags of one document are grouped by that difference (when both sides are numbers and
    differ), and model line-item and composition flags by document (a 会议费 ten times its
    peers' also makes its 302 share unusual); every other flag is its own group."""
    return (
        flags.with_columns(_group=_group_key())
        .with_columns(
            group_id=pl.col("flag_id").sort_by("rank").first().over("_group"),
            group_size=pl.len().over("_group").cast(pl.Int32),
        )
        .drop("_group")
    )


def _float(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Float64)


def _group_key() -> pl.Expr:
    diff = difference()
    # the peer-outlier lines of a document and its composition outlier: one department
    # spending unlike its peers (a 会议费 ten times theirs also makes its 302 share unusual)
    return (
        pl.when(pl.col("rule_or_model").is_in(["model:line_items", "model:composition"]))
        .then(pl.format("{}|model", pl.col("doc_id")))
        .when(diff > 0)
        .then(pl.format("{}|diff:{}", pl.col("doc_id"), diff))
        .otherwise(pl.col("flag_id"))
    )


def confidence() -> pl.Expr:
    """How many independent identities see a flag's difference: the distinct checks (a gate
    flag's ``check_id``, W3 or X2, else the rule) among the flags of its document showing
    the same non-zero |expected − actual| — a cell wrong by 85.90 breaks its parent's sum and
    its copy in another table, two looks agreeing; a lone flag is seen once. Peer-outlier lines
    of one document are one look."""
    check = pl.coalesce(pl.col("check_id"), pl.col("rule_or_model"))
    return check.n_unique().over(_group_key()).cast(pl.Int32)


def fmt_wan(col: str) -> pl.Expr:
    """A Decimal 万元 amount as printed with two decimals (what a reader finds in the table)."""
    return (
        pl.col(col)
        .cast(pl.Float64)
        .round(2)
        .map_elements(lambda v: f"{v:.2f}", return_dtype=pl.String)
    )


def department_sizes(line_items: pl.DataFrame) -> pl.DataFrame:
    """doc_id → size_wan: the 支出总表 合计 (the largest total-column amount of that table,
    which is its 合计 row); documents without one get the largest amount they print."""
    amount = pl.col("amount_wan").cast(pl.Float64)
    total = (
        line_items.filter(
            (pl.col("table_id") == "expenditure_summary") & (pl.col("column_id") == "total")
        )
        .group_by("doc_id")
        .agg(size_wan=amount.max())
    )
    anything = line_items.group_by("doc_id").agg(any_wan=amount.max())
    return anything.join(total, on="doc_id", how="left").select(
        "doc_id", size_wan=pl.coalesce("size_wan", "any_wan")
    )
