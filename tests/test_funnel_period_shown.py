"""The funnel says which period it compares (new-user trial 14, F9): with ``x=`` and no
``period=`` it compares the latest x alone, and nothing on the result or the chart said so
(a one-month funnel, φ 2.7, could be read as the year's, φ 11.9)."""

from __future__ import annotations

import warnings

import matplotlib
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
