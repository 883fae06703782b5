"""A Parquet dataset under one data directory.

Layout::

    tables/<table>/fiscal_year=<YYYY|unknown>/part*.parquet  per-document tables, parts
    derived/<name>.parquet                                   flags and comparison tables
    derived/multiyear/<group>.parquet, derived/peers/<year>/<kind>.parquet
                                                             the two largest, partitioned
    manifest.parquet                                         one row per parsed input file
    reviews.parquet                                          review decisions, append-only
    runs/<run_id>.json                                       run metadata (timestamps live here only)

Every file is written to a temporary name in its own directory and moved into place with
``os.replace``, so a crash leaves either the old or the new file, never half of one. A batch
commits its partitions first and the manifest last: files of a batch that crashed before its
manifest write are parsed again on the next run, and a commit first removes the rows of the
documents being written from every part that holds them, so the repeat converges to the
uninterrupted result.

A commit appends one part per partition it touches (``part.parquet`` in an empty partition,
then ``part-<n>-<n>.parquet``) and rewrites only the parts that held a replaced document:
a night's documents cost their own rows, not the year's. ``compact`` merges a partition's
parts into one ``part-<first>-<last>.parquet`` and then deletes them; a part whose span lies
inside another's is one a compaction already merged (it died before deleting it) and is
never read. A document's rows are always in one part, in parser order; reads give rows
ordered by doc_id (parser order within a document) within each year, however many parts
hold them, so identical inputs give identical tables.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from budgetwatch.contract.schema import FLAGS, DocStatus, Frames, conform
from budgetwatch.contract.stored import (
    DEPARTMENT_HISTORY,
    FLAG_RUNS,
    MANIFEST,
    MULTIYEAR,
    PEERS,
    QUARANTINE_TABLE,
    RESIDUALS,
    REVIEW_STATES,
    REVIEWS,
    YOY_CLAIMS,
)

DOC_TABLES: dict[str, dict] = {
    **Frames.SCHEMAS,
    "residuals": RESIDUALS,
    "quarantine": QUARANTINE_TABLE,
}
# Tables holding a document's content: only loaded documents enter them.
ANALYTICAL = ("line_items", "projects", "indicators", "narrative_figures", "residuals")

# Rebuilt over the whole store each run; written and read in their declared schemas.
DERIVED_TABLES: dict[str, dict] = {
    "flags": FLAGS,
    "flag_runs": FLAG_RUNS,  # the run that first raised each current flag (store/reviews.py)
    "multiyear": MULTIYEAR,
    "peers": PEERS,
    "department_history": DEPARTMENT_HISTORY,
    "yoy_claims": YOY_CLAIMS,
}

# Derived tables held as a folder of files (``derived/<name>/…``, read in the order of their
# paths): an analysis replaces only the files of the department groups and (year, kind)s it
# rebuilt (``link_derived``), where one file rewritten whole was most of an increment.
PARTITIONED = ("multiyear", "peers")

_UNKNOWN_YEAR = "unknown"
FULL_BYTES = 64 * 1024  # less free than this after a failed write: the disk is full
RESERVE_BYTES = 64 * 1024  # kept free by a run for its last metadata write (finish_run)


class StoreError(RuntimeError):
    """The store on disk cannot be read as expected; the message names the file."""


class StoreWriteError(StoreError):
    """A store file could not be written (full or read-only disk); the message names it."""


def _reason(exc: Exception, where: Path) -> str:
    """The operating system's words (No space left on device), without the writer's
    wrapping around them. Parquet's writer sometimes reports a full disk only as a broken
    stream ("Invalid thrift: transport error"): with the disk at ``where`` all but full
    (the unfinished file still on it), that is what it was."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    found = re.search(r"IO error: (.+?) \(os error \d+\)", str(exc))
    if found:
        return found.group(1)
    try:
        full = shutil.disk_usage(where).free < FULL_BYTES
    except OSError:
        full = False
    return "No space left on device" if full else str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files 0600; store files get what open() gives (0644 under the usual umask
# 022) so that the office's group can read the store. Read once: umask is process-wide.
_FILE_MODE = 0o666 & ~_umask()


def _atomic_write(path: Path, write) -> None:
    """``write(tmp)`` then move into place; synced, so a power cut leaves the old or the new
    file. Disk errors become StoreWriteError naming ``path``."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        os.chmod(tmp, _FILE_MODE)
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        reason = _reason(exc, path.parent)  # before the unfinished file is removed
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise StoreWriteError(f"{path}: cannot write: {reason}") from exc
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def _write_parquet(df: pl.DataFrame, path: Path) -> None:
    # no statistics timestamps exist in polars' parquet; identical frames give identical bytes
    _atomic_write(path, lambda tmp: df.write_parquet(tmp, compression="zstd"))


def _read_parquet(
    paths: list[Path], schema: dict | None, where: pl.Expr | None = None
) -> pl.DataFrame:
    frames = []
    for path in paths:
        try:
            # filtered while scanning: only the kept rows of one file are ever in memory
            scan = pl.scan_parquet(path, hive_partitioning=False)
            frames.append((scan if where is None else scan.filter(where)).collect())
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise StoreError(f"{path}: cannot read store file: {exc}") from exc
    if schema is None:
        return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    if not frames:
        return pl.DataFrame(schema=schema)
    # conform: a column added to the schema since a file was written reads as nulls
    return pl.concat([conform(f, schema) for f in frames], how="vertical")


def scan_files(paths: list[Path], schema: dict) -> pl.LazyFrame:
    """``paths`` concatenated lazily in ``schema``: a column added to the schema since a file
    was written reads as nulls (as ``_read_parquet`` conforms eagerly)."""
    if not paths:
        return pl.LazyFrame(schema=schema)
    scans = []
    for path in paths:
        try:
            have = pl.read_parquet_schema(path)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise StoreError(f"{path}: cannot read store file: {exc}") from exc
        scans.append(
            pl.scan_parquet(path, hive_partitioning=False).select(
                [
                    (pl.col(c) if c in have else pl.lit(None)).cast(t).alias(c)
                    for c, t in schema.items()
                ]
            )
        )
    return pl.concat(scans, how="vertical")


def _link(source: Path, tmp: Path) -> None:
    """``tmp`` (a fresh temporary name) becomes a hard link to ``source``, or its copy."""
    tmp.unlink()
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)


def _partition(year: int | None) -> str:
    return f"fiscal_year={_UNKNOWN_YEAR if year is None else int(year)}"


_PART = re.compile(r"part(?:-(\d+)-(\d+))?\.parquet")


def _span(path: Path) -> tuple[int, int]:
    found = _PART.fullmatch(path.name)
    return (0, 0) if found is None or found[1] is None else (int(found[1]), int(found[2]))


def _parts(folder: Path) -> tuple[list[Path], list[Path]]:
    """A partition's live parts in commit order, and the stale ones: parts a compaction
    merged (their span inside another part's) that it did not get to delete."""
    files = [p for p in folder.glob("part*.parquet") if _PART.fullmatch(p.name)]
    spans = {p: _span(p) for p in files}

    def merged(p: Path) -> bool:
        lo, hi = spans[p]
        return any(o != (lo, hi) and o[0] <= lo and hi <= o[1] for o in spans.values())

    live = sorted((p for p in files if not merged(p)), key=spans.__getitem__)
    return live, [p for p in files if merged(p)]


def _in_order(frame, parts: int):
    """One partition's rows in doc_id order (stable: a document's rows keep parser order),
    as one part would hold them."""
    return frame.sort("doc_id", maintain_order=True) if parts > 1 else frame


class Store:
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir)

    # ---- paths -------------------------------------------------------------------------
    def table_dir(self, table: str) -> Path:
        return self.root / "tables" / table

    def partition_path(self, table: str, year: int | None) -> Path:
        """The first part of a partition (the one a commit to an empty partition writes)."""
        return self.table_dir(table) / _partition(year) / "part.parquet"

    def partitions(self, table: str, years: Iterable[int | None] | None = None) -> list[list[Path]]:
        """Each partition's live parts (year order, then commit order)."""
        folders = sorted(p for p in self.table_dir(table).glob("fiscal_year=*") if p.is_dir())
        if years is not None:
            wanted = {_partition(y) for y in years}
            folders = [f for f in folders if f.name in wanted]
        return [parts for parts in (_parts(f)[0] for f in folders) if parts]

    def partition_files(self, table: str) -> list[Path]:
        return [p for parts in self.partitions(table) for p in parts]

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.parquet"

    @property
    def reviews_path(self) -> Path:
        return self.root / "reviews.parquet"

    # ---- reading -----------------------------------------------------------------------
    def exists(self) -> bool:
        return self.manifest_path.exists()

    def manifest(self) -> pl.DataFrame:
        if not self.manifest_path.exists():
            return pl.DataFrame(schema=MANIFEST)
        return _read_parquet([self.manifest_path], MANIFEST)

    def read(
        self, table: str, years: Iterable[int] | None = None, where: pl.Expr | None = None
    ) -> pl.DataFrame:
        """A per-document table (``DOC_TABLES``) or a derived one (``DERIVED_TABLES``),
        optionally only the rows matching ``where``."""
        if table in DERIVED_TABLES:
            df = _read_parquet(self.derived_files(table), DERIVED_TABLES[table], where)
            if years is not None and "fiscal_year" in df.columns:
                df = df.filter(pl.col("fiscal_year").is_in(list(years)))
            return df
        if table not in DOC_TABLES:
            raise StoreError(
                f"unknown table {table!r}; known: {', '.join([*DOC_TABLES, *DERIVED_TABLES])}"
            )
        schema = DOC_TABLES[table]
        frames = [
            _in_order(_read_parquet(parts, schema, where), len(parts))
            for parts in self.partitions(table, years)
        ]
        return pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=schema)

    def scan_derived(self, name: str) -> pl.LazyFrame:
        """A derived table as a lazy scan in its declared schema (empty if never written)."""
        return scan_files(self.derived_files(name), DERIVED_TABLES[name])

    def derived_files(self, name: str) -> list[Path]:
        """A derived table's files in reading order: a partitioned table's (``PARTITIONED``)
        under ``derived/<name>/`` by path, else ``derived/<name>.parquet`` (also a partitioned
        table's in a store analysed before it was partitioned)."""
        folder = self.root / "derived" / name
        if name in PARTITIONED and folder.is_dir():
            return sorted(folder.rglob("*.parquet"), key=lambda p: p.relative_to(folder).parts)
        path = self.root / "derived" / f"{name}.parquet"
        return [path] if path.exists() else []

    def scan(self, table: str, years: Iterable[int | None] | None = None) -> pl.LazyFrame:
        """A per-document table as one lazy scan in its declared schema (partitions in year
        order, rows in ``read``'s order): filters and column selections applied to it are
        pushed down into the Parquet reader, so only the rows and columns asked for are
        decoded. A partition of several parts (not compacted yet) is sorted as it is read."""
        scans = self.scan_partitions(table, years)
        return pl.concat(scans, how="vertical") if scans else pl.LazyFrame(schema=DOC_TABLES[table])

    def scan_partitions(
        self, table: str, years: Iterable[int | None] | None = None
    ) -> list[pl.LazyFrame]:
        """``scan``'s pieces: one lazy scan per partition (a year's rows), in year order."""
        if table not in DOC_TABLES:
            raise StoreError(f"unknown per-document table {table!r}")
        schema = DOC_TABLES[table]
        return [
            _in_order(scan_files(parts, schema), len(parts))
            for parts in self.partitions(table, years)
        ]

    def frames(self, status: str | None = DocStatus.LOADED) -> Frames:
        """The stored documents (by default the loaded ones) as one Frames."""
        docs = self.read("documents")
        if status is not None:
            docs = docs.filter(pl.col("status") == status)
        ids = docs["doc_id"].implode()
        return Frames(
            documents=docs,
            **{
                name: self.read(name, where=pl.col("doc_id").is_in(ids))
                for name in Frames.SCHEMAS
                if name != "documents"
            },
        )

    # ---- writing -----------------------------------------------------------------------
    def commit_batch(self, frames: Frames, residuals: pl.DataFrame, sources: pl.DataFrame) -> None:
        """Write one gated batch: ``frames`` with final document statuses, the batch's
        residuals, and ``sources`` (source_file, sha256) of the files parsed.

        Rows of the batch's documents, and of the documents these source files held
        before, are removed from every part holding them, the batch's rows appended as one
        new part per partition; the manifest is written last.
        """
        docs = frames.documents
        manifest = self.manifest()
        replaced = manifest.join(sources.select("source_file"), on="source_file", how="semi")
        drop_ids = pl.concat([docs["doc_id"], replaced["doc_id"]]).unique().implode()
        year_of = docs.select("doc_id", "fiscal_year")
        years = set(docs["fiscal_year"].to_list()) | set(replaced["fiscal_year"].to_list())

        loaded = docs.filter(pl.col("status") == DocStatus.LOADED)["doc_id"].implode()
        new_rows = dict(frames.items())
        new_rows["residuals"] = residuals
        new_rows["quarantine"] = quarantine_rows(docs)
        for table, schema in DOC_TABLES.items():
            rows = new_rows[table]
            if table in ANALYTICAL:
                rows = rows.filter(pl.col("doc_id").is_in(loaded))
            if "fiscal_year" not in rows.columns:
                rows = rows.join(year_of, on="doc_id", how="left", maintain_order="left")
            for year in sorted(years, key=lambda y: (y is None, y or 0)):
                keep = (
                    pl.col("fiscal_year").is_null()
                    if year is None
                    else pl.col("fiscal_year") == year
                )
                part = rows.filter(keep).select(list(schema)).cast(schema)
                self._append_partition(table, year, drop_ids, part)

        if "part" not in sources.columns:
            sources = sources.with_columns(part=pl.lit(None, pl.String))
        # a document joined from companion files has one manifest row per file
        members = docs.with_columns(
            source_file=pl.coalesce("source_files", pl.concat_list("source_file"))
        ).explode("source_file")
        entries = (
            members.join(sources, on="source_file", how="left")
            .select(
                "source_file",
                "sha256",
                "doc_id",
                "parser_version",
                "fiscal_year",
                "department_code",
                "status",
                "department_name",
                "part",
            )
            .cast(MANIFEST)
        )
        manifest = pl.concat(
            [manifest.join(sources.select("source_file"), on="source_file", how="anti"), entries]
        )
        _write_parquet(manifest.sort("source_file"), self.manifest_path)

    def _append_partition(
        self, table: str, year: int | None, drop_ids: pl.Series, new: pl.DataFrame
    ) -> None:
        folder = self.partition_path(table, year).parent
        parts = _parts(folder)[0]
        for path in parts:
            try:  # only the doc_id column is read to know whether the part must change
                holds = (
                    pl.scan_parquet(path, hive_partitioning=False)
                    .select("doc_id")
                    .filter(pl.col("doc_id").is_in(drop_ids))
                    .head(1)
                    .collect()
                    .height
                )
            except (OSError, pl.exceptions.PolarsError) as exc:
                raise StoreError(f"{path}: cannot read store file: {exc}") from exc
            if holds:
                kept = _read_parquet([path], DOC_TABLES[table]).filter(
                    ~pl.col("doc_id").is_in(drop_ids)
                )
                if kept.is_empty():
                    path.unlink()
                else:
                    _write_parquet(kept, path)
        if new.is_empty():
            return
        n = max((_span(p)[1] + 1 for p in _parts(folder)[0]), default=0)
        name = "part.parquet" if n == 0 else f"part-{n}-{n}.parquet"
        # doc_id order across documents, the parser's row order within one
        _write_parquet(new.sort("doc_id", maintain_order=True), folder / name)

    def compact(self, max_parts: int = 1) -> int:
        """Merge every partition of more than ``max_parts`` parts into one; returns how many
        were merged. The merged part is written before the parts it replaces are deleted
        (its span covers theirs, so a crash in between reads each row once); running it
        again changes nothing."""
        merged = 0
        for table, schema in DOC_TABLES.items():
            for folder in sorted(p for p in self.table_dir(table).glob("fiscal_year=*")):
                parts, stale = _parts(folder)
                if len(parts) > max_parts:
                    spans = [_span(p) for p in parts]
                    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
                    rows = _in_order(_read_parquet(parts, schema), len(parts))
                    _write_parquet(rows, folder / f"part-{lo}-{hi}.parquet")
                    stale += parts
                    merged += 1
                for path in stale:
                    path.unlink(missing_ok=True)
        return merged

    def _derived_path(self, name: str) -> Path:
        """Where a derived table written whole goes (a partitioned one: its only file)."""
        if name not in DERIVED_TABLES:
            raise StoreError(f"unknown derived table {name!r}")
        if name in PARTITIONED:
            return self.root / "derived" / name / "all.parquet"
        return self.root / "derived" / f"{name}.parquet"

    def _drop_other_files(self, name: str, keep: set[str]) -> None:
        """A partitioned table's files other than ``keep`` (paths under its folder), its
        emptied folders and its file of before it was partitioned."""
        folder = self.root / "derived" / name
        for path in self.derived_files(name):
            if path.parent == folder.parent or path.relative_to(folder).as_posix() not in keep:
                path.unlink()
        for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()
        (self.root / "derived" / f"{name}.parquet").unlink(missing_ok=True)

    def write_derived(self, tables: dict[str, pl.DataFrame]) -> None:
        for name, df in tables.items():
            path = self._derived_path(name)
            _write_parquet(conform(df, DERIVED_TABLES[name]), path)
            if name in PARTITIONED:
                self._drop_other_files(name, {"all.parquet"})

    def sink_derived(self, name: str, frame: pl.LazyFrame) -> None:
        """Write a derived table from a lazy frame, streamed (never whole in memory)."""
        path = self._derived_path(name)
        frame = frame.select([pl.col(c).cast(t) for c, t in DERIVED_TABLES[name].items()])
        _atomic_write(path, lambda tmp: frame.sink_parquet(tmp, compression="zstd"))
        if name in PARTITIONED:
            self._drop_other_files(name, {"all.parquet"})

    def link_derived(self, name: str, files: dict[str, Path]) -> int:
        """Make the partitioned derived table ``name`` the files ``files`` (a path under its
        folder → the file to hold there, e.g. the analysis cache's): each path not already
        that file is replaced atomically by a hard link to it (a copy where the disk has no
        links), then the table's other files are removed. Nothing is rewritten: an increment
        costs the files it rebuilt. Returns how many paths were replaced."""
        folder = self.root / "derived" / name
        replaced = 0
        for rel, source in files.items():
            target = folder / rel
            if target.exists() and os.path.samefile(target, source):
                continue
            _atomic_write(target, lambda tmp, source=source: _link(source, Path(tmp)))
            replaced += 1
        self._drop_other_files(name, set(files))
        return replaced

    # ---- reviews -----------------------------------------------------------------------
    def reviews(self) -> pl.DataFrame:
        """Every review row, oldest first (store/reviews.py)."""
        if not self.reviews_path.exists():
            return pl.DataFrame(schema=REVIEWS)
        return _read_parquet([self.reviews_path], REVIEWS)

    def append_review(self, flag_id: str, state: str, note: str | None, by: str, at: str) -> None:
        """One more review row; earlier rows are kept as they are (append-only)."""
        if state not in REVIEW_STATES:
            raise StoreError(f"review state {state!r}: one of {', '.join(REVIEW_STATES)}")
        row = pl.DataFrame(
            [{"flag_id": flag_id, "state": state, "note": note, "by": by, "at": at}], schema=REVIEWS
        )
        _write_parquet(pl.concat([self.reviews(), row]), self.reviews_path)

    # ---- run metadata ------------------------------------------------------------------
    def write_run(self, meta: dict) -> Path:
        path = self.root / "runs" / f"{meta['run_id']}.json"
        text = json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        _atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
        return path

    def _reserve_path(self, run_id: str) -> Path:
        return self.root / "runs" / f".{run_id}.reserve"

    def reserve_run_space(self, run_id: str) -> None:
        """Hold ``RESERVE_BYTES`` on the store's disk for the run's last metadata write: a
        run that fills the disk is then still recorded ``failed`` with its error, not found
        ``running`` by the next run and called killed. A disk too full to reserve on is
        left to that later check."""
        path = self._reserve_path(run_id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(bytes(RESERVE_BYTES))
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            path.unlink(missing_ok=True)

    def finish_run(self, meta: dict) -> None:
        """Write a run's final metadata; on a full disk the reserved space is given back
        first and the write tried again (without the file lists, if it is still too big)."""
        reserve = self._reserve_path(meta["run_id"])
        try:
            self.write_run(meta)
        except StoreWriteError:
            reserve.unlink(missing_ok=True)
            try:
                self.write_run(meta)
            except StoreWriteError:
                self.write_run({k: v for k, v in meta.items() if not isinstance(v, list)})
        finally:
            reserve.unlink(missing_ok=True)

    def close_abandoned_runs(self, by_run: str) -> list[str]:
        """Runs recorded ``running`` that are not: they ended without writing their end
        (kill -9, out of memory, power cut). Call holding the data dir's lock (no other run
        can be live then). They are recorded ``killed``; returns their ids."""
        closed = []
        for meta in self.runs():
            if meta.get("status") == "running" and meta.get("run_id") != by_run:
                meta.update(
                    status="killed",
                    error=f"ended without recording its end "
                    f"(killed or crashed); found by run {by_run}",
                )
                self.write_run(meta)
                closed.append(meta["run_id"])
        return closed

    def runs(self) -> list[dict]:
        """Run metadata, oldest first (run ids start with their UTC start time)."""
        out = []
        for path in sorted((self.root / "runs").glob("*.json")):
            try:
                out.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, json.JSONDecodeError) as exc:
                raise StoreError(f"{path}: unreadable run metadata: {exc}") from exc
        return out


def quarantine_rows(documents: pl.DataFrame) -> pl.DataFrame:
    """Documents kept out of the analytical tables, with why."""
    return (
        documents.filter(pl.col("status") != DocStatus.LOADED)
        .select(
            "doc_id",
            "source_file",
            "fiscal_year",
            "department_code",
            "status",
            pl.col("status_reason").alias("reason"),
        )
        .cast(QUARANTINE_TABLE)
    )
