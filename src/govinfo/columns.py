"""Columns of a table aligned with spaces (``pdftotext -layout``, text browsers, inscriptis).

Such a text writes a blank cell as nothing but a wider gap, so a row with a blank cell has fewer
value cells than the table has columns.  Where its cells stand against the full rows around it
tells which columns it left blank: :func:`blank_columns`.  Positions are compared both in
characters (``pdftotext`` places characters) and in display columns (text browsers give a Chinese
character two), as either may be the one the converter aligned by.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence

from .lexer import Cells

TOLERANCE = 1.5  # how far (in characters or display columns) a cell may stand from its column
NEIGHBOURS = 4  # the full rows nearest a short row that it is compared with
REACH = 40  # lines: farther rows may be on another page, laid out anew
MAX_BLANKS = 2  # a row with more blank cells than this is not placed

_TOKEN = re.compile(r"\S+")

Span = tuple[float, float]  # where a cell starts and ends on its line


def blank_columns(row: str, count: int, full_rows: Sequence[str], width: int) -> tuple[int, ...] | None:
    """The columns (0-based, of ``width``) that the line ``row`` leaves blank, its last ``count``
    cells being its values, told by where they stand against the lines ``full_rows`` (nearest
    first; their last ``width`` cells are values); ``None`` unless told for sure.

    In each way of measuring, the full rows that line up with the nearest one must all tell the
    same columns; of the two ways, the one in which more full rows line up is the converter's
    (with as many, the one whose rows tell columns at all).  A column is not blank where the
    row's label reaches into it (a value glued to the label)."""
    if not 0 < width - count <= MAX_BLANKS:
        return None
    readings: list[tuple[int, tuple[int, ...] | None]] = []  # per way: rows lined up, its answer
    for metric in (_chars, _display):
        spans = metric(row)
        table = [full[len(full) - width :] for full in map(metric, full_rows) if len(full) >= width]
        if len(spans) < count or not table:
            continue
        lined_up = [columns for columns in table if _line_up(table[0], columns)]
        label, values = spans[: len(spans) - count], spans[len(spans) - count :]
        told = {_skipped(values, columns, label) for columns in lined_up}
        readings.append((len(lined_up), told.pop() if len(told) == 1 else None))
    most = max((n for n, _answer in readings), default=0)
    answers = {answer for n, answer in readings if n == most and answer is not None}
    return answers.pop() if len(answers) == 1 else None


def _line_up(first: list[Span], columns: list[Span]) -> bool:
    """Whether two full rows' cells stand in the same columns."""
    return all(_distance(a, b) <= TOLERANCE for a, b in zip(first, columns, strict=True))


def _skipped(spans: list[Span], columns: list[Span], label: list[Span]) -> tuple[int, ...] | None:
    """The one set of columns whose leaving out puts every span within :data:`TOLERANCE` of its
    column, in order, with no ``label`` span reaching into them; ``None`` if no set or several do."""
    fits = [
        skipped
        for skipped in itertools.combinations(range(len(columns)), len(columns) - len(spans))
        if all(
            _distance(span, column) <= TOLERANCE
            for span, column in zip(
                spans, [c for i, c in enumerate(columns) if i not in skipped], strict=True
            )
        )
    ]
    if len(fits) != 1 or any(_overlaps(span, columns[i]) for span in label for i in fits[0]):
        return None
    return fits[0]


def _overlaps(span: Span, column: Span) -> bool:
    return span[0] < column[1] + TOLERANCE and column[0] - TOLERANCE < span[1]


def _distance(span: Span, column: Span) -> float:
    """How far a cell stands from a column: by its start, end or centre, whichever is nearest (a
    column's numbers may be aligned left, right or centred)."""
    (a, b), (c, d) = span, column
    return min(abs(a - c), abs(b - d), abs((a + b) - (c + d)) / 2)


def _chars(line: str) -> list[Span]:
    """Where each cell (a run of non-spaces) of ``line`` is, in characters."""
    return [(float(m.start()), float(m.end())) for m in _TOKEN.finditer(line)]


def _display(line: str) -> list[Span]:
    """Where each cell of ``line`` is, in display columns (a wide character takes two)."""
    spans = _chars(line)
    if line.isascii():
        return spans
    widths = (2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    offsets = list(itertools.accumulate(widths, initial=0))
    return [(float(offsets[int(a)]), float(offsets[int(b)])) for a, b in spans]


def aligned_blanks(
    rows: Sequence[Cells], width: int, source: Mapping[int, str]
) -> dict[int, tuple[str, ...]]:
    """For each row of one table (``rows``) with fewer value cells than ``width`` whose line is
    aligned with spaces, its values with blank cells (``""``) where :func:`blank_columns` places
    them, by the row's line number; ``source``: the text of each line by its number."""
    short = [c for c in rows if 0 < width - len(c.values) <= MAX_BLANKS and _aligned(c, source)]
    full = [c for c in rows if len(c.values) == width and _aligned(c, source)] if short else []
    out: dict[int, tuple[str, ...]] = {}
    for cells in short:
        near = sorted(
            (c for c in full if abs(c.line - cells.line) <= REACH), key=lambda c: abs(c.line - cells.line)
        )
        blanks = blank_columns(
            source[cells.line], len(cells.values), [source[c.line] for c in near[:NEIGHBOURS]], width
        )
        if blanks is not None:
            values = iter(cells.values)
            out[cells.line] = tuple("" if i in blanks else next(values) for i in range(width))
    return out


def _aligned(cells: Cells, source: Mapping[int, str]) -> bool:
    """Whether the row is all of one line, its cells separated by spaces, its values its last cells."""
    line = source.get(cells.line)
    if line is None or "\t" in line or "|" in line or not cells.values or "" in cells.values:
        return False
    tokens = line.split()
    return (
        line.strip(" ").endswith(cells.raw)
        and tuple(tokens[len(tokens) - len(cells.values) :]) == cells.values
    )
