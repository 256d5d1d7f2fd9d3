"""Before a pace exists (fewer than 12 periods after the baseline; 6 quarters) "on_track" needs
the window to be at the target already: nothing yet tells a fall that stalls from one that goes
on (trial 10, finding 1). A ward 40 % down after one month was "on_track" (the trajectory
expects no change in its first month), and simulated wards 40 % down and flat were "on_track"
at every look in months 1-11 and not at month 12.

The numbers are by hand: a baseline of 12 months of 100 events over 1,000 bed days is
100 per 1,000; the target of a 50 % fall is 50 per 1,000. A month of 60 events is 60 per 1,000
(above the target), one of 40 is 40 per 1,000 (below it). Both falls are far beyond chance:
given the 1,260 (or 1,240) events of the baseline and the month, the month's share is binomial
with p = 1,000/13,000 = 1/13 under no change (expected 96.9 or 95.4), and 60 or fewer has
probability about 1e-5 (scipy.stats.binom.cdf(60, 1260, 1/13) = 3.9e-5).
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

ARGS = dict(
    y="events",
    n="bed_days",
    x="month",
    baseline=("2021-04-01", "2022-03-01"),
    change=-0.5,
    deadline="2025-03-01",
    multiply=1000,
    overdispersion=None,
)


def ward(after: list[int]) -> pd.DataFrame:
    months = pd.date_range("2021-04-01", periods=12 + len(after), freq="MS")
    return pd.DataFrame({"month": months, "events": [100] * 12 + after, "bed_days": 1000.0})


def days_after(months: int) -> np.ndarray:
    """Days from 1 Apr 2022 (the first month after the baseline) to each of the next months."""
    starts = pd.date_range("2022-04-01", periods=months, freq="MS")
    return (starts - pd.Timestamp("2022-04-01")).days.to_numpy()


def test_the_fall_is_significant_by_hand():
    assert stats.binom.cdf(60, 1260, 1 / 13) < 1e-4


@pytest.mark.parametrize("months", [1, 2, 6, 11])
def test_a_fall_short_of_the_target_is_too_early_to_tell_before_a_pace(months):
    s = qi.ambition(ward([60] * months), **ARGS).summary().iloc[0]
    assert s.current_value == pytest.approx(60.0)
    assert s.target_value == pytest.approx(50.0)
    assert s.p_improved < 1e-4  # the fall is real: it was "on_track" before
    assert s.verdict == "insufficient_data", s.reason
    assert s.reason.startswith("too early to tell whether the pace is enough: rate in "), s.reason
    # far ahead of the trajectory (which expects little in its first months), and it says so,
    # with that it is not at the target yet (trial 23: "insufficient_data" beside
    # trajectory_status "ahead" read as a fault)
    assert s.trajectory_status == "ahead", s
    assert "(a 40% fall on the baseline; the trajectory expects " in s.reason, s.reason
    assert ", ahead of it but not yet at the target 50 per 1,000 by Mar 2025; " in s.reason
    assert (
        f"the pace since the baseline needs 12 months of data after it ({months} so far)"
        in s.reason
    ), s.reason


@pytest.mark.parametrize(("months", "expects"), [(1, "no change"), (6, "a 7% fall")])
def test_ahead_words_quote_the_trajectory_by_hand(months, expects):
    # the compound trajectory from Apr 2022 reaches 0.5 at Apr 2024 (the window judged at the
    # deadline), 731 days later: 0.5 ** (d / 731) in the month starting d days after 1 Apr
    # 2022; over equal bed days the window's mean of it is the ratio it expects: 1 after one
    # month, 0.931 after six (a 7% fall), so 0.6 / 0.931 = 0.64×
    trajectory = np.mean(0.5 ** (days_after(months) / 731))
    s = qi.ambition(ward([60] * months), **ARGS).summary().iloc[0]
    assert s.trajectory_ratio == pytest.approx(0.6 / trajectory)
    shown = f"{0.6 / trajectory:.2f}"
    assert (
        f"(a 40% fall on the baseline; the trajectory expects {expects} by now), {shown}× the "
        "trajectory (95% interval "
    ) in s.reason, s.reason


def test_a_window_not_ahead_keeps_its_words():
    # 85 per 1,000 for 11 months: a significant 15% fall (1,200 baseline events against 935),
    # but the trajectory expects a 13% fall by now (its mean over the window 0.869, as in the
    # test above), so the window is not ahead of it (0.85 / 0.869 = 0.98×) and not at the
    # target either
    s = qi.ambition(ward([85] * 11), **ARGS).summary().iloc[0]
    assert np.mean(0.5 ** (days_after(11) / 731)) == pytest.approx(0.869, abs=5e-4)
    assert s.trajectory_ratio == pytest.approx(0.85 / np.mean(0.5 ** (days_after(11) / 731)))
    assert s.p_improved < 0.025, s
    assert s.trajectory_status == "as_expected", s
    assert s.verdict == "insufficient_data", s.reason
    assert "(a 15% fall on the baseline), target 50 per 1,000 by Mar 2025; the pace" in s.reason
    assert "ahead" not in s.reason, s.reason


@pytest.mark.parametrize("months", [1, 6])
def test_a_window_already_at_the_target_is_on_track(months):
    s = qi.ambition(ward([40] * months), **ARGS).summary().iloc[0]
    assert s.current_value == pytest.approx(40.0)
    assert s.verdict == "on_track", s.reason
    # it rests on the window's level alone, and says so
    unit = "month" if months == 1 else "months"
    assert s.reason.endswith(
        f"; at the target {months} {unit} after the baseline, too soon to tell from its pace "
        "whether it will stay there (that needs 12 months of data)"
    ), s.reason
    later = qi.ambition(ward([40] * 12), **ARGS).summary().iloc[0]
    assert later.verdict == "on_track", later.reason
    assert "too soon" not in later.reason, later.reason


def test_with_a_pace_the_stalled_ward_is_judged_on_it():
    # 12 months at 60 per 1,000 after the baseline: a pace exists (flat, b = 0), the verdict
    # rests on it and the reason no longer counts months
    s = qi.ambition(ward([60] * 12), **ARGS).summary().iloc[0]
    assert s.verdict in ("off_track", "insufficient_data"), s.reason
    assert "so far" not in s.reason, s.reason


def test_quarters_need_six_quarters():
    quarters = pd.date_range("2021-04-01", periods=9, freq="QS-APR")
    d = pd.DataFrame({"month": quarters, "events": [300] * 4 + [180] * 5, "bed_days": 3000.0})
    s = qi.ambition(d, **ARGS).summary().iloc[0]
    assert s.verdict == "insufficient_data", s.reason
    assert "needs 6 quarters of data after it (5 so far)" in s.reason, s.reason


def test_a_gap_counts_only_the_months_with_data():
    d = ward([60] * 13)
    d.loc[d.month == "2022-06-01", "events"] = np.nan  # 13 months after, 12 with data
    s = qi.ambition(d, **ARGS).summary().iloc[0]
    assert "so far" not in s.reason, s.reason  # 12 months with data: a pace
    d.loc[d.month == "2022-07-01", "events"] = np.nan  # 11 with data
    s = qi.ambition(d, **ARGS).summary().iloc[0]
    assert s.verdict == "insufficient_data", s.reason
    assert "(11 so far)" in s.reason, s.reason


def test_a_proportion_ahead_says_so_in_its_own_words():
    # 80 of 200 (40%) a month in the baseline, 110 of 200 (55%) for 6 months after it: a
    # relative rise of 0.55 / 0.40 - 1 = 37.5%, far ahead of a trajectory to +50% (60%) that
    # expects a few percent by now, and short of the target
    months = pd.date_range("2021-04-01", periods=18, freq="MS")
    d = pd.DataFrame({"month": months, "yes": [80] * 12 + [110] * 6, "asked": 200})
    s = qi.ambition(
        d, y="yes", n="asked", x="month", kind="proportion", multiply=100, change=0.5,
        baseline=("2021-04-01", "2022-03-01"), deadline="2025-03-01",
    ).summary().iloc[0]  # fmt: skip
    assert s.verdict == "insufficient_data", s.reason
    assert s.trajectory_status == "ahead", s
    assert "was 55% (a 38% relative rise on the baseline of 40%; the trajectory expects" in (
        s.reason
    ), s.reason
    assert ", ahead of it but not yet at the target 60% by Mar 2025; the pace" in s.reason
