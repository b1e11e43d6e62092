"""render(): every layout writes every value of both editions where the layout promises to put it."""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.facts import table_values
from govinfo.model import (
    EDITIONS,
    RESULTS_GROUP,
    ApplicantCounts,
    Edition,
    Meta,
    Report,
    ReviewLitigation,
    Section,
    StatisticsPeriod,
    Subsection,
)
from govinfo.render import LAYOUTS, render
from helpers.strategies import assemble, reports

CELL_LAYOUTS = ("text", "lines", "tsv", "markdown", "html")
NUMBER_OR_SLASH = re.compile(r"^(?:-?\d+(?:\.\d+)?|/)$")
HEADINGS = {a.name: a.metadata["label"] for a in attrs.fields(Report) if "label" in a.metadata}
REQUESTS, REVIEW = HEADINGS["requests"], HEADINGS["review_litigation"]
REQUEST_ROWS = {"2019": 23, "2021": 25}


def _present(report: Report) -> list[str]:
    return [str(v) for k, v in govinfo.facts(report).items() if not k.startswith("meta.") and v is not None]


def _request_values(report: Report, missing: str) -> list[str]:
    values = govinfo.facts(report)
    return [missing if v is None else str(v) for k, v in values.items() if k.startswith("requests.")]


def _request_rows(report: Report) -> list[tuple[str, list[Any]]]:
    """``(row label, values)`` of table 三 in model order, read from the model by hand."""
    rows = []
    assert report.requests is not None
    for a in attrs.fields(type(report.requests)):
        obj = getattr(report.requests, a.name)
        parts = [(a, obj)] if isinstance(obj, ApplicantCounts) else []
        if not parts:
            parts = [(s, getattr(obj, s.name)) for s in attrs.fields(type(obj))]
        for attribute, row in parts:
            rows.append(
                (attribute.metadata["label"], [getattr(row, c.name) for c in attrs.fields(type(row))])
            )
    return rows


def _between(lines: list[str], start: str, end: str) -> list[str]:
    return lines[lines.index(start) + 1 : lines.index(end)]


# --- a small HTML reader: tag balance and table grids ---------------------------------------------

VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})
Cell = tuple[str, int, int]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.decl: str | None = None
        self.charset = False
        self.tables: list[list[list[Cell]]] = []
        self.cell: list[Any] | None = None

    def handle_decl(self, decl: str) -> None:
        self.decl = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "meta" and a.get("charset") == "utf-8":
            self.charset = True
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ["", int(a.get("rowspan") or 1), int(a.get("colspan") or 1)]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append((self.cell[0], self.cell[1], self.cell[2]))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell[0] += data


COVERED = object()


def _expand(rows: list[list[Cell]]) -> list[list[Any]]:
    """The rectangular grid of an HTML table (covered positions are ``COVERED``); asserts it is one."""
    grid: dict[tuple[int, int], Any] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    assert (r + dr, c + dc) not in grid, f"overlap at {(r + dr, c + dc)}"
                    grid[r + dr, c + dc] = text if dr == dc == 0 else COVERED
            c += colspan
    height = len(rows)
    width = max(c for _, c in grid) + 1
    assert max(r for r, _ in grid) < height, "a rowspan runs past the last row"
    assert len(grid) == height * width, "the table is not rectangular"
    return [[grid[r, c] for c in range(width)] for r in range(height)]


def _page(out: str) -> _Page:
    page = _Page()
    page.feed(out)
    page.close()
    return page


# --- per-layout readers ---------------------------------------------------------------------------


def _cells(out: str, layout: str) -> list[str]:
    """Every cell-like token of the output, as the layout separates them."""
    lines = out.splitlines()
    if layout == "text":
        return [t for line in lines for t in re.split(r"\s{2,}", line.strip())]
    if layout == "lines":
        return lines
    if layout == "tsv":
        return [t for line in lines for t in line.split("\t")]
    if layout == "markdown":
        return [t.strip() for line in lines if line.startswith("|") for t in line.strip("|").split("|")]
    assert layout == "html"
    return [text for table in _page(out).tables for row in table for text, _, _ in row]


def _request_sequence(out: str, layout: str, edition: str) -> list[str]:
    """The value cells of table 三, in reading order."""
    lines = out.splitlines()
    n = REQUEST_ROWS[edition]
    if layout == "lines":
        return [t for t in _between(lines, REQUESTS, REVIEW) if NUMBER_OR_SLASH.match(t)]
    if layout == "text":
        part = _between(lines, REQUESTS, REVIEW)
        tokens = [t for line in part for t in re.split(r"\s{2,}", line.strip())]
        return [t for t in tokens if NUMBER_OR_SLASH.match(t)]
    if layout == "tsv":
        rows = [line.split("\t") for line in _between(lines, REQUESTS, REVIEW) if line]
        assert len(rows) == 3 + n and {len(r) for r in rows} == {10}
        return [v for row in rows[3:] for v in row[3:]]
    if layout == "markdown":
        part = _between(lines, f"## {REQUESTS}", f"## {REVIEW}")
        rows = [[t.strip() for t in line.strip("|").split("|")] for line in part if line.startswith("|")]
        assert rows[1] == ["---"] * 10
        rows = [rows[0], *rows[2:]]
        assert len(rows) == 3 + n and {len(r) for r in rows} == {10}
        return [v for row in rows[3:] for v in row[3:]]
    assert layout == "html"
    grid = _expand(_page(out).tables[1])
    return [v for row in grid[3:] for v in row[3:]]


# --- tests ----------------------------------------------------------------------------------------


def test_layouts() -> None:
    assert LAYOUTS == ("text", "lines", "tsv", "markdown", "html", "glued", "dump")


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_every_layout_renders_both_editions(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    copy = attrs.evolve(report, meta=attrs.evolve(report.meta))
    for layout in LAYOUTS:
        out = render(report, layout)
        assert out == render(report, layout) == render(copy, layout), f"{layout}: not deterministic"
        assert out.endswith("\n")
        assert html.escape(report.meta.title or "") in out
        positions = [out.index(html.escape(h)) for h in HEADINGS.values()]
        assert positions == sorted(positions), f"{layout}: sections out of order"
        if layout in CELL_LAYOUTS:
            cells = set(_cells(out, layout))
            for value in _present(report):
                assert value in out and value in cells, f"{layout}: {value}"


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_request_values_in_model_order(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    for layout in CELL_LAYOUTS:
        missing = "/" if layout in ("text", "lines") else ""
        expected = _request_values(report, missing)
        assert _request_sequence(render(report, layout), layout, edition) == expected, layout
    glued = _between(render(report, "glued").splitlines(), REQUESTS, REVIEW)[3:]
    expected_rows = _request_rows(report)
    assert len(glued) == len(expected_rows)
    for line, (label, values) in zip(glued, expected_rows, strict=True):
        assert line.endswith(label + "".join("/" if v is None else str(v) for v in values)), line


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_dump_is_the_lines_layout_on_one_body_line(edition: Edition, data: st.DataObject) -> None:
    """``dump``: the title and date lines, then every later line of ``lines`` glued into one, with
    ``/`` (not reported) left out; table 三's rows in order, each its label and its values glued."""
    report = data.draw(reports(edition))
    head = 1 if report.meta.publication_date is None else 2
    dump = render(report, "dump").splitlines()
    items = render(report, "lines").splitlines()[::2]
    assert dump[:head] == items[:head]
    assert dump[head:] == ["".join("" if item == "/" else item for item in items[head:])]
    at = 0
    for label, values in _request_rows(report):
        row = label + "".join("" if v is None else str(v) for v in values)
        at = dump[head].index(row, at) + len(row)


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_html_is_well_formed_with_official_spans(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    page = _page(render(report, "html"))
    assert page.decl is not None and page.decl.lower() == "doctype html"
    assert page.charset
    assert page.errors == [] and page.stack == []
    active, requests, review = (_expand(t) for t in page.tables)
    assert {len(row) for row in active} == {4}
    assert len(requests) == 3 + REQUEST_ROWS[edition] and len(requests[0]) == 10
    assert len(review) == 4 and len(review[0]) == 15
    spans = {text: (rs, cs) for row in page.tables[1] for text, rs, cs in row}
    assert spans[RESULTS_GROUP] == ({"2019": 20, "2021": 22}[edition], 1)
    assert spans["申请人情况"] == (1, 7) and spans["法人或其他组织"] == (1, 5)
    assert spans["（三）不予公开"] == (8, 1)
    review_spans = {text: (rs, cs) for row in page.tables[2] for text, rs, cs in row}
    assert review_spans["行政复议"] == (1, 5) and review_spans["行政诉讼"] == (1, 10)
    assert review[3] == [
        "" if v is None else str(v) for k, v in govinfo.facts(report).items() if k.startswith("review_")
    ]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_tsv_and_text_tables_are_aligned(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    blocks = render(report, "tsv").split("\n\n")
    widths = [{len(line.split("\t")) for line in b.splitlines()} for b in blocks if "\t" in b]
    assert widths == [{4}, {10}, {15}]
    part = _between(render(report, "text").splitlines(), REQUESTS, REVIEW)
    rows = [line for line in part if line][3:]
    assert len(rows) == REQUEST_ROWS[edition]
    assert len({_display_width(line) for line in rows}) == 1
    for line in rows:
        tokens = re.split(r"\s{2,}", line.strip())
        assert len(tokens) in (8, 9) and all(NUMBER_OR_SLASH.match(t) for t in tokens[-7:])


def test_text_rows_carry_group_labels() -> None:
    report = Report.blank("2021")
    lines = render(report, "text").splitlines()
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines]
    assert ["（三）不予公开", "1.属于国家秘密", *["/"] * 7] in rows
    assert [RESULTS_GROUP, "（一）予以公开", *["/"] * 7] in rows
    assert ["一、本年新收政府信息公开申请数量", *["/"] * 7] in rows
    assert ["2.其他法律行政法规禁止公开", *["/"] * 7] in rows
    assert ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"] in rows
    assert ["第二十条第（一）项"] in rows
    assert ["/"] * 15 in rows


@given(report=reports())
def test_traditional_script(report: Report) -> None:
    for layout in LAYOUTS:
        out = render(report, layout, script="traditional")
        assert "處理" in out and "处理" not in out, layout


@pytest.mark.parametrize("edition", EDITIONS)
def test_blank_report_writes_not_reported(edition: Edition) -> None:
    report = Report.blank(edition)
    cells = len(table_values(report))
    assert render(report, "lines").splitlines().count("/") == cells
    assert _cells(render(report, "text"), "text").count("/") == cells
    glued = render(report, "glued")
    assert glued.count("/") - glued.count("本年增/减") == cells
    for layout in ("tsv", "markdown", "html"):
        assert not any(NUMBER_OR_SLASH.match(t) for t in _cells(render(report, layout), layout))
    dump = render(report, "dump")
    assert dump.count("/") == dump.count("本年增/减")
    assert "1.属于国家秘密2.其他法律行政法规禁止公开" in dump


@pytest.mark.parametrize("layout", LAYOUTS)
def test_report_without_edition_has_no_tables(layout: str) -> None:
    report = Report(
        meta=Meta(agency="南充市统计局", year=2020),
        overview=Section(heading="一、总体情况", paragraphs=("全年主动公开信息12条。",)),
        other_matters=Section(paragraphs=("无。",)),
    )
    out = render(report, layout)
    assert "南充市统计局2020年政府信息公开工作年度报告" in out
    assert "全年主动公开信息12条。" in out and HEADINGS["other_matters"] in out
    for word in ("信息内容", "申请人情况", "行政复议", HEADINGS["active"], HEADINGS["problems"]):
        assert word not in out


def test_title_and_metadata_lines() -> None:
    meta = Meta(
        agency="朔州市统计局",
        year=2023,
        publication_date=datetime.date(2024, 1, 5),
        statistics_period=StatisticsPeriod(start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31)),
    )
    lines = render(Report(meta=meta), "text").splitlines()
    assert lines == [
        "朔州市统计局2023年政府信息公开工作年度报告",
        "",
        "发布日期：2024-01-05",
        "",
        "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    ]
    assert render(Report(), "text") == "政府信息公开工作年度报告\n"
    titled = Report(meta=Meta(title="西宁市湟中区统计局政府信息公开工作年度报告", year=2023))
    assert render(titled, "glued") == "西宁市湟中区统计局政府信息公开工作年度报告\n"
    assert render(titled, "dump") == "西宁市湟中区统计局政府信息公开工作年度报告\n"
    dated = render(Report(meta=meta), "dump").splitlines()
    assert dated == [lines[0], lines[2], lines[4]]


def test_sections_and_subsections() -> None:
    report = Report(
        overview=Section(
            paragraphs=("总述。",),
            subsections=(Subsection(heading="（一）主动公开", paragraphs=("主动公开情况。",)),),
        ),
        problems=Section(heading="五、政府信息公开工作存在的主要问题及改进情况"),
    )
    text = render(report, "text").split("\n\n")
    assert text[1:] == [
        "一、总体情况",
        "总述。",
        "（一）主动公开",
        "主动公开情况。",
        "五、政府信息公开工作存在的主要问题及改进情况\n",
    ]
    markdown = render(report, "markdown")
    assert "## 一、总体情况\n\n总述。\n\n### （一）主动公开\n\n主动公开情况。" in markdown
    assert HEADINGS["other_matters"] not in markdown  # an empty section is left out
    assert "<h3>（一）主动公开</h3>" in render(report, "html")


def test_value_forms() -> None:
    values: dict[str, Any] = {
        "active.licensing.change": -417,
        "active.punishment.change": 1036,
        "active.procurement.amount": Decimal("251000"),
        "active.fees.previous": 0,
        "requests.granted.total": 7,
    }
    report = assemble(Meta(agency="文登区住建局", year=2019, edition="2019"), values)
    for layout in CELL_LAYOUTS:
        cells = _cells(render(report, layout), layout)
        assert {"-417", "1036", "251000", "0", "7"} <= set(cells), layout
        assert "+1036" not in cells
    fees = assemble(Meta(edition="2021"), {"active.fees.amount": Decimal("96171.60")})
    assert "96171.60" in _cells(render(fees, "tsv"), "tsv")
    assert "行政事业性收费96171.60" in render(fees, "glued").splitlines()
    assert "行政事业性收费96171.60" in render(fees, "dump")


def test_markdown_tables() -> None:
    out = render(Report.blank("2021"), "markdown")
    assert "第二十条第（五）项\n\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 |  |" in out
    assert "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|" in out
    assert f"## {HEADINGS['requests']}" in out


def test_labels_come_from_the_model() -> None:
    lines = set(render(Report.blank("2019"), "lines").splitlines())
    classes: tuple[Any, ...] = (ApplicantCounts, ReviewLitigation, type(Report.blank("2019").requests))
    for cls in classes:
        for a in attrs.fields(cls):
            for part in a.metadata["label"].split():
                assert part in lines, part


def test_html_escapes_text() -> None:
    report = Report(meta=Meta(title="A<B>&C"), overview=Section(paragraphs=("x<y",)))
    out = render(report, "html")
    assert "<title>A&lt;B&gt;&amp;C</title>" in out and "<p>x&lt;y</p>" in out
    assert render(report, "html", script="traditional").startswith("<!DOCTYPE html>")


def test_unknown_layout_or_script() -> None:
    with pytest.raises(ValueError, match="layout"):
        render(Report(), "pdf")
    with pytest.raises(ValueError, match="script"):
        render(Report(), script="zh-tw")
