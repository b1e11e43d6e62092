"""Cell values: reading one cell, and choosing among readings of a row that lost or glued cells."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

# A cell that holds a value (after width folding): counts, signed changes, amounts with units, 无,
# and the "not reported" marks.
VALUE_CELL = re.compile(
    r"^(?:[+\-]?\d+(?:\.\d+)?(?:万元|元|件|个|条|项|次)?|[增减]\d+(?:件|个|项)?|无|/|／|-|－|—|——|－－|&nbsp;)$"
)
NULL_MARKS = frozenset({"/", "／", "-", "－", "—", "——", "－－", "&nbsp;", ""})
# A long run of digits may be several cells glued together.
MAX_GLUED_DIGITS = 24
# More ways to cut a digit run than this: too ambiguous to resolve, abstain.
MAX_SPLITS = 5000

Cell = int | Decimal | None


class BadValue(ValueError):
    """A cell that cannot be read as the value its column needs."""


def read_cell(raw: str, kind: str) -> Cell:
    """Read a cell as ``kind`` (count / change / amount); ``None`` for the not-reported marks."""
    s = raw.strip()
    if s.isdigit() and s.isascii():  # the common case: a plain count
        return Decimal(s) if kind == "amount" else int(s)
    if s in NULL_MARKS:
        return None
    if s == "无":
        return Decimal(0) if kind == "amount" else 0
    sign = 1
    if s[0] in "增减":
        sign = -1 if s[0] == "减" else 1
        s = s[1:]
    scale = Decimal(1)
    for unit in ("万元", "元", "件", "个", "条", "项", "次"):
        if s.endswith(unit):
            if unit == "元":
                scale = Decimal("0.0001")
            s = s[: -len(unit)]
            break
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise BadValue(raw) from None
    number *= sign
    if kind == "amount":
        value = number * scale
        return value.normalize() if scale != 1 else value
    if number != number.to_integral_value():
        raise BadValue(raw)
    if kind == "count" and number < 0:
        return int(number)  # kept as written; the checks report negative counts
    return int(number)


def splits(digits: str, parts: int) -> list[tuple[int, ...]]:
    """Every way to cut ``digits`` into ``parts`` numbers without leading zeros."""
    n = len(digits)
    if parts <= 0 or parts > n or n > MAX_GLUED_DIGITS or math.comb(n - 1, parts - 1) > MAX_SPLITS:
        return []
    out = []
    for cuts in itertools.combinations(range(1, n), parts - 1):
        bounds = (0, *cuts, n)
        pieces = [digits[a:b] for a, b in itertools.pairwise(bounds)]
        if any(len(p) > 1 and p[0] == "0" for p in pieces):
            continue
        out.append(tuple(int(p) for p in pieces))
    return out


Reading = tuple[Cell, ...]


def readings(tokens: Sequence[Cell | str], width: int) -> list[Reading]:
    """Candidate full rows of ``width`` cells for the value ``tokens`` of one row.

    A ``str`` token is a digit run that may be several glued cells.  With too few cells, each
    missing cell may be anywhere (marked ``...``-free: the gap is filled by the constraint later,
    here by ``None``); with too many, any extra cell may be dropped.
    """
    glued: list[Reading] = []
    if any(isinstance(t, str) for t in tokens):
        glued = _glued_readings(tokens, width)
        tokens = [int(t) if isinstance(t, str) else t for t in tokens]
    return glued + _gap_readings(tokens, width)


def _gap_readings(tokens: Sequence[Cell | str], width: int) -> list[Reading]:
    cells = [t for t in tokens if not isinstance(t, str)]
    if len(cells) == width:
        return [tuple(cells)]
    if len(cells) < width:
        missing = width - len(cells)
        if missing > 2:
            return []
        out = []
        for gaps in itertools.combinations(range(width), missing):
            row = list(cells)
            for i in gaps:
                row.insert(i, GAP)
            out.append(tuple(row))
        return out
    extra = len(cells) - width
    if extra > 2:
        return []
    out = []
    for drop in itertools.combinations(range(len(cells)), extra):
        out.append(tuple(c for i, c in enumerate(cells) if i not in drop))
    return out


class _Gap:
    """A cell lost in extraction: to be filled by arithmetic, or left unknown."""

    def __repr__(self) -> str:
        return "GAP"


GAP: Cell = _Gap()  # type: ignore[assignment]
"""The cell ``readings`` puts where a cell was lost; test with ``is``."""


def _glued_readings(tokens: Sequence[Cell | str], width: int) -> list[Reading]:
    fixed = sum(1 for t in tokens if not isinstance(t, str))
    runs = [t for t in tokens if isinstance(t, str)]
    free = width - fixed
    if free < len(runs):
        return []
    out: list[Reading] = []
    # distribute the free cells over the glued runs
    for counts in _compositions(free, len(runs)):
        options = [splits(run, k) for run, k in zip(runs, counts, strict=True)]
        if any(not o for o in options):
            continue
        total = 1
        for o in options:
            total *= len(o)
        if total > 20000:
            return []
        for combo in itertools.product(*options):
            it = iter(combo)
            row: list[Cell] = []
            for t in tokens:
                if isinstance(t, str):
                    row.extend(next(it))
                else:
                    row.append(t)
            out.append(tuple(row))
    return out


def _compositions(total: int, parts: int) -> list[tuple[int, ...]]:
    if parts == 1:
        return [(total,)] if total >= 1 else []
    out = []
    for first in range(1, total - parts + 2):
        for rest in _compositions(total - first, parts - 1):
            out.append((first, *rest))
    return out


Constraint = Callable[[Reading], "Reading | None"]


def resolve(
    candidates: Sequence[Reading], constraint: Constraint | None
) -> tuple[Reading, tuple[int, ...]] | None:
    """Choose cells from ``candidates``: apply ``constraint`` (fills gaps, rejects readings), then keep
    the cells on which all remaining readings agree.  Returns the row and the indexes left unknown.
    """
    if not candidates:
        return None
    kept: list[Reading] = []
    if constraint is not None:
        for c in candidates:
            filled = constraint(c)
            if filled is not None:
                kept.append(filled)
    else:
        kept = [_without_gaps(c) for c in candidates]
    if not kept:
        # Nothing satisfies the arithmetic: keep the cells that every reading shares anyway.
        kept = [_without_gaps(c) for c in candidates]
        if len(kept) == 1:
            return None
    first = kept[0]
    row: list[Cell] = []
    unknown: list[int] = []
    for i, value in enumerate(first):
        if value is not GAP and all(other[i] == value and type(other[i]) is type(value) for other in kept):
            row.append(value)
        else:
            row.append(None)
            unknown.append(i)
    return tuple(row), tuple(unknown)


def _without_gaps(reading: Reading) -> Reading:
    return tuple(None if x is GAP else x for x in reading)
