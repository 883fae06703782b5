"""Find the disclosures under an input root.

A run sees the extracted-text files (``*.txt``) and the PDFs (``*.pdf``) below the root,
suffixes in any case — a ``.pdf`` that is no PDF (a saved error page) is still seen, so the
reader rejects it with its reason instead of it vanishing — sorted by their relative path so
that every run visits them in the same order; each carries the sha256 of its bytes, which is both the
document id's source (first 16 hex chars) and the store's test for "unchanged".
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


class InputRootError(FileNotFoundError):
    """The input root does not exist or is not a directory."""


@dataclass(frozen=True)
class InputFile:
    source_file: str  # relative to the input root, "/" separators (the contract's source_file)
    path: Path
    sha256: str

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def discover(input_root: Path) -> list[InputFile]:
    """All ``*.txt`` and PDF ``*.pdf`` files under ``input_root`` (recursively), sorted by
    relative path."""
    root = Path(input_root)
    if not root.is_dir():
        raise InputRootError(f"{root}: input directory does not exist")
    found = []
    for p in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        suffix = p.suffix.lower()
        if suffix not in (".txt", ".pdf") or not p.is_file():
            continue
        found.append(InputFile(p.relative_to(root).as_posix(), p, file_sha256(p)))
    return found


def split_duplicates(files: list[InputFile]) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """Files with distinct bytes, and (duplicate, original) pairs for the rest.

    The document id is the hash of the bytes, so two copies of one document would share an
    id and double its rows; the first path in sorted order is kept.
    """
    first: dict[str, str] = {}
    kept, duplicates = [], []
    for f in files:
        if f.sha256 in first:
            duplicates.append((f.source_file, first[f.sha256]))
        else:
            first[f.sha256] = f.source_file
            kept.append(f)
    return kept, duplicates
