"""Series that date their weeks on different days in one call (ward A by its Monday, ward B by
its Sunday, as sitreps do): a ``freeze``, ``phase`` or ``exclude`` date that is an x value of
one series but falls between two of another's is named with that series in a DateWarning,
instead of applying quietly to one series only.

Known truth, counted by hand: 30 weeks from Monday 2 January 2023; ward B's are the Sundays
before (1 January to 23 July). Sunday 12 March is B's 11th week (index 10) and falls between
A's Mondays of 6 and 13 March (A's 10th and 11th weeks).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

WEEKS = pd.date_range("2023-01-02", periods=30, freq="W-MON")


def _mixed(shift_days: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    wk = pd.DataFrame({"week": WEEKS, "falls": rng.poisson(8, 30)})
    b = wk.assign(ward="B", week=wk["week"] - pd.Timedelta(days=shift_days))
    return pd.concat([wk.assign(ward="A"), b], ignore_index=True)


def _spc(data, **kw):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        res = qi.spc(data, y="falls", x="week", by="ward", chart="c", **kw)
    return res, [str(w.message) for w in seen if w.category is qi.DateWarning]


def test_freeze_on_one_series_date_names_the_other():
    res, said = _spc(_mixed(), freeze="2023-03-12")
    base = res.points.groupby("ward")["baseline"].sum().to_dict()
    assert base == {"A": 10, "B": 11}  # A: 2 Jan to 6 Mar; B: 1 Jan to 12 Mar
    assert len(said) == 1, said
    assert said[0].startswith(
        "freeze='2023-03-12': '2023-03-12' is an x value of some series but not of ward='A', "
        "where it falls between 2023-03-06 and 2023-03-13 (x='week'): its "
        "baseline ends at 2023-03-06."
    ), said[0]


def test_exclude_on_one_series_date_names_the_other():
    res, said = _spc(_mixed(), exclude=["2023-03-12"])
    assert res.points.groupby("ward")["excluded"].sum().to_dict() == {"A": 0, "B": 1}
    assert len(said) == 1, said
    assert said[0].startswith(
        "exclude=['2023-03-12']: '2023-03-12' is an x value of some series but not of "
        "ward='A', where it falls between 2023-03-06 and 2023-03-13 "
        "(x='week'): nothing is excluded there."
    ), said[0]


def test_phase_on_one_series_date_names_the_other():
    _, said = _spc(_mixed(), phase=["2023-03-12"])
    assert len(said) == 1, said
    assert "not of ward='A', where" in said[0]
    assert "its new phase starts at 2023-03-13" in said[0]


@pytest.mark.parametrize(
    "kw",
    [
        {"freeze": "2023-03-13"},  # an x of every series
        {"exclude": ["2023-03-13"]},
        {"exclude": ["2023-03"]},  # a month: every x in it, in every series
        {"freeze": "2023-03"},
    ],
)
def test_dates_of_every_series_say_nothing(kw):
    _, said = _spc(_mixed(shift_days=0), **kw)
    assert not said, said


def test_a_month_holds_every_series_weeks():
    _, said = _spc(_mixed(), exclude=["2023-03"])
    assert not said, said


def test_daily_data_are_not_periods():
    # a day of one series between two of another's is nothing to say on daily data
    days = pd.date_range("2023-01-01", periods=60, freq="D")
    a = pd.DataFrame({"week": days[::2], "falls": 3, "ward": "A"})
    b = pd.DataFrame({"week": days[1::2], "falls": 4, "ward": "B"})
    _, said = _spc(pd.concat([a, b], ignore_index=True), exclude=[days[1]])
    assert not said, said
