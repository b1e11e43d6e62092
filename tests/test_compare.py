"""``govinfo.diff`` and ``govinfo diff``: a body's report against its previous year's."""

from __future__ import annotations

import doctest
import random
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo import audit, compare
from govinfo.cli import main
from govinfo.model import APPLICANT_COLUMNS, Report, Section
from helpers.strategies import consistent_report_pairs, consistent_reports

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("active.", "requests.", "review_litigation.")


def with_facts(report: Report, changes: dict[str, Any]) -> Report:
    values = {**govinfo.facts(report), **changes}
    rebuilt = govinfo.from_facts(values)
    return attrs.evolve(
        report, active=rebuilt.active, requests=rebuilt.requests, review_litigation=rebuilt.review_litigation
    )


@given(consistent_reports(), st.randoms(use_true_random=False), st.integers(0, 6))
def test_diff_lists_exactly_the_facts_changed(report: Report, rng: random.Random, n: int) -> None:
    """The same report a year on, with ``n`` cells changed: those cells and the year, nothing else."""
    counts = sorted(k for k, v in govinfo.facts(report).items() if type(v) is int and k.startswith(TABLES))
    values = govinfo.facts(report)
    changes = {key: int(values[key] or 0) + rng.randrange(1, 1000) for key in rng.sample(counts, n)}
    assert report.meta.year is not None
    this = attrs.evolve(
        with_facts(report, changes), meta=attrs.evolve(report.meta, year=report.meta.year + 1)
    )
    comparison = govinfo.diff(report, this)
    assert {c.key for c in comparison.changes} == {*changes, "meta.year"}
    old = govinfo.facts(report)
    for change in comparison.changes:
        assert change.old == old[change.key] and change.new == govinfo.facts(this)[change.key]
        assert change.difference == change.new - change.old  # type: ignore[operator]
        assert change.table == change.key.split(".")[0]
    tables = [c.table for c in comparison.changes]
    assert tables == sorted(tables, key=[name for name, _ in compare.TABLES].index)
    text = comparison.render("text")
    assert all(f"{key}: " in text for key in changes)


@given(consistent_report_pairs())
def test_consecutive_consistent_reports_pass_the_cross_year_rules(pair: tuple[Report, Report]) -> None:
    last, this = pair
    comparison = govinfo.diff(last, this)
    assert comparison.cross_year and comparison.findings == ()


@given(consistent_report_pairs(), st.sampled_from(APPLICANT_COLUMNS), st.integers(1, 500))
def test_a_wrong_carry_over_is_an_x1_finding(pair: tuple[Report, Report], column: str, more: int) -> None:
    last, this = pair
    key = f"requests.carried_over.{column}"
    value = govinfo.facts(this)[key]
    assert isinstance(value, int)
    comparison = govinfo.diff(last, with_facts(this, {key: value + more}))
    x1 = [f for f in comparison.findings if f.rule == "X1"]
    assert len(x1) == 1 and key in x1[0].keys and x1[0].difference == more
    assert x1[0].id in comparison.render("text")


@given(consistent_report_pairs(), st.integers(2, 5))
def test_no_cross_year_rules_between_years_apart(pair: tuple[Report, Report], gap: int) -> None:
    last, this = pair
    assert this.meta.year is not None
    later = attrs.evolve(this, meta=attrs.evolve(this.meta, year=this.meta.year + gap - 1))
    comparison = govinfo.diff(last, later)
    assert not comparison.cross_year and comparison.findings == ()
    assert "not consecutive" in comparison.render("text")


def test_text_sections_sentence_by_sentence() -> None:
    last = govinfo.parse_file(ROOT / "examples" / "reports" / "000_1d238fd19279e9cb.txt")
    same = govinfo.diff(last, last)
    assert all(t.reused == t.sentences and not t.added and not t.dropped for t in same.texts)
    assert same.texts[0].reused_share == 1.0
    overview = last.overview
    kept = attrs.evolve(overview, paragraphs=overview.paragraphs[1:])
    new_sentence = "今年新增了一项工作。"
    this = attrs.evolve(last, overview=attrs.evolve(kept, paragraphs=(new_sentence, *kept.paragraphs)))
    text = govinfo.diff(last, this).texts[0]
    dropped = compare.sentences(Section(paragraphs=overview.paragraphs[:1]))
    assert dropped and text.added == (new_sentence,)
    assert set(text.dropped) == {s for s in dropped if s not in compare.sentences(kept)}
    assert text.sentences == 1 + len(compare.sentences(kept))
    assert text.reused == text.sentences - 1


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_and_html() -> None:
    last = govinfo.parse_file(ROOT / "examples" / "reports" / "000_1d238fd19279e9cb.txt")
    assert last.meta.year is not None
    this = govinfo.from_facts(
        {**govinfo.facts(last), "meta.year": last.meta.year + 1, "requests.granted.total": 7}
    )
    comparison = govinfo.diff(last, this)
    markdown = comparison.render("markdown")
    assert "| `requests.granted.total` |" in markdown and "| 0 | 7 | +7 |" in markdown
    page = _Page()
    page.feed(comparison.render("html"))
    text = "".join(page.text)
    assert "requests.granted.total" in text and "+7" in text
    assert "table" in page.tags and "style" in page.tags and "script" not in page.tags
    with pytest.raises(ValueError, match="format"):
        comparison.render("pdf")  # type: ignore[arg-type]


def test_html_escapes_what_the_report_says() -> None:
    last = govinfo.Report.blank("2021")
    this = attrs.evolve(last, overview=Section(paragraphs=("<script>alert(1)</script>。",)))
    page = govinfo.diff(last, this).render("html")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_module_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(compare)
    assert result.failed == 0 and result.attempted > 0


def test_diff_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = ROOT / "examples" / "reports" / "000_1d238fd19279e9cb.txt"
    report = govinfo.parse_file(last)
    assert report.meta.year is not None
    corrected = tmp_path / "corrected.json"
    corrected.write_text(
        govinfo.dumps(govinfo.from_facts({**govinfo.facts(report), "requests.granted.total": 3})),
        encoding="utf-8",
    )
    assert main(["diff", str(last), str(corrected)]) == 0
    out = capsys.readouterr().out
    assert "requests.granted.total: 0 → 3 (+3)" in out
    page = tmp_path / "diff.html"
    assert main(["diff", str(last), str(corrected), "--format", "html", "--out", str(page)]) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["diff", str(last), str(tmp_path / "missing.txt")]) == 1


def test_diff_names_the_files_and_a_correction(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = ROOT / "examples" / "reports" / "000_1d238fd19279e9cb.txt"
    report = govinfo.parse_file(path)
    corrected = audit.correct(report, {"requests.granted.total": 4})
    comparison = govinfo.diff(report, corrected)
    text = comparison.render("text")
    assert text.splitlines()[0].endswith(f"({report.source}): 1 fact changed")
    assert "a correction?" in text
    (change,) = comparison.changes
    assert change.label and f"requests.granted.total: 0 → 4 (+4)  ({change.label})" in text
    stray = tmp_path / "notes.txt"
    stray.write_text("会议纪要\n", encoding="utf-8")
    assert main(["diff", str(stray), str(path)]) == 0
    assert "no report tables found" in capsys.readouterr().err
