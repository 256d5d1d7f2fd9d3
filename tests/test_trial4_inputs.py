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
