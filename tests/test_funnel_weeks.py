"""The funnel names weekly periods as weeks whatever the time zone of x: weeks of a zone with a
clock change (Europe/London) are 167 or 169 hours apart across it, and were titled as dates
("… by ward, 24 Jul 2023"; a window "3 Apr–26 Jun 2023" that reads as ending on 26 June). A
single date between two weeks is refused naming the two weeks.

Known truth: week-commencing Mondays made here, 2 Jan to 24 Jul 2023 (30 weeks); BST began on
26 March, so the weeks of 20 and 27 March are 167 hours apart.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

WEEKS = pd.date_range("2023-01-02", periods=30, freq="W-MON")


def _long(zone: str | None) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    data = pd.DataFrame(
        [
            {"ward": f"W{j}", "week": w, "o": rng.poisson(5), "e": 5.0}
            for j in range(12)
            for w in WEEKS
        ]
    )
    return data if zone is None else data.assign(week=data["week"].dt.tz_localize(zone))


@pytest.mark.parametrize("zone", [None, "UTC", "Europe/London"])
def test_weeks_are_named_as_weeks_in_any_zone(zone):
    data = _long(zone)
    london = WEEKS.tz_localize("Europe/London")
    assert (london[12] - london[11]) == pd.Timedelta(hours=167)  # across the clock change
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        latest = qi.funnel(data, y="o", n="e", unit="ward", x="week")
        window = qi.funnel(data, y="o", n="e", unit="ward", x="week", period=("2023-04", "2023-06"))
    assert latest.title.endswith("by ward, week of 24 Jul 2023"), latest.title
    # April to June holds the Mondays of 3 April to 26 June: 13 weeks
    assert window.title.endswith("by ward, weeks of 3 Apr–26 Jun 2023"), window.title
    assert window.period[0].strftime("%Y-%m-%d") == "2023-04-03"
    assert window.period[1].strftime("%Y-%m-%d") == "2023-06-26"


@pytest.mark.parametrize("zone", [None, "Europe/London"])
def test_a_date_between_two_weeks_names_them(zone):
    # Wednesday 10 May 2023 lies between the Mondays of 8 and 15 May
    with pytest.raises(qi.DataError) as err:
        qi.funnel(_long(zone), y="o", n="e", unit="ward", x="week", period="2023-05-10")
    said = str(err.value)
    assert said.startswith(
        "period='2023-05-10': no row of data has that x ('week'); it falls between the x values "
        "2023-05-08 and 2023-05-15, so write one of them"
    ), said


def test_a_date_outside_the_data_still_gives_their_range():
    with pytest.raises(qi.DataError, match=r"the x values run from 2023-01-02 to 2023-07-24"):
        qi.funnel(_long(None), y="o", n="e", unit="ward", x="week", period="2024-05-13")


def test_the_chart_draws_the_weeks_title():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = qi.funnel(_long("Europe/London"), y="o", n="e", unit="ward", x="week").plot()
    try:
        drawn = [t.get_text() for t in fig.texts]
        assert "Funnel plot of o / e (standardised ratio) by ward, week of 24 Jul 2023" in drawn
    finally:
        plt.close(fig)
