"""The pipeline as plain functions: parse → gate → compare → detect.

No Prefect here: ``analyze`` is what ``evaluate`` and the tests call, and the flows wrap the
same functions (one task per batch) around the store.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from budgetwatch.config.settings import LimitsSettings, Settings
from budgetwatch.contract.schema import Frames
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.flows.analysis import compare_and_detect
from budgetwatch.sources.discover import InputFile, inspect_files, split_duplicates
from budgetwatch.sources.limits import enforce_limits, page_problem, rejected_document
from budgetwatch.store.parquet import QUARANTINE_TABLE, quarantine_rows
from budgetwatch.transforms.companions import join_companions, split_parts
from budgetwatch.transforms.reader import PARSER_VERSION, read_disclosure

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


def parse_file(f: InputFile, region: str, limits: LimitsSettings) -> Frames:
    """One file's frames; whatever is wrong with it becomes a rejected document, never an
    exception (the rest of the batch goes on)."""
    if f.problem is not None:
        return rejected_document(f.doc_id, f.source_file, f.problem, PARSER_VERSION)
    try:
        data = f.path.read_bytes()
    except OSError as exc:  # removed or made unreadable since discovery
        return rejected_document(f.doc_id, f.source_file,
                                 f"cannot be read: {exc.strerror or exc}", PARSER_VERSION)
    too_long = page_problem(data, limits)
    if too_long is not None:
        return rejected_document(f.doc_id, f.source_file, too_long, PARSER_VERSION)
    return enforce_limits(read_disclosure(data, f.source_file, region, limits.max_sheet_cells
                                          ).frames, limits)


def parse_files(files: list[InputFile], region: str, limits: LimitsSettings) -> Frames:
    """Parse a batch of files. A file that cannot be read becomes a rejected document."""
    frames = Frames.concat([parse_file(f, region, limits) for f in files])
    frames.documents = frames.documents.with_columns(
        source_files=pl.coalesce("source_files", pl.concat_list("source_file")))
    return frames


def gate(frames: Frames, settings: Settings, run_dir: Path | None = None) -> Gated:
    """Run the gates on one batch and mark blocked documents ``quarantined`` with the reason."""
    from budgetwatch.expectations.gate import run_gates

    result = run_gates(frames, settings, run_dir)
    q = result.quarantine
    docs = frames.documents.join(q.rename({"reason": "_reason"}), on="doc_id", how="left",
                                 maintain_order="left")
    blocked = pl.col("_reason").is_not_null() & (pl.col("status") == "loaded")
    docs = docs.with_columns(
        status=pl.when(blocked).then(pl.lit("quarantined")).otherwise(pl.col("status")),
        status_reason=pl.when(blocked).then(pl.col("_reason")).otherwise(pl.col("status_reason")),
    ).drop("_reason")
    out = Frames(**{**dict(frames.items()), "documents": docs})
    return Gated(out, result.residuals.cast(RESIDUALS), result.summary)


def analyze(paths: list[Path], input_root: Path, settings: Settings, *,
            run_dir: Path | None = None, progress: Progress | None = None) -> Analysis:
    """Parse → gates → compare → detect over ``paths`` (files under ``input_root``), in
    memory, in batches of ``pipeline.batch_size`` as the flow does. Each path passes
    discovery's checks (``inspect_files``): one that cannot be read safely is a rejected
    document in ``quarantine``, never a hang or a crash."""
    files, _ = split_duplicates(inspect_files(paths, input_root, settings.limits.max_file_bytes))
    size = settings.pipeline.batch_size
    batches: list[Gated] = []
    parts: list[Frames] = []  # companion parts, joined once every file is read

    def add(frames: Frames) -> None:
        if frames.documents.is_empty():
            return
        gated = gate(frames, settings, run_dir)
        # only failures become flags; the passed rows (most of them) are not kept
        gated.residuals = gated.residuals.filter(~pl.col("passed").fill_null(True))
        batches.append(gated)

    for start in range(0, len(files), size):
        chunk = files[start:start + size]
        whole, held = split_parts(parse_files(chunk, settings.pipeline.region, settings.limits))
        add(whole)
        parts.append(held)
        if progress is not None:
            progress(len(chunk))
    add(join_companions(Frames.concat(parts)))
    frames = Frames.concat([b.frames for b in batches])
    residuals = (pl.concat([b.residuals for b in batches]) if batches
                 else pl.DataFrame(schema=RESIDUALS))
    comparisons, flags = compare_and_detect(frames, residuals, settings)
    return Analysis(
        frames=frames,
        residuals=residuals,
        quarantine=quarantine_rows(frames.documents).cast(QUARANTINE_TABLE),
        comparisons=comparisons,
        flags=flags,
        gate_summary=merge_gate_summaries([b.summary for b in batches]),
    )


def merge_gate_summaries(summaries: list[dict]) -> dict:
    """Totals over batches of the gates' counters (per-kind failures added up)."""
    total = {"documents_gated": 0, "documents_quarantined": 0, "residuals": 0,
             "residuals_failed": 0, "failed_by_kind": {}}
    for s in summaries:
        for key in ("documents_gated", "documents_quarantined", "residuals", "residuals_failed"):
            total[key] += s.get(key, 0)
        for kind, n in s.get("failed_by_kind", {}).items():
            total["failed_by_kind"][kind] = total["failed_by_kind"].get(kind, 0) + n
    return total
