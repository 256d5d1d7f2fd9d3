"""``exclude=`` given spreadsheet flags (0/1), as a column or one per row. The expected
excluded points are the positions of the 1s, written out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# x is 0, 1, …, 23, so the flags' values 0 and 1 are also x values: the case that used to be
# read as "exclude the points at x = 0 and x = 1"
DATA = pd.DataFrame({"t": np.arange(24), "y": np.arange(24.0) % 5})
FLAGS = [1 if i in (3, 5) else 0 for i in range(24)]


@pytest.mark.parametrize(
    "flags",
    [FLAGS, np.array(FLAGS), np.array(FLAGS, dtype=float), pd.Series(FLAGS)],
    ids=["list", "int array", "float array", "Series"],
)
def test_repeated_zero_one_values_are_per_row_flags(flags):
    res = qi.spc(DATA, x="t", y="y", chart="i", exclude=flags)
    assert np.flatnonzero(res.points["excluded"]).tolist() == [3, 5]


def test_zero_one_per_row_flags_give_the_same_limits_as_the_boolean_flags():
    as_bool = qi.spc(DATA, x="t", y="y", chart="i", exclude=[bool(f) for f in FLAGS])
    as_int = qi.spc(DATA, x="t", y="y", chart="i", exclude=FLAGS)
    pd.testing.assert_frame_equal(as_bool.points, as_int.points)


def test_x_values_that_do_not_repeat_are_still_x_values():
    res = qi.spc(DATA, x="t", y="y", chart="i", exclude=[0, 1])
    assert np.flatnonzero(res.points["excluded"]).tolist() == [0, 1]


def test_a_zero_one_column_is_read_as_flags():
    res = qi.spc(DATA.assign(f=FLAGS), x="t", y="y", chart="i", exclude="f")
    assert np.flatnonzero(res.points["excluded"]).tolist() == [3, 5]


@pytest.mark.parametrize(
    ("column", "says"),
    [
        (np.where(np.arange(24) == 7, 2, FLAGS), "row with index label 7 (t=7) has 2"),
        ([str(f) for f in FLAGS], "row with index label 0 (t=0) has '0'"),
    ],
    ids=["a 2", "text"],
)
def test_an_exclude_column_with_a_value_that_is_no_flag_names_the_row(column, says):
    with pytest.raises(qi.ColumnError, match="must be boolean or 0/1") as err:
        qi.spc(DATA.assign(f=column), x="t", y="y", chart="i", exclude="f")
    assert says in str(err.value)


def test_a_blank_in_a_zero_one_column_is_not_excluded():
    # a blank among 0/1 flags (as a spreadsheet column reads) keeps its point in
    column = np.where(np.arange(24) == 7, np.nan, FLAGS)
    res = qi.spc(DATA.assign(f=column), x="t", y="y", chart="i", exclude="f")
    assert np.flatnonzero(res.points["excluded"]).tolist() == [3, 5]


def test_the_data_is_not_modified():
    data = DATA.assign(f=FLAGS)
    before = data.copy()
    qi.spc(data, x="t", y="y", chart="i", exclude=FLAGS)
    pd.testing.assert_frame_equal(data, before)
