"""The docs: generated pages are current, the diagnostic catalogue matches the source, examples run.

- ``docs/generate.py --check``: the pages generated from the model, ``facts.tsv``, the rules, the
  diagnostic catalogue and the argument parser are what the generator writes now;
- every diagnostic code the source can emit is in :data:`govinfo.diagnostics.CATALOGUE` with the
  severity it is emitted with, and every catalogued code is emitted somewhere;
- every ``>>>`` example in ``docs/*.md`` runs (doctest), and so does the README's ten-line example.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import glob
import io
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from govinfo.cli import main
from govinfo.diagnostics import CATALOGUE
from loading import load_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "govinfo"
SEVERITIES = frozenset({"error", "warning", "info"})

# pages whose examples need an extra: the module each needs
PAGE_NEEDS = {
    "batch.md": ("pandas", "pyarrow"),
    "formats.md": ("lxml", "docx", "pdfplumber"),
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


# --- the diagnostic catalogue against the source ---------------------------------------------


class _Unresolved(Exception):
    pass


class _Source:
    """The package's modules as syntax trees, with each node's innermost enclosing function."""

    def __init__(self, paths: list[Path]) -> None:
        self.modules = {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in paths}
        self.owner: dict[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for tree in self.modules.values():
            for fn in ast.walk(tree):  # breadth first: inner functions overwrite outer ones
                if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for node in ast.walk(fn):
                        if node is not fn:
                            self.owner[node] = fn

    def calls(self, name: str) -> Iterator[ast.Call]:
        for tree in self.modules.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and _name(node.func) == name:
                    yield node

    def resolve(self, expr: ast.expr, depth: int = 0) -> set[str]:
        """Every string ``expr`` can be: constants, ``a if c else b``, ``a + b``, local variables
        and parameters (through every call of their function)."""
        if depth > 6:
            raise _Unresolved
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self.resolve(expr.body, depth) | self.resolve(expr.orelse, depth)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left, right = self.resolve(expr.left, depth), self.resolve(expr.right, depth)
            return {a + b for a in left for b in right}
        if isinstance(expr, ast.Name) and expr in self.owner:
            fn = self.owner[expr]
            assigned = [
                node.value
                for node in ast.walk(fn)
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
            ]
            if assigned:
                return set().union(*(self.resolve(value, depth + 1) for value in assigned))
            params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
            if expr.id in params:
                index = params.index(expr.id) - (1 if params[0] in ("self", "cls") else 0)
                out: set[str] = set()
                for call in self.calls(fn.name):
                    arg = next((k.value for k in call.keywords if k.arg == expr.id), None)
                    out |= self.resolve(arg if arg is not None else call.args[index], depth + 1)
                return out
        raise _Unresolved


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_sink_add(call: ast.Call) -> bool:
    """``sink.add(code, severity, ...)`` — not ``set.add`` or a tally's ``add``."""
    if _name(call.func) != "add" or len(call.args) < 2:
        return False
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(receiver, ast.Name) and "sink" in receiver.id.lower():
        return True
    second = call.args[1]
    return isinstance(second, ast.Constant) and second.value in SEVERITIES


def emitted_codes(root: Path = SRC) -> dict[str, set[str]]:
    """Diagnostic code → the severities it is emitted with, from ``Diagnostic(code=..., severity=...)``
    and ``sink.add(code, severity, ...)`` calls anywhere under ``root`` (src/govinfo)."""
    source = _Source(sorted(root.rglob("*.py")))
    out: dict[str, set[str]] = defaultdict(set)
    for path, tree in source.modules.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            code: ast.expr | None
            severity: ast.expr | None
            if _name(node.func) == "Diagnostic":
                if node in source.owner and source.owner[node].name == "add":
                    continue  # Sink.add itself: its callers are the emission sites
                keywords = {k.arg: k.value for k in node.keywords}
                code, severity = keywords.get("code"), keywords.get("severity")
            elif _is_sink_add(node):
                code, severity = node.args[0], node.args[1]
            else:
                continue
            where = f"{path.name}:{node.lineno}"
            assert code is not None and severity is not None, f"{where}: no code or severity"
            try:
                codes, severities = source.resolve(code), source.resolve(severity)
            except _Unresolved:
                pytest.fail(f"{where}: cannot tell which diagnostic code this emits; use string constants")
            for c in codes:
                out[c] |= severities
    return dict(out)


def test_every_emitted_code_is_catalogued_and_vice_versa() -> None:
    emitted = emitted_codes()
    assert len(emitted) >= 20  # the scanner found the emission sites
    missing = sorted(set(emitted) - set(CATALOGUE))
    unused = sorted(set(CATALOGUE) - set(emitted))
    assert not missing, f"add these to govinfo.diagnostics.CATALOGUE (and run docs/generate.py): {missing}"
    assert not unused, f"catalogued but never emitted: {unused}"
    wrong = {c: s for c, s in emitted.items() if s != {CATALOGUE[c].severity}}
    assert not wrong, f"emitted with another severity than catalogued: {wrong}"


SAMPLE = """
class Sink:
    def add(self, code, severity, message):
        self.diagnostics.append(Diagnostic(code=code, severity=severity, message=message))

def _abstain(sink, message, code):
    sink.add(code, "warning", message)

def fill(sink, glued):
    seen = set()
    seen.add("not.a_code")
    code = "row.glued" if glued else "row.count"
    sink.add(code + "_resolved", "info", "m")
    _abstain(sink, "m", "row.unreadable")
    return Diagnostic(code="input.empty", severity="error", message="m")
"""


def test_scanner_follows_variables_parameters_and_concatenation(tmp_path: Path) -> None:
    (tmp_path / "sample.py").write_text(SAMPLE, encoding="utf-8")
    assert emitted_codes(tmp_path) == {
        "row.glued_resolved": {"info"},
        "row.count_resolved": {"info"},
        "row.unreadable": {"warning"},
        "input.empty": {"error"},
    }
    (tmp_path / "dynamic.py").write_text(
        'def f(sink, name):\n    sink.add(f"row.{name}", "warning", "m")\n', encoding="utf-8"
    )
    with pytest.raises(pytest.fail.Exception, match="cannot tell which diagnostic code"):
        emitted_codes(tmp_path)


def test_literal_codes_found_by_grep_are_all_seen_by_the_scanner() -> None:
    """A plain grep for code strings at emission sites: a cross-check of the syntax-tree scanner."""
    pattern = re.compile(r"""(?:code=|sink\.add\(\s*)["']([a-z_]+\.[a-z_]+)["']""")
    found = {m.group(1) for p in SRC.rglob("*.py") for m in pattern.finditer(p.read_text(encoding="utf-8"))}
    assert found, "the grep found no diagnostic codes"
    assert found <= set(emitted_codes())
    assert found <= set(CATALOGUE)


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
