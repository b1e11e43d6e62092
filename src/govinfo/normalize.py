"""Normalization: traditional → simplified, pinyin glosses, widths, punctuation, page footers.

Every normalized line keeps its 1-based source line number, so diagnostics point back into the
input.  Whitespace is kept (the lexer needs it to split cells); :func:`label_key` removes it.
"""

from __future__ import annotations

import codecs
import functools
import operator
import re
from collections.abc import Callable, Iterator

from ._data import read_data, write_data
from .drawn import drawn_tables_as_rows, has_ascii_grids, has_box_tables

# Tone-marked pinyin after a Han character: 統(tǒng)計 → 統計.
# (The bracket comes first so that the regex engine scans for brackets, not every character.)
_PINYIN = re.compile(
    r"[(（](?<=[\u3400-\u9fff][(（])[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*[)）]"
)
# Dropped: zero-width characters, BOM, replacement character, soft hyphen, bidirectional marks
# (RLM, LRM, embeddings, isolates), C0 controls other than TAB/LF/CR, DEL, and lone surrogates (a
# ``str`` decoded with ``surrogateescape``).
_INVISIBLE_CHARS = (
    "\u200b\u200c\u200d\u2060\ufeff\ufffd\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Page footers and bare page numbers: "- 4 -", "— 5 —", "第 3 页", "3/10".
_FOOTER = re.compile(
    r"^\s*(?:[-－—–]+\s*\d{1,3}\s*[-－—–]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
# Site boilerplate lines of web copies.
_BOILERPLATE = re.compile(
    r"^\s*(?:扫一扫在手机上?(?:打开|查看)当前页面?|附件下载[:：]?|打印本页|关闭窗口|【?打印】?|【?关闭】?|分享到[:：]?.*|"
    r"(?:字号|字体)[:：]?\s*[大中小]\s*[大中小]?\s*[大中小]?|当前位置[:：].*|首页\s*[>＞].*|"
    r"[?？]+)\s*$"
)
_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20  # ideographic space
_WIDTH[0x00A0] = 0x20  # no-break space
# Keep full-width forms that carry meaning in labels and prose as they are written.
for _c in "（），：；、。“”！？":
    _WIDTH.pop(ord(_c), None)
# The full-width forms to fold (the spaces are replaced separately, as they are the common ones).
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_WIDTH) if c > 0x3000) + "]")
_FOLDED = {chr(c): chr(folded) for c, folded in _WIDTH.items()}
# A tone-marked vowel: the cheap test for whether pinyin glosses may be present at all.
_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONE_MARK = re.compile(f"[{_TONE_MARKS}]")

# Characters dropped when comparing labels: whitespace and punctuation of any width.
_LABEL_DROP = re.compile(r"[\s\u3000()（）\[\]【】〔〕<>《》“”\"'‘’.．。、,，:：;；·•*\-－—_/／|]+")


Line = tuple[int, str]
"""One normalized source line: its 1-based number in the input, and its text."""


@functools.cache
def _t2s() -> Callable[[str], str]:
    import opencc

    converter = opencc.OpenCC("t2s")
    return converter.convert  # type: ignore[no-any-return,unused-ignore]


def _fold_match(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def _fold_spaces(text: str) -> str:
    if "\u3000" in text:
        text = text.replace("\u3000", " ")
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    return text


def _fold(text: str) -> str:
    text = _fold_spaces(text)
    if _FOLDABLE.search(text):
        text = _FOLDABLE.sub(_fold_match, text)
    return text


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC ``t2s`` (only when the text has a character it changes)."""
    if text.isascii() or not has_unusual(text):
        return text
    return _t2s()(text)


# The blocks of the Basic Multilingual Plane where OpenCC t2s changes characters (CJK radicals to
# unified ideographs, and the compatibility ideographs and forms).
_T2S_BLOCKS = ((0x2E80, 0xA000), (0xF900, 0x10000))
T2S_CHARS = "data/t2s_changed.txt"
"""The characters of :data:`_T2S_BLOCKS` that OpenCC t2s changes, shipped as data (so that a
process does not load OpenCC to learn them); ``python -m govinfo.normalize`` writes it anew."""


def changed_by_t2s() -> str:
    """The characters OpenCC t2s changes, in code point order (asks OpenCC: about 15 ms)."""
    chars = [chr(c) for start, end in _T2S_BLOCKS for c in range(start, end)]
    converted = _t2s()("\n".join(chars)).split("\n")
    return "".join(c for c, s in zip(chars, converted, strict=True) if c != s)


@functools.cache
def _unusual_chars() -> frozenset[str]:
    """The characters of :data:`T2S_CHARS` and the invisible ones."""
    return frozenset(read_data(T2S_CHARS).strip("\n")) | frozenset(_class_chars(_INVISIBLE_CHARS))


def _class_chars(spec: str) -> Iterator[str]:
    """The characters of a regex character class's inside (``a-z`` ranges, no escapes)."""
    at = 0
    while at < len(spec):
        if at + 2 < len(spec) and spec[at + 1] == "-":
            yield from map(chr, range(ord(spec[at]), ord(spec[at + 2]) + 1))
            at += 3
        else:
            yield spec[at]
            at += 1


class _Unusual(Exception):
    """Raised by the codec error handler below: the text has a character that calls for more."""


def _screen(error: UnicodeError) -> tuple[str, int]:
    """The error handler of :func:`has_unusual`: a character GB2312 does not have is unusual if
    it is invisible, OpenCC t2s changes it, or it lies beyond the Basic Multilingual Plane."""
    assert isinstance(error, UnicodeEncodeError)
    chars = error.object[error.start : error.end]
    if not _unusual_chars().isdisjoint(chars) or any(c > "\uffff" for c in chars):
        raise _Unusual
    return "", error.end


codecs.register_error("govinfo.unusual", _screen)

# The characters of T2S_CHARS that GB2312 has (tests/test_normalize.py keeps the two in step).
GB2312_T2S = "乾吒夥後徵拚捱摺於榘菸薹袷醣麴麽"
# The unusual characters GB2312 has: those, tone marks, C0 controls.
_GB2312_UNUSUAL = re.compile(f"[{GB2312_T2S}{_TONE_MARKS}\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_unusual(text: str) -> bool:
    """Whether ``text`` has a character that calls for more than folding: an invisible one, a tone
    mark, one OpenCC t2s changes, or one beyond the Basic Multilingual Plane.

    One pass of the GB2312 encoder (in C) screens the text, since a simplified text is nearly all
    GB2312; the characters it lacks go to :func:`_screen`.  (A big character class in a regex
    costs milliseconds to compile in each new process.)"""
    return _beyond_gb2312(text) or _GB2312_UNUSUAL.search(text) is not None


def _beyond_gb2312(text: str) -> bool:
    """Whether ``text`` has an unusual character that GB2312 does not have."""
    try:
        text.encode("gb2312", "govinfo.unusual")
    except _Unusual:
        return True
    return False


# The unusual characters GB2312 has and the full-width forms that fold: one scan rules out both.
_GB2312_SPECIAL = re.compile(_GB2312_UNUSUAL.pattern[:-1] + _FOLDABLE.pattern[1:])


def normalize_text(text: str) -> list[Line]:
    """Normalize ``text`` into numbered lines; empty lines, page footers and site boilerplate are
    dropped (lines of only whitespace are kept: the lexer drops them)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        # the spaces first (no-break spaces, common in web copies, are not GB2312's: the screen of
        # has_unusual would stop at each); then whether anything needs more (most texts: nothing)
        text = _fold_spaces(text)
        if has_box_tables(text) or has_ascii_grids(text):
            # (before t2s, which converts by phrase: a row's wrapped cells are joined first)
            text = drawn_tables_as_rows(text)
        unusual = _beyond_gb2312(text)
        special = None if unusual else _GB2312_SPECIAL.search(text)
        if unusual or special is not None:
            if special is not None:
                unusual = _GB2312_UNUSUAL.search(text, special.start()) is not None
            if unusual:
                text = _INVISIBLE.sub("", text)
                if _TONE_MARK.search(text):
                    text = _PINYIN.sub("", text)
                text = _t2s()(text)
            text = _fold(text)
    if "&nbsp;" in text:
        text = _GLUED_NBSP.sub(" ", text)
    if _NOISE_HINT.search(text):
        text = _drop_noise(text)
    return list(filter(_TEXT, enumerate(text.split("\n"), start=1)))


_TEXT = operator.itemgetter(1)

# The entity text ``&nbsp;`` glued to a word or number in a text copy is a space; standing alone it
# is a blank cell (read as "not reported").
_GLUED_NBSP = re.compile(r"&nbsp;(?=\S)|(?<=\S)&nbsp;")
# Where a page footer or a line of boilerplate may be: only the lines these occur in are tested.
# (Every alternative starts with a literal character, so the regex engine scans for those fast;
# a footer ``3/10`` is found by its slash, as digits are everywhere in a report.)
_NOISE_HINT = re.compile(
    r"-[^\S\n]*\d|－[^\S\n]*\d|—[^\S\n]*\d|–[^\S\n]*\d|第[^\S\n]*\d|/|"
    r"扫一扫|附件下载|打印|关闭|分享到|字号|字体|当前位置|首页|\?|？"
)


def _drop_noise(text: str) -> str:
    """``text`` with its page-footer and boilerplate lines emptied (line numbers are kept)."""
    kept: list[str] = []
    position = 0
    for hint in _NOISE_HINT.finditer(text):
        at = hint.end() - 1
        start = text.rfind("\n", 0, at) + 1
        if start < position:
            continue  # a line already tested
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        line = text[start:end]
        if _is_noise(line):
            kept.append(text[position:start])
        elif (lead := _FOOTER_LEAD.match(line)) is not None:
            # a page number on a table row's line (a PDF's text sorted by position): spaces
            kept.append(text[position:start] + " " * lead.end() + line[lead.end() :])
        else:
            kept.append(text[position:end])
        position = end
    kept.append(text[position:])
    return "".join(kept)


# A page number at the start of a line, a wide gap before the rest: the footer and a table row at
# one height of the page, on one line of text sorted by position.
# (A footer's number has at most one space on each side: ``— 4 —   0`` is a row of cells.)
_FOOTER_LEAD = re.compile(r"^\s*(?:[-－—–]+ ?\d{1,3} ?[-－—–]+|第 ?\d{1,3} ?页)(?=\s{3,}\S)")


def _is_noise(raw: str) -> bool:
    """A page footer or a line of site boilerplate (not a bare number)."""
    return not raw.strip().isdigit() and bool(_FOOTER.match(raw) or _BOILERPLATE.match(raw))


@functools.lru_cache(maxsize=16384)
def label_key(text: str) -> str:
    """The comparison form of a label: widths folded, whitespace and punctuation removed."""
    return _LABEL_DROP.sub("", _fold(text))


def clean_prose(text: str) -> str:
    """A prose paragraph as stored in the model: trimmed, inner runs of spaces kept."""
    return text.strip(" \t\u3000")


def main() -> int:
    """Write :data:`T2S_CHARS` anew from the installed OpenCC."""
    print(f"wrote {write_data(T2S_CHARS, changed_by_t2s() + chr(10))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
