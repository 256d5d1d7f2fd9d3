"""Ambition: the periods that the baseline and the assessment window are counted in are those
of the calendar of the data's step (months, quarters, weeks, a numeric step), so a ward is
judged alike alone and among others; irregular x keeps the distinct x values (expected values
by hand and from the data directly)."""

import re
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


def _every_other_month():
    """Six monthly wards and ward C, which reports every other month (May 2021, July, …),
    36 months from April 2021 (trial 6a A6)."""
    rng = np.random.default_rng(14)
    months = pd.date_range("2021-04-01", periods=36, freq="MS")
    fall = np.where(np.arange(36) < 12, 1, 0.45)
    monthly = [
        pd.DataFrame({"ward": w, "month": months, "n": 1000.0, "y": rng.poisson(8 * fall)})
        for w in ("W0", "W1", "W2", "W3", "W4", "W5")
    ]
    c = pd.DataFrame(
        {"ward": "C", "month": months[1::2], "n": 2000.0, "y": rng.poisson(16 * fall[1::2])}
    )
    return pd.concat([*monthly, c], ignore_index=True)


SPARSE = dict(KW, baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01")


def test_calendar_gives_a_sparse_ward_alone_the_periods_it_has_among_others():
    df = _every_other_month()
    c = df[df.ward == "C"]
    # By hand: the window is the 12 months April 2023 - March 2024, of which C reports 6
    # (May, July, ..., March); its baseline April 2021 - March 2022 holds 6 reports, each
    # of 2,000 bed days, so the rate ratio is the ratio of the event counts.
    k0 = c.y[c.month <= "2022-03-01"].sum()
    k1 = c.y[c.month >= "2023-04-01"].sum()
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    for amb in (
        qi.ambition(df, **SPARSE),
        qi.ambition(c, calendar=months, **SPARSE),
        qi.ambition(c, calendar=df.month, **SPARSE),  # the x of the whole data
    ):
        s = amb.summary().set_index("ward").loc["C"]
        assert s.window_periods == 6
        assert s.current_start == pd.Timestamp("2023-05-01")
        assert s.rate_ratio == pytest.approx(k1 / k0, rel=1e-12)
    # alone, C's own step is 2 months: the 2-month periods from May 2021 put the April 2023
    # report's neighbour March 2023 in the window's first period, so it holds 7 reports
    alone = qi.ambition(c, **SPARSE).summary().iloc[0]
    assert alone.window_periods == 7
    assert alone.rate_ratio == pytest.approx(c.y[c.month >= "2023-03-01"].sum() / 7 / (k0 / 6))


@pytest.mark.parametrize(
    ("calendar", "words"),
    [
        (["2021-04-01", "not a date"], "calendar='not a date'"),
        ([pd.NaT], "calendar=NaT: expected a date, got a missing value"),
        ([1, 2, 3], "calendar=1: expected a date"),
    ],
)
def test_calendar_values_not_comparable_with_x_are_refused(calendar, words):
    df = _every_other_month()
    with pytest.raises(qi.QIStatsError, match=re.escape(words)):
        qi.ambition(df, calendar=calendar, **SPARSE)


def test_calendar_of_numbers_on_numeric_x():
    d = pd.DataFrame({"ward": "A", "month": [1, 3, 5, 7, 9, 11, 13, 15], "n": 100.0})
    d["y"] = [10, 12, 9, 11, 5, 4, 6, 5]
    kw = dict(KW, baseline=(1, 4), deadline=16, multiply=1)
    # steps of 1 (calendar 1..16): baseline 1-4 is 4 periods, window 13-16 holds 13 and 15;
    # without it the step is 2: baseline holds 1 and 3 (2 periods), window 13-15.
    s = qi.ambition(d, calendar=np.arange(1, 17), **kw).summary().iloc[0]
    assert (s.window_periods, s.current_start, s.current_end) == (2, 13, 15)
    assert s.rate_ratio == pytest.approx((6 + 5) / (10 + 12))
    with pytest.raises(qi.QIStatsError, match=re.escape("calendar=[nan]: expected numbers")):
        qi.ambition(d, calendar=[np.nan], **kw)


def test_a_short_calendar_sets_the_step_of_a_sparse_ward():
    # two consecutive months say the periods are months: ward C alone (every other month)
    # is then judged on the months, as among the monthly wards (the window April 2023 -
    # March 2024 holds 6 of its reports; by hand, as above); before, the two months with C's
    # own dates had no common step and the periods were the distinct dates
    df = _every_other_month()
    c = df[df.ward == "C"]
    k0 = c.y[c.month <= "2022-03-01"].sum()
    k1 = c.y[c.month >= "2023-04-01"].sum()
    short = ["2021-04-01", "2021-05-01"]
    amb = qi.ambition(c, calendar=short, **SPARSE)
    s = amb.summary().iloc[0]
    assert (s.window_periods, s.current_start) == (6, pd.Timestamp("2023-05-01"))
    assert s.rate_ratio == pytest.approx(k1 / k0, rel=1e-12)
    # a calendar whose grid misses some x of the data is merged with them, as before:
    # quarters from April 2021 do not hold C's May 2021, and the merged dates have no step,
    # so the periods are the distinct dates: the baseline holds 8 (Apr, May, Jul, Sep, Oct,
    # Nov 2021, Jan, Mar 2022), so the window is C's last 8 reports, from Jan 2023
    quarters = ["2021-04-01", "2021-07-01", "2021-10-01"]
    s = qi.ambition(c, calendar=quarters, **SPARSE).summary().iloc[0]
    assert (s.window_periods, s.current_start) == (8, pd.Timestamp("2023-01-01"))


def test_a_short_numeric_calendar_sets_the_step():
    d = pd.DataFrame({"ward": "A", "month": [1, 3, 5, 7, 9, 11, 13, 15], "n": 100.0})
    d["y"] = [10, 12, 9, 11, 5, 4, 6, 5]
    kw = dict(KW, baseline=(1, 4), deadline=16, multiply=1)
    # calendar [1, 2]: steps of 1, as calendar=1..16 above (by hand: window 13-16 holds 13
    # and 15, baseline 1-4 holds 1 and 3)
    s = qi.ambition(d, calendar=[1, 2], **kw).summary().iloc[0]
    assert (s.window_periods, s.current_start, s.current_end) == (2, 13, 15)
    assert s.rate_ratio == pytest.approx((6 + 5) / (10 + 12))


def test_the_definition_keeps_the_calendar():
    df = _every_other_month()
    c = df[df.ward == "C"]
    short = ["2021-04-01", "2021-05-01"]
    amb = qi.ambition(c, calendar=short, **SPARSE)
    assert amb.definition.calendar == short
    assert qi.ambition(c, **SPARSE).definition.calendar is None
    # the definition reproduces the run
    d = amb.definition
    again = qi.ambition(
        c,
        y=d.y,
        n=d.n,
        x=d.x,
        by="ward",
        baseline=d.baseline,
        change=d.change,
        deadline=d.deadline,
        multiply=d.multiply,
        calendar=d.calendar,
    )
    pd.testing.assert_frame_equal(again.summary(), amb.summary())


@pytest.mark.parametrize(
    "form",
    ["unique", "index", "list", "numpy", "series", "dates", "polars", "pyarrow"],
)
def test_calendar_takes_any_array_of_dates(form):
    # df['month'].unique() is a DatetimeArray under pandas 3: it was refused ("expected a
    # date"); by hand, as above: ward C's window holds 6 of the 12 months
    df = _every_other_month()
    c = df[df.ward == "C"]
    k0 = c.y[c.month <= "2022-03-01"].sum()
    k1 = c.y[c.month >= "2023-04-01"].sum()
    x = df.month.drop_duplicates().sort_values()
    calendar = {
        "unique": lambda: df.month.unique(),
        "index": lambda: pd.DatetimeIndex(x),
        "list": lambda: list(x),
        "numpy": lambda: x.to_numpy(),
        "series": lambda: x,
        "dates": lambda: [t.date() for t in x],
        "polars": lambda: pytest.importorskip("polars").Series(x.to_list()),
        "pyarrow": lambda: pytest.importorskip("pyarrow").array(x.to_list()),
    }[form]()
    s = qi.ambition(c, calendar=calendar, **SPARSE).summary().iloc[0]
    assert (s.window_periods, s.current_start) == (6, pd.Timestamp("2023-05-01"))
    assert s.rate_ratio == pytest.approx(k1 / k0, rel=1e-12)
