"""Segment kernels: reductions and sequence statistics over many series at once.

Every function here works on flat numpy arrays in which the points of all series and phases are
laid out one segment after another. A *segment* is one series × one phase (or, when data are
aggregated, the rows of one point). A :class:`Layout` holds each point's segment number and the
offset of each segment's first point; every segment has at least one point. A boolean ``mask``
says which points take part. No function loops in Python over points or segments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Layout:
    """Where the segments are: ``seg`` (per point) and ``starts`` (per segment)."""

    seg: IntArray
    starts: IntArray

    @classmethod
    def from_starts(cls, starts: IntArray, n_points: int) -> Layout:
        """The layout of segments starting at ``starts`` (increasing, beginning with 0)."""
        starts = np.asarray(starts, dtype=np.intp)
        lengths = np.diff(np.append(starts, n_points))
        return cls(np.repeat(np.arange(starts.shape[0], dtype=np.intp), lengths), starts)

    @property
    def n_seg(self) -> int:
        return self.starts.shape[0]

    @property
    def n_points(self) -> int:
        return self.seg.shape[0]

    def lengths(self) -> IntArray:
        """Number of points in each segment (a new array at each call: the caller's to
        change)."""
        return self._lengths().copy()

    def _lengths(self) -> IntArray:
        """:meth:`lengths`, found once per layout and shared (never to be written to)."""
        known = self.__dict__.get("_known_lengths")
        if known is None:
            known = np.diff(np.append(self.starts, self.n_points))
            object.__setattr__(self, "_known_lengths", known)  # (a frozen dataclass)
        return known

    def spread(self, per_segment: NDArray, out: NDArray | None = None) -> NDArray:
        """One value per segment repeated over its points: ``per_segment[seg]``, by copying
        runs (about twice as fast as gathering by ``seg``; twice as fast again when every
        segment has as many points, as series of one length without phases have).

        ``out``: an array of one element per point to write into (a row of a block of lines,
        see :class:`LineBlocks`), returned; by a broadcast copy when the segments have one
        length, else gathered by ``seg``."""
        width = self.width()
        if out is None:
            return np.repeat(per_segment, width or self._lengths())
        if width:
            out.reshape(self.n_seg, width)[...] = per_segment[:, None]
        else:
            np.take(per_segment, self.seg, out=out)
        return out

    def by_rows(
        self,
        op: np.ufunc,
        a: NDArray,
        per_point: NDArray,
        per_segment: NDArray | None,
        segment_first: bool = False,
    ) -> NDArray:
        """``op(a, per_point)`` (``op(per_point, a)`` when ``segment_first``), where
        ``per_point`` is ``per_segment`` spread over the points (:meth:`spread`; None: not
        known). When every segment has as many points it is computed as a matrix, one row a
        segment, with ``per_segment`` broadcast along the rows: the same numbers, without a
        pass reading ``per_point``.

        >>> lay = Layout.from_starts(np.array([0, 2]), 4)
        >>> a, per_seg = np.array([1.0, 2.0, 3.0, 4.0]), np.array([10.0, 20.0])
        >>> lay.by_rows(np.subtract, a, lay.spread(per_seg), per_seg).tolist()
        [-9.0, -8.0, -17.0, -16.0]
        """
        width = self.width() if per_segment is not None and a.ndim == 1 else 0
        if not width:
            return op(per_point, a) if segment_first else op(a, per_point)
        rows, column = a.reshape(-1, width), per_segment[:, None]  # type: ignore[index]
        return (op(column, rows) if segment_first else op(rows, column)).reshape(-1)

    def width(self) -> int:
        """The number of points of every segment when all have as many (0 when they differ,
        or there is none): the flat arrays are then matrices, one row a segment."""
        known = self.__dict__.get("_known_width")
        if known is None:
            lengths = self._lengths()
            same = lengths.size and lengths[0] == lengths[-1] and (lengths == lengths[0]).all()
            known = int(lengths[0]) if same else 0
            object.__setattr__(self, "_known_width", known)  # (a frozen dataclass)
        return known


class LineBlocks:
    """Pairs of lines (a lower and an upper, float64, one element per point) handed out as
    rows of a few blocks.

    A chart's lines are the largest arrays of its output and are written fresh at every call:
    memory the kernel must fault in wherever the allocator places it. numpy asks the kernel
    for huge pages (2 MiB) for an allocation of 4 MiB or more, but only the 2 MiB-aligned
    stretches wholly inside one allocation get them, so each array's two ends fault in 4 KiB
    pages: six lines made as one or two blocks have two to four ends instead of twelve (on
    10,000 series × 120 months, XmR with the Making Data Count rules, about half the page
    faults of a call of ``qi.spc``).

    ``plan``: how many pairs each block holds, in the order the pairs are asked for (pairs
    asked for beyond the plan get a block each). A block lives as long as any of its rows, so
    the plan must never promise more pairs than are asked for.

    Examples
    --------
    >>> blocks = LineBlocks(4, plan=[2])
    >>> lo, hi = blocks.pair()
    >>> lo2, hi2 = blocks.pair()
    >>> lo.shape, hi2.base is lo.base, LineBlocks(4).pair()[0].base.shape
    ((4,), True, (2, 4))
    """

    def __init__(self, n_points: int, plan: list[int] | tuple[int, ...] = ()) -> None:
        self._n = n_points
        self._plan = [int(k) for k in plan if k > 0]
        self._rows: list[FloatArray] = []

    def pair(self) -> tuple[FloatArray, FloatArray]:
        """The next lower and upper line: uninitialised, each one row of a block."""
        if not self._rows:
            size = self._plan.pop(0) if self._plan else 1
            self._rows = list(np.empty((2 * size, self._n)))
        return self._rows.pop(0), self._rows.pop(0)


def divide(num: FloatArray, den: FloatArray) -> FloatArray:
    """``num / den`` with NaN wherever ``den`` is 0 or NaN, and no warning."""
    # every denominator usable (none 0; none NaN, as a sum with one is NaN): no mask needed
    if (
        isinstance(den, np.ndarray)
        and den.dtype == np.float64
        and den.size > 0
        and np.count_nonzero(den) == den.size
        and not np.isnan(np.add.reduce(den, axis=None))
    ):
        return np.divide(num, den)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=(den != 0) & ~np.isnan(den))
    return out


#: Relative size of a rounding error: a difference smaller than ``ROUNDING`` times the scale of
#: its segment (see :func:`seg_scale`) is treated as zero. 2¹² machine epsilons ≈ 9.1e-13.
ROUNDING = 2.0**12 * float(np.finfo(np.float64).eps)


def seg_scale(
    a: FloatArray, b: FloatArray, lay: Layout, b_seg: FloatArray | None = None
) -> FloatArray:
    """Largest ``|a|`` or ``|b|`` in each segment (0 for a segment with none or with an infinity).

    The scale against which rounding errors of a segment's values and lines are judged.
    ``b_seg``: ``b``'s value in each segment when ``b`` is constant within each (a centre
    line), read instead of ``b``'s points.
    """
    # the largest |x| of a segment is the larger of |its max| and |its min|: no |x| pass
    scale = np.abs(np.fmax.reduceat(a, lay.starts))
    np.fmax(scale, np.abs(np.fmin.reduceat(a, lay.starts)), out=scale)
    if b_seg is not None:  # b's max and min in each segment are its one value
        np.fmax(scale, np.abs(b_seg), out=scale)
    for extreme in (np.fmax, np.fmin) if b_seg is None else ():
        np.fmax(scale, np.abs(extreme.reduceat(b, lay.starts)), out=scale)
    scale[~np.isfinite(scale)] = 0.0  # no finite value, or an infinite one: no tolerance
    return scale


def smallest(a: FloatArray) -> float:
    """The smallest value of ``a``, missing values ignored (NaN when all are missing): one
    reduction tells whether a check that writes a mask is needed at all."""
    return float(np.fmin.reduce(a, axis=None)) if a.size else math.nan


def inf_to_nan(a: FloatArray, signed: bool = True) -> FloatArray:
    """``a`` with its infinite values (from a zero denominator) made NaN, in place.

    ``signed=False``: ``a`` holds no −inf (a square root's, say), so one reduction looks for
    +inf alone."""
    if a.size and (
        np.fmax.reduce(a, axis=None) == np.inf
        or (signed and np.fmin.reduce(a, axis=None) == -np.inf)
    ):
        a[np.isinf(a)] = np.nan  # (two reductions find none without a pass writing a mask)
    return a


def seg_count(mask: BoolArray, lay: Layout) -> IntArray:
    """Number of masked points in each segment."""
    k = np.count_nonzero(mask)
    n = mask.shape[0]
    if k == n:
        return lay.lengths()
    if not k:
        return np.zeros(lay.n_seg, dtype=np.intp)
    if mask.dtype == np.bool_ and n >= 32 * lay.n_seg:
        # long segments: their bytes summed in the smallest integer that holds the longest
        # one's count (a pass over bytes, no index array; 3 to 5 times as fast as either
        # path below on segments of 120 points)
        longest = int(lay._lengths().max())
        if longest < 65536:
            small = np.uint8 if longest < 256 else np.uint16
            return np.add.reduceat(mask.view(np.uint8), lay.starts, dtype=small).astype(np.intp)
    if k * 16 < n:  # few: count the segments of the masked points
        return np.bincount(lay.seg[np.flatnonzero(mask)], minlength=lay.n_seg)
    if (n - k) * 16 < n:  # few left out: count theirs
        return lay.lengths() - np.bincount(lay.seg[np.flatnonzero(~mask)], minlength=lay.n_seg)
    return np.add.reduceat(mask, lay.starts, dtype=np.intp)


def seg_sum(values: FloatArray, mask: BoolArray, lay: Layout) -> FloatArray:
    """Sum of the masked values in each segment (0 for a segment with none)."""
    if mask.all():
        if values.dtype.kind in "iu" and values.size:
            # whole numbers: summed as integers when every partial sum stays below 2**53,
            # where the float sums are the same numbers (no float copy of the values)
            low, high = int(values.min()), int(values.max())
            if max(-low, high) * values.size <= 2**53:
                return np.add.reduceat(values, lay.starts, dtype=np.int64).astype(float)
        return np.add.reduceat(values.astype(float, copy=False), lay.starts)
    return np.add.reduceat(np.where(mask, values, 0.0), lay.starts)


def seg_mean(values: FloatArray, mask: BoolArray, lay: Layout) -> FloatArray:
    """Mean of the masked values in each segment (NaN for a segment with none)."""
    return divide(seg_sum(values, mask, lay), seg_count(mask, lay).astype(float))


def seg_nanmean(values: FloatArray, lay: Layout) -> FloatArray:
    """Mean of the non-missing values in each segment (NaN for a segment with none):
    ``seg_mean(values, ~isnan(values), lay)``, with no mask when no value is missing."""
    total = np.add.reduceat(values, lay.starts)
    if not np.isnan(total).any():  # no segment holds a NaN (nor infinities of both signs)
        return divide(total, lay._lengths().astype(float))
    return seg_mean(values, ~np.isnan(values), lay)


def seg_std(values: FloatArray, mask: BoolArray, lay: Layout) -> FloatArray:
    """Sample standard deviation (n − 1) of the masked values of each segment, two-pass.

    NaN for a segment with fewer than two masked values.
    """
    count = seg_count(mask, lay).astype(float)
    mean = divide(seg_sum(values, mask, lay), count)
    dev = np.where(mask, values - mean[lay.seg], 0.0)
    return np.sqrt(divide(seg_sum(dev * dev, mask, lay), np.where(count > 1, count - 1.0, 0.0)))


def seg_min_max(values: FloatArray, lay: Layout) -> tuple[FloatArray, FloatArray]:
    """Smallest and largest value of each segment (NaN values count as missing)."""
    lo = np.fmin.reduceat(values, lay.starts)
    hi = np.fmax.reduceat(values, lay.starts)
    return lo, hi


def seg_median(values: FloatArray, mask: BoolArray, lay: Layout) -> FloatArray:
    """Median of the masked values in each segment (NaN for a segment with none).

    Segments are grouped by length class (lengths within a factor of two); each class is laid
    out as a matrix padded with +inf, one row per segment, and sorted along its rows. The middle
    one or two values of each row give the medians. Padding at most doubles the memory, and
    the Python loop is over length classes (at most ~64), never over segments.
    """
    v = values[mask]
    counts = seg_count(mask, lay)
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out = np.full(lay.n_seg, np.nan)
    length_class = np.zeros(lay.n_seg, dtype=np.intp)
    has = counts > 0
    length_class[has] = np.ceil(np.log2(counts[has])).astype(np.intp) + 1
    for cls in np.unique(length_class[has]):
        segs = np.flatnonzero(length_class == cls)
        lens = counts[segs]
        width = int(lens.max())
        row = np.repeat(np.arange(segs.size), lens)
        col = np.arange(row.size) - np.repeat(np.cumsum(lens) - lens, lens)
        mat = np.full((segs.size, width), np.inf)
        mat[row, col] = v[np.repeat(offsets[segs], lens) + col]
        mat.sort(axis=1)
        r = np.arange(segs.size)
        out[segs] = (mat[r, (lens - 1) // 2] + mat[r, lens // 2]) / 2.0
    return out


def moving_ranges(values: FloatArray, mask: BoolArray, lay: Layout) -> FloatArray:
    """Absolute differences between successive masked points of the same segment.

    The masked points are taken as one subsequence, so an unmasked point between two masked ones
    is stepped over (their difference is one moving range). The result has one entry per point:
    the moving range ending at that point, NaN at the first masked point of each segment and at
    unmasked points. A NaN value gives NaN moving ranges.
    """
    if mask.all():
        out = np.empty(lay.n_points)  # every entry written: the first of each segment NaN
        np.subtract(values[1:], values[:-1], out=out[1:])
        np.abs(out[1:], out=out[1:])
        out[lay.starts] = np.nan
        return out
    out = np.full(lay.n_points, np.nan)
    idx = np.flatnonzero(mask)
    s = lay.seg[idx]
    same = s[1:] == s[:-1]
    out[idx[1:][same]] = np.abs(np.diff(values[idx]))[same]
    return out


def mean_moving_range(
    values: FloatArray,
    mask: BoolArray,
    lay: Layout,
    *,
    screen: bool = False,
    screen_limit: float = 3.267,
) -> FloatArray:
    """Mean moving range of the masked subsequence of each segment, NaN moving ranges dropped.

    With ``screen=True`` the moving ranges at or above ``screen_limit`` × their mean are dropped
    once and the mean is taken again (Nelson 1982; qicharts2's ``qic.screenedmr``). A segment
    whose moving ranges are all 0 (a constant series) keeps them: its mean moving range is 0,
    not missing (NHSRplotthedots drops every one of them and draws no limits). Screening never
    drops *every* non-zero moving range of a segment: a nearly constant series (100 % in 35
    months, 96 % in one) has two non-zero ranges, both above 3.267 × their small mean, and
    dropping them would leave limits of zero width with every point outside them; such a
    segment keeps its unscreened mean (NHSRplotthedots and qicharts2 screen them out).
    """
    mr = moving_ranges(values, mask, lay)
    ok: BoolArray | None = None  # the ranges taken (None: all but each segment's first)
    if (
        (not screen or screen_limit > 0)
        and mask.all()
        and values.size
        and np.isfinite(np.add.reduce(values))
    ):
        # every value finite (their sum is) and taken: the only ranges not taken are each
        # segment's first, made 0 where they are (never at or above a screening limit, which
        # is positive or missing); the others are counted, not looked at
        mr[lay.starts] = 0.0
        count = lay.lengths() - 1
    else:
        ok = np.isnan(mr)
        np.logical_not(ok, out=ok)
        # the ranges not taken (NaN) become 0 in place (``ok`` counts the rest): sums need no
        # copy. The ranges are never negative, so the larger of a range and 0 is the range
        # itself (+0 stays +0) and 0 for a NaN: one pass, no mask
        np.fmax(mr, 0.0, out=mr)
        count = seg_count(ok, lay)
    amr = divide(np.add.reduceat(mr, lay.starts), count.astype(float))
    if not screen:
        return amr
    limit = screen_limit * amr
    constant = amr == 0  # a constant series keeps its (zero) moving ranges
    limit[constant] = np.inf
    lowest = np.fmin.reduce(limit) if limit.size else np.inf  # NaN: a segment without ranges
    # ranges at or above their segment's limit are few: candidates first (above the lowest
    # limit), then each against its own; many candidates are compared whole
    width = lay.width()
    if width and lowest > 0:  # one row a segment: each range against its row's limit, whole
        drop = np.flatnonzero(mr.reshape(lay.n_seg, width) >= limit[:, None])
        if ok is not None:
            drop = drop[ok[drop]]
    elif (candidate := np.flatnonzero(mr >= lowest) if lowest > 0 else None) is None or (
        candidate.size * 32 > mr.shape[0]
    ):
        above = mr >= lay.spread(limit)
        drop = np.flatnonzero(above if ok is None else ok & above)
    else:
        above = mr[candidate] >= limit[lay.seg[candidate]]
        drop = candidate[above if ok is None else ok[candidate] & above]
    if not drop.size:
        return amr
    mr[drop] = 0.0
    count -= np.bincount(lay.seg[drop], minlength=lay.n_seg)
    screened = divide(np.add.reduceat(mr, lay.starts), count.astype(float))
    # every non-zero range screened out: the variation is in those ranges, keep them
    return np.where((screened == 0) & (amr > 0), amr, screened)


@dataclass(frozen=True)
class Runs:
    """Runs of equal sign among the useful points of each segment (see :func:`run_lengths`).

    Run positions count useful points only (the i-th useful point of all segments is at i).
    """

    longest: IntArray  # longest run of each segment (0 where there are no useful points)
    n_runs: IntArray  # number of runs of each segment
    start: IntArray  # position of every run's first point, in order
    length: IntArray  # length of every run
    first: IntArray  # number of each segment's first run (its runs are first .. first + n_runs)
    n_useful: IntArray  # number of useful points of each segment


def run_lengths(sign: NDArray, useful: BoolArray, lay: Layout) -> Runs:
    """Runs of equal sign among the useful points of each segment.

    Points that are not useful are removed first, so the runs on either side of them join when
    they have the same sign.
    """
    s = sign if useful.all() else sign[useful]
    m = s.shape[0]
    counts = seg_count(useful, lay)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))  # of each segment, among useful
    has = counts > 0
    new = np.empty(m, dtype=bool)
    n_runs = np.zeros(lay.n_seg, dtype=np.intp)
    if m:
        np.not_equal(s[1:], s[:-1], out=new[1:])
        new[first[has]] = True  # a segment's first useful point starts a run
        # the runs of each segment with useful points: its run starts, summed as bytes in the
        # smallest integer that holds its number of points (as seg_count does)
        longest_seg = int(counts.max())
        small = np.uint8 if longest_seg < 256 else np.uint16 if longest_seg < 65536 else np.intp
        n_runs[has] = np.add.reduceat(new.view(np.uint8), first[has], dtype=small)
    start = np.flatnonzero(new)
    length = np.empty(start.shape[0], dtype=np.intp)
    if start.size:
        np.subtract(start[1:], start[:-1], out=length[:-1])
        length[-1] = m - start[-1]
    # a segment's first run: the number of runs of the segments before it
    first_run = np.cumsum(n_runs) - n_runs
    longest = np.zeros(lay.n_seg, dtype=np.intp)
    if has.any():
        longest[has] = np.maximum.reduceat(length, first_run[has])
    return Runs(longest, n_runs, start, length, first_run, counts)


def nth_true(mask: BoolArray, k: IntArray) -> IntArray:
    """Index of the ``k``-th True element of ``mask`` (``np.flatnonzero(mask)[k]``), for sorted
    or unsorted ``k``.

    When few elements are False, their positions give the answer by bisection: the ``i``-th
    False element (at ``gaps[i]``) is preceded by ``gaps[i] - i`` True ones, so the ``k``-th
    True element lies after as many False ones as have ``gaps[i] - i <= k``. No index array of
    the size of ``mask`` is made.
    """
    n_false = mask.shape[0] - np.count_nonzero(mask)
    if not n_false:
        return k
    if n_false * 8 > mask.shape[0]:  # many: the plain index array is cheaper
        return np.flatnonzero(mask)[k]
    gaps = np.flatnonzero(~mask)
    return k + np.searchsorted(gaps - np.arange(gaps.shape[0]), k, side="right")


def runs_at_least(cont: BoolArray, n: int) -> BoolArray:
    """Whether each element belongs to a run of ``n`` or more elements, where ``cont`` says
    whether an element continues the run of the one before (False at every run's start).

    An element is in such a run when a window of ``n`` elements containing it has ``cont``
    True at all but its first; windows are combined by doubling (a window of 2w is two of w),
    so this is about 2·log2(n) passes over the elements whatever the runs, and no run lengths
    are built.
    """
    m = cont.shape[0]
    if n <= 1:
        return np.ones(m, dtype=bool)
    if m < n:
        return np.zeros(m, dtype=bool)
    # full[j]: elements j .. j + n - 1 are one run, i.e. cont[j + 1 .. j + n - 1] all True
    return cover(windows_all(cont[1:], n - 1), n, m)


def windows_all(a: BoolArray, w: int) -> BoolArray:
    """Whether ``a[j : j + w]`` is all True, for every window start j (``len(a) - w + 1``
    results; ``w`` at least 1 and at most ``len(a)``), by doubling: about log2(w) passes."""
    return _window(a, w, np.logical_and)


def cover(ok: BoolArray, w: int, n: int) -> BoolArray:
    """Whether each of ``n`` elements lies in one of the windows of ``w`` elements starting at
    the j with ``ok[j]`` True (``len(ok) <= n``), by doubling: about log2(w) passes."""
    out = np.zeros(n, dtype=bool)
    out[: ok.shape[0]] = ok
    return _window(out, w, np.logical_or, spread=True)


def _window(a: BoolArray, w: int, op: np.ufunc, spread: bool = False) -> BoolArray:
    """``op`` over windows of ``w`` successive elements, by doubling.

    ``spread=False``: the window starting at each j (``len(a) - w + 1`` results).
    ``spread=True``: the window ending at each i, clipped at the start (``len(a)`` results).
    Overlapping windows are fine since ``op`` is AND or OR.
    """
    width = 1
    while 2 * width <= w:
        a = _shifted(a, width, op, spread)
        width *= 2
    if width < w:
        a = _shifted(a, w - width, op, spread)
    return a


def _shifted(a: BoolArray, k: int, op: np.ufunc, spread: bool) -> BoolArray:
    """``op(a[j], a[j + k])`` (``spread=False``, shorter by k) or ``op(a[i], a[i - k])``."""
    if not spread:
        return op(a[:-k], a[k:])
    out = a.copy()
    op(out[k:], a[:-k], out=out[k:])
    return out


def position_in_segment(starts: IntArray, n: int) -> IntArray:
    """0-based position of every point within its segment, given the segment start offsets."""
    lengths = np.diff(np.append(starts, n))
    return np.arange(n) - np.repeat(starts, lengths)
