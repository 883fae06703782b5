"""Run the expectation suites (expectations/suites/*.json) on one batch of documents.

polars builds the facts (structure.py) and the identity residuals (residuals.py, the checks
of checks/registry.py); great-expectations alone judges them (gx.py), once per suite per call,
over the whole batch. Blocking failures quarantine a document with a reason naming the
expectation, the column and the offending value; warning failures stay in the residuals
(passed = False) for detection.

With a run folder, the validation results are kept there as JSON (gx/uncommitted/validations).
GX's Data Docs are not built: they load Bootstrap, jQuery and vega from CDNs (offline the
validation list never appears) and speak to developers; the run's HTML report
(outputs/report.py) takes their place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import Frames
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.expectations import gx
from budgetwatch.expectations.gx import load_suite_specs
from budgetwatch.expectations.residuals import compute_residuals
from budgetwatch.expectations.structure import (
    code_facts,
    document_facts,
    gated_documents,
    schema_facts,
)

QUARANTINE = {"doc_id": pl.String, "reason": pl.String}


@dataclass
class GateResult:
    quarantine: pl.DataFrame  # doc_id, reason
    residuals: pl.DataFrame  # RESIDUALS schema, passed as judged by great-expectations
    summary: dict[str, Any] = field(default_factory=dict)


def _reasons(failures: list[dict], asset: str) -> pl.DataFrame:
    """(doc_id, reason) per document and failing expectation: what it checks in words, the
    column and the first offending value (with table and line for codes), and how many more
    rows of the document failed it. Check ids and expectation names stay in the validation
    results: the reason is read by people who know neither."""
    rows = []
    for f in failures:
        head = f"{f['meta'].get('describes', f['type'])}: {f['column']}"
        for u in f["rows"]:
            where = (
                f" in {u['table_id']} line {_show(u['source_line'])}" if asset == "codes" else ""
            )
            rows.append(
                {
                    "doc_id": u["doc_id"],
                    "head": head,
                    "detail": f"{_show(u.get(f['column']))}{where}",
                }
            )
    per_doc = pl.DataFrame(
        rows, schema={"doc_id": pl.String, "head": pl.String, "detail": pl.String}
    )
    return (
        per_doc.group_by("doc_id", "head", maintain_order=True)
        .agg(pl.col("detail").first(), more=pl.len() - 1)
        .select(
            "doc_id",
            reason=pl.concat_str(
                [
                    "head",
                    pl.lit(" = "),
                    "detail",
                    pl.when(pl.col("more") > 0)
                    .then(pl.format(" (+{} more)", "more"))
                    .otherwise(pl.lit("")),
                ]
            ),
        )
    )


def _show(value: Any) -> str:
    # pandas hands nulls back as None or NaN
    if value is None or value != value:
        return "null"
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an integer column that pandas made float because of nulls
    return repr(value) if isinstance(value, str) else str(value)


def run_gates(frames: Frames, settings: Settings, run_dir: Path | None = None) -> GateResult:
    """Gate one batch: quarantine documents failing a blocking expectation, judge the
    identity residuals of the rest. Rejected documents are not gated."""
    by_asset = {s["meta"]["asset"]: s for s in load_suite_specs().values()}
    validator = gx.validator(run_dir)
    validator.begin()
    gated = gated_documents(frames).select("doc_id")

    schema_failures = validator.run(by_asset["schema"], schema_facts(frames))
    if schema_failures:
        # the frames themselves are malformed: no document of the batch can be trusted
        problems = "; ".join(
            f"{u['frame']}.{u['column']} is {u.get('actual_type')}, expected "
            f"{u.get('expected_type')}"
            for f in schema_failures
            for u in f["rows"]
        )
        reason = f"required columns and types: {problems}"
        quarantine = gated.with_columns(reason=pl.lit(reason))
        residuals = pl.DataFrame(schema=RESIDUALS)
    else:
        reasons = pl.concat(
            [
                _reasons(
                    validator.run(by_asset["documents"], document_facts(frames, settings)),
                    "documents",
                ),
                _reasons(validator.run(by_asset["codes"], code_facts(frames)), "codes"),
            ]
        )
        quarantine = (
            reasons.unique(maintain_order=True)
            .group_by("doc_id", maintain_order=True)
            .agg(pl.col("reason").str.join("; "))
            .sort("doc_id")
        )
        clean = gated.join(quarantine, on="doc_id", how="anti")["doc_id"]
        residuals = compute_residuals(frames, settings, validator, doc_ids=clean)

    failed = residuals.filter(~pl.col("passed"))
    summary = {
        "suites": validator.summary,
        "documents_gated": gated.height,
        "documents_quarantined": quarantine.height,
        "residuals": residuals.height,
        "residuals_failed": failed.height,
        "failed_by_kind": dict(sorted(failed.group_by("kind").len().iter_rows())),
    }
    if run_dir is not None:
        summary["validation_results"] = str(run_dir / "gx" / "uncommitted" / "validations")
    return GateResult(
        quarantine=quarantine.select(list(QUARANTINE)).cast(QUARANTINE),
        residuals=residuals,
        summary=summary,
    )
