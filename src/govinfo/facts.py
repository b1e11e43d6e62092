"""The fact vocabulary: flat, stable keys for every table cell (``data/facts.tsv``).

``facts(report)`` flattens a report to ``{key: value}``; ``from_facts(mapping)`` is its inverse.
Keys are attribute paths in the model, so the vocabulary and the model are checked against
each other (``tests/test_facts.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import attrs

from ._data import read_data
from .exceptions import SchemaError
from .layout import value_text
from .model import (
    EDITIONS,
    STATED_KINDS,
    TABLE_CLASSES,
    Edition,
    Meta,
    Report,
    ReviewLitigation,
    StatedFigure,
    StatedKind,
    StatedValue,
    cell_fields,
    check_edition,
)
from .values import plausible_amount, plausible_count

FactValue = int | Decimal | str | None
"""A fact's value (``stated.fees.charged`` is a ``bool``, which is an ``int``)."""
CellValue = int | Decimal | None
"""The value of a table cell: a count or change (``int``), an amount (``Decimal``), or not reported."""
META_KEYS = ("meta.agency", "meta.year", "meta.edition")


@attrs.frozen(kw_only=True)
class FactSpec:
    """One line of ``facts.tsv``: a key and where its cell sits in the official format."""

    key: str
    edition: str
    block: str
    row_label: str
    column_label: str
    type: str


@functools.cache
def vocabulary() -> tuple[FactSpec, ...]:
    """Every line of the packaged ``facts.tsv``, in file order."""
    text = read_data("data/facts.tsv")
    lines = text.splitlines()
    header = lines[0].split("\t")
    specs = []
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = line.split("\t") + [""] * len(header)
        specs.append(FactSpec(**dict(zip(header, cells[: len(header)], strict=True))))
    return tuple(specs)


@functools.cache
def fact_keys(edition: Edition) -> tuple[str, ...]:
    """The keys of ``facts.tsv`` that a report of ``edition`` has, ``meta.*`` included; raises
    :class:`SchemaError` for an edition other than ``"2019"`` and ``"2021"``."""
    check_edition(edition)
    return tuple(s.key for s in vocabulary() if s.edition in ("both", edition))


def _with_hint(key: str, known: Iterable[str]) -> str:
    """``key``, with the nearest known key as a "did you mean" when one is close."""
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return f"{key} (did you mean {close[0]}?)" if close else key


def walk_fields(cls: type[Any], prefix: str) -> Iterator[tuple[str, attrs.Attribute[Any]]]:
    """Yield ``(key, attribute)`` for every value field below the attrs class ``cls``."""
    for cell in cell_fields(cls, prefix):
        yield cell.key, cell.attribute


@functools.cache
def table_fields(edition: Edition) -> tuple[tuple[str, attrs.Attribute[Any]], ...]:
    """``(key, attribute)`` for every table cell of ``edition``, in model order."""
    active_cls, requests_cls = TABLE_CLASSES[edition]
    return (
        *walk_fields(active_cls, "active"),
        *walk_fields(requests_cls, "requests"),
        *walk_fields(ReviewLitigation, "review_litigation"),
    )


@functools.cache
def _cells_of(edition: Edition) -> tuple[tuple[str, ...], Callable[[Report], tuple[CellValue, ...]]]:
    """The table keys of ``edition``, and a function reading those cells of a report in that order
    (generated once: one attribute path per key, as ``report.requests.new.total``)."""
    keys = tuple(key for key, _attribute in table_fields(edition))
    body = ", ".join(f"report.{key}" for key in keys)
    return keys, _compile(f"lambda report: ({body},)", {})


def _compile(source: str, namespace: dict[str, Any]) -> Any:
    """Evaluate generated ``source`` (an expression) in ``namespace``."""
    return eval(compile(source, "<govinfo.facts generated>", "eval"), namespace)


def facts(report: Report) -> dict[str, FactValue]:
    """Flatten ``report`` to the fact vocabulary: ``meta.*``, every cell of its edition and the
    figures its text states (``stated.*``)."""
    meta = report.meta
    out: dict[str, FactValue] = {
        "meta.agency": meta.agency,
        "meta.year": meta.year,
        "meta.edition": meta.edition,
    }
    if meta.edition is not None:
        keys, cells = _cells_of(meta.edition)
        out.update(zip(keys, cells(report), strict=True))
    out.update(stated_facts(report))
    return out


STATED_KEYS: tuple[str, ...] = tuple(f"stated.{kind}" for kind in STATED_KINDS)
"""The fact keys of the stated figures (``docs/stated.md``), after the table keys."""
_STATED_UNITS = {"fees.amount": "元", "fees.charged": None, "active.published": "条"}


def stated_facts(report: Report) -> dict[str, FactValue | bool]:
    """``stated.<kind>`` for every kind: the value the text states, ``None`` when it states none
    or states two different values (the parser names the key in a ``stated.conflict`` diagnostic)."""
    values: dict[str, list[StatedValue]] = {}
    for figure in report.stated:
        values.setdefault(figure.kind, []).append(figure.value)
    out: dict[str, FactValue | bool] = {}
    for kind, key in zip(STATED_KINDS, STATED_KEYS, strict=True):
        stated = values.get(kind, [])
        same = stated and all(type(v) is type(stated[0]) and v == stated[0] for v in stated)
        out[key] = stated[0] if same else None
    return out


def _stated_figures(mapping: Mapping[str, Any]) -> tuple[StatedFigure, ...]:
    """The stated figures of ``stated.*`` facts (without their lines and sentences)."""
    out = []
    for kind, key in zip(STATED_KINDS, STATED_KEYS, strict=True):
        raw = mapping.get(key)
        if raw is None:
            continue
        if kind == "fees.charged":
            if not isinstance(raw, bool):
                raise SchemaError(f"{key}: true or false, got {raw!r}", [key])
            value: StatedValue = raw
        else:
            checked = _value(key, "amount" if kind == "fees.amount" else "count", raw)
            assert isinstance(checked, (int, Decimal))
            value = checked
        unit = _STATED_UNITS.get(kind, "件")
        out.append(StatedFigure(kind=cast(StatedKind, kind), value=value, unit=unit))
    return tuple(out)


JsonFactValue = int | str | None
"""A fact value as JSON holds it: counts as numbers, amounts as plain-notation decimal strings."""


def json_value(value: object) -> object:
    """A value as JSON holds it: a decimal as a plain-notation string (``"39.11"``, never
    ``"3.911E+1"``), anything else unchanged."""
    return value_text(value) if isinstance(value, Decimal) else value


def json_facts(report: Report) -> dict[str, JsonFactValue]:
    """:func:`facts` ready for ``json.dumps``, each value as :func:`json_value` writes it, exactly
    as ``govinfo facts`` does."""
    return {key: cast(JsonFactValue, json_value(v)) for key, v in facts(report).items()}


def table_values(report: Report) -> tuple[CellValue, ...]:
    """The table cells of ``report``, in the order of :func:`table_fields` of its edition (``()``
    for a report without an edition)."""
    edition = report.meta.edition
    return () if edition is None else _cells_of(edition)[1](report)


def _value(key: str, kind: str, raw: Any) -> FactValue:
    if raw is None:
        return None
    if kind == "amount":
        if isinstance(raw, bool) or not isinstance(raw, (int, str, Decimal)):
            raise SchemaError(f"{key}: an amount must be a decimal string, got {raw!r}", [key])
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise SchemaError(f"{key}: not a decimal: {raw!r}", [key]) from None
        if not plausible_amount(value):
            raise SchemaError(f"{key}: not a finite decimal of plausible size: {raw!r}", [key])
        return value
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise SchemaError(f"{key}: a count must be an int, got {raw!r}", [key])
    if not plausible_count(raw):
        raise SchemaError(f"{key}: a count of implausible size ({raw.bit_length()} bits)", [key])
    if raw < 0 and kind == "count":
        raise SchemaError(f"{key}: a count cannot be negative, got {raw}", [key])
    return raw


@functools.cache
def _plan(cls: Any, prefix: str) -> tuple[tuple[str, str, str | None, Any], ...]:
    """Per attribute of ``cls``: its name, fact key, value kind, or the class of its sub-table."""
    plan = []
    for attribute in attrs.fields(cls):
        kind = attribute.metadata.get("kind")
        sub: Any = None if kind is not None else attribute.default.factory
        plan.append((attribute.name, f"{prefix}.{attribute.name}", kind, sub))
    return tuple(plan)


def build_table(cls: Any, prefix: str, values: Mapping[str, Any], *, checked: bool = True) -> Any:
    """Build the table (or sub-table) ``cls`` whose fact keys start with ``prefix`` from ``values``.

    With ``checked`` (the default) values are checked as :func:`from_facts` checks them (counts
    int, amounts Decimal); the parser, whose values are typed already, passes ``checked=False``.
    """
    if not checked:
        return _builder(cls, prefix)(values.get)
    kwargs: dict[str, Any] = {}
    get = values.get
    for name, key, kind, sub in _plan(cls, prefix):
        if kind is None:
            kwargs[name] = build_table(sub, key, values, checked=checked)
        elif checked:
            kwargs[name] = _value(key, kind, get(key))
        else:
            kwargs[name] = get(key)
    return cls(**kwargs)


@functools.cache
def _builder(cls: Any, prefix: str) -> Callable[[Callable[[str], Any]], Any]:
    """A function building ``cls`` from ``get(key)`` without checks (generated once per table:
    nested constructor calls, as ``C0(new=C1(natural_person=get('requests.new.natural_person'), …)…)``)."""
    namespace: dict[str, Any] = {}

    def call(cls: Any, prefix: str) -> str:
        name = f"C{len(namespace)}"
        namespace[name] = cls
        arguments = []
        for name_, key, kind, sub in _plan(cls, prefix):
            arguments.append(f"{name_}={call(sub, key) if kind is None else f'get({key!r})'}")
        return f"{name}({', '.join(arguments)})"

    return _compile(f"lambda get: {call(cls, prefix)}", namespace)  # type: ignore[no-any-return]


def from_facts(mapping: Mapping[str, Any]) -> Report:
    """Build a report from facts (the inverse of :func:`facts`).

    ``meta.edition`` decides the tables; keys of the edition that are absent are ``None``.
    Unknown keys, or keys of the other edition, raise :class:`SchemaError`.  Amounts may be
    given as ``Decimal``, ``int`` or decimal strings; counts must be ints.
    """
    edition = mapping.get("meta.edition")
    if edition is not None and edition not in EDITIONS:
        raise SchemaError(f"meta.edition must be one of {EDITIONS}, got {edition!r}", ["meta.edition"])
    allowed = set(fact_keys(edition)) if edition else {*META_KEYS, *STATED_KEYS}
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        if edition is None and any(
            k.split(".")[0] in ("active", "requests", "review_litigation") for k in unknown
        ):
            raise SchemaError('table keys need meta.edition ("2019" or "2021"), which is missing', unknown)
        shown = ", ".join(_with_hint(key, allowed) for key in unknown[:5])
        raise SchemaError(f"unknown fact keys for edition {edition}: {shown}", unknown)
    agency = mapping.get("meta.agency")
    year = mapping.get("meta.year")
    if agency is not None and not isinstance(agency, str):
        raise SchemaError(f"meta.agency must be a string, got {agency!r}", ["meta.agency"])
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise SchemaError(f"meta.year must be an int, got {year!r}", ["meta.year"])
    meta = Meta(agency=agency, year=year, edition=edition)
    stated = _stated_figures(mapping)
    if edition is None:
        return Report(meta=meta, stated=stated)
    active_cls, requests_cls = TABLE_CLASSES[edition]
    return Report(
        meta=meta,
        active=build_table(active_cls, "active", mapping),
        requests=build_table(requests_cls, "requests", mapping),
        review_litigation=build_table(ReviewLitigation, "review_litigation", mapping),
        stated=stated,
    )
