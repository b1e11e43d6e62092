"""Test configuration: hypothesis profiles, selected by the HYPOTHESIS_PROFILE variable.

``ci``: derandomized, no deadline, no example database, more examples. ``dev`` (default): quick.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=int(os.environ.get("GOVINFO_CI_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write tests/golden/<case>.report.json anew from the parser (review the diff before committing)",
    )
