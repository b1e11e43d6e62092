"""Row solving: the cells of one table row, when the text lost, added or glued some of them.

A row of ``width`` cells arrives as value tokens: numbers, and digit runs that may be several cells
glued together (``110000011`` → 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11).  The row's own arithmetic
(:class:`SumGroups`: table 三's 总计 = Σ six applicant columns, table 四's three 总计 = Σ four
results) narrows the readings; the cells every remaining reading agrees on are taken, the others are
``None`` with a diagnostic naming their keys.  Table 二 rows have no arithmetic: a glued run is read
only where its split is the only one.

The search over glued runs is bounded (:data:`MAX_NODES`); a row that hits the bound is abstained
with ``row.search_capped``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from .diagnostics import Code, Diagnostic, SourcePosition, diagnostic
from .values import COUNT_DIGITS, COUNT_MAX, BadValue, Cell, read_cell

Reading = tuple[Cell, ...]
Token = Cell | str  # a ``str`` is a digit run that may be several glued cells (maybe signed)

MAX_NODES = 20_000
"""The most search states the glued-run search visits for one row before giving up."""
UNIQUE_NODES = 500
"""The bound for the search that asks whether a row's digits alone allow one reading only."""
MAX_RUN_DIGITS = 120
"""Digit runs longer than this are not split at all (the row is abstained)."""


class _Gap:
    """A cell lost in extraction: to be filled by arithmetic, or left unknown."""

    def __repr__(self) -> str:
        return "GAP"


GAP: Cell = _Gap()  # type: ignore[assignment]
"""The cell put where a cell was lost; test with ``is``."""


@frozen
class SumGroups:
    """A row's arithmetic: in each group ``(a, b, …, total)`` the last cell is the sum of the others.

    Called on a reading, it fills one lost cell (:data:`GAP`) per group and returns the reading, or
    ``None`` when the reading breaks a group's sum.
    """

    groups: tuple[tuple[int, ...], ...]

    def __call__(self, reading: Reading) -> Reading | None:
        row = list(reading)
        for group in self.groups:
            parts, total = group[:-1], group[-1]
            gap = -1
            unknown = False
            for i in group:
                x = row[i]
                if x is GAP:
                    if gap >= 0:
                        return None
                    gap = i
                elif x is None:
                    unknown = True
            if unknown:
                if gap >= 0:
                    row[gap] = None
                continue
            if gap < 0:
                if sum(row[i] for i in parts) != row[total]:  # type: ignore[misc]
                    return None
            elif gap == total:
                row[gap] = sum(row[i] for i in parts)  # type: ignore[misc]
            else:
                rest = row[total] - sum(row[i] for i in parts if i != gap)  # type: ignore[operator,misc]
                if rest < 0:
                    return None
                row[gap] = rest
        if any(x is GAP for x in row):
            return None
        return tuple(row)


@frozen
class Outcome:
    """What solving a row gave: the row (``None`` where unknown), the unknown indexes, and how it
    was read (``exact``, ``glued``, ``lost`` or ``capped``); ``row`` is ``None`` when nothing fits."""

    row: Reading | None
    unknown: tuple[int, ...]
    how: str


# --- glued runs --------------------------------------------------------------------------------


def glued_cells(
    tokens: Sequence[Token], width: int, groups: SumGroups | None, limit: int = MAX_NODES
) -> tuple[list[set[Cell]] | None, bool]:
    """The values each of ``width`` cells can take over every reading of ``tokens`` that cuts each
    digit run into numbers without leading zeros (a lone ``0`` is a number) and, with ``groups``,
    satisfies their sums; ``None`` when there is no such reading.  Also returns whether the search
    visited more than ``limit`` states (then nothing is returned).

    A memoized search from the right: a group's total comes first, and then each part is at most
    what is left of it, and the group's first part is exactly what is left — so the work grows with
    the sums left, not with the number of readings."""
    if any(isinstance(t, str) and len(t) > MAX_RUN_DIGITS for t in tokens):
        return None, True
    backwards: list[Token] = [t[::-1] if isinstance(t, str) else t for t in reversed(tokens)]
    # cells still possible from token i on: at least one per token, at most one per digit
    least = [0] * (len(backwards) + 1)
    most = [0] * (len(backwards) + 1)
    for i in range(len(backwards) - 1, -1, -1):
        t = backwards[i]
        least[i] = least[i + 1] + 1
        most[i] = most[i + 1] + (len(t) if isinstance(t, str) else 1)
    totals: set[int] = set()  # a group's total: where its sum starts, read backwards
    firsts: set[int] = set()  # a group's first part: the last cell of the group, read backwards
    if groups is not None:
        for group in groups.groups:
            totals.add(width - 1 - group[-1])
            firsts.add(width - 1 - group[0])
    # backwards cell → the parts of its group from it to the group's first part
    parts_left: dict[int, int] = {}
    if groups is not None:
        for group in groups.groups:
            for position in group[:-1]:
                parts_left[width - 1 - position] = position - group[0] + 1
    # digits from token i on (None when a fixed cell follows: no bound then)
    digits: list[int | None] = [0] * (len(backwards) + 1)
    for i in range(len(backwards) - 1, -1, -1):
        t, after = backwards[i], digits[i + 1]
        digits[i] = None if after is None or not isinstance(t, str) else after + len(t)
    unknown = -1
    State = tuple[int, int, int, Any]
    memo: dict[State, list[tuple[Cell, State]]] = {}
    capped = False

    def left_after(cell: int, rest: Any, value: Cell) -> Any:
        """What is left of the group's sum after ``value`` at backwards cell ``cell``."""
        if cell in totals:
            return unknown if value is None else value
        if rest is None or cell in firsts:
            return None
        if value is None or rest == unknown:
            return unknown
        return rest - value

    def allowed(cell: int, rest: Any, value: Cell) -> bool:
        if rest is None or rest == unknown or cell in totals or value is None:
            return True
        return bool(value == rest if cell in firsts else value <= rest)

    def walk(state: State) -> bool:
        nonlocal capped
        found = memo.get(state)
        if found is not None:
            return bool(found)
        if len(memo) > limit:
            capped = True
            return False
        index, at, cell, rest = state
        steps: list[tuple[Cell, State]] = []
        memo[state] = steps
        if index == len(backwards):
            if cell == width:
                steps.append((None, state))  # the end
            return bool(steps)
        if cell >= width:
            return False
        if (
            rest is not None
            and rest != unknown
            and cell in parts_left
            and not _reachable(rest, parts_left[cell], digits[index], at, width - cell - parts_left[cell])
        ):
            return False
        token = backwards[index]
        if not isinstance(token, str):
            if cell + least[index] > width or cell + most[index] < width or not allowed(cell, rest, token):
                return False
            nxt = (index + 1, 0, cell + 1, left_after(cell, rest, token))
            if walk(nxt):
                steps.append((token, nxt))
            return bool(steps)
        left = len(token) - at
        for size in range(1, left + 1):
            if capped:
                return False
            piece = token[at : at + size][::-1]
            digits_of = piece.lstrip("+-")
            if not digits_of or (len(piece) != len(digits_of) and size != left):
                continue  # a sign alone, or a sign that does not start the run's first cell
            if len(digits_of) > 1 and digits_of[0] == "0":
                continue  # a leading zero: a longer piece may start with another digit
            if len(digits_of) > COUNT_DIGITS:
                break  # not a count a report can hold; longer pieces neither
            value = int(piece)
            if rest is not None and rest != unknown and cell not in totals and value > rest:
                break  # longer pieces are larger still
            if not allowed(cell, rest, value):
                continue
            remaining = left - size
            low = cell + 1 + (1 if remaining else 0) + least[index + 1]
            high = cell + 1 + remaining + most[index + 1]
            if low > width or high < width:
                continue
            after = left_after(cell, rest, value)
            nxt = (index, at + size, cell + 1, after) if remaining else (index + 1, 0, cell + 1, after)
            if walk(nxt):
                steps.append((value, nxt))
        return bool(steps)

    root: State = (0, 0, 0, None)
    if not walk(root) or capped:
        return None, capped
    values: list[set[Cell]] = [set() for _ in range(width)]
    seen = {root}
    frontier = [root]
    while frontier:
        state = frontier.pop()
        for value, nxt in memo[state]:
            if nxt == state:
                continue  # the end
            values[width - 1 - state[2]].add(value)
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return values, False


def _reachable(rest: int, parts: int, digits: int | None, used: int, later: int) -> bool:
    """Whether ``parts`` numbers cut from the digits left (``digits`` from this token on, ``used``
    of them taken; ``later`` cells still to come after these parts) can add up to ``rest``."""
    if digits is None:
        return True
    most = digits - used - later  # the digits these parts may take at most
    if most < parts:
        return False
    if rest > 10 ** (most - parts + 1) - 1 + 9 * (parts - 1):
        return False  # even one long part and single digits fall short
    if later == 0:  # these parts take every digit left: the longest has at least ⌈most/parts⌉
        longest = -(-most // parts)
        if longest >= 2 and rest < 10 ** (longest - 1):
            return False
    return True


# --- lost and extra cells ------------------------------------------------------------------------


def gap_readings(cells: Sequence[Cell], width: int) -> list[Reading]:
    """Readings of a row that lost up to two cells (anywhere) or gained up to two (any may go)."""
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
    return [
        tuple(c for i, c in enumerate(cells) if i not in drop)
        for drop in itertools.combinations(range(len(cells)), extra)
    ]


def agree(candidates: Sequence[Reading], groups: SumGroups | None) -> tuple[Reading, tuple[int, ...]] | None:
    """Apply ``groups`` (fills gaps, rejects readings), then keep the cells on which all remaining
    readings agree; ``None`` when no reading is left."""
    if not candidates:
        return None
    kept: list[Reading] = []
    if groups is not None:
        for c in candidates:
            filled = groups(c)
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


def solve(tokens: tuple[Token, ...], width: int, groups: SumGroups | None) -> Outcome:
    """The cells of a row from its value tokens (cached: rows of zeros repeat).

    The cache tells tokens apart by type and exact form, as equal numbers compare equal
    (``Decimal("0.10") == Decimal("0.1") == ...``, ``Decimal(1) == 1``) and the cells must come
    back as they were written."""
    return _solve(tokens, width, groups, tuple((type(t), str(t)) for t in tokens))


@functools.lru_cache(maxsize=2048)
def _solve(tokens: tuple[Token, ...], width: int, groups: SumGroups | None, _exact: object) -> Outcome:
    if len(tokens) == width and not any(isinstance(t, str) for t in tokens):
        return Outcome(tuple(tokens), (), "exact")  # type: ignore[arg-type]
    if any(isinstance(t, str) for t in tokens):
        cells, capped = glued_cells(tokens, width, groups)
        if capped:
            return Outcome(None, tuple(range(width)), "capped")
        if cells is None and groups is not None:
            # the printed row may break its own arithmetic: digits alone may still decide (a
            # search that needs many states has many readings, so a small bound is enough)
            alone, capped = glued_cells(tokens, width, None, UNIQUE_NODES)
            if not capped and alone is not None and all(len(c) == 1 for c in alone):
                cells = alone
        if cells is not None:
            row = tuple(next(iter(c)) if len(c) == 1 else None for c in cells)
            return Outcome(row, tuple(i for i, c in enumerate(cells) if len(c) != 1), "glued")
        tokens = tuple(int(t) if isinstance(t, str) else t for t in tokens)
    settled = agree(gap_readings(tokens, width), groups)  # type: ignore[arg-type]
    if settled is None:
        return Outcome(None, tuple(range(width)), "lost")
    return Outcome(settled[0], settled[1], "lost")


# --- one row into the sink ---------------------------------------------------------------------


_GLUED = re.compile(r"[+\-]?[0-9]{2,}")


def _tokens(values: Sequence[str], kinds: Sequence[str]) -> list[Token] | None:
    """Value cells as numbers; a digit run of two or more stays a string (it may be glued cells)."""
    out: list[Token] = []
    amounts = "amount" in kinds
    for raw in values:
        if len(values) < len(kinds) and _GLUED.fullmatch(raw):
            out.append(raw)  # maybe several cells; a signed run's sign belongs to its first cell
            continue
        try:
            out.append(read_cell(raw, "amount" if amounts else "change"))  # signs: see _convert
        except BadValue:
            return None
    return out


def trim(values: Sequence[str], width: int) -> list[str]:
    """Drop empty cells beyond ``width``: leading ones first (merged label columns), then trailing."""
    out = list(values)
    while len(out) > width and out[0] == "":
        out.pop(0)
    while len(out) > width and out[-1] == "":
        out.pop()
    if len(out) > width and out.count("") == len(out) - width:
        out = [v for v in out if v]  # the empty cells are the gaps of merged cells
    return out


def _convert(cell: Cell, kind: str) -> Cell:
    if cell is None:
        return None
    if kind == "amount":
        return Decimal(cell)
    if isinstance(cell, Decimal):
        if cell != cell.to_integral_value():
            raise BadValue(str(cell))
        cell = int(cell)
    if abs(cell) >= COUNT_MAX or (cell < 0 and kind == "count"):
        raise BadValue(str(cell))
    return cell


@functools.lru_cache(maxsize=4096)
def position(line: int) -> SourcePosition:
    """The source position of ``line`` (frozen, so shared by every key and report that needs it)."""
    return SourcePosition(line=line)


@attrs.define
class Sink:
    """Where assembly writes: fact values, diagnostics, source positions."""

    values: dict[str, Cell] = attrs.field(factory=dict)
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    positions: dict[str, SourcePosition] = attrs.field(factory=dict)

    def add(
        self,
        code: Code,
        message: str,
        line: int | None = None,
        keys: Sequence[str] = (),
        text: str | None = None,
    ) -> None:
        """A diagnostic of ``code`` (its severity is the catalogue's)."""
        self.diagnostics.append(diagnostic(code, message, line=line, keys=keys, text=text))


def fill_row(
    sink: Sink,
    keys: Sequence[str],
    kinds: Sequence[str],
    raw_values: Sequence[str],
    line: int | None,
    groups: SumGroups | None = None,
    what: str = "row",
) -> None:
    """Assign one row's value cells to ``keys``, resolving lost, extra or glued cells."""
    width = len(keys)
    if line:
        sink.positions.update(dict.fromkeys(keys, position(line)))
    # The common case: one plain number per column, maybe with the empty cells of merged label
    # columns (``trim`` would drop exactly those).
    plain = raw_values if len(raw_values) == width else [v for v in raw_values if v]
    if len(plain) == width and _plain_row(width).fullmatch("\0".join(plain)) is not None:
        if "amount" in kinds:
            for k, kind, v in zip(keys, kinds, plain, strict=True):
                sink.values[k] = Decimal(v) if kind == "amount" else int(v)
        else:
            sink.values.update(zip(keys, map(int, plain), strict=True))
        return
    raw_values = trim(raw_values, width)
    tokens = _tokens(raw_values, kinds)
    if tokens is None:
        # a cell that is not a number: read cell by cell, the bad ones become None
        if len(raw_values) == width:
            for key, kind, raw in zip(keys, kinds, raw_values, strict=True):
                try:
                    sink.values[key] = read_cell(raw, kind)
                except BadValue:
                    sink.values[key] = None
                    sink.add(Code.CELL_UNREADABLE, f"{what}: cannot read {raw!r}", line, [key], raw)
            return
        _abstain(sink, keys, line, f"{what}: unreadable cells {list(raw_values)}", Code.ROW_UNREADABLE)
        return
    outcome = solve(tuple(tokens), width, groups)
    shown = " ".join(raw_values)
    if outcome.how == "capped":
        _abstain(
            sink,
            keys,
            line,
            f"{what}: the digit runs {shown!r} have too many readings to search; not read",
            Code.ROW_SEARCH_CAPPED,
        )
        return
    if outcome.row is None:
        _abstain(
            sink,
            keys,
            line,
            f"{what}: {len(raw_values)} value cells for {width} columns, no reading fits",
            Code.ROW_CELL_COUNT,
        )
        return
    row, unknown = outcome.row, outcome.unknown
    if outcome.how != "exact":
        glued = outcome.how == "glued"
        code = Code.ROW_GLUED_DIGITS if glued else Code.ROW_CELL_COUNT
        known = [k for i, k in enumerate(keys) if i not in unknown]
        if unknown:
            sink.add(
                code,
                f"{what}: {len(raw_values)} value cells for {width} columns; "
                f"{len(unknown)} cell(s) cannot be determined",
                line,
                [keys[i] for i in unknown],
                shown,
            )
        if known:
            sink.add(
                Code.ROW_GLUED_DIGITS_RESOLVED if glued else Code.ROW_CELL_COUNT_RESOLVED,
                f"{what}: {len(raw_values)} value cells for {width} columns, resolved by "
                + ("the row's digits and arithmetic" if glued else "the table's arithmetic"),
                line,
                known,
                shown,
            )
    for i, (key, kind) in enumerate(zip(keys, kinds, strict=True)):
        if i in unknown:
            sink.values[key] = None
            continue
        try:
            sink.values[key] = _convert(row[i], kind)
        except BadValue:
            sink.values[key] = None
            sink.add(Code.CELL_UNREADABLE, f"{what}: cannot read {row[i]!r}", line, [key])
    if groups is not None:
        _forced_blanks(sink, keys, row, unknown, groups, line, what)


@functools.lru_cache(maxsize=64)
def _plain_row(width: int) -> re.Pattern[str]:
    """``width`` cells of 1 to :data:`COUNT_DIGITS` ASCII digits, joined by NUL: a row of plain
    counts, read without solving (a cell holding a NUL makes more cells than ``width``)."""
    if width < 1:
        return re.compile(r"(?!)")
    cell = rf"[0-9]{{1,{COUNT_DIGITS}}}"
    return re.compile(rf"(?:{cell}\x00){{{width - 1}}}{cell}")


def _forced_blanks(
    sink: Sink,
    keys: Sequence[str],
    row: Reading,
    unknown: tuple[int, ...],
    groups: SumGroups,
    line: int | None,
    what: str,
) -> None:
    """A cell printed blank whose value the row's arithmetic forces (the only blank of its group):
    kept ``None`` (a blank is not a number), with a diagnostic giving the forced value."""
    for group in groups.groups:
        blanks = [i for i in group if row[i] is None]
        if len(blanks) != 1 or blanks[0] in unknown:
            continue
        blank = blanks[0]
        parts = sum(row[i] for i in group[:-1] if i != blank)  # type: ignore[misc]
        forced = parts if blank == group[-1] else row[group[-1]] - parts  # type: ignore[operator]
        if forced < 0:
            # no count fits the blank: the row's cells are not where they seem (a cell lost before
            # the blank shifts the rest), so every value of the group is doubtful
            sink.add(
                Code.ROW_BLANK_MISFIT,
                f"{what}: a cell is blank, and no count there makes the row add up ({forced}): "
                "a cell may have been lost and the others shifted; check the row",
                line,
                [keys[i] for i in group],
            )
            continue
        sink.add(
            Code.CELL_BLANK_FORCED,
            f"{what}: a cell is blank where the row's arithmetic gives {forced}; kept as not reported",
            line,
            [keys[blank]],
        )


def _abstain(sink: Sink, keys: Sequence[str], line: int | None, message: str, code: Code) -> None:
    for key in keys:
        sink.values[key] = None
    sink.add(code, message, line, keys)
