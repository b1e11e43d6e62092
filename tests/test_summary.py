"""Many bodies at once: ``govinfo.summary`` (coverage, the summary per body and year)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo
from govinfo import summary
from govinfo.batch import run
from govinfo.cli import main
from govinfo.model import Report
from helpers.strategies import consistent_report_pairs, consistent_reports

BODIES = ("甲市统计局", "乙县人民政府办公室", "丙区教育局", "丁市税务局")


def placed(report: Report, agency: str, year: int) -> Report:
    return attrs.evolve(report, meta=attrs.evolve(report.meta, agency=agency, year=year))


@given(
    consistent_reports(),
    st.dictionaries(st.sampled_from(BODIES), st.sets(st.integers(2019, 2025), min_size=1), min_size=1),
)
def test_coverage_names_exactly_the_gaps(report: Report, years: dict[str, set[int]]) -> None:
    reports = [placed(report, body, year) for body, found in years.items() for year in sorted(found)]
    table = summary.coverage(reports)
    assert set(table.names.values()) == set(years)
    for body, found in years.items():
        key = "".join(body.split())
        assert table.have[key] == tuple(sorted(found))
        assert table.gaps[key] == tuple(y for y in range(min(found), max(found) + 1) if y not in found)
    asked = summary.coverage(reports, range(2019, 2026))
    for body, found in years.items():
        assert asked.gaps["".join(body.split())] == tuple(y for y in range(2019, 2026) if y not in found)
    assert asked.years == tuple(range(2019, 2026))


def test_coverage_puts_a_spaced_name_with_its_body_and_counts_the_unplaced() -> None:
    report = govinfo.Report.blank("2021")
    reports = [
        placed(report, "甲市 统计局", 2020),
        placed(report, "甲市统计局", 2022),
        placed(report, "甲市统计局", 2023),
        attrs.evolve(report, meta=attrs.evolve(report.meta, agency=None, year=2021)),
    ]
    table = summary.coverage(reports)
    assert table.names == {"甲市统计局": "甲市统计局"} and table.gaps == {"甲市统计局": (2021,)}
    assert table.unplaced == 1
    assert "missing: 2021" in table.text() and "not placed" in table.text()


def _int(values: dict[str, Any], key: str) -> int:
    value = values[key]
    assert isinstance(value, int)
    return value


@given(consistent_reports())
def test_the_rates_are_as_defined(report: Report) -> None:
    (row,) = summary.summary([report])
    values = govinfo.facts(report)
    handled = _int(values, "requests.results_total.total")
    shown = _int(values, "requests.granted.total") + _int(values, "requests.partially_granted.total")
    assert row["disclosure_rate"] == (shown / handled if handled else None)
    cases = ("review", "litigation_direct", "litigation_after_review")
    total = sum(_int(values, f"review_litigation.{c}.total") for c in cases)
    corrected = sum(_int(values, f"review_litigation.{c}.corrected") for c in cases)
    assert row["corrected_cases"] == corrected
    assert row["correction_rate"] == (corrected / total if total else None)
    assert row["applications"] == values["requests.new_received.total"]
    assert row["error_findings"] == 0 and row["cross_year_findings"] is None  # no report the year before
    assert list(row) == list(summary.COLUMNS)


def test_a_rate_without_a_denominator_is_none() -> None:
    (row,) = summary.summary([govinfo.Report.blank("2021")])
    assert row["disclosure_rate"] is None and row["correction_rate"] is None and row["applications"] is None


@given(consistent_report_pairs(), st.integers(1, 99))
def test_cross_year_findings_are_counted_on_the_later_year(pair: tuple[Report, Report], more: int) -> None:
    last, this = pair
    values = govinfo.facts(this)
    key = "requests.carried_over.natural_person"
    wrong = govinfo.from_facts({**values, key: _int(values, key) + more})
    rows = summary.summary([wrong, last])
    assert [row["year"] for row in rows] == [last.meta.year, this.meta.year]
    assert rows[0]["cross_year_findings"] is None and rows[1]["cross_year_findings"] == 1
    assert summary.summary([this, last])[1]["cross_year_findings"] == 0
    # two reports of the year before: which is last year's? not assessed
    assert summary.summary([wrong, last, last])[2]["cross_year_findings"] is None


@settings(max_examples=5, deadline=None)
@given(st.lists(consistent_reports(), min_size=2, max_size=4))
def test_batch_outputs_read_back_to_the_same_summary(tmp_path_factory: Any, reports: list[Report]) -> None:
    pytest.importorskip("pyarrow")
    folder = tmp_path_factory.mktemp("reports")
    for index, report in enumerate(reports):
        placed_report = placed(report, BODIES[index % len(BODIES)], 2020 + index)
        (folder / f"r{index}.txt").write_text(govinfo.render(placed_report), encoding="utf-8")
    parsed = [govinfo.parse_file(path) for path in sorted(folder.glob("*.txt"))]
    expected = summary.summary(parsed)
    for suffix in (".jsonl", ".csv", ".parquet"):
        out = folder / f"out{suffix}"
        run([folder], out, progress=False)
        assert summary.summary(summary.reports_from(out)) == expected, suffix


def test_summary_frame_types() -> None:
    pytest.importorskip("pandas")
    frame = summary.summary_frame([govinfo.Report.blank("2021")])
    assert list(frame.columns) == list(summary.COLUMNS)
    assert str(frame["applications"].dtype) == "Int64" and str(frame["disclosure_rate"].dtype) == "Float64"


def test_not_a_batch_output() -> None:
    with pytest.raises(govinfo.GovinfoError, match="not a govinfo batch output"):
        summary.reports_from("reports.txt")


def test_summary_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "reports"
    out = tmp_path / "all.jsonl"
    run([examples], out, progress=False)
    assert main(["summary", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("agency") and "disclosure_rate" in text and "北仑区统计局" in text
    assert main(["summary", str(out), "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5 and {row["year"] for row in rows} == {2020, 2023}
    assert main(["summary", str(out), "--coverage", "--years", "2019-2024"]) == 0
    assert "missing: 2019, 2020, 2021, 2022, 2024" in capsys.readouterr().out
    assert main(["summary", str(tmp_path / "missing.csv")]) == 1


@given(consistent_report_pairs(), st.integers(1, 99))
def test_series_per_body_with_the_cross_year_checks(pair: tuple[Report, Report], more: int) -> None:
    last, this = pair
    values = govinfo.facts(this)
    key = "requests.carried_over.natural_person"
    wrong = govinfo.from_facts({**values, key: _int(values, key) + more})
    other = placed(last, "别的机关", 2030)
    bodies = summary.series([wrong, other, last])
    assert last.meta.agency is not None
    mine = bodies["".join(last.meta.agency.split())]
    assert [r.meta.year for r in mine.reports] == [last.meta.year, this.meta.year]
    assert [f.rule for f in mine.result.findings if f.rule.startswith("X")] == ["X1"]
    assert [r.meta.year for r in bodies["别的机关"].reports] == [2030]


def test_summary_command_formats_and_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "reports"
    first = examples / "000_1d238fd19279e9cb.txt"
    stray = tmp_path / "notes.txt"
    stray.write_text("会议纪要\n今天讨论了预算。\n", encoding="utf-8")
    assert main(["summary", str(first), str(first), str(stray)]) == 0
    captured = capsys.readouterr()
    assert "left out 1 without the report's tables" in captured.err and str(stray) in captured.err
    assert "2 reports of 朔州市统计局 for 2023" in captured.err
    assert captured.out.count("朔州市统计局") == 2
    assert main(["summary", str(first), "--coverage", "--years", "2022-2023", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "agency,2022,2023,missing",
        "朔州市统计局,False,True,2022",
    ]
    assert main(["summary", str(first), "--years", "2022-2023"]) == 2
    assert main(["summary", str(tmp_path / "gone.jsonl")]) == 1
    assert "cannot read" in capsys.readouterr().err
