"""A freeze or phase date strictly between two x values of periodic data (trial 5, B2/B7)
gives a DateWarning naming them; dates on an x value, numbers, daily and event data do not."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

START = pd.DataFrame(
    {"m": pd.date_range("2021-10-01", periods=24, freq="MS"), "y": np.arange(24) % 7 + 5}
)
END = START.assign(m=START.m + pd.offsets.MonthEnd(0))  # the same months dated at month ends
KW = dict(y="y", x="m", chart="c", min_points=0)


def test_freeze_on_month_end_data():
    said = (
        r"freeze='2022-09-01' falls between the x values '2022-08-31' and '2022-09-30' "
        r"\(x='m'\).*ends at '2022-08-31'.*freeze='2022-09-30'.*qi.ambition"
    )
    with pytest.warns(qi.DateWarning, match=said):
        res = qi.spc(END, freeze="2022-09-01", **KW)
    assert res.points.baseline.sum() == 11  # October 2021 to August 2022, as the warning says
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert qi.spc(END, freeze="2022-09-30", **KW).points.baseline.sum() == 12
        assert qi.spc(START, freeze="2022-09-01", **KW).points.baseline.sum() == 12


def test_phase_inside_a_month():
    with pytest.warns(qi.DateWarning, match=r"phase='2022-09-15' .* at or after it, '2022-10-01'"):
        res = qi.spc(START, phase=["2022-09-15"], **KW)
    assert res.points.loc[res.points.phase == 2, "m"].min() == pd.Timestamp("2022-10-01")


def test_exclude_names_the_x_values_it_falls_between():
    with pytest.raises(qi.ArgumentError, match="falls between 2022-08-31 and 2022-09-30"):
        qi.spc(END, exclude=["2022-09-01"], **KW)


def test_silent_where_a_date_is_meant_as_a_time():
    rng = np.random.default_rng(3)
    days = pd.DataFrame({"m": pd.date_range("2022-01-01", periods=200, freq="D"), "y": 5})
    gaps = rng.integers(20, 60, 30)
    events = pd.DataFrame({"m": pd.Timestamp("2022-01-01") + pd.to_timedelta(gaps.cumsum(), "D")})
    events["y"] = gaps
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(days, freeze="2022-03-15 12:00", **KW)  # daily data
        qi.spc(events, y="y", x="m", chart="g", freeze="2022-09-01", min_points=0)
        qi.spc(END, freeze=12, **KW)  # a number of points


def test_rates_on_known_dates():
    # 50 dates drawn among the x values: no warning; 50 dates strictly inside a month of
    # month-end data: a warning every time
    rng = np.random.default_rng(7)
    told = {"on an x value": 0, "inside a period": 0}
    for kind, dates in (
        ("on an x value", END.m.iloc[rng.integers(1, 23, 50)]),
        ("inside a period", END.m.iloc[rng.integers(1, 23, 50)] - pd.Timedelta(days=10)),
    ):
        for d in dates:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                qi.spc(END, freeze=d, **KW)
            told[kind] += any(issubclass(w.category, qi.DateWarning) for w in caught)
    shown = f"warned: {told} of 50 each"
    assert told["on an x value"] == 0 and told["inside a period"] == 50, shown
