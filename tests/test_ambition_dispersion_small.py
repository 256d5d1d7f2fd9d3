"""φ̂ from few periods: the share of degrees of freedom a fitted trend keeps, the threshold of
the test that decides whether φ̂ is allowed for (lowered with few degrees of freedom), and the
one-sided error rates of the rate ratio's interval at early looks on simulated wards.

Expected values from numpy linear algebra (the trace of the quadratic form), scipy (the
χ² and normal integrals by quadrature) and simulation with a known truth.
"""

import importlib

import numpy as np
import pytest
from scipy import integrate, stats

from .ambition_simulation import early_dispersion

D = importlib.import_module("qistats.ambition.dispersion")


@pytest.mark.parametrize("m", [3, 4, 5, 6, 8, 12, 24])
def test_trend_share_is_the_trace_of_the_successive_differences_around_a_line(m):
    # residuals r = (I − H)y around a least-squares line; ½Σ(Δr)² = yᵀAy with
    # A = ½(I − H)ᵀDᵀD(I − H), whose expectation for unit-variance y is tr(A), against m − 1
    # for the data themselves
    t = np.arange(m, dtype=float)
    x = np.column_stack([np.ones(m), t])
    resid = np.eye(m) - x @ np.linalg.pinv(x)
    diff = np.diff(np.eye(m), axis=0)
    expected = np.trace(0.5 * resid.T @ diff.T @ diff @ resid) / (m - 1)
    assert D.trend_share(np.array([float(m)]))[0] == pytest.approx(expected, rel=1e-12)


PHIS = np.geomspace(1.05, 30, 24)


def _worst_miss(c, d, alpha, phis=PHIS):
    """The largest one-sided miss over φ of an interval whose variance is multiplied by
    f = max(1, φ̂(t/z)²) where φ̂ > c, else 1, with φ̂ = φ·χ²_d/d: by quadrature (scipy)."""
    z = stats.norm.ppf(1 - alpha / 2)
    w = (stats.t.ppf(1 - alpha / 2, d) / z) ** 2
    out = []
    for phi in phis:
        left = stats.chi2.cdf(d * c / phi, d) * stats.norm.sf(z / np.sqrt(phi))

        def integrand(u, phi=phi):
            q = u / d
            f = max(1.0, phi * q * w)
            return stats.norm.sf(z * np.sqrt(f / phi)) * stats.chi2.pdf(u, d)

        right, _ = integrate.quad(integrand, d * c / phi, np.inf, limit=200)
        out.append(left + right)
    return max(out)


@pytest.mark.parametrize("alpha", [0.05, 0.1])
@pytest.mark.parametrize("d", [1.0, 2.0, 2.7, 4.0, 6.0])
def test_the_lowered_threshold_keeps_the_worst_one_sided_miss_within_slack(d, alpha):
    c = float(D.threshold(np.array([d]), alpha)[0])
    test = stats.chi2.isf(D.DISPERSION_TEST, d) / d
    worst = _worst_miss(c, d, alpha)
    at_test = _worst_miss(test, d, alpha)
    msg = (
        f"d={d}, alpha={alpha}: threshold {c:.3f} (25 % test {test:.3f}); worst one-sided "
        f"miss {worst:.4f} (at the test's threshold {at_test:.4f}), "
        f"allowed {D.SLACK * alpha / 2:.4f}"
    )
    print(msg)
    assert worst <= D.SLACK * alpha / 2 + 5e-4, msg
    if at_test <= D.SLACK * alpha / 2:  # the 25 % test is within the slack: kept
        assert c == pytest.approx(test, rel=1e-12), msg
    else:  # the 25 % test misses too often: lowered, to the largest threshold within it
        assert c < test, msg
        assert _worst_miss(c + 0.05, d, alpha) > D.SLACK * alpha / 2 - 5e-4, msg


@pytest.mark.parametrize("d", [8.0, 14.7, 30.0, 200.0])
def test_with_enough_degrees_of_freedom_the_threshold_is_the_25_percent_test(d):
    got = D.threshold(np.array([d]), 0.05)[0]
    assert got == pytest.approx(stats.chi2.isf(0.25, d) / d, rel=1e-12)
    # whose worst one-sided miss is within the slack there
    assert _worst_miss(got, d, 0.05) <= D.SLACK * 0.025


@pytest.mark.parametrize("first", [10, 1])
def test_an_early_look_at_overdispersed_wards_misses_at_most_about_alpha_over_2(first):
    """Wards with gamma-Poisson counts (φ = 3, 100 events a month) and no change, judged 3
    months after a 3-month (or 12-month) baseline: φ̂ rests on ν = 4 (13) differences, two
    of them around a trend fitted to three months. Before this change (the 25 % test at every
    ν, and those two differences counted in full) the intervals missed on these seeds for
    3.6 % below and 5.0 % above the truth (3-month baseline) and 3.0 % and 3.3 % (12-month):
    the wards the test did not allow for miss often, and φ̂ read low. Now 1.9 % and 3.0 %,
    and 2.7 % and 3.1 % (12-month: d = 8.3, where the 25 % test is kept; only the trend's
    share moves it). Plain Poisson wards (φ = 1) stay conservative, a little more so with the
    3-month baseline: 1.9 % and 1.7 % a side before, 1.2 % and 1.1 % now, the median interval
    3 % wider; 12-month: 1.4 % and 1.9 % before and after."""
    hot = early_dispersion(7 + first, 3000, 100.0, 3.0, "no_change", looks=(3,), first=first)[3]
    plain = early_dispersion(8 + first, 3000, 100.0, 1.0, "no_change", looks=(3,), first=first)[3]
    msg = f"baseline months {first}-12, look 3: phi=3 {hot}; phi=1 {plain}"
    print(msg)
    assert max(hot["below"], hot["above"]) <= {10: 0.033, 1: 0.034}[first], msg
    assert min(plain["below"], plain["above"]) >= 0.008, msg
    assert max(plain["below"], plain["above"]) <= 0.025 + 0.006, msg
