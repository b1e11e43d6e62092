"""Optional dependencies: imported when needed, with an error that names the extra to install."""

from __future__ import annotations

import sys
from typing import Any

from .exceptions import MissingExtraError


def require(module: str, *, purpose: str, package: str, extra: str) -> Any:
    """Import ``module`` (from the ``govinfo-cn[extra]`` dependency ``package``) and return it, or
    raise :class:`MissingExtraError` saying ``purpose`` needs it and how to install it."""
    try:
        __import__(module)  # (through builtins, so that tests can make an import fail)
    except ImportError as exc:
        raise MissingExtraError(f'{purpose} needs {package}: pip install "govinfo-cn[{extra}]"') from exc
    return sys.modules[module]
