"""Office files (workbooks, Word) by their bytes: read into the IR, or rendered as the text
whose 1-based lines are their items' ``source_line`` (what ``explain`` shows around a line)."""

from __future__ import annotations

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
        return read_doc(data, source_file)
    return (
        read_docx(data, source_file)
        if kind == "docx"
        else read_workbook(data, kind, source_file, max_cells)
    )


def render_office(data: bytes, source_file: str) -> str | None:
    """One line per rendered row: its address, then its cells joined by TAB; None when the
    bytes are no readable office file."""
    kind = office_kind(data)
    if kind is None:
        return None
    office = read_office(data, kind, source_file)
    return "".join(f"{office.rows.get(n, '')}\t{text}\n" for n, text in office.texts.items())
