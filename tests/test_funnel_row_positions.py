"""qi.funnel names a row of a frame whose index repeats labels (``pd.concat`` without
``ignore_index``) by its position in the caller's data, as qi.spc and qi.board do, also when
``period=`` keeps a part of the rows (it named the row's position in that part: another row of
the data). Audit of issue 10."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2021-01-01", periods=24, freq="MS")
WARDS = [f"W{i}" for i in range(12)]


def _data() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    k = len(WARDS) * len(MONTHS)
    return pd.DataFrame(
        {
            "ward": np.repeat(WARDS, len(MONTHS)),
            "month": np.tile(MONTHS, len(WARDS)),
            "y": rng.poisson(20, k).astype(float),
            "n": rng.integers(900, 1100, k).astype(float),
        }
    )


def test_a_copied_row_in_the_period_is_named_by_its_position_in_the_data():
    data = _data()
    copy = int(np.flatnonzero((data.ward == "W1") & (data.month == "2022-05-01"))[0])
    doubled = pd.concat([data, data.iloc[[copy]]])  # index label `copy` twice
    at = len(data)  # the copy is the last row
    with pytest.warns(qi.DuplicateRowsWarning) as seen:
        qi.funnel(
            doubled,
            y="y",
            n="n",
            unit="ward",
            kind="rate",
            x="month",
            period=("2022-01-01", "2022-12-01"),
        )
    said = [str(w.message) for w in seen if issubclass(w.category, qi.DuplicateRowsWarning)]
    assert len(said) == 1
    assert f"(the first: data.iloc[{at}] (ward='W1', month=2022-05-01))" in said[0], said[0]
    assert doubled.iloc[at].ward == "W1"  # the row named is the copy


def test_a_missing_value_in_the_period_is_named_by_its_position_in_the_data():
    data = _data()
    doubled = pd.concat([data, data.iloc[[0]]])  # a repeated label: rows named by position
    at = int(np.flatnonzero((data.ward == "W3") & (data.month == "2022-02-01"))[0])
    doubled.iloc[at, doubled.columns.get_loc("y")] = np.nan
    with pytest.raises(qi.DataError) as err:
        qi.funnel(
            doubled,
            y="y",
            n="n",
            unit="ward",
            kind="rate",
            x="month",
            period=("2022-01-01", "2022-12-01"),
        )
    assert f"data.iloc[{at}] (ward='W3', month=2022-02-01) has a missing value" in str(err.value)
