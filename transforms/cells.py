"""Repair of single cells: wrap spaces in names (A10), broken numbers (A4) and codes (A5)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_WS = re.compile(r"\s+")
# a space run is kept only between two ASCII letters/digits ("PM 2.5"); CJK wraps are removed
_WRAP_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")
_AMOUNT_RE = re.compile(r"^[+-]?(\d+(?:\.\d*)?|\.\d+)$")
# 一、 / 1、 / 1. / (1) / （一） / 其中： before a row's name
_ORDINAL_RE = re.compile(
    r"^(?:其中[:：])?(?:[一二三四五六七八九十百]+[、.．]|\d{1,2}[、.．](?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）])"
)


class BadAmount(ValueError):
    pass


# The pure cell functions below are memoised: the same names, codes and amounts recur on every
# row, page and document of a template, and a cache hit costs a tenth of a regex pass.
_MEMO = 65536


@lru_cache(maxsize=_MEMO)
def clean_name(text: str) -> str:
    """Printed name with the extraction's wrap spaces removed (A10)."""
    return _WRAP_SPACE.sub("", text.strip())


@lru_cache(maxsize=_MEMO)
def clean_code(text: str) -> str:
    """Code with spaces removed (A5: ``2014 004`` → ``2014004``)."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


# 2013601-行政运行, [2011301]行政运行, 201 40 01 行政运行, 30101 基本工资
_CODE_NAME = re.compile(r"^[\[【(（]?(\d{3}(?:\s?\d{2}){0,2})[\]】)）]?\s*[-－—–:：]?\s*(.*)$")


def split_code_name(text: str, known: Callable[[str], bool] = lambda code: True) -> tuple[str, str]:
    """(code, name) of a cell printing both; ("", name) when it starts with no code. Digits run
    straight into the name (``120急救中心``) are a code only where ``known`` says so: a bracket, a
    dash or a space marks a code, a name may begin with digits."""
    key = unicodedata.normalize("NFKC", text).strip()
    m = _CODE_NAME.match(key)
    if not m or (m.group(2) and m.group(2)[0] in "0123456789,.%"):
        return "", clean_name(text)
    code = _WS.sub("", m.group(1))
    marked = key[0] in "[【(（" or len(key) == len(m.group(1)) or not key[len(m.group(1))].isalnum()
    if not marked and not known(code):
        return "", clean_name(text)
    return code, clean_name(m.group(2))


@lru_cache(maxsize=_MEMO)  # a Decimal is immutable: one object may serve every cell
def parse_amount(text: str, unit: str = "万元") -> Decimal | None:
    """Exact amount in 万元; None for a blank cell; ``-``/``0``/``0.00`` are 0.

    Joins digits broken by spaces (A4: ``1396 .37``), drops thousands separators and converts a
    元 amount to 万元 exactly. Raises BadAmount for text that is not a number.
    """
    key = _WS.sub("", unicodedata.normalize("NFKC", text)).replace(",", "")
    if not key:
        return None
    if key in ("-", "--", "—", "－"):
        return Decimal(0)
    if not _AMOUNT_RE.match(key):
        raise BadAmount(text)
    try:
        value = Decimal(key)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        raise BadAmount(text) from None
    return value * _PER_WAN[unit] if unit in _PER_WAN else value


# 万元 per unit printed: amounts are converted exactly (Decimal)
_PER_WAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}


@lru_cache(maxsize=_MEMO)
def strip_ordinal(label: str) -> str:
    """The name without its list number (一、一般公共服务支出, 1、外交支出, (1)工资福利支出)."""
    return _ORDINAL_RE.sub("", label.strip())
