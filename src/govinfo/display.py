"""Notebook display: a short ``repr`` and ``_repr_html_`` for reports and check reports.

The HTML is a fragment built with the standard library only (``html.escape``): scoped inline
CSS (every class starts with ``govinfo``), the metadata, failed checks and diagnostics on top,
then the three tables laid out like the official format and a preview of the text sections.
Every label comes from the model's field metadata; every cell carries its fact key in
``data-key``.  A ``None`` cell (not reported) is shown as a muted ``—``, never as ``0``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .checks import CheckResult, Finding, check
from .diagnostics import Diagnostic
from .facts import facts
from .model import (
    APPLICANTS,
    INFO_CONTENT,
    LEGAL_PERSONS,
    REQUESTS_NOTE,
    RESULTS_GROUP,
    ApplicantCounts,
    CaseOutcomes,
    Report,
    ReviewLitigation,
    Section,
)

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


def _label(attribute: Any) -> str:
    return str(attribute.metadata["label"])


def _factory(attribute: Any) -> type[Any]:
    """The attrs class of a row or group field (its default factory)."""
    cls: type[Any] = attribute.default.factory
    return cls


def format_value(value: object) -> str:
    """A cell value as text: ``—`` for ``None``, decimals without exponent, the rest ``str``."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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


def _value_cells(row: Any, prefix: str, marks: _Marks, spans: Sequence[int] = ()) -> Iterator[str]:
    for i, attribute in enumerate(attrs.fields(type(row))):
        span = spans[i] if i < len(spans) else 1
        yield marks.cell(f"{prefix}.{attribute.name}", getattr(row, attribute.name), span)


# --- the three tables ----------------------------------------------------------------------------


def _active_table(active: Any, marks: _Marks) -> str:
    """二、主动公开政府信息情况: one title row per 第二十条 block, then 信息内容 and its columns."""
    blocks: list[tuple[str, list[Any]]] = []
    for attribute in attrs.fields(type(active)):
        block = str(attribute.metadata.get("block", ""))
        if not blocks or blocks[-1][0] != block:
            blocks.append((block, []))
        blocks[-1][1].append(attribute)
    width = max(len(attrs.fields(_factory(a))) for _, rows in blocks for a in rows)
    out: list[str] = []
    for block, rows in blocks:
        out.append(_tr([_th(block, "govinfo-block govinfo-col", colspan=width + 1)]))
        columns = attrs.fields(_factory(rows[0]))
        spans = [1] * (len(columns) - 1) + [width - len(columns) + 1]
        header = [_th(INFO_CONTENT, "govinfo-col")]
        header += [_th(_label(c), "govinfo-col", colspan=s) for c, s in zip(columns, spans, strict=True)]
        out.append(_tr(header))
        for attribute in rows:
            row = getattr(active, attribute.name)
            key = f"active.{attribute.name}"
            out.append(_tr([_th(_label(attribute)), *_value_cells(row, key, marks, spans)]))
    return '<table class="govinfo-table govinfo-active">' + "".join(out) + "</table>"


def _row_count(attribute: Any) -> int:
    cls = _factory(attribute)
    return 1 if cls is ApplicantCounts else len(attrs.fields(cls))


def _request_table(requests: Any, marks: _Marks) -> str:
    """三、收到和处理政府信息公开申请情况: 3 label columns, 7 applicant columns, grouped rows."""
    columns = attrs.fields(ApplicantCounts)
    first, *legal, total = (_label(c) for c in columns)
    out = [
        _tr(
            [
                _th(REQUESTS_NOTE, "govinfo-col", rowspan=3, colspan=3),
                _th(APPLICANTS, "govinfo-col", colspan=7),
            ]
        ),
        _tr(
            [
                _th(first, "govinfo-col", rowspan=2),
                _th(LEGAL_PERSONS, "govinfo-col", colspan=len(legal)),
                _th(total, "govinfo-col", rowspan=2),
            ]
        ),
        _tr(_th(label, "govinfo-col") for label in legal),
    ]
    fields = attrs.fields(type(requests))
    # Result rows are numbered （一）…（七） in the format; 一、二、四、 rows stand alone.
    results = [a for a in fields if _label(a).startswith("（")]
    results_rows = sum(_row_count(a) for a in results)
    for attribute in fields:
        value = getattr(requests, attribute.name)
        key = f"requests.{attribute.name}"
        if attribute not in results:
            out.append(_tr([_th(_label(attribute), colspan=3), *_value_cells(value, key, marks)]))
            continue
        lead = []
        if attribute is results[0]:
            lead.append(_th(RESULTS_GROUP, "govinfo-vertical", rowspan=results_rows))
        if isinstance(value, ApplicantCounts):
            out.append(_tr([*lead, _th(_label(attribute), colspan=2), *_value_cells(value, key, marks)]))
            continue
        subs = attrs.fields(type(value))
        for i, sub in enumerate(subs):
            group = [_th(_label(attribute), rowspan=len(subs))] if i == 0 else []
            cells = _value_cells(getattr(value, sub.name), f"{key}.{sub.name}", marks)
            out.append(_tr([*(lead if i == 0 else []), *group, _th(_label(sub)), *cells]))
    return '<table class="govinfo-table govinfo-requests">' + "".join(out) + "</table>"


def _review_table(review: ReviewLitigation, marks: _Marks) -> str:
    """四、行政复议、行政诉讼: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), 5 cells each."""
    outcomes = [_label(c) for c in attrs.fields(CaseOutcomes)]
    n = len(outcomes)
    # Labels are "行政复议" or "行政诉讼 未经复议直接起诉": group, then an optional sub-group.
    parts = [(a, *_label(a).partition(" ")[::2]) for a in attrs.fields(ReviewLitigation)]
    top: list[tuple[str, int]] = []
    for _, group, _sub in parts:
        if top and top[-1][0] == group:
            top[-1] = (group, top[-1][1] + n)
        else:
            top.append((group, n))
    row1 = [_th(group, "govinfo-col", colspan=span) for group, span in top]
    row2: list[str] = []
    row3: list[str] = []
    for _, _group, sub in parts:
        if sub:
            row2.append(_th(sub, "govinfo-col", colspan=n))
            row3.extend(_th(o, "govinfo-col") for o in outcomes)
        else:
            row2.extend(_th(o, "govinfo-col", rowspan=2) for o in outcomes)
    values: list[str] = []
    for attribute, _group, _sub in parts:
        key = f"review_litigation.{attribute.name}"
        values.extend(_value_cells(getattr(review, attribute.name), key, marks))
    rows = [_tr(row1), _tr(row2), *([_tr(row3)] if row3 else []), _tr(values)]
    return '<table class="govinfo-table govinfo-review">' + "".join(rows) + "</table>"


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
            f'<tr><th>{_e(_label(attribute))}</th><td data-key="meta.{attribute.name}">{text}</td></tr>'
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
    summary = _e(_plural(len(meta.evidence), "place")) + " stating the metadata"
    return (
        table + f'<details class="govinfo-evidence"><summary>{summary}</summary><ul>{places}</ul></details>'
    )


def _diagnostics_html(diagnostics: Sequence[Diagnostic]) -> str:
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
    opened = " open" if len(diagnostics) <= 20 else ""
    return (
        f'<details class="govinfo-diagnostics"{opened}><summary>'
        f"{_e(_plural(len(diagnostics), 'diagnostic'))}</summary><ul>{''.join(items)}</ul></details>"
    )


def _section_html(section: Section, label: str) -> str:
    heading = _e(section.heading or label)
    paragraphs = list(section.paragraphs)
    for sub in section.subsections:
        paragraphs.extend(sub.paragraphs)
    if not paragraphs and not section.subsections:
        return f'<h4 class="govinfo-h">{heading}</h4><p class="govinfo-para govinfo-muted">(empty)</p>'
    first = f'<p class="govinfo-para">{_e(_truncate(paragraphs[0], PREVIEW_CHARS))}</p>' if paragraphs else ""
    note = _plural(len(paragraphs), "paragraph")
    if section.subsections:
        headings = "、".join(sub.heading for sub in section.subsections)
        note += f", {_plural(len(section.subsections), 'sub-heading')}: {headings}"
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
            f'<td class="govinfo-rule"><code>{_e(f.rule)}</code></td>',
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
    counts: dict[str, int] = {}
    for f in check_result.findings:
        counts[str(f.severity)] = counts.get(str(f.severity), 0) + 1
    if not counts:
        if check_result.ok:
            return '<div class="govinfo-head govinfo-ok">✓ no findings</div>'
        return '<div class="govinfo-head govinfo-fail">✗ checks failed</div>'
    parts = ", ".join(_plural(counts[s], s) for s in sorted(counts, key=lambda s: _SEVERITY_ORDER.get(s, 9)))
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


def report_repr(report: Report) -> str:
    """``<Report 朔州市统计局 2023 (2019 edition), 180/183 cells, 3 diagnostics>`` (one short line)."""
    meta = report.meta
    values = facts(report)
    filled = sum(1 for k, v in values.items() if v is not None and not k.startswith("meta."))
    edition = f"{meta.edition} edition" if meta.edition else "edition unknown"
    agency = _truncate(" ".join((meta.agency or "?").split()), 40)
    return (
        f"<Report {agency} {meta.year or '?'} ({edition}), "
        f"{filled}/{len(values) - 3} cells, {_plural(len(report.diagnostics), 'diagnostic')}>"
    )


def report_html(report: Report) -> str:
    """An HTML fragment for notebooks: metadata, failed checks, diagnostics, tables, text."""
    check_result = check(report)
    findings = list(check_result.findings)
    marks = _Marks(findings, report.diagnostics)
    parts = [
        '<div class="govinfo govinfo-report">',
        _STYLE,
        f'<div class="govinfo-head">{_e(report_repr(report))}</div>',
        _meta_html(report),
    ]
    parts += ['<div class="govinfo-checks">', _summary(check_result)]
    if findings:
        parts.append(_findings_html(findings, report_column=False))
    parts.append("</div>")
    parts.append(_diagnostics_html(report.diagnostics))
    labels = {a.name: _label(a) for a in attrs.fields(Report) if "label" in a.metadata}
    if report.active is not None:
        parts += [f'<h4 class="govinfo-h">{_e(labels["active"])}</h4>', _active_table(report.active, marks)]
    if report.requests is not None:
        parts += [
            f'<h4 class="govinfo-h">{_e(labels["requests"])}</h4>',
            _request_table(report.requests, marks),
        ]
    if report.review_litigation is not None:
        parts += [
            f'<h4 class="govinfo-h">{_e(labels["review_litigation"])}</h4>',
            _review_table(report.review_litigation, marks),
        ]
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
    "check_result_html",
    "format_value",
    "report_html",
    "report_repr",
]
