"""The three official tables as grids of spanned cells, built from the model's metadata.

One geometry for every view: :mod:`govinfo.render` writes these grids as text, Markdown and HTML,
and :mod:`govinfo.display` draws them in notebooks.  Labels come from the fields' ``label``
metadata, table 二's blocks from ``block``; the header texts that are not fields from
:mod:`govinfo.model`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal

import attrs

from .model import (
    APPLICANTS,
    INFO_CONTENT,
    LEGAL_PERSONS,
    REQUESTS_NOTE,
    RESULTS_GROUP,
    ApplicantCounts,
    ReviewLitigation,
)

CellKind = Literal["title", "header", "label", "value"]

ACTIVE_WIDTH = 3
"""Value columns of table 二: a block with fewer columns widens its first one."""

_TOP_LEVEL_ROW = re.compile(r"^[一二三四五六七八九十]+、")


def value_text(value: object) -> str | None:
    """A cell value as written: counts as they are (signed), amounts in plain decimal notation,
    ``None`` (not reported) as ``None``."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@attrs.frozen
class Cell:
    """One table cell.  A value cell has its fact ``key`` and ``value``; its ``text`` is the value
    as written (``None``: not reported)."""

    text: str | None
    kind: CellKind
    rowspan: int = 1
    colspan: int = 1
    key: str | None = None
    value: object = None


Row = tuple[Cell, ...]


@attrs.frozen
class Block:
    """One block of table 二: its title, column labels and ``(row label, value cells)`` rows."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]


@attrs.frozen
class Table:
    """A table as rows of spanned cells; table 二 also keeps its blocks (Markdown writes them)."""

    name: str  # the Report field: active, requests, review_litigation
    rows: tuple[Row, ...]
    blocks: tuple[Block, ...] = ()


def label(attribute: attrs.Attribute[Any]) -> str:
    """The official label of a model field."""
    text: str = attribute.metadata["label"]
    return text


def value_cells(obj: Any, prefix: str, spans: tuple[int, ...] = ()) -> tuple[Cell, ...]:
    """The value cells of a row object, in field order; ``prefix``: the row's fact key."""
    cells = []
    for i, attribute in enumerate(attrs.fields(type(obj))):
        value = getattr(obj, attribute.name)
        span = spans[i] if i < len(spans) else 1
        cells.append(
            Cell(value_text(value), "value", colspan=span, key=f"{prefix}.{attribute.name}", value=value)
        )
    return tuple(cells)


def _spans(n: int) -> tuple[int, ...]:
    """Column spans of ``n`` value cells in the grid of table 二 (the first one widens)."""
    return (ACTIVE_WIDTH - n + 1, *[1] * (n - 1))


def active_table(active: Any) -> Table:
    """二、主动公开政府信息情况: per 第二十条 block a title row, a header row (信息内容 and the block's
    columns), then its rows."""
    blocks: list[Block] = []
    for attribute in attrs.fields(type(active)):
        row = getattr(active, attribute.name)
        columns = tuple(label(a) for a in attrs.fields(type(row)))
        entry = (label(attribute), value_cells(row, f"active.{attribute.name}", _spans(len(columns))))
        title: str = attribute.metadata["block"]
        if blocks and blocks[-1].title == title:
            last = blocks[-1]
            blocks[-1] = attrs.evolve(last, rows=(*last.rows, entry))
        else:
            blocks.append(Block(title=title, columns=columns, rows=(entry,)))
    rows: list[Row] = []
    for block in blocks:
        spans = _spans(len(block.columns))
        rows.append((Cell(block.title, "title", colspan=ACTIVE_WIDTH + 1),))
        header = [Cell(c, "header", colspan=s) for c, s in zip(block.columns, spans, strict=True)]
        rows.append((Cell(INFO_CONTENT, "header"), *header))
        rows.extend((Cell(text, "label"), *cells) for text, cells in block.rows)
    return Table(name="active", rows=tuple(rows), blocks=tuple(blocks))


def requests_table(requests: Any) -> Table:
    """三、收到和处理政府信息公开申请情况: 3 header rows, then one row per data row (3 label columns,
    7 applicant columns); the result rows （一）…（七） under one 三、本年度办理结果 label."""
    columns = [label(a) for a in attrs.fields(ApplicantCounts)]
    first, *orgs, last = columns
    rows: list[Row] = [
        (Cell(REQUESTS_NOTE, "header", rowspan=3, colspan=3), Cell(APPLICANTS, "header", colspan=7)),
        (
            Cell(first, "header", rowspan=2),
            Cell(LEGAL_PERSONS, "header", colspan=len(orgs)),
            Cell(last, "header", rowspan=2),
        ),
        tuple(Cell(c, "header") for c in orgs),
    ]
    # (group label or None, row label, value cells, top-level?)
    entries: list[tuple[str | None, str, tuple[Cell, ...], bool]] = []
    for attribute in attrs.fields(type(requests)):
        text = label(attribute)
        obj = getattr(requests, attribute.name)
        key = f"requests.{attribute.name}"
        if isinstance(obj, ApplicantCounts):
            entries.append((None, text, value_cells(obj, key), bool(_TOP_LEVEL_ROW.match(text))))
        else:
            for sub in attrs.fields(type(obj)):
                cells = value_cells(getattr(obj, sub.name), f"{key}.{sub.name}")
                entries.append((text, label(sub), cells, False))
    results = sum(1 for e in entries if not e[3])
    group_sizes: dict[str, int] = {}
    for group, *_ in entries:
        if group is not None:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    in_results = False
    previous_group: str | None = None
    for group, text, values, top in entries:
        lead: list[Cell] = []
        if top:
            lead.append(Cell(text, "label", colspan=3))
        else:
            if not in_results:
                lead.append(Cell(RESULTS_GROUP, "label", rowspan=results))
                in_results = True
            if group is None:
                lead.append(Cell(text, "label", colspan=2))
            else:
                if group != previous_group:
                    lead.append(Cell(group, "label", rowspan=group_sizes[group]))
                lead.append(Cell(text, "label"))
        previous_group = group
        rows.append((*lead, *values))
    return Table(name="requests", rows=tuple(rows))


def review_table(review: ReviewLitigation) -> Table:
    """四、政府信息公开行政复议、行政诉讼情况: group row, sub-group row, outcome row, then the 15
    values in one row."""
    top: list[Cell] = []
    middle: list[Cell] = []
    bottom: list[Cell] = []
    values: list[Cell] = []
    for attribute in attrs.fields(ReviewLitigation):
        outcomes = getattr(review, attribute.name)
        leaves = [label(a) for a in attrs.fields(type(outcomes))]
        group, _, sub = label(attribute).partition(" ")
        if top and top[-1].text == group:
            top[-1] = attrs.evolve(top[-1], colspan=top[-1].colspan + len(leaves))
        else:
            top.append(Cell(group, "header", colspan=len(leaves)))
        if sub:
            middle.append(Cell(sub.strip(), "header", colspan=len(leaves)))
            bottom.extend(Cell(leaf, "header") for leaf in leaves)
        else:
            middle.extend(Cell(leaf, "header", rowspan=2) for leaf in leaves)
        values.extend(value_cells(outcomes, f"review_litigation.{attribute.name}"))
    rows = (tuple(top), tuple(middle), *((tuple(bottom),) if bottom else ()), tuple(values))
    return Table(name="review_litigation", rows=rows)


__all__ = [
    "ACTIVE_WIDTH",
    "Block",
    "Cell",
    "CellKind",
    "Row",
    "Table",
    "active_table",
    "label",
    "requests_table",
    "review_table",
    "value_cells",
    "value_text",
]
