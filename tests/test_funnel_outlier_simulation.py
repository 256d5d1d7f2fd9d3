"""Funnel outliers on simulated units whose truth is known (trial 10 EYES 1 and 2): how often an
in-control unit is called an outlier at 99.8 % (at most the nominal 0.2 %, as the limits are
the counts' own 0.1 % tails), and how often a unit three times the target is found (the power
scipy's Poisson tails give). Rates are printed (``pytest -s``) and bounded."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

import qistats as qi

GROUPS, UNITS = 100, 40  # 4,000 units, 40 to a group (a funnel each)


def _funnel(y, n, kind, **kw):
    df = pd.DataFrame(
        {
            "g": np.repeat(np.arange(GROUPS), UNITS),
            "u": np.arange(GROUPS * UNITS),
            "y": y,
            "n": n,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        return qi.funnel(df, y="y", n="n", unit="u", by="g", kind=kind, **kw)


def test_in_control_counts_are_rarely_outliers_at_every_size():
    """Observed/expected with E from 0.3 to 100 (log-uniform), O ~ Poisson(E): the default
    flags at most 0.2 %; FunnelPlotR's chi-square limits (compat) flag every unit with no
    events, about 15 % of these units."""
    rng = np.random.default_rng(2026)
    e = np.exp(rng.uniform(np.log(0.3), np.log(100), GROUPS * UNITS))
    o = rng.poisson(e).astype(float)
    ours = _funnel(o, e, "sr", adjust=False).units["outlier"].mean()
    theirs = _funnel(o, e, "sr", adjust=False, compat="FunnelPlotR").units["outlier"].mean()
    print(f"in control, 99.8 %: outliers {ours:.4f} (FunnelPlotR's limits {theirs:.4f})")
    assert ours <= 0.002
    assert theirs > 0.01  # the defect the default fixes: zero counts at small E


def test_in_control_proportions_near_100_percent_are_rarely_outliers():
    """p = 0.98, n from 10 to 200: units at 100 % are likely (0.98^40 = 0.45) and not outliers."""
    rng = np.random.default_rng(7)
    n = rng.integers(10, 201, GROUPS * UNITS).astype(float)
    y = rng.binomial(n.astype(int), 0.98).astype(float)
    share = _funnel(y, n, "pr", adjust=False).units["outlier"].mean()
    print(f"in control proportions at 98 %, 99.8 %: outliers {share:.4f}")
    assert share <= 0.002


def test_a_unit_three_times_the_target_is_found_as_often_as_the_poisson_tail_says():
    """One unit in each group of 40 at three times the target (E = 5: O ~ Poisson(15)); its
    chance of a count above the 99.8 % limit is P(X >= c) for the smallest c with
    P(Poisson(5) >= c) < 0.001 (c = 14: power 0.64)."""
    rng = np.random.default_rng(11)
    e = np.full(GROUPS * UNITS, 5.0)
    mean = e.copy()
    mean[::UNITS] *= 3.0
    o = rng.poisson(mean).astype(float)
    res = _funnel(o, e, "sr", adjust=False)
    found = res.units["outlier"].to_numpy()[::UNITS].mean()
    false = np.delete(res.units["outlier"].to_numpy(), np.s_[::UNITS]).mean()
    c = int(np.argmax(stats.poisson.sf(np.arange(100) - 1, 5.0) < 0.001))
    power = stats.poisson.sf(c - 1, 15.0)
    print(f"true ratio 3 at E = 5: found {found:.3f} (Poisson tail {power:.3f}); false {false:.4f}")
    assert c == 14
    assert abs(found - power) < 3 * np.sqrt(power * (1 - power) / GROUPS) + 0.01
    assert false <= 0.002


def test_in_control_ratios_of_small_counts_are_rarely_outliers():
    """Ratios of two Poisson counts, the numerator small (θ0 0.05 with denominators of 20-400
    counts, θ0 0.2 with 5-50): the exact limits flag at most the nominal 0.2 %; the normal
    limits on the log scale put every unit with no events below its lower limit (3.1 % and
    5.3 % flagged, trial 13)."""
    rng = np.random.default_rng(2027)
    for theta, lo, hi in ((0.05, 20, 400), (0.2, 5, 50)):
        rates = []
        for _ in range(5):  # 20,000 units a case
            d = np.maximum(rng.poisson(rng.uniform(lo, hi, GROUPS * UNITS)), 1).astype(float)
            y = rng.poisson(theta * d).astype(float)
            rates.append(_funnel(y, d, "rc", adjust=False).units["outlier"].mean())
        rate = float(np.mean(rates))
        print(f"rc, theta0 {theta}, denominators {lo}-{hi}: {rate:.3%} flagged at 99.8 %")
        assert rate < 0.002 + 3 * np.sqrt(0.002 * 0.998 / (5 * GROUPS * UNITS))
