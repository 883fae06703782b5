"""Every rule and model in one table: id, kind, default severity, doc anchor and function.

``detect`` runs the functions listed here, ``explain`` shows the rule's section of
docs/rules.md (shipped as package data) and ``evaluate`` scores the kinds. A function is named
by ``module:function`` and resolved when detect runs, so this table imports no rule module
(the rule modules import ``flagset.finish``, which reads kind and severity from here).

``inputs`` names what the function is called with, in order (see ``INPUT_NAMES``). A function
that emits several rules (``residual_flags``: the four gate kinds and unit_mismatch) is listed
under each of them and run once.

The severity given here is the default; ``detection.severities`` in the config overrides it per
rule id. ``params`` names the rule's own parameters, read from the config section named after
it (``detection.rules.<rule id>``, declared and validated in config/settings.py
``RuleSettings``, defaults in config/defaults.yaml); ``tests/test_registry.py`` keeps the two
in step. A rule module added later adds its entries to ``RULES`` and its section to
docs/rules.md; ``tests/test_registry.py`` fails until both exist.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from importlib.resources import files

from budgetwatch.contract.schema import SEVERITIES

INPUT_NAMES = (
    "frames",
    "residuals",
    "findings",
    "line_items",
    "projects",
    "indicators",
    "documents",
    "narrative_figures",
    "yoy_claims",
    "department_history",
    "comparisons",
    "cfg",
)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str  # default; config detection.severities[id] overrides
    function: str  # "module:function" under budgetwatch.detection
    inputs: tuple[str, ...]
    anchor: str = ""  # heading slug in docs/rules.md; default: derived from the id
    params: tuple[str, ...] = ()  # its keys under detection.rules.<id> in the config

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} not one of {SEVERITIES}")
        unknown = set(self.inputs) - set(INPUT_NAMES)
        if unknown:
            raise ValueError(f"rule {self.id}: unknown inputs {sorted(unknown)}")
        if not self.anchor:
            object.__setattr__(self, "anchor", slug(self.id))

    @property
    def model(self) -> bool:
        return self.id.startswith("model:")


def slug(rule_id: str) -> str:
    """The anchor of a ``### `rule_id` …`` heading: lower case, ``:`` and ``_`` kept as ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", rule_id.lower()).strip("-")


_GATE = ("rules_gates:residual_flags", ("residuals", "cfg", "projects"))
_RULES = (
    Rule("gate:identity_break", "identity_break", "critical", *_GATE),
    Rule("gate:cross_table_mismatch", "cross_table_mismatch", "critical", *_GATE),
    Rule("gate:narrative_mismatch", "narrative_mismatch", "warning", *_GATE),
    Rule("gate:project_sum_mismatch", "project_sum_mismatch", "critical", *_GATE),
    Rule("unit_mismatch", "unit_mismatch", "critical", *_GATE),
    Rule(
        "yoy_claim",
        "narrative_mismatch",
        "warning",
        "rules_gates:claim_flags",
        ("yoy_claims", "cfg"),
    ),
    Rule("name_mismatch", "name_mismatch", "info", "rules_gates:name_flags", ("findings",)),
    Rule(
        "copy_paste_narrative", "copy_paste", "info", "rules_gates:repetition_flags", ("findings",)
    ),
    Rule(
        "spending_plan_mismatch",
        "spending_plan_mismatch",
        "warning",
        "rules_projects:spending_plan_flags",
        ("projects", "documents", "cfg"),
    ),
    Rule(
        "cost_indicator_mismatch",
        "cost_indicator_mismatch",
        "warning",
        "rules_projects:cost_indicator_flags",
        ("projects", "indicators", "cfg"),
    ),
    Rule(
        "project_sum_by_function",
        "project_sum_mismatch",
        "warning",
        "rules_projects:project_function_flags",
        ("line_items", "projects"),
    ),
    Rule(
        "boilerplate_indicator",
        "boilerplate_indicator",
        "warning",
        "rules_indicators:boilerplate_flags",
        ("indicators",),
    ),
    Rule(
        "boilerplate_ecological",
        "boilerplate_indicator",
        "info",
        "rules_indicators:boilerplate_flags",
        ("indicators",),
    ),
    Rule(
        "restated_indicator",
        "boilerplate_indicator",
        "info",
        "rules_indicators:boilerplate_flags",
        ("indicators",),
    ),
    Rule(
        "indicator_quality",
        "indicator_quality",
        "info",
        "rules_indicators:quality_flags",
        ("indicators", "cfg"),
    ),
    Rule(
        "label_value_mismatch",
        "label_value_mismatch",
        "warning",
        "rules_indicators:label_value_flags",
        ("indicators",),
    ),
    # across departments and within one: one function, a block size each
    *(
        Rule(
            rule,
            "copy_paste",
            "warning",
            "rules_indicators:copy_paste_flags",
            ("indicators", "projects", "documents", "department_history", "cfg"),
            params=("min_rows",),
        )
        for rule in ("copy_paste_across", "copy_paste_within")
    ),
    Rule(
        "stale_year_narrative", "stale_year", "warning", "rules_text:stale_year_flags", ("frames",)
    ),
    Rule(
        "stale_year_indicator", "stale_year", "warning", "rules_text:stale_year_flags", ("frames",)
    ),
    Rule("stale_year_project", "stale_year", "info", "rules_text:stale_year_flags", ("frames",)),
    Rule(
        "duplicate_document",
        "duplicate_document",
        "warning",
        "rules_documents:duplicate_document_flags",
        ("frames",),
    ),
    Rule(
        "figures_under_empty_note",
        "note_contradiction",
        "warning",
        "rules_notes:empty_note_flags",
        ("frames",),
    ),
    Rule(
        "yoy_line",
        "yoy_change",
        "warning",
        "rules_lines:yoy_line_flags",
        ("comparisons", "narrative_figures", "projects", "cfg"),
        params=("min_explained_share", "ended_fit_wan"),
    ),
    Rule(
        "model:line_items",
        "peer_outlier",
        "warning",
        "models:line_item_flags",
        ("comparisons", "cfg"),
        params=("min_rows", "feature_clip", "min_share_ratio"),
    ),
    Rule(
        "corpus_outlier",
        "peer_outlier",
        "warning",
        "rules_corpus:corpus_outlier_flags",
        ("comparisons", "narrative_figures", "cfg"),
    ),
    Rule(
        "model:projects",
        "yoy_change",
        "warning",
        "models:project_flags",
        ("projects", "documents", "cfg"),
        params=("min_rows",),
    ),
    Rule(
        "model:indicators",
        "boilerplate_indicator",
        "info",
        "models:indicator_flags",
        ("indicators", "projects", "documents", "cfg"),
        params=("min_rows", "min_money_distance", "min_pattern_values", "min_pattern_excess"),
    ),
    Rule(
        "model:composition",
        "composition_outlier",
        "warning",
        "composition:composition_flags",
        ("comparisons", "cfg"),
        params=("min_rows", "min_ratio_excess", "mix_codes", "min_mix_lines", "min_mix_ratio"),
    ),
)
RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def rule(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"rule {rule_id!r} is not in detection.registry.RULES") from None


def function(entry: Rule):
    module, name = entry.function.split(":")
    return getattr(importlib.import_module(f"budgetwatch.detection.{module}"), name)


def rules_text() -> str:
    """docs/rules.md as shipped with the package."""
    return (files("budgetwatch.docs") / "rules.md").read_text(encoding="utf-8")


_HEADING = re.compile(r"^(#{2,4})\s+`([^`]+)`")


def documented() -> dict[str, str]:
    """rule id → its section of docs/rules.md: every ``### `id` …`` heading (one id each)."""
    lines = rules_text().splitlines()
    out = {}
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if not m:
            continue
        level = len(m.group(1))
        end = next(
            (j for j in range(i + 1, len(lines)) if re.match(rf"^#{{1,{level}}}\s", lines[j])),
            len(lines),
        )
        out[m.group(2)] = "\n".join(lines[i:end]).strip()
    return out


def rule_doc(rule_id: str) -> str | None:
    """The documentation of one rule (its section of docs/rules.md), None if undocumented."""
    return documented().get(rule_id)
