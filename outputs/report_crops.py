"""Crops of PDF pages for the report's evidence: the band of the page around the flagged
amount (found in the page's text layer), else the whole page small; PNG data URIs, so the
report stays one set of files that opens offline.

pypdfium2 renders the page; the PNG is written here with zlib (no imaging library)."""

from __future__ import annotations

import base64
import struct
import zlib
from decimal import Decimal
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

BAND_SCALE = 1.5  # pixels per PDF point of a band around the amount (readable)
PAGE_SCALE = 0.6  # of a whole page (an overview: where on the page)
MARGIN_PT = 40  # points kept above and below the amount


def needles(*values: Decimal | None) -> list[str]:
    """How the page may print amounts given in 万元 (a flag's expected_wan and actual_wan; None
    where a side is no amount): two decimals with or without thousands separators, and the same
    in 元 (×10000) for tables printed in 元."""
    out = []
    for amount in values:
        if amount is None:
            continue
        for factor in (1, 10000):
            for fmt in ("{:,.2f}", "{:.2f}"):
                text = fmt.format(amount * factor)
                if text not in out:
                    out.append(text)
    return out


def png(pixels: np.ndarray) -> bytes:
    """An RGB array (height × width × 3, uint8) as PNG bytes."""
    height, width, _ = pixels.shape
    rows = np.concatenate(
        [np.zeros((height, 1), np.uint8), pixels.reshape(height, width * 3)], axis=1
    )  # filter byte 0 (none) before each row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 9))
        + chunk(b"IEND", b"")
    )


def page_crop(path: Path, page_no: int, amounts: list[str]) -> tuple[bytes, bool] | None:
    """PNG of page ``page_no`` (1-based) of the PDF at ``path``: the band around the first of
    ``amounts`` found in its text (True), else the whole page (False); None when the file or
    page cannot be read."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return None
    try:
        if not 1 <= page_no <= len(pdf):
            return None
        page = pdf[page_no - 1]
        _, height = page.get_size()
        band = _find(page, amounts)
        if band is None:
            bitmap = page.render(scale=PAGE_SCALE, rev_byteorder=True)
        else:
            bottom, top = max(band[0] - MARGIN_PT, 0), min(band[1] + MARGIN_PT, height)
            bitmap = page.render(
                scale=BAND_SCALE, rev_byteorder=True, crop=(0, bottom, 0, height - top)
            )
        pixels = bitmap.to_numpy()[:, :, :3]
        return png(np.ascontiguousarray(pixels)), band is not None
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()


def _find(page, amounts: list[str]) -> tuple[float, float] | None:
    """(bottom, top) in PDF points of the first amount found on the page."""
    text = page.get_textpage()
    for needle in amounts:
        hit = text.search(needle).get_next()
        if hit:
            boxes = [text.get_charbox(i) for i in range(hit[0], hit[0] + hit[1])]
            return min(b[1] for b in boxes), max(b[3] for b in boxes)
    return None


def data_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
