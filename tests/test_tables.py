"""Row label matching in table 三: the shortcuts of the fuzzy matcher never change its answer."""

from __future__ import annotations

import difflib

import attrs
from hypothesis import given
from hypothesis import strategies as st

from govinfo import labels, tables
from govinfo.model import APPLICANTS, LEGAL_PERSONS, ApplicantCounts
from govinfo.normalize import label_key

ROW_KEYS = sorted(
    {k for edition in ("2019", "2021") for row in labels.request_rows(edition) for k in row.keys}
)
HEADER_WORDS = [
    *(label_key(a.metadata["label"]) for a in attrs.fields(ApplicantCounts)),
    label_key(APPLICANTS),
    label_key(LEGAL_PERSONS),
    *labels.REQUEST_HEADER_WORDS,
]


def _brute_force(key: str) -> tuple[str, str] | None:
    """The fuzzy stage as plain difflib over every row and every skip, no shortcuts."""
    best: tuple[float, str] | None = None
    for full, path in tables._row_cores().items():
        for skip in range(3):
            core = tables._NUMBERING.sub("", key[skip:])
            ratio = difflib.SequenceMatcher(None, core, full, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, path)
    return (best[1], "fuzzy") if best is not None and best[0] >= tables.FUZZY_MIN else None


def _edit(text: str, data: st.DataObject) -> str:
    """``text`` with a few characters dropped, doubled or replaced (typos, extraction damage)."""
    chars = list(text)
    for _ in range(data.draw(st.integers(0, 3))):
        if not chars:
            break
        i = data.draw(st.integers(0, len(chars) - 1))
        op = data.draw(st.sampled_from(["drop", "double", "replace"]))
        if op == "drop":
            del chars[i]
        elif op == "double":
            chars.insert(i, chars[i])
        else:
            chars[i] = data.draw(st.sampled_from("的一不了人在有申请公开信息机关"))
    return "".join(chars)


@given(st.data())
def test_fuzzy_shortcuts_agree_with_plain_difflib(data: st.DataObject) -> None:
    pieces = data.draw(st.lists(st.sampled_from(ROW_KEYS + HEADER_WORDS), min_size=1, max_size=3))
    key = _edit("".join(pieces), data)
    got = tables.match_request_row.__wrapped__(key)
    if got is None or got[1] == "fuzzy":
        expected = _brute_force(key) if len(key) >= 5 and key not in tables._GROUP_KEYS else None
        assert got == expected, key


def test_header_lines_are_not_rows() -> None:
    for key in [
        "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和申请人情况",
        "科研机构社会公益组织",
    ]:
        assert tables.match_request_row(key) is None
