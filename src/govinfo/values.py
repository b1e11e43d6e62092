"""Cell values: one cell read as a count, a signed change or an amount (rows: :mod:`govinfo.solve`).

Numbers are exact: an amount keeps every digit written (no rounding to a context's precision), and a
value beyond what a report can hold (:data:`COUNT_MAX`, :data:`AMOUNT_MAX_DIGITS`) is not read.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal, InvalidOperation

# Units a count may carry in its cell (74116人, 3件), and an amount's.
COUNT_UNITS = ("人次", "件", "个", "条", "项", "次", "人", "宗", "份", "家", "户", "起", "篇", "场")
AMOUNT_UNITS = ("万元", "元")
# A cell that holds a value (after width folding): counts, signed changes, amounts with units, 无,
# the "not reported" marks; thousands separators (74,116) and a trailing footnote mark (74116*).
_NUMBER = r"[+\-]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?"
_UNITS = "|".join(AMOUNT_UNITS + COUNT_UNITS)
VALUE_CELL = re.compile(
    rf"^(?:{_NUMBER}(?:{_UNITS})?[*＊※]?|[增减]\d+(?:件|个|项)?|无|/|／|-|－|—|——|－－|&nbsp;)$"
)
NULL_MARKS = frozenset({"/", "／", "-", "－", "—", "——", "－－", "&nbsp;", ""})
COUNT_MAX = 10**12
"""Counts (and changes) at or beyond this are not read: no report counts a trillion of anything."""
COUNT_DIGITS = len(str(COUNT_MAX)) - 1
"""The most digits a count has."""
AMOUNT_MAX_DIGITS = 40
"""Amounts with more significant digits than this are not read."""

Cell = int | Decimal | None

_PLAIN = re.compile(r"[+\-]?[0-9]+(?:\.[0-9]+)?")
_THOUSANDS = re.compile(r"^[+\-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$")
_EXACT = decimal.Context(prec=AMOUNT_MAX_DIGITS + 8, traps=[InvalidOperation, decimal.Inexact])


class BadValue(ValueError):
    """A cell that cannot be read as the value its column needs."""


def read_cell(raw: str, kind: str) -> Cell:
    """Read a cell as ``kind`` (count / change / amount); ``None`` for the not-reported marks."""
    s = raw.strip()
    if s.isdigit() and s.isascii() and len(s) <= COUNT_DIGITS:  # the common case: a plain count
        return Decimal(s) if kind == "amount" else int(s)
    if s in NULL_MARKS:
        return None
    if s == "无":
        return Decimal(0) if kind == "amount" else 0
    sign = 1
    if s[0] in "增减":
        sign = -1 if s[0] == "减" else 1
        s = s[1:]
    s = s.rstrip("*＊※")
    scale = 0
    for unit in AMOUNT_UNITS + COUNT_UNITS:
        if s.endswith(unit):
            if unit == "元":
                scale = -4
            s = s[: -len(unit)]
            break
    if _THOUSANDS.match(s):
        s = s.replace(",", "").replace("，", "")
    if not _PLAIN.fullmatch(s):
        raise BadValue(raw)  # exponents, NaN, Infinity, other digits: not how a report writes a number
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise BadValue(raw) from None
    if not plausible_amount(number):
        raise BadValue(raw)
    if sign < 0:
        number = number.copy_negate()
    if kind == "amount":
        return number.scaleb(scale, _EXACT).normalize(_EXACT) if scale else number
    if number != number.to_integral_value():
        raise BadValue(raw)
    value = int(number)
    if not plausible_count(value) or (value < 0 and kind == "count"):
        raise BadValue(raw)  # a count is never negative: the cell is not read (a diagnostic names it)
    return value


_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """A number in Chinese numerals: ``十二`` → 12, ``两`` → 2, ``三十一`` → 31, ``一百零五`` → 105;
    ``None`` if ``text`` is not one."""
    if not text:
        return None
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # 二三: not a numeral
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def plausible_amount(value: Decimal) -> bool:
    """A finite amount with at most :data:`AMOUNT_MAX_DIGITS` significant digits and no more
    integer or fraction digits than that."""
    if not value.is_finite():
        return False
    digits = value.as_tuple()
    return len(digits.digits) <= AMOUNT_MAX_DIGITS and abs(value.adjusted()) <= AMOUNT_MAX_DIGITS


def plausible_count(value: int) -> bool:
    """A count (or change) below :data:`COUNT_MAX` in size."""
    return abs(value) < COUNT_MAX
