"""The auditor's loop as library calls: the findings of a report with their stable ids, and a
reviewed baseline that hides what was already looked at.

>>> import govinfo
>>> from govinfo import audit
>>> report = govinfo.parse_file("examples/reports/003_eb4955ec489c8a4e.txt")
>>> items = audit.items(report)
>>> baseline = audit.Baseline().record(items, status="dismissed", note="seen", by="clerk", at="2026-12-03")
>>> audit.Baseline.loads(baseline.dumps()) == baseline
True
>>> baseline.review(audit.items(report)).shown
()

The baseline file (``govinfo check --write-baseline FILE``) is JSON: ``{"format": "govinfo-baseline",
"version": 1, "entries": [...]}``, one entry per id in id order (so that it diffs well in git), each
with the rule or code, the keys, the report (agency, years), the values when reviewed (expected,
actual), the status (``confirmed`` or ``dismissed``), a note, who and when.  An item whose values
changed since its review is shown again (``changed``).  An item of a report with neither an agency
nor a year (a file that is no report, say) is never recorded nor hidden: its id would be the same
in every such file.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from typing import Any, Literal

from attrs import evolve, field, frozen

from . import ids
from .checks import CheckResult, Finding, check
from .diagnostics import Diagnostic
from .exceptions import GovinfoError
from .facts import FactValue, facts, from_facts
from .ids import agency_key
from .layout import value_text
from .model import Report

__all__ = [
    "FORMAT",
    "STATUSES",
    "VERSION",
    "Baseline",
    "BaselineError",
    "Entry",
    "Item",
    "Review",
    "correct",
    "diagnostic_ids",
    "items",
]

FORMAT = "govinfo-baseline"
VERSION = 1
Status = Literal["confirmed", "dismissed"]
STATUSES: tuple[Status, ...] = ("confirmed", "dismissed")


class BaselineError(GovinfoError):
    """A baseline file that cannot be read: not JSON, another format or version, a bad entry."""


@frozen(kw_only=True)
class Item:
    """One thing ``govinfo check`` reports about a report: a finding, or a parser diagnostic of
    warning or error severity, with its stable id."""

    id: str
    code: str  # the rule (findings) or the diagnostic code
    severity: str
    message: str
    keys: tuple[str, ...] = ()
    agency: str | None = None
    years: tuple[int, ...] = ()
    expected: str | None = None
    actual: str | None = None
    finding: Finding | None = field(default=None, eq=False)
    diagnostic: Diagnostic | None = field(default=None, eq=False)

    @property
    def values(self) -> tuple[str | None, str | None]:
        return self.expected, self.actual

    @property
    def placed(self) -> bool:
        """Whether the item names its report (an agency or a year): one that names none has the
        same id in every such file, so a baseline neither records nor hides it."""
        return bool(self.agency) or bool(self.years)


def items(report: Report, result: CheckResult | None = None) -> tuple[Item, ...]:
    """The findings of ``report`` (:func:`govinfo.check`, or ``result``) and its parser warnings
    and errors, each with its stable id (unique in the report)."""
    result = check(report) if result is None else result
    meta = report.meta
    made: list[Item] = []
    for finding in result.findings:
        made.append(
            Item(
                id=finding.id,
                code=finding.rule,
                severity=finding.severity,
                message=finding.message,
                keys=finding.keys,
                agency=finding.agency,
                years=finding.years,
                expected=value_text(finding.expected),
                actual=value_text(finding.actual),
                finding=finding,
            )
        )
    year = meta.year
    for diagnostic, one in zip(report.diagnostics, diagnostic_ids(report), strict=True):
        if diagnostic.severity == "info":
            continue
        made.append(
            Item(
                id=one,
                code=diagnostic.code,
                severity=diagnostic.severity,
                message=diagnostic.message,
                keys=diagnostic.keys,
                agency=meta.agency,
                years=() if year is None else (year,),
                diagnostic=diagnostic,
            )
        )
    unique = ids.unique(item.id for item in made)
    return tuple(evolve(item, id=one) for item, one in zip(made, unique, strict=True))


def correct(report: Report, changes: Mapping[str, FactValue]) -> Report:
    """``report`` with some facts corrected (``{"requests.granted.total": 7}``): the tables (and
    metadata) rebuilt from its facts with ``changes``; its text sections, title, dates, source and
    stated figures kept (the stated figures rebuilt if ``changes`` names one); the diagnostics and
    source positions of a corrected fact dropped (they were about the value replaced).

    Raises :class:`~govinfo.SchemaError` for an unknown key or a bad value."""
    rebuilt = from_facts({**facts(report), **changes})
    changed = set(changes)
    meta = evolve(
        report.meta, agency=rebuilt.meta.agency, year=rebuilt.meta.year, edition=rebuilt.meta.edition
    )
    return evolve(
        report,
        meta=meta,
        active=rebuilt.active,
        requests=rebuilt.requests,
        review_litigation=rebuilt.review_litigation,
        diagnostics=tuple(d for d in report.diagnostics if not changed & set(d.keys)),
        provenance={key: at for key, at in report.provenance.items() if key not in changed},
        stated=rebuilt.stated if any(key.startswith("stated.") for key in changed) else report.stated,
    )


def diagnostic_ids(report: Report) -> list[str]:
    """The stable id of each of ``report.diagnostics``, in order (unique in the report)."""
    meta = report.meta
    return ids.unique(
        ids.diagnostic_id(d.code, d.keys, d.text, meta.agency, meta.year) for d in report.diagnostics
    )


@frozen(kw_only=True)
class Entry:
    """One reviewed item of a baseline."""

    id: str
    code: str
    keys: tuple[str, ...] = ()
    agency: str | None = None
    years: tuple[int, ...] = ()
    expected: str | None = None
    actual: str | None = None
    status: Status = "confirmed"
    note: str = ""
    by: str | None = None
    at: str | None = None

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "keys": list(self.keys),
            "agency": self.agency,
            "years": list(self.years),
            "expected": self.expected,
            "actual": self.actual,
            "status": self.status,
            "note": self.note,
            "by": self.by,
            "at": self.at,
        }


@frozen(kw_only=True)
class Review:
    """Items against a baseline: ``new`` (never reviewed), ``changed`` (reviewed, but their values
    changed since: shown again, with the entry), ``hidden`` (reviewed and unchanged); ``shown``:
    the new and the changed items, in the order they came."""

    new: tuple[Item, ...] = ()
    changed: tuple[tuple[Item, Entry], ...] = ()
    hidden: tuple[tuple[Item, Entry], ...] = ()
    shown: tuple[Item, ...] = ()


@frozen
class Baseline:
    """Reviewed items by id (see the module doc for the file format)."""

    entries: dict[str, Entry] = field(factory=dict)

    def review(self, found: Iterable[Item]) -> Review:
        """Which of ``found`` are new, changed since their review, or hidden by it."""
        new: list[Item] = []
        changed: list[tuple[Item, Entry]] = []
        hidden: list[tuple[Item, Entry]] = []
        shown: list[Item] = []
        for item in found:
            entry = self.entries.get(item.id) if item.placed else None
            if entry is None:
                new.append(item)
            elif (entry.expected, entry.actual) != item.values:
                changed.append((item, entry))
            else:
                hidden.append((item, entry))
                continue
            shown.append(item)
        return Review(new=tuple(new), changed=tuple(changed), hidden=tuple(hidden), shown=tuple(shown))

    def resolved(self, report: Report, found: Iterable[Item]) -> tuple[Entry, ...]:
        """The entries about ``report`` (its agency and year) that ``found`` (its items now) no longer
        has: fixed since their review, in id order."""
        meta = report.meta
        if meta.year is None and not meta.agency:
            return ()
        body = agency_key(meta.agency)
        years = () if meta.year is None else (meta.year,)
        now = {item.id for item in found}
        return tuple(
            entry
            for key, entry in sorted(self.entries.items())
            if key not in now and entry.years == years and agency_key(entry.agency) == body
        )

    def record(
        self,
        found: Iterable[Item],
        *,
        status: Status = "confirmed",
        note: str = "",
        by: str | None = None,
        at: str | None = None,
    ) -> Baseline:
        """This baseline with ``found`` recorded: an item already reviewed with the same values keeps
        its entry (status, note, who, when); a new or changed one gets ``status``, ``note``, ``by``
        and ``at`` (default: today's date)."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        when = at or datetime.date.today().isoformat()
        entries = dict(self.entries)
        for item in found:
            if not item.placed:
                continue  # it names no report: a review of it would hide it in any other file
            old = entries.get(item.id)
            if old is not None and (old.expected, old.actual) == item.values:
                continue
            entries[item.id] = Entry(
                id=item.id,
                code=item.code,
                keys=item.keys,
                agency=item.agency,
                years=item.years,
                expected=item.expected,
                actual=item.actual,
                status=status,
                note=note,
                by=by,
                at=when,
            )
        return Baseline(entries)

    # --- the file ---------------------------------------------------------------------------------

    def dumps(self) -> str:
        """The baseline file's text: entries in id order, two-space indented, one key per line."""
        document = {
            "format": FORMAT,
            "version": VERSION,
            "entries": [self.entries[key].json() for key in sorted(self.entries)],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: str | PathLike[str]) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(self.dumps())

    @classmethod
    def loads(cls, text: str) -> Baseline:
        """Read a baseline file's text; :class:`BaselineError` for anything else."""
        try:
            document = json.loads(text)
        except ValueError as exc:
            raise BaselineError(f"not a baseline file: invalid JSON ({exc})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise BaselineError(f'not a baseline file: no "format": "{FORMAT}"')
        if document.get("version") != VERSION:
            raise BaselineError(
                f"baseline version {document.get('version')!r} is not one this govinfo reads ({VERSION})"
            )
        raw = document.get("entries")
        if not isinstance(raw, list):
            raise BaselineError('a baseline file needs an "entries" list')
        entries = {}
        for index, data in enumerate(raw):
            entry = _entry(data, index)
            entries[entry.id] = entry
        return cls(entries)

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Baseline:
        try:
            with open(path, encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
        try:
            return cls.loads(text)
        except BaselineError as exc:
            raise BaselineError(f"{path}: {exc}") from None


def _entry(data: object, index: int) -> Entry:
    where = f"entries[{index}]"
    if not isinstance(data, dict):
        raise BaselineError(f"{where}: an entry is an object")
    try:
        status = data.get("status", "confirmed")
        if status not in STATUSES:
            raise BaselineError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
        return Entry(
            id=_text(data, "id", where),
            code=_text(data, "code", where),
            keys=tuple(_strings(data.get("keys", []), f"{where}.keys")),
            agency=_optional(data, "agency", where),
            years=tuple(int(y) for y in data.get("years", [])),
            expected=_optional(data, "expected", where),
            actual=_optional(data, "actual", where),
            status=status,
            note=str(data.get("note") or ""),
            by=_optional(data, "by", where),
            at=_optional(data, "at", where),
        )
    except (TypeError, ValueError) as exc:
        raise BaselineError(f"{where}: {exc}") from None


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise BaselineError(f"{where}: {key!r} must be a non-empty string")
    return value


def _optional(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise BaselineError(f"{where}: {key!r} must be a string or null")
    return value


def _strings(values: object, where: str) -> Sequence[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BaselineError(f"{where}: must be a list of strings")
    return values
