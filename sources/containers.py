"""Files a disclosure is sometimes published in but that the pipeline does not read.

Archives are not unpacked (what they hold would have no path of its own under the input
root, and a crafted archive can expand without bound) and office files are not converted;
each becomes a rejected document whose reason says what the file is — or that it is damaged —
and what to do instead. Only the archive's directory is read, never its members.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

_ZIP_BASED = {".zip": "a ZIP archive", ".xlsx": "an Excel workbook (.xlsx)",
              ".docx": "a Word document (.docx)"}
_OLE = {".xls": "an Excel 97-2003 workbook (.xls)", ".doc": "a Word 97-2003 document (.doc)"}
_OTHER = {".rar": "a RAR archive", ".7z": "a 7-Zip archive", ".wps": "a WPS document",
          ".et": "a WPS spreadsheet"}
UNREAD_SUFFIXES = frozenset({*_ZIP_BASED, *_OLE, *_OTHER})
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_ADVICE = "not read: save the disclosure as PDF or text into the input folder"


def describe_container(path: Path) -> str:
    """The rejection reason of an archive or office file (``path`` has an UNREAD suffix)."""
    suffix = path.suffix.lower()
    if suffix in _ZIP_BASED:
        what = _ZIP_BASED[suffix]
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            return f"not a valid {suffix[1:]} file (damaged or truncated: {exc}): not read"
        if suffix == ".xlsx" and "xl/workbook.xml" not in names:
            return "not a valid xlsx file (a ZIP archive without xl/workbook.xml): not read"
        if suffix == ".zip":
            inner = sum(n.lower().endswith((".pdf", ".txt")) for n in names)
            return (f"{what} of {len(names)} file(s), {inner} of them PDF or text: archives "
                    "are not unpacked; extract them into the input folder")
        return f"{what}: {_ADVICE}"
    if suffix in _OLE:
        with open(path, "rb") as fh:
            if fh.read(8) != _OLE_MAGIC:
                return f"not a valid {suffix[1:]} file (no OLE signature): not read"
        return f"{_OLE[suffix]}: {_ADVICE}"
    return f"{_OTHER[suffix]}: {_ADVICE}"
