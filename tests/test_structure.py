"""The package's structure, read from its imports: no cycles, no reach-ins to private names.

Every ``import`` in ``src/govinfo`` counts, at module level or inside a function (a lazy import is
a dependency too); only imports under ``if TYPE_CHECKING:`` (types, no code) do not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "govinfo"


def module_name(path: Path) -> str:
    parts = ["govinfo", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(name: str) -> bool:
    return (PACKAGE.joinpath(*name.split(".")[1:]) / "__init__.py").exists()


def exists(name: str) -> bool:
    rel = name.split(".")[1:]
    return is_package(name) or PACKAGE.joinpath(*rel).with_suffix(".py").exists()


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, except those under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
        return
    yield from _imports(node)


def _base(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names (``from . import x``: the package)."""
    if node.level == 0:
        return node.module or ""
    package = module if is_package(module) else module.rsplit(".", 1)[0]
    parts = package.split(".")
    if node.level > 1:
        parts = parts[: -(node.level - 1)]
    return ".".join([*parts, node.module] if node.module else parts)


def edges(path: Path) -> Iterator[tuple[str, str, str]]:
    """``(module, imported module, name)`` for every import of the package's own modules; the
    name is what ``from m import name`` takes (``""`` for a module imported whole)."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "govinfo" or alias.name.startswith("govinfo."):
                    yield module, alias.name, ""
            continue
        base = _base(module, node)
        if not (base == "govinfo" or base.startswith("govinfo.")):
            continue
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            if exists(sub):
                yield module, sub, ""  # a module: from . import labels
            else:
                yield module, base, alias.name


def graph() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        out.setdefault(module, set())
        for source, target, _name in edges(path):
            if target != source:
                out[source].add(target)
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_no_module_imports_another_modules_private_names() -> None:
    reach_ins = [
        f"{source} imports {name} from {target}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for source, target, name in edges(path)
        if name.startswith("_") and not name.startswith("__") and target != source
    ]
    assert reach_ins == []


def test_every_module_is_seen() -> None:
    """The reader finds the package's modules and their imports (a test that cannot fail is none)."""
    g = graph()
    assert {"govinfo", "govinfo.parser", "govinfo.model", "govinfo.sources", "govinfo.sources.html"} <= set(g)
    assert "govinfo.model" in g["govinfo.parser"]
    assert "govinfo.labels" in g["govinfo.lexer"]  # from . import labels


@pytest.mark.parametrize(
    ("imports", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
    ],
)
def test_cycle_finder(imports: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(imports) == expected


def test_reader_sees_lazy_imports_and_skips_type_checking(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from .model import Report\n"
        "def f():\n"
        "    from .display import _private\n"
        "    from . import labels\n"
    )
    tree = ast.parse(source)
    seen = [
        (_base("govinfo.parser", n), [a.name for a in n.names])
        for n in _imports(tree)
        if isinstance(n, ast.ImportFrom)
    ]
    assert seen == [("typing", ["TYPE_CHECKING"]), ("govinfo.display", ["_private"]), ("govinfo", ["labels"])]
