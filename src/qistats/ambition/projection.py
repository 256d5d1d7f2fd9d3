"""When the fitted trend reaches the target: a log-linear fit per series and its crossing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .. import _kernels as K
from .._calendar import Calendar, Months, Steps
from .fit import Fit, least_squares_lines, loglinear, poisson_lines, time_scale

#: The periods after the baseline a trend (a projected date, a pace) needs: a year of them,
#: but at least 6 and at most 12 (quarterly data: 6 quarters; weekly data: 12 weeks).
MIN_PROJECTION_PERIODS = 12
MIN_PROJECTION_PERIODS_FEWEST = 6
_YEAR_NS = 365.25 * 86_400e9


def baseline_periods(cal: Calendar, dates: bool) -> int:
    """How many baseline periods a series should have before ``warnings`` says "only n
    baseline periods": a year of them, at most 12 (monthly 12, quarterly 4, two-monthly 6,
    yearly 1; weekly and daily data 12, the fewest SPC limits are not trial limits with, as
    numbers and irregular x). A year of quarters was warned of as "only 4 baseline periods
    (fewer than 12)", which read as missing data.

    >>> baseline_periods(Months(m0=0, k=3, day=0), True), baseline_periods(Months(0, 1, 0), True)
    (4, 12)
    """
    per_year = _per_year(cal, dates)
    if per_year is None:
        return MIN_PROJECTION_PERIODS
    return int(np.clip(round(per_year), 1, MIN_PROJECTION_PERIODS))


def trend_periods(cal: Calendar, dates: bool) -> int:
    """How many periods after the baseline a trend needs in the calendar ``cal`` (``dates``:
    x is dates): the periods in a year, clipped to 6..12, so that quarterly data have a pace
    6 quarters after the baseline (a year and a half), not 12 (three years: never, in most
    ambitions), and monthly and weekly data 12 periods. Numbers and irregular x: 12.

    >>> trend_periods(Months(m0=0, k=3, day=0), True), trend_periods(Months(0, 1, 0), True)
    (6, 12)
    """
    per_year = _per_year(cal, dates)
    if per_year is None:
        return MIN_PROJECTION_PERIODS
    return int(np.clip(round(per_year), MIN_PROJECTION_PERIODS_FEWEST, MIN_PROJECTION_PERIODS))


def _per_year(cal: Calendar, dates: bool) -> float | None:
    """Periods a year in the calendar ``cal`` (``dates``: x is dates), or None for numbers and
    irregular x."""
    if isinstance(cal, Months):
        return 12 / cal.k
    if isinstance(cal, Steps) and dates:
        return _YEAR_NS / cal.s
    return None


def project_counts(
    p, lay, t, fit: Fit, in_comp, tgt, better, alpha, overdispersion, g, g_judged, fewest, v_target
):
    """When the Poisson log-linear trend over the periods after the baseline (``fit``, fitted
    for every series with at least three of them and an event) reaches the target; projected
    for series with at least ``fewest`` such periods (:func:`trend_periods`). And the pace
    (:class:`Pace`): the Poisson fit log μₜ = log nₜ + a + b·gₜ along the trajectory (``g``:
    its log level relative to the baseline's, per point), carried to the window judged at the
    deadline (``g_judged``).

    With ``overdispersion="auto"`` the covariance of each fit is scaled by the fit's own
    φ = max(1, X²/(m − 2)) (Pearson X² of the m periods around the fitted line) and the
    quantiles are t(m − 2); otherwise Poisson, with normal quantiles.

    ``v_target``: the variance of the target's log level from the baseline's sampling error
    (:func:`target_variance`), added to the pace's variance carried to the judged window and to
    the crossing's (:func:`crossing`): the fit rests on the periods after the baseline only,
    and a relative target is a multiple of the baseline's *estimated* level.

    Where the recent pace decides (``slowed``, :func:`stalled`), the projected date is that of
    the same recent line in time (:func:`recent_crossing`), so that the date drawn and the
    pace the reason quotes rest on one model. ``t``: the time of every point.
    """
    n_seg = lay.n_seg
    nan = np.full(n_seg, np.nan)
    count = K.seg_count(in_comp, lay)
    ok_seg = (count >= fewest) & (K.seg_sum(p.y, in_comp, lay) > 0)
    if not ok_seg.any():
        none = (nan, nan, nan, np.full(n_seg, "not_projected", dtype=object))
        no = np.zeros(n_seg, dtype=bool)
        return none, Pace(
            nan, nan, nan, nan, no, no, no, no, np.zeros(n_seg, int), np.full(n_seg, -1), no, no
        )
    dof = (count - 2).astype(float)
    vaa, vbb, vab = _widened(p, lay, fit, in_comp & ok_seg[lay.seg], dof, overdispersion)
    one, two = _quantiles(dof, alpha, overdispersion)
    zb = K.divide(fit.b, np.sqrt(vbb))
    slope_ok = ok_seg & ((zb < -one) if better < 0 else (zb > one))
    level = np.log(tgt)
    vaa_t = vaa + v_target  # the target's level is estimated too (a relative target)
    when = crossing(fit.a, fit.b, vaa_t, vbb, vab, level, slope_ok, fit.scale, fit.centre, two)
    # the pace along the trajectory: b = 1 follows it, b = 0 stalls
    use = in_comp & np.isfinite(g)
    path = loglinear(p, lay, g, use, ok_seg & np.isfinite(g_judged), covariate=True)
    vaa, vbb, vab = _widened(p, lay, path, use & ok_seg[lay.seg], dof, overdispersion)
    fitted = ok_seg & np.isfinite(path.b) & (vbb > 0) & np.isfinite(g_judged)
    z_along = K.divide(path.b, np.sqrt(vbb))
    full = pace(
        path.a,
        path.b,
        vaa,
        vbb,
        vab,
        g_judged - path.centre,
        level,
        two,
        fitted,
        better,
        fitted & (z_along > one),
        v_target,
    )
    # the recent pace: the slope may change where the latest year's periods begin
    recent = latest(use & fitted[lay.seg], lay, fewest)
    cols, knot, since = stick(g, path.centre, recent, lay)
    has = fitted & (K.seg_sum(p.y, recent, lay) > 0)
    lines = poisson_lines(p, lay, cols, use, has)
    dof = (K.seg_count(use, lay) - 3).astype(float)
    cov = lines.cov
    if overdispersion == "auto":
        pearson = K.seg_sum(
            K.divide((p.y - lines.fitted) ** 2, lines.fitted), use & has[lay.seg], lay
        )
        cov = cov * np.fmax(K.divide(pearson, dof), 1.0)[:, None, None]
    at = np.stack([np.ones(lay.n_seg), g_judged - path.centre, g_judged - knot], axis=1)
    decided = stalled(
        full,
        lines.beta,
        cov,
        at,
        lines.ok,
        level,
        dof,
        alpha,
        overdispersion,
        better,
        K.seg_count(recent, lay),
        since,
        v_target,
        year=fewest,
    )
    if decided.slowed.any():  # the date of the recent line in time, as the reason's pace
        cols, t_knot = time_stick(t, fit.scale, fit.centre, recent, since, lay)
        lines = poisson_lines(p, lay, cols, use, decided.slowed)
        cov = lines.cov
        if overdispersion == "auto":
            pearson = K.seg_sum(
                K.divide((p.y - lines.fitted) ** 2, lines.fitted), use & lines.ok[lay.seg], lay
            )
            cov = cov * np.fmax(K.divide(pearson, dof), 1.0)[:, None, None]
        late = recent_crossing(
            lines,
            cov,
            t_knot,
            fit.scale,
            fit.centre,
            level,
            better,
            dof,
            alpha,
            overdispersion,
            v_target,
        )
        when = tuple(np.where(decided.slowed, r, w) for r, w in zip(late, when, strict=True))
    return when, decided


def target_variance(target, change, level0, var0, tgt, log: bool) -> np.ndarray:
    r"""The variance of the target that comes from the baseline's sampling error, on the pace's
    scale (``log``: the log scale of counts, else the measurement's own, for means).

    A relative target is :math:`T = \hat\lambda_0(1 + c)` and a shortfall's
    :math:`T = 1 - (1 - \hat p_0)(1 - c)`, so
    :math:`\mathrm{var}\,T = d^2\,\mathrm{var}\,\hat\lambda_0` with :math:`d = 1 + c` or
    :math:`1 - c`; on the log scale divided by :math:`T^2` (a rate's relative target:
    :math:`f/K_0`, the baseline's term of the log rate ratio). An absolute
    target is a fixed number: 0. ``level0`` and ``var0``: the baseline's level and the variance
    of its estimate (:math:`f\lambda_0/E_0` for a rate, :math:`f p_0(1 - p_0)/E_0` for a
    proportion, the squared standard error of a mean). Missing values (no baseline) give 0:
    such a series has no target to project to.

    A rate of 0.1 per bed day from 1,200 events (φ = 2): 2/1200 = 0.00167 on the log scale,
    halved or not; a shortfall of 20 % to close by half (target 90 %) from 400 patients:
    0.5² · 0.8 · 0.2 / 400 / 0.9² = 0.000123.

    >>> lam0 = np.array([0.1])
    >>> v = target_variance("relative", -0.5, lam0, 2 * lam0 / 12000, 0.5 * lam0, True)
    >>> round(float(v[0]), 6)
    0.001667
    >>> round(float(target_variance("shortfall", 0.5, 0.8, 0.8 * 0.2 / 400, 0.9, True)), 6)
    0.000123
    >>> float(target_variance(12.0, -0.5, lam0, 1.0, 0.05, True)[0])
    0.0
    """
    level0 = np.asarray(level0, dtype=float)
    if not isinstance(target, str):
        return np.zeros(level0.shape)
    d = (1 - change) if target == "shortfall" else (1 + change)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = d * d * np.asarray(var0, dtype=float)
        if log:
            v = v / np.asarray(tgt, dtype=float) ** 2
    return np.where(np.isfinite(v), v, 0.0)


def _widened(p, lay, fit: Fit, use, dof, overdispersion):
    """The fit's covariance, scaled by φ = max(1, X²/(m − 2)) with ``overdispersion="auto"``."""
    if overdispersion != "auto":
        return fit.vaa, fit.vbb, fit.vab
    pearson = K.seg_sum(K.divide((p.y - fit.mu) ** 2, fit.mu), use, lay)
    f = np.fmax(K.divide(pearson, dof), 1.0)
    return fit.vaa * f, fit.vbb * f, fit.vab * f


def _quantiles(dof, alpha, overdispersion):
    """One- and two-sided quantiles: t(m − 2) when φ is estimated, else normal."""
    if overdispersion != "auto":
        return stats.norm.ppf(1 - alpha), stats.norm.ppf(1 - alpha / 2)
    with np.errstate(invalid="ignore"):
        return stats.t.ppf(1 - alpha, dof), stats.t.ppf(1 - alpha / 2, dof)


@dataclass(frozen=True)
class Pace:
    """The pace since the baseline carried to the window judged at the deadline, on the fit's
    scale (log for counts): the fit a + b·gₜ along the trajectory (gₜ its level relative to the
    baseline's, b = 1 on it, b = 0 stalled) at the judged window's ḡ, its interval and standard
    error; ``short``: the interval lies wholly on the bad side of the target (at that pace the
    target is clearly not met at the deadline: a one-sided test at α/2, as "behind");
    ``improving``: b > 0 at one-sided α (the series moves as the trajectory does);
    ``fitted``: the series has a pace (:func:`trend_periods` or more periods, the trajectory
    changing over them); ``slowed``: the pace is the recent one, clearly slower than the
    trajectory's (:func:`stalled`), its slope that of the latest ``periods`` periods, from
    the point at index ``since`` (−1 without one); ``slowing``: the recent slope is as clearly
    slower, but over fewer than a year's periods, too few for the recent pace to decide
    (:func:`stalled`): the pace is the one since the baseline, ``since`` the recent pace's
    first point.

    The interval (and ``short``) carries the target's variance from the baseline (a relative
    target is a multiple of the baseline's *estimated* level: :func:`target_variance`); ``se``
    is the fit's own, and ``doubtful`` marks the series whose interval without the target's
    variance lies wholly on the bad side of the target while the interval with it does not:
    short of the target as the data will judge it (the baseline's level as measured), though
    not clearly short of the true ratio. The verdict calls them neither on nor off track
    (:func:`qistats.ambition.verdict.pace_unclear`)."""

    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    se: np.ndarray
    short: np.ndarray
    improving: np.ndarray
    fitted: np.ndarray
    slowed: np.ndarray
    periods: np.ndarray
    since: np.ndarray
    doubtful: np.ndarray
    slowing: np.ndarray


def latest(use: np.ndarray, lay: K.Layout, fewest: int) -> np.ndarray:
    """The points of ``use`` of the recent pace (from its knot on, :func:`stick`): each
    series' latest ``fewest`` periods (a year's, :func:`trend_periods`), leaving at least half
    as many before them, so that there is an earlier pace for the recent one to have slowed
    from: 6 of 12 periods, 9 of 15, 12 of 18 or more.

    >>> lay = K.Layout.from_starts(np.array([0, 20]), 32)
    >>> got = latest(np.ones(32, dtype=bool), lay, 12)
    >>> int(got[:20].sum()), int(np.argmax(got[:20])), int(got[20:].sum()), int(np.argmax(got[20:]))
    (12, 8, 6, 6)
    """
    keep = np.minimum(fewest, K.seg_count(use, lay) - fewest // 2)
    seen = np.cumsum(use)  # used points so far, over every series
    ends = np.append(lay.starts[1:], lay.n_points) - 1
    after = seen[ends][lay.seg] - seen  # used points after each point, in its own series
    return use & (after < keep[lay.seg])


def stick(g, centre, recent, lay):
    """The columns of the fit whose slope on the trajectory may change where the latest
    periods ``recent`` begin, continuous there: 1, g − ḡ and h = g − g_k on the recent points
    (0 before them), with g_k the trajectory's level at the first of them (the knot, per
    series; NaN for a series without recent points), and the index of that first point (−1
    without one)."""
    first = np.minimum.reduceat(np.where(recent, np.arange(recent.size), recent.size), lay.starts)
    has = first < recent.size
    knot = np.where(has, g[np.where(has, first, 0)], np.nan)
    h = np.where(recent, g - knot[lay.seg], 0.0)
    return [np.ones(g.size), g - centre[lay.seg], h], knot, np.where(has, first, -1)


def time_stick(t, scale, centre, recent, since, lay):
    """The columns of a line in time whose slope may change at the recent pace's knot (the
    point at index ``since`` per series, −1 without one), continuous there: 1, (t − c)/s and
    (t − t_k)/s on the ``recent`` points (0 before them), ``scale`` s and ``centre`` c as the
    projection's (:func:`qistats.ambition.fit.time_scale`); and the knot's time t_k per series
    (NaN without a knot). The recent pace's broken line (:func:`stick`) in time: on a named
    trajectory before it reaches the target, the trajectory's log level is linear in time, and
    the two are the same line."""
    has = since >= 0
    t_knot = np.where(has, t[np.maximum(since, 0)], np.nan)
    tt = (t - centre[lay.seg]) / scale
    h = np.where(recent, (t - t_knot[lay.seg]) / scale, 0.0)
    return [np.ones(t.size), tt, h], t_knot


def recent_crossing(
    lines, cov, t_knot, scale, centre, level, better, dof, alpha, overdispersion, v_t
):
    r"""When the recent segment of a broken line in time (:func:`time_stick`: coefficients
    β₀, β₁, β₂ of 1, (t − c)/s and (t − t_k)/s, covariance ``cov``) reaches ``level``, and the
    confidence set of that time (:func:`crossing`). From the knot on the segment is
    A + B·u, u = (t − t_k)/s, with A = β₀ + β₁(t_k − c)/s and B = β₁ + β₂, so
    :math:`V_{AA} = \ell_A^\top\Sigma\ell_A` with :math:`\ell_A = (1, (t_k - c)/s, 0)`,
    :math:`\ell_B = (0, 1, 1)`; ``v_t``, the target's own variance, is added to
    :math:`V_{AA}`. Projected only where the recent slope is towards the target at one-sided α
    (t on m − 3 degrees of freedom with ``overdispersion="auto"``), else "not_projected".

    A line flat at log 1 = 0 up to a knot at t = 20, then falling 0.1 a period (centre 14,
    scale 1, every variance nearly 0): the recent segment 0 − 0.1u reaches log 0.5 6.93
    periods after the knot.

    >>> from types import SimpleNamespace
    >>> lines = SimpleNamespace(beta=np.array([[0.0, 0.0, -0.1]]), ok=np.array([True]))
    >>> out = recent_crossing(lines, np.full((1, 3, 3), 1e-12), np.array([20.0]), 1.0,
    ...                       np.array([14.0]), np.log(0.5), -1, np.array([30.0]), 0.05, None, 0.0)
    >>> round(float(out[0][0]), 2), out[3][0]
    (26.93, 'projected')
    """
    d = (t_knot - centre) / scale
    ell_a = np.stack([np.ones_like(d), d, np.zeros_like(d)], axis=1)
    ell_b = np.broadcast_to(np.array([0.0, 1.0, 1.0]), ell_a.shape)
    with np.errstate(invalid="ignore"):
        a = np.einsum("si,si->s", ell_a, lines.beta)
        b = np.einsum("si,si->s", ell_b, lines.beta)
        vaa = np.einsum("si,sij,sj->s", ell_a, cov, ell_a) + v_t
        vbb = np.einsum("si,sij,sj->s", ell_b, cov, ell_b)
        vab = np.einsum("si,sij,sj->s", ell_a, cov, ell_b)
    one, two = _quantiles(dof, alpha, overdispersion)
    zb = K.divide(b, np.sqrt(vbb))
    with np.errstate(invalid="ignore"):
        slope_ok = lines.ok & np.isfinite(t_knot) & ((zb < -one) if better < 0 else (zb > one))
    return crossing(a, b, vaa, vbb, vab, level, slope_ok, scale, t_knot, two)


def stalled(
    full,
    beta,
    cov,
    at,
    ok,
    level,
    dof,
    alpha,
    overdispersion,
    better,
    periods,
    since,
    v_target=0.0,
    *,
    year: int,
) -> Pace:
    """The pace that decides: the recent one where it has **slowed** over at least ``year``
    periods (a year's, :func:`trend_periods`), else ``full`` (since the baseline).

    The recent pace is the fit of the pace with its slope on the trajectory free to change
    where the latest year's periods begin (:func:`latest`), continuous there (a broken line:
    ``beta`` = (a, b, c) on the columns of :func:`stick`), so that the level at the knot rests
    on every period since the baseline: the recent slope is b + c, and carried to the window
    judged at the deadline (``at`` = (1, ḡ − centre, ḡ − g_k)) the level is at·β with variance
    atᵀ·V·at. Slowed: the recent slope is clearly below the trajectory's, b + c < 1 at one-sided
    α/2 (``(b + c − 1)/se < −q``, se² = V_bb + 2V_bc + V_cc), and its level at the judged
    window misses the target (``periods`` and ``since``: the recent periods and the index of
    the first, for the reason; ``v_target``: the target's variance from the baseline, added to
    that level's, as in :func:`pace`). A fit with one slope since the baseline reads a fall
    spread over its first months followed by flat months as following the trajectory, and
    keeps doing so while the flat months are few; the broken line sees them. A series on the
    trajectory has b + c = 1, so it is read as slowed in at most α/2 of cases.

    With fewer than ``year`` recent periods (12 to 17 months after a monthly baseline: the
    latest 6 to 11 of them) the recent pace does not decide: the series is ``slowing``, its
    pace the one since the baseline. As a route to "off_track" such a recent pace was a third
    one-sided test at α/2, beside the window and the pace since the baseline, and a nearly
    separate one: 12 months after the baseline its level at the judged window correlates 0.46
    with the pace since the baseline's (0.7 from 18 months, with 12 recent periods) and −0.99
    with its own slowing test, so being slowed hardly restricted it. Wards exactly on the
    trajectory were "off_track" then for 5.75–6.6 % at φ = 2–3, where α = 5 % is meant, and
    wards whose fall stalled after 6 months hardly more often (2–8 %). Slowing still
    withholds "on_track" (:func:`qistats.ambition.verdict.pace_unclear`).

    Flat since the knot (b + c = 1 − 1 = 0 with se √(0.01 + 0.03) = 0.2: z = −5) at a level
    of log 0.7 (se 0.01) carried to the judged window, target log 0.5: slowed, and clearly
    short of the target:

    >>> beta = np.array([[np.log(0.7), 1.0, -1.0]])
    >>> cov = np.diag([0.0001, 0.01, 0.03])[None]
    >>> full = pace(*(np.array([v]) for v in (0.0, 1.0, 0.01, 0.01, 0.0)), at=np.array([-0.5]),
    ...             level=np.log(0.5), q=1.96, fitted=np.array([True]), better=-1,
    ...             heading=np.array([True]))
    >>> out = stalled(full, beta, cov, np.array([[1.0, 0.0, 0.0]]), np.array([True]),
    ...               np.log(0.5), np.array([30.0]), 0.05, None, -1, np.array([12]), np.array([0]),
    ...               year=12)
    >>> bool(out.slowed[0]), round(float(np.exp(out.value[0])), 2), bool(out.short[0])
    (True, 0.7, True)

    The same fit with 6 recent periods is slowing: the pace since the baseline decides.

    >>> out = stalled(full, beta, cov, np.array([[1.0, 0.0, 0.0]]), np.array([True]),
    ...               np.log(0.5), np.array([30.0]), 0.05, None, -1, np.array([6]), np.array([0]),
    ...               year=12)
    >>> bool(out.slowed[0]), bool(out.slowing[0]), round(float(np.exp(out.value[0])), 2)
    (False, True, 0.61)
    """
    _, q = _quantiles(dof, alpha, overdispersion)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        value = np.einsum("si,si->s", at, beta)
        own = np.sqrt(np.fmax(np.einsum("si,sij,sj->s", at, cov, at), 0.0))
        se = np.sqrt(own * own + v_target)
        slope = beta[:, 1] + beta[:, 2]
        se_slope = np.sqrt(cov[:, 1, 1] + 2 * cov[:, 1, 2] + cov[:, 2, 2])
        slower = (slope - 1) / se_slope < -q
        missed = (value > level) if better < 0 else (value < level)
        lo, hi = value - q * se, value + q * se
        short = (lo > level) if better < 0 else (hi < level)
        measured = (value - q * own > level) if better < 0 else (value + q * own < level)
    ok = ok & np.isfinite(value) & np.isfinite(se) & (se_slope > 0)
    slower = ok & full.fitted & slower & missed
    slowed = slower & (periods >= year)
    pick = lambda r, f: np.where(slowed, r, f)  # noqa: E731
    return Pace(
        pick(value, full.value),
        pick(lo, full.lower),
        pick(hi, full.upper),
        pick(own, full.se),
        pick(short, full.short),
        improving=full.improving & ~slower,
        fitted=full.fitted,
        slowed=slowed,
        periods=periods,
        since=since,
        doubtful=pick(measured & ~short, full.doubtful),
        slowing=slower & ~slowed,
    )


def pace(a, b, vaa, vbb, vab, at, level, q, fitted, better, heading, v_target=0.0) -> Pace:
    r"""The fitted line a + b·g at ``at`` (g centred as in the fit) with its interval
    :math:`a + b g \pm q\,se(g)`, :math:`se(g)^2 = V_{aa} + 2gV_{ab} + g^2V_{bb} + V_T`, against
    the target ``level``; missing where not ``fitted``. :math:`V_T` (``v_target``) is the
    variance of the target's level from the baseline's sampling error (:func:`target_variance`;
    0 for an absolute target): the fit rests on the periods after the baseline alone, so
    without it a ward exactly on the trajectory was read as short of a relative target
    (a multiple of the baseline's *estimated* level) for 4.4 % of simulated wards at φ = 2
    where α/2 = 2.5 % is meant (``benchmarks/ambition_pace_errors.py``). The
    returned ``se`` is the fit's own (the power check of
    :func:`qistats.ambition.verdict.pace_unclear`); ``doubtful``: short by the interval
    without :math:`V_T`, not with it (:class:`Pace`).

    A log rate of 0 at the centre with se(a) = 0.1 and a pace b = 0 with se(b) = 0.3, the
    judged window 0.4 from the centre on the log scale: se² = 0.01 + 0.16·0.09 = 0.0244,
    interval ±1.96·0.156 = ±0.306, wholly above a target of log 0.5 = −0.693: short of it.

    >>> out = pace(*(np.array([v]) for v in (0.0, 0.0, 0.01, 0.09, 0.0)), at=np.array([-0.4]),
    ...            level=np.log(0.5), q=1.96, fitted=np.array([True]), better=-1,
    ...            heading=np.array([False]))
    >>> [round(float(v[0]), 3) for v in (out.value, out.lower, out.upper, out.se)]
    [0.0, -0.306, 0.306, 0.156]
    >>> bool(out.short[0]), bool(out.improving[0])
    (True, False)
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.sqrt(np.fmax(vaa + 2 * at * vab + at * at * vbb, 0.0))
        se = np.sqrt(own * own + v_target)
        value = a + b * at
    keep = lambda v: np.where(fitted, v, np.nan)  # noqa: E731
    value, lo, hi, own = keep(value), keep(value - q * se), keep(value + q * se), keep(own)
    with np.errstate(invalid="ignore"):
        short = (lo > level) if better < 0 else (hi < level)
        measured = (value - q * own > level) if better < 0 else (value + q * own < level)
    fitted = np.asarray(fitted, dtype=bool)
    none = np.zeros(fitted.shape, dtype=bool)
    return Pace(
        value,
        lo,
        hi,
        own,
        short & fitted,
        heading & fitted,
        fitted,
        none,
        none + 0,
        none - 1,
        measured & ~short & fitted,
        none,
    )


def crossing(a, b, vaa, vbb, vab, level, slope_ok, scale, centre, q):
    r"""When the fitted line a + b·t reaches ``level``, and the confidence set of that time.

    The point is t* = (level − a)/b. The set (Fieller 1954) is every t where
    :math:`|a + bt - \text{level}| \le q\,se(t)`, :math:`se(t)^2 = V_{aa} + 2tV_{ab} + t^2V_{bb}`,
    with ``q`` the two-sided quantile of the confidence level: the t where
    :math:`(b^2 - q^2V_{bb})t^2 + 2((a - \text{level})b - q^2V_{ab})t + (a - \text{level})^2 -
    q^2V_{aa} \le 0`. When the slope is clearly non-zero (b² > q²V_bb) the set is the interval
    between the roots: "projected". Otherwise it is unbounded: the ray that holds t* (from a
    root to infinity, or from minus infinity to a root), or every t; "open_ended", with the
    infinite side missing (NaN). Series whose slope is not towards the target (``slope_ok``
    False) are "not_projected", with every value missing. Times are in the units of x. A
    target that is itself estimated (a relative one) comes in through :math:`V_{aa}`: its
    variance, constant in t, is added there (:func:`project_counts`).

    A fitted log rate a + bt = 0 − 0.1t with se(b) = 0.06 reaches log 0.5 at t* = 6.93; the
    slope is significant one-sided at 5 % (z = 1.67) but not two-sided, so the set is
    (−∞, −39.4] ∪ [3.19, ∞): roots of −0.00383t² − 0.1386t + 0.4805 = 0; t* is in the right ray.

    >>> out = crossing(*(np.array([v]) for v in (0.0, -0.1, 0.0, 0.0036, 0.0)),
    ...                level=np.log(0.5), slope_ok=np.array([True]), scale=1.0,
    ...                centre=np.array([0.0]), q=np.array([1.96]))
    >>> [round(float(v[0]), 2) for v in out[:3]], out[3][0]
    ([6.93, 3.19, nan], 'open_ended')
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        t_star = (level - a) / b
        q2 = q * q
        qa = b * b - q2 * vbb
        qb = 2 * ((a - level) * b - q2 * vab)
        qc = (a - level) ** 2 - q2 * vaa
        disc = np.sqrt(np.fmax(qb * qb - 4 * qa * qc, 0.0))
        r1, r2 = (-qb - disc) / (2 * qa), (-qb + disc) / (2 * qa)
        small, large = np.fmin(r1, r2), np.fmax(r1, r2)
        whole = (qa <= 0) & ((qb * qb - 4 * qa * qc <= 0) | (qa == 0))
        right = (qa < 0) & ~whole & (t_star >= large)  # the ray [large, ∞) holds t*
        left = (qa < 0) & ~whole & ~right  # the ray (−∞, small]
    bounded = qa > 0
    lo = np.select([bounded, right], [small, large], np.nan)
    hi = np.select([bounded, left], [large, small], np.nan)
    status = np.select([~slope_ok, bounded], ["not_projected", "projected"], "open_ended").astype(
        object
    )
    back = lambda v: np.where(slope_ok, v * scale + centre, np.nan)  # noqa: E731
    return back(t_star), back(lo), back(hi), status


def project_means(p, lay, t, after, cnt, mean, tgt, better, alpha, g, g_judged, fewest, v_target):
    """Weighted least squares of the period means on time over ``after`` (at least
    ``fewest`` periods, :func:`trend_periods`), and when the fitted line reaches the target;
    and the pace: the same fit on the trajectory ``g`` (its level less the baseline mean, per
    point), carried to the window judged at the deadline (``g_judged``). t(m − 2) quantiles:
    σ² is estimated. ``v_target``: the target's variance from the baseline (:func:`pace`,
    :func:`crossing`). Where the recent pace decides, the projected date is the recent line's
    (:func:`project_counts`)."""
    count_periods = K.seg_count(after, lay)
    ok_seg = count_periods >= fewest
    use = after & ok_seg[lay.seg]
    scale, centre = time_scale(p, t, use, lay)
    dof = (count_periods - 2).astype(float)
    with np.errstate(invalid="ignore"):
        one, two = stats.t.ppf(1 - alpha, dof), stats.t.ppf(1 - alpha / 2, dof)
    a, b, vaa, vbb, vab = _wls(lay, t, use, cnt, mean, scale, centre, dof)
    zb = K.divide(b, np.sqrt(vbb))
    slope_ok = ok_seg & ((zb < -one) if better < 0 else (zb > one))
    when = crossing(a, b, vaa + v_target, vbb, vab, tgt, slope_ok, scale, centre, two)
    t_centre = centre
    use = use & np.isfinite(g)
    centre = K.seg_mean(g, use, lay)
    a, b, vaa, vbb, vab = _wls(lay, g, use, cnt, mean, 1.0, centre, dof)
    fitted = ok_seg & np.isfinite(b) & (vbb > 0) & np.isfinite(g_judged)
    heading = fitted & (K.divide(b, np.sqrt(vbb)) > one)
    full = pace(a, b, vaa, vbb, vab, g_judged - centre, tgt, two, fitted, better, heading, v_target)
    # the recent pace: the slope may change where the latest year's periods begin
    recent = latest(use & fitted[lay.seg], lay, fewest)
    cols, knot, since = stick(g, centre, recent, lay)
    lines = least_squares_lines(lay, cols, use, cnt, mean, fitted)
    dof = (K.seg_count(use, lay) - 3).astype(float)
    at = np.stack([np.ones(lay.n_seg), g_judged - centre, g_judged - knot], axis=1)
    decided = stalled(
        full,
        lines.beta,
        lines.cov,
        at,
        lines.ok,
        tgt,
        dof,
        alpha,
        "auto",
        better,
        K.seg_count(recent, lay),
        since,
        v_target,
        year=fewest,
    )
    if decided.slowed.any():  # the date of the recent line in time, as the reason's pace
        cols, t_knot = time_stick(t, scale, t_centre, recent, since, lay)
        lines = least_squares_lines(lay, cols, use, cnt, mean, decided.slowed)
        late = recent_crossing(
            lines, lines.cov, t_knot, scale, t_centre, tgt, better, dof, alpha, "auto", v_target
        )
        when = tuple(np.where(decided.slowed, r, w) for r, w in zip(late, when, strict=True))
    return when, decided


def _wls(lay, t, use, cnt, mean, scale, centre, dof):
    """Weighted least squares of ``mean`` on ``t`` (centred and scaled) per series, weights
    ``cnt``: the line (a, b) and its covariance with σ² from the residuals on ``dof``."""
    seg = lay.seg
    tt = np.where(use, (np.where(use, t, 0.0) - centre[seg]) / scale, 0.0)
    w = np.where(use, cnt, 0.0)
    yv = np.where(use, mean, 0.0)
    s_0, s_1, s_2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
    r_0, r_1 = K.seg_sum(w * yv, use, lay), K.seg_sum(w * tt * yv, use, lay)
    det = s_0 * s_2 - s_1 * s_1
    a = K.divide(s_2 * r_0 - s_1 * r_1, det)
    b = K.divide(s_0 * r_1 - s_1 * r_0, det)
    resid = np.where(use, yv - a[seg] - b[seg] * tt, 0.0)
    sigma2 = K.divide(K.seg_sum(w * resid**2, use, lay), dof)
    vaa, vbb, vab = (
        sigma2 * K.divide(s_2, det),
        sigma2 * K.divide(s_0, det),
        sigma2 * K.divide(-s_1, det),
    )
    return a, b, vaa, vbb, vab


#: The summary's projected-date columns, withheld together (:func:`withhold_projections`).
PROJECTED = ("projected_date", "projected_lower", "projected_upper")


def withhold_projections(summary: pd.DataFrame, better: int) -> None:
    """Blank, in the summary (in place, after the reasons are written), the projected dates
    the verdict or the data contradict, as ``Ambition.plot()`` leaves them out:

    * a verdict of ``insufficient_data``: a series that cannot be judged (closed months
      before the date judged, too few events) gets no projection: ``projection`` is
      "not_projected";
    * before the deadline, an open-ended projection ("May 2023 (or never)": a trend not
      clearly going anywhere) dated at or before the end of the window judged while the
      window's level is still short of the target (``better``: −1 lower is better, 1 higher):
      the data already contradict the crossing (a ward "on track" at 16 per 1,000 against a
      target of 11.3 in Jun 2023, "projected" to reach it in May 2023):
      ``projection`` is "contradicted".

    A bounded projection stays (a falling rate whose trend is below the target before the
    window's mean, which lags it, is), and so does any projection once the deadline is reached
    (the reason then says the trend reached the target but the level did not)."""
    status = summary["projection"].to_numpy(dtype=object)
    unjudged = (summary["verdict"].to_numpy(dtype=object) == "insufficient_data") & (
        status != "not_projected"
    )
    when, end = summary["projected_date"], summary["current_end"]
    contradicted = np.zeros(len(summary), dtype=bool)
    if not isinstance(when.dtype, pd.CategoricalDtype):  # categories have no projection
        level = summary["current_value"].to_numpy(dtype=float)
        target = summary["target_value"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            short = level > target if better < 0 else level < target
        dated = when.notna().to_numpy() & end.notna().to_numpy()
        early = np.zeros(len(summary), dtype=bool)
        early[dated] = (when[dated] <= end[dated]).to_numpy(dtype=bool)
        reached = summary["deadline_reached"].to_numpy(dtype=bool)
        contradicted = (status == "open_ended") & ~reached & early & short & ~unjudged
    hide = unjudged | contradicted
    if not hide.any():
        return
    for col in PROJECTED:
        summary[col] = summary[col].mask(hide)
    summary["projection"] = np.select(
        [unjudged, contradicted], ["not_projected", "contradicted"], status
    ).astype(object)
