"""Blank cells of a table aligned with spaces, told by where a short row's cells stand
(``govinfo.columns``)."""

from __future__ import annotations

import re

from govinfo.columns import blank_columns

# pdftotext -layout places characters by their position on the page: a Chinese character is one
# character wide, and the numbers of one page line up by characters (not by display columns).
PDFTOTEXT_FULL = "          （七）总计                  1       0   0   0     0       0   1"
PDFTOTEXT_SHORT = "  四、结转下年度继续办理                    0           0   0     0       0   0"

# A text browser lines cells up by display columns (a Chinese character takes two).
BROWSER_FULL = "规范性文件        22        30        41"
BROWSER_SHORT = "规章                        2        17"


def test_a_blank_cell_of_a_page_laid_out_by_characters() -> None:
    assert blank_columns(PDFTOTEXT_SHORT, 6, [PDFTOTEXT_FULL], 7) == (1,)


def test_a_blank_cell_of_a_page_laid_out_by_display_columns() -> None:
    assert blank_columns(BROWSER_SHORT, 2, [BROWSER_FULL], 3) == (0,)


def _blanked(line: str, columns: set[int]) -> str:
    """``line`` with its value cells at ``columns`` (of its last 7) written as spaces."""
    tokens = list(re.finditer(r"\S+", line))[-7:]
    chars = list(line)
    for column in columns:
        start, end = tokens[column].span()
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def test_blank_cells_anywhere_and_no_more_than_two() -> None:
    full = [PDFTOTEXT_FULL]
    for columns in ({0}, {3}, {6}, {1, 4}, {0, 6}, {5, 6}):
        short = _blanked(PDFTOTEXT_FULL, columns)
        assert blank_columns(short, 7 - len(columns), full, 7) == tuple(sorted(columns))
    assert blank_columns(_blanked(PDFTOTEXT_FULL, {1, 2, 3}), 4, full, 7) is None  # (more than two)


def test_a_value_glued_to_the_label_is_not_a_blank_cell() -> None:
    """``…禁止公开�0    0   0`` (a converter that cut a character in two): the first value is glued to
    the label, so its column is not blank (the row's arithmetic may still read it)."""
    first = list(re.finditer(r"\S+", PDFTOTEXT_FULL))[-7]
    label = "  四、结转下年度继续办理"
    glued = label + "理" * (first.start() - len(label)) + PDFTOTEXT_FULL[first.start() :]
    assert len(glued) == len(PDFTOTEXT_FULL)  # (every value where it was, the first glued to the label)
    assert blank_columns(glued, 6, [PDFTOTEXT_FULL], 7) is None
    spaced = label + " " * (first.start() - len(label)) + " " + PDFTOTEXT_FULL[first.end() :]
    assert blank_columns(spaced, 6, [PDFTOTEXT_FULL], 7) == (0,)


def test_cells_between_two_columns_tell_nothing() -> None:
    """A cell standing between two columns (not within the tolerance of either) is not placed."""
    between = "  四、结转下年度继续办理                 0              0   0     0       0   0"
    assert blank_columns(between, 6, [PDFTOTEXT_FULL], 7) is None


def test_a_full_row_not_lined_up_with_the_nearest_is_not_asked() -> None:
    """A full row laid out otherwise (another page) is left out, whatever it would tell."""
    other_page = "      （七）总计      1           0   0     0       0       0   1"
    assert blank_columns(PDFTOTEXT_SHORT, 6, [PDFTOTEXT_FULL, other_page], 7) == (1,)


def test_a_row_with_all_its_cells_or_none_is_not_measured() -> None:
    assert blank_columns(PDFTOTEXT_FULL, 7, [PDFTOTEXT_FULL], 7) is None
    assert blank_columns(PDFTOTEXT_SHORT, 6, [], 7) is None
