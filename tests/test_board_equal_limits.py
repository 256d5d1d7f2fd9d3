"""Equal limits (a phase without variation: a P chart at 100 % since its rebase, an XmR chart
of one value repeated) are said once, with why: the sentences read "(for now it is within
the trial limits, 100% to 100%)" and "at the lower limit (limits 100% to 100%), so it will be
met some months and missed in others", of a process on its target every month. The
expected sentences are written by hand; the icons are unchanged (NHSRplotthedots')."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=30, freq="MS")
HEAD = "Common cause variation: the latest point shows no special cause; "


def _board(target, flat_points, chart="p", freeze=None):
    """A measure whose phase from the rebase has ``flat_points`` points all at 100 % (50 of
    50), or all 7 on an XmR chart, after one that varies."""
    before = 30 - flat_points
    if chart == "p":
        y = np.r_[np.tile([44, 47, 45, 46], 5)[:before], np.full(flat_points, 50)]
        data = pd.DataFrame({"measure": "m", "month": MONTHS, "y": y, "n": 50})
        settings = {"chart": ["p"], "multiply": [100], "unit": ["%"]}
    else:
        y = np.r_[np.tile([5.0, 6.0, 4.0, 5.5], 5)[:before], np.full(flat_points, 7.0)]
        data = pd.DataFrame({"measure": "m", "month": MONTHS, "y": y})
        settings = {"chart": ["xmr"]}
    measures = pd.DataFrame(
        {
            "measure": ["m"],
            "improvement": ["increase"],
            "target": [target],
            "rebase": [[MONTHS[before]]],
            **settings,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = qi.board(data, measures, x="month", y="y", n="n" if chart == "p" else None)
    return report.table().iloc[0]


@pytest.mark.parametrize(
    ("target", "chart", "assurance", "tail"),
    [
        (
            100,
            "p",
            "hit_or_miss",
            "the target of 100% is at both limits (100%: no variation in this phase), so the "
            "process is on the target.",
        ),
        (
            95,
            "p",
            "pass",
            "the target of 95% is below the lower limit (100%: no variation in this phase), so "
            "the process will consistently meet it.",
        ),
        (
            7,
            "xmr",
            "hit_or_miss",
            "the target of 7 is at both limits (7: no variation in this phase), so the process "
            "is on the target.",
        ),
        (
            8,
            "xmr",
            "fail",
            "the target of 8 is above the upper limit (7: no variation in this phase), so the "
            "process will consistently miss it unless it changes.",
        ),
    ],
)
def test_a_phase_without_variation_says_its_limits_once(target, chart, assurance, tail):
    row = _board(target, 14, chart)
    # the premise: 14 points of one value since the rebase, limits equal to it
    expected = 100.0 if chart == "p" else 7.0
    assert (row.lcl, row.cl, row.ucl) == (expected, expected, expected)
    assert row.assurance == assurance
    assert row.reason == HEAD + tail
    assert " to 100%" not in row.reason and "7 to 7" not in row.reason


@pytest.mark.parametrize(("target", "where"), [(100, "at"), (95, "below")])
def test_trial_limits_without_variation(target, where):
    row = _board(target, 12)  # 12 points: trial limits (fewer than 13)
    assert row.reason == (
        "Common cause variation: the latest point shows no special cause; the limits are "
        "trial limits from 12 points (fewer than 13), so the target of "
        f"{target}% is not assessed until the phase has 13 points (for now it is {where} the "
        "trial limits, which are both 100%: no variation in this phase)."
    )


def test_a_frozen_baseline_without_variation_the_process_has_left():
    # 12 months at 100 % frozen as the baseline, then 8 at 96 % (48 of 50): below it
    y = np.r_[np.full(12, 50), np.full(8, 48)]
    data = pd.DataFrame({"measure": "m", "month": MONTHS[:20], "y": y, "n": 50})
    measures = pd.DataFrame(
        {
            "measure": ["m"],
            "chart": ["p"],
            "multiply": [100],
            "unit": ["%"],
            "improvement": ["increase"],
            "target": [100],
            "freeze": [12],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reason = qi.board(data, measures, x="month", y="y", n="n").table().reason.iloc[0]
    assert (
        "the target of 100% is at both limits (100%: no variation in the baseline), but these "
        "are the limits of the frozen baseline, which the process has shifted away from since "
        "Jan 2023: add 2023-01-01 to the measure's 'rebase'"
    ) in reason


def test_limits_that_differ_read_as_a_range():
    # 14 points alternating 7 and 8: mean 7.5, mean moving range 1, limits 7.5 ± 2.66 = 4.84
    # to 10.16, one decimal for both (three significant figures of the larger)
    data = pd.DataFrame({"measure": "m", "month": MONTHS[:14], "y": [7.0, 8.0] * 7})
    measures = pd.DataFrame({"measure": ["m"], "improvement": ["increase"], "target": [7]})
    reason = qi.board(data, measures, x="month", y="y").table().reason.iloc[0]
    assert "the target of 7 is within the limits (4.8 to 10.2)" in reason
    assert "both" not in reason and "no variation" not in reason
