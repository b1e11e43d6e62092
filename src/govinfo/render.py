"""Render a report as text: the official layout, and the shapes real copies of a report take.

``render(report, layout)`` writes one of :data:`LAYOUTS`:

``text``
    The official layout as a clean document; tables as rows of columns separated by two or more
    spaces and aligned by display width (CJK characters count 2); a merged cell is written once, on
    its first row, and the positions it covers are blank; ``None`` is ``/``.
``lines``
    One cell, heading or paragraph per line, a blank line between them (a web-page copy).
``tsv``
    Tables as tab-separated rows of the full grid: a merged cell's text in its top-left position,
    the positions it covers empty (a Word/PDF copy); ``None`` is an empty cell.
``markdown``
    ``#`` title, ``##`` sections, ``###`` sub-headings; pipe tables (``None`` is an empty cell).
``html``
    A standalone page whose tables have the official rowspan/colspan structure.
``glued``
    The cells of each table row concatenated with no separator, a row a line; ``None`` is ``/``.
``dump``
    A crawler's text dump of the report page (what ``get_text()`` gives): the title and
    ``发布日期`` lines, then the whole body on one line — headings, paragraphs, table header texts,
    row labels and value cells run together with no separator; ``None`` is the empty string.

Every layout starts with the title (``meta.title``, else ``{agency}{year}年政府信息公开工作年度报告``),
then ``发布日期：YYYY-MM-DD`` when the publication date is known, then the 统计期限 sentence when
the period is known.  Text sections keep their heading as written (the official one when it is
``None``) and are left out when entirely empty; the tables follow the edition and are left out
when it is unknown.  ``script="traditional"`` converts the whole output with OpenCC ``s2t``.
"""

from __future__ import annotations

import datetime
import functools
import html
import unicodedata
from collections.abc import Callable, Iterator, Sequence

import attrs

from .layout import Cell, Row, Table, active_table, label, requests_table, review_table
from .model import INFO_CONTENT, Report, Section

__all__ = ["LAYOUTS", "SCRIPTS", "render"]

LAYOUTS: tuple[str, ...] = ("text", "lines", "tsv", "markdown", "html", "glued", "dump")
SCRIPTS: tuple[str, ...] = ("simplified", "traditional")

# --- Texts of the official format that are not model fields ----------------------------------
# (Section headings, row, column and block labels come from the model's field metadata; the
# tables' header texts from :mod:`govinfo.model`.)

TITLE_SUFFIX = "政府信息公开工作年度报告"
PUBLICATION_DATE_PREFIX = "发布日期："
PERIOD_SENTENCE = "本报告中所列数据的统计期限自{start}起至{end}止。"

NOT_REPORTED = "/"
"""How ``None`` is written where a cell cannot be left empty (``text``, ``lines``, ``glued``)."""

_COLUMN_GAP = "  "


@attrs.frozen
class _Heading:
    text: str
    level: int  # 1 title, 2 section, 3 sub-heading


@attrs.frozen
class _Paragraph:
    text: str


_Item = _Heading | _Paragraph | Table


# --- values and labels -------------------------------------------------------------------------


def _chinese_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _title(report: Report) -> str:
    meta = report.meta
    if meta.title:
        return meta.title
    year = f"{meta.year}年" if meta.year is not None else ""
    return f"{meta.agency or ''}{year}{TITLE_SUFFIX}"


def _heading(name: str) -> str:
    """The official heading of a ``Report`` field (from its metadata)."""
    return label(getattr(attrs.fields(Report), name))


# --- the document as items ---------------------------------------------------------------------


def _section(section: Section, name: str) -> Iterator[_Item]:
    if section.heading is None and not section.paragraphs and not section.subsections:
        return
    yield _Heading(section.heading or _heading(name), 2)
    yield from (_Paragraph(p) for p in section.paragraphs)
    for sub in section.subsections:
        yield _Heading(sub.heading, 3)
        yield from (_Paragraph(p) for p in sub.paragraphs)


def _items(report: Report) -> Iterator[_Item]:
    meta = report.meta
    yield _Heading(_title(report), 1)
    if meta.publication_date is not None:
        yield _Paragraph(f"{PUBLICATION_DATE_PREFIX}{meta.publication_date.isoformat()}")
    if meta.statistics_period is not None:
        period = meta.statistics_period
        yield _Paragraph(
            PERIOD_SENTENCE.format(start=_chinese_date(period.start), end=_chinese_date(period.end))
        )
    yield from _section(report.overview, "overview")
    if report.active is not None:
        yield _Heading(_heading("active"), 2)
        yield active_table(report.active)
    if report.requests is not None:
        yield _Heading(_heading("requests"), 2)
        yield requests_table(report.requests)
    if report.review_litigation is not None:
        yield _Heading(_heading("review_litigation"), 2)
        yield review_table(report.review_litigation)
    yield from _section(report.problems, "problems")
    yield from _section(report.other_matters, "other_matters")


# --- grid geometry -----------------------------------------------------------------------------


def _place(rows: Sequence[Row]) -> tuple[list[list[tuple[int, Cell]]], int]:
    """Each row's ``(column, cell)`` pairs after rowspans from above, and the grid width."""
    taken: set[tuple[int, int]] = set()
    placed: list[list[tuple[int, Cell]]] = []
    width = 0
    for r, row in enumerate(rows):
        column = 0
        out: list[tuple[int, Cell]] = []
        for cell in row:
            while (r, column) in taken:
                column += 1
            out.append((column, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, column + dc))
            column += cell.colspan
            width = max(width, column)
        placed.append(out)
    return placed, width


def _grid(rows: Sequence[Row]) -> list[list[Cell | None]]:
    """The full rectangular grid: each cell at its top-left position, covered positions ``None``."""
    placed, width = _place(rows)
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    for r, cells in enumerate(placed):
        for column, cell in cells:
            grid[r][column] = cell
    return grid


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fixed_width(rows: Sequence[Row], missing: str) -> list[str]:
    """Rows aligned in columns (two spaces apart); spanned cells use their columns' total width."""
    placed, width = _place(rows)
    widths = [0] * width
    spanned: list[tuple[int, Cell, str]] = []
    for cells in placed:
        for column, cell in cells:
            text = missing if cell.text is None else cell.text
            if cell.colspan == 1:
                widths[column] = max(widths[column], _display_width(text))
            else:
                spanned.append((column, cell, text))
    for column, cell, text in sorted(spanned, key=lambda s: s[1].colspan):
        span = range(column, column + cell.colspan)
        room = sum(widths[c] for c in span) + len(_COLUMN_GAP) * (cell.colspan - 1)
        widths[span[-1]] += max(0, _display_width(text) - room)
    lines = []
    for cells in placed:
        starts = dict(cells)
        parts: list[str] = []
        column = 0
        while column < width:
            start = starts.get(column)
            if start is None:
                parts.append(" " * widths[column])
                column += 1
                continue
            span = range(column, column + start.colspan)
            room = sum(widths[c] for c in span) + len(_COLUMN_GAP) * (start.colspan - 1)
            text = missing if start.text is None else start.text
            pad = " " * (room - _display_width(text))
            parts.append(pad + text if start.kind == "value" else text + pad)
            column += start.colspan
        lines.append(_COLUMN_GAP.join(parts).rstrip())
    return lines


# --- layouts -----------------------------------------------------------------------------------


def _cell_text(cell: Cell | None, missing: str) -> str:
    if cell is None:
        return ""
    return missing if cell.text is None else cell.text


def _render_text(items: Sequence[_Item]) -> str:
    out = []
    for item in items:
        if isinstance(item, Table):
            out.append("\n".join(_fixed_width(item.rows, NOT_REPORTED)))
        else:
            out.append(item.text)
    return "\n\n".join(out) + "\n"


def _render_lines(items: Sequence[_Item]) -> str:
    out: list[str] = []
    for item in items:
        if isinstance(item, Table):
            out.extend(_cell_text(cell, NOT_REPORTED) for row in item.rows for cell in row)
        else:
            out.append(item.text)
    return "\n\n".join(out) + "\n"


def _render_tsv(items: Sequence[_Item]) -> str:
    out = []
    for item in items:
        if isinstance(item, Table):
            grid = _grid(item.rows)
            out.append("\n".join("\t".join(_cell_text(c, "") for c in row) for row in grid))
        else:
            out.append(item.text)
    return "\n\n".join(out) + "\n"


def _render_glued(items: Sequence[_Item]) -> str:
    out: list[str] = []
    for item in items:
        if isinstance(item, Table):
            out.extend("".join(_cell_text(c, NOT_REPORTED) for c in row) for row in item.rows)
        else:
            out.append(item.text)
    return "\n".join(out) + "\n"


def _render_dump(items: Sequence[_Item], head: int) -> str:
    """The first ``head`` items (title, publication date) a line each, then the rest on one line."""
    lines = [_flat(item) for item in items[:head]]
    body = "".join(_flat(item) for item in items[head:])
    return "\n".join([*lines, body] if body else lines) + "\n"


def _flat(item: _Item) -> str:
    """An item's text; a table's cells in reading order, glued, ``None`` as nothing."""
    if isinstance(item, Table):
        return "".join(_cell_text(cell, "") for row in item.rows for cell in row)
    return item.text


def _pipe_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _pipe_table(rows: Sequence[Sequence[str]]) -> str:
    header, *body = rows
    separator = "|" + "|".join("---" for _ in header) + "|"
    return "\n".join([_pipe_row(header), separator, *(_pipe_row(r) for r in body)])


def _render_markdown(items: Sequence[_Item]) -> str:
    out = []
    for item in items:
        if isinstance(item, _Heading):
            out.append(f"{'#' * item.level} {item.text}")
        elif isinstance(item, _Paragraph):
            out.append(item.text)
        elif item.blocks:
            for block in item.blocks:
                out.append(block.title)
                rows = [[INFO_CONTENT, *block.columns]]
                rows.extend([text, *(c.text or "" for c in cells)] for text, cells in block.rows)
                out.append(_pipe_table(rows))
        else:
            out.append(_pipe_table([[_cell_text(c, "") for c in row] for row in _grid(item.rows)]))
    return "\n\n".join(out) + "\n"


def _html_cell(cell: Cell) -> str:
    tag = "th" if cell.kind in ("title", "header") else "td"
    attributes = ""
    if cell.rowspan > 1:
        attributes += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attributes += f' colspan="{cell.colspan}"'
    if cell.kind == "value":
        attributes += ' class="num"'
    return f"<{tag}{attributes}>{html.escape(cell.text or '')}</{tag}>"


def _render_html(items: Sequence[_Item], lang: str) -> str:
    title = next(i.text for i in items if isinstance(i, _Heading))
    body = []
    for item in items:
        if isinstance(item, _Heading):
            body.append(f"<h{item.level}>{html.escape(item.text)}</h{item.level}>")
        elif isinstance(item, _Paragraph):
            body.append(f"<p>{html.escape(item.text)}</p>")
        else:
            rows = ("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in item.rows)
            body.append("<table>\n" + "\n".join(rows) + "\n</table>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{html.escape(title)}</title>",
            "<style>table{border-collapse:collapse;margin:1em 0}"
            "th,td{border:1px solid #888;padding:2px 6px}td.num{text-align:right}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


@functools.cache
def _s2t() -> Callable[[str], str]:
    """OpenCC's simplified → traditional converter, created once."""
    import opencc

    convert: Callable[[str], str] = opencc.OpenCC("s2t").convert
    return convert


def render(report: Report, layout: str = "text", *, script: str = "simplified") -> str:
    """Write ``report`` in ``layout`` (one of :data:`LAYOUTS`), in simplified or traditional script.

    Layouts: ``text`` (the official layout, aligned tables; the default), ``lines`` (a cell per
    line), ``tsv`` (tab-separated grid rows), ``markdown`` (pipe tables), ``html`` (a standalone
    page, rowspan/colspan tables), ``glued`` (a table row's cells run together) and ``dump`` (a
    crawler's one-line text dump); ``glued`` and ``dump`` are lossy.  ``script`` is
    ``"simplified"`` or ``"traditional"`` (OpenCC ``s2t``).  A report without an edition renders
    its title, metadata and text sections only.

    Raises :class:`ValueError` for an unknown ``layout`` or ``script``; nothing else.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    if script not in SCRIPTS:
        raise ValueError(f"unknown script {script!r}; expected one of {', '.join(SCRIPTS)}")
    items = list(_items(report))
    if layout == "text":
        out = _render_text(items)
    elif layout == "lines":
        out = _render_lines(items)
    elif layout == "tsv":
        out = _render_tsv(items)
    elif layout == "markdown":
        out = _render_markdown(items)
    elif layout == "glued":
        out = _render_glued(items)
    elif layout == "dump":
        out = _render_dump(items, 1 if report.meta.publication_date is None else 2)
    else:
        out = _render_html(items, "zh-Hant" if script == "traditional" else "zh-Hans")
    return _s2t()(out) if script == "traditional" else out
