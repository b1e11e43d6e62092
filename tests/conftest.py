"""Test configuration: hypothesis profiles, selected by the HYPOTHESIS_PROFILE variable.

``ci``: derandomized, no deadline, no example database, more examples. ``dev`` (default): quick.

Hypothesis keeps its files (the example database, caches) outside the source tree, so that a run in
a read-only or packaged tree leaves no ``.hypothesis/`` behind: in ``$HYPOTHESIS_STORAGE_DIRECTORY``
when set, else in a per-user folder of the system's temporary directory (where the database still
replays a failure on the next run); when that cannot be made, in a new temporary folder removed at
exit, with the database in memory.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase, InMemoryExampleDatabase


def hypothesis_home() -> tuple[Path, bool]:
    """Hypothesis's folder, outside the source tree, and whether it lasts beyond this run."""
    configured = os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
    if configured:
        return Path(configured), True
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    home = Path(tempfile.gettempdir()) / f"govinfo-hypothesis-{user}"
    try:
        home.mkdir(mode=0o700, exist_ok=True)
        probe = home / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError:
        fresh = tempfile.mkdtemp(prefix="govinfo-hypothesis-")
        atexit.register(shutil.rmtree, fresh, ignore_errors=True)
        return Path(fresh), False
    return home, True


HYPOTHESIS_HOME, LASTING = hypothesis_home()
set_hypothesis_home_dir(HYPOTHESIS_HOME)

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=int(os.environ.get("GOVINFO_CI_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    # the database in HYPOTHESIS_HOME (named, since on a CI machine Hypothesis's default is none);
    # in memory when that folder is removed after the run
    database=(
        DirectoryBasedExampleDatabase(HYPOTHESIS_HOME / "examples") if LASTING else InMemoryExampleDatabase()
    ),
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write tests/golden/<case>.report.json anew from the parser (review the diff before committing)",
    )
