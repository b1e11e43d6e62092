"""The report model: frozen attrs classes, one per table and section, both editions.

Attribute names are the segments of the public fact keys (``requests.denied.state_secret.total``
is ``report.requests.denied.state_secret.total``); the Chinese label of every field is in its
metadata under ``"label"``; value fields carry ``"kind"``: ``count`` (``int >= 0``), ``change``
(signed ``int``, 2019 本年增/减) or ``amount`` (``Decimal`` in 万元).  ``None`` means "not reported".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar, get_args

from attrs import Attribute, field, fields, frozen

from . import views
from .diagnostics import Diagnostic, SourcePosition
from .exceptions import SchemaError

if TYPE_CHECKING:
    import pandas as pd

Edition = Literal["2019", "2021"]
EDITIONS: tuple[Edition, ...] = ("2019", "2021")
ValueKind = Literal["count", "change", "amount"]


def check_edition(edition: object) -> Edition:
    """``edition`` if it is one of :data:`EDITIONS`; else :class:`~govinfo.SchemaError`."""
    if isinstance(edition, str) and edition in EDITIONS:
        return edition
    raise SchemaError(f"unknown edition {edition!r}: the editions are '2019' and '2021'", ["meta.edition"])


T = TypeVar("T")


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    """attrs converter: paragraphs as a tuple."""
    return tuple(items)


def _subsections(items: Iterable[Subsection]) -> tuple[Subsection, ...]:
    return tuple(items)


def _diagnostics(items: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(items)


def count(label: str) -> Any:
    """A non-negative count cell (``int | None``)."""
    return field(default=None, metadata={"label": label, "kind": "count"})


def change(label: str) -> Any:
    """A signed change cell, 2019 ``本年增/减`` (``int | None``, may be negative)."""
    return field(default=None, metadata={"label": label, "kind": "change"})


def amount(label: str) -> Any:
    """An amount cell in 万元 (``Decimal | None``)."""
    return field(default=None, metadata={"label": label, "kind": "amount"})


def part(cls: type[T], label: str, block: str | None = None) -> Any:
    """A row or group of rows; defaults to an all-``None`` instance."""
    meta: dict[str, str] = {"label": label}
    if block is not None:
        meta["block"] = block
    return field(factory=cls, metadata=meta)


def _part_repr(self: Any) -> str:
    """A table's or an applicant-count row's one-line repr (the ``part.repr`` view)."""
    shown: str | None = views.show("part.repr", self)
    return f"<{type(self).__name__}>" if shown is None else shown


# --- header texts of the tables that are not fields (render and display write them) ---------

INFO_CONTENT = "信息内容"
REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"
RESULTS_GROUP = "三、本年度办理结果"


# --- 二、主动公开政府信息情况 -------------------------------------------------------------

BLOCK_1 = "第二十条第（一）项"
BLOCK_5 = "第二十条第（五）项"
BLOCK_6 = "第二十条第（六）项"
BLOCK_8 = "第二十条第（八）项"
BLOCK_9 = "第二十条第（九）项"


@frozen(kw_only=True)
class DocumentCounts2019:
    """规章 / 规范性文件 row, 2019 edition."""

    made: int | None = count("本年新制作数量")
    published: int | None = count("本年新公开数量")
    total_published: int | None = count("对外公开总数量")


@frozen(kw_only=True)
class ItemCounts2019:
    """行政许可 / 其他对外管理服务事项 / 行政处罚 / 行政强制 row, 2019 edition."""

    previous: int | None = count("上一年项目数量")
    change: int | None = change("本年增/减")
    decisions: int | None = count("处理决定数量")


@frozen(kw_only=True)
class FeeItems2019:
    """行政事业性收费 row, 2019 edition."""

    previous: int | None = count("上一年项目数量")
    change: int | None = change("本年增/减")


@frozen(kw_only=True)
class Procurement2019:
    """政府集中采购 row, 2019 edition (第二十条第（九）项)."""

    projects: int | None = count("采购项目数量")
    amount: Decimal | None = amount("采购总金额")


@frozen(kw_only=True)
class ActiveDisclosure2019:
    """二、主动公开政府信息情况 — 2019 edition (5 blocks, 22 cells)."""

    __repr__ = _part_repr

    regulations: DocumentCounts2019 = part(DocumentCounts2019, "规章", BLOCK_1)
    normative_documents: DocumentCounts2019 = part(DocumentCounts2019, "规范性文件", BLOCK_1)
    licensing: ItemCounts2019 = part(ItemCounts2019, "行政许可", BLOCK_5)
    other_services: ItemCounts2019 = part(ItemCounts2019, "其他对外管理服务事项", BLOCK_5)
    punishment: ItemCounts2019 = part(ItemCounts2019, "行政处罚", BLOCK_6)
    coercion: ItemCounts2019 = part(ItemCounts2019, "行政强制", BLOCK_6)
    fees: FeeItems2019 = part(FeeItems2019, "行政事业性收费", BLOCK_8)
    procurement: Procurement2019 = part(Procurement2019, "政府集中采购", BLOCK_9)


@frozen(kw_only=True)
class DocumentCounts2021:
    """规章 / 行政规范性文件 row, 2021 edition."""

    issued: int | None = count("本年制发件数")
    repealed: int | None = count("本年废止件数")
    in_force: int | None = count("现行有效件数")


@frozen(kw_only=True)
class Decisions2021:
    """行政许可 / 行政处罚 / 行政强制 row, 2021 edition."""

    decisions: int | None = count("本年处理决定数量")


@frozen(kw_only=True)
class Fees2021:
    """行政事业性收费 row, 2021 edition."""

    amount: Decimal | None = amount("本年收费金额（单位：万元）")


@frozen(kw_only=True)
class ActiveDisclosure2021:
    """二、主动公开政府信息情况 — 2021 edition (4 blocks, 10 cells)."""

    __repr__ = _part_repr

    regulations: DocumentCounts2021 = part(DocumentCounts2021, "规章", BLOCK_1)
    normative_documents: DocumentCounts2021 = part(DocumentCounts2021, "行政规范性文件", BLOCK_1)
    licensing: Decisions2021 = part(Decisions2021, "行政许可", BLOCK_5)
    punishment: Decisions2021 = part(Decisions2021, "行政处罚", BLOCK_6)
    coercion: Decisions2021 = part(Decisions2021, "行政强制", BLOCK_6)
    fees: Fees2021 = part(Fees2021, "行政事业性收费", BLOCK_8)


# --- 三、收到和处理政府信息公开申请情况 ------------------------------------------------------

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
)


@frozen(kw_only=True)
class ApplicantCounts:
    """One data row of table 三: six applicant columns and 总计."""

    __repr__ = _part_repr

    natural_person: int | None = count("自然人")
    commercial: int | None = count("商业企业")
    research: int | None = count("科研机构")
    social_welfare: int | None = count("社会公益组织")
    legal_services: int | None = count("法律服务机构")
    other_org: int | None = count("其他")
    total: int | None = count("总计")


@frozen(kw_only=True)
class Denied:
    """（三）不予公开 — eight reasons."""

    state_secret: ApplicantCounts = part(ApplicantCounts, "1.属于国家秘密")
    prohibited_by_law: ApplicantCounts = part(ApplicantCounts, "2.其他法律行政法规禁止公开")
    security_stability: ApplicantCounts = part(ApplicantCounts, "3.危及“三安全一稳定”")
    third_party_rights: ApplicantCounts = part(ApplicantCounts, "4.保护第三方合法权益")
    internal_affairs: ApplicantCounts = part(ApplicantCounts, "5.属于三类内部事务信息")
    process_info: ApplicantCounts = part(ApplicantCounts, "6.属于四类过程性信息")
    enforcement_files: ApplicantCounts = part(ApplicantCounts, "7.属于行政执法案卷")
    administrative_query: ApplicantCounts = part(ApplicantCounts, "8.属于行政查询事项")


@frozen(kw_only=True)
class Unable:
    """（四）无法提供 — three reasons."""

    not_held: ApplicantCounts = part(ApplicantCounts, "1.本机关不掌握相关政府信息")
    needs_creation: ApplicantCounts = part(ApplicantCounts, "2.没有现成信息需要另行制作")
    unclear: ApplicantCounts = part(ApplicantCounts, "3.补正后申请内容仍不明确")


@frozen(kw_only=True)
class NotProcessed:
    """（五）不予处理 — five reasons."""

    petition: ApplicantCounts = part(ApplicantCounts, "1.信访举报投诉类申请")
    duplicate: ApplicantCounts = part(ApplicantCounts, "2.重复申请")
    publication: ApplicantCounts = part(ApplicantCounts, "3.要求提供公开出版物")
    excessive: ApplicantCounts = part(ApplicantCounts, "4.无正当理由大量反复申请")
    confirmation: ApplicantCounts = part(ApplicantCounts, "5.要求行政机关确认或重新出具已获取信息")


@frozen(kw_only=True)
class OtherHandling2021:
    """（六）其他处理 — the three 2021 sub-rows."""

    no_correction: ApplicantCounts = part(
        ApplicantCounts, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    unpaid_fee: ApplicantCounts = part(
        ApplicantCounts, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    other: ApplicantCounts = part(ApplicantCounts, "3.其他")


@frozen(kw_only=True)
class RequestTable2019:
    """三、收到和处理政府信息公开申请情况 — 2019 edition (23 data rows × 7 columns)."""

    __repr__ = _part_repr

    new_received: ApplicantCounts = part(ApplicantCounts, "一、本年新收政府信息公开申请数量")
    carried_over: ApplicantCounts = part(ApplicantCounts, "二、上年结转政府信息公开申请数量")
    granted: ApplicantCounts = part(ApplicantCounts, "（一）予以公开")
    partially_granted: ApplicantCounts = part(
        ApplicantCounts, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    denied: Denied = part(Denied, "（三）不予公开")
    unable: Unable = part(Unable, "（四）无法提供")
    not_processed: NotProcessed = part(NotProcessed, "（五）不予处理")
    other_handling: ApplicantCounts = part(ApplicantCounts, "（六）其他处理")
    results_total: ApplicantCounts = part(ApplicantCounts, "（七）总计")
    carried_forward: ApplicantCounts = part(ApplicantCounts, "四、结转下年度继续办理")


@frozen(kw_only=True)
class RequestTable2021:
    """三、收到和处理政府信息公开申请情况 — 2021 edition (25 data rows × 7 columns)."""

    __repr__ = _part_repr

    new_received: ApplicantCounts = part(ApplicantCounts, "一、本年新收政府信息公开申请数量")
    carried_over: ApplicantCounts = part(ApplicantCounts, "二、上年结转政府信息公开申请数量")
    granted: ApplicantCounts = part(ApplicantCounts, "（一）予以公开")
    partially_granted: ApplicantCounts = part(
        ApplicantCounts, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    denied: Denied = part(Denied, "（三）不予公开")
    unable: Unable = part(Unable, "（四）无法提供")
    not_processed: NotProcessed = part(NotProcessed, "（五）不予处理")
    other_handling: OtherHandling2021 = part(OtherHandling2021, "（六）其他处理")
    results_total: ApplicantCounts = part(ApplicantCounts, "（七）总计")
    carried_forward: ApplicantCounts = part(ApplicantCounts, "四、结转下年度继续办理")


# --- 四、政府信息公开行政复议、行政诉讼情况 ---------------------------------------------------


@frozen(kw_only=True)
class CaseOutcomes:
    """Five cells of table 四: four results and 总计."""

    upheld: int | None = count("结果维持")
    corrected: int | None = count("结果纠正")
    other: int | None = count("其他结果")
    pending: int | None = count("尚未审结")
    total: int | None = count("总计")


@frozen(kw_only=True)
class ReviewLitigation:
    """四、政府信息公开行政复议、行政诉讼情况 (identical in both editions, 15 cells)."""

    __repr__ = _part_repr

    review: CaseOutcomes = part(CaseOutcomes, "行政复议")
    litigation_direct: CaseOutcomes = part(CaseOutcomes, "行政诉讼 未经复议直接起诉")
    litigation_after_review: CaseOutcomes = part(CaseOutcomes, "行政诉讼 复议后起诉")


# --- text sections and metadata ------------------------------------------------------------


@frozen(kw_only=True)
class Subsection:
    """A sub-heading inside a text section, e.g. （一）主动公开 inside 一、总体情况."""

    heading: str
    paragraphs: tuple[str, ...] = field(default=(), converter=_strings)


@frozen(kw_only=True)
class Section:
    """A text section (一、五、六): its heading as written, paragraphs, and sub-headed parts."""

    heading: str | None = None
    paragraphs: tuple[str, ...] = field(default=(), converter=_strings)
    subsections: tuple[Subsection, ...] = field(default=(), converter=_subsections)

    @property
    def text(self) -> str:
        """All paragraphs, sub-headings included, one per line."""
        lines = list(self.paragraphs)
        for sub in self.subsections:
            lines.append(sub.heading)
            lines.extend(sub.paragraphs)
        return "\n".join(lines)


@frozen(kw_only=True)
class StatisticsPeriod:
    """统计期限, when the report states it."""

    start: datetime.date
    end: datetime.date


@frozen(kw_only=True)
class MetaEvidence:
    """One place where a report states a metadata value: the field (``agency``, ``year``,
    ``publication_date``, ``statistics_period``), the value as read (dates ISO, a period
    ``start/end``), the kind of place (``title``, ``preamble``, ``sign-off``, …) and its line."""

    field: str
    value: str
    source: str
    line: int | None = None


StatedKind = Literal[
    "requests.new_received",
    "requests.carried_over",
    "requests.handled",
    "requests.carried_forward",
    "requests.granted",
    "requests.partially_granted",
    "requests.denied",
    "requests.unable",
    "requests.not_processed",
    "requests.other_handling",
    "review.total",
    "review.upheld",
    "review.corrected",
    "review.other",
    "review.pending",
    "litigation.total",
    "litigation.upheld",
    "litigation.corrected",
    "litigation.other",
    "litigation.pending",
    "active.published",
    "fees.charged",
    "fees.amount",
]
STATED_KINDS: tuple[str, ...] = get_args(StatedKind)
"""The kinds of :class:`StatedFigure` (``docs/stated.md``), in the order of the fact vocabulary."""

StatedValue = int | Decimal | bool
"""A stated count (``int``), a 信息处理费 amount in 元 (``Decimal``), or whether one was charged."""


@frozen(kw_only=True)
class StatedFigure:
    """A figure the report's text states about its own numbers (``docs/stated.md``): its kind, value
    and unit, the source line and the sentence it was read from."""

    kind: StatedKind
    value: StatedValue
    unit: str | None = None
    line: int | None = None
    sentence: str | None = None


def _figures(items: Iterable[StatedFigure]) -> tuple[StatedFigure, ...]:
    return tuple(items)


@frozen(kw_only=True)
class Meta:
    """Report metadata: 机关名称, 报告年度, 格式版本, 发布日期, 统计期限."""

    agency: str | None = field(default=None, metadata={"label": "机关名称"})
    year: int | None = field(default=None, metadata={"label": "报告年度"})
    edition: Edition | None = field(default=None, metadata={"label": "格式版本"})
    title: str | None = field(default=None, metadata={"label": "标题"})
    publication_date: datetime.date | None = field(default=None, metadata={"label": "发布日期"})
    statistics_period: StatisticsPeriod | None = field(default=None, metadata={"label": "统计期限"})
    evidence: tuple[MetaEvidence, ...] = field(default=(), eq=False, repr=False)
    """Every place the report states these values, the ones not chosen included (see
    :mod:`govinfo.metadata`); not part of equality."""


class CellField(NamedTuple):
    """A value field below a table class: its fact key, its attribute, and the row and group
    fields above it (outermost first)."""

    key: str
    attribute: Attribute[Any]
    parents: tuple[Attribute[Any], ...]


def cell_fields(cls: type[Any], prefix: str, parents: tuple[Attribute[Any], ...] = ()) -> Iterator[CellField]:
    """Every value field below the attrs class ``cls`` (fact keys starting with ``prefix``), in
    model order: the one walk over the model's metadata."""
    for attribute in fields(cls):
        key = f"{prefix}.{attribute.name}"
        if "kind" in attribute.metadata:
            yield CellField(key, attribute, parents)
        else:
            yield from cell_fields(attribute.default.factory, key, (*parents, attribute))


ActiveDisclosure = ActiveDisclosure2019 | ActiveDisclosure2021
RequestTable = RequestTable2019 | RequestTable2021

TABLE_CLASSES: dict[Edition, tuple[type[Any], type[Any]]] = {
    "2019": (ActiveDisclosure2019, RequestTable2019),
    "2021": (ActiveDisclosure2021, RequestTable2021),
}


def _check_edition(report: Report, _attr: Any, _value: Any) -> None:
    edition = report.meta.edition
    tables = (report.active, report.requests, report.review_litigation)
    if edition is None:
        if any(t is not None for t in tables):
            raise ValueError("a report without an edition carries no tables")
        return
    active_cls, requests_cls = TABLE_CLASSES[edition]
    if not isinstance(report.active, active_cls) or not isinstance(report.requests, requests_cls):
        raise ValueError(f"edition {edition} needs {active_cls.__name__} and {requests_cls.__name__}")
    if not isinstance(report.review_litigation, ReviewLitigation):
        raise ValueError("a report with an edition needs its ReviewLitigation table")


@frozen(kw_only=True)
class Report:
    """One 政府信息公开工作年度报告.

    The tables' classes follow ``meta.edition`` (a tagged union): 2019 or 2021 classes, or no
    tables at all when the edition is unknown.  ``stated`` holds the figures the text sections
    state about the report's own numbers (:class:`StatedFigure`).  ``stated``, ``diagnostics``,
    ``provenance`` (fact key →
    source position) and ``source`` (the path or name it was read from: set by
    :func:`govinfo.parse_file` and by :func:`govinfo.parse_bytes` given a name) travel with the
    report but take no part in equality.
    """

    meta: Meta = field(factory=Meta)
    overview: Section = field(factory=Section, metadata={"label": "一、总体情况"})
    active: ActiveDisclosure | None = field(default=None, metadata={"label": "二、主动公开政府信息情况"})
    requests: RequestTable | None = field(
        default=None, metadata={"label": "三、收到和处理政府信息公开申请情况"}
    )
    review_litigation: ReviewLitigation | None = field(
        default=None,
        validator=_check_edition,
        metadata={"label": "四、政府信息公开行政复议、行政诉讼情况"},
    )
    problems: Section = field(factory=Section, metadata={"label": "五、存在的主要问题及改进情况"})
    other_matters: Section = field(factory=Section, metadata={"label": "六、其他需要报告的事项"})
    stated: tuple[StatedFigure, ...] = field(default=(), converter=_figures, eq=False, repr=False)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), converter=_diagnostics, eq=False, repr=False)
    provenance: dict[str, SourcePosition] = field(factory=dict, eq=False, repr=False)
    source: str | None = field(default=None, eq=False, repr=False)

    @classmethod
    def blank(cls, edition: Edition, **kwargs: Any) -> Report:
        """An all-``None`` report of ``edition`` (tables present, every cell not reported); raises
        :class:`~govinfo.SchemaError` for an unknown edition."""
        active_cls, requests_cls = TABLE_CLASSES[check_edition(edition)]
        meta = kwargs.pop("meta", Meta(edition=edition))
        return cls(
            meta=meta,
            active=active_cls(),
            requests=requests_cls(),
            review_litigation=ReviewLitigation(),
            **kwargs,
        )

    @property
    def edition(self) -> Edition | None:
        """The table edition, ``"2019"`` or ``"2021"`` (``None`` if unknown)."""
        return self.meta.edition

    def to_pandas(self, path: str | None = None) -> pd.DataFrame:
        """This report in the long format of :mod:`govinfo.export`: a DataFrame, one row per fact
        (:func:`govinfo.to_pandas` of this report). ``path`` fills the ``path`` column (default:
        :attr:`source`).  Needs
        ``govinfo-cn[pandas]``."""
        frame: pd.DataFrame | None = views.show("report.frame", self, path)
        if frame is None:  # pragma: no cover - the package registers the view when imported
            raise RuntimeError("govinfo.views has no 'report.frame' view: import govinfo")
        return frame

    def __repr__(self) -> str:
        shown: str | None = views.show("report.repr", self)
        if shown is None:  # pragma: no cover - the package registers the view when imported
            return f"<Report {self.meta.agency or '?'} {self.meta.year or '?'}>"
        return shown

    def _repr_html_(self) -> str | None:
        html: str | None = views.show("report.html", self)
        return html


__all__ = [
    "ActiveDisclosure",
    "ActiveDisclosure2019",
    "ActiveDisclosure2021",
    "ApplicantCounts",
    "CaseOutcomes",
    "Decisions2021",
    "Denied",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "Edition",
    "FeeItems2019",
    "Fees2021",
    "ItemCounts2019",
    "Meta",
    "MetaEvidence",
    "NotProcessed",
    "OtherHandling2021",
    "Procurement2019",
    "Report",
    "RequestTable",
    "RequestTable2019",
    "RequestTable2021",
    "ReviewLitigation",
    "Section",
    "StatisticsPeriod",
    "Subsection",
    "Unable",
]
