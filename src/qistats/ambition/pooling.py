"""The programme view: series pooled, each against its own baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def pooled_counts(k0, e0, k1, e1, rho, better, alpha, multiply, kind) -> pd.DataFrame:
    """Mantel–Haenszel rate (or risk) ratio over series, each against its own baseline.

    The variance of its logarithm is Greenland & Robins' (1985): for rates
    Σ E₀E₁(K₀+K₁)/T² / (R·S); for proportions Σ (E₀E₁(K₀+K₁) − K₀K₁T)/T² / (R·S), with
    T = E₀ + E₁, R = Σ K₁E₀/T and S = Σ K₀E₁/T.
    """
    tot = e0 + e1
    r = k1 * e0 / tot
    s = k0 * e1 / tot
    rr = r.sum() / s.sum()
    cov = e0 * e1 * (k0 + k1)
    if kind == "proportion":
        cov = cov - k0 * k1 * tot
    var = (cov / tot**2).sum() / (r.sum() * s.sum())
    z = stats.norm.ppf(1 - alpha / 2)
    se = np.sqrt(var)
    lo, hi = rr * np.exp(-z * se), rr * np.exp(z * se)
    zs = np.log(rr) / se
    p_imp = stats.norm.cdf(zs) if better < 0 else stats.norm.sf(zs)
    common = np.unique(np.round(rho[np.isfinite(rho)], 12))
    if common.size == 1:
        zt = (np.log(rr) - np.log(common[0])) / se
        p_met = float(stats.norm.cdf(zt) if better < 0 else stats.norm.sf(zt))
    else:
        p_met = np.nan
    return pd.DataFrame(
        {
            "n_series": [k0.size],
            "baseline_events": [k0.sum()],
            "baseline_exposure": [e0.sum()],
            "current_events": [k1.sum()],
            "current_exposure": [e1.sum()],
            "baseline_value": [k0.sum() / e0.sum() * multiply],
            "current_value": [k1.sum() / e1.sum() * multiply if e1.sum() > 0 else np.nan],
            "rate_ratio": [rr],
            "rate_ratio_lower": [lo],
            "rate_ratio_upper": [hi],
            "percent_change": [(rr - 1) * 100],
            "p_improved": [p_imp],
            "p_target_met": [p_met],
        }
    )


def pooled_log_ratios(ratio, se_log, rho, better, alpha, n0, n1, m0, m1, multiply):
    """Inverse-variance pooled ratio of means (log scale) over series."""
    ok = np.isfinite(ratio) & (ratio > 0) & np.isfinite(se_log) & (se_log > 0)
    w = 1 / se_log[ok] ** 2
    log_r = (w * np.log(ratio[ok])).sum() / w.sum()
    se = 1 / np.sqrt(w.sum())
    z = stats.norm.ppf(1 - alpha / 2)
    zs = log_r / se
    common = np.unique(np.round(rho[np.isfinite(rho)], 12))
    p_met = np.nan
    if common.size == 1:
        zt = (log_r - np.log(common[0])) / se
        p_met = float(stats.norm.cdf(zt) if better < 0 else stats.norm.sf(zt))
    return pd.DataFrame(
        {
            "n_series": [ratio.size],
            "baseline_observations": [n0.sum()],
            "current_observations": [n1.sum()],
            "baseline_value": [(m0 * n0).sum() / n0.sum() * multiply],
            "current_value": [np.nansum(m1 * n1) / n1.sum() * multiply if n1.sum() else np.nan],
            "rate_ratio": [np.exp(log_r)],
            "rate_ratio_lower": [np.exp(log_r - z * se)],
            "rate_ratio_upper": [np.exp(log_r + z * se)],
            "percent_change": [(np.exp(log_r) - 1) * 100],
            "p_improved": [stats.norm.cdf(zs) if better < 0 else stats.norm.sf(zs)],
            "p_target_met": [p_met],
        }
    )
