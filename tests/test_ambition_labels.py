"""Ambition reasons and summary show x as the user wrote it: an ordered Categorical's labels
(trial 6a C5), and every date in one format, the deadline included (trial 6a C6)."""

import numpy as np
import pandas as pd

import qistats as qi


def test_categorical_x_gives_labels_not_codes():
    fy = pd.DataFrame(
        {
            "ward": "A",
            "fy": pd.Categorical(
                ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"], ordered=True
            ),
            "n": 12000.0,
            "y": [100, 95, 70, 55, 48],
        }
    )
    amb = qi.ambition(
        fy,
        y="y",
        n="n",
        x="fy",
        by="ward",
        baseline=("2019/20", "2019/20"),
        change=-0.5,
        deadline="2023/24",
        overdispersion=None,
    )
    s = amb.summary().iloc[0]
    # the SPC view freezes the baseline at its label (a code 0.0 was read as 0 points)
    assert amb.chart().summary().n_points.sum() == 5
    assert s.current_start == "2023/24" and s.current_end == "2023/24"
    # 48 / 12,000 against 100 / 12,000: ratio 0.48, at or under the target ratio 0.5: met
    assert s.verdict == "met" and np.isclose(s.rate_ratio, 0.48)
    assert s.reason.startswith("rate in 2023/24 was 0.004,"), s.reason  # one period, once


def test_the_deadline_is_written_as_the_other_dates():
    # a ward behind its trajectory: "… target 5 by Dec 2023", not "by 2023-12-01"
    months = pd.date_range("2021-01-01", periods=24, freq="MS")
    d = pd.DataFrame({"ward": "A", "month": months, "days": 1000.0, "events": 20.0})
    s = (
        qi.ambition(
            d,
            y="events",
            n="days",
            x="month",
            by="ward",
            baseline=("2021-01-01", "2021-12-01"),
            change=-0.5,
            deadline="2023-12-01",
            overdispersion=None,
        )
        .summary()
        .iloc[0]
    )
    assert s.verdict == "off_track", s.reason
    assert s.reason.endswith("by Dec 2023"), s.reason
    assert "2023-12-01" not in s.reason
