"""The pace after the baseline: the trend carried to the deadline, and the reasons that quote it."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

KW = {"y": "y", "n": "n", "x": "m", "baseline": (1, 12), "change": -0.5, "deadline": 48}


def irls(t, y, n):
    """Poisson log-linear fit log μ = log n + a + b(t − t̄) by Newton's method in numpy:
    (a, b), their covariance and t̄."""
    centre = t.mean()
    design = np.column_stack([np.ones_like(t), t - centre])
    beta = np.array([np.log(y.sum() / n.sum()), 0.0])
    for _ in range(50):
        mu = n * np.exp(design @ beta)
        beta = beta + np.linalg.solve(design.T @ (mu[:, None] * design), design.T @ (y - mu))
    mu = n * np.exp(design @ beta)
    return beta, np.linalg.inv(design.T @ (mu[:, None] * design)), centre


def stalled_ward(after=75.0, rise=1.0):
    """100 events a month on 10,000 bed days in months 1–12, ``after`` (±10 %, alternating)
    from month 13 to 36, times ``rise`` per month after the baseline."""
    x = np.arange(1, 37)
    level = np.where(x <= 12, 100.0, after * rise ** (x - 12.0))
    y = np.round(level * np.where(x % 2 == 0, 1.1, 0.9))
    return pd.DataFrame({"m": x, "n": 10000.0, "y": y})


def test_a_flat_trend_that_cannot_reach_the_target_is_off_track():
    # window months 25–36 at 75 % of the baseline against a trajectory at about 71 %: not
    # behind; but at the flat trend of months 13–36 the rate at month 48 is still 75 %, and
    # its 95 % interval (numpy fit by hand) lies wholly above the target 50 %
    df = stalled_ward()
    s = qi.ambition(df, **KW, overdispersion=None, multiply=1000).summary().iloc[0]
    after = df[df.m > 12]
    (a, b), cov, centre = irls(after.m.to_numpy(float), after.y.to_numpy(), after.n.to_numpy())
    d = 48 - centre
    se = np.sqrt(cov[0, 0] + 2 * d * cov[0, 1] + d * d * cov[1, 1])
    z = stats.norm.ppf(0.975)
    want = 1000 * np.exp(a + b * d + np.array([0.0, -z * se, z * se]))
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(want, rel=1e-8)
    assert want[1] > s.target_value and s.trajectory_status != "behind"
    assert s.projection == "not_projected" and s.verdict == "off_track", s.reason
    assert "no clear improvement since 13" in s.reason
    assert "at the trend of the last 24 periods" in s.reason
    assert "the target is not reached by 48" in s.reason


def test_a_trend_away_from_the_target_is_off_track_even_when_the_level_is_not_behind():
    # the rate creeps up 1 % a month after a 40 % fall: the window (about 72 % of the
    # baseline) is not behind the trajectory's 71 % yet, but the trend heads away from 50 %
    s = qi.ambition(stalled_ward(60.0, 1.01), **KW, overdispersion=None).summary().iloc[0]
    assert s.trajectory_status != "behind" and s.verdict == "off_track", s.reason


def test_a_ward_already_at_the_target_with_a_flat_trend_is_on_track():
    # 45 events a month after the baseline (target 50): no fall left to make
    df = stalled_ward()
    df["y"] = np.where(df.m > 12, np.round(df.y * 45 / 75), df.y)
    s = qi.ambition(df, **KW, overdispersion=None).summary().iloc[0]
    assert s.verdict == "on_track", s.reason


def test_a_trend_that_cannot_tell_stalling_from_the_pace_needed_is_insufficient():
    # 7.5 events a month, flat after the baseline: the trend's value at the deadline has a
    # standard error of about √(1/180 + 2²/60) = 0.27 on the log scale, too wide to show the
    # fall the trajectory leaves for the last year (ln(0.71/0.5)·… with 80 % power)
    df = stalled_ward()
    df["n"] = 1000.0
    df["y"] = np.round(df.y / 10)
    s = qi.ambition(df, **KW, overdispersion=None).summary().iloc[0]
    assert s.verdict == "insufficient_data", s.reason
    assert s.reason.startswith("too early to tell whether the pace is enough"), s.reason


def test_a_closed_ward_says_since_when_it_has_no_data():
    # bed days 0 (closed) from Mar 2024: the window Oct 2023–Sep 2024 holds five months
    m = pd.date_range("2021-04-01", "2024-09-01", freq="MS")
    rng = np.random.default_rng(3)
    n = np.where(m >= "2024-03-01", 0.0, 1000.0)
    y = np.where(n > 0, rng.poisson(10, m.size), 0)
    df = pd.DataFrame({"m": m, "n": n, "y": y})
    kw = {**KW, "baseline": ("2021-04-01", "2022-03-01"), "deadline": "2025-03-01"}
    s = qi.ambition(df, **kw).summary().iloc[0]
    assert s.current_end == pd.Timestamp("2024-02-01")
    assert s.reason.startswith("no data after Feb 2024 (as of Sep 2024): "), s.reason
    # a ward with data to the end says nothing of the kind
    df["n"], df["y"] = 1000.0, rng.poisson(10, m.size)
    assert "no data after" not in qi.ambition(df, **kw).summary().reason.iloc[0]


def test_no_n_for_a_rate_points_to_kind_mean():
    df = stalled_ward()
    with pytest.raises(qi.QIStatsError, match=r"n=None: kind='rate' needs .*kind='mean'"):
        qi.ambition(df, **{**KW, "n": None})


def test_the_reason_is_that_of_the_first_check_that_applies():
    # BRI2 a year before the deadline: 5 % above its baseline, its window can neither tell the
    # trajectory's 29 % from no change nor its trend stalling from the pace needed; the reason
    # is the first of those checks (the window's), as the decision order has it
    df = qi.datasets.restrictive_practice()
    s = qi.ambition(
        df[df.ward == "BRI2"],
        y="restraints",
        n="bed_days",
        x="month",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        as_of="2023-03-01",
    ).summary()
    assert s.verdict.iloc[0] == "insufficient_data"
    assert s.reason.iloc[0].startswith("too early to tell: the trajectory expects a 29% fall")
