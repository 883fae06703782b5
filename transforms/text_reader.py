"""Read PDF-extracted text (cells separated by TAB) into the intermediate representation.

One pass over the lines with a small state machine: table titles open a table; a department
line (``350 <name>``) starts a page and its header block (name continuation, 预算年度 in 1-3 lines,
单位); header rows run until the 栏次/档次 row (or the first row with a number); data rows follow.
A page that starts without a title continues the open table. A data row whose 序号 is empty as
the first row of a continuation page is the rest of the previous page's last row (A6-A9).
"""

from __future__ import annotations

import re
from functools import lru_cache

from budgetwatch.transforms.ir import (
    Cell,
    DocumentIR,
    Finding,
    HeaderSighting,
    Paragraph,
    RawProject,
    RawRow,
    RawTable,
)
from budgetwatch.transforms.tables import (
    CONTRACT_TABLES,
    header_labels,
    looks_like_title,
    squash,
    table_id_for_title,
)

_DEPT_RE = re.compile(r"^(\d{3,6})\s+(\S.*)$")
_META_PREFIXES = ("预算年", "决算年", "年度", "度:", "单位", "截止")
_TOC_RE = re.compile(r"\.{3,}\s*\d+\s*$")
_TOC_TITLE_RE = re.compile(r"(\d{4})年部门(预算|决算)信息公开目录$")
_PROJECT_TITLE_RE = re.compile(r"^(\d+)\s*[、.．]\s*(.+?)\s*绩效目标表\s*$")
_NARRATIVE_TITLE_RE = re.compile(r"^(.+?)\s*(\d{4})\s*年\s*部门(预算|决算)信息公开情况说明\s*$")
_NUMBER_CELL_RE = re.compile(r"^-?[\d,]+(?:\.\d*)?$|^-$")
# "1．" numbers an item; "1435.14万元" at a line's start is a figure continuing the text above
_LIST_MARKER_RE = re.compile(
    r"^(?:[-*]\s*)?(?:\d+\s*(?:、|[.．](?!\d))|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"
)
_TERMINAL = tuple("。；：！？;:!?")
_KIND = {"预算": "budget", "决算": "final_account"}
_HEADING_MAX = 25
_CAPTION_MAX = 12
_LABEL_RE = re.compile(r"^[^，。；：:]{1,8}[：:]")
_YEAR_RE = re.compile(r"年度:?(\d{4})")
_UNIT_RE = re.compile(r"单位:?(万元|元)")
# every line outside a table is tried as a title: the same lines recur in every document
_title_table_id = lru_cache(maxsize=16384)(table_id_for_title)
_looks_like_title = lru_cache(maxsize=16384)(looks_like_title)


@lru_cache(maxsize=4096)  # a template prints the same header on every page of a table
def _labels(header_rows: tuple[tuple[str, ...], ...]) -> dict[int, str]:
    return header_labels([list(row) for row in header_rows])


def _is_meta(text: str) -> bool:
    key = squash(text)
    return key.startswith(_META_PREFIXES) or key.isdigit()


def _clean_paragraph_line(text: str) -> str:
    """Undo markdown left by the extraction (A24): leading ``- `` bullets and ``**`` bold."""
    text = text.strip()
    if text.startswith("- "):
        text = text[2:]
    return text.replace("**", "").strip()


def is_heading(text: str) -> bool:
    """A section heading or caption: short, no sentence punctuation."""
    if any(p in text for p in "，。；,"):
        return False
    return len(text) <= _CAPTION_MAX or (
        bool(_LIST_MARKER_RE.match(text)) and len(text) <= _HEADING_MAX
    )


def _starts_paragraph(text: str) -> bool:
    """A list item, a title, or a ``label：`` line (绩效目标： …) never continues the text above."""
    return bool(
        _LIST_MARKER_RE.match(text) or _NARRATIVE_TITLE_RE.match(text) or _LABEL_RE.match(text)
    )


class _Reader:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.ir = DocumentIR()
        self.table: RawTable | None = None
        self.table_mode = ""  # header / rows
        self.page_headers: list[list[str]] = []
        self.page_columns: dict[int, str] = {}
        self.first_row_on_page = False
        self.project: RawProject | None = None
        self.sighting: HeaderSighting | None = None
        self.meta: list[str] = []
        self.in_page_header = False
        self.paragraph_lines: list[tuple[str, int, int]] = []
        self.blocks: list[list[tuple[str, int, int]]] = []

    # -- helpers -------------------------------------------------------------------------
    def _next_nonblank(self, idx: int, count: int) -> list[tuple[int, str]]:
        """(index, raw line) of the next ``count`` non-blank lines after ``idx``."""
        out = []
        for k in range(idx + 1, len(self.lines)):
            if self.lines[k].strip():
                out.append((k, self.lines[k]))
                if len(out) == count:
                    break
        return out

    def _is_dept_line(self, idx: int, raw: str) -> re.Match | None:
        if "\t" in raw or not raw.lstrip()[:1].isdigit():
            return None
        m = _DEPT_RE.match(raw.strip())
        if not m or squash(m.group(2)).startswith("年"):
            return None
        # a page header: 预算年度 / 单位 / 截止时间 follows within the next lines
        return m if any(_is_meta(t) for _, t in self._next_nonblank(idx, 3)) else None

    def _finish_page_header(self) -> None:
        if not self.in_page_header:
            return
        self.in_page_header = False
        meta = squash("".join(self.meta))
        year = _YEAR_RE.search(meta)
        if year:
            self.ir.years.append((int(year.group(1)), self.sighting.line if self.sighting else 0))
        unit = _UNIT_RE.search(meta)
        if self.table is not None and unit and not self.table.unit:
            self.table.unit = unit.group(1)
        if self.sighting is not None:
            self.ir.headers.append(self.sighting)
            self.sighting = None
        self.meta = []

    def _flush_paragraph(self) -> None:
        if self.paragraph_lines:
            self.blocks.append(self.paragraph_lines)
            self.paragraph_lines = []

    def _close_table(self) -> None:
        if self.table is not None:
            self.ir.tables.append(self.table)
        self.table = None

    def _close_project(self) -> None:
        if self.project is not None:
            self.ir.projects.append(self.project)
        self.project = None

    # -- table rows ----------------------------------------------------------------------
    def _table_line(self, raw: str, ln: int) -> None:
        cells = raw.split("\t")
        first = squash(cells[0])
        if first in ("栏次", "档次"):  # A3: 档次 is a typo for 栏次
            self._set_columns()
            self.table_mode = "rows"
            return
        if self.table_mode != "rows":
            if not (first.isdigit() or any(_NUMBER_CELL_RE.match(squash(c)) for c in cells)):
                self.page_headers.append(cells)
                return
            self._set_columns()
            self.table_mode = "rows"
        page = self.ir.pages
        row = RawRow([Cell(c, ln, page) for c in cells], ln, page, self.page_columns)
        table = self.table
        if self.first_row_on_page and not first and table.rows and table.rows[-1].page < page:
            self._join(table.rows[-1], row)
        else:
            table.rows.append(row)
        self.first_row_on_page = False

    def _set_columns(self) -> None:
        if self.page_headers or not self.page_columns:
            # a page's own dict: a table's rows share their page's (normalise keys on it)
            self.page_columns = dict(_labels(tuple(map(tuple, self.page_headers))))
        self.page_headers = []

    def _join(self, prev: RawRow, cont: RawRow) -> None:
        self.ir.findings.append(join_rows(prev, cont, self.table.table_id))

    # -- main loop -----------------------------------------------------------------------
    def run(self) -> DocumentIR:
        for idx, raw in enumerate(self.lines):
            self._line(idx, raw.rstrip("\r"), idx + 1)
        self._finish_page_header()
        self._flush_paragraph()
        self._close_project()
        self._close_table()
        self.ir.paragraphs = join_paragraphs(self.blocks)
        return self.ir

    def _line(self, idx: int, raw: str, ln: int) -> None:
        text = raw.strip()
        if not text:
            self._flush_paragraph()
            return
        has_tab = "\t" in raw
        if has_tab and self.table is not None and not self.in_page_header and ".." not in text:
            # most lines: a row of the open table (the tests below all pass a tabbed line on)
            self._table_line(raw, ln)
            return
        if ".." in text and _TOC_RE.search(text):  # A25: a TOC entry, not a title
            return
        toc = _TOC_TITLE_RE.search(squash(text)) if "目录" in text else None
        if toc and not has_tab:
            self.ir.title_year = self.ir.title_year or int(toc.group(1))
            self.ir.doc_kind = self.ir.doc_kind or _KIND[toc.group(2)]
            return
        dept = self._is_dept_line(idx, raw)
        if dept:
            self._start_page(dept, ln)
            return
        if self.in_page_header:
            if not has_tab:
                if (
                    not self.meta
                    and not _is_meta(text)
                    and self.sighting
                    and not text.startswith("注")
                ):
                    # A12/A13: the department name wrapped onto a second line
                    self.sighting.name += text
                else:
                    self.meta.append(text)
                return
            self._finish_page_header()
        if self.table is not None:
            if has_tab:
                self._table_line(raw, ln)
                return
            if squash(text).startswith("注"):
                self.table.notes.append((text, ln))
                return
            self._close_table()
        if self.project is not None:
            if has_tab:
                self.project.rows.append((raw.split("\t"), ln, self.ir.pages))
                return
            if squash(text).startswith("单位"):
                unit = _UNIT_RE.search(squash(text))
                self.project.unit = unit.group(1) if unit else self.project.unit
                return
            self._close_project()
        self._outside(idx, raw, text, ln, has_tab)

    def _start_page(self, dept: re.Match, ln: int) -> None:
        self._finish_page_header()
        self._flush_paragraph()
        self.ir.pages += 1
        self.sighting = HeaderSighting(dept.group(1), squash(dept.group(2)), ln, self.ir.pages)
        self.in_page_header = True
        self.meta = []
        if self.table is None and self.project is None:
            self.table = RawTable("unknown", "", ln)
            self.ir.findings.append(
                Finding(
                    "unknown_table",
                    "warning",
                    f"a table page at line {ln} has no title",
                    "",
                    "",
                    ln,
                )
            )
        if self.table is not None:
            self.table.pages.append(self.ir.pages)
            self.table_mode = "header"
            self.page_headers = []
            self.first_row_on_page = True

    def _outside(self, idx: int, raw: str, text: str, ln: int, has_tab: bool) -> None:
        if has_tab:  # a small table inside the narrative (机构设置): not running text
            self._flush_paragraph()
            return
        project = _PROJECT_TITLE_RE.match(text)
        if project:
            self._flush_paragraph()
            self.project = RawProject(
                int(project.group(1)), project.group(2).strip(), ln, self.ir.pages
            )
            return
        table_id = _title_table_id(text)
        if (
            table_id is None
            and _looks_like_title(text)
            and (nxt := self._next_nonblank(idx, 1))
            and self._is_dept_line(*nxt[0])
        ):
            table_id = "unknown"
            self.ir.findings.append(
                Finding(
                    "unknown_table",
                    "warning",
                    f"unknown table '{text}' at line {ln}; its rows are skipped",
                    "",
                    "",
                    ln,
                )
            )
        if table_id is not None:
            self._flush_paragraph()
            self.table = RawTable(table_id, text, ln)
            self.table_mode = "header"
            self.page_headers = []
            self.page_columns = {}
            if "决算" in text and not self.ir.doc_kind:
                self.ir.doc_kind = "final_account"
            return
        title = _NARRATIVE_TITLE_RE.match(text)
        if title:
            self.ir.title_name = squash(title.group(1))
            self.ir.title_year = int(title.group(2))
            self.ir.doc_kind = _KIND[title.group(3)]
        self.paragraph_lines.append((_clean_paragraph_line(text), ln, self.ir.pages))
        self._flush_paragraph()


def join_rows(
    prev: RawRow, cont: RawRow, table_id: str, cause: str = "after a page break"
) -> Finding:
    """A6-A9: ``cont`` continues ``prev`` (after a page break); concatenate cell by cell."""
    for pos, cell in enumerate(cont.cells):
        if pos >= len(prev.cells):
            prev.cells.append(cell)
        elif not prev.cells[pos].text.strip():
            prev.cells[pos] = cell
        elif cell.text.strip():
            prev.cells[pos] = Cell(
                prev.cells[pos].text + cell.text, prev.cells[pos].line, prev.cells[pos].page
            )
    prev.joined_lines.append(cont.line)
    return Finding(
        "row_joined",
        "info",
        f"row at line {prev.line} continues at line {cont.line} {cause}; joined",
        table_id,
        "",
        cont.line,
    )


def join_paragraphs(blocks: list[list[tuple[str, int, int]]]) -> list[Paragraph]:
    """Join lines into paragraphs; A23: a line cut mid-sentence by a page break continues."""
    out: list[Paragraph] = []
    prev_open = False
    for block in blocks:
        for text, ln, page in block:
            if out and prev_open and not _starts_paragraph(text):
                para = out[-1]
                para.segments.append((len(para.text), ln, page))
                para.text += text
            else:
                out.append(Paragraph(text, [(0, ln, page)]))
            last = out[-1].text
            prev_open = not (
                last.endswith(_TERMINAL) or is_heading(last) or _NARRATIVE_TITLE_RE.match(last)
            )
    return out


def read_text(text: str) -> DocumentIR:
    """Lines of extracted text → DocumentIR. Pure; never raises for odd layouts."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    ir = _Reader(lines).run()
    _check_end(ir, text, lines)
    return ir


def _check_end(ir: DocumentIR, text: str, lines: list[str]) -> None:
    """Truncation: the text stops inside a table, or in the middle of a table/project row."""
    last_ln = len(lines)
    while last_ln > 0 and not lines[last_ln - 1].strip():
        last_ln -= 1
    if last_ln == 0:
        return
    cut_line = not text.endswith("\n") and "\t" in lines[-1]
    if cut_line:
        for table in ir.tables:
            if table.rows and last_ln in (table.rows[-1].line, *table.rows[-1].joined_lines):
                table.rows.pop()
        for project in ir.projects:
            if project.rows and project.rows[-1][1] == last_ln:
                project.rows.pop()
    # the last table is still open at the end when nothing (narrative, projects) follows it
    open_table = ir.tables[-1] if ir.tables else None
    in_table = (
        open_table is not None
        and open_table.table_id in CONTRACT_TABLES
        and not any(p.segments[0][1] > open_table.title_line for p in ir.paragraphs)
        and not any(pr.title_line > open_table.title_line for pr in ir.projects)
    )
    # a project block at the very end whose indicator grid never started was cut short
    last_project = ir.projects[-1] if ir.projects else None
    in_project = (
        last_project is not None
        and not any(p.segments[0][1] > last_project.title_line for p in ir.paragraphs)
        and not any(t.title_line > last_project.title_line for t in ir.tables)
        and not any(squash(cells[0]) == "一级指标" for cells, _, _ in last_project.rows if cells)
    )
    if cut_line or in_table or in_project:
        where = (
            f"inside table {open_table.table_id}"
            if in_table
            else f"inside project block {last_project.project_no} before its indicators"
            if in_project
            else "in the middle of a row"
        )
        ir.stopped_at = last_ln
        ir.stop_reason = f"text ends {where} (line {last_ln} is the last line read)"
