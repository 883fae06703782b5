"""documents.status is set in one place (issue 19 item 4): the readers and the limits report
why a file cannot be read (status_reason), ``flows.core.decide_status`` sets the status —
from ``parse_files`` and again in ``gate``, which adds what the gates hold back."""

from __future__ import annotations

import polars as pl
import pytest

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import DocStatus, Frames
from budgetwatch.flows.core import decide_status, gate, parse_files
from budgetwatch.sources.discover import inspect_files
from budgetwatch.sources.limits import enforce_limits, rejected_document
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import SAMPLE_PATH, parsed_sample, sample_text, write
from tests.pdf_builders import make_pdf


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", "empty file"),
        ("prose.txt", "今天天气很好。\n这是一份会议纪要。\n".encode(), "not a budget disclosure"),
        ("scan.pdf", make_pdf([{"image": True}]), "PDF without a text layer"),
        ("broken.xlsx", b"PK\x03\x04\x14\x00truncated", "not a valid office file"),
    ],
)
def test_the_reader_reports_why_and_the_decider_rejects(name, data, words):
    res = read_disclosure(data, name)
    doc = res.frames.documents.row(0, named=True)
    assert doc["status"] is None  # the reader does not decide
    assert doc["status_reason"].startswith(f"{name}:") and words in doc["status_reason"]
    decided = decide_status(res.frames.documents).row(0, named=True)
    assert (decided["status"], decided["status_reason"]) == ("rejected", doc["status_reason"])


def test_a_read_document_is_undecided_then_loaded():
    docs = read_disclosure(SAMPLE_PATH.read_bytes(), SAMPLE_PATH.name).frames.documents
    assert docs.select("status", "status_reason").row(0) == (None, None)
    assert decide_status(docs).select("status", "status_reason").row(0) == ("loaded", None)


def test_a_limit_reports_and_the_decider_rejects():
    frames = parsed_sample()
    n = frames.line_items.height
    limits = load_settings().limits.model_copy(update={"max_line_items": n - 1})
    over = enforce_limits(frames, limits)
    assert over.documents["status"].to_list() == [None]
    assert over.line_items.is_empty()
    decided = decide_status(over.documents).row(0, named=True)
    assert decided["status"] == "rejected"
    assert "(limits.max_line_items)" in decided["status_reason"]
    unread = decide_status(rejected_document("d", "x.pdf", "too long", "v").documents)
    assert unread.select("status", "status_reason").row(0) == ("rejected", "x.pdf:0: too long")


def test_parse_files_decides_every_status(tmp_path):
    write(tmp_path, "a.txt", sample_text())
    write(tmp_path, "b.txt", b"")
    files = inspect_files([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path)
    docs = parse_files(files, "", load_settings().limits).documents.sort("source_file")
    assert docs["status"].to_list() == ["loaded", "rejected"]
    assert docs["status_reason"][0] is None and "empty file" in docs["status_reason"][1]


def test_decided_statuses_stay_and_only_loaded_ones_are_held_back():
    docs = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "status": [None, None, "quarantined", None],
            "status_reason": [None, "x:1: damaged", "a re-upload of y", None],
        }
    )
    blocked = pl.DataFrame({"doc_id": ["b", "c", "d"], "reason": ["B1", "B2", "B3"]})
    out = decide_status(docs, blocked)
    assert out.select("doc_id", "status", "status_reason").rows() == [
        ("a", "loaded", None),
        ("b", "rejected", "x:1: damaged"),  # unreadable stays rejected, not quarantined
        ("c", "quarantined", "a re-upload of y"),  # already decided (a companion copy)
        ("d", "quarantined", "B3"),
    ]
    assert set(out["status"]) <= {s.value for s in DocStatus}


def test_gate_decides_a_batch_that_did_not_come_through_parse_files(settings):
    sample = parsed_sample()
    unread = rejected_document("dead", "dead.pdf", "the parser's process died", "v")
    batch = Frames.concat([sample, unread])
    assert batch.documents["status"].to_list() == [None, None]
    docs = gate(batch, settings).frames.documents.sort("doc_id")
    assert dict(docs.select("doc_id", "status").iter_rows()) == {
        sample.documents["doc_id"][0]: "loaded",
        "dead": "rejected",
    }
