"""Trial 16, item 3: the ambition plot's words on quarterly, weekly and yearly data. Its title
named a quarter by its first month ("by Jan 2024; verdicts as of Jan 2024" for the quarter
Jan–Mar 2024, the baseline "Apr 2020 – Jan 2021" for four quarters to March 2021), and a
projected year was labelled "2.02e+03"; the reasons said "over the last 12 periods" of months.
Expected words written by hand from the data's periods."""

import numpy as np
import pandas as pd

import qistats as qi

KW = dict(y="y", n="n", change=-0.5, multiply=1000)


def _title(fig) -> str:
    return fig.texts[0].get_text().replace("\n", " ")


def _quarters(dates):
    y = np.r_[np.full(4, 40), np.linspace(36, 18, dates.size - 4)].round()
    return pd.DataFrame({"q": dates, "y": y, "n": 2000})


def test_quarters_dated_at_their_start_are_named_by_their_months():
    d = _quarters(pd.date_range("2020-04-01", "2024-01-01", freq="QS"))
    amb = qi.ambition(d, x="q", baseline=("2020-04-01", "2021-01-01"), deadline="2024-01-01", **KW)
    title = _title(amb.plot())
    # baseline: the quarters Apr-Jun 2020 to Jan-Mar 2021; deadline: the end of Jan-Mar 2024
    assert "from the baseline (Apr 2020–Mar 2021) by Mar 2024;" in title, title
    assert title.endswith("verdicts as of Jan–Mar 2024"), title
    judged = qi.ambition(
        d, x="q", baseline=("2020-04-01", "2021-01-01"), deadline="2024-01-01",
        as_of="2023-02-15", **KW,
    )  # fmt: skip
    assert _title(judged.plot()).endswith("verdicts as of Jan–Mar 2023")


def test_quarters_dated_at_their_end_are_named_by_their_months():
    d = _quarters(pd.date_range("2020-06-30", "2024-03-31", freq="QE"))
    amb = qi.ambition(
        d, x="q", baseline=("2020-06-30", "2021-03-31"), deadline="2024-03-31",
        as_of="2023-05-15", **KW,
    )  # fmt: skip
    title = _title(amb.plot())
    assert "from the baseline (Apr 2020–Mar 2021) by Mar 2024;" in title, title
    assert title.endswith("verdicts as of Apr–Jun 2023"), title
    # the reason names the same quarters: its window ends with Apr-Jun 2023
    assert "Jul 2022–Jun 2023" in amb.summary().reason.iloc[0]


def test_monthly_titles_write_the_baseline_as_the_quarterly_ones_do():
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    d = pd.DataFrame({"m": months, "y": np.r_[np.full(12, 30), np.full(24, 14)], "n": 1000})
    amb = qi.ambition(d, x="m", baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01", **KW)
    assert _title(amb.plot()) == (
        "Ambition: a 50% reduction from the baseline (Apr 2021–Mar 2022) by Mar 2024; "
        "verdicts as of Mar 2024"
    )


def test_weeks_are_named_by_their_days():
    w = pd.date_range("2024-01-01", periods=52, freq="W-MON")
    d = pd.DataFrame({"w": w, "y": np.r_[np.full(12, 20), np.full(40, 9)], "n": 1000})
    amb = qi.ambition(d, x="w", baseline=(w[0], w[11]), deadline=w[-1], **KW)
    # 52 Mondays from 1 Jan 2024: the 12th is 18 Mar, the 52nd 23 Dec
    assert _title(amb.plot()) == (
        "Ambition: a 50% reduction from the baseline (the weeks of 1 Jan–18 Mar 2024) by the "
        "week of 23 Dec 2024; verdicts as of the week of 23 Dec 2024"
    )


def test_a_projected_year_is_labelled_as_the_reasons_write_it():
    yrs = np.arange(2000, 2031)
    rate = np.where(yrs < 2005, 0.02, 0.02 * np.exp(-0.04 * (yrs - 2004)))
    d = pd.DataFrame({"year": yrs, "n": 100000, "y": np.round(rate * 100000)})
    amb = qi.ambition(
        d, x="year", y="y", n="n", baseline=(2000, 2004), change=-0.5, deadline=2030,
        as_of=2022,
    )  # fmt: skip
    s = amb.summary().iloc[0]
    assert s.projection == "projected"
    fig = amb.plot()
    (label,) = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "projection_label"]
    # the projected year as a number, six significant figures ("%g"), not "2.02e+03"
    assert label.get_text() == f"{s.projected_date:g}"
    assert label.get_text().startswith("20") and "e+" not in label.get_text()


def test_the_pace_is_over_months_in_words():
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    p = np.r_[np.full(12, 0.80), 0.80 + 0.10 * np.arange(1, 25) / 24]
    d = pd.DataFrame({"m": months, "n": 200, "y": np.round(200 * p)})
    s = qi.ambition(
        d, y="y", n="n", x="m", kind="proportion", baseline=("2021-04-01", "2022-03-01"),
        change=0.5, target="shortfall", deadline="2024-03-01", as_of="2023-03-01",
    ).summary().iloc[0]  # fmt: skip
    assert "at its pace along the trajectory over the last 12 months the proportion" in s.reason
