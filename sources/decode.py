"""Detect the encoding of a disclosure's bytes: UTF-8 (with or without BOM), UTF-16 with its BOM,
or GB18030/GBK.

Detection, not assumption: UTF-8 is strict and self-validating, so it is tried first; GB18030
decodes almost any byte string, so its result is accepted only when it reads like Chinese text.
A PDF is recognised by its signature (``is_pdf``) and read by ``transforms.pdf_reader`` instead.
"""

from __future__ import annotations

import codecs

from budgetwatch.sources.errors import (
    BinaryInputError,
    EmptyInputError,
    UnknownEncodingError,
)

_BOM = codecs.BOM_UTF8
# Share of CJK characters among the non-ASCII characters of a plausible GB18030 decoding.
_MIN_CJK_SHARE = 0.6
_CONTROL = {c for c in range(32)} - {9, 10, 12, 13}


def is_pdf(data: bytes) -> bool:
    """The PDF signature ``%PDF-`` (readers allow a little leading whitespace)."""
    return data.lstrip()[:5] == b"%PDF-"


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2000 <= o <= 0x206F
        or 0x2460 <= o <= 0x24FF
        or 0x2200 <= o <= 0x22FF
    )


def _check_binary(data: bytes, source_file: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError(source_file, _line_of(data, nul), "binary content (NUL byte)")
    sample = data[:4096]
    controls = sum(1 for b in sample if b in _CONTROL)
    if controls > max(2, len(sample) // 50):
        pos = next(i for i, b in enumerate(sample) if b in _CONTROL)
        raise BinaryInputError(
            source_file, _line_of(data, pos), f"binary content ({controls} control bytes)"
        )


def _utf8(data: bytes) -> tuple[str | None, int]:
    """Strict UTF-8; a multi-byte character cut at the very end (a truncated copy) is dropped."""
    try:
        return data.decode("utf-8"), -1
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            return data[: exc.start].decode("utf-8"), -1
        return None, exc.start


def _reads_as_big5(data: bytes) -> bool:
    try:
        text = data.decode("big5")
    except UnicodeDecodeError:
        return False
    wide = [ch for ch in text if ord(ch) > 127]
    return bool(wide) and sum(map(_is_cjk, wide)) / len(wide) >= _MIN_CJK_SHARE


def decode_bytes(data: bytes, source_file: str) -> tuple[str, str]:
    """Return (text, encoding) with encoding one of utf-8-sig, utf-16, utf-8, gb18030.

    Raises EmptyInputError, BinaryInputError or UnknownEncodingError (all DisclosureError).
    """
    if not data.strip():
        raise EmptyInputError(source_file, 0, "empty file")
    if data.startswith(_BOM):
        text, bad = _utf8(data[len(_BOM) :])
        if text is None:
            raise UnknownEncodingError(
                source_file, _line_of(data, bad + len(_BOM)), "UTF-8 BOM but invalid UTF-8"
            )
        return text, "utf-8-sig"
    if is_pdf(data):
        raise BinaryInputError(
            source_file, 1, "a PDF file: read it with the PDF reader, not as text"
        )
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        # Windows "Unicode" text: its NUL bytes would otherwise read as binary
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnknownEncodingError(
                source_file,
                data[: exc.start].decode("utf-16", "replace").count("\n") + 1,
                "UTF-16 byte order mark but invalid UTF-16",
            ) from None
    _check_binary(data, source_file)
    text, bad = _utf8(data)
    if text is not None:
        return text, "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnknownEncodingError(
            source_file,
            _line_of(data, min(bad, exc.start)),
            "neither UTF-8 nor GB18030/GBK",
        ) from None
    wide = [ch for ch in text if ord(ch) > 127]
    if wide and sum(map(_is_cjk, wide)) / len(wide) < _MIN_CJK_SHARE:
        raise UnknownEncodingError(
            source_file,
            _line_of(data, bad),
            "not UTF-8, and as GB18030 it does not read as Chinese text"
            + (
                "; it reads as Big5 (traditional Chinese), which is not supported: convert "
                "it to UTF-8"
                if _reads_as_big5(data)
                else ""
            ),
        )
    return text, "gb18030"
