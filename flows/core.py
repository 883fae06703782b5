"""The pipeline's steps as plain functions: parse, gate; and ``analyze``, the whole
pipeline in memory.

No Prefect here: ``analyze`` is what ``evaluate`` and the tests call; it runs the same
orchestrator as the flows (flows/orchestrator.py), with memory for the store.
``decide_status`` is the one place that sets a document's ``status`` (``parse_files`` and
``gate`` call it): the readers and the limits only report why a file cannot be read
(``status_reason``), the gates why a readable one is held back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from budgetwatch.config.settings import LimitsSettings, Settings
from budgetwatch.contract.schema import DocStatus, Frames
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.sources.discover import InputFile, inspect_files, split_duplicates
from budgetwatch.sources.limits import (
    enforce_limits,
    page_problem,
    rejected_document,
    within_limits,
)
from budgetwatch.store.parquet import QUARANTINE_TABLE, quarantine_rows
from budgetwatch.transforms.version import PARSER_VERSION

Progress = Callable[[int], None]  # called with the number of documents just finished


@dataclass
class Gated:
    frames: Frames  # documents.status: loaded / quarantined / rejected
    residuals: pl.DataFrame  # RESIDUALS of the loaded documents
    summary: dict = field(default_factory=dict)


@dataclass
class Analysis:
    frames: Frames
    residuals: pl.DataFrame  # the failed RESIDUALS rows (gate_summary counts all of them)
    quarantine: pl.DataFrame  # QUARANTINE_TABLE: rejected and quarantined documents, why
    comparisons: dict[str, pl.DataFrame]
    flags: pl.DataFrame  # FLAGS, ranked
    gate_summary: dict = field(default_factory=dict)


def read_disclosure(data: bytes, source_file: str, region: str, max_sheet_cells: int):
    """transforms.reader's ``read_rows`` (a ``ParseResult``, or a text document's ``DocRows``),
    imported on the first parse: the readers bring the PDF and office libraries, which a run
    whose parse happens in other processes never needs here."""
    from budgetwatch.transforms.reader import read_rows

    return read_rows(data, source_file, region, max_sheet_cells)


def read_input(f: InputFile) -> bytes | str:
    """The file's bytes, or why it cannot be parsed (a rejected document, never an
    exception)."""
    if f.problem is not None:
        return f.problem
    try:
        return f.path.read_bytes()
    except OSError as exc:  # removed or made unreadable since discovery
        return f"cannot be read: {exc.strerror or exc}"


def read_inputs(files: list[InputFile]) -> list[bytes | str]:
    return [read_input(f) for f in files]


def _parsed(f: InputFile, region: str, limits: LimitsSettings, data: bytes | str | None):
    """One file's frames, or its rows (``DocRows``) where they need no check of their own and
    are within the limits; whatever is wrong with the file becomes a rejected document, never
    an exception."""
    from budgetwatch.transforms.reader import DocRows

    data = read_input(f) if data is None else data
    if isinstance(data, str):
        return rejected_document(f.doc_id, f.source_file, data, PARSER_VERSION)
    too_long = page_problem(data, limits)
    if too_long is not None:
        return rejected_document(f.doc_id, f.source_file, too_long, PARSER_VERSION)
    read = read_disclosure(data, f.source_file, region, limits.max_sheet_cells)
    if isinstance(read, DocRows):
        if within_limits(read.heights(), limits):
            return read
        read = read.result()
    return enforce_limits(read.frames, limits)


def parse_file(
    f: InputFile, region: str, limits: LimitsSettings, data: bytes | str | None = None
) -> Frames:
    """One file's frames (``data``: its bytes if already read)."""
    return parse_batch([f], region, limits, [data])


def parse_batch(
    files: list[InputFile], region: str, limits: LimitsSettings, data: list[bytes | str | None]
) -> Frames:
    """``parse_file`` of each file, concatenated in their order. The rows of consecutive text
    documents become frames together: polars' fixed cost per frame is most of what one small
    document's frames cost."""
    from budgetwatch.transforms.reader import DocRows, frames_of

    parts: list[Frames] = []
    rows: list[DocRows] = []

    def built() -> None:
        if not rows:
            return
        try:
            parts.append(frames_of(rows))
        except Exception:  # one document's rows cannot be a frame: each alone, as it would be
            parts.extend(r.result().frames for r in rows)
        rows.clear()

    for f, d in zip(files, data):
        read = _parsed(f, region, limits, d)
        if isinstance(read, DocRows):
            rows.append(read)
        else:
            built()
            parts.append(read)
    built()
    return parts[0] if len(parts) == 1 else Frames.concat(parts)


def decide_status(documents: pl.DataFrame, blocked: pl.DataFrame | None = None) -> pl.DataFrame:
    """``documents`` with ``status`` decided where it is not yet: ``rejected`` where a reader or
    a limit reported why the file cannot be read (``status_reason``), else ``loaded``; then a
    loaded document in ``blocked`` (doc_id, reason: what the gates found) is ``quarantined``
    with that reason. A decided status stays (a companion copy is quarantined when paired)."""
    reported = pl.col("status_reason").is_not_null()
    undecided = pl.when(reported).then(pl.lit(DocStatus.REJECTED.value))
    docs = documents.with_columns(
        status=pl.coalesce("status", undecided.otherwise(pl.lit(DocStatus.LOADED.value)))
    )
    if blocked is None:
        return docs
    docs = docs.join(
        blocked.select("doc_id", _reason="reason"), on="doc_id", how="left", maintain_order="left"
    )
    held = pl.col("_reason").is_not_null() & (pl.col("status") == DocStatus.LOADED.value)
    return docs.with_columns(
        status=pl.when(held).then(pl.lit(DocStatus.QUARANTINED.value)).otherwise("status"),
        status_reason=pl.when(held).then("_reason").otherwise("status_reason"),
    ).drop("_reason")


def parse_files(
    files: list[InputFile],
    region: str,
    limits: LimitsSettings,
    data: list[bytes | str] | None = None,
) -> Frames:
    """Parse a batch of files (``data``: their bytes, read by the caller: a cluster's workers
    get them so). A file that cannot be read becomes a rejected document."""
    data = data if data is not None else [None] * len(files)
    frames = parse_batch(files, region, limits, data)
    # a new Frames: a one-file batch's frames are the parser's own object (a memo's, in tests)
    documents = decide_status(
        frames.documents.with_columns(
            source_files=pl.coalesce("source_files", pl.concat_list("source_file"))
        )
    )
    return Frames(**{**dict(frames.items()), "documents": documents})


def gate(frames: Frames, settings: Settings, run_dir: Path | None = None) -> Gated:
    """Run the gates on one batch and decide its documents' status: blocked ones are
    ``quarantined`` with the reason (a batch may come from elsewhere than ``parse_files``: a
    file whose parser process died, kept as its reason alone)."""
    from budgetwatch.expectations.gate import run_gates

    frames = Frames(**{**dict(frames.items()), "documents": decide_status(frames.documents)})
    result = run_gates(frames, settings, run_dir)
    docs = decide_status(frames.documents, _targets_alone(frames, result.quarantine))
    out = Frames(**{**dict(frames.items()), "documents": docs})
    return Gated(out, result.residuals.cast(RESIDUALS), result.summary)


def prepare_gate(run_dir: Path | None = None) -> None:
    """Build the gate's great-expectations context for ``run_dir`` (its import, data source
    and suites: seconds of CPU, once per run and process) ahead of the first batch."""
    from budgetwatch.expectations.gx import validator

    validator(run_dir)


def _targets_alone(frames: Frames, quarantine: pl.DataFrame) -> pl.DataFrame:
    """A document printing project 绩效目标表 and no budget table (a 项目支出绩效目标表
    published on its own) is not held back for lacking the core tables (check B6): it loads
    with its projects and indicators. Any other reason still holds it back."""
    from budgetwatch.expectations.gx import load_suite_specs

    b6 = next(
        e["meta"]["describes"]
        for spec in load_suite_specs().values()
        for e in spec.get("expectations", [])
        if e.get("meta", {}).get("check_id") == "B6"
    )
    tables = pl.concat(
        [
            frames.line_items.select("doc_id"),
            frames.table_status.filter(pl.col("status") == "present").select("doc_id"),
        ]
    )
    alone = frames.projects.select("doc_id").unique().join(tables, on="doc_id", how="anti")
    reasons = (
        pl.col("reason")
        .str.split("; ")
        .list.eval(pl.element().filter(~pl.element().str.starts_with(b6)))
    )
    return quarantine.with_columns(
        reason=pl.when(pl.col("doc_id").is_in(alone["doc_id"].implode()))
        .then(reasons.list.join("; "))
        .otherwise("reason")
    ).filter(pl.col("reason") != "")


def analyze(
    paths: list[Path],
    input_root: Path,
    settings: Settings,
    *,
    run_dir: Path | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Parse → gates → compare → detect over ``paths`` (files under ``input_root``), in
    memory: the orchestrator of the flows (flows/orchestrator.py) with this process as its
    executor and memory as its sink. Each path passes discovery's checks
    (``inspect_files``): one that cannot be read safely is a rejected document in
    ``quarantine``, never a hang or a crash."""
    from budgetwatch.flows import orchestrator as orch

    files, _ = split_duplicates(inspect_files(paths, input_root, settings.limits.max_file_bytes))
    sink = orch.MemorySink(settings)
    executor = orch.InProcess(settings.pipeline.region, settings.limits)
    outcome = orch.orchestrate(
        files,
        files,
        settings,
        executor,
        sink,
        gate=gate,
        prepare_gate=prepare_gate,
        run_dir=run_dir,
        progress=(orch.Progress(advance=progress) if progress else orch.Progress()),
    )
    frames = sink.frames
    return Analysis(
        frames=frames,
        residuals=sink.residuals,
        quarantine=quarantine_rows(frames.documents).cast(QUARANTINE_TABLE),
        comparisons=sink.comparisons,
        flags=sink.flags,
        gate_summary=outcome.gates,
    )


def merge_gate_summaries(summaries: list[dict]) -> dict:
    """Totals over batches of the gates' counters (per-kind failures added up)."""
    total = {
        "documents_gated": 0,
        "documents_quarantined": 0,
        "residuals": 0,
        "residuals_failed": 0,
        "failed_by_kind": {},
    }
    for s in summaries:
        for key in ("documents_gated", "documents_quarantined", "residuals", "residuals_failed"):
            total[key] += s.get(key, 0)
        for kind, n in s.get("failed_by_kind", {}).items():
            total["failed_by_kind"][kind] = total["failed_by_kind"].get(kind, 0) + n
    return total
