"""Trial 5, B9: the MR chart's message for a single value, and the ShortPhaseWarning only
where Making Data Count's minimum applies."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import qistats as qi

TWELVE = pd.DataFrame({"y": [3, 4, 5, 6] * 3})


def test_mr_chart_of_one_value_has_no_moving_range():
    with pytest.warns(qi.NoDataWarning, match=r"1 of 1 series have no moving range \(fewer"):
        qi.spc(pd.DataFrame({"y": [3.0]}), y="y", chart="mr")
    with pytest.warns(qi.NoDataWarning, match="have no observed value"):  # really none
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
    with pytest.warns(qi.ShortPhaseWarning, match="fewer than 13 points"):
        qi.spc(TWELVE, y="y", **kw)
