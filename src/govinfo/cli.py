"""The ``govinfo`` command line: ``parse``, ``facts``, ``check``, ``render``, ``batch``, ``schema``.

Used by the ``govinfo`` console script and ``python -m govinfo``.  A file that cannot be read or
parsed gives an error message (never a traceback) and the run goes on with the next file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

import govinfo

from ._version import __version__
from .checks import CheckResult, Finding
from .facts import json_facts, json_value
from .layout import value_text
from .render import SCRIPTS
from .results import read_result
from .serde import diagnostic_json
from .wording import plural

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .model import Report

PROG = "govinfo"
DESCRIPTION = (
    "Parse, check and export China's 政府信息公开工作年度报告 (annual open-government-information reports)."
)


class InputError(Exception):
    """One input file could not be read or parsed; the message says why."""


def load(path: str, *, strict: bool = False) -> Report:
    """Parse the report at ``path``; any failure becomes an :class:`InputError` with a clear message
    (the error text of :func:`govinfo.results.read_result`)."""
    result = read_result(path, strict=strict)
    if result.report is None:
        raise InputError(result.error or "unknown error")
    return result.report


def _dump_line(obj: object, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, default=json_value) + "\n")


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
    """``govinfo facts FILE...``: one JSON object per input per line; 1 if any input failed."""
    status = 0
    for path in args.files:
        try:
            report = load(path)
        except InputError as exc:
            _dump_line({"path": path, "error": str(exc)}, sys.stdout)
            status = 1
            continue
        values = json_facts(report)
        diagnostics = [diagnostic_json(d) for d in report.diagnostics]
        _dump_line({"path": path, "facts": values, "diagnostics": diagnostics}, sys.stdout)
    return status


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


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """One parser diagnostic as ``ERROR CODE line 12: message [keys]``."""
    line = f" line {diagnostic.line}" if diagnostic.line is not None else ""
    keys = f" [{', '.join(diagnostic.keys)}]" if diagnostic.keys else ""
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
    }


def _summary(result: CheckResult, diagnostics: Sequence[Diagnostic]) -> str:
    counts = result.counts
    parts = [plural(counts[s], s) for s in ("error", "warning") if s in counts]
    if diagnostics:
        parts.append(plural(len(diagnostics), "parser error"))
    return ", ".join(parts) or "ok"


def cmd_check(args: argparse.Namespace) -> int:
    """``govinfo check FILE...``: the arithmetic findings per file; 1 if any error finding, any
    error-severity parser diagnostic (the file is not a 2019/2021 report, say), or a file that
    cannot be read."""
    status = 0
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
        result = govinfo.check(report)
        findings: list[Finding] = list(result.findings)
        parse_errors = [d for d in report.diagnostics if d.severity == "error"]
        if parse_errors or any(f.severity == "error" for f in findings):
            status = 1
        if args.json:
            obj = {
                "path": path,
                "ok": bool(result.ok),
                "findings": [finding_json(f) for f in findings],
                "diagnostics": [diagnostic_json(d) for d in report.diagnostics],
            }
            _dump_line(obj, sys.stdout)
            continue
        print(f"{path}: {_summary(result, parse_errors)}")
        for finding in findings:
            print(f"  {format_finding(finding)}")
        for diagnostic in parse_errors:
            print(f"  {format_diagnostic(diagnostic)}")
    return status


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
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.out, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except OSError as exc:
        _error(f"{args.out}: cannot write: {exc.strerror or exc}")
        return 1
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """``govinfo batch PATH... --out FILE``: every report under PATHs into one .jsonl/.csv/.parquet file.

    The summary goes to stderr; status 1 if any file failed, 2 for a usage error (see
    :mod:`govinfo.batch`).
    """
    from . import batch

    try:
        batch.output_format(args.out)
    except ValueError as exc:
        _error(f"{args.out}: {exc}")
        return 2
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    try:
        summary = batch.run(args.paths, args.out, jobs=jobs, progress=False if args.no_progress else None)
    except (OSError, govinfo.MissingExtraError) as exc:
        _error(f"{args.out}: cannot write: {exc}")
        return 1
    if not summary.files:
        _error(f"no report files ({', '.join(batch.DEFAULT_SUFFIXES)}) found in {' '.join(args.paths)}")
    print(f"{PROG} batch: {summary}", file=sys.stderr)
    return summary.status if summary.files else 2


def cmd_schema(args: argparse.Namespace) -> int:
    """``govinfo schema``: the JSON Schema of the report document."""
    print(json.dumps(govinfo.schema(), ensure_ascii=False, indent=args.indent))
    return 0


# --- argument parsing --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The ``govinfo`` argument parser."""
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("parse", help="print a report as JSON", description="Print a report as JSON.")
    p.add_argument("file", metavar="FILE", help="report file: text, HTML, Word or PDF (told by content)")
    p.add_argument("--strict", action="store_true", help="fail on any parser diagnostic")
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
    p.set_defaults(func=cmd_facts)

    p = commands.add_parser(
        "check",
        help="check the arithmetic (勾稽关系) of reports",
        description="Check every arithmetic relation (勾稽关系) of each report. "
        "Exit status 1 if any file has an error finding, has an error-severity parser diagnostic "
        "(e.g. it is empty or not a 2019/2021 report), or could not be read.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="report files")
    p.add_argument("--json", action="store_true", help="print one JSON object per file")
    p.set_defaults(func=cmd_check)

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
        ".txt .md .html .htm .docx .pdf, hidden files skipped) into OUT, by its extension: "
        ".jsonl (one report per line), .csv or .parquet (one row per fact). A file that fails "
        "becomes an error record and the run goes on. A summary goes to stderr. "
        "Exit status 1 if any file failed, 2 for a usage error (an unknown output extension, or "
        "no report files found).",
    )
    p.add_argument("paths", metavar="PATH", nargs="+", help="report files and folders")
    p.add_argument("--out", metavar="FILE", required=True, help="output file: .jsonl, .csv or .parquet")
    p.add_argument(
        "--jobs", metavar="N", type=int, default=1, help="worker processes (default 1; 0: one per CPU)"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal)")
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
