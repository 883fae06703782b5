"""Indicator rules: boilerplate values, label/value kind mismatches, copied indicator blocks.

A 绩效目标 is only checkable when its value is a number of the kind its label asks for; these
rules name the values that cannot be checked and why.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from budgetwatch.config.settings import DetectionSettings
from budgetwatch.contract.schema import department_key
from budgetwatch.detection.flagset import finish, first_cited
from budgetwatch.detection.indicator_kinds import (
    ECO_WORDS,
    is_question,
    kind_fits,
    restates_label,
    with_kinds,
)

_KIND_WORDS = {
    "count": "a count",
    "years": "a span of years",
    "rate": "a rate",
    "money": "money",
    "empty": "a bare unit",
    "text": "text",
    "other": "other",
}


def _kind_word(col: str) -> pl.Expr:
    return pl.col(col).replace_strict(_KIND_WORDS, default="other")


def _where() -> pl.Expr:
    return pl.format(
        "项目 {} {}「{}」value「{}」(line {})",
        pl.col("project_code"),
        pl.col("level2"),
        pl.col("level3"),
        pl.col("value_raw"),
        pl.col("source_line"),
    )


def boilerplate_flags(indicators: pl.DataFrame) -> list[pl.DataFrame]:
    """boilerplate_indicator (warning): a value that cannot be a target of its label; and two
    info rules: restated_indicator, a textual value repeating the description (real disclosures
    do it constantly: 17 times in the sample; indicator_quality measures it per document), and
    boilerplate_ecological, a generic rate on an ecological indicator."""
    ind = with_kinds(indicators)
    asked, vkind = pl.col("_asked"), pl.col("_vkind")
    pct_on_other = asked.is_in(["count", "years"]) & (vkind == "rate")
    eco = (
        pl.col("level2").fill_null("").str.contains("生态")
        & (vkind == "rate")
        & ~pl.col("level3").fill_null("").str.contains(ECO_WORDS)
        & ~pl.col("description").fill_null("").str.contains(ECO_WORDS)
    )
    reason = (
        pl.when(pct_on_other)
        .then(pl.format("a percentage where the label asks for {}", _kind_word("_asked")))
        .when(vkind == "empty")
        .then(pl.lit("a unit with no number"))
        .when(is_question())
        .then(pl.lit("a question, not a target"))
    )
    info = (
        pl.when(restates_label())
        .then(pl.lit("restated_indicator"))
        .when(eco)
        .then(pl.lit("boilerplate_ecological"))
    )
    info_reason = {
        "restated_indicator": "the value only restates the indicator's description",
        "boilerplate_ecological": "a generic rate on an ecological indicator the "
        "project has no ecological dimension for",
    }
    bad = ind.with_columns(
        _reason=reason,
        _rule=pl.when(reason.is_not_null()).then(pl.lit("boilerplate_indicator")).otherwise(info),
    )
    bad = bad.filter(pl.col("_rule").is_not_null()).with_columns(
        _reason=pl.coalesce("_reason", pl.col("_rule").replace_strict(info_reason, default=None))
    )
    bad = bad.with_columns(
        subject=pl.col("project_code") + "/" + pl.col("indicator_no").cast(pl.String),
        expected=_kind_word("_asked"),
        actual=pl.col("value_raw"),
        explanation=pl.format("{}: {}", _where(), pl.col("_reason")),
    )
    return [finish(g, rule) for (rule,), g in bad.group_by("_rule", maintain_order=True)]


def quality_flags(indicators: pl.DataFrame, cfg: DetectionSettings) -> list[pl.DataFrame]:
    """indicator_quality (info, one per document): the share of indicators without a measurable
    target — no number, a bare unit, a question, or the description restated — when it reaches
    ``indicator_quality_min_share``. A per-department measure of the 绩效目标 tables' quality,
    not a finding about one row."""
    ind = with_kinds(indicators)
    vague = pl.col("value_number").is_null() | is_question() | restates_label()
    per_doc = (
        ind.group_by("doc_id")
        .agg(
            n=pl.len(),
            vague=vague.sum(),
            **first_cited(),
            example=pl.col("value_raw").filter(vague).first(),
        )
        .with_columns(share=pl.col("vague") / pl.col("n"))
        .filter((pl.col("share") >= cfg.indicator_quality_min_share) & (pl.col("vague") > 0))
    )
    if per_doc.is_empty():
        return []
    per_doc = per_doc.with_columns(
        subject=pl.lit("indicators"),
        expected=pl.lit("a measurable target on every indicator"),
        actual=pl.format("{}/{}", pl.col("vague"), pl.col("n")),
        explanation=pl.format(
            "{} of {} 绩效目标 indicators ({}%) state no measurable target "
            "(no number, a bare unit, a question or the description restated; "
            "e.g.「{}」); first indicator line {}",
            pl.col("vague"),
            pl.col("n"),
            (pl.col("share") * 100).round(0).cast(pl.Int32),
            pl.col("example"),
            pl.col("source_line"),
        ),
    )
    return [finish(per_doc, "indicator_quality")]


def label_value_flags(indicators: pl.DataFrame) -> list[pl.DataFrame]:
    """The label names a rate but the value is a count, money or years (实际发放工资率 = 7 人)."""
    ind = with_kinds(indicators)
    # a change counted ("带动就业增长 100人", real_more 338): the increase in people is a count;
    # a rate of change names itself (增长率)
    l3 = pl.col("level3").fill_null("")
    counted_change = (
        (pl.col("_vkind") == "count")
        & l3.str.contains("增长|增幅|增加|较上年|较去年|同比")
        & ~l3.str.contains("率|比例|%")
    )
    bad = ind.filter(
        (pl.col("_asked") == "rate")
        & pl.col("_vkind").is_in(["count", "money", "years"])
        & ~kind_fits()
        & ~counted_change
    )
    if bad.is_empty():
        return []
    bad = bad.with_columns(
        subject=pl.col("project_code") + "/" + pl.col("indicator_no").cast(pl.String),
        expected=pl.lit("a rate"),
        actual=pl.col("value_raw"),
        explanation=pl.format(
            "{}: the label asks for a rate but the value is {}", _where(), _kind_word("_vkind")
        ),
    )
    return [finish(bad, "label_value_mismatch")]


def copy_paste_flags(
    indicators: pl.DataFrame | Iterable[pl.DataFrame],
    projects: pl.DataFrame,
    documents: pl.DataFrame,
    kinds: pl.DataFrame | None,
    cfg: DetectionSettings,
) -> list[pl.DataFrame]:
    """``indicators``: whole, or in pieces that each hold whole documents (the out-of-core
    analysis reads one year's at a time: only a piece and the projects' blocks are held);
    ``kinds``: doc_id → kind of department (comparison's department_history), None if not
    known; the blocks' sizes: ``detection.rules.copy_paste_across`` / ``copy_paste_within``."""
    across, within = cfg.rules.of("copy_paste_across"), cfg.rules.of("copy_paste_within")
    blocks, copied = [], []
    for piece in [indicators] if isinstance(indicators, pl.DataFrame) else indicators:
        blocks.append(_across_blocks(piece, across.min_rows))
        copied.append(_copied_within(piece, projects, within.min_rows))
    # a document's blocks are in one piece: sorted again, they are the whole's blocks in order
    found = pl.concat(blocks).sort("doc_id", "project_code") if blocks else None
    return [
        f
        for f in (
            _copied_across(found, projects, documents, kinds) if found is not None else None,
            *copied,
        )
        if f is not None and f.height
    ]


def _blocks(ind: pl.DataFrame, keep: pl.Expr) -> pl.DataFrame:
    return (
        ind.filter(keep)
        .sort("doc_id", "project_code", "indicator_no")
        .group_by("doc_id", "project_code", maintain_order=True)
        .agg(
            block=pl.concat_str(
                "level2", "level3", "value_raw", separator="|", ignore_nulls=True
            ).str.join("\n"),
            rows=pl.len(),
            **first_cited(),
        )
    )


def _across_blocks(ind: pl.DataFrame, min_rows: int) -> pl.DataFrame:
    """Each project's 产出/效益/满意度 block of at least ``min_rows`` rows (its 成本 rows left
    out), and the labels of its 数量指标."""
    keep = ~pl.col("level2").fill_null("").str.contains("成本")
    b = _blocks(ind, keep).filter(pl.col("rows") >= min_rows)
    # what a project produces is named by its 数量指标; a deadline or a restated effect more or
    # less does not make a department's own kind of block foreign to it
    labels = (
        ind.filter(keep)
        .sort("doc_id", "project_code", "indicator_no")
        .group_by("doc_id", "project_code", maintain_order=True)
        .agg(
            labels=pl.col("level3")
            .filter(pl.col("level2").fill_null("").str.contains("数量"))
            .fill_null("")
            .sort()
            .str.join("|")
        )
    )
    return b.join(labels, on=["doc_id", "project_code"])


def _copied_across(b: pl.DataFrame, projects, documents, kinds) -> pl.DataFrame:
    """The whole 产出/效益/满意度 block of a project equal to another department's block for a
    project of another name, or of the same name in a department of another kind, where the
    block's indicator names are foreign to the department (no other project of it counts the
    same 数量指标 names with a block of its own). Departments of one kind share templates legitimately (two counties'
    公安局 and their 信访维稳经费); a block lifted from another kind of work — a 公路 block in a
    人社局's 单位取暖费 — does not fit its department. A department the block is native to, then
    the one printing it in most documents, then the earliest, is taken as its owner; the others
    are flagged."""
    b = b.join(
        projects.select("doc_id", "project_code", "project_name"), on=["doc_id", "project_code"]
    )
    b = b.join(documents.select("doc_id", "fiscal_year", dept=department_key()), on="doc_id")
    b = (
        b.join(kinds.select("doc_id", "kind"), on="doc_id", how="left")
        if kinds is not None
        else b.with_columns(kind=pl.lit(None, pl.String))
    )
    # native: another project of the department counts the same things with a block of its
    # own (a copier printing its copy under two project codes has no such project)
    own = b.select("dept", "labels", "project_code", "block").unique()
    native = (
        own.join(own, on=["dept", "labels"], suffix="_o")
        .filter(
            (pl.col("project_code") != pl.col("project_code_o"))
            & (pl.col("block") != pl.col("block_o"))
        )
        .select("dept", "labels", "project_code", "block")
        .unique()
        .with_columns(_native=pl.lit(True))
    )
    siblings = pl.col("project_code").n_unique().over("dept") > 1
    b = b.join(native, on=["dept", "labels", "project_code", "block"], how="left").with_columns(
        _foreign=pl.col("_native").is_null() & siblings
    )
    # the owner is a department the block is native to (its other projects count the same
    # things), then the one printing it in most documents, then the earliest: a copier printing
    # its copy two years running is not the owner of a 公路 block a 交通局 printed once
    per_dept = (
        b.group_by("block", "dept")
        .agg(
            native=(~pl.col("_foreign")).any(),
            n=pl.len(),
            first=pl.col("fiscal_year").min(),
            owner_name=pl.col("project_name").first(),
            owner_kind=pl.col("kind").first(),
        )
        .sort(
            ["block", "native", "n", "first", "dept"], descending=[False, True, True, False, False]
        )
    )
    owners = per_dept.group_by("block", maintain_order=True).agg(
        owner=pl.col("dept").first(),
        owner_name=pl.col("owner_name").first(),
        owner_kind=pl.col("owner_kind").first(),
        depts=pl.len(),
        # departments as good an owner as the first: a tie
        n_top=(
            (pl.col("native") == pl.col("native").first()) & (pl.col("n") == pl.col("n").first())
        ).sum(),
    )
    unrelated = (pl.col("project_name") != pl.col("owner_name")) | (
        pl.col("kind") != pl.col("owner_kind")
    ).fill_null(False)
    # a tie for owner names no owner: the one sorted first may be a copier, and a second copier
    # of its kind under its project name would look related to it. Whoever prints the block
    # foreign to its own work is flagged when some department prints it under another name or
    # for another kind.
    elsewhere = (pl.col("project_name").n_unique().over("block") > 1) | (
        pl.col("kind").drop_nulls().n_unique().over("block") > 1
    )
    hits = (
        b.join(owners.filter(pl.col("depts") > 1), on="block")
        .with_columns(_other=pl.when(pl.col("n_top") > 1).then(elsewhere).otherwise(unrelated))
        .filter(
            ((pl.col("dept") != pl.col("owner")) | (pl.col("n_top") > 1))
            & pl.col("_other")
            & pl.col("_foreign")
        )
    )
    return hits.with_columns(
        subject=pl.col("project_code"),
        expected=pl.col("owner"),
        actual=pl.col("dept"),
        explanation=pl.format(
            "项目 {}「{}」prints the same {} 产出/效益/满意度 indicators as 「{}」 of "
            "department {} (line {})",
            pl.col("project_code"),
            pl.col("project_name"),
            pl.col("rows"),
            pl.col("owner_name"),
            pl.col("owner"),
            pl.col("source_line"),
        ),
    ).pipe(finish, "copy_paste_across")


def _copied_within(ind, projects, min_rows: int) -> pl.DataFrame:
    """Two projects of one document sharing ≥2 identical *textual* 效益 rows: numbers like
    ≥95% repeat legitimately, sentences describing an effect should not."""
    textual = (
        pl.col("level1").fill_null("").str.contains("效益")
        & pl.col("value_number").is_null()
        & pl.col("value_raw").fill_null("").ne("")
    )
    b = (
        _blocks(ind, textual)
        .filter(pl.col("rows") >= min_rows)
        .join(
            projects.select("doc_id", "project_code", "project_no", "project_name"),
            on=["doc_id", "project_code"],
        )
    )
    first = b.group_by("doc_id", "block").agg(first_no=pl.col("project_no").min(), n=pl.len())
    hits = b.join(first.filter(pl.col("n") > 1), on=["doc_id", "block"]).filter(
        pl.col("project_no") > pl.col("first_no")
    )
    return hits.with_columns(
        subject=pl.col("project_code") + "/效益",
        expected=pl.format("项目{}", pl.col("first_no")),
        actual=pl.format("项目{}", pl.col("project_no")),
        explanation=pl.format(
            "项目{}「{}」repeats the {} textual 效益 indicators of 项目{} word for word (line {})",
            pl.col("project_no"),
            pl.col("project_name"),
            pl.col("rows"),
            pl.col("first_no"),
            pl.col("source_line"),
        ),
    ).pipe(finish, "copy_paste_within")
