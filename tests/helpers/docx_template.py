"""The blank 2021 Word template (``tests/data``) filled in with a report's cells and text."""

from __future__ import annotations

import io
from pathlib import Path

import govinfo
from govinfo.model import Report
from govinfo.sources.grid import clean_cell

TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "template-2021-blank.docx"


def fill_template(report: Report) -> bytes:
    """The blank template with ``report``'s cells filled in and its text as paragraphs."""
    items = govinfo.render(report, "tsv").rstrip("\n").split("\n\n")
    grids = [[line.split("\t") for line in item.split("\n")] for item in items if "\t" in item]
    chunks: list[list[str]] = [[]]
    for item in items:
        if "\t" in item:
            chunks.append([])
        else:
            chunks[-1].append(item)
    import docx  # the docx extra: the tests that call this skip without it

    document = docx.Document(str(TEMPLATE))
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    assert len(grids) == len(document.tables) == 3
    for table, grid in zip(document.tables, grids, strict=True):
        cells = [row.cells for row in table.rows]  # a merged cell repeats across its span
        assert [len(row) for row in cells] == [len(row) for row in grid]
        for row_cells, row in zip(cells, grid, strict=True):
            for cell, text in zip(row_cells, row, strict=True):
                if text and not clean_cell(cell.text):
                    cell.text = text
    anchors = [table._tbl for table in document.tables]
    for chunk, anchor in zip(chunks, [*anchors, None], strict=True):
        for text in chunk:
            p = document.add_paragraph(text)._p
            if anchor is not None:
                anchor.addprevious(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
