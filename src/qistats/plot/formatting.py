"""Numbers, dates and words on the charts: plain rounded labels, date ticks, readable titles."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._args import fmt
from .._words import rate_words, readable, share_words, span_words
from ..errors import ArgumentError
from .colours import frame_colours
from .periods import is_periods, period_ticks, starts


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


def tick_formatter(percent_of: float | None = None, suffix: str = "") -> Any:
    """A matplotlib formatter of plain rounded numbers (see :func:`number`), with the decimals
    the ticks need to differ (:class:`~qistats.plot.ticks.PlainTicks`), picklable so that
    figures can be pickled."""
    from .ticks import PlainTicks

    return PlainTicks(percent_of, suffix)


def measure_label(
    y: Any, n: Any, multiply: float, kind: str, generic_out: bool = False
) -> str | None:
    """The measure and its unit in words, for a y axis: ``restraints per 1,000 bed days``
    (rates), ``felt safe / asked`` (proportions; the axis shows any percentage),
    ``length of stay`` (means), ``× m`` for another multiplier; None without ``y``. With
    ``generic_out`` generic column names are left out, ``rate per 1,000`` for "value" per
    1,000 "n" (an ambition's axis; an SPC chart's says what its title says).

    >>> measure_label("restraints", "bed_days", 1000, "rate")
    'restraints per 1,000 bed days'
    >>> measure_label("felt_safe", "asked", 100, "proportion")
    'felt safe / asked'
    >>> measure_label("length_of_stay", None, 1, "mean")
    'length of stay'
    >>> measure_label("value", "n", 1000, "rate", generic_out=True)
    'rate per 1,000'
    """
    if y is None:
        return None
    m = float(multiply)
    text = readable(y)
    if n is not None and kind == "rate" and m == int(m):  # as the chart's title says
        if generic_out:
            return rate_words(y, n, m)
        return f"{text} per {m:,.0f} {readable(n)}" if m != 1 else f"{text} per {readable(n)}"
    if n is not None:
        noun = "proportion" if kind == "proportion" else "ratio"
        text = share_words(y, n, noun) if generic_out else f"{text} / {readable(n)}"
    if m != 1 and not (kind == "proportion" and m == 100):
        text += f" × {m:g}"
    return text


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
# quarters: every 4 (8, …) falls on the same quarter of each year, so the ticks read as years
_STEPS["quarter"] = (1, 2, 4, 8, 12, 20, 40)
_STEPS["year"] = (1, 2, 5, 10, 20, 50)


def _frequency(days: np.ndarray) -> str:
    step = float(np.median(days)) if days.size else 30.0
    if step < 60:
        return "day" if step < 3.5 else "week" if step < 20 else "month"
    if step < 120:
        return "quarter"
    return "year" if 300 <= step < 400 else "other"


def date_ticks(
    x: pd.Series, width_in: float, date_format: str | None
) -> tuple[np.ndarray, list[str]]:
    """Ticks on dates for one panel ``width_in`` inches wide, and their labels.

    Regular data (monthly, quarterly, yearly, weekly, daily) are ticked on data dates, every
    1, 2, 3, 6 or 12 months, every 1, 2 or 4 quarters (4: the same quarter each year) or so:
    monthly data get month names (``Apr 2021``, or ``Apr 21`` when space is short),
    quarterly data the quarter's months (``Jan–Mar 2024``, as Period quarters and the
    board's table name them), yearly data the year, weekly and daily data day and month;
    weekly and daily data over more than half a year are ticked on month starts and named
    as monthly data are. Irregular dates (events, gaps) are ticked on an even calendar
    (month starts, or days) so that ticks are evenly spaced and their labels cannot run into
    each other. A label takes its width in 8-point characters plus a gap, so a panel shows as
    many as fit.
    ``date_format`` (strftime) replaces the automatic format.
    """
    dates = pd.DatetimeIndex(x.dropna().drop_duplicates().sort_values())
    if dates.empty:
        return np.array([]), []
    seconds = dates.as_unit("s").asi8  # UTC for zone-aware dates, without numpy's warning
    days = np.diff(seconds) / 86_400.0
    freq = _frequency(days)
    span = (dates[-1] - dates[0]).days
    regular = days.size == 0 or days.max() <= 1.5 * max(days.min(), 1.0)
    if not regular or (freq in ("week", "day") and span > _MONTH_TICKS_FROM_DAYS):
        # weekly and daily data over more than half a year: month starts, named as monthly
        # data's ticks are ("Apr 2023"), so panels of both read alike on one page
        return _calendar_ticks(dates, span, width_in, date_format)
    if freq == "quarter" and date_format is None:
        return _quarter_ticks(dates, width_in)
    if freq in ("month", "quarter"):
        fmt = "%b %Y" if width_in / 0.75 >= 3 else "%b %y"
    elif freq == "year":
        fmt = "%Y"
    elif freq == "other":
        fmt = "%b %Y" if span > 366 else "%d %b %Y"
    else:
        fmt = "%d %b %Y" if span > 330 else "%d %b"
    fmt = date_format or fmt
    # a label that will carry its year is as wide as the widest
    named = date_format or "%Y" in fmt or "%y" in fmt
    fits = _fits(width_in, dates[0].strftime(fmt if named else fmt + " %Y"))
    steps = _STEPS.get(freq, (1,))
    step = next((s for s in steps if math.ceil(dates.size / s) <= fits), None)
    if step is None:
        step = math.ceil(dates.size / fits)
    ticks = dates[::step]
    return ticks.to_numpy(), _labels(ticks, fmt, date_format)


def _quarter_ticks(dates: pd.DatetimeIndex, width_in: float) -> tuple[np.ndarray, list[str]]:
    """Ticks of quarterly dates on data dates, each named as the quarter it stands for, as
    the board's table and Period data's ticks name it (``Jan–Mar 2024``; ``Jan–Mar 24`` in
    narrow panels): a quarter dated on a month's end holds the two months before its date
    (dated at its end), one dated on another day the two months from its date on
    (a quarterly SHMI was ticked "Apr 2021" beside a table's "Jan–Mar 2024")."""
    ends = bool(np.all(dates.is_month_end)) and not bool(np.all(dates.day == 1))
    before, after = (2, 0) if ends else (0, 2)
    short = width_in / 0.75 < 3  # as for monthly dates: "Apr 24" in narrow panels

    def name(d: pd.Timestamp) -> str:
        text = span_words(d, d, before, after)
        return re.sub(r"\b(?:19|20)(\d\d)\b", r"\1", text) if short else text

    fits = _fits(width_in, max((name(d) for d in dates[:8]), key=len))
    steps = _STEPS["quarter"]
    step = next((s for s in steps if math.ceil(dates.size / s) <= fits), None)
    if step is None:
        step = math.ceil(dates.size / fits)
    ticks = dates[::step]
    return ticks.to_numpy(), [name(d) for d in ticks]


def _labels(ticks: pd.DatetimeIndex, fmt: str, date_format: str | None) -> list[str]:
    """The ticks' labels; a day-and-month format of our own also names the year, on the
    first tick and on the first of each new year ("2 Jan 2024", "9 Jan", …), so a short
    series says which year it is. Our own formats write the day without a leading zero, as
    the board's table, the reasons and the "latest" notes do ("w/c 2 Oct 2023", not "02 Oct
    2023"); a ``date_format`` given is used as it is."""
    labels = [d.strftime(fmt) for d in ticks]
    if date_format is None and fmt.startswith("%d"):
        labels = [t[1:] if t.startswith("0") else t for t in labels]
    if date_format is None and "%Y" not in fmt and "%y" not in fmt and len(ticks):
        years = ticks.year.to_numpy()
        new = np.r_[True, years[1:] != years[:-1]]
        labels = [f"{t} {y}" if n else t for t, y, n in zip(labels, years, new, strict=True)]
    return labels


def _fits(width_in: float, label: str) -> int:
    """How many labels like ``label`` fit across ``width_in`` inches (8-point characters,
    a character's gap either side)."""
    return max(2, int(width_in / (0.075 * (len(label) + 2))))


_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120)
_MONTH_TICKS_FROM_DAYS = 183
_DAY_STEPS = (1, 2, 7, 14, 28)


def _calendar_ticks(
    dates: pd.DatetimeIndex, span: int, width_in: float, date_format: str | None
) -> tuple[np.ndarray, list[str]]:
    """Evenly spaced calendar ticks over irregular dates: month starts (every 1, 2, 3, 6 or
    12 months, aligned to quarters and years), or days for spans under four months."""
    first, last = dates[0], dates[-1]
    if span >= 120:
        start = (first + pd.offsets.MonthBegin(0)).normalize()
        months = pd.date_range(start, last, freq="MS")
        for step in _MONTH_STEPS:
            fmt = date_format or ("%Y" if step >= 12 else "%b %Y")
            if step >= 12:
                years = step // 12
                pick = (months.month == 1) & (months.year % years == 0)
            else:
                pick = (months.month - 1) % step == 0
            ticks = months[pick]
            if len(ticks) <= _fits(width_in, first.strftime(fmt)) or step == _MONTH_STEPS[-1]:
                break
    else:
        for step in _DAY_STEPS:
            fmt = date_format or "%d %b"
            ticks = pd.date_range(first.normalize(), last, freq=f"{step}D")
            if len(ticks) <= _fits(width_in, first.strftime(date_format or "%d %b %Y")):
                break
    return ticks.to_numpy(), _labels(ticks, fmt, date_format)


@dataclass(frozen=True)
class XTicks:
    """Where the x ticks go (plot_x numbers) and what they say."""

    positions: np.ndarray
    labels: list[str]
    rotation: float = 0.0


def x_ticks(x: pd.Series, width_in: float, date_format: str | None) -> XTicks | None:
    """Ticks of an x axis ``width_in`` inches wide: dates (see :func:`date_ticks`), Periods
    (quarters and years named as periods, see :func:`~qistats.plot.periods.period_ticks`;
    others as their starts' dates) or categories; None for numbers (matplotlib's locator,
    plain labels)."""
    if x.notna().any() and (is_dates(x) or is_periods(x)):
        import matplotlib.dates as mdates

        named = period_ticks(x, width_in, date_format, _fits) if is_periods(x) else None
        if named is None:
            named = date_ticks(starts(x) if is_periods(x) else x, width_in, date_format)
        ticks, labels = named
        return XTicks(np.asarray(mdates.date2num(ticks), dtype=float), labels)
    if isinstance(x.dtype, pd.CategoricalDtype):
        cats = x.cat.categories
        return XTicks(np.arange(len(cats), dtype=float), [str(c) for c in cats], 45.0)
    return None


def style_axes(
    ax: Any,
    ticks: XTicks | None,
    percent_of: float | None,
    styled: bool = True,
    counts: bool = False,
) -> None:
    """x ticks, a percentage or plain-number y axis with about five ticks (whole numbers only
    when the values are ``counts``: no "0.5 events"); on axes not made by
    :func:`~qistats.plot.layout.new_page` (``styled=False``) also the light grid, grey ticks
    and no top or right spine that new pages get from their rc settings."""
    from matplotlib.ticker import (
        FixedFormatter,
        FixedLocator,
        MaxNLocator,
        ScalarFormatter,
    )

    if ticks is None:
        plain = ScalarFormatter(useOffset=False)
        plain.set_scientific(False)
        ax.xaxis.set_major_formatter(plain)
        if _whole_numbers_x(ax):  # weeks 1-5 get ticks 1, 2, 3, not 2.5
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    elif ticks.rotation:
        ax.set_xticks(ticks.positions, ticks.labels, rotation=ticks.rotation, ha="right")
    else:
        ax.xaxis.set_major_locator(FixedLocator(ticks.positions))
        ax.xaxis.set_major_formatter(FixedFormatter(ticks.labels))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=counts))
    ax.yaxis.set_major_formatter(tick_formatter(percent_of))
    if styled:
        return
    frame_axes(ax)


def frame_axes(ax: Any) -> None:
    """The look new pages get from :func:`~qistats.plot.layout.panel_rc`, given to the
    caller's own axes: small ticks and tick labels, a light grid, no top or right spine, in
    the colours of the style's background."""
    frame = frame_colours()
    ax.tick_params(labelsize=8, color=frame["tick"], labelcolor=frame["tick_label"])
    ax.grid(axis="y", color=frame["grid"], linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(frame["spine"])


def _whole_numbers_x(ax: Any) -> bool:
    """Whether every x the axes' lines and points are drawn at is a whole number."""
    xs = [np.asarray(line.get_xdata(), dtype=float) for line in ax.lines]
    xs += [
        np.asarray(c.get_offsets(), dtype=float)[:, 0]
        for c in ax.collections
        if c.get_offsets().size
    ]
    return bool(xs) and all_whole(np.concatenate(xs))


def all_whole(values: Any) -> bool:
    """Whether the finite values are all whole numbers (and there is at least one).

    >>> all_whole([0.0, 2.0, np.nan]), all_whole([0.5, 1.0]), all_whole([np.nan])
    (True, False, False)
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return bool(v.size) and bool(np.all(v == np.round(v)))


def plot_x(x: pd.Series) -> np.ndarray:
    """x as floats: matplotlib date numbers for dates and for Periods (their start), codes for
    categories."""
    if is_dates(x) or is_periods(x):
        import matplotlib.dates as mdates

        dates = starts(x) if is_periods(x) else x
        return np.asarray(mdates.date2num(dates.to_numpy()), dtype=float)
    if isinstance(x.dtype, pd.CategoricalDtype):
        return x.cat.codes.to_numpy().astype(float)
    return x.to_numpy(dtype=float, na_value=np.nan)


def check_date_format(date_format: Any) -> None:
    if date_format is None:
        return
    if not isinstance(date_format, str) or "%" not in date_format:
        raise ArgumentError(
            f"date_format={fmt(date_format)}: expected a strftime format such as '%b %Y'."
        )


__all__ = [
    "XTicks",
    "all_whole",
    "as_plot_x",
    "check_date_format",
    "date_ticks",
    "frame_axes",
    "is_dates",
    "measure_label",
    "number",
    "plot_x",
    "readable",
    "style_axes",
    "tick_formatter",
    "x_ticks",
]
