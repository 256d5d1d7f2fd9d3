"""Error rates of ``qi.ambition``'s intervals and verdicts on simulated wards with a known truth.

Every test simulates thousands of wards (fixed seeds) and judges them in one ``qi.ambition``
call through ``by=``; the measured rates are printed in the assertion messages. The scenarios
and the stated priors are in ``tests/ambition_simulation.py``;
``benchmarks/ambition_error_rates.py`` runs them on more wards for the figures in
``docs/ambition_verdicts.rst``.

Run time (issue 14 asks for under 60 s on a quiet machine), measured in Session 6 with
``time python -m pytest -q -p no:cacheprovider tests/test_ambition_simulation.py``: 29 tests,
49.8 s user + 3.3 s system CPU (one process, so about the wall time on a quiet machine). The
shared 2-core machine was never quiet that session: the wall time was 85 s at a load average of
7 and 291 s at 11. A quiet-machine wall time was not measured; nothing was trimmed.

Session 16 made ``qi.ambition`` itself faster (same results bit for bit; no size here changed):
run alternately with the code before and after, on the same busy machine (load 6-10), the
module took 60.5 and 62.8 s CPU before and 39.1 and 44.6 s after (user + system); 53.7 s before
at a load of 0.7. The calibration tests cannot be made smaller: the absolute target's worst
bin is 0.048 against the bound 0.05, with a standard error of about 0.016 at its ~860
effective wards; nor the coverage tests (0.944-0.950 against 0.94, standard error 0.003-0.004).
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

from .ambition_simulation import (
    FALLS,
    at_the_deadline,
    before_and_at_deadline,
    calibration,
    constant_fall,
    coverage,
    early_looks,
    gaps_in_the_window,
    gradual_stalls,
    no_change,
    on_trajectory,
    quarterly,
    spiked,
    stalled,
    verdict_shares,
)

WARDS = 3000
NOMINAL_BEHIND = 0.025  # "behind": the 95 % interval of O/E wholly above 1 (one side of it)
Z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)  # the power check's z₁₋α/₂ + z₀.₈


@pytest.mark.parametrize("expected", [5, 10, 400])
@pytest.mark.parametrize("phi", [1.0, 3.0])
def test_interval_coverage_for_rates(expected, phi):
    # 95 % intervals of the baseline rate, the current rate and the rate ratio (true 0.7), with
    # `expected` events in the 12 baseline months; φ estimated from the data
    got = coverage(seed=int(expected * 10 + phi), n_wards=WARDS, expected=expected, phi=phi)
    rates = ", ".join(f"{k} {v:.3f}" for k, v in got.items())
    msg = f"coverage (nominal 0.95) at {expected} events, φ={phi}: {rates}"
    print(msg)
    assert min(got.values()) >= 0.94, msg


@pytest.mark.parametrize("expected", [5, 10])
def test_baseline_coverage_when_bed_days_vary_widely(expected):
    # bed days 100–2,000 a month, φ = 3: months of very few expected events have heavy-tailed
    # residuals, and unweighted they made φ̂ too small too often: on these wards the baseline
    # covered 0.937 (5 events) and 0.932 (10). Each successive difference is now weighted by
    # the inverse of its variance under Poisson (0.947 and 0.944); 6,000 wards
    got = coverage(71 + expected, 6000, expected, 3.0, bed_days=(100, 2000))
    rates = ", ".join(f"{k} {v:.3f}" for k, v in got.items())
    msg = f"coverage (nominal 0.95) at {expected} events, φ=3, bed days 100–2,000: {rates}"
    print(msg)
    assert min(got.values()) >= 0.94, msg


@pytest.mark.parametrize("phi", [1.0, 3.0])
def test_a_ward_on_the_trajectory_is_rarely_off_track(phi):
    # 500 events a month at baseline, exactly on the compound trajectory to −50 % at month 48;
    # looks 12 and 24 months after the baseline. (With fewer events most such wards are
    # "insufficient_data" a year in, too early to tell the trajectory's 10 % from no change,
    # which would make the off_track bound vacuous.)
    got = on_trajectory(seed=21 + int(phi), n_wards=WARDS, per_month=500.0, phi=phi)
    shares = {look: got[look] for look in (12, 24)}
    msg = f"φ={phi}, verdicts at 12 and 24 months: {shares}"
    print(msg)
    assert max(v.get("off_track", 0.0) for v in shares.values()) <= 0.08, msg
    assert shares[12].get("insufficient_data", 0.0) <= 0.3, msg
    assert shares[24].get("insufficient_data", 0.0) <= 0.05, msg
    behind = got["behind"]
    months = ", ".join(f"{m}: {v:.3f}" for m, v in behind.items())
    msg = f"φ={phi}: share 'behind' by month (nominal {NOMINAL_BEHIND}): {months}"
    print(msg)
    # about the nominal rate at every month (3,000 wards: a share's standard error ≈ 0.003)
    assert behind.max() <= 2 * NOMINAL_BEHIND, msg
    assert behind.min() >= NOMINAL_BEHIND / 3, msg
    assert NOMINAL_BEHIND / 2 <= behind.mean() <= 1.5 * NOMINAL_BEHIND, msg


@pytest.mark.parametrize("per_month", [20.0, 150.0])
def test_a_ward_without_change_is_not_on_track(per_month):
    # no change at all; looks 6, 12 and 24 months after the baseline. "on_track" needs the
    # window to tell the change the trajectory expects by now from no change with 80 % power,
    # so a ward with no change is on_track in at most about 20 % of looks (1 − power), and far
    # less where the data are plentiful; otherwise off_track or "too early to tell"
    got = no_change(seed=61, n_wards=WARDS, per_month=per_month)
    on_track = {look: v.get("on_track", 0.0) for look, v in got.items()}
    msg = f"{per_month}/month, on_track share at 6/12/24 months: {on_track}; verdicts {got}"
    print(msg)
    assert max(on_track.values()) <= 0.2, msg


@pytest.mark.parametrize("per_month", [20.0, 100.0])
def test_a_stalled_ward_is_not_on_track_before_it_has_a_pace(per_month):
    # a 40 % fall right after the baseline, then flat (target −50 %: not met), judged 1, 2, 6
    # and 11 months after the baseline, before a pace exists (12 months). "on_track" needed
    # only a significant fall not behind the trajectory, and was said for 95-100 % of such
    # wards at 100 events a month at every look, then for 3 % at month 12 (trial 10,
    # finding 1). Now it needs the window at the target already: at most about the share
    # whose window happens to fall to it, which shrinks as the window grows. One month of a
    # ward 40 % down holds 12 (or 60) expected events where the target allows 10 (or 50):
    # scipy.stats.poisson.cdf(10, 12) = 0.35 and cdf(50, 60) = 0.11, less the wards whose
    # fall is not significant. Wards 60 % down (truly ahead) stay "on_track" once the window
    # holds enough events. Wards 50 % down (exactly at the target) are a boundary: "on_track"
    # when the window's level is at or below the target, about half the time at every look
    # (as "met" is for a ward exactly at its target at the deadline; 0.43-0.51 on 3,000 wards,
    # seed 2026), the rest "insufficient_data" (no pace yet), never "off_track". Looser rules
    # (P(target met) >= 0.3, or ahead of the trajectory with the target in the interval) let
    # more of them through only by letting through as many more stalled wards (trial 23,
    # /work/trial23/AMBEARLY.md).
    got = early_looks(seed=81, n_wards=1000, per_month=per_month)
    msg = f"{per_month:g} events a month, looks 1/2/6/11 months: {got}"
    print(msg)
    on = {c: {k: v.get("on_track", 0.0) for k, v in looks.items()} for c, looks in got.items()}
    stalled_on, ahead_on, at_on = on["stalled_40"], on["ahead_60"], on["at_target_50"]
    first = {20.0: 0.32, 100.0: 0.15}[per_month]  # one month: a window of 20 or 100 events
    assert stalled_on[1] <= first, msg
    assert max(stalled_on[look] for look in (6, 11)) <= {20.0: 0.15, 100.0: 0.02}[per_month], msg
    assert min(ahead_on[look] for look in (6, 11)) >= {20.0: 0.85, 100.0: 0.97}[per_month], msg
    # (1,000 wards: a share of 0.5 has a standard error of 0.016)
    assert all(0.35 <= at_on[look] <= 0.65 for look in (1, 2, 6, 11)), msg
    assert all(0.42 <= at_on[look] <= 0.58 for look in (2, 6, 11)), msg
    assert all(v.get("off_track", 0.0) == 0.0 for looks in got.values() for v in looks.values()), (
        msg
    )


@pytest.mark.parametrize("per_month", [10.0, 20.0, 50.0])
def test_a_stalled_ward_is_not_on_track_a_year_before_the_deadline(per_month):
    # a 25 % fall right after the baseline, then flat (target −50 % by month 48), judged at
    # month 36. Its window is near the trajectory (0.75 against about 0.71 of the baseline),
    # so the level alone said "on_track" for 45–90 % of such wards; the trend carried to the
    # deadline says the target is not reached ("off_track"), or, where the trend cannot yet
    # tell stalling from the pace needed and shows no significant fall, "insufficient_data".
    # Wards exactly on the trajectory, with the same events, must not be pushed off track.
    got = stalled(seed=71, n_wards=WARDS, per_month=per_month)
    still, steady = got["stalled"], got["on_trajectory"]
    msg = f"{per_month:g} events a month, a year before the deadline: {got}"
    print(msg)
    assert still.get("on_track", 0.0) <= 0.06, msg
    assert still.get("off_track", 0.0) >= {10.0: 0.2, 20.0: 0.4, 50.0: 0.8}[per_month], msg
    assert steady.get("off_track", 0.0) <= 0.08, msg
    assert steady.get("on_track", 0.0) >= {10.0: 0.3, 20.0: 0.7, 50.0: 0.9}[per_month], msg


@pytest.mark.parametrize("per_month", [20.0, 100.0])
def test_a_gradual_fall_that_stalls_is_not_on_track_for_long(per_month):
    # a 25 % or 35 % fall spread over the 6 months after the baseline, then flat (target −50 %
    # by month 48: not met), judged 12, 18 and 24 months after the baseline. The pace since
    # the baseline reads the ramp as following the trajectory; until the recent pace (the
    # slope since the latest year's periods began, a broken line) was checked, at 100 events a
    # month 94 % of the 35 % wards were "on_track" 18 months after the baseline (a year flat)
    # and 28 % at 24, and 29 % of the 25 % wards at 18 (1,000 wards, seed 91); now 15 %, 1.5 %
    # and 7 %: a recent pace clearly slower than the trajectory that misses the target is
    # "off_track" (clearly short) or "too early to tell". At 20 events a month a year's slope
    # can hardly tell flat from the trajectory's pace and little changes (35 %: 0.36 → 0.34 at
    # 18 months, 0.33 → 0.26 at 24): printed, bounded loosely. Wards on the trajectory must not
    # be pushed off track (≤ 8 %) nor lose "on_track" once they have a pace.
    got = gradual_stalls(seed=91, n_wards=1000, per_month=per_month)
    on = {c: {look: v.get("on_track", 0.0) for look, v in got[c].items()} for c in got}
    off = {look: v.get("off_track", 0.0) for look, v in got["on_trajectory"].items()}
    msg = f"{per_month:g} events a month, looks 12/18/24 months: on_track {on}; verdicts {got}"
    print(msg)
    assert max(off.values()) <= 0.08, msg
    if per_month == 100.0:
        assert on["ramp_35"][18] <= 0.25 and on["ramp_35"][24] <= 0.05, msg
        assert on["ramp_25"][18] <= 0.12 and on["ramp_25"][24] <= 0.02, msg
        assert min(on["on_trajectory"][look] for look in (18, 24)) >= 0.9, msg
    else:
        assert max(on["ramp_35"].values()) <= 0.4 and max(on["ramp_25"].values()) <= 0.3, msg
        assert on["on_trajectory"][24] >= 0.9, msg


@pytest.mark.parametrize("per_month", [10.0, 20.0])
def test_a_constant_25_percent_fall_is_not_met_at_the_deadline(per_month):
    # target −50 %; the rate fell by 25 % right after the baseline and stayed there; data reach
    # the deadline (month 48)
    got = verdict_shares(31, WARDS, constant_fall(0.25), per_month, last_month=48)
    msg = f"constant 25 % fall, {per_month:g}/month, verdicts at the deadline: {got}"
    print(msg)
    assert got.get("not_met", 0.0) >= 0.95, msg


def test_a_constant_25_percent_fall_at_5_a_month_is_at_the_edge_of_power():
    # At 5 events a month, K₀ ≈ 60 baseline events and μ₁ = K₀/2 window events at the target:
    # se = √(1/60 + 1/30) = 0.224, and the power to show a 50 % fall is
    # Φ(|ln 0.5|/se − z₀.₉₇₅) = 0.87, just above the 80 % the check asks for. The check passes
    # only when (z₀.₉₇₅ + z₀.₈)²·3/K₀ ≤ (ln 0.5)², K₀ ≥ 49.0 (plain Poisson): it fails for
    # P(K₀ < 49) of the wards by chance alone, and for more where φ̂ is allowed for. Those
    # whose 25 % fall is not significant (most of them) are "insufficient_data", so nearly
    # that often; every other one must be not_met (never met more than 5 %).
    se = np.sqrt(1 / 60 + 1 / 30)
    power = stats.norm.cdf(np.log(2) / se - stats.norm.ppf(0.975))
    k_min = 3 * Z**2 / np.log(2) ** 2
    floor = stats.poisson.cdf(np.ceil(k_min) - 1, 60)
    got = verdict_shares(31, WARDS, constant_fall(0.25), 5.0, last_month=48)
    judged = got.get("not_met", 0.0) + got.get("met", 0.0)
    msg = (
        f"power at the expected counts {power:.3f}, K₀ needed {k_min:.1f}, "
        f"P(K₀ < {np.ceil(k_min):.0f}) = {floor:.3f}; verdicts: {got}"
    )
    print(msg)
    assert 0.85 < power < 0.9 and 48 < k_min < 50, msg
    assert got.get("insufficient_data", 0.0) >= floor - 0.02, msg
    assert got.get("met", 0.0) <= 0.05 and got.get("not_met", 0.0) / judged >= 0.95, msg


# bounds per events a month on the share "met" at the deadline, by the true fall: no change
# (a wrong "met"), 40 % (short of the 50 % target), 50 % (at it), 60 % and 70 % (beyond it)
MET_AT_DEADLINE = {
    1.0: {0.0: (0, 0.025), 0.4: (0, 0.25), 0.5: (0, 0.4), 0.6: (0.15, 1), 0.7: (0.3, 1)},
    5.0: {0.0: (0, 0.005), 0.4: (0, 0.3), 0.5: (0.35, 0.65), 0.6: (0.75, 1), 0.7: (0.95, 1)},
    20.0: {0.0: (0, 0.005), 0.4: (0, 0.1), 0.5: (0.4, 0.6), 0.6: (0.93, 1), 0.7: (0.99, 1)},
}


@pytest.mark.parametrize("per_month", [1.0, 5.0, 20.0])
def test_few_events_do_not_hide_a_fall_beyond_the_target(per_month):
    """Wards whose rate fell by 0, 40, 50, 60 or 70 % right after the baseline, judged at the
    deadline (target −50 %). "met" is the observed level at or below the target; with too few
    events for 80 % power it is withheld ("insufficient_data") only when the rate ratio's
    interval includes 1, so a ward whose fall is significant and at or beyond the target is
    never "insufficient_data" (the trial: 31 % of wards with a real 60 % fall at 5 a month
    were), and a ward that did not change is "met" only when its data show a significant fall
    (a one-sided 2.5 % test) with the level at the target, at most 2.5 % of the time."""
    got = at_the_deadline(seed=81 + int(per_month), n_wards=1500, per_month=per_month)
    rows = "; ".join(
        f"fall {f:.0%}: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(got[f].items()))
        for f in FALLS
    )
    msg = (
        f"{per_month:g} events a month at baseline, verdicts at the deadline: {rows}; "
        f"insufficient_data among the {got['shown']} wards with a significant fall at or "
        f"beyond the target: {got['hidden']:.3f}"
    )
    print(msg)
    for fall, (lo, hi) in MET_AT_DEADLINE[per_month].items():
        assert lo <= got[fall].get("met", 0.0) <= hi, f"fall {fall:.0%}: " + msg
    assert got["shown"] > 0 and got["hidden"] == 0.0, msg
    if per_month >= 5:  # a real fall beyond the target is judged, not hidden
        assert got[0.6].get("insufficient_data", 0.0) <= 0.05, msg
        assert got[0.7].get("insufficient_data", 0.0) <= 0.02, msg
    assert got[0.0].get("not_met", 0.0) >= {1.0: 0.2, 5.0: 0.97, 20.0: 0.99}[per_month], msg


@pytest.mark.parametrize("look", [12, 24, 36])
def test_rare_events_without_change_are_never_met(look):
    # 0.3 events a month, no change at all; the data end `look` months after the baseline
    # (36: at the deadline)
    got = verdict_shares(41 + look, WARDS, np.ones(48), 0.3, last_month=12 + look)
    msg = f"0.3/month, no change, {look} months after the baseline, verdicts: {got}"
    print(msg)
    assert got.get("met", 0.0) <= 0.05, msg


@pytest.mark.parametrize("phi", [1.0, 3.0])
def test_rare_events_without_change_are_never_met_against_an_absolute_target(phi):
    # 0.3 events a month, no change, an absolute target of half the true rate (0.15 per 1,000
    # bed days), judged at the deadline. A baseline of 0 or 1 events (P = 0.03 and 0.10 for a
    # Poisson(3.6) year) sits under the target by its point estimate; "already meets the
    # target" on that alone skipped the check for too few events, and such wards were "met"
    # whenever their window held 0 or 1 events: 2.4 % of all wards at φ = 1 and 10.2 % at
    # φ = 3 (session 13 audit F1)
    got = verdict_shares(
        43 + int(phi), WARDS, np.ones(48), 0.3, last_month=48, phi=phi, target=0.15, multiply=1000
    )
    msg = f"0.3/month, no change, φ={phi}, absolute target, verdicts: {got}"
    print(msg)
    assert got.get("met", 0.0) <= 0.025, msg


@pytest.mark.parametrize("target", ["relative", "absolute", "shortfall"])
def test_prob_target_met_is_calibrated(target):
    # wards drawn from the Jeffreys prior (importance-weighted; see `calibration`): per decile
    # bin of prob_target_met, the share truly meeting the target is within 0.05 of the mean
    # probability
    table = calibration(seed=51, n_wards=20_000, target=target)
    worst = table.gap.abs().max()
    msg = f"{target}: worst gap {worst:.3f}\n{table.round(3).to_string()}"
    print(msg)
    assert worst <= 0.05, msg


@pytest.mark.parametrize("per_month", [2.0, 3.0])
def test_few_events_that_rose_are_not_met_rather_than_insufficient(per_month):
    """Wards with few events whose rate rose 20 % (truth: far from a 50 % fall). The power
    check alone called nearly all of them "insufficient_data"; an interval that already
    clears the target says "not_met" whatever the power, and "met" stays (almost) never."""
    got = verdict_shares(51, WARDS, constant_fall(-0.2), per_month, last_month=48)
    msg = f"{per_month:g} events a month, rate up 20 %: " + ", ".join(
        f"{k} {v:.1%}" for k, v in sorted(got.items())
    )
    print(msg)
    assert got.get("met", 0.0) <= 0.01, msg
    assert got.get("not_met", 0.0) >= 0.5, msg


def test_on_track_before_the_deadline_means_met_at_it():
    # 400 wards per course, 30 events a month at baseline, judged a year and a month before the
    # deadline (months 36 and 47) and at it (48). The named trajectories reach the target at
    # month 37, the first of the 12 months judged at the deadline, so a ward on the trajectory
    # is at the target over that window: "on_track" before, and at the deadline exactly at the
    # target, where "met" (the observed level on the good side of it) is a coin toss, as for
    # any ward exactly at its target. (Before, the trajectory reached the target only at month
    # 48: such wards were "on_track" and then "not_met" for 84-89 %.) Wards that do more than
    # the ambition asks are on track and met; wards that follow the old path (0.60 of the
    # baseline over the judged window), stall or do not change are neither.
    names = ("on_trajectory", "ahead", "old_trajectory", "stalled", "no_change")
    got = before_and_at_deadline(seed=81, n_wards=400, per_month=30.0, names=names)
    msg = "verdicts at months 36/47/48 and P(met | on_track): " + "; ".join(
        f"{k}: {v}" for k, v in got.items()
    )
    print(msg)
    on, ahead, old = got["on_trajectory"], got["ahead"], got["old_trajectory"]
    for look in (36, 47):
        assert on[look].get("on_track", 0.0) >= 0.85, msg
        assert on[look].get("off_track", 0.0) <= 0.08, msg
        assert ahead[look].get("on_track", 0.0) >= 0.95, msg
        assert old[look].get("on_track", 0.0) <= 0.5, msg
        for still in ("stalled", "no_change"):
            assert got[still][look].get("on_track", 0.0) <= 0.02, msg
    assert 0.4 <= on[48].get("met", 0.0) <= 0.6, msg
    assert ahead[48].get("met", 0.0) >= 0.95, msg
    assert min(ahead["met_if_on_track"].values()) >= 0.95, msg
    assert old[48].get("met", 0.0) <= 0.25 and max(old["met_if_on_track"].values()) <= 0.5, msg
    for still in ("stalled", "no_change"):
        assert got[still][48].get("met", 0.0) <= 0.01, msg


def test_the_trial_wards_are_no_longer_on_track_and_then_not_met():
    # The new-user trial's wards (issue: trial 4, item 1): Apr 2021-Mar 2024, baseline the
    # first 12 months, 15 events a month at baseline, 300 wards per course, judged in Sep 2023,
    # Feb 2024 and at the deadline (Mar 2024, the window Apr 2023-Mar 2024). On the old
    # default path (the target reached in Mar 2024: 0.60 of the baseline over the judged
    # window) they were "on_track" for 87 % in Feb 2024 and "not_met" for 89 % at the deadline;
    # a straight fall to 40 % in Mar 2024 (0.54 over the judged window: short of the target)
    # "on_track" 97 %, "not_met" 71 %.
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    t = np.arange(months.size)
    s_old = np.clip((t - 11) / 24, 0, 1)
    courses = {
        "on_trajectory": 0.5 ** np.clip((t - 11) / 12, 0, 1),  # the target from Apr 2023
        "old_path": 0.5**s_old,
        "linear_60_by_deadline": 1 - 0.6 * s_old,
    }
    rng = np.random.default_rng(9)
    frames = []
    for name, course in courses.items():
        days = rng.integers(800, 1201, (300, t.size))
        frames.append(
            pd.DataFrame(
                {
                    "ward": np.repeat([f"{name}|{i}" for i in range(300)], t.size),
                    "month": np.tile(months, 300),
                    "bed_days": days.ravel(),
                    "restraints": rng.poisson(15 * course * days / 1000).ravel(),
                }
            )
        )
    df = pd.concat(frames)
    got = {}
    for as_of in ("2023-09-01", "2024-02-01", None):
        s = qi.ambition(
            df,
            y="restraints",
            n="bed_days",
            x="month",
            by="ward",
            baseline=("2021-04-01", "2022-03-01"),
            change=-0.5,
            deadline="2024-03-01",
            as_of=as_of,
        ).summary()
        course = s.ward.str.split("|").str[0]
        got[as_of or "deadline"] = {
            name: s.verdict[course == name].value_counts(normalize=True).round(3).to_dict()
            for name in courses
        }
    msg = "; ".join(f"{look}: {v}" for look, v in got.items())
    print(msg)
    feb, end = got["2024-02-01"], got["deadline"]
    assert feb["on_trajectory"].get("on_track", 0.0) >= 0.85, msg
    assert 0.4 <= end["on_trajectory"].get("met", 0.0) <= 0.6, msg
    assert feb["old_path"].get("on_track", 0.0) <= 0.5, msg
    assert end["old_path"].get("not_met", 0.0) >= 0.85, msg
    assert feb["linear_60_by_deadline"].get("on_track", 0.0) <= 0.75, msg
    assert end["linear_60_by_deadline"].get("not_met", 0.0) >= 0.65, msg


def test_a_window_with_too_few_months_is_insufficient_and_one_with_enough_is_judged():
    # 10 events a month at baseline; 0 to 8 of the 12 judged months missing at random (a ward
    # that closed or stopped reporting). Fewer than two thirds of the window (5 or more
    # missing) is "insufficient_data" whatever the truth; with 8 or more months the verdicts
    # stay right: no ward without change is "met", and 90-95 % of wards 60 % down are (the
    # rest "not_met", as with a full window: the fall is 10 points beyond the target)
    got = gaps_in_the_window(seed=5, n_wards=300, per_month=10.0)
    msg = f"verdict shares by true fall and months missing:\n{got.round(3)}"
    print(msg)
    thin = got.index.get_level_values("missing") >= 5
    assert (got.loc[thin, "insufficient_data"] == 1).all(), msg
    judged = got[~thin]
    assert (judged["insufficient_data"] < 0.01).all(), msg
    assert (judged.loc[0.0, "met"] <= 0.01).all(), msg  # false "met"
    assert (judged.loc[0.6, "met"] >= 0.85).all(), msg  # a true "met" found


@pytest.mark.parametrize("per_quarter", [60.0, 300.0])
@pytest.mark.parametrize("look", [9, 10, 11])
def test_quarterly_wards_that_stalled_are_not_on_track(per_quarter, look):
    # a four-year ambition on quarterly data, judged 6 to 4 quarters before the deadline (6-8
    # quarters after the baseline): the pace needs 6 quarters, not 12 (three years), so a ward
    # that fell 25 % and stalled is rarely "on_track" (54-98 % were, trial 8 A1), and a ward on
    # the trajectory is rarely "off_track"
    got = quarterly(seed=int(per_quarter) + look, n_wards=300, per_quarter=per_quarter, look=look)
    msg = f"{per_quarter} events a quarter, as of quarter {look}: {got}"
    print(msg)
    assert got["stalled"].get("on_track", 0.0) <= 0.12, msg
    assert got["trajectory"].get("off_track", 0.0) <= 0.06, msg


@pytest.mark.parametrize("phi", [1.0, 3.0])
def test_one_spike_month_does_not_sink_a_clear_fall(phi):
    # trial 12 A1: one month (26, in neither the baseline nor the judged window) with 5 or 12
    # times its expected events made φ̂ 17 from about 1 and 92 % of wards with a 60 % fall
    # "insufficient_data"; a spike is a special cause, set aside from φ̂ (not from the data)
    plain = spiked(26, 1000, None, phi=phi)
    shares = {"none": round(float((plain.verdict == "met").mean()), 3)}
    phis = {"none": round(float(plain.overdispersion.median()), 2)}
    for spike in (5.0, 12.0):
        s = spiked(26, 1000, spike, phi=phi)
        shares[f"×{spike:g}"] = round(float((s.verdict == "met").mean()), 3)
        phis[f"×{spike:g}"] = round(float(s.overdispersion.median()), 2)
    msg = f"φ={phi}: share met {shares}; median φ̂ {phis}"
    print(msg)
    assert all(abs(v - shares["none"]) <= 0.03 for v in shares.values()), msg
    assert all(abs(v / phis["none"] - 1) <= 0.1 for v in phis.values()), msg
