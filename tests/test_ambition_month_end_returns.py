"""Monthly returns of several wards, each dated on one of its month's last four days (the last
working day, or the day the return was made): every ward's dates together are a day apart, so
the calendar inferred from them all was days, the baseline and window were counted in days and
the daily-dates DateWarning asked whether the rows were single incidents. Each ward has one
date a month, so the periods are months, as for one ward's dates."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTH_ENDS = pd.date_range("2021-04-30", "2024-03-31", freq="ME")


def _returns() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    ward = np.repeat([f"w{i}" for i in range(10)], MONTH_ENDS.size)
    date = np.tile(MONTH_ENDS, 10) - pd.to_timedelta(rng.integers(0, 4, ward.size), "D")
    return pd.DataFrame({"ward": ward, "date": date, "y": rng.poisson(10, ward.size), "n": 1000.0})


def _ambition(df: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.DateWarning)  # (other warnings as the suite's)
        a = qi.ambition(
            df, y="y", n="n", x="date", by="ward", baseline=("2021-04-01", "2022-03-01"),
            change=-0.2, deadline="2024-03-01",
        )  # fmt: skip
    return a.summary().set_index("ward")


def test_wards_dated_on_different_days_near_month_end_are_judged_in_months():
    df = _returns()
    # every ward's dates together: more than half a day apart, as days would be
    u = np.unique(df.date)
    assert np.mean(np.diff(u) == np.timedelta64(1, "D")) >= 0.5
    s = _ambition(df)
    month = df.date.dt.to_period("M")
    for ward, rows in df.groupby("ward"):
        base = rows[month[rows.index] <= pd.Period("2022-03", "M")]
        window = rows[month[rows.index] >= pd.Period("2023-04", "M")]
        assert len(base) == len(window) == 12
        assert s.loc[ward, "baseline_value"] == pytest.approx(base.y.sum() / base.n.sum())
        assert s.loc[ward, "current_value"] == pytest.approx(window.y.sum() / window.n.sum())
        assert s.loc[ward, "window_periods"] == 12
        assert s.loc[ward, "current_start"] == pd.Timestamp("2023-04-01")
        assert s.loc[ward, "current_end"] == pd.Timestamp("2024-03-01")
    # the same as the months given as x (keyed on their 1st)
    months = df.assign(date=month.dt.to_timestamp())
    same = _ambition(months)
    cols = ["baseline_value", "current_value", "window_periods", "verdict", "prob_target_met"]
    pd.testing.assert_frame_equal(s[cols], same[cols])


def test_a_ward_with_two_returns_in_a_month_keeps_the_days():
    # one ward's February also dated five days earlier: no longer one date a month for every
    # ward, so the periods are the days; the warnings say so, and name the doubled month
    df = _returns()
    extra = df.iloc[[10]].assign(date=lambda d: d.date - pd.Timedelta(days=5))
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        qi.ambition(
            pd.concat([df, extra]), y="y", n="n", x="date", by="ward",
            baseline=("2021-04-01", "2022-03-01"), change=-0.2, deadline="2024-03-01",
        )  # fmt: skip
    said = [str(w.message) for w in rec if issubclass(w.category, qi.DateWarning)]
    assert any("two dates in one month" in m and "2022-02-22" in m for m in said), said
    assert any("holds dates of single days" in m for m in said), said
