"""A series that switches between proportions and percentages part-way: 0.93 for a year, then
93 from the month an extract was rebuilt.

Without a warning the chart reads the step as special cause ("the latest point (92.7 %) is
above the upper limit (50.5 %)") and the assurance against a target of 95 as a failure. The
check finds, in each series of values charted without ``n`` (:func:`qistats.spc`'s I, XmR,
MR, I′, run, Xbar and S charts; :func:`qistats.board`'s measures of those charts), one step
of about 100 times between two adjacent observed values that splits the series into two
stretches:

* every value of the series is between 0 and 100, some at most 1 and some above it;
* each stretch has at least :data:`MIN_STRETCH` positive values (zeros fit either scale and
  are left out of the medians and the step);
* every value of the lower stretch is at most 1, and its largest is below the upper
  stretch's smallest positive value (the stretches do not overlap);
* the step itself, between the last positive value before it and the first from it, is a
  ratio of :data:`STEP` or more (abrupt: a rate falling gradually from 5 to 0.05 over two years
  steps by a few per cent a month and is never warned about);
* the ratio of the two stretches' medians is within :data:`MEDIANS` (about 100).

It runs on every call: the smallest and the largest of all values (one or two passes) end it
when every value is above 1 (measurements, percentages of 60 to 99) or none is (proportions);
else each series' smallest value turns most series away (it must be at most 1), the largest and
smallest positive value of the rest find the candidates (the largest above 1, at most 100 and
at least 30 times the smallest, which is at most 1), and only the candidates' points are read
again. No loop in Python over series or points.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _kernels as K
from ._args import fmt, label
from ._warn import warn
from .errors import TargetWarning

#: The fewest positive values on each side of the step.
MIN_STRETCH = 3
#: The least ratio between the two adjacent positive values at the step.
STEP = 10.0
#: The range of the ratio of the two stretches' medians (about 100).
MEDIANS = (30.0, 300.0)
#: How many series the warning names.
NAMED = 3
#: The warning's words between ``y`` and the series it names, and after them (the Spark
#: driver reads a bucket's series from between them: :mod:`qistats._spark_warnings`).
STEPS = (
    " steps about 100-fold between adjacent points, between values within 0 to 1 and values "
    "within 0 to 100, in "
)
MIXED = "(proportions and percentages mixed in one series, as when an extract is rebuilt?)."


@dataclass(frozen=True)
class Switches:
    """The series that switch scale (series numbers, increasing), the point (an index into
    the values) where each one's second stretch starts, the median of the stretch before it
    and of the stretch from it."""

    series: np.ndarray
    at: np.ndarray
    before: np.ndarray
    after: np.ndarray


def _none() -> Switches:
    empty = np.empty(0, dtype=np.intp)
    return Switches(empty, empty, np.empty(0), np.empty(0))


def _points_of(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices of the points of the segments starting at ``starts``, ``lengths`` long,
    segment after segment."""
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total)


def _least_positive(value: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The smallest positive value of each segment (starting at ``starts``) of ``value`` (NaN
    where none is positive).

    The bits of a float64 above 0 rise with it, zero's are 0, and NaN's and every negative
    number's are above every positive number's: less one, as unsigned integers, zero's wrap to
    the largest, and their smallest is the smallest positive value's, less one (two integer
    passes, no mask)."""
    bits = value.view(np.uint64) - np.uint64(1)
    least = (np.minimum.reduceat(bits, starts) + np.uint64(1)).view(np.float64)
    return np.where(least > 0, least, np.nan)


def scale_switches(value: np.ndarray, lay: K.Layout) -> Switches:
    """The series (segments of ``lay``) whose ``value`` switches between a 0–1 scale and a
    0–100 scale at one step (see the module's rules)."""
    if not value.size:
        return _none()
    with np.errstate(invalid="ignore"):
        # every value above 1, or none: no series can switch (a pass or two, the usual case;
        # NaN-aware passes only when a value is missing)
        least = value.min()
        if least > 1:
            return _none()
        if np.isnan(least):
            least = np.fmin.reduce(value)
            if not least <= 1:
                return _none()
        most = value.max()
        if most <= 1 or (np.isnan(most) and not np.fmax.reduce(value) > 1):
            return _none()
        # a series with a positive value at most 1 has its smallest value at most 1: the
        # series whose smallest is above 1 (measurements) are turned away by one reduction
        low = np.fmin.reduceat(value, lay.starts)
        maybe = low <= 1
        if least < 0:  # series with a value below 0 are neither proportions nor percentages
            maybe &= low >= 0
        candidate = np.flatnonzero(maybe)
        if not candidate.size:
            return _none()
        # the largest value of each series left (above 1, at most 100) and its smallest
        # positive one: the largest must be at least 30 times it (the medians' ratio is at
        # least that, the upper stretch's median at most the largest), and it at most 1 (the
        # lower stretch's values are); of few series, from their own points
        if candidate.size * 8 < maybe.size:
            lengths = lay.lengths()[candidate]
            own = value[_points_of(lay.starts[candidate], lengths)]
            own_starts = np.cumsum(lengths) - lengths
            hi, lo = np.fmax.reduceat(own, own_starts), _least_positive(own, own_starts)
        else:
            hi = np.fmax.reduceat(value, lay.starts)[candidate]
            lo = _least_positive(value, lay.starts)[candidate]
        fits = (hi > 1) & (hi <= 100) & (lo <= 1) & (hi >= MEDIANS[0] * lo)
        candidate = candidate[fits]
        if not candidate.size:
            return _none()
        lengths = lay.lengths()[candidate]
        idx = _points_of(lay.starts[candidate], lengths)
        v = value[idx]
        positive = v > 0  # observed and not zero
    seg = np.repeat(np.arange(candidate.size), lengths)[positive]
    idx, v = idx[positive], v[positive]
    enough = np.bincount(seg, minlength=candidate.size) >= 2 * MIN_STRETCH
    keep = enough[seg]
    if not keep.any():
        return _none()
    candidate = candidate[enough]
    idx, v = idx[keep], v[keep]
    counts = np.bincount(seg[keep], minlength=enough.size)[enough]
    starts = np.cumsum(counts) - counts
    sub = K.Layout.from_starts(starts, v.size)
    # the largest step (a ratio) between adjacent positive values of each series; the first
    # point of a series has none
    step = np.empty(v.size)
    step[0] = 1.0
    np.maximum(v[1:] / v[:-1], v[:-1] / v[1:], out=step[1:])
    step[starts] = 1.0
    largest = np.maximum.reduceat(step, starts)
    first = np.where(step == largest[sub.seg], np.arange(v.size), v.size)
    k = np.minimum.reduceat(first, starts)  # the first such step of each series
    ends = starts + counts
    fits = (largest >= STEP) & (k - starts >= MIN_STRETCH) & (ends - k >= MIN_STRETCH)
    if not fits.any():
        return _none()
    # the two stretches of each fitting series as segments of their positive values
    candidate, k, starts, counts = candidate[fits], k[fits], starts[fits], counts[fits]
    pts = _points_of(starts, counts)
    v2, idx2 = v[pts], idx[pts]
    s_counts = np.column_stack((k - starts, starts + counts - k)).ravel()
    s_starts = np.cumsum(s_counts) - s_counts
    halves = K.Layout.from_starts(s_starts, v2.size)
    s_lo, s_hi = K.seg_min_max(v2, halves)
    s_lo, s_hi = s_lo.reshape(-1, 2), s_hi.reshape(-1, 2)
    # the lower stretch (every value at most 1) below the upper one, without overlap
    up = s_hi[:, 0] < s_lo[:, 1]
    down = s_hi[:, 1] < s_lo[:, 0]
    apart = (up & (s_hi[:, 0] <= 1)) | (down & (s_hi[:, 1] <= 1))
    if not apart.any():
        return _none()
    medians = K.seg_median(v2, np.repeat(apart, 2)[halves.seg], halves).reshape(-1, 2)
    with np.errstate(invalid="ignore"):
        ratio = np.where(up, medians[:, 1] / medians[:, 0], medians[:, 0] / medians[:, 1])
        ok = apart & (ratio >= MEDIANS[0]) & (ratio <= MEDIANS[1])
    # the first positive value from the step, as a point of ``value``
    at = idx2[s_starts[1::2]]
    return Switches(candidate[ok], at[ok], medians[ok, 0], medians[ok, 1])


def _code_value(v: Any, kind: str) -> str | None:
    """``v`` (an x) as Python code comparing with a column of x, or None for an x of labels."""
    if kind == "datetime":
        return repr(fmt(v))
    if kind == "number":
        return fmt(v)
    return None


def _column(name: Hashable) -> str:
    return f"df[{name!r}]" if isinstance(name, str) else f"df[{fmt(name)}]"


def switch_message(
    y: Hashable,
    names: list[str],
    count: int,
    fix: str | None,
) -> str:
    """The warning about ``count`` series of ``y`` that switch scale (``names``: the first
    few, each with its medians and the x of its step; ``fix``: code putting the first on one
    scale, or None)."""
    more = f" and {count - len(names)} more" if count > len(names) else ""
    how = (
        f"e.g. {fix} to show per cent (or divide the part above 1 by 100 for proportions)"
        if fix
        else "multiplying the part within 0 to 1 by 100 to show per cent (or dividing the "
        "other part by 100 for proportions)"
    )
    return (
        f"y={fmt(y)}{STEPS}{'; '.join(names)}{more} {MIXED} Such a series' "
        "centre line, limits, signals and assurance against a target mix the two scales, and "
        f"the step reads as special cause. Put each series on one scale, {how}; if the step "
        "is a real change, a phase starting at it charts each level apart."
    )


def warn_switches(p: Any, y: Hashable, value: np.ndarray) -> None:
    """A :class:`~qistats.TargetWarning` naming the series of ``p`` (a
    :class:`~qistats.frame.Prepared` of values charted without ``n``) whose ``value`` (one
    per point: y, or the mean of a subgroup's rows) switches between proportions and
    percentages (:func:`scale_switches`)."""
    lay = K.Layout(p.series, p.series_starts)
    found = scale_switches(value, lay)
    if not found.series.size:
        return
    kind = p.x_converter.kind() if p.x_given else "position"
    xs = p.keys[p.x_name]
    names = []
    for j in range(min(NAMED, found.series.size)):  # the first few named
        at = int(found.at[j])
        where = (
            f"{label(p.x_name)}={fmt(xs.iloc[at])}"
            if p.x_given
            else f"point {at - int(p.series_starts[found.series[j]]) + 1}"
        )
        names.append(
            f"{p.describe_series(int(found.series[j]))}: median {found.before[j]:.3g} before "
            f"{where}, {found.after[j]:.3g} from it"
        )
    fix = None
    x_code = _code_value(xs.iloc[int(found.at[0])], kind) if p.x_given else None
    if x_code is not None:
        op = "<" if found.after[0] > found.before[0] else ">="
        terms = [f"({_column(p.x_name)} {op} {x_code})"]
        first = int(p.series_starts[found.series[0]])
        terms[:0] = [f"({_column(b)} == {fmt(p.keys[b].iloc[first])})" for b in p.by]
        cond = " & ".join(terms) if len(terms) > 1 else terms[0][1:-1]
        fix = f"df.loc[{cond}, {fmt(y) if not isinstance(y, str) else repr(y)}] *= 100"
    warn(switch_message(y, names, int(found.series.size), fix), TargetWarning)
