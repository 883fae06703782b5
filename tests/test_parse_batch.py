"""A job's documents parsed together (``flows.core.parse_batch``): the rows of consecutive text
documents become frames at once, any other document's frames are its own. The frames must be
exactly those of each file read alone (``transforms.reader.read_disclosure``, then the
limits), in the files' order, whatever the job mixes: text, PDF, rejected, over a limit."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from budgetwatch.contract.schema import Frames
from budgetwatch.flows.core import parse_batch
from budgetwatch.sources.discover import InputFile
from budgetwatch.sources.limits import enforce_limits, rejected_document
from budgetwatch.synth import generate_corpus
from budgetwatch.transforms.reader import read_disclosure
from budgetwatch.transforms.version import PARSER_VERSION
from tests.helpers import REAL, SAMPLE_PATH
from tests.pdf_builders import budget_pdf

ROOT = Path(__file__).resolve().parents[1]


def _file(name: str, data: bytes, problem: str | None = None) -> InputFile:
    return InputFile(name, Path(name), hashlib.sha256(data).hexdigest(), problem)


def _alone(files: list[InputFile], data: list[bytes | None], limits) -> Frames:
    """Each file read alone, as a reader's caller would, concatenated."""
    read = {
        f.source_file: read_disclosure(d, f.source_file).frames for f, d in zip(files, data) if d
    }
    return _limited(files, read, limits)


def _limited(files: list[InputFile], read: dict[str, Frames], limits) -> Frames:
    """The files' frames as read alone (``read``), each through the limits, concatenated."""
    return Frames.concat(
        [
            rejected_document(f.doc_id, f.source_file, f.problem, PARSER_VERSION)
            if f.problem is not None
            else enforce_limits(read[f.source_file], limits)
            for f in files
        ]
    )


def _assert_same(batch: Frames, alone: Frames) -> None:
    for name, frame in alone.items():
        assert_frame_equal(getattr(batch, name), frame)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[tuple[str, bytes]]:
    out = generate_corpus(tmp_path_factory.mktemp("batch"), 4, range(2023, 2025), seed=3)
    return [
        (str(p.relative_to(out / "docs")), p.read_bytes())
        for p in sorted((out / "docs").rglob("*"))
        if p.is_file()
    ]


def test_a_mixed_job_gives_each_file_s_own_frames(generated, settings):
    """Text documents on both sides of a PDF, one binary, one never read, and the
    one with the most line items over the limit (its rows dropped, its reason set)."""
    sample = SAMPLE_PATH.read_bytes()
    named = [
        *generated[:3],
        ("tables.pdf", budget_pdf()),
        ("sample.txt", sample),
        ("broken.txt", b"\x00\x01 not a disclosure \xff" * 40),
        *generated[3:],
    ]
    files = [_file(n, d) for n, d in named]
    files.insert(5, _file("gone.txt", b"gone", problem="cannot be read: No such file"))
    data = [d for _, d in named]
    data.insert(5, None)  # read by parse_batch: its problem, as `read_input` gives it
    read = {n: read_disclosure(d, n).frames for n, d in named}
    items = {n: frames.line_items.height for n, frames in read.items()}
    most = max(items.values())
    (over,) = [n for n, k in items.items() if k == most]  # one text document over the limit
    assert over.endswith(".txt") and over not in (named[0][0], named[-1][0])
    limits = settings.limits.model_copy(update={"max_line_items": most - 1})

    batch = parse_batch(files, "", limits, data)

    _assert_same(batch, _limited(files, read, limits))
    docs = batch.documents
    assert docs["source_file"].to_list() == [f.source_file for f in files]
    reasons = dict(zip(docs["source_file"], docs["status_reason"]))
    assert f"line_items {most} rows, over the limit of {most - 1}" in reasons[over]
    assert reasons["gone.txt"] == "gone.txt:0: cannot be read: No such file"
    assert reasons["broken.txt"] == "broken.txt:1: binary content (NUL byte)"
    assert [n for n, r in reasons.items() if r is None] == [
        n for n, _ in named if n not in (over, "broken.txt")
    ]
    over_id = _file(over, dict(named)[over]).doc_id
    assert batch.line_items.filter(pl.col("doc_id") == over_id).is_empty()
    assert batch.line_items.filter(pl.col("doc_id") == files[3].doc_id).height > 0  # the PDF's


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")
def test_real_documents_in_one_job_give_each_file_s_own_frames(generated, settings):
    """Real PDFs (pages checked against pdfium's text) and tuning-half workbooks (cells
    addressed) between generated text documents."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from real_split import split

    dz = REAL.parent / "real_more" / "dz"
    workbooks = sorted(
        n for n, side in split(dz).items() if side == "tuning" and n.endswith((".xls", ".xlsx"))
    )[:2]
    paths = [next(REAL.glob("007_*.pdf")), *(dz / n for n in workbooks)]
    named = [generated[0], *((p.name, p.read_bytes()) for p in paths), *generated[1:3]]
    files = [_file(n, d) for n, d in named]
    data = [d for _, d in named]
    limits = settings.limits

    batch = parse_batch(files, "", limits, data)

    _assert_same(batch, _alone(files, data, limits))
    assert batch.documents["status_reason"].is_null().all()
    assert batch.line_items["doc_id"].n_unique() == len(files)
