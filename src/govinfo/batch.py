"""Batch runs: parse whole folders of reports into one JSON Lines, CSV or Parquet file.

The building block is :func:`parse_one`, a top-level (picklable) function from a path to a
:class:`FileResult` — the report, or the error that stopped it.  :func:`run` (the ``govinfo batch``
command) finds the files, parses them in this process or in ``jobs`` worker processes, and
streams every result to the output as it arrives: reports are never collected, so memory stays
flat however many files there are.  The same :func:`parse_one` runs on Dask
(``examples/dask_corpus.py``) or any other executor.

Output formats, chosen by the extension of ``out``:

- ``.jsonl``: one line per file, ``{"path": ..., "report": {...}}`` with the document
  :func:`govinfo.dumps` writes, or ``{"path": ..., "error": "..."}``; :func:`read_jsonl` reads it back.
- ``.csv`` and ``.parquet``: the long format of :mod:`govinfo.export`, one row per fact, one
  row with the error for a file that failed.

Exit status of ``govinfo batch`` (as for ``govinfo facts`` and ``govinfo check``, a file that cannot
be read or parsed makes it 1): **0** when every file was parsed, **1** when any file failed (its
error is in the output and the run went on), **2** for a usage error (e.g. an unknown output
extension).  Error-severity findings of the arithmetic checks are counted in the summary but do not
change the status — a batch is an export, and the findings are data; run ``govinfo check`` to gate
on them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from os import PathLike
from pathlib import Path
from typing import IO, Any, Literal, TextIO

from attrs import field, frozen

import govinfo

from .model import Report
from .results import FileResult, read_result
from .sources.text import printable

DEFAULT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
"""File extensions picked up inside folders (case-insensitive); files named explicitly are always read."""

OutputFormat = Literal["jsonl", "csv", "parquet"]

FORMATS: dict[str, OutputFormat] = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}
"""Output extension → format."""


parse_one = read_result
"""Parse one file into a :class:`~govinfo.results.FileResult` (never raises for a bad file): the
building block of a batch run, picklable, for any executor (this is
:func:`govinfo.results.read_result`)."""


def error_findings(report: Report) -> int:
    """The number of error-severity findings of :func:`govinfo.check` for ``report``."""
    return sum(1 for finding in govinfo.check(report).findings if finding.severity == "error")


# --- finding files -----------------------------------------------------------------------------


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _special(path: str) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (a FIFO, a device)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def find_files(
    paths: Iterable[str | PathLike[str]], *, suffixes: Sequence[str] = DEFAULT_SUFFIXES
) -> list[str]:
    """The input files of a batch: folders are searched recursively, files are taken as given.

    Inside folders only files whose extension is in ``suffixes`` count (not FIFOs or devices),
    and hidden files and folders (``.name``) are skipped; folders are walked in sorted order.
    A path that does not exist is kept (it becomes an error row).  Duplicates are dropped, first
    occurrence wins.
    """
    wanted = tuple(s.lower() for s in suffixes)
    seen: set[str] = set()
    out: list[str] = []

    def add(name: str) -> None:
        if name not in seen:
            seen.add(name)
            out.append(name)

    for path in paths:
        name = os.fspath(path)
        if not os.path.isdir(name):
            add(name)
            continue
        for root, dirs, files in os.walk(name):
            dirs[:] = sorted(d for d in dirs if not _hidden(d))
            for file in sorted(files):
                full = os.path.join(root, file)
                # not a FIFO or a device named *.txt (it would block or never end); a dangling link
                # is kept, to become an error row
                if not _hidden(file) and file.lower().endswith(wanted) and not _special(full):
                    add(full)
    return out


def output_format(out: str | PathLike[str]) -> OutputFormat:
    """The output format of ``out`` from its extension; ``ValueError`` for an unknown one."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unknown output format {suffix or '(none)'!r}: use one of {', '.join(FORMATS)}")
    return FORMATS[suffix]


# --- work done per file (in a worker process when jobs > 1) -------------------------------------


@frozen(kw_only=True)
class Outcome:
    """A file's result in the shape the writer needs: the payload plus what the summary counts."""

    path: str
    ok: bool
    tables: bool = False
    error_findings: int = 0
    payload: Any = None


def _jsonl_line(result: FileResult) -> str:
    path = json.dumps(result.path, ensure_ascii=False)
    if result.report is None:
        return f'{{"path": {path}, "error": {json.dumps(result.error, ensure_ascii=False)}}}\n'
    return f'{{"path": {path}, "report": {govinfo.dumps(result.report)}}}\n'


def _payload(result: FileResult, fmt: OutputFormat) -> Any:
    """What the writer of ``fmt`` needs: a JSON line, ``(CSV text, rows)``, or the rows (Parquet).
    Text is made here, in the worker, so the process writing the output does little per file."""
    from . import export

    if fmt == "jsonl":
        return _jsonl_line(result)
    rows = export.result_rows(result)
    return (export.csv_text(rows), len(rows)) if fmt == "csv" else rows


FILE_SECONDS = 120.0
"""The longest one file may take in a batch run (where the system has timers): then it is stopped
and becomes that file's error row, and the run goes on."""


class FileTimeout(BaseException):
    """A file that took over :data:`FILE_SECONDS` in a batch run.

    Not an ``Exception``: the handlers that turn any error of one file into its error row
    (:func:`~govinfo.results.read_result`) must not catch it."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`FileTimeout` in this (main) thread after ``seconds`` (no-op without timers)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise FileTimeout(f"took over {seconds:.0f} s: stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process(path: str, fmt: OutputFormat) -> Outcome:
    """Parse, check and format one file for ``fmt`` (rows for csv/parquet, a line for jsonl),
    within :data:`FILE_SECONDS`."""
    try:
        with _deadline(FILE_SECONDS):
            return _process(path, fmt)
    except FileTimeout as exc:
        failed = FileResult(path=printable(path), error=f"{printable(path)}: {exc}")
        return Outcome(path=failed.path, ok=False, payload=_payload(failed, fmt))


def _process(path: str, fmt: OutputFormat) -> Outcome:
    result = parse_one(path)
    report = result.report
    if report is None:
        return Outcome(path=result.path, ok=False, payload=_payload(result, fmt))
    try:
        payload = _payload(result, fmt)
        findings = error_findings(report)
    except Exception as exc:  # a bug in govinfo must not stop a batch run
        error = (
            f"{result.path}: internal error while checking or exporting ({type(exc).__name__}: {exc}); "
            "please report this as a govinfo bug"
        )
        failed = FileResult(path=result.path, error=error)
        return Outcome(path=result.path, ok=False, payload=_payload(failed, fmt))
    return Outcome(
        path=result.path,
        ok=True,
        tables=report.meta.edition is not None,
        error_findings=findings,
        payload=payload,
    )


def process_chunk(paths: Sequence[str], fmt: OutputFormat) -> list[Outcome]:
    """:func:`process` for several files (one task of a worker process)."""
    return [process(path, fmt) for path in paths]


# --- writers -----------------------------------------------------------------------------------


class _Writer:
    """Streams outcomes to the output file."""

    rows = 0

    def write(self, outcome: Outcome) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class _JsonlWriter(_Writer):
    def __init__(self, out: str) -> None:
        self._file: TextIO = open(out, "w", encoding="utf-8", newline="\n")  # noqa: SIM115

    def write(self, outcome: Outcome) -> None:
        self._file.write(outcome.payload)
        self.rows += 1

    def close(self) -> None:
        self._file.close()


class _CsvWriter(_Writer):
    def __init__(self, out: str) -> None:
        from . import export

        self._file: IO[str] = open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115
        csv.writer(self._file).writerow(export.COLUMNS)

    def write(self, outcome: Outcome) -> None:
        text, rows = outcome.payload
        self._file.write(text)
        self.rows += rows

    def close(self) -> None:
        self._file.close()


class _ParquetWriter(_Writer):
    def __init__(self, out: str) -> None:
        from .export import ParquetSink

        self._sink = ParquetSink(out)

    def write(self, outcome: Outcome) -> None:
        self._sink.write(outcome.payload)
        self.rows += len(outcome.payload)

    def close(self) -> None:
        self._sink.close()


def _open_writer(out: str, fmt: OutputFormat) -> _Writer:
    if fmt == "jsonl":
        return _JsonlWriter(out)
    if fmt == "csv":
        return _CsvWriter(out)
    return _ParquetWriter(out)


def read_jsonl(path: str | PathLike[str]) -> Iterator[FileResult]:
    """Read back a ``.jsonl`` batch output, one :class:`FileResult` per line."""
    with open(path, encoding="utf-8") as file:
        for line in file:
            if not line.strip():
                continue
            obj = json.loads(line)
            if "error" in obj:
                yield FileResult(path=obj["path"], error=obj["error"])
            else:
                report = govinfo.loads(json.dumps(obj["report"], ensure_ascii=False))
                yield FileResult(path=obj["path"], report=report)


# --- progress and summary ----------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal, redrawn at most every ``interval`` seconds."""

    def __init__(self, total: int, stream: TextIO, *, enabled: bool, interval: float = 0.1) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.interval = interval
        self.start = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def update(self, done: int, failed: int, *, force: bool = False) -> None:
        """Redraw if enabled and ``interval`` has passed since the last redraw (or ``force``)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        fraction = done / self.total if self.total else 1.0
        width = 24
        filled = int(width * fraction)
        bar = "#" * filled + "-" * (width - filled)
        text = (
            f"\r[{bar}] {done}/{self.total} files {fraction:4.0%}  {done / elapsed:6.1f} files/s"
            f"  {failed} failed"
        )
        self.stream.write(text)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the progress line."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


@frozen(kw_only=True)
class Summary:
    """The counts of a batch run."""

    files: int
    parsed: int
    failed: int
    without_tables: int
    with_error_findings: int
    rows: int
    seconds: float = field(eq=False)
    out: str

    @property
    def status(self) -> int:
        """The exit status: 1 if any file failed, else 0."""
        return 1 if self.failed else 0

    def __str__(self) -> str:
        rate = self.files / self.seconds if self.seconds > 0 else 0.0
        unit = "lines" if self.out.lower().endswith(".jsonl") else "rows"
        return "\n".join(
            [
                f"{self.files} files → {self.out} ({self.rows} {unit}) in {self.seconds:.1f} s"
                f" ({rate:.0f} files/s)",
                f"  parsed: {self.parsed} ({self.without_tables} without 2019/2021 tables)",
                f"  failed: {self.failed}",
                f"  reports with error-severity findings: {self.with_error_findings}",
            ]
        )


# --- running -----------------------------------------------------------------------------------


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _chunk_size(files: int, jobs: int) -> int:
    return max(1, min(32, files // (jobs * 8) or 1))


def _in_process(files: Sequence[str], fmt: OutputFormat) -> Generator[Outcome, None, None]:
    for path in files:
        yield process(path, fmt)


def _died(path: str, fmt: OutputFormat, exc: BaseException) -> Outcome:
    """The failure of a file that killed the worker process parsing it."""
    message = f"{path}: the worker process parsing this file died ({type(exc).__name__}: {exc})"
    return Outcome(path=path, ok=False, payload=_payload(FileResult(path=path, error=message), fmt))


def _pool_round(
    queue: deque[list[str]], fmt: OutputFormat, workers: int, window: int, suspects: list[str]
) -> Generator[Outcome, None, int]:
    """Run the queued chunks in a pool until the queue is empty or the pool breaks.

    At most ``window`` chunks are in flight, so finished results never pile up.  When a worker
    dies (a crash or an out-of-memory kill takes the whole pool down), the files of every chunk
    that did not finish go to ``suspects`` and the round ends; the rest stays queued.  Returns
    the number of chunks taken from the queue (finished or suspect).
    """
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals)
    taken = 0
    finished = False
    try:
        pending: dict[Future[list[Outcome]], list[str]] = {}
        broken = False
        while pending or (queue and not broken):
            while queue and not broken and len(pending) < window:
                chunk = queue.popleft()
                try:
                    pending[pool.submit(process_chunk, chunk, fmt)] = chunk
                except BrokenProcessPool:  # a worker died before any result showed it
                    queue.appendleft(chunk)  # never ran: it stays queued
                    broken = True
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                taken += 1
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    broken = True
                    suspects.extend(chunk)
                    continue
                yield from outcomes
        finished = True
    finally:  # also when the run stops early (an interrupt): drop the queued tasks
        if not finished:
            _stop_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
    return taken


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (a run stopped early must not wait for them, nor leave them
    behind; a worker stopped halfway through sending a result could leave the pool's queues locked)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, AttributeError, ValueError):
            process.kill()
    # A worker killed halfway through sending a result leaves a partial message, which the pool's
    # result reader would wait on for ever (and shutdown with it): closing this process's end of the
    # result pipe turns that wait into an end of file, which the pool handles as a broken pool.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.close()


def _worker_signals() -> None:
    """In a worker process: SIGTERM ends it at once (the run's own handler is for the main process)."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _in_pool(files: Sequence[str], fmt: OutputFormat, jobs: int) -> Generator[Outcome, None, None]:
    """Outcomes from ``jobs`` worker processes, in the order they finish.

    Files in flight when a worker died are re-run one at a time in a one-process pool, where a
    crash can only be that file's: it becomes a failure and the run goes on.  If worker processes
    cannot run at all (a pool breaks before it finishes anything), the files left are failures.
    """
    queue = deque(_chunks(files, _chunk_size(len(files), jobs)))
    stuck = False  # a pool broke before it ran anything: worker processes cannot start
    while queue and not stuck:
        suspects: list[str] = []
        stuck = not (yield from _pool_round(queue, fmt, jobs, jobs * 4, suspects))
        while suspects and not stuck:
            singles = deque([path] for path in suspects)
            suspects = []
            if not (yield from _pool_round(singles, fmt, 1, 1, suspects)):
                queue.extend(singles)
                stuck = True
            elif suspects:
                yield _died(suspects[0], fmt, BrokenProcessPool("the process exited abruptly"))
                suspects = [chunk[0] for chunk in singles]
    for chunk in queue:  # left only when stuck
        for path in chunk:
            yield _died(path, fmt, BrokenProcessPool("worker processes could not be started"))


def run(
    paths: Iterable[str | PathLike[str]],
    out: str | PathLike[str],
    *,
    jobs: int = 1,
    progress: bool | None = None,
    stderr: TextIO | None = None,
) -> Summary:
    """Parse every report file under ``paths`` into ``out`` (``.jsonl``, ``.csv`` or ``.parquet``).

    ``jobs`` > 1 parses in that many worker processes (results are written in the order they
    finish); ``jobs`` == 1 parses in this process, in file order.  ``progress`` draws a bar on
    ``stderr`` (default ``sys.stderr``); ``None`` means "when ``stderr`` is a terminal".  Returns
    the :class:`Summary` (not printed here).  Raises ``ValueError`` for an unknown output format.
    """
    with _terminate_as_interrupt():
        return _run(paths, out, jobs=jobs, progress=progress, stderr=stderr)


class Terminated(KeyboardInterrupt):
    """A batch run stopped by SIGTERM (what ``kill`` and container stops send)."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C: the output is closed with every result so far (a
    Parquet file gets its footer) and the worker processes are stopped."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise Terminated("terminated")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(
    paths: Iterable[str | PathLike[str]],
    out: str | PathLike[str],
    *,
    jobs: int,
    progress: bool | None,
    stderr: TextIO | None,
) -> Summary:
    stream = stderr if stderr is not None else sys.stderr
    out_name = os.fspath(out)
    fmt = output_format(out_name)
    files = find_files(paths)
    if progress is None:
        progress = _isatty(stream)
    bar = Progress(len(files), stream, enabled=progress)
    start = time.monotonic()
    outcomes: Generator[Outcome, None, None]
    outcomes = _in_pool(files, fmt, jobs) if jobs > 1 and len(files) > 1 else _in_process(files, fmt)
    writer: _Writer | None = None
    done = parsed = failed = without_tables = with_errors = 0
    try:
        for outcome in outcomes:
            if writer is None:  # opened once the workers run: no fork after the writer's threads
                writer = _open_writer(out_name, fmt)
            writer.write(outcome)
            done += 1
            if outcome.ok:
                parsed += 1
                without_tables += not outcome.tables
                with_errors += outcome.error_findings > 0
            else:
                failed += 1
            bar.update(done, failed)
        bar.update(done, failed, force=True)
        if writer is None:
            writer = _open_writer(out_name, fmt)
    finally:
        outcomes.close()
        bar.close()
        if writer is None:  # stopped before the first result: an empty output, still a readable one
            with contextlib.suppress(Exception):
                writer = _open_writer(out_name, fmt)
        if writer is not None:
            writer.close()
    return Summary(
        files=len(files),
        parsed=parsed,
        failed=failed,
        without_tables=without_tables,
        with_error_findings=with_errors,
        rows=writer.rows,
        seconds=time.monotonic() - start,
        out=out_name,
    )


def _isatty(stream: IO[str] | io.TextIOBase) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


__all__ = [
    "DEFAULT_SUFFIXES",
    "FORMATS",
    "FileResult",
    "FileTimeout",
    "Outcome",
    "Progress",
    "Summary",
    "Terminated",
    "error_findings",
    "find_files",
    "output_format",
    "parse_one",
    "process",
    "process_chunk",
    "read_jsonl",
    "run",
]
