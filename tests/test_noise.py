"""Noise that real copies of a report carry must not change what the parser reads.

A generated report (``strategies.reports()``) is rendered in a text-ish layout (``text``,
``lines``, ``tsv``, ``markdown``) and script, then made to look like a real copy by a
composition of small *noises*, each a function ``(text, rng, copy) -> text``:

``site_header`` / ``site_banner`` / ``breadcrumbs`` / ``site_footer``
    a web site's navigation lines before the report (breadcrumbs, font-size switch, share), the
    site's name or the page's index number on the line right before the title, a breadcrumb line
    ending in the page name (``您现在的位置：首页 > … > 政府信息公开年度报告``), and the site's
    footer after the report (「打印本页」「关闭窗口」, copyright, ICP and contact lines);
``page_footers``
    page-footer lines (``- 4 -``, ``— 5 —``, ``第 3 页 共 9 页``, ``3/9``) between lines;
``broken_labels``
    (``lines`` layout only) one to three table label cells broken in two lines;
``spaced_block_titles``
    table 二 block titles spaced out as PDF copies show them: ``第 二 十 条 第（一）项``;
``spaced_out_labels``
    one to three table lines whose label text is spaced out character by character;
``pinyin``
    (traditional script only) tone-marked pinyin glosses after traditional characters: ``統(tǒng)計``;
``fullwidth_digits``
    every ``0-9`` written ``０-９``;
``edge_spaces``
    spaces (ASCII, ideographic U+3000, no-break U+00A0) at the start and end of lines;
``inner_spaces``
    single spaces between two Han characters here and there in labels, headings and prose —
    except in block titles and next to 无 (those two are ``spaced_block_titles`` and
    ``spaced_out_labels``, kept apart so that a parser bug in either skips one noise only);
``blank_lines``
    empty and whitespace-only lines anywhere;
``crlf``
    CRLF line ends.

Noises are applied in the order of :data:`NOISES` (CRLF last: the others work on ``\\n`` lines).

The property: ``facts(parse(noisy)) == facts(report)``, and no error-severity diagnostic where
the clean rendering had none.  ``test_one_noise`` runs each noise on its own (layout and script
drawn by hypothesis) so a failure names it; ``test_noises_combined`` lets hypothesis pick any set
of them, per layout and script.  Both are ``slow`` (about 2 s each at the ``ci`` profile's 60
examples).  A (noise, layout) that finds a parser bug goes in :data:`KNOWN_PARSER_BUGS`: skipped
with a reason pointing at the reduced reproduction in ``/tmp/issue4_parser_bugs.md`` and, where
the parser at least abstains (``None`` plus a diagnostic naming the key), still checked that far
by ``test_known_bug_noises_agree_or_abstain``.

The shapes of issue 12 that bend the line structure (``tests/helpers/noise_shapes.py``: a stray section
heading inside a table, blank cells written as lines of their own, row labels with bracketed
notes, label cells detached from their values, table 二's block (一) printed last, ``档案`` for
``文件``) are not noises: each has its own test below and its own property, as strong as the shape
allows — values read exactly (notes, block order, 档案), or every key true or ``None`` with a
diagnostic naming it (blank cells, detached labels; for a stray heading only the keys of the two
rows beside it).  They are not in :data:`KNOWN_PARSER_BUGS`: a failure is the parser's to fix.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import govinfo
from govinfo.facts import table_fields
from govinfo.model import EDITIONS, Edition, Meta, Report, Section
from govinfo.render import render
from helpers.noise_shapes import (
    BLANK_CELLS,
    DETACHED_LAYOUTS,
    NOTES,
    TABLES,
    Copy,
    Shaped,
    Table,
    blank_cells,
    block_one_last,
    block_one_targets,
    cells,
    content,
    detached_labels,
    in_script,
    is_block_title,
    is_heading,
    label_notes,
    locate_rows,
    not_reported_lines,
    section_headings,
    snippet,
    split_lines,
    stray_heading,
    template_rows,
    wrong_conversion,
)
from helpers.strategies import assemble, reports

LAYOUTS = ("text", "lines", "tsv", "markdown")
SCRIPTS = ("simplified", "traditional")
BUGS_FILE = "/tmp/issue4_parser_bugs.md"


Noise = Callable[[str, random.Random, Copy], str]

_HAN = "\u3400-\u9fff"
_HAN_PAIR = re.compile(f"(?<=[{_HAN}])(?=[{_HAN}])")


def _space_out(line: str, gaps: list[int], rng: random.Random) -> str:
    for at in sorted(gaps, reverse=True):
        line = line[:at] + rng.choice((" ", "\u3000")) + line[at:]
    return line


def _table_lines(lines: list[str], copy: Copy) -> list[int]:
    """Indices of the lines with table label text (not headings, not block titles)."""
    starts = [i for i, line in enumerate(lines) if is_heading(line, copy)]
    first = next((i for i in starts if content(lines[i]).startswith("二、")), None)
    if first is None:
        return []
    last = next((i for i in starts if i > first and content(lines[i])[:2] in ("五、", "六、")), len(lines))
    return [
        i
        for i in range(first + 1, last)
        if len(re.findall(f"[{_HAN}]", lines[i])) >= 4
        and not is_heading(lines[i], copy)
        and not is_block_title(lines[i])
    ]


# --- the noises ----------------------------------------------------------------------------------

_HEADER = (
    "首页 > 政务公开 > 政府信息公开年报",
    "当前位置：首页 > 信息公开 > 政府信息公开年度报告",
    "【字体：大 中 小】",
    "字号：大 中 小",
    "扫一扫在手机打开当前页",
    "分享到：",
)
_BANNER = ("{site}门户网站", "{site}", "索引号：11140600MB0123456X/2024-00012")
_FOOTER = (
    "【打印本页】【关闭窗口】",
    "打印本页",
    "关闭窗口",
    "版权所有：{site}  网站标识码：1406000012",
    "主办单位：{site}办公室  联系电话：0349-2021234",
    "晋ICP备05001234号-1  晋公网安备 14060202000123号",
    "Copyright © 2024 All Rights Reserved",
)
_SITES = ("朔州市人民政府", "宁波市北仑区人民政府", "杭州市西湖区人民政府")


def site_header(text: str, rng: random.Random, copy: Copy) -> str:
    """One to three lines of a web site's navigation before the report (in their page order)."""
    picked = sorted(rng.sample(range(len(_HEADER)), rng.randint(1, 3)))
    return "\n".join([*(in_script(_HEADER[i], copy) for i in picked), text])


def site_banner(text: str, rng: random.Random, copy: Copy) -> str:
    """The site's name or the page's index number on the line right before the title."""
    banner = rng.choice(_BANNER).format(site=rng.choice(_SITES))
    return "\n".join([in_script(banner, copy), text])


_BREADCRUMBS = (
    "您现在的位置：首页 > 政务公开 > 政府信息公开年度报告",
    "位置：首页 > 政府信息公开年度报告",
    "首页 / 政务公开 / 政府信息公开年度报告",
    "当前 位置：首页 > 信息公开 > 政府信息公开年度报告",
)


def breadcrumbs(text: str, rng: random.Random, copy: Copy) -> str:
    """A breadcrumb line ending in the page's name (``… > 政府信息公开年度报告``) before the report."""
    return "\n".join([in_script(rng.choice(_BREADCRUMBS), copy), text])


def site_footer(text: str, rng: random.Random, copy: Copy) -> str:
    """One to four lines of a web site's footer after the report."""
    site = rng.choice(_SITES)
    footer = [in_script(line.format(site=site), copy) for line in rng.sample(_FOOTER, rng.randint(1, 4))]
    return "\n".join([text.rstrip("\n"), *footer, ""])


_PAGE_FOOTERS = ("- {n} -", "— {n} —", "－{n}－", "–{n}–", "第 {n} 页 共 {m} 页", "第{n}页", "{n}/{m}")


def page_footers(text: str, rng: random.Random, copy: Copy) -> str:
    """One to four page-footer lines between lines (some with the blank lines PDF copies have)."""
    lines = split_lines(text)
    for _ in range(rng.randint(1, 4)):
        m = rng.randint(2, 30)
        footer = in_script(rng.choice(_PAGE_FOOTERS).format(n=rng.randint(1, m), m=m), copy)
        at = rng.randint(1, len(lines))
        lines[at:at] = [footer] if rng.random() < 0.5 else ["", footer, ""]
    return "\n".join(lines)


def broken_labels(text: str, rng: random.Random, copy: Copy) -> str:
    """(``lines``) One to three table label cells broken in two lines between Han characters."""
    lines = split_lines(text)
    candidates = _table_lines(lines, copy)
    for i in sorted(rng.sample(candidates, min(len(candidates), rng.randint(1, 3))), reverse=True):
        label = lines[i]
        gaps = [m.start() for m in _HAN_PAIR.finditer(label) if 2 <= m.start() <= len(label) - 2]
        if gaps:
            at = rng.choice(gaps)
            lines[i : i + 1] = [label[:at], label[at:]]
    return "\n".join(lines)


def spaced_block_titles(text: str, rng: random.Random, copy: Copy) -> str:
    """Table 二 block titles with spaces between some or all of their Han characters."""
    out = []
    for line in split_lines(text):
        if is_block_title(line):
            gaps = [m.start() for m in _HAN_PAIR.finditer(line)]
            line = _space_out(line, gaps if rng.random() < 0.5 else rng.sample(gaps, 1), rng)
        out.append(line)
    return "\n".join(out)


def spaced_out_labels(text: str, rng: random.Random, copy: Copy) -> str:
    """One to three table lines whose label text is spaced out: ``申 请 人 无 正 当 理 由``."""
    lines = split_lines(text)
    candidates = _table_lines(lines, copy)
    for i in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
        lines[i] = _space_out(lines[i], [m.start() for m in _HAN_PAIR.finditer(lines[i])], rng)
    return "\n".join(lines)


_PINYIN = {
    "統": "tǒng",
    "計": "jì",
    "資": "zī",
    "訊": "xùn",
    "報": "bào",
    "請": "qǐng",
    "處": "chǔ",
    "數": "shù",
    "開": "kāi",
    "議": "yì",
    "訴": "sù",
    "訟": "sòng",
    "規": "guī",
    "費": "fèi",
    "機": "jī",
    "構": "gòu",
    "關": "guān",
    "總": "zǒng",
    "結": "jié",
    "轉": "zhuǎn",
    "決": "jué",
    "獲": "huò",
    "僅": "jǐn",
    "維": "wéi",
    "護": "hù",
    "審": "shěn",
    "單": "dān",
    "權": "quán",
}


def pinyin(text: str, rng: random.Random, copy: Copy) -> str:
    """(traditional) Tone-marked pinyin glosses, in ASCII or full-width parentheses."""
    rate = rng.choice((0.2, 0.6, 1.0))
    out = []
    for ch in text:
        out.append(ch)
        gloss = _PINYIN.get(ch)
        if gloss is not None and rng.random() < rate:
            out.append(f"({gloss})" if rng.random() < 0.5 else f"（{gloss}）")
    return "".join(out)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth_digits(text: str, rng: random.Random, copy: Copy) -> str:
    """Every ASCII digit written full-width."""
    return text.translate(_FULLWIDTH)


_SPACES = (" ", "  ", "\u3000", "\u3000\u3000", "\u00a0", " \u3000")


def edge_spaces(text: str, rng: random.Random, copy: Copy) -> str:
    """Spaces at the start and end of about a third of the lines."""
    out = []
    for line in split_lines(text):
        if line and rng.random() < 0.3:
            line = rng.choice(_SPACES) + line
        if line and rng.random() < 0.3:
            line = line + rng.choice(_SPACES)
        out.append(line)
    return "\n".join(out)


def inner_spaces(text: str, rng: random.Random, copy: Copy) -> str:
    """One to three single spaces between Han characters in some lines (not block titles, not by 无)."""
    out = []
    for line in split_lines(text):
        gaps = [
            m.start()
            for m in _HAN_PAIR.finditer(line)
            if "无" not in line[m.start() - 1 : m.start() + 1]
            and "無" not in line[m.start() - 1 : m.start() + 1]
        ]
        if gaps and not is_block_title(line) and rng.random() < 0.15:
            line = _space_out(line, rng.sample(gaps, min(len(gaps), rng.randint(1, 3))), rng)
        out.append(line)
    return "\n".join(out)


def blank_lines(text: str, rng: random.Random, copy: Copy) -> str:
    """Empty and whitespace-only lines inserted anywhere."""
    lines = split_lines(text)
    for _ in range(rng.randint(1, max(1, len(lines) // 5))):
        lines.insert(rng.randint(0, len(lines)), rng.choice(("", "", " ", "\u3000", "\t", "  \u3000 ")))
    return "\n".join(lines)


def crlf(text: str, rng: random.Random, copy: Copy) -> str:
    """CRLF line ends."""
    return text.replace("\n", "\r\n")


NOISES: dict[str, Noise] = {
    "broken_labels": broken_labels,
    "spaced_block_titles": spaced_block_titles,
    "spaced_out_labels": spaced_out_labels,
    "pinyin": pinyin,
    "inner_spaces": inner_spaces,
    "site_banner": site_banner,
    "site_header": site_header,
    "breadcrumbs": breadcrumbs,
    "site_footer": site_footer,
    "page_footers": page_footers,
    "fullwidth_digits": fullwidth_digits,
    "edge_spaces": edge_spaces,
    "blank_lines": blank_lines,
    "crlf": crlf,
}
"""Every noise, in the order they are applied: first what a copy's text itself carries (spaced and
broken labels from PDF extraction, glosses), then the web page around it (chrome is HTML text, so
it is not spaced out), then page footers, digit widths, whitespace and line ends."""

ONLY_LAYOUTS = {"broken_labels": ("lines",)}
ONLY_SCRIPTS = {"pinyin": ("traditional",)}


def add_noise(text: str, names: frozenset[str] | set[str], rng: random.Random, copy: Copy) -> str:
    """``text`` with the noises ``names`` applied, in :data:`NOISES` order."""
    for name, noise in NOISES.items():
        if name in names:
            text = noise(text, rng, copy)
    return text


# --- known parser bugs ---------------------------------------------------------------------------


@attrs.frozen
class Bug:
    """A parser bug a (noise, layout) case finds; ``abstains``: the parser gives ``None`` plus a
    diagnostic naming the key (never a different value), which is still checked meanwhile."""

    reason: str
    abstains: bool


def _bug(anchor: str, what: str, *, abstains: bool) -> Bug:
    return Bug(f"parser bug {anchor} ({what}); see {BUGS_FILE}#{anchor}", abstains)


KNOWN_PARSER_BUGS: dict[tuple[str, str], Bug] = {}
"""``(noise, layout)`` → the parser bug it finds, reduced in ``BUGS_FILE``: that case is skipped —
and, when the parser at least abstains, checked by ``test_known_bug_noises_agree_or_abstain`` —
until the bug is fixed.  An entry looks like
``("site_banner", "text"): _bug("bug-1", "a line before the title is glued into meta.agency",
abstains=False)``.  Bugs 1–6 of that file, found by these noises (site_banner, breadcrumbs,
broken_labels, spaced_block_titles, spaced_out_labels), are fixed in the parser."""


def _errors(report: Report) -> list[str]:
    return [str(d) for d in report.diagnostics if d.severity == "error"]


def _noisy(report: Report, names: frozenset[str], copy: Copy, rng: random.Random) -> tuple[str, str]:
    clean = render(report, copy.layout, script=copy.script)
    noisy = add_noise(clean, names, rng, copy)
    note(f"noises: {sorted(names)}; {copy}\nnoisy text:\n{noisy}")
    return clean, noisy


def check_facts_survive(report: Report, names: frozenset[str], copy: Copy, rng: random.Random) -> None:
    """The property: the same facts, and no error diagnostic the clean rendering did not have."""
    clean, noisy = _noisy(report, names, copy, rng)
    parsed = govinfo.parse(noisy)
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    differ = {key: (want[key], got.get(key)) for key in want if got.get(key) != want[key]}
    assert not differ, differ
    if not _errors(govinfo.parse(clean)):
        assert not _errors(parsed)


def check_agree_or_abstain(report: Report, names: frozenset[str], copy: Copy, rng: random.Random) -> None:
    """The weaker property: every fact equal, or ``None`` with a diagnostic naming its key."""
    _, noisy = _noisy(report, names, copy, rng)
    parsed = govinfo.parse(noisy)
    diagnosed = {key for d in parsed.diagnostics for key in d.keys}
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    wrong = {
        k: (v, got.get(k))
        for k, v in want.items()
        if got.get(k) != v and not (got.get(k) is None and k in diagnosed)
    }
    assert not wrong, wrong


# --- tests ---------------------------------------------------------------------------------------

SEEDS = st.integers(0, 2**32 - 1)
"""Seeds of the noises' ``random.Random`` (a hypothesis ``randoms()`` would overrun its buffer)."""


def _layouts(name: str) -> tuple[str, ...]:
    return ONLY_LAYOUTS.get(name, LAYOUTS)


def _one_noise_cases() -> Sequence[object]:
    """Per noise: one case drawing from the layouts without a known bug, one skipped case per bug."""
    cases: list[object] = []
    for name in NOISES:
        good = tuple(layout for layout in _layouts(name) if (name, layout) not in KNOWN_PARSER_BUGS)
        if good:
            cases.append(pytest.param(name, good, id=f"{name}-{'|'.join(good)}"))
        for layout in _layouts(name):
            bug = KNOWN_PARSER_BUGS.get((name, layout))
            if bug is not None:
                skip = pytest.mark.skip(reason=bug.reason)
                cases.append(pytest.param(name, (layout,), marks=skip, id=f"{name}-{layout}"))
    return cases


def _draw_copy(data: st.DataObject, name: str, layouts: tuple[str, ...]) -> Copy:
    layout = data.draw(st.sampled_from(layouts), label="layout")
    return Copy(layout, data.draw(st.sampled_from(ONLY_SCRIPTS.get(name, SCRIPTS)), label="script"))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "layouts"), _one_noise_cases())
@given(report=reports(), data=st.data())
def test_one_noise(name: str, layouts: tuple[str, ...], report: Report, data: st.DataObject) -> None:
    copy = _draw_copy(data, name, layouts)
    check_facts_survive(report, frozenset({name}), copy, random.Random(data.draw(SEEDS, label="seed")))


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports(), data=st.data())
def test_noises_combined(layout: str, script: str, report: Report, data: st.DataObject) -> None:
    usable = [
        name
        for name in NOISES
        if layout in _layouts(name)
        and script in ONLY_SCRIPTS.get(name, SCRIPTS)
        and (name, layout) not in KNOWN_PARSER_BUGS
    ]
    names = data.draw(st.frozensets(st.sampled_from(usable), min_size=1), label="noises")
    rng = random.Random(data.draw(SEEDS, label="seed"))
    check_facts_survive(report, names, Copy(layout, script), rng)


def _abstaining_bugs() -> Sequence[object]:
    by_noise: dict[str, list[str]] = {}
    for (name, layout), bug in KNOWN_PARSER_BUGS.items():
        if bug.abstains:
            by_noise.setdefault(name, []).append(layout)
    cases = [pytest.param(n, tuple(ls), id=f"{n}-{'|'.join(ls)}") for n, ls in by_noise.items()]
    return cases or [pytest.param("crlf", LAYOUTS, marks=pytest.mark.skip(reason="no known parser bug"))]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "layouts"), _abstaining_bugs())
@given(report=reports(), data=st.data())
def test_known_bug_noises_agree_or_abstain(
    name: str, layouts: tuple[str, ...], report: Report, data: st.DataObject
) -> None:
    copy = _draw_copy(data, name, layouts)
    check_agree_or_abstain(report, frozenset({name}), copy, random.Random(data.draw(SEEDS, label="seed")))


# --- the noises themselves ------------------------------------------------------------------------

_ADDS_LINES = frozenset(
    {
        "site_header",
        "site_banner",
        "breadcrumbs",
        "site_footer",
        "page_footers",
        "broken_labels",
        "blank_lines",
    }
)


def _fixed_report(edition: Edition) -> Report:
    values = {key: i + 1 for i, (key, _) in enumerate(table_fields(edition))}
    meta = Meta(
        agency="朔州市统计局", year=2023, edition=edition, title="朔州市统计局2023年政府信息公开工作年度报告"
    )
    overview = Section(
        heading="一、总体情况", paragraphs=("我局认真贯彻落实政府信息公开条例，全年主动公开信息25条。",)
    )
    problems = Section(
        heading="五、存在的主要问题及改进情况", paragraphs=("我局认真贯彻落实政府信息公开条例。",)
    )
    return assemble(meta, values, overview=overview, problems=problems)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("name", "layout"), [(n, lay) for n in NOISES for lay in _layouts(n)])
def test_each_noise_changes_the_text(name: str, layout: str, edition: Edition) -> None:
    for script in ONLY_SCRIPTS.get(name, SCRIPTS):
        copy = Copy(layout, script)
        clean = render(_fixed_report(edition), layout, script=script)
        for seed in range(5):
            noisy = NOISES[name](clean, random.Random(seed), copy)
            assert noisy != clean, (name, copy, seed)
            if name in _ADDS_LINES:
                assert len(split_lines(noisy)) > len(split_lines(clean)), (name, copy, seed)
            else:
                assert len(split_lines(noisy)) == len(split_lines(clean)), (name, copy, seed)


def test_noise_examples() -> None:
    lines, trad = Copy("lines", "simplified"), Copy("lines", "traditional")
    rng = random.Random(4)
    assert fullwidth_digits("2023年 -417 96171.60", rng, lines) == "２０２３年 -４１７ ９６１７１.６０"
    assert crlf("a\nb\n", rng, lines) == "a\r\nb\r\n"
    glossed = {pinyin("統計", random.Random(seed), trad) for seed in range(40)}
    assert {"統計", "統(tǒng)計(jì)", "統（tǒng）計（jì）"} < glossed
    assert {re.sub(r"[(（][a-zǒì]+[)）]", "", g) for g in glossed} == {"統計"}
    spaced = {spaced_block_titles("第二十条第（一）项", random.Random(seed), lines) for seed in range(20)}
    assert "第 二 十 条 第（一）项" in {t.replace("\u3000", " ") for t in spaced}
    assert {re.sub("[ \u3000]", "", t) for t in spaced} == {"第二十条第（一）项"}
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert not any(
        re.search("[ \u3000]无|无[ \u3000]", inner_spaces(label, random.Random(s), lines)) for s in range(200)
    )
    header = site_header("标题", random.Random(2), lines).split("\n")
    assert header[-1] == "标题" and 2 <= len(header) <= 4
    assert site_footer("正文\n", random.Random(3), lines).startswith("正文\n")
    assert page_footers("a\nb", random.Random(5), lines).split("\n")[0] == "a"


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_table_lines_are_the_table_label_lines(layout: str, script: str) -> None:
    copy = Copy(layout, script)
    lines = split_lines(render(_fixed_report("2021"), layout, script=script))
    picked = [lines[i] for i in _table_lines(lines, copy)]
    assert any(in_script("行政许可", copy) in line for line in picked)
    assert any(in_script("（一）予以公开", copy) in line for line in picked)
    assert any(in_script("结果维持", copy) in line for line in picked)
    prose = in_script("我局认真贯彻落实政府信息公开条例", copy)
    assert not any(prose in line or is_heading(line, copy) or is_block_title(line) for line in picked)


# --- issue 12: shapes that bend the line structure ------------------------------------------------


def _diagnosed(parsed: Report) -> set[str]:
    return {key for d in parsed.diagnostics for key in d.keys}


def wrong_values(report: Report, parsed: Report, excused: Callable[[str], bool]) -> dict[str, object]:
    """Every fact of ``parsed`` that is not ``report``'s, except ``None`` with a diagnostic naming
    its key where ``excused(key)``: ``{key: (expected, got)}``, and ``(expected, None, "diagnosed")``
    or ``(expected, None, "undiagnosed")`` when it came back ``None``."""
    diagnosed = _diagnosed(parsed)
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    out: dict[str, object] = {}
    for key, value in want.items():
        if key.startswith("stated."):
            continue  # the figures the prose states: tests/test_stated.py
        read = got.get(key)
        if read == value or (read is None and key in diagnosed and excused(key)):
            continue
        out[key] = (value, read) if read is not None else (value, None, _named(key in diagnosed))
    return out


def _named(diagnosed: bool) -> str:
    return "diagnosed" if diagnosed else "undiagnosed"


def _any_key(key: str) -> bool:
    return True


def _no_key(key: str) -> bool:
    return False


def _parse_shaped(shaped: Shaped, copy: Copy, what: str) -> Report:
    note(f"{what}; {copy}\naround the change (line numbers from 1):\n{snippet(shaped.text, shaped.at)}")
    note(f"whole text:\n{shaped.text}")
    return govinfo.parse(shaped.text)


def check_exact(report: Report, clean: str, shaped: Shaped, copy: Copy, what: str) -> None:
    """Values read exactly, and no error diagnostic the clean rendering did not have."""
    parsed = _parse_shaped(shaped, copy, what)
    wrong = wrong_values(report, parsed, _no_key)
    assert not wrong, wrong
    if not _errors(govinfo.parse(clean)):
        assert not _errors(parsed)


def check_costs_at_most(
    report: Report, shaped: Shaped, copy: Copy, what: str, excused: Callable[[str], bool]
) -> None:
    """Every key its true value, or — where ``excused`` — ``None`` with a diagnostic naming it."""
    parsed = _parse_shaped(shaped, copy, what)
    wrong = wrong_values(report, parsed, excused)
    assert not wrong, wrong


def _draw_script(data: st.DataObject) -> str:
    return data.draw(st.sampled_from(SCRIPTS), label="script")


def _edition(report: Report) -> Edition:
    edition = report.meta.edition
    assert edition is not None
    return edition


@pytest.mark.slow
@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports(), data=st.data())
def test_stray_heading_costs_at_most_the_rows_beside_it(
    layout: str, table: Table, report: Report, data: st.DataObject
) -> None:
    """A section heading line between two rows of table 二 or 三: every key true, except that the
    keys of the two rows beside it may be ``None`` with a diagnostic naming them."""
    copy = Copy(layout, _draw_script(data))
    edition = _edition(report)
    gap = data.draw(st.integers(0, len(template_rows(edition, table)) - 2), label="after row")
    heading = data.draw(st.integers(0, len(section_headings(copy.script)) - 1), label="heading")
    clean = render(report, layout, script=copy.script)
    shaped = stray_heading(clean, copy, edition, table, gap, heading)
    check_costs_at_most(report, shaped, copy, f"stray heading in {table}", shaped.excused.__contains__)


@st.composite
def reports_with_blanks(draw: st.DrawFn) -> Report:
    """``reports()`` with more ``None`` cells, and at least one."""
    report = draw(reports(none_rate=0.3))
    values: dict[str, object] = dict(govinfo.facts(report))
    keys = [key for key, _ in table_fields(_edition(report))]
    for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3), label="blanked"):
        values[key] = None
    sections = {
        "overview": report.overview,
        "problems": report.problems,
        "other_matters": report.other_matters,
    }
    return assemble(report.meta, values, **sections)


@pytest.mark.slow
@pytest.mark.parametrize("blank", BLANK_CELLS)
@given(report=reports_with_blanks(), data=st.data())
def test_blank_cell_lines_are_blank_cells(blank: str, report: Report, data: st.DataObject) -> None:
    """(``lines``) ``None`` cells written as a no-break-space line, a lone ``|`` or an empty line:
    every ``None`` cell comes back ``None``, every other key true or ``None`` with a diagnostic."""
    copy = Copy("lines", _draw_script(data))
    clean = render(report, "lines", script=copy.script)
    slots = len(not_reported_lines(split_lines(clean)))
    which = data.draw(st.sets(st.integers(0, slots - 1), min_size=1), label="None cells written blank")
    shaped = blank_cells(clean, copy, sorted(which), BLANK_CELLS[blank])
    check_costs_at_most(report, shaped, copy, f"blank cells as {blank} lines", _any_key)


@pytest.mark.slow
@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports(), data=st.data())
def test_label_notes_leave_the_values(layout: str, table: Table, report: Report, data: st.DataObject) -> None:
    """One to three row labels followed by a long bracketed note: values read exactly."""
    copy = Copy(layout, _draw_script(data))
    edition = _edition(report)
    rows = len(template_rows(edition, table))
    picks = data.draw(
        st.lists(
            st.tuples(st.integers(0, rows - 1), st.integers(0, len(NOTES) - 1)),
            min_size=1,
            max_size=3,
            unique_by=lambda pick: pick[0],
        ),
        label="(row, note)",
    )
    ascii_brackets = data.draw(st.booleans(), label="ASCII brackets")
    clean = render(report, layout, script=copy.script)
    shaped = label_notes(clean, copy, edition, [(table, row, n) for row, n in picks], ascii_brackets)
    check_exact(report, clean, shaped, copy, f"label notes in {table}")


@pytest.mark.slow
@pytest.mark.parametrize("layout", DETACHED_LAYOUTS)
@given(report=reports(), data=st.data())
def test_detached_labels_are_never_paired_wrong(layout: str, report: Report, data: st.DataObject) -> None:
    """A stretch of table 三 rows printed as label lines above (or below) value-only lines: every
    key true or ``None`` with a diagnostic naming it."""
    copy = Copy(layout, _draw_script(data))
    edition = _edition(report)
    count = data.draw(st.integers(2, 5), label="rows")
    first = data.draw(st.integers(0, len(template_rows(edition, "requests")) - count), label="first row")
    below = data.draw(st.booleans(), label="labels below")
    clean = render(report, layout, script=copy.script)
    shaped = detached_labels(clean, copy, edition, first, count, below)
    check_costs_at_most(report, shaped, copy, "detached labels", _any_key)


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports(), data=st.data())
def test_block_one_after_the_others(layout: str, report: Report, data: st.DataObject) -> None:
    """Table 二's block (一) printed after blocks (五)–(八): values read exactly."""
    copy = Copy(layout, _draw_script(data))
    clean = render(report, layout, script=copy.script)
    after = data.draw(st.sampled_from(block_one_targets(clean, copy)), label="after block")
    check_exact(report, clean, block_one_last(clean, copy, after), copy, "block (一) last")


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports(), data=st.data())
def test_dangan_for_wenjian(layout: str, report: Report, data: st.DataObject) -> None:
    """``规范性档案`` for ``规范性文件`` in table 二: values read exactly."""
    copy = Copy(layout, _draw_script(data))
    clean = render(report, layout, script=copy.script)
    check_exact(report, clean, wrong_conversion(clean, copy, _edition(report)), copy, "档案 for 文件")


# --- the shapes themselves ------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_locate_rows_finds_every_row(edition: Edition, layout: str, script: str) -> None:
    copy = Copy(layout, script)
    report = _fixed_report(edition)
    lines = split_lines(render(report, layout, script=script))
    values = govinfo.facts(report)
    for table in TABLES:
        placed = locate_rows(lines, copy, edition, table)
        assert [p.row for p in placed] == list(template_rows(edition, table))
        for p in placed:
            assert in_script(p.row.label, copy) in cells(lines[p.at])
            read = [cells(line)[-1] for line in lines[p.at : p.last + 1] if line] if layout == "lines" else []
            written = [str(values[key]) for key in p.row.keys]
            if layout == "lines":
                assert read[1:] == written
            else:
                assert cells(lines[p.at])[-len(written) :] == written


def _shape_cases() -> list[tuple[Edition, Copy]]:
    return [(e, Copy(layout, script)) for e in EDITIONS for layout in LAYOUTS for script in SCRIPTS]


@pytest.mark.parametrize(("edition", "copy"), _shape_cases())
def test_each_shape_does_what_it_says(edition: Edition, copy: Copy) -> None:
    clean = render(_fixed_report(edition), copy.layout, script=copy.script)
    lines = split_lines(clean)
    requests = locate_rows(lines, copy, edition, "requests")
    step = 2 if copy.layout == "lines" else 1  # a cell and the empty line before it

    # a stray heading: one more cell, the heading, right after row 3; rows 3 and 4 excused
    shaped = stray_heading(clean, copy, edition, "requests", 3, 0)
    noisy = split_lines(shaped.text)
    assert shaped.at == requests[3].last + step and content(noisy[shaped.at]) == in_script(
        "一、总体情况", copy
    )
    assert noisy[: requests[3].last + 1] + noisy[shaped.at + 1 :] == lines
    assert shaped.excused == {*requests[3].row.keys, *requests[4].row.keys}

    # label notes: only the label line changes, and it is longer than 40 characters
    for table in TABLES:
        for row, placed in enumerate(locate_rows(lines, copy, edition, table)):
            noted = split_lines(label_notes(clean, copy, edition, [(table, row, 0)], False).text)
            assert _changed(lines, noted) == [placed.at] and len(noted[placed.at].strip()) > 40
        placed_rows = locate_rows(lines, copy, edition, table)
        every = [(table, row, row % len(NOTES)) for row in range(len(placed_rows))]
        noted = split_lines(label_notes(clean, copy, edition, every[::-1], True).text)
        assert _changed(lines, noted) == [p.at for p in placed_rows]

    # 档案: one line changed, the 规范性文件 row's
    changed = split_lines(wrong_conversion(clean, copy, edition).text)
    assert [changed[i] for i in _changed(lines, changed)] == [
        line.replace(in_script("文件", copy), in_script("档案", copy))
        for line in lines
        if in_script("规范性文件", copy) in line and not is_heading(line, copy)
    ]

    # block (一) last: the same lines, block (一) after block (八), cells still apart in lines/markdown
    block_one, block_eight = in_script("第二十条第（一）项", copy), in_script("第二十条第（八）项", copy)
    for after in block_one_targets(clean, copy):
        moved = block_one_last(clean, copy, after)
        moved_lines = split_lines(moved.text)
        assert sorted(moved_lines) == sorted(lines) and content(moved_lines[moved.at]) == block_one
        titles = [content(line) for line in moved_lines if is_block_title(line)]
        assert titles.index(block_one) > titles.index(block_eight)
        if copy.layout in ("lines", "markdown"):
            assert moved_lines[moved.at - 1] == moved_lines[moved.at + 1] == ""

    # detached labels: the same cells; three label lines above (or below) three value lines
    if copy.layout in DETACHED_LAYOUTS:
        for below in (False, True):
            detached = split_lines(detached_labels(clean, copy, edition, 3, 3, below).text)
            assert len(detached) == len(lines) + 3
            assert sorted(_all_cells(detached)) == sorted(_all_cells(lines))
            stretch = detached[requests[3].at : requests[3].at + 6]
            labelled = [bool(re.search(f"[{_HAN}]", line)) for line in stretch]
            assert labelled == [not below] * 3 + [below] * 3


def _changed(before: list[str], after: list[str]) -> list[int]:
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


def _all_cells(lines: list[str]) -> list[str]:
    return [c for line in lines for c in cells(line)]


@pytest.mark.parametrize("blank", BLANK_CELLS)
def test_blank_cells_write_the_none_cells(blank: str) -> None:
    copy = Copy("lines", "simplified")
    values: dict[str, object] = {key: i + 1 for i, (key, _) in enumerate(table_fields("2021"))}
    values["requests.granted.research"] = values["active.fees.amount"] = None
    meta = Meta(
        agency="朔州市统计局", year=2023, edition="2021", title="朔州市统计局2023年政府信息公开工作年度报告"
    )
    clean = render(assemble(meta, values), "lines")
    lines = split_lines(clean)
    slots = not_reported_lines(lines)
    assert len(slots) == 2
    noisy = split_lines(blank_cells(clean, copy, [1], BLANK_CELLS[blank]).text)
    assert _changed(lines, noisy) == [slots[1]]
    assert noisy[slots[1]] == BLANK_CELLS[blank] and noisy[slots[1] - 2] == "26"  # 商业企业 before 科研机构


def test_the_checks_can_fail() -> None:
    """A value read wrong fails every check; a ``None`` without a diagnostic fails even where
    excused; ``None`` with one passes only where excused."""
    report = _fixed_report("2021")
    clean = render(report, "text")
    parsed = govinfo.parse(clean)
    values: dict[str, object] = dict(govinfo.facts(report))
    values["requests.granted.research"] = 9999
    changed = assemble(report.meta, values, overview=report.overview, problems=report.problems)
    for excused in (_any_key, _no_key):
        assert wrong_values(changed, parsed, excused) == {"requests.granted.research": (9999, 27)}
    requests = parsed.requests
    assert requests is not None
    blanked = attrs.evolve(
        parsed, requests=attrs.evolve(requests, granted=attrs.evolve(requests.granted, research=None))
    )
    assert wrong_values(report, blanked, _any_key) == {"requests.granted.research": (27, None, "undiagnosed")}
    diagnostic = govinfo.Diagnostic(
        code="ambiguous-split", severity="warning", message="m", line=1, keys=("requests.granted.research",)
    )
    abstained = attrs.evolve(blanked, diagnostics=(diagnostic,))
    assert wrong_values(report, abstained, _any_key) == {}
    assert wrong_values(report, abstained, _no_key) == {"requests.granted.research": (27, None, "diagnosed")}
