"""Every problem of a board's measures table in one error (trial 23): a user with a 20-row
measures table fixed one cell, reran, and was told of the next. The error lists each problem
with its measure and row and what was expected; one problem alone reads as it always has, and
the error is the class that problem alone raises (MeasuresError, which is each of them, when
the problems are of different kinds)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _data(names=("falls", "beds", "sepsis", "pressure")):
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    wobble = np.tile([1.0, -1.0], 12)
    return pd.DataFrame(
        {
            "measure": np.repeat(list(names), 24),
            "month": np.tile(months, len(names)),
            "y": np.tile(10.0 + wobble, len(names)),
        }
    )


def _table(**changes):
    """A measures table of four good rows, with the cells in ``changes`` replaced."""
    measures = pd.DataFrame(
        {
            "measure": ["falls", "beds", "sepsis", "pressure"],
            "improvement": ["decrease", "increase", "decrease", "neutral"],
            "target": [5.0, 12.0, np.nan, np.nan],
            "chart": ["xmr", "xmr", "c", "xmr"],
            "multiply": [1, 1, 1, 1],
        }
    )
    for column, cells in changes.items():
        measures[column] = cells
    return measures


def test_three_problems_of_three_kinds_are_named_in_one_error():
    # a bad chart name (row 3), a bad direction (row 1) and a column that is a setting
    # written otherwise ('Lag'): three problems, three kinds of error today
    measures = _table(
        improvement=["decrease", "upwards", "decrease", "neutral"],
        chart=["xmr", "xmr", "c", "XmR chart"],
        Lag=[0, 0, 0, 1],
    )
    with pytest.raises(qi.MeasuresError) as err:
        qi.board(_data(), measures, x="month", y="y")
    said = str(err.value)
    lines = said.split("\n")
    assert lines[0] == (
        "measures: 3 problems in the measures table, each listed with its measure and row; "
        "fix them all before building the board again:"
    )
    assert len(lines) == 4  # one line each, the column's first, then by row
    assert lines[1].startswith("- column 'Lag' is the setting 'lag' written otherwise;")
    assert lines[2].startswith(
        "- 'improvement' of measure 'beds' (row with index label 1) is 'upwards'; expected "
        "'increase', 'decrease' or 'neutral'"
    )
    assert lines[3].startswith(
        "- 'chart' of measure 'pressure' (row with index label 3): chart='XmR chart': "
        "unknown chart; expected one of"
    )
    # one error that each of the three kinds catches, as each problem alone raised
    for kind in (qi.ColumnError, qi.DataError, qi.ArgumentError, ValueError):
        assert isinstance(err.value, kind)


def test_three_cell_problems_raise_their_common_class():
    # three bad cells in three rows and columns: a DataError as each alone is
    measures = _table(
        target=[5.0, "twelve", np.nan, np.nan],
        multiply=[1, 1, -100, 1],
        freeze=[np.nan, np.nan, np.nan, 0],
    )
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y")
    assert type(err.value) is qi.DataError
    said = str(err.value)
    assert said.startswith("measures: 3 problems in the measures table")
    assert "- 'target' of measure 'beds' (row with index label 1) is 'twelve' (text);" in said
    assert "- 'multiply' of measure 'sepsis' (row with index label 2) is -100;" in said
    assert "- 'freeze' of measure 'pressure' (row with index label 3) is 0; expected a" in said


def test_each_problem_alone_reads_as_it_did():
    # the messages of one problem, as before the list (tests/test_board.py holds more)
    cases = [
        (
            _table(improvement=["decrease", "upwards", "decrease", "neutral"]),
            qi.DataError,
            "measures: 'improvement' of measure 'beds' is 'upwards'; expected 'increase', "
            "'decrease' or 'neutral' (a missing value is neutral).",
        ),
        (
            _table(multiply=[1, 1, -100, 1]),
            qi.DataError,
            "measures: 'multiply' of measure 'sepsis' is -100; expected a positive number.",
        ),
        (
            _table(chart=["xmr", "xmr", "c", "q"]),
            qi.ArgumentError,
            "measures: 'chart' of measure 'pressure': chart='q': unknown chart; expected one of ",
        ),
    ]
    for measures, kind, said in cases:
        with pytest.raises(kind) as err:
            qi.board(_data(), measures, x="month", y="y")
        assert type(err.value) is kind
        assert str(err.value).startswith(said)
        assert "\n" not in str(err.value)


def test_a_measure_named_twice_names_its_rows_among_other_problems():
    measures = _table(measure=["falls", "beds", "falls", "pressure"], target=[5.0, 12, "", 1])
    measures.index = [10, 11, 12, 13]  # named by index label, as df.loc finds them
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y")
    said = str(err.value)
    assert said.startswith("measures: 2 problems in the measures table")
    assert (
        "- the measure 'falls' appears more than once in column 'measure' (rows with index "
        "labels 10, 12); give each measure one row." in said
    )
    assert "- 'target' of measure 'falls' (row with index label 12) is '' (text);" in said


def test_a_polars_table_names_rows_by_position():
    pl = pytest.importorskip("polars")
    measures = _table(
        improvement=["decrease", "upwards", "decrease", "neutral"], multiply=[1, 1, 0, 1]
    )
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), pl.from_pandas(measures), x="month", y="y")
    said = str(err.value)
    assert "'improvement' of measure 'beds' (row 1 (counting from 0)) is 'upwards'" in said
    assert "'multiply' of measure 'sepsis' (row 2 (counting from 0)) is 0;" in said


def test_a_chart_that_refuses_the_uses_n_setting_is_listed_with_the_others():
    # the check was in the board's data step: a second run told of it (trial 23)
    measures = _table(uses_n=[None, None, True, None], improvement=["down", *["neutral"] * 3])
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y")
    said = str(err.value)
    assert said.startswith("measures: 2 problems in the measures table")
    assert "(row with index label 0) is 'down';" in said
    assert (
        "- 'uses_n' of measure 'sepsis' (row with index label 2) is True, but its 'c' chart "
        "takes no denominator." in said
    )


def test_a_long_table_lists_every_problem():
    names = [f"m{i}" for i in range(20)]
    measures = pd.DataFrame({"measure": names, "improvement": ["up"] * 20, "target": ["x"] * 20})
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(names), measures, x="month", y="y")
    said = str(err.value)
    assert said.startswith("measures: 40 problems in the measures table")
    assert said.count("\n- ") == 40
    for name in names:
        assert f"'improvement' of measure '{name}' (row with index label {name[1:]})" in said
        assert f"'target' of measure '{name}' (row with index label {name[1:]})" in said


def test_a_good_table_still_builds_the_board():
    table = qi.board(_data(), _table(), x="month", y="y").table()
    assert table["measure"].tolist() == ["falls", "beds", "sepsis", "pressure"]
