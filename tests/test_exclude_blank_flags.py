"""``exclude=`` flags as analysts make them in Excel: True (or 1) where a point is excluded and
blank elsewhere. The policy (docs "Data, missing values and errors"): a blank is not excluded.

The expected centre lines and limits are C chart formulas on the included counts, computed here
with plain numpy: cl = mean of the included counts, ucl = cl + 3 * sqrt(cl).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
# counts 10..16 repeating, with two data errors (60 and 70) at rows 5 and 17
COUNTS = np.array([10 + i % 7 for i in range(24)], dtype=float)
COUNTS[[5, 17]] = [60.0, 70.0]
TICKED = [5, 17]
DATA = pd.DataFrame({"month": MONTHS, "y": COUNTS})
KW = dict(y="y", x="month", chart="c")


def _expected_cl() -> float:
    kept = np.delete(COUNTS, TICKED)  # 22 counts of 10..16
    return float(kept.sum() / kept.size)


def _ticks(kind: str):
    """A column that is True/1 at the ticked rows and blank elsewhere, as each export gives it."""
    if kind == "object True/NaN":  # read_excel of TRUE and empty cells
        return pd.Series([True if i in TICKED else np.nan for i in range(24)], dtype=object)
    if kind == "object True/None":
        return pd.Series([True if i in TICKED else None for i in range(24)], dtype=object)
    if kind == "float 1/NaN":  # a column of 1 and empty cells
        return pd.Series([1.0 if i in TICKED else np.nan for i in range(24)])
    if kind == "boolean True/<NA>":
        return pd.Series([True if i in TICKED else pd.NA for i in range(24)], dtype="boolean")
    if kind == "float 1/0/NaN":  # some rows ticked 0, the rest blank
        return pd.Series([1.0 if i in TICKED else (0.0 if i < 12 else np.nan) for i in range(24)])
    raise AssertionError(kind)


KINDS = ["object True/NaN", "object True/None", "float 1/NaN", "boolean True/<NA>", "float 1/0/NaN"]


def _check(res: qi.SPCResult) -> None:
    assert np.flatnonzero(res.points["excluded"]).tolist() == TICKED
    cl = _expected_cl()
    s = res.summary()
    assert s["cl"].iloc[0] == pytest.approx(cl, rel=1e-12)
    assert s["ucl"].iloc[0] == pytest.approx(cl + 3 * np.sqrt(cl), rel=1e-12)
    assert s["n_points"].iloc[0] == 22


@pytest.mark.parametrize("kind", KINDS)
def test_a_sparse_exclude_column_excludes_its_ticked_rows_only(kind):
    data = DATA.assign(skip=_ticks(kind))
    before = data.copy()
    _check(qi.spc(data, exclude="skip", **KW))
    pd.testing.assert_frame_equal(data, before)  # not filled in place


@pytest.mark.parametrize("kind", KINDS)
def test_sparse_per_row_flags_exclude_their_ticked_rows_only(kind):
    ticks = _ticks(kind)
    _check(qi.spc(DATA, exclude=ticks, **KW))  # a Series (the data's index)
    _check(qi.spc(DATA, exclude=ticks.to_numpy(dtype=object), **KW))  # an array
    _check(qi.spc(DATA, exclude=ticks.tolist(), **KW))  # a list


def test_polars_flags_and_columns_with_nulls():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        {
            "month": MONTHS,
            "y": COUNTS,
            "skip": [True if i in TICKED else None for i in range(24)],
        }
    )
    _check(qi.spc(frame, exclude="skip", **KW))
    _check(qi.spc(frame, exclude=frame["skip"], **KW))


def test_an_all_blank_column_excludes_nothing():
    blank = DATA.assign(skip=np.nan)
    res = qi.spc(blank, exclude="skip", **KW)
    assert not res.points["excluded"].any()
    pd.testing.assert_frame_equal(res.summary(), qi.spc(DATA, **KW).summary())


def test_a_ticked_row_of_several_rows_of_a_point_excludes_the_point():
    # month 5 given as two rows (counts 30 + 30 = 60), one ticked and one blank: the point is
    # excluded (any of its rows), as with True/False flags
    rows = pd.concat(
        [DATA.drop(index=5), pd.DataFrame({"month": [MONTHS[5]] * 2, "y": [30.0] * 2})]
    )
    rows["skip"] = pd.Series(dtype=object)
    rows.loc[rows.index == 17, "skip"] = True
    rows.iloc[-1, rows.columns.get_loc("skip")] = True
    with pytest.warns(qi.DuplicateRowsWarning):  # two rows of one month, as said
        _check(qi.spc(rows.reset_index(drop=True), exclude="skip", **KW))


@pytest.mark.parametrize(
    ("value", "says"),
    [(2.0, "has 2.0"), ("yes", "has 'yes'"), ("1", "has '1'")],
    ids=["a 2", "text", "text of 1"],
)
def test_a_value_that_is_no_flag_beside_blanks_is_still_refused_naming_its_row(value, says):
    skip = pd.Series([True if i == 5 else np.nan for i in range(24)], dtype=object)
    skip[9] = value
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(DATA.assign(skip=skip), exclude="skip", **KW)
    said = str(err.value)
    assert f"row with index label 9 (month=2022-10-01) {says}" in said, said
    assert "a blank is not excluded" in said


@pytest.mark.parametrize(
    "dtype", ["boolean", "Int64", "bool[pyarrow]"], ids=["boolean", "Int64", "Arrow bool"]
)
@pytest.mark.parametrize("blanks", [False, True], ids=["ticked", "ticked or blank"])
def test_per_row_flags_as_a_pandas_array_are_flags(dtype, blanks):
    # Series.array or pd.array(...) is one value per row, as a list or numpy array is (it was
    # read as x values: "exclude=True: expected a date")
    other = pd.NA if blanks else 0
    ticks = pd.array([1 if i in TICKED else other for i in range(24)], dtype=dtype)
    _check(qi.spc(DATA, exclude=ticks, **KW))


def test_per_row_phase_labels_as_a_pandas_array_are_labels():
    # two phases of 12 months each, as pd.array of text: each its own mean (hand computed)
    labels = pd.array(["before"] * 12 + ["after"] * 12, dtype="string")
    s = qi.spc(DATA, phase=labels, **KW).summary()
    assert s["cl"].tolist() == pytest.approx([COUNTS[:12].mean(), COUNTS[12:].mean()])
