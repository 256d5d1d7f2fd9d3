"""Screening moving ranges (``screen_mr``) never leaves a nearly constant series without
variation (trial 7 A1): limits by hand."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2021-04-01", periods=36, freq="MS")


def _near_constant() -> pd.DataFrame:
    # VTE risk assessment: 100 % in 35 months, 96 % once
    vals = np.full(36, 100.0)
    vals[20] = 96.0
    return pd.DataFrame({"month": MONTHS, "pct": vals, "unit": "VTE"})


def _ordinary() -> pd.DataFrame:
    # moving ranges 1, 1, …, and one jump of 20 (screened: 20 ≥ 3.267 × mean)
    vals = np.tile([50.0, 51.0], 18)
    vals[30] = 71.0
    return pd.DataFrame({"month": MONTHS, "pct": vals, "unit": "other"})


def test_a_nearly_constant_series_keeps_its_only_moving_ranges():
    res = qi.spc(
        _near_constant(), y="pct", x="month", chart="xmr", improvement="increase", target=95
    )
    s = res.summary().iloc[0]
    # two moving ranges of 4 among 35: both are above 3.267 × 8/35 = 0.75, but screening them
    # would leave a mean moving range of 0; the unscreened 8/35 stands
    mean = (35 * 100 + 96) / 36
    assert s.cl == pytest.approx(mean, rel=1e-12)
    assert s.lcl == pytest.approx(mean - 2.66 * 8 / 35, rel=1e-12)
    assert s.ucl == pytest.approx(mean + 2.66 * 8 / 35, rel=1e-12)
    assert s.n_outside == 1  # the 96 % month only, not every month
    assert s.assurance == "pass"  # the lower limit 99.28 is above the target of 95


def test_screening_still_drops_an_outlying_range_of_an_ordinary_series_beside_it():
    both = pd.concat([_near_constant(), _ordinary()], ignore_index=True)
    res = qi.spc(both, y="pct", x="month", by="unit", chart="xmr")
    s = res.summary().set_index("unit")
    # ordinary: 35 ranges, 33 of 1 and two of 20 (up to 71 and down to 50 or 51)
    v = _ordinary().pct.to_numpy()
    mr = np.abs(np.diff(v))
    kept = mr[mr < 3.267 * mr.mean()]
    assert len(kept) == 33
    assert s.loc["other", "ucl"] == pytest.approx(v.mean() + 2.66 * kept.mean(), rel=1e-12)
    assert s.loc["VTE", "ucl"] == pytest.approx((35 * 100 + 96) / 36 + 2.66 * 8 / 35, rel=1e-12)
    # each series alone gives the same limits
    alone = qi.spc(_ordinary(), y="pct", x="month", chart="xmr").summary().iloc[0]
    assert alone.ucl == s.loc["other", "ucl"]


def test_a_constant_series_still_has_limits_equal_to_its_level():
    d = _near_constant().assign(pct=100.0)
    s = qi.spc(d, y="pct", x="month", chart="xmr").summary().iloc[0]
    assert s.lcl == s.cl == s.ucl == 100.0
