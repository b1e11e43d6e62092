"""Hypothesis strategies: generated reports of both editions; and one small fixed report.

``reports()`` gives valid reports whose present numbers are all different and non-zero, with
``None`` cells, decimal amounts and negative changes; ``consistent_reports()`` gives reports
where every arithmetic rule of the format holds.  ``small_report()`` is a hand-made 2021 report
with a few values and one diagnostic, for tests of what is done with a report.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

import govinfo
from govinfo.diagnostics import Diagnostic, SourcePosition
from govinfo.facts import table_fields
from govinfo.model import (
    APPLICANT_COLUMNS,
    EDITIONS,
    TABLE_CLASSES,
    Edition,
    Meta,
    Report,
    ReviewLitigation,
    Section,
    StatisticsPeriod,
    Subsection,
)

AGENCIES = (
    "朔州市统计局",
    "西宁市湟中区统计局",
    "淮安市人民政府",
    "宁波市北仑区应急管理局",
    "南充市司法局",
    "杭州市西湖区人民政府办公室",
    "满洲里市交通运输局",
    "广州市天河区住房和城乡建设局",
)

PHRASES = (
    "我局认真贯彻落实政府信息公开条例",
    "不断健全完善政务公开工作制度",
    "扎实做好政府信息公开工作",
    "切实保障人民群众的知情权",
    "进一步加强政府信息公开平台建设",
    "规范依申请公开办理流程",
    "加强信息发布审核",
    "及时回应社会关切",
    "严格落实保密审查制度",
    "定期开展网站栏目检查",
    "全年在门户网站发布各类信息",
    "持续优化公开内容",
)

SUBHEADINGS = (
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
)


@st.composite
def paragraphs(draw: st.DrawFn, min_size: int = 1, max_size: int = 3) -> tuple[str, ...]:
    """Prose paragraphs made of report-like phrases, some with numbers in them."""
    out = []
    for _ in range(draw(st.integers(min_size, max_size))):
        parts = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4))
        if draw(st.booleans()):
            parts.append(f"全年发布信息{draw(st.integers(1, 9999))}条")  # a number, but no stated figure
        out.append("，".join(parts) + "。")
    return tuple(out)


@st.composite
def sections(draw: st.DrawFn, heading: str, with_subsections: bool = False) -> Section:
    subs: tuple[Subsection, ...] = ()
    if with_subsections and draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(SUBHEADINGS), min_size=1, max_size=5, unique=True))
        subs = tuple(
            Subsection(heading=n, paragraphs=draw(paragraphs(max_size=2)))
            for n in sorted(names, key=SUBHEADINGS.index)
        )
    return Section(heading=heading, paragraphs=draw(paragraphs()), subsections=subs)


def _period(year: int) -> StatisticsPeriod:
    return StatisticsPeriod(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))


@st.composite
def metas(draw: st.DrawFn, edition: Edition) -> Meta:
    year = draw(st.integers(2019, 2025))
    period = None
    if draw(st.booleans()):
        period = _period(year)
    published = None
    if draw(st.booleans()):
        published = datetime.date(year + 1, 1, draw(st.integers(1, 31)))
    agency = draw(st.sampled_from(AGENCIES))
    return Meta(
        agency=agency,
        year=year,
        edition=edition,
        title=f"{agency}{year}年政府信息公开工作年度报告",
        publication_date=published,
        statistics_period=period,
    )


def _assemble(cls: type[Any], prefix: str, values: dict[str, Any]) -> Any:
    kwargs = {}
    for attribute in attrs.fields(cls):
        key = f"{prefix}.{attribute.name}"
        if "kind" in attribute.metadata:
            kwargs[attribute.name] = values.get(key)
        else:
            kwargs[attribute.name] = _assemble(attribute.default.factory, key, values)
    return cls(**kwargs)


def assemble(meta: Meta, values: dict[str, Any], **sections: Section) -> Report:
    """A report of ``meta.edition`` whose cells are ``values`` (fact key → value)."""
    assert meta.edition is not None
    active_cls, requests_cls = TABLE_CLASSES[meta.edition]
    return Report(
        meta=meta,
        active=_assemble(active_cls, "active", values),
        requests=_assemble(requests_cls, "requests", values),
        review_litigation=_assemble(ReviewLitigation, "review_litigation", values),
        **dict[str, Any](sections),
    )


@st.composite
def text_sections(draw: st.DrawFn) -> dict[str, Section]:
    return {
        "overview": draw(sections("一、总体情况", with_subsections=True)),
        "problems": draw(sections("五、存在的主要问题及改进情况")),
        "other_matters": _with_fee_statement(draw(sections("六、其他需要报告的事项"))),
    }


FEE_STATEMENT = "信息处理费的收取按国家有关规定执行。"
"""What section 六 says about 信息处理费 in generated reports: the 2021 format asks it to (rule T4);
it states no figure (generated reports state none: ``tests/test_stated.py`` makes those)."""


def _with_fee_statement(section: Section) -> Section:
    return attrs.evolve(section, paragraphs=(*section.paragraphs, FEE_STATEMENT))


@st.composite
def reports(
    draw: st.DrawFn, edition: Edition | None = None, none_rate: float = 0.1, max_value: int = 10**6
) -> Report:
    """A valid report: present numbers all different and non-zero; ``None``, decimals, negatives."""
    edition = edition or draw(st.sampled_from(EDITIONS))
    fields = table_fields(edition)
    n = len(fields)
    numbers = draw(st.lists(st.integers(1, max_value), min_size=n, max_size=n, unique=True))
    blank = draw(st.sets(st.integers(0, len(fields) - 1), max_size=int(len(fields) * none_rate)))
    values: dict[str, Any] = {}
    for i, ((key, attribute), n) in enumerate(zip(fields, numbers, strict=True)):
        if i in blank:
            values[key] = None
            continue
        kind = attribute.metadata["kind"]
        if kind == "change":
            values[key] = -n if draw(st.booleans()) else n
        elif kind == "amount":
            values[key] = Decimal(n).scaleb(-draw(st.integers(0, 2)))
        else:
            values[key] = n
    assert edition is not None
    return assemble(draw(metas(edition)), values, **draw(text_sections()))


def _row(draw: st.DrawFn, hi: int) -> list[int]:
    return [draw(st.integers(0, hi)) for _ in APPLICANT_COLUMNS]


@st.composite
def consistent_reports(draw: st.DrawFn, edition: Edition | None = None) -> Report:
    """A report where every rule of the format holds (no ``None`` cells in the checked tables)."""
    edition = edition or draw(st.sampled_from(EDITIONS))
    values: dict[str, Any] = {}
    result_keys = [
        key.rsplit(".", 1)[0]
        for key, _ in table_fields(edition)
        if key.startswith("requests.")
        and key.endswith(".natural_person")
        and key.split(".")[1] not in ("new_received", "carried_over", "results_total", "carried_forward")
    ]
    columns: dict[str, list[int]] = {}
    for row in result_keys:
        columns[row] = _row(draw, 500)
    results = [sum(columns[r][i] for r in result_keys) for i in range(len(APPLICANT_COLUMNS))]
    forward = _row(draw, 300)
    over = [draw(st.integers(0, results[i] + forward[i])) for i in range(len(APPLICANT_COLUMNS))]
    new = [results[i] + forward[i] - over[i] for i in range(len(APPLICANT_COLUMNS))]
    columns["requests.results_total"] = results
    columns["requests.carried_forward"] = forward
    columns["requests.carried_over"] = over
    columns["requests.new_received"] = new
    for row, cells in columns.items():
        for name, v in zip(APPLICANT_COLUMNS, cells, strict=True):
            values[f"{row}.{name}"] = v
        values[f"{row}.total"] = sum(cells)
    for group in ("review", "litigation_direct", "litigation_after_review"):
        parts = [draw(st.integers(0, 400)) for _ in range(4)]
        for name, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            values[f"review_litigation.{group}.{name}"] = v
        values[f"review_litigation.{group}.total"] = sum(parts)
    for key, attribute in table_fields(edition):
        if key.startswith("active."):
            kind = attribute.metadata["kind"]
            if kind == "change":
                values[key] = draw(st.integers(-500, 500))
            elif kind == "amount":
                values[key] = Decimal(draw(st.integers(0, 10**6))).scaleb(-2)
            else:
                values[key] = draw(st.integers(0, 10**5))
    assert edition is not None
    return assemble(draw(metas(edition)), values, **draw(text_sections()))


__all__ = ["AGENCIES", "assemble", "consistent_reports", "paragraphs", "reports"]


def _count(values: dict[str, Any], key: str) -> int:
    value = values[key]
    assert isinstance(value, int)
    return value


@st.composite
def consistent_report_pairs(draw: st.DrawFn, edition: Edition | None = None) -> tuple[Report, Report]:
    """Two consistent reports of one agency, years Y-1 and Y, where the cross-year rules hold too.

    This year's 上年结转 is last year's 结转下年度继续办理 (X1); when both are 2021 reports, this year's
    现行有效件数 is last year's plus 本年制发 minus 本年废止 (X2).  Editions may differ.
    """
    from govinfo.facts import facts

    last = draw(consistent_reports(edition))
    this = draw(consistent_reports(edition))
    before: dict[str, Any] = facts(last)
    values: dict[str, Any] = facts(this)
    for name in APPLICANT_COLUMNS:
        over = _count(before, f"requests.carried_forward.{name}")
        results = _count(values, f"requests.results_total.{name}")
        forward = max(_count(values, f"requests.carried_forward.{name}"), over - results)
        values[f"requests.carried_over.{name}"] = over
        values[f"requests.carried_forward.{name}"] = forward
        values[f"requests.new_received.{name}"] = results + forward - over
    for row in ("carried_over", "carried_forward", "new_received"):
        values[f"requests.{row}.total"] = sum(
            _count(values, f"requests.{row}.{n}") for n in APPLICANT_COLUMNS
        )
    if last.meta.edition == this.meta.edition == "2021":
        for row in ("regulations", "normative_documents"):
            available = _count(before, f"active.{row}.in_force") + _count(values, f"active.{row}.issued")
            repealed = min(_count(values, f"active.{row}.repealed"), available)
            values[f"active.{row}.repealed"] = repealed
            values[f"active.{row}.in_force"] = available - repealed
    assert last.meta.year is not None
    year = last.meta.year + 1
    meta = attrs.evolve(
        this.meta,
        agency=last.meta.agency,
        year=year,
        title=f"{last.meta.agency}{year}年政府信息公开工作年度报告",
        statistics_period=this.meta.statistics_period and _period(year),
        publication_date=this.meta.publication_date and this.meta.publication_date.replace(year=year + 1),
    )
    sections = {"overview": this.overview, "problems": this.problems, "other_matters": this.other_matters}
    return last, assemble(meta, values, **sections)


def small_report(fees: Decimal, provenance: dict[str, SourcePosition] | None = None) -> Report:
    """A 2021 report with a count (5), a zero, the amount ``fees``, one diagnostic naming
    ``requests.granted.commercial`` (line 40), and ``provenance``."""
    report = govinfo.from_facts(
        {
            "meta.agency": "朔州市统计局",
            "meta.year": 2023,
            "meta.edition": "2021",
            "active.fees.amount": fees,
            "requests.granted.total": 5,
            "requests.granted.natural_person": 0,
        }
    )
    diagnostic = Diagnostic(
        code="ambiguous-split",
        severity="warning",
        message="cells glued together",
        line=40,
        keys=("requests.granted.commercial",),
    )
    return attrs.evolve(report, diagnostics=(diagnostic,), provenance=provenance or {})
