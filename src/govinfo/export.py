"""Long-format export: one row per fact, for pandas, CSV and Parquet.

Every table cell of a report becomes one row with these columns (:data:`COLUMNS`):

========================  =====================================================================
``path``                  the source file (:attr:`Report.source <govinfo.model.Report.source>`;
                          ``None`` when the report did not come from a file)
``agency``                ``meta.agency`` (机关名称)
``year``                  ``meta.year`` (报告年度, the year the statistics cover)
``edition``               ``"2019"`` or ``"2021"``, the table format
``key``                   the fact key of ``facts.tsv`` (``requests.granted.total``)
``row_label``             the row's Chinese label from ``facts.tsv`` (``（一）予以公开``)
``column_label``          the column's Chinese label from ``facts.tsv`` (``总计``)
``value``                 the cell: ``int`` for counts and changes, ``Decimal`` for amounts in
                          万元, ``None`` for "not reported" (never 0)
``unit``                  ``"万元"`` for amounts, ``None`` for counts
``line``                  the source line of the cell when the parser recorded it
                          (:attr:`Report.provenance <govinfo.model.Report.provenance>`)
``flagged``               ``True`` when a parser diagnostic names the key: do not trust the value
                          blindly (a ``None`` that is flagged is an abstention, not a blank cell)
``error``                 why the file could not be read or parsed (then it is the file's only
                          row, and every other column but ``path`` is empty)
========================  =====================================================================

A parsed report without tables (an empty file, a text that is not a 2019/2021 annual report)
gives one row with ``key`` ``None`` and no ``error``, so every input shows up in the output.

``value`` in memory, and in the CSV and Parquet files:

- **pandas** (:func:`to_pandas`): an ``object`` column holding the model's own values — ``int``,
  ``decimal.Decimal`` or ``None`` — so nothing is rounded.  ``year`` and ``line`` are nullable
  ``Int64``, ``flagged`` is ``bool``.
- **files** (``govinfo batch --out F.csv`` / ``F.parquet``, :func:`csv_text`, :class:`ParquetSink`):
  ``value`` is split into two typed columns (:data:`FILE_COLUMNS`), because no reader can type a
  column that mixes counts and decimal amounts without turning it into floats:

  - ``number`` — counts and signed changes (``int64``; empty for amounts and "not reported");
  - ``amount`` — amounts in 万元 (an exact decimal; empty for counts and "not reported").

  **Parquet** types every column: ``year``, ``number`` and ``line`` are nullable ``int64``,
  ``amount`` is ``decimal128(38, 6)`` (exact, up to six places in 万元: one 分 is 0.000001 万元),
  ``flagged`` is ``bool``, the rest strings.  The file carries pandas metadata, so that plain
  ``pandas.read_parquet`` gives nullable ``Int64`` for ``year``, ``number`` and ``line`` and
  ``Decimal`` objects for ``amount``; ``pyarrow.parquet.read_table``, DuckDB, polars and Spark
  read the Arrow types as they are.  A value that does not fit (a count beyond ``int64``, an
  amount with more than six decimal places or 32 integer digits) is written as null with
  ``flagged`` true and the reason in ``error``.

  **CSV** is text: integers as digits, amounts in plain decimal notation exactly as the parser
  read them (``39.10``), an empty field for ``None``; ``flagged`` is ``true``/``false``.  Plain
  ``pyarrow.csv.read_csv`` and DuckDB (``select * from 'F.csv'``) infer ``int64``/``BIGINT`` for
  ``year``, ``number`` and ``line`` (with nulls) and ``bool`` for ``flagged``.  No CSV reader
  infers a decimal, so ``amount`` needs its type named — ``decimal128(38, 6)`` for pyarrow,
  ``DECIMAL(38,6)`` for DuckDB — or it becomes a float; and pandas' NumPy columns cannot hold a
  missing integer, so plain ``pandas.read_csv`` gives ``float64`` for integer columns with blanks.
  What each reader needs is in ``docs/batch.md`` (``dtype_backend="numpy_nullable"`` and the
  ``amount`` type for pandas); ``edition`` (``2019``/``2021``) is inferred as a number unless it
  is named as text.  Or use :func:`read_csv`.

:func:`read_parquet` and :func:`read_csv` read the files back to the frame :func:`to_pandas`
builds (ints for counts, ``Decimal`` for amounts, joined again in ``value``; from Parquet an amount
comes back without the trailing zeros of the fixed scale, ``1.50`` as ``1.5`` — the same number).
They read the files of earlier versions, with one ``value`` column, too.

Wide views are a pivot away; :func:`wide` makes one row per report and one column per key:

>>> import govinfo
>>> from govinfo.export import wide
>>> report = govinfo.from_facts({"meta.agency": "某局", "meta.year": 2023, "meta.edition": "2021",
...                              "requests.granted.total": 5, "active.fees.amount": "39.11"})
>>> df = govinfo.to_pandas([report])
>>> len(df), list(df.columns[:5])
(200, ['path', 'agency', 'year', 'edition', 'key'])
>>> table = wide(df)                      # one row per report, one column per key
>>> row = table.iloc[0]
>>> print(row["requests.granted.total"], row["active.fees.amount"], row["requests.granted.commercial"])
5 39.11 <NA>
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from decimal import Context, Decimal
from os import PathLike
from typing import TYPE_CHECKING, Any

from ._extras import require
from .facts import table_fields, table_values, vocabulary
from .layout import value_text
from .model import EDITIONS, Edition, Report

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from .results import FileResult

COLUMNS: tuple[str, ...] = (
    "path",
    "agency",
    "year",
    "edition",
    "key",
    "row_label",
    "column_label",
    "value",
    "unit",
    "line",
    "flagged",
    "error",
)
"""The columns of the long format, in order."""

Row = tuple[
    str | None,  # path
    str | None,  # agency
    int | None,  # year
    str | None,  # edition
    str | None,  # key
    str | None,  # row_label
    str | None,  # column_label
    int | Decimal | None,  # value
    str | None,  # unit
    int | None,  # line
    bool,  # flagged
    str | None,  # error
]
"""One row of the long format (the values of :data:`COLUMNS`)."""

FILE_COLUMNS: tuple[str, ...] = (*COLUMNS[:7], "number", "amount", *COLUMNS[8:])
"""The columns of the CSV and Parquet files: :data:`COLUMNS` with ``value`` split into ``number``
(counts and changes, integers) and ``amount`` (amounts in 万元, exact decimals)."""

INDEX_COLUMNS: tuple[str, ...] = ("path", "agency", "year", "edition")
"""The columns that identify a report in :func:`wide`."""

PARQUET_VALUE_SCALE = 6
PARQUET_VALUE_PRECISION = 38
_INTEGER_DIGITS = PARQUET_VALUE_PRECISION - PARQUET_VALUE_SCALE
_QUANTUM = Decimal(1).scaleb(-PARQUET_VALUE_SCALE)
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_CONTEXT = Context(prec=PARQUET_VALUE_PRECISION + 10)


# --- rows --------------------------------------------------------------------------------------


@functools.cache
def _layout(edition: Edition) -> tuple[tuple[str, str, str, str | None, str], ...]:
    """``(key, row label, column label, unit, kind)`` for every cell of ``edition``, in the order of
    :func:`~govinfo.facts.table_fields`."""
    labels = {s.key: (s.row_label, s.column_label) for s in vocabulary() if s.edition in ("both", edition)}
    out = []
    for key, attribute in table_fields(edition):
        kind: str = attribute.metadata["kind"]
        row_label, column_label = labels.get(key, ("", ""))
        unit = "万元" if kind == "amount" else None
        out.append((key, row_label, column_label, unit, kind))
    return tuple(out)


@functools.cache
def _kinds() -> dict[str, str]:
    """Fact key → value kind (``count``, ``change`` or ``amount``) over both editions."""
    return {key: kind for edition in EDITIONS for key, _r, _c, _u, kind in _layout(edition)}


def _is_amount(key: str | None, value: object) -> bool:
    """Whether ``value`` (of fact ``key``) goes to the files' ``amount`` column, not ``number``:
    by the key's kind; for a key outside the vocabulary, by the value's type."""
    kind = _kinds().get(key) if key is not None else None
    return kind == "amount" or (kind is None and isinstance(value, Decimal))


def report_rows(report: Report, path: str | None = None) -> list[Row]:
    """The long-format rows of one report: one per table cell of its edition (see the module doc).

    ``path`` defaults to the report's :attr:`~govinfo.model.Report.source`."""
    if path is None:
        path = report.source
    meta = report.meta
    agency, year, edition = meta.agency, meta.year, meta.edition
    if edition is None:
        return [(path, agency, year, edition, None, None, None, None, None, None, False, None)]
    flagged = {key for diagnostic in report.diagnostics for key in diagnostic.keys}
    provenance = report.provenance
    rows: list[Row] = []
    for (key, row, column, unit, _kind), value in zip(_layout(edition), table_values(report), strict=True):
        position = provenance.get(key)
        line = position.line if position is not None else None
        rows.append((path, agency, year, edition, key, row, column, value, unit, line, key in flagged, None))
    return rows


def error_row(path: str | None, error: str) -> Row:
    """The single row of a file that could not be read or parsed."""
    return (path, None, None, None, None, None, None, None, None, None, False, error)


def result_rows(result: FileResult) -> list[Row]:
    """The rows of a :class:`~govinfo.results.FileResult`: the report's rows, or its error row."""
    if result.report is None:
        return [error_row(result.path, result.error or "unknown error")]
    return report_rows(result.report, result.path)


def _rows_of(items: Report | Iterable[Report | FileResult]) -> Iterator[Row]:
    if isinstance(items, Report):
        items = [items]
    for item in items:
        if isinstance(item, Report):
            yield from report_rows(item)
        else:
            yield from result_rows(item)


# --- CSV ---------------------------------------------------------------------------------------


def csv_value(value: object) -> str:
    """A value as CSV text: ``""`` for ``None``, plain decimal notation, ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value_text(value) or ""


def csv_row(row: Row) -> list[str]:
    """One long-format row as the CSV fields of :data:`FILE_COLUMNS` (``value`` split in two)."""
    value = row[7]
    number, amount = (None, value) if value is not None and _is_amount(row[4], value) else (value, None)
    return [csv_value(v) for v in (*row[:7], number, amount, *row[8:])]


def csv_text(rows: Iterable[Row]) -> str:
    """Long-format rows as CSV lines (no header), exactly as :func:`csv_row` and :mod:`csv` write them.

    Fast for the rows of whole reports: the report's columns (path, agency, year, edition) are
    quoted once per report and the label columns once per key; the other columns never need quotes.
    """
    lines: list[str] = []
    head: tuple[object, ...] = ()
    head_text = ""
    labels = _CSV_LABELS
    if len(labels) > 8192:
        labels.clear()
    for path, agency, year, edition, key, row_label, column, value, unit, line, flagged, error in rows:
        if (path, agency, year, edition) != head:
            head = (path, agency, year, edition)
            head_text = _csv_fields(head)
        label = (key, row_label, column)
        cached = labels.get(label)
        if cached is None:
            cached = labels[label] = (_csv_fields(label), _kinds().get(key) if key is not None else None)
        label_text, kind = cached
        values = _csv_number_amount(value, kind)
        lines.append(
            f"{head_text},{label_text},{values},{unit or ''},{'' if line is None else line},"
            f"{'true' if flagged else 'false'},{_csv_fields((error,)) if error else ''}\r\n"
        )
    return "".join(lines)


def result_csv(result: FileResult) -> tuple[str, int]:
    """The CSV text of a :class:`~govinfo.results.FileResult` (as :func:`csv_text` writes its
    :func:`result_rows`) and its number of rows, made without building the rows."""
    report = result.report
    if report is None or report.meta.edition is None:
        rows = result_rows(result)
        return csv_text(rows), len(rows)
    meta = report.meta
    edition = meta.edition
    head = _csv_fields((result.path, meta.agency, meta.year, edition))
    flagged = {key for diagnostic in report.diagnostics for key in diagnostic.keys}
    provenance = report.provenance
    lines = []
    for (key, label_text, kind, unit), value in zip(_csv_cells(edition), table_values(report), strict=True):
        values = _csv_number_amount(value, kind)
        position = provenance.get(key)
        lines.append(
            f"{head},{label_text},{values},{unit},{'' if position is None else position.line},"
            f"{'true' if key in flagged else 'false'},\r\n"
        )
    return "".join(lines), len(lines)


@functools.cache
def _csv_cells(edition: Edition) -> tuple[tuple[str, str, str, str], ...]:
    """Per cell of ``edition``: its key, its label columns as CSV text, its kind and its unit."""
    return tuple(
        (key, _csv_fields((key, row, column)), kind, unit or "")
        for key, row, column, unit, kind in _layout(edition)
    )


def _csv_number_amount(value: object, kind: str | None) -> str:
    """The ``number`` and ``amount`` fields of a cell's value (one of them empty), comma-joined: by
    the key's ``kind``; for a key outside the vocabulary, by the value's type."""
    if value is None:
        return ","
    if type(value) is int and kind != "amount":  # (most cells: a count)
        return f"{value},"
    if kind == "amount" or (kind is None and isinstance(value, Decimal)):
        return f",{csv_value(value)}"
    return f"{csv_value(value)},"


_CSV_LABELS: dict[tuple[object, ...], tuple[str, str | None]] = {}


def _csv_fields(fields: tuple[object, ...]) -> str:
    """Fields as the :mod:`csv` module writes them within a row (quoted where needed), no line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(csv_value(field) for field in fields)
    return buffer.getvalue()


# --- pandas ------------------------------------------------------------------------------------


def _pandas() -> Any:
    return require("pandas", purpose="pandas export", package="pandas", extra="pandas")


def _pyarrow() -> Any:
    """pyarrow, with its ``parquet`` submodule loaded."""
    require("pyarrow.parquet", purpose="Parquet export", package="pyarrow", extra="pandas")
    return sys.modules["pyarrow"]


def frame(rows: Iterable[Row]) -> pd.DataFrame:
    """A long-format DataFrame from rows (dtypes as :func:`to_pandas` documents)."""
    pd = _pandas()
    columns: list[list[Any]] = [[] for _ in COLUMNS]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    data = dict(zip(COLUMNS, columns, strict=True))
    df = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in data.items()})
    df["year"] = df["year"].astype("Int64")
    df["line"] = df["line"].astype("Int64")
    df["flagged"] = df["flagged"].astype(bool)
    return df


def to_pandas(reports: Report | Iterable[Report | FileResult]) -> pd.DataFrame:
    """The long-format DataFrame of ``reports``: one row per fact (see the module doc).

    ``reports`` is one :class:`~govinfo.model.Report`, or an iterable of reports (``path`` is
    then ``None``) and :class:`~govinfo.results.FileResult` records from :func:`govinfo.batch.parse_one`
    (which carry their path, or their error as an error row).  Needs ``govinfo-cn[pandas]``.
    """
    return frame(_rows_of(reports))


def wide(df: pd.DataFrame, *, labels: bool = False) -> pd.DataFrame:
    """Pivot a long frame to one row per report and one column per fact key.

    The index is ``(path, agency, year, edition)``; columns follow the vocabulary's order.
    Rows without a key (failed files, reports without tables) are left out.  Count and change
    columns become pandas' nullable ``Int64``; amount columns stay exact ``Decimal`` objects.
    With ``labels=True`` the columns are a ``(row_label, column_label)`` MultiIndex instead of
    keys (row labels repeat across blocks, so keys are the safer default).  Raises ``ValueError``
    if two reports share an index (e.g. reports without paths of the same agency and year).
    """
    pd = _pandas()
    kinds = _kinds()
    cells = df[df["key"].notna()]
    series = cells.set_index([*INDEX_COLUMNS, "key"])["value"]
    if series.index.has_duplicates:
        raise ValueError("wide(): two reports share path, agency, year and edition; give each report a path")
    table = series.unstack("key")
    order: dict[str, int] = {}
    for spec in vocabulary():
        order.setdefault(spec.key, len(order))
    table = table[sorted(table.columns, key=lambda k: order.get(k, len(order)))]
    for key in table.columns:
        if kinds.get(key) in ("count", "change"):
            table[key] = pd.array(
                [None if pd.isna(v) else int(v) for v in table[key].tolist()], dtype="Int64"
            )
        else:
            table[key] = [None if v is None or (isinstance(v, float) and v != v) else v for v in table[key]]
    table.columns.name = None
    if labels:
        names = cells.drop_duplicates("key").set_index("key")[["row_label", "column_label"]]
        table.columns = pd.MultiIndex.from_tuples(
            [tuple(names.loc[key]) for key in table.columns], names=["row_label", "column_label"]
        )
    return table


# --- Parquet -----------------------------------------------------------------------------------


def parquet_schema() -> pa.Schema:
    """The Arrow schema of the CSV and Parquet files (:data:`FILE_COLUMNS`): ``year``, ``number``
    and ``line`` ``int64``, ``amount`` ``decimal128(38, 6)``, ``flagged`` ``bool``, the rest strings;
    with pandas metadata, so that ``pandas.read_parquet`` makes the integers nullable ``Int64``.

    It doubles as the column types of the CSV file for ``pyarrow.csv.ConvertOptions(column_types=...)``.
    """
    pa = _pyarrow()
    types = {
        "year": pa.int64(),
        "number": pa.int64(),
        "amount": pa.decimal128(PARQUET_VALUE_PRECISION, PARQUET_VALUE_SCALE),
        "line": pa.int64(),
        "flagged": pa.bool_(),
    }
    fields = [(name, types.get(name, pa.string())) for name in FILE_COLUMNS]
    return pa.schema(fields, metadata={b"pandas": _pandas_metadata()})


@functools.cache
def _pandas_metadata() -> bytes:
    """The ``pandas`` key of the Parquet schema: how pandas rebuilds the frame (``Int64`` columns)."""
    kinds = {
        "year": ("int64", "Int64"),
        "number": ("int64", "Int64"),
        "line": ("int64", "Int64"),
        "amount": ("decimal", "object"),
        "flagged": ("bool", "bool"),
    }
    columns = []
    for name in FILE_COLUMNS:
        pandas_type, numpy_type = kinds.get(name, ("unicode", "object"))
        decimal = {"precision": PARQUET_VALUE_PRECISION, "scale": PARQUET_VALUE_SCALE}
        columns.append(
            {
                "name": name,
                "field_name": name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": decimal if name == "amount" else None,
            }
        )
    document = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "attributes": {},
        "creator": {"library": "govinfo"},
    }
    return json.dumps(document).encode()


def parquet_value(value: int | Decimal | None, *, amount: bool | None = None) -> str | None:
    """Why ``value`` cannot be stored exactly in its Parquet column, or ``None`` when it can.

    The column is ``amount`` (``decimal128(38, 6)``) when ``amount`` is true, ``number``
    (``int64``) when it is false; ``None`` means by the value's type (``Decimal``: ``amount``).
    """
    if value is None:
        return None
    if amount is None:
        amount = isinstance(value, Decimal)
    if not amount:
        if isinstance(value, int) and _INT64_MIN <= value <= _INT64_MAX:
            return None
        return f"value {csv_value(value)} cannot be stored exactly as int64; see the .jsonl or .csv export"
    number = Decimal(value)
    if (
        number.is_finite()
        and number.adjusted() < _INTEGER_DIGITS
        and number == number.quantize(_QUANTUM, context=_CONTEXT)
    ):
        return None
    return (
        f"value {csv_value(value)} cannot be stored exactly as decimal"
        f"({PARQUET_VALUE_PRECISION}, {PARQUET_VALUE_SCALE}); see the .jsonl or .csv export"
    )


def parquet_row(row: Row) -> Row:
    """``row`` ready for :func:`arrow_table`: as is, or with a value that does not fit nulled and flagged."""
    value = row[7]
    if value is None:
        return row
    amount = _is_amount(row[4], value)
    if not amount and type(value) is int and _INT64_MIN <= value <= _INT64_MAX:
        return row
    problem = parquet_value(value, amount=amount)
    if problem is None:
        return row
    path, agency, year, edition, key, row_label, column_label, _value, unit, line, _flagged, _error = row
    return (path, agency, year, edition, key, row_label, column_label, None, unit, line, True, problem)


def arrow_table(rows: Sequence[Row]) -> pa.Table:
    """An Arrow table of :data:`FILE_COLUMNS` from long-format rows (already passed through
    :func:`parquet_row`): ``value`` goes to ``number`` or ``amount``."""
    pa = _pyarrow()
    schema = parquet_schema()
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in COLUMNS]
    numbers: list[int | None] = []
    amounts: list[Decimal | None] = []
    for key, value in zip(columns[4], columns[7], strict=True):
        if value is None:
            numbers.append(None)
            amounts.append(None)
        elif _is_amount(key, value):
            numbers.append(None)
            amounts.append(Decimal(value))
        else:
            numbers.append(value)
            amounts.append(None)
    data = [*columns[:7], numbers, amounts, *columns[8:]]
    arrays = [pa.array(values, type=f.type) for values, f in zip(data, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


class ParquetSink:
    """Write long-format rows to a Parquet file in row groups of ``row_group_rows`` rows.

    Rows are buffered column by column and flushed as one row group when the buffer is full,
    so memory stays bounded however many rows go through.  Use as a context manager.
    """

    def __init__(self, path: str | PathLike[str], *, row_group_rows: int = 8_192) -> None:
        pa = _pyarrow()
        self.row_group_rows = row_group_rows
        self.rows_written = 0
        self._buffer: list[Row] = []
        self._writer = pa.parquet.ParquetWriter(path, parquet_schema(), compression="zstd")

    def write(self, rows: Iterable[Row]) -> None:
        """Add rows; a full buffer is written out as a row group."""
        self._buffer.extend(parquet_row(row) for row in rows)
        if len(self._buffer) >= self.row_group_rows:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one row group."""
        if self._buffer:
            self._writer.write_table(arrow_table(self._buffer), row_group_size=len(self._buffer))
            self.rows_written += len(self._buffer)
            self._buffer = []

    def close(self) -> None:
        """Flush and close the file (a valid Parquet file even after an interrupted run)."""
        try:
            self.flush()
        finally:
            self._writer.close()

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- reading back ------------------------------------------------------------------------------


def _typed_value(key: Any, value: Any) -> int | Decimal | None:
    """A stored value (a Parquet decimal or CSV text) back as the model's type for ``key``."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    # CSV text keeps the parser's digits (1.50 stays 1.50); Parquet's fixed scale added zeros
    number = Decimal(value) if isinstance(value, str) else _trim(Decimal(value))
    if _kinds().get(key) in ("count", "change"):
        return int(number)
    return number


def _trim(number: Decimal) -> Decimal:
    """Drop trailing fractional zeros (``39.110000`` → ``39.11``, ``100.000000`` → ``100``)."""
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    digit_list = list(digits)
    while exponent < 0 and len(digit_list) > 1 and digit_list[-1] == 0:
        digit_list.pop()
        exponent += 1
    return Decimal((sign, tuple(digit_list), exponent))


def _from_table(df: pd.DataFrame) -> pd.DataFrame:
    """The :func:`to_pandas` frame from a file's columns: ``number`` and ``amount`` (or the one
    ``value`` column of files written before the split)."""
    pd = _pandas()
    rows = df.astype(object).where(df.notna(), None)
    if "value" in rows.columns:
        stored = rows["value"].tolist()
    else:
        stored = [n if a is None else a for n, a in zip(rows["number"], rows["amount"], strict=True)]
    values = [_typed_value(k, v) for k, v in zip(rows["key"], stored, strict=True)]
    out = pd.DataFrame(
        {
            name: pd.Series(values if name == "value" else rows[name].tolist(), dtype=object)
            for name in COLUMNS
        }
    )
    out["year"] = out["year"].astype("Int64")
    out["line"] = out["line"].astype("Int64")
    out["flagged"] = out["flagged"].map(lambda v: v is True or v == "true").astype(bool)
    return out


def read_parquet(path: str | PathLike[str]) -> pd.DataFrame:
    """Read a long-format Parquet file back to the frame :func:`to_pandas` builds."""
    pa = _pyarrow()
    table = pa.parquet.read_table(path)
    return _from_table(table.to_pandas())


def read_csv(path: str | PathLike[str]) -> pd.DataFrame:
    """Read a long-format CSV file back to the frame :func:`to_pandas` builds."""
    pd = _pandas()
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df = df.replace("", None)
    return _from_table(df)


__all__ = [
    "COLUMNS",
    "FILE_COLUMNS",
    "INDEX_COLUMNS",
    "PARQUET_VALUE_PRECISION",
    "PARQUET_VALUE_SCALE",
    "ParquetSink",
    "Row",
    "arrow_table",
    "csv_row",
    "csv_text",
    "csv_value",
    "error_row",
    "frame",
    "parquet_row",
    "parquet_schema",
    "parquet_value",
    "read_csv",
    "read_parquet",
    "report_rows",
    "result_rows",
    "to_pandas",
    "wide",
]
