"""Trial 11 item 11: an expected series with no row is named as a missing return, not blamed on
a failed denominator join (its empty n is the board's own gap row)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _data() -> pd.DataFrame:
    months = pd.date_range("2023-01-01", periods=18, freq="MS")
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "measure": "restraints",
                    "ward": w,
                    "month": months,
                    "value": 8 + np.arange(18) % 3,
                    "n": 700 + np.arange(18),
                }
            )
            for w in ("A1", "A2")
        ]
    )


def test_expected_series_without_rows_named_as_no_return():
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"], "multiply": [1000]})
    expected = pd.DataFrame({"measure": ["restraints"], "ward": ["NEW"]})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        t = qi.board(
            _data(), measures, x="month", y="value", n="n", by="ward", expected=expected
        ).table()
    said = [str(w.message) for w in seen]
    assert said == [
        "1 expected series has no row in the data (measure='restraints', ward='NEW'): no "
        'return yet? In the table as "No data", with no centre line, limits or icons.'
    ]
    assert t["reason"].iloc[2] == "No data: nothing has been recorded yet."


def test_a_real_series_with_an_empty_denominator_is_still_blamed_on_the_join():
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"]})
    data = _data().astype({"n": float})
    data.loc[data.ward == "A2", "n"] = np.nan
    expected = pd.DataFrame({"measure": ["restraints"] * 2, "ward": ["A2", "NEW"]})
    with pytest.warns(qi.NoDataWarning) as seen:
        qi.board(data, measures, x="month", y="value", n="n", by="ward", expected=expected)
    said = [str(w.message) for w in seen]
    assert len(said) == 2, said
    assert "ward='NEW'" in said[0] and "join" not in said[0]
    assert said[1].startswith(
        "1 of 3 series has no observed value (measure='restraints', ward='A2')"
    )
    assert "join" in said[1] and "NEW" not in said[1]
