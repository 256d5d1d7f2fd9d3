"""The "only n baseline periods" warning counts against a year of the data's periods (at most
12), not a fixed 12: a full year of quarters was "only 4 baseline periods (fewer than 12)",
which read as missing data (trial 19-2 item 3). Expected counts by construction."""

import numpy as np
import pandas as pd

import qistats as qi


def warnings_of(df, x, baseline, deadline):
    amb = qi.ambition(df, y="y", n="n", x=x, by="ward", baseline=baseline, change=-0.3,
                      deadline=deadline, multiply=1000)  # fmt: skip
    return amb.summary().set_index("ward").warnings


def test_a_year_of_quarters_is_a_full_baseline_and_three_are_not():
    q = pd.date_range("2020-04-01", "2024-01-01", freq="QS-APR")
    df = pd.DataFrame([dict(ward=w, quarter=m, y=30, n=3000) for w in "AB" for m in q])
    df = df[~((df.ward == "B") & (df.quarter == pd.Timestamp("2020-07-01")))]  # B: 3 quarters
    w = warnings_of(df, "quarter", ("2020-04-01", "2021-01-01"), "2024-03-31")
    assert "baseline period" not in w["A"]
    assert w["B"].startswith("only 3 baseline periods (fewer than 4, a year of quarters)")


def test_months_still_want_12_and_weeks_12():
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    df = pd.DataFrame([dict(ward=w, month=m, y=30, n=3000) for w in "AB" for m in months])
    df = df[~((df.ward == "B") & (df.month == pd.Timestamp("2021-06-01")))]
    w = warnings_of(df, "month", ("2021-04-01", "2022-03-01"), "2024-03-01")
    assert "baseline period" not in w["A"]
    assert w["B"].startswith("only 11 baseline periods (fewer than 12)")
    # weekly: 12 weeks are enough (not a year's 52); 8 are not
    weeks = pd.date_range("2023-01-02", periods=80, freq="W-MON")
    df = pd.DataFrame([dict(ward=w, week=m, y=10, n=1000) for w in "AB" for m in weeks])
    df = df[~((df.ward == "B") & (df.week < weeks[4]))]  # B: weeks 5-12 of the baseline
    w = warnings_of(df, "week", (weeks[0], weeks[11]), weeks[-1])
    assert "baseline period" not in w["A"]
    assert w["B"].startswith("only 8 baseline periods (fewer than 12)")
    assert np.all(["a year" not in v for v in w])
