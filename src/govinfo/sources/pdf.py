"""PDF sources: the text of a report PDF, with its ruled tables read as TAB-separated rows.

:func:`read_pdf` reads each page with PDFium (``pypdfium2``, the ``govinfo-cn[pdf]`` extra):
characters with their boxes and the page's path objects (:mod:`.pdf_pdfium`), laid out by
pdfplumber's rules (:mod:`.pdf_layout`, which this module used until it moved to PDFium, many times
faster, with the same output).  It returns one string the parser reads like any text copy:

* **Tables** found from the page's ruling lines become one line per row, cells joined by TABs;
  a merged cell's text sits at its first position and the positions it covers are empty.  A line
  broken inside a cell is joined back (no space between CJK characters), so vertical headers
  (``三、`` / ``本`` / ``年`` … ``果``) read ``三、本年度办理结果``, and rotated glyphs are read along
  their baseline, up or down.  A row that is one cell spanning the whole table (a block title such
  as ``第二十条第（五）项``, or prose inside a page frame) is read as ordinary text instead, and a
  table with a single column is no table at all.
* **Everything else** on the page becomes text lines, in reading order (top to bottom) together
  with the table rows.  A table that continues on the next page simply continues: its rows follow.
* **Page furniture** is dropped: page numbers (``- 4 -``, ``— 5 —``, ``第3页``, ``3/10``) in the
  top or bottom margin, and running headers or footers repeated across pages.

Corrupt, encrypted, empty and non-PDF input raises :class:`~govinfo.exceptions.ParseError`;
a PDF without a text layer (a scan) too, since there is nothing to read without OCR.  The PDF is
read in a child process with a deadline per page and a memory limit (see :func:`read_pdf`).
"""

from __future__ import annotations

import bisect
import contextlib
import faulthandler
import gc
import os
import re
import select
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from attrs import frozen

from .._extras import require
from ..exceptions import ParseError
from .pdf_layout import Table, dedupe, extract_text, find_tables, text_lines
from .pdf_pdfium import Char, Page, Widths, read_page

# The PDF header may follow some junk bytes; readers accept it within the first kilobyte.
_HEADER_WINDOW = 1024
# A page's top and bottom margins, as a share of its height, where furniture lives.
_MARGIN = 0.1
# How many lines at each end of a page are candidates for furniture.
_FURNITURE_LINES = 2
# A row made of one cell at least this share of the table's width reads as text.
_FULL_WIDTH = 0.9
# Decorated page numbers: "- 4 -", "— 5 —", "·6·", "第3页", "第 3 页 共 6 页", "共6页 第3页", "3/10",
# "Page 3 of 6".  A bare "4" counts only when it recurs like a running footer (see _drop_furniture).
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–·•]+\s*\d{1,4}\s*[-－—–·•]+|(?:共\s*\d{1,4}\s*页\s*[,，]?\s*)?第\s*\d{1,4}\s*页"
    r"(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
# PDFium's load errors (FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY) that say the document is encrypted.
_ERR_PASSWORD, _ERR_SECURITY = 4, 5


@frozen
class _Item:
    """One output line of a page: its vertical position, text, and whether it is a table row."""

    top: float
    bottom: float
    text: str
    is_row: bool


@frozen
class _Page:
    height: float
    items: tuple[_Item, ...]


def _import_pdfium() -> Any:
    return require("pypdfium2", purpose="reading PDF reports", package="pypdfium2", extra="pdf")


def _check_header(data: bytes) -> None:
    if not data:
        raise ParseError("empty file: no PDF data to read")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise ParseError("not a PDF: the data has no %PDF- header")


def join_cell_lines(text: str) -> str:
    """Join the lines of one table cell: no space between CJK (or digits), one between ASCII words.

    Not :func:`govinfo.sources.grid.clean_cell`, on purpose: in HTML and Word a line break inside
    a cell was typed and separates words (``39.11`` / ``万元``), while a PDF breaks a cell's text
    wherever the column is too narrow, through numbers too (``12`` / ``3`` is 123).

    >>> join_cell_lines("三、\\n本\\n年\\n度")
    '三、本年度'
    >>> join_cell_lines("hazwgkc@163.\\ncom")
    'hazwgkc@163.com'
    >>> join_cell_lines("Open\\nGovernment")
    'Open Government'
    """
    out = ""
    for part in text.replace("\t", " ").split("\n"):
        part = part.strip()
        if not part:
            continue
        if out and _is_ascii_letter(out[-1]) and _is_ascii_letter(part[0]):
            out += " "
        out += part
    return out


def _is_ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


_Box = tuple[float, float, float, float]


def _inside(obj: Mapping[str, Any], box: _Box) -> bool:
    """Whether a character's midpoint lies in ``box`` (pdfplumber's cell test)."""
    h_mid, v_mid = _mid(obj)
    x0, top, x1, bottom = box
    return x0 <= h_mid < x1 and top <= v_mid < bottom


def _cell_text(chars: list[Char]) -> str:
    """The text of one cell; rotated glyphs are read along their baseline, up or down."""
    if not chars:
        return ""
    rotated = [c for c in chars if not c["upright"]]
    if 2 * len(rotated) <= len(chars):
        return join_cell_lines(extract_text(chars))
    rising = sum(1 for c in rotated if c["rising"])
    if 2 * rising > len(rotated):
        return join_cell_lines(extract_text(chars, line_dir_rotated="ltr", char_dir_rotated="btt"))
    return join_cell_lines(extract_text(chars, line_dir_rotated="rtl", char_dir_rotated="ttb"))


_C = TypeVar("_C", bound=Mapping[str, Any])


def _mid(obj: Mapping[str, Any]) -> tuple[float, float]:
    return (float(obj["x0"]) + float(obj["x1"])) / 2, (float(obj["top"]) + float(obj["bottom"])) / 2


class _Bands(Generic[_C]):
    """Characters (or boxes) bucketed by their vertical position, so that finding those in a box
    looks at the characters of its band only, not at every character of the page."""

    STEP = 8.0  # points

    def __init__(self, chars: Iterable[_C]) -> None:
        self.by_band: dict[int, list[tuple[float, float, _C]]] = {}
        for c in chars:
            h_mid, v_mid = _mid(c)
            self.by_band.setdefault(int(v_mid // self.STEP), []).append((h_mid, v_mid, c))

    def within(self, box: _Box) -> list[_C]:
        """The characters whose midpoint lies in ``box`` (as :func:`_inside` tells), in page order."""
        x0, top, x1, bottom = box
        out: list[_C] = []
        for band in range(int(top // self.STEP), int(bottom // self.STEP) + 1):
            out.extend(c for h, v, c in self.by_band.get(band, ()) if x0 <= h < x1 and top <= v < bottom)
        return out


class _BoxIndex:
    """Cell boxes bucketed by the vertical bands they cover: is a character in any of them?"""

    def __init__(self, boxes: Iterable[_Box]) -> None:
        self.by_band: dict[int, list[_Box]] = {}
        for box in boxes:
            for band in range(int(box[1] // _Bands.STEP), int(box[3] // _Bands.STEP) + 1):
                self.by_band.setdefault(band, []).append(box)

    def holds(self, obj: Mapping[str, Any]) -> bool:
        """Whether the midpoint of ``obj`` lies in one of the boxes (as :func:`_inside` tells)."""
        h, v = _mid(obj)
        boxes = self.by_band.get(int(v // _Bands.STEP), ())
        return any(x0 <= h < x1 and top <= v < bottom for x0, top, x1, bottom in boxes)


def _by_cell(chars: list[Char], cells: Sequence[_Box | None]) -> list[list[Char]]:
    """The characters in each cell (none for a position a merged cell covers), in page order:
    those whose midpoint lies in it, found by bisecting the midpoints rather than testing all."""
    mids = sorted(((float(c["x0"]) + float(c["x1"])) / 2, n) for n, c in enumerate(chars))
    keys = [mid for mid, _ in mids]
    out: list[list[Char]] = []
    for box in cells:
        if box is None:
            out.append([])
            continue
        found = sorted(
            n for _, n in mids[bisect.bisect_left(keys, box[0]) : bisect.bisect_left(keys, box[2])]
        )
        out.append([chars[n] for n in found if _inside(chars[n], box)])
    return out


def _table_items(table: Table, chars: _Bands[Char]) -> tuple[list[_Item], list[_Box]]:
    """The rows of one table worth reading as rows, and the cell boxes whose text they hold."""
    x0, _, x1, _ = table.bbox
    width = max(x1 - x0, 1e-6)
    rows = table.rows
    if max((len(r.cells) for r in rows), default=0) < 2:
        return [], []  # a one-column table is a frame around text, not a table
    items: list[_Item] = []
    boxes: list[_Box] = []
    for row in rows:
        present: list[_Box] = [box for box in row.cells if box is not None]
        if not present:
            continue
        if len(present) == 1 and (present[0][2] - present[0][0]) >= _FULL_WIDTH * width:
            continue  # one cell across the table: a title or prose, read with the page text
        boxes.extend(present)
        in_cells = _by_cell(chars.within(row.bbox), row.cells)
        cells = [_cell_text(cell_chars) for cell_chars in in_cells]
        if not any(cells):
            continue
        top = min(box[1] for box in present)
        bottom = max(box[3] for box in present)
        items.append(_Item(top, bottom, "\t".join(cells).rstrip("\t"), True))
    return items, boxes


def _page_items(page: Page) -> list[_Item]:
    """One page as lines in reading order: table rows and the text outside them."""
    items: list[_Item] = []
    boxes: list[_Box] = []
    chars = dedupe(page.chars)
    tables = find_tables(page.edges)
    bands = _Bands(chars if tables else ())
    for table in tables:
        table_items, table_boxes = _table_items(table, bands)
        items.extend(table_items)
        boxes.extend(table_boxes)
    index = _BoxIndex(boxes)
    for line in text_lines([c for c in chars if not index.holds(c)] if boxes else chars):
        text = line.text.replace("\t", " ").strip()
        if text:
            items.append(_Item(line.top, line.bottom, text, False))
    items.sort(key=lambda item: (item.top, not item.is_row))
    return items


def _read_pages(pdfium: Any, data: bytes, progress: Callable[[], None] = lambda: None) -> list[_Page]:
    pages: list[_Page] = []
    widths: Widths = {}
    document = pdfium.PdfDocument(data)
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise ParseError(f"the PDF has {count:,} pages (the limit is {MAX_PAGES:,}): not read")
        for number in range(count):
            progress()
            page = document[number]
            textpage = None
            try:
                textpage = page.get_textpage()
                content = read_page(pdfium.raw, page.raw, textpage.raw, widths)
            finally:  # free the page at once: memory stays flat
                if textpage is not None:
                    textpage.close()
                page.close()
            pages.append(_Page(content.height, tuple(_page_items(content))))
    finally:
        document.close()
    return pages


def _furniture_key(text: str) -> str:
    """Running headers and footers compared with digits folded (``第3页`` ~ ``第4页``)."""
    return _DIGITS.sub("#", _SPACES.sub("", text))


def _margin_lines(page: _Page) -> tuple[list[int], list[int]]:
    """Indexes of the text lines at the top and at the bottom of a page that lie in its margins."""
    text = [i for i, item in enumerate(page.items) if not item.is_row]
    head = [i for i in text[:_FURNITURE_LINES] if page.items[i].bottom <= page.height * _MARGIN]
    foot = [i for i in text[-_FURNITURE_LINES:] if page.items[i].top >= page.height * (1 - _MARGIN)]
    return head, foot


def _drop_furniture(pages: Sequence[_Page]) -> list[list[str]]:
    """Each page's lines without page numbers and running headers or footers.

    A margin line is furniture when it is a decorated page number (``- 4 -``, ``第3页``) or when
    the same line, digits aside, is in the margin of at least half the pages (and two or more).
    The first page's head is spared the second rule: the report's title sits there and may read
    like the running header of the pages after it.
    """
    margins = [_margin_lines(page) for page in pages]
    seen = Counter(
        key
        for page, (head, foot) in zip(pages, margins, strict=True)
        for key in {_furniture_key(page.items[i].text) for i in (*head, *foot)}
    )
    # Lines dropped when repeated: every margin line but the first page's head.
    repeatable = [foot if n == 0 else [*head, *foot] for n, (head, foot) in enumerate(margins)]
    repeated = max(2, (len(pages) + 1) // 2)
    out: list[list[str]] = []
    for page, (head, foot), idxs in zip(pages, margins, repeatable, strict=True):
        drop = {i for i in (*head, *foot) if _PAGE_NUMBER.match(page.items[i].text)}
        drop |= {i for i in idxs if seen[_furniture_key(page.items[i].text)] >= repeated}
        out.append([item.text for i, item in enumerate(page.items) if i not in drop])
    return out


def _describe(exc: BaseException) -> str:
    """What is wrong with the PDF, as an exception reading it tells (PDFium's load error code)."""
    code = getattr(exc, "err_code", None)
    if code in (_ERR_PASSWORD, _ERR_SECURITY):
        return "the PDF is encrypted and cannot be opened without its password"
    detail = " ".join(str(exc).split()).rstrip(".")[:200] or type(exc).__name__
    return f"the PDF is damaged or truncated ({detail})"


def _lines(pages: Iterable[list[str]]) -> str:
    return "\n".join(line for page in pages for line in page)


# Read in this process (no fork), one PDF at a time: PDFium is not thread-safe.
_IN_PROCESS = threading.Lock()

MAX_PAGES = 500
"""PDFs with more pages are not read (an annual report has a handful)."""
PAGE_SECONDS = 20.0
"""The longest one page may take to read (and the file to open) before the reading is stopped."""
MAX_MEMORY = 1536 * 2**20
"""The address space the reading process may use (bytes), where it can be limited."""


def read_pdf(data: bytes) -> str:
    """The text of a report PDF, tables as TAB-separated rows (see the module docstring).

    Raises :class:`~govinfo.exceptions.ParseError` for empty, non-PDF, corrupt, encrypted or
    text-less PDFs, for PDFs over :data:`MAX_PAGES`, and for a page that takes over
    :data:`PAGE_SECONDS` (a reference loop, a content-stream bomb): where the system can fork, the
    PDF is read in a child process that is stopped at the deadline, with its memory limited to
    :data:`MAX_MEMORY`. :class:`~govinfo.exceptions.MissingExtraError` without pypdfium2.
    """
    _import_pdfium()
    _check_header(data)
    if hasattr(os, "fork") and not os.environ.get("GOVINFO_PDF_IN_PROCESS"):
        return _read_in_child(data)
    with _IN_PROCESS:
        return _read_here(data)


def _read_in_child(data: bytes) -> str:
    """:func:`_read_here` in a forked child: one byte per page on a pipe, then the outcome."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        code = 0
        try:
            gc.freeze()  # the parent's objects: never collected here, so never copied on write
            faulthandler.disable()  # a crash here (PDFium out of memory) is the parent's to report
            os.close(reader)
            _limit_memory()
            with os.fdopen(writer, "wb", buffering=0) as out:

                def tick() -> None:
                    out.write(b".")

                try:
                    text = _read_here(data, tick)
                    payload = b"T" + text.encode("utf-8", "surrogatepass")
                except ParseError as exc:
                    payload = b"E" + str(exc).encode("utf-8", "replace")
                except MemoryError:
                    payload = b"E" + f"cannot read PDF: it needs more than {MAX_MEMORY // 2**20} MB".encode()
                out.write(b"\0" + payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([reader], [], [], PAGE_SECONDS)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise ParseError(f"cannot read PDF: a page took over {PAGE_SECONDS:.0f} s (stopped)")
            chunk = os.read(reader, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:  # an interrupt (Ctrl-C, SIGTERM) while waiting: the child goes too
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(reader)
        os.waitpid(pid, 0)
    stream = b"".join(chunks)
    _dots, marker, payload = stream.partition(b"\0")
    if not marker:
        raise ParseError("cannot read PDF: the reader stopped without a result (out of memory?)")
    if payload[:1] == b"E":
        raise ParseError(payload[1:].decode("utf-8", "replace"))
    return payload[1:].decode("utf-8", "surrogatepass")


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MAX_MEMORY if hard == resource.RLIM_INFINITY else min(MAX_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def _read_here(data: bytes, progress: Callable[[], None] = lambda: None) -> str:
    pdfium = _import_pdfium()
    try:
        pages = _read_pages(pdfium, data, progress)
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParseError(f"cannot read PDF: {_describe(exc)}") from None
    except Exception as exc:  # PdfiumError, or a damaged file that reads as nonsense
        raise ParseError(f"cannot read PDF: {_describe(exc)}") from exc
    if not pages:
        raise ParseError("cannot read PDF: it has no pages")
    text = _lines(_drop_furniture(pages))
    if not text.strip():
        raise ParseError(
            f"the PDF has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} without "
            "text; a scanned document needs OCR first)"
        )
    return text


__all__ = ["join_cell_lines", "read_pdf"]
