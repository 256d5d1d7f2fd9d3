"""A month written as a month ('2023-06', or a pd.Period) names the whole month in every date
argument (trial 23 INPUTS): ``freeze='2023-06'`` on data dated at month ends (2023-06-30)
read '2023-06' as 1 June and ended the baseline in May, with only a DateWarning to say so,
while on month starts it kept June. The expected baselines are counted by hand from the
dates made here."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

ENDS = pd.date_range("2022-01-31", periods=24, freq="ME")
STARTS = pd.date_range("2022-01-01", periods=24, freq="MS")
SUNDAYS = pd.date_range("2022-01-02", periods=60, freq="W-SUN")  # weeks labelled by their end


def _data(x):
    y = np.arange(len(x), dtype=float) % 7  # no value matters: only which points are where
    return pd.DataFrame({"x": x, "y": y})


def _spc(x, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DateWarning: the month is read as meant
        return qi.spc(_data(x), y="y", x="x", chart="i", **kw).points


@pytest.mark.parametrize(
    ("x", "june"),
    [(ENDS, 6), (STARTS, 6), (SUNDAYS, 26)],  # Jan-Jun; the 26 Sundays 2 Jan .. 26 Jun 2022
    ids=["month-ends", "month-starts", "week-ending-sundays"],
)
@pytest.mark.parametrize("freeze", ["2022-06", pd.Period("2022-06", freq="M")])
def test_a_month_freeze_keeps_the_whole_month_in_the_baseline(x, june, freeze):
    pts = _spc(x, freeze=freeze)
    assert int(pts.baseline.sum()) == june
    assert pts.x[pts.baseline].max() <= pd.Timestamp("2022-06-30")


def test_a_quarter_period_freeze_keeps_the_whole_quarter():
    pts = _spc(ENDS, freeze=pd.Period("2022Q2", freq="Q"))
    assert int(pts.baseline.sum()) == 6  # January to June


def test_a_day_is_still_a_point_in_time():
    # '2022-06-01' on month ends is before 30 June: the baseline ends in May, with a warning
    with pytest.warns(qi.DateWarning, match="ends at '2022-05-31'"):
        pts = qi.spc(_data(ENDS), y="y", x="x", chart="i", freeze="2022-06-01").points
    assert int(pts.baseline.sum()) == 5


@pytest.mark.parametrize(
    ("x", "excluded"),
    [
        (ENDS, ["2022-06-30"]),
        (STARTS, ["2022-06-01"]),
        (SUNDAYS, ["2022-06-05", "2022-06-12", "2022-06-19", "2022-06-26"]),
    ],
    ids=["month-ends", "month-starts", "week-ending-sundays"],
)
def test_a_month_exclude_leaves_out_every_point_in_it(x, excluded):
    pts = _spc(x, exclude=["2022-06"])
    assert pts.x[pts.excluded].dt.strftime("%Y-%m-%d").tolist() == excluded
    both = _spc(x, exclude=["2022-06", "2022-08-31" if x is ENDS else "2022-08"])
    assert (both.x[both.excluded].dt.month.isin([6, 8])).all()
    assert int(both.excluded.sum()) == 2 * len(excluded)  # August has 4 Sundays, as June


def test_a_month_with_no_point_is_still_refused_for_exclude():
    quarters = pd.date_range("2022-01-01", periods=8, freq="QS")
    with pytest.raises(qi.ArgumentError, match="or a month as 'YYYY-MM' for every x in it"):
        qi.spc(_data(quarters), y="y", x="x", chart="i", exclude="2022-05")


@pytest.mark.parametrize(("x", "first"), [(ENDS, "2022-06-30"), (STARTS, "2022-06-01")])
def test_a_month_phase_starts_in_that_month_without_a_warning(x, first):
    pts = _spc(x, phase=["2022-06"])
    assert str(pts.x[pts.phase == pts.phase.iloc[-1]].min().date()) == first


def test_a_board_freeze_of_a_month_keeps_the_month():
    data = pd.DataFrame({"measure": "m", "month": ENDS, "value": _data(ENDS).y})
    measures = pd.DataFrame({"measure": ["m"], "improvement": ["decrease"], "freeze": ["2022-06"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = qi.board(data, measures, x="month", y="value")
    # the baseline is January to June: its mean, by hand, of y = 0..5
    assert report.table().cl.iloc[0] == pytest.approx(np.mean([0, 1, 2, 3, 4, 5]))


def test_a_month_named_in_words_is_told_the_month_form():
    with pytest.raises(qi.ArgumentError, match="'2022-06' names the whole month"):
        qi.spc(_data(ENDS), y="y", x="x", chart="i", freeze="Jun 2022")


def test_ambition_reads_month_text_as_the_month_on_month_ends_and_starts():
    rows = []
    for x in (ENDS, STARTS):
        df = pd.DataFrame({"x": x, "y": 10.0 + np.arange(24) % 3, "n": 100.0})
        amb = qi.ambition(df, y="y", n="n", x="x", baseline=("2022-01", "2022-06"),
                          change=-0.5, deadline="2023-12", as_of="2023-06")  # fmt: skip
        rows.append(amb.summary().iloc[0])
    # Jan-Jun of y = 10, 11, 12, 10, 11, 12 over 600: 66/600, the same on either dating
    for row in rows:
        assert row.baseline_value == pytest.approx(66 / 600)
        assert row.current_end.month == 6 and row.current_end.year == 2023


@pytest.mark.parametrize(
    ("freq", "first", "weeks", "last_nov"),
    [("W-SUN", "2023-01-01", 26, "2023-11-26"), ("W-MON", "2023-01-02", 26, "2023-11-27")],
)
def test_ambition_reads_month_text_as_the_weeks_dated_in_it(freq, first, weeks, last_nov):
    # weeks labelled by their ending Sunday, or by their Monday: '2023-01'..'2023-06' is every
    # week dated in January to June (26 of each, counted from the calendar), as_of='2023-11'
    # the last week dated in November, and no DateWarning (the bounds were 1 Jan and 1 Jun)
    x = pd.date_range(first, periods=104, freq=freq)
    y = 10.0 + np.arange(104) % 5
    df = pd.DataFrame({"x": x, "y": y, "n": 100.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        amb = qi.ambition(df, y="y", n="n", x="x", baseline=("2023-01", "2023-06"),
                          change=-0.3, deadline="2024-06", as_of="2023-11")  # fmt: skip
    row = amb.summary().iloc[0]
    in_base = (x >= "2023-01-01") & (x <= "2023-06-30")
    assert int(in_base.sum()) == weeks
    assert row.baseline_value == pytest.approx(y[in_base].sum() / (100.0 * weeks))
    assert row.current_end == pd.Timestamp(last_nov)


@pytest.mark.parametrize(
    ("x", "quarter", "june"),
    [
        (SUNDAYS, 13, 4),  # Sundays 3 Apr .. 26 Jun 2022: 4 + 5 + 4; June 5, 12, 19, 26
        # Saturdays 2 Apr .. 25 Jun 2022: 5 + 4 + 4; June 4, 11, 18, 25
        (pd.date_range("2022-01-01", periods=60, freq="W-SAT"), 13, 4),
        (ENDS, 3, 1),
        (STARTS, 3, 1),
    ],
    ids=["week-ending-sundays", "saturdays", "month-ends", "month-starts"],
)
def test_funnel_period_of_months_holds_every_x_in_them(x, quarter, june):
    df = pd.concat([pd.DataFrame({"u": u, "x": x, "y": 1.0, "n": 100.0}) for u in "ABC"])
    for period, rows in ((("2022-04", "2022-06"), quarter), ("2022-06", june)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            units = qi.funnel(df, y="y", n="n", unit="u", kind="rate", x="x", period=period,
                              adjust=False).units  # fmt: skip
        assert units.y.tolist() == [float(rows)] * 3, period


def test_ambition_compare_of_months_holds_the_weeks_dated_in_them():
    # Sundays 7 Apr .. 30 Jun 2024: 4 + 4 + 5 weeks (the window ended on 1 June before)
    x = pd.date_range("2023-01-01", periods=104, freq="W-SUN")
    df = pd.DataFrame({"x": x, "y": 10.0 + np.arange(104) % 5, "n": 100.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        amb = qi.ambition(df, y="y", n="n", x="x", baseline=("2023-01", "2023-06"), change=-0.3,
                          deadline="2024-12", compare=("2024-04", "2024-06"))  # fmt: skip
    row = amb.summary().iloc[0]
    assert row.window_periods == 13
    assert (row.current_start, row.current_end) == (pd.Timestamp("2024-04-07"),
                                                    pd.Timestamp("2024-06-30"))  # fmt: skip


@pytest.mark.parametrize(
    ("x", "starts"),
    [(ENDS, "2022-07-31"), (STARTS, "2022-07-01"), (SUNDAYS, "2022-07-03")],
    ids=["month-ends", "month-starts", "week-ending-sundays"],
)
def test_a_board_rebase_of_a_month_starts_at_its_first_period(x, starts):
    data = pd.DataFrame({"measure": "m", "x": x, "value": _data(x).y})
    measures = pd.DataFrame({"measure": ["m"], "improvement": ["decrease"], "rebase": ["2022-07"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pts = qi.board(data, measures, x="x", y="value").points
    assert str(pts.x[pts.phase == 2].min().date()) == starts
    assert str(pts.x[pts.phase == 1].max().date()) < starts
    measures["rebase"] = ["2022-07-15"]  # a day that is no period is still refused
    with pytest.raises(qi.DataError, match="written as 'YYYY-MM'"):
        qi.board(data, measures, x="x", y="value")
