"""Small wording helpers for the English text of messages, summaries and views."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


__all__ = ["plural"]
