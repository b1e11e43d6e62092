"""What became of one input file: :class:`FileResult`, and :func:`read_result`, which makes it.

Below the command line, the batch runner and the exports: ``govinfo parse``/``facts``/``check``,
``govinfo batch`` (in its worker processes), Dask and :func:`govinfo.to_pandas` all read a file
the same way and get the same error text for a file that cannot be read or parsed.
"""

from __future__ import annotations

import os
from os import PathLike

from attrs import frozen

from .exceptions import GovinfoError
from .model import Report
from .parser import parse_file
from .sources.text import printable


@frozen(kw_only=True)
class FileResult:
    """What became of one input file: its ``report``, or the ``error`` that stopped it (never both)."""

    path: str
    report: Report | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the file was parsed."""
        return self.report is not None


def read_result(path: str | PathLike[str], *, strict: bool = False) -> FileResult:
    """Parse the report at ``path`` (:func:`govinfo.parse_file`); never raises for a bad file.

    ``ParseError``, ``MissingExtraError`` (any :class:`~govinfo.GovinfoError`) and ``OSError``
    become a result with ``error`` set; so does any other exception (a govinfo bug), with a note
    saying so, so that one file cannot stop a run over thousands.  Names that are not UTF-8 are
    written with ``\\xNN`` escapes.
    """
    name = os.fspath(path)
    shown = printable(name)
    try:
        report = parse_file(name, strict=strict)
    except (GovinfoError, OSError) as exc:
        return FileResult(path=shown, error=printable(str(exc) or type(exc).__name__))
    except Exception as exc:  # a bug in govinfo must not stop a run over many files
        error = f"{shown}: internal error ({type(exc).__name__}: {exc}); please report this as a govinfo bug"
        return FileResult(path=shown, error=printable(error))
    return FileResult(path=shown, report=report)


__all__ = ["FileResult", "read_result"]
