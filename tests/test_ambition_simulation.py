"""Error rates of ``qi.ambition``'s intervals and verdicts on simulated wards with a known truth.

Every test simulates thousands of wards (fixed seeds) and judges them in one ``qi.ambition``
call through ``by=``; the measured rates are printed in the assertion messages. The scenarios
and the stated priors are in ``tests/ambition_simulation.py``;
``benchmarks/ambition_error_rates.py`` runs them on more wards for the figures in
``docs/ambition_verdicts.rst``.
"""

import numpy as np
import pytest

from .ambition_simulation import (
    calibration,
    constant_fall,
    coverage,
    on_trajectory,
    verdict_shares,
)

WARDS = 3000
NOMINAL_BEHIND = 0.025  # "behind": the 95 % interval of O/E wholly above 1 (one side of it)

# Known shortfalls, measured and kept visible (strict: the test fails once they are fixed, so
# the mark has to go): the baseline rate's interval with φ = 3 and 5–10 baseline events
# estimates φ from twelve mostly-empty months.
SHORT = pytest.mark.xfail(
    strict=True, reason="baseline interval at φ = 3 with 5–10 events covers about 0.92"
)


@pytest.mark.parametrize(
    ("expected", "phi"),
    [
        (5, 1.0),
        (10, 1.0),
        (400, 1.0),
        pytest.param(5, 3.0, marks=SHORT),
        pytest.param(10, 3.0, marks=SHORT),
        (400, 3.0),
    ],
)
def test_interval_coverage_for_rates(expected, phi):
    # 95 % intervals of the baseline rate, the current rate and the rate ratio (true 0.7), with
    # `expected` events in the 12 baseline months; φ estimated from the data
    got = coverage(seed=int(expected * 10 + phi), n_wards=WARDS, expected=expected, phi=phi)
    rates = ", ".join(f"{k} {v:.3f}" for k, v in got.items())
    msg = f"coverage (nominal 0.95) at {expected} events, φ={phi}: {rates}"
    assert min(got.values()) >= 0.94, msg


@pytest.mark.parametrize("phi", [1.0, 3.0])
def test_a_ward_on_the_trajectory_is_rarely_off_track(phi):
    # 20 events a month at baseline (enough for a verdict: at 5 a month most wards are
    # insufficient_data), exactly on the compound trajectory to −50 % at month 48; looks 12
    # and 24 months after the baseline
    got = on_trajectory(seed=21 + int(phi), n_wards=WARDS, per_month=20.0, phi=phi)
    shares = {look: got[look] for look in (12, 24)}
    msg = f"φ={phi}, verdicts at 12 and 24 months: {shares}"
    assert max(v.get("off_track", 0.0) for v in shares.values()) <= 0.08, msg
    assert max(v.get("insufficient_data", 0.0) for v in shares.values()) <= 0.3, msg
    behind = got["behind"]
    months = ", ".join(f"{m}: {v:.3f}" for m, v in behind.items())
    msg = f"φ={phi}: share 'behind' by month (nominal {NOMINAL_BEHIND}): {months}"
    assert behind.max() <= 2 * NOMINAL_BEHIND, msg
    assert behind.mean() >= NOMINAL_BEHIND / 5, msg


@pytest.mark.parametrize("per_month", [10.0, 20.0])
def test_a_constant_25_percent_fall_is_not_met_at_the_deadline(per_month):
    # target −50 %; the rate fell by 25 % right after the baseline and stayed there; data reach
    # the deadline (month 48). (At 5 events a month many such wards are insufficient_data:
    # benchmarks/ambition_error_rates.py prints it.)
    got = verdict_shares(31, WARDS, constant_fall(0.25), per_month, last_month=48)
    assert got.get("not_met", 0.0) >= 0.95, f"{per_month}/month, verdicts: {got}"


@pytest.mark.parametrize("look", [12, 24, 36])
def test_rare_events_without_change_are_never_met(look):
    # 0.3 events a month, no change at all; the data end `look` months after the baseline
    # (36: at the deadline)
    got = verdict_shares(41 + look, WARDS, np.ones(48), 0.3, last_month=12 + look)
    assert got.get("met", 0.0) <= 0.05, f"{look} months after the baseline, verdicts: {got}"


UNDERCONFIDENT = pytest.mark.xfail(
    strict=True,
    reason="absolute targets: worst decile gap 0.053 (bin 0.4–0.5); φ̂·(t/z)² is applied "
    "whenever φ̂ > 1, so half of the plain-Poisson wards get wider posteriors",
)


@pytest.mark.parametrize(
    "target", ["relative", pytest.param("absolute", marks=UNDERCONFIDENT), "shortfall"]
)
def test_prob_target_met_is_calibrated(target):
    # wards drawn from the Jeffreys prior (importance-weighted; see `calibration`): per decile
    # bin of prob_target_met, the share truly meeting the target is within 0.05 of the mean
    # probability
    table = calibration(seed=51, n_wards=20_000, target=target)
    worst = table.gap.abs().max()
    assert worst <= 0.05, f"{target}: worst gap {worst:.3f}\n{table.round(3).to_string()}"
