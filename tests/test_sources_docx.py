"""Word sources: the blank official 2021 template, filled with python-docx, parses back.

``fill_template`` writes a report into ``data/template-2021-blank.docx``: each empty template cell
gets the value the ``tsv`` layout has at the same grid position (the template's tables have the
official grid), and the title, metadata and text sections become paragraphs around the tables.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given

import govinfo
from govinfo.model import Report
from govinfo.sources import read_bytes
from govinfo.sources.docx import read_docx
from helpers.docx_template import TEMPLATE, fill_template
from helpers.golden import GOLDEN, load_gold, wrong_keys
from helpers.golden import TEXT_CASES as CASES
from helpers.strategies import reports

if TYPE_CHECKING:
    import docx
else:
    docx = pytest.importorskip("docx")  # the docx extra: without it, these tests skip

CASES_2021 = [case for case in CASES if load_gold(case).get("meta.edition") == "2021"]


def test_template_is_the_2021_edition() -> None:
    assert len(CASES_2021) >= 3


@pytest.mark.parametrize("case", CASES_2021)
def test_golden_seed_in_the_template(case: str, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(fill_template(govinfo.parse_file(GOLDEN / f"{case}.txt")))
    report = govinfo.parse_file(path)
    diagnosed = {k for d in report.diagnostics for k in d.keys}
    wrong = wrong_keys(load_gold(case), dict(govinfo.facts(report)), diagnosed)
    assert not wrong, "\n".join(wrong)


@given(report=reports(edition="2021"))
def test_generated_report_in_the_template(report: Report) -> None:
    parsed = govinfo.parse(read_bytes(fill_template(report)))
    assert govinfo.facts(parsed) == govinfo.facts(report)
    assert not [d for d in parsed.diagnostics if d.severity == "error"]
    assert parsed.overview.paragraphs == report.overview.paragraphs
    assert parsed.meta.agency == report.meta.agency


def test_blank_template_is_an_all_none_2021_report() -> None:
    report = govinfo.parse_file(TEMPLATE)
    facts = govinfo.facts(report)
    assert facts["meta.edition"] == "2021"
    assert all(v is None for k, v in facts.items() if k != "meta.edition")
    assert report.diagnostics


# --- the cell grid of Word tables ------------------------------------------------------------------


def document_bytes(build: object) -> bytes:
    document = docx.Document()
    build(document)  # type: ignore[operator]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_cells_are_counted_once() -> None:
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("三、收到和处理政府信息公开申请情况")
        table = document.add_table(rows=3, cols=4)
        table.cell(0, 0).merge(table.cell(0, 3)).text = "申请人情况"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "三、本年度\n办理结果"
        table.cell(1, 1).merge(table.cell(1, 2)).text = "（一）予以公开"
        table.cell(1, 3).text = "5"
        table.cell(2, 1).text = "（二）部分公开"
        table.cell(2, 3).text = "7"
        document.add_paragraph("后记")

    assert read_docx(document_bytes(build)).splitlines() == [
        "三、收到和处理政府信息公开申请情况",
        "申请人情况\t\t\t",
        "三、本年度办理结果\t（一）予以公开\t\t5",
        "\t（二）部分公开\t\t7",
        "后记",
    ]


def test_paragraph_breaks_tabs_and_empty_paragraphs() -> None:
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("标题")
        document.add_paragraph("")
        p = document.add_paragraph("第一行")
        p.add_run().add_break()
        p.add_run("第二行\t12")

    assert read_docx(document_bytes(build)) == "标题\n第一行\n第二行\t12\n"


def test_nested_table_makes_a_layout_table() -> None:
    def build(document: docx.document.Document) -> None:
        outer = document.add_table(rows=1, cols=1)
        cell = outer.cell(0, 0)
        cell.text = "一、总体情况"
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "规章"
        inner.cell(0, 1).text = "3"

    assert read_docx(document_bytes(build)).splitlines() == ["一、总体情况", "规章\t3"]


# --- errors ----------------------------------------------------------------------------------------


def test_truncated_docx_is_a_parse_error(tmp_path: Path) -> None:
    data = TEMPLATE.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        path = tmp_path / "cut.docx"
        path.write_bytes(data[:cut])
        with pytest.raises(govinfo.ParseError):
            govinfo.parse_file(path)


def test_corrupt_document_xml_is_a_parse_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]
            target.writestr(info, content)
    with pytest.raises(govinfo.ParseError, match="Word document"):
        read_bytes(out.getvalue(), name="bad.docx")


def test_a_word_template_package_is_read_too() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":  # .dotx: python-docx refuses the content type
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, content)
    assert read_bytes(out.getvalue()) == read_bytes(TEMPLATE.read_bytes())


def test_missing_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(govinfo.MissingExtraError, match=r'pip install "govinfo-cn\[docx\]"'):
        govinfo.parse_file(TEMPLATE)
