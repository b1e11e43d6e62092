"""One body's report against its previous year's: :func:`diff` (``govinfo.diff``, ``govinfo diff``).

Every fact that changed (old, new, difference), grouped by table; the cross-year rules (X1: this
year's carried-over applications equal last year's carried-forward ones; X2) with their findings;
and the text sections compared sentence by sentence: the share of this year's sentences that last
year's report already had word for word (spaces aside), and the sentences added and dropped.
Written as text, Markdown or one self-contained HTML page (:meth:`Comparison.render`).

>>> import govinfo
>>> last = govinfo.parse_file("examples/reports/000_1d238fd19279e9cb.txt")
>>> this = govinfo.from_facts({**govinfo.facts(last), "meta.year": 2024, "requests.granted.total": 7})
>>> comparison = govinfo.diff(last, this)
>>> [(c.key, c.old, c.new) for c in comparison.changes if c.table == "requests"]
[('requests.granted.total', 0, 7)]
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from attrs import frozen

from . import checks
from .checks import Finding
from .facts import FactValue, facts, vocabulary
from .layout import value_text
from .model import Report, Section
from .wording import plural

__all__ = ["FORMATS", "Comparison", "FactChange", "TextComparison", "diff", "sentences"]

Format = Literal["text", "markdown", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html")

# The groups of facts, by key prefix, in the order the report has them.
TABLES = (
    ("meta", "报告信息 / the report"),
    ("active", "二、主动公开 / active disclosure"),
    ("requests", "三、依申请公开 / requests"),
    ("review_litigation", "四、行政复议和行政诉讼 / review and litigation"),
    ("stated", "正文所述数字 / figures the text states"),
)
SECTIONS = (
    ("overview", "一、总体情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


@frozen(kw_only=True)
class FactChange:
    """A fact whose value differs: ``difference`` is ``new - old`` when both are numbers."""

    key: str
    table: str
    label: str
    old: FactValue
    new: FactValue
    difference: int | Decimal | None


@frozen(kw_only=True)
class TextComparison:
    """One text section, this year against last: sentences (spaces removed) kept word for word,
    added and dropped."""

    section: str
    title: str
    sentences: int  # this year's
    reused: int  # of them, in last year's section too
    added: tuple[str, ...]
    dropped: tuple[str, ...]

    @property
    def reused_share(self) -> float | None:
        """The share of this year's sentences that last year's section had (``None``: no sentence)."""
        return self.reused / self.sentences if self.sentences else None


@frozen(kw_only=True)
class Comparison:
    """What :func:`diff` finds between two reports of one body."""

    last: Report
    this: Report
    changes: tuple[FactChange, ...]
    findings: tuple[Finding, ...]
    cross_year: bool  # whether the cross-year rules applied (consecutive years)
    texts: tuple[TextComparison, ...]

    def render(self, fmt: Format = "text") -> str:
        """The comparison as ``text``, ``markdown`` or a self-contained ``html`` page."""
        if fmt == "html":
            return _html(self)
        if fmt == "markdown":
            return _markdown(self)
        if fmt == "text":
            return _text(self)
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def diff(last: Report, this: Report) -> Comparison:
    """Compare ``this`` report with ``last`` (the same body's report of the year before)."""
    old, new = facts(last), facts(this)
    labels = {spec.key: _label(spec.row_label, spec.column_label) for spec in vocabulary()}
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        if before == after and type(before) is type(after):
            continue
        changes.append(
            FactChange(
                key=key,
                table=key.split(".", 1)[0],
                label=labels.get(key, ""),
                old=before,
                new=after,
                difference=_difference(before, after),
            )
        )
    order = {name: i for i, (name, _title) in enumerate(TABLES)}
    changes.sort(key=lambda c: order.get(c.table, len(order)))
    cross_year = last.meta.year is not None and this.meta.year == last.meta.year + 1
    findings = checks.cross_year(last, this, {-1: old, 0: new}) if cross_year else []
    texts = tuple(
        _compare_text(name, title, getattr(last, name), getattr(this, name)) for name, title in SECTIONS
    )
    return Comparison(
        last=last,
        this=this,
        changes=tuple(changes),
        findings=tuple(findings),
        cross_year=cross_year,
        texts=texts,
    )


def _label(row: str, column: str) -> str:
    return " / ".join(part for part in (row, column) if part)


def _difference(old: FactValue, new: FactValue) -> int | Decimal | None:
    numbers = (int, Decimal)
    if isinstance(old, numbers) and isinstance(new, numbers) and not isinstance(old, bool):
        return None if isinstance(new, bool) else new - old
    return None


def sentences(section: Section) -> list[str]:
    """A section's sentences, spaces removed, in order (its heading not among them)."""
    parts = [*section.paragraphs]
    for sub in section.subsections:
        parts += [sub.heading, *sub.paragraphs]
    out = []
    for part in parts:
        for match in _SENTENCE.finditer(part):
            sentence = "".join(match.group().split())
            if sentence and sentence not in "。！？；!?;":
                out.append(sentence)
    return out


def _compare_text(name: str, title: str, last: Section, this: Section) -> TextComparison:
    before, after = sentences(last), sentences(this)
    known, kept = set(before), set(after)
    return TextComparison(
        section=name,
        title=title,
        sentences=len(after),
        reused=sum(1 for s in after if s in known),
        added=tuple(dict.fromkeys(s for s in after if s not in known)),
        dropped=tuple(dict.fromkeys(s for s in before if s not in kept)),
    )


# --- writing --------------------------------------------------------------------------------------


def _value(value: FactValue) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    return value_text(value) or str(value)


def _signed(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    text = value_text(value) or ""
    return f"+{text}" if value > 0 else text


def _about(report: Report) -> str:
    meta = report.meta
    about = " ".join(str(part) for part in (meta.agency, meta.year and f"{meta.year}年") if part) or "?"
    return f"{about} ({report.source})" if report.source else about


def _changed(c: Comparison) -> str:
    return f"{plural(len(c.changes), 'fact')} changed"


def _not_applied(c: Comparison) -> str:
    last, this = c.last.meta.year, c.this.meta.year
    if last is not None and last == this:
        return f"not applied: both reports are of {this} (a correction?)"
    return "not applied: the years are not consecutive"


def _grouped(comparison: Comparison) -> Iterable[tuple[str, list[FactChange]]]:
    for name, title in TABLES:
        group = [c for c in comparison.changes if c.table == name]
        if group:
            yield title, group


def _share(text: TextComparison) -> str:
    share = text.reused_share
    if share is None:
        return "no sentences"
    return f"{text.reused}/{text.sentences} sentences reused ({share:.0%})"


def _text(c: Comparison) -> str:
    lines = [f"{_about(c.this)} against {_about(c.last)}: {_changed(c)}"]
    for title, group in _grouped(c):
        lines.append(f"\n{title}")
        for change in group:
            diff_text = f" ({_signed(change.difference)})" if change.difference is not None else ""
            label = f"  ({change.label})" if change.label else ""
            lines.append(f"  {change.key}: {_value(change.old)} → {_value(change.new)}{diff_text}{label}")
    lines.append("\ncross-year rules:")
    if not c.cross_year:
        lines.append(f"  {_not_applied(c)}")
    elif not c.findings:
        lines.append("  all hold")
    for finding in c.findings:
        lines.append(f"  {finding.severity.upper()} {finding.rule}: {finding.message} — id {finding.id}")
    lines.append("\ntext sections:")
    for text in c.texts:
        lines.append(f"  {text.title}: {_share(text)}")
        lines += [f"    + {s}" for s in text.added]
        lines += [f"    - {s}" for s in text.dropped]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown(c: Comparison) -> str:
    lines = [f"# {_about(c.this)} against {_about(c.last)}", "", f"{_changed(c)}."]
    for title, group in _grouped(c):
        lines += ["", f"## {title}", "", "| fact | cell | last year | this year | difference |"]
        lines.append("|---|---|--:|--:|--:|")
        for change in group:
            lines.append(
                f"| `{change.key}` | {_cell(change.label)} | {_value(change.old)} | {_value(change.new)} "
                f"| {_signed(change.difference)} |"
            )
    lines += ["", "## Cross-year rules", ""]
    if not c.cross_year:
        lines.append(_not_applied(c).capitalize() + ".")
    elif not c.findings:
        lines.append("All hold.")
    lines += [f"- **{f.severity}** {f.rule}: {_cell(f.message)} (`{f.id}`)" for f in c.findings]
    lines += ["", "## Text sections"]
    for text in c.texts:
        lines += ["", f"### {text.title}", "", _share(text) + "."]
        if text.added:
            lines += ["", "Added:", ""] + [f"- {_cell(s)}" for s in text.added]
        if text.dropped:
            lines += ["", "Dropped:", ""] + [f"- {_cell(s)}" for s in text.dropped]
    return "\n".join(lines) + "\n"


_STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #999;padding:.2em .5em;text-align:left}td.n{text-align:right}"
    ".added{color:#063}.dropped{color:#900;text-decoration:line-through}"
    "@media print{body{margin:0}}"
)


def _html(c: Comparison) -> str:
    e = html.escape
    title = f"{_about(c.this)} against {_about(c.last)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(_changed(c))}.</p>",
    ]
    for group_title, group in _grouped(c):
        out.append(f"<h2>{e(group_title)}</h2><table>")
        out.append(
            "<tr><th>fact</th><th>cell</th><th>last year</th><th>this year</th><th>difference</th></tr>"
        )
        for change in group:
            out.append(
                f"<tr><td><code>{e(change.key)}</code></td><td>{e(change.label)}</td>"
                f'<td class="n">{e(_value(change.old))}</td><td class="n">{e(_value(change.new))}</td>'
                f'<td class="n">{e(_signed(change.difference))}</td></tr>'
            )
        out.append("</table>")
    out.append("<h2>Cross-year rules</h2>")
    if not c.cross_year:
        out.append(f"<p>{e(_not_applied(c).capitalize())}.</p>")
    elif not c.findings:
        out.append("<p>All hold.</p>")
    else:
        out.append("<ul>")
        out += [
            f"<li><b>{e(f.severity)}</b> {e(f.rule)}: {e(f.message)} (<code>{e(f.id)}</code>)</li>"
            for f in c.findings
        ]
        out.append("</ul>")
    out.append("<h2>Text sections</h2>")
    for text in c.texts:
        out.append(f"<h3>{e(text.title)}</h3><p>{e(_share(text))}</p>")
        if text.added or text.dropped:
            out.append("<ul>")
            out += [f'<li class="added">+ {e(s)}</li>' for s in text.added]
            out += [f'<li class="dropped">− {e(s)}</li>' for s in text.dropped]
            out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
