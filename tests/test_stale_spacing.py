"""The typical spacing (_stale.typical_spacing) against numpy's median of the gaps within
series, with the gaps between series made missing or named by position (``skip``)."""

import numpy as np
import pytest

from qistats._stale import typical_spacing


@pytest.mark.parametrize("n", [3, 50, 1025, 5000, 30000])
@pytest.mark.parametrize("kind", ["months", "decimals", "two values"])
def test_median_of_the_gaps_within_series(n, kind):
    rng = np.random.default_rng(n)
    gaps = {
        "months": lambda: rng.choice([28.0, 30.0, 31.0], n),
        "decimals": lambda: rng.normal(30, 5, n).round(1),
        "two values": lambda: rng.choice([1.0, 2.0], n),
    }[kind]()
    skip = np.unique(rng.integers(0, n, n // 4 + 1))  # between two series
    within = np.delete(gaps, skip)
    expected = float(np.median(within)) if within.size else np.nan
    missing = gaps.copy()
    missing[skip] = np.nan
    for got in (typical_spacing(missing), typical_spacing(gaps.copy(), skip=skip)):
        assert got == expected or (np.isnan(got) and np.isnan(expected))
