"""The x values of the user's data: their kind, sort keys and the checks of what they hold.

:func:`_x_keys` turns an x column into sort keys (dates to the nanosecond, numbers, categories)
and :class:`_XConverter` turns x-valued arguments (``freeze``, ``phase``, an ambition's
``baseline``) into the same keys. :func:`warn_x_values` gives the DateWarning of an x that is
probably not the dates meant (local midnights stored in UTC, Excel serials, YYYYMM, YYYYWW and
YYYYQ numbers, day/month text read month first); :func:`iso_text_x` reads ISO text dates, and
:func:`text_x_error` refuses other text with advice in the code of the data's library. Used by
:mod:`qistats.frame` and the entry points that key x themselves.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from ._args import (
    DATE_MAX,
    DATE_MIN,
    DATE_RANGE,
    ISO_DATE,
    NUMERIC_DATE,
    as_list,
    date_readings,
    fmt,
    is_label,
    label,
    local_instants,
    parse_date,
    period_end,
    plural,
)
from ._interop import convert_advice, source
from ._rows import _describe_row, row_name
from ._warn import warn
from .errors import ArgumentError, ColumnError, DataError, DateWarning

#: A date must lie within these (pandas' nanosecond range, to whole days).
_DATE_BOUNDS = (DATE_MIN, DATE_MAX + pd.Timedelta(days=1))
EXACT_INTEGERS = 2**53  # integer x beyond this cannot be told apart as float64 sort keys


#: A year and quarter as people write one ("2021-Q1", "2021 q1"), as pandas writes it: "2021Q1".
_QUARTER_TEXT = re.compile(r"^(\d{4})[\s-]?[Qq]([1-4])$")


def _datetimes(s: pd.Series) -> pd.Series:
    """A date-like column as datetime64 (time zone kept): Periods as their start, dates as
    midnight, pyarrow dates and timestamps as pandas datetimes."""
    if isinstance(s.dtype, pd.PeriodDtype):
        return s.dt.to_timestamp(how="start")
    if isinstance(s.dtype, pd.DatetimeTZDtype) or (
        isinstance(s.dtype, np.dtype) and s.dtype.kind == "M"
    ):
        return s
    return pd.to_datetime(s)


def _utc_naive(s: pd.Series) -> pd.Series:
    if getattr(s.dtype, "tz", None) is not None:
        return s.dt.tz_convert("UTC").dt.tz_localize(None)
    return s


def _x_kind(s: pd.Series | None) -> str:
    if s is None:
        return "position"
    dt = s.dtype
    if isinstance(dt, pd.CategoricalDtype):
        return "category"
    if isinstance(dt, pd.PeriodDtype) or pd.api.types.is_datetime64_any_dtype(dt):
        return "datetime"
    if isinstance(dt, pd.ArrowDtype) and dt.kind == "M":
        return "datetime"
    if pd.api.types.is_bool_dtype(dt):
        return "other"
    if pd.api.types.is_numeric_dtype(dt) and not pd.api.types.is_complex_dtype(dt):
        return "number"
    if pd.api.types.is_object_dtype(dt):
        inferred = pd.api.types.infer_dtype(s, skipna=True)
        return "datetime" if inferred in ("date", "datetime") else "other"
    return "other"


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(
        v, (bool, np.bool_)
    )


class _XConverter:
    """Turns x values (from the data or from arguments such as ``freeze``) into sort keys.

    Every x-valued argument of every function (freeze, phase, exclude, an ambition's baseline,
    deadline, start and compare) goes through :meth:`keys`, so they all follow one rule.
    """

    def __init__(self, x: pd.Series | None, name: Hashable):
        self.name = name
        self.series = x
        self._kind = _x_kind(x)

    def kind(self) -> str:
        return self._kind

    def zone(self) -> Any:
        """The time zone of a time-zone-aware date x (None for any other x)."""
        if self._kind != "datetime":
            return None
        return getattr(_datetimes(self.series.iloc[:0]).dtype, "tz", None)

    def ends(self, values: Any, arg: str) -> np.ndarray:
        """Sort keys of the last instant of each user-given x value's period, for an argument
        that means "up to and including" or "every point in" (``freeze``, ``exclude``): a
        value that names a whole period rather than a day (``'2023-06'``, a ``pd.Period``;
        see :func:`~qistats._args.period_end`) ends where the period ends, so
        ``freeze='2023-06'`` keeps a point dated 2023-06-30 in the baseline. Any other value
        is its :meth:`keys`."""
        keys = self.keys(values, arg)
        if self._kind != "datetime":
            return keys
        for i, v in enumerate(as_list(values)):
            end = period_end(v)
            if end is not None:
                keys[i] = self._date_key(end - pd.Timedelta(1, "ns"), arg)
        return keys

    def keys(self, values: Any, arg: str) -> np.ndarray:
        """Sort keys of user-given x values (a scalar or a list), for argument ``arg``."""
        vals = as_list(values)
        kind = self._kind
        if kind == "datetime":
            return np.array([self._date_key(v, arg) for v in vals], dtype=np.int64)
        expected = {
            "category": "categories of the x column",
            "number": "numbers",
            "position": "positions 1..N (there is no x column)",
        }[kind]
        try:
            if kind == "category":
                codes = self.series.cat.categories.get_indexer(vals)
                if (codes < 0).any():
                    raise ValueError
                return codes.astype(np.int64)
            if not all(_is_number(v) for v in vals):
                raise ValueError
            out = np.array([float(v) for v in vals], dtype=float)
            if not np.isfinite(out).all():
                raise ValueError
            dtype = getattr(self.series, "dtype", None)
            numpy_dtype = getattr(dtype, "numpy_dtype", dtype)
            if isinstance(numpy_dtype, np.dtype) and numpy_dtype.kind == "f":
                out = out.astype(numpy_dtype).astype(float)  # 0.2 as the float32 column has it
            return out
        except (ValueError, TypeError, OverflowError) as err:
            raise ArgumentError(
                f"{arg}={fmt(values)}: expected {expected} comparable with x ({fmt(self.name)})."
                + (self._serial_hint() if kind == "number" else "")
            ) from err

    def _serial_hint(self) -> str:
        """Advice when x holds whole numbers that read as dates: Excel serial dates (10,000
        to 80,000 days after 30 Dec 1899: 1927 to 2119), as a spreadsheet export without date
        formatting gives, or years and months (YYYYMM) or years and quarters (YYYYQ), as a
        warehouse's period key gives."""
        v = pd.to_numeric(self.series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        v = v[np.isfinite(v)]
        if not v.size or (v != np.round(v)).any():
            return ""
        month, quarter = v % 100, v % 10
        months = bool(((month >= 1) & (month <= 12)).all())
        weeks = bool(((month >= 1) & (month <= 53)).all())
        quarters = bool(((quarter >= 1) & (quarter <= 4)).all())
        low, high = float(v.min()), float(v.max())
        return number_dates_hint(low, high, (months, weeks, quarters), self.name)

    def _period_freq(self) -> Any:
        """The frequency of an x of pandas Periods (``Q-DEC``, ``M``), or None."""
        dtype = getattr(self.series, "dtype", None)
        return dtype.freq if isinstance(dtype, pd.PeriodDtype) else None

    def _period_key(self, value: Any, arg: str, freq: Any) -> int:
        """The key of the period of an x of Periods that ``value`` names: text of a period
        as the axis shows one (``'2021Q1'``, also ``'2021-Q1'``, ``'2021q1'``; ``'2021-01'``;
        a financial year ``'2024'`` on ``Y-MAR``), read as ``pd.Period(text, freq=freq)``
        reads it, or any date the other arguments take (ISO text, a Timestamp, a Period),
        which means the period holding it: ``'2020-11-15'`` is 2020Q4."""
        if isinstance(value, str):
            text = _QUARTER_TEXT.sub(r"\1Q\2", value.strip())
            try:
                period = pd.Period(text, freq=freq)
            except (ValueError, TypeError, OverflowError):
                period = None
            # only text the axis itself writes: pandas would also read '01/03/2021' (Jan 3)
            if period is not None and str(period) == text:
                return int(period.start_time.as_unit("ns").value)
        try:
            ts = parse_date(value, arg)
        except ArgumentError as err:
            if not isinstance(value, str):
                raise
            shown = fmt(str(self.series.dropna().iloc[0])) if self.series.notna().any() else ""
            raise ArgumentError(
                f"{err} x ({fmt(self.name)}) holds periods, so a period written as the axis "
                f"shows one{f', such as {shown},' if shown else ''} is taken too."
            ) from None
        if ts.tz is not None:
            raise ArgumentError(
                f"{arg}={fmt(value)}: x ({fmt(self.name)}) has no time zone; give a date "
                "without one."
            )
        return int(pd.Period(ts, freq=freq).start_time.as_unit("ns").value)

    def _date_key(self, value: Any, arg: str) -> int:
        freq = self._period_freq()
        if freq is not None:
            return self._period_key(value, arg, freq)
        ts = parse_date(value, arg)
        tz = self.zone()
        if tz is not None and ts.tz is None:  # a repeated midnight: its first instant
            ts = local_instants(pd.DatetimeIndex([ts]), tz)[0]
        elif tz is None and ts.tz is not None:
            raise ArgumentError(
                f"{arg}={fmt(value)}: x ({fmt(self.name)}) has no time zone; give a date "
                "without one."
            )
        return int(ts.as_unit("ns").value)


def number_dates_hint(low: float, high: float, ends: tuple[bool, bool, bool], x: Hashable) -> str:
    """The advice of :meth:`_XConverter._serial_hint` for an x of whole numbers from ``low``
    to ``high``, or "": years and quarters (YYYYQ), Excel serial dates, years and months
    (YYYYMM) or years and weeks (YYYYWW). ``ends``: whether every value's last two digits are
    01 to 12 (a month), 01 to 53 (a week), and its last digit 1 to 4 (a quarter). Also given
    by :mod:`qistats.spark` from the whole data's aggregate.

    Years and quarters come first: 20231 to 20244 are also Excel serial dates, of 1955.
    Numbers from 19001 to 21004 all ending in 1 to 4 are read as quarters, with their advice
    or none, never as Excel dates (dates of 1952 to 1957 would end in every digit).

    >>> number_dates_hint(20231.0, 20244.0, (False, False, True), "quarter")[:64]
    ' x holds numbers such as 20231, which read as years and quarters'
    >>> number_dates_hint(20231.0, 20234.0, (False, False, True), "quarter")
    ''
    """
    months, weeks, quarters = ends
    if quarters and low >= 19001 and high <= 21004:
        return year_quarter_hint(low, high, x)
    return (
        excel_serial_hint(low, high, x)
        or year_month_hint(low, high, months, x)
        or (year_week_hint(low, high, x) if weeks and not months else "")
    )


def year_week_hint(low: float, high: float, x: Hashable) -> str:
    """The advice for an x of whole numbers from ``low`` to ``high`` each ending in 01 to 53
    (some beyond 12) that read as years and weeks (YYYYWW: 202214 is week 14 of 2022), ""
    unless they lie from 190001 to 210053 and span more than one year. Charted as numbers,
    each year's last week is followed by a gap of 48 or 49, and ``qi.ambition``, which reads
    time as a distance, judged two years of weekly data as two years and a half
    ('insufficient_data' for 'met'). The conversion gives each ISO week's Monday.

    >>> year_week_hint(202214.0, 202413.0, "week")[:58]
    ' x holds numbers such as 202214, which read as years and w'
    """
    if low < 190001 or high > 210053 or low // 100 == high // 100:
        return ""
    c = fmt(x)
    return (
        f" x holds numbers such as {low:.0f}, which read as years and weeks (YYYYWW: "
        f"{low:.0f} is week {low % 100:.0f} of {low // 100:.0f}), with a gap of 48 or 49 after "
        "each year's last week; to use dates, convert the column with "
        f"pd.to_datetime(df[{c}].astype(int).astype(str) + '1', format='%G%V%u'), which "
        "gives each ISO week's Monday."
    )


def year_quarter_hint(low: float, high: float, x: Hashable) -> str:
    """The advice for an x of years and quarters from ``low`` to ``high`` (YYYYQ: 20231 is
    2023 Q1, each value ending in 1 to 4), "" within one year (there they are one apart, as
    quarters are). Charted as numbers, each fourth quarter is followed by a gap of 7. The
    conversion gives each quarter's first day; quarters of a financial year from April (the
    NHS's: Q1 is April to June) are three months later."""
    if low // 10 == high // 10:
        return ""
    c = fmt(x)
    return (
        f" x holds numbers such as {low:.0f}, which read as years and quarters (YYYYQ: "
        f"{low:.0f} is {low // 10:.0f} Q{low % 10:.0f}), with a gap of 7 after each fourth "
        "quarter; to use dates, convert the column with "
        f"pd.PeriodIndex.from_fields(year=df[{c}] // 10, quarter=df[{c}] % 10, freq='Q')"
        ".to_timestamp(), which gives each quarter's first day (for quarters of a financial "
        "year from April, where Q1 is April to June, add pd.DateOffset(months=3))."
    )


def excel_serial_hint(low: float, high: float, x: Hashable) -> str:
    """The advice for an x of whole numbers from ``low`` to ``high`` that read as Excel
    serial dates ("" unless all lie from 10,000 to 80,000: 1927 to 2119)."""
    if low < 10_000 or high > 80_000:
        return ""
    first = pd.Timestamp("1899-12-30") + pd.Timedelta(days=low)
    return (
        f" x holds numbers such as {low:.0f}, which read as Excel serial dates "
        f"({low:.0f} is {first:%d %b %Y}); to use dates, convert the column with "
        f"pd.to_datetime(df[{fmt(x)}], unit='D', origin='1899-12-30')."
    )


def year_month_hint(low: float, high: float, months: bool, x: Hashable) -> str:
    """The advice for an x of whole numbers from ``low`` to ``high`` that read as years and
    months (YYYYMM: 202304 is April 2023; ``months``: every value's last two digits are a
    month, 01 to 12), "" unless they lie from 190001 to 210012 and span more than one year
    (within one, they are one apart as months are): charted as numbers, each December is
    followed by a gap of 89.

    >>> year_month_hint(202304.0, 202403.0, True, "month")[:58]
    ' x holds numbers such as 202304, which read as years and m'
    >>> year_month_hint(202301.0, 202312.0, True, "month")
    ''
    """
    if not months or low < 190001 or high > 210012 or low // 100 == high // 100:
        return ""
    first = pd.Timestamp(year=int(low // 100), month=int(low % 100), day=1)
    return (
        f" x holds numbers such as {low:.0f}, which read as years and months (YYYYMM: "
        f"{low:.0f} is {first:%b %Y}), with a gap of 89 after each December; to use dates, "
        f"convert the column with pd.to_datetime(df[{fmt(x)}].astype(int).astype(str), "
        "format='%Y%m')."
    )


def _x_keys(
    data: pd.DataFrame, x: Hashable, by: list[Hashable], width: int = 0, same: list | None = None
) -> tuple[np.ndarray, bool, _XConverter]:
    """The sort keys of x, whether x only places units side by side, and its converter.

    ``width``: the length of every series when the rows are series after series, all as long
    (0: not so); ``same``, where given, gets ``width`` when the keys were found to be one run
    of ``width`` repeated (every series at the first one's dates: :func:`_same_runs`)."""
    s = data[x]
    conv = _XConverter(s, x)
    kind = conv.kind()
    dots_only = False
    if kind == "datetime":
        try:
            dts = _utc_naive(_datetimes(s))
        except (ValueError, TypeError, OverflowError) as err:
            raise ColumnError(
                f"x={fmt(x)}: column {fmt(x)} mixes dates that cannot be put on one "
                "time axis (different time zones?); convert it with pd.to_datetime(..., utc=True)."
            ) from err
        key = None
        if isinstance(dts.dtype, np.dtype):  # numpy datetimes: compared in their own unit
            v = dts.to_numpy()
            unit = np.datetime_data(v.dtype)[0]
            bounds = [np.datetime64(b.to_datetime64(), unit) for b in _DATE_BOUNDS]
            key = _date_keys(v, unit, bounds, width, same)
            if key is None:
                missing = np.isnat(v)
                outside = v < bounds[0]
                if unit != "ns":  # nanoseconds end before the upper bound (and cannot hold it)
                    outside |= v > bounds[1]
            else:  # every date present and within range
                missing = outside = np.zeros(0, dtype=bool)
        else:
            missing = dts.isna().to_numpy()
            outside = ((dts < _DATE_BOUNDS[0]) | (dts > _DATE_BOUNDS[1])).to_numpy()
        hit = np.flatnonzero(outside & ~missing)
        if hit.size:
            raise DataError(
                f"x={fmt(x)}: {_describe_row(data, int(hit[0]), by, x)}: dates must lie "
                f"{DATE_RANGE}."
            )
        if key is None:
            key = dts.to_numpy(dtype="datetime64[ns]").view(np.int64)
    elif kind == "category":
        codes = s.cat.codes.to_numpy()
        missing = codes < 0
        key = codes.astype(np.int64)
        dots_only = not s.cat.ordered
    elif kind == "number":
        key = s.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(key)
        if pd.api.types.is_integer_dtype(s.dtype):
            big = np.flatnonzero(np.abs(key) >= EXACT_INTEGERS)
            if big.size:
                raise DataError(
                    f"x={fmt(x)}: {_describe_row(data, int(big[0]), by, x)} is beyond "
                    "±2**53, where whole numbers can no longer be told apart; subtract an "
                    "offset first."
                )
    else:
        raise text_x_error(s, x, source(data), lambda i: _describe_row(data, i, by, None))
    bad = np.flatnonzero(missing)
    if bad.size:
        blank = np.flatnonzero(data.iloc[bad].isna().all(axis=1).to_numpy())
        if blank.size:  # a CSV's or a sheet's trailing blank lines
            k = int(blank.size)
            drop = _DROP_BLANK.get(source(data), "drop them")
            raise DataError(
                f"x={fmt(x)}: {plural(k, 'row')} of data {'is' if k == 1 else 'are'} empty in "
                f"every column (the first: {_describe_row(data, int(bad[blank[0]]), [], None)}),"
                f" as blank lines at the end of a CSV file or a sheet are read; drop them first "
                f"with {drop}."
            )
        raise DataError(
            f"x={fmt(x)}: {_describe_row(data, int(bad[0]), by, None)} has a missing x; "
            "every row needs an x (drop or fill the rows with missing x first)."
        )
    return key, dots_only, conv


#: Code that drops the rows empty in every column, in the library the data came from.
_DROP_BLANK = {
    "pandas": "data.dropna(how='all')",
    "polars": "df.filter(~pl.all_horizontal(pl.all().is_null()))",
}


_DAY_NS = 86_400 * 10**9
_HOUR_NS = 3_600 * 10**9


def warn_x_values(
    data: pd.DataFrame,
    x: Hashable,
    key: np.ndarray,
    conv: _XConverter,
    days: list[np.ndarray] | None = None,
    width: int | None = None,
) -> bool:
    """The :class:`~qistats.DateWarning` of an x that is probably not the dates meant, given
    once per call by every entry point (``key``: the x keys of :func:`_x_keys`). Returns
    whether x holds local midnights stored in UTC or day/month text read month first (a
    caller then says nothing of months with two dates, which either explains).

    * Dates whose times of day are all midnight or whole hours from 20:00 on, at most two of
      them (a zone's winter and summer offsets), and some are: local midnights converted to
      UTC. 1 April 00:00 BST is 31 March 23:00 UTC, so a summer month would be read as the
      month before (and a day as the day before).
    * Whole numbers from 10,000 to 80,000: Excel serial dates (1927 to 2119), as a
      spreadsheet read without date parsing gives; or from 190001 to 210012, over more than
      one year, each ending in a month 01 to 12: years and months (YYYYMM), or in 01 to 53
      (some beyond 12): years and weeks (YYYYWW); or from 19001 to
      21004, over more than one year, each ending in 1 to 4: years and quarters (YYYYQ), never
      called Excel dates (:func:`number_dates_hint`).
    * Every date on day 1 to 12 of one month of the year, in two years or more: day/month text
      read month first (:func:`day_first_misread`). The advice is to read it day first, never
      to put the dates in months (that would merge different months); True is returned, as
      the months with two dates are then explained too.

    ``days``: where given, and every date is a midnight on the keys' own clock (no time
    zone), the day number of each key (days since 1970) is appended to it, for the check of
    two dates in one month (:func:`qistats._duplicates._two_in_a_month`) not to divide again.

    ``width``: where rows come series after series, ``width`` rows each, every series at the
    first one's dates (:func:`_same_runs`), the checks read the first series (rows
    0 to ``width`` − 1), which holds every date of the others and so reaches the same
    verdict; ``days`` then receives that series' day numbers. Only if a warning that counts
    or names rows is to be given are all rows read, as without ``width``.
    """
    kind = conv.kind()
    if kind == "number":
        hint = conv._serial_hint()
        if hint:
            warn(serial_dates_message(x, hint), DateWarning)
        return False
    if kind != "datetime" or not key.size:
        return False
    zone = conv.zone()
    if width is not None and 1 <= width < key.size:
        head = key[:width] if zone is None else _wall_keys(data[x].iloc[:width])
        if _utc_midnights(head, days if zone is None else None) is None:
            # no date of the others is not one of the first series' (their midnights and
            # their days 1 to 12 of a month are the same): the same verdict as on all rows
            swapped = day_first_misread(head)
            if swapped is not None:
                warn(day_first_message(x, *swapped, source(data)), DateWarning)
                return True
            return False
    wall = key
    if zone is not None:  # times of day in the column's own zone
        wall = _wall_keys(data[x])
    if _warn_utc_midnights(data, x, conv, wall, days if wall is key else None):
        return True
    swapped = day_first_misread(wall)
    if swapped is not None:
        warn(day_first_message(x, *swapped, source(data)), DateWarning)
        return True
    return False


def warn_x_values_of_measures(
    data: pd.DataFrame,
    x: Hashable,
    key: np.ndarray,
    conv: _XConverter,
    codes: np.ndarray,
    names: list[Hashable],
    column: Hashable,
) -> np.ndarray:
    """The checks of :func:`warn_x_values` for a board's long table, whose measures may be
    dated apart: local midnights stored in UTC are looked for in each measure's dates on their
    own, so that a measure of events with real times of day does not hide the midnights of a
    monthly or weekly measure beside it. ``codes``: each row's measure (0 to ``len(names)``
    − 1, or −1 for one not in the table, read as one more and never named); ``names``: the
    measures; ``column``: the measure column. Returns, for each measure, whether its months
    with two dates are explained (its dates read as midnights stored in UTC, or the whole
    column as day/month text read month first): a caller then says nothing of them.

    When the whole column reads as midnights stored in UTC, or no date is off midnight, the
    warning is :func:`warn_x_values`' own; when some measures read so and the others' times
    of day differ, one warning names those measures and counts their dates."""
    flags = np.zeros(len(names), dtype=bool)
    if conv.kind() != "datetime" or not key.size:
        warn_x_values(data, x, key, conv)
        return flags
    zone = conv.zone()
    wall = key if zone is None else _wall_keys(data[x])
    tod = wall - (wall // _DAY_NS) * _DAY_NS  # (times of day, before 1970 too)
    late = tod != 0
    whole = _utc_midnights(wall)
    g = np.where(codes < 0, len(names), codes)  # a measure not in the table: one more
    k = len(names) + 1
    if not late.any() or whole is not None:  # one verdict for the whole column
        if warn_x_values(data, x, key, conv):
            # day/month text read month first explains every measure's months; midnights
            # stored in UTC those of the measures with dates not at midnight
            flags[:] = True if whole is None else np.bincount(g[late], minlength=k)[:-1] > 0
        return flags
    at = tod[late]
    odd = (at < 20 * _HOUR_NS) | (at % _HOUR_NS != 0)
    pairs = np.unique(g[late] * np.int64(_DAY_NS) + at)  # (measure, time of day), distinct
    times = np.bincount(pairs // _DAY_NS, minlength=k)
    found = (np.bincount(g[late], minlength=k) > 0) & (np.bincount(g[late], odd, k) == 0)
    found &= times <= 2
    found[-1] = False  # (no name to give: the measure is refused later)
    if not found.any():
        if warn_x_values(data, x, key, conv):  # (day/month text: judged on the whole column)
            flags[:] = True
        return flags
    flags[:] = found[:-1]
    rows = flags[np.clip(g, 0, len(names) - 1)] & (g < len(names))
    late_rows = late & rows
    i = int(np.flatnonzero(late_rows)[0])
    src = source(data)
    where = f"{row_name(data, i)}: " if src != "spark" else "e.g. "  # no row of a task
    said = f"{where}{fmt(data[x].iloc[i])}"
    chosen = [names[m] for m in np.flatnonzero(flags)]
    warn(
        utc_midnights_message(
            x,
            int(late_rows.sum()),
            int(rows.sum()),
            np.unique(tod[late_rows]),
            int(tod[i]),
            said,
            src,
            zone,
            scope=measures_said(column, chosen),
        ),
        DateWarning,
    )
    return flags


def measures_said(column: Hashable, names: list[Hashable]) -> str:
    """``measure 'beds'``, ``measures 'beds' and 'falls'`` (a message's scope; at most three
    named)."""
    head = [fmt(v) for v in names[:3]]
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    if len(head) > 1 and not more:
        listed = f"{', '.join(head[:-1])} and {head[-1]}"
    else:
        listed = ", ".join(head) + more
    return f"{label(column)} {listed}" if len(names) == 1 else f"{label(column)}s {listed}"


def _warn_utc_midnights(
    data: pd.DataFrame,
    x: Hashable,
    conv: _XConverter,
    wall: np.ndarray,
    days: list[np.ndarray] | None = None,
) -> bool:
    """The DateWarning of local midnights stored in UTC (see :func:`warn_x_values`): whether
    it was given. ``wall``: the x keys in the column's own time zone, in nanoseconds;
    ``days``: as in :func:`warn_x_values`."""
    found = _utc_midnights(wall, days)
    if found is None:
        return False
    late, tod, times = found
    i = int(np.flatnonzero(late)[0])
    src = source(data)
    where = f"{row_name(data, i)}: " if src != "spark" else "e.g. "  # no row of a task
    said = f"{where}{fmt(data[x].iloc[i])}"
    warn(
        utc_midnights_message(
            x, int(late.sum()), len(tod), times, int(tod[i]), said, src, conv.zone()
        ),
        DateWarning,
    )
    return True


def _wall_keys(s: pd.Series) -> np.ndarray:
    """The nanosecond keys of the times of day of the zoned dates ``s`` in their own zone."""
    wall = _datetimes(s).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    return wall.view(np.int64)


def _utc_midnights(
    wall: np.ndarray, days: list[np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Which of ``wall`` (nanosecond keys of the wall clock) are not midnights, their times
    of day and the distinct ones, when they look like local midnights stored in UTC (see
    :func:`warn_x_values`); else None. ``days``: as in :func:`warn_x_values`.

    >>> late, tod, times = _utc_midnights(np.array([0, 23 * _HOUR_NS, _DAY_NS]))
    >>> late.tolist(), (times // _HOUR_NS).tolist()
    ([False, True, False], [23])
    >>> _utc_midnights(np.array([0, 8 * _HOUR_NS]))
    """
    day = wall // _DAY_NS  # (wall % _DAY_NS in a third of its time, with in-place products)
    np.multiply(day, _DAY_NS, out=day)
    late = day != wall
    if not late.any():
        if days is not None:  # every key a midnight: its day number again, exactly, in place
            days.append(np.floor_divide(day, _DAY_NS, out=day))
        return None
    tod = np.subtract(wall, day, out=day)
    at = tod[late]
    if at.min() < 20 * _HOUR_NS:
        return None
    times = np.unique(at)  # a zone's winter and summer offsets: two at most
    if times.size > 2 or (times % _HOUR_NS).any():
        return None
    return late, tod, times


def day_first_misread(ns: np.ndarray) -> tuple[int, int, pd.Timestamp] | None:
    """Dates that look like day/month text read month first (pandas' default): ``01/04/2020``
    (1 April) read as 4 January. Months dated on day *d* of the month (up to 12) then become
    days 1 to 12 of month *d*: every date on day 1 to 12 of one month of the year, in at least
    two years, with at least two dates a year on average (yearly data dated alike has one).
    ``ns``: the dates' wall-clock times in nanoseconds. Returns the number of distinct dates
    and years, and the first date; or None. A look at the first 1,000 turns most data away.

    >>> read = pd.to_datetime(["01/04/2020", "01/05/2020", "01/01/2021", "01/02/2021"])
    >>> day_first_misread(read.as_unit("ns").asi8)
    (4, 2, Timestamp('2020-01-04 00:00:00'))
    >>> day_first_misread(pd.to_datetime(["2020-04-01", "2021-04-02"]).as_unit("ns").asi8)
    """
    for part in (ns[:1000], ns):
        days = part // _DAY_NS
        date = days.astype("datetime64[D]")
        month = date.astype("datetime64[M]")
        of_year = month.astype(np.int64) % 12
        if not days.size or (of_year != of_year[0]).any():
            return None
        if ((date - month.astype("datetime64[D]")).astype(np.int64) >= 12).any():
            return None
    dates = np.unique(days)
    years = np.unique(month.astype(np.int64) // 12).size
    if years < 2 or dates.size < 2 * years:
        return None
    return int(dates.size), int(years), pd.Timestamp(dates[0].astype("datetime64[D]"))


def day_first_message(x: Hashable, dates: int, years: int, first: pd.Timestamp, src: str) -> str:
    """The DateWarning of dates that look like day/month text read month first (see
    :func:`day_first_misread`)."""
    month = first.month_name()
    text = f"{first.month:02d}/{first.day:02d}/{first.year}"
    meant = f"{first.month} {pd.Timestamp(first.year, first.day, 1).month_name()} {first.year}"
    how = convert_advice(src, x, "dates", "'%d/%m/%Y'")
    also = " or pd.to_datetime(..., dayfirst=True)" if src == "pandas" else ""
    return (
        f"x={fmt(x)}: every date is on day 1 to 12 of {month} ({dates} dates in {years} years, "
        f"the first {fmt(first)}): day/month text read month first? {text!r} read as "
        f"month/day is {first.day} {month} {first.year}; read day first, it is {meant}, and "
        f"the {dates} dates are {dates} different months. Convert the original text day "
        f"first: {how}{also}. "
        f"As read, they are days of {month}: two of them in one month are two points, and "
        "putting them in one month would merge different months."
    )


def serial_dates_message(x: Hashable, hint: str) -> str:
    """The DateWarning of an x of numbers that read as dates (``hint``: see
    :func:`number_dates_hint`)."""
    return f"x={fmt(x)}:{hint} As numbers, they are charted and compared as numbers."


def utc_midnights_message(
    x: Hashable,
    late: int,
    total: int,
    times: np.ndarray,
    first: int,
    example: str,
    src: str,
    zone: Any,
    scope: str = "",
) -> str:
    """The DateWarning of :func:`warn_x_values` for ``late`` of ``total`` dates at the times
    of day ``times`` (nanoseconds after midnight, whole hours from 20:00, one or two), one
    of them, at ``first``, said in ``example`` (``row with index label 3: 2022-03-31 23:00:00``);
    :mod:`qistats.spark` gives it from the whole data's counts (``src`` "spark": its advice
    is Spark code). ``scope``: the measures these dates are of (``measure 'beds'``), when
    the others' times of day differ (:func:`warn_x_values_of_measures`); their rows alone
    would be moved to their day's start, so that advice is left out."""
    hours = (_DAY_NS - first) // _HOUR_NS
    said = " or ".join(f"{int(t // _HOUR_NS):02d}:00" for t in times)
    others = " and the others at midnight" if late < total else ""
    c = fmt(x)
    if src == "spark":
        fix = (
            "set the session's time zone to the one the dates were made in before reading "
            "them, e.g. spark.conf.set('spark.sql.session.timeZone', 'Europe/London'), or "
            f"sdf.withColumn({c}, F.from_utc_timestamp({c}, 'Europe/London'))"
        )
    elif zone is not None:
        fix = (
            "convert them to the zone they were made in, e.g. "
            f"df[{c}].dt.tz_convert('Europe/London')"
        )
    else:
        fix = (
            f"convert them to the zone they were made in, e.g. df[{c}].dt.tz_localize('UTC')"
            ".dt.tz_convert('Europe/London').dt.tz_localize(None)"
        )
    if scope:  # the conversion is right for every row stored in UTC; moving to the day's
        # start would be right for these measures' rows alone
        tail = (
            " (it moves the other measures' dates too, as it should if the whole column was "
            "stored in UTC)."
        )
    elif src == "spark":
        tail = "."
    else:
        tail = f"; or move each to its day's start: df[{c}].dt.ceil('D')."
    of = f" of {scope}" if scope else ""
    return (
        f"x={fmt(x)}: {fmt(late)} of {fmt(total)} dates{of} in column {c} are at "
        f"{said}{others} ({example}): local midnights stored in UTC "
        f"{hours} hour{'s' if hours > 1 else ''} early (1 April 00:00 BST is 31 March 23:00 "
        "UTC)? Then they are read as the day before, and a month dated on its 1st as the month "
        f"before. If so, {fix}{tail}"
    )


def _date_keys(
    v: np.ndarray, unit: str, bounds: list[np.datetime64], width: int = 0, same: list | None = None
) -> np.ndarray | None:
    """Nanosecond keys of numpy datetimes when none is missing (NaT) or outside ``bounds``
    (found by two reductions, without a pass writing a mask); else None.

    ``width`` and ``same``: as :func:`_x_keys`'s. When the dates are one run of ``width``
    repeated, the two reductions read the first run alone (``width`` goes to ``same``)."""
    ticks = v.view(np.int64)
    if not ticks.size or unit not in _NS_PER:
        return None
    repeated = width > 0 and _same_runs(ticks, width)
    head = ticks[:width] if repeated else ticks  # (the first series' dates are all of them)
    low, high = head.min(), head.max()  # NaT is the smallest int64
    if low == np.iinfo(np.int64).min or low < bounds[0].astype(np.int64):
        return None
    if unit != "ns" and high > bounds[1].astype(np.int64):
        return None
    if repeated and same is not None:  # (the keys, whole multiples of the ticks, repeat too)
        same.append(width)
    # what datetime64[ns] conversion gives when no date is missing: whole multiples
    return ticks * _NS_PER[unit] if unit != "ns" else ticks


def _same_runs(ticks: np.ndarray, width: int) -> bool:
    """Whether ``ticks`` (int64, more than one run) are one run of ``width`` values repeated:
    the last run is looked at first, which turns most other data away without a pass.

    >>> _same_runs(np.array([1, 2, 1, 2, 1, 2]), 2), _same_runs(np.array([1, 2, 1, 3, 1, 2]), 2)
    (True, False)
    """
    if width < 1 or ticks.size % width or ticks.size == width:
        return False
    if not np.array_equal(ticks[-width:], ticks[:width]):
        return False
    # each run the one before it (twice as fast as each against the first, broadcast)
    return bool((ticks[width:] == ticks[:-width]).all())


_NS_PER = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}


#: ISO text dates read as dates in an x column: the whole column in one of these forms.
_ISO_X = {
    7: (re.compile(r"\d{4}-\d{2}"), "%Y-%m"),
    10: (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d"),
}


#: ISO text of a date and a time of day without a time zone, as SQL and Excel extracts write
#: dates ("2021-04-01 00:00:00", "2021-04-01T08:30"): read as dates in an x column.
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?")


def iso_text_x(data: pd.DataFrame, x: Any) -> pd.DataFrame:
    """``data`` with its text ``x`` column read as dates when every value present is an ISO
    date in one form, ``YYYY-MM-DD`` or ``YYYY-MM`` (what ``pd.read_csv`` gives for dates
    written by pandas, R or SQL), or every one an ISO date and time without a time zone
    (``2021-04-01 00:00:00``, as SQL and Excel extracts write them): unambiguous, unlike
    ``01/04/2023``, which stays refused with advice. Else ``data`` itself. The caller's frame
    is never modified (a shallow copy with the one column replaced)."""
    if x is None or not is_label(data, x):
        return data
    s = data[x]
    if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
        return data
    if isinstance(s.dtype, pd.CategoricalDtype):
        return data
    values = pd.unique(s.dropna().to_numpy(dtype=object))
    if not values.size or not all(isinstance(v, str) for v in values):
        return data
    if all(_ISO_DATETIME.fullmatch(v) for v in values):  # '2021-04-01 00:00:00' (SQL, Excel)
        try:
            times = pd.to_datetime(s, format="ISO8601")
        except (ValueError, TypeError):  # "2023-13-01 00:00": left to the usual error
            return data
        out = data.copy(deep=False)
        out[x] = times
        return out
    lengths = {len(v) for v in values}
    if len(lengths) != 1 or next(iter(lengths)) not in _ISO_X:
        return data
    pattern, form = _ISO_X[next(iter(lengths))]
    if not all(pattern.fullmatch(v) for v in values) or _financial_years(values):
        return data
    try:
        dates = pd.to_datetime(s, format=form)
    except (ValueError, TypeError):  # "2023-13-01": left to the usual error and its advice
        return data
    out = data.copy(deep=False)
    out[x] = dates
    return out


def text_x_error(
    s: pd.Series,
    x: Hashable,
    src: str,
    row: Callable[[int], str] | None = None,
    iso_rows: int = 0,
    odd_rows: int | None = None,
) -> ColumnError:
    """The error for an x column ``s`` of text (not ISO dates), with advice in the code of the
    library the data came from (``src``; "spark": a Spark DataFrame's string column).

    When most values are ISO dates of one form and a few are not (a hand-typed
    ``01/09/2020``), the error names those (``row`` names a row position of ``s``) and advises
    correcting them, not converting the column. Spark passes the values that are not ISO
    dates alone as ``s``, with the count of those (``odd_rows``) and of the ISO ones
    (``iso_rows``)."""
    has = {
        "pandas": f"dtype {s.dtype}",
        "spark": "Spark type string",
        "polars": "text (polars type String)",  # (not "str values (as pandas reads it)")
    }.get(src, "text (Arrow type string)")
    expected = (
        "dates, numbers or an ordered pandas Categorical" if src == "pandas" else "dates or numbers"
    )
    advice = (
        _odd_among_dates(s, x, src, row)
        or (_mixed_forms_advice(s, x, src) if odd_rows is None else "")
        or _odd_among_iso(s, x, src, row, iso_rows, odd_rows)
        or _text_x_advice(s, x, src)
    )
    return ColumnError(
        f"x={fmt(x)}: column {fmt(x)} has {has}; expected {expected} (text sorts "
        f"alphabetically, which puts '10' before '2').{advice}"
    )


def _odd_among_dates(s: pd.Series, x: Hashable, src: str, row: Callable[[int], str] | None) -> str:
    """Advice for an x of dates holding a few values that are not dates, as ``pd.read_excel``
    gives for a sheet with a total row ('Total') or a note below its months: names them and
    the code that drops them, "" for any other column (the advice was
    ``pd.to_datetime``, which fails on 'Total')."""
    if src != "pandas" or row is None:  # polars, Arrow and Spark columns hold one type
        return ""
    at = np.flatnonzero(s.notna().to_numpy())  # positions of the values present
    values = s.iloc[at].to_numpy(dtype=object)
    dated = np.fromiter(
        (isinstance(v, (datetime.date, np.datetime64)) for v in values), bool, values.size
    )
    odd = np.flatnonzero(~dated)
    if not odd.size or int(dated.sum()) < odd.size * 3:
        return ""
    shown = odd[:3]
    named = "; ".join(f"{row(int(at[i]))} has {fmt(values[i])}" for i in shown)
    more = f" (and {odd.size - shown.size} more)" if odd.size > shown.size else ""
    what = "dates" if odd.size > 1 else "a date"
    drop = list(pd.unique(values[odd]))
    c = fmt(x)
    if len(drop) == 1:
        code = f"df = df[df[{c}] != {fmt(drop[0])}]"
    elif len(drop) <= 3:
        code = f"df = df[~df[{c}].isin([{', '.join(fmt(v) for v in drop)}])]"
    else:
        code = f"df = df[pd.to_datetime(df[{c}], errors='coerce').notna()]"
    return (
        f" {named[0].upper()}{named[1:]}{more}: not {what} like the other {int(dated.sum())} "
        f"rows (a sheet's total or note row?). Remove {'them' if odd.size > 1 else 'it'}: "
        f"{code}; the column is then read as dates."
    )


def _mixed_forms_advice(s: pd.Series, x: Hashable, src: str) -> str:
    """Advice for a text x of dates written in two or three forms, each read by a format of
    its own ('2023-04' beside 'Apr 2023', as a sheet typed by several hands holds them): the
    code that reads each form with its format and combines them. "" when one form reads
    every value (the other advice gives its format), when some value is read by none of
    the ISO forms and :data:`_NAMED_MONTHS`, when two formats read one value as different
    dates, or for Arrow and Spark (the advice was ``format="ISO8601"``, judged from
    the first value, which fails on 'May 2022')."""
    if src not in ("pandas", "polars"):
        return ""
    values = pd.unique(s.dropna().to_numpy(dtype=object))
    if not len(values) or not all(isinstance(v, str) and v == v.strip() for v in values):
        return ""
    text = pd.Series(values, dtype=object)
    reads = {}
    for form in [f for _, f in _ISO_X.values()] + list(_NAMED_MONTHS):
        read = pd.to_datetime(text, format=form, errors="coerce")
        read = read.where(read.dt.year.between(1900, 2100))
        if read.notna().any():
            reads[form] = read
    chosen: list[str] = []
    left = np.ones(len(text), dtype=bool)
    while left.any() and len(chosen) < 3:
        best = max(
            reads, key=lambda f: int((reads[f].notna().to_numpy() & left).sum()), default=None
        )
        if best is None or not (reads[best].notna().to_numpy() & left).any():
            return ""
        chosen.append(best)
        left &= reads[best].isna().to_numpy()
    iso = {f for _, f in _ISO_X.values()}
    if left.any() or len(chosen) < 2 or set(chosen) <= iso:  # pandas' "ISO8601" reads those
        return ""
    both = pd.concat([reads[f] for f in chosen], axis=1)  # one date a value, whichever reads it
    if (both.max(axis=1) != both.min(axis=1)).any():
        return ""
    c = fmt(x)
    examples = ", ".join(
        fmt(text.iloc[int(np.flatnonzero(reads[f].notna().to_numpy())[0])]) for f in chosen
    )
    if src == "pandas":
        parts = [f"pd.to_datetime(df[{c}], format='{f}', errors='coerce')" for f in chosen]
        code = f"df[{c}] = {parts[0]}" + "".join(f".fillna({p})" for p in parts[1:])
    else:
        parts = [f"pl.col({c}).str.strptime(pl.Date, '{f}', strict=False)" for f in chosen]
        code = f"df = df.with_columns(pl.coalesce({', '.join(parts)}))"
    return (
        f" Its dates are written in {len(chosen)} forms ({examples}), each read by a format "
        f"of its own: read each with its format and combine them, {code}."
    )


def _odd_among_iso(
    s: pd.Series,
    x: Hashable,
    src: str,
    row: Callable[[int], str] | None,
    iso_rows: int,
    odd_rows: int | None,
) -> str:
    """Advice for a text x whose values are mostly ISO dates of one form (see
    :func:`text_x_error`), or "" for any other text."""
    at = np.flatnonzero(s.notna().to_numpy())  # positions of the values present
    text = s.iloc[at]
    if not len(text) or not all(isinstance(v, str) for v in text.array):
        return ""
    forms = {
        length: text.str.fullmatch(pattern.pattern).to_numpy(dtype=bool)
        for length, (pattern, _) in _ISO_X.items()
    }
    length, iso = max(forms.items(), key=lambda kv: int(kv[1].sum()))
    n_iso = int(iso.sum()) + iso_rows
    odd = np.flatnonzero(~iso)
    n_odd = odd.size if odd_rows is None else odd_rows
    if not odd.size or n_iso < max(n_odd, 1) * 3:  # a few stray values among ISO dates
        return ""
    form = _ISO_X[length][1]
    shown = odd[:3]
    if row is not None:
        named = "; ".join(f"{row(int(at[i]))} has {fmt(text.iloc[i])}" for i in shown)
    else:
        named = ", ".join(fmt(text.iloc[i]) for i in shown)
    more = f" (and {n_odd - shown.size} more)" if n_odd > shown.size else ""
    many = "these rows" if n_odd > 1 else "this row"
    what = "ISO dates" if n_odd > 1 else "an ISO date"
    shape = {"%Y-%m-%d": "YYYY-MM-DD", "%Y-%m": "YYYY-MM"}[form]
    said = f"{named[0].upper()}{named[1:]}{more}: not {what} like the other {n_iso} rows ({shape})"
    other = [(p, f) for n, (p, f) in _ISO_X.items() if n != length]
    if src == "pandas" and all(text.iloc[odd].str.fullmatch(p.pattern).all() for p, _ in other):
        # '2020-04' among '2020-04-01': ISO 8601 too (a month), which pandas reads with them
        odd_shape = {"%Y-%m-%d": "YYYY-MM-DD", "%Y-%m": "YYYY-MM"}[other[0][1]]
        return (
            f" {named[0].upper()}{named[1:]}{more}: written {odd_shape}, unlike the other "
            f"{n_iso} rows ({shape}). Both are ISO 8601: read them together with "
            f"df[{fmt(x)}] = pd.to_datetime(df[{fmt(x)}], format='ISO8601') (a month dated "
            "at its first day); the column is then read as dates."
        )
    fixes = {}
    values = pd.unique(text.iloc[shown].to_numpy(dtype=object))
    for v in values:
        m = NUMERIC_DATE.fullmatch(v.strip())
        if m and len(m.group(1)) <= 2 and len(m.group(3)) in (2, 4):  # day first, as UK
            day, month, year = (int(g) for g in m.groups())
            try:
                fixes[v] = pd.Timestamp(year + (2000 if year < 100 else 0), month, day)
            except ValueError:  # no such date
                continue
            fixes[v] = fixes[v].strftime(form)
    if len(fixes) < len(values):
        return f" {said}. Correct or remove {many}; the ISO rows are then read as dates."
    mapping = "{" + ", ".join(f"{fmt(k)}: {fmt(v)}" for k, v in fixes.items()) + "}"
    c = fmt(x)
    code = {
        "pandas": f"df[{c}] = df[{c}].replace({mapping})",
        "polars": f"df = df.with_columns(pl.col({c}).replace({mapping}))",
        "spark": f"sdf = sdf.replace({mapping}, subset=[{c}])",
    }.get(src, f"replace {mapping} in column {c}")
    return (
        f" {said}. Correct {many} (read day first, as a UK date): {code}; the column is then "
        "read as dates."
    )


def _text_x_advice(s: pd.Series, x: Hashable, src: str = "pandas") -> str:
    """How to convert a text x column, judged from its first value: a day-first text date
    (``01/04/2023``, UK) gets its format, since pandas reads such text month first. The code
    is for the library the data came from (``src``)."""
    seen = s.dropna()
    first = seen.iloc[0] if len(seen) else None
    ordered = " or make it an ordered Categorical" if src == "pandas" else ""
    if not isinstance(first, str):
        how = "pd.to_datetime" if src == "pandas" else convert_advice(src, x, "dates")
        return f" Convert it with {how} (giving the format of your dates){ordered}."
    text = first.strip()
    m = NUMERIC_DATE.fullmatch(text)
    digits = _digit_dates_advice(seen, x, src, text)
    if digits:
        return digits
    values = pd.unique(seen.to_numpy(dtype=object))
    if all(isinstance(v, str) for v in values) and _financial_years(values):
        start = FINANCIAL_YEAR.fullmatch(text).group(1)
        return (
            f" The first value, {fmt(first)}, is a financial year (1 April {start} to 31 March "
            f"{int(start) + 1}), as every value is: convert each to its first day with "
            f"{convert_advice(src, x, 'financial years')}."
        )
    if ISO_DATE.fullmatch(text):
        # one format fits the column only when every value has the first one's form; else
        # pandas' "ISO8601" reads them all ("2023-05" beside "2023-04-01", " 2023-04-01")
        # spaces an export left are stripped first: pandas' "ISO8601" fails on a trailing one
        values = [str(v) for v in pd.unique(seen.to_numpy(dtype=object))]
        spaced = any(v != v.strip() for v in values)
        forms = {len(v.strip()) for v in values}
        one = {7: '"%Y-%m"', 10: '"%Y-%m-%d"'}
        iso = one.get(next(iter(forms)), '"ISO8601"') if len(forms) == 1 else '"ISO8601"'
        if iso == '"ISO8601"' and src != "pandas":  # pandas' name for any ISO form
            iso = "..."
        how = convert_advice(src, x, "dates", iso)
        if spaced and src == "pandas":
            how = f"pd.to_datetime(df[{fmt(x)}].str.strip(), format={iso})"
        return f" The first value is {fmt(first)}: convert it with {how}{ordered}."
    if all(isinstance(v, str) for v in values):
        if quarters := _quarters_advice(values, x, src):
            return f" The first value is {fmt(first)}{quarters}."
        if weeks := _weeks_advice(values, x, src):
            return f" The first value is {fmt(first)}{weeks}."
        if named := _month_names_advice(values, x, src):
            return f" The first value is {fmt(first)}{named}{ordered}."
    if not (m and len(m.group(1)) <= 2 and len(m.group(3)) in (2, 4)):
        return (
            f" The first value is {fmt(first)}: convert the column with "
            f"{convert_advice(src, x, 'dates')} giving the format of your dates{ordered}."
        )
    sep = text[len(m.group(1))]
    day, month, year = (int(g) for g in m.groups())
    form = f'"%d{sep}%m{sep}{"%Y" if len(m.group(3)) == 4 else "%y"}"'
    dates = date_readings(f"{day}/{month}/{year + (2000 if year < 100 else 0)}")
    misread = ""
    if len(dates) == 2 and src == "pandas":  # month first silently gives the wrong one
        uk, us = (f"{d.day} {d:%B %Y}" for d in dates)
        misread = f"; read month first (pandas' default) it would be {us}, not {uk}"
    return (
        f" The first value, {fmt(first)}, looks like a UK date (day/month/year): convert it with "
        f"{convert_advice(src, x, 'dates', form)}{misread}."
    )


#: A year and quarter as text, as pandas' Period reads it: '2019Q2', '2019-Q2', '2019q2'.
_QUARTER_X = re.compile(r"\s*\d{4}-?[Qq][1-4]\s*")
#: Dates with a month's name, as spreadsheets write them ('Apr-21', 'April 2021'), tried in
#: this order; ``pd.to_datetime`` reads them with the format, polars' strptime too.
_NAMED_MONTHS = (
    "%b-%y", "%b %y", "%b-%Y", "%b %Y", "%B-%y", "%B %y", "%B-%Y", "%B %Y",
    "%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%d %b %Y", "%d %B %Y", "%d-%B-%Y",
)  # fmt: skip


def _quarters_advice(values: Iterable[str], x: Hashable, src: str) -> str:
    """Advice for a text x of quarters ('2019Q2', '2018-Q2'), which no ``format=`` of
    ``pd.to_datetime`` reads: pandas Periods (``pd.PeriodIndex(..., freq='Q')``), or each
    quarter's first day in polars and Spark; "" for other text."""
    if not all(_QUARTER_X.fullmatch(v) for v in values):
        return ""
    how = convert_advice(src, x, "quarters")
    what = "" if src == "pandas" else " (each quarter's first day)"
    return f", a year and quarter, as every value is: convert the column with {how}{what}"


#: An ISO year and week as text, as ISO 8601 writes it: '2023-W10'.
_WEEK_X = re.compile(r"\s*(\d{4})-W(\d{2})\s*")


def _weeks_advice(values: Iterable[str], x: Hashable, src: str) -> str:
    """Advice for a text x of ISO weeks ('2023-W10'), which ``pd.to_datetime`` reads only with
    a weekday added ('%G-W%V-%u'): each week's Monday; "" for other text."""
    found = [_WEEK_X.fullmatch(v) for v in values]
    if not all(found):
        return ""
    try:
        monday = [datetime.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1) for m in found]
    except ValueError:  # week 54: not a week
        return ""
    c = fmt(x)
    form = "'%G-W%V-%u'"
    how = {
        "pandas": f"pd.to_datetime(df[{c}].str.strip() + '-1', format={form})",
        "polars": (
            f"df.with_columns((pl.col({c}).str.strip_chars() + '-1').str.strptime(pl.Date, {form}))"
        ),
    }.get(src, f"each week's Monday as a date (the format {form} with the weekday 1 added)")
    return (
        f", an ISO year and week (Monday {monday[0].day} {monday[0]:%B %Y} to the Sunday), as "
        f"every value is: convert each to its Monday with {how}"
    )


def _month_names_advice(values: Iterable[str], x: Hashable, src: str) -> str:
    """Advice for a text x of dates with a month's name ('Apr-21', 'April 2021', '01-Apr-21'):
    the format that reads every value, or "" when none of :data:`_NAMED_MONTHS` does."""
    stripped = pd.Series([v.strip() for v in values], dtype=object)
    if not stripped.str.contains(r"[A-Za-z]{3}", regex=True).all():
        return ""
    for form in _NAMED_MONTHS:
        read = pd.to_datetime(stripped, format=form, errors="coerce")
        if read.notna().all() and read.dt.year.between(1900, 2100).all():
            how = convert_advice(src, x, "dates", f"'{form}'")
            said = f"{read.iloc[0]:%d %B %Y}"
            return f", a date with the month's name ({said}): convert the column with {how}"
    return ""


#: Dates written as digits alone, as a warehouse's text key gives: '202304' (YYYYMM) and
#: '20230401' (YYYYMMDD), by the length of the text.
_DIGIT_X = {6: ("%Y%m", "YYYYMM"), 8: ("%Y%m%d", "YYYYMMDD")}


def _digit_dates_advice(seen: pd.Series, x: Hashable, src: str, text: str) -> str:
    """Advice for a text x of dates written as digits (``text``: the first value, stripped;
    ``seen``: the values present), "" unless every value is text of the first one's length
    that reads in its form as a date from 1900 to 2100 ('202201' got the
    generic ``format=...``)."""
    if not text.isdigit() or len(text) not in _DIGIT_X:
        return ""
    form, shape = _DIGIT_X[len(text)]
    values = pd.unique(seen.to_numpy(dtype=object))
    if not all(isinstance(v, str) and len(v.strip()) == len(text) for v in values):
        return ""
    stripped = [v.strip() for v in values]
    read = pd.to_datetime(pd.Series(stripped, dtype=object), format=form, errors="coerce")
    if read.isna().any() or not read.dt.year.between(1900, 2100).all():
        return ""
    how = convert_advice(src, x, "dates", f"'{form}'")
    if src == "pandas" and stripped != list(values):  # spaces an export left
        how = f"pd.to_datetime(df[{fmt(x)}].str.strip(), format='{form}')"
    said = f"{read.iloc[0]:%b %Y}" if form == "%Y%m" else f"{read.iloc[0]:%d %b %Y}"
    return (
        f" The first value, {fmt(seen.iloc[0])}, is a date written as digits ({shape}: "
        f"{said}): convert the column with {how}."
    )


#: A financial year written as text: '2015-16', '2015/16' or '2015/2016'.
FINANCIAL_YEAR = re.compile(r"\s*(\d{4})[-/](\d{2}|\d{4})\s*")


def _financial_years(values: Iterable[str]) -> bool:
    """Whether text values are financial years, each a year and the next ('2015-16', as NHS
    annual statistics write them): every value, and two or more of them, or one whose second
    part is no month. '2010-11' alone is November 2010 to ``iso_text_x``; beside '2011-12' it is
    a year (months of data each a year and a month apart would be a strange calendar):
    '2008-09' to '2011-12' were read as September 2008 to December 2011.

    >>> _financial_years(["2015-16", "2016-17"]), _financial_years(["2023-04", "2023-05"])
    (True, False)
    """
    seen = set()
    for v in values:
        m = FINANCIAL_YEAR.fullmatch(v)
        if m is None:
            return False
        first, second = int(m.group(1)), int(m.group(2))
        if second != (first + 1) % (100 if len(m.group(2)) == 2 else 10_000):
            return False
        seen.add(v.strip())
        if len(m.group(2)) == 4 or second > 12:
            seen.add(None)  # no month: a year however few values there are
    return len(seen) >= 2
