"""Two patterns only a forest should see (issue 18 item 5), planted into a generated corpus's
frames before the gate, for the forests' ablation (benchmarks/bench_forests.py ``+plant``).

- ``pasted_rates``: a department prints the same "≥95%" on every indicator that asks a rate (its
  满意度 and 完成率 / 合格率 rows) of every project, in every year. Each value is plausible, and
  no rule flags a rate of 95 %; the pattern is what is pasted (label: boilerplate_indicator, one
  per document).
- ``share_jump``: one 商品和服务 款 of a department's 基本支出表 (of at least 2 万元, small enough
  that the others fall by at most a quarter) is ×2.5 its usual amount in the department's last
  year, while the other (not fixed-cost) 款 of 302 fall in proportion so that
  the 302 类, 基本支出 and every printed total stay as they were. Its share of 基本支出 jumps
  against its own years and its peers', but it moves less than yoy_line's ×3, no total moves and
  no identity breaks (label: yoy_change on the line).
- ``mixed_302``: three 商品和服务 款 of a department's 基本支出表 (of at least 1 万元 and at most
  the corpus's median share of 302, drawn per department) ×``MIX`` in every year, the other (not fixed-cost) 款 of 302 lowered in
  proportion so that the 302 类, 基本支出 and every printed total stay as they were. No line
  reaches model:line_items' ×4 its peers' per person on its own (each is ×2.5 its own level), 302
  against 301 is the department's own, and nothing moves across years: the mix of its 302 is
  unlike its peers' as a combination (label: composition_outlier on 302, one per document).

Departments are chosen among those the generator left clean (no label), by ``seed``. Labels
have the generators' columns (doc_id, fiscal_year, kind, table_id, code, project_code,
expected, printed, note).
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from budgetwatch.contract.schema import Frames, department_key

BASIC = "general_budget_basic_expenditure"
PASTED = "≥95%"
JUMP = Decimal("2.5")  # below yoy_line's ×3 against last year
MIX = Decimal("3")  # below model:line_items' ×4 its peers' per person
FIXED = ("30217", "30231")  # 公务接待费 and 公务用车: printed again in the 三公 table
CENT = Decimal("0.01")


def plant(
    frames: Frames, labels: pl.DataFrame, seed: int, per_kind: int = 3
) -> tuple[Frames, pl.DataFrame]:
    """(``frames`` with ``per_kind`` departments of each pattern planted, ``labels`` with theirs)."""
    docs = frames.documents.select("doc_id", dept=department_key(), fiscal_year="fiscal_year")
    planted = docs.filter(pl.col("doc_id").is_in(labels["doc_id"].implode()))["dept"]
    clean = sorted(set(docs["dept"]) - set(planted))
    chosen = random.Random(f"plant:{seed}").sample(clean, 2 * per_kind)
    pasted, jumped = chosen[:per_kind], chosen[per_kind:]
    # a stream of its own: the first two patterns' departments as before this one was added
    rng = random.Random(f"plant-mix:{seed}")
    rest = sorted(set(clean) - set(chosen))
    mixed = rng.sample(rest, len(rest))  # in turn, until per_kind have three 款 to raise
    indicators, pasted_labels = _paste_rates(frames.indicators, docs, pasted)
    line_items, jump_labels = _jump_shares(frames.line_items, docs, jumped)
    line_items, mix_labels = _mix_302(line_items, docs, mixed, rng, per_kind)
    out = Frames(**{name: getattr(frames, name) for name in Frames.SCHEMAS})
    out.indicators, out.line_items = indicators, line_items
    new = pl.DataFrame(pasted_labels + jump_labels + mix_labels, schema=labels.schema)
    return out, pl.concat([labels, new])


def _paste_rates(indicators: pl.DataFrame, docs: pl.DataFrame, departments: list[str]):
    """Every rate (a value printed in %) of the departments' documents printed as ``PASTED``."""
    mine = docs.filter(pl.col("dept").is_in(departments))
    rate = pl.col("doc_id").is_in(mine["doc_id"].implode()) & (pl.col("value_unit") == "%")
    out = indicators.with_columns(
        value_raw=pl.when(rate).then(pl.lit(PASTED)).otherwise("value_raw"),
        value_comparator=pl.when(rate).then(pl.lit("≥")).otherwise("value_comparator"),
        value_number=pl.when(rate)
        .then(pl.lit(Decimal(95)).cast(indicators.schema["value_number"]))
        .otherwise("value_number"),
    )
    labels = [
        _label(doc, year, "boilerplate_indicator", None, None, f"{PASTED} on every rate")
        for doc, _, year in mine.sort("doc_id").rows()
    ]
    return out, labels


def _jump_shares(line_items: pl.DataFrame, docs: pl.DataFrame, departments: list[str]):
    """One 302 款 ×``JUMP`` in each department's last year, the rest of 302 lowered to match."""
    last = (
        docs.filter(pl.col("dept").is_in(departments))
        .sort("fiscal_year")
        .group_by("dept", maintain_order=True)
        .last()
        .select("doc_id", "dept", "fiscal_year")
    )
    new_amounts, labels = [], []
    for doc, _, year in last.sort("doc_id").rows():
        amounts = _goods(line_items, doc)
        total = sum(amounts.values())
        # the first 款 of at least 2 万元 whose rise the others absorb falling by ×0.75 or less
        # (none of them then moves far), else the smallest
        fits = [c for c, a in amounts.items() if a >= 2 and (JUMP - 1) * a <= (total - a) / 4]
        code = fits[0] if fits else min(amounts, key=amounts.get)
        new = _rebalanced(amounts, {code: amounts[code] * JUMP})
        new_amounts += [(doc, c, a) for c, a in new.items()]
        labels.append(_label(doc, year, "yoy_change", BASIC, code, f"×{JUMP} of its share"))
        labels[-1] |= {"expected": str(amounts[code]), "printed": str(new[code])}
    return _replaced(line_items, new_amounts), labels


def _mix_302(line_items: pl.DataFrame, docs: pl.DataFrame, departments: list, rng, per_kind: int):
    """Three 302 款 of each department at ×``MIX`` the corpus's typical share of 302 in every
    year, the rest of 302 lowered to match: 款 it prints in every year with at least 1 万元 and
    no more than the typical share (so each is raised, and none goes far beyond its peers'),
    three drawn by ``rng``; ``departments`` in turn until ``per_kind`` have three such 款."""
    mine = docs.filter(pl.col("dept").is_in(departments)).sort("dept", "fiscal_year")
    typical = _typical_shares(line_items)
    new_amounts, labels, planted = [], [], 0
    for dept in departments:
        if planted == per_kind:
            break
        rows = mine.filter(pl.col("dept") == dept).rows()
        goods = {doc: _goods(line_items, doc) for doc, _, _ in rows}
        low = (
            {c for c, a in g.items() if a >= 1 and a / sum(g.values()) <= typical.get(c, 0)}
            for g in goods.values()
        )
        every = sorted(set.intersection(*low))
        if len(every) < 3:
            continue
        codes = sorted(rng.sample(every, 3))
        if sum(Decimal(str(typical[c])) for c in codes) * MIX > Decimal("0.75"):
            continue  # the rest of 302 would have to fall to nothing
        planted += 1
        for doc, _, year in rows:
            total = sum(goods[doc].values())
            raised = {c: total * Decimal(str(typical[c])) * MIX for c in codes}
            new = _rebalanced(goods[doc], raised)
            new_amounts += [(doc, c, a) for c, a in new.items()]
            note = f"302 mix: {', '.join(codes)} at ×{MIX} the typical share, the rest lowered"
            labels.append(_label(doc, year, "composition_outlier", BASIC, "302", note))
    return _replaced(line_items, new_amounts), labels


def _typical_shares(line_items: pl.DataFrame) -> dict:
    """{款: the median share of 302 it holds in the documents printing it} (fixed-cost 款 aside)."""
    goods = line_items.filter(
        (pl.col("table_id") == BASIC)
        & (pl.col("column_id") == "total")
        & pl.col("code").str.starts_with("302")
        & (pl.col("code").str.len_chars() == 5)
        & ~pl.col("code").is_in(FIXED)
    )
    shares = goods.with_columns(
        share=pl.col("amount_wan") / pl.col("amount_wan").sum().over("doc_id")
    )
    return dict(shares.group_by("code").agg(pl.col("share").median()).rows())


def _goods(line_items: pl.DataFrame, doc: str) -> dict:
    """{款: amount} of a document's 基本支出表 302 款 (合计 column) but the fixed-cost ones."""
    lines = line_items.filter(
        (pl.col("doc_id") == doc)
        & (pl.col("table_id") == BASIC)
        & (pl.col("column_id") == "total")
        & pl.col("code").str.starts_with("302")
        & (pl.col("code").str.len_chars() == 5)
        & ~pl.col("code").is_in(FIXED)
    ).sort("code")
    return dict(zip(lines["code"], lines["amount_wan"]))


def _rebalanced(amounts: dict, raised: dict) -> dict:
    """``amounts`` with the 款 of ``raised`` at its amounts (to the cent) and the others lowered
    in proportion, so that their sum (the 302 类) stays to the cent."""
    total = sum(amounts.values())
    up = {c: a.quantize(CENT, ROUND_HALF_UP) for c, a in sorted(raised.items())}
    others = {c: a for c, a in amounts.items() if c not in raised}
    rest = sum(others.values())
    scale = (rest - (sum(up.values()) - sum(amounts[c] for c in raised))) / rest
    lowered = {c: (a * scale).quantize(CENT, ROUND_HALF_UP) for c, a in others.items()}
    largest = max(lowered, key=lowered.get)  # the rounding's cents: the 类 stays exact
    lowered[largest] += total - sum(up.values()) - sum(lowered.values())
    return up | lowered


def _replaced(line_items: pl.DataFrame, new_amounts: list) -> pl.DataFrame:
    """``line_items`` with the (doc_id, code, amount) of ``new_amounts`` in the 基本支出表."""
    dtype = line_items.schema["amount_wan"]
    new = pl.DataFrame(
        new_amounts, schema={"doc_id": pl.String, "code": pl.String, "_new": dtype}, orient="row"
    )
    keys = ["doc_id", "code"]
    # the 302 款 print their amount in the total and 公用经费 columns (人员经费 is 0)
    judged = (pl.col("table_id") == BASIC) & pl.col("column_id").is_in(["total", "public_funds"])
    out = line_items.join(new, on=keys, how="left").with_columns(
        amount_wan=pl.when(judged & pl.col("_new").is_not_null())
        .then(pl.col("_new"))
        .otherwise("amount_wan")
    )
    return out.drop("_new")


def _label(doc, year, kind, table_id, code, note) -> dict:
    return {"doc_id": doc, "fiscal_year": year, "kind": kind, "table_id": table_id, "code": code,
            "project_code": None, "expected": "", "printed": "", "note": note}  # fmt: skip
