"""A speed regression that cannot hide (issue 23 item 6): one small fixed-size run, timed per
phase against the parse of the same documents measured in the same test, never against a
wall-clock figure (the machine is shared: load moves every absolute time, ratios much less).

The reference is the parse alone: every document of the corpus read once, in this process,
one after the other (``flows.core.parse_files``). The run is the whole ``budgetwatch_run``
flow on the session's Prefect server (2 parse workers) into an empty store; its metadata's
``seconds`` say where the time went. Each phase must stay within ``LIMITS[phase]`` × the
reference. The limits are about twice the ratios measured when they were set (docs/pipeline.md
"Benchmarks"; 2026-12-07, round 4, 150 documents, load 13–30: gate ×1.15, commit ×0.05,
compare_and_detect ×4.3 — the forests' fixed cost —, report ×0.01, the run ×6.8; on 300
documents in round 3 the same ratios within load's noise), so load does not trip them but a
phase that doubles does: the gate grew about 4× unnoticed once (issue 23).
"""

from __future__ import annotations

import os
import time

import pytest

from budgetwatch import flows  # noqa: F401  (telemetry off before prefect)

pytestmark = pytest.mark.slow  # a generated corpus through the whole flow

DOCUMENTS = 150
# phase → the largest time it may take, as a multiple of the serial parse of the same
# documents. wait_for_parse (time the gate idles while the workers parse) is printed, not
# limited: it is the parse itself, spread over the workers, plus scheduling.
LIMITS = {"gate": 2.5, "commit": 0.5, "compare_and_detect": 10.0, "report": 1.0, "total": 14.0}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from budgetwatch.synth import generate_corpus

    base = tmp_path_factory.mktemp("bench")
    # 5 years × 32 departments, less the generator's skipped department-years: ≥ 150 files
    out = generate_corpus(base / "corpus", departments=32, years=range(2020, 2025), seed=7)
    files = sorted((out / "docs").rglob("*.txt"))[:DOCUMENTS]
    assert len(files) == DOCUMENTS
    for f in files:  # hard links: the run sees exactly DOCUMENTS files
        target = base / "input" / f.relative_to(out / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(f, target)
    return base


def test_no_phase_grows_beyond_its_ratio_to_the_parse(
    corpus, prefect_server, monkeypatch, record_property
):
    from budgetwatch.config.settings import load_settings
    from budgetwatch.flows.core import parse_files
    from budgetwatch.flows.pipeline import budgetwatch_run
    from budgetwatch.sources.discover import inspect_files

    paths = sorted((corpus / "input").rglob("*.txt"))
    start = time.perf_counter()
    frames = parse_files(inspect_files(paths, corpus / "input"), "", load_settings().limits)
    parse = time.perf_counter() - start
    assert frames.documents.height == DOCUMENTS

    monkeypatch.setenv("BUDGETWATCH__PIPELINE__WORKERS", "2")
    start = time.perf_counter()
    meta = budgetwatch_run(
        input_dir=str(corpus / "input"),
        data_dir=str(corpus / "store"),
        outputs_dir=str(corpus / "outputs"),
    )
    seconds = {**meta["seconds"], "total": time.perf_counter() - start}
    assert meta["status"] == "completed" and meta["store_documents"]["loaded"] > 0

    ratios = {phase: s / parse for phase, s in seconds.items()}
    # printed at the end of the session, also from an xdist worker (tests/conftest.py)
    record_property(
        "speed",
        f"{DOCUMENTS} documents, load {os.getloadavg()[0]:.1f}: parse alone "
        f"{parse:.1f} s; "
        + ", ".join(f"{p} {s:.1f} s (×{ratios[p]:.2f})" for p, s in seconds.items()),
    )
    over = {
        p: f"×{ratios[p]:.2f} > ×{limit}"
        for p, limit in LIMITS.items()
        if ratios.get(p, 0.0) > limit
    }
    assert not over, f"phases slower than their limit against the parse alone: {over}"
