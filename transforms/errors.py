"""The reader's typed errors, defined in ``sources.errors`` (decoding raises them first)."""
from budgetwatch.sources.errors import (
    BinaryInputError,
    DisclosureError,
    EmptyInputError,
    InternalParseError,
    NotADisclosureError,
    NoTextLayerError,
    TruncatedError,
    UnknownEncodingError,
    UnreadablePdfError,
)

__all__ = ["BinaryInputError", "DisclosureError", "EmptyInputError", "InternalParseError",
           "NoTextLayerError", "NotADisclosureError", "TruncatedError", "UnknownEncodingError",
           "UnreadablePdfError"]
