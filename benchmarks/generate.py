"""Generated reports for the benchmark: random, all-different numbers, both editions, several layouts.

``python benchmarks/generate.py DIR N`` writes N report files into DIR (no network, seeded).
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from govinfo import render
from govinfo.facts import table_fields
from govinfo.model import EDITIONS, TABLE_CLASSES, Meta, Report, ReviewLitigation, Section

AGENCIES = ("朔州市统计局", "淮安市人民政府", "宁波市北仑区应急管理局", "南充市司法局", "满洲里市交通运输局")
PROSE = (
    "我局认真贯彻落实政府信息公开条例，不断健全完善政务公开工作制度，扎实做好政府信息公开工作。",
    "全年在门户网站发布各类信息，及时回应社会关切，切实保障人民群众的知情权、参与权和监督权。",
    "严格落实保密审查制度，规范依申请公开办理流程，定期开展网站栏目检查，持续优化公开内容。",
)
LAYOUTS = ("text", "lines", "tsv", "markdown")


def _table(cls: type[Any], prefix: str, values: dict[str, Any]) -> Any:
    kwargs = {}
    for a in attrs.fields(cls):
        key = f"{prefix}.{a.name}"
        kwargs[a.name] = values[key] if a.metadata.get("kind") else _table(a.default.factory, key, values)
    return cls(**kwargs)


def report(rng: random.Random, edition: str) -> Report:
    """A report of ``edition`` whose numbers are all different."""
    fields = table_fields(edition)  # type: ignore[arg-type]
    numbers = rng.sample(range(1, 100_000), len(fields))
    values: dict[str, Any] = {}
    for (key, attribute), n in zip(fields, numbers, strict=True):
        kind = attribute.metadata["kind"]
        if kind == "amount":
            values[key] = Decimal(n) / 100
        elif kind == "change":
            values[key] = n if rng.random() < 0.7 else -n
        else:
            values[key] = n
    year = rng.randint(2019, 2025)
    active_cls, requests_cls = TABLE_CLASSES[edition]  # type: ignore[index]
    paragraphs = tuple(rng.sample(PROSE, 2))
    return Report(
        meta=Meta(
            agency=rng.choice(AGENCIES),
            year=year,
            edition=edition,  # type: ignore[arg-type]
            publication_date=datetime.date(year + 1, 1, rng.randint(10, 31)),
        ),
        overview=Section(paragraphs=paragraphs),
        active=_table(active_cls, "active", values),
        requests=_table(requests_cls, "requests", values),
        review_litigation=_table(ReviewLitigation, "review_litigation", values),
        problems=Section(paragraphs=paragraphs[:1]),
        other_matters=Section(paragraphs=paragraphs[1:]),
    )


def texts(n: int, seed: int = 2026) -> list[str]:
    """``n`` rendered reports, editions and layouts taken in turn."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        edition = EDITIONS[i % len(EDITIONS)]
        layout = LAYOUTS[(i // len(EDITIONS)) % len(LAYOUTS)]
        out.append(render(report(rng, edition), layout))
    return out


def write(folder: Path, n: int, seed: int = 2026) -> list[Path]:
    """Write ``n`` generated reports to ``folder`` as ``.txt`` files."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        edition = EDITIONS[i % len(EDITIONS)]
        layout = LAYOUTS[(i // len(EDITIONS)) % len(LAYOUTS)]
        path = folder / f"report-{i:06d}.txt"
        path.write_text(render(report(rng, edition), layout), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("n", type=int)
    args = ap.parse_args(argv)
    write(args.folder, args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
