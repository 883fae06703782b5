"""Parse an indicator value (指标值) into comparator, number and unit.

``大于5家`` → (>, 5, 家); ``5 家以上`` → (≥, 5, 家); ``≥95%`` → (≥, 95, %); ``76.684425万元`` →
(=, 76.684425, 万元); ``7 人`` → (=, 7, 人); ``%`` → ("", None, %); free text → ("", None, "").
A number printed without a comparator is read as a stated target value and gets ``=``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

_PREFIX = {
    "≥": "≥",
    "≧": "≥",
    ">=": "≥",
    "大于等于": "≥",
    "大于或等于": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "达到": "≥",
    "至少": "≥",
    "≤": "≤",
    "≦": "≤",
    "<=": "≤",
    "小于等于": "≤",
    "小于或等于": "≤",
    "不高于": "≤",
    "不超过": "≤",
    "不大于": "≤",
    "不多于": "≤",
    "控制在": "≤",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "=": "=",
    "等于": "=",
}
_SUFFIX = {"以上": "≥", "及以上": "≥", "以下": "≤", "及以下": "≤", "以内": "≤"}
_UNITS = (
    "%",
    "‰",
    "亿元",
    "万元",
    "千元",
    "元",
    "家",
    "人次",
    "人",
    "次",
    "项",
    "年",
    "个",
    "天",
    "日",
    "月",
    "小时",
    "台",
    "辆",
    "件",
    "平方米",
    "亩",
    "公里",
    "千米",
    "米",
    "吨",
    "场",
    "份",
    "户",
    "所",
    "篇",
    "期",
    "批",
    "套",
    "座",
    "处",
    "册",
    "本",
    "条",
    "分",
    "周",
    "季度",
    "种",
    "名",
    "门",
    "部",
    "间",
    "场次",
    "万次",  # (read on real 绩效目标表: 20门, 2部, 14间, 20场次, 60万次)
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# a year's value said as such (每年≥20场, 全年≥10000家次): the indicator is a year's anyway
_PER_YEAR = ("每年", "全年", "年度")
# a unit per unit (万元/家, 次/年, 元/人·次, 元/人月) or units to choose from (家/个/批次, 台/套): kept
# as printed; rules read a unit with "/" as no plain count, money or rate
_UNIT = _alternation(_UNITS)
_VALUE_RE = re.compile(
    rf"^(?:{_alternation(_PER_YEAR)})?(?P<pre>{_alternation(_PREFIX)})?"
    rf"(?P<num>\d+(?:\.\d+)?)?"
    rf"(?P<unit>(?:{_UNIT})(?:/(?:(?:{_UNIT})·?)+)*)?"
    rf"(?P<post>{_alternation(_SUFFIX)})?$"
)


class IndicatorValue(NamedTuple):
    comparator: str  # ≥ ≤ > < = or ""
    number: Decimal | None
    unit: str


_FREE_TEXT = IndicatorValue("", None, "")


@lru_cache(maxsize=65536)  # pure, and its result immutable: a template's values recur
def parse_indicator_value(raw: str | None) -> IndicatorValue:
    key = "".join(unicodedata.normalize("NFKC", raw or "").split()).replace("％", "%")
    if not key:
        return _FREE_TEXT
    m = _VALUE_RE.match(key)
    if not m:
        return _FREE_TEXT
    pre, num, unit, post = m.group("pre", "num", "unit", "post")
    if num is None:
        # a unit alone ("%") names what is measured but states no value
        return IndicatorValue("", None, unit) if unit and not pre and not post else _FREE_TEXT
    comparator = _PREFIX[pre] if pre else _SUFFIX[post] if post else "="
    if pre and post:  # "大于5家以上": conflicting words, keep the explicit prefix
        comparator = _PREFIX[pre]
    return IndicatorValue(comparator, Decimal(num), unit or "")


_LABEL_UNIT = re.compile(r"[（(]([^（）()]{1,4})[）)]$")


@lru_cache(maxsize=65536)
def label_unit(label: str | None) -> str:
    """The unit a label names in its closing bracket (``法律顾问服务成本（万元）`` → 万元), when it is
    one of the units values are read in; "" otherwise."""
    m = _LABEL_UNIT.search(unicodedata.normalize("NFKC", label or "").strip().replace("％", "%"))
    return m.group(1) if m and m.group(1) in _UNITS else ""
