"""Content-based dispatch: bytes or a path → report text, whatever the file's extension says.

:func:`sniff` looks at the bytes: ``%PDF-`` in the first kilobyte is a PDF; a zip holding
``word/document.xml`` is a Word document; markup (``<html``, ``<!doctype html``, ``<table``,
``<p>`` …) near the start of a file that begins with ``<`` — or anywhere in the first few
kilobytes of a file named ``.html``/``.htm`` — is HTML; anything else that decodes to plausible
text is text.  Old binary Office files, other zips (``.xlsx``, ``.pptx``, ``.odt``), RTF,
images, archives and binary garbage raise :class:`~govinfo.ParseError`, as does any failure
of a reader; a missing optional dependency raises :class:`~govinfo.MissingExtraError`.
"""

from __future__ import annotations

import io
import os
import re
from typing import Literal

from ..exceptions import MissingExtraError, ParseError
from .text import decode, plausibility, read_file_bytes

__all__ = ["Format", "read_bytes", "read_document", "sniff"]

Format = Literal["pdf", "docx", "html", "text"]

_PDF_WINDOW = 1024
_SNIFF_CHARS = 4096
_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".xht", ".asp", ".aspx", ".jsp", ".php")
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|table|tbody|tr|td|th|p|div|span|br|h[1-6]|font|center)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_LEADING_JUNK = re.compile(r"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*", re.DOTALL)
_MIN_PLAUSIBLE = 0.75  # below this share of plausible characters, "text" is binary data

# (magic bytes, description) of formats that are recognised but not read.
_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office file (.doc/.xls/.ppt); save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image (a scan needs OCR)"),
    (b"\xff\xd8\xff", "a JPEG image (a scan needs OCR)"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image (a scan needs OCR)"),
    (b"MM\x00*", "a TIFF image (a scan needs OCR)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"AT&TFORM", "a DjVu document"),
    (b"\x7fELF", "an executable"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _zip_kind(data: bytes, label: str) -> Format:
    import zipfile  # (here: a text file needs none of it)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ParseError(f"{label}a corrupt or truncated zip file (a .docx?): {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        what = "an Excel workbook (.xlsx)"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint file (.pptx)"
    elif "content.xml" in names:
        what = "an OpenDocument file (.odt); save it as .docx"
    else:
        what = "a zip archive that is not a Word document"
    raise ParseError(f"{label}unsupported format: {what}")


def _looks_like_html(head: str, name: str) -> bool:
    start = _LEADING_JUNK.match(head)
    rest = head[start.end() if start else 0 :]
    if rest.startswith("<") and _MARKUP.match(rest) is not None:
        return True
    if rest.startswith("<") or name.lower().endswith(_HTML_SUFFIXES):
        return _MARKUP.search(head) is not None
    return False


def sniff(data: bytes, name: str = "") -> Format:
    """The format of ``data`` from its content (``name`` only breaks ties for HTML).

    Raises :class:`~govinfo.ParseError` for recognised formats that are not read.
    """
    label = f"{name}: " if name else ""
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data, label)
    for magic, what in _UNSUPPORTED:
        if data.startswith(magic):
            raise ParseError(f"{label}unsupported format: {what}")
    if _looks_like_html(decode(data[:_SNIFF_CHARS]), name) and not _markdown(data):
        return "html"
    return "text"


# A Markdown pipe row on a line of its own.
_PIPE_ROW = re.compile(rb"^[ \t]*\|[^\n]*\|[ \t]*\r?$", re.MULTILINE)
_PIPE_ROWS_MIN = 3


def _markdown(data: bytes) -> bool:
    """Whether ``data`` is Markdown that starts with markup (pandoc keeps some blocks and tables as
    HTML): its pipe tables are rows of lines, which an HTML reader would run together."""
    if b"\n|" not in data and b"\n |" not in data:
        return False
    rows = zip(range(_PIPE_ROWS_MIN), _PIPE_ROW.finditer(data), strict=False)
    return sum(1 for _ in rows) >= _PIPE_ROWS_MIN


def _read_pdf(data: bytes) -> str:
    try:
        from .pdf import read_pdf  # (it imports pypdfium2 only when it reads, see _extras.require)
    except ModuleNotFoundError as exc:
        raise ParseError("PDF input is not supported by this build (govinfo.sources.pdf is missing)") from exc
    return read_pdf(data)


def _read_text(data: bytes, label: str) -> str:
    text = decode(data)
    if text and plausibility(text[: _SNIFF_CHARS * 4]) < _MIN_PLAUSIBLE:
        raise ParseError(f"{label}unsupported format: binary data, not a text, HTML, Word or PDF report")
    return text


def read_bytes(data: bytes, *, name: str = "") -> str:
    """Report text from the bytes of a PDF, Word (.docx), HTML or text file (see :func:`sniff`).

    ``name`` (a file name) is used in error messages and to accept HTML that does not start
    with markup.  Raises :class:`~govinfo.ParseError` or :class:`~govinfo.MissingExtraError`.
    """
    label = f"{name}: " if name else ""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError(f"{label}read_bytes() needs bytes, got {type(data).__name__}")
    data = bytes(data)
    kind = sniff(data, name)
    try:
        if kind == "pdf":
            return _read_pdf(data)
        if kind == "docx":
            from .docx import read_docx

            return read_docx(data)
        if kind == "html":
            from .html import read_html

            return read_html(data)
        return _read_text(data, label)
    except MissingExtraError:
        raise
    except ParseError as exc:
        message = str(exc).split("\n", 1)[0]
        if label and not message.startswith(label):
            raise ParseError(f"{label}{message}", exc.diagnostics) from exc
        raise
    except Exception as exc:
        raise ParseError(f"{label}cannot read this {kind} file: {type(exc).__name__}: {exc}") from exc


def read_document(path: str | os.PathLike[str]) -> str:
    """Report text from the file at ``path``, read according to its content (see :func:`read_bytes`)."""
    return read_bytes(read_file_bytes(path), name=os.fspath(path))
