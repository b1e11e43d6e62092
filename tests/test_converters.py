"""Generated reports (all numbers different) in the shapes other converters and crawlers give a
report's page (``helpers/converters.py``) parse back: exactly, where the shape keeps every value;
never silently wrong, where it does not."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import govinfo
from govinfo import labels
from govinfo.drawn import drawn_tables_as_rows
from govinfo.model import Report
from helpers.converters import (
    box_drawn,
    by_columns,
    is_number,
    markdown_with_html_tables,
    one_line_page,
    request_rows,
    stacked_values,
    total_below,
)
from helpers.golden import GOLDEN, load_gold, same
from helpers.strategies import consistent_reports, reports

SCRIPTS = ("simplified", "traditional")


@pytest.mark.parametrize("style", ["box", "ascii"])
@pytest.mark.parametrize("script", SCRIPTS)
@given(report=reports(), data=st.data())
def test_drawn_tables_parse_back(style: str, script: str, report: Report, data: st.DataObject) -> None:
    """Tables drawn with box characters (w3m, elinks) or as ASCII grids (pandoc, reStructuredText),
    cells wrapped over several lines."""
    text = data.draw(box_drawn(govinfo.render(report, "markdown", script=script), style))
    parsed = govinfo.parse(text)
    assert govinfo.facts(parsed) == govinfo.facts(report)
    assert not [d for d in parsed.diagnostics if d.severity == "error"]


def test_box_rows_are_joined_cell_by_cell_and_keep_their_line_numbers() -> None:
    text = "\n".join(
        [
            "前言",
            "┌────┬──┐",
            "│一、本年│  │",
            "│新收  │12│",
            "├────┼──┤",
            "│二、上年│3 │",
            "└────┴──┘",
            "后记 ─ 完",
        ]
    )
    lines = drawn_tables_as_rows(text).split("\n")
    assert lines == ["前言", "", "| 一、本年新收 | 12 |", "", "", "|二、上年|3 |", "", "后记   完"]


def test_a_row_whose_lines_differ_in_cells_is_not_joined() -> None:
    text = "│a│b│\n│c│"
    assert drawn_tables_as_rows(text) == "|a|b|\n|c|"


# --- a text damaged in conversion: replacement characters where values were ----------------------


def _value_cells(text: str) -> list[tuple[int, int]]:
    """(line, cell) of every number cell of the pipe rows of ``text``."""
    out = []
    for at, line in enumerate(text.split("\n")):
        if line.startswith("|") and not line.startswith("|---"):
            for column, cell in enumerate(line.split("|")):
                if is_number(cell):
                    out.append((at, column))
    return out


@given(report=reports(), data=st.data())
def test_values_lost_to_replacement_characters_are_named(report: Report, data: st.DataObject) -> None:
    """A converter that cuts characters in two (Debian's html2text sizing cells in bytes) leaves
    ``�`` where a value was: every cell then read as blank is named, never silently "not reported"."""
    text = govinfo.render(report, "markdown")
    cells = _value_cells(text)
    lost = data.draw(st.sets(st.sampled_from(cells), min_size=1, max_size=8))
    lines = [line.split("|") for line in text.split("\n")]
    for at, column in lost:
        lines[at][column] = " \ufffd "
    parsed = govinfo.parse("\n".join("|".join(cells) for cells in lines))
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    assert [key for key in want if got[key] != want[key] and not (got[key] is None and key in named)] == []


@given(report=reports())
def test_blank_cells_of_an_undamaged_text_are_not_reported_without_a_diagnostic(report: Report) -> None:
    """The control: blank cells are ``None`` (not reported), and no diagnostic names them."""
    parsed = govinfo.parse(govinfo.render(report, "markdown"))
    assert govinfo.facts(parsed) == govinfo.facts(report)
    assert not any(d.code == "input.damaged" for d in parsed.diagnostics)


# --- table 四 read column by column (pdftotext) ----------------------------------------------------


@given(report=consistent_reports(), data=st.data())
def test_table_four_out_of_order_is_named(report: Report, data: st.DataObject) -> None:
    """Table 四's 15 values in another order (a PDF converter reading it column by column): when
    every 总计 then breaks its sum, every key of the table is named; in order, none is."""
    text = govinfo.render(report, "markdown")
    rows = text.split("\n")
    [at] = [i for i, line in enumerate(rows) if line.count("|") == 16 and _value_cells(line)]
    cells = rows[at].split("|")[1:-1]
    order = data.draw(st.permutations(range(15)))
    shuffled = [cells[i] for i in order]
    numbers = [int(c) for c in shuffled]
    groups = [numbers[i : i + 5] for i in (0, 5, 10)]
    assume(all(sum(g[:4]) != g[4] for g in groups))
    rows[at] = "|" + "|".join(shuffled) + "|"
    parsed = govinfo.parse("\n".join(rows))
    named = {key for d in parsed.diagnostics if d.code == "table.sums_broken" for key in d.keys}
    assert named == {key for key in govinfo.facts(report) if key.startswith("review_litigation.")}
    in_order = govinfo.parse(text)
    assert not any(d.code == "table.sums_broken" for d in in_order.diagnostics)


# --- a whole page on one line (get_text(" ", strip=True)), a site footer with pipes ----------------


@pytest.mark.parametrize("title_tag", [True, False])
@pytest.mark.parametrize("script", SCRIPTS)
@given(report=reports())
def test_a_page_on_one_line_agrees_or_abstains(script: str, title_tag: bool, report: Report) -> None:
    """Cells separated by spaces only, the page's title with the site's name after it (or the
    report's title among the words of the line), a footer whose links are separated by pipes:
    every value agrees or is ``None`` named by a diagnostic, and the agency and year are read
    from the title."""
    lines_layout = govinfo.render(report, "lines", script=script)
    text = one_line_page(lines_layout, "某某市人民政府门户网站", title_tag)
    assert "\n" not in text
    parsed = govinfo.parse(text)
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    wrong = [key for key in want if got[key] != want[key] and not (got[key] is None and key in named)]
    assert wrong == []
    read = sum(
        1 for key in want if key.startswith(("active.", "requests.", "review_")) and got[key] is not None
    )
    assert read >= 0.9 * sum(1 for key in want if want[key] is not None and not key.startswith("meta."))
    assert (parsed.meta.agency, parsed.meta.year) == (report.meta.agency, report.meta.year)


@pytest.mark.parametrize(
    "heading",
    ["四、政府信息公开行政复议与行政诉讼情况", "四、因政府信息公开工作被申请行政复议与提起行政诉讼情况"],
)
def test_review_heading_with_yu(heading: str) -> None:
    assert labels.match_heading(heading) == ("review", "四")


# --- Markdown with HTML tables (pandoc keeps tables with merged cells as HTML) ---------------------


@pytest.mark.parametrize("lead", [False, True])
@given(report=reports())
def test_markdown_with_html_tables_parses_back(lead: bool, report: Report) -> None:
    """Tables 三 and 四 as HTML inside a Markdown text, the others as pipe tables; with ``lead`` the
    text starts with markup, and a file of it is still read as text (its pipe rows are lines)."""
    text = markdown_with_html_tables(govinfo.render(report, "markdown"), govinfo.render(report, "html"), lead)
    assert text.count("<table>") == 2
    want = govinfo.facts(report)
    assert govinfo.facts(govinfo.parse(text)) == want
    assert govinfo.facts(govinfo.parse_bytes(text.encode(), name="report.md")) == want


# --- a PDF's text sorted by position: the page number on a table row's line ------------------------


@given(report=reports(), data=st.data())
def test_a_page_number_on_a_row_line_is_dropped(report: Report, data: st.DataObject) -> None:
    """PyMuPDF's ``sort=True`` puts a footer (``- 4 -``) and a table row of the same height on one
    line: the page number is not a cell of the row."""
    lines = govinfo.render(report, "text").split("\n")
    rows = [at for at, line in enumerate(lines) if line[:1] in "一二三四（12345678" and "  " in line]
    for at in data.draw(st.sets(st.sampled_from(rows), min_size=1, max_size=3)):
        footer = data.draw(st.sampled_from(["- {} -", "-{}-", "— {} —", "第{}页"])).format(
            data.draw(st.integers(1, 30))
        )
        lines[at] = footer + " " * data.draw(st.integers(3, 12)) + lines[at]
    assert govinfo.facts(govinfo.parse("\n".join(lines))) == govinfo.facts(report)


# --- a table cut by a page break, the page's headings between its rows -----------------------------


@given(report=reports(), data=st.data())
def test_headings_between_the_rows_of_a_table_are_stray(report: Report, data: st.DataObject) -> None:
    """A PDF's text read page by page, tables after the page's text (a common recipe: page text,
    then the page's tables): the later sections' headings fall between two rows of table 三."""
    lines = govinfo.render(report, "tsv").split("\n")
    start = next(at for at, line in enumerate(lines) if line.startswith("一、本年新收"))
    end = next(at for at, line in enumerate(lines) if line.startswith("四、结转"))
    cut = data.draw(st.integers(start + 1, end))
    headings = data.draw(
        st.lists(
            st.sampled_from(
                [
                    "四、政府信息公开行政复议、行政诉讼情况",
                    "五、存在的主要问题及改进情况",
                    "六、其他需要报告的事项",
                ]
            ),
            min_size=1,
            max_size=3,
            unique=True,
        ).map(sorted)
    )
    lines[cut:cut] = [*headings, "- 4 -"]
    assert govinfo.facts(govinfo.parse("\n".join(lines))) == govinfo.facts(report)


# --- a PDF's table as HTML cells (pdftohtml), read one cell to a line ------------------------------


@given(report=reports(), data=st.data())
def test_a_row_label_with_its_first_cell_then_one_cell_to_a_line(report: Report, data: st.DataObject) -> None:
    """``pdftohtml`` then a text browser: a table 三 row's label and first cell on one line, the
    other cells one to a line after it, and a wrapped label's tail after the cells."""
    lines = [line for line in govinfo.render(report, "lines").split("\n") if line]
    start = next(at for at, line in enumerate(lines) if line.startswith("一、本年新收"))
    end = next(at for at, line in enumerate(lines) if line.startswith("四、结转")) + 8
    out = lines[:start]
    at = start
    while at < end:
        line = lines[at]
        cells = lines[at + 1 : at + 8]
        if not line[:1].isdigit() and "（" not in line[:1] and line[:1] not in "一二四":
            out.append(line)
            at += 1
            continue
        if len(cells) == 7 and all(c.isdigit() for c in cells) and data.draw(st.booleans()):
            cut = data.draw(st.integers(len(line) // 2, len(line)))
            out.append(f"{line[:cut]} {cells[0]}")
            out.extend(cells[1:])
            if cut < len(line):
                out.append(line[cut:])  # the label's tail, after the row's cells
            at += 8
        else:
            out.append(line)
            at += 1
    out.extend(lines[end:])
    parsed = govinfo.parse(data.draw(st.sampled_from(["\n", "\n\n"])).join(out))
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    assert [key for key in want if got[key] != want[key] and not (got[key] is None and key in named)] == []
    assert [key for key in want if key.startswith("requests.") and got[key] != want[key]] == []


@given(report=reports(none_rate=0.3), data=st.data())
def test_lines_of_spaces_after_a_row_are_not_its_cells(report: Report, data: st.DataObject) -> None:
    """inscriptis aligns a table's cells with spaces (a blank cell is a wider gap) and ends some
    rows with lines of spaces: those lines are not the row's missing cells, and no value is then
    wrong without a diagnostic naming it (a row one cell short is resolved by the arithmetic, or
    abstained, and named either way)."""
    lines = govinfo.render(report, "text").split("\n")
    rows = [at for at, line in enumerate(lines) if "  " in line.strip() and line[:1] in "一二三四（12345678"]
    for at in sorted(data.draw(st.sets(st.sampled_from(rows), max_size=6)), reverse=True):
        lines[at] = lines[at].replace("/", " ")  # a blank cell: spaces (govinfo writes "/")
        lines[at + 1 : at + 1] = [" " * data.draw(st.integers(1, 40))] * data.draw(st.integers(1, 2))
    parsed = govinfo.parse("\n".join(lines))
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    assert [key for key in want if got[key] != want[key] and key not in named] == []


# --- pdftotext: the values of rows whose labels it printed elsewhere, right after the row before -----


@given(report=consistent_reports(), data=st.data())
def test_values_printed_apart_from_their_labels_are_their_rows(report: Report, data: st.DataObject) -> None:
    """pdftotext (plain) prints the cells of rows whose wrapped labels it moved elsewhere right
    after the cells of the row before, one to a line: each row's worth that keeps its sum is a row,
    paired with the rows between its neighbours in the format's order; every value exact."""
    text = govinfo.render(report, "lines", script=data.draw(st.sampled_from(SCRIPTS)))
    rows = len(request_rows(text.split("\n")))
    count = data.draw(st.integers(1, 4))
    first = data.draw(st.integers(1, rows - count))
    after = data.draw(st.integers(first + count - 1, rows - 1))
    shaped = stacked_values(text, first, count, after)
    assume(shaped is not None)
    assert shaped is not None
    parsed = govinfo.parse(shaped)
    assert govinfo.facts(parsed) == govinfo.facts(report)


@given(report=reports(none_rate=0.2), data=st.data())
def test_values_printed_apart_from_their_labels_are_never_silently_wrong(
    report: Report, data: st.DataObject
) -> None:
    """The same shape with cells that keep no sum (or are blank): each row's cells are read, or
    ``None`` with a diagnostic naming them, never given to another row."""
    text = govinfo.render(report, "lines")
    rows = len(request_rows(text.split("\n")))
    count = data.draw(st.integers(1, 4))
    first = data.draw(st.integers(1, rows - count))
    shaped = stacked_values(text, first, count, data.draw(st.integers(first + count - 1, rows - 1)))
    assume(shaped is not None)
    assert shaped is not None
    parsed = govinfo.parse(shaped)
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    assert [key for key in want if got[key] != want[key] and not (got[key] is None and key in named)] == []


# --- pdfminer: a page's row labels first, then the cells column by column -------------------------------


def _keep_sums(rows: list[list[str]]) -> bool:
    return all(all(c.isdigit() for c in row) and sum(map(int, row[:-1])) == int(row[-1]) for row in rows)


@given(report=consistent_reports(), data=st.data())
def test_rows_printed_column_by_column_are_read_down_the_columns(report: Report, data: st.DataObject) -> None:
    """pdfminer prints a page of table 三 as its row labels, then each column's cells: the cells
    are read down the columns when every row so read keeps its sum and read across they do not;
    then every value is exact."""
    text = govinfo.render(report, "lines", script=data.draw(st.sampled_from(SCRIPTS)))
    rows = len(request_rows(text.split("\n")))
    count = data.draw(st.integers(2, 14))
    first = data.draw(st.integers(0, rows - count))
    shaped = by_columns(text, first, count, data.draw(st.booleans()))
    assert shaped is not None
    printed, cells = shaped
    column_cells = [row[c] for c in range(7) for row in cells]
    across = [column_cells[i : i + 7] for i in range(0, len(column_cells), 7)]
    parsed = govinfo.parse(printed)
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    if not _keep_sums(across) or across == cells:
        assert got == want
    else:  # (both readings keep the sums: not told which)
        assert [key for key in want if got[key] != want[key] and key not in named] == []


@given(report=reports(none_rate=0.1), data=st.data())
def test_rows_printed_column_by_column_are_never_silently_wrong(report: Report, data: st.DataObject) -> None:
    """The same shape with cells that keep no sum (or are blank): no value is wrong without a
    diagnostic naming it."""
    text = govinfo.render(report, "lines")
    rows = len(request_rows(text.split("\n")))
    count = data.draw(st.integers(2, min(14, rows)))
    shaped = by_columns(text, data.draw(st.integers(0, rows - count)), count, data.draw(st.booleans()))
    assume(shaped is not None)
    assert shaped is not None
    parsed = govinfo.parse(shaped[0])
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    assert [key for key in want if got[key] != want[key] and key not in named] == []


# --- pdftotext -layout: a row's 总计 printed lines below, beside the wrapped label's text ---------------


@given(report=consistent_reports(), data=st.data())
def test_a_total_printed_below_its_row_is_its_total(report: Report, data: st.DataObject) -> None:
    """A table 三 row one cell short, then a line of the wrapped label's text and one number
    standing under the 总计 column: the number is the row's 总计 when it is the sum of the row's
    cells; every value exact."""
    text = govinfo.render(report, "text", script=data.draw(st.sampled_from(SCRIPTS)))
    parsed = govinfo.parse(data.draw(total_below(text)))
    assert govinfo.facts(parsed) == govinfo.facts(report)


@given(report=reports(), data=st.data())
def test_a_total_printed_below_its_row_is_never_silently_wrong(report: Report, data: st.DataObject) -> None:
    """The same shape where the number is not the sum of the row's cells: no value wrong without
    a diagnostic naming it."""
    parsed = govinfo.parse(data.draw(total_below(govinfo.render(report, "text"))))
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    assert [key for key in want if got[key] != want[key] and key not in named] == []


# --- a table aligned with spaces, blank cells written as nothing (pdftotext -layout, inscriptis) ----


def _measured_rows(report: Report) -> list[list[str]]:
    """The keys of each row that a short row can be measured against: every table 三 row (all
    rows of the table are as wide), and each table 二 row of several columns with the other rows
    of its block."""
    edition = report.meta.edition
    assert edition is not None
    keys = [key for key in govinfo.facts(report) if key.startswith("requests.")]
    rows: dict[str, list[str]] = {}
    for key in keys:
        rows.setdefault(key.rsplit(".", 1)[0], []).append(key)
    out = [[*row] for row in rows.values()]
    blocks: dict[str, list[list[str]]] = {}
    for row in labels.active_rows(edition):
        blocks.setdefault(row.block, []).append([f"active.{row.name}.{c}" for c in row.columns])
    out += [row for block in blocks.values() if len(block[0]) > 1 for row in block]
    return out


def _exact_rows(report: Report) -> list[str]:
    """The keys of the rows with one or two blank cells that a full row (of table 三, or of the
    same table 二 block) can be measured against."""
    want = govinfo.facts(report)
    rows = _measured_rows(report)
    out: list[str] = []
    for row in rows:
        if not 0 < sum(want[k] is None for k in row) <= 2:
            continue
        table = (
            [r for r in rows if r[0].startswith("requests.")]
            if row[0].startswith("requests.")
            else _block_of(report, row, rows)
        )
        if any(all(want[k] is not None for k in r) for r in table if r is not row):
            out += row
    return out


def _block_of(report: Report, row: list[str], rows: list[list[str]]) -> list[list[str]]:
    """The rows of ``rows`` in the table 二 block of ``row``."""
    edition = report.meta.edition
    assert edition is not None
    block = {r.block for r in labels.active_rows(edition) if row[0].startswith(f"active.{r.name}.")}
    names = {r.name for r in labels.active_rows(edition) if r.block in block}
    return [r for r in rows if r[0].split(".")[1] in names]


@given(report=reports(none_rate=0.15), data=st.data())
def test_blank_cells_of_a_table_aligned_with_spaces_keep_their_columns(
    report: Report, data: st.DataObject
) -> None:
    """A row whose blank cells are written as nothing but a wider gap has fewer cells than columns:
    where its cells stand against the full rows of its table tells which are blank.  A row with
    one or two blank cells is read exactly; no other value is wrong without a diagnostic."""
    script = data.draw(st.sampled_from(SCRIPTS))
    text = govinfo.render(report, "text", script=script)
    # govinfo writes a blank cell as "/": such a converter writes spaces of its width
    parsed = govinfo.parse(re.sub(r"(?<= )/(?= |$)", " ", text, flags=re.MULTILINE))
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    named = {key for d in parsed.diagnostics for key in d.keys}
    exact = _exact_rows(report)
    assert [key for key in exact if got[key] != want[key]] == []
    assert [key for key in want if got[key] != want[key] and key not in named] == []


# --- real pages and PDFs of the shared corpus, as other converters wrote them -------------------------

CONVERTED = GOLDEN / "converted"
_ENTRIES = json.loads((CONVERTED / "converted.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", _ENTRIES, ids=[e["file"] for e in _ENTRIES])
def test_real_reports_through_other_converters(entry: dict[str, Any]) -> None:
    """A corpus case as another program wrote it (the command is in ``converted.json``): no value
    wrong without a diagnostic naming it, and at least as many keys right as when it was recorded."""
    report = govinfo.parse_file(CONVERTED / entry["file"])
    got: dict[str, object] = dict(govinfo.facts(report))
    named = {key for d in report.diagnostics for key in d.keys}
    gold = load_gold(entry["case"])
    correct, silent = 0, []
    for key, value in gold.items():
        truth = value["true"] if isinstance(value, dict) else value
        if same(truth, got.get(key), key):
            correct += 1
        elif key not in named:
            silent.append(f"{key}: gold={truth!r} got={got.get(key)!r}")
    assert silent == [], f"{entry['file']} ({entry['shape']}): silent: {silent}"
    assert correct >= entry["min_correct"], f"{entry['file']}: {correct} of {len(gold)} keys right"


# --- a row label cut into two cells (pymupdf4llm: a PDF's label cell read as two columns) -----------


@given(report=reports(), data=st.data())
def test_a_label_cut_into_two_cells_is_one_label(report: Report, data: st.DataObject) -> None:
    """``| 四、结转下年度继续办 | 理 | | 0 | …``: the second piece completes the label (or is too long
    to be a note in a value cell, like ``见附件``), so it is label text, not an unreadable cell."""
    lines = govinfo.render(report, "markdown").split("\n")
    start = next(at for at, line in enumerate(lines) if "一、本年新收" in line)
    end = next(at for at, line in enumerate(lines) if "四、结转" in line) + 1
    candidates = []
    for at in range(start, end):
        cells = lines[at].split("|")
        for column in (1, 2):  # (the label columns are 1 to 3: the next one must be a label column)
            if len(cells[column].strip()) > 3 and not cells[column + 1].strip():
                candidates.append((at, column))
                break
    for at, column in data.draw(st.sets(st.sampled_from(candidates), max_size=6)):
        cells = lines[at].split("|")
        label = cells[column].strip()
        cut = data.draw(st.integers(2, len(label) - 1))
        cells[column], cells[column + 1] = f" {label[:cut]} ", f" {label[cut:]} "
        lines[at] = "|".join(cells)
    assert govinfo.facts(govinfo.parse("\n".join(lines))) == govinfo.facts(report)
