"""An x value, or a span of them, in words: one helper (qistats._words) for the funnel title, the
ambition reasons and the ambition chart's title. Expected texts written by hand."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats._words import span_words, spans_words, x_words, xs_words


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (pd.Timestamp("2024-03-31"), "Mar 2024"),
        (np.datetime64("2024-03-01"), "Mar 2024"),
        (pd.Period("2024Q1", freq="Q"), "Jan–Mar 2024"),
        (pd.Period("2024", freq="Y-MAR"), "2023/24"),
        (2023, "2023"),
        (7.5, "7.5"),
        ("2023/24", "2023/24"),
        (None, "–"),
        (float("nan"), "–"),
        (pd.NaT, "–"),
    ],
)
def test_an_x_value_in_words(value, said):
    assert x_words(value) == said


def test_many_x_values_are_written_each_as_one_is():
    dates = pd.to_datetime(["2023-04-01", None, "2024-01-31"])
    assert xs_words(dates).tolist() == ["Apr 2023", "–", "Jan 2024"]
    assert xs_words(dates, months=2).tolist() == ["Jun 2023", "–", "Mar 2024"]
    years = pd.Categorical(["2022/23", "2023/24"], ordered=True)
    assert xs_words(years).tolist() == ["2022/23", "2023/24"]
    assert xs_words(np.array([1.0, np.nan, 12.0])).tolist() == ["1", "–", "12"]


def test_spans_name_a_quarter_by_its_months_and_a_year_once():
    first = pd.to_datetime(["2024-01-01", "2023-11-01", "2023-04-01"])
    last = pd.to_datetime(["2024-01-01", "2023-11-01", "2023-10-01"])
    said = spans_words(first, last, 0, 2).tolist()
    assert said == ["Jan–Mar 2024", "Nov 2023–Jan 2024", "Apr–Dec 2023"]
    # months (no months held before or after a date): each end with its year, as before
    assert spans_words(first[2:], last[2:]).tolist() == ["Apr 2023–Oct 2023"]
    assert span_words(2022, 2022) == "2022"


def test_ambition_reasons_name_quarters_as_the_funnel_does():
    # wards A and B, quarters dated by their first month, Apr 2021 to Oct 2023; B has no
    # data after Jul 2023, so its window is quoted to the end of that quarter, Sep 2023
    quarters = pd.date_range("2021-04-01", "2023-10-01", freq="QS-JAN")
    df = pd.concat([pd.DataFrame({"ward": w, "q": quarters, "y": 30.0, "n": 3000.0}) for w in "AB"])
    df = df[~((df.ward == "B") & (df.q > "2023-07-01"))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = qi.ambition(
            df, y="y", n="n", x="q", by="ward", change=-0.3, multiply=1000,
            baseline=("2021-04-01", "2022-01-01"), deadline="2023-10-01",
        ).summary().set_index("ward")  # fmt: skip
    assert s.loc["A", "reason"].startswith("rate in Jan–Dec 2023 was 10 per 1,000"), s.reason
    assert "rate in Jan–Sep 2023 was 10 per 1,000" in s.loc["B", "reason"], s.reason


@pytest.mark.parametrize(
    ("freq", "title"),
    [
        ("Q", "Oct–Dec 2023"),
        ("M", "Apr 2023"),
        ("W", "week of 16 Jan 2023"),  # weeks to Sunday: 26 Dec 2022, 2, 9, 16 Jan
        ("D", "4 Jan 2023"),
    ],
)
def test_a_funnel_of_period_x_names_its_latest_period(freq, title):
    # x as pandas Periods: the title named them by pd.Timestamp(Period), which raised
    x = pd.period_range("2023-01-01", periods=4, freq=freq)
    df = pd.DataFrame(
        {"unit": list("ABCDEFGHIJKL") * 4, "x": np.repeat(x, 12), "y": 20.0, "n": 1e3}
    )
    res = qi.funnel(df, y="y", n="n", unit="unit", x="x", kind="rate", multiply=1000)
    assert res.title == f"Funnel plot of rate per 1,000 by unit, {title}"
