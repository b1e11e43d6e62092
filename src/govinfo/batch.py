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
- ``.csv`` and ``.parquet``: the long format of :mod:`govinfo.export` (typed columns: ``number``
  and ``amount``), one row per fact, one row with the error for a file that failed.

A run writes ``OUT.partial`` and renames it to ``OUT`` when every file is done; the ``OUT`` of an
earlier run is removed when a run starts, so ``OUT`` exists only as the complete output of the last
run.  Ctrl-C or SIGTERM leaves ``OUT.partial``, closed and valid, with every result so far (and
:func:`run` raises :class:`Interrupted`, carrying the :class:`Summary`).

The summary counts the files parsed and failed, names the first failures with their reasons (and
the extra to install, once, when every failure is a missing optional extra), and counts the files
under the folders left out by extension (``all_files`` / ``--all-files`` reads them).

Exit status of ``govinfo batch`` (as for ``govinfo facts`` and ``govinfo check``, a file that cannot
be read or parsed makes it 1): **0** when every file was parsed, **1** when any file failed (its
error is in the output and the run went on), **2** for a usage error (e.g. an unknown output
extension), **130** when stopped by Ctrl-C and **143** by SIGTERM (the output is then partial).
Error-severity findings of the arithmetic checks are counted in the summary but do not change the
status — a batch is an export, and the findings are data; run ``govinfo check`` to gate on them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
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

from .model import EDITIONS, Report
from .results import FileResult, read_result
from .sources.text import printable
from .wording import plural

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
    """The number of error-severity findings of :func:`govinfo.check` for ``report`` (counted, not
    built: :func:`govinfo.checks.count_errors`)."""
    from .checks import count_errors

    return count_errors(report)


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


@frozen(kw_only=True)
class Inputs:
    """What :func:`find_inputs` found: the input ``files``, and the files under the folders left out
    by name, counted by extension (``skipped``: ``(".csv", 3)``, most first; ``""`` for none)."""

    files: tuple[str, ...]
    skipped: tuple[tuple[str, int], ...] = ()

    @property
    def skipped_files(self) -> int:
        """How many files under the folders were left out because of their extension."""
        return sum(count for _suffix, count in self.skipped)


def find_inputs(
    paths: Iterable[str | PathLike[str]],
    *,
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    all_files: bool = False,
) -> Inputs:
    """The input files of a batch, and what was left out by name (see :func:`find_files`)."""
    wanted = tuple(s.lower() for s in suffixes)
    seen: set[str] = set()
    out: list[str] = []
    skipped: dict[str, set[str]] = {}

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
                if _hidden(file):
                    continue
                full = os.path.join(root, file)
                # not a FIFO or a device named *.txt (it would block or never end); a dangling link
                # is kept, to become an error row
                if _special(full):
                    continue
                if all_files or file.lower().endswith(wanted):
                    add(full)
                else:
                    skipped.setdefault(os.path.splitext(file)[1].lower(), set()).add(full)
    counts = sorted(((suffix, len(names)) for suffix, names in skipped.items()), key=lambda c: (-c[1], c[0]))
    return Inputs(files=tuple(out), skipped=tuple(counts))


def find_files(
    paths: Iterable[str | PathLike[str]],
    *,
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    all_files: bool = False,
) -> list[str]:
    """The input files of a batch: folders are searched recursively, files are taken as given.

    Inside folders only files whose extension is in ``suffixes`` count — any file with
    ``all_files`` — (not FIFOs or devices), and hidden files and folders (``.name``) are skipped;
    folders are walked in sorted order.  A path that does not exist is kept (it becomes an error
    row).  Duplicates are dropped, first occurrence wins.
    """
    return list(find_inputs(paths, suffixes=suffixes, all_files=all_files).files)


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
    error: str | None = None
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
    if fmt == "csv":
        return export.result_csv(result)
    return export.result_rows(result)


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
        return Outcome(path=failed.path, ok=False, error=failed.error, payload=_payload(failed, fmt))


def _process(path: str, fmt: OutputFormat) -> Outcome:
    result = parse_one(path)
    report = result.report
    if report is None:
        return Outcome(path=result.path, ok=False, error=result.error, payload=_payload(result, fmt))
    try:
        payload = _payload(result, fmt)
        findings = error_findings(report)
    except Exception as exc:  # a bug in govinfo must not stop a batch run
        error = (
            f"{result.path}: internal error while checking or exporting ({type(exc).__name__}: {exc}); "
            "please report this as a govinfo bug"
        )
        failed = FileResult(path=result.path, error=error)
        return Outcome(path=result.path, ok=False, error=error, payload=_payload(failed, fmt))
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
        csv.writer(self._file).writerow(export.FILE_COLUMNS)

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


FAILURES_SHOWN = 5
"""How many failed files the summary names, with their reasons."""

PARTIAL_SUFFIX = ".partial"
"""Added to the output's name while a run writes it: ``OUT.partial`` becomes ``OUT`` when the run ends."""

_EXTRA = re.compile(r'pip install "govinfo-cn\[([\w.-]+)\]"')  # in MissingExtraError's text


def missing_extra(error: str | None) -> str | None:
    """The optional extra a file's error text asks to install (``"pdf"``), if it is a missing extra."""
    match = _EXTRA.search(error or "")
    return match.group(1) if match else None


def _reason(path: str, error: str) -> str:
    """The first line of ``error`` without the path it starts with, at most 200 characters."""
    text = error.removeprefix(f"{path}: ").strip().split("\n", 1)[0]
    return text if len(text) <= 200 else text[:199] + "…"


@frozen(kw_only=True)
class Summary:
    """The counts of a batch run, and what it left out or stopped on.

    ``out`` is the file that holds the output: ``OUT``, or ``OUT.partial`` when the run was
    ``interrupted`` (by ``"SIGINT"``, Ctrl-C, or ``"SIGTERM"``).  ``failures`` names the first
    :data:`FAILURES_SHOWN` failed files with their reasons; ``missing_extras`` is set when every
    failure was a missing optional extra; ``skipped`` counts the files under the folders left out
    by extension (see :class:`Inputs`).
    """

    files: int
    parsed: int
    failed: int
    without_tables: int
    with_error_findings: int
    rows: int
    seconds: float = field(eq=False)
    out: str
    failures: tuple[tuple[str, str], ...] = ()
    missing_extras: tuple[str, ...] = ()
    skipped: tuple[tuple[str, int], ...] = ()
    interrupted: str | None = None
    removed_earlier: bool = False

    @property
    def complete(self) -> bool:
        """Whether the run went through every file (then ``out`` is the output file asked for)."""
        return self.interrupted is None

    @property
    def done(self) -> int:
        """How many files were parsed or failed (all of them, unless the run was interrupted)."""
        return self.parsed + self.failed

    @property
    def skipped_files(self) -> int:
        """How many files under the folders were left out because of their extension."""
        return sum(count for _suffix, count in self.skipped)

    @property
    def status(self) -> int:
        """The exit status: 130 if stopped by SIGINT, 143 by SIGTERM; else 1 if any file failed, else 0."""
        if self.interrupted is not None:
            return 143 if self.interrupted == "SIGTERM" else 130
        return 1 if self.failed else 0

    def __str__(self) -> str:
        rate = self.done / self.seconds if self.seconds > 0 else 0.0
        unit = "lines" if self.out.lower().endswith((".jsonl", ".jsonl" + PARTIAL_SUFFIX)) else "rows"
        if self.complete:
            lines = [
                f"{plural(self.files, 'file')} → {self.out} ({self.rows} {unit}) in {self.seconds:.1f} s"
                f" ({rate:.0f} files/s)"
            ]
        else:
            asked = self.out.removesuffix(PARTIAL_SUFFIX)
            how = "SIGINT, Ctrl-C" if self.interrupted == "SIGINT" else self.interrupted
            earlier = " (the one of an earlier run was removed when this run started)"
            lines = [
                f"INTERRUPTED ({how}) after {self.done} of {self.files} files → {self.out}"
                f" ({self.rows} {unit}) in {self.seconds:.1f} s: a partial output",
                f"  {asked} was not written{earlier if self.removed_earlier else ''};"
                " run again for every file",
            ]
        lines.append(f"  parsed: {self.parsed} ({self.without_tables} without 2019/2021 tables)")
        lines += self._failures()
        if self.skipped:
            shown = ", ".join(f"{suffix or '(no extension)'} {count}" for suffix, count in self.skipped[:5])
            more = ", …" if len(self.skipped) > 5 else ""
            lines.append(
                f"  skipped: {self.skipped_files} files by extension ({shown}{more});"
                " --all-files reads files of any extension"
            )
        lines.append(f"  reports with error-severity findings: {self.with_error_findings}")
        return "\n".join(lines)

    def _failures(self) -> list[str]:
        if self.missing_extras:
            install = f'pip install "govinfo-cn[{",".join(self.missing_extras)}]"'
            lines = [f"  failed: {self.failed}, all because an optional extra is missing: {install}"]
            lines += [f"    {path}" for path, _reason in self.failures]
        else:
            lines = [f"  failed: {self.failed}"]
            lines += [f"    {path}: {reason}" for path, reason in self.failures]
        if self.failed > len(self.failures):
            lines.append(f"    … {self.failed - len(self.failures)} more: every error is in {self.out}")
        return lines


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
    failed = FileResult(path=path, error=message)
    return Outcome(path=path, ok=False, error=message, payload=_payload(failed, fmt))


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
    """In a worker process: SIGTERM ends it at once, and Ctrl-C (SIGINT, which a terminal sends to
    every process of the run) is left to the main process, which stops the workers (the run's own
    handlers are for the main process)."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm_up() -> None:
    """Import the parser and build what it builds on first use (patterns, tables), here, before
    the workers are forked: each of them then starts with it instead of building it again."""
    from . import export, parser
    from .render import render

    for edition in EDITIONS:
        report = parser.parse(render(Report.blank(edition)))
        error_findings(report)
        export.csv_text(export.report_rows(report))


def _in_pool(files: Sequence[str], fmt: OutputFormat, jobs: int) -> Generator[Outcome, None, None]:
    """Outcomes from ``jobs`` worker processes, in the order they finish.

    Files in flight when a worker died are re-run one at a time in a one-process pool, where a
    crash can only be that file's: it becomes a failure and the run goes on.  If worker processes
    cannot run at all (a pool breaks before it finishes anything), the files left are failures.
    """
    _warm_up()
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
    all_files: bool = False,
) -> Summary:
    """Parse every report file under ``paths`` into ``out`` (``.jsonl``, ``.csv`` or ``.parquet``).

    ``jobs`` > 1 parses in that many worker processes (results are written in the order they
    finish); ``jobs`` == 1 parses in this process, in file order.  ``all_files`` reads every file
    under the folders, not only those of :data:`DEFAULT_SUFFIXES`.  ``progress`` draws a bar on
    ``stderr`` (default ``sys.stderr``); ``None`` means "when ``stderr`` is a terminal".

    The output is written to ``out`` + :data:`PARTIAL_SUFFIX` and renamed to ``out`` when every
    file is done; an ``out`` (or ``out.partial``) from an earlier run is removed first, so that
    ``out`` exists only as the complete output of the last run.  Ctrl-C (SIGINT) or SIGTERM stops
    the run: the ``.partial`` file is closed — a valid file of every result so far — and left, and
    :class:`Interrupted` (a ``KeyboardInterrupt``) is raised with the :class:`Summary`.

    Returns the :class:`Summary` (not printed here).  Raises ``ValueError`` for an unknown output
    format, ``OSError`` when the output cannot be written (then no ``.partial`` file is left).
    """
    with _stop_signals() as stop:
        return _run(paths, out, jobs=jobs, progress=progress, stderr=stderr, all_files=all_files, stop=stop)


class Terminated(KeyboardInterrupt):
    """A batch run stopped by SIGTERM (what ``kill`` and container stops send)."""


class Interrupted(KeyboardInterrupt):
    """A batch run stopped by Ctrl-C (SIGINT) or SIGTERM: ``summary`` says how far it got, and
    ``summary.out`` is the partial output (``OUT.partial``)."""

    def __init__(self, summary: Summary) -> None:
        super().__init__(f"batch run stopped by {summary.interrupted}: partial output in {summary.out}")
        self.summary = summary


class _Stop:
    """SIGINT and SIGTERM during a run: raise ``KeyboardInterrupt`` (or :class:`Terminated`) at
    once, except inside :meth:`held` — a result being written, the output being closed — where
    the raise waits for the block's end, so that the output never holds half a record."""

    def __init__(self) -> None:
        self._held = 0
        self._pending: KeyboardInterrupt | None = None

    def handle(self, signum: int, _frame: Any) -> None:
        """The signal handler."""
        exc = Terminated("terminated") if signum == getattr(signal, "SIGTERM", None) else KeyboardInterrupt()
        if not self._held:
            raise exc
        if self._pending is None:
            self._pending = exc

    @contextlib.contextmanager
    def held(self, *, discard: bool = False) -> Iterator[None]:
        """Defer the signals' raise to the end of the block (``discard``: drop it; the run is
        being stopped already)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
        pending, self._pending = self._pending, None
        if pending is not None and not discard:
            raise pending


@contextlib.contextmanager
def _stop_signals() -> Iterator[_Stop]:
    """Route SIGINT and SIGTERM through a :class:`_Stop` for the run (in the main thread; a signal
    the process ignores, as in a background job, stays ignored)."""
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous: dict[int, Any] = {}
    for name in ("SIGINT", "SIGTERM"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        current = signal.getsignal(signum)
        if current is signal.SIG_IGN or (name == "SIGINT" and current is not signal.default_int_handler):
            continue  # ignored, or someone else's Ctrl-C handler (a notebook's): left as it is
        previous[signum] = signal.signal(signum, stop.handle)
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _signal_name(interrupt: KeyboardInterrupt) -> str:
    return "SIGTERM" if isinstance(interrupt, Terminated) else "SIGINT"


def _remove(path: str) -> bool:
    """Remove the file ``path`` if there is one; whether there was."""
    try:
        os.remove(path)
    except FileNotFoundError:
        return False
    return True


def _run(
    paths: Iterable[str | PathLike[str]],
    out: str | PathLike[str],
    *,
    jobs: int,
    progress: bool | None,
    stderr: TextIO | None,
    all_files: bool,
    stop: _Stop,
) -> Summary:
    stream = stderr if stderr is not None else sys.stderr
    out_name = os.fspath(out)
    fmt = output_format(out_name)
    inputs = find_inputs(paths, all_files=all_files)
    files = inputs.files
    partial = out_name + PARTIAL_SUFFIX
    removed_earlier = _remove(out_name)  # OUT exists only as the complete output of the last run
    _remove(partial)
    if progress is None:
        progress = _isatty(stream)
    bar = Progress(len(files), stream, enabled=progress)
    start = time.monotonic()
    outcomes: Generator[Outcome, None, None]
    outcomes = _in_pool(files, fmt, jobs) if jobs > 1 and len(files) > 1 else _in_process(files, fmt)
    writer: _Writer | None = None
    interrupt: KeyboardInterrupt | None = None
    parsed = failed = without_tables = with_errors = 0
    failures: list[tuple[str, str]] = []
    extras: set[str] = set()
    all_extras = True
    try:
        try:
            for outcome in outcomes:
                with stop.held():  # the record and its counts, or neither
                    if writer is None:  # opened once the workers run: no fork after the writer's threads
                        writer = _open_writer(partial, fmt)
                    writer.write(outcome)
                    if outcome.ok:
                        parsed += 1
                        without_tables += not outcome.tables
                        with_errors += outcome.error_findings > 0
                    else:
                        failed += 1
                        error = outcome.error or "unknown error"
                        if len(failures) < FAILURES_SHOWN:
                            failures.append((outcome.path, _reason(outcome.path, error)))
                        extra = missing_extra(error)
                        all_extras = all_extras and extra is not None
                        if extra is not None:
                            extras.add(extra)
                bar.update(parsed + failed, failed)
            bar.update(parsed + failed, failed, force=True)
        except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: close what was written, keep it partial
            interrupt = exc
        with stop.held(discard=interrupt is not None):
            if writer is None:  # nothing came yet: an empty output, still a readable one
                writer = _open_writer(partial, fmt)
            writer.close()
            if interrupt is None:
                os.replace(partial, out_name)
    except BaseException:  # an error, not an interrupt: no output, and no partial one that looks valid
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
        with contextlib.suppress(OSError):
            _remove(partial)
        raise
    finally:
        outcomes.close()  # stops the worker processes of a run that ends early
        bar.close()
    summary = Summary(
        files=len(files),
        parsed=parsed,
        failed=failed,
        without_tables=without_tables,
        with_error_findings=with_errors,
        rows=writer.rows,
        seconds=time.monotonic() - start,
        out=out_name if interrupt is None else partial,
        failures=tuple(failures),
        missing_extras=tuple(sorted(extras)) if failed and all_extras else (),
        skipped=inputs.skipped,
        interrupted=None if interrupt is None else _signal_name(interrupt),
        removed_earlier=removed_earlier,
    )
    if interrupt is not None:
        raise Interrupted(summary) from interrupt
    return summary


def _isatty(stream: IO[str] | io.TextIOBase) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


__all__ = [
    "DEFAULT_SUFFIXES",
    "FAILURES_SHOWN",
    "FORMATS",
    "PARTIAL_SUFFIX",
    "FileResult",
    "FileTimeout",
    "Inputs",
    "Interrupted",
    "Outcome",
    "Progress",
    "Summary",
    "Terminated",
    "error_findings",
    "find_files",
    "find_inputs",
    "missing_extra",
    "output_format",
    "parse_one",
    "process",
    "process_chunk",
    "read_jsonl",
    "run",
]
