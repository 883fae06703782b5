"""The analysis step's working state inside the store, for incremental runs.

Layout (under the data directory)::

    analysis/state.json                     boundaries of the department groups, each
                                            department's and year's fingerprint at the last
                                            analysis
    analysis/groups/<n>/<table>.parquet     per group of departments: multiyear, yoy_claims,
                                            parts (department rules' partial flags),
                                            corpus (corpus rules' partial flags) and flags
                                            (the group's documents' flags, assembled)
    analysis/peers/<year>/<kind>.parquet    peer statistics of one fiscal year and kind of
                                            department (``_kind_name``: an increment rewrites
                                            the kinds it touches, and never reads the others)
    analysis/peer_rows/<year>/<kind>.parquet
                                            what those statistics are computed from
                                            (comparison.peers.peer_rows): an increment
                                            replaces its changed departments' rows and
                                            computes the kind's statistics again, without
                                            reading the other departments' line items

The store's derived multiyear and peers tables are hard links to the groups' multiyear and
the peers files (``derived_files``, ``Store.link_derived``): a run replaces only the links of
the files it rewrote.
    analysis/forests/folds.pickle           the corpus forests' fold forests of the last fit,
                                            the number of departments then and those changed
                                            since (an increment reuses them: flows/analysis.py)

A group is a contiguous range of department keys (``boundaries`` holds each range's first
key), so the groups' multiyear tables concatenated in group order are sorted as one table
built at once. Every file is replaced atomically and the state is written last: a run that
dies midway leaves fingerprints that no longer match, and the next run recomputes those
departments.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import polars as pl

from budgetwatch.store.parquet import _atomic_write, _write_parquet, scan_files

CACHE_VERSION = 4  # bump when a change to comparison/detection code invalidates the cache
PER_KIND = ("peers", "peer_rows")  # the tables kept per year and kind


class AnalysisCache:
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "analysis"

    @property
    def state_path(self) -> Path:
        return self.root / "state.json"

    def state(self) -> dict:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        return state if state.get("version") == CACHE_VERSION else {}

    def write_state(self, state: dict) -> None:
        text = json.dumps({**state, "version": CACHE_VERSION}, ensure_ascii=False, sort_keys=True)
        _atomic_write(self.state_path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))

    def clear(self) -> None:
        """Forget every cached group and year (new group boundaries, new settings)."""
        for sub in ("groups", *PER_KIND, "forests"):
            shutil.rmtree(self.root / sub, ignore_errors=True)

    @property
    def forests_path(self) -> Path:
        return self.root / "forests" / "folds.pickle"

    # the standard library's pickle, whose (un)pickler is C: joblib's is Python, and an
    # increment reads and writes this file (15 MB at 50,000 documents: joblib 2.0 s of CPU to
    # load and 0.5 to dump, pickle 0.08 and 0.18)
    def read_forests(self) -> dict | None:
        if not self.forests_path.exists():
            return None
        with self.forests_path.open("rb") as fh:
            return pickle.load(fh)

    def write_forests(self, fits: dict) -> None:
        def dump(tmp: str) -> None:
            with open(tmp, "wb") as fh:
                pickle.dump(fits, fh, protocol=pickle.HIGHEST_PROTOCOL)

        _atomic_write(self.forests_path, dump)

    def group_path(self, group: int, table: str) -> Path:
        return self.root / "groups" / str(group) / f"{table}.parquet"

    def read_group(self, group: int, table: str, schema: dict | None = None) -> pl.DataFrame | None:
        path = self.group_path(group, table)
        if not path.exists():
            return None if schema is None else pl.DataFrame(schema=schema)
        return pl.read_parquet(path)

    def write_group(self, group: int, table: str, df: pl.DataFrame) -> None:
        _write_parquet(df, self.group_path(group, table))

    def peers_dir(self, year: int, table: str = "peers") -> Path:
        return self.root / table / str(year)

    def _kind_files(self, year: int, table: str = "peers") -> list[Path]:
        """A year's peers files in the order of the peers' sort (kind, nulls first): their
        names' order (``_kind_name``)."""
        return sorted(self.peers_dir(year, table).glob("*.parquet"))

    def scan_peers(self, year: int, schema: dict, table: str = "peers") -> pl.LazyFrame | None:
        """A year's stored peers (``table``: or their rows), every kind (None: the year was
        never built)."""
        if not self.peers_dir(year, table).is_dir():
            return None
        return scan_files(self._kind_files(year, table), schema)

    def write_peers(
        self,
        year: int,
        df: pl.DataFrame,
        kinds: list[str | None] | None,
        table: str = "peers",
    ) -> None:
        """The peers (``table``: or their rows) of ``kinds`` of a year (None: every kind), one
        file per kind; a kind of ``kinds`` (None: any) with no rows in ``df`` has none. Each
        file is replaced atomically and the stale ones go last: a run that dies midway leaves
        each kind's old or new rows, and the next run builds its changed kinds again (the
        year's fingerprint was not stored)."""
        folder = self.peers_dir(year, table)
        folder.mkdir(parents=True, exist_ok=True)
        written = set()
        for (kind,), rows in df.partition_by("kind", as_dict=True, maintain_order=True).items():
            written.add(f"{_kind_name(kind)}.parquet")
            _write_parquet(rows, folder / f"{_kind_name(kind)}.parquet")
        names = (
            [p.name for p in folder.glob("*.parquet")]
            if kinds is None
            else [f"{_kind_name(k)}.parquet" for k in kinds]
        )
        for name in set(names) - written:
            (folder / name).unlink(missing_ok=True)

    def drop_peers(self, year: int) -> None:
        for table in PER_KIND:
            shutil.rmtree(self.peers_dir(year, table), ignore_errors=True)

    def peers_files(self, years: list[int]) -> list[Path]:
        """Every peers file of ``years``, concatenated in order the peers of those years built
        at once (year, then kind)."""
        return [p for y in sorted(years) for p in self._kind_files(y)]

    def group_files(self, groups: int, table: str) -> list[Path]:
        return [p for p in (self.group_path(g, table) for g in range(groups)) if p.exists()]

    def derived_files(self, groups: int, years: list[int]) -> dict[str, dict[str, Path]]:
        """The partitioned derived tables as this cache's files (``Store.link_derived``): the
        groups' multiyear (group order) and the years' peers (year, then kind order)."""
        return {
            "multiyear": {
                f"{int(p.parent.name):06d}.parquet": p
                for p in self.group_files(groups, "multiyear")
            },
            "peers": {f"{y:04d}/{p.name}": p for y in sorted(years) for p in self._kind_files(y)},
        }


def _kind_name(kind: str | None) -> str:
    """A kind's file name: its UTF-8 bytes in hex (any text makes a valid name), "_none" for a
    department of no known kind. The names sort as the peers do: nulls first ("_" < "k"),
    then by the kinds' UTF-8 bytes (polars' string order), which their hex keeps."""
    return "_none" if kind is None else "k" + kind.encode().hex()
