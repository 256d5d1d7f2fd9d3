"""Segment kernels: reductions and sequence statistics over many series at once.

Every function here works on flat numpy arrays in which the points of all series and phases are
laid out one segment after another. A *segment* is one series × one phase; ``seg`` holds each
point's segment number (0, 1, …, S − 1, non-decreasing) and ``n_seg`` is S. A boolean ``mask``
says which points take part. No function loops in Python over points or segments.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]


def divide(num: FloatArray, den: FloatArray) -> FloatArray:
    """``num / den`` with NaN wherever ``den`` is 0 or NaN, and no warning."""
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=(den != 0) & ~np.isnan(den))
    return out


def seg_count(mask: BoolArray, seg: IntArray, n_seg: int) -> IntArray:
    """Number of masked points in each segment."""
    return np.bincount(seg[mask], minlength=n_seg)


def seg_sum(values: FloatArray, mask: BoolArray, seg: IntArray, n_seg: int) -> FloatArray:
    """Sum of the masked values in each segment (0 for a segment with none)."""
    return np.bincount(seg[mask], weights=values[mask], minlength=n_seg)


def seg_mean(values: FloatArray, mask: BoolArray, seg: IntArray, n_seg: int) -> FloatArray:
    """Mean of the masked values in each segment (NaN for a segment with none)."""
    return divide(seg_sum(values, mask, seg, n_seg), seg_count(mask, seg, n_seg).astype(float))


def seg_median(values: FloatArray, mask: BoolArray, seg: IntArray, n_seg: int) -> FloatArray:
    """Median of the masked values in each segment (NaN for a segment with none).

    One sort of all masked values keyed by (segment, value); the middle one or two values of each
    segment are then read off by offset, so the cost is one ``lexsort`` whatever the number of
    segments.
    """
    v = values[mask]
    s = seg[mask]
    order = np.lexsort((v, s))
    v = v[order]
    counts = np.bincount(s, minlength=n_seg)
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out = np.full(n_seg, np.nan)
    has = counts > 0
    lo = offsets[has] + (counts[has] - 1) // 2
    hi = offsets[has] + counts[has] // 2
    out[has] = (v[lo] + v[hi]) / 2.0
    return out


def seg_first(values: NDArray, mask: BoolArray, seg: IntArray, n_seg: int) -> FloatArray:
    """First masked value of each segment (NaN where there is none)."""
    idx = np.flatnonzero(mask)
    out = np.full(n_seg, np.nan)
    s = seg[idx]
    first = np.concatenate(([True], s[1:] != s[:-1])) if idx.size else np.zeros(0, bool)
    out[s[first]] = values[idx[first]]
    return out


def moving_ranges(
    values: FloatArray, mask: BoolArray, seg: IntArray
) -> tuple[FloatArray, IntArray, IntArray]:
    """Absolute differences between successive masked points of the same segment.

    The masked points are taken as one subsequence, so an unmasked point between two masked ones
    is stepped over (their difference is one moving range). A NaN value gives NaN moving ranges;
    they are returned, and callers drop them.

    Returns
    -------
    mr : the moving ranges
    mr_seg : the segment of each moving range
    mr_pos : the position (index into ``values``) of the later point of each pair
    """
    idx = np.flatnonzero(mask)
    s = seg[idx]
    same = s[1:] == s[:-1]
    later = idx[1:][same]
    mr = np.abs(values[later] - values[idx[:-1][same]])
    return mr, s[1:][same], later


def mean_moving_range(
    values: FloatArray,
    mask: BoolArray,
    seg: IntArray,
    n_seg: int,
    *,
    screen: bool = False,
    screen_limit: float = 3.267,
) -> FloatArray:
    """Mean moving range of the masked subsequence of each segment, NaN moving ranges dropped.

    With ``screen=True`` the moving ranges at or above ``screen_limit`` × their mean are dropped
    once and the mean is taken again (Nelson 1982; qicharts2's ``qic.screenedmr``).
    """
    mr, mr_seg, _ = moving_ranges(values, mask, seg)
    ok = ~np.isnan(mr)
    amr = seg_mean(mr, ok, mr_seg, n_seg)
    if screen:
        ok &= mr < screen_limit * amr[mr_seg]
        amr = seg_mean(mr, ok, mr_seg, n_seg)
    return amr


def run_lengths(
    sign: NDArray, useful: BoolArray, seg: IntArray, n_seg: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Runs of equal sign among the useful points of each segment.

    Points that are not useful are removed first, so the runs on either side of them join when
    they have the same sign.

    Returns
    -------
    longest : longest run in each segment (0 where there are no useful points)
    n_runs : number of runs in each segment
    point_run : for every point, the length of the run it belongs to (0 if not useful)
    """
    idx = np.flatnonzero(useful)
    s = sign[idx]
    g = seg[idx]
    new = np.ones(idx.size, dtype=bool)
    new[1:] = (s[1:] != s[:-1]) | (g[1:] != g[:-1])
    run_id = np.cumsum(new) - 1
    run_len = np.bincount(run_id)
    run_seg = g[new]
    n_runs = np.bincount(run_seg, minlength=n_seg)
    longest = np.zeros(n_seg, dtype=np.intp)
    has = n_runs > 0
    if has.any():
        first_run = np.concatenate(([0], np.cumsum(n_runs)[:-1]))[has]
        longest[has] = np.maximum.reduceat(run_len, first_run)
    point_run = np.zeros(sign.shape[0], dtype=np.intp)
    point_run[idx] = run_len[run_id]
    return longest, n_runs, point_run


def position_in_segment(starts: IntArray, n: int) -> IntArray:
    """0-based position of every point within its segment, given the segment start offsets."""
    lengths = np.diff(np.append(starts, n))
    return np.arange(n) - np.repeat(starts, lengths)
