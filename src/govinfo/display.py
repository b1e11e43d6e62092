"""Notebook display: a short ``repr`` and ``_repr_html_`` for reports and check reports.

The HTML is a fragment built with the standard library only (``html.escape``): scoped inline
CSS (every class starts with ``govinfo``), the metadata, failed checks and diagnostics (collapsed,
a summary line counting them by severity) on top, then the three tables laid out like the
official format and a preview of the text sections.  A report's tables and its applicant-count
rows have a one-line ``repr`` too (:func:`part_repr`), instead of attrs' pages of fields.
Every label comes from the model's field metadata; every cell carries its fact key in
``data-key``.  A ``None`` cell (not reported) is shown as a muted ``—``, never as ``0``.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .checks import CheckResult, Finding, check
from .diagnostics import Diagnostic
from .facts import table_values
from .layout import Table, active_table, label, requests_table, review_table, value_text
from .model import (
    RESULTS_GROUP,
    ActiveDisclosure,
    ApplicantCounts,
    Report,
    RequestTable,
    ReviewLitigation,
    Section,
    cell_fields,
)
from .wording import plural

Part = ActiveDisclosure | RequestTable | ReviewLitigation | ApplicantCounts
"""The parts of a report with a one-line ``repr`` of their own: the three tables and a row of
applicant counts."""

PREVIEW_CHARS = 200
MAX_KEYS_SHOWN = 8
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_STYLE = """<style>
.govinfo{font-size:13px;line-height:1.4}
.govinfo .govinfo-head{font-weight:bold;font-size:14px;margin:4px 0}
.govinfo h4.govinfo-h{margin:12px 0 4px 0;font-size:13px}
.govinfo table.govinfo-table{border-collapse:collapse;margin:4px 0}
.govinfo table.govinfo-table th,.govinfo table.govinfo-table td{border:1px solid #999;
padding:2px 6px;vertical-align:middle}
.govinfo table.govinfo-table th{font-weight:normal;text-align:left;background:rgba(128,128,128,.12)}
.govinfo table.govinfo-table th.govinfo-col{text-align:center}
.govinfo table.govinfo-table th.govinfo-block{font-weight:bold}
.govinfo th.govinfo-vertical{writing-mode:vertical-rl;text-align:center}
.govinfo td.govinfo-num{text-align:right;font-variant-numeric:tabular-nums}
.govinfo .govinfo-muted{color:#999}
.govinfo td.govinfo-none{text-align:center}
.govinfo td.govinfo-error{background:rgba(220,40,40,.28);outline:2px solid #c22}
.govinfo td.govinfo-warning{background:rgba(230,160,0,.25)}
.govinfo td.govinfo-diag{text-decoration:underline dotted}
.govinfo .govinfo-sev-error{color:#c22;font-weight:bold}
.govinfo .govinfo-sev-warning{color:#b70}
.govinfo .govinfo-ok{color:#292}
.govinfo .govinfo-fail{color:#c22}
.govinfo code.govinfo-keys{font-size:11px}
.govinfo p.govinfo-para{margin:2px 0 2px 1em}
</style>"""


# --- small helpers -------------------------------------------------------------------------------


def _e(value: object) -> str:
    """``str(value)``, HTML-escaped (quotes too, so it is safe in attributes)."""
    return html.escape(str(value), quote=True)


def format_value(value: object) -> str:
    """A cell value as text: ``—`` for ``None``, decimals without exponent, the rest ``str``."""
    text = value_text(value)
    return "—" if text is None else text


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: _SEVERITY_ORDER.get(str(f.severity), len(_SEVERITY_ORDER)))


class _Marks:
    """CSS classes and hover notes for cells, by fact key (from findings and diagnostics)."""

    def __init__(self, findings: Sequence[Finding], diagnostics: Sequence[Diagnostic]) -> None:
        self.classes: dict[str, str] = {}
        self.notes: dict[str, list[str]] = {}
        for diagnostic in diagnostics:
            for key in diagnostic.keys:
                self.classes.setdefault(key, "govinfo-diag")
                self.notes.setdefault(key, []).append(f"{diagnostic.severity} {diagnostic.code}")
        for finding in reversed(_sorted_findings(findings)):  # errors last, so they win
            severity = str(finding.severity)
            for key in finding.keys:
                if severity in ("error", "warning"):
                    self.classes[key] = f"govinfo-{severity}"
                self.notes.setdefault(key, []).append(f"{severity} {finding.rule}")

    def cell(self, key: str, value: object, colspan: int = 1) -> str:
        """One ``<td>`` for the cell ``key``."""
        classes = ["govinfo-num"]
        if value is None:
            classes.append("govinfo-none")
        mark = self.classes.get(key)
        if mark is not None:
            classes.append(mark)
        title = key if value is not None else f"{key}: not reported"
        notes = self.notes.get(key)
        if notes:
            title += " — " + "; ".join(notes)
        text = '<span class="govinfo-muted">—</span>' if value is None else _e(format_value(value))
        span = f' colspan="{colspan}"' if colspan > 1 else ""
        return f'<td class="{" ".join(classes)}"{span} data-key="{_e(key)}" title="{_e(title)}">{text}</td>'


def _th(text: str, cls: str = "", rowspan: int = 1, colspan: int = 1) -> str:
    attributes = f' class="{cls}"' if cls else ""
    if rowspan > 1:
        attributes += f' rowspan="{rowspan}"'
    if colspan > 1:
        attributes += f' colspan="{colspan}"'
    return f"<th{attributes}>{_e(text)}</th>"


def _tr(cells: Iterable[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


# --- the three tables ----------------------------------------------------------------------------

# The CSS class of a title, header or label cell (the notebook's style sheet above).
_CELL_CLASS = {"title": "govinfo-block govinfo-col", "header": "govinfo-col", "label": ""}


def _table_html(table: Table, marks: _Marks) -> str:
    """A table of :mod:`govinfo.layout` as HTML: labels and headers as ``<th>``, value cells marked
    by the findings and diagnostics that name their keys."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            if cell.kind == "value":
                assert cell.key is not None
                cells.append(marks.cell(cell.key, cell.value, cell.colspan))
                continue
            css = "govinfo-vertical" if cell.text == RESULTS_GROUP else _CELL_CLASS[cell.kind]
            cells.append(_th(cell.text or "", css, cell.rowspan, cell.colspan))
        rows.append(_tr(cells))
    return f'<table class="govinfo-table govinfo-{_TABLE_CLASS[table.name]}">' + "".join(rows) + "</table>"


_TABLE_CLASS = {"active": "active", "requests": "requests", "review_litigation": "review"}


# --- the other parts of a report -----------------------------------------------------------------


def _meta_html(report: Report) -> str:
    meta = report.meta
    rows = []
    for attribute in attrs.fields(type(meta)):
        if "label" not in attribute.metadata:
            continue  # the evidence: listed below the table
        value = getattr(meta, attribute.name)
        if value is None:
            text = '<span class="govinfo-muted">—</span>'
        elif attribute.name == "statistics_period":
            text = _e(f"{value.start.isoformat()} – {value.end.isoformat()}")
        elif hasattr(value, "isoformat"):
            text = _e(value.isoformat())
        else:
            text = _e(value)
        rows.append(
            f'<tr><th>{_e(label(attribute))}</th><td data-key="meta.{attribute.name}">{text}</td></tr>'
        )
    table = '<table class="govinfo-table govinfo-meta">' + "".join(rows) + "</table>"
    if not meta.evidence:
        return table
    places = "".join(
        f"<li>{_e(e.field)} <code>{_e(e.value)}</code>: {_e(e.source)}"
        + (f" (line {e.line})" if e.line is not None else "")
        + "</li>"
        for e in meta.evidence
    )
    summary = _e(plural(len(meta.evidence), "place")) + " stating the metadata"
    return (
        table + f'<details class="govinfo-evidence"><summary>{summary}</summary><ul>{places}</ul></details>'
    )


def diagnostics_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``13 diagnostics: 1 error, 2 warnings, 10 info`` (severities worst first), or ``0 diagnostics``."""
    counts = Counter(str(d.severity) for d in diagnostics)
    order = sorted(counts, key=lambda s: _SEVERITY_ORDER.get(s, len(_SEVERITY_ORDER)))
    by_severity = ", ".join(f"{counts[s]} {s}" if s == "info" else plural(counts[s], s) for s in order)
    total = plural(len(diagnostics), "diagnostic")
    return f"{total}: {by_severity}" if by_severity else total


def _diagnostics_html(diagnostics: Sequence[Diagnostic]) -> str:
    """The diagnostics as a list, collapsed under a summary line that counts them by severity."""
    if not diagnostics:
        return ""
    items = []
    for d in diagnostics:
        line = f"line {d.line}" if d.line is not None else "no line"
        keys = f' <code class="govinfo-keys">{_e(", ".join(d.keys))}</code>' if d.keys else ""
        items.append(
            f'<li><span class="govinfo-sev-{_e(d.severity)}">{_e(d.severity)}</span> '
            f"<code>{_e(d.code)}</code> ({_e(line)}): {_e(d.message)}{keys}</li>"
        )
    return (
        '<details class="govinfo-diagnostics"><summary>'
        f"{_e(diagnostics_summary(diagnostics))}</summary><ul>{''.join(items)}</ul></details>"
    )


def _section_html(section: Section, label: str) -> str:
    heading = _e(section.heading or label)
    paragraphs = list(section.paragraphs)
    for sub in section.subsections:
        paragraphs.extend(sub.paragraphs)
    if not paragraphs and not section.subsections:
        return f'<h4 class="govinfo-h">{heading}</h4><p class="govinfo-para govinfo-muted">(empty)</p>'
    first = f'<p class="govinfo-para">{_e(_truncate(paragraphs[0], PREVIEW_CHARS))}</p>' if paragraphs else ""
    note = plural(len(paragraphs), "paragraph")
    if section.subsections:
        headings = "、".join(sub.heading for sub in section.subsections)
        note += f", {plural(len(section.subsections), 'sub-heading')}: {headings}"
    return (
        f'<h4 class="govinfo-h">{heading}</h4>{first}<p class="govinfo-para govinfo-muted">({_e(note)})</p>'
    )


def _which_report(finding: Finding) -> str:
    """Agency and year(s) of a finding from a series check (optional attributes), else ``""``."""
    agency = getattr(finding, "agency", None) or ""
    years = "–".join(str(y) for y in getattr(finding, "years", ()) or ())
    return " ".join(x for x in (str(agency), years) if x)


def _findings_html(findings: Sequence[Finding], report_column: bool = True) -> str:
    """The findings, errors first, as one table (with a report column if they name reports)."""
    ordered = _sorted_findings(findings)
    with_report = report_column and any(_which_report(f) for f in ordered)
    head = ["severity", "rule", *(["report"] if with_report else []), "message"]
    head += ["expected", "actual", "difference", "keys"]
    rows = [_tr(_th(h, "govinfo-col") for h in head)]
    for f in ordered:
        keys = list(f.keys)
        shown = ", ".join(keys[:MAX_KEYS_SHOWN])
        if len(keys) > MAX_KEYS_SHOWN:
            shown += f", … (+{len(keys) - MAX_KEYS_SHOWN})"
        severity = str(f.severity)
        cells = [
            f'<td class="govinfo-sev-{_e(severity)}">{_e(severity)}</td>',
            f'<td class="govinfo-rule" title="id {_e(f.id)}"><code>{_e(f.rule)}</code>'
            f'<br><small class="govinfo-id">{_e(f.id)}</small></td>',
            *([f"<td>{_e(_which_report(f))}</td>"] if with_report else []),
            f"<td>{_e(f.message)}</td>",
            *(
                f'<td class="govinfo-num">{_e(format_value(v))}</td>'
                for v in (f.expected, f.actual, f.difference)
            ),
            f'<td><code class="govinfo-keys" title="{_e(", ".join(keys))}">{_e(shown)}</code></td>',
        ]
        rows.append(_tr(cells))
    return '<table class="govinfo-table govinfo-findings">' + "".join(rows) + "</table>"


def _summary(check_result: CheckResult) -> str:
    counts = check_result.counts
    if not counts:
        if check_result.ok:
            return '<div class="govinfo-head govinfo-ok">✓ no findings</div>'
        return '<div class="govinfo-head govinfo-fail">✗ checks failed</div>'
    parts = ", ".join(plural(n, severity) for severity, n in counts.items())
    cls = "govinfo-ok" if check_result.ok else "govinfo-fail"
    mark = "✓" if check_result.ok else "✗"
    return f'<div class="govinfo-head {cls}">{mark} checks: {_e(parts)}</div>'


def _record(value: object) -> list[tuple[str, object]] | None:
    """The fields of an attrs instance as ``(name, value)``, or ``None`` for anything else."""
    if not attrs.has(type(value)):
        return None
    cls: type[Any] = type(value)
    return [(a.name, getattr(value, a.name)) for a in attrs.fields(cls)]


def _statistics_html(statistics: object) -> str:
    """Statistics as a table: a mapping (of numbers or of attrs records, one row each) or a record."""
    if statistics is None:
        return ""
    if isinstance(statistics, Mapping):
        items = [(str(k), v) for k, v in statistics.items()]
    else:
        record = _record(statistics)
        if record is None:
            return f'<div class="govinfo-muted">{_e(statistics)}</div>'
        items = record
    if not items:
        return ""
    records = [_record(v) for _, v in items]
    if all(r is not None for r in records):
        names = [n for n, _ in records[0] or []]
        rows = [_tr(_th(h, "govinfo-col") for h in ["rule", *names])]
        for (key, _), record in zip(items, records, strict=True):
            values = "".join(f'<td class="govinfo-num">{_e(v)}</td>' for _, v in record or [])
            rows.append(f"<tr><th>{_e(key)}</th>{values}</tr>")
    else:
        rows = [f"<tr><th>{_e(k)}</th><td>{_e(format_value(v))}</td></tr>" for k, v in items]
    return '<table class="govinfo-table govinfo-statistics">' + "".join(rows) + "</table>"


# --- public API ----------------------------------------------------------------------------------


def _report_line(report: Report) -> str:
    """The report's one line: agency, year, edition, cells reported of all, diagnostics."""
    meta = report.meta
    cells = table_values(report)
    filled = sum(1 for value in cells if value is not None)
    edition = f"{meta.edition} edition" if meta.edition else "edition unknown"
    agency = _truncate(" ".join((meta.agency or "?").split()), 40)
    return (
        f"<Report {agency} {meta.year or '?'} ({edition}), "
        f"{filled}/{len(cells)} cells, {plural(len(report.diagnostics), 'diagnostic')}>"
    )


def _cell_values(part: Part) -> list[tuple[str, object]]:
    """Every value cell below ``part``, in model order: ``(attribute path, value)``."""
    cells: list[tuple[str, object]] = []
    for cell in cell_fields(type(part), ""):
        names = [a.name for a in cell.parents] + [cell.attribute.name]
        cells.append((".".join(names), functools.reduce(getattr, names, part)))
    return cells


def _table_name(part: Part) -> str:
    """The report attribute holding the table ``part``: ``active``, ``requests`` or
    ``review_litigation``."""
    if isinstance(part, ReviewLitigation):
        return "review_litigation"
    return "requests" if isinstance(part, RequestTable) else "active"


def _short(value: object) -> str:
    """A value in a one-line repr: ``None`` as such, numbers as :func:`format_value` writes them."""
    return "None" if value is None else format_value(value)


def part_repr(part: Part) -> str:
    """One short line: ``<ApplicantCounts total 2: natural_person 1, …, other_org 0>`` for a row
    of applicant counts, ``<RequestTable2021 三、收到和处理政府信息公开申请情况: 12/175 cells>`` for a
    table (cells reported, of all)."""
    cells = _cell_values(part)
    name = type(part).__name__
    if isinstance(part, ApplicantCounts):
        if all(value is None for _, value in cells):
            return f"<{name} not reported>"
        values = dict(cells)
        total = values.pop("total")
        shown = ", ".join(f"{key} {_short(value)}" for key, value in values.items())
        return f"<{name} total {_short(total)}: {shown}>"
    field = attrs.fields_dict(Report)[_table_name(part)]
    filled = sum(1 for _, value in cells if value is not None)
    return f"<{name} {label(field)}: {filled}/{len(cells)} cells>"


def report_repr(report: Report) -> str:
    """``<Report 朔州市统计局 2023 (2019 edition), 180/183 cells, 3 diagnostics>`` (one short line)."""
    return _report_line(report)


def report_html(report: Report) -> str:
    """An HTML fragment for notebooks: metadata, failed checks, diagnostics, tables, text."""
    check_result = check(report)
    findings = list(check_result.findings)
    marks = _Marks(findings, report.diagnostics)
    parts = [
        '<div class="govinfo govinfo-report">',
        _STYLE,
        f'<div class="govinfo-head">{_e(_report_line(report))}</div>',
        _meta_html(report),
    ]
    parts += ['<div class="govinfo-checks">', _summary(check_result)]
    if findings:
        parts.append(_findings_html(findings, report_column=False))
    parts.append("</div>")
    parts.append(_diagnostics_html(report.diagnostics))
    labels = {a.name: label(a) for a in attrs.fields(Report) if "label" in a.metadata}
    tables = []
    if report.active is not None:
        tables.append(active_table(report.active))
    if report.requests is not None:
        tables.append(requests_table(report.requests))
    if report.review_litigation is not None:
        tables.append(review_table(report.review_litigation))
    for table in tables:
        parts += [f'<h4 class="govinfo-h">{_e(labels[table.name])}</h4>', _table_html(table, marks)]
    if report.edition is None:
        parts.append('<p class="govinfo-muted">No tables (edition unknown).</p>')
    for name in ("overview", "problems", "other_matters"):
        parts.append(_section_html(getattr(report, name), labels[name]))
    parts.append("</div>")
    return "".join(parts)


def check_result_html(check_result: CheckResult) -> str:
    """An HTML fragment for a check result: a summary line, the findings (errors first), statistics."""
    findings = list(check_result.findings)
    parts = ['<div class="govinfo govinfo-checks">', _STYLE, _summary(check_result)]
    if findings:
        parts.append(_findings_html(findings))
    parts.append(_statistics_html(check_result.statistics))
    parts.append("</div>")
    return "".join(parts)


__all__ = [
    "Part",
    "check_result_html",
    "diagnostics_summary",
    "format_value",
    "part_repr",
    "report_html",
    "report_repr",
]
