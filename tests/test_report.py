"""The HTML report (outputs/report.py) over a store built without Prefect: self-contained,
escaped, departments ranked by open problems, charts carrying the store's amounts, flags
with evidence and review state; and the pruning of old run folders."""

from __future__ import annotations

import base64
import json
import re
import shutil
import struct
from decimal import Decimal
from html import escape, unescape
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from budgetwatch.cli.main import app
from budgetwatch.contract.schema import AMOUNT
from budgetwatch.outputs.report import FILTER_JS, page_name, prune_runs, write_report
from budgetwatch.store import Store
from tests.report_corpus import (
    HOSTILE,
    expenditure_totals,
    hostile_flags,
    named_documents,
    new_flag_ids,
)


@pytest.fixture(scope="module")
def site(report_store_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    res = CliRunner().invoke(
        app, ["report", "--out", str(out), "--data-dir", str(report_store_dir)]
    )
    assert res.exit_code == 0, res.output
    return out


def pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }


def rows_of(html: str, table_id: str) -> list[list[str]]:
    """The cells (tags stripped, entities decoded) of each body row of a table."""
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        [
            unescape(re.sub(r"<[^>]+>", " ", c)).split()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def hostile_key(report_store_dir) -> str:
    docs = named_documents(report_store_dir)
    return docs.filter(pl.col("department_name") == HOSTILE)["key"][0]


def test_the_site_is_self_contained(site):
    found = pages(site)
    assert {"index.html", "flags.html"} <= set(found) and any(k.startswith("dept/") for k in found)
    for name, html in found.items():
        # nothing fetched: no stylesheet, script or image from elsewhere, no URL but the
        # SVG namespace (an identifier, never loaded)
        assert not re.search(r"<link|@import|url\(", html), name
        assert set(re.findall(r'src="([a-z]+:)', html)) <= {"data:"}, name  # inline crops only
        assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"http://www.w3.org/2000/svg"}


def test_document_text_is_escaped_everywhere(site, report_store_dir):
    found = pages(site)
    shown = escape(HOSTILE)
    assert shown in found["index.html"] and shown in found["flags.html"]
    assert shown in found[f"dept/{page_name(hostile_key(report_store_dir))}"]
    for name, html in found.items():
        assert "<script>alert" not in html, name
        # the only scripts are the report's own filter
        assert re.findall(r"<script>(.*?)</script>", html, re.S) in ([], [FILTER_JS]), name


def test_index_ranks_departments_by_open_problems(site, report_store_dir):
    store = Store(report_store_dir)
    docs = named_documents(report_store_dir)
    assert store.read("documents").height == docs.height + 1  # broken.txt names no department
    decided = pl.read_parquet(report_store_dir / "reviews.parquet").filter(
        pl.col("state") != "note"
    )["flag_id"]
    flags = store.read("flags").join(docs.select("doc_id", "key"), on="doc_id")
    open_ = flags.filter(~pl.col("flag_id").is_in(decided.implode()))
    expected = {
        key: tuple(
            open_.filter((pl.col("key") == key) & (pl.col("severity") == s)).height
            for s in ("critical", "warning", "info")
        )
        for key in docs["key"].unique()
    }
    rows = rows_of(pages(site)["index.html"], "departments")
    assert len(rows) == len(expected)
    by_name = docs.group_by("key").agg(
        pl.col("department_name").last(), pl.col("department_code").last()
    )
    shown = []
    for cells in rows:
        code = cells[3][0]
        key = by_name.filter(pl.col("department_code") == code)["key"][0]
        counts = tuple(int(c[0]) for c in cells[6:9])
        assert counts == expected[key], key
        shown.append(counts)
    assert shown == sorted(shown, reverse=True)
    # the dismissed warning and the confirmed critical of HOSTILE are no longer open
    hostile = hostile_flags(report_store_dir)
    row = next(c for c in rows if " ".join(c[1]) == HOSTILE)
    assert int(row[6][0]) == hostile.filter(pl.col("severity") == "critical").height - 1
    assert int(row[7][0]) == hostile.filter(pl.col("severity") == "warning").height - 1
    # the flags the last run raised first: three of HOSTILE's, none elsewhere
    assert [int(c[9][0]) for c in rows if c is not row] == [0] * (len(rows) - 1)
    assert int(row[9][0]) == 3


def test_department_page_charts_carry_the_store_amounts(site, report_store_dir):
    key = hostile_key(report_store_dir)
    html = pages(site)[f"dept/{page_name(key)}"]
    totals = expenditure_totals(report_store_dir, key)
    assert sorted(totals["fiscal_year"].unique()) == [2023, 2024]
    for year, column, amount in totals.select("fiscal_year", "column_id", "amount_wan").iter_rows():
        name = {"total": "支出合计", "basic": "基本支出", "project": "项目支出"}[column]
        assert f"<title>{name} {year}: {amount:,.2f} 万元</title>" in html
    # totals, basic vs project, 三公 and three peer lines: six charts
    assert html.count('<svg class="chart"') == 6
    assert html.count('data-chart="strip"') == 3
    assert "同类部门比较 peers" in html and "三公经费 three public expenses" in html


def test_flags_show_evidence_page_and_review_state(site, report_store_dir):
    html = pages(site)["flags.html"]
    store = Store(report_store_dir)
    flags = hostile_flags(report_store_dir).sort("rank")
    items = (
        store.read("line_items")
        .select("doc_id", "source_line", "source_page")
        .unique(["doc_id", "source_line"])
    )
    with_page = (
        flags.join(items, on=["doc_id", "source_line"]).drop_nulls("source_page").row(0, named=True)
    )
    row = re.search(rf'<tr id="f-{with_page["flag_id"]}".*?</tr>', html, re.S).group(0)
    assert escape(with_page["source_file"]) in row and f"p. {with_page['source_page']}" in row
    reviews = pl.read_parquet(report_store_dir / "reviews.parquet")
    dismissed = reviews.filter(pl.col("state") == "dismissed")["flag_id"][0]
    confirmed = reviews.filter(pl.col("state") == "confirmed")["flag_id"][0]
    for flag, state in ((dismissed, "已排除"), (confirmed, "已确认")):
        row = re.search(rf'<tr id="f-{flag}"[^>]*>.*?</tr>', html, re.S).group(0)
        assert state in row
    assert html.count('data-state="open"') == store.read("flags").height - 2
    new = re.findall(r'<tr id="f-([0-9a-f]+)"[^>]*data-new="yes"', html)
    assert sorted(new) == sorted(new_flag_ids(report_store_dir)) and html.count("新 new</b>") == 3
    # one row per flag, kind labelled in Chinese with its id
    assert html.count('<tr id="f-') == store.read("flags").height
    assert "项目合计不符 <code>project_sum_mismatch</code>" in html


def test_money_at_stake_is_the_flag_s_stored_column(site, report_store_dir):
    # the hostile department prints the sample's figures: Σ of the 13 预算数 983.63 against
    # 支出总表 合计 项目支出 983.34 (sample lines 699-955 and 180), 0.29 万元 at stake
    from budgetwatch.outputs.report_data import load

    shown = load(report_store_dir).flags.select("flag_id", "stake_wan")
    stored = Store(report_store_dir).read("flags").select("flag_id", "stake_wan")
    assert (
        shown.join(stored, on="flag_id", suffix="_stored")
        .filter(pl.col("stake_wan").ne_missing(pl.col("stake_wan_stored")))
        .is_empty()
    )
    x9 = hostile_flags(report_store_dir).filter(pl.col("check_id") == "X9").row(0, named=True)
    assert x9["stake_wan"] == Decimal("983.63") - Decimal("983.34")
    row = re.search(
        rf'<tr id="f-{x9["flag_id"]}"[^>]*>.*?</tr>', pages(site)["flags.html"], re.S
    ).group(0)
    assert '<td class="n">0.29</td>' in row


def test_report_without_a_store_fails_naming_it(tmp_path):
    res = CliRunner().invoke(
        app, ["report", "--out", str(tmp_path / "r"), "--data-dir", str(tmp_path / "none")]
    )
    assert res.exit_code == 1 and "no store at" in res.output


def test_a_second_report_drops_pages_of_departments_gone(report_store_dir, tmp_path):
    stale = tmp_path / "dept" / "000000000000.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    write_report(report_store_dir, tmp_path)
    assert not stale.exists() and (tmp_path / "index.html").is_file()


def test_prune_keeps_the_newest_runs_and_nothing_else_is_touched(tmp_path):
    runs = [f"2024010{d}T000000Z-abcd" for d in range(1, 6)]
    for name in runs:
        (tmp_path / name / "report").mkdir(parents=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "20240101T000000Z.txt").write_text("a file, not a run folder")
    removed = prune_runs(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == runs[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "20240101T000000Z.txt",
        *runs[3:],
        "notes",
    ]


def test_pdf_evidence_shows_a_crop_of_its_page(report_store_dir, tmp_path):
    """A flag whose evidence is page 2 of a PDF (tests/pdf_builders.budget_pdf: its 三公 table
    prints 合计 1.50) shows the band of that page around the amount; one whose PDF is gone
    keeps its "p. N" without a picture."""
    from tests.pdf_builders import budget_pdf

    store = tmp_path / "store"
    shutil.copytree(report_store_dir, store)
    (tmp_path / "in" / "测试区").mkdir(parents=True)
    (tmp_path / "in" / "测试区" / "2025.pdf").write_bytes(budget_pdf())
    run_file = next((store / "runs").glob("*.json"))
    run = json.loads(run_file.read_text(encoding="utf-8")) | {"input_dir": str(tmp_path / "in")}
    run_file.write_text(json.dumps(run), encoding="utf-8")
    flags = pl.read_parquet(store / "derived" / "flags.parquet")
    hostile = hostile_flags(report_store_dir).filter(pl.col("severity") != "info").sort("rank")
    found, gone = hostile["flag_id"][0], hostile["flag_id"][1]
    pdf_flags = {found: "测试区/2025.pdf", gone: "测试区/missing.pdf"}
    # the page comes from the line item at the flag's line: move both flags to a page-2 line
    items = Store(store).read("line_items")
    line = (
        items.filter(
            pl.col("doc_id").is_in(hostile["doc_id"].head(2).implode())
            & (pl.col("source_page") == 2)
        )
        .group_by("doc_id")
        .agg(pl.col("source_line").first())
    )
    assert line.height == hostile["doc_id"].head(2).n_unique()
    flags.join(line.rename({"source_line": "_line"}), on="doc_id", how="left").with_columns(
        source_file=pl.col("flag_id").replace_strict(pdf_flags, default=pl.col("source_file")),
        source_line=pl.when(pl.col("flag_id").is_in(list(pdf_flags)))
        .then(pl.col("_line"))
        .otherwise(pl.col("source_line")),
        # the crop looks for the flag's amounts (expected_wan / actual_wan)
        actual_wan=pl.when(pl.col("flag_id") == found)
        .then(pl.lit(Decimal("1.5")))
        .otherwise(pl.col("actual_wan"))
        .cast(AMOUNT),
    ).drop("_line").write_parquet(store / "derived" / "flags.parquet")
    write_report(store, tmp_path / "site")
    html = (tmp_path / "site" / "dept" / page_name(hostile_key(report_store_dir))).read_text(
        "utf-8"
    )
    row = re.search(rf'<tr id="f-{found}".*?</tr>', html, re.S).group(0)
    assert "测试区/2025.pdf <b>p. 2</b>" in row and "整页" not in row
    data = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', row).group(1))
    width, height = struct.unpack(">II", data[16:24])
    # the band: the amount's line and 40 pt either side at 1.5 px/pt, not the 842 pt page
    assert data.startswith(b"\x89PNG") and abs(width - 595 * 1.5) <= 1 and 100 < height < 200
    row = re.search(rf'<tr id="f-{gone}".*?</tr>', html, re.S).group(0)
    assert "测试区/missing.pdf <b>p. 2</b>" in row and "<img" not in row


def test_a_store_without_flags_gives_empty_lists(settings, tmp_path):
    """One PDF, quarantined (no core table read whole): no flag, and no empty flag row."""
    from budgetwatch.outputs.workpaper import write_workpaper
    from tests.helpers import analysed_store, write
    from tests.pdf_builders import budget_pdf

    write(tmp_path / "in", "测试区/2025.pdf", budget_pdf())
    store = analysed_store(tmp_path / "in", tmp_path / "store", settings)
    assert Store(store).read("flags").height == 0
    site = pages(write_report(store, tmp_path / "site").parent)
    assert rows_of(site["flags.html"], "flags") == []
    (row,) = rows_of(site["index.html"], "departments")
    assert row[1] == ["测试区财政局"] and [c[0] for c in row[6:11]] == ["0"] * 5
    assert write_workpaper(store, tmp_path / "wp.xlsx") == 0


def test_a_strip_shows_every_other_departments_dot_on_its_own_axis():
    """A peer group's dots are made once and each department's strip cuts its own out
    (report._Strip): also where the department has two rows in the group, where it has
    none, and never a dot for a row without a department or an amount. Worked by hand: the
    strip's plot runs from x 70 to 450 (380 wide); B's 20 on A's axis 10..40 is at
    70 + 380 × 10 / 30 = 196.7."""
    from budgetwatch.outputs.report import _Strip

    strip = _Strip(
        [
            ("A", Decimal("10")),
            ("B", Decimal("20")),
            ("A", Decimal("50")),
            (None, Decimal("5")),
            ("C", None),
            ("D", Decimal("40")),
        ]
    )

    def dots(svg: str) -> list[tuple[str, str]]:
        return re.findall(r'<circle cx="([\d.]+)".*?<title>([\d,.]+) 万元</title>', svg)

    a = strip.chart("支出合计", "A", 10.0, None)  # peers B 20, D 40; axis 10..40
    assert dots(a) == [("196.7", "20.00"), ("450.0", "40.00")]
    assert '<polygon points="70.0,35 77.0,45 70.0,55 63.0,45"' in a
    assert ">10.00</text>" in a and ">40.00</text>" in a and "5.00" not in a
    b = strip.chart("支出合计", "B", 20.0, 30.0)  # peers A 10, A 50, D 40; axis 10..50
    assert dots(b) == [("70.0", "10.00"), ("450.0", "50.00"), ("355.0", "40.00")]
    assert 'x1="260.0"' in b  # the median 30: 70 + 380 × 20 / 40
    z = strip.chart("支出合计", "Z", 30.0, None)  # none of its rows: all four, same axis
    assert dots(z) == [
        ("70.0", "10.00"),
        ("165.0", "20.00"),
        ("450.0", "50.00"),
        ("355.0", "40.00"),
    ]
    assert _Strip([("A", Decimal("10"))]).chart("支出合计", "A", 10.0, None) == ""
