"""Plain-text sources: detect the encoding of report bytes and normalize newlines.

Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides outright;
otherwise strict UTF-8; then UTF-16 without a BOM when NUL bytes show it; then GB18030 (a
superset of GBK and GB2312); as a last resort UTF-8 with replacement characters.  Line endings
(CRLF, CR) become LF.

>>> decode("一、总体情况\\r\\n".encode("gb18030"))
'一、总体情况\\n'
"""

from __future__ import annotations

import codecs
import os
import re
import stat

from ..exceptions import ParseError

# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Code points a Chinese report plausibly contains (to reject binary or a wrong guess).
_PLAUSIBLE: tuple[tuple[int, int], ...] = (
    (0x09, 0x0D),  # tab, newlines, form feed
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x04FF),  # Latin (pinyin tones), IPA, Greek, Cyrillic
    (0x2000, 0x27BF),  # punctuation, number forms, arrows, math, circled digits, boxes, dingbats
    (0x3000, 0x33FF),  # CJK punctuation, kana, bopomofo, enclosed CJK
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),  # CJK extensions B-G
)
_MIN_PLAUSIBLE = 0.9
_IMPLAUSIBLE = re.compile(
    "[^" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _PLAUSIBLE) + "]"
)


def plausibility(text: str) -> float:
    """The share of ``text``'s characters that a Chinese report plausibly contains."""
    if not text:
        return 0.0
    return 1 - len(_IMPLAUSIBLE.findall(text)) / len(text)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode ``data`` as BOM-less UTF-16 if its NUL bytes show it, else ``None``.

    ASCII characters put a NUL at odd offsets in UTF-16 LE and at even offsets in UTF-16 BE,
    so a clear majority of NULs on one side decides; otherwise (text nearly all CJK) the more
    plausible of the two decodings wins.  Either way the result must look like report text.
    """
    if len(data) < 2 or len(data) % 2 or b"\x00" not in data:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    candidates = {enc: _try(data, enc) for enc in ("utf-16-le", "utf-16-be")}
    if odd_nuls >= 2 * even_nuls:
        order = ["utf-16-le"]
    elif even_nuls >= 2 * odd_nuls:
        order = ["utf-16-be"]
    else:
        order = sorted(candidates, key=lambda enc: -plausibility(candidates[enc] or ""))
    text = candidates[order[0]]
    if text is not None and plausibility(text) >= _MIN_PLAUSIBLE:
        return text
    return None


def _decode_raw(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # The BOM is authoritative: a damaged body keeps its encoding, with U+FFFD marks.
            return data[len(bom) :].decode(encoding, errors="replace")
    utf8 = _try(data, "utf-8")
    if utf8 is not None and "\x00" not in utf8:
        return utf8
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if utf8 is not None:
        return utf8
    gb = _try(data, "gb18030")
    if gb is not None:
        return gb
    return data.decode("utf-8", errors="replace")


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> str:
    """Decode report bytes, detecting the encoding (see the module docstring); newlines become LF."""
    return normalize_newlines(_decode_raw(data))


MAX_FILE_BYTES = 64 * 2**20
"""Files bigger than this are not read (a report is a few hundred kilobytes; a PDF a few MB)."""


def printable(text: str) -> str:
    """``text`` with undecodable bytes (a file name that is not UTF-8, decoded with
    ``surrogateescape``) written as ``\\xNN`` escapes: safe to print and to write as UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path``; raises :class:`~govinfo.ParseError` if it cannot be read,
    is not a regular file (a folder, a FIFO, a device such as ``/dev/zero``) or is bigger than
    :data:`MAX_FILE_BYTES`."""
    shown = printable(os.fspath(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ParseError(f"{shown}: no such file") from None
    except OSError as exc:
        raise ParseError(f"{shown}: cannot read file: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ParseError(f"{shown}: is a directory, not a report file")
    if not stat.S_ISREG(info.st_mode):
        raise ParseError(f"{shown}: not a regular file (a pipe or a device): not read")
    if info.st_size > MAX_FILE_BYTES:
        raise ParseError(
            f"{shown}: {info.st_size / 2**20:,.0f} MB, over the limit of {MAX_FILE_BYTES // 2**20} MB"
        )
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ParseError(f"{shown}: cannot read file: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(f"{shown}: over the limit of {MAX_FILE_BYTES // 2**20} MB")
    return data


def read_text(path: str | os.PathLike[str]) -> str:
    """Read and :func:`decode` the file at ``path``; raises :class:`~govinfo.ParseError` if unreadable."""
    return decode(read_file_bytes(path))


__all__ = [
    "MAX_FILE_BYTES",
    "decode",
    "normalize_newlines",
    "plausibility",
    "printable",
    "read_file_bytes",
    "read_text",
]
