"""Shared settings for the theory checks.

Each check runs independent replications with fixed seeds and asserts that the 99%
Student-t interval covers the theoretical value. 99% rather than 95%: this folder makes
about 40 such checks, and at 95% one or two would miss by chance alone. Each check also
asserts the interval is narrow, so that it could fail. ``-m slow`` runs the same checks
with longer horizons and more replications.
"""

from __future__ import annotations

import pytest

CONFIDENCE = 0.99


@pytest.fixture
def run_size(request: pytest.FixtureRequest) -> tuple[float, int]:
    """(horizon, replications) for a theory check."""
    if request.node.get_closest_marker("slow"):
        return 100_000.0, 20
    return 20_000.0, 10
