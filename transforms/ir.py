"""The intermediate representation every reader produces (text and PDF now; XLSX later).

A reader turns its source into these plain objects; normalisation (`transforms.normalise`,
`transforms.projects`, `transforms.narrative`) turns them into the contract frames. Cells keep the
line and page they were read from so every amount can be traced back to its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)  # thousands per document: slots make them cheap
class Cell:
    text: str
    line: int  # 1-based line of the source where (the first part of) the text was read
    page: int
    address: str = ""  # a workbook's cell (表3!D12) or a Word file's (表格1!B3); "" elsewhere
    # the printed text found on its page by an extraction independent of the layout reader
    # (`transforms.pdf_verify`); None for inputs without pages
    verified: bool | None = None


@dataclass(slots=True)
class RawRow:
    cells: list[Cell]
    line: int
    page: int
    columns: dict[int, str]  # cell position -> header label (wrap spaces removed) of its page
    joined_lines: list[int] = field(default_factory=list)  # continuation lines joined into it
    # cell position -> the header labels above it, top to bottom (PDF; None: one level only)
    paths: dict[int, tuple[str, ...]] | None = None

    def text(self, pos: int) -> str:
        return self.cells[pos].text if pos < len(self.cells) else ""


@dataclass
class RawTable:
    table_id: str  # contract id, or "unknown"
    title: str
    title_line: int
    unit: str = ""  # 万元 / 元 as printed in the page header
    rows: list[RawRow] = field(default_factory=list)
    notes: list[tuple[str, int]] = field(default_factory=list)  # (text, line)
    pages: list[int] = field(default_factory=list)


@dataclass
class RawProject:
    project_no: int
    title: str
    title_line: int
    page: int
    unit: str = "万元"
    rows: list[tuple[list[str], int, int]] = field(default_factory=list)  # (cells, line, page)
    kind: str = "project"  # or "department": a 部门整体 绩效目标表 read as one block
    table_title: str = ""  # the printed title of the 绩效目标表 it was read from


@dataclass
class Paragraph:
    text: str
    segments: list[tuple[int, int, int]]  # (start offset in text, line, page)

    def locate(self, offset: int) -> tuple[int, int]:
        line, page = self.segments[0][1], self.segments[0][2]
        for start, ln, pg in self.segments:
            if start > offset:
                break
            line, page = ln, pg
        return line, page


@dataclass
class HeaderSighting:
    """One page header: the department line (joined with its wrapped continuation)."""

    code: str
    name: str
    line: int
    page: int


@dataclass
class Finding:
    kind: str
    severity: str
    message: str
    table_id: str = ""
    code: str = ""
    line: int | None = None
    page: int | None = None  # a PDF's page (else that of ``line``, DocumentIR.line_pages)
    # an unread line's row (contract FINDINGS ``row_code``, ``amounts``): None for other kinds
    row_code: str | None = None
    amounts: list[Decimal] | None = None


@dataclass
class DocumentIR:
    tables: list[RawTable] = field(default_factory=list)
    projects: list[RawProject] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    headers: list[HeaderSighting] = field(default_factory=list)
    years: list[tuple[int, int]] = field(default_factory=list)  # (预算年度, line)
    title_name: str = ""  # department name from the narrative title
    title_year: int | None = None
    doc_kind: str = ""
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    stopped_at: int | None = None  # line where reading stopped early (truncated)
    stop_reason: str = ""
    # a PDF: the page of each line of its rendering (index line - 1); empty for text
    line_pages: list[int] = field(default_factory=list)
    # a PDF: pdfium's own text of each page (page number → text), for the second looks
    page_texts: dict[int, str] = field(default_factory=dict)
