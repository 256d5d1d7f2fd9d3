"""Funnel-plot maths over many units and groups at once (numpy and scipy.special only).

Units arrive sorted by group, so each group is one segment of the flat arrays (a
:class:`~qistats._kernels.Layout`). Per unit: the ratio on a transformed scale, its standard
error and z-score; per group: trimming (truncation or winsorisation), the overdispersion factor
φ and the between-unit variance τ² (DerSimonian–Laird or REML); and the control limits at any
denominator. No Python loop runs over units or groups, and no sum crosses a group boundary.

The algorithm is FunnelPlotR's (Spiegelhalter 2005; Spiegelhalter et al. 2012; the SHMI method).
``compat=True`` reproduces FunnelPlotR 0.6.0 exactly, including its defects; the default fixes
them (see ``docs/funnel.rst``, "Differences from FunnelPlotR").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special, stats

from . import _kernels as K

#: Fewer units than this in a group: φ and τ² are too uncertain to trust without a warning
#: (the default 10 % trim sets no unit aside below 10 units, and τ² rests on k − 1 < 9 degrees
#: of freedom).
MIN_UNITS = 10

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

KINDS = ("sr", "pr", "rc", "rate")
METHODS = ("shmi", "cqc")
TAU2_METHODS = ("dl", "reml")
PHI_METHODS = ("robust", "trim")
TARGETS = ("robust", "pooled")
#: How adjusted limits are built: "combined" (the exact limits' deviation from the target on
#: the transformed scale, combined in quadrature with z·τ) or "normal" (the transformed-scale
#: normal approximation with τ² added, never narrower than the exact limits; FunnelPlotR's,
#: unfloored, under compat).
ADJUSTED_LIMITS = ("combined", "normal")
#: The robust φ sets aside a unit whose |z| exceeds SKIP_Z · √φ: 3.5, the rejection point of
#: Iglewicz and Hoaglin's modified z-score (beyond the 99.95 % two-sided normal quantile).
#: Chosen on benchmarks/funnel_phi.py: 3.09 (the 99.8 % limit) set aside more units of a truly
#: overdispersed funnel (false flags at φ = 1.5: 0.46 % against 0.30 %); power is the same.
SKIP_Z = 3.5
#: ``adjust="test"``: the level of the one-sided test of overdispersion.
TEST_LEVEL = 0.05
# FunnelPlotR hard-codes these two normal quantiles (qnorm(0.975) and qnorm(0.999) rounded).
R_Z = {95.0: 1.959964, 99.8: 3.090232}


def r_round(x: FloatArray, digits: int = 2) -> FloatArray:
    """R's ``round(x, digits)`` (R >= 4.0.0, ``src/nmath/fround.c``) for ``digits`` > 0.

    The candidates are x rounded down and up at ``digits`` decimals; the nearer one wins,
    measured in floating point, and a tie goes to the even last digit. So 2.675 → 2.67 and
    12.345 → 12.35, where :func:`numpy.round` gives 2.68 and 12.34. Values with more than 15
    significant digits before rounding are returned as they are, as R does.
    """
    x = np.asarray(x, dtype=float)
    sign = np.where(x < 0, -1.0, 1.0)
    a = np.abs(x)
    p10 = 10.0**digits
    with np.errstate(divide="ignore", invalid="ignore"):
        x10 = p10 * a
        i10 = np.floor(x10)
        xd = i10 / p10
        xu = np.ceil(x10) / p10
        du = xu - a
        dd = a - xd
        up = (du < dd) | ((du == dd) & (np.floor(i10 / 2.0) * 2.0 != i10))
        keep = ~np.isfinite(a) | (a == 0) | (np.log10(a) + digits > 15)
    return np.where(keep, x, sign * np.where(up, xu, xd))


def r_seq(start: float, stop: FloatArray, length: int) -> FloatArray:
    """R's ``seq(start, stop, length.out = length)`` for each ``stop``, one row per stop."""
    stop = np.asarray(stop, dtype=float)
    by = (stop - start) / (length - 1)
    out = start + np.arange(length, dtype=float)[None, :] * by[:, None]
    out[:, 0] = start
    out[:, -1] = stop
    return out


@dataclass(frozen=True)
class Spec:
    """How to compute: the choices of a :func:`qistats.funnel` call."""

    kind: str
    method: str  # "shmi" or "cqc" (sr and rate); ignored for pr and rc
    trim: float
    multiply: float
    levels: tuple[float, ...]
    tau2_method: str
    adjust: str | bool  # "auto", "test", True or False
    shmi_rounding: bool
    compat: bool
    phi_method: str = "robust"  # "robust" or "trim" (always "trim" under compat)
    target: str = "robust"  # pr, rc, rate: "robust" or "pooled" (always "pooled" under compat)
    adjusted_limits: str = "combined"  # or "normal" (always "normal", unfloored, under compat)

    @property
    def log_ratio(self) -> bool:
        """The ratio is analysed on the log scale (SHMI) rather than the square-root (CQC)."""
        return self.method == "shmi"

    @property
    def truncation(self) -> bool:
        return self.kind in ("sr", "rate") and self.log_ratio

    def z_values(self) -> FloatArray:
        """Two-sided normal quantile of each level (FunnelPlotR's rounded ones under compat)."""
        lv = np.asarray(self.levels, dtype=float)
        z = special.ndtri(1.0 - (1.0 - lv / 100.0) / 2.0)
        if self.compat:
            z = np.array([R_Z.get(float(v), zz) for v, zz in zip(lv, z, strict=True)])
        return z


@dataclass(frozen=True)
class Fit:
    """Per-unit and per-group results of :func:`fit`."""

    lay: K.Layout  # units as segments of groups
    y: FloatArray
    n: FloatArray  # summed denominators as given
    n_used: FloatArray  # denominators the maths uses (R-rounded for the SHMI)
    value: FloatArray  # ratio × multiply
    z: FloatArray  # unadjusted z-score
    z_trimmed: FloatArray  # after truncation (NaN when truncated) or winsorisation
    se: FloatArray  # standard error of the transformed ratio (z-score and τ² weights)
    target: FloatArray  # per group, on the ratio scale before multiply
    phi: FloatArray  # per group
    tau2: FloatArray  # per group
    adjusted: NDArray[np.bool_]  # per group: adjusted limits in force
    n_phi: IntArray  # per group: units that entered φ
    #: per unit: the null E[z²] of the z-score behind φ (the robust φ's exact mid-p one; 1
    #: under phi="trim" and compat): φ is Σ z_trimmed² over Σ of these, of the units kept
    phi_weight: FloatArray | None = None


def _group_sums(values: FloatArray, lay: K.Layout) -> FloatArray:
    return np.bincount(lay.seg, weights=values, minlength=lay.n_seg)


def _average_rank(z: FloatArray, lay: K.Layout) -> FloatArray:
    """Rank of each z within its group, ties averaged, NaN last in order (R's ``rank``)."""
    order = np.lexsort((z, lay.seg))
    zs = z[order]
    gs = lay.seg[order]
    pos = K.position_in_segment(lay.starts, z.size) + 1.0  # sorted order keeps the groups
    new = np.ones(z.size, dtype=bool)
    new[1:] = (gs[1:] != gs[:-1]) | ~(zs[1:] == zs[:-1])
    run_start = np.flatnonzero(new)
    run_len = np.diff(np.append(run_start, z.size))
    mean_pos = pos[run_start] + (run_len - 1) / 2.0
    rank = np.empty(z.size)
    rank[order] = np.repeat(mean_pos, run_len)
    return rank


def _truncate(z: FloatArray, lay: K.Layout, trim: float) -> FloatArray:
    """SHMI truncation: split the ranks into 1/trim groups and drop the two outer ones."""
    k = 1.0 / trim
    n_units = lay.lengths().astype(float)[lay.seg]
    sp = np.floor(_average_rank(z, lay) * k / (n_units + 1.0))
    return np.where((sp > 0) & (sp < k - 1), z, np.nan)


def _quantile7(z: FloatArray, lay: K.Layout, prob: float) -> FloatArray:
    """R's type-7 quantile of the non-missing z of each group (NaN for a group with none)."""
    ok = ~np.isnan(z)
    order = np.lexsort((z, lay.seg))  # NaN last within each group
    zs = z[order]
    m = K.seg_count(ok, lay)
    index = 1.0 + np.maximum(m - 1, 0) * prob
    lo = np.floor(index).astype(np.intp)
    hi = np.ceil(index).astype(np.intp)
    has = m > 0
    base = lay.starts - 1
    q = np.full(lay.n_seg, np.nan)
    x_lo = zs[(base + lo)[has]]
    x_hi = zs[(base + hi)[has]]
    h = (index - lo)[has]
    interp = (index[has] > lo[has]) & (x_hi != x_lo)
    q[has] = np.where(interp, (1.0 - h) * x_lo + h * x_hi, x_lo)
    return q


def _winsorise(z: FloatArray, lay: K.Layout, trim: float) -> FloatArray:
    """Clamp each z to its group's [trim, 1 − trim] quantiles; NaN stays NaN."""
    lz = _quantile7(z, lay, trim)[lay.seg]
    uz = _quantile7(z, lay, 1.0 - trim)[lay.seg]
    return np.where(z < lz, lz, np.where(z > uz, uz, z))


def trim_factor(trim, truncation: bool):
    r"""Mean square of standard normal z-scores after trimming ``trim`` of each tail.

    With :math:`c = \Phi^{-1}(1 - p)`: truncation keeps the central 1 − 2p, whose mean square
    is :math:`1 - 2c\varphi(c)/(1 - 2p)`; winsorisation gives
    :math:`1 - 2p - 2c\varphi(c) + 2pc^2`. Dividing the trimmed mean square by it makes φ
    close to 1 when there is no overdispersion (0.44 and 0.68 at p = 0.1 otherwise). ``trim``
    may be an array (one share per group); p = 0 gives 1.
    """
    p = np.asarray(trim, dtype=float)
    c = special.ndtri(1.0 - p)
    with np.errstate(invalid="ignore"):
        dens = np.exp(-c * c / 2.0) / math.sqrt(2.0 * math.pi)
        if truncation:
            out = 1.0 - 2.0 * c * dens / (1.0 - 2.0 * p)
        else:
            out = 1.0 - 2.0 * p - 2.0 * c * dens + 2.0 * p * c * c
    out = np.where(p > 0, out, 1.0)
    return float(out) if out.ndim == 0 else out


def _skip(
    z: FloatArray, lay: K.Layout, start: FloatArray | None = None, weight: FloatArray | None = None
) -> FloatArray:
    """The robust φ's units: z, or NaN for a unit set aside (:func:`_skip_phi`, iterated
    from ``start`` when given, with each unit's null E[z²] ``weight``)."""
    return np.where(_skip_phi(z, lay, start=start, weight=weight)[0], z, np.nan)


def _skip_phi(
    z: FloatArray,
    lay: K.Layout,
    floor: float = 0.0,
    start: FloatArray | None = None,
    weight: FloatArray | None = None,
) -> tuple[NDArray[np.bool_], FloatArray]:
    r"""The robust φ's units (True: kept; False: set aside as inconsistent with the others)
    and φ of each group.

    A unit is set aside when :math:`z_i^2 > c^2\hat\phi` with c = :data:`SKIP_Z`, and
    :math:`\hat\phi = \sum_{kept} z_i^2 / (m\,f(c))` over the m units kept, where
    :math:`f(c) = 1 - 2c\varphi(c)/(2\Phi(c) - 1)` is the mean square of a standard normal
    z-score within ±c (:func:`trim_factor` at p = 1 − Φ(c)): a skipped mean square, solved by
    iteration from :math:`\hat\phi_0` = median z² / median of χ²₁ (0.455), which half the
    units can set (1 when that median is 0: half the units exactly on target). Iterated, all
    groups at once, until no group's set of units changes (at most 50 times). A unit with a z-score
    far outside its group's spread is set aside whether it
    is the highest, the lowest or one of several: unlike truncation by rank, the units kept are
    not lopsided when genuine outliers sit at one end. With ``floor`` 1 a unit is set aside
    only beyond :math:`c\sqrt{\max(\hat\phi, 1)}`: inconsistent with chance as well as with
    the others (the robust target's rule; units closer together than chance keep them all).
    ``start``: the φ to iterate from instead of median z² / 0.455 (the robust target's
    previous round). ``weight``: each unit's null :math:`E[z_i^2]` (:func:`null_midp_z2`),
    and :math:`\hat\phi = \sum_{kept} z_i^2 / (f(c)\sum_{kept} E[z_i^2])`: a unit whose
    count is nearly certain (:math:`E[z_i^2]` near 0) carries no information about φ and
    weighs nearly nothing; the rule that sets units aside is the same (a mid-p score is
    beyond c only when its count's tail probability is below about 2e-4, whatever its
    size); the start is median z² / (0.455 · median :math:`E[z_i^2]`). None: 1 for every
    unit, as above.
    """
    z2 = z * z
    c2 = SKIP_Z * SKIP_Z
    f = trim_factor(1.0 - special.ndtr(SKIP_Z), True)
    e0 = np.ones(z.size) if weight is None else weight
    if start is None:
        med = _quantile7(z2, lay, 0.5)
        med_e0 = 1.0 if weight is None else _quantile7(np.where(np.isnan(z2), np.nan, e0), lay, 0.5)
        # half the units or more exactly on target: start from φ = 1 (|z| > c is inconsistent)
        phi = np.where(med > 0, K.divide(med, special.ndtri(0.75) ** 2 * med_e0), 1.0)
    else:
        phi = start
    keep = (z2 <= c2 * np.maximum(phi, floor)[lay.seg]) & (e0 > 0)
    for _ in range(50):
        phi = K.divide(K.seg_sum(z2, keep, lay), K.seg_sum(e0, keep, lay) * f)
        new = (z2 <= c2 * np.maximum(phi, floor)[lay.seg]) & (e0 > 0)
        if np.array_equal(new, keep):
            break
        keep = new
    return keep, phi


def overdispersion_p(phi: FloatArray, m: IntArray) -> FloatArray:
    r"""One-sided p-value of "no overdispersion" (φ = 1) for the robust φ of m kept units.

    Without overdispersion the kept z-scores are standard normal within ±c (c =
    :data:`SKIP_Z`), with mean square f and :math:`v = \mathrm{Var}(Z^2 \mid |Z| \le c) =
    3 - 2(c^3 + 3c)\varphi(c)/(2\Phi(c) - 1) - f^2`. Their mean square over f, the φ̂, is then
    close to :math:`\chi^2_\nu/\nu` with Satterthwaite's :math:`\nu = 2mf^2/v` (about 1.03 m
    degrees of freedom: truncation makes z² less variable than χ²₁), so
    :math:`p = P(\chi^2_\nu > \nu\hat\phi)`. Simulated funnels of 40 Poisson units reject in
    7 % at the 5 % level (``benchmarks/funnel_phi.py``). NaN without units.
    """
    c = SKIP_Z
    q = 2.0 * special.ndtr(c) - 1.0
    dens = math.exp(-c * c / 2.0) / math.sqrt(2.0 * math.pi)
    f = trim_factor(1.0 - special.ndtr(c), True)
    v = 3.0 - 2.0 * (c**3 + 3.0 * c) * dens / q - f * f
    nu = 2.0 * np.asarray(m, dtype=float) * f * f / v
    with np.errstate(invalid="ignore"):
        return np.where(nu > 0, special.chdtrc(nu, nu * phi), np.nan)


def _dl(
    z_trimmed: FloatArray,
    w: FloatArray,
    lay: K.Layout,
    factor: float,
    weight: FloatArray | None = None,
):
    """φ (squared trimmed z summed over the units' null E[z²] ``weight``, 1 each when None,
    divided by ``factor``) and DerSimonian–Laird τ² of each group."""
    ok = ~np.isnan(z_trimmed)
    n = K.seg_count(ok, lay).astype(float)
    denom_phi = n if weight is None else K.seg_sum(weight, ok, lay)
    phi = K.divide(K.seg_sum(z_trimmed**2, ok, lay), denom_phi) / factor
    sw = K.seg_sum(w, ok, lay)
    sw2 = K.seg_sum(w * w, ok, lay)
    denom = sw - K.divide(sw2, sw)
    with np.errstate(invalid="ignore"):
        raw = K.divide(n * phi - (n - 1.0), denom)
        tau2 = np.where(n * phi < n - 1.0, 0.0, np.maximum(0.0, raw))
    tau2 = np.where(np.isnan(tau2) & (n > 0), 0.0, tau2)
    return phi, tau2, n.astype(np.intp)


def _reml(dev: FloatArray, se: FloatArray, ok: NDArray[np.bool_], lay: K.Layout, start):
    """REML τ² of each group by Fisher scoring (Viechtbauer 2005), all groups at once.

    Score :math:`\\tfrac12[\\sum w_i^2 (d_i-\\hat\\mu)^2 - \\mathrm{tr}P]` and information
    :math:`\\tfrac12\\mathrm{tr}P^2`, with :math:`P = W - ww^T/\\sum w`; τ² is kept >= 0.
    """
    tau2 = np.where(np.isfinite(start), start, 0.0)
    s2 = np.where(ok, se**2, 1.0)
    d = np.where(ok, dev, 0.0)
    active = K.seg_count(ok, lay) > 1
    tau2 = np.where(active, tau2, 0.0)
    for _ in range(200):
        w = np.where(ok, 1.0 / (s2 + tau2[lay.seg]), 0.0)
        sw = _group_sums(w, lay)
        sw2 = _group_sums(w * w, lay)
        sw3 = _group_sums(w**3, lay)
        mu = K.divide(_group_sums(w * d, lay), sw)
        r2 = (d - mu[lay.seg]) ** 2
        tr_p = sw - K.divide(sw2, sw)
        tr_p2 = sw2 - 2.0 * K.divide(sw3, sw) + K.divide(sw2, sw) ** 2
        step = K.divide(_group_sums(w * w * r2, lay) - tr_p, tr_p2)
        new = np.where(active, np.maximum(0.0, tau2 + np.nan_to_num(step)), tau2)
        # each group stops at its own convergence, as it would alone (no drift in the last
        # bits while other groups converge)
        active &= np.abs(new - tau2) > 1e-12 * np.maximum(1.0, new)
        tau2 = new
        if not active.any():
            break
    return tau2


def _zscores(y: FloatArray, n: FloatArray, n_used: FloatArray, t: FloatArray, spec: Spec):
    """z-score and standard error of each unit's transformed ratio against its target ``t``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if spec.kind in ("sr", "rate"):
            e = n_used if spec.kind == "sr" else t * n
            obs = y if spec.compat else np.where(y == 0, 0.5, y)  # ½ event for a zero count
            if spec.log_ratio:
                se = 1.0 / np.sqrt(e)
                z = np.sqrt(e) * np.log(obs / e)
            else:
                se = 1.0 / (2.0 * np.sqrt(e))
                z = (np.sqrt(y / e) - 1.0) / se
        elif spec.kind == "pr":
            se = 1.0 / (2.0 * np.sqrt(n))
            z = (np.arcsin(np.sqrt(y / n)) - np.arcsin(np.sqrt(t))) / se
        else:  # rc
            se = np.sqrt(y / (y + 0.5) ** 2 + n / (n + 0.5) ** 2)
            z = (np.log((y + 0.5) / (n + 0.5)) - np.log(t)) / se
    return z, se


def _near_tail(low, tail, log_pmf):
    """The mid-p score from the tail nearer the count: ``tail`` is P(X ≤ O) where ``low`` and
    P(X ≥ O) elsewhere; the mid-p tail is it less half of P(X = O) (``log_pmf``), so each
    tail keeps its precision (a tail below 1e-308 gives ±37.5)."""
    mid = np.maximum(tail - 0.5 * np.exp(log_pmf), np.finfo(float).tiny)
    z = special.ndtri(mid)
    return np.where(low, z, -z)


def midp_z(y: FloatArray, n: FloatArray, n_used: FloatArray, t: FloatArray, spec: Spec):
    r"""Each unit's mid-p normal score :math:`z = \Phi^{-1}(P(X < O) + ½P(X = O))` under its
    target: X ~ Poisson(μ), μ = E (``sr``) or θ₀·n (``rate``); X ~ Binomial(n, θ₀) (``pr``);
    for ``rc`` the numerator given the two counts' total, X ~ Binomial(O + D, θ₀/(1 + θ₀)), the
    exact comparison of two Poisson counts. Continuous in O (the incomplete gamma and beta
    functions; the pmf through log-gamma), so a fractional count lies between its neighbours.

    Unlike the transformed-scale z (arcsine, log, square root), whose null distribution is far
    from N(0, 1) for small counts (:func:`null_z2`), it is a monotone function of the exact
    tail probability: never more extreme than the count is improbable; its null
    :math:`E[z^2]` is below 1 only by the discreteness (:func:`null_midp_z2`), by which the
    robust φ divides. A unit whose count has a null variance above :data:`MIDP_UP_TO` keeps
    its transformed-scale z (``z``), already normal there (null :math:`E[z^2]` within 2 % of
    1) and cheaper: the robust φ of large units is as before.
    """
    z = _zscores(y, n, n_used, t, spec)[0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if spec.kind in ("sr", "rate"):
            mu = n_used if spec.kind == "sr" else t * n
            var = mu
        else:
            size, o, p = (n, y, t) if spec.kind == "pr" else (y + n, y, t / (1.0 + t))
            var = size * p * (1.0 - p)
        # (a target of 0 or 1 makes the count certain: its z, 0 at the target, stands)
        small = np.flatnonzero((var <= MIDP_UP_TO) & (var > 0))
        if not small.size:
            return z
        o = y[small]
        if spec.kind in ("sr", "rate"):
            m = mu[small]
            low = o < m
            tail = np.where(low, special.gammaincc(o + 1.0, m), special.gammainc(o, m))
            log_pmf = special.xlogy(o, m) - m - special.gammaln(o + 1.0)
        else:
            nn, pp = size[small], p[small]
            d = nn - o
            low = o < nn * pp
            tail = special.betainc(
                np.where(low, d, o), np.where(low, o + 1.0, d + 1.0), np.where(low, 1.0 - pp, pp)
            )
            log_pmf = (
                special.gammaln(nn + 1.0)
                - special.gammaln(o + 1.0)
                - special.gammaln(d + 1.0)
                + special.xlogy(o, pp)
                + special.xlog1py(d, -pp)
            )
        z = z.copy()
        z[small] = _near_tail(low, tail, log_pmf)
    return z


def _midp_e0_rows(w: FloatArray) -> FloatArray:
    """:math:`E[z^2]` of the mid-p score over pmfs ``w`` (one row each, on 0, 1, …; the mass
    beyond the last column negligible): the lower tails cumulated from the left, the upper
    from the right, so that each keeps its precision."""
    lower = np.cumsum(w, axis=1) - 0.5 * w
    upper = np.cumsum(w[:, ::-1], axis=1)[:, ::-1] - 0.5 * w
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(lower < upper, special.ndtri(lower), -special.ndtri(upper))
        return np.sum(np.where(w > 0, w * z * z, 0.0), axis=1)


_POISSON_E0: tuple[FloatArray, FloatArray] | None = None
_E0_SMALLEST = 1e-6  # below this mean, E[z²] is taken as proportional to it (≈ 0)
#: A count whose null variance is above this gives the robust φ its transformed-scale z
#: (normal there: null E[z²] 1.018 for the log z at E = 100, 1.005 for the arcsine at
#: n = 400, p = 0.5), with E[z²] taken as 1; at or below it, its mid-p score over the
#: score's exact null E[z²].
MIDP_UP_TO = 100.0


def _poisson_e0_table() -> tuple[FloatArray, FloatArray]:
    """The Poisson mid-p score's null E[z²] at 3,000 means spaced on the log scale from
    1e-6 to 100 (computed once; E[z²] is smooth in the mean and interpolated linearly in
    log μ between them, within 1e-6)."""
    global _POISSON_E0
    if _POISSON_E0 is None:
        grid = np.geomspace(_E0_SMALLEST, MIDP_UP_TO, 3000)
        k = np.arange(int(MIDP_UP_TO + 12 * math.sqrt(MIDP_UP_TO) + 31))
        w = stats.poisson.pmf(k[None, :], grid[:, None])
        _POISSON_E0 = (np.log(grid), _midp_e0_rows(w))
    return _POISSON_E0


def null_midp_z2(fit_n: FloatArray, y: FloatArray, t: FloatArray, n_used: FloatArray, spec: Spec):
    r"""Each unit's exact null :math:`E[z^2]` of its mid-p score (:func:`midp_z`) at the target
    ``t`` (per unit): Poisson from a table in the mean (:func:`_poisson_e0_table`); binomial
    (``pr``: n trials; ``rc``: the rounded total O + D, at θ₀/(1 + θ₀)) summed over the pmf
    once per distinct size and target, using the symmetry p ↔ 1 − p. 1 where the count's
    null variance is above :data:`MIDP_UP_TO` (whose units keep their transformed-scale z,
    :func:`midp_z`), and where the target is 0 or 1 (a group with no events, or no
    non-events: every score 0, and φ 0 as before).

    The mid-p score's tail probabilities are exact, so its variance is below 1 only by the
    discreteness: Var(mid-p) = (1 − Σ p_k³)/12 against 1/12 for a continuous count. E[z²]
    is 0.64 for a binomial of 20 at 97 %, 0.90 of 80 at 97 %, 0.97 of 200, and 0.87 for a
    Poisson mean of 2, 0.96 of 5 and 0.99 of 20.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        if spec.kind in ("sr", "rate"):
            mu = n_used if spec.kind == "sr" else t * fit_n
            logs, e0 = _poisson_e0_table()
            lm = np.log(np.maximum(mu, _E0_SMALLEST))
            out = np.interp(lm, logs, e0) * np.minimum(mu / _E0_SMALLEST, 1.0)
            out = np.where(mu > MIDP_UP_TO, 1.0, out)
            return np.where(np.isfinite(mu) & (mu > 0), out, 1.0)
        if spec.kind == "pr":
            size, p = fit_n, t
        else:
            size, p = np.rint(y + fit_n), t / (1.0 + t)
        q = np.minimum(p, 1.0 - p)
        var = size * q * (1.0 - q)
    ok = np.isfinite(var) & (q > 0) & (size > 0)
    out = np.ones(var.size)
    small = np.flatnonzero(ok & (var <= MIDP_UP_TO))
    if not small.size:
        return out

    def rows(sizes: FloatArray, k: FloatArray) -> FloatArray:
        nn, qq = sizes[:, 0][:, None], sizes[:, 1][:, None]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            log_w = (
                special.gammaln(nn + 1.0)
                - special.gammaln(k + 1.0)
                - special.gammaln(nn - k + 1.0)
                + special.xlogy(k, qq)
                + special.xlog1py(nn - k, -qq)
            )
            w = np.where(k <= nn, np.exp(log_w), 0.0)
        return _midp_e0_rows(w)

    out[small] = _per_distinct(np.column_stack([size[small], q[small]]), rows)
    return out


def _per_distinct(keys: FloatArray, rows) -> FloatArray:
    r"""``rows(sizes, k)`` (a value per row of ``sizes`` from the pmf at the counts ``k``, a
    row vector 0, 1, …) for each unit's ``keys`` (a row each: the Poisson mean, or the
    binomial size and rarer outcome's probability), computed once per distinct key, in
    chunks of like expected count (their product) so that the rows are short, each chunk to
    :math:`m + 12\sqrt m + 30` counts of its largest mean m (the mass beyond negligible)."""
    sizes, which = np.unique(keys, axis=0, return_inverse=True)
    mean = sizes.prod(axis=1)
    order = np.argsort(mean, kind="stable")
    out = np.empty(mean.size)
    for part in np.array_split(order, -(-order.size // _CHUNK)):
        top = float(mean[part].max())
        k = np.arange(int(np.ceil(top + 12.0 * np.sqrt(top) + 30.0)) + 1, dtype=float)[None, :]
        out[part] = rows(sizes[part], k)
    return out[which.ravel()]


def _usable(t: FloatArray, kind: str) -> NDArray[np.bool_]:
    """Targets the limits can be drawn around: > 0 (and < 1 for a proportion)."""
    ok = np.isfinite(t) & (t > 0)
    return ok & (t < 1) if kind == "pr" else ok


def robust_target(
    y: FloatArray, n: FloatArray, lay: K.Layout, spec: Spec
) -> tuple[FloatArray, FloatArray]:
    r"""Each group's target Σy/Σn over the units consistent with it (``target="robust"``),
    and the φ of its last round (the robust φ's start, so that φ sets aside the units the
    target did: :func:`fit`).

    Start from the median of the units' ratios y/n (of a proportion, of the Jeffreys-shrunk
    (y + ½)/(n + 1), which is never 0 or 1: when most units sit at 100 % the median is then
    still a proportion the others can be judged against, where 1 was no target and fell back
    to the pooled proportion, pulled by any outlier); then, until no group's set of units
    changes (at most 50 rounds; a group whose set returns to that of two rounds before stops
    there), compute every unit's mid-p score (:func:`midp_z`) against the target, set aside
    the units beyond :math:`3.5\sqrt{\max(\hat\phi, 1)}` (:func:`_skip_phi` with ``floor`` 1:
    inconsistent with the others and with chance; φ iterated from the previous round's), and
    pool Σy/Σn over the units kept. Genuine outliers then neither pull the target towards them
    nor, through the in-control units' z-scores against a shifted target, inflate φ: the
    reasoning by which Spiegelhalter (2005) and Spiegelhalter et al. (2012) set extreme units
    aside before estimating the overdispersion, applied to the target as well. The mid-p
    score, not the arcsine one, so that small units near 100 % (whose arcsine z-scores vary
    1.6–1.8 times as much as chance's N(0, 1)) do not hide an outlier among them. A
    proportion whose kept units are all at 0 % or 100 % takes (Σy + ½)/(Σn + 1) over them
    (unless every unit is: the pooled 0 or 1 then stands, and the limits are those of no
    events, or no non-events); a rate or ratio group whose median or kept ratio is 0 keeps
    the pooled ratio of all its units.
    """
    pooled = _group_sums(y, lay) / _group_sums(n, lay)
    every = np.ones(y.size, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (y + 0.5) / (n + 1.0) if spec.kind == "pr" else y / n
        start = K.seg_median(ratio, every, lay)
    t = np.where(_usable(start, spec.kind), start, pooled)
    done = np.zeros(lay.n_seg, dtype=bool)
    keep, phi = _skip_phi(midp_z(y, n, n, t[lay.seg], spec), lay, floor=1.0)
    before = keep
    for _ in range(50):
        sy, sn = K.seg_sum(y, keep, lay), K.seg_sum(n, keep, lay)
        kept = K.divide(sy, sn)
        if spec.kind == "pr":  # all kept at 0 % or 100 % (not all units): Jeffreys' mean
            edge = ((kept <= 0) | (kept >= 1)) & _usable(pooled, spec.kind)
            kept = np.where(edge, K.divide(sy + 0.5, sn + 1.0), kept)
        t = np.where(done, t, np.where(_usable(kept, spec.kind), kept, pooled))
        new, phi = _skip_phi(midp_z(y, n, n, t[lay.seg], spec), lay, 1.0, phi)
        # a group is done when its units are those of one or two rounds before
        done |= (K.seg_count(new != keep, lay) == 0) | (K.seg_count(new != before, lay) == 0)
        if done.all():
            break
        before, keep = keep, np.where(done[lay.seg], keep, new)
    return t, phi


def phi_scores(
    y: FloatArray, n: FloatArray, n_used: FloatArray, t: FloatArray, z: FloatArray, spec: Spec
) -> tuple[FloatArray, FloatArray | None]:
    """The scores behind the robust φ and each one's null E[z²] (None: 1 each): the mid-p
    scores (:func:`midp_z`) over their exact null E[z²] (:func:`null_midp_z2`), near N(0, 1)
    however small the counts, where the transformed-scale z (``z``) has E[z²] up to 1.8 near
    100 %. ``benchmarks/funnel_phi_small.py`` compares it with the alternatives by putting
    its own function in this one's place."""
    return midp_z(y, n, n_used, t, spec), null_midp_z2(n, y, t, n_used, spec)


def fit(y: FloatArray, n: FloatArray, lay: K.Layout, spec: Spec) -> Fit:
    """Transform, trim, and estimate φ and τ² for every unit and group at once."""
    shmi_round = spec.kind == "sr" and spec.log_ratio and spec.shmi_rounding
    n_used = r_round(n, 2) if shmi_round else n
    start = None  # the robust φ's start: median z² / 0.455 unless the target step gives one
    if spec.kind == "sr":
        target = np.ones(lay.n_seg)
    elif spec.target == "robust" and not spec.compat:
        # φ iterated on from the target's last round, not afresh: the robust φ has more than
        # one self-consistent set of units when one unit is far out, and a fresh start could
        # keep the unit the target set aside, inflating φ by it
        target, start = robust_target(y, n, lay, spec)
    else:
        target = _group_sums(y, lay) / _group_sums(n, lay)
    z, se = _zscores(y, n, n_used, target[lay.seg], spec)
    weight = None
    with np.errstate(divide="ignore", invalid="ignore"):
        if spec.phi_method == "robust" and not spec.compat:
            zp, weight = phi_scores(y, n, n_used, target[lay.seg], z, spec)
            zt = _skip(zp, lay, start, weight)
        elif spec.truncation:
            zt = _truncate(z, lay, spec.trim)
        else:
            zt = _winsorise(z, lay, spec.trim)
        w = 1.0 / se**2
    if spec.compat:
        factor = 1.0
    elif spec.phi_method == "robust":
        factor = trim_factor(1.0 - special.ndtr(SKIP_Z), True)
    elif spec.truncation:
        # the share of each tail truncated in fact: with few units the ranks split into
        # 1/trim groups drop fewer than trim of them (six units: none), and dividing by the
        # nominal factor would inflate phi 2.3-fold
        kept = K.seg_count(~np.isnan(zt), lay).astype(float)
        size = lay.lengths().astype(float)
        factor = trim_factor(K.divide(size - kept, 2.0 * size), True)
    else:
        factor = trim_factor(spec.trim, False)
    phi, tau2, n_phi = _dl(zt, w, lay, factor, weight)
    if spec.tau2_method == "reml":
        tau2 = _reml(z * se, se, np.isfinite(z), lay, tau2)
    if spec.adjust == "auto":
        adjusted = phi > 1.0
    elif spec.adjust == "test":
        adjusted = overdispersion_p(phi, n_phi) < TEST_LEVEL
    else:
        adjusted = np.full(lay.n_seg, bool(spec.adjust))
    if spec.compat and spec.adjust is False:  # FunnelPlotR zeroes both without draw_adjusted
        phi = np.zeros(lay.n_seg)
        tau2 = np.zeros(lay.n_seg)
    return Fit(
        lay=lay,
        y=y,
        n=n,
        n_used=n_used,
        value=y / n * spec.multiply,
        z=z,
        z_trimmed=zt,
        se=se,
        target=target,
        phi=phi,
        tau2=tau2,
        adjusted=adjusted,
        n_phi=n_phi,
        phi_weight=np.ones(y.size) if weight is None else weight,
    )


def _combined(centre, exact, ztau, inverse, sign: float):
    r"""Adjusted limits on one side (``sign`` −1 lower, +1 upper): the exact limit's distance
    from the target on the transformed scale, :math:`d = |g(q) - g(\theta_0)|` (``exact``
    already transformed, ``centre`` the transformed target), combined in quadrature with
    ``ztau`` = z·τ, :math:`g^{-1}(g(\theta_0) \pm \sqrt{d^2 + z^2\tau^2})` (``inverse`` is
    :math:`g^{-1}`). τ = 0 gives the exact limit; for large n, where :math:`d \to zs`, the
    normal :math:`\pm z\sqrt{s^2 + \tau^2}`. An infinite d (a lower limit of 0 on the log
    scale) stays infinite."""
    d = np.abs(exact - centre)
    return inverse(centre + sign * np.sqrt(d * d + ztau * ztau))


def limits(
    x: FloatArray,
    group: IntArray,
    fit_: Fit,
    spec: Spec,
    adjusted: NDArray[np.bool_],
) -> tuple[FloatArray, FloatArray]:
    r"""Lower and upper limits (× multiply) at denominators ``x`` of groups ``group``.

    ``adjusted`` (per x) chooses the overdispersion-adjusted limits (with the group's τ²) or the
    unadjusted ones. Returns two arrays of shape (number of levels, len(x)). Under compat and
    for proportions, the points of each group must be sorted by x (FunnelPlotR's monotone fix
    compares neighbours on its grid).

    Unadjusted (default): the count's exact tails (:func:`poisson_count_limits`,
    :func:`binomial_count_limits`, :func:`ratio_count_limits`). Adjusted, with
    ``spec.adjusted_limits``: "combined" (default), each exact limit's distance d from the
    target on the transformed scale (log or √ for ``sr`` and ``rate``, arcsine √ for ``pr``,
    log for ``rc``) combined in quadrature with z·τ, :math:`\pm\sqrt{d^2 + z^2\tau^2}`
    (:func:`_combined`), continuous in τ² from the exact limits at τ² = 0; "normal", the
    normal approximation :math:`\pm z\sqrt{s^2 + \tau^2}`, never narrower than the exact
    limits (wider than them at small counts even at τ² = 0). Under compat: FunnelPlotR's.
    """
    z = spec.z_values()[:, None]
    alpha = (1.0 - np.asarray(spec.levels, dtype=float) / 100.0)[:, None] / 2.0
    t = fit_.target[group]
    tau2 = np.where(adjusted, fit_.tau2[group], 0.0)
    m = spec.multiply
    normal = spec.compat or spec.adjusted_limits == "normal"
    ztau = z * np.sqrt(tau2)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if spec.kind in ("sr", "rate"):
            e = x if spec.kind == "sr" else t * x
            scale = m * t
            if spec.compat:
                q_lo = q_hi = None
            else:  # the counts chance gives a unit of this size (ratios to the target)
                q_lo, q_hi = poisson_count_limits(t * x, alpha[:, 0])  # μ = θ₀·n
            if normal and spec.log_ratio:
                half = z * np.sqrt(1.0 / e + tau2)
                lo_adj, hi_adj = np.exp(-half), np.exp(half)
            elif normal:
                half = z * np.sqrt(1.0 / (4.0 * e) + tau2)
                lo_adj, hi_adj = 1.0 - half, 1.0 + half
                if not spec.compat:  # back from the square-root scale (FunnelPlotR #33)
                    lo_adj, hi_adj = np.maximum(lo_adj, 0.0) ** 2, hi_adj**2
            elif spec.log_ratio:
                lo_adj = _combined(0.0, np.log(q_lo), ztau, np.exp, -1.0)
                hi_adj = _combined(0.0, np.log(q_hi), ztau, np.exp, 1.0)
            else:

                def square(v):
                    return np.maximum(v, 0.0) ** 2

                lo_adj = _combined(1.0, np.sqrt(q_lo), ztau, square, -1.0)
                hi_adj = _combined(1.0, np.sqrt(q_hi), ztau, square, 1.0)
            lo = np.where(adjusted, lo_adj, np.nan)
            hi = np.where(adjusted, hi_adj, np.nan)
            if spec.compat:
                exact = ~adjusted
                if exact.any():
                    lo[:, exact], hi[:, exact] = poisson_limits(e[exact], alpha[:, 0])
            elif normal:  # adjusted ones never narrower
                lo = np.where(adjusted, np.fmin(lo, q_lo), q_lo)
                hi = np.where(adjusted, np.fmax(hi, q_hi), q_hi)
            else:
                lo = np.where(adjusted, lo, q_lo)
                hi = np.where(adjusted, hi, q_hi)
            lo, hi = lo * scale, hi * scale
        elif spec.kind == "pr":
            centre = np.arcsin(np.sqrt(t))
            if spec.compat:
                half = z * np.sqrt(1.0 / (4.0 * x) + tau2)
                lo = np.clip(m * np.sin(centre - half) ** 2, 0.0, None)
                hi = np.clip(m * np.sin(centre + half) ** 2, None, m)
                lo, hi = _monotone_fix(lo, hi, group, m)
            else:
                q_lo, q_hi = binomial_count_limits(x, group, fit_.target, alpha[:, 0])
                if normal:
                    half = z * np.sqrt(1.0 / (4.0 * x) + tau2)
                    lo_adj = np.fmin(np.sin(np.clip(centre - half, 0.0, np.pi / 2)) ** 2, q_lo)
                    hi_adj = np.fmax(np.sin(np.clip(centre + half, 0.0, np.pi / 2)) ** 2, q_hi)
                else:

                    def sine2(v):
                        return np.sin(np.clip(v, 0.0, np.pi / 2)) ** 2  # the angle in [0, π/2]

                    lo_adj = _combined(centre, np.arcsin(np.sqrt(q_lo)), ztau, sine2, -1.0)
                    hi_adj = _combined(centre, np.arcsin(np.sqrt(q_hi)), ztau, sine2, 1.0)
                lo = np.where(adjusted, lo_adj, q_lo)
                hi = np.where(adjusted, hi_adj, q_hi)
                lo, hi = m * lo, m * hi
        else:  # rc
            if normal:
                var = 1.0 / (4.0 * x) if spec.compat else 1.0 / (t * x) + 1.0 / x
                half = z * np.sqrt(var + tau2)
                lo = np.exp(np.log(t) - half)
                hi = np.exp(np.log(t) + half)
            if not spec.compat:  # the numerator's tails
                q_lo, q_hi = ratio_count_limits(x, group, fit_.target, alpha[:, 0])
                if normal:  # adjusted ones never narrower
                    lo = np.where(adjusted, np.fmin(lo, q_lo), q_lo)
                    hi = np.where(adjusted, np.fmax(hi, q_hi), q_hi)
                else:
                    lt = np.log(t)
                    lo = np.where(adjusted, _combined(lt, np.log(q_lo), ztau, np.exp, -1.0), q_lo)
                    hi = np.where(adjusted, _combined(lt, np.log(q_hi), ztau, np.exp, 1.0), q_hi)
            lo, hi = m * lo, m * hi
    return lo, hi


_CHEB_DEGREE = 20
_CHEB_NODES = np.cos(np.pi * (np.arange(_CHEB_DEGREE + 1) + 0.5) / (_CHEB_DEGREE + 1))


def _interpolated(exact, k: int, x: FloatArray, grp: IntArray, x0: FloatArray, centre):
    r"""``exact(x, grp)``, k limit functions at every x, through Chebyshev interpolants.

    ``exact`` returns exact limits, shape (k, len(x)) (inverse incomplete gamma or beta
    functions, 4–20 µs per value). As a function of :math:`u = 1/\sqrt{x}` each limit is
    ``centre`` + :math:`u\,g(u)` with g smooth on :math:`[0, 1/\sqrt{x_0}]` (its
    Cornish–Fisher expansion is a series in u). For a group with many units, g is
    interpolated at 21 Chebyshev nodes from exact values, and the units at or above the
    group's ``x0`` are evaluated from it: within 1e-14 (Poisson) and 1e-10 (binomial) of the
    direct values (tested). Everything else is computed directly.
    """
    out = np.empty((k, x.size))
    counts = np.bincount(grp, minlength=x0.size)
    fit = (counts > 4 * (_CHEB_DEGREE + 1)) & np.isfinite(x0)
    fast = fit[grp] & (x >= x0[grp])
    if (~fast).any():
        out[:, ~fast] = _once_per_value(exact, x[~fast], grp[~fast])
    if fast.any():
        groups = np.flatnonzero(fit)
        umax = 1.0 / np.sqrt(x0[groups])
        u = (_CHEB_NODES[None, :] + 1.0) / 2.0 * umax[:, None]  # (groups, nodes)
        vals = exact((1.0 / u**2).ravel(), np.repeat(groups, _CHEB_DEGREE + 1))
        g = (vals.reshape(k, *u.shape) - centre[groups][None, :, None]) / u[None]
        coef = np.polynomial.chebyshev.chebfit(
            _CHEB_NODES, g.reshape(-1, u.shape[1]).T, _CHEB_DEGREE
        ).reshape(-1, k, groups.size)
        idx = np.flatnonzero(fast)
        if groups.size == 1:
            ub = 1.0 / np.sqrt(x[idx])
            t = 2.0 * ub / umax[0] - 1.0
            series = np.polynomial.chebyshev.chebval(t, coef[:, :, 0])
        else:
            row = np.searchsorted(groups, grp[idx])
            ub = 1.0 / np.sqrt(x[idx])
            t = 2.0 * ub / umax[row] - 1.0
            series = _clenshaw(t, coef, row)
        out[:, idx] = centre[grp[idx]] + ub * series
    return out


def _once_per_value(exact, x: FloatArray, grp: IntArray) -> FloatArray:
    """``exact(x, grp)`` evaluated once per distinct (group, x) pair and spread back.

    Whole-number denominators repeat (100,000 units of 50–5,000 cases have about 5,000
    distinct n), and each exact value costs a 48-step bisection of an incomplete beta or
    gamma function; the values are elementwise, so sharing them changes no bit.
    """
    order = np.lexsort((x, grp))
    xs, gs = x[order], grp[order]
    first = np.ones(x.size, dtype=bool)
    first[1:] = (xs[1:] != xs[:-1]) | (gs[1:] != gs[:-1])
    values = exact(xs[first], gs[first])
    out = np.empty((values.shape[0], x.size))
    out[:, order] = values[:, np.cumsum(first) - 1]
    return out


def _clenshaw(t: FloatArray, coef: FloatArray, row: IntArray) -> FloatArray:
    """Chebyshev series ``coef[:, j, row[i]]`` at ``t[i]`` for each j (Clenshaw's recurrence)."""
    b1 = np.zeros((coef.shape[1], t.size))
    b2 = np.zeros_like(b1)
    two_t = 2.0 * t
    for d in range(coef.shape[0] - 1, 0, -1):
        b1, b2 = coef[d][:, row] + two_t * b1 - b2, b1
    return coef[0][:, row] + t * b1 - b2


def _smallest_fitted(alphas: FloatArray, share: FloatArray) -> FloatArray:
    """Smallest count interpolated: expected events (and non-events) >= max(30, 5z²)."""
    e0 = max(30.0, 5.0 * float(special.ndtri(np.min(alphas))) ** 2)
    with np.errstate(divide="ignore"):
        return np.where((share > 0) & (np.min(alphas) >= 1e-5), e0 / share, np.inf)


def poisson_limits(e: FloatArray, alphas: FloatArray) -> tuple[FloatArray, FloatArray]:
    r"""Exact Poisson limits of O/E at expected counts E (non-integer too), one row per α.

    Lower :math:`\chi^2_{\alpha}(2E)/2E`, upper :math:`\chi^2_{1-\alpha}(2E+2)/2E`, from
    :func:`scipy.special.gammaincinv` and ``gammainccinv`` (interpolated for many units).
    """
    a = np.asarray(alphas, dtype=float)[:, None]

    def exact(x, _grp):
        return np.vstack((special.gammaincinv(x, a) / x, special.gammainccinv(x + 1.0, a) / x))

    zero = np.zeros(e.size, dtype=np.intp)
    x0 = _smallest_fitted(a, np.ones(1))
    both = _interpolated(exact, 2 * a.size, e, zero, x0, np.ones(1))
    return both[: a.size], both[a.size :]


def _root(f, target: FloatArray, lo: FloatArray, hi: FloatArray, rising: bool) -> FloatArray:
    """The s in [lo, hi] with ``f(s) = target`` for f monotone in s (rising or falling), by
    bisection on all elements at once (48 halvings: within 4e-15 of the bracket's width)."""
    lo, hi = np.broadcast_arrays(lo, hi)
    lo, hi = lo.astype(float), hi.astype(float)
    for _ in range(48):
        mid = 0.5 * (lo + hi)
        below = f(mid) < target
        go_up = below if rising else ~below
        lo, hi = np.where(go_up, mid, lo), np.where(go_up, hi, mid)
    return 0.5 * (lo + hi)


def poisson_count_limits(mu: FloatArray, alphas: FloatArray) -> tuple[FloatArray, FloatArray]:
    r"""Limits of O/μ that a count O ~ Poisson(μ) crosses with probability α on each side.

    A unit is below the lower limit exactly when :math:`P(X \le O) < \alpha` and above the
    upper exactly when :math:`P(X \ge O) < \alpha` (X ~ Poisson(μ), μ its expected count at
    the target): with the regularised incomplete gamma functions,
    :math:`P(X \le o) = Q(o + 1, \mu)` and :math:`P(X \ge o) = P(o, \mu)`, continuous in o,
    the lower limit is :math:`(s_l - 1)/\mu` with :math:`Q(s_l, \mu) = \alpha` (0 when
    negative: no count is that unlikely, as 0 events at μ < −ln α) and the upper
    :math:`s_u/\mu` with :math:`P(s_u, \mu) = \alpha`. FunnelPlotR's "exact Poisson" limits
    (:func:`poisson_limits`) swap the roles of O and μ (the confidence interval of a mean seen
    as μ events): they put 0 events below the lower limit at every μ > 0.
    """
    a = np.asarray(alphas, dtype=float)[:, None]

    def exact(x, _grp):
        m = np.broadcast_to(x[None, :], (a.shape[0], x.size))
        # the counts' α tails lie within μ ± (z + 4)·√μ + 4 (normal, with room for the skew)
        half = (special.ndtri(1.0 - a) + 4.0) * np.sqrt(m) + 4.0
        bottom, top = np.maximum(m - half, 0.0), m + half
        s_l = _root(lambda s: special.gammaincc(s, m), a, bottom, top, rising=True)
        s_u = _root(lambda s: special.gammainc(s, m), a, bottom, top, rising=False)
        return np.vstack((np.maximum(s_l - 1.0, 0.0) / m, s_u / m))

    ok = np.isfinite(mu) & (mu > 0)
    lo = np.full((a.shape[0], mu.size), np.nan)
    hi = lo.copy()
    if ok.any():
        zero = np.zeros(int(ok.sum()), dtype=np.intp)
        x0 = _smallest_fitted(a, np.ones(1))
        both = _interpolated(exact, 2 * a.shape[0], mu[ok], zero, x0, np.ones(1))
        lo[:, ok], hi[:, ok] = both[: a.shape[0]], both[a.shape[0] :]
    return lo, hi


def binomial_count_limits(
    n: FloatArray, grp: IntArray, p0: FloatArray, alphas: FloatArray
) -> tuple[FloatArray, FloatArray]:
    r"""Limits of a proportion O/n that a count O ~ Binomial(n, p₀) crosses with probability α on
    each side, at denominators ``n`` of groups ``grp`` with targets ``p0`` (per group).

    As :func:`poisson_count_limits`: below the lower exactly when :math:`P(X \le O) < \alpha`,
    above the upper exactly when :math:`P(X \ge O) < \alpha`, through the regularised
    incomplete beta function, continuous in o: :math:`P(X \le o) = I_{1-p_0}(n - o, o + 1)`
    and :math:`P(X \ge o) = I_{p_0}(o, n - o + 1)` (interpolated for many units). A unit at
    0 % (or 100 %) is below (above) its limits only when :math:`(1 - p_0)^n` (:math:`p_0^n`)
    is below α. A target of 0 (1): the Clopper–Pearson bound of no events (non-events) in n,
    as no count is then possible.
    """
    a = np.asarray(alphas, dtype=float)[:, None]

    def exact(x, g):
        nn = np.broadcast_to(x[None, :], (a.shape[0], x.size))
        p = np.broadcast_to(p0[g][None, :], nn.shape)
        # the counts' α tails lie within np ± (z + 4)·√(np(1 - p)) + 4, inside [0, n]
        half = (special.ndtri(1.0 - a) + 4.0) * np.sqrt(nn * p * (1.0 - p)) + 4.0
        bottom, top = np.maximum(nn * p - half, 0.0), np.minimum(nn * p + half, nn)
        with np.errstate(invalid="ignore", divide="ignore"):
            s_l = _root(lambda o: special.betainc(nn - o, o + 1.0, 1.0 - p), a, bottom, top, True)
            s_u = _root(lambda o: special.betainc(o, nn - o + 1.0, p), a, bottom, top, False)
            lo = np.where((1.0 - p) ** nn >= a, 0.0, s_l / nn)  # not even no events is rare
            hi = np.where(p**nn >= a, 1.0, s_u / nn)
            # a target of 0 (1) makes any event (non-event) impossible: the limits of a
            # group with none are the Clopper-Pearson bounds of none in n
            lo = np.where(p >= 1, a ** (1.0 / nn), np.where(p <= 0, 0.0, lo))
            hi = np.where(p <= 0, 1.0 - a ** (1.0 / nn), np.where(p >= 1, 1.0, hi))
        return np.vstack((lo, hi))

    x0 = _smallest_fitted(a, np.minimum(p0, 1.0 - p0))
    both = _interpolated(exact, 2 * a.shape[0], n, grp, x0, p0)
    return both[: a.shape[0]], both[a.shape[0] :]


def ratio_count_limits(
    d: FloatArray, grp: IntArray, t0: FloatArray, alphas: FloatArray
) -> tuple[FloatArray, FloatArray]:
    r"""Limits of a ratio of counts O/D that the numerator O crosses with probability α on each
    side given the two counts' total, at denominators ``d`` of groups ``grp`` with targets
    ``t0`` (per group).

    Two Poisson counts whose means are in the ratio θ₀: given O + D = m, O ~ Binomial(m, p₀)
    with p₀ = θ₀/(1 + θ₀) (the exact comparison of two Poisson counts). As m − O = D,
    :math:`P(O \le o) = I_{1-p_0}(D, o + 1)` and :math:`P(O \ge o) = I_{p_0}(o, D + 1)`,
    continuous in o: below the lower limit :math:`s_l/D`, with
    :math:`I_{1-p_0}(D, s_l + 1) = \alpha`, exactly when :math:`P(O \le o) < \alpha` (0 when
    :math:`(1 - p_0)^D \ge \alpha`: not even no events is that rare), and above the upper
    :math:`s_u/D`, with :math:`I_{p_0}(s_u, D + 1) = \alpha`, exactly when
    :math:`P(O \ge o) < \alpha` (interpolated for many units, as :func:`_interpolated`).
    """
    a = np.asarray(alphas, dtype=float)[:, None]
    p0 = t0 / (1.0 + t0)

    def exact(x, g):
        dd = np.broadcast_to(x[None, :], (a.shape[0], x.size))
        p = np.broadcast_to(p0[g][None, :], dd.shape)
        # O given D is negative binomial: mean θ₀D, variance θ₀D(1 + θ₀); its α tails lie
        # within twice (z + 4) standard deviations (room for the skew at small D)
        mean = dd * p / (1.0 - p)
        half = 2.0 * (special.ndtri(1.0 - a) + 4.0) * np.sqrt(mean / (1.0 - p)) + 10.0
        bottom, top = np.maximum(mean - half, 0.0), mean + half
        with np.errstate(invalid="ignore", divide="ignore"):
            s_l = _root(lambda o: special.betainc(dd, o + 1.0, 1.0 - p), a, bottom, top, True)
            s_u = _root(lambda o: special.betainc(o, dd + 1.0, p), a, bottom, top, False)
            lo = np.where((1.0 - p) ** dd >= a, 0.0, s_l / dd)
        return np.vstack((lo, s_u / dd))

    x0 = _smallest_fitted(a, np.minimum(t0, 1.0))
    both = _interpolated(exact, 2 * a.shape[0], d, grp, x0, t0)
    return both[: a.shape[0]], both[a.shape[0] :]


def _monotone_fix(lo: FloatArray, hi: FloatArray, group: IntArray, m: float):
    """FunnelPlotR's fix of the arcsine limits at small n, one pass over each sorted group.

    A lower limit above the next point's becomes 0 and an upper limit below the next point's
    becomes ``m``; the last point of each group is left alone.
    """
    lo, hi = lo.copy(), hi.copy()
    same = group[1:] == group[:-1]
    drop = (lo[:, :-1] > lo[:, 1:]) & same
    lift = (hi[:, :-1] < hi[:, 1:]) & same
    lo[:, :-1][drop] = 0.0
    hi[:, :-1][lift] = m
    return lo, hi


def grid(fit_: Fit, spec: Spec, points: int = 1000) -> tuple[FloatArray, IntArray, IntArray]:
    """Denominators at which to draw the limits of each group, sorted within each group.

    Default: ``points`` values spaced evenly on the log scale from half the smallest (or a
    hundredth of the largest, if less) to 1.05 × the largest denominator of the group. Under
    compat: FunnelPlotR's grid, R's ``seq(start, ceiling(max(n)), length.out = 1000)`` (start
    1.1 for ratios, 3 otherwise) joined with the units' denominators. Returns the
    denominators, their group numbers and, under compat, the grid row of each unit's
    denominator (else an empty array).
    """
    lay = fit_.lay
    lo, hi = K.seg_min_max(fit_.n_used, lay)
    if spec.compat:
        start = 1.1 if spec.kind == "sr" else 3.0
        seq = r_seq(start, np.ceil(hi), points).ravel()
        x = np.concatenate((seq, fit_.n_used))
        gr = np.concatenate((np.repeat(np.arange(lay.n_seg), points), lay.seg))
        order = np.lexsort((x, gr))
        x, gr = x[order], gr[order]
        keep = np.ones(x.size, dtype=bool)
        keep[1:] = (x[1:] != x[:-1]) | (gr[1:] != gr[:-1])
        row_of_sorted = np.cumsum(keep) - 1
        where = np.empty(x.size, dtype=np.intp)
        where[order] = np.arange(x.size)
        unit_rows = row_of_sorted[where[seq.size :]]
        return x[keep], gr[keep], unit_rows
    frac = np.linspace(0.0, 1.0, points)
    llo, lhi = np.log(np.minimum(lo / 2.0, hi / 100.0)), np.log(hi * 1.05)
    x = np.exp(llo[:, None] + frac[None, :] * (lhi - llo)[:, None]).ravel()
    return x, np.repeat(np.arange(lay.n_seg), points), np.empty(0, dtype=np.intp)


def unit_limits(fit_: Fit, spec: Spec) -> tuple[FloatArray, FloatArray]:
    """The limits in force at each unit's denominator, shape (number of levels, units).

    Under compat, proportions take them from FunnelPlotR's grid (its monotone fix depends on
    the neighbouring grid points); everything else is evaluated at the denominator directly.
    """
    seg = fit_.lay.seg
    if spec.compat and spec.kind == "pr":
        x, gr, rows = grid(fit_, spec)
        lo, hi = limits(x, gr, fit_, spec, fit_.adjusted[gr])
        return lo[:, rows], hi[:, rows]
    return limits(fit_.n_used, seg, fit_, spec, fit_.adjusted[seg])


DISCRETE_PHI = 1.1  # warn when in-control units of these sizes give E[phi] this high or more
_CHUNK = 4096  # units a pass of null_z2 (at most 4096 x 400 terms)
_EXACT_UP_TO = 200.0  # expected counts above this: E[z^2] is 1 within about 2 % (set to 1)


def null_z2(fit_: Fit, spec: Spec) -> tuple[FloatArray, FloatArray]:
    r"""Each unit's exact :math:`E[z^2]` when it is in control (its count binomial or Poisson
    at the target), and the expected count of its rarer outcome (``pr``: :math:`n\min(p,
    1-p)`; ``sr`` and ``rate``: E), both NaN where not computed (``rc``, an unusable target).

    φ is the mean z², so the group's mean :math:`E[z^2]` is what φ is in expectation without
    any overdispersion. The normal approximations behind the z-scores fail for small counts:
    the arcsine z's :math:`E[z^2]` is 1.8 when a unit expects 1 of the rarer outcome, 1.4 at
    3, 1.1 at 6 and 1.05 at 10 (whatever p); the log z's (½ for zero) 0.4 at E = 1, 1.5 at
    E = 5 and 1.1 at E = 20; the square root's as the arcsine's. Summed over the pmf, to
    :math:`m + 12\sqrt m + 30` events; units expecting more than 200 are given 1.
    """
    lay = fit_.lay
    t = fit_.target[lay.seg]
    nan = np.full(t.size, np.nan)
    if spec.kind == "pr":
        q = np.minimum(t, 1.0 - t)
        m = fit_.n * q
    elif spec.kind in ("sr", "rate"):
        m = fit_.n_used if spec.kind == "sr" else t * fit_.n
    else:
        return nan, nan
    ok = np.isfinite(m) & (m > 0) & np.isfinite(fit_.z)
    small = np.flatnonzero(ok & (m <= _EXACT_UP_TO))
    ez2 = np.where(ok, 1.0, np.nan)
    if not small.size:
        return ez2, np.where(ok, m, np.nan)
    # units of one size (and target) share their E[z²]: computed once per distinct size

    def rows(sizes: FloatArray, k: FloatArray) -> FloatArray:
        if spec.kind == "pr":
            nn = sizes[:, 0][:, None]
            qq = sizes[:, 1][:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                w = np.where(k <= nn, stats.binom.pmf(k, nn, qq), 0.0)
                kk = np.minimum(k, nn)
                z = (np.arcsin(np.sqrt(kk / nn)) - np.arcsin(np.sqrt(qq))) * 2.0 * np.sqrt(nn)
        else:
            e = sizes[:, 0][:, None]
            w = stats.poisson.pmf(k, e)
            if spec.log_ratio:
                z = np.sqrt(e) * np.log(np.maximum(k, 0.5) / e)
            else:
                z = 2.0 * np.sqrt(e) * (np.sqrt(k / e) - 1.0)
        return np.sum(w * z * z, axis=1)

    size = np.column_stack([fit_.n[small], q[small]]) if spec.kind == "pr" else m[small, None]
    ez2[small] = _per_distinct(size, rows)
    return ez2, np.where(ok, m, np.nan)
