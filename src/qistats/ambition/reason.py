"""The one-line plain-English reason behind each series' verdict."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

WHAT = {"rate": "rate", "proportion": "proportion", "mean": "mean"}


def _num(values: Any, spec: str = "{:.3g}") -> pd.Series:
    """Numbers as text (missing as "–")."""
    s = pd.Series(np.asarray(values, dtype=float))
    return s.map(lambda v: "–" if not np.isfinite(v) else spec.format(v))


def _when(values: Any) -> pd.Series:
    """x values as text: dates as "Apr 2023", numbers plain, missing as "–"."""
    s = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.dt.strftime("%b %Y").fillna("–")
    return _num(s, "{:g}")


def reasons(
    s: pd.DataFrame,
    kind: str,
    definition: Any,
    events0: np.ndarray | None,
    expected1: np.ndarray | None,
) -> np.ndarray:
    """Per series, why the verdict is what it is, with the evidence beside it.

    ``events0`` and ``expected1`` (counts only): baseline events and the events expected in the
    window were the target met, quoted when the data are insufficient.
    """
    conf = f"{definition.confidence:.0%}"
    absolute = not isinstance(definition.target, str)
    what = WHAT[kind]
    window = _when(s.current_start) + "–" + _when(s.current_end)
    unit = f" per {definition.multiply:,g}" if kind == "rate" and definition.multiply != 1 else ""
    level = what + " in " + window + " was " + _num(s.current_value) + unit
    target = ", target " + _num(s.target_value) + unit
    if absolute:
        lo, hi, aim, name = s.current_lower, s.current_upper, s.target_value, "the target"
        interval = " (" + conf + " interval " + _num(lo) + "–" + _num(hi) + ")"
    else:
        lo, hi, name = s.rate_ratio_lower, s.rate_ratio_upper, "the target ratio"
        aim = s.target_value / s.baseline_value
        interval = "; " + s.estimand + " " + _num(s.rate_ratio) + " (" + conf + " interval "
        interval = interval + _num(lo) + "–" + _num(hi) + ")"
    contains = ((lo <= aim) & (aim <= hi)).to_numpy()
    met_tail = (
        interval
        + pd.Series(np.where(contains, ", which still includes ", ", which clears "), index=s.index)
        + name
        + " "
        + _num(aim).set_axis(s.index)
    )
    missed_tail = (
        interval
        + pd.Series(np.where(contains, ", which includes ", ", which excludes "), index=s.index)
        + name
        + " "
        + _num(aim).set_axis(s.index)
    )
    judged = level + target
    met = judged + ": met" + met_tail
    not_met = judged + ": not met" + missed_tail
    traj = (
        ", "
        + _num(s.trajectory_ratio, "{:.2f}")
        + "× the trajectory ("
        + conf
        + " interval "
        + _num(s.trajectory_lower, "{:.2f}")
        + "–"
        + _num(s.trajectory_upper, "{:.2f}")
        + ")"
    )
    prob = _num(s.prob_target_met, "{:.2f}")
    by = f" by {definition.deadline}"
    on_track = (
        level + traj + ": on track" + target + by + " (probability it is met already " + prob + ")"
    )
    behind = level + traj + ": behind the trajectory" + target + by
    projected = _when(s.projected_lower)
    slow = level + ": projected to reach the target" + target + ", only after the deadline "
    slow = slow + "(" + projected + " at the earliest)"
    if events0 is None:
        weak = pd.Series(
            "too few observations to show a change of the ambition's size with 80% power",
            index=s.index,
        )
    else:
        weak = (
            "too few events to show a change of the ambition's size with 80% power: "
            + _num(events0, "{:g}")
            + " in the baseline, "
            + _num(expected1, "{:.1f}")
            + " expected in the window if the target were met"
        )
    empty = pd.Series("no data in the assessment window (none after the baseline)", index=s.index)
    no_data = s.window_periods.to_numpy() == 0
    v = s.verdict.to_numpy()
    behind_now = s.trajectory_status.to_numpy() == "behind"
    return np.select(
        [
            no_data,
            v == "insufficient_data",
            v == "met",
            v == "not_met",
            (v == "off_track") & behind_now,
            v == "off_track",
        ],
        [empty, weak, met, not_met, behind, slow],
        on_track,
    ).astype(object)
