"""The parser version, apart from the readers: a run over an unchanged corpus compares it
with the manifest without importing the readers and their PDF and office libraries."""

# One version for all readers: it is the store's incremental key, compared for every file.
PARSER_VERSION = "text-1.11+pdf-2.14+office-1.12"
