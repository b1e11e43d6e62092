"""The examples run: ``examples/check_folder.py``, and ``examples/notebook.ipynb`` as a script.

Both run in a subprocess whose working directory is a temporary folder, with no network; the
notebook draws its chart with matplotlib's Agg backend into that folder.  The notebook is committed
executed, with its outputs (a reader sees the tables and the chart without running it): the tests
check that they are there.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import govinfo
from helpers.loading import load_script

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REPORTS = EXAMPLES / "reports"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
        MPLBACKEND="Agg",
        MPLCONFIGDIR=str(tmp_path / "matplotlib"),  # matplotlib's font cache: not in $HOME
        **extra,
    )
    return env


# --- check_folder.py -------------------------------------------------------------------------


def test_check_folder_on_the_example_reports(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "check_folder.py"), str(REPORTS)],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = ["file", "parsed", "agency", "year", "edition", "diagnostics", "errors", "notes"]
    assert lines[0].split() == header
    for path in sorted(REPORTS.glob("*.txt")):
        row = next(line for line in lines if line.startswith(path.name))
        assert row.split()[1] == "yes"
    assert "北仑区统计局" in proc.stdout
    assert "5 files, 5 parsed (2019: 4, 2021: 1), 0 failed" in lines
    assert "0 with error findings or parser errors" in lines


def _check_folder() -> ModuleType:
    return load_script(EXAMPLES / "check_folder.py", "check_folder")


def test_check_folder_reports_errors_and_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = govinfo.parse_file(REPORTS / "004_56695964816e1b37.txt")
    wrong = govinfo.from_facts({**govinfo.facts(report), "review_litigation.review.total": 3})
    (tmp_path / "wrong.txt").write_text(govinfo.render(wrong, "text"), encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (tmp_path / "notes.bin").write_bytes(b"skipped: not a report suffix")
    assert _check_folder().main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    broken = next(line for line in out.splitlines() if line.startswith("broken.pdf"))
    assert broken.split()[1] == "no" and "PDF" in broken
    row = next(line for line in out.splitlines() if line.startswith("wrong.txt")).split()
    assert row[1:] == ["yes", "北仑区统计局", "2023", "2021", "0", "1", "I3"]
    assert "2 files, 1 parsed (2021: 1), 1 failed" in out
    assert "1 with error findings or parser errors" in out


def test_check_folder_fails_on_a_file_that_is_not_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _check_folder().main([str(tmp_path)]) == 1
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("empty.txt"))
    assert row.split()[1] == "yes" and row.split()[-1] == "input.empty"


# --- the notebook ----------------------------------------------------------------------------


def _notebook() -> dict[str, object]:
    with open(EXAMPLES / "notebook.ipynb", encoding="utf-8") as f:
        notebook: dict[str, object] = json.load(f)
    return notebook


def _code_cells() -> list[dict[str, Any]]:
    cells = _notebook()["cells"]
    assert isinstance(cells, list)
    return [c for c in cells if c["cell_type"] == "code"]


def test_notebook_is_nbformat_4() -> None:
    nb = _notebook()
    assert nb["nbformat"] == 4 and isinstance(nb["nbformat_minor"], int)
    assert isinstance(nb["metadata"], dict)
    cells = nb["cells"]
    assert isinstance(cells, list) and cells
    ids = set()
    for cell in cells:
        assert cell["cell_type"] in ("markdown", "code")
        assert isinstance(cell["metadata"], dict)
        assert isinstance(cell["source"], list) and all(isinstance(s, str) for s in cell["source"])
        ids.add(cell["id"])
        if cell["cell_type"] == "code":
            assert isinstance(cell["outputs"], list)
    assert len(ids) == len(cells)


def _text(value: object) -> str:
    """An output's text: nbformat stores it as a string or a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def test_notebook_is_committed_with_its_outputs() -> None:
    """Every code cell ran, once, in order, without an error, and shows something."""
    cells = _code_cells()
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    for cell in cells:
        outputs = cell["outputs"]
        source = "".join(cell["source"])
        assert outputs, f"a code cell without outputs:\n{source}"
        for output in outputs:
            assert output["output_type"] in ("stream", "display_data", "execute_result"), output
            if output["output_type"] == "stream":
                assert output["name"] == "stdout", _text(output["text"])  # no warnings, no tracebacks
            else:
                assert "text/plain" in output["data"] and isinstance(output["metadata"], dict)
    shown = "\n".join(_text(o.get("text", "")) for c in cells for o in c["outputs"])
    assert "5 files, 5 reports" in shown


def test_notebook_shows_a_report_and_a_chart() -> None:
    data = [o["data"] for c in _code_cells() for o in c["outputs"] if "data" in o]
    report_html = [_text(d["text/html"]) for d in data if "govinfo-report" in _text(d.get("text/html", ""))]
    assert len(report_html) == 1  # the report, as the notebook shows it: tables, checks, diagnostics
    assert 'class="govinfo-diagnostics"' in report_html[0]
    images = [base64.b64decode(_text(d["image/png"])) for d in data if "image/png" in d]
    assert len(images) == 1
    assert images[0][:8] == b"\x89PNG\r\n\x1a\n" and len(images[0]) > 10_000


def test_notebook_outputs_hold_no_local_paths() -> None:
    shown = json.dumps([c["outputs"] for c in _code_cells()], ensure_ascii=False)
    for local in {str(ROOT), str(Path.home()), tempfile.gettempdir(), "/tmp/"}:
        assert local not in shown, local


def notebook_script() -> str:
    """The notebook's code cells, in order, as one Python script."""
    return "\n\n".join("".join(c["source"]) for c in _code_cells()) + "\n"


def test_notebook_runs_and_saves_the_chart(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    script = tmp_path / "notebook.py"
    script.write_text(notebook_script(), encoding="utf-8")
    chart = tmp_path / "out" / "reports_compared.png"
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=_env(tmp_path, GOVINFO_REPORTS=str(REPORTS), GOVINFO_CHART=str(chart)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "5 report files in" in proc.stdout and "5 files, 5 reports" in proc.stdout
    assert "<RequestTable2019 三、收到和处理政府信息公开申请情况: 161/161 cells>" in proc.stdout
    assert chart.is_file() and chart.stat().st_size > 1000
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
