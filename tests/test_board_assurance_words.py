"""The board's sentence about the target where the latest point's limits mislead (trial 14
F7): limits of a frozen baseline the process has shifted away from, and limits that vary with
the denominator (U, P charts) whose range over the latest phase holds the target. The
assurance icon stays the latest point's, as NHSRplotthedots gives it. Expected values by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


def _u_board(target: float) -> pd.Series:
    # rate 20 per 1,000 at every point: y = 20 of 1,000 and 80 of 4,000 bed days in turn.
    # By hand u = 0.02, so the U chart's lower limit is 20 - 3 sqrt(20 000 / n) per 1,000:
    # 6.584 for n = 1,000 and 13.292 for n = 4,000 (the latest month)
    n = np.tile([1000, 4000], 12)
    data = pd.DataFrame({"measure": "u", "month": MONTHS, "y": n * 0.02, "n": n})
    measures = pd.DataFrame(
        {"measure": ["u"], "chart": ["u"], "multiply": [1000], "improvement": ["decrease"]}
    ).assign(target=target)
    return qi.board(data, measures, x="month", y="y", n="n").table().iloc[0]


def test_a_target_within_the_range_of_a_varying_limit_is_said_so():
    row = _u_board(10)
    assert row["lcl"] == pytest.approx(20 - 3 * np.sqrt(20_000 / 4000))
    assert row["assurance"] == "fail"  # the latest point's lower limit, 13.3, as NHSRplotthedots
    assert row["reason"].endswith(
        "the target of 10 is below the lower limit (13.3 at the latest point), but the lower "
        "limit varies with the denominator (6.6 to 13.3 in this phase) and the target is within "
        "that range, so it may be met in some months and missed in others."
    ), row["reason"]


def test_a_target_beyond_every_month_of_a_varying_limit_is_consistently_missed():
    row = _u_board(5)  # below 6.584, the lowest lower limit
    assert row["assurance"] == "fail"
    assert row["reason"].endswith(
        "the target of 5 is below the lower limit (13.3), so the process will consistently "
        "miss it unless it changes."
    ), row["reason"]


def _shifted(freeze: float) -> pd.Series:
    # baseline 19, 21, ... (mean 20, moving range 2: limits 20 ± 2.66 × 2 = 14.68 to 25.32),
    # then 12 months at 9, 11, ...: a run of 12 below the mean, fewer is better, target 12
    values = np.r_[np.tile([19.0, 21.0], 6), np.tile([9.0, 11.0], 6)]
    data = pd.DataFrame({"measure": "m", "month": MONTHS, "y": values})
    measures = pd.DataFrame(
        {"measure": ["m"], "improvement": ["decrease"], "target": [12], "freeze": [freeze]}
    )
    return qi.board(data, measures, x="month", y="y").table().iloc[0]


def test_limits_of_a_frozen_baseline_the_process_left_are_said_to_be_so():
    row = _shifted(12)
    assert row["lcl"] == pytest.approx(20 - 2.66 * 2)
    assert row["assurance"] == "fail"  # icon as NHSRplotthedots gives it
    assert "12 points below the mean since Apr 2023" in row["reason"]
    assert row["reason"].endswith(
        "the target of 12 is below the lower limit (14.7), but these are the limits of the "
        "frozen baseline, which the process has shifted away from since Apr 2023: add 2023-04-01 "
        "to the measure's 'rebase' in the measures table to judge the target on the process as "
        "it is now."
    ), row["reason"]
    assert "consistently" not in row["reason"]


def test_limits_from_every_point_keep_their_sentence():
    row = _shifted(np.nan)  # no freeze: the limits include the shifted months
    assert "frozen baseline" not in row["reason"]
