"""The CSV and Parquet files of ``govinfo batch`` read with their types by plain pandas, pyarrow and
DuckDB: counts stay integers (with nulls), amounts stay exact decimals, never floats.

The reports are generated (every number of a report different), each with a two-place amount and a
"not reported" cell, written as text files and run through :func:`govinfo.batch.run`; what each
reader gives is compared with the facts of the generated reports, not with govinfo's own reader.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govinfo
from govinfo import batch
from govinfo.facts import facts, from_facts, table_fields
from govinfo.model import EDITIONS, Report
from helpers.strategies import reports

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pacsv = pytest.importorskip("pyarrow.csv")

AMOUNT_TYPE = pa.decimal128(38, 6)
Cells = dict[tuple[str, str], Any]  # (path, key) → the cell's value


@st.composite
def corpora(draw: st.DrawFn) -> list[Report]:
    """A report of each edition, each with an amount of two decimal places and one count not reported."""
    out = []
    for edition in EDITIONS:
        report = draw(reports(edition))
        values = facts(report)
        amounts = [key for key, a in table_fields(edition) if a.metadata["kind"] == "amount"]
        counts = [key for key, a in table_fields(edition) if a.metadata["kind"] == "count"]
        cents = draw(st.integers(1, 10**7).filter(lambda n: n % 10 != 0))
        values[draw(st.sampled_from(amounts))] = Decimal(cents).scaleb(-2)  # like 39.11
        values[draw(st.sampled_from(counts))] = None
        rebuilt = attrs.evolve(
            from_facts(values),
            meta=report.meta,
            overview=report.overview,
            problems=report.problems,
            other_matters=report.other_matters,
        )
        out.append(rebuilt)
    return out


def write_reports(folder: Path, generated: list[Report]) -> dict[str, Report]:
    """The reports as text files in ``folder``: path → report."""
    written = {}
    for i, report in enumerate(generated):
        path = folder / f"r{i}.txt"
        path.write_text(govinfo.render(report), encoding="utf-8")
        written[str(path)] = report
    return written


def expected_cells(written: dict[str, Report]) -> tuple[Cells, Cells]:
    """The reports' counts and changes, and their amounts, by (path, key), from their facts."""
    numbers: Cells = {}
    amounts: Cells = {}
    for path, report in written.items():
        kinds = {key: a.metadata["kind"] for key, a in table_fields(report.meta.edition or "2021")}
        for key, value in facts(report).items():
            if key in kinds:
                (amounts if kinds[key] == "amount" else numbers)[(path, key)] = value
    return numbers, amounts


def cells(paths: list[Any], keys: list[Any], values: list[Any]) -> Cells:
    """(path, key) → value, with pandas' missing markers as ``None``."""
    return {
        (p, k): None if v is None or v is pd.NA else v for p, k, v in zip(paths, keys, values, strict=True)
    }


def assert_exact(got: Cells, expected: Cells) -> None:
    """Equal values, and of exact types: ``int`` for counts, ``Decimal`` for amounts (never a float)."""
    assert got == expected
    for key, value in got.items():
        expected_type = type(expected[key])
        assert value is None or isinstance(value, Decimal if expected_type is Decimal else int), key
        assert not isinstance(value, float), key


Runner = Callable[[list[Report], str], tuple[Path, dict[str, Report]]]


@pytest.fixture
def run_batch() -> Iterator[Runner]:
    """A function of (reports, output suffix): the reports as text files in a fresh folder, run
    through ``govinfo batch``; it gives the output's path and the files' reports."""
    with tempfile.TemporaryDirectory() as tmp:
        runs = 0

        def run(generated: list[Report], suffix: str) -> tuple[Path, dict[str, Report]]:
            nonlocal runs
            runs += 1
            folder = Path(tmp) / f"run{runs}"
            (folder / "in").mkdir(parents=True)
            written = write_reports(folder / "in", generated)
            out = folder / f"out{suffix}"
            summary = batch.run([folder / "in"], out, stderr=io.StringIO())
            assert summary.parsed == len(generated) and summary.complete
            return out, written

        yield run


EXAMPLES = settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
INTEGER_COLUMNS = ("year", "number", "line")


@EXAMPLES
@given(generated=corpora())
def test_parquet_reads_typed_in_plain_pandas_and_pyarrow(run_batch: Runner, generated: list[Report]) -> None:
    out, written = run_batch(generated, ".parquet")
    numbers, amounts = expected_cells(written)

    df = pd.read_parquet(out)  # no options
    assert {name: str(df[name].dtype) for name in INTEGER_COLUMNS} == dict.fromkeys(INTEGER_COLUMNS, "Int64")
    assert df["flagged"].dtype == bool and df["amount"].dtype == object
    rows = df[df["key"].notna()]
    paths, keys = rows["path"].tolist(), rows["key"].tolist()
    assert_exact(cells(paths, keys, rows["number"].tolist()), numbers | dict.fromkeys(amounts))
    assert_exact(cells(paths, keys, rows["amount"].tolist()), amounts | dict.fromkeys(numbers))
    years = {path: report.meta.year for path, report in written.items()}
    assert dict(zip(rows["path"], rows["year"].tolist(), strict=True)) == years

    table = pq.read_table(out)  # no options
    types = {field.name: field.type for field in table.schema}
    assert [types[name] for name in INTEGER_COLUMNS] == [pa.int64()] * 3
    assert types["amount"] == AMOUNT_TYPE and types["flagged"] == pa.bool_()
    columns = table.to_pydict()
    assert_exact(cells(columns["path"], columns["key"], columns["number"]), numbers | dict.fromkeys(amounts))
    assert_exact(cells(columns["path"], columns["key"], columns["amount"]), amounts | dict.fromkeys(numbers))


@EXAMPLES
@given(generated=corpora())
def test_csv_reads_typed_in_pyarrow_and_pandas(run_batch: Runner, generated: list[Report]) -> None:
    out, written = run_batch(generated, ".csv")
    numbers, amounts = expected_cells(written)

    plain = pacsv.read_csv(out)  # inference alone types the integer columns, with their nulls
    types = {field.name: field.type for field in plain.schema}
    assert [types[name] for name in INTEGER_COLUMNS] == [pa.int64()] * 3
    assert types["flagged"] == pa.bool_()
    columns = plain.to_pydict()
    assert_exact(cells(columns["path"], columns["key"], columns["number"]), numbers | dict.fromkeys(amounts))

    # no CSV reader infers a decimal: the amount's type is named, as docs/batch.md says
    options = pacsv.ConvertOptions(column_types={"amount": AMOUNT_TYPE})
    typed = pacsv.read_csv(out, convert_options=options).to_pydict()
    assert_exact(cells(typed["path"], typed["key"], typed["amount"]), amounts | dict.fromkeys(numbers))

    df = pd.read_csv(
        out,
        engine="pyarrow",
        dtype_backend="numpy_nullable",
        dtype={"edition": "string", "amount": pd.ArrowDtype(AMOUNT_TYPE)},
    )
    assert {name: str(df[name].dtype) for name in INTEGER_COLUMNS} == dict.fromkeys(INTEGER_COLUMNS, "Int64")
    assert set(df["edition"].dropna()) == {report.meta.edition for report in written.values()}
    rows = df[df["key"].notna()]
    paths, keys = rows["path"].tolist(), rows["key"].tolist()
    assert_exact(cells(paths, keys, rows["number"].tolist()), numbers | dict.fromkeys(amounts))
    assert_exact(cells(paths, keys, rows["amount"].tolist()), amounts | dict.fromkeys(numbers))


COLUMNS_SQL = "path, key, number, amount, year, line"


@EXAMPLES
@given(generated=corpora())
def test_duckdb_reads_parquet_and_csv_typed(run_batch: Runner, generated: list[Report]) -> None:
    duckdb = pytest.importorskip("duckdb")
    parquet, in_parquet = run_batch(generated, ".parquet")
    csv_out, in_csv = run_batch(generated, ".csv")
    queries = {
        f"select {COLUMNS_SQL} from read_parquet('{parquet}')": in_parquet,  # no options
        f"select {COLUMNS_SQL} from read_csv('{csv_out}', types={{'amount': 'DECIMAL(38,6)'}})": in_csv,
    }
    for query, written in queries.items():
        numbers, amounts = expected_cells(written)
        relation = duckdb.sql(query)
        types = ["VARCHAR", "VARCHAR", "BIGINT", "DECIMAL(38,6)", "BIGINT", "BIGINT"]
        assert [str(t) for t in relation.types] == types, query
        rows = [row for row in relation.fetchall() if row[1] is not None]
        paths, keys = [r[0] for r in rows], [r[1] for r in rows]
        assert_exact(cells(paths, keys, [r[2] for r in rows]), numbers | dict.fromkeys(amounts))
        assert_exact(cells(paths, keys, [r[3] for r in rows]), amounts | dict.fromkeys(numbers))

    # DuckDB's own inference types the CSV's integer and boolean columns
    plain = duckdb.sql(f"select number, year, line, flagged from '{csv_out}'")
    assert [str(t) for t in plain.types] == ["BIGINT", "BIGINT", "BIGINT", "BOOLEAN"]
