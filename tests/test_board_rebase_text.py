"""A measures table kept in CSV or Excel holds text, not lists: a ``rebase`` cell of ISO dates
separated by ";" or "," (or the text a list of dates becomes in ``to_csv``) starts a phase at
each date, as the list would (audit INP F4: "2022-11-01;2023-09-01" was refused with "text
dates must be ISO 8601 … it is not in that form")."""

import io

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=30, freq="MS")
# three levels of 10 months, alternating 0.5 either side: the phases' means are 5, 9 and 3
LEVELS = np.r_[np.full(10, 5.0), np.full(10, 9.0), np.full(10, 3.0)] + np.tile([0.5, -0.5], 15)
DATA = pd.DataFrame({"measure": "a", "month": MONTHS, "y": LEVELS})


def phases_and_latest_mean(cell):
    report = qi.board(DATA, pd.DataFrame({"measure": ["a"], "rebase": [cell]}), x="month", y="y")
    return int(report.points.phase.max()), float(report.table().cl.iloc[0])


@pytest.mark.parametrize(
    "cell",
    [
        "2022-11-01;2023-09-01",
        "2022-11-01; 2023-09-01",
        "2022-11-01, 2023-09-01",
        "['2022-11-01', '2023-09-01']",  # a list of text written to CSV and read back
        "2022-11-01 | 2023-09-01",
        ["2022-11-01", "2023-09-01"],  # the list itself
    ],
)
def test_several_iso_dates_in_one_text_cell(cell):
    # phases start at Nov 2022 (the 11th month) and Sep 2023 (the 21st): the latest is 3
    assert phases_and_latest_mean(cell) == (3, 3.0)


def test_a_measures_table_read_back_from_csv_keeps_its_rebase_dates():
    measures = pd.DataFrame({"measure": ["a"], "rebase": ["2022-11-01;2023-09-01"]})
    text = io.StringIO(measures.to_csv(index=False))
    read = pd.read_csv(text)
    report = qi.board(DATA, read, x="month", y="y")
    assert report.table().cl.iloc[0] == 3.0


@pytest.mark.parametrize(("cell", "phases"), [("", 1), ("2022-11-01", 2), (None, 1)])
def test_an_empty_text_cell_is_no_rebase_and_one_date_is_one(cell, phases):
    assert phases_and_latest_mean(cell)[0] == phases


def test_a_date_of_another_form_among_them_is_named():
    with pytest.raises(qi.ArgumentError, match=r"rebase='01/09/2023': text dates must be ISO"):
        phases_and_latest_mean("2022-11-01; 01/09/2023")


def test_a_list_of_timestamps_written_to_csv_and_read_back_keeps_its_dates():
    # new-user trial 13 F3: to_csv writes a list of Timestamps as Python shows it,
    # "[Timestamp('2022-11-01 00:00:00'), Timestamp('2023-09-01 00:00:00')]", which was
    # refused with "Write the date as YYYY-MM-DD" though each date is in the cell
    dates = [pd.Timestamp("2022-11-01"), pd.Timestamp("2023-09-01")]
    measures = pd.DataFrame({"measure": ["a"], "rebase": [dates]})
    read = pd.read_csv(io.StringIO(measures.to_csv(index=False)))
    assert read.rebase.iloc[0].startswith("[Timestamp('2022-11-01 00:00:00')")
    report = qi.board(DATA, read, x="month", y="y")
    assert int(report.points.phase.max()) == 3 and report.table().cl.iloc[0] == 3.0


def test_a_cell_of_dates_in_another_form_says_how_to_give_several():
    with pytest.raises(qi.ArgumentError, match=r"separated by ';', ',' or '\|'"):
        phases_and_latest_mean("01/11/2022; 01/09/2023")
