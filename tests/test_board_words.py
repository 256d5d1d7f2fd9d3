"""The board's sentence (trial 7 C): the centre line named as what it is (a run chart's median),
limits written with enough decimals to tell them from the target and the latest value, and
the period word of numbered years. Expected sentences are worked out by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _one(values, x=MONTHS, **setting):
    data = pd.DataFrame({"measure": "m", "x": x, "value": values})
    measures = pd.DataFrame({"measure": ["m"], **{k: [v] for k, v in setting.items()}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        return qi.board(data, measures, x="x", y="value").table()


def test_a_run_chart_shift_is_said_against_the_median():
    # 12 values of 10 and 11, then 13, 14, …, 14, 40: sorted, the 12th is 11 and the 13th 13,
    # so the median is 12 (the mean is 315 / 24 = 13.1); the last 12 points are above 12
    values = [10.0, 11.0] * 6 + [13.0, 14.0] * 5 + [14.0, 40.0]
    t = _one(values, chart="run", improvement="increase")
    assert t.cl[0] == 12
    assert t.reason[0] == "Special cause improvement: 12 points above the median since Jan 2023."


def test_an_xmr_shift_is_said_against_the_mean():
    # 12 values of 11 and 10 (mean 10.5, MR̄ 1, limits 7.84 to 13.16 from the frozen 12),
    # then 12 of 12: above the mean, inside the limits
    t = _one([11.0, 10.0] * 6 + [12.0] * 12, improvement="increase", freeze=12)
    assert t.reason[0] == "Special cause improvement: 12 points above the mean since Jan 2023."


def _near_target():
    # 22 frozen values of 34 and 36: mean 35, every moving range 2, so the limits are
    # 35 ± 2.66 × 2 = 29.68 to 40.32 (2.6596 × 2 gives 29.681 to 40.319: the same to 2 dp)
    return [34.0, 36.0] * 11


def test_limits_read_apart_from_a_target_just_inside_them():
    t = _one(_near_target() + [34.0, 35.0], improvement="decrease", target=40.3, freeze=22)
    assert t.assurance[0] == "hit_or_miss"
    # three significant figures would say "40.3 is within the limits (29.7 to 40.3)"
    assert t.reason[0].endswith(
        "the target of 40.3 is within the limits (29.68 to 40.32), so it will be met some "
        "months and missed in others."
    )


def test_a_latest_point_just_beyond_the_limit_reads_beyond_it():
    t = _one(_near_target() + [34.0, 40.33], improvement="decrease", freeze=22)
    assert t.variation[0] == "concern_high"
    assert t.reason[0] == (
        "Special cause concern: the latest point (40.33) is above the upper limit (40.32)."
    )


def test_limits_share_their_decimals_and_keep_three_significant_figures():
    # 12 values of 10 and 10.5 and a last 10.5: mean 10.25 (24 frozen values), MR̄ 0.5,
    # limits 10.25 ± 1.33 = 8.92 to 11.58: one decimal each, as the larger has 3 figures
    t = _one([10.0, 10.5] * 12, improvement="decrease", target=20)
    assert t.reason[0].endswith(
        "the target of 20 is above the upper limit (11.6), so the process "
        "will consistently meet it."
    )
    t = _one([10.0, 10.5] * 12, improvement="decrease", target=5)
    assert "below the lower limit (8.9)" in t.reason[0]


@pytest.mark.parametrize(
    ("x", "word"),
    [
        (np.arange(2001, 2025), "years"),  # numbered years
        (np.arange(1, 25), "periods"),  # sample numbers
        (MONTHS, "months"),
        (pd.date_range("2000-01-01", periods=24, freq="YS"), "years"),
    ],
)
def test_hit_or_miss_says_the_period_of_the_data(x, word):
    t = _one(_near_target() + [34.0, 35.0], x=x, improvement="decrease", target=38, freeze=22)
    assert t.reason[0].endswith(f"so it will be met some {word} and missed in others.")
