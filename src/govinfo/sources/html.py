"""HTML sources: a saved web page → report text (prose lines, tables as TAB-joined grid rows).

:func:`read_html` decodes the page (BOM, ``<meta charset>`` or ``http-equiv`` content type,
GB2312/GBK read as GB18030, else the detection of :mod:`govinfo.sources.text`), parses it with
lxml's HTML parser (``lxml.etree``, the ``govinfo-cn[html]`` extra), drops scripts, styles,
navigation, site headers and footers and hidden elements, and finds the report body: the smallest
element holding every section heading and report table, widened to the nearest title
(``…年度报告``) before it.  Block elements and ``<br>`` end lines; a data table becomes one line
per row of its full cell grid (rowspan/colspan expanded, see :mod:`govinfo.sources.grid`); a table
used for page layout (holding tables, headings or long text) is read as blocks, cell by cell.

The tree is walked once, in document order; a skipped element's subtree is not entered, and a
table's cells are read again only when the table turns out to be page layout.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from .._extras import require
from ..exceptions import ParseError
from ..labels import match_heading
from ..normalize import label_key, to_simplified
from .grid import clean_cell, clean_prose, expand
from .text import decode

__all__ = ["decode_html", "html_lines", "read_html"]

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([a-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*>")
# Characters lxml refuses in text (C0 controls other than TAB/LF/CR, DEL kept out as well).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
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
_SPAN = re.compile(r"\s*(\d+)")


def _etree() -> Any:
    return require("lxml.etree", purpose="reading HTML", package="lxml", extra="html")


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


def _lf(data: bytes) -> bytes:
    """``data`` with CRLF and CR line ends as LF (before decoding: in UTF-8, GB18030 and Big5 no
    byte of a multi-byte character is CR or LF)."""
    if b"\r" not in data:
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def decode_html(data: bytes) -> str:
    """Decode a web page: BOM, then the declared charset, then byte-level detection.

    A page declared GB2312/GBK that is valid UTF-8 (a common mislabel) is read as UTF-8.
    """
    return _decoded(data)[0]


def _decoded(data: bytes) -> tuple[str, bytes | None]:
    """:func:`decode_html`'s text, and its UTF-8 when that is the page's bytes (read as UTF-8)."""
    if data.startswith(_BOMS):
        return decode(data), None
    codec = _declared(data[:_SNIFF_BYTES])
    if codec == "gb18030" and not data.isascii():
        lf = _lf(data)
        try:
            return lf.decode("utf-8"), lf
        except UnicodeDecodeError:
            pass
    if codec is not None:
        lf = _lf(data)
        try:
            return lf.decode(codec), lf if codec == "utf-8" else None
        except UnicodeDecodeError:
            pass
    return decode(data), None


# --- markup as browsers see it ------------------------------------------------------------------

MAX_TAG = 65_536
"""A start tag longer than this (characters) loses its attributes (libxml2 is quadratic in them)."""
# Elements void in HTML5 that libxml2's HTML4 parser would let swallow what follows.
_VOID5_NAMES = "embed|source|track|wbr|keygen|param"
_VOID5 = re.compile(rf"<(?:{_VOID5_NAMES})\b[^>]*>", re.IGNORECASE)
# Elements whose content the reader skips: an unclosed one must not take the rest of the page.
_SWALLOWING = (
    "iframe|textarea|template|video|audio|canvas|object|svg|math|select|noscript|dialog|button|map"
    "|script|style|title|frame|aside|nav"
)
_SWALLOWING_TAG = re.compile(rf"<(/?)({_SWALLOWING})\b[^>]*>", re.IGNORECASE)
# The same tags looked for in the page's UTF-8 with ASCII letters lower-cased, much faster than
# case-insensitive matching of text; a tag name followed by a non-ASCII character (for which ``\b``
# depends on the character) or spelt with one (re.IGNORECASE matches İ ı K ſ to ASCII letters),
# a possible HTML5 void element and a skipped element's start tag with a ``<`` in it are matched
# too, and leave the page to :func:`balance`.
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
_SCAN = re.compile(
    (
        rf"<(?:(/?)({_SWALLOWING})(?![\w\x80-\xff])[^<>]*([<>])"  # a skipped element's tag
        rf"|(?:{_VOID5_NAMES})(?![a-z0-9_])"  # maybe an HTML5 void element
        r"|/?[a-z]*[\x80-\xff])"  # a tag name spelt with or followed by a non-ASCII character
    ).encode()
)


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


def _balanced(low: bytes) -> bool:
    """Whether :func:`balance` leaves the page as it is, told from ``low`` (its UTF-8, ASCII letters
    lower-cased); ``False`` when that cannot be told so."""
    opened: dict[bytes, int] = {}
    for m in _SCAN.finditer(low):
        if m.group(3) != b">":
            return False
        name = m.group(2)
        if not m.group(1):
            if not m.group().endswith(b"/>"):
                opened[name] = opened.get(name, 0) + 1
        elif opened.get(name):
            opened[name] -= 1
    return not any(opened.values()) and not _long_gap(low)


def _long_gap(data: bytes) -> bool:
    """Whether ``data`` has more than :data:`MAX_TAG` bytes in a row without a ``>`` (a tag that
    :func:`_short_tags` cuts is such a run)."""
    width = MAX_TAG + 1
    at = 0
    while at + width <= len(data):
        last = data.rfind(b">", at, at + width)
        if last < 0:
            return True
        at = last + 1
    return False


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


def _prepared(text: str, data: bytes | None = None) -> str | bytes | None:
    """The markup to parse (``data``: ``text`` as UTF-8, if at hand): XML declaration and control
    characters dropped, made safe by :func:`balance`, as UTF-8 (as text if it has a lone
    surrogate); ``None`` when nothing but white space is left."""
    declared = text
    text = _XML_DECLARATION.sub("", text, count=1)
    if data is None or len(text) != len(declared):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return _prepared_text(text)
    low = data.translate(_LOWER, _CONTROL_BYTES)
    if len(low) != len(data):
        text = _CONTROLS.sub("", text)
        data = data.translate(None, _CONTROL_BYTES)
    if not text.strip():
        return None
    return data if _balanced(low) else balance(text).encode("utf-8")


def _prepared_text(text: str) -> str | None:
    """:func:`_prepared` for a text that has no UTF-8."""
    text = _CONTROLS.sub("", text)
    return balance(text) if text.strip() else None


FLAT_DEPTH = 100
"""Elements nested deeper than this that only wrap others (div, span, …) are unwrapped."""
_WRAPPERS = frozenset(
    {"div", "span", "section", "article", "main", "font", "center", "b", "i", "strong", "em", "u"}
)


@functools.cache
def _deep() -> Callable[[Any], bool]:
    """Whether a tree has an element more than :data:`FLAT_DEPTH` levels deep (one XPath)."""
    xpath = _etree().XPath(f"boolean({'/'.join(['*'] * FLAT_DEPTH)})")
    return lambda root: bool(xpath(root))


def _flatten_deep(root: Any) -> None:
    """Unwrap wrapper elements nested deeper than :data:`FLAT_DEPTH`, so that the walk keeps the
    tables of a page nested hundreds of ``<div>`` deep."""
    deep: list[Any] = []
    depth = 0
    for event, el in _etree().iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > FLAT_DEPTH and _tag(el) in _WRAPPERS:
                deep.append(el)
        else:
            depth -= 1
    for el in reversed(deep):
        _drop_tag(el)


def _drop_tag(el: Any) -> None:
    """Remove ``el`` but keep its children and text in its place (lxml.html's ``drop_tag``)."""
    parent = el.getparent()
    previous = el.getprevious()
    if el.text and isinstance(el.tag, str):
        if previous is None:
            parent.text = (parent.text or "") + el.text
        else:
            previous.tail = (previous.tail or "") + el.text
    if el.tail:
        if len(el):
            last = el[-1]
            last.tail = (last.tail or "") + el.tail
        elif previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    index = parent.index(el)
    parent[index : index + 1] = el[:]


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


# What the walk does with an element, by its name: an inline element's text joins the line it is
# in; _BLOCK to _PRE are blocks (a line ends before and after each), _BR ends a line; _SKIPPED
# elements and _OTHER nodes (comments and the like) are not read.
(_INLINE, _BLOCK, _HEADING, _ROW, _GROUP, _CELL, _CAPTION, _EDGE, _TABLE, _PRE, _BR, _SKIPPED, _OTHER) = (
    range(13)
)
_KINDS = {
    "tr": _ROW,
    "thead": _GROUP,
    "tbody": _GROUP,
    "tfoot": _GROUP,
    "td": _CELL,
    "th": _CELL,
    "caption": _CAPTION,
    "header": _EDGE,
    "footer": _EDGE,
    "table": _TABLE,
    "pre": _PRE,
    "br": _BR,
    **dict.fromkeys(_HEADINGS, _HEADING),
}


def _kind(el: Any) -> int:
    name = _tag(el)
    if name is None:
        return _OTHER
    if name in _SKIP:
        return _SKIPPED
    return _KINDS.get(name, _BLOCK if name in _BLOCKS else _INLINE)


def _hidden(el: Any, keys: list[str]) -> bool:
    """Whether ``el``'s attributes (``keys``, not empty) hide it (``hidden``, a chrome ``role``,
    ``display: none``)."""
    if "hidden" in keys:
        return True
    if "role" in keys and el.get("role").strip().lower() in _CHROME_ROLES:
        return True
    if "style" not in keys:
        return False
    style = el.get("style")
    # (the regular expression is slow on the long styles of table cells; it matches only a style
    # that holds "none" or "hidden", and re.IGNORECASE matches n, o, e and d to nothing but their
    # capitals, which lower() folds)
    folded = style.lower()
    return ("none" in folded or "dden" in folded) and _HIDDEN_STYLE.search(style) is not None


def _in_article(el: Any) -> bool:
    return any(_tag(a) in ("article", "main") for a in el.iterancestors())


@functools.cache
def _string() -> Callable[[Any], str]:
    """An element's text content, all of it (lxml.html's ``text_content``)."""
    xpath = _etree().XPath("string()", smart_strings=False)
    return lambda el: str(xpath(el))


def _span(value: str, most: int) -> int:
    """A ``rowspan`` or ``colspan`` value read as browsers do, capped at ``most``."""
    if not value.isdecimal():
        m = _SPAN.match(value)
        if m is None:
            return 1
        value = m.group(1)
    return min(int(value[:6]), most)


class _Walker:
    """Walks a tree in document order, turning blocks into lines and data tables into grids.

    An element is skipped by its name (:data:`_SKIP`; ``header``/``footer`` outside ``article``
    and ``main``) or its attributes (:func:`_hidden`).
    """

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self._buffer: list[str] = []
        self._owner: Any = None
        self._kinds: dict[Any, int] = {}  # element tag → kind
        self._marked = False  # a table cell being read holds a heading or a table
        self._string = _string()

    def run(self, root: Any) -> list[_Item]:
        self._block(root, 0)
        return self.items

    def _learn(self, el: Any) -> int:
        kind = self._kinds[el.tag] = _kind(el)
        return kind

    def _skipped(self, el: Any, kind: int) -> bool:
        """Whether an element not of kind :data:`_SKIPPED` or :data:`_OTHER` is not read."""
        if kind == _EDGE:
            return not _in_article(el)
        keys = el.keys()
        return bool(keys) and _hidden(el, keys)

    def _flush(self) -> None:
        buffer = self._buffer
        if buffer:
            text = clean_prose("".join(buffer))
            buffer.clear()
            if text:
                self.items.append(_Item(self._owner, (text,), False))

    def _children(self, el: Any, depth: int) -> None:
        """Read the text and children of ``el`` (at ``depth``) into the current block."""
        buffer = self._buffer
        kinds = self._kinds
        text = el.text
        if text:
            buffer.append(text)
        depth += 1
        for child in el:
            kind = kinds.get(child.tag)
            if kind is None:
                kind = self._learn(child)
            if kind < _SKIPPED and not self._skipped(child, kind):
                if kind == _BR:
                    self._flush()
                elif depth > _MAX_DEPTH:
                    buffer.append(self._string(child))
                elif kind == _INLINE:
                    self._children(child, depth)
                elif kind == _TABLE:
                    self._table(child, depth)
                elif kind == _PRE:
                    self._pre(child)
                else:
                    self._block(child, depth)
            tail = child.tail
            if tail:
                buffer.append(tail)

    def _block(self, el: Any, depth: int) -> None:
        self._flush()
        owner = self._owner
        self._owner = el
        self._children(el, depth)
        self._flush()
        self._owner = owner

    def _pre(self, el: Any) -> None:
        self._flush()
        lines = [line.replace("\xa0", " ").rstrip() for line in self._string(el).split("\n")]
        kept = tuple(line for line in lines if line.strip())
        if kept:
            self.items.append(_Item(el, kept, False))

    def _kind(self, el: Any) -> int:
        kind = self._kinds.get(el.tag)
        return self._learn(el) if kind is None else kind

    def _rows(self, table: Any) -> list[list[tuple[Any, int, int]]]:
        """The rows of ``table`` (not of tables nested in it): their visible cells, each with its
        rowspan and colspan."""
        kinds = self._kinds
        trs: list[Any] = []
        for child in table:
            kind = self._kind(child)
            if kind == _ROW:
                trs.append(child)
            elif kind == _GROUP:
                trs.extend(tr for tr in child if self._kind(tr) == _ROW)
        rows: list[list[tuple[Any, int, int]]] = []
        for tr in trs:
            row: list[tuple[Any, int, int]] = []
            for cell in tr:
                cell_kind = kinds.get(cell.tag)
                if cell_kind is None:
                    cell_kind = self._learn(cell)
                if cell_kind != _CELL:
                    continue
                keys = cell.keys()
                if not keys:
                    row.append((cell, 1, 1))
                elif not _hidden(cell, keys):
                    rowspan = _span(cell.get("rowspan"), 65534) if "rowspan" in keys else 1
                    colspan = _span(cell.get("colspan"), 1000) if "colspan" in keys else 1
                    row.append((cell, rowspan, max(1, colspan)))
            rows.append(row)
        return rows

    def _marks(self, el: Any) -> bool:
        """Whether ``el`` or an element in it is a heading or a table."""
        return any(self._kind(d) in (_HEADING, _TABLE) for d in el.iter())

    def _cell_text(self, el: Any, out: list[str], depth: int = 0) -> None:
        """The text of a cell, block ends as line breaks; stops once the cell is found to hold a
        heading or a table (then the table is page layout and its cell texts are not used)."""
        text = el.text
        if text:
            out.append(text)
        kinds = self._kinds
        for child in el:
            kind = kinds.get(child.tag)
            if kind is None:
                kind = self._learn(child)
            if kind == _OTHER:
                pass
            elif kind == _SKIPPED or self._skipped(child, kind):
                if self._marks(child):  # (not read, but it makes the table page layout)
                    self._marked = True
            elif kind == _BR:
                out.append("\n")
                if len(child) and self._marks(child):
                    self._marked = True
            elif depth > _MAX_DEPTH:
                out.append(self._string(child))
                if self._marks(child):
                    self._marked = True
            elif kind == _INLINE:
                self._cell_text(child, out, depth + 1)
            else:
                if kind in (_HEADING, _TABLE):
                    self._marked = True
                out.append("\n")
                self._cell_text(child, out, depth + 1)
                out.append("\n")
            tail = child.tail
            if tail:
                out.append(tail)
            if self._marked:
                return

    def _table(self, el: Any, depth: int) -> None:
        self._flush()
        rows = self._rows(el)
        texts: list[list[tuple[str, int, int]]] = []  # the cells' clean text and spans
        # page layout: a single cell, a cell holding a heading or a table, or a long cell
        layout = sum(len(row) for row in rows) == 1
        if not layout:
            self._marked = False
            for row in rows:
                row_texts: list[tuple[str, int, int]] = []
                for cell, rowspan, colspan in row:
                    out: list[str] = []
                    self._cell_text(cell, out)
                    row_texts.append((clean_cell("".join(out)), rowspan, colspan))
                texts.append(row_texts)
                if self._marked:
                    break
            layout = self._marked or any(len(t) > _LAYOUT_CELL for row in texts for t, _, _ in row)
        owner = self._owner
        self._owner = el
        for child in el:
            if self._kind(child) == _CAPTION:
                self._block(child, depth + 1)
        if layout:
            for row in rows:
                for cell, _, _ in row:
                    self._block(cell, depth + 2)
        else:
            # the texts are clean already: a row is its cells joined (grid.grid_lines)
            lines = ["\t".join(row) for row in expand(texts)]
            if any(line.strip() for line in lines):
                self.items.append(_Item(el, tuple(lines), True))
        self._owner = owner


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


def _within(container: Any) -> Callable[[Any], bool]:
    """Whether an element is ``container`` or inside it (each element's parent asked once)."""
    known: dict[Any, bool] = {container: True}

    def within(el: Any) -> bool:
        path: list[Any] = []
        while el not in known:
            path.append(el)
            el = el.getparent()
            if el is None:
                inside = False
                break
        else:
            inside = known[el]
        for seen in path:
            known[seen] = inside
        return inside

    return within


def _page_title(root: Any) -> str | None:
    """The part of the page's ``<title>`` that names the report, if it does."""
    title = root.find(".//title")
    if title is None:
        return None
    for part in _TITLE_SEPARATORS.split(clean_cell(_string()(title))):
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
        within = _within(container)
        first = next(i for i, item in enumerate(items) if within(item.owner))
        inside = [item for item in items if within(item.owner)]
        if not any(_is_title(item) for item in inside):
            before = [item for item in items[:first] if _is_title(item)]
            if before:
                container = _common_ancestor([container, before[-1].owner])
                within = _within(container)
                inside = [item for item in items if within(item.owner)]
        items = inside
    if not any(_is_title(item) for item in items):
        title = _page_title(root)
        if title is not None:
            items = [_Item(root, (title,), False), *items]
    return items


def html_lines(text: str) -> list[str]:
    """The report lines of an HTML page given as text (see the module docstring)."""
    return _lines(text)


def _lines(text: str, data: bytes | None = None) -> list[str]:
    """:func:`html_lines` (``data``: ``text`` as UTF-8, if at hand)."""
    etree = _etree()
    markup = _prepared(text, data)
    if markup is None:
        return []
    # (told the encoding, libxml2 does not follow the page's <meta charset> a second time)
    utf8 = "utf-8" if isinstance(markup, bytes) else None
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, huge_tree=True, collect_ids=False, encoding=utf8
    )
    try:
        root = etree.fromstring(markup, parser)
        if root is None:
            raise etree.ParserError("Document is empty")
    except Exception as exc:  # lxml's ParserError ("Document is empty"), ValueError
        raise ParseError(f"cannot parse the HTML: {exc}") from exc
    if _deep()(root):
        _flatten_deep(root)
    items = _report_items(_Walker().run(root), root)
    return [line for item in items for line in item.lines]


def read_html(data: bytes) -> str:
    """The report text of a web page's bytes; raises :class:`~govinfo.ParseError` if unreadable."""
    _etree()
    lines = _lines(*_decoded(data))
    return "\n".join(lines) + "\n" if lines else ""
