"""Chart registry: for each chart name, the plotted value, the centre line and the limits.

A chart is a name and a function from :class:`ChartInput` (flat arrays for all series at once)
to :class:`Lines`. Centre lines and sigma are computed per segment (series × phase) from the
baseline-and-included points B and applied to every point of the segment; ``limits(k)`` gives
the lower and upper lines at k sigma (k = ``sigma``, 2 and 1).

Formulas follow qicharts2 0.8.1 (Anhøj 2025), Montgomery (2020) and Laney (2002); the docs'
"Charts" pages give them in full.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
from scipy.special import gammaln

from . import _kernels as K
from ._args import name_key
from .errors import ArgumentError

#: d2 for subgroups of two (moving ranges): E(|X1 − X2|) / σ = 2/√π, rounded as in the literature.
D2 = 1.128
#: D4 for subgroups of two: UCL of the moving-range chart in units of MR̄.
D4 = 3.267
#: Exponent of the T chart's transformation to approximate normality (Nelson 1994).
T_POWER = 3.6
#: Median of a geometric distribution as a fraction of its mean, for large means (ln 2).
G_MEDIAN_FRACTION = 0.693

Limits = Callable[[float], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class ChartInput:
    """What a chart function sees: flat arrays over all points of all series."""

    value: np.ndarray  # plotted statistic before `multiply` (y/n, or y aggregated per chart)
    y: np.ndarray  # numerator (summed y) when n is given, else y aggregated
    n: np.ndarray | None  # summed denominators
    stats: Mapping[str, np.ndarray]  # per point: count, mean and sd of the rows' y
    lay: K.Layout  # segments: series × phase
    base: np.ndarray  # baseline and included: the points the centre and sigma come from
    include: np.ndarray
    cl_user: np.ndarray | None  # user centre line per point (NaN: compute it; None: no user's)
    screen_mr: bool
    laney_floor: bool
    dots_only: bool  # units side by side (funnel), not time
    # where the lines are written (pairs of rows of a few blocks); None: a block per pair
    blocks: K.LineBlocks | None = None
    # np.isnan(value), when the caller has it (None: found when needed)
    missing: np.ndarray | None = None

    @property
    def count(self) -> np.ndarray:
        """Number of non-missing rows of each point (subgroup size)."""
        return self.stats["count"]

    @property
    def mean(self) -> np.ndarray:
        """Mean of each point's rows' y."""
        return self.stats["mean"]

    @property
    def sd(self) -> np.ndarray:
        """Standard deviation (n − 1) of each point's rows' y."""
        return self.stats["sd"]


@dataclass(frozen=True)
class Lines:
    """A chart's output: plotted value, centre line, and the limits at k sigma."""

    value: np.ndarray
    cl: np.ndarray
    limits: Limits | None  # new arrays at every call: the caller may modify them
    runs_signal: bool = True  # False: runs statistics are reported but never signal
    finite_limits: bool = False  # True: the limits never hold an infinity (NaN instead)
    per_segment: bool = False  # True: the limits are constant within each segment
    # the centre line of each segment when it is constant within each (no user's line): the
    # rules' rounding tolerance reads it instead of the points' (see K.seg_scale), and the
    # differences from the centre and the check for infinities (see K.Layout.by_rows)
    cl_seg: np.ndarray | None = None


@dataclass(frozen=True)
class Chart:
    """A chart: its computation and what it needs of the data."""

    name: str
    title: str
    compute: Callable[[ChartInput], Lines]
    n: str = "optional"  # "required", "optional" or "none"
    value: str = "agg"  # without n, each point's value: "agg" of y, or its "sum" or "sd"
    aggregate: bool = True  # False: rows sharing x stay separate points (one per event)
    counts: bool = False  # y must be >= 0
    proportion: bool = False  # y must be <= n
    positive: bool = False  # y must be > 0
    constant_n: bool = False  # n must be the same at every point of a series
    no_n_hint: str = ""
    subgroups: bool = False  # rows sharing x are a subgroup (Xbar, S), not one value each
    subgroups_without_n: bool = False  # so they are without n (I′; with n, rows are summed)
    # the fewest baseline points that give limits: 2 where sigma is a mean moving range
    min_baseline: int = 1


#: The charts of the cases (G) or the time (T) between events, one row per event: a fall means
#: events more often, and a series' first event has no gap since one before it.
GAP_CHARTS = ("g", "t")


# ----------------------------------------------------------------------------- helpers


def _centre(computed: np.ndarray, inp: ChartInput) -> np.ndarray:
    """Centre line per point: the user's where given for the whole segment, else computed."""
    if inp.cl_user is None:
        return inp.lay.spread(computed)
    missing = K.seg_count(np.isnan(inp.cl_user), inp.lay) > 0
    return np.where(missing[inp.lay.seg], computed[inp.lay.seg], inp.cl_user)


def _constant(computed: np.ndarray, inp: ChartInput) -> np.ndarray | None:
    """The centre line of each segment when :func:`_centre` spreads it unchanged (no user's
    centre line), else None: :attr:`Lines.cl_seg`."""
    return computed if inp.cl_user is None else None


def _deviations(inp: ChartInput, cl: np.ndarray) -> np.ndarray:
    """What the moving ranges of an I or XmR chart are taken of: the deviations from the
    user's centre line where one is given, else the values themselves (a centre constant
    within each segment moves nothing; the ranges are ``|y[i] - y[i-1]|`` as in qicharts2 and
    NHSRplotthedots)."""
    return inp.value if inp.cl_user is None else inp.value - cl


def _usable(inp: ChartInput, value: np.ndarray) -> np.ndarray:
    if value is inp.value and inp.missing is not None:  # base and not missing, one pass
        return np.greater(inp.base, inp.missing)
    return inp.base & ~np.isnan(value)


def _clamped(limits: Limits, lo: float, hi: float | np.ndarray = np.inf) -> Limits:
    """``limits`` clamped to [lo, hi], missing lines staying missing (NaN propagates).

    The sigma given to the limits must already be finite or NaN (``K.inf_to_nan``), so that
    a point without a usable denominator gets no limits rather than clamped ones. The limits
    are :func:`_symmetric`'s: at k ≥ 0 the lower line is at most the upper wherever they are
    not missing (centre ∓ a width of 0 or more, missing together).
    """

    # the k whose lower line was found above lo everywhere, and whose upper below hi: a width
    # k·σ (σ ≥ 0 or NaN) grows with k, in rounded arithmetic too, so the lines at any smaller
    # k ≥ 0 are within them and need no reduction (the 2σ and 1σ lines after the 3σ ones)
    inside = {"lo": -1.0, "hi": -1.0}

    def clamped(k: float) -> tuple[np.ndarray, np.ndarray]:
        a, b = limits(k)
        if k >= 0 and np.isscalar(lo) and np.isscalar(hi) and lo < hi and a.size:
            # the upper line is above lo wherever the lower is, and the lower below hi
            # wherever the upper is: a second reduction only when the first finds a line to
            # clamp (a clamp at lo < hi moves no value across hi, and the other way round)
            lo_a = k > inside["lo"] and np.fmin.reduce(a) <= lo
            hi_b = hi != np.inf and k > inside["hi"] and np.fmax.reduce(b) >= hi
            if not lo_a:
                inside["lo"] = max(inside["lo"], k)
            if not hi_b and hi != np.inf:
                inside["hi"] = max(inside["hi"], k)
            lo_b = lo_a and np.fmin.reduce(b) <= lo
            hi_a = hi_b and np.fmax.reduce(a) >= hi
            for line, up, down in ((a, lo_a, hi_a), (b, lo_b, hi_b)):
                if up:
                    np.maximum(line, lo, out=line)
                if down:
                    np.minimum(line, hi, out=line)
            return a, b
        for line in (a, b):
            # a line strictly within a scalar bound needs no pass (NaN stays NaN either way),
            # and no line exceeds an infinite one
            if not np.isscalar(lo) or not line.size or np.fmin.reduce(line) <= lo:
                np.maximum(line, lo, out=line)
            if not np.isscalar(hi) or (hi != np.inf and line.size and np.fmax.reduce(line) >= hi):
                np.minimum(line, hi, out=line)
        return a, b

    return clamped


def _pair(blocks: K.LineBlocks | None, n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """A lower and an upper line to write: from ``blocks``, else the two rows of a new block."""
    return (blocks or K.LineBlocks(n_points)).pair()


def _symmetric(
    cl: np.ndarray,
    sd: np.ndarray,
    blocks: K.LineBlocks | None = None,
    rows: tuple[np.ndarray | None, K.Layout] | None = None,
) -> Limits:
    """Limits ``cl ∓ k·sd``, written into rows of ``blocks``.

    ``rows``: the centre line of each segment (``cl_seg`` of :class:`Lines`, or None) and the
    layout. When the centre is constant within each segment and every segment has as many
    points, the lines are computed as matrices, one row a segment, from the segments'
    centres broadcast along the rows: the same numbers as from ``cl`` (which holds those
    centres, copied), without reading ``cl``'s points (a pass over the points a line less).
    """
    cols = rows[1].width() if rows is not None and rows[0] is not None else 0
    centre = rows[0][:, None] if cols else cl  # type: ignore[index]

    def shaped(a: np.ndarray) -> np.ndarray:
        return a.reshape(-1, cols) if cols else a

    def limits(k: float) -> tuple[np.ndarray, np.ndarray]:
        if sd.shape != cl.shape or sd.dtype != np.float64 or cl.dtype != np.float64:
            width = k * sd
            return cl - width, cl + width
        lower, upper = _pair(blocks, cl.shape[0])  # rows of a block (see K.LineBlocks)
        lo, hi, s = shaped(lower), shaped(upper), shaped(sd)
        if k == 1.0:  # the width is sigma itself (1 × sd is sd, bit for bit): no pass making it
            np.subtract(centre, s, out=lo)
            np.add(centre, s, out=hi)
            return lower, upper
        w = np.multiply(k, s, out=lo)
        np.add(centre, w, out=hi)
        np.subtract(centre, w, out=w)  # the width's array is the lower line
        return lower, upper

    return limits


def _sigma_mr(values: np.ndarray, inp: ChartInput) -> np.ndarray:
    """σ̂ = MR̄ / d2 per segment from the moving ranges of the baseline subsequence."""
    amr = K.mean_moving_range(values, inp.base, inp.lay, screen=inp.screen_mr, screen_limit=D4)
    return amr / D2


def _c4(n: np.ndarray) -> np.ndarray:
    """c4(n) = √(2/(n−1)) · Γ(n/2) / Γ((n−1)/2), via log-gamma; NaN for n ≤ 1."""
    n = np.asarray(n, dtype=float)
    out = np.full(n.shape, np.nan)
    ok = n > 1
    m = n[ok]
    out[ok] = np.sqrt(2.0 / (m - 1.0)) * np.exp(gammaln(m / 2.0) - gammaln((m - 1.0) / 2.0))
    return out


# ------------------------------------------------------------------------------ charts


def _run(inp: ChartInput) -> Lines:
    med = K.seg_median(inp.value, _usable(inp, inp.value), inp.lay)
    return Lines(inp.value, _centre(med, inp), None, cl_seg=_constant(med, inp))


def _per_segment(
    cl_seg: np.ndarray, width: Callable[[float], np.ndarray], inp: ChartInput
) -> Limits:
    """Limits ``cl ± width(k)`` when the centre and the width are constant within each segment
    (no user's centre line): computed per segment, then spread over the points (one pass a
    line instead of three)."""
    lay, blocks = inp.lay, inp.blocks  # (not inp: its arrays are freed before the rules run)

    def limits(k: float) -> tuple[np.ndarray, np.ndarray]:
        w = width(k)  # an infinity is made NaN per segment, before the lines are spread
        lo, hi = K.inf_to_nan(cl_seg - w), K.inf_to_nan(cl_seg + w)
        lower, upper = _pair(blocks, lay.n_points)
        return lay.spread(lo, out=lower), lay.spread(hi, out=upper)

    return limits


def _i(inp: ChartInput) -> Lines:
    computed = K.seg_mean(inp.value, _usable(inp, inp.value), inp.lay)
    cl = _centre(computed, inp)
    sd = _sigma_mr(_deviations(inp, cl), inp)
    if inp.cl_user is None:
        limits = _per_segment(computed, lambda k: k * sd, inp)
        return Lines(inp.value, cl, limits, finite_limits=True, per_segment=True, cl_seg=computed)
    return Lines(inp.value, cl, _symmetric(cl, sd[inp.lay.seg], inp.blocks))


#: The Making Data Count constant: limits at mean ± 2.66 MR̄ (3/1.128 rounded, used literally).
MDC_FACTOR = 2.66


def _xmr(inp: ChartInput) -> Lines:
    """Making Data Count XmR: mean ± 2.66 · MR̄; the k-sigma line is k/3 of the way."""
    computed = K.seg_mean(inp.value, _usable(inp, inp.value), inp.lay)
    cl = _centre(computed, inp)
    amr = K.mean_moving_range(
        _deviations(inp, cl), inp.base, inp.lay, screen=inp.screen_mr, screen_limit=D4
    )
    if inp.cl_user is None:
        limits = _per_segment(computed, lambda k: k * MDC_FACTOR / 3 * amr, inp)
        return Lines(inp.value, cl, limits, finite_limits=True, per_segment=True, cl_seg=computed)
    amr = amr[inp.lay.seg]

    def limits(k: float) -> tuple[np.ndarray, np.ndarray]:
        width = k * MDC_FACTOR / 3 * amr
        return cl - width, cl + width

    return Lines(inp.value, cl, limits)


def _mr(inp: ChartInput) -> Lines:
    value = K.moving_ranges(inp.value, np.ones_like(inp.include), inp.lay)
    cl = _centre(K.seg_mean(value, _usable(inp, value), inp.lay), inp)
    # the lower limit is 0 where there is a centre line (none in a phase without a moving range)
    floor = np.where(np.isnan(cl), np.nan, 0.0)
    return Lines(value, cl, lambda k: (floor, D4 / 3.0 * k * cl), runs_signal=False)


def _ratio_centre(inp: ChartInput) -> tuple[np.ndarray, np.ndarray | None]:
    """Σy / Σn over the usable baseline points of each segment, per point; and per segment
    (:func:`_constant`)."""
    ok = _usable(inp, inp.value)
    ratio = K.divide(K.seg_sum(inp.y, ok, inp.lay), K.seg_sum(inp.n, ok, inp.lay))
    return _centre(ratio, inp), _constant(ratio, inp)


def _sigma_z(z: np.ndarray, inp: ChartInput, screen: bool) -> np.ndarray:
    """Laney's σ_z per segment: the mean moving range of the baseline points' finite
    z-scores / d2 (their plain standard deviation for units side by side)."""
    if inp.dots_only:  # units side by side: no time order, so the plain standard deviation
        return K.seg_std(z, inp.base & np.isfinite(z), inp.lay)
    amr = K.mean_moving_range(
        np.where(np.isfinite(z), z, np.nan), inp.base, inp.lay, screen=screen, screen_limit=D4
    )
    return amr / D2


def _laney(inp: ChartInput, cl: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """Laney's σ_z per point: the spread of z = (value − CL)/σᵢ between subgroups."""
    sz = _sigma_z((inp.value - cl) / sd, inp, inp.screen_mr)
    if inp.laney_floor:
        sz = np.fmax(sz, 1.0)
    return sz[inp.lay.seg]


def overdispersion(chart: str, inp: ChartInput, cl: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of a P (``chart="p"``) or U chart with centre ``cl`` per point: per segment, Laney's
    σ_z of its baseline points, their moving ranges screened (a step between phases left
    unmarked does not count), and how many finite z-scores it comes from."""
    with np.errstate(all="ignore"):
        var = cl * (1.0 - cl) if chart == "p" else cl
        sd = np.sqrt(var / inp.n)
        z = (inp.value - cl) / sd
        sz = _sigma_z(z, inp, screen=True)
    return sz, K.seg_count(inp.base & np.isfinite(z), inp.lay)


def _p(inp: ChartInput, laney: bool = False) -> Lines:
    cl, cl_seg = _ratio_centre(inp)
    sd = 1.0 - cl  # sqrt(cl (1 − cl) / n), each step in place
    np.multiply(cl, sd, out=sd)
    np.divide(sd, inp.n, out=sd)
    sd = K.inf_to_nan(np.sqrt(sd, out=sd), signed=False)  # (no −inf)
    if laney:
        sd = sd * _laney(inp, cl, sd)
    # finite centre (a ratio of sums, or the user's finite line) and finite or NaN sigma
    return Lines(
        inp.value,
        cl,
        _clamped(_symmetric(cl, sd, inp.blocks, (cl_seg, inp.lay)), lo=0.0, hi=1.0),
        finite_limits=True,
        cl_seg=cl_seg,
    )


def _u(inp: ChartInput, laney: bool = False) -> Lines:
    cl, cl_seg = _ratio_centre(inp)
    sd = inp.lay.by_rows(np.divide, inp.n, cl, cl_seg, segment_first=True)  # cl / n
    sd = K.inf_to_nan(np.sqrt(sd, out=sd), signed=False)  # (no −inf)
    if laney:
        sd = sd * _laney(inp, cl, sd)
    return Lines(
        inp.value,
        cl,
        _clamped(_symmetric(cl, sd, inp.blocks, (cl_seg, inp.lay)), lo=0.0),
        finite_limits=True,
        cl_seg=cl_seg,
    )


def _np(inp: ChartInput) -> Lines:
    ok = _usable(inp, inp.value)
    n_seg = K.divide(K.seg_sum(inp.n, ok, inp.lay), K.seg_count(ok, inp.lay).astype(float))
    pbar = K.divide(K.seg_sum(inp.y, ok, inp.lay), K.seg_sum(inp.n, ok, inp.lay))
    cl = _centre(n_seg * pbar, inp)
    p = cl / inp.n
    sd = K.inf_to_nan(np.sqrt(inp.n * p * (1.0 - p)))
    value = np.where(np.isnan(inp.value), np.nan, inp.y)
    return Lines(value, cl, _clamped(_symmetric(cl, sd, inp.blocks), lo=0.0, hi=inp.n))


def _c(inp: ChartInput) -> Lines:
    mean = K.seg_mean(inp.value, _usable(inp, inp.value), inp.lay)
    cl = _centre(mean, inp)
    limits = _clamped(_symmetric(cl, np.sqrt(cl), inp.blocks), lo=0.0)
    return Lines(inp.value, cl, limits, cl_seg=_constant(mean, inp))


def _g(inp: ChartInput) -> Lines:
    ok = _usable(inp, inp.value)
    user = ~np.isnan(_centre(np.full(inp.lay.n_seg, np.nan), inp))
    mean = _centre(K.seg_mean(inp.value, ok, inp.lay), inp)
    median = K.seg_median(inp.value, ok, inp.lay)[inp.lay.seg]
    shown = np.where(user, G_MEDIAN_FRACTION * mean, median)
    sd = np.sqrt(mean * (mean + 1.0))
    return Lines(inp.value, shown, _clamped(_symmetric(mean, sd, inp.blocks), lo=0.0))


def _t(inp: ChartInput) -> Lines:
    """I chart of y^(1/3.6), back-transformed; a negative lower line becomes 0."""
    root = 1.0 / T_POWER
    user = None if inp.cl_user is None else inp.cl_user**root
    tr = replace(inp, value=inp.value**root, cl_user=user, missing=None)
    cl = _centre(K.seg_mean(tr.value, _usable(tr, tr.value), tr.lay), tr)
    sd = _sigma_mr(tr.value - cl, tr)[tr.lay.seg]

    def limits(k: float) -> tuple[np.ndarray, np.ndarray]:
        lo = np.where(cl - k * sd > 0, cl - k * sd, 0.0) ** T_POWER
        return np.where(np.isnan(sd), np.nan, lo), (cl + k * sd) ** T_POWER

    return Lines(inp.value, cl**T_POWER, limits)


def _subgroup_sigma(inp: ChartInput) -> np.ndarray:
    """s̄ when the baseline subgroup sizes of the phase are equal, else the pooled s; per segment.

    Pooled: s_p = √(Σ(nᵢ − 1)sᵢ² / Σ(nᵢ − 1)) over the baseline subgroups (Montgomery 6.31).
    Only the subgroups that give a standard deviation (baseline, included, two or more values)
    are compared, so empty subgroups and data after the baseline do not change the estimate.
    """
    ok = inp.base & np.isfinite(inp.sd)
    lo, hi = K.seg_min_max(np.where(ok, inp.count, np.nan), inp.lay)
    sbar = K.seg_mean(inp.sd, ok, inp.lay)
    w = inp.count - 1.0
    pooled = np.sqrt(
        K.divide(K.seg_sum(w * inp.sd * inp.sd, ok, inp.lay), K.seg_sum(w, ok, inp.lay))
    )
    return np.where(lo != hi, pooled, sbar)


def _xbar(inp: ChartInput) -> Lines:
    ok = inp.base & (inp.count > 0)
    grand = K.divide(
        K.seg_sum(inp.count * inp.mean, ok, inp.lay), K.seg_sum(inp.count, ok, inp.lay)
    )
    cl = _centre(grand, inp)
    s = _subgroup_sigma(inp)[inp.lay.seg]
    c4 = _c4(inp.count)
    root_n = np.sqrt(inp.count)
    return Lines(inp.value, cl, lambda k: (cl - k * s / (c4 * root_n), cl + k * s / (c4 * root_n)))


def _s(inp: ChartInput) -> Lines:
    cl = _centre(_subgroup_sigma(inp), inp)
    c4 = _c4(inp.count)
    ratio = np.sqrt(1.0 - c4 * c4) / c4  # c5 / c4

    def limits(k: float) -> tuple[np.ndarray, np.ndarray]:
        return np.maximum(1.0 - k * ratio, 0.0) * cl, (1.0 + k * ratio) * cl

    return Lines(inp.value, cl, limits)


#: I′ screening threshold as qicharts2 writes it (3.2665 rather than D4 = 3.267).
IP_SCREEN = 3.2665


def _ip(inp: ChartInput) -> Lines:
    n = inp.n if inp.n is not None else inp.count
    ok = _usable(inp, inp.value) & (n > 0)
    cl = _centre(K.divide(K.seg_sum(inp.value * n, ok, inp.lay), K.seg_sum(n, ok, inp.lay)), inp)
    # normalised moving ranges, over every point of the phase (as qicharts2)
    every = np.ones_like(inp.include)
    d1 = K.moving_ranges(inp.value, every, inp.lay)
    inv = K.divide(np.ones_like(n), n)
    prev = np.full(inv.shape, np.nan)
    prev[1:] = inv[:-1]
    s = np.sqrt(np.pi / 2.0) * d1 / np.sqrt(prev + inv)
    good = np.isfinite(s)
    sbar = K.seg_mean(s, good, inp.lay)
    if inp.screen_mr:
        good &= s < IP_SCREEN * sbar[inp.lay.seg]
        sbar = K.seg_mean(s, good, inp.lay)
    sd = sbar[inp.lay.seg] * np.sqrt(inv)
    return Lines(inp.value, cl, _symmetric(cl, sd, inp.blocks))


_COUNTS_HINT = "counts per point; for rates use 'u', for proportions 'p'"
_EVENTS_HINT = "one row per event"

CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart("run", "Run chart", _run),
        Chart("i", "I chart", _i, min_baseline=2),
        Chart("xmr", "XmR chart", _xmr, min_baseline=2),
        Chart("mr", "MR chart", _mr, min_baseline=2),
        Chart("ip", "I′ chart", _ip, subgroups_without_n=True),
        Chart(
            "xbar",
            "Xbar chart",
            _xbar,
            n="none",
            no_n_hint="subgroups are rows sharing x",
            subgroups=True,
        ),
        Chart(
            "s",
            "S chart",
            _s,
            n="none",
            value="sd",
            no_n_hint="subgroups are rows sharing x",
            subgroups=True,
        ),
        Chart("c", "C chart", _c, n="none", value="sum", counts=True, no_n_hint=_COUNTS_HINT),
        Chart("u", "U chart", _u, n="required", counts=True),
        Chart(
            "up",
            "U′ chart",
            lambda inp: _u(inp, laney=True),
            n="required",
            counts=True,
            min_baseline=2,
        ),
        Chart("p", "P chart", _p, n="required", counts=True, proportion=True),
        Chart(
            "pp",
            "P′ chart",
            lambda inp: _p(inp, laney=True),
            n="required",
            counts=True,
            proportion=True,
            min_baseline=2,
        ),
        Chart("np", "NP chart", _np, n="required", counts=True, proportion=True, constant_n=True),
        Chart(
            "g",
            "G chart",
            _g,
            n="none",
            aggregate=False,
            counts=True,
            no_n_hint=_EVENTS_HINT,
        ),
        Chart(
            "t",
            "T chart",
            _t,
            n="none",
            aggregate=False,
            positive=True,
            no_n_hint=_EVENTS_HINT,
            min_baseline=2,
        ),
    )
}


def ratio_in_percent(spec: Chart, n: object, multiply: float) -> bool:
    """Whether a chart of measurements (XmR, I, run…) shows a ratio y / n in per cent: with
    ``n`` and ``multiply=100`` (``value / n (%)``, as a board shows a measure with multiply
    100). A U chart's ``multiply=100`` stays a rate (per 100 bed days); P,
    P′ and NP charts are proportions of their own."""
    return n is not None and multiply == 100 and not spec.counts and not spec.proportion


def get_chart(name: object) -> Chart:
    """The chart called ``name``; an error lists the known names."""
    if not isinstance(name, str) or name_key(name) not in CHARTS:
        raise ArgumentError(
            f"chart={name!r}: unknown chart; expected one of {', '.join(map(repr, CHARTS))}."
        )
    return CHARTS[name_key(name)]
