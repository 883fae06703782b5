"""Typed errors of reading a disclosure. Every message names the file and the line where reading
stopped. They live in `sources`, the first step that raises them (undecodable bytes); the
reader raises the same types."""

from __future__ import annotations


class DisclosureError(ValueError):
    """A document could not be read (completely). ``line`` is 1-based; 0 = before any line."""

    kind = "unreadable"

    def __init__(self, source_file: str, line: int, reason: str):
        self.source_file = source_file
        self.line = line
        self.reason = reason
        super().__init__(f"{source_file}:{line}: {reason}")


class EmptyInputError(DisclosureError):
    kind = "empty"


class BinaryInputError(DisclosureError):
    kind = "binary"


class UnknownEncodingError(DisclosureError):
    kind = "unknown_encoding"


class NotADisclosureError(DisclosureError):
    kind = "not_a_disclosure"


class TruncatedError(DisclosureError):
    """The text stops inside a table; what was read before is kept."""

    kind = "truncated"


class InternalParseError(DisclosureError):
    """The reader failed on input it should have handled: a parser bug, reported not raised."""

    kind = "internal_error"


class UnreadablePdfError(DisclosureError):
    """An encrypted or damaged PDF."""

    kind = "unreadable_pdf"


class NoTextLayerError(DisclosureError):
    """A PDF whose pages carry no text (a scan); there is no OCR."""

    kind = "no_text_layer"
