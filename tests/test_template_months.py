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


def test_funnel_a_period_of_blank_rows_alone_is_refused():
    df = _with_template()
    with pytest.raises(qi.DataError, match="every row of the period has a missing 'y' or 'n'"):
        qi.funnel(df, y="y", n="n", unit="ward", kind="rate", x="month", period="2024-01-01")


def test_funnel_late_returns_in_the_period_are_left_out_and_named():
    """Ward C's December blank (a late return) and ward D's December events without bed days
    (not yet loaded): both left out with one NoDataWarning naming them, as a ward with no row
    is; the others compared on their December rows (session 16 trial F2)."""
    df = _with_template()
    dec = df.month == MONTHS[-1]
    df.loc[dec & (df.ward == "C"), ["y", "n"]] = np.nan
    df.loc[dec & (df.ward == "D"), "n"] = np.nan
    with pytest.warns(qi.NoDataWarning, match=r"2 of 6 units have no row with both values") as w:
        res = qi.funnel(
            df, y="y", n="n", unit="ward", kind="rate", x="month", multiply=1000, adjust=False
        )
    assert "ward='C'; ward='D'" in str(w[0].message)
    assert res.units["ward"].tolist() == ["A", "B", "E", "F"]
    assert res.units["y"].tolist() == df.loc[dec & df.ward.isin(list("ABEF")), "y"].tolist()


def test_funnel_a_unit_with_part_of_a_window_blank_is_refused_naming_the_row():
    # summing the months it has would compare part of its window with the others' whole
    df = _with_template()
    df.loc[(df.ward == "B") & (df.month == MONTHS[5]), "y"] = np.nan
    with pytest.raises(
        qi.DataError, match=r"row with index label \d+ \(ward='B', month=2023-06-01\) has a missing"
    ):
        qi.funnel(df, y="y", n="n", unit="ward", kind="rate", x="month",
                  period=(MONTHS[0], MONTHS[-1]), adjust=False)  # fmt: skip
