"""Read one disclosure: bytes in, contract frames out.

``read_disclosure`` is pure (no I/O) and never raises for bad input: unreadable input gives a
document row whose ``status_reason`` says why (the reader reports; ``flows.core.decide_status``
sets ``status``), a text that stops mid-table keeps what was read and gets an error finding
``truncated``. Steps: decode → text reader, or for a PDF the PDF reader
(intermediate representation) → normalisation per table kind, projects, narrative → one frame per
kind, built once.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

import polars as pl

from budgetwatch.contract.schema import (
    DOCUMENTS,
    FINDINGS,
    INDICATORS,
    LINE_ITEMS,
    NARRATIVE_FIGURES,
    PROJECTS,
    TABLE_STATUS,
    Frames,
)
from budgetwatch.sources.decode import decode_bytes, is_pdf
from budgetwatch.sources.errors import (
    DisclosureError,
    InternalParseError,
    NotADisclosureError,
    TruncatedError,
)
from budgetwatch.transforms.catalogue import load_catalogue
from budgetwatch.transforms.ir import DocumentIR, Finding
from budgetwatch.transforms.narrative import (
    NARRATIVE_COLUMNS,
    narrative_figures,
    org_running_definition,
)
from budgetwatch.transforms.normalise import LINE_ITEM_COLUMNS, normalise_tables
from budgetwatch.transforms.office import OfficeRead, office_kind, read_office
from budgetwatch.transforms.page_check import check_figures, check_values
from budgetwatch.transforms.pdf_reader import read_pdf
from budgetwatch.transforms.projects import (
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    normalise_projects,
)
from budgetwatch.transforms.repetition import repeated_sentences
from budgetwatch.transforms.tables import CONTRACT_TABLES, KNOWN_TABLES, STANDS_IN
from budgetwatch.transforms.text_reader import read_text
from budgetwatch.transforms.version import PARSER_VERSION  # the store's incremental key
from budgetwatch.transforms.workbook_grid import MAX_CELLS
from budgetwatch.transforms.workbook_proof import proved_totals

# The administrative prefix of a name: 赵县…, 石家庄市…, 上海市普陀区…, 江苏省…
_REGION_RE = re.compile(
    r"^((?:[^省市县区旗]{1,7}省)?(?:[^省市县区旗]{1,7}市)?(?:[^省市县区旗]{1,7}[县区旗])?)"
)
# A year in the path under the input root: a whole folder or file-name token (2017/…, …_2017_…,
# 2017年度…), never digits inside a hash or a date (20170316) or an amount
_PATH_TOKENS = re.compile(r"[/\\_\-.\s（）()]+")
_PATH_YEAR = re.compile(r"(20\d{2})(?:年.*)?")
_LEVEL = {"县": "county", "区": "county", "旗": "county", "市": "city", "省": "province"}


@dataclass
class ParseResult:
    frames: Frames
    error: DisclosureError | None = None


# Below this many rows a frame is built row by row: polars' fixed cost per column outweighs
# the per-value cost there (a document's findings, table status, projects, narrative figures),
# column by column above it (its line items, or the rows of a job's documents together).
# Either way the same frame.
_ROW_WISE_BELOW = 100


def _frame(
    rows: list[tuple], columns: tuple[str, ...], doc_ids: list[str], schema: dict
) -> pl.DataFrame:
    """``rows`` (values in ``columns``' order), ``doc_ids`` the document of each row."""
    if len(rows) < _ROW_WISE_BELOW:
        where = {name: k + 1 for k, name in enumerate(columns)}
        pick = [0 if c == "doc_id" else where.get(c) for c in schema]
        data = [
            tuple(None if k is None else r[k] for k in pick)
            for r in ((d, *row) for d, row in zip(doc_ids, rows))
        ]
        return pl.DataFrame(data, schema=schema, orient="row")
    data = {name: list(values) for name, values in zip(columns, zip(*rows))}
    data["doc_id"] = doc_ids
    return pl.DataFrame({c: data.get(c, [None] * len(rows)) for c in schema}, schema=schema)


_TABLE_STATUS_COLUMNS = ("table_id", "title", "status", "note", "source_line")
_FINDING_COLUMNS = (
    "kind",
    "severity",
    "message",
    "table_id",
    "code",
    "source_line",
    "source_page",
    "row_code",
    "amounts",
)


@dataclass
class DocRows:
    """A document's contract rows before they become frames (`frames_of`): a worker builds the
    frames of its job's documents together, since polars' fixed cost per frame is most of
    what building one small document's frames costs."""

    documents: dict
    line_items: list[tuple]  # LINE_ITEM_COLUMNS
    projects: list[tuple]  # PROJECT_COLUMNS
    indicators: list[tuple]  # INDICATOR_COLUMNS
    figures: list[tuple]  # NARRATIVE_COLUMNS
    table_status: list[tuple]  # _TABLE_STATUS_COLUMNS
    findings: list[tuple]  # _FINDING_COLUMNS
    error: DisclosureError | None = None
    region: str = ""  # as the caller named it (a rejection keeps it)

    def result(self) -> ParseResult:
        try:
            return ParseResult(frames_of([self]), self.error)
        except Exception as exc:  # as `read_rows`: a parser bug rejects the document alone
            d = self.documents
            error = _failure(d["source_file"], exc)
            rejected = _rejected(d["doc_id"], d["source_file"], self.region, d["encoding"], error)
            return ParseResult(frames_of([rejected]), error)

    def heights(self) -> dict[str, int]:
        """The frames' row counts (the limits on a document's rows read them)."""
        return {
            "line_items": len(self.line_items),
            "projects": len(self.projects),
            "indicators": len(self.indicators),
        }


def frames_of(many: list[DocRows]) -> Frames:
    """The frames of documents read as rows, in their order: the same frames as each
    document's own, concatenated."""

    def frame(kind: str, columns: tuple[str, ...], schema: dict) -> pl.DataFrame:
        rows = [r for d in many for r in getattr(d, kind)]
        ids = [d.documents["doc_id"] for d in many for _ in getattr(d, kind)]
        return _frame(rows, columns, ids, schema)

    return Frames(
        documents=pl.DataFrame(
            [tuple(d.documents.get(c) for c in DOCUMENTS) for d in many],
            schema=DOCUMENTS,
            orient="row",
        ),
        line_items=frame("line_items", LINE_ITEM_COLUMNS, LINE_ITEMS),
        projects=frame("projects", PROJECT_COLUMNS, PROJECTS),
        indicators=frame("indicators", INDICATOR_COLUMNS, INDICATORS),
        narrative_figures=frame("figures", NARRATIVE_COLUMNS, NARRATIVE_FIGURES),
        table_status=frame("table_status", _TABLE_STATUS_COLUMNS, TABLE_STATUS),
        findings=frame("findings", _FINDING_COLUMNS, FINDINGS),
    )


def _region(name: str, region: str) -> tuple[str, str | None]:
    prefix = _REGION_RE.match(name or "").group(1)
    level = _LEVEL[prefix[-1]] if prefix else None
    return (region or prefix), level


def _department(ir: DocumentIR, findings: list[Finding]) -> tuple[str, str]:
    """Code and full name; a truncated or wrapped header name is repaired (A12/A13)."""
    codes = Counter(h.code for h in ir.headers)
    code = codes.most_common(1)[0][0] if codes else ""
    if len(codes) > 1:
        findings.append(
            Finding(
                "department_code_conflict",
                "warning",
                f"page headers print department codes {sorted(codes)}",
                "",
                code,
                ir.headers[0].line,
            )
        )
    names = Counter(h.name for h in ir.headers)
    if ir.title_name:
        name = ir.title_name
    elif names:
        name = max(names, key=lambda n: (names[n], len(n)))
    else:
        name = ""
    for h in ir.headers:
        if h.name != name:
            findings.append(
                Finding(
                    "department_name_repaired",
                    "info",
                    f"page header reads '{h.name}'; full name '{name}'",
                    "",
                    code,
                    h.line,
                )
            )
    return code, name


def _fiscal_year(ir: DocumentIR, findings: list[Finding]) -> int | None:
    years = Counter(y for y, _ in ir.years)
    year = years.most_common(1)[0][0] if years else ir.title_year
    for y, line in ir.years:
        if y != year:
            findings.append(
                Finding(
                    "year_conflict",
                    "warning",
                    f"page header says 预算年度 {y}, document {year}",
                    "",
                    "",
                    line,
                )
            )
    if ir.title_year and year and ir.title_year != year:
        findings.append(
            Finding(
                "year_conflict",
                "warning",
                f"narrative title says {ir.title_year}, tables {year}",
                "",
                "",
                None,
            )
        )
    return year


def path_year(source_file: str) -> tuple[int | None, list[int]]:
    """(the one year named by the path's folder or file-name tokens, every year named):
    two different years name none (ambiguous)."""
    years = sorted(
        {
            int(m.group(1))
            for token in _PATH_TOKENS.split(source_file)
            if (m := _PATH_YEAR.fullmatch(token))
        }
    )
    return (years[0] if len(years) == 1 else None), years


def _year_from_path(source_file: str, findings: list[Finding]) -> int | None:
    """The fiscal year of a document that prints none (most 定州 附表3-x workbooks), from its
    path; a joined narrative's printed year replaces it (``companions``). Info findings say
    where it came from, or why none was taken."""
    year, years = path_year(source_file)
    if year is not None:
        findings.append(
            Finding(
                "year_from_path",
                "info",
                f"no fiscal year printed; {year} taken from the path '{source_file}'",
                "",
                "",
                None,
            )
        )
    elif years:
        findings.append(
            Finding(
                "year_ambiguous_path",
                "info",
                f"no fiscal year printed and the path '{source_file}' names "
                f"{len(years)} years ({', '.join(map(str, years))}): none taken",
                "",
                "",
                None,
            )
        )
    return year


def _unit(ir: DocumentIR, findings: list[Finding]) -> str:
    units = [(t.unit, t.title_line) for t in ir.tables if t.table_id in CONTRACT_TABLES and t.unit]
    first = units[0][0] if units else "万元"
    for unit, line in units:
        if unit != first:
            findings.append(
                Finding(
                    "mixed_units",
                    "info",
                    f"table at line {line} is in {unit}, the document in {first}; "
                    "converted to 万元",
                    "",
                    "",
                    line,
                )
            )
    return first


def _unread_tables(ir: DocumentIR, line_items: list[tuple]) -> list[Finding]:
    """An error (the gate quarantines the document) when it prints tables but no amount of a
    core table was read: loaded with nothing it would look like a department without money.
    A narrative alone is a disclosure part, not an error, even when it prints the small
    fixed-asset or procurement table that narratives carry (the sample's 九、国有资产信息)."""
    auxiliary = set(KNOWN_TABLES) - set(CONTRACT_TABLES)
    printed = [t for t in ir.tables if t.rows and t.table_id not in auxiliary]
    if not printed or any(item[0] in CONTRACT_TABLES for item in line_items):
        return []
    titles = "、".join(dict.fromkeys(t.title for t in printed[:6]))
    line = printed[0].title_line
    return [
        Finding(
            "no_core_table",
            "error",
            f"{len(printed)} table(s) printed ({titles}) but no amount of a core budget "
            "table (收支总表, 支出总表, 一般公共预算支出表, 基本支出表, 三公经费表) could be "
            "read: the document is not loaded",
            "",
            "",
            line,
        )
    ]


def _nothing_read(ir: DocumentIR, line_items: list, figures: list, projects: list) -> list[Finding]:
    """An error (the gate quarantines the document) where a PDF whose cover names a budget
    gives nothing to load — no table amount, narrative figure or project block (a one-page
    部门整体预算绩效目标申报表): loaded, it would look like a department without money. Tables
    printed but unread are ``no_core_table``'s."""
    if line_items or figures or projects or any(t.rows for t in ir.tables):
        return []
    return [
        Finding(
            "nothing_read",
            "error",
            f"no budget table, narrative figure or 项目绩效目标表 was read from its "
            f"{ir.pages} page(s): the document is not loaded",
            "",
            "",
            1,
        )
    ]


def _rejected(
    doc_id: str, source_file: str, region: str, encoding: str, error: DisclosureError
) -> DocRows:
    values = {
        "doc_id": doc_id,
        "source_file": source_file,
        "region": region or None,
        "status_reason": str(error),  # the status is decided by flows.core
        "parser_version": PARSER_VERSION,
        "encoding": encoding or None,
    }
    return DocRows(values, [], [], [], [], [], [], error, region)


def _failure(source_file: str, exc: Exception) -> InternalParseError:
    return InternalParseError(source_file, 0, f"parser failure: {type(exc).__name__}: {exc}")


def read_disclosure(
    data: bytes, source_file: str, region: str = "", max_sheet_cells: int = MAX_CELLS
) -> ParseResult:
    """Parse one disclosure's bytes into Frames (documents has exactly one row);
    ``max_sheet_cells`` is config ``limits.max_sheet_cells``."""
    read = read_rows(data, source_file, region, max_sheet_cells)
    return read if isinstance(read, ParseResult) else read.result()


def read_rows(
    data: bytes, source_file: str, region: str = "", max_sheet_cells: int = MAX_CELLS
) -> DocRows | ParseResult:
    """``read_disclosure``, but a document whose frames need no check of their own (a text
    document, or one rejected) comes back as its rows, for `frames_of`."""
    doc_id = hashlib.sha256(data).hexdigest()[:16]
    encoding = ""
    try:
        if is_pdf(data):
            encoding = "pdf"
            with _collector_paused():
                ir, n_lines = read_pdf(data, source_file)
                # a PDF whose cover names it a 部门预算/决算 may be its narrative alone (the
                # tables in a file of their own, Jiangsu 2019)
                titled = ir.title_year is not None
                return _parse(ir, n_lines, encoding, doc_id, source_file, region, titled=titled)
        kind = office_kind(data)
        if kind is not None:
            encoding = kind
            office = read_office(data, kind, source_file, max_sheet_cells)
            return _parse(
                office.ir,
                office.n_lines,
                encoding,
                doc_id,
                source_file,
                region,
                titled=kind in ("docx", "doc"),
                office=office,
            )
        text, encoding = decode_bytes(data, source_file)
        ir = read_text(text)
        n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
        return _parse(ir, n_lines, encoding, doc_id, source_file, region)
    except DisclosureError as exc:
        return _rejected(doc_id, source_file, region, encoding, exc)
    except Exception as exc:  # a parser bug must not stop a batch of thousands of files
        return _rejected(doc_id, source_file, region, encoding, _failure(source_file, exc))


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while a PDF is read: the layout makes a tuple per
    character and an object per piece, none in a cycle, and the collector's passes over them
    were 6-10 % of a read (a pool worker raises its threshold instead: `flows.children`; a
    Dask worker and an in-process run do not). Left as found if the caller had turned it off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _cells(frame: pl.DataFrame, office: OfficeRead | None) -> pl.DataFrame:
    """An office document's rows: no page (a sheet is no page), the row's cell where the
    reader did not give one (a finding: the sheet row of its line)."""
    if office is None or frame.is_empty():
        return frame
    by_line = pl.col("source_line").replace_strict(
        office.rows, default=None, return_dtype=pl.String
    )
    frame = frame.with_columns(source_cell=pl.coalesce("source_cell", by_line))
    if "source_page" in frame.columns:
        frame = frame.with_columns(source_page=pl.lit(None, pl.Int32))
    return frame


def _parse(
    ir: DocumentIR,
    n_lines: int,
    encoding: str,
    doc_id: str,
    source_file: str,
    region: str,
    titled: bool = False,
    office: OfficeRead | None = None,
) -> DocRows | ParseResult:
    """``titled``: the document names itself a disclosure (a PDF's cover), tables or not."""
    if not any(t.table_id in CONTRACT_TABLES or t.table_id in STANDS_IN for t in ir.tables) and (
        not ir.projects and not titled
    ):
        raise NotADisclosureError(
            source_file,
            n_lines,
            "not a budget disclosure: no known budget table title (部门预算…表) and no "
            "project 绩效目标表 found",
        )
    findings = list(ir.findings)
    code, name = _department(ir, findings)
    year = _fiscal_year(ir, findings)
    if year is None:
        year = _year_from_path(source_file, findings)
    unit = _unit(ir, findings)
    catalogue = load_catalogue(year)
    one_row = frozenset(f.table_id for f in ir.findings if f.kind == "one_row_table")
    tables = normalise_tables(ir.tables, catalogue, year, one_row)
    projects = normalise_projects(ir.projects)
    figures = narrative_figures(ir.paragraphs, ir.tables, year)
    findings += tables.findings + projects.findings + repeated_sentences(ir.paragraphs)
    findings += org_running_definition(ir.paragraphs)
    findings += _unread_tables(ir, tables.line_items)
    findings += _nothing_read(ir, tables.line_items, figures, projects.projects)
    error = None
    if ir.stopped_at is not None:
        error = TruncatedError(source_file, ir.stopped_at, ir.stop_reason)
        findings.append(Finding("truncated", "error", str(error), "", "", ir.stopped_at))
    region_value, level = _region(name, region)
    values = {
        "doc_id": doc_id,
        "source_file": source_file,
        "department_code": code or None,
        "department_name": name or None,
        "region": region_value or None,
        "fiscal_year": year,
        "doc_kind": ir.doc_kind or "budget",
        "unit": unit,
        "level": level,
        "pages": ir.pages,
        "parser_version": PARSER_VERSION,
        "encoding": encoding,
        "saved_at": office.saved_at if office else None,
    }
    pages = ir.line_pages  # a PDF: every finding carries the page of its line
    finding_rows = [
        (
            f.kind,
            f.severity,
            f.message,
            f.table_id,
            f.code,
            f.line,
            f.page or (pages[f.line - 1] if f.line and f.line <= len(pages) else None),
            f.row_code,
            f.amounts,
        )
        for f in findings
    ]
    rows = DocRows(
        values,
        tables.line_items,
        projects.projects,
        projects.indicators,
        figures,
        tables.table_status,
        finding_rows,
        error,
        region,
    )
    if office is None and not ir.page_texts:
        return rows  # nothing to check on its frames
    frames = frames_of([rows])
    frames.line_items = _cells(frames.line_items, office)
    frames.indicators = check_values(frames.indicators, ir.page_texts, pages)
    frames.narrative_figures = check_figures(
        _cells(frames.narrative_figures, office), ir.page_texts
    )
    frames.findings = _cells(frames.findings, office)
    if office is not None and office.cells:
        frames.findings = proved_totals(frames, office.cells)
    return ParseResult(frames, error)
