"""Metadata from all the evidence (:mod:`govinfo.metadata`): each reader on its own, the vote, and
generated front matter in every shape (random agencies, years and decoy years) parsed whole.

The property: the agency and the year come out right, or ``None`` with a diagnostic naming
``meta.agency``/``meta.year`` — never another value; and a statistics period that names another
year than the title is always diagnosed.
"""

from __future__ import annotations

import datetime
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo import metadata
from govinfo.metadata import Candidate, Passage, Text, choose
from govinfo.model import Section
from helpers.strategies import consistent_reports

# --- titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("朔州市统计局2023年政府信息公开工作年度报告", "朔州市统计局", 2023),
        ("朔州市统计局2023年度政府信息公开工作年度报告", "朔州市统计局", 2023),
        ("2023年度朔州市统计局政府信息公开工作年度报告", "朔州市统计局", 2023),
        ("朔州市统计局2023年政府信息公开工作报告", "朔州市统计局", 2023),
        ("关于朔州市统计局2023年政府信息公开工作情况的报告", "朔州市统计局", 2023),
        ("朔州市统计局政府信息公开工作年度报告（2023年度）", "朔州市统计局", 2023),
        ("附件：朔州市统计局2023年度政府信息公开工作年度报告", "朔州市统计局", 2023),
        ("政府信息公开工作年度报告", None, None),
        ("2022年政府信息公开工作年度报告", None, 2022),
    ],
)
def test_title_shapes(title: str, agency: str | None, year: int | None) -> None:
    assert metadata.read_title(title) == (agency, year)


@pytest.mark.parametrize(
    "text",
    [
        "现将朔州市统计局2023年度政府信息公开工作年度报告公布如下",  # a sentence, not a title
        "我局2023年政府信息公开工作年度报告",  # a pronoun is not an agency
        "根据《条例》编制本报告",
        "朔州市统计局2023年政府信息公开工作年度报告由六个部分组成，" + "内容" * 40,
    ],
)
def test_not_titles(text: str) -> None:
    assert metadata.read_title(text) is None


def _lines(*texts: str) -> list[Text]:
    return [Text(number, text) for number, text in enumerate(texts, start=1)]


def test_title_split_over_lines() -> None:
    two = metadata.titles(_lines("洪泽区人民政府", "2023 年政府信息公开工作年度报告"))
    three = metadata.titles(_lines("洪泽区人民政府2023年", "政府信息公开工作", "年度报告"))
    assert [(t.agency, t.year) for t in two] == [("洪泽区人民政府", 2023)]
    assert [(t.agency, t.year) for t in three] == [("洪泽区人民政府", 2023)]


def test_title_then_agency_line() -> None:
    found = metadata.titles(_lines("2024年政府信息公开工作年度报告", "淮安市交通运输局", "一是……"))
    assert [(t.agency, t.year, t.first, t.last) for t in found] == [("淮安市交通运输局", 2024, 0, 1)]


def test_site_name_above_a_whole_title_is_not_joined() -> None:
    found = metadata.titles(
        _lines("平潭综合实验区管委会", "平潭综合实验区公安局2022年政府信息公开工作年度报告")
    )
    assert [t.agency for t in found] == ["平潭综合实验区公安局"]


def test_repeated_title_is_read_twice() -> None:
    title = "南充市司法局2021年政府信息公开工作年度报告"
    assert len(metadata.titles(_lines(title, "发布日期略", title))) == 2


# --- page fields --------------------------------------------------------------------------------


def test_fields() -> None:
    assert metadata.fields("来源：时间：2023-01-09 19:52") == [("source", ""), ("date", "2023-01-09 19:52")]
    assert metadata.fields("标题: 某某局2021年政府信息公开工作年度报告") == [
        ("title", "某某局2021年政府信息公开工作年度报告")
    ]
    assert metadata.fields("本报告由某某局编制。") is None


def test_front_matter_reads_fields_as_fields() -> None:
    lines = _lines(
        "标题: 宁波市北仑区统计局2023年政府信息公开工作年度报告",
        "发布时间: 2024-01-05 10:00",
        "发布机构: 宁波市北仑区统计局",
        "索引号: 330206-2024-00012",
        "来源：宁波市北仑区人民政府门户网站",
    )
    found, titles, rest = metadata.front_matter(lines)
    assert ("agency", "宁波市北仑区统计局", "title") in [(c.field, c.value, c.source) for c in found]
    assert ("agency", "宁波市北仑区统计局", "agency field") in [(c.field, c.value, c.source) for c in found]
    assert ("publication_date", "2024-01-05", "date field") in [(c.field, c.value, c.source) for c in found]
    assert not any(c.field == "year" and c.value == "2024" for c in found)  # 索引号 is not a year
    assert not any("网站" in c.value for c in found)  # a site is not an agency
    assert [t.agency for t in titles] == ["宁波市北仑区统计局"] and rest == []


# --- prose ---------------------------------------------------------------------------------------


def _values(candidates: list[Candidate]) -> set[tuple[str, str, str]]:
    return {(c.field, c.value, c.source) for c in candidates}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "本报告由杭州市西湖区人民政府办公室根据《条例》要求编制。",
            {("agency", "杭州市西湖区人民政府办公室")},
        ),
        (
            "根据规定，编制了南充市司法局2021年度政府信息公开工作年度报告。",
            {("agency", "南充市司法局"), ("year", "2021")},
        ),
        (
            "现将满洲里市交通运输局2020年度政府信息公开工作年度报告公布如下。",
            {("agency", "满洲里市交通运输局"), ("year", "2020")},
        ),
        (
            "现向社会公布2023年度北仑区统计局政府信息公开年度报告。",
            {("agency", "北仑区统计局"), ("year", "2023")},
        ),
        # cited documents and revision years are not the report's year
        (
            "根据《条例》（2019年修订版）和《关于编制2022年政府信息公开工作年度报告的通知》要求编制本报告。",
            set(),
        ),
        ("2022年，我局认真落实政府信息公开工作。", set()),
    ],
)
def test_preamble(text: str, expected: set[tuple[str, str]]) -> None:
    found = metadata.preamble(Passage.of(_lines(text)))
    assert {(c.field, c.value) for c in found} == expected


def test_preamble_wrapped_over_lines() -> None:
    found = metadata.preamble(
        Passage.of(
            _lines(
                "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和", "国政府信息公开条例》要求编制此报告。"
            )
        )
    )
    assert _values(found) == {("agency", "淮安市洪泽区人民政府办公室", "preamble")}
    assert found[0].line == 1


@pytest.mark.parametrize(
    ("text", "period", "years"),
    [
        ("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", "2023-01-01/2023-12-31", {"2023"}),
        ("报告中所列数据统计期限为2022年1月1日至12月31日。", "2022-01-01/2022-12-31", {"2022"}),
        ("本报告所列数据统计截至2021年12月31日。", None, {"2021"}),
        ("本报告所列数据统计期限为2024年度。", None, {"2024"}),
        # decoys: prose about other years, a date range that is not the statistics period
        ("截至2022年底，累计公开政府信息1234条。", None, set()),
        ("2023年3月1日至3月15日开展业务培训。", None, set()),
    ],
)
def test_statistics_period(text: str, period: str | None, years: set[str]) -> None:
    found = metadata.statistics_period(Passage.of(_lines("无关的一句。", text)))
    assert {c.value for c in found if c.field == "statistics_period"} == ({period} if period else set())
    assert {c.value for c in found if c.field == "year"} == years
    assert all(c.line == 2 for c in found)


def test_opening() -> None:
    assert _values(metadata.opening(_lines("2023年，我局认真贯彻落实《条例》。"))) == {
        ("year", "2023", "section 一")
    }
    assert metadata.opening(_lines("近年来，我局认真贯彻落实《条例》。")) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ("无。", "朔州市统计局", "2024年1月15日"),
            {("agency", "朔州市统计局"), ("publication_date", "2024-01-15")},
        ),
        (
            ("无。", "朔州市统计局", "二〇二四年一月十五日"),
            {("agency", "朔州市统计局"), ("publication_date", "2024-01-15")},
        ),
        (
            ("无。 朔州市统计局2024年1月15日",),
            {("agency", "朔州市统计局"), ("publication_date", "2024-01-15")},
        ),
        (("我局将进一步加强政府信息公开工作。",), set()),
        (("本机关", "2024年1月15日"), {("publication_date", "2024-01-15")}),
    ],
)
def test_sign_off(lines: tuple[str, ...], expected: set[tuple[str, str]]) -> None:
    assert {(c.field, c.value) for c in metadata.sign_off(_lines(*lines))} == expected


@pytest.mark.parametrize(
    "name",
    [
        "我局",
        "本机关",
        "某某市人民政府门户网站",
        "2023年1月1日",
        "发布机构：某局",
        "某局12",
        "局",
        "单位名称",
    ],
)
def test_not_agencies(name: str) -> None:
    assert not metadata.agency_ok(name, from_prose=True)


def test_agencies_agree_by_suffix_and_office() -> None:
    assert metadata.agencies_agree("平潭综合实验区金井片区管理局", "金井片区管理局")
    assert metadata.agencies_agree("淮安市洪泽区人民政府办公室", "洪泽区人民政府")
    assert not metadata.agencies_agree("朔州市统计局", "朔州市人民政府")


# --- the vote ---------------------------------------------------------------------------------


def _c(value: str, source: str, line: int = 1) -> Candidate:
    return Candidate("year", value, source, line)


def test_title_outweighs_a_period_of_another_year() -> None:
    choice = choose([_c("2023", "title"), _c("2022", "statistics period", 3)])
    assert choice.value == "2023" and [c.value for c in choice.dissent] == ["2022"]


def test_two_places_outweigh_one() -> None:
    choice = choose([_c("2022", "statistics period"), _c("2023", "preamble"), _c("2023", "section 一")])
    assert choice.value == "2023"


def test_no_majority_is_none() -> None:
    choice = choose([_c("2022", "statistics period"), _c("2023", "preamble")])
    assert choice.value is None and len(choice.dissent) == 2


def test_a_place_counts_once() -> None:
    # a title repeated three times is still one title
    choice = choose(
        [_c("2023", "title"), _c("2023", "title", 2), _c("2023", "title", 3), _c("2022", "title", 9)]
    )
    assert choice.value is None


# --- generated front matter, parsed whole --------------------------------------------------------

PLACES = (
    "朔州市",
    "西宁市湟中区",
    "平潭综合实验区",
    "淮安市洪泽区",
    "满洲里市",
    "宁波市北仑区",
    "杭州市西湖区",
    "南充市",
)
BODIES = (
    "统计局",
    "人民政府",
    "司法局",
    "交通运输局",
    "应急管理局",
    "人民政府办公室",
    "行政审批局",
    "公安局",
    "综合执法与应急管理局",
    "住房和城乡建设局",
    "金井片区管理局",
)
TITLE_SHAPES = (
    "agency first",
    "agency first 年度",
    "year first",
    "without 年度",
    "关于…情况的报告",
    "split in two",
    "split in three",
    "agency after",
    "repeated",
    "none",
)


def _title_lines(shape: str, agency: str, year: int) -> list[str]:
    plain = f"{agency}{year}年政府信息公开工作年度报告"
    return {
        "agency first": [plain],
        "agency first 年度": [f"{agency}{year}年度政府信息公开工作年度报告"],
        "year first": [f"{year}年{agency}政府信息公开工作年度报告"],
        "without 年度": [f"{agency}{year}年政府信息公开工作报告"],
        "关于…情况的报告": [f"关于{agency}{year}年政府信息公开工作情况的报告"],
        "split in two": [agency, f"{year} 年政府信息公开工作年度报告"],
        "split in three": [f"{agency}{year}年", "政府信息公开工作", "年度报告"],
        "agency after": [f"{year}年政府信息公开工作年度报告", agency],
        "repeated": [plain, plain],
        "none": [],
    }[shape]


@attrs.frozen
class Front:
    """A generated report's text and what its front matter states."""

    text: str
    agency: str
    year: int
    period_wrong: bool  # the statistics period names the previous year


@st.composite
def fronts(draw: st.DrawFn) -> Front:
    place, body = draw(st.sampled_from(PLACES)), draw(st.sampled_from(BODIES))
    agency, year = place + body, draw(st.integers(2019, 2025))
    shape = draw(st.sampled_from(TITLE_SHAPES))
    title = _title_lines(shape, agency, year)
    front: list[str] = []
    if draw(st.booleans()):  # site chrome: breadcrumbs and the site's name
        front += ["首页 > 政务公开 > 政府信息公开年报", f"{place}人民政府门户网站"]
    if draw(st.booleans()):  # page fields, some of them empty, with a decoy year in the index number
        front += [
            f"标题: {agency}{year}年政府信息公开工作年度报告",
            f"发布时间: {year + 1}-01-{draw(st.integers(1, 28)):02d} 09:30",
            "发布机构: " + draw(st.sampled_from(["", agency])),
            f"索引号: 11140600MB0{year + 1}-000{draw(st.integers(1, 9))}",
            f"文号: {place[:2]}政办发〔{year + 1}〕{draw(st.integers(1, 99))}号",
            "来源：" + draw(st.sampled_from([f"{place}人民政府门户网站", f"{place}人民政府", agency])),
        ]
    front += title
    preamble = draw(
        st.sampled_from(
            [
                "",
                f"本报告根据《中华人民共和国政府信息公开条例》（2019年修订版）要求，由{agency}编制。",
                f"根据《中华人民共和国政府信息公开条例》规定，编制{agency}{year}年度政府信息公开工作年度报告。",
                f"现将{agency}{year}年度政府信息公开工作年度报告公布如下。",
                f"现向社会公布{year}年度{agency}政府信息公开工作年度报告。",
            ]
        )
    )
    has_title_year = shape != "none" or any(line.startswith("标题") for line in front)
    period_wrong = has_title_year and draw(st.booleans())
    stated = year - 1 if period_wrong else year
    period = draw(
        st.sampled_from(
            [
                "",
                f"本报告中所列数据的统计期限自{stated}年1月1日起至{stated}年12月31日止。",
                f"本报告所列数据统计截至{stated}年12月31日。",
                f"本报告所列数据统计期限为{stated}年度。",
            ]
        )
    )
    period_wrong = period_wrong and bool(period)
    front += [p for p in (preamble, period) if p]
    opening = [f"{year}年，{agency}认真贯彻落实《条例》要求。"] if draw(st.booleans()) else []
    decoys = [
        f"截至{year - 1}年底，累计公开政府信息{draw(st.integers(100, 9999))}条。",
        "全面落实《中华人民共和国政府信息公开条例》（2019年修订版）。",
    ]
    sign_off = draw(
        st.sampled_from(
            [
                [],
                [agency, f"{year + 1}年1月{draw(st.integers(1, 28))}日"],
                [f"特此报告。 {agency}{year + 1}年2月3日"],
            ]
        )
    )
    report = draw(consistent_reports())
    report = attrs.evolve(report, other_matters=Section(paragraphs=("无。",)))
    rendered = govinfo.render(report, "text").splitlines()
    start = next(i for i, row in enumerate(rendered) if re.match(r"^[一二三四五六]、", row))
    sections = rendered[start:]
    if sections[0].startswith("一、"):
        sections[1:1] = ["", *opening, "", *decoys, ""]
    text = "\n".join([*front, "", *sections, "", *sign_off, ""])
    return Front(text, agency, year, period_wrong)


def _named(report: govinfo.Report, key: str) -> bool:
    return any(key in d.keys for d in report.diagnostics)


@given(fronts())
def test_generated_front_matter_gives_the_agency_and_year_or_says_why_not(front: Front) -> None:
    report = govinfo.parse(front.text)
    meta = report.meta
    if meta.year is None:
        assert _named(report, "meta.year"), front.text[:600]
    else:
        assert meta.year == front.year, front.text[:600]
    if meta.agency is None:
        assert _named(report, "meta.agency"), front.text[:600]
    else:
        assert meta.agency == front.agency, (meta.agency, front.text[:600])
    if front.period_wrong:
        assert any(d.code == "meta.year_conflict" for d in report.diagnostics), front.text[:600]
    chosen = [e for e in meta.evidence if e.field == "year" and e.value == str(meta.year)]
    assert meta.year is None or chosen  # the evidence says where the year came from
    if meta.year is not None:
        assert report.provenance["meta.year"].line in {e.line for e in chosen}


def test_evidence_round_trips_through_json() -> None:
    text = "\n".join(
        [
            "某某市统计局2023年政府信息公开工作年度报告",
            "本报告由某某市统计局编制。",
            "一、总体情况",
            "2023年，我局……。",
        ]
    )
    report = govinfo.parse(text)
    assert {(e.field, e.value, e.source) for e in report.meta.evidence} >= {
        ("agency", "某某市统计局", "title"),
        ("year", "2023", "section 一"),
    }
    back = govinfo.loads(govinfo.dumps(report))
    assert back.meta.evidence == report.meta.evidence


def test_dates_in_chinese_numerals() -> None:
    """二〇二三年 and 二零二三年 are the same year (零 once crashed the reader)."""
    from govinfo.metadata import date_of

    assert (
        date_of("二〇二三年十二月三十一日")
        == date_of("二零二三年十二月三十一日")
        == datetime.date(2023, 12, 31)
    )
    assert metadata.date_of("二〇二四年一月九日") == datetime.date(2024, 1, 9)
    assert metadata.date_of("二〇二四年二月三十日") is None  # not a date
