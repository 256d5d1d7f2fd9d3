"""Reasons that say what the numbers beside them show (trial 12, audit A items 7, 8 and 9): an
"on_track" ward whose own pace misses the target, a ward that sits at about its target, and
gaps inside the judged window. The expected words and numbers come from each scenario."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

BASELINE = ("2020-04-01", "2021-03-01")


def _ward(y, n=1000.0, freq="MS"):
    x = pd.date_range("2020-04-01", periods=len(y), freq=freq)
    return pd.DataFrame({"month": x, "y": np.asarray(y, dtype=float), "n": n})


def _judge(df, **kw):
    args = dict(y="y", n="n", x="month", baseline=BASELINE, change=-0.5, deadline="2024-03-01")
    return qi.ambition(df, multiply=1000, **{**args, **kw}).summary().iloc[0]


def test_on_track_names_its_own_pace_when_it_misses_the_target():
    # bundled ward CAS3 judged in Dec 2022 (audit A item 7): 1.22× the trajectory (0.96–1.55),
    # not clearly behind it, so "on_track"; but its pace since the baseline, carried to the
    # window judged at the deadline, is 16.8 per 1,000 (11.5–24.5 with the target's own
    # uncertainty from the baseline carried, 11.96–23.6 without it) against a target of
    # 12.2: the point estimate misses, so the reason says so
    df = qi.datasets.restrictive_practice()
    kw = dict(y="restraints", n="bed_days", x="month", by="ward", baseline=BASELINE)
    s = qi.ambition(
        df, change=-0.5, deadline="2024-03-01", multiply=1000, as_of="2022-12-01", **kw
    ).summary()
    cas3 = s.set_index("ward").loc["CAS3"]
    assert cas3.verdict == "on_track"
    assert cas3.reason.startswith(
        "rate in Jan 2022–Dec 2022 was 19.7 per 1,000 (a 19% fall on the baseline; the "
        "trajectory expects a 34% fall by now), 1.22× the trajectory (95% interval 0.96–1.55), "
        "not clearly behind it: on track by the trajectory, target 12.2 per 1,000 by Mar 2024"
    ), cas3.reason
    assert cas3.reason.endswith(
        ", though at its pace since Apr 2021 the rate would be 16.8 per 1,000 in Apr 2023–Mar "
        "2024, the window judged at the deadline (95% interval 11.5–24.5), above the target"
    ), cas3.reason
    # the other wards on track that day have a pace at or under their target: no such words
    others = s[(s.verdict == "on_track") & (s.ward != "CAS3")]
    assert len(others) > 0
    assert (others.deadline_projection <= others.target_value).all()
    assert not others.reason.str.contains("though at its pace|by the trajectory").any()


def test_a_ward_at_about_its_target_is_told_so_not_too_early():
    # 30 per 1,000 bed days in the baseline, then 16 a month from Apr 2021 (a step to 0.533 of
    # the baseline, target 0.5), judged in Dec 2023, three months before the deadline: the
    # window Jan–Dec 2023 has 192 events over 12,000 bed days against 360 over 12,000
    df = _ward(np.r_[np.full(12, 30), np.full(33, 16)])
    s = _judge(df)
    # the exact conditional interval: 192 of 552 events, Clopper–Pearson, π/(1 − π)
    lo, hi = stats.beta.ppf(0.025, 192, 361), stats.beta.ppf(0.975, 193, 360)
    ratio_lo, ratio_hi = lo / (1 - lo), hi / (1 - hi)
    # Jeffreys: P(RR ≤ 0.5) = F(2·192.5, 2·360.5) at 0.5 · 360.5/192.5
    prob = stats.f.cdf(0.5 * 360.5 / 192.5, 385, 721)
    assert s.verdict == "insufficient_data"
    assert s.rate_ratio_lower == pytest.approx(ratio_lo, rel=1e-6)
    assert s.rate_ratio_upper == pytest.approx(ratio_hi, rel=1e-6)
    assert s.prob_target_met == pytest.approx(prob, rel=1e-6)
    expected = (
        "at about the target level now: rate in Jan 2023–Dec 2023 was 16 per 1,000 (a 47% fall "
        "on the baseline), target 15 per 1,000 by Mar 2024; rate ratio 0.533 (95% interval "
        f"{ratio_lo:.3f}–{ratio_hi:.3f}), which includes the target ratio 0.5; whether it will be "
        f"met is uncertain (probability {prob:.2f})"
    )
    assert s.reason == expected
    assert "too early" not in s.reason and "no clear trend" not in s.reason


@pytest.mark.parametrize(
    ("freq", "closed", "expected"),
    [
        ("MS", [37, 40, 42, 44], "(8 of 12 months with data)"),
        ("QS", [13], "(3 of 4 quarters with data)"),
    ],
)
def test_gaps_inside_the_judged_window_are_named(freq, closed, expected):
    # audit A item 9: closed periods (no bed days, no events) inside the window judged at the
    # deadline; 20 events per 1,000 in the baseline, 8 after it: met, on the periods with data
    per = 1 if freq == "MS" else 3
    periods = 48 // per
    y = np.r_[np.full(12 // per, 20.0), np.full(periods - 12 // per, 8.0)]
    n = np.full(periods, 1000.0)
    y[closed], n[closed] = 0.0, 0.0
    s = _judge(_ward(y, n, freq))
    assert s.verdict == "met"
    assert s.reason.startswith(f"rate in Apr 2023–Mar 2024 {expected} was 8 per 1,000, "), s.reason
    # every period with data: no such words
    full = _judge(_ward(np.where(n > 0, y, 8.0), 1000.0, freq))
    assert full.reason.startswith("rate in Apr 2023–Mar 2024 was 8 per 1,000, "), full.reason


def test_gaps_are_counted_when_the_last_month_is_missing_too():
    # trial 12 (new 3): a ward missing its last month (Mar 2024) and two inside the window
    # (Aug 2023, Jan 2024) is quoted to Feb 2024, 11 months, of which 9 have data
    y = np.r_[np.full(12, 20.0), np.full(35, 8.0)]  # Apr 2020 – Feb 2024
    n = np.full(47, 1000.0)
    y[[40, 45]], n[[40, 45]] = 0.0, 0.0
    a = _ward(y, n).assign(ward="A")
    b = _ward(np.r_[y, 8.0], np.r_[n, 1000.0]).assign(ward="B")  # to Mar 2024: the as_of
    args = dict(y="y", n="n", x="month", by="ward", baseline=BASELINE, change=-0.5)
    amb = qi.ambition(pd.concat([a, b]), deadline="2024-03-01", multiply=1000, **args)
    s = amb.summary().set_index("ward").loc["A"]
    assert s.reason.startswith(
        "no data after Feb 2024 (as of Mar 2024): rate in Apr 2023–Feb 2024 "
        "(9 of 11 months with data) was 8 per 1,000"
    ), s.reason
