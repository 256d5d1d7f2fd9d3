"""The run behind a board's variation icon: how many points it has, and its first point.

A rule that flags runs (a shift, a trend, Anhøj's long run) flags their points; the board's
sentence counts the run that ends at a series' latest observed point ("11 points below the
median since Jan 2023"). Points the rule does not look at neither break nor extend the run,
as they do not in the rule itself: excluded points, points on the centre line for the rules
that skip them (Anhøj's runs analysis, ``Shift(on_centre="skip")`` of the IHI set) and a
repeated value for ``Trend(ties="ignore")``. Counting them as breaks made an 11-point run
"1 points below the median since Dec 2023" when the point before the latest sat on the
median.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _kernels as K
from .rules import Anhoej, Shift, Trend


def unseen(
    rule: Any,
    value: np.ndarray,
    cl: np.ndarray,
    excluded: np.ndarray,
    idx: np.ndarray,
    seg: np.ndarray,
) -> np.ndarray:
    """Which of the observed points ``idx`` the rule does not look at (see the module).

    ``value``, ``cl``, ``excluded`` and ``seg`` (each point's phase) cover every point;
    the result covers ``idx``. A point within rounding error of the centre line (or of the
    value before it) is on it, as the rules judge it (:data:`qistats._kernels.ROUNDING`
    times the phase's largest value or centre line).

    >>> v = np.array([40.0, 50.0, 48.0, 3.0, 3.0, 4.0])
    >>> cl = np.array([50.0, 50.0, 50.0, 3.5, 3.5, 3.5])
    >>> seg, idx, no = np.array([0, 0, 0, 1, 1, 1]), np.arange(6), np.zeros(6, dtype=bool)
    >>> unseen(Anhoej(), v, cl, no, idx, seg).tolist()
    [False, True, False, False, False, False]
    >>> unseen(Trend(5, ties="ignore"), v, cl, no, idx, seg).tolist()
    [False, False, False, False, True, False]
    >>> unseen(Shift(7), v, cl, no, idx, seg).tolist()
    [False, False, False, False, False, False]
    """
    hidden = excluded[idx].copy()
    skips_centre = isinstance(rule, Anhoej) or (
        isinstance(rule, Shift) and rule.on_centre == "skip"
    )
    skips_ties = isinstance(rule, Trend) and rule.ties == "ignore"
    if not (skips_centre or skips_ties) or idx.size == 0:
        return hidden
    v, s = value[idx], seg[idx]
    seen = ~hidden  # the points the rule's sequence holds: observed and included
    if skips_centre:
        other = cl[idx]
    else:  # the value before, in the rule's sequence of the same phase
        pos = np.flatnonzero(seen)
        other = np.full(idx.size, np.nan)
        same = s[pos[1:]] == s[pos[:-1]]
        other[pos[1:][same]] = v[pos[:-1][same]]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    lay = K.Layout(np.cumsum(np.isin(np.arange(idx.size), starts)) - 1, starts)
    tol = K.ROUNDING * K.seg_scale(v, np.where(np.isnan(other), v, other), lay)[lay.seg]
    with np.errstate(invalid="ignore"):
        return hidden | (seen & (np.abs(v - other) <= tol))


def run_behind(
    key: np.ndarray,
    hidden: np.ndarray,
    seg: np.ndarray,
    k_last: np.ndarray,
    has: np.ndarray,
    sign: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The run of each series' latest observed point, over the observed points.

    Parameters
    ----------
    key : numpy.ndarray
        Per observed point, the direction of the rule's flag (+1, −1; 0 unflagged).
    hidden : numpy.ndarray
        Per observed point, whether the rule does not look at it (:func:`unseen`).
    seg : numpy.ndarray
        Per observed point, its phase (a run never crosses one).
    k_last, has, sign : numpy.ndarray
        Per series: the position of its latest observed point among the observed points,
        whether it has one, and the direction of its variation icon (0: none).

    Returns
    -------
    tuple of numpy.ndarray
        Per series: whether the rule flags the latest point in the icon's direction, the
        number of points of its run the rule looks at, and the position (among the observed
        points) of the run's first point.

    Examples
    --------
    Eleven points below the centre line with one on it (hidden) before the last:

    >>> key = np.array([1, 1] + [-1] * 10 + [0, -1])
    >>> hidden = np.zeros(14, dtype=bool)
    >>> hidden[12] = True
    >>> behind, length, first = run_behind(key, hidden, np.zeros(14, dtype=int),
    ...                                    np.array([13]), np.array([True]), np.array([-1]))
    >>> behind.tolist(), length.tolist(), first.tolist()
    ([True], [11], [2])
    """
    n = key.size
    if n == 0:
        zeros = np.zeros(has.shape[0], dtype=np.intp)
        return np.zeros(has.shape[0], dtype=bool), zeros, zeros
    pos = np.arange(n)
    new_seg = np.r_[True, seg[1:] != seg[:-1]]
    # a point the rule does not look at takes the key of the one before it in its phase
    anchor = np.maximum.accumulate(np.where(~hidden | new_seg, pos, 0))
    held = key[anchor]
    run_new = new_seg.copy()
    run_new[1:] |= held[1:] != held[:-1]
    run_start = np.maximum.accumulate(np.where(run_new, pos, 0))
    kl = np.where(has, k_last, 0)
    behind = has & (sign != 0) & (key[kl] == sign)
    counted = np.cumsum(~hidden)
    first = run_start[kl]
    length = counted[kl] - counted[first] + (~hidden[first])
    return behind, np.where(behind, length, 0), first
