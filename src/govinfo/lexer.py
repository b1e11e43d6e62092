"""The lexer: normalized lines → typed tokens for the skeleton grammar.

A line is split into cells (tabs, pipes, or runs of spaces); value cells are told apart from
label text; the lexer tracks which table it is in, so the same words (其他, 总计) are read in
context.  Token types are the terminals ``%declare``d in ``grammars/report.lark``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrs import frozen
from lark import Token

from . import labels
from .normalize import Line, label_key
from .values import is_value

_CJK = re.compile(r"[\u3400-\u9fff]")
_GLUED_TAIL = re.compile(r"^(.*[\u3400-\u9fff）)”])(\d{2,})$")
_LEADING_MARKS = re.compile(r"^(?:[?？]+|#{1,6}\s+)")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}")
# Longer than this (in label-key characters) with no values, a line in a table is prose.
PROSE_MIN = 36


@frozen(repr=False)
class Cells:
    """A table line: its label text (as a label key), value cells, and where it came from."""

    line: int
    raw: str
    text: str
    values: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Cells(line={self.line}, raw={self.raw!r})"


def split_cells(raw: str) -> tuple[list[str], bool]:
    """Split a line into cells; the flag says empty cells are real (tab or pipe layouts)."""
    if "\t" in raw:
        return raw.split("\t"), True
    if raw.count("|") >= 2:
        inner = raw.strip()
        inner = inner.removeprefix("|").removesuffix("|")
        return inner.split("|"), True
    return raw.split(), False


def cells_of(line: Line) -> Cells:
    """Read one line as label text plus value cells."""
    raw = _LEADING_MARKS.sub("", line.text.strip(" "))
    parts, keep_empty = split_cells(raw)
    text: list[str] = []
    values: list[str] = []
    for part in parts:
        piece = part.strip().replace(" ", "")
        if not piece:
            if keep_empty:
                values.append("")
            continue
        if is_value(piece):
            values.append(piece)
            continue
        glued = _GLUED_TAIL.match(piece)
        if glued and _CJK.search(glued.group(1)):
            text.append(glued.group(1))
            values.append(glued.group(2))
            continue
        if not any(values):
            values.clear()  # empty cells before a label are label-column gaps
        text.append(piece)
    if not any(values):
        values.clear()
    return Cells(line.number, raw, label_key("".join(text)), tuple(values))


def _has_marker(key: str, markers: tuple[str, ...]) -> bool:
    return any(m in key for m in markers)


def tokens(lines: list[Line]) -> Iterator[Token]:
    """Classify normalized lines into tokens, tracking the table the text is in."""
    region = "front"
    for line in lines:
        stripped = _LEADING_MARKS.sub("", line.text.strip())
        if _PIPE_RULE.match(stripped):
            continue
        heading = labels.match_heading(stripped)
        if heading is not None:
            name, _numeral = heading
            region = name
            yield _tok(f"H_{name.upper()}", stripped, line)
            continue
        if (
            region in ("front", "overview", "active", "requests", "review")
            and labels.BLOCK_TITLE.search(stripped)
            and len(label_key(stripped)) <= 16
        ):
            region = "active"
            yield _tok("BLOCK", stripped, line)
            continue
        cells = cells_of(line)
        key = cells.text
        if region in ("front", "overview", "active") and _starts_requests(key, cells):
            region = "requests"
        elif region in ("requests",) and _starts_review(key):
            region = "review"
        if region == "active":
            kind = "ACTIVE_CELLS"
        elif region == "requests":
            kind = "REQUEST_CELLS"
        elif region == "review":
            kind = "REVIEW_CELLS"
        else:
            yield _tok("PROSE", stripped, line)
            continue
        if not cells.values and len(key) >= PROSE_MIN:
            yield _tok("PROSE", stripped, line)
            continue
        if cells.values and len(key) > 2 * PROSE_MIN:
            yield _tok("PROSE", stripped, line)
            continue
        yield _tok(kind, cells, line)


def _starts_requests(key: str, cells: Cells) -> bool:
    if _has_marker(key, ("本列数据的勾稽关系", "申请人情况")):
        return True
    return "本年新收政府信息公开申请数量" in key


def _starts_review(key: str) -> bool:
    return key.startswith(("行政复议", "行政诉讼")) and "结转" not in key


def _tok(kind: str, value: object, line: Line) -> Token:
    return Token(kind, value, line=line.number, column=1)
