"""Run the expectation suites (expectations/suites/*.json) on one batch of documents.

polars builds the facts (structure.py) and the identity residuals (residuals.py);
great-expectations judges them, once per suite per call, over the whole batch. Blocking
failures quarantine a document with a reason naming the expectation, the column and the
offending value; warning failures stay in the residuals (passed = False) for detection.

With a run folder, the validation results are kept there as JSON (gx/uncommitted/validations).
GX's Data Docs are not built: they load Bootstrap, jQuery and vega from CDNs (offline the
validation list never appears) and speak to developers; the run's HTML report
(outputs/report.py) takes their place.
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import Frames
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.expectations.residuals import compute_residuals
from budgetwatch.expectations.structure import (
    code_facts,
    document_facts,
    gated_documents,
    schema_facts,
)

SUITES_DIR = Path(__file__).with_name("suites")
DATASOURCE = "budgetwatch"
# The identity suite's kinds, one excess column each (see suites/identities.json).
JUDGED_KINDS = ("identity_break", "cross_table_mismatch", "narrative_mismatch",
                "project_sum_mismatch")
# Columns that identify an unexpected row in a result, per asset.
INDEX_COLUMNS = {
    "schema": ["frame", "column"],
    "documents": ["doc_id"],
    "codes": ["doc_id", "table_id", "source_line"],
    "residuals": ["row_id"],
}
QUARANTINE = {"doc_id": pl.String, "reason": pl.String}


class SuiteError(ValueError):
    """An expectation suite file cannot be read or holds an invalid expectation."""

    def __init__(self, path: Path, reason: str, line: int | None = None):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass
class GateResult:
    quarantine: pl.DataFrame  # doc_id, reason
    residuals: pl.DataFrame  # RESIDUALS schema, passed as judged by great-expectations
    summary: dict[str, Any] = field(default_factory=dict)


def load_suite_specs(directory: Path = SUITES_DIR) -> dict[str, dict]:
    """The suite files as dicts, keyed by suite name (checked for name, grade, asset)."""
    specs = {}
    for path in sorted(directory.glob("*.json")):
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SuiteError(path, f"invalid JSON: {exc.msg}", exc.lineno) from exc
        meta = spec.get("meta", {})
        if not spec.get("name") or meta.get("grade") not in ("blocking", "warning") \
                or meta.get("asset") not in INDEX_COLUMNS:
            raise SuiteError(path, "needs name, meta.grade (blocking|warning) and meta.asset "
                                   f"({'|'.join(INDEX_COLUMNS)})")
        spec["path"] = path
        specs[spec["name"]] = spec
    return specs


def _quiet_environment() -> None:
    # GX reports usage statistics unless told not to; set before the first import.
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    os.environ["DO_NOT_TRACK"] = "1"


class _Validator:
    """One GX context for one gate call: a pandas data source with one dataframe asset
    per suite asset, the suites, and a validation definition per suite."""

    def __init__(self, run_dir: Path | None):
        _quiet_environment()
        import great_expectations as gx
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        if run_dir is None:
            self.context = gx.get_context(mode="ephemeral")
        else:
            # a file context keeps every batch's validation results in the run folder
            self.context = gx.get_context(mode="file", project_root_dir=str(run_dir))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.context.enable_analytics(False)  # also recorded in a file context's config
        self.datasource = self.context.data_sources.add_or_update_pandas(DATASOURCE)
        # one run name per call: this batch's validation results are filed under it
        self.run_id = RunIdentifier(run_name=f"batch-{uuid.uuid4().hex[:12]}")
        self.summary: dict[str, Any] = {}

    def _definition(self, spec: dict):
        gx = self.gx
        asset_name = spec["meta"]["asset"]
        if asset_name in self.datasource.get_asset_names():
            asset = self.datasource.get_asset(asset_name)
        else:
            asset = self.datasource.add_dataframe_asset(asset_name)
        batch = next((b for b in asset.batch_definitions if b.name == "whole"), None) \
            or asset.add_batch_definition_whole_dataframe("whole")
        suite = gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"],
                                    meta=spec["meta"])
        if len(suite.expectations) != len(spec["expectations"]):
            # GX logs and drops an invalid expectation instead of raising
            raise SuiteError(spec["path"], "an expectation is invalid (unknown type or kwargs)")
        suite = self.context.suites.add_or_update(suite)
        return self.context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=spec["name"], data=batch, suite=suite))

    def run(self, spec: dict, facts: pl.DataFrame) -> list[dict]:
        """Validate ``facts`` against the suite; one entry per failing expectation with
        its meta, the judged column and the unexpected rows (index columns + value)."""
        definition = self._definition(spec)
        index = INDEX_COLUMNS[spec["meta"]["asset"]]
        result = definition.run(
            batch_parameters={"dataframe": facts.to_pandas()},
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index},
            run_id=self.run_id,
        )
        failures = []
        s = self.summary[spec["name"]] = {"success": bool(result.success), "grade":
                                          spec["meta"]["grade"], "evaluated": facts.height,
                                          "unexpected": 0}
        for r in result.results:
            kwargs = r.expectation_config.kwargs
            unexpected = r.result.get("unexpected_index_list") or []
            s["unexpected"] += len(unexpected)
            error = _raised(r.exception_info)
            if error:
                raise SuiteError(spec["path"], f"{r.expectation_config.type}({kwargs}): {error}")
            if not r.success:
                failures.append({
                    "type": r.expectation_config.type, "meta": r.expectation_config.meta or {},
                    "column": kwargs.get("column") or kwargs.get("column_B"),
                    "rows": unexpected,
                })
        return failures


def _raised(info: dict | None) -> str | None:
    """The exception message of a result's exception_info: flat, or nested per metric."""
    for entry in [info or {}, *(v for v in (info or {}).values() if isinstance(v, dict))]:
        if entry.get("raised_exception"):
            return entry.get("exception_message") or "exception"
    return None


def _reasons(failures: list[dict], asset: str) -> pl.DataFrame:
    """(doc_id, reason) per document and failing expectation: what it checks in words, the
    column and the first offending value (with table and line for codes), and how many more
    rows of the document failed it. Check ids and expectation names stay in the validation
    results: the reason is read by people who know neither."""
    rows = []
    for f in failures:
        head = f"{f['meta'].get('describes', f['type'])}: {f['column']}"
        for u in f["rows"]:
            where = f" in {u['table_id']} line {_show(u['source_line'])}" if asset == "codes" \
                else ""
            rows.append({"doc_id": u["doc_id"], "head": head,
                         "detail": f"{_show(u.get(f['column']))}{where}"})
    per_doc = pl.DataFrame(rows, schema={"doc_id": pl.String, "head": pl.String,
                                         "detail": pl.String})
    return per_doc.group_by("doc_id", "head", maintain_order=True).agg(
        pl.col("detail").first(), more=pl.len() - 1
    ).select("doc_id", reason=pl.concat_str([
        "head", pl.lit(" = "), "detail",
        pl.when(pl.col("more") > 0).then(pl.format(" (+{} more)", "more")).otherwise(pl.lit("")),
    ]))


def _show(value: Any) -> str:
    # pandas hands nulls back as None or NaN
    if value is None or value != value:
        return "null"
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an integer column that pandas made float because of nulls
    return repr(value) if isinstance(value, str) else str(value)


def _judge_residuals(validator: _Validator, spec: dict, residuals: pl.DataFrame) -> pl.DataFrame:
    """Let GX decide each residual row: passed = not among the suite's unexpected rows."""
    micro = ((pl.col("residual").abs() - pl.col("tolerance")) * 1_000_000).cast(pl.Int64)
    facts = residuals.with_row_index("row_id").select(
        "row_id", "doc_id", "check_id", "kind",
        *[pl.when(pl.col("kind") == k).then(micro).alias(f"excess_{k}") for k in JUDGED_KINDS],
    )
    failures = validator.run(spec, facts)
    failed_rows = [u["row_id"] for f in failures for u in f["rows"]]
    failed = pl.Series("row_id", failed_rows, dtype=pl.UInt32)
    return residuals.with_row_index("row_id").with_columns(
        passed=~pl.col("row_id").is_in(failed.implode())
    ).drop("row_id")


def run_gates(frames: Frames, settings: Settings, run_dir: Path | None = None) -> GateResult:
    """Gate one batch: quarantine documents failing a blocking expectation, judge the
    identity residuals of the rest. Rejected documents are not gated."""
    specs = load_suite_specs()
    by_asset = {s["meta"]["asset"]: s for s in specs.values()}
    if run_dir is not None:
        run_dir.mkdir(parents=True, exist_ok=True)
    validator = _Validator(run_dir)
    gated = gated_documents(frames).select("doc_id")

    schema_failures = validator.run(by_asset["schema"], schema_facts(frames))
    if schema_failures:
        # the frames themselves are malformed: no document of the batch can be trusted
        problems = "; ".join(
            f"{u['frame']}.{u['column']} is {u.get('actual_type')}, expected "
            f"{u.get('expected_type')}" for f in schema_failures for u in f["rows"])
        reason = f"required columns and types: {problems}"
        quarantine = gated.with_columns(reason=pl.lit(reason))
        residuals = pl.DataFrame(schema=RESIDUALS)
    else:
        reasons = pl.concat([
            _reasons(validator.run(by_asset["documents"], document_facts(frames, settings)),
                     "documents"),
            _reasons(validator.run(by_asset["codes"], code_facts(frames)), "codes"),
        ])
        quarantine = (
            reasons.unique(maintain_order=True).group_by("doc_id", maintain_order=True)
            .agg(pl.col("reason").str.join("; ")).sort("doc_id")
        )
        clean = gated.join(quarantine, on="doc_id", how="anti")["doc_id"]
        residuals = compute_residuals(frames.filter_docs(clean), settings)
        residuals = _judge_residuals(validator, by_asset["residuals"], residuals)

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
    return GateResult(quarantine=quarantine.select(list(QUARANTINE)).cast(QUARANTINE),
                      residuals=residuals, summary=summary)
