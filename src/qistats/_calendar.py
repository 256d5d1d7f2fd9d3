"""The calendar of periods of an x column: the periods an ambition's baseline and assessment window
are counted in, and the period a date given to ``qi.funnel(period=...)`` names.

The step is inferred from the distinct x values of the data given (every series): the most
common difference between consecutive ones, when at least half of them are that step; for dates
all on one day of the month (or all on month ends) counted in calendar months, so that months of
28-31 days are one step each, else a fixed step (weeks, days, a numeric step). When every
distinct x lies on the grid of that step, the calendar is the whole grid, including periods no
series has a row for, and a period is the same period whatever data a series has. Otherwise
(irregular x, categories, a single x value) the periods are the distinct x values of the data;
an ambition first tries :func:`months_by_series` (monthly dates on different days).

Periods are numbered by integers; :meth:`last` gives, for x keys, the number of the last
period at or before each (before, with ``strict``), and :meth:`point` the x key of a period.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np

_TOL = 1e-9  # relative tolerance for x on the grid of a numeric step
#: Periods shorter than this (ns) are days, or dates of single records: not months or weeks.
WEEK_NS = 7 * 86_400e9
QUARTER = 3  # the longest step of months whose periods hold the dates given inside them


def _common(d: np.ndarray) -> Any:
    """The most common value (the smallest among ties) when it is at least half of ``d``,
    else None (no common step)."""
    vals, counts = np.unique(d, return_counts=True)
    i = np.argmax(counts)
    return vals[i] if 2 * counts[i] >= d.size else None


@dataclass(frozen=True)
class Distinct:
    """Irregular x: the periods are the distinct x values of the data."""

    u: np.ndarray  # the distinct x keys, sorted

    def last(self, v: Any, strict: bool = False) -> Any:
        return np.searchsorted(self.u, v, side="left" if strict else "right") - 1

    def point(self, i: int, after: float) -> float:
        """The x key of period ``i``; ``after`` nudged up when there is no such period."""
        return float(self.u[i]) if 0 <= i < self.u.size else float(np.nextafter(after, np.inf))

    def snap(self, v: float) -> float:
        """An x given (a bound, a deadline) as itself: distinct x hold no other x."""
        return float(v)

    def holds(self, t: np.ndarray) -> bool:
        """Whether every x key of ``t`` is one of the periods."""
        return bool(np.isin(t, self.u).all())


@dataclass(frozen=True)
class Steps:
    """A fixed step ``s`` from ``a`` (numbers, or dates a fixed time apart)."""

    a: float
    s: float

    def last(self, v: Any, strict: bool = False) -> Any:
        r = (np.asarray(v, dtype=float) - self.a) / self.s
        out = np.ceil(r - _TOL) - 1 if strict else np.floor(r + _TOL)
        return out.astype(np.int64)

    def point(self, i: int, after: float) -> float:
        return self.a + i * self.s

    def snap(self, v: float) -> float:
        """An x given as itself: a fixed step (weeks, days, numbers) has no calendar period
        that a date inside it would name unambiguously."""
        return float(v)

    def holds(self, t: np.ndarray) -> bool:
        """Whether every x key of ``t`` lies on the grid of the step."""
        r = (np.asarray(t, dtype=float) - self.a) / self.s
        return bool(np.all(np.abs(r - np.round(r)) <= 1e-6))


@dataclass(frozen=True)
class Months:
    """A step of ``k`` calendar months from month ``m0`` (months since 1970-01), every date on
    day ``day`` (0-based) of its month, or on the month's last day when ``day`` is -1."""

    m0: int
    k: int
    day: int

    def _key(self, j: Any) -> np.ndarray:
        month = (self.m0 + np.asarray(j, dtype=np.int64) * self.k).astype("datetime64[M]")
        if self.day < 0:
            date = (month + 1).astype("datetime64[D]") - 1
        else:
            date = month.astype("datetime64[D]") + self.day
        return date.astype("datetime64[ns]").astype(np.int64).astype(float)

    def last(self, v: Any, strict: bool = False) -> Any:
        v = np.asarray(v, dtype=float)
        month = v.astype(np.int64).astype("datetime64[ns]").astype("datetime64[M]")
        j = (month.astype(np.int64) - self.m0) // self.k
        key = self._key(j)
        return j - ((key >= v) if strict else (key > v))

    def point(self, i: int, after: float) -> float:
        return float(self._key(i))

    def snap(self, v: float) -> float:
        """The x key of the period that holds the date ``v`` (midnight keys, any day of the
        month): its own month's for monthly data, so that "2022-03-01" is March 2022 whether
        the data are dated on the 1st or on month ends. A period of ``k`` months holds the
        months from its date on when the data are dated on a day of the month (quarters
        dated at their start), and the months up to its date when they are dated on month
        ends (quarters dated at their end). Steps of more than a quarter (years) take the date
        as given: a deadline in March of yearly data is not its year's first day."""
        if self.k > QUARTER:
            return float(v)
        month = np.int64(v).astype("datetime64[ns]").astype("datetime64[M]").astype(np.int64)
        steps = (month - self.m0) / self.k
        j = np.ceil(steps) if self.day < 0 else np.floor(steps)
        return float(self._key(int(j)))

    def holds(self, t: np.ndarray) -> bool:
        """Whether every x key of ``t`` is the date of a period (its day of the month, at
        midnight, in a month on the grid of ``k`` months)."""
        t = np.asarray(t, dtype=float)
        month = t.astype(np.int64).astype("datetime64[ns]").astype("datetime64[M]")
        j = (month.astype(np.int64) - self.m0) // self.k
        return bool(np.all(self._key(j) == t))


Calendar = Distinct | Steps | Months


def infer_calendar(kind: str, t: np.ndarray, given: np.ndarray | None = None) -> Calendar:
    """The calendar of the x keys ``t`` (every point of every series) of an x column of
    ``kind`` (the converter's: "datetime", "number", "position" or "category").

    ``given``: more x keys that say what the periods are (an ambition's ``calendar=``). Their
    own step is the calendar when every x of ``t`` lies on its grid, so that a short list of
    consecutive months makes the periods months for a ward that reports every other month;
    else the calendar is inferred from ``t`` and ``given`` together."""
    if given is not None:
        own = infer_calendar(kind, given)
        if not isinstance(own, Distinct) and own.holds(t[np.isfinite(t)]):
            return own
        return infer_calendar(kind, np.concatenate([t, given]))
    u = np.unique(t[np.isfinite(t)])
    cal = None
    if u.size >= 2 and kind == "datetime":
        cal = _months(u) or _steps(u)
    elif u.size >= 2 and kind in ("number", "position"):
        cal = _steps(u)
    return cal or Distinct(u)


def _steps(u: np.ndarray) -> Steps | None:
    """A fixed step when every distinct x is on its grid, else None."""
    scale = float(np.max(np.abs(u))) * _TOL or _TOL
    step = _common(np.round(np.diff(u) / scale))
    if step is None or step <= 0:
        return None
    s = float(step * scale)
    s = float(u[-1] - u[0]) / round(float(u[-1] - u[0]) / s)  # exact for x on the grid
    r = (u - u[0]) / s
    if np.any(np.abs(r - np.round(r)) > 1e-6):
        return None
    return Steps(float(u[0]), s)


def data_calendar(
    kind: str, t: np.ndarray, series: np.ndarray, given: np.ndarray | None = None
) -> tuple[Calendar, np.ndarray]:
    """The calendar of the periods of points ``t`` (x keys, every series; ``series`` each
    point's, points sorted by series then x), and the keys in it: :func:`infer_calendar`'s
    (``kind``: the x converter's), or, for dates that are not regular (:class:`Distinct`),
    calendar months when no series has two dates in one month (monthly dates on different
    days: month ends beside 1sts, last working days), with ``t`` snapped to the months' keys
    (:func:`months_by_series`). The same for a step of days, inferred from every series'
    dates together (or from ``given``, such as a Spark call's every x): many units' monthly
    returns dated on the last few days of each month are a day apart in turn, but each unit's
    are a month apart (ten units' returns dated 28 to 31 March, and so on, made days the
    periods of an ambition, and every unit's window 'insufficient_data').

    >>> import pandas as pd
    >>> t = pd.to_datetime(["2024-01-31", "2024-02-29", "2024-03-28"]).as_unit("ns").asi8
    >>> data_calendar("datetime", t.astype(float), np.zeros(3, dtype=np.intp))[0]
    Months(m0=648, k=1, day=0)
    >>> t = pd.to_datetime(["2024-01-30", "2024-02-28", "2024-01-31", "2024-02-29"])
    >>> data_calendar("datetime", t.as_unit("ns").asi8.astype(float), np.r_[0, 0, 1, 1])[0]
    Months(m0=648, k=1, day=0)
    """
    cal = infer_calendar(kind, t, given)
    days_pooled = isinstance(cal, Steps) and cal.s < WEEK_NS
    if (isinstance(cal, Distinct) or days_pooled) and kind == "datetime":
        months = months_by_series(t, series, given)
        if months is not None:
            cal, t = months
    return cal, t


def _months(u: np.ndarray) -> Months | None:
    """A step of whole calendar months when every date is at midnight on one day of the month
    (or on month ends) and every month is on the grid, else None."""
    ns = u.astype(np.int64).astype("datetime64[ns]")
    date = ns.astype("datetime64[D]")
    if np.any(date != ns):
        return None
    month = date.astype("datetime64[M]")
    dom = (date - month.astype("datetime64[D]")).astype(np.int64)
    if np.all(date + 1 == (month + 1).astype("datetime64[D]")):
        day = -1
    elif np.all(dom == dom[0]) and dom[0] < 28:  # a day every month has
        day = int(dom[0])
    else:
        return None
    return _month_grid(np.unique(month.astype(np.int64)), day)


def _month_grid(m: np.ndarray, day: int) -> Months | None:
    """Months every ``k`` from the first of the sorted distinct months ``m`` (since 1970-01),
    ``k`` their common step, when every month is on that grid; else None."""
    k = _common(np.diff(m)) if m.size > 1 else None
    if k is None or k < 1 or np.any((m - m[0]) % k):
        return None
    return Months(int(m[0]), int(k), day)


def _month_of(t: np.ndarray) -> np.ndarray:
    """The month (since 1970-01) of each finite ns key of ``t`` (0 where missing)."""
    ns = np.where(np.isfinite(t), t, 0.0).astype(np.int64).astype("datetime64[ns]")
    return ns.astype("datetime64[M]").astype(np.int64)


def months_by_series(
    t: np.ndarray, seg: np.ndarray, given: np.ndarray | None = None
) -> tuple[Months, np.ndarray] | None:
    """Calendar months for dates not all on one day of the month (last working days; one
    extract dated on month ends beside others dated on the 1st; one row dated 29 February):
    when no series (``seg``: each point's series; points sorted by series, then x) has two
    dates in one month and every month (of ``t`` and of the ``given`` x keys that also say
    what the periods are, such as the whole data's x) lies on a grid of ``k`` months, the
    periods are months (``k`` of them each), keyed on their first day. Returns the calendar
    and ``t`` snapped to the keys of the periods that hold its dates; None otherwise (weekly
    data have several dates a month).

    >>> import pandas as pd
    >>> t = pd.to_datetime(["2024-01-31", "2024-02-29", "2024-03-01", "2024-01-01"])
    >>> cal, snapped = months_by_series(t.as_unit("ns").asi8.astype(float), np.r_[0, 0, 0, 1])
    >>> cal.k, pd.to_datetime(snapped).strftime("%Y-%m-%d").tolist()
    (1, ['2024-01-01', '2024-02-01', '2024-03-01', '2024-01-01'])
    """
    ok = np.isfinite(t)
    if ok.sum() < 2:
        return None
    month = _month_of(t)
    same = (seg[1:] == seg[:-1]) & ok[1:] & ok[:-1]
    step = np.diff(month)[same]
    if step.size == 0 or np.any(step < 1):
        return None
    extra = np.empty(0, dtype=np.int64) if given is None else _month_of(given[np.isfinite(given)])
    cal = _month_grid(np.unique(np.r_[month[ok], extra]), 0)
    if cal is None:
        return None
    return cal, np.where(ok, cal._key((month - cal.m0) // cal.k), np.nan)


def month_keys(cal: Months, t: np.ndarray) -> np.ndarray:
    """The key of the period of calendar months ``cal`` (dated on the 1st) that holds each
    date of ``t`` (ns keys; NaN kept): its own month's first day for monthly periods. Integer
    keys are read as integers: the last nanosecond of a month (the end of ``"2021-03"``) is
    1 April as a float.

    >>> end = np.datetime64("2021-04-01", "ns").astype(np.int64) - 1
    >>> str(np.int64(month_keys(Months(0, 1, 0), np.array([end]))[0]).astype("datetime64[ns]"))
    '2021-03-01T00:00:00.000000000'
    """
    t = np.asarray(t)
    if t.dtype.kind in "iu":
        month = t.astype("datetime64[ns]").astype("datetime64[M]").astype(np.int64)
        return cal._key((month - cal.m0) // cal.k)
    t = t.astype(float)
    return np.where(np.isfinite(t), cal._key((_month_of(t) - cal.m0) // cal.k), np.nan)


def unit_calendar(kind: str, t: np.ndarray, unit: np.ndarray) -> tuple[Calendar, np.ndarray]:
    """The calendar of the x keys ``t`` of rows in any order (``unit``: each row's unit; several
    rows of one unit at one x allowed, as :func:`qistats.funnel` sums them), and each row's
    key in it: :func:`infer_calendar`'s, or calendar months with each key snapped to its
    month's when the units date their months on different days (the 1st, month ends) or on
    days that differ from month to month (last working days), one date of a unit a month
    (:func:`data_calendar`, as :func:`qistats.ambition` reads them).

    >>> import pandas as pd
    >>> t = pd.to_datetime(["2024-03-01", "2024-02-29", "2024-02-01", "2024-03-31", "2024-03-31"])
    >>> cal, k = unit_calendar("datetime", t.as_unit("ns").asi8.astype(float), np.r_[0, 1, 0, 1, 1])
    >>> cal, pd.to_datetime(k).strftime("%d %b").tolist()
    (Months(m0=649, k=1, day=0), ['01 Mar', '01 Feb', '01 Feb', '01 Mar', '01 Mar'])
    """
    t = np.asarray(t, dtype=float)
    if kind == "datetime":
        order = np.lexsort((t, unit))
        ts, us = t[order], unit[order]
        first = np.ones(t.size, dtype=bool)
        first[1:] = (us[1:] != us[:-1]) | (ts[1:] != ts[:-1])
        cal, _ = data_calendar(kind, ts[first], us[first])
        if isinstance(cal, Months) and not cal.holds(t[np.isfinite(t)]):
            return cal, month_keys(cal, t)  # snapped: months dated on different days
        return cal, t
    return infer_calendar(kind, t), t


def mixed_months(
    t: np.ndarray, series: np.ndarray, given: np.ndarray | None = None
) -> tuple[Months, np.ndarray] | None:
    """Calendar months, and the ns keys ``t`` snapped to them (:func:`months_by_series`), when
    the dates (of ``t``, and of ``given``, such as a Spark call's every x) are all at midnight
    on the first or the last day of their month or its first or last working day (Monday to
    Friday), not all one of these (two extracts merged, one dating its months on the 1st and
    one on month ends or last working days) and no series has two in one month; else None:
    one convention (every date the 1st, or every date a last working day), other days (dates
    of single events), weeks, days.

    >>> import pandas as pd
    >>> t = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-31", "2024-02-29"])
    >>> cal, k = mixed_months(t.as_unit("ns").asi8.astype(float), np.r_[0, 0, 1, 1])
    >>> pd.to_datetime(k).strftime("%Y-%m-%d").tolist()
    ['2024-01-01', '2024-02-01', '2024-01-01', '2024-02-01']
    >>> mixed_months(t[:2].as_unit("ns").asi8.astype(float), np.r_[0, 1]) is None
    True
    >>> work = pd.to_datetime(["2024-03-01", "2024-04-01", "2024-03-29", "2024-04-30"])
    >>> cal, k = mixed_months(work.as_unit("ns").asi8.astype(float), np.r_[0, 0, 1, 1])
    >>> pd.to_datetime(k).strftime("%d %b").tolist()  # 29 March 2024: a Friday
    ['01 Mar', '01 Apr', '01 Mar', '01 Apr']
    >>> events = pd.to_datetime(["2024-01-01", "2024-02-15", "2024-01-31"])
    >>> mixed_months(events.as_unit("ns").asi8.astype(float), np.r_[0, 0, 1]) is None
    True
    """
    every = np.asarray(t, dtype=float)
    if given is not None:
        every = np.concatenate([every, np.asarray(given, dtype=float)])
    u = np.unique(every[np.isfinite(every)])
    ns = u.astype(np.int64).astype("datetime64[ns]")
    date = ns.astype("datetime64[D]")
    if u.size < 2 or np.any(date != ns):
        return None
    month = date.astype("datetime64[M]")
    start = month.astype("datetime64[D]")
    end = (month + 1).astype("datetime64[D]") - 1
    ways = np.stack(  # the 1st, the last day, the first and the last working day
        [
            date == start,
            date == end,
            date == np.busday_offset(start, 0, roll="forward"),
            date == np.busday_offset(end, 0, roll="backward"),
        ]
    )
    if not ways.any(axis=0).all() or ways.all(axis=1).any():
        return None  # a day that is none of these, or one way for every date
    return months_by_series(np.asarray(t, dtype=float), series, given)


#: The whole data's x keys (a Spark call's every x, collected on the driver), which say
#: whether months are dated on different days when a bucket holds only some series.
_DATA_X: ContextVar[np.ndarray | None] = ContextVar("qistats_data_x", default=None)


@contextmanager
def data_x(keys: np.ndarray | None) -> Iterator[None]:
    """Within the block, :func:`mixed_months` in :func:`qistats.spc` reads the whole data's
    x keys ``keys`` beside a bucket's own."""
    token = _DATA_X.set(keys)
    try:
        yield
    finally:
        _DATA_X.reset(token)


def given_x() -> np.ndarray | None:
    """The whole data's x keys set by :func:`data_x`, or None."""
    return _DATA_X.get()
