"""The benchmark script runs and reports what its docstring says (on small sizes; no figures judged)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from helpers.loading import load_script

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run_module() -> ModuleType:
    return load_script(BENCHMARKS / "run.py", "benchmark_run")  # (it imports generate.py beside it)


@pytest.mark.slow
def test_batch_measurement_reports_time_and_memory_of_each_run() -> None:
    b = _run_module().bench_batch(20)
    assert b["files"] == 20
    for jobs in (1, 2):
        assert b[f"jobs{jobs}_seconds"] > 0 and b[f"jobs{jobs}_files_per_second"] > 0
        assert 10 < b[f"jobs{jobs}_peak_rss_mb"] < 1000  # a python process with govinfo loaded
        total = b[f"jobs{jobs}_peak_total_rss_mb"]
        assert total is None or total > 0
    assert b["speedup_jobs2"] == pytest.approx(b["jobs1_seconds"] / b["jobs2_seconds"])


def test_parse_measurements() -> None:
    run = _run_module()
    examples = run.bench_examples(3)
    reports = BENCHMARKS.parent / "examples" / "reports"
    assert sorted(examples) == sorted(p.name for p in reports.glob("*.txt"))
    assert all(s["median_ms"] > 0 and s["n"] == 3 for s in examples.values())
    dumps = run.bench_dumps(3)
    assert sorted(dumps) == sorted(examples)
    for s in dumps.values():
        assert s["median_ms"] > 0 and s["n"] == 3 and 0 <= s["wrong"] <= s["read"] <= s["values"]
    cold = run.bench_cold(2)
    assert sorted(cold) == sorted(examples) and all(s["median_ms"] > 0 for s in cold.values())
    generated = run.bench_generated(8)
    assert generated["n"] == 8 and generated["reports_with_errors"] == 0
