"""Table cells → text lines: a full cell grid, one line per row, cells joined by TAB.

This is the shape the ``tsv`` layout of :func:`govinfo.render` writes and the lexer reads: a
merged cell's text sits at its top-left position and every position it covers is an empty string.

>>> grid_lines(expand([[SpanCell("申请人\\n情况", colspan=2)], [SpanCell("自然人"), SpanCell("5")]]))
['申请人情况\\t', '自然人\\t5']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..exceptions import ParseError

__all__ = ["MAX_CELLS", "MAX_COLUMNS", "SpanCell", "clean_cell", "clean_prose", "expand", "grid_lines"]

MAX_COLUMNS = 1000
"""Grid width cap: positions beyond it are dropped (HTML also caps ``colspan`` at 1000)."""
MAX_CELLS = 250_000
"""The most positions a table's grid may have: a bigger table is refused before it is built."""
SPAN_SLACK = 4
"""A colspan reaches at most this many columns beyond the most cells any row of the table has."""

# Characters between which a line break or space is an artefact, not a word gap.
_WIDE = re.compile(
    "[\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffef\U00020000-\U0003134f]"
)
_ANY_SPACE = re.compile(r"\s+")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class SpanCell(NamedTuple):
    """A table cell as written: its text and how many rows and columns it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def _collapse(pattern: re.Pattern[str], text: str) -> str:
    def gap(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if start > 0 and end < len(text) and _WIDE.match(text[start - 1]) and _WIDE.match(text[end]):
            return ""
        return " "

    return pattern.sub(gap, text)


def clean_cell(text: str) -> str:
    """One line of cell text: whitespace dropped between CJK characters, else one space.

    >>> clean_cell("（二）部分公开\\n（区分处理的，\\u3000只计\\t这一情形） ")
    '（二）部分公开（区分处理的，只计这一情形）'
    >>> clean_cell(" 39.11\\n万元 ")
    '39.11 万元'
    """
    return _collapse(_ANY_SPACE, text.strip())


def clean_prose(text: str) -> str:
    """A paragraph as one line: runs of ASCII whitespace collapse as in :func:`clean_cell`.

    No-break and ideographic spaces are kept (as ordinary or ideographic spaces): they are
    written on purpose and may separate columns of a text table.
    """
    return _collapse(_ASCII_SPACE, text.replace("\xa0", " ").strip(" \t\n\r\f\v")).strip()


def expand(rows: Sequence[Sequence[SpanCell]]) -> list[list[str]]:
    """The full rectangular grid of rows of spanned cells (the HTML table model).

    A cell goes to the first free position of its row; rowspans reach down at most to the last
    row (``rowspan=0`` means "to the last row"); spans below 1 count as 1; a colspan reaches at
    most :data:`SPAN_SLACK` columns beyond the most cells a row has (``colspan="999999"`` does not
    push the row's other cells out of the table); width is capped.  A grid of more than
    :data:`MAX_CELLS` positions raises :class:`~govinfo.ParseError` before it is built.
    """
    n = len(rows)
    most = max((len(row) for row in rows), default=0) + SPAN_SLACK
    taken: set[tuple[int, int]] = set()
    placed: list[dict[int, str]] = []
    width = 0
    for r, row in enumerate(rows):
        column = 0
        out: dict[int, str] = {}
        for cell in row:
            while (r, column) in taken:
                column += 1
            if column >= MAX_COLUMNS:
                break
            rowspan = n - r if cell.rowspan == 0 else max(1, min(cell.rowspan, n - r))
            colspan = max(1, min(cell.colspan, most, MAX_COLUMNS - column))
            if len(taken) + rowspan * colspan > MAX_CELLS:
                raise ParseError(
                    f"a table of {n} rows whose cells span over {MAX_CELLS:,} positions: not read"
                )
            out[column] = cell.text
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, column + dc))
            column += colspan
            width = max(width, column)
        placed.append(out)
    if n * width > MAX_CELLS:
        raise ParseError(f"a table of {n} rows × {width} columns is over {MAX_CELLS:,} positions: not read")
    # each row as far as its cells (and cells spanning into it from above) reach: a position no cell
    # covers is not an empty cell (a cell lost to broken markup must not look like a blank one)
    reach = [0] * n
    for r, c in taken:
        if c + 1 > reach[r]:
            reach[r] = c + 1
    return [[out.get(c, "") for c in range(reach[r])] for r, out in enumerate(placed)]


def grid_lines(grid: Sequence[Sequence[str | None]]) -> list[str]:
    """One line per row: cells cleaned with :func:`clean_cell` (``None`` is empty), joined by TAB.

    Short rows stay short: a position no cell covers is not an empty cell.
    """
    return ["\t".join(clean_cell(c) if c else "" for c in row) for row in grid]
