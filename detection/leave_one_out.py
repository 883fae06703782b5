"""Each row's median and spread among the *other* rows of its group, in O(n log n) a group.

Pairing every row with every other row of its group (the first way of writing it) grows with
the square of a group's size: a kind of 2,000 departments printing one line in one year is four
million pairs, and a 10,000-document store did not fit in 24 GB. Here each group is sorted once
and a row's leave-one-out figures are read off the sorted values:

- the median of n - 1 values is one or two order statistics, shifted by one where they sit at
  or above the removed row's rank (so at most three distinct medians a group);
- the median absolute deviation about that median is the same computation on the deviations
  about each of those (at most three) medians;
- the mean absolute deviation is the deviations' sum without the row's own, over n - 1.

A row whose own value is null stands in no one's way: its figures are the whole group's.
"""

from __future__ import annotations

import numpy as np


def _median_without(a: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Median of the sorted ``a`` with the element at each of ``ranks`` removed."""
    k = len(a) - 1
    if k <= 0:
        return np.full(len(ranks), np.nan)
    hi = k // 2
    upper = a[hi + (hi >= ranks)]
    if k % 2:
        return upper
    lo = hi - 1
    return (a[lo + (lo >= ranks)] + upper) / 2


def _spread(values: np.ndarray, centre: float, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Median and mean absolute deviation about ``centre`` of ``values`` (sorted) without the
    element at each of ``ranks`` (all of them where ``ranks`` is empty of removals: -1)."""
    dev = np.abs(values - centre)
    order = np.argsort(dev, kind="stable")
    sorted_dev = dev[order]
    rank_of = np.empty(len(dev), dtype=np.int64)
    rank_of[order] = np.arange(len(dev))
    removed = ranks >= 0
    # the whole group's median only for a null row's figures: worked out for every call, it
    # was half of this function's time (the peers' level of every line: a call per centre)
    whole = np.median(sorted_dev) if len(dev) and not removed.all() else np.nan
    mad = np.where(
        removed,
        _median_without(sorted_dev, np.where(removed, rank_of[np.maximum(ranks, 0)], 0)),
        whole,
    )
    others = np.where(removed, len(dev) - 1, len(dev))
    total = dev.sum() - np.where(removed, dev[np.maximum(ranks, 0)], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(others > 0, total / np.maximum(others, 1), np.nan)
    return mad, mean


def leave_one_out(groups: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """For each row: ``median``, ``count`` (non-null others), ``mad`` and ``mean_ad`` of the
    non-null ``values`` of the other rows of its group (``groups``: an integer id per row;
    ``values``: float, NaN for null). NaN where no other row has a value."""
    n = len(values)
    out = {
        "median": np.full(n, np.nan),
        "count": np.zeros(n, dtype=np.int64),
        "mad": np.full(n, np.nan),
        "mean_ad": np.full(n, np.nan),
    }
    order = np.lexsort((values, groups))  # NaN sort last within a group
    bounds = np.flatnonzero(np.diff(groups[order])) + 1
    for rows in np.split(order, bounds):
        vals = values[rows]
        valid = ~np.isnan(vals)
        s = vals[valid]  # sorted: lexsort kept the group's values in order
        own = rows[valid]
        ranks = np.arange(len(s))
        medians = _median_without(s, ranks)
        out["median"][own] = medians
        out["count"][own] = len(s) - 1
        for centre in np.unique(medians[~np.isnan(medians)]):
            at = medians == centre
            out["mad"][own[at]], out["mean_ad"][own[at]] = _spread(s, centre, ranks[at])
        absent = rows[~valid]
        if len(absent) and len(s):
            centre = float(np.median(s))
            out["median"][absent] = centre
            out["count"][absent] = len(s)
            mad, mean = _spread(s, centre, np.array([-1]))
            out["mad"][absent], out["mean_ad"][absent] = mad[0], mean[0]
    return out
