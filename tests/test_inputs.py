"""In-memory inputs: ``parse_bytes`` and binary file objects read like the file they hold, and
``parse`` says what to use when it is given bytes or a page's markup."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

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
    pytest.importorskip("pypdfium2")
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


# --- parse_file given text, not a path -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "remedy"),
    [
        ("一、总体情况\n" + "本机关认真贯彻落实条例。" * 500, "govinfo.parse(text)"),
        ("x" * 5000, "govinfo.parse(text)"),
        ("<html><body><table><tr><td>" + "申请" * 2000 + "</td></tr></table>", "govinfo.parse_bytes"),
        ("<table><tr><td>1</td></tr></table>", "govinfo.parse_bytes"),
        ("reports/" + "年度报告" * 30 + ".txt", "255 bytes"),
    ],
)
def test_parse_file_given_text_says_what_to_use(text: str, remedy: str) -> None:
    _says_what_to_use(text, remedy)


@pytest.mark.parametrize(
    ("given", "remedy"),
    [
        (b"\xef\xbb\xbf" + "一、总体情况".encode() * 3000, "govinfo.parse_bytes"),
        (bytearray(b"%PDF-1.7 ..."), "govinfo.parse_bytes"),
        ("reports/a\0b.txt", "NUL"),
    ],
)
def test_parse_file_given_bytes_or_a_nul_says_what_is_wrong(given: Any, remedy: str) -> None:
    _says_what_to_use(given, remedy)


def _says_what_to_use(text: Any, remedy: str) -> None:
    with pytest.raises(ParseError) as info:
        govinfo.parse_file(text)
    message = str(info.value)
    assert remedy in message
    assert len(message) < 250  # never the whole input
    assert isinstance(info.value, govinfo.GovinfoError)


# --- provenance: a report remembers where it came from ---------------------------------------------


def test_a_parsed_file_remembers_its_path(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    source = input_of(TEXT_CASE)
    path = tmp_path / "a report.txt"
    path.write_bytes(source.read_bytes())
    report = govinfo.parse_file(path)
    assert report.source == str(path)
    assert govinfo.parse_file(str(path)).source == str(path)
    assert govinfo.parse_bytes(source.read_bytes(), name="upload.txt").source == "upload.txt"
    assert govinfo.parse_bytes(source.read_bytes()).source is None
    assert govinfo.parse(source.read_text(encoding="utf-8")).source is None
    with path.open("rb") as file:
        assert govinfo.parse_file(file).source == str(path)
    assert report == govinfo.parse_bytes(source.read_bytes())  # the source takes no part in equality
    # exports take the path from the report: two reports of one body and year stay apart
    other = tmp_path / "copy.txt"
    other.write_bytes(source.read_bytes())
    frame = govinfo.to_pandas([report, govinfo.parse_file(other)])
    assert set(frame["path"]) == {str(path), str(other)}
    assert list(govinfo.wide(frame).index.get_level_values("path")) == [str(path), str(other)]
    assert govinfo.loads(govinfo.dumps(report)).source == str(path)


# --- a severity threshold -----------------------------------------------------------------------


def test_raise_on_is_a_severity_threshold() -> None:
    text = input_of(TEXT_CASE).read_text(encoding="utf-8")
    # a text with a warning (the agency is not stated) and an info but no error
    lines = [line for line in text.splitlines() if "统计局" not in line]
    report = govinfo.parse("\n".join(lines))
    severities = {d.severity for d in report.diagnostics}
    assert "warning" in severities and "error" not in severities
    for raise_on in ("warning", "info"):
        with pytest.raises(ParseError) as info:
            govinfo.parse("\n".join(lines), raise_on=raise_on)
        assert all(d.severity in ("warning", "error") or raise_on == "info" for d in info.value.diagnostics)
        assert info.value.diagnostics and f"severity {raise_on} or worse" in str(info.value)
    assert govinfo.parse("\n".join(lines), raise_on="error") == report
    assert govinfo.parse("\n".join(lines), strict=True) == report  # strict means "error"
    assert govinfo.parse("\n".join(lines), raise_on=None) == report
    with pytest.raises(ParseError) as info:
        govinfo.parse("会议纪要\n今天讨论了预算。\n", strict=True)  # not a report: an error
    assert [d.code for d in info.value.diagnostics] == ["edition.unknown"]
    with pytest.raises(ValueError, match="raise_on must be"):
        govinfo.parse(text, raise_on="fatal")  # type: ignore[arg-type]
    path_report = govinfo.parse_file(input_of(TEXT_CASE))
    if path_report.diagnostics:
        with pytest.raises(ParseError):
            govinfo.parse_file(input_of(TEXT_CASE), raise_on="info")
    else:
        assert govinfo.parse_file(input_of(TEXT_CASE), raise_on="info") == path_report


# --- validation that matches the docs -------------------------------------------------------------


def test_unknown_editions_are_refused() -> None:
    for edition in ("2020", 2021, None):
        with pytest.raises(govinfo.SchemaError, match="unknown edition"):
            govinfo.fact_keys(edition)
        with pytest.raises(govinfo.SchemaError, match="unknown edition"):
            govinfo.Report.blank(edition)  # type: ignore[arg-type]


def test_an_unknown_fact_key_gets_a_did_you_mean() -> None:
    with pytest.raises(govinfo.SchemaError) as info:
        govinfo.from_facts({"meta.edition": "2021", "requests.grantd.total": 1, "zzz": 2})
    assert "requests.grantd.total (did you mean requests.granted.total?)" in str(info.value)
    assert "zzz," not in str(info.value) and str(info.value).endswith("zzz")


def test_counts_are_never_negative_but_changes_may_be() -> None:
    with pytest.raises(govinfo.SchemaError, match="cannot be negative"):
        govinfo.from_facts({"meta.edition": "2021", "requests.granted.total": -1})
    report = govinfo.from_facts({"meta.edition": "2019", "active.licensing.change": -7})
    assert isinstance(report.active, govinfo.ActiveDisclosure2019) and report.active.licensing.change == -7


@pytest.mark.parametrize("written", ["-3", "减3"])
def test_a_negative_count_in_a_report_is_not_read(written: str) -> None:
    """The parser never gives a negative count (``loads`` would refuse it): the cell is ``None``
    and a diagnostic names it."""
    blank = govinfo.Report.blank("2021")
    report = govinfo.from_facts({**govinfo.facts(blank), "requests.granted.total": 987654})
    text = govinfo.render(report, "tsv").replace("\t987654", f"\t{written}")
    assert written in text
    parsed = govinfo.parse(text)
    assert isinstance(parsed.requests, govinfo.RequestTable2021) and parsed.requests.granted.total is None
    assert any("requests.granted.total" in d.keys for d in parsed.diagnostics)
    assert govinfo.loads(govinfo.dumps(parsed)) == parsed


def test_a_file_opened_as_text_and_facts_without_an_edition_say_what_to_do() -> None:
    with (
        input_of(TEXT_CASE).open(encoding="utf-8") as file,
        pytest.raises(ParseError, match=r"open\(path, 'rb'\)"),
    ):
        govinfo.parse_file(file)  # type: ignore[arg-type]
    with pytest.raises(govinfo.SchemaError, match=r"need meta\.edition"):
        govinfo.from_facts({"requests.granted.total": 1})
