"""Dispatch: the content decides the reader, not the extension; unreadable input is a ParseError.

Also the shared cell grid (:mod:`govinfo.sources.grid`): every row one line, no TAB or newline
inside a cell.
"""

from __future__ import annotations

import doctest
import io
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.sources import SpanCell, clean_cell, expand, grid_lines, read_bytes, read_document, sniff
from govinfo.sources.grid import MAX_COLUMNS

DATA = Path(__file__).parent / "data"
TEMPLATE = DATA / "template-2021-blank.docx"
SEED = Path(__file__).parent / "golden" / "004_56695964816e1b37.txt"

HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title></head><body>"
    "<p>某某局2023年政府信息公开工作年度报告</p><p>一、总体情况</p>"
    "<table><tr><td>第二十条第（一）项</td></tr><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
    "</body></html>"
)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


# --- sniffing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.7\n...", "report.docx", "pdf"),
        (b"\x00\x00junk%PDF-1.4\n", "", "pdf"),
        (TEMPLATE.read_bytes(), "report.pdf", "docx"),
        (TEMPLATE.read_bytes(), "", "docx"),
        (HTML.encode(), "report.txt", "html"),
        (HTML.encode("utf-16"), "report", "html"),
        (b"  \n<!-- saved page -->\n<div><p>x</p></div>", "report.txt", "html"),
        (b"<?xml version='1.0'?><html><body>x</body></html>", "", "html"),
        ("某某局\n说明<br>见附件\n".encode(), "report.html", "html"),
        ("某某局\n说明<br>见附件\n".encode(), "report.txt", "text"),
        ("一、总体情况\n（一）予以公开\t5\n".encode(), "report.html", "text"),
        ("a < b 和 <p> 出现在正文中\n".encode(), "", "text"),
        (b"", "", "text"),
    ],
)
def test_sniff(data: bytes, name: str, kind: str) -> None:
    assert sniff(data, name) == kind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, r"\.doc"),
        (zip_bytes({"xl/workbook.xml": b"<workbook/>"}), r"\.xlsx"),
        (zip_bytes({"ppt/presentation.xml": b"<p/>"}), r"\.pptx"),
        (zip_bytes({"mimetype": b"application/vnd.oasis", "content.xml": b"<x/>"}), "OpenDocument"),
        (zip_bytes({"a.txt": b"hello"}), "not a Word document"),
        (b"PK\x03\x04" + b"\x00" * 50, "corrupt or truncated"),
        ("{\\rtf1\\ansi 一、总体情况}".encode(), "RTF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image"),
    ],
)
def test_unsupported_formats_are_parse_errors(data: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    with pytest.raises(govinfo.ParseError, match=message) as info:
        govinfo.parse_file(path)
    assert str(path) in str(info.value)


# --- content beats the extension -------------------------------------------------------------------


def test_html_with_a_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(HTML, encoding="utf-8")
    report = govinfo.parse_file(path)
    assert report.meta.agency == "某某局"
    assert "规章\t1\t2\t3" in read_document(path).splitlines()


def test_docx_with_a_pdf_extension_and_text_with_a_docx_extension(tmp_path: Path) -> None:
    as_pdf = tmp_path / "template.pdf"
    as_pdf.write_bytes(TEMPLATE.read_bytes())
    assert govinfo.parse_file(as_pdf).meta.edition == "2021"
    as_docx = tmp_path / "seed.docx"
    as_docx.write_bytes(SEED.read_bytes())
    assert govinfo.facts(govinfo.parse_file(as_docx)) == govinfo.facts(govinfo.parse_file(SEED))


def test_pdf_bytes_go_to_the_pdf_reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from govinfo.sources import pdf

    seen: list[bytes] = []

    def read_pdf(data: bytes) -> str:
        seen.append(data)
        return SEED.read_text(encoding="utf-8")

    monkeypatch.setattr(pdf, "read_pdf", read_pdf)
    path = tmp_path / "report.html"
    path.write_bytes(b"%PDF-1.7\nfake")
    assert govinfo.facts(govinfo.parse_file(path)) == govinfo.facts(govinfo.parse_file(SEED))
    assert seen == [b"%PDF-1.7\nfake"]


def test_without_a_pdf_reader_the_error_is_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "govinfo.sources.pdf", None)
    with pytest.raises(govinfo.ParseError, match="PDF input is not supported"):
        read_bytes(b"%PDF-1.7\n")


def test_without_pypdfium2_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(govinfo.MissingExtraError, match=r"govinfo-cn\[pdf\]"):
        read_bytes(b"%PDF-1.7\n")


# --- garbage, truncation, paths --------------------------------------------------------------------


def test_binary_garbage_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(govinfo.ParseError, match="binary data"):
        govinfo.parse_file(path)


def test_truncated_files_are_parse_errors(tmp_path: Path) -> None:
    docx = TEMPLATE.read_bytes()
    for name, data in [
        ("a.docx", docx[:5000]),
        ("b", docx[: len(docx) - 1]),
        ("c.pdf", b"%PDF-1.7\n1 0 obj"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(govinfo.ParseError):
            govinfo.parse_file(path)


def test_truncated_html_still_parses(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_text(HTML[: HTML.index("<td>2")], encoding="utf-8")
    assert govinfo.parse_file(path).meta.agency == "某某局"


def test_empty_file_is_an_empty_report(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    report = govinfo.parse_file(path)
    assert any(d.code == "input.empty" for d in report.diagnostics)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(govinfo.ParseError, match="no such file"):
        read_document(tmp_path / "nope.docx")
    with pytest.raises(govinfo.ParseError, match="is a directory"):
        read_document(tmp_path)


def test_read_bytes_needs_bytes() -> None:
    with pytest.raises(govinfo.ParseError, match="needs bytes"):
        read_bytes("text")  # type: ignore[arg-type]


@given(st.binary(max_size=3000), st.sampled_from(["", "r.html", "r.docx", "r.pdf", "r.txt"]))
def test_arbitrary_bytes_give_a_report_or_a_parse_error(data: bytes, name: str) -> None:
    try:
        text = read_bytes(data, name=name)
    except govinfo.ParseError:
        return
    assert isinstance(govinfo.parse(text), govinfo.Report)


@given(st.binary(max_size=400), st.integers(0, 3))
def test_mangled_docx_gives_a_report_or_a_parse_error(noise: bytes, where: int) -> None:
    data = bytearray(TEMPLATE.read_bytes())
    at = [30, len(data) // 3, len(data) // 2, len(data) - 100][where]
    data[at : at + len(noise)] = noise
    try:
        text = read_bytes(bytes(data))
    except govinfo.ParseError:
        return
    assert isinstance(govinfo.parse(text), govinfo.Report)


# --- the cell grid ---------------------------------------------------------------------------------


def test_clean_cell() -> None:
    assert clean_cell(" 结果\n维持 ") == "结果维持"
    assert clean_cell("（二）部分公开\r\n（区分处理的）") == "（二）部分公开（区分处理的）"
    assert clean_cell("39.11\t万元") == "39.11 万元"
    assert clean_cell("a \u3000\n b") == "a b"
    assert clean_cell("\u3000\u3000") == ""


def test_expand_rowspan_zero_reaches_the_last_row() -> None:
    grid = expand([[SpanCell("a", rowspan=0), SpanCell("b")], [SpanCell("c")], [SpanCell("d")]])
    assert grid == [["a", "b"], ["", "c"], ["", "d"]]


def test_grid_lines_keep_short_rows_short_and_read_none_as_empty() -> None:
    # a position no cell covers is not an empty cell: a cell lost to broken markup must not
    # look like a blank one
    assert grid_lines([["a", None, "b"], ["c"]]) == ["a\t\tb", "c"]


cells = st.text(alphabet=st.sampled_from("统计5 \t\n\r\u3000\xa0（）ab"), max_size=6)


@given(st.lists(st.lists(st.tuples(cells, st.integers(0, 4), st.integers(0, 4)), max_size=5), max_size=6))
def test_grid_rows_are_single_lines_as_wide_as_their_cells_reach(
    rows: list[list[tuple[str, int, int]]],
) -> None:
    grid = expand([[SpanCell(t, r, c) for t, r, c in row] for row in rows])
    lines = grid_lines(grid)
    assert len(lines) == len(rows)
    for r, row in enumerate(rows):  # a row reaches at least as far as its own cells
        assert len(grid[r]) >= sum(max(1, c) for _t, _r, c in row) or len(grid[r]) >= MAX_COLUMNS
    for line, grid_row in zip(lines, grid, strict=True):
        assert "\n" not in line and "\r" not in line
        assert line == "\t".join(clean_cell(c) for c in grid_row)
    texts = [clean_cell(t) for cells in rows for t, _, _ in cells]
    assert sorted(c for line in lines for c in line.split("\t") if c) == sorted(t for t in texts if t)


def test_grid_doctests() -> None:
    from govinfo.sources import grid

    result = doctest.testmod(grid)
    assert result.attempted and not result.failed
