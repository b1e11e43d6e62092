"""Text sources: encoding detection, newline normalization, unreadable paths."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.sources import decode, read_text

REPORT = (
    "朔州市统计局2023年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "二、主动公开政府信息情况\n"
    "第二十条第（九）项\t政府集中采购\t3\t39.11万元\n"
    "三、收到和处理政府信息公开申请情况\n"
    "（一）予以公开\t5\t0\t0\t0\t0\t0\t5\n"
    "統(tǒng)計 — “三安全一稳定” １２件\n"
)

ENCODINGS = {
    "utf-8": REPORT.encode("utf-8"),
    "utf-8-sig": REPORT.encode("utf-8-sig"),
    "utf-16": REPORT.encode("utf-16"),
    "utf-16-le+bom": codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"),
    "utf-16-be+bom": codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
    "utf-16-le": REPORT.encode("utf-16-le"),
    "utf-16-be": REPORT.encode("utf-16-be"),
    "utf-32": REPORT.encode("utf-32"),
    "utf-32-be+bom": codecs.BOM_UTF32_BE + REPORT.encode("utf-32-be"),
    "gb18030": REPORT.encode("gb18030"),
}


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_decode_round_trip(name: str) -> None:
    assert decode(ENCODINGS[name]) == REPORT


def test_decode_gbk_and_gb2312() -> None:
    text = "一、总体情况\n（一）予以公开\t5\n本机关不掌握相关政府信息\n"
    assert decode(text.encode("gbk")) == text
    assert decode(text.encode("gb2312")) == text


def test_gb18030_four_byte_characters() -> None:
    text = "𠀀统计局 ǒ\n"  # CJK extension B and a pinyin tone: four-byte sequences in GB18030
    data = text.encode("gb18030")
    assert data != text.encode("utf-8")
    assert decode(data) == text


def test_utf16_le_without_bom_mostly_cjk() -> None:
    text = "一二三四五六七总体情况\n"  # few ASCII bytes: 一 (U+4E00) puts its NUL on the other side
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb\r", "a\nb\n"),
        (b"a\r\n\r\nb\n\rc", "a\n\nb\n\nc"),
    ],
)
def test_newlines_normalized(raw: bytes, expected: str) -> None:
    assert decode(raw) == expected


def test_crlf_normalized_in_every_encoding() -> None:
    text = REPORT.replace("\n", "\r\n")
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "gb18030"):
        assert decode(text.encode(encoding)) == REPORT


def test_undecodable_bytes_are_replaced_not_raised() -> None:
    data = b"\xff\xff\x80abc\n"  # neither UTF-8, UTF-16 nor GB18030
    text = decode(data)
    assert "abc" in text
    assert "\ufffd" in text


def test_empty() -> None:
    assert decode(b"") == ""
    assert decode(codecs.BOM_UTF8) == ""


def test_utf8_without_cjk_stays_utf8() -> None:
    assert decode("ǒ tǒng 12\n".encode()) == "ǒ tǒng 12\n"


@given(st.text(alphabet=st.sampled_from(sorted(set(REPORT))), min_size=1))
def test_decode_round_trip_property(text: str) -> None:
    # GB18030 is left out: a short GB18030 string can also be valid UTF-8 ("统" is b"\xcd\xb3",
    # UTF-8 for "ͳ"), and valid UTF-8 wins; whole reports are tested above.
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        assert decode(text.encode(encoding)) == expected, encoding


def test_read_text(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.replace("\n", "\r\n").encode("gb18030"))
    assert read_text(path) == REPORT
    assert read_text(str(path)) == REPORT


def test_read_text_directory(tmp_path: Path) -> None:
    with pytest.raises(govinfo.ParseError, match="is a directory"):
        read_text(tmp_path)


def test_read_text_missing(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(govinfo.ParseError, match="no such file") as info:
        read_text(missing)
    assert str(missing) in str(info.value)
    assert isinstance(info.value, govinfo.GovinfoError)
