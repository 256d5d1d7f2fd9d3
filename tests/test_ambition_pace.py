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
    beta, cov = newton(np.column_stack([np.ones_like(t), t - centre]), y, n)
    return beta, cov, centre


def newton(design, y, n):
    """Poisson fit log μ = log n + design·β by Newton's method in numpy: β and its covariance."""
    beta = np.zeros(design.shape[1])
    beta[0] = np.log(y.sum() / n.sum())
    for _ in range(50):
        mu = n * np.exp(design @ beta)
        beta = beta + np.linalg.solve(design.T @ (mu[:, None] * design), design.T @ (y - mu))
    mu = n * np.exp(design @ beta)
    return beta, np.linalg.inv(design.T @ (mu[:, None] * design))


def broken_line(m, level, knot=25):
    """The columns of the pace whose slope may change at month ``knot`` (25: the first of the
    latest 12 of the 24 periods since the baseline, 12 before them), continuous there, on the
    trajectory's level g(m) (per month ``m``): 1, g − ḡ and h = g − g(knot) from the knot (0
    before); and the same columns at the window judged at the deadline, where g = ``level``."""
    g = np.array([level(v) for v in m])
    at_knot = level(knot)
    design = np.column_stack([np.ones_like(g), g - g.mean(), np.where(m >= knot, g - at_knot, 0.0)])
    return design, np.array([1.0, level(37) - g.mean(), level(37) - at_knot])


def stalled_ward(after=62.0, rise=1.0):
    """100 events a month on 10,000 bed days in months 1–12, ``after`` (±10 %, alternating)
    from month 13 to 36, times ``rise`` per month after the baseline."""
    x = np.arange(1, 37)
    level = np.where(x <= 12, 100.0, after * rise ** (x - 12.0))
    y = np.round(level * np.where(x % 2 == 0, 1.1, 0.9))
    return pd.DataFrame({"m": x, "n": 10000.0, "y": y})


def by_hand(df, first):
    """The pace by hand over months ``first``–36 (numpy Poisson fit of log μ = log n + a +
    b(g − ḡ) on the trajectory's log level g = s·ln 0.5, s = (m − 13)/24, which reaches the
    target at month 37, the first of the 12 judged at the deadline 48), carried to the judged
    window (g = ln 0.5 there) with its 95 % interval, per 1,000, the interval carrying the
    target's variance from the baseline, 1/K₀ on the log scale (Poisson); and z of b against
    1."""
    after = df[df.m >= first]
    g = (after.m.to_numpy(float) - 13) / 24 * np.log(0.5)
    (a, b), cov, centre = irls(g, after.y.to_numpy(), after.n.to_numpy())
    d = np.log(0.5) - centre
    k0 = df.y[df.m <= 12].sum()
    se = np.sqrt(cov[0, 0] + 2 * d * cov[0, 1] + d * d * cov[1, 1] + 1 / k0)
    z = stats.norm.ppf(0.975)
    return 1000 * np.exp(a + b * d + np.array([0.0, -z * se, z * se])), (b - 1) / np.sqrt(cov[1, 1])


def test_a_flat_pace_that_cannot_reach_the_target_is_off_track():
    # The window months 25–36 at 62 % of the baseline against the trajectory's
    # 0.5^((m − 13)/24) (about 61 %) is not behind; but the ward has been flat since the
    # baseline. The pace with its slope free to change at month 25 (the latest 12 periods,
    # 12 before them; a broken line, continuous there, by hand in numpy) is clearly slower
    # than the trajectory since then (b + c against 1) and carried to the judged window its
    # 95 % interval lies wholly above the target 50 %; so that recent pace is the one
    # reported and the ward is off track
    df = stalled_ward()
    s = qi.ambition(df, **KW, overdispersion=None, multiply=1000).summary().iloc[0]
    after = df[df.m > 12]
    design, at = broken_line(after.m.to_numpy(), lambda v: max(0, v - 13) / 24 * np.log(0.5))
    beta, cov = newton(design, after.y.to_numpy(), after.n.to_numpy())
    z = stats.norm.ppf(0.975)
    assert (beta[1] + beta[2] - 1) / np.sqrt(cov[1, 1] + 2 * cov[1, 2] + cov[2, 2]) < -z
    # the target is half the baseline's estimated rate: its variance on the log scale, 1/K₀
    # (Poisson), is the pace's too (the fit rests on the periods after the baseline alone)
    se = np.sqrt(at @ cov @ at + 1 / df.y[df.m <= 12].sum())
    want = 1000 * np.exp(at @ beta + np.array([0.0, -z * se, z * se]))
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(want, rel=1e-8)
    assert want[1] > s.target_value and s.trajectory_status != "behind"
    assert s.projection == "not_projected" and s.verdict == "off_track", s.reason
    # the projected date is the recent pace's: no clear trend since it began
    assert "no clear trend towards the target since 25" in s.reason
    assert "it has not kept up with the trajectory since 25 (clearly slower than it)" in s.reason
    assert "at its pace along the trajectory over the last 12 periods" in s.reason
    assert "in 37–48, the window judged at the deadline" in s.reason
    assert "the target would not be reached by 48" in s.reason


def test_a_pace_that_keeps_up_is_the_pace_since_the_baseline():
    # A ward on the trajectory (±10 %, alternating): its latest 12 periods are not slower than
    # the trajectory, so the pace reported is the fit over every period since the baseline
    # (months 13–36), by hand; on track, and the reason quotes the 24 periods
    m = np.arange(1, 37)
    level = np.where(m <= 12, 100.0, 100 * 0.5 ** ((m - 13) / 24))
    df = pd.DataFrame({"m": m, "n": 10000.0, "y": np.round(level * np.where(m % 2, 0.9, 1.1))})
    s = qi.ambition(df, **KW, overdispersion=None, multiply=1000).summary().iloc[0]
    want = by_hand(df, 13)[0]
    assert abs(by_hand(df, 25)[1]) < 1  # the recent pace keeps up
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(want, rel=1e-8)
    assert s.verdict == "on_track", s.reason
    assert "kept up" not in s.reason


def test_a_ward_on_a_linear_path_is_not_misread_by_the_pace():
    # trajectory="linear", exactly on it with a million bed days a month (issue: a log-linear
    # trend through a linear fall "clearly" missed the target): the pace along the trajectory
    # fits it exactly, so the ward is on track at every look and met at the deadline; a ward
    # 10 % ahead of it too
    m = np.arange(1, 49)
    s_ = np.clip((m - 13) / 24, 0, 1)
    frames = [
        pd.DataFrame({"m": m, "n": 1e6, "y": np.round(20000 * f), "ward": w})
        for w, f in {"on": 1 - 0.5 * s_, "ahead": 1 - 0.55 * s_}.items()
    ]
    df = pd.concat(frames)
    kw = {**KW, "trajectory": "linear", "by": "ward", "overdispersion": None}
    for look in (24, 30, 36, 42, 47):
        s = qi.ambition(df[df.m <= look], **kw).summary()
        assert (s.verdict == "on_track").all(), (look, s.reason.tolist())
    s = qi.ambition(df, **kw).summary()
    assert (s.verdict == "met").all(), s.reason.tolist()


def test_a_trend_away_from_the_target_is_off_track_even_when_the_level_is_not_behind():
    # the rate creeps up 1 % a month after a 50 % fall: the window (about 60 % of the
    # baseline) is not behind the trajectory's 61 % yet, but the pace heads away from 50 %
    s = qi.ambition(stalled_ward(50.0, 1.01), **KW, overdispersion=None).summary().iloc[0]
    assert s.trajectory_status != "behind" and s.verdict == "off_track", s.reason


def test_a_ward_already_at_the_target_with_a_flat_trend_is_on_track():
    # 45 events a month after the baseline (target 50): no fall left to make
    s = qi.ambition(stalled_ward(45.0), **KW, overdispersion=None).summary().iloc[0]
    assert s.verdict == "on_track", s.reason


def test_a_pace_that_cannot_tell_stalling_from_the_target_is_insufficient():
    # 6.2 events a month, flat after the baseline: the pace's value over the judged window
    # has a standard error of about 0.17 on the log scale, too wide to show with 80 % power
    # the fall the trajectory asks after the window (from its mean level in months 25–36,
    # 0.5^0.729, to 0.5: 0.19 on the log scale; 2.80 × 0.17 = 0.47)
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
    s = qi.ambition(df, **kw, as_of="2024-09-01").summary().iloc[0]
    assert s.current_end == pd.Timestamp("2024-02-01")
    assert s.reason.startswith("no data after Feb 2024 (as of Sep 2024): "), s.reason
    # alone, without as_of, the closed months do not set the date judged (Session 6): it is
    # judged as of Feb 2024, its latest data
    alone = qi.ambition(df, **kw).summary().iloc[0]
    assert alone.current_end == pd.Timestamp("2024-02-01")
    assert "no data after" not in alone.reason, alone.reason
    # a ward with data to the end says nothing of the kind
    df["n"], df["y"] = 1000.0, rng.poisson(10, m.size)
    assert "no data after" not in qi.ambition(df, **kw).summary().reason.iloc[0]


def test_no_n_for_a_rate_points_to_kind_mean():
    df = stalled_ward()
    with pytest.raises(qi.QIStatsError, match=r"n=None: kind='rate' needs .*kind='mean'"):
        qi.ambition(df, **{**KW, "n": None})


def test_the_reason_is_that_of_the_first_check_that_applies():
    # BRI5 in Sep 2022, 18 months after the baseline: its window can neither tell the
    # trajectory's fall by now from no change nor its pace stalling from the target (the pace's
    # standard error over the judged window, from its interval with t(16) quantiles, times
    # z₀.₉₇₅ + z₀.₈ is about twice the fall still asked); the reason is the first of those
    # checks (the window's), as the decision order has it
    df = qi.datasets.restrictive_practice()
    s = (
        qi.ambition(
            df[df.ward == "BRI5"],
            y="restraints",
            n="bed_days",
            x="month",
            baseline=("2020-04-01", "2021-03-01"),
            change=-0.5,
            deadline="2024-03-01",
            as_of="2022-09-01",
        )
        .summary()
        .iloc[0]
    )
    lo, hi = s.deadline_projection_lower, s.deadline_projection_upper
    se = np.log(hi / lo) / (2 * stats.t.ppf(0.975, 16))
    asked = abs(np.log(0.5) - np.log1p(s.trajectory_change / 100))
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert z * se > 1.5 * asked and s.projection == "not_projected", (se, asked)
    assert s.verdict == "insufficient_data"
    assert s.reason.startswith("too early to tell: the trajectory expects a 2"), s.reason


def test_means_on_the_trajectory_are_on_track_and_stalled_means_are_not():
    # kind="mean": 300 wards, 20 measurements a month (sd 30 % of the baseline mean 10),
    # baseline months 1–12, deadline 48; the pace is weighted least squares of the period
    # means on the trajectory. On the trajectory (0.5 from month 37, the judged window's
    # start): on track a year and a month before the deadline, and at the deadline exactly at
    # the target (met about half the time); a 25 % fall that stalled: neither.
    rng = np.random.default_rng(17)
    m = np.arange(1, 49)
    paths = {
        "on": 0.5 ** np.clip((m - 13) / 24, 0, 1),
        "stalled": np.where(m <= 12, 1.0, 0.75),
    }
    frames = []
    for name, path in paths.items():
        mu = np.repeat(10 * path, 20)
        vals = rng.normal(np.tile(mu, 300), 3.0)
        frames.append(
            pd.DataFrame(
                {
                    "ward": np.repeat([f"{name}{i}" for i in range(300)], m.size * 20),
                    "m": np.tile(np.repeat(m, 20), 300),
                    "los": vals,
                }
            )
        )
    df = pd.concat(frames)
    kw = {"y": "los", "x": "m", "by": "ward", "kind": "mean", "baseline": (1, 12)}
    kw.update(change=-0.5, deadline=48)
    got = {}
    for look in (36, 47, 48):
        s = qi.ambition(df[df.m <= look], **kw).summary()
        course = s.ward.str.rstrip("0123456789")
        got[look] = {
            c: s.verdict[course == c].value_counts(normalize=True).round(3).to_dict() for c in paths
        }
    msg = f"verdicts at months 36/47/48: {got}"
    print(msg)
    for look in (36, 47):
        assert got[look]["on"].get("on_track", 0.0) >= 0.85, msg
        assert got[look]["stalled"].get("on_track", 0.0) <= 0.02, msg
    assert 0.35 <= got[48]["on"].get("met", 0.0) <= 0.65, msg
    assert got[48]["stalled"].get("met", 0.0) <= 0.01, msg


def test_a_stalled_mean_reports_its_recent_pace_by_hand():
    # kind="mean", one measurement a month: 10 (±5 %, alternating) in the baseline, 6.2
    # (±5 %) from month 13 to 36: in months 25–36 not behind the trajectory (about 6.1
    # there). The trajectory is Tₘ = 10·0.5^s (s = (m − 13)/24, at the target 5 from month
    # 37); the pace is least squares of the means on g = Tₘ − 10, here with its slope free to
    # change at month 25 (continuous there). Since then it is flat, clearly slower than the
    # trajectory (b + c against 1, t with 24 − 3 degrees of freedom), and carried to the
    # judged window (g = −5) it misses the target: the reported pace is that fit by hand, its
    # interval ±t₀.₉₇₅(21)·se, and the ward is off track since month 25
    m = np.arange(1, 37)
    wobble = np.where(m % 2, 0.95, 1.05)
    df = pd.DataFrame({"m": m, "y": np.where(m <= 12, 10.0, 6.2) * wobble})
    kw = {k: v for k, v in KW.items() if k != "n"}
    s = qi.ambition(df, **kw, kind="mean").summary().iloc[0]
    after = df[df.m > 12]
    design, at = broken_line(after.m.to_numpy(), lambda v: 10 * 0.5 ** (max(0, v - 13) / 24) - 10)
    beta, res, *_ = np.linalg.lstsq(design, after.y.to_numpy(), rcond=None)
    cov = res[0] / (24 - 3) * np.linalg.inv(design.T @ design)
    q = stats.t.ppf(0.975, 21)
    assert (beta[1] + beta[2] - 1) / np.sqrt(cov[1, 1] + 2 * cov[1, 2] + cov[2, 2]) < -q
    # the target is half the baseline mean: (1/2)² times the baseline mean's variance, the
    # 12 months' sample variance over 12, is the target's, carried by the pace's interval
    v_target = 0.25 * df.y[df.m <= 12].var(ddof=1) / 12
    se = np.sqrt(at @ cov @ at + v_target)
    want = at @ beta + np.array([0.0, -q * se, q * se])
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(want, rel=1e-8)
    assert s.verdict == "off_track" and s.trajectory_status != "behind", s.reason
    assert "it has not kept up with the trajectory since 25" in s.reason
