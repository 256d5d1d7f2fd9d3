"""The per-period table, built when first read (session 16 speed-up), is built as qi.ambition
computes: a ward without baseline data divides 0 by 0 into missing values, and no numpy
RuntimeWarning reaches the user (found by tests/properties/test_fuzz_ambition.py)."""

import warnings

import numpy as np
import pandas as pd

import qistats as qi


def test_periods_of_a_ward_without_baseline_data_give_no_runtime_warning():
    months = np.arange(1, 31, dtype=float)
    n = np.full(30, 40.0)
    y0 = np.r_[np.full(12, 20.0), np.full(18, 12.0)]
    y1 = np.r_[np.full(12, np.nan), np.full(18, 10.0)]  # no baseline data
    df = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], 30),
            "month": np.tile(months, 2),
            "y": np.r_[y0, y1],
            "n": np.r_[n, n],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)  # B's missing baseline is named
        res = qi.ambition(
            df, y="y", n="n", x="month", by="ward", kind="proportion", baseline=(1, 12),
            deadline=24, change=-0.5, calendar=[1.0, 2.0],
        )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning here fails the test
        periods = res.periods
    b = periods[periods.ward == "B"]
    # by hand: B has no baseline, so nothing is expected of it and its ratios are missing
    assert len(b) > 0 and b.select_dtypes("float").iloc[:, -1].isna().any()
    assert res.summary().set_index("ward").loc["B", "verdict"] == "insufficient_data"
