"""Long-format export: one row per fact, for pandas, CSV and Parquet.

Every table cell of a report becomes one row with these columns (:data:`COLUMNS`):

========================  =====================================================================
``path``                  the source file (``None`` when the report did not come from a file)
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

The three representations of ``value``:

- **pandas** (:func:`to_pandas`): an ``object`` column holding the model's own values — ``int``,
  ``decimal.Decimal`` or ``None`` — so nothing is rounded.  ``year`` and ``line`` are nullable
  ``Int64``, ``flagged`` is ``bool``.
- **CSV**: text — integers as digits, amounts in plain decimal notation (``39.11``), an empty
  field for ``None``; ``flagged`` is ``true``/``false``.
- **Parquet**: ``decimal128(38, 6)`` (:data:`PARQUET_VALUE_TYPE`), an exact decimal type every
  Parquet reader understands (DuckDB, Spark, polars, pyarrow): counts are whole decimals, amounts
  keep up to six places in 万元 (one 分 is 0.000001 万元).  Never a float.  A value that does not
  fit exactly (more than six decimal places or more than 32 integer digits) is written as null
  with ``flagged`` true and the reason in ``error``.

:func:`read_parquet` and :func:`read_csv` read the files back to the frame :func:`to_pandas`
builds (ints for counts, ``Decimal`` for amounts; from Parquet an amount comes back without the
trailing zeros of the fixed scale, ``1.50`` as ``1.5`` — the same number).  Plain
``pandas.read_parquet`` gives ``Decimal`` objects for ``value``; with ``dtype_backend="pyarrow"``
it keeps the exact ``decimal128`` column, on which sums stay exact.

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

INDEX_COLUMNS: tuple[str, ...] = ("path", "agency", "year", "edition")
"""The columns that identify a report in :func:`wide`."""

PARQUET_VALUE_SCALE = 6
PARQUET_VALUE_PRECISION = 38
_INTEGER_DIGITS = PARQUET_VALUE_PRECISION - PARQUET_VALUE_SCALE
_QUANTUM = Decimal(1).scaleb(-PARQUET_VALUE_SCALE)
_INT_LIMIT = 10**_INTEGER_DIGITS
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


def report_rows(report: Report, path: str | None = None) -> list[Row]:
    """The long-format rows of one report: one per table cell of its edition (see the module doc)."""
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
    """One long-format row as CSV fields."""
    return [csv_value(v) for v in row]


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
    for row in rows:
        if row[:4] != head:
            head = row[:4]
            head_text = _csv_fields(head)
        label = row[4:7]
        label_text = labels.get(label)
        if label_text is None:
            label_text = labels[label] = _csv_fields(label)
        value, unit, line, flagged, error = row[7:]
        lines.append(
            f"{head_text},{label_text},{csv_value(value)},{unit or ''},{'' if line is None else line},"
            f"{'true' if flagged else 'false'},{_csv_fields((error,)) if error else ''}\r\n"
        )
    return "".join(lines)


_CSV_LABELS: dict[tuple[object, ...], str] = {}


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
    """The Arrow schema of the Parquet long format (``value`` is ``decimal128(38, 6)``)."""
    pa = _pyarrow()
    return pa.schema(
        [
            ("path", pa.string()),
            ("agency", pa.string()),
            ("year", pa.int64()),
            ("edition", pa.string()),
            ("key", pa.string()),
            ("row_label", pa.string()),
            ("column_label", pa.string()),
            ("value", pa.decimal128(PARQUET_VALUE_PRECISION, PARQUET_VALUE_SCALE)),
            ("unit", pa.string()),
            ("line", pa.int64()),
            ("flagged", pa.bool_()),
            ("error", pa.string()),
        ]
    )


def parquet_value(value: int | Decimal | None) -> str | None:
    """Why ``value`` cannot be stored exactly as ``decimal128(38, 6)``, or ``None`` when it can."""
    if value is None:
        return None
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
    if value is None or (isinstance(value, int) and -_INT_LIMIT < value < _INT_LIMIT):
        return row
    problem = parquet_value(value)
    if problem is None:
        return row
    path, agency, year, edition, key, row_label, column_label, _value, unit, line, _flagged, _error = row
    return (path, agency, year, edition, key, row_label, column_label, None, unit, line, True, problem)


def arrow_table(rows: Sequence[Row]) -> pa.Table:
    """An Arrow table of long-format rows (already passed through :func:`parquet_row`)."""
    pa = _pyarrow()
    schema = parquet_schema()
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in COLUMNS]
    arrays = [pa.array(values, type=f.type) for values, f in zip(columns, schema, strict=True)]
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
    pd = _pandas()
    rows = df.astype(object).where(df.notna(), None)
    values = [_typed_value(k, v) for k, v in zip(rows["key"], rows["value"], strict=True)]
    out = pd.DataFrame({name: pd.Series(rows[name].tolist(), dtype=object) for name in COLUMNS})
    out["value"] = pd.Series(values, dtype=object)
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
