"""Parse a corpus of reports with Dask: one Parquet file per partition, in the long format.

``govinfo batch`` runs on one machine; for corpora beyond it, the same per-file function,
:func:`govinfo.batch.parse_one` (a path in, a picklable ``FileResult`` out — the report or the error),
runs on Dask.  Here a ``dask.bag`` over the file paths maps ``parse_one``; every partition becomes
long-format rows (one per fact, :mod:`govinfo.export`) written to ``OUT_DIR/part-NNNNN.parquet``,
so no machine ever holds more than one partition of reports.

    python examples/dask_corpus.py REPORTS_DIR OUT_DIR [--partition-size 200] [--scheduler processes]

``--scheduler`` is any local Dask scheduler: ``processes`` (parallel; the parser is pure Python, so
threads do not run it in parallel), ``threads`` or ``synchronous`` (for debugging); with
``dask.distributed`` running, ``dask.compute`` sends the same tasks to a cluster.  Read the result
with ``pandas.read_parquet(OUT_DIR)`` (a dataset of all parts) or part by part with
``govinfo.export.read_parquet``.  Needs ``govinfo-cn[dask]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dask
import dask.bag as db
import pyarrow.parquet as pq

from govinfo import export
from govinfo.batch import FileResult, find_files, parse_one


def write_partition(results: Sequence[FileResult], path: str) -> dict[str, Any]:
    """Write one partition's results as a Parquet file of long-format rows; return its counts."""
    rows = [export.parquet_row(row) for result in results for row in export.result_rows(result)]
    pq.write_table(export.arrow_table(rows), path, compression="zstd")
    failed = sum(1 for result in results if not result.ok)
    return {"path": path, "files": len(results), "failed": failed, "rows": len(rows)}


def build(paths: Sequence[str], out_dir: Path, *, partition_size: int = 200) -> list[Any]:
    """The Dask tasks: one delayed ``write_partition`` per partition of the files under ``paths``."""
    files = find_files(paths)
    if not files:
        return []
    bag = db.from_sequence(files, partition_size=partition_size).map(parse_one)
    return [
        dask.delayed(write_partition)(part, str(out_dir / f"part-{i:05d}.parquet"))
        for i, part in enumerate(bag.to_delayed())
    ]


def run(
    paths: Sequence[str], out_dir: str | Path, *, partition_size: int = 200, scheduler: str = "processes"
) -> list[dict[str, Any]]:
    """Parse every report under ``paths`` into ``out_dir``; return the counts of each partition."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tasks = build(paths, out, partition_size=partition_size)
    return list(dask.compute(*tasks, scheduler=scheduler))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", metavar="PATH", nargs="+", help="report files and folders")
    parser.add_argument("out_dir", metavar="OUT_DIR", help="folder for the part-NNNNN.parquet files")
    parser.add_argument("--partition-size", type=int, default=200, help="files per partition (200)")
    parser.add_argument(
        "--scheduler",
        default="processes",
        choices=("processes", "threads", "synchronous"),
        help="Dask scheduler (processes)",
    )
    args = parser.parse_args(argv)
    parts = run(args.paths, args.out_dir, partition_size=args.partition_size, scheduler=args.scheduler)
    files = sum(p["files"] for p in parts)
    failed = sum(p["failed"] for p in parts)
    rows = sum(p["rows"] for p in parts)
    print(f"{files} files, {failed} failed → {len(parts)} Parquet parts, {rows} rows in {args.out_dir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
