"""Session 17, F6b: a year's extract pasted twice (the same rows appended again) makes a month
number restart; the restart's DateWarning suggested a missing ``by=`` or year, and a
DuplicateRowsWarning said to drop copies. When every row from the restart repeats an earlier
row in every column, the one warning now says the rows look pasted twice. Expected words
and sums written by hand."""

import warnings

import pandas as pd
import pytest

import qistats as qi
from qistats.errors import DateWarning, DuplicateRowsWarning

FALLS = [5, 7, 6, 8, 4, 6, 7, 5, 9, 6, 5, 7]  # sum 75
ONE = pd.DataFrame({"month": range(1, 13), "falls": FALLS, "bed_days": 900})
PASTED = "Every row from there repeats an earlier row in every column: a block of rows pasted"


def _caught(call):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = call()
    return out, [(w.category, str(w.message)) for w in rec]


def test_a_year_pasted_twice_says_so_once():
    twice = pd.concat([ONE, ONE], ignore_index=True)
    r, said = _caught(lambda: qi.spc(twice, y="falls", n="bed_days", x="month", chart="u"))
    assert [c for c, _ in said] == [DateWarning], said
    msg = said[0][1]
    assert msg.startswith(
        "x='month' restarts: it falls from 12 to 1 at row with index label 12, and the series' "
        f"24 rows became 12 points. {PASTED} twice (an extract appended again)? Rows sharing a "
        "series and x are summed, so each copy counts again. Drop the copies first with "
        "data.drop_duplicates()."
    ), msg
    assert "by=" not in msg and "year" not in msg
    assert r.points["falls"].tolist()[:2] == [10, 14]  # January 5 + 5, February 7 + 7


def test_two_wards_appended_again_and_a_board_and_an_ambition_say_it_once():
    wards = pd.concat([ONE.assign(ward="Ash"), ONE.assign(ward="Birch")], ignore_index=True)
    twice = pd.concat([wards, wards], ignore_index=True)
    _, said = _caught(lambda: qi.spc(twice, y="falls", x="month", by="ward", chart="c"))
    assert [c for c, _ in said] == [DateWarning], said
    assert said[0][1].startswith("x='month' restarts in 2 series; in the first it falls from 12")
    assert PASTED in said[0][1]
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["c"]})
    board = twice.assign(measure="falls")
    _, said = _caught(lambda: qi.board(board, measures, x="month", y="falls", by="ward"))
    assert sum(PASTED in m for _, m in said) == 1
    assert not any(c is DuplicateRowsWarning for c, _ in said), said
    _, said = _caught(
        lambda: qi.ambition(
            twice, y="falls", n="bed_days", x="month", by="ward", baseline=(1, 6),
            change=-0.5, deadline=12,
        )
    )  # fmt: skip
    assert sum(PASTED in m for _, m in said) == 1
    assert not any(c is DuplicateRowsWarning for c, _ in said), said


def test_two_real_years_with_the_same_counts_still_ask_for_the_year():
    years = pd.concat([ONE.assign(year=2022), ONE.assign(year=2023)], ignore_index=True)
    with pytest.warns(DateWarning) as rec:
        qi.spc(years, y="falls", n="bed_days", x="month", chart="u")
    msg = str(rec[0].message)
    assert "A month, week or quarter number that starts again each year?" in msg
    assert PASTED not in msg


def test_an_extract_pasted_three_times_says_so_once():
    thrice = pd.concat([ONE] * 3, ignore_index=True)
    _, said = _caught(lambda: qi.spc(thrice, y="falls", x="month", chart="c"))
    assert [c for c, _ in said] == [DateWarning], said
    assert "the series' 36 rows became 12 points. " + PASTED in said[0][1]


def test_a_part_of_the_year_pasted_again_says_so_too():
    again = pd.concat([ONE, ONE.iloc[:6]], ignore_index=True)  # Jan-Jun appended again
    _, said = _caught(lambda: qi.spc(again, y="falls", x="month", chart="c"))
    assert [c for c, _ in said] == [DateWarning], said
    assert "the series' 18 rows became 12 points. " + PASTED in said[0][1]
