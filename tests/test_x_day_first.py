"""Day/month text read month first (trial 13 F6): '01/04/2020' (1 April 2020) read by plain
pd.to_datetime is 4 January 2020, so 48 months become days 1 to 12 of January. The warning of
two dates in one month advised to_period('M'), which put the 48 months into 5 points; the
dates are now named as day/month text read month first, with the conversion that reads them
day first."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _uk_text(first: str, months: int) -> list[str]:
    return [f"{d:%d/%m/%Y}" for d in pd.date_range(first, periods=months, freq="MS")]


def _data(text: list[str]) -> pd.DataFrame:
    rng = np.random.default_rng(13)
    return pd.DataFrame({"month": text, "falls": rng.poisson(20, len(text))})


def _date_warnings(call) -> list[str]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        call()
    return [str(w.message) for w in rec if issubclass(w.category, qi.DateWarning)]


@pytest.mark.parametrize(
    ("first", "years"),
    [("2020-04-01", 5), ("2020-01-01", 4)],  # a financial year's months, a calendar year's
)
def test_uk_dates_read_month_first_are_named_with_the_day_first_conversion(first, years):
    text = _uk_text(first, 48)
    assert text[0] == f"01/{first[5:7]}/2020"
    data = _data(text)
    read = data.assign(month=pd.to_datetime(data["month"]))  # month first: pandas' default
    assert read["month"].dt.month.eq(1).all()  # every date in January, as the trial found
    said = _date_warnings(lambda: qi.spc(read, x="month", y="falls", chart="c"))
    assert len(said) == 1, said
    msg = said[0]
    month = pd.Timestamp(first).month_name()
    assert msg.startswith(
        f"x='month': every date is on day 1 to 12 of January (48 dates in {years} years, the "
        f"first 2020-01-{first[5:7]}): day/month text read month first? "
        f"'01/{first[5:7]}/2020' read as month/day is {int(first[5:7])} January 2020; read day "
        f"first, it is 1 {month} 2020, and the 48 dates are 48 different months."
    )
    assert "pd.to_datetime(df['month'], format='%d/%m/%Y')" in msg
    assert "dayfirst=True" in msg
    assert "to_period" not in msg and "monthly" not in msg
    # the advice followed on the original text: 48 months, no date warning
    fixed = data.assign(month=pd.to_datetime(data["month"], format="%d/%m/%Y"))
    res = []
    assert _date_warnings(lambda: res.append(qi.spc(fixed, x="month", y="falls", chart="c"))) == []
    assert len(res[0].points) == 48
    assert res[0].points["month"].iloc[0] == pd.Timestamp(first)


def test_real_dates_are_not_taken_for_month_first_text():
    """Monthly, quarterly and yearly dates, and twelve days of one January, are left alone."""
    months = pd.date_range("2020-04-01", periods=48, freq="MS")
    quarters = pd.date_range("2020-01-01", periods=16, freq="QS")
    years = pd.date_range("2015-04-01", periods=10, freq="YS-APR")
    days = pd.date_range("2024-01-01", periods=12, freq="D")
    for x in (months, quarters, years, days):
        data = pd.DataFrame({"month": x, "falls": np.arange(len(x)) % 7 + 10})
        assert _date_warnings(lambda d=data: qi.spc(d, x="month", y="falls", chart="c")) == []
