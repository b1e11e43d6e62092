"""Metadata from all the evidence: agency, year, publication date and statistics period.

A report states its agency and year in several places: the title (in any of its shapes, maybe split
over lines or repeated), page fields that sites put before the body (``标题:``, ``发布机构:``,
``发布时间:``), the preamble (``由…编制``, ``编制了{机关}{YYYY}年度…报告``), the statistics
period, the opening of section 一 (``2023年，…``) and the sign-off.  Each place has a small reader
here that gives :class:`Candidate` values; :func:`choose` weighs them (a title beats prose) and the
disagreements become diagnostics naming ``meta.agency`` or ``meta.year`` with every candidate.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .diagnostics import Code
from .model import Edition, Meta, MetaEvidence, StatisticsPeriod
from .solve import Sink, position
from .values import chinese_number

# How much a kind of place counts in the vote.  Several candidates of one kind count once.
WEIGHTS = {
    "title": 4,
    "agency field": 2,
    "source field": 1,
    "date field": 2,
    "preamble": 2,
    "statistics period": 2,
    "section 一": 1,
    "sign-off": 2,
}
YEARS = range(2008, 2101)  # the years an annual report can be about (the Regulations date from 2008)
# An agency stated only where a site may name itself (a page's 来源 field) is not taken.
AGENCY_MIN_SUPPORT = 2
# The lines of section 一 read for a preamble or statistics period (some reports begin section 一
# with them); past these, section 一 is the year's work.
OVERVIEW_LINES = 3


class Candidate(NamedTuple):
    """A value stated somewhere: the field, the value as text, the kind of place, its line."""

    field: str  # "agency", "year", "publication_date", "statistics_period"
    value: str
    source: str
    line: int | None


class Text(NamedTuple):
    """A line of prose with its source line number."""

    line: int
    text: str


# --- agencies ---------------------------------------------------------------------------------

_AGENCY_CHARS = re.compile(r"^[\u3400-\u9fff（）()·]+$")
# What an agency name ends with, when read from prose (a title needs no such end).
AGENCY_END = re.compile(
    r"(?:局|厅|委|委员会|政府|办公室|办公厅|中心|院|署|办|所|站|会|馆|队|处|镇|街道|乡|部|台|关|社|司|行|校|监狱)$"
)
_NOT_AGENCY = ("单位名称", "单位主要负责人", "负责人", "联系人")
_PRONOUN_START = ("我", "本", "该", "各", "全", "贵")
_SITE_END = ("网", "网站", "门户", "平台", "首页", "栏目", "公开", "年报")


def agency_ok(name: str, *, from_prose: bool = False) -> bool:
    """A plausible agency name: Han characters (and brackets), no digits or colons; not a pronoun
    (我局, 本机关), a site name or a date; from prose it must also end like an agency."""
    if not 2 <= len(name) <= 40 or not _AGENCY_CHARS.match(name):
        return False
    if name.startswith(_PRONOUN_START) or name.endswith(_SITE_END) or "网站" in name or "门户" in name:
        return False
    if any(word in name for word in _NOT_AGENCY):
        return False
    return not from_prose or AGENCY_END.search(name) is not None


_OFFICE = re.compile(r"(?:办公室|办公厅)$")


def agencies_agree(a: str, b: str) -> bool:
    """Two names of one body: one ends with the other (平潭综合实验区金井片区管理局, 金井片区管理局),
    maybe after the 办公室 that compiled the report for it."""
    if a.endswith(b) or b.endswith(a):
        return True
    a, b = _OFFICE.sub("", a), _OFFICE.sub("", b)
    return bool(a and b) and (a.endswith(b) or b.endswith(a))


# --- titles -----------------------------------------------------------------------------------

_REPORT = r"政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:情况)?的?(?:年度)?(?:工作)?报告"
# After the title: nothing, or a bracketed note (（全文）, （2023年度）).
_AFTER = r"(?P<post>(?:[（(][^（）()]{0,12}[)）])?)"
_TITLE_YEAR = re.compile(
    rf"^(?:关于)?(?P<pre>[^\d]{{0,40}}?)(?P<year>\d{{4}})年度?的?(?P<mid>[^\d]{{0,40}}?){_REPORT}{_AFTER}$"
)
_TITLE_PLAIN = re.compile(rf"^(?:关于)?(?P<pre>[^\d]{{0,40}}?){_REPORT}{_AFTER}$")
_YEAR_NOTE = re.compile(r"(\d{4})年度?")
_ATTACHMENT = re.compile(r"^附件\d*[:：]?")
TITLE_MAX = 80  # characters (without spaces): longer text is not a title
_TITLE_LINE_MAX = 48  # a line longer than this is not a piece of a split title


class Title(NamedTuple):
    """A title read from one to three lines: its text, agency and year (when it states them)."""

    text: str
    agency: str | None
    year: int | None
    first: int  # index of its first line
    last: int  # index of its last line


def read_title(text: str) -> tuple[str | None, int | None] | None:
    """``(agency, year)`` if ``text`` (spaces removed) is a whole report title, else None."""
    if "报告" not in text or not text.endswith(("报告", "）", ")")):
        return None  # a title ends with 报告, or with a bracketed note after it
    if text.startswith("附件"):
        text = _ATTACHMENT.sub("", text)
    if len(text) > TITLE_MAX:
        return None
    m = _TITLE_YEAR.match(text)
    year: int | None = None
    if m:
        year = int(m.group("year"))
        agency = m.group("pre") + m.group("mid")
    else:
        m = _TITLE_PLAIN.match(text)
        if not m:
            return None
        agency = m.group("pre")
        note = _YEAR_NOTE.search(m.group("post"))
        if note:
            year = int(note.group(1))
    if m.re is _TITLE_YEAR and m.group("pre") and m.group("mid"):
        return None  # words before the year and after it: a sentence (现向社会公布2023年度…)
    if agency and not agency_ok(agency):
        return None
    return (agency or None), (year if year in YEARS else None)


def titles(lines: Sequence[Text]) -> list[Title]:
    """Every title among ``lines``: one line, or split over two or three (never joining a line to
    a whole title that follows it: a site's name above the title is not part of it); a title that
    names no agency takes it from the line after it."""
    keys = ["".join(text.split()) for _line, text in lines]  # (as _key does)
    single = [read_title(_page_title(k)) for k in keys]
    inside: dict[int, str] = {}  # a title among the words of a long line: a page copied on one line
    for at, key in enumerate(keys):
        if single[at] is None and len(key) > TITLE_MAX and "报告" in key:
            for word in lines[at][1].split():
                read = read_title(word) if "报告" in word else None
                if read is not None and read[0] is not None:
                    single[at], inside[at] = read, word
                    break
    found: list[Title] = []
    i = 0
    while i < len(keys):
        hit = None
        one = single[i]
        if one is not None and one[0] is not None:
            hit = (1, one)
        else:
            for n in (2, 3):
                window = keys[i : i + n]
                if len(window) < n or any(len(k) > _TITLE_LINE_MAX for k in window):
                    break
                if any(s is not None and s[0] is not None for s in single[i + 1 : i + n]):
                    break
                read = read_title("".join(window))
                if read is not None and read[0] is not None:
                    tighter = read_title("".join(window[1:]))
                    if tighter is None or tighter[0] is None:  # else the title starts a line later
                        hit = (n, read)
                    break
            if hit is None and one is not None:
                hit = (1, one)
        if hit is None:
            i += 1
            continue
        n, (agency, year) = hit
        last = i + n - 1
        text = inside[i] if n == 1 and i in inside else "".join(keys[i : last + 1])
        if agency is None and last + 1 < len(keys) and _agency_line(keys[last + 1]):
            last += 1
            agency = keys[last]
        found.append(Title(text, agency, year, i, last))
        i = last + 1
    return found


# A page's <title> with the column and the site after the report's title (…年度报告_政府信息公开年报_
# 某某政府网), at the start of a line (a whole page copied on one line begins with it).
_PAGE_TITLE = re.compile(r"^(.{4,80}?报告(?:[（(][^（）()]{0,12}[)）])?)[_|｜].*", re.DOTALL)


def _page_title(key: str) -> str:
    """``key`` without the column and site after a report's title (see :data:`_PAGE_TITLE`)."""
    if "报告" not in key or not ("_" in key or "|" in key or "｜" in key):
        return key
    return _PAGE_TITLE.sub(r"\1", key, count=1)


def _agency_line(key: str) -> bool:
    return len(key) <= 30 and agency_ok(key, from_prose=True)


def _key(text: str) -> str:
    return "".join(text.split())


# --- page fields ------------------------------------------------------------------------------

_FIELD_KINDS = {
    "title": ("标题", "题目", "文章标题", "信息名称", "名称"),
    "agency": ("发布机构", "发文机关", "发布单位", "发文单位", "公开单位", "公开主体", "所属机构"),
    "source": ("来源", "信息来源", "文章来源"),
    "date": ("发布时间", "发布日期", "成文日期", "发文日期", "公开日期", "生成日期", "时间", "日期"),
    "other": ("索引号", "文号", "发文字号", "主题分类", "分类", "栏目", "原文链接", "本地目录", "关键词"),
}
_FIELD_KIND = {name: kind for kind, names in _FIELD_KINDS.items() for name in names}
_FIELD = re.compile("(" + "|".join(sorted(_FIELD_KIND, key=len, reverse=True)) + r")\s*[:：]")
_ISO_DATE = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")


def fields(line: str) -> list[tuple[str, str]] | None:
    """The page fields of ``line`` as ``(kind, value)`` pairs, if it is a line of fields
    (``标题: …``, ``来源：时间：2023-01-09``), else None."""
    if ":" not in line and "：" not in line:
        return None
    stripped = line.strip()
    first = _FIELD.match(stripped)
    if first is None:
        return None
    out: list[tuple[str, str]] = []
    matches = list(_FIELD.finditer(stripped))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = stripped[m.end() : nxt.start() if nxt else len(stripped)].strip()
        out.append((_FIELD_KIND[m.group(1)], value))
    return out


def date_of(text: str) -> datetime.date | None:
    """The first date in ``text`` (2023-01-09, 2023年1月9日, 二〇二三年一月九日), if valid."""
    m = _ISO_DATE.search(text)
    if m:
        return _date(*map(int, m.groups()))
    m = _CN_DATE.search(text)
    if m:
        year = "".join(str(chinese_number(c)) for c in m.group(1))  # 〇 and 零 are both 0
        month, day = chinese_number(m.group(2)), chinese_number(m.group(3))
        return None if month is None or day is None else _date(int(year), month, day)
    return None


_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# --- prose ------------------------------------------------------------------------------------

_CITED = re.compile(r"《[^《》]*》")
_COMPILED_BY = re.compile(
    r"由(?P<agency>[^\s，,。、；由《》]{2,40}?)(?:(?:根据|依据|按照)[^。]{0,200}?)?(?:负责)?编制"
)
_HAN = r"[\u3400-\u9fff（）()·]"
# ``{YYYY}年度…报告``, maybe with the agency after the year (``2023年度{机关}政府信息公开年度报告``).
# (Patterns around a year start at its 年 and look back for the digits: the regex engine scans
# for a literal character much faster than for a digit.)
_REPORT_YEAR = re.compile(rf"年(?<=(?P<year>\d{{4}})年)度?的?(?P<after>{_HAN}{{0,40}}?){_REPORT}")
# A verb that names the report right before its year, maybe with the agency between:
# ``编制了{机关}``, ``现将{机关}``, ``现向社会公布``.
_NAMING = re.compile(rf"(?:编制(?:了|完成)?|现将|公布|发布|形成|撰写)(?:本)?(?P<before>{_HAN}{{0,40}})$")


class Passage(NamedTuple):
    """Lines read as one text (spaces removed; a sentence may be wrapped over lines)."""

    text: str
    starts: list[int]  # where each line starts in ``text``
    lines: Sequence[Text]

    @classmethod
    def of(cls, lines: Sequence[Text]) -> Passage:
        keys = ["".join(text.split()) for _line, text in lines]  # (as _key does)
        return cls("".join(keys), list(itertools.accumulate(map(len, keys[:-1]), initial=0)), lines)

    def line_at(self, at: int) -> int:
        """The source line of the character at ``at``."""
        return self.lines[bisect.bisect_right(self.starts, at) - 1].line


def preamble(passage: Passage) -> list[Candidate]:
    """Agency and year stated by the preamble: ``由{机关}编制``, ``编制了{机关}{YYYY}年度…报告``,
    ``现向社会公布{YYYY}年度{机关}…报告``, and ``{YYYY}年度…报告`` in its sentences (not in the
    title of a cited document, in 《》)."""
    out: list[Candidate] = []
    text = passage.text
    cited: list[tuple[int, int]] | None = None

    def place(at: int) -> int | None:
        """The line of a match at ``at``, or None inside a cited title."""
        nonlocal cited
        if cited is None:
            cited = [m.span() for m in _CITED.finditer(text)] if "《" in text else []
        if any(a < at < b for a, b in cited):
            return None
        return passage.line_at(at)

    if "编制" in text:
        for m in _COMPILED_BY.finditer(text):
            if agency_ok(m.group("agency"), from_prose=True) and (line := place(m.start())) is not None:
                out.append(Candidate("agency", m.group("agency"), "preamble", line))
    if "报告" not in text:
        return out
    for m in _REPORT_YEAR.finditer(text):
        year, after = m.group("year"), m.group("after")
        if after and not agency_ok(after, from_prose=True):
            continue  # words between the year and the report that are not an agency
        at = m.start("year")
        naming = _NAMING.search(text, max(at - 50, 0), at)
        before = naming.group("before") if naming else ""
        if before and not agency_ok(before, from_prose=True):
            before = ""
        if (line := place(at)) is None:
            continue
        if before or after:
            out.append(Candidate("agency", before or after, "preamble", line))
        if int(year) in YEARS:
            out.append(Candidate("year", year, "preamble", line))
    return out


_PERIOD = re.compile(
    r"年(?<=(\d{4})年)(\d{1,2})月(\d{1,2})日起?(?:至|到|—|-|~|－)"
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
_PERIOD_END = re.compile(r"年(?<=[止至到](\d{4})年)12月31日")
_PERIOD_YEARS = (
    re.compile(r"统计(?:期限|时限|期|时间|区间)(?:为|是|自|从)?(\d{4})年度?(?![\d月])"),
    re.compile(r"报告期(?:为|是|自|从)?(\d{4})年度?(?![\d月])"),
)
_PERIOD_CONTEXT = re.compile(r"统计|数据|期限|报告期")
_SENTENCE_ENDS = "。；！？"


def statistics_period(passage: Passage) -> list[Candidate]:
    """The statistics period and the year it gives: ``统计期限为2023年1月1日至2023年12月31日``,
    ``数据统计截至2023年12月31日``, ``统计期限为2023年度``; only in a sentence about the statistics
    (``截至2022年底`` in prose is not a period)."""
    out: list[Candidate] = []
    text = passage.text
    if "年" not in text or not _PERIOD_CONTEXT.search(text):
        return out  # every period is stated in a sentence about the statistics
    with_period: set[int] = set()  # the sentences (by their start) that state a whole period

    def sentence(at: int) -> int | None:
        """Where the sentence around ``at`` starts, if it is about the statistics."""
        begin = max([text.rfind(end, 0, at) for end in _SENTENCE_ENDS]) + 1
        ends = [i for end in _SENTENCE_ENDS if (i := text.find(end, at)) >= 0]
        return begin if _PERIOD_CONTEXT.search(text, begin, min(ends, default=len(text))) else None

    for m in _PERIOD.finditer(text):
        if (begin := sentence(m.start(1))) is None:
            continue
        y1, m1, d1, y2, m2, d2 = m.groups()
        start = _date(int(y1), int(m1), int(d1))
        end = _date(int(y2 or y1), int(m2), int(d2))
        if start is None or end is None or end < start:
            continue
        with_period.add(begin)
        line = passage.line_at(begin)
        out.append(Candidate("statistics_period", f"{start}/{end}", "statistics period", line))
        if start.year == end.year and start.year in YEARS:
            out.append(Candidate("year", str(start.year), "statistics period", line))
    for pattern in (_PERIOD_END, *_PERIOD_YEARS):
        for m in pattern.finditer(text):
            begin = sentence(m.start(1))
            if begin is None or (pattern is _PERIOD_END and begin in with_period):
                continue  # not about the statistics, or the end of a period read above
            if int(m.group(1)) in YEARS:
                out.append(Candidate("year", m.group(1), "statistics period", passage.line_at(begin)))
    return out


_OPENING = re.compile(r"^(\d{4})年度?[，,]")


def opening(lines: Sequence[Text]) -> list[Candidate]:
    """The year that opens section 一: ``2023年，…``."""
    for line, text in lines[:2]:
        m = _OPENING.match(_key(text))
        if m and int(m.group(1)) in YEARS:
            return [Candidate("year", m.group(1), "section 一", line)]
    return []


_SIGN_OFF = re.compile(
    r"^(?P<agency>[\u3400-\u9fff（）()·]{2,40}?)?(?P<date>\d{4}年\d{1,2}月\d{1,2}日|"
    r"[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)?$"
)


def sign_off(lines: Sequence[Text]) -> list[Candidate]:
    """The agency and date that end the report: lines of their own, or glued after the last
    sentence (``…处理费。 平潭综合实验区金井片区管理局2022年1月7日``)."""
    out: list[Candidate] = []
    for line, raw in reversed(lines[-4:]):
        text = _key(raw)
        tail = text[max(map(text.rfind, _SENTENCE_ENDS)) + 1 :]
        m = _SIGN_OFF.match(tail) if tail and len(tail) <= 60 else None
        if m is None or not (m.group("agency") or m.group("date")):
            if tail != text or len(text) > 60:
                break  # prose: the sign-off is below it
            continue
        if m.group("date"):
            date = date_of(m.group("date"))
            if date is not None:
                out.append(Candidate("publication_date", date.isoformat(), "sign-off", line))
        agency = m.group("agency")
        if agency and agency_ok(agency, from_prose=True):
            out.append(Candidate("agency", agency, "sign-off", line))
        if tail != text:
            break
    return out


# --- the front matter -------------------------------------------------------------------------


def front_matter(lines: Sequence[Text]) -> tuple[list[Candidate], list[Title], list[Text]]:
    """Candidates from the lines before section 一: page fields and titles; also the titles found
    and the lines left (the preamble)."""
    out: list[Candidate] = []
    rest: list[Text] = []
    plain: list[Text] = []
    for item in lines:
        found = fields(item.text)
        if found is None:
            plain.append(item)
            continue
        for kind, value in found:
            if kind == "title":
                read = read_title(_key(value))
                if read is not None:
                    plain.append(Text(item.line, value))  # read with the other titles
            elif kind in ("agency", "source"):
                name = _key(value)
                if agency_ok(name, from_prose=True):
                    out.append(Candidate("agency", name, f"{kind} field", item.line))
            elif kind == "date":
                date = date_of(value)
                if date is not None:
                    out.append(Candidate("publication_date", date.isoformat(), "date field", item.line))
    found_titles = titles(plain)
    in_title = {i for t in found_titles for i in range(t.first, t.last + 1)}
    for t in found_titles:
        line = plain[t.first].line
        if t.agency:
            out.append(Candidate("agency", t.agency, "title", line))
        if t.year is not None:
            out.append(Candidate("year", str(t.year), "title", line))
    rest = [item for i, item in enumerate(plain) if i not in in_title]
    return out, found_titles, rest


# --- weighing ---------------------------------------------------------------------------------


class Choice(NamedTuple):
    """What the vote gave for one field: the value (None: no majority or no candidate), where it
    came from, and the candidates that disagree with it."""

    value: str | None
    line: int | None
    dissent: tuple[Candidate, ...]
    weight: int = 0  # the support of the value


def choose(candidates: Sequence[Candidate], agree: Callable[[str, str], bool] = str.__eq__) -> Choice:
    """Weigh ``candidates`` of one field: each value gets the weight of every kind of place that
    states it or a value that agrees with it (a kind counts once); the heaviest value wins if it
    outweighs every value that disagrees with it, else there is no majority."""
    if not candidates:
        return Choice(None, None, ())
    values = list(dict.fromkeys(c.value for c in candidates))
    if len(values) == 1:
        first = max(candidates, key=lambda c: WEIGHTS[c.source])
        return Choice(
            values[0], first.line, (), sum({c.source: WEIGHTS[c.source] for c in candidates}.values())
        )

    def support(value: str) -> int:
        best: dict[str, int] = {}
        for c in candidates:
            if agree(c.value, value):
                best[c.source] = max(best.get(c.source, 0), WEIGHTS[c.source])
        return sum(best.values())

    weight = {value: support(value) for value in values}
    strongest = {value: max(WEIGHTS[c.source] for c in candidates if c.value == value) for value in values}
    winner = max(values, key=lambda v: (weight[v], strongest[v], len(v)))
    dissent = tuple(c for c in candidates if not agree(c.value, winner))
    rivals = [weight[v] for v in values if not agree(v, winner)]
    if rivals and max(rivals) >= weight[winner]:
        return Choice(None, None, tuple(candidates))  # no majority: every candidate disagrees
    line = next(c.line for c in sorted(candidates, key=lambda c: -WEIGHTS[c.source]) if c.value == winner)
    return Choice(winner, line, dissent, weight[winner])


def _describe(candidates: Iterable[Candidate]) -> str:
    by_value: dict[str, list[str]] = {}
    for c in candidates:
        where = c.source + (f", line {c.line}" if c.line else "")
        by_value.setdefault(c.value, []).append(where)
    return "; ".join(f"{value} ({'; '.join(places)})" for value, places in by_value.items())


def _report(
    sink: Sink, code: Code, name: str, key: str | None, candidates: list[Candidate], choice: Choice
) -> None:
    """The diagnostic ``code`` of a field whose candidates disagree (not when only places that
    count 1 disagree with the majority: they stay in the evidence)."""
    if not choice.dissent:
        return
    keys = [key] if key else []
    stated = _describe(candidates)
    if choice.value is None:
        sink.add(
            code,
            f"the {name} is stated differently, with no majority: {stated}; not read",
            None,
            keys,
        )
        return
    if all(WEIGHTS[c.source] < 2 for c in choice.dissent):
        return  # only weak places disagree (a page's 来源 field, the opening's year): evidence only
    sink.add(
        code,
        f"the {name} is stated differently: {stated}; read as {choice.value} (the majority)",
        choice.line,
        keys,
    )


def read_meta(
    front: Sequence[Text],
    overview: Sequence[Text],
    closing: Sequence[Text],
    other: Sequence[Text],
    edition: Edition | None,
    sink: Sink,
) -> Meta:
    """Meta from the lines before section 一 (``front``), the prose of section 一 (``overview``:
    its first :data:`OVERVIEW_LINES` are read), the last lines of the report (``closing``) and
    section 六 (``other``: a statistics period may be stated there); positions of the agency and
    year go to ``sink.positions``."""
    candidates, found_titles, rest = front_matter(front)
    opening_passage = Passage.of([*rest, *overview[:OVERVIEW_LINES]])
    candidates += preamble(opening_passage)
    candidates += statistics_period(opening_passage)
    if other and ("统计" in (closing_text := "".join([t.text for t in other])) or "期限" in closing_text):
        candidates += statistics_period(Passage.of(other))
    candidates += opening(overview)
    candidates += sign_off(closing)
    candidates = list(dict.fromkeys(candidates))  # one place may be read by two patterns
    by_field: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_field.setdefault(c.field, []).append(c)

    agencies = by_field.get("agency", [])
    agency = choose(agencies, agencies_agree)
    _report(sink, Code.META_AGENCY_CONFLICT, "agency", "meta.agency", agencies, agency)
    years = by_field.get("year", [])
    year = choose(years)
    _report(sink, Code.META_YEAR_CONFLICT, "year", "meta.year", years, year)
    # the page's publication date before the sign-off's (the date the report was signed)
    dates = sorted(by_field.get("publication_date", []), key=lambda c: c.source != "date field")
    published = dates[0].value if dates else None
    periods = by_field.get("statistics_period", [])
    period = choose(periods)
    _report(sink, Code.META_PERIOD_CONFLICT, "statistics period", None, periods, period)

    if agency.value is not None and agency.weight < AGENCY_MIN_SUPPORT:
        sink.add(
            Code.META_AGENCY_MISSING,
            f"the agency is named only by a page's 来源 field ({agency.value}), which may name the site; "
            "not read",
            agency.line,
            ["meta.agency"],
        )
        agency = Choice(None, None, agency.dissent)
    elif agency.value is None and not agencies:
        sink.add(Code.META_AGENCY_MISSING, "the issuing agency is not stated", None, ["meta.agency"])
    if year.value is None and not years:
        sink.add(Code.META_YEAR_MISSING, "the year reported on is not stated", None, ["meta.year"])
    if agency.line:
        sink.positions["meta.agency"] = position(agency.line)
    if year.line:
        sink.positions["meta.year"] = position(year.line)
    return Meta(
        agency=agency.value,
        year=int(year.value) if year.value else None,
        edition=edition,
        title=_title(found_titles, agency.value, year.value),
        publication_date=datetime.date.fromisoformat(published) if published else None,
        statistics_period=_period(period.value),
        evidence=tuple(
            MetaEvidence(field=c.field, value=c.value, source=c.source, line=c.line) for c in candidates
        ),
    )


def _title(found: list[Title], agency: str | None, year: str | None) -> str | None:
    """The first title that agrees with the agency and year chosen (else the first title)."""
    for t in found:
        if (t.agency is None or agency is None or agencies_agree(t.agency, agency)) and (
            t.year is None or year is None or str(t.year) == year
        ):
            return t.text
    return found[0].text if found else None


def _period(value: str | None) -> StatisticsPeriod | None:
    if value is None:
        return None
    start, end = value.split("/")
    return StatisticsPeriod(start=datetime.date.fromisoformat(start), end=datetime.date.fromisoformat(end))
