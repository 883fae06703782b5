"""The frames behind the HTML report and the Excel workpaper, read from a store.

Both hand-over outputs show the same things: departments (ranked by open problems), their
headline lines over the years (支出总表 合计, 基本支出, 项目支出, 三公经费), their position among
peers, and the flags with evidence (file, page or line), money at stake and review state.
Chinese labels carry the id beside them so that a reader can find the rule or column in the
docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from budgetwatch.contract.schema import SEVERITIES, department_key
from budgetwatch.contract.tables import three_public_role
from budgetwatch.store import DOC_TABLES, Store

KIND_LABELS = {
    "identity_break": "勾稽关系不成立",
    "cross_table_mismatch": "表间数不一致",
    "unit_mismatch": "计量单位错误",
    "narrative_mismatch": "文字说明与表不符",
    "yoy_change": "年度变动异常",
    "peer_outlier": "与同类部门相比异常",
    "project_sum_mismatch": "项目合计不符",
    "spending_plan_mismatch": "资金支出计划不符",
    "cost_indicator_mismatch": "成本指标不符",
    "label_value_mismatch": "指标名称与值不符",
    "boilerplate_indicator": "套话指标",
    "indicator_quality": "绩效指标质量",
    "copy_paste": "复制粘贴",
    "name_mismatch": "名称不一致",
    "stale_year": "年份未更新",
    "duplicate_document": "重复文件",
}
SEVERITY_LABELS = {"critical": "严重", "warning": "警告", "info": "提示"}
STATE_LABELS = {"open": "未处理", "confirmed": "已确认", "dismissed": "已排除"}
# review decisions that close a flag; a note alone leaves it open (branch loop's reviews)
CLOSED_STATES = ("confirmed", "dismissed")
DOC_KIND_LABELS = {"budget": "预算", "final": "决算"}
# the headline lines: (line id, label, table, column) of the 支出总表 合计 row
TOTAL_LINES = (
    ("total", "支出合计", "total"),
    ("basic", "基本支出", "basic"),
    ("project", "项目支出", "project"),
)
THREE_PUBLIC_LABELS = {
    "total": "三公经费合计",
    "abroad": "因公出国（境）费",
    "vehicle": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
}
LINE_ORDER = (*(line for line, _, _ in TOTAL_LINES), *(f"3p_{r}" for r in THREE_PUBLIC_LABELS))
PEER_LINES = (
    ("expenditure_summary", "total", "支出合计"),
    ("expenditure_summary", "basic", "基本支出"),
    ("three_public_expenses", "total", "三公经费合计"),
)


def label(value: str | None, labels: dict[str, str]) -> str:
    """``中文 (id)``, or the id alone where no label is known."""
    if value is None:
        return ""
    return f"{labels[value]} ({value})" if value in labels else value


@dataclass
class ReportData:
    departments: pl.DataFrame  # one row per department, ranked by open problems
    flags: pl.DataFrame  # flags with department, region, page, stake, review state, new
    headline: pl.DataFrame  # department_key, doc_kind, line, label, fiscal_year, amount_wan
    peers: pl.DataFrame  # PEER_LINES rows of the peers table, with department_key
    history: pl.DataFrame  # the multiyear table (for the workpaper's full tables)
    run: dict  # the last run's metadata (empty when none)


def review_states(store_dir: Path) -> pl.DataFrame:
    """flag_id → review_state from the store's reviews table (branch loop's
    ``reviews.parquet``: flag_id, state, by, at, note): the latest decision, ``open`` where
    only notes or nothing was recorded. Empty when the store has no reviews."""
    path = Path(store_dir) / "reviews.parquet"
    if not path.exists():
        return pl.DataFrame(schema={"flag_id": pl.String, "review_state": pl.String})
    rows = pl.read_parquet(path)
    return (
        rows.filter(pl.col("state") != "note")
        .sort("at")
        .group_by("flag_id")
        .agg(review_state=pl.col("state").last())
    )


def new_flags(store_dir: Path, run_id: str | None) -> pl.DataFrame:
    """flag_id → new: raised first by the run ``run_id``, from branch loop's derived
    ``flag_runs`` table (flag_id, first_run_id). Empty when the store has none."""
    path = Path(store_dir) / "derived" / "flag_runs.parquet"
    if not path.exists() or not run_id:
        return pl.DataFrame(schema={"flag_id": pl.String, "new": pl.Boolean})
    return pl.read_parquet(path).select("flag_id", new=pl.col("first_run_id") == run_id)


def _pages(store: Store, wanted: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, source_line) → source_page for the ``wanted`` pairs (the flags'), over every
    row-level table that keeps it: the page of a flag raised on a line read from a PDF. Read
    lazily, three columns and the wanted rows only: the tables are the store's largest."""
    keys = wanted.select("doc_id", "source_line").drop_nulls().unique().lazy()
    parts = [
        store.scan(t)
        .select("doc_id", "source_line", "source_page")
        .join(keys, on=["doc_id", "source_line"], how="semi", maintain_order="left")
        for t in ("line_items", "projects", "indicators")
        if "source_page" in DOC_TABLES[t]
    ]
    return (
        pl.concat(parts)
        .drop_nulls()
        .unique(["doc_id", "source_line"], keep="first")
        .rename({"source_page": "_page"})
        .collect()
    )


def _flags(store: Store, docs: pl.DataFrame, run_id: str | None) -> pl.DataFrame:
    flags = store.read("flags")
    if "source_page" not in flags.columns:
        flags = flags.join(
            _pages(store, flags), on=["doc_id", "source_line"], how="left", maintain_order="left"
        ).rename({"_page": "source_page"})
    flags = flags.join(
        review_states(store.root), on="flag_id", how="left", maintain_order="left"
    ).with_columns(pl.col("review_state").fill_null("open"))
    flags = flags.join(
        new_flags(store.root, run_id), on="flag_id", how="left", maintain_order="left"
    ).with_columns(pl.col("new").fill_null(False))
    return flags.join(
        docs.select("doc_id", "department_key", "department_name", "region", "doc_kind"),
        on="doc_id",
        how="left",
        maintain_order="left",
    ).sort("rank", nulls_last=True)


def _departments(
    docs: pl.DataFrame, history: pl.DataFrame, flags: pl.DataFrame, headline: pl.DataFrame
) -> pl.DataFrame:
    latest = (
        docs.drop_nulls("department_key")
        .sort("fiscal_year")
        .group_by("department_key")
        .agg(
            pl.col("department_name").drop_nulls().last(),
            pl.col("region").drop_nulls().last(),
            pl.col("department_code").drop_nulls().last(),
            years=pl.col("fiscal_year").drop_nulls().unique().sort(),
            documents=pl.len(),
        )
    )
    kinds = (
        history.sort("fiscal_year")
        .group_by("department_key")
        .agg(pl.col("kind").drop_nulls().last())
    )
    open_ = ~pl.col("review_state").is_in(CLOSED_STATES)
    counts = flags.group_by("department_key").agg(
        flags=pl.len(),
        **{f"open_{s}": (open_ & (pl.col("severity") == s)).sum() for s in SEVERITIES},
        open=open_.sum(),
        new=pl.col("new").sum(),
    )
    total = (
        headline.filter(pl.col("line") == "total")
        .sort("fiscal_year")
        .group_by("department_key")
        .agg(latest_total_wan=pl.col("amount_wan").last())
    )
    zero = [
        pl.col(c).fill_null(0) for c in ("flags", "open", "new", *(f"open_{s}" for s in SEVERITIES))
    ]
    return (
        latest.join(kinds, on="department_key", how="left")
        .join(counts, on="department_key", how="left")
        .join(total, on="department_key", how="left")
        .with_columns(zero)
        .sort(
            [*(f"open_{s}" for s in SEVERITIES), "department_name", "department_key"],
            descending=[True] * len(SEVERITIES) + [False, False],
            nulls_last=True,
        )
        .with_row_index("position", offset=1)
    )


def _headline(multiyear: pl.DataFrame) -> pl.DataFrame:
    """The 支出总表 合计 columns and the 三公 rows per department, document kind and year."""
    cols = ["department_key", "doc_kind", "fiscal_year", "line", "label", "amount_wan"]
    if multiyear.is_empty():
        return pl.DataFrame(
            schema={c: multiyear.schema.get(c, pl.String) for c in cols}
            | {"line": pl.String, "label": pl.String}
        )
    totals = multiyear.filter(
        (pl.col("table_id") == "expenditure_summary")
        & (pl.col("code") == "")
        & (pl.col("name") == "合计")
        & pl.col("column_id").is_in([c for _, _, c in TOTAL_LINES])
    )
    totals = totals.with_columns(
        line=pl.col("column_id"),
        label=pl.col("column_id").replace_strict({c: lab for _, lab, c in TOTAL_LINES}),
    )
    three = multiyear.filter(pl.col("table_id") == "three_public_expenses").with_columns(
        role=three_public_role()
    )
    # the 合计 column where printed, else the 一般公共预算 one (some tables print only that)
    column = three.group_by("department_key").agg(
        _col=pl.when((pl.col("column_id") == "total").any())
        .then(pl.lit("total"))
        .otherwise(pl.col("column_id").min())
    )
    three = (
        three.join(column, on="department_key")
        .filter(
            (pl.col("column_id") == pl.col("_col"))
            & pl.col("role").is_in(list(THREE_PUBLIC_LABELS))
        )
        .with_columns(
            line=pl.lit("3p_") + pl.col("role"),
            label=pl.col("role").replace_strict(THREE_PUBLIC_LABELS),
        )
    )
    both = pl.concat([totals.select(cols), three.select(cols)])
    # a line printed twice in one document (a repeated 合计 row) counts once: its first row
    return both.unique(
        ["department_key", "doc_kind", "fiscal_year", "line"], keep="first", maintain_order=True
    ).sort("department_key", "doc_kind", "line", "fiscal_year")


def _peers(store: Store) -> pl.DataFrame:
    wanted = pl.any_horizontal(
        [(pl.col("table_id") == t) & (pl.col("column_id") == c) for t, c, _ in PEER_LINES]
    )
    # filtered while scanning: the headline lines only, never the whole table in memory
    return (
        store.scan_derived("peers")
        .filter(wanted & (pl.col("name") == "合计") & (pl.col("code") == ""))
        .collect()
    )


def load(store_dir: Path, history: bool = True) -> ReportData:
    """The store's report data; ``history=False`` leaves ``history`` empty and reads of the
    multiyear table only the headline's tables (the HTML report shows no more of it)."""
    store = Store(Path(store_dir))
    # a document read too badly to name its department (rejected) belongs to none
    named = pl.col("department_code").is_not_null() | pl.col("department_name").is_not_null()
    docs = store.read("documents").with_columns(
        department_key=pl.when(named).then(department_key())
    )
    kinds = store.read("department_history")
    multiyear = store.scan_derived("multiyear")
    if not history:
        headline_tables = ["expenditure_summary", "three_public_expenses"]
        multiyear = multiyear.filter(pl.col("table_id").is_in(headline_tables))
    multiyear = multiyear.collect()
    headline = _headline(multiyear)
    runs = store.runs()
    flags = _flags(store, docs, runs[-1].get("run_id") if runs else None)
    return ReportData(
        departments=_departments(docs, kinds, flags, headline),
        flags=flags,
        headline=headline,
        peers=_peers(store),
        history=multiyear if history else multiyear.clear(),
        run=runs[-1] if runs else {},
    )
