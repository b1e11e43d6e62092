"""Segmentation: lines cut at the template's labels, for text that lost its line structure.

A crawler dump of a report page (what ``get_text()`` gives) holds the whole body on one line, the
table cells glued with no separators: ``…申请数量 110000011二、上年结转…00000002.其他法律…``.  The
labels of the format are still there, in order; this module finds them in the character stream —
numbered section headings, block titles 第二十条第（X）项, the numbered rows of table 三 — and
cuts a line that holds three or more of them into one line per heading, block title and row
(label text, a space, its run of digits).  A row's numbering glued to the digits of the row before
(``00000002.其他…``) goes back to its label.  Lines of tab- or pipe-separated cells are left alone,
and so is any line with fewer than three labels: a line break is a hint, and where the text kept it,
the lexer reads it as it is.

Cut lines keep the source line number of the line they came from.
"""

from __future__ import annotations

import functools
import itertools
import re

from . import labels
from .normalize import Line

_NUMERALS = "一二三四五六七八九十"
# A run of value cells: numbers (maybe signed, with decimals or a unit) and not-reported marks,
# glued or separated by spaces.  A mark is ``/`` or a dash standing apart from label text.
_CELL = (
    r"(?:[+\-]?\d+(?:\.\d+)?(?:万元|元)?"
    r"|(?<![\u3400-\u9fff])(?:[/／](?![\u3400-\u9fff])|[—－\-]{1,2}(?![\d\u3400-\u9fff])))"
)
_VALUE_RUN = re.compile(rf"{_CELL}(?:[ \u3000]*{_CELL})*")
# Where a run holds cells a reader can tell apart: a sign after a digit starts a signed 2019 change
# cell (``35-15``), and a not-reported mark is a cell of its own (``0/0``).
_SIGN_IN_RUN = re.compile(r"(?<=\d)([+\-](?=\d))")
_MARK_IN_RUN = re.compile(r"\s*([/／]|[—－]{1,2})\s*")
# A row's numbering that starts a label: ``2.``/``2．``/``2、`` after glued digits.
_NUMBERING_HEAD = re.compile(r"[.．、]")
# Every label the segmenter looks for carries a numbering (一、 （二） 3. 第二十条): a line with
# fewer than MIN_ANCHORS of these marks is not searched further.  (Each alternative starts with a
# literal character, so the regex engine scans for those fast.)
_NUMBERING_HINT = re.compile(
    rf"、(?<=[{_NUMERALS}\d]、)|）(?<=[（(][{_NUMERALS}]）)|\)(?<=[（(][{_NUMERALS}]\))|"
    r"\.(?<=\d\.)|．(?<=\d．)|第二十条"
)
# The fewest labels on one line for it to be cut (an aligned text row holds up to two: a group
# label and its first row).
MIN_ANCHORS = 3
# Shorter lines are never cut (a heading with its first words, say).
MIN_LENGTH = 40


@functools.cache
def _section_heading() -> re.Pattern[str]:
    """A numbered section heading anywhere: ``二、主动公开政府信息情况``."""
    titles = sorted({t for ts in labels.SECTION_TITLES.values() for t in ts}, key=len, reverse=True)
    alternation = "|".join(_spaced(t) for t in titles)
    return re.compile(rf"(?:第\s*)?[{_NUMERALS}]\s*(?:部分\s*)?[、.．]\s*(?:{alternation})")


def _spaced(label: str) -> str:
    """A regex for ``label`` that allows spaces between its characters and either comma form."""
    parts = []
    for ch in label:
        if ch in "、，,":
            parts.append("[、，,]?")
        else:
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


@functools.cache
def _row_anchor() -> re.Pattern[str]:
    """A numbered row of table 三 (``（二）部分公开``, ``3.危及…``, ``四、结转下年度…``), a group
    label (``（三）不予公开``), or a block title of table 二."""
    words: set[str] = set()
    for edition in ("2019", "2021"):
        for row in labels.request_rows(edition):
            words.update(labels.REQUEST_ROW_ANCHORS.get(row.path, (_LABEL_NUMBERING.sub("", row.label),)))
    # the group labels, without their numbering (三本年度办理结果 → 本年度办理结果)
    words.update(_LABEL_NUMBERING.sub("", group) for group in labels.REQUEST_GROUPS)
    alternation = "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))
    numbering = rf"(?:[（(]\s*[{_NUMERALS}]\s*[)）]|[{_NUMERALS}]\s*、|\d\s*[.．、])"
    return re.compile(rf"{numbering}\s*(?:{alternation})|{labels.BLOCK_TITLE.pattern}")


_LABEL_NUMBERING = re.compile(rf"^(?:[（(][{_NUMERALS}][)）]|[{_NUMERALS}]、|\d[.．、])")


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many times ``pattern`` occurs in ``text``, counting up to :data:`MIN_ANCHORS`."""
    return sum(1 for _ in zip(range(MIN_ANCHORS), pattern.finditer(text), strict=False))


def _is_cell_layout(text: str) -> bool:
    """A row of TAB- or pipe-separated cells (not cut): no longer than a row can be, as a whole
    page on one line may have a few pipes (a site footer's ``使用帮助 | 联系我们``)."""
    return len(text) <= MAX_ROW and ("\t" in text or text.count("|") >= 2)


MAX_ROW = 1000
"""The most characters a table row written on one line has (a long label and 15 cells)."""


def segment(lines: list[Line], source: str | None = None) -> list[Line]:
    """``lines`` with every line that holds three or more of the template's labels cut at them.

    ``source`` is the text ``lines`` were normalized from, if at hand: the marks are then counted
    in it directly (line numbers are the same), without joining the lines again."""
    dense = _dense_lines(source if source is not None and "\r" not in source else None, lines)
    if not dense:
        return lines
    out: list[Line] = []
    heading = _section_heading()
    anchor = _row_anchor()
    for number, text in lines:
        if number not in dense or len(text) < MIN_LENGTH or _is_cell_layout(text):
            out.append((number, text))
            continue
        headings = list(heading.finditer(text))
        if len(headings) + _count(anchor, text) < MIN_ANCHORS:
            out.append((number, text))
            continue
        out.extend((number, piece) for piece in _cut(text, headings))
    return out


def _dense_lines(source: str | None, lines: list[Line]) -> set[int]:
    """The numbers of the lines with at least :data:`MIN_ANCHORS` numbering marks (one regex scan
    of the whole text: most reports have none)."""
    numbers: list[int] | None = None  # the line number of each line of ``source``, when not 1, 2, …
    if source is None:
        source = "\n".join([text for _number, text in lines])
        numbers = [number for number, _text in lines]
    dense: set[int] = set()
    end = -1  # where the line of the last mark ends
    count = 0
    for hint in _NUMBERING_HINT.finditer(source):
        at = hint.start()
        if at > end:
            end = source.find("\n", at)
            if end < 0:
                end = len(source)
            count = 0
        count += 1
        if count == MIN_ANCHORS:
            index = source.count("\n", 0, at)
            dense.add(numbers[index] if numbers is not None else index + 1)
    return dense


# A bracketed note right after a heading: ``二、主动公开政府信息情况（有关情况附表）``.
_HEADING_NOTE = re.compile(r"\s*[（(][^（）()]{1,20}[)）]")
_TABLE_SECTIONS = frozenset({"active", "requests", "review"})


def _cut(text: str, headings: list[re.Match[str]]) -> list[str]:
    """The pieces of one long line: text before the first heading, each heading, and each
    section's body (prose as one piece; a table's body cut into rows)."""
    pieces: list[str] = []
    bounds = [(m.start(), m.end(), m.group()) for m in headings]
    start = 0
    section: str | None = None
    for begin, end, title in bounds:
        pieces.extend(_body(text[start:begin], section))
        note = _HEADING_NOTE.match(text, end)
        if note:
            title += note.group()
            end = note.end()
        pieces.append(title)
        found = labels.match_heading(title)
        section = found[0] if found else None
        start = end
    pieces.extend(_body(text[start:], section))
    return [p for p in (piece.strip() for piece in pieces) if p]


def _body(text: str, section: str | None) -> list[str]:
    """A section body: prose stays one piece; a table is cut into rows."""
    if not text.strip():
        return []
    if section in _TABLE_SECTIONS:
        return _rows(text, section)
    first = _row_anchor().search(text)
    if first is None or _count(_row_anchor(), text) < MIN_ANCHORS:
        return [text]
    # a table with no heading of its own (the heading was not found): prose, then the rows
    return [text[: first.start()], *_rows(text[first.start() :], None)]


_EXTRA_HEADING = re.compile(rf"[{_NUMERALS}]\s*、")


def _rows(text: str, section: str | None) -> list[str]:
    """A table's body cut into pieces of label text and the run of values after it."""
    out: list[str] = []
    label_start = 0
    for run in _VALUE_RUN.finditer(text):
        start, end = run.start(), run.end()
        if start < label_start:
            continue
        # a label numbered ``2.`` whose digit was glued to the run before it
        if end < len(text) and _NUMBERING_HEAD.match(text, end) and text[end - 1].isdigit():
            end -= 1
            if end <= start:
                continue
        label = text[label_start:start]
        values = _SIGN_IN_RUN.sub(r" \1", _MARK_IN_RUN.sub(r" \1 ", text[start:end].strip()))
        if label.strip() or not out:
            out.extend(_labels(label, section))
        if out:
            out[-1] = f"{out[-1].rstrip()} {values}"
        else:
            out.append(values)
        label_start = end
    out.extend(_labels(text[label_start:], section))
    return out


def _labels(text: str, section: str | None) -> list[str]:
    """Label text cut before each row anchor and around block titles, and before a numbered
    heading that is not the template's (an extra table after table 四)."""
    if not text.strip():
        return []
    cuts = {0, len(text)}
    for m in _row_anchor().finditer(text):
        cuts.add(m.start())
        if labels.BLOCK_TITLE.fullmatch(m.group()):
            cuts.add(m.end())
    if section == "review":
        for m in _EXTRA_HEADING.finditer(text):
            cuts.add(m.start())
    ordered = sorted(cuts)
    return [text[a:b] for a, b in itertools.pairwise(ordered) if text[a:b].strip()]
