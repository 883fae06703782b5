"""model:composition — a department's economic composition against its peers (issue 18 item 5).

One row per document: its 基本支出 (基本支出表 合计 column, 款 rows summed by 类) split into 301
工资福利 and 302 商品和服务 — log(302 / 301), the running costs per 元 of pay, against the median
of the departments of its kind that year — and 302 per person against the peers' (where the
narrative states staff); a kind with fewer than ``min_peer_count`` departments is not judged
(unlike bodies are no peers). 303 (对个人和家庭的补助) is left out: it follows retirees, and a court
carrying 离休 costs is no outlier for it. No single line need be far from its peers — a department whose every 商品和服务
款 is three times the usual is below each line's floor (model:line_items asks ×4 per person
on one line) and moves no line against last year (yoy_line) — but its mix of spending is unlike
its peers'. What a rule cannot see, a forest fitted on the other departments' mixes can: a
document is unusual when the forest fitted on other departments (models._reference_fit)
predicts −1, in every year the department publishes (at least ``min_peer_years``), among at
least ``min_peer_count`` departments of its kind. The flag names the 类 whose share is most
above its peers' and the forest's strongest features.
"""

from __future__ import annotations

import math

import polars as pl

from budgetwatch.config.settings import DetectionSettings
from budgetwatch.detection.flagset import finish
from budgetwatch.detection.models import _second, _unusual

ECONOMIC = "general_budget_basic_expenditure"
CLASSES = ("301", "302", "303")
COMPOSITION_FEATURES = ["log_302_301", "log_pp302"]
# the mix forest's features: a document's 302 款 ranked by their share of 302 against their
# peers' (``mix_<code>``, log ratio): the three most raised, and the median of the rest
MIX_FEATURES = ["mix_first", "mix_second", "mix_third", "mix_rest"]


def mix_lines(codes) -> list[str]:
    """The columns of the 款 of ``codes`` in the mix of 302 (``_mix``)."""
    return [f"mix_{c}" for c in codes]


def composition_features(
    comparisons: dict[str, pl.DataFrame], min_peers: int, mix_codes=()
) -> pl.DataFrame:
    """doc_id, department_key, fiscal_year, kind, s301…, their peers' medians, features; and
    the mix of its 商品和服务 (``mix_rows``) over ``mix_codes``."""
    my = comparisons.get("multiyear")
    hist = comparisons.get("department_history")
    if my is None or my.is_empty() or hist is None:
        return pl.DataFrame()
    rows = my.filter(
        (pl.col("table_id") == ECONOMIC)
        & (pl.col("column_id") == "total")
        & (pl.col("code").str.len_chars() == 5)
        & pl.col("amount_wan").is_not_null()
    )
    wide = (
        rows.group_by("doc_id")
        .agg(
            # summed as decimals, then made floats: a float sum's order (and so its last bits)
            # varies between runs of a parallel group_by, and the forest would see it
            basic=pl.col("amount_wan").sum().cast(pl.Float64),
            source_line=pl.col("source_line").min(),
            **{
                f"a{c}": pl.col("amount_wan")
                .filter(pl.col("code").str.starts_with(c))
                .sum()
                .cast(pl.Float64)
                for c in CLASSES
            },
        )
        .filter(pl.col("basic") > 0)
        .join(hist.select("doc_id", "department_key", "fiscal_year", "kind"), on="doc_id")
    )
    peers = comparisons.get("peers", pl.DataFrame())
    staff = (
        peers.select("doc_id", "staff").drop_nulls().unique("doc_id")
        if "staff" in peers.columns
        else pl.DataFrame(schema={"doc_id": pl.String, "staff": pl.Float64})
    )
    wide = wide.join(staff, on="doc_id", how="left").with_columns(
        **{f"s{c}": pl.col(f"a{c}") / pl.col("basic") for c in CLASSES},
        pp302=pl.when(pl.col("staff") > 0).then(pl.col("a302") / pl.col("staff")),
        _r=pl.when((pl.col("a302") > 0) & (pl.col("a301") > 0)).then(
            (pl.col("a302") / pl.col("a301")).log()
        ),
        _kind_n=pl.len().over("kind", "fiscal_year"),
    )
    # peers: the departments of its kind that year — never unlike bodies (a court against
    # offices): a kind with fewer than min_peers departments is not judged
    wide = wide.rename({"_kind_n": "peer_count"}).filter(pl.col("peer_count") >= min_peers)
    group = ["kind", "fiscal_year"]
    wide = _mix(wide, rows, mix_codes, group)
    return wide.with_columns(
        **{f"m{c}": pl.col(f"s{c}").median().over(group) for c in CLASSES},
        mpp302=pl.col("pp302").median().over(group),
        log_302_301=(pl.col("_r") - pl.col("_r").median().over(group)).fill_null(0.0),
    ).with_columns(
        log_pp302=pl.when((pl.col("pp302") > 0) & (pl.col("mpp302") > 0))
        .then((pl.col("pp302") / pl.col("mpp302")).log())
        .otherwise(0.0)
    )


def _mix(wide: pl.DataFrame, rows: pl.DataFrame, codes, group: list[str]) -> pl.DataFrame:
    """The mix of a document's 302 商品和服务: each 款 of ``codes`` as a share of its 302, as log
    ratio to the median share of its peers (``group``: the departments of its kind that year)
    — ``mix_<code>``, null where it or its peers print none — and ranked (``MIX_FEATURES``). Every share can be within its peers'
    range while several together are not: a department whose 302 is its peers' in total (no
    302 / 301 outlier) but spent on a few 款 each twice theirs."""
    if not codes:
        return wide
    amounts = rows.group_by("doc_id").agg(
        **{
            f"_a{c}": pl.col("amount_wan").filter(pl.col("code") == c).sum().cast(pl.Float64)
            for c in codes
        }
    )
    wide = wide.join(amounts, on="doc_id", how="left").with_columns(
        pl.when(pl.col("a302") > 0).then(pl.col(f"_a{c}") / pl.col("a302")).alias(f"_s{c}")
        for c in codes
    )
    wide = wide.with_columns(
        pl.when((pl.col(f"_s{c}") > 0) & (pl.col(f"_s{c}").median().over(group) > 0))
        .then((pl.col(f"_s{c}") / pl.col(f"_s{c}").median().over(group)).log())
        .alias(f"mix_{c}")
        for c in codes
    ).drop(*(f"_s{c}" for c in codes))
    # ranked: a few 款 raised together while the rest fall is one point, whichever 款 they are
    ranked = pl.concat_list(mix_lines(codes)).list.drop_nulls().list.sort(descending=True)
    return wide.with_columns(
        mix_first=ranked.list.get(0, null_on_oob=True).fill_null(0.0),
        mix_second=ranked.list.get(1, null_on_oob=True).fill_null(0.0),
        mix_third=ranked.list.get(2, null_on_oob=True).fill_null(0.0),
        mix_rest=ranked.list.slice(3).list.median().fill_null(0.0),
    )


def composition_flags(
    comparisons: dict[str, pl.DataFrame],
    cfg: DetectionSettings,
    features: pl.DataFrame | None = None,
    reuse: dict | None = None,
) -> list[pl.DataFrame]:
    """``features``, ``reuse``: as models.line_item_flags'. Two parts: 302 against 301 (the
    forest ``composition``) and the mix of 302's 款 (``_mix_flags``, its second forest)."""
    params = cfg.rules.of("model:composition")
    if features is None:
        features = composition_features(comparisons, cfg.min_peer_count, params.mix_codes)
    if features.height < params.min_rows:
        return []
    dept = "department_key"
    rows = features.with_columns(_years=pl.len().over(dept))
    years = pl.col("fiscal_year").n_unique().over(dept) >= cfg.min_peer_years
    # upward only (spending less on running costs than peers is no alarm), as model:line_items,
    # and far enough above its peers to matter (the forest alone flagged a mix at 1.1×), in
    # every year: only those departments' rows are judged
    above = pl.col("log_302_301") >= math.log(params.min_ratio_excess)
    hits = _unusual(
        rows, COMPOSITION_FEATURES, cfg, "composition", above.all().over(dept) & years, reuse
    )
    hits = hits.filter(pl.len().over(dept) == pl.col("_years"))
    parts = [_mix_flags(rows, cfg, _second(reuse))]
    if hits.is_empty():
        return [p for p in parts if not p.is_empty()]
    hits = hits.with_columns(
        subject=pl.lit(f"{ECONOMIC}/302/share"),
        table_id=pl.lit(ECONOMIC),
        code=pl.lit("302"),
        expected=(pl.col("m302") * 100).round(1).cast(pl.String) + "%",
        actual=(pl.col("s302") * 100).round(1).cast(pl.String) + "%",
        # at stake: what 302 holds beyond its peers' share of this 基本支出
        stake_wan=((pl.col("s302") - pl.col("m302")) * pl.col("basic")).clip(lower_bound=0),
        explanation=pl.format(
            "基本支出 composition unlike its {} peers' (kind {}) in every year it publishes: 302 商品和服务支出 "
            "{} 万元 is {}% of 基本支出 {} 万元 (peers' median {}%), ×{} its 301 工资福利支出 {} "
            "(peers' median ×{}); strongest: {}, fitted on other departments; line {}",
            pl.col("peer_count") - 1,
            pl.col("kind"),
            pl.col("a302").round(2),
            (pl.col("s302") * 100).round(1),
            pl.col("basic").round(2),
            (pl.col("m302") * 100).round(1),
            (pl.col("a302") / pl.col("a301")).round(2),
            pl.col("a301").round(2),
            (pl.col("_r") - pl.col("log_302_301")).exp().round(2),
            pl.col("why"),
            pl.col("source_line"),
        ),
    )
    return [finish(hits, "model:composition"), *(p for p in parts if not p.is_empty())]


def _mix_flags(rows: pl.DataFrame, cfg: DetectionSettings, reuse: dict | None) -> pl.DataFrame:
    """A department whose 302 is spent unlike its peers' in every year it publishes: at least
    ``min_mix_lines`` of its 款 each ×``min_mix_ratio`` or more of its peers' share of 302 and
    below the ×``min_peer_ratio`` of a line's own floor (a floor many ordinary departments
    pass: each 款's level varies by department), and the mix forest (``composition_mix`` over
    ``MIX_FEATURES``, fitted on other departments) finds the combination unusual in every one
    of those years."""
    params = cfg.rules.of("model:composition")
    if not params.mix_codes or "mix_rest" not in rows.columns:
        return pl.DataFrame()
    dept = "department_key"
    # a 款 raised: ×min_mix_ratio its peers' share or more, but below the ×min_peer_ratio a
    # line's own floor asks (model:line_items judges that one: no second flag of it here)
    step, far = math.log(params.min_mix_ratio), math.log(cfg.min_peer_ratio)
    up = {c: (pl.col(f"mix_{c}") >= step) & (pl.col(f"mix_{c}") < far) for c in params.mix_codes}
    raised = pl.sum_horizontal(up.values())
    floor = (raised >= params.min_mix_lines).all().over(dept) & (
        pl.col("fiscal_year").n_unique().over(dept) >= cfg.min_peer_years
    )
    groups = rows[dept].cast(pl.String).fill_null("").to_numpy()
    hits = _unusual(rows, MIX_FEATURES, cfg, "composition_mix", floor, reuse, groups)
    hits = hits.filter(pl.len().over(dept) == pl.col("_years"))
    if hits.is_empty():
        return hits
    # the raised 款 named with their share of 302 against the peers' (×), largest first
    named = pl.concat_str(
        [
            pl.when(up[c]).then(pl.format("{} ×{}", pl.lit(c), pl.col(f"mix_{c}").exp().round(2)))
            for c in params.mix_codes
        ],
        separator=", ",
        ignore_nulls=True,
    )
    # at stake: what the raised 款 hold beyond their peers' shares of this 302
    beyond = pl.sum_horizontal(
        pl.when(up[c]).then(pl.col(f"_a{c}") * (1 - (-pl.col(f"mix_{c}")).exp())).otherwise(0.0)
        for c in params.mix_codes
    )
    hits = hits.with_columns(
        subject=pl.lit(f"{ECONOMIC}/302/mix"),
        table_id=pl.lit(ECONOMIC),
        code=pl.lit("302"),
        expected=pl.lit(f"≤ {params.min_mix_lines - 1} 款 ×{params.min_mix_ratio:g}"),
        actual=raised.cast(pl.String) + " 款",
        stake_wan=beyond,
        explanation=pl.format(
            "302 商品和服务支出 {} 万元 spent unlike its {} peers' (kind {}) in every year it "
            "publishes: {} 款 at ×{} to ×{} of the peers' median share of 302 ({}); 302 against "
            "301 ×{} its peers' (no single 款 or total need be far); strongest: {}, fitted on "
            "other departments; line {}",
            pl.col("a302").round(2),
            pl.col("peer_count") - 1,
            pl.col("kind"),
            raised,
            pl.lit(params.min_mix_ratio),
            pl.lit(cfg.min_peer_ratio),
            named,
            pl.col("log_302_301").exp().round(2),
            pl.col("why"),
            pl.col("source_line"),
        ),
    )
    return finish(hits, "model:composition")
