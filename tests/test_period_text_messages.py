"""Quarters and ISO weeks written as text: an argument such as ``freeze="2021Q4"`` or
``"2023-W10"`` is refused naming the period and the dates to write, and an x column of ISO
weeks gets code that converts it (pandas' ``format=...`` alone cannot read '2023-W10'). The
dates are from the calendar: ISO week 10 of 2023 runs Monday 6 to Sunday 12 March."""

import re

import pandas as pd
import pytest

import qistats as qi

pl = pytest.importorskip("polars")

WEEKS = pd.DataFrame({"week": pd.date_range("2023-01-02", periods=20, freq="W-MON"), "y": 1.0})
WEEKS["y"] = [5.0, 7, 6, 8, 5, 6, 7, 9, 6, 5, 7, 8, 6, 7, 5, 6, 8, 7, 6, 5]


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("2021Q4", "a quarter (October to December 2021)"),
        ("Q4 2021", "a quarter (October to December 2021)"),
        ("2023-W10", "an ISO week (Monday 6 March 2023 to Sunday 12 March 2023)"),
        ("2023W10", "write its Monday '2023-03-06'"),
        ("2023-W10-3", "an ISO week date (Wednesday 8 March 2023): write '2023-03-08'"),
        ("2023-W54", "week 54 of 2023, which ISO 8601 weeks do not have"),
    ],
)
def test_a_quarter_or_week_as_text_is_named(given, said):
    with pytest.raises(qi.ArgumentError, match=re.escape(said)):
        qi.spc(WEEKS, y="y", x="week", chart="i", freeze=given)


def test_the_quarter_advice_works_as_written():
    quarters = pd.DataFrame(
        {"q": pd.date_range("2020-01-01", periods=12, freq="QS"), "y": range(12)}
    )
    with pytest.raises(qi.ArgumentError, match=r"pd.Period\('2021Q4', freq='Q'\)"):
        qi.spc(quarters, y="y", x="q", chart="i", freeze="2021Q4")
    res = qi.spc(quarters, y="y", x="q", chart="i", freeze=pd.Period("2021Q4", freq="Q"))
    assert int(res.points["baseline"].sum()) == 8  # 2020Q1 to 2021Q4


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_an_x_of_iso_weeks_gets_code_that_converts_it(kind):
    text = WEEKS.assign(week=WEEKS["week"].dt.strftime("%G-W%V"))
    df = text if kind == "pandas" else pl.from_pandas(text)
    with pytest.raises(qi.ColumnError, match="an ISO year and week") as err:
        qi.spc(df, y="y", x="week", chart="i")
    code = re.search(r"convert each to its Monday with (.+)\.$", str(err.value)).group(1)
    fixed = eval(code, {"pd": pd, "pl": pl, "df": df})  # the advice, run as written
    if kind == "pandas":
        fixed = text.assign(week=fixed)
    got = qi.spc(fixed, y="y", x="week", chart="i").points
    want = qi.spc(WEEKS, y="y", x="week", chart="i").points
    assert pd.to_datetime(got["week"]).dt.date.tolist() == want["week"].dt.date.tolist()
    assert got["ucl"].tolist() == pytest.approx(want["ucl"].tolist())
