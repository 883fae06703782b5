"""Hostile inputs beside good documents: nothing crashes, every good document is loaded and
every bad file is listed with its reason (issue 12), without Prefect.

The folder built by ``tests.helpers.build_hostile`` is also the input of the end-to-end runs in
tests/test_run_safety.py. Good documents are the real sample re-coded (tests/test_store.py
``variant``) and a small generated corpus; each bad file's expected reason is written here
from what the file is, not from what the program printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import Frames
from budgetwatch.flows.core import parse_files
from budgetwatch.sources.discover import discover_all, split_duplicates
from budgetwatch.sources.limits import enforce_limits
from budgetwatch.transforms.companions import join_companions, joined_doc_id
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import (
    DUPLICATE,
    FEW_TREES,
    GOOD,
    IGNORED,
    REAL,
    REJECTED,
    SAMPLE_PATH,
    TRUNCATED,
    build_hostile,
    read_real,
    split_sample,
    variant,
    write,
)
from tests.pdf_builders import make_pdf


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def test_every_file_is_read_rejected_or_ignored(hostile):
    limits = load_settings().limits
    found = discover_all(hostile, limits.max_file_bytes)
    names = [f.source_file for f in found.files]
    generated = [n for n in names if n.startswith("generated/")]
    truth = pl.read_parquet(hostile.parent / "generated" / "truth" / "documents.parquet")
    assert sorted(generated) == sorted(f"generated/{sf}" for sf in truth["source_file"])
    assert sorted(names) == sorted([*GOOD, *REJECTED, TRUNCATED, DUPLICATE[0], *generated])
    assert found.ignored == IGNORED
    kept, duplicates = split_duplicates(found.files)
    assert duplicates == [DUPLICATE]

    frames = parse_files(kept, "", limits)
    docs = frames.documents
    assert docs.height == len(kept)  # one document per file, never a crash
    by_file = {r["source_file"]: r for r in docs.iter_rows(named=True)}
    for name, (year, code) in GOOD.items():
        doc = by_file[name]
        assert (doc["status"], doc["fiscal_year"], doc["department_code"]) == (
            "loaded",
            year,
            code,
        ), name
        assert doc["source_files"] == [name]  # odd names stored exactly
    assert by_file["enc/gbk-902.txt"]["encoding"] == "gb18030"
    assert by_file["enc/utf16-903.txt"]["encoding"] == "utf-16"
    for name, words in REJECTED.items():
        doc = by_file[name]
        assert doc["status"] == "rejected", name
        assert doc["status_reason"].startswith(f"{name}:") and words in doc["status_reason"], (
            name,
            doc["status_reason"],
        )
    truncated = frames.findings.filter(
        (pl.col("doc_id") == by_file[TRUNCATED]["doc_id"]) & (pl.col("kind") == "truncated")
    )
    assert truncated["severity"].to_list() == ["error"]  # the gate quarantines it
    # the generated documents are loaded as the generator wrote them
    for row in truth.iter_rows(named=True):
        doc = by_file[f"generated/{row['source_file']}"]
        assert doc["doc_id"] == row["doc_id"]
        if doc["status"] == "loaded":
            assert (doc["fiscal_year"], doc["department_code"]) == (
                row["fiscal_year"],
                row["department_code"],
            )
    # the same good document read alone gives the same rows: its neighbours changed nothing
    alone = read_disclosure((hostile / "2024/赵县-901.txt").read_bytes(), "2024/赵县-901.txt")
    mine = frames.line_items.filter(pl.col("doc_id") == by_file["2024/赵县-901.txt"]["doc_id"])
    assert mine.equals(alone.frames.line_items)


def _child_json(code: str, *args: str):
    """What the Python ``code`` run in a child process (from the checkout) prints, as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        # forests of 10 trees: its analyses' documents and quarantine are the claims, not flags
        env={**os.environ, **FEW_TREES},
        capture_output=True,
        text=True,
        timeout=900,  # a hang, not a slow machine: at load 37 the analyses took 300 s
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture
def open_to_nobody() -> Iterator[Path]:
    """A folder user nobody can reach, outside pytest's per-user base: any pytest session of
    the same user that starts sets that base's mode back to 0700, which on a shared machine
    took it from under a running test (the good file "cannot be read")."""
    path = Path(tempfile.mkdtemp(prefix="budgetwatch-nobody-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_row_limits_reject_a_runaway_document():
    data = SAMPLE_PATH.read_bytes()
    frames = read_disclosure(data, "a.txt").frames
    n = frames.line_items.height
    limits = load_settings().limits
    assert enforce_limits(frames, limits.model_copy(update={"max_line_items": n})) is frames
    over = enforce_limits(
        frames, limits.model_copy(update={"max_line_items": n - 1, "max_projects": 12})
    )
    doc = over.documents.row(0, named=True)
    assert doc["status_reason"] == (
        f"a.txt:0: line_items {n} rows, over the limit of {n - 1} (limits.max_line_items); "
        "projects 13 rows, over the limit of 12 (limits.max_projects): not loaded"
    )
    assert over.line_items.is_empty() and over.projects.is_empty()
    assert over.findings.height == frames.findings.height  # kept, to explain the document


def parts_of(
    text: str, names=("2024/说明.txt", "2024/报表.txt"), strip_identity: bool = False
) -> Frames:
    """The two parts read. ``strip_identity``: the tables part names no department or year,
    as Beijing's 附件2 pages print none (the text template always prints its page headers,
    so this is done on the reader's result)."""
    narrative, tables = split_sample(text)
    n = read_disclosure(narrative, names[0]).frames
    t = read_disclosure(tables, names[1]).frames
    if strip_identity:
        t.documents = t.documents.with_columns(
            [
                pl.lit(None, t.documents.schema[c]).alias(c)
                for c in ("department_code", "department_name", "fiscal_year", "region")
            ]
        )
    return Frames.concat([n, t])


def test_sample_split_into_two_files_is_read_as_two_parts():
    parts = parts_of(SAMPLE_PATH.read_text(encoding="utf-8"))
    n, t = (parts.filter_docs([d]) for d in parts.documents["doc_id"])
    assert n.line_items.is_empty() and n.narrative_figures.height > 0
    assert t.narrative_figures.is_empty() and t.line_items.height > 0
    assert parts.findings.filter(pl.col("severity") == "error").is_empty()


@pytest.mark.parametrize("strip_identity", [False, True])
def test_companions_join_into_one_document(strip_identity):
    parts = parts_of(SAMPLE_PATH.read_text(encoding="utf-8"), strip_identity=strip_identity)
    ids = parts.documents["doc_id"].to_list()
    joined = join_companions(parts)
    doc = joined.documents.row(0, named=True)
    assert joined.documents.height == 1
    assert doc["doc_id"] == joined_doc_id(ids) == joined_doc_id(ids[::-1])
    # the sample's cover: 赵县科学技术和工业信息化局 2024年部门预算
    assert (doc["department_name"], doc["fiscal_year"]) == ("赵县科学技术和工业信息化局", 2024)
    assert doc["source_file"] == "2024/报表.txt"
    assert doc["source_files"] == ["2024/报表.txt", "2024/说明.txt"]
    # every row of both parts now belongs to the joined document
    for name in ("line_items", "narrative_figures"):
        frame = getattr(joined, name)
        assert frame.height == getattr(parts, name).height > 0
        assert frame["doc_id"].unique().to_list() == [doc["doc_id"]]
    # 收支总表 收入总计 of the sample, line 99: 1396.37
    total = joined.line_items.filter(
        (pl.col("table_id") == "income_expenditure_summary") & (pl.col("name") == "收入总计")
    )["amount_wan"]
    assert total.to_list() == [Decimal("1396.37")]
    note = joined.findings.filter(pl.col("kind") == "companion_joined")["message"][0]
    assert "2024/报表.txt (tables)" in note and "2024/说明.txt (narrative" in note


def test_joined_rows_name_the_file_their_line_is_from():
    parts = parts_of(SAMPLE_PATH.read_text(encoding="utf-8"))
    joined = join_companions(parts)
    # a single-file document's rows name no file of their own (null = the document's)
    for name in ("line_items", "narrative_figures", "projects", "indicators", "findings"):
        assert getattr(parts, name)["source_file"].null_count() == getattr(parts, name).height
    # the tables part is sample lines 1-483: 收支总表 收入总计 1396.37 at sample line 99
    total = joined.line_items.filter(
        (pl.col("table_id") == "income_expenditure_summary") & (pl.col("name") == "收入总计")
    )
    assert total.select("source_file", "source_line").rows() == [("2024/报表.txt", 99)]
    # the narrative part starts at sample line 484: "2024年预算收入 1396.37 万元" at sample
    # line 562 is its line 79; the 13 projects' 绩效目标表 follow in the same file
    income = joined.narrative_figures.filter(pl.col("label") == "income_total")
    assert income.select("source_file", "source_line").rows() == [("2024/说明.txt", 562 - 483)]
    assert set(joined.projects["source_file"]) == {"2024/说明.txt"}
    assert set(joined.indicators["source_file"]) == {"2024/说明.txt"}
    assert set(joined.line_items["source_file"]) == {"2024/报表.txt"}
    # the join's own note cites no line: no file either
    note = joined.findings.filter(pl.col("kind") == "companion_joined")
    assert note["source_file"].to_list() == [None]


def test_ambiguous_companions_are_reported_not_joined():
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    parts = parts_of(text, ("a/说明.txt", "a/报表.txt"), strip_identity=True)
    # another department's narrative stating the same total
    other = parts_of(
        text.replace("赵县科学技术和工业信息化局", "赵县科技局"), ("b/说明.txt", "b/报表.txt")
    )
    other = other.filter_docs(
        other.documents.filter(pl.col("source_file") == "b/说明.txt")["doc_id"]
    )
    joined = join_companions(Frames.concat([parts, other]))
    assert joined.documents.height == 3  # nothing joined
    found = joined.findings.filter(pl.col("kind") == "companion_ambiguous")
    assert found["message"].to_list() == [
        "2 narrative files match this tables part by department, year, kind or total: "
        "a/说明.txt, b/说明.txt; not joined"
    ]


def test_a_part_without_its_companion_stays_alone():
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    parts = parts_of(text, ("n.txt", "t.txt"), strip_identity=True)
    # the tables of another disclosure: 收入总计 1396.37 printed as 1496.37
    other = parts_of(text.replace("1396.37", "1496.37"), ("n2.txt", "t2.txt"), strip_identity=True)
    lonely = Frames.concat(
        [
            parts.filter_docs(parts.documents.filter(pl.col("source_file") == "n.txt")["doc_id"]),
            other.filter_docs(other.documents.filter(pl.col("source_file") == "t2.txt")["doc_id"]),
        ]
    )
    joined = join_companions(lonely)
    assert sorted(joined.documents["source_file"]) == ["n.txt", "t2.txt"]
    assert joined.findings.filter(pl.col("kind").str.starts_with("companion")).is_empty()


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not here")
@pytest.mark.parametrize(
    "narrative,tables,name,year",
    [
        (
            "021_js_npc_office_2019_dept_budget_narrative.pdf",
            "022_js_npc_office_2019_dept_budget_tables.pdf",
            "江苏省人大常委会办公厅",
            2019,
        ),
        (
            "109_bj_2026_budget_narrative_c287abdd.pdf",
            "110_bj_2026_budget_tables_002db9dd.pdf",
            "中共北京市委军民融合发展委员会办公室",
            2026,
        ),
    ],
)
def test_real_companion_files_join(narrative, tables, name, year):
    parts = Frames.concat([read_real(f).frames for f in (narrative, tables)])
    joined = join_companions(parts)
    doc = joined.documents.row(0, named=True)
    assert joined.documents.height == 1
    assert (doc["department_name"], doc["fiscal_year"], doc["doc_kind"]) == (name, year, "budget")
    assert doc["source_files"] == sorted([narrative, tables])


def test_a_pdf_over_the_page_limit_is_counted_not_parsed(tmp_path):
    from budgetwatch.sources.discover import inspect_files

    write(tmp_path, "long.pdf", make_pdf([{"texts": [(100, 100, 12, "支出预算总表")]}] * 3))
    [f] = inspect_files([tmp_path / "long.pdf"], tmp_path)

    def limits(pages: int):
        return load_settings(overrides={"limits.max_pages": pages}).limits

    doc = parse_files([f], "", limits(2)).documents.row(0, named=True)
    assert (doc["status"], doc["status_reason"]) == (
        "rejected",
        "long.pdf:0: 3 pages, over the limit of 2 (limits.max_pages): not read",
    )
    assert (
        parse_files([f], "", limits(3)).documents["status_reason"][0] != doc["status_reason"]
    )  # at the limit it is read (and judged on its content)


def test_exports_neutralise_formula_cells(tmp_path):
    """File names (and disclosure text) are written by anyone: a cell that a spreadsheet
    would run as a formula gets a leading '."""
    from budgetwatch.outputs.export import export_table
    from budgetwatch.store import Store
    from tests.helpers import commit

    root, store = tmp_path / "in", Store(tmp_path / "store")
    names = ["=HYPERLINK(1).txt", "+1.txt", "-2.txt", "@SUM(A1).txt", "\tx.txt", "plain=.txt"]
    for i, name in enumerate(names):
        write(root, name, variant(2024, str(920 + i)))
    commit(store, root, names)
    export_table(store, "documents", "csv", tmp_path / "d.csv")
    cells = pl.read_csv(tmp_path / "d.csv")["source_file"].to_list()
    assert sorted(cells) == sorted(
        ["'=HYPERLINK(1).txt", "'+1.txt", "'-2.txt", "'@SUM(A1).txt", "'\tx.txt", "plain=.txt"]
    )
    export_table(store, "documents", "xlsx", tmp_path / "d.xlsx")
    with zipfile.ZipFile(tmp_path / "d.xlsx") as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<t>'=HYPERLINK(1).txt</t>" in strings and "<t>=HYPERLINK" not in strings
    assert "<f>" not in sheet  # no cell is a formula
    # the store keeps the name exactly
    assert "=HYPERLINK(1).txt" in store.read("documents")["source_file"].to_list()


@pytest.mark.slow  # two analyses in a subprocess: not in the quick loop
def test_unreadable_files_are_rejected_not_fatal_in_discovery_and_in_analyze(open_to_nobody):
    """Permissions: tests run as root, who reads everything, so the reads run in a child
    process that drops to user nobody, after one warm-up analysis as root which does the
    imports (the interpreter lives under /root). Discovery and the parse reject an unreadable
    file and go on. ``analyze`` (``evaluate``) is given paths, not a folder: a FIFO among
    them would block a plain read for ever, an unreadable file would abort. They pass
    discovery's checks and become rejected documents with the reason; the good ones are
    loaded. (Formerly two tests, each a child process: test_an_unreadable_file_is_rejected_not_fatal
    and test_analyze_checks_the_paths_it_is_given_like_discovery.)"""
    root = open_to_nobody / "in"
    write(root, "a-901.txt", variant(2024, "901"))
    write(root, "b-902.txt", variant(2023, "902"))
    write(root, "secret.txt", variant(2024, "903"))
    os.chmod(root / "secret.txt", 0)
    os.mkfifo(root / "pipe.txt")
    (root / "loop.txt").symlink_to("loop.txt")
    names = ["a-901.txt", "b-902.txt", "loop.txt", "pipe.txt", "secret.txt"]
    code = (
        "import json, os, sys\n"
        "from pathlib import Path\n"
        "from budgetwatch.config.settings import load_settings\n"
        "from budgetwatch.flows.core import analyze, parse_files\n"
        "from budgetwatch.sources.discover import discover_all\n"
        "root, settings = Path(sys.argv[1]), load_settings()\n"
        "analyze([root / 'a-901.txt', root / 'b-902.txt'], root, settings)\n"
        "os.setgid(65534); os.setuid(65534)\n"
        "d = parse_files(discover_all(root).files, '', settings.limits).documents\n"
        "a = analyze([root / n for n in sys.argv[2:]], root, settings)\n"
        "print(json.dumps({'discovered': d.select('source_file', 'status', 'status_reason')\n"
        "    .sort('source_file').rows(),\n"
        "    'documents': a.frames.documents.select(\n"
        "    'source_file', 'status').sort('source_file').rows(),\n"
        "    'quarantine': a.quarantine.select('source_file', 'reason')\n"
        "    .sort('source_file').rows()}))\n"
    )
    result = _child_json(code, str(root), *names)
    discovered = {row[0]: row[1:] for row in result["discovered"]}
    assert discovered["a-901.txt"][0] == "loaded", discovered
    assert discovered["secret.txt"] == [
        "rejected",
        "secret.txt:0: cannot be read: Permission denied",
    ]
    assert result["documents"] == [
        ["a-901.txt", "loaded"],
        ["b-902.txt", "loaded"],
        ["loop.txt", "rejected"],
        ["pipe.txt", "rejected"],
        ["secret.txt", "rejected"],
    ]
    assert result["quarantine"] == [
        ["loop.txt", "loop.txt:0: cannot be read: Too many levels of symbolic links"],
        ["pipe.txt", "pipe.txt:0: not a regular file (a FIFO, socket or device): not read"],
        ["secret.txt", "secret.txt:0: cannot be read: Permission denied"],
    ]
