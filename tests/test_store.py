"""The Parquet store, discovery and exports, without Prefect or the gates.

Frames come from the real parser on the real sample (and edited copies of it); the store
is checked for what it must guarantee: replacement by source file, quarantine kept out of
the analytical tables, atomic files, identical bytes for identical input.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.flows.runs import needs_parse
from budgetwatch.outputs.export import ExportError, export_table
from budgetwatch.sources.discover import (
    InputRootError,
    discover,
    discover_all,
    split_duplicates,
)
from budgetwatch.store import Store, StoreError, StoreWriteError
from budgetwatch.transforms.reader import PARSER_VERSION
from tests.helpers import SAMPLE_PATH, commit, sample_text, variant, write

SAMPLE = SAMPLE_PATH
SAMPLE_TEXT = sample_text()


def test_discover_sorted_relative_with_hashes(tmp_path):
    write(tmp_path, "b/2.txt", "second")
    write(tmp_path, "a.txt", "first")
    write(tmp_path, "b/fake.pdf", "not a pdf")  # seen: the reader rejects it with a reason
    write(tmp_path, "b/notes.docx", "not a zip")  # seen: office files are read (issue 22)
    write(tmp_path, "b/readme.md", "ignored")
    found = discover_all(tmp_path)
    files = found.files
    assert [f.source_file for f in files] == ["a.txt", "b/2.txt", "b/fake.pdf", "b/notes.docx"]
    assert [f.problem is None for f in files] == [True, True, True, True]
    assert found.ignored == ["b/readme.md"]
    assert files[0].sha256 == hashlib.sha256(b"first").hexdigest()
    assert files[0].doc_id == hashlib.sha256(b"first").hexdigest()[:16]
    with pytest.raises(InputRootError, match="nope"):
        discover(tmp_path / "nope")


def test_duplicate_bytes_are_kept_once(tmp_path):
    write(tmp_path, "2024/b.txt", "same bytes")
    write(tmp_path, "2024/a.txt", "same bytes")
    write(tmp_path, "2024/c.txt", "other bytes")
    kept, duplicates = split_duplicates(discover(tmp_path))
    assert [f.source_file for f in kept] == ["2024/a.txt", "2024/c.txt"]
    assert duplicates == [("2024/b.txt", "2024/a.txt")]


def test_round_trip_partitions_by_year(tmp_path):
    root, store = tmp_path / "in", Store(tmp_path / "store")
    write(root, "2024/a.txt", SAMPLE_TEXT)
    write(root, "2023/a.txt", variant(2023, "350"))
    _, frames = commit(store, root, ["2023/a.txt", "2024/a.txt"])
    assert sorted(p.parent.name for p in store.partition_files("line_items")) == [
        "fiscal_year=2023",
        "fiscal_year=2024",
    ]
    stored = store.read("line_items")
    assert stored.sort("doc_id", maintain_order=True).equals(
        frames.line_items.sort("doc_id", maintain_order=True)
    )
    assert stored.schema["amount_wan"] == pl.Decimal(20, 6)
    # line 44 of the sample prints 一、一般公共预算拨款收入 1396.37 (收支总表, income side, row 1)
    row = store.read("line_items", years=[2024]).filter(
        (pl.col("table_id") == "income_expenditure_summary")
        & (pl.col("side") == "income")
        & (pl.col("row_no") == 1)
    )
    assert str(row["amount_wan"][0]) == "1396.370000"
    assert row["source_line"][0] == 44
    manifest = store.manifest()
    assert manifest.select("source_file", "fiscal_year", "parser_version").rows() == [
        ("2023/a.txt", 2023, PARSER_VERSION),
        ("2024/a.txt", 2024, PARSER_VERSION),
    ]


def test_changed_file_replaces_its_old_document_even_across_years(tmp_path):
    root, store = tmp_path / "in", Store(tmp_path / "store")
    write(root, "x.txt", variant(2022, "350"))
    write(root, "y.txt", SAMPLE_TEXT)
    old = commit(store, root, ["x.txt", "y.txt"])[0][0]
    # the same file now holds the 2023 document: the 2022 rows must go, not linger
    write(root, "x.txt", variant(2023, "350"))
    (new,), _ = commit(store, root, ["x.txt"])
    assert old.doc_id != new.doc_id
    docs = store.read("documents")
    assert sorted(docs["fiscal_year"].to_list()) == [2023, 2024]
    assert old.doc_id not in store.read("line_items")["doc_id"].to_list()
    assert not store.partition_path("line_items", 2022).exists()
    assert store.manifest().filter(pl.col("source_file") == "x.txt")["doc_id"].to_list() == [
        new.doc_id
    ]


def test_quarantined_and_rejected_stay_out_of_analytical_tables(tmp_path):
    root, store = tmp_path / "in", Store(tmp_path / "store")
    write(root, "good.txt", SAMPLE_TEXT)
    write(root, "held.txt", variant(2023, "351"))
    write(root, "binary.txt", b"\x00\x01\x02\x03")
    held_id = hashlib.sha256(variant(2023, "351").encode("utf-8")).hexdigest()[:16]
    commit(store, root, ["good.txt", "held.txt", "binary.txt"], quarantined=frozenset({held_id}))
    assert set(store.read("line_items")["doc_id"]) == {
        hashlib.sha256(SAMPLE_TEXT.encode("utf-8")).hexdigest()[:16]
    }
    q = store.read("quarantine").sort("source_file")
    assert q.select("source_file", "status").rows() == [
        ("binary.txt", "rejected"),
        ("held.txt", "quarantined"),
    ]
    assert q["reason"][1] == "B4 test reason"
    assert "binary.txt" in q["reason"][0]  # the reader's error names the file
    # the held document's metadata is kept: it is listed, just not analysed
    assert store.read("findings").filter(pl.col("doc_id") == held_id).height > 0
    assert store.frames().documents["status"].to_list() == ["loaded"]


def test_same_batch_twice_gives_identical_bytes(tmp_path):
    root, store = tmp_path / "in", Store(tmp_path / "store")
    write(root, "a.txt", SAMPLE_TEXT)
    write(root, "b.txt", variant(2023, "351"))
    commit(store, root, ["a.txt", "b.txt"])
    first = {p: p.read_bytes() for p in store.root.rglob("*.parquet")}
    commit(store, root, ["b.txt", "a.txt"])
    assert {p: p.read_bytes() for p in store.root.rglob("*.parquet")} == first


def test_crash_during_a_write_leaves_the_old_file(tmp_path, monkeypatch):
    root, store = tmp_path / "in", Store(tmp_path / "store")
    write(root, "a.txt", SAMPLE_TEXT)
    commit(store, root, ["a.txt"])
    before = {p: p.read_bytes() for p in store.root.rglob("*.parquet")}

    def half_write(self, path, **kwargs):
        Path(path).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", half_write)
    write(root, "a.txt", variant(2023, "350"))
    # one line naming the file that could not be written
    with pytest.raises(StoreWriteError, match=r"part\.parquet: cannot write: disk full$"):
        commit(store, root, ["a.txt"])
    assert {p: p.read_bytes() for p in store.root.rglob("*.parquet")} == before
    assert not list(store.root.rglob("*.tmp"))


def test_commits_append_parts_read_as_one_and_compact(tmp_path):
    """A second commit to a year appends a part and leaves the first one's bytes alone; reads
    (eager and lazy) give the rows of one commit of both; a changed file's rows leave only the
    part holding them; compaction merges the parts into the same rows, and a compaction that
    died before deleting what it merged reads each row once."""
    root = tmp_path / "in"
    write(root, "a.txt", SAMPLE_TEXT)
    write(root, "b.txt", variant(2024, "351"))
    write(root, "c.txt", variant(2024, "352"))
    once = Store(tmp_path / "once")
    commit(once, root, ["a.txt", "b.txt", "c.txt"])
    store = Store(tmp_path / "parts")
    commit(store, root, ["a.txt"])
    first = store.partition_path("line_items", 2024)
    first_bytes = first.read_bytes()
    commit(store, root, ["b.txt", "c.txt"])
    folder = first.parent
    assert sorted(p.name for p in folder.iterdir()) == ["part-1-1.parquet", "part.parquet"]
    assert first.read_bytes() == first_bytes
    for table in ("documents", "line_items", "projects"):
        assert store.read(table).equals(once.read(table), null_equal=True), table
        lazy = store.scan(table).collect()
        assert lazy.equals(once.scan(table).collect(), null_equal=True), table

    write(root, "b.txt", variant(2024, "353"))  # b's old rows are in the second part only
    commit(store, root, ["b.txt"])
    commit(once, root, ["b.txt"])
    assert first.read_bytes() == first_bytes
    assert sorted(p.name for p in folder.iterdir()) == [
        "part-1-1.parquet",
        "part-2-2.parquet",
        "part.parquet",
    ]
    assert store.read("line_items").equals(once.read("line_items"), null_equal=True)

    parts = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert store.compact(max_parts=3) == 0
    several = [f for f in store.root.glob("tables/*/*") if len(list(f.glob("*.parquet"))) > 1]
    assert len(several) >= 5  # documents, line items, projects, indicators, findings at least
    assert store.compact() == len(several)
    assert sorted(p.name for p in folder.iterdir()) == ["part-0-2.parquet"]
    for table in ("documents", "line_items", "findings"):
        assert store.read(table).equals(once.read(table), null_equal=True), table
    # a compaction that died after writing its part, before deleting the ones it merged
    for name, data in parts.items():
        (folder / name).write_bytes(data)
    assert store.read("line_items").equals(once.read("line_items"), null_equal=True)
    assert store.compact() == 0
    assert sorted(p.name for p in folder.iterdir()) == ["part-0-2.parquet"]


def test_unreadable_store_file_is_named(tmp_path):
    root, store = tmp_path / "in", Store(tmp_path / "store")
    write(root, "a.txt", SAMPLE_TEXT)
    commit(store, root, ["a.txt"])
    broken = store.partition_path("projects", 2024)
    broken.write_bytes(b"not parquet")
    with pytest.raises(StoreError, match=re.escape(str(broken))):
        store.read("projects")


def test_needs_parse_uses_bytes_and_parser_version():
    from budgetwatch.sources.discover import InputFile

    a, b = InputFile("a.txt", Path("a.txt"), "1" * 64), InputFile("b.txt", Path("b.txt"), "2" * 64)
    manifest = pl.DataFrame(
        {
            "source_file": ["a.txt", "b.txt"],
            "sha256": ["1" * 64, "3" * 64],
            "parser_version": [PARSER_VERSION, PARSER_VERSION],
        }
    )
    assert needs_parse([a, b], manifest, force=False) == [b]  # b's bytes changed
    assert needs_parse([a, b], manifest, force=True) == [a, b]
    old_parser = manifest.with_columns(parser_version=pl.lit("text-0.9"))
    assert needs_parse([a, b], old_parser, force=False) == [a, b]


def test_exports_keep_decimals_exact(tmp_path):
    root, store = tmp_path / "in", Store(tmp_path / "store")
    write(root, "a.txt", SAMPLE_TEXT)
    commit(store, root, ["a.txt"])
    n = export_table(store, "line_items", "csv", tmp_path / "li.csv")
    text = (tmp_path / "li.csv").read_text(encoding="utf-8")
    assert n == store.read("line_items").height == text.count("\n") - 1
    assert ",amount,1396.370000,1,44" in text  # 收支总表 row 1, income side (line 44)
    export_table(store, "line_items", "parquet", tmp_path / "li.parquet")
    assert pl.read_parquet(tmp_path / "li.parquet").equals(store.read("line_items"))
    export_table(store, "projects", "xlsx", tmp_path / "p.xlsx")
    with zipfile.ZipFile(tmp_path / "p.xlsx") as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    # line 697: 预算数 76.68 of project 1, a number a spreadsheet can sum (not text)
    cell = re.search(r'<c r="D2"[^>]*><v>([^<]+)</v>', sheet).group(1)
    assert float(cell) == 76.68 and "76.680000" not in strings
    export_table(store, "projects", "csv", tmp_path / "p.csv")
    assert '"[""76.68"", """", """", """"]"' in (tmp_path / "p.csv").read_text(encoding="utf-8")
    with pytest.raises(ExportError, match="unknown table"):
        export_table(store, "secrets", "csv", tmp_path / "x.csv")
    with pytest.raises(ExportError, match="unknown format"):
        export_table(store, "flags", "json", tmp_path / "x.json")


def _peer_rows(kind: str | None, year: int, amount: int) -> pl.DataFrame:
    from budgetwatch.contract.schema import conform
    from budgetwatch.contract.stored import PEERS

    return conform(
        pl.DataFrame({"fiscal_year": [year], "kind": [kind], "peer_count": [amount]}), PEERS
    )


def test_a_partitioned_derived_table_replaces_only_the_files_that_changed(tmp_path):
    """``link_derived``: the peers table is its files read in path order; a second call
    replaces only the paths whose file changed (the others keep their inode), removes the
    paths it no longer names, and the store's earlier single file is gone."""
    store = Store(tmp_path / "store")
    store.write_derived({"peers": _peer_rows("old", 2020, 9)})  # before it was partitioned
    cache = tmp_path / "cache"
    cache.mkdir()
    files = {}
    for name, kind, year, amount in [
        ("a", None, 2021, 1),
        ("b", "x", 2021, 2),
        ("c", "y", 2020, 3),
        ("d", "z", 2022, 4),
    ]:
        files[name] = cache / f"{name}.parquet"
        _peer_rows(kind, year, amount).write_parquet(files[name])
    layout = {
        "2021/_none.parquet": files["a"],
        "2021/k78.parquet": files["b"],
        "2020/k79.parquet": files["c"],
        "2022/k7a.parquet": files["d"],
    }
    assert store.link_derived("peers", layout) == 4
    # path order: year, then kind with no kind first
    assert store.read("peers")["peer_count"].to_list() == [3, 1, 2, 4]
    assert not (store.root / "derived" / "peers.parquet").exists()
    inode = (store.root / "derived" / "peers" / "2021" / "k78.parquet").stat().st_ino

    # the cache rewrote one file (atomically: a new inode) and dropped year 2022
    fresh = cache / "b2.parquet"
    _peer_rows("x", 2021, 20).write_parquet(fresh)
    layout["2021/k78.parquet"] = fresh
    del layout["2022/k7a.parquet"]
    kept = (store.root / "derived" / "peers" / "2020" / "k79.parquet").stat()
    assert store.link_derived("peers", layout) == 1
    assert store.read("peers")["peer_count"].to_list() == [3, 1, 20]
    assert store.scan_derived("peers").collect()["peer_count"].to_list() == [3, 1, 20]
    after = (store.root / "derived" / "peers" / "2020" / "k79.parquet").stat()
    assert (after.st_ino, after.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert (store.root / "derived" / "peers" / "2021" / "k78.parquet").stat().st_ino != inode
    assert not (store.root / "derived" / "peers" / "2022").exists()

    # written whole again (the in-memory path): one file, the links gone
    store.write_derived({"peers": _peer_rows("w", 2023, 7)})
    assert store.read("peers")["peer_count"].to_list() == [7]
    assert [p.name for p in store.derived_files("peers")] == ["all.parquet"]
