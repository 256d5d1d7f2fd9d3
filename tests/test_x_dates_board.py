"""A board's long table judges local midnights stored in UTC measure by measure: one measure of
events with real times of day beside monthly or weekly measures stored in UTC does not hide
their midnights, nor turn them into "two dates in one month" (whose advice would put April,
stored as 31 March 23:00 UTC, into March).

Known truth: each measure's dates are made here, as London midnights stored in UTC (the
positives) or as midnights and events with real times of day (the negatives); the counts in
the messages are counted by hand from the calendar (BST from the last Sunday of March to the
last Sunday of October).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS", tz="Europe/London")
WEEKS = pd.date_range("2023-01-02", periods=40, freq="W-MON", tz="Europe/London")


def _events(start: str, k: int, seed: int, days: float = 700.0) -> pd.DatetimeIndex:
    """``k`` event times with real times of day, London time."""
    rng = np.random.default_rng(seed)
    offsets = pd.to_timedelta(np.sort(rng.uniform(0, days, k)), unit="D")
    return pd.Timestamp(start, tz="Europe/London") + offsets


def _long(measured: dict[str, pd.DatetimeIndex], wards=("A",)) -> pd.DataFrame:
    """A board's long table: each measure at its dates in every ward, x as a UTC extract gives
    it (naive UTC)."""
    rng = np.random.default_rng(5)
    rows = [
        {"measure": m, "ward": w, "x": d, "value": float(rng.poisson(6) + 1)}
        for m, dates in measured.items()
        for w in wards
        for d in dates.tz_convert("UTC").tz_localize(None)
    ]
    return pd.DataFrame(rows)


def _board(data: pd.DataFrame, charts: dict[str, str], **kw):
    measures = pd.DataFrame({"measure": list(charts), "chart": list(charts.values())})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        res = qi.board(data, measures, x="x", y="value", by="ward", **kw)
    return res, [str(w.message) for w in seen if w.category is qi.DateWarning]


def test_monthly_midnights_in_utc_beside_event_times_are_named_not_two_dates_in_a_month():
    data = _long({"beds": MONTHS, "days_between": _events("2022-01-03 09:00", 15, 3)})
    _, said = _board(data, {"beds": "xmr", "days_between": "t"})
    assert len(said) == 1, said  # and no "two dates in one month"
    # April to October of 2022 and 2023 are in BST: 14 of the 24 months at 23:00 UTC; the
    # first is April 2022, row 3 (January 0, February 1, March 2)
    assert said[0].startswith(
        "x='x': 14 of 24 dates of measure 'beds' in column 'x' are at 23:00 and the others at "
        "midnight (row with index label 3: 2022-03-31 23:00:00): local midnights stored in UTC"
    ), said[0]
    assert "dt.tz_localize('UTC').dt.tz_convert('Europe/London').dt.tz_localize(None)" in said[0]
    assert "ceil" not in said[0]  # (it would move the events to their day's start)
    assert "two dates in one month" not in " ".join(said)


def test_the_advised_conversion_gives_the_months_made_and_no_warning():
    data = _long({"beds": MONTHS, "days_between": _events("2022-01-03 09:00", 15, 3)})
    fixed = data.assign(
        x=data["x"].dt.tz_localize("UTC").dt.tz_convert("Europe/London").dt.tz_localize(None)
    )
    res, said = _board(fixed, {"beds": "xmr", "days_between": "t"})
    assert not said, said
    beds = res.points[res.points["measure"] == "beds"]
    assert beds["x"].dt.month.tolist()[:5] == [1, 2, 3, 4, 5]  # April is April


def test_weekly_midnights_in_utc_beside_event_times_are_named():
    data = _long(
        {"falls": WEEKS, "days_between": _events("2023-01-03 09:00", 14, 11, 270.0)},
        wards=("A", "B"),
    )
    res, said = _board(data, {"falls": "xmr", "days_between": "t"})
    # BST 2023 ran from 26 March to 29 October: the Mondays of 27 March (week 12 from 2 Jan)
    # to 2 October (week 39, the last) are at 23:00 UTC, 28 of 40 in each of 2 wards
    assert len(said) == 1, said
    assert said[0].startswith(
        "x='x': 56 of 80 dates of measure 'falls' in column 'x' are at 23:00 and the others at "
        "midnight (row with index label 12: 2023-03-26 23:00:00)"
    ), said[0]
    # the week is read as given (a Sunday 23:00): said, not silently
    falls = res.table()[lambda t: t["measure"] == "falls"]
    assert (falls["latest_x"] == pd.Timestamp("2023-10-01 23:00")).all()


def test_a_measure_at_midnights_still_has_its_months_with_two_dates_named():
    # 'beds' stored in UTC (explained by the midnights warning); 'staff' at midnights, one
    # month dated on its last day beside the 1st: its two dates in one month are its own (rows
    # 0 to 23 are 'beds'; 'staff' from 24, January: 1 May is row 28 and 31 May row 29)
    staff = MONTHS.tz_localize(None).tz_localize("UTC")
    staff = staff.insert(5, pd.Timestamp("2022-05-31", tz="UTC")).sort_values()
    data = _long({"beds": MONTHS, "staff": staff})
    _, said = _board(data, {"beds": "xmr", "staff": "xmr"})
    assert len(said) == 2, said
    # the whole column reads as midnights in UTC: the warning of a single measure's call
    assert said[0].startswith("x='x': 14 of 49 dates in column 'x' are at 23:00"), said[0]
    assert said[1].startswith(
        "1 series of monthly data has two dates in one month (the first: row with index label "
        "29 (measure='staff', ward='A'): 2022-05-01 and 2022-05-31)"
    ), said[1]


def test_known_truth_one_measure_of_events_beside_others():
    """Positives: a monthly or weekly measure of London midnights stored in UTC beside an
    event measure; negatives: the same measures made at midnight (no zone) beside events to
    the second or to the hour. Every positive is named (by its measure), no negative is."""
    rng = np.random.default_rng(2026)
    trials, missed, false = 24, 0, 0
    for t in range(trials):
        freq = ["MS", "W-MON"][t % 2]
        start = pd.Timestamp("2016-01-01") + pd.Timedelta(days=int(rng.integers(0, 2500)))
        k = int(rng.integers(15, 40))
        local = pd.date_range(start, periods=k, freq=freq)
        step = "h" if rng.random() < 0.5 else "s"
        unit = 3_600 if step == "h" else 1
        events = start + pd.to_timedelta(
            np.sort(rng.integers(0, 86_400 * 365 // unit, int(rng.integers(8, 30)))), unit=step
        )
        positive = t % 4 < 2
        made = local.tz_localize("Europe/London").tz_convert("UTC") if positive else local
        data = pd.DataFrame(
            {
                "measure": ["m"] * k + ["ev"] * len(events),
                "ward": "A",
                "x": np.r_[made.tz_localize(None).to_numpy(), events.to_numpy()],
                "value": rng.poisson(6, k + len(events)).astype(float) + 1,
            }
        )
        _, said = _board(data, {"m": "xmr", "ev": "t"})
        named = [s for s in said if "local midnights stored in UTC" in s]
        if positive:
            missed += not (named and "of measure 'm' in column" in named[0])
        else:
            false += bool(named)
    print(f"missed {missed} of {trials // 2} positives, {false} false of {trials // 2}")
    assert missed == 0 and false == 0
