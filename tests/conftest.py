"""Shared fixtures, and the Hypothesis profile of CI."""

import os
import sys

import pytest
from hypothesis import settings

# CI draws the same examples every run (a fixed seed per test), so a red build is a change's
# doing, not the luck of the draw; locally each run draws afresh and finds new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test left open (only when pyplot was imported)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
