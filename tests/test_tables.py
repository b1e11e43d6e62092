"""Row label matching in table 三: the shortcuts of the fuzzy matcher never change its answer."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable

import attrs
from hypothesis import given
from hypothesis import strategies as st

from govinfo import labels, tables
from govinfo.lexer import Cells
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


# --- the shortcuts of join_fragments, gather and short_row_values ------------------------------

_LABELS = ["规章", "规范性", "文件", "规范性文件", "信息内容", "行政许可", "", "其他对外管理服务事项"]
_VALUES = st.lists(st.sampled_from(["", "0", "12", "3405", "x"]), max_size=4).map(tuple)
_CELLS = st.builds(
    lambda line, text, values, tab: Cells(line, ("\t" if tab else " ").join((text, *values)), text, values),
    st.integers(1, 99),
    st.sampled_from(_LABELS),
    _VALUES,
    st.booleans(),
)


def _join_fragments_plain(lines: list[Cells], known: Callable[[str], bool]) -> list[Cells]:
    """join_fragments as it was, line by line."""
    out: list[Cells] = []
    for cells in lines:
        if out and cells.text:
            prev = out[-1]
            if prev.text and not prev.values and not known(prev.text) and not known(cells.text):
                joined = prev.text + cells.text
                if known(joined):
                    out[-1] = prev._replace(text=joined, values=cells.values, raw=f"{prev.raw} {cells.raw}")
                    continue
        out.append(cells)
    return out


def _gather_plain(lines: list[Cells], width: int) -> list[Cells]:
    """gather as it was, without its shortcut."""
    out: list[Cells] = []
    extra: dict[int, list[Cells]] = {}
    accepting = False
    for cells in lines:
        values = cells.values
        if not cells.text and values and len(values) < width:
            if accepting and out:
                extra.setdefault(len(out) - 1, []).append(cells)
                continue
            out.append(cells)
            accepting = True
            continue
        out.append(cells)
        accepting = bool(cells.text) and not values
    for index, joined in extra.items():
        prev = out[index]
        raws = [prev.raw, *(c.raw for c in joined)]
        row_values = [*prev.values, *(v for c in joined for v in c.values)]
        out[index] = prev._replace(values=tuple(row_values), raw=" ".join(raws))
    return out


def _short_row_values_plain(rows: list[Cells]) -> dict[int, tuple[str, ...]]:
    """short_row_values as it was: the cells it reads for each row (by index)."""
    counts: dict[int, int] = {}
    for cells in rows:
        if "\t" in cells.raw and any(cells.values):
            n = cells.raw.count("\t")
            counts[n] = counts.get(n, 0) + 1
    usual = max(counts, key=lambda n: (counts[n], n)) if counts else 0
    out = {}
    for i, cells in enumerate(rows):
        short = counts and min(counts) < usual
        if short and cells.values[:1] == ("",) and "\t" in cells.raw and cells.raw.count("\t") < usual:
            out[i] = tuple(itertools.dropwhile(lambda v: v == "", cells.values))
        else:
            out[i] = cells.values
    return out


@given(st.lists(_CELLS, max_size=12))
def test_join_fragments_shortcut(lines: list[Cells]) -> None:
    """Joining only from label lines without values gives what joining line by line gives."""
    known = {"规章", "规范性文件", "行政许可", "其他对外管理服务事项"}.__contains__
    assert tables.join_fragments(lines, known) == _join_fragments_plain(lines, known)


@given(st.lists(_CELLS, max_size=12), st.integers(1, 7))
def test_gather_shortcut(lines: list[Cells], width: int) -> None:
    assert tables.gather(lines, width) == _gather_plain(lines, width)


@given(st.lists(_CELLS, max_size=12))
def test_short_row_values_shortcut(rows: list[Cells]) -> None:
    values_of = tables.short_row_values(rows)
    assert {i: values_of(c) for i, c in enumerate(rows)} == _short_row_values_plain(rows)
