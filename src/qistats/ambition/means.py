"""Ambition statistics for a mean of measurements (kind="mean": length of stay, waits, …)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .. import _kernels as K
from ..errors import DataError
from .clustered import dominant, stretches
from .intervals import fieller_ratio
from .pooling import Pool
from .projection import project_means, target_variance, withhold_projections
from .reason import reasons, trend_of, when
from .report import data_warnings, no_trajectory, spc_view, summary_table
from .result import Ambition, AmbitionDefinition
from .targets import target_value
from .trajectory import along, cumulative, periods_frame, trajectory_values, versus_means
from .verdict import (
    ceiling_behind,
    level_alone,
    met_at_baseline,
    pace_unclear,
    power_z,
    rising_past,
    too_few,
    underpowered,
    verdict_of,
)
from .window import Window, to_x


def ambition_mean(
    win: Window,
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
    """Ambition statistics for a mean of measurements.

    Each period holds the rows' measurements; baseline and current means come with t intervals,
    the ratio of means with Fieller's interval (Welch–Satterthwaite t); the tests are Welch's
    (relative targets) or one-sample t tests (absolute targets), the trajectory comparison a t
    test with the baseline mean's uncertainty, and the projection weighted least squares.
    With ``overdispersion="auto"``, where the period means vary more than their measurements
    (:mod:`.clustered`), each stretch's mean has its cluster-robust variance (the period as the
    cluster) and t on its periods less one: in every interval, test, ``prob_target_met``, the
    trajectory comparison and the power checks. φ̂ (the between- over the within-period mean
    square) is the summary's ``overdispersion``.
    """
    p, lay, t = win.p, win.lay, win.t
    seg = lay.seg
    cnt, mean, ok = p.stats["count"], p.stats["mean"], win.ok
    total = np.where(ok, cnt * mean, 0.0)
    base, now, phi = stretches(
        cnt, mean, p.stats["sd"], win.in_base, win.in_win, lay, overdispersion, alpha
    )
    n0, m0, s0, v0, df0 = base.n, base.mean, base.sd, base.var, base.dof
    n1, m1, v1, df1 = now.n, now.mean, now.var, now.dof
    # two variances from the same mean squares: their sum has no more df than either
    most = np.where(base.component & now.component, np.fmax(df0, df1), np.inf)
    if (m0 <= 0).any():
        raise DataError(
            f"y: {p.describe_series(int(np.flatnonzero(m0 <= 0)[0]))} has a baseline mean of "
            f"{m0[m0 <= 0][0]:g}; kind='mean' measures change as a ratio, so it needs positive "
            "measurements."
        )
    lower = better < 0
    has1 = n1 > 0
    tgt = target_value(target, change, m0, "mean", better, multiply, p)
    rho = tgt / m0
    absolute = not isinstance(target, str)
    with np.errstate(divide="ignore", invalid="ignore"):
        t0q = stats.t.ppf(1 - alpha / 2, df0)
        t1q = stats.t.ppf(1 - alpha / 2, df1)
        se0, se1 = np.sqrt(v0), np.sqrt(v1)
        b_lo, b_hi = m0 - t0q * se0, m0 + t0q * se0
        c_lo, c_hi = m1 - t1q * se1, m1 + t1q * se1
        ratio = m1 / m0
        se_log = np.sqrt(v1 / m1**2 + v0 / m0**2)
        r_lo, r_hi = fieller_ratio(m0, v0, df0, m1, v1, df1, alpha, most)

        def welch(r):
            """Welch's t statistic and df for H0: m1 = r · m0."""
            var = v1 + r * r * v0
            tstat = (m1 - r * m0) / np.sqrt(var)
            df = np.fmin(var**2 / (v1**2 / df1 + (r * r * v0) ** 2 / df0), most)
            return tstat, df

        t_imp, df_imp = welch(np.ones_like(m0))
        p_improved = stats.t.cdf(t_imp, df_imp) if lower else stats.t.sf(t_imp, df_imp)
        if absolute:  # one-sample t test of μ₁ = T; P(μ₁ ≤ T) under the flat-prior t posterior
            t_met, df_met = (m1 - tgt) / se1, df1
            clearly = (c_hi < tgt) if lower else (c_lo > tgt)
            clearly_not = (c_lo > tgt) if lower else (c_hi < tgt)
        else:
            t_met, df_met = welch(rho)
            clearly = (r_hi < rho) if lower else (r_lo > rho)
            clearly_not = (r_lo > rho) if lower else (r_hi < rho)
        p_met = stats.t.cdf(t_met, df_met) if lower else stats.t.sf(t_met, df_met)
        prob_met = stats.t.cdf(-t_met, df_met) if lower else stats.t.cdf(t_met, df_met)
    point_met = (m1 <= tgt) if lower else (m1 >= tgt)

    # the trajectory: sums of measurements against expected sums, per period and over the window
    traj = trajectory_values(win, m0, tgt, trajectory, multiply)
    on = ok & (t >= win.t0[seg])
    expected = np.where(ok, traj * cnt, 0.0)
    rel = np.where(ok, traj / m0[seg] * cnt, 0.0)
    cum_o, cum_e, cum_n, cum_r = cumulative(win, on, total, expected, cnt, rel)
    clusters = (base.factor, now.factor, df0, df1, most)
    vs_periods = versus_means(
        n0[seg],
        m0[seg],
        s0[seg],
        cum_o,
        cum_e,
        cum_n,
        cum_r,
        alpha,
        better,
        *(v[seg] for v in clusters),
    )
    w = win.in_win
    rel_w = K.seg_sum(rel, w, lay)
    vs = versus_means(
        n0,
        m0,
        s0,
        K.seg_sum(total, w, lay),
        K.seg_sum(expected, w, lay),
        n1,
        rel_w,
        alpha,
        better,
        *clusters,
    )
    g, g_judged, g_now = along(win, traj, m0, tgt, trajectory, log=False)
    # a relative target rests on the baseline's estimated mean: the pace's test carries it
    v_target = target_variance(target, change, m0, v0, tgt, log=False)
    (proj, proj_lo, proj_hi, projection), trend_pace = project_means(
        p, lay, t, win.after, cnt, mean, tgt, better, alpha, g, g_judged, win.trend, v_target
    )

    # sufficiency: the log ratio of means at the baseline's spread (coefficient of variation),
    # each stretch's variance scaled by its factor for period-to-period variation
    cv2 = (s0 / m0) ** 2
    c0, c1 = base.factor, now.factor
    zp = power_z(alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        # at the deadline an absolute target is the window's mean against a fixed number:
        # the baseline's term is no part of it (as for counts)
        v0 = np.where(absolute & win.reached, 0.0, c0 * cv2 / n0)
        se_power = np.sqrt(v0 + c1 * cv2 / np.where(has1, n1, np.nan))
        room = np.log(rho) ** 2 / zp**2 - v0
        needed = np.where(room > 0, np.ceil(c1 * cv2 / room), np.inf)
        shift = zp * se_power
        # a future period's mean, from the spread of the period means in the window
        spread = K.seg_std(mean, w, lay)
        below = stats.norm.cdf(K.divide(tgt - m1, spread))
    detectable = -(1 - np.exp(-shift)) if lower else np.exp(shift) - 1
    prob_period = below if lower else 1 - below
    # (an absolute target the baseline already meets asks no change: none to tell)
    with np.errstate(divide="ignore", invalid="ignore"):
        already = met_at_baseline(absolute, m0, np.sqrt(c0 * cv2 / n0), tgt, better)
    weak = too_few(se_power, rho, alpha, r_lo, r_hi) & ~already  # and no change shown
    rho_w = K.divide(rel_w, n1)  # the trajectory's expected change by now, in the window
    early = ~win.reached & underpowered(se_power, rho_w, alpha) & ~(p_improved <= alpha / 2)
    early &= ~already
    # the fit is on the measurement's own scale
    unclear = pace_unclear(trend_pace, np.abs(g_judged - g_now), win, point_met & has1, alpha)
    # a ceiling (or floor) the baseline meets already: a pace probably past it is not on track
    with np.errstate(divide="ignore", invalid="ignore"):
        rising = rising_past(already, win.reached, trend_pace, tgt, better)
    unclear = unclear | rising
    verdict = verdict_of(
        ~has1 | (win.n_base == 0) | win.thin(),
        weak,
        win.reached,
        point_met,
        ceiling_behind(already, vs.status == "behind", clearly_not & has1),
        trend_pace.short & ~win.reached,
        early,
        unclear,
        clearly & has1,
        clearly_not & has1,
    )
    # no baseline under an absolute target: the window's mean against it alone (as counts)
    alone = absolute & (win.n_base == 0)
    verdict = level_alone(
        verdict, alone, win.reached, has1 & ~win.thin(), clearly & has1, clearly_not & has1
    )

    chart_args = spc_view(win, {**view, "n": None}, "xmr", mean, None, tgt)
    summary = summary_table(
        win,
        multiply,
        chart_args,
        base=(m0, b_lo, b_hi),
        target=tgt,
        current=(m1, c_lo, c_hi),
        estimand="ratio of means",
        ratio=(ratio, r_lo, r_hi),
        tests=(p_improved, p_met, prob_met),
        verdict=verdict,
        evidence=(clearly & has1, vs, (rho_w - 1) * 100),
        projection=(proj, proj_lo, proj_hi, projection),
        at_deadline=(trend_pace.value, trend_pace.lower, trend_pace.upper),
        sufficiency=(needed, detectable, phi, prob_period),
        alone=alone,
        warnings=data_warnings(
            win.n_base,
            None,
            p,
            lay,
            w,
            np.where(c0 * c1 > 1, phi, np.nan),
            overdispersion,
            [_dominant_words(win, c0 * c1 > 1)],
            wanted=(win.base_wanted, win.unit),
        ),
    )
    no_trajectory(summary, already)
    summary.insert(
        summary.columns.get_loc("verdict") + 1,
        "reason",
        reasons(
            summary,
            "mean",
            definition,
            rho,
            None,
            None,
            win.n_base == 0,
            weak,
            unclear & ~early,  # the reason of the first check that applies
            trend_of(win, trend_pace) | {"already": already, "rising": rising},
        ),
    )
    withhold_projections(summary, better)  # as the plot: none the verdict contradicts
    periods = periods_frame(win, on, traj, expected, vs_periods, multiply, already)
    series = dict(ratio=ratio, se_log=se_log, rho=rho, n0=n0, n1=n1, m0=m0, m1=m1)
    fixed = dict(better=better, alpha=alpha, multiply=multiply, estimand="ratio of means")
    pool = Pool("means", pd.DataFrame(series), fixed)
    return Ambition(summary, periods, pool, definition, chart_args)


def _dominant_words(win: Window, used: np.ndarray) -> np.ndarray:
    """Per series, where the period-to-period variation is allowed for and one period gives
    most of it (:func:`qistats.ambition.clustered.dominant`), words naming it: "Oct 2023's mean
    95 (1 measurement) is far from the window's other periods (about 10): 92% of the
    period-to-period variation allowed for; a special cause? …"; "" elsewhere."""
    p = win.p
    at, share, others = dominant(
        p.stats["count"], p.stats["mean"], win.in_base, win.in_win, win.lay
    )
    out = np.full(win.lay.n_seg, "", dtype=object)
    rows = np.flatnonzero((at >= 0) & used)
    if not rows.size:
        return out
    i = at[rows]
    dates = when(to_x(p.x_converter, win.t[i]), win.unit)
    for j, s in enumerate(rows.tolist()):  # the few series with such a period
        c = int(p.stats["count"][i[j]])
        where = "baseline" if win.in_base[i[j]] else "window"
        value = p.stats["mean"][i[j]]
        out[s] = (
            f"{dates[j]}'s mean {value:.3g} ({c} measurement{'s' if c > 1 else ''}) "
            f"is far from the {where}'s other periods (about {others[s]:.3g}): "
            f"{share[s]:.0%} of the period-to-period variation allowed for; a special cause? "
            f"It counts in the {where}'s mean"
        )
    return out
