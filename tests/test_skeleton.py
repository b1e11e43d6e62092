"""The skeleton grammar fed one token per run of lines equals feeding every line.

The parser gives Lark one token per run of repeatable lines (``parser.RUN_TYPES``); that is only
right if, wherever the grammar accepts such a line, it accepts another of the same type next.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from lark import Token, Tree, UnexpectedInput

from govinfo import parser
from govinfo.lexer import Tok

TYPES = (
    "H_OVERVIEW",
    "H_ACTIVE",
    "H_REQUESTS",
    "H_REVIEW",
    "H_PROBLEMS",
    "H_OTHER",
    "BLOCK",
    "ACTIVE_CELLS",
    "REQUEST_CELLS",
    "REVIEW_CELLS",
    "PROSE",
)


def _per_line(toks: list[Tok]) -> tuple[Any, list[int]]:
    """Feed every line as its own token; returns the tree's shape and the dropped lines."""
    interactive = parser.grammar().parse_interactive(None)
    dropped = []
    for tok in toks:
        if tok.type in interactive.choices():  # type: ignore[no-untyped-call]
            saved = interactive.parser_state.copy(deepcopy_values=True)
            try:
                interactive.feed_token(Token(tok.type, str(tok.line), line=tok.line))
                continue
            except UnexpectedInput:
                interactive.parser_state = saved
        dropped.append(tok.line)
    return _shape(interactive.feed_eof()), dropped  # type: ignore[no-untyped-call]


def _shape(tree: Any) -> Any:
    if isinstance(tree, Tree):
        return (str(tree.data), [_shape(c) for c in tree.children])
    return int(tree)


def _flatten(shape: Any) -> Any:
    """Each section (and block) with its line numbers, in order."""
    name, children = shape
    lines: list[Any] = []
    for child in children:
        lines.append(_flatten(child) if isinstance(child, tuple) else child)
    return name, lines


def _sections_shape(sections: dict[str, Any]) -> Any:
    out = []
    for name, items in sections.items():
        lines: list[Any] = []
        for item in items:
            if isinstance(item, tuple) and item[0] == "block":
                lines.append(("block", [t.line for t in item[1]]))
            else:
                lines.append(item.line)
        out.append((name, lines))
    return ("start", out)


@example(["H_OVERVIEW", "PROSE", "PROSE", "H_OVERVIEW"])  # a refused reduction changed the saved tree
@example(["H_OVERVIEW", "PROSE", "H_OVERVIEW", "PROSE", "H_OVERVIEW"])  # ... in a trial's shared subtree
@given(st.lists(st.sampled_from(TYPES), max_size=40))
def test_runs_equal_lines(types: list[str]) -> None:
    toks = [Tok(t, "x", i + 1) for i, t in enumerate(types)]
    diagnostics: list[Any] = []
    sections = parser.skeleton(toks, diagnostics)
    expected, dropped = _per_line(toks)
    assert _sections_shape(sections) == _flatten(expected)
    assert sorted(d.line for d in diagnostics if d.code == "skeleton.unexpected") == dropped
