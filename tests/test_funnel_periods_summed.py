"""qi.funnel without x= on long data: every row of a unit is summed, so several periods of a
unit become one total. Said by a PeriodsSummedWarning (naming the column, the number of periods
and their span) and by the title (new-user trial 23: 48 months compared as if one)."""

from __future__ import annotations

import pickle
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

KW = {"y": "restraints", "n": "bed_days", "unit": "ward", "kind": "rate", "multiply": 1000}


@pytest.fixture(scope="module")
def data():
    return qi.datasets.restrictive_practice()  # 49 wards, 48 months Apr 2020 - Mar 2024


def test_months_summed_without_x_are_said_with_the_column_count_and_span(data):
    with pytest.warns(qi.PeriodsSummedWarning) as rec:
        res = qi.funnel(data, **KW)
    (w,) = [str(r.message) for r in rec]
    assert "column 'month' holds 48 periods, from 2020-04-01 to 2024-03-01" in w
    assert "up to 48 within one unit" in w
    assert "totals summed over Apr 2020–Mar 2024, not one period's" in w
    assert "filter the rows to it first or pass x='month'" in w
    assert "x='month', period=('2020-04-01', '2024-03-01')" in w
    # the numbers are the sums by hand, the warning changes nothing
    by_hand = data.groupby("ward")[["restraints", "bed_days"]].sum()
    units = res.units.set_index("ward")
    assert (units["y"] == by_hand["restraints"]).all()
    assert (units["n"] == by_hand["bed_days"]).all()
    assert res.summed_over[:2] == ("month", 48)
    assert res.summed_over[2:4] == (pd.Timestamp("2020-04-01"), pd.Timestamp("2024-03-01"))
    title = "Funnel plot of restraints per 1,000 bed days by ward, summed over Apr 2020–Mar 2024"
    assert res.title == title
    fig = res.plot()
    assert fig.texts[0].get_text().replace("\n", " ") == title
    assert pickle.loads(pickle.dumps(res)).title == title


def test_the_advice_followed_does_not_warn(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        window = qi.funnel(data, x="month", period=("2020-04-01", "2024-03-01"), **KW)
        latest = qi.funnel(data, x="month", **KW)
        one = qi.funnel(data[data["month"] == "2024-03-01"], **KW)  # one month, filtered
    assert window.summed_over is None and latest.summed_over is None and one.summed_over is None
    assert window.title.endswith("by ward, Apr 2020–Mar 2024")
    with pytest.warns(qi.PeriodsSummedWarning):
        summed = qi.funnel(data, **KW)
    pd.testing.assert_frame_equal(window.units, summed.units)
    assert one.title.endswith("by ward")


def test_a_by_column_of_periods_asks_for_each_periods_totals(data):
    """by="year" over monthly rows: each year's funnel of its months' totals is what was asked
    (the gallery's funnel per financial year), so no warning."""
    d = data.assign(year=data["month"].dt.year)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = qi.funnel(d, by="year", adjust=False, **KW)
    assert res.summed_over is None


SPAN = "Apr 2020–Mar 2024"
CASES = {
    "year-numbers": (lambda d: d.assign(year=d["month"].dt.year).drop(columns="month"), "year"),
    "dates-named-otherwise": (lambda d: d.rename(columns={"month": "when"}), "when"),
    "iso-text": (lambda d: d.assign(month=d["month"].dt.strftime("%Y-%m")), "month"),
    "periods": (lambda d: d.assign(month=d["month"].dt.to_period("M")), "month"),
    "date-objects-camel-case": (
        lambda d: d.assign(ReportDate=d["month"].dt.date).drop(columns="month"),
        "ReportDate",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_periods_are_found_by_dtype_or_by_name(data, case):
    make, column = CASES[case]
    said, span = (
        (f"'{column}' holds 5", "2020–2024") if column == "year" else (f"'{column}' holds 48", SPAN)
    )
    with pytest.warns(qi.PeriodsSummedWarning, match=re.escape(said)) as rec:
        res = qi.funnel(make(data), **KW)
    assert f"summed over {span}" in str(rec[0].message)
    assert res.title.endswith(f"summed over {span}")


def test_text_periods_are_named_by_the_first_and_last_rows(data):
    d = data.assign(month=data["month"].dt.strftime("%b %Y"))
    with pytest.warns(qi.PeriodsSummedWarning) as rec:
        res = qi.funnel(d, **KW)
    w = str(rec[0].message)
    assert "from 'Apr 2020' to 'Mar 2024' (the first and last rows' values; up to 48" in w
    assert "give x= the periods as dates (pd.to_datetime) and period=(first, last)" in w
    assert res.title.endswith("summed over Apr 2020–Mar 2024")


def test_no_warning_without_several_periods_in_a_unit():
    """Record-level rows (no period column), a date constant within each unit (the date a
    ward opened), and a period column that is y, n or the unit itself are not periods summed."""
    rng = np.random.default_rng(4)
    records = pd.DataFrame(
        {
            "ward": np.repeat([f"W{i:02d}" for i in range(12)], 30),
            "died": rng.binomial(1, 0.1, 360),
            "expected": rng.uniform(0.05, 0.15, 360),
            "opened_date": np.repeat(pd.date_range("2001-01-01", periods=12, freq="YS"), 30),
            "age_years": rng.integers(20, 90, 360),  # not a period ("years" is not a word of one)
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = qi.funnel(records, y="died", n="expected", unit="ward", adjust=False)
        per_month = records.assign(month=np.repeat(pd.date_range("2023-01-01", periods=12), 30))
        qi.funnel(per_month, y="died", n="expected", unit="month", adjust=False)  # the unit
    assert res.summed_over is None


def test_the_warning_is_a_date_warning_shown_at_the_callers_line(data):
    with pytest.warns(qi.PeriodsSummedWarning) as rec:
        qi.funnel(data, **KW)
    assert issubclass(qi.PeriodsSummedWarning, qi.DateWarning)
    assert issubclass(qi.PeriodsSummedWarning, qi.QIStatsWarning)
    assert rec[0].filename == __file__
