"""The verdict per series, its order, and the data-sufficiency figures behind it.

In this order (the first that applies):

1. ``"insufficient_data"``: no baseline data (but see :func:`level_alone`: under an absolute
   target such a series is judged on its window's level alone), or data in fewer than two
   thirds of the assessment window's periods (none, or a ward that closed or stopped
   reporting).
2. ``"insufficient_data"`` too when the data could not show a change of the ambition's size:
   (z₁₋α/₂ + z₀.₈)·se > |ln ρ| (80 % power, two-sided α), with se² = φ(v₀ + v₁) the variance
   of the log ratio expected if the target were met, *and they did not show one either*: the
   interval of the ratio to the baseline includes 1 (no change) and, at the deadline, does not
   clear the target on either side; before it, the window is not clearly behind the
   trajectory. So few events withhold a verdict only when they cannot tell no change from the
   target; a ward with few events whose fall is significant is judged like any other (met
   when its level is at or beyond the target), as is one whose interval lies wholly on the bad
   side of the target (not_met) or behind the trajectory (off_track). An absolute target at
   the deadline is the window's level against a fixed number: there se² is the window's term
   alone (could the window tell the baseline's level from the target?), not the baseline's.
3. The deadline reached (``as_of`` on or after it; the window ends at it): ``"met"`` when the
   observed level in the window is on the good side of the target (or on it), else
   ``"not_met"``.
4. Before the deadline: ``"off_track"`` when the window is behind the trajectory (its interval
   against baseline × trajectory lies wholly on the bad side; for a baseline that meets an
   absolute target already, which has no trajectory, its level's interval wholly on the bad
   side of the target: :func:`ceiling_behind`) or the series' pace along the
   trajectory since the baseline, carried to the window judged at the deadline, has its
   interval there wholly on the bad side of the target (``late``; a flat or rising trend too).
   Where the pace's slope since the latest year's periods began has **slowed** (clearly
   slower than the trajectory and missing the target,
   :func:`qistats.ambition.projection.stalled`), that recent pace is the one carried to the
   judged window.
5. ``"insufficient_data"``, too early to tell: the window could not tell the change the
   trajectory expects by now from no change, (z₁₋α/₂ + z₀.₈)·se_w > |ln ρ_w|, ρ_w = Σ nₜTₜ/λ₀
   over Σ nₜ in the window and se_w² = φ(1/K₀ + 1/(K₀ρ_w E₁/E₀)) (binomial terms for
   proportions, the baseline's coefficient of variation for means), unless the window already
   shows a significant improvement on the baseline (``p_improved`` ≤ α/2). So a ward with no
   change is not "on_track" merely because nothing can be seen yet. Also when the pace
   could not tell stalling from reaching the target (:func:`pace_unclear`), or there is no
   pace yet (fewer than 12 periods after the baseline; 6 quarters), or the recent pace has
   slowed (and is not clearly short: that is ``late``; or it is slowing, over fewer than a
   year's periods, which does not decide: :func:`qistats.ambition.projection.stalled`), or
   the pace is short of the target as the baseline was measured but not clearly once the
   baseline's own uncertainty is carried (:func:`pace_unclear`), unless the window already
   meets the target, so that a ward that stalled is not "on_track" merely because its pace
   cannot yet be told from the trajectory's. And, for a baseline that meets an absolute
   target already, when its pace is probably past the target at the judged window
   (:func:`rising_past`), whatever its window.
6. Else ``"on_track"``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

VERDICTS = ("insufficient_data", "met", "not_met", "on_track", "off_track")
POWER = 0.80


def power_z(alpha: float) -> float:
    """z₁₋α/₂ + z_power: the standard errors of the log ratio a change must span."""
    return float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(POWER))


def underpowered(se: np.ndarray, rho: np.ndarray, alpha: float) -> np.ndarray:
    """True where a change of the ambition's size (ρ) could not be shown with 80 % power
    (and wherever se or ρ is undefined: no baseline events, an empty window)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.abs(np.log(rho))
        need = power_z(alpha) * se
    return ~(need <= size)


def too_few(
    se: np.ndarray, rho: np.ndarray, alpha: float, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """True where the data could not show a change of the ambition's size (:func:`underpowered`)
    *and did not show a change*: the interval [``lower``, ``upper``] of the ratio to the
    baseline includes 1 (or is undefined or unbounded: no baseline events). A ward whose
    interval excludes 1 has shown a change, however few its events, and is judged on it; the
    power check only guards against reading a verdict into data that cannot tell no change
    from the target."""
    with np.errstate(invalid="ignore"):
        bounded = np.isfinite(lower) & np.isfinite(upper)
        changed = bounded & ((upper < 1) | (lower > 1))
    return underpowered(se, rho, alpha) & ~changed


def met_at_baseline(absolute: bool, level0, se0, target, better: int) -> np.ndarray:
    """True where an absolute target is met by the baseline's level already, and the baseline
    can tell so: its level lies on the good side of the target by at least z₀.₈ standard errors
    of its log, ``se0`` (√(f/K₀) for a rate, √(f(1 − p₀)/K₀) for a proportion, the coefficient
    of variation over √n₀ for a mean), so that the baseline is on the good side with the 80 %
    the power checks ask for (a "reduce to 12 per 1,000" target of a ward at 8 with 45 events:
    ln 1.5 = 0.41 against 0.84 × 0.15 = 0.13). Such a series asks no change, so there is none
    to tell from no change: the checks for too few events and too early to tell do not
    withhold its verdict, which is its level against the target like any other's (that
    ward, its rate unchanged, was "insufficient_data", "too few events to tell
    no change from a change of the ambition's size", before and at the deadline).

    A baseline that is on the good side only by its point estimate is not enough: one event in
    12,000 bed days (0.083 per 1,000) against a target of 0.15 (ln 1.8 = 0.59 against
    0.84 × 1 = 0.84) says little of where the ward's rate is, and wards of 0.3 events a month
    with no change and that target were "met" for 2.4 % (10.2 % at φ = 3) through this door;
    such a series goes through the checks for too few events like any other. A baseline without
    events (``level0`` missing, or ``se0`` infinite) is not such a level."""
    level0 = np.asarray(level0, dtype=float)
    if not absolute:
        return np.zeros(level0.shape, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.log(target / level0) if better < 0 else np.log(level0 / target)
        return margin >= stats.norm.ppf(POWER) * np.asarray(se0, dtype=float)


def ceiling_behind(already, behind, clearly_not) -> np.ndarray:
    """Behind, as the verdict reads it: the window behind the trajectory, but for a series whose
    baseline meets an absolute target already (:func:`met_at_baseline`) its window's level
    clearly on the bad side of the target (``clearly_not``: its interval wholly beyond it).

    Such a series asks no change, and its trajectory from the baseline to the target runs
    *towards* the target's bad side: for "at or below 12 per 1,000" it rises from a ward's 3 to
    12. Judged against it, a ward whose rate rose to 11 per 1,000, clearly under the target,
    was "off_track", "behind the trajectory", for two years and then "met" at the deadline with
    the same rate. On simulated wards whose baseline is half the target, a step to
    0.9 × the target after the baseline (met at the deadline for 95 %) was "off_track" for
    94 % and 96 % 6 and 12 months after the baseline; by its level it is "on_track"
    (``tests/test_ambition_absolute_baseline.py``). The pace along the trajectory (``late``)
    still applies: a ward whose rise, carried on, clearly crosses the target is "off_track"
    before it does.

    >>> already = np.array([True, True, False])
    >>> ceiling_behind(already, np.array([True, False, True]), np.array([False, True, False]))
    array([False,  True,  True])
    """
    return np.where(already, clearly_not, behind).astype(bool)


def pace_unclear(pace, remaining, win, met_now, alpha) -> np.ndarray:
    """True where the pace after the baseline could not tell stalling from reaching the target
    by the deadline: its value over the window judged at the deadline could not show, with
    80 % power, the part of the ambition the trajectory leaves for after the assessment window,
    (z₁₋α/₂ + z₀.₈)·se > ``remaining`` = |ḡ − ḡ_now| (on the fit's scale, the trajectory's log
    level for counts: its mean over the judged window less its mean over the assessment
    window, what a series that stalls at the trajectory's level now would still lack); unless the
    series already moves with the trajectory significantly (``pace.improving``) or the window
    already meets the target. Before the deadline only.

    A series with too few periods after the baseline for a pace (``win.young()``: fewer than
    12 months, 6 quarters) cannot tell stalling from reaching the target either, and is
    unclear unless its window already meets the target: without this, a ward that fell 40 %
    at once and stayed there (target −50 %) was "on_track" at every look in months 1–11 and
    not at month 12. A ward exactly at the target is then "on_track"
    about half the time, a boundary as "met" is at the deadline: looser tests of the window's
    level (its posterior probability of the target met at 0.2–0.4, or its interval including
    the target) pass more such wards only by passing more that stalled short of the target
    (``benchmarks/ambition_early_rules.py``).

    Unclear too where the pace is short of the target by its interval without the target's
    own sampling error but not with it (``pace.doubtful``): "off_track" asks the pace to miss
    the target clearly with the baseline's uncertainty carried (a ward on the trajectory is
    then read as short in α/2 of cases), while the verdict at the deadline judges the window
    against the baseline as measured, so such a ward is not "on_track" either: without this,
    wards whose path ends 20 % above the target were "on_track" a month before the deadline
    for 0.56–0.60 (0.47–0.50 before the target's variance was carried) and "not_met" at it
    for 0.89–0.92."""
    unclear = underpowered(pace.se, np.exp(remaining), alpha)
    no_pace = win.young()
    return (
        ~win.reached
        & ~met_now
        & (
            (pace.fitted & unclear & ~pace.improving)
            | no_pace
            | pace.slowed
            | pace.slowing
            | pace.doubtful
        )
    )


def rising_past(already, reached, pace, level, better: int) -> np.ndarray:
    """True where a series whose baseline meets an absolute target already (``already``: a
    ceiling it is under, or a floor it is over, :func:`met_at_baseline`) has a pace that rises
    towards the target (``pace.improving``: its slope on the trajectory, which runs from the
    baseline to the target, above 0 at one-sided α) and, carried to the window judged at the
    deadline, is probably past it: beyond it by z₀.₈ of its standard errors (one-sided 80 %,
    the power the checks ask for; ``level`` on the pace's scale, ``better`` −1 where lower is
    better). Before the deadline only. Such a series is not "on_track" ("insufficient_data",
    "… above the target, though not clearly"); one clearly past it (at α/2) is "off_track"
    (``late``), as before.

    Its window stays at or under a ceiling until it crosses, and its pace moves "as the
    trajectory does": wards at 4 events a month whose rate rose linearly from 2/3 of a ceiling
    to 4/3 of it by the deadline ("not_met" there for 0.95) were "on_track" for 0.725 a year
    before it and 0.389 a month before; now 0.440 and 0.086. Wards that
    stay at 2/3 of the ceiling: 0.951 a year after the baseline (was 0.988), as before from two
    years; a rise over 24 months that stops at 0.9 × the ceiling ("met" for 0.95): 0.808 a
    year after the baseline, mid-rise (was 0.985), and 0.919 two years after it (0.996): until
    the rise stops, the data cannot tell it will (``benchmarks/ambition_ceiling.py``,
    ``tests/test_ambition_ceiling_rise.py``). The point alone (without z₀.₈) withheld
    "on_track" from 0.30 of the wards at 2/3 of the ceiling a year after the baseline.

    >>> from types import SimpleNamespace
    >>> pace = SimpleNamespace(value=np.log([14.2, 11.0, 12.5]), se=np.array([0.18, 0.1, 0.2]),
    ...                        fitted=np.array([True, True, True]), improving=np.ones(3, bool))
    >>> rising_past(np.array([True, True, True]), np.zeros(3, bool), pace, np.log(12), -1)
    array([ True, False, False])
    """
    with np.errstate(invalid="ignore"):
        z = stats.norm.ppf(POWER) * np.asarray(pace.se, dtype=float)
        value = np.asarray(pace.value, dtype=float)
        past = (value - z > level) if better < 0 else (value + z < level)
    heading = np.asarray(pace.improving, dtype=bool)  # rising towards it, at one-sided α
    return (
        np.asarray(already, dtype=bool)
        & ~np.asarray(reached, dtype=bool)
        & pace.fitted
        & heading
        & past
    )


def verdict_of(
    no_data: np.ndarray,
    weak: np.ndarray,
    reached: np.ndarray,
    point_met: np.ndarray,
    behind: np.ndarray,
    late: np.ndarray,
    early: np.ndarray,
    unclear: np.ndarray,
    clearly_met: np.ndarray,
    clearly_not_met: np.ndarray,
) -> np.ndarray:
    """The verdict per series in the documented order (module docstring).

    ``weak`` are the series whose data could not show a change of the ambition's size and did
    not show a change either (:func:`too_few`); they give ``"insufficient_data"`` only while
    they are inconclusive: an interval that already clears the target on either side at the
    deadline, or shows the window behind the trajectory before it, is an answer however few
    the events.
    """
    decided = (reached & (clearly_met | clearly_not_met)) | (~reached & behind)
    return np.select(
        [
            no_data,
            reached & clearly_met,
            reached & clearly_not_met,
            weak & ~decided,
            reached & point_met,
            reached,
            behind | late,
            early,
            unclear,
        ],
        [
            "insufficient_data",
            "met",
            "not_met",
            "insufficient_data",
            "met",
            "not_met",
            "off_track",
            "insufficient_data",
            "insufficient_data",
        ],
        "on_track",
    ).astype(object)


def level_alone(
    verdict: np.ndarray,
    alone: np.ndarray,
    reached: np.ndarray,
    usable: np.ndarray,
    clearly_met: np.ndarray,
    clearly_not_met: np.ndarray,
) -> np.ndarray:
    """The verdicts with those of the series judged on their window's level alone (``alone``:
    no baseline data, as a ward that opened after the baseline period, under an absolute
    target) put in. There is no baseline: no change, no trajectory and no pace to judge, nor
    a level to tell from the target with 80 % power; the window's level against the fixed
    target is all that can be judged, and it decides only where its interval clears the
    target (as for a baseline without events). ``usable``: data in at least two thirds of
    the window's periods.

    * The deadline reached: ``"met"`` when the window's interval lies wholly on the good side
      of the target, ``"not_met"`` when wholly on the bad side, else ``"insufficient_data"``.
    * Before it: ``"on_track"`` when the interval lies wholly on the good side (it is at the
      target already: not behind any trajectory from a baseline on the bad side of the
      target, whatever that baseline was), else ``"insufficient_data"``: a level above the
      target may be on or behind a trajectory from a baseline that is not known, so it is
      never ``"off_track"``.

    >>> v = np.array(["insufficient_data"] * 5, dtype=object)
    >>> alone = np.array([True, True, True, True, False])
    >>> reached = np.array([True, True, False, False, True])
    >>> yes, no = np.array([1, 0, 1, 0, 1], bool), np.array([0, 1, 0, 1, 0], bool)
    >>> level_alone(v, alone, reached, np.ones(5, bool), yes, no).tolist()
    ['met', 'not_met', 'on_track', 'insufficient_data', 'insufficient_data']
    """
    judged = np.select(
        [~usable, reached & clearly_met, reached & clearly_not_met, ~reached & clearly_met],
        ["insufficient_data", "met", "not_met", "on_track"],
        "insufficient_data",
    )
    return np.where(alone, judged, verdict).astype(object)
