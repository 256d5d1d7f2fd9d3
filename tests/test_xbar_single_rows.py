"""An Xbar chart given one row per x (trial 11 C10): its sigma is the spread of the rows within
each subgroup, so it has no limits; qi.spc said nothing and the board's sentence blamed "too
few points"."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _waits(rows_a: int) -> pd.DataFrame:
    """Ward A: ``rows_a`` rows a month; ward B: two rows a month, 30 and 32 minutes."""
    a = pd.DataFrame({"ward": "A", "month": np.repeat(MONTHS, rows_a), "wait": 31.0})
    a["wait"] += np.arange(len(a)) % 3
    b = pd.DataFrame(
        {"ward": "B", "month": np.repeat(MONTHS, 2), "wait": np.tile([30.0, 32.0], 24)}
    )
    return pd.concat([a, b], ignore_index=True)


def test_spc_names_the_series_with_one_row_per_subgroup():
    with pytest.warns(qi.NoDataWarning, match=r"1 of 2 series on an Xbar chart has one row per "
                      r"subgroup \(x\) throughout \(ward='A'\).*use chart='i'"):  # fmt: skip
        s = qi.spc(_waits(1), y="wait", x="month", by="ward", chart="xbar").summary()
    s = s.set_index("ward")
    assert np.isnan(s.loc["A", "lcl"]) and np.isnan(s.loc["A", "ucl"])
    # ward B: every month 30 and 32 (mean 31, s = √2 within each month): limits by hand,
    # 31 ± 3·s̄/c4(2)/√2 with c4(2) = √(2/π)
    half = 3 * np.sqrt(2) / np.sqrt(2 / np.pi) / np.sqrt(2)
    assert [s.loc["B", "lcl"], s.loc["B", "ucl"]] == pytest.approx([31 - half, 31 + half])


def test_two_rows_in_some_subgroups_are_enough_and_say_nothing():
    data = _waits(1)
    data = pd.concat([data, data[(data.ward == "A") & (data.month == MONTHS[0])]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.NoDataWarning)
        qi.spc(data.assign(wait=data.wait + np.arange(len(data)) % 2), y="wait", x="month",
               by="ward", chart="xbar")  # fmt: skip


def test_the_board_says_why_there_are_no_limits():
    data = _waits(1).assign(measure="wait")
    measures = pd.DataFrame({"measure": ["wait"], "chart": ["xbar"], "improvement": ["decrease"]})
    table = qi.board(data, measures, x="month", y="wait", by="ward").table().set_index("ward")
    assert table.loc["A", "reason"].startswith(
        "Common cause variation: no limits, with one row a period (an Xbar chart's limits come "
        "from the rows within each period"
    ), table.loc["A", "reason"]
    assert "too few points" not in table.loc["A", "reason"]
    assert "no limits, with one row" not in table.loc["B", "reason"]
