"""What kind of value an indicator asks for, and what kind of value it got.

Shared by the indicator rules and the indicator model's features, so the two judge "fit"
the same way.
"""

from __future__ import annotations

import polars as pl

# (a % inside a sentence-long label is a figure of the sentence, not the unit asked for: only
# （%） is; 率先 is no rate;
# 覆盖 / 合格 / 达标 alone name what is counted: 覆盖学校 ≥4个, 输送合格住院医师 ≥3000人 — their
# rates end in 率 / 面; a change against last year is a rate whatever it counts)
RATE_WORDS = (
    r"率|比例|占比|百分比|满意度|覆盖面|知晓|完成度|较上年|较去年|同比|增幅|增长|[（(]%[)）]"
)
COUNT_WORDS = r"数量|人数|次数|场次|个数|户数|家数|人次|（个）|（人）|（家）|（场）|（所）|（公里）"
YEAR_WORDS = r"年限|期限|年数"
# a label ending in a count word asks for a count whatever it counts (覆盖区县数量, 达标企业个数)
# and so does a label whose head noun, after its last 的, is a number of things ("监测数据传输频率
# ≤10分钟的采集点数 ≥10个", real 124: a rate qualifies the points counted); 指数 / 分数 / 系数 /
# 倍数 are no counts, and X占Y数 is a share ("发放物价补贴的学生占学生数 ＝100%", real_more 240)
COUNT_ENDING = (
    r"(?:数量|人数|次数|场次|个数|户数|家数|人次|（个）|（人）|（家）|（场）|（所）)$"
    r"|的[^的占]*[^指分系倍]数$"
)
COUNT_UNITS = [
    "人",
    "家",
    "次",
    "个",
    "项",
    "场",
    "所",
    "户",
    "公里",
    "万人次",
    "人次",
    "台",
    "件",
    "篇",
    "期",
]
MONEY_UNITS = ["万元", "元", "亿元"]
ECO_WORDS = r"生态|环境|绿色|节能|节水|排放|污染|能耗|碳|植被|水质|空气"


# a label ending in 质量 names a quality (a rate, a grade or words), whatever it counts:
# "…老年人数质量 100%" (real_more 341) asks no count of people
QUALITY_ENDING = r"质量$"
# a share of a count is a rate or a count: "核心论文占比数量 ＝100%", "资助学生的数量占比在校人数 ≤60%"
# (real_more 240) end in a count word but ask the share; neither value is a misfit
SHARE_OF_COUNT = r"占比|比例|比重"
# a frequency is a count per period or a rate: "硬件设备巡检频率 ≥12次" (real_more 223) and
# "巡检频率 ≥95%" both state it; 频率 is no rate because it ends in 率
FREQUENCY_ENDING = r"(?:频率|频次|频度)$"
# a label whose head noun is a rate asks a rate whatever span it names: "系统使用期限内正常运行率
# ≥98%" (real_more 220) asks no span of years (频率 / 质量 are decided before it)
RATE_ENDING = r"率$"
# a label whose head noun is an activity may state how often it is done or what it achieves:
# "运用大数据手段开展用户知晓率调查 ＝1项" (real_more 220) counts surveys, "满意度调查 ≥90%" states the
# result; neither is a misfit
ACTIVITY_ENDING = r"(?:调查|检查|抽查|督查|巡查|评估|测评|考核|培训|宣传|活动|会议)$"
# a list or a sentence in the label: what it asks is named by its last clause (a Chinese label
# ends in its head noun); an earlier clause may be the wrapped text of the cell beside it
# ("效率、整合内部资源、加开展党员整体培训 ＝1次", real_more 232: 效率 is the row above's)
_CLAUSE = r"^.*[、，,；;。：:]"


def asked_kind() -> pl.Expr:
    """rate / count / years / money / other, from 二级 and 三级指标 (the label's last clause)."""
    l3 = pl.col("level3").fill_null("").str.replace(_CLAUSE, "").str.replace_all("率先", "")
    return (
        pl.when(pl.col("level2").fill_null("").str.contains("成本"))
        .then(pl.lit("money"))
        .when(
            l3.str.contains(QUALITY_ENDING)
            | l3.str.contains(FREQUENCY_ENDING)
            | l3.str.contains(ACTIVITY_ENDING)
        )
        .then(pl.lit("other"))
        .when(l3.str.contains(RATE_ENDING))
        .then(pl.lit("rate"))
        .when(l3.str.contains(YEAR_WORDS))
        .then(pl.lit("years"))
        .when(l3.str.contains(COUNT_ENDING) & l3.str.contains(SHARE_OF_COUNT))
        .then(pl.lit("other"))
        .when(l3.str.contains(COUNT_ENDING))
        .then(pl.lit("count"))
        .when(l3.str.contains(RATE_WORDS))
        .then(pl.lit("rate"))
        .when(l3.str.contains(COUNT_WORDS))
        .then(pl.lit("count"))
        .otherwise(pl.lit("other"))
    )


def value_kind() -> pl.Expr:
    """rate / count / years / money / text (no number) / empty (a unit and nothing else)."""
    unit = pl.col("value_unit").fill_null("")
    has_num = pl.col("value_number").is_not_null()
    return (
        pl.when(~has_num & unit.str.len_chars().gt(0))
        .then(pl.lit("empty"))
        .when(~has_num)
        .then(pl.lit("text"))
        .when(unit == "%")
        .then(pl.lit("rate"))
        .when(unit.is_in(MONEY_UNITS))
        .then(pl.lit("money"))
        .when(unit == "年")
        .then(pl.lit("years"))
        .when(unit.is_in(COUNT_UNITS))
        .then(pl.lit("count"))
        .otherwise(pl.lit("other"))
    )


def kind_fits() -> pl.Expr:
    """True when the value is of the kind the label asks for (or either side is unclear)."""
    a, v = pl.col("_asked"), pl.col("_vkind")
    return (a == v) | (a == "other") | (v == "other") | (v == "text")


def is_question() -> pl.Expr:
    raw = pl.col("value_raw").fill_null("")
    return raw.str.contains(r"是否|[?？]$|吗$")


def restates_label() -> pl.Expr:
    """A textual value that only repeats the indicator's own description or name."""
    raw = pl.col("value_raw").fill_null("").str.strip_chars()
    return (
        pl.col("value_number").is_null()
        & raw.str.len_chars().gt(1)
        & (
            (raw == pl.col("description").fill_null("").str.strip_chars())
            | (raw == pl.col("level3").fill_null("").str.strip_chars())
        )
    )


def with_kinds(ind: pl.DataFrame) -> pl.DataFrame:
    return ind.with_columns(_asked=asked_kind(), _vkind=value_kind())
