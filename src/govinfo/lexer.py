"""The lexer: normalized lines → typed tokens for the skeleton grammar.

A line is split into cells (tabs, pipes, or runs of spaces); value cells are told apart from
label text; the lexer tracks which table it is in, so the same words (其他, 总计) are read in
context.  Token types are the terminals ``%declare``d in ``grammars/report.lark``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from . import labels
from .normalize import Line, label_key
from .values import NULL_MARKS, VALUE_CELL

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACED_DIGITS = re.compile(r"\d\s+\d")
_GLUED_TAIL = re.compile(r"^(.*[\u3400-\u9fff）)”])(\d{2,})$")
_LEADING_MARKS = re.compile(r"^(?:[?？]+|#{1,6}\s+)")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}")
# Longer than this (in label-key characters) with no values, a line in a table is prose.
PROSE_MIN = 36


class Cells(NamedTuple):
    """A table line: its label text (as a label key), value cells, and where it came from."""

    line: int
    raw: str
    text: str
    values: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Cells(line={self.line}, raw={self.raw!r})"


class Tok(NamedTuple):
    """One classified line: a terminal of ``grammars/report.lark``, its value and source line.

    ``value`` is the line's text for headings, block titles and prose, and :class:`Cells` for
    table lines.  (Lark tokens are made per run of these, not per line: see :mod:`govinfo.parser`.)
    """

    type: str
    value: Any
    line: int


def split_cells(raw: str) -> tuple[list[str], bool]:
    """Split a line into cells; the flag says empty cells are real (tab or pipe layouts).

    Separators are told per line: a TAB in a line whose cells are separated by spaces (a trailing
    TAB, or one TAB after the label) does not make it a TAB row."""
    if "\t" in raw:
        parts = raw.split("\t")
        if _spaces_separate(parts):
            return raw.split(), False
        return parts, True
    if raw.count("|") >= 2:
        inner = raw.strip()
        inner = inner.removeprefix("|").removesuffix("|")
        return inner.split("|"), True
    return raw.split(), False


def _spaces_separate(parts: list[str]) -> bool:
    """Whether a line with TABs has its value cells separated by spaces: at most two parts hold
    text, and one of them has a value after a space (``行政许可   0``, ``… 3 4 5``)."""
    filled = [p for p in parts if p and not p.isspace()]
    if len(filled) > 2:
        return False
    for part in filled:
        words = part.split()
        if len(words) >= 2 and any(_is_value_piece(w) for w in words[1:]):
            return True
    return False


def _strip_marks(stripped: str) -> str:
    if stripped[:1] in _MARK_START:
        return _LEADING_MARKS.sub("", stripped)
    return stripped


@functools.lru_cache(maxsize=8192)
def read_cells(raw: str) -> tuple[str, tuple[str, ...]]:
    """A line's label key and value cells (cached: short value lines repeat within a report)."""
    parts, keep_empty = split_cells(raw)
    if keep_empty:
        return _read_cell_row(parts)
    text: list[str] = []
    values: list[str] = []
    value_cell = VALUE_CELL.match
    last = len(parts) - 1
    for index, part in enumerate(parts):
        piece = part.strip()
        if " " in piece:
            piece = piece.replace(" ", "")
        if not piece:
            continue
        # a value word between two pieces of label text (申 请 人 无 正 当 理 由) is label text
        if ((piece.isdigit() and piece.isascii()) or value_cell(piece)) and (
            not text or values or index == last or _is_value_piece(parts[index + 1])
        ):
            values.append(piece)
            continue
        if piece[-1].isdigit():
            glued = _GLUED_TAIL.match(piece)
            if glued and _CJK.search(glued.group(1)):
                text.append(glued.group(1))
                values.append(glued.group(2))
                continue
        if values and not _CJK.search(piece) and any(ch.isdigit() for ch in piece):
            values.append(piece)  # a number gone wrong after values (93812&nbsp;): a cell in its column
            continue
        if values and all(v in NULL_MARKS for v in values):
            values.clear()  # empty cells and marks before a label are not its row's cells
        text.append(piece)
    if values and not any(values):
        values.clear()
    return (label_key(_without_notes("".join(text))) if text else ""), tuple(values)


def _read_cell_row(parts: list[str]) -> tuple[str, tuple[str, ...]]:
    """The label key and value cells of a TAB or pipe row, where every cell keeps its column.

    The label is the text before the first value (empty cells before it are the gaps of merged
    label columns); a cell after it that is not a value stays a cell in its column (read as
    unreadable), never label text that shifts the cells after it; empty cells are cells."""
    pieces = [p.strip() for p in parts]
    # (empty and plain-number cells, the common ones, told without a call)
    kinds = ["empty" if not p else "value" if p.isdigit() and p.isascii() else _cell_kind(p) for p in pieces]
    if kinds.count("text") >= 2:
        _mark_stray_word(pieces, kinds)
    text: list[str] = []
    values: list[str] = []
    in_values = False
    for piece, kind in zip(pieces, kinds, strict=True):
        if kind == "empty":
            values.append("")
        elif kind == "value" or in_values:
            # a space between two digits is not noise in a cell of its own (74 116): kept, unreadable
            if kind == "value" and " " in piece and not _SPACED_DIGITS.search(piece):
                piece = piece.replace(" ", "")
            values.append(piece)
            in_values = True
        else:
            if values and not any(values):
                values.clear()  # empty cells before a label are label-column gaps
            words = piece.split()
            tail = len(words)
            while tail > 1 and _is_value_piece(words[tail - 1]):
                tail -= 1
            if tail < len(words):
                # label words, then values with spaces between, in one cell (a separator lost):
                # the values stay apart, never glued into one number
                text.append("".join(words[:tail]))
                values.extend(words[tail:])
                in_values = True
                continue
            piece = piece.replace(" ", "")
            glued = _GLUED_TAIL.match(piece) if piece[-1].isdigit() else None
            if glued and _CJK.search(glued.group(1)):
                text.append(glued.group(1))
                values.append(glued.group(2))
                in_values = True
            else:
                text.append(piece)
    if values and not any(values):
        values.clear()
    return (label_key(_without_notes("".join(text))) if text else ""), tuple(values)


def _mark_stray_word(pieces: list[str], kinds: list[str]) -> None:
    """A word in the first value cell (``规章 | 见附件 | 0 | 0``): when the text before it is a whole
    row label of the format and the word holds no label, it is a cell (unreadable), not more label.

    A longer piece of text, or one that completes the label before it (``四、结转下年度继续办 | 理``:
    a PDF converter cut the label cell in two), is more label."""
    if "value" not in kinds:
        return
    first = kinds.index("value")
    texts = [i for i in range(first) if kinds[i] == "text"]
    if len(texts) < 2:
        return
    label = label_key("".join(pieces[i] for i in texts[:-1]))
    word = label_key(pieces[texts[-1]])
    if (
        _is_row_label(label)
        and not _is_row_label(word)
        and 0 < len(word) <= STRAY_WORD_MAX  # (only punctuation, ``）``: the label's own)
        and not _completes_label(label, word)
    ):
        kinds[texts[-1]] = "value"


STRAY_WORD_MAX = 6
"""The longest word in a value cell read as a cell, not label (见附件, 不适用, 详见附件说明)."""


def _completes_label(label: str, word: str) -> bool:
    """Whether ``label + word`` ends with a label of the format that ``label`` alone does not."""
    joined = label + word
    return any(
        joined.endswith(full) and not label.endswith(full)
        for full in (*_ACTIVE_LABELS, *labels.request_aliases())
    )


def _is_row_label(key: str) -> bool:
    """Whether ``key`` ends with a row label of table 二 or holds one of table 三."""
    return bool(key) and (key.endswith(_ACTIVE_LABELS) or _request_labels().search(key) is not None)


def _cell_kind(piece: str) -> str:
    """``value`` for a cell that holds a number or a not-reported mark, or that looks like a
    number gone wrong (digits, no Han characters: ``74 116``); ``text`` for label text; ``empty``."""
    if not piece:
        return "empty"
    if (piece.isdigit() and piece.isascii()) or VALUE_CELL.match(piece):
        return "value"
    if not _CJK.search(piece) and any(ch.isdigit() for ch in piece):
        return "value"
    return "text"


# A bracketed note after some label text (规范性文件（指…）, 行政许可（含备案）): not part of the
# label.  Numbering brackets start a label and one-character notes are units (（元）): both stay.
_NOTE = re.compile(r"(?<=[^\s（(])[（(][^（）()]{2,}[)）]")


def _without_notes(text: str) -> str:
    if "（" not in text and "(" not in text:
        return text
    return _NOTE.sub("", text)


def _is_value_piece(part: str) -> bool:
    piece = part.strip()
    return (piece.isdigit() and piece.isascii()) or bool(VALUE_CELL.match(piece))


def tokens(lines: list[Line]) -> list[Tok]:
    """Classify normalized lines into tokens, tracking the table the text is in.

    Value-only lines that :func:`govinfo.tables.gather` would join to the table line before them
    (one cell per line layouts) are joined here already, so later stages see one line per row.
    """
    region = "front"
    out: list[Tok] = []
    append = out.append
    new = tuple.__new__
    # the table line that small value-only lines join: its index in ``out``, and what joined it
    joins_at = -1
    joined_values: list[str] = []
    joined_raws: list[str] = []
    join_width = 0
    joined_numbers: list[int] = []  # the source line of each joined cell
    # a table 三 row with fewer cells than columns, then one cell to a line: how many it may take
    room = -1
    strays: list[int] = []  # headings one after another that left a table: where they are in ``out``
    stray_region = ""  # the table the first of them left

    layout: list[bool] = []  # whether the text is spaced (an empty line between any two), once known

    def spaced() -> bool:
        if not layout:
            layout.append(_spaced(lines))
        return layout[0]

    def flush(end: int) -> None:
        """Join what was gathered to the row at ``joins_at``; ``end``: the line after it."""
        # (a row with cells of its own gets no blank cells from empty lines between its others)
        layout_spaced = spaced if room < 0 else _not_spaced
        _join(out, joins_at, joined_values, joined_raws, joined_numbers, layout_spaced, end, join_width)

    # (bound methods: the loop runs once per line)
    add_value, add_values = joined_values.append, joined_values.extend
    add_raw, add_number = joined_raws.append, joined_numbers.append
    for number, text in lines:
        stripped = text.strip()
        if not stripped or stripped == "|":
            if joins_at >= 0 and room < 0:  # (a row with cells of its own takes no blank lines)
                # a blank cell written as its own line: a no-break space, spaces, a lone pipe
                # (``fill_row`` drops such blanks again when the row has too many cells)
                add_value("")
                add_raw(stripped)
                add_number(number)
            continue
        if (
            joins_at >= 0
            and stripped.isdigit()
            and stripped.isascii()
            # (a row with some cells takes the rest one to a line only: a TAB or pipe line after
            # it may have lost a blank cell where the converter broke the row)
            and (room < 0 or (len(joined_values) < room and "\t" not in text and "|" not in text))
        ):
            # the common one cell per line case, without classifying the line again
            if "\t" not in text and "|" not in text:
                add_value(stripped)
                add_raw(stripped)
                add_number(number)
                continue
            if text[0] == "\t" and text[1:] == stripped:
                # "\t5": the empty label cell, then the value (Word and PDF copies), as read_cells
                # reads it, without the call
                add_value("")
                add_value(stripped)
                add_raw(text)
                add_number(-1)
                continue
            raw = text.strip(" ")
            values = read_cells(raw)[1]
            if len(values) < join_width:
                add_values(values)
                add_raw(raw)
                add_number(number if len(values) == 1 else -1)  # -1: not one cell per line
                continue
        before = region
        kind, region, value = (_classify_cached if before in _TABLE_REGIONS else _classify)(before, text)
        if strays and not (kind in HEADING_TYPES and len(strays) < _STRAYS_MAX):
            # the line after headings that left a table (a page's running headings between two
            # rows of a table cut by a page break): if it is still that table's, they were stray
            # (the grammar drops them) and the table goes on
            if _continues(stray_region, text):
                for at in strays:
                    heading = out[at]
                    out[at] = new(Tok, ("H_STRAY", heading.value, heading.line))
                kind, region, value = _classify_cached(stray_region, text)
            strays.clear()
        if not kind:
            continue
        if type(value) is tuple:  # a table line
            raw, key, values = value
            width = _JOIN_WIDTH.get(kind, 0)
            small = not key and 0 < len(values) < width
            if small and joins_at >= 0 and out[joins_at].type == kind and room < 0:
                add_values(values)
                add_raw(raw)
                add_number(number if len(values) == 1 else -1)  # -1: not one cell per line
                continue
            if joins_at >= 0 and joined_raws:
                flush(number)
            # a table 三 row (all its rows are as wide) with fewer cells than columns whose other
            # cells follow one to a line (a converter that broke a wrapped label's row)
            partial = kind == "REQUEST_CELLS" and key and 0 < len(values) < width
            joins_at = len(out) if small or (key and not values and width) or partial else -1
            room = width - len(values) if partial else -1
            join_width = width
            append(new(Tok, (kind, new(Cells, (number, raw, key, values)), number)))
            continue
        if joins_at >= 0:
            if joined_raws:
                flush(number)
            joins_at = -1
        if kind in HEADING_TYPES and (strays or (region != before and before in _TABLE_REGIONS)):
            if not strays:
                stray_region = before  # a heading that leaves a table
            strays.append(len(out))
        append(new(Tok, (kind, value, number)))
    if joins_at >= 0 and joined_raws:
        flush(0)
    return out


def _classify(region: str, text: str) -> tuple[str, str, Any]:
    """What a (non-blank) line read in ``region`` is: its token type ("" for a line to skip), the
    region after it, and its value: the stripped text, or ``(raw, key, values)`` for a table line."""
    stripped = _strip_marks(text.strip())
    if not stripped:  # only marks
        return "PROSE", region, stripped
    if stripped[0] in "|-:" and _PIPE_RULE.match(stripped):
        return "", region, stripped
    last = stripped[-1]
    if (
        (last in labels.HEADING_ENDS or not last.isalnum())
        and len(stripped) <= labels.HEADING_MAX
        and (heading := labels.match_heading(stripped)) is not None
    ):
        name = heading[0]
        if region in _TABLE_REGIONS and _ORDER[name] <= _ORDER[region]:
            # a stray or repeated heading inside a table: the grammar drops it; the table goes on
            return _HEADING_TOKEN[name], region, stripped
        return _HEADING_TOKEN[name], name, stripped
    if region == "review" and _EXTRA_HEADING.match(stripped):
        # a numbered heading that is not the template's after table 四 (五、信息处理费收取情况):
        # what follows is not table 四's
        return "PROSE", "extra", stripped
    if (
        region in _BLOCK_REGIONS
        and "条" in stripped
        and labels.BLOCK_TITLE.search(stripped)
        and len(label_key(stripped)) <= 16
    ):
        return "BLOCK", "active", stripped
    if region in _CELL_REGIONS and (
        region not in _PROSE_REGIONS or "申" in stripped or "勾" in stripped  # may start table 三
    ):
        raw = _strip_marks(text.strip(" "))
        key, values = read_cells(raw)
        if region in _REQUEST_START_REGIONS and _starts_requests(key):
            region = "requests"
        elif region == "requests" and _starts_review(key):
            region = "review"
        kind = _CELL_TOKEN.get(region)
        if kind is not None and not _is_prose(region, key, values):
            return kind, region, (raw, key, values)
    return "PROSE", region, stripped


# Table lines repeat from report to report (the labels of the format): their classification is
# cached.  Prose is not, as it rarely repeats.
_classify_cached = functools.lru_cache(maxsize=8192)(_classify)


def _join(
    out: list[Tok],
    index: int,
    values: list[str],
    raws: list[str],
    numbers: list[int],
    spaced: Callable[[], bool],
    end: int,
    width: int,
) -> None:
    """Join the value-only lines ``raws`` (cells ``values``, from source lines ``numbers``) to the
    table line ``out[index]``; ``spaced()``: whether the text puts an empty line between any two
    lines (asked only when it matters); ``end``: the line after the row (0: none); ``width``: the
    most cells a row has."""
    if raws:
        tok = out[index]
        cells = tok.value
        if values and not values[0] and not any(values) and not any(cells.values):
            values.clear()  # only blank lines after a label: no cells (a header, a group label)
        elif numbers and (span := numbers[-1] - cells.line) != len(numbers):
            # not one line after another: empty lines between the cells may have been cells
            tail = end - numbers[-1] if end and not cells.values else 0
            uneven = span != 2 * len(numbers)
            if (uneven or (tail > 2 and tail % 2 == 0)) and -1 not in numbers and spaced():
                _blank_lines_as_cells(cells.line, values, numbers)
                if tail > 2 and tail % 2 == 0:  # empty lines after the last cell that were cells
                    values.extend([""] * max(min(tail // 2 - 1, width - len(values)), 0))
        joined = tuple.__new__(
            Cells, (cells.line, " ".join((cells.raw, *raws)), cells.text, (*cells.values, *values))
        )
        out[index] = tuple.__new__(Tok, (tok.type, joined, tok.line))
        values.clear()
        raws.clear()
    numbers.clear()


def _not_spaced() -> bool:
    return False


def _spaced(lines: list[Line]) -> bool:
    """Whether the text puts an empty line between any two lines (few lines follow the line
    before them directly): then two empty lines in a row in a table hold a blank cell."""
    adjacent = sum(1 for (a, _), (b, _) in itertools.pairwise(lines) if b - a == 1)
    return adjacent * 4 < len(lines)


def _blank_lines_as_cells(first: int, values: list[str], numbers: list[int]) -> None:
    """In a row of one cell per line with an empty line between any two lines, two or more empty
    lines in a row held blank cells: put them back (one empty line between cells is a step of 2)."""
    steps = [b - a for a, b in itertools.pairwise([first, *numbers])]
    if any(step % 2 or step < 2 for step in steps):
        return
    with_blanks: list[str] = []
    for value, step in zip(values, steps, strict=True):
        with_blanks.extend([""] * (step // 2 - 1))
        with_blanks.append(value)
    values[:] = with_blanks


_MARK_START = frozenset("?？#")
_HEADING_TOKEN = {name: f"H_{name.upper()}" for name in labels.SECTION_ORDER}
HEADING_TYPES = frozenset(_HEADING_TOKEN.values())
# Regions where a block title 第二十条第（X）项 may appear (and table 三 may start).
_BLOCK_REGIONS = frozenset({"front", "overview", "active", "requests", "review"})
# Prose regions before the tables: a line there only matters if it starts table 三.
_PROSE_REGIONS = frozenset({"front", "overview"})
# Regions where a line may start table 三.
_REQUEST_START_REGIONS = frozenset({"front", "overview", "active"})
# Regions whose lines are read as cells (front and overview: only those that may start table 三).
_CELL_REGIONS = frozenset({"front", "overview", "active", "requests", "review"})
_CELL_TOKEN = {"active": "ACTIVE_CELLS", "requests": "REQUEST_CELLS", "review": "REVIEW_CELLS"}
_TABLE_REGIONS = frozenset(_CELL_TOKEN)
# Where each region is in the report ("extra": a table that is not the template's, after table 四).
_ORDER = {name: index for index, name in enumerate(("front", *labels.SECTION_ORDER))} | {"extra": 4}
_EXTRA_HEADING = re.compile(r"^[五六七八九十]\s*[、.．]")
_STRAYS_MAX = 3  # headings in a row that may all be stray
# Value-only lines with fewer cells than a row of the table has are pieces of one row.
_JOIN_WIDTH = {
    "ACTIVE_CELLS": labels.ACTIVE_ROW_WIDTH,
    "REQUEST_CELLS": labels.REQUEST_ROW_WIDTH,
    "REVIEW_CELLS": labels.REVIEW_ROW_WIDTH,
}


def _continues(region: str, text: str) -> bool:
    """Whether ``text`` is a row (or block title) of the table of ``region``."""
    kind, _region, value = _classify_cached(region, text)
    if kind == "BLOCK":
        return region == "active"
    if type(value) is not tuple or not value[1]:
        return False
    key = value[1]
    if kind == "ACTIVE_CELLS":
        return bool(key.endswith(_ACTIVE_LABELS))
    if kind == "REQUEST_CELLS":
        return _request_labels().search(key) is not None
    return False


_ACTIVE_LABELS = tuple(labels.ACTIVE_ROW_ALIASES)


@functools.cache
def _request_labels() -> re.Pattern[str]:
    aliases = {*labels.request_aliases(), *labels.REQUEST_GROUPS}
    return re.compile("|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True)))


def _is_prose(region: str, key: str, values: tuple[str, ...]) -> bool:
    """A long line in a table is prose, unless it has values and starts with the table's labels."""
    if not values:
        return len(key) >= PROSE_MIN
    if len(key) <= 2 * PROSE_MIN:
        return False
    return not key.startswith(_LONG_LABEL_STARTS.get(region, ()))


# Label text a long table line with values may start with: table 四's header words.
_LONG_LABEL_STARTS = {"review": ("行政复议", "行政诉讼")}


def _starts_requests(key: str) -> bool:
    return "本列数据的勾稽关系" in key or "申请人情况" in key or "本年新收政府信息公开申请数量" in key


def _starts_review(key: str) -> bool:
    return key.startswith(("行政复议", "行政诉讼")) and "结转" not in key
