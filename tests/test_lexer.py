"""The lexer: value-only lines join the table line they belong to, as ``tables.gather`` would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govinfo import lexer, tables
from govinfo.normalize import normalize_text

HEAD = "二、主动公开政府信息情况\n第二十条第（一）项\n"
REQUESTS = "三、收到和处理政府信息公开申请情况\n本列数据的勾稽关系\n"


def _cells(text: str, kind: str) -> list[lexer.Cells]:
    return [t.value for t in lexer.tokens(normalize_text(text)) if t.type == kind]


def test_one_cell_per_line_values_join_their_label() -> None:
    cells = _cells(HEAD + "规章\n\n12\n\n3\n\n45\n规范性文件\n6\n7\n8\n", "ACTIVE_CELLS")
    assert [(c.line, c.text, c.values) for c in cells] == [
        (3, "规章", ("12", "3", "45")),
        (10, "规范性文件", ("6", "7", "8")),
    ]
    assert cells[0].raw == "规章 12 3 45"


def test_tab_indented_single_cells_keep_their_empty_cells() -> None:
    cells = _cells(HEAD + "\t规章\n\t12\n\t3\n", "ACTIVE_CELLS")
    assert [(c.text, c.values) for c in cells] == [("规章", ("", "12", "", "3"))]


def test_a_line_with_its_own_values_takes_no_more() -> None:
    """Value lines after a complete row start a row of their own, as in ``tables.gather``."""
    cells = _cells(HEAD + "规章 1 2 3\n4\n5\n", "ACTIVE_CELLS")
    assert [(c.text, c.values) for c in cells] == [("规章", ("1", "2", "3")), ("", ("4", "5"))]


def test_a_full_row_of_values_is_not_joined() -> None:
    cells = _cells(REQUESTS + "（一）予以公开\n1 2 3 4 5 6 7 28\n", "REQUEST_CELLS")
    assert [(c.text, c.values) for c in cells][-2:] == [
        ("一予以公开", ()),
        ("", ("1", "2", "3", "4", "5", "6", "7", "28")),
    ]


def test_headings_and_block_titles_end_a_row() -> None:
    text = HEAD + "规章\n1\n第二十条第（五）项\n2\n"
    toks = lexer.tokens(normalize_text(text))
    assert [(t.type, t.value.values if isinstance(t.value, lexer.Cells) else t.value) for t in toks][2:] == [
        ("ACTIVE_CELLS", ("1",)),
        ("BLOCK", "第二十条第（五）项"),
        ("ACTIVE_CELLS", ("2",)),
    ]


LABELS = st.sampled_from(["规章", "规范性文件", "行政许可", "行政处罚", "其他对外管理服务事项"])
VALUE = st.integers(min_value=0, max_value=99_999).map(str)
LINE = st.one_of(
    LABELS,
    VALUE,
    st.tuples(LABELS, st.lists(VALUE, min_size=1, max_size=4)).map(lambda lv: " ".join([lv[0], *lv[1]])),
    st.lists(VALUE, min_size=2, max_size=5).map(" ".join),
    st.lists(VALUE, min_size=1, max_size=3).map(lambda vs: "\t" + "\t".join(vs)),
)


@given(st.lists(LINE, max_size=30))
def test_joining_in_the_lexer_is_what_gather_would_do(lines: list[str]) -> None:
    """Lexing line by line and gathering afterwards gives the rows the lexer joins itself."""
    text = HEAD + "\n".join(lines)
    joined = tables.gather(_cells(text, "ACTIVE_CELLS"), 4)
    one_by_one = [
        lexer.Cells(number, raw, *lexer.read_cells(raw))
        for number, raw in normalize_text(text)[2:]
        if raw.strip()
    ]
    expected = tables.gather(one_by_one, 4)
    assert [(c.line, c.text, c.values) for c in joined] == [(c.line, c.text, c.values) for c in expected]
