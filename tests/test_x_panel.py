"""Series all at the same dates (a panel: wards' months, one row per ward and month, wards one
after another): the checks of x (local midnights stored in UTC, day/month text read month
first, two dates in one month) read the first series and reach the verdict all rows give;
when one fires, its counts and the row it names are those of all rows (frame/_xaxis fast
path). Expected counts are by hand."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats import DateWarning
from qistats._xaxis import _same_runs
from qistats.frame import _equal_runs

MONTHS = pd.date_range("2021-01-01", periods=24, freq="MS")  # 2021 and 2022


def _panel(dates, wards=("A", "B", "C")) -> pd.DataFrame:
    dates = pd.Series(dates)
    k = len(dates)
    return pd.DataFrame(
        {
            "ward": np.repeat(list(wards), k),
            "month": pd.concat([dates] * len(wards), ignore_index=True),
            "y": np.tile(10.0 + np.arange(k) % 5, len(wards)),
        }
    )


def _messages(data: pd.DataFrame) -> list[str]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        qi.spc(data, y="y", x="month", by="ward", chart="i")
    return [str(w.message) for w in got if issubclass(w.category, DateWarning)]


def test_same_runs_and_equal_runs_by_hand():
    a = np.array([5, 7, 9, 5, 7, 9, 5, 7, 9])
    assert _same_runs(a, 3)
    assert not _same_runs(a, 9)  # one run: not a panel
    assert not _same_runs(a, 2)  # 9 values are not runs of 2
    for i in range(3, 9):  # a difference in any later run, first, middle or last
        b = a.copy()
        b[i] += 1
        assert not _same_runs(b, 3)
    assert _equal_runs(np.array([0, 4, 8]), 12) == [4]
    assert _equal_runs(np.array([0, 4, 7]), 12) == []  # ragged
    assert _equal_runs(np.array([0]), 12) == []  # one series
    assert _equal_runs(None, 12) == []  # not series after series


def test_panel_without_findings_is_silent():
    for dates in (MONTHS, MONTHS.tz_localize("Europe/London"), MONTHS + pd.Timedelta(hours=9)):
        assert _messages(_panel(dates)) == []


def test_panel_of_local_midnights_in_utc_counts_every_row():
    # London's 1st of each month at 00:00, stored in UTC: April to October (BST) are at
    # 23:00 the day before, 7 a year, 14 of a ward's 24 months, 42 of 72 rows; the first is
    # ward A's April 2021, row 3
    utc = MONTHS.tz_localize("Europe/London").tz_convert("UTC").tz_localize(None)
    (said,) = _messages(_panel(utc))
    assert said.startswith(
        "x='month': 42 of 72 dates in column 'month' are at 23:00 and the others at midnight "
        "(row with index label 3: 2021-03-31 23:00:00)"
    )
    # the same dates as a zoned column in UTC
    (zoned,) = _messages(_panel(MONTHS.tz_localize("Europe/London").tz_convert("UTC")))
    assert "42 of 72 dates" in zoned


@pytest.mark.parametrize("zone", [None, "Europe/London"])
@pytest.mark.parametrize("hour", [0, 9])
def test_panel_with_two_dates_in_a_month_counts_every_series(zone, hour):
    # every ward's 2021-06 dated on the 1st and the 20th (index 5 moved into June): three
    # series, three months; the first named is ward A's rows 4 and 5
    d = MONTHS.to_numpy().copy()
    d[5] = np.datetime64("2021-05-20")
    dates = pd.DatetimeIndex(d) + pd.Timedelta(hours=hour)
    if zone:
        dates = dates.tz_localize(zone)
    (said,) = _messages(_panel(dates))
    assert said.startswith(
        "3 series of monthly data have two dates in one month (3 months in all; the first: "
        "row with index label 5 (ward='A'): 2021-05-01"
    )


@pytest.mark.parametrize("ward", [1, 2])
def test_one_ward_differing_is_found(ward):
    # only the middle or the last ward has two dates in one month: the runs differ, every
    # row is read; one series, one month, in that ward (its rows 24 × ward + 4 and + 5)
    d = MONTHS.to_numpy().copy()
    data = _panel(MONTHS)
    at = 24 * ward + 5
    d[5] = np.datetime64("2021-05-20")
    data.loc[at, "month"] = d[5]
    (said,) = _messages(data)
    assert said.startswith(
        f"1 series of monthly data has two dates in one month (the first: row with index "
        f"label {at} (ward='{'ABC'[ward]}')"
    )


def test_panel_of_day_month_text_read_month_first():
    # 1 to 12 January of 2020 and 2021 (day/month text of 12 months read month first): 24
    # dates in 2 years, the first 2020-01-01, whatever the number of wards
    dates = pd.to_datetime([f"{y}-01-{d:02d}" for y in (2020, 2021) for d in range(1, 13)])
    (said,) = _messages(_panel(dates))
    assert said.startswith(
        "x='month': every date is on day 1 to 12 of January (24 dates in 2 years, the first "
        "2020-01-01)"
    )


def test_panel_as_periods_and_iso_text_is_as_dates():
    # Period and ISO text x are read as the dates: the same points and warnings
    d = MONTHS.to_numpy().copy()
    d[5] = np.datetime64("2021-05-20")
    dates = _panel(pd.DatetimeIndex(d))
    text = dates.assign(month=dates["month"].dt.strftime("%Y-%m-%d"))
    assert _messages(text) == _messages(dates)
    plain = _panel(MONTHS)
    periods = plain.assign(month=plain["month"].dt.to_period("M"))
    assert _messages(periods) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = qi.spc(periods, y="y", x="month", by="ward", chart="i").points
        b = qi.spc(plain, y="y", x="month", by="ward", chart="i").points
    pd.testing.assert_frame_equal(
        a.drop(columns="month"), b.drop(columns="month"), check_exact=True
    )
