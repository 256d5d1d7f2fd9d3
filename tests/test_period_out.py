"""A pd.Period x comes back from to_polars() as pl.Date and from to_arrow() as date32
(trial 5, B8): the start of each period, as the docs say a Period x is read."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import qistats as qi

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

MONTHLY = pd.DataFrame(
    {"measure": "a", "m": pd.period_range("2022-01", periods=15, freq="M"), "value": [5, 6, 7] * 5}
)


def test_spc_points_period_to_date():
    res = qi.spc(MONTHLY, y="value", x="m", chart="c")
    out = res.to_polars()
    assert out.schema["m"] == pl.Date
    assert out["m"][:2].to_list() == [dt.date(2022, 1, 1), dt.date(2022, 2, 1)]
    assert res.to_arrow().schema.field("m").type == pa.date32()
    # usable: filter and join on it like any date
    assert out.filter(pl.col("m") >= dt.date(2023, 3, 1)).height == 1


def test_board_table_and_points_period_to_date():
    b = qi.board(MONTHLY, pd.DataFrame({"measure": ["a"]}), x="m", y="value")
    assert b.to_polars().schema["latest_x"] == pl.Date
    assert b.to_polars().item(0, "latest_x") == dt.date(2023, 3, 1)
    assert b.to_polars("points").schema["m"] == pl.Date


def test_hourly_periods_keep_their_time():
    hourly = pd.DataFrame({"m": pd.period_range("2022-01-01 00:00", periods=15, freq="h")})
    hourly["y"] = [5, 6, 7] * 5
    out = qi.spc(hourly, y="y", x="m", chart="c", min_points=0).to_polars()
    assert out.schema["m"] == pl.Datetime("us")
    assert out["m"][1] == dt.datetime(2022, 1, 1, 1)
