"""An x that restarts like a period number (month 1..12 of 2022, then 1..12 of 2023): rows
sharing (series, x) are summed, so 24 months silently become 12 points of two months each.
A DateWarning names the column, the row where x falls and the rows and points; record-level
data, shuffled monthly data and dates say nothing, and results are unchanged."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import DateWarning, DuplicateRowsWarning

Y22 = [3, 5, 2, 4, 6, 3, 2, 5, 4, 3, 6, 2]
Y23 = [4, 3, 5, 2, 3, 4, 6, 2, 3, 5, 4, 3]


def two_years() -> pd.DataFrame:
    return pd.DataFrame({"month": list(range(1, 13)) * 2, "y": Y22 + Y23})


def test_a_month_number_that_restarts_warns_naming_column_row_and_counts():
    with pytest.warns(DateWarning) as rec:
        r = qi.spc(two_years(), y="y", x="month", chart="c")
    msg = str(rec[0].message)
    assert "x='month' restarts" in msg
    assert "from 12 to 1 at row with index label 12" in msg
    assert "24 rows became 12 points" in msg
    assert "are summed" in msg and "pd.to_datetime" in msg
    assert "several units (wards, trusts) one after another, give their column as by=" in msg
    # the result is unchanged by the warning: each point the sum of its two months (by hand:
    # January 3 + 4 = 7, February 5 + 3 = 8), the centre line their mean 98 / 12
    assert r.points["y"].tolist()[:2] == [7, 8]
    assert r.points["cl"].iloc[0] == pytest.approx((sum(Y22) + sum(Y23)) / 12)


def test_week_numbers_of_two_wards_name_the_first_series_and_count_the_series():
    weeks = list(range(1, 53)) + list(range(1, 11))  # a year and ten weeks
    df = pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Birch"], len(weeks)),
            "week": weeks * 2,
            "y": np.arange(124.0),
        }
    )
    # (an I chart also says that it averages rows sharing an x)
    with pytest.warns(DuplicateRowsWarning), pytest.warns(DateWarning) as rec:
        qi.spc(df, y="y", x="week", by="ward", chart="i")
    msg = str(rec[0].message)
    assert "x='week' restarts in 2 series; in the first it falls from 52 to 1" in msg
    assert "row with index label 52 (ward='Ash')" in msg
    assert "62 rows became 52 points" in msg
    assert "are combined (agg='mean')" in msg


def test_interleaved_wards_restarting_together_warn_too():
    # rows month by month, both wards in each: each ward's own rows still restart
    df = pd.DataFrame(
        {
            "ward": ["Ash", "Birch"] * 24,
            "month": np.repeat(list(range(1, 13)) * 2, 2),
            "y": np.arange(48) % 5,
        }
    )
    with pytest.warns(
        DateWarning, match=r"restarts in 2 series.*row with index label 24 \(ward='Ash'\)"
    ):
        qi.spc(df, y="y", x="month", by="ward", chart="c")


def test_board_and_ambition_warn_once():
    data = two_years().assign(measure="falls")
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["c"]})
    with pytest.warns(DateWarning, match="x='month' restarts") as rec:
        qi.board(data, measures, x="month", y="y")
    assert sum("restarts" in str(w.message) for w in rec) == 1
    amb = two_years().assign(n=100.0)
    with pytest.warns(DateWarning, match="x='month' restarts") as rec:
        qi.ambition(amb, y="y", n="n", x="month", baseline=(1, 6), change=-0.5, deadline=12)
    assert sum("restarts" in str(w.message) for w in rec) == 1


def _silent(df: pd.DataFrame, **kw) -> qi.SPCResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (copied rows of record-level data, ...)
        warnings.simplefilter("error", DateWarning)
        return qi.spc(df, y="y", **kw)


def test_record_level_rows_sorted_or_shuffled_say_nothing():
    rng = np.random.default_rng(1)
    # one row per patient, several per month, months 1..12 of one year, sorted by month
    month = np.sort(rng.integers(1, 13, 200))
    rec = pd.DataFrame({"month": month, "y": rng.integers(0, 2, 200)})
    _silent(rec, x="month", chart="c")
    for seed in range(20):  # shuffled: rises are short and repeated x sit side by side
        _silent(rec.sample(frac=1, random_state=seed), x="month", chart="c")
    # a small record-level extract, shuffled: 20 rows over 12 months
    small = pd.DataFrame({"month": rng.integers(1, 13, 20), "y": 1})
    for seed in range(50):
        _silent(small.sample(frac=1, random_state=seed), x="month", chart="c")


def test_shuffled_monthly_rows_and_dates_say_nothing():
    one = pd.DataFrame({"month": range(1, 25), "y": Y22 + Y23})
    for seed in range(10):  # one row per x: nothing is summed
        _silent(one.sample(frac=1, random_state=seed), x="month", chart="c")
    dated = pd.DataFrame(
        {"month": pd.date_range("2022-01-01", periods=24, freq="MS"), "y": Y22 + Y23}
    )
    r = _silent(pd.concat([dated.iloc[12:], dated.iloc[:12]]), x="month", chart="c")
    assert len(r.points) == 24
    # the same months as a year-and-month number (YYYYMM has its own DateWarning): no restart
    yyyymm = [202200 + m for m in range(1, 13)] + [202300 + m for m in range(1, 13)]
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        qi.spc(one.assign(month=yyyymm), y="y", x="month", chart="c")
    assert not any("restarts" in str(w.message) for w in rec)


def test_record_level_rows_sorted_by_patient_with_irregular_visits_say_nothing():
    # each patient's visits rise through the year at irregular steps
    visits = [[1, 4, 9], [2, 3, 7, 12], [1, 5, 6], [3, 8, 11]]
    df = pd.DataFrame({"month": [m for v in visits for m in v], "y": 1})
    _silent(df, x="month", chart="c")


def test_patients_with_consecutive_monthly_visits_not_reaching_the_top_say_nothing():
    # sorted by patient, each visiting for three months in a row: runs that restart lower
    # but end short of the latest month are not years of a cycle
    df = pd.DataFrame({"month": [6, 7, 8, 2, 3, 4, 1, 2, 3], "y": 1})
    _silent(df, x="month", chart="c")
