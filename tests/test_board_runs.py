"""The run behind a board's icon, counted as its rule counts it (trial 10 B1).

Points a rule does not look at (on the centre line for Anhøj's runs and the IHI shift, a
repeated value for the IHI trend) neither break nor extend its run; the sentence counted them
as breaks ("1 points below the median since Dec 2023" for an 11-point run). Every expected run
below is counted by hand from the listed values.
"""

from __future__ import annotations

import pandas as pd
import pytest

import qistats as qi


def _reason(values, rules, chart="xmr", improvement="increase"):
    months = pd.date_range("2022-01-01", periods=len(values), freq="MS")
    data = pd.DataFrame({"measure": "m", "month": months, "value": values})
    measures = pd.DataFrame({"measure": ["m"], "chart": [chart], "improvement": [improvement]})
    return qi.board(data, measures, x="month", y="value", rules=rules).table().reason[0]


# Jan-Dec 2022 above 50; Jan-Oct 2023 below; Nov 2023 exactly 50; Dec 2023 below
RUN = [50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]


def test_anhoej_long_run_skips_the_point_on_the_median():
    # median of the 24 values: the 12th and 13th sorted values are both 50. Useful points below
    # it: Jan-Oct 2023 (10) and Dec 2023 (1); Nov 2023 sits on it
    reason = _reason([*RUN, 50, 48], "anhoej", chart="run")
    assert reason.startswith("Special cause concern: 11 points below the median since Jan 2023")


def test_ihi_shift_skips_the_point_on_the_mean():
    # 12 × 55, ten values averaging 45, then 50 and 40: the sum is 1200 over 24 points, mean 50
    values = [55.0] * 12 + [45.0, 46.0, 44.0, 45.0, 46.0, 44.0, 45.0, 46.0, 44.0, 45.0, 50.0, 40.0]
    assert sum(values) / len(values) == 50.0
    reason = _reason(values, "ihi")
    assert "11 points below the mean since Jan 2023" in reason


def test_ihi_trend_skips_a_repeated_value():
    # 5, 6, 7, 7, 8, 9 from Jan 2023: five rising points once the repeated 7 is left out
    values = [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 5, 6, 7, 7, 8, 9]
    reason = _reason(values, [qi.rules.Trend(5, ties="ignore")])
    assert reason == "Special cause improvement: 5 points in a row rising since Jan 2023."


@pytest.mark.parametrize("rules", ["mdc", [qi.rules.Shift(7)]])
def test_a_point_on_the_mean_still_breaks_a_making_data_count_shift(rules):
    # 10 × 64, 7 × 40, 50, 7 × 40: mean 1250 / 25 = 50. MDC's shift ends at the point on the
    # mean, so the run behind the latest point is its last seven (Jul 2023 to Jan 2024)
    reason = _reason([64] * 10 + [40] * 7 + [50] + [40] * 7, rules)
    assert "7 points below the mean since Jul 2023" in reason
