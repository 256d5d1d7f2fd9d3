"""Counts of events per period (falls a month) charted on a G or T chart, whose y is the
cases or the time between events: a RareEventsWarning names the chart, x, y and the series
and points to a C or U chart. Genuine G and T data (one row per event, dated when it
happened, at irregular dates) say nothing."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import RareEventsWarning

FALLS = [2, 0, 1, 3, 0, 0, 4, 1, 2, 0, 6, 1, 0, 2, 1, 0, 3, 5, 1, 0, 2, 1, 0, 4]


def monthly() -> pd.DataFrame:
    return pd.DataFrame(
        {"month": pd.date_range("2022-01-01", periods=24, freq="MS"), "falls": FALLS}
    )


def test_monthly_counts_on_a_g_chart_warn_naming_chart_x_y_and_calendar():
    with pytest.warns(RareEventsWarning) as rec:
        r = qi.spc(monthly(), y="falls", x="month", chart="g")
    msg = str(rec[0].message)
    assert msg.startswith("chart='g': the series has x='month' on a regular calendar")
    assert "(monthly dates, one row each) and y='falls' whole numbers" in msg
    assert "chart='c'" in msg and "chart='u'" in msg
    # unchanged: one point per row, nothing combined
    assert len(r.points) == 24
    assert r.points["value"].tolist() == FALLS


def test_weekly_counts_of_two_wards_on_a_t_chart_name_the_series():
    weeks = pd.date_range("2024-01-01", periods=10, freq="7D")
    df = pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Birch"], 10),
            "week": np.tile(weeks, 2),
            "y": 1 + np.arange(20) % 4,
        }
    )
    with pytest.warns(RareEventsWarning, match=r"chart='t': 2 series \(the first: ward='Ash'"):
        qi.spc(df, y="y", x="week", by="ward", chart="t")


def test_a_board_g_measure_of_monthly_counts_warns_once_naming_the_measure():
    data = monthly().rename(columns={"falls": "y"}).assign(measure="falls")
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["g"]})
    with pytest.warns(RareEventsWarning) as rec:
        qi.board(data, measures, x="month", y="y")
    said = [str(w.message) for w in rec if "regular calendar" in str(w.message)]
    assert len(said) == 1 and "(measure='falls')" in said[0]


def test_a_zero_time_on_a_t_chart_of_monthly_counts_points_to_a_c_chart():
    with pytest.raises(qi.DataError, match=r"chart='c'\) or a U chart"):
        qi.spc(monthly(), y="falls", x="month", chart="t")


def _silent(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return qi.spc(*args, **kw)


def test_genuine_g_and_t_data_say_nothing():
    events = qi.datasets.incidents()  # one row per incident, at irregular dates
    _silent(events, y="admissions_since", x="date", chart="g", freeze=24, improvement="increase")
    _silent(events, y="days_since", x="date", chart="t", freeze=24, improvement="increase")
    # events about a month apart (22 to 40 days), cases between them whole numbers
    rng = np.random.default_rng(3)
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(np.cumsum(rng.integers(22, 41, 20)), "D")
    _silent(
        pd.DataFrame({"date": dates, "cases": rng.integers(0, 90, 20)}),
        y="cases",
        x="date",
        chart="g",
    )
    # no dates: x as event numbers 1, 2, 3, ... is regular by nature
    _silent(
        pd.DataFrame({"event": range(1, 21), "cases": FALLS[:20]}), y="cases", x="event", chart="g"
    )
    # fewer than 6 points say too little
    _silent(monthly().head(5), y="falls", x="month", chart="g")


@pytest.mark.parametrize("month_ends", [False, True])
def test_the_months_that_had_a_fall_alone_warn_as_monthly_counts(month_ends):
    """An incident system's export lists only the months with a fall (16 of 24 here): the
    dates are still one a month, on the 1st (or on month ends), not dates of events
    (session 16 trial F3: a missing month broke the regular calendar)."""
    df = monthly()[np.array(FALLS) > 0]
    if month_ends:
        df = df.assign(month=df["month"] + pd.offsets.MonthEnd(0))
    with pytest.warns(RareEventsWarning, match=r"\(monthly dates, one row each\)"):
        qi.spc(df, y="falls", x="month", chart="g")


def test_event_dates_some_on_the_1st_say_nothing():
    # genuine G data: one row per fall, dated when it happened (two on the 1st of a month)
    dates = pd.to_datetime(
        ["2023-01-01", "2023-01-19", "2023-03-02", "2023-04-01", "2023-05-17", "2023-07-30",
         "2023-08-04", "2023-10-11"]
    )  # fmt: skip
    df = pd.DataFrame({"date": dates, "bed_days_between": [40, 120, 95, 33, 160, 210, 14, 180]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", RareEventsWarning)
        qi.spc(df, y="bed_days_between", x="date", chart="g")


@pytest.mark.parametrize("drop", [None, 3])
def test_quarters_are_named_quarterly_with_or_without_one_left_out(drop):
    # 8 quarters dated on their first day (gaps of 90 to 92 days; 181 where one is left out)
    df = pd.DataFrame(
        {"quarter": pd.date_range("2022-01-01", periods=8, freq="QS"), "falls": FALLS[:8]}
    )
    if drop is not None:
        df = df.drop(index=drop)
    with pytest.warns(RareEventsWarning, match=r"\(quarterly dates, one row each\)"):
        qi.spc(df, y="falls", x="quarter", chart="g")


def test_the_rule_on_simulated_series_of_known_kind():
    """2,000 series of each kind, through the vectorised rule at once. Counts per month (24
    months dated on the 1st, 0 to 8 of them left out at random, as an export of the months
    with an event): the question is asked of every one. Genuine G data (one row per event,
    dated when it happened, 8 to 30 events at exponential gaps averaging 3 to 60 days, dates
    at midnight): it is asked of at most 1 %."""
    from qistats import _kernels as K
    from qistats._rare import period_counts

    rng = np.random.default_rng(16)
    k = 2000
    day = 86_400 * 10**9
    months = pd.date_range("2022-01-01", periods=24, freq="MS").as_unit("ns").asi8
    kept = [np.sort(rng.choice(24, 24 - rng.integers(0, 9), replace=False)) for _ in range(k)]
    x_counts = np.concatenate([months[i] for i in kept])
    n_counts = np.array([i.size for i in kept])
    lengths = rng.integers(8, 31, k)
    mean_gap = rng.uniform(3, 60, k)
    gaps = np.maximum(1, np.round(rng.exponential(np.repeat(mean_gap, lengths))))
    x_events = (
        np.concatenate([np.cumsum(g) for g in np.split(gaps, np.cumsum(lengths)[:-1])]) * day
        + months[0]
    )
    for x, n, expected in ((x_counts, n_counts, "counts"), (x_events, lengths, "events")):
        series = np.repeat(np.arange(k), n)
        lay = K.Layout(series, np.r_[0, np.cumsum(n)[:-1]])
        value = rng.integers(0, 9, series.size).astype(float)
        share = period_counts(x.astype(np.int64), value, lay)[0].size / k
        print(f"{expected}: asked of {share:.2%} of {k} series")
        if expected == "counts":
            assert share == 1.0
        else:
            assert share <= 0.01
