"""Where the baseline, the assessment window and the trajectory lie, per series.

The estimand of every comparison is *the level in the assessment window*: the last ``size``
periods after the baseline (never overlapping it) up to ``as_of``; once ``as_of`` is on or
after the deadline, the ``size`` periods ending at the deadline. Periods are those of the
calendar of the whole data's x step (:mod:`qistats._calendar`), so every series is judged on
the same stretch, alone or among others, and a series missing a period has a gap there.
``compare=(first, last)`` replaces it by an explicit window, which must lie after the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from .._args import fmt, local_instants
from .._calendar import QUARTER, Calendar, Months, Steps
from ..errors import ArgumentError


@dataclass(frozen=True)
class Window:
    """The prepared points and where the baseline, the window and the trajectory lie."""

    p: Any  # frame.Prepared
    lay: K.Layout  # one segment per series
    t: np.ndarray  # x of every point as a number
    ok: np.ndarray  # usable points up to the end of the window (not missing, not closed)
    later: np.ndarray  # points after the end of the window (after as_of, or the deadline)
    in_base: np.ndarray  # usable points of the baseline
    after: np.ndarray  # usable points after the baseline, up to the end of the window
    in_win: np.ndarray  # usable points of the assessment window
    n_base: np.ndarray  # baseline periods per series
    b1: float  # last x of the baseline
    t0: np.ndarray  # start of the trajectory, per series
    td: float  # the deadline
    reached: np.ndarray  # per series: judged at the deadline (as_of on or after it)
    start: np.ndarray  # first x of each series' window (NaN when empty)
    end: np.ndarray  # last x of each series' window (NaN when empty)
    final: float  # x of the window's last period (as_of's period, or the deadline's)
    reach: float  # where the named trajectories reach the target: the deadline window's start
    judged: np.ndarray  # x keys of the periods of the window judged at the deadline
    length: int  # calendar periods in the assessment window (0: a compare= window)
    trend: int  # periods after the baseline a trend needs (projection.trend_periods)
    step: np.ndarray  # per series: its own step, in calendar periods (own_step)
    unit: str  # what a period is called: "month", "quarter", "week", "year" or "period"
    base_length: int = 0  # calendar periods of the baseline period
    cover: tuple[int, int] = (0, 0)  # months a period holds before and after its date (cover)
    tail: np.ndarray | None = None  # per series: window periods after its latest data (stale)
    asked: int = 0  # window= periods asked when fewer lie between the baseline and deadline
    first: float = np.nan  # x of the window's first calendar period (NaN: a compare= window)
    base_wanted: int = 12  # baseline periods below which warnings say "only n" (a year's)

    def thin_baseline(self) -> np.ndarray:
        """Per series: usable baseline data in fewer than two thirds of the baseline period's
        periods (a ward that opened late; each point covers the series' own step, as in
        :meth:`thin`). Judged all the same (the baseline is what it is), but the reason says
        so. A series with no baseline data is not thin (it has none)."""
        cover = np.minimum(self.n_base * self.step, self.base_length)
        return (self.n_base > 0) & (3 * cover < 2 * self.base_length)

    def young(self) -> np.ndarray:
        """Per series: usable data in fewer periods after the baseline than a pace needs
        (``trend``: 12 months, 6 quarters), so there is no pace yet to tell a series that
        stalls from one that goes on (:func:`qistats.ambition.verdict.pace_unclear`)."""
        return K.seg_count(self.after, self.lay) < self.trend

    def thin(self) -> np.ndarray:
        """Per series: data in fewer than two thirds of the assessment window's periods (a
        closed ward, a ward that stopped reporting): too few to judge, however many events.
        Each point covers the series' own step (:func:`own_step`: a ward reporting every
        other month covers the window with half its periods). A ward with no data in the
        window is not thin (it has no data)."""
        have = K.seg_count(self.in_win, self.lay)
        cover = np.minimum(have * self.step, self.length)
        return (have > 0) & (3 * cover < 2 * self.length)


def cover(cal: Calendar) -> tuple[int, int]:
    """The months a period of ``cal`` holds before and after the month of its date, for the
    reasons' words: quarters (and two-month steps) dated at their start hold the months from
    their date on, (0, 2); dated at their end the months up to it, (2, 0); anything else is
    its own date, (0, 0). So the year of quarters dated 1 Apr 2023 to 1 Jan 2024 reads
    "Apr 2023–Mar 2024", not "Apr 2023–Jan 2024".

    >>> cover(Months(m0=0, k=3, day=0)), cover(Months(m0=2, k=3, day=-1)), cover(Months(0, 1, 0))
    ((0, 2), (2, 0), (0, 0))
    """
    if not (isinstance(cal, Months) and 1 < cal.k <= QUARTER):
        return (0, 0)
    return (cal.k - 1, 0) if cal.day < 0 else (0, cal.k - 1)


def period_word(cal: Calendar, dates: bool) -> str:
    """What a period of the calendar is called in the reasons ("month-to-month variation").

    >>> from qistats._calendar import Months
    >>> period_word(Months(0, 3, 0), True), period_word(Months(0, 1, -1), True)
    ('quarter', 'month')
    """
    if isinstance(cal, Months):
        return {1: "month", 3: "quarter", 12: "year"}.get(cal.k, "period")
    if isinstance(cal, Steps) and dates:
        return {7: "week", 1: "day"}.get(round(cal.s / 86_400e9, 6), "period")
    return "period"


def own_step(cal: Calendar, t: np.ndarray, ok: np.ndarray, lay: K.Layout) -> np.ndarray:
    """Per series, the smallest number of calendar periods between its consecutive usable
    points (1 without two of them): 2 for a ward whose every return covers two months among
    monthly wards, 1 for a monthly ward however many months it misses.

    >>> from qistats._calendar import Steps
    >>> lay = K.Layout(np.repeat([0, 1], 4), np.array([0, 4]))
    >>> t = np.array([1.0, 3, 5, 7, 1, 2, 3, 9])
    >>> own_step(Steps(1.0, 1.0), t, np.ones(8, dtype=bool), lay)
    array([2., 1.])
    """
    pos = np.flatnonzero(ok)
    idx = np.asarray(cal.last(t[pos]), dtype=float)
    same = lay.seg[pos[1:]] == lay.seg[pos[:-1]]
    gap = np.full(t.shape, np.inf)
    gap[pos[1:][same]] = np.diff(idx)[same]
    step = np.fmin.reduceat(gap, lay.starts) if t.size else np.ones(lay.n_seg)
    return np.where(np.isfinite(step) & (step >= 1), step, 1.0)


@dataclass(frozen=True)
class WallClock:
    """The x converter of a time-zone-aware date column, with keys in the zone's wall-clock
    time (nanoseconds of the local date and time, as if it were UTC): 1 April 00:00 BST is
    the 1st of its month, as the ambition's calendar of months and its words need, not
    31 March 23:00 UTC. :func:`to_x` gives the zone back."""

    conv: Any  # the column's own converter (keys in UTC)
    tz: Any

    @property
    def series(self) -> Any:
        return self.conv.series

    def kind(self) -> str:
        return "datetime"

    def zone(self) -> Any:
        return self.tz

    def keys(self, values: Any, arg: str) -> np.ndarray:
        return wall_keys(self.conv.keys(values, arg), self.tz)


def wall_keys(utc: np.ndarray, tz: Any) -> np.ndarray:
    """UTC nanosecond keys as nanoseconds of the wall-clock time in zone ``tz``."""
    stamps = pd.DatetimeIndex(pd.to_datetime(np.asarray(utc, dtype=np.int64), utc=True))
    return stamps.tz_convert(tz).tz_localize(None).as_unit("ns").asi8


def wall_time(p: Any) -> Any:
    """The prepared points ``p`` with x keys in wall-clock time when x is a time-zone-aware
    date (see :class:`WallClock`), else ``p`` itself."""
    tz = p.x_converter.zone()
    if tz is None:
        return p
    return replace(p, xkey=wall_keys(p.xkey, tz), x_converter=WallClock(p.x_converter, tz))


def scalar_time(conv: Any, value: Any, arg: str) -> float:
    """One x value (a date, a number) as its numeric sort key."""
    return float(conv.keys(value, arg)[0])


def to_x(conv: Any, t: np.ndarray) -> Any:
    """Numeric sort keys back to x values (dates for a date axis, the labels of a categorical
    one; NaN, and a key between two categories, stays missing)."""
    kind = conv.kind()
    if kind == "category":
        cats = conv.series.cat
        whole = np.isfinite(t) & (t == np.round(np.nan_to_num(t))) & (t >= 0)
        whole &= t < len(cats.categories)
        codes = np.where(whole, np.nan_to_num(t), -1).astype(np.int64)
        return pd.Categorical.from_codes(codes, cats.categories, ordered=cats.ordered)
    if kind == "datetime":
        out = np.full(t.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
        ok = np.isfinite(t) & (np.abs(t) < 9e18)
        out[ok] = t[ok].astype(np.int64).astype("datetime64[ns]")
        dates = pd.to_datetime(out).normalize()
        tz = conv.zone()
        if tz is None:
            return dates
        # wall-clock midnights back in their zone: the day's first instant (never NaT)
        return local_instants(dates, tz)
    return t


def assessment_window(
    cal: Calendar, t: np.ndarray, ok: np.ndarray, b1: float, end: float, size: int
) -> np.ndarray:
    """The mask of the assessment window: the last ``size`` periods of the calendar ``cal``
    after the baseline (which ends at ``b1``) and up to ``end`` (the deadline once it is
    reached, else ``as_of``). The window is the same stretch of x for every series; a series
    without a usable value in one of its periods has a gap there."""
    last = int(cal.last(end))
    first = int(cal.last(b1)) + 1
    if last < first:
        return np.zeros(t.shape, dtype=bool)
    return ok & (cal.last(t) >= max(last - size + 1, first)) & (t <= end)


def window_length(cal: Calendar, b1: float, end: float, size: int) -> int:
    """The number of calendar periods of :func:`assessment_window` (at most ``size``)."""
    last, first = int(cal.last(end)), int(cal.last(b1)) + 1
    return max(0, last - max(last - size + 1, first) + 1)


def judged_window(cal: Calendar, b1: float, td: float, size: int, t0: float):
    """The x keys of the ``size`` periods ending at the deadline ``td`` (after the baseline,
    which ends at ``b1``): the window judged at the deadline; and where the named trajectories
    reach the target: that window's first period, so that a series on the trajectory is at the
    target over the whole window the deadline is judged on. When the trajectory starts (``t0``)
    at or after that period, it reaches the target at the deadline."""
    last = int(cal.last(td))
    first = max(last - size + 1, int(cal.last(b1)) + 1)
    keys = np.array([cal.point(i, td) for i in range(first, last + 1)], dtype=float)
    keys = keys[(keys > b1) & (keys <= td)] if keys.size else keys
    if not keys.size:
        keys = np.array([td])
    reach = float(keys[0]) if keys[0] > t0 else td
    return keys, reach


def window_bounds(t: np.ndarray, in_win: np.ndarray, lay: K.Layout):
    """First and last x of each series' window (NaN when it is empty)."""
    lo = np.minimum.reduceat(np.where(in_win, t, np.inf), lay.starts)
    hi = np.maximum.reduceat(np.where(in_win, t, -np.inf), lay.starts)
    return np.where(np.isfinite(lo), lo, np.nan), np.where(np.isfinite(hi), hi, np.nan)


def compare_window(
    conv: Any, compare: Any, t: np.ndarray, b1: float, snap: Any = float, when: Any = None
) -> np.ndarray:
    """The mask of an explicit ``compare=(first, last)`` window, checked; ``snap`` takes each
    bound to the key of the period holding it (the calendar's :meth:`snap`); ``when``, where
    given, reads each bound instead (``when(value, arg, end)``: a month written as one is the
    weeks dated in it, see ``qistats.ambition.api._when``)."""
    if isinstance(compare, (str, bytes)) or not (
        isinstance(compare, (tuple, list)) and len(compare) == 2
    ):
        raise ArgumentError(
            f"compare={fmt(compare)}: expected (first x, last x) of the comparison window, "
            "inclusive, e.g. ('2023-04-01', '2024-03-01')."
        )
    if when is None:
        c0 = snap(scalar_time(conv, compare[0], "compare"))
        c1 = snap(scalar_time(conv, compare[1], "compare"))
    else:
        c0, c1 = when(compare[0], "compare", False), when(compare[1], "compare", True)
    if c1 < c0:
        raise ArgumentError(f"compare={fmt(compare)}: its end is before its start.")
    if c0 <= b1:
        raise ArgumentError(
            f"compare={fmt(compare)}: it overlaps the baseline (the baseline ends at or after "
            "its start); the comparison window must lie after the baseline."
        )
    return (t >= c0) & (t <= c1)
