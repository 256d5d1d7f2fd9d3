"""Trial 11 item 1: the board reads ``as_of`` and the report's latest x through the period they
fall in, so that data dated on month ends (31 March for March) give the board of the same data
dated on the 1st."""

import warnings

import numpy as np
import pandas as pd

import qistats as qi


def _month_end(df: pd.DataFrame, col: str) -> pd.DataFrame:
    return df.assign(**{col: pd.to_datetime(df[col]) + pd.offsets.MonthEnd(0)})


def _restraints(data: pd.DataFrame, as_of: str) -> pd.DataFrame:
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"], "multiply": [1000]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning either way
        return qi.board(
            data, measures, x="month", y="restraints", n="bed_days", by="ward", as_of=as_of
        ).table()


def test_as_of_inside_march_keeps_march_dated_on_its_last_day():
    first = qi.datasets.restrictive_practice().assign(measure="restraints")
    first = first[pd.to_datetime(first["month"]) <= "2023-06-01"]
    month_end = _month_end(first, "month")
    for as_of in ("2023-03-01", "2023-03-15", "2023-03-31"):
        a, b = _restraints(first, as_of), _restraints(month_end, as_of)
        # March is the latest month of every series, dated 31 March, and none is stale
        assert (b["latest_x"] == pd.Timestamp("2023-03-31")).all()
        assert not b["stale"].any()
        pd.testing.assert_frame_equal(a.drop(columns="latest_x"), b.drop(columns="latest_x"))
    # by hand: April's report on month ends has April (30 April) as its latest month
    assert (_restraints(month_end, "2023-04-01")["latest_x"] == pd.Timestamp("2023-04-30")).all()


def _weekly_and_monthly(months: pd.DatetimeIndex) -> pd.DataFrame:
    weeks = pd.date_range("2023-10-02", "2024-09-23", freq="W-MON")  # last: 23-29 Sep 2024
    return pd.concat(
        [
            pd.DataFrame({"measure": "beds", "x": weeks, "y": 92.0 + np.arange(weeks.size) % 3}),
            pd.DataFrame({"measure": "falls", "x": months, "y": 5.0 + np.arange(24) % 4}),
        ]
    )


def test_weekly_measure_current_beside_month_end_monthly_figures():
    first = pd.date_range("2022-10-01", "2024-09-01", freq="MS")
    measures = pd.DataFrame({"measure": ["beds", "falls"]})
    for months in (first, first + pd.offsets.MonthEnd(0)):
        t = qi.board(_weekly_and_monthly(months), measures, x="x", y="y").table()
        # the report's x is September's figure (30 Sep stands for 1-30 Sep) or the week of
        # 23 Sep, whichever starts later: the week of 23-29 Sep, current; September current
        assert t["stale"].tolist() == [False, False]
    # as_of 30 Sep: the report's period is the week of 30 Sep, so the week of 23 Sep is stale
    t = qi.board(_weekly_and_monthly(first), measures, x="x", y="y", as_of="2024-09-30").table()
    assert t["stale"].tolist() == [True, False]
