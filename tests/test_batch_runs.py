"""What a ``govinfo batch`` run tells, and what it leaves when it is stopped.

- The summary names the first failures with their reasons, counts the files skipped by extension
  (``--all-files`` reads them), and names a missing optional extra once when every failure is one.
- The output is written as ``OUT.partial`` and renamed to ``OUT`` at the end; an interrupted run
  (Ctrl-C, SIGTERM — sent for real to a ``python -m govinfo batch`` process) leaves a valid
  ``OUT.partial``, no ``OUT`` (the one of an earlier run is removed), and a non-zero status.
"""

from __future__ import annotations

import collections
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import govinfo
from govinfo import batch, export, results
from govinfo.cli import main
from govinfo.model import Report

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

Capture = pytest.CaptureFixture[str]

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples" / "reports").glob("*.txt"))
PDFS = sorted((ROOT / "tests" / "data").glob("*.pdf"))
DOCX = ROOT / "tests" / "data" / "template-2021-blank.docx"
SUFFIXES = (".jsonl", ".csv", ".parquet")


def read_output(path: Path | str) -> list[str]:
    """The paths of the files in a batch output (one per report row, or record), any format."""
    name = str(path).removesuffix(batch.PARTIAL_SUFFIX)
    if name.endswith(".jsonl"):
        return [record.path for record in batch.read_jsonl(path)]
    df = export.read_parquet(path) if name.endswith(".parquet") else export.read_csv(path)
    paths: list[str] = df["path"].tolist()
    return paths


def error_text(path: Path) -> str:
    """Why govinfo cannot parse ``path``, as its exception says (computed here, not by the batch)."""
    with pytest.raises((govinfo.GovinfoError, OSError)) as caught:
        govinfo.parse_file(path)
    return str(caught.value)


def run_cli(argv: list[str], capsys: Capture) -> tuple[int, str]:
    status = main(["batch", *argv, "--no-progress"])
    return status, capsys.readouterr().err


# --- failures ----------------------------------------------------------------------------------


def test_the_summary_names_the_first_failures_with_their_reasons(tmp_path: Path, capsys: Capture) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    bad = [folder / f"bad{i}.pdf" for i in range(batch.FAILURES_SHOWN + 2)]
    for i, path in enumerate(bad):
        path.write_bytes(b"%PDF-1.4 " + bytes(range(i + 1)))
    status, err = run_cli([str(folder), "--out", str(tmp_path / "out.csv")], capsys)
    assert status == 1
    assert f"failed: {len(bad)}" in err
    shown = sorted(bad, key=str)[: batch.FAILURES_SHOWN]  # --jobs 1 keeps file order
    for path in shown:
        reason = error_text(path).removeprefix(f"{path}: ").split("\n")[0]
        assert f"\n    {path}: {reason}\n" in err
    hidden = set(bad) - set(shown)
    assert not any(str(path) in err for path in hidden)
    assert f"… {len(hidden)} more: every error is in {tmp_path / 'out.csv'}" in err


def test_a_reason_is_one_line_of_bounded_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_line = "细节" * 300

    def failing(path: Any, *, strict: bool = False) -> Report:
        raise govinfo.ParseError(f"{path}: {long_line}\nsecond line")

    monkeypatch.setattr(results, "parse_file", failing)
    summary = batch.run(EXAMPLES[:1], tmp_path / "out.jsonl", stderr=io.StringIO())
    [(path, reason)] = summary.failures
    assert path == str(EXAMPLES[0])
    assert reason.endswith("…") and len(reason) <= 200 and long_line.startswith(reason[:-1])
    assert "second line" not in str(summary)


@pytest.mark.parametrize("missing", [("pypdfium2",), ("pypdfium2", "docx")], ids=["pdf", "pdf and docx"])
def test_a_missing_extra_is_named_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture, missing: tuple[str, ...]
) -> None:
    for module in missing:
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [*EXAMPLES, *PDFS, DOCX]:
        shutil.copy(path, folder / path.name)
    status, err = run_cli([str(folder), "--out", str(tmp_path / "out.parquet")], capsys)
    failing = sorted(str(folder / f.name) for f in [*PDFS, DOCX] if f.suffix != ".docx" or "docx" in missing)
    asked = [re.search(r'pip install "govinfo-cn\[(\w+)\]"', error_text(Path(path))) for path in failing]
    extras = sorted({match.group(1) for match in asked if match})
    assert all(asked) and len(extras) == len(missing)  # every failure is a missing extra
    install = f'pip install "govinfo-cn[{",".join(extras)}]"'
    assert status == 1
    assert err.count("pip install") == 1
    assert f"failed: {len(failing)}, all because an optional extra is missing: {install}" in err
    for name in failing[: batch.FAILURES_SHOWN]:
        assert f"\n    {name}\n" in err


def test_other_failures_keep_their_own_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PDFS[0], folder / PDFS[0].name)
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    summary = batch.run([folder], tmp_path / "out.jsonl", stderr=io.StringIO())
    assert summary.missing_extras == () and summary.failed == 2
    text = str(summary)
    assert "optional extra is missing" not in text
    assert text.count("pip install") == 1  # in the PDF's own reason
    assert f"{folder / 'gone.txt'}: " in text


# --- files left out by name --------------------------------------------------------------------


@pytest.fixture
def with_other_files(tmp_path: Path) -> tuple[Path, list[Path], list[Path]]:
    """A folder of reports and of files of other extensions; (folder, reports, others)."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    reports = [folder / p.name for p in EXAMPLES]
    for source, path in zip(EXAMPLES, reports, strict=True):
        shutil.copy(source, path)
    others = [folder / "data.csv", folder / "sub" / "a.xls", folder / "sub" / "b.XLS", folder / "README"]
    for path in others:
        path.write_text("名称,数量\n", encoding="utf-8")
    (folder / ".hidden.xls").write_text("x", encoding="utf-8")  # hidden: neither read nor counted
    return folder, reports, others


def test_files_skipped_by_extension_are_counted(
    with_other_files: tuple[Path, list[Path], list[Path]], tmp_path: Path, capsys: Capture
) -> None:
    folder, reports, others = with_other_files
    counts = collections.Counter(path.suffix.lower() for path in others)
    inputs = batch.find_inputs([folder])
    assert sorted(inputs.files) == sorted(map(str, reports))
    assert dict(inputs.skipped) == dict(counts) and inputs.skipped_files == len(others)
    assert [count for _suffix, count in inputs.skipped] == sorted(counts.values(), reverse=True)

    status, err = run_cli([str(folder), "--out", str(tmp_path / "out.csv")], capsys)
    assert status == 0
    assert f"skipped: {len(others)} files by extension (" in err and "--all-files" in err
    for suffix, count in counts.items():
        assert f"{suffix or '(no extension)'} {count}" in err


def test_all_files_reads_files_of_any_extension(
    with_other_files: tuple[Path, list[Path], list[Path]], tmp_path: Path, capsys: Capture
) -> None:
    folder, reports, others = with_other_files
    everything = sorted(map(str, [*reports, *others]))
    assert sorted(batch.find_files([folder], all_files=True)) == everything
    out = tmp_path / "out.jsonl"
    status, err = run_cli([str(folder), "--out", str(out), "--all-files"], capsys)
    assert status in (0, 1)
    assert sorted(read_output(out)) == everything
    assert "skipped:" not in err


def test_no_report_files_points_to_all_files(tmp_path: Path, capsys: Capture) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xls").write_text("x", encoding="utf-8")
    status, err = run_cli([str(folder), "--out", str(tmp_path / "out.csv")], capsys)
    assert status == 2
    assert "no report files" in err and "1 files of other extensions skipped: --all-files" in err


# --- OUT.partial -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_complete_run_renames_its_partial_output(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    partial = Path(f"{out}{batch.PARTIAL_SUFFIX}")
    out.write_text("an earlier run's output\n", encoding="utf-8")
    partial.write_text("an earlier run's partial output\n", encoding="utf-8")
    summary = batch.run(EXAMPLES, out, stderr=io.StringIO())
    assert summary.complete and summary.out == str(out) and summary.status == 0
    assert not partial.exists()
    assert sorted(set(read_output(out))) == sorted(map(str, EXAMPLES))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_interrupted_run_leaves_a_valid_partial_output_and_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture, suffix: str
) -> None:
    real = govinfo.parse_file
    stop_at = 3

    def interrupted(path: Any, *, strict: bool = False) -> Report:
        if str(path) == str(EXAMPLES[stop_at]):
            raise KeyboardInterrupt
        return real(path, strict=strict)

    monkeypatch.setattr(results, "parse_file", interrupted)
    out = tmp_path / f"out{suffix}"
    partial = f"{out}{batch.PARTIAL_SUFFIX}"
    out.write_text("an earlier run's output\n", encoding="utf-8")
    status, err = run_cli([*map(str, EXAMPLES), "--out", str(out)], capsys)
    assert status == 130
    assert not out.exists()
    assert sorted(set(read_output(partial))) == sorted(map(str, EXAMPLES[:stop_at]))
    assert f"INTERRUPTED (SIGINT, Ctrl-C) after {stop_at} of {len(EXAMPLES)} files → {partial}" in err
    assert f"{out} was not written (the one of an earlier run was removed" in err

    with pytest.raises(batch.Interrupted) as caught:
        batch.run(EXAMPLES, out, stderr=io.StringIO())
    summary = caught.value.summary
    assert (summary.out, summary.done, summary.status, summary.complete) == (partial, stop_at, 130, False)
    assert not summary.removed_earlier  # the interrupted run above left no output


def test_an_error_while_writing_leaves_neither_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    real = batch._CsvWriter.write
    calls = []

    def full_disk(self: Any, outcome: batch.Outcome) -> None:
        calls.append(outcome)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(self, outcome)

    monkeypatch.setattr(batch._CsvWriter, "write", full_disk)
    out = tmp_path / "out.csv"
    status, err = run_cli([*map(str, EXAMPLES), "--out", str(out)], capsys)
    assert status == 1 and "cannot write" in err and "No space left" in err
    assert not out.exists() and not Path(f"{out}{batch.PARTIAL_SUFFIX}").exists()


# --- real signals ------------------------------------------------------------------------------

CORPUS_FILES = 4000  # at over 1,000 files a second, still a few seconds of work


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the example reports, enough that a run is stopped long before its end."""
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(CORPUS_FILES):
        source = EXAMPLES[i % len(EXAMPLES)]
        sub = folder / f"{i // 500:02d}"
        sub.mkdir(exist_ok=True)
        shutil.copy(source, sub / f"{i:05d}-{source.name}")
    return folder


SUMMARY = re.compile(
    r"INTERRUPTED \((SIG\w+)[^)]*\) after (\d+) of (\d+) files → (.+?) \((\d+) (?:rows|lines)\)"
)


def _default_sigint() -> None:
    """In the child, before exec: SIGINT as a terminal's shell leaves it (a test run in the
    background may have it ignored, which the child would inherit and keep)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize(
    ("signame", "to_group", "jobs", "suffix", "status"),
    [
        ("SIGINT", True, 2, ".parquet", 130),  # Ctrl-C at a terminal: every process of the run
        ("SIGTERM", False, 1, ".csv", 143),
        ("SIGINT", False, 2, ".jsonl", 130),
    ],
)
def test_a_signal_stops_the_run_with_a_valid_partial_output(
    corpus: Path, tmp_path: Path, signame: str, to_group: bool, jobs: int, suffix: str, status: int
) -> None:
    out = tmp_path / f"out{suffix}"
    partial = Path(f"{out}{batch.PARTIAL_SUFFIX}")
    out.write_text("an earlier run's output\n", encoding="utf-8")
    argv = [sys.executable, "-m", "govinfo", "batch", str(corpus), "--out", str(out), "--jobs", str(jobs)]
    proc = subprocess.Popen(
        [*argv, "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 15
        while not partial.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert partial.exists() and not out.exists(), "the run did not start writing its .partial file"
        time.sleep(0.2)  # a few results written
        sig = getattr(signal, signame)
        if to_group:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    assert proc.returncode == status, err
    assert "Traceback" not in err
    match = SUMMARY.search(err)
    assert match, err
    assert match.group(1) == signame and match.group(4) == str(partial)
    done, total, rows = int(match.group(2)), int(match.group(3)), int(match.group(5))
    assert total == CORPUS_FILES and 0 < done < total
    assert not out.exists()  # the earlier output was removed, and this one is not complete
    paths = read_output(partial)  # a valid file of its format
    assert len(paths) == rows and len(set(paths)) == done
    for _ in range(100):  # no worker process left behind
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    else:
        pytest.fail("processes of the stopped run are still running")
