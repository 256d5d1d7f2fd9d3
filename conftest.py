"""Shared pytest set-up: stable pandas display for the doctests."""

import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _pandas_display():
    with pd.option_context("display.width", 120, "display.max_columns", 30):
        yield
