"""PDF sources: the text of a report PDF, with its ruled tables read as TAB-separated rows.

:func:`read_pdf` reads each page with pdfplumber (the ``govinfo-cn[pdf]`` extra) and returns
one string the parser reads like any text copy:

* **Tables** found from the page's ruling lines become one line per row, cells joined by TABs;
  a merged cell's text sits at its first position and the positions it covers are empty.  A line
  broken inside a cell is joined back (no space between CJK characters), so vertical headers
  (``三、`` / ``本`` / ``年`` … ``果``) read ``三、本年度办理结果``.  A row that is one cell spanning
  the whole table (a block title such as ``第二十条第（五）项``, or prose inside a page frame) is
  read as ordinary text instead, and a table with a single column is no table at all.
* **Everything else** on the page becomes text lines, in reading order (top to bottom) together
  with the table rows.  A table that continues on the next page simply continues: its rows follow.
* **Page furniture** is dropped: page numbers (``- 4 -``, ``— 5 —``, ``第3页``, ``3/10``) in the
  top or bottom margin, and running headers or footers repeated across pages.

Corrupt, encrypted, empty and non-PDF input raises :class:`~govinfo.exceptions.ParseError`;
a PDF without a text layer (a scan) too, since there is nothing to read without OCR.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import select
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from attrs import frozen

from .._extras import require
from ..exceptions import ParseError

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


def _import_pdfplumber() -> Any:
    return require("pdfplumber", purpose="reading PDF reports", package="pdfplumber", extra="pdf")


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


def _inside(obj: dict[str, Any], box: _Box) -> bool:
    """Whether a character's midpoint lies in ``box`` (pdfplumber's own cell test)."""
    h_mid = (float(obj["x0"]) + float(obj["x1"])) / 2
    v_mid = (float(obj["top"]) + float(obj["bottom"])) / 2
    x0, top, x1, bottom = box
    return x0 <= h_mid < x1 and top <= v_mid < bottom


def _cell_text(chars: list[dict[str, Any]], extract_text: Any) -> str:
    """The text of one cell; rotated glyphs are read along their baseline, up or down."""
    if not chars:
        return ""
    rotated = [c for c in chars if not c.get("upright", True)]
    if 2 * len(rotated) <= len(chars):
        return join_cell_lines(extract_text(chars))
    # The baseline direction (a, b) of the text matrix: b > 0 runs up the page, b < 0 down it.
    rising = sum(1 for c in rotated if (c.get("matrix") or (1, 0))[1] > 0)
    if 2 * rising > len(rotated):
        text = extract_text(chars, line_dir_rotated="ltr", char_dir_rotated="btt")
    else:
        text = extract_text(chars, line_dir_rotated="rtl", char_dir_rotated="ttb")
    return join_cell_lines(text)


class _Bands:
    """Characters (or boxes) bucketed by their vertical position, so that finding those in a box
    looks at the characters of its band only, not at every character of the page."""

    STEP = 8.0  # points

    def __init__(self, chars: Iterable[dict[str, Any]]) -> None:
        self.by_band: dict[int, list[dict[str, Any]]] = {}
        for c in chars:
            v_mid = (float(c["top"]) + float(c["bottom"])) / 2
            self.by_band.setdefault(int(v_mid // self.STEP), []).append(c)

    def within(self, box: _Box) -> list[dict[str, Any]]:
        """The characters whose midpoint lies in ``box``, in page order."""
        _x0, top, _x1, bottom = box
        out: list[dict[str, Any]] = []
        for band in range(int(top // self.STEP), int(bottom // self.STEP) + 1):
            out.extend(c for c in self.by_band.get(band, ()) if _inside(c, box))
        return out


class _BoxIndex:
    """Cell boxes bucketed by the vertical bands they cover: is a character in any of them?"""

    def __init__(self, boxes: Iterable[_Box]) -> None:
        self.by_band: dict[int, list[_Box]] = {}
        for box in boxes:
            for band in range(int(box[1] // _Bands.STEP), int(box[3] // _Bands.STEP) + 1):
                self.by_band.setdefault(band, []).append(box)

    def holds(self, obj: dict[str, Any]) -> bool:
        v_mid = (float(obj["top"]) + float(obj["bottom"])) / 2
        return any(_inside(obj, box) for box in self.by_band.get(int(v_mid // _Bands.STEP), ()))


def _table_items(table: Any, chars: _Bands, extract_text: Any) -> tuple[list[_Item], list[_Box]]:
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
        row_chars = chars.within(row.bbox)
        cells = [
            "" if box is None else _cell_text([c for c in row_chars if _inside(c, box)], extract_text)
            for box in row.cells
        ]
        if not any(cells):
            continue
        top = min(box[1] for box in present)
        bottom = max(box[3] for box in present)
        items.append(_Item(top, bottom, "\t".join(cells).rstrip("\t"), True))
    return items, boxes


def _page_items(page: Any, extract_text: Any) -> list[_Item]:
    """One page as lines in reading order: table rows and the text outside them."""
    items: list[_Item] = []
    boxes: list[_Box] = []
    tables = page.find_tables()
    chars = _Bands(page.chars) if tables else _Bands(())
    for table in tables:
        table_items, table_boxes = _table_items(table, chars, extract_text)
        items.extend(table_items)
        boxes.extend(table_boxes)
    index = _BoxIndex(boxes)
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not index.holds(obj))
    for line in text_page.extract_text_lines(return_chars=False):
        text = line["text"].replace("\t", " ").strip()
        if text:
            items.append(_Item(float(line["top"]), float(line["bottom"]), text, False))
    items.sort(key=lambda item: (item.top, not item.is_row))
    return items


def _read_pages(pdfplumber: Any, data: bytes, progress: Callable[[], None] = lambda: None) -> list[_Page]:
    pages: list[_Page] = []
    extract_text = pdfplumber.utils.extract_text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ParseError(f"the PDF has {len(pdf.pages):,} pages (the limit is {MAX_PAGES:,}): not read")
        for page in pdf.pages:
            progress()
            try:
                deduped = page.dedupe_chars()
                pages.append(_Page(float(page.height), tuple(_page_items(deduped, extract_text))))
            finally:
                page.close()  # drop the page's cached objects: memory stays flat
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


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it wraps (pdfplumber wraps pdfminer's in ``args[0]``)."""
    out: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is seen for seen in out) or len(out) > 10:
            continue
        out.append(e)
        todo.extend(a for a in e.args if isinstance(a, BaseException))
        todo.extend((e.__cause__, e.__context__))
    return out


def _describe(exc: BaseException) -> str:
    causes = _causes(exc)
    if any("Password" in type(e).__name__ or "Encrypt" in type(e).__name__ for e in causes):
        return "the PDF is encrypted and cannot be opened without its password"
    innermost = causes[-1]
    detail = " ".join(str(innermost).split())[:200] or type(innermost).__name__
    return f"the PDF is damaged or truncated ({detail})"


def _lines(pages: Iterable[list[str]]) -> str:
    return "\n".join(line for page in pages for line in page)


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
    :data:`MAX_MEMORY`. :class:`~govinfo.exceptions.MissingExtraError` without pdfplumber.
    """
    _import_pdfplumber()
    _check_header(data)
    if hasattr(os, "fork") and not os.environ.get("GOVINFO_PDF_IN_PROCESS"):
        return _read_in_child(data)
    return _read_here(data)


def _read_in_child(data: bytes) -> str:
    """:func:`_read_here` in a forked child: one byte per page on a pipe, then the outcome."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        code = 0
        try:
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
    pdfplumber = _import_pdfplumber()
    try:
        pages = _read_pages(pdfplumber, data, progress)
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParseError(f"cannot read PDF: {_describe(exc)}") from None
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
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
