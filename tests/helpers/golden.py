"""Golden-file scoring, as ``spec/FACTS.md`` and the team's ``score_facts.py`` score: a key is
*correct* when equal (decimals as numbers; the agency after removing whitespace, either name may
end with the other, the gold may list several names), or *abstained* when the parser gave ``None``
and a diagnostic names the key; anything else is *wrong*.  A gold
``{"true": v, "ambiguous_in_text": true}`` accepts ``v`` or an abstention."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = sorted(p.name[: -len(".facts.json")] for p in GOLDEN.glob("*.facts.json"))
INPUT_SUFFIXES = (".txt", ".html")
TEXT_CASES = [c for c in CASES if (GOLDEN / f"{c}.txt").is_file() and not c.endswith("-dump")]
"""The cases whose input is a report's text with its lines (seeds, PDF text): the ones other tests
write again as HTML, Word or another layout."""


def input_of(case: str) -> Path:
    """The input file of ``case``: the first of :data:`INPUT_SUFFIXES` that exists."""
    for suffix in INPUT_SUFFIXES:
        path = GOLDEN / f"{case}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"{case}.facts.json has no input ({', '.join(INPUT_SUFFIXES)})")


def same(gold: object, got: object, key: str) -> bool:
    """Whether the parser's value ``got`` equals the gold value of ``key``."""
    if key == "meta.agency":
        if isinstance(gold, list):  # several acceptable names
            return any(same(g, got, key) for g in gold)
        if not isinstance(got, str) or not isinstance(gold, str):
            return False
        g, p = "".join(gold.split()), "".join(got.split())
        return bool(p) and (g == p or g.endswith(p) or p.endswith(g))
    if gold is None or got is None:
        return gold is None and got is None
    if isinstance(gold, bool) or isinstance(got, bool):
        return False
    try:
        return Decimal(str(gold)) == Decimal(str(got))
    except InvalidOperation:
        return str(gold) == str(got)


def wrong_keys(gold: dict[str, object], facts: dict[str, object], diagnosed: set[str]) -> list[str]:
    """One line per wrong key: ``key: gold=… got=…``, marked ``(silent)`` when no diagnostic names it."""
    wrong = []
    for key, gold_value in gold.items():
        ambiguous = isinstance(gold_value, dict)
        truth = gold_value["true"] if isinstance(gold_value, dict) else gold_value
        got = facts.get(key)
        # Abstaining is right only where the gold says the text cannot decide: every other key of the
        # shared corpus must come back exactly (the bar is "every key correct").
        abstained = ambiguous and got is None and key in diagnosed
        if same(truth, got, key) or abstained:
            continue
        silent = "" if key in diagnosed else " (silent)"
        wrong.append(f"{key}: gold={truth!r} got={got!r}{silent}{' [ambiguous]' if ambiguous else ''}")
    return wrong


def load_gold(case: str) -> dict[str, object]:
    gold: dict[str, object] = json.loads((GOLDEN / f"{case}.facts.json").read_text(encoding="utf-8"))
    return gold
