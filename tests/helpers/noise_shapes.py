"""Input shapes of issue 12 that bend a report's line structure, as transforms of a rendered report.

``tests/test_noise.py`` holds the noises that leave the structure alone (page footers, spaces, …);
the shapes here move, split or insert table lines, so each comes with the fact keys it may cost
(:class:`Shaped`), and the tests hold each to its own property.  Every transform takes the clean
rendering of a report (``govinfo.render``) and explicit choices (which row, which heading, …), so
hypothesis draws — and shrinks — the choices directly:

:func:`stray_heading`
    one section heading (``一、总体情况``, or any other) as its own line between two rows of table
    二 or 三;
:func:`blank_cells`
    (``lines`` layout) ``None`` cells written as a line of one no-break space, a lone ``|``, or
    an empty line, instead of ``/``;
:func:`label_notes`
    row labels of table 二 or 三 followed by a long provincial note in brackets
    (``行政许可（含备案、核准…）``), so that the label line is longer than 40 characters;
:func:`detached_labels`
    (``text``, ``tsv``, ``markdown``) a stretch of table 三 rows whose label cells are printed as
    lines of their own, stacked above (or below) the value-only rows, as PDF→Markdown converters do;
:func:`block_one_last`
    table 二's block 第二十条第（一）项 printed after blocks (五)–(八);
:func:`wrong_conversion`
    ``文件`` of the table 二 row label ``（行政）规范性文件`` written ``档案`` (a traditional→simplified
    round trip through Taiwan phrases).

The helpers that find headings and table rows in a rendered text (:func:`locate_rows`) are shared
with ``test_noise.py``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import attrs
import opencc

from govinfo.model import TABLE_CLASSES, Edition, Report

Table = Literal["active", "requests"]
TABLES: tuple[Table, ...] = ("active", "requests")


@attrs.frozen
class Copy:
    """What a noise may need to know about the text it disturbs."""

    layout: str
    script: str


# --- reading a rendered text ---------------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    return text.split("\n")


@functools.cache
def _s2t() -> Callable[[str], str]:
    convert: Callable[[str], str] = opencc.OpenCC("s2t").convert
    return convert


def in_script(text: str, copy: Copy) -> str:
    """``text`` (simplified) in the script of ``copy``."""
    return _s2t()(text) if copy.script == "traditional" else text


SECTION_FIELDS = ("overview", "active", "requests", "review_litigation", "problems", "other_matters")


@functools.cache
def section_headings(script: str) -> tuple[str, ...]:
    """The six section headings as rendered (``render`` writes the model's labels), in order."""
    fields = attrs.fields_dict(Report)
    return tuple(in_script(fields[n].metadata["label"], Copy("text", script)) for n in SECTION_FIELDS)


def content(line: str) -> str:
    """A line without surrounding whitespace (other noises may have added some) or ``#`` marks."""
    return line.strip().lstrip("#").strip()


def is_heading(line: str, copy: Copy) -> bool:
    return content(line) in section_headings(copy.script)


BLOCK_TITLE_STARTS = ("第二十条", "第二十條")


def is_block_title(line: str) -> bool:
    return content(line).startswith(BLOCK_TITLE_STARTS)


def cells(line: str) -> list[str]:
    """The cell texts of a table line in any text layout (tabs, pipes, or two or more spaces)."""
    return [c.strip() for c in re.split(r"\t|\||\s{2,}", line) if c.strip()]


def _region(lines: list[str], copy: Copy, table: Table) -> tuple[int, int]:
    """``(heading, stop)``: the line index of the table's section heading and of the next one."""
    numeral = {"active": "二、", "requests": "三、"}[table]
    starts = [i for i, line in enumerate(lines) if is_heading(line, copy)]
    first = next(i for i in starts if content(lines[i]).startswith(numeral))
    stop = next((i for i in starts if i > first), len(lines))
    return first, stop


# --- the rows of tables 二 and 三 ------------------------------------------------------------------


@attrs.frozen
class Row:
    """A data row of the template: the fact keys of its cells, and its own label (simplified)."""

    prefix: str
    label: str
    keys: tuple[str, ...]


def _walk(cls: type[Any], prefix: str) -> Iterator[Row]:
    for attribute in attrs.fields(cls):
        sub = attribute.default.factory
        leaves = attrs.fields(sub)
        key = f"{prefix}.{attribute.name}"
        if all("kind" in leaf.metadata for leaf in leaves):
            yield Row(key, attribute.metadata["label"], tuple(f"{key}.{leaf.name}" for leaf in leaves))
        else:
            yield from _walk(sub, key)


@functools.cache
def template_rows(edition: Edition, table: Table) -> tuple[Row, ...]:
    """The data rows of table 二 (``active``) or 三 (``requests``) of ``edition``, in order."""
    active_cls, requests_cls = TABLE_CLASSES[edition]
    return tuple(_walk(active_cls if table == "active" else requests_cls, table))


@attrs.frozen
class Placed:
    """A row as rendered: the index of the line with its label, and of its last line (in the
    ``lines`` layout, its last value cell; elsewhere the label line itself)."""

    row: Row
    at: int
    last: int


def locate_rows(lines: list[str], copy: Copy, edition: Edition, table: Table) -> list[Placed]:
    """Where each row of ``table`` is in a clean rendering (each label found after the last one)."""
    heading, stop = _region(lines, copy, table)
    placed: list[Placed] = []
    at = heading + 1
    for row in template_rows(edition, table):
        label = in_script(row.label, copy)
        at = next(i for i in range(at, stop) if label in cells(lines[i]))
        last = at + 2 * len(row.keys) if copy.layout == "lines" else at
        placed.append(Placed(row, at, last))
        at = last + 1
    return placed


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- the shapes ----------------------------------------------------------------------------------


@attrs.frozen
class Shaped:
    """A transformed text; ``at``: the index of the (first) line changed; ``excused``: the fact
    keys the shape may cost (``None`` with a diagnostic naming them is then allowed)."""

    text: str
    at: int
    excused: frozenset[str] = frozenset()


def _joined(lines: list[str]) -> str:
    return "\n".join(lines)


def stray_heading(text: str, copy: Copy, edition: Edition, table: Table, gap: int, heading: int) -> Shaped:
    """Section heading number ``heading`` (0 is 一、总体情况) as its own line right after row ``gap``
    of ``table`` (0 ≤ ``gap`` < rows − 1: between two rows); the keys of those two rows are
    excused.  In markdown the heading is written as markdown writes headings (``## …``)."""
    lines = split_lines(text)
    rows = locate_rows(lines, copy, edition, table)
    assert 0 <= gap < len(rows) - 1
    line = section_headings(copy.script)[heading]
    if copy.layout == "markdown":
        line = f"## {line}"
    at = rows[gap].last + 1
    insert = ["", line] if copy.layout == "lines" else [line]
    lines[at:at] = insert
    excused = frozenset((*rows[gap].row.keys, *rows[gap + 1].row.keys))
    return Shaped(_joined(lines), at + len(insert) - 1, excused)


NOT_REPORTED = "/"
BLANK_CELLS = {"nbsp": "\u00a0", "pipe": "|", "empty": ""}
"""How a blank cell is written on its own line in copies where an empty line separates cells."""


def not_reported_lines(lines: list[str]) -> list[int]:
    """(``lines`` layout) The indices of the lines that are a ``None`` cell (``/``)."""
    return [i for i, line in enumerate(lines) if line == NOT_REPORTED]


def blank_cells(text: str, copy: Copy, which: Sequence[int], blank: str) -> Shaped:
    """(``lines``) The ``None`` cells number ``which`` (in text order) written ``blank`` instead
    of ``/``."""
    assert copy.layout == "lines"
    lines = split_lines(text)
    slots = not_reported_lines(lines)
    for n in which:
        lines[slots[n]] = blank
    return Shaped(_joined(lines), min(slots[n] for n in which))


NOTES = (
    "（含备案、核准、登记等事项，数据以本级政务服务平台统计系统导出的年度结果为准）",
    "（按本年度实际办理数量统计，不含上级机关委托办理和与有关部门联合办理的各类事项）",
    "（注：本项由本机关业务科室据实填报，经办公室审核汇总后报本级政务公开主管部门）",
)
"""Provincial notes after a row label, each long enough to make any label line > 40 characters
(none holds another label of the tables, nor a digit)."""

DOCUMENT_NOTE = "（指行政规范性文件，即本机关依照法定权限和程序制发、在一定期限内反复适用的公文）"
"""The note of the row ``（行政）规范性文件``, in place of ``NOTES[0]``."""


def note_text(row: Row, note: int) -> str:
    """Note number ``note`` of :data:`NOTES` for ``row`` (simplified)."""
    return DOCUMENT_NOTE if note == 0 and row.label.endswith("规范性文件") else NOTES[note]


def label_notes(
    text: str, copy: Copy, edition: Edition, picks: Sequence[tuple[Table, int, int]], ascii_brackets: bool
) -> Shaped:
    """Row ``row`` of ``table`` followed by note ``note`` (:func:`note_text`), for each ``(table,
    row, note)`` of ``picks``; the note's brackets ASCII ``()`` when ``ascii_brackets``."""
    lines = split_lines(text)
    rows = {table: locate_rows(lines, copy, edition, table) for table in TABLES}
    changed = []
    for table, row, note in picks:
        placed = rows[table][row]
        label = in_script(placed.row.label, copy)
        written = in_script(note_text(placed.row, note), copy)
        if ascii_brackets:
            written = "(" + written[1:-1] + ")"
        line = lines[placed.at]
        at = line.index(label) + len(label)
        lines[placed.at] = line[:at] + written + line[at:]
        changed.append(placed.at)
    return Shaped(_joined(lines), min(changed))


DETACHED_LAYOUTS = ("text", "tsv", "markdown")


def _detach(line: str, layout: str, width: int) -> tuple[str, str]:
    """A table 三 row line as ``(label line, value line)``: the label cells alone, and the last
    ``width`` (value) cells alone, each in the place the layout gives it."""
    if layout == "tsv":
        parts = line.split("\t")
        labels, values = parts[:-width], parts[-width:]
        return "\t".join([*labels, *[""] * width]), "\t".join([*[""] * len(labels), *values])
    if layout == "markdown":
        parts = [p.strip() for p in line.strip()[1:-1].split("|")]
        labels, values = parts[:-width], parts[-width:]
        return (
            "| " + " | ".join([*labels, *[""] * width]) + " |",
            "| " + " | ".join([*[""] * len(labels), *values]) + " |",
        )
    start = list(re.finditer(r"\S+", line))[-width].start()
    return line[:start].rstrip(), " " * display_width(line[:start]) + line[start:]


def detached_labels(text: str, copy: Copy, edition: Edition, first: int, count: int, below: bool) -> Shaped:
    """(``text``, ``tsv``, ``markdown``) Table 三 rows ``first`` … ``first + count - 1`` split in a
    label line and a value line, the ``count`` label lines stacked above the ``count`` value lines
    (below them when ``below``)."""
    assert copy.layout in DETACHED_LAYOUTS and count >= 2
    lines = split_lines(text)
    rows = locate_rows(lines, copy, edition, "requests")[first : first + count]
    assert len(rows) == count and rows[-1].at - rows[0].at == count - 1
    pairs = [_detach(lines[p.at], copy.layout, len(p.row.keys)) for p in rows]
    labels, values = [p[0] for p in pairs], [p[1] for p in pairs]
    lines[rows[0].at : rows[-1].at + 1] = [*values, *labels] if below else [*labels, *values]
    return Shaped(_joined(lines), rows[0].at)


BLOCK_ONE = "第二十条第（一）项"


def _block_titles(lines: list[str], copy: Copy) -> list[int]:
    heading, stop = _region(lines, copy, "active")
    return [i for i in range(heading + 1, stop) if is_block_title(lines[i])]


def block_one_targets(text: str, copy: Copy) -> range:
    """The ``after`` values of :func:`block_one_last` that put block (一) after block (八)."""
    lines = split_lines(text)
    titles = _block_titles(lines, copy)
    eight = next(n for n, i in enumerate(titles) if in_script("（八）", copy) in lines[i])
    return range(eight - 1, len(titles) - 1)


def block_one_last(text: str, copy: Copy, after: int) -> Shaped:
    """Table 二's block (一) — its title, header and rows — moved to after block number ``after``
    of the others (0 is (五); the last puts it at the table's end)."""
    lines = split_lines(text)
    titles = _block_titles(lines, copy)
    assert content(lines[titles[0]]) == in_script(BLOCK_ONE, copy) and 0 <= after < len(titles) - 1
    _, end = _region(lines, copy, "active")
    while not lines[end - 1].strip():
        end -= 1
    blocks = []
    for start, stop in zip(titles, [*titles[1:], end], strict=True):
        block = lines[start:stop]
        while not block[-1].strip():
            block.pop()
        blocks.append(block)
    order = [*blocks[1 : after + 2], blocks[0], *blocks[after + 2 :]]
    separator = [""] if copy.layout in ("lines", "markdown") else []
    body: list[str] = []
    at = titles[0]
    for n, block in enumerate(order):
        body += separator if n else []
        if block is blocks[0]:
            at += len(body)
        body += block
    return Shaped(_joined([*lines[: titles[0]], *body, *lines[end:]]), at)


def wrong_conversion(text: str, copy: Copy, edition: Edition) -> Shaped:
    """``文件`` in the label of the row ``（行政）规范性文件`` written ``档案``."""
    lines = split_lines(text)
    placed = next(p for p in locate_rows(lines, copy, edition, "active") if p.row.label.endswith("文件"))
    right, wrong = in_script("文件", copy), in_script("档案", copy)
    line = lines[placed.at]
    assert right in line
    lines[placed.at] = line.replace(right, wrong, 1)
    return Shaped(_joined(lines), placed.at)


def snippet(text: str, at: int, before: int = 6, after: int = 8) -> str:
    """The lines around line index ``at`` (numbered from 1, the line at ``at`` marked ``>``)."""
    lines = split_lines(text)
    return "\n".join(
        f"{'>' if i == at else ' '}{i + 1:4} {lines[i]!r}"
        for i in range(max(0, at - before), min(len(lines), at + after + 1))
    )
