"""PDF sources: ``read_pdf`` on the real dev reports, on small PDFs built here, and on broken input.

The dev reports (``data/<case>.pdf`` with ``data/<case>.facts.json``, copied from the shared corpus)
must parse to their gold facts, scored as ``test_golden`` scores the text cases.  The small PDFs are
written byte by byte below (Helvetica text, ruling lines), so each layout rule is tested alone.
"""

from __future__ import annotations

import builtins
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govinfo
from govinfo.exceptions import MissingExtraError, ParseError
from govinfo.sources.pdf import join_cell_lines, read_pdf
from helpers.golden import wrong_keys

pytest.importorskip("pdfplumber")

DATA = Path(__file__).parent / "data"
STEMS = (p.name[: -len(".facts.json")] for p in DATA.glob("*.facts.json"))
CASES = sorted(stem for stem in STEMS if (DATA / f"{stem}.pdf").exists())


# --- a tiny PDF writer ---------------------------------------------------------------------------


def build_pdf(pages: list[bytes], *, encrypt: bool = False, size: tuple[int, int] = (595, 842)) -> bytes:
    """A PDF with one content stream per page and Helvetica as ``/F1``; ``encrypt`` adds a
    standard security handler whose user password is not empty."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree (filled in below)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for stream in pages:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % (*size, content)
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


def test_table_rows_merged_cells_and_rotated_text() -> None:
    lines = lines_of(build_pdf([table_page()]))
    assert lines == [
        "Annual Report",  # the first page's head is kept (it may be the title)
        "Section One",
        "Block title across the table",  # one cell spanning the table: text, no TABs
        "Item\tCol A\tCol B",
        "Long label\t1\t2",  # two lines in one cell joined
        "UPWARD\t3\t4",  # rotated glyphs read along their baseline
        "\t5\t6",  # the merged cell's second row: its position is empty
        "Closing words.",
    ]


def test_rotated_text_read_downward() -> None:
    s = grid(100, 300, 700, 600) + vline(200, 600, 700)
    s += text(150, 690, "DOWN", turn=-90) + text(205, 650, "7")
    assert lines_of(build_pdf([s])) == ["DOWN\t7"]


def test_page_numbers_and_running_headers_are_dropped() -> None:
    pages = [table_page(footer=f"- {n} -") for n in (1, 2, 3)]
    pages.append(text(100, 815, "Annual Report") + text(100, 700, "The end.") + text(290, 30, "Page 4 of 4"))
    lines = lines_of(build_pdf(pages))
    assert lines.count("Annual Report") == 1 and lines[0] == "Annual Report"
    assert not [line for line in lines if line.startswith(("-", "Page"))]
    assert lines.count("Item\tCol A\tCol B") == 3
    assert lines[-1] == "The end."


def test_bare_page_numbers_dropped_only_when_they_recur() -> None:
    body = text(100, 700, "Body text")
    two = lines_of(build_pdf([body + text(295, 30, "1"), body + text(295, 30, "2")]))
    assert two == ["Body text", "Body text"]
    # A lone number in the body is content, and one page's bare number has nothing to recur with.
    one = lines_of(build_pdf([body + text(100, 680, "2024") + text(295, 30, "7")]))
    assert one == ["Body text", "2024", "7"]


def test_one_column_table_is_a_text_frame() -> None:
    s = grid(100, 400, 700, 600) + hline(100, 400, 650)
    s += text(105, 680, "Framed line one") + text(105, 630, "Framed line two")
    assert lines_of(build_pdf([s])) == ["Framed line one", "Framed line two"]


def test_table_continues_over_a_page_break() -> None:
    def half(rows: list[tuple[str, str]]) -> bytes:
        top = 760
        s = grid(100, 300, top, top - 20 * len(rows)) + vline(200, top - 20 * len(rows), top)
        for n, (a, b) in enumerate(rows):
            if n:
                s += hline(100, 300, top - 20 * n)
            s += text(105, top - 20 * n - 14, a) + text(205, top - 20 * n - 14, b)
        return s

    lines = lines_of(build_pdf([half([("row1", "1"), ("row2", "2")]), half([("row3", "3")])]))
    assert lines == ["row1\t1", "row2\t2", "row3\t3"]


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
    with pytest.raises(ParseError, match="encrypted"):
        read_pdf(build_pdf([text(100, 700, "secret")], encrypt=True))


def test_pdf_without_text() -> None:
    data = build_pdf([grid(100, 400, 700, 600), b""])  # a drawing, then a blank page
    with pytest.raises(ParseError, match=r"no text layer.*OCR"):
        read_pdf(data)


def test_missing_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pdfplumber" or name.startswith("pdfplumber."):
            raise ImportError("No module named 'pdfplumber'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingExtraError, match=r'pip install "govinfo-cn\[pdf\]"'):
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
