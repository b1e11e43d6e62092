"""Input sources: turn a file or bytes into report text (plain text now; html/docx/pdf later)."""

from __future__ import annotations

from .text import decode, read_text

__all__ = ["decode", "read_text"]
