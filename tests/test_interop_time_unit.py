"""A polars or Arrow caller gets its datetimes back in the time unit it gave (trial 23
INPUTS): an ambition's summary dates (``current_start``, ``projected_date``), computed in
nanoseconds, came back as ``Datetime('ns')`` beside the caller's ``Datetime('us')`` x, so
joining them back onto the caller's frame needed a cast."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

import qistats as qi

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

SUMMARY_DATES = ("current_start", "current_end", "projected_date")


def _frame(unit, tz=None):
    x = pl.datetime_range(dt.datetime(2022, 1, 1), dt.datetime(2024, 12, 1), "1mo",
                          eager=True, time_unit=unit, time_zone=tz)  # fmt: skip
    return pl.DataFrame({"x": x, "y": [10.0 + i % 5 for i in range(36)], "n": [1000.0] * 36})


def _ambition(df):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the verdict's warnings are not what is tested
        return qi.ambition(df, y="y", n="n", x="x", baseline=("2022-01", "2022-12"),
                           change=-0.3, deadline="2024-12")  # fmt: skip


@pytest.mark.parametrize(("unit", "tz"), [("ms", None), ("us", None), ("ns", None),
                                          ("us", "Europe/London")])  # fmt: skip
def test_ambition_dates_come_back_in_the_callers_unit(unit, tz):
    df = _frame(unit, tz)
    amb = _ambition(df)
    summary, periods = amb.to_polars(), amb.to_polars("periods")
    assert periods.schema["x"] == df.schema["x"]
    for name in SUMMARY_DATES:
        assert summary.schema[name] == df.schema["x"], name
    # the values are the same dates: the window ends with the data's last month
    assert summary["current_end"].to_list()[0] == df["x"].to_list()[-1]
    arrow = amb.to_arrow().schema.field("current_start").type
    assert arrow == pa.timestamp(unit, tz)


def test_a_pandas_caller_is_unchanged():
    amb = _ambition(_frame("us").to_pandas().assign(x=lambda d: d.x.astype("datetime64[ns]")))
    assert str(amb.to_arrow().schema.field("current_start").type) == "timestamp[ns]"
