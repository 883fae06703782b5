"""PDF bytes → pages of positioned rows (geometry only; what the rows mean is `pdf_reader`'s job).

pdfium (pypdfium2) gives every character with its box and every drawn path with its bounds, ten
to twenty times faster than pdfminer's layout analysis. Thin paths and the edges of rectangles
are the table rules. A character belongs to the ruled cell around it: the nearest vertical rules
left and right of it that cross its line, and the nearest horizontal rules above and below that
cross that span — so a merged cell (no rule inside it) is one cell, and text wrapped inside a cell
(``一、一般公共服务`` / ``支出``) stays one piece whose box is the whole cell. Characters outside
every cell are grouped into text lines, split into pieces at wide gaps (a table row printed without
rules). A row is the cells sharing a top edge, or one text line.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetwatch.sources.errors import NoTextLayerError, UnreadablePdfError
from budgetwatch.transforms.pdf_cell_overflow import settle_overflow

# Characters whose vertical centres differ by less than this (in points) are on one line.
_LINE_TOLERANCE = 3.0
# Cells whose top edges differ by less than this form one row.
_ROW_TOLERANCE = 2.0
# A gap wider than this many line heights splits a text line into pieces (table columns).
_GAP_FACTOR = 1.5
# A gap wider than this (points) between two characters separates two words.
_WORD_GAP = 3.0
# A column's left edge in text printed without rules: pieces of this many lines start within
# this distance (points) of one x
_EDGE_LINES = 3
_EDGE_TOLERANCE = 1.0
# An amount as printed (1,234.56, 9.000000): a word of its own in a text row is a cell
_AMOUNT_WORD = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+\.\d+$")
# A path thinner than this is a rule; a rectangle contributes its four edges.
_THIN = 2.0
# A rule reaches a point when it passes within this distance of it.
_REACH = 1.0


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
    text: str = ""  # pdfium's text of the page, untouched by the layout (pdf_verify)


class _Char(NamedTuple):
    # a tuple, not an object: a page has thousands, made in one C-level pass (`_chars`)
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    cy: float  # the vertical centre, compared often enough to keep


@dataclass(frozen=True, slots=True)
class _View:
    """The page as a viewer shows it: cropped and turned by its /Rotate (022 prints its tables
    on pages turned 90°). Maps PDF boxes (left, bottom, right, top; y up) to (x0, top, x1,
    bottom) with y down from the top edge."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int

    @property
    def size(self) -> tuple[float, float]:
        w, h = self.right - self.left, self.top - self.bottom
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
        if self.rotation == 90:
            return y0 - self.bottom, x0 - self.left, y1 - self.bottom, x1 - self.left
        if self.rotation == 180:
            return self.right - x1, y0 - self.bottom, self.right - x0, y1 - self.bottom
        if self.rotation == 270:
            return self.top - y1, self.right - x1, self.top - y0, self.right - x0
        return x0 - self.left, self.top - y1, x1 - self.left, self.top - y0


# -- characters ---------------------------------------------------------------------------------


def _native(func, restype, *argtypes):
    """A pdfium function called with plain integers (handles and addresses) instead of ctypes
    objects: what `map` can call per character or page object without Python in between."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(func, ctypes.c_void_p).value)


_INT, _PTR = ctypes.c_int, ctypes.c_void_p
_LOOSE_BOX = _native(pdfium_c.FPDFText_GetLooseCharBox, _INT, _PTR, _INT, _PTR)
# what `_chars` looks at one by one: pdfium's marks, its generated spaces (`\s` is
# `str.isspace`: both are Py_UNICODE_ISSPACE; tests/test_parse_cost.py checks every code point)
_MARKS = re.compile(r"[\s\x00\ufffe\uffff]")


def _chars(page, view: _View) -> tuple[list[_Char], str]:
    """The visible, printed characters of a page (pdfium's generated spaces and line breaks are
    left out: gaps are measured here), in page coordinates with the top edge at 0; and pdfium's
    own text of the page as it gives it (`transforms.pdf_verify` looks amounts up in it)."""
    textpage = page.get_textpage()
    raw = textpage.raw  # the handle itself: the wrapper converts on every call
    try:
        width, height = view.size
        count = pdfium_c.FPDFText_CountChars(textpage)
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP take two code units: one by one
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        letters = list(text)
        for mark in _MARKS.finditer(text):
            i = mark.start()
            char = letters[i]
            if char == "\ufffe" and pdfium_c.FPDFText_IsGenerated(raw, i) != 1:
                letters[i] = "-"  # pdfium's mark for a hyphen printed at a line's end
            elif char in "\x00\ufffe\uffff" or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                letters[i] = None  # pdfium's own spaces and line breaks: gaps are measured here
        index = [i for i, char in enumerate(letters) if char is not None]
        boxes = _boxes(ctypes.cast(raw, ctypes.c_void_p).value, index)  # left, top, right, bottom
        if view.rotation == 0:  # an upright page (nearly all): `_View.box`'s arithmetic
            x0, x1 = boxes[:, 0] - view.left, boxes[:, 2] - view.left
            top, bottom = view.top - boxes[:, 1], view.top - boxes[:, 3]
        else:
            placed = [view.box(le, b, r, t) for le, t, r, b in boxes.tolist()]
            x0, top, x1, bottom = np.array(placed, dtype=float).reshape(-1, 4).T
        cy = (top + bottom) / 2
        # some generators leave text outside the page box (019 p.11 repeats the next tables
        # below the page's bottom edge); a viewer does not show it, so neither do we
        middle = (x0 + x1) / 2
        seen = (0 <= middle) & (middle <= width) & (0 <= cy) & (cy <= height)
        letters = [letters[i] for i in np.asarray(index)[seen].tolist()]
        columns = [x0[seen], x1[seen], top[seen], bottom[seen], cy[seen]]
        out = list(map(tuple.__new__, repeat(_Char), zip(letters, *(c.tolist() for c in columns))))
        return _without_overprint(out, columns), text
    finally:
        textpage.close()


def _boxes(textpage: int, index: list[int]) -> np.ndarray:
    """pdfium's loose box of each character named, one row each: one call a character, made by
    `map` into one array (no Python per character)."""
    boxes = np.zeros((len(index), 4), dtype=np.float32)
    at = _address(boxes)
    addresses = range(at, at + 16 * len(index), 16)
    done = list(map(_LOOSE_BOX, repeat(textpage, len(index)), index, addresses))
    for k, ok in enumerate(done):
        if not ok:  # never for a valid index; one reused rectangle would keep the box before
            boxes[k] = boxes[k - 1] if k else 0
    return boxes.astype(float)


_BUCKET = 8.0  # points of x per bucket of _without_overprint


def _without_overprint(chars: list[_Char], columns: list[np.ndarray]) -> list[_Char]:
    """Fake bold prints each character two or more times a fraction of a point apart (164:
    ``222000222222年年年``); a reader sees one character, so keep one. ``columns``: the
    characters' x0, x1, top, bottom and cy."""
    near = _near_same(chars, columns)
    if not near.any():
        return chars
    # only characters with a possible copy can be dropped or drop another: the rest are kept
    # without the per-character loop below (most pages have no fake bold at all)
    kept = {id(ch) for ch in _first_copies([ch for ch, n in zip(chars, near.tolist()) if n])}
    return [ch for ch, n in zip(chars, near.tolist()) if not n or id(ch) in kept]


def _near_same(chars: list[_Char], columns: list[np.ndarray]) -> np.ndarray:
    """Per character: is the same character printed within 2 points of its centre line and
    within the widest shift `_first_copies` tests of its left edge? (A margin wider than
    rounding: a character not near one is never a copy and has none.)"""
    n = len(chars)
    if n < 2:
        return np.zeros(n, dtype=bool)
    code = np.fromiter(map(ord, map(itemgetter(0), chars)), float, n)  # one character each
    x0, x1, _, _, cy = columns
    reach = 0.3 * max((x1 - x0).max(), 1.0) + 0.05
    # one sortable number per character: (text, 2-point band of cy) as the block, x0 inside it
    band = np.floor(cy / 2)
    low = x0.min() - 2 * reach - 1
    span = x0.max() - low + 2 * reach + 1
    keys = (code * (band.max() + 3) + band + 1) * span + (x0 - low)
    ordered = np.sort(keys)
    # the band above, its own and the one below; each character finds itself once
    around = np.concatenate([keys - span, keys, keys + span])
    found = np.searchsorted(ordered, around + reach, "right")
    found -= np.searchsorted(ordered, around - reach, "left")
    return found.reshape(3, n).sum(axis=0) > 1


def _first_copies(chars: list[_Char]) -> list[_Char]:
    """The characters kept of those that may be copies: each one that is no copy of one kept
    before it."""
    # kept characters by (text, band of cy, bucket of x0): a copy is looked for only in the
    # buckets its shift can reach, not along the whole line (a row of 0s)
    seen: dict[tuple[str, int, int], list[_Char]] = {}
    out = []
    for ch in chars:
        text, x0, cy = ch.text, ch.x0, ch.cy
        band = int(cy // 4)
        shift = 0.3 * max(ch.x1 - x0, 1.0)
        # loops, not any() over a generator: this runs once per character of every page
        for k in range(int((x0 - shift) // _BUCKET), int((x0 + shift) // _BUCKET) + 1):
            kept = seen.get((text, band, k))
            if kept is not None and _copy_in(kept, x0, cy, shift):
                break
        else:
            key = (text, band, int(x0 // _BUCKET))
            kept = seen.get(key)
            if kept is None:
                seen[key] = [ch]
            else:
                kept.append(ch)
            out.append(ch)
    return out


def _copy_in(kept: list[_Char], x0: float, cy: float, shift: float) -> bool:
    for o in kept:
        if abs(o.x0 - x0) < shift and abs(o.cy - cy) < 2:
            return True
    return False


_BY_CENTRE, _BY_X = attrgetter("cy", "x0"), attrgetter("x0")


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines by their vertical centre, each line left to right."""
    if len(chars) <= 1:
        return [list(chars)] if chars else []
    centres = list(map(itemgetter(5), chars))  # `_Char.cy`
    if max(centres) - min(centres) <= _LINE_TOLERANCE:
        # every centre near the lowest, the line's first below: one line (most cells); sorting
        # by x0 then cy orders it as the two stable sorts below do
        return [sorted(chars, key=itemgetter(1, 5))]
    out: list[list[_Char]] = []
    first = line = None
    for ch in sorted(chars, key=_BY_CENTRE):
        # the centres' test first, inline: it decides for nearly every character
        if first is not None and (
            abs(first.cy - ch.cy) <= _LINE_TOLERANCE or _same_line(first, ch)
        ):
            line.append(ch)
        else:
            first, line = ch, [ch]
            out.append(line)
    for line in out:
        line.sort(key=_BY_X)
    return out


def _same_line(a: _Char, b: _Char) -> bool:
    """Centres close, or one box mostly inside the other's height (a larger 二 in 第二部分)."""
    if abs(a.cy - b.cy) <= _LINE_TOLERANCE:
        return True
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.6 * min(a.bottom - a.top, b.bottom - b.top)


def _words(line: list[_Char]) -> str:
    """A line's text: a printed space or a gap wider than a narrow space separates words."""
    parts: list[str] = []
    prev: _Char | None = None
    for ch in line:
        if ch.text.isspace():
            prev = None
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None and ch.x0 - prev.x1 > _WORD_GAP and parts[-1] != " ":
            parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return "".join(parts).strip()


# -- rules --------------------------------------------------------------------------------------


_OBJECT_TYPE = _native(pdfium_c.FPDFPageObj_GetType, _INT, _PTR)
_PAGE_OBJECT = _native(pdfium_c.FPDFPage_GetObject, _PTR, _PTR, _INT)
_FORM_OBJECT = _native(pdfium_c.FPDFFormObj_GetObject, _PTR, _PTR, ctypes.c_ulong)
_FORM_COUNT = _native(pdfium_c.FPDFFormObj_CountObjects, _INT, _PTR)
_BOUNDS = _native(pdfium_c.FPDFPageObj_GetBounds, _INT, _PTR, _PTR, _PTR, _PTR, _PTR)
_DRAW_MODE = _native(pdfium_c.FPDFPath_GetDrawMode, _INT, _PTR, _PTR, _PTR)


def _path_bounds(page) -> list[tuple[float, float, float, float, bool]]:
    """(left, bottom, right, top, stroked) of every path object, also inside form XObjects.
    Stroked is asked only of a path at least `_THIN` wide and high (`_rules` reads it of no
    other): False for the rest."""
    raw = ctypes.cast(page.raw, ctypes.c_void_p).value
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    paths = _paths(list(map(_PAGE_OBJECT, repeat(raw, count), range(count))), [])
    # one call an object, made by `map` into arrays: left, bottom, right, top; stroke
    bounds = np.zeros((len(paths), 4), dtype=np.float32)
    at = _address(bounds)
    found = list(
        map(_BOUNDS, paths, *(range(at + k, at + k + 16 * len(paths), 16) for k in (0, 4, 8, 12)))
    )
    boxes = bounds.astype(float)
    # a margin far wider than the rounding of `_View.box`'s shift
    wide = np.flatnonzero(
        (boxes[:, 2] - boxes[:, 0] > _THIN - 1e-3) & (boxes[:, 3] - boxes[:, 1] > _THIN - 1e-3)
    ).tolist()
    stroke = np.zeros(len(paths), dtype=np.int32)
    fill = np.zeros(1, dtype=np.int32)  # asked for by pdfium, not read
    at, fill_at = _address(stroke), _address(fill)
    list(map(_DRAW_MODE, [paths[k] for k in wide], repeat(fill_at), [at + 4 * k for k in wide]))
    return [
        (*box, bool(stroked))
        for box, stroked, ok in zip(boxes.tolist(), stroke.tolist(), found)
        if ok
    ]


def _address(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


def _paths(objects: list[int], out: list[int]) -> list[int]:
    """The path objects among ``objects``, in order, a form XObject's own in its place."""
    for obj, kind in zip(objects, map(_OBJECT_TYPE, objects)):
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            out.append(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            count = _FORM_COUNT(obj)
            _paths(list(map(_FORM_OBJECT, repeat(obj, count), range(count))), out)
    return out


def _rules(page, view: _View) -> tuple[np.ndarray, ...]:
    """Horizontal rules (x0, x1, y) and vertical rules (y0, y1, x), top-down coordinates."""
    hs, vs = [], []
    width, height = view.size
    for *bounds, stroked in _path_bounds(page):
        x0, y0, x1, y1 = view.box(*bounds)
        w, h = x1 - x0, y1 - y0
        if w < _THIN and h < _THIN:
            continue  # a dot
        if h < _THIN:
            hs.append((x0, x1, (y0 + y1) / 2))
        elif w < _THIN:
            vs.append((y0, y1, (x0 + x1) / 2))
        elif stroked and not (w > 0.8 * width and h > 0.8 * height):
            # a stroked rectangle is four rules; a filled one is a background (024 pads every
            # amount cell with white boxes), and a page frame is no cell
            hs += [(x0, x1, y0), (x0, x1, y1)]
            vs += [(y0, y1, x0), (y0, y1, x1)]
    return _in_grids(_joined(hs), _joined(vs))


def _joined(rules: list[tuple[float, float, float]]) -> np.ndarray:
    """Collinear rules that touch become one (generators draw a rule cell by cell, often as
    short pieces: 024 draws every rule in 0.5-point squares and segments between them)."""
    groups: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules, key=lambda r: r[2]):  # rules at one position (±0.5 pt)
        if groups and rule[2] - groups[-1][0][2] <= 0.5:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    out: list[list[float]] = []
    for group in groups:
        start = len(out)
        for a, b, pos in sorted(group):
            if len(out) > start and a <= out[-1][1] + _REACH:
                out[-1][1] = max(out[-1][1], b)
            else:
                out.append([a, b, pos])
    return np.array(out, dtype=float).reshape(-1, 3)


def _in_grids(hs: np.ndarray, vs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rules that belong to a grid of at least two cells: a lone box around a highlighted
    phrase (040 p.6) or a rule under a heading is no table."""
    if not len(hs) or not len(vs):
        return hs[:0], vs[:0]
    meets = (
        (hs[:, None, 0] - _REACH <= vs[None, :, 2])
        & (vs[None, :, 2] <= hs[:, None, 1] + _REACH)
        & (vs[None, :, 0] - _REACH <= hs[:, None, 2])
        & (hs[:, None, 2] <= vs[None, :, 1] + _REACH)
    )
    parent = list(range(len(hs) + len(vs)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for h, v in zip(*np.nonzero(meets)):
        parent[root(int(h))] = root(len(hs) + int(v))
    roots = [root(k) for k in range(len(parent))]
    sizes = Counter(roots)
    keep = np.array([sizes[r] >= 5 for r in roots], dtype=bool)  # 2 cells: 3 + 2 rules
    return hs[keep[: len(hs)]], vs[keep[len(hs) :]]


def _cells(lines: list[list[_Char]], hs: np.ndarray, vs: np.ndarray) -> list[list[tuple | None]]:
    """The ruled cell (x0, top, x1, bottom) of every character of every line, or None."""
    if not len(vs) or not len(hs):
        return [[None] * len(line) for line in lines]
    out: list[list[tuple | None]] = []
    crossing: dict[tuple[float, float], list[float]] = {}  # of a column span, for every line
    # the vertical rules crossing a line are those starting above its bottom reach and ending
    # below its top reach: two counts in the sorted ends name the set, and lines share it
    starts, ends = sorted(vs[:, 0].tolist()), sorted(vs[:, 1].tolist())
    verticals: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        cy = sum(map(itemgetter(5), line)) / len(line)  # the centres (`_Char.cy`)
        key = (bisect_right(starts, cy + _REACH), bisect_left(ends, cy - _REACH))
        xs = verticals.get(key)
        if xs is None:
            mask = (vs[:, 0] <= cy + _REACH) & (vs[:, 1] >= cy - _REACH)
            xs = verticals[key] = np.unique(vs[mask, 2]).tolist()
        slots: dict[int, tuple | None] = {}
        cells = []
        for k in [bisect_left(xs, (c.x0 + c.x1) / 2) for c in line]:
            if k not in slots:
                slots[k] = None
                if 0 < k < len(xs):
                    slots[k] = _cell_between(xs[k - 1], xs[k], cy, hs, crossing)
            cells.append(slots[k])
        out.append(cells)
    return out


def _cell_between(
    x0: float, x1: float, cy: float, hs: np.ndarray, crossing: dict[tuple[float, float], list]
) -> tuple | None:
    """The nearest rules above and below ``cy`` crossing the span's middle (the heights of the
    rules crossing a span are found once per page: a column's cells share them)."""
    ys = crossing.get((x0, x1))
    if ys is None:
        mid = (x0 + x1) / 2
        ys = sorted(hs[(hs[:, 0] <= mid + _REACH) & (hs[:, 1] >= mid - _REACH), 2].tolist())
        crossing[(x0, x1)] = ys
    above, below = bisect_left(ys, cy), bisect_right(ys, cy)
    if above == 0 or below == len(ys):
        return None
    return (x0, ys[above - 1], x1, ys[below])


# -- rows ---------------------------------------------------------------------------------------


def _cell_pieces(by_cell: dict[tuple, list[_Char]]) -> list[Piece]:
    return [
        Piece([_words(line) for line in _lines(chars)], c[0], c[2], c[1], c[3], True)
        for c, chars in by_cell.items()
    ]


def _amount_split(run: list[_Char]) -> list[list[_Char]]:
    """A run of words split where an amount stands next to other text only a word gap apart:
    ``9.000000 五、教育支出`` (the income side's amount close to the expenditure side's name in a
    two-sided table without rules, Beijing 预算01表) is two cells."""
    words: list[list[_Char]] = [[]]
    for ch in run:
        if ch.text.isspace():
            if words[-1]:
                words.append([])
            continue
        if words[-1] and ch.x0 - words[-1][-1].x1 > _WORD_GAP:
            words.append([])
        words[-1].append(ch)
    words = [w for w in words if w]
    if len(words) < 2:
        return [run]
    # each word's text tested once (it was joined again as the next word's neighbour)
    amount = [_AMOUNT_WORD.match("".join(map(itemgetter(0), w))) is not None for w in words]
    out = [list(words[0])]
    for k in range(1, len(words)):
        if amount[k - 1] or amount[k]:
            out.append(list(words[k]))
        else:
            out[-1].extend(words[k])
    return out


def _edge_split(run: list[_Char], starts: list[float]) -> list[list[_Char]]:
    """A run split at a word gap whose next word starts where pieces of at least `_EDGE_LINES`
    other lines of the page start: a column's left edge in a grid printed without rules, the
    text of the column before it a word gap away (`必要投入，为平 | 成本指标`: a goal's wrapped line
    beside its 一级指标)."""
    out = [[run[0]]]
    for ch in run[1:]:
        prev = out[-1][-1]
        if (
            not ch.text.isspace()
            and (prev.text.isspace() or ch.x0 - prev.x1 > _WORD_GAP)
            and bisect_right(starts, ch.x0 + _EDGE_TOLERANCE)
            - bisect_left(starts, ch.x0 - _EDGE_TOLERANCE)
            >= _EDGE_LINES
        ):
            while len(out[-1]) > 1 and out[-1][-1].text.isspace():
                out[-1].pop()  # the printed space between the two cells is neither's
            out.append([ch])
        else:
            out[-1].append(ch)
    return out


def _text_rows(lines: list[list[_Char]], number: int) -> list[Row]:
    split: list[list[list[_Char]]] = []
    for line in lines:
        height = max(c.bottom - c.top for c in line)
        runs = [[line[0]]]
        for ch in line[1:]:
            if ch.x0 - runs[-1][-1].x1 > _GAP_FACTOR * height:
                runs.append([ch])
            else:
                runs[-1].append(ch)
        split.append([part for run in runs for part in _amount_split(run)])
    starts = sorted(run[0].x0 for runs in split for run in runs)
    rows = []
    for runs in split:
        runs = [part for run in runs for part in _edge_split(run, starts)]
        pieces = [
            Piece(
                [words],
                run[0].x0,
                run[-1].x1,
                min([c.top for c in run]),
                max([c.bottom for c in run]),
                False,
            )
            for run in runs
            if (words := _words(run))
        ]
        if pieces:
            rows.append(Row(number, pieces[0].top, pieces, False))
    return rows


def _page(page, number: int) -> Page:
    view = _View(*page.get_cropbox(), page.get_rotation())
    width, height = view.size
    chars, text = _chars(page, view)
    lines = _lines(chars)
    hs, vs = _rules(page, view)
    by_cell: dict[tuple, list[_Char]] = {}
    free: list[list[_Char]] = []
    for line, cells in zip(lines, _cells(lines, hs, vs)):
        rest = []
        for ch, cell in zip(line, cells):
            if cell is None:
                rest.append(ch)
            else:
                by_cell.setdefault(cell, []).append(ch)
        if rest:
            free.append(rest)
    settle_overflow(by_cell, _lines)
    rows: list[Row] = []
    for piece in sorted(_cell_pieces(by_cell), key=lambda p: (p.top, p.x0)):
        if not piece.text:
            continue
        if rows and abs(piece.top - rows[-1].top) <= _ROW_TOLERANCE:
            rows[-1].pieces.append(piece)
        else:
            rows.append(Row(number, piece.top, [piece], True))
    for row in rows:
        row.pieces.sort(key=lambda p: p.x0)
    rows += _text_rows(free, number)
    rows.sort(key=lambda r: r.top)
    return Page(number, width, height, rows, text)


def _open(data: bytes, source_file: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = pdfium_c.FPDF_GetLastError()
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            reason = "encrypted PDF, cannot be read without its password"
        else:
            reason = f"broken PDF: {exc}"
        raise UnreadablePdfError(source_file, 0, reason) from None


def read_pages(data: bytes, source_file: str) -> list[Page]:
    """The rows of every page. Raises UnreadablePdfError (encrypted, broken) or
    NoTextLayerError (no text on any page: a scan; there is no OCR)."""
    pdf = _open(data, source_file)
    pages: list[Page] = []
    try:
        for number in range(1, len(pdf) + 1):
            try:
                page = pdf[number - 1]
            except pdfium.PdfiumError as exc:
                raise UnreadablePdfError(
                    source_file, 0, f"broken PDF (page {number}): {exc}"
                ) from None
            try:
                pages.append(_page(page, number))
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(p.rows for p in pages):
        raise NoTextLayerError(
            source_file,
            0,
            f"PDF without a text layer ({len(pages)} pages of images, a scan?); "
            "OCR is not supported",
        )
    return pages
