r"""Funnel plots: units compared at one point in time, :func:`funnel` and :class:`FunnelResult`.

The data flow is the SPC one: the frame layer's helpers validate the user's table, rows are
summed per unit, the vectorised core (:mod:`qistats._funnel`) computes every unit and ``by``
group at once, and the result holds tidy DataFrames.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from . import _funnel as F
from . import _kernels as K
from ._args import as_list, fmt, label, name_key, number_arg, period_end, plural
from ._calendar import Distinct, Months, Steps, infer_calendar, unit_calendar
from ._duplicates import _check_duplicates
from ._interop import TablesOut, as_pandas
from ._rates import rate_message, rate_scales
from ._rows import _describe_row, numbered_by_position
from ._warn import warn
from ._words import funnel_words, readable, span_words
from ._xaxis import _wall_keys, _x_keys, iso_text_x, warn_x_values
from .errors import (
    ArgumentError,
    DataError,
    DenominatorWarning,
    KindWarning,
    NoDataWarning,
    OverdispersionWarning,
    PeriodsSummedWarning,
    QIStatsError,
    TotalUnitWarning,
)
from .frame import (
    _fraction,
    _numeric,
    _percent_share,
    _series_codes,
    _share_scale,
    _sorted_codes,
    _take,
    _whole,
    check_column,
    check_frame,
    column_labels,
    reserved_names,
    unshared,
    warn_spaces,
)
from .plot.funnel import plot_funnel
from .result import ReadOnlyParams

_OUTPUT = ("y", "n", "value", "z", "z_trimmed", "outlier", "direction")
MIN_UNITS = F.MIN_UNITS


def level_name(level: float) -> str:
    """Column suffix of a limit level: 95 → ``95``, 99.8 → ``99_8``."""
    return f"{level:g}".replace(".", "_")


def _choice(value: Any, arg: str, allowed: Sequence[Any]) -> Any:
    key = name_key(value)
    if isinstance(key, (bool, np.bool_)) or key not in allowed:
        raise ArgumentError(f"{arg}={fmt(value)}: expected one of {', '.join(map(repr, allowed))}.")
    return key


#: What each funnel kind compares, for the error of a kind it does not know ("pr"
#: is no word an analyst types, and ``kind='proportion'`` was told only the four codes).
_KIND_WORDS = {
    "sr": "observed / expected, a standardised ratio such as SHMI",
    "pr": "a proportion, events / cases",
    "rc": "a ratio of two counts",
    "rate": "events / exposure, such as per 1,000 bed days",
}
#: Words an analyst may type for a kind, and the kind each means.
_KIND_SYNONYMS = {
    **dict.fromkeys(["proportion", "proportions", "p", "percent", "percentage"], "pr"),
    **dict.fromkeys(["smr", "shmi", "standardised ratio", "standardized ratio", "o/e"], "sr"),
    **dict.fromkeys(["rates", "u", "poisson"], "rate"),
    **dict.fromkeys(["count ratio", "ratio of counts"], "rc"),
}


def _kind(value: Any) -> str:
    """``kind=`` as one of the four codes, or an error that says what each code compares and,
    for a word that names one ("proportion"), which."""
    key = name_key(value)
    if isinstance(key, str) and key in F.KINDS:
        return key
    listed = "; ".join(f"{k!r} ({w})" for k, w in _KIND_WORDS.items())
    meant = _KIND_SYNONYMS.get(key.replace("_", " ") if isinstance(key, str) else None)
    hint = f" For {fmt(value)}, write kind={meant!r}." if meant else ""
    raise ArgumentError(f"kind={fmt(value)}: expected one of {listed}.{hint}")


def _number(value: Any, arg: str, low: float, high: float, what: str) -> float:
    v = number_arg(value, arg, what)
    if not low < v < high:
        raise ArgumentError(f"{arg}={fmt(value)}: expected {what}.")
    return v


def _percent(fraction: float) -> float | int:
    """A fraction as the percentage it stands for: 0.95 -> 95, 0.998 -> 99.8."""
    v = float(f"{100 * fraction:.10g}")
    return int(v) if v.is_integer() else v


def _levels(levels: Any, limit: Any) -> tuple[tuple[float, ...], int]:
    lv = [
        _number(v, "levels", 0.0, 100.0, "limit levels in percent, > 0 and < 100")
        for v in as_list(levels)
    ]
    if lv and max(lv) <= 1:  # (0.95, 0.998): fractions, read as 0.95 % limits would flag most
        percent = tuple(_percent(v) for v in lv)
        raise ArgumentError(
            f"levels={fmt(levels)}: limit levels are in percent (a 0.95 % limit flags nearly "
            f"every unit); did you mean levels={fmt(percent)}?"
        )
    if not lv or len(set(lv)) != len(lv):
        raise ArgumentError(
            f"levels={fmt(levels)}: expected one or more different levels, e.g. (95, 99.8)."
        )
    lv.sort()
    lim = _number(limit, "limit", 0.0, 100.0, "a limit level in percent, one of levels")
    if lim <= 1:
        raise ArgumentError(
            f"limit={fmt(limit)}: the limit level is in percent; did you mean "
            f"limit={fmt(_percent(lim))}?"
        )
    if lim not in lv:
        r_code = (
            " FunnelPlotR's limit = 99 is its 99.8 % limits: write limit=99.8."
            if lim == 99 and 99.8 in lv
            else ""
        )
        raise ArgumentError(
            f"limit={fmt(limit)}: expected one of levels={fmt(tuple(lv))} (the level that decides "
            f"outliers must be drawn).{r_code}"
        )
    return tuple(lv), lv.index(lim)


def _select_period(
    data: pd.DataFrame,
    x: str | None,
    period: Any,
    by: list[str],
    unit: Any,
    values: tuple[Any, Any],
) -> tuple[pd.DataFrame, np.ndarray | None, tuple[int, int, str]]:
    """The rows of the chosen period (default: the latest x of a row whose ``values``, the y
    and n columns, are both given), or all rows without ``x``, their x keys (None without
    ``x``) and how a period is named (:func:`_naming`).

    A unit of the data with no row in the period is left out with a ``NoDataWarning`` naming
    it (a late return must not pass unnoticed as "all wards")."""
    if x is None:
        if period is not None:
            raise ArgumentError(
                f"period={fmt(period)}: choosing a period needs x= (the time column)."
            )
        return data, None, (0, 0, "month")
    key, _, conv = _x_keys(data, x, by)
    warn_x_values(data, x, key, conv)
    # a date inside a period of calendar months (up to quarters) means that period, as in
    # qi.ambition: "2023-06-15" is June 2023 of monthly data dated on the 1st or month ends;
    # and units that date their months on different days (merged extracts: the 1st, month
    # ends) have their rows read as those months, so one month is one period of every unit
    units = data.groupby([*by, unit], dropna=False, sort=False).ngroup().to_numpy()
    raw = key  # as the data give them: the first and last x compared are named by these
    calendar, key = unit_calendar(conv.kind(), np.asarray(key, dtype=float), units)
    named = calendar
    if conv.kind() == "datetime" and conv.zone() is not None and isinstance(calendar, Distinct):
        # zoned weeks across a clock change are 167 or 169 hours apart: the periods are named
        # by the calendar of the dates on their own clock, as qi.board names them
        named = unit_calendar("datetime", _wall_keys(data[x]).astype(float), units)[0]
    snap = calendar.snap
    # a list or array of two is a window too, as qi.ambition's baseline= reads it (it meant
    # the first x alone, silently)
    given = [] if period is None else as_list(period)
    if period is None:
        # a template's future months (y and n blank) are not the latest period
        # (their blanks were refused as "missing values" of the default period)
        given_rows = data[list(values)].notna().all(axis=1).to_numpy()
        keep = key == (key[given_rows] if given_rows.any() else key).max()
    elif len(given) == 2 or (len(given) == 1 and period_end(given[0]) is not None):
        # a month written as one ('2023-06') is every x in it, on weeks too
        lo = snap(conv.keys(given[0], "period")[0])
        hi = snap(_last_instant(conv, given[-1]))
        if lo > hi:  # as qi.ambition refuses a baseline= or compare= window
            first, last = (fmt(v) for v in given)
            raise ArgumentError(
                f"period={fmt(period)}: its end, {last}, is before its start, {first}; write "
                f"the window as (first, last): ({last}, {first})."
            )
        keep = (key >= lo) & (key <= hi)
    elif len(given) == 1:
        keep = key == snap(conv.keys(given, "period")[0])
    else:
        raise ArgumentError(
            f"period={fmt(period)}: expected one x value or a (first, last) tuple of two."
        )
    if not keep.any():
        first, last = (fmt(data[x].iloc[int(i)]) for i in (np.argmin(key), np.argmax(key)))
        if len(given) == 1 and key.min() < snap(conv.keys(given, "period")[0]) < key.max():
            # a date between two x values (a Wednesday of weekly data): which period it stands
            # for depends on how the data date their periods, so the two are named, as
            # qi.spc's exclude= names them
            at = snap(conv.keys(given, "period")[0])
            lo, hi = (
                fmt(data[x].iloc[int(np.flatnonzero(key == k)[0])])
                for k in (key[key < at].max(), key[key > at].min())
            )
            raise DataError(
                f"period={fmt(period)}: no row of data has that x ({fmt(x)}); it falls between "
                f"the x values {lo} and {hi}, so write one of them (or a month as 'YYYY-MM' "
                "for every x in it, or a (first, last) tuple)."
            )
        raise DataError(
            f"period={fmt(period)}: no row of data has an x ({fmt(x)}) in that period; the x "
            f"values run from {first} to {last}. Give one of them (or a date inside its month "
            "or quarter), or a (first, last) tuple."
        )
    # a unit whose rows of the period all lack y or n is a late return (a template's blank
    # cells, events whose denominator is not yet loaded): left out and named, as a unit with
    # no row (refused as a "missing value"); a unit with some whole rows
    # and some not is refused below, naming the row (part of its period would be compared)
    whole = data[list(values)].notna().all(axis=1).to_numpy()
    inside = data.iloc[np.flatnonzero(keep)]
    any_whole = (
        pd.Series(whole[keep], index=inside.index)
        .groupby([inside[c] for c in [*by, unit]], dropna=False, sort=False)
        .transform("any")
        .to_numpy()
    )
    keep = keep.copy()
    keep[np.flatnonzero(keep)[~any_whole]] = False
    which = np.flatnonzero(keep)
    if not which.size:
        raise DataError(
            f"period={fmt(period)}: every row of the period has a missing {fmt(values[0])} or "
            f"{fmt(values[1])}; there is nothing to compare. Fill them, or choose period=."
        )
    rows = data.iloc[which]
    _warn_absent(data, rows, [*by, unit], x, period)
    return rows, raw[which], _naming(named, conv.kind())


_DAY = 86_400e9  # a day in nanoseconds, the unit of date keys


def _naming(calendar: Any, kind: str) -> tuple[int, int, str]:
    """How the title names the periods compared (:func:`qistats._words.span_words`): the months
    a period holds before and after its date, and what one date stands for.

    Calendar months: (0, 2, "month") for quarters dated by their first month, (2, 0, "month")
    for quarters dated on their last day, (0, 0, "month") for months. Dates a week apart are
    weeks ("week of 1 Jan 2024"), other fixed steps of time days and their dates ("1–7 Jan
    2024"): a week of data was titled "Jan 2024". Irregular dates are months when every one is
    on the first or last day of a month, no two in one month; otherwise each date is named.
    Anything but dates: (0, 0, "month"), which names numbers and labels as themselves."""
    if kind != "datetime":
        return (0, 0, "month")
    if isinstance(calendar, Months):
        k = calendar.k
        if k < 2:
            return (0, 0, "month")
        return (k - 1, 0, "month") if calendar.day < 0 else (0, k - 1, "month")
    if isinstance(calendar, Steps):
        return (0, 0, "week" if abs(calendar.s - 7 * _DAY) < 1e-6 * _DAY else "day")
    if isinstance(calendar, Distinct):
        t = calendar.u.astype(np.int64).astype("datetime64[ns]")
        day = t.astype("datetime64[D]")
        month = day.astype("datetime64[M]")
        on_month = (day == t) & ((day == month) | (day + 1 == (month + 1).astype("datetime64[D]")))
        if on_month.all() and np.unique(month).size == month.size:
            return (0, 0, "month")
    return (0, 0, "day")


def _period_covered(rows: pd.DataFrame, x: Any, row_x: np.ndarray | None) -> tuple[Any, Any] | None:
    """The first and last x of the rows compared (as the data give them), None without x."""
    if row_x is None:
        return None
    return tuple(rows[x].iloc[int(i)] for i in (np.argmin(row_x), np.argmax(row_x)))


def _warn_absent(data: pd.DataFrame, rows: pd.DataFrame, names: list, x: Any, period: Any) -> None:
    """Warn about the units (within their groups) that have rows in the data but none in the
    period; units without a name are left to the check that refuses them."""
    keys = data[names].dropna()
    every = pd.MultiIndex.from_frame(keys).unique()
    absent = every.difference(pd.MultiIndex.from_frame(rows[names]).unique())
    if absent.empty:
        return
    named = [", ".join(f"{c}={fmt(v)}" for c, v in zip(names, k, strict=True)) for k in absent]
    shown = "; ".join(named[:5]) + ("; …" if len(named) > 5 else "")
    latest = f"the latest {x} ({fmt(rows[x].iloc[0])})"
    when = latest if period is None else f"period={fmt(period)}"
    warn(
        f"{len(absent)} of {len(every)} units {'has' if len(absent) == 1 else 'have'} no row "
        f"with both values in {when} and {'is' if len(absent) == 1 else 'are'} left out of the "
        f"funnel: {shown}. Choose period= (or fill the late returns) to compare every unit.",
        NoDataWarning,
    )


def _warn_closed(
    keys: pd.DataFrame, closed: np.ndarray, n: Any, x: Any, period: Any, rows: pd.DataFrame
) -> None:
    """Warn about the units whose rows add up to no denominator and no events (a ward closed
    for the whole period): they are left out, as a unit with no row in the period is."""
    which = np.flatnonzero(closed)
    if which.size == closed.size:
        raise DataError(
            f"n={fmt(n)}: every unit has a total n of 0 (and no events); there is nothing to "
            "compare."
        )
    named = [_unit_label(keys, int(i)) for i in which[:5]]
    shown = "; ".join(named) + ("; …" if which.size > 5 else "")
    if x is None:
        when = "the data"
    elif period is None:
        when = f"the latest {label(x)} ({fmt(rows[x].iloc[0])})"
    else:
        when = f"period={fmt(period)}"
    warn(
        f"{which.size} of {closed.size} units {'has' if which.size == 1 else 'have'} a total "
        f"n={fmt(n)} of 0 and no events in "
        f"{when} (closed) and {'is' if which.size == 1 else 'are'} left out of the funnel: "
        f"{shown}.",
        NoDataWarning,
    )


def _warn_copies(rows: pd.DataFrame, u: np.ndarray, xk: np.ndarray, names: list, x: Any) -> None:
    """A ``DuplicateRowsWarning`` when rows of one unit and x are identical in every column (a
    copied month then counts twice), as :func:`qistats.spc` gives; records without ``x`` may
    repeat (two patients alike) and are not checked."""
    order = np.lexsort((xk, u))
    same = np.zeros(u.size, dtype=bool)
    same[1:] = (u[order][1:] == u[order][:-1]) & (xk[order][1:] == xk[order][:-1])
    if same.any():
        _check_duplicates(rows, order, same, names, x, "are summed, so a copied row counts twice")


#: Words of a column name that say it holds periods of time (the name's words, split at
#: anything but letters and at camelCase): without ``x=`` such a column with several values
#: within a unit means several periods summed (:func:`_warn_periods_summed`).
TIME_WORDS = frozenset(
    {"month", "date", "period", "week", "quarter", "year"}
    | {"mth", "qtr", "yr", "fy", "yearmonth", "monthyear", "yyyymm", "datetime", "timestamp"}
)


def _time_like(s: pd.Series, name: Any) -> bool:
    """Whether column ``name`` holds periods of time: dates (of any dtype, or date objects),
    pandas Periods, or a name with a word of ``TIME_WORDS`` ("month", "report_date",
    "finYear")."""
    dtype = s.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return True
    if isinstance(name, str):
        words = re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower())
        if TIME_WORDS.intersection(words):
            return True
    if pd.api.types.is_object_dtype(dtype):
        return pd.api.types.infer_dtype(s, skipna=True) in ("date", "datetime", "period")
    return False


def _periods_in_units(s: pd.Series, u: np.ndarray, n_units: int) -> tuple[int, int]:
    """The number of distinct values of ``s`` (missing ones not counted) and the most of them
    within one unit (``u`` the unit of each row)."""
    codes, uniques = pd.factorize(s)
    ok = codes >= 0
    k = len(uniques)
    if k < 2:
        return k, k
    pairs = np.unique(u[ok].astype(np.int64) * k + codes[ok])
    per_unit = np.bincount(pairs // k, minlength=n_units)
    return k, int(per_unit.max())


def _last_instant(conv: Any, value: Any) -> float:
    """The x key of ``value`` as the end of a window (a float): its own key, or for a month
    written as one (``'2023-06'``, a ``pd.Period``) the last float before the next month, so
    that the window holds every x of that month whatever day the x are dated (weeks dated
    25 June are in ``period=('2023-04', '2023-06')``; they were not, as 1 June ended it)."""
    key = conv.keys(value, "period")[0]
    if conv.kind() != "datetime" or conv.ends(value, "period")[0] == key:
        return float(key)
    return float(np.nextafter(float(conv.ends(value, "period")[0] + 1), -np.inf))


def _period_ends(rows: pd.DataFrame, col: Any, by: list[str]) -> tuple[Any, Any, str, bool]:
    """The first and last period of column ``col``, their span in a title's words
    ("Apr 2023–Mar 2024", as ``x=`` names a period) and whether they are in time order (False:
    text that is not a date, whose first and last rows' values are given)."""
    col_rows = iso_text_x(rows, col)  # ISO text dates read as dates, as x= reads them
    s = col_rows[col]
    ordered = (
        pd.api.types.is_datetime64_any_dtype(s.dtype)
        or isinstance(s.dtype, pd.PeriodDtype)
        or (pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype))
        or (isinstance(s.dtype, pd.CategoricalDtype) and s.cat.ordered)
        or pd.api.types.infer_dtype(s, skipna=True) in ("date", "datetime", "period")
    )
    given = s.dropna()
    if ordered:
        first, last = given.min(), given.max()
    else:
        first, last = given.iloc[0], given.iloc[-1]
    words = f"{first}–{last}"
    try:  # the title's words for the span, as x= names a period: "Apr 2023–Mar 2024"
        key, _, conv = _x_keys(col_rows, col, by)
        naming = _naming(infer_calendar(conv.kind(), np.asarray(key, dtype=float)), conv.kind())
        if conv.kind() in ("datetime", "number"):
            words = span_words(first, last, *naming)
    except (QIStatsError, ValueError, TypeError, OverflowError):
        pass  # a column x= would refuse: named by its values
    return first, last, words, ordered


def _code(v: Any) -> str:
    """A period as code writes it: a date or a Period as its quoted text, ``'2024-03-01'``."""
    if isinstance(v, (pd.Timestamp, pd.Period, np.datetime64)) or hasattr(v, "isoformat"):
        return repr(fmt(v))
    return fmt(v)


def _warn_periods_summed(
    rows: pd.DataFrame, u: np.ndarray, n_units: int, used: list[Any], by: list[str]
) -> tuple[Any, int, Any, Any, str] | None:
    """Without ``x=``, a ``PeriodsSummedWarning`` when a column of periods (:func:`_time_like`,
    not one of ``used``) has several values within a unit: the rows of a unit are summed, so
    each unit's counts are its totals over every period (a table of 48 months compared as one
    month's). Not when a ``by`` column is one of periods (``by="year"``
    over monthly rows: each year's funnel of its months' totals is what was asked). Names the
    column with most values within a unit, how many periods it holds, their span, and what to
    do. Returns (column, periods, first, last, span in words), or None when no such column."""
    if any(_time_like(rows[b], b) for b in by):
        return None  # by="year": each group's funnel of its months' totals, on purpose
    found = []
    skip = set(used)
    for col in rows.columns:
        if col in skip:
            continue
        s = rows[col]
        if isinstance(s, pd.DataFrame) or not _time_like(s, col):
            continue
        k, most = _periods_in_units(s, u, n_units)
        if most > 1:
            found.append((most, k, col))
    if not found:
        return None
    most, k, col = max(found, key=lambda f: f[:2])
    first, last, words, ordered = _period_ends(rows, col, by)
    others = [c for _, _, c in found if c is not col]
    also = f"; so does {', '.join(fmt(c) for c in others)}" if others else ""
    order = "" if ordered else "the first and last rows' values; "
    if ordered:
        window = f"pass x={fmt(col)}, period=({_code(first)}, {_code(last)})"
    else:  # text that is not a date: x= would refuse it
        window = "give x= the periods as dates (pd.to_datetime) and period=(first, last)"
    warn(
        f"x= is not given, so the rows of each unit are summed, and column {fmt(col)} holds "
        f"{k} periods, from {fmt(first)} to {fmt(last)} ({order}up to {most} within one "
        f"unit{also}): each unit's counts are its totals summed over {words}, not one "
        f"period's. To compare one period, filter the rows to it first or pass x={fmt(col)} "
        f"(the latest period by default, or period=); to compare the totals on purpose, "
        f"{window}, which names the span in the title.",
        PeriodsSummedWarning,
    )
    return (col, k, first, last, words)


def _share_advice(yv: np.ndarray, nv: np.ndarray, y: Any, n: Any) -> str:
    """For fractional y of a proportion funnel, the conversion of a percentage or a share of n
    to counts, as a P chart's message gives it ("" when y reads as neither): rounding 93.5 %
    of 200 patients gives 94 of them, a funnel at 47 % (as for
    P charts)."""
    share = _percent_share(yv, nv)
    scale = 100.0 if share is not None else _share_scale(yv)
    if scale is None:
        return ""
    what = "a percentage" if scale == 100 else "a proportion"
    return (
        f". Every y is between 0 and {scale:g}: if {fmt(y)} is {what} of {fmt(n)}, give the "
        f"count of cases, e.g. (df[{fmt(y)}]{' / 100' if scale == 100 else ''} * "
        f"df[{fmt(n)}]).round()"
    )


def _unit_label(keys: pd.DataFrame, i: int) -> str:
    return ", ".join(f"{c}={fmt(keys[c].iloc[i])}" for c in keys.columns)


def funnel(
    data: pd.DataFrame,
    y: str,
    n: str,
    *,
    unit: str,
    kind: str = "sr",
    limit: float = 99.8,
    adjust: str | bool = "auto",
    method: str = "shmi",
    trim: float = 0.1,
    multiply: float = 1,
    shmi_rounding: bool = True,
    levels: Sequence[float] = (95, 99.8),
    tau2: str = "dl",
    phi: str | None = None,
    target: str | None = None,
    adjusted_limits: str | None = None,
    compat: str | None = None,
    by: str | Sequence[str] | None = None,
    x: str | None = None,
    period: Any = None,
) -> FunnelResult:
    r"""Funnel plot: each unit's ratio against its volume, with limits that narrow as it grows.

    Compares units (wards, trusts, practices) at one point in time: is this unit's rate
    unusual, or what chance gives a unit of its size? (Spiegelhalter [Spi05]_.) Overdispersion —
    more spread between units than chance alone, as real units nearly always show — is
    estimated from the data and widens the limits (Spiegelhalter et al. [Spi12]_), by the NHS
    SHMI or the CQC method, as FunnelPlotR [Wil24]_ does. All units and ``by`` groups are
    computed at once.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit, or several (records, or months of long data): rows sharing a unit
        (within a ``by`` group) are summed. Without ``x``, rows of several periods of a unit (a
        date column, or one named like ``month``, ``date``, ``period``, ``week``, ``quarter``
        or ``year``, with several values within a unit) give a ``PeriodsSummedWarning`` naming
        the column, the periods and their span, which the title then names ("summed over Apr
        2020–Mar 2024"); not when a ``by`` column is one of periods (``by="year"``). Never
        modified. A polars DataFrame or an Arrow
        table is converted to pandas first.
    y : str
        Column of numerators: observed events (``"sr"``, ``"rate"``), successes (``"pr"``) or
        the numerator count (``"rc"``).
    n : str
        Column of denominators: expected events (``"sr"``), cases (``"pr"``), the denominator
        count (``"rc"``) or exposure, e.g. bed days (``"rate"``).
    unit : str
        Column naming the units compared.
    kind : {"sr", "pr", "rc", "rate"}, default "sr"
        ``"sr"``: indirectly standardised ratio y/n (observed/expected; target 1). ``"pr"``:
        proportion y/n of whole cases (target: the pooled proportion Σy/Σn; a fractional y
        or n is refused, as on a P chart). ``"rc"``: ratio of counts y/n
        (target Σy/Σn). ``"rate"``: Poisson rate y/n × ``multiply`` around the target rate
        Σy/Σn, as a standardised ratio with expected count Σy/Σn · n. The targets Σy/Σn are
        robust by default (``target``). ``"rate"`` and ``"sr"`` take fractional y (weighted
        or modelled events, as a U chart does): the Poisson limits are continuous in the
        count, so a fractional y is judged between its neighbouring whole counts; y that
        read as rates of n (y × n / ``multiply`` whole at every row, as far as y's decimals
        tell) give a ``DenominatorWarning`` with the conversion to counts. With
        ``"sr"``, a group whose pooled O/E Σy/Σn is below 0.2 or above 5 gives a
        ``KindWarning``: its n is then probably an exposure or cases, not expected counts (use
        ``"rate"`` or ``"pr"``).
    limit : float, default 99.8
        The level (one of ``levels``) whose limits decide ``outlier``.
    adjust : {"auto", "test", True, False}, default "auto"
        Overdispersion-adjusted limits: when φ > 1 (``"auto"``, FunnelPlotR's rule), when φ is
        significantly above 1 at the 5 % level (``"test"``; needs ``phi="robust"``), always,
        or never.
    method : {"shmi", "cqc"}, default "shmi"
        For ``"sr"`` and ``"rate"``: the SHMI method (log scale; with ``phi="trim"``,
        truncation of the ``trim`` tails before φ) or the CQC method (square-root scale;
        winsorisation).
    trim : float, default 0.1
        With ``phi="trim"``: share of each tail truncated (SHMI) or winsorised (everything
        else) before φ.
    multiply : float, default 1
        Multiplier of values, targets and limits (100 for percent, 1000 for per 1,000).
    shmi_rounding : bool, default True
        ``"sr"`` with the SHMI method: round the expected counts to 2 decimals, as R does, for
        the z-scores, φ, τ² and limits (the value uses the unrounded ones), as FunnelPlotR.
    levels : sequence of float, default (95, 99.8)
        Limit levels in percent; each gives ``lcl_<level>`` and ``ucl_<level>`` columns.
    tau2 : {"dl", "reml"}, default "dl"
        Estimator of τ²: DerSimonian–Laird from φ (FunnelPlotR), or REML (restricted
        maximum likelihood, Fisher scoring) on every unit's transformed value: a likelihood
        estimate does not trim, so prefer "dl" when some units may be true outliers.
    phi : {"robust", "trim"}, optional
        Estimator of φ. ``"robust"`` (the default): the mean square of the z-scores of the
        units consistent with each other, setting aside any unit beyond 3.5 √φ (see Notes);
        ``"trim"``: FunnelPlotR's, the mean square after truncating or winsorising ``trim`` of
        each tail (the only one under ``compat``).
    target : {"robust", "pooled"}, optional
        The centre line of ``"pr"``, ``"rc"`` and ``"rate"`` (``"sr"`` compares with 1).
        ``"robust"`` (the default with ``phi="robust"``): Σy/Σn over the units consistent
        with each other and with chance, found by iteration from the median ratio (see Notes),
        so that genuine outliers neither pull the target towards them nor inflate φ;
        ``"pooled"`` (the default with ``phi="trim"``, the only one under ``compat``): Σy/Σn
        over every unit, as FunnelPlotR.
    adjusted_limits : {"combined", "normal"}, optional
        How the overdispersion-adjusted limits are built. ``"combined"`` (the default): each
        exact (unadjusted) limit's distance from the target on the transformed scale,
        combined in quadrature with z·τ (see Notes), so that they are the exact limits at
        τ² = 0 and move continuously away from them as τ² grows; ``"normal"`` (the only one
        under ``compat``, there unfloored): the transformed-scale normal approximation
        :math:`\pm z\sqrt{s^2 + \tau^2}` (Spiegelhalter 2005, the SHMI, FunnelPlotR), never
        narrower than the exact limits, which at small counts is wider than them even at
        τ² = 0 (the default before this release).
    compat : {None, "FunnelPlotR"}
        ``"FunnelPlotR"`` reproduces FunnelPlotR 0.6.0 exactly, its defects included (see the
        documentation's "Comparing units: funnel plots").
    by : str or list of str, optional
        Column(s) of groups, each with its own funnel (target, φ, τ² and limits).
    x : str, optional
        Time column of long data (as :func:`qistats.spc` takes): only the rows of ``period``
        are compared.
    period : x value or (first, last) tuple, optional
        With ``x``: one x value, or an inclusive window whose rows are summed per unit (a
        list or array of two is a window too; a window whose end is before its start is
        refused).
        Default: the latest x of a row whose ``y`` and ``n`` are both given (the blank rows
        of a template's future months do not set it). On monthly or quarterly data any date inside a
        period means that period, as in :func:`qistats.ambition` ("2023-06-15" is June 2023
        whether the months are dated on the 1st or on month ends); units that date their
        months differently (some on the 1st, some on month ends) are compared month by
        month, the default period being every unit's latest month. A month written as one
        (``"2023-06"``, ``("2023-04", "2023-06")``, or a ``pd.Period``) is every x in it on
        any data: on weeks, the weeks dated in it.
        A unit with rows in the data but none in the period with both ``y`` and ``n`` (a late
        return: no row, blank ones, or events whose denominator is not yet loaded), or
        whose rows add up to a total
        ``n`` of 0 and no events (a ward closed for the period), is left out with a
        ``NoDataWarning`` naming it; so is a ``by`` group of ``"rate"`` or ``"rc"`` with no
        events at all (the other groups are computed as each alone).

    Returns
    -------
    FunnelResult
        ``.units`` (one row per unit), ``.limits`` (curves for drawing), ``.phi``, ``.tau2``,
        ``.target``, ``.adjusted``, ``.summary()``, ``.limits_at()`` and ``.plot()``.

    Notes
    -----
    For unit *i* with numerator :math:`O_i` and denominator :math:`n_i`, a transformed ratio
    :math:`Y_i`, its target :math:`\theta_0` and standard error :math:`s_i` give the z-score
    :math:`z_i = (Y_i - \theta_0)/s_i`:

    * SR, SHMI: :math:`Y = \log(O/E)`, :math:`s = 1/\sqrt{E}`;
      CQC: :math:`Y = \sqrt{O/E}`, :math:`s = 1/(2\sqrt{E})`;
    * PR: :math:`Y = \arcsin\sqrt{O/n}`, :math:`s = 1/(2\sqrt n)`;
    * RC: :math:`Y = \log\frac{O+½}{n+½}`,
      :math:`s = \sqrt{O/(O+½)^2 + n/(n+½)^2}`.

    The overdispersion factor is :math:`\hat\phi = \sum z_i^2 / (c \sum E_0[z_i^2])` over
    the k units used, where c is the mean square of standard normal z-scores treated the same
    way. ``phi="robust"`` (default) scores a unit whose count has a null variance
    (:math:`n\theta_0(1 - \theta_0)`, or μ) of 100 or less by its mid-p normal score
    :math:`z_i = \Phi^{-1}(P(X < O_i) + ½P(X = O_i))` under the target (X binomial or
    Poisson; for ``rc`` the numerator given the two counts' total), with
    :math:`E_0[z_i^2]` its exact mean square without overdispersion (over the pmf: 0.64 for
    20 cases at 97 %, 0.96 for a Poisson mean of 5), and a larger unit by the z above, with
    :math:`E_0[z_i^2] = 1`: the transformed z-scores' mean square without overdispersion
    reaches 1.8 at small counts near 0 % or 100 %, which made φ about 1.7 in funnels with
    none. It uses the units with :math:`|z_i| \le 3.5\sqrt{\hat\phi}` (3.5: the rejection
    point of Iglewicz and Hoaglin's modified z-score [IH93]_), with
    :math:`c = 1 - 7\varphi(3.5)/(2\Phi(3.5) - 1) = 0.9939`, solved by iteration from
    median :math:`z^2` / (0.455 · median :math:`E_0[z_i^2]`): the units set aside are those
    inconsistent with the others, however many sit at one end; ``z_trimmed`` holds the
    scores of the units kept. ``phi="trim"`` uses the trimmed z-scores (every
    :math:`E_0[z_i^2] = 1`) (SHMI: units ranked
    into 1/``trim`` groups and the two outer groups dropped; otherwise clamped to their
    ``trim`` and 1 − ``trim`` quantiles), with c = 0.438 for 10 % truncation and 0.679 for
    10 % winsorisation (for truncation at the share of each tail truncated in fact, so c = 1
    for six units, of which none is truncated; c = 1 under ``compat``, as FunnelPlotR). When
    genuine outliers are among the trimmed units, the units kept include the normal tail at
    that end, and φ is inflated (1.6 with 4 outliers of 40 units, 15 with 8).
    ``adjust="test"`` adjusts when :math:`P(\chi^2_\nu > \nu\hat\phi) < 0.05`, with
    :math:`\nu = 2kc^2/v` (Satterthwaite; v the variance of a kept z²; about 1.03 k). When
    one unit still dominates φ an ``OverdispersionWarning`` names it; otherwise, when a group
    has fewer than 10 units and ``adjust`` is not False, an ``OverdispersionWarning`` says
    that φ and τ² rest on too few units; otherwise, with ``phi="trim"`` or ``compat``, when
    the limits are widened but the group's mean exact null :math:`E[z_i^2]` of the
    transformed z (over each unit's binomial or Poisson pmf at the
    target: 1.8 for a unit expecting 1 of the rarer outcome, 1.1 at 6) is 1.1 or more and
    φ over it is not significantly above 1, an ``OverdispersionWarning`` says that φ may be
    the discreteness of small counts (near 0 % or 100 %), not overdispersion. The
    DerSimonian–Laird

    .. math:: \hat\tau^2 = \max\Big(0, \frac{k\hat\phi - (k-1)}{\sum w_i - \sum w_i^2/\sum w_i}
              \Big), \quad w_i = 1/s_i^2.

    Limits at denominator *n* and level with normal quantile *z* (tail probability α each
    side): unadjusted SR and rate limits are the counts' own tails, so that a unit expecting
    μ events (μ = θ₀·n) is below the lower limit exactly when :math:`P(X \le O) < \alpha` and
    above the upper exactly when :math:`P(X \ge O) < \alpha`, X ~ Poisson(μ): with the
    regularised incomplete gamma functions the lower limit is :math:`(s - 1)/\mu` with
    :math:`Q(s, \mu) = \alpha` (0 when no count is that unlikely) and the upper
    :math:`s/\mu` with :math:`P(s, \mu) = \alpha`; unadjusted PR limits the same with
    X ~ Binomial(n, θ₀) (incomplete beta); unadjusted RC limits the numerator's, given the two
    counts' total. Adjusted limits (``adjusted_limits="combined"``) move each unadjusted limit
    q away from the target on the transformed scale g (log, √ or arcsine √, as the z-score's)
    by adding z·τ in quadrature to its distance :math:`d = |g(q) - g(\theta_0)|`:

    .. math:: g^{-1}\Big(g(\theta_0) \pm \sqrt{d^2 + z^2\tau^2}\Big),

    the exact limits at τ² = 0 (continuous in τ², so a φ just above 1 by chance moves them
    little), never narrower than them, and tending to
    :math:`g(\theta_0) \pm z\sqrt{s(n)^2 + \tau^2}` for large n, where :math:`d \to z\,s(n)`
    (within 1.1 % at n = 1,000 and 0.1 % at n = 100,000 for a proportion at 50 %).
    ``adjusted_limits="normal"``: :math:`g(\theta_0) \pm z\sqrt{s(n)^2 + \tau^2}`,
    back-transformed, never narrower than the unadjusted ones (the normal approximation fails
    for small units, and put 0 events below every lower limit); at small counts it is wider
    than the exact limits even at τ² = 0 (25 cases at 97 %: 78.4 % against 80.5 %). A unit is
    an outlier when its value is outside the ``limit`` limits (on a limit is inside).
    FunnelPlotR's "exact Poisson" limits :math:`\chi^2_{\alpha}(2E)/2E` and
    :math:`\chi^2_{1-\alpha}(2E+2)/2E` (``compat="FunnelPlotR"``) are the confidence interval
    of a mean of E events: they flag 0 events at every E > 0 (61 % of units expecting 0.5
    events) and miss high counts at small E.

    The target :math:`\theta_0` of ``"pr"``, ``"rc"`` and ``"rate"`` (``target="robust"``) is
    Σy/Σn over the units with :math:`|z_i| \le 3.5\sqrt{\max(\hat\phi, 1)}` against it
    (:math:`z_i` the scores of φ), found by iteration from the median ratio (of a proportion,
    of (y + ½)/(n + 1); a proportion whose units kept are all at 100 % or 0 %, not every
    unit, takes (Σy + ½)/(Σn + 1) over them). A group whose every unit is at 100 % (0 %) has
    the target 1 (0), every z 0, φ = τ² = 0 and no outlier; its limits are those of n out of
    n (none out of n), 1 and the Clopper–Pearson bound :math:`\alpha^{1/n}` (0 and
    :math:`1 - \alpha^{1/n}`), α the tail probability each side (above). Trial 6a: eight
    wards at 20 % and two at 40 % gave a pooled target of 24 %, φ = 9.46 and no outlier; the
    robust target is 20 %.

    A unit with no events has :math:`\log(0/E) = -\infty` on the SHMI scale; its z-score uses
    half an event instead, so φ, τ² and every limit stay finite (FunnelPlotR returns infinite
    φ when several units have none). Its value stays 0.

    References
    ----------
    .. [Spi05] Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance.
       Statistics in Medicine 24(8): 1185–1202.
    .. [Spi12] Spiegelhalter DJ, Sherlaw-Johnson C, Bardsley M, Blunt I, Wood C, Grigg O (2012).
       Statistical methods for healthcare regulation: rating, screening and surveillance.
       JRSS A 175(1): 1–47.
    .. [Wil24] Wilkinson C (2024). FunnelPlotR: Funnel Plots for Comparing Institutional
       Performance. R package version 0.6.0.
    .. [IH93] Iglewicz B, Hoaglin DC (1993). How to Detect and Handle Outliers. ASQC Quality
       Press (the 3.5 rejection point of the modified z-score).

    Examples
    --------
    >>> import pandas as pd
    >>> import qistats as qi
    >>> df = pd.DataFrame({"trust": ["A", "B", "C", "D"],
    ...                    "deaths": [30, 10, 60, 18], "expected": [25, 20, 50, 20]})
    >>> res = qi.funnel(df, y="deaths", n="expected", unit="trust", adjust=False, limit=95)

    Trust B: 10 deaths where 20 were expected, a ratio of 0.5. Chance gives 10 or fewer with
    probability :math:`P(X \le 10) = 0.011` (X ~ Poisson(20)), below 0.025: a low outlier at
    95 %; at 99.8 % it would need less than 0.001, and it is not.

    >>> res.units[["trust", "value", "lcl_95", "ucl_95", "lcl_99_8", "direction"]].round(3)
      trust  value  lcl_95  ucl_95  lcl_99_8 direction
    0     A    1.2   0.608   1.430     0.424      None
    1     B    0.5   0.562   1.485     0.362       low
    2     C    1.2   0.723   1.296     0.583      None
    3     D    0.9   0.562   1.485     0.362      None
    """
    data = check_frame(as_pandas(data))
    kind = _kind(kind)
    method = _choice(method, "method", F.METHODS)
    tau2_method = _choice(tau2, "tau2", F.TAU2_METHODS)
    phi_method = None if phi is None else _choice(phi, "phi", F.PHI_METHODS)
    adj = name_key(adjust)  # names ignore case and the spaces around them
    if not (adj in ("auto", "test") or isinstance(adj, (bool, np.bool_))):
        raise ArgumentError(f"adjust={fmt(adjust)}: expected 'auto', 'test', True or False.")
    adj = adj if adj in ("auto", "test") else bool(adj)
    if compat is not None and (not isinstance(compat, str) or name_key(compat) != "funnelplotr"):
        raise ArgumentError(f"compat={fmt(compat)}: expected None or 'FunnelPlotR'.")
    is_compat = compat is not None
    if is_compat and kind == "rate":
        raise ArgumentError("compat='FunnelPlotR': FunnelPlotR has no kind='rate'.")
    if is_compat and tau2_method == "reml":
        raise ArgumentError("compat='FunnelPlotR': FunnelPlotR estimates tau2 by 'dl' only.")
    if is_compat and phi_method == "robust":
        raise ArgumentError(
            "compat='FunnelPlotR': FunnelPlotR estimates phi by trimming only (phi='trim')."
        )
    phi_method = phi_method or ("trim" if is_compat else "robust")
    target_method = None if target is None else _choice(target, "target", F.TARGETS)
    if target_method is not None and kind == "sr":
        raise ArgumentError(
            f"target={fmt(target)} with kind='sr': a standardised ratio O/E is compared with 1; "
            "target= chooses the centre line of kind='pr', 'rc' or 'rate'."
        )
    if is_compat and target_method == "robust":
        raise ArgumentError(
            "compat='FunnelPlotR': FunnelPlotR's target is the pooled ratio (target='pooled')."
        )
    target_method = target_method or ("robust" if phi_method == "robust" else "pooled")
    limits_method = (
        None
        if adjusted_limits is None
        else _choice(adjusted_limits, "adjusted_limits", F.ADJUSTED_LIMITS)
    )
    if is_compat and limits_method == "combined":
        raise ArgumentError(
            "compat='FunnelPlotR': FunnelPlotR's adjusted limits are the normal approximation "
            "(adjusted_limits='normal')."
        )
    limits_method = limits_method or ("normal" if is_compat else "combined")
    if adj == "test" and phi_method != "robust":
        raise ArgumentError(
            f"adjust='test' with phi={fmt(phi_method)}"
            f"{' (compat=' + fmt(compat) + ')' if is_compat else ''}: the test's null "
            "distribution is that of the robust phi; use phi='robust' (FunnelPlotR adjusts when "
            "phi > 1: adjust='auto')."
        )
    if not isinstance(shmi_rounding, (bool, np.bool_)):
        raise ArgumentError(f"shmi_rounding={fmt(shmi_rounding)}: expected True or False.")
    trim_v = _number(trim, "trim", 0.0, 0.5, "a share of each tail, > 0 and < 0.5")
    mult = _number(multiply, "multiply", 0.0, math.inf, "a positive number")
    lv, limit_index = _levels(levels, limit)

    by_list = column_labels(data, by, "by")
    for arg, col in (("y", y), ("n", n), ("unit", unit)):
        check_column(data, col, arg)
    if x is not None:
        check_column(data, x, "x")
    if y == n:
        raise ArgumentError(
            f"y={fmt(y)}, n={fmt(n)}: the numerator and denominator are the same column."
        )
    roles = {"y": y, "n": n, "unit": unit, "x": x}
    for b in [unit, *by_list]:
        for role, col in roles.items():
            if col is not None and col == b and not (role == "unit" and b == unit):
                raise ArgumentError(f"{fmt(b)} is given both as a unit/by column and as {role}.")
    # a unit or by column named as a column of .units: ColumnError with the rename, as
    # qi.spc, qi.board and qi.ambition refuse it
    names = [("unit", unit), *(("by", b) for b in by_list)]
    limits = [f"{side}_{level_name(v)}" for v in lv for side in ("lcl", "ucl")]
    reserved_names(names, [*_OUTPUT, *limits], "qi.funnel (in .units)")
    if len(set(by_list)) != len(by_list) or unit in by_list:
        raise ArgumentError(f"by={fmt(by)}: a column is named twice (or is the unit column).")

    data = iso_text_x(data, x)  # ISO text dates (as read_csv gives them) as qi.spc reads them
    # a repeated index (pd.concat) numbered by position, so that a row of the period's part
    # is named by its position in the caller's data ("data.iloc[288]"), not in the part
    data = numbered_by_position(data)
    rows, row_x, naming = _select_period(data, x, period, by_list, unit, (y, n))
    covered = _period_covered(rows, x, row_x)
    names = [*by_list, unit]
    yv = _numeric(rows, y, "y", names, x)
    nv = _numeric(rows, n, "n", names, x)
    for arg, col, v in (("y", y, yv), ("n", n, nv)):
        miss = np.flatnonzero(np.isnan(v))
        if miss.size:
            raise DataError(
                f"{arg}={fmt(col)}: {_describe_row(rows, int(miss[0]), names, x)} has a missing "
                "value; a funnel plot compares whole units, so fill or drop the row first."
            )
    for arg, col, v, what in (("y", y, yv, "a count"), ("n", n, nv, "a denominator")):
        neg = np.flatnonzero(v < 0)
        if neg.size:
            i = int(neg[0])
            raise DataError(
                f"{arg}={fmt(col)}: {_describe_row(rows, i, names, x)} has a negative value "
                f"({v[i]:g}); expected {what} >= 0."
            )

    # units: one per (by…, unit), numbered in sorted order; groups are runs of units
    group_code = _series_codes(rows, by_list, x)
    # pandas factorises arrow-backed text directly, without a copy to Python objects
    unit_code, unit_labels = pd.factorize(rows[unit], sort=True)
    missing = np.flatnonzero(unit_code < 0)
    if missing.size:
        raise DataError(
            f"unit={fmt(unit)}: {_describe_row(rows, int(missing[0]), by_list, x)} has a missing "
            "unit; every row must belong to a named unit."
        )
    warn_spaces(unit_labels, rows[unit], f"unit={fmt(unit)}")
    dims = (int(group_code.max()) + 1, int(unit_code.max()) + 1)
    u = _sorted_codes(np.ravel_multi_index((group_code, unit_code), dims))[0]
    n_units = int(u.max()) + 1
    order = np.argsort(u, kind="stable")
    if row_x is not None:
        _warn_copies(rows, u, row_x, names, x)
    starts = np.concatenate(([0], np.cumsum(np.bincount(u, minlength=n_units))[:-1]))
    first = order[starts]
    keys = pd.DataFrame({c: _take(rows[c], first) for c in names})
    # sums in extended precision, in row order within each unit, as R's sum()
    ysum = np.add.reduceat(yv[order].astype(np.longdouble), starts).astype(float)
    nsum = np.add.reduceat(nv[order].astype(np.longdouble), starts).astype(float)
    grp = group_code[first]
    if kind == "pr":  # binomial: a unit's whole cases out of its whole cases
        ysum, nsum = (
            _whole(
                v,
                lambda i, arg=arg, col=col, v=v: (
                    f"{arg}={fmt(col)}: unit {_unit_label(keys, i)} has a fractional total "
                    f"({_fraction(v[i])}); expected whole numbers of cases for kind='pr' (y "
                    f"cases out of n){_share_advice(yv, nv, y, n) if arg == 'y' else ''}; if "
                    "they are counts, round them first (e.g. .round())."
                ),
            )
            for arg, col, v in (("y", y, ysum), ("n", n, nsum))
        )
    closed = (nsum == 0) & (ysum == 0)
    if closed.any():  # a closed unit adds nothing, as one with no row in the period
        _warn_closed(keys, closed, n, x, period, rows)
        open_ = np.flatnonzero(~closed)
        keys = keys.iloc[open_].reset_index(drop=True)
        ysum, nsum, grp = ysum[open_], nsum[open_], grp[open_]
    if kind in ("rc", "rate"):  # a group with no events has no target to compare with
        keys, ysum, nsum, grp = _drop_eventless(keys, ysum, nsum, grp, by_list, kind, y)
    # groups numbered 0, 1, … as they come (a group left out above leaves no gap)
    lay = K.Layout.from_starts(np.flatnonzero(np.diff(grp, prepend=-1) != 0), grp.size)

    _check_units(
        ysum, nsum, keys, kind, y, n, lay, shmi_rounding and kind == "sr" and method == "shmi"
    )
    summed = None
    if row_x is None:  # every row of a unit is summed: several months of long data, say so
        summed = _warn_periods_summed(rows, u, n_units, [y, n, *names], by_list)
    spec = F.Spec(
        kind=kind,
        method=method if kind in ("sr", "rate") else "shmi",
        trim=trim_v,
        multiply=mult,
        levels=lv,
        tau2_method=tau2_method,
        adjust=adj,
        shmi_rounding=bool(shmi_rounding),
        compat=is_compat,
        phi_method=phi_method,
        target=target_method,
        adjusted_limits=limits_method,
    )
    if kind == "sr":
        _warn_not_expected(ysum, nsum, lay, keys, by_list, y, n)
    if kind in ("sr", "rate"):  # fractional y taken: a rate given as y is not refused
        _warn_rates(yv, nv, rows, names, x, y, n, mult)
    totals = _warn_total(ysum, nsum, lay, keys, y, n)
    fit = F.fit(ysum, nsum, lay, spec)
    big = _big_unit(nsum, lay, keys, n, totals)
    # one warning a call: the one about a dominant unit also says that the units are few
    if (
        not _warn_dominant(fit, keys, big)
        and adj is not False
        and not _warn_few(lay, keys, by_list, big)
    ):
        _warn_discrete(fit, spec, keys, by_list, mult)
    params = {
        "y": y,
        "n": n,
        "unit": unit,
        "kind": kind,
        "limit": lv[limit_index],
        "adjust": adj,
        "method": method,
        "trim": trim_v,
        "multiply": mult,
        "shmi_rounding": bool(shmi_rounding),
        "levels": lv,
        "tau2": tau2_method,
        "phi": phi_method,
        "target": target_method,
        "adjusted_limits": limits_method,
        "compat": "FunnelPlotR" if is_compat else None,
        "by": by_list,
        "x": x,
        "period": period,
    }
    return FunnelResult(keys, fit, spec, limit_index, params, covered, naming, summed)


def _check_units(ysum, nsum, keys, kind, y, n, lay, rounds) -> None:
    """Refuse units the maths cannot compare, naming the first one."""
    n_used = F.r_round(nsum, 2) if rounds else nsum
    bad = np.flatnonzero(n_used <= 0)
    if bad.size:
        i = int(bad[0])
        shown = " (after rounding to 2 decimals)" if rounds and nsum[i] > 0 else ""
        raise DataError(
            f"n={fmt(n)}: unit {_unit_label(keys, i)} has a total n of {nsum[i]:g}{shown}; "
            "expected a positive denominator."
        )
    if kind == "pr":
        bad = np.flatnonzero(ysum > nsum)
        if bad.size:
            i = int(bad[0])
            raise DataError(
                f"y={fmt(y)}: unit {_unit_label(keys, i)} has y = {ysum[i]:g} > n = {nsum[i]:g}; "
                "expected a proportion (y <= n) for kind='pr'."
            )


def _drop_eventless(keys, ysum, nsum, grp, by, kind, y):
    """Leave out the ``by`` groups with no events at all (kind "rc" or "rate"), with a
    ``NoDataWarning`` naming them: their pooled target is 0, so their units have no limits and
    cannot be judged, and each other group's funnel is its own. Refused when no group (or the
    data, without ``by``) has an event."""
    starts = np.flatnonzero(np.concatenate(([True], grp[1:] != grp[:-1])))
    events = np.add.reduceat(ysum, starts) if ysum.size else np.zeros(0)
    empty = np.flatnonzero(events == 0)
    if not empty.size:
        return keys, ysum, nsum, grp
    i = int(starts[empty[0]])
    scope = f"the group {_unit_label(keys[by], i)}" if by else "the data"
    if empty.size == starts.size:
        every = "every group has" if len(starts) > 1 else f"{scope} has"
        raise DataError(
            f"y={fmt(y)}: {every} no events at all, so the pooled {kind} target is 0 and there "
            f"is nothing to compare; kind={fmt(kind)} needs at least one event."
        )
    lengths = np.diff(np.append(starts, ysum.size))
    named = [
        f"{_unit_label(keys[by], int(starts[g]))} ({plural(int(lengths[g]), 'unit')})"
        for g in empty[:5]
    ]
    its = "its" if len(empty) == 1 else "their"
    warn(
        f"{len(empty)} of {len(starts)} groups {'has' if len(empty) == 1 else 'have'} no "
        f"events at all (y={fmt(y)} sums to 0), so "
        f"{its} pooled {kind} target is 0 and {its} units cannot be compared with it: they are "
        f"left out of the funnel, the other groups computed as each alone: "
        f"{'; '.join(named)}{'; …' if len(empty) > 5 else ''}.",
        NoDataWarning,
    )
    keep = np.repeat(events > 0, lengths)
    rows = np.flatnonzero(keep)
    return keys.iloc[rows].reset_index(drop=True), ysum[rows], nsum[rows], grp[rows]


#: ``kind="sr"``: a group whose pooled O/E (Σy/Σn) is outside these bounds has an ``n`` that is
#: probably not expected counts (O/E is near 1 by construction when it is: a risk model's
#: expected deaths add up to about the deaths observed).
SR_RATIO_BOUNDS = (0.2, 5.0)

#: A unit whose y and n are both within this relative distance of the sums of the other units
#: of its funnel is named as a total of them (:func:`_warn_total`): exact sums, or sums of
#: rounded published figures.
TOTAL_RTOL = 0.005


def _warn_not_expected(ysum, nsum, lay, keys, by, y, n) -> None:
    """A ``KindWarning`` when a group's pooled O/E is far from 1 under ``kind="sr"``: ``n`` is
    then a denominator (bed days, cases), not expected counts, and the limits around 1 mean
    nothing (φ in the hundred thousands adjusts them to cover every unit)."""
    every = np.ones(ysum.size, dtype=bool)
    ratio = K.divide(K.seg_sum(ysum, every, lay), K.seg_sum(nsum, every, lay))
    low, high = SR_RATIO_BOUNDS
    far = np.flatnonzero((ratio < low) | (ratio > high))
    if not far.size:
        return
    g = int(far[0])
    where = f" of the group {_unit_label(keys[by], int(lay.starts[g]))}" if by else ""
    also = f" ({far.size} of {lay.n_seg} groups are outside {low:g}–{high:g})" if by else ""
    warn(
        f"kind='sr' compares observed with expected counts, so n={fmt(n)} should hold expected "
        f"events and the pooled O/E = sum of y / sum of n is near 1; it is {ratio[g]:.3g}"
        f"{where}{also}. If n={fmt(n)} is an exposure (bed days, population), use kind='rate' "
        f"(events per exposure, with multiply=1000 for per 1,000); if y={fmt(y)} counts cases "
        "out of n, use kind='pr'.",
        KindWarning,
    )


def _warn_rates(yv, nv, rows, names, x, y, n, multiply) -> None:
    """A ``DenominatorWarning`` when the rows' y read as rates of n (events per 1,000 bed
    days) rather than counts of events (:func:`~qistats._rates.rate_scales`, all rows of the
    period as one series), naming a row with its y, n and the count it was made from: the
    funnel would divide them by n again."""
    scale = float(rate_scales(yv, nv, np.zeros(yv.size, dtype=np.intp), 1, multiply)[0])
    if np.isnan(scale):
        return
    i = int(np.flatnonzero((nv > 0) & (yv != 0))[0])
    example = _describe_row(rows, i, names, x)
    text = rate_message(y, n, "the units", example, yv[i], nv[i], scale, multiply, "row")
    warn(text, DenominatorWarning)


def _warn_total(ysum, nsum, lay, keys, y, n) -> np.ndarray:
    """A ``TotalUnitWarning`` when a unit's y and n are both the sums of the other units of
    its funnel (within ``TOTAL_RTOL``; at least 3 others): a total of them, whose events it
    counts again. Only such totals are named: a country beside a few of its trusts has a
    larger y and n than their sums, as a big trust beside small hospitals has, and nothing in
    the numbers tells the two apart (:func:`_big_unit` words the overdispersion warning for
    them). The numbers are not changed. Returns, per unit, whether it was named."""
    every = np.ones(ysum.size, dtype=bool)
    rest_y = K.seg_sum(ysum, every, lay)[lay.seg] - ysum
    rest_n = K.seg_sum(nsum, every, lay)[lay.seg] - nsum
    others = lay.lengths()[lay.seg] - 1
    total = np.isclose(ysum, rest_y, rtol=TOTAL_RTOL, atol=0) & (others >= 3) & (nsum > 0)
    total &= np.isclose(nsum, rest_n, rtol=TOTAL_RTOL, atol=0)
    flagged = np.flatnonzero(total)
    if not flagged.size:
        return total
    i = int(flagged[0])
    also = f" ({flagged.size} units are so)" if flagged.size > 1 else ""
    warn(
        f"unit {_unit_label(keys, i)} has n={fmt(n)} {_amount(nsum[i])} and y={fmt(y)} "
        f"{_amount(ysum[i])}, the sums of the other {int(others[i])} units of its funnel "
        f"({_amount(rest_n[i])} and {_amount(rest_y[i])}){also}: a total of them (a region, a "
        "country)? If so, leave it out: it counts their events again, and it sets the target "
        "and the overdispersion of the units it holds.",
        TotalUnitWarning,
    )
    return total


def _amount(v: float) -> str:
    """A sum of y or n as written in a warning: "1,373,060", "2.5"."""
    return f"{v:,.0f}" if v >= 100 or v == round(v) else f"{v:.3g}"


#: A unit holding more than this share of its funnel's n is named in the overdispersion
#: warning: a country or region total among its units looks like this (the
#: bundled A&E data's "England", 98 % of the attendances beside 3 trusts, φ = 1,172).
BIG_SHARE = 0.5


def _big_unit(nsum, lay, keys, n, totals) -> str:
    """The sentence naming the first unit that holds more than ``BIG_SHARE`` of its funnel's
    n, with its share, and saying to remove it if it is a total or a region ("" when none
    does, or when it was named as an exact total already)."""
    every = np.ones(nsum.size, dtype=bool)
    group_n = K.seg_sum(nsum, every, lay)[lay.seg]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = nsum / group_n
    # (of two units one always holds more than half: named only beside two others or more)
    big = np.flatnonzero((share > BIG_SHARE) & (lay.lengths()[lay.seg] > 2) & ~totals)
    if not big.size:
        return ""
    i = int(big[0])
    pct = f"{share[i]:.0%}"
    pct = f"{share[i]:.1%}" if pct in ("50%", "100%") else pct  # not "50%" for 50.4 %
    return (
        f" Unit {_unit_label(keys, i)} holds {pct} of n={fmt(n)} in its funnel "
        f"({_amount(nsum[i])} of {_amount(group_n[i])}), more than all the others together. "
        "If it is a total or a region, remove "
        "it: it counts the other units' events again, and it sets the target and phi."
    )


def _dominated(fit: F.Fit) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group: does one unit dominate an adjusted φ that no trimming protected? With the
    unit's share of Σz², its row, and φ without it.

    With few units nothing may be set aside (SHMI truncation needs about 2/``trim`` units), so one
    extreme unit (a ward with no events, a closed unit) can set φ, and with it every adjusted
    limit. A group is flagged when the unit's z² against the others' mean z² exceeds the
    F(1, k − 1) quantile at 1 − 0.001/k (a Bonferroni outlier test: a false alarm in about 1
    of 1,000 groups whose units share one φ). The numbers are not changed.
    """
    lay = fit.lay
    z2 = np.nan_to_num(fit.z_trimmed**2)
    total = np.bincount(lay.seg, weights=z2, minlength=lay.n_seg)
    top = np.maximum.reduceat(z2, lay.starts) if z2.size else np.zeros(0)
    row = np.flatnonzero((z2 == top[lay.seg]) & (top[lay.seg] > 0))
    first = np.full(lay.n_seg, -1)
    first[lay.seg[row][::-1]] = row[::-1]  # the first such row of each group
    k = fit.n_phi.astype(float)
    untrimmed = fit.n_phi == lay.lengths()
    # the units' null E[z²] (1 each but for the robust φ's mid-p scores): φ is Σz² / ΣE₀[z²]
    e0 = np.ones(z2.size) if fit.phi_weight is None else np.nan_to_num(fit.phi_weight)
    w_all = np.bincount(lay.seg, weights=e0, minlength=lay.n_seg)
    w_top = np.where(first >= 0, e0[np.maximum(first, 0)], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        rest = (total - top) / (k - 1)
        flag = top / rest > stats.f.ppf(1 - 0.001 / k, 1, k - 1)
        share = top / total
        without = fit.phi * (total - top) / total * w_all / (w_all - w_top)
    flag &= fit.adjusted & untrimmed & (k >= 3) & (fit.phi > 1) & (first >= 0)
    return flag, share, first, without


def _warn_dominant(fit: F.Fit, keys: pd.DataFrame, big: str) -> bool:
    """Warn, naming the unit, for the first group :func:`_dominated` flags, with the sentence
    ``big`` of :func:`_big_unit`; whether it did."""
    flag, share, first, without = _dominated(fit)
    if not flag.any():
        return False
    g = int(np.flatnonzero(flag)[0])
    warn(
        f"unit {_unit_label(keys, int(first[g]))} gives {share[g]:.0%} of the overdispersion "
        f"estimate (phi = {fit.phi[g]:.3g}; {without[g]:.3g} without it): with "
        f"{int(fit.n_phi[g])} units none was set aside before phi, so the adjusted limits "
        "are mostly about this one unit. Check it (no events? a closed unit?), leave it out, "
        f"or compare with adjust=False.{big}",
        OverdispersionWarning,
    )
    return True


def _warn_few(lay: K.Layout, keys: pd.DataFrame, by: list[str], big: str) -> bool:
    """Warn when a group's overdispersion is estimated from fewer than ``MIN_UNITS`` units,
    with the sentence ``big`` of :func:`_big_unit`; whether it did."""
    k = lay.lengths()
    few = np.flatnonzero(k < MIN_UNITS)
    if not few.size:
        return False
    g = int(few[0])
    where = f" (group {_unit_label(keys[by], int(lay.starts[g]))})" if by else ""
    also = f"; {few.size} of {k.size} groups have fewer than {MIN_UNITS}" if few.size > 1 else ""
    warn(
        f"phi and tau2 are estimated from only {int(k[g])} unit{'s' if k[g] != 1 else ''}"
        f"{where}{also}: with fewer than {MIN_UNITS} units the spread between units is "
        "too uncertain to trust (phi cannot tell a true outlier from the spread), so whether the "
        "limits are widened for overdispersion, and by how much, rests on very little. Compare "
        f"with adjust=False, or add units or periods.{big}",
        OverdispersionWarning,
    )
    return True


_DISCRETE_WORDS = {
    "pr": (
        "the arcsine z-scores of proportions vary more than chance's N(0, 1) when a unit "
        "expects few of the rarer outcome, n*min(p, 1-p), near 0% or 100% or in small units "
        "(mean z^2 1.8 when it expects 1, 1.4 at 3, 1.1 at 6)",
        "expects {m} of the rarer outcome",
    ),
    "log": (
        "the log z-scores (half an event for none) vary more than chance's N(0, 1) when a unit "
        "expects between about 2 and 20 events (mean z^2 1.5 at 5, 1.24 at 10)",
        "expects {m} events",
    ),
    "sqrt": (
        "the square-root z-scores vary more than chance's N(0, 1) when a unit expects few "
        "events (mean z^2 1.8 when it expects 1, 1.4 at 3, 1.1 at 6)",
        "expects {m} events",
    ),
}


def _warn_discrete(
    fit: F.Fit, spec: F.Spec, keys: pd.DataFrame, by: list[str], mult: float
) -> bool:
    """Warn when a group's limits are widened (φ > 1) but in-control units of its sizes would
    give a φ of ``DISCRETE_PHI`` (1.1) or more by the discreteness of small counts alone (the
    group's mean exact null :math:`E[z^2]`, :func:`qistats._funnel.null_z2`), and φ over that
    is not significantly above 1 (the test of ``adjust="test"``, P ≥ 0.05); whether it did.
    Only for ``phi="trim"`` and ``compat``: the default robust φ is computed from mid-p scores
    over their exact null E[z²], which the discreteness does not inflate."""
    if spec.phi_method == "robust" and not spec.compat:
        return False
    if not (fit.adjusted & (fit.phi > 1.0)).any():  # no limits widened: nothing to say
        return False
    ez2, m = F.null_z2(fit, spec)
    if np.isnan(ez2).all():
        return False
    lay = fit.lay
    expect = K.seg_nanmean(ez2, lay)  # the group's mean over its units with an E[z²]
    with np.errstate(divide="ignore", invalid="ignore"):
        pval = F.overdispersion_p(fit.phi / expect, fit.n_phi)
    # only where φ is no more than the discreteness gives: a φ well above it (true spread,
    # outliers not set aside) is not explained by it, and the warning would be noise
    flag = (
        fit.adjusted
        & (fit.phi > 1.0)
        & np.isfinite(fit.phi)
        & (expect >= F.DISCRETE_PHI)
        & (pval >= F.TEST_LEVEL)
    )
    if not flag.any():
        return False
    g = int(np.flatnonzero(flag)[0])
    rows = slice(int(lay.starts[g]), int(lay.starts[g]) + int(lay.lengths()[g]))
    median_m = float(np.nanmedian(m[rows]))
    n_small = int(np.sum(ez2[rows] >= F.DISCRETE_PHI))
    n_all = int(np.sum(~np.isnan(ez2[rows])))
    where = f" (group {_unit_label(keys[by], int(lay.starts[g]))})" if by else ""
    also = f"; {int(flag.sum())} of {flag.size} groups" if flag.sum() > 1 else ""
    scale = "pr" if spec.kind == "pr" else ("log" if spec.log_ratio else "sqrt")
    why, size = _DISCRETE_WORDS[scale]
    target = (
        f" at the target {float(fit.target[g]) * mult:.3g}{'%' if mult == 100 else ''}"
        if spec.kind in ("pr", "rate")
        else ""
    )
    median = size.format(m=f"{median_m:.3g}")
    warn(
        f"phi = {fit.phi[g]:.3g}{where}{also} may be inflated by the discreteness of small "
        f"counts: {why}. In-control units of these sizes{target} would give phi about "
        f"{expect[g]:.3g} with no overdispersion at all ({n_small} of {n_all} units would give "
        f"{F.DISCRETE_PHI} or more alone; the median unit {median}), and phi is not "
        f"significantly more than that (phi / {expect[g]:.3g} = {fit.phi[g] / expect[g]:.3g}, "
        f"P = {pval[g]:.2g}). So the limits may be widened for spread that chance alone gives, "
        "and hide real outliers: compare with adjust=False (exact limits), and read phi with "
        "care.",
        OverdispersionWarning,
    )
    return True


class FunnelResult(ReadOnlyParams, TablesOut):
    """The result of :func:`qistats.funnel`.

    ``to_polars(table)`` and ``to_arrow(table)`` convert ``"units"`` (the default),
    :meth:`summary` or :attr:`limits` (``pip install polars`` / ``pyarrow``).

    Attributes
    ----------
    units : pandas.DataFrame
        One row per unit, sorted by the ``by`` columns and then the unit column (as text,
        so "u10" comes before "u2": pad numbers, "u02", or sort the table with a key of your
        own): the ``by`` columns and the unit column (their names kept), ``y`` and ``n`` (the
        numerator and denominator summed, named ``y`` and ``n`` whatever the input's columns
        are called, so that one table schema serves every call, as issue #11 asked; the
        input's names are in ``params["y"]`` and ``params["n"]``), ``value`` (ratio ×
        multiply), ``z`` (unadjusted z-score: a normal approximation on the transformed
        scale, arcsine for ``pr``, log for ``sr``, that gives φ (of large units only, by default)
        and ranks units; it does not
        decide ``outlier``, which uses the limits, the exact tails of the count when not
        adjusted: with few events the two disagree, 0 of 100 against 5.6 % has z = −4.8 but
        :math:`P(X = 0) = 0.003` is not below α/2 = 0.001 at 99.8 %, so no outlier; sort and
        colour by ``outlier``, not by :math:`|z|`),
        ``z_trimmed`` (the scores that give φ: by default the mid-p normal scores of units
        whose count's null variance is 100 or less, and ``z`` of the others; missing for a
        unit the robust φ sets aside or truncation drops, clamped by winsorisation),
        ``lcl_<level>`` and ``ucl_<level>`` for each level (95 → ``lcl_95``, 99.8 →
        ``lcl_99_8``: the limits in force, adjusted when the adjustment is applied),
        ``outlier`` (outside the ``limit`` limits) and ``direction`` ("high" or "low" for
        an outlier, else None).
    params : Mapping
        Every argument of the call except ``data`` (read-only). The result pickles and
        deep-copies (to return it from a worker process, or cache it).
    period : tuple or None
        The first and last x of the rows compared, as the data give them (with ``x=``; the
        latest x alone unless ``period=`` says otherwise), or None without ``x``. The title
        names it, "… by trust, Mar 2024", so that a chart of one month is not read as a year's.
    summed_over : tuple or None
        Without ``x``, when a column of periods (dates, or a column named like ``month``,
        ``date``, ``period``, ``week``, ``quarter`` or ``year``) has several values within a
        unit, so that each unit's rows of several periods were summed (the
        ``PeriodsSummedWarning``): (the column, the number of periods, the first, the last,
        the span in words); else None. The title then says "summed over Apr 2023–Mar 2024".
    """

    _TABLES = ("units", "summary", "limits")

    def __init__(
        self,
        keys: pd.DataFrame,
        fit: F.Fit,
        spec: F.Spec,
        limit_index: int,
        params: Mapping[str, Any],
        period: tuple[Any, Any] | None = None,
        naming: tuple[int, int, str] = (0, 0, "month"),
        summed: tuple[Any, int, Any, Any, str] | None = None,
    ) -> None:
        self._fit = fit
        self.period = period
        self.summed_over = summed
        self._naming = naming
        self._spec = spec
        self._keys = keys
        self.params = MappingProxyType(dict(params))
        self.by: list[str] = list(params["by"])
        lo, hi = F.unit_limits(fit, spec)
        value = fit.value
        lim_lo, lim_hi = lo[limit_index], hi[limit_index]
        with np.errstate(invalid="ignore"):
            high = value > lim_hi
            low = value < lim_lo
        direction = np.full(value.size, None, dtype=object)
        direction[high] = "high"
        direction[low] = "low"
        cols: dict[str, Any] = {c: keys[c] for c in keys.columns}
        cols.update(
            y=fit.y,
            n=fit.n,
            value=value,
            z=fit.z,
            z_trimmed=fit.z_trimmed,
        )
        for j, lv in enumerate(spec.levels):
            cols[f"lcl_{level_name(lv)}"] = lo[j]
            cols[f"ucl_{level_name(lv)}"] = hi[j]
        cols["outlier"] = high | low
        cols["direction"] = pd.Series(direction, dtype=object)  # None, not NaN, when inside
        self._units = pd.DataFrame(cols)
        self._limits: pd.DataFrame | None = None

    @property
    def units(self) -> pd.DataFrame:
        """One row per unit (see the class's attributes): a copy, so that editing it leaves
        the result and its plot as computed."""
        return unshared(self._units)

    @property
    def limits(self) -> pd.DataFrame:
        """The limits in force on a grid of ``n`` for drawing (computed on first use).

        Columns: the ``by`` columns, ``n``, ``target`` and ``lcl_<level>``/``ucl_<level>``.
        A copy, as :attr:`units` is. The grid: 1,000 values of ``n`` per group, evenly spaced
        on a log scale from half the smallest denominator (or a hundredth of the largest, if
        less) to 1.05 × the largest; under compat, FunnelPlotR's grid.
        """
        if self._limits is None:
            fit, spec = self._fit, self._spec
            x, gr, _ = F.grid(fit, spec)
            lo, hi = F.limits(x, gr, fit, spec, fit.adjusted[gr])
            self._limits = self._curves(x, gr, lo, hi)
        return unshared(self._limits)

    def _group_frame(self) -> pd.DataFrame:
        """The by-values of each group (no columns without by)."""
        return self._keys.iloc[self._fit.lay.starts][self.by].reset_index(drop=True)

    def _curves(self, x, gr, lo, hi) -> pd.DataFrame:
        groups = self._group_frame()
        cols: dict[str, Any] = {b: groups[b].to_numpy()[gr] for b in self.by}
        cols["n"] = x
        cols["target"] = self._fit.target[gr] * self._spec.multiply
        for j, lv in enumerate(self._spec.levels):
            cols[f"lcl_{level_name(lv)}"] = lo[j]
            cols[f"ucl_{level_name(lv)}"] = hi[j]
        return pd.DataFrame(cols)

    def _per_group(self, values: np.ndarray, name: str) -> Any:
        if not self.by:
            v = values[0]
            return bool(v) if values.dtype == bool else float(v)
        index = (
            pd.MultiIndex.from_frame(self._group_frame())
            if len(self.by) > 1
            else (pd.Index(self._group_frame()[self.by[0]]))
        )
        return pd.Series(values, index=index, name=name)

    @property
    def phi(self) -> Any:
        """Overdispersion factor φ: a float, or a Series per group with ``by``."""
        return self._per_group(self._fit.phi, "phi")

    @property
    def tau2(self) -> Any:
        """Between-unit variance τ² on the transformed scale: a float, or a Series per group."""
        return self._per_group(self._fit.tau2, "tau2")

    @property
    def target(self) -> Any:
        """The centre line (× multiply): a float, or a Series per group."""
        return self._per_group(self._fit.target * self._spec.multiply, "target")

    @property
    def adjusted(self) -> Any:
        """Whether the overdispersion-adjusted limits are in force (after ``adjust="auto"``)."""
        return self._per_group(self._fit.adjusted, "adjusted")

    def limits_at(self, n: Any, *, group: Any = None, adjusted: bool | None = None) -> pd.DataFrame:
        r"""The limits at denominators ``n`` (of one group), adjusted or not.

        Parameters
        ----------
        n : float or array-like
            Denominators.
        group : key, optional
            The by-value (a tuple for several by columns); needed with ``by``.
        adjusted : bool, optional
            True: the overdispersion-adjusted limits (with the group's τ²); False: unadjusted;
            None: those in force.

        Returns
        -------
        pandas.DataFrame
            ``n`` and the ``lcl_<level>``/``ucl_<level>`` columns, in the order of ``n``.

        Examples
        --------
        Unadjusted (φ < 1 here) Poisson limits of a standardised ratio: at 60 expected deaths
        the 99.8 % limits are 0.618 and 1.430, so 37 deaths or fewer (P(X ≤ 37) = 0.0009) and 86
        or more (P(X ≥ 86) = 0.0009) are outside them, X ~ Poisson(60).

        >>> import pandas as pd
        >>> import qistats as qi
        >>> df = pd.DataFrame({"trust": list("ABCDEFGHIJKL"),
        ...                    "deaths": [30, 12, 60, 18, 41, 25, 33, 95, 20, 52, 28, 47],
        ...                    "expected": [25, 20, 50, 20, 40, 27, 30, 60, 22, 50, 30, 45]})
        >>> res = qi.funnel(df, y="deaths", n="expected", unit="trust")
        >>> res.limits_at([60, 20]).round(3)
              n  lcl_95  ucl_95  lcl_99_8  ucl_99_8
        0  60.0   0.747   1.269     0.618     1.430
        1  20.0   0.562   1.485     0.362     1.783
        """
        xs = np.asarray(as_list(n), dtype=float)
        if xs.size == 0 or not np.all(np.isfinite(xs) & (xs > 0)):
            raise ArgumentError(f"n={fmt(n)}: expected positive, finite denominators.")
        g = self._group_number(group)
        order = np.argsort(xs, kind="stable")
        gr = np.full(xs.size, g, dtype=np.intp)
        adj = self._fit.adjusted[g] if adjusted is None else bool(adjusted)
        lo, hi = F.limits(xs[order], gr, self._fit, self._spec, np.full(xs.size, adj))
        back = np.empty_like(order)
        back[order] = np.arange(order.size)
        out = self._curves(xs, gr, lo[:, back], hi[:, back])
        return out.drop(columns=[*self.by, "target"])

    def _group_number(self, group: Any) -> int:
        if not self.by:
            if group is not None:
                raise ArgumentError(f"group={fmt(group)}: the result has no by groups.")
            return 0
        groups = self._group_frame()
        keys = list(groups.itertuples(index=False, name=None))
        key = group if isinstance(group, tuple) else (group,)
        if key not in keys:
            raise ArgumentError(
                f"group={fmt(group)}: not a group of by={fmt(self.by)}; the groups are e.g. "
                f"{', '.join(map(repr, keys[:5]))}."
            )
        return keys.index(key)

    def summary(self) -> pd.DataFrame:
        r"""One row per group: the overdispersion fit and the count of outliers.

        Returns
        -------
        pandas.DataFrame
            The by-columns, ``n_units``, ``target``, ``phi``, ``tau2``, ``n_phi`` (units that
            entered φ), ``adjusted``, ``n_outliers``, ``n_high`` and ``n_low``.

        Examples
        --------
        >>> import pandas as pd
        >>> import qistats as qi
        >>> df = pd.DataFrame({"trust": list("ABCDEFGHIJKL"),
        ...                    "deaths": [30, 12, 60, 18, 41, 25, 33, 95, 20, 52, 28, 47],
        ...                    "expected": [25, 20, 50, 20, 40, 27, 30, 60, 22, 50, 30, 45]})
        >>> res = qi.funnel(df, y="deaths", n="expected", unit="trust")
        >>> res.summary()[["n_units", "n_phi", "adjusted", "n_outliers", "n_high"]]
           n_units  n_phi  adjusted  n_outliers  n_high
        0       12     11     False           1       1

        φ set trust H aside (z = √60 · log(95/60) = 3.56); the other eleven show no
        overdispersion (φ = 0.81), so the Poisson limits stand: H (95 deaths where 60 were
        expected, 1.58) is above its 99.8 % limit 1.430 (:math:`P(X \ge 95) = 2\times10^{-5}`,
        X ~ Poisson(60)).
        """
        fit = self._fit
        out = self._group_frame()
        seg = fit.lay.seg
        d = self._units["direction"].to_numpy()
        out["n_units"] = fit.lay.lengths()
        out["target"] = fit.target * self._spec.multiply
        out["phi"] = fit.phi
        out["tau2"] = fit.tau2
        out["n_phi"] = fit.n_phi
        out["adjusted"] = fit.adjusted
        out["n_high"] = np.bincount(seg, weights=d == "high", minlength=fit.lay.n_seg).astype(int)
        out["n_low"] = np.bincount(seg, weights=d == "low", minlength=fit.lay.n_seg).astype(int)
        out.insert(len(out.columns) - 2, "n_outliers", out["n_high"] + out["n_low"])
        return out

    @property
    def title(self) -> str:
        """``Funnel plot of restraints per 1,000 bed days by ward`` and the like; with ``x``,
        the period compared (", Mar 2024"); without it, the periods summed when a unit's rows
        held several (", summed over Apr 2020–Mar 2024", :attr:`summed_over`)."""
        p = self.params
        what = funnel_words(p["kind"], p["y"], p["n"], p["multiply"])
        when = "" if self.period is None else f", {span_words(*self.period, *self._naming)}"
        summed = getattr(self, "summed_over", None)  # (a result pickled before it had one)
        if summed is not None:
            when = f", summed over {summed[4]}"
        return f"Funnel plot of {what} by {readable(p['unit'])}{when}"

    # Draw the funnel plot with matplotlib (``pip install 'qistats[plot]'``); returns the
    # Figure. Every argument is documented in :func:`qistats.plot.plot_funnel` (this is that
    # function).
    plot = plot_funnel

    def _header(self) -> str:
        s = self.summary()
        return (
            f"FunnelResult: {self.title} — {len(self._units)} units"
            + (f" in {len(s)} groups" if self.by else "")
            + f", {plural(int(s['n_outliers'].sum()), 'outlier')} at {self.params['limit']:g} %"
        )

    def __repr__(self) -> str:
        with pd.option_context("display.max_rows", 20, "display.width", 120):
            return f"{self._header()}\n{self.summary().to_string(max_rows=20)}"

    def _repr_html_(self) -> str:
        summ = self.summary().to_html(max_rows=20, index=False, na_rep="")
        out = self._units[self._units["outlier"]]
        if out.empty:
            level = self.params["limit"]
            outliers = f"<p>No unit is outside its {level:g} % limits.</p>"
        else:
            table = out.to_html(max_rows=20, index=False, na_rep="", float_format="{:.4g}".format)
            outliers = f"<p>Outliers</p>\n{table}"
        return f"<p><strong>{html.escape(self._header())}</strong></p>\n{summ}\n{outliers}"
