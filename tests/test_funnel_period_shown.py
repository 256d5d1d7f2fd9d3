"""The funnel says which period it compares (new-user trial 14, F9): with ``x=`` and no
``period=`` it compares the latest x alone, and nothing on the result or the chart said so
(a one-month funnel, φ 2.7, could be read as the year's, φ 11.9)."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pandas as pd

import qistats as qi

matplotlib.use("Agg")

KW = dict(y="restraints", n="bed_days", unit="trust", kind="rate", multiply=1000)


def _funnel(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        return qi.funnel(data, **KW, **kw)


def test_the_latest_month_by_default_is_named_in_the_title_and_on_the_chart():
    df = qi.datasets.restrictive_practice()
    res = _funnel(df, x="month")
    assert df["month"].max() == pd.Timestamp("2024-03-01")  # the data's latest month
    assert res.period == (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-01"))
    assert res.title == "Funnel plot of restraints per 1,000 bed days by trust, Mar 2024"
    fig = res.plot()
    drawn = [t.get_text() for t in fig.texts] + [a.get_title(loc="left") for a in fig.axes]
    assert any(t.endswith("by trust, Mar 2024") for t in drawn), drawn
    assert repr(res).splitlines()[0].startswith(f"FunnelResult: {res.title} — 11 units")


def test_a_window_is_named_from_its_first_to_its_last_period():
    df = qi.datasets.restrictive_practice()
    res = _funnel(df, x="month", period=("2023-04-01", "2024-03-01"))
    assert res.period == (pd.Timestamp("2023-04-01"), pd.Timestamp("2024-03-01"))
    assert res.title.endswith("by trust, Apr 2023–Mar 2024")


def test_numbered_periods_and_data_without_x():
    df = qi.datasets.restrictive_practice().assign(year=lambda d: d["month"].dt.year)
    assert _funnel(df, x="year", period=[2022, 2023]).title.endswith("by trust, 2022–2023")
    one_row_per_trust = df.groupby("trust", as_index=False)[["restraints", "bed_days"]].sum()
    res = _funnel(one_row_per_trust)
    assert res.period is None
    assert res.title == "Funnel plot of restraints per 1,000 bed days by trust"


def _quarters(dated_on_last_day: bool) -> pd.DataFrame:
    df = qi.datasets.restrictive_practice()
    start = df["month"].dt.to_period("Q").dt.start_time
    q = start + pd.offsets.QuarterEnd(0) if dated_on_last_day else start
    return (
        df.assign(q=q.dt.normalize())
        .groupby(["trust", "q"], as_index=False)[["restraints", "bed_days"]]
        .sum()
    )


def test_quarters_are_named_as_the_months_they_hold():
    """A quarter dated 1 January (or 31 March) is January to March, as the board names it,
    not "Jan 2024" (session 14 recheck N3)."""
    for on_last_day in (False, True):
        data = _quarters(on_last_day)
        assert data["q"].dt.month.nunique() == 4
        assert _funnel(data, x="q").title.endswith("by trust, Jan–Mar 2024")
        year = _funnel(data, x="q", period=("2023-04-01", "2024-03-31"))
        assert year.title.endswith("by trust, Apr 2023–Mar 2024"), on_last_day


def _weekly(first_day: str) -> pd.DataFrame:
    """13 wards' weekly counts, one row per ward and week, dated on ``first_day`` onwards
    every 7 days (a Monday: weeks dated by their first day; a Sunday: by their last)."""
    weeks = pd.date_range(first_day, periods=26, freq="7D")
    wards = [f"ward {i}" for i in range(13)]
    return pd.DataFrame(
        {
            "trust": np.repeat(wards, weeks.size),
            "week": np.tile(weeks, len(wards)),
            "restraints": np.tile(np.arange(weeks.size) % 5 + 3, len(wards)),
            "bed_days": 700.0,
        }
    )


def test_a_week_is_named_as_a_week_not_as_its_month():
    """A funnel of one week of weekly data was titled "Jan 2024", as if it held the month
    (session 15). A week is named by its date, which holds whether the data date a week by
    its first day or its last; a window of weeks by its first and last dates."""
    monday = _weekly("2023-10-02")  # 1 January 2024 is a Monday
    assert _funnel(monday, x="week", period="2024-01-01").title.endswith(
        "by trust, week of 1 Jan 2024"
    )
    assert _funnel(monday, x="week").title.endswith("by trust, week of 25 Mar 2024")
    window = _funnel(monday, x="week", period=("2024-01-01", "2024-03-25"))
    assert window.title.endswith("by trust, weeks of 1 Jan–25 Mar 2024")
    sunday = _weekly("2023-10-08")  # weeks dated by their last day
    assert _funnel(sunday, x="week", period="2024-01-07").title.endswith(
        "by trust, week of 7 Jan 2024"
    )
    across = _funnel(sunday, x="week", period=("2023-12-31", "2024-01-14"))
    assert across.title.endswith("by trust, weeks of 31 Dec 2023–14 Jan 2024")


def test_days_are_named_by_their_dates():
    days = pd.date_range("2024-01-01", "2024-02-29")
    df = pd.DataFrame(
        {
            "trust": np.repeat(["A", "B", "C", "D"], days.size),
            "day": np.tile(days, 4),
            "restraints": np.tile(np.arange(days.size) % 3, 4),
            "bed_days": 30.0,
        }
    )
    assert _funnel(df, x="day", period=("2024-01-01", "2024-01-07")).title.endswith(
        "by trust, 1–7 Jan 2024"
    )
    assert _funnel(df, x="day").title.endswith("by trust, 29 Feb 2024")
    assert _funnel(df, x="day", period=("2024-01-29", "2024-02-04")).title.endswith(
        "by trust, 29 Jan–4 Feb 2024"
    )


def test_irregular_dates_are_named_as_months_only_when_each_is_a_month():
    """Monthly data dated on the 1st but one month on its last day (no common step) keep
    month names; so do monthly rows on other days, one a month per unit (4 January, 7
    February, 10 March: months, as qi.ambition reads them); dates two a month are named by
    their dates."""
    df = qi.datasets.restrictive_practice()
    mixed = df.assign(month=df["month"].where(df["month"] != "2024-01-01", "2024-01-31"))
    assert _funnel(mixed, x="month").title.endswith("by trust, Mar 2024")
    assert _funnel(mixed, x="month", period="2024-01-31").title.endswith("by trust, Jan 2024")
    odd = df[df["month"].isin(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]))]
    odd = odd.assign(month=odd["month"] + pd.to_timedelta(odd["month"].dt.month * 3, "D"))
    assert sorted(odd["month"].dt.day.unique()) == [4, 7, 10]
    assert _funnel(odd, x="month").title.endswith("by trust, Mar 2024")
    twice = pd.concat([odd, odd.assign(month=odd["month"] + pd.Timedelta(days=14))])
    assert _funnel(twice, x="month").title.endswith("by trust, 24 Mar 2024")
