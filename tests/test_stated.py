"""Stated figures (``Report.stated``) and the text checks T1–T6.

Golden: for every case, the figures its text states, read by hand (``golden/<case>.stated.json``:
what is stated, what only looks like it, and where the text disagrees with the table).
Properties: prose generated around generated reports, with decoys, gives exactly the figures it
states; a table value changed under a stated figure makes T1 fire.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo import stated
from govinfo.checks import RULES
from govinfo.metadata import Passage, Text
from govinfo.model import Report, Section, StatedFigure, StatisticsPeriod
from govinfo.stated import number_value, read_stated
from govinfo.text_checks import counterpart_keys
from helpers.golden import CASES, GOLDEN, input_of
from helpers.strategies import consistent_reports

STATED_CASES = [c for c in CASES if (GOLDEN / f"{c}.stated.json").is_file()]


def _gold(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{case}.stated.json").read_text(encoding="utf-8"))
    return data


def _pair(kind: str, value: object) -> tuple[str, object]:
    if kind == "fees.amount":
        return kind, Decimal(str(value)).normalize()
    return kind, value


def _figures(report: Report) -> set[tuple[str, object]]:
    return {_pair(f.kind, f.value) for f in report.stated}


def _key(text: str) -> str:
    return "".join(text.split())


# --- the golden cases --------------------------------------------------------------------------


def test_every_case_has_hand_read_figures() -> None:
    assert STATED_CASES == CASES


@pytest.mark.parametrize("case", STATED_CASES)
def test_the_figures_the_text_states(case: str) -> None:
    """Every figure stated is read, none is invented, each with its sentence."""
    gold = _gold(case)
    report = govinfo.parse_file(input_of(case))
    assert _figures(report) == {_pair(f["kind"], f["value"]) for f in gold["figures"]}
    # each figure is read from a sentence where the text states it (a figure stated again in other
    # words, 上网发布的179条…, is one figure)
    quotes: dict[tuple[str, object], list[str]] = {}
    for figure in gold["figures"]:
        quotes.setdefault(_pair(figure["kind"], figure["value"]), []).append(_key(figure["quote"]))
    for pair, said in quotes.items():
        sentences = [_key(f.sentence or "") for f in report.stated if _pair(f.kind, f.value) == pair]
        assert any(q in s or s.endswith("…") for q in said for s in sentences), (pair, said, sentences)
    assert all(f.line is not None for f in report.stated)


@pytest.mark.parametrize("case", STATED_CASES)
def test_the_disagreements_with_the_table(case: str) -> None:
    """T1 finds exactly the prose/table disagreements really in the report."""
    gold = _gold(case)
    result = govinfo.check(govinfo.parse_file(input_of(case)))
    found = sorted(
        (f.keys[0].removeprefix("stated."), f.actual, f.expected) for f in result.findings if f.rule == "T1"
    )
    want = sorted((d["kind"], d["stated"], d["table"]) for d in gold["disagreements"])
    assert found == want
    for finding in (f for f in result.findings if f.rule == "T1"):
        assert finding.quote and finding.line is not None and finding.severity == "warning"


def test_the_known_disagreement_is_quoted() -> None:
    """The overview says 34 applications, table 三 says 32 (pingtan-general-office-2025)."""
    case = next(c for c in STATED_CASES if any(d["stated"] == 34 for d in _gold(c)["disagreements"]))
    [finding] = [f for f in govinfo.check(govinfo.parse_file(input_of(case))).findings if f.rule == "T1"]
    assert (finding.actual, finding.expected, finding.difference) == (34, 32, 2)
    assert finding.keys == ("stated.requests.new_received", "requests.new_received.total")
    assert finding.quote is not None and "34件" in finding.quote


# --- phrasing -----------------------------------------------------------------------------------


def _read(*sentences: str, year: int | None = 2023) -> set[tuple[str, object]]:
    lines = [line for sentence in sentences for line in sentence.split("\n")]
    figures = read_stated([Text(i + 1, s) for i, s in enumerate(lines)], year)
    return {_pair(f.kind, f.value) for f in figures}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2023年，本机关共收到政府信息公开申请34件，同比增长20%。", {("requests.new_received", 34)}),
        (
            "行政复议5件，其中结果维持2件，结果纠正1件；行政诉讼3件，其中尚未审结3件。",
            {
                ("review.total", 5),
                ("review.upheld", 2),
                ("review.corrected", 1),
                ("litigation.total", 3),
                ("litigation.pending", 3),
            },
        ),
        ("发生行政复议2件，未出现结果纠正案件。", {("review.total", 2), ("review.corrected", 0)}),
        ("其中结果维持2件。", set()),  # no case kind named: not one kind's figure
        (
            "全年受理政府信息公开申请十二件，办结十二件。",
            {("requests.new_received", 12), ("requests.handled", 12)},
        ),
        ("收到行政复议申请两件。", {("review.total", 2)}),
        ("全年未收到政府信息公开申请。", {("requests.new_received", 0)}),
        ("未发生政府信息公开行政复议、行政诉讼案件。", {("review.total", 0), ("litigation.total", 0)}),
        ("本年度未收取信息处理费。", {("fees.charged", False)}),
        ("全年收取信息处理费120元。", {("fees.amount", Decimal(120)), ("fees.charged", True)}),
        (
            "其中予以公开5件、部分公开2件、不予公开1件、无法提供3件、不予处理4件。",
            {
                ("requests.granted", 5),
                ("requests.partially_granted", 2),
                ("requests.denied", 1),
                ("requests.unable", 3),
                ("requests.not_processed", 4),
            },
        ),
        (
            "上年结转申请3件，结转下年度继续办理2件。",
            {("requests.carried_over", 3), ("requests.carried_forward", 2)},
        ),
        (
            "2023年累计主动公开政府信息90条，其中政策文件1条，其他应主动公开的政府信息53条。",
            {("active.published", 90)},
        ),
        # not stated: a comparison, a percentage, another year, another body, an approximation, a range
        ("比上年增加5件，答复率100%。", set()),
        ("2022年共收到政府信息公开申请30件。", set()),
        ("各部门共受理政府信息公开申请300件。", set()),
        ("主动公开信息600余条，约20件。", set()),
        ("收到申请3-5件。", set()),
        ("行政复议和行政诉讼共3件。", set()),
        ("全年收取信息处理费1.2万元。", {("fees.amount", Decimal(12000)), ("fees.charged", True)}),
        # the year of a heading run into the sentence after it is not a figure of 主动公开
        ("（三）主动公开情况\n2023年，我局主动公开政府信息16条。", {("active.published", 16)}),
        # a negation of some applications or cases only: no zero of all
        ("没有收到超出数量、频次范围的政府信息公开申请。", set()),
        ("本年度未收到需要延期答复的申请。", set()),
        ("未发生行政复议纠错案件。", {("review.corrected", 0)}),
        ("未出现行政诉讼败诉情况。", {("litigation.corrected", 0)}),
        ("未发生行政复议、行政诉讼案件。", {("review.total", 0), ("litigation.total", 0)}),
        # an outcome named after the case kind is the figure's kind
        ("行政复议结果纠正3件。", {("review.corrected", 3)}),
        ("行政诉讼案件中结果维持2件。", {("litigation.upheld", 2)}),
        ("发生行政复议3件，其中被纠错1件。", {("review.total", 3), ("review.corrected", 1)}),
        ("网站主动公开信息23条、微信主动公开信息100条左右。", set()),
    ],
)
def test_phrasings(text: str, want: set[tuple[str, object]]) -> None:
    assert _read(text) == want


def test_chinese_numerals() -> None:
    cases = {"一": 1, "两": 2, "十": 10, "十二": 12, "二十": 20, "一百零五": 105, "三千": 3000, "34": 34}
    for text, value in cases.items():
        assert number_value(text) == value, text
    assert number_value("二三") is None


# --- generated prose around generated reports ------------------------------------------------------

_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """Small counts as Chinese numerals (``12`` → 十二)."""
    if n < 10:
        return _CN[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[units] if units else "")


_STATEMENTS = {
    "requests.new_received": (
        "本机关共收到政府信息公开申请{n}件",
        "全年受理政府信息公开申请{n}件",
        "全年未收到政府信息公开申请",
    ),
    "requests.handled": ("共办结政府信息公开申请{n}件", "已答复政府信息公开申请{n}件", None),
    "requests.carried_over": ("上年结转政府信息公开申请{n}件", "上年度结转申请{n}件", None),
    "requests.carried_forward": ("结转下年度继续办理{n}件", "结转至下一年度办理的申请{n}件", None),
    "requests.granted": ("予以公开{n}件", "全部公开{n}件", None),
    "review.total": ("发生政府信息公开行政复议{n}件", "被申请行政复议{n}起", "未发生政府信息公开行政复议"),
    "litigation.total": ("被提起行政诉讼{n}件", "涉及行政诉讼{n}起", "未发生政府信息公开行政诉讼"),
    "active.published": ("全年主动公开政府信息{n}条", "主动公开政府信息{n}条", None),
}
# Decoys that name a kind of figure (so only the rule they test keeps them out), and negations
# that state no zero of all.
_DECOYS = (
    "{last}年共收到政府信息公开申请{k}件",
    "比上年多收到申请{k}件",
    "同比增长{k}%",
    "比上年少办结申请{k}件",
    "较去年多主动公开政府信息{k}条",
    "上年共受理政府信息公开申请{k}件",
    "答复率{k}%",
    "各部门共受理政府信息公开申请{k}件",
    "下属单位发生行政复议{k}件",
    "主动公开信息{k}余条",
    "共收到政府信息公开申请约{k}件",
    "办结政府信息公开申请{k}件左右",
    "全年受理申请{k}-{k2}件",
    "未收到超出数量、频次范围的政府信息公开申请",
    "未收到需要延期答复的申请",
)


@st.composite
def stated_prose(draw: st.DrawFn, report: Report) -> tuple[tuple[str, ...], set[tuple[str, object]]]:
    """Sentences stating some of the report's figures (by its own table, or any number), with
    decoys between them; and the figures they state."""
    assert report.meta.year is not None
    kinds = draw(st.lists(st.sampled_from(sorted(_STATEMENTS)), min_size=1, max_size=5, unique=True))
    sentences: list[str] = []
    want: set[tuple[str, object]] = set()
    for kind in kinds:
        value = draw(st.integers(0, 60))
        forms = [f for f in _STATEMENTS[kind] if f is not None]
        negation = _STATEMENTS[kind][2]
        if value == 0 and negation is not None and draw(st.booleans()):
            sentence = negation
        else:
            form = draw(st.sampled_from(forms[:2]))
            number = _chinese(value) if value <= 99 and draw(st.booleans()) else str(value)
            sentence = form.format(n=number)
        sentence = f"{report.meta.year}年，{sentence}" if draw(st.booleans()) else sentence
        want.add((kind, value))
        if draw(st.booleans()):
            k = draw(st.integers(1, 99))
            decoy = draw(st.sampled_from(_DECOYS)).format(last=report.meta.year - 1, k=k, k2=k + 3)
            # in the statement's own sentence, after a comma, or a sentence of its own
            sentence = f"{sentence}，{decoy}" if draw(st.booleans()) else f"{sentence}。{decoy}"
        sentences.append(f"{sentence}。")
    if draw(st.booleans()):
        sentences.append("全年未收取信息处理费。")
        want.add(("fees.charged", False))
    return tuple(sentences), want


_PLAIN = ("我局认真贯彻落实政府信息公开条例，不断提升公开质量。",)


def _with_overview(report: Report, sentences: tuple[str, ...]) -> Report:
    """``report`` whose section 一 is ``sentences`` and whose 五 and 六 state no figure."""
    return attrs.evolve(
        report,
        overview=Section(heading="一、总体情况", paragraphs=sentences),
        problems=Section(heading="五、存在的主要问题及改进情况", paragraphs=_PLAIN),
        other_matters=Section(heading="六、其他需要报告的事项", paragraphs=_PLAIN),
    )


@given(consistent_reports(), st.data())
def test_generated_prose_gives_exactly_the_figures_it_states(report: Report, data: st.DataObject) -> None:
    sentences, want = data.draw(stated_prose(report))
    text = govinfo.render(_with_overview(report, sentences))
    parsed = govinfo.parse(text)
    assert _figures(parsed) == want
    assert all(f.line is not None and f.sentence for f in parsed.stated)
    assert govinfo.loads(govinfo.dumps(parsed)).stated == parsed.stated


@given(consistent_reports(), st.integers(1, 50))
def test_a_changed_table_value_makes_t1_fire(report: Report, delta: int) -> None:
    assert report.meta.year is not None and report.edition is not None
    values = govinfo.facts(report)
    received = values["requests.new_received.total"]
    reviews = values["review_litigation.review.total"]
    assert isinstance(received, int) and isinstance(reviews, int)
    said = f"{report.meta.year}年共收到政府信息公开申请{received}件，发生行政复议{reviews}件。"
    parsed = govinfo.parse(govinfo.render(_with_overview(report, (said,))))
    assert not [f for f in govinfo.check(parsed).findings if f.rule == "T1"]
    changed = govinfo.from_facts({**govinfo.facts(parsed), "requests.new_received.total": received + delta})
    changed = attrs.evolve(changed, meta=parsed.meta, stated=parsed.stated)
    [finding] = [f for f in govinfo.check(changed).findings if f.rule == "T1"]
    assert finding.keys == ("stated.requests.new_received", "requests.new_received.total")
    assert (finding.actual, finding.expected, finding.difference) == (received, received + delta, -delta)


# A sentence stating each kind that has table cells to disagree with.
_SAID = {
    "requests.new_received": "共收到政府信息公开申请{n}件",
    "requests.carried_over": "上年结转政府信息公开申请{n}件",
    "requests.granted": "予以公开{n}件",
    "requests.partially_granted": "部分公开{n}件",
    "requests.denied": "不予公开{n}件",
    "requests.unable": "无法提供{n}件",
    "requests.not_processed": "不予处理{n}件",
    "requests.other_handling": "其他处理{n}件",
    "requests.carried_forward": "结转下年度继续办理{n}件",
    "review.total": "发生行政复议{n}件",
    "litigation.total": "被提起行政诉讼{n}件",
}


@pytest.mark.parametrize("kind", sorted(_SAID))
@given(report=consistent_reports(), delta=st.integers(1, 50), data=st.data())
def test_a_changed_table_value_makes_t1_fire_for_each_kind(
    kind: str, report: Report, delta: int, data: st.DataObject
) -> None:
    assert report.meta.year is not None and report.edition is not None
    keys = counterpart_keys(report.edition, kind)
    assert keys, kind
    values = govinfo.facts(report)
    cells = [values[k] for k in keys]
    assert all(type(v) is int for v in cells)
    table = sum(v for v in cells if isinstance(v, int))
    said = f"{report.meta.year}年，{_SAID[kind].format(n=table)}。"
    parsed = govinfo.parse(govinfo.render(_with_overview(report, (said,))))
    assert _figures(parsed) == {(kind, table)}
    assert not [f for f in govinfo.check(parsed).findings if f.rule == "T1"]
    key = data.draw(st.sampled_from(keys))
    was = values[key]
    assert isinstance(was, int)
    changed = govinfo.from_facts({**govinfo.facts(parsed), key: was + delta})
    changed = attrs.evolve(changed, meta=parsed.meta, stated=parsed.stated)
    [finding] = [f for f in govinfo.check(changed).findings if f.rule == "T1"]
    assert finding.keys == (f"stated.{kind}", *keys)
    assert (finding.actual, finding.expected) == (table, table + delta)


def test_sums_of_rows_are_the_counterparts() -> None:
    assert len(counterpart_keys("2021", "requests.denied")) == 8
    assert len(counterpart_keys("2021", "requests.unable")) == 3
    assert len(counterpart_keys("2021", "requests.other_handling")) == 3
    assert counterpart_keys("2019", "requests.other_handling") == ("requests.other_handling.total",)
    assert counterpart_keys("2021", "litigation.total") == (
        "review_litigation.litigation_direct.total",
        "review_litigation.litigation_after_review.total",
    )
    assert counterpart_keys("2021", "active.published") == ()


# --- facts ------------------------------------------------------------------------------------------


def test_stated_facts_and_their_conflicts() -> None:
    report = govinfo.parse("一、总体情况\n2023年共收到政府信息公开申请5件。\n二、主动公开政府信息情况\n")
    assert govinfo.facts(report)["stated.requests.new_received"] == 5
    two = govinfo.parse("一、总体情况\n2023年共收到政府信息公开申请5件。全年受理政府信息公开申请6件。\n")
    assert govinfo.facts(two)["stated.requests.new_received"] is None
    assert any(
        d.code == "stated.conflict" and d.keys == ("stated.requests.new_received",) for d in two.diagnostics
    )
    rebuilt = govinfo.from_facts({**govinfo.facts(Report.blank("2021")), "stated.fees.charged": False})
    assert rebuilt.stated == (StatedFigure(kind="fees.charged", value=False, unit=None),)
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts({"meta.edition": "2021", "stated.fees.charged": 0})
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts({"meta.edition": "2021", "stated.review.total": -1})


# --- T2–T6 ---------------------------------------------------------------------------------------


def _rules(report: Report) -> list[str]:
    return [f.rule for f in govinfo.check(report).findings if f.rule.startswith("T")]


def _base() -> Report:
    case = next(c for c in STATED_CASES if c.startswith("huaian"))
    return govinfo.parse_file(input_of(case))


def test_a_clean_report_has_no_text_finding() -> None:
    assert _rules(_base()) == []


def test_t2_misnumbered_heading() -> None:
    text = input_of(next(c for c in STATED_CASES if c.startswith("huaian"))).read_text(encoding="utf-8")
    assert "六、其他需要报告的事项" in text
    report = govinfo.parse(text.replace("六、其他需要报告的事项", "五、其他需要报告的事项"))
    [finding] = [f for f in govinfo.check(report).findings if f.rule == "T2"]
    assert finding.quote == "五、其他需要报告的事项" and finding.line is not None


def test_t3_empty_or_missing_sections() -> None:
    report = _base()
    empty = attrs.evolve(report, problems=Section(heading=report.problems.heading, paragraphs=("无。",)))
    assert _rules(empty) == ["T3"]
    missing = attrs.evolve(report, overview=Section())
    assert _rules(missing) == ["T3"]
    other = attrs.evolve(
        report, other_matters=Section(heading=report.other_matters.heading, paragraphs=("无",))
    )
    assert "T3" not in _rules(other)  # 六 may say 无 …
    assert "T4" in _rules(other)  # … but then it says nothing about 信息处理费


def test_t4_contradicting_fee_statements() -> None:
    report = _base()
    said = (
        *report.stated,
        StatedFigure(kind="fees.charged", value=False, sentence="本年度未收取信息处理费。"),
    )
    assert _rules(attrs.evolve(report, stated=said)) == ["T4"]


def test_t5_t6_dates() -> None:
    report = _base()
    year = report.meta.year
    assert year is not None
    before = StatisticsPeriod(start=datetime.date(year - 1, 1, 1), end=datetime.date(year - 1, 12, 31))
    assert _rules(attrs.evolve(report, meta=attrs.evolve(report.meta, statistics_period=before))) == ["T5"]
    early = datetime.date(year - 1, 12, 1)
    assert _rules(attrs.evolve(report, meta=attrs.evolve(report.meta, publication_date=early))) == ["T6"]


def test_every_text_rule_is_in_the_catalogue() -> None:
    for code in ("T1", "T2", "T3", "T4", "T5", "T6"):
        rule = RULES[code]
        assert rule.scope == "report" and rule.severity == "warning" and rule.title_zh and rule.title_en


# --- the shortcuts of read_stated ----------------------------------------------------------------

_PIECES = [
    "共收到政府信息公开申请",
    "34件",
    "十二件",
    "3条",
    "2元",
    "1.2万元",
    "万",
    "元",
    "纠错",
    "超出数量",
    "120",
    "个",
    "。",
    "；",
    "，",
    "（",
    "）",
    "未收到",
    "申请",
    "没有",
    "发生",
    "行政复议",
    "行政诉讼",
    "不",
    "无",
    "收取",
    "信息处理费",
    "约",
    "余",
    "左右",
    "以上",
    "结果纠正",
    "1件",
    "2022年",
    "上年",
    "主动公开",
    "信息",
    "\n",
    " ",
]


def _read_stated_plain(lines: list[Text], year: int | None) -> tuple[StatedFigure, ...]:
    """read_stated without its screen: every sentence is read."""
    passage = Passage.of(lines)
    text = passage.text
    out: list[StatedFigure] = []
    seen: set[tuple[int, str, object]] = set()
    begin = 0
    for end in [m.end() for m in stated._SENTENCE_END.finditer(text)] + [len(text)]:
        sentence = text[begin:end]
        for kind, value, unit, offset in stated._figures(sentence, year):
            if (begin, kind, value) in seen:
                continue
            seen.add((begin, kind, value))
            out.append(
                StatedFigure(
                    kind=kind,  # type: ignore[arg-type]
                    value=value,
                    unit=unit,
                    line=passage.line_at(begin + offset),
                    sentence=stated._shown(sentence),
                )
            )
        begin = end
    return tuple(out)


@given(
    st.lists(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join), max_size=5),
    st.sampled_from([None, 2022, 2023]),
)
def test_read_stated_reads_what_every_sentence_gives(texts: list[str], year: int | None) -> None:
    """Looking only at sentences with a figure or a negation finds what looking at all finds."""
    lines = [Text(i + 1, t) for i, t in enumerate(texts)]
    assert stated.read_stated(lines, year) == _read_stated_plain(lines, year)


# What an approximate figure is, as patterns over its clause (the reference for the word tests).
_APPROXIMATE_BEFORE = re.compile(r"(?:约|近|超过|逾|大约|将近|不少于|不到|多于|以上)$")
_APPROXIMATE_AFTER = re.compile(r"^(?:余|多|左右|以上|以下)")


# Clause marks, numbers, measure words and what may stand before a number, densely.
_COUNT_PIECES = [
    "，",
    "：",
    "（",
    "）",
    ",",
    "34件",
    "十二件",
    "3条",
    "120",
    "个",
    "件",
    "次",
    "约",
    "至",
    "-",
    ".",
    "5",
]


@given(st.lists(st.sampled_from(_COUNT_PIECES), max_size=12).map("".join))
def test_counts_of_a_sentence_are_those_of_its_clauses(sentence: str) -> None:
    """One scan of a sentence finds the counts that scanning each clause finds (a count never
    spans a clause's end, and the character before a clause is no part of a number)."""
    by_clause = [
        (start + m.start(), start + m.end())
        for start, end in stated._clauses(sentence)
        for m in stated._COUNT.finditer(sentence[start:end])
    ]
    assert [m.span() for m in stated._COUNT.finditer(sentence)] == by_clause


_RUNS = st.lists(st.sampled_from(_PIECES), max_size=4).map("".join)


@given(_RUNS, _RUNS, _RUNS, _RUNS, _RUNS)
def test_approximate_is_its_patterns(before: str, words: str, figure: str, after: str, rest: str) -> None:
    """The figure is approximate by the words of its clause, as the patterns say of the clause cut
    out of the sentence (words outside the clause, next to it, count for nothing)."""
    sentence = before + words + figure + after + rest
    clause_start = len(before)
    start = clause_start + len(words)
    end = start + len(figure)
    clause_end = end + len(after)
    clause = words + figure + after
    plain = bool(
        _APPROXIMATE_BEFORE.search(clause, 0, len(words))
        or _APPROXIMATE_AFTER.match(clause[end - clause_start :])
    )
    assert stated._approximate(sentence, start, end, (clause_start, clause_end)) == plain
