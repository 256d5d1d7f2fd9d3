"""A monthly measure's single point on a weekly board (trial 23 INPUTS): a new monthly survey's
first figure, dated 30 November 2023, was read as a week (the board's finest period), so the
board called it stale a week later and wrote it "30 Nov 2023". A single point dated on a
month's first or last day is now November's figure on such a board: current until December
has ended, and written "Nov 2023"; other single points are read as before."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

WEEKS = pd.date_range("2023-01-01", periods=52, freq="W-SUN")  # Sundays, to 24 Dec 2023


def _board(lone_date, as_of=None, monthly=False):
    rng = np.random.default_rng(4)
    parts = [
        pd.DataFrame({"measure": "falls", "x": WEEKS, "value": rng.poisson(10, 52).astype(float)}),
        pd.DataFrame({"measure": "survey", "x": [pd.Timestamp(lone_date)], "value": [72.0]}),
    ]
    if monthly:
        months = pd.date_range("2023-01-31", periods=12, freq="ME")
        parts.append(
            pd.DataFrame({"measure": "audit", "x": months, "value": 80.0 + np.arange(12) % 3})
        )
    measures = pd.DataFrame(
        {"measure": [p.measure.iloc[0] for p in parts], "improvement": "increase"}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = qi.board(pd.concat(parts), measures, x="x", y="value", as_of=as_of)
    return report.table().set_index("measure")


@pytest.mark.parametrize("monthly", [False, True])
@pytest.mark.parametrize("lone", ["2023-11-30", "2023-11-01"])
def test_a_lone_month_end_point_is_a_months_figure(lone, monthly):
    # report as_of the data's latest week (w/c 24 Dec): December has not ended, so November's
    # figure is current, as a monthly measure's November is in a December report
    row = _board(lone, monthly=monthly).loc["survey"]
    assert not row.stale
    assert "stale" not in row.reason
    # the week of 31 Dec 2023 ends on 6 Jan 2024, after December: due, so stale, said by month
    row = _board(lone, as_of="2023-12-31", monthly=monthly).loc["survey"]
    assert row.stale
    assert row.reason.startswith("Last reported Nov 2023 (stale).")


def test_a_lone_point_inside_a_month_is_still_read_as_the_reports_week():
    # 13 Dec 2023 is no month's first or last day: a week of the report's, as before, and
    # stale once the week after it has ended by the report's week (w/c 24 Dec)
    row = _board("2023-12-13").loc["survey"]
    assert row.stale
    assert row.reason.startswith("Last reported 13 Dec 2023 (stale).")
