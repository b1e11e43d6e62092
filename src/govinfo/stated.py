"""Stated figures: the numbers the text sections state about the report's own figures.

``共收到政府信息公开申请34件`` states 34 applications received; ``未发生行政复议、行政诉讼案件`` states
zero of each; ``未收取信息处理费`` states that no fee was charged.  :func:`read_stated` reads them
from the report's prose, clause by clause, and keeps only plain statements about this body and
the year reported on: a comparison with last year, a percentage, an approximate figure, another
year's or another body's figure, and anything it cannot tie to one kind are left out (see
``docs/stated.md``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple, cast

from .metadata import Passage, Text
from .model import StatedFigure, StatedKind, StatedValue
from .values import chinese_number

# --- numbers ------------------------------------------------------------------------------------

_NUMERALS = "零〇一二两三四五六七八九十百千"


def number_value(text: str) -> Decimal | None:
    """``34`` → 34, ``十二`` → 12, ``两`` → 2, ``一百零五`` → 105; ``None`` if not a number."""
    if text[0].isdigit():
        return Decimal(text)
    value = chinese_number(text)
    return None if value is None else Decimal(value)


# --- where a figure is said -------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？；;!?]")
# Clauses end at commas, colons and brackets; 、 joins the parts of one list (收到公民、法人…申请7件).
_CLAUSE_END = re.compile(r"[，,：:（）()]")
# A count: a number and its measure word, not part of a longer number, a range or an approximation.
# (The number's first character first, then a look back at the character before it: the engine
# scans for a character class much faster than it tries a look-behind at every position.)
_COUNT = re.compile(
    rf"(?P<number>[\d{_NUMERALS}](?<![\d.\-－~～至到余多].)"
    rf"(?:(?<=\d)\d*(?:\.\d+)?|(?<=[{_NUMERALS}])[{_NUMERALS}]*))"
    r"(?P<unit>件|条|宗|起|个|份|例|篇|项)(?!次)"
)
_FEE = re.compile(r"(?<![\d.])(?P<number>\d+(?:\.\d+)?|零)(?P<unit>万元|元)")
_COMPARISON = re.compile(
    r"(?:同比|比上年|较上年|比去年|较去年|与上年相比|环比|增加|增长|减少|下降|上升|多出|少了|提高|降低)"
)
# Figures of other bodies (a city's own report gives the city's figures: 全市 is not here).
_OTHER_BODIES = re.compile(r"(?:各单位|各部门|下属|所属|各乡镇|各街道|各级|系统内|各地)")
_LAST_YEAR = re.compile(r"(?:上年|去年|上一年|上年度|往年)(?!结转|度结转)")
_SINCE = re.compile(r"以来|至今|历年")
_YEAR = re.compile(r"(\d{4})年")
# A breakdown of a total (其中…, 含…): its parts are not received, handled or published totals.
_BREAKDOWN = ("其中", "含", "包括", "包含")
# 其他应主动公开的政府信息11条: a category of the documents published, not their number.
_CATEGORY = re.compile(r"应当?主动公开|主动公开的[^，。]*类")
# A figure whose kind is said after it: 另有103件顺延到下年度答复.
_FORWARD_AFTER = re.compile(r"^(?:申请)?(?:顺延|结转|转入)(?:至|到)?下(?:一)?年")
_TOTALS = frozenset({"requests.new_received", "requests.handled"})
# Each figure of 主动公开 in a sentence (not a category: 应主动公开的…): two different ones (by
# channel: 网站23条、微信100条左右) leave the year's total unsaid.  (A figure has its measure word:
# the year of a heading run into the next sentence, 主动公开情况2023年, is not one.)
_PUBLISHED = re.compile(r"(?<!应)(?<!应当)主动(?:公开|发布)[^，。；、\d]{0,14}(\d+)(?=[条篇件个份])")


class _Rule(NamedTuple):
    kind: str
    words: re.Pattern[str]  # the last match in the words before a figure decides its kind
    units: str
    needs: re.Pattern[str] | None = None  # what the words (or the sentence) must also say


_REQUEST = re.compile(r"申请")
_REQUEST_UNITS = "件宗个份条项"
_CASE_UNITS = "件起宗例个条"
_RULES = (
    _Rule("requests.partially_granted", re.compile(r"部分公开"), _REQUEST_UNITS),
    _Rule("requests.denied", re.compile(r"不予公开"), _REQUEST_UNITS),
    _Rule(
        "requests.granted", re.compile(r"(?<!不)予以公开|(?<!部分)(?<!不予)全部公开|公开答复"), _REQUEST_UNITS
    ),
    _Rule("requests.unable", re.compile(r"无法提供"), _REQUEST_UNITS),
    _Rule("requests.not_processed", re.compile(r"不予处理"), _REQUEST_UNITS),
    _Rule("requests.other_handling", re.compile(r"其他处理"), _REQUEST_UNITS),
    _Rule(
        "requests.carried_forward",
        re.compile(r"结转(?:至|到|入)?下(?:一)?年|转入下(?:一)?年"),
        _REQUEST_UNITS,
    ),
    _Rule("requests.carried_over", re.compile(r"(?:上年|上一年|往年)度?结转|结转上一?年"), _REQUEST_UNITS),
    _Rule("requests.handled", re.compile(r"办结|(?<!公开)答复|办理完毕|已办理"), _REQUEST_UNITS, _REQUEST),
    _Rule("requests.new_received", re.compile(r"收到|受理|新收|接收|接到|收悉"), _REQUEST_UNITS, _REQUEST),
    _Rule("review.total", re.compile(r"行政复议"), _CASE_UNITS),
    _Rule("litigation.total", re.compile(r"行政诉讼"), _CASE_UNITS),
    _Rule("active.published", re.compile(r"主动(?:公开|发布)"), "条篇件个份", re.compile(r"信息")),
)
_BOTH_CASES = re.compile(r"复议.*诉讼|诉讼.*复议")
_ANY_KIND_WORD = re.compile("|".join(f"(?:{rule.words.pattern})" for rule in _RULES))

# Zero stated by a negation: 未收到…申请, 未发生…行政复议/行政诉讼, 未收取…信息处理费.
_NEGATION = r"(?:未|没有|无|不存在|暂无)"
# A negation of only some applications or cases (超出数量、频次范围的申请, 纠错案件) states no zero of all.
_QUALIFIER = (
    "超出|超过|频次|数量|范围|重复|收费|缴费|需要|需|延期|延长|逾期"
    "|补正|恶意|滥用|涉密|不予|无法|纠错|纠正|撤销|败诉"
)
_NO_REQUESTS = re.compile(
    rf"{_NEGATION}(?:收到|受理|接到|接收)(?:(?!{_QUALIFIER})[^，。；,]){{0,16}}申请(?![^，。；,]*(?:复议|诉讼))"
)
_NO_CASES = re.compile(
    rf"{_NEGATION}(?:发生|收到|出现|涉及|产生|被)?(?:(?!{_QUALIFIER})[^，。；,]){{0,24}}?(?P<what>行政复议|行政诉讼)"
    rf"(?!(?:案件|案|情况|的)?(?:{_QUALIFIER}|被纠|结果))"
)
# 未发生行政复议纠错案件, 未出现行政诉讼败诉: no case of that kind was corrected.
_NO_CORRECTED = re.compile(
    rf"{_NEGATION}(?:发生|出现|有|产生)?[^，。；,]{{0,12}}?(?P<what>行政复议|行政诉讼)(?:案件|案|的)?"
    r"(?:被)?(?:纠错|纠正|撤销|败诉)"
)
_NO_FEES = re.compile(
    rf"(?:{_NEGATION}|不)[^，。；,]{{0,8}}?(?:收取|产生|发生)[^，。；,]{{0,16}}(?:信息处理费|处理费)"
)
_FEE_WORDS = re.compile(r"信息处理费|处理费")
_CASE_KINDS = {"行政复议": "review.total", "行政诉讼": "litigation.total"}

Figure = tuple[str, StatedValue, str | None, int]  # kind, value, unit, offset in the sentence


_APPROXIMATE_WORDS = ("约", "近", "超过", "逾", "大约", "将近", "不少于", "不到", "多于", "以上")
_APPROXIMATE_AFTER_WORDS = ("余", "多", "左右", "以上", "以下")


def _approximate(sentence: str, start: int, end: int, clause: tuple[int, int]) -> bool:
    """Whether the figure at ``sentence[start:end]`` is approximate (约34件, 34件左右), by the
    words of its ``clause`` (its start and end in ``sentence``)."""
    return sentence.endswith(_APPROXIMATE_WORDS, clause[0], start) or sentence.startswith(
        _APPROXIMATE_AFTER_WORDS, end, clause[1]
    )


def _about_other_year(before: str, year: int | None) -> bool:
    """Whether the words before a figure (from its sentence's start) put it in another year, with
    another body, or over many years."""
    if _OTHER_BODIES.search(before) or _SINCE.search(before):
        return True
    return year is not None and any(int(y) != year for y in _YEAR.findall(before))


def _kind(words: str, unit: str, sentence: str) -> str | None:
    """The kind the words before a figure give it, or ``None`` (no kind, or not one kind)."""
    if _ANY_KIND_WORD.search(words) is None:  # (one scan rules out most figures)
        return None
    best: tuple[int, str] | None = None
    for rule in _RULES:
        if unit not in rule.units:
            continue
        last = None
        for m in rule.words.finditer(words):
            last = m
        if last is None:
            continue
        if rule.needs is not None and not (rule.needs.search(words) or rule.needs.search(sentence)):
            continue
        if best is None or last.end() > best[0]:
            best = (last.end(), rule.kind)
    if best is None:
        return None
    kind = best[1]
    if kind in _CASE_KINDS.values() and _BOTH_CASES.search(words):
        return None  # 行政复议和行政诉讼共3件: not one kind's figure
    if kind not in ("requests.carried_over", "requests.carried_forward") and _LAST_YEAR.search(words):
        return None  # last year's figure
    return kind


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Where each clause of ``sentence`` starts and ends."""
    bounds = [0]
    for m in _CLAUSE_END.finditer(sentence):
        bounds += m.span()
    bounds.append(len(sentence))
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def _figures(sentence: str, year: int | None) -> list[Figure]:
    """Every figure ``sentence`` states."""
    out: list[Figure] = []
    counts = list(_COUNT.finditer(sentence))
    fees = "收取" in sentence and _FEE_WORDS.search(sentence) is not None
    if counts or fees:
        clauses = _clauses(sentence)
        if counts:
            out.extend(_counts(sentence, counts, clauses, year))
        if fees:
            for clause in clauses:
                text = sentence[clause[0] : clause[1]]
                if _FEE_WORDS.search(text) and "收取" in text and not _NO_FEES.search(text):
                    out.extend(_fees(sentence, clause, year))
    if _may_negate(sentence):
        out.extend(_zeros(sentence, year))
    if any(figure[0] == "active.published" for figure in out) and len(_published(sentence)) > 1:
        out = [figure for figure in out if figure[0] != "active.published"]
    return out


def _published(sentence: str) -> set[str]:
    """The figures of 主动公开 in ``sentence``, but those compared with last year's (较去年多主动公开…)."""
    return {
        m.group(1)
        for m in _PUBLISHED.finditer(sentence)
        if not _COMPARISON.search(sentence, max(0, m.start() - 8), m.start())
    }


def _counts(
    sentence: str, counts: list[re.Match[str]], clauses: list[tuple[int, int]], year: int | None
) -> Iterable[Figure]:
    """The counts of ``sentence`` (``counts``: the matches of :data:`_COUNT`, ``clauses``: where its
    clauses are): each is read with the words of its clause since the figure before it."""
    at = 0  # the clause of the figure
    words_start = 0
    for m in counts:
        start, end = m.span()
        while clauses[at][1] < start:
            at += 1
        clause = clauses[at]
        words_start = max(words_start, clause[0])
        words = sentence[words_start:start]
        words_start = end
        # (one scan first: most figures of a list, 政务动态42条, name no kind before or after them)
        named = _KIND_OR_OUTCOME.search(words) is not None
        forward = not named and _FORWARD_AFTER.match(sentence[end : clause[1]]) is not None
        if not (named or forward):
            continue
        if _approximate(sentence, start, end, clause) or _COMPARISON.search(words[-8:]):
            continue
        # an outcome named after the case kind is the figure's kind (行政复议结果纠正3件: not 3 reviews)
        kind = _outcome(words, sentence[:start]) or _kind(words, m.group("unit"), sentence) if named else None
        if kind is None and (forward or _FORWARD_AFTER.match(sentence[end : clause[1]])):
            kind = "requests.carried_forward"
        if (
            kind is None
            or (kind in _TOTALS and sentence.startswith(_BREAKDOWN, clause[0], clause[1]))
            or _CATEGORY.search(words)
        ):
            continue
        if _about_other_year(sentence[:start], year):
            continue
        value = number_value(m.group("number"))
        if value is None or value != value.to_integral_value():
            continue
        yield kind, int(value), m.group("unit"), start


def _fees(sentence: str, clause: tuple[int, int], year: int | None) -> Iterable[Figure]:
    """收取信息处理费120元 (in the ``clause`` of ``sentence`` at those bounds): the amount in 元, and
    whether a fee was charged."""
    for m in _FEE.finditer(sentence, *clause):
        start, end = m.span()
        if _approximate(sentence, start, end, clause) or _about_other_year(sentence[:start], year):
            continue
        amount = Decimal(0) if m.group("number") == "零" else Decimal(m.group("number"))
        if m.group("unit") == "万元":
            amount = (amount * 10000).normalize()
        yield "fees.amount", amount, "元", start
        yield "fees.charged", amount > 0, None, start


# The outcomes of 行政复议 and 行政诉讼 cases (结果维持72件), of the case kind last named before them.
_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("corrected", "被纠错"),
    ("corrected", "被纠正"),
)
_OUTCOME_WORDS = re.compile("|".join(word for _name, word in _OUTCOMES))
_OUTCOME_NAMES = {word: name for name, word in _OUTCOMES}
_CASE_WORDS = re.compile(r"行政复议|行政诉讼")
# A word that may give a figure its kind: one scan rules out most figures.
_KIND_OR_OUTCOME = re.compile(f"{_ANY_KIND_WORD.pattern}|{_OUTCOME_WORDS.pattern}")
_NO_OUTCOME = re.compile(rf"{_NEGATION}(?:出现|发生|有)?[^，。；,]{{0,6}}?(?P<word>{_OUTCOME_WORDS.pattern})")


def _outcome(words: str, before: str) -> str | None:
    """``review.corrected`` for ``结果纠正64件`` in a sentence about 行政复议 (the case kind named last
    before the figure decides); ``None`` if the words name no outcome or no case kind precedes."""
    if _OUTCOME_WORDS.search(words) is None:  # (most figures: no outcome named)
        return None
    found = list(_OUTCOME_WORDS.finditer(words))
    cases = list(_CASE_WORDS.finditer(before))
    if not cases:
        return None
    return f"{_CASE_KINDS[cases[-1].group()].split('.')[0]}.{_OUTCOME_NAMES[found[-1].group()]}"


def _zeros(sentence: str, year: int | None) -> Iterable[Figure]:
    """The zeros a negation states: 未收到…申请, 未发生…行政复议或行政诉讼, 未收取…信息处理费."""
    # (each pattern only where the words it needs are: most negations are of something else)
    cases = "行政复议" in sentence or "行政诉讼" in sentence
    if "申请" in sentence:
        for m in _NO_REQUESTS.finditer(sentence):
            if not _about_other_year(sentence[: m.start()], year):
                yield "requests.new_received", 0, "件", m.start()
    if cases:
        yield from _no_cases(sentence, year)
    if "处理费" in sentence:
        for m in _NO_FEES.finditer(sentence):
            if not _about_other_year(sentence[: m.start()], year):
                yield "fees.charged", False, None, m.start()
    if cases and _OUTCOME_WORDS.search(sentence):
        for m in _NO_OUTCOME.finditer(sentence):  # 未出现结果纠正案件
            kind = _outcome(m.group("word"), sentence[: m.start()])
            if kind is not None and not _about_other_year(sentence[: m.start()], year):
                yield kind, 0, "件", m.start()


def _no_cases(sentence: str, year: int | None) -> Iterable[Figure]:
    """未发生行政复议或行政诉讼: zero cases of each kind named; 未发生行政复议纠错案件: zero corrected."""
    for m in _NO_CASES.finditer(sentence):
        if _about_other_year(sentence[: m.start()], year):
            continue
        what = m.group("what")
        yield _CASE_KINDS[what], 0, "件", m.start()
        other = "行政诉讼" if what == "行政复议" else "行政复议"
        if re.match(rf"[^，。；,]{{0,8}}?(?:行政)?{other[2:]}", sentence[m.end() : m.end() + 12]):
            yield _CASE_KINDS[other], 0, "件", m.start()  # 行政复议或行政诉讼, 行政复议诉讼: both
    for m in _NO_CORRECTED.finditer(sentence):
        if not _about_other_year(sentence[: m.start()], year):
            yield f"{_CASE_KINDS[m.group('what')].split('.')[0]}.corrected", 0, "件", m.start()


def read_stated(lines: Sequence[Text], year: int | None) -> tuple[StatedFigure, ...]:
    """Every figure the prose ``lines`` state (see the module doc); ``year``: the year reported on."""
    passage = Passage.of(lines)
    text = passage.text
    out: list[StatedFigure] = []
    seen: set[tuple[int, str, StatedValue]] = set()
    ends = list(map(_END, _SENTENCE_END.finditer(text)))
    ends.append(len(text))
    # Only sentences with a measure word after a numeral (a count, an amount), or with a negation
    # word, may state a figure: most sentences of a report have neither, and are not looked at.
    sentence_of = functools.partial(bisect.bisect_right, ends)
    with_hit = set(map(sentence_of, map(_START, _HIT.finditer(text))))
    negating = set(map(sentence_of, map(_START, _NEGATION_WORD.finditer(text))))
    for index in sorted(with_hit | negating):
        begin = ends[index - 1] if index else 0
        sentence = text[begin : ends[index]]
        if index not in with_hit and not _may_negate(sentence):
            continue
        for kind, value, unit, offset in _figures(sentence, year):
            if (begin, kind, value) in seen:
                continue
            seen.add((begin, kind, value))
            line = passage.line_at(begin + offset)
            figure = StatedFigure(
                kind=cast(StatedKind, kind), value=value, unit=unit, line=line, sentence=_shown(sentence)
            )
            out.append(figure)
    return tuple(out)


# A measure word after a numeral: where a figure may be stated (sentences without one are read
# only for negations, :func:`_may_negate`).
# (The measure word first, then a look back at the numeral: the engine scans for a character
# class much faster than it tries a look-behind at every position.)
_HIT = re.compile(r"[件条宗起个份例篇项元](?<=[0-9零〇一二两三四五六七八九十百千万].)")
_NEGATION_WORD = re.compile(r"未|没有|无|不")  # the words of :func:`_may_negate`'s first test
_START, _END = re.Match.start, re.Match.end


def _may_negate(sentence: str) -> bool:
    """Whether ``sentence`` may state a zero by a negation (a cheap test before the patterns):
    it has one of 未, 没有, 无, 不 and one of 申请, 复议, 诉讼, 处理费, 结果."""
    return ("未" in sentence or "无" in sentence or "不" in sentence or "没有" in sentence) and (
        "申请" in sentence
        or "复议" in sentence
        or "诉讼" in sentence
        or "处理费" in sentence
        or "结果" in sentence
    )


def _shown(sentence: str) -> str:
    return sentence if len(sentence) <= SENTENCE_MAX else sentence[: SENTENCE_MAX - 1] + "…"


SENTENCE_MAX = 200  # characters of a sentence kept as the evidence of a figure


__all__ = ["SENTENCE_MAX", "number_value", "read_stated"]
