"""The real PDFs in ../shared/real are not extracted text: each is rejected with a typed reason."""
from __future__ import annotations

from pathlib import Path

import pytest

from transforms.errors import BinaryInputError
from transforms.reader import read_disclosure

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")
def test_real_pdfs_are_rejected_as_pdf_not_crashed():
    pdfs = sorted(REAL.glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        res = read_disclosure(pdf.read_bytes(), pdf.name)
        assert isinstance(res.error, BinaryInputError), pdf.name
        assert res.frames.documents["status"][0] == "rejected"
        assert res.frames.documents["status_reason"][0] == f"{pdf.name}:1: a PDF file, not its extracted text"
