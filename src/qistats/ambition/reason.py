"""The one-line plain-English reason behind each series' verdict."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

WHAT = {"rate": "rate", "proportion": "proportion", "mean": "mean"}


def _num(values: Any, spec: str = "%.3g") -> np.ndarray:
    """Numbers as text (missing as "–"), an object array for elementwise concatenation."""
    v = np.asarray(values, dtype=float).tolist()
    return np.array([spec % x if math.isfinite(x) else "–" for x in v], dtype=object)


def _pct(values: Any) -> np.ndarray:
    """Percent changes as text: "a 12% fall", "a 5% rise", "no change"; missing as "–"."""

    def one(x: float) -> str:
        if not math.isfinite(x):
            return "–"
        size = f"{abs(x):.0f}"
        if size == "0":
            return "no change"
        return f"a {size}% {'fall' if x < 0 else 'rise'}"

    return np.array([one(x) for x in np.asarray(values, dtype=float).tolist()], dtype=object)


def _when(values: Any) -> np.ndarray:
    """x values as text: dates as "Apr 2023", numbers plain, missing as "–" (each distinct
    value formatted once)."""
    s = pd.Series(values)
    if not pd.api.types.is_datetime64_any_dtype(s):
        return _num(s, "%g")
    codes, uniques = pd.factorize(s)
    text = np.asarray(pd.DatetimeIndex(uniques).strftime("%b %Y"), dtype=object)
    return np.where(codes >= 0, text[np.maximum(codes, 0)] if text.size else "–", "–")


def reasons(
    s: pd.DataFrame,
    kind: str,
    definition: Any,
    rho: np.ndarray,
    events0: np.ndarray | None,
    expected1: np.ndarray | None,
    no_baseline: np.ndarray,
    weak_power: np.ndarray,
) -> np.ndarray:
    """Per series, why the verdict is what it is, with the evidence beside it.

    ``rho`` is the target on the estimand's scale (the ratio a relative or shortfall target is
    judged on). ``events0`` and ``expected1`` (counts only): baseline events and the events
    expected in the window were the target met, quoted when the data are insufficient.
    ``no_baseline``: series without usable baseline data; ``weak_power``: series that could not
    show a change of the ambition's size (the others that are "insufficient_data" are too early
    to tell the trajectory from no change).
    """
    conf = f"{definition.confidence:.0%}"
    absolute = not isinstance(definition.target, str)
    what = WHAT[kind]
    window = _when(s.current_start) + "–" + _when(s.current_end)
    unit = f" per {definition.multiply:,g}" if kind == "rate" and definition.multiply != 1 else ""
    level = what + " in " + window + " was " + _num(s.current_value) + unit
    aim_text = _num(s.target_value) + unit
    target = ", target " + aim_text
    if absolute:
        lo, hi, aim = s.current_lower.to_numpy(), s.current_upper.to_numpy(), s.target_value
        name = "the target"
        interval = " (" + conf + " interval " + _num(lo) + "–" + _num(hi) + ")"
    else:
        lo, hi = s.rate_ratio_lower.to_numpy(), s.rate_ratio_upper.to_numpy()
        name = "the target ratio"
        aim = rho
        estimand = s.estimand.to_numpy(dtype=object)
        interval = "; " + estimand + " " + _num(s.rate_ratio) + " (" + conf + " interval "
        interval = interval + _num(lo) + "–" + _num(hi) + ")"
    aim = np.asarray(aim, dtype=float)
    contains = (lo <= aim) & (aim <= hi)
    met_tail = (
        interval
        + np.where(contains, ", which still includes ", ", which clears ").astype(object)
        + name
        + " "
        + _num(aim)
    )
    missed_tail = (
        interval
        + np.where(contains, ", which includes ", ", which excludes ").astype(object)
        + name
        + " "
        + _num(aim)
    )
    judged = level + target
    met = judged + ": met" + met_tail
    not_met = judged + ": not met" + missed_tail
    traj = (
        ", "
        + _num(s.trajectory_ratio, "%.2f")
        + "× the trajectory ("
        + conf
        + " interval "
        + _num(s.trajectory_lower, "%.2f")
        + "–"
        + _num(s.trajectory_upper, "%.2f")
        + ")"
    )
    prob = _num(s.prob_target_met, "%.2f")
    by = f" by {definition.deadline}"
    so_far = (
        " ("
        + _pct(s.percent_change)
        + " on the baseline; the trajectory expects "
        + _pct(s.trajectory_change)
        + " by now)"
    )
    on_track = (
        level
        + so_far
        + traj
        + ", not clearly behind it: on track"
        + target
        + by
        + " (probability it is met already "
        + prob
        + ")"
    )
    change = np.asarray(s.trajectory_change, dtype=float)
    early = (
        "too early to tell: the trajectory expects "
        + _pct(change)
        + " by now, which the "
        + what
        + " in "
        + window
        + " ("
        + _num(s.current_value)
        + unit
        + ", "
        + _pct(s.percent_change)
        + " on the baseline) cannot yet tell from no change with 80% power"
        + traj
    )
    behind = level + traj + ": behind the trajectory" + target + by
    projected = _when(s.projected_lower)
    slow = level + ": projected to reach the target " + aim_text + " only after the deadline "
    slow = slow + "(" + projected + " at the earliest)"
    if events0 is None:
        weak = np.full(
            len(s), "too few observations to show a change of the ambition's size with 80% power"
        ).astype(object)
    else:
        weak = (
            "too few events to show a change of the ambition's size with 80% power: "
            + _num(events0, "%g")
            + " in the baseline, "
            + _num(expected1, "%.1f")
            + " expected in the window if the target were met"
            + np.where(
                s.overdispersion.to_numpy(dtype=float) > 1,
                ", allowing for month-to-month variation "
                + _num(s.overdispersion, "%.2g")
                + " times what chance alone gives",
                "",
            ).astype(object)
        )
    empty = np.full(len(s), "no data in the assessment window (none after the baseline)")
    no_base = np.full(len(s), "no usable data in the baseline period: nothing to compare with")
    no_data = s.window_periods.to_numpy() == 0
    no_baseline = np.asarray(no_baseline, dtype=bool)
    v = s.verdict.to_numpy()
    weak_now = np.asarray(weak_power, dtype=bool)
    behind_now = s.trajectory_status.to_numpy() == "behind"
    return np.select(
        [
            no_baseline,
            no_data,
            (v == "insufficient_data") & weak_now,
            v == "insufficient_data",
            v == "met",
            v == "not_met",
            (v == "off_track") & behind_now,
            v == "off_track",
        ],
        [no_base, empty, weak, early, met, not_met, behind, slow],
        on_track,
    ).astype(object)
