"""PDF sources: ``read_pdf`` on the real dev reports, on small PDFs built here, and on broken input.

The dev reports (``data/<case>.pdf`` with ``data/<case>.facts.json``, copied from the shared corpus)
must parse to their gold facts, scored as ``test_golden`` scores the text cases.  The small PDFs are
written byte by byte below (Helvetica text, a vertical-writing CJK font, ruling lines, a form
XObject, rotated and shifted pages), so each layout rule is tested alone.

``read_pdf`` reads with PDFium since it stopped using pdfplumber; its text is held to pdfplumber's,
byte for byte, on the dev reports and the small PDFs (:data:`PDFPLUMBER_SHA256`).
"""

from __future__ import annotations

import builtins
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govinfo
from govinfo.exceptions import MissingExtraError, ParseError
from govinfo.sources.pdf import join_cell_lines, read_pdf
from helpers.golden import wrong_keys

pytest.importorskip("pypdfium2")

DATA = Path(__file__).parent / "data"
STEMS = (p.name[: -len(".facts.json")] for p in DATA.glob("*.facts.json"))
CASES = sorted(stem for stem in STEMS if (DATA / f"{stem}.pdf").exists())


# --- a tiny PDF writer ---------------------------------------------------------------------------


# A CID font written vertically (Identity-V: each glyph below the one before), not embedded, whose
# ToUnicode map gives codes 1-4 as 三本年度.
_VERTICAL_CMAP = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /V def /CMapType 2 def\n"
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    b"4 beginbfchar <0001> <4E09> <0002> <672C> <0003> <5E74> <0004> <5EA6> endbfchar\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end"
)
_FONTS = [
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-V"
    b" /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /FontDescriptor 7 0 R /DW 1000"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>",
    b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_VERTICAL_CMAP), _VERTICAL_CMAP),
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
    b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
]


def build_pdf(
    pages: list[bytes],
    *,
    encrypt: bool = False,
    size: tuple[int, int] = (595, 842),
    rotate: int = 0,
    origin: tuple[int, int] = (0, 0),
    form: bytes | None = None,
) -> bytes:
    """A PDF with one content stream per page, Helvetica as ``/F1`` and a vertical CJK font as
    ``/F2`` (see :func:`vertical_text`); ``encrypt`` adds a standard security handler whose user
    password is not empty; ``rotate`` is each page's ``/Rotate``, ``origin`` the lower left corner
    of its media box, and ``form`` the content of a form XObject ``/X1`` the pages may draw."""
    objects: list[bytes] = [b"", b"", *_FONTS]  # 1: catalog, 2: page tree (filled in below), 3-7: fonts
    xobject = b""
    if form is not None:
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Length %d >>\nstream\n%s\nendstream" % (*size, len(form), form)
        )
        xobject = b" /XObject << /X1 %d 0 R >>" % len(objects)
    kids = []
    for stream in pages:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%d %d %d %d] /Rotate %d"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >>%s >> /Contents %d 0 R >>"
            % (*origin, origin[0] + size[0], origin[1] + size[1], rotate, xobject, content)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1 + encrypt)
    if encrypt:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32))
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def text(x: float, y: float, s: str, *, size: int = 10, turn: int = 0) -> bytes:
    """Show ``s`` at (x, y) in PDF points (origin bottom left); ``turn`` ±90 rotates the glyphs."""
    escaped = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
    matrix = {0: b"1 0 0 1", 90: b"0 1 -1 0", -90: b"0 -1 1 0"}[turn]
    return b"BT /F1 %d Tf %s %g %g Tm (%s) Tj ET\n" % (size, matrix, x, y, escaped)


def vertical_text(x: float, y: float, codes: list[int], *, size: int = 10) -> bytes:
    """Show the glyphs ``codes`` of ``/F2`` (1-4: 三本年度) down the page from (x, y)."""
    return b"BT /F2 %d Tf 1 0 0 1 %g %g Tm <%s> Tj ET\n" % (size, x, y, b"".join(b"%04X" % c for c in codes))


def turned(content: bytes, matrix: bytes) -> bytes:
    """``content`` drawn through the matrix ``matrix`` (a ``cm``)."""
    return b"q %s cm\n%sQ\n" % (matrix, content)


def hline(x0: float, x1: float, y: float) -> bytes:
    return b"%g %g m %g %g l S\n" % (x0, y, x1, y)


def vline(x: float, y0: float, y1: float) -> bytes:
    return b"%g %g m %g %g l S\n" % (x, y0, x, y1)


def grid(x0: float, x1: float, y_top: float, y_bottom: float) -> bytes:
    """The outer frame of a table."""
    return b"%g %g %g %g re S\n" % (x0, y_bottom, x1 - x0, y_top - y_bottom)


def lines_of(data: bytes) -> list[str]:
    return read_pdf(data).split("\n")


# --- the dev reports -------------------------------------------------------------------------------


def test_cases_found() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("case", CASES)
def test_dev_pdf_parses_to_gold_facts(case: str) -> None:
    gold = json.loads((DATA / f"{case}.facts.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    report = govinfo.parse(read_pdf((DATA / f"{case}.pdf").read_bytes()))
    elapsed = time.perf_counter() - started
    facts: dict[str, object] = dict(govinfo.facts(report))
    diagnosed = {key for d in report.diagnostics for key in d.keys}
    wrong = wrong_keys(gold, facts, diagnosed)
    assert not wrong, f"{case}.pdf: {len(wrong)} of {len(gold)} keys wrong:\n" + "\n".join(wrong)
    assert elapsed < 30, f"{case}.pdf took {elapsed:.1f}s"


def test_parse_file_reads_pdf_through_dispatch() -> None:
    path = DATA / "hongze-district-2024.pdf"
    assert govinfo.parse_file(path) == govinfo.parse(read_pdf(path.read_bytes()))


def test_dev_pdf_text_shape() -> None:
    lines = lines_of((DATA / "huaian-city-2024.pdf").read_bytes())
    # Title and prose as text lines; no page numbers ("- 4 -") left.
    assert lines[:2] == ["淮安市人民政府", "2024 年政府信息公开工作年度报告"]
    assert not [line for line in lines if line.strip(" -").isdigit()]
    # Block titles spanning the table read as text, rows as TAB-separated cells.
    assert "第二十条 第（五）项" in lines
    assert "行政许可\t447228" in lines
    assert "一、本年新收政府信息公开申请数量\t\t\t3001\t53\t0\t0\t61\t4\t3119" in lines
    # The vertical header and cells broken over lines are joined; merged positions are empty.
    assert "三、本年度办理结果\t（一）予以公开\t\t1288\t21\t0\t0\t50\t3\t1362" in lines
    assert "\t\t3、其他\t108\t2\t0\t0\t0\t0\t110" in lines
    assert "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他" in lines
    # The review table: one row of fifteen values, after its headings.
    assert "72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20" in lines
    # The request table continues over the page break with its rows in order.
    first = lines.index("\t（四）无\t1.本机关不掌握相关政府信息\t746\t12\t0\t0\t10\t1\t769")
    assert lines[first + 1] == "\t法提供\t2.没有现成信息需要另行制作\t11\t0\t0\t0\t0\t0\t11"


def test_dev_pdf_prose_in_a_page_frame_reads_as_text() -> None:
    # hongze-district-2023 draws a frame around whole pages: its prose must not become table rows.
    lines = lines_of((DATA / "hongze-district-2023.pdf").read_bytes())
    assert "一律不准发布。" in lines
    assert "二、主动公开政府信息情况" in lines
    assert not [line for line in lines if "\t" in line and "。" in line]


# --- layout rules on small built PDFs ------------------------------------------------------------


def table_page(*, header: str = "Annual Report", footer: str = "- 1 -") -> bytes:
    """A page: a running header, a heading, a 3x4 table with a spanning title row, a merged cell,
    a cell broken over two lines and a rotated cell; then a page number."""
    s = text(100, 815, header)  # top margin (842 * 0.1 = 84.2 points)
    s += text(100, 760, "Section One")
    s += grid(100, 400, 700, 600)
    for y in (680, 660, 640):
        s += hline(100, 400, y)
    s += hline(200, 400, 620)  # the first column's last two rows are one merged cell
    s += vline(200, 600, 680) + vline(300, 600, 680)
    s += text(105, 688, "Block title across the table")
    s += text(105, 668, "Item") + text(205, 668, "Col A") + text(305, 668, "Col B")
    s += text(105, 648, "Long") + text(105, 641, "label") + text(205, 648, "1") + text(305, 648, "2")
    s += text(150, 604, "UPWARD", size=6, turn=90) + text(205, 628, "3") + text(305, 628, "4")
    s += text(205, 608, "5") + text(305, 608, "6")
    s += text(100, 560, "Closing words.")
    s += text(290, 30, footer)  # bottom margin
    return s


TABLE_PAGE_LINES = [
    "Annual Report",  # the first page's head is kept (it may be the title)
    "Section One",
    "Block title across the table",  # one cell spanning the table: text, no TABs
    "Item\tCol A\tCol B",
    "Long label\t1\t2",  # two lines in one cell joined
    "UPWARD\t3\t4",  # rotated glyphs read along their baseline
    "\t5\t6",  # the merged cell's second row: its position is empty
    "Closing words.",
]


def downward_pdf() -> bytes:
    s = grid(100, 300, 700, 600) + vline(200, 600, 700)
    s += text(150, 690, "DOWN", turn=-90) + text(205, 650, "7")
    return build_pdf([s])


def furniture_pdf() -> bytes:
    pages = [table_page(footer=f"- {n} -") for n in (1, 2, 3)]
    pages.append(text(100, 815, "Annual Report") + text(100, 700, "The end.") + text(290, 30, "Page 4 of 4"))
    return build_pdf(pages)


def bare_numbers_pdf(numbers: tuple[str, ...]) -> bytes:
    body = text(100, 700, "Body text")
    if len(numbers) == 1:  # a lone number in the body too
        body += text(100, 680, "2024")
    return build_pdf([body + text(295, 30, n) for n in numbers])


def frame_pdf() -> bytes:
    s = grid(100, 400, 700, 600) + hline(100, 400, 650)
    s += text(105, 680, "Framed line one") + text(105, 630, "Framed line two")
    return build_pdf([s])


def continued_pdf() -> bytes:
    def half(rows: list[tuple[str, str]]) -> bytes:
        top = 760
        s = grid(100, 300, top, top - 20 * len(rows)) + vline(200, top - 20 * len(rows), top)
        for n, (a, b) in enumerate(rows):
            if n:
                s += hline(100, 300, top - 20 * n)
            s += text(105, top - 20 * n - 14, a) + text(205, top - 20 * n - 14, b)
        return s

    return build_pdf([half([("row1", "1"), ("row2", "2")]), half([("row3", "3")])])


# Pages turned by /Rotate, their content drawn turned the other way, so that they read upright.
TURNED = {90: b"0 1 -1 0 842 0", 180: b"-1 0 0 -1 595 842", 270: b"0 -1 1 0 0 595"}


def rotated_pdf(rotate: int) -> bytes:
    size = (595, 842) if rotate == 180 else (842, 595)
    return build_pdf([turned(table_page(), TURNED[rotate])], rotate=rotate, size=size)


def fake_bold_pdf() -> bytes:
    s = text(100, 700, "Bold title") + text(100.3, 700, "Bold title")  # drawn twice, 0.3 pt apart
    s += text(100, 650, "Plain") + text(100, 600, "Later")
    s += text(99.6, 650.2, "Plain")  # and again, after another line
    # and twice in other pieces: PDFium drops a text object drawn again, not pieces of it
    return build_pdf(
        [s + text(100, 550, "Split words") + text(100.4, 550, "Split") + text(122.7, 550, "words")]
    )


def form_pdf() -> bytes:
    table = grid(100, 300, 700, 600) + vline(200, 600, 700) + hline(100, 300, 650)
    table += text(105, 680, "a") + text(205, 680, "b") + text(105, 630, "c") + text(205, 630, "d")
    return build_pdf([b"/X1 Do\n" + text(100, 560, "Outside")], form=table)


def scaled_pdf() -> bytes:
    table = grid(100, 400, 700, 600) + vline(250, 600, 700) + hline(100, 400, 650)
    s = turned(table, b"0.5 0 0 0.5 50 50")  # the ruling at half size: (100, 350)-(250, 400)
    s += text(105, 380, "x1") + text(180, 380, "y1") + text(105, 355, "x2") + text(180, 355, "y2")
    return build_pdf([s])


def vertical_pdf() -> bytes:
    s = grid(100, 300, 700, 600) + vline(150, 600, 700)
    # Drawn at a twentieth of the scale, in a 200 pt font, as word processors write (twips).
    s += turned(vertical_text(2400, 13800, [1, 2, 3, 4], size=200), b"0.05 0 0 0.05 0 0")
    return build_pdf([s + text(205, 650, "7")])


def paths_pdf() -> bytes:
    s = b"100 700 m 150 750 200 750 250 700 c S\n"  # a curve: no edge of a table
    s += b"100 600 m 200 600 l 200 500 l 100 500 l h S\n"  # a closed four-point path: a rectangle
    s += vline(150, 500, 600)
    s += text(100, 720, "Curve") + text(105, 550, "L") + text(155, 550, "R")
    return build_pdf([s])


def spacing_pdf() -> bytes:
    s = text(100, 700, "word   spaced")  # spaces drawn: one word break
    s += text(100, 680, "A") + text(112, 680, "B")  # 5 pt apart: a space
    s += text(100, 660, "tight") + text(120.5, 660, "next")  # under 3 pt apart: no space
    return build_pdf([s])


def hyphen_pdf() -> bytes:
    s = text(100, 700, "The manip-") + text(100, 688, "ulation of data")  # PDFium marks this one
    return build_pdf([s + text(100, 660, "x2") + text(120, 660, "-") + text(100, 648, "y")])


SMALL_PDFS: dict[str, Callable[[], bytes]] = {
    "table": lambda: build_pdf([table_page()]),
    "downward": downward_pdf,
    "furniture": furniture_pdf,
    "bare numbers": lambda: bare_numbers_pdf(("1", "2")),
    "lone number": lambda: bare_numbers_pdf(("7",)),
    "frame": frame_pdf,
    "continued": continued_pdf,
    "rotate 90": lambda: rotated_pdf(90),
    "rotate 180": lambda: rotated_pdf(180),
    "rotate 270": lambda: rotated_pdf(270),
    "fake bold": fake_bold_pdf,
    "form": form_pdf,
    "scaled": scaled_pdf,
    "vertical": vertical_pdf,
    "paths": paths_pdf,
    "spacing": spacing_pdf,
    "hyphen": hyphen_pdf,
}


def test_table_rows_merged_cells_and_rotated_text() -> None:
    assert lines_of(build_pdf([table_page()])) == TABLE_PAGE_LINES


def test_rotated_text_read_downward() -> None:
    assert lines_of(downward_pdf()) == ["DOWN\t7"]


def test_page_numbers_and_running_headers_are_dropped() -> None:
    lines = lines_of(furniture_pdf())
    assert lines.count("Annual Report") == 1 and lines[0] == "Annual Report"
    assert not [line for line in lines if line.startswith(("-", "Page"))]
    assert lines.count("Item\tCol A\tCol B") == 3
    assert lines[-1] == "The end."


def test_bare_page_numbers_dropped_only_when_they_recur() -> None:
    assert lines_of(bare_numbers_pdf(("1", "2"))) == ["Body text", "Body text"]
    # A lone number in the body is content, and one page's bare number has nothing to recur with.
    assert lines_of(bare_numbers_pdf(("7",))) == ["Body text", "2024", "7"]


def test_one_column_table_is_a_text_frame() -> None:
    assert lines_of(frame_pdf()) == ["Framed line one", "Framed line two"]


def test_table_continues_over_a_page_break() -> None:
    assert lines_of(continued_pdf()) == ["row1\t1", "row2\t2", "row3\t3"]


@pytest.mark.parametrize("rotate", sorted(TURNED))
def test_a_rotated_page_reads_as_displayed(rotate: int) -> None:
    assert lines_of(rotated_pdf(rotate)) == TABLE_PAGE_LINES


def test_a_media_box_away_from_the_origin_has_its_margins_where_shown() -> None:
    # The page (30, 100)-(625, 942) with everything drawn 30 right and 100 up: the same page, its
    # page numbers in the bottom margin (pdfplumber measured from y = 0 and kept them as text).
    shifted = [turned(table_page(footer=f"- {n} -"), b"1 0 0 1 30 100") for n in (1, 2)]
    plain = [table_page(footer=f"- {n} -") for n in (1, 2)]
    lines = lines_of(build_pdf(shifted, origin=(30, 100)))
    assert lines == lines_of(build_pdf(plain))
    assert lines == TABLE_PAGE_LINES + TABLE_PAGE_LINES[2:]


def test_a_glyph_drawn_twice_for_bold_reads_once() -> None:
    assert lines_of(fake_bold_pdf()) == ["Bold title", "Plain", "Later", "Split words"]


def test_a_table_drawn_in_a_form_xobject() -> None:
    assert lines_of(form_pdf()) == ["a\tb", "c\td", "Outside"]


def test_ruling_drawn_through_a_scaling_matrix() -> None:
    assert lines_of(scaled_pdf()) == ["x1\ty1", "x2\ty2"]


def test_vertical_writing_in_a_cell_reads_down() -> None:
    assert lines_of(vertical_pdf()) == ["三本年度\t7"]


def test_curves_are_no_ruling_and_a_closed_path_is_a_rectangle() -> None:
    assert lines_of(paths_pdf()) == ["Curve", "L\tR"]


def test_words_are_split_at_spaces_and_gaps() -> None:
    assert lines_of(spacing_pdf()) == ["word spaced", "A B", "tightnext"]


def test_a_hyphen_ending_a_line_stays() -> None:
    assert lines_of(hyphen_pdf()) == ["The manip-", "ulation of data", "x2 -", "y"]


def test_read_in_process_as_in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (DATA / "hongze-district-2023.pdf").read_bytes()
    in_child = read_pdf(data)
    monkeypatch.setenv("GOVINFO_PDF_IN_PROCESS", "1")
    assert read_pdf(data) == in_child


# The SHA-256 of the text that read_pdf gave with pdfplumber 0.11.10 (pdfminer.six 20260107) for
# each of these PDFs, before it moved to PDFium: the move changed no byte of it.  (A change to a
# small PDF's builder above changes its text: then this test no longer says anything about it.)
PDFPLUMBER_SHA256 = {
    "hongze-district-2023": "df6934bf7ef3aadaeee9c5e217bec5e5e7937c0dae8f9644f30ab9dec8b51bb2",
    "hongze-district-2024": "a5bf3febe43ac469be35f2771dd30579779c76ea35d78c80b9463c4c6e34a6fc",
    "huaian-city-2024": "9b6fcf5b3f691f722594087ff09dd9abac00a112996993048e5022438f5ecbb6",
    "table": "cbd7e9d75bc12452f49f89fb5a3b06b3971c8c5828da98913e242300932417dc",
    "downward": "41f76e115775c23c0adbc3c6bb725cadc1c3905c96bbd26ad7083fd79304f2ed",
    "furniture": "cb45852fb009630edf50fbe91c6ae76ad8099179b17c3b9f91080eed70feed88",
    "bare numbers": "f03f7aa4aaa995a1f802d0216b3fc9ab255a46e83a0d949d8095989195549f42",
    "lone number": "1601ddc85940851888cdac4bee260da6b63a1dca48d589d1439e0e38d1992d59",
    "frame": "d09289afb36908e61c1148b19b01196ff99fc659b21b78c1e33b039a06e33313",
    "continued": "fb8bab1202351705b75d21bb44cc2ce58821c3fa2298bde0c7eec3b5e0103db4",
    "rotate 90": "cbd7e9d75bc12452f49f89fb5a3b06b3971c8c5828da98913e242300932417dc",
    "rotate 180": "cbd7e9d75bc12452f49f89fb5a3b06b3971c8c5828da98913e242300932417dc",
    "rotate 270": "cbd7e9d75bc12452f49f89fb5a3b06b3971c8c5828da98913e242300932417dc",
    "fake bold": "d9ed814cd85d1ccf564557cb020336f3bf2bdc96432dcd62a5ce42c20e497950",
    "form": "03281eb98931fac473f0b814c48320a318ca9cf8a89df5b53d5d6d39cf5da71c",
    "scaled": "96e85e945eb1d781513cbf5be03b82bc2d52ac576fc458b874984be8002ef44d",
    "vertical": "1fc4e1d55d40686aad27336623504b0f7f25ff94197102a91346917787e7a861",
    "paths": "73633024bf0f9d6eacbcf59674211876694c266956cd42969dd0fa858f9509c4",
    "spacing": "68acec921ed14d3b96eeee7b4a182c4294513401ce4e7c406a6e124d4ed30873",
    "hyphen": "f591b1703328cc719eaaee4e339fef2c3db0cb78f2c12775e4ce24f609b601ee",
}


@pytest.mark.parametrize("name", sorted(PDFPLUMBER_SHA256))
def test_text_is_what_pdfplumber_read(name: str) -> None:
    data = (DATA / f"{name}.pdf").read_bytes() if name in CASES else SMALL_PDFS[name]()
    assert hashlib.sha256(read_pdf(data).encode()).hexdigest() == PDFPLUMBER_SHA256[name]


@pytest.mark.parametrize(
    ("cell", "joined"),
    [
        ("三、\n本\n年\n度\n办\n理\n结\n果", "三、本年度办理结果"),
        (
            "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("商业企\n业", "商业企业"),
        ("12\n34", "1234"),
        ("Open\nGovernment", "Open Government"),
        ("a\tb\n\n", "a b"),
        ("", ""),
    ],
)
def test_join_cell_lines(cell: str, joined: str) -> None:
    assert join_cell_lines(cell) == joined


# --- broken input ----------------------------------------------------------------------------------


def test_empty_file() -> None:
    with pytest.raises(ParseError, match="empty"):
        read_pdf(b"")


@pytest.mark.parametrize(
    "data",
    [b"hello world", "一、总体情况\n".encode(), b"<html><body>report</body></html>", b"PK\x03\x04docx"],
)
def test_not_a_pdf(data: bytes) -> None:
    with pytest.raises(ParseError, match="not a PDF"):
        read_pdf(data)


@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.01])
def test_truncated_pdf(fraction: float) -> None:
    data = (DATA / "huaian-city-2024.pdf").read_bytes()
    with pytest.raises(ParseError, match="damaged or truncated"):
        read_pdf(data[: int(len(data) * fraction)])


def test_garbage_after_header() -> None:
    with pytest.raises(ParseError, match="damaged or truncated"):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 20)


def test_encrypted_pdf() -> None:
    with pytest.raises(ParseError, match=r"encrypted.*password"):
        read_pdf(build_pdf([text(100, 700, "secret")], encrypt=True))


def test_pdf_without_text() -> None:
    data = build_pdf([grid(100, 400, 700, 600), b""])  # a drawing, then a blank page
    with pytest.raises(ParseError, match=r"no text layer.*OCR"):
        read_pdf(data)


def test_missing_pypdfium2(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pypdfium2" or name.startswith("pypdfium2."):
            raise ImportError("No module named 'pypdfium2'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingExtraError, match=r'needs pypdfium2: pip install "govinfo-cn\[pdf\]"'):
        read_pdf(build_pdf([text(100, 700, "x")]))


SMALL = build_pdf([table_page(), table_page(footer="- 2 -")])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=len(SMALL)),
    edits=st.lists(st.tuples(st.integers(0, len(SMALL) - 1), st.integers(0, 255)), max_size=8),
)
def test_damaged_pdfs_raise_only_parse_error(cut: int, edits: list[tuple[int, int]]) -> None:
    data = bytearray(SMALL)
    for position, value in edits:
        data[position] = value
    try:
        result = read_pdf(bytes(data[:cut] if cut else data))
    except ParseError:
        return
    assert isinstance(result, str) and result.strip()
