"""Session 17, F6c: messages named a row by its index label ("row 105") except the measures
table's missing measure, which gave its position ("row 1" for the label 11), and none said
which. Every message now names a pandas row by its index label and says so ("row with index
label 105"), a polars or Arrow row by its position from 0, and a row of a repeated index by
``data.iloc[...]``. Expected messages written by hand from the frames below."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _data(index) -> pd.DataFrame:
    return pd.DataFrame({"m": MONTHS, "y": np.arange(24) % 5 + 3.0, "n": 100.0}, index=index)


def test_a_row_is_named_by_its_index_label_not_its_position():
    d = _data(np.arange(100, 124))
    d.loc[105, "y"] = -1  # the 6th row (position 5)
    with pytest.raises(qi.DataError) as err:
        qi.spc(d, y="y", n="n", x="m", chart="u")
    assert str(err.value).startswith(
        "y='y': row with index label 105 (m=2022-06-01) has a negative count (-1)"
    )
    named = _data([f"r{i}" for i in range(24)])
    named.loc["r7", "n"] = -3
    with pytest.raises(qi.DataError, match=r"n='n': row with index label 'r7' \(m=2022-08-01\)"):
        qi.spc(named, y="y", n="n", x="m", chart="u")


def test_a_measures_table_row_is_named_by_its_label_too():
    d = _data(range(24)).assign(measure="a")
    measures = pd.DataFrame({"measure": ["a", None]}, index=[10, 11])
    with pytest.raises(qi.DataError) as err:
        qi.board(d, measures, x="m", y="y")
    assert str(err.value) == (
        "measures: row with index label 11 has a missing 'measure'; every measure needs one."
    )


def test_a_polars_row_is_named_by_its_position_from_0():
    pl = pytest.importorskip("polars")
    d = _data(range(24)).assign(measure="a")
    measures = pl.DataFrame({"measure": ["a", None]})
    with pytest.raises(qi.DataError, match=r"measures: row 1 \(counting from 0\) has a missing"):
        qi.board(d, measures, x="m", y="y")


def test_a_repeated_label_names_the_position():
    d = pd.concat([_data(range(24)).iloc[:12], _data(range(24)).iloc[12:].set_axis(range(12))])
    d.iloc[17, d.columns.get_loc("y")] = -1  # label 5 twice; position 17
    with pytest.raises(qi.DataError, match=r"y='y': data.iloc\[17\] \(m=2023-06-01\) has a neg"):
        qi.spc(d, y="y", n="n", x="m", chart="u")


def test_a_copied_row_is_named_by_its_label():
    d = _data(np.arange(100, 124))
    copy = d.loc[[103]].rename(index={103: 500})
    with pytest.warns(qi.DuplicateRowsWarning, match=r"\(the first: row with index label 500 "):
        qi.spc(pd.concat([d, copy]), y="y", x="m", chart="c")


def test_a_polars_row_of_a_board_is_named_by_its_position_in_the_whole_frame():
    """Trial 20: a board names a copied row of a polars frame by its position in the
    frame, not in the part of it checked (the rows of one chart): the copy appended last,
    row 72, was named "row 48", its place among the XmR measure's rows."""
    pl = pytest.importorskip("polars")
    counts = _data(range(24)).assign(measure="falls")  # a U chart: its own chart group
    plain = _data(range(24)).assign(measure="wait", n=np.nan)  # XmR
    third = _data(range(24)).assign(measure="pain", n=np.nan)
    d = pd.concat([counts, plain, third], ignore_index=True)
    d = pd.concat([d, d.iloc[[30]]], ignore_index=True)  # 'wait' of Jul 2022, copied
    assert d.duplicated().tolist().index(True) == 72  # by hand: 3 × 24 rows, then the copy
    measures = pd.DataFrame(
        {"measure": ["falls", "wait", "pain"], "chart": ["u", "xmr", "xmr"], "uses_n": [1, 0, 0]}
    )
    with pytest.warns(qi.DuplicateRowsWarning, match=r"the first: row 72 \(counting from 0\) "):
        qi.board(pl.from_pandas(d), measures, x="m", y="y", n="n")
