"""Generated reports (all numbers different) in the shapes other converters and crawlers give a
report's page (``helpers/converters.py``) parse back: exactly, where the shape keeps every value;
never silently wrong, where it does not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.model import Report
from govinfo.normalize import box_to_pipes
from helpers.converters import box_drawn
from helpers.strategies import reports

SCRIPTS = ("simplified", "traditional")


@pytest.mark.parametrize("script", SCRIPTS)
@given(report=reports(), data=st.data())
def test_box_drawn_tables_parse_back(script: str, report: Report, data: st.DataObject) -> None:
    """Tables drawn with box characters, cells wrapped over several lines (w3m, elinks)."""
    text = data.draw(box_drawn(govinfo.render(report, "markdown", script=script)))
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
    lines = box_to_pipes(text).split("\n")
    assert lines == ["前言", "", "| 一、本年新收 | 12 |", "", "", "|二、上年|3 |", "", "后记   完"]


def test_a_row_whose_lines_differ_in_cells_is_not_joined() -> None:
    text = "│a│b│\n│c│"
    assert box_to_pipes(text) == "|a|b|\n|c|"
