"""``stale`` counts periods, not timestamps: the day a period is dated on, its time zone and its
length do not change whether it is up to date (trial 9 A4).

The truth in each case is counted by hand in periods: in a March report, the latest monthly
figure that can have ended is March's; the latest quarter that can have ended is the one that
ends by 31 March. A series ``b`` periods behind that with a ``lag`` of ``k`` is stale when
``b > k``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _dated(periods: pd.PeriodIndex, how: str) -> pd.DatetimeIndex:
    """Periods as the dates an extract gives them: the first day, the last day, or the 28th
    of the last month (a last working day)."""
    if how == "start":
        return periods.start_time
    if how == "end":
        return periods.end_time.normalize()
    return periods.end_time.normalize() - pd.to_timedelta(periods.end_time.day - 28, unit="D")


def _series(measure: str, latest: pd.Period, how: str, n: int = 12) -> pd.DataFrame:
    periods = pd.period_range(end=latest, periods=n, freq=latest.freq)
    values = np.tile([9.0, 11.0], n)[:n]
    return pd.DataFrame({"measure": measure, "month": _dated(periods, how), "value": values})


def _board(parts, lags, as_of=None, tz=None):
    data = pd.concat(parts, ignore_index=True)
    if tz is not None:
        data["month"] = data["month"].dt.tz_localize(tz)
    measures = pd.DataFrame({"measure": list(lags), "lag": list(lags.values())})
    t = qi.board(data, measures, x="month", y="value", as_of=as_of).table()
    return t.set_index("measure").stale.to_dict()


@pytest.mark.parametrize("how", ["start", "end", "28th"])
def test_a_monthly_figure_a_month_behind_is_stale_however_it_is_dated(how):
    march = pd.Period("2024-03", "M")
    got = _board(
        [_series("falls", march, "start"), _series("los", march - 1, how)],
        {"falls": 0, "los": 0},
    )
    assert got == {"falls": False, "los": True}
    got = _board(
        [_series("falls", march, "start"), _series("los", march, how)], {"falls": 0, "los": 0}
    )
    assert got == {"falls": False, "los": False}


@pytest.mark.parametrize("how", ["start", "end", "28th"])
@pytest.mark.parametrize(
    ("report", "latest", "lag", "stale"),
    [
        ("2024-03", "2023Q4", 0, True),  # Jan-Mar 2024 has ended by 31 March
        ("2024-02", "2023Q4", 0, False),  # ... but not by 29 February
        ("2024-01", "2023Q4", 0, False),
        ("2024-03", "2024Q1", 0, False),
        ("2024-03", "2023Q4", 1, False),  # a quarter in arrears: Oct-Dec is the one due
        ("2024-03", "2023Q3", 1, True),
        ("2024-06", "2023Q4", 1, True),
    ],
)
def test_a_quarterly_figure_is_judged_by_the_quarters_that_have_ended(
    how, report, latest, lag, stale
):
    got = _board(
        [
            _series("falls", pd.Period(report, "M"), "start"),
            _series("shmi", pd.Period(latest, "Q"), how),
        ],
        {"falls": 0, "shmi": lag},
    )
    assert got == {"falls": False, "shmi": stale}


@pytest.mark.parametrize("tz", [None, "UTC", "Europe/London"])
def test_time_zone_aware_months_are_the_zones_months(tz):
    # 1 April 00:00 BST is 31 March 23:00 UTC: still April's report, in which March is stale
    april = pd.Period("2024-04", "M")
    got = _board([_series("falls", april, "start"), _series("los", april - 1, "start")],
                 {"falls": 0, "los": 0}, tz=tz)  # fmt: skip
    assert got == {"falls": False, "los": True}


def test_stale_against_periods_counted_by_construction():
    """Random boards: monthly and quarterly measures dated on the first day, the last day or
    the 28th, 0 to 3 periods behind the report, with a lag of 0 to 2; the truth is
    ``behind > lag``, counted in periods when the data are made."""
    rng = np.random.default_rng(20261130)
    wrong, judged = [], 0
    for board in range(60):
        report = pd.Period("2022-01", "M") + int(rng.integers(0, 36))
        parts = [_series("anchor", report, str(rng.choice(["start", "end", "28th"])))]
        lags, truth = {"anchor": 0}, {"anchor": False}
        for i in range(5):
            freq = str(rng.choice(["M", "Q"]))
            # the latest period of that length that has ended by the end of the report's month
            due = pd.Period(report.end_time, freq)
            if due.end_time > report.end_time:
                due -= 1
            behind, lag = int(rng.integers(0, 4)), int(rng.integers(0, 3))
            how = str(rng.choice(["start", "end", "28th"]))
            name = f"m{i}"
            parts.append(_series(name, due - behind, how))
            lags[name], truth[name] = lag, behind > lag
        got = _board(parts, lags)
        judged += len(truth)
        wrong += [(board, report, k, truth[k], got[k]) for k in truth if got[k] != truth[k]]
    assert not wrong, f"{len(wrong)} of {judged} stale flags wrong: {wrong[:5]}"


def _one_point(measure: str, day: str) -> pd.DataFrame:
    return pd.DataFrame({"measure": measure, "month": [pd.Timestamp(day)], "value": [4.0]})


@pytest.mark.parametrize(
    ("others", "as_of", "day", "lag", "stale"),
    [
        # a March report given as its last day: the new measure's March figure, dated on
        # any day of March, is as current as the monthly one's (it was stale unless dated
        # 31 March, as_of itself)
        ("monthly", "2024-03-31", "2024-03-01", 0, False),
        ("monthly", "2024-03-31", "2024-03-11", 0, False),
        # February's: March has ended by the end of March's report
        ("monthly", "2024-03-31", "2024-02-01", 0, True),
        # ... unless the measure runs a period in arrears
        ("monthly", "2024-03-31", "2024-02-01", 1, False),
        ("monthly", "2024-03-31", "2024-01-01", 1, True),
        # a weekly report (the weeks dated Mondays, the week of 25 March given by its Sunday):
        # the new measure's week of 25 March is current, that of 18 March one week behind
        ("weekly", "2024-03-31", "2024-03-25", 0, False),
        ("weekly", "2024-03-31", "2024-03-18", 0, True),
        ("weekly", None, "2024-03-18", 0, True),
    ],
)
def test_a_new_measure_of_one_point_is_judged_in_the_reports_periods(
    others, as_of, day, lag, stale
):
    if others == "monthly":
        old = _series("falls", pd.Period("2024-03", "M"), "start")
    else:
        old = _series("falls", pd.Period("2024-03-25", "W-SUN"), "start")
    got = _board([old, _one_point("new", day)], {"falls": 0, "new": lag}, as_of=as_of)
    assert got == {"falls": False, "new": stale}
