"""The local parse pool (flows.orchestrator.LocalPool): jobs of several files, their frames
sent back once, give exactly the frames of parsing each file alone in this process, in the
files' order; progress counts every document once; the workers run with polars threads for
their share of the cores and the GC tuned for parsing."""

from __future__ import annotations

import gc
import os

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import Frames
from budgetwatch.flows import orchestrator
from budgetwatch.flows.core import parse_files
from budgetwatch.flows.orchestrator import JOB_SIZE, LocalPool, Progress
from budgetwatch.sources.discover import discover_all
from budgetwatch.synth import generate_corpus


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Generated documents (more than one job's worth) and one file that cannot be read."""
    out = generate_corpus(tmp_path_factory.mktemp("workers"), 16, range(2022, 2024), seed=5)
    docs = out / "docs"
    (docs / "2023" / "broken.txt").write_bytes(b"\x00\x01 not a disclosure \xff" * 40)
    found = sorted(discover_all(docs).files, key=lambda f: f.source_file)
    assert len(found) > JOB_SIZE + 1  # at least two jobs for one worker
    return found


def test_pool_jobs_give_the_frames_of_each_file_parsed_alone(files):
    limits = load_settings().limits
    alone = Frames.concat([parse_files([f], "", limits) for f in files])
    counted = []
    with LocalPool(2, "", limits, Progress(parsed=counted.append)) as pool:
        pooled = pool.parse(files)
    assert sum(counted) == len(files) and len(counted) > 1  # several jobs, each counted once
    for name, frame in alone.items():
        assert_frame_equal(getattr(pooled, name), frame)
    assert pooled.documents["source_file"].to_list() == [f.source_file for f in files]
    rejected = pooled.documents.filter(pl.col("status") == "rejected")["source_file"]
    assert rejected.to_list() == ["2023/broken.txt"]


def _worker_state() -> tuple[int, int, bool]:
    return pl.thread_pool_size(), gc.get_threshold()[0], gc.get_freeze_count() > 0


def test_workers_get_their_share_of_the_cores_and_a_parse_tuned_gc():
    before = os.environ.get("POLARS_MAX_THREADS")
    pool = orchestrator.new_pool(2)
    assert os.environ.get("POLARS_MAX_THREADS") == before  # this process's is left alone
    try:
        threads, young, frozen = pool.submit(_worker_state).result()
    finally:
        pool.shutdown()
    if before is None:
        assert threads == max(1, (os.cpu_count() or 1) // 2)
    assert young > 700 and frozen  # Python's default young threshold is 700
