"""Ambition: the default ``as_of`` is the latest x with a usable value, and a mistyped far date
is warned about (trial 6a A4). Expected windows and verdict kinds by hand."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import DateWarning

KW = {
    "y": "events",
    "n": "days",
    "x": "month",
    "by": "ward",
    "baseline": ("2021-04-01", "2022-03-01"),
    "change": -0.5,
    "deadline": "2024-03-01",
}


def wards():
    """Three wards, Apr 2021 – Sep 2023 (30 months), 10 events a month halving after the
    baseline, 1,000 bed days a month: the deadline (Mar 2024) is six months away."""
    months = pd.date_range("2021-04-01", periods=30, freq="MS")
    events = np.where(np.arange(30) < 12, 10.0, 5.0)
    return pd.concat(
        [
            pd.DataFrame({"ward": w, "month": months, "events": events, "days": 1000.0})
            for w in "ABC"
        ],
        ignore_index=True,
    )


def judged(data, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = qi.ambition(data, **{**KW, **kw}).summary()
    return s, [w for w in caught if issubclass(w.category, DateWarning)]


def test_template_rows_with_blank_events_do_not_set_as_of():
    # an Excel template: rows to the deadline with bed days filled in and events blank. The
    # judged date stays Sep 2023, so the window is Oct 2022 – Sep 2023 (12 months) and no
    # verdict is final (met / not_met need the deadline)
    clean, _ = judged(wards())
    future = pd.date_range("2023-10-01", "2024-03-01", freq="MS")
    blank = pd.concat(
        [
            pd.DataFrame({"ward": w, "month": future, "events": np.nan, "days": 1000.0})
            for w in "ABC"
        ]
    )
    s, far = judged(pd.concat([wards(), blank], ignore_index=True))
    assert not far
    assert (s.current_start == pd.Timestamp("2022-10-01")).all()
    assert (s.current_end == pd.Timestamp("2023-09-01")).all()
    assert (s.window_periods == 12).all()
    assert not s.deadline_reached.any()
    assert not s.verdict.isin(["met", "not_met"]).any(), s.verdict.tolist()
    pd.testing.assert_frame_equal(s, clean)
    # closed periods (0 events over 0 bed days) are no data either
    closed = blank.assign(events=0.0, days=0.0)
    s2, _ = judged(pd.concat([wards(), closed], ignore_index=True))
    assert (s2.current_end == pd.Timestamp("2023-09-01")).all() and not s2.deadline_reached.any()


def test_a_mistyped_far_date_is_warned_and_named():
    # ward A's Sep 2023 typed as 2032: a DateWarning names it, and what to do
    d = wards()
    d.loc[29, "month"] = pd.Timestamp("2032-09-01")
    s, far = judged(d)
    assert len(far) == 1
    msg = str(far[0].message)
    assert "ward='A' at 2032-09-01" in msg and "2023-09-01" in msg and "as_of=" in msg, msg
    assert s.deadline_reached.all()  # the typo still sets as_of: the warning says so
    # given as_of, nothing is set by the data: no warning, and the clean answer
    s2, far2 = judged(d, as_of="2023-09-01")
    assert not far2
    assert (s2.current_end.iloc[1:] == pd.Timestamp("2023-09-01")).all()


@pytest.mark.parametrize("gap", [11, 12])
def test_the_far_rule_is_twelve_periods(gap):
    # the rest ends Sep 2023 (wards B, C); A's last row moves to Sep 2023 + gap + 1 months:
    # 12 months after the rest is a (very) late return, 13 months a typo
    d = wards()
    d.loc[29, "month"] = pd.Timestamp("2023-09-01") + pd.DateOffset(months=gap + 1)
    _, far = judged(d)
    assert len(far) == (gap + 1 > 12), [str(w.message) for w in far]


def test_a_weekly_deadline_between_two_weeks_is_warned():
    # weeks dated Mondays to 25 March 2024; "2024-03-31" lies between 25 March and 1 April: a
    # DateWarning names both and what to write; written as the week's date it is reached
    weeks = pd.date_range("2021-04-05", periods=156, freq="W-MON")
    d = pd.DataFrame({"ward": "A", "wk": weeks, "days": 700.0, "events": 5.0})
    kw = {**KW, "x": "wk", "baseline": ("2021-04-05", "2022-03-28")}
    s, far = judged(d, deadline="2024-03-31", **{k: v for k, v in kw.items() if k != "deadline"})
    msg = " ".join(str(w.message) for w in far)
    assert len(far) == 1 and "2024-03-25" in msg and "2024-04-01" in msg, msg
    assert "deadline='2024-03-25'" in msg, msg
    assert not s.deadline_reached.iloc[0]  # as documented: taken as given
    s2, far2 = judged(d, deadline="2024-03-25", **{k: v for k, v in kw.items() if k != "deadline"})
    assert not far2 and s2.deadline_reached.iloc[0]
    # monthly data: a date inside a month is that month, no warning
    _, far3 = judged(wards(), deadline="2024-03-31")
    assert not far3
