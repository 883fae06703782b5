"""Classification catalogues (政府收支分类科目), loaded by edition year.

Data files live in ``transforms/catalogues/``: ``function_<year>.csv``, ``economic_<year>.csv``
(columns code, name, level, parent_code, edition, source, confidence, note) and
``summary_rows_<year>.csv`` (ordinal, label_as_printed, function_class_code, …). An office drops the
official edition of another year beside them; a document uses the nearest edition not after its
fiscal year, else the earliest one.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_DIR = Path(__file__).with_name("catalogues")
_FILE_RE = re.compile(r"^(function|economic|summary_rows)_(\d{4})\.csv$")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    confidence: str  # high / medium / low


@dataclass(frozen=True)
class Catalogue:
    edition: int
    function: dict[str, Entry]
    economic: dict[str, Entry]
    summary_classes: dict[int, tuple[str, str]]  # ordinal → (类 code or "", label without ordinal)


def editions(kind: str, directory: Path = CATALOGUE_DIR) -> list[int]:
    return sorted(
        int(m.group(2)) for p in directory.iterdir() if (m := _FILE_RE.match(p.name))
        and m.group(1) == kind
    )


def pick_edition(available: list[int], fiscal_year: int | None) -> int:
    """Nearest edition ≤ fiscal year, else the earliest."""
    if not available:
        raise FileNotFoundError(f"no catalogue files in {CATALOGUE_DIR}")
    older = [y for y in available if fiscal_year is not None and y <= fiscal_year]
    return max(older) if older else min(available)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _entries(path: Path) -> dict[str, Entry]:
    return {
        r["code"].strip(): Entry(r["code"].strip(), r["name"].strip(),
                                 (r.get("confidence") or "high").strip())
        for r in _read(path)
    }


_ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十百]+、")


@lru_cache(maxsize=16)
def load_catalogue(fiscal_year: int | None, directory: Path = CATALOGUE_DIR) -> Catalogue:
    def path(kind: str) -> tuple[int, Path]:
        year = pick_edition(editions(kind, directory), fiscal_year)
        return year, directory / f"{kind}_{year}.csv"

    edition, function_path = path("function")
    summary = {
        int(r["ordinal"]): (r["function_class_code"].strip(),
                            _ORDINAL_PREFIX.sub("", r["label_as_printed"].strip()))
        for r in _read(path("summary_rows")[1])
    }
    return Catalogue(edition, _entries(function_path), _entries(path("economic")[1]), summary)
