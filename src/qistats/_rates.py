"""A column of rates given as the numerator ``y`` of a chart that divides y by n.

A U or U′ chart, and a funnel of ``kind="rate"`` or ``"sr"``, chart y / n × ``multiply``; they
take a fractional y (weighted or modelled events), so a column that is already a rate (4.04
restraints per 1,000 bed days, given with the bed days as n) is divided by n again without an
error: 4.04 / 2,473 × 1,000 = 1.63, with limits as wide as 4 events give. Nothing in one value
tells a rate from a weighted count; the pairing of y with n does. A rate per M of whole counts,
rounded to d decimals, gives y × n / M within ½·10⁻ᵈ·n / M of a whole number (the count it
was made from) at every point; a weighted count, whose fractional parts owe nothing to n, comes
so close at a point by chance with probability about the width of that window,
min(1, g·n / M), where g is the step of the lattice the series' y lie on: 10⁻ᵈ times the
greatest common divisor of the y in those units (0.25 for quarter events). The series
is named when every nonzero y is that close at some scale M (``multiply``, or a power of ten),
the product of those chances is at most :data:`RATE_CHANCE`, and the same y paired with the
n of the neighbouring points is not (n that make any y whole, as a constant n = 2,000 does
quarter-events per 1,000, tell nothing). Whole counts never are: most nonzero y must be
fractional. ``tests/test_data_warnings.py`` measures the false-warning rate on weighted
counts and the detection rate on rates of 1 to 3 decimals and in full precision.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import numpy as np

from ._args import fmt
from ._warn import warn
from .errors import DenominatorWarning

if TYPE_CHECKING:
    from .frame import Prepared

#: The fewest points (finite y, n > 0) of a series read as rates
RATE_MIN_POINTS = 5
#: The largest chance, for counts whose fractional parts owe nothing to n, that every y × n / M
#: of a series comes as close to a whole number as a rate per M rounded as y is would
RATE_CHANCE = 1e-6
#: The scales M tried besides the ``multiply`` given (a rate per 1,000 charted with
#: ``multiply=1``, say): the largest at which y reads as rates is named
RATE_SCALES = (1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6)
#: The series a warning names (the first few; how many more)
RATES_NAMED = 3
#: A count this close to a whole number (relative, beside the rounding of y) is that number:
#: the rounding of y × n / M in floating point
_FLOAT = 1e-9
#: The most decimals counted: a value not written in this many has full precision
_MOST_DECIMALS = 15
#: A series with a value not written in this many decimals is taken as in full precision:
#: beyond them the rounding of y is within :data:`_FLOAT` of the counts of y from 0.05
_FULL_DECIMALS = 10


def _decimals(values: np.ndarray) -> np.ndarray:
    """Per value, the fewest decimals (0 to :data:`_MOST_DECIMALS`) that write it, as a
    spreadsheet exports it (4.04: 2); one more where none do (full precision). A value written
    in d decimals is written in d + 1: found by halving the range, in 5 passes."""
    a = np.abs(values)
    near = 8 * np.spacing(a)
    lo = np.zeros(a.shape, dtype=np.intp)
    hi = np.full(a.shape, _MOST_DECIMALS + 1)
    powers = 10.0 ** np.arange(_MOST_DECIMALS + 2)
    while (open_ := lo < hi).any():
        mid = (lo + hi) // 2
        written = np.abs(np.rint(a * powers[mid]) / powers[mid] - a) <= near
        hi = np.where(open_ & written, mid, hi)
        lo = np.where(open_ & ~written, mid + 1, lo)
    return lo


def _written(values: np.ndarray, d: int) -> np.ndarray:
    """Whether each value is written in ``d`` decimals."""
    a = np.abs(values)
    return np.abs(np.round(a, d) - a) <= 8 * np.spacing(a)


def _grain(ys: np.ndarray, s: np.ndarray, starts: np.ndarray, k: int) -> np.ndarray:
    """Per series (``s`` each value's, grouped; ``starts`` where each group starts), the step
    of the lattice its values lie on: 10⁻ᵈ for d the most decimals of one (0.01 for rates
    rounded to 2 decimals), times the greatest common divisor of the values in those units
    (0.25 for quarter events written to 2 decimals: y × n / M is whole more often for them,
    and the window is as wide as their step)."""
    # the most decimals of a series: full precision where a value is not written in
    # _FULL_DECIMALS (weighted counts as computed: one pass), else each value's fewest
    full = np.logical_or.reduceat(~_written(ys, _FULL_DECIMALS), starts)
    most = np.full(starts.size, _MOST_DECIMALS + 1)
    group = np.repeat(np.arange(starts.size), np.diff(np.append(starts, s.size)))
    if not full.all():
        some = ~full[group]
        most[~full] = np.maximum.reduceat(
            _decimals(ys[some]), np.flatnonzero(np.diff(group[some], prepend=-1) != 0)
        )
    step = np.ones(k)
    step[s[starts]] = 10.0 ** -most.astype(float)
    units = np.abs(ys) / step[s]
    exact = np.maximum.reduceat(units, starts) < 2.0**53  # whole numbers held exactly
    if exact.any():
        held = np.where(exact[group], np.round(units), 1).astype(np.int64)
        common = np.gcd.reduceat(held, starts)
        step[s[starts]] *= np.where(exact, common, 1)
    return step


def _near_whole(
    ys: np.ndarray, ns: np.ndarray, scale: float, step: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per point, whether y × n / ``scale`` is within the rounding of y (``step``: 10⁻ᵈ) of a
    whole number of 1 or more, and the chance of that for a y whose fractional part owes
    nothing to n (the width of the window, at most 1)."""
    counts = ys * ns / scale
    half = 0.5 * step * ns / scale + _FLOAT * np.maximum(1.0, counts)
    whole = np.round(counts)
    return (np.abs(counts - whole) <= half) & (whole >= 1), np.minimum(1.0, 2 * half)


def rate_scales(
    yv: np.ndarray, nv: np.ndarray, series: np.ndarray, k: int, multiply: np.ndarray
) -> np.ndarray:
    """Per series (``k`` of them, ``series`` the number of each point's, points grouped by
    series), the scale M (its ``multiply``, per series, or one of :data:`RATE_SCALES`; the
    largest) at which its y read as rates per M of n rather than counts, NaN where they do
    not (see the module's notes)."""
    out = np.full(k, np.nan)
    with np.errstate(invalid="ignore"):
        off = np.abs(yv - np.round(yv))
        if not (off > 0).any():  # whole counts (or none), the usual case: three passes
            return out
        ok = np.isfinite(yv) & np.isfinite(nv) & (nv > 0)
        nonzero = ok & (yv != 0)
        fractional = nonzero & (off > 1e-9 * np.maximum(1.0, np.abs(yv)))
    points = np.bincount(series[ok], minlength=k)
    many = np.bincount(series[nonzero], minlength=k)
    frac = np.bincount(series[fractional], minlength=k)
    maybe = (points >= RATE_MIN_POINTS) & (2 * frac > many)
    if not maybe.any():
        return out
    at = np.flatnonzero(nonzero & maybe[series])
    s, ys, ns = series[at], yv[at], nv[at]
    starts = np.flatnonzero(np.diff(s, prepend=-1) != 0)
    step = _grain(ys, s, starts, k)[s]
    # each point beside the n of the point before it in its series (the first: the last's)
    before = np.arange(s.size) - 1
    before[starts] = np.append(starts[1:], s.size) - 1
    given = np.broadcast_to(np.asarray(multiply, dtype=float), k)
    first = np.zeros(k, dtype=np.intp)
    first[s[starts]] = starts
    window = np.log10(step * ns)  # of a point's chance at scale M: this - log10(M), at most 0
    unlikely = np.log10(RATE_CHANCE)
    for scale in sorted({*RATE_SCALES, *np.unique(given[maybe]).tolist()}, reverse=True):
        # the largest first: a series' own multiply or a power of ten
        left = maybe & np.isnan(out) & ((given == scale) | (scale in RATE_SCALES))
        # screens, cheapest first: the first point not whole; too few fine windows
        which = np.flatnonzero(left)
        f = first[which]
        left[which] = _near_whole(ys[f], ns[f], scale, step[f])[0]
        if not left.any():
            continue
        mine = left[s]
        at_most = np.minimum(0.0, window[mine] - np.log10(scale))
        left &= np.bincount(s[mine], weights=at_most, minlength=k) <= unlikely
        if not left.any():
            continue
        mine = left[s]
        sm, ym, nm, stm = s[mine], ys[mine], ns[mine], step[mine]
        near, chance = _near_whole(ym, nm, scale, stm)
        left &= np.bincount(sm, weights=~near, minlength=k) == 0
        left &= np.bincount(sm, weights=np.log10(chance), minlength=k) <= unlikely
        paired = _near_whole(ym, ns[before[mine]], scale, stm)[0]
        left &= np.bincount(sm, weights=~paired, minlength=k) > 0
        out[left] = scale
    return out


def rate_message(
    y: Hashable,
    n: Hashable,
    named: str,
    example: str,
    yi: float,
    ni: float,
    scale: float,
    multiply: float,
    at: str = "point",
) -> str:
    """The warning of y that read as rates per ``scale`` of n: ``named`` the series (or
    units) whose values do, ``example`` a point (or row) of them, whose y and n are ``yi`` and
    ``ni``; ``multiply`` the chart's."""
    per = _amount(scale)
    code = f"{scale:.0f}" if scale == round(scale) else f"{scale:g}"
    return (
        f"y={fmt(y)}: the values of {named} read as rates per {per} of n={fmt(n)}, not counts "
        f"of events: y × n / {per} is a whole number at every {at}, as rates of counts give "
        f"and weighted counts seldom do ({example} has y {yi:g} of n {_amount(ni)}: "
        f"{yi * ni / scale:.0f} events). y is divided by n again: {yi / ni * multiply:.3g} "
        f"there, where the rate is {yi / scale * multiply:.3g}, with limits as wide as "
        f"{yi:.3g} events give. Give y as the count of events, e.g. (df[{fmt(y)}] * "
        f"df[{fmt(n)}] / {code}).round(); if {fmt(y)} is a weighted count, silence this with "
        "warnings.filterwarnings('ignore', 'y=.* read as rates', qistats.DenominatorWarning)."
    )


def _amount(v: float) -> str:
    """1,000 for 1000.0; 12.4 as it is."""
    return f"{v:,.0f}" if v == round(v) else f"{v:g}"


def warn_rate_numerator(
    p: Prepared, y: Hashable, n: Hashable, multiply: np.ndarray | float
) -> None:
    """A :class:`~qistats.DenominatorWarning` naming the series of a chart that divides y by n
    (U, U′) whose y read as rates of n rather than counts (:func:`rate_scales`; ``multiply``
    per series or for all), with a point's y, n and the count it was made from."""
    yv, nv = p.y_kept, p.n_kept
    k = p.series_starts.size
    scales = rate_scales(yv, nv, p.series, k, np.asarray(multiply, dtype=float))
    found = np.flatnonzero(~np.isnan(scales))
    if not found.size:
        return
    s = int(found[0])
    with np.errstate(invalid="ignore"):
        mine = (p.series == s) & np.isfinite(yv) & (nv > 0) & (yv != 0)
    i = int(np.flatnonzero(mine)[0])
    mult = float(np.broadcast_to(np.asarray(multiply, dtype=float), k)[s])
    named = p.name_series(found, RATES_NAMED)
    example = f"the point {p.describe_point(i)}"
    warn(
        rate_message(y, n, named, example, yv[i], nv[i], float(scales[s]), mult),
        DenominatorWarning,
    )
