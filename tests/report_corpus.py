"""The store the report and workpaper tests read: a small generated corpus (5 departments ×
2022-2024) plus the sample re-coded as three more 科工 departments for 2023-2024 (peers), one
of them named with HTML and rich markup, a file that names no department (rejected), and a
reviews table deciding two of the hostile department's flags, and the first run of each flag
(the hostile department's three best-ranked info flags new in the last run).
Built once per test session for all the workers (tests/helpers.py ``built_once``), without
Prefect."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import polars as pl

HOSTILE = "<script>alert(1)</script>[/red]局"
_BUILT: dict[str, Path] = {}


def report_store(tmp_path_factory, settings) -> Path:
    if "store" not in _BUILT:
        from tests.helpers import built_once

        base = built_once("report", lambda d: _build(d, settings), tmp_path_factory.getbasetemp())
        _BUILT["store"] = base / "store"
    return _BUILT["store"]


def _build(base: Path, settings) -> None:
    from budgetwatch.synth import generate_corpus
    from tests.helpers import analysed_store, variant, write

    docs = generate_corpus(base / "corpus", 5, [2022, 2023, 2024], 11) / "docs"
    for year in (2023, 2024):
        write(
            docs,
            f"peers/{year}-351.txt",
            variant(year, "351").replace("赵县科学技术和工业信息化局", HOSTILE),
        )
        for code in ("371", "372"):  # codes the generated corpus does not use
            write(docs, f"peers/{year}-{code}.txt", variant(year, code))
    write(docs, "peers/broken.txt", "这不是预算公开文件\n合计 123.45\n")
    store = analysed_store(docs, base / "store", settings)
    _review(store)
    _first_runs(store)


def named_documents(store_dir: Path) -> pl.DataFrame:
    """The store's documents that name their department, with its key."""
    from budgetwatch.contract.schema import department_key
    from budgetwatch.store import Store

    return (
        Store(store_dir)
        .read("documents")
        .filter(pl.col("department_code").is_not_null() | pl.col("department_name").is_not_null())
        .with_columns(key=department_key())
    )


def expenditure_totals(store_dir: Path, key: str) -> pl.DataFrame:
    """The 支出总表 合计 rows (total, basic, project) of department ``key``, per year, as the
    multiyear table holds them: what the report's and the workpaper's charts must show."""
    from budgetwatch.store import Store

    return (
        Store(store_dir)
        .read("multiyear")
        .filter(
            (pl.col("department_key") == key)
            & (pl.col("table_id") == "expenditure_summary")
            & (pl.col("name") == "合计")
            & (pl.col("code") == "")
        )
    )


def hostile_flags(store_dir: Path) -> pl.DataFrame:
    """The flags of the department named HOSTILE, read from the store by hand."""
    from budgetwatch.store import Store

    store = Store(store_dir)
    docs = store.read("documents").filter(pl.col("department_name") == HOSTILE)
    return store.read("flags").filter(pl.col("doc_id").is_in(docs["doc_id"].implode()))


def _review(store_dir: Path) -> None:
    """Branch loop's reviews.parquet: the hostile department's best-ranked warning dismissed,
    then a note (which decides nothing) on the same flag; its best-ranked critical confirmed."""
    flags = hostile_flags(store_dir).sort("rank")
    warning = flags.filter(pl.col("severity") == "warning")["flag_id"][0]
    critical = flags.filter(pl.col("severity") == "critical")["flag_id"][0]
    now = datetime(2024, 5, 1, tzinfo=timezone.utc)
    pl.DataFrame(
        {
            "flag_id": [warning, warning, critical],
            "state": ["dismissed", "note", "confirmed"],
            "note": ["见第3页说明", "再看", None],
            "by": ["审计员甲"] * 3,
            "at": [now.replace(hour=h).isoformat() for h in (1, 2, 3)],
        }
    ).write_parquet(store_dir / "reviews.parquet")


RUN_ID = "20240101T000000Z-test"  # the run tests.conftest.analysed_store records


def new_flag_ids(store_dir: Path) -> list[str]:
    flags = hostile_flags(store_dir).sort("rank")
    return flags.filter(pl.col("severity") == "info")["flag_id"].head(3).to_list()


def _first_runs(store_dir: Path) -> None:
    """Branch loop's derived flag_runs (flag_id, first_run_id)."""
    from budgetwatch.store import Store

    new = new_flag_ids(store_dir)
    Store(store_dir).read("flags").select(
        "flag_id",
        first_run_id=pl.when(pl.col("flag_id").is_in(new))
        .then(pl.lit(RUN_ID))
        .otherwise(pl.lit("20231201T000000Z-old")),
    ).write_parquet(store_dir / "derived" / "flag_runs.parquet")
