"""Many bodies at once: which bodies have a report for which years, and a small summary per body
and year (``govinfo summary``).

* :func:`coverage` — bodies × years: who has a report for which year, and the gaps (the years
  missing between a body's first and last report, or in the years asked for).
* :func:`series` — each body's reports in year order, checked together (the cross-year rules).
* :func:`summary` — one row per report: applications, the disclosure rate, review and litigation
  cases, the correction rate, the error findings of the report and the cross-year findings against
  the body's report of the year before (``None`` without one, or with several: which would be
  last year's?).  Rates are computed, defined below, never judged:

  - **disclosure rate** = (予以公开 + 部分公开) / 办理结果总计 (``requests.granted.total`` plus
    ``requests.partially_granted.total``, over ``requests.results_total.total``);
  - **correction rate** = the cases whose result was 纠正 / all cases, over 行政复议 and both kinds of
    行政诉讼 (``review_litigation.*.corrected`` over ``review_litigation.*.total``).

  A rate whose denominator is 0 or not reported is ``None``.

A body is its agency's name with whitespace removed; reports without an agency or a year are not
placed (:attr:`Coverage.unplaced`).  :func:`reports_from` reads a ``govinfo batch`` output file.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any

from attrs import frozen

from .checks import CheckResult, check_series, count_errors, cross_year
from .exceptions import GovinfoError
from .facts import FactValue, facts, from_facts
from .ids import agency_key
from .model import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "Coverage", "Series", "coverage", "reports_from", "series", "summary", "summary_frame"]

_CASES = ("review", "litigation_direct", "litigation_after_review")


@frozen(kw_only=True)
class Coverage:
    """Bodies × years: ``have[body]`` the years with a report; ``gaps[body]`` the years missing."""

    names: dict[str, str]  # body key → the name most reports give it
    years: tuple[int, ...]
    have: dict[str, tuple[int, ...]]
    gaps: dict[str, tuple[int, ...]]
    unplaced: int = 0

    def rows(self) -> list[dict[str, Any]]:
        """One row per body: its name, a flag per year, and the years missing."""
        return [
            {
                "agency": self.names[body],
                **{str(year): year in self.have[body] for year in self.years},
                "missing": list(self.gaps[body]),
            }
            for body in sorted(self.names, key=lambda b: self.names[b])
        ]

    def text(self) -> str:
        """The table as text: ``●`` a report, ``·`` none; the gaps at the end of each line."""
        width = max((len(name) for name in self.names.values()), default=6)
        head = " " * (width * 2 + 2) + " ".join(f"{year % 100:02d}" for year in self.years)
        lines = [head]
        for row in self.rows():
            name = row["agency"]
            pad = " " * (width * 2 - _display_width(name))
            marks = "  ".join("●" if row[str(year)] else "·" for year in self.years)
            missing = f"   missing: {', '.join(map(str, row['missing']))}" if row["missing"] else ""
            lines.append(f"{name}{pad}  {marks}{missing}")
        if self.unplaced:
            lines.append(f"({self.unplaced} reports without an agency or a year are not placed)")
        return "\n".join(lines) + "\n"


def _display_width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _body(report: Report) -> str | None:
    if report.meta.year is None:
        return None
    return agency_key(report.meta.agency) or None


def coverage(reports: Iterable[Report], years: Iterable[int] | None = None) -> Coverage:
    """Which bodies have a report for which years (see the module doc).  ``years``: the years that
    should be there (default: from each body's first report to its last)."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    have: dict[str, set[int]] = defaultdict(set)
    unplaced = 0
    for report in reports:
        body = _body(report)
        if body is None:
            unplaced += 1
            continue
        assert report.meta.year is not None and report.meta.agency is not None
        names[body][report.meta.agency.strip()] += 1
        have[body].add(report.meta.year)
    wanted = sorted(set(years)) if years is not None else None
    all_years = sorted(set(wanted or ()) | {y for ys in have.values() for y in ys})
    gaps = {}
    for body, found in have.items():
        expected = wanted if wanted is not None else range(min(found), max(found) + 1)
        gaps[body] = tuple(y for y in expected if y not in found)
    return Coverage(
        names={body: counts.most_common(1)[0][0] for body, counts in names.items()},
        years=tuple(all_years),
        have={body: tuple(sorted(found)) for body, found in have.items()},
        gaps=gaps,
        unplaced=unplaced,
    )


@frozen(kw_only=True)
class Series:
    """One body's reports in year order, and their check (each report's rules and the cross-year
    rules between consecutive years)."""

    name: str
    reports: tuple[Report, ...]
    result: CheckResult


def series(reports: Iterable[Report]) -> dict[str, Series]:
    """Each body's series (keyed by the agency name without whitespace), checked with
    :func:`govinfo.check_series`; reports without an agency or a year are left out."""
    by_body: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        body = _body(report)
        if body is not None:
            by_body[body].append(report)
    out = {}
    for body, found in sorted(by_body.items()):
        found.sort(key=lambda r: r.meta.year or 0)
        names = Counter((r.meta.agency or "").strip() for r in found)
        out[body] = Series(name=names.most_common(1)[0][0], reports=tuple(found), result=check_series(found))
    return out


COLUMNS = (
    "agency",
    "year",
    "edition",
    "applications",
    "carried_over",
    "handled",
    "granted",
    "partially_granted",
    "disclosure_rate",
    "review_cases",
    "litigation_cases",
    "corrected_cases",
    "correction_rate",
    "error_findings",
    "cross_year_findings",
)
"""The columns of :func:`summary` (see the module doc for the rates)."""


def _count(values: dict[str, FactValue], key: str) -> int | None:
    value = values.get(key)
    return value if type(value) is int else None


def _sum(values: dict[str, FactValue], keys: Iterable[str]) -> int | None:
    numbers = [_count(values, key) for key in keys]
    return None if any(n is None for n in numbers) else sum(n for n in numbers if n is not None)


def _rate(part: int | None, whole: int | None) -> float | None:
    return None if part is None or not whole else part / whole


def _cross_year(
    report: Report,
    values: dict[str, FactValue],
    reports: list[Report],
    all_values: list[dict[str, FactValue]],
    by_year: dict[tuple[str, int], list[int]],
) -> int | None:
    """The failed cross-year rules between ``report`` and its body's report of the year before;
    ``None`` when there is no such report, or more than one (which would be last year's?)."""
    body, year = _body(report), report.meta.year
    if body is None or year is None:
        return None
    previous = by_year.get((body, year - 1), [])
    if len(previous) != 1:
        return None
    return len(cross_year(reports[previous[0]], report, {-1: all_values[previous[0]], 0: values}))


def summary(reports: Iterable[Report]) -> list[dict[str, Any]]:
    """One row per report (columns :data:`COLUMNS`), in agency and year order."""
    reports = list(reports)
    all_values = [facts(report) for report in reports]
    by_year: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        body = _body(report)
        if body is not None and report.meta.year is not None:
            by_year[(body, report.meta.year)].append(index)
    rows: list[dict[str, Any]] = []
    for report, values in zip(reports, all_values, strict=True):
        meta = report.meta
        granted = _count(values, "requests.granted.total")
        partially = _count(values, "requests.partially_granted.total")
        handled = _count(values, "requests.results_total.total")
        shown = None if granted is None or partially is None else granted + partially
        review = _count(values, "review_litigation.review.total")
        litigation = _sum(values, [f"review_litigation.{c}.total" for c in _CASES[1:]])
        all_cases = _sum(values, [f"review_litigation.{c}.total" for c in _CASES])
        corrected = _sum(values, [f"review_litigation.{c}.corrected" for c in _CASES])
        rows.append(
            {
                "agency": meta.agency,
                "year": meta.year,
                "edition": meta.edition,
                "applications": _count(values, "requests.new_received.total"),
                "carried_over": _count(values, "requests.carried_over.total"),
                "handled": handled,
                "granted": granted,
                "partially_granted": partially,
                "disclosure_rate": _rate(shown, handled),
                "review_cases": review,
                "litigation_cases": litigation,
                "corrected_cases": corrected,
                "correction_rate": _rate(corrected, all_cases),
                "error_findings": count_errors(report, values) if meta.edition else None,
                "cross_year_findings": _cross_year(report, values, reports, all_values, by_year),
            }
        )
    rows.sort(key=lambda row: (agency_key(row["agency"]), row["year"] or 0))
    return rows


def summary_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """:func:`summary` as a pandas DataFrame (counts as nullable ``Int64``, rates as ``Float64``)."""
    from ._extras import require

    pd = require("pandas", purpose="a summary DataFrame", package="pandas", extra="pandas")
    frame = pd.DataFrame(summary(reports), columns=list(COLUMNS))
    for column in COLUMNS:
        if column in ("agency", "edition"):
            frame[column] = frame[column].astype("string")
        elif column.endswith("_rate"):
            frame[column] = frame[column].astype("Float64")
        else:
            frame[column] = frame[column].astype("Int64")
    return frame


def reports_from(path: str | PathLike[str]) -> list[Report]:
    """The reports of a ``govinfo batch`` output file (``.jsonl``, ``.csv`` or ``.parquet``; the
    last two need pandas): files that failed are left out.  CSV and Parquet hold the table cells
    and the agency, year and edition; JSON lines the whole reports."""
    name = os.fspath(path)
    if name.endswith(".jsonl"):
        from .batch import read_jsonl

        return [result.report for result in read_jsonl(name) if result.report is not None]
    from . import export

    if name.endswith(".csv"):
        frame = export.read_csv(name)
    elif name.endswith(".parquet"):
        frame = export.read_parquet(name)
    else:
        raise GovinfoError(f"{name}: not a govinfo batch output (.jsonl, .csv or .parquet)")
    return _from_rows(frame)


def _from_rows(frame: pd.DataFrame) -> list[Report]:
    reports = []
    for _path, rows in frame.groupby("path", sort=False, dropna=False):
        first = rows.iloc[0]
        if _missing(first["edition"]):
            continue
        values: dict[str, Any] = {
            "meta.agency": None if _missing(first["agency"]) else str(first["agency"]),
            "meta.year": None if _missing(first["year"]) else int(first["year"]),
            "meta.edition": str(first["edition"]),
        }
        for key, value in zip(rows["key"], rows["value"], strict=True):
            if not _missing(key):
                values[str(key)] = None if _missing(value) else value
        reports.append(from_facts(values))
    return reports


def _missing(value: object) -> bool:
    return value is None or value != value or type(value).__name__ in ("NAType", "NaTType")


def rows_text(rows: Sequence[dict[str, Any]]) -> str:
    """:func:`summary` rows as an aligned text table (rates as percentages, ``—`` for none)."""
    shown = [
        {
            column: "—"
            if row[column] is None
            else (f"{row[column]:.1%}" if column.endswith("_rate") else str(row[column]))
            for column in COLUMNS
        }
        for row in rows
    ]
    widths = {c: max([_display_width(c), *(_display_width(r[c]) for r in shown)]) for c in COLUMNS}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip()]
    for row in shown:
        cells = []
        for c in COLUMNS:
            pad = " " * (widths[c] - _display_width(row[c]))
            cells.append(row[c] + pad if c in ("agency", "edition") else pad + row[c])
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
