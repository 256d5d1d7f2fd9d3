"""Ambition statistics for counts: rates (Poisson) and proportions (binomial)."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from .. import _kernels as K
from .intervals import beta_ratio_prob, clopper_pearson, garwood, rate_ratio_exact, rate_ratio_tail
from .pooling import pooled_counts
from .projection import project_counts
from .report import data_warnings, spc_view, summary_table
from .result import Ambition, AmbitionDefinition
from .targets import target_value
from .trajectory import latest_status_of, periods_counts
from .verdict import verdict_of
from .window import Window


def ambition_counts(
    win: Window,
    kind: str,
    change: float,
    target: Any,
    trajectory: Any,
    better: int,
    alpha: float,
    multiply: float,
    overdispersion: str | None,
    view: dict[str, Any],
    definition: AmbitionDefinition,
) -> Ambition:
    """Rates and proportions: every statistic of the summary, the periods and the pooled view."""
    p, lay, t, in_base, in_comp, n_base = (
        win.p,
        win.lay,
        win.t,
        win.in_base,
        win.in_comp,
        win.n_base,
    )
    k0 = K.seg_sum(p.y, in_base, lay)
    e0 = K.seg_sum(p.n, in_base, lay)
    k1 = K.seg_sum(p.y, in_comp, lay)
    e1 = K.seg_sum(p.n, in_comp, lay)
    lam0, lam1 = k0 / e0, K.divide(k1, e1)

    tgt = target_value(target, change, lam0, kind, better, multiply, p)
    rho = K.divide(tgt, lam0)

    # overdispersion from the baseline periods: Pearson χ² / df around the baseline value, with
    # the Poisson variance nλ for rates and the binomial variance np(1 − p) for proportions
    expected_base = p.n * lam0[p.series]
    variance = expected_base * (1 - lam0[p.series]) if kind == "proportion" else expected_base
    chi = np.where(in_base, K.divide((p.y - expected_base) ** 2, variance), 0.0)
    phi = K.divide(K.seg_sum(chi, in_base, lay), (n_base - 1).astype(float))
    widen = np.sqrt(np.fmax(phi, 1.0)) if overdispersion == "auto" else np.ones(lay.n_seg)

    z = stats.norm.ppf(1 - alpha / 2)
    if kind == "rate":
        b_lo, b_hi = (v / e0 for v in garwood(k0, alpha))
        c_lo, c_hi = (v / e1 for v in garwood(k1, alpha))
        rr = K.divide(lam1, lam0)
        rr_lo, rr_hi = rate_ratio_exact(k0, e0, k1, e1, alpha)
        p_improved = rate_ratio_tail(k0, e0, k1, e1, np.ones_like(rr), lower=better < 0)
        p_met = rate_ratio_tail(k0, e0, k1, e1, rho, lower=better < 0)
        a0, a1 = k0 + 0.5, k1 + 0.5
        cdf = stats.f.cdf(rho * e1 * a0 / (e0 * a1), 2 * a1, 2 * a0)
        prob_met = cdf if better < 0 else 1 - cdf
        with np.errstate(divide="ignore"):
            se = np.sqrt(1 / k0 + 1 / k1)  # of log RR, for the power of the data
    else:
        b_lo, b_hi = clopper_pearson(k0, e0, alpha)
        c_lo, c_hi = clopper_pearson(k1, e1, alpha)
        rr = K.divide(lam1, lam0)
        se = np.sqrt(K.divide(1 - lam0, k0) + K.divide(1 - lam1, k1))
        rr_lo, rr_hi = rr * np.exp(-z * se), rr * np.exp(z * se)
        zs = lambda ratio: (np.log(rr) - np.log(ratio)) / se  # noqa: E731
        p_improved = stats.norm.cdf(zs(1.0)) if better < 0 else stats.norm.sf(zs(1.0))
        p_met = stats.norm.cdf(zs(rho)) if better < 0 else stats.norm.sf(zs(rho))
        prob_met = beta_ratio_prob(k0, e0, k1, e1, rho, better)
    # widen the intervals for overdispersion (log scale)
    for est, (lo, hi) in ((lam0, (b_lo, b_hi)), (lam1, (c_lo, c_hi)), (rr, (rr_lo, rr_hi))):
        lo[:] = np.where(est > 0, est * (lo / est) ** widen, lo)
        hi[:] = np.where(est > 0, est * (hi / est) ** widen, hi)

    periods = periods_counts(win, lam0, rho, trajectory, multiply, better, alpha)
    latest_status = latest_status_of(periods, lay)

    proj, proj_lo, proj_hi, projection = project_counts(
        p, lay, t, in_comp, tgt, better, alpha, overdispersion
    )

    point_met = (rr <= rho) if better < 0 else (rr >= rho)
    verdict = verdict_of(
        (k0 == 0) | (e1 == 0), p_met, alpha, point_met, latest_status, se * widen, rho
    )

    z_a, z_b = stats.norm.ppf(0.95), stats.norm.ppf(0.80)
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.log(rho) ** 2 / (z_a + z_b) ** 2 - 1 / np.maximum(k0, 1)
        needed = np.where(room > 0, np.ceil(1 / room), np.inf)
        detectable = 1 - np.exp(
            -(z_a + z_b) * np.sqrt(1 / np.maximum(k0, 1) + 1 / np.maximum(k1, 1))
        )

    # MDC-style assurance, and the probability that a future period meets the target
    n_bar = K.divide(e1, K.seg_count(in_comp, lay).astype(float))
    if kind == "rate":
        mu = lam1 * n_bar
        cut = tgt * n_bar
        prob_period = (
            stats.poisson.cdf(np.floor(cut), mu)
            if better < 0
            else stats.poisson.sf(np.ceil(cut) - 1, mu)
        )
    else:
        nb = np.round(n_bar)
        cut = tgt * nb
        prob_period = (
            stats.binom.cdf(np.floor(cut), nb, lam1)
            if better < 0
            else stats.binom.sf(np.ceil(cut) - 1, nb, lam1)
        )

    chart_args = spc_view(win, view, "p" if kind == "proportion" else "u", p.y, p.n, tgt)

    summary = summary_table(
        win,
        multiply,
        chart_args,
        base=(lam0, b_lo, b_hi),
        target=tgt,
        current=(lam1, c_lo, c_hi),
        ratio=(rr, rr_lo, rr_hi),
        tests=(p_improved, p_met, prob_met),
        verdict=verdict,
        projection=(proj, proj_lo, proj_hi, projection),
        sufficiency=(needed, detectable, phi, prob_period),
        warnings=data_warnings(n_base, k0, p, lay, in_comp, phi, overdispersion),
    )
    pooled = pooled_counts(k0, e0, k1, e1, rho, better, alpha, multiply, kind, widen**2)
    return Ambition(summary, periods, pooled, definition, chart_args)
