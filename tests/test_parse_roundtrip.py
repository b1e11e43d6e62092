"""Generated reports (all numbers different) rendered in the layouts real copies show parse back.

Layouts: one cell per line, tab-separated rows with merged-cell gaps, pipe rows, aligned text
(full-width spaces), traditional script; glued digits abstain or agree, never differ.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.model import Report
from govinfo.render import render
from strategies import consistent_reports, reports

LAYOUTS = ("text", "lines", "tsv", "markdown")
SCRIPTS = ("simplified", "traditional")


def _diagnosed(report: Report) -> set[str]:
    return {k for d in report.diagnostics for k in d.keys}


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports())
def test_rendered_report_parses_back(layout: str, script: str, report: Report) -> None:
    parsed = govinfo.parse(render(report, layout, script=script))
    assert govinfo.facts(parsed) == govinfo.facts(report)
    errors = [d for d in parsed.diagnostics if d.severity == "error"]
    assert not errors, errors
    assert parsed.meta.statistics_period == report.meta.statistics_period


@given(report=reports())
def test_text_sections_and_metadata_survive(report: Report) -> None:
    parsed = govinfo.parse(render(report, "lines"))
    assert parsed.meta.agency == report.meta.agency
    assert parsed.meta.year == report.meta.year
    assert parsed.meta.publication_date == report.meta.publication_date
    assert parsed.overview.paragraphs == report.overview.paragraphs
    assert parsed.overview.subsections == report.overview.subsections
    assert parsed.problems.paragraphs == report.problems.paragraphs
    assert parsed.other_matters.paragraphs == report.other_matters.paragraphs


@pytest.mark.parametrize("script", SCRIPTS)
@given(report=consistent_reports())
def test_glued_digits_agree_or_abstain(script: str, report: Report) -> None:
    parsed = govinfo.parse(render(report, "glued", script=script))
    diagnosed = _diagnosed(parsed)
    want = govinfo.facts(report)
    got = govinfo.facts(parsed)
    for key, value in want.items():
        assert got[key] == value or (got[key] is None and key in diagnosed), (key, value, got[key])


@given(report=reports(), data=st.data())
def test_one_changed_number_changes_only_that_fact(report: Report, data: st.DataObject) -> None:
    text = render(report, "lines")
    lines = text.split("\n")
    numeric = [i for i, line in enumerate(lines) if line.isdigit()]
    if not numeric:
        return
    i = data.draw(st.sampled_from(numeric))
    lines[i] = str(int(lines[i]) + 1_000_003)
    parsed = govinfo.parse("\n".join(lines))
    before, after = govinfo.facts(report), govinfo.facts(parsed)
    changed = [k for k in before if before[k] != after[k]]
    assert len(changed) == 1, changed
    assert after[changed[0]] == before[changed[0]] + 1_000_003  # type: ignore[operator]


@given(st.text(max_size=2000))
def test_arbitrary_text_gives_a_report(text: str) -> None:
    try:
        report = govinfo.parse(text)
    except govinfo.ParseError:
        return
    assert isinstance(report, Report)


@given(report=reports(), data=st.data())
def test_mutated_reports_never_raise_another_exception(report: Report, data: st.DataObject) -> None:
    lines = render(report, data.draw(st.sampled_from(LAYOUTS))).split("\n")
    for _ in range(data.draw(st.integers(1, 8))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(("delete", "duplicate", "swap", "garble")))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = data.draw(st.text(max_size=40))
    try:
        report = govinfo.parse("\n".join(lines))
    except govinfo.ParseError:
        return
    assert isinstance(report, Report)
    govinfo.facts(report)
    govinfo.loads(govinfo.dumps(report))


def test_strict_mode_raises_with_diagnostics() -> None:
    with pytest.raises(govinfo.ParseError) as info:
        govinfo.parse("这不是一份年度报告。", strict=True)
    assert info.value.diagnostics


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\x02", "- 4 -\n— 5 —", "一、总体情况\n" * 500])
def test_degenerate_inputs(text: str) -> None:
    report = govinfo.parse(text)
    assert report.diagnostics
