"""The robust φ of ``qi.funnel`` by hand, for the tests: loops over units with scipy's
distributions, independent of ``qistats._funnel``.

Each unit whose count has a null variance of 100 or less gives φ its mid-p normal score
Φ⁻¹(P(X < O) + ½P(X = O)) under the target, with that score's exact null E[z²] summed over
the pmf; a larger unit its transformed-scale z (the ``z`` column) with E[z²] = 1. A unit is
set aside while z² > 3.5² max(φ, floor); φ = Σ kept z² / (f Σ kept E[z²]), f the mean square
of N(0, 1) within ±3.5; iterated from median z² / (0.455 · median E[z²])."""

from __future__ import annotations

import numpy as np
from scipy import special, stats

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
