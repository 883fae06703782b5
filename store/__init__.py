"""The Parquet store: per-document tables partitioned by fiscal year, whole-store derived
tables, the manifest of parsed files and run metadata (layout in docs/pipeline.md)."""

from budgetwatch.store.lock import StoreLockedError, hold, require_free
from budgetwatch.store.parquet import (
    DERIVED_TABLES,
    DOC_TABLES,
    MANIFEST,
    QUARANTINE_TABLE,
    Store,
    StoreError,
    StoreWriteError,
)

__all__ = [
    "DERIVED_TABLES",
    "DOC_TABLES",
    "MANIFEST",
    "QUARANTINE_TABLE",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreWriteError",
    "hold",
    "require_free",
]
