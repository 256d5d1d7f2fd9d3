"""The robust φ of ``qi.funnel`` by hand, for the tests: loops over units with scipy's
distributions, independent of ``qistats._funnel``.

Each unit whose count has a null variance of 100 or less gives φ its mid-p normal score
Φ⁻¹(P(X < O) + ½P(X = O)) under the target, with that score's exact null E[z²] summed over
the pmf; a larger unit its transformed-scale z (the ``z`` column) with E[z²] = 1. A unit is
set aside while z² > 3.5² max(φ, floor); φ = Σ kept z² / (f Σ kept E[z²]), f the mean square
of N(0, 1) within ±3.5; iterated from median z² / (0.455 · median E[z²])."""

from __future__ import annotations

import numpy as np
from scipy import optimize, special, stats

C = 3.5
F = stats.truncnorm.var(-C, C)  # scipy's truncated normal: E[Z² | |Z| < c]
UP_TO = 100.0


def _score(dist, o: float) -> float:
    lower = dist.cdf(o - 1) + 0.5 * dist.pmf(o)
    upper = dist.sf(o) + 0.5 * dist.pmf(o)
    return float(special.ndtri(lower) if lower < upper else -special.ndtri(upper))


def _e0(dist) -> float:
    k = np.arange(int(dist.ppf(1 - 1e-16)) + 40)
    w = dist.pmf(k)
    lower = dist.cdf(k - 1) + 0.5 * w
    upper = dist.sf(k) + 0.5 * w
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(lower < upper, special.ndtri(lower), -special.ndtri(upper))
        return float(np.sum(np.where(w > 0, w * z * z, 0.0)))


def scores(dists, o, z):
    """Each unit's score and its null E[z²]: ``dists`` the units' scipy distributions under
    the target, ``o`` their counts, ``z`` their transformed-scale z-scores."""
    out, e0 = np.array(z, dtype=float), np.ones(len(o))
    for i, (d, oi) in enumerate(zip(dists, o, strict=True)):
        if d.var() <= UP_TO:
            out[i], e0[i] = _score(d, oi), _e0(d)
    return out, e0


def robust_phi(z, e0, floor: float = 0.0, start: float | None = None):
    """φ and the units kept, by a loop over units."""
    if start is None:
        med = np.median(z**2)
        phi = med / (stats.chi2.median(1) * np.median(e0)) if med > 0 else 1.0
    else:
        phi = start
    kept = None
    for _ in range(100):
        now = [bool(zi**2 <= C * C * max(phi, floor)) for zi in z]
        if now == kept:
            break
        kept = now
        num = sum(zi**2 for zi, k in zip(z, kept, strict=True) if k)
        phi = num / (F * sum(ei for ei, k in zip(e0, kept, strict=True) if k))
    return phi, np.array(kept)


# --------------------------------------------------------------------- limits, by brentq


def poisson_limits(mu, a):
    """O/μ limits a Poisson(μ) count crosses with probability ``a`` on each side: brentq on
    the continuous tails Q(o + 1, μ) = P(X <= o) and P(o, μ) = P(X >= o)."""
    mu = np.atleast_1d(np.asarray(mu, dtype=float))
    lo, hi = np.empty(mu.size), np.empty(mu.size)
    for i, u in enumerate(mu):
        top = u + 12 * np.sqrt(u) + 40
        s_l = optimize.brentq(lambda s, u=u: special.gammaincc(s, u) - a, 1e-12, top, xtol=1e-14)
        s_u = optimize.brentq(lambda s, u=u: special.gammainc(s, u) - a, 1e-12, top, xtol=1e-14)
        lo[i], hi[i] = max(s_l - 1, 0) / u, s_u / u
    return lo, hi


def binomial_limits(n, p, a):
    """O/n limits a Binomial(n, p) count crosses with probability ``a`` on each side: brentq
    on I_{1-p}(n - o, o + 1) = P(X <= o) and I_p(o, n - o + 1) = P(X >= o); 0 (1) when no
    events (non-events) have a chance of ``a`` or more."""
    n = np.atleast_1d(np.asarray(n, dtype=float))
    lo, hi = np.empty(n.size), np.empty(n.size)
    for i, k in enumerate(n):
        if (1 - p) ** k >= a:
            lo[i] = 0.0
        else:
            f = lambda o, k=k: special.betainc(k - o, o + 1, 1 - p) - a  # noqa: E731
            lo[i] = optimize.brentq(f, 0, k * p, xtol=1e-13) / k
        if p**k >= a:
            hi[i] = 1.0
        else:
            f = lambda o, k=k: special.betainc(o, k - o + 1, p) - a  # noqa: E731
            hi[i] = optimize.brentq(f, k * p, k, xtol=1e-13) / k
    return lo, hi


def ratio_limits(d, t, a):
    """O/D limits of a ratio of counts (the numerator given the total, Binomial(O + D, p),
    p = t/(1 + t)): brentq on I_{1-p}(D, o + 1) and I_p(o, D + 1)."""
    p = t / (1 + t)
    d = np.atleast_1d(np.asarray(d, dtype=float))
    lo, hi = np.empty(d.size), np.empty(d.size)
    for i, k in enumerate(d):
        top = 20 * k * t + 100
        if (1 - p) ** k >= a:
            lo[i] = 0.0
        else:
            f = lambda o, k=k: special.betainc(k, o + 1, 1 - p) - a  # noqa: E731
            lo[i] = optimize.brentq(f, 0, top, xtol=1e-13) / k
        f = lambda o, k=k: special.betainc(o, k + 1, p) - a  # noqa: E731
        hi[i] = optimize.brentq(f, 1e-9, top, xtol=1e-13) / k
    return lo, hi


def combined(centre, exact, ztau, sign):
    """The default adjusted limit on the transformed scale: the exact limit's distance from
    the centre, d, combined in quadrature with z·τ: centre ± sqrt(d² + (zτ)²)."""
    d = np.abs(np.asarray(exact, dtype=float) - centre)
    return centre + sign * np.sqrt(d * d + ztau * ztau)
