"""The docs: generated pages are current, the diagnostic catalogue matches the source, examples run.

- ``docs/generate.py --check``: the pages generated from the model, ``facts.tsv``, the rules, the
  diagnostic catalogue and the argument parser are what the generator writes now;
- every diagnostic code (:class:`govinfo.diagnostics.Code`) is in the catalogue, which gives its
  severity, and is used somewhere;
- every ``>>>`` example in ``docs/*.md`` runs (doctest), and so does the README's ten-line example.
"""

from __future__ import annotations

import contextlib
import doctest
import glob
import io
import re
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from govinfo.cli import main
from govinfo.diagnostics import CATALOGUE, Code
from helpers.loading import load_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "govinfo"
SEVERITIES = frozenset({"error", "warning", "info"})

# pages whose examples need an extra: the module each needs
PAGE_NEEDS = {
    "batch.md": ("pandas", "pyarrow"),
    "formats.md": ("lxml", "docx", "pypdfium2"),
}


def _generator() -> ModuleType:
    return load_script(DOCS / "generate.py", "govinfo_docs_generate")


# --- generated pages -------------------------------------------------------------------------


def test_generated_pages_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    status = _generator().main(["--check"])
    assert status == 0, capsys.readouterr().err + "run `python docs/generate.py` and commit the pages"


def test_generated_pages_do_not_depend_on_what_ran_before() -> None:
    """cattrs resolves the model's string annotations in place; the pages must not change with it."""
    import govinfo

    report = govinfo.Report.blank("2019")
    assert govinfo.loads(govinfo.dumps(report)) == report  # the converter has resolved the types
    assert _generator().stale() == []


def test_generated_pages_cover_their_sources() -> None:
    from govinfo.checks import RULES
    from govinfo.cli import build_parser
    from govinfo.facts import vocabulary

    pages = {name: (DOCS / name).read_text(encoding="utf-8") for name in _generator().PAGES}
    assert all(f"`{spec.key}`" in pages["facts.md"] for spec in vocabulary())
    assert all(f"## {code}\n" in pages["checks.md"] for code in RULES)
    assert all(f"### {code}\n" in pages["diagnostics.md"] for code in CATALOGUE)
    commands = next(a for a in build_parser()._actions if a.choices and not a.option_strings)
    assert all(f"## govinfo {name}\n" in pages["cli.md"] for name in commands.choices)  # type: ignore[union-attr]
    assert "`requests.denied.state_secret.total`" in pages["data-model.md"]


# --- the diagnostic codes against the catalogue -------------------------------------------------


def test_every_code_is_catalogued_and_vice_versa() -> None:
    assert set(Code) == set(CATALOGUE)
    assert len(Code) >= 30


def test_every_code_is_emitted_somewhere() -> None:
    """Each code is used by the package (``Code.NAME``), so the catalogue documents no dead code."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "diagnostics.py")
    unused = [c.name for c in Code if not re.search(rf"\bCode\.{c.name}\b", source)]
    assert unused == []


def test_diagnostics_are_made_from_codes() -> None:
    """Outside :mod:`govinfo.diagnostics` no code is written as text and no diagnostic is built
    with a severity of its own: severities come from the catalogue."""
    for path in SRC.rglob("*.py"):
        if path.name == "diagnostics.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not [c for c in CATALOGUE if f'"{c}"' in text], path.name
        assert "Diagnostic(" not in text, path.name


def test_catalogue_entries_are_complete() -> None:
    for code, entry in CATALOGUE.items():
        assert entry.code == code
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", code)
        assert entry.severity in SEVERITIES
        assert entry.trigger.strip() and entry.action.strip()


# --- doctests ----------------------------------------------------------------------------------


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Run from the repository root (examples read examples/reports); temporary files in tmp_path."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


PAGES = sorted(p.name for p in DOCS.glob("*.md"))


def test_docs_pages() -> None:
    expected = {"index.md", "data-model.md", "facts.md", "checks.md", "cli.md", "formats.md"}
    assert expected | {"diagnostics.md", "architecture.md", "batch.md"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_doctests(page: str, in_root: Path) -> None:
    for module in PAGE_NEEDS.get(page, ()):
        pytest.importorskip(module)
    text = (DOCS / page).read_text(encoding="utf-8")
    result = doctest.testfile(
        str(DOCS / page),
        module_relative=False,
        encoding="utf-8",
        optionflags=doctest.ELLIPSIS,
        verbose=False,
        report=True,
    )
    assert result.failed == 0, f"{page}: {result.failed} of {result.attempted} examples failed (see stdout)"
    if "```python" in text:
        assert result.attempted > 0


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"## In ten lines\n+```python\n(.*?)```", readme, re.S)
    assert match, "README: no ```python block under '## In ten lines'"
    return match.group(1)


def test_readme_example_runs_and_prints_what_it_says(in_root: Path) -> None:
    code = _readme_example()
    assert len(code.strip().splitlines()) <= 12
    expected = [m.group(1).strip() for m in re.finditer(r"^print\(.*?\)\s*#\s*(.+)$", code, re.M)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue().splitlines()[: len(expected)] == expected


def test_readme_front_door_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    main_job = "govinfo facts examples/reports/*.txt && govinfo check examples/reports/*.txt"
    assert f"pip install . && {main_job}" in readme
    assert 'pip install -e ".[all,test]" && python -m pytest' in readme


def test_readme_main_job_in_process(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(glob.glob("examples/reports/*.txt"))
    assert len(files) == 5
    assert main(["facts", *files]) == 0
    assert main(["check", *files]) == 0
    out = capsys.readouterr().out
    assert out.count('"facts"') == 5 and out.count(": ok") == 5


# --- packaging ---------------------------------------------------------------------------------


def test_changelog_starts_with_this_version() -> None:
    import govinfo

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## (\S+)", changelog, re.M)
    assert first is not None and first.group(1) == govinfo.__version__


def test_pyproject_packaging() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"  # an SPDX expression (PEP 639)
    assert all((ROOT / name).is_file() for name in project["project"]["license-files"])
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/govinfo/_version.py"
    include = project["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert {"tests", "docs", "examples", "LICENSE", "CHANGELOG.md"} <= set(include)
    assert any(r.startswith("matplotlib") for r in project["project"]["optional-dependencies"]["test"])
