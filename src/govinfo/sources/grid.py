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
_WIDE_CHARS = (
    "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffef\U00020000-\U0003134f"
)
# A space (the gap left by a run of white space) between two of them: found by its space first.
_WIDE_GAP = re.compile(f" (?<=[{_WIDE_CHARS}] )(?=[{_WIDE_CHARS}])")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class SpanCell(NamedTuple):
    """A table cell as written: its text and how many rows and columns it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def _joined(parts: list[str]) -> str:
    """The pieces of a text between its runs of white space, joined: by nothing between two CJK
    characters, else by one space."""
    if len(parts) == 1:
        return parts[0]
    return _WIDE_GAP.sub("", " ".join(parts))


def clean_cell(text: str) -> str:
    """One line of cell text: whitespace dropped between CJK characters, else one space.

    >>> clean_cell("（二）部分公开\\n（区分处理的，\\u3000只计\\t这一情形） ")
    '（二）部分公开（区分处理的，只计这一情形）'
    >>> clean_cell(" 39.11\\n万元 ")
    '39.11 万元'
    """
    parts = text.split()
    return _joined(parts) if parts else ""


def clean_prose(text: str) -> str:
    """A paragraph as one line: runs of ASCII whitespace collapse as in :func:`clean_cell`.

    No-break and ideographic spaces are kept (as ordinary or ideographic spaces): they are
    written on purpose and may separate columns of a text table.
    """
    return _joined(_ASCII_SPACE.split(text.replace("\xa0", " ").strip(" \t\n\r\f\v"))).strip()


def expand(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[list[str]]:
    """The full rectangular grid of rows of spanned cells (the HTML table model): :class:`SpanCell`\\ s
    or ``(text, rowspan, colspan)`` tuples.

    A cell goes to the first free position of its row; rowspans reach down at most to the last
    row (``rowspan=0`` means "to the last row"); spans below 1 count as 1; a colspan reaches at
    most :data:`SPAN_SLACK` columns beyond the most cells a row has (``colspan="999999"`` does not
    push the row's other cells out of the table); width is capped.  A grid of more than
    :data:`MAX_CELLS` positions raises :class:`~govinfo.ParseError` before it is built.
    """
    n = len(rows)
    most = max((len(row) for row in rows), default=0) + SPAN_SLACK
    taken: list[set[int]] = [set() for _ in range(n)]  # the columns covered in each row
    count = 0  # positions covered
    # each row as far as its cells (and cells spanning into it from above) reach: a position no cell
    # covers is not an empty cell (a cell lost to broken markup must not look like a blank one)
    reach = [0] * n
    placed: list[list[tuple[int, str]]] = []
    width = 0
    for r, row in enumerate(rows):
        here = taken[r]
        column = 0
        out: list[tuple[int, str]] = []
        for text, rowspan, colspan in row:
            while column in here:
                column += 1
            if column >= MAX_COLUMNS:
                break
            if rowspan != 1 or colspan != 1:
                rowspan = n - r if rowspan == 0 else max(1, min(rowspan, n - r))
                colspan = max(1, min(colspan, most, MAX_COLUMNS - column))
            if count + rowspan * colspan > MAX_CELLS:
                raise ParseError(
                    f"a table of {n} rows whose cells span over {MAX_CELLS:,} positions: not read"
                )
            out.append((column, text))
            end = column + colspan
            if rowspan == 1 and colspan == 1:
                here.add(column)
                count += 1
                if end > reach[r]:
                    reach[r] = end
            else:
                for below in range(r, r + rowspan):
                    columns = taken[below]
                    before = len(columns)
                    columns.update(range(column, end))
                    count += len(columns) - before
                    if end > reach[below]:
                        reach[below] = end
            column = end
            if column > width:
                width = column
        placed.append(out)
    if n * width > MAX_CELLS:
        raise ParseError(f"a table of {n} rows × {width} columns is over {MAX_CELLS:,} positions: not read")
    grid: list[list[str]] = []
    for r, out in enumerate(placed):
        line = [""] * reach[r]
        for column, text in out:
            line[column] = text
        grid.append(line)
    return grid


def grid_lines(grid: Sequence[Sequence[str | None]]) -> list[str]:
    """One line per row: cells cleaned with :func:`clean_cell` (``None`` is empty), joined by TAB.

    Short rows stay short: a position no cell covers is not an empty cell.
    """
    return ["\t".join(clean_cell(c) if c else "" for c in row) for row in grid]
