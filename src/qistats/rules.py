"""Signal rules, vectorised over all series and phases.

The rule set ``"anhoej"`` is qicharts2's: a point outside the 3-sigma limits, and Anhøj's runs
analysis per phase over the included points —

* *useful* points are those not on the centre line and not missing;
* the longest run of useful points on one side of the centre line signals when it is longer than
  ``round(log2(n_useful)) + 3`` (Schilling 2012);
* the number of crossings of the centre line signals when it is fewer than the 5th percentile of
  Binomial(n_useful − 1, 0.5) (Chen 2010).

References
----------
Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run chart rules for
detection of non-random variation in health care processes. PLoS ONE 9(11): e113825.

Anhøj J (2015). Diagnostic value of run chart analysis: using likelihood ratios to compare run
chart rules on simulated data series. PLoS ONE 10(3): e0121349.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from . import _kernels as K
from .errors import ArgumentError

RULE_SETS = ("anhoej",)


def longest_run_max(n_useful: np.ndarray) -> np.ndarray:
    """Anhøj's upper limit of the longest run: ``round(log2(n_useful)) + 3``.

    >>> longest_run_max(np.array([10, 20, 24, 100])).tolist()
    [6, 7, 8, 10]
    """
    n = np.asarray(n_useful, dtype=float)
    out = np.zeros(n.shape, dtype=np.int64)
    pos = n > 0
    out[pos] = np.round(np.log2(n[pos])).astype(np.int64) + 3
    return out


def crossings_min(n_useful: np.ndarray) -> np.ndarray:
    """Anhøj's lower limit of the number of crossings: the 5th percentile of Bin(n − 1, ½).

    The smallest k with P(X ≤ k) ≥ 0.05, as R's ``qbinom(0.05, n - 1, 0.5)``.

    >>> crossings_min(np.array([10, 20, 24, 100])).tolist()
    [2, 6, 8, 41]
    """
    n = np.asarray(n_useful, dtype=np.int64)
    uniq, inv = np.unique(np.maximum(n - 1, 0), return_inverse=True)
    return stats.binom.ppf(0.05, uniq, 0.5).astype(np.int64)[inv].reshape(n.shape)


@dataclass(frozen=True)
class RulesOutput:
    """Per-point flags (one column per rule) and per-segment statistics."""

    points: dict[str, np.ndarray]
    segments: dict[str, np.ndarray]


def check_rules(rules: object) -> str:
    """Validate the ``rules`` argument."""
    if not isinstance(rules, str) or rules not in RULE_SETS:
        raise ArgumentError(
            f"rules={rules!r}: unknown rule set; expected one of {', '.join(map(repr, RULE_SETS))}."
        )
    return rules


def anhoej(
    value: np.ndarray,
    lcl: np.ndarray,
    ucl: np.ndarray,
    diff: np.ndarray,
    include: np.ndarray,
    lay: K.Layout,
    runs_signal_allowed: np.ndarray,
) -> RulesOutput:
    """Outside-limits flags and the Anhøj runs analysis, for all segments at once.

    ``diff`` is each point's distance from the centre line, whose sign gives its side.
    ``runs_signal_allowed`` (per segment) is False where the runs statistics are reported but
    must not signal (MR charts, units compared side by side).
    """
    with np.errstate(invalid="ignore"):
        outside = (value > ucl) | (value < lcl)
    useful = include & ~np.isnan(diff) & (diff != 0)
    longest, n_runs, point_run = K.run_lengths((diff > 0).view(np.int8), useful, lay)
    n_useful = K.seg_count(useful, lay)
    lmax = longest_run_max(n_useful)
    cmin = crossings_min(n_useful)
    crossings = np.maximum(n_runs - 1, 0)
    has = n_useful > 0
    too_long = has & (longest > lmax) & runs_signal_allowed
    too_few = has & (crossings < cmin) & runs_signal_allowed
    long_run = point_run > lmax[lay.seg]
    long_run &= runs_signal_allowed[lay.seg]
    few_crossings = useful & too_few[lay.seg]
    return RulesOutput(
        points={
            "outside_limits": outside,
            "long_run": long_run,
            "few_crossings": few_crossings,
            "signal": outside | long_run | few_crossings,
        },
        segments={
            "n_points": K.seg_count(include, lay),
            "n_useful": n_useful,
            "longest_run": np.where(has, longest, -1),
            "longest_run_max": np.where(has, lmax, -1),
            "n_crossings": np.where(has, crossings, -1),
            "n_crossings_min": np.where(has, cmin, -1),
            "runs_signal": too_long | too_few,
            "n_outside": K.seg_count(outside, lay),
        },
    )
