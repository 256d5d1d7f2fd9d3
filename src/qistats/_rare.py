"""Rare events on an individuals chart: series of whole counts that are mostly zeros.

An XmR or I chart of monthly counts with a mean below about 1 (MRSA bacteraemias, never
events) flags special causes in most in-control series: seven zeros in a row are a "shift",
three months of 1 are "2 of 3 beyond 2σ", a single 2 is "above the upper limit". One place
finds such series, for :func:`qistats.spc` and :func:`qistats.board`, and words the warning.
"""

from __future__ import annotations

import numpy as np

from . import _kernels as K

#: A series of whole counts is rare-event data when its mean is below this, or more than half
#: of its observed values are zeros.
RARE_MEAN = 1.0
#: Fewer observed points than this say too little about a series to warn.
RARE_MIN_POINTS = 6


def rare_series(counts: np.ndarray, lay: K.Layout) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which series (segments of ``lay``) look like counts of rare events.

    A series does when it has at least :data:`RARE_MIN_POINTS` observed values, every one a
    whole number >= 0, and their mean is below :data:`RARE_MEAN` or more than half of them are
    zeros. Returns the mask of series, their means and their shares of zeros.
    """
    obs = ~np.isnan(counts)
    n_obs = K.seg_count(obs, lay)
    zeros = K.seg_count(counts == 0, lay)  # (a missing value is not 0)
    mean = K.seg_mean(counts, obs, lay)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n_obs > 0, zeros / np.maximum(n_obs, 1), np.nan)
    rare = (n_obs >= RARE_MIN_POINTS) & ((mean < RARE_MEAN) | (2 * zeros > n_obs))
    if rare.any():  # and every observed value a whole number >= 0: checked on those series only
        at = np.flatnonzero(lay.spread(rare) & obs)
        c = counts[at]
        whole = (c >= 0) & (np.abs(c - np.round(c)) <= 1e-9 * np.maximum(1.0, np.abs(c)))
        rare &= np.bincount(lay.seg[at[~whole]], minlength=lay.n_seg) == 0
    return rare, mean, share


def rare_message(
    chart: str, names: list[str], means: np.ndarray, shares: np.ndarray, count: int, total: int
) -> str:
    """The warning about ``count`` of ``total`` series on an individuals ``chart`` whose values
    look like counts of rare events (``names``, ``means`` and ``shares`` of the first few)."""
    shown = "; ".join(
        f"{name}: mean {m:.2g}, {s:.0%} zeros"
        for name, m, s in zip(names, means.tolist(), shares.tolist(), strict=True)
    )
    more = f" and {count - len(names)} more" if count > len(names) else ""
    return (
        f"{count} of {total} series on an {chart!r} chart "
        f"{'look' if count > 1 else 'looks'} like counts of rare events (whole numbers, mostly "
        f"zeros or a mean below {RARE_MEAN:g} per point): {shown}{more}. An individuals chart of "
        "such counts gives false special-cause signals (at a mean of 0.3 a month, the latest "
        "point of about one in four in-control series); its icons are noise. Chart the events "
        "themselves: a G chart of the cases between events (chart='g') or a T chart of the time "
        "between them (chart='t'); see the documentation page 'Rare events: G and T charts'."
    )
