"""The exceptions govinfo raises: every one is a :class:`GovinfoError`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic


class GovinfoError(Exception):
    """Base class of govinfo's errors."""


class SchemaError(GovinfoError, ValueError):
    """A JSON document or fact mapping does not match the report schema.

    ``errors`` lists each problem with its JSON path (``$.requests.granted.total: …``).
    """

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors: list[str] = list(errors) or [message]


class ParseError(GovinfoError, ValueError):
    """Raised by ``parse(..., strict=True)`` or for unreadable input; carries every diagnostic."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        lines = [message, *(f"  {d}" for d in self.diagnostics[:50])]
        if len(self.diagnostics) > 50:
            lines.append(f"  … and {len(self.diagnostics) - 50} more")
        super().__init__("\n".join(lines))


class MissingExtraError(GovinfoError, ImportError):
    """An optional dependency is needed: the message names the extra to install."""
