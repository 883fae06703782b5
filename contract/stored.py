"""Schemas of the tables the store writes besides the per-document frames of
contract.schema: the gate's residuals, the quarantine list, the manifest and the derived
tables (flags, and the comparison step's tables). Every stored table has one here; the store
conforms what it writes and reads to it."""

from __future__ import annotations

import polars as pl

from budgetwatch.contract.schema import AMOUNT

# The gate's warning-grade checks (expectations/residuals.py), passed or not.
RESIDUALS = {
    "doc_id": pl.String,
    "check_id": pl.String,
    "kind": pl.String,
    "table_id": pl.String,
    "code": pl.String,
    "column_id": pl.String,
    "subject": pl.String,
    "expected": AMOUNT,
    "actual": AMOUNT,
    "residual": AMOUNT,
    "tolerance": AMOUNT,
    "passed": pl.Boolean,
    "source_line": pl.Int32,
    "explanation": pl.String,
    # extension: the file of source_line where the document joins several (null = the
    # document's source_file; contract.schema.ROW_FILE)
    "source_file": pl.String,
}


# Rejected and quarantined documents with their reasons (the "listed with its reason" table).
QUARANTINE_TABLE = {
    "doc_id": pl.String,
    "source_file": pl.String,
    "fiscal_year": pl.Int32,
    "department_code": pl.String,
    "status": pl.String,  # quarantined / rejected
    "reason": pl.String,
}


MANIFEST = {
    "source_file": pl.String,
    "sha256": pl.String,
    "doc_id": pl.String,
    "parser_version": pl.String,
    "fiscal_year": pl.Int32,
    "department_code": pl.String,
    "status": pl.String,
    "department_name": pl.String,  # backfill selects by name where no code is printed
    # narrative / tables: the file is a companion part (transforms/companions.py), read
    # again whenever another part arrives so that pairs can form across runs
    "part": pl.String,
}


# ---- derived tables: rebuilt over the whole store each run (docs/comparison.md) ----------

# one amount line of a kind of document (its name as printed, name_key as matched): the
# columns multiyear and peers rows both name a line by
LINE = {
    "doc_kind": pl.String,
    "table_id": pl.String,
    "side": pl.String,
    "code": pl.String,
    "name": pl.String,
    "name_key": pl.String,
    "column_id": pl.String,
}

MULTIYEAR = {
    "department_key": pl.String,
    **LINE,
    "fiscal_year": pl.Int32,
    "amount_wan": AMOUNT,
    "prev_year": pl.Int32,
    "prev_amount_wan": AMOUNT,
    "change_wan": AMOUNT,
    "change_pct": pl.Float64,
    "first_year": pl.Int32,
    "last_year": pl.Int32,
    "status": pl.String,
    "doc_id": pl.String,
    "source_file": pl.String,
    "source_line": pl.Int32,
}

YOY_CLAIMS = {
    "doc_id": pl.String,
    "department_key": pl.String,
    "fiscal_year": pl.Int32,
    "label": pl.String,
    "table_id": pl.String,
    "column_id": pl.String,
    "ref_year": pl.Int32,
    "change_claim": pl.String,
    "claimed_wan": AMOUNT,
    "this_year_wan": AMOUNT,
    "prev_year_wan": AMOUNT,
    "actual_change_wan": AMOUNT,
    "residual_wan": AMOUNT,
    "tolerance_wan": AMOUNT,
    "passed": pl.Boolean,
    "prev_doc_id": pl.String,
    "source_line": pl.Int32,
    "explanation": pl.String,
    "source_file": pl.String,  # the narrative figure's own (contract.schema.ROW_FILE)
}

PEERS = {
    "fiscal_year": pl.Int32,
    "kind": pl.String,
    **LINE,
    "peer_count": pl.UInt32,
    "median_wan": pl.Float64,
    "mad_wan": pl.Float64,
    "department_key": pl.String,
    "doc_id": pl.String,
    "amount_wan": AMOUNT,
    "robust_z": pl.Float64,
    "percentile": pl.Float64,
    # the same line per 万元 of the department's 基本支出 (its size: headcount-driven), so
    # that a big department is not an outlier on every line merely for being big
    "basic_wan": pl.Float64,
    "basic_ratio": pl.Float64,
    "basic_ratio_median": pl.Float64,
    "basic_ratio_z": pl.Float64,
    # and per person of the department's staff (实有/在职, else 编制 人数 stated in the narrative),
    # among the peers that state their staff: 会议费 ten times the peers' per-person level is an
    # outlier whatever the department's size
    "staff": pl.Float64,
    "per_person": pl.Float64,
    "per_person_median": pl.Float64,
    "per_person_z": pl.Float64,
}

# One row per compared document (comparison.identity.department_history).
DEPARTMENT_HISTORY = {
    "department_key": pl.String,
    "region": pl.String,
    "department_code": pl.String,
    "fiscal_year": pl.Int32,
    "department_name": pl.String,
    "kind": pl.String,
    "kind_source": pl.String,
    "renamed": pl.Boolean,
    "previous_name": pl.String,
    "prev_year": pl.Int32,
    "doc_id": pl.String,
    "doc_kind": pl.String,
    "source_file": pl.String,
}


# What the office said about each flag (store/reviews.py): append-only, one row per review.
REVIEWS = {
    "flag_id": pl.String,
    "state": pl.String,  # confirmed / dismissed / note
    "note": pl.String,
    "by": pl.String,
    "at": pl.String,  # ISO 8601 with its UTC offset
}
REVIEW_STATES = ("confirmed", "dismissed", "note")
# For every current flag, the run that first raised it (derived/flag_runs.parquet).
FLAG_RUNS = {"flag_id": pl.String, "first_run_id": pl.String}
