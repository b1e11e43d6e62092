"""The consistency checks (勾稽关系): arithmetic rules as data, one evaluator, findings.

Every rule instance is a :class:`Relation` over fact keys — ``Σ left = Σ right`` (or ``≥``) —
generated from the model: :func:`relations` for one report of an edition, :func:`series_relations`
for two consecutive years of one agency.  :data:`RULES` is the catalogue (code, severity, titles,
description).  Adding a rule is one :class:`Rule` in the catalogue and one line in the generator.

A rule instance with a ``None`` (not reported) cell among its inputs is *not assessable*: it
neither passes nor fails.  Findings say which total, what the parts add to and what the total says.

>>> import govinfo
>>> result = govinfo.check(govinfo.Report.blank("2021"))
>>> result.ok, result.statistics["O1"].not_assessable
(True, 7)
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Literal

from attrs import field, frozen

from . import text_checks, views
from .facts import FactValue, facts, table_fields
from .ids import agency_key, stable_id
from .model import APPLICANT_COLUMNS, TABLE_CLASSES, Edition, Report, ReviewLitigation, cell_fields
from .wording import plural

Severity = Literal["error", "warning"]
Scope = Literal["report", "series"]
Number = int | Decimal

# --- the catalogue ------------------------------------------------------------------------


@frozen(kw_only=True)
class Rule:
    """One rule of the catalogue: a stable ``code`` (spec §6 ids), severity, titles and wording.

    ``left_*``/``right_*`` name the two sides of the equation in findings' messages.
    """

    code: str
    severity: Severity
    scope: Scope
    title_zh: str
    title_en: str
    description: str
    left_zh: str
    right_zh: str
    left_en: str
    right_en: str


_CATALOGUE = (
    Rule(
        code="O1",
        severity="error",
        scope="report",
        title_zh="申请情况表各列：第一项加第二项之和等于第三项加第四项之和",
        title_en="Requests table, per column: new + carried over = results total + carried forward",
        description=(
            "Table 三, for each of the 7 columns: 一、本年新收 + 二、上年结转 = （七）总计 + "
            "四、结转下年度继续办理 (the official note in the table header)."
        ),
        left_zh="第一项加第二项之和",
        right_zh="第三项加第四项之和",
        left_en="new + carried over",
        right_en="results total + carried forward",
    ),
    Rule(
        code="I1",
        severity="error",
        scope="report",
        title_zh="申请情况表各行：总计等于六类申请人之和",
        title_en="Requests table, per row: 总计 = sum of the six applicant columns",
        description=(
            "Table 三, for every data row: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + "
            "法律服务机构 + 其他."
        ),
        left_zh="总计",
        right_zh="六类申请人之和",
        left_en="总计",
        right_en="the sum of the six applicant columns",
    ),
    Rule(
        code="I2",
        severity="error",
        scope="report",
        title_zh="申请情况表各列：（七）总计等于各项办理结果之和",
        title_en="Requests table, per column: （七）总计 = sum of the result rows",
        description=(
            "Table 三, for each of the 7 columns: （七）总计 = （一） + （二） + the 8 rows of （三） + "
            "the 3 rows of （四） + the 5 rows of （五） + （六） (one row in 2019, three in 2021)."
        ),
        left_zh="（七）总计",
        right_zh="各项办理结果之和",
        left_en="results total",
        right_en="the sum of the result rows",
    ),
    Rule(
        code="I3",
        severity="error",
        scope="report",
        title_zh="行政复议、行政诉讼：总计等于四类结果之和",
        title_en="Review and litigation: 总计 = upheld + corrected + other + pending",
        description=(
            "Table 四, for 行政复议, 未经复议直接起诉 and 复议后起诉 each: 总计 = 结果维持 + 结果纠正 + "
            "其他结果 + 尚未审结."
        ),
        left_zh="总计",
        right_zh="结果维持、结果纠正、其他结果、尚未审结之和",
        left_en="总计",
        right_en="upheld + corrected + other + pending",
    ),
    Rule(
        code="I4",
        severity="error",
        scope="report",
        title_zh="数量和金额不为负数",
        title_en="Counts and amounts are not negative",
        description=(
            "Every count cell of tables 二, 三 and 四, and every amount, is >= 0.  The 2019 本年增/减 "
            "cells are signed changes and are not checked."
        ),
        left_zh="数值",
        right_zh="0",
        left_en="value",
        right_en="0",
    ),
    Rule(
        code="X1",
        severity="error",
        scope="series",
        title_zh="本年上年结转等于上年结转下年度继续办理",
        title_en="This year's carried over = last year's carried forward",
        description=(
            "Same agency, consecutive years Y-1 and Y, for each of the 7 columns of table 三: "
            "二、上年结转 of Y = 四、结转下年度继续办理 of Y-1 (works across editions)."
        ),
        left_zh="本年「上年结转」",
        right_zh="上年「结转下年度继续办理」",
        left_en="this year's carried over",
        right_en="last year's carried forward",
    ),
    Rule(
        code="X2",
        severity="warning",
        scope="series",
        title_zh="现行有效件数的年度衔接（提示）",
        title_en="Documents in force carry over from year to year (heuristic)",
        description=(
            "2021 edition, same agency, consecutive years: 现行有效件数(Y) = 现行有效件数(Y-1) + "
            "本年制发件数(Y) - 本年废止件数(Y), for 规章 and 行政规范性文件.  A heuristic, not an "
            "official rule: documents also expire or are revised, so it is a warning only."
        ),
        left_zh="本年现行有效件数",
        right_zh="上年现行有效件数加本年制发减本年废止",
        left_en="in force this year",
        right_en="in force last year + issued - repealed",
    ),
)

_TEXT_RULES = (
    Rule(
        code="T1",
        severity="warning",
        scope="report",
        title_zh="正文所述数字与表格一致",
        title_en="A figure the text states agrees with the table",
        description=(
            "Every figure the text sections state about the report's own numbers (``Report.stated``, "
            "docs/stated.md) equals its table cell: 本年新收 = 表三 一、总计, 办结 = （七）总计, 不予公开 = "
            "the sum of （三） 1–8, 行政诉讼 = 未经复议直接起诉 + 复议后起诉, and so on.  A warning: "
            "the text may count on another basis (a body within the body, 人次 for 件); read the quoted "
            "sentence."
        ),
        left_zh="正文所述",
        right_zh="表格数字",
        left_en="the text",
        right_en="the table",
    ),
    Rule(
        code="T2",
        severity="warning",
        scope="report",
        title_zh="六个部分的标题序号正确、顺序正确",
        title_en="The six section titles are numbered and ordered as the format has them",
        description=(
            "The headings 一、总体情况 … 六、其他需要报告的事项 carry their own numerals (a second 五、 for "
            "六 is a finding) and stand in the format's order (a heading out of place is a finding)."
        ),
        left_zh="标题",
        right_zh="格式规定的序号和顺序",
        left_en="the heading",
        right_en="the format's numbering and order",
    ),
    Rule(
        code="T3",
        severity="warning",
        scope="report",
        title_zh="必备部分不缺失、不为空",
        title_en="The required text sections are present and not empty",
        description=(
            "一、总体情况 and 五、存在的主要问题及改进情况 are present and say something (not just 无); "
            "六、其他需要报告的事项 is present (无 is allowed there)."
        ),
        left_zh="部分",
        right_zh="有内容",
        left_en="the section",
        right_en="present, with content",
    ),
    Rule(
        code="T4",
        severity="warning",
        scope="report",
        title_zh="第六部分说明信息处理费收取情况，且说法一致",
        title_en="Section 六 says whether 信息处理费 was charged, and the text agrees with itself",
        description=(
            "2021 edition: 六、其他需要报告的事项 states the 信息处理费 charged (or that none was), as the "
            "2021 format asks; and no two sentences disagree about it (收取…元 and 未收取)."
        ),
        left_zh="第六部分",
        right_zh="说明信息处理费收取情况",
        left_en="section 六",
        right_en="a statement on 信息处理费",
    ),
    Rule(
        code="T5",
        severity="warning",
        scope="report",
        title_zh="统计期限与报告年度一致",
        title_en="The statistics period is within the year reported on",
        description="The statistics period stated (统计期限为…) starts and ends in the report's year.",
        left_zh="统计期限",
        right_zh="报告年度",
        left_en="the statistics period",
        right_en="the report year",
    ),
    Rule(
        code="T6",
        severity="warning",
        scope="report",
        title_zh="报告年度不晚于发布日期",
        title_en="The report year is not later than the publication date",
        description="A report on year Y is published in year Y or later (normally by 31 January of Y+1).",
        left_zh="报告年度",
        right_zh="发布日期的年份",
        left_en="the report year",
        right_en="the publication year",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in (*_CATALOGUE, *_TEXT_RULES)}
"""Every rule, by code: the documentation of the checks is generated from this."""


# --- rule instances -----------------------------------------------------------------------


@frozen(kw_only=True)
class Term:
    """A fact key in a relation; ``year`` is 0 for this report, -1 for last year's; ``sign`` ±1."""

    key: str
    year: int = 0
    sign: int = 1


@frozen(kw_only=True)
class Relation:
    """One rule instance: ``Σ left  op  Σ right`` over fact values, and where it sits."""

    rule: str
    left: tuple[Term, ...]
    right: tuple[Term, ...] = ()
    op: Literal["=", ">="] = "="
    where_zh: str
    where_en: str

    @property
    def keys(self) -> tuple[str, ...]:
        """The fact keys involved, left side first, each once."""
        return tuple(dict.fromkeys(t.key for t in (*self.left, *self.right)))


NEW, OVER, RESULTS, FORWARD = (
    "requests.new_received",
    "requests.carried_over",
    "requests.results_total",
    "requests.carried_forward",
)
COLUMNS = (*APPLICANT_COLUMNS, "total")
OUTCOMES = ("upheld", "corrected", "other", "pending")


def _walk_labels(cls: type[Any], prefix: str) -> Iterator[tuple[str, str, str]]:
    """``(key, row label, column label)`` of every cell below ``cls``: the row label is the
    block titles and labels of the fields above the cell."""
    for cell in cell_fields(cls, prefix):
        row = []
        for parent in cell.parents:
            block = parent.metadata.get("block")
            row += [*([block] if block else []), parent.metadata.get("label", parent.name)]
        yield cell.key, " ".join(row), cell.attribute.metadata.get("label", cell.attribute.name)


@functools.cache
def cell_labels(edition: Edition) -> dict[str, tuple[str, str]]:
    """Fact key → (row label, column label) from the model's metadata, group labels included."""
    active_cls, requests_cls = TABLE_CLASSES[edition]
    out: dict[str, tuple[str, str]] = {}
    for cls, prefix in (
        (active_cls, "active"),
        (requests_cls, "requests"),
        (ReviewLitigation, "review_litigation"),
    ):
        for key, row, column in _walk_labels(cls, prefix):
            out[key] = (row, column)
    return out


def _rows(edition: Edition, table: str) -> tuple[str, ...]:
    """Row paths (a key without its column) of ``table``, in model order."""
    return tuple(
        dict.fromkeys(key.rsplit(".", 1)[0] for key, _ in table_fields(edition) if key.startswith(table))
    )


def _column(edition: Edition, column: str) -> tuple[str, str]:
    label = cell_labels(edition)[f"{NEW}.{column}"][1]
    return f"{label}列", f"column {label}"


def _row(edition: Edition, row: str) -> tuple[str, str]:
    label = cell_labels(edition)[f"{row}.total"][0]
    return f"「{label}」行", f"row {label}"


def _group(edition: Edition, row: str) -> tuple[str, str]:
    label = next(r for k, (r, _) in cell_labels(edition).items() if k.startswith(f"{row}."))
    return f"「{label}」", label


def _cell(edition: Edition, key: str) -> tuple[str, str]:
    row, column = cell_labels(edition)[key]
    return f"「{row}」{column}", f"{row} {column}"


def _eq(
    rule: str, left: Iterable[str | Term], right: Iterable[str | Term], where: tuple[str, str]
) -> Relation:
    """``Σ left = Σ right``; a plain string is a this-year term with sign +1."""
    terms = [tuple(t if isinstance(t, Term) else Term(key=t) for t in side) for side in (left, right)]
    return Relation(rule=rule, left=terms[0], right=terms[1], where_zh=where[0], where_en=where[1])


def _non_negative(rule: str, key: str, where: tuple[str, str]) -> Relation:
    """``value >= 0``."""
    return Relation(rule=rule, left=(Term(key=key),), op=">=", where_zh=where[0], where_en=where[1])


@functools.cache
def relations(edition: Edition) -> tuple[Relation, ...]:
    """Every single-report rule instance of ``edition``: the rule table, one line per rule."""
    rows = _rows(edition, "requests.")
    results = tuple(r for r in rows if r not in (NEW, OVER, RESULTS, FORWARD))
    groups = _rows(edition, "review_litigation.")
    e = edition
    return (
        *(
            _eq("O1", [f"{NEW}.{c}", f"{OVER}.{c}"], [f"{RESULTS}.{c}", f"{FORWARD}.{c}"], _column(e, c))
            for c in COLUMNS
        ),
        *(_eq("I2", [f"{RESULTS}.{c}"], [f"{r}.{c}" for r in results], _column(e, c)) for c in COLUMNS),
        *(_eq("I1", [f"{r}.total"], [f"{r}.{c}" for c in APPLICANT_COLUMNS], _row(e, r)) for r in rows),
        *(_eq("I3", [f"{g}.total"], [f"{g}.{o}" for o in OUTCOMES], _group(e, g)) for g in groups),
        *(_non_negative("I4", k, _cell(e, k)) for k, a in table_fields(e) if a.metadata["kind"] != "change"),
    )


@functools.cache
def series_relations(previous: Edition | None, current: Edition | None) -> tuple[Relation, ...]:
    """The cross-year rule instances between last year's report (``Term.year == -1``) and this year's."""
    e = current or previous or "2021"
    x2 = ("active.regulations", "active.normative_documents") if previous == current == "2021" else ()
    return (
        *(_eq("X1", [f"{OVER}.{c}"], [Term(key=f"{FORWARD}.{c}", year=-1)], _column(e, c)) for c in COLUMNS),
        *(
            _eq(
                "X2",
                [f"{r}.in_force"],
                [Term(key=f"{r}.in_force", year=-1), f"{r}.issued", Term(key=f"{r}.repealed", sign=-1)],
                _group(e, r),
            )
            for r in x2
        ),
    )


# --- findings and the result --------------------------------------------------------------


def _str_tuple(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _int_tuple(items: Iterable[int]) -> tuple[int, ...]:
    return tuple(items)


@frozen(kw_only=True)
class Finding:
    """A failed rule instance: what was expected, what the report says, and the fact keys involved.

    ``difference`` is ``actual - expected``.  ``agency`` and ``years`` say which report (or, for a
    cross-year rule, which two years) the finding is about.  ``quote`` and ``line`` give the
    evidence in the text (the sentence a stated figure was read from, a heading), when there is one;
    ``subject`` what it is about when no fact key says (a section, a heading).
    """

    rule: str
    severity: Severity
    message: str
    expected: Number | None = None
    actual: Number | None = None
    difference: Number | None = None
    keys: tuple[str, ...] = field(default=(), converter=_str_tuple)
    agency: str | None = None
    years: tuple[int, ...] = field(default=(), converter=_int_tuple)
    quote: str | None = None
    line: int | None = None
    subject: str | None = None

    @property
    def id(self) -> str:
        """The finding's stable id (:mod:`govinfo.ids`): the rule, the keys (or the subject), the
        agency and the years; the same for the same problem in the same report across runs."""
        return stable_id(self.rule, self.keys, self.subject, self.agency, self.years)

    def __str__(self) -> str:
        keys = f" [{', '.join(self.keys)}]" if self.keys else ""
        return f"{self.severity} {self.rule}: {self.message}{keys}"


@frozen(kw_only=True)
class RuleStatistics:
    """How many instances of one rule passed, failed, or could not be assessed (a ``None`` input)."""

    passed: int = 0
    failed: int = 0
    not_assessable: int = 0

    @property
    def total(self) -> int:
        """All instances of the rule."""
        return self.passed + self.failed + self.not_assessable


def _errors_first(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: f.severity != "error"))


@frozen(kw_only=True)
class CheckResult:
    """The result of :func:`check` or :func:`check_series`: findings (errors first) and statistics."""

    findings: tuple[Finding, ...] = field(default=(), converter=_errors_first)
    statistics: dict[str, RuleStatistics] = field(factory=dict, hash=False)

    @property
    def ok(self) -> bool:
        """No error-severity finding (warnings allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error-severity findings."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The warning-severity findings."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def counts(self) -> dict[str, int]:
        """How many findings of each severity there are (errors, warnings, infos; none left out)."""
        severities = [str(f.severity) for f in self.findings]
        return {s: n for s in ("error", "warning", "info") if (n := severities.count(s))}

    def _summary(self) -> str:
        passed = sum(s.passed for s in self.statistics.values())
        failed = sum(s.failed for s in self.statistics.values())
        unknown = sum(s.not_assessable for s in self.statistics.values())
        return (
            f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}; "
            f"{passed} passed, {failed} failed, {unknown} not assessable"
        )

    def __repr__(self) -> str:
        failing = sorted({f.rule for f in self.findings})
        rules = f" ({', '.join(failing)})" if failing else ""
        return f"<CheckResult {'ok' if self.ok else 'FAILED'}: {self._summary()}{rules}>"

    def _repr_html_(self) -> str | None:
        html: str | None = views.show("check.html", self)
        return html


CheckReport = CheckResult
"""The former name of :class:`CheckResult` (a "report" is the government's document)."""


# --- the evaluator ------------------------------------------------------------------------


def _number(value: FactValue) -> Number | None:
    return value if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else None


def _expression(terms: tuple[Term, ...], values: tuple[Number, ...], total: Number) -> str:
    if len(terms) == 1 and terms[0].sign == 1:
        return str(total)
    if not terms:
        return "0"
    if len(terms) > 6:
        return str(total)
    parts = [str(values[0]) if terms[0].sign == 1 else f"−{values[0]}"]
    parts += [f"{'+' if t.sign == 1 else '−'} {v}" for t, v in zip(terms[1:], values[1:], strict=True)]
    return f"{' '.join(parts)} = {total}"


class _Tally:
    def __init__(self, scope: Iterable[Scope]) -> None:
        self.counts: dict[str, list[int]] = {c: [0, 0, 0] for c, r in RULES.items() if r.scope in scope}

    def add(self, rule: str, outcome: int) -> None:
        self.counts.setdefault(rule, [0, 0, 0])[outcome] += 1

    def freeze(self) -> dict[str, RuleStatistics]:
        return {
            c: RuleStatistics(passed=p, failed=f, not_assessable=n) for c, (p, f, n) in self.counts.items()
        }


PASSED, FAILED, NOT_ASSESSABLE = 0, 1, 2


def evaluate(
    relation: Relation,
    values: Mapping[int, Mapping[str, FactValue]],
    *,
    agency: str | None = None,
    years: tuple[int, ...] = (),
    prefix: tuple[str, str] = ("", ""),
) -> tuple[int, Finding | None]:
    """Evaluate one rule instance on ``values`` (year offset → facts).

    Returns ``(PASSED | FAILED | NOT_ASSESSABLE, finding or None)``.
    """
    left = _side(relation.left, values)
    if left is None:
        return NOT_ASSESSABLE, None
    right = _side(relation.right, values)
    if right is None:
        return NOT_ASSESSABLE, None
    (left_values, actual), (right_values, expected) = left, right
    passed = actual >= expected if relation.op == ">=" else actual == expected
    if passed:
        return PASSED, None
    rule = RULES[relation.rule]
    difference = actual - expected
    if relation.op == ">=":
        message = (
            f"{prefix[0]}{relation.where_zh}为 {actual}，不应为负数 / "
            f"{prefix[1]}{relation.where_en} is {actual}, should not be negative"
        )
    else:
        lhs = _expression(relation.left, left_values, actual)
        rhs = _expression(relation.right, right_values, expected)
        off = abs(difference)
        message = (
            f"{prefix[0]}{relation.where_zh}：{rule.left_zh}（{lhs}）应等于{rule.right_zh}（{rhs}），"
            f"相差 {off} / "
            f"{prefix[1]}{relation.where_en}: {rule.left_en} ({lhs}) should equal {rule.right_en} ({rhs}), "
            f"off by {off}"
        )
    finding = Finding(
        rule=rule.code,
        severity=rule.severity,
        message=message,
        expected=expected,
        actual=actual,
        difference=difference,
        keys=relation.keys,
        agency=agency,
        years=years,
    )
    return FAILED, finding


def _side(
    terms: tuple[Term, ...], values: Mapping[int, Mapping[str, FactValue]]
) -> tuple[tuple[Number, ...], Number] | None:
    """One side of a relation: its terms' values and their signed sum, or ``None`` when a value is
    missing (or not a number)."""
    numbers: list[Number] = []
    total: Number = 0
    for term in terms:
        year = values.get(term.year)
        value = None if year is None else year.get(term.key)
        if type(value) is not int and _number(value) is None:  # (the common case first)
            return None
        numbers.append(value)  # type: ignore[arg-type]
        total = total + value if term.sign == 1 else total - value  # type: ignore[operator]
    return tuple(numbers), total


def _check_one(report: Report, tally: _Tally) -> list[Finding]:
    edition = report.meta.edition
    if edition is None:
        return []
    values = {0: facts(report)}
    years = (report.meta.year,) if report.meta.year is not None else ()
    findings = []
    for relation in relations(edition):
        outcome, finding = evaluate(relation, values, agency=report.meta.agency, years=years)
        tally.add(relation.rule, outcome)
        if finding is not None:
            findings.append(finding)
    return findings + text_findings(report, values[0], tally.add)


def text_findings(
    report: Report, values: Mapping[str, FactValue], tally: Callable[[str, int], None]
) -> list[Finding]:
    """The findings of the text rules T1–T6 (:mod:`govinfo.text_checks`), each instance tallied."""
    findings = []
    for outcome in text_checks.outcomes(report, values):
        tally(outcome.rule, outcome.status)
        if outcome.failure is None:
            continue
        failure = outcome.failure
        difference = None
        if failure.expected is not None and failure.actual is not None:
            difference = failure.actual - failure.expected
        findings.append(
            Finding(
                rule=outcome.rule,
                severity=RULES[outcome.rule].severity,
                message=failure.message,
                expected=failure.expected,
                actual=failure.actual,
                difference=difference,
                keys=failure.keys,
                agency=report.meta.agency,
                years=(report.meta.year,) if report.meta.year is not None else (),
                quote=failure.quote,
                line=failure.line,
                subject=failure.subject,
            )
        )
    return findings


def check(report: Report) -> CheckResult:
    """Check one report: every arithmetic relation (勾稽关系: O1, I1–I4) and what its text says
    against its tables and the format (T1–T6, :mod:`govinfo.text_checks`)."""
    tally = _Tally(["report"])
    return CheckResult(findings=tuple(_check_one(report, tally)), statistics=tally.freeze())


def count_errors(report: Report, values: Mapping[str, FactValue] | None = None) -> int:
    """How many error-severity findings :func:`check` gives ``report``, without building them
    (``values``: the report's :func:`~govinfo.facts.facts`, when already at hand)."""
    edition = report.meta.edition
    if edition is None:
        return 0
    if values is None:
        values = facts(report)
    errors = _error_counter(edition)(values.get)
    if _TEXT_ERRORS:  # pragma: no cover - the text rules are warnings today
        errors += sum(1 for f in text_findings(report, values, lambda _r, _o: None) if f.severity == "error")
    return errors


@functools.cache
def _error_counter(edition: Edition) -> Callable[[Callable[[str], FactValue]], int]:
    """A function that counts the failed error rules of ``edition`` from a fact getter: generated
    once, one line per rule instance, so that a batch run counts in a few microseconds per rule.
    A rule with a value missing (or not a number) is not assessable: not counted."""
    keys: dict[str, int] = {}
    checks = []
    for relation in relations(edition):
        if RULES[relation.rule].severity != "error":
            continue
        terms = [(t.key, t.sign) for t in relation.left] + [(t.key, -t.sign) for t in relation.right]
        names = [f"v{keys.setdefault(key, len(keys))}" for key, _sign in terms]
        known = " and ".join(f"o{name[1:]}" for name in dict.fromkeys(names))
        total = "".join(
            f" {'+' if sign == 1 else '-'} {name}" for (_key, sign), name in zip(terms, names, strict=True)
        )
        failed = f"0{total} < 0" if relation.op == ">=" else f"0{total} != 0"
        checks.append(f"    if {known}: errors += {failed}")
    lines = ["def count(get):"]
    for key, index in keys.items():
        lines.append(f"    v{index} = get({key!r}); t = type(v{index}); o{index} = t is int or t is Decimal")
    lines += ["    errors = 0", *checks, "    return errors"]
    namespace: dict[str, Any] = {"Decimal": Decimal}
    exec(compile("\n".join(lines), f"<govinfo.checks error counter {edition}>", "exec"), namespace)
    counter: Callable[[Callable[[str], FactValue]], int] = namespace["count"]
    return counter


_TEXT_ERRORS = any(rule.severity == "error" for rule in _TEXT_RULES)


def consecutive_pairs(reports: Iterable[Report]) -> Iterator[tuple[Report, Report]]:
    """``(last year, this year)`` for every two reports of the same agency in consecutive years.

    Reports without a year or an agency take no part.
    """
    by_year: dict[int, list[tuple[str, Report]]] = defaultdict(list)
    for report in reports:
        name = agency_key(report.meta.agency)
        if name and report.meta.year is not None:
            by_year[report.meta.year].append((name, report))
    for year in sorted(by_year):
        previous = by_year.get(year - 1)
        if not previous:
            continue
        exact: dict[str, list[int]] = defaultdict(list)  # previous name -> indices
        ending: dict[str, list[int]] = defaultdict(list)  # every suffix of a previous name -> indices
        for i, (name, _) in enumerate(previous):
            exact[name].append(i)
            for start in range(len(name)):
                ending[name[start:]].append(i)
        for name, report in by_year[year]:
            matches = set(ending.get(name, ()))  # previous names ending with this one
            for start in range(len(name)):  # this name ends with a previous name
                matches.update(exact.get(name[start:], ()))
            for i in sorted(matches):
                yield previous[i][1], report


def check_series(reports: Iterable[Report]) -> CheckResult:
    """Check each report (findings tagged with agency and year) and the cross-year rules X1, X2."""
    reports = list(reports)
    tally = _Tally(["report", "series"])
    findings: list[Finding] = []
    for report in reports:
        findings.extend(_check_one(report, tally))
    for last, this in consecutive_pairs(reports):
        prefix = (
            f"{this.meta.agency} {this.meta.year}年对{last.meta.year}年，",
            f"{this.meta.agency} {this.meta.year} vs {last.meta.year}, ",
        )
        findings.extend(cross_year(last, this, prefix=prefix, tally=tally.add))
    return CheckResult(findings=tuple(findings), statistics=tally.freeze())


def cross_year(
    last: Report,
    this: Report,
    values: Mapping[int, Mapping[str, FactValue]] | None = None,
    *,
    prefix: tuple[str, str] = ("", ""),
    tally: Callable[[str, int], None] | None = None,
) -> list[Finding]:
    """The findings of the cross-year rules (X1, X2) between last year's report and this year's
    (their years consecutive); ``values``: their facts as ``{-1: last's, 0: this's}``, when at hand."""
    assert last.meta.year is not None and this.meta.year is not None
    if values is None:
        values = {-1: facts(last), 0: facts(this)}
    years = (last.meta.year, this.meta.year)
    findings = []
    for relation in series_relations(last.meta.edition, this.meta.edition):
        outcome, finding = evaluate(relation, values, agency=this.meta.agency, years=years, prefix=prefix)
        if tally is not None:
            tally(relation.rule, outcome)
        if finding is not None:
            findings.append(finding)
    return findings


__all__ = [
    "RULES",
    "CheckReport",
    "CheckResult",
    "Finding",
    "Relation",
    "Rule",
    "RuleStatistics",
    "Term",
    "check",
    "check_series",
    "consecutive_pairs",
    "relations",
    "series_relations",
]
