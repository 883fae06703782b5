"""Department identity across years: key, kind and name history."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import polars as pl
import yaml

from budgetwatch.config.settings import Settings
from budgetwatch.contract.schema import DocStatus, Frames, department_key


class ComparisonError(ValueError):
    """Bad comparison input (e.g. an unreadable departments file); names the file and line."""


def compared_documents(frames: Frames) -> pl.DataFrame:
    """Loaded documents, one per (department, doc_kind, year): when a department has two
    files for a year the one with the last source_file (then doc_id) wins, so the choice is
    the same on every run."""
    return (
        frames.documents.filter(pl.col("status").fill_null(DocStatus.LOADED) == DocStatus.LOADED)
        .with_columns(department_key=department_key(), doc_kind=pl.col("doc_kind").fill_null(""))
        .sort("source_file", "doc_id")
        .unique(["department_key", "doc_kind", "fiscal_year"], keep="last")
        .sort("department_key", "doc_kind", "fiscal_year")
    )


def _departments_file(settings: Settings) -> Path:
    """The configured file, or (empty setting) the one shipped with the package."""
    path = settings.comparison.departments_file
    if not path:
        return Path(str(files("budgetwatch.config") / "departments.yaml"))
    return settings.resolve(Path(path))


def configured_kinds(settings: Settings) -> pl.DataFrame:
    """(region, department_code, kind) from comparison.departments_file."""
    path = _departments_file(settings)
    schema = {"region": pl.String, "department_code": pl.String, "kind": pl.String}
    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ComparisonError(f"{path}: cannot read departments file: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ComparisonError(f"{path}{line}: invalid YAML: {exc}") from exc
    rows = []
    for i, entry in enumerate(tree.get("departments") or [], 1):
        if not isinstance(entry, dict) or not {"region", "department_code", "kind"} <= set(entry):
            raise ComparisonError(
                f"{path}: departments entry {i} needs region, department_code and kind"
            )
        rows.append({k: str(entry[k]) for k in schema})
    return pl.DataFrame(rows, schema=schema)


def _name_kind(settings: Settings) -> pl.Expr:
    expr = pl.lit(None, pl.String)
    # built back to front so the first keyword in config order wins
    for keyword, kind in reversed(list(settings.comparison.name_kinds.items())):
        expr = (
            pl.when(pl.col("department_name").fill_null("").str.contains(keyword, literal=True))
            .then(pl.lit(kind))
            .otherwise(expr)
        )
    return expr


def dominant_class(frames: Frames) -> pl.DataFrame:
    """doc_id → the 类 code with the largest 支出总表 合计 (ties: the lower code)."""
    return (
        frames.line_items.filter(
            (pl.col("table_id") == "expenditure_summary")
            & (pl.col("column_id") == "total")
            & (pl.col("code").fill_null("").str.len_chars() == 3)
        )
        .sort(["doc_id", "amount_wan", "code"], descending=[False, True, False])
        .group_by("doc_id", maintain_order=True)
        .first()
        .select("doc_id", dominant_class=pl.col("code"))
    )


def document_kinds(docs: pl.DataFrame, frames: Frames, settings: Settings) -> pl.DataFrame:
    """doc_id → kind and where it came from: config (departments file), name (keyword),
    profile (dominant 类), else "其他"."""
    configured = configured_kinds(settings).rename({"kind": "config_kind"})
    class_kinds = settings.comparison.class_kinds
    out = (
        docs.select("doc_id", "region", "department_code", "department_name")
        .with_columns(pl.col("region").fill_null(""))
        .join(configured, on=["region", "department_code"], how="left")
        .join(dominant_class(frames), on="doc_id", how="left")
        .with_columns(
            name_kind=_name_kind(settings),
            profile_kind=pl.col("dominant_class").replace_strict(class_kinds, default=None),
        )
    )
    return out.select(
        "doc_id",
        kind=pl.coalesce("config_kind", "name_kind", "profile_kind", pl.lit("其他")),
        kind_source=pl.when(pl.col("config_kind").is_not_null())
        .then(pl.lit("config"))
        .when(pl.col("name_kind").is_not_null())
        .then(pl.lit("name"))
        .when(pl.col("profile_kind").is_not_null())
        .then(pl.lit("profile"))
        .otherwise(pl.lit("none")),
    )


def department_history(docs: pl.DataFrame, kinds: pl.DataFrame) -> pl.DataFrame:
    """One row per compared document: the department's key, name that year, kind, and
    whether the name differs from its previous document's (a rename, code kept)."""
    over = ["department_key", "doc_kind"]
    return (
        docs.join(kinds, on="doc_id", how="left")
        .sort([*over, "fiscal_year"])
        .with_columns(
            previous_name=pl.col("department_name").shift(1).over(over),
            prev_year=pl.col("fiscal_year").shift(1).over(over),
        )
        .select(
            "department_key",
            pl.col("region").fill_null(""),
            "department_code",
            "fiscal_year",
            "department_name",
            "kind",
            "kind_source",
            (
                pl.col("previous_name").is_not_null()
                & (pl.col("previous_name") != pl.col("department_name"))
            ).alias("renamed"),
            "previous_name",
            "prev_year",
            "doc_id",
            "doc_kind",
            "source_file",
        )
    )
