"""Warning-or-above flags on the real PDFs of ../shared/real, each reviewed by hand: it stays
only if it is a true problem, recorded with its reason in ``tests/real_reviews.py``; the test
fails when a flag appears that nobody reviewed. The Jiangsu PDFs (three provincial departments
× 2017-2019) are also analysed alone, where comparisons across years and peers are checked."""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from budgetwatch.config.settings import load_settings
from budgetwatch.flows.core import analyze
from tests.real_reviews import NOT_LOADED, REVIEWED

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
pytestmark = [pytest.mark.real, pytest.mark.skipif(not REAL.is_dir(),
                                                    reason="../shared/real is absent")]


@pytest.fixture(scope="module")
def flags() -> pl.DataFrame:
    paths = sorted(REAL.glob("0[1-4]*_js_*.pdf"))
    return analyze(paths, REAL, load_settings()).flags


@pytest.fixture(scope="module")
def every_real():
    """All the real PDFs analysed together, as an office would load a folder of them."""
    return analyze(sorted(REAL.glob("*.pdf")), REAL, load_settings())


def test_every_alarm_is_a_reviewed_true_problem(every_real):
    alarms = every_real.flags.filter(pl.col("severity").is_in(["critical", "warning"]))
    got = set(alarms.select("source_file", "rule_or_model", "subject").iter_rows())
    assert got - set(REVIEWED) == set(), "alarms nobody reviewed"
    assert set(REVIEWED) - got == set(), "reviewed true problems no longer found"


def test_every_real_disclosure_loads(every_real):
    docs = every_real.frames.documents
    left = docs.filter(pl.col("status") != "loaded")
    assert dict(left.select("source_file", "status_reason").iter_rows()).keys() == NOT_LOADED.keys()


def test_item_changes_are_not_total_claims(flags):
    # 024 line 587: "社会保障和就业支出 … 与上年相比减少 184.96 万元" and 025 line 570 "… 增加 54.05
    # 万元" are changes of a 类, once read as the total's change and flagged; 024 line 571's
    # "一般公共预算收入预算 21,940.96 万元，与上年相比增加 3,959.28 万元" was compared with the total
    claims = flags.filter(pl.col("rule_or_model") == "yoy_claim")
    assert not claims["subject"].str.contains("yoy_total_change").any()


def test_no_peer_or_spike_alarms_between_unlike_departments(flags):
    # the 人大常委会办公厅's 会议费 (1,305.25 万元, line 318 of 019) against a 检察院 and a 高级法院:
    # three departments of no common kind give no peer level, and three are no corpus to set a
    # department against (corpus_outlier); none is flagged
    assert flags.filter((pl.col("kind") == "peer_outlier") | (pl.col("rule_or_model") == "yoy_line")).is_empty()
