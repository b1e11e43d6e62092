"""Rows of table 三 that a text converter moved apart, put back together.

PDF converters print a table's cells in the order they find them on the page, which is not always
a row after a row.  Each shape here is told by the table's own arithmetic (in each row the 总计 is
the sum of the other cells), never by the converter's name:

:func:`rejoin_totals`
    a row one cell short whose 总计 was printed lines below, beside the wrapped label's text
    (``pdftotext -layout``);
:func:`by_columns`
    a page's row labels, then its cells column by column (pdfminer);
:func:`unstack`
    the values of rows whose labels were printed elsewhere, right after the row before (pdftotext).

They work on the events of table 三's assembly (:mod:`govinfo.tables`): ``(row path, cells,
line)``, the path ``None`` where no row label was read, the cells ``None`` for a label alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

from .diagnostics import Code
from .labels import REQUEST_ROW_WIDTH as ROW_WIDTH
from .lexer import Cells
from .solve import Sink, SumGroups

Event = tuple[str | None, Cells | None, int]  # a row's path (None: not known), its values, its line

ROW_SUM = SumGroups((tuple(range(ROW_WIDTH)),))
"""Table 三's row arithmetic: the 总计 is the sum of the other cells."""


def rejoin_totals(events: list[Event]) -> list[Event]:
    """A row of table 三 one cell short whose 总计 was printed on a later line, with the wrapped
    label's text (``pdftotext -layout``, when the 总计 cell is aligned otherwise than the others):
    a line of one value and no row label, the first line with values after the row, is its 总计
    when it is the sum of the row's cells."""
    out: list[Event] = []
    short: int | None = None  # where in ``out`` a row one cell short is, while it may be rejoined
    for path, cells, line in events:
        if cells is None:
            out.append((path, cells, line))
            continue
        if short is not None and path is None and len(cells.values) == 1:
            row_path, row, row_line = out[short]
            assert row is not None
            if _keeps_sum((*row.values, cells.values[0])):
                out[short] = (row_path, row._replace(values=(*row.values, cells.values[0])), row_line)
                short = None
                continue
        short = len(out) if len(cells.values) == ROW_WIDTH - 1 else None
        out.append((path, cells, line))
    return out


def _keeps_sum(row: tuple[str, ...]) -> bool:
    """Whether ``row`` is a row of table 三 in plain counts that keeps its sum (:data:`ROW_SUM`)."""
    return all(v.isdigit() and v.isascii() for v in row) and ROW_SUM(tuple(map(int, row))) is not None


def unstack(events: list[Event]) -> list[Event]:
    """Split a row that holds the values of several rows of table 三 (a whole multiple of its
    width, each row's worth keeping its sum): the first are the row's own, the others are value
    rows without a label (paired by :func:`govinfo.tables._pair`).  A converter that moved
    wrapped label cells elsewhere (pdftotext) prints their rows' values right after the values
    of the row before."""
    out: list[Event] = []
    for path, cells, line in events:
        rows = None if cells is None else _stacked_rows(cells.values)
        if cells is None or rows is None:
            out.append((path, cells, line))
            continue
        out.append((path, cells._replace(values=rows[0]), line))
        out.extend((None, Cells(cells.line, " ".join(row), "", row), cells.line) for row in rows[1:])
    return out


def _stacked_rows(values: tuple[str, ...]) -> list[tuple[str, ...]] | None:
    """``values`` cut into rows of table 三, when they are two or more whole rows of plain counts,
    each keeping its sum, and not also as many rows read down the columns that keep theirs;
    else ``None``."""
    rows, down = _row_readings(values)
    return rows if rows is not None and (down is None or down == rows) else None


def _row_readings(
    values: tuple[str, ...],
) -> tuple[list[tuple[str, ...]] | None, list[tuple[str, ...]] | None]:
    """``values`` as two or more rows of table 三 read across (a row after a row) and read down
    (a column after a column); each reading ``None`` unless every row keeps its sum."""
    count = len(values) // ROW_WIDTH
    if count < 2 or len(values) % ROW_WIDTH:
        return None, None
    across = [values[i : i + ROW_WIDTH] for i in range(0, len(values), ROW_WIDTH)]
    down = [values[r::count] for r in range(count)]
    return (across if all(map(_keeps_sum, across)) else None), (down if all(map(_keeps_sum, down)) else None)


def by_columns(
    events: list[Event], order: Mapping[str, int], row_keys: Callable[[str], Sequence[str]], sink: Sink
) -> list[Event]:
    """Rows of table 三 printed column by column (pdfminer: the labels of a page's rows, then each
    column's cells): a run of row labels without values, then a line holding as many rows' worth of
    cells as there are labels (the last label may be its own), is read down the columns when every
    row so read keeps its sum, and across does not (or reads the same)."""
    out: list[Event] = []
    labels_at = 0  # where in ``out`` the run of labels without values starts
    for path, cells, line in events:
        if cells is None:
            out.append((path, cells, line))
            continue
        run = out[labels_at:]
        named = [(p, at) for p, _c, at in run] + ([(path, line)] if path is not None else [])
        read = _read_down(cells, [p for p, _at in named], order)
        if read is None:
            out.append((path, cells, line))
            labels_at = len(out)
            continue
        del out[labels_at:]
        out.extend(
            (p, cells._replace(line=at, values=row), at) for (p, at), row in zip(named, read, strict=True)
        )
        labels_at = len(out)
        sink.add(
            Code.TABLE_BY_COLUMNS,
            f"table 三: {len(read)} rows printed column by column, read down the columns "
            f"({named[0][0]} … {named[-1][0]})",
            line,
            [k for p, _at in named if p is not None for k in row_keys(p)],
        )
    return out


def _read_down(
    cells: Cells, paths: list[str | None], order: Mapping[str, int]
) -> list[tuple[str, ...]] | None:
    """The rows ``paths`` (in the format's order, each once) read down the columns of ``cells``."""
    if len(paths) < 2 or len(cells.values) != len(paths) * ROW_WIDTH:
        return None
    places = [order.get(p, -1) if p is not None else -1 for p in paths]
    if min(places) < 0 or any(b <= a for a, b in itertools.pairwise(places)):
        return None
    across, down = _row_readings(cells.values)
    return down if down is not None and (across is None or across == down) else None
