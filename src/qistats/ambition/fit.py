"""A Poisson log-linear trend per series, log μₜ = log nₜ + a + b·t, fitted to all series at once
(iteratively reweighted least squares on per-series sums)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import _kernels as K


@dataclass(frozen=True)
class Fit:
    """The fitted line per series (time centred and scaled) and the fitted count per point.

    ``vaa``, ``vbb`` and ``vab`` are the Poisson (φ = 1) covariance of (a, b); ``mu`` is the
    fitted count of every point used (0 elsewhere).
    """

    a: np.ndarray
    b: np.ndarray
    vaa: np.ndarray
    vbb: np.ndarray
    vab: np.ndarray
    mu: np.ndarray
    scale: float
    centre: np.ndarray


def time_scale(p, t, use, lay):
    """Centre and scale of time for a fit: years for dates, the x units otherwise."""
    scale = 365.25 * 86400e9 if p.x_converter.kind() == "datetime" else 1.0
    centre = K.divide(K.seg_sum(t, use, lay), K.seg_count(use, lay).astype(float))
    return scale, centre


def loglinear(
    p, lay, t, use: np.ndarray, fitted: np.ndarray, iterations: int = 30, covariate: bool = False
) -> Fit:
    """Fit log μₜ = log nₜ + a + b·t to the points ``use`` of the series ``fitted`` (each needs
    two distinct times and at least one event), by IRLS on per-series weighted sums. ``t`` is
    time (centred per series, in years for dates) or, with ``covariate``, any per-point value
    (centred per series, unscaled: the trajectory's log level for the pace)."""
    use = use & fitted[lay.seg]
    scale, centre = time_scale(p, t, use, lay)
    if covariate:
        scale = 1.0
    tt = np.where(use, (np.where(use, t, 0.0) - centre[lay.seg]) / scale, 0.0)
    off = np.log(np.where(use, p.n, 1.0))
    y = np.where(use, p.y, 0.0)
    a = np.log(K.divide(K.seg_sum(y, use, lay), K.seg_sum(np.where(use, p.n, 0.0), use, lay)))
    a = np.where(fitted, a, 0.0)
    b = np.zeros(lay.n_seg)
    # each series stops at its own convergence, as it would alone: iterating a converged series
    # further (while others converge) moves it in the last bits
    active = fitted.copy()
    for _ in range(iterations):
        eta = a[lay.seg] + b[lay.seg] * tt + off
        mu = np.exp(eta)
        zr = eta - off + (y - mu) / mu
        w = np.where(use, mu, 0.0)
        s0, s1, s2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
        r0, r1 = K.seg_sum(w * zr, use, lay), K.seg_sum(w * tt * zr, use, lay)
        det = s0 * s2 - s1 * s1
        a_new = K.divide(s2 * r0 - s1 * r1, det)
        b_new = K.divide(s0 * r1 - s1 * r0, det)
        step = np.fmax(np.abs(a_new - a), np.abs(b_new - b))
        a, b = np.where(active, a_new, a), np.where(active, b_new, b)
        active &= step >= 1e-10  # a missing step (NaN) ends it too
        if not active.any():
            break
    mu = np.where(use, np.exp(a[lay.seg] + b[lay.seg] * tt + off), 0.0)
    w = np.where(use, mu, 0.0)
    s0, s1, s2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
    det = s0 * s2 - s1 * s1
    return Fit(a, b, K.divide(s2, det), K.divide(s0, det), K.divide(-s1, det), mu, scale, centre)
