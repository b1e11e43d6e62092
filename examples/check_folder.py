"""Check a folder of reports and print a summary table: one row per file, then the totals.

    python examples/check_folder.py [FOLDER_OR_FILE ...]     (default: examples/reports)

For every report file (folders are searched recursively for .txt .md .html .htm .docx .pdf, as
``govinfo batch`` does): whether it parsed, its agency, year and edition, how many parser
diagnostics it has (see docs/diagnostics.md) and how many error-severity findings the arithmetic
checks (勾稽关系, docs/checks.md) report, with their rule codes (or why the file could not be
read).  Exit status 1 when a file could not be parsed, has an error finding or an error-severity
parser diagnostic (an empty file, a text that is not a 2019/2021 report) — the status
``govinfo check`` would give.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import govinfo
from govinfo.batch import find_files

HERE = Path(__file__).resolve().parent


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def check_file(path: str) -> tuple[list[str], str | None, int]:
    """The table row of one file, its edition (None if unknown or unparsed), and its error findings
    and error-severity parser diagnostics (the notes name both)."""
    name = Path(path).name
    try:
        report = govinfo.parse_file(path)
    except govinfo.GovinfoError as exc:  # ParseError, MissingExtraError: the file is not read
        reason = str(exc).splitlines()[0].removeprefix(f"{path}: ")
        return [name, "no", "", "", "", "", "", reason], None, 0
    errors = govinfo.check(report).errors
    parse_errors = [d.code for d in report.diagnostics if d.severity == "error"]
    rules = Counter([*(f.rule for f in errors), *parse_errors])
    row = [
        name,
        "yes",
        report.meta.agency or "?",
        str(report.meta.year or "?"),
        report.edition or "none",
        str(len(report.diagnostics)),
        str(len(errors)),
        " ".join(f"{rule}×{n}" if n > 1 else rule for rule, n in sorted(rules.items())),
    ]
    return row, report.edition, len(errors) + len(parse_errors)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="report folders and files (default: examples/reports)"
    )
    args = parser.parse_args(argv)
    files = find_files(args.paths or [HERE / "reports"])
    if not files:
        print("no report files found", file=sys.stderr)
        return 1
    rows, editions, failed, with_errors = [], Counter[str](), 0, 0
    for path in files:
        row, edition, errors = check_file(path)
        rows.append(row)
        failed += row[1] == "no"
        with_errors += errors > 0
        if row[1] == "yes":
            editions[edition or "none"] += 1
    header = ["file", "parsed", "agency", "year", "edition", "diagnostics", "errors", "notes"]
    print(table(header, rows))
    print()
    by_edition = ", ".join(f"{edition}: {n}" for edition, n in sorted(editions.items()))
    print(f"{len(files)} files, {len(files) - failed} parsed ({by_edition or 'none'}), {failed} failed")
    print(f"{with_errors} with error findings or parser errors")
    return 1 if failed or with_errors else 0


if __name__ == "__main__":
    sys.exit(main())
