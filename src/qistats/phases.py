"""Phases, baselines and exclusions: from the user's arguments to per-point masks and segments.

A *segment* is one series × one phase. Phases come from a column of labels (a new phase where the
label changes) or from x values at which a new phase starts. Within every phase, ``freeze`` picks
the baseline points from which the centre line and limits are computed; ``exclude`` removes points
from the centre line, limits and runs analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from .errors import ArgumentError, DataError
from .frame import Prepared, as_list


@dataclass
class Segments:
    """Segment layout of the prepared points."""

    lay: K.Layout  # segment of each point, first point of each segment
    series: np.ndarray  # series number of each segment
    labels: np.ndarray  # phase label of each segment (user labels, or 1, 2, ... per series)


def is_column(data: pd.DataFrame, value: Any) -> bool:
    """Whether an argument names a column of ``data`` (rather than giving values)."""
    return isinstance(value, str) and value in data.columns


def segments(p: Prepared, phase: Any, phase_is_column: bool) -> Segments:
    """Split every series into phases."""
    npts = p.n_points
    new_series = np.zeros(npts, dtype=bool)
    new_series[p.series_starts] = True
    if phase is None:
        key = np.zeros(npts, dtype=np.int64)
    elif phase_is_column:
        labels = p.columns["phase"]
        codes, uniques = pd.factorize(labels)
        bad = np.flatnonzero(codes < 0)
        if bad.size:
            raise DataError(
                f"phase={phase!r}: the point {p.describe_point(int(bad[0]))} has a missing phase "
                "label; every row needs one."
            )
        key = codes
    else:
        breaks = np.sort(p.x_converter.keys(phase, "phase"))
        key = np.searchsorted(breaks, p.xkey, side="right")
    change = new_series.copy()
    change[1:] |= key[1:] != key[:-1]
    starts = np.flatnonzero(change)
    lay = K.Layout(np.cumsum(change) - 1, starts)
    seg_series = p.series[starts]
    if phase is not None and phase_is_column:
        # a label that comes back after another phase is ambiguous
        pair = seg_series.astype(np.int64) * (len(uniques) + 1) + key[starts]
        _, first, counts = np.unique(pair, return_index=True, return_counts=True)
        if (counts > 1).any():
            s = int(np.sort(first[counts > 1])[0])
            later = starts[np.flatnonzero(pair == pair[s])[1]]
            raise DataError(
                f"phase={phase!r}: the label {labels[later]!r} starts again at "
                f"{p.describe_point(int(later))} after another phase; a phase must be one "
                "unbroken stretch of its series (give the later stretch its own label)."
            )
        seg_labels = np.asarray(labels[starts])
    else:
        first_seg_of_series = np.flatnonzero(np.concatenate(([True], np.diff(seg_series) != 0)))
        seg_labels = K.position_in_segment(first_seg_of_series, starts.size) + 1
    return Segments(lay=lay, series=seg_series, labels=seg_labels)


def include_mask(p: Prepared, exclude: Any, exclude_is_column: bool) -> np.ndarray:
    """True for points that take part in the centre line, limits and runs analysis."""
    if exclude is None:
        return np.ones(p.n_points, dtype=bool)
    if exclude_is_column:
        return ~p.columns["exclude"]
    keys = p.x_converter.keys(exclude, "exclude")
    hit = np.isin(p.xkey, keys)
    missing = ~np.isin(keys, p.xkey)
    if missing.any():
        vals = as_list(exclude)
        raise ArgumentError(
            f"exclude={exclude!r}: {vals[int(np.flatnonzero(missing)[0])]!r} is not an x value "
            f"of any series (x is {p.x_name!r})."
        )
    return ~hit


def baseline_mask(p: Prepared, segs: Segments, freeze: Any) -> np.ndarray:
    """True for the baseline points of every phase (all points when ``freeze`` is None).

    ``freeze=k`` (an int) makes the first k points of every phase its baseline; a phase with
    fewer points is all baseline. ``freeze`` as an x value (a date, say) makes the points at or
    before it the baseline; a phase that starts after it is its own baseline.
    """
    npts = p.n_points
    if freeze is None:
        return np.ones(npts, dtype=bool)
    if isinstance(freeze, (bool, np.bool_)):
        raise ArgumentError(f"freeze={freeze!r}: expected a number of points or an x value.")
    if isinstance(freeze, (int, np.integer)):
        k = int(freeze)
        if k < 1:
            raise ArgumentError(f"freeze={k}: expected at least 1 baseline point.")
        lengths = np.diff(np.append(p.series_starts, npts))
        short = np.flatnonzero(lengths < k)
        if short.size:
            s = int(short[0])
            raise ArgumentError(
                f"freeze={k}: {p.describe_series(s)} has only {lengths[s]} points, fewer than the "
                f"{k} baseline points asked for."
            )
        return K.position_in_segment(segs.lay.starts, npts) < k
    key = p.x_converter.keys(freeze, "freeze")[0]
    base = p.xkey <= key
    first_x = p.xkey[p.series_starts]
    early = np.flatnonzero(first_x > key)
    if early.size:
        s = int(early[0])
        raise ArgumentError(
            f"freeze={freeze!r}: it is before the first point of {p.describe_series(s)} "
            f"({p.describe_point(int(p.series_starts[s]))}); expected the last x of the baseline."
        )
    has_base = K.seg_count(base, segs.lay) > 0
    return base | ~has_base[segs.lay.seg]
