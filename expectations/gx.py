"""great-expectations, the one judge of the gate: its context, suites and validations.

A context with its data source, suites and validation definitions is built once per run
folder and process (``validator``), not per batch: building it (a file context writes its
config, every suite and definition as JSON) cost more than judging a batch (docs/checks.md,
"Cost"). Each batch gets a run name of its own, so its validation results are filed apart.

GX 1.24 has no polars or Arrow engine (only pandas, Spark and SQL data sources): each suite's
facts frame is handed over as one pandas frame of the few columns its expectations read,
once per batch.
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from pathlib import Path
from typing import Any

import polars as pl

from budgetwatch.expectations.checks.registry import KINDS

SUITES_DIR = Path(__file__).with_name("suites")
DATASOURCE = "budgetwatch"
# Columns that identify an unexpected row in a result, per asset.
INDEX_COLUMNS = {
    "schema": ["frame", "column"],
    "documents": ["doc_id"],
    "codes": ["doc_id", "table_id", "source_line"],
    "residuals": ["row_id"],
}


class SuiteError(ValueError):
    """An expectation suite file cannot be read or holds an invalid expectation."""

    def __init__(self, path: Path, reason: str, line: int | None = None):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


def load_suite_specs(directory: Path = SUITES_DIR) -> dict[str, dict]:
    """The suite files as dicts, keyed by suite name (checked for name, grade, asset)."""
    specs = {}
    for path in sorted(directory.glob("*.json")):
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SuiteError(path, f"invalid JSON: {exc.msg}", exc.lineno) from exc
        meta = spec.get("meta", {})
        if (
            not spec.get("name")
            or meta.get("grade") not in ("blocking", "warning")
            or meta.get("asset") not in INDEX_COLUMNS
        ):
            raise SuiteError(
                path,
                "needs name, meta.grade (blocking|warning) and meta.asset "
                f"({'|'.join(INDEX_COLUMNS)})",
            )
        spec["path"] = path
        specs[spec["name"]] = spec
    return specs


def _quiet_environment() -> None:
    # GX reports usage statistics unless told not to; set before the first import.
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    os.environ["DO_NOT_TRACK"] = "1"


class Validator:
    """One GX context: a pandas data source with one dataframe asset per suite asset, and a
    suite and validation definition per suite, each added once and reused for every batch."""

    def __init__(self, run_dir: Path | None):
        _quiet_environment()
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx, self.run_dir = gx, run_dir
        if run_dir is None:
            self.context = gx.get_context(mode="ephemeral")
        else:
            # a file context keeps every batch's validation results in the run folder
            run_dir.mkdir(parents=True, exist_ok=True)
            self.context = gx.get_context(mode="file", project_root_dir=str(run_dir))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.context.enable_analytics(False)  # also recorded in a file context's config
        self.datasource = self.context.data_sources.add_or_update_pandas(DATASOURCE)
        self._definitions: dict[tuple[str, str], Any] = {}
        self.begin()

    def begin(self) -> None:
        """A new batch: its own run name (its validation results are filed under it) and
        summary."""
        from great_expectations.core.run_identifier import RunIdentifier

        self.run_id = RunIdentifier(run_name=f"batch-{uuid.uuid4().hex[:12]}")
        self.summary: dict[str, Any] = {}

    def alive(self) -> bool:
        # a run folder removed since (a test's, a pruned run) needs a new context
        return self.run_dir is None or (self.run_dir / "gx").is_dir()

    def _definition(self, spec: dict):
        key = (spec["name"], str(spec["path"]))
        if key in self._definitions:
            return self._definitions[key]
        gx = self.gx
        asset_name = spec["meta"]["asset"]
        if asset_name in self.datasource.get_asset_names():
            asset = self.datasource.get_asset(asset_name)
        else:
            asset = self.datasource.add_dataframe_asset(asset_name)
        batch = next(
            (b for b in asset.batch_definitions if b.name == "whole"), None
        ) or asset.add_batch_definition_whole_dataframe("whole")
        suite = gx.ExpectationSuite(
            name=spec["name"], expectations=spec["expectations"], meta=spec["meta"]
        )
        if len(suite.expectations) != len(spec["expectations"]):
            # GX logs and drops an invalid expectation instead of raising
            raise SuiteError(spec["path"], "an expectation is invalid (unknown type or kwargs)")
        suite = self.context.suites.add_or_update(suite)
        definition = self.context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=spec["name"], data=batch, suite=suite)
        )
        self._definitions[key] = definition
        return definition

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
        s = self.summary[spec["name"]] = {
            "success": bool(result.success),
            "grade": spec["meta"]["grade"],
            "evaluated": facts.height,
            "unexpected": 0,
        }
        for r in result.results:
            kwargs = r.expectation_config.kwargs
            unexpected = r.result.get("unexpected_index_list") or []
            s["unexpected"] += len(unexpected)
            error = _raised(r.exception_info)
            if error:
                raise SuiteError(spec["path"], f"{r.expectation_config.type}({kwargs}): {error}")
            if not r.success:
                failures.append(
                    {
                        "type": r.expectation_config.type,
                        "meta": r.expectation_config.meta or {},
                        "column": kwargs.get("column") or kwargs.get("column_B"),
                        "rows": unexpected,
                    }
                )
        return failures


def _raised(info: dict | None) -> str | None:
    """The exception message of a result's exception_info: flat, or nested per metric."""
    for entry in [info or {}, *(v for v in (info or {}).values() if isinstance(v, dict))]:
        if entry.get("raised_exception"):
            return entry.get("exception_message") or "exception"
    return None


_VALIDATORS: dict[str | None, Validator] = {}


def validator(run_dir: Path | None = None) -> Validator:
    """The context of ``run_dir`` (None: an ephemeral one that writes nothing), built on the
    first call of this process and reused after. Call from one thread at a time."""
    key = None if run_dir is None else str(Path(run_dir).resolve())
    v = _VALIDATORS.get(key)
    if v is None or not v.alive():
        if key is not None:
            # one run at a time: a long-lived process (serve) keeps only the latest run's
            for old in [k for k in _VALIDATORS if k is not None]:
                del _VALIDATORS[old]
        v = _VALIDATORS[key] = Validator(None if run_dir is None else Path(run_dir))
    return v


def judge_residuals(parts: list[pl.DataFrame], v: Validator | None = None) -> list[pl.Series]:
    """``passed`` for each frame of ``parts`` (rows with kind and ``excess``: how far a row is
    outside its allowance, in millionths of 万元, ≤ 0 within it): not among the unexpected
    rows of the identities suite, in one validation over every part (a batch's slices of
    documents). The one verdict of a residual: nothing else decides it."""
    v = v or validator()
    spec = load_suite_specs()["identities"]
    facts = (
        pl.concat([p.select("kind", "excess") for p in parts])
        .with_row_index("row_id")
        .select(
            "row_id",
            *[pl.when(pl.col("kind") == k).then("excess").alias(f"excess_{k}") for k in KINDS],
        )
    )
    failed = pl.Series(
        [u["row_id"] for f in v.run(spec, facts) for u in f["rows"]], dtype=pl.UInt32
    )
    passed = ~facts["row_id"].is_in(failed.implode())
    starts = [0, *itertools.accumulate(p.height for p in parts)]
    return [passed.slice(a, b - a).alias("passed") for a, b in itertools.pairwise(starts)]
