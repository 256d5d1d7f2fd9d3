"""pandas Period x on the charts: each period drawn at its start (as docs/missing.rst says x
Periods are read), ticked and named as the period it is ("Apr–Jun 2024", "2023/24")."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._words import period_kind, period_name

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


def period_ticks(
    x: pd.Series, width_in: float, date_format: str | None, fits: Any
) -> tuple[np.ndarray, list[str]] | None:
    """Ticks (period starts) and labels for quarters and years ``x``: every 1, 2, 4, …
    quarters (or 1, 2, 5, … years) counted from the first, as many as ``fits(width_in, a
    label)`` says fit; labels by :func:`period_name` (two-digit years in panels under 2.25
    inches, as monthly dates' are) or
    by ``date_format`` (``Period.strftime``: ``"Q%q %Y"`` gives ``Q1 2024``). None for other
    periods (months, weeks, days), which are ticked as their starts' dates are."""
    kind = period_kind(x.dtype.freq)
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
