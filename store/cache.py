"""The analysis step's working state inside the store, for incremental runs.

Layout (under the data directory)::

    analysis/state.json                     boundaries of the department groups, each
                                            department's and year's fingerprint at the last
                                            analysis
    analysis/groups/<n>/<table>.parquet     per group of departments: multiyear, yoy_claims,
                                            parts (department rules' partial flags),
                                            corpus (corpus rules' partial flags) and flags
                                            (the group's documents' flags, assembled)
    analysis/peers/<year>.parquet           peer statistics of one fiscal year
    analysis/forests/folds.joblib           the corpus forests' fold forests of the last fit,
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
import shutil
from pathlib import Path

import polars as pl

from budgetwatch.store.parquet import _atomic_write, _write_parquet

CACHE_VERSION = 1  # bump when a change to comparison/detection code invalidates the cache


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
        for sub in ("groups", "peers", "forests"):
            shutil.rmtree(self.root / sub, ignore_errors=True)

    @property
    def forests_path(self) -> Path:
        return self.root / "forests" / "folds.joblib"

    def read_forests(self) -> dict | None:
        import joblib

        return joblib.load(self.forests_path) if self.forests_path.exists() else None

    def write_forests(self, fits: dict) -> None:
        import joblib

        _atomic_write(self.forests_path, lambda tmp: joblib.dump(fits, tmp))

    def group_path(self, group: int, table: str) -> Path:
        return self.root / "groups" / str(group) / f"{table}.parquet"

    def peers_path(self, year: int) -> Path:
        return self.root / "peers" / f"{year}.parquet"

    def read_group(self, group: int, table: str, schema: dict | None = None) -> pl.DataFrame | None:
        path = self.group_path(group, table)
        if not path.exists():
            return None if schema is None else pl.DataFrame(schema=schema)
        return pl.read_parquet(path)

    def write_group(self, group: int, table: str, df: pl.DataFrame) -> None:
        _write_parquet(df, self.group_path(group, table))

    def read_peers(self, year: int) -> pl.DataFrame | None:
        path = self.peers_path(year)
        return pl.read_parquet(path) if path.exists() else None

    def write_peers(self, year: int, df: pl.DataFrame) -> None:
        _write_parquet(df, self.peers_path(year))

    def drop_peers(self, year: int) -> None:
        self.peers_path(year).unlink(missing_ok=True)

    def peers_files(self, years: list[int]) -> list[Path]:
        return [p for p in (self.peers_path(y) for y in sorted(years)) if p.exists()]

    def group_files(self, groups: int, table: str) -> list[Path]:
        return [p for p in (self.group_path(g, table) for g in range(groups)) if p.exists()]
