from decimal import Decimal

import pytest

from budgetwatch.transforms.indicator_values import parse_indicator_value


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("大于5家", (">", Decimal(5), "家")),
        ("5 家以上", ("≥", Decimal(5), "家")),
        ("≥95%", ("≥", Decimal(95), "%")),
        ("76.684425万元", ("=", Decimal("76.684425"), "万元")),
        ("7 人", ("=", Decimal(7), "人")),
        ("100%", ("=", Decimal(100), "%")),
        ("%", ("", None, "%")),
        ("保证单位正常运转", ("", None, "")),
        ("不超出各项目预算数", ("", None, "")),
        ("", ("", None, "")),
        ("小于3次", ("<", Decimal(3), "次")),
        ("≤ 10 天", ("≤", Decimal(10), "天")),
        ("不低于 90 %", ("≥", Decimal(90), "%")),
        ("３家", ("=", Decimal(3), "家")),  # full-width digit
        ("20以内", ("≤", Decimal(20), "")),
        ("1—2 家", ("", None, "")),  # a range is not one value
        ("每年≥20场", ("≥", Decimal(20), "场")),  # a year's value said as such
        ("全年≥10000家次", ("", None, "")),  # 家次 is no unit read
        ("每月≥2次", ("", None, "")),  # a month's value is not the year's
    ],
)
def test_parse(raw, expected):
    assert tuple(parse_indicator_value(raw)) == expected
