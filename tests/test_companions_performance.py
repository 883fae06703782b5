"""A file printing only a 绩效目标表 is the companion of its department-year's 部门预算
(transforms/companions.py, issue 18): one document, never a duplicate of it."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import Frames
from budgetwatch.detection.rules_documents import duplicate_document_flags
from budgetwatch.flows import orchestrator as orch
from budgetwatch.flows.analysis import analyse_store
from budgetwatch.flows.core import analyze, gate
from budgetwatch.flows.pipeline import StoreSink, commit_batch
from budgetwatch.flows.runs import needs_parse
from budgetwatch.sources.discover import inspect_files
from budgetwatch.store import Store
from budgetwatch.transforms.companions import joined_doc_id
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import FEW_TREES, REAL, SAMPLE_PATH, TABLES_END


def _corrected(budget: bytes) -> bytes:
    """The 部门预算 uploaded again with one character more in its first line (new bytes)."""
    return budget.replace(b"\n", b" \n", 1)


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
    """The two files under names sorting either way, each order analysed in a run of its own;
    and the 部门预算 gated and kept in a batch before its 绩效目标表's (batches of one file)."""
    budget, performance = _split(SAMPLE_PATH.read_text(encoding="utf-8"))
    out = {}
    for order, (first, second) in {
        "performance last": ((budget, "a/预算.txt"), (performance, "z/绩效.txt")),
        "performance first": ((performance, "a/绩效.txt"), (budget, "z/预算.txt")),
        "performance in a later batch": ((budget, "a/预算.txt"), (performance, "z/绩效.txt")),
    }.items():
        root = tmp_path_factory.mktemp("pair")
        paths = []
        for data, name in (first, second):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
            paths.append(root / name)
        one = {"pipeline.batch_size": 1} if "batch" in order else {}
        out[order] = analyze(paths, root, load_settings(overrides=one))
    return out


@pytest.mark.parametrize(
    "order", ["performance last", "performance first", "performance in a later batch"]
)
def test_a_performance_table_printed_alone_joins_its_budget(runs, order):
    """In one run, whatever the order; a 部门预算 gated in an earlier batch than its 绩效目标表
    is read again at the run's end and its lone document replaced by the pair."""
    result = runs[order]
    docs = result.frames.documents
    performance = "a/绩效.txt" if order == "performance first" else "z/绩效.txt"
    budget = "z/预算.txt" if order == "performance first" else "a/预算.txt"
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
    assert ids["performance in a later batch"] == ids["performance last"]
    flags = {order: sorted(r.flags["flag_id"]) for order, r in runs.items()}
    assert flags["performance in a later batch"] == flags["performance last"]


def test_a_performance_table_of_another_year_stays_alone(tmp_path):
    budget, performance = _split(SAMPLE_PATH.read_text(encoding="utf-8"))
    (tmp_path / "b.txt").write_bytes(budget)
    (tmp_path / "p.txt").write_bytes(performance.decode().replace("2024", "2023").encode())
    result = analyze([tmp_path / "b.txt", tmp_path / "p.txt"], tmp_path, load_settings())
    docs = result.frames.documents.sort("source_file")
    assert docs.select("source_file", "fiscal_year").rows() == [("b.txt", 2024), ("p.txt", 2023)]
    assert result.frames.findings.filter(pl.col("kind") == "performance_joined").is_empty()


def test_a_performance_file_read_in_another_run_is_no_second_version():
    """Read apart (as when the 绩效目标表 file arrives in a later run than its 部门预算 and the
    budget's file is gone from the folder, so it cannot be read again), the two are still no
    duplicates: the flag says which document comparison used, as information."""
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
            "one prints only a 绩效目标表: the other's companion, not a second version (joined "
            "into one document while both files are in the input folder)"
        )
    )


class _Sink(StoreSink):
    """The run's sink (flows/pipeline.StoreSink) with its Prefect tasks called as functions:
    the store, the manifest's parts and the analysis are the run's own, without a server."""

    def commit(self, gated, files, parts):
        commit_batch.fn(self.data_dir, gated, files, parts)

    def finish(self):
        return analyse_store(self.data_dir, self.settings, self.run_id)


def _run(inputs, store_dir, run_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One run over the folder ``inputs`` into ``store_dir``, as budgetwatch_run does (only
    new or changed files parsed): (the stored documents, the flags)."""
    settings = load_settings()
    files = inspect_files(sorted(p for p in inputs.rglob("*") if p.is_file()), inputs)
    todo = needs_parse(files, Store(store_dir).manifest(), force=False)
    executor = orch.InProcess(settings.pipeline.region, settings.limits)
    orch.orchestrate(files, todo, settings, executor, _Sink(store_dir, settings, run_id), gate=gate)
    store = Store(store_dir)
    return store.read("documents"), store.read("flags")


@pytest.fixture(scope="module")
def across_runs(tmp_path_factory) -> dict:
    """The 部门预算 and its 绩效目标表 file arriving in two runs, either first, under names that
    sort either way; each store then run again with nothing new; and both in one run."""
    budget, performance = _split(SAMPLE_PATH.read_text(encoding="utf-8"))
    out = {}
    mp = pytest.MonkeyPatch()  # forests of 10 trees: the runs' documents are compared, not scored
    for key, value in FEW_TREES.items():
        mp.setenv(key, value)
    for order, arrivals in {
        "performance later": [(budget, "a/预算.txt"), (performance, "z/绩效.txt")],
        "budget later": [(performance, "a/绩效.txt"), (budget, "z/预算.txt")],
        "one run": [(budget, "a/预算.txt"), (performance, "z/绩效.txt")],
    }.items():
        root = tmp_path_factory.mktemp("runs")
        runs = []
        for i, (data, name) in enumerate(arrivals):
            (root / "in" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "in" / name).write_bytes(data)
            if order != "one run" or i == len(arrivals) - 1:
                runs.append(_run(root / "in", root / "store", f"run{len(runs)}"))
        if order == "budget later":
            runs.append(_run(root / "in", root / "store", "again"))
        if order == "one run":  # a corrected 部门预算 arrives: it joins the stored 绩效目标表 again
            (root / "in" / "a/预算.txt").write_bytes(_corrected(budget))
            runs.append(_run(root / "in", root / "store", "corrected"))
        out[order] = (runs, read_disclosure(budget, "b").frames, read_disclosure(performance, "p"))
    mp.undo()
    return out


@pytest.mark.parametrize("order", ["performance later", "budget later"])
def test_a_performance_file_arriving_in_another_run_joins_its_budget(across_runs, order):
    """Issue 18 item 1 / issue 17 item 4: the second run reads the stored file again and
    replaces the lone document by the joined one."""
    runs, budget, performance = across_runs[order]
    (first_docs, _), (docs, flags) = runs[:2]
    budget_file, performance_file = (
        ("a/预算.txt", "z/绩效.txt")
        if order == "performance later"
        else ("z/预算.txt", "a/绩效.txt")
    )
    # the first run stored the file that came first, alone
    first = performance_file if order == "budget later" else budget_file
    assert first_docs["source_files"].to_list() == [[first]]
    assert docs.height == 1
    doc = docs.row(0, named=True)
    # each file's own id derives from its bytes: the joined one is the same in either order
    ids = [budget.documents["doc_id"].item(), performance.frames.documents["doc_id"].item()]
    assert doc["doc_id"] == joined_doc_id(ids)
    assert (doc["department_name"], doc["fiscal_year"], doc["source_file"]) == (
        "赵县科学技术和工业信息化局",
        2024,
        budget_file,
    )
    assert doc["source_files"] == sorted([budget_file, performance_file])
    assert not flags.filter(pl.col("rule_or_model") == "duplicate_document").height
    # Σ 13 预算数 983.63 (by hand, sample lines 697-962) against 项目支出 983.34 (line 175)
    x9 = flags.filter(pl.col("rule_or_model") == "gate:project_sum_mismatch")
    assert x9.select("expected_wan", "actual_wan").rows() == [
        (Decimal("983.34"), Decimal("983.63"))
    ]


def test_a_pair_across_runs_is_the_pair_of_one_run_and_runs_again_unchanged(across_runs):
    (one_docs, one_flags), _ = across_runs["one run"][0]
    docs, flags = across_runs["performance later"][0][1]  # the same file names as one run's
    assert docs["doc_id"].to_list() == one_docs["doc_id"].to_list()
    assert sorted(flags["flag_id"]) == sorted(one_flags["flag_id"])
    before, again = across_runs["budget later"][0][1:]
    assert again[0].equals(before[0])
    assert sorted(again[1]["flag_id"]) == sorted(before[1]["flag_id"])


def test_a_corrected_budget_joins_its_stored_performance_file_again(across_runs):
    runs, budget, performance = across_runs["one run"]
    (one_docs, _), (docs, flags) = runs
    # the corrected file is a new document (new bytes), joined to the stored 绩效目标表 read again
    corrected = read_disclosure(_corrected(_split(SAMPLE_PATH.read_text(encoding="utf-8"))[0]), "b")
    ids = [
        corrected.frames.documents["doc_id"].item(),
        performance.frames.documents["doc_id"].item(),
    ]
    assert docs["doc_id"].to_list() == [joined_doc_id(ids)] != one_docs["doc_id"].to_list()
    assert docs["source_files"].to_list() == [["a/预算.txt", "z/绩效.txt"]]
    x9 = flags.filter(pl.col("rule_or_model") == "gate:project_sum_mismatch")
    assert x9.select("expected_wan", "actual_wan").rows() == [
        (Decimal("983.34"), Decimal("983.63"))
    ]


# real_more 349 (tuning half; the held pair 305/306 is measured, never tested): 西安市统计局's
# 2026 部门预算 whose 绩效目标表 pages, read by hand in pdftotext -layout, are pages 40-52 (表14
# 部门专项业务经费绩效目标表, 表15 部门整体支出绩效目标表, 专项资金总体绩效目标表); page 1 is its cover
# ("西安市统计局（汇总） 2026年部门预算公开说明"), page 39 its last budget table (表13 "三公" 经费)
TUNING_BUDGET = REAL.parent / "real_more" / "pdf" / "349_xa_2026_budget_300855ef.pdf"
_PERFORMANCE_PAGES = range(39, 52)  # 0-based: pages 40-52


def _cut(pdf: bytes) -> tuple[bytes, bytes]:
    """(the 部门预算 without its 绩效目标表, the 绩效目标表 printed alone under the cover) of a
    PDF: what Guangzhou publishes as two files (real_more 305 and 306, read by hand)."""
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf)

    def pages(indices: list[int]) -> bytes:
        out = pdfium.PdfDocument.new()
        out.import_pages(src, indices)
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()

    budget = [k for k in range(len(src)) if k < _PERFORMANCE_PAGES.start]
    return pages(budget), pages([0, *_PERFORMANCE_PAGES])


@pytest.mark.real
@pytest.mark.skipif(not TUNING_BUDGET.is_file(), reason="real_more 349 absent")
def test_a_performance_file_printed_alone_is_its_budgets_companion(tmp_path):
    """A 部门预算 and its 绩效目标表 printed as a file of its own (here tuning 349 cut in two):
    one document, the budget's, both files its sources; once called duplicates, with the
    performance file compared."""
    budget, performance = _cut(TUNING_BUDGET.read_bytes())
    pair = (tmp_path / "349_budget.pdf", tmp_path / "349_performance.pdf")
    pair[0].write_bytes(budget)
    pair[1].write_bytes(performance)
    result = analyze(list(pair), tmp_path, load_settings())
    docs = result.frames.documents
    assert docs.select("department_name", "fiscal_year", "source_file").rows() == [
        ("西安市统计局（汇总）", 2026, pair[0].name)
    ]
    assert docs["source_files"].to_list() == [[p.name for p in pair]]
    assert set(result.frames.projects["source_file"]) == {pair[1].name}
    assert set(result.frames.line_items["source_file"]) == {pair[0].name}
    assert not result.flags.filter(pl.col("rule_or_model") == "duplicate_document").height
