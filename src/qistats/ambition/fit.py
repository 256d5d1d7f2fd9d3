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
    # further (while others converge) moves it in the last bits. The iterations work on the
    # series still active only (:class:`_Working`): a few slow ones no longer cost a pass
    # over every point
    active = fitted.copy()
    work = _Working(lay, [tt, off, y, use])
    for _ in range(iterations):
        idx, (tt_w, off_w, y_w, use_w), lay_w = work.narrow(active)
        a_w, b_w = a[idx], b[idx]
        eta = a_w[lay_w.seg] + b_w[lay_w.seg] * tt_w + off_w
        mu = np.exp(eta)
        zr = eta - off_w + (y_w - mu) / mu
        w = np.where(use_w, mu, 0.0)
        s0, s1, s2 = (K.seg_sum(w * tt_w**k, use_w, lay_w) for k in (0, 1, 2))
        r0, r1 = K.seg_sum(w * zr, use_w, lay_w), K.seg_sum(w * tt_w * zr, use_w, lay_w)
        det = s0 * s2 - s1 * s1
        a_new = K.divide(s2 * r0 - s1 * r1, det)
        b_new = K.divide(s0 * r1 - s1 * r0, det)
        step = np.fmax(np.abs(a_new - a_w), np.abs(b_new - b_w))
        live = active[idx]
        a[idx], b[idx] = np.where(live, a_new, a_w), np.where(live, b_new, b_w)
        active[idx] = live & (step >= 1e-10)  # a missing step (NaN) ends it too
        if not active.any():
            break
    mu = np.where(use, np.exp(a[lay.seg] + b[lay.seg] * tt + off), 0.0)
    w = np.where(use, mu, 0.0)
    s0, s1, s2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
    det = s0 * s2 - s1 * s1
    return Fit(a, b, K.divide(s2, det), K.divide(s0, det), K.divide(-s1, det), mu, scale, centre)


class _Working:
    """The series an iterative fit still works on, and their points: per-point ``columns``
    narrowed to the series still ``active`` once at most half of those worked on are (a few
    slow series then cost a pass over their own points only). Each series' sums are over the
    same points in the same order, so every series gets the numbers it gets alone."""

    def __init__(self, lay: K.Layout, columns: list[np.ndarray]) -> None:
        self.idx = np.arange(lay.n_seg)
        self.columns = columns
        self.lay = lay

    def narrow(self, active: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], K.Layout]:
        """The series worked on (indices), their columns and layout, for this pass."""
        live = active[self.idx]
        n_live = int(np.count_nonzero(live))
        if n_live > 0 and 2 * n_live <= self.idx.size:
            points = np.flatnonzero(live[self.lay.seg])
            lengths = self.lay.lengths()[live]
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            self.idx = self.idx[live]
            self.columns = [c[points] for c in self.columns]
            self.lay = K.Layout.from_starts(starts, points.size)
        return self.idx, self.columns, self.lay


@dataclass(frozen=True)
class Lines:
    """A fit with ``k`` coefficients per series: ``beta`` (series × k), their covariance
    ``cov`` (series × k × k; Poisson, φ = 1, or least squares with σ² from the residuals), the
    fitted value of every point used (0 elsewhere) and ``ok``: the series fitted (a
    non-singular design, finite coefficients)."""

    beta: np.ndarray
    cov: np.ndarray
    fitted: np.ndarray
    ok: np.ndarray


def _cross(cols, w, use, lay):
    """Per series, Σ w·xᵢ·xⱼ over the points ``use`` for the columns ``cols``."""
    k = len(cols)
    out = np.empty((lay.n_seg, k, k))
    for i in range(k):  # (a loop over the few columns, not over points or series)
        for j in range(i, k):
            out[:, i, j] = out[:, j, i] = K.seg_sum(w * cols[i] * cols[j], use, lay)
    return out


def _solve(s, r, ok):
    """``s⁻¹`` and ``s⁻¹r`` per series where ``ok`` and ``s`` is not (nearly) singular; NaN
    elsewhere, with ``ok`` narrowed to the solved series."""
    k = s.shape[1]
    diag = np.abs(np.einsum("sii->si", s)).prod(axis=1)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        scaled = np.abs(np.linalg.det(np.where(ok[:, None, None], s, np.eye(k)))) / diag
    ok = ok & np.isfinite(scaled) & (scaled > 1e-10)
    inv = np.linalg.inv(np.where(ok[:, None, None], s, np.eye(k)))
    inv[~ok] = np.nan
    return inv, np.einsum("sij,sj->si", inv, np.where(ok[:, None], r, 0.0)), ok


def poisson_lines(p, lay, cols, use, fitted, iterations: int = 30) -> Lines:
    """Fit log μₜ = log nₜ + β·xₜ (``cols``: the per-point columns of x, the first all ones)
    to the points ``use`` of the series ``fitted``, by IRLS on per-series sums; each series
    stops at its own convergence, as it would alone."""
    use = use & fitted[lay.seg]
    cols = [np.where(use, c, 0.0) for c in cols]
    off = np.log(np.where(use, p.n, 1.0))
    y = np.where(use, p.y, 0.0)
    k = len(cols)
    beta = np.zeros((lay.n_seg, k))
    beta[:, 0] = np.log(
        K.divide(K.seg_sum(y, use, lay), K.seg_sum(np.where(use, p.n, 0.0), use, lay))
    )
    ok = fitted & np.isfinite(beta[:, 0])
    beta[~ok] = 0.0
    active = ok.copy()
    # on the series still active only (:class:`_Working`); a converged series' ``ok`` is
    # checked again at the end, at its final coefficients, as every later pass checked it
    work = _Working(lay, [*cols, off, y, use])
    for _ in range(iterations):
        idx, (*cols_w, off_w, y_w, use_w), lay_w = work.narrow(active)
        beta_w = beta[idx]
        eta = sum(beta_w[lay_w.seg, i] * cols_w[i] for i in range(k)) + off_w
        mu = np.where(use_w, np.exp(eta), 0.0)
        zr = np.where(use_w, eta - off_w + K.divide(y_w - mu, mu), 0.0)
        inv, new, ok_w = _solve(
            _cross(cols_w, mu, use_w, lay_w), _cross_r(cols_w, mu * zr, use_w, lay_w), ok[idx]
        )
        step = np.abs(new - beta_w).max(axis=1)
        beta[idx] = np.where((active[idx] & ok_w)[:, None], new, beta_w)
        ok[idx] = ok_w
        active[idx] &= ok_w & (step >= 1e-10)
        if not active.any():
            break
    eta = sum(beta[lay.seg, i] * cols[i] for i in range(k)) + off
    mu = np.where(use, np.exp(eta), 0.0)
    inv, _, ok = _solve(_cross(cols, mu, use, lay), np.zeros((lay.n_seg, k)), ok)
    beta[~ok] = np.nan
    return Lines(beta, inv, mu, ok)


def _cross_r(cols, wz, use, lay):
    """Per series, Σ xᵢ·(w·z) over the points ``use``."""
    return np.stack([K.seg_sum(c * wz, use, lay) for c in cols], axis=1)


def least_squares_lines(lay, cols, use, w, yv, fitted) -> Lines:
    """Weighted least squares of ``yv`` on the columns ``cols`` (the first all ones), weights
    ``w``, over the points ``use`` of the series ``fitted``; the covariance with σ² from the
    weighted residuals on m − k degrees of freedom."""
    use = use & fitted[lay.seg]
    cols = [np.where(use, c, 0.0) for c in cols]
    w = np.where(use, w, 0.0)
    yv = np.where(use, yv, 0.0)
    k = len(cols)
    inv, beta, ok = _solve(_cross(cols, w, use, lay), _cross_r(cols, w * yv, use, lay), fitted)
    fit = np.where(use, sum(beta[lay.seg, i] * cols[i] for i in range(k)), 0.0)
    dof = (K.seg_count(use, lay) - k).astype(float)
    sigma2 = K.divide(K.seg_sum(w * (yv - fit) ** 2, use, lay), dof)
    return Lines(beta, inv * sigma2[:, None, None], fit, ok & (dof > 0))
