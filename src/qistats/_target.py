"""A target in the other unit from the chart's: a percentage target typed as a proportion
(``target=0.95`` on a chart shown in %), or a proportion chart given a percentage target
(``target=95`` on a P chart of values 0 to 1).

The target is in display units (after ``multiply``), but spreadsheets hold 95 % as 0.95, so a
target of 0.95 beside values of 60 to 75 % gives "pass: the process will consistently meet it"
for a trust at 65.6 %; and a P chart left on its proportion scale with a target of 95 gives
"fail" for a ward at 97 %. One place finds such series, for :func:`qistats.spc` and
:func:`qistats.board`, and words the :class:`~qistats.TargetWarning`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _kernels as K
from ._warn import warn
from .errors import TargetWarning

#: Charts whose values are counts of events, rates of them (per ``multiply`` units of exposure)
#: or counts between them: never proportions or percentages, whatever their range, so neither
#: check below applies (a ward's falls per 1,000 bed days of 0 to 0.2 with a target of 2 is a
#: rate below its ceiling, not a percentage typed on a chart of proportions).
EVENT_CHARTS = frozenset({"c", "u", "up", "np", "g", "t"})


def unit_check(chart: str, multiply: float) -> str | None:
    """Which check a chart's target gets: ``"proportion"`` (a target typed as a proportion on
    a chart shown in %, ``multiply`` 100), ``"percentage"`` (values left as given,
    ``multiply`` 1: a percentage on a chart of proportions, or a proportion beside values that
    are percentages), or None: a chart of events or rates (:data:`EVENT_CHARTS`), or values
    scaled to another unit (per 1,000), which are neither."""
    if chart in EVENT_CHARTS:
        return None
    return {100: "proportion", 1: "percentage"}.get(multiply)


def proportion_targets(
    value: np.ndarray, target: np.ndarray, lay: K.Layout, percent_values: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Which series (segments of ``lay``) of a measure shown in % have a target that reads as a
    proportion: a target ``t`` with 0 < t <= 1, all observed values at least 10 times it (so
    far above 1), and ``100 t`` among the values (between half the smallest and twice the
    largest): read as a percentage, the target fits the data; as given, it is far below it.

    ``percent_values``: for a measure not known to be shown in % (measurements left as given,
    ``multiply`` 1), also at least three observed values, every one between 1 and 100, as
    percentages are (A&E's 60 to 84 % seen within 4 hours, with a target of 0.95).

    ``value`` and ``target`` are per point, in display units. Returns the mask of series
    and each series' (largest) target.
    """
    with np.errstate(invalid="ignore"):
        lo, hi = K.seg_min_max(value, lay)
        t = np.fmax.reduceat(target, lay.starts)
        fits = (t > 0) & (t <= 1) & (lo >= 10 * t) & (100 * t >= 0.5 * lo) & (100 * t <= 2 * hi)
        if percent_values:
            fits &= (K.seg_count(np.isfinite(value), lay) >= 3) & (lo >= 1) & (hi <= 100)
    return fits, t


def percentage_targets(
    value: np.ndarray, target: np.ndarray, lay: K.Layout
) -> tuple[np.ndarray, np.ndarray]:
    """Which series (segments of ``lay``) of proportions have a target that reads as a
    percentage: at least three observed values, every one in [0, 1], a target ``t`` with
    1 < t <= 100 at least 10 times the largest value, and ``t / 100`` among the values
    (between half the smallest and twice the largest): read as a proportion, the target fits
    the data; as given, no value can reach it.

    ``value`` and ``target`` are per point, in display units. Returns the mask of series
    and each series' (largest) target.
    """
    with np.errstate(invalid="ignore"):
        lo, hi = K.seg_min_max(value, lay)
        t = np.fmax.reduceat(target, lay.starts)
        fits = (
            (K.seg_count(np.isfinite(value), lay) >= 3)
            & (lo >= 0)
            & (hi <= 1)
            & (t > 1)
            & (t <= 100)
            & (t >= 10 * hi)
            & (t / 100 >= 0.5 * lo)
            & (t / 100 <= 2 * hi)
        )
    return fits, t


def _listed(names: list[str], targets: list[float], count: int) -> str:
    """``ward='A': 95; ward='B': 90 and 3 more``: the first few series and their targets."""
    shown = "; ".join(f"{name}: {t:g}" for name, t in zip(names, targets, strict=True))
    return shown + (f" and {count - len(names)} more" if count > len(names) else "")


def percentage_message(
    arg: str, names: list[str], targets: list[float], count: int, total: int
) -> str:
    """The warning about ``count`` of ``total`` series of proportions whose target (``arg``)
    reads as a percentage (``names`` and ``targets`` of the first few)."""
    shown, t0 = _listed(names, targets, count), targets[0]
    return (
        f"{arg}: {count} of {total} series of proportions (every value between 0 and 1) "
        f"{'have' if count > 1 else 'has'} a target above 1 ({shown}): a percentage "
        f"on a chart of proportions? The target is in display units (after multiply): write "
        f"{t0 / 100:g} for {t0:g} %, or multiply=100 to show the chart in %. As given, no "
        "value can reach the target, and the assurance says the process will always miss it."
    )


def target_message(arg: str, names: list[str], targets: list[float], count: int, total: int) -> str:
    """The warning about ``count`` of ``total`` series whose target (``arg``) reads as a
    proportion on a measure shown in % (``names`` and ``targets`` of the first few)."""
    shown, t0 = _listed(names, targets, count), targets[0]
    return (
        f"{arg}: {count} of {total} series shown in % {'have' if count > 1 else 'has'} a target "
        f"of 1 or less while every value is far above it ({shown}): a percentage typed "
        f"as a proportion? The target is in display units (after multiply): write "
        f"{100 * t0:g} for {t0:g} ({100 * t0:g} %). As given, the assurance compares the "
        "process with a target of under 1 %."
    )


def percent_values_message(
    arg: str, names: list[str], targets: list[float], count: int, total: int
) -> str:
    """The warning about ``count`` of ``total`` series of values between 1 and 100, left as
    given (``multiply`` 1), whose target (``arg``) reads as a proportion (``names`` and
    ``targets`` of the first few)."""
    shown, t0 = _listed(names, targets, count), targets[0]
    return (
        f"{arg}: {count} of {total} series {'have' if count > 1 else 'has'} every value "
        f"between 1 and 100 and a target of 1 or less far below them ({shown}): percentages "
        f"with the target typed as a proportion? The target is in the units of the values: "
        f"write {100 * t0:g} for {t0:g} ({100 * t0:g} %). As given, the assurance compares "
        f"the process with a target of {t0:g}."
    )


def over_100_message(
    arg: str, names: list[str], targets: list[float], count: int, total: int
) -> str:
    """The warning about ``count`` of ``total`` series of proportions shown in % whose target
    (``arg``) is above 100 % (``names`` and ``targets`` of the first few), in the units the
    table shows."""
    shown = _listed(names, targets, count)
    return (
        f"{arg}: {count} of {total} series of proportions shown in % "
        f"{'have' if count > 1 else 'has'} a target above 100 % ({shown}), which no "
        "proportion can reach: the assurance says the process will always miss it. The target "
        "is in the units the table shows: write 95 for 95 %."
    )


def percentages_multiplied(
    value: np.ndarray, target: np.ndarray, lay: K.Layout
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which series (segments of ``lay``) of measurements multiplied by 100 hold values that
    were percentages already (80.9 shown as 8,090 %): at least three observed values, every
    value before multiplying above 1 and at most 100 (so every shown value between 100 % and
    10,000 %), and either a median before multiplying of 10 or more (1,000 % shown) or a
    target ``t`` (in display units) with 1 < t <= 100 among the values before multiplying
    (between half the smallest and twice the largest), the target then reading as typed for
    the values as given.

    A ratio shown in % is rarely above 1 throughout and never 10 times over: bed occupancy
    (0.94 to 1.03) has values at or below 1, and a "% of plan" (1.1 to 1.3, target 100) has a
    median below 10 and a target far above its values before multiplying. ``value`` and
    ``target`` are per point, in display units (after multiplying by 100). Returns the mask of
    series and each series' smallest and largest value before multiplying.
    """
    raw = value / 100
    with np.errstate(invalid="ignore"):
        lo, hi = K.seg_min_max(raw, lay)
        observed = np.isfinite(raw)
        median = K.seg_median(raw, observed, lay)
        t = np.fmax.reduceat(target, lay.starts)
        fits_target = (t > 1) & (t <= 100) & (t >= 0.5 * lo) & (t <= 2 * hi)
        fits = (
            (K.seg_count(observed, lay) >= 3)
            & (lo > 1)
            & (hi <= 100)
            & ((median >= 10) | fits_target)
        )
    return fits, lo, hi


#: The sentence :func:`multiplied_message` adds when some of its series have a target
MULTIPLIED_TARGETED = (
    " As given, the target is compared with values 100 times too large, so the "
    "assurance (pass or fail) is not to be trusted."
)


def multiplied_message(
    arg: str,
    names: list[str],
    lows: list[float],
    highs: list[float],
    count: int,
    total: int,
    targeted: bool,
) -> str:
    """The warning about ``count`` of ``total`` series multiplied by 100 (``arg``) whose values
    are percentages already (``names`` and the smallest and largest values before multiplying
    of the first few); ``targeted``: some of them have a target, compared with values 100
    times too large."""
    shown = "; ".join(
        f"{name}: {lo:.4g} to {hi:.4g}" for name, lo, hi in zip(names, lows, highs, strict=True)
    )
    more = f" and {count - len(names)} more" if count > len(names) else ""
    them = "have" if count > 1 else "has"
    said = (
        f"{arg}: {count} of {total} series multiplied by 100 {them} every value between 1 and "
        f"100 before multiplying ({shown}{more}), so between 100 % and 10,000 % as shown: "
        "values that are percentages already, multiplied again? multiply=100 turns "
        "proportions (0.81) into per cent; for values already in per cent (81) give "
        "multiply=1 (a unit of '%' still shows them as per cent)."
    )
    if targeted:
        said += MULTIPLIED_TARGETED
    return said


def warn_multiplied(
    arg: str,
    value: np.ndarray,
    target: np.ndarray,
    lay: K.Layout,
    name: Callable[[int], str],
    total: int,
    among: np.ndarray | None = None,
) -> None:
    """A TargetWarning naming the series (segments of ``lay``; those of ``among``, if given)
    multiplied by 100 (``arg``) whose values were percentages already (80.9 shown as 8,090 %;
    see :func:`percentages_multiplied`): ``value`` and ``target`` per point, in display units;
    ``name``: the name of series ``i`` in the message; ``total``: the number of series."""
    fits, lo, hi = percentages_multiplied(value, target, lay)
    which = np.flatnonzero(fits if among is None else fits & among)
    if not which.size:
        return
    first = which[:3]
    targeted = bool(np.isfinite(np.fmax.reduceat(target, lay.starts)[which]).any())
    said = multiplied_message(
        arg,
        [name(int(i)) for i in first],
        lo[first].tolist(),
        hi[first].tolist(),
        which.size,
        total,
        targeted,
    )
    warn(said, TargetWarning)
