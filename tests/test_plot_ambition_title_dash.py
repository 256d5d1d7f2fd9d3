"""Session 17, F12: the ambition plot's title wrote a monthly baseline with a spaced en dash,
"(Apr 2021 – Mar 2022)", and a quarterly one unspaced, "(Apr 2021–Mar 2022)"; quarters given
as pandas Periods read "(Apr–Jun 2020 – Jan–Mar 2021)". Every title now writes the baseline
as the reasons do, unspaced. Expected titles written by hand from the data's periods."""

import numpy as np
import pandas as pd

import qistats as qi

KW = dict(y="y", n="n", change=-0.5, multiply=1000)


def _title(fig) -> str:
    return fig.texts[0].get_text().replace("\n", " ")


def _data(x):
    y = np.r_[np.full(4, 40), np.linspace(36, 18, len(x) - 4)].round()
    return pd.DataFrame({"x": x, "y": y, "n": 2000})


def test_monthly_and_quarterly_baselines_are_written_alike():
    months = _data(pd.date_range("2020-04-01", "2024-03-01", freq="MS"))
    quarters = _data(pd.date_range("2020-04-01", "2024-01-01", freq="QS"))
    m = qi.ambition(
        months, x="x", baseline=("2020-04-01", "2021-03-01"), deadline="2024-03-01", **KW
    )
    q = qi.ambition(
        quarters, x="x", baseline=("2020-04-01", "2021-01-01"), deadline="2024-01-01", **KW
    )
    assert "from the baseline (Apr 2020–Mar 2021) by Mar 2024;" in _title(m.plot())
    assert "from the baseline (Apr 2020–Mar 2021) by Mar 2024;" in _title(q.plot())


def test_quarters_as_periods_read_from_the_first_month_to_the_last():
    d = _data(pd.period_range("2020Q2", "2024Q1", freq="Q"))
    amb = qi.ambition(
        d, x="x", baseline=(pd.Period("2020Q2"), pd.Period("2021Q1")),
        deadline=pd.Period("2024Q1"), **KW,
    )  # fmt: skip
    # the deadline by the quarter's last month, as dates of quarters and the reasons write it
    assert "from the baseline (Apr 2020–Mar 2021) by Mar 2024;" in _title(amb.plot())


def test_years_are_joined_by_an_unspaced_dash():
    d = _data(np.arange(2016, 2025))
    amb = qi.ambition(d, x="x", baseline=(2016, 2019), deadline=2024, **KW)
    assert _title(amb.plot()).startswith(
        "Ambition: a 50% reduction from the baseline (2016–2019) by 2024;"
    )
