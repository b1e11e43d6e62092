"""The auditor's loop: stable ids for findings and diagnostics, and the reviewed baseline."""

from __future__ import annotations

import doctest
import json
import random
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo
from govinfo import audit, ids
from govinfo.checks import CheckResult, Finding, relations
from govinfo.cli import main
from govinfo.model import Report
from govinfo.render import render
from helpers.strategies import consistent_reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "reports").glob("*.txt"))
LAYOUTS = ("text", "lines", "tsv", "markdown")  # the layouts that read back exactly


def with_facts(report: Report, **changes: Any) -> Report:
    """``report`` with some table cells changed (``key=value``, dots as ``__``)."""
    values = govinfo.facts(report)
    values.update({key.replace("__", "."): value for key, value in changes.items()})
    rebuilt = govinfo.from_facts(values)
    return attrs.evolve(
        report, active=rebuilt.active, requests=rebuilt.requests, review_litigation=rebuilt.review_litigation
    )


def broken(report: Report, rng: random.Random, cells: int = 3) -> Report:
    """``report`` with ``cells`` of its counts changed: arithmetic findings to find."""
    assert report.edition is not None
    checked = {key for relation in relations(report.edition) if relation.op == "=" for key in relation.keys}
    counts = sorted(k for k, v in govinfo.facts(report).items() if type(v) is int and k in checked)
    changes = {key.replace(".", "__"): rng.randrange(1, 10**6) for key in rng.sample(counts, cells)}
    return with_facts(report, **changes)


def still_failing(report: Report) -> tuple[Finding, str, Report]:
    """An arithmetic finding of ``report``, a key it names, and ``report`` with that key's value
    changed so that the finding still fails, with other values."""
    finding = next(
        i.finding for i in audit.items(report) if i.finding is not None and i.finding.difference is not None
    )
    key = finding.keys[0]
    value = govinfo.facts(report)[key]
    assert isinstance(value, int) and finding.difference is not None
    again = with_facts(report, **{key.replace(".", "__"): value + abs(int(finding.difference)) + 1})
    return finding, key, again


# --- ids ------------------------------------------------------------------------------------------


@settings(max_examples=25)
@given(consistent_reports(), st.randoms(use_true_random=False))
def test_ids_are_the_same_in_every_layout(report: Report, rng: random.Random) -> None:
    """The same problems read from the report written in any layout get the same ids: ids depend
    on rules, keys, agency and year, not on lines or wording."""
    report = broken(report, rng)
    expected = {item.id for item in audit.items(report) if item.finding is not None}
    assert expected, "a changed cell must fail a rule"
    for layout in LAYOUTS:
        parsed = govinfo.parse(render(report, layout))
        assert {item.id for item in audit.items(parsed) if item.finding is not None} == expected, layout


def test_ids_do_not_depend_on_lines_or_wording() -> None:
    finding = Finding(
        rule="I1", severity="error", message="a", keys=("b", "a"), agency="某 局", years=(2023,), line=3
    )
    moved = attrs.evolve(finding, message="reworded", line=40, keys=("a", "b"), agency="某局")
    assert finding.id == moved.id
    assert finding.id.startswith("I1-") and len(finding.id) == len("I1-") + ids.DIGITS
    for other in (
        attrs.evolve(finding, rule="I2"),
        attrs.evolve(finding, keys=("a",)),
        attrs.evolve(finding, agency="另一局"),
        attrs.evolve(finding, years=(2024,)),
        attrs.evolve(finding, subject="overview"),
    ):
        assert other.id != finding.id


@given(consistent_reports(), st.randoms(use_true_random=False))
def test_ids_do_not_depend_on_the_order_of_findings(report: Report, rng: random.Random) -> None:
    report = broken(report, rng, cells=4)
    result = govinfo.check(report)
    shuffled = list(result.findings)
    rng.shuffle(shuffled)
    again = CheckResult(findings=tuple(shuffled), statistics=result.statistics)
    by_finding = {item.finding: item.id for item in audit.items(report, result)}
    assert {item.finding: item.id for item in audit.items(report, again)} == by_finding
    every = [item.id for item in audit.items(report, result)]
    assert len(set(every)) == len(every)


def test_repeats_are_told_apart_by_their_order() -> None:
    assert ids.unique(["a", "b", "a", "a"]) == ["a", "b", "a-2", "a-3"]


def test_diagnostics_have_ids_too() -> None:
    report = govinfo.parse_file(EXAMPLES[1])
    diagnostics = [item for item in audit.items(report) if item.diagnostic is not None]
    assert diagnostics
    assert all(item.id.startswith(item.code + "-") for item in diagnostics)
    # the same report with its lines moved down: the same ids
    text = EXAMPLES[1].read_text(encoding="utf-8")
    moved = govinfo.parse("\n\n\n" + text)
    assert [i.id for i in audit.items(moved)] == [i.id for i in audit.items(report)]


# --- the baseline -------------------------------------------------------------------------------


@given(consistent_reports(), st.randoms(use_true_random=False))
def test_baseline_round_trip(report: Report, rng: random.Random) -> None:
    """Recorded → nothing new on the next run; one value changed → exactly the findings about
    that value come back, as changed."""
    report = broken(report, rng)
    baseline = audit.Baseline().record(audit.items(report), by="clerk", at="2026-12-03")
    baseline = audit.Baseline.loads(baseline.dumps())
    review = baseline.review(audit.items(report))
    assert review.shown == () and len(review.hidden) == len(audit.items(report))

    finding, key, again = still_failing(report)
    review = baseline.review(audit.items(again))
    about = {i.id for i in audit.items(again) if i.finding is not None and key in i.finding.keys}
    assert {item.id for item in review.shown} == about
    assert {item.id for item, _entry in review.changed} | {item.id for item in review.new} == about
    assert finding.id in {item.id for item, _entry in review.changed}


def test_recording_keeps_what_was_reviewed() -> None:
    report = broken(govinfo.parse_file(EXAMPLES[0]), random.Random(1))
    found = audit.items(report)
    first = audit.Baseline().record(found, status="dismissed", note="known", by="a", at="2026-01-01")
    second = first.record(found, status="confirmed", note="", by="b", at="2026-02-02")
    assert second == first  # nothing changed: the reviews stand
    assert {e.status for e in second.entries.values()} == {"dismissed"}


def test_the_baseline_file_is_stable_and_sorted() -> None:
    report = broken(govinfo.parse_file(EXAMPLES[0]), random.Random(2), cells=5)
    found = audit.items(report)
    one = audit.Baseline().record(found, at="2026-12-03").dumps()
    two = audit.Baseline().record(tuple(reversed(found)), at="2026-12-03").dumps()
    assert one == two
    document = json.loads(one)
    assert document["format"] == "govinfo-baseline" and document["version"] == 1
    listed = [entry["id"] for entry in document["entries"]]
    assert listed == sorted(listed) and len(listed) == len(found)


HEAD = '{"format": "govinfo-baseline", "version": 1, "entries": '


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "invalid JSON"),
        ('{"entries": []}', "format"),
        ('{"format": "govinfo-baseline", "version": 99, "entries": []}', "version"),
        ('{"format": "govinfo-baseline", "version": 1, "entries": [{"code": "I1"}]}', "'id'"),
        (HEAD + '[{"id": "x", "code": "I1", "status": "?"}]}', "status"),
    ],
)
def test_a_bad_baseline_file_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(audit.BaselineError, match=message):
        audit.Baseline.loads(text)


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="confirmed"):
        audit.Baseline().record((), status="maybe")  # type: ignore[arg-type]


def test_module_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(audit)
    assert result.failed == 0 and result.attempted > 0


# --- the command ----------------------------------------------------------------------------------


def test_check_with_a_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = broken(govinfo.parse_file(EXAMPLES[0]), random.Random(3))
    path = tmp_path / "report.json"
    path.write_text(govinfo.dumps(report), encoding="utf-8")
    baseline = tmp_path / "reviewed.json"

    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    shown = {item.id for item in audit.items(report)}
    assert all(f"id {one}" in out for one in shown)

    assert (
        main(["check", str(path), "--write-baseline", str(baseline), "--by", "clerk", "--note", "seen"]) == 1
    )
    capsys.readouterr()
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert {e["id"] for e in entries} == shown and {e["by"] for e in entries} == {"clerk"}

    assert main(["check", str(path), "--baseline", str(baseline)]) == 0  # every error reviewed
    out = capsys.readouterr().out
    assert f"{len(shown)} reviewed, hidden by the baseline" in out and "ERROR" not in out

    finding, _key, again = still_failing(report)
    path.write_text(govinfo.dumps(again), encoding="utf-8")
    assert main(["check", str(path), "--baseline", str(baseline)]) == 1
    out = capsys.readouterr().out
    assert f"id {finding.id}" in out and "changed since its review (confirmed by clerk" in out

    assert main(["check", str(path), "--baseline", str(baseline), "--json"]) == 1
    line = json.loads(capsys.readouterr().out)
    assert finding.id in line["baseline"]["changed"]
    assert finding.id in {f["id"] for f in line["findings"]}


def test_check_with_a_bad_baseline_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["check", str(EXAMPLES[0]), "--baseline", str(bad)]) == 2
    assert "not a baseline file" in capsys.readouterr().err


def test_check_reads_a_report_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A corrected report kept as JSON is checked as it is (not parsed as text); a broken one is a
    clear error."""
    report = govinfo.parse_file(EXAMPLES[0])
    good = tmp_path / "corrected.json"
    good.write_text(govinfo.dumps(report), encoding="utf-8")
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().out.startswith(f"{good}: ok (198/198 cells")
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "govinfo-report/1", "meta": 3}', encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    assert "not a valid report document" in capsys.readouterr().out


def test_items_of_a_file_that_names_no_report_are_never_hidden() -> None:
    """Two files that are no reports (no agency, no year) give the same ids: a review of one must not
    hide the other's."""
    stray = govinfo.parse("会议纪要\n今天讨论了预算。\n")
    assert stray.meta.agency is None and stray.meta.year is None
    found = audit.items(stray)
    assert found and not any(item.placed for item in found)
    baseline = audit.Baseline().record(found, status="dismissed")
    assert baseline.entries == {}
    assert baseline.review(audit.items(govinfo.parse("别的文字。\n"))).shown == audit.items(
        govinfo.parse("别的文字。\n")
    )


def test_correct_keeps_the_text_and_drops_what_was_about_the_old_value() -> None:
    original = govinfo.parse_file(EXAMPLES[1])  # 001: a diagnostic naming active.coercion.*
    flagged = next(d for d in original.diagnostics if d.keys)
    key = flagged.keys[0]
    value = govinfo.facts(original)[key]
    assert isinstance(value, int)
    corrected = audit.correct(original, {key: value + 1})
    assert govinfo.facts(corrected)[key] == value + 1
    assert corrected.overview == original.overview and corrected.meta.title == original.meta.title
    assert corrected.stated == original.stated and corrected.source == original.source
    assert flagged not in corrected.diagnostics
    assert [d for d in original.diagnostics if key not in d.keys] == list(corrected.diagnostics)
    assert key not in corrected.provenance
    others = {k: v for k, v in govinfo.facts(original).items() if k != key}
    assert {k: v for k, v in govinfo.facts(corrected).items() if k != key} == others
    stated = audit.correct(original, {"stated.requests.new_received": 99})
    assert govinfo.facts(stated)["stated.requests.new_received"] == 99
    with pytest.raises(govinfo.SchemaError):
        audit.correct(original, {"requests.no_such_row.total": 1})


def test_check_options_that_need_write_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES[0]), "--note", "x"]) == 2
    assert "go with --write-baseline" in capsys.readouterr().err
    report_json = tmp_path / "report.json"
    report_json.write_text(govinfo.dumps(govinfo.parse_file(EXAMPLES[0])), encoding="utf-8")
    assert main(["check", str(EXAMPLES[0]), "--write-baseline", str(report_json)]) == 2
    captured = capsys.readouterr()
    assert "not a baseline file" in captured.err and captured.out == ""  # refused before checking


def test_check_json_gives_every_diagnostic_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", str(EXAMPLES[1])]) == 0
    line = json.loads(capsys.readouterr().out)
    report = govinfo.parse_file(EXAMPLES[1])
    assert [d["id"] for d in line["diagnostics"]] == audit.diagnostic_ids(report)
    assert all(d["id"] for d in line["diagnostics"])


def test_entries_of_findings_since_fixed_are_resolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = govinfo.parse_file(EXAMPLES[0])
    report = broken(original, random.Random(5))
    baseline = audit.Baseline().record(audit.items(report), at="2026-12-03")
    assert baseline.resolved(report, audit.items(report)) == ()
    # every cell back as it was: every finding fixed, every entry about this report resolved
    fixed = attrs.evolve(
        report,
        active=original.active,
        requests=original.requests,
        review_litigation=original.review_litigation,
    )
    resolved = baseline.resolved(fixed, audit.items(fixed))
    assert {entry.id for entry in resolved} == set(baseline.entries)
    other = attrs.evolve(fixed, meta=attrs.evolve(fixed.meta, agency="另一局"))
    assert baseline.resolved(other, audit.items(other)) == ()  # entries of another report are not its
    path = tmp_path / "fixed.json"
    path.write_text(govinfo.dumps(fixed), encoding="utf-8")
    saved = tmp_path / "reviewed.json"
    baseline.save(saved)
    assert main(["check", str(path), "--baseline", str(saved)]) == 0
    out = capsys.readouterr().out
    assert f"{len(resolved)} reviewed no longer found" in out
    assert all(f"no longer found (fixed?): {entry.code}" in out and entry.id in out for entry in resolved)
