"""Normalization: numbered lines, dropped noise, and when traditional → simplified conversion runs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo.normalize import _t2s, has_unusual, normalize_text, to_simplified
from govinfo.sources.text import _PLAUSIBLE, plausibility

SEEDS = sorted((Path(__file__).parent / "golden").glob("*.txt"))


@functools.cache
def _s2t() -> Callable[[str], str]:
    convert: Callable[[str], str] = opencc.OpenCC("s2t").convert
    return convert


def test_lines_keep_their_numbers_and_empty_lines_go() -> None:
    assert normalize_text("一、总体情况\n\n\n正文第一段\r\n正文第二段") == [
        (1, "一、总体情况"),
        (4, "正文第一段"),
        (5, "正文第二段"),
    ]


@pytest.mark.parametrize(
    "noise",
    [
        "- 4 -",
        "— 5 —",
        "－12－",
        "第 3 页",
        "第3页 共10页",
        "3/10",
        "打印本页",
        "扫一扫在手机打开当前页",
        "扫一扫在手机上查看当前页面",
        "附件下载",
        "关闭窗口",
        "【打印】",
        "分享到：微信",
        "字号：大 中 小",
        "当前位置：首页 > 政务公开",
        "首页 > 信息公开",
        "??",
    ],
)
def test_page_footers_and_boilerplate_are_dropped(noise: str) -> None:
    text = f"上一行\n  {noise}  \n下一行"
    assert normalize_text(text) == [(1, "上一行"), (3, "下一行")]


def test_noise_on_the_first_and_last_lines_and_one_after_another() -> None:
    assert normalize_text("- 1 -\n正文\n第 2 页\n3/10\n- 2 -") == [(2, "正文")]


@pytest.mark.parametrize(
    "kept",
    ["12", "本年新增/减", "第二十条第（一）项", "2023/2024 年度", "- 4 - 是页码但后面有字", "关闭的网站数量"],
)
def test_lines_that_only_look_like_noise_stay(kept: str) -> None:
    assert normalize_text(f"上一行\n{kept}\n下一行") == [(1, "上一行"), (2, kept), (3, "下一行")]


def test_widths_invisible_characters_and_pinyin_glosses() -> None:
    text = "統(tǒng)計\u200b　１２３\xa0ＡＢ（一）"
    assert normalize_text(text) == [(1, "统计 123 AB（一）")]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_traditional_copies_are_converted_like_opencc(seed: Path) -> None:
    traditional = _s2t()(seed.read_text(encoding="utf-8"))
    assert to_simplified(traditional) == _t2s()(traditional)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_character_opencc_changes_calls_for_conversion(seed: Path) -> None:
    traditional = _s2t()(seed.read_text(encoding="utf-8"))
    changed = {c for c in set(traditional) if _t2s()(c) != c}
    assert changed, "the traditional copy should have traditional characters"
    assert {c for c in changed if not has_unusual(c)} == set()


@given(st.sampled_from(SEEDS), st.integers(min_value=0, max_value=10_000), st.data())
def test_one_traditional_character_is_enough(seed: Path, at: int, data: st.DataObject) -> None:
    """A simplified text with a single traditional character in it is converted."""
    text = seed.read_text(encoding="utf-8")
    traditional = sorted({c for c in _s2t()(text) if _t2s()(c) != c})
    char = data.draw(st.sampled_from(traditional))
    at %= len(text)
    mixed = text[:at] + char + text[at:]
    assert to_simplified(mixed) == _t2s()(mixed)
    assert _t2s()(char) in to_simplified(mixed)


def test_text_beyond_the_basic_plane_is_converted() -> None:
    assert has_unusual("统计\U00020000")


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def testplausibility_counts_the_plausible_characters(text: str) -> None:
    expected = (
        sum(1 for c in text if any(lo <= ord(c) <= hi for lo, hi in _PLAUSIBLE)) / len(text) if text else 0.0
    )
    assert plausibility(text) == pytest.approx(expected)


def test_the_shipped_t2s_characters_are_opencc_s() -> None:
    """``python -m govinfo.normalize`` rewrites ``data/t2s_changed.txt`` when OpenCC changes."""
    from govinfo._data import read_data
    from govinfo.normalize import T2S_CHARS, changed_by_t2s

    assert read_data(T2S_CHARS) == changed_by_t2s() + "\n"


def test_the_gb2312_characters_opencc_changes_are_named() -> None:
    from govinfo._data import read_data
    from govinfo.normalize import GB2312_T2S, T2S_CHARS

    def in_gb2312(char: str) -> bool:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True

    assert "".join(c for c in read_data(T2S_CHARS).strip() if in_gb2312(c)) == GB2312_T2S


def _unusual_by_sets(text: str) -> bool:
    """What :func:`has_unusual` tells, the slow way: a set of every unusual character."""
    from govinfo._data import read_data
    from govinfo.normalize import _INVISIBLE, _TONE_MARKS, T2S_CHARS

    changed = set(read_data(T2S_CHARS).strip())
    return any(
        c in changed or c in _TONE_MARKS or _INVISIBLE.match(c) is not None or ord(c) > 0xFFFF for c in text
    )


_MIXED = st.sampled_from(
    "统计年报告申请公开，。（）１２ＡＢ 　\xa0\u2002—•①"  # simplified, full-width, spaces, punctuation
    "統計報告後於乾麽"  # traditional (and the ones GB2312 has)
    "\u200b\ufeff\ufffd\u00ad\u202a\x01\x7fāǚ\U00020000\ud800"  # invisible, tone marks, beyond the BMP
)


@given(st.lists(_MIXED | st.characters(), max_size=30).map("".join))
def test_has_unusual_finds_every_unusual_character(text: str) -> None:
    assert has_unusual(text) == _unusual_by_sets(text)
