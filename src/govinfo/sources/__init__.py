"""Input sources: turn a file or bytes into report text (text, HTML, Word .docx, PDF).

:func:`read_document` and :func:`read_bytes` decide the format from the content
(:func:`sniff`), not from the file name, and return text the parser reads: prose as lines,
every table row as one line of TAB-separated cells of its full grid (merged positions empty).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dispatch import Format, read_bytes, read_document, sniff
    from .grid import SpanCell, clean_cell, expand, grid_lines
    from .text import decode, read_text

# Imported on first use: a parse of text needs none of the readers (nor zipfile, for Word).
_HOMES = {
    **dict.fromkeys(("Format", "read_bytes", "read_document", "sniff"), "dispatch"),
    **dict.fromkeys(("SpanCell", "clean_cell", "expand", "grid_lines"), "grid"),
    **dict.fromkeys(("decode", "read_text"), "text"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Format",
    "SpanCell",
    "clean_cell",
    "decode",
    "expand",
    "grid_lines",
    "read_bytes",
    "read_document",
    "read_text",
    "sniff",
]
