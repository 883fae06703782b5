"""Which 功能分类 项 does each project fall under? (guide §7: X9 per code by subset sums)

The 绩效目标表 does not print a project's function code, so projects are assigned to the
支出总表 leaf rows' 项目支出 by matching amounts: every leaf must be the sum of its projects
within 1 分 (0.01 万元) per project summed, and every project used once. Amounts are integer
分, so the search is exact. When no complete assignment exists, the one leaf that can be
told is the one whose every *other* leaf is matched exactly in one way only: the projects
left over are what the tables say should be under it.

Pure Python over small lists (one document's leaves and projects); the search stops after
``max_steps`` and then says nothing ("cannot be told") rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Leaf:
    code: str
    fen: int  # 项目支出 in 分 (0.01 万元)


@dataclass(frozen=True)
class Outcome:
    status: str  # "matched" | "one_leaf_off" | "undetermined"
    leaves: tuple[str, ...] = ()  # the leaf that is off, or the leaves it may be
    projects: tuple[int, ...] = ()  # projects left over in every explanation (indexes)
    difference_fen: int = 0  # Σ all projects − Σ all leaves


class _Budget:
    def __init__(self, steps: int):
        self.left = steps

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _subsets(
    target: int,
    pool: list[tuple[int, int]],
    budget: _Budget,
    start: int = 0,
    chosen: tuple[int, ...] = (),
    total: int = 0,
) -> Iterator[tuple[int, ...]]:
    """Subsets of ``pool`` ((index, fen), sorted by fen descending) summing to ``target``
    within one 分 per member."""
    if chosen and abs(total - target) <= len(chosen):
        yield chosen
    for k in range(start, len(pool)):
        if not budget.spend():
            return
        idx, fen = pool[k]
        # amounts are positive: past target + slack no superset can come back
        if total + fen > target + len(chosen) + 1:
            continue
        yield from _subsets(target, pool, budget, k + 1, (*chosen, idx), total + fen)


def _assignments(
    leaves: list[Leaf], pool: list[tuple[int, int]], budget: _Budget, use_all: bool
) -> Iterator[frozenset[int]]:
    """Ways to match every leaf to disjoint project subsets; yields the projects used. With
    ``use_all`` only assignments that use every project in ``pool``."""
    if not leaves:
        if not use_all or not pool:
            yield frozenset()
        return
    first, rest = leaves[0], leaves[1:]
    for chosen in _subsets(first.fen, pool, budget):
        taken = set(chosen)
        remaining = [p for p in pool if p[0] not in taken]
        for used in _assignments(rest, remaining, budget, use_all):
            yield used | taken
        if budget.left < 0:
            return


def assign(
    leaves: list[Leaf], projects: list[int], max_steps: int = 200_000, max_explanations: int = 50
) -> Outcome:
    """``projects``: each project's 预算数 in 分. Leaves with 项目支出 0 are not passed.

    matched: a complete assignment exists. one_leaf_off: no complete assignment, but every
    leaf except one can be matched exactly; ``leaves`` lists the leaves for which that is so
    and ``projects`` the projects left over in every such explanation (the ones that fit
    nowhere). When neither a single leaf nor a common project comes out, or the search runs
    out of steps: undetermined."""
    if not leaves or not projects:
        return Outcome("undetermined")
    pool = sorted(enumerate(projects), key=lambda p: (-p[1], p[0]))
    # big leaves first: they have the fewest matching subsets, so the search narrows fast
    ordered = sorted(leaves, key=lambda leaf: (-leaf.fen, leaf.code))
    budget = _Budget(max_steps)
    if next(_assignments(ordered, pool, budget, use_all=True), None) is not None:
        return Outcome("matched")
    explanations: list[tuple[str, frozenset[int]]] = []
    for leaf in ordered:
        others = [o for o in ordered if o is not leaf]
        for used in _assignments(others, pool, budget, use_all=False):
            left = frozenset(i for i, _ in pool if i not in used)
            if left and (leaf.code, left) not in explanations:
                explanations.append((leaf.code, left))
            if len(explanations) > max_explanations:
                return Outcome("undetermined")
    if budget.left < 0 or not explanations:
        return Outcome("undetermined")
    off = tuple(dict.fromkeys(code for code, _ in explanations))
    common = frozenset.intersection(*(left for _, left in explanations))
    if len(off) > 1 and not common:
        return Outcome("undetermined")
    difference = sum(projects) - sum(leaf.fen for leaf in leaves)
    return Outcome("one_leaf_off", off, tuple(sorted(common)), difference)
