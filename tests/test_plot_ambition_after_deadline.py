"""New-user trial 19-2: data running past the deadline were titled "verdicts as of Dec 2024"
while every series was judged at the deadline (Mar 2024), the reasons said "(as of Mar 2024)"
and the later points were drawn as "after the date judged (not used)". The title now names the
deadline's period; expected titles written by hand from the data."""

import numpy as np
import pandas as pd

import qistats as qi

KW = dict(y="y", n="n", change=-0.5, multiply=1000)


def _title(fig) -> str:
    return fig.texts[0].get_text().replace("\n", " ")


def _data(x, stop=None):
    y = np.r_[np.full(12, 40), np.full(len(x) - 12, 18)]
    df = pd.DataFrame({"ward": "a", "x": x, "y": y, "n": 2000})
    other = df.assign(ward="b")
    if stop is not None:  # ward b's data stop before the deadline
        other = other[other.x < stop]
    return pd.concat([df, other], ignore_index=True)


def test_monthly_data_past_the_deadline_are_titled_at_the_deadline():
    x = pd.date_range("2021-04-01", "2024-12-01", freq="MS")
    amb = qi.ambition(
        _data(x, stop="2024-01-01"),
        x="x",
        by="ward",
        baseline=("2021-04-01", "2022-03-01"),
        deadline="2024-03-01",
        **KW,
    )
    assert _title(amb.plot()).endswith("by Mar 2024; verdicts as of Mar 2024")
    assert _title(amb.plot(view="overview")).endswith("verdicts as of Mar 2024")
    # the reasons say the same date
    reason = amb.summary().set_index("ward").reason["b"]
    assert reason.startswith("no data after Dec 2023 (as of Mar 2024)"), reason
    # an as_of given after the deadline, and one before it (kept as given)
    late = qi.ambition(
        _data(x), x="x", by="ward", baseline=("2021-04-01", "2022-03-01"),
        deadline="2024-03-15", as_of="2024-09-01", **KW,
    )  # fmt: skip
    assert _title(late.plot()).endswith("by Mar 2024; verdicts as of Mar 2024")
    early = qi.ambition(
        _data(x), x="x", by="ward", baseline=("2021-04-01", "2022-03-01"),
        deadline="2024-03-01", as_of="2023-09-01", **KW,
    )  # fmt: skip
    assert _title(early.plot()).endswith("by Mar 2024; verdicts as of Sep 2023")


def test_quarters_and_numbers_past_the_deadline():
    q = pd.period_range("2020Q2", "2024Q4", freq="Q")  # baseline: _data's first 12 rows
    amb = qi.ambition(
        _data(q), x="x", by="ward", baseline=(q[0], q[11]), deadline=pd.Period("2024Q1", "Q"), **KW
    )
    assert _title(amb.plot()).endswith("verdicts as of Jan–Mar 2024")
    t = np.arange(1, 49)
    num = qi.ambition(_data(t), x="x", by="ward", baseline=(1, 12), deadline=40, **KW)
    assert _title(num.plot()).endswith("by 40; verdicts as of 40")
