"""The package's data files (``govinfo/data``, ``govinfo/grammars``), read beside the modules."""

from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def read_data(name: str) -> str:
    """The text of the package file ``name`` (a path relative to the package, ``/``-separated)."""
    with open(os.path.join(_HERE, *name.split("/")), encoding="utf-8") as file:
        return file.read()


def write_data(name: str, text: str) -> str:
    """Write a generated package file (for the maintainers' generators); returns its path."""
    path = os.path.join(_HERE, *name.split("/"))
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
    return path
