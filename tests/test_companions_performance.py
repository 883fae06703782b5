"""A file printing only a 绩效目标表 is the companion of its department-year's 部门预算
(transforms/companions.py, issue 18): one document, never a duplicate of it."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import Frames
from budgetwatch.detection.rules_documents import duplicate_document_flags
from budgetwatch.flows.core import analyze
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import REAL, SAMPLE_PATH, TABLES_END


def _split(text: str) -> tuple[bytes, bytes]:
    """(the 部门预算 without its 项目 绩效目标表, the 绩效目标表 printed alone under the
    narrative's title line) of the sample: its section 七 is the 13 projects' forms."""
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if line.startswith("七、"))
    end = max(i for i, line in enumerate(lines) if line.startswith("八、"))
    budget = "\n".join(lines[:start] + lines[end:])
    title = next(line for line in lines[TABLES_END:] if line.strip())  # the 说明's first line
    performance = "\n".join([title, "", *lines[start:end]])
    return budget.encode(), performance.encode()


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """The two files under names sorting either way, each order analysed in a run of its own."""
    budget, performance = _split(SAMPLE_PATH.read_text(encoding="utf-8"))
    out = {}
    for order, (first, second) in {
        "performance last": ((budget, "a/预算.txt"), (performance, "z/绩效.txt")),
        "performance first": ((performance, "a/绩效.txt"), (budget, "z/预算.txt")),
    }.items():
        root = tmp_path_factory.mktemp("pair")
        paths = []
        for data, name in (first, second):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
            paths.append(root / name)
        out[order] = analyze(paths, root, load_settings())
    return out


@pytest.mark.parametrize("order", ["performance last", "performance first"])
def test_a_performance_table_printed_alone_joins_its_budget(runs, order):
    result = runs[order]
    docs = result.frames.documents
    performance = "z/绩效.txt" if order == "performance last" else "a/绩效.txt"
    budget = "a/预算.txt" if order == "performance last" else "z/预算.txt"
    assert docs.height == 1
    doc = docs.row(0, named=True)
    # the sample's cover: 赵县科学技术和工业信息化局 2024年部门预算; the tables file names it
    assert (doc["department_name"], doc["fiscal_year"], doc["status"]) == (
        "赵县科学技术和工业信息化局",
        2024,
        "loaded",
    )
    assert doc["source_file"] == budget
    assert doc["source_files"] == sorted([budget, performance])
    # the 13 projects of the sample's section 七 are the department-year's, read from their file
    projects = result.frames.projects
    assert projects.height == 13 and set(projects["doc_id"]) == {doc["doc_id"]}
    assert set(projects["source_file"]) == {performance}
    assert not result.flags.filter(pl.col("rule_or_model") == "duplicate_document").height
    # so they meet the tables: Σ 13 预算数 983.63 (by hand, sample lines 697-962) against 支出总表
    # 项目支出 983.34 (line 175) is the sample's X9, now raised on the pair
    x9 = result.flags.filter(pl.col("rule_or_model") == "gate:project_sum_mismatch")
    assert x9.select("expected_wan", "actual_wan").rows() == [
        (Decimal("983.34"), Decimal("983.63"))
    ]
    note = result.frames.findings.filter(pl.col("kind") == "performance_joined")["message"]
    assert note.to_list() == [
        f"the 绩效目标表 printed alone in {performance} joined to {budget}, the tables of its "
        "department and year (its projects' and indicators' lines are lines of that file)"
    ]


def test_the_pair_is_one_document_whatever_the_order(runs):
    ids = {order: r.frames.documents["doc_id"].to_list() for order, r in runs.items()}
    # the doc_id derives from the two files' own ids, which depend on their bytes only
    assert ids["performance last"] == ids["performance first"]


def test_a_performance_table_of_another_year_stays_alone(tmp_path):
    budget, performance = _split(SAMPLE_PATH.read_text(encoding="utf-8"))
    (tmp_path / "b.txt").write_bytes(budget)
    (tmp_path / "p.txt").write_bytes(performance.decode().replace("2024", "2023").encode())
    result = analyze([tmp_path / "b.txt", tmp_path / "p.txt"], tmp_path, load_settings())
    docs = result.frames.documents.sort("source_file")
    assert docs.select("source_file", "fiscal_year").rows() == [("b.txt", 2024), ("p.txt", 2023)]
    assert result.frames.findings.filter(pl.col("kind") == "performance_joined").is_empty()


def test_a_performance_file_read_in_another_run_is_no_second_version():
    """Read apart (as when the 绩效目标表 file arrives in a later run than its 部门预算, which is
    stored whole and not read again), the two are still no duplicates: the flag says which
    document comparison used, as information."""
    budget, performance = _split(SAMPLE_PATH.read_text(encoding="utf-8"))
    frames = Frames.concat(
        [read_disclosure(budget, "b.txt").frames, read_disclosure(performance, "p.txt").frames]
    )
    # the department by its name alone (the sample's page headers print its code 350, the
    # 绩效目标表 file none; Guangzhou's 305/306 print none)
    frames.documents = frames.documents.with_columns(
        status=pl.lit("loaded"), department_code=pl.lit(None, pl.String)
    )
    [flag] = duplicate_document_flags(frames)
    # comparison keeps the last source_file: p.txt; b.txt is the one left out
    assert flag.select("severity", "expected", "actual").rows() == [("info", "p.txt", "b.txt")]
    assert (
        flag["explanation"]
        .item()
        .endswith(
            "one prints only a 绩效目标表: the other's companion, not a second version (files read "
            "in one run are joined into one document)"
        )
    )


REAL_PAIR = (
    REAL.parent / "real_more" / "pdf" / "305_gz_2026_budget_b3559bdc.pdf",
    REAL.parent / "real_more" / "pdf" / "306_gz_2026_budget_7168026d.pdf",
)


@pytest.mark.real
@pytest.mark.skipif(not all(p.is_file() for p in REAL_PAIR), reason="real_more 305/306 absent")
def test_guangzhou_performance_file_is_its_budgets_companion():
    """real_more 305 is 广州市生态环境局's 2026 部门预算 (tables and 说明, no 绩效目标表) and 306
    the same department's 项目支出绩效目标表 printed as a file of its own (read by hand: its
    pages print project forms only). Once called duplicates, with 306 compared."""
    result = analyze(list(REAL_PAIR), REAL_PAIR[0].parent, load_settings())
    docs = result.frames.documents
    assert docs.select("department_name", "fiscal_year", "source_file").rows() == [
        ("广州市生态环境局", 2026, REAL_PAIR[0].name)
    ]
    assert docs["source_files"].to_list() == [[p.name for p in REAL_PAIR]]
    assert set(result.frames.projects["source_file"]) == {REAL_PAIR[1].name}
    assert set(result.frames.line_items["source_file"]) == {REAL_PAIR[0].name}
    assert not result.flags.filter(pl.col("rule_or_model") == "duplicate_document").height
