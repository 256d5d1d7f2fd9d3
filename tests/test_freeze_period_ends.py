"""Session 17, F7: a month-end ``freeze`` on monthly data dated at the 1st ("2023-03-31": up
to March 2023) gave a DateWarning that the date "falls between" 1 March and 1 April, though
the baseline was the one meant. The last day of a period's last month is now taken silently
(quarters and financial years alike), by ``qi.spc`` and by the board's measures table; a date
genuinely inside a period still warns, and so does a ``phase`` date there (a new phase at
the next x, where ``qi.ambition`` would read the month itself). Expected counts by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.DataFrame(
    {"m": pd.date_range("2022-01-01", periods=24, freq="MS"), "y": np.arange(24) % 5 + 10.0}
)
QUARTERS = pd.DataFrame(
    {"m": pd.date_range("2020-01-01", periods=16, freq="QS"), "y": np.arange(16) % 5 + 10.0}
)
YEARS = pd.DataFrame(  # financial years dated 1 April
    {"m": pd.date_range("2015-04-01", periods=9, freq="YS-APR"), "y": np.arange(9) % 3 + 10.0}
)
KW = dict(y="y", x="m", chart="i", min_points=0)


def _baseline(data, freeze) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return int(qi.spc(data, freeze=freeze, **KW).points.baseline.sum())


@pytest.mark.parametrize(
    "data, freeze, points",
    [
        (MONTHS, "2023-03-31", 15),  # Jan 2022 to Mar 2023
        (MONTHS, "2022-02-28", 2),  # Jan and Feb 2022
        (MONTHS, pd.Timestamp("2022-12-31"), 12),
        (QUARTERS, "2022-03-31", 9),  # Jan-Mar 2020 to Jan-Mar 2022
        (QUARTERS, "2021-12-31", 8),
        (YEARS, "2019-03-31", 4),  # 2015/16 to 2018/19
    ],
)
def test_the_last_day_of_a_period_is_taken_silently(data, freeze, points):
    assert _baseline(data, freeze) == points


@pytest.mark.parametrize(
    "data, freeze",
    [
        (MONTHS, "2023-03-30"),  # not the month's last day
        (MONTHS, "2023-03-15"),
        (QUARTERS, "2022-02-28"),  # a month end inside the quarter Jan-Mar 2022
        (YEARS, "2018-12-31"),  # a calendar year's end inside 2018/19
    ],
)
def test_a_date_inside_a_period_still_warns(data, freeze):
    with pytest.warns(qi.DateWarning, match=rf"freeze='{freeze}' falls between the x values"):
        qi.spc(data, freeze=freeze, **KW)


def test_a_phase_date_at_a_month_end_still_warns():
    # point in time: the new phase starts at 1 April; the month it names is March
    said = r"phase='2023-03-31' falls between .* at or after it, '2023-04-01'"
    with pytest.warns(qi.DateWarning, match=said):
        res = qi.spc(MONTHS, phase=["2023-03-31"], **KW)
    assert res.points.loc[res.points.phase == 2, "m"].min() == pd.Timestamp("2023-04-01")


def test_the_board_takes_a_month_end_freeze_silently():
    data = MONTHS.assign(measure="m")
    measures = pd.DataFrame({"measure": ["m"], "freeze": ["2022-12-31"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = qi.board(data, measures, x="m", y="y").table()
    # the 12 points of 2022: 10 11 12 13 14 10 11 12 13 14 10 11, mean 141 / 12
    assert t["cl"].iloc[0] == pytest.approx(141 / 12)
    with pytest.warns(qi.DateWarning, match=r"freeze='2022-12-30' falls between"):
        qi.board(data, measures.assign(freeze="2022-12-30"), x="m", y="y")
