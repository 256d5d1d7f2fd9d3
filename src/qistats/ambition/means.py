"""Ambition statistics for a mean of measurements (kind="mean")."""

from __future__ import annotations

import numpy as np
from scipy import stats

from .. import _kernels as K
from ..errors import DataError
from .intervals import fieller_ratio
from .pooling import pooled_log_ratios
from .projection import MIN_PROJECTION_PERIODS, crossing, time_scale
from .report import data_warnings, spc_view, summary_table
from .result import Ambition
from .targets import target_value
from .trajectory import latest_status_of, periods_frame, seg_cumsum, trajectory_values
from .verdict import verdict_of
from .window import Window


def ambition_mean(
    win: Window, change, target, trajectory, better, alpha, multiply, view, definition
) -> Ambition:
    """Ambition statistics for a mean of measurements (length of stay, waiting time, …).

    Each period holds the rows' measurements; baseline and current means come with t intervals,
    the ratio of means with Fieller's interval (t quantiles), the tests are Welch's, and the
    trajectory status and projection use the normal approximation.
    """
    p, lay, t, in_base, in_comp = win.p, win.lay, win.t, win.in_base, win.in_comp
    n_base, t0 = win.n_base, win.t0
    seg = lay.seg
    cnt, mean = p.stats["count"], p.stats["mean"]
    ok = cnt > 0
    total = np.where(ok, cnt * mean, 0.0)
    within = np.where(cnt > 1, (cnt - 1) * p.stats["sd"] ** 2, 0.0)

    def moments(mask):
        mask = mask & ok
        n_obs = K.seg_sum(cnt, mask, lay)
        mu = K.divide(K.seg_sum(total, mask, lay), n_obs)
        dev = np.where(mask, mean - mu[seg], 0.0)
        ss = K.seg_sum(within + cnt * dev * dev, mask, lay)
        return n_obs, mu, np.sqrt(K.divide(ss, n_obs - 1))

    n0, m0, s0 = moments(in_base)
    n1, m1, s1 = moments(in_comp)
    if (m0 <= 0).any():
        raise DataError(
            f"y: {p.describe_series(int(np.flatnonzero(m0 <= 0)[0]))} has a baseline mean of "
            f"{m0[m0 <= 0][0]:g}; kind='mean' measures change as a ratio, so it needs positive "
            "measurements."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        t0q = stats.t.ppf(1 - alpha / 2, n0 - 1)
        t1q = stats.t.ppf(1 - alpha / 2, n1 - 1)
        b_lo, b_hi = m0 - t0q * s0 / np.sqrt(n0), m0 + t0q * s0 / np.sqrt(n0)
        c_lo, c_hi = m1 - t1q * s1 / np.sqrt(n1), m1 + t1q * s1 / np.sqrt(n1)
        tgt = target_value(target, change, m0, "mean", better, multiply, p)
        rho = tgt / m0
        ratio = m1 / m0
        z = stats.norm.ppf(1 - alpha / 2)
        se_log = np.sqrt(s1**2 / (n1 * m1**2) + s0**2 / (n0 * m0**2))
        v0, v1 = s0**2 / n0, s1**2 / n1
        r_lo, r_hi = fieller_ratio(m0, v0, n0, m1, v1, n1, alpha)

        def welch(r):
            """Welch's t statistic and df for H0: m1 = r · m0."""
            var = v1 + r * r * v0
            tstat = (m1 - r * m0) / np.sqrt(var)
            df = var**2 / (v1**2 / (n1 - 1) + (r * r * v0) ** 2 / (n0 - 1))
            return tstat, df

        t_imp, df_imp = welch(np.ones_like(m0))
        t_met, df_met = welch(rho)
        lower = better < 0
        p_improved = stats.t.cdf(t_imp, df_imp) if lower else stats.t.sf(t_imp, df_imp)
        p_met = stats.t.cdf(t_met, df_met) if lower else stats.t.sf(t_met, df_met)
        prob_met = stats.norm.cdf(-t_met) if lower else stats.norm.cdf(t_met)

    # trajectory: cumulative sum of measurements against the trajectory's expected sum
    traj = trajectory_values(win, m0, rho, trajectory, multiply)
    on = (t >= t0[seg]) & ok
    expected = np.where(on, traj * cnt, 0.0)
    cum_o = seg_cumsum(np.where(on, total, 0.0), lay)
    cum_e = seg_cumsum(expected, lay)
    cum_n = seg_cumsum(np.where(on, cnt, 0.0), lay)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = s0[seg] * np.sqrt(cum_n)
        zc = (cum_o - cum_e) / se
        oe = K.divide(cum_o, cum_e)
        oe_lo, oe_hi = K.divide(cum_o - z * se, cum_e), K.divide(cum_o + z * se, cum_e)
    crit = stats.norm.ppf(0.95)
    ahead = (oe_hi < 1) if lower else (oe_lo > 1)
    behind = (zc > crit) if lower else (zc < -crit)
    periods = periods_frame(
        win,
        on,
        traj,
        expected,
        cum_o,
        cum_e,
        oe,
        oe_lo,
        oe_hi,
        ahead,
        behind,
        multiply,
    )
    latest_status = latest_status_of(periods, lay)

    # projection: weighted least squares of the period means on time
    count_periods = K.seg_count(in_comp & ok, lay)
    ok_seg = count_periods >= MIN_PROJECTION_PERIODS
    use = in_comp & ok & ok_seg[seg]
    scale, centre = time_scale(p, t, use, lay)
    tt = np.where(use, (t - centre[seg]) / scale, 0.0)
    w = np.where(use, cnt, 0.0)
    yv = np.where(use, mean, 0.0)
    s_0, s_1, s_2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
    r_0, r_1 = K.seg_sum(w * yv, use, lay), K.seg_sum(w * tt * yv, use, lay)
    det = s_0 * s_2 - s_1 * s_1
    a = K.divide(s_2 * r_0 - s_1 * r_1, det)
    b = K.divide(s_0 * r_1 - s_1 * r_0, det)
    resid = np.where(use, yv - a[seg] - b[seg] * tt, 0.0)
    sigma2 = K.divide(K.seg_sum(w * resid**2, use, lay), (count_periods - 2).astype(float))
    vaa, vbb, vab = (
        sigma2 * K.divide(s_2, det),
        sigma2 * K.divide(s_0, det),
        sigma2 * K.divide(-s_1, det),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        zb = b / np.sqrt(vbb)
    with np.errstate(invalid="ignore"):  # t(m − 2): σ² is estimated from the fit
        dof = (count_periods - 2).astype(float)
        one, two = stats.t.ppf(1 - alpha, dof), stats.t.ppf(1 - alpha / 2, dof)
    slope_ok = ok_seg & ((zb < -one) if lower else (zb > one))
    proj, proj_lo, proj_hi, projection = crossing(
        a, b, vaa, vbb, vab, tgt, slope_ok, scale, centre, two
    )

    point_met = (ratio <= rho) if lower else (ratio >= rho)
    verdict = verdict_of(n1 == 0, p_met, alpha, point_met, latest_status, se_log, rho)

    # sufficiency: observations needed for 80 % power (one-sided 5 %) at the baseline's spread
    z_a, z_b = stats.norm.ppf(0.95), stats.norm.ppf(0.80)
    cv2 = (s0 / m0) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.log(rho) ** 2 / (z_a + z_b) ** 2 - cv2 / n0
        needed = np.where(room > 0, np.ceil(cv2 / room), np.inf)
        detectable = 1 - np.exp(-(z_a + z_b) * np.sqrt(cv2 / n0 + cv2 / np.maximum(n1, 1)))
        # a future period's mean, from the spread of the period means since the baseline
        spread = K.seg_std(mean, in_comp & ok, lay)
        below = stats.norm.cdf((tgt - m1) / spread)
    prob_period = below if lower else 1 - below

    chart_args = spc_view(win, {**view, "n": None}, "xmr", mean, None, tgt)
    summary = summary_table(
        win,
        multiply,
        chart_args,
        base=(m0, b_lo, b_hi),
        target=tgt,
        current=(m1, c_lo, c_hi),
        ratio=(ratio, r_lo, r_hi),
        tests=(p_improved, p_met, prob_met),
        verdict=verdict,
        projection=(proj, proj_lo, proj_hi, projection),
        sufficiency=(needed, detectable, np.full(lay.n_seg, np.nan), prob_period),
        warnings=data_warnings(n_base, None, p, lay, in_comp, None, None),
    )
    pooled = pooled_log_ratios(ratio, se_log, rho, better, alpha, n0, n1, m0, m1, multiply)
    return Ambition(summary, periods, pooled, definition, chart_args)
