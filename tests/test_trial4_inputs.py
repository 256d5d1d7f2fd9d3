"""Real-world inputs, fourth trial (/work/trial4/REPORT.md items 5, 6, 8-12 and 21): one
minimal reproduction per defect. Expected values come from docs/missing.rst's rules and from
the hand-worked numbers in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# ------------------------------------------------ 6. a series whose points are all excluded


def test_a_series_with_every_point_excluded_has_no_variation_and_a_warning():
    # ward a: every point excluded, so no baseline, no centre line and no icon (as a series
    # with no observed value, docs/missing.rst); ward b: nothing excluded, the I chart of
    # 0..6 repeating over 20 points has mean (2×21 + 0+1+2+3+4+5) / 20 = 57/20 = 2.85
    y = np.arange(20) % 7
    d = pd.concat(
        [
            pd.DataFrame({"w": "a", "x": range(20), "y": y, "ex": True}),
            pd.DataFrame({"w": "b", "x": range(20), "y": y, "ex": False}),
        ]
    )
    with pytest.warns(qi.NoDataWarning, match=r"every observed point excluded.*w='a'"):
        res = qi.spc(d, y="y", x="x", by="w", chart="i", exclude="ex")
    s = res.summary().set_index("w")
    assert pd.isna(s.loc["a", "variation"]) and s.loc["a", "assurance"] is None
    assert s.loc["a", "n_points"] == 0 and np.isnan(s.loc["a", "cl"])
    assert res.points.loc[res.points.w == "a", "variation"].isna().all()
    assert s.loc["b", "cl"] == pytest.approx(2.85) and s.loc["b", "variation"] == "common_cause"


def test_excluding_every_x_by_value_warns_too():
    d = pd.DataFrame({"x": range(5), "y": [1.0, 2, 3, 2, 1]})
    with pytest.warns(qi.NoDataWarning, match="every observed point excluded"):
        s = qi.spc(d, y="y", x="x", chart="i", exclude=[0, 1, 2, 3, 4]).summary()
    assert pd.isna(s.variation[0])


# ---------------------------------------- 8. a closed unit in a funnel is left out, not fatal


def _wards(closed_y: int = 0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ward": [f"W{i:02d}" for i in range(12)],
            "month": pd.Timestamp("2024-03-01"),
            "y": [5 + i % 3 for i in range(11)] + [closed_y],
            "n": [1000] * 11 + [0],
        }
    )


@pytest.mark.parametrize("x", [None, "month"])
def test_a_closed_unit_is_left_out_of_the_funnel_as_a_unit_with_no_rows(x):
    data = _wards()
    # the same funnel without the closed ward's row (a unit with no row adds nothing)
    expected = qi.funnel(data.iloc[:11], y="y", n="n", unit="ward", kind="rate", x=x).units
    with pytest.warns(qi.NoDataWarning, match=r"1 of 12 units .* left out .*ward='W11'"):
        res = qi.funnel(data, y="y", n="n", unit="ward", kind="rate", x=x)
    pd.testing.assert_frame_equal(res.units, expected)
    # pooled rate by hand: Σ(5 + i % 3) over the 11 open wards = 55 + (0+1+2)×3 + 0 + 1 = 65
    # events over 11,000 bed days
    assert res.summary().target[0] == pytest.approx(65 / 11000)
    assert res.summary().n_units[0] == 11


def test_events_over_no_denominator_are_still_refused():
    with pytest.raises(qi.DataError, match="ward='W11' has a total n of 0"):
        qi.funnel(_wards(closed_y=2), y="y", n="n", unit="ward", kind="rate")


def test_a_funnel_of_closed_units_only_is_refused():
    data = _wards().assign(y=0, n=0)
    with pytest.raises(qi.DataError, match="n='n': every unit has a total n of 0"):
        qi.funnel(data, y="y", n="n", unit="ward", kind="rate")
