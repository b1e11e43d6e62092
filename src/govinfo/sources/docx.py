"""Word sources: a ``.docx`` → report text (paragraphs as lines, tables as TAB-joined grid rows).

:func:`read_docx` opens the document with python-docx (the ``govinfo-cn[docx]`` extra) and walks
the body in document order (content controls included).  A paragraph becomes a line (a line
break inside it starts a new one; tabs are kept).  A table becomes one line per row of its full
cell grid: a cell spanning columns (``gridSpan``) or continuing a vertical merge (``vMerge``) is
counted once, its text at its first position and the positions it covers empty.  A table that
lays out the page (holding another table, or a cell of long text) is read cell by cell as blocks.
Headers, footers, deleted text and field codes are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from .._extras import require
from ..exceptions import ParseError
from .grid import MAX_COLUMNS, SPAN_SLACK, clean_cell, grid_lines

__all__ = ["docx_lines", "read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_VAL = f"{{{_W}}}val"
# Wrappers whose children belong to the enclosing level (content controls, custom XML, revisions).
_WRAPPERS = frozenset(
    {"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "fldSimple", "hyperlink"}
)
# Subtrees that hold no visible text of the paragraph.
_NO_TEXT = frozenset({"pPr", "rPr", "tblPr", "trPr", "tcPr", "sdtPr", "del", "moveFrom", "Fallback"})
_LAYOUT_CELL = 300  # a cell with more text than this is page layout, not data
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _docx() -> Any:
    return require("docx", purpose="reading Word documents", package="python-docx", extra="docx")


def _name(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any) -> list[Any]:
    """``el``'s children with wrappers (content controls and the like) opened."""
    out: list[Any] = []
    for child in el:
        name = _name(child)
        if name in _WRAPPERS:
            out.extend(_children(child))
        elif name and name not in _NO_TEXT:
            out.append(child)
    return out


def _run_text(el: Any, out: list[str]) -> None:
    for child in el:
        name = _name(child)
        if name in _NO_TEXT or not name:
            continue
        if name == "t":
            out.append(child.text or "")
        elif name in ("tab", "ptab"):
            out.append("\t")
        elif name in ("br", "cr"):
            out.append("\n")
        elif name == "noBreakHyphen":
            out.append("-")
        elif name == "p":  # a paragraph in a text box inside this one
            out.append("\n")
            _run_text(child, out)
            out.append("\n")
        else:
            _run_text(child, out)


def paragraph_text(p: Any) -> str:
    """The visible text of a ``w:p`` element (line breaks as ``\\n``, tabs as ``\\t``)."""
    out: list[str] = []
    _run_text(p, out)
    return _CONTROLS.sub("", "".join(out))


def _int(el: Any, default: int) -> int:
    if el is None:
        return default
    m = re.match(r"\s*(\d+)", el.get(_VAL) or "")
    return int(m.group(1)[:6]) if m else default


def _first(el: Any, path: str) -> Any:
    return el.find(path, {"w": _W})


def _cell_text(tc: Any) -> str:
    """A cell's text: its paragraphs (and nested tables' cells) one per line."""
    parts: list[str] = []
    for child in _children(tc):
        name = _name(child)
        if name == "p":
            parts.append(paragraph_text(child))
        elif name == "tbl":
            parts.extend(_cell_text(tc2) for tr in _rows(child) for tc2 in _cells(tr))
    return "\n".join(parts)


def _rows(tbl: Any) -> list[Any]:
    return [child for child in _children(tbl) if _name(child) == "tr"]


def _cells(tr: Any) -> list[Any]:
    return [child for child in _children(tr) if _name(child) == "tc"]


def _grid(tbl: Any) -> list[list[str]]:
    """The full cell grid of a ``w:tbl``: merged positions after the first are empty.

    A span reaches at most the table's declared columns (``w:tblGrid``, plus a little slack) and
    :data:`~govinfo.sources.grid.MAX_COLUMNS`: ``gridSpan="999999"`` neither allocates a million
    cells nor pushes the row's other cells out of the table."""
    grid: list[list[str]] = []
    declared = len(tbl.findall("w:tblGrid/w:gridCol", {"w": _W}))
    rows = _rows(tbl)
    most = max((len(_cells(tr)) for tr in rows), default=0)
    width = min(max(declared, most) + SPAN_SLACK, MAX_COLUMNS)
    for tr in rows:
        row = [""] * min(_int(_first(tr, "w:trPr/w:gridBefore"), 0), width)
        for tc in _cells(tr):
            span = max(1, min(_int(_first(tc, "w:tcPr/w:gridSpan"), 1), width - len(row)))
            vmerge = _first(tc, "w:tcPr/w:vMerge")
            hmerge = _first(tc, "w:tcPr/w:hMerge")
            continued = any(m is not None and m.get(_VAL, "continue") != "restart" for m in (vmerge, hmerge))
            row.append("" if continued else _cell_text(tc))
            row.extend([""] * (span - 1))
            if len(row) >= MAX_COLUMNS:
                break
        grid.append(row[:MAX_COLUMNS])
    return grid


def _is_layout(tbl: Any, grid: list[list[str]]) -> bool:
    if any(_name(el) == "tbl" for tc in (c for tr in _rows(tbl) for c in _cells(tr)) for el in tc.iter()):
        return True
    filled = [c for row in grid for c in row if c.strip()]
    return (len(filled) <= 1 and len(grid) <= 1) or any(len(clean_cell(c)) > _LAYOUT_CELL for c in filled)


def _blocks(el: Any, lines: list[str], depth: int = 0) -> None:
    for child in _children(el):
        name = _name(child)
        if name == "p":
            lines.extend(line.rstrip() for line in paragraph_text(child).split("\n") if line.strip())
        elif name == "tbl":
            grid = _grid(child)
            if depth < 50 and _is_layout(child, grid):
                for tr in _rows(child):
                    for tc in _cells(tr):
                        _blocks(tc, lines, depth + 1)
            else:
                lines.extend(line for line in grid_lines(grid) if line.strip())


def docx_lines(document: Any) -> list[str]:
    """The report lines of an open python-docx ``Document``."""
    lines: list[str] = []
    _blocks(document.element.body, lines)
    return lines


def _raw_body(docx: Any, data: bytes) -> Any:
    """The ``w:body`` of ``word/document.xml`` read straight from the package, or ``None``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = docx.oxml.parse_xml(archive.read("word/document.xml"))
    except Exception:
        return None
    return root.find(f"{{{_W}}}body")


MAX_DOCUMENT_XML = 64 * 1024 * 1024
"""The most ``word/document.xml`` may unpack to (bytes)."""
MAX_PART = 256 * 1024 * 1024
"""A package with a part (an image, say) that unpacks to more than this is read without it."""


def _oversized(data: bytes) -> bool:
    """Whether the package holds a part too big to unpack (then only the document part is read);
    raises :class:`~govinfo.ParseError` when the document part itself is too big."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception:
        return False  # not a zip: python-docx says why
    for info in infos:
        if info.filename == "word/document.xml" and info.file_size > MAX_DOCUMENT_XML:
            raise ParseError(
                f"the document part unpacks to {info.file_size / 2**20:,.0f} MB "
                f"(the limit is {MAX_DOCUMENT_XML / 2**20:,.0f} MB): not read"
            )
    return any(info.file_size > MAX_PART for info in infos)


def read_docx(data: bytes) -> str:
    """The report text of a ``.docx`` file's bytes; raises :class:`~govinfo.ParseError` if unreadable."""
    docx = _docx()
    try:
        if _oversized(data):
            raise ValueError("a part of the package is too big to unpack")
        body = docx.Document(io.BytesIO(data)).element.body
    except ParseError:
        raise
    except Exception as exc:  # BadZipFile, KeyError, ValueError (not a Word file), XMLSyntaxError
        body = _raw_body(docx, data)  # a template (.dotx) or macro document (.docm) is read as well
        if body is None:
            raise ParseError(f"not a readable Word document: {type(exc).__name__}: {exc}") from exc
    lines: list[str] = []
    _blocks(body, lines)
    return "\n".join(lines) + "\n" if lines else ""
