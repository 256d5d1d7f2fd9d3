"""A template's blank future months (rows with y and n missing, as a board pack's sheet holds
for the months to come) set neither the board's report period nor the funnel's default
period (session 15 new-user trial, F9 and F10)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=12, freq="MS")
WARDS = list("ABCDEF")


def _with_template(blank_months: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    months = pd.date_range(MONTHS[0], periods=MONTHS.size + blank_months, freq="MS")
    df = pd.DataFrame(
        {
            "measure": "falls",
            "ward": np.repeat(WARDS, months.size),
            "month": np.tile(months, len(WARDS)),
            "y": rng.poisson(10, len(WARDS) * months.size).astype(float),
            "n": 1000.0,
        }
    )
    df.loc[df.month > MONTHS[-1], ["y", "n"]] = np.nan
    return df


def test_board_report_period_is_the_latest_month_with_a_value():
    df = _with_template()
    report = qi.board(df, pd.DataFrame({"measure": ["falls"]}), x="month", y="y", n="n", by="ward")
    table = report.table()
    # by hand: every ward reported December 2023, the last month with values
    assert (table["latest_x"] == MONTHS[-1]).all()
    assert not table["stale"].any()
    # a ward that did not report December is stale against the others' December
    late = df[~((df.ward == "C") & (df.month == MONTHS[-1]))]
    table = qi.board(
        late, pd.DataFrame({"measure": ["falls"]}), x="month", y="y", n="n", by="ward"
    ).table()
    assert table.set_index("ward")["stale"].to_dict() == {w: w == "C" for w in WARDS}


def test_an_all_blank_board_keeps_the_latest_row_as_its_period():
    df = _with_template().assign(y=np.nan, n=np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.NoDataWarning)
        table = qi.board(
            df, pd.DataFrame({"measure": ["falls"]}), x="month", y="y", n="n", by="ward"
        ).table()
    assert table["stale"].all() and table["latest_x"].isna().all()


def test_funnel_default_period_is_the_latest_month_with_values():
    df = _with_template()
    res = qi.funnel(
        df, y="y", n="n", unit="ward", kind="rate", x="month", multiply=1000, adjust=False
    )
    # by hand: December's rows alone, one per ward
    dec = df[df.month == MONTHS[-1]].set_index("ward")
    got = res.units.set_index("ward")
    assert got["y"].tolist() == dec.loc[WARDS, "y"].tolist()
    assert got["n"].tolist() == dec.loc[WARDS, "n"].tolist()
    assert "Dec 2023" in res.title


def test_funnel_blank_rows_in_the_period_asked_for_are_still_refused():
    df = _with_template()
    with pytest.raises(qi.QIStatsError, match="missing value"):
        qi.funnel(df, y="y", n="n", unit="ward", kind="rate", x="month", period="2024-01-01")
