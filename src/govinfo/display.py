"""Notebook display: a short ``repr`` and ``_repr_html_`` (standard library only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Report


def report_repr(report: Report) -> str:
    """``<Report 朔州市统计局 2023 (2019 edition), 201 facts, 3 diagnostics>``."""
    from .facts import facts

    meta = report.meta
    values = facts(report)
    filled = sum(1 for k, v in values.items() if v is not None and not k.startswith("meta."))
    edition = f"{meta.edition} edition" if meta.edition else "edition unknown"
    return (
        f"<Report {meta.agency or '?'} {meta.year or '?'} ({edition}), "
        f"{filled}/{len(values) - 3} cells, {len(report.diagnostics)} diagnostics>"
    )


def report_html(report: Report) -> str:
    """An HTML summary of ``report`` for notebooks."""
    import html

    return f"<pre>{html.escape(report_repr(report))}</pre>"
