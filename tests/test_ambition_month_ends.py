"""Ambition: a bound, a deadline, a start, a compare bound or as_of given as any date inside a
period of calendar months means that period, so month-end data judged with first-of-month
bounds lose no month (third new-user trial: March 2022 and March 2024 were silently dropped)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

KW = {
    "y": "y",
    "n": "n",
    "x": "month",
    "by": "ward",
    "change": -0.5,
    "multiply": 1000,
    "baseline": ("2021-04-01", "2022-03-01"),
    "deadline": "2024-03-01",
}
X_COLUMNS = ["current_start", "current_end", "projected_date", "projected_lower", "projected_upper"]


def wards(dates):
    """Three wards, 36 months from April 2021 at the dates given (one per month)."""
    rng = np.random.default_rng(11)
    rate = np.r_[np.full(12, 10.0), np.linspace(9.5, 6.0, 24)]
    return pd.concat(
        pd.DataFrame({"ward": w, "month": dates, "y": rng.poisson(rate * k), "n": 1000.0 * k})
        for w, k in (("A", 1.0), ("B", 3.0), ("C", 0.5))
    )


STARTS = pd.date_range("2021-04-01", periods=36, freq="MS")
ENDS = STARTS + pd.offsets.MonthEnd(0)


def judged(dates, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return qi.ambition(wards(dates), **{**KW, **kw}).summary()


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"as_of": "2023-09-01"},
        {"compare": ("2023-01-01", "2023-12-01")},
        {"start": "2022-07-01"},
        {"deadline": "2025-03-01", "as_of": "2024-03-01"},
    ],
)
def test_month_end_data_with_first_of_month_bounds_lose_no_month(kw):
    starts, ends = judged(STARTS, **kw), judged(ENDS, **kw)
    # the same months: the window ends in March 2024 (or as_of's / compare's month)
    pd.testing.assert_series_equal(
        ends.current_end, starts.current_end + pd.offsets.MonthEnd(0), check_names=False
    )
    # the same periods, events and exposure: the same levels, ratio and verdict
    exact = ["window_periods", "baseline_value", "current_value", "rate_ratio", "verdict"]
    pd.testing.assert_frame_equal(ends[exact], starts[exact])
    # the trend (hence φ̂, and the intervals and tests it widens) and the trajectory are fitted
    # in time, and months of 28–31 days move them a little
    numbers = ends.columns[[pd.api.types.is_float_dtype(ends[c]) for c in ends.columns]]
    pd.testing.assert_frame_equal(ends[numbers], starts[numbers], rtol=0.02)
    others = ends.columns.difference([*X_COLUMNS, *numbers, "reason", "warnings"])
    pd.testing.assert_frame_equal(ends[others], starts[others])


def test_the_trial_case_keeps_twelve_baseline_months():
    s = judged(ENDS).iloc[0]
    assert "only 11 baseline periods" not in s.warnings
    assert (s.current_start, s.current_end) == (
        pd.Timestamp("2023-04-30"),
        pd.Timestamp("2024-03-31"),
    )
    assert s.window_periods == 12


def test_month_start_data_with_mid_month_bounds_mean_those_months():
    # "2021-04-15"…"2022-03-20" holds the months April 2021 to March 2022, as the 1sts do
    a = judged(STARTS)
    b = judged(STARTS, baseline=("2021-04-15", "2022-03-20"), deadline="2024-03-31")
    pd.testing.assert_frame_equal(a, b)


def test_quarters_dated_at_their_end_take_the_quarter_holding_the_date():
    q = pd.date_range("2020-03-31", periods=16, freq="QE")  # Jan–Mar 2020 … Oct–Dec 2023
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"ward": "A", "month": q, "y": rng.poisson(30, 16), "n": 1000.0})
    kw = {**KW, "baseline": ("2020-01-01", "2020-10-01"), "deadline": "2023-10-01"}
    s = qi.ambition(df, **kw).summary().iloc[0]
    # the baseline Jan–Dec 2020 (four quarters), the window the four quarters of 2023
    assert (s.current_start, s.current_end) == (
        pd.Timestamp("2023-03-31"),
        pd.Timestamp("2023-12-31"),
    )
    assert s.baseline_value == pytest.approx(df.y[:4].sum() / 4)
