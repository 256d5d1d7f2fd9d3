"""Ambition statistics for counts: rates (Poisson) and proportions (binomial).

Every statistic is computed for all series at once from per-series sums over the baseline
(K₀, E₀) and the assessment window (K₁, E₁). Overdispersion enters as effective counts: every
count and exposure is divided by the factor f of :mod:`.dispersion` (1 unless φ is allowed
for) before the exact methods are applied, so intervals, tests, posteriors, the trajectory
comparison and the power checks all widen together, with t quantiles on φ̂'s degrees of
freedom in large samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .. import _kernels as K
from .dispersion import dispersion
from .intervals import (
    beta_prob_below,
    beta_ratio_prob,
    binom_tail,
    clopper_pearson,
    gamma_prob_below,
    garwood,
    koopman,
    koopman_z,
    poisson_tail,
    rate_ratio_exact,
    rate_ratio_tail,
)
from .pooling import Pool
from .projection import project_counts, target_variance, withhold_projections
from .reason import reasons, trend_of, when
from .report import data_warnings, no_trajectory, spc_view, summary_table
from .result import Ambition, AmbitionDefinition
from .targets import target_value
from .trajectory import along, cumulative, periods_frame, trajectory_values, versus_counts
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


@dataclass(frozen=True)
class Estimand:
    """The ratio a target is judged on: c₁/e₁ ÷ c₀/e₀ with c the events (rates, proportions)
    or the failures n − k (``target="shortfall"`` of an increase), and its target ratio ρ."""

    c0: np.ndarray
    c1: np.ndarray
    rho: np.ndarray
    lower_better: bool
    name: str


def _estimand(kind, target, change, better, k0, e0, k1, e1, tgt, lam0) -> Estimand:
    lower = better < 0
    if isinstance(target, str) and target == "shortfall":  # of an increase (check_target)
        rho = np.full(k0.shape, 1 - change)
        return Estimand(e0 - k0, e1 - k1, rho, True, "ratio of shortfalls (1 − p)")
    name = "rate ratio" if kind == "rate" else "ratio of proportions"
    if isinstance(target, str):
        return Estimand(k0, k1, np.full(k0.shape, 1 + change), lower, name)
    return Estimand(k0, k1, K.divide(tgt, lam0), lower, name)


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
    p, lay = win.p, win.lay
    y = np.where(win.ok, p.y, 0.0)
    n = np.where(win.ok, p.n, 0.0)
    k0, e0 = K.seg_sum(y, win.in_base, lay), K.seg_sum(n, win.in_base, lay)
    k1, e1 = K.seg_sum(y, win.in_win, lay), K.seg_sum(n, win.in_win, lay)
    lam0, lam1 = k0 / e0, K.divide(k1, e1)
    tgt = target_value(target, change, lam0, kind, better, multiply, p)
    phi, f, trend, special = dispersion(win, lam0, kind, overdispersion, alpha)
    est = _estimand(kind, target, change, better, k0, e0, k1, e1, tgt, lam0)
    absolute = not isinstance(target, str)
    lower = est.lower_better
    has1 = e1 > 0

    # levels: exact intervals on effective counts
    lk0, le0, lk1, le1 = k0 / f, e0 / f, k1 / f, np.where(has1, e1 / f, np.nan)
    if kind == "rate":
        b_lo, b_hi = (v / le0 for v in garwood(lk0, alpha))
        c_lo, c_hi = (K.divide(v, le1) for v in garwood(lk1, alpha))
    else:
        b_lo, b_hi = clopper_pearson(lk0, le0, alpha)
        c_lo, c_hi = clopper_pearson(lk1, le1, alpha)

    # the ratio: exact conditional (rates) or Koopman score (proportions), tests and posterior
    c0, c1 = est.c0 / f, est.c1 / f
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = K.divide(est.c1 / e1, est.c0 / e0)
    ratio = np.where(has1 & (est.c0 > 0), ratio, np.where(has1 & (est.c1 > 0), np.inf, np.nan))
    ratio = np.where(has1 & (est.c0 == 0) & (est.c1 == 0), np.nan, ratio)
    one = np.ones(lay.n_seg)
    if kind == "rate":
        r_lo, r_hi = rate_ratio_exact(c0, le0, c1, le1, alpha)
        p_improved = rate_ratio_tail(c0, le0, c1, le1, one, lower)
        p_ratio = rate_ratio_tail(c0, le0, c1, le1, est.rho, lower)
        a0, a1 = c0 + 0.5, c1 + 0.5
        with np.errstate(divide="ignore", invalid="ignore"):
            cdf = stats.f.cdf(est.rho * le1 * a0 / (le0 * a1), 2 * a1, 2 * a0)
        prob_ratio = cdf if lower else 1 - cdf
    else:
        r_lo, r_hi = koopman(c0, le0, c1, le1, alpha)
        zs = koopman_z(c0, le0, c1, le1, one)
        zr = koopman_z(c0, le0, c1, le1, est.rho)
        p_improved = stats.norm.cdf(zs) if lower else stats.norm.sf(zs)
        p_ratio = stats.norm.cdf(zr) if lower else stats.norm.sf(zr)
        ok1 = has1 & np.isfinite(est.rho)
        prob_ratio = np.full(lay.n_seg, np.nan)
        prob_ratio[ok1] = beta_ratio_prob(
            c0[ok1], le0[ok1], c1[ok1], le1[ok1], est.rho[ok1], -1 if lower else 1
        )
    if absolute:  # P(λ₁ ≤ T) and the one-sample exact test of λ₁ = T
        if kind == "rate":
            below = gamma_prob_below(lk1, le1, tgt)
            p_met = poisson_tail(lk1, tgt * le1, better < 0)
        else:
            below = beta_prob_below(lk1, le1, tgt)
            p_met = binom_tail(lk1, le1, tgt, better < 0)
        prob_met = below if better < 0 else 1 - below
        clearly = (c_hi < tgt) if better < 0 else (c_lo > tgt)
        clearly_not = (c_lo > tgt) if better < 0 else (c_hi < tgt)
    else:
        p_met, prob_met = p_ratio, prob_ratio
        clearly = (r_hi < est.rho) if lower else (r_lo > est.rho)
        clearly_not = (r_lo > est.rho) if lower else (r_hi < est.rho)
    nan_if_empty = lambda v: np.where(has1, v, np.nan)  # noqa: E731
    p_improved, p_met, prob_met = map(nan_if_empty, (p_improved, p_met, prob_met))
    # a relative (or shortfall) target of a baseline with no events (no failures): a change of
    # zero cannot be assessed, whatever the window holds (the tests of the ratio are defined
    # and reported; the verdict is insufficient_data)
    zero_base = (est.c0 == 0) & (win.n_base > 0) & (not absolute)
    # a relative target of a proportion above 100 % (targets.target_value): not judged either
    zero_base |= np.isnan(tgt) & (e0 > 0)
    p_met, prob_met = (np.where(zero_base & np.isnan(tgt), np.nan, v) for v in (p_met, prob_met))
    clearly, clearly_not = clearly & ~zero_base, clearly_not & ~zero_base
    point_met = (lam1 <= tgt) if better < 0 else (lam1 >= tgt)

    # the trajectory: cumulative per period, and over the window for the verdict
    traj = trajectory_values(win, lam0, tgt, trajectory, multiply)
    seg = lay.seg
    on = win.ok & (win.t >= win.t0[seg])
    expected = traj * n
    rel = K.divide(traj, lam0[seg]) * n
    var = traj * (1 - traj) * n if kind == "proportion" else np.zeros_like(n)
    w = win.in_win
    rel_w = K.seg_sum(np.where(w, rel, 0.0), w, lay)
    vs = versus_counts(
        kind,
        k0,
        e0,
        k1,
        K.seg_sum(np.where(w, expected, 0.0), w, lay),
        rel_w,
        K.seg_sum(np.where(w, var, 0.0), w, lay),
        f,
        alpha,
        better,
    )

    # a fit whose rate runs off to 0 or ∞ (events all early, say) is not projected
    g, g_judged, g_now = along(win, traj, lam0, tgt, trajectory, log=True)
    # the pace rests on the periods after the baseline; a relative target on the baseline's
    # estimated level, whose sampling error the pace's test must carry (as "behind" does)
    with np.errstate(divide="ignore", invalid="ignore"):
        var0 = f * lam0 * ((1 - lam0) if kind == "proportion" else 1.0) / e0
    v_target = target_variance(target, change, lam0, var0, tgt, log=True)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        (proj, proj_lo, proj_hi, projection), trend_pace = project_counts(
            p,
            lay,
            win.t,
            trend,
            win.after,
            np.where(tgt > 0, tgt, np.nan),
            better,
            alpha,
            overdispersion,
            g,
            g_judged,
            win.trend,
            v_target,
        )

    # data sufficiency: the variance of the log ratio expected if the target were met
    q0 = K.divide(est.c0, e0)
    # an absolute target of a baseline without events: its level is judged on the window
    # alone, and only when the window's interval clears the target (there is no baseline level
    # to tell a change from, nor one that already meets the target)
    zero_absolute = absolute & (est.c0 == 0)
    # the window's expected level: a proportion stays in [0, 1]; a rate per unit of exposure
    # has no upper bound (clipping it at 1 made the verdict depend on the exposure's unit)
    q1 = np.clip(np.where(zero_absolute, tgt, q0 * est.rho), 0, 1 if kind == "proportion" else None)
    mu1 = q1 * e1
    if kind == "rate":
        v0, v1 = K.divide(f, est.c0), K.divide(f, mu1)
    else:
        v0, v1 = K.divide(f * (1 - q0), est.c0), K.divide(f * (1 - q1), mu1)
    # (an absolute target the baseline already meets asks no change: none to tell)
    already = met_at_baseline(
        absolute, np.where(est.c0 > 0, lam0, np.nan), np.sqrt(v0), tgt, better
    )
    # at the deadline an absolute target is the window's level against a fixed number
    # (P(λ₁ ≤ T)): the baseline's uncertainty is no part of it, so the power check asks only
    # whether the window could tell the baseline's level from the target (a ward
    # at 73.1 % against 75 % with 335 baseline events and 510 in the window was withheld by
    # the baseline's variance, while one at 74.8 % with a significant change was "not_met")
    v0 = np.where(zero_absolute | (absolute & win.reached), 0.0, v0)
    with np.errstate(invalid="ignore"):
        se = np.sqrt(v0 + v1)
    weak = (too_few(se, est.rho, alpha, r_lo, r_hi) | zero_absolute) & ~already
    zp = power_z(alpha)
    keep = (1 - q1) if kind == "proportion" else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.log(est.rho) ** 2 / zp**2 - v0
        needed = np.where(room > 0, np.ceil(f * keep / room), np.inf)
    # the same standard error as the power check, so that the ambition is "insufficient"
    # exactly when it is smaller than the detectable change
    shift = np.where(has1, zp * se, np.nan)
    detectable = -(1 - np.exp(-shift)) if lower else np.exp(shift) - 1

    # too early to tell: could the window tell the change the trajectory expects by now
    # (ρ_w = Σ nₜTₜ/λ₀ / Σ nₜ) from no change?
    rho_w = K.divide(rel_w, e1)
    if kind == "rate":
        se_w = np.sqrt(K.divide(f, k0) + K.divide(f * e0, k0 * rel_w))
    else:
        p0 = K.divide(k0, e0)  # on the proportion's own scale, as the trajectory is
        mu_w = p0 * rel_w
        se_w = np.sqrt(K.divide(f * (1 - p0), k0) + K.divide(f * (1 - p0 * rho_w), mu_w))
    # (unless the window already shows a change: a significant improvement on the baseline)
    early = ~win.reached & underpowered(se_w, rho_w, alpha) & ~(p_improved <= alpha / 2)
    early &= ~already
    unclear = pace_unclear(trend_pace, np.abs(g_judged - g_now), win, point_met & has1, alpha)
    # a ceiling (or floor) the baseline meets already: a pace probably past it is not on track
    with np.errstate(divide="ignore", invalid="ignore"):
        rising = rising_past(already, win.reached, trend_pace, np.log(tgt), better)
    unclear = unclear | rising
    verdict = verdict_of(
        ~has1 | (win.n_base == 0) | zero_base | win.thin(),
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
    # no baseline (a ward that opened after it) under an absolute target: its window's level
    # against the target is judged alone (verdict.level_alone); nothing that needs a baseline
    alone = absolute & (win.n_base == 0)
    verdict = level_alone(
        verdict, alone, win.reached, has1 & ~win.thin(), clearly & has1, clearly_not & has1
    )

    percent, shown_detectable = _value_changes(target, lam0, lam1, detectable)
    chart = "p" if kind == "proportion" else "u"
    chart_args = spc_view(win, view, chart, p.output("y"), p.output("n"), tgt)
    summary = summary_table(
        win,
        multiply,
        chart_args,
        base=(lam0, b_lo, b_hi),
        target=tgt,
        current=(lam1, c_lo, c_hi),
        estimand=est.name,
        ratio=(ratio, r_lo, r_hi),
        tests=(p_improved, p_met, prob_met),
        verdict=verdict,
        evidence=(clearly & has1, vs, _expected_change(rho_w)),
        projection=(proj, proj_lo, proj_hi, projection),
        at_deadline=_at_deadline(kind, trend_pace),
        sufficiency=(needed, shown_detectable, phi, _prob_period(kind, lam1, tgt, e1, win, better)),
        percent=percent,
        alone=alone,
        warnings=data_warnings(
            win.n_base,
            est.c0,  # what the estimand rests on: the failures of a shortfall
            p,
            lay,
            win.in_win,
            np.where(f > 1, phi, np.nan),
            overdispersion,
            [
                _special_words(win, special.kept, kind, f > 1),
                _aside_words(win, special, kind, overdispersion == "auto"),
            ],
            failures=isinstance(target, str) and target == "shortfall",
            wanted=(win.base_wanted, win.unit),
        ),
    )
    no_trajectory(summary, already)
    summary.insert(
        summary.columns.get_loc("verdict") + 1,
        "reason",
        reasons(
            summary,
            kind,
            definition,
            est.rho,
            est.c0,
            mu1,
            win.n_base == 0,
            weak,
            unclear & ~early,  # the reason of the first check that applies
            # φ̂ quoted in "too few events" only where the power check allowed for it (f > 1)
            trend_of(win, trend_pace)
            | {
                "phi_allowed": np.broadcast_to(f > 1, (lay.n_seg,)),
                "already": already,
                "rising": rising,
            },
            zero_base | (zero_absolute & (verdict == "insufficient_data") & (win.n_base > 0)),
        ),
    )
    withhold_projections(summary, better)  # as the plot: none the verdict contradicts
    # the per-period table, built when first read (.periods): its exact intervals of every
    # period's cumulative counts cost a third of the call, and many callers read only the
    # summary
    periods = partial(
        _periods,
        win,
        kind,
        on,
        traj,
        expected,
        (y, rel, var),
        (k0, e0, f),
        alpha,
        better,
        multiply,
        already,
    )
    with np.errstate(divide="ignore", invalid="ignore"):  # series with no events pool to NaN
        rho_level = K.divide(tgt, lam0)
    shortfall = isinstance(target, str) and target == "shortfall"
    series = dict(
        k0=k0,
        e0=e0,
        k1=k1,
        e1=e1,
        rho=est.rho if shortfall else rho_level,  # on the estimand's scale, as pooled
        phi=np.where(f > 1, phi, 1.0),
    )
    series["excluded"] = np.isnan(tgt)  # a relative target above 100 %: not pooled
    fixed = dict(
        better=better,
        alpha=alpha,
        multiply=multiply,
        kind=kind,
        estimand=est.name,
        shortfall=shortfall,
    )
    pool = Pool("counts", pd.DataFrame(series), fixed)
    return Ambition(summary, periods, pool, definition, chart_args)


def _periods(
    win, kind, on, traj, expected, columns, base, alpha, better, multiply, none=None
) -> pd.DataFrame:
    """The per-period table: the events since the trajectory's start against those it expects,
    to every period (``columns``: the events, the trajectory's exposure and, for proportions,
    its variance per point; ``base``: K₀, E₀ and the overdispersion factor per series)."""
    seg = win.lay.seg
    y, rel, var = columns
    k0, e0, f = base
    cum_o, cum_e, cum_r, cum_v = cumulative(win, on, y, expected, rel, var)
    vs = versus_counts(kind, k0[seg], e0[seg], cum_o, cum_e, cum_r, cum_v, f[seg], alpha, better)
    return periods_frame(win, on, traj, expected, vs, multiply, none)


def _at_deadline(kind: str, pace) -> tuple[np.ndarray, ...]:
    """The pace's value at the deadline and its interval, back from the log scale; a
    proportion's clipped at 1 (100 %), which the log-linear fit does not bound. The verdicts
    read the log scale, where the target (at most 1) lies below the clip: none changes."""
    out = tuple(np.exp(v) for v in (pace.value, pace.lower, pace.upper))
    # np.minimum, not np.fmin: a missing projection (the deadline reached, or no pace yet)
    # stays missing; fmin made it 1.0 (100 %) with the interval 1.0–1.0
    return tuple(np.minimum(v, 1.0) for v in out) if kind == "proportion" else out


def _value_changes(target, lam0, lam1, detectable) -> tuple[np.ndarray | None, np.ndarray]:
    """For ``target="shortfall"``, whose ``rate_ratio`` is the ratio of shortfalls
    (1 − p₁)/(1 − p₀): ``percent_change`` as the change of the proportion itself,
    100(p₁/p₀ − 1), as for every other target (a proportion that rose from 80 % to 87.7 %
    read "−38.5" beside it, the fall of its shortfall), and ``detectable_change``
    as the change of the proportion a detectable fall d of the shortfall makes at the
    baseline, −d(1 − p₀)/p₀. Elsewhere ``(None, detectable)``: the ratio is of the value.

    >>> pc, d = _value_changes("shortfall", np.array([0.8]), np.array([0.9]), np.array([-0.2]))
    >>> [round(float(v), 6) for v in (pc[0], d[0])]
    [12.5, 0.05]
    """
    if not (isinstance(target, str) and target == "shortfall"):
        return None, detectable
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = (K.divide(lam1, lam0) - 1) * 100
        percent = np.where((lam0 == 0) & (lam1 > 0), np.inf, percent)
        return percent, -detectable * K.divide(1 - lam0, lam0)


def _expected_change(rho_w) -> np.ndarray:
    """The change the trajectory expects by now, in percent, of the rate or proportion (the
    trajectory's own scale, as ``percent_change`` is for every target)."""
    return (rho_w - 1) * 100


def _prob_period(kind, lam1, tgt, e1, win: Window, better) -> np.ndarray:
    """P(a future period of average size meets the target) at the window's level."""
    n_bar = K.divide(e1, K.seg_count(win.in_win, win.lay).astype(float))
    ok = np.isfinite(lam1) & (n_bar > 0)
    lam = np.where(ok, lam1, 0.0)
    out = np.full(lam.shape, np.nan)
    if kind == "rate":
        mu, cut = lam * np.where(ok, n_bar, 0.0), tgt * np.where(ok, n_bar, 0.0)
        res = (
            stats.poisson.cdf(np.floor(cut), mu)
            if better < 0
            else stats.poisson.sf(np.ceil(cut) - 1, mu)
        )
    else:
        nb = np.round(np.where(ok, n_bar, 0.0))
        cut = tgt * nb
        res = (
            stats.binom.cdf(np.floor(cut), nb, lam)
            if better < 0
            else stats.binom.sf(np.ceil(cut) - 1, nb, lam)
        )
    out[ok] = res[ok]
    return out


def _special_words(win: Window, special: np.ndarray, kind: str, used: np.ndarray) -> np.ndarray:
    """Per series: its most extreme spike in the baseline or the window, named ("Jun 2021
    alone has 150 events, where the baseline's other periods give about 12.1: a special
    cause? …"), where φ̂ is allowed for;
    "" elsewhere. φ̂ carries such a month (its events are in the level compared), and a
    reason saying "too few events … month-to-month variation 26 times what chance gives"
    beside 283 events should say where that variation comes from."""
    out = np.full(win.lay.n_seg, "", dtype=object)
    at = np.flatnonzero((special >= 0) & used)
    if not at.size:
        return out
    i = special[at]
    p, lay = win.p, win.lay
    first = win.in_base[i]  # in the baseline, else in the window

    def stretch_sum(v: np.ndarray) -> np.ndarray:
        return np.where(
            first, K.seg_sum(v, win.in_base, lay)[at], K.seg_sum(v, win.in_win, lay)[at]
        )

    # the level of the stretch's other periods, at the spike's exposure
    mu = p.n[i] * K.divide(stretch_sum(p.y) - p.y[i], stretch_sum(p.n) - p.n[i])
    what = "successes" if kind == "proportion" else "events"
    where = np.where(first, "baseline", "assessment window")
    dates = when(to_x(p.x_converter, win.t[i]), win.unit)
    for j, s in enumerate(at.tolist()):  # the few series with such a period
        out[s] = (
            f"{dates[j]} alone has {p.y[i[j]]:g} {what}, where the {where[j]}'s other periods "
            f"give about {mu[j]:.3g}: a special cause? It counts in the {where[j]}'s level, and "
            "widens every interval as overdispersion"
        )
    return out


def _aside_words(win: Window, special: Any, kind: str, auto: bool) -> np.ndarray:
    """Per series (or ""): the spikes set aside from φ̂ between the baseline and the
    window, named, so that φ̂ does not leave them out without a trace ("Jun 2022 (100
    events) set aside from the overdispersion: far from the periods either side, a special
    cause? It counts in the trend")."""
    out = np.full(win.lay.n_seg, "", dtype=object)
    at = np.flatnonzero((special.aside >= 0) & auto)
    if not at.size:
        return out
    i = special.aside[at]
    p = win.p
    dates = when(to_x(p.x_converter, win.t[i]), win.unit)
    what = "successes" if kind == "proportion" else "events"
    for j, s in enumerate(at.tolist()):  # the few series with such a period
        more = int(special.n_aside[s]) - 1
        others = f" and {more} more period{'s' if more > 1 else ''}" if more else ""
        out[s] = (
            f"{dates[j]} ({p.y[i[j]]:g} {what}){others} set aside from the overdispersion: far "
            f"from the {win.unit}s either side, a special cause? It counts in the trend"
        )
    return out
