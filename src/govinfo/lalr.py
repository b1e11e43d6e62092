"""The report skeleton's LALR table, compiled by Lark from ``grammars/report.lark``, and a small
driver that runs it.

Lark compiles the grammar; the table it builds ships as ``grammars/report.lalr.json`` (written by
``python -m govinfo.lalr``; a test fails when it is stale), so that a process reads a report
without importing Lark or building the grammar.  If the shipped table is not the grammar's (the
grammar text it was built from differs: the grammar was edited, the table not rebuilt), the table
is built with Lark in the process instead.

The driver does what :mod:`govinfo.parser` asked of Lark's interactive parser: feed each line
type in turn, drop a type the table has no place for (tried on a copy of the state stack first,
as Lark's ``accepts()`` does), and build the tree the way Lark shapes it — a rule whose name
starts with ``_`` is inlined into its parent.
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any, NamedTuple

from ._data import read_data, write_data

__all__ = ["Node", "Table", "table"]

_GRAMMAR = "grammars/report.lark"
_TABLE = "grammars/report.lalr.json"
_END = "$END"
_SHIFT, _REDUCE = 0, 1


class Node(NamedTuple):
    """A rule's subtree: its name and children (subtrees, or the indexes of the tokens fed)."""

    name: str
    children: list[Node | int]


class _Inline(NamedTuple):
    """The children of an inlined rule (``_name``), spliced into the parent when it is built."""

    children: list[Node | int]


_Value = Node | _Inline | int


class Refused(Exception):
    """A token the table has no action for."""


class Table:
    """An LALR(1) table: per state, the action on each symbol; each rule's name and length."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.grammar: str = data["grammar"]
        self.start: int = data["start"]
        self.end: int = data["end"]
        self.rules: list[tuple[str, int]] = [(name, size) for name, size in data["rules"]]
        self.states: list[dict[str, tuple[int, int]]] = [
            {symbol: (kind, arg) for symbol, (kind, arg) in actions.items()} for actions in data["states"]
        ]

    # --- building ---------------------------------------------------------------------------------

    @classmethod
    def from_lark(cls, grammar_text: str) -> Table:
        """Compile ``grammar_text`` with Lark (imported here, only here)."""
        return cls(_compile(grammar_text))

    def to_json(self) -> str:
        data = {
            "grammar": self.grammar,
            "start": self.start,
            "end": self.end,
            "rules": [list(rule) for rule in self.rules],
            "states": [{s: list(a) for s, a in sorted(actions.items())} for actions in self.states],
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"

    # --- running ----------------------------------------------------------------------------------

    def accepts(self, stack: list[int], symbol: str) -> bool:
        """Whether feeding ``symbol`` on ``stack`` would be taken (the stack is not changed)."""
        if symbol not in self.states[stack[-1]]:
            return False  # (the common refusal, without copying the stack)
        trial = list(stack)
        while True:
            action = self.states[trial[-1]].get(symbol)
            if action is None:
                return False
            kind, arg = action
            if kind == _SHIFT:
                return True
            name, size = self.rules[arg]
            if size:
                del trial[-size:]
            trial.append(self.states[trial[-1]][name][1])
            if symbol == _END and trial[-1] == self.end:
                return True

    def feed(
        self, stack: list[int], values: list[Node | _Inline | int], symbol: str, value: int
    ) -> Node | None:
        """Feed one symbol: reduce as the table says, then shift it (or, at the end, return the
        tree).  Raises :class:`Refused` when there is no action for it."""
        while True:
            action = self.states[stack[-1]].get(symbol)
            if action is None:
                raise Refused(symbol)
            kind, arg = action
            if kind == _SHIFT:
                stack.append(arg)
                values.append(value)
                return None
            name, size = self.rules[arg]
            popped = values[-size:] if size else []
            if size:
                del stack[-size:]
                del values[-size:]
            children: list[Node | int] = []
            for item in popped:
                if isinstance(item, _Inline):
                    children.extend(item.children)
                else:
                    children.append(item)
            values.append(_Inline(children) if name.startswith("_") else Node(name, children))
            stack.append(self.states[stack[-1]][name][1])
            if symbol == _END and stack[-1] == self.end:
                tree = values[-1]
                assert isinstance(tree, Node)
                return tree

    def run(self, symbols: tuple[str, ...]) -> tuple[Node, list[int]]:
        """Feed each symbol in turn, dropping those not taken; the tree (tokens are the symbols'
        indexes) and the indexes dropped."""
        stack = [self.start]
        values: list[_Value] = []
        dropped = []
        for index, symbol in enumerate(symbols):
            if self.accepts(stack, symbol):
                self.feed(stack, values, symbol, index)
            else:
                dropped.append(index)
        tree = self.feed(stack, values, _END, -1)
        assert tree is not None
        return tree, dropped


def _grammar_text() -> str:
    return read_data(_GRAMMAR)


def _compile(grammar_text: str) -> dict[str, Any]:
    """The table Lark builds for ``grammar_text``, as plain data."""
    from lark import Lark
    from lark.lexer import Lexer

    class PreLexed(Lexer):  # the tokens come from govinfo.lexer: Lark's lexer is never run
        def __init__(self, lexer_conf: Any) -> None:
            pass

        def lex(self, data: Any) -> Any:  # type: ignore[override]  # pragma: no cover - never called
            return iter(data)

    lark = Lark(grammar_text, parser="lalr", maybe_placeholders=False, lexer=PreLexed)
    parse_table = lark.parser.parser.parser.parse_table
    rules: list[Any] = []
    index: dict[int, int] = {}
    states: list[dict[str, list[int]]] = [{} for _ in parse_table.states]
    for state, actions in parse_table.states.items():
        for symbol, (action, arg) in actions.items():
            if action.name == "Shift":
                states[state][symbol] = [_SHIFT, arg]
                continue
            if id(arg) not in index:
                options = arg.options
                if arg.alias or options.expand1 or options.keep_all_tokens:
                    raise ValueError(f"rule {arg} uses a Lark feature the driver does not build")
                index[id(arg)] = len(rules)
                rules.append([arg.origin.name, len(arg.expansion)])
            states[state][symbol] = [_REDUCE, index[id(arg)]]
    names = {name for name, _ in rules} | {r.origin.name for r in lark.rules}
    terminals = {symbol for actions in states for symbol in actions} - names
    if any(name.startswith("_") for name in terminals):
        raise ValueError("a filtered terminal (_NAME): the driver keeps every token")
    return {
        "grammar": grammar_text,
        "start": parse_table.start_states["start"],
        "end": parse_table.end_states["start"],
        "rules": rules,
        "states": states,
    }


@functools.cache
def table() -> Table:
    """The skeleton's table: the shipped one, or built with Lark when it is not the grammar's."""
    text = _grammar_text()
    try:
        data = json.loads(read_data(_TABLE))
    except (OSError, ValueError):
        data = None
    if data is None or data.get("grammar") != text:
        return Table.from_lark(text)
    return Table(data)


def main() -> int:
    """Write the table of the packaged grammar to ``grammars/report.lalr.json``."""
    print(f"wrote {write_data(_TABLE, Table.from_lark(_grammar_text()).to_json())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
