"""The command line, run in-process (fakes stand in for the parser where only the CLI is tested)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import govinfo
import govinfo.results
from govinfo import audit
from govinfo.checks import CheckResult, Finding
from govinfo.cli import format_finding, main
from govinfo.diagnostics import Diagnostic
from govinfo.facts import table_fields, table_values
from govinfo.model import Edition, Report
from helpers.strategies import small_report

Capture = pytest.CaptureFixture[str]


def fake_report() -> Report:
    """A 2021 report with a few values and one diagnostic, as the parser might return it."""
    return small_report(Decimal("39.11"))


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """``govinfo.parse_file`` returns :func:`fake_report` for existing files, raises ParseError otherwise."""

    def parse_file(path: Any, *, strict: bool = False) -> Report:
        if not Path(path).is_file():
            raise govinfo.ParseError(f"{path}: no such file")
        if strict:
            raise govinfo.ParseError("1 diagnostic in strict mode", fake_report().diagnostics)
        return fake_report()

    monkeypatch.setattr(govinfo.results, "parse_file", parse_file)


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# --- usage -------------------------------------------------------------------------------------


def test_version(capsys: Capture) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"govinfo {govinfo.__version__}"


def test_python_m_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govinfo", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"govinfo {govinfo.__version__}"


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["facts"], ["parse"], ["parse", "a.txt", "--indent", "x"], ["--bogus"]],
)
def test_bad_usage_exits_2_with_message(argv: list[str], capsys: Capture) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: govinfo" in err
    assert "error:" in err
    assert "Traceback" not in err


def test_help(capsys: Capture) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("parse", "facts", "check", "schema"):
        assert command in out


# --- schema ------------------------------------------------------------------------------------


def test_schema_prints_json(capsys: Capture) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == govinfo.schema()


# --- facts -------------------------------------------------------------------------------------


def test_facts_json_lines(fake_parser: None, tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "report.txt"
    path.write_text("x", encoding="utf-8")
    assert main(["facts", str(path)]) == 0
    [obj] = json_lines(capsys.readouterr().out)
    assert obj["path"] == str(path)
    facts = obj["facts"]
    assert list(facts) == list(govinfo.fact_keys("2021"))
    assert facts["meta.agency"] == "朔州市统计局"
    assert facts["active.fees.amount"] == "39.11"
    assert facts["requests.granted.total"] == 5
    assert facts["requests.granted.commercial"] is None
    (one,) = audit.diagnostic_ids(fake_report())
    assert obj["diagnostics"] == [
        {
            "id": one,
            "code": "ambiguous-split",
            "severity": "warning",
            "message": "cells glued together",
            "line": 40,
            "keys": ["requests.granted.commercial"],
            "text": None,
        }
    ]
    # the one shape of a diagnostic: as in the report's JSON document, with its stable id
    document = json.loads(govinfo.dumps(fake_report()))["diagnostics"]
    assert obj["diagnostics"] == [{"id": one, **d} for d in document]


def test_facts_output_is_utf8_not_escaped(fake_parser: None, tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "report.txt"
    path.write_text("x", encoding="utf-8")
    main(["facts", str(path)])
    assert "朔州市统计局" in capsys.readouterr().out


def test_facts_missing_file_reports_error_and_goes_on(
    fake_parser: None, tmp_path: Path, capsys: Capture
) -> None:
    missing = tmp_path / "missing.txt"
    present = tmp_path / "present.txt"
    present.write_text("x", encoding="utf-8")
    assert main(["facts", str(missing), str(present)]) == 1
    first, second = json_lines(capsys.readouterr().out)
    assert first == {"path": str(missing), "error": f"{missing}: no such file"}
    assert second["path"] == str(present)
    assert "facts" in second


def test_facts_internal_error_does_not_stop_the_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    def broken(path: Any, *, strict: bool = False) -> Report:
        raise IndexError("list index out of range")

    monkeypatch.setattr(govinfo.results, "parse_file", broken)
    assert main(["facts", "a.txt", "b.txt"]) == 1
    captured = capsys.readouterr()
    objects = json_lines(captured.out)
    assert [o["path"] for o in objects] == ["a.txt", "b.txt"]
    assert "internal error (IndexError" in objects[0]["error"]
    assert "Traceback" not in captured.err


def test_facts_real_parser_missing_and_tiny_file(tmp_path: Path, capsys: Capture) -> None:
    missing = tmp_path / "missing.txt"
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("某某局2023年政府信息公开工作年度报告\n一、总体情况\n今年无申请。\n", encoding="utf-8")
    main(["facts", str(missing), str(tiny)])
    captured = capsys.readouterr()
    first, second = json_lines(captured.out)
    assert first["path"] == str(missing)
    assert "error" in first
    assert second["path"] == str(tiny)
    assert "facts" in second or "error" in second
    assert "Traceback" not in captured.err


def test_facts_on_a_directory(tmp_path: Path, capsys: Capture) -> None:
    assert main(["facts", str(tmp_path)]) == 1
    [obj] = json_lines(capsys.readouterr().out)
    assert set(obj) == {"path", "error"}


# --- parse -------------------------------------------------------------------------------------


def test_parse_prints_report_json(
    fake_parser: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    calls: list[int | None] = []

    def dumps(report: Report, *, indent: int | None = None) -> str:
        calls.append(indent)
        return json.dumps({"agency": report.meta.agency}, ensure_ascii=False)

    monkeypatch.setattr(govinfo, "dumps", dumps)
    path = tmp_path / "report.txt"
    path.write_text("x", encoding="utf-8")
    assert main(["parse", str(path), "--indent", "2"]) == 0
    assert json.loads(capsys.readouterr().out) == {"agency": "朔州市统计局"}
    assert calls == [2]


def test_parse_facts(fake_parser: None, tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "report.txt"
    path.write_text("x", encoding="utf-8")
    assert main(["parse", str(path), "--facts"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["active.fees.amount"] == "39.11"
    assert list(facts) == list(govinfo.fact_keys("2021"))


def test_parse_strict_failure(fake_parser: None, tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "report.txt"
    path.write_text("x", encoding="utf-8")
    assert main(["parse", str(path), "--strict"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "govinfo: error: 1 diagnostic in strict mode" in captured.err
    assert "ambiguous-split" in captured.err


def test_parse_missing_file(tmp_path: Path, capsys: Capture) -> None:
    assert main(["parse", str(tmp_path / "nope.txt")]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("govinfo: error: ")
    assert "Traceback" not in captured.err


# --- check -------------------------------------------------------------------------------------

ERROR = Finding(
    rule="I1",
    severity="error",
    message="一+二 ≠ （七）总计 + 四",
    expected=5,
    actual=6,
    difference=1,
    keys=("requests.granted.total", "requests.results_total.total"),
)
WARNING = Finding(rule="W2", severity="warning", message="suspicious", keys=("meta.year",))


def without_ids(out: str) -> list[str]:
    """The lines of ``govinfo check`` output, each finding's and diagnostic's `` — id X`` taken off
    (after checking it names the item's code: ids are tested in ``test_audit.py``)."""
    lines = []
    for line in out.splitlines():
        match = re.search(r" — id (\S+)$", line)
        if match:
            code = line.split()[1].rstrip(":")
            assert match.group(1).startswith(f"{code}-"), line
            line = line[: match.start()]
        lines.append(line)
    return lines


@pytest.fixture
def fake_check(monkeypatch: pytest.MonkeyPatch, fake_parser: None, tmp_path: Path) -> dict[str, Path]:
    """Three files whose checks give an error, only a warning, and nothing."""
    paths = {name: tmp_path / f"{name}.txt" for name in ("bad", "warn", "good")}
    for path in paths.values():
        path.write_text("x", encoding="utf-8")
    results = {
        "bad": CheckResult(findings=(WARNING, ERROR)),
        "warn": CheckResult(findings=(WARNING,)),
        "good": CheckResult(),
    }
    reports: dict[int, str] = {}

    real_parse = vars(govinfo.results)["parse_file"]

    def parse_file(path: Any, *, strict: bool = False) -> Report:
        report: Report = real_parse(path, strict=strict)
        reports[id(report)] = Path(path).stem
        return report

    def check(report: Report) -> CheckResult:
        return results[reports[id(report)]]

    monkeypatch.setattr(govinfo.results, "parse_file", parse_file)
    monkeypatch.setattr(govinfo, "check", check)
    return paths


def test_check_exit_status(fake_check: dict[str, Path], capsys: Capture) -> None:
    assert main(["check", str(fake_check["good"])]) == 0
    assert main(["check", str(fake_check["warn"])]) == 0
    assert main(["check", str(fake_check["bad"])]) == 1
    assert main(["check", str(fake_check["good"]), str(fake_check["bad"])]) == 1
    assert main(["check", str(fake_check["good"]), str(fake_check["good"].with_name("x.txt"))]) == 1


def test_check_output(fake_check: dict[str, Path], capsys: Capture) -> None:
    main(["check", str(fake_check["bad"]), str(fake_check["good"]), str(fake_check["warn"])])
    out = without_ids(capsys.readouterr().out)
    parser_warning = "  WARNING ambiguous-split line 40: cells glued together [requests.granted.commercial]"
    assert out == [
        # a finding warning and the parser's warning; 3 cells of the 2021 edition's 200 are read
        f"{fake_check['bad']}: 1 error (3/200 cells; 2 warnings)",
        "  ERROR I1 requests.granted.total (+1 more key): 一+二 ≠ （七）总计 + 四 "
        "(expected 5, actual 6, difference +1)",
        "  WARNING W2 meta.year: suspicious",
        parser_warning,
        f"{fake_check['good']}: ok (3/200 cells; 1 warning)",
        parser_warning,
        f"{fake_check['warn']}: ok (3/200 cells; 2 warnings)",
        "  WARNING W2 meta.year: suspicious",
        parser_warning,
    ]


def test_check_shows_parser_errors_and_fails_on_them(
    fake_check: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    diagnostic = Diagnostic(code="lost-cell", severity="error", message="cell lost", line=7, keys=("a.b",))
    report = attrs.evolve(fake_report(), diagnostics=(diagnostic, *fake_report().diagnostics))
    monkeypatch.setattr(govinfo.results, "parse_file", lambda path, *, strict=False: report)
    monkeypatch.setattr(govinfo, "check", lambda report: CheckResult())
    assert main(["check", "any.txt"]) == 1
    out = without_ids(capsys.readouterr().out)
    assert out == [
        "any.txt: 1 parser error (3/200 cells; 1 warning)",
        "  ERROR lost-cell line 7: cell lost [a.b]",
        "  WARNING ambiguous-split line 40: cells glued together [requests.granted.commercial]",
    ]


def test_check_fails_on_a_file_that_is_not_a_report(tmp_path: Path, capsys: Capture) -> None:
    empty, other = tmp_path / "empty.txt", tmp_path / "other.txt"
    empty.write_text("", encoding="utf-8")
    other.write_text("会议纪要\n今天讨论了预算。\n", encoding="utf-8")
    good = Path(__file__).parent / "golden" / "004_56695964816e1b37.txt"
    assert main(["check", str(good)]) == 0
    assert main(["check", str(empty)]) == 1
    assert main(["check", "--json", str(other)]) == 1
    out = capsys.readouterr().out
    assert "input.empty" in out and "edition.unknown" in out


def test_check_json(fake_check: dict[str, Path], capsys: Capture) -> None:
    missing = str(fake_check["good"].with_name("missing.txt"))
    assert main(["check", "--json", str(fake_check["bad"]), str(fake_check["good"]), missing]) == 1
    bad, good, error = json_lines(capsys.readouterr().out)
    assert bad["path"] == str(fake_check["bad"])
    assert bad["ok"] is False
    assert bad["findings"][0] == {
        "id": ERROR.id,
        "rule": "I1",
        "severity": "error",
        "message": "一+二 ≠ （七）总计 + 四",
        "expected": 5,
        "actual": 6,
        "difference": 1,
        "keys": ["requests.granted.total", "requests.results_total.total"],
        "quote": None,
        "line": None,
    }
    assert bad["diagnostics"][0]["code"] == "ambiguous-split"
    assert good["ok"] is True
    assert good["findings"] == []
    assert set(error) == {"path", "error"}


def test_format_finding_decimals() -> None:
    finding = Finding(
        rule="A1",
        severity="error",
        message="m",
        expected=Decimal("1.50"),
        actual=Decimal("1.2"),
        difference=Decimal("-0.30"),
    )
    assert format_finding(finding) == "ERROR A1: m (expected 1.50, actual 1.2, difference -0.30)"


# --- render ------------------------------------------------------------------------------------

SEED = Path(__file__).parent / "golden" / "004_56695964816e1b37.txt"


@pytest.fixture(scope="module")
def seed_report() -> Report:
    return govinfo.parse_file(SEED)


def test_help_lists_render(capsys: Capture) -> None:
    assert main(["--help"]) == 0
    assert "render" in capsys.readouterr().out


def test_render_help(capsys: Capture) -> None:
    assert main(["render", "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: govinfo render" in out
    for word in (*govinfo.LAYOUTS, "simplified", "traditional", "--out", "FILE"):
        assert word in out, word


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("layout", govinfo.LAYOUTS)
def test_render_each_layout_and_script(
    layout: str, script: str, seed_report: Report, capsys: Capture
) -> None:
    assert main(["render", str(SEED), "--layout", layout, "--script", script]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == govinfo.render(seed_report, layout, script=script)
    assert ("處理" in captured.out) == (script == "traditional")
    assert ("处理" in captured.out) == (script == "simplified")


def test_render_defaults_to_simplified_text(seed_report: Report, capsys: Capture) -> None:
    assert main(["render", str(SEED)]) == 0
    assert capsys.readouterr().out == govinfo.render(seed_report, "text")


@pytest.mark.parametrize("layout", ["text", "lines", "tsv", "markdown"])
def test_render_output_parses_back(layout: str, seed_report: Report, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / f"seed.{layout}.txt"
    assert main(["render", str(SEED), "--layout", layout, "--script", "traditional", "--out", str(out)]) == 0
    assert govinfo.facts(govinfo.parse_file(out)) == govinfo.facts(seed_report)


def test_render_out_writes_utf8_file(seed_report: Report, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "seed.md"
    assert main(["render", str(SEED), "--layout", "markdown", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_bytes() == govinfo.render(seed_report, "markdown").encode("utf-8")


def test_render_missing_file(tmp_path: Path, capsys: Capture) -> None:
    missing = tmp_path / "nope.txt"
    out = tmp_path / "out.txt"
    assert main(["render", str(missing), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("govinfo: error: ")
    assert str(missing) in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_render_directory(tmp_path: Path, capsys: Capture) -> None:
    assert main(["render", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("govinfo: error: ")


def test_render_unwritable_out(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "no-such-dir" / "out.txt"
    assert main(["render", str(SEED), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"govinfo: error: {out}: cannot write")
    assert "Traceback" not in captured.err


def test_render_internal_error_is_a_message(
    fake_parser: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    def broken(report: Report, layout: str = "text", *, script: str = "simplified") -> str:
        raise KeyError("boom")

    monkeypatch.setattr(govinfo, "render", broken)
    path = tmp_path / "report.txt"
    path.write_text("x", encoding="utf-8")
    assert main(["render", str(path)]) == 1
    captured = capsys.readouterr()
    assert "internal error while rendering (KeyError" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "argv",
    [["render"], ["render", "a.txt", "--layout", "pdf"], ["render", "a.txt", "--script", "zh-tw"]],
)
def test_render_bad_usage(argv: list[str], capsys: Capture) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: govinfo render" in err and "error:" in err


def test_render_console_script_traditional() -> None:
    argv = ["render", str(SEED), "--layout", "lines", "--script", "traditional"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "govinfo", *argv], capture_output=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    assert "處理" in text and "处理" not in text


# --- honest check summaries, --fail-on ------------------------------------------------------------

GOLDEN_TEXT = Path(__file__).parent / "golden" / "004_56695964816e1b37.txt"


def _check_line(path: Path, capsys: Capture, *options: str) -> tuple[int, list[str]]:
    status = main(["check", *options, str(path)])
    return status, capsys.readouterr().out.splitlines()


def test_check_summary_of_a_whole_report(capsys: Capture) -> None:
    report = govinfo.parse_file(GOLDEN_TEXT)
    edition = report.edition
    assert edition is not None
    total = len(table_fields(edition))
    status, out = _check_line(GOLDEN_TEXT, capsys)
    assert (status, out[0]) == (0, f"{GOLDEN_TEXT}: ok ({total}/{total} cells)")


def test_check_summary_of_a_truncated_report(tmp_path: Path, capsys: Capture) -> None:
    """A report cut in the middle of table 三 is not just "ok": the line gives the cells read out of
    the total, the rules not assessable and the warnings, and ``--fail-on missing`` fails it."""
    lines = GOLDEN_TEXT.read_text(encoding="utf-8").splitlines()
    cut = next(i for i, line in enumerate(lines) if "三、收到和处理政府信息公开申请情况" in line) + 40
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    report = govinfo.parse_file(path)
    result = govinfo.check(report)
    values = table_values(report)
    read = sum(v is not None for v in values)
    unassessed = sum(s.not_assessable for s in result.statistics.values())
    warnings = sum(d.severity == "warning" for d in report.diagnostics) + len(result.warnings)
    assert 0 < read < len(values) and unassessed > 0 and warnings > 0
    status, out = _check_line(path, capsys)
    assert status == (0 if result.ok else 1)
    head = "ok" if result.ok else f"{len(result.errors)} error" + ("s" if len(result.errors) > 1 else "")
    assert out[0] == (
        f"{path}: {head} ({read}/{len(values)} cells; {unassessed} rules not assessable; {warnings} warnings)"
    )
    assert any(line.startswith("  WARNING ") for line in out[1:])  # the parser's warnings are shown
    assert _check_line(path, capsys, "--fail-on", "missing")[0] == 1
    assert _check_line(path, capsys, "--fail-on", "warning")[0] == 1


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_check_summary_of_a_blank_template(edition: Edition, tmp_path: Path, capsys: Capture) -> None:
    """The official template with every cell blank: nothing is read, nothing can be assessed."""
    path = tmp_path / "blank.txt"
    path.write_text(govinfo.render(Report.blank(edition)), encoding="utf-8")
    total = len(table_fields(edition))
    status, out = _check_line(path, capsys)
    assert status == 0
    assert out[0].startswith(f"{path}: ok (0/{total} cells; ")
    assert " rules not assessable" in out[0]
    assert _check_line(path, capsys, "--fail-on", "missing")[0] == 1
    status, out = _check_line(path, capsys, "--json")
    obj = json.loads(out[0])
    assert obj["cells"] == {"read": 0, "total": total} and obj["not_assessable"] > 0


def test_fail_on_warning_fails_only_with_a_warning(fake_check: dict[str, Path], capsys: Capture) -> None:
    assert main(["check", "--fail-on", "warning", str(fake_check["warn"])]) == 1
    assert capsys.readouterr().out.splitlines()[0].endswith("2 warnings) — fails --fail-on warning")
    assert main(["check", "--fail-on", "error", str(fake_check["warn"])]) == 0
    assert "fails --fail-on" not in capsys.readouterr().out


def test_fail_on_rejects_unknown_conditions(capsys: Capture) -> None:
    assert main(["check", "--fail-on", "warning,typo", "x.txt"]) == 2
    assert "'warning,typo': give one or more of error, warning, missing" in capsys.readouterr().err


def test_a_diagnostic_with_many_keys_shows_the_first(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    keys = tuple(f"requests.granted.k{i}" for i in range(8))
    diagnostic = Diagnostic(code="table.not_found", severity="warning", message="m", keys=keys)
    report = attrs.evolve(fake_report(), diagnostics=(diagnostic,))
    monkeypatch.setattr(govinfo.results, "parse_file", lambda path, *, strict=False: report)
    main(["check", "any.txt"])
    shown = without_ids(capsys.readouterr().out)[-1]
    assert shown == "  WARNING table.not_found: m [" + ", ".join(keys[:5]) + ", … 3 more]"


# --- facts: --indent, --format table -----------------------------------------------------------


def test_facts_indent(capsys: Capture) -> None:
    assert main(["facts", "--indent", "2", str(GOLDEN_TEXT)]) == 0
    out = capsys.readouterr().out
    obj = json.loads(out)
    assert out.startswith('{\n  "path": ') and obj["facts"] == govinfo.json_facts(
        govinfo.parse_file(GOLDEN_TEXT)
    )


def test_facts_table(capsys: Capture) -> None:
    report = govinfo.from_facts(
        {
            "meta.agency": "某局",
            "meta.year": 2023,
            "meta.edition": "2021",
            "requests.granted.total": 17,
            "active.fees.amount": "39.11",
        }
    )
    report = attrs.evolve(
        report,
        diagnostics=(
            Diagnostic(code="c", severity="warning", message="m", keys=("requests.granted.total",)),
        ),
    )
    out = govinfo.cli.facts_table("a.txt", report).splitlines()
    assert out[0] == "a.txt (某局, 2023, 2021 edition)"
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in out[1:-2]}
    assert len(rows) == len(govinfo.fact_keys("2021")) - 3  # the table cells and the stated figures
    assert rows["requests.granted.total"][0] == "17?"  # flagged by a diagnostic
    assert rows["active.fees.amount"][0] == "39.11"
    assert rows["requests.granted.commercial"][0] == "—"  # not reported
    assert rows["requests.granted.total"][1].endswith("（一）予以公开 / 总计")
    assert out[-2:] == [
        "  (—: not reported; ?: named by a diagnostic)",
        "  (1 diagnostic: govinfo facts a.txt lists them)",
    ]
    assert main(["facts", "--format", "table", str(GOLDEN_TEXT)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith(str(GOLDEN_TEXT))
