"""PDF bytes → pages of positioned rows (geometry only; what the rows mean is `pdf_reader`'s job).

pdfplumber gives the words of a page with their boxes, and the ruled cells of its tables (the
drawn rectangles, `find_tables`). Each word goes to the smallest ruled cell around it, so text
wrapped inside one cell (``一、一般公共服务`` / ``支出``) stays one piece whose box is the whole
cell; words outside every cell are grouped into text lines and split into pieces at wide gaps
(a table row printed without rules). A row is the cells sharing a top edge, or one text line.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from budgetwatch.transforms.errors import NoTextLayerError, UnreadablePdfError

# Words closer than this (in points) vertically are on one line.
_LINE_TOLERANCE = 3.0
# Cells whose top edges differ by less than this form one row.
_ROW_TOLERANCE = 2.0
# A gap wider than this many line heights splits a text line into pieces (table columns).
_GAP_FACTOR = 1.5


@dataclass(slots=True)
class Piece:
    """The text of one ruled cell, or of a run of words on a text line."""

    lines: list[str]  # the text lines inside the piece, top to bottom
    x0: float
    x1: float
    top: float
    bottom: float
    ruled: bool  # a ruled cell: the box is the cell's, not just the text's

    @property
    def text(self) -> str:
        # a cell's wrapped lines continue one another (CJK has no space at a wrap)
        return "".join(self.lines)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Row:
    page: int
    top: float
    pieces: list[Piece]  # left to right
    ruled: bool

    @property
    def text(self) -> str:
        return "\t".join(p.text for p in self.pieces)


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    rows: list[Row] = field(default_factory=list)


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines by their top edge, each line left to right."""
    out: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if out and abs(w["top"] - out[-1][0]["top"]) <= _LINE_TOLERANCE:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in out]


def _line_text(line: list[dict]) -> str:
    return " ".join(w["text"] for w in line)


def _cell_pieces(cells: list[tuple], words: list[dict]) -> tuple[list[Piece], list[dict]]:
    """One piece per ruled cell holding words; the words outside every cell are returned."""
    by_cell: dict[tuple, list[dict]] = {}
    free: list[dict] = []
    for w in words:
        cell = _smallest_cell(cells, (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)
        if cell is not None:
            by_cell.setdefault(cell, []).append(w)
        else:
            free.append(w)
    pieces = [
        Piece([_line_text(line) for line in _lines(ws)], c[0], c[2], c[1], c[3], True)
        for c, ws in by_cell.items()
    ]
    return pieces, free


def _smallest_cell(cells: list[tuple], x: float, y: float) -> tuple | None:
    around = [c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]]
    return min(around, key=lambda c: (c[2] - c[0]) * (c[3] - c[1])) if around else None


def _split_at_rules(words: list[dict], cells: list[tuple]) -> list[dict]:
    """A word whose characters sit in two ruled cells becomes one word per cell: with no gap
    between an amount and the next cell's text the extractor joins them
    ("91,016,775.35一、一般公共服务支出", 008 p.9), and the amount would be lost."""
    out = []
    for w in words:
        groups: dict[tuple | None, list[dict]] = {}
        for ch in w["chars"]:
            cell = _smallest_cell(cells, (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2)
            groups.setdefault(cell, []).append(ch)
        if len(groups) < 2:
            out.append(w)
            continue
        out += [{**w, "text": "".join(c["text"] for c in chars), "x0": chars[0]["x0"],
                 "x1": chars[-1]["x1"], "chars": chars} for chars in groups.values()]
    return out


def _text_rows(words: list[dict], number: int) -> list[Row]:
    rows = []
    for line in _lines(words):
        height = max(w["bottom"] - w["top"] for w in line)
        runs = [[line[0]]]
        for w in line[1:]:
            if w["x0"] - runs[-1][-1]["x1"] > _GAP_FACTOR * height:
                runs.append([w])
            else:
                runs[-1].append(w)
        pieces = [
            Piece([_line_text(run)], run[0]["x0"], run[-1]["x1"], min(w["top"] for w in run),
                  max(w["bottom"] for w in run), False)
            for run in runs
        ]
        rows.append(Row(number, pieces[0].top, pieces, False))
    return rows


def _visible(word: dict, width: float, height: float) -> bool:
    # some generators leave text outside the page box (019 p.11 repeats the next tables below
    # the page's bottom edge); a viewer does not show it, so neither do we
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return 0 <= cx <= width and 0 <= cy <= height


def _page(page, number: int) -> Page:
    words = [w for w in page.extract_words(return_chars=True)
             if _visible(w, page.width, page.height)]
    cells = []
    if page.rects or page.lines:  # no rules, no ruled tables: skip the costly search
        cells = [c for t in page.find_tables() for c in t.cells]
    pieces, free = _cell_pieces(cells, _split_at_rules(words, cells) if cells else words)
    rows: list[Row] = []
    for piece in sorted(pieces, key=lambda p: (p.top, p.x0)):
        if rows and rows[-1].ruled and abs(piece.top - rows[-1].top) <= _ROW_TOLERANCE:
            rows[-1].pieces.append(piece)
        else:
            rows.append(Row(number, piece.top, [piece], True))
    for row in rows:
        row.pieces.sort(key=lambda p: p.x0)
    rows += _text_rows(free, number)
    rows.sort(key=lambda r: r.top)
    return Page(number, float(page.width), float(page.height), rows)


def read_pages(data: bytes, source_file: str) -> list[Page]:
    """The rows of every page. Raises UnreadablePdfError (encrypted, broken) or
    NoTextLayerError (no text on any page: a scan; there is no OCR)."""
    pages: list[Page] = []
    number = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                pages.append(_page(page, number))
    except Exception as exc:  # pdfminer raises many types for damaged files
        # pdfplumber wraps pdfminer's error: report the original
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args and isinstance(
            exc.args[0], Exception) else exc
        where = f" (page {number})" if number else ""
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            reason = f"encrypted PDF{where}, cannot be read without its password"
        else:
            reason = f"broken PDF{where}: {type(cause).__name__}: {cause}"
        raise UnreadablePdfError(source_file, 0, reason) from None
    if not any(p.rows for p in pages):
        raise NoTextLayerError(
            source_file, 0,
            f"PDF without a text layer ({len(pages)} pages of images, a scan?); "
            "OCR is not supported",
        )
    return pages
