"""The fixed tuning / held-apart split of a folder of real documents, decided before any of
them is read.

- A folder of PDFs (``real_more/pdf``): a file whose sha256 ends in an even hex digit is for
  tuning, odd is held apart.
- A folder of workbooks and narratives with a MANIFEST.tsv naming each file's unit
  (``real_more/dz``): the same rule on the sha256 of the unit's name, so that re-uploads of one
  unit stay on one side. Names vary across uploads ("南城区" / "定州市南城区办事处"), so the name
  is reduced first (notes in brackets, the city prefix and the body's suffix dropped), and a
  file named in another's ``pair`` column joins that file's group; the group's side is that of
  its smallest reduced name.

Usage: ``python benchmarks/real_split.py FOLDER`` prints ``tuning|held<TAB>file`` lines.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

_NOTES = re.compile(r"[\[（(【][^\]）)】]*[\]）)】]")
_PREFIX = re.compile(r"^(?:\d+|中共|定州市|定州)+")
_SUFFIX = re.compile(r"(?:人民政府|街道办事处|办事处|街道)$")


def _even(text: bytes) -> bool:
    return int(hashlib.sha256(text).hexdigest()[-1], 16) % 2 == 0


def unit_key(name: str) -> str:
    """The reduced unit name a workbook's or narrative's side is decided by."""
    name = _NOTES.sub("", name).strip()
    return _SUFFIX.sub("", _PREFIX.sub("", name)) or name


def _manifest_sides(folder: Path) -> dict[str, str]:
    rows = list(csv.DictReader((folder / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    parent = {r["file"]: r["file"] for r in rows}

    def find(f: str) -> str:
        while parent[f] != f:
            f = parent[f]
        return f

    by_key: dict[str, str] = {}
    for r in rows:
        key = unit_key(r["department"])
        if key in by_key:
            parent[find(r["file"])] = find(by_key[key])
        by_key.setdefault(key, r["file"])
        if r.get("pair") in parent:
            parent[find(r["file"])] = find(r["pair"])
    groups: dict[str, list[str]] = {}
    for r in rows:
        groups.setdefault(find(r["file"]), []).append(unit_key(r["department"]))
    return {
        r["file"]: "tuning" if _even(min(groups[find(r["file"])]).encode("utf-8")) else "held"
        for r in rows
    }


def split(folder: Path) -> dict[str, str]:
    """``{file name: "tuning" | "held"}`` for every document of ``folder``."""
    folder = Path(folder)
    if (folder / "MANIFEST.tsv").exists() and any(
        p.suffix.lower() in {".xls", ".xlsx", ".doc", ".docx"} for p in folder.iterdir()
    ):
        return _manifest_sides(folder)
    return {
        p.name: "tuning" if _even(p.read_bytes()) else "held"
        for p in sorted(folder.iterdir())
        if p.suffix.lower() == ".pdf"
    }


if __name__ == "__main__":
    for name, side in sorted(split(Path(sys.argv[1])).items()):
        print(f"{side}\t{name}")
