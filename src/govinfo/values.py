"""Cell values: one cell read as a count, a signed change or an amount (rows: :mod:`govinfo.solve`)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# A cell that holds a value (after width folding): counts, signed changes, amounts with units, 无,
# and the "not reported" marks.
VALUE_CELL = re.compile(
    r"^(?:[+\-]?\d+(?:\.\d+)?(?:万元|元|件|个|条|项|次)?|[增减]\d+(?:件|个|项)?|无|/|／|-|－|—|——|－－|&nbsp;)$"
)
NULL_MARKS = frozenset({"/", "／", "-", "－", "—", "——", "－－", "&nbsp;", ""})

Cell = int | Decimal | None


class BadValue(ValueError):
    """A cell that cannot be read as the value its column needs."""


def read_cell(raw: str, kind: str) -> Cell:
    """Read a cell as ``kind`` (count / change / amount); ``None`` for the not-reported marks."""
    s = raw.strip()
    if s.isdigit() and s.isascii():  # the common case: a plain count
        return Decimal(s) if kind == "amount" else int(s)
    if s in NULL_MARKS:
        return None
    if s == "无":
        return Decimal(0) if kind == "amount" else 0
    sign = 1
    if s[0] in "增减":
        sign = -1 if s[0] == "减" else 1
        s = s[1:]
    scale = Decimal(1)
    for unit in ("万元", "元", "件", "个", "条", "项", "次"):
        if s.endswith(unit):
            if unit == "元":
                scale = Decimal("0.0001")
            s = s[: -len(unit)]
            break
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise BadValue(raw) from None
    number *= sign
    if kind == "amount":
        value = number * scale
        return value.normalize() if scale != 1 else value
    if number != number.to_integral_value():
        raise BadValue(raw)
    if kind == "count" and number < 0:
        return int(number)  # kept as written; the checks report negative counts
    return int(number)
