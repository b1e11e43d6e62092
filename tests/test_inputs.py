"""In-memory inputs: ``parse_bytes`` and binary file objects read like the file they hold, and
``parse`` says what to use when it is given bytes or a page's markup."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import govinfo
from govinfo import ParseError
from helpers.golden import CASES, GOLDEN, input_of

DATA = Path(__file__).parent / "data"
HTML_CASE = next(c for c in CASES if input_of(c).suffix == ".html")
TEXT_CASE = next(c for c in CASES if input_of(c).suffix == ".txt")


def _same(a: govinfo.Report, b: govinfo.Report) -> None:
    assert a == b  # metadata, sections and every cell
    assert [str(d) for d in a.diagnostics] == [str(d) for d in b.diagnostics]


@pytest.mark.parametrize("case", [HTML_CASE, TEXT_CASE])
def test_bytes_and_file_objects_parse_as_the_file(case: str) -> None:
    pytest.importorskip("lxml")
    path = input_of(case)
    from_path = govinfo.parse_file(path)
    assert from_path.meta.edition is not None
    _same(govinfo.parse_bytes(path.read_bytes(), name=path.name), from_path)
    with path.open("rb") as file:
        _same(govinfo.parse_file(file), from_path)
    _same(govinfo.parse_file(io.BytesIO(path.read_bytes())), from_path)


def test_a_pdf_in_memory_parses_as_the_file() -> None:
    pytest.importorskip("pdfplumber")
    path = sorted(DATA.glob("*.pdf"))[0]
    _same(govinfo.parse_bytes(path.read_bytes()), govinfo.parse_file(path))


def test_a_word_file_in_memory_parses_as_the_file(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    from helpers.docx_template import fill_template

    reports = (govinfo.parse_file(input_of(c)) for c in CASES if input_of(c).suffix == ".txt")
    data = fill_template(next(r for r in reports if r.edition == "2021"))  # the template is 2021's
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    _same(govinfo.parse_bytes(data), govinfo.parse_file(path))


def test_parse_given_bytes_names_parse_bytes() -> None:
    with pytest.raises(ParseError, match=r"parse_bytes"):
        govinfo.parse(input_of(TEXT_CASE).read_bytes())  # type: ignore[arg-type]
    with pytest.raises(ParseError, match=r"govinfo\.parse\(text\)"):
        govinfo.parse_bytes("text")  # type: ignore[arg-type]


def test_parse_given_markup_says_how_to_read_it() -> None:
    page = (GOLDEN / f"{HTML_CASE}.html").read_text(encoding="utf-8")
    report = govinfo.parse(page)
    [markup] = [d for d in report.diagnostics if d.code == "input.markup"]
    assert "parse_bytes" in markup.message and markup.severity == "warning"
    assert len(markup.message) < 300  # names the remedy, does not echo the input
    text = input_of(TEXT_CASE).read_text(encoding="utf-8")
    assert not [d for d in govinfo.parse(text).diagnostics if d.code == "input.markup"]
    assert not [d for d in govinfo.parse("<统计表>\n" + text).diagnostics if d.code == "input.markup"]
