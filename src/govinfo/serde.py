"""JSON for reports: :func:`dumps`, :func:`loads` and the JSON Schema of the document.

The document is one JSON object: ``"format": "govinfo-report/1"`` first, then every field of
:class:`~govinfo.model.Report` in model order, ``diagnostics``, ``provenance`` and ``source``
included.  Everything :func:`dumps` writes is required on the way back in: every key is always
written (``null`` for a value not reported), so a missing key is an error, and so is an unknown
one — except ``source`` (the file the report was read from), which documents written before it
was added lack: absent, it is ``null``.

Values: counts and changes are JSON integers (never ``1.5``, ``"7"``, ``true`` or ``7.0``;
a count is never negative, a change may be);
amounts are decimal *strings* written with ``str(Decimal)`` (``"39.11"``, ``"1.50"``,
``"1E+2"``), so the exact digits survive — a JSON number for an amount is rejected, because
numbers would go through binary floating point in most JSON readers; dates are ISO
``"YYYY-MM-DD"`` strings.  ``meta.edition`` is the tag of the tables: ``"2019"`` and
``"2021"`` select their classes, ``null`` means no tables (all three ``null``).

:func:`loads` raises nothing but :class:`~govinfo.exceptions.SchemaError`, whose ``errors``
list every problem as ``"$.json.path: message"`` (``$.requests.granted.total: expected an
integer, got 1.5``).  JSON text with duplicate keys or ``NaN``/``Infinity`` is invalid too.
All conversion goes through one private cattrs converter.

:func:`json_schema` describes the same document (draft 2020-12).  It accepts exactly what
:func:`loads` accepts, except where JSON Schema cannot say it: it counts ``7.0`` as an
integer, it checks dates like ``"2024-02-30"`` only in a validator that asserts ``format``,
and it cannot see duplicate keys.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Union, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.v import transform_error

from .diagnostics import Diagnostic
from .exceptions import SchemaError
from .model import EDITIONS, TABLE_CLASSES, Edition, Meta, Report, ReviewLitigation, StatedFigure, StatedValue
from .values import plausible_amount, plausible_count

FORMAT = "govinfo-report/1"
"""The value of the document's ``"format"`` key; a new major number means an incompatible change."""

DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]{1,9})?$"
"""An amount: what ``str(Decimal)`` writes for a finite value (plain or exponent notation)."""

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""A date: ISO 8601 calendar date, ``YYYY-MM-DD``."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_DECIMAL_RE = re.compile(DECIMAL_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN)
_TABLES = ("active", "requests", "review_litigation")
_SEP = "\x00"  # ends every formatted message, so that "message @ path" splits unambiguously
_SHOW_CHARS = 40
_MAX_ERRORS_IN_MESSAGE = 20

StructureFn = Callable[[Any, Any], Any]


class _Invalid(ValueError):
    """A value of the wrong type or form; its message is shown to the user as is."""


class _Missing(KeyError):
    """A required key that is absent."""


# --- helpers ---------------------------------------------------------------------------------


def _show(value: Any) -> str:
    """A short JSON rendering of ``value`` for error messages."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        short = value if len(value) <= _SHOW_CHARS else value[:_SHOW_CHARS] + "…"
        return json.dumps(short, ensure_ascii=False)
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return type(value).__name__


def _note(exc: Exception, note: str) -> Exception:
    """Attach a cattrs validation note (``__notes__`` works on Python 3.10 too) and return ``exc``."""
    notes = list(getattr(exc, "__notes__", []))
    exc.__notes__ = [*notes, note]  # type: ignore[attr-defined, unused-ignore]
    return exc


def _at(cls: type[Any], name: str, exc: Exception, type_: Any = None) -> Exception:
    """Mark ``exc`` as the error of attribute ``name`` of ``cls`` (path ``….name``)."""
    return _note(exc, AttributeValidationNote(f"Structuring class {cls.__qualname__} @ {name}", name, type_))


def _missing(cls: type[Any], name: str, type_: Any) -> Exception:
    """The error of a required key ``name`` of ``cls`` that is absent."""
    return _at(cls, name, _Missing(name), type_)


def _field_index(exc: Exception, names: list[str]) -> int:
    """The position of the field ``exc`` is about (errors about no one field come last)."""
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote) and note.name in names:
            return names.index(note.name)
    return len(names)


def _nullable(type_: Any) -> bool:
    """Whether ``type_`` admits ``None``."""
    return _is_union(type_) and type(None) in get_args(type_)


def _is_union(type_: Any) -> bool:
    return get_origin(type_) in (Union, types.UnionType)


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The resolved field types of the attrs class ``cls`` (cached)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


# --- leaf hooks: strict, no coercion ---------------------------------------------------------


def _structure_int(obj: Any, _: Any) -> int:
    if isinstance(obj, bool) or not isinstance(obj, int):
        raise _Invalid(f"expected an integer, got {_show(obj)}")
    if not plausible_count(obj):
        raise _Invalid(f"an integer of implausible size ({obj.bit_length()} bits)")
    return obj


def _structure_str(obj: Any, _: Any) -> str:
    if not isinstance(obj, str):
        raise _Invalid(f"expected a string, got {_show(obj)}")
    return obj


def _structure_decimal(obj: Any, _: Any) -> Decimal:
    if not isinstance(obj, str):
        raise _Invalid(f'expected a decimal string such as "39.11", got {_show(obj)}')
    if _DECIMAL_RE.fullmatch(obj) is None:
        raise _Invalid(f"not a decimal number: {_show(obj)}")
    try:
        value = Decimal(obj)
    except (InvalidOperation, ValueError):
        raise _Invalid(f"not a representable decimal number: {_show(obj)}") from None
    if not plausible_amount(value):
        raise _Invalid(f"an amount of implausible size or precision: {_show(obj)}")
    return value


def _structure_stated_value(obj: Any, _: Any) -> StatedValue:
    """A stated figure's value: a count, a decimal string (an amount) or a boolean; which one its
    kind needs is checked with the kind (:func:`_stated_value_problem`)."""
    if isinstance(obj, bool):
        return obj
    if isinstance(obj, int):
        return _structure_int(obj, int)
    if isinstance(obj, str):
        return _structure_decimal(obj, Decimal)
    raise _Invalid(f"expected an integer, a decimal string or a boolean, got {_show(obj)}")


def _stated_value_problem(figure: StatedFigure) -> str | None:
    """What is wrong with a stated figure's value for its kind, if anything."""
    value = figure.value
    if figure.kind == "fees.charged":
        return None if isinstance(value, bool) else f"{figure.kind} is a boolean, got {_show(value)}"
    if figure.kind == "fees.amount":
        return (
            None
            if isinstance(value, Decimal)
            else f'{figure.kind} is a decimal string such as "120", got {_show(value)}'
        )
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{figure.kind} is an integer, got {_show(value)}"
    return f"a count cannot be negative, got {value}" if value < 0 else None


def _unstructure_decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot write the non-finite amount {value!r} as JSON")
    return str(value)


def _structure_date(obj: Any, _: Any) -> datetime.date:
    if not isinstance(obj, str) or _DATE_RE.fullmatch(obj) is None:
        raise _Invalid(f'expected an ISO date "YYYY-MM-DD", got {_show(obj)}')
    try:
        return datetime.date.fromisoformat(obj)
    except ValueError:
        raise _Invalid(f"not a valid date: {_show(obj)}") from None


def _unstructure_date(value: datetime.date) -> str:
    return value.isoformat()


# --- hook factories: literals, tuples, mappings, attrs classes -------------------------------


def _is_literal(type_: Any) -> bool:
    return get_origin(type_) is Literal


def _is_optional_literal(type_: Any) -> bool:
    """``Literal[...] | None`` (handled as one literal that includes ``None``)."""
    members = [t for t in get_args(type_) if t is not type(None)]
    return _nullable(type_) and len(members) == 1 and _is_literal(members[0])


def _literal_values(type_: Any) -> tuple[Any, ...]:
    if _is_literal(type_):
        return get_args(type_)
    (literal,) = (t for t in get_args(type_) if t is not type(None))
    return (*get_args(literal), None)


def _literal_hook(type_: Any) -> StructureFn:
    values = _literal_values(type_)
    shown = [_show(v) for v in values]
    expected = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"

    def structure(obj: Any, _: Any) -> Any:
        for value in values:
            if type(obj) is type(value) and obj == value:
                return value
        raise _Invalid(f"expected {expected}, got {_show(obj)}")

    return structure


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(type_: Any) -> StructureFn:
    item = get_args(type_)[0]

    def structure(obj: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(obj, list):
            raise _Invalid(f"expected an array, got {_show(obj)}")
        out: list[Any] = []
        errors: list[Exception] = []
        for index, value in enumerate(obj):
            try:
                out.append(_converter.structure(value, item))
            except Exception as exc:
                note = IterableValidationNote(f"Structuring {type_!r} @ index {index}", index, item)
                errors.append(_note(exc, note))
        if errors:
            raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
        return tuple(out)

    return structure


def _is_dict(type_: Any) -> bool:
    return get_origin(type_) is dict


def _dict_hook(type_: Any) -> StructureFn:
    key_type, value_type = get_args(type_)

    def structure(obj: Any, _: Any) -> dict[Any, Any]:
        if not isinstance(obj, dict):
            raise _Invalid(f"expected an object, got {_show(obj)}")
        out: dict[Any, Any] = {}
        errors: list[Exception] = []
        for key, value in obj.items():
            try:
                out[_converter.structure(key, key_type)] = _converter.structure(value, value_type)
            except Exception as exc:
                note = IterableValidationNote(f"Structuring {type_!r} @ key {key!r}", key, value_type)
                errors.append(_note(exc, note))
        if errors:
            raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
        return out

    return structure


def _is_plain_attrs(type_: Any) -> bool:
    return attrs.has(type_) and type_ is not Report


def _attrs_hook(cls: type[Any]) -> StructureFn:
    """cattrs' generated function for ``cls``, plus: the input must be an object with every key."""
    base = make_dict_structure_fn(cls, _converter)
    hints = _hints(cls)
    fields = attrs.fields(cls)
    names = [a.name for a in fields]
    defaulted = [a.name for a in fields if a.default is not attrs.NOTHING]  # cattrs checks the others
    counts = [a.name for a in fields if a.metadata.get("kind") == "count"]

    def structure(obj: Any, _: Any) -> Any:
        if not isinstance(obj, dict):
            raise _Invalid(f"expected an object, got {_show(obj)}")
        if cls is Diagnostic and "column" in obj:
            obj = {k: v for k, v in obj.items() if k != "column"}  # never set; written until 0.2
        errors = [_missing(cls, name, hints[name]) for name in defaulted if name not in obj]
        try:
            value = base(obj, cls)
        except ClassValidationError as exc:
            errors.extend(exc.exceptions)
        else:
            for name in counts:
                count = getattr(value, name)
                if count is not None and count < 0:
                    errors.append(_at(cls, name, _Invalid(f"a count cannot be negative, got {count}")))
            if cls is StatedFigure and (problem := _stated_value_problem(value)) is not None:
                errors.append(_at(cls, "value", _Invalid(problem)))
        if errors:
            errors.sort(key=lambda e: _field_index(e, names))
            raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
        return value

    return structure


# --- the report: a union tagged by meta.edition ----------------------------------------------


def _has_shape(cls: type[Any], obj: Any) -> bool:
    """Whether ``obj`` has exactly the keys of ``cls``, recursively through nested classes."""
    if not isinstance(obj, dict):
        return False
    fields = attrs.fields(cls)
    if set(obj) != {a.name for a in fields}:
        return False
    return all(_has_shape(_hints(cls)[a.name], obj[a.name]) for a in fields if attrs.has(_hints(cls)[a.name]))


def _declared_edition(obj: dict[str, Any]) -> tuple[bool, Edition | None]:
    """``(known, edition)`` from the raw ``meta.edition``; unknown if absent or not a valid tag."""
    meta = obj.get("meta")
    if not isinstance(meta, dict) or "edition" not in meta:
        return False, None
    raw = meta["edition"]
    if raw is None:
        return True, None
    for edition in EDITIONS:
        if isinstance(raw, str) and raw == edition:
            return True, edition
    return False, None


def _structure_report(obj: Any, _: Any) -> Report:
    """Structure a report: ``meta.edition`` decides the classes of the three tables."""
    if not isinstance(obj, dict):
        raise _Invalid(f"expected a JSON object (a govinfo report), got {_show(obj)}")
    hints = _hints(Report)
    errors: list[Exception] = []
    kwargs: dict[str, Any] = {}
    if "format" not in obj:
        errors.append(_missing(Report, "format", str))
    elif not (isinstance(obj["format"], str) and obj["format"] == FORMAT):
        bad = _Invalid(f"expected {_show(FORMAT)}, got {_show(obj['format'])}")
        errors.append(_at(Report, "format", bad))
    names = [a.name for a in attrs.fields(Report)]
    extra = set(obj) - {"format", *names}
    if extra:
        errors.append(ForbiddenExtraKeysError("", Report, extra))
    known, edition = _declared_edition(obj)
    classes: dict[str, type[Any]] = {}
    others: dict[str, type[Any]] = {}
    other: Edition | None = None
    if edition is not None:
        (other,) = (e for e in EDITIONS if e != edition)
        classes = dict(zip(_TABLES, (*TABLE_CLASSES[edition], ReviewLitigation), strict=True))
        others = dict(zip(_TABLES[:2], TABLE_CLASSES[other], strict=True))
    mismatched: list[str] = []
    for name in names:
        if name not in obj:
            if name not in _OPTIONAL:
                errors.append(_missing(Report, name, hints[name]))
            continue
        value = obj[name]
        if name not in _TABLES:
            type_ = hints[name]
        elif not known:
            continue  # the meta.edition error says it all; the tables cannot be read without it
        elif edition is None:
            if value is not None:
                msg = "must be null when meta.edition is null (a report without an edition has no tables)"
                errors.append(_at(Report, name, _Invalid(msg)))
            kwargs[name] = None
            continue
        elif value is None:
            errors.append(_at(Report, name, _Invalid(f"required for edition {edition}, got null")))
            continue
        elif name in others and not _has_shape(classes[name], value) and _has_shape(others[name], value):
            mismatched.append(name)
            continue
        else:
            type_ = classes[name]
        try:
            kwargs[name] = _converter.structure(value, type_)
        except Exception as exc:
            errors.append(_at(Report, name, exc, type_))
    if mismatched:
        where = ", ".join(f"$.{name}" for name in mismatched)
        verb = "has" if len(mismatched) == 1 else "have"
        msg = f"{_show(edition)} does not match the tables: {where} {verb} the fields of the {other} edition"
        inner = _at(Meta, "edition", _Invalid(msg))
        errors.append(_at(Report, "meta", ClassValidationError("While structuring Meta", [inner], Meta)))
    if errors:
        raise ClassValidationError("While structuring Report", errors, Report)
    try:
        return Report(**kwargs)
    except (ValueError, TypeError) as exc:
        raise ClassValidationError("While structuring Report", [exc], Report) from None


# Keys a document may lack: added to the format after its first documents (``null`` if absent).
_OPTIONAL = frozenset({"stated", "source"})


def _unstructure_report(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT}
    for a in attrs.fields(Report):
        out[a.name] = _converter.unstructure(getattr(report, a.name))
    return out


def _make_converter() -> Converter:
    converter = Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(StatedValue, _structure_stated_value)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_unstructure_hook(datetime.date, _unstructure_date)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(_is_optional_literal, _literal_hook)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(_is_dict, _dict_hook)
    converter.register_structure_hook_factory(_is_plain_attrs, _attrs_hook)
    converter.register_structure_hook(Report, _structure_report)
    converter.register_unstructure_hook(Report, _unstructure_report)
    return converter


_converter = _make_converter()


# --- errors ----------------------------------------------------------------------------------


def _describe(exc: BaseException, type_: Any) -> str:
    """One error's message (the path is added by ``cattrs.transform_error``)."""
    if isinstance(exc, KeyError):
        hint = " (write null for a value not reported)" if _nullable(type_) else ""
        text = f"required key missing{hint}"
    elif isinstance(exc, ForbiddenExtraKeysError):
        keys = sorted(exc.extra_fields)
        shown = ", ".join(_show(k) for k in keys[:5])
        if len(keys) > 5:
            shown += f" and {len(keys) - 5} more"
        text = f"unknown key{'s' if len(keys) > 1 else ''} {shown}"
    elif isinstance(exc, (ValueError, TypeError)) and str(exc):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text + _SEP


def _messages(exc: Exception) -> list[str]:
    """``"$.path: message"`` for every error inside ``exc``."""
    out = []
    for line in transform_error(exc, "$", _describe):
        text, _, path = line.partition(f"{_SEP} @ ")
        out.append(f"{path}: {text}")
    return out


def _schema_error(errors: list[str]) -> SchemaError:
    shown = errors[:_MAX_ERRORS_IN_MESSAGE]
    more = len(errors) - len(shown)
    lines = [f"not a valid govinfo report ({len(errors)} error{'s' if len(errors) > 1 else ''}):"]
    lines += [f"  {e}" for e in shown]
    if more:
        lines.append(f"  … and {more} more")
    return SchemaError("\n".join(lines), errors)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {_show(key)} in an object")
        out[key] = value
    return out


# --- public API ------------------------------------------------------------------------------


def dumps(report: Report, *, indent: int | None = None) -> str:
    """Serialize ``report`` to JSON text (lossless: ``loads(dumps(r)) == r``, diagnostics too)."""
    if not isinstance(report, Report):
        raise TypeError(f"expected a Report, got {type(report).__name__}")
    data = _converter.unstructure(report)
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """A diagnostic as it is in a report's JSON document (the one shape every output writes)."""
    return _converter.unstructure(diagnostic)  # type: ignore[no-any-return]


def loads(text: str | bytes) -> Report:
    """Load a report from JSON text (``str``, or ``bytes`` in UTF-8/16/32).

    Raises :class:`SchemaError`, and nothing else, for any input that is not a valid document;
    its ``errors`` give each problem with its JSON path.
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise SchemaError(f"$: expected JSON text (str or bytes), got {type(text).__name__}")
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, too deep
        raise _schema_error([f"$: invalid JSON: {exc}"]) from exc
    try:
        return _converter.structure(data, Report)
    except RecursionError as exc:
        raise _schema_error(["$: document nested too deeply"]) from exc
    except Exception as exc:
        raise _schema_error(_messages(exc)) from exc


# --- JSON Schema -----------------------------------------------------------------------------

_KIND_DESCRIPTIONS = {
    "count": "a count (integer, not negative); null = not reported",
    "change": "a signed change (integer, 本年增/减); null = not reported",
    "amount": "an amount in 万元, as a decimal string; null = not reported",
}


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` that also admits ``null``."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if isinstance(schema.get("type"), str) and "$ref" not in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


class _SchemaBuilder:
    """Walks the attrs classes and collects one ``$defs`` entry per class."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserved while the class is being walked
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type[Any]) -> dict[str, Any]:
        hints = _hints(cls)
        properties: dict[str, Any] = {}
        for a in attrs.fields(cls):
            schema = self.type(hints[a.name])
            if "label" in a.metadata:
                schema = {"title": a.metadata["label"], **schema}
            if a.metadata.get("kind") in _KIND_DESCRIPTIONS:
                schema = {**schema, "description": _KIND_DESCRIPTIONS[a.metadata["kind"]]}
            if a.metadata.get("kind") == "count":
                schema = {**schema, "minimum": 0}
            properties[a.name] = schema
        doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
        return {
            "type": "object",
            "title": cls.__name__,
            "description": doc,
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    def type(self, type_: Any) -> dict[str, Any]:
        args = get_args(type_)
        if _is_union(type_):
            members = [t for t in args if t is not type(None)]
            if len(members) == 1:
                schema = self.type(members[0])
                return _or_null(schema) if len(members) < len(args) else schema
            options = [self.type(t) for t in members]
            if len(members) < len(args):
                options.append({"type": "null"})
            return {"anyOf": options}
        if type_ is bool:
            return {"type": "boolean"}
        if type_ is int:
            return {"type": "integer"}
        if type_ is str:
            return {"type": "string"}
        if type_ is Decimal:
            return {"type": "string", "pattern": DECIMAL_PATTERN}
        if type_ is datetime.date:
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        if _is_literal(type_):
            return {"enum": list(args)}
        if _is_homogeneous_tuple(type_):
            return {"type": "array", "items": self.type(args[0])}
        if _is_dict(type_) and args[0] is str:
            return {"type": "object", "additionalProperties": self.type(args[1])}
        if attrs.has(type_):
            return self.ref(type_)
        raise TypeError(f"no JSON Schema for {type_!r}")  # pragma: no cover - a model change


def _edition_rule(builder: _SchemaBuilder, edition: Edition | None) -> dict[str, Any]:
    """``if meta.edition == edition then`` the tables have that edition's classes (or are null)."""
    if edition is None:
        tables = {name: {"type": "null"} for name in _TABLES}
    else:
        classes: tuple[type[Any], ...] = (*TABLE_CLASSES[edition], ReviewLitigation)
        tables = {name: builder.ref(cls) for name, cls in zip(_TABLES, classes, strict=True)}
    return {
        "if": {
            "properties": {"meta": {"properties": {"edition": {"const": edition}}, "required": ["edition"]}},
            "required": ["meta"],
        },
        "then": {"properties": tables},
    }


@functools.cache
def _build_schema() -> dict[str, Any]:
    builder = _SchemaBuilder()
    report = builder.object(Report)
    properties = {
        "format": {"const": FORMAT, "description": "the document format and its version"},
        **report["properties"],
    }
    rules = [_edition_rule(builder, edition) for edition in (*EDITIONS, None)]
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "govinfo report (政府信息公开工作年度报告)",
        "description": f"A report as written by govinfo.dumps, format {FORMAT}.",
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in _OPTIONAL],
        "additionalProperties": False,
        "allOf": rules,
        "$defs": dict(sorted(builder.defs.items())),
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document :func:`dumps` writes (a fresh copy)."""
    return copy.deepcopy(_build_schema())


__all__ = ["DATE_PATTERN", "DECIMAL_PATTERN", "FORMAT", "diagnostic_json", "dumps", "json_schema", "loads"]
