"""detection.leave_one_out: each row's median and spread among the other rows of its group,
checked against the definition computed the slow way (every other row listed) and on a group
far too large for pairing every row with every other."""

import statistics

import numpy as np
import pytest

from budgetwatch.detection.leave_one_out import leave_one_out


def _by_definition(groups, values):
    out = []
    for i, g in enumerate(groups):
        others = [v for j, v in enumerate(values) if groups[j] == g and j != i and not np.isnan(v)]
        if not others:
            out.append((np.nan, 0, np.nan, np.nan))
            continue
        m = statistics.median(others)
        dev = [abs(v - m) for v in others]
        out.append((m, len(others), statistics.median(dev), sum(dev) / len(dev)))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_row_against_the_definition_with_ties_and_nulls(seed):
    rng = np.random.default_rng(seed)
    n = 400
    groups = rng.integers(0, 12, n)
    values = rng.choice([1.0, 2.0, 2.0, 3.5, 7.0, 40.0, np.nan], n) * rng.integers(1, 3, n)
    got = leave_one_out(groups, values)
    expected = _by_definition(groups.tolist(), values.tolist())
    for i, (median, count, mad, mean_ad) in enumerate(expected):
        assert got["count"][i] == count
        for key, want in (("median", median), ("mad", mad), ("mean_ad", mean_ad)):
            assert np.isnan(want) == np.isnan(got[key][i]), (i, key)
            if not np.isnan(want):
                assert got[key][i] == pytest.approx(want, abs=1e-12), (i, key)


def test_a_row_alone_in_its_group_has_no_others():
    got = leave_one_out(np.array([5, 6, 6]), np.array([1.0, 2.0, np.nan]))
    # row 0: nobody else in group 5; row 1: its only other has no value; row 2: null itself,
    # so the group's one value is its others' whole set
    assert got["count"].tolist() == [0, 0, 1]
    assert np.isnan(got["median"][0]) and np.isnan(got["median"][1])
    assert got["median"][2] == 2.0 and got["mad"][2] == 0.0 and got["mean_ad"][2] == 0.0


def test_a_group_of_twenty_thousand_is_read_off_its_order():
    # 20,000 rows in one group would be 400 million pairs; the values 0..19,999: without a row
    # at or below rank 9,999 the 19,999 others' median is 10,000, else 9,999
    n = 20_000
    values = np.arange(n, dtype=float)[::-1].copy()
    got = leave_one_out(np.zeros(n, dtype=np.int64), values)
    assert (got["count"] == n - 1).all()
    assert (got["median"] == np.where(values <= 9_999, 10_000.0, 9_999.0)).all()
    # without 0 the others are 1..19,999; their deviations about 10,000 are a 0 and 1..9,999
    # twice each (0, 1, 1, 2, 2, …): the middle one of the 19,999, at index 9,999, is 5,000
    assert got["mad"][values == 0][0] == 5_000.0
