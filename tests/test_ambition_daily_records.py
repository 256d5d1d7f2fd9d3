"""Trial 16, item 2: record-level data with daily dates (one row per incident with y = 1, one
row per day of exposure; one row per patient's length of stay by admission date). The periods
are then days, or the distinct dates: a baseline written as months ("2021-04-01" to
"2022-03-01") holds the days to 1 March, and the window as many days (or distinct dates)
ending at the deadline's day. A DateWarning says so and how to give months; rows sharing a
date are summed, as the hand sums below check."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

DAYS = pd.date_range("2021-04-01", "2024-03-31", freq="D")


def _incidents():
    """About 1 incident a day in the baseline year and 0.5 in the last, one row each (y=1,
    n=0), beside one row a day of 20 bed days (y=0)."""
    rng = np.random.default_rng(1)
    rate = np.where(DAYS < "2022-04-01", 1.0, np.where(DAYS < "2023-04-01", 0.75, 0.5))
    k = rng.poisson(rate)
    inc = pd.DataFrame({"date": np.repeat(DAYS, k), "y": 1, "n": 0})
    beds = pd.DataFrame({"date": DAYS, "y": 0, "n": 20})
    return pd.concat([inc, beds], ignore_index=True).sort_values("date", kind="stable")


MONTHLY_BOUNDS = dict(baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01", change=-0.5)


def test_month_bounds_on_daily_incidents_warn_and_count_days():
    df = _incidents()
    with pytest.warns(qi.DateWarning) as got, warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.DuplicateRowsWarning)
        s = qi.ambition(df, y="y", n="n", x="date", multiply=1000, **MONTHLY_BOUNDS)
    msg = " ".join(str(w.message) for w in got if issubclass(w.category, qi.DateWarning))
    # 1 Apr 2021 to 1 Mar 2022 inclusive: 30+31+30+31+31+30+31+30+31+31+28+1 = 335 days
    assert "periods are days" in msg
    assert "holds the 335 days from 2021-04-01 to 2022-03-01" in msg, msg
    assert "up to the deadline (2024-03-01)" in msg
    assert "dt.to_period('M').dt.to_timestamp()" in msg and "'2022-03-31'" in msg
    # day bounds are advised only for a row every day (session 16 trial F1: a ward with rows on
    # 219 of 365 days was 'insufficient_data' on days, 'not_met' on months)
    assert "a day without a row is a missing period" in msg
    assert "Only if days were meant (a row every day)" in msg
    s = s.summary().iloc[0]
    # the rows of each day are summed: the baseline is every row from 1 Apr 2021 to 1 Mar 2022
    base = df[(df.date >= "2021-04-01") & (df.date <= "2022-03-01")]
    assert s.baseline_value == pytest.approx(base.y.sum() / base.n.sum() * 1000)
    # the window: the 335 days up to 1 Mar 2024 (2 Apr 2023 - 1 Mar 2024, a leap year)
    assert s.window_periods == 335
    assert (s.current_start, s.current_end) == (
        pd.Timestamp("2023-04-02"),
        pd.Timestamp("2024-03-01"),
    )


def test_days_meant_give_no_date_warning_and_match_the_monthly_sums():
    df = _incidents()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.DuplicateRowsWarning)
        s = qi.ambition(
            df, y="y", n="n", x="date", baseline=("2021-04-01", "2022-03-31"), change=-0.5,
            deadline="2024-03-31", multiply=1000,
        ).summary().iloc[0]  # fmt: skip
    base = df[df.date <= "2022-03-31"]
    assert s.baseline_value == pytest.approx(base.y.sum() / base.n.sum() * 1000)
    assert s.window_periods == 365 and s.current_end == pd.Timestamp("2024-03-31")
    # the advice taken: months, rows sharing a month summed, the same baseline
    m = df.assign(month=df.date.dt.to_period("M").dt.to_timestamp())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.DuplicateRowsWarning)
        monthly = qi.ambition(m, y="y", n="n", x="month", multiply=1000, **MONTHLY_BOUNDS)
    ms = monthly.summary().iloc[0]
    assert ms.baseline_value == pytest.approx(s.baseline_value)
    assert ms.window_periods == 12
    win = df[df.date >= "2023-04-01"]
    assert ms.current_value == pytest.approx(win.y.sum() / win.n.sum() * 1000)


def test_one_row_per_patient_by_admission_date_warns_for_means():
    rng = np.random.default_rng(2)
    adm = pd.DataFrame({"date": np.sort(rng.choice(DAYS, 300)), "los": rng.gamma(2, 5, 300)})
    with pytest.warns(qi.DateWarning, match="periods are its distinct dates") as got:
        s = qi.ambition(adm, y="los", x="date", kind="mean", **MONTHLY_BOUNDS)
    msg = str(got[0].message)
    # irregular dates: the baseline is its distinct dates, as many as the window then holds
    base = adm[(adm.date >= "2021-04-01") & (adm.date <= "2022-03-01")]
    k = base.date.nunique()
    assert f"holds the {k} periods (the distinct dates of the data)" in msg, msg
    assert "each row stays one measurement of its month" in msg
    assert s.summary().window_periods.iloc[0] == k
