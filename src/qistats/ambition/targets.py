"""The target value per series from the target rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._args import fmt, number_arg
from .._warn import in_a_part, warn
from ..errors import ArgumentError, TargetWarning
from .part import current

TARGET_RULES = ("relative", "shortfall")


def check_target(target, kind: str, multiply: float, change: float) -> None:
    """Refuse a target rule that is not one of the rules or a positive finite number (a
    proportion's at most 1 in display units), and a shortfall to be closed with a negative
    ``change`` (whose sign would say that lower is better)."""
    if isinstance(target, str):
        _number_as_text(target)
        if target not in TARGET_RULES:
            raise ArgumentError(
                f"target={fmt(target)}: expected 'relative', 'shortfall' (any case) or a number "
                "(display units)."
            )
        if target == "shortfall" and kind != "proportion":
            raise ArgumentError("target='shortfall' is for proportions (kind='proportion').")
        if target == "shortfall" and change < 0:
            # ambiguous: "reduce the shortfall by 50 %" of a compliance measure, or halve a
            # proportion where lower is better (which is target='relative')
            raise ArgumentError(
                f"target='shortfall' with change={fmt(change)}: a shortfall is the gap to 100 % "
                "of a proportion where higher is better, and the sign of change says which "
                f"direction is better; give change={fmt(-change)} to close {-change:.0%} of the "
                f"gap, or target='relative' with change={fmt(change)} for a proportion where "
                "lower is better."
            )
        return
    value = number_arg(target, "target", "'relative', 'shortfall' or a number (display units)")
    if value <= 0:
        raise ArgumentError(
            f"target={fmt(target)}: an absolute target must be a positive finite number (display "
            "units, after multiply)."
        )
    if kind == "proportion" and value / multiply > 1:
        raise ArgumentError(
            f"target={fmt(target)}: a proportion's target is at most 1 × multiply ({multiply:g})."
        )


def _number_as_text(target: str) -> None:
    """Refuse a number given as text (``target="5"``, read from a text field), saying so: it
    was told it "needs change=", as if it named a rule."""
    try:
        value = float(target)
    except ValueError:
        return
    if not np.isfinite(value):  # "nan", "inf": the message for any other text
        return
    raise ArgumentError(
        f"target={fmt(target)}: a number given as text; an absolute target is a number "
        f"(display units, after multiply): target={value:g}."
    )


def direction(target, multiply: float, change: float | None, base: np.ndarray, p) -> int:
    """Which direction is better: -1 (lower) or 1 (higher).

    From the sign of ``change`` when given; for an absolute target without it, from the
    target and the series' baselines ``base`` (raw units): lower is better for a target below
    every baseline, higher for one above every baseline (series without a baseline, or at
    the target, say nothing), with a TargetWarning saying which (:func:`_warn_inferred`). A
    target between two series' baselines, or no baseline to compare with, is refused,
    asking for ``change``. A given ``change`` whose direction takes
    every series with a baseline away from an absolute target gives a TargetWarning. In a
    part of the data (:mod:`qistats.ambition.part`), the part's ``decide`` says."""
    if isinstance(target, str):
        return -1 if change < 0 else 1
    part = current()
    if part is not None and part.decide is not None:  # decided on the whole data
        return part.decide(base, p)
    t = float(target) / multiply
    above, below = base > t, base < t  # (NaN: neither)

    def listed(mask) -> str:
        which = np.flatnonzero(mask)
        shown = "; ".join(
            f"{p.describe_series(int(s))}: {base[s] * multiply:.4g}" for s in which[:3]
        )
        return shown + (f" and {which.size - 3} more" if which.size > 3 else "")

    if change is None:
        if above.any() and below.any():
            raise ArgumentError(
                f"target={fmt(target)} without change=: the target is below the baseline of "
                f"some series ({listed(above)}) and above that of others ({listed(below)}), so "
                "which direction is better cannot be told; give change= with its sign "
                "(change=-0.5: lower is better; with an absolute target only the sign is used)."
            )
        if not (above.any() or below.any()):
            raise ArgumentError(
                f"target={fmt(target)} without change=: no series has a baseline level "
                "different from the target, so which direction is better cannot be told; give "
                "change= with its sign (change=-0.5: lower is better; with an absolute target "
                "only the sign is used)."
            )
        better = -1 if above.any() else 1
        _warn_inferred(target, better, listed(above | below))
        return better
    better = -1 if change < 0 else 1
    away = below if better < 0 else above  # the baseline already beyond the target
    has = above | below
    if has.any() and away[has].all():
        side, way = ("above", "lower") if better < 0 else ("below", "higher")
        warn(
            f"target={fmt(target)} with change={fmt(change)}: change says {way} is better, "
            f"but the target is {side} the baseline of every series ({listed(has)}), so every "
            "series starts beyond it and the ambition asks for no improvement. With an "
            "absolute target only the sign of change is used (its direction is kept here); "
            "check the sign, or leave change out to take the direction from the target and "
            "the baselines.",
            TargetWarning,
        )
    return better


def _warn_inferred(target, better: int, series: str) -> None:
    """The TargetWarning of a direction inferred from an absolute target and the baselines
    (``change`` not given): which one, from which baselines, and how to state it, since a
    ceiling every series already meets ("keep restraints at or below 20") reads as "rise to
    20", and every series is then "not_met"."""
    side, way, goal, other = (
        ("below", "lower", "fall to", "change=0.5 (any positive number)")
        if better < 0
        else ("above", "higher", "rise to", "change=-0.5 (any negative number)")
    )
    stay = "at or above" if better < 0 else "at or below"
    sign = "change=-0.5" if better < 0 else "change=0.5"
    warn(
        f"target={fmt(target)} without change=: the target is {side} the baseline of every "
        f"series ({series}), so {way} is taken as better: each series is to {goal} "
        f"{fmt(target)}. If {fmt(target)} is a level to stay {stay} instead, give {other}; "
        f"to keep this direction without this warning, give {sign} (with an absolute "
        "target only the sign of change is used).",
        TargetWarning,
    )


def target_value(target, change, base, kind, better, multiply, p) -> np.ndarray:
    """The target per series (raw units) from the target rule and the baseline values."""
    if not isinstance(target, str):
        return np.full(base.shape, float(target) / multiply)
    if target == "relative":
        tgt = base * (1 + change)
        over = np.flatnonzero(tgt > 1) if kind == "proportion" else np.array([], dtype=int)
        if over.size:  # those series cannot be judged; the others are
            named = [[p.describe_series(int(s)), float(base[s])] for s in over[:3]]
            found = OverHundred(float(change), int(over.size), named)
            facts = {"key": "over_100", **vars(found)} if in_a_part() else None
            warn(found.message(), TargetWarning, facts=facts)
            tgt = np.where(tgt > 1, np.nan, tgt)
        return tgt
    # target == "shortfall", of an increase (both checked by check_target)
    return 1 - (1 - base) * (1 - change)


@dataclass
class OverHundred:
    """The series whose relative target (``change`` of a baseline proportion) is above 100 %,
    for the :class:`~qistats.TargetWarning` of :func:`target_value`: how many, and the first
    three named with their baseline proportions (a Spark task gives these facts for the driver
    to add up over every bucket)."""

    change: float
    count: int
    named: list[list[Any]]  # [description, baseline proportion], the first 3

    def message(self) -> str:
        """The warning's text: the first three named, the rest counted."""
        names = "; ".join(f"{name} ({b:.1%})" for name, b in self.named[:3])
        more = f" and {self.count - 3} more" if self.count > 3 else ""
        return (
            f"target='relative': {self.change:+.0%} of the baseline proportion is above 100 % "
            f"for {self.count} series ({names}{more}): "
            f"{'it is' if self.count == 1 else 'they are'} 'insufficient_data'. For "
            "'improve by x%' of a proportion use target='shortfall' (close x% of the gap "
            "to 100%)."
        )
