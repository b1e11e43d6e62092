"""Row solving: glued digit runs cut into cells by the row's arithmetic, bounded, never guessed."""

from __future__ import annotations

import itertools
import time
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from govinfo import solve as solve_module
from govinfo.solve import MAX_RUN_DIGITS, Sink, SumGroups, fill_row, glued_cells, solve
from govinfo.values import COUNT_DIGITS

REQUEST_ROW = SumGroups((tuple(range(7)),))
REVIEW_ROW = SumGroups(tuple(tuple(range(i, i + 5)) for i in (0, 5, 10)))
REVIEW_KEYS = [f"k{i}" for i in range(15)]


@st.composite
def consistent_row(draw: st.DrawFn, parts: int, groups: int, high: int) -> list[int]:
    """``groups`` groups of ``parts`` numbers followed by their sum."""
    row: list[int] = []
    for _ in range(groups):
        values = draw(st.lists(st.integers(0, high), min_size=parts, max_size=parts))
        row.extend([*values, sum(values)])
    return row


def _agrees(row: list[int], got: tuple[object, ...]) -> bool:
    return all(value is None or value == truth for truth, value in zip(row, got, strict=True))


@given(row=consistent_row(6, 1, 200))
def test_a_glued_request_row_gives_true_cells_or_none(row: list[int]) -> None:
    outcome = solve(("".join(map(str, row)),), 7, REQUEST_ROW)
    assert outcome.row is not None  # the true reading always fits
    assert _agrees(row, outcome.row), (row, outcome)
    assert set(outcome.unknown) == {i for i, v in enumerate(outcome.row) if v is None}


@given(row=consistent_row(4, 3, 40))
def test_a_glued_review_row_gives_true_cells_or_none(row: list[int]) -> None:
    outcome = solve(("".join(map(str, row)),), 15, REVIEW_ROW)
    if outcome.how == "capped":
        assert outcome.row is None
        return
    assert outcome.row is not None
    assert _agrees(row, outcome.row), (row, outcome)


@given(row=consistent_row(6, 1, 30), cuts=st.sets(st.integers(1, 6), max_size=4))
def test_runs_split_at_spaces_are_read_the_same(row: list[int], cuts: set[int]) -> None:
    """Blank-separated pieces of a run (``0 0 00 0 0 0``: a space between some cells) are runs
    of their own."""
    bounds = [0, *sorted(cuts), 7]
    pieces = ["".join(map(str, row[a:b])) for a, b in itertools.pairwise(bounds)]
    tokens = tuple(p if len(p) > 1 else int(p) for p in pieces)
    outcome = solve(tokens, 7, REQUEST_ROW)
    assert outcome.row is not None
    assert _agrees(row, outcome.row)


def test_a_unique_split_is_taken_without_arithmetic() -> None:
    assert solve(("001",), 3, None).row == (0, 0, 1)
    assert solve(("178810055",), 2, None).row == (None, None)  # six readings: not read


def test_two_readings_that_both_fit_leave_their_cells_open() -> None:
    # 11|0|0|0|0|0|11 and 1|10|0|0|0|0|11
    outcome = solve(("110000011",), 7, REQUEST_ROW)
    assert outcome.row == (None, None, 0, 0, 0, 0, 11)
    assert outcome.unknown == (0, 1)


def test_a_row_that_breaks_its_arithmetic_is_read_when_its_digits_decide() -> None:
    # 1|2|3|4|5|6|7 is the only cut into seven cells; 1+…+6 ≠ 7 as printed
    assert solve(("1234567",), 7, REQUEST_ROW).row == (1, 2, 3, 4, 5, 6, 7)


def test_the_search_is_bounded_and_says_so() -> None:
    # the 90-digit table 四 line of the reliability probe (once 30 s and 4 GB): quick, not read
    sink = Sink()
    start = time.perf_counter()
    fill_row(sink, REVIEW_KEYS, ["count"] * 15, ["123456789" * 10], 3, REVIEW_ROW, "table 四")
    assert time.perf_counter() - start < 2.0
    assert all(sink.values[k] is None for k in REVIEW_KEYS)
    assert [list(d.keys) for d in sink.diagnostics] == [REVIEW_KEYS]
    # a search that reaches its bound says so
    cells, capped = glued_cells(("123456789" * 4,), 15, None, 50)
    assert capped and cells is None


def test_a_piece_longer_than_a_count_is_not_a_cell() -> None:
    # 24 digits in two cells: only 12 | 12 (a count has at most 12 digits); 25 digits: none
    assert solve(("1" * 12 + "2" * 12,), 2, None).row == (111111111111, 222222222222)
    assert solve(("1" * 12 + "2" * 13,), 2, None).row in (None, (None, None))


def test_a_run_too_long_to_search_is_not_split() -> None:
    cells, capped = glued_cells(("1" * (MAX_RUN_DIGITS + 1),), 15, REVIEW_ROW)
    assert cells is None and capped


def test_glued_cells_are_named_by_diagnostics() -> None:
    sink = Sink()
    keys = [f"r.{c}" for c in "abcdefg"]
    fill_row(sink, keys, ["count"] * 7, ["110000011"], 5, REQUEST_ROW, "row")
    assert sink.values == dict(zip(keys, (None, None, 0, 0, 0, 0, 11), strict=True))
    named = {code: set(d.keys) for d in sink.diagnostics for code in [d.code]}
    assert named["row.glued_digits"] == {"r.a", "r.b"}
    assert named["row.glued_digits_resolved"] == set(keys[2:])


@given(row=consistent_row(6, 1, 50), blank=st.integers(0, 6))
def test_a_blank_cell_the_arithmetic_forces_is_named_and_stays_blank(row: list[int], blank: int) -> None:
    sink = Sink()
    keys = [f"r.{c}" for c in "abcdefg"]
    cells = [str(v) for v in row]
    cells[blank] = ""
    fill_row(sink, keys, ["count"] * 7, cells, 9, REQUEST_ROW, "row")
    assert sink.values[keys[blank]] is None
    assert all(sink.values[k] == v for i, (k, v) in enumerate(zip(keys, row, strict=True)) if i != blank)
    [forced] = [d for d in sink.diagnostics if d.code == "cell.blank_forced"]
    assert forced.keys == (keys[blank],)
    assert f"gives {row[blank]};" in forced.message


def test_cached_rows_keep_the_cells_as_written() -> None:
    """Equal numbers written differently are different cells: the row cache does not mix them up
    (``Decimal("0.10") == Decimal("0.1")`` and ``Decimal(1) == 1``)."""
    assert str(solve((Decimal("0.1"), 3), 2, None).row[0]) == "0.1"  # type: ignore[index]
    assert str(solve((Decimal("0.10"), 3), 2, None).row[0]) == "0.10"  # type: ignore[index]
    assert type(solve((1, 3), 2, None).row[0]) is int  # type: ignore[index]
    assert type(solve((Decimal(1), 3), 2, None).row[0]) is Decimal  # type: ignore[index]


@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789", max_size=14),
            st.text(alphabet="0１²٣\x00 .-a", max_size=3),
        ),
        max_size=8,
    ),
    st.integers(0, 8),
)
def test_plain_row_is_the_plain_test(cells: list[str], width: int) -> None:
    """fill_row's one-pattern test for a row of plain counts is the test cell by cell."""
    digits = "".join(cells)
    plain = (
        len(cells) == width
        and all(cells)
        and digits.isdigit()
        and digits.isascii()
        and (len(digits) <= COUNT_DIGITS or max(map(len, cells)) <= COUNT_DIGITS)
    )
    fast = len(cells) == width and solve_module._plain_row(width).fullmatch("\0".join(cells)) is not None
    assert fast == plain
