"""Two date hints checked against dates computed here, independently of qistats (audit of
issue 10): the Excel serial date a ``freeze`` count reads as (Excel's 1900 date system counts
days from 1899-12-30, by ``datetime`` arithmetic), and the week a board's weekly measures end
with when ``as_of`` is the 1st of a month (the last week start on or before that day, by
weekday arithmetic, and the month's last day by :mod:`calendar`)."""

from __future__ import annotations

import calendar
import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import BaselineWarning, DateWarning

EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 system, counting its 29 Feb 1900)
MONTHS = pd.date_range("2019-01-01", "2024-12-01", freq="MS")
DATA = pd.DataFrame({"month": MONTHS, "y": 10.0 + np.arange(len(MONTHS)) % 4})


@pytest.mark.parametrize("serial", [43831, 44986, 45000, 45382, 45657])
def test_spc_freeze_serial_names_the_date_it_is(serial):
    iso = (EPOCH + dt.timedelta(days=serial)).isoformat()
    with pytest.warns(BaselineWarning) as seen:
        qi.spc(DATA, y="y", x="month", chart="xmr", freeze=serial)
    [said] = [str(w.message) for w in seen]
    assert said.endswith(
        f"did you mean {iso} (Excel serial date {serial})? Then write freeze='{iso}'."
    ), said


@pytest.mark.parametrize("serial", [43831.0, 44986.0, 45382.0])
def test_board_freeze_cell_serial_names_the_date_it_is(serial):
    iso = (EPOCH + dt.timedelta(days=int(serial))).isoformat()
    data = DATA.rename(columns={"y": "value"}).assign(measure="los")
    measures = pd.DataFrame({"measure": ["los"], "freeze": [serial]})
    with pytest.warns(BaselineWarning) as seen:
        qi.board(data, measures, x="month", y="value").table()
    [said] = [str(w.message) for w in seen]
    assert f"did you mean {iso} (Excel serial date {serial:.0f})?" in said, said
    assert said.endswith(f"(a date, or ISO text such as '{iso}').")


def test_a_small_count_is_no_serial_date():
    short = DATA.iloc[:30]
    with pytest.warns(BaselineWarning) as seen:
        qi.spc(short, y="y", x="month", chart="xmr", freeze=40)
    assert "Excel serial date" not in str(seen[0].message)


def _mixed(anchor: str) -> pd.DataFrame:
    months = pd.date_range("2022-04-01", "2023-12-01", freq="MS")
    weeks = pd.date_range("2022-04-01", "2023-12-31", freq=anchor)
    return pd.concat(
        [
            pd.DataFrame({"measure": "falls", "x": months, "value": 10.0 + np.arange(21) % 5}),
            pd.DataFrame(
                {"measure": "beds", "x": weeks, "value": 90.0 + np.arange(len(weeks)) % 7}
            ),
        ]
    )


WEEKDAY = {"W-MON": 0, "W-WED": 2, "W-SUN": 6}


@pytest.mark.parametrize("anchor", list(WEEKDAY))
@pytest.mark.parametrize("month", ["2023-01", "2023-05", "2023-07", "2023-10"])
def test_as_of_the_first_names_the_last_week_begun_and_the_month_end(anchor, month):
    first = dt.date.fromisoformat(f"{month}-01")
    # the last week start on or before the 1st: back to the anchor's weekday
    last_week = first - dt.timedelta(days=(first.weekday() - WEEKDAY[anchor]) % 7)
    month_end = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    ms = pd.DataFrame({"measure": ["falls", "beds"]})
    with pytest.warns(DateWarning) as seen:
        t = qi.board(_mixed(anchor), ms, x="x", y="value", as_of=first.isoformat()).table()
    [said] = [str(w.message) for w in seen]
    month_name = calendar.month_name[first.month]
    assert said.startswith(
        f"as_of='{first.isoformat()}', the first day of {month_name} {first.year}, "
    ), said
    week = f"{last_week.day} {calendar.month_abbr[last_week.month]} {last_week.year}"
    assert f"('beds') end with the week of {week}," in said, said
    assert said.endswith(f"give as_of='{month_end.isoformat()}', its last day."), said
    latest = dict(zip(t.measure, pd.to_datetime(t.latest_x).dt.date, strict=True))
    assert latest == {"falls": first, "beds": last_week}
    # the month's last day takes every week begun in the month, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = qi.board(_mixed(anchor), ms, x="x", y="value", as_of=month_end.isoformat()).table()
    last_in_month = month_end - dt.timedelta(days=(month_end.weekday() - WEEKDAY[anchor]) % 7)
    latest = dict(zip(t.measure, pd.to_datetime(t.latest_x).dt.date, strict=True))
    assert latest == {"falls": first, "beds": last_in_month}
