"""When the fitted trend reaches the target: a log-linear fit per series and its crossing."""

from __future__ import annotations

import numpy as np
from scipy import stats

from .. import _kernels as K

MIN_PROJECTION_PERIODS = 12


def project_counts(p, lay, t, in_comp, tgt, better, phi, overdispersion):
    """Poisson log-linear fit per series over the comparison periods (IRLS, all at once)."""
    n_seg = lay.n_seg
    nan = np.full(n_seg, np.nan)
    count = K.seg_count(in_comp, lay)
    ok_seg = (count >= MIN_PROJECTION_PERIODS) & (K.seg_sum(p.y, in_comp, lay) > 0)
    if not ok_seg.any():
        return nan, nan, nan, np.zeros(n_seg, dtype=bool)
    use = in_comp & ok_seg[lay.seg]
    scale, centre = time_scale(p, t, use, lay)
    tt = np.where(use, (t - centre[lay.seg]) / scale, 0.0)
    off = np.log(np.where(use, p.n, 1.0))
    y = np.where(use, p.y, 0.0)
    a = np.log(K.divide(K.seg_sum(y, use, lay), K.seg_sum(p.n, use, lay)))
    b = np.zeros(n_seg)
    a = np.where(ok_seg, a, 0.0)
    for _ in range(30):
        eta = a[lay.seg] + b[lay.seg] * tt + off
        mu = np.exp(eta)
        zr = eta - off + (y - mu) / mu
        w = np.where(use, mu, 0.0)
        s0, s1, s2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
        r0, r1 = K.seg_sum(w * zr, use, lay), K.seg_sum(w * tt * zr, use, lay)
        det = s0 * s2 - s1 * s1
        a_new = K.divide(s2 * r0 - s1 * r1, det)
        b_new = K.divide(s0 * r1 - s1 * r0, det)
        done = np.nanmax(np.abs(np.r_[a_new - a, b_new - b])[np.r_[ok_seg, ok_seg]], initial=0)
        a, b = np.where(ok_seg, a_new, 0.0), np.where(ok_seg, b_new, 0.0)
        if done < 1e-10:
            break
    det = s0 * s2 - s1 * s1
    vaa, vbb, vab = K.divide(s2, det), K.divide(s0, det), K.divide(-s1, det)
    if overdispersion == "auto":
        f = np.fmax(phi, 1.0)
        vaa, vbb, vab = vaa * f, vbb * f, vab * f
    se_b = np.sqrt(vbb)
    zb = b / se_b
    slope_ok = ok_seg & (
        (zb < -stats.norm.ppf(0.95)) if better < 0 else (zb > stats.norm.ppf(0.95))
    )
    return crossing(a, b, vaa, vbb, vab, np.log(tgt), slope_ok, scale, centre)


def crossing(a, b, vaa, vbb, vab, level, slope_ok, scale, centre):
    """When the fitted line a + b·t reaches ``level``, with the interval of t where
    |a + b·t − level| ≤ z·se(t) (a Fieller-type interval); in the units of x."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t_star = (level - a) / b
        zc = stats.norm.ppf(0.975)
        qa = b * b - zc * zc * vbb
        qb = 2 * ((a - level) * b - zc * zc * vab)
        qc = (a - level) ** 2 - zc * zc * vaa
        disc = np.sqrt(qb * qb - 4 * qa * qc)
        r1, r2 = (-qb - disc) / (2 * qa), (-qb + disc) / (2 * qa)
    lo = np.where(qa > 0, np.fmin(r1, r2), np.nan)
    hi = np.where(qa > 0, np.fmax(r1, r2), np.nan)
    back = lambda v: np.where(slope_ok, v * scale + centre, np.nan)  # noqa: E731
    return back(t_star), back(lo), back(hi), slope_ok


def time_scale(p, t, use, lay):
    """Centre and scale of time for a fit: years for dates, the x units otherwise."""
    scale = 365.25 * 86400e9 if p.x_converter.kind() == "datetime" else 1.0
    centre = K.divide(K.seg_sum(t, use, lay), K.seg_count(use, lay).astype(float))
    return scale, centre
