"""Numbers, dates and words on the charts: plain rounded labels, date ticks, readable titles."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError


def number(value: float, percent_of: float | None = None) -> str:
    """A plain rounded number: thousands separators, never scientific notation.

    Three significant figures below 100, whole numbers from 100 (``4,433``), trailing zeros
    dropped; with ``percent_of`` (1 or 100) the value is shown as a percentage of it.

    >>> number(4432.7), number(15.24), number(0.00123), number(0.953, percent_of=1)
    ('4,433', '15.2', '0.00123', '95.3%')
    """
    if value is None or not np.isfinite(value):
        return ""
    if percent_of is not None:
        return number(value * 100.0 / percent_of) + "%"
    size = abs(value)
    decimals = 0 if size >= 100 or size == 0 else min(12, 2 - math.floor(math.log10(size)))
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def readable(text: str) -> str:
    """Column names as words: ``bed_days`` -> ``bed days``."""
    return text.replace("_", " ")


def as_plot_x(x: pd.Series) -> pd.Series:
    """x as matplotlib can draw it: Arrow dates and Python dates become datetime64."""
    dtype = x.dtype
    if isinstance(dtype, pd.ArrowDtype):
        import pyarrow as pa

        kind = dtype.pyarrow_dtype
        if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
            return pd.Series(pd.to_datetime(x.astype(object)), index=x.index, name=x.name)
        return x.astype(float)
    if (
        pd.api.types.is_object_dtype(dtype)
        and len(x)
        and x.map(lambda v: hasattr(v, "toordinal")).all()
    ):
        return pd.Series(pd.to_datetime(x), index=x.index, name=x.name)
    return x


def is_dates(x: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(x.dtype)


# steps between ticks, in data periods, tried from the finest
_STEPS = {"month": (1, 2, 3, 6, 12, 24, 36, 60), "week": (1, 2, 4, 8, 13, 26, 52, 104)}
_STEPS["day"] = (1, 2, 7, 14, 28, 91, 182, 364, 728)


def _frequency(days: np.ndarray) -> str:
    step = float(np.median(days)) if days.size else 30.0
    return "day" if step < 3.5 else "week" if step < 20 else "month" if step < 60 else "other"


def date_ticks(
    x: pd.Series, width_in: float, date_format: str | None
) -> tuple[np.ndarray, list[str]]:
    """Ticks on data dates for one panel ``width_in`` inches wide, and their labels.

    Monthly data get month names (``Apr 2021``, or ``Apr 21`` when space is short); weekly
    and daily data get day and month; a label is about 0.75 in wide, so a panel shows as
    many as fit. ``date_format`` (strftime) replaces the automatic format.
    """
    dates = pd.DatetimeIndex(x.dropna().drop_duplicates().sort_values())
    if dates.empty:
        return np.array([]), []
    seconds = dates.to_numpy().astype("datetime64[s]").astype(np.int64)
    days = np.diff(seconds) / 86_400.0
    freq = _frequency(days)
    span = (dates[-1] - dates[0]).days
    if freq == "month":
        fmt = "%b %Y" if width_in / 0.75 >= 3 else "%b %y"
    elif freq == "other":
        fmt = "%b %Y" if span > 366 else "%d %b %Y"
    else:
        fmt = "%d %b %Y" if span > 330 else "%d %b"
    fmt = date_format or fmt
    char_in = 0.075  # an 8-point character, with a gap either side
    fits = max(2, int(width_in / (char_in * (len(dates[0].strftime(fmt)) + 2))))
    steps = _STEPS.get(freq, (1,))
    step = next((s for s in steps if math.ceil(dates.size / s) <= fits), None)
    if step is None:
        step = math.ceil(dates.size / fits)
    ticks = dates[::step]
    return ticks.to_numpy(), [d.strftime(fmt) for d in ticks]


def style_axes(
    ax: Any,
    x: pd.Series,
    width_in: float,
    date_format: str | None,
    percent_of: float | None,
) -> None:
    """Date ticks, a percentage or plain-number y axis, a light grid, no top/right spines."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    if is_dates(x) and x.notna().any():
        import matplotlib.dates as mdates

        ticks, labels = date_ticks(x, width_in, date_format)
        ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(ticks)))
        ax.set_xticklabels(labels)
    elif isinstance(x.dtype, pd.CategoricalDtype):
        cats = x.cat.categories
        ax.set_xticks(range(len(cats)), [str(c) for c in cats], rotation=45, ha="right")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v, percent_of)))
    ax.tick_params(labelsize=8, color="#BBBBBB", labelcolor="#333333")
    ax.grid(axis="y", color="#EEEEEE", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#BBBBBB")


def plot_x(x: pd.Series) -> np.ndarray:
    """x as floats: matplotlib date numbers for dates, codes for categories."""
    if is_dates(x):
        import matplotlib.dates as mdates

        return np.asarray(mdates.date2num(x.to_numpy()), dtype=float)
    if isinstance(x.dtype, pd.CategoricalDtype):
        return x.cat.codes.to_numpy().astype(float)
    return x.to_numpy(dtype=float, na_value=np.nan)


def check_date_format(date_format: Any) -> None:
    if date_format is None:
        return
    if not isinstance(date_format, str) or "%" not in date_format:
        raise ArgumentError(
            f"date_format={date_format!r}: expected a strftime format such as '%b %Y'."
        )


__all__ = [
    "as_plot_x",
    "check_date_format",
    "date_ticks",
    "is_dates",
    "number",
    "plot_x",
    "readable",
    "style_axes",
]
