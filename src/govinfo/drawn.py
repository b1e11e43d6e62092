"""Tables drawn in text: box characters (text browsers: ``w3m -dump``, ``elinks -dump``) and ASCII
grids (pandoc's grid tables, reStructuredText: ``+----+----+`` rules, ``|`` between cells).

:func:`drawn_tables_as_rows` writes each drawn table as a pipe table with one line per row.  A
rule line (a horizontal stroke, ``├──┼──┤``, ``+----+``) separates rows and is dropped when it holds
nothing else; a vertical or a junction separates cells.  The lines between two rules are one row
whose cells wrapped (a long label, a number pushed down, pandoc's ``\\`` line break): they are
joined cell by cell into the row's first line.  Line numbers are kept: the lines joined into a
row's first line become empty.
"""

from __future__ import annotations

import re

_BOX = re.compile(r"[\u2500-\u257f]")
_BOX_STROKE = re.compile(r"[─━┄┅┈┉╌╍═╴╶╸╺╼╾]")
# An ASCII rule: ``+`` junctions with runs of ``-``, ``=`` or ``:`` between them.
_ASCII_RULE = re.compile(r"\+(?:[-=:]{2,}\+)+")
_ASCII_HINTS = ("+--", "+==", "+:-", "+:=")
_ASCII_STROKE = re.compile(r"[-=:]")


def has_box_tables(text: str) -> bool:
    """Whether ``text`` has a box-drawn table (one of the verticals: cheap ``in`` tests)."""
    return "│" in text or "┃" in text or "║" in text


def has_ascii_grids(text: str) -> bool:
    """Whether ``text`` may have an ASCII grid table (a rule's start)."""
    return "+" in text and any(hint in text for hint in _ASCII_HINTS) and _ASCII_RULE.search(text) is not None


def drawn_tables_as_rows(text: str) -> str:
    """``text`` with its drawn tables written as pipe tables, a row to a line (see the module)."""
    lines = text.split("\n")
    block: list[int] = []  # the lines of the row being read: no rule between them
    in_grid = False  # inside an ASCII grid: after a rule, only cell lines since
    for at, line in enumerate(lines):
        if _BOX.search(line) is not None:
            if _BOX_STROKE.search(line) is not None:
                _join(lines, block)
                lines[at] = _rule(_BOX.sub(_box_char, line))
            else:
                lines[at] = _BOX.sub("|", line)
                block.append(at)
            continue
        if "+" in line and _ASCII_RULE.search(line) is not None:
            _join(lines, block)
            in_grid = True
            lines[at] = _rule(_ASCII_RULE.sub(_ascii_rule, line))
            continue
        if in_grid and line.lstrip().startswith("|"):
            block.append(at)
            continue
        _join(lines, block)
        in_grid = False
    _join(lines, block)
    return "\n".join(lines)


def _box_char(match: re.Match[str]) -> str:
    return " " if _BOX_STROKE.match(match.group()) else "|"


def _ascii_rule(match: re.Match[str]) -> str:
    return _ASCII_STROKE.sub(" ", match.group()).replace("+", "|")


def _rule(line: str) -> str:
    """A rule line once its strokes are spaces: empty if nothing but separators is left."""
    return line if line.replace("|", "").strip() else ""


def _join(lines: list[str], block: list[int]) -> None:
    """Join the lines ``block`` of one row cell by cell into its first line (when every line has
    the same cells; otherwise they stay as they are)."""
    if len(block) > 1:
        rows = [lines[at].split("|") for at in block]
        if len({len(cells) for cells in rows}) == 1:
            joined = ["".join(_piece(p) for p in column) for column in zip(*rows, strict=True)]
            lines[block[0]] = " | ".join(joined).strip()
            for at in block[1:]:
                lines[at] = ""
    block.clear()


def _piece(text: str) -> str:
    """One line of a wrapped cell: trimmed, without pandoc's line-break backslash."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith("\\") else text


__all__ = ["drawn_tables_as_rows", "has_ascii_grids", "has_box_tables"]
