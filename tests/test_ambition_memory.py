"""qi.ambition holds no float copies of the user's y and n: its periods table shows the user's
own columns (shared, as pandas copies on write), and its memory per point is bounded."""

import gc
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.frame import copy_on_write

#: pandas 3 (or pandas 2 with the option) copies on write, so a result may share the user's
#: columns; without it qistats gives copies (pandas >= 2.2 is supported)
SHARES = copy_on_write()

KW = dict(
    y="events",
    n="days",
    x="month",
    by="ward",
    baseline=("2020-01-01", "2020-12-01"),
    change=-0.5,
    deadline="2022-12-01",
)


def wards(k: int = 400, months: int = 36) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(k), months),
            "month": np.tile(pd.date_range("2020-01-01", periods=months, freq="MS"), k),
            "days": rng.integers(500, 900, k * months),
        }
    )
    df["events"] = rng.poisson(df.days * 0.02)
    return df


def test_the_periods_table_shows_the_users_counts_as_given():
    df = wards(k=3)
    periods = qi.ambition(df, **KW).periods
    assert periods["y"].dtype == np.int64 and periods["n"].dtype == np.int64  # counts stay whole
    np.testing.assert_array_equal(periods["y"], df["events"])  # rows already in order
    np.testing.assert_array_equal(periods["n"], df["days"])
    if SHARES:  # not a copy
        assert np.shares_memory(periods["y"].to_numpy(), df["events"].to_numpy())
    periods.loc[0, "y"] = -1  # and writing to the result leaves the user's data alone
    assert df["events"].iloc[0] != -1


@pytest.mark.skipif(not SHARES, reason="without copy on write the result keeps copies")
def test_the_result_keeps_less_than_170_bytes_per_point():
    """By tracemalloc: 194 bytes per point before the float copies were dropped (per-period
    table 112, the chart's arguments 48, the rest small), 162 after (12 float columns and 2 label
    columns of periods; target and period labels for the chart)."""
    df = wards()
    gc.collect()
    tracemalloc.start()
    amb = qi.ambition(df, **KW)
    gc.collect()
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_point = kept / len(df)
    assert per_point < 170, f"the result keeps {per_point:.0f} bytes per point"
    assert len(amb.periods) == len(df)
