"""HTML sources: rendered pages (both scripts, UTF-8 and GBK, full site pages) parse back.

Golden seeds go through ``render(…, "html")`` and a file on disk; generated reports through
:func:`govinfo.sources.read_bytes`.  The unit tests pin the cell grid, encodings, the body
finder, layout tables and the missing-extra error; property tests hold the reader's quick paths
(the check that a page needs no balancing, cell cleaning, the span grid) to their plain forms.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import govinfo
from govinfo.model import Report
from govinfo.sources import html, read_bytes
from govinfo.sources.grid import MAX_CELLS, MAX_COLUMNS, SPAN_SLACK, SpanCell, clean_cell, clean_prose, expand
from govinfo.sources.html import MAX_TAG, balance, decode_html, html_lines, read_html
from helpers.golden import GOLDEN, load_gold, wrong_keys
from helpers.golden import TEXT_CASES as CASES
from helpers.strategies import reports

SCRIPTS = ("simplified", "traditional")
VARIANTS = ("utf-8", "gbk", "no-extension")

_SEEDS: dict[str, Report] = {}


def seed(case: str) -> Report:
    if case not in _SEEDS:
        _SEEDS[case] = govinfo.parse_file(GOLDEN / f"{case}.txt")
    return _SEEDS[case]


def assert_gold(case: str, report: Report) -> None:
    diagnosed = {k for d in report.diagnostics for k in d.keys}
    wrong = wrong_keys(load_gold(case), dict(govinfo.facts(report)), diagnosed)
    assert not wrong, "\n".join(wrong)


def assert_same_facts(parsed: Report, report: Report) -> None:
    assert govinfo.facts(parsed) == govinfo.facts(report)
    errors = [d for d in parsed.diagnostics if d.severity == "error"]
    assert not errors, errors


def as_gbk(page: str) -> bytes:
    return page.replace('<meta charset="utf-8">', '<meta charset="gbk">').encode("gbk")


def full_page(page: str, charset: str = "utf-8") -> str:
    """``page`` (a rendered report) inside site chrome: header, nav, sidebar, footer, scripts."""
    body = page.split("<body>", 1)[1].split("</body>", 1)[0]
    title_match = re.search(r"<h1>(.*?)</h1>", body)
    assert title_match
    title = title_match.group(1)
    body = body.replace(title_match.group(0), "", 1)
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_某某市人民政府门户网站</title>
<script>var headings = ["一、总体情况", "二、主动公开政府信息情况"];</script>
<style>.nav {{ color: red }}</style>
</head>
<body>
<header><div class="logo">某某市人民政府</div><p>政府信息公开专栏</p></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/nb">2022年政府信息公开工作年度报告</a></li></ul></nav>
<div class="wrap">
  <div class="sidebar">
    <h3>政府信息公开</h3>
    <table class="links">
      <tr><td><a href="/zn">政府信息公开指南</a></td></tr>
      <tr><td><a href="/zd">政府信息公开制度</a></td></tr>
      <tr><td><a href="/nb2022">某某市2022年政府信息公开工作年度报告</a></td></tr>
      <tr><td><a href="/ysq">依申请公开</a></td><td>12</td></tr>
      <tr><td><a href="/fy">行政复议决定</a></td><td><a href="/gs">概述</a></td></tr>
    </table>
  </div>
  <div class="main">
    <div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
    <div class="article">
      <h1 class="title">{title}</h1>
      <div class="tools">【打印】 【关闭】</div>
      <div class="content" id="zoom">
{body}
      </div>
      <div class="share" style="display:none">分享到：微信 123 456</div>
    </div>
  </div>
</div>
<footer><p>主办：某某市人民政府办公室 网站标识码：3201000001 ICP备案号：12345678</p></footer>
<script>document.write("<table><tr><td>行政复议</td><td>9</td></tr></table>");</script>
</body></html>
"""


# --- golden seeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("case", CASES)
def test_golden_seed_as_html_file(case: str, script: str, variant: str, tmp_path: Path) -> None:
    page = govinfo.render(seed(case), "html", script=script)
    if variant == "gbk":
        path = tmp_path / "report.html"
        path.write_bytes(as_gbk(page))
    else:
        path = tmp_path / ("report" if variant == "no-extension" else "report.html")
        path.write_text(page, encoding="utf-8")
    assert_gold(case, govinfo.parse_file(path))


@pytest.mark.parametrize("case", CASES)
def test_golden_seed_in_a_full_page(case: str, tmp_path: Path) -> None:
    page = full_page(govinfo.render(seed(case), "html"), charset="gb2312")
    path = tmp_path / "report.htm"
    path.write_bytes(page.encode("gb18030"))
    assert_gold(case, govinfo.parse_file(path))


def test_html_grid_equals_the_tsv_layout() -> None:
    report = seed(CASES[0])
    tsv = [line for line in govinfo.render(report, "tsv").splitlines() if line.strip()]
    assert read_bytes(govinfo.render(report, "html").encode()).splitlines() == tsv


# --- generated reports -----------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
@given(report=reports())
def test_generated_report_as_html(script: str, report: Report) -> None:
    page = govinfo.render(report, "html", script=script)
    assert_same_facts(govinfo.parse(read_bytes(page.encode("utf-8"), name="r.html")), report)


@given(report=reports())
def test_generated_report_in_a_full_gbk_page(report: Report) -> None:
    page = full_page(govinfo.render(report, "html"), charset="gbk")
    parsed = govinfo.parse(read_bytes(page.encode("gb18030")))
    assert_same_facts(parsed, report)
    assert parsed.meta.agency == report.meta.agency
    assert parsed.meta.year == report.meta.year
    assert parsed.overview.paragraphs == report.overview.paragraphs


# --- the cell grid ---------------------------------------------------------------------------------


def lines_of(markup: str) -> list[str]:
    return html_lines(f"<html><body>{markup}</body></html>")


def test_rowspan_and_colspan_expand_into_a_grid() -> None:
    markup = """<table>
      <tr><th rowspan="2" colspan="2">项目</th><th colspan="2">申请人情况</th></tr>
      <tr><th>自然人</th><th>总计</th></tr>
      <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td><td>5</td></tr>
      <tr><td>（二）部分公开</td><td></td><td>7</td></tr>
    </table>"""
    assert lines_of(markup) == [
        "项目\t\t申请人情况\t",
        "\t\t自然人\t总计",
        "三、本年度办理结果\t（一）予以公开\t5\t5",
        "\t（二）部分公开\t\t7",
    ]


def test_cells_are_one_clean_line() -> None:
    markup = """<table><tr><td>（二）部分公开<br>（区分处理的，
    只计这一情形）</td><td><p>39.11</p><p>万元</p></td><td>a\tb</td></tr></table>"""
    assert lines_of(markup) == ["（二）部分公开（区分处理的，只计这一情形）\t39.11 万元\ta b"]


def test_rowspan_past_the_last_row_and_huge_colspan_are_clipped() -> None:
    markup = '<table><tr><td rowspan="9">a</td><td colspan="99999">b</td></tr><tr><td>c</td></tr></table>'
    lines = lines_of(markup)
    assert len(lines) == 2
    assert lines[0].split("\t")[:2] == ["a", "b"]
    assert lines[1].split("\t")[:2] == ["", "c"]
    # the colspan reaches SPAN_SLACK columns past the widest row's two cells, not MAX_COLUMNS
    assert len(lines[0].split("\t")) == 1 + 2 + SPAN_SLACK < MAX_COLUMNS


def test_prose_blocks_and_line_breaks() -> None:
    markup = """<div>一、总体情况<br>第一行
    接着写<p>二、主动公开政府信息情况</p><span>末尾</span> 文字
    <pre>甲\t1\n乙\t2</pre></div>"""
    assert lines_of(markup) == [
        "一、总体情况",
        "第一行接着写",
        "二、主动公开政府信息情况",
        "末尾文字",
        "甲\t1",
        "乙\t2",
    ]


def test_layout_table_is_read_as_blocks() -> None:
    markup = """<table><tr><td><h1>某某局2023年政府信息公开工作年度报告</h1></td></tr>
    <tr><td><p>一、总体情况</p><p>全年主动公开信息12条。</p>
    <table><tr><td>第二十条第（一）项</td></tr><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>
    </td></tr></table>"""
    assert lines_of(markup) == [
        "某某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "全年主动公开信息12条。",
        "第二十条第（一）项",  # a short row stays short: positions no cell covers are not cells
        "规章\t1\t2\t3",
    ]


def test_hidden_and_chrome_elements_are_dropped() -> None:
    markup = """<nav>导航</nav><div hidden>隐藏</div><p style="DISPLAY: none">也隐藏</p>
    <div role="navigation">菜单</div><script>var a = 1;</script><noscript>请启用</noscript>
    <article><header><h1>标题</h1></header><p>正文</p></article><footer>版权</footer><!-- 注释 -->"""
    assert lines_of(markup) == ["标题", "正文"]


def test_body_is_the_container_of_the_headings_and_tables() -> None:
    markup = """<div class="side"><p>友情链接</p><table><tr><td>链接一</td><td>链接二</td></tr></table></div>
    <div class="main"><p>某某局2023年政府信息公开工作年度报告</p><p>发布日期：2024-01-20</p>
      <div class="text"><p>一、总体情况</p><p>正文。</p>
      <table><tr><td>信息内容</td><td>本年制发件数</td></tr></table></div></div>
    <div class="more"><p>相关阅读</p></div>"""
    assert lines_of(markup) == [
        "某某局2023年政府信息公开工作年度报告",
        "发布日期：2024-01-20",
        "一、总体情况",
        "正文。",
        "信息内容\t本年制发件数",
    ]


def test_page_title_stands_in_for_a_missing_title() -> None:
    page = """<html><head><title>首页 | 某某局2023年政府信息公开工作年度报告_某某网</title></head>
    <body><div><p>一、总体情况</p><p>正文。</p></div></body></html>"""
    assert html_lines(page)[:2] == ["某某局2023年政府信息公开工作年度报告", "一、总体情况"]


def test_cells_hidden_by_their_style_are_dropped() -> None:
    border = "border-width: 1px; border-style: solid; border-color: rgb(0, 0, 0); width: 80px"
    markup = f"""<table><tr><td style="{border}">甲</td><td style="{border}; DISPLAY : None">乙</td>
    <td style="visibility:hidden">丙</td><td style="{border}">丁</td></tr>
    <tr><td style="{border}">1</td><td style="color: red">2</td></tr></table>"""
    assert lines_of(markup) == ["甲\t丁", "1\t2"]


def test_a_cell_holding_a_hidden_heading_makes_a_layout_table() -> None:
    markup = "<table><tr><td>甲</td><td><div hidden><h2>标题</h2></div>乙</td></tr></table>"
    assert lines_of(markup) == ["甲", "乙"]


def test_tables_nested_in_cells_are_each_read_once() -> None:
    markup = "<table><tr><td>" * 300 + "一、总体情况" + "</td></tr></table>" * 300
    assert lines_of(markup) == ["一、总体情况"]


def test_bytes_and_text_give_the_same_lines() -> None:
    page = full_page(govinfo.render(seed(CASES[0]), "html"))
    assert read_html(page.encode()) == "\n".join(html_lines(page)) + "\n"


# --- quick paths against their plain forms ---------------------------------------------------------

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Tags of skipped elements and of HTML5 void elements, spelt every way that the case-insensitive
# patterns of balance() match (İ ı K ſ match i, i, k, s) or nearly match, cut short or not.
_NAMES = ["script", "SCRIPT", "ſcript", "scrıpt", "iframe", "İframe", "style", "title", "nav", "navigation"]
_NAMES += ["embed", "EMBED", "source", "trac\u212a", "wbr", "p", "div"]
_TAG = st.builds(
    "<{}{}{}{}".format,
    st.sampled_from(["", "/"]),
    st.sampled_from(_NAMES),
    st.sampled_from(["", "中", "ſ", "-x", "s", " a='<'", " a=x", "/"]),
    st.sampled_from([">", "", "/>"]),
)
_MARKUP = st.lists(
    st.one_of(_TAG, st.sampled_from(["", "中", "a", " ", "\n", "\x01", "<", ">", "<?xml version='1.0'?>"])),
    max_size=24,
).map("".join)


@given(_MARKUP)
@example("<script <embed></script>")
@example("<p>a</p><style a='<'>b")
@example("<ſcript>a")
@example("<scrıpt>a")
@example("<İframe>a")
@example("<script中>a</script>")
@example("<EMBED src=x><p>a</p>")
@example("<trac\u212a><p>a</p>")
def test_the_quick_balance_check_agrees_with_balance(markup: str) -> None:
    text = _CONTROLS.sub("", re.sub(r"^\s*<\?xml\b[^>]*>", "", markup))
    expected = balance(text).encode() if text.strip() else None
    assert html._prepared(markup) == expected


@pytest.mark.parametrize("fill", ["a", "中"])
@pytest.mark.parametrize("extra", [-2, -1, 0, 1])
def test_overlong_tags_are_cut_as_balance_cuts_them(fill: str, extra: int) -> None:
    tag = "<p " + fill * (MAX_TAG + extra - 2) + ">"
    page = f"<html><body>{tag}一、总体情况</p><div>{tag}</div></body></html>"
    assert html._prepared(page) == balance(page).encode()


_WIDE = (
    "[\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffef\U00020000-\U0003134f]"
)


def _collapsed(pattern: str, text: str) -> str:
    """Each run of ``pattern`` dropped between two wide characters, else made one space."""

    def gap(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
        return "" if re.fullmatch(_WIDE, before) and re.fullmatch(_WIDE, after) else " "

    return re.sub(pattern, gap, text)


_TEXT = st.text(
    st.sampled_from(" \t\n\r\f\v\x1c\x85\xa0\u2028\u3000a1.中，（）\u2e80\u303f\u3040\uff01\U00020000")
)


@given(_TEXT)
def test_clean_cell_and_clean_prose_collapse_white_space(text: str) -> None:
    assert clean_cell(text) == _collapsed(r"\s+", text.strip())
    ascii_space = " \t\n\r\f\v"
    assert (
        clean_prose(text)
        == _collapsed(f"[{ascii_space}]+", text.replace("\xa0", " ").strip(ascii_space)).strip()
    )


def _grid(rows: Sequence[Sequence[SpanCell]]) -> list[list[str]]:
    """The grid of :func:`expand`, built position by position (no cap on the size)."""
    n = len(rows)
    most = max((len(row) for row in rows), default=0) + SPAN_SLACK
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        column = 0
        for text, rowspan, colspan in row:
            while (r, column) in taken:
                column += 1
            if column >= MAX_COLUMNS:
                break
            rowspan = n - r if rowspan == 0 else max(1, min(rowspan, n - r))
            colspan = max(1, min(colspan, most, MAX_COLUMNS - column))
            for position in [(r + dr, column + dc) for dr in range(rowspan) for dc in range(colspan)]:
                taken[position] = ""
            taken[r, column] = text
            column += colspan
    reach = [1 + max((c for (rr, c) in taken if rr == r), default=-1) for r in range(n)]
    return [[taken.get((r, c), "") for c in range(reach[r])] for r in range(n)]


_SPANS = st.sampled_from([1, 1, 1, 0, 2, 3, -1, 7, 99_999])
_CELL = st.builds(SpanCell, st.sampled_from(["a", "", "中"]), _SPANS, _SPANS)


@given(st.lists(st.lists(_CELL, max_size=6), max_size=8))
def test_expand_places_cells_as_the_html_table_model(rows: list[list[SpanCell]]) -> None:
    grid = _grid(rows)
    assert sum(map(len, grid)) <= MAX_CELLS
    assert expand(rows) == grid
    assert expand([[(c.text, c.rowspan, c.colspan) for c in row] for row in rows]) == grid


# --- encodings -------------------------------------------------------------------------------------

TEXT = "一、总体情况 2023 統計"


@pytest.mark.parametrize(
    "data",
    [
        f'<html><head><meta charset="gb2312"></head><body><p>{TEXT}</p></body></html>'.encode("gb18030"),
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK">'
            f"</head><body><p>{TEXT}</p></body></html>"
        ).encode("gbk"),
        f'<?xml version="1.0" encoding="gbk"?><html><body><p>{TEXT}</p></body></html>'.encode("gbk"),
        f'<html><head><meta charset="gbk"></head><body><p>{TEXT}</p></body></html>'.encode(),  # mislabel
        f'<html><head><meta charset="utf-8"></head><body><p>{TEXT}</p></body></html>'.encode("gb18030"),
        f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT}</p></body></html>'.encode(),
        f"<html><body><p>{TEXT}</p></body></html>".encode("utf-16"),
        f"<html><body><p>{TEXT}</p></body></html>".encode("utf-8-sig"),
        f"<html><body><p>{TEXT}</p></body></html>".encode("gb18030"),
        f'<html><head><meta charset="big5"></head><body><p>{TEXT}</p></body></html>'.encode("big5hkscs"),
    ],
)
def test_encodings(data: bytes) -> None:
    assert TEXT in decode_html(data)
    assert read_html(data) == f"{TEXT}\n"


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html>",
        b"<html><body><table><tr><td rowspan='x' colspan='-3'>1<td>2</table",
        b"<?xml version='1.0'?>",
        b"<html><body>\x00\x01\x02<p>a\x0bb</p></body></html>",
        b"<p>" * 5000,
        b"<div>" * 3000 + b"deep" + b"</div>" * 3000,
        b"<table>" * 500 + b"<tr><td>x",
        b"<p>a\xed\xa0\x80b</p>",  # a lone surrogate in UTF-8
    ],
)
def test_broken_html_gives_text_or_parse_error(data: bytes) -> None:
    try:
        text = read_html(data)
    except govinfo.ParseError:
        return
    assert isinstance(text, str)
    govinfo.parse(text)


def test_missing_lxml_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lxml.etree", None)
    with pytest.raises(govinfo.MissingExtraError, match=re.escape('pip install "govinfo-cn[html]"')):
        read_bytes(b"<html><body><p>x</p></body></html>")
