"""The points table shares the user's columns where it reports them unchanged (copy on write),
and writing to the result never changes the user's data."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.frame import copy_on_write

SHARES = copy_on_write()


def monthly(y):
    return pd.DataFrame({"month": pd.date_range("2022-01-01", periods=len(y), freq="MS"), "y": y})


@pytest.mark.parametrize("chart", ["i", "xmr", "run"])
def test_a_float_y_is_the_value_column_and_stays_the_users(chart):
    df = monthly(np.arange(20.0) % 7 + 0.5)
    before = df.copy()
    points = qi.spc(df, y="y", x="month", chart=chart).points
    np.testing.assert_array_equal(points["value"], before["y"])
    if SHARES:  # not a copy
        assert np.shares_memory(points["value"].to_numpy(), df["y"].to_numpy())
    points.loc[0, "value"] = -99.0  # writing to the result copies first
    points.loc[1, "y"] = -99.0
    pd.testing.assert_frame_equal(df, before)
    assert points["value"].iloc[0] == -99.0 and points["value"].iloc[1] == before["y"].iloc[1]


def test_a_value_that_is_not_y_unchanged_is_its_own_column():
    df = monthly(np.arange(20.0) % 7 + 0.5)
    scaled = qi.spc(df, y="y", x="month", chart="i", multiply=10).points
    np.testing.assert_allclose(scaled["value"], df["y"] * 10)  # hand: y times 10
    assert not np.shares_memory(scaled["value"].to_numpy(), df["y"].to_numpy())
    counts = monthly(np.arange(20) % 7)  # whole numbers: y stays int64, value is float64
    points = qi.spc(counts, y="y", x="month", chart="c").points
    assert points["y"].dtype == np.int64 and points["value"].dtype == np.float64
    np.testing.assert_array_equal(points["value"], counts["y"].astype(float))


@pytest.mark.parametrize("dtype", ["int64", "int32", "Int64", "float32", "float64"])
@pytest.mark.parametrize("chart", ["i", "xmr", "run", "c"])
def test_the_value_column_is_float64_whatever_the_dtype_of_y(dtype, chart):
    df = pd.DataFrame({"x": range(20), "y": pd.array(np.arange(20) % 7, dtype=dtype)})
    points = qi.spc(df, y="y", x="x", chart=chart).points
    assert points["value"].dtype == np.float64
    np.testing.assert_array_equal(points["value"], np.arange(20) % 7)
