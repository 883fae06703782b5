from __future__ import annotations

import codecs

import pytest

from budgetwatch.sources.decode import decode_bytes
from budgetwatch.sources.errors import (
    BinaryInputError,
    EmptyInputError,
    UnknownEncodingError,
)
from tests.helpers import SAMPLE_PATH

TEXT = (SAMPLE_PATH).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT[:5000].encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
    ],
)
def test_detects_encoding(data, encoding):
    text, found = decode_bytes(data, "f.txt")
    assert found == encoding
    assert text.replace("\ufeff", "") == TEXT[: len(text)]


def test_errors_name_file_and_line():
    with pytest.raises(EmptyInputError, match=r"^f.txt:0: empty"):
        decode_bytes(b"  \n\t\n", "f.txt")
    with pytest.raises(BinaryInputError) as exc:
        decode_bytes(b"line1\nline2\n\x00\x01\x02", "f.txt")
    assert exc.value.line == 3 and exc.value.source_file == "f.txt"
    with pytest.raises(UnknownEncodingError):
        decode_bytes("预算".encode("utf-16-le") + b"\xff\xfe", "f.txt")


def test_control_bytes_are_binary():
    with pytest.raises(BinaryInputError):
        decode_bytes(bytes(range(1, 9)) * 50, "f.txt")


def test_text_that_is_not_chinese_in_any_supported_encoding():
    # Big5 bytes of traditional Chinese are valid GB18030 byte pairs but decode to odd symbols
    data = "部門預算公開說明：收入總計與支出總計。".encode("big5") * 20
    with pytest.raises(UnknownEncodingError) as exc:
        decode_bytes(b"ok\n" + data, "f.txt")
    assert exc.value.line >= 1


def test_truncated_utf8_character_at_end_is_dropped():
    data = "收入总计".encode("utf-8")[:-1]
    assert decode_bytes(data, "f.txt") == ("收入总", "utf-8")
