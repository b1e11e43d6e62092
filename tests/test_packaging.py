"""What a downstream packager and a user rely on, held against the code so that it cannot rot.

- ``docs/stability.md``: the exit statuses, the JSON format version, the rule codes, the fact key
  prefixes, the commands, the file columns and the Python names it lists are the code's;
- the package docstring names only what exists, and ``help()`` of ``parse`` and ``render`` says
  what they raise (and which layouts ``render`` writes);
- ``govinfo --help`` ends with examples that parse and with the documentation's address;
- ``pyproject.toml``: project URLs, classifiers for every supported Python, a ``test`` extra with
  only what the tests need (the lint tools in ``lint``, which CI installs);
- links in the README and the docs work outside the repository; no folder outside it is named;
- a test run leaves no ``.hypothesis/`` folder in the tree.
"""

from __future__ import annotations

import ast
import importlib
import keyword
import os
import pydoc
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import govinfo
from govinfo import cli
from govinfo.checks import RULES
from govinfo.diagnostics import Code
from govinfo.facts import vocabulary
from govinfo.serde import FORMAT

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
STABILITY = (DOCS / "stability.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
HOME = "https://github.com/govinfo-cn/govinfo"
DOCS_URL = f"{HOME}/tree/main/docs"
EXAMPLE = ROOT / "examples" / "reports" / "004_56695964816e1b37.txt"


def section(text: str, heading: str) -> str:
    """The body of the ``## heading`` section of a Markdown page."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def pyproject() -> dict[str, Any]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    data: dict[str, Any] = tomllib.loads(PYPROJECT)
    return data


# --- docs/stability.md against the code ------------------------------------------------------


def exit_statuses_in_cli() -> set[int]:
    """Every integer a ``return`` of :mod:`govinfo.cli` can give (``return 143 if … else 130`` too)."""
    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            for part in ast.walk(node.value):
                if isinstance(part, ast.Constant) and type(part.value) is int:
                    found.add(part.value)
    return found


def test_stability_page_lists_exactly_the_exit_statuses_of_the_cli() -> None:
    listed = {int(n) for n in re.findall(r"^\| (\d+) \|", section(STABILITY, "Command line"), re.M)}
    assert listed == exit_statuses_in_cli() == {0, 1, 2, 130, 143}


class Terminated(KeyboardInterrupt):
    """What ``govinfo batch`` raises on SIGTERM (by name, as in :mod:`govinfo.batch`)."""


def test_each_exit_status_on_the_page_happens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(EXAMPLE)]) == 0
    assert cli.main(["check", str(tmp_path / "missing.txt")]) == 1
    assert cli.main(["check", "--no-such-option", str(EXAMPLE)]) == 2
    assert cli.main(["batch", str(EXAMPLE), "--out", str(tmp_path / "out.xlsx")]) == 2

    def interrupted(_: object) -> int:
        raise KeyboardInterrupt

    def terminated(_: object) -> int:
        raise Terminated

    monkeypatch.setattr(cli, "cmd_check", interrupted)
    assert cli.main(["check", str(EXAMPLE)]) == 130
    monkeypatch.setattr(cli, "cmd_check", terminated)
    assert cli.main(["check", str(EXAMPLE)]) == 143
    capsys.readouterr()


def test_stability_page_states_the_json_format_version_serde_writes() -> None:
    body = section(STABILITY, "The JSON document")
    current = re.search(r'`"format": "([^"]+)"` is the current version', body)
    assert current is not None and current.group(1) == FORMAT
    assert f"'{FORMAT}'" in body  # the doctest's output
    assert govinfo.dumps(govinfo.Report.blank("2019")).startswith(f'{{"format": "{FORMAT}"')


def test_stability_page_lists_exactly_the_rule_codes() -> None:
    listed = re.findall(r"^\| `([A-Z]\d+)` \|", section(STABILITY, "Check rules"), re.M)
    assert listed == list(RULES)


def test_stability_page_diagnostic_codes_exist() -> None:
    body = section(STABILITY, "Diagnostic codes")
    named = [t for t in re.findall(r"`([^`]+)`", body) if re.fullmatch(r"[a-z]+\.[a-z_]+", t)]
    assert named and set(named) <= {c.value for c in Code}
    assert "`govinfo.diagnostics.Code`" in body


def test_stability_page_fact_key_prefixes_cover_the_vocabulary() -> None:
    prefixes = re.findall(r"^- `([a-z_]+\.)`", section(STABILITY, "Fact keys"), re.M)
    keys = [spec.key for spec in vocabulary()]
    assert {key.split(".")[0] + "." for key in keys} == set(prefixes)


def test_stability_page_lists_exactly_the_commands() -> None:
    listed = re.findall(r"^- `govinfo ([a-z]+)`$", section(STABILITY, "Command line"), re.M)
    commands = next(a for a in cli.build_parser()._actions if a.choices and not a.option_strings)
    assert listed == list(commands.choices)  # type: ignore[arg-type]


def test_stability_page_lists_the_columns_of_the_batch_files() -> None:
    from govinfo.export import FILE_COLUMNS

    listed = re.findall(r"^\| `([a-z_]+)` \|$", section(STABILITY, "Command line"), re.M)
    assert tuple(listed) == FILE_COLUMNS


def resolve(dotted: str) -> object:
    """The object a dotted name (``govinfo.checks.RULES``) names, importing modules on the way."""
    parts = dotted.split(".")
    obj: object = importlib.import_module(parts[0])
    for i, name in enumerate(parts[1:], start=1):
        if not hasattr(obj, name):
            importlib.import_module(".".join(parts[: i + 1]))
        obj = getattr(obj, name)
    return obj


def test_stability_page_python_names_exist() -> None:
    body = section(STABILITY, "Python API")
    dotted = re.findall(r"^- `(govinfo\.[\w.]+)`$", body, re.M)
    assert len(dotted) >= 10
    for name in dotted:
        resolve(name)
    exported = re.search(r"\(`govinfo.__all__`: (.*?)\)", body, re.S)
    assert exported is not None
    for name in re.findall(r"`(\w+)`", exported.group(1)):
        assert name in govinfo.__all__, name


def supported_pythons() -> list[str]:
    """The ``Programming Language :: Python :: 3.X`` classifiers, in order."""
    return re.findall(r'"Programming Language :: Python :: (3\.\d+)"', PYPROJECT)


def test_stability_page_names_the_supported_pythons() -> None:
    stated = re.search(r"govinfo supports Python (.*?) \(", section(STABILITY, "Versions"), re.S)
    assert stated is not None
    assert re.findall(r"3\.\d+", stated.group(1)) == supported_pythons()


def test_stability_is_linked_from_the_index_and_the_readme() -> None:
    assert "](stability.md)" in (DOCS / "index.md").read_text(encoding="utf-8")
    assert f"{HOME}/blob/main/docs/stability.md" in links(README)


# --- the package docstring and help() --------------------------------------------------------


def test_package_docstring_names_only_what_exists() -> None:
    doc = govinfo.__doc__ or ""
    named = re.findall(r"``([^`]+)``", doc.split(">>>")[0])
    assert len(named) >= 15
    for literal in named:
        name = literal.split("(")[0]
        if keyword.iskeyword(name) or name == "govinfo":  # ``None``, the package itself
            continue
        if "." in name:
            resolve(name)
        else:
            assert name in govinfo.__all__, name
    for task in ("parse", "check", "export", "render", "errors"):
        assert f"- {task}: " in doc, task
    for name in ("parse", "parse_file", "check", "facts", "dumps", "render", "ParseError", "SchemaError"):
        assert f"``{name}``" in doc, name


def test_help_says_what_parse_and_render_raise() -> None:
    text = pydoc.plain(pydoc.render_doc(govinfo.parse))
    assert "ParseError" in text
    text = pydoc.plain(pydoc.render_doc(govinfo.render))
    assert "ValueError" in text
    for layout in govinfo.LAYOUTS:
        assert f"``{layout}``" in text, layout
    from govinfo import parser

    readers = (parser.parse_file, parser.parse_bytes, govinfo.parse_file, govinfo.parse_bytes)
    for function in (parser.parse, *readers):
        assert "Raises" in (function.__doc__ or ""), function.__name__
        assert "ParseError" in (function.__doc__ or ""), function.__name__
    for function in readers:
        assert "MissingExtraError" in (function.__doc__ or ""), function.__name__


# --- govinfo --help ------------------------------------------------------------------------


def test_help_ends_with_examples_and_the_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    lines = out.rstrip("\n").splitlines()
    assert lines[-1] == f"documentation: {DOCS_URL}"
    after = out[out.index("\nexamples:\n") :].splitlines()[2:]
    examples = after[: after.index("")]
    assert 3 <= len(examples) <= 5
    parser = cli.build_parser()
    used = set()
    for line in examples:
        command = shlex.split(re.split(r"\s{2,}", line.strip())[0])  # the command, then what it does
        assert command[0] == "govinfo", line
        args = parser.parse_args(command[1:])  # each example is a valid command line
        used.add(args.command)
    assert {"parse", "facts", "check", "batch", "render"} <= used


# --- pyproject.toml --------------------------------------------------------------------------


def test_project_urls() -> None:
    urls = pyproject()["project"]["urls"]
    assert urls == {
        "Homepage": HOME,
        "Documentation": DOCS_URL,
        "Changelog": f"{HOME}/blob/main/CHANGELOG.md",
        "Issues": f"{HOME}/issues",
    }


def test_classifiers_list_every_supported_python() -> None:
    project = pyproject()["project"]
    classifiers: list[str] = project["classifiers"]
    lowest = re.fullmatch(r">=(3\.\d+)", project["requires-python"])
    assert lowest is not None
    versions = supported_pythons()
    minors = [int(v.split(".")[1]) for v in versions]
    assert versions[0] == lowest.group(1)
    assert minors == list(range(minors[0], minors[-1] + 1))  # every version in between
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tested = re.findall(r"\$\(find_python (3\.\d+)\)", ci)
    assert tested == [versions[0], versions[-1]]  # CI tests the oldest and the newest
    for classifier in (
        "Operating System :: OS Independent",
        "Environment :: Console",
        "Typing :: Typed",
        "Programming Language :: Python :: 3 :: Only",
    ):
        assert classifier in classifiers
    assert any(c.startswith("Topic :: Text Processing") for c in classifiers)
    assert any(c.startswith("Topic :: Scientific/Engineering") for c in classifiers)
    # the licence is an SPDX expression (PEP 639), which replaces the License :: classifiers
    assert project["license"] == "MIT"
    assert not any(c.startswith("License ::") for c in classifiers)


def requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()


def test_the_test_extra_holds_only_what_the_tests_need() -> None:
    extras = pyproject()["project"]["optional-dependencies"]
    test = {requirement_name(r) for r in extras["test"]}
    assert {"mypy", "ruff", "pytest-cov"}.isdisjoint(test)
    assert {"mypy", "ruff"} <= {requirement_name(r) for r in extras["lint"]}
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    for name in test:  # each one is imported by a test
        module = name.replace("-", "_")
        assert re.search(rf"^\s*(import|from) {module}\b|importorskip\(\"{module}", sources, re.M), name


def test_ci_installs_the_lint_tools_it_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    installs = re.search(r'install \.venv-ci "\$NEWEST" (\S+)', ci)
    assert installs is not None
    extras = set(installs.group(1).split(","))
    assert {"all", "test", "lint", "coverage"} <= extras
    assert "ruff check" in ci and "mypy --strict" in ci and "--cov" in ci
    if sys.version_info >= (3, 11):
        assert extras <= set(pyproject()["project"]["optional-dependencies"])


# --- links that work outside the repository ----------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)|^\[[^\]]+\]:\s*(\S+)", re.M)  # inline, or a reference definition


def links(text: str) -> list[str]:
    """The targets of a Markdown text's links."""
    return [inline or reference for inline, reference in LINK.findall(text)]


PROJECT_LINK = re.compile(rf"{re.escape(HOME)}/(?:blob|tree)/main/([^)\s>\"'`]*)")


def test_readme_links_are_absolute() -> None:
    """The README is the package's page on PyPI too, where a relative link leads nowhere."""
    targets = links(README)
    assert len(targets) >= 10
    for target in targets:
        assert target.startswith(("https://", "#")), target


def test_docs_links_stay_inside_docs_or_are_absolute() -> None:
    for page in DOCS.glob("*.md"):
        for target in links(page.read_text(encoding="utf-8")):
            if target.startswith(("https://", "http://", "#", "mailto:")):
                continue
            path = target.split("#")[0]
            assert not path.startswith(("../", "/")), f"{page.name}: {target}"
            assert (DOCS / path).exists(), f"{page.name}: {target}"


def test_links_to_the_repository_name_files_that_exist() -> None:
    texts = {"README.md": README, "pyproject.toml": PYPROJECT, "govinfo/__init__.py": govinfo.__doc__ or ""}
    texts.update({f"docs/{p.name}": p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")})
    texts["govinfo --help"] = cli.build_parser().format_help()
    found = 0
    for where, text in texts.items():
        for path in PROJECT_LINK.findall(text):
            found += 1
            assert (ROOT / path).exists(), f"{where}: {HOME}/…/main/{path}"
    assert found >= 10


def test_no_folder_outside_the_repository_is_named() -> None:
    texts = {"README.md": README, "pyproject.toml": PYPROJECT}
    texts.update({f"docs/{p.name}": p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")})
    texts.update(
        {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py")}
    )
    for where, text in texts.items():
        assert "../shared" not in text and "shared/" not in text, where


# --- hypothesis keeps nothing in the tree ------------------------------------------------------

HYPOTHESIS_TEST = """
from hypothesis import given, strategies as st


@given(st.text(), st.integers())
def test_fails_once(text: str, number: int) -> None:
    assert number < 1000  # a failing example: hypothesis saves it in its database
"""


def test_a_test_run_leaves_no_hypothesis_folder_in_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "tests" / "conftest.py", tree / "conftest.py")
    (tree / "test_h.py").write_text(HYPOTHESIS_TEST, encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYPOTHESIS_", "PYTEST_", "COVERAGE_"))}
    env.update(TMPDIR=str(temp), TEMP=str(temp), TMP=str(temp), PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_h.py"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the one test fails, as it should
    assert "test_fails_once" in proc.stdout
    assert sorted(p.name for p in tree.iterdir()) == ["conftest.py", "test_h.py"]
    (home,) = temp.glob("govinfo-hypothesis-*")
    assert any((home / "examples").iterdir())  # the failure is kept, outside the tree


def test_this_run_keeps_hypothesis_files_outside_the_tree() -> None:
    from hypothesis import settings
    from hypothesis.configuration import storage_directory

    assert ROOT not in storage_directory("examples").path.parents
    database = settings().database
    path = getattr(database, "path", None)
    assert path is None or ROOT not in Path(path).parents
