"""Hostile-input fuzz run: ``python benchmarks/fuzz.py [--inputs N] [--jobs J] [--seed S]``.

Not part of CI (it takes minutes). Generated reports (``benchmarks/generate.py``: random, all-different
numbers, both editions) are rendered
as text, TSV, HTML and Word. Each is then damaged by a random composition of mutations that keep
every digit of the report's values: markup and junk, HTML5 elements, deep nesting, huge spans,
stray TABs, control characters, bidirectional marks, lost and doubled lines. It is also given,
now and then, an attack of its own: a huge number, 200,000 attributes, a grid bomb.

For every input it records:

- the exception, if any, other than ``GovinfoError``;
- the *silent wrong values*: keys whose parsed value is neither the true value, nor ``None``, nor
  named by a diagnostic (the agency counts as right when it is the name as written, the junk a
  mutation put into it aside, and agrees as the scorer has names agree). Inputs with an attack
  that changes a number (a huge one) are left out of this count;
- the numbers that appear nowhere in the input (a value no diagnostic names, whose digits the
  input does not hold);
- the time;
- the peak memory of the worker process (``ru_maxrss``; each worker parses a bounded number of
  inputs, then is replaced).

It prints the totals and the worst cases, and exits 1 if any exception or silent wrong value was
found, if an input took over 2 s, or if a worker's peak memory passed 500 MB.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import re
import resource
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

TIME_BUDGET = 2.0  # seconds per input
MEMORY_BUDGET = 500  # MB per worker process

# Mutations that keep every digit of the values: (name, function(text, rng, layout) -> text).
_JUNK = [
    "<br>",
    "&nbsp;",
    "\u200f",
    "\u200b",
    "\x00",
    "\x0b",
    "\ufeff",
    "※",
    "（注）",
    "|",
    "\t",
    "  ",
    "\u3000",
]
_HTML5 = ["<embed src=x>", "<video>", "<audio>", "<canvas>", "<iframe>", "<textarea>", "<template>"]
_HTML5 += [
    "<object>",
    "<svg>",
    "<select>",
    "<noscript>",
    "<source src=x>",
    "<wbr>",
    "<script>",
    "<p>",
    "</div>",
]


def _insert(text: str, rng: random.Random, piece: str) -> str:
    at = rng.randrange(len(text) + 1)
    while at < len(text) and at > 0 and text[at - 1].isdigit() and text[at].isdigit():
        at += 1  # never inside a number
    return text[:at] + piece + text[at:]


def _junk(text: str, rng: random.Random, layout: str) -> str:
    for _ in range(rng.randint(1, 20)):
        text = _insert(text, rng, rng.choice(_JUNK))
    return text


def _html5(text: str, rng: random.Random, layout: str) -> str:
    if layout != "html":
        return text
    at = text.find(">", text.find("<body")) + 1
    return text[:at] + "".join(rng.choice(_HTML5) for _ in range(rng.randint(1, 4))) + text[at:]


def _nesting(text: str, rng: random.Random, layout: str) -> str:
    if layout != "html":
        return text
    depth = rng.choice([50, 200, 300, 600])
    start = text.find(">", text.find("<body")) + 1
    end = text.find("</body>")
    return text[:start] + "<div>" * depth + text[start:end] + "</div>" * depth + text[end:]


def _spans(text: str, rng: random.Random, layout: str) -> str:
    if layout != "html":
        return text
    tags = list(re.finditer(r"<t[dh]\b[^>]*>", text))
    for tag in rng.sample(tags, min(len(tags), rng.randint(1, 3))):
        new = tag.group().replace(">", f' colspan="{rng.choice([0, 999999, 65535])}">', 1)
        text = text.replace(tag.group(), new, 1)
    return text


def _tabs(text: str, rng: random.Random, layout: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(lines))
        lines[i] += "\t"
    return "\n".join(lines)


def _lines(text: str, rng: random.Random, layout: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(lines))
        if rng.random() < 0.5 and not re.search(r"\d", lines[i]):
            del lines[i]  # a line without numbers lost
        else:
            lines.insert(i, rng.choice(["", " ", "\u00a0", "一、总体情况", "打印本页", "- 3 -"]))
    return "\n".join(lines)


MUTATIONS = {
    "junk": _junk,
    "html5": _html5,
    "nesting": _nesting,
    "spans": _spans,
    "tabs": _tabs,
    "lines": _lines,
}


# Attacks that may change what a value reads (not counted as silent wrong values: checked to be
# the true value or None with a diagnostic).
def _huge_number(text: str, rng: random.Random, layout: str) -> str:
    numbers = list(re.finditer(r"(?<![\d.])\d{1,5}(?![\d.])", text))
    if not numbers:
        return text
    m = rng.choice(numbers)
    return text[: m.start()] + "9" * rng.choice([13, 40, 5000]) + text[m.end() :]


def _attributes(text: str, rng: random.Random, layout: str) -> str:
    if layout != "html":
        return text
    flood = "<div " + " ".join(f'a{i}="1"' for i in range(200_000)) + ">x</div>"
    at = text.find(">", text.find("<body")) + 1
    return text[:at] + flood + text[at:]


def _grid_bomb(text: str, rng: random.Random, layout: str) -> str:
    if layout != "html":
        return text
    rows = '<tr><td rowspan="65534" colspan="1000">x</td></tr>' * 5000
    return text.replace("</body>", f"<table>{rows}</table></body>")


ATTACKS = {"huge number": _huge_number, "attributes": _attributes, "grid bomb": _grid_bomb}


def _docx(report: Any) -> bytes:
    from helpers.docx_template import fill_template

    return fill_template(report)


def _case(seed: int) -> tuple[str, str, list[str], bytes, Any]:
    """Input number ``seed``: its layout, mutations, bytes, and the true facts."""
    import generate

    import govinfo

    rng = random.Random(seed)
    report = generate.report(rng, rng.choice(["2019", "2021"]))
    layout = rng.choice(["text", "tsv", "html", "html", "docx"])
    if layout == "docx" and report.meta.edition != "2021":
        layout = "html"  # the Word template is of the 2021 edition
    names = rng.sample(sorted(MUTATIONS), rng.randint(1, 3))
    attack = rng.choice(sorted(ATTACKS)) if rng.random() < 0.05 else None
    if layout == "docx":
        data = _docx(report)
        if rng.random() < 0.5:
            data = _damage_docx(data, rng)
            names = ["docx xml"]
        else:
            names = []
    else:
        text = govinfo.render(report, "html" if layout == "html" else layout)
        for name in names:
            text = MUTATIONS[name](text, rng, layout)
        if attack is not None:
            text = ATTACKS[attack](text, rng, layout)
            names.append(attack)
        data = text.encode("utf-8", "surrogatepass")
    return layout, " + ".join(names) or "none", [attack] if attack else [], data, govinfo.facts(report)


def _damage_docx(data: bytes, rng: random.Random) -> bytes:
    """The package with spans and junk in ``word/document.xml`` (digits kept)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                xml = part.decode("utf-8")
                spots = [m.end() for m in re.finditer(r"<w:tcPr>", xml)]
                for at in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 5))), reverse=True):
                    xml = xml[:at] + f'<w:gridSpan w:val="{rng.choice([2, 999999])}"/>' + xml[at:]
                part = xml.encode("utf-8")
            target.writestr(info, part)
    return out.getvalue()


def _same_agency(key: str, want: Any, got: Any) -> bool:
    """An agency read as written: junk a mutation put into the name does not count, and names
    agree as the scorer has them agree (one ends with the other)."""
    if key != "meta.agency" or not isinstance(want, str) or not isinstance(got, str):
        return False
    for junk in _JUNK:
        got = got.replace(junk.strip(), "") if junk.strip() else got
    return bool(got) and (want.endswith(got) or got.endswith(want))


def run_one(seed: int) -> dict[str, Any]:
    """Parse input ``seed`` and judge it."""
    import govinfo
    from govinfo.normalize import normalize_text
    from govinfo.sources import read_bytes

    layout, mutations, attacks, data, want = _case(seed)
    start = time.perf_counter()
    error = None
    silent: list[str] = []
    nowhere: list[str] = []
    try:
        report = govinfo.parse(read_bytes(data))
        got = govinfo.facts(report)
        govinfo.dumps(report)
        named = {key for d in report.diagnostics for key in d.keys}
        raw = read_bytes(data) if layout == "docx" else data.decode("utf-8", "replace")
        source = "\n".join(text for _number, text in normalize_text(raw))  # invisible marks dropped
        # spaces in a cell that are noise (254 .61, -  88263): not those between two digits
        compact = re.sub(r"(?<!\d)\s+|\s+(?!\d)", "", source)
        nowhere = [
            f"{key}: {value}"
            for key, value in got.items()
            if isinstance(value, (int, Decimal))
            and not isinstance(value, bool)
            and key.count(".") >= 2
            and str(value) not in source
            and str(value) not in compact
            and key not in named
        ]
        for key, value in want.items():
            if (
                got.get(key) not in (None, value)
                and key not in named
                and not _same_agency(key, value, got[key])
            ):
                silent.append(f"{key}: {value!r} → {got.get(key)!r}")
    except govinfo.GovinfoError:
        pass
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seed": seed,
        "layout": layout,
        "mutations": mutations,
        "bytes": len(data),
        "seconds": seconds,
        "peak_mb": peak,
        "error": error,
        "silent": silent if not attacks else [],
        "nowhere": nowhere if not attacks else [],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    seeds = range(a.seed, a.seed + a.inputs)
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    results = []
    started = time.monotonic()
    with context.Pool(a.jobs, maxtasksperchild=500) as pool:
        for n, result in enumerate(pool.imap_unordered(run_one, seeds, chunksize=10), 1):
            results.append(result)
            if n % 500 == 0:
                print(f"{n}/{a.inputs} inputs, {time.monotonic() - started:.0f} s", file=sys.stderr)
    errors = [r for r in results if r["error"]]
    silent = [r for r in results if r["silent"]]
    slowest = sorted(results, key=lambda r: -r["seconds"])[:5]
    biggest = max(r["peak_mb"] for r in results)
    by_layout: dict[str, int] = {}
    for r in results:
        by_layout[r["layout"]] = by_layout.get(r["layout"], 0) + 1
    print(f"inputs: {len(results)} ({', '.join(f'{k} {v}' for k, v in sorted(by_layout.items()))})")
    print(f"exceptions other than GovinfoError: {len(errors)}")
    for r in errors[:10]:
        print(f"  seed {r['seed']} ({r['layout']}, {r['mutations']}): {r['error']}")
    print(f"inputs with silent wrong values: {len(silent)}")
    for r in silent[:10]:
        print(f"  seed {r['seed']} ({r['layout']}, {r['mutations']}): {r['silent'][:3]}")
    nowhere = [r for r in results if r["nowhere"]]
    print(f"inputs with a number that appears nowhere in them (no diagnostic naming it): {len(nowhere)}")
    for r in nowhere[:10]:
        print(f"  seed {r['seed']} ({r['layout']}, {r['mutations']}): {r['nowhere'][:3]}")
    print(f"worst time: {slowest[0]['seconds']:.2f} s; slowest:")
    for r in slowest:
        print(
            f"  {r['seconds']:.2f} s seed {r['seed']} ({r['layout']}, {r['mutations']}, {r['bytes']:,} bytes)"
        )
    largest = max(r["bytes"] for r in results)
    print(f"worst peak memory of a worker: {biggest:.0f} MB; largest input: {largest:,} bytes")
    bad = errors or silent or nowhere or slowest[0]["seconds"] > TIME_BUDGET or biggest > MEMORY_BUDGET
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
