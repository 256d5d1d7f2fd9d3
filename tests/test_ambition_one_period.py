"""A window of one period is worded as that period: "rate in 2024 was", not "2024–2024"
(trial 7 C9). The yearly rates are by hand: 50 events over 10,000 exposure is 5 per 1,000."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

YEARS = pd.DataFrame(
    {
        "year": np.arange(2015, 2025).astype(float),
        "events": [100, 104, 98, 101, 99, 80, 70, 60, 55, 50],
        "exposure": 10000.0,
    }
)
ARGS = dict(y="events", n="exposure", x="year", baseline=(2015, 2019), change=-0.5, multiply=1000)


def test_one_year_window_is_named_once():
    s = qi.ambition(YEARS, **ARGS, deadline=2024, window=1).summary().iloc[0]
    assert (s.current_start, s.current_end, s.window_periods) == (2024.0, 2024.0, 1)
    assert s.current_value == pytest.approx(50 / 10000 * 1000)
    assert s.reason.startswith("rate in 2024 was 5 per 1,000"), s.reason
    assert "2024–2024" not in s.reason


def test_longer_window_keeps_its_range():
    s = qi.ambition(YEARS, **ARGS, deadline=2024).summary().iloc[0]
    # five years after the baseline, 2020-2024: (80 + 70 + 60 + 55 + 50) / 50,000 × 1,000
    assert s.current_value == pytest.approx(315 / 50000 * 1000)
    assert s.reason.startswith("rate in 2020–2024 was 6.3 per 1,000"), s.reason


def test_one_month_window_is_named_once():
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    d = pd.DataFrame({"month": months, "falls": 200, "bed_days": 10000.0})
    s = qi.ambition(
        d,
        y="falls",
        n="bed_days",
        x="month",
        baseline=("2022-04-01", "2023-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        window=1,
        multiply=1000,
    ).summary()
    # 200 falls over 10,000 bed days in March 2024: 20 per 1,000
    assert s.reason.iloc[0].startswith("rate in Mar 2024 was 20 per 1,000"), s.reason.iloc[0]
