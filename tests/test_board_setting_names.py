"""A measures table's column that is a setting written otherwise ('Target', 'Screen MR', as
spreadsheet headers are) is refused: carried, it would leave every measure without its target
or direction and say nothing (trial 19). A column named as a qi.spc option the board does
not take per measure ('exclude', 'phase') is carried with a warning."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _data():
    return pd.DataFrame(
        {
            "measure": ["falls"] * 24,
            "month": pd.date_range("2022-01-01", periods=24, freq="MS"),
            "y": np.r_[np.full(12, 10.0), np.full(12, 4.0)] + np.tile([0.5, -0.5], 12),
        }
    )


@pytest.mark.parametrize(
    ("column", "setting"),
    [
        ("Target", "target"),
        (" improvement ", "improvement"),
        ("IMPROVEMENT", "improvement"),
        ("Screen MR", "screen_mr"),
        ("uses-n", "uses_n"),
        ("Rebase", "rebase"),
    ],
)
def test_a_setting_written_otherwise_is_refused_with_the_rename(column, setting):
    measures = pd.DataFrame({"measure": ["falls"], column: ["x"]})
    with pytest.raises(qi.ColumnError) as err:
        qi.board(_data(), measures, x="month", y="y")
    message = str(err.value)
    assert f"column {column!r} is the setting {setting!r}" in message
    assert f"measures.rename(columns={{{column!r}: {setting!r}}})" in message


def test_the_target_read_under_its_own_name_is_used():
    # the reference: the same table with 'target' spelt as the board reads it
    measures = pd.DataFrame({"measure": ["falls"], "target": [5.0], "improvement": ["decrease"]})
    table = qi.board(_data(), measures, x="month", y="y").table()
    assert table["target"].iloc[0] == 5.0
    assert table["assurance"].notna().iloc[0]


def test_both_spellings_beside_each_other_carry_the_other_one():
    measures = pd.DataFrame({"measure": ["falls"], "target": [5.0], "Target": ["by March"]})
    table = qi.board(_data(), measures, x="month", y="y").table()
    assert table["target"].iloc[0] == 5.0
    assert table["Target"].iloc[0] == "by March"


@pytest.mark.parametrize(
    ("column", "advice"),
    [
        ("exclude", "qi.spc(exclude=...)"),
        ("Phase", "'rebase' column"),
        ("sigma", "board(sigma=...)"),
        ("rules", "board(rules=...)"),
        ("CL", "baseline ('freeze')"),
    ],
)
def test_an_spc_option_as_a_column_is_carried_with_a_warning(column, advice):
    measures = pd.DataFrame({"measure": ["falls"], column: ["2022-03-01"]})
    with pytest.warns(qi.MeasuresWarning) as caught:
        board = qi.board(_data(), measures, x="month", y="y")
    assert len(caught) == 1
    message = str(caught[0].message)
    assert f"column {column!r} is carried into the table" in message
    assert advice in message
    assert board.table()[column].iloc[0] == "2022-03-01"
    # it changes nothing: the limits are those of the table without the column
    plain = qi.board(_data(), pd.DataFrame({"measure": ["falls"]}), x="month", y="y").table()
    assert board.table()[["cl", "lcl", "ucl"]].equals(plain[["cl", "lcl", "ucl"]])


def test_the_measures_table_is_not_modified():
    measures = pd.DataFrame({"measure": ["falls"], "exclude": ["2022-03-01"]})
    before = measures.copy()
    with pytest.warns(qi.MeasuresWarning):
        qi.board(_data(), measures, x="month", y="y")
    pd.testing.assert_frame_equal(measures, before)
