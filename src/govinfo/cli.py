"""The ``govinfo`` command line: ``parse``, ``facts``, ``check``, ``render``, ``batch``, ``schema``.

Used by the ``govinfo`` console script and ``python -m govinfo``.  A file that cannot be read or
parsed gives an error message (never a traceback) and the run goes on with the next file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

import govinfo

from ._version import __version__
from .checks import CheckResult, Finding
from .facts import facts, json_facts, json_value, table_values, vocabulary
from .ids import agency_key
from .layout import value_text
from .render import SCRIPTS
from .results import read_result
from .serde import diagnostic_json
from .wording import plural

if TYPE_CHECKING:
    from .audit import Baseline
    from .diagnostics import Diagnostic
    from .model import Report

PROG = "govinfo"
DESCRIPTION = (
    "Parse, check and export China's 政府信息公开工作年度报告 (annual open-government-information reports)."
)


class InputError(Exception):
    """One input file could not be read or parsed; the message says why."""


_DOCUMENT = re.compile(rb'^\s*\{\s*"format"\s*:\s*"govinfo-report/')


def load(path: str, *, strict: bool = False) -> Report:
    """The report at ``path``: a report's JSON document (as ``govinfo parse`` writes it: a corrected
    report, say) is loaded; any other file is parsed.  Any failure becomes an :class:`InputError`
    with a clear message (the error text of :func:`govinfo.results.read_result`)."""
    try:
        if not os.path.isfile(path):  # (a FIFO or a device: never opened here; read_result says why)
            raise OSError
        with open(path, "rb") as file:
            head = file.read(256)
        if _DOCUMENT.match(head):
            with open(path, "rb") as file:
                return govinfo.loads(file.read())
    except OSError:
        pass  # read_result says what is wrong with the file
    except govinfo.SchemaError as exc:
        raise InputError(f"{path}: not a valid report document: {exc}") from None
    result = read_result(path, strict=strict)
    if result.report is None:
        raise InputError(result.error or "unknown error")
    return result.report


def _dump_line(obj: object, out: TextIO, *, indent: int | None = None) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, default=json_value, indent=indent) + "\n")


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


# --- commands --------------------------------------------------------------------------------


def cmd_parse(args: argparse.Namespace) -> int:
    """``govinfo parse FILE``: the report as JSON (or its flat facts with ``--facts``)."""
    try:
        report = load(args.file, strict=args.strict)
    except InputError as exc:
        _error(str(exc))
        return 1
    if args.facts:
        print(json.dumps(json_facts(report), ensure_ascii=False, indent=args.indent))
    else:
        print(govinfo.dumps(report, indent=args.indent))
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    """``govinfo facts FILE...``: one JSON object per input per line (or ``--indent``ed, or a
    readable ``--format table``); 1 if any input failed."""
    status = 0
    for path in args.files:
        try:
            report = load(path)
        except InputError as exc:
            if args.format == "table":
                print(f"{path}: cannot read: {exc}\n")
            else:
                _dump_line({"path": path, "error": str(exc)}, sys.stdout, indent=args.indent)
            status = 1
            continue
        if args.format == "table":
            print(facts_table(path, report))
            continue
        from .audit import diagnostic_ids

        values = json_facts(report)
        diagnostics = [
            {"id": one, **diagnostic_json(d)}
            for d, one in zip(report.diagnostics, diagnostic_ids(report), strict=True)
        ]
        _dump_line(
            {"path": path, "facts": values, "diagnostics": diagnostics}, sys.stdout, indent=args.indent
        )
    return status


def facts_table(path: str, report: Report) -> str:
    """A report's facts as a readable table: key, value (``—``: not reported; ``?``: named by a
    diagnostic) and the cell's row and column in the official format."""
    meta = report.meta
    about = ", ".join(
        str(v) for v in (meta.agency, meta.year, meta.edition and f"{meta.edition} edition") if v
    )
    lines = [f"{path}" + (f" ({about})" if about else "")]
    if meta.edition is None:
        lines.append("  no tables read")
    else:
        flagged = {key for d in report.diagnostics for key in d.keys}
        specs = {spec.key: spec for spec in vocabulary()}
        rows = [
            (key, "—" if value is None else _number(value), "?" if key in flagged else "", specs[key])
            for key, value in facts(report).items()
            if not key.startswith("meta.")
        ]
        key_width = max(len(key) for key, *_ in rows)
        value_width = max(len(value) for _, value, *_ in rows)
        for key, value, flag, spec in rows:
            where = " / ".join(part for part in (spec.row_label, spec.column_label) if part)
            lines.append(f"  {key:<{key_width}}  {value:>{value_width}}{flag or ' '}  {where}")
    lines.append("  (—: not reported; ?: named by a diagnostic)")
    if report.diagnostics:
        lines.append(f"  ({plural(len(report.diagnostics), 'diagnostic')}: govinfo facts {path} lists them)")
    return "\n".join(lines) + "\n"


def _number(value: object, *, signed: bool = False) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        text = value_text(value) or ""
        return f"+{text}" if signed and value > 0 else text
    return str(value)


def format_finding(finding: Finding) -> str:
    """One finding as ``ERROR I1 requests.granted.total: message (expected 5, actual 6, difference +1)``."""
    keys: Sequence[str] = tuple(finding.keys or ())
    where = f" {keys[0]}" if keys else ""
    more = f" (+{plural(len(keys) - 1, 'more key')})" if len(keys) > 1 else ""
    parts = [
        f"{name} {_number(value, signed=name == 'difference')}"
        for name, value in (
            ("expected", finding.expected),
            ("actual", finding.actual),
            ("difference", finding.difference),
        )
        if value is not None
    ]
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"{finding.severity.upper()} {finding.rule}{where}{more}: {finding.message}{detail}"


KEYS_SHOWN = 5  # a diagnostic's keys listed in text output (--json lists them all)


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """One parser diagnostic as ``ERROR CODE line 12: message [keys]`` (the first keys)."""
    line = f" line {diagnostic.line}" if diagnostic.line is not None else ""
    shown = list(diagnostic.keys[:KEYS_SHOWN])
    if len(diagnostic.keys) > KEYS_SHOWN:
        shown.append(f"… {len(diagnostic.keys) - KEYS_SHOWN} more")
    keys = f" [{', '.join(shown)}]" if shown else ""
    return f"{diagnostic.severity.upper()} {diagnostic.code}{line}: {diagnostic.message}{keys}"


def finding_json(finding: Finding) -> dict[str, Any]:
    """The JSON form of one check finding."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "expected": json_value(finding.expected),
        "actual": json_value(finding.actual),
        "difference": json_value(finding.difference),
        "keys": list(finding.keys or ()),
        "quote": finding.quote,
        "line": finding.line,
    }


class CheckLine:
    """What ``govinfo check`` says about one report: its findings and the parser's errors and
    warnings (each with its stable id; with a baseline, only the new or changed ones), how many of
    the tables' cells were read and how many rules could not be assessed."""

    def __init__(self, report: Report, result: CheckResult, baseline: Baseline | None = None) -> None:
        from .audit import items

        self.report = report
        self.result = result
        self.items = items(report, result)
        self.review = None if baseline is None else baseline.review(self.items)
        self.resolved = () if baseline is None else baseline.resolved(report, self.items)
        self.shown = self.items if self.review is None else self.review.shown
        self.changed = {} if self.review is None else {item.id: entry for item, entry in self.review.changed}
        values = table_values(report)
        self.cells = (sum(v is not None for v in values), len(values))
        self.not_assessable = sum(s.not_assessable for s in result.statistics.values())

    def _count(self, severity: str, *, findings: bool) -> int:
        return sum(1 for i in self.shown if i.severity == severity and (i.finding is not None) == findings)

    @property
    def errors(self) -> int:
        """Error findings and error-severity parser diagnostics (not hidden by the baseline)."""
        return sum(1 for item in self.shown if item.severity == "error")

    @property
    def warnings(self) -> int:
        """Warning findings and warning-severity parser diagnostics (not hidden by the baseline)."""
        return sum(1 for item in self.shown if item.severity == "warning")

    def fails(self, on: Sequence[str]) -> bool:
        """Whether the report fails under ``--fail-on`` ``on`` (errors always fail)."""
        read, total = self.cells
        return bool(
            self.errors
            or ("warning" in on and self.warnings)
            or ("missing" in on and (total == 0 or read < total))
        )

    def summary(self) -> str:
        """``ok (200/200 cells)``, ``2 errors (180/200 cells; 12 rules not assessable; 3 warnings)``."""
        head = []
        if errors := self._count("error", findings=True):
            head.append(plural(errors, "error"))
        if parse_errors := self._count("error", findings=False):
            head.append(plural(parse_errors, "parser error"))
        read, total = self.cells
        detail = [f"{read}/{total} cells" if total else "no tables read"]
        if self.not_assessable:
            detail.append(f"{plural(self.not_assessable, 'rule')} not assessable")
        if self.warnings:
            detail.append(plural(self.warnings, "warning"))
        if self.review is not None and self.review.hidden:
            detail.append(f"{len(self.review.hidden)} reviewed, hidden by the baseline")
        if self.resolved:
            detail.append(f"{len(self.resolved)} reviewed no longer found")
        return f"{', '.join(head) or 'ok'} ({'; '.join(detail)})"

    def lines(self) -> list[str]:
        """The text lines under the summary: each item shown, with its id (and, for a finding whose
        values changed since its review, what the review saw)."""
        out = []
        for item in self.shown:
            if item.finding is not None:
                out.append(f"  {format_finding(item.finding)} — id {item.id}")
                if item.finding.quote:
                    where = f"line {item.finding.line}: " if item.finding.line is not None else ""
                    out.append(f"    {where}「{item.finding.quote}」")
            elif item.diagnostic is not None:
                out.append(f"  {format_diagnostic(item.diagnostic)} — id {item.id}")
            entry = self.changed.get(item.id)
            if entry is not None:
                out.append(
                    f"    changed since its review ({entry.status}"
                    + (f" by {entry.by}" if entry.by else "")
                    + (f", {entry.at}" if entry.at else "")
                    + f"): it was expected {entry.expected}, actual {entry.actual}"
                )
        for entry in self.resolved:
            where = f" {entry.keys[0]}" if entry.keys else ""
            more = f" (+{len(entry.keys) - 1} more)" if len(entry.keys) > 1 else ""
            out.append(f"  no longer found (fixed?): {entry.code}{where}{more} — id {entry.id}")
        return out

    def json(self, path: str) -> dict[str, Any]:
        """The ``--json`` object of the report."""
        read, total = self.cells
        shown = {item.id for item in self.shown}
        findings = [
            {"id": i.id, **finding_json(i.finding)}
            for i in self.items
            if i.finding is not None and i.id in shown
        ]
        from .audit import diagnostic_ids

        diagnostics = [
            {"id": one, **diagnostic_json(d)}
            for d, one in zip(self.report.diagnostics, diagnostic_ids(self.report), strict=True)
            if d.severity == "info" or one in shown
        ]
        out: dict[str, Any] = {
            "path": path,
            "ok": not self.errors,
            "cells": {"read": read, "total": total},
            "not_assessable": self.not_assessable,
            "findings": findings,
            "diagnostics": diagnostics,
        }
        if self.review is not None:
            out["baseline"] = {
                "hidden": [item.id for item, _ in self.review.hidden],
                "changed": sorted(self.changed),
                "resolved": [entry.id for entry in self.resolved],
            }
        return out


def cmd_check(args: argparse.Namespace) -> int:
    """``govinfo check FILE...``: the findings per file; 1 if a file fails (``--fail-on``) or
    cannot be read.  ``--baseline`` hides what was reviewed; ``--write-baseline`` records it."""
    from .audit import Baseline, BaselineError

    status = 0
    baseline = None
    if args.write_baseline is None and (
        args.note is not None or args.by is not None or args.status != "confirmed"
    ):
        _error("--status, --note and --by go with --write-baseline")
        return 2
    try:
        if args.baseline is not None:
            baseline = Baseline.load(args.baseline)
        old = _old_baseline(args.write_baseline)
    except BaselineError as exc:
        _error(str(exc))
        return 2
    recorded: list[Any] = []
    for path in args.files:
        try:
            report = load(path)
        except InputError as exc:
            status = 1
            if args.json:
                _dump_line({"path": path, "error": str(exc)}, sys.stdout)
            else:
                print(f"{path}: cannot check: {exc}")
            continue
        line = CheckLine(report, govinfo.check(report), baseline)
        recorded.extend(line.items)
        if line.fails(args.fail_on):
            status = 1
        if args.json:
            _dump_line(line.json(path), sys.stdout)
            continue
        failing = line.fails(args.fail_on) and not line.errors
        print(
            f"{path}: {line.summary()}" + (f" — fails --fail-on {','.join(args.fail_on)}" if failing else "")
        )
        for text in line.lines():
            print(text)
    if args.write_baseline is not None and old is not None:
        return _write_baseline(args, old, recorded) or status
    return status


def _old_baseline(path: str | None) -> Baseline | None:
    """The baseline ``--write-baseline`` adds to (empty if the file does not exist yet)."""
    from .audit import Baseline

    if path is None:
        return None
    return Baseline.load(path) if os.path.exists(path) else Baseline()


def _write_baseline(args: argparse.Namespace, old: Baseline, recorded: list[Any]) -> int:
    """Record the items checked in ``--write-baseline FILE`` (kept entries stay as they are)."""
    new = old.record(recorded, status=args.status, note=args.note or "", by=args.by)
    try:
        new.save(args.write_baseline)
    except OSError as exc:
        _error(f"{args.write_baseline}: cannot write: {exc.strerror or exc}")
        return 1
    added = len(set(new.entries.items()) - set(old.entries.items()))
    print(
        f"{PROG} check: {args.write_baseline}: {len(new.entries)} reviewed ({added} new or changed)",
        file=sys.stderr,
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """``govinfo diff LAST THIS``: what changed from last year's report to this year's."""
    try:
        last, this = load(args.last), load(args.this)
    except InputError as exc:
        _error(str(exc))
        return 1
    for path, report in ((args.last, last), (args.this, this)):
        if report.meta.edition is None:
            print(f"{PROG} diff: {path}: no report tables found (is it a report?)", file=sys.stderr)
    text = govinfo.diff(last, this).render(args.format)
    return _write_out(text, args.out)


def _write_out(text: str, out: str | None) -> int:
    """Write a command's output to standard output, or to the file ``--out`` names; 1 if it cannot."""
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(out, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except OSError as exc:
        _error(f"{out}: cannot write: {exc.strerror or exc}")
        return 1
    return 0


def _years(text: str) -> tuple[int, ...]:
    """``--years``: ``2019-2024`` or ``2021,2023``."""
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            years = tuple(range(first, last + 1))
        else:
            years = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not years: {text!r} (e.g. 2019-2024 or 2021,2023)") from None
    if not years or any(not 1990 <= y <= 2100 for y in years):
        raise argparse.ArgumentTypeError(f"not years: {text!r} (e.g. 2019-2024 or 2021,2023)")
    return years


_OUTPUTS = (".jsonl", ".csv", ".parquet")


def cmd_summary(args: argparse.Namespace) -> int:
    """``govinfo summary INPUT...``: a row per body and year (or ``--coverage``: bodies × years)."""
    from . import summary

    if args.years is not None and not args.coverage:
        _error("--years goes with --coverage")
        return 2
    found: list[Report] = []
    status = 0
    for path in args.inputs:
        try:
            if path.endswith(_OUTPUTS):
                found.extend(summary.reports_from(path))
            else:
                found.append(load(path))
        except OSError as exc:
            _error(f"{path}: cannot read: {exc.strerror or exc}")
            status = 1
        except (InputError, govinfo.GovinfoError) as exc:
            _error(f"{path}: {exc}" if not str(exc).startswith(path) else str(exc))
            status = 1
    reports = [r for r in found if r.meta.edition is not None]
    if len(reports) < len(found):
        unread = [r.source or "?" for r in found if r.meta.edition is None]
        shown = ", ".join(unread[:3]) + (f" and {len(unread) - 3} more" if len(unread) > 3 else "")
        print(f"{PROG} summary: left out {len(unread)} without the report's tables: {shown}", file=sys.stderr)
    counts = Counter((agency_key(r.meta.agency), r.meta.year) for r in reports if r.meta.year is not None)
    twice = sorted((body, year, n) for (body, year), n in counts.items() if body and n > 1)
    for body, year, n in twice[:3]:
        print(f"{PROG} summary: {n} reports of {body} for {year} (a copy?): each is counted", file=sys.stderr)
    if len(twice) > 3:
        print(
            f"{PROG} summary: and {len(twice) - 3} more bodies and years with several reports",
            file=sys.stderr,
        )
    if args.coverage:
        table = summary.coverage(reports, args.years)
        rows = table.rows()
        if args.format == "json":
            for row in rows:
                _dump_line(row, sys.stdout)
        elif args.format == "csv":
            _write_csv(rows, ["agency", *(str(y) for y in table.years), "missing"])
        else:
            sys.stdout.write(table.text())
        return status
    rows = summary.summary(reports)
    if args.format == "json":
        for row in rows:
            _dump_line(row, sys.stdout)
    elif args.format == "csv":
        _write_csv(rows, list(summary.COLUMNS))
    else:
        sys.stdout.write(summary.rows_text(rows))
    return status


def _write_csv(rows: list[dict[str, Any]], columns: list[str]) -> None:
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: " ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})


def cmd_render(args: argparse.Namespace) -> int:
    """``govinfo render FILE``: the report written again in a layout (``--out`` writes a file)."""
    try:
        report = load(args.file)
    except InputError as exc:
        _error(str(exc))
        return 1
    try:
        text = govinfo.render(report, args.layout, script=args.script)
    except Exception as exc:  # a bug in govinfo: a message, not a traceback
        _error(
            f"{args.file}: internal error while rendering ({type(exc).__name__}: {exc}); "
            "please report this as a govinfo bug"
        )
        return 1
    return _write_out(text, args.out)


def cmd_batch(args: argparse.Namespace) -> int:
    """``govinfo batch PATH... --out FILE``: every report under PATHs into one .jsonl/.csv/.parquet file.

    The summary goes to stderr; status 1 if any file failed, 2 for a usage error, 130 (Ctrl-C) or
    143 (SIGTERM) when stopped, with the partial output in FILE.partial (see :mod:`govinfo.batch`).
    """
    from . import batch

    try:
        batch.output_format(args.out)
    except ValueError as exc:
        _error(f"{args.out}: {exc}")
        return 2
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    progress = False if args.no_progress else None
    try:
        summary = batch.run(args.paths, args.out, jobs=jobs, progress=progress, all_files=args.all_files)
    except batch.Interrupted as exc:
        summary = exc.summary
    except (OSError, govinfo.MissingExtraError) as exc:
        _error(f"{args.out}: cannot write: {exc}")
        return 1
    if not summary.files and summary.complete:
        skipped = summary.skipped_files
        hint = f" ({skipped} files of other extensions skipped: --all-files reads them)" if skipped else ""
        _error(f"no report files ({', '.join(batch.DEFAULT_SUFFIXES)}) found in {' '.join(args.paths)}{hint}")
    print(f"{PROG} batch: {summary}", file=sys.stderr)
    return summary.status if summary.files or not summary.complete else 2


def cmd_schema(args: argparse.Namespace) -> int:
    """``govinfo schema``: the JSON Schema of the report document."""
    print(json.dumps(govinfo.schema(), ensure_ascii=False, indent=args.indent))
    return 0


# --- argument parsing --------------------------------------------------------------------------


FAIL_ON = ("error", "warning", "missing")


def _fail_on(text: str) -> tuple[str, ...]:
    """``--fail-on`` conditions: a comma-separated subset of :data:`FAIL_ON`."""
    parts = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in parts if part not in FAIL_ON]
    if unknown or not parts:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give one or more of {', '.join(FAIL_ON)}, comma-separated"
        )
    return parts


def build_parser() -> argparse.ArgumentParser:
    """The ``govinfo`` argument parser."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  govinfo parse report.pdf --indent 2            a report as JSON
  govinfo facts reports/*.txt                    one JSON line of facts per file
  govinfo check reports/*.txt                    the arithmetic findings; exit 1 on an error
  govinfo batch reports --out corpus.parquet     a folder into one table, a row per fact
  govinfo render report.docx --layout markdown   a report written again as Markdown

documentation: https://github.com/govinfo-cn/govinfo/tree/main/docs""",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("parse", help="print a report as JSON", description="Print a report as JSON.")
    p.add_argument("file", metavar="FILE", help="report file: text, HTML, Word or PDF (told by content)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="fail on an error-severity parser diagnostic (no JSON is printed)",
    )
    p.add_argument("--facts", action="store_true", help="print the flat facts instead of the full report")
    p.add_argument("--indent", metavar="N", type=int, default=None, help="indent the JSON by N spaces")
    p.set_defaults(func=cmd_parse)

    p = commands.add_parser(
        "facts",
        help="print each report's facts as one JSON line",
        description='Print one JSON line per FILE: {"path", "facts", "diagnostics"} or {"path", "error"}. '
        "Exit status 1 if any file could not be parsed.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="report files")
    p.add_argument(
        "--format",
        choices=("jsonl", "table"),
        default="jsonl",
        help="jsonl: one JSON object per line (default); table: a readable table per file",
    )
    p.add_argument(
        "--indent",
        metavar="N",
        type=int,
        default=None,
        help="indent the JSON by N spaces (one object per file)",
    )
    p.set_defaults(func=cmd_facts)

    p = commands.add_parser(
        "check",
        help="check the arithmetic (勾稽关系) of reports",
        description="Check every arithmetic relation (勾稽关系) of each report. Each file's line "
        "says ok or how many errors, then how many of the tables' cells were read, how many rules "
        "could not be assessed (a table cell, or a figure or date of the text, they need is missing) "
        "and how many warnings there are; "
        "the findings and the parser's errors and warnings follow. "
        "Exit status 1 if any file has an error finding, has an error-severity parser diagnostic "
        "(e.g. it is empty or not a 2019/2021 report), fails a --fail-on condition, or could not "
        "be read.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="report files")
    p.add_argument("--json", action="store_true", help="print one JSON object per file")
    p.add_argument(
        "--fail-on",
        metavar="WHAT",
        type=_fail_on,
        default=("error",),
        help="also fail (exit 1) on: warning (a warning finding or parser warning), missing (a "
        "table cell not read, or no tables); comma-separated, e.g. warning,missing "
        "(errors always fail)",
    )
    p.add_argument(
        "--baseline",
        metavar="FILE",
        help="hide the findings and diagnostics FILE records as reviewed (a finding whose values "
        "changed since is shown again); errors hidden do not fail",
    )
    p.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every finding and diagnostic checked in FILE (created, or added to: entries "
        "already there keep their status and note)",
    )
    p.add_argument(
        "--status",
        choices=("confirmed", "dismissed"),
        default="confirmed",
        help="the status --write-baseline gives what it records (default: confirmed)",
    )
    p.add_argument("--note", metavar="TEXT", help="the note --write-baseline gives what it records")
    p.add_argument("--by", metavar="NAME", help="who reviewed (recorded by --write-baseline)")
    p.set_defaults(func=cmd_check)

    p = commands.add_parser(
        "diff",
        help="compare a body's report with its previous year's",
        description="Compare THIS report with LAST (the same body's report of the year before): "
        "every fact that changed (last year, this year, difference), grouped by table; the "
        "cross-year rules (X1, X2) when the years are consecutive; and each text section sentence "
        "by sentence: the share of this year's sentences last year's had word for word, and the "
        "sentences added and dropped. Either file may be a report's JSON document (a corrected "
        "report).",
    )
    p.add_argument("last", metavar="LAST", help="last year's report")
    p.add_argument("this", metavar="THIS", help="this year's report")
    p.add_argument(
        "--format",
        choices=("text", "markdown", "html"),
        default="text",
        help="text (default), markdown, or html (one self-contained page to open or print)",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_diff)

    p = commands.add_parser(
        "summary",
        help="a row per body and year, or which bodies have reports for which years",
        description="Summarize many reports: one row per body and year with applications, the "
        "disclosure rate ((予以公开 + 部分公开) / 办理结果总计), review and litigation cases, the "
        "correction rate (cases corrected / all cases), the error findings and the cross-year "
        "findings against the body's previous year; or, with --coverage, which bodies have a report "
        "for which years and which years are missing. INPUT is a govinfo batch output (.jsonl, .csv "
        "or .parquet; the last two need pandas) or report files.",
    )
    p.add_argument("inputs", metavar="INPUT", nargs="+", help="batch output files or report files")
    p.add_argument("--coverage", action="store_true", help="bodies × years, with the years missing")
    p.add_argument(
        "--years",
        type=_years,
        help="with --coverage: the years every body should have (e.g. 2019-2024); default: each "
        "body's first to last",
    )
    p.add_argument(
        "--format", choices=("text", "csv", "json"), default="text", help="text (default), csv or json lines"
    )
    p.set_defaults(func=cmd_summary)

    p = commands.add_parser(
        "render",
        help="write a report again as text, lines, TSV, Markdown, HTML, glued cells or a dump",
        description="Parse FILE and write it again in LAYOUT: text (the official layout, aligned "
        "tables), lines (one cell per line, as web copies look), tsv (tab-separated rows with "
        "merged-cell gaps), markdown (pipe tables), html (a standalone page with the official "
        "rowspan/colspan tables), glued (each table row's cells run together; lossy: the parser "
        "reads back only the cells the table's arithmetic decides) or dump (a crawler's text dump "
        "of the page: title and date lines, then the whole body on one line, cells glued, a "
        "value not reported left out; lossy likewise). "
        "Exit status 1 if FILE cannot be read or OUT cannot be written.",
    )
    p.add_argument("file", metavar="FILE", help="report file: text, HTML, Word or PDF (told by content)")
    p.add_argument("--layout", choices=govinfo.LAYOUTS, default="text", help="output layout (default: text)")
    p.add_argument(
        "--script",
        choices=SCRIPTS,
        default="simplified",
        help="simplified or traditional characters (OpenCC s2t) (default: simplified)",
    )
    p.add_argument("--out", metavar="PATH", default=None, help="write to PATH (UTF-8) instead of stdout")
    p.set_defaults(func=cmd_render)

    p = commands.add_parser(
        "batch",
        help="parse files and folders of reports into one .jsonl, .csv or .parquet file",
        description="Parse every report under PATH (folders recursively: "
        ".txt .md .html .htm .docx .pdf, or every file with --all-files; hidden files skipped) "
        "into OUT, by its extension: .jsonl (one report per line), .csv or .parquet (one row per "
        "fact; counts and amounts in typed columns). A file that fails becomes an error record and "
        "the run goes on. OUT is written as OUT.partial and renamed when every file is done (an "
        "OUT of an earlier run is removed at the start); Ctrl-C or SIGTERM leaves OUT.partial, "
        "valid, with the results so far. A summary goes to stderr: counts, the first failures, "
        "the files skipped by extension. Exit status 1 if any file failed, 2 for a usage error "
        "(an unknown output extension, or no report files found), 130 or 143 when stopped by "
        "Ctrl-C or SIGTERM.",
    )
    p.add_argument("paths", metavar="PATH", nargs="+", help="report files and folders")
    p.add_argument("--out", metavar="FILE", required=True, help="output file: .jsonl, .csv or .parquet")
    p.add_argument(
        "--jobs", metavar="N", type=int, default=1, help="worker processes (default 1; 0: one per CPU)"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal)")
    p.add_argument(
        "--all-files",
        action="store_true",
        help="in folders, read files of any extension (hidden files are still skipped)",
    )
    p.set_defaults(func=cmd_batch)

    p = commands.add_parser(
        "schema", help="print the JSON Schema of the report document", description="Print the JSON Schema."
    )
    p.add_argument("--indent", metavar="N", type=int, default=2, help="indent the JSON by N spaces (2)")
    p.set_defaults(func=cmd_schema)
    return parser


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 2


def _make_streams_safe() -> None:
    """Let output the terminal cannot encode become escapes instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding not in ("utf8", "utf8sig") and reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    _make_streams_safe()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        return _exit_code(exc.code)
    try:
        status: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `govinfo facts *.txt | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM during a batch run
        return 143 if type(exc).__name__ == "Terminated" else 130
    return status


__all__ = ["InputError", "build_parser", "load", "main"]
