"""HTML sources: a saved web page → report text (prose lines, tables as TAB-joined grid rows).

:func:`read_html` decodes the page (BOM, ``<meta charset>`` or ``http-equiv`` content type,
GB2312/GBK read as GB18030, else the detection of :mod:`govinfo.sources.text`), parses it with
lxml (the ``govinfo-cn[html]`` extra), drops scripts, styles, navigation, site headers and
footers and hidden elements, and finds the report body: the smallest element holding every
section heading and report table, widened to the nearest title (``…年度报告``) before it.
Block elements and ``<br>`` end lines; a data table becomes one line per row of its full cell
grid (rowspan/colspan expanded, see :mod:`govinfo.sources.grid`); a table used for page layout
(holding tables, headings or long text) is read as blocks, cell by cell.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .._extras import require
from ..exceptions import ParseError
from ..labels import match_heading
from ..normalize import label_key, to_simplified
from .grid import SpanCell, clean_cell, clean_prose, expand, grid_lines
from .text import decode, normalize_newlines

__all__ = ["decode_html", "html_lines", "read_html"]

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([a-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*>")
# Characters lxml refuses in text (C0 controls other than TAB/LF/CR, DEL kept out as well).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_GB = frozenset(
    {"gb2312", "gbk", "gb18030", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "ms936", "windows-936"}
    | {"csgb2312", "chinese", "iso-ir-58", "csiso58gb231280", "euc-cn", "x-euc-cn"}
)
_UTF8 = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8"})
_BIG5 = frozenset({"big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"})

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "nav", "aside", "iframe", "frame"}
    | {"object", "embed", "svg", "math", "canvas", "button", "select", "option", "textarea", "input"}
    | {"audio", "video", "map", "link", "meta", "base", "dialog"}
)
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = frozenset(
    {"address", "article", "blockquote", "body", "center", "dd", "details", "dir", "div", "dl", "dt"}
    | {"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"header", "hgroup", "hr", "html", "li", "main", "menu", "ol", "p", "section", "summary"}
    | {"ul", "caption", "tr", "td", "th", "thead", "tbody", "tfoot", "table", "pre", "legend"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MAX_DEPTH = 200  # deeper subtrees are read as flat text
_LAYOUT_CELL = 300  # a table cell with more text than this is page layout, not data
_TABLE_MARKERS = ("信息内容", "申请人情况", "本年新收", "行政复议", "行政诉讼", "第二十条", "予以公开")
_TITLE_MARK = "年度报告"
_TITLE_MAX = 100
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]+\s+")


def _lxml_html() -> Any:
    return require("lxml.html", purpose="reading HTML", package="lxml", extra="html")


# --- decoding ------------------------------------------------------------------------------------


def _declared(head: bytes) -> str | None:
    """The codec a page declares (``<?xml encoding>``, ``<meta charset>``), if it is one we honour."""
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if m is None:
        return None
    name = m.group(1).decode("ascii", "ignore").strip().lower()
    if name in _GB:
        return "gb18030"
    if name in _UTF8:
        return "utf-8"
    if name in _BIG5:
        return "big5hkscs"
    return None  # western single-byte or UTF-16 labels on a Chinese page are wrong more often than not


def decode_html(data: bytes) -> str:
    """Decode a web page: BOM, then the declared charset, then byte-level detection.

    A page declared GB2312/GBK that is valid UTF-8 (a common mislabel) is read as UTF-8.
    """
    if data.startswith(_BOMS):
        return decode(data)
    codec = _declared(data[:_SNIFF_BYTES])
    if codec == "gb18030" and not data.isascii():
        try:
            return normalize_newlines(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    if codec is not None:
        try:
            return normalize_newlines(data.decode(codec))
        except UnicodeDecodeError:
            pass
    return decode(data)


# --- markup as browsers see it ------------------------------------------------------------------

MAX_TAG = 65_536
"""A start tag longer than this (characters) loses its attributes (libxml2 is quadratic in them)."""
# Elements void in HTML5 that libxml2's HTML4 parser would let swallow what follows.
_VOID5 = re.compile(r"<(?:embed|source|track|wbr|keygen|param)\b[^>]*>", re.IGNORECASE)
# Elements whose content the reader skips: an unclosed one must not take the rest of the page.
_SWALLOWING = (
    "iframe|textarea|template|video|audio|canvas|object|svg|math|select|noscript|dialog|button|map"
    "|script|style|title|frame|aside|nav"
)
_SWALLOWING_TAG = re.compile(rf"<(/?)({_SWALLOWING})\b[^>]*>", re.IGNORECASE)


def balance(text: str) -> str:
    """Markup made safe for lxml's HTML4 parser: HTML5 void elements dropped, start tags of skipped
    elements that are never closed dropped (so they do not swallow the report), attributes of
    overlong start tags dropped."""
    text = _VOID5.sub("", text)
    starts: dict[str, list[tuple[int, int]]] = {}
    unclosed: list[tuple[int, int]] = []
    for m in _SWALLOWING_TAG.finditer(text):
        name = m.group(2).lower()
        stack = starts.setdefault(name, [])
        if not m.group(1):
            if not m.group().endswith("/>"):
                stack.append(m.span())
        elif stack:
            stack.pop()
    for stack in starts.values():
        unclosed.extend(stack)
    if unclosed:
        unclosed.sort()
        pieces, position = [], 0
        for begin, end in unclosed:
            pieces.append(text[position:begin])
            position = end
        pieces.append(text[position:])
        text = "".join(pieces)
    return _short_tags(text)


def _short_tags(text: str) -> str:
    """``text`` with every start tag longer than :data:`MAX_TAG` cut to its name."""
    if len(text) <= MAX_TAG:
        return text
    pieces: list[str] = []
    position = 0
    at = text.find("<")
    while at >= 0:
        end = text.find(">", at)
        if end < 0:
            break
        if end - at > MAX_TAG:
            name = re.match(r"<\s*([a-zA-Z][\w:-]*)", text[at : at + 64])
            pieces.append(text[position:at])
            pieces.append(f"<{name.group(1)}>" if name else "")
            position = end + 1
        at = text.find("<", end + 1)
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


FLAT_DEPTH = 100
"""Elements nested deeper than this that only wrap others (div, span, …) are unwrapped."""
_WRAPPERS = frozenset(
    {"div", "span", "section", "article", "main", "font", "center", "b", "i", "strong", "em", "u"}
)


def _flatten_deep(root: Any) -> None:
    """Unwrap wrapper elements nested deeper than :data:`FLAT_DEPTH`, so that the walk keeps the
    tables of a page nested hundreds of ``<div>`` deep."""
    etree = require("lxml.etree", purpose="reading HTML", package="lxml", extra="html")
    deep: list[Any] = []
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > FLAT_DEPTH and _tag(el) in _WRAPPERS:
                deep.append(el)
        else:
            depth -= 1
    for el in reversed(deep):
        el.drop_tag()


# --- the tree walk -------------------------------------------------------------------------------


class _Item(NamedTuple):
    """Output lines and the block element they come from (a table for grid lines)."""

    owner: Any
    lines: tuple[str, ...]
    table: bool


def _tag(el: Any) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # comment, processing instruction, entity
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _skipped(el: Any, tag: str) -> bool:
    if tag in _SKIP:
        return True
    if tag in ("header", "footer"):
        return not any(_tag(a) in ("article", "main") for a in el.iterancestors())
    get = el.get
    if get("hidden") is not None or (get("role") or "").strip().lower() in _CHROME_ROLES:
        return True
    return bool(_HIDDEN_STYLE.search(get("style") or ""))


def _span(cell: Any, name: str) -> int:
    m = re.match(r"\s*(\d+)", cell.get(name) or "")
    if m is None:
        return 1
    value = int(m.group(1)[:6])
    if name == "colspan":
        return max(1, min(value, 1000))
    return min(value, 65534)


def _rows(table: Any) -> list[list[Any]]:
    """The rows of ``table`` (not of tables nested in it), as lists of their visible cells."""
    trs: list[Any] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            trs.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            trs.extend(tr for tr in child if _tag(tr) == "tr")
    rows = []
    for tr in trs:
        cells = []
        for cell in tr:
            tag = _tag(cell)
            if tag in ("td", "th") and not _skipped(cell, tag):
                cells.append(cell)
        rows.append(cells)
    return rows


def _cell_text(el: Any, out: list[str], depth: int = 0) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag is not None and not _skipped(child, tag):
            if tag == "br":
                out.append("\n")
            elif depth > _MAX_DEPTH:
                out.append(child.text_content())
            else:
                block = tag in _BLOCKS
                if block:
                    out.append("\n")
                _cell_text(child, out, depth + 1)
                if block:
                    out.append("\n")
        if child.tail:
            out.append(child.tail)


def _is_layout(table: Any, rows: Sequence[Sequence[Any]], texts: Sequence[Sequence[str]]) -> bool:
    """Whether ``table`` arranges the page rather than holding data."""
    if sum(len(r) for r in rows) == 1:
        return True
    for row in rows:
        for cell in row:
            for el in cell.iterdescendants():
                if _tag(el) in _HEADINGS or _tag(el) == "table":
                    return True
    return any(len(t) > _LAYOUT_CELL for row in texts for t in row)


class _Walker:
    """Walks a tree in document order, turning blocks into lines and data tables into grids."""

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self._buffer: list[str] = []
        self._owners: list[Any] = []

    def run(self, root: Any) -> list[_Item]:
        self._block(root, 0)
        return self.items

    def _text(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def _flush(self) -> None:
        text = clean_prose("".join(self._buffer))
        self._buffer.clear()
        if text:
            self.items.append(_Item(self._owners[-1], (text,), False))

    def _walk(self, el: Any, depth: int) -> None:
        tag = _tag(el)
        if tag is None or _skipped(el, tag):
            return
        if tag == "br":
            self._flush()
        elif depth > _MAX_DEPTH:
            self._text(el.text_content())
        elif tag == "table":
            self._table(el, depth)
        elif tag == "pre":
            self._pre(el)
        elif tag in _BLOCKS:
            self._block(el, depth)
        else:
            self._children(el, depth)

    def _children(self, el: Any, depth: int) -> None:
        self._text(el.text)
        for child in el:
            self._walk(child, depth + 1)
            self._text(child.tail)

    def _block(self, el: Any, depth: int) -> None:
        if self._owners:
            self._flush()
        self._owners.append(el)
        self._children(el, depth)
        self._flush()
        self._owners.pop()

    def _pre(self, el: Any) -> None:
        self._flush()
        lines = [line.replace("\xa0", " ").rstrip() for line in el.text_content().split("\n")]
        kept = tuple(line for line in lines if line.strip())
        if kept:
            self.items.append(_Item(el, kept, False))

    def _table(self, el: Any, depth: int) -> None:
        self._flush()
        rows = _rows(el)
        texts = []
        for row in rows:
            row_texts = []
            for cell in row:
                out: list[str] = []
                _cell_text(cell, out)
                row_texts.append("".join(out))
            texts.append(row_texts)
        self._owners.append(el)
        for child in el:
            if _tag(child) == "caption":
                self._block(child, depth + 1)
        if _is_layout(el, rows, [[clean_cell(t) for t in r] for r in texts]):
            for row in rows:
                for cell in row:
                    self._block(cell, depth + 2)
        else:
            spanned = [
                [SpanCell(t, _span(c, "rowspan"), _span(c, "colspan")) for c, t in zip(row, tr, strict=True)]
                for row, tr in zip(rows, texts, strict=True)
            ]
            lines = grid_lines(expand(spanned))
            if any(line.strip() for line in lines):
                self.items.append(_Item(el, tuple(lines), True))
        self._owners.pop()


# --- finding the report body ---------------------------------------------------------------------


def _heading(item: _Item) -> tuple[str, str | None] | None:
    """``(section, numeral)`` when ``item`` is a section heading."""
    if item.table or len(item.lines[0]) > _TITLE_MAX:
        return None
    return match_heading(to_simplified(item.lines[0]).strip())


def _is_report_table(item: _Item) -> bool:
    """Whether a table item carries at least two labels of the report's tables."""
    if not item.table:
        return False
    key = label_key(to_simplified("".join(item.lines)))
    return sum(marker in key for marker in _TABLE_MARKERS) >= 2


def _is_title(item: _Item) -> bool:
    if item.table or len(item.lines) != 1 or len(item.lines[0]) > _TITLE_MAX:
        return False
    return _TITLE_MARK in to_simplified(item.lines[0])


def _path(el: Any) -> list[Any]:
    return [*reversed(list(el.iterancestors())), el]


def _common_ancestor(elements: Iterable[Any]) -> Any:
    common: list[Any] | None = None
    for el in elements:
        path = _path(el)
        if common is None:
            common = path
            continue
        n = 0
        while n < min(len(common), len(path)) and common[n] is path[n]:
            n += 1
        common = common[:n]
    assert common
    return common[-1]


def _within(el: Any, container: Any) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def _page_title(root: Any) -> str | None:
    """The part of the page's ``<title>`` that names the report, if it does."""
    title = root.find(".//title")
    if title is None:
        return None
    for part in _TITLE_SEPARATORS.split(clean_cell(title.text_content())):
        if _TITLE_MARK in to_simplified(part):
            return part
    return None


def _report_items(items: list[_Item], root: Any) -> list[_Item]:
    """The items of the report body (see the module docstring)."""
    headings = [(item, _heading(item)) for item in items]
    numbered = [item for item, h in headings if h is not None and h[1] is not None]
    # Unnumbered headings (概述, 其他事项) count only when no heading is numbered: links in site
    # chrome say such things too.
    markers = [item.owner for item in numbered or [item for item, h in headings if h is not None]]
    markers += [item.owner for item in items if _is_report_table(item)]
    if markers:
        container = _common_ancestor(markers)
        first = next(i for i, item in enumerate(items) if _within(item.owner, container))
        inside = [item for item in items if _within(item.owner, container)]
        if not any(_is_title(item) for item in inside):
            before = [item for item in items[:first] if _is_title(item)]
            if before:
                container = _common_ancestor([container, before[-1].owner])
        items = [item for item in items if _within(item.owner, container)]
    if not any(_is_title(item) for item in items):
        title = _page_title(root)
        if title is not None:
            items = [_Item(root, (title,), False), *items]
    return items


def html_lines(text: str) -> list[str]:
    """The report lines of an HTML page given as text (see the module docstring)."""
    lxml_html = _lxml_html()
    text = _CONTROLS.sub("", _XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return []
    text = balance(text)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except Exception as exc:  # lxml's ParserError ("Document is empty"), ValueError
        raise ParseError(f"cannot parse the HTML: {exc}") from exc
    _flatten_deep(root)
    items = _report_items(_Walker().run(root), root)
    return [line for item in items for line in item.lines]


def read_html(data: bytes) -> str:
    """The report text of a web page's bytes; raises :class:`~govinfo.ParseError` if unreadable."""
    _lxml_html()
    lines = html_lines(decode_html(data))
    return "\n".join(lines) + "\n" if lines else ""
