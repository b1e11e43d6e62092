"""JSON serialization: lossless round trip, the JSON Schema, and errors with JSON paths.

The spine is hypothesis: generated reports of both editions (and without one) round-trip and
validate against the schema; mutated documents are rejected by ``loads`` with a
:class:`SchemaError` naming the mutated path, and the schema rejects the same documents.
"""

from __future__ import annotations

import copy
import datetime
import json
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

import govinfo
from govinfo.diagnostics import Diagnostic, SourcePosition
from govinfo.exceptions import SchemaError
from govinfo.facts import fact_keys, from_facts
from govinfo.model import EDITIONS, Edition, Report
from govinfo.serde import DECIMAL_PATTERN, FORMAT, dumps, json_schema, loads
from govinfo.values import plausible_amount
from helpers.strategies import consistent_reports, reports

SCHEMA = json_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)

Path = tuple[str | int, ...]

# --- strategies ------------------------------------------------------------------------------

FACT_KEYS = sorted({key for edition in EDITIONS for key in fact_keys(edition)})

positions = st.builds(SourcePosition, line=st.integers(1, 10**5), column=st.integers(1, 500))

diagnostics = st.builds(
    Diagnostic,
    code=st.sampled_from(["typo-label", "merged-cell", "unsure-value"]) | st.text(min_size=1, max_size=12),
    severity=st.sampled_from(["error", "warning", "info"]),
    message=st.text(max_size=30),
    line=st.none() | st.integers(1, 10**5),
    keys=st.lists(st.sampled_from(FACT_KEYS), max_size=3).map(tuple),
    text=st.none() | st.text(max_size=20),
)


def without_edition(report: Report) -> Report:
    """The same report with no edition, hence no tables."""
    meta = attrs.evolve(report.meta, edition=None)
    return attrs.evolve(report, meta=meta, active=None, requests=None, review_litigation=None)


@st.composite
def annotated_reports(draw: st.DrawFn, edition: Edition | str | None = "any") -> Report:
    """A generated report (2019, 2021 or none) with diagnostics and provenance attached."""
    if edition is None:
        base = without_edition(draw(reports()))
    elif edition == "any":
        base = draw(st.one_of(reports(), consistent_reports(), reports().map(without_edition)))
    else:
        base = draw(st.one_of(reports(edition), consistent_reports(edition)))  # type: ignore[arg-type]
    if draw(st.booleans()):
        base = attrs.evolve(base, meta=attrs.evolve(base.meta, agency=None, year=None, title=None))
    return attrs.evolve(
        base,
        diagnostics=tuple(draw(st.lists(diagnostics, max_size=3))),
        provenance=draw(
            st.dictionaries(st.sampled_from(FACT_KEYS) | st.text(max_size=10), positions, max_size=5)
        ),
    )


# Strings ending in "\n" are left out where schema and loader are compared: Python's ``re``
# lets ``$`` match before a final newline, ECMA-262 (the schema's regex dialect) does not.
texts = st.text(max_size=12).filter(lambda s: not s.endswith("\n"))
near_valid_strings = st.sampled_from(
    ["2019", "2021", "2020", FORMAT, "2024-01-31", "2024-02-30", "39.11", "1E+2", "-0", "error", ""]
)
json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(-1e15, 1e15).map(lambda f: f + 0.5 if f.is_integer() else f)  # never integral
    | texts
    | near_valid_strings
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            texts | st.sampled_from(["line", "column", "total", "meta", "edition"]), children, max_size=4
        )
    ),
    max_leaves=12,
)

# --- document helpers ------------------------------------------------------------------------


def nodes(doc: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every node of a JSON document with its path, the root included."""
    yield path, doc
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from nodes(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from nodes(value, (*path, index))


def is_provenance_map(path: Path) -> bool:
    return path == ("provenance",)


def jsonpath(path: Path) -> str:
    """The path as ``SchemaError`` writes it: ``.name``, ``[0]``, ``['map key']``."""
    out = "$"
    for i, part in enumerate(path):
        if isinstance(part, int):
            out += f"[{part}]"
        elif is_provenance_map(path[:i]):
            out += f"[{part!r}]"
        else:
            out += f".{part}"
    return out


def replace(doc: Any, path: Path, value: Any) -> Any:
    """``doc`` (modified in place) with the node at ``path`` replaced; returns the new root."""
    if not path:
        return value
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return doc


def errors_of(doc: Any) -> list[str]:
    """The ``SchemaError.errors`` of loading ``doc`` (fails the test if it loads)."""
    with pytest.raises(SchemaError) as info:
        loads(json.dumps(doc, ensure_ascii=False))
    errors = info.value.errors
    assert errors
    assert all(e.startswith("$") for e in errors), errors
    return errors


def cell(report: Report, key: str) -> Any:
    """The value of fact ``key`` in ``report``."""
    value: Any = report
    for name in key.split("."):
        value = getattr(value, name)
    return value


def with_cell(obj: Any, key: str, value: Any) -> Any:
    """``obj`` with the fact ``key`` set to ``value`` (through ``attrs.evolve``)."""
    head, _, rest = key.partition(".")
    new = with_cell(getattr(obj, head), rest, value) if rest else value
    return attrs.evolve(obj, **{head: new})


def blank_doc(edition: Edition = "2021") -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps(Report.blank(edition)))
    return doc


# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", [*EDITIONS, None])
@given(data=st.data())
def test_round_trip(edition: Edition | None, data: st.DataObject) -> None:
    report = data.draw(annotated_reports(edition))
    text = dumps(report)
    loaded = loads(text)
    assert loaded == report
    # diagnostics and provenance take no part in equality: compare them explicitly
    assert loaded.diagnostics == report.diagnostics
    assert loaded.provenance == report.provenance
    for name in ("active", "requests", "review_litigation"):
        assert type(getattr(loaded, name)) is type(getattr(report, name))
    assert dumps(loaded) == text  # exact strings of amounts, key order, everything


@given(annotated_reports(), st.sampled_from([None, 0, 2]))
def test_round_trip_through_bytes_and_indent(report: Report, indent: int | None) -> None:
    text = dumps(report, indent=indent)
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        loaded = loads(data)
        assert loaded == report
        assert loaded.diagnostics == report.diagnostics
        assert loaded.provenance == report.provenance


# every amount a report can hold (implausible ones are refused: tests/test_hostile.py)
@given(
    st.decimals(
        min_value=Decimal(-(10**30)), max_value=Decimal(10**30), allow_nan=False, allow_infinity=False
    ).filter(plausible_amount)
)
def test_amounts_keep_their_exact_digits(amount: Decimal) -> None:
    report = with_cell(Report.blank("2021"), "active.fees.amount", amount)
    doc = json.loads(dumps(report))
    assert doc["active"]["fees"]["amount"] == str(amount)
    loaded = loads(dumps(report))
    assert str(cell(loaded, "active.fees.amount")) == str(amount)


def test_trailing_zeros_and_exponents_survive() -> None:
    for text in ("1.50", "39.11", "1E+2", "-0", "0.00", "251000"):
        report = with_cell(Report.blank("2019"), "active.procurement.amount", Decimal(text))
        assert json.loads(dumps(report))["active"]["procurement"]["amount"] == text
        assert str(cell(loads(dumps(report)), "active.procurement.amount")) == text


def test_document_layout() -> None:
    report = attrs.evolve(
        Report.blank("2021"),
        diagnostics=(Diagnostic(code="typo-label", severity="warning", message="上年转结", line=3),),
        provenance={"requests.granted.total": SourcePosition(line=40, column=7)},
    )
    doc = json.loads(dumps(report, indent=2))
    assert list(doc) == ["format", *(a.name for a in attrs.fields(Report))]
    assert doc["format"] == FORMAT
    assert doc["requests"]["granted"]["total"] is None
    assert doc["diagnostics"] == [
        {
            "code": "typo-label",
            "severity": "warning",
            "message": "上年转结",
            "line": 3,
            "keys": [],
            "text": None,
        }
    ]
    assert doc["provenance"] == {"requests.granted.total": {"line": 40, "column": 7}}
    assert "上年转结" in dumps(report)  # not \\u-escaped


def test_dates_are_iso_strings() -> None:
    meta = govinfo.Meta(
        edition="2021",
        publication_date=datetime.date(2024, 1, 20),
        statistics_period=govinfo.StatisticsPeriod(
            start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31)
        ),
    )
    doc = json.loads(dumps(Report.blank("2021", meta=meta)))
    assert doc["meta"]["publication_date"] == "2024-01-20"
    assert doc["meta"]["statistics_period"] == {"start": "2023-01-01", "end": "2023-12-31"}


def test_dumps_refuses_what_json_cannot_hold() -> None:
    report = with_cell(Report.blank("2021"), "active.fees.amount", Decimal("NaN"))
    with pytest.raises(ValueError, match="non-finite"):
        dumps(report)
    with pytest.raises(TypeError):
        dumps({"format": FORMAT})  # type: ignore[arg-type]


def test_public_wrappers() -> None:
    report = Report.blank("2019")
    assert govinfo.loads(govinfo.dumps(report)) == report
    assert govinfo.schema() == SCHEMA
    schema = govinfo.schema()
    schema["properties"].clear()
    assert govinfo.schema() == SCHEMA  # every call gives a fresh copy


def test_converter_is_private() -> None:
    """govinfo writes amounts as strings and refuses ``"7"`` for a count, through its own converter:
    cattrs' global converter, which other code may use, is untouched."""
    report = from_facts({"meta.edition": "2021", "active.fees.amount": Decimal("1.50")})
    assert json.loads(dumps(report))["active"]["fees"]["amount"] == "1.50"
    assert loads(dumps(report)) == report
    assert cattrs.global_converter.unstructure(Decimal("1.50")) == Decimal("1.50")
    assert cattrs.structure("7", int) == 7


# --- schema ----------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


@given(annotated_reports())
def test_dumps_output_validates_against_the_schema(report: Report) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(json.loads(dumps(report)))]
    assert errors == []


def _schema_objects(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from _schema_objects(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _schema_objects(value)


def test_every_object_is_closed_and_every_key_required() -> None:
    closed = 0
    for node in _schema_objects(SCHEMA):
        if node.get("type") == "object" and "properties" in node:
            assert node["additionalProperties"] is False, node.get("title")
            optional = ["stated", "source"] if node is SCHEMA else []  # added later: may be absent
            assert node["required"] == [k for k in node["properties"] if k not in optional], node.get("title")
            closed += 1
        if "minimum" in node:  # only counts: changes are signed; other rule-breaking reports load
            assert (node["minimum"], node["description"]) == (
                0,
                "a count (integer, not negative); null = not reported",
            )
    assert closed == len(SCHEMA["$defs"]) + 1


def test_a_negative_count_is_rejected_by_loads_and_the_schema() -> None:
    doc = blank_doc()
    doc["requests"]["granted"]["total"] = -3
    assert errors_of(doc) == ["$.requests.granted.total: a count cannot be negative, got -3"]
    assert not VALIDATOR.is_valid(doc)
    doc["requests"]["granted"]["total"] = 0
    assert VALIDATOR.is_valid(doc) and cell(loads(json.dumps(doc)), "requests.granted.total") == 0


def test_a_negative_change_loads() -> None:
    doc = json.loads(dumps(Report.blank("2019")))
    doc["active"]["licensing"]["change"] = -4
    assert cell(loads(json.dumps(doc)), "active.licensing.change") == -4
    assert VALIDATOR.is_valid(doc)


def test_the_source_travels_and_may_be_absent() -> None:
    report = attrs.evolve(Report.blank("2021"), source="reports/a.html")
    doc = json.loads(dumps(report))
    assert list(doc)[-1] == "source" and doc["source"] == "reports/a.html"
    assert loads(json.dumps(doc)).source == "reports/a.html"
    del doc["source"]  # a document written before the key existed
    assert loads(json.dumps(doc)).source is None
    assert VALIDATOR.is_valid(doc)


def _model_classes(cls: type[Any], seen: dict[str, type[Any]]) -> dict[str, type[Any]]:
    seen[cls.__name__] = cls
    for sub in typing.get_type_hints(cls).values():
        for candidate in (sub, *getattr(sub, "__args__", ())):
            for inner in (candidate, *getattr(candidate, "__args__", ())):
                if attrs.has(inner) and inner.__name__ not in seen:
                    _model_classes(inner, seen)
    return seen


def test_schema_defs_match_the_model() -> None:
    classes = _model_classes(Report, {})
    del classes["Report"]
    assert set(SCHEMA["$defs"]) == set(classes)
    for name, cls in classes.items():
        assert list(SCHEMA["$defs"][name]["properties"]) == [a.name for a in attrs.fields(cls)], name
    report_fields = [a.name for a in attrs.fields(Report)]
    assert list(SCHEMA["properties"]) == ["format", *report_fields]


def test_schema_field_types_and_labels() -> None:
    defs = SCHEMA["$defs"]
    total = defs["ApplicantCounts"]["properties"]["total"]
    assert total["type"] == ["integer", "null"]
    assert total["title"] == "总计"
    assert defs["RequestTable2021"]["properties"]["granted"] == {
        "title": "（一）予以公开",
        "$ref": "#/$defs/ApplicantCounts",
    }
    assert defs["RequestTable2021"]["properties"]["other_handling"]["$ref"] == "#/$defs/OtherHandling2021"
    assert defs["RequestTable2019"]["properties"]["other_handling"]["$ref"] == "#/$defs/ApplicantCounts"
    amount = defs["Fees2021"]["properties"]["amount"]
    assert amount["type"] == ["string", "null"]
    assert amount["pattern"] == DECIMAL_PATTERN
    assert defs["Meta"]["properties"]["edition"]["enum"] == ["2019", "2021", None]
    assert defs["Meta"]["properties"]["publication_date"]["format"] == "date"
    assert defs["SourcePosition"]["properties"]["line"]["type"] == "integer"
    assert SCHEMA["properties"]["format"]["const"] == FORMAT
    assert SCHEMA["properties"]["provenance"]["additionalProperties"] == {"$ref": "#/$defs/SourcePosition"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_reports_that_break_the_rules_still_load_and_validate(edition: Edition) -> None:
    doc = blank_doc(edition)
    doc["requests"]["granted"]["total"] = 5
    doc["requests"]["granted"]["natural_person"] = 10**11  # far more than the total; loads refuses ≥ 10**12
    doc["requests"]["carried_over"]["total"] = 0  # and the parts of 总计 do not add up
    assert cell(loads(json.dumps(doc)), "requests.granted.natural_person") == 10**11
    assert VALIDATOR.is_valid(doc)


# --- mutated documents: loads and the schema both reject, with the path ------------------------

MUTATIONS = ("int", "str", "array", "object", "delete", "extra", "decimal", "date", "edition")
OPTIONAL_KEYS = {("stated",), ("source",)}  # added to the format later: a document may lack them


@pytest.mark.parametrize("kind", MUTATIONS)
@given(data=st.data(), report=annotated_reports())
def test_mutated_documents_are_rejected_with_their_path(
    kind: str, data: st.DataObject, report: Report
) -> None:
    doc = json.loads(dumps(report))
    everything = list(nodes(doc))
    leaves_of: dict[str, list[Path]] = {
        "int": [p for p, v in everything if isinstance(v, int) and not isinstance(v, bool)],
        "str": [p for p, v in everything if isinstance(v, str)],
        "array": [p for p, v in everything if isinstance(v, list)],
        "object": [p for p, v in everything if isinstance(v, dict)],
        "delete": [
            p
            for p, _ in everything
            if p and isinstance(p[-1], str) and not is_provenance_map(p[:-1]) and p not in OPTIONAL_KEYS
        ],
        "extra": [p for p, v in everything if isinstance(v, dict) and not is_provenance_map(p)],
        "decimal": [p for p, v in everything if p and p[-1] == "amount" and isinstance(v, str)],
        "date": [
            p
            for p, v in everything
            if p and p[-1] in ("publication_date", "start", "end") and isinstance(v, str)
        ],
        "edition": [("meta", "edition")],
    }
    candidates = leaves_of[kind]
    assume(candidates)
    path = data.draw(st.sampled_from(candidates))
    where = jsonpath(path)
    expected: tuple[str, ...] = (f"{where}: ",)
    if kind == "int":
        replace(doc, path, data.draw(st.sampled_from([1.5, "7", True, False, [], {}, "abc", -0.5])))
    elif kind == "str":
        replace(doc, path, data.draw(st.sampled_from([7, True, [], {}, 1.5])))
    elif kind == "array":
        replace(doc, path, data.draw(st.sampled_from(["abc", {}, 5, True])))
    elif kind == "object":
        doc = replace(doc, path, data.draw(st.sampled_from(["abc", [], 5, True])))
    elif kind == "delete":
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
        expected = (f"{where}: required key missing",)
    elif kind == "extra":
        parent = doc
        for part in path:
            parent = parent[part]
        key = data.draw(st.text(max_size=8).filter(lambda k: k not in parent))
        parent[key] = data.draw(json_values)
        expected = (f"{where}: unknown key",)
    elif kind == "decimal":
        bad = [
            "abc",
            "NaN",
            "Infinity",
            "1,000",
            " 1",
            "1.",
            ".5",
            "+1",
            "0x10",
            "1_000",
            "１２",
            "39.11万元",
        ]
        replace(doc, path, data.draw(st.sampled_from(bad)))
    elif kind == "date":
        bad = ["2024-02-30", "20240101", "2024-1-1", "2024-13-01", "0000-01-01", "2024/01/01", "2024-W01-1"]
        replace(doc, path, data.draw(st.sampled_from(bad)))
    else:
        current = doc["meta"]["edition"]
        options: list[Any] = [e for e in (*EDITIONS, None, "2020", 2019, "2021 ") if e != current]
        replace(doc, path, data.draw(st.sampled_from(options)))
        expected = ("$.meta.edition: ", "$.active: ")
    errors = errors_of(doc)
    assert any(e.startswith(expected) for e in errors), (expected, errors)
    assert not VALIDATOR.is_valid(doc), errors


@given(data=st.data(), report=annotated_reports(), value=json_values)
def test_schema_and_loader_agree_on_any_replaced_subtree(
    data: st.DataObject, report: Report, value: Any
) -> None:
    doc = json.loads(dumps(report))
    path = data.draw(st.sampled_from([p for p, _ in nodes(doc)]))
    doc = replace(doc, path, value)
    valid_by_schema = VALIDATOR.is_valid(doc)
    event(f"valid: {valid_by_schema}")
    try:
        loads(json.dumps(doc))
    except SchemaError as exc:
        assert all(e.startswith("$") for e in exc.errors)
        assert not valid_by_schema, exc.errors
    else:
        assert valid_by_schema, [e.message for e in VALIDATOR.iter_errors(doc)]


@given(json_values)
def test_arbitrary_json_values_raise_schema_error(value: Any) -> None:
    errors_of(value)
    assert not VALIDATOR.is_valid(value)


@given(st.text())
def test_arbitrary_text_raises_schema_error(text: str) -> None:
    with pytest.raises(SchemaError) as info:
        loads(text)
    assert all(e.startswith("$") for e in info.value.errors)


@given(st.binary())
def test_arbitrary_bytes_raise_schema_error(data: bytes) -> None:
    with pytest.raises(SchemaError) as info:
        loads(data)
    assert all(e.startswith("$") for e in info.value.errors)


@given(annotated_reports(), st.data())
def test_truncated_documents_raise_schema_error(report: Report, data: st.DataObject) -> None:
    text = dumps(report)
    cut = data.draw(st.integers(0, len(text) - 1))
    with pytest.raises(SchemaError, match="invalid JSON"):
        loads(text[:cut])


# --- example errors: the exact messages --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1.5, "1.5"), ("7", '"7"'), (True, "true"), ([], "an array"), ({}, "an object"), (7.0, "7.0")],
)
def test_a_count_must_be_an_integer(value: Any, shown: str) -> None:
    doc = blank_doc()
    doc["requests"]["granted"]["total"] = value
    assert errors_of(doc) == [f"$.requests.granted.total: expected an integer, got {shown}"]


def test_a_missing_key_is_named() -> None:
    doc = blank_doc()
    del doc["requests"]["granted"]["total"]
    assert errors_of(doc) == [
        "$.requests.granted.total: required key missing (write null for a value not reported)"
    ]
    doc = blank_doc()
    del doc["format"]
    assert errors_of(doc) == ["$.format: required key missing"]


def test_an_unknown_key_is_named() -> None:
    doc = blank_doc()
    doc["requests"]["granted"]["bogus"] = 1
    doc["extra"] = None
    assert errors_of(doc) == ['$.requests.granted: unknown key "bogus"', '$: unknown key "extra"']


def test_every_error_is_reported_at_once() -> None:
    doc = blank_doc()
    doc["meta"]["year"] = "2023"
    doc["requests"]["denied"]["state_secret"]["total"] = True
    doc["review_litigation"]["review"]["upheld"] = 0.5
    doc["diagnostics"] = [
        {"code": "x", "severity": "fatal", "message": "m", "line": 1, "column": 1, "keys": "k", "text": None}
    ]
    doc["provenance"] = {"requests.granted.total": {"line": 1}}
    with pytest.raises(SchemaError) as info:
        loads(json.dumps(doc))
    assert info.value.errors == [
        '$.meta.year: expected an integer, got "2023"',
        "$.requests.denied.state_secret.total: expected an integer, got true",
        "$.review_litigation.review.upheld: expected an integer, got 0.5",
        '$.diagnostics[0].severity: expected "error", "warning" or "info", got "fatal"',
        '$.diagnostics[0].keys: expected an array, got "k"',
        "$.provenance['requests.granted.total'].column: required key missing",
    ]
    assert str(info.value).startswith("not a valid govinfo report (6 errors):\n  $.meta.year:")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (39, 'expected a decimal string such as "39.11", got 39'),
        (39.11, 'expected a decimal string such as "39.11", got 39.11'),
        ("abc", 'not a decimal number: "abc"'),
        ("NaN", 'not a decimal number: "NaN"'),
        ("1.5\n", 'not a decimal number: "1.5\\n"'),
        ("39.11万元", 'not a decimal number: "39.11万元"'),
    ],
)
def test_an_amount_must_be_a_decimal_string(value: Any, message: str) -> None:
    doc = blank_doc()
    doc["active"]["fees"]["amount"] = value
    assert errors_of(doc) == [f"$.active.fees.amount: {message}"]


def test_an_amount_string_loads_as_decimal() -> None:
    doc = blank_doc()
    doc["active"]["fees"]["amount"] = "39.11"
    assert cell(loads(json.dumps(doc)), "active.fees.amount") == Decimal("39.11")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", 'not a valid date: "2024-02-30"'),
        ("20240101", 'expected an ISO date "YYYY-MM-DD", got "20240101"'),
        (20240101, 'expected an ISO date "YYYY-MM-DD", got 20240101'),
    ],
)
def test_a_date_must_be_an_iso_date(value: Any, message: str) -> None:
    doc = blank_doc()
    doc["meta"]["publication_date"] = value
    assert errors_of(doc) == [f"$.meta.publication_date: {message}"]


def test_tables_of_the_other_edition_are_reported_on_the_edition_tag() -> None:
    doc = blank_doc("2021")
    doc["meta"]["edition"] = "2019"
    tables = "$.active, $.requests have the fields of the 2021 edition"
    assert errors_of(doc) == [f'$.meta.edition: "2019" does not match the tables: {tables}']
    assert not VALIDATOR.is_valid(doc)


def test_one_mismatched_table_is_reported_too() -> None:
    doc = blank_doc("2019")
    doc["requests"] = blank_doc("2021")["requests"]
    assert errors_of(doc) == [
        '$.meta.edition: "2019" does not match the tables: $.requests has the fields of the 2021 edition'
    ]


@pytest.mark.parametrize("tables", [*EDITIONS, None])
@pytest.mark.parametrize("tag", [*EDITIONS, None])
def test_loader_and_schema_accept_only_the_matching_edition_tag(
    tables: Edition | None, tag: Edition | None
) -> None:
    doc = blank_doc(tables) if tables else json.loads(dumps(Report()))
    doc["meta"]["edition"] = tag
    if tag == tables:
        assert loads(json.dumps(doc)).edition == tag
        assert VALIDATOR.is_valid(doc)
    else:
        errors_of(doc)
        assert not VALIDATOR.is_valid(doc)


def test_an_unknown_edition_is_rejected() -> None:
    doc = blank_doc()
    doc["meta"]["edition"] = "2020"
    assert errors_of(doc) == ['$.meta.edition: expected "2019", "2021" or null, got "2020"']
    doc["meta"]["edition"] = 2021
    assert errors_of(doc) == ['$.meta.edition: expected "2019", "2021" or null, got 2021']


def test_no_edition_means_no_tables() -> None:
    doc = blank_doc()
    doc["meta"]["edition"] = None
    message = "must be null when meta.edition is null (a report without an edition has no tables)"
    assert errors_of(doc) == [f"$.{name}: {message}" for name in ("active", "requests", "review_litigation")]
    for name in ("active", "requests", "review_litigation"):
        doc[name] = None
    loaded = loads(json.dumps(doc))
    assert loaded.edition is None
    assert loaded.active is None


def test_an_edition_needs_its_tables() -> None:
    doc = blank_doc("2019")
    doc["review_litigation"] = None
    assert errors_of(doc) == ["$.review_litigation: required for edition 2019, got null"]


def test_the_format_marker_is_checked() -> None:
    doc = blank_doc()
    doc["format"] = "govinfo-report/2"
    assert errors_of(doc) == ['$.format: expected "govinfo-report/1", got "govinfo-report/2"']


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "$: invalid JSON: Expecting value"),
        ('{"format": "govinfo-report/1", "format": "x"}', '$: invalid JSON: duplicate key "format"'),
        ('{"a": NaN}', "$: invalid JSON: NaN is not valid JSON"),
        ("[" * 100_000, "$: invalid JSON: maximum recursion depth"),
        ("1" * 5000, "$: invalid JSON: Exceeds the limit"),
        (b"\xff\xfe\xfa", "$: invalid JSON"),
        ("[]", "$: expected a JSON object (a govinfo report), got an array"),
        ("null", "$: expected a JSON object (a govinfo report), got null"),
    ],
)
def test_invalid_json_text(text: str | bytes, message: str) -> None:
    with pytest.raises(SchemaError) as info:
        loads(text)
    assert len(info.value.errors) == 1
    assert info.value.errors[0].startswith(message), info.value.errors


@pytest.mark.parametrize("value", [None, 5, {"format": FORMAT}, ["{}"]])
def test_input_that_is_not_text(value: Any) -> None:
    with pytest.raises(SchemaError, match=r"\$: expected JSON text"):
        loads(value)


def test_deeply_nested_garbage_inside_a_report() -> None:
    doc = blank_doc()
    doc["overview"]["paragraphs"] = [copy.deepcopy([[[["x"]]]]) for _ in range(3)]
    doc["meta"]["agency"] = json.loads("[" * 500 + "]" * 500)
    assert errors_of(doc) == [
        "$.meta.agency: expected a string, got an array",
        *(f"$.overview.paragraphs[{i}]: expected a string, got an array" for i in range(3)),
    ]


def test_a_diagnostic_column_written_by_older_versions_is_ignored() -> None:
    doc = blank_doc()
    doc["diagnostics"] = [
        {"code": "x", "severity": "info", "message": "m", "line": 1, "column": None, "keys": [], "text": None}
    ]
    [diagnostic] = loads(json.dumps(doc)).diagnostics
    assert (diagnostic.code, diagnostic.line) == ("x", 1)
    assert "column" not in json.loads(dumps(loads(json.dumps(doc))))["diagnostics"][0]
