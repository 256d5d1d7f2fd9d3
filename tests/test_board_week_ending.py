"""Weekly data dated by the week's last day beside a monthly measure (trial 23 INPUTS). The
board reads a week from its date (docs "Weeks are dated by their first day"), so weeks ending
Sunday 29 September 2024 make the report's week 29 September - 5 October, and August's
monthly figure "stale" though September has not ended: silent at run time. The stale
sentence now says so where the reading decides it, and what to do."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import qistats as qi

WEEK_ENDS = pd.date_range("2023-10-01", "2024-09-29", freq="W-SUN")  # weeks ending Sundays
NOTE = "if the weekly data are dated by the week's last day, date them by its first day"


def _table(weeks, last_month="2024-08-01"):
    months = pd.date_range("2023-09-01", last_month, freq="MS")
    falls = 10.0 + np.arange(len(weeks)) % 4
    audit = 80.0 + np.arange(len(months)) % 3
    data = pd.concat(
        [
            pd.DataFrame({"measure": "falls", "x": weeks, "value": falls}),
            pd.DataFrame({"measure": "audit", "x": months, "value": audit}),
        ]
    )
    measures = pd.DataFrame(
        {"measure": ["falls", "audit"], "improvement": ["decrease", "increase"]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return qi.board(data, measures, x="x", y="value").table().set_index("measure")


def test_a_monthly_figure_stale_only_by_the_week_reading_says_so():
    audit = _table(WEEK_ENDS).loc["audit"]
    assert audit.stale  # as documented: the week of Sun 29 Sep runs into October
    assert audit.reason.startswith(
        "Last reported Aug 2024 (stale; as of the week read as commencing Sun 29 Sep 2024: "
    )
    assert NOTE in audit.reason


def test_the_same_weeks_dated_by_their_first_day_are_current_without_a_note():
    audit = _table(WEEK_ENDS - pd.Timedelta(days=6)).loc["audit"]  # Mondays
    assert not audit.stale
    assert NOTE not in audit.reason


def test_a_figure_stale_on_either_reading_has_no_note():
    # July's figure: August has ended by 29 September, whichever way the week is read
    audit = _table(WEEK_ENDS, last_month="2024-07-01").loc["audit"]
    assert audit.stale
    assert audit.reason.startswith("Last reported Jul 2024 (stale). ")
