"""Score flags against a generated corpus's labeled anomalies.

Matching rule (also in docs/rules.md): a labeled anomaly is *found* when a flag exists for the
same document whose kind is the label's kind or one of its documented equivalents
(EQUIVALENT_KINDS: a cell broken inside one table also breaks the cross-table identity, so
identity_break and cross_table_mismatch stand for each other). For model kinds (yoy_change,
peer_outlier) whose label names a code, the flag's code (or project_code) must be that code, one of its
parent codes (a changed 项 changes its 款 and 类 too) or the label's project code. A flag counts as correct in precision@k
when it finds some label by the same rule. Clean documents are those without a label; a
clean document is *flagged* when it carries a flag of severity warning or critical.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

EQUIVALENT_KINDS = {
    "identity_break": ["identity_break", "cross_table_mismatch"],
    "cross_table_mismatch": ["cross_table_mismatch", "identity_break"],
}
MODEL_KINDS = ("yoy_change", "peer_outlier", "composition_outlier")
# issue 11's targets on an independent corpus: recall per kind, precision@k, clean share alarmed
RECALL_TARGET, PRECISION_TARGET, CLEAN_TARGET = 0.9, 0.8, 0.05
ALARM = ("critical", "warning")


@dataclass
class EvaluationReport:
    per_kind: pl.DataFrame  # kind, injected, found, recall
    top_k: int
    precision_at_k: float
    clean_documents: int
    clean_flagged: int
    clean_by_rule: pl.DataFrame  # rule_or_model, documents: which rules alarm on clean documents

    @property
    def clean_flagged_share(self) -> float:
        return self.clean_flagged / self.clean_documents if self.clean_documents else 0.0


def _pairs(flags: pl.DataFrame, anomalies: pl.DataFrame) -> pl.DataFrame:
    """Every (flag, label) pair that matches by the rule above."""
    labels = anomalies.with_row_index("label_id").with_columns(
        accepted=pl.col("kind").replace_strict(
            EQUIVALENT_KINDS, default=None, return_dtype=pl.List(pl.String)
        )
    )
    labels = labels.with_columns(accepted=pl.coalesce("accepted", pl.concat_list(pl.col("kind"))))
    exploded = labels.select(
        "label_id",
        "doc_id",
        "code",
        "project_code",
        label_kind="kind",
        flag_kind=pl.col("accepted"),
    ).explode("flag_kind")
    pairs = flags.select(
        "flag_id",
        "doc_id",
        flag_kind="kind",
        flag_code=pl.coalesce("code", "project_code").fill_null(""),
    ).join(exploded, on=["doc_id", "flag_kind"])
    flag_code = pl.col("flag_code")
    code_ok = (
        ~pl.col("label_kind").is_in(MODEL_KINDS)
        | (pl.col("code").fill_null("") == "")
        | (
            (flag_code != "")
            & (
                pl.col("code").fill_null("").str.starts_with(flag_code)
                | (flag_code == pl.col("project_code").fill_null(""))
            )
        )
    )
    return pairs.filter(code_ok)


def score(
    flags: pl.DataFrame, anomalies: pl.DataFrame, documents: pl.DataFrame, top_k: int | None = None
) -> EvaluationReport:
    pairs = _pairs(flags, anomalies)
    found_ids = pairs["label_id"].unique()
    labels = anomalies.with_row_index("label_id").with_columns(
        found=pl.col("label_id").is_in(found_ids.implode())
    )
    per_kind = (
        labels.group_by("kind")
        .agg(injected=pl.len(), found=pl.col("found").sum())
        .with_columns(recall=pl.col("found") / pl.col("injected"))
        .sort("kind")
    )
    k = top_k if top_k is not None else anomalies.height
    top = flags.sort("rank").head(k)
    correct = top["flag_id"].is_in(pairs["flag_id"].implode()).sum()
    precision = correct / top.height if top.height else 0.0
    clean = documents.filter(~pl.col("doc_id").is_in(anomalies["doc_id"].implode()))
    alarms = flags.filter(
        pl.col("severity").is_in(ALARM) & pl.col("doc_id").is_in(clean["doc_id"].implode())
    )
    by_rule = (
        alarms.group_by("rule_or_model")
        .agg(documents=pl.col("doc_id").n_unique())
        .sort(["documents", "rule_or_model"], descending=[True, False])
    )
    return EvaluationReport(
        per_kind, k, float(precision), clean.height, alarms["doc_id"].n_unique(), by_rule
    )
