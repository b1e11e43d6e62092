"""Notebook display: the short repr and the HTML of reports and check reports."""

from __future__ import annotations

import html
import re
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import govinfo
from govinfo.checks import CheckResult, Finding, RuleStatistics
from govinfo.diagnostics import Diagnostic
from govinfo.display import check_result_html, diagnostics_summary, part_repr, report_html, report_repr
from govinfo.facts import table_fields
from govinfo.model import EDITIONS, ApplicantCounts, Edition, Meta, Report, Section
from helpers.strategies import reports

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "reports" / "004_56695964816e1b37.txt"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Tree(HTMLParser):
    """Checks tag balance and collects every table as rows of (tag, attrs, text) cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tables: list[tuple[dict[str, str], list[list[tuple[str, dict[str, str], str]]]]] = []
        self.cells: list[tuple[str, dict[str, str], str]] = []  # every td/th, in order
        self._cell: tuple[str, dict[str, str], list[str]] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attributes}
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "table":
            self.tables.append((a, []))
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = (tag, a, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag in ("td", "th") and self._cell is not None:
            name, a, text = self._cell
            cell = (name, a, "".join(text))
            self.tables[-1][1][-1].append(cell)
            self.cells.append(cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell[2].append(data)


def parse(fragment: str) -> Tree:
    tree = Tree()
    tree.feed(fragment)
    tree.close()
    assert not tree.errors, tree.errors
    assert not tree.stack, f"unclosed: {tree.stack}"
    return tree


def table(tree: Tree, cls: str) -> list[list[tuple[str, dict[str, str], str]]]:
    (rows,) = [rows for a, rows in tree.tables if cls in a.get("class", "").split()]
    return rows


def expand(rows: list[list[tuple[str, dict[str, str], str]]]) -> list[list[str]]:
    """The table as a grid, rowspan and colspan filled in (each slot holds its cell's text)."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for _tag, a, text in row:
            while (r, c) in grid:
                c += 1
            for dr in range(int(a.get("rowspan", "1"))):
                for dc in range(int(a.get("colspan", "1"))):
                    assert (r + dr, c + dc) not in grid, f"overlap at {(r + dr, c + dc)}"
                    grid[r + dr, c + dc] = text
            c += int(a.get("colspan", "1"))
    height = max(r for r, _ in grid) + 1
    return [[grid[r, c] for c in sorted(c for rr, c in grid if rr == r)] for r in range(height)]


def cells_by_key(tree: Tree) -> dict[str, tuple[dict[str, str], str]]:
    out: dict[str, tuple[dict[str, str], str]] = {}
    for tag, a, text in tree.cells:
        if tag == "td" and "data-key" in a:
            assert a["data-key"] not in out, f"two cells for {a['data-key']}"
            out[a["data-key"]] = (a, text)
    return out


def shown(value: object) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


# --- repr ----------------------------------------------------------------------------------------


@given(reports())
def test_repr_is_one_short_line(report: Report) -> None:
    text = repr(report)
    assert text == report_repr(report)
    assert "\n" not in text
    assert len(text) < 120
    assert str(report.meta.agency) in text
    assert str(report.meta.year) in text
    assert f"{report.edition} edition" in text


def test_repr_of_a_long_or_unknown_agency_stays_short() -> None:
    long = Report.blank("2021", meta=Meta(agency="某某" * 100 + "\n局", year=2023, edition="2021"))
    assert len(repr(long)) < 120 and "\n" not in repr(long)
    assert repr(Report()) == "<Report ? ? (edition unknown), 0/0 cells, 0 diagnostics>"


def test_repr_counts_filled_cells() -> None:
    values = {"meta.edition": "2021", "requests.granted.total": 3, "review_litigation.review.total": 0}
    assert "2/200 cells" in repr(govinfo.from_facts(values))


# --- the one-line repr of a report's tables and applicant-count rows ------------------------------


def _width(text: str) -> int:
    """Display width: CJK characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@given(reports())
def test_tables_and_rows_have_a_one_line_repr(report: Report) -> None:
    values = govinfo.facts(report)
    tables = {
        "active": report.active,
        "requests": report.requests,
        "review_litigation": report.review_litigation,
    }
    labels = {a.name: a.metadata["label"] for a in attrs.fields(Report) if "label" in a.metadata}
    for name, part in tables.items():
        assert part is not None
        text = repr(part)
        assert text == part_repr(part)
        keys = [k for k in values if k.startswith(f"{name}.")]
        filled = sum(1 for k in keys if values[k] is not None)
        assert text == f"<{type(part).__name__} {labels[name]}: {filled}/{len(keys)} cells>"
    assert report.requests is not None
    row = report.requests.granted
    text = repr(row)
    assert "\n" not in text and _width(text) < 160
    assert text.startswith(f"<ApplicantCounts total {_shown_or_none(row.total)}: natural_person ")
    for attribute in attrs.fields(ApplicantCounts):
        assert f"{attribute.name} {_shown_or_none(getattr(row, attribute.name))}" in text


def _shown_or_none(value: object) -> str:
    return "None" if value is None else shown(value)


def test_table_reprs_are_short_where_attrs_would_write_pages() -> None:
    report = govinfo.parse_file(EXAMPLE)
    assert report.requests is not None and report.active is not None
    assert repr(report.requests) == "<RequestTable2021 三、收到和处理政府信息公开申请情况: 175/175 cells>"
    assert repr(report.active) == "<ActiveDisclosure2021 二、主动公开政府信息情况: 10/10 cells>"
    review = "<ReviewLitigation 四、政府信息公开行政复议、行政诉讼情况: 15/15 cells>"
    assert repr(report.review_litigation) == review
    assert repr(report.requests.new_received) == (
        "<ApplicantCounts total 2: natural_person 2, commercial 0, research 0, social_welfare 0, "
        "legal_services 0, other_org 0>"
    )
    # a group of rows keeps attrs' repr, made of the rows' short ones
    assert repr(report.requests.unable).startswith("Unable(not_held=<ApplicantCounts total 1: ")
    blank = Report.blank("2019").requests
    assert blank is not None
    assert repr(blank) == "<RequestTable2019 三、收到和处理政府信息公开申请情况: 0/161 cells>"
    assert repr(blank.granted) == "<ApplicantCounts not reported>"
    assert repr(ApplicantCounts(total=3)) == (
        "<ApplicantCounts total 3: natural_person None, commercial None, research None, "
        "social_welfare None, legal_services None, other_org None>"
    )


# --- HTML ----------------------------------------------------------------------------------------


@given(reports())
def test_html_is_balanced_and_shows_every_value_in_its_cell(report: Report) -> None:
    fragment = report_html(report)
    assert fragment == report._repr_html_()
    assert not fragment.lstrip().lower().startswith(("<html", "<!doctype"))
    tree = parse(fragment)
    cells = cells_by_key(tree)
    values = govinfo.facts(report)
    assert report.edition is not None
    table_keys = {key for key, _ in table_fields(report.edition)}
    for key in table_keys:
        if values[key] is None:
            continue
        assert cells[key][1] == shown(values[key]), key
        assert shown(values[key]) in fragment
    assert {k for k in cells if not k.startswith("meta.")} == table_keys  # a cell per table key
    assert cells["meta.agency"][1] == report.meta.agency
    assert cells["meta.year"][1] == str(report.meta.year)


@given(reports())
def test_html_shows_metadata_and_text_previews(report: Report) -> None:
    text = "".join(parse(report_html(report)).text)
    meta = report.meta
    assert meta.title is not None and meta.title in text
    if meta.publication_date is not None:
        assert meta.publication_date.isoformat() in text
    if meta.statistics_period is not None:
        assert meta.statistics_period.start.isoformat() in text
    for section in (report.overview, report.problems, report.other_matters):
        assert section.heading is not None and section.heading in text
        first = section.paragraphs[0]
        assert first[:150] in text
        count = len(section.paragraphs) + sum(len(s.paragraphs) for s in section.subsections)
        assert f"{count} paragraph" in text


def test_long_paragraphs_are_truncated() -> None:
    report = Report(overview=Section(heading="一、总体情况", paragraphs=("甲" * 1000, "乙")))
    text = "".join(parse(report_html(report)).text)
    assert "甲" * 150 in text and "甲" * 300 not in text
    assert "2 paragraphs" in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_labels_come_from_the_model(edition: Edition) -> None:
    fragment = report_html(Report.blank(edition))
    for _key, attribute in table_fields(edition):
        assert attribute.metadata["label"] in fragment
    for field_ in attrs.fields(Report):
        if "label" in field_.metadata:
            assert field_.metadata["label"] in fragment


def test_everything_is_escaped() -> None:
    evil = "<script>alert('x')</script>"
    report = Report.blank(
        "2019",
        meta=Meta(agency=evil, year=2020, edition="2019", title=f"{evil}2020年报告"),
        overview=Section(heading="一、总体情况", paragraphs=(f"段落{evil}", '"quoted" & <b>bold</b>')),
        diagnostics=(Diagnostic(code="x<y>", severity="warning", message=evil, keys=("a<b",)),),
    )
    fragment = report_html(report)
    assert "<script" not in fragment
    assert "<b>" not in fragment
    assert "&lt;script&gt;" in fragment
    assert "x&lt;y&gt;" in fragment
    tree = parse(fragment)
    assert evil in "".join(tree.text)  # the text reads back exactly


def test_none_is_not_zero() -> None:
    report = govinfo.from_facts(
        {"meta.edition": "2021", "requests.granted.natural_person": 0, "requests.granted.commercial": None}
    )
    cells = cells_by_key(parse(report_html(report)))
    zero_attrs, zero_text = cells["requests.granted.natural_person"]
    none_attrs, none_text = cells["requests.granted.commercial"]
    assert zero_text == "0"
    assert "govinfo-none" not in zero_attrs["class"]
    assert none_text == "—"
    assert "govinfo-none" in none_attrs["class"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_request_table_grid_is_rectangular(edition: str) -> None:
    tree = parse(report_html(Report.blank(edition)))  # type: ignore[arg-type]
    grid = expand(table(tree, "govinfo-requests"))
    data_rows = sum(1 for key, _ in table_fields(edition) if key.endswith(".natural_person"))
    assert data_rows == {"2019": 23, "2021": 25}[edition]
    assert len(grid) == 3 + data_rows
    assert {len(row) for row in grid} == {3 + len(attrs.fields(ApplicantCounts))}
    assert grid[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert grid[1][4] == "法人或其他组织"
    results = [row for row in grid if row[0] == "三、本年度办理结果"]
    assert len(results) == {"2019": 20, "2021": 22}[edition]
    assert [row[1] for row in grid].count("（三）不予公开") == 8
    assert [row[1] for row in grid].count("（四）无法提供") == 3
    assert [row[1] for row in grid].count("（五）不予处理") == 5
    assert [row[1] for row in grid].count("（六）其他处理") == {"2019": 1, "2021": 3}[edition]
    assert grid[3][:3] == ["一、本年新收政府信息公开申请数量"] * 3
    assert grid[-1][:3] == ["四、结转下年度继续办理"] * 3


@pytest.mark.parametrize("edition", EDITIONS)
def test_other_tables_are_rectangular(edition: str) -> None:
    tree = parse(report_html(Report.blank(edition)))  # type: ignore[arg-type]
    active = expand(table(tree, "govinfo-active"))
    assert len({len(row) for row in active}) == 1
    assert [row[0] for row in active].count("信息内容") == {"2019": 5, "2021": 4}[edition]
    review = expand(table(tree, "govinfo-review"))
    assert [len(row) for row in review] == [15, 15, 15, 15]
    assert review[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert review[1][5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert review[2][:5] == review[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert review[2][5:10] == review[2][10:] == review[2][:5]


def test_report_without_edition() -> None:
    report = Report(meta=Meta(agency="某局", year=2022))
    tree = parse(report_html(report))
    assert not any("govinfo-requests" in a.get("class", "") for a, _ in tree.tables)
    assert "edition unknown" in "".join(tree.text)


def test_diagnostics_are_collapsed_under_a_summary_line() -> None:
    made = [
        Diagnostic(code="row.missing", severity="info", message="a row is missing"),
        Diagnostic(code="cell.unreadable", severity="error", message="a cell", line=7),
        Diagnostic(code="label.fuzzy", severity="warning", message="a label"),
        Diagnostic(code="row.no_values", severity="info", message="no values"),
    ]
    for n in (1, 4, 30):
        diagnostics = tuple(made[i % len(made)] for i in range(n))
        fragment = report_html(Report.blank("2021", diagnostics=diagnostics))
        parse(fragment)
        (details,) = re.findall(r"<details[^>]*govinfo-diagnostics[^>]*>", fragment)
        assert " open" not in details  # collapsed, however few
        summary = re.search(r'govinfo-diagnostics"><summary>(.*?)</summary>', fragment)
        assert summary is not None and summary.group(1) == diagnostics_summary(diagnostics)
    assert diagnostics_summary(made) == "4 diagnostics: 1 error, 1 warning, 2 info"
    assert diagnostics_summary(made[:1]) == "1 diagnostic: 1 info"
    assert diagnostics_summary(made[1:3] * 3) == "6 diagnostics: 3 errors, 3 warnings"
    assert diagnostics_summary(()) == "0 diagnostics"
    assert "govinfo-diagnostics" not in report_html(Report.blank("2021"))


def test_diagnostics_are_listed_and_their_cells_marked() -> None:
    key = "requests.carried_over.natural_person"
    diagnostic = Diagnostic(code="label-typo", severity="info", message="上年转结", line=42, keys=(key,))
    report = Report.blank("2021", diagnostics=(diagnostic,))
    tree = parse(report_html(report))
    text = "".join(tree.text)
    assert "label-typo" in text and "line 42" in text and key in text
    assert "govinfo-diag" in cells_by_key(tree)[key][0]["class"]


# --- check reports -------------------------------------------------------------------------------


def test_check_result_html_puts_errors_first() -> None:
    checks = CheckResult(
        findings=(
            Finding(rule="W-rule", severity="warning", message="a warning"),
            Finding(
                rule="E-rule",
                severity="error",
                message="总计 <> 合计",
                expected=10,
                actual=9,
                difference=-1,
                keys=("requests.granted.total",),
            ),
        ),
        statistics={"I1": RuleStatistics(passed=12, not_assessable=1)},
    )
    fragment = check_result_html(checks)
    tree = parse(fragment)
    assert fragment.index("E-rule") < fragment.index("W-rule")
    assert "总计 &lt;&gt; 合计" in fragment
    text = "".join(tree.text)
    assert "1 error, 1 warning" in text and "I1" in text and "requests.granted.total" in text


def test_check_result_html_when_all_pass() -> None:
    tree = parse(check_result_html(CheckResult()))
    assert "no findings" in "".join(tree.text)


def test_report_html_with_broken_total_shows_failing_rule_first() -> None:
    checks = pytest.importorskip("govinfo.checks")
    key = "review_litigation.review.total"
    values = {
        "meta.edition": "2021",
        "meta.agency": "某市某局",
        "meta.year": 2023,
        "review_litigation.review.upheld": 1,
        "review_litigation.review.corrected": 2,
        "review_litigation.review.other": 3,
        "review_litigation.review.pending": 4,
        key: 99,
    }
    report = govinfo.from_facts(values)
    result = checks.check(report)
    failing = [f for f in result.findings if key in f.keys]
    assert failing, "the checks should name the broken total"
    fragment = report_html(report)
    tree = parse(fragment)
    first_table = fragment.index('<table class="govinfo-table govinfo-active"')
    for finding in failing:
        assert 0 <= fragment.find(html.escape(str(finding.rule))) < first_table
    if any(f.severity == "error" for f in failing):
        assert "govinfo-error" in cells_by_key(tree)[key][0]["class"]


def test_check_result_html_statistics_and_series_findings() -> None:
    finding = Finding(
        rule="X1",
        severity="error",
        message="上年结转 ≠ 结转下年度",
        expected=3,
        actual=5,
        difference=2,
        keys=("requests.carried_over.total",),
        agency="某<局>",
        years=(2022, 2023),
    )
    checks = CheckResult(
        findings=(finding,),
        statistics={"X1": RuleStatistics(passed=6, failed=1), "I3": RuleStatistics(passed=3)},
    )
    tree = parse(check_result_html(checks))
    (stats,) = [rows for a, rows in tree.tables if "govinfo-statistics" in a["class"]]
    assert [[text for _, _, text in row] for row in stats] == [
        ["rule", "passed", "failed", "not_assessable"],
        ["X1", "6", "1", "0"],
        ["I3", "3", "0", "0"],
    ]
    (findings,) = [rows for a, rows in tree.tables if "govinfo-findings" in a["class"]]
    header = [text for _, _, text in findings[0]]
    row = dict(zip(header, (text for _, _, text in findings[1]), strict=True))
    assert row["report"] == "某<局> 2022–2023"
    assert (row["expected"], row["actual"], row["difference"]) == ("3", "5", "2")
    assert "✗" in "".join(tree.text)


def test_check_result_html_of_a_real_check() -> None:
    pytest.importorskip("govinfo.checks")
    report = govinfo.from_facts({"meta.edition": "2019", "requests.granted.natural_person": 1})
    tree = parse(check_result_html(govinfo.check(report)))
    assert any("govinfo-statistics" in a["class"] for a, _ in tree.tables)
