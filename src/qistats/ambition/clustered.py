r"""Period-to-period variation of a mean (kind="mean"): a between-period variance component
for the means of the baseline and of the assessment window, and the test that decides
whether it is used.

A stretch j (the baseline, the assessment window) holds mⱼ periods with data, period t with
cₜ measurements of mean x̄ₜ and within-period sum of squares Wₜ; the stretch's mean is
x̄ⱼ = Σcₜx̄ₜ/Nⱼ, Nⱼ = Σcₜ. Treating every measurement as independent gives the naive variance
s²/Nⱼ, s² = Σₜ(Wₜ + cₜ(x̄ₜ − x̄ⱼ)²)/(Nⱼ − 1). When a period's mean moves as a whole (winter
pressures, a change of consultant) its measurements are not independent: with a
between-period variance σ²_b and a within-period one σ²_w,

.. math:: \operatorname{Var}(\bar x_j) = \frac{\sigma^2_w}{N_j}
          + \sigma^2_b\,\frac{\sum_t c_t^2}{N_j^2}.

Both are estimated by the one-way analysis of variance over the periods of both stretches
(each around its own mean, as the counts' φ̂ pools them, :mod:`.dispersion`): the
within-period mean square MS_w = ΣW/Σⱼ(Nⱼ − mⱼ), the between-period one
MS_b = Σⱼ Σₜ cₜ(x̄ₜ − x̄ⱼ)²/Σⱼ(mⱼ − 1), and σ̂²_b = (MS_b − MS_w)/c̃ with
c̃ = Σⱼ(Nⱼ − Σₜcₜ²/Nⱼ)/Σⱼ(mⱼ − 1) (c for periods of c measurements each), so that

.. math:: v_j = \frac{MS_w}{N_j} + \frac{\sum_t c_t^2}{N_j^2}\,\frac{MS_b - MS_w}{\tilde c},

a combination of the two mean squares, with Student's t on its Welch–Satterthwaite degrees of
freedom (for periods of equal size vⱼ = MS_b/Nⱼ, on Σⱼ(mⱼ − 1): the period means' own spread,
as the period-as-cluster variance has it, on both stretches' periods).

The factor is φ̂ = MS_b/MS_w, the summary's ``overdispersion`` for means: about 1 when the
period means vary only as their measurements do, 1 + cσ²_b/σ²_w for periods of c
measurements: how many times the variance of a period's mean exceeds what its measurements'
spread alone gives. With ``overdispersion="auto"``, when φ̂ exceeds a threshold (``threshold``)
each stretch's mean has vⱼ on its degrees of freedom where that interval is the wider (t²vⱼ
against t²s²/Nⱼ on Nⱼ − 1, the counts' f = max(1, φ̂(t/z)²)); otherwise the naive variance
with t on Nⱼ − 1. The threshold is the upper 25 % point of F on those degrees of freedom (the
lenient level the counts use), unless the periods are few (Σⱼ(mⱼ − 1) below about 7 at
α = 0.05: a 3-month baseline and window have 4): a test on so few degrees of freedom cannot
tell φ = 2 from 1, and the stretches it leaves with the naive variance miss often (a one-sided
miss of 3.4 % at φ = 2–3 with 4 degrees of freedom under normal theory; on simulated wards of
lengths of stay with a 3-month baseline, 3.3–3.5 % a side on average and up to 4.1 %). It is
then lowered to c*(d_b, d_w) (``lowered``): the largest threshold for which the one-sided
miss, under normal theory with φ̂ ~ φF(d_b, d_w), stays within ``SLACK`` = 1.2 times α/2
whatever φ > 1 (the counts' rule, :mod:`.dispersion`, whose χ² model it is as d_w → ∞); below
about d_b = 3 it is below 1, where the component's t makes its interval the wider. Data with
one measurement per period (monthly means given as the rows) have no within-period spread:
φ̂ is missing, and the naive variance is already that of the period means.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .. import _kernels as K
from .dispersion import _PHIS, BISECTIONS, DISPERSION_TEST, SLACK


@dataclass(frozen=True)
class Stretch:
    """A stretch's mean and its variance per series: ``n`` measurements, ``mean``, ``sd`` (all
    measurements around the stretch's mean), ``var`` (the variance of the mean used), ``dof``
    (its t degrees of freedom), ``factor`` = ``var`` over the naive s²/N (1 unless the
    period-to-period variation is allowed for) and ``component``: where it is (the two
    stretches' variances then rest on the same mean squares, so that a sum of them has no more
    degrees of freedom than the larger of theirs, not the Welch–Satterthwaite sum of both)."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    var: np.ndarray
    dof: np.ndarray
    factor: np.ndarray
    component: np.ndarray  # the variance component is used (its df rest on the shared MS_b)


@dataclass(frozen=True)
class _Sums:
    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    periods: np.ndarray
    within: np.ndarray  # Σ Wₜ
    between: np.ndarray  # Σ cₜ(x̄ₜ − x̄)², over stretches of two periods or more
    squares: np.ndarray  # Σ cₜ²/N²


def _sums(cnt, mean, within, mask, lay) -> _Sums:
    total = np.where(mask, cnt * mean, 0.0)
    n = K.seg_sum(cnt, mask, lay)
    mu = K.divide(K.seg_sum(total, mask, lay), n)
    dev = np.where(mask, mean - mu[lay.seg], 0.0)
    w = K.seg_sum(within, mask, lay)
    b = K.seg_sum(cnt * dev * dev, mask, lay)
    m = K.seg_count(mask, lay).astype(float)
    squares = K.divide(K.seg_sum(cnt * cnt, mask, lay), n * n)
    return _Sums(n, mu, np.sqrt(K.divide(w + b, n - 1)), m, w, np.where(m >= 2, b, 0.0), squares)


def stretches(
    cnt, mean, sd, base, window, lay, overdispersion, alpha
) -> tuple[Stretch, Stretch, np.ndarray]:
    """The baseline's and the window's :class:`Stretch` and φ̂ per series (module docstring).

    ``cnt``, ``mean`` and ``sd``: each period's measurements, mean and standard deviation;
    ``base`` and ``window``: the usable periods of each stretch.

    Two series, 3 periods of 2 a stretch: the first's periods differ by far more than their
    measurements (means 1, 5, 9 and 2, 6, 10, each ± 0.71), the second's not (all means 5).
    The first: MS_b = 2(16 + 0 + 16)·2/4 = 32, MS_w = 6·0.71²/6 = 0.504, φ̂ = 63.5, above
    F₀.₇₅(4, 6); c̃ = 2, so its baseline mean has v = 32/6 = 5.33 on 4 degrees of freedom. The
    second keeps the naive (3·0.71²/5)/6 = 0.05 on 5:

    >>> lay = K.Layout.from_starts(np.array([0, 6]), 12)
    >>> cnt = np.full(12, 2.0)
    >>> mean = np.array([1, 5, 9, 2, 6, 10] + [5.0] * 6)
    >>> base = np.tile([True, True, True, False, False, False], 2)
    >>> b, w, phi = stretches(cnt, mean, np.full(12, 0.71), base, ~base, lay, "auto", 0.05)
    >>> np.round(phi, 1).tolist(), np.round(b.dof, 1).tolist(), np.round(b.var, 2).tolist()
    ([63.5, 0.0], [4.0, 5.0], [5.33, 0.05])
    """
    within = np.where(cnt > 1, (cnt - 1) * np.where(cnt > 1, sd, 0.0) ** 2, 0.0)
    parts = [_sums(cnt, mean, within, mask, lay) for mask in (base, window)]
    d_b = sum(np.where(s.periods >= 2, s.periods - 1, 0.0) for s in parts)
    d_w = sum(np.fmax(s.n - s.periods, 0.0) for s in parts)
    ms_b = K.divide(sum(s.between for s in parts), d_b)
    ms_w = K.divide(sum(s.within for s in parts), d_w)
    size = K.divide(sum(np.where(s.periods >= 2, s.n * (1 - s.squares), 0.0) for s in parts), d_b)
    ok = (d_b > 0) & (d_w > 0)
    phi = np.where(ok, K.divide(ms_b, ms_w), np.nan)
    cut = threshold(np.where(ok, d_b, 1.0), np.where(ok, d_w, 1.0), alpha)
    shown = ok & (phi > cut) if overdispersion == "auto" else np.zeros(lay.n_seg, dtype=bool)
    mean_squares = (ms_b, d_b, ms_w, d_w, size)
    return (*(_stretch(s, shown, mean_squares, alpha) for s in parts), phi)


def _stretch(s: _Sums, shown, mean_squares, alpha) -> Stretch:
    """A stretch's mean with the naive variance, or the variance component's where it is
    shown and gives the wider interval (t²v against t²s²/N, each on its own degrees of
    freedom: the means' counterpart of the counts' f = max(1, φ̂(t/z)²))."""
    ms_b, d_b, ms_w, d_w, size = mean_squares
    naive = K.divide(s.sd**2, s.n)
    with np.errstate(divide="ignore", invalid="ignore"):
        k_b = K.divide(s.squares, size)
        k_w = K.divide(1.0, s.n) - k_b
        v = k_b * ms_b + k_w * ms_w
        dof = v * v / ((k_b * ms_b) ** 2 / d_b + (k_w * ms_w) ** 2 / d_w)
        wider = stats.t.ppf(1 - alpha / 2, dof) ** 2 * v
        wider = wider > stats.t.ppf(1 - alpha / 2, s.n - 1) ** 2 * naive
    use = shown & wider
    return Stretch(
        s.n,
        s.mean,
        s.sd,
        np.where(use, v, naive),
        np.where(use, dof, s.n - 1),
        np.where(use, K.divide(v, naive), 1.0),
        use,
    )


#: Where the lowered threshold is computed (:func:`lowered`): the between-period degrees of
#: freedom d_b (an integer; from 7 on the F test's threshold is the lower at α = 0.05), the
#: within-period d_w (interpolated in 1/d_w, ∞ last), and the equal-probability nodes of
#: χ²_{d_b}/d_b and χ²_{d_w}/d_w the error is averaged over.
_DB = np.arange(1.0, 9.0)
_DW = np.array([2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 512.0, np.inf])
_NODES_B, _NODES_W = 300, 16


def threshold(d_b, d_w, alpha):
    r"""The value of φ̂ = MS_b/MS_w above which the between-period variance is allowed for, on
    d_b and d_w degrees of freedom: the F test at 25 %, F₀.₇₅(d_b, d_w), or, where that lets
    an interval miss too often (few periods: d_b below about 8 at α = 0.05), the lower c*
    of :func:`lowered`: the smaller of the two.

    >>> from scipy import stats
    >>> t = threshold(np.array([20.0, 2.0]), np.array([300.0, 300.0]), 0.05)
    >>> bool(np.isclose(t[0], stats.f.isf(0.25, 20, 300))), bool(t[1] < 1)
    (True, True)
    """
    d_b, d_w = np.broadcast_arrays(np.asarray(d_b, float), np.asarray(d_w, float))
    with np.errstate(invalid="ignore"):
        test = stats.f.isf(DISPERSION_TEST, d_b, d_w)
    table = lowered(float(alpha))
    row = np.clip(np.round(d_b).astype(int) - 1, 0, _DB.size - 1)
    x, grid = 1 / np.fmax(d_w, _DW[0]), 1 / _DW[::-1]  # ascending: 0 (d_w = ∞) to 1/2
    j = np.clip(np.searchsorted(grid, x, side="right") - 1, 0, grid.size - 2)
    share = (x - grid[j]) / (grid[j + 1] - grid[j])
    cols = table[:, ::-1]
    low = (1 - share) * cols[row, j] + share * cols[row, j + 1]
    return np.where(d_b <= _DB[-1], np.fmin(test, low), test)


@functools.lru_cache(maxsize=16)
def lowered(alpha: float) -> np.ndarray:
    r"""c*(d_b, d_w) on the grid ``_DB`` × ``_DW``: the largest threshold c on φ̂ such that
    a stretch's interval misses on one side at most ``SLACK``·α/2 whatever the true φ > 1,
    under normal theory for periods of equal size.

    Model. With φ the variance of a period's mean over what its measurements give, the
    within- and between-period mean squares are MS_w = σ²_w U and MS_b = φσ²_w V, with
    U ~ χ²_{d_w}/d_w and V ~ χ²_{d_b}/d_b independent of each other and of the stretch's mean,
    whose variance is φσ²_w/N; so φ̂ = φV/U ~ φ F(d_b, d_w) (an F reference, not the counts'
    χ²; as d_w → ∞ it is theirs). In units of σ_w/√N the interval's half-width is
    t(d_b)√(φV) with the variance component and t(d_w + d_b)√((d_w U + d_b φV)/(d_w + d_b))
    with the naive s²/N (s² pools the within and the between sums of squares); the component
    is used where φ̂ > c and its interval is the wider (h the larger of the two), else the
    naive one, and the one-sided miss is

    .. math:: E_{U,V}\bigl[\bar\Phi(h(U, V)/\sqrt\varphi)\bigr].

    Raising c leaves more stretches at the naive half-width, never the wider, so the miss
    rises with c and c* is found by bisection for every cell at once. For each node of U the
    nodes of V above cU/φ are a tail, counted with the χ² distribution function, so each step
    costs one evaluation per (cell, φ, U-node).

    With many measurements (d_w = ∞, the last column) it is the counts' c*(d) on d = d_b
    (:func:`qistats.ambition.dispersion.lowered`): 0.74 at d_b = 2, 1.16 at 4:

    >>> np.round(lowered(0.05)[[1, 3], -1], 2).tolist()
    [0.74, 1.16]
    """
    db = _DB[:, None, None, None, None]
    dw = _DW[None, :, None, None, None]
    phi = _PHIS[None, None, :, None, None]
    pv = (np.arange(_NODES_B) + 0.5) / _NODES_B
    pu = (np.arange(_NODES_W) + 0.5) / _NODES_W
    v = stats.chi2.ppf(pv, db) / db  # (db, 1, 1, 1, nv)
    finite = np.isfinite(_DW)[None, :, None, None, None]
    dwf = np.where(finite, dw, 1.0)
    u = np.where(finite, stats.chi2.ppf(pu[:, None], dwf) / dwf, 1.0)  # (1, dw, 1, nu, 1)
    naive_share = np.where(finite, dwf / (dwf + db), 1.0)
    naive = stats.t.ppf(1 - alpha / 2, np.where(finite, dwf + db, np.inf)) * np.sqrt(
        naive_share * u + (1 - naive_share) * phi * v
    )
    component = stats.t.ppf(1 - alpha / 2, db) * np.sqrt(phi * v)
    plain = stats.norm.sf(naive / np.sqrt(phi))
    wide = stats.norm.sf(np.fmax(naive, component) / np.sqrt(phi))
    # per U node: Σ plain over V nodes 0..k−1 and Σ wide over k.., for every k
    shape = np.broadcast_shapes(plain.shape, wide.shape)
    zeros = np.zeros(shape[:-1] + (1,))
    low_part = np.concatenate([zeros, np.cumsum(np.broadcast_to(plain, shape), axis=-1)], -1)
    w = np.broadcast_to(wide, shape)
    high_part = np.concatenate([np.cumsum(w[..., ::-1], axis=-1)[..., ::-1], zeros], -1)
    lo, hi = np.zeros(_DB.size * _DW.size), np.full(_DB.size * _DW.size, 4.0)
    ub = u[..., 0]  # (1, dw, 1, nu)
    d = db[..., 0]
    for _ in range(BISECTIONS // 2):  # one bisection for every cell at once
        c = ((lo + hi) / 2).reshape(_DB.size, _DW.size, 1, 1)
        k = np.floor(stats.chi2.cdf(c * ub / phi[..., 0] * d, d) * _NODES_B + 0.5)
        k = np.clip(k, 0, _NODES_B).astype(int)[..., None]  # V nodes at or below cU/φ
        kk = np.broadcast_to(k, shape[:-1] + (1,))
        got = np.take_along_axis(low_part, kk, -1) + np.take_along_axis(high_part, kk, -1)
        miss = got[..., 0].sum(-1) / (_NODES_B * _NODES_W)  # (db, dw, φ)
        ok = (miss.max(axis=2) <= SLACK * alpha / 2).ravel()
        lo, hi = np.where(ok, (lo + hi) / 2, lo), np.where(ok, hi, (lo + hi) / 2)
    return lo.reshape(_DB.size, _DW.size)


def dominant(cnt, mean, base, window, lay) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per series, the period (its point; -1 where none) that gives more than half of the
    between-period sum of squares of both stretches, Σⱼ Σₜ cₜ(x̄ₜ − x̄ⱼ)², with its share and
    the mean of its stretch's other periods: one period far from the rest (a lone 95-day stay
    in a quiet month), which φ̂ reads as period-to-period variation; the warnings name it.

    One measurement a period, baseline 10, 11, 10 and window 9, 95, 10: the window's mean is
    38, its squares 29² + 57² + 28² = 4,874, the baseline's 0.67; 95's 3,249 is 0.67 of them
    all, and the window's other periods average 9.5:

    >>> lay = K.Layout.from_starts(np.array([0]), 6)
    >>> mean = np.array([10, 11, 10, 9, 95, 10.0])
    >>> at, share, others = dominant(np.ones(6), mean, np.arange(6) < 3, np.arange(6) >= 3, lay)
    >>> at.tolist(), np.round(share, 2).tolist(), np.round(others, 2).tolist()
    ([4], [0.67], [9.5])
    """
    terms = np.zeros(cnt.shape)
    sums, counts = [], []
    for mask in (base, window):  # two stretches, each for all series at once
        n = K.seg_sum(cnt, mask, lay)
        total = K.seg_sum(np.where(mask, cnt * mean, 0.0), mask, lay)
        many = K.seg_count(mask, lay) >= 2
        dev = np.where(mask & many[lay.seg], mean - K.divide(total, n)[lay.seg], 0.0)
        terms = np.where(mask, cnt * dev * dev, terms)
        sums.append(total)
        counts.append(n)
    whole = np.bincount(lay.seg, weights=terms, minlength=lay.n_seg)
    order = np.lexsort((-terms, lay.seg))
    heads = order[np.r_[True, lay.seg[order][1:] != lay.seg[order][:-1]]] if order.size else order
    top = np.full(lay.n_seg, -1, dtype=np.int64)
    top[lay.seg[heads]] = heads
    ok = top >= 0
    share = np.where(ok, K.divide(terms[np.maximum(top, 0)], whole), np.nan)
    at = np.where(ok & (share > 0.5), top, -1)
    i = np.maximum(at, 0)
    first = base[i]
    rest = np.where(first, sums[0], sums[1]) - cnt[i] * mean[i]
    others = K.divide(rest, np.where(first, counts[0], counts[1]) - cnt[i])
    return at, np.where(at >= 0, share, np.nan), np.where(at >= 0, others, np.nan)
