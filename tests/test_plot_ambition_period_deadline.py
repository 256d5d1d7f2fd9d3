"""Session 18 audit B: an ambition over quarters given as pandas Periods titled its deadline
"by Jan–Mar 2024" (the quarter's months) where dates of quarters and the reasons say "by Mar
2024"; yearly Periods titled their baseline "(Jan 2016–Dec 2019)" beside "by 2024". Expected
titles written by hand from the data's periods."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

KW = dict(y="y", n="n", change=-0.5, multiply=1000)


def _title(fig) -> str:
    return fig.texts[0].get_text().replace("\n", " ")


def _data(x):
    y = np.r_[np.full(4, 40), np.linspace(36, 18, len(x) - 4)].round()
    return pd.DataFrame({"x": x, "y": y, "n": 2000})


@pytest.mark.parametrize(
    ("freq", "deadline", "by"),
    [("Q", "2024Q1", "Mar 2024"), ("Q-MAR", "2024Q4", "Mar 2024"), ("Q", "2023Q3", "Sep 2023")],
)
def test_a_quarter_deadline_reads_by_its_last_month(freq, deadline, by):
    # Q-MAR: NHS financial quarters, 2024Q4 is Jan-Mar 2024
    end = pd.Period(deadline, freq=freq)
    x = pd.period_range(end - 15, end, freq=freq)
    amb = qi.ambition(_data(x), x="x", baseline=(x[0], x[3]), deadline=end, **KW)
    title = _title(amb.plot())
    assert f") by {by}; verdicts as of " in title, title
    assert "by Jan–Mar" not in title and "by Jul–Sep" not in title
    # the reason's deadline, where it names one, reads the same
    early = qi.ambition(_data(x), x="x", baseline=(x[0], x[3]), deadline=end, as_of=x[-4], **KW)
    reason = early.summary().reason.iloc[0]
    assert f"by {by}" in reason or "by " not in reason, reason


def test_a_month_deadline_is_unchanged():
    x = pd.period_range("2020-04", "2024-03", freq="M")
    amb = qi.ambition(_data(x), x="x", baseline=(x[0], x[11]), deadline=x[-1], **KW)
    assert "(Apr 2020–Mar 2021) by Mar 2024; verdicts as of Mar 2024" in _title(amb.plot())


@pytest.mark.parametrize(
    ("freq", "first", "base", "by"),
    [("Y", "2016", "2016–2019", "2024"), ("Y-MAR", "2016", "2015/16–2018/19", "2023/24")],
)
def test_yearly_periods_are_named_as_years_in_the_baseline_and_deadline(freq, first, base, by):
    x = pd.period_range(first, periods=9, freq=freq)
    amb = qi.ambition(_data(x), x="x", baseline=(x[0], x[3]), deadline=x[-1], **KW)
    assert _title(amb.plot()).startswith(
        f"Ambition: a 50% reduction from the baseline ({base}) by {by}; verdicts as of {by}"
    )


@pytest.mark.parametrize(
    ("freq", "first", "base", "by", "window"),
    [
        # calendar years dated 1 January or 31 December
        ("YS", "2016-01-01", "2016–2019", "2024", "2021–2024"),
        ("YE", "2016-12-31", "2016–2019", "2024", "2021–2024"),
        # financial years dated 1 April or 31 March: 2016/17 is Apr 2016-Mar 2017
        ("YS-APR", "2016-04-01", "2016/17–2019/20", "2024/25", "2021/22–2024/25"),
        ("YE-MAR", "2017-03-31", "2016/17–2019/20", "2024/25", "2021/22–2024/25"),
    ],
)
def test_yearly_dates_are_named_as_years_in_the_title_and_the_reasons(
    freq, first, base, by, window
):
    # yearly data dated by a day of the year read "(Jan 2016–Jan 2019) by Jan 2024" and
    # "rate in Jan 2021–Jan 2024", the years named as their first months
    x = pd.date_range(first, periods=9, freq=freq)
    amb = qi.ambition(_data(x), x="x", baseline=(x[0], x[3]), deadline=x[-1], **KW)
    assert _title(amb.plot()) == (
        f"Ambition: a 50% reduction from the baseline ({base}) by {by}; verdicts as of {by}"
    )
    # the window judged: the last four years (as summary's current_start to current_end)
    s = amb.summary().iloc[0]
    assert (s.current_start.year, s.current_end.year) == (x[5].year, x[8].year)
    assert s.reason.startswith(f"rate in {window} was "), s.reason
    early = qi.ambition(_data(x), x="x", baseline=(x[0], x[3]), deadline=x[-1], as_of=x[6], **KW)
    assert f"by {by};" in early.summary().reason.iloc[0], early.summary().reason.iloc[0]
