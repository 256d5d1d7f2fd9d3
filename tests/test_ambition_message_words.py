"""Words of qi.ambition's messages that misled (trial 12 A10): rows named by a repeated index
label, "1 baseline events", a shortfall's count of successes, a window cut without a word and
a number given as text told it "needs change="."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

MONTHS = pd.date_range("2020-04-01", periods=48, freq="MS")
KW = dict(
    y="y", n="n", x="month", by="ward", baseline=("2020-04-01", "2021-03-01"), deadline="2024-03-01"
)


def ward(**columns) -> pd.DataFrame:
    return pd.DataFrame({"ward": "A", "month": MONTHS, "y": 10, "n": 1000, **columns})


def test_rows_of_a_repeated_index_label_are_named_by_position():
    # pd.concat without ignore_index: both copies have the labels 0..47, so "row 0 ... but
    # row 0" named no row; the second copy's first row is at position 48
    data = pd.concat([ward(traj=8.0), ward(traj=4.0)])
    with pytest.raises(qi.DataError) as err:
        qi.ambition(data, change=-0.5, trajectory="traj", **KW)
    assert (
        "rows of one point disagree: data.iloc[0] (ward='A', month=2020-04-01) has 8.0 but "
        "data.iloc[48] (ward='A', month=2020-04-01) has 4.0"
    ) in str(err.value), err.value


def test_a_unique_index_still_names_rows_by_label():
    data = pd.concat([ward(traj=8.0), ward(traj=4.0)], ignore_index=True).set_axis(
        [f"r{i}" for i in range(96)]
    )
    said = r"row with index label 'r0' \(ward='A'.* but row with index label 'r48' \(ward='A'"
    with pytest.raises(qi.DataError, match=said):
        qi.ambition(data, change=-0.5, trajectory="traj", **KW)


@pytest.mark.parametrize(
    ("events", "said"), [(1, "only 1 baseline event ("), (0, "no baseline events: ")]
)
def test_baseline_events_are_counted_in_words(events, said):
    # none is said as none, not "only 0 baseline events (fewer than 40)" (trial 14 F18)
    y = np.zeros(48, dtype=int)
    y[3] = events  # the baseline's only events (or none)
    y[40] = 1
    w = qi.ambition(ward(y=y), change=-0.5, **KW).summary().warnings.iloc[0]
    assert said in w and "only 0" not in w, w


def test_a_shortfall_counts_the_failures_it_rests_on():
    # 0 % in the baseline (0 of 20 a month): the shortfall ratio rests on the 240 failures,
    # so "only 0 baseline events (fewer than 40)" was spurious
    zero = ward(y=np.r_[np.zeros(12, int), np.full(36, 10)], n=20)
    kw = dict(KW, kind="proportion", target="shortfall", change=0.5)
    w = qi.ambition(zero, **kw).summary().warnings.iloc[0]
    assert "baseline" not in w, w
    # 19 of 20 a month in the baseline: 12 failures, too few for a narrow interval
    high = ward(y=np.r_[np.full(12, 19), np.full(36, 19)], n=20)
    w = qi.ambition(high, **kw).summary().warnings.iloc[0]
    assert "only 12 baseline failures (fewer than 40): wide intervals" in w, w
    assert "fewer than 2 failures per month" in w, w  # 1 failure a month in the window


def test_rare_events_in_quarters_are_not_told_to_use_quarters():
    # a quarterly return of about 1.5 events a quarter was told "use quarters" (trial 23)
    quarters = pd.date_range("2020-04-01", periods=16, freq="QS-APR")
    y = np.tile([1, 2, 1, 2], 4)
    data = pd.DataFrame({"ward": "A", "quarter": quarters, "y": y, "n": 1000})
    kw = dict(KW, x="quarter", deadline="2024-01-01", baseline=("2020-04-01", "2021-01-01"))
    w = qi.ambition(data, change=-0.5, **kw).summary().warnings.iloc[0]
    assert "fewer than 2 events per quarter: use G or T charts" in w, w
    assert "use quarters" not in w, w
    # monthly data of as few events are still told to use quarters
    w = qi.ambition(ward(y=np.tile([1, 2], 24)), change=-0.5, **KW).summary().warnings.iloc[0]
    assert "fewer than 2 events per month: use quarters, or G or T charts" in w, w


def test_a_window_longer_than_the_time_to_the_deadline_is_said_to_be_cut():
    # 36 months from Apr 2021 (after the baseline) to Mar 2024 (the deadline)
    s = qi.ambition(ward(), change=-0.5, window=100, **KW).summary().iloc[0]
    assert s.window_periods == 36
    assert "window=100 cut to 36 months: only 36 lie between the baseline and the deadline" in (
        s.warnings
    ), s.warnings
    assert "cut" not in qi.ambition(ward(), change=-0.5, window=36, **KW).summary().warnings[0]


def test_a_number_given_as_text_is_told_so():
    with pytest.raises(qi.ArgumentError) as err:
        qi.ambition(ward(), target="5", **KW)
    assert str(err.value) == (
        "target='5': a number given as text; an absolute target is a number (display units, "
        "after multiply): target=5."
    )
    with pytest.raises(qi.ArgumentError, match=r"target='fall': expected 'relative'"):
        qi.ambition(ward(), target="fall", **KW)


def test_a_bound_that_reads_as_the_target_but_is_not_it_gets_its_digits():
    # the window's 100 events have the Garwood lower bound ½χ²(0.025; 200) = 81.36; over
    # bed days that put it at 12.003 per 1,000 it read "(95% interval 12–16.9), which excludes
    # the target 12 per 1,000" (trial 23)
    lower = stats.chi2.ppf(0.025, 200) / 2
    exposure = lower * 1000 / 12.003
    y = [30] * 12 + [8, 9, 8, 8, 9, 8, 8, 9, 8, 8, 9, 8] * 3  # 100 events a year after it
    data = ward(y=y, n=np.r_[np.full(12, 1500.0), np.full(36, exposure / 12)])
    s = qi.ambition(data, change=-0.5, target=12, multiply=1000, **KW).summary().iloc[0]
    assert s.current_lower == pytest.approx(12.003, abs=1e-9)
    assert s.verdict == "not_met", s.reason
    assert "(95% interval 12.003–" in s.reason and "which excludes the target 12 per" in s.reason


def test_too_few_events_for_an_absolute_target_says_the_change_asked():
    # 94 % with a care plan (47 of 50 a month; 564 in the baseline) against a target of 95 %:
    # the change asked is 1 point, too small for a year of 600 patients to show, and "too few
    # events … 564 in the baseline" read as a small ward (trial 23). se of the log ratio if the
    # target were met, √(0.06/564 + 0.05/570) = 0.0140, and 2.80 × 0.0140 > ln(95/94) = 0.0106
    assert (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) * np.sqrt(
        0.06 / 564 + 0.05 / 570
    ) > np.log(95 / 94)
    data = ward(y=47, n=50)
    kw = dict(KW, kind="proportion", target=95, change=0.5, multiply=100, as_of="2023-03-01")
    s = qi.ambition(data, **kw).summary().iloc[0]
    assert s.verdict == "insufficient_data", s.reason
    assert s.reason.startswith(
        "too few events to tell no change from a change of the ambition's size (from 94% to 95%) "
        "with 80% power: ratio of proportions 1 (95% interval"
    ), s.reason
    # a relative target's size is the ambition's own, and not repeated
    rel = qi.ambition(ward(y=np.r_[np.full(12, 3), np.full(36, 2)]), change=-0.5, **KW)
    assert "size with 80% power" in rel.summary().reason.iloc[0]
