"""Session 17, F9: a proportion's relative change read "a 13% rise on the baseline", which a
reader of a proportion shown in per cent (40% to 45.2%) can take as 13 percentage points. The
reasons now say "a 15% relative rise on the baseline of 40%" for proportions (and the plot's
title "a 25% relative increase"); rates read as they did ("a 40% fall on the baseline").
Expected sentences written by hand from the data."""

import re

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
# 160 of 400 a month in the baseline year (40%), then 184 of 400 (46%): a 15% relative rise,
# 6 percentage points; the shortfall 60% -> 54%, a tenth of the gap to 100% closed
YES = np.r_[np.full(12, 160), np.full(24, 184)]
KW = dict(
    y="yes", n="asked", x="month", kind="proportion",
    baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01",
)  # fmt: skip


def _data() -> pd.DataFrame:
    return pd.DataFrame({"month": MONTHS, "yes": YES, "asked": 400})


def test_a_proportions_change_is_relative_and_quotes_the_baseline():
    s = qi.ambition(_data(), target="shortfall", change=0.3, multiply=100, **KW).summary()
    # target: the shortfall 60% cut by 30%, to 42%: 58%
    assert s.reason.iloc[0].startswith(
        "proportion in Apr 2023–Mar 2024 was 46%, target 58%: not met (a 15% relative rise on "
        "the baseline of 40%, closing 10% of the gap to 100%); ratio of shortfalls"
    ), s.reason.iloc[0]
    ones = qi.ambition(_data(), target="shortfall", change=0.3, **KW).summary()
    assert "(a 15% relative rise on the baseline of 0.4, closing 10%" in ones.reason.iloc[0]


def test_on_track_says_both_changes_are_relative():
    rising = _data().assign(yes=np.r_[np.full(12, 160), np.linspace(164, 210, 24).round()])
    s = qi.ambition(rising, change=0.25, multiply=100, as_of="2023-06-01", **KW).summary()
    assert s.verdict.iloc[0] == "on_track"
    reason = s.reason.iloc[0]
    # by hand: Jul 2022-Jun 2023 are the 4th to 15th months of the rise, 181 of 400 on
    # average (45.2%, a 13% relative rise on 40%; 5.2 percentage points)
    said = re.search(
        r"was 45.2% \(a 13% relative rise on the baseline of 40%; the trajectory "
        r"expects an? \d+% relative rise by now\)",
        reason,
    )
    assert said, reason
    assert "% rise" not in reason


def test_the_plot_title_says_relative_for_a_proportion():
    amb = qi.ambition(_data(), change=0.25, multiply=100, **KW)
    title = amb.plot().texts[0].get_text().replace("\n", " ")
    assert title.startswith(
        "Ambition: a 25% relative increase from the baseline (Apr 2021–Mar 2022) by Mar 2024"
    ), title


def test_a_rates_change_reads_as_it_did():
    d = _data().rename(columns={"yes": "falls", "asked": "bed_days"})
    d["falls"] = np.r_[np.full(12, 50), np.linspace(46, 5, 24).round()]  # 50 per 1,000, falling
    d["bed_days"] = 1000
    amb = qi.ambition(
        d, y="falls", n="bed_days", x="month", baseline=("2021-04-01", "2022-03-01"),
        deadline="2024-03-01", change=-0.5, multiply=1000, as_of="2023-06-01",
    )  # fmt: skip
    s = amb.summary()
    assert s.verdict.iloc[0] == "on_track"
    reason = s.reason.iloc[0]
    # by hand: 12 months of 46 falling by 41/23 a month from the 4th: 30.9 on average (-38%)
    said = r"was 30.9 per 1,000 \(a 38% fall on the baseline; the trajectory expects an? \d+% fall"
    assert re.search(said, reason), reason
    assert "relative" not in reason
    title = amb.plot().texts[0].get_text().replace("\n", " ")
    assert title.startswith("Ambition: a 50% reduction from the baseline"), title
