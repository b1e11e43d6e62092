"""Golden files: every ``golden/<case>.txt`` (or ``.html``) parses to the gold facts in
``golden/<case>.facts.json``.

Adding a case is adding those two files.  Each case also has ``golden/<case>.report.json``, the
whole report as :func:`govinfo.dumps` writes it (title, dates, sections, diagnostics, positions):
any change to what the parser gives shows as a diff to review.  ``pytest --update-golden`` writes
them anew.  The cases are the shared corpus: the seeds, the PDF
reports' text (``dev``), real pages with table markup (``dev-html``) and a body's reports both as
pages and as crawler one-line dumps (``dev-dumps``).  Scoring follows ``spec/FACTS.md`` (as the shared
``score_facts.py`` does): a key is *correct* when equal (decimals as numbers; the agency after
removing whitespace, either name may end with the other, the gold may list several names), or
*abstained* when the parser gave ``None`` and a diagnostic names the key; anything else is *wrong*.
A gold ``{"true": v, "ambiguous_in_text": true}`` accepts ``v`` or an abstention.
"""

from __future__ import annotations

import difflib
import itertools
import json

import attrs
import pytest

import govinfo
from govinfo.cli import main
from helpers.golden import CASES, GOLDEN, input_of, load_gold, wrong_keys


def test_cases_found() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        assert input_of(case).is_file()


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    gold = load_gold(case)
    report = govinfo.parse_file(input_of(case))
    facts: dict[str, object] = dict(govinfo.facts(report))
    diagnosed = {key for d in report.diagnostics for key in d.keys}
    wrong = wrong_keys(gold, facts, diagnosed)
    assert not wrong, f"{case}: {len(wrong)} of {len(gold)} keys wrong:\n" + "\n".join(wrong)


def test_cli_facts_on_golden_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(input_of(case)) for case in CASES]
    status = main(["facts", *paths])
    lines = capsys.readouterr().out.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [obj["path"] for obj in objects] == paths
    errors = {obj["path"]: obj["error"] for obj in objects if "error" in obj}
    assert not errors
    assert status == 0
    for obj, case in zip(objects, CASES, strict=True):
        assert set(obj) == {"path", "facts", "diagnostics"}
        facts = obj["facts"]
        assert list(facts) == list(govinfo.fact_keys(facts["meta.edition"]))
        assert set(load_gold(case)) <= set(facts)
        for diagnostic in obj["diagnostics"]:
            assert set(diagnostic) == {"id", "code", "severity", "message", "line", "keys", "text"}
            assert isinstance(diagnostic["keys"], list)


@pytest.mark.parametrize("case", CASES)
def test_whole_report(case: str, request: pytest.FixtureRequest) -> None:
    """The whole parsed report, as JSON, is ``golden/<case>.report.json``."""
    report = govinfo.parse_file(input_of(case))
    assert report.source == str(input_of(case))
    # (the source path is where the checkout is: not part of the golden file)
    got = govinfo.dumps(attrs.evolve(report, source=None), indent=1) + "\n"
    path = GOLDEN / f"{case}.report.json"
    if request.config.getoption("--update-golden"):
        path.write_text(got, encoding="utf-8")
        return
    assert path.is_file(), f"{path.name} is missing: run pytest --update-golden and review it"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "golden", "parsed", lineterm="", n=2)
        shown = "\n".join(itertools.islice(diff, 60))
        pytest.fail(f"{case}: the parsed report differs from {path.name} (pytest --update-golden):\n{shown}")
