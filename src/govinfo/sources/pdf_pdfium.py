"""One PDF page as PDFium (``pypdfium2``) sees it: characters with their boxes, and the ruling edges
drawn by its path objects.

Coordinates are in points from the top left of the page as displayed (its crop box, ``/Rotate``
applied), the way pdfminer and pdfplumber measure them, so that the layout rules in
:mod:`.pdf_layout` read the lines and tables that they read.  (They measured from the media box,
and from y = 0 even when the media box starts elsewhere, putting the margins in the wrong place
there; for a page whose media box starts at 0 and is not cropped the two are the same.)

* a **character's box** spans its advance along the baseline and, across it, the font's descent
  to one em above it (pdfminer's box; PDFium's "loose" box reaches the font's ascent instead);
  vertical-writing fonts get the em square below their origin.  Generated characters (the spaces
  and line breaks PDFium adds between words and lines) are not characters of the page.
* an **edge** is a horizontal or vertical segment of a stroked or filled path: a line (``m l``),
  the four sides of a rectangle (``re``, or a closed four-point path with square corners), or the
  axis-parallel pieces of any other path, as pdfminer classifies them.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TypedDict, cast

# The descent (1/1000 em) of the fonts that pdfminer knows by name (the standard 14 and their
# TrueType aliases): for these it takes its own metrics, not the font's descriptor, and the descent
# is where it puts the bottom of a character's box.
_STANDARD_DESCENT = {
    **dict.fromkeys(
        ("Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "CourierNew",
         "CourierNew,Italic", "CourierNew,Bold", "CourierNew,BoldItalic"),
        -194.0,
    ),
    **dict.fromkeys(
        ("Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique", "Arial",
         "Arial,Italic", "Arial,Bold", "Arial,BoldItalic"),
        -207.0,
    ),
    **dict.fromkeys(
        ("Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic", "TimesNewRoman",
         "TimesNewRoman,Italic", "TimesNewRoman,Bold", "TimesNewRoman,BoldItalic"),
        -217.0,
    ),
    "Symbol": 0.0,
    "ZapfDingbats": 0.0,
}  # fmt: skip
_GENERATED_CANDIDATES = frozenset((0x20, 0x0D, 0x0A))
# Coordinates and scales beyond this (points; a page is at most 14,400) are nonsense from a damaged
# file: such a character or path point is left out (NaN, infinity too), so that all that is read
# is finite and of a size that the layout's bucketing can take.
_FAR = 1e6
_PATH, _FORM = 2, 5  # FPDF_PAGEOBJ_PATH, FPDF_PAGEOBJ_FORM
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2  # FPDF_SEGMENT_*
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

_Matrix = tuple[float, float, float, float, float, float]
Widths = dict[tuple[str, int], float]
"""Upright glyphs' advances (1/1000 em) by font name and character, measured once: PDFium's
glyph boxes cost calls, and a report's pages share their fonts and most of their characters."""
_Point = tuple[float, float]


class Char(TypedDict):
    """A character of the page: its text and box, whether it is upright, and which way a rotated
    glyph's baseline runs (``rising``: up the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    upright: bool
    rising: bool
    size: float
    font: str


class Edge(NamedTuple):
    """A horizontal (``"h"``) or vertical (``"v"``) ruling segment."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


class Page(NamedTuple):
    """What :func:`read_page` takes from one page."""

    height: float
    chars: list[Char]
    edges: list[Edge]


class _Font(NamedTuple):
    name: str
    descent: float  # pdfminer's, 1/1000 em
    loose_descent: float  # PDFium's, 1/1000 em (the bottom of its loose box)
    loose_ascent: float
    vertical: bool


def _c(function: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """``function`` (from ``pypdfium2.raw``) called with and returning plain values: handles as
    addresses (``c_void_p``), to compare, to key a cache by, and to pass on without wrapping."""
    return cast(Callable[..., Any], ctypes.cast(function, ctypes.CFUNCTYPE(restype, *argtypes)))


def _mult(m: _Matrix, n: _Matrix) -> _Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _display(box: tuple[float, float, float, float], rotation: int) -> tuple[_Matrix, float]:
    """The matrix from PDF user space to the displayed page (origin bottom left, y up), and the
    displayed height: pdfminer's page matrix for ``/Rotate``."""
    x0, y0, x1, y1 = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1), x1 - x0
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1), y1 - y0
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0), x1 - x0
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0), y1 - y0


class _Reader:
    """Reads one loaded page; ``raw`` is ``pypdfium2.raw``."""

    def __init__(self, raw: Any, page: Any, textpage: Any, widths: Widths) -> None:
        self.raw = raw
        self.widths = widths
        self.page = page
        self.textpage = textpage
        rect = raw.FS_RECTF()
        if not raw.FPDF_GetPageBoundingBox(page, ctypes.byref(rect)):
            rect.left, rect.bottom, rect.right, rect.top = 0.0, 0.0, 612.0, 792.0
        rotation = (raw.FPDFPage_GetRotation(page) % 4) * 90
        self.matrix, self.height = _display((rect.left, rect.bottom, rect.right, rect.top), rotation)
        self.fonts: dict[int | None, _Font] = {}  # by address
        self.loose = raw.FS_RECTF()
        self.loose_ref = ctypes.byref(self.loose)
        self.box = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
        self.box_refs = tuple(ctypes.byref(v) for v in self.box)  # left, right, bottom, top

    # --- characters ---------------------------------------------------------------------------

    def _font(self, handle: int | None, unicode: int) -> _Font:
        """The font at ``handle`` (its address), read once per page."""
        font = self.fonts.get(handle)
        if font is None:
            font = self.fonts[handle] = self._load_font(handle, unicode)
        return font

    def _load_font(self, address: int | None, unicode: int) -> _Font:
        """The name and metrics of a font, and whether it is written vertically (asked of PDFium
        with ``unicode``, a character the font shows)."""
        raw = self.raw
        if not address:
            return _Font("", 0.0, 0.0, 0.0, False)
        handle = ctypes.cast(ctypes.c_void_p(address), raw.FPDF_FONT)
        size = raw.FPDFFont_GetBaseFontName(handle, None, 0)
        buffer = ctypes.create_string_buffer(max(size, 1))
        raw.FPDFFont_GetBaseFontName(handle, buffer, size)
        name = buffer.value.decode("utf-8", "replace")
        value = ctypes.c_float()
        loose_descent = value.value if raw.FPDFFont_GetDescent(handle, 1000.0, ctypes.byref(value)) else 0.0
        loose_ascent = value.value if raw.FPDFFont_GetAscent(handle, 1000.0, ctypes.byref(value)) else 0.0
        # A vertical-writing font advances down the page: its glyph "width" is negative.
        vertical = (
            bool(raw.FPDFFont_GetGlyphWidth(handle, unicode, 1000.0, ctypes.byref(value))) and value.value < 0
        )
        descent = -abs(loose_descent)
        if name in _STANDARD_DESCENT and not raw.FPDFFont_GetIsEmbedded(handle):
            # (embedded, it may be a subset, "ABCDEF+Arial", whose tag PDFium drops: pdfminer
            # takes the descriptor's metrics for those)
            descent = _STANDARD_DESCENT[name]
        return _Font(name, descent, loose_descent, loose_ascent, vertical)

    def _text(self, index: int, unicode: int) -> str:
        """A character's text: pdfminer's ``(cid:N)`` for a code without a Unicode mapping (PDFium
        passes the code on), ``-`` for a hyphen that ends a line (PDFium marks it U+0002)."""
        if unicode < 0x20:
            if unicode == 2 and self.raw.FPDFText_IsHyphen(self.textpage, index) == 1:
                return "-"
            if self.raw.FPDFText_HasUnicodeMapError(self.textpage, index) == 1:
                return f"(cid:{unicode})"
        text = chr(unicode) if unicode < 0x110000 else "\ufffd"
        return _LIGATURES.get(text, text)

    def _glyph_width(
        self, index: int, origin_x: float, a: float, size: float, font: int | None, unicode: int
    ) -> float:
        """The advance (1/1000 em) of an upright glyph: where PDFium's loose box ends, unless the
        glyph's outline reaches that far (an ``f``, an italic), then the font's width for it."""
        raw, textpage = self.raw, self.textpage
        loose, right = self.loose, self.box[1]
        if not raw.FPDFText_GetLooseCharBox(textpage, index, self.loose_ref) or not a or not size:
            return 0.0
        reach = float(loose.right - origin_x) / a / size * 1000
        if not raw.FPDFText_GetCharBox(textpage, index, *self.box_refs) or loose.right > right.value + 1e-3:
            return reach
        width = ctypes.c_float()
        handle = ctypes.cast(ctypes.c_void_p(font), raw.FPDF_FONT)
        if font and raw.FPDFFont_GetGlyphWidth(handle, unicode, 1000.0, ctypes.byref(width)):
            return float(width.value) if 0 < width.value <= reach + 1e-3 else reach
        return reach

    def _loose_advance(
        self, index: int, font: _Font, m: tuple[float, float, float, float], size: float
    ) -> float:
        """A glyph's advance (in text space) from PDFium's loose box, which spans it and the font's
        ascent and descent (and the glyph's outline, where that reaches further)."""
        a, b, c, d = m
        rect = self.raw.FS_RECTF()
        if not self.raw.FPDFText_GetLooseCharBox(self.textpage, index, ctypes.byref(rect)):
            return 0.0
        cross = (font.loose_ascent - font.loose_descent) * size / 1000
        if abs(a) >= abs(b) and a:
            return max(float(rect.right - rect.left) - abs(c) * cross, 0.0) / abs(a)
        if b:
            return max(float(rect.top - rect.bottom) - abs(d) * cross, 0.0) / abs(b)
        return 0.0

    def chars(self) -> list[Char]:
        """The page's characters in the order drawn (the inner loop of reading: kept tight)."""
        raw, textpage = self.raw, self.textpage
        get_unicode, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
        get_origin, get_matrix = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetMatrix
        get_size = raw.FPDFText_GetFontSize
        # These two return handles, as plain addresses: cheap to compare and to key a cache by.
        text_object = _c(raw.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
        object_font = _c(raw.FPDFTextObj_GetFont, ctypes.c_void_p, ctypes.c_void_p)
        textpage_address = ctypes.cast(textpage, ctypes.c_void_p).value
        x, y, matrix = ctypes.c_double(), ctypes.c_double(), raw.FS_MATRIX()
        x_ref, y_ref, matrix_ref = ctypes.byref(x), ctypes.byref(y), ctypes.byref(matrix)
        height = self.height
        page_a, page_b, page_c, page_d, page_e, page_f = self.matrix
        unrotated = page_a == 1 and page_d == 1 and page_b == 0 and page_c == 0
        widths = self.widths
        last_object: int | None = -1
        last_origin = (float("nan"), 0.0)
        last_unicode = 0
        font_address: int | None = None
        font, size = _Font("", 0.0, 0.0, 0.0, False), 0.0
        out: list[Char] = []
        for index in range(max(raw.FPDFText_CountChars(textpage), 0)):
            unicode = get_unicode(textpage, index)
            if not unicode or (unicode in _GENERATED_CANDIDATES and is_generated(textpage, index)):
                continue
            if not get_origin(textpage, index, x_ref, y_ref) or not get_matrix(textpage, index, matrix_ref):
                continue
            origin = (x.value, y.value)
            m = (matrix.a, matrix.b, matrix.c, matrix.d)
            if not (
                abs(origin[0]) + abs(origin[1]) < _FAR
                and abs(m[0]) + abs(m[1]) + abs(m[2]) + abs(m[3]) < _FAR
            ):
                continue
            if 0x20 <= unicode < 0x110000:
                text = chr(unicode)
                text = _LIGATURES.get(text, text)
            else:
                text = self._text(index, unicode)
            obj = text_object(textpage_address, index)
            if obj != last_object:  # a text object's characters share its font and size
                last_object = obj
                size = float(get_size(textpage, index))
                size = size if 0 <= size < _FAR else 0.0
                font_address = object_font(obj)
                font = self._font(font_address, unicode)
            elif origin == last_origin and out:
                # One glyph shown as several characters (a ligature): one character, as pdfminer
                # reads it, as wide as the glyph.
                advance = self._loose_advance(index, font, m, size)
                out[-1] = self._char(out[-1]["text"] + text, font, m, origin, size, advance)
                widths.pop((font.name, last_unicode), None)  # measured on this glyph, not its own
                continue
            last_unicode = unicode
            last_origin = origin
            a, b, c, d = m
            if b == 0 and c == 0 and a > 0 and d > 0 and not font.vertical:
                key = (font.name, unicode)
                width = widths.get(key)
                if width is None:
                    width = widths[key] = self._glyph_width(index, origin[0], a, size, font_address, unicode)
                advance = width * size / 1000
            else:
                advance = self._loose_advance(index, font, m, size)
            if unrotated and b == 0 and c == 0 and a > 0 and d > 0 and not font.vertical:
                # Upright on an unrotated page (the common case), inline.
                x0 = origin[0] + page_e
                y0 = origin[1] + page_f + font.descent * size * d / 1000
                y1 = y0 + size * d
                out.append(
                    {
                        "text": text,
                        "x0": x0,
                        "x1": x0 + advance * a,
                        "top": height - y1,
                        "bottom": height - y0,
                        "upright": True,
                        "rising": False,
                        "size": y1 - y0,
                        "font": font.name,
                    }
                )
            else:
                out.append(self._char(text, font, m, origin, size, advance))
        return out

    def _char(
        self,
        text: str,
        font: _Font,
        m: tuple[float, float, float, float],
        origin: _Point,
        size: float,
        advance: float,
    ) -> Char:
        """pdfminer's box for a glyph at ``origin`` (user space) drawn with the matrix ``m``: along
        the baseline its advance, across it the descent to one em above; for vertical writing, the
        em square whose lower left corner is the origin (as PDFium places it)."""
        a, b, c, d = m
        ox, oy = origin
        if font.vertical:
            low, high, advance = 0.0, size, size
        else:
            low = font.descent * size / 1000
            high = low + size
        corners = [(ox + u * a + v * c, oy + u * b + v * d) for u in (0.0, advance) for v in (low, high)]
        pa, pb, pc, pd, pe, pf = self.matrix
        xs = [px * pa + py * pc + pe for px, py in corners]
        ys = [px * pb + py * pd + pf for px, py in corners]
        shown = _mult((a, b, c, d, 0.0, 0.0), self.matrix)
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        return {
            "text": text,
            "x0": x0,
            "x1": x1,
            "top": self.height - y1,
            "bottom": self.height - y0,
            "upright": shown[0] * shown[3] > 0 and shown[1] * shown[2] <= 0,
            "rising": shown[1] > 0,
            "size": x1 - x0 if font.vertical else y1 - y0,
            "font": font.name,
        }

    # --- ruling edges ---------------------------------------------------------------------------

    def edges(self) -> list[Edge]:
        """The page's ruling edges: pdfplumber's line, then rectangle, then curve edges."""
        lines: list[Edge] = []
        rects: list[Edge] = []
        curves: list[Edge] = []
        paths = _Paths(self.raw)
        page = ctypes.cast(self.page, ctypes.c_void_p).value
        for path in paths.of(paths.page_objects(page), self.matrix, 0):
            _classify(path, lines, rects, curves)
        return [*lines, *rects, *curves]


class _Paths:
    """The page's path objects, inside forms too, through PDFium calls that take and return plain
    addresses (fast to call and to pass on)."""

    def __init__(self, raw: Any) -> None:
        p, i = ctypes.c_void_p, ctypes.c_int
        self.matrix_type = raw.FS_MATRIX
        self.count_objects = _c(raw.FPDFPage_CountObjects, i, p)
        self.get_object = _c(raw.FPDFPage_GetObject, p, p, i)
        self.get_type = _c(raw.FPDFPageObj_GetType, i, p)
        self.get_matrix = _c(raw.FPDFPageObj_GetMatrix, i, p, p)
        self.count_form_objects = _c(raw.FPDFFormObj_CountObjects, i, p)
        self.get_form_object = _c(raw.FPDFFormObj_GetObject, p, p, ctypes.c_ulong)
        self.count_segments = _c(raw.FPDFPath_CountSegments, i, p)
        self.get_segment = _c(raw.FPDFPath_GetPathSegment, p, p, i)
        self.get_point = _c(raw.FPDFPathSegment_GetPoint, i, p, p, p)
        self.get_segment_type = _c(raw.FPDFPathSegment_GetType, i, p)
        self.get_close = _c(raw.FPDFPathSegment_GetClose, i, p)

    def page_objects(self, page: int | None) -> list[int | None]:
        return [self.get_object(page, n) for n in range(max(self.count_objects(page), 0))]

    def of(self, objects: list[int | None], outer: _Matrix, depth: int) -> Iterator[list[tuple[str, _Point]]]:
        """Each path object as its operators and points (``m``, ``l``, ``c``, ``h``) on the page."""
        m = self.matrix_type()
        m_ref = ctypes.addressof(m)
        for obj in objects:
            kind = self.get_type(obj)
            if kind not in (_PATH, _FORM) or not self.get_matrix(obj, m_ref):
                continue
            matrix = _mult((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if kind == _PATH:
                yield self.segments(obj, matrix)
            elif depth < 16:
                count = max(self.count_form_objects(obj), 0)
                yield from self.of([self.get_form_object(obj, n) for n in range(count)], matrix, depth + 1)

    def segments(self, obj: int | None, matrix: _Matrix) -> list[tuple[str, _Point]]:
        a, b, c, d, e, f = matrix
        x, y = ctypes.c_float(), ctypes.c_float()
        x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
        get_segment, get_point, get_type, get_close = (
            self.get_segment,
            self.get_point,
            self.get_segment_type,
            self.get_close,
        )
        out: list[tuple[str, _Point]] = []
        start: _Point | None = None
        bezier = 0
        for n in range(max(self.count_segments(obj), 0)):
            segment = get_segment(obj, n)
            if not segment or not get_point(segment, x_ref, y_ref):
                continue
            point = (x.value * a + y.value * c + e, x.value * b + y.value * d + f)
            if not abs(point[0]) + abs(point[1]) < _FAR:
                continue
            kind = get_type(segment)
            if kind == _MOVETO:
                out.append(("m", point))
                start, bezier = point, 0
            elif kind == _BEZIERTO:
                bezier += 1
                if bezier % 3:
                    continue  # a control point: pdfminer keeps only where the curve ends
                out.append(("c", point))
            else:
                out.append(("l", point))
            if get_close(segment) and start is not None:
                out.append(("h", start))
        return out


def _classify(
    path: list[tuple[str, _Point]], lines: list[Edge], rects: list[Edge], curves: list[Edge]
) -> None:
    """pdfminer's reading of a painted path (one subpath per ``m``) as lines, rectangles and curves,
    then pdfplumber's edges of each (in display coordinates, y up: flipped by the caller)."""
    starts = [i for i, (op, _) in enumerate(path) if op == "m"]
    if not starts or starts[0] != 0:
        return
    for n, begin in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(path)
        if end - begin < 2:
            continue
        sub = path[begin:end]
        shape = "".join(op for op, _ in sub)
        pts = [point for _, point in sub]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            (xa, ya), (xb, yb) = pts[0], pts[1]
            lines.append(Edge("h" if ya == yb else "v", min(xa, xb), max(ya, yb), max(xa, xb), min(ya, yb)))
        elif shape in ("mlllh", "mllll") and _is_rect(pts):
            xs = [p[0] for p in pts[:4]]
            ys = [p[1] for p in pts[:4]]
            left, right, low, high = min(xs), max(xs), min(ys), max(ys)
            rects += [
                Edge("h", left, high, right, high),
                Edge("h", left, low, right, low),
                Edge("v", left, high, left, low),
                Edge("v", right, high, right, low),
            ]
        else:
            for (xa, ya), (xb, yb) in itertools.pairwise(pts):
                orientation = "v" if xa == xb else ("h" if ya == yb else "")
                if orientation:
                    curves.append(Edge(orientation, min(xa, xb), max(ya, yb), max(xa, xb), min(ya, yb)))


def _is_rect(pts: list[_Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
    return pts[0] == last and square


def read_page(raw: Any, page: Any, textpage: Any, widths: Widths | None = None) -> Page:
    """The characters and ruling edges of one loaded page (``page`` and ``textpage`` are raw
    PDFium handles; ``raw`` is ``pypdfium2.raw``); ``widths`` keeps the glyph advances measured
    from one page to the next of a document."""
    reader = _Reader(raw, page, textpage, {} if widths is None else widths)
    height = reader.height
    edges = [Edge(e.orientation, e.x0, height - e.top, e.x1, height - e.bottom) for e in reader.edges()]
    return Page(height, reader.chars(), edges)
