"""The parse's speed-ups keep every value: each one against its definition, worked out here
independently (the frames themselves are compared by `benchmarks/bench_parse.py --compare`)."""

from __future__ import annotations

from budgetwatch.sources.decode import _CONTROL, _check_binary, _cjk_share, decode_bytes
from budgetwatch.sources.errors import BinaryInputError, UnknownEncodingError

# the CJK ranges of the decoding rule, as stated in docs: ideographs, extension A, CJK
# punctuation, full-width forms, general punctuation, enclosed numerals, math operators
RANGES = [
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
    (0x2000, 0x206F),
    (0x2460, 0x24FF),
    (0x2200, 0x22FF),
]


def _share_by_definition(text: str) -> float | None:
    wide = [ch for ch in text if ord(ch) > 127]
    cjk = [ch for ch in wide if any(lo <= ord(ch) <= hi for lo, hi in RANGES)]
    return len(cjk) / len(wide) if wide else None


def test_cjk_share_counts_every_code_point_as_its_definition():
    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    assert _cjk_share(every) == _share_by_definition(every)
    for c in (0x7F, 0x80, 0x1FFF, 0x2000, 0x206F, 0x2070, 0x4DBF, 0x4E00, 0x9FFF, 0xA000):
        text = "ab" + chr(c)
        assert _cjk_share(text) == _share_by_definition(text), hex(c)
    assert _cjk_share("plain ascii") is None
    # 4 of 5 wide characters are CJK (预 算 表 。, not é)
    assert _cjk_share("预算é表x。") == 0.8


def test_control_bytes_are_counted_one_by_one():
    # 2 + 4096 // 50 = 81 control bytes allowed in the first 4,096 bytes; 82 are binary
    allowed = bytes([1]) * 81 + b"a" * 4015
    _check_binary(allowed, "f.txt")
    assert sum(1 for b in allowed if b in _CONTROL) == 81
    try:
        _check_binary(bytes([1]) * 82 + b"a" * 4014, "f.txt")
    except BinaryInputError as exc:
        assert "82 control bytes" in str(exc)
    else:
        raise AssertionError("82 control bytes were not binary")
    # tab, newline, form feed and carriage return are text
    _check_binary(b"\t\n\x0c\r" * 1000, "f.txt")


def test_gb18030_that_does_not_read_as_chinese_is_refused():
    text = "预算表" + "é" * 10  # 3 of 13 wide characters are CJK: below 0.6
    try:
        decode_bytes(text.encode("gb18030"), "f.txt")
    except UnknownEncodingError as exc:
        assert "does not read as Chinese" in str(exc)
    else:
        raise AssertionError("a non-Chinese GB18030 text was accepted")
    text = "部门预算表 2024"
    assert decode_bytes(text.encode("gb18030"), "f.txt") == (text, "gb18030")
