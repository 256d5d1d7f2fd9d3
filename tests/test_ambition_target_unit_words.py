"""An absolute target in a reason's interval clause carries the unit the level and the target
before it carry (new-user trial 19: "target at or below 5%: not met (…), which excludes the
target 5" on a proportion shown in per cent); and a rate without n is told how to judge
counts per period that have no exposure."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


def _reason(y, n, **kw):
    data = pd.DataFrame({"ward": "A", "month": MONTHS, "y": y, "n": n})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        amb = qi.ambition(
            data,
            y="y",
            n="n",
            x="month",
            by="ward",
            change=-0.5,
            baseline=("2022-04-01", "2023-03-01"),
            deadline="2024-03-01",
            **kw,
        )
    return amb.summary().reason.iloc[0]


def test_a_proportion_in_per_cent():
    # 36 of 240 patients in the window: 15 %, its exact interval far above a target of 5 %
    reason = _reason([2] * 12 + [3] * 12, 20, kind="proportion", target=5, multiply=100)
    assert reason.startswith("proportion in Apr 2023–Mar 2024 was 15%, target at or below 5%: ")
    assert ": not met (95% interval " in reason
    assert "), which excludes the target 5%; probability the target is met" in reason


def test_a_rate_per_1000():
    # 48 events over 12,000 bed days: 4 per 1,000, its interval above a target of 2 per 1,000
    reason = _reason([5] * 12 + [4] * 12, 1000, target=2, multiply=1000)
    assert "was 4 per 1,000, target at or below 2 per 1,000: not met" in reason
    assert "), which excludes the target 2 per 1,000; probability" in reason


@pytest.mark.parametrize("kw", [{}, {"multiply": 1}])
def test_no_unit_without_a_multiplier(kw):
    reason = _reason([5] * 12 + [4] * 12, 1000, target=0.002, **kw)
    assert "), which excludes the target 0.002; probability" in reason


def test_a_rate_without_n_is_told_how_to_judge_counts_per_period():
    # new-user trial 19: falls a month with no bed days were told only n= or kind='mean'
    data = pd.DataFrame({"ward": "A", "month": MONTHS, "falls": [10] * 12 + [6] * 12})
    args = dict(y="falls", x="month", by="ward", change=-0.3, deadline="2024-03-01",
                baseline=("2022-04-01", "2023-03-01"))  # fmt: skip
    with pytest.raises(qi.ArgumentError) as err:
        qi.ambition(data, **args)
    said = str(err.value)
    assert "give every period an exposure of 1, data.assign(months=1) with n='months'" in said
    # the advice judges it: 72 falls in the window against 120 in the baseline, ratio 0.6
    amb = qi.ambition(data.assign(months=1), n="months", **args)
    s = amb.summary().iloc[0]
    assert s.rate_ratio == pytest.approx(72 / 120, rel=1e-12)
    assert s.verdict == "met"  # 6 a month against a target of 7
    # a proportion needs its denominators: no such advice
    with pytest.raises(qi.ArgumentError) as err:
        qi.ambition(data, kind="proportion", **args)
    assert "exposure of 1" not in str(err.value)
