"""``govinfo batch`` and govinfo.batch: folders in; JSON Lines, CSV or Parquet out; errors as records.

The mixed folder holds good reports (tests/golden, examples/reports), a corrupt PDF, an empty file,
a text that is not a report and a dangling link, plus files the batch must skip.
"""

from __future__ import annotations

import io
import itertools
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import govinfo
from govinfo import batch, checks, export, results
from govinfo.cli import main
from govinfo.facts import facts, from_facts, table_fields
from govinfo.model import Report
from helpers.loading import load_script

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

Capture = pytest.CaptureFixture[str]

ROOT = Path(__file__).parent.parent
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.txt"))
EXAMPLES = sorted((ROOT / "examples" / "reports").glob("*.txt"))
FAILING = ("corrupt.pdf", "missing.txt")  # a damaged PDF, a dangling link
WITHOUT_TABLES = ("empty.txt", "note.md")  # parsed, but no 2019/2021 tables


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder of good reports, bad files, and files the batch must skip."""
    folder = tmp_path / "in"
    (folder / "sub" / "deeper").mkdir(parents=True)
    for path in GOLDEN:
        shutil.copy(path, folder / path.name)
    for path in EXAMPLES:
        shutil.copy(path, folder / "sub" / "deeper" / path.name)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "note.md").write_text("会议纪要\n今天讨论了食堂的菜单，大家都很满意。\n", encoding="utf-8")
    (folder / "missing.txt").symlink_to(folder / "does-not-exist.txt")
    # skipped: hidden files and folders, other extensions
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    (folder / ".cache").mkdir()
    shutil.copy(GOLDEN[0], folder / ".cache" / "copy.txt")
    (folder / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return folder


def expected_files(folder: Path) -> list[str]:
    names = [p.name for p in GOLDEN] + list(FAILING) + list(WITHOUT_TABLES)
    return sorted(str(folder / n) for n in names) + [
        str(folder / "sub" / "deeper" / p.name) for p in EXAMPLES
    ]


def parse_summary(stderr: str) -> dict[str, int]:
    """The counts of the summary ``govinfo batch`` prints on stderr."""
    patterns = {
        "files": r"(\d+) files →",
        "rows": r"\((\d+) (?:rows|lines)\)",
        "parsed": r"parsed: (\d+)",
        "without_tables": r"\((\d+) without 2019/2021 tables\)",
        "failed": r"failed: (\d+)",
        "with_error_findings": r"reports with error-severity findings: (\d+)",
    }
    out = {}
    for name, pattern in patterns.items():
        match = re.search(pattern, stderr)
        assert match, f"no {name} in summary: {stderr!r}"
        out[name] = int(match.group(1))
    return out


def expected_summary(files: list[str]) -> dict[str, int]:
    """The summary computed independently: parse and check every file here."""
    parsed = without = with_errors = 0
    for path in files:
        try:
            report = govinfo.parse_file(path)
        except (govinfo.GovinfoError, OSError):
            continue
        parsed += 1
        without += report.meta.edition is None
        with_errors += any(f.severity == "error" for f in govinfo.check(report).findings)
    return {
        "files": len(files),
        "parsed": parsed,
        "failed": len(files) - parsed,
        "without_tables": without,
        "with_error_findings": with_errors,
    }


def sorted_frame(df: Any) -> Any:
    return df.sort_values(["path", "key"], na_position="first").reset_index(drop=True)


def read_output(path: Path) -> Any:
    return export.read_parquet(path) if path.suffix == ".parquet" else export.read_csv(path)


# --- finding files and parsing one -------------------------------------------------------------


def test_find_files_recurses_skips_hidden_and_other_extensions(mixed: Path) -> None:
    assert batch.find_files([mixed]) == expected_files(mixed)


def test_find_files_keeps_named_files_and_drops_duplicates(mixed: Path) -> None:
    named = [str(mixed / "data.csv"), str(mixed / "nope.txt"), str(mixed / "data.csv")]
    assert batch.find_files(named) == named[:2]
    upper = mixed / "UPPER.TXT"
    upper.write_text("x", encoding="utf-8")
    assert str(upper) in batch.find_files([mixed])


def test_parse_one(mixed: Path) -> None:
    good = batch.parse_one(mixed / GOLDEN[0].name)
    assert good.ok and good.error is None and good.path == str(mixed / GOLDEN[0].name)
    assert good.report == govinfo.parse_file(GOLDEN[0])
    for name in FAILING:
        bad = batch.parse_one(str(mixed / name))
        assert not bad.ok and bad.report is None and bad.error
    assert batch.parse_one(mixed / "empty.txt").ok


def test_parse_one_turns_a_bug_into_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: Any, *, strict: bool = False) -> Report:
        raise IndexError("list index out of range")

    monkeypatch.setattr(results, "parse_file", broken)
    result = batch.parse_one("a.txt")
    assert result.error is not None and "internal error (IndexError" in result.error


def test_parse_one_is_picklable() -> None:
    import pickle

    assert pickle.loads(pickle.dumps(batch.parse_one)) is batch.parse_one
    result = batch.parse_one(EXAMPLES[0])
    assert pickle.loads(pickle.dumps(result)) == result


# --- the three formats -------------------------------------------------------------------------


def test_batch_jsonl(mixed: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(mixed), "--out", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    files = expected_files(mixed)
    summary = parse_summary(err)
    assert summary == {**expected_summary(files), "rows": len(files)}
    assert summary["failed"] == len(FAILING) and summary["without_tables"] == len(WITHOUT_TABLES)

    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(files)
    objects = [json.loads(line) for line in lines]
    assert [o["path"] for o in objects] == files  # --jobs 1 keeps file order
    records = {r.path: r for r in batch.read_jsonl(out)}
    for path in files:
        record = records[path]
        if Path(path).name in FAILING:
            assert record.report is None and record.error
        else:
            assert record.report == govinfo.parse_file(path)
            assert record.report is not None
            assert record.report.diagnostics == govinfo.parse_file(path).diagnostics


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_batch_long_format(mixed: Path, tmp_path: Path, capsys: Capture, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["batch", str(mixed), "--out", str(out), "--no-progress"]) == 1
    files = expected_files(mixed)
    df = read_output(out)
    assert list(df.columns) == list(export.COLUMNS)
    summary = parse_summary(capsys.readouterr().err)
    assert summary == {**expected_summary(files), "rows": len(df)}
    assert set(df["path"]) == set(files)

    for path in files:
        rows = df[df["path"] == path]
        name = Path(path).name
        if name in FAILING:
            [error] = rows["error"].tolist()
            assert error and rows["key"].isna().all()
            continue
        assert rows["error"].isna().all()
        report = govinfo.parse_file(path)
        if name in WITHOUT_TABLES:
            assert len(rows) == 1 and rows["key"].isna().all()
            continue
        # every table cell of the report, with its meta, compared with govinfo.facts (not the exporter)
        every = facts(report)
        assert set(rows["agency"]) == {every["meta.agency"]}
        assert set(rows["year"]) == {every["meta.year"]}
        assert set(rows["edition"]) == {every["meta.edition"]}
        assert report.meta.edition is not None
        values = {key: every[key] for key, _ in table_fields(report.meta.edition)}
        assert dict(zip(rows["key"], rows["value"], strict=True)) == values
        flagged = {k for d in report.diagnostics for k in d.keys if k in values}
        assert set(rows.loc[rows["flagged"], "key"]) == flagged
        lines = {k: p.line for k, p in report.provenance.items()}
        for key, line in zip(rows["key"], rows["line"], strict=True):
            assert (None if line is pd.NA else line) == lines.get(key)
        assert set(rows.loc[rows["unit"].notna(), "key"]) <= {
            "active.fees.amount",
            "active.procurement.amount",
        }


def test_csv_output_is_plain_text(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    main(["batch", str(mixed / GOLDEN[0].name), "--out", str(out), "--no-progress"])
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(export.FILE_COLUMNS)
    assert "朔州市统计局" in text
    assert ",false," in text


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_jobs_2_gives_the_same_output_as_jobs_1(mixed: Path, tmp_path: Path, suffix: str) -> None:
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    assert main(["batch", str(mixed), "--out", str(one), "--jobs", "1", "--no-progress"]) == 1
    assert main(["batch", str(mixed), "--out", str(two), "--jobs", "2", "--no-progress"]) == 1
    if suffix == ".jsonl":
        assert sorted(one.read_text(encoding="utf-8").splitlines()) == sorted(
            two.read_text(encoding="utf-8").splitlines()
        )
    else:
        pd.testing.assert_frame_equal(sorted_frame(read_output(one)), sorted_frame(read_output(two)))


def test_outputs_agree_with_to_pandas(mixed: Path, tmp_path: Path) -> None:
    expected = sorted_frame(govinfo.to_pandas(batch.parse_one(p) for p in expected_files(mixed)))
    for suffix in (".csv", ".parquet"):
        out = tmp_path / f"out{suffix}"
        main(["batch", str(mixed), "--out", str(out), "--no-progress"])
        pd.testing.assert_frame_equal(sorted_frame(read_output(out)), expected)


# --- status, usage, summary, progress ----------------------------------------------------------


def test_all_parsed_exits_0(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "out.parquet"
    assert main(["batch", *map(str, EXAMPLES), "--out", str(out), "--no-progress"]) == 0
    summary = parse_summary(capsys.readouterr().err)
    assert summary["files"] == summary["parsed"] == len(EXAMPLES)
    assert summary["failed"] == 0


@pytest.mark.parametrize(
    "argv", [["batch", "x", "--out", "o.xlsx"], ["batch", "x"], ["batch", "--out", "o.csv"]]
)
def test_usage_errors_exit_2(argv: list[str], capsys: Capture) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err


def test_unwritable_output_exits_1(tmp_path: Path, capsys: Capture) -> None:
    assert main(["batch", str(EXAMPLES[0]), "--out", str(tmp_path / "no" / "out.csv"), "--no-progress"]) == 1
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_no_files_is_a_usage_error_with_an_empty_output(tmp_path: Path, capsys: Capture, suffix: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / f"out{suffix}"
    assert main(["batch", str(empty), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "no report files" in err and parse_summary(err)["files"] == 0
    if suffix == ".jsonl":
        assert out.read_text(encoding="utf-8") == ""
    else:
        df = read_output(out)
        assert list(df.columns) == list(export.COLUMNS) and len(df) == 0


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    tty = FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty)
    assert main(["batch", *map(str, EXAMPLES), "--out", str(out)]) == 0
    text = tty.getvalue()
    assert f"\r[{'#' * 24}] {len(EXAMPLES)}/{len(EXAMPLES)} files" in text
    assert text.count("\n") == 5  # the bar's line end, then the four summary lines

    tty = FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty)
    main(["batch", *map(str, EXAMPLES), "--out", str(out), "--no-progress"])
    assert "\r" not in tty.getvalue()

    plain = io.StringIO()  # not a terminal: no bar
    monkeypatch.setattr(sys, "stderr", plain)
    main(["batch", *map(str, EXAMPLES), "--out", str(out)])
    assert "\r" not in plain.getvalue() and "files →" in plain.getvalue()


def test_progress_redraws_at_most_ten_times_a_second() -> None:
    stream = FakeTTY()
    bar = batch.Progress(100_000, stream, enabled=True)
    start = time.monotonic()
    for done in range(1, 100_001):
        bar.update(done, 0)
    elapsed = time.monotonic() - start
    bar.close()
    draws = stream.getvalue().count("\r")
    assert 1 <= draws <= elapsed * 10 + 2


def test_run_returns_the_summary(mixed: Path, tmp_path: Path) -> None:
    stream = io.StringIO()
    summary = batch.run([mixed], tmp_path / "out.jsonl", stderr=stream)
    assert (summary.files, summary.failed, summary.without_tables) == (
        len(expected_files(mixed)),
        len(FAILING),
        len(WITHOUT_TABLES),
    )
    assert summary.status == 1
    assert stream.getvalue() == ""  # run() draws no bar off a terminal and prints no summary
    with pytest.raises(ValueError, match="unknown output format"):
        batch.run([mixed], tmp_path / "out.txt")


def test_a_bug_in_the_checks_fails_the_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report: Report) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checks, "count_errors", broken)  # what batch calls to count error findings
    out = tmp_path / "out.csv"
    summary = batch.run(EXAMPLES, out, stderr=io.StringIO())
    assert summary.failed == len(EXAMPLES)
    errors = export.read_csv(out)["error"]
    assert len(errors) == len(EXAMPLES)
    assert errors.str.contains("internal error while checking or exporting").all()


def test_an_interrupted_run_leaves_a_readable_parquet_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = govinfo.parse_file

    def interrupted(path: Any, *, strict: bool = False) -> Report:
        if str(path) == str(EXAMPLES[2]):
            raise KeyboardInterrupt
        return real(path, strict=strict)

    monkeypatch.setattr(results, "parse_file", interrupted)
    out = tmp_path / "out.parquet"
    assert main(["batch", *map(str, EXAMPLES), "--out", str(out), "--no-progress"]) == 130
    assert not out.exists()
    df = export.read_parquet(f"{out}{batch.PARTIAL_SUFFIX}")
    assert sorted(set(df["path"])) == [str(p) for p in EXAMPLES[:2]]


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="patches the parser in forked workers"
)
def test_a_crashing_worker_fails_its_file_only(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    real = govinfo.parse_file

    def crashing(path: Any, *, strict: bool = False) -> Report:
        if os.getpid() != parent and str(path).endswith("crash.txt"):
            os._exit(3)  # as if the process were killed
        return real(path, strict=strict)

    monkeypatch.setattr(results, "parse_file", crashing)
    shutil.copy(EXAMPLES[0], mixed / "crash.txt")
    out = tmp_path / "out.jsonl"
    summary = batch.run([mixed], out, jobs=2, stderr=io.StringIO())
    records = {r.path: r for r in batch.read_jsonl(out)}
    assert set(records) == {*expected_files(mixed), str(mixed / "crash.txt")}
    crash = records[str(mixed / "crash.txt")]
    assert crash.error is not None and "worker process" in crash.error
    assert summary.failed == len(FAILING) + 1
    assert all(records[str(mixed / p.name)].ok for p in GOLDEN)


def test_workers_that_cannot_start_fail_every_file(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pool that is broken from the start: every file becomes an error record, and no hang."""

    class BrokenPool:
        def __init__(self, max_workers: int, initializer: Any = None) -> None:
            pass

        def submit(self, *args: Any) -> Any:
            raise BrokenProcessPool("cannot start")

        def shutdown(self, *, wait: bool, cancel_futures: bool) -> None:
            pass

    monkeypatch.setattr(batch, "ProcessPoolExecutor", BrokenPool)
    out = tmp_path / "out.jsonl"
    summary = batch.run([mixed], out, jobs=2, stderr=io.StringIO())
    records = list(batch.read_jsonl(out))
    assert sorted(r.path for r in records) == sorted(expected_files(mixed))
    assert all(r.error is not None and "could not be started" in r.error for r in records)
    assert summary.failed == len(records)


# --- Dask --------------------------------------------------------------------------------------


def load_dask_example() -> ModuleType:
    pytest.importorskip("dask.bag")
    # registered: dask pickles its functions by reference
    return load_script(ROOT / "examples" / "dask_corpus.py", "dask_corpus", register=True)


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_example_writes_the_same_rows(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scheduler: str
) -> None:
    dask_corpus = load_dask_example()
    parts_dir = tmp_path / "parts"
    parts = dask_corpus.run([str(mixed)], parts_dir, partition_size=4, scheduler=scheduler)
    files = expected_files(mixed)
    assert len(parts) == -(-len(files) // 4)
    assert sum(p["files"] for p in parts) == len(files)
    assert sum(p["failed"] for p in parts) == len(FAILING)
    frames = [export.read_parquet(path) for path in sorted(parts_dir.glob("part-*.parquet"))]
    got = sorted_frame(pd.concat(frames, ignore_index=True))
    out = tmp_path / "batch.parquet"
    main(["batch", str(mixed), "--out", str(out), "--no-progress"])
    pd.testing.assert_frame_equal(got, sorted_frame(export.read_parquet(out)))
    assert len(pd.read_parquet(parts_dir)) == len(got)  # the folder reads as one dataset


def test_dask_example_main(mixed: Path, tmp_path: Path, capsys: Capture) -> None:
    dask_corpus = load_dask_example()
    status = dask_corpus.main([str(mixed), str(tmp_path / "parts"), "--scheduler", "synchronous"])
    assert status == 1
    assert f"{len(expected_files(mixed))} files, {len(FAILING)} failed" in capsys.readouterr().out


# --- memory ------------------------------------------------------------------------------------


def generated_reports() -> Iterator[Report]:
    """Endless reports: the golden reports' tables with every count shifted, years cycling."""
    bases = [r for r in map(govinfo.parse_file, GOLDEN) if r.meta.edition is not None]
    i = 0
    while True:
        base = bases[i % len(bases)]
        assert base.meta.edition is not None
        cells = {key for key, _ in table_fields(base.meta.edition)}
        values = {k: v + i if k in cells and isinstance(v, int) else v for k, v in facts(base).items()}
        values["meta.year"] = 2019 + i % 6
        report = from_facts(values)
        meta = attrs.evolve(
            report.meta, title=f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"
        )
        sections: dict[str, Any] = {
            "overview": base.overview,
            "problems": base.problems,
            "other_matters": base.other_matters,
        }
        yield attrs.evolve(report, meta=meta, **sections)
        i += 1


def write_corpus(folder: Path, n: int) -> None:
    """``n`` report files in several layouts, 500 to a sub-folder."""
    layouts = ("text", "lines", "tsv", "markdown")
    for i, report in enumerate(itertools.islice(generated_reports(), n)):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"r{i:05d}.txt").write_text(
            govinfo.render(report, layouts[i % len(layouts)]), encoding="utf-8"
        )


PEAK_CODE = """
import resource, sys
from govinfo.cli import main
status = main(["batch", sys.argv[1], "--out", sys.argv[2], "--no-progress"])
try:  # this process's own high-water mark (ru_maxrss would count the forking parent's on Linux)
    with open("/proc/self/status") as status_file:
        peak_kb = next(int(line.split()[1]) for line in status_file if line.startswith("VmHWM:"))
except OSError:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(status, peak_kb)
"""

PEAK_BOUND_MB = {".parquet": 200, ".csv": 100}  # whole process: interpreter, govinfo (+ pyarrow, pandas)
GROWTH_BOUND_MB = 12  # 500 → 2,000 files: bounded parser caches fill up, nothing else may grow


def batch_peak_mb(folder: Path, out: Path) -> tuple[float, str]:
    """Run ``govinfo batch`` (--jobs 1) in a fresh process; its peak RSS in MB and its summary."""
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_CODE, str(folder), str(out)], capture_output=True, text=True, timeout=300
    )
    status, peak_kb = proc.stdout.split()
    assert status == "0", proc.stderr
    return int(peak_kb) / 1024, proc.stderr


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Generated report folders of 500 and 2,000 files."""
    small, large = tmp_path_factory.mktemp("500"), tmp_path_factory.mktemp("2000")
    write_corpus(small, 500)
    write_corpus(large, 2000)
    return small, large


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_memory_stays_flat_over_2000_files(corpora: tuple[Path, Path], tmp_path: Path, suffix: str) -> None:
    small, large = corpora
    peak_small, _ = batch_peak_mb(small, tmp_path / f"small{suffix}")
    peak_large, err = batch_peak_mb(large, tmp_path / f"large{suffix}")
    figures = f"peak RSS 500 files {peak_small:.0f} MB, 2000 files {peak_large:.0f} MB"
    print(f"\n{suffix}: {figures}; {err.splitlines()[0]}")
    assert parse_summary(err)["parsed"] == 2000
    assert peak_large <= PEAK_BOUND_MB[suffix], f"peak {peak_large:.0f} MB"
    assert peak_large - peak_small <= GROWTH_BOUND_MB, (
        f"500 files: {peak_small:.0f} MB, 2000: {peak_large:.0f} MB"
    )
