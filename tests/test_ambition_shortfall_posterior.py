"""prob_target_met of a ratio of two proportions (``target="shortfall"``, or a relative target
of a proportion): P(p₁/p₀ ≤ ρ) under Jeffreys Beta posteriors, against an independent
computation, over counts with no failures or all failures on either side, out of 1 to 3,000.

Before session 16 a midpoint rule gave 0.420 for 0/60 against 0/60 at ρ = ½ (the integral is
0.391): the density of Beta(½, ·) is infinite at 0."""

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special, stats

import qistats as qi
from qistats.ambition.intervals import beta_ratio_prob


def reference(k0, e0, k1, e1, rho):
    """∫₀¹ F₁(min(ρx, 1)) f₀(x) dx by scipy's adaptive quadrature, split at quantiles of p₀ and
    of p₁/ρ and at 1/ρ; at the ends x = u^(1/a₀) and 1 − x = v^(1/b₀), so that the density's
    x^(a₀−1) and (1 − x)^(b₀−1) (infinite where a₀ or b₀ is ½) become finite. QUADPACK warns
    of "bad integrand behavior" on some pieces next to 1 where p₀ has all failures out of 60 or
    3,000 (b₀ = ½); its total is then within 5·10⁻⁸ of 0 or 1 where a Monte Carlo of 2·10⁶
    draws agrees (session 16), so the warning is silenced here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        return _reference(k0, e0, k1, e1, rho)


def _reference(k0, e0, k1, e1, rho):
    a0, b0, a1, b1 = k0 + 0.5, e0 - k0 + 0.5, k1 + 0.5, e1 - k1 + 0.5
    log_beta = special.betaln(a0, b0)

    def cdf1(x):
        return special.betainc(a1, b1, min(rho * x, 1.0))

    probs = [1e-14, 1e-6, 1e-3, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 1 - 1e-3, 1 - 1e-6, 1 - 1e-14]
    cuts = list(stats.beta.ppf(probs, a0, b0))
    cuts += [stats.beta.ppf(p, a1, b1) / rho for p in (1e-9, 0.01, 0.5, 0.99, 1 - 1e-9)]
    cuts = np.unique(np.clip([*cuts, 1 / rho], 0, 1))
    cuts = cuts[(cuts > 0) & (cuts < 1)]
    kw = dict(epsabs=1e-13, epsrel=1e-11, limit=200)
    total = integrate.quad(
        lambda u: (
            cdf1(u ** (1 / a0)) * np.exp((b0 - 1) * np.log1p(-(u ** (1 / a0))) - log_beta) / a0
        ),
        0,
        cuts[0] ** a0,
        **kw,
    )[0]
    total += integrate.quad(
        lambda v: (
            cdf1(1 - v ** (1 / b0)) * np.exp((a0 - 1) * np.log1p(-(v ** (1 / b0))) - log_beta) / b0
        ),
        0,
        (1 - cuts[-1]) ** b0,
        **kw,
    )[0]
    for lo, hi in itertools.pairwise(cuts):
        total += integrate.quad(lambda x: cdf1(x) * stats.beta.pdf(x, a0, b0), lo, hi, **kw)[0]
    return total


SIDES = [(0, 1), (1, 1), (0, 60), (60, 60), (1, 60), (59, 60), (0, 3000), (3000, 3000),
         (900, 3000), (12.5, 40), (0.4, 7.3)]  # fmt: skip
CASES = [
    (*s0, *s1, rho)
    for i, s0 in enumerate(SIDES)
    for j, s1 in enumerate(SIDES)
    for rho in (0.05, 0.5, 1.0, 1.5, 20.0)
    if (i * 5 + j * 3 + int(rho * 10)) % 7 == 0 or (s0[0] == 0 and s1[0] == 0)
]


def test_the_grid_covers_the_hard_cases():
    assert len(CASES) > 80
    assert any(c[0] == 0 and c[2] == 0 for c in CASES)  # no failures on either side
    assert any(c[0] == c[1] and c[2] == 0 for c in CASES)  # all failures against none
    assert any(c[1] == 3000 and c[3] == 1 for c in CASES)  # narrow against wide


@pytest.mark.parametrize("better", [-1, 1])
def test_probability_is_within_1e_6_of_adaptive_quadrature(better):
    rows = np.array(CASES, dtype=float)
    got = beta_ratio_prob(*rows.T, better)
    want = np.array([reference(*c) for c in CASES])
    want = want if better < 0 else 1 - want
    err = np.abs(got - want)
    worst = int(err.argmax())
    assert err[worst] < 1e-6, (CASES[worst], got[worst], want[worst])


def test_no_failures_on_either_side_against_monte_carlo():
    # 0/60 against 0/60, ρ = ½: 0.3914 (the midpoint rule gave 0.420); 10⁶ draws, SE 0.0005
    rng = np.random.default_rng(16)
    p0, p1 = rng.beta(0.5, 60.5, 1_000_000), rng.beta(0.5, 60.5, 1_000_000)
    share = float(np.mean(p1 <= 0.5 * p0))
    se = np.sqrt(share * (1 - share) / 1_000_000)
    got = beta_ratio_prob(*(np.array([v]) for v in (0.0, 60.0, 0.0, 60.0, 0.5)), -1)[0]
    assert abs(got - share) < 4 * se
    assert abs(got - 0.3914) < 1e-4


def test_ratio_of_zero_or_infinity():
    one = np.array([1.0])
    k, n = np.array([3.0]), np.array([10.0])
    assert beta_ratio_prob(k, n, k, n, 0 * one, -1)[0] == 0.0
    assert beta_ratio_prob(k, n, k, n, np.inf * one, -1)[0] == 1.0


def test_ambition_shortfall_with_no_failures_in_the_window():
    # a ward at 100 % compliance in its 6-month window (0 failures of 60) from 50 of 60 a year
    # before: prob_target_met of halving the shortfall is P(q₁ ≤ ½ q₀), q the Jeffreys
    # posteriors of the failures (10 of 60 and 0 of 60)
    months = [f"2024-{m:02d}-01" for m in range(1, 13)] + [f"2025-{m:02d}-01" for m in range(1, 7)]
    yes = [50 // 12 + (1 if i < 50 % 12 else 0) for i in range(12)] + [10] * 6
    n = [5] * 12 + [10] * 6
    res = qi.ambition(
        pd.DataFrame({"month": pd.to_datetime(months), "yes": yes, "n": n}),
        y="yes",
        n="n",
        x="month",
        kind="proportion",
        change=0.5,
        target="shortfall",
        baseline=("2024-01-01", "2024-12-01"),
        deadline="2025-06-01",
        overdispersion=None,
    )
    got = float(res.summary()["prob_target_met"].iloc[0])
    assert abs(got - reference(10, 60, 0, 60, 0.5)) < 1e-6
