"""Where the baseline, the assessment window and the trajectory lie, per series.

The estimand of every comparison is *the level in the assessment window*: the latest ``size``
usable periods after the baseline (never overlapping it); once a series' data reach the
deadline, the ``size`` periods ending at the deadline. ``compare=(first, last)`` replaces it by
an explicit window, which must lie after the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from ..errors import ArgumentError


@dataclass(frozen=True)
class Window:
    """The prepared points and where the baseline, the window and the trajectory lie."""

    p: Any  # frame.Prepared
    lay: K.Layout  # one segment per series
    t: np.ndarray  # x of every point as a number
    ok: np.ndarray  # usable points (not missing, not a closed period)
    in_base: np.ndarray  # usable points of the baseline
    after: np.ndarray  # usable points after the baseline
    in_win: np.ndarray  # usable points of the assessment window
    n_base: np.ndarray  # baseline periods per series
    b1: float  # last x of the baseline
    t0: np.ndarray  # start of the trajectory, per series
    td: float  # the deadline
    reached: np.ndarray  # per series: its data reach the deadline (the window ends there)
    start: np.ndarray  # first x of each series' window (NaN when empty)
    end: np.ndarray  # last x of each series' window (NaN when empty)


def scalar_time(conv: Any, value: Any, arg: str) -> float:
    """One x value (a date, a number) as its numeric sort key."""
    return float(conv.keys(value, arg)[0])


def first_after(t: np.ndarray, lay: K.Layout, b1: float) -> np.ndarray:
    """Per series, the first x after ``b1`` (``b1`` itself when there is none)."""
    after = np.where(t > b1, t, np.inf)
    first = np.minimum.reduceat(after, lay.starts)
    return np.where(np.isfinite(first), first, b1)


def to_x(conv: Any, t: np.ndarray) -> Any:
    """Numeric sort keys back to x values (dates for a date axis; NaN stays missing)."""
    kind = conv.kind()
    if kind == "datetime":
        out = np.full(t.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
        ok = np.isfinite(t) & (np.abs(t) < 9e18)
        out[ok] = t[ok].astype(np.int64).astype("datetime64[ns]")
        return pd.to_datetime(out).normalize()
    return t


def seg_cumsum(v: np.ndarray, lay: K.Layout) -> np.ndarray:
    """Cumulative sum of ``v`` within each series, never across series.

    The points are laid out as a (series × position) grid and summed along each row, so a
    NaN or an infinity in one series cannot reach another.
    """
    pos = K.position_in_segment(lay.starts, lay.n_points)
    width = int(lay.lengths().max()) if lay.n_seg else 0
    grid = np.zeros((lay.n_seg, width))
    grid[lay.seg, pos] = v
    return np.cumsum(grid, axis=1)[lay.seg, pos]


def assessment_window(
    t: np.ndarray,
    lay: K.Layout,
    ok: np.ndarray,
    b1: float,
    td: float,
    size: int | np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The latest ``size`` usable periods after the baseline; at or before the deadline once a
    series' data reach it. Returns the mask of window points and, per series, whether the
    window ends at the deadline."""
    after = ok & (t > b1)
    last = np.where(after, t, -np.inf)
    reached = np.maximum.reduceat(last, lay.starts) >= td if lay.n_seg else np.zeros(0, bool)
    eligible = after & ((t <= td) | ~reached[lay.seg])
    # rank from the end within each series: eligible points at or after this one
    from_end = K.seg_count(eligible, lay)[lay.seg] - seg_cumsum(eligible.astype(float), lay)
    in_win = eligible & (from_end < np.broadcast_to(size, (lay.n_seg,))[lay.seg])
    return in_win, reached


def window_bounds(t: np.ndarray, in_win: np.ndarray, lay: K.Layout):
    """First and last x of each series' window (NaN when it is empty)."""
    lo = np.minimum.reduceat(np.where(in_win, t, np.inf), lay.starts)
    hi = np.maximum.reduceat(np.where(in_win, t, -np.inf), lay.starts)
    return np.where(np.isfinite(lo), lo, np.nan), np.where(np.isfinite(hi), hi, np.nan)


def compare_window(conv: Any, compare: Any, t: np.ndarray, b1: float) -> np.ndarray:
    """The mask of an explicit ``compare=(first, last)`` window, checked."""
    if isinstance(compare, (str, bytes)) or not (
        isinstance(compare, (tuple, list)) and len(compare) == 2
    ):
        raise ArgumentError(
            f"compare={compare!r}: expected (first x, last x) of the comparison window, "
            "inclusive, e.g. ('2023-04-01', '2024-03-01')."
        )
    c0 = scalar_time(conv, compare[0], "compare")
    c1 = scalar_time(conv, compare[1], "compare")
    if c1 < c0:
        raise ArgumentError(f"compare={compare!r}: its end is before its start.")
    if c0 <= b1:
        raise ArgumentError(
            f"compare={compare!r}: it overlaps the baseline (the baseline ends at or after "
            "its start); the comparison window must lie after the baseline."
        )
    return (t >= c0) & (t <= c1)
