"""The Making Data Count icons of a series, decided in one place for ``qi.spc``'s summary,
``qi.board``'s table and their charts.

The rule: a series' icons come from its last *observed* point (a point with a value; a missing
``y`` or a zero denominator is not observed) that is not excluded (``exclude=``: drawn and
labelled, but not judged). Its ``variation`` icon is that point's label, and
its ``assurance`` icon compares the target with the limits at that point. A series with no
observed point has neither icon; a phase with none has no ``variation``. With the Making
Data Count rules, a phase of fewer than :data:`MIN_JUDGED` observed, included points has no
``variation`` icon either: with one or two points no rule can find a special cause (an XmR
chart's two points are never outside their own limits, and the other rules need 3 or 7
points), so the common-cause icon would say "no signal" where nothing could be judged. A
special cause found in so few points (a point outside a P, U or C chart's limits) keeps its
icon. The points keep their own labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The fewest observed, included points of a phase that get a variation icon (Making Data
#: Count rules): the 2-in-3 rule's window. NHSRplotthedots gives one from any number of points
#: (its fixtures' smallest phase has 9); the MDC Single Chart tool from 13.
MIN_JUDGED = 3


def last_observed(observed: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Index of the last observed point of each segment (segments start at ``starts`` and
    cover the points in order); −1 for a segment without one."""
    if not starts.size:
        return np.zeros(0, dtype=np.intp)
    last = np.append(starts[1:], observed.shape[0]) - 1
    if observed[last].all():  # every segment's last point is observed: no search
        return last.astype(np.intp)
    seen = np.arange(observed.shape[0], dtype=np.intp)
    seen[~observed] = -1  # in place: one array as long as the points
    return np.maximum.reduceat(seen, starts)


def assurance(
    good: np.ndarray,
    target: np.ndarray,
    lcl: np.ndarray,
    ucl: np.ndarray,
    judged: np.ndarray,
) -> pd.Series:
    """MDC assurance: can the process be relied on to meet the target?

    One entry per row, given only where ``judged`` is True, with a target and a direction
    (``good`` +1 increase, −1 decrease, 0 neutral) and both limits. Higher is better: target
    below LCL → "pass", above UCL → "fail", else "hit_or_miss"; mirrored when lower is better
    (strict inequalities, as the MDC tools).
    """
    out = np.full(target.shape[0], None, dtype=object)
    ok = judged & (good != 0) & ~np.isnan(target) & ~np.isnan(lcl) & ~np.isnan(ucl)
    up = good > 0
    with np.errstate(invalid="ignore"):
        good_side = np.where(up, target < lcl, target > ucl)
        bad_side = np.where(up, target > ucl, target < lcl)
    out[ok] = "hit_or_miss"
    out[ok & good_side] = "pass"
    out[ok & bad_side] = "fail"
    return pd.Series(out, dtype="object")


def icons(
    variation: pd.Categorical,
    at: np.ndarray,
    judged: np.ndarray,
    good: np.ndarray,
    target: np.ndarray | None,
    lcl: np.ndarray,
    ucl: np.ndarray,
    points: np.ndarray | None = None,
) -> tuple[pd.Categorical, pd.Series]:
    """The ``variation`` and ``assurance`` icons of rows whose reference point is ``at``.

    ``variation``, ``good``, ``target`` (None: no target), ``lcl`` and ``ucl`` are per point;
    ``at`` is each row's last observed point (−1: none, so no icon) and ``judged`` marks the
    rows that carry an assurance icon (the series' own row, or the phase holding its last
    observed point). ``points``: per row, the observed, included points of the phase holding
    ``at``; rows with fewer than :data:`MIN_JUDGED` get no common-cause icon (None: no check).
    """
    seen = at >= 0
    i = np.where(seen, at, 0)
    codes, judge = variation.codes[i], seen
    if points is not None:
        # too few points hides only the common-cause icon: a special cause a rule did find (a
        # point outside a P, U or C chart's limits) keeps its icon
        common = list(variation.categories).index("common_cause")
        judge = seen & ((points >= MIN_JUDGED) | (codes != common))
    codes = np.where(judge, codes, -1).astype(variation.codes.dtype)
    var = pd.Categorical.from_codes(codes, dtype=variation.dtype)
    tgt = np.full(at.shape[0], np.nan) if target is None else np.where(seen, target[i], np.nan)
    lo, hi = np.where(seen, lcl[i], np.nan), np.where(seen, ucl[i], np.nan)
    assur = assurance(np.where(seen, good[i], 0), tgt, lo, hi, judged & seen)
    return var, assur


def judged_phases(at: np.ndarray, seg_series: np.ndarray) -> np.ndarray:
    """Per phase: whether it holds its series' last observed point (the phase that carries
    the series' icons; normally its latest phase)."""
    n_seg = at.shape[0]
    out = np.zeros(n_seg, dtype=bool)
    if not n_seg:
        return out
    first = np.flatnonzero(np.concatenate(([True], seg_series[1:] != seg_series[:-1])))
    best = np.maximum.reduceat(np.where(at >= 0, np.arange(n_seg), -1), first)
    out[best[best >= 0]] = True
    return out
