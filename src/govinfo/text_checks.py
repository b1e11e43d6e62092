"""The text checks (T1–T6): what the prose says against the tables and the format.

:func:`outcomes` evaluates every instance of the text rules on one report and says, for each,
whether it passed, failed (with the evidence: the quoted sentence, the cell it disagrees with)
or could not be assessed.  :mod:`govinfo.checks` turns the failures into findings; the rules'
titles and severities are in its catalogue.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import NamedTuple

from .diagnostics import Code
from .facts import FactValue, table_fields, vocabulary
from .model import Edition, Report, Section, StatedFigure

PASSED, FAILED, NOT_ASSESSABLE = 0, 1, 2
Number = int | Decimal


class Failure(NamedTuple):
    """What a failed text rule instance found (the checks make a finding of it)."""

    message: str
    keys: tuple[str, ...] = ()
    expected: Number | None = None
    actual: Number | None = None
    quote: str | None = None
    line: int | None = None
    subject: str | None = None  # what it is about when no key says: a section, a heading


class Outcome(NamedTuple):
    """One rule instance: its rule, PASSED / FAILED / NOT_ASSESSABLE, and the failure if any."""

    rule: str
    status: int
    failure: Failure | None = None


# --- T1: a stated figure against its table cells ----------------------------------------------

# The table rows whose 总计 a stated figure of each kind is compared with (a row path with
# sub-rows stands for their sum).
_COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "requests.new_received": ("requests.new_received",),
    "requests.carried_over": ("requests.carried_over",),
    "requests.handled": ("requests.results_total",),
    "requests.carried_forward": ("requests.carried_forward",),
    "requests.granted": ("requests.granted",),
    "requests.partially_granted": ("requests.partially_granted",),
    "requests.denied": ("requests.denied",),
    "requests.unable": ("requests.unable",),
    "requests.not_processed": ("requests.not_processed",),
    "requests.other_handling": ("requests.other_handling",),
    "review.total": ("review_litigation.review",),
    "litigation.total": ("review_litigation.litigation_direct", "review_litigation.litigation_after_review"),
}
_OUTCOMES = {"upheld": "upheld", "corrected": "corrected", "other": "other outcome", "pending": "pending"}
_CELLS: dict[str, tuple[str, ...]] = {  # stated outcomes: one cell (复议) or the sum of two (诉讼)
    **{f"review.{o}": (f"review_litigation.review.{o}",) for o in _OUTCOMES},
    **{
        f"litigation.{o}": (
            f"review_litigation.litigation_direct.{o}",
            f"review_litigation.litigation_after_review.{o}",
        )
        for o in _OUTCOMES
    },
}
# What a finding calls each kind in English (the Chinese is its label in facts.tsv).
_ENGLISH = {
    "requests.new_received": "applications received",
    "requests.carried_over": "applications carried over",
    "requests.handled": "applications handled",
    "requests.carried_forward": "applications carried forward",
    "requests.granted": "granted",
    "requests.partially_granted": "partially granted",
    "requests.denied": "denied",
    "requests.unable": "unable to provide",
    "requests.not_processed": "not processed",
    "requests.other_handling": "other handling",
    "review.total": "administrative reviews",
    "litigation.total": "lawsuits",
    **{f"review.{o}": f"administrative reviews, {en}" for o, en in _OUTCOMES.items()},
    **{f"litigation.{o}": f"lawsuits, {en}" for o, en in _OUTCOMES.items()},
}


@functools.cache
def _chinese_names() -> dict[str, str]:
    """Each stated kind's label in ``facts.tsv`` (``本年新收申请``)."""
    return {s.key.removeprefix("stated."): s.row_label for s in vocabulary() if s.key.startswith("stated.")}


@functools.cache
def counterpart_keys(edition: Edition, kind: str) -> tuple[str, ...]:
    """The 总计 cells of ``edition`` that a stated figure of ``kind`` adds up to (``()``: none)."""
    if kind in _CELLS:
        return _CELLS[kind]
    keys = [key for key, _ in table_fields(edition)]
    out: list[str] = []
    for row in _COUNTERPARTS.get(kind, ()):
        if f"{row}.total" in keys:
            out.append(f"{row}.total")  # the row itself (a row of its own, or a group's total)
        else:
            out += [k for k in keys if k.startswith(f"{row}.") and k.endswith(".total")]
    return tuple(out)


def _stated_against_table(report: Report, values: Mapping[str, FactValue]) -> Iterator[Outcome]:
    edition = report.meta.edition
    if edition is None:
        return
    for figure in report.stated:
        keys = counterpart_keys(edition, figure.kind)
        if not keys or isinstance(figure.value, bool):
            continue
        cells = [values.get(k) for k in keys]
        if any(type(v) is not int for v in cells):
            yield Outcome("T1", NOT_ASSESSABLE)
            continue
        table = sum(v for v in cells if isinstance(v, int))
        if table == figure.value:
            yield Outcome("T1", PASSED)
            continue
        yield Outcome("T1", FAILED, _disagreement(figure, keys, table))


def _disagreement(figure: StatedFigure, keys: tuple[str, ...], table: int) -> Failure:
    zh, en = _chinese_names()[figure.kind], _ENGLISH[figure.kind]
    where = "表格" if len(keys) == 1 else f"表格（{len(keys)}项之和）"
    message = (
        f"正文称{zh} {figure.value}{figure.unit or ''}，{where}为 {table} / "
        f"the text states {figure.value} {en}, the table {table}"
    )
    return Failure(
        message=message,
        keys=(f"stated.{figure.kind}", *keys),
        expected=table,
        actual=figure.value if isinstance(figure.value, (int, Decimal)) else None,
        quote=figure.sentence,
        line=figure.line,
    )


# --- T2: headings; T3: sections present and not empty -------------------------------------------

_HEADING_CODES = frozenset({Code.HEADING_MISNUMBERED})


def _headings(report: Report) -> Iterator[Outcome]:
    """T2 from what the parser saw: a misnumbered heading, a heading out of place."""
    failed = False
    for d in report.diagnostics:
        out_of_place = d.code == Code.SKELETON_UNEXPECTED and d.message.startswith("heading ")
        if d.code in _HEADING_CODES or out_of_place:
            failed = True
            what = (
                "标题序号不符 / a heading is misnumbered"
                if not out_of_place
                else "标题位置不对 / a heading is out of place"
            )
            failure = Failure(
                message=f"{what}: {d.text or d.message}",
                quote=d.text,
                line=d.line,
                subject=d.text or d.message,
            )
            yield Outcome("T2", FAILED, failure)
    if not failed:
        yield Outcome("T2", PASSED)


_NOTHING = re.compile(r"^[\s。.、，,]*(?:无|暂无|没有|无。|/)?[\s。.]*$")
_REQUIRED = (
    ("overview", "一、总体情况", True),
    ("problems", "五、存在的主要问题及改进情况", True),
    ("other_matters", "六、其他需要报告的事项", False),
)


def _text_of(section: Section) -> str:
    parts = [*section.paragraphs]
    for sub in section.subsections:
        parts += [sub.heading or "", *sub.paragraphs]
    return "".join("".join(parts).split())


def _sections(report: Report) -> Iterator[Outcome]:
    for name, title, needs_content in _REQUIRED:
        section: Section = getattr(report, name)
        text = _text_of(section)
        if section.heading is None and not text:
            failure = Failure(
                message=f"未找到「{title}」部分（缺少或标题不规范）/ "
                f"the section {title} is not found (missing, or its heading is not the format's)",
                subject=name,
            )
            yield Outcome("T3", FAILED, failure)
        elif needs_content and _NOTHING.match(text):
            shown = text or "(nothing)"
            failure = Failure(
                message=f"「{title}」部分没有内容（{shown}）/ the section {title} says nothing ({shown})",
                quote=section.heading,
                subject=name,
            )
            yield Outcome("T3", FAILED, failure)
        else:
            yield Outcome("T3", PASSED)


# --- T4: the 信息处理费 statement ---------------------------------------------------------------

_FEE_WORDS = re.compile(r"处理费|收费|收取费用")


def _fees(report: Report) -> Iterator[Outcome]:
    charged = {f.value for f in report.stated if f.kind == "fees.charged"}
    if len(charged) > 1:
        said = [f for f in report.stated if f.kind == "fees.charged"]
        failure = Failure(
            message="正文对是否收取信息处理费说法不一 / "
            "the text both says and denies that 信息处理费 was charged",
            keys=("stated.fees.charged",),
            quote=" … ".join(dict.fromkeys(f.sentence or "" for f in said)),
            line=said[0].line,
            subject="contradiction",
        )
        yield Outcome("T4", FAILED, failure)
    if report.meta.edition != "2021":
        return
    section = report.other_matters
    if section.heading is None and not _text_of(section):
        yield Outcome("T4", NOT_ASSESSABLE)  # no section 六 (T3 says so)
        return
    if _FEE_WORDS.search(_text_of(section)):
        yield Outcome("T4", PASSED)
        return
    failure = Failure(
        message="「六、其他需要报告的事项」未说明信息处理费收取情况 / "
        "section 六 does not say whether 信息处理费 was charged",
        keys=("stated.fees.charged",),
        quote=report.other_matters.heading,
        subject="section 六 silent",
    )
    yield Outcome("T4", FAILED, failure)


# --- T5, T6: the dates -------------------------------------------------------------------------


def _dates(report: Report) -> Iterator[Outcome]:
    meta = report.meta
    period = meta.statistics_period
    if meta.year is None or period is None:
        yield Outcome("T5", NOT_ASSESSABLE)
    elif period.start.year == period.end.year == meta.year:
        yield Outcome("T5", PASSED)
    else:
        failure = Failure(
            message=f"统计期限 {period.start}—{period.end} 不在报告年度 {meta.year} 内 / "
            f"the statistics period {period.start} to {period.end} is not within the report year {meta.year}",
            keys=("meta.year",),
            expected=meta.year,
            actual=period.end.year if period.start.year == meta.year else period.start.year,
        )
        yield Outcome("T5", FAILED, failure)
    published = meta.publication_date
    if meta.year is None or published is None:
        yield Outcome("T6", NOT_ASSESSABLE)
    elif published.year >= meta.year:
        yield Outcome("T6", PASSED)
    else:
        failure = Failure(
            message=f"报告年度 {meta.year} 晚于发布日期 {published} / "
            f"the report year {meta.year} is later than its publication date {published}",
            keys=("meta.year",),
            expected=published.year,
            actual=meta.year,
        )
        yield Outcome("T6", FAILED, failure)


def outcomes(report: Report, values: Mapping[str, FactValue]) -> list[Outcome]:
    """Every text rule instance of ``report`` (``values``: its facts).  A report without any text
    (built from facts or in code) has no headings, sections or 信息处理费 statement to check."""
    has_text = any(_text_of(s) or s.heading for s in (report.overview, report.problems, report.other_matters))
    return [
        *_stated_against_table(report, values),
        *(_headings(report) if has_text else ()),
        *(_sections(report) if has_text else ()),
        *(_fees(report) if has_text else ()),
        *_dates(report),
    ]


__all__ = ["FAILED", "NOT_ASSESSABLE", "PASSED", "Failure", "Outcome", "counterpart_keys", "outcomes"]
