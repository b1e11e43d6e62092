r"""The govinfo benchmark: ``python benchmarks/run.py [--quick] [--no-batch] [--no-pdf] [--json FILE]``.

No network.  Measures, on this machine (absolute times move with the machine, so each figure that
matters is also given as a ratio of two things timed in turn, in the same run):

- per-report parse time (text input, one core): median and spread (p10–p90) for
  each example report in ``examples/reports/`` and for generated reports of both editions, whose
  numbers are all different (the generated ones are parsed once each: no report is parsed twice);
- each example's parse (its bytes decoded, then parsed) over the floor: decoding the bytes and one
  ``re.findall(r"\d+(?:\.\d+)?")`` over the text;
- the same for each example as a crawler dump (``parse(render(parse(text), "dump"))``: the whole
  body on one line, cells glued), with how many of its values the dump gave back, and wrong;
- the same for the examples with govinfo's per-process caches emptied before each parse (table
  lines, labels and skeleton plans repeat from report to report, so a warm process is the usual
  case; this is the cost of a report like none seen before);
- reports per second on one core;
- linearity: the time of a report padded with 100 copies of its prose lines, against the
  report's own (the target is at most ~100× the time; the padded text is about 50× as long);
- ``import govinfo`` and process start plus the first parse, in fresh processes, and the latter
  over ``python -c pass``;
- each real page in ``tests/golden/*.html`` read and parsed (``parse_bytes``) over the parse of
  the text read from it (the same report as text);
- each PDF in ``tests/data``: read and parsed, per page, and over the parse of its text;
- ``govinfo batch`` throughput over 10,000 generated files with ``--jobs 1`` and ``--jobs 2``, and
  its peak memory: the max RSS of its largest process (exact), and of all its processes together
  (sampled from ``/proc`` every 0.1 s on Linux, so a short peak may be missed).

``--quick`` uses fewer repetitions and 1,000 batch files.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

import govinfo  # noqa: E402


def _times(text: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        govinfo.parse(text)
        out.append(time.perf_counter() - start)
    return out


def _summary(times: list[float]) -> dict[str, float]:
    q = statistics.quantiles(times, n=10) if len(times) >= 10 else [min(times)] * 9
    return {
        "median_ms": statistics.median(times) * 1e3,
        "p10_ms": q[0] * 1e3,
        "p90_ms": q[-1] * 1e3,
        "n": len(times),
    }


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _paired(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of two functions timed in turn, ``repeat`` times each (so that both see the same
    machine: this one is shared and noisy)."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for f, times in ((first, a), (second, b)):
            start = time.perf_counter()
            f()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def _floor(data: bytes) -> list[str]:
    return _NUMBER.findall(data.decode("utf-8"))


def _decode_parse(data: bytes) -> govinfo.Report:
    return govinfo.parse(data.decode("utf-8"))


def bench_examples(repeat: int) -> dict[str, Any]:
    """Each shipped example report, parsed ``repeat`` times; and its parse (bytes decoded, then
    parsed) against the floor: decoding the bytes and one ``re.findall`` of every number."""
    out = {}
    for path in sorted((ROOT / "examples" / "reports").glob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8")
        govinfo.parse(text)  # warm the per-process caches (lexicon, skeleton plans)
        summary: dict[str, Any] = _summary(_times(text, repeat))
        floor, parse = _paired(partial(_floor, data), partial(_decode_parse, data), repeat)
        summary.update(floor_ms=floor * 1e3, parse_over_floor=parse / floor)
        out[path.name] = summary
    return out


def bench_html(repeat: int) -> dict[str, Any]:
    """The real pages in ``tests/golden/*.html``: a page (``parse_bytes``) against the same report
    as text (``parse`` of the text read from the page)."""
    from govinfo.sources.html import read_html

    pages = sorted((ROOT / "tests" / "golden").glob("*.html"))
    ratios = []
    for path in pages:
        data = path.read_bytes()
        text = read_html(data)
        govinfo.parse_bytes(data)
        page, plain = _paired(partial(govinfo.parse_bytes, data), partial(govinfo.parse, text), repeat)
        ratios.append(page / plain)
    return {
        "pages": len(pages),
        "html_over_text_median": statistics.median(ratios),
        "html_over_text_max": max(ratios),
        "html_over_text_min": min(ratios),
    }


def _pages(data: bytes) -> int:
    import pypdfium2  # type: ignore[import-untyped,unused-ignore]

    return len(pypdfium2.PdfDocument(data))


def bench_pdf(repeat: int) -> dict[str, Any]:
    """The PDFs in ``tests/data``: read and parse time per page, and the read against the parse
    of the text read from it."""
    from govinfo.sources.pdf import read_pdf

    out: dict[str, Any] = {}
    for path in sorted((ROOT / "tests" / "data").glob("*.pdf")):
        data = path.read_bytes()
        text = read_pdf(data)
        pages = _pages(data)
        whole, plain = _paired(partial(govinfo.parse_bytes, data), partial(govinfo.parse, text), repeat)
        out[path.name] = {"ms_per_page": whole * 1e3 / pages, "pdf_over_text": whole / plain}
    return out


def bench_dumps(repeat: int) -> dict[str, Any]:
    """Each example rendered as a crawler dump (``dump`` layout), parsed ``repeat`` times; of the
    ``values`` (facts not ``None``) of the text, ``read`` came back from the dump, ``wrong`` of them
    as another value."""
    out = {}
    for path in sorted((ROOT / "examples" / "reports").glob("*.txt")):
        report = govinfo.parse(path.read_text(encoding="utf-8"))
        dump = govinfo.render(report, "dump")
        read = govinfo.facts(govinfo.parse(dump))  # (and warm the caches)
        values = {k: v for k, v in govinfo.facts(report).items() if v is not None}
        summary: dict[str, Any] = _summary(_times(dump, repeat))
        summary["values"] = len(values)
        summary["read"] = sum(1 for k in values if read.get(k) is not None)
        summary["wrong"] = sum(1 for k, v in values.items() if read.get(k) not in (None, v))
        out[path.name] = summary
    return out


def _clear_caches() -> None:
    """Empty govinfo's per-input caches: every bounded ``functools.lru_cache`` in its modules (table
    lines, labels, skeleton plans, row matches).  The unbounded ones are kept: the grammar, the
    converters and the tables built once from the model."""
    for name, module in list(sys.modules.items()):
        if name == "govinfo" or name.startswith("govinfo."):
            for obj in list(vars(module).values()):
                parameters = getattr(obj, "cache_parameters", None)
                if parameters is not None and parameters()["maxsize"] is not None:
                    obj.cache_clear()


def bench_cold(repeat: int) -> dict[str, Any]:
    """Each example parsed with govinfo's caches emptied first: a report like none seen before."""
    out = {}
    for path in sorted((ROOT / "examples" / "reports").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        times = []
        for _ in range(repeat):
            _clear_caches()
            start = time.perf_counter()
            govinfo.parse(text)
            times.append(time.perf_counter() - start)
        out[path.name] = _summary(times)
    _clear_caches()
    return out


def bench_generated(n: int) -> dict[str, Any]:
    """``n`` distinct generated reports (both editions, four layouts), each parsed once."""
    texts = generate.texts(n)
    times = []
    wrong = 0
    for text in texts:
        start = time.perf_counter()
        report = govinfo.parse(text)
        times.append(time.perf_counter() - start)
        wrong += any(d.severity == "error" for d in report.diagnostics)
    result = _summary(times)
    result["reports_per_second"] = n / sum(times)
    result["reports_with_errors"] = wrong
    return result


def bench_linearity() -> dict[str, float]:
    """Parse time of a report and of the same report with 100× its prose."""
    path = sorted((ROOT / "examples" / "reports").glob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    prose = "\n".join(line for line in text.splitlines() if len(line) > 30) or text
    heading = "一、总体情况"
    padded = text.replace(heading, heading + "\n" + "\n".join([prose] * 100), 1)
    base = statistics.median(_times(text, 20))
    big = statistics.median(_times(padded, 3))
    return {
        "base_ms": base * 1e3,
        "padded_ms": big * 1e3,
        "size_ratio": len(padded) / len(text),
        "time_ratio": big / base,
    }


def _fresh(codes: list[str], repeat: int) -> list[float]:
    """The median wall time of a fresh ``python -c CODE`` for each code, run in turn (after one
    run each that writes the bytecode caches, as an installed package has them)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: list[list[float]] = [[] for _ in codes]
    for warm_up in (True, *[False] * repeat):
        for code, spent in zip(codes, times, strict=True):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env)
            if not warm_up:
                spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def bench_startup(repeat: int = 11) -> dict[str, float]:
    """Fresh-process costs: bare interpreter, ``import govinfo``, import plus the first parse."""
    example = sorted((ROOT / "examples" / "reports").glob("*.txt"))[0]
    bare, imported, first = _fresh(
        ["pass", "import govinfo", f"import govinfo; govinfo.parse_file({str(example)!r})"], repeat
    )
    return {
        "python_start_ms": bare * 1e3,
        "import_govinfo_ms": (imported - bare) * 1e3,
        "start_import_first_parse_ms": first * 1e3,
        "first_parse_over_python": first / bare,
    }


def _rss_kib(pid: int, *, itself: bool = True) -> int:
    """The resident memory of ``pid`` (unless not ``itself``) and its descendants (Linux ``/proc``),
    in KiB."""
    total = 0
    try:
        if itself:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            for child in children.read().split():
                total += _rss_kib(int(child))
    except (OSError, ValueError):
        pass  # the process ended meanwhile
    return total


# Runs a command, then writes its wall time and the max RSS (KiB) of its largest process — the
# command or any process below it — to the file named first.  A process of its own, so that the
# figure is this command's alone (RUSAGE_CHILDREN only ever grows within a process).
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:], stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{elapsed} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code)
"""


def _run_measured(command: list[str], interval: float = 0.1) -> tuple[float, float, float | None]:
    """Run ``command``: its wall time (s), the max RSS of its largest process (MB), and the peak of
    all its processes' memory together (MB), sampled every ``interval`` seconds — ``None`` where
    ``/proc`` cannot tell."""
    sampled = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result"
        process = subprocess.Popen([sys.executable, "-c", _MEASURE, str(result), *command])
        peak = 0
        while process.poll() is None:
            if sampled:
                peak = max(peak, _rss_kib(process.pid, itself=False))
            time.sleep(interval)
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, command)
        elapsed, largest = result.read_text().split()
    return float(elapsed), int(largest) / 1024, peak / 1024 if sampled else None


def bench_batch(n: int) -> dict[str, Any]:
    """``govinfo batch`` over ``n`` generated files with one and two worker processes."""
    out: dict[str, Any] = {"files": n}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        generate.write(folder, n)
        for jobs in (1, 2):
            target = Path(tmp) / f"out-{jobs}.csv"
            command = [sys.executable, "-m", "govinfo", "batch", str(folder), "--out", str(target)]
            elapsed, largest, total = _run_measured([*command, "--jobs", str(jobs), "--no-progress"])
            out[f"jobs{jobs}_seconds"] = elapsed
            out[f"jobs{jobs}_files_per_second"] = n / elapsed
            out[f"jobs{jobs}_peak_rss_mb"] = largest  # the largest single process of this run
            out[f"jobs{jobs}_peak_total_rss_mb"] = total  # all of its processes, sampled
        out["speedup_jobs2"] = out["jobs1_seconds"] / out["jobs2_seconds"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, 1,000 batch files")
    ap.add_argument("--no-batch", action="store_true", help="skip the batch measurement")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF measurement")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    repeat = 30 if args.quick else 200
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
        },
        "govinfo": govinfo.__version__,
    }
    print(f"govinfo {govinfo.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    results["examples"] = bench_examples(repeat)
    results["dumps"] = bench_dumps(repeat)
    print("\nper-report parse time, example reports (text input, grammar built), and as crawler dumps:")
    for name, s in results["examples"].items():
        d = results["dumps"][name]
        print(
            f"  {name:34s} median {s['median_ms']:.3f} ms   p10–p90 {s['p10_ms']:.3f}–{s['p90_ms']:.3f} ms   "
            f"dump: median {d['median_ms']:.3f} ms   p10–p90 {d['p10_ms']:.3f}–{d['p90_ms']:.3f} ms, "
            f"{d['read']} of {d['values']} values read, {d['wrong']} wrong"
        )
    print("\nparse against the floor (decode the bytes + one re.findall of the numbers), same run:")
    for name, s in results["examples"].items():
        print(f"  {name:34s} floor {s['floor_ms']:.3f} ms   parse / floor {s['parse_over_floor']:.1f}×")
    results["cold"] = bench_cold(max(5, repeat // 4))
    print("\nthe same, with govinfo's caches emptied before each parse (a report like none seen before):")
    for name, s in results["cold"].items():
        print(f"  {name:34s} median {s['median_ms']:.3f} ms   p10–p90 {s['p10_ms']:.3f}–{s['p90_ms']:.3f} ms")
    results["generated"] = gen = bench_generated(200 if args.quick else 2000)
    print(f"\ngenerated reports ({gen['n']}, both editions, 4 layouts, each parsed once):")
    print(
        f"  median {gen['median_ms']:.3f} ms   p10–p90 {gen['p10_ms']:.3f}–{gen['p90_ms']:.3f} ms   "
        f"{gen['reports_per_second']:.0f} reports/s on one core   "
        f"({gen['reports_with_errors']} with error diagnostics)"
    )
    results["linearity"] = lin = bench_linearity()
    print(
        f"\nlinearity: {lin['size_ratio']:.0f}× the text takes {lin['time_ratio']:.0f}× the time "
        f"({lin['base_ms']:.2f} ms → {lin['padded_ms']:.1f} ms)"
    )
    results["startup"] = st = bench_startup()
    print(
        f"\nstartup: python {st['python_start_ms']:.0f} ms; import govinfo {st['import_govinfo_ms']:.0f} ms; "
        f"start + import + first parse {st['start_import_first_parse_ms']:.0f} ms "
        f"({st['first_parse_over_python']:.1f}× python -c pass)"
    )
    results["html"] = h = bench_html(max(5, repeat // 10))
    print(
        f"\nHTML pages ({h['pages']}): a page / the same report as text: median "
        f"{h['html_over_text_median']:.2f}× "
        f"(from {h['html_over_text_min']:.2f}× to {h['html_over_text_max']:.2f}×)"
    )
    if not args.no_pdf and importlib.util.find_spec("pypdfium2") is not None:
        results["pdf"] = pdf = bench_pdf(3 if args.quick else 7)
        print("\nPDF (tests/data), read and parsed, per page and against the parse of its text:")
        for name, p in pdf.items():
            print(f"  {name:34s} {p['ms_per_page']:.1f} ms per page   {p['pdf_over_text']:.0f}× the text")
    if not args.no_batch:
        results["batch"] = b = bench_batch(1000 if args.quick else 10_000)
        print(f"\ngovinfo batch over {b['files']} generated files (csv out):")
        for jobs in (1, 2):
            total = b[f"jobs{jobs}_peak_total_rss_mb"]
            print(
                f"  --jobs {jobs}: {b[f'jobs{jobs}_seconds']:.1f} s, "
                f"{b[f'jobs{jobs}_files_per_second']:.0f} files/s, "
                f"largest process {b[f'jobs{jobs}_peak_rss_mb']:.0f} MB max RSS"
                + ("" if total is None else f", all processes together about {total:.0f} MB (sampled)")
            )
        print(f"  speed-up with --jobs 2: {b['speedup_jobs2']:.2f}×")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
