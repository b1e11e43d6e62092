"""The consistency checks: consistent reports pass, and one wrong cell fails exactly its rules.

The expected failures are worked out here from the format itself (row and column names of
table 三 and 四, spec §6), not from ``govinfo.checks``' rule table, so a wrong rule table fails.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import govinfo
from govinfo.checks import RULES, CheckResult, Finding, count_errors, relations, series_relations
from govinfo.facts import build_table, fact_keys, vocabulary
from govinfo.model import EDITIONS, TABLE_CLASSES, Edition, Meta, Report, ReviewLitigation
from helpers.strategies import consistent_report_pairs, consistent_reports

# --- the format, written out independently of the model ------------------------------------

COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
# 第一项, 第二项 are the left side of O1; 第三项 (（七）总计) and 第四项 the right side.
O1_SIDES = {"new_received": +1, "carried_over": +1, "results_total": -1, "carried_forward": -1}
COMMON_RESULT_ROWS = (
    "granted",
    "partially_granted",
    *(
        f"denied.{r}"
        for r in (
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party_rights",
            "internal_affairs",
            "process_info",
            "enforcement_files",
            "administrative_query",
        )
    ),
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear",
    *(f"not_processed.{r}" for r in ("petition", "duplicate", "publication", "excessive", "confirmation")),
)
RESULT_ROWS: dict[str, tuple[str, ...]] = {
    "2019": (*COMMON_RESULT_ROWS, "other_handling"),
    "2021": (
        *COMMON_RESULT_ROWS,
        "other_handling.no_correction",
        "other_handling.unpaid_fee",
        "other_handling.other",
    ),
}
GROUPS = ("review", "litigation_direct", "litigation_after_review")
OUTCOMES = ("upheld", "corrected", "other", "pending")
REPORT_RULES = {"O1", "I1", "I2", "I3", "I4"}
TABLES = ("active", "requests", "review_litigation")  # the first segment of a table key


def tsv_keys(edition: str) -> list[str]:
    """Table keys of ``edition`` as listed in facts.tsv."""
    return [s.key for s in vocabulary() if s.edition in ("both", edition) and s.key.split(".")[0] in TABLES]


def checked_keys(edition: str) -> list[str]:
    """Keys of table 三 and 四."""
    return [k for k in tsv_keys(edition) if k.startswith(("requests.", "review_litigation."))]


def non_negative_keys(edition: str) -> list[str]:
    """Keys whose facts.tsv type is not signed (counts and amounts)."""
    return [
        s.key
        for s in vocabulary()
        if s.edition in ("both", edition) and s.key.split(".")[0] in TABLES and "negative" not in s.type
    ]


def request_rows(edition: str) -> set[str]:
    return {k.split(".", 1)[1].rsplit(".", 1)[0] for k in tsv_keys(edition) if k.startswith("requests.")}


def involved(edition: str, key: str) -> dict[str, tuple[frozenset[str], int]]:
    """Rule code → (keys of the one instance involving ``key``, +1 if ``key`` is on the 'actual' side)."""
    out: dict[str, tuple[frozenset[str], int]] = {}
    table, rest = key.split(".", 1)
    row, column = rest.rsplit(".", 1)
    if table == "review_litigation":
        keys = frozenset(f"review_litigation.{row}.{x}" for x in (*OUTCOMES, "total"))
        out["I3"] = (keys, +1 if column == "total" else -1)
        return out
    out["I1"] = (frozenset(f"requests.{row}.{c}" for c in COLUMNS), +1 if column == "total" else -1)
    if row in O1_SIDES:
        out["O1"] = (frozenset(f"requests.{r}.{column}" for r in O1_SIDES), O1_SIDES[row])
    if row in RESULT_ROWS[edition] or row == "results_total":
        keys = frozenset(f"requests.{r}.{column}" for r in (*RESULT_ROWS[edition], "results_total"))
        out["I2"] = (keys, +1 if row == "results_total" else -1)
    return out


def instance_counts(edition: str) -> dict[str, int]:
    """How many instances each single-report rule has, from the format."""
    return {
        "O1": 7,
        "I2": 7,
        "I1": len(request_rows(edition)),
        "I3": 3,
        "I4": len(non_negative_keys(edition)),
    }


def arithmetic(result: CheckResult) -> dict[str, Any]:
    """The statistics of the arithmetic rules (the text rules are tested in tests/test_stated.py)."""
    return {code: stats for code, stats in result.statistics.items() if not code.startswith("T")}


def with_values(report: Report, **changes: Any) -> Report:
    """``report`` with some facts changed (keys given with ``__`` for ``.``), meta kept.

    The tables are built unchecked, as code may build them: a negative count, which
    ``from_facts`` and ``loads`` refuse, is what rule I4 is about."""
    values = govinfo.facts(report)
    for name, value in changes.items():
        key = name.replace("__", ".")
        assert key in values, key
        values[key] = value
    assert report.edition is not None
    active_cls, requests_cls = TABLE_CLASSES[report.edition]
    return attrs.evolve(
        report,
        active=build_table(active_cls, "active", values, checked=False),
        requests=build_table(requests_cls, "requests", values, checked=False),
        review_litigation=build_table(ReviewLitigation, "review_litigation", values, checked=False),
    )


def changed(report: Report, key: str, value: Any) -> Report:
    return with_values(report, **{key.replace(".", "__"): value})


# --- the rule table itself ---------------------------------------------------------------


def test_catalogue_codes_and_severities() -> None:
    text_rules = {"T1", "T2", "T3", "T4", "T5", "T6"}  # what the text says (tests/test_stated.py)
    assert set(RULES) == {"O1", "I1", "I2", "I3", "I4", "X1", "X2", *text_rules}
    assert {c for c, r in RULES.items() if r.severity == "error"} == {"O1", "I1", "I2", "I3", "I4", "X1"}
    assert RULES["X2"].severity == "warning"
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.title_zh and rule.title_en and rule.description


@pytest.mark.parametrize("edition", EDITIONS)
def test_rule_table_uses_real_keys_and_has_the_right_size(edition: Edition) -> None:
    keys = set(fact_keys(edition))
    table = relations(edition)
    for relation in table:
        assert relation.rule in RULES
        assert set(relation.keys) <= keys, relation
    counts = {code: sum(1 for r in table if r.rule == code) for code in REPORT_RULES}
    assert counts == instance_counts(edition)
    assert counts["I1"] == {"2019": 23, "2021": 25}[edition]
    i2 = [r for r in table if r.rule == "I2"]
    assert {len(r.right) for r in i2} == {len(RESULT_ROWS[edition])} == {{"2019": 19, "2021": 21}[edition]}


# --- consistent reports pass; one changed cell fails exactly its rules ---------------------


@given(consistent_reports())
def test_consistent_reports_pass_every_rule(report: Report) -> None:
    result = govinfo.check(report)
    assert result.ok
    assert result.findings == ()
    assert report.edition is not None
    expected = instance_counts(report.edition)
    assert set(result.statistics) == {code for code, rule in RULES.items() if rule.scope == "report"}
    for code, stats in result.statistics.items():
        if code in REPORT_RULES:
            assert (stats.passed, stats.failed, stats.not_assessable) == (expected[code], 0, 0), code
        else:  # the text rules: nothing fails (T1 has no instance: a generated report states nothing)
            assert stats.failed == 0, code


@given(consistent_reports(), st.data())
def test_one_changed_cell_fails_exactly_the_rules_involving_it(report: Report, data: st.DataObject) -> None:
    edition = report.edition
    assert edition is not None
    key = data.draw(st.sampled_from(checked_keys(edition)), label="key")
    delta = data.draw(st.integers(-1000, 1000).filter(bool), label="delta")
    old = govinfo.facts(report)[key]
    assert isinstance(old, int)
    new = old + delta
    result = govinfo.check(changed(report, key, new))

    expected = involved(edition, key)
    if new < 0:
        expected["I4"] = (frozenset([key]), +1)
    assert not result.ok
    got = {f.rule: f for f in result.findings}
    assert len(got) == len(result.findings), "one instance per rule involves one cell"
    assert {code: frozenset(f.keys) for code, f in got.items()} == {c: k for c, (k, _) in expected.items()}
    for code, (_, side) in expected.items():
        finding = got[code]
        assert key in finding.keys
        assert finding.severity == "error"
        if code == "I4":
            assert (finding.actual, finding.expected, finding.difference) == (new, 0, new)
        else:
            assert finding.difference == side * delta
            assert finding.actual is not None and finding.expected is not None
            assert finding.actual - finding.expected == finding.difference
            assert f"{abs(delta)}" in finding.message
    for code, stats in arithmetic(result).items():
        failed = 1 if code in expected else 0
        assert (stats.failed, stats.not_assessable) == (failed, 0), code
        assert stats.passed == instance_counts(edition)[code] - failed


@given(consistent_reports(), st.data())
def test_a_missing_cell_makes_its_rules_not_assessable(report: Report, data: st.DataObject) -> None:
    edition = report.edition
    assert edition is not None
    key = data.draw(st.sampled_from(checked_keys(edition)), label="key")
    result = govinfo.check(changed(report, key, None))
    assert result.ok
    assert result.findings == ()
    unassessable = {*involved(edition, key), "I4"}
    for code, stats in arithmetic(result).items():
        n = 1 if code in unassessable else 0
        assert (stats.not_assessable, stats.failed) == (n, 0), code
        assert stats.passed == instance_counts(edition)[code] - n


@given(consistent_reports(), st.data())
def test_negative_count_or_amount_is_an_i4_finding(report: Report, data: st.DataObject) -> None:
    edition = report.edition
    assert edition is not None
    key = data.draw(st.sampled_from(non_negative_keys(edition)), label="key")
    value: int | Decimal = -data.draw(st.integers(1, 10**6))
    if key.endswith(".amount"):
        value = Decimal(value).scaleb(-2)
    result = govinfo.check(changed(report, key, value))
    i4 = [f for f in result.findings if f.rule == "I4"]
    assert len(i4) == 1
    assert i4[0].keys == (key,)
    assert i4[0].actual == value
    assert "负数" in i4[0].message and "negative" in i4[0].message
    assert not result.ok


@given(consistent_reports("2019"), st.data())
def test_negative_change_is_no_finding(report: Report, data: st.DataObject) -> None:
    signed = [s.key for s in vocabulary() if s.edition == "2019" and "negative" in s.type]
    assert len(signed) == 5
    key = data.draw(st.sampled_from(signed), label="key")
    result = govinfo.check(changed(report, key, -data.draw(st.integers(1, 10**5))))
    assert result.ok and result.findings == ()


def test_report_without_tables_has_nothing_to_check() -> None:
    result = govinfo.check(Report(meta=Meta(agency="某局", year=2022)))
    assert result.ok and result.findings == ()
    assert all(s.total == 0 for s in result.statistics.values())


@pytest.mark.parametrize("edition", EDITIONS)
def test_blank_report_is_not_assessable_anywhere(edition: Edition) -> None:
    result = govinfo.check(Report.blank(edition))
    assert result.ok
    for code, stats in arithmetic(result).items():
        assert (stats.passed, stats.failed, stats.not_assessable) == (0, 0, instance_counts(edition)[code])


# --- a hand-built report with one real-looking mistake -------------------------------------


def small_report() -> Report:
    """A small 2021 统计局 report, every cell filled: 13 new requests, all answered."""
    values: dict[str, Any] = dict.fromkeys(tsv_keys("2021"), 0)
    values.update({"meta.edition": "2021", "meta.agency": "朔州市统计局", "meta.year": 2023})
    rows = {
        "new_received": (12, 1),
        "granted": (8, 1),
        "partially_granted": (1, 0),
        "unable.not_held": (2, 0),
        "not_processed.duplicate": (1, 0),
        "results_total": (12, 1),
    }
    for row, (person, company) in rows.items():
        values[f"requests.{row}.natural_person"] = person
        values[f"requests.{row}.commercial"] = company
        values[f"requests.{row}.total"] = person + company
    values["review_litigation.review.upheld"] = 1
    values["review_litigation.review.total"] = 1
    return govinfo.from_facts(values)


def test_hand_built_report_passes() -> None:
    result = govinfo.check(small_report())
    assert result.ok and result.findings == ()
    assert repr(result).startswith("<CheckResult ok: 0 errors")


def test_total_of_row_one_off_by_one() -> None:
    report = with_values(small_report(), requests__new_received__total=14)
    result = govinfo.check(report)
    assert not result.ok
    assert [f.rule for f in result.findings] == ["O1", "I1"]
    o1, i1 = result.findings
    assert o1.message == (
        "总计列：第一项加第二项之和（14 + 0 = 14）应等于第三项加第四项之和（13 + 0 = 13），相差 1 / "
        "column 总计: new + carried over (14 + 0 = 14) should equal results total + carried forward "
        "(13 + 0 = 13), off by 1"
    )
    assert (o1.expected, o1.actual, o1.difference) == (13, 14, 1)
    assert o1.keys == (
        "requests.new_received.total",
        "requests.carried_over.total",
        "requests.results_total.total",
        "requests.carried_forward.total",
    )
    assert i1.message.startswith("「一、本年新收政府信息公开申请数量」行：总计（14）应等于六类申请人之和")
    assert "（12 + 1 + 0 + 0 + 0 + 0 = 13），相差 1" in i1.message
    assert "off by 1" in i1.message
    assert (i1.expected, i1.actual, i1.difference) == (13, 14, 1)
    assert i1.keys[0] == "requests.new_received.total"
    assert (o1.agency, o1.years) == ("朔州市统计局", (2023,))
    assert repr(result) == (
        # (T5, T6: a report built from facts states no statistics period and no publication date)
        "<CheckResult FAILED: 2 errors, 0 warnings; 240 passed, 2 failed, 2 not assessable (I1, O1)>"
    )
    assert "I1" in str(i1) and "requests.new_received.total" in str(i1)


def test_litigation_total_message_names_numbers() -> None:
    report = with_values(small_report(), review_litigation__litigation_direct__total=5)
    (finding,) = govinfo.check(report).findings
    assert finding.rule == "I3"
    assert finding.message.startswith("「行政诉讼 未经复议直接起诉」：总计（5）应等于")
    assert "（0 + 0 + 0 + 0 = 0），相差 5" in finding.message
    assert finding.difference == 5


def test_many_addends_are_summed_in_the_message() -> None:
    report = with_values(
        small_report(), requests__results_total__natural_person=15, requests__results_total__total=16
    )
    findings = govinfo.check(report).findings
    assert [f.rule for f in findings] == ["O1", "O1", "I2", "I2"]
    i2 = findings[2]
    assert i2.message.startswith("自然人列：（七）总计（15）应等于各项办理结果之和（12），相差 3")
    assert (i2.expected, i2.actual, i2.difference) == (12, 15, 3)
    assert len(i2.keys) == 22


# --- CheckResult: ordering and display ------------------------------------------------------


def test_findings_are_sorted_errors_first() -> None:
    warning = Finding(rule="X2", severity="warning", message="w")
    error = Finding(rule="O1", severity="error", message="e")
    result = CheckResult(findings=(warning, error))
    assert result.findings == (error, warning)
    assert not result.ok
    assert CheckResult(findings=(warning,)).ok


class _Rows(HTMLParser):
    """Collects the text of every ``<tr>`` that has ``<td>`` cells, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self._in_td_row = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "tr":
            self._text = []
            self._in_td_row = False
        elif tag == "td":
            self._in_td_row = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._in_td_row:
            self.rows.append(" ".join(self._text))

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def content_rows(markup: str) -> list[str]:
    parser = _Rows()
    parser.feed(markup)
    return parser.rows


def test_html_lists_failed_checks_first() -> None:
    report = with_values(small_report(), review_litigation__review__total=2)
    report = attrs.evolve(report, meta=attrs.evolve(report.meta, agency="<b>某局</b>"))
    result = govinfo.check(report)
    markup = result._repr_html_() or ""
    assert "I3" in markup and "review_litigation.review.total" in markup
    assert "<b>某局</b>" not in markup and "&lt;b&gt;某局&lt;/b&gt;" in markup
    rows = content_rows(markup)
    assert rows[0].startswith("error I3")
    assert "review_litigation.review.total" in rows[0]
    assert all(not r.startswith("error I3") for r in rows[1:])


@given(consistent_reports(), st.data())
def test_html_puts_every_finding_before_other_rows(report: Report, data: st.DataObject) -> None:
    edition = report.edition
    assert edition is not None
    keys = data.draw(st.lists(st.sampled_from(checked_keys(edition)), min_size=1, max_size=3, unique=True))
    values = {k.replace(".", "__"): -1 for k in keys}
    result = govinfo.check(with_values(report, **values))
    rows = content_rows(result._repr_html_() or "")
    n = len(result.findings)
    assert n >= 1
    for row, finding in zip(rows[:n], result.findings, strict=True):
        assert row.startswith(f"{finding.severity} {finding.rule}")
        assert finding.keys[0] in row
    assert not any(re.match(r"^(error|warning) [OIX]\d", r) for r in rows[n:])


# --- across years -------------------------------------------------------------------------


def x1_findings(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.rule == "X1"]


@given(consistent_report_pairs())
def test_consecutive_consistent_reports_pass_the_series_rules(pair: tuple[Report, Report]) -> None:
    last, this = pair
    for reports in ([last, this], [this, last]):
        result = govinfo.check_series(reports)
        assert result.ok
        assert result.findings == ()
        assert result.statistics["X1"].passed == 7
        both_2021 = last.edition == this.edition == "2021"
        assert result.statistics["X2"].passed == (2 if both_2021 else 0)


@given(consistent_reports(), consistent_reports(), st.integers(2020, 2024))
def test_carried_over_must_match_last_years_carried_forward(last: Report, this: Report, year: int) -> None:
    last = attrs.evolve(last, meta=attrs.evolve(last.meta, agency="宁波市北仑区统计局", year=year - 1))
    this = attrs.evolve(this, meta=attrs.evolve(this.meta, agency="北仑区 统计局", year=year))
    before, now = govinfo.facts(last), govinfo.facts(this)
    mismatched = {
        c for c in COLUMNS if now[f"requests.carried_over.{c}"] != before[f"requests.carried_forward.{c}"]
    }
    result = govinfo.check_series([this, last])
    found = {}
    for f in x1_findings(result):
        column = f.keys[0].rsplit(".", 1)[1]
        assert f.keys == (f"requests.carried_over.{column}", f"requests.carried_forward.{column}")
        assert f.years == (year - 1, year)
        assert f.actual == now[f.keys[0]] and f.expected == before[f.keys[1]]
        assert f.severity == "error"
        assert str(year) in f.message and str(year - 1) in f.message
        found[column] = f
    assert set(found) == mismatched
    assert result.statistics["X1"].failed == len(mismatched)
    assert result.statistics["X1"].passed == 7 - len(mismatched)
    assert {f.rule for f in result.findings if not f.rule.startswith("T")} <= {"X1", "X2"}
    assert result.ok == (not mismatched)


@given(consistent_report_pairs(), st.sampled_from(COLUMNS[:-1]), st.integers(1, 50))
def test_one_changed_carry_over_is_one_x1_finding(
    pair: tuple[Report, Report], column: str, delta: int
) -> None:
    last, this = pair
    key = f"requests.carried_over.{column}"
    now = govinfo.facts(this)

    def plus(k: str, d: int) -> int:
        value = now[k]
        assert isinstance(value, int)
        return value + d

    # keep this year's own arithmetic: move the delta from 新收 to 上年结转 in the column and in 总计
    this = with_values(
        this,
        **{
            f"requests__carried_over__{column}": plus(key, delta),
            "requests__carried_over__total": plus("requests.carried_over.total", delta),
            f"requests__new_received__{column}": plus(f"requests.new_received.{column}", -delta),
            "requests__new_received__total": plus("requests.new_received.total", -delta),
        },
    )
    assume(govinfo.check(this).ok)  # 新收 did not go negative
    result = govinfo.check_series([last, this])
    assert [(f.rule, f.keys, f.difference) for f in result.findings] == [
        ("X1", (key, f"requests.carried_forward.{column}"), delta),
        ("X1", ("requests.carried_over.total", "requests.carried_forward.total"), delta),
    ]


@given(consistent_report_pairs(), st.sampled_from([0, 2, 3]))
def test_no_x1_for_non_consecutive_years(pair: tuple[Report, Report], gap: int) -> None:
    last, this = pair
    assert last.meta.year is not None
    this = attrs.evolve(this, meta=attrs.evolve(this.meta, year=last.meta.year + gap))
    this = with_values(this, requests__carried_over__natural_person=10**6)  # would break X1 if paired
    result = govinfo.check_series([last, this])
    assert x1_findings(result) == []
    assert result.statistics["X1"].total == 0


@given(consistent_report_pairs())
def test_no_x1_across_agencies_or_without_metadata(pair: tuple[Report, Report]) -> None:
    last, this = pair
    this = with_values(this, requests__carried_over__natural_person=10**6)
    other = attrs.evolve(this, meta=attrs.evolve(this.meta, agency="完全不同的局"))
    no_agency = attrs.evolve(this, meta=attrs.evolve(this.meta, agency=None))
    blank_agency = attrs.evolve(this, meta=attrs.evolve(this.meta, agency=" \u3000"))
    no_year = attrs.evolve(this, meta=attrs.evolve(this.meta, year=None))
    for candidate in (other, no_agency, blank_agency, no_year):
        result = govinfo.check_series([last, candidate])
        assert x1_findings(result) == []
        assert result.statistics["X1"].total == 0
    # the same report with matching metadata is paired, so the edit above is seen
    assert x1_findings(govinfo.check_series([last, this]))


def test_series_includes_each_reports_own_findings_tagged() -> None:
    good = small_report()
    assert good.meta.year is not None
    bad = with_values(good, review_litigation__review__total=3)
    bad = attrs.evolve(bad, meta=attrs.evolve(bad.meta, year=good.meta.year + 5))
    result = govinfo.check_series([good, bad])
    assert [(f.rule, f.agency, f.years) for f in result.findings] == [("I3", "朔州市统计局", (2028,))]
    assert (result.statistics["I3"].passed, result.statistics["I3"].failed) == (5, 1)  # 3 per report


def test_series_x2_is_a_warning() -> None:
    last = with_values(small_report(), active__regulations__in_force=10)
    this = attrs.evolve(
        with_values(small_report(), active__regulations__in_force=10, active__regulations__issued=2),
        meta=attrs.evolve(last.meta, year=2024),
    )
    this_bad_o1 = with_values(this, requests__carried_forward__research=1)  # an error as well
    result = govinfo.check_series([last, this])
    assert result.ok
    (warning,) = result.findings
    assert (warning.rule, warning.severity) == ("X2", "warning")
    assert repr(result).startswith("<CheckResult ok: 0 errors, 1 warning;")
    assert warning.keys == (
        "active.regulations.in_force",
        "active.regulations.issued",
        "active.regulations.repealed",
    )
    assert (warning.expected, warning.actual, warning.difference) == (12, 10, -2)
    assert "10 + 2 − 0 = 12" in warning.message
    mixed = govinfo.check_series([last, this_bad_o1])
    assert not mixed.ok
    severities = [f.severity for f in mixed.findings]
    assert severities == sorted(severities, key=lambda s: s != "error") and "warning" in severities
    rows = content_rows(mixed._repr_html_() or "")
    assert [r.split(" ")[0] for r in rows[: len(severities)]] == severities


def test_series_relations_by_edition() -> None:
    assert {r.rule for r in series_relations("2019", "2021")} == {"X1"}
    assert {r.rule for r in series_relations("2021", "2021")} == {"X1", "X2"}
    assert {r.rule for r in series_relations(None, "2019")} == {"X1"}


@given(consistent_reports(), st.data())
def test_count_errors_counts_what_check_finds(report: Report, data: st.DataObject) -> None:
    """``count_errors`` (batch's tally) agrees with the findings ``check`` builds, as cells change,
    go missing or turn negative."""
    edition = report.edition
    assert edition is not None
    for _ in range(data.draw(st.integers(0, 4), label="changes")):
        key = data.draw(st.sampled_from(checked_keys(edition)), label="key")
        value = data.draw(st.none() | st.integers(-50, 10**6), label="value")
        old = govinfo.facts(report)[key]
        if isinstance(old, Decimal) and value is not None:
            value = Decimal(value).scaleb(-2)  # type: ignore[assignment]
        report = changed(report, key, value)
    errors = sum(1 for f in govinfo.check(report).findings if f.severity == "error")
    assert count_errors(report) == errors
    assert count_errors(report, govinfo.facts(report)) == errors


def test_count_errors_of_a_report_without_tables() -> None:
    assert count_errors(Report(meta=Meta())) == 0
