"""Stable ids: the same problem in the same report gets the same id across runs and versions.

An id is ``{code}-{10 hex digits}``: the rule or diagnostic code, then a digest of what the problem
is about — the fact keys it names and its subject, if it has one (a section; a heading's text) —
and which report: the agency (whitespace removed) and the year(s). Never line numbers or the
message's wording, which move when a report is re-typed or govinfo words a message better.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

DIGITS = 10


def agency_key(name: str | None) -> str:
    """An agency name with all whitespace removed (``""`` for none): one body however it is spaced."""
    return "".join((name or "").split())


def stable_id(
    code: str, keys: Iterable[str], subject: str | None, agency: str | None, years: Iterable[int]
) -> str:
    """The id of a problem of ``code`` about ``keys`` (or ``subject``) in the report of ``agency`` and
    ``years``."""
    about = [*sorted(set(keys)), "~" + "".join((subject or "").split())]
    parts = [
        code,
        ",".join(about),
        agency_key(agency),
        ",".join(str(y) for y in sorted(set(years))),
    ]
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{code}-{digest[:DIGITS]}"


def diagnostic_id(
    code: str, keys: Iterable[str], text: str | None, agency: str | None, year: int | None
) -> str:
    """The id of a parser diagnostic: its code, its keys (or, with none, the source text it quotes),
    and the report's agency and year."""
    keys = tuple(keys)
    return stable_id(code, keys, None if keys else text, agency, () if year is None else (year,))


def unique(ids: Iterable[str]) -> list[str]:
    """``ids`` with a repeat made unique by its occurrence (``X-…``, ``X-…-2``): two problems that
    are the same by every part of the id, in one report, are told apart by their order."""
    seen: dict[str, int] = {}
    out = []
    for one in ids:
        seen[one] = seen.get(one, 0) + 1
        out.append(one if seen[one] == 1 else f"{one}-{seen[one]}")
    return out


__all__ = ["DIGITS", "agency_key", "diagnostic_id", "stable_id", "unique"]
