"""``python -m govinfo``: the command line (see :mod:`govinfo.cli`)."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
