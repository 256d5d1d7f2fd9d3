"""Quarterly figures dated early in a quarter's last month (new-user trial 14, F8): the board
reads 1 June as the start of June to August, and such dates are most often the quarter that
ends then (April to June dated June). The board says so, naming the measure."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _data(quarter_dates: pd.DatetimeIndex) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(4)
    monthly = pd.date_range("2022-07-01", "2025-06-01", freq="MS")
    frames = [
        pd.DataFrame({"measure": "falls", "month": monthly, "value": rng.normal(30, 3, 36)}),
        pd.DataFrame(
            {
                "measure": "audit",
                "month": quarter_dates,
                "value": rng.normal(80, 4, len(quarter_dates)),
            }
        ),
    ]
    return pd.concat(frames, ignore_index=True), pd.DataFrame({"measure": ["falls", "audit"]})


def _warnings(data, measures, **kw) -> tuple[list[str], qi.Board]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        report = qi.board(data, measures, x="month", y="value", **kw)
    said = [str(w.message) for w in seen if issubclass(w.category, qi.DateWarning)]
    return said, report


def test_quarter_end_months_are_named_with_the_reading_and_the_fix():
    ends = pd.date_range("2022-09-01", "2025-06-01", freq="3MS")  # Sep, Dec, Mar, Jun
    assert set(ends.month) == {3, 6, 9, 12}
    data, measures = _data(ends)
    said, _ = _warnings(data, measures)
    assert len(said) == 1, said
    assert "the quarterly measure 'audit' is dated only early in March, June" in said[0]
    assert "the latest of 'audit', 1 Jun 2025, is read as Jun–Aug 2025" in said[0]
    assert "(Apr–Jun 2025 dated Jun)" in said[0]
    fix = "df.loc[df['measure'] == 'audit', 'month'] -= pd.DateOffset(months=2)"
    assert fix in said[0]
    # following the advice: the quarter starting in April, and no warning
    moved = data.copy()
    moved.loc[moved["measure"] == "audit", "month"] -= pd.DateOffset(months=2)
    again, fixed = _warnings(moved, measures)
    assert again == []
    got = fixed.table().set_index("measure").loc["audit", "latest_x"]
    assert got == pd.Timestamp("2025-04-01")


@pytest.mark.parametrize(
    "dates",
    [
        pd.date_range("2022-07-01", "2025-04-01", freq="3MS"),  # Jul, Oct, Jan, Apr: starts
        pd.date_range("2022-09-30", "2025-06-30", freq="QE"),  # quarter ends: read as ended
        pd.date_range("2022-08-01", "2025-05-01", freq="3MS"),  # Aug, Nov, Feb, May
    ],
)
def test_quarters_dated_by_their_start_or_their_last_day_are_not_named(dates):
    data, measures = _data(dates)
    said, _ = _warnings(data, measures)
    assert said == []


def test_monthly_data_in_quarter_end_months_only_is_not_quarterly():
    """Twelve monthly points (three of them in March, June, September, December): the check
    is for quarterly measures only."""
    data, measures = _data(pd.date_range("2024-07-01", "2025-06-01", freq="MS"))
    said, _ = _warnings(data, measures)
    assert said == []
