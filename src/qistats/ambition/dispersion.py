r"""Overdispersion: φ̂ from every period of a series, and the factor its counts are divided by.

φ is estimated from the fit, not from the baseline alone: every usable period up to the end of
the assessment window has a Pearson residual rₜ = (yₜ − μ̂ₜ)/√μ̂ₜ around its fitted level: the
baseline's level λ̂₀ in the baseline, and a Poisson log-linear trend after it (its own level
when fewer than three periods or no events). Each stretch j (baseline, after) gives the
successive-differences statistic

.. math:: \tilde X^2_j = \tfrac12 \sum_t w_t (r_t - r_{t-1})^2

over its pairs of successive usable periods, whose expectation is that of Pearson's X²ⱼ on
νⱼ degrees of freedom (below). Each pair is weighted by the inverse of its variance under
Poisson (binomial) variation, wₜ ∝ 1/(2 + (1/μ̂ₜ + 1/μ̂ₜ₋₁)/4) (μ̂ the fitted count; for
proportions its binomial variance), scaled to mean 1 over the series' pairs, and νⱼ is the
sum of its pairs' weights: a month of very few expected events has heavy-tailed residuals, and
unweighted such months made φ̂ far noisier when exposures vary (``_weights``). With equal
expected counts every weight is 1. A smooth misfit of the trend cancels in the differences; a step
of the level (an intervention cutting it at once, which no log-linear trend follows) does not:
where the standardised cumulative sum of the residuals around the stretch's own level,
|S_k|/√(φ̂ k(m − k)/m), is largest (at least ``EDGE`` periods on each side, ``EDGE_FEW`` for
quarters: ``_edge``) and above ``STEP``, the pair at that split leaves X̃²ⱼ and νⱼ, the
residuals after the baseline are taken again around a log-linear line with that step (one
level each side, a common slope: ``_stepped``, whose share of ν₁ is counted as a trend's
is), the spikes (below) are sought again around it, and φ̂ is solved again. (Pearson's X²
around the trend read a step as overdispersion. Setting aside the step's pair
alone left the residuals around the line fitted through the step, whose slope every other
difference then carried: a noise-free quarterly ward stepping from 100 to 45 events read
φ̂ 0.6, and Poisson wards with a 55 % step 1.2–1.5 quarterly where monthly 1.0.)

A spike (one period with many times the events of its neighbours: a very disturbed patient)
is a special cause, not variation: a period whose deviance residual exceeds SPIKE·√φ̂₋ₜ (φ̂
without its two differences, at least 1) and that is a local extreme (``_spikes``; periods of
at least ``SPIKE_EVENTS`` expected events only) leaves its two differences out, the residuals
are taken again around the fit without it, and φ̂ is solved again (one month of
12 times its events made φ̂ 17 from 1). The spike stays in the data everywhere else. Only
periods between the baseline and the window: a spike in either is in a level compared, and φ̂
carries it (the summary's ``warnings`` name it).

Small counts. Given its total Kⱼ, a stretch's counts are multinomial under Poisson variation, so
E[X²ⱼ | Kⱼ] = νⱼ whatever Kⱼ; with gamma-Poisson (negative binomial) variation of variance φμ
they are Dirichlet-multinomial and

.. math:: E[X^2_j \mid K_j] \approx \nu_j \frac{K_j\,\varphi}{K_j + \varphi - 1},

which is νⱼ at φ = 1, tends to νⱼφ for many events, and to νⱼ (no information) for Kⱼ = 1; a
successive difference of two periods has the same expectation per pair. The plain ratio X²/ν
therefore underestimates φ when events are few. φ̂ solves Σⱼ νⱼKⱼφ/(Kⱼ + φ − 1) = Σⱼ X̃²ⱼ over
the stretches with Kⱼ ≥ 2 (a stretch with 0 or 1 events
holds no information on φ), with ν = Σ νⱼ over those stretches; it is capped at K₀ + K₁ (all
the events in one period). For proportions Kⱼ is the smaller of the successes and failures,
and the variance binomial.

A trend fitted after the baseline takes some of its stretch's variation: the residuals of m
periods around a fitted line have successive differences of expectation (m − 1)(1 − 6/(m(m² −
1))) per unit variance (``trend_share``: 1.5 instead of 2 at m = 3, 0.997 of it at m = 12), so
ν₁ counts that share; uncounted, φ̂ read 25 % low three periods after the baseline.

When φ is used. X̃² has about 1.5 times the variance of χ²_ν (successive differences share a
period), so it is read as 1.5·χ² on d = 2ν/3 degrees of freedom (Satterthwaite). With
``overdispersion="auto"``, when the data show extra-Poisson variation, X̃²/ν above a threshold
c(d), the counts and exposures are divided by

.. math:: f = \max\bigl(1, \hat\varphi\,(t_{1-\alpha/2}(d) / z_{1-\alpha/2})^2\bigr)

(quasi-likelihood with φ estimated on d degrees of freedom, carried into the exact methods
as effective counts); otherwise f = 1, so no interval is ever narrower than the Poisson
(binomial) one. The threshold is the test at 25 %, c = χ²₀.₇₅(d)/d (X̃² the sum over the
informative stretches; above it φ̂ > 1), unless d is small (below about 6.8 at α = 0.05, ν
below 10: a short baseline, or a look a few periods after it): then the wards the test leaves
at f = 1 miss often, since a test on so few degrees of freedom cannot tell φ = 2 from 1 (a
one-sided miss of 4.1 % at φ = 3 and d = 2.7 under the χ² model; on simulated wards with a
3-month baseline judged 3 months after it, 3.3–4.9 % a side at φ = 2–3), and c is lowered to
c*(d) (``lowered``): the largest threshold for which the interval's one-sided miss, under
normal theory with φ̂ ~ φχ²_d/d, stays within ``SLACK`` = 1.2 times α/2 whatever φ > 1. c* is
below 1 under about d = 2.9 (0.74 at d = 2), where an allowed-for φ̂ may itself be below 1.

The lenient 25 % level is a trade-off measured by simulation (``docs/ambition_verdicts.rst``):
applying f whenever φ̂ > 1 widened half of the plain-Poisson wards (by 30 % on average, t
included), which made ``prob_target_met`` under-confident by about 0.02 and cost power; a 10 %
test misses too much real overdispersion at 5–10 events a year (baseline coverage 0.94 at
φ = 3). Lowered with few degrees of freedom it costs plain-Poisson wards there power: with a
3-month baseline judged 3 months after it, at 100 events a month, a 30 % fall shows as
significant for 0.65 of them instead of 0.81 (``docs/ambition_verdicts.rst``, "Few
periods"). A series with no stretch of two or more events has φ̂ missing and f = 1.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import stats

from .. import _kernels as K
from .fit import loglinear, poisson_lines, time_scale
from .window import Window

BISECTIONS = 50
#: A step of the level: the standardised cumulative sum of residuals beyond this, with at least
#: EDGE periods on each side of it.
STEP = 3.5
EDGE = 3
#: ... or this many where a year holds fewer than 12 periods (quarters: ``_edge``)
EDGE_FEW = 2
#: A spike: a period whose deviance residual is beyond this many √φ̂ (φ̂ without it), at most
#: SPIKES of them per series (``_spikes``).
SPIKE = 4.0
SPIKES = 3
#: ... in periods of at least this many expected events (successes or failures): with fewer, a
#: month of 3 events over 0.4 is what real overdispersion looks like, and setting it aside
#: narrowed the intervals (baseline coverage 0.92 at 5 events a year, φ = 3)
SPIKE_EVENTS = 5.0
#: Level of the test of Poisson (binomial) variation that decides whether φ̂ is used.
DISPERSION_TEST = 0.25


def dispersion(win: Window, lam0, kind, overdispersion, alpha):
    """φ̂ per series (module docstring), the factor f the counts are divided by, the
    log-linear fit after the baseline (shared with the projection), and the spikes per series
    (:class:`Special`)."""
    p, lay = win.p, win.lay
    y = np.where(win.ok, p.y, 0.0)
    n = np.where(win.ok, p.n, 0.0)
    base, after = win.in_base, win.after
    k0, k1 = K.seg_sum(y, base, lay), K.seg_sum(y, after, lay)
    if kind == "proportion":  # the information on φ: the fewer of successes and failures
        k0 = np.minimum(k0, K.seg_sum(n, base, lay) - k0)
        k1 = np.minimum(k1, K.seg_sum(n, after, lay) - k1)
    lam0 = np.nan_to_num(lam0)
    first = _estimate(win, y, n, k0, k1, lam0, kind)
    est, fit = first, first.fit
    # a step of the level (an intervention) is one large difference: set it aside, with the
    # residuals after the baseline around a line that follows the step (a line through it left
    # its slope in every other difference: φ̂ 0.6 from a noise-free 55 % step), and the spikes
    # sought again around that line (around the line through it, the period before the step
    # could stand out as one). The step is judged against φ̂ with its own difference: without
    # it, a spike in the window (which φ̂ must carry) passed for a step at its first difference
    pairs = first.pairs
    cand, size = _step(pairs, _edge(win))
    yard = np.fmax(np.nan_to_num(first.phi, nan=1.0), 1.0)
    found = cand & (size > STEP * np.sqrt(yard[pairs.seg]))
    if found.any():  # again for the series with a step only (the others' points left out)
        stepped = (np.bincount(pairs.seg[found], minlength=lay.n_seg) > 0)[lay.seg]
        sub = replace(win, in_base=win.in_base & stepped, after=win.after & stepped)
        at = np.zeros(y.size, dtype=bool)
        at[pairs.point[pairs.pair[found]]] = True  # the second period of each step's pair
        split = _split(sub, pairs, found & (pairs.stretch == 1))
        second = _estimate(sub, y, n, k0, k1, lam0, kind, fit, split, at)
        est = _pick(np.bincount(pairs.seg[found], minlength=lay.n_seg) > 0, second, first)
    phi, x, dof, special = est.phi, est.x, est.dof, est.special
    if overdispersion != "auto":
        return phi, np.ones(lay.n_seg), fit, special
    # X̃² has about 1.5 times the variance of a χ² on ν: a scaled χ² on 2ν/3 (Satterthwaite)
    nu = np.where(dof > 0, dof * 2 / 3, np.nan)
    tq = stats.t.ppf(1 - alpha / 2, nu)
    with np.errstate(divide="ignore", invalid="ignore"):
        shown = x / dof > threshold(nu, alpha)
    f = np.where(shown, np.fmax(phi * (tq / stats.norm.ppf(1 - alpha / 2)) ** 2, 1.0), 1.0)
    return phi, f, fit, special


@dataclass(frozen=True)
class _Estimate:
    """φ̂ per series (NaN without an informative stretch), its X̃² and ν, the spikes
    (:class:`Special`), the pairs and those it rests on, and the log-linear fit after the
    baseline."""

    phi: np.ndarray
    x: np.ndarray
    dof: np.ndarray
    special: Special
    pairs: _Pairs
    keep: np.ndarray  # the pairs it rests on: not a spike's, not ``aside``
    fit: Any


def _estimate(win: Window, y, n, k0, k1, lam0, kind, fit=None, split=None, aside=None):
    """φ̂ of every series (module docstring) with the spikes set aside: from the pairs around
    the fit (``fit`` when given), the pairs whose second period is ``aside`` (per point) left
    out throughout, the periods after the baseline of a series with periods ``split`` around
    a line with that step (:func:`_stepped`)."""
    lay = win.lay
    base, after = win.in_base, win.after
    fit, pairs = _around(win, y, n, base, after, lam0, kind, fit=fit, split=split)
    keep = np.ones(pairs.seg.size, dtype=bool)
    if aside is not None:
        keep = ~aside[pairs.point[pairs.pair]]
    x, d0, d1 = _sums(pairs, keep, lay.n_seg, k0, k1)
    phi = np.where(d0 + d1 > 0, _solve(x, d0, k0, d1, k1), np.nan)
    # a spike (one period far from both its neighbours) is two large differences, and it pulls
    # the fitted level towards it: residuals again around the fit without it, its pairs aside.
    # Only between the baseline and the window: in either, its events are in a level compared,
    # and φ̂ must carry it (set aside there, 150 restraints in one baseline month doubled the
    # target and a ward with no change was "met", 0.40–0.60); such a spike is named instead
    used = pairs.point
    between = (win.after & ~win.in_win)[used]
    spikes = _spikes(replace(pairs, dev=np.where(between, pairs.dev, 0.0)), keep, lay.n_seg, k0, k1)
    kept = _spikes(replace(pairs, dev=np.where(between, 0.0, pairs.dev)), keep, lay.n_seg, k0, k1)
    special = Special(
        _most_extreme(used[kept], np.abs(pairs.dev[kept]), lay),
        _most_extreme(used[spikes], np.abs(pairs.dev[spikes]), lay),
        np.bincount(lay.seg[used[spikes]], minlength=lay.n_seg),
    )
    if spikes.any():
        calm = np.ones(y.size, dtype=bool)
        calm[used[spikes]] = False
        level0 = K.divide(K.seg_sum(y, base & calm, lay), K.seg_sum(n, base & calm, lay))
        had = K.seg_count(~calm, lay) > 0  # the series with a spike; the others as they were
        level0 = np.where(had, np.nan_to_num(level0), lam0)
        _, pairs = _around(
            win, y, n, base & calm, after & calm, level0, kind, spikes=~calm, split=split
        )
        keep = keep & ~(spikes[pairs.pair] | spikes[pairs.pair - 1])
        x, d0, d1 = _sums(pairs, keep, lay.n_seg, k0, k1)
        phi = np.where(d0 + d1 > 0, _solve(x, d0, k0, d1, k1), np.nan)
    return _Estimate(phi, x, d0 + d1, special, pairs, keep, fit)


def _pick(which: np.ndarray, a: _Estimate, b: _Estimate) -> _Estimate:
    """Per series, ``a``'s φ̂, X̃², ν and spikes where ``which``, else ``b``'s (pairs and fit
    ``b``'s)."""
    return replace(
        b,
        phi=np.where(which, a.phi, b.phi),
        x=np.where(which, a.x, b.x),
        dof=np.where(which, a.dof, b.dof),
        special=Special(
            *(
                np.where(which, u, v)
                for u, v in zip(vars(a.special).values(), vars(b.special).values(), strict=True)
            )
        ),
    )


def _edge(win: Window) -> int:
    """The periods a step needs on each side: ``EDGE``, or ``EDGE_FEW`` where a year holds
    fewer than 12 periods (quarters; ``Window.trend``, the periods a pace needs, is then
    under 12): two quarters are half a year, where three months are a quarter."""
    return EDGE if win.trend >= 12 else EDGE_FEW


#: With few degrees of freedom the test's threshold is lowered so that the one-sided error of
#: an interval (φ̂ allowed for or not) stays within this multiple of α/2 at any φ (``threshold``)
SLACK = 1.2
#: Where the lowered threshold is computed: 2ν/3 from 0.25 to 16 (log-spaced; interpolated in
#: log 2ν/3 between, held at the ends; from 6.8 on, at α = 0.05, the 25 % test's is the lower),
#: the true φ over which the worst case is taken, and the equal-probability nodes of χ²_d/d
#: the error is averaged over.
_DF = np.exp(np.linspace(np.log(0.25), np.log(16.0), 37))
_PHIS = np.array([1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0, 20.0])
_NODES = (np.arange(600) + 0.5) / 600


def threshold(d, alpha):
    r"""The value of X̃²/ν above which φ̂ is allowed for, on d = 2ν/3 degrees of freedom:
    the test at 25 %, χ²₀.₇₅(d)/d, or, where that lets an interval miss too often, the
    lower threshold c*(d) (:func:`lowered`): the smaller of the two.

    >>> from scipy import stats
    >>> bool(np.isclose(threshold(np.array([40.0]), 0.05)[0], stats.chi2.isf(0.25, 40) / 40))
    True
    >>> bool(threshold(np.array([2.0]), 0.05)[0] < 1)
    True
    """
    d = np.asarray(d, dtype=float)
    test = stats.chi2.isf(DISPERSION_TEST, d) / d
    low = np.interp(np.log(np.where(d > 0, d, 1.0)), np.log(_DF), lowered(float(alpha)))
    return np.fmin(test, low)


@functools.lru_cache(maxsize=16)
def lowered(alpha: float) -> np.ndarray:
    r"""c*(d) on the grid ``_DF``: the largest threshold c on X̃²/ν such that an interval of
    the design misses on one side at most ``SLACK``·α/2 whatever the true φ > 1, when φ̂ is
    φ·χ²_d/d independent of the estimate (normal theory) and the interval's variance is
    multiplied by

    .. math:: f = \max\bigl(1, \hat\varphi\,(t_{1-\alpha/2}(d)/z_{1-\alpha/2})^2\bigr)
              \text{ where } \hat\varphi > c, \text{ else } 1,

    so its one-sided miss is E[Φ̄(z√(f/φ))]. With c = 0 it is at most α/2 (always allowed
    for, never narrower than Poisson); raising c leaves more wards at f = 1 and raises the
    miss, so c* is found by bisection, for every d at once. With few degrees of freedom the
    25 % test cannot tell φ = 2 from 1, and the wards it leaves at f = 1 miss often: at
    d = 2.7 (ν = 4) 4.1 % at φ = 3 under the test, within 3 % below c* = 0.96."""
    z = stats.norm.ppf(1 - alpha / 2)
    d = _DF[:, None, None]
    q = stats.chi2.ppf(_NODES, d) / d  # φ̂/φ at equal-probability nodes, increasing
    phi = _PHIS[None, :, None]
    # a node allowed for misses with Φ̄(z√(f/φ)); one left at f = 1 with Φ̄(z/√φ)
    widened = stats.norm.sf(
        z * np.sqrt(np.fmax(q * (stats.t.ppf(1 - alpha / 2, d) / z) ** 2, 1 / phi))
    )
    plain = stats.norm.sf(z / np.sqrt(phi))[..., 0]
    above = np.cumsum(widened[..., ::-1], axis=2)[..., ::-1] / _NODES.size  # nodes k.. on
    above = np.concatenate([above, np.zeros(above.shape[:2] + (1,))], axis=2)
    lo, hi = np.zeros(_DF.size), np.full(_DF.size, 4.0)
    for _ in range(BISECTIONS // 2):  # one bisection for every d at once
        c = (lo + hi) / 2
        left = (phi * q <= c[:, None, None]).sum(axis=2)  # nodes left at f = 1
        miss = left / _NODES.size * plain + np.take_along_axis(above, left[..., None], 2)[..., 0]
        ok = miss.max(axis=1) <= SLACK * alpha / 2
        lo, hi = np.where(ok, c, lo), np.where(ok, hi, c)
    return lo


@dataclass(frozen=True)
class Special:
    """Per series: the point of its most extreme spike in the baseline or the window, which
    φ̂ carries (``kept``), and of the most extreme of those set aside between them
    (``aside``; -1 where none), with how many were set aside."""

    kept: np.ndarray
    aside: np.ndarray
    n_aside: np.ndarray


def _most_extreme(points: np.ndarray, size: np.ndarray, lay) -> np.ndarray:
    """Per series, the point (of ``points``) with the largest ``size``; -1 where none."""
    out = np.full(lay.n_seg, -1, dtype=np.int64)
    if points.size:
        seg = lay.seg[points]
        order = np.lexsort((-size, seg))
        heads = order[np.r_[True, seg[order][1:] != seg[order][:-1]]]
        out[seg[heads]] = points[heads]
    return out


def _around(win: Window, y, n, base, after, level0, kind, spikes=None, fit=None, split=None):
    """The log-linear fit after the baseline (over the periods ``after``; ``fit`` when given)
    and the pairs of successive residuals: each usable period's around the fit (the baseline's
    level ``level0`` in the baseline, the trend after it, or the stretch's own level with fewer
    than three periods or no events) and around its stretch's own level (for the steps).
    Periods of ``spikes`` (left out of ``base`` and ``after``) keep their place with residual
    0. A series with periods ``split`` (those after a step, :func:`_split`) has its periods
    after the baseline around a line with that step instead (:func:`_stepped`)."""
    p, lay = win.p, win.lay
    m1 = K.seg_count(after, lay).astype(float)
    k1 = K.seg_sum(y, after, lay)
    trend = (m1 >= 3) & (k1 > 0)
    if fit is None:
        fit = loglinear(p, lay, win.t, after, trend)
    level1 = np.nan_to_num(K.divide(k1, K.seg_sum(n, after, lay)))
    level = np.where(win.in_base, n * level0[lay.seg], n * level1[lay.seg])
    mu = np.where(after & trend[lay.seg], fit.mu, level)
    kept = np.where(trend, trend_share(m1), 1.0)
    if split is not None:
        mu, kept = _stepped(win, y, n, after, split, mu, kept)
    r, steps = (_residuals(y, n, m, kind) for m in (mu, level))
    # a spike needs enough expected events for one period to stand out from overdispersion
    expected = np.fmin(mu, n - mu) if kind == "proportion" else mu
    dev = np.where(expected >= SPIKE_EVENTS, _deviance_residuals(y, n, mu, kind), 0.0)
    if spikes is not None:
        r, steps, dev = (np.where(spikes, 0.0, v) for v in (r, steps, dev))
        base, after = base | (spikes & win.in_base), after | (spikes & win.after)
    var = mu * (1 - np.clip(K.divide(mu, n), 0, 1)) if kind == "proportion" else mu
    return fit, _pairs(lay, base, after, r, steps, dev, var, kept)


def _split(win: Window, pairs: _Pairs, step: np.ndarray) -> np.ndarray:
    """The periods after the baseline at or after a step found there (``step``: the pair at
    it, :func:`_step`), per point; none in a series without one."""
    first = np.full(win.lay.n_seg, np.inf)
    second = pairs.point[pairs.pair[step]]
    first[win.lay.seg[second]] = win.t[second]
    return win.after & (win.t >= first[win.lay.seg])


def _stepped(win: Window, y, n, after, split, mu, kept):
    r"""The fitted counts after the baseline of the series with a step there (periods
    ``split`` after it), around a Poisson log-linear line with that step,
    log μₜ = log nₜ + a + b·t + c·[t in ``split``], and the share of ν₁ its residuals keep.

    Within each side of the step the level is the line's, so the successive differences of
    the residuals are those of the data less the fitted slope, as for a trend
    (:func:`trend_share`); with k and j periods on the two sides they keep

    .. math:: 1 - \frac{6}{k(k^2 - 1) + j(j^2 - 1)}

    of their pairs (S = Σ(t − t̄)² summed over the sides, each about its own mean time; the
    step's pair left out).
    A line fitted through the step instead left its slope in every other difference: a
    noise-free quarterly ward of 100 events stepping to 45 read φ̂ 0.6. A series whose line
    cannot be fitted (a side with no events) is around each side's own level (share 1).
    """
    p, lay = win.p, win.lay
    has = (K.seg_count(split, lay) > 0) & (K.seg_count(after & ~split, lay) > 0)
    use = after & has[lay.seg]
    scale, centre = time_scale(p, win.t, use, lay)
    tt = np.where(use, (win.t - centre[lay.seg]) / scale, 0.0)
    side = split.astype(float)
    lines = poisson_lines(
        p, lay, [np.ones(y.size), tt, side], use, has & (K.seg_sum(y, use, lay) > 0)
    )
    # each side's own level where the line is not fitted (a side with no events)
    levels = [
        np.nan_to_num(K.divide(K.seg_sum(y, use & s, lay), K.seg_sum(n, use & s, lay)))
        for s in (~split, split)
    ]
    own = n * np.where(split, levels[1][lay.seg], levels[0][lay.seg])
    lined = lines.ok[lay.seg]
    mu = np.where(use, np.where(lined, lines.fitted, own), mu)
    k = K.seg_count(use & ~split, lay).astype(float)
    j = K.seg_count(use & split, lay).astype(float)
    share = 1 - 6 / np.fmax(k * (k * k - 1) + j * (j * j - 1), 6.0)
    kept = np.where(has, np.where(lines.ok, share, 1.0), kept)
    return mu, kept


def trend_share(m):
    r"""The share of the m − 1 successive differences' degrees of freedom that residuals
    around a straight line fitted to m periods keep: E[½Σ(rₜ − rₜ₋₁)²] = (m − 1)(1 − 1/(2S))
    per unit variance, S = Σ(t − t̄)² = m(m² − 1)/12, that is

    .. math:: 1 - \frac{6}{m(m^2 - 1)}

    (the differences of the residuals are those of the data less the fitted slope). 0.75 at
    m = 3, 0.9 at 4, 0.997 at 12: φ̂ from a trend on three periods read 25 % low.

    >>> trend_share(np.array([3.0, 4.0, 12.0])).round(4).tolist()
    [0.75, 0.9, 0.9965]
    """
    m = np.asarray(m, dtype=float)
    return 1 - 6 / np.fmax(m * (m * m - 1), 6.0)


@dataclass(frozen=True)
class _Pairs:
    """The residuals of the usable periods by stretch (baseline, after) of each series, and
    the pairs of successive ones: half the squared difference of their Pearson residuals."""

    point: np.ndarray  # the index of each usable period among all points
    r: np.ndarray  # residual of each usable period around its stretch's level, in order
    dev: np.ndarray  # its deviance residual around the fit
    fit_r: np.ndarray  # its Pearson residual around the fit (the differences' terms)
    group: np.ndarray  # its stretch: 2 × series + (0 baseline, 1 after)
    pos: np.ndarray  # its position in the stretch
    pair: np.ndarray  # index (into r) of the second period of each pair
    seg: np.ndarray  # series of each pair
    stretch: np.ndarray  # stretch of each pair (0, 1)
    term: np.ndarray  # d²/2, d = r_t − r_{t−1}
    weight: np.ndarray  # of each pair: 1/Var(d²/2) under Poisson, mean 1 within a series
    kept: np.ndarray  # per series: the share of ν₁ the trend leaves (1 without a trend)


def _residuals(y, n, mu, kind):
    """Pearson residuals (y − μ)/√v, v = μ (rates) or μ(1 − μ/n) (proportions); 0 where v = 0."""
    var = mu * (1 - np.clip(K.divide(mu, n), 0, 1)) if kind == "proportion" else mu
    return np.where(var > 0, K.divide(y - mu, np.sqrt(np.where(var > 0, var, 1.0))), 0.0)


def _deviance_residuals(y, n, mu, kind):
    """Deviance residuals sign(y − μ)·√(2[y ln(y/μ) − (y − μ)]) (rates) or the binomial
    2[y ln(y/μ) + (n − y) ln((n − y)/(n − μ))] (proportions): near normal even for few events,
    where the Pearson residual of one event over 0.3 expected is already 1.3 (0 where μ = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0) - (y - mu)
        if kind == "proportion":
            f, g = n - y, n - mu
            d = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0) + np.where(
                f > 0, f * np.log(np.where(f > 0, f, 1.0) / g), 0.0
            )
        d = np.sign(y - mu) * np.sqrt(np.fmax(2 * d, 0.0))
    return np.where(mu > 0, d, 0.0)


def _pairs(lay, base, after, r, steps, dev, var, kept) -> _Pairs:
    used = np.flatnonzero(base | after)
    seg, stretch = lay.seg[used], np.where(after[used], 1, 0)
    group = 2 * seg + stretch
    new = np.ones(used.size, dtype=bool)
    new[1:] = group[1:] != group[:-1]
    pos = K.position_in_segment(np.flatnonzero(new), used.size)
    ru = r[used]
    pair = np.flatnonzero(~new)
    d = ru[pair] - ru[pair - 1]
    return _Pairs(
        used,
        steps[used],
        dev[used],
        ru,
        group,
        pos,
        pair,
        seg[pair],
        stretch[pair],
        d * d / 2,
        _weights(var[used], pair, seg[pair], lay.n_seg),
        kept,
    )


def _weights(var, pair, seg, n_seg) -> np.ndarray:
    """Each pair's weight: the inverse of the variance of d²/2 under Poisson (binomial)
    variation, 2 + (1/vₜ + 1/vₜ₋₁)/4 for unit-variance residuals whose fourth moment is
    3 + 1/v, scaled to mean 1 over the series' pairs (so Σ weights over a stretch counts its
    pairs, as ν does). A month of very few expected events (100 bed days) has heavy-tailed
    residuals (one event over 0.04 expected is a residual of 4.8); unweighted, such months made
    φ̂ far noisier when bed days vary (median 2.0 at φ = 3 with 100–2,000 a month, against 2.6
    with 800–1,200). A pair on a period of no variance (no expected events)
    has weight 0."""
    inv = np.where(var > 0, 1 / np.where(var > 0, var, 1.0), np.inf)
    w = 1 / (2 + (inv[pair] + inv[pair - 1]) / 4)
    some = w > 0
    mean = K.divide(
        np.bincount(seg, weights=w, minlength=n_seg),
        np.bincount(seg[some], minlength=n_seg).astype(float),
    )
    return np.where(some, w / np.where(mean > 0, mean, 1.0)[seg], 0.0)


def _spikes(pairs: _Pairs, usable, n_seg, k0, k1) -> np.ndarray:
    """The usable periods that are spikes, each series' most extreme first (up to ``SPIKES``):
    a period whose deviance residual exceeds ``SPIKE``·√φ̂₋ₜ, φ̂₋ₜ (at least 1) estimated
    without its two differences, and that stands out from each neighbour in its stretch (its
    Pearson residual beyond each neighbour's by at least half its own: a local extreme, not a
    plateau).
    One month with a very disturbed patient is a special cause, not evidence that every month
    varies more than chance: its two differences, left in, made φ̂ 17.9 from about 1, and a
    60 % fall "insufficient_data". Leaving the period out of its own yardstick
    keeps a spike from hiding itself (a spike of 200 over 8 raises φ̂ faster than its
    deviance); leaving out the next most extreme too (up to ``SPIKES`` in all) keeps two
    spikes from hiding each other. Only the pairs ``usable`` count in it (a step's is not)."""
    size = pairs.dev.size
    spikes = np.zeros(size, dtype=bool)
    if not size:
        return spikes
    seg = pairs.group // 2
    last = np.ones(size, dtype=bool)
    last[:-1] = pairs.group[1:] != pairs.group[:-1]
    first = pairs.pos == 0
    r = pairs.fit_r
    prev = np.where(first, r, np.roll(r, 1))
    nxt = np.where(last, r, np.roll(r, -1))
    sign = np.sign(pairs.dev)
    half = np.abs(r) / 2
    local = ((first | (sign * (r - prev) > half)) & (last | (sign * (r - nxt) > half))) & (
        ~(first & last)
    )
    out = np.abs(pairs.dev)
    done = np.zeros(n_seg, dtype=bool)
    for _ in range(SPIKES):  # a few rounds (the next most extreme), each for all series at once
        open_ = ~spikes & local & ~done[seg]
        score = np.where(open_, out, -1.0)
        order = np.lexsort((-score, seg))
        heads = order[np.r_[True, seg[order][1:] != seg[order][:-1]]]
        cand = heads[score[heads] > 0]
        if not cand.size:
            break
        # the yardstick leaves out the next most extreme too, so that two spikes do not mask
        # each other (each inflating the other's φ̂)
        sorted_seg = seg[order]
        rank = K.position_in_segment(
            np.flatnonzero(np.r_[True, sorted_seg[1:] != sorted_seg[:-1]]), size
        )
        room = SPIKES - np.bincount(seg[spikes], minlength=n_seg)  # spikes left to find
        mark = np.zeros(size, dtype=bool)
        mark[order[(rank < room[sorted_seg]) & (score[order] > 0)]] = True
        touched = spikes | mark
        keep = usable & ~(touched[pairs.pair] | touched[pairs.pair - 1])
        x, d0, d1 = _sums(pairs, keep, n_seg, k0, k1)
        loo = np.where(d0 + d1 > 0, _solve(x, d0, k0, d1, k1), np.nan)
        scale = np.fmax(np.nan_to_num(loo, nan=1.0), 1.0)
        hit = out[cand] > SPIKE * np.sqrt(scale[seg[cand]])
        spikes[cand[hit]] = True
        done[seg[cand[~hit]]] = True  # its most extreme is not a spike: nor is any other
    return spikes


def _sums(pairs: _Pairs, keep, n_seg, k0, k1):
    """X̃² over the informative stretches (two events or more), each pair's d²/2 times its
    weight (:func:`_weights`), and ν₀, ν₁ (the kept pairs' weights summed; ν₁ times the share
    a fitted trend leaves, ``_Pairs.kept``: the residuals of m periods around a fitted line
    have successive differences of expectation (m − 1)(1 − 6/(m(m² − 1))), 1.5 instead of 2
    at m = 3, which read φ̂ 25 % low three periods after the baseline)."""
    sums, counts = [], []
    for j in (0, 1):  # two stretches, each for all series at once
        w = keep & (pairs.stretch == j)
        sums.append(
            np.bincount(pairs.seg[w], weights=(pairs.term * pairs.weight)[w], minlength=n_seg)
        )
        counts.append(np.bincount(pairs.seg[w], weights=pairs.weight[w], minlength=n_seg))
    d0 = np.where(k0 >= 2, counts[0], 0.0)
    d1 = np.where(k1 >= 2, counts[1] * pairs.kept, 0.0)
    x = np.where(d0 > 0, sums[0], 0.0) + np.where(d1 > 0, sums[1], 0.0)
    return x, d0, d1


def _step(pairs: _Pairs, edge: int) -> tuple[np.ndarray, np.ndarray]:
    """The candidate step of the level within each stretch: the split where the cumulative sum
    of the residuals around the stretch's own level, standardised to |S_k| / √(k(m − k)/m),
    is largest, with at least ``edge`` periods on each side (one step per stretch). Returns
    the pair at it (its second period the first after the split) and, per pair, that size (0
    elsewhere): a step when it exceeds ``STEP``·√φ̂, φ̂ estimated without the step
    (:func:`dispersion`). The residuals are arranged one stretch per row (no sum runs across
    stretches)."""
    if not pairs.r.size:
        return np.zeros(0, dtype=bool), np.zeros(0)
    groups, gid = np.unique(pairs.group, return_inverse=True)
    width = int(pairs.pos.max()) + 1
    table = np.zeros((groups.size, width))
    table[gid, pairs.pos] = pairs.r
    m = np.bincount(gid, minlength=groups.size).astype(float)[:, None]
    k = np.arange(1, width + 1, dtype=float)[None, :]
    inside = (k >= edge) & (k <= m - edge)
    scale = k * np.fmax(m - k, 1.0) / m
    z = np.where(inside, np.abs(np.cumsum(table, axis=1)) / np.sqrt(scale), 0.0)
    best = np.argmax(z, axis=1)
    size = z[np.arange(groups.size), best]
    # the pair whose second period is the first after the split (position best + 1)
    second = np.where(size > 0, best + 1, -1)
    g = gid[pairs.pair]
    at = pairs.pos[pairs.pair] == second[g]
    return at, np.where(at, size[g], 0.0)


def _solve(x, d0, k0, d1, k1) -> np.ndarray:
    """φ with Σⱼ νⱼKⱼφ/(Kⱼ + φ − 1) = X² (stretches with νⱼ > 0), by bisection on log φ for all
    series at once; the left side increases in φ."""
    lo, hi = np.full(x.shape, -10.0), np.log(np.fmax(k0 + k1, 2.0))

    def expected(phi):
        g = np.where(d0 > 0, d0 * k0 * phi / np.fmax(k0 + phi - 1, 1e-300), 0.0)
        return g + np.where(d1 > 0, d1 * k1 * phi / np.fmax(k1 + phi - 1, 1e-300), 0.0)

    for _ in range(BISECTIONS):
        mid = (lo + hi) / 2
        up = expected(np.exp(mid)) < x
        lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
    return np.exp((lo + hi) / 2)
