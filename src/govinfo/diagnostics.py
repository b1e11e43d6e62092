"""Diagnostics: what the parser repaired or could not read, and where."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from attrs import field, frozen

Severity = Literal["error", "warning", "info"]


def _keys(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(keys)


@frozen(kw_only=True)
class SourcePosition:
    """A place in the source text (1-based line and column)."""

    line: int
    column: int = 1


@frozen(kw_only=True)
class Diagnostic:
    """One thing the parser noticed: a stable ``code``, a severity, a message, the fact keys it concerns."""

    code: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    keys: tuple[str, ...] = field(default=(), converter=_keys)
    text: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        keys = f" [{', '.join(self.keys)}]" if self.keys else ""
        return f"{where}{self.severity} {self.code}: {self.message}{keys}"
