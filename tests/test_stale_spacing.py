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


def _prepared(keys: np.ndarray):
    from types import SimpleNamespace

    return SimpleNamespace(xkey=keys, x_converter=SimpleNamespace(zone=lambda: None), panel=0)


@pytest.mark.parametrize("months", [2, 5, 12, 120])
@pytest.mark.parametrize("same", [True, False])
def test_spacing_of_series_at_the_same_dates(months, same):
    # 50 wards at the same month starts (or each one day later than the one before): the
    # median of the gaps within each series, by numpy
    from qistats import _kernels as K
    from qistats._spc import _spacing

    day = 86_400 * 10**9
    dates = np.arange(np.datetime64("2015-01", "M"), np.datetime64("2015-01", "M") + months)
    keys = dates.astype("datetime64[ns]").astype(np.int64)
    wards = [keys + (0 if same else w * day) for w in range(50)]
    flat = np.concatenate(wards)
    lay = K.Layout.from_starts(np.arange(0, flat.size, months), flat.size)
    expected = float(np.median(np.concatenate([np.diff(w).astype(float) for w in wards])))
    assert _spacing(_prepared(flat), lay) == expected
