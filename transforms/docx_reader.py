"""Read a Word (.docx) narrative into the intermediate representation.

python-docx gives the body in order: each paragraph is a text line, each table row a ruled
row whose cells are pieces (a merged cell once, spanning its grid columns), so the PDF reader's
state machine (`transforms.pdf_reader.read_rows`) reads the narrative's paragraphs and any
budget table the document embeds as it reads a PDF's. A paragraph's address is ``¶N``, a table
cell's ``表格N!B3``. The name and year of a narrative titled on two lines (``定州市民政局`` /
``2017年预算公开说明``) come from its first paragraphs when the reader found none.
"""

from __future__ import annotations

import io
import re

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from budgetwatch.sources.containers import UnreadableOfficeError, check_ooxml
from budgetwatch.transforms.pdf_layout import Page, Piece, Row
from budgetwatch.transforms.pdf_reader import read_rows
from budgetwatch.transforms.tables import squash
from budgetwatch.transforms.workbook_grid import GridCell, Sheet
from budgetwatch.transforms.workbook_reader import (
    ORG_END,
    OfficeRead,
    assign_addresses,
    sheet_pages,
    texts,
    unit_before_title,
)

_TITLE = re.compile(r"(20\d{2})年度?.{0,30}?(预算|决算)")
# a year before the name (2017年定州市…), or the field label of a name line (单位名称：…)
_YEAR_PREFIX = re.compile(r"^(?:20\d{2}年度?|(?:单位|部门)名称[:：])")
_KIND = {"预算": "budget", "决算": "final_account"}
_HEAD = 6  # paragraphs that may hold the name and the title


def _body(document) -> list[Paragraph | Table]:
    out = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document))
        elif tag == "tbl":
            out.append(Table(child, document))
    return out


def _table_sheet(table: Table, number: int) -> Sheet:
    """A Word table as a sheet named 表格N: each merged cell once, spanning its columns."""
    sheet = Sheet(f"表格{number}", False)
    for r, row in enumerate(table.rows):
        seen = {}
        for c, cell in enumerate(row.cells):
            key = id(cell._tc)
            if key in seen:
                seen[key][1] += 1
                continue
            seen[key] = [c, 1, " ".join(cell.text.split())]
        for c, span, text in seen.values():
            if text:
                sheet.rows.setdefault(r, []).append(GridCell(text, c, span, True))
    return sheet


def read_docx(data: bytes, source_file: str) -> OfficeRead:
    """.docx bytes → the IR of its paragraphs and tables. Raises UnreadableOfficeError."""
    check_ooxml(data, source_file)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a damaged file
        raise UnreadableOfficeError(
            source_file, 0, f"damaged docx file: {type(exc).__name__}: {exc}"
        ) from None
    parts: list[str | Sheet] = []
    for part in _body(document):
        if isinstance(part, Paragraph):
            parts.append(part.text.strip())
        else:
            parts.append(_table_sheet(part, sum(isinstance(p, Sheet) for p in parts) + 1))
    return read_narrative(parts)


def read_narrative(parts: list[str | Sheet]) -> OfficeRead:
    """A Word body (paragraph texts and tables as sheets, in order) → the IR; shared by .docx
    and .doc (``transforms.doc_reader``)."""
    rows: list[Row] = []
    cells: dict[int, str] = {}  # line → address of a paragraph
    tables: dict[int, tuple[Sheet, int]] = {}
    paragraphs = []
    for part in parts:
        if isinstance(part, str):
            if part:
                paragraphs.append(part)
                rows.append(
                    Row(1, 20.0 * len(rows), [Piece([part], 0.0, 100.0, 0.0, 0.0, False)], False)
                )
                cells[len(rows)] = f"¶{len(paragraphs)}"
            continue
        page, lines = sheet_pages([part])
        for line, at in lines.items():
            tables[len(rows) + line] = at
        rows.extend(page[0].rows)
    ir, n_lines = read_rows([Page(1, 0.0, 0.0, rows)])
    # the reader's cover rule takes the first 20XX of a PDF's first page; a Word body is all
    # one page, so it read a year out of an amount (项目支出2075万元 → 2075): the year is the
    # title's (below) or a 20XX年 line's, never the cover's
    ir.title_year = None
    assign_addresses(ir, tables)
    _identity(ir, paragraphs[:_HEAD])
    cells.update({line: f"{s.name}!{r + 1}:{r + 1}" for line, (s, r) in tables.items()})
    return OfficeRead(ir, n_lines, cells, texts([Page(1, 0.0, 0.0, rows)]))


def _identity(ir, head: list[str]) -> None:
    """Year, kind and name from the title in the first paragraphs (the reader's cover rules
    are a PDF's: a 决算 in the duties text is no title)."""
    m = _TITLE.search(squash("".join(head)))
    if m:
        ir.title_year, ir.doc_kind = int(m.group(1)), _KIND[m.group(2)]
    # a name standing alone in the title lines wins over one the reader took from the text
    # (部门：…我单位安排 read as a 部门 field); a read name that is no body's name is dropped
    named = next(
        (
            key
            for key in (_YEAR_PREFIX.sub("", squash(t)) for t in head)
            if ORG_END.search(key) and 4 <= len(key) <= 30
        ),
        None,
    )
    name = named or _YEAR_PREFIX.sub("", ir.title_name).removesuffix("部门")
    name = name if ORG_END.search(squash(name)) else ""
    # else the unit its title names before 预算公开说明, the title on one line or two
    # (2017年定州市养路工区 | 预算公开说明)
    titled = (
        unit_before_title(t)
        for t in (*head, *map("".join, zip(head, head[1:])))
        if re.search(r"说明|公开", t)
    )
    name = name or next((t for t in titled if t), "")
    ir.title_name = name.replace("(", "（").replace(")", "）")
