"""qi.board names a row of data by its position in the caller's data when the index repeats
labels (``pd.concat`` of two extracts without ``ignore_index``), as qi.spc does: not by its
position among the rows of its chart group (audit INP F1: ``data.iloc[90]`` for the row at
position 360)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=15, freq="MS")
MEASURES = pd.DataFrame({"measure": ["beds", "falls"], "chart": ["xmr", "c"]})


def extracts():
    """Two extracts of 30 rows each, both indexed 0-29: beds (XmR) then falls (C chart), each
    for two wards, so that the falls' rows are at positions 30-59 of the whole."""
    parts = []
    for name, values in (("beds", [20.0, 22.0, 21.0]), ("falls", [3.0, 5.0, 4.0])):
        rows = [
            (name, ward, m, values[i % 3]) for ward in ("Ash", "Elm") for i, m in enumerate(MONTHS)
        ]
        parts.append(pd.DataFrame(rows, columns=["measure", "ward", "month", "value"]))
    return parts


def test_a_copied_row_is_named_by_its_position_in_the_data():
    beds, falls = extracts()
    data = pd.concat([beds, falls, falls.iloc[[4]]])  # the copy is the 61st row: position 60
    assert not data.index.is_unique
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        qi.board(data, MEASURES, x="month", y="value", by="ward")
    said = [str(w.message) for w in caught if issubclass(w.category, qi.DuplicateRowsWarning)]
    assert len(said) == 1
    assert "(the first: data.iloc[60] (measure='falls', ward='Ash', month=2023-05-01))" in said[0]


def test_a_bad_value_is_named_by_its_position_in_the_data():
    beds, falls = extracts()
    falls.loc[20, "value"] = 2.5  # a fractional count: the 51st row, position 50
    data = pd.concat([beds, falls])
    with pytest.raises(qi.DataError, match=r"data\.iloc\[50\] \(measure='falls', ward='Elm'"):
        qi.board(data, MEASURES, x="month", y="value", by="ward")


def test_as_of_does_not_renumber_the_rows():
    beds, falls = extracts()
    falls.loc[28, "value"] = np.inf  # position 58 of the data, Elm's Feb 2024
    data = pd.concat([beds, falls])
    # as_of leaves out every ward's Mar 2024 (positions 14, 29, 44 and 59), not the bad row
    with pytest.raises(qi.DataError, match=r"data\.iloc\[58\] \(measure='falls', ward='Elm'"):
        qi.board(data, MEASURES, x="month", y="value", by="ward", as_of="2024-02-01")


def test_a_row_of_an_unknown_measure_is_named_by_its_position():
    beds, falls = extracts()
    falls.loc[3, "measure"] = "fals"  # position 33
    data = pd.concat([beds, falls])
    with pytest.raises(qi.DataError, match=r"data: data\.iloc\[33\] has measure='fals'"):
        qi.board(data, MEASURES, x="month", y="value", by="ward")


def test_a_unique_index_still_names_rows_by_label():
    beds, falls = extracts()
    data = pd.concat([beds, falls], ignore_index=True)
    data.index = data.index + 1000
    data.loc[1050, "value"] = 2.5
    with pytest.raises(
        qi.DataError, match=r"row with index label 1050 \(measure='falls', ward='Elm'"
    ):
        qi.board(data, MEASURES, x="month", y="value", by="ward")
