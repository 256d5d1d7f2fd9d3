"""The trajectory from the baseline to the target, and the comparison of the data with it.

The comparison carries the baseline's own uncertainty: the expected count under the trajectory
is estimated (baseline level × the trajectory's multiplier), so "behind" is a two-sample
question, window (or cumulative) against baseline × trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .. import _kernels as K
from .._args import fmt
from .._warn import in_a_part, warn
from ..errors import DataError, TargetWarning
from ..frame import text_from_codes
from .intervals import rate_ratio_exact
from .window import Window

TRAJECTORIES = ("compound", "linear")


def _path(s: np.ndarray, b, g, trajectory) -> np.ndarray:
    """The named trajectory at fraction ``s`` of the way from the baseline level ``b`` to the
    target ``g``: compound b(g/b)^s (linear where a level is not positive) or linear."""
    linear = b + (g - b) * s
    if trajectory == "linear":
        return linear
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        compound = b * (g / b) ** s
    return np.where((b > 0) & (g > 0), compound, linear)


def _fraction(t, t0, reach) -> np.ndarray:
    """s = clip((t − t₀)/(t_r − t₀), 0, 1): 0 up to the trajectory's start, 1 from ``reach``."""
    return np.clip(K.divide(t - t0, reach - t0), 0.0, 1.0)


def trajectory_values(win: Window, base, tgt, trajectory, multiply) -> np.ndarray:
    """The target of every period (raw units): compound T_t = λ₀(T/λ₀)^s or linear
    T_t = λ₀ + (T − λ₀)s with s = clip((t − t₀)/(t_r − t₀), 0, 1), t_r the first period of the
    window judged at the deadline (``win.reach``), so that the trajectory is at the target over
    that whole window; or the user's column, as given."""
    if not (isinstance(trajectory, str) and trajectory in TRAJECTORIES):
        values = win.p.columns["trajectory"].astype(float) / multiply
        # a blank on a period the trajectory is compared on would change the method silently
        read = win.ok & (win.t >= win.t0[win.lay.seg])
        blank = np.flatnonzero(read & ~np.isfinite(values))
        if blank.size:
            raise DataError(
                f"trajectory={fmt(trajectory)}: the point {win.p.describe_point(int(blank[0]))} "
                f"has no trajectory value ({blank.size} such point"
                f"{'' if blank.size == 1 else 's'}); expected a number for every period with "
                "data from the trajectory's start on (fill the gap, e.g. by interpolating the "
                "trajectory sheet)."
            )
        _check_positive(win, values, read, trajectory, multiply)
        _check_scale(win, values, base, trajectory, multiply)
        return values
    seg = win.lay.seg
    s = _fraction(win.t, win.t0[seg], win.reach)
    return _path(s, base[seg], tgt[seg], trajectory)


def _check_positive(win: Window, values, read, trajectory, multiply) -> None:
    """Refuse a trajectory column with a value at or below 0 on a period it is compared on
    (``read``), naming the first such point and its value. A negative target is no level; a
    target of 0 ("zero tolerance") cannot be judged either: the trajectory is compared as a
    ratio of the events observed to those it expects, and none are expected (an ambition is
    a change of a positive level, as an absolute ``target`` is positive and ``change`` above
    −1). For never events, the time between events says more (``qi.spc(chart="g")``)."""
    bad = np.flatnonzero(read & (values <= 0))
    if not bad.size:
        return
    i = int(bad[0])
    more = f" ({bad.size} points at or below 0)" if bad.size > 1 else ""
    if values[i] < 0:
        why = "a negative target is no level of events"
    else:
        why = (
            "a target of 0 (zero tolerance) cannot be judged as the ambition judges a "
            "trajectory, by the ratio of the events observed to those it expects, since it "
            "expects none; to chart never events use the days or cases between them "
            '(qi.spc(..., chart="g") or chart="t")'
        )
    raise DataError(
        f"trajectory={fmt(trajectory)}: the point {win.p.describe_point(i)} has the trajectory "
        f"value {values[i] * multiply:g}{more}; expected a positive number (display units) for "
        f"every period with data from the trajectory's start on: {why}."
    )


#: How far (a factor, either way) a trajectory column's first value may be from its series'
#: baseline before it reads as a column on another scale: a legitimate trajectory starts at
#: the baseline level.
SCALE_FACTOR = 50.0


def _check_scale(win: Window, values, base, trajectory, multiply) -> None:
    """A TargetWarning when a user's trajectory column starts far (over ``SCALE_FACTOR`` times,
    either way) from its series' baselines: a column on another scale (rates per bed day
    beside ``multiply=1000``), which would put every series far behind or ahead of it. The
    first value of each series (its earliest period with data and a value) is compared with
    its baseline level; series where either is not positive say nothing."""
    lay = win.lay
    n = values.size
    if n == 0:
        return
    idx = np.minimum.reduceat(np.where(win.ok & np.isfinite(values), np.arange(n), n), lay.starts)
    has = idx < n
    first = np.where(has, values[np.minimum(idx, n - 1)], np.nan)
    factor = np.where((first > 0) & (base > 0), K.divide(first, base), np.nan)
    far = np.flatnonzero((factor > SCALE_FACTOR) | (factor < 1 / SCALE_FACTOR))
    if not far.size:
        return
    named = [
        [win.p.describe_series(int(s)), float(first[s] * multiply), float(base[s] * multiply)]
        for s in far[:3]
    ]
    found = FarTrajectory(
        fmt(trajectory), float(multiply), int(base.size), named, factor[far].tolist()
    )
    facts = {"key": "trajectory_scale", **vars(found)} if in_a_part() else None
    warn(found.message(), TargetWarning, facts=facts)


@dataclass
class FarTrajectory:
    """The series whose trajectory column starts far from their baseline, for the
    :class:`~qistats.TargetWarning` of :func:`_check_scale`: among how many series, the first
    three named with their first value and baseline (display units), and every such series'
    factor (first value / baseline), whose typical size the advice gives (a Spark task gives
    these facts for the driver to add up over every bucket)."""

    trajectory: str  # the argument as the message shows it
    multiply: float
    series: int
    named: list[list[Any]]  # [description, first value, baseline], the first 3
    factors: list[float]

    def message(self) -> str:
        """The warning's text: the first three named, the typical factor's fix."""
        count = len(self.factors)
        shown = "; ".join(
            f"{name}: {first:.4g} against a baseline of {b:.4g}"
            for name, first, b in self.named[:3]
        ) + (f" and {count - 3} more" if count > 3 else "")
        typical = float(np.exp(np.median(np.log(self.factors))))
        times = _times(_likely(max(typical, 1 / typical)))
        size = f"{times} times" if typical > 1 else f"1/{times} of"
        fix = f"{'divide' if typical > 1 else 'multiply'} the column by {times}"
        return (
            f"trajectory={self.trajectory}: the column starts at about {size} the baseline for "
            f"{count} of {self.series} series ({shown}); a trajectory starts at the baseline "
            f"level. It is read in display units (after multiply={self.multiply:g}): a column "
            f"on another scale (a rate per bed day beside multiply=1000)? If so, {fix}."
        )


def _likely(v: float) -> float:
    """The factor a column was likely scaled by: the nearest power of 10 when ``v`` is within
    a factor of 2 of it (1007 from noisy baselines: 1000), else ``v``."""
    power = 10.0 ** round(np.log10(v))
    return power if max(v / power, power / v) < 2 else v


def _times(v: float) -> str:
    """A factor for a message: whole above 10 (1000), else two figures (12, 3.4)."""
    return f"{v:.0f}" if v >= 10 else f"{v:.2g}"


def along(win: Window, traj, base, tgt, trajectory, log: bool):
    """The trajectory as the covariate of the pace: gₜ = h(Tₜ) − h(λ₀) per point (h = log for
    counts, the identity for means), its mean over the window judged at the deadline per series
    (the level a series keeping its pace along the trajectory reaches there is a + b·ḡ), and
    its value at each series' latest period in the window (what the trajectory still asks
    after the latest data is ḡ − g_end).

    Named trajectories are evaluated at the periods of the judged window (``win.judged``),
    whether or not the data reach them; a user's column is averaged over the rows it has in
    that window, and where it has none (a column given only for the periods with data so
    far), the judged window is at the target, where every trajectory ends: its last value
    (the trajectory's level now) carried a series exactly on it to a level the ambition does
    not ask for, "off_track". Missing once the deadline is reached: the
    judged window is then observed, and nothing is projected."""
    lay, seg = win.lay, win.lay.seg
    h = _log if log else (lambda v: v)
    g = h(traj) - h(base[seg])
    g = np.where(np.isfinite(g), g, np.nan)
    if isinstance(trajectory, str) and trajectory in TRAJECTORIES:
        s = _fraction(win.judged[None, :], win.t0[:, None], win.reach)
        path = _path(s, base[:, None], tgt[:, None], trajectory)
        g_judged = np.mean(h(path) - h(base[:, None]), axis=1)
    else:
        ok = np.isfinite(g)
        inside = ok & (win.t >= win.judged[0]) & (win.t <= win.td)
        g_judged = K.divide(
            K.seg_sum(np.where(inside, g, 0.0), inside, lay), K.seg_count(inside, lay).astype(float)
        )
        g_judged = np.where(np.isnan(g_judged), h(tgt) - h(base), g_judged)
    g_judged = np.where(win.reached, np.nan, g_judged)  # reached: the judged window is observed
    now = win.in_win & np.isfinite(g)
    return g, g_judged, K.seg_mean(np.where(now, g, 0.0), now, lay)


def _log(v):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.where(np.asarray(v) > 0, v, np.nan))


@dataclass(frozen=True)
class Versus:
    """Observed against expected under the trajectory: the ratio O/E, its interval (with the
    baseline's uncertainty) and the status."""

    observed: np.ndarray
    expected: np.ndarray
    ratio: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    status: np.ndarray  # "ahead", "as_expected", "behind" or None


def _status(lower, upper, better) -> np.ndarray:
    """Behind when the interval of O/E lies wholly on the bad side of 1, ahead when wholly on
    the good side, else as expected; so "behind" is a one-sided test at α/2. None of these
    words is a verdict's: the status compares with the trajectory, the verdict judges the
    ambition (the periods said "on_track" in the month judged "off_track")."""
    bad, good = (lower > 1, upper < 1) if better < 0 else (upper < 1, lower > 1)
    status = np.where(bad, "behind", np.where(good, "ahead", "as_expected")).astype(object)
    status[np.isnan(lower) | np.isnan(upper)] = None
    return status


def versus_counts(kind, k0, e0, o, e, rel, var_sum, f, alpha, better) -> Versus:
    """O events against E expected on the trajectory (any shape; per-series inputs broadcast).

    Rates: given K₀ + O, O is binomial (exact conditional comparison of O over the trajectory
    exposure ``rel`` = Σ nₜ·Tₜ/λ₀ with K₀ over E₀), on effective counts (÷ φ).
    Proportions: z = (O − E)/√V with the binomial variance
    V = φ[Σ nₜπₜ(1 − πₜ) + (Σ nₜrₜ)² p₀(1 − p₀)/N₀], rₜ = πₜ/p₀ (``var_sum`` is the first sum).
    """
    ratio = K.divide(o, e)
    k0, e0, o, e, rel, var_sum, f = np.broadcast_arrays(k0, e0, o, e, rel, var_sum, f)
    lo, hi = np.full(o.shape, np.nan), np.full(o.shape, np.nan)
    if kind == "rate":  # exact bounds only where defined (the costly part: inverse betas)
        ok = (rel > 0) & (k0 > 0)
        lo[ok], hi[ok] = rate_ratio_exact(
            k0[ok] / f[ok], e0[ok] / f[ok], o[ok] / f[ok], rel[ok] / f[ok], alpha
        )
    else:
        ok = e > 0
        p0 = np.clip(k0 / e0, 0.5 / e0, 1 - 0.5 / e0)
        sd = np.sqrt(f * (var_sum + rel * rel * p0 * (1 - p0) / e0))
        z = stats.norm.ppf(1 - alpha / 2)
        lo[ok], hi[ok] = ((o[ok] - z * sd[ok]) / e[ok], (o[ok] + z * sd[ok]) / e[ok])
    return Versus(o, e, ratio, lo, hi, _status(lo, hi, better))


def versus_means(n0, m0, s0, o, e, cnt, rel, alpha, better, c0, c1, d0, d1, most) -> Versus:
    """The sum of measurements O against E = Σ countₜ·Tₜ: t = (O − E)/√V with
    V = s₀²(c₁Σ countₜ + c₀(Σ countₜ·rₜ)²/n₀), rₜ = Tₜ/m₀ (the baseline mean's uncertainty),
    c₀ and c₁ the baseline's and the window's factors for period-to-period variation
    (:mod:`.clustered`; 1 without it) and t on the Welch–Satterthwaite degrees of freedom of
    the two terms, on d₀ and d₁ each, at most ``most`` (:func:`.intervals.fieller_ratio`)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        a, b = c1 * cnt, c0 * rel * rel / n0
        sd = s0 * np.sqrt(a + b)
        dof = np.fmin((a + b) ** 2 / (a * a / d1 + b * b / d0), most)
        q = stats.t.ppf(1 - alpha / 2, np.maximum(dof, 1))
    lo, hi = K.divide(o - q * sd, e), K.divide(o + q * sd, e)
    bad = ~(e > 0) | ~(cnt > 0) | ~np.isfinite(sd)
    lo, hi = np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)
    return Versus(o, e, K.divide(o, e), lo, hi, _status(lo, hi, better))


def seg_cumsum(v: np.ndarray, lay: K.Layout) -> np.ndarray:
    """Cumulative sum of ``v`` within each series, never across series.

    The points are laid out as a (series × position) grid and summed along each row, so a
    NaN or an infinity in one series cannot reach another.
    """
    pos = K.position_in_segment(lay.starts, lay.n_points)
    width = int(lay.lengths().max()) if lay.n_seg else 0
    grid = np.zeros((lay.n_seg, width))
    grid[lay.seg, pos] = v
    return np.cumsum(grid, axis=1)[lay.seg, pos]


def cumulative(win: Window, on: np.ndarray, *columns: np.ndarray) -> list[np.ndarray]:
    """Each column summed from the trajectory's start to every period, within each series."""
    return [seg_cumsum(np.where(on, c, 0.0), win.lay) for c in columns]


#: The columns of ``periods`` after the by and x columns, in order.
PERIOD_COLUMNS = (
    "y",
    "n",
    "value",
    "period",
    "trajectory",
    "expected",
    "cum_observed",
    "cum_expected",
    "oe",
    "oe_lower",
    "oe_upper",
    "cumulative_status",
)


#: The words of ``periods.period``, in the order of their codes in :func:`periods_frame`.
_PERIOD_WORDS = ("baseline", "comparison", "before", "between", "gap", "later")


def periods_frame(win: Window, on, traj, expected, vs: Versus, multiply, none=None) -> pd.DataFrame:
    """The per-period table, from the cumulative comparison with the trajectory. ``none``: per
    series, no trajectory (a baseline that meets an absolute target already asks no change),
    so its trajectory and the comparison with it are missing."""
    p, t = win.p, win.t
    if none is not None:
        on = on & ~np.asarray(none, dtype=bool)[win.lay.seg]
    status = vs.status.copy()
    status[~on] = None
    period = np.where(win.in_base, 0, np.where(win.in_win, 1, np.where(t < win.b1, 2, 3)))
    period[~win.ok] = 4
    period[win.later] = 5
    out = p.keys.copy()
    out["y"] = p.output("y")  # the user's column itself when it can be (no float copy)
    out["n"] = p.output("n") if p.n is not None else p.stats["count"]
    out["value"] = p.value * multiply
    out["period"] = text_from_codes(_PERIOD_WORDS, period)
    drawn = on | (t >= win.t0[win.lay.seg])
    if none is not None:
        drawn &= ~np.asarray(none, dtype=bool)[win.lay.seg]
    out["trajectory"] = np.where(drawn, traj * multiply, np.nan)
    out["expected"] = np.where(on, expected, np.nan)
    out["cum_observed"] = np.where(on, vs.observed, np.nan)
    out["cum_expected"] = np.where(on, vs.expected, np.nan)
    out["oe"] = np.where(on, vs.ratio, np.nan)
    out["oe_lower"] = np.where(on, vs.lower, np.nan)
    out["oe_upper"] = np.where(on, vs.upper, np.nan)
    out["cumulative_status"] = pd.Series(status, index=out.index, dtype=object)
    return out
