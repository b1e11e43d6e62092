"""The skeleton: govinfo's LALR driver over the shipped table equals Lark's own parser fed every line.

The parser feeds one token per run of repeatable lines (``parser.RUN_TYPES``); that is only
right if, wherever the grammar accepts such a line, it accepts another of the same type next.  And
it runs the table Lark compiled (``grammars/report.lalr.json``) with its own driver, which must
build what Lark's interactive parser builds.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lark import Lark, Token, Tree, UnexpectedInput
from lark.lexer import Lexer

from govinfo import lalr, parser
from govinfo.lexer import Tok

GRAMMAR = resources.files("govinfo").joinpath("grammars/report.lark").read_text(encoding="utf-8")


class _PreLexed(Lexer):
    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Any:  # type: ignore[override]  # pragma: no cover - fed one by one
        return iter(data)


@functools.cache
def _lark() -> Lark:
    """Lark's own parser of the grammar: the reference."""
    return Lark(GRAMMAR, parser="lalr", lexer=_PreLexed, maybe_placeholders=False)


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
    interactive = _lark().parse_interactive(None)
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


def test_the_shipped_table_is_the_grammars() -> None:
    """``python -m govinfo.lalr`` was run after the grammar's last edit (else: run it)."""
    shipped = json.loads(resources.files("govinfo").joinpath("grammars/report.lalr.json").read_text("utf-8"))
    assert shipped["grammar"] == GRAMMAR
    assert lalr.table().grammar == GRAMMAR
    assert "lark" not in type(lalr.table()).__module__


@given(st.lists(st.sampled_from(TYPES), max_size=30))
def test_shipped_table_runs_as_a_fresh_compile(types: list[str]) -> None:
    """Lark numbers its states differently from run to run: the shipped table and one compiled now
    give the same trees."""
    fresh = _fresh_table()
    assert lalr.table().run(tuple(types)) == fresh.run(tuple(types))
    again = lalr.Table(json.loads(fresh.to_json()))
    assert again.run(tuple(types)) == fresh.run(tuple(types))


@functools.cache
def _fresh_table() -> lalr.Table:
    return lalr.Table.from_lark(GRAMMAR)


def test_a_stale_table_is_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    edited = GRAMMAR.replace("other: H_OTHER PROSE*", "other: H_OTHER")
    monkeypatch.setattr(lalr, "_grammar_text", lambda: edited)
    lalr.table.cache_clear()
    try:
        rebuilt = lalr.table()
        assert rebuilt.grammar == edited
        _tree, dropped = rebuilt.run(("H_OTHER", "PROSE"))
        assert dropped == [1]  # the edited grammar has no prose in section 六
    finally:
        lalr.table.cache_clear()


@pytest.mark.parametrize(
    "grammar",
    [
        "start: a\n?a: A B | A\n%declare A B",  # ?rule: inlined when it has one child
        "start: a\na: A -> alias\n%declare A",
        "start: _A\n%declare _A",  # a filtered terminal
    ],
)
def test_lark_features_the_driver_does_not_build_are_refused(grammar: str) -> None:
    with pytest.raises(ValueError, match="driver"):
        lalr.Table.from_lark(grammar)
