"""Hostile input: every attack of the reliability probe (issue 14) gives a report with diagnostics or
a ``GovinfoError`` — never a hang, never a silently wrong number.

Cells: mixed separators and non-value cells keep every value in its column (properties over
generated reports); numbers are exact and bounded.  Resources: each attack runs within a time bound
(the slow ones in a subprocess with ``resource`` limits, see ``_bounded``).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo
import govinfo.results
from govinfo.model import Report
from govinfo.render import render
from govinfo.values import COUNT_MAX, BadValue, read_cell
from helpers.docx_template import fill_template
from helpers.strategies import consistent_reports, small_report


def _diagnosed(report: Report) -> set[str]:
    return {key for d in report.diagnostics for key in d.keys}


def _unnamed_misreads(report: Report, parsed: Report) -> dict[str, tuple[object, object]]:
    """Keys of ``report`` that ``parsed`` gives another value: not ``None`` named by a diagnostic."""
    want, got, named = govinfo.facts(report), govinfo.facts(parsed), _diagnosed(parsed)
    return {k: (v, got[k]) for k, v in want.items() if got[k] != v and not (got[k] is None and k in named)}


def _value_lines(text: str) -> list[int]:
    """The lines of a rendering that hold table values (a label, then numbers)."""
    return [i for i, line in enumerate(text.split("\n")) if re.search(r"[\u3400-\u9fff].*\d\s*$", line)]


# --- cells ----------------------------------------------------------------------------------------


@given(report=consistent_reports(), data=st.data())
def test_a_tab_in_a_space_separated_row_changes_nothing(report: Report, data: st.DataObject) -> None:
    lines = render(report, "text").split("\n")
    rows = _value_lines("\n".join(lines))
    for index in data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=4, unique=True)):
        where = data.draw(st.sampled_from(["end", "after label"]))
        if where == "end":
            lines[index] += "\t"
        else:
            lines[index] = re.sub(
                r"^(\S+?)(\s+)(?=[\d/-])", lambda m: m.group(1) + "\t", lines[index], count=1
            )
    parsed = govinfo.parse("\n".join(lines))
    assert govinfo.facts(parsed) == govinfo.facts(report)


# One cell written otherwise: what the parser must read, or None (then a diagnostic names the key).
_SPELLINGS: dict[str, tuple[Callable[[int], str], str]] = {
    "thousands": (lambda n: f"{n:,}", "value"),
    "full-width thousands": (lambda n: f"{n:,}".replace(",", "，"), "value"),
    "unit": (lambda n: f"{n}人", "value"),
    "footnote mark": (lambda n: f"{n}*", "value"),
    "right-to-left mark": (lambda n: f"\u200f{n}", "value"),
    "NUL": (lambda n: f"\x00{n}", "value"),
    "spaced digits": (lambda n: f"{str(n)[:1]} {str(n)[1:]}" if n >= 10 else f"{n} 0", "none"),
    "word": (lambda n: "见附件", "none"),
}


@pytest.mark.parametrize("spelling", sorted(_SPELLINGS))
@given(report=consistent_reports(), data=st.data())
def test_a_cell_written_otherwise_stays_in_its_column(
    spelling: str, report: Report, data: st.DataObject
) -> None:
    """In a TAB-separated row, one cell that is not a plain number is read (thousands separators,
    units, marks) or is ``None`` with a diagnostic naming its key — the cells after it keep their
    columns."""
    text = render(report, "tsv")
    lines = text.split("\n")
    candidates = [
        (i, j)
        for i, line in enumerate(lines)
        for j, cell in enumerate(line.split("\t"))
        if j > 0 and cell.isdigit() and "\t" in line
    ]
    if not candidates:
        return
    i, j = data.draw(st.sampled_from(candidates))
    cells = lines[i].split("\t")
    write, outcome = _SPELLINGS[spelling]
    cells[j] = write(int(cells[j]))
    lines[i] = "\t".join(cells)
    parsed = govinfo.parse("\n".join(lines))
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    wrong = _unnamed_misreads(report, parsed)
    assert not wrong, (spelling, lines[i], wrong)
    changed = [k for k, v in want.items() if got[k] != v]
    assert len(changed) <= 1, (spelling, lines[i], changed)
    if outcome == "value":
        assert not changed, (spelling, lines[i], changed)


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("74,116", "count", 74116),
        ("1,234,567", "count", 1234567),
        ("74，116", "count", 74116),
        ("74116人", "count", 74116),
        ("12件", "count", 12),
        ("3*", "count", 3),
        ("999999999999", "count", 999999999999),
        ("12345678901234567890.123", "amount", Decimal("12345678901234567890.123")),
        ("123456789012345678901234元", "amount", Decimal("12345678901234567890.1234")),
        ("1,234.5万元", "amount", Decimal("1234.5")),
    ],
)
def test_numbers_are_read_exactly(raw: str, kind: str, value: int | Decimal) -> None:
    got = read_cell(raw, kind)
    assert got == value and type(got) is type(value)
    if isinstance(value, Decimal):
        assert str(got) == str(value)  # every digit, no rounding


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (str(COUNT_MAX), "count"),
        ("9" * 5000, "count"),
        ("1" * 50, "amount"),
        ("1E+999999999", "amount"),
        ("NaN", "amount"),
        ("Infinity", "count"),
        ("12,34", "count"),
        ("1.5", "count"),
    ],
)
def test_implausible_numbers_are_not_read(raw: str, kind: str) -> None:
    with pytest.raises(BadValue):
        read_cell(raw, kind)


@given(report=consistent_reports(), digits=st.integers(13, 6000))
def test_a_huge_count_is_none_with_a_diagnostic_and_every_output_works(report: Report, digits: int) -> None:
    text = render(report, "tsv")
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    cells = lines[i].split("\t")
    j = next(j for j, cell in enumerate(cells) if j > 0 and cell.isdigit())
    cells[j] = "7" * digits
    lines[i] = "\t".join(cells)
    parsed = govinfo.parse("\n".join(lines))
    got = govinfo.facts(parsed)
    huge = [k for k, v in got.items() if isinstance(v, int) and abs(v) >= COUNT_MAX]
    assert not huge
    assert any(k.startswith("requests.new_received.") and v is None for k, v in got.items())
    assert govinfo.loads(govinfo.dumps(parsed)) == parsed


def test_a_lone_surrogate_is_dropped() -> None:
    report = govinfo.parse(
        "某某市统计局2023年政府信息公开工作年度报告\ud800\n一、总体情况\n2023年，我局……\udcff。"
    )
    assert report.meta.agency == "某某市统计局" and report.meta.year == 2023


@pytest.mark.parametrize("amount", ["1E+999999999", "9" * 60, "0." + "0" * 40 + "1", "NaN"])
def test_loads_refuses_implausible_amounts(amount: str) -> None:
    data = json.loads(govinfo.dumps(small_report(Decimal("12.5"))))
    data["active"]["fees"]["amount"] = amount
    with pytest.raises(govinfo.SchemaError):
        govinfo.loads(json.dumps(data))


def test_loads_and_from_facts_refuse_implausible_counts() -> None:
    report = small_report(Decimal("12.5"))
    data = json.loads(govinfo.dumps(report))
    data["requests"]["new_received"]["total"] = 10**40
    with pytest.raises(govinfo.SchemaError):
        govinfo.loads(json.dumps(data))
    facts = govinfo.facts(report)
    facts["requests.new_received.total"] = 10**40
    with pytest.raises(govinfo.SchemaError):
        govinfo.from_facts(facts)


# --- HTML -----------------------------------------------------------------------------------------

_HTML5 = ["<embed src=x>", "<video>", "<audio>", "<canvas>", "<iframe>", "<textarea>", "<template>"]
_HTML5 += ["<object>", "<svg>", "<select>", "<noscript>", "<source src=x>", "<wbr>", "<script>"]


def _read_page(page: str) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(page, encoding="utf-8")
        return govinfo.parse_file(path)


def _before_body(page: str, markup: str) -> str:
    at = page.index(">", page.index("<body")) + 1
    return page[:at] + markup + page[at:]


@pytest.mark.parametrize("element", _HTML5)
@settings(max_examples=5)
@given(report=consistent_reports())
def test_an_html5_element_before_the_report_does_not_swallow_it(element: str, report: Report) -> None:
    parsed = _read_page(_before_body(render(report, "html"), element))
    assert govinfo.facts(parsed) == govinfo.facts(report)


@pytest.mark.parametrize("depth", [200, 300, 600])
@settings(max_examples=3)
@given(report=consistent_reports())
def test_a_report_nested_deep_keeps_its_tables(depth: int, report: Report) -> None:
    page = render(report, "html")
    start = page.index(">", page.index("<body")) + 1
    end = page.index("</body>")
    page = page[:start] + "<div>" * depth + page[start:end] + "</div>" * depth + page[end:]
    assert govinfo.facts(_read_page(page)) == govinfo.facts(report)


@given(report=consistent_reports(), data=st.data())
def test_a_huge_colspan_does_not_push_cells_out(report: Report, data: st.DataObject) -> None:
    page = render(report, "html")
    tags = list(re.finditer(r"<t[dh]\b[^>]*>", page))
    tag = data.draw(st.sampled_from(tags))
    new = re.sub(r'\s*colspan="\d+"', "", tag.group()).replace(">", ' colspan="999999">', 1)
    page = page[: tag.start()] + new + page[tag.end() :]
    parsed = _read_page(page)
    assert _unnamed_misreads(report, parsed) == {}


def test_a_table_too_big_to_build_is_refused_quickly() -> None:
    rows = '<tr><td rowspan="65534" colspan="1000">x</td></tr>' * 16_000
    page = f"<html><body><h1>一、总体情况</h1><table>{rows}</table></body></html>"
    start = time.perf_counter()
    with pytest.raises(govinfo.GovinfoError, match="not read"):
        _read_page(page)
    assert time.perf_counter() - start < 5


@settings(max_examples=2)
@given(report=consistent_reports())
def test_an_element_with_200000_attributes_is_read_quickly(report: Report) -> None:
    flood = "<div " + " ".join(f'a{i}="1"' for i in range(200_000)) + ">x</div>"
    start = time.perf_counter()
    parsed = _read_page(_before_body(render(report, "html"), flood))
    assert time.perf_counter() - start < 5
    assert govinfo.facts(parsed) == govinfo.facts(report)


# --- Word -----------------------------------------------------------------------------------------


def _docx_with(report: Report, edit: Callable[[str], str], extra: dict[str, bytes] | None = None) -> bytes:
    """The Word template filled with ``report``, its ``document.xml`` edited, parts added."""
    source = zipfile.ZipFile(io.BytesIO(fill_template(report)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


@settings(max_examples=5)
@given(report=consistent_reports("2021"), data=st.data())
def test_a_huge_grid_span_is_quick_and_shifts_nothing(report: Report, data: st.DataObject) -> None:
    pytest.importorskip("docx")
    from govinfo.sources import read_bytes

    cells = 0

    def edit(xml: str) -> str:
        nonlocal cells
        spots = [m.end() for m in re.finditer(r"<w:tcPr>", xml)]
        cells = len(spots)
        at = data.draw(st.sampled_from(spots))
        return xml[:at] + '<w:gridSpan w:val="999999"/>' + xml[at:]

    package = _docx_with(report, edit)
    start = time.perf_counter()
    parsed = govinfo.parse(read_bytes(package))
    assert time.perf_counter() - start < 5
    assert _unnamed_misreads(report, parsed) == {}


@settings(max_examples=2)
@given(report=consistent_reports("2021"))
def test_a_part_that_unpacks_too_big_is_not_unpacked(report: Report) -> None:
    pytest.importorskip("docx")
    from govinfo.sources import docx as word
    from govinfo.sources import read_bytes

    package = _docx_with(report, lambda xml: xml, {"word/media/image9.png": b"\0" * 3_000_000})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(word, "MAX_PART", 1_000_000)
        assert govinfo.facts(govinfo.parse(read_bytes(package))) == govinfo.facts(report)
        patch.setattr(word, "MAX_DOCUMENT_XML", 1000)
        with pytest.raises(govinfo.GovinfoError, match="document part unpacks"):
            read_bytes(package)


def test_grid_spans_on_every_cell_are_quick() -> None:
    pytest.importorskip("docx")
    from govinfo.sources import read_bytes

    report = small_report(Decimal("3.5"))
    package = _docx_with(report, lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="999999"/>'))
    start = time.perf_counter()
    parsed = govinfo.parse(read_bytes(package))
    assert time.perf_counter() - start < 5
    assert _unnamed_misreads(report, parsed) == {}


# --- PDF ------------------------------------------------------------------------------------------


def _pdf(content: bytes, pages: int = 1, extra: bytes = b"", *, deflate: bool = False) -> bytes:
    """A minimal PDF: ``pages`` pages sharing one content stream (Helvetica as /F1), maybe deflated."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages)).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    font, stream = 3 + pages, 4 + pages
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 %d 0 R >> >>"
    objects += [page % font + b" /Contents %d 0 R >>" % stream] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    if deflate:
        content = zlib.compress(content, 9)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
        )
    else:
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return (
        out
        + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        + extra
    )


_LOOPS = {
    "pages that are their own kid": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "a /Length that refers to itself": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R >> endobj\n"
    b"4 0 obj << /Length 4 0 R >> stream\nBT ET\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
}


@pytest.mark.parametrize("shape", sorted(_LOOPS))
def test_a_looping_pdf_is_an_error_not_a_hang(shape: str) -> None:
    pytest.importorskip("pypdfium2")
    from govinfo.sources import read_bytes

    start = time.perf_counter()
    with pytest.raises(govinfo.GovinfoError):
        read_bytes(_LOOPS[shape])
    assert time.perf_counter() - start < 30


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    pytest.importorskip("pypdfium2")
    from govinfo.sources import pdf, read_bytes

    data = _pdf(b"BT /F1 12 Tf 10 700 Td (hello) Tj ET", pages=pdf.MAX_PAGES + 1)
    start = time.perf_counter()
    with pytest.raises(govinfo.GovinfoError, match="pages"):
        read_bytes(data)
    assert time.perf_counter() - start < 10


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the deadline needs a child process")
def test_a_page_that_takes_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdfium2")
    from govinfo.sources import pdf, read_bytes

    def stuck(*_args: object) -> list[object]:
        time.sleep(60)  # a reference loop or a content-stream bomb, as the child sees it
        return []

    monkeypatch.setattr(pdf, "_read_pages", stuck)
    monkeypatch.setattr(pdf, "PAGE_SECONDS", 0.5)
    start = time.perf_counter()
    with pytest.raises(govinfo.GovinfoError, match="took over"):
        read_bytes(_pdf(b"BT /F1 12 Tf 10 700 Td (hello) Tj ET"))
    assert time.perf_counter() - start < 10


# --- files and batch runs ---------------------------------------------------------------------------

_EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "reports").glob("*.txt"))
_GOVINFO = [sys.executable, "-m", "govinfo"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_among_the_inputs_neither_blocks_nor_stops_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(_EXAMPLES[0], folder / "a.txt")
    os.mkfifo(folder / "b.txt")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [*_GOVINFO, "batch", str(folder), "--out", str(out)], capture_output=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["path"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        str(folder / "a.txt")
    ]
    named = subprocess.run(
        [*_GOVINFO, "parse", str(folder / "b.txt")], capture_output=True, text=True, timeout=60
    )
    assert named.returncode == 1 and "not a regular file" in named.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_not_read_forever() -> None:
    proc = subprocess.run([*_GOVINFO, "parse", "/dev/zero"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "not a regular file" in proc.stderr


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govinfo.sources import text

    monkeypatch.setattr(text, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(govinfo.GovinfoError, match="limit"):
        govinfo.parse_file(big)


@pytest.mark.skipif(
    sys.platform == "darwin" or os.name == "nt", reason="needs a file system that takes any bytes"
)
@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path: Path, suffix: str) -> None:
    pytest.importorskip("pyarrow")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(os.fsencode(_EXAMPLES[0]), os.path.join(os.fsencode(folder), b"bad-\xff-name.txt"))
    shutil.copy(_EXAMPLES[1], folder / "good.txt")
    out = tmp_path / f"out{suffix}"
    proc = subprocess.run(
        [*_GOVINFO, "batch", str(folder), "--out", str(out)], capture_output=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    frame = batch_frame(out)
    paths = set(frame["path"])
    assert str(folder / "good.txt") in paths
    assert str(folder / "bad-\\xff-name.txt") in paths


def batch_frame(out: Path) -> Any:
    import pandas as pd

    if out.suffix == ".jsonl":
        return pd.DataFrame([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    if out.suffix == ".csv":
        return pd.read_csv(out)
    return pd.read_parquet(out)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="needs SIGTERM")
def test_sigterm_leaves_a_readable_parquet_and_no_workers(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3000):
        shutil.copy(_EXAMPLES[n % len(_EXAMPLES)], folder / f"{n:05d}.txt")
    out = tmp_path / "out.parquet"
    proc = subprocess.Popen(
        [*_GOVINFO, "batch", str(folder), "--out", str(out), "--jobs", "2", "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not out.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode in (143, 0)  # 0: it finished first
    table = pq.read_table(out)  # the footer is there
    assert table.num_rows > 0
    time.sleep(0.5)
    left = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(folder) not in left  # no worker left behind


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs timers")
def test_a_file_that_takes_too_long_is_its_own_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govinfo import batch

    slow, fine = tmp_path / "slow.txt", tmp_path / "fine.txt"
    shutil.copy(_EXAMPLES[0], slow)
    shutil.copy(_EXAMPLES[1], fine)
    parse_file = govinfo.parse_file

    def stuck(path: object, **kwargs: Any) -> Report:
        if str(path).endswith("slow.txt"):
            time.sleep(60)  # a parse that never ends, as the run sees it
        return parse_file(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(govinfo.results, "parse_file", stuck)
    monkeypatch.setattr(batch, "FILE_SECONDS", 0.5)
    out = tmp_path / "out.jsonl"
    start = time.perf_counter()
    summary = batch.run([slow, fine], out, jobs=1, progress=False)
    assert time.perf_counter() - start < 20
    assert (summary.files, summary.parsed, summary.failed) == (2, 1, 1)
    rows = {
        json.loads(line)["path"]: json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
    }
    assert "took over" in rows[str(slow)]["error"] and "report" in rows[str(fine)]


@given(report=consistent_reports(), data=st.data())
def test_a_cell_tag_broken_by_junk_never_shifts_silently(report: Report, data: st.DataObject) -> None:
    """Junk typed into a cell's start tag (``<（注）td>``, ``<\\ttd>``) loses that cell: the row
    must read short (values solved or named), never with the next cells one column left."""
    page = render(report, "html")
    tags = [m.start() for m in re.finditer(r"<td class=\"num\">", page)]
    at = data.draw(st.sampled_from(tags))
    junk = data.draw(st.sampled_from(["（注）", "\t", "※", " "]))
    page = page[: at + 1] + junk + page[at + 1 :]
    parsed = _read_page(page)
    want, got, named = govinfo.facts(report), govinfo.facts(parsed), _diagnosed(parsed)
    assert {k: (v, got[k]) for k, v in want.items() if got[k] != v and k not in named} == {}


@settings(max_examples=2)
@given(report=consistent_reports())
def test_the_cli_survives_a_5000_digit_count(report: Report) -> None:
    lines = render(report, "tsv").split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    cells = lines[i].split("\t")
    j = next(j for j, cell in enumerate(cells) if j > 0 and cell.strip())
    cells[j] = "9" * 5000
    lines[i] = "\t".join(cells)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huge.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        for command in ("parse", "facts"):
            proc = subprocess.run([*_GOVINFO, command, str(path)], capture_output=True, text=True, timeout=60)
            assert proc.returncode in (0, 1), proc.stderr
            assert "Traceback" not in proc.stderr
            json.loads(proc.stdout.splitlines()[0])


def test_characters_are_matched_to_cells_by_band_not_by_pairs() -> None:
    from govinfo.sources.pdf import _Bands, _BoxIndex, _inside

    cells = 140
    boxes = [(c * 10.0, r * 10.0, c * 10.0 + 10, r * 10.0 + 10) for r in range(cells) for c in range(cells)]
    chars = [
        {"x0": c * 10.0 + 3, "x1": c * 10.0 + 7, "top": r * 10.0 + 2, "bottom": r * 10.0 + 8}
        for r in range(cells)
        for c in range(cells)
    ]
    outside = {"x0": 5000.0, "x1": 5004.0, "top": 3.0, "bottom": 9.0}
    start = time.perf_counter()
    index, bands = _BoxIndex(boxes), _Bands(chars)
    assert all(index.holds(c) for c in chars) and not index.holds(outside)
    assert all(
        bands.within(box) == [c for c in chars[n : n + 1] if _inside(c, box)] for n, box in enumerate(boxes)
    )
    # all pairs would be 384 million tests (minutes); the bound leaves room for a slow, traced run
    assert time.perf_counter() - start < 60


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the deadline needs a child process")
def test_a_content_stream_bomb_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdfium2")
    from govinfo.sources import pdf, read_bytes

    bomb = _pdf(b"BT /F1 1 Tf (x) Tj ET\n" * 2_000_000, deflate=True)  # 44 MB of drawing, deflated
    assert len(bomb) < 1_000_000
    monkeypatch.setattr(pdf, "PAGE_SECONDS", 1.0)
    start = time.perf_counter()
    with pytest.raises(govinfo.GovinfoError):  # the deadline, or the child's memory limit, stops it
        read_bytes(bomb)
    assert time.perf_counter() - start < 15
