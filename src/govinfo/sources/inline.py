"""HTML tables inside a text: Markdown converters (pandoc) keep a table with merged cells as HTML.

:func:`inline_tables` writes each ``<table>…</table>`` of a text as the rows the HTML reader
gives (TAB-separated cells of the full grid), where it stood; the rest of the text is left as it
is.  Reading the markup needs the ``html`` extra.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)


def has_tables(text: str) -> bool:
    """Whether ``text`` holds a ``<table`` tag (one cheap test first: most texts have no ``<``)."""
    return "<" in text and _TABLE_OPEN.search(text) is not None


def inline_tables(text: str) -> str:
    """``text`` with each HTML table written as its rows.  Line numbers after a table stay as they
    were when the table's markup has at least as many lines as it has rows (empty lines pad it).

    Raises :class:`~govinfo.MissingExtraError` without the ``html`` extra."""
    from .html import html_lines

    out: list[str] = []
    at = 0
    for start, end in _fragments(text):
        out.append(text[at:start])
        markup = text[start:end]
        rows = "\n".join(html_lines(f"<html><body>{markup}</body></html>"))
        if start and text[start - 1] != "\n":
            rows = "\n" + rows
        out.append(rows + "\n" * max(markup.count("\n") - rows.count("\n"), 0))
        at = end
    out.append(text[at:])
    return "".join(out)


def _fragments(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each outermost table, nested tables included in it (an unclosed table
    runs to the end of the text)."""
    depth = 0
    start = 0
    for tag in _TABLE_TAG.finditer(text):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield start, tag.end()
    if depth:
        yield start, len(text)


__all__ = ["has_tables", "inline_tables"]
