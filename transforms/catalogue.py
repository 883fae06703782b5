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
from functools import cached_property, lru_cache
from pathlib import Path

from budgetwatch.transforms.tables import squash

CATALOGUE_DIR = Path(__file__).with_name("catalogues")
_FILE_RE = re.compile(r"^(function|economic|summary_rows)_(\d{4})\.csv$")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    confidence: str  # high / medium / low


# 类 names of earlier editions, still printed by older documents (Jiangsu 2017: 九、医疗卫生与计划
# 生育支出 is 210, not the 九 of today's list, 209).
CLASS_ALIASES = {
    "医疗卫生与计划生育支出": "210",
    "医疗卫生支出": "210",
    "文化体育与传媒支出": "207",
    "资源勘探信息等支出": "215",
    "资源勘探电力信息等支出": "215",
    "国土海洋气象等支出": "220",
    "国土资源气象等支出": "220",
    "金融监管等事务支出": "217",
    "粮油物资储备事务": "222",
}


@dataclass(frozen=True)
class Catalogue:
    edition: int
    function: dict[str, Entry]
    economic: dict[str, Entry]
    summary_classes: dict[int, tuple[str, str]]  # ordinal → (类 code or "", label without ordinal)

    @cached_property
    def names(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Per system (function/economic): name (squashed: NFKC, no spaces, as printed names
        are looked up — 维修(护)费 is the catalogue's 维修（护）费) → the codes carrying it."""
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for system, entries in (("function", self.function), ("economic", self.economic)):
            index: dict[str, list[str]] = {}
            for code, entry in entries.items():
                index.setdefault(squash(entry.name), []).append(code)
            if system == "function":
                for label, code in [(lab, c) for c, lab in self.summary_classes.values() if c]:
                    index.setdefault(label, []).append(code)
                for label, code in CLASS_ALIASES.items():
                    index.setdefault(label, []).append(code)
            out[system] = {name: tuple(sorted(set(codes))) for name, codes in index.items()}
        return out


def editions(kind: str, directory: Path = CATALOGUE_DIR) -> list[int]:
    return sorted(
        int(m.group(2))
        for p in directory.iterdir()
        if (m := _FILE_RE.match(p.name)) and m.group(1) == kind
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
        r["code"].strip(): Entry(
            r["code"].strip(), r["name"].strip(), (r.get("confidence") or "high").strip()
        )
        for r in _read(path)
    }


_ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十百]+、")


@lru_cache(maxsize=16)
def load_catalogue(fiscal_year: int | None, directory: Path = CATALOGUE_DIR) -> Catalogue:
    def path(kind: str) -> Path:
        return directory / f"{kind}_{pick_edition(editions(kind, directory), fiscal_year)}.csv"

    return _load(path("function"), path("economic"), path("summary_rows"))


@lru_cache(maxsize=16)
def _load(function_path: Path, economic_path: Path, summary_path: Path) -> Catalogue:
    """One catalogue per set of edition files: the years that share them share it (and its
    name index, built once)."""
    summary = {
        int(r["ordinal"]): (
            r["function_class_code"].strip(),
            _ORDINAL_PREFIX.sub("", r["label_as_printed"].strip()),
        )
        for r in _read(summary_path)
    }
    edition = int(_FILE_RE.match(function_path.name).group(2))
    return Catalogue(edition, _entries(function_path), _entries(economic_path), summary)
