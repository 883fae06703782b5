"""Detect the encoding of a disclosure's bytes: UTF-8 (with or without BOM), UTF-16 with its BOM,
or GB18030/GBK.

Detection, not assumption: UTF-8 is strict and self-validating, so it is tried first; GB18030
decodes almost any byte string, so its result is accepted only when it reads like Chinese text.
A PDF is recognised by its signature (``is_pdf``) and read by ``transforms.pdf_reader`` instead.
"""

from __future__ import annotations

import codecs
import re

from budgetwatch.sources.errors import (
    BinaryInputError,
    EmptyInputError,
    UnknownEncodingError,
)

_BOM = codecs.BOM_UTF8
# Share of CJK characters among the non-ASCII characters of a plausible GB18030 decoding.
_MIN_CJK_SHARE = 0.6
_CONTROL = {c for c in range(32)} - {9, 10, 12, 13}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
# CJK for the share: ideographs and extension A, CJK punctuation, full-width forms, general
# punctuation, enclosed numerals (①), mathematical operators
_CJK = re.compile(
    "[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2000-\u206f\u2460-\u24ff\u2200-\u22ff]"
)


def is_pdf(data: bytes) -> bool:
    """The PDF signature ``%PDF-`` (readers allow a little leading whitespace)."""
    return data.lstrip()[:5] == b"%PDF-"


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _cjk_share(text: str) -> float | None:
    """The share of CJK characters (`_CJK`) among the non-ASCII ones; None: all ASCII."""
    wide = len(text) - len(text.encode("ascii", "ignore"))
    return len(_CJK.findall(text)) / wide if wide else None


def _check_binary(data: bytes, source_file: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError(source_file, _line_of(data, nul), "binary content (NUL byte)")
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
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
    share = _cjk_share(text)
    return share is not None and share >= _MIN_CJK_SHARE


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
    share = _cjk_share(text)
    if share is not None and share < _MIN_CJK_SHARE:
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
