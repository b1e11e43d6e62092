"""The long format: rows, pandas, CSV and Parquet, and the wide pivot (govinfo.export)."""

from __future__ import annotations

import doctest
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo
from govinfo import export
from govinfo.diagnostics import SourcePosition
from govinfo.facts import table_fields, vocabulary
from govinfo.model import Report
from govinfo.results import FileResult
from helpers.strategies import reports, small_report

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).parent.parent


def sample_report() -> Report:
    """A 2021 report with a count, a zero, an amount, a diagnostic and provenance."""
    return small_report(Decimal("39.10"), {"requests.granted.total": SourcePosition(line=41, column=3)})


def by_key(rows: list[export.Row]) -> dict[str | None, export.Row]:
    return {row[4]: row for row in rows}


# --- rows --------------------------------------------------------------------------------------


def test_one_row_per_cell_with_labels_units_lines_and_flags() -> None:
    rows = export.report_rows(sample_report(), "a/b.txt")
    assert len(rows) == len(table_fields("2021"))
    assert all(len(row) == len(export.COLUMNS) for row in rows)
    rows_by_key = by_key(rows)
    assert [r[4] for r in rows] == [key for key, _ in table_fields("2021")]

    total = dict(zip(export.COLUMNS, rows_by_key["requests.granted.total"], strict=True))
    assert total == {
        "path": "a/b.txt",
        "agency": "朔州市统计局",
        "year": 2023,
        "edition": "2021",
        "key": "requests.granted.total",
        "row_label": "三、本年度办理结果（一）予以公开",
        "column_label": "总计",
        "value": 5,
        "unit": None,
        "line": 41,
        "flagged": False,
        "error": None,
    }
    fees = dict(zip(export.COLUMNS, rows_by_key["active.fees.amount"], strict=True))
    assert fees["value"] == Decimal("39.10") and str(fees["value"]) == "39.10"
    assert fees["unit"] == "万元"
    assert fees["column_label"] == "本年收费金额（单位：万元）"
    assert rows_by_key["requests.granted.natural_person"][7] == 0
    flagged = rows_by_key["requests.granted.commercial"]
    assert flagged[7] is None and flagged[10] is True
    assert sum(row[10] for row in rows) == 1


def test_labels_come_from_facts_tsv() -> None:
    for edition in ("2019", "2021"):
        report = Report.blank(edition)
        specs = {s.key: s for s in vocabulary() if s.edition in ("both", edition)}
        for row in export.report_rows(report):
            assert row[4] is not None
            spec = specs[row[4]]
            assert (row[5], row[6]) == (spec.row_label, spec.column_label)


def test_report_without_tables_gives_one_keyless_row() -> None:
    report = govinfo.parse("今天天气很好。")
    [row] = export.report_rows(report, "note.md")
    assert row[0] == "note.md"
    assert row[4] is None and row[7] is None and row[11] is None


def test_error_record_gives_one_error_row() -> None:
    [row] = export.result_rows(FileResult(path="x.pdf", error="damaged"))
    assert row == ("x.pdf", None, None, None, None, None, None, None, None, None, False, "damaged")


# --- pandas ------------------------------------------------------------------------------------


def test_to_pandas_columns_and_dtypes() -> None:
    df = govinfo.to_pandas([sample_report(), Report.blank("2019")])
    assert list(df.columns) == list(export.COLUMNS)
    assert len(df) == len(table_fields("2021")) + len(table_fields("2019"))
    assert df["path"].isna().all()
    assert str(df["year"].dtype) == "Int64"
    assert str(df["line"].dtype) == "Int64"
    assert df["flagged"].dtype == bool
    assert df["value"].dtype == object
    first = df.drop_duplicates("key").set_index("key")["value"]
    assert type(first["requests.granted.total"]) is int
    assert type(first["active.fees.amount"]) is Decimal
    assert first["active.fees.amount"] == Decimal("39.10")


def test_report_to_pandas_and_single_report() -> None:
    report = sample_report()
    df = report.to_pandas("r.txt")
    assert set(df["path"]) == {"r.txt"}
    pd.testing.assert_frame_equal(
        govinfo.to_pandas(report), df.assign(path=pd.Series([None] * len(df), dtype=object))
    )


def test_to_pandas_of_batch_records() -> None:
    records = [FileResult(path="a.txt", report=sample_report()), FileResult(path="b.pdf", error="bad")]
    df = govinfo.to_pandas(records)
    assert set(df["path"]) == {"a.txt", "b.pdf"}
    errors = df[df["error"].notna()]
    assert errors["path"].tolist() == ["b.pdf"]
    assert errors["key"].isna().all()


def test_import_govinfo_does_not_import_pandas_or_pyarrow() -> None:
    code = (
        "import sys, govinfo, govinfo.export, govinfo.batch; govinfo.Report.blank('2021'); "
        "print('pandas' in sys.modules, 'pyarrow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(govinfo.MissingExtraError, match=r"govinfo-cn\[pandas\]"):
        govinfo.to_pandas([sample_report()])
    with pytest.raises(ImportError):  # MissingExtraError is an ImportError too
        sample_report().to_pandas()


# --- wide --------------------------------------------------------------------------------------


def test_wide_one_row_per_report_in_vocabulary_order() -> None:
    other = attrs.evolve(sample_report(), meta=attrs.evolve(sample_report().meta, year=2024))
    df = govinfo.to_pandas([sample_report(), other, Report.blank("2019", meta=govinfo.Meta(edition="2019"))])
    table = export.wide(df)
    assert table.index.names == list(export.INDEX_COLUMNS)
    assert len(table) == 3
    assert list(table.columns[:3]) == [
        "active.regulations.issued",
        "active.regulations.repealed",
        "active.regulations.in_force",
    ]
    row = table.xs(2023, level="year").iloc[0]
    assert row["requests.granted.total"] == 5
    assert row["active.fees.amount"] == Decimal("39.10")
    assert row["requests.granted.commercial"] is pd.NA
    assert str(table["requests.granted.total"].dtype) == "Int64"
    assert table["active.fees.amount"].dtype == object


def test_wide_with_labels() -> None:
    table = export.wide(sample_report().to_pandas("a.txt"), labels=True)
    assert table.columns.names == ["row_label", "column_label"]
    assert table[("三、本年度办理结果（一）予以公开", "总计")].iloc[0] == 5


def test_wide_drops_keyless_rows_and_rejects_duplicate_reports() -> None:
    df = govinfo.to_pandas([FileResult(path="x.pdf", error="bad"), sample_report()])
    assert len(export.wide(df)) == 1
    with pytest.raises(ValueError, match="share"):
        export.wide(govinfo.to_pandas([sample_report(), sample_report()]))


def test_module_doctest() -> None:
    result = doctest.testmod(export)
    assert result.attempted > 0 and result.failed == 0


def test_docs_page_doctest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "docs" / "batch.md"), module_relative=False)
    assert result.attempted > 0 and result.failed == 0


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_values() -> None:
    assert export.csv_value(None) == ""
    assert export.csv_value(True) == "true"
    assert export.csv_value(-417) == "-417"
    assert export.csv_value(Decimal("1E+2")) == "100"
    assert export.csv_value(Decimal("39.10")) == "39.10"


def _write_csv(path: Path, df_rows: list[export.Row]) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(export.FILE_COLUMNS)
        writer.writerows(export.csv_row(row) for row in df_rows)


def test_csv_round_trip_is_exact(tmp_path: Path) -> None:
    records = [FileResult(path="a.txt", report=sample_report()), FileResult(path="b", error="line 1\nline 2")]
    rows = [row for record in records for row in export.result_rows(record)]
    _write_csv(tmp_path / "out.csv", rows)
    back = export.read_csv(tmp_path / "out.csv")
    pd.testing.assert_frame_equal(back, govinfo.to_pandas(records))
    fees = back.set_index("key").loc["active.fees.amount", "value"]
    assert str(fees) == "39.10"  # the digits as the parser read them


@given(reports(), st.sampled_from(["a.txt", 'dir, with "quotes"/b.txt', None]))
def test_csv_text_is_csv_row_by_row(report: Report, path: str | None) -> None:
    """The batch writer's fast CSV text equals writing :func:`export.csv_row` row by row."""
    import csv
    import io

    rows = [*export.report_rows(report, path), export.error_row(path, 'failed, "quoted"\nline 2')]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(export.csv_row(row) for row in rows)
    assert export.csv_text(rows) == buffer.getvalue()


@given(reports(), st.sampled_from(["a.txt", 'dir, with "quotes"/b.txt']))
def test_result_csv_is_csv_text_of_its_rows(report: Report, path: str) -> None:
    """Batch's CSV of a file, made without rows, is the CSV text of its rows."""
    parsed = govinfo.parse(govinfo.render(report, "lines"))  # with source lines and diagnostics
    for one in (report, parsed):
        result = FileResult(path=path, report=one)
        rows = export.result_rows(result)
        assert export.result_csv(result) == (export.csv_text(rows), len(rows))
    failed = FileResult(path=path, error='failed, "quoted"')
    assert export.result_csv(failed) == (export.csv_text(export.result_rows(failed)), 1)


# --- Parquet -----------------------------------------------------------------------------------


def test_parquet_counts_are_int64_and_amounts_exact_decimals_never_floats(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    with export.ParquetSink(path) as sink:
        sink.write(export.report_rows(sample_report(), "a.txt"))
    table = pq.read_table(path)
    assert table.schema.equals(export.parquet_schema(), check_metadata=True)
    assert table.column_names == list(export.FILE_COLUMNS)
    types = {f.name: f.type for f in table.schema}
    assert types["number"] == types["year"] == types["line"] == pa.int64()
    assert types["amount"] == pa.decimal128(38, 6)
    keys = table.column("key").to_pylist()
    numbers = dict(zip(keys, table.column("number").to_pylist(), strict=True))
    amounts = dict(zip(keys, table.column("amount").to_pylist(), strict=True))
    assert amounts["active.fees.amount"] == Decimal("39.10") and numbers["active.fees.amount"] is None
    assert numbers["requests.granted.total"] == 5 and amounts["requests.granted.total"] is None
    assert numbers["requests.granted.commercial"] is None is amounts["requests.granted.commercial"]
    native = pd.read_parquet(path, dtype_backend="pyarrow")
    assert "decimal128(38, 6)" in str(native["amount"].dtype)
    assert "int64" in str(native["number"].dtype)


def test_parquet_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    records = [FileResult(path="a.txt", report=sample_report()), FileResult(path="b", error="bad")]
    with export.ParquetSink(path) as sink:
        for record in records:
            sink.write(export.result_rows(record))
    pd.testing.assert_frame_equal(export.read_parquet(path), govinfo.to_pandas(records))


def test_parquet_value_that_does_not_fit_is_null_flagged_and_explained(tmp_path: Path) -> None:
    # from_facts and loads refuse counts this size; a report built in code may still hold them
    report = govinfo.from_facts({"meta.edition": "2021", "active.fees.amount": Decimal("1.1234567")})
    assert report.requests is not None
    int64_max = 2**63 - 1
    granted = attrs.evolve(
        report.requests.granted, total=int64_max + 1, other_org=int64_max, commercial=-int64_max - 2
    )
    report = attrs.evolve(report, requests=attrs.evolve(report.requests, granted=granted))
    path = tmp_path / "out.parquet"
    with export.ParquetSink(path) as sink:
        sink.write(export.report_rows(report))
    df = export.read_parquet(path).set_index("key")
    for key in ("active.fees.amount", "requests.granted.total", "requests.granted.commercial"):
        assert df.loc[key, "value"] is None
        assert df.loc[key, "flagged"]
        assert "cannot be stored exactly" in df.loc[key, "error"]
    assert df.loc["requests.granted.other_org", "value"] == int64_max
    assert not df.loc["requests.granted.other_org", "flagged"]


def test_parquet_value_checks_the_column_of_the_value() -> None:
    assert export.parquet_value(2**63 - 1) is None
    assert "int64" in (export.parquet_value(2**63) or "")
    assert export.parquet_value(2**63, amount=True) is None  # as decimal128(38, 6) it fits
    assert "decimal" in (export.parquet_value(Decimal("0.0000001")) or "")
    assert export.parquet_value(Decimal("39.11")) is None and export.parquet_value(None) is None


def test_files_of_earlier_versions_with_one_value_column_still_read(tmp_path: Path) -> None:
    """Before the split, the files had one ``value`` column (Parquet ``decimal128(38, 6)``, CSV text)."""
    import csv

    records = [FileResult(path="a.txt", report=sample_report()), FileResult(path="b", error="bad")]
    rows = [row for record in records for row in export.result_rows(record)]
    old_csv = tmp_path / "old.csv"
    with open(old_csv, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(export.COLUMNS)
        writer.writerows([export.csv_value(v) for v in row] for row in rows)
    pd.testing.assert_frame_equal(export.read_csv(old_csv), govinfo.to_pandas(records))

    types = {"year": pa.int64(), "line": pa.int64(), "flagged": pa.bool_(), "value": pa.decimal128(38, 6)}
    schema = pa.schema([(name, types.get(name, pa.string())) for name in export.COLUMNS])
    columns = [list(column) for column in zip(*rows, strict=True)]
    old_parquet = tmp_path / "old.parquet"
    pq.write_table(pa.table(columns, schema=schema), old_parquet)
    back = export.read_parquet(old_parquet)
    expected = govinfo.to_pandas(records)
    pd.testing.assert_frame_equal(back.drop(columns="value"), expected.drop(columns="value"))
    assert back["value"].tolist() == expected["value"].tolist()


def test_parquet_sink_writes_bounded_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    rows = export.report_rows(sample_report())
    with export.ParquetSink(path, row_group_rows=500) as sink:
        for _ in range(10):
            sink.write(rows)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 10 * len(rows)
    assert meta.num_row_groups > 1
    assert all(meta.row_group(i).num_rows < 500 + len(rows) for i in range(meta.num_row_groups))


def test_empty_parquet_has_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    export.ParquetSink(path).close()
    df = export.read_parquet(path)
    assert list(df.columns) == list(export.COLUMNS) and len(df) == 0


@settings(max_examples=15)
@given(report=reports(), path=st.sampled_from(["a.txt", "目录/报告.pdf"]))
def test_generated_reports_survive_csv_and_parquet(report: Report, path: str) -> None:
    rows = export.report_rows(report, path)
    expected = export.frame(rows)
    with tempfile.TemporaryDirectory() as tmp:
        _write_csv(Path(tmp) / "out.csv", rows)
        pd.testing.assert_frame_equal(export.read_csv(Path(tmp) / "out.csv"), expected)
        with export.ParquetSink(Path(tmp) / "out.parquet") as sink:
            sink.write(rows)
        back = export.read_parquet(Path(tmp) / "out.parquet")
    pd.testing.assert_frame_equal(back.drop(columns="value"), expected.drop(columns="value"))
    assert back["value"].tolist() == expected["value"].tolist()  # equal numbers, Decimal == Decimal


def _value_types(df: Any) -> set[type]:
    return {type(v) for v in df["value"] if v is not None}


def test_no_floats_anywhere(tmp_path: Path) -> None:
    df = govinfo.to_pandas([sample_report()])
    assert _value_types(df) <= {int, Decimal}
    path = tmp_path / "out.parquet"
    with export.ParquetSink(path) as sink:
        sink.write(export.report_rows(sample_report()))
    assert _value_types(export.read_parquet(path)) <= {int, Decimal}
