"""Input sources: turn a file or bytes into report text (text, HTML, Word .docx, PDF).

:func:`read_document` and :func:`read_bytes` decide the format from the content
(:func:`sniff`), not from the file name, and return text the parser reads: prose as lines,
every table row as one line of TAB-separated cells of its full grid (merged positions empty).
"""

from __future__ import annotations

from .dispatch import Format, read_bytes, read_document, sniff
from .grid import SpanCell, clean_cell, expand, grid_lines
from .text import decode, read_text

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
