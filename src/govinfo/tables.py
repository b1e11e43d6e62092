"""Table assembly: values by label and position in the skeleton, never by the global order of numbers.

Each table line carries label text and value cells.  Row labels are matched through the lexicon;
a line with values but no label, and a label with no values, are paired within the gap between
two anchored rows (PDF text often puts a row's numbers before or inside its wrapped label).
Rows with lost, extra or glued cells are resolved with the table's own arithmetic when exactly
one reading fits; otherwise the cells are ``None`` with a diagnostic naming their keys.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Callable, Sequence

import attrs

from . import columns, labels, moved
from .diagnostics import Code
from .facts import table_fields
from .lexer import Cells
from .model import APPLICANT_COLUMNS, APPLICANTS, LEGAL_PERSONS, ApplicantCounts
from .moved import Event
from .normalize import label_key
from .solve import Sink, SumGroups, fill_row, position, trim


def gather(lines: list[Cells], width: int) -> list[Cells]:
    """Join lines that hold fewer than ``width`` value cells and no text (one cell per line
    layouts) to the line before: a label with no values of its own takes the values that follow
    it, and a run of such lines is one row's values."""
    if not [c for c in lines if not c.text and c.values and len(c.values) < width]:
        return list(lines)  # (most tables: no small value-only line, nothing to join)
    out: list[Cells] = []
    extra: dict[int, list[Cells]] = {}  # index in ``out`` → the value-only lines joined to it
    accepting = False
    for cells in lines:
        values = cells.values
        if not cells.text and values and len(values) < width:  # a small value-only line
            if accepting and out:
                extra.setdefault(len(out) - 1, []).append(cells)
                continue
            out.append(cells)
            accepting = True
            continue
        out.append(cells)
        accepting = bool(cells.text) and not values
    for index, joined in extra.items():
        prev = out[index]
        row_values = list(prev.values)
        raws = [prev.raw]
        for cells in joined:
            row_values.extend(cells.values)
            raws.append(cells.raw)
        out[index] = prev._replace(values=tuple(row_values), raw=" ".join(raws))
    return out


def join_fragments(lines: list[Cells], known: Callable[[str], bool]) -> list[Cells]:
    """Join a row label broken across lines: a label line without values that names no row, and the
    next line, whose label names no row either, when the two labels together name one."""
    joined: dict[int, Cells] = {}  # index of a label line → it joined with the next line
    taken = -1  # the last line taken by a join (it cannot start one)
    # (only a label line without values can take the next line: few lines are such)
    for i in [i for i, c in enumerate(lines) if c.text and not c.values]:
        if i == taken or i + 1 == len(lines):
            continue
        prev, cells = lines[i], lines[i + 1]
        if cells.text and not known(prev.text) and not known(cells.text):
            text = prev.text + cells.text
            if known(text):
                joined[i] = prev._replace(text=text, values=cells.values, raw=f"{prev.raw} {cells.raw}")
                taken = i + 1
    if not joined:
        return list(lines)
    return [joined.get(i, c) for i, c in enumerate(lines) if i - 1 not in joined]


# --- table 二 ----------------------------------------------------------------------------------


def short_row_values(rows: Sequence[Cells]) -> Callable[[Cells], tuple[str, ...]]:
    """The value cells to read for each row of one table.

    A row of TAB-separated cells (a grid from HTML, Word or PDF) with fewer cells than most rows of
    its table has lost a cell, say to broken markup. Its leading empty cells are then the label's
    merged columns, not blank cells: they are dropped, so the row reads as short (its cells are
    solved by its arithmetic, or named by diagnostics) instead of shifting one column right."""
    tabs = [cells.raw.count("\t") for cells in rows if "\t" in cells.raw and any(cells.values)]
    if len(set(tabs)) < 2:
        return _values_of  # no TAB rows, or all of one width: no row is short
    counts: dict[int, int] = {}
    for n in tabs:
        counts[n] = counts.get(n, 0) + 1
    usual = max(counts, key=lambda n: (counts[n], n))
    if min(counts) >= usual:
        return _values_of  # no row is short

    def values(cells: Cells) -> tuple[str, ...]:
        if cells.values[:1] == ("",) and "\t" in cells.raw and cells.raw.count("\t") < usual:
            return tuple(itertools.dropwhile(lambda v: v == "", cells.values))
        return cells.values

    return values


def _values_of(cells: Cells) -> tuple[str, ...]:
    return cells.values


def assemble_active(
    blocks: list[tuple[str, int, list[Cells]]],
    edition: str,
    sink: Sink,
    source: Sequence[tuple[int, str]] = (),
) -> None:
    """Fill table 二 of ``edition`` from its blocks ``(numeral, line, lines)``; ``source``: the text's
    lines (number, text), where rows aligned with spaces are measured."""
    rows = labels.active_rows(edition)
    values_of = short_row_values([cells for _numeral, _line, lines in blocks for cells in lines])
    filled: set[str] = set()
    seen_blocks = set()
    for numeral, block_line, lines in blocks:
        seen_blocks.add(numeral)
        expected = _block_rows(edition, numeral)
        if not expected:
            sink.add(
                Code.ACTIVE_UNKNOWN_BLOCK,
                f"block 第二十条第（{numeral}）项 is not in the {edition} format",
                block_line,
            )
            continue
        lines = join_fragments(lines, lambda key: _active_row(key, expected) is not None)  # noqa: B023
        unit = _header_unit(lines)
        placed = _blanks_placed(lines, _block_width(edition, numeral), source)
        for cells in gather(lines, labels.ACTIVE_ROW_WIDTH):
            if not cells.values:
                continue
            row = _active_row(cells.text, expected)
            if row is None:
                row = _active_row(cells.text, rows)
                if row is None:
                    continue
                sink.add(
                    Code.ACTIVE_ROW_IN_OTHER_BLOCK,
                    f"row {row.label} printed under block 第二十条第（{numeral}）项; read as a row of "
                    f"第二十条第（{row.block}）项",
                    cells.line,
                    [f"active.{row.name}.{c}" for c in row.columns],
                    cells.raw,
                )
            if row.name in filled:
                # a duplicated label where the skeleton expects another row: resolve by position
                later = [r for r in expected if r.name not in filled]
                if not later:
                    sink.add(Code.ACTIVE_DUPLICATE_ROW, f"extra row {cells.raw!r}", cells.line)
                    continue
                nxt = later[0]
                sink.add(
                    Code.ROW_DUPLICATE_LABEL,
                    f"row label {row.label} repeated where {nxt.label} is expected; read as {nxt.label}",
                    cells.line,
                    [f"active.{nxt.name}.{c}" for c in nxt.columns],
                    cells.raw,
                )
                row = nxt
            filled.add(row.name)
            keys, kinds = _active_keys(edition, row)
            values = placed.get(cells.line) or values_of(cells)
            if unit is not None and "amount" in kinds:
                values = _with_unit(sink, keys, kinds, values, unit, cells.line)
            fill_row(sink, keys, kinds, values, cells.line, None, row.label)
    for row in rows:
        if row.name not in filled:
            keys = _active_keys(edition, row)[0]
            for k in keys:
                sink.values[k] = None
            sink.add(Code.ROW_MISSING, f"table 二: row {row.label} not found", None, keys)


# A unit in a column header: 采购总金额（元）, 金额（单位：元）, （单位：万元）.
_HEADER_UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?(万元|元)\s*[)）]|单位\s*[:：]\s*(万元|元)")


def _header_unit(lines: list[Cells]) -> str | None:
    """The amount unit a block's header states, if any (元 or 万元)."""
    for cells in lines:
        if "元" in cells.raw and (m := _HEADER_UNIT.search(cells.raw)):
            return m.group(1) or m.group(2)
    return None


def _with_unit(
    sink: Sink, keys: Sequence[str], kinds: Sequence[str], values: tuple[str, ...], unit: str, line: int
) -> tuple[str, ...]:
    """A row's cells with the header's unit written into its amount cells that have none."""
    if unit == "万元":
        return values
    values = tuple(trim(values, len(kinds)))
    if len(values) != len(kinds):
        amounts = [k for k, kind in zip(keys, kinds, strict=True) if kind == "amount"]
        sink.add(
            Code.CELL_HEADER_UNIT,
            f"the column header gives amounts in {unit}, but the row's cells do not line up with its "
            "columns: check the amounts",
            line,
            amounts,
        )
        return values
    return tuple(
        v + unit if kind == "amount" and _PLAIN_NUMBER.fullmatch(v) else v
        for v, kind in zip(values, kinds, strict=True)
    )


_PLAIN_NUMBER = re.compile(r"[+\-]?\d+(?:\.\d+)?")


def _active_row(key: str, expected: Sequence[labels.ActiveRow]) -> labels.ActiveRow | None:
    name = _active_row_name(key)
    if name is None:
        return None
    for row in expected:
        if row.name == name:
            return row
    return None


@functools.lru_cache(maxsize=4096)
def _active_row_name(key: str) -> str | None:
    """The table 二 row a label names: the longest alias the label ends with."""
    for alias, name in _ACTIVE_ALIASES_LONGEST_FIRST:
        if key.endswith(alias):
            return name
    return None


_ACTIVE_ALIASES_LONGEST_FIRST = sorted(labels.ACTIVE_ROW_ALIASES.items(), key=lambda kv: -len(kv[0]))


@functools.cache
def _kinds(edition: str) -> dict[str, str]:
    return {k: a.metadata["kind"] for k, a in table_fields(edition)}  # type: ignore[arg-type,unused-ignore]


def _active_keys(edition: str, row: labels.ActiveRow) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fact keys of a table 二 row and the kind of each."""
    known = _active_plan(edition).get(row.name)
    if known is not None and known[0] is row:  # (a row of the edition: looked up, not hashed)
        return known[1]
    keys = tuple(f"active.{row.name}.{c}" for c in row.columns)
    return keys, tuple(_kinds(edition)[k] for k in keys)


@functools.lru_cache(maxsize=8)
def _active_plan(
    edition: str,
) -> dict[str, tuple[labels.ActiveRow, tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Per row name of table 二 of ``edition``: the row and its keys and kinds."""
    plan = {}
    for row in labels.active_rows(edition):
        keys = tuple(f"active.{row.name}.{c}" for c in row.columns)
        plan[row.name] = (row, (keys, tuple(_kinds(edition)[k] for k in keys)))
    return plan


@functools.lru_cache(maxsize=64)
def _block_rows(edition: str, numeral: str) -> tuple[labels.ActiveRow, ...]:
    """The rows of table 二 of ``edition`` in block ``numeral``."""
    return tuple(r for r in labels.active_rows(edition) if r.block == numeral)


@functools.cache
def _block_width(edition: str, numeral: str) -> int:
    """The value columns every row of block ``numeral`` has (0 if its rows differ)."""
    widths = {len(row.columns) for row in _block_rows(edition, numeral)}
    return widths.pop() if len(widths) == 1 else 0


# --- table 三 ----------------------------------------------------------------------------------

ROW_WIDTH = labels.REQUEST_ROW_WIDTH
ROW_CONSTRAINT = moved.ROW_SUM
ROW_KINDS = ("count",) * ROW_WIDTH


@functools.cache
def _row_matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    aliases = labels.request_aliases()
    pattern = re.compile("|".join(re.escape(k) for k in sorted(aliases, key=len, reverse=True)))
    return pattern, aliases


@functools.cache
def _row_cores() -> dict[str, str]:
    """Full label keys without their numbering, for prefix and fuzzy matching."""
    cores: dict[str, str] = {}
    for edition in ("2019", "2021"):
        for row in labels.request_rows(edition):
            cores.setdefault(row.keys[0], row.path)
    return cores


_GROUP_KEYS = frozenset(k for k in labels.REQUEST_GROUPS if k != "六其他处理")
_NUMBERING = re.compile(r"^[一二三四五六七八九十\d]{0,2}")


@functools.lru_cache(maxsize=8192)
def match_request_row(key: str) -> tuple[str, str] | None:
    """``(row path, how)`` for a table 三 line's label text; how is exact / prefix / fuzzy."""
    if not key or key in _GROUP_KEYS:
        return None
    pattern, aliases = _row_matcher()
    found = list(pattern.finditer(key))
    if found:
        return aliases[found[-1].group(0)], "exact"
    for skip in range(4):
        core = _NUMBERING.sub("", key[skip:])
        if len(core) >= 5:
            for full, path in _row_cores().items():
                if full.startswith(core):
                    return path, "prefix"
    if len(key) < 5 or _header_only().fullmatch(key):
        return None
    cores = [_NUMBERING.sub("", key[skip:]) for skip in range(3)]
    best: tuple[float, str] | None = None
    for full, path, full_chars in _fuzzy_targets():
        for core in cores:
            # difflib's ratio is at most 2 × (characters the two share) / (both lengths): skip
            # what cannot reach the threshold or beat the best so far
            size = len(core) + len(full)
            shared = min(len(full), sum(map(full_chars.__contains__, core)))
            bound = 2 * shared / size if size else 0.0
            if bound < FUZZY_MIN or (best is not None and bound <= best[0]):
                continue
            ratio = difflib.SequenceMatcher(None, core, full, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, path)
    if best is not None and best[0] >= FUZZY_MIN:
        return best[1], "fuzzy"
    return None


@functools.cache
def _header_only() -> re.Pattern[str]:
    """Label text made of table 三's header words only (申请人情况, 自然人, 法人或其他组织, …): a
    header line, not a row, so not worth fuzzy matching."""
    words = {label_key(a.metadata["label"]) for a in attrs.fields(ApplicantCounts)}
    words.update(label_key(w) for w in (APPLICANTS, LEGAL_PERSONS, *labels.REQUEST_HEADER_WORDS))
    return re.compile("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")+")


FUZZY_MIN = 0.85
"""The least difflib ratio for a fuzzy match of a table 三 row label."""


@functools.cache
def _fuzzy_targets() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """``(full label key, row path, its characters)`` for every row of table 三."""
    return tuple((full, path, frozenset(full)) for full, path in _row_cores().items())


def assemble_requests(
    lines: list[Cells], edition: str, sink: Sink, source: Sequence[tuple[int, str]] = ()
) -> bool:
    """Fill table 三 of ``edition``; returns True when the 2019 single （六）其他处理 row was found.
    ``source``: the text's lines (number, text), where rows aligned with spaces are measured."""
    rows = _request_paths(edition)
    # events: (row path or None, values or None, line)
    events: list[Event] = []
    lines = join_fragments(lines, lambda key: match_request_row(key) is not None)
    for cells in gather(lines, ROW_WIDTH):
        match = match_request_row(cells.text) if cells.text else None
        if match is not None and match[1] == "fuzzy":
            sink.add(
                Code.LABEL_FUZZY,
                f"row label {cells.raw!r} read as {match[0]}",
                cells.line,
                [],
                cells.raw,
            )
        path = match[0] if match else None
        if path == "other_handling" and edition == "2021" and not cells.values:
            continue  # in 2021 （六）其他处理 is a group label over three sub-rows
        if path is None and not cells.values:
            continue
        if path is not None and not cells.values:
            events.append((path, None, cells.line))
        elif path is None and cells.values:
            if _is_header(cells):
                continue
            events.append((None, cells, cells.line))
        else:
            events.append((path, cells, cells.line))
    counts = {len(cells.values) for _path, cells, _line in events if cells is not None}
    if ROW_WIDTH - 1 in counts:  # (a row one cell short: its 总计 may be printed below)
        events = moved.rejoin_totals(events)
    if max(counts, default=0) >= 2 * ROW_WIDTH:  # (a row holding several rows' cells)
        events = moved.unstack(moved.by_columns(events, _order(rows), _row_keys, sink))
    pairs = _pair(events, rows, sink)
    single_other: Cells | None = None
    filled: dict[str, tuple[Cells, int]] = {}
    order = _order(rows)
    last_index = -1
    for path, cells, line in pairs:
        if path == "other_handling" and edition == "2021":
            single_other = cells
            continue
        if path not in order:
            sink.add(Code.ROW_UNEXPECTED, f"table 三: row {path} is not in the {edition} format", line)
            continue
        if path in filled:
            nxt_index = last_index + 1
            if nxt_index < len(rows) and rows[nxt_index] not in filled:
                nxt = rows[nxt_index]
                sink.add(
                    Code.ROW_DUPLICATE_LABEL,
                    f"row label {path} repeated where {nxt} is expected; read as {nxt}",
                    line,
                    _row_keys(nxt),
                )
                path = nxt
            else:
                sink.add(Code.ROW_DUPLICATE, f"table 三: row {path} appears twice", line, _row_keys(path))
                continue
        filled[path] = (cells, line)
        last_index = order[path]
    values_of = short_row_values([cells for cells, _line in filled.values()])
    placed = _blanks_placed([cells for cells, _line in filled.values()], ROW_WIDTH, source)
    for path, keys, what in _request_plan(rows):
        if path in filled:
            cells, line = filled[path]
            values = placed.get(cells.line) or values_of(cells)
            fill_row(sink, keys, ROW_KINDS, values, line, ROW_CONSTRAINT, what)
        elif path.startswith("other_handling.") and single_other is not None:
            continue
        else:
            for k in keys:
                sink.values[k] = None
            sink.add(Code.ROW_MISSING, f"table 三: row {path} not found", None, keys)
    if single_other is not None:
        _spread_single_other(single_other, sink)
    return single_other is not None


def _spread_single_other(cells: Cells, sink: Sink) -> None:
    """The 2019 single （六）其他处理 row in a 2021 table: 0 stays 0 in all three sub-rows."""
    scratch = Sink()
    keys = _row_keys("other_handling")
    fill_row(scratch, keys, ROW_KINDS, cells.values, cells.line, ROW_CONSTRAINT)
    sink.diagnostics.extend(scratch.diagnostics)
    ambiguous = []
    for column in (*APPLICANT_COLUMNS, "total"):
        value = scratch.values.get(f"requests.other_handling.{column}")
        for sub in ("no_correction", "unpaid_fee", "other"):
            key = f"requests.other_handling.{sub}.{column}"
            sink.positions[key] = position(cells.line)
            if value == 0:
                sink.values[key] = 0
            else:
                sink.values[key] = None
                ambiguous.append(key)
    sink.add(
        Code.EDITION_MIXED_OTHER_HANDLING,
        "a 2021 table with the 2019 single （六）其他处理 row: its sub-rows are 0 where the row is 0, "
        "otherwise unknown",
        cells.line,
        ambiguous,
        cells.raw,
    )


def _blanks_placed(
    rows: list[Cells], width: int, source: Sequence[tuple[int, str]]
) -> dict[int, tuple[str, ...]]:
    """The rows of one table (or block) of ``width`` value columns, aligned with spaces, that are
    short of cells: their values with blank cells where their cells' positions against the full
    rows place them (:mod:`govinfo.columns`), by line number."""
    if width < 2 or not source:
        return {}
    # (a row aligned with spaces has a gap of two or more between cells: one joined from several
    # lines, or of TAB or pipe cells, has not, and nearly every table has no such short row)
    short = range(max(width - columns.MAX_BLANKS, 1), width)
    if not [c for c in rows if len(c.values) in short and "  " in c.raw and "\t" not in c.raw]:
        return {}
    return columns.aligned_blanks(rows, width, dict(source))


def _is_header(cells: Cells) -> bool:
    return any(w in cells.text for w in labels.REQUEST_HEADER_WORDS)


def _pair(events: list[Event], rows: tuple[str, ...], sink: Sink) -> list[tuple[str, Cells, int]]:
    """Pair labels without values and values without labels inside each gap between anchored rows
    (label and values on one line), as converters print wrapped label cells apart from their rows.

    In a gap, labels and value rows of equal number pair in order.  Otherwise, when the value rows
    are as many as the template's rows between the two anchors, they are those rows, in template
    order (a diagnostic names their keys).  Otherwise nothing in the gap is paired: its labels and
    values are named by diagnostics, never guessed.
    """
    order = _order(rows)
    out: list[tuple[str, Cells, int]] = []
    pending: list[tuple[str | None, Cells | None, int]] = []
    previous = -1

    def flush(following: int) -> None:
        pending_labels = [(p, line) for p, c, line in pending if p is not None]
        pending_values = [c for p, c, _ in pending if c is not None]
        between = list(rows[previous + 1 : following])
        if pending_values and len(pending_labels) == len(pending_values):
            for (path, line), cells in zip(pending_labels, pending_values, strict=True):
                out.append((path, cells, line))
        elif pending_values and len(pending_values) == len(between):
            for path, cells in zip(between, pending_values, strict=True):
                out.append((path, cells, cells.line))
            sink.add(
                Code.ROW_DETACHED_LABEL,
                f"table 三: {len(pending_values)} value rows printed apart from their labels, read as "
                f"the rows {between[0]} … {between[-1]} in the format's order",
                pending_values[0].line,
                [k for path in between for k in _row_keys(path)],
            )
        else:
            paired = {path for path, _cells, _line in out}
            for path, line in pending_labels:
                if path in paired:
                    continue  # its values were found apart from it (the label printed elsewhere)
                sink.add(
                    Code.ROW_NO_VALUES,
                    f"table 三: no values found for row {path}",
                    line,
                    _row_keys(path),
                )
            for cells in pending_values:
                sink.add(
                    Code.ROW_ORPHAN_VALUES,
                    f"values with no row label: {cells.raw!r}",
                    cells.line,
                    [k for path in between for k in _row_keys(path)],
                )
        pending.clear()

    for path, cells, line in events:
        if path is not None and cells is not None:
            index = order.get(path, previous)
            if pending:
                flush(index if index > previous else len(rows))
            out.append((path, cells, line))
            previous = max(previous, index)
        else:
            pending.append((path, cells, line))
    if pending:
        flush(len(rows))
    return out


@functools.cache
def _request_paths(edition: str) -> tuple[str, ...]:
    return tuple(r.path for r in labels.request_rows(edition))


@functools.lru_cache(maxsize=8)
def _request_plan(rows: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Per row of table 三 (``rows``, of one edition): its path, keys and name in messages."""
    return tuple((path, _row_keys(path), f"row {path}") for path in rows)


@functools.lru_cache(maxsize=8)
def _order(rows: tuple[str, ...]) -> dict[str, int]:
    """Where each row is in the template (rows of one edition)."""
    return {p: i for i, p in enumerate(rows)}


@functools.lru_cache(maxsize=64)
def _row_keys(path: str) -> tuple[str, ...]:
    return tuple(f"requests.{path}.{c}" for c in (*APPLICANT_COLUMNS, "total"))


# --- table 四 ----------------------------------------------------------------------------------

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_KEYS = [f"review_litigation.{g}.{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
REVIEW_CONSTRAINT = SumGroups(tuple(tuple(range(i, i + 5)) for i in (0, 5, 10)))


def assemble_review(lines: list[Cells], sink: Sink) -> None:
    """Fill table 四: one row of 15 values in the official column order."""
    values: list[str] = []
    first_line: int | None = None
    for cells in lines:
        if not cells.values:
            continue
        if first_line is None:
            first_line = cells.line
        values.extend(cells.values)
    if not values:
        for k in REVIEW_KEYS:
            sink.values[k] = None
        sink.add(Code.TABLE_MISSING, "table 四: no values found", None, REVIEW_KEYS)
        return
    fill_row(sink, REVIEW_KEYS, ["count"] * 15, values, first_line, REVIEW_CONSTRAINT, "table 四")
    read = [sink.values.get(k) for k in REVIEW_KEYS]
    groups = [[v for v in read[i : i + 5] if type(v) is int] for i in (0, 5, 10)]
    sums = [sum(g[:4]) == g[4] for g in groups if len(g) == 5]
    if len(sums) > 1 and not any(sums):
        sink.add(
            Code.TABLE_SUMS_BROKEN,
            "table 四: every 总计 differs from the sum of its results; the values may be out of order",
            first_line,
            REVIEW_KEYS,
        )
