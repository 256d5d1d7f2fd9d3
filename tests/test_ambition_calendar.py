"""Ambition: the periods that the baseline and the assessment window are counted in are those
of the calendar of the data's step (months, quarters, weeks, a numeric step), so a ward is
judged alike alone and among others; irregular x keeps the distinct x values (expected values
by hand and from the data directly)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

KW = {
    "y": "y",
    "n": "n",
    "x": "month",
    "by": "ward",
    "change": -0.5,
    "multiply": 1000,
}


def same(frame):
    """Missing values as None so that NaN, NaT and None compare equal."""
    return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)


def assert_alone_equals_among(df, ward, **kw):
    """``ward`` computed alone equals ``ward`` computed among the others (summary and periods),
    with no warning; returns its summary row."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        together = qi.ambition(df, **kw)
        alone = qi.ambition(df[df.ward == ward], **kw)
    s = together.summary()
    pd.testing.assert_frame_equal(same(alone.summary()), same(s[s.ward == ward]))
    mine = together.periods[together.periods.ward == ward]
    pd.testing.assert_frame_equal(same(alone.periods), same(mine), check_dtype=False)
    return alone.summary().iloc[0]


def late_opener():
    """Issue #14's trial: wards A and B, Apr 2021–Mar 2024, B opened in Feb 2022."""
    rng = np.random.default_rng(0)
    m = pd.date_range("2021-04-01", periods=36, freq="MS")
    d = pd.concat(
        [
            pd.DataFrame({"ward": w, "month": m, "y": rng.poisson(10, 36).astype(float), "n": 1e3})
            for w in "AB"
        ]
    )
    return d[~((d.ward == "B") & (d.month < "2022-02-01"))]


LATE = {**KW, "baseline": ("2021-04-01", "2022-03-01"), "deadline": "2024-03-01"}


def test_a_late_opener_alone_is_judged_as_among_others():
    # the baseline Apr 2021–Mar 2022 is 12 calendar months whatever data B has, so the window
    # is the 12 months ending at the deadline, Apr 2023–Mar 2024, alone as among others
    d = late_opener()
    s = assert_alone_equals_among(d, "B", as_of="2024-03-01", **LATE)
    b = d[d.ward == "B"]
    win = b[(b.month >= "2023-04-01") & (b.month <= "2024-03-01")]
    assert (s.current_start, s.current_end) == (
        pd.Timestamp("2023-04-01"),
        pd.Timestamp("2024-03-01"),
    )
    assert s.window_periods == 12
    assert s.current_value == pytest.approx(win.y.sum() / 12)  # per 1,000 over 1,000 a month
    base = b[b.month <= "2022-03-01"]
    assert s.baseline_value == pytest.approx(base.y.sum() / 2)
    assert s.verdict != "insufficient_data"
    # as_of defaults to the latest x of the data, here the same for B alone: same answer
    alone = qi.ambition(b, **LATE).summary().iloc[0]
    assert (alone.window_periods, alone.verdict) == (12, s.verdict)


def test_missing_months_need_no_rows():
    # B lacks three months inside its window and its last month (the deadline, Mar 2024):
    # alone, without rows for them, as_of given, it is judged on the same 12 calendar months
    d = late_opener()
    drop = (d.ward == "B") & d.month.isin(
        pd.to_datetime(["2023-05-01", "2023-06-01", "2023-09-01", "2024-03-01"])
    )
    d = d[~drop]
    s = assert_alone_equals_among(d, "B", as_of="2024-03-01", **LATE)
    assert s.deadline_reached
    assert (s.current_start, s.current_end, s.window_periods) == (
        pd.Timestamp("2023-04-01"),
        pd.Timestamp("2024-02-01"),
        8,
    )
    # without as_of B alone is judged as of its own latest month, Feb 2024, before the deadline
    early = qi.ambition(d[d.ward == "B"], **LATE).summary().iloc[0]
    assert not early.deadline_reached


def test_a_month_no_ward_has_is_still_a_period():
    # nobody reported Jun 2021 (in the baseline): the baseline is still 12 months, so the
    # window is 12 months (Apr 2022–Mar 2023 as of Mar 2023), not 11
    d = late_opener()
    d = d[(d.month != "2021-06-01") & (d.month <= "2023-03-01")]
    s = qi.ambition(d, **LATE).summary().set_index("ward")
    assert list(s.current_start) == [pd.Timestamp("2022-04-01")] * 2
    assert list(s.window_periods) == [12, 12]


@pytest.mark.parametrize(
    ("freq", "start", "base_end", "deadline", "win_start"),
    [
        # quarters: baseline 4 quarters, B opens in the last one; window the 4 quarters to
        # the deadline
        ("QS", "2020-01-01", "2020-10-01", "2022-10-01", "2022-01-01"),
        # month ends (28-31 days apart): 12 months each one step
        ("ME", "2020-01-31", "2020-12-31", "2022-12-31", "2022-01-31"),
        # weeks: baseline 12 weeks, window the 12 weeks to the deadline (week 36)
        ("7D", "2020-01-06", "2020-03-23", "2020-09-07", "2020-06-22"),
    ],
)
def test_calendars_of_dates(freq, start, base_end, deadline, win_start):
    x = pd.date_range(start, periods=36, freq=freq)
    rng = np.random.default_rng(3)
    d = pd.concat(
        [
            pd.DataFrame({"ward": w, "month": x, "y": rng.poisson(30, 36).astype(float), "n": 1e3})
            for w in "AB"
        ]
    )
    d = d[~((d.ward == "B") & (d.month < pd.Timestamp(base_end)))]  # B: one baseline period
    kw = {**KW, "baseline": (start, base_end), "deadline": deadline}
    s = assert_alone_equals_among(d, "B", as_of=deadline, **kw)
    assert (s.current_start, s.current_end) == (pd.Timestamp(win_start), pd.Timestamp(deadline))
    b = d[(d.ward == "B") & (d.month >= win_start) & (d.month <= deadline)]
    assert s.window_periods == len(b)
    assert s.current_value == pytest.approx(b.y.sum() / len(b))


def test_a_numeric_step():
    # months numbered 1, 2, ..., 36 (step 1); B has months 10-36 with 20-22 missing as rows
    rng = np.random.default_rng(5)
    t = np.arange(1.0, 37.0)
    d = pd.concat(
        [
            pd.DataFrame({"ward": w, "month": t, "y": rng.poisson(9, 36).astype(float), "n": 1e3})
            for w in "AB"
        ]
    )
    d = d[~((d.ward == "B") & ((d.month < 10) | d.month.between(20, 22)))]
    kw = {**KW, "baseline": (1, 12), "deadline": 30}
    s = assert_alone_equals_among(d, "B", as_of=30, **kw)
    assert (s.current_start, s.current_end, s.window_periods) == (19, 30, 9)


def test_irregular_x_counts_the_distinct_values():
    # x 1, 2, 4, 7, 11, ... (no common step): the periods are the distinct x of the data, as
    # before; baseline x <= 11 is 5 periods, so the window is the last 5 x values
    t = np.array([1, 2, 4, 7, 11, 16, 22, 29, 37, 46], dtype=float)
    d = pd.DataFrame({"ward": "A", "month": t, "y": 10.0, "n": 1e3})
    s = qi.ambition(d, **{**KW, "baseline": (1, 11), "deadline": 100}).summary().iloc[0]
    assert (s.current_start, s.current_end, s.window_periods) == (16, 46, 5)
