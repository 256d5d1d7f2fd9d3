"""pandas Period x on the charts: each period drawn at its start (as docs/missing.rst says x
Periods are read), ticked and named as the period it is ("Apr–Jun 2024", "2023/24")."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# every 4 quarters (8, …) falls on the same quarter of each year, as for quarterly dates
_QUARTER_STEPS = (1, 2, 4, 8, 12, 20, 40)
_YEAR_STEPS = (1, 2, 5, 10, 20, 50)


def is_periods(x: Any) -> bool:
    """Whether ``x`` (a Series) holds pandas Periods."""
    return isinstance(getattr(x, "dtype", None), pd.PeriodDtype)


def starts(x: pd.Series) -> pd.Series:
    """Each Period's start as datetime64 (missing stays NaT)."""
    return pd.Series(x.dt.start_time, index=x.index, name=x.name)


def timestamp(value: Any) -> pd.Timestamp:
    """A date-like value as a Timestamp: a Period as its start.

    >>> timestamp(pd.Period("2024Q2", freq="Q")), timestamp("2024-05-01")
    (Timestamp('2024-04-01 00:00:00'), Timestamp('2024-05-01 00:00:00'))
    """
    return value.start_time if isinstance(value, pd.Period) else pd.Timestamp(value)


def _kind(freq: Any) -> str | None:
    """ "quarter" or "year" for single quarters and years (named here), else None: months,
    weeks and days are named as the dates of their start are."""
    if getattr(freq, "n", 0) != 1:
        return None
    if isinstance(freq, pd.offsets.QuarterEnd):
        return "quarter"
    if isinstance(freq, pd.offsets.YearEnd):
        return "year"
    return None


def period_name(p: pd.Period, short: bool = False) -> str:
    """A period in words: a quarter by its months as the board names it (``Apr–Jun 2024``,
    ``Dec 2023–Feb 2024``), a calendar year as ``2024``, another year as the NHS writes a
    financial year (``2023/24``), a month as ``Apr 2024``, else its start's date. ``short``:
    two-digit years (``Apr–Jun 24``).

    >>> q = pd.Period("2024Q2", freq="Q")
    >>> period_name(q), period_name(q, short=True), period_name(pd.Period("2024", freq="Y-MAR"))
    ('Apr–Jun 2024', 'Apr–Jun 24', '2023/24')
    >>> period_name(pd.Period("2024-04", freq="M")), period_name(pd.Period("2024-04-03", freq="W"))
    ('Apr 2024', '1 Apr 2024')
    """
    start, end = p.start_time, p.end_time
    year = (lambda y: f"{y % 100:02d}") if short else str
    kind = _kind(p.freq)
    if kind == "year":
        if start.month == 1:
            return year(start.year)
        return f"{start.year}/{end.year % 100:02d}"
    if kind == "quarter" or (start.year, start.month) != (end.year, end.month):
        first = _MONTHS[start.month - 1]
        if start.year != end.year:
            first += f" {year(start.year)}"
        return f"{first}–{_MONTHS[end.month - 1]} {year(end.year)}"
    if start.day == 1 and end.day == end.days_in_month:
        return f"{_MONTHS[start.month - 1]} {year(start.year)}"
    return f"{start.day} {_MONTHS[start.month - 1]} {year(start.year)}"


def period_ticks(
    x: pd.Series, width_in: float, date_format: str | None, fits: Any
) -> tuple[np.ndarray, list[str]] | None:
    """Ticks (period starts) and labels for quarters and years ``x``: every 1, 2, 4, …
    quarters (or 1, 2, 5, … years) counted from the first, as many as ``fits(width_in, a
    label)`` says fit; labels by :func:`period_name` (two-digit years in panels under 2.25
    inches, as monthly dates' are) or
    by ``date_format`` (``Period.strftime``: ``"Q%q %Y"`` gives ``Q1 2024``). None for other
    periods (months, weeks, days), which are ticked as their starts' dates are."""
    kind = _kind(x.dtype.freq)
    present = x.dropna()
    if kind is None or present.empty:
        return None
    every = pd.period_range(present.min(), present.max(), freq=x.dtype.freq)
    if date_format is not None:
        name = lambda p: p.strftime(date_format)  # noqa: E731
    else:
        short = width_in / 0.75 < 3  # as for monthly dates: "Apr 24" in narrow panels
        name = lambda p: period_name(p, short=short)  # noqa: E731
    can = fits(width_in, max((name(p) for p in every[:8]), key=len))
    steps = _QUARTER_STEPS if kind == "quarter" else _YEAR_STEPS
    step = next((s for s in steps if math.ceil(len(every) / s) <= can), None)
    if step is None:
        step = math.ceil(len(every) / can)
    ticks = every[::step]
    return ticks.start_time.to_numpy(), [name(p) for p in ticks]


__all__ = ["is_periods", "period_name", "period_ticks", "starts", "timestamp"]
