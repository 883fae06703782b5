"""Office files and archives: which ones are read, and why the others are not.

Workbooks (.xlsx, .xls) and Word documents (.docx, .doc) are read
(``transforms.workbook_reader``, ``transforms.docx_reader``, ``transforms.doc_reader``) after the checks here, made on the bytes before any reader sees
them: the ZIP directory of an OOXML file is read (never its members) and its declared sizes
bound what a reader may inflate — a zip bomb renamed .xlsx is refused, not expanded; an OLE
file is recognised by its signature and a password-protected one (EncryptionInfo /
EncryptedPackage streams, or the RC4 flag of an .xls) is refused with that reason.

Archives are not unpacked (what they hold would have no path of its own under the input
root, and a crafted archive can expand without bound). Each becomes a rejected document whose reason says what the file is — or that it
is damaged — and what to do instead.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import olefile

from budgetwatch.sources.errors import BinaryInputError

_ZIP_BASED = {".zip": "a ZIP archive"}
_OTHER = {
    ".rar": "a RAR archive",
    ".7z": "a 7-Zip archive",
    ".wps": "a WPS document",
    ".et": "a WPS spreadsheet",
}
UNREAD_SUFFIXES = frozenset({*_ZIP_BASED, *_OTHER})
OFFICE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".docx", ".doc")
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_ZIP_MAGIC = b"PK\x03\x04"
_ADVICE = "not read: save the disclosure as PDF or text into the input folder"
# What an office file may inflate to, and how far beyond its own size (a workbook of text
# and numbers compresses 5-20 times; a zip bomb thousands of times)
MAX_INFLATED_BYTES = 300_000_000
MAX_RATIO = 200


class UnreadableOfficeError(BinaryInputError):
    """A damaged, encrypted or oversized workbook or Word file (binary content not read)."""

    kind = "unreadable_office"


def is_ole(data: bytes) -> bool:
    return data[:8] == _OLE_MAGIC


def office_kind(data: bytes) -> str | None:
    """xlsx / docx / xls / doc from the bytes (never the name), ``encrypted`` (a
    password-protected OOXML file), ``damaged`` (a ZIP whose directory is unreadable), ``ole``
    (any other OLE file: damaged, or no workbook or Word document); None for anything else."""
    if is_ole(data) and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P" in data:
        return "encrypted"  # an encrypted OOXML file is an OLE container
    if data[:4] == _ZIP_MAGIC:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, EOFError, ValueError):
            return "damaged"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return None
    if is_ole(data):
        # the streams at the container's root (an embedded workbook inside a Word document
        # lies deeper): Workbook/Book a workbook, WordDocument a Word document
        try:
            root = {
                entry[0]
                for entry in olefile.OleFileIO(io.BytesIO(data)).listdir()
                if len(entry) == 1
            }
        except (OSError, ValueError, IndexError):
            return "ole"
        if root & {"Workbook", "Book"}:
            return "xls"
        return "doc" if "WordDocument" in root else "ole"
    return None


def check_ooxml(data: bytes, source_file: str) -> None:
    """Refuse an OOXML file whose members would inflate past the limits (a zip bomb)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    inflated = sum(info.file_size for info in zf.infolist())
    if inflated > MAX_INFLATED_BYTES or inflated > MAX_RATIO * max(len(data), 1):
        raise UnreadableOfficeError(
            source_file,
            0,
            f"its members would inflate to {inflated:,} bytes from {len(data):,} "
            f"(limit {MAX_INFLATED_BYTES:,} bytes and {MAX_RATIO}×): a zip bomb? not read",
        )


def describe_container(path: Path) -> str:
    """The rejection reason of an archive (``path`` has an UNREAD suffix)."""
    suffix = path.suffix.lower()
    if suffix in _ZIP_BASED:
        what = _ZIP_BASED[suffix]
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            return f"not a valid {suffix[1:]} file (damaged or truncated: {exc}): not read"
        inner = sum(n.lower().endswith((".pdf", ".txt", ".xls", ".xlsx", ".docx")) for n in names)
        return (
            f"{what} of {len(names)} file(s), {inner} of them PDF, text or office files: "
            "archives are not unpacked; extract them into the input folder"
        )
    return f"{_OTHER[suffix]}: {_ADVICE}"
