"""The fact vocabulary and the model agree both ways; facts/from_facts are inverse."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given

import govinfo
from govinfo.facts import META_KEYS, fact_keys, table_fields, vocabulary
from govinfo.model import EDITIONS, STATED_KINDS, Edition, Report
from helpers.strategies import reports


@pytest.mark.parametrize("edition", EDITIONS)
def test_model_and_vocabulary_agree(edition: str) -> None:
    model_keys = [*META_KEYS, *(key for key, _ in table_fields(edition))]
    stated_keys = [f"stated.{kind}" for kind in STATED_KINDS]  # the figures the text states
    assert [*model_keys, *stated_keys] == list(fact_keys(edition))


@pytest.mark.parametrize("edition", EDITIONS)
def test_labels_and_types_agree(edition: str) -> None:
    specs = {s.key: s for s in vocabulary() if s.edition in ("both", edition)}
    for key, attribute in table_fields(edition):
        spec = specs[key]
        assert attribute.metadata["label"] == spec.column_label, key
        kind = attribute.metadata["kind"]
        expected = {"count": "int", "change": "int (may be negative)", "amount": "decimal (万元)"}[kind]
        assert spec.type == expected, key


def test_vocabulary_counts() -> None:
    assert len(fact_keys("2019")) == 3 + 22 + 161 + 15 + 23
    assert len(fact_keys("2021")) == 3 + 10 + 175 + 15 + 23


@pytest.mark.parametrize("edition", EDITIONS)
def test_blank_report_is_all_none(edition: Edition) -> None:
    values = govinfo.facts(Report.blank(edition))
    assert list(values) == list(fact_keys(edition))
    assert values["meta.edition"] == edition
    assert all(v is None for k, v in values.items() if k != "meta.edition")


@given(reports())
def test_from_facts_inverts_facts(report: Report) -> None:
    values = govinfo.facts(report)
    rebuilt = govinfo.from_facts(values)
    assert govinfo.facts(rebuilt) == values
    assert rebuilt.active == report.active
    assert rebuilt.requests == report.requests
    assert rebuilt.review_litigation == report.review_litigation
    assert (rebuilt.meta.agency, rebuilt.meta.year, rebuilt.meta.edition) == (
        report.meta.agency,
        report.meta.year,
        report.meta.edition,
    )


@given(reports())
def test_facts_values_have_the_documented_types(report: Report) -> None:
    for key, value in govinfo.facts(report).items():
        if value is None or key.startswith("meta."):
            continue
        if key == "stated.fees.charged":
            assert isinstance(value, bool)
            continue
        if key.endswith(".amount"):
            assert isinstance(value, Decimal), key
        else:
            assert isinstance(value, int) and not isinstance(value, bool), key


def test_from_facts_rejects_bad_input() -> None:
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts({"meta.edition": "2019", "active.fees.amount": "1"})  # 2021-only key
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts({"meta.edition": "2021", "requests.granted.total": 1.5})
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts({"meta.edition": "2021", "requests.granted.total": True})
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts({"meta.edition": "2023"})
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts({"meta.edition": "2021", "active.fees.amount": "abc"})


def test_from_facts_accepts_decimal_strings() -> None:
    r = govinfo.from_facts({"meta.edition": "2021", "active.fees.amount": "39.11"})
    assert r.active is not None
    assert r.active.fees.amount == Decimal("39.11")  # type: ignore[union-attr]


def test_json_facts_are_what_the_cli_writes() -> None:
    """Amounts as plain-notation strings (no exponent), counts as ints, exactly as ``govinfo facts``."""
    report = govinfo.from_facts(
        {"meta.edition": "2021", "active.fees.amount": Decimal("1E+1"), "requests.new_received.total": 7}
    )
    out = govinfo.json_facts(report)
    assert out["active.fees.amount"] == "10"
    assert out["requests.new_received.total"] == 7
    assert out["requests.granted.total"] is None
    assert list(out) == list(govinfo.facts(report))
    assert json.loads(json.dumps(out)) == out
