"""How a report and a check result show themselves: filled in by the package, used by the model.

The model and the checks sit below the modules that draw them (:mod:`govinfo.display` for text and
notebook HTML, :mod:`govinfo.export` for DataFrames), so they cannot import them.  Instead
``govinfo/__init__.py`` registers here, once, a function for each view; ``Report.__repr__``,
``Report._repr_html_``, ``Report.to_pandas`` and ``CheckResult._repr_html_`` look it up.  The
registered functions import their module on first use, so ``import govinfo`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

View = Literal["report.repr", "part.repr", "report.html", "report.frame", "check.html"]
"""The views: a report's one-line ``repr``, a table's or an applicant-count row's, the report's
notebook HTML, its long DataFrame (``path`` given), and a check result's notebook HTML."""

_VIEWS: dict[View, Callable[..., Any]] = {}


def register(view: View, function: Callable[..., Any]) -> None:
    """Make ``function`` draw ``view`` (the package does this when it is imported)."""
    _VIEWS[view] = function


def show(view: View, *args: Any) -> Any:
    """``view`` of ``args``, or ``None`` when no function draws it (the model alone, unwired)."""
    function = _VIEWS.get(view)
    return None if function is None else function(*args)


__all__ = ["View", "register", "show"]
