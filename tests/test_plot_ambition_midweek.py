"""Titles and reasons name the data's own periods. A deadline (or as_of, or a baseline end)
in the middle of a week of weekly data is named as the data's week that holds it: "by the
week of 10 Jun 2024" for Saturday 15 June of weeks dated on Mondays, in the title and the
reasons; it read "by the week of 15 Jun 2024", a week the data do not have, while the window
judged ended with the week of 10 Jun (trial 19-2 item 4). Expected weeks by hand: 15 Jun 2024
is a Saturday, its Monday 10 Jun. Quarters as Periods are titled as quarters (trial 20)."""

import warnings

import numpy as np
import pandas as pd

import qistats as qi

WEEKS = pd.date_range("2023-01-02", "2024-12-30", freq="W-MON")  # Mondays


def weekly():
    rng = np.random.default_rng(4)
    y = rng.poisson(np.where(np.arange(WEEKS.size) < 26, 10, 16), (2, WEEKS.size)).ravel()
    return pd.DataFrame({"unit": np.repeat(["a", "b"], WEEKS.size), "week": np.tile(WEEKS, 2),
                         "y": y, "n": 1})  # fmt: skip


def judge(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.DateWarning)  # the deadline between two weeks
        return qi.ambition(weekly(), y="y", n="n", x="week", by="unit", change=0.5,
                           baseline=("2023-01-04", "2023-06-28"), deadline="2024-06-15",
                           **kw)  # fmt: skip


def test_the_title_and_the_reasons_name_the_week_that_holds_the_deadline():
    amb = judge()
    s = amb.summary()
    assert (s.current_end == pd.Timestamp("2024-06-10")).all()
    assert (s.current_start == pd.Timestamp("2023-12-25")).all()  # 25 weeks, as the baseline
    want = (
        "Ambition: a 50% increase from the baseline (the weeks of 9 Jan–26 Jun 2023) by the "
        "week of 10 Jun 2024; verdicts as of the week of 10 Jun 2024"
    )
    for fig in (amb.plot(), amb.plot(view="overview")):
        assert fig.texts[0].get_text().replace("\n", " ") == want
    # judged before the deadline, on Wednesday 13 Mar 2024: the week of 11 Mar
    early = judge(as_of="2024-03-13")
    assert (
        early.plot()
        .texts[0]
        .get_text()
        .replace("\n", " ")
        .endswith("by the week of 10 Jun 2024; verdicts as of the week of 11 Mar 2024")
    )
    for reason in early.summary().reason:
        assert reason.count("by the week of 10 Jun 2024") == 1, reason
        assert "15 Jun" not in reason


def test_quarters_as_periods_are_titled_as_quarters_dated_by_their_start():
    # trial 20: Periods were titled from the dates as given, "(Apr 2020–May 2021) by May 2024;
    # verdicts as of Mar–May 2024"; expected by hand: the baseline Apr 2020-Mar 2021, the
    # deadline's quarter Jan-Mar 2024, and as of 15 Aug 2022 the quarter Jul-Sep 2022
    q = pd.period_range("2020Q2", "2024Q4", freq="Q")
    df = pd.DataFrame({"ward": "a", "quarter": q, "y": 40, "n": 60})
    df.loc[4:, "y"] = 50
    kw = dict(y="y", n="n", x="quarter", by="ward", kind="proportion", change=0.2,
              baseline=("2020-04-01", "2021-03-31"), deadline="2024-03-31",
              multiply=100)  # fmt: skip
    for as_of, judged in [(None, "Jan–Mar 2024"), ("2022-08-15", "Jul–Sep 2022")]:
        amb = qi.ambition(df, **kw, as_of=as_of)
        assert amb.plot().texts[0].get_text().replace("\n", " ") == (
            "Ambition: a 20% relative increase from the baseline (Apr 2020–Mar 2021) by Mar "
            f"2024; verdicts as of {judged}"
        )
