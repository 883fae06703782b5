"""Office files (workbooks, Word) by their bytes: read into the IR, or rendered as the text
whose 1-based lines are their items' ``source_line`` (what ``explain`` shows around a line)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import olefile

from budgetwatch.sources.containers import UnreadableOfficeError, office_kind
from budgetwatch.transforms.doc_reader import read_doc
from budgetwatch.transforms.docx_reader import read_docx
from budgetwatch.transforms.workbook_grid import MAX_CELLS
from budgetwatch.transforms.workbook_reader import OfficeRead, read_workbook

__all__ = ["OfficeRead", "office_kind", "read_office", "render_office"]


def read_office(data: bytes, kind: str, source_file: str, max_cells: int = MAX_CELLS) -> OfficeRead:
    """``kind`` from ``office_kind``; ``max_cells`` bounds a sheet (limits.max_sheet_cells).
    Raises UnreadableOfficeError."""
    if kind == "encrypted":
        raise UnreadableOfficeError(
            source_file,
            0,
            "password-protected (encrypted) office file: not read; save it without a password",
        )
    if kind == "damaged":
        raise UnreadableOfficeError(
            source_file,
            0,
            "binary content, not a valid office file (a "
            "damaged or truncated ZIP archive): not read",
        )
    if kind == "ole":
        raise UnreadableOfficeError(
            source_file,
            0,
            "an OLE (Office 97-2003) file that is "
            "damaged or neither a Word document nor a workbook: not read",
        )
    if kind == "doc":
        office = read_doc(data, source_file)
    elif kind == "docx":
        office = read_docx(data, source_file)
    else:
        office = read_workbook(data, kind, source_file, max_cells)
    office.saved_at = saved_time(data)
    return office


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>\s*(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")


def saved_time(data: bytes) -> datetime | None:
    """The file's last-saved time (UTC) from its own document properties: an OOXML package's
    docProps/core.xml ``dcterms:modified`` (W3CDTF, UTC), an OLE file's SummaryInformation
    last-saved FILETIME (UTC); None where the file records none or it cannot be read (it
    decides nothing alone: workbook_income.by_saved_time)."""
    try:
        if data[:4] == b"PK\x03\x04":  # an OOXML package (is_zipfile also finds a ZIP inside)
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "docProps/core.xml" not in z.namelist():
                    return None
                # a few KB, bounded like every member (sources.containers' zip-bomb check)
                found = _MODIFIED.search(z.open("docProps/core.xml").read(1 << 16))
            stamp = datetime.fromisoformat(found.group(1).decode()) if found else None
        else:
            with olefile.OleFileIO(io.BytesIO(data)) as ole:
                stamp = ole.get_metadata().last_saved_time
    except Exception:  # a property stream that cannot be read: the time is unknown, no more
        return None
    if stamp is None or stamp.year < 1990:  # an unset FILETIME reads as 1601
        return None
    return stamp.replace(tzinfo=UTC)


def render_office(data: bytes, source_file: str) -> str | None:
    """One line per rendered row: its address, then its cells joined by TAB; None when the
    bytes are no readable office file."""
    kind = office_kind(data)
    if kind is None:
        return None
    office = read_office(data, kind, source_file)
    return "".join(f"{office.rows.get(n, '')}\t{text}\n" for n, text in office.texts.items())
