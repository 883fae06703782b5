"""Find the disclosures under an input root.

A run sees the extracted-text files (``*.txt``), the PDFs (``*.pdf``), the workbooks
(``*.xlsx``, ``*.xlsm``, ``*.xls``) and Word documents (``*.docx``) below the root,
suffixes in any case — a ``.pdf`` that is no PDF (a saved error page) is still seen, so the
reader rejects it with its reason instead of it vanishing — sorted by their relative path so
that every run visits them in the same order; each carries the sha256 of its bytes, which is
both the document id's source (first 16 hex chars) and the store's test for "unchanged".

Files a disclosure is sometimes published as but that are not read (archives, Word 97 .doc,
WPS files) are seen too and carry a ``problem``: they become rejected documents with the
reason. So do files that cannot be read at all (permissions, a FIFO, a symlink loop or a
symlink leading out of the root) and files over the byte limit, which are never read whole.
Every other file is listed as ignored. Directory symlinks are not followed (a loop would
never end, and the root is the boundary of what a run reads).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from budgetwatch.sources.containers import (
    OFFICE_SUFFIXES,
    UNREAD_SUFFIXES,
    describe_container,
)

READ_SUFFIXES = (".txt", ".pdf", *OFFICE_SUFFIXES)
_CHUNK = 1 << 20


class InputRootError(FileNotFoundError):
    """The input root does not exist or is not a directory."""


@dataclass(frozen=True)
class InputFile:
    source_file: str  # relative to the input root, "/" separators (the contract's source_file)
    path: Path
    sha256: str
    # why the file is rejected without being parsed (None: parse it)
    problem: str | None = None

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class Discovery:
    files: list[InputFile]  # read or rejected, sorted by source_file
    ignored: list[str]  # other files under the root (source_file), not disclosures


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _path_id(source_file: str) -> str:
    # an unreadable file has no bytes to hash: its id comes from its path, so it is stable
    # across runs and changes as soon as the file can be read
    return hashlib.sha256(b"unreadable:" + source_file.encode()).hexdigest()


def _unreadable(rel: str, path: Path, reason: str) -> InputFile:
    return InputFile(rel, path, _path_id(rel), reason)


def _entry(path: Path, rel: str, root: Path, max_bytes: int) -> InputFile:
    """``path`` to read, or rejected with why. Never opens a file that is not regular."""
    try:
        st = path.stat()  # follows a file symlink; a loop raises ELOOP
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            return _unreadable(
                rel,
                path,
                f"a symbolic link to {path.resolve()}, outside the input folder: not followed",
            )
        if not stat.S_ISREG(st.st_mode):
            return _unreadable(rel, path, "not a regular file (a FIFO, socket or device): not read")
        if st.st_size > max_bytes:
            return _unreadable(
                rel,
                path,
                f"{st.st_size:,} bytes, over the limit of "
                f"{max_bytes:,} (limits.max_file_bytes): not read",
            )
        sha = file_sha256(path)
    except OSError as exc:
        return _unreadable(rel, path, f"cannot be read: {exc.strerror or exc}")
    if path.suffix.lower() in UNREAD_SUFFIXES:
        return InputFile(rel, path, sha, describe_container(path))
    return InputFile(rel, path, sha)


def _relative(path: Path, root: Path) -> str:
    # a name that is not UTF-8 cannot be stored as text: its odd bytes are shown as \xNN
    rel = path.relative_to(root).as_posix()
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover_all(input_root: Path, max_bytes: int = 1 << 62) -> Discovery:
    """Every file under ``input_root``: disclosures to read or reject, and the rest."""
    root = Path(input_root)
    if not root.is_dir():
        raise InputRootError(f"{root}: input directory does not exist")
    root = root.resolve()
    found, ignored = [], []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        # a directory symlink is an entry of dirnames that os.walk does not descend into
        names = filenames + [d for d in dirnames if (here / d).is_symlink()]
        for name in names:
            path = here / name
            rel = _relative(path, root)
            suffix = path.suffix.lower()
            if suffix in READ_SUFFIXES or suffix in UNREAD_SUFFIXES:
                found.append(_entry(path, rel, root, max_bytes))
            else:
                ignored.append(rel)
    return Discovery(sorted(found, key=lambda f: f.source_file), sorted(ignored))


def inspect_files(paths: list[Path], input_root: Path, max_bytes: int = 1 << 62) -> list[InputFile]:
    """Files named one by one (``evaluate``, ``analyze``) under ``input_root``, through the
    same checks as discovery: a FIFO, a device, a symlink loop or one leading out of the
    root, an unreadable or oversized file comes back rejected with its reason, never
    opened. Sorted by relative path, like ``discover``."""
    root = Path(input_root).resolve()
    found = []
    for p in paths:
        # the folder resolved, the name not: a file symlink must stay one to be checked
        path = Path(p).absolute().parent.resolve() / Path(p).name
        found.append(_entry(path, _relative(path, root), root, max_bytes))
    return sorted(found, key=lambda f: f.source_file)


def discover(input_root: Path, max_bytes: int = 1 << 62) -> list[InputFile]:
    """The ``*.txt``, PDF, office and container files under ``input_root`` (recursively), sorted by
    relative path."""
    return discover_all(input_root, max_bytes).files


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
