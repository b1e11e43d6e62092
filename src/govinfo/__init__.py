"""govinfo: China's 政府信息公开工作年度报告 as typed, checked, serializable data.

The API, by task (names in ``govinfo``, unless a module is given):

- parse: ``parse``, ``parse_file``, ``parse_bytes`` → a ``Report`` (``Meta``, three tables, the
  ``Diagnostic`` list); a value the parser is unsure of is ``None`` with a diagnostic, never a guess
- check: ``check``, ``check_series`` → a ``govinfo.checks.CheckResult`` (its findings, by rule,
  each with a stable id); a reviewed baseline of them: ``govinfo.audit.Baseline``; ``diff`` (last
  year's report against this year's) → a ``govinfo.compare.Comparison``
- export: ``facts``, ``json_facts``, ``from_facts``, ``fact_keys``; ``dumps``, ``loads``, ``schema``;
  ``to_pandas``
- render: ``render`` a report again as text, Markdown, HTML…, in one of ``LAYOUTS``
- errors: ``GovinfoError``, the base of ``ParseError`` (a strict parse), ``SchemaError``
  (``loads``) and ``MissingExtraError`` (an optional dependency not installed)

What is stable, and how it changes: https://github.com/govinfo-cn/govinfo/blob/main/docs/stability.md

>>> import govinfo
>>> report = govinfo.Report.blank("2021")
>>> govinfo.loads(govinfo.dumps(report)) == report
True
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING, Any, BinaryIO

from . import views
from ._version import __version__
from .diagnostics import Diagnostic, RaiseOn, SourcePosition
from .exceptions import GovinfoError, MissingExtraError, ParseError, SchemaError
from .facts import fact_keys, facts, from_facts, json_facts
from .model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantCounts,
    CaseOutcomes,
    Meta,
    MetaEvidence,
    Report,
    RequestTable2019,
    RequestTable2021,
    ReviewLitigation,
    Section,
    StatisticsPeriod,
    Subsection,
)
from .render import LAYOUTS, render

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from .checks import CheckResult
    from .compare import Comparison
    from .results import FileResult


def dumps(report: Report, *, indent: int | None = None) -> str:
    """Serialize ``report`` to JSON (lossless: ``loads(dumps(r)) == r``)."""
    from .serde import dumps as _dumps

    return _dumps(report, indent=indent)


def loads(text: str | bytes) -> Report:
    """Load a report from the JSON that :func:`dumps` writes; raises :class:`SchemaError`."""
    from .serde import loads as _loads

    return _loads(text)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document :func:`dumps` writes."""
    from .serde import json_schema

    return json_schema()


def check(report: Report) -> CheckResult:
    """Check every arithmetic relation (勾稽关系) of ``report``."""
    from .checks import check as _check

    return _check(report)


def diff(last: Report, this: Report) -> Comparison:
    """Compare a body's report with its previous year's: every fact that changed, the cross-year
    rules, the text sections sentence by sentence (:mod:`govinfo.compare`)."""
    from .compare import diff as _diff

    return _diff(last, this)


def check_series(reports: Iterable[Report]) -> CheckResult:
    """Check each report and the cross-year rule between consecutive years of one agency."""
    from .checks import check_series as _check_series

    return _check_series(reports)


def parse(text: str, *, strict: bool = False, raise_on: RaiseOn = None) -> Report:
    """Parse the plain text of a report.

    Whatever cannot be read is ``None`` plus a diagnostic naming its fact keys.  ``raise_on``
    (``"info"``, ``"warning"`` or ``"error"``) raises :class:`ParseError` when a diagnostic of that
    severity or worse is found; ``strict=True`` means ``raise_on="error"``.
    """
    from .parser import parse as _parse

    return _parse(text, strict=strict, raise_on=raise_on)


def parse_file(
    path: str | PathLike[str] | BinaryIO, *, strict: bool = False, raise_on: RaiseOn = None
) -> Report:
    """Parse a report file: text (UTF-8/UTF-16/GB18030, detected), HTML, Word or PDF, told by content;
    ``path`` may be a binary file object.  The report's ``source`` is the path.  ``strict`` and
    ``raise_on`` as for :func:`parse`.

    Raises :class:`ParseError` for a file that cannot be read (missing, unsupported, corrupt), for
    text or bytes given instead of a path, and at ``raise_on``; :class:`MissingExtraError` when the
    file needs an extra that is not installed."""
    from .parser import parse_file as _parse_file

    return _parse_file(path, strict=strict, raise_on=raise_on)


def parse_bytes(
    data: bytes, *, name: str | None = None, strict: bool = False, raise_on: RaiseOn = None
) -> Report:
    """Parse a report held in memory (a download, an upload): the bytes of a text, HTML, Word or
    PDF file, told by content; ``name`` (a file name) is used in messages and kept as the report's
    ``source``.  ``strict`` and ``raise_on`` as for :func:`parse`.

    Raises :class:`ParseError` for data that cannot be read (unsupported or corrupt) and at
    ``raise_on``; :class:`MissingExtraError` when the data needs an extra that is not installed."""
    from .parser import parse_bytes as _parse_bytes

    return _parse_bytes(data, name=name, strict=strict, raise_on=raise_on)


def to_pandas(reports: Report | Iterable[Report | FileResult]) -> pd.DataFrame:
    """The long-format DataFrame of ``reports``, one row per fact (see :mod:`govinfo.export`).

    ``reports``: a report, or reports and :class:`~govinfo.results.FileResult` records.  Pivot to
    one row per report with :func:`govinfo.export.wide`.  Needs ``govinfo-cn[pandas]``.
    """
    from .export import to_pandas as _to_pandas

    return _to_pandas(reports)


def wide(df: pd.DataFrame, *, labels: bool = False) -> pd.DataFrame:
    """One row per report and one column per fact key, from a long frame (:func:`to_pandas`,
    :func:`read_csv`, :func:`read_parquet`); see :func:`govinfo.export.wide`."""
    from .export import wide as _wide

    return _wide(df, labels=labels)


def read_csv(path: str | PathLike[str]) -> pd.DataFrame:
    """Read a long-format CSV file (``govinfo batch --out F.csv``) back to the frame of
    :func:`to_pandas`: ints for counts, ``Decimal`` for amounts.  Needs ``govinfo-cn[pandas]``."""
    from .export import read_csv as _read_csv

    return _read_csv(path)


def read_parquet(path: str | PathLike[str]) -> pd.DataFrame:
    """Read a long-format Parquet file (``govinfo batch --out F.parquet``) back to the frame of
    :func:`to_pandas`.  Needs ``govinfo-cn[pandas]``."""
    from .export import read_parquet as _read_parquet

    return _read_parquet(path)


# --- the views the model and the checks show themselves with (see govinfo.views) ---------------


def _report_repr(report: Report) -> str:
    from .display import report_repr

    return report_repr(report)


def _part_repr(part: Any) -> str:
    from .display import part_repr

    return part_repr(part)


def _report_html(report: Report) -> str:
    from .display import report_html

    return report_html(report)


def _report_frame(report: Report, path: str | None) -> pd.DataFrame:
    """``Report.to_pandas(path)``: :func:`to_pandas` of the report (with its path, if any)."""
    from .results import FileResult

    return to_pandas(report if path is None else [FileResult(path=path, report=report)])


def _check_html(result: CheckResult) -> str:
    from .display import check_result_html

    return check_result_html(result)


views.register("report.repr", _report_repr)
views.register("part.repr", _part_repr)
views.register("report.html", _report_html)
views.register("report.frame", _report_frame)
views.register("check.html", _check_html)


__all__ = [
    "LAYOUTS",
    "ActiveDisclosure2019",
    "ActiveDisclosure2021",
    "ApplicantCounts",
    "CaseOutcomes",
    "Diagnostic",
    "GovinfoError",
    "Meta",
    "MetaEvidence",
    "MissingExtraError",
    "ParseError",
    "RaiseOn",
    "Report",
    "RequestTable2019",
    "RequestTable2021",
    "ReviewLitigation",
    "SchemaError",
    "Section",
    "SourcePosition",
    "StatisticsPeriod",
    "Subsection",
    "__version__",
    "check",
    "check_series",
    "diff",
    "dumps",
    "fact_keys",
    "facts",
    "from_facts",
    "json_facts",
    "loads",
    "parse",
    "parse_bytes",
    "parse_file",
    "read_csv",
    "read_parquet",
    "render",
    "schema",
    "to_pandas",
    "wide",
]
