"""Text as other programs write a report's page: the shapes real converters and crawlers give.

Each function turns govinfo's own rendering of a report into what a converter seen on real pages
makes of it, so that a property test can hold the parser to every report of that shape.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import strategies as st

_RULE = "|---"


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a Markdown pipe row (``| a | b |``), or ``None`` for another line."""
    if not (line.startswith("|") and line.endswith("|")) or line.startswith(_RULE):
        return None
    return [cell.strip() for cell in line[1:-1].split("|")]


def is_number(cell: str) -> bool:
    """Whether a rendered cell is a number (a count, a signed change, an amount)."""
    return cell.strip().replace(".", "").replace("-", "").isdigit()


def _wrap(cell: str, width: int) -> list[str]:
    """``cell`` cut into pieces of at most ``width`` characters (a number is never cut)."""
    if not cell:
        return []
    if is_number(cell):
        return [cell]
    return [cell[at : at + width] for at in range(0, len(cell), width)]


def _has_label(row: list[str]) -> bool:
    """Whether ``row`` has a label cell (text, not a number): a row of a table's label columns."""
    return any(cell and not is_number(cell) for cell in row)


# The characters a drawn table is made of: vertical, horizontal, and the junctions (top, middle,
# bottom rows of junctions: left, inner, right; and the junction where a span's rule begins).
_STYLES = {
    "box": ("│", "─", ("┌┬┐", "├┼┤", "└┴┘"), "├"),
    "ascii": ("|", "-", ("+++", "+++", "+++"), "+"),
}


@st.composite
def box_drawn(draw: st.DrawFn, markdown: str, style: str = "box") -> str:
    """``markdown`` (``render(report, "markdown")``) with each pipe table drawn as text browsers
    (w3m, elinks: ``style="box"``) or pandoc's grid tables (``style="ascii"``) draw a table:
    columns of a fixed width, long cells wrapped over several lines (pandoc may end a wrapped
    line with ``\\``), each cell's lines placed at the top, middle or bottom of its row, a rule
    line (``├──┼──┤``, ``+----+``) between rows, and a label over the empty cells below it (a
    merged cell) moved down into the rows it spans, as w3m centres it."""
    out: list[str] = []
    table: list[list[str]] = []
    for line in [*markdown.split("\n"), ""]:
        if line.startswith(_RULE):
            continue
        cells = _pipe_cells(line)
        if cells is not None:
            table.append(cells)
            continue
        if table:
            out.extend(draw(_box_table(table, style)))
            table = []
        out.append(line)
    return "\n".join(out[:-1])


@st.composite
def _box_table(draw: st.DrawFn, rows: list[list[str]], style: str) -> list[str]:
    vertical, stroke, junctions, span_joint = _STYLES[style]
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = [
        max([draw(st.integers(2, 12)), *(len(c) for c in column if is_number(c))])
        for column in zip(*rows, strict=True)
    ]
    # a first-column label over empty first cells below it moves down into its span
    spans: list[int] = [1] * len(rows)  # rows a row's first cell spans
    for at, row in enumerate(rows):
        if row[0]:
            below = at + 1
            while below < len(rows) and not rows[below][0] and _has_label(rows[below]):
                below += 1
            spans[at] = below - at
    moved = [row[:] for row in rows]
    for at, span in enumerate(spans):
        if span > 1 and draw(st.booleans()):
            target = at + draw(st.integers(0, span - 1))
            moved[at][0], moved[target][0] = "", rows[at][0]
    top = junctions[0][0] + junctions[0][1].join(stroke * (w + 1) for w in widths) + junctions[0][2]
    bottom = junctions[2][0] + junctions[2][1].join(stroke * (w + 1) for w in widths) + junctions[2][2]
    lines = [top]
    for at, row in enumerate(moved):
        pieces = [_wrap(cell, width) for cell, width in zip(row, widths, strict=True)]
        height = max(1, *(len(p) for p in pieces))
        grid = [[" " * w for w in widths] for _ in range(height)]
        for column, (piece, width) in enumerate(zip(pieces, widths, strict=True)):
            start = draw(st.sampled_from((0, (height - len(piece)) // 2, height - len(piece))))
            for offset, text in enumerate(piece):
                if style == "ascii" and offset + 1 < len(piece) and draw(st.booleans()):
                    text += "\\"  # pandoc's line break in a cell
                grid[start + offset][column] = text.ljust(width + 1)
        lines.extend(vertical + vertical.join(cells) + vertical for cells in grid)
        if at + 1 < len(moved):
            # inside a first-column span (the next row's first cell is merged with the one
            # above): the rule leaves the first column open
            inside_span = not rows[at + 1][0] and _has_label(rows[at + 1])
            middle = junctions[1]
            first = " " * (widths[0] + 1) if inside_span else stroke * (widths[0] + 1)
            left = vertical if inside_span else middle[0]
            joint = span_joint if inside_span else middle[1]
            rest = middle[1].join(stroke * (w + 1) for w in widths[1:])
            lines.append(left + first + joint + rest + middle[2])
    lines.append(bottom)
    return lines


SITE_CHROME = (
    "国务院 省政府 移动版 登录 注册 网站支持IPV6 首页 政务公开 解读回应 办事服务 互动交流 当前位置："
)
SITE_FOOTER = (
    "使用帮助 | 联系我们 | 隐私保护 | 新媒体矩阵 | 关于我们 | 网站标识码：3590000001 公安备案号：35012899001"
)


def one_line_page(lines_layout: str, site: str, with_title_tag: bool = True) -> str:
    """A whole page as ``BeautifulSoup.get_text(" ", strip=True)`` gives it: every piece of text
    on one line, joined by spaces (cells too), beginning with the page's ``<title>`` (the report's
    title, then the column and the ``site``: ``…年度报告_政府信息公开年报_site``) and the site's
    navigation, ending with its footer, whose links are separated by pipes.  Without
    ``with_title_tag`` (trafilatura's ``html2txt``), the page starts with the navigation, and the
    report's title stands between the breadcrumbs and the source and date."""
    pieces = [line.strip() for line in lines_layout.split("\n") if line.strip()]
    title = pieces[0].lstrip("# ")
    if not with_title_tag:
        crumbs = f"{SITE_CHROME} 首页 政务公开 政府信息公开年报 {title} 来源： 时间：2024-01-30 15:01"
        return " ".join([crumbs, *pieces[1:], SITE_FOOTER])
    return " ".join([f"{title}_政府信息公开年报_{site}", SITE_CHROME, *pieces, SITE_FOOTER])


def markdown_with_html_tables(markdown: str, html: str, lead: bool) -> str:
    """``markdown`` (``render(report, "markdown")``) as pandoc writes a page to Markdown: tables
    with merged cells kept as HTML (the last two, tables 三 and 四, from ``html``, the same
    report's ``render(report, "html")``), the simple ones as pipe tables; with ``lead``, the text
    starts with a ``<div>`` pandoc kept from the page."""
    tables = re.findall(r"<table>.*?</table>", html, flags=re.DOTALL)
    lines = markdown.split("\n")
    blocks: list[tuple[int, int]] = []  # (first, last + 1) line of each pipe table
    at = 0
    while at < len(lines):
        if lines[at].startswith("|"):
            end = at
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            blocks.append((at, end))
            at = end
        else:
            at += 1
    for (first, end), table in reversed(list(zip(blocks[-2:], tables[-2:], strict=True))):
        # pandoc writes a tag or a cell to a line
        lines[first:end] = table.replace("><", ">\n<").split("\n")
    text = "\n".join(lines)
    return f'<div class="header">\n\n![](/images/logo.png)\n\n</div>\n\n{text}' if lead else text


# --- table 三 as PDF converters print it (pdftotext, pdfminer) ------------------------------------


def _request_region(lines: list[str]) -> tuple[int, int]:
    """Where table 三's rows start and end in a rendering (its first row, table 四's heading)."""
    start = next(at for at, line in enumerate(lines) if line.startswith("一、本年新收"))
    end = [at for at, line in enumerate(lines) if at > start and line.startswith("四、")][1]  # (table 四)
    return start, end


def request_rows(lines: list[str]) -> list[int]:
    """Where each table 三 row label with its 7 cells is in a ``lines`` rendering (label, then each
    cell after an empty line)."""
    start, end = _request_region(lines)

    def cell(line: str) -> bool:
        return is_number(line) or line == "/"  # (govinfo writes a blank cell "/")

    return [
        at
        for at in range(start, end)
        if lines[at] and not cell(lines[at]) and all(cell(lines[at + k]) for k in range(2, 16, 2))
    ]


def stacked_values(text: str, first: int, count: int, after: int) -> str | None:
    """Table 三 rows ``first`` … ``first + count - 1`` (of those with cells) lose their label lines,
    so that their cells follow the cells of the row before; the labels go after row ``after``'s
    cells.  ``None`` if a group label (no cells) stands before one of them."""
    lines = text.split("\n")
    rows = request_rows(lines)
    moved = rows[first : first + count]
    if first < 1 or any(b - a != 16 for a, b in itertools.pairwise(rows[first - 1 : first + count])):
        return None  # (a row after a group label: its cells would follow the group's label)
    labels_moved = [lines[at] for at in moved]
    insert = rows[after] + 15  # after the last cell of row ``after``
    out = [line for at, line in enumerate(lines[:insert]) if at not in moved and at - 1 not in moved]
    out += [part for label in labels_moved for part in ("", label)]
    out += lines[insert:]
    return "\n".join(out)


def by_columns(text: str, first: int, count: int, own: bool) -> tuple[str, list[list[str]]] | None:
    """Table 三 rows ``first`` … ``first + count - 1`` (of those with cells) printed as pdfminer prints
    a page of the table: their labels (and the group labels between them), then their cells
    column by column, one to a line (after the last label when ``own``, else after a header word);
    also the rows' cells as printed.  ``None`` if the rows are not one after another."""
    lines = text.split("\n")
    rows = request_rows(lines)[first : first + count]
    if len(rows) != count:
        return None
    cells = [[lines[at + k] for k in range(2, 16, 2)] for at in rows]
    labels = [line for line in lines[rows[0] : rows[-1] + 1] if line and not is_number(line)]
    column_cells = [row[c] for c in range(7) for row in cells]
    body = [*[part for label in labels for part in (label, "")], *([] if own else ["其他", ""])]
    body += [part for cell in column_cells for part in (cell, "")]
    if own:
        body = body[: 2 * len(labels) - 1] + body[2 * len(labels) :]  # the cells right after the last label
    return "\n".join([*lines[: rows[0]], *body, *lines[rows[-1] + 15 :]]), cells


# The text of a wrapped label that pdftotext prints on the 总计's line (or none: the 总计 alone).
_LABEL_TAILS = ("申请", "信息公开申", "计这一情形，不计", "政府信息", "")


@st.composite
def total_below(draw: st.DrawFn, text: str) -> str:
    """``text`` (the ``text`` layout) with the 总计 of one to four table 三 rows moved to a line
    below, after a wrapped label's text, under the 总计 column."""
    lines = text.split("\n")
    start, end = _request_region(lines)
    rows = [
        at
        for at in range(start, end)
        if len(cells := lines[at].split()) >= 8 and all(is_number(c) for c in cells[-7:])
    ]
    for at in sorted(draw(st.sets(st.sampled_from(rows), min_size=1, max_size=4)), reverse=True):
        line = lines[at]
        total = list(re.finditer(r"\S+", line))[-1]
        tail = draw(st.sampled_from(_LABEL_TAILS))
        below = " " * 12 + tail
        # (the rendering aligns by display columns, where a Chinese character takes two)
        below += " " * max(total.start() - len(below) - len(tail), 1) + total.group()
        lines[at] = line[: total.start()].rstrip()
        lines[at + 1 : at + 1] = [*([""] * draw(st.integers(0, 2))), below]
    return "\n".join(lines)


__all__ = [
    "box_drawn",
    "by_columns",
    "is_number",
    "markdown_with_html_tables",
    "one_line_page",
    "request_rows",
    "stacked_values",
    "total_below",
]
