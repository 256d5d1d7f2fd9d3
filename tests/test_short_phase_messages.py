"""The MR chart's message for a single value, and the ShortPhaseWarning only where Making Data
Count's minimum applies."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

TWELVE = pd.DataFrame({"y": [3, 4, 5, 6] * 3})


def test_mr_chart_of_one_value_has_no_moving_range():
    with pytest.warns(qi.NoDataWarning, match=r"1 of 1 series has no moving range \(fewer"):
        qi.spc(pd.DataFrame({"y": [3.0]}), y="y", chart="mr")
    with pytest.warns(qi.NoDataWarning, match="1 of 1 series has no observed value"):  # none
        qi.spc(pd.DataFrame({"y": [float("nan")] * 2}), y="y", chart="mr")


@pytest.mark.parametrize("chart", ["c", "u"])
def test_qicharts2_style_short_phase_is_flagged_without_a_warning(chart):
    data = TWELVE.assign(n=100)
    kw = {"n": "n"} if chart == "u" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = qi.spc(data, y="y", chart=chart, **kw)
    assert bool(res.summary().short_phase[0])


@pytest.mark.parametrize(
    "kw", [{"chart": "c", "rules": "mdc"}, {"chart": "xmr"}, {"chart": "c", "min_points": 13}]
)
def test_mdc_short_phase_warns(kw):
    with pytest.warns(qi.ShortPhaseWarning, match="fewer than 13 observed points"):
        qi.spc(TWELVE, y="y", **kw)


def test_short_phase_counts_observed_points_not_rows():
    # 14 months, 2 missing: the limits come from 12 values, fewer than 13, so trial limits and
    # no assurance (the board's text already counted observed points); 13 observed: not short
    y = np.array([5.0, 6, 4, 5, 7, 5, 6, 4, 5, 6, 5, 4, 6, 5])
    months = pd.date_range("2024-01-01", periods=14, freq="MS")
    gaps = y.copy()
    gaps[[3, 8]] = np.nan
    kw = {"x": "m", "y": "y", "chart": "xmr", "improvement": "decrease", "target": 3}
    with pytest.warns(qi.ShortPhaseWarning, match=r"fewer than 13 observed points .*12 points"):
        s = qi.spc(pd.DataFrame({"m": months, "y": gaps}), **kw).summary()
    assert s["short_phase"].tolist() == [True] and s["n_points"].tolist() == [12]
    assert s["assurance"].isna().all()
    one_gap = y.copy()
    one_gap[3] = np.nan
    s = qi.spc(pd.DataFrame({"m": months, "y": one_gap}), **kw).summary()
    assert s["short_phase"].tolist() == [False] and s["assurance"].notna().all()
    # excluded points do not count either
    with pytest.warns(qi.ShortPhaseWarning, match="12 points"):
        s = qi.spc(pd.DataFrame({"m": months, "y": one_gap}), **kw, exclude=[months[0]]).summary()
    assert s["short_phase"].tolist() == [True]
