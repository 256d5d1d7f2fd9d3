"""The pace's test against a target that rests on the baseline's estimated level (trial 24).

The pace is fitted to the periods after the baseline alone; a relative target is a multiple of
the baseline's *estimated* level. Its sampling error is part of the pace's comparison with the
target (as it is of the window's with the trajectory): without it a ward exactly on the
trajectory was read as clearly short of the target for 4.4 % of simulated wards (100 events a
month, φ = 2, 24 months after the baseline) where α/2 = 2.5 % is meant. Hand calculations in
numpy (the Poisson fit by Newton's method) and a simulation with a known truth, its rates
printed and bounded. ``benchmarks/ambition_pace_errors.py`` prints the full table.

A year after the baseline the recent pace (the latest 6 of 12 periods) was a third route to
"off_track", nearly apart from the window and the pace since the baseline: it now decides
only once it spans a year's periods, and before that its slowing withholds "on_track" only.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

from .ambition_simulation import (
    BASELINE_END,
    MONTHS,
    compound_trajectory,
    constant_fall,
    rate_wards,
    track,
)
from .test_ambition_pace import KW, broken_line, by_hand, newton

WARDS = 3000


def _g(m):
    """The compound trajectory's log level relative to the baseline (−50 % reached at 37)."""
    return np.clip((m - 13) / 24, 0, 1) * np.log(0.5)


def _recent_by_hand(df, v_target, scale=1.0, knot=25):
    """The recent pace by hand (numpy): the Poisson fit on the broken line whose slope may
    change at month ``knot`` (test_ambition_pace), carried to the judged window, its 95 %
    interval with the target's variance ``v_target`` added; and z of its recent slope
    against 1."""
    after = df[df.m > 12]
    design, at = broken_line(after.m.to_numpy(), lambda v: _g(float(v)), knot)
    beta, cov = newton(design, after.y.to_numpy(), after.n.to_numpy())
    z = stats.norm.ppf(0.975)
    se = np.sqrt(at @ cov @ at + v_target)
    slow = (beta[1] + beta[2] - 1) / np.sqrt(cov[1, 1] + 2 * cov[1, 2] + cov[2, 2])
    return scale * np.exp(at @ beta + np.array([0.0, -z * se, z * se])), slow


def test_a_proportion_s_pace_carries_the_baseline_s_binomial_variance():
    # A proportion flat at 60 % of 500 a month since its baseline at 80 %, "halve it" by 48,
    # judged at 36: it has not kept up with the trajectory since month 25, and that recent
    # pace (a Poisson fit of the successes on the trajectory's log level, in numpy) carried
    # to the judged window has the variance of the fit plus the target's: (1 − p₀)/K₀ on the
    # log scale (the target is half the baseline's estimated proportion; binomial, no
    # overdispersion). Clearly short: off track.
    m = np.arange(1, 37)
    y = np.where(m <= 12, 400, 300) + np.where(m % 2, -6, 6)
    df = pd.DataFrame({"m": m, "n": 500.0, "y": y.astype(float)})
    kw = {"y": "y", "n": "n", "x": "m", "baseline": (1, 12), "change": -0.5, "deadline": 48}
    s = qi.ambition(df, **kw, kind="proportion", overdispersion=None).summary().iloc[0]
    k0 = df.y[df.m <= 12].sum()
    p0 = k0 / df.n[df.m <= 12].sum()
    want, slow = _recent_by_hand(df, (1 - p0) / k0)
    assert slow < -stats.norm.ppf(0.975)
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(want, rel=1e-8)
    assert want[1] > s.target_value and s.verdict == "off_track", s.reason


def test_an_absolute_target_adds_nothing_to_the_pace():
    # "down to 50 per 1,000": a fixed number, no sampling error. A ward flat at 70 per 1,000
    # since its baseline at 100: the recent pace's interval is the fit's alone (numpy; the
    # trajectory from 100 to 50 per 1,000 has the shape of a 50 % fall)
    m = np.arange(1, 37)
    y = np.where(m <= 12, 100.0, 70.0) + np.where(m % 2, -5, 5)
    df = pd.DataFrame({"m": m, "n": 1000.0, "y": y})
    kw = {"y": "y", "n": "n", "x": "m", "baseline": (1, 12), "deadline": 48}
    s = qi.ambition(df, **kw, target=50, multiply=1000, change=-0.5, overdispersion=None)
    s = s.summary().iloc[0]
    want, slow = _recent_by_hand(df, 0.0, scale=1000)
    assert slow < -stats.norm.ppf(0.975)
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(want, rel=1e-8)


@pytest.mark.parametrize("phi", [1.0, 2.0, 3.0])
def test_a_ward_on_the_trajectory_is_rarely_read_as_short_by_its_pace(phi):
    # 3,000 wards exactly on the compound trajectory to −50 %, 100 events a month at baseline,
    # judged 24 months after it: the pace that decides (since the baseline, or the recent one
    # where it slowed) with its interval at the judged window wholly above the target. A
    # share's standard error is about 0.3 points. Before the target's variance was carried
    # (same seeds): 4.1 % (φ = 1), 5.1 % (φ = 2), 5.5 % (φ = 3); now 2.5 %, 3.5 %, 3.4 %: the
    # pace since the baseline alone is at its nominal α/2 = 2.5 % (benchmarks/
    # ambition_pace_errors.py), and the recent pace, a second look where the slope has
    # slowed, adds about a point. "off_track" as a whole: 4.7 %, 6.0 %, 6.2 % before; 3.4 %,
    # 4.6 %, 4.4 % now. "on_track" is what it was (0.949, 0.934, 0.929): the wards no longer
    # read as clearly short are "insufficient_data" ("short of the target, though not
    # clearly"), not "on_track".
    df = rate_wards(2400 + int(phi), WARDS, compound_trajectory(MONTHS, 0.5), 100.0, phi=phi)
    s = track(df[df.month <= BASELINE_END + 24]).summary()
    short = float(np.mean(s.deadline_projection_lower > s.target_value))
    off = float(np.mean(s.verdict == "off_track"))
    on = float(np.mean(s.verdict == "on_track"))
    msg = f"φ={phi}: pace short {short:.4f}, off_track {off:.4f}, on_track {on:.4f}"
    print(msg)
    assert short <= 0.04, msg
    assert off <= 0.05 + 3 * 0.004, msg
    assert on >= 0.92, msg


@pytest.mark.parametrize("per_month", [20.0, 100.0])
def test_a_stalled_ward_is_still_told_off_track_by_its_pace(per_month):
    # what it costs: wards that fell 25 % at once and stalled (target −50 %), 3,000 wards at
    # φ = 2, 24 months after the baseline. Before: off_track 0.701 (20 a month) and 0.999
    # (100), on_track 0.036 and 0.001; now off_track 0.605 and 0.997, on_track the same: the
    # wards the pace no longer calls clearly short are "insufficient_data", not "on_track"
    df = rate_wards(2500 + int(per_month), WARDS, constant_fall(0.25), per_month, phi=2.0)
    s = track(df[df.month <= BASELINE_END + 24]).summary()
    off = float(np.mean(s.verdict == "off_track"))
    on = float(np.mean(s.verdict == "on_track"))
    msg = f"{per_month:g} a month: off_track {off:.4f}, on_track {on:.4f}"
    print(msg)
    assert off >= {20.0: 0.5, 100.0: 0.98}[per_month], msg
    assert on <= 0.05, msg


def _ramp(last):
    """1,000 events a month on 10,000 bed days in months 1–12 (±2 %, alternating), falling
    35 % over months 13–18 and flat from 19, up to month ``last``."""
    m = np.arange(1, last + 1)
    level = 1000 * (1 - 0.35 * np.clip((m - 12) / 6, 0, 1))
    return pd.DataFrame({"m": m, "n": 10000.0, "y": np.round(level * np.where(m % 2, 0.98, 1.02))})


def test_a_pace_slowing_over_half_a_year_withholds_on_track_but_does_not_decide():
    # 12 months after the baseline the recent pace is the latest 6 periods (months 19–24),
    # flat: its slope is clearly slower than the trajectory's (b + c against 1, z = −4.6) and
    # carried to the judged window its interval lies wholly above the target; before, that
    # made the ward "off_track". With fewer than a year's periods it no longer decides: the
    # pace since the baseline (months 13–24, one slope on the trajectory, by hand) is the one
    # reported, ahead of the target, and the slowing withholds "on_track"
    df = _ramp(24)
    kw = {"overdispersion": None, "multiply": 1000}
    s = qi.ambition(df, **KW, **kw).summary().iloc[0]
    recent, slow = _recent_by_hand(df, 1 / df.y[df.m <= 12].sum(), scale=1000, knot=19)
    assert slow < -stats.norm.ppf(0.975) and recent[1] > s.target_value  # "off_track" before
    want = by_hand(df, 13)[0]
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(want, rel=1e-8)
    assert want[2] < s.target_value and s.trajectory_status == "ahead"
    assert s.verdict == "insufficient_data", s.reason
    assert "it has not kept up with the trajectory since 19 (clearly slower than it)" in s.reason
    assert "at its pace along the trajectory over the last 12 periods" in s.reason
    assert s.reason.endswith(
        ": too soon to tell whether it has stalled (that needs 12 periods since it slowed)"
    )
    # 18 months after it, the latest 12 periods (months 19–30): the recent pace decides
    later = _ramp(30)
    s = qi.ambition(later, **KW, **kw).summary().iloc[0]
    recent, slow = _recent_by_hand(later, 1 / later.y[later.m <= 12].sum(), scale=1000, knot=19)
    got = [s.deadline_projection, s.deadline_projection_lower, s.deadline_projection_upper]
    assert got == pytest.approx(recent, rel=1e-6)
    assert s.verdict == "off_track", s.reason
    assert "over the last 12 periods" in s.reason and "too soon" not in s.reason


def test_on_the_trajectory_a_year_after_the_baseline_off_track_stays_within_alpha():
    # 3,000 wards a row exactly on the compound trajectory to −50 %, 20 and 100 events a
    # month, φ = 2 and 3, judged 12 months after the baseline, where "off_track" has three
    # routes: the window behind the trajectory, the pace since the baseline (each one-sided
    # at α/2) and the recent pace, then the latest 6 periods. Before, that recent pace
    # decided too, a third test at α/2 that correlates 0.46 with the pace since the baseline:
    # these rows were "off_track" for 6.07, 5.13, 6.13 and 6.23 % (mean 5.89 %, standard error
    # about 0.2 points); now 4.47, 3.43, 4.93 and 4.57 % (mean 4.35 %). "on_track" is the same
    # (0.045, 0.029, 0.486, 0.278): the wards whose recent pace has slowed are
    # "insufficient_data" as before.
    rates = []
    for per_month in (20.0, 100.0):
        for phi in (2.0, 3.0):
            seed = 2600 + int(per_month) + int(phi)
            df = rate_wards(
                seed, WARDS, compound_trajectory(MONTHS, 0.5), per_month, phi=phi, last_month=24
            )
            s = track(df).summary()
            off = float(np.mean(s.verdict == "off_track"))
            slowing = s.reason.str.contains("too soon to tell whether it has stalled")
            msg = f"{per_month:g} a month, φ={phi:g}: off_track {off:.4f}"
            print(msg + f", slowing {slowing.mean():.4f}")
            assert off <= 0.05 + 2 * 0.004, msg
            assert (s.verdict[slowing] == "insufficient_data").all()
            rates.append(off)
    assert np.mean(rates) <= 0.05, rates
