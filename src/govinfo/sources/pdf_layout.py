"""Lines, words and ruled tables from a page's characters and edges (see :mod:`.pdf_pdfium`).

These are pdfplumber's rules (pdfplumber, MIT License, Copyright (c) Jeremy Singer-Vine; built on
pdfminer.six, MIT License), kept to the letter so that a page reads as it did when pdfplumber read
it (``read_pdf``'s output did not change with the engine):

* **duplicates** (a glyph drawn twice for fake bold: same text, font and size within 1 pt) count once;
* **words** are runs of characters on one line (tops within 3 pt) less than 3 pt apart, split at
  whitespace; rotated glyphs form lines along their baseline;
* **lines** are words whose tops lie within 3 pt (chained), read left to right;
* **tables** come from the ruling edges: edges within 3 pt snap to their mean and join when they
  overlap or nearly touch (3 pt); their crossings (within 3 pt) are the corners of cells, each cell
  the smallest box whose four sides are drawn; cells sharing a corner form one table.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, TypeVar

from .pdf_pdfium import Char, Edge

_TOLERANCE = 3.0  # x, y, snap, join and intersection tolerance (points)
_DEDUPE_TOLERANCE = 1.0
_EDGE_MIN_LENGTH = 3.0
_EDGE_PREFILTER = 1.0

Box = tuple[float, float, float, float]
_T = TypeVar("_T")
_Point = tuple[float, float]


class Word(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Line(NamedTuple):
    """A line of text with its vertical extent."""

    top: float
    bottom: float
    text: str


# --- clustering ------------------------------------------------------------------------------------


def _cluster_ids(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each distinct value and its cluster: sorted values chained within ``tolerance``."""
    ids: dict[float, int] = {}
    last = 0.0
    n = -1
    for value in sorted(set(values)):
        if n < 0 or value > last + tolerance:
            n += 1
        ids[value] = n
        last = value
    return ids


def cluster(items: Sequence[_T], key: Callable[[_T], float], tolerance: float) -> list[list[_T]]:
    """``items`` in clusters of close ``key`` (ordered by key, items in their order within each)."""
    ids = _cluster_ids((key(item) for item in items), tolerance)
    groups: dict[int, list[_T]] = {}
    for item in items:
        groups.setdefault(ids[key(item)], []).append(item)
    return [groups[n] for n in sorted(groups)]


def _cluster_in_order(items: Sequence[_T], key: Callable[[_T], float], tolerance: float) -> list[list[_T]]:
    """Like :func:`cluster`, but runs of neighbours in the same cluster, in the items' order."""
    ids = _cluster_ids((key(item) for item in items), tolerance)
    return [list(run) for _, run in itertools.groupby(items, key=lambda item: ids[key(item)])]


# --- characters, words and lines -------------------------------------------------------------------


def dedupe(chars: list[Char]) -> list[Char]:
    """``chars`` without duplicates: the same text, font and size within 1 pt of another."""
    groups: dict[tuple[bool, str, str, float], list[int]] = {}
    for n, c in enumerate(chars):
        groups.setdefault((c["upright"], c["text"], c["font"], c["size"]), []).append(n)
    drop: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        if _apart([chars[n]["top"] for n in members]) or _apart([chars[n]["x0"] for n in members]):
            continue  # no two on one line, or no two in one place: nothing to drop (cheaply)
        for row in cluster(members, lambda n: chars[n]["top"], _DEDUPE_TOLERANCE):
            for same in cluster(row, lambda n: chars[n]["x0"], _DEDUPE_TOLERANCE):
                keep = min(same, key=lambda n: (chars[n]["top"], chars[n]["x0"]))
                drop.update(n for n in same if n != keep)
    return [c for n, c in enumerate(chars) if n not in drop] if drop else chars


def _apart(values: list[float]) -> bool:
    """Whether no two of ``values`` are within the dedupe tolerance (so no cluster has two)."""
    values.sort()
    return all(b > a + _DEDUPE_TOLERANCE for a, b in itertools.pairwise(values))


def _line_key(direction: str) -> Callable[[Char], float]:
    return {
        "ttb": lambda c: c["top"],
        "btt": lambda c: -c["bottom"],
        "ltr": lambda c: c["x0"],
        "rtl": lambda c: -c["x1"],
    }[direction]


def _char_key(direction: str) -> Callable[[Char], tuple[float, float]]:
    return {
        "ttb": lambda c: (c["top"], c["bottom"]),
        "btt": lambda c: (-c["bottom"], -c["top"]),
        "ltr": lambda c: (c["x0"], c["x0"]),
        "rtl": lambda c: (-c["x1"], -c["x0"]),
    }[direction]


def _new_word(prev: Char, char: Char, direction: str) -> bool:
    """Whether ``char`` starts a new word after ``prev``, reading in ``direction``."""
    if direction in ("ltr", "rtl"):
        ay, cy = prev["top"], char["top"]
        if direction == "ltr":
            ax, bx, cx = prev["x0"], prev["x1"], char["x0"]
        else:
            ax, bx, cx = -prev["x1"], -prev["x0"], -char["x1"]
    else:
        ay, cy = prev["x0"], char["x0"]
        if direction == "ttb":
            ax, bx, cx = prev["top"], prev["bottom"], char["top"]
        else:
            ax, bx, cx = -prev["bottom"], -prev["top"], -char["bottom"]
    return cx < ax or cx > bx + _TOLERANCE or abs(cy - ay) > _TOLERANCE


def _word(chars: list[Char]) -> Word:
    return Word(
        "".join(c["text"] for c in chars),
        min(c["x0"] for c in chars),
        min(c["top"] for c in chars),
        max(c["x1"] for c in chars),
        max(c["bottom"] for c in chars),
    )


def words(chars: list[Char], line_dir_rotated: str = "ltr", char_dir_rotated: str = "ttb") -> list[Word]:
    """The words of ``chars``: upright text in lines top to bottom read left to right; rotated
    glyphs in lines along ``line_dir_rotated`` read along ``char_dir_rotated``."""
    out: list[Word] = []
    for upright, run in itertools.groupby(chars, key=lambda c: c["upright"]):
        line_dir, char_dir = ("ttb", "ltr") if upright else (line_dir_rotated, char_dir_rotated)
        char_key = _char_key(char_dir)
        for line in cluster(list(run), _line_key(line_dir), _TOLERANCE):
            current: list[Char] = []
            for char in sorted(line, key=char_key):
                if char["text"].isspace():
                    if current:
                        out.append(_word(current))
                    current = []
                elif not char["text"]:
                    if current:
                        out.append(_word(current))
                    out.append(_word([char]))
                    current = []
                elif current and _new_word(current[-1], char, char_dir):
                    out.append(_word(current))
                    current = [char]
                else:
                    current.append(char)
            if current:
                out.append(_word(current))
    return out


def extract_text(chars: list[Char], line_dir_rotated: str = "ltr", char_dir_rotated: str = "ttb") -> str:
    """The text of ``chars`` (one cell): its words, a space between, lines top to bottom."""
    lines = cluster(words(chars, line_dir_rotated, char_dir_rotated), lambda w: w.top, _TOLERANCE)
    return "\n".join(" ".join(w.text for w in line) for line in lines)


def text_lines(chars: list[Char]) -> list[Line]:
    """The lines of a page's running text: words whose tops are close, in the order read."""
    out: list[Line] = []
    for line in _cluster_in_order(words(chars), lambda w: w.top, _TOLERANCE):
        text = " ".join(w.text for w in line).strip(" ")
        if text.strip():
            out.append(Line(min(w.top for w in line), max(w.bottom for w in line), text))
    return out


# --- tables ----------------------------------------------------------------------------------------


class Row(NamedTuple):
    """A table row: a cell box per column (``None`` where a merged cell from above covers it)."""

    cells: list[Box | None]
    bbox: Box


class Table:
    """Ruled cells that share corners."""

    def __init__(self, cells: list[Box]) -> None:
        self.cells = cells
        self.bbox: Box = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )

    @property
    def rows(self) -> list[Row]:
        columns = sorted({c[0] for c in self.cells})
        out: list[Row] = []
        for _top, group in itertools.groupby(
            sorted(self.cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]
        ):
            by_x = {c[0]: c for c in group}
            present = list(by_x.values())
            bbox = (
                min(c[0] for c in present),
                min(c[1] for c in present),
                max(c[2] for c in present),
                max(c[3] for c in present),
            )
            out.append(Row([by_x.get(x) for x in columns], bbox))
        return out


def _length(edge: Edge) -> float:
    return edge.bottom - edge.top if edge.orientation == "v" else edge.x1 - edge.x0


def _snap(edges: list[Edge], vertical: bool) -> list[Edge]:
    """Edges within the snap tolerance moved to their mean position (x for vertical, y for horizontal)."""
    out: list[Edge] = []
    position: Callable[[Edge], float] = (lambda e: e.x0) if vertical else (lambda e: e.top)
    for group in cluster(edges, position, _TOLERANCE):
        mean = sum(position(e) for e in group) / len(group)
        for e in group:
            shift = mean - position(e)
            if vertical:
                out.append(e._replace(x0=e.x0 + shift, x1=e.x1 + shift))
            else:
                out.append(e._replace(top=e.top + shift, bottom=e.bottom + shift))
    return out


def _join(edges: Iterable[Edge], vertical: bool) -> list[Edge]:
    """Edges along one line joined where they overlap or nearly touch."""
    ordered = sorted(edges, key=(lambda e: e.top) if vertical else (lambda e: e.x0))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if vertical:
            if e.top <= last.bottom + _TOLERANCE:
                if e.bottom > last.bottom:
                    joined[-1] = last._replace(bottom=e.bottom)
            else:
                joined.append(e)
        elif e.x0 <= last.x1 + _TOLERANCE:
            if e.x1 > last.x1:
                joined[-1] = last._replace(x1=e.x1)
        else:
            joined.append(e)
    return joined


def _merge(edges: list[Edge]) -> list[Edge]:
    vertical = [e for e in edges if e.orientation == "v" and e.bottom - e.top >= _EDGE_PREFILTER]
    horizontal = [e for e in edges if e.orientation == "h" and e.x1 - e.x0 >= _EDGE_PREFILTER]
    snapped = _snap(vertical, True) + _snap(horizontal, False)

    def group(e: Edge) -> tuple[str, float]:
        return (e.orientation, e.x0 if e.orientation == "v" else e.top)

    merged: list[Edge] = []
    for (orientation, _), same in itertools.groupby(sorted(snapped, key=group), key=group):
        merged += _join(same, orientation == "v")
    return [e for e in merged if _length(e) >= _EDGE_MIN_LENGTH]


_Crossings = dict[_Point, tuple[set[Box], set[Box]]]


def _crossings(edges: list[Edge]) -> _Crossings:
    """Where vertical and horizontal edges cross (within the tolerance): for each point, the
    vertical and horizontal edges through it (as boxes)."""
    horizontal = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    tops = [e.top for e in horizontal]
    out: _Crossings = {}
    for v in sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top)):
        start = bisect.bisect_left(tops, v.top - _TOLERANCE)
        for h in horizontal[start:]:
            if h.top > v.bottom + _TOLERANCE:
                break
            if (
                v.top <= h.top + _TOLERANCE
                and v.bottom >= h.top - _TOLERANCE
                and h.x0 - _TOLERANCE <= v.x0 <= h.x1 + _TOLERANCE
            ):
                v_edges, h_edges = out.setdefault((v.x0, h.top), (set(), set()))
                v_edges.add((v.x0, v.top, v.x1, v.bottom))
                h_edges.add((h.x0, h.top, h.x1, h.bottom))
    return out


def _cells(crossings: _Crossings) -> list[Box]:
    """The smallest boxes whose corners are crossings joined by edges, one per top-left corner."""

    def joined(p: _Point, q: _Point) -> bool:
        if p[0] == q[0] and not crossings[p][0].isdisjoint(crossings[q][0]):
            return True
        return p[1] == q[1] and not crossings[p][1].isdisjoint(crossings[q][1])

    by_x: dict[float, list[float]] = {}
    by_y: dict[float, list[float]] = {}
    points = sorted(crossings)
    for x, y in points:
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)
    cells: list[Box] = []
    for x, y in points:
        ys, xs = by_x[x], by_y[y]
        below = [(x, y2) for y2 in ys[bisect.bisect_right(ys, y) :]]
        right = [(x2, y) for x2 in xs[bisect.bisect_right(xs, x) :]]
        cell = _smallest_cell((x, y), below, right, crossings, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    corner: _Point,
    below: list[_Point],
    right: list[_Point],
    crossings: _Crossings,
    joined: Callable[[_Point, _Point], bool],
) -> Box | None:
    for b in below:
        if not joined(corner, b):
            continue
        for r in right:
            if not joined(corner, r):
                continue
            far = (r[0], b[1])
            if far in crossings and joined(far, r) and joined(far, b):
                return (corner[0], corner[1], far[0], far[1])
    return None


def _tables(cells: list[Box]) -> list[Table]:
    """Cells grouped by shared corners, tables of two cells or more, top to bottom."""
    by_corner: dict[_Point, list[int]] = {}
    for n, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            by_corner.setdefault(corner, []).append(n)
    seen: set[int] = set()
    groups: list[list[Box]] = []
    for n in range(len(cells)):
        if n in seen:
            continue
        seen.add(n)
        todo, group = [n], []
        while todo:
            m = todo.pop()
            group.append(cells[m])
            x0, top, x1, bottom = cells[m]
            for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
                for other in by_corner[corner]:
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
        groups.append(group)
    groups.sort(key=lambda g: min((c[1], c[0]) for c in g))
    return [Table(g) for g in groups if len(g) > 1]


def find_tables(edges: list[Edge]) -> list[Table]:
    """The ruled tables that ``edges`` draw."""
    merged = _merge(edges)
    if not merged:
        return []
    return _tables(_cells(_crossings(merged)))
