"""Two dates in one month of monthly data, when every date is a midnight: the day numbers of
the check of local midnights stored in UTC are read again, and a month holding one date of
the data at most ends the check early (_duplicates._two_in_a_month)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _wards(dates_of) -> pd.DataFrame:
    # three wards of 24 months; dates_of(ward) gives a ward's 24 dates
    rows = [
        {"ward": w, "month": d, "y": 10.0 + (i % 5)}
        for w in ("A", "B", "C")
        for i, d in enumerate(dates_of(w))
    ]
    return pd.DataFrame(rows)


STARTS = pd.date_range("2022-01-01", periods=24, freq="MS")
ENDS = pd.date_range("2022-01-31", periods=24, freq="ME")


def _quiet(data: pd.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(data, y="y", x="month", by="ward", chart="i")


def test_wards_dated_differently_are_not_warned():
    # A and C on the 1st, B on the last day: months hold two dates of the data, but no ward has
    # two in one month
    _quiet(_wards(lambda w: ENDS if w == "B" else STARTS))
    _quiet(_wards(lambda w: STARTS))  # one date a month: ended early
    _quiet(_wards(lambda w: ENDS))


@pytest.mark.parametrize("shuffled", [False, True])
@pytest.mark.parametrize("other", ["starts", "ends"])
def test_one_ward_with_two_dates_in_a_month_is_warned(shuffled, other):
    # ward B's June 2023 dated on the 1st and the 30th (by hand: one month, one series),
    # beside wards dated alike or not
    def dates(w):
        if w != "B":
            return STARTS if other == "starts" else ENDS
        d = STARTS.to_numpy().copy()
        d[18] = np.datetime64("2023-06-30")  # the month after 2023-06-01 (index 17)
        return pd.DatetimeIndex(d)

    data = _wards(dates)
    if shuffled:
        data = data.sample(frac=1.0, random_state=1)
    said = (
        r"1 series of monthly data has two dates in one month \(the first: .*ward='B'.*"
        r"2023-06-01 and 2023-06-30"
    )
    with pytest.warns(qi.DateWarning, match=said):
        res = qi.spc(data, y="y", x="month", by="ward", chart="i")
    assert len(res.points) == 72


def test_a_time_of_day_takes_the_check_of_every_date():
    # not every date a midnight (one at 09:00): months read from each date, as before
    extra = pd.DataFrame({"ward": ["B"], "month": [pd.Timestamp("2022-07-20 09:00")], "y": [9.0]})
    data = pd.concat([_wards(lambda w: STARTS), extra], ignore_index=True)  # B: 1 and 20 July
    with pytest.warns(qi.DateWarning, match=r"1 series of monthly data has two dates in one"):
        qi.spc(data, y="y", x="month", by="ward", chart="i")
