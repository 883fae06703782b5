"""Read a PDF with a text layer into the intermediate representation (`transforms.ir`).

`transforms.pdf_layout` gives each page's rows (ruled cells or text lines) with their positions;
this module reads them in page order with a small state machine, as the text reader reads lines:

- a table title (the endings of `transforms.tables`, also numbered 一、/1./公开01表, carrying the year
  and department in front or a （功能科目） behind) opens a table when table rows follow it, so the
  same words in a table of contents or a heading do not;
- 部门/编制部门/部门名称 and 单位 rows give the department name and the table's unit;
- header rows run until the first row with a number (ruled, or three or more short labels spaced
  apart when no rules are drawn); data rows follow until a line of text. A new page of an open
  table repeats its title (Shenzhen), its header (Shanghai; read again) or goes on without one
  (Jiangsu; the columns of the previous page hold), also after a running page header;
- columns come from positions, not from cell counts: every header label with no label below it is
  a column, named by the labels above it joined top to bottom; a data cell belongs to the column
  it overlaps. The 类/款/项 columns of a code are one code column (``201 06 01`` → 2010601).

Layouts the contract has no row form for are rewritten: a 三公 table printed with items as columns
becomes one row per item named as in the standard template (“三公”经费小计, 一、因公出国（境）费, …),
per fund where the header splits it; of year, 预算数/决算数 and unit blocks the document's own (the
latest year, the 决算数, the 合计 or the department's unit); a one-row table with no name column
(Jiangsu 支出预算总表) is its 合计 row. Blocks printed side by side (决算 基本支出表) give one row per
block.

Traceability: each row is one line of `render` (cells joined by TAB, pages in order), so a cell's
``line`` is the 1-based line of that rendering and its ``page`` the PDF page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from budgetwatch.transforms.ir import Cell, DocumentIR, Finding, RawRow, RawTable
from budgetwatch.transforms.pdf_columns import (
    CODE_PARTS,
    NUMBER,
    TOTAL,
    Column,
    build_columns,
    has_names,
    is_name_column,
    is_number,
    parents_above,
    place,
)
from budgetwatch.transforms.pdf_layout import Page, Piece, Row, read_pages
from budgetwatch.transforms.pdf_performance import YEAR_ALONE, read_performance
from budgetwatch.transforms.pdf_rows import (
    amount_only,
    block_size,
    column_numbers,
    header_like,
    name_only,
    roles,
    split_row_number,
)
from budgetwatch.transforms.pdf_three_public import ItemRows, block_named
from budgetwatch.transforms.pdf_verify import verify_pages
from budgetwatch.transforms.tables import (
    ECONOMIC_TABLES,
    KNOWN_TABLES,
    STANDS_IN,
    TWO_SIDED,
    by_classification,
    column_id,
    column_role,
    looks_like_title,
    squash,
    table_id_for_title,
)
from budgetwatch.transforms.text_reader import join_paragraphs, join_rows

# On squashed text (NFKC: ：→: （）→()): 一、 / 1. / 公开01表: / 公开表一 before a title,
# (功能科目) after it.
_TITLE_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d{1,2}[、.]|公开(?:\d+表|表[一二三四五六七八九十]+):?)"
)
_TITLE_SUFFIX = re.compile(r"\([^()]{1,30}(?:\)|$)$")  # also one cut by a line wrap
_OPEN_SUFFIX = re.compile(r"\([^()]*$")
_HEADER_TAIL = re.compile(r"^([\u4e00-\u9fff]{1,2})(-?[\d,]+\.\d+|-)$")
_BRACKET_LINE = re.compile(r"^\([^()]{1,30}\)$")  # a title's bracket on a line of its own
# the end of a title wrapped to a line of its own, naming no table by itself (346 p.72:
# …政府采购（资产配置、购买服务） / 预算表（不含上年结转）)
_TITLE_TAIL = re.compile(r"^(?:预算|决算)?(?:明细)?表(?:\([^()]{1,30}\))?$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_TABLE_NO = re.compile(r"^公开(?:\d+表|表[一二三四五六七八九十]+)$")
_META = re.compile(
    r"^(?:编制部门|编制单位|部门名称|预算主管部门|预算单位|单位名称|部门):(.*?)(?:(?:金额|计量)?单位:.*)?$"
)
# 部门名称 | <name> as two cells of a form (Beijing 部门整体支出绩效目标表): a name, not a header
_META_KEYS = ("部门名称", "单位名称", "预算单位", "编制单位", "编制部门", "部门")
_ORG = re.compile(
    r"(?:办公室|办公厅|局|委员会|中心|院|厅|部|所|大学|学院|学校|队|站|馆|社|处|署|办|会)"
    r"(?:\((?:本级|汇总)\))?$"
)
_NOT_A_NAME = re.compile(r"^\d|第[一二三四五六七八九十]+部分|目录")
# 北京市审计局2026年部门预算… / 北京市审计局（部门）2026年度部门预算
_NAMED_YEAR = re.compile(
    r"^(.{4,30}?)(?:\((?:部门|单位)\))?(?:部门|单位)?20\d{2}年度?(?:部门|单位)?(?:预算|决算)"
)
_ANNEX = re.compile(r"^附件\d*:")
_UNIT = re.compile(r"单位:(万元|千元|亿元|元)")
_FOOTER = re.compile(r"^[-─—]*\d{1,3}[-─—]*$")
_NOTE = re.compile(r"^(?:注|说明)")
_NO_DATA = re.compile(r"^\(无")  # （无政府性基金支出） printed inside the grid
_YEAR = re.compile(r"(\d{4})年")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
# The department in a title: 2017年度江苏省高级人民法院部门收支预算总表
_TITLE_DEPT = re.compile(
    r"^\d{4}年度?(?!度|部门|单位|预算|一般公共|政府性|国有资本|财政拨款|市级|省级|区级|县级)(.{4,30}?)(?:部门)?"
    r"(?:收支|收入|支出|财政拨款|一般公共预算|政府性基金|国有资本|三公|政府采购)"
)
# The cover: <name> 2019年度部门预算公开 / <name> 年度部门决算 2024 / 2018年度<name>预算公开
_COVER_DEPT = (
    re.compile(r"^(.{4,30}?)(?:部门|单位)?(?:\d{4})?年度?(?:区级)?(?:部门|单位)(?:预算|决算)"),
    re.compile(r"^\d{4}年度?(.{4,30}?)(?:部门|单位)?(?:预算|决算)公开"),
    # 2026年度 / 福州市仓山生态环境局 / 单位预算; 2026年中共深圳市委宣传部（本级）部门预算
    re.compile(r"^\d{4}年度?(.{4,40}?)(?:部门|单位)(?:综合)?(?:预算|决算)"),
)
_CONTINUES = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|\()")  # a new numbered row
_FRAGMENT = 3  # longest rest of a wrapped name (出, 业支出, 小计)
_CODE_NAME_CELL = re.compile(r"^\d{3}(?:\d{2}){0,2}[-－—]\S")  # 2013601-行政运行
# an amount in a piece: the piece itself (1,234.56) or its end (行政运行1,234.56, a name glued
# to its amount); pieces longer than a cell's text are sentences
_AMOUNT_END = re.compile(r"(?:\d\.\d{2}\d*|\d,\d{3})$")
_SENTENCE = 30
# an unread line's row as columns (findings ``row_code``, ``amounts``): the code its text
# prints first (229 08 04, 20607; not the 2 of 2.50) and its amounts with decimals
_ROW_CODE = re.compile(r"^(\d{3}(?: ?\d{2}){0,2})(?:[^\d.,]|$)")
_DECIMAL = re.compile(r"-?\d[\d,]*\.\d+")
# prose on a table's page: an amount with its unit inline (a table prints its unit in the
# header) in a line with a sentence's punctuation (…预算数 | 218.57 | 万 / 元，主要用于…)
_INLINE_UNIT = re.compile(r"\d\s*(?:万元?|元)")
_PUNCTUATION = re.compile(r"[，。；;]|,(?!\d{3})")  # squashed: ， is ',' (not 1,234's)
# 类 款 项 code parts at the start of a cell, the rest its name: 229 08 04, 22908, 08, 301 02
_CODE_GROUPS = re.compile(r"^(\d{3}|\d{2})(\d{2})?(\d{2})?(?![\d.,])(.*)$")
_SPACED = {"收入", "支出", "项目", "合计", "总计", "小计", "金额", "科目", "名称", "单位"}
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d{1,2}[、.](?!\d)|\([一二三四五六七八九十]+\))"
)
_ROW_LABEL = re.compile(rf"{_ORDINAL.pattern}|^\d{{3,7}}(?![\d年.,])")  # 一、… or a code
# the wrapped last line of the name above, before a row's own code (缴费30109-…, 缴费支出2080506-…):
# up to a line of a narrow cell
_WRAPPED_TAIL = re.compile(r"^([\u4e00-\u9fff（）]{1,15})\s*(\d{3}(?:\d{2}){0,2}[-－—]\S.*)$")


@dataclass(slots=True)
class _Line:
    number: int  # 1-based line of the rendering
    row: Row
    _key: str | None = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> str:
        # asked several times of every line (titles, 部门/单位 lines, the lines after a title);
        # made once: the layout's rows are not changed after it
        if self._key is None:
            self._key = squash("".join(p.text for p in self.row.pieces))
        return self._key


@dataclass
class _OpenTable:
    raw: RawTable
    header_rows: list[Row] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)
    paths: dict[int, tuple[str, ...]] = field(default_factory=dict)
    items: ItemRows = field(default_factory=ItemRows)  # 三公 items printed as columns
    header_texts: set[str] = field(default_factory=set)
    lead_texts: set[str] = field(default_factory=set)  # lines between the title and the header
    lead_rows: list[Row] = field(default_factory=list)  # the same lines (unruled), in order
    data_page: int = 0  # the page of the last row with an amount
    code_context: list[str] = field(default_factory=lambda: ["", ""])  # 类, 款 of rows above
    in_header: bool = True
    under_header: bool = False  # the next data row is the first under a header
    block: int = 0  # columns per block of a table printed as blocks side by side (0: none)
    last_page: int = 0


def _title_key(text: str) -> str:
    key = squash(text)
    if _PART.match(key):  # 第二部分 2019年度部门预算表: the heading of the tables part
        return ""
    return _TITLE_PREFIX.sub("", key, count=1)


@lru_cache(maxsize=4096)  # pure; asked of every short line, and titles and headers recur
def _table_id(key: str) -> str | None:
    """The table a title names; its bracket ((功能科目), (按经济分类), (不含上年结转), or one
    wrapped to the next line) may say which classification the table is by."""
    if not key:
        return None
    if _TITLE_TAIL.match(key):
        return None  # the rest of the title on the line above
    suffix = _TITLE_SUFFIX.search(key)
    base = key[: suffix.start()] if suffix else key
    table_id = table_id_for_title(base)
    if table_id is not None:
        return by_classification(table_id, suffix.group() if suffix else "")
    return "unknown" if looks_like_title(base) else None


def _is_data(row: Row) -> bool:
    return any(is_number(p) for p in row.pieces)


def _prose(row: Row) -> bool:
    """A sentence, not a table row, even where justified text leaves its amount a piece of its
    own: an amount with its unit inline and a sentence's punctuation."""
    text = squash("".join(p.text for p in row.pieces))
    return bool(_INLINE_UNIT.search(text) and _PUNCTUATION.search(text))


def _blank_total(row: Row, header: list[Row]) -> bool:
    """A lone 合计/总计 under the header's first column is the first row with its amounts blank
    (a workbook's 三公 table whose 合计 cells are empty), not a header row."""
    left = min(p.x0 for r in header for p in r.pieces)
    return (
        len(row.pieces) == 1
        and squash(row.pieces[0].text) in ("合计", "总计")
        and (row.pieces[0].x0 <= left + 1)
    )


def _labels(row: Row) -> bool:
    """Short header words only (no amount, no sentence)."""
    texts = [squash(p.text) for p in row.pieces]
    return all(0 < len(t) <= 16 and not NUMBER.match(t) for t in texts)


def _units_from_next(tables: list[RawTable]) -> None:
    """A table whose first page prints no unit takes the unit its title repeated next prints
    (Shanghai 105: 收入预算总表 on p.4 without 单位, its title again on p.5 with 单位：元):
    read as 万元 it would be ten thousand times too large."""
    for table, nxt in zip(tables, tables[1:]):
        if not table.unit and nxt.unit and nxt.table_id == table.table_id:
            table.unit = nxt.unit


def _slot(x0: float, parts: list[tuple[float, float]]) -> int:
    """The 类/款/项 part a number starting at ``x0`` is printed under."""
    x = x0 + 1  # inside the first digit: a cell's edge is its neighbour's edge too
    return min(
        range(len(parts)),
        key=lambda k: (
            0
            if parts[k][0] - 2 <= x < parts[k][1]
            else min(abs(x - parts[k][0]), abs(x - parts[k][1]))
        ),
    )


def _spaced_words(row: Row) -> Row:
    """A header word printed letter-spaced (收    入, 项    目) is one label, not two columns;
    only the words of headers are joined (类 | 款 | 项 are three columns)."""
    pieces: list[Piece] = []
    for piece in (part for whole in row.pieces for part in _split_labels(whole)):
        prev = pieces[-1] if pieces else None
        if prev is not None and len(prev.text) == 1 and prev.text + piece.text in _SPACED:
            pieces[-1] = Piece(
                [prev.text + piece.text],
                prev.x0,
                piece.x1,
                prev.top,
                max(prev.bottom, piece.bottom),
                False,
            )
        else:
            pieces.append(piece)
    return row if len(pieces) == len(row.pieces) else Row(row.page, row.top, pieces, row.ruled)


def _split_labels(piece: Piece) -> list[Piece]:
    """Labels of neighbouring columns a word gap apart in one text piece (``一般公共预算
    政府性基金预算 国有资本经营预算``): one piece each, its x range in proportion to its
    characters (header words are CJK, of one width)."""
    words = piece.text.split()
    if len(words) < 2 or any(len(w) < 4 or NUMBER.match(w) for w in words):
        return [piece]
    per_char = (piece.x1 - piece.x0) / max(len(piece.text), 1)
    out, x = [], piece.x0
    for word in words:
        out.append(Piece([word], x, x + len(word) * per_char, piece.top, piece.bottom, False))
        x += (len(word) + 1) * per_char
    return out


def _label_above(prev: RawRow, raw: RawRow) -> bool:
    """In a table drawn without rules a cell of several lines is centred on its row: the first
    line of ``2080505-机关事业单位基本养老保险缴费 / 支出`` lies above the row's amounts, alone on
    its line. A row of a code and name and no amount, followed on the same page by amounts and
    names in cells it leaves empty, is one row."""
    if raw.page != prev.page or any(NUMBER.match(squash(c.text)) for c in prev.cells if c.text):
        return False
    if not any(_CODE_NAME_CELL.match(c.text) for c in prev.cells):
        return False
    filled = [pos for pos, c in enumerate(raw.cells) if c.text]
    return any(NUMBER.match(squash(raw.cells[pos].text)) for pos in filled) and all(
        pos < len(prev.cells) and not prev.cells[pos].text for pos in filled
    )


def _arabic_years(text: str) -> str:
    """二〇二六年 → 2026年 (covers and titles print years in Chinese numerals too)."""
    return _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)


def _is_unit_line(key: str) -> bool:
    # 单位：万元, also cut in two (单位：万 / 元) or after the department (部门：… 单位：元)
    return key.startswith("单位:") or (bool(_UNIT.search(key)) and len(key) <= 60)


def _is_footer(line: _Line) -> bool:
    return not line.row.ruled and len(line.row.pieces) == 1 and bool(_FOOTER.match(line.key))


def _stacked(row: Row) -> list[Row]:
    """A one-cell row holding title, 公开表N and 部门/单位 lines (Jiangsu 2019) → one row per line."""
    if len(row.pieces) != 1 or len(row.pieces[0].lines) < 2:
        return [row]
    piece = row.pieces[0]
    keys = [squash(t) for t in piece.lines]
    if not any(
        _TABLE_NO.match(k) or _META.match(k) or table_id_for_title(_title_key(k)) for k in keys
    ):
        return [row]
    return [
        Row(
            row.page,
            row.top + k,
            [Piece([text], piece.x0, piece.x1, row.top + k, row.top + k, False)],
            False,
        )
        for k, text in enumerate(piece.lines)
    ]


def _lines(pages: list[Page]) -> list[_Line]:
    out: list[_Line] = []
    for page in pages:
        for row in page.rows:
            for part in _stacked(row):
                out.append(_Line(len(out) + 1, part))
    return out


class _PdfReader:
    def __init__(self, lines: list[_Line], n_pages: int):
        self.lines = lines
        self.ir = DocumentIR(pages=n_pages)
        self.table: _OpenTable | None = None
        self.blocks: list[list[tuple[str, int, int]]] = []
        self.names: Counter[str] = Counter()
        self.skip = 0
        self.closed: _OpenTable | None = None  # the last table closed
        self.why: dict[int, str] = {}  # line → why a line with amounts was not read as a row
        self.rows_read: set[int] = set()  # lines read as table rows
        self.since_close = 0  # narrative lines read since (a table goes on only without any)
        # page → (table_id, title, line) of a contract table's title whose table could not be
        # opened (no header or row read below it): the amounts under it are unread, and said so
        self.unopened: dict[int, tuple[str, str, int]] = {}

    # -- document facts ------------------------------------------------------------------
    def _cover(self) -> None:
        """Name, year and kind from the first page with text (江苏省人大常委会办公厅 / 2019年度部门
        预算公开; a blank first page, an image cover, is skipped)."""
        first = next((line.row.page for line in self.lines if line.key), 1)
        text = _arabic_years("".join(line.key for line in self.lines if line.row.page == first))
        if "预算" not in text and "决算" not in text:
            return
        year = re.search(r"(20\d{2})", text)
        self.ir.title_year = int(year.group(1)) if year else None
        self.ir.doc_kind = "final_account" if "决算" in text else "budget"
        for rx in _COVER_DEPT:
            m = rx.match(text)
            if m and not _NOT_A_NAME.search(m.group(1)):
                self.names[m.group(1)] += 1
                return
        # a cover of contents only (Beijing 附件1), or one whose name is in a font the layout
        # cannot read: the first sentence naming the department, or the attachment it refers
        # to (附件：北京市审计局 2026 年度部门预算报表, closing a narrative part)
        for line in self.lines:
            m = _NAMED_YEAR.match(_ANNEX.sub("", line.key))
            if m and _ORG.search(m.group(1)) and not _NOT_A_NAME.search(m.group(1)):
                self.names[m.group(1)] += 1
                return

    def _title_facts(self, key: str, line: int) -> None:
        year = _YEAR.search(_arabic_years(key))
        if year:
            self.ir.years.append((int(year.group(1)), line))
        dept = _TITLE_DEPT.match(key)
        if dept:
            self.names[dept.group(1)] += 1
        if "决算" in key:
            self.ir.doc_kind = "final_account"

    # -- titles ----------------------------------------------------------------------------
    def _title_at(self, i: int) -> tuple[str, str, int] | None:
        """(table_id, title, rows used) of a title starting at line i, also one wrapped over up
        to three lines (…支出预 / “ ” / 算表)."""
        line = self.lines[i]
        if line.row.ruled and len(line.row.pieces) > 1:
            return None
        key = _title_key(line.key)
        wraps = not line.row.ruled and ("预算" in key or "决算" in key)
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        tail = int(
            wraps
            and nxt is not None
            and not nxt.row.ruled
            and not key.endswith("表")
            and bool(_TITLE_TAIL.match(nxt.key))
        )
        if tail:
            key += nxt.key
        for extra in range(tail, 3):
            table_id = _table_id(key)
            if table_id is not None:
                used = extra + 1
                following = self.lines[i + used].key if i + used < len(self.lines) else ""
                if (_OPEN_SUFFIX.search(key) and ")" in following) or (
                    not _TITLE_SUFFIX.search(key) and _BRACKET_LINE.match(following)
                ):
                    key += self.lines[i + used].key  # the rest of the bracket on the next line
                    table_id = _table_id(key) or table_id
                    used += 1
                if self._table_follows(i + used, table_id in KNOWN_TABLES):
                    return table_id, key, used
                if (table_id in KNOWN_TABLES or table_id in STANDS_IN) and not (
                    _PUNCTUATION.search(key) or "《" in key  # a sentence naming the table
                ):
                    self.unopened.setdefault(line.row.page, (table_id, key, line.number))
                return None
            nxt = self.lines[i + extra + 1] if i + extra + 1 < len(self.lines) else None
            if not wraps or nxt is None or nxt.row.ruled or len(nxt.key) > 8 or key.endswith("表"):
                return None
            key += nxt.key
        return None

    def _table_follows(self, i: int, known: bool = False) -> bool:
        """A table row comes next, after at most the 公开表N, 部门 and 单位 lines (under a known
        title, also a label alone on its line: the top of a header drawn without rules)."""
        for line in self.lines[i : i + 6]:
            key = line.key
            if (
                not key
                or _is_footer(line)
                or _TABLE_NO.match(key)
                or _META.match(key)
                or (_is_unit_line(key))
            ):
                continue
            if _table_id(_title_key(key)) is not None:
                return False  # another title: this one was a heading or a TOC entry
            if not line.row.ruled and len(key) <= 8 and not _is_data(line.row):
                continue  # the rest of a wrapped department name (江苏省人大 / 常委会办公厅)
            if known and not line.row.ruled and len(line.row.pieces) == 1 and _labels(line.row):
                continue  # a label over the header's lower labels (248 p.15: 公务用车购置及运行维护费)
            return (
                line.row.ruled
                or _is_data(line.row)
                or header_like(line.row)
                or (len(line.row.pieces) >= 2 and _labels(line.row))
            )
        return False

    # -- tables ----------------------------------------------------------------------------
    def _open(self, table_id: str, title: str, line: _Line) -> None:
        if self._continued(table_id, title, line.row.page):
            return
        self._close()
        self.table = _OpenTable(RawTable(table_id, title, line.number))
        if table_id == "unknown":
            self.ir.findings.append(
                Finding(
                    "unknown_table",
                    "warning",
                    f"unknown table '{title}' at line {line.number}; its rows are skipped",
                    "",
                    "",
                    line.number,
                )
            )
        elif table_id not in KNOWN_TABLES and table_id not in STANDS_IN:
            self.ir.findings.append(
                Finding(
                    "unmapped_table",
                    "info",
                    f"table '{title}' at line {line.number} has no contract "
                    "table; its rows are not read",
                    table_id,
                    "",
                    line.number,
                )
            )

    def _continued(self, table_id: str, title: str, page: int) -> bool:
        """The title repeated on the next page (Shenzhen prints it on every page): the same table
        goes on under the page's own header, it is not a second table."""
        t = self.table
        if t is None and self.ir.tables and not self.since_close:
            t = self.closed
        if t is None or t.raw.table_id != table_id or t.raw.title != title or not t.raw.pages:
            return False
        if page != t.raw.pages[-1] + 1:
            return False
        if self.table is None:
            self.ir.tables.pop()
            self.table = t
        t.in_header, t.header_rows = True, []
        return True

    def _close(self) -> None:
        if self.table is not None:
            self._latest_block()
            self._kuan_from_rows_below(self.table.raw)
            self.ir.tables.append(self.table.raw)
            self.closed, self.since_close = self.table, 0
        self.table = None

    def _kuan_from_rows_below(self, raw: RawTable) -> None:
        """A 款 printing its two digits only (337: ``10 人力资源事务`` under ``201``) is the 款 the
        first 项 below it names when that 项 starts with the 类 above and those two digits
        (2011007): the page proves the code where no catalogue edition has it (finding
        ``code_rebuilt``)."""
        if raw.table_id in ECONOMIC_TABLES:
            return
        lei = ""
        for k, row in enumerate(raw.rows):
            pos = next((p for p, lab in row.columns.items() if column_role(lab) == "code"), None)
            code = squash(row.text(pos)) if pos is not None else ""
            if not code.isdigit():
                continue
            lei = code if len(code) == 3 else lei
            if len(code) != 2 or not lei:
                continue
            below = next((squash(r.text(pos)) for r in raw.rows[k + 1 :] if r.text(pos)), "")
            if not (len(below) == 7 and below.startswith(lei + code)):
                continue
            row.cells[pos] = Cell(lei + code, row.cells[pos].line, row.cells[pos].page)
            self.ir.findings.append(
                Finding(
                    "code_rebuilt",
                    "info",
                    f"line {row.line} prints the code part {code} only: read as {lei + code}, "
                    f"the 类 above and the 项 {below} below",
                    raw.table_id,
                    lei + code,
                    row.line,
                )
            )

    def _latest_block(self) -> None:
        """The document's own block of a 三公 table printed per year, per 预算数/决算数 or per
        unit (`pdf_three_public.ItemRows.resolve`)."""
        t = self.table
        department = (
            squash(max(self.names, key=lambda n: (self.names[n], len(n)))) if self.names else ""
        )
        t.raw.rows, units = t.items.resolve(t.raw.rows, department)
        if units:
            self.ir.findings.append(
                Finding(
                    "unmapped_row",
                    "warning",
                    f"'{t.raw.title}' lists {units} units and no 合计 "
                    "row: the department's figures are not printed, none is read",
                    t.raw.table_id,
                    "",
                    t.raw.title_line,
                )
            )

    def _resumes(self, row: Row) -> bool:
        """A ruled row at the top of the next page, after only a running header (无锡市信访局
        2025年度部门预算公开), continues the table closed by that header: a data row under the
        same columns, or the table's header again."""
        t = self.closed
        if t is None or self.since_close or not row.ruled or not t.columns or not t.raw.pages:
            return False
        if row.page != t.raw.pages[-1] + 1:
            return False
        if _is_data(row):
            return len(row.pieces) <= len(t.columns)
        return self._repeats_header(row, t)

    def _set_columns(self) -> None:
        t = self.table
        t.header_rows = parents_above(t.lead_rows, t.header_rows) + t.header_rows
        t.lead_rows = []
        columns = build_columns(t.header_rows, t.raw.table_id)
        if not columns:
            return  # no header on this page: the previous page's columns hold
        t.columns = columns
        t.under_header = True
        t.block = 0 if t.raw.table_id in TWO_SIDED else block_size(columns)
        first = columns[: t.block or len(columns)]
        # blocks under their own parents (人员经费 | 公用经费) are labelled by their leaves
        same = t.block and all(
            col.label == columns[k % t.block].label for k, col in enumerate(columns)
        )
        t.labels = {
            pos: col.label if not t.block or same else col.path[-1] for pos, col in enumerate(first)
        }
        t.paths = {
            pos: tuple(col.path) if not t.block or same else (col.path[-1],)
            for pos, col in enumerate(first)
        }
        if not t.header_texts:
            t.header_texts = {squash(p.text) for r in t.header_rows for p in r.pieces}

    def _table_row(self, line: _Line) -> bool:
        """Take the line into the open table; False when it does not belong to it."""
        t, row = self.table, line.row
        data = _is_data(row)  # (the pieces taken out below are 类/款/项 labels, no amounts)
        if t.in_header:
            # a row labelled 一、… under a header is its first row, amounts blank or not; on
            # the next page, with no amount, it is the heading of what follows (a header ending
            # a page over nothing, then 其他相关情况说明 / 一、2026年“三公”经费预算情况说明)
            same_page = not t.header_rows or row.page == t.header_rows[-1].page
            labelled = (
                bool(t.header_rows)
                and (data or same_page)
                and (
                    any(_ORDINAL.match(squash(p.text)) for p in row.pieces)
                    or _blank_total(row, t.header_rows)
                )
            )
            if not data and not labelled:
                if not row.ruled:
                    row = _spaced_words(row)
                if row.ruled or (
                    same_page  # text under a header ending a page is not more of it
                    and (
                        header_like(row)
                        or (
                            _labels(row)
                            and (t.header_rows or len(row.pieces) >= 2)
                            and not any(_ORDINAL.match(squash(p.text)) for p in row.pieces)
                        )
                    )
                ):
                    # ruled header cells, or labels spaced apart on a line (no rules drawn), and
                    # below them the wrapped rest of some labels (事业单位经营 / 上缴上级支出)
                    t.header_rows.append(row)
                    return True
                if t.header_rows:
                    return False
                # text between title and grid (a wrapped name, 其中 above the header's parts)
                t.lead_texts.update(squash(p.text) for p in row.pieces)
                if not row.ruled:
                    t.lead_rows.append(row)
                return True
            # 决算: the 类/款/项 labels share a row with the first amounts (类 款 项 | 合计 | …)
            head = [p for p in row.pieces if squash(p.text) in CODE_PARTS]
            if head:
                t.header_rows.append(Row(row.page, row.top, head, row.ruled))
                row = Row(row.page, row.top, [p for p in row.pieces if p not in head], row.ruled)
            self._set_columns()
            t.in_header = False
        elif (
            row.page != t.data_page
            and not data
            and (row.ruled or _labels(row))
            and self._repeats_header(row)
        ):
            t.in_header, t.header_rows, t.last_page = True, [row], row.page
            return True
        elif (
            row.page != t.data_page
            and not data
            and {squash(p.text) for p in row.pieces} <= t.lead_texts
        ):
            return True  # the words above the header, repeated on the next page
        elif not row.ruled and (_prose(row) or not data and not self._blank_row(row)):
            return False  # the text after the table (a 情况说明 printed under it)
        if t.columns:
            self._add_row(row, line.number, data)
        else:
            self.why[line.number] = "no header columns were read above it"
        return True

    def _above_unit(self, page: int) -> None:
        """The unit line (金额单位：元) stands between a title and its grid: header rows taken
        above it on its page are words over the grid, not labels (338 p.36: stray glyphs of a
        vertical 接待费 beside 表13, which ran into every label of the 2022年 block)."""
        t = self.table
        t.lead_rows = []  # words above the unit line are over the grid, no label of it
        if t.in_header and t.header_rows and all(r.page == page for r in t.header_rows):
            t.lead_texts.update(squash(p.text) for r in t.header_rows for p in r.pieces)
            t.header_rows = []

    def _blank_row(self, row: Row) -> bool:
        """A row of a table drawn without rules whose amounts are all blank (二、政府性基金预算拨款收入
        | 二、外交支出 in a 收支总表): labels under the table's columns, not the text after it —
        two or more short pieces, or one row label (一、…, a code, （一）…)."""
        texts = [squash(p.text) for p in row.pieces]
        # on the page of the rows above only: after a page break a heading (三、部门预算情况说明)
        # starts the narrative
        if (
            not self.table.columns
            or row.page != self.table.last_page
            or any(len(t) > _SENTENCE or looks_like_title(t) for t in texts)
        ):
            return False
        return len(texts) >= 2 or bool(_ROW_LABEL.match(texts[0])) or len(texts[0]) <= _FRAGMENT

    def _repeats_header(self, row: Row, table: _OpenTable | None = None) -> bool:
        texts = [squash(p.text) for p in row.pieces]
        hits = sum(text in (table or self.table).header_texts for text in texts)
        return hits > 0 and 2 * hits >= len(texts)

    def _add_row(self, row: Row, line: int, data: bool) -> None:
        """``data``: the row prints an amount (`_is_data`)."""
        t = self.table
        if column_numbers(row):
            return
        if row.page != t.last_page:
            t.raw.pages.append(row.page)
            t.last_page = row.page
        if data:
            t.data_page = row.page
        placed = place(row, t.columns, t.raw.table_id)
        if t.under_header and data:
            t.under_header = False
            self._header_tails(placed, line)
        self._code_parts(placed, line)
        cells = [Cell(" ".join(p.text for p in ps), line, row.page) for ps in placed]
        size = t.block or len(cells)
        parts = [cells[k : k + size] for k in range(0, len(cells), size)]
        for k in range(len(parts) - 1):
            # a closing name spanning into the next block, its amount at that block's end
            # (公用经费合计 over two 公用经费 blocks of 国家信访局 决算)
            if name_only(parts[k], t.labels) and amount_only(parts[k + 1], t.labels):
                parts[k] = [
                    c if c.text or role != "amount" else parts[k + 1][pos]
                    for pos, (c, role) in enumerate(zip(parts[k], roles(t.labels)))
                ]
                parts[k + 1] = [Cell("", c.line, c.page) for c in parts[k + 1]]
        for part in parts:
            if any(c.text for c in part):
                self._name_in_code_column(part)
                split_row_number(part, t.labels, t.raw.rows[-1].cells if t.raw.rows else None)
                self._add_raw(RawRow(part, line, row.page, t.labels, paths=t.paths), row.ruled)

    def _add_raw(self, raw: RawRow, ruled: bool = True) -> None:
        t = self.table
        self.rows_read.add(raw.line)  # a block not the document's own is left by design
        if t.raw.table_id == "unknown":
            return  # its rows are skipped (finding unknown_table)
        prev = t.raw.rows[-1] if t.raw.rows else None
        if prev is not None:
            self._wrapped_tails(prev, raw)
        if prev is not None and not ruled and _label_above(prev, raw):
            self.ir.findings.append(join_rows(prev, raw, t.raw.table_id, "below its label"))
            return
        if prev is not None and self._continues(prev, raw):
            cause = "after a page break" if raw.page != prev.page else "in a row of its own"
            self.ir.findings.append(join_rows(prev, raw, t.raw.table_id, cause))
            return
        if t.raw.table_id == "three_public_expenses" and (
            not has_names(t.labels) or block_named(raw)
        ):
            t.raw.rows.extend(t.items.rows(t.columns, raw))
            return
        if not has_names(t.labels) and not t.raw.rows:
            # one row of totals and no name column (Jiangsu 支出预算总表): the table's 合计 row
            raw.columns = {**t.labels, len(raw.cells): "项目"}
            raw.cells.append(Cell(TOTAL, raw.line, raw.page))
            self.ir.findings.append(
                Finding(
                    "one_row_table",
                    "info",
                    f"line {raw.line} is the table's only row of amounts and it prints no "
                    "name column: read as its 合计, with no rows under it to reproduce",
                    t.raw.table_id,
                    "",
                    raw.line,
                )
            )
        t.raw.rows.append(raw)

    def _header_tails(self, placed: list[list[Piece]], line: int) -> None:
        """The last line of a header label wrapped below its cell lies in the first row's cell
        under it (对附属单位上缴收 / ``入0.00``): one or two characters before the amount of
        an amount column are the label's, not the amount's (finding ``header_tail``)."""
        t = self.table
        for k, pieces in enumerate(placed):
            if len(pieces) != 1 or k >= len(t.columns):
                continue
            m = _HEADER_TAIL.match(squash(pieces[0].text))
            if m is None or column_role(t.columns[k].label) != "amount":
                continue
            p = pieces[0]
            placed[k] = [Piece([m.group(2)], p.x0, p.x1, p.top, p.bottom, p.ruled)]
            self.ir.findings.append(
                Finding(
                    "header_tail",
                    "info",
                    f"line {line}: '{m.group(1)}' before {m.group(2)} is the end of the header "
                    f"label {t.columns[k].label} wrapped below its cell, not part of the amount",
                    t.raw.table_id,
                    "",
                    line,
                )
            )

    def _code_parts(self, placed: list[list[Piece]], line: int) -> None:
        """A code printed in 类 | 款 | 项 columns → one code cell, the name beside it. The parts
        are read by position (the part each number starts under), also where a part runs into
        its neighbour (``229 08`` | ``04 福利彩票…``, ``229 其他支出``); a row printing only its
        款 or 项 (``08``) takes the 类 and 款 from the rows above (finding ``code_rebuilt``)."""
        t = self.table
        k = next((k for k, col in enumerate(t.columns) if col.parts), None)
        if k is None:
            return
        col = t.columns[k]
        name_k = (
            k + 1 if k + 1 < len(t.columns) and is_name_column(t.columns[k + 1].label) else None
        )
        pieces = sorted(
            placed[k] + (placed[name_k] if name_k is not None else []), key=lambda p: p.x0
        )
        digits: dict[int, str] = {}
        rest: list[str] = []
        for piece in pieces:
            text = squash(piece.text) if piece.x0 < col.x1 else ""
            if text.isdigit() and len(text) == 1 and _slot(piece.x0, col.parts):
                # a 款 / 项 part printed without its leading zero (``301`` | ``2``: 30102)
                digits[_slot(piece.x0, col.parts)] = "0" + text
                continue
            m = _CODE_GROUPS.match(text) if text else None
            if m is None:
                rest.append(piece.text)
                continue
            slot = 0 if len(m.group(1)) == 3 else _slot(piece.x0, col.parts)
            for group in (g for g in m.groups()[:3] if g):
                digits[slot] = group
                slot += 1
            if m.group(4):
                rest.append(m.group(4))
        if not digits:
            return
        ctx = t.code_context
        parts = [
            digits.get(0) or ctx[0],
            digits.get(1) or (ctx[1] if 2 in digits else ""),
            digits.get(2, ""),
        ]
        code = "".join(parts) if parts[0] else "".join(digits[s] for s in sorted(digits))
        if 0 not in digits or (2 in digits and 1 not in digits):
            self.ir.findings.append(
                Finding(
                    "code_rebuilt",
                    "info",
                    f"line {line} prints the code part(s) "
                    f"{' '.join(digits[s] for s in sorted(digits))} only: read as {code} from the "
                    "rows above",
                    t.raw.table_id,
                    code,
                    line,
                )
            )
        t.code_context = [parts[0], parts[1]]
        placed[k] = [Piece([code], col.x0, col.x1, pieces[0].top, pieces[0].bottom, False)]
        if name_k is not None:
            name_col = t.columns[name_k]
            placed[name_k] = (
                [
                    Piece(
                        [" ".join(rest)],
                        name_col.x0,
                        name_col.x1,
                        pieces[0].top,
                        pieces[0].bottom,
                        False,
                    )
                ]
                if rest
                else []
            )

    def _wrapped_tails(self, prev: RawRow, raw: RawRow) -> None:
        """The last line of a code-and-name cell wrapped in a grid without rules between rows
        lies on the next row's line: ``30108-机关事业单位基本养老保险`` / ``缴费30109-职业年金缴费``
        (Beijing 预算06表; 缴费支出2080506-… in 预算03表). Characters before the code of a cell
        whose cell above also prints a code and name end that name."""
        for pos, cell in enumerate(raw.cells):
            m = _WRAPPED_TAIL.match(cell.text)
            above = prev.cells[pos] if pos < len(prev.cells) else None
            if not m or above is None or not _CODE_NAME_CELL.match(above.text):
                continue
            prev.cells[pos] = Cell(above.text + m.group(1), above.line, above.page)
            raw.cells[pos] = Cell(m.group(2), cell.line, cell.page)
            self.ir.findings.append(
                Finding(
                    "row_joined",
                    "info",
                    f"'{m.group(1)}' at line {cell.line} ends the name at line "
                    f"{above.line} (a wrapped cell)",
                    self.table.raw.table_id,
                    "",
                    cell.line,
                )
            )

    def _name_in_code_column(self, cells: list[Cell]) -> None:
        """合计 printed in a cell merged over the code and name columns is the row's name."""
        labels = self.table.labels
        code = next((p for p, lab in labels.items() if "编码" in lab or "代码" in lab), None)
        name = next((p for p, lab in labels.items() if "名称" in lab), None)
        if code is None or name is None or any(ch.isdigit() for ch in cells[code].text):
            return
        if cells[code].text and not cells[name].text:
            cells[code], cells[name] = Cell("", cells[code].line, cells[code].page), cells[code]

    def _continues(self, prev: RawRow, raw: RawRow) -> bool:
        """Part of the previous row printed as a row of its own (a rule drawn inside a cell, or a
        page break, A6-A9):
        - the rest of a wrapped name: short text only, each piece under a cell of the previous
          row with text, not a numbered row of its own (七、文化旅游体育与传媒支 / 出; 八、社会保障和就
          / 业支出 on the next page);
        - amounts only, each where the previous row has none, on the same page (040: 204 公共安全支出
          / 27,488.23 one rule lower)."""
        filled = [pos for pos, c in enumerate(raw.cells) if c.text]
        labels = self.table.labels.values()
        if (
            not filled
            or any(pos >= len(prev.cells) for pos in filled)
            or not any(column_id(self.table.raw.table_id, lab) for lab in labels)
        ):
            return False  # (rows of a table read for no amount are left as printed)
        texts = [squash(raw.cells[pos].text) for pos in filled]
        if not any(NUMBER.match(text) for text in texts):
            return all(
                prev.cells[pos].text and len(text) <= _FRAGMENT and not _CONTINUES.match(text)
                for pos, text in zip(filled, texts)
            )
        return raw.page == prev.page and all(
            not prev.cells[pos].text and NUMBER.match(text) for pos, text in zip(filled, texts)
        )

    def _unread(self) -> list[Finding]:
        """``unread_line``: a line on a page of a contract table that carries an amount but was
        read into no row (nor as a note): nothing on a table's pages goes unread silently."""
        read = set(self.rows_read)
        pages: dict[int, str] = {}  # page → the table_id of a contract table on it
        for t in self.ir.tables:
            read.update(text_line for _, text_line in t.notes)
            for row in t.rows:
                read.add(row.line)
                read.update(row.joined_lines)
                read.update(c.line for c in row.cells)
            if t.table_id in KNOWN_TABLES or t.table_id in STANDS_IN:
                title_page = self.lines[t.title_line - 1].row.page
                for page in (title_page, *t.pages):
                    pages.setdefault(page, t.table_id)
        out = []
        for line in self.lines:
            page = line.row.page
            unopened = self.unopened.get(page)
            if unopened and page not in pages and line.number > unopened[2]:
                self.why[line.number] = (
                    f"below the title {unopened[1]} (line {unopened[2]}), whose header was not read"
                )
                table_id = unopened[0]
            elif page in pages:
                table_id = pages[page]
            else:
                continue
            if line.number in read or _is_footer(line):
                continue
            amounts = [
                p.text
                for p in line.row.pieces
                if len(squash(p.text)) <= _SENTENCE and _AMOUNT_END.search(squash(p.text))
            ]
            if amounts:
                why = self.why.get(line.number, "not part of any table row")
                if _prose(line.row):
                    out.append(
                        Finding(
                            "prose_line",
                            "info",
                            f"line {line.number} (p. {line.row.page}) is a sentence, not a "
                            f"table row (an amount with its unit, punctuation): "
                            f"'{line.row.text[:80]}'",
                            table_id,
                            "",
                            line.number,
                            line.row.page,
                        )
                    )
                    continue
                code = _ROW_CODE.match(line.row.text)
                out.append(
                    Finding(
                        "unread_line",
                        "warning",
                        f"line {line.number} (p. {line.row.page}) carries "
                        f"{', '.join(amounts[:4])} but was not read: {why}: '{line.row.text[:80]}'",
                        table_id,
                        "",
                        line.number,
                        line.row.page,
                        code.group(1).replace(" ", "") if code else None,
                        [Decimal(n.replace(",", "")) for a in amounts for n in _DECIMAL.findall(a)],
                    )
                )
        return out

    # -- main loop -------------------------------------------------------------------------
    def run(self) -> DocumentIR:
        self._cover()
        for i, line in enumerate(self.lines):
            if self.skip:
                self.skip -= 1
                continue
            self._line(i, line)
        self._close()
        _units_from_next(self.ir.tables)
        self.ir.findings += self._unread()
        self.ir.paragraphs = join_paragraphs(self.blocks)
        if self.names:
            name = max(self.names, key=lambda n: (self.names[n], len(n)))
            # names are read in squashed (NFKC) text; Chinese names print full-width brackets
            self.ir.title_name = name.replace("(", "（").replace(")", "）")
        self.ir.doc_kind = self.ir.doc_kind or "budget"
        return self.ir

    def _line(self, i: int, line: _Line) -> None:
        key = line.key
        if not key or _is_footer(line):
            return
        title = self._title_at(i)
        if title is not None:
            table_id, text, used = title
            self.skip = used - 1
            self._title_facts(text, line.number)
            self._open(table_id, text, line)
            return
        if len(line.row.pieces) == 2:
            pieces = [squash(p.text) for p in line.row.pieces]
            if pieces[0] in _META_KEYS and _ORG.search(pieces[1]):
                self.names[pieces[1]] += 1
        year_alone = YEAR_ALONE.match(key)
        if year_alone:
            self.ir.years.append((int(year_alone.group(1)), line.number))
            return
        meta = _META.match(key)
        if meta or _is_unit_line(key) or _TABLE_NO.match(key):
            if meta and meta.group(1):
                self.names[meta.group(1)] += 1
            unit = _UNIT.search(key)
            if self.table is not None and unit and not self.table.raw.unit:
                self.table.raw.unit = unit.group(1)
            if self.table is not None and unit:
                self._above_unit(line.row.page)
            return
        if self.table is None and self._resumes(line.row):
            self.table, self.closed = self.closed, None
            self.ir.tables.pop()
        if self.table is not None:
            if (_NOTE.match(key) and not line.row.ruled) or _NO_DATA.match(key):
                self.table.raw.notes.append(
                    (" ".join(p.text for p in line.row.pieces), line.number)
                )
                return
            if self._table_row(line):
                return
            self._close()
        self.why[line.number] = (
            "a grid row outside any table read (no known title above it)"
            if line.row.ruled
            else "read as text, not as a table row"
        )
        if not line.row.ruled:  # a small ruled table in the narrative is not running text
            text = " ".join(p.text for p in line.row.pieces)
            self.since_close += len(squash(text)) > 40  # a sentence, not a page's stray words
            self.blocks.append([(text, line.number, line.row.page)])


def read_rows(pages: list[Page]) -> tuple[DocumentIR, int]:
    """Pages of positioned rows (a PDF's, or a workbook's sheets and a Word file laid out as
    pages) → (DocumentIR, number of lines); a row whose pieces hold one text line each is one
    line."""
    lines = _lines(pages)
    # 绩效目标表 (transforms.pdf_performance): their lines are project blocks, not tables or text
    perf = read_performance([(line.number, line.row) for line in lines])
    reader = _PdfReader([line for line in lines if line.number not in perf.used], len(pages))
    reader.names.update(n for n in perf.names if _ORG.search(n))
    ir = reader.run()
    ir.projects += perf.projects
    ir.findings += perf.findings
    ir.years += perf.years
    ir.line_pages = [line.row.page for line in lines]
    return ir, len(lines)


def read_pdf(data: bytes, source_file: str) -> tuple[DocumentIR, int]:
    """PDF bytes → (DocumentIR, number of lines of the rendering). Raises the PDF errors of
    `transforms.pdf_layout.read_pages`."""
    pages = read_pages(data, source_file)
    ir, n_lines = read_rows(pages)
    ir.page_texts = {page.number: page.text for page in pages}
    verify_pages(ir.page_texts, ir.tables)
    return ir, n_lines


def render(data: bytes, source_file: str) -> str:
    """The text rendering whose 1-based lines are the ``source_line`` of a PDF's items."""
    return "".join(line.row.text + "\n" for line in _lines(read_pages(data, source_file)))
