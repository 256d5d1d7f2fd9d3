"""DataFrame in: validation (the one place for it), sorting and aggregation by x.

:func:`prepare` turns a user's DataFrame into flat, sorted numpy arrays, one point per
(series, x), ready for the vectorised core. Every check of the user's data happens here, and
every message names the argument, the column, the first offending row and what was expected.

The rules for real-world input live here too, so that every entry point applies the same ones
(they are listed in the documentation's "Data, missing values and errors" page):

* :func:`column_labels` and :func:`column_or_value`: any hashable column label (text, int,
  tuple) names a column; MultiIndex and duplicated column names are refused.

Scalar arguments (names, numbers, dates) are checked in :mod:`qistats._args`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from . import _kernels as K
from ._args import (
    DATE_MAX,
    DATE_MIN,
    DATE_RANGE,
    ISO_DATE,
    MAX_ABS_VALUE,
    NUMERIC_DATE,
    choose,
    date_readings,
    fmt,
    label,
    local_instants,
    parse_date,
    plural,
)
from ._interop import as_pandas, source
from ._warn import warn
from .charts import Chart
from .errors import (
    ArgumentError,
    ColumnError,
    DataError,
    DateWarning,
    DenominatorWarning,
    DuplicateRowsWarning,
    LabelWarning,
    NoDataWarning,
)

AGG_FUNCTIONS = ("mean", "median", "sum", "sd")
EXACT_INTEGERS = 2**53  # integer x beyond this cannot be told apart as float64 sort keys
WHOLE_TOLERANCE = 1e-9  # a count this close to a whole number (relative) is that number
_DATE_BOUNDS = (DATE_MIN, DATE_MAX + pd.Timedelta(days=1))  # a date must lie within


def copy_on_write() -> bool:
    """Whether pandas copies on write (pandas 3, or the pandas 2 option): then a result may
    share a column with the user's data, since writing to either copies it first."""
    return int(pd.__version__.split(".")[0]) >= 3 or pd.get_option("mode.copy_on_write") is True


class LazyStats(Mapping):
    """Per-point statistics computed on first use (few charts need them all)."""

    def __init__(self, **makers: Callable[[], np.ndarray]):
        self._makers = makers
        self._done: dict[str, np.ndarray] = {}

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._done:
            self._done[key] = self._makers[key]()
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


@dataclass
class Prepared:
    """The user's data as flat arrays, sorted by series then x, one entry per point."""

    keys: pd.DataFrame  # by columns and the x column, one row per point
    by: list[Hashable]
    x_name: Hashable
    x_given: bool
    xkey: np.ndarray  # numeric sort key of x (float64, or int64 nanoseconds for dates)
    dots_only: bool  # x is an unordered categorical: units side by side, not time
    series: np.ndarray  # series number of each point
    series_starts: np.ndarray  # offset of each series' first point
    y_kept: np.ndarray | None  # aggregated y (sum when n is given, else agg of y); see y
    n_kept: np.ndarray | None  # aggregated n; see n
    value: np.ndarray  # y / n, or y aggregated as the chart plots it
    stats_kept: Mapping[str, np.ndarray] | None  # see stats
    columns: dict[str, np.ndarray]  # other per-point inputs (phase labels, exclude, cl, target)
    x_converter: Any  # turns user-given x values into sort keys
    whole: tuple[bool, bool] = (False, False)  # y and n are sums of an integer column
    # user's y and n columns equal to what output() reports, shared (copy on write)
    sources: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def n_points(self) -> int:
        return self.value.shape[0]

    def output_value(self, value: np.ndarray) -> np.ndarray | pd.Series:
        """The ``value`` column: the user's y column itself (shared, copy on write) when
        ``value`` is y read unchanged from a float64 column, else ``value`` (float64 always)."""
        source = self.sources.get("y")
        if (
            source is not None
            and source.dtype == np.float64
            and value is self.value
            and value is self.y_kept
        ):
            return source
        return value

    @property
    def y(self) -> np.ndarray:
        """Aggregated y as float64: kept, or, after :meth:`release`, read on use from the
        user's column (no copy kept) when the points are the user's rows unchanged."""
        return self.y_kept if self.y_kept is not None else self._read("y")

    @property
    def n(self) -> np.ndarray | None:
        """Aggregated n as float64 (None without n), kept or read on use as :attr:`y`."""
        return self.n_kept if self.n_kept is not None else self._read("n")

    @property
    def stats(self) -> Mapping[str, np.ndarray]:
        """Per point: count, mean and standard deviation (n − 1) of the rows' y.

        With one row per point they follow from y (count 1 or 0, no standard deviation) and
        are computed on use.
        """
        if self.stats_kept is not None:
            return self.stats_kept
        return LazyStats(
            count=lambda: (~np.isnan(self.y)).astype(float),
            mean=lambda: self.y,
            sd=lambda: np.full(self.n_points, np.nan),
        )

    def release(self) -> None:
        """Drop the float64 copies of y and n that can be read again from the user's columns
        (see :attr:`y`): called once the chart has them, so they are not held while the rules
        and the output tables are built."""
        if "y" in self.sources and self.y_kept is not self.value:
            self.y_kept = None
        if "n" in self.sources:
            self.n_kept = None

    def _read(self, which: str) -> np.ndarray | None:
        return self.sources[which].to_numpy(float) if which in self.sources else None

    def output(self, which: str) -> np.ndarray | pd.Series:
        """Aggregated ``y`` or ``n`` as reported: int64 when it sums an integer column.

        A sum of integers stays an integer; with a missing point the column is float64 (as
        pandas reads a CSV column of integers with a gap).
        """
        if which in self.sources:
            return self.sources[which]
        arr = self.y if which == "y" else self.n
        keep = self.whole[0] if which == "y" else self.whole[1]
        if arr is not None and keep and not np.isnan(arr).any():
            return arr.astype(np.int64)
        return arr

    def held(self, which: str) -> np.ndarray | None:
        """Aggregated ``y`` or ``n`` as held, not copied: the user's column's own values (int64
        or float64) when shared, else the float64 array kept (the values :meth:`output`
        reports, whatever their dtype)."""
        if which in self.sources:
            return self.sources[which].to_numpy()
        return self.y_kept if which == "y" else self.n_kept

    def describe_series(self, s: int) -> str:
        """``ward='A'`` (or ``the series`` without by) for series number ``s``."""
        if not self.by:
            return "the series"
        row = self.keys.iloc[int(self.series_starts[s])]
        return ", ".join(f"{label(b)}={fmt(row[b])}" for b in self.by)

    def describe_point(self, i: int) -> str:
        """``ward='A', month=2021-03-01`` for point number ``i`` (after sorting)."""
        row = self.keys.iloc[int(i)]
        parts = [f"{label(b)}={fmt(row[b])}" for b in self.by]
        parts.append(f"{label(self.x_name)}={fmt(row[self.x_name])}")
        return ", ".join(parts)

    def name_series(self, which: np.ndarray, limit: int = 3) -> str:
        """The first ``limit`` series of ``which`` (series numbers) by name, and how many more."""
        names = [self.describe_series(int(s)) for s in which[:limit]]
        more = len(which) - len(names)
        return "; ".join(names) + (f" and {more} more" if more else "")


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

    def _date_key(self, value: Any, arg: str) -> int:
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
    (session 14: 'insufficient_data' for 'met'). The conversion gives each ISO week's Monday.

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
    NHS's: Q1 is April to June) are three months later (trial 13 recheck)."""
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
    followed by a gap of 89 (audit INP F6).

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
    data: pd.DataFrame, x: Hashable, by: list[Hashable]
) -> tuple[np.ndarray, bool, _XConverter]:
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
            key = _date_keys(v, unit, bounds)
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
        if blank.size:  # a CSV's or a sheet's trailing blank lines (audit INP F9)
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


def warn_x_values(data: pd.DataFrame, x: Hashable, key: np.ndarray, conv: _XConverter) -> bool:
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
    """
    kind = conv.kind()
    if kind == "number":
        hint = conv._serial_hint()
        if hint:
            warn(serial_dates_message(x, hint), DateWarning)
        return False
    if kind != "datetime" or not key.size:
        return False
    wall = key
    if conv.zone() is not None:  # times of day in the column's own zone
        wall = _datetimes(data[x]).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
        wall = wall.view(np.int64)
    if _warn_utc_midnights(data, x, conv, wall):
        return True
    swapped = day_first_misread(wall)
    if swapped is not None:
        warn(day_first_message(x, *swapped, source(data)), DateWarning)
        return True
    return False


def _warn_utc_midnights(data: pd.DataFrame, x: Hashable, conv: _XConverter, wall: np.ndarray):
    """The DateWarning of local midnights stored in UTC (see :func:`warn_x_values`): whether
    it was given. ``wall``: the x keys in the column's own time zone, in nanoseconds."""
    tod = wall - wall // _DAY_NS * _DAY_NS  # wall % _DAY_NS, in a third of its time
    late = tod != 0
    if not late.any():
        return False
    at = tod[late]
    if at.min() < 20 * _HOUR_NS:
        return False
    times = np.unique(at)  # a zone's winter and summer offsets: two at most
    if times.size > 2 or (times % _HOUR_NS).any():
        return False
    i = int(np.flatnonzero(late)[0])
    src = source(data)
    where = f"row {fmt(data.index[i])}: " if src != "spark" else "e.g. "  # no row of a task
    said = f"{where}{fmt(data[x].iloc[i])}"
    warn(
        utc_midnights_message(
            x, int(late.sum()), len(tod), times, int(tod[i]), said, src, conv.zone()
        ),
        DateWarning,
    )
    return True


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
) -> str:
    """The DateWarning of :func:`warn_x_values` for ``late`` of ``total`` dates at the times
    of day ``times`` (nanoseconds after midnight, whole hours from 20:00, one or two), one
    of them, at ``first``, said in ``example`` (``row 3: 2022-03-31 23:00:00``);
    :mod:`qistats.spark` gives it from the whole data's counts (``src`` "spark": its advice
    is Spark code)."""
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
    return (
        f"x={fmt(x)}: {fmt(late)} of {fmt(total)} dates in column {c} are at "
        f"{said}{others} ({example}): local midnights stored in UTC "
        f"{hours} hour{'s' if hours > 1 else ''} early (1 April 00:00 BST is 31 March 23:00 "
        "UTC)? Then they are read as the day before, and a month dated on its 1st as the month "
        f"before. If so, {fix}"
        + ("." if src == "spark" else f"; or move each to its day's start: df[{c}].dt.ceil('D').")
    )


def _date_keys(v: np.ndarray, unit: str, bounds: list[np.datetime64]) -> np.ndarray | None:
    """Nanosecond keys of numpy datetimes when none is missing (NaT) or outside ``bounds``
    (found by two reductions, without a pass writing a mask); else None."""
    ticks = v.view(np.int64)
    if not ticks.size or unit not in _NS_PER:
        return None
    low, high = ticks.min(), ticks.max()  # NaT is the smallest int64
    if low == np.iinfo(np.int64).min or low < bounds[0].astype(np.int64):
        return None
    if unit != "ns" and high > bounds[1].astype(np.int64):
        return None
    # what datetime64[ns] conversion gives when no date is missing: whole multiples
    return ticks * _NS_PER[unit] if unit != "ns" else ticks


_NS_PER = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}


def convert_advice(src: str, column: Hashable, to: str, form: str = "...") -> str:
    """Code that converts ``column`` to ``to`` ("dates", with strftime format ``form``,
    "numbers", "separated" numbers with thousands separators, "percent" numbers with a "%"
    after them, "separated percent" numbers with either, "financial years" as their first
    day, or "stripped" text) in the
    library the data came from (see :func:`qistats._interop.source`)."""
    c = fmt(column)
    calls = {
        "dates": {
            "pandas": f"pd.to_datetime(df[{c}], format={form})",
            "polars": f"df.with_columns(pl.col({c}).str.strptime(pl.Date, {form}))",
            "pyarrow": f"pyarrow.compute.strptime(table[{c}], format={form}, unit='s')",
            "spark": f"sdf.withColumn({c}, F.to_date({c}, {_spark_form(form)}))",
        },
        "numbers": {
            "pandas": f"pd.to_numeric(df[{c}], errors='coerce')",
            "polars": f"df.with_columns(pl.col({c}).cast(pl.Float64, strict=False))",
            "pyarrow": f"pyarrow.compute.cast(table[{c}], 'float64')",
            "spark": f"sdf.withColumn({c}, F.col({c}).cast('double'))",
        },
        "separated": {
            # astype("string") first: a column mixing numbers and text (read_excel's) would
            # lose its numbers to .str, which gives NaN for every cell that is not text
            "pandas": f"pd.to_numeric(df[{c}].astype('string').str.replace(',', ''))",
            "polars": f"df.with_columns(pl.col({c}).str.replace_all(',', '').cast(pl.Float64))",
            "pyarrow": (
                f"pyarrow.compute.cast(pyarrow.compute.replace_substring(table[{c}], ',', ''), "
                "'float64')"
            ),
            "spark": f"sdf.withColumn({c}, F.regexp_replace({c}, ',', '').cast('double'))",
        },
        "percent": {
            "pandas": f"pd.to_numeric(df[{c}].astype('string').str.rstrip('%'))",
            "polars": f"df.with_columns(pl.col({c}).str.strip_chars_end('%').cast(pl.Float64))",
            "pyarrow": (
                f"pyarrow.compute.cast(pyarrow.compute.utf8_rtrim(table[{c}], characters='%'), "
                "'float64')"
            ),
            "spark": f"sdf.withColumn({c}, F.regexp_replace({c}, '%', '').cast('double'))",
        },
        "separated percent": {
            "pandas": (
                f"pd.to_numeric(df[{c}].astype('string').str.replace('[,%]', '', regex=True))"
            ),
            "polars": f"df.with_columns(pl.col({c}).str.replace_all('[,%]', '').cast(pl.Float64))",
            "pyarrow": (
                "pyarrow.compute.cast(pyarrow.compute.replace_substring_regex("
                f"table[{c}], '[,%]', ''), 'float64')"
            ),
            "spark": f"sdf.withColumn({c}, F.regexp_replace({c}, '[,%]', '').cast('double'))",
        },
        "financial years": {
            "pandas": f"pd.to_datetime(df[{c}].str.strip().str[:4] + '-04-01')",
            "polars": (
                f"df.with_columns((pl.col({c}).str.strip_chars().str.slice(0, 4) + '-04-01')"
                ".str.strptime(pl.Date, '%Y-%m-%d'))"
            ),
            "spark": (
                f"sdf.withColumn({c}, F.to_date(F.concat(F.substring(F.trim({c}), 1, 4), "
                "F.lit('-04-01'))))"
            ),
        },
        "stripped": {
            "pandas": f"df[{c}] = df[{c}].str.strip()",
            "polars": f"df = df.with_columns(pl.col({c}).str.strip_chars())",
            "pyarrow": f"pyarrow.compute.utf8_trim_whitespace(table[{c}])",
            "spark": f"sdf = sdf.withColumn({c}, F.trim({c}))",
        },
    }[to]
    return calls.get(src, f"your data library's conversion of column {c} to {to}")


_DEDUPLICATE = {
    "pandas": "data.drop_duplicates()",
    "polars": "df.unique(maintain_order=True)",
    "spark": "sdf.dropDuplicates()",
}

#: strftime directives as Spark's datetime patterns (F.to_date's format)
_SPARK_FORM = {"%Y": "yyyy", "%y": "yy", "%m": "MM", "%d": "dd", "%H": "HH", "%M": "mm"}


def _spark_form(form: str) -> str:
    """A strftime format (quoted, as in the advice) as a Spark datetime pattern."""
    for directive, pattern in _SPARK_FORM.items():
        form = form.replace(directive, pattern)
    return form


#: ISO text dates read as dates in an x column: the whole column in one of these forms.
_ISO_X = {
    7: (re.compile(r"\d{4}-\d{2}"), "%Y-%m"),
    10: (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d"),
}


def iso_text_x(data: pd.DataFrame, x: Any) -> pd.DataFrame:
    """``data`` with its text ``x`` column read as dates when every value present is an ISO
    date in one form, ``YYYY-MM-DD`` or ``YYYY-MM`` (what ``pd.read_csv`` gives for dates
    written by pandas, R or SQL): unambiguous, unlike ``01/04/2023``, which stays refused with
    advice. Else ``data`` itself. The caller's frame is never modified (a shallow copy with
    the one column replaced)."""
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
    }.get(src, f"{s.dtype} values (as pandas reads it)")
    expected = (
        "dates, numbers or an ordered pandas Categorical" if src == "pandas" else "dates or numbers"
    )
    advice = (
        _odd_among_dates(s, x, src, row)
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
    the code that drops them, "" for any other column (session 14: the advice was
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


#: Dates written as digits alone, as a warehouse's text key gives: '202304' (YYYYMM) and
#: '20230401' (YYYYMMDD), by the length of the text.
_DIGIT_X = {6: ("%Y%m", "YYYYMM"), 8: ("%Y%m%d", "YYYYMMDD")}


def _digit_dates_advice(seen: pd.Series, x: Hashable, src: str, text: str) -> str:
    """Advice for a text x of dates written as digits (``text``: the first value, stripped;
    ``seen``: the values present), "" unless every value is text of the first one's length
    that reads in its form as a date from 1900 to 2100 (trial 13 recheck: '202201' got the
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
    '2008-09' to '2011-12' were read as September 2008 to December 2011 (session 14).

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


# ------------------------------------------------------------------------ columns


def _describe_row(data: pd.DataFrame, i: int, by: list[Hashable], x: Hashable | None) -> str:
    """Name row ``i`` (a position) of the user's data by its index label, groups and x; by
    its position (``data.iloc[48]``) when the index repeats labels, as a frame from
    ``pd.concat`` without ``ignore_index`` does ("row 0 … but row 0", trial 12 A10), or
    holds the positions of a part of the data (:func:`numbered_by_position`).

    Rows a Spark task computes (:func:`~qistats._interop.source` ``"spark"``) have no index of
    the user's: a task numbers its own few rows. They are named by their groups and x alone,
    ``the row (ward='Ash', month=2024-01-01)``, in warnings as in errors (trial 8 C7)."""
    parts = [f"{label(b)}={fmt(data[b].iloc[i])}" for b in by]
    if x is not None:
        parts.append(f"{label(x)}={fmt(data[x].iloc[i])}")
    where = f" ({', '.join(parts)})" if parts else ""
    if parts and source(data) == "spark":
        return f"the row{where}"
    if data.index.name == POSITIONS:  # rows of the caller's data, numbered by position
        return f"data.iloc[{data.index[i]}]{where}"
    if not data.index.is_unique:  # a label of several rows (pd.concat): name its position
        return f"data.iloc[{i}]{where}"
    return f"row {fmt(data.index[i])}{where}"


#: The name of an index that numbers rows by their position in the caller's data (see
#: :func:`numbered_by_position`).
POSITIONS = "qistats: position in data"


def numbered_by_position(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` itself when its index labels each row once; else ``data`` indexed by each
    row's position, so that a part of it (a chart group of :func:`qistats.board`, the rows
    before its ``as_of``) names a row as ``data.iloc[360]``, its position in the caller's
    data, not in the part (audit INP F1). The caller's frame is not modified.

    >>> twice = pd.DataFrame({"y": [1, 2, 3]}, index=[0, 0, 1])
    >>> part = numbered_by_position(twice).iloc[[2]]
    >>> _describe_row(part, 0, [], None)
    'data.iloc[2]'
    """
    if data.index.is_unique:
        return data
    return data.set_axis(pd.RangeIndex(len(data), name=POSITIONS), axis=0)


def is_label(data: pd.DataFrame, value: Any) -> bool:
    """Whether ``value`` is a column label of ``data`` (False for unhashable values)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Hashable):
        return False
    try:
        return value in data.columns
    except (TypeError, ValueError):
        return False


def check_frame(data: Any) -> pd.DataFrame:
    """``data`` is a DataFrame with rows and flat column labels."""
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError(f"data: expected a pandas DataFrame, got {type(data).__name__}.")
    if isinstance(data.columns, pd.MultiIndex):
        raise ColumnError(
            f"data: the columns are a MultiIndex ({fmt(data.columns[0])}, ...); qistats needs "
            "one label per column. Flatten them first, e.g. "
            "data.columns = ['_'.join(map(str, c)) for c in data.columns]."
        )
    if len(data) == 0:
        raise DataError("data: the DataFrame has no rows.")
    return data


def closest(name: Any, options: list[Any]) -> Any | None:
    """The option ``name`` most probably meant, or None: first one equal to it but for case,
    spaces at either end or type (``"Falls "``, ``"falls"`` and ``1`` for ``"Falls"``,
    ``"Falls"`` and ``"1"``), then the closest spelling (difflib, as for column names)."""

    def key(v: Any) -> str:
        return str(v).strip().casefold()

    same = [o for o in options if key(o) == key(name)]
    if same:
        return same[0]
    texts = [label(o) for o in options]
    close = difflib.get_close_matches(label(name), texts, n=1)
    return options[texts.index(close[0])] if close else None


#: Arguments that take a number or a column name.
_NUMBER_OR_COLUMN = ("cl", "target")


def no_column(name: Any, columns: list[Hashable], arg: str, table: str = "data") -> str:
    """The message for a column ``name`` that is none of ``columns``, with the closest match:
    the one message for a missing column, whatever holds the data (pandas, Spark)."""
    cols = [label(c) for c in columns]
    close = difflib.get_close_matches(label(name), cols, n=1)
    hint = f" Did you mean {fmt(close[0])}?" if close else ""
    if arg in _NUMBER_OR_COLUMN and isinstance(name, str) and not close:
        try:
            number = float(name.replace(",", ""))
        except ValueError:
            pass
        else:  # text that reads as a number: a value typed as text, e.g. from a config file
            hint = f" For the number, write {arg}={number:g} (without quotes)."
    listed = ", ".join(cols)
    return f"{arg}={fmt(name)}: no such column in {table}.{hint} The columns are: {listed}."


def _is_index_name(data: pd.DataFrame, name: Any) -> bool:
    try:
        return any(level is not None and level == name for level in data.index.names)
    except (TypeError, ValueError):  # a label that cannot be compared
        return False


def check_column(data: pd.DataFrame, name: Any, arg: str, table: str = "data") -> Hashable:
    """Check that ``name`` is one column of ``data``; the error suggests close matches.

    Any hashable label works (text, int, tuple). A label shared by several columns is refused.
    ``table`` names the argument that holds ``data`` in the messages.
    """
    if not is_label(data, name):
        if _is_index_name(data, name):  # df.set_index('month'): the name is the index's
            where = "data.index" if data.index.nlevels == 1 else "a level of data.index"
            raise ColumnError(
                f"{arg}={fmt(name)}: {fmt(name)} is the name of {where}, not a column of "
                f"{table}; expected a column: make it one with {table}.reset_index()."
            )
        raise ColumnError(no_column(name, list(data.columns), arg, table))
    if not data.columns.is_unique and not isinstance(data.columns.get_loc(name), int):
        k = int(np.sum(data.columns.get_indexer_for([name]) >= 0))
        raise ColumnError(
            f"{arg}={fmt(name)}: {table} has {k} columns named {fmt(name)}; give them distinct "
            "names first."
        )
    return name


def column_labels(data: pd.DataFrame, value: Any, arg: str) -> list[Hashable]:
    """A by-like argument as a list of column labels.

    ``value`` is one label (text, int, or a tuple that is a column label) or a list, tuple,
    ``pd.Index`` or array of labels; a label that names a column always means that column.
    """
    if value is None:
        return []
    if is_label(data, value):
        return [check_column(data, value, arg)]
    if isinstance(value, pd.Series) and len(value) == len(data) and len(data) > 1:
        raise ArgumentError(
            f"{arg}: got a Series of {len(value)} values; {arg} takes column names "
            f"(e.g. {arg}={fmt(value.name)} for that column)."
        )
    if isinstance(value, (list, tuple, pd.Index, pd.Series, np.ndarray)):
        labels = list(value)
    else:
        labels = [value]
    for v in labels:
        check_column(data, v, arg)
    for i, v in enumerate(labels):
        if v in labels[:i]:
            raise ArgumentError(f"{arg}={fmt(value)}: the column {fmt(v)} is named twice.")
    return labels


def column_or_value(
    data: pd.DataFrame, value: Any, arg: str, *, x: Hashable | None = None, numbers: bool
) -> bool:
    """Whether an argument that takes a column or values (phase, exclude, cl, target) names a
    column.

    A column label of ``data`` means that column, except a number that could also be meant as a
    value (``numbers=True``: the argument takes numbers), which is refused as ambiguous. Text
    that names no column must be a valid value (a date or category of x), else the error says
    that there is no such column; so must a number on a date or category axis.
    """
    if is_label(data, value):
        if numbers and _is_number(value):
            raise ArgumentError(
                f"{arg}={fmt(value)}: ambiguous: data has a column labelled {fmt(value)}, and "
                f"{fmt(value)} is also a value {arg} can take. Give the columns text names "
                f"first (data.columns = data.columns.map(str)) and pass {arg}='{value}' for the "
                "column."
            )
        return True
    kind = _x_kind(data[x]) if is_label(data, x) else "position"
    if isinstance(value, str):
        looks_like_value = (kind == "datetime" and bool(re.search(r"\d", value))) or (
            kind == "category" and value in data[x].cat.categories
        )
        if not looks_like_value:
            check_column(data, value, arg)
    elif _is_number(value) and kind in ("datetime", "category"):
        check_column(data, value, arg)  # a number is no date or category: a column was meant
    return False


def reserved_names(
    names: Iterable[tuple[str, Hashable]], reserved: Iterable[Hashable], where: str
) -> None:
    """Refuse a by or x column whose name is one of the output's column names.

    The columns that identify a point keep their names in every output, so a clash would
    overwrite the user's labels; qistats refuses it instead of renaming anything.
    """
    taken = set(reserved)
    for arg, name in names:
        if name in taken:
            raise ColumnError(
                f"{arg}={fmt(name)}: {fmt(name)} is also a column that {where} adds, so its "
                f"labels would be lost. Rename it first, e.g. "
                f"data.rename(columns={{{fmt(name)}: {fmt(str(name) + '_')}}})."
            )


def frame_from_columns(cols: dict[Hashable, Any]) -> pd.DataFrame:
    """A DataFrame from {label: column}, tuple labels kept as labels (not a MultiIndex)."""
    out = pd.DataFrame(dict(enumerate(cols.values())), copy=False)
    out.columns = pd.Index(list(cols), tupleize_cols=False)
    return out


def _kind_of_values(dtype: Any) -> str | None:
    """What a non-numeric column holds, for the error message (None: try as numbers)."""
    if isinstance(dtype, pd.PeriodDtype):
        return "periods"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "dates"
    if pd.api.types.is_timedelta64_dtype(dtype) or (
        isinstance(dtype, pd.ArrowDtype) and dtype.kind == "m"
    ):
        return "durations"
    if pd.api.types.is_complex_dtype(dtype):
        return "complex numbers"
    return None


def _numeric(
    data: pd.DataFrame,
    name: Hashable,
    arg: str,
    by: list[Hashable],
    x: Hashable | None,
    durations: bool = False,
) -> np.ndarray:
    """Column ``name`` as float64; an error names the first value that is not a finite number.

    Durations are read in days when ``durations`` is True (the T chart), refused otherwise;
    dates, periods and complex numbers are refused.
    """
    s = data[name]
    what = _kind_of_values(s.dtype)
    if what == "durations" and durations:
        return s.to_numpy(dtype="timedelta64[ns]") / np.timedelta64(1, "D")
    if what is not None:
        advice = (
            " A 't' chart takes durations (in days); for other charts convert them, e.g. "
            "col.dt.total_seconds() / 3600 for hours."
            if what == "durations"
            else ""
        )
        raise ColumnError(
            f"{arg}={fmt(name)}: column {fmt(name)} holds {what} ({s.dtype}); expected "
            f"numbers.{advice}"
        )
    if pd.api.types.is_bool_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
        return s.to_numpy(dtype=float, na_value=np.nan)
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu":
        return s.to_numpy().astype(np.float64)  # always finite and below 1e100
    if isinstance(s.dtype, np.dtype) and s.dtype.kind == "f":
        out = s.to_numpy()
        if out.dtype != np.float64 or not copy_on_write():  # else a read-only view: never
            out = out.astype(np.float64)  # written to (a write would raise), never returned
    elif pd.api.types.is_numeric_dtype(s.dtype):
        out = s.to_numpy(dtype=float, na_value=np.nan)
    else:
        _refuse_text(data, name, arg, by, x)
        coerced = pd.to_numeric(s, errors="coerce")
        if pd.api.types.is_complex_dtype(coerced.dtype):
            coerced = pd.Series(np.nan, index=s.index)
        bad = np.flatnonzero(coerced.isna().to_numpy() & s.notna().to_numpy())
        if bad.size:
            i = int(bad[0])
            raise ColumnError(
                f"{arg}={fmt(name)}: column {fmt(name)} must hold numbers, but "
                f"{_describe_row(data, i, by, x)} has {fmt(s.iloc[i])}."
            )
        out = coerced.to_numpy(dtype=float, na_value=np.nan)
    # two reductions find no value beyond (NaN is not) without a pass writing a mask
    beyond = out.size and max(np.fmax.reduce(out), -np.fmin.reduce(out)) > MAX_ABS_VALUE
    bad = np.flatnonzero(np.abs(out) > MAX_ABS_VALUE) if beyond else np.zeros(0, dtype=np.intp)
    if bad.size:
        i = int(bad[0])
        what = "an infinite value" if np.isinf(out[i]) else "a value beyond ±1e100"
        raise DataError(
            f"{arg}={fmt(name)}: {_describe_row(data, i, by, x)} has {what} ({out[i]:g}); "
            "expected a finite number no larger than 1e100 in size, or a missing value."
        )
    return out


#: A number written with thousands separators, as Excel and CSV exports give: "1,234".
_THOUSANDS = re.compile(r"\s*[-+]?\d{1,3}(,\d{3})+(\.\d+)?\s*$")
#: A number with a per-cent sign, as an Excel column formatted as a percentage exports: "95.2%".
_PERCENT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)%")


def _refuse_text(
    data: pd.DataFrame, name: Hashable, arg: str, by: list[Hashable], x: Hashable | None
) -> None:
    """Refuse text in a column of numbers, naming its first text value: ``"3"`` and ``""``
    alike, since text is what a CSV or Excel column with a stray note or blank becomes."""
    s = data[name]
    values = s.cat.categories if isinstance(s.dtype, pd.CategoricalDtype) else s
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind not in ("string", "bytes", "mixed", "mixed-integer"):
        return  # numbers (or missing values) only: no text to refuse
    text = np.frompyfunc(lambda v: isinstance(v, (str, bytes)), 1, 1)(s.to_numpy(dtype=object))
    i = int(np.flatnonzero(text.astype(bool))[0])
    values = s.to_numpy(dtype=object)
    grouped = next((v for v in values if isinstance(v, str) and _THOUSANDS.match(v)), None)
    percent = next((v for v in values if isinstance(v, str) and _PERCENT.fullmatch(v)), None)
    if grouped is not None and percent is not None:  # a board's counts beside its per cents
        raise ColumnError(
            f"{arg}={fmt(name)}: column {fmt(name)} must hold numbers, but it holds text with "
            f"thousands separators ({fmt(grouped)}) and with per-cent signs ({fmt(percent)}). "
            f"Remove both: {convert_advice(source(data), name, 'separated percent')} "
            "(converting it as it is would make every value of 1,000 or more, and every value "
            "with a sign, missing)."
        )
    if grouped is not None:  # "1,234" from an Excel export: coercing it would lose 1,000 and up
        src = source(data)
        read = "Read the file with pd.read_csv(..., thousands=',') or r" if src == "pandas" else "R"
        raise ColumnError(
            f"{arg}={fmt(name)}: column {fmt(name)} must hold numbers, but it holds text with "
            f"thousands separators ({fmt(grouped)}). {read}emove the commas: "
            f"{convert_advice(src, name, 'separated')} (converting it as it is would make "
            "every value of 1,000 or more missing)."
        )
    if percent is not None:  # "95.2%": coercing it would make every such value missing
        raise ColumnError(
            f"{arg}={fmt(name)}: column {fmt(name)} must hold numbers, but it holds text with "
            f"per-cent signs ({fmt(percent)}). Remove the signs: "
            f"{convert_advice(source(data), name, 'percent')} (converting it as it is would "
            "make every value with a sign missing)."
        )
    raise ColumnError(
        f"{arg}={fmt(name)}: column {fmt(name)} must hold numbers, but "
        f"{_describe_row(data, i, by, x)} has the text {fmt(s.iloc[i])}. Convert the column to "
        f"numbers first, e.g. {convert_advice(source(data), name, 'numbers')} (which makes "
        "blanks, and any other text that is not a number, missing values: check them first)."
    )


def _is_integer_column(s: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)


def as_list(value: Any) -> list[Any]:
    """A scalar or list-like argument as a list: a list, tuple, numpy array, pandas Index,
    Series or extension array (``df['month'].unique()`` is a DatetimeArray under pandas 3),
    a polars Series or a pyarrow array."""
    if isinstance(value, (list, tuple, np.ndarray, pd.Index, pd.Series, ExtensionArray)):
        return list(value)
    for method in ("to_pylist", "to_list"):  # pyarrow arrays; polars Series
        if type(value).__module__.split(".")[0] in ("pyarrow", "polars") and hasattr(value, method):
            return list(getattr(value, method)())
    return [value]


# ------------------------------------------------------------------------ series and points


def _sorted_codes(col: pd.Series | np.ndarray) -> tuple[np.ndarray, Any]:
    """Codes of values without missing ones, numbered in sorted order of the values, and the
    values themselves (the label of code ``i`` is ``uniques[i]``).

    Data usually arrive grouped (all rows of a ward together), so the values are first
    run-length encoded and only the run values are factorised: much cheaper than hashing every
    row. Shuffled data fall back to factorising every row.
    """
    # Arrow strings, Categoricals, nullable types: compared natively (converting them to
    # objects first costs twice as much as factorising every row)
    native = isinstance(col, pd.Series) and not isinstance(col.dtype, np.dtype)
    v = col.array if native else col.to_numpy() if isinstance(col, pd.Series) else col
    if len(v) < 2:
        return _factorized(col)
    change = np.ones(len(v), dtype=bool)
    try:
        ne = v[1:] != v[:-1]
        change[1:] = ne if isinstance(ne, np.ndarray) else ne.to_numpy(bool, na_value=True)
    except TypeError:  # pd.NA cannot be compared
        return _factorized(col)
    runs = np.flatnonzero(change)
    if runs.size > len(v) // 4:
        return _factorized(col)
    run_values = col.iloc[runs] if isinstance(col, pd.Series) else v[runs]
    run_codes, uniques = _factorized(run_values)
    return np.repeat(run_codes, np.diff(np.append(runs, len(v)))), uniques


def _factorized(values: pd.Series | np.ndarray) -> tuple[np.ndarray, Any]:
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.intp, copy=False), uniques


def _series_codes(data: pd.DataFrame, by: list[Hashable], x: Hashable | None) -> np.ndarray:
    """Series number of each row, numbered in sorted order of the by-values.

    Several by-columns are combined one at a time (and renumbered after each), so the codes
    never exceed the number of rows however many columns there are.
    """
    if not by:  # one series
        return np.zeros(len(data), dtype=np.intp)
    combined = None
    for b in by:
        try:
            codes, uniques = _sorted_codes(data[b])
        except TypeError as err:  # values that cannot be sorted together
            raise ColumnError(
                f"by={fmt(b)}: column {fmt(b)} mixes values that cannot be ordered "
                "(e.g. text and numbers); make it one type first."
            ) from err
        missing = np.flatnonzero(codes < 0)  # factorize codes a missing value as -1
        if missing.size:
            raise DataError(
                f"by={fmt(b)}: {_describe_row(data, int(missing[0]), [], x)} has a missing "
                f"{fmt(b)}; every row must belong to a named series."
            )
        warn_spaces(uniques, data[b], f"by={fmt(b)}")
        if combined is None:  # already numbered in sorted order
            combined = codes.astype(np.int64, copy=False)
            continue
        width = int(codes.max()) + 1
        combined = _sorted_codes(combined * width + codes.astype(np.int64))[0].astype(np.int64)
    return combined.astype(np.intp, copy=False)


def warn_spaces(uniques: Any, col: pd.Series, arg: str) -> None:
    """A LabelWarning when text labels of a column of series names (``arg``, e.g. ``by='ward'``)
    differ only by spaces at either end; ``uniques``: its distinct values (from factorising)."""
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    if not pd.api.types.is_string_dtype(dtype):
        return
    if isinstance(dtype, pd.StringDtype):  # stripped natively
        labels = pd.Series(uniques, dtype=dtype)
    else:  # objects: one Python call a label
        labels = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    try:
        bare = labels.str.strip()  # missing for labels that are not text
    except AttributeError:  # no text at all (an object column of numbers)
        return
    clash = bare.notna().to_numpy() & bare.duplicated(keep=False).to_numpy()
    if clash.any():
        first = bare[clash].iloc[0]
        same = labels[clash & (bare == first).to_numpy()].tolist()
        groups = bare[clash].nunique()
        more = f" (and {groups - 1} more such {'group' if groups == 2 else 'groups'})"
        warn(
            f"{arg}: the labels {' and '.join(map(fmt, same))} differ only by spaces "
            f"at the start or end{more if groups > 1 else ''}, so they are kept apart (labels "
            "are used as given). Strip them first "
            f"({convert_advice(source(col), col.name, 'stripped')}) if they are one.",
            LabelWarning,
        )


def _refuse(bad: np.ndarray, message: Any) -> None:
    """Raise a DataError built by ``message(i)`` for the first row ``i`` flagged in ``bad``."""
    hit = np.flatnonzero(bad)
    if hit.size:
        raise DataError(message(int(hit[0])))


def _aggregate(
    ys: np.ndarray,
    ns: np.ndarray | None,
    rows: K.Layout | None,
    has_dup: bool,
    chart: Chart,
    agg: str,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, dict[str, np.ndarray] | None]:
    """Combine the sorted rows of each point (``rows``: points as segments of rows).

    Returns the y and n to report, the value the chart plots, and the count, mean and standard
    deviation (n − 1) of each point's non-missing y. With ``n`` the value is Σy / Σn over the
    point's complete rows (y and n both present) and missing without one; y and n report those
    sums, or, for a point without a complete row, what its rows give (so one row always shows
    the user's y and n, and a missing y keeps its n).
    """
    stats = None  # one row per point: see Prepared.stats
    if has_dup:
        ok = ~np.isnan(ys)
        if ns is not None:
            ok &= ~np.isnan(ns)
        count = K.seg_count(ok, rows).astype(float)
        total = np.where(count > 0, K.seg_sum(ys, ok, rows), np.nan)
        mean = K.divide(total, count)
        stats = {"count": count, "mean": mean, "sd": K.seg_std(ys, ok, rows)}
    else:
        total = mean = ys
    if ns is not None:
        if not has_dup:  # NaN in y or n makes the value NaN
            return ys, ns, K.divide(ys, ns), stats
        n_total = np.where(count > 0, K.seg_sum(ns, ok, rows), np.nan)
        value = K.divide(total, n_total)
        bare = count == 0  # no complete row: report what was given
        if bare.any():
            for given, out in ((ys, total), (ns, n_total)):
                has = ~np.isnan(given)
                out[bare] = np.where(
                    K.seg_count(has, rows) > 0, K.seg_sum(given, has, rows), np.nan
                )[bare]
        return total, n_total, value, stats
    kind = "sum" if chart.value == "sum" else agg
    if kind == "sd" or chart.value == "sd":  # one row per point has no standard deviation
        sd = np.full(ys.shape, np.nan) if stats is None else stats["sd"]
    if kind == "median" and has_dup:
        y_out = K.seg_median(ys, ok, rows)
    else:
        if kind == "sd" and stats is None:  # y is then not the rows' y: keep their statistics
            stats = {"count": (~np.isnan(ys)).astype(float), "mean": ys, "sd": sd}
        y_out = sd if kind == "sd" else total if kind == "sum" else mean
    return y_out, None, sd if chart.value == "sd" else y_out, stats


def _points_x(column: pd.Series, kind: str) -> pd.Series:
    """The x column of the points: dates held as ``datetime.date`` objects or Arrow dates
    (``pyarrow`` date32, what ``pd.read_parquet`` and ``Table.to_pandas`` give) become
    datetime64, as polars' dates do, so that ``.dt`` works on every result (and a board's
    sentences can word them); other columns are kept as given."""
    dt = column.dtype
    if kind != "datetime" or isinstance(dt, (pd.PeriodDtype, pd.DatetimeTZDtype)):
        return column
    if isinstance(dt, np.dtype) and dt.kind == "M":
        return column
    if isinstance(dt, np.dtype) and pd.api.types.infer_dtype(column, skipna=True) != "date":
        return column  # datetime objects, perhaps in several time zones: kept as given
    return pd.Series(pd.to_datetime(column), name=column.name)


def _take(column: pd.Series, idx: np.ndarray | None) -> pd.Series:
    """The rows ``idx`` of a column (``None``: all rows, in order) as a new Series.

    All rows in order: the column itself when pandas copies on write (writing to either copies
    it first), else a plain copy (much cheaper than ``take`` for text columns). Either way
    writing to the result never changes the user's data.
    """
    if idx is None:
        out = column.reset_index(drop=True)
        return out if copy_on_write() else out.copy()
    return pd.Series(column.array.take(idx), name=column.name)


def _whole(values: np.ndarray, message: Any) -> np.ndarray:
    """``values`` that must be whole numbers: refused (``message(i)`` for the first row ``i``)
    where one is fractional; those within :data:`WHOLE_TOLERANCE` (relative) of a whole number
    (3.0000000000000004 from a sum of decimals) are that number, in a copy (the user's array is
    not modified)."""
    rounded = np.round(values)
    if np.array_equal(values, rounded):  # every value whole (the usual case): two passes
        return values
    with np.errstate(invalid="ignore"):
        off = np.abs(values - rounded)
        near = off <= WHOLE_TOLERANCE * np.maximum(1.0, np.abs(values))
    finite = np.isfinite(values)
    _refuse(finite & ~near, message)
    if np.any(finite & (off > 0)):
        return np.where(finite, rounded, values)
    return values


def _fraction(value: float) -> str:
    """A fractional value in full (``3.5``, ``3.0000000001``), as a message shows it."""
    return repr(float(value))


def _check_values(
    data: pd.DataFrame,
    yv: np.ndarray,
    nv: np.ndarray | None,
    names: tuple[Hashable, Hashable | None],
    by: list[Hashable],
    x: Hashable | None,
    chart: Chart,
    context: str | None = None,
    whole: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Refuse values the chart cannot take: negative or fractional counts, y > n, ...

    ``context`` ends the messages ("on a 'u' chart" by default); ``whole`` asks for whole counts
    even where the chart takes fractional ones (a U chart's numerator). Returns y and n, with
    counts within :data:`WHOLE_TOLERANCE` of a whole number made whole (a copy).
    """
    y, n = names
    row = lambda i: _describe_row(data, i, by, x)  # noqa: E731
    on = context or f"on a {chart.name!r} chart"
    hint = "; if they are counts, round them first (e.g. .round())"
    if nv is not None:
        if K.smallest(nv) < 0:
            _refuse(
                nv < 0,
                lambda i: (
                    f"n={fmt(n)}: {row(i)} has a negative denominator ({nv[i]:g}); "
                    "expected a count or exposure >= 0."
                ),
            )
        if chart.proportion:
            nv = _whole(
                nv,
                lambda i: (
                    f"n={fmt(n)}: {row(i)} has a fractional denominator ({_fraction(nv[i])}); "
                    f"expected whole numbers of cases {on}{hint}."
                ),
            )
    if chart.counts and K.smallest(yv) < 0:
        _refuse(
            yv < 0,
            lambda i: (
                f"y={fmt(y)}: {row(i)} has a negative count ({yv[i]:g}); expected counts >= 0 {on}."
            ),
        )
    if whole or chart.proportion or (chart.counts and chart.n == "none"):
        # counts out of n, or counts alone (C, G): whole numbers; a U chart's numerator may be
        # fractional (weighted or modelled events) unless the caller asks for whole ones
        measured = "" if whole else " (an 'i' or 'xmr' chart takes measurements)"
        yv = _whole(
            yv,
            lambda i: (
                f"y={fmt(y)}: {row(i)} has a fractional count ({_fraction(yv[i])}); expected "
                f"whole counts {on}{measured}{hint}."
            ),
        )
    if chart.positive and K.smallest(yv) <= 0:
        _refuse(
            yv <= 0,
            lambda i: (
                f"y={fmt(y)}: {row(i)} has a time between events ({yv[i]:g}); "
                f"expected values > 0 {on}."
            ),
        )
    if chart.proportion and nv is not None:
        with np.errstate(invalid="ignore"):
            over = yv > nv
        _refuse(
            over,
            lambda i: (
                f"y={fmt(y)}: {row(i)} has more events ({yv[i]:g}) than its "
                f"denominator n={fmt(n)} ({nv[i]:g}); expected y <= n {on}."
            ),
        )
    return yv, nv


def _check_duplicates(
    data: pd.DataFrame,
    order: np.ndarray,
    same_x: np.ndarray,
    by: list[Hashable],
    x: Hashable,
    fate: str,
) -> bool:
    """Warn when a few rows sharing a series and x (``fate``: what becomes of them) are
    identical in every column: a copied row then counts twice. When most rows of ``data``
    repeat an earlier row, they are record-level data (one row per patient, n = 1, summed per
    ward and month), not copies: nothing is said, as the resubmission check and
    ``qi.funnel`` without x say nothing of them; unless every row appears the same number of
    times (:func:`_appended`: a whole extract appended twice or more). Returns whether it
    warned."""
    shared = same_x.copy()
    shared[:-1] |= same_x[1:]
    rows = np.sort(order[shared])
    try:
        twin = data.iloc[rows].duplicated().to_numpy()
    except TypeError:  # unhashable values (lists) in some column: cannot compare rows
        return False
    if 2 * int(twin.sum()) > len(data):  # most rows repeat: record-level data, unless ...
        times = _appended(data) if rows.size == len(data) else 0
        if times:  # ... every row is there the same number of times: an appended extract
            warn(
                f"Every row of data appears {times} times, identical in every column (the "
                f"first: {_describe_row(data, int(rows[0]), by, x)}): the extract looks "
                f"appended {times} times. Rows sharing a series and x {fate}; drop copies "
                f"first with {_DEDUPLICATE.get(source(data), 'your data library')} if they "
                "are not real.",
                DuplicateRowsWarning,
            )
        return bool(times)
    if twin.any():
        first = int(rows[np.flatnonzero(twin)[0]])
        k = int(twin.sum())
        warn(
            f"{plural(k, 'row')} of data {'repeats' if k == 1 else 'repeat'} an earlier row in "
            "every column (the first: "
            f"{_describe_row(data, first, by, x)}). Rows sharing a series and x {fate}; drop "
            f"copies first with {_DEDUPLICATE.get(source(data), 'your data library')} if they "
            "are not real.",
            DuplicateRowsWarning,
        )
    return bool(twin.any())


def _appended(data: pd.DataFrame) -> int:
    """How many times every row of ``data`` appears, when each distinct row appears the same
    number of times (2 or more: a whole extract appended again, and again); else 0. Record-level
    rows (one per patient) repeat unevenly: 19 harm-free patients in a month and 1 harmed."""
    try:
        hashes = pd.util.hash_pandas_object(data, index=False).to_numpy()
    except TypeError:  # unhashable values (lists) in some column
        return 0
    counts = np.unique(hashes, return_counts=True)[1]
    return int(counts[0]) if counts.min() == counts.max() >= 2 else 0


#: At most this share of a frame's (series, x) keys repeated, among keys of one row each, is
#: read as resubmitted rows rather than record-level data (where most keys repeat).
RESUBMITTED_SHARE = 0.1


#: A series whose gaps between keys differ by at most this factor has no missing periods:
#: monthly dates (28-31 days apart) do; record-level data of rare events skip every month
#: without an event (gaps of one, two, three months).
REGULAR_GAPS = 1.2


def _tail_repeats(same_x: np.ndarray, codes: np.ndarray, xkey: np.ndarray) -> bool:
    """Whether, in every series with a repeated key, the repeated keys are its latest ones, at
    most half of its keys, and two or more (a corrected quarter or year appended at the end)
    or one in a series with a row for every period (its gaps within :data:`REGULAR_GAPS` of
    each other; 4 keys or more): a corrected latest return. Record-level data repeat keys
    throughout, and those of rare events (a month with two incidents, possibly the last)
    skip the months without one. ``same_x``, ``codes`` (series) and ``xkey`` are sorted."""
    first = np.flatnonzero(~same_x)  # each key's first row
    rows = np.diff(np.r_[first, same_x.size])
    series = codes[first]
    repeated = rows > 1
    new = np.r_[True, series[1:] != series[:-1]]
    starts = np.flatnonzero(new)
    lay = K.Layout(np.cumsum(new) - 1, starts)
    n_keys = lay.lengths()
    n_rep = K.seg_count(repeated, lay)
    from_end = n_keys[lay.seg] - 1 - K.position_in_segment(starts, series.size)
    late = K.seg_count(repeated & (from_end < n_rep[lay.seg]), lay)
    has = n_rep > 0
    gap = np.diff(np.asarray(xkey, dtype=float)[first])
    gap = np.where(new[1:], np.nan, gap)  # a gap within a series (none across two)
    gap = np.r_[gap, np.nan]  # aligned with the key before it
    lo, hi = K.seg_min_max(gap, lay)
    with np.errstate(invalid="ignore"):
        regular = (n_keys >= 4) & (lo > 0) & (hi <= REGULAR_GAPS * lo)
    many = (n_rep >= 2) | regular
    return bool(np.all(((late == n_rep) & many & (2 * n_rep <= n_keys))[has]))


@dataclass
class DoubledMonths:
    """Months of monthly data with two dates in one series, found by :func:`_two_in_a_month`:
    how many (series, month) pairs, in how many series, and the first named (its row and
    dates), for one :class:`~qistats.DateWarning` per call (see :func:`warn_doubled_months`)."""

    months: int
    series: int
    first: str


def _two_in_a_month(
    data: pd.DataFrame,
    order: np.ndarray | None,
    same_x: np.ndarray,
    codes: np.ndarray,
    xkey: np.ndarray,
    by: list[Hashable],
    x: Hashable,
) -> DoubledMonths | None:
    """On monthly data (a series' dates 27.5 to 31.5 days apart on average), the series with
    two dates in one calendar month: a month dated on its last day beside others dated on the
    1st (two extracts, two systems) is charted as two points. Months are read in the column's
    own time zone. ``same_x``, ``codes`` and ``xkey`` (ns) are sorted.

    Two dates of one month are under 31 days apart, so only the successive dates of a series
    that close are read as months (1 and 30 June with no July row: trial 8 C13), and each
    distinct date once (a board's series share their dates)."""
    if same_x.any():
        first = np.flatnonzero(~same_x)
        ns, series = xkey[first], codes[first]
    else:
        first, ns, series = None, xkey, codes
    if ns.size < 3:
        return None
    new = np.r_[True, series[1:] != series[:-1]]
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], ns.size] - 1
    keys = ends - starts
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_gap = (ns[ends] - ns[starts]) / keys / 86_400e9
    monthly = (keys >= 2) & (mean_gap >= 27.5) & (mean_gap <= 31.5)
    if not monthly.any():
        return None
    # pair i: keys i and i + 1 of one monthly series, under 31 days apart
    close = np.diff(ns) < 31 * 86_400_000_000_000  # (an int: no float copy of int keys)
    close &= np.repeat(monthly, keys + 1)[1:]
    close &= ~new[1:]
    pairs = np.flatnonzero(close)
    if not pairs.size:
        return None
    tz = getattr(data[x].dtype, "tz", None)
    month = _months(ns[pairs], tz)
    is_two = month == _months(ns[pairs + 1], tz)
    two = pairs[is_two]
    if not two.size:
        return None
    # distinct (series, month): a month with three dates is one month (two pairs)
    g2, m2 = np.searchsorted(starts, two, side="right") - 1, month[is_two]
    months = int(np.count_nonzero(np.r_[True, (g2[1:] != g2[:-1]) | (m2[1:] != m2[:-1])]))
    if first is None:
        first = np.arange(ns.size)
    i = int(two[0])
    rows = [int(first[i]), int(first[i + 1])]
    if order is not None:
        rows = [int(order[r]) for r in rows]
    dates_said = " and ".join(fmt(data[x].iloc[r]) for r in rows)
    return DoubledMonths(
        months,
        int(np.unique(g2).size),
        f"{_describe_row(data, rows[1], by, None)}: {dates_said}",
    )


def _months(ns: np.ndarray, tz: Any) -> np.ndarray:
    """The calendar month of each nanosecond key, as a number, in time zone ``tz`` (None: the
    keys' own clock, by numpy's calendar, read for each day of their span once, with no
    timestamps built; a zone's by pandas, on each distinct key once).

    >>> _months(np.array([pd.Timestamp("2024-01-31 23:30").value]), None).tolist()
    [648]
    >>> _months(np.array([pd.Timestamp("2024-01-31 23:30").value]), "Europe/Berlin").tolist()
    [24290]
    """
    if tz is None:
        if not ns.size:
            return np.zeros(0, dtype=np.int64)
        days = np.asarray(ns, dtype=np.int64) // 86_400_000_000_000  # (floor: before 1970 too)
        first = int(days.min())
        span = np.arange(first, int(days.max()) + 1).astype("datetime64[D]")
        return span.astype("datetime64[M]").astype(np.int64)[days - first]
    dates, at = np.unique(ns, return_inverse=True)
    stamps = pd.to_datetime(dates.astype(np.int64), utc=True).tz_convert(tz)
    return (stamps.year.to_numpy() * 12 + stamps.month.to_numpy())[at]


def warn_doubled_months(found: list[DoubledMonths], x: Hashable) -> None:
    """One :class:`~qistats.DateWarning` for the months with two dates in one series that
    :func:`_two_in_a_month` found (in one or more computations of one call: a board's chart
    groups), counting the series and the (series, month) pairs."""
    if not found:
        return
    series = sum(f.series for f in found)
    months = sum(f.months for f in found)
    whose = f"{series} series of monthly data {'has' if series == 1 else 'have'}"
    more = f"{months} months in all; " if months > 1 else ""
    warn(
        f"{whose} two dates in one month ({more}the first: {found[0].first}): a month dated on "
        "its last day beside months dated on the 1st? They are two points. Date every row of "
        "a month alike, e.g. on its first day "
        f"(df[{fmt(x)}].dt.to_period('M').dt.to_timestamp()).",
        DateWarning,
    )


def _warn_resubmitted(
    data: pd.DataFrame,
    order: np.ndarray,
    same_x: np.ndarray,
    codes: np.ndarray,
    xkey: np.ndarray,
    by: list[Hashable],
    x: Hashable,
    y: Hashable,
    n: Hashable | None,
    agg_applies: bool,
) -> None:
    """Warn when a few (series, x) keys have more than one row while the others have one each
    (at most :data:`RESUBMITTED_SHARE` of the keys, or any number of each series' latest keys
    up to half of them: a resubmitted quarter): in monthly aggregate data that is a corrected
    figure appended to the original (a resubmission), which summing doubles. Record-level
    data, where most keys repeat, are summed silently, as documented."""
    starts = np.flatnonzero(same_x[1:] & ~same_x[:-1])  # first sorted row of each such key
    keys = int(same_x.size - same_x.sum())
    if not starts.size:
        return
    if starts.size > RESUBMITTED_SHARE * keys and not _tail_repeats(same_x, codes, xkey):
        return
    first = int(starts[0])
    end = first + 1
    while end < same_x.size and same_x[end]:
        end += 1
    rows = np.sort(order[first:end])
    values = ", ".join(fmt(v) for v in data[y].iloc[rows].tolist())
    subset = [*by, x]
    how = (
        f"data.drop_duplicates(subset={fmt(subset)}, keep='last')"
        if source(data) == "pandas"
        else "dropping the earlier rows"
    )
    alt = " or pass agg='mean' or 'median'" if agg_applies else ""
    warn(
        f"{starts.size} of {keys} (series, x) keys have more than one row while every other "
        f"has one (the first: {_describe_row(data, int(rows[0]), by, x)}, with {len(rows)} "
        f"rows of y={fmt(y)}: {values}): a corrected resubmission appended to the original? "
        + (
            "The rows are summed, so that point counts twice. "
            if n is None
            else f"The rows' y and n ({fmt(n)}) are summed, so that point pools both returns "
            "(its denominator doubles). "
        )
        + "Keep one row per series and x "
        f"(e.g. {how}){alt} if they are not parts of one total.",
        DuplicateRowsWarning,
    )


def _warn_combined(
    data: pd.DataFrame,
    order: np.ndarray,
    same_x: np.ndarray,
    by: list[Hashable],
    x: Hashable,
    chart: Chart,
    agg: str,
) -> None:
    """Warn that a chart of one value per x combines the rows sharing a series and x."""
    starts = np.flatnonzero(same_x[1:] & ~same_x[:-1])  # first sorted row of each such point
    first = int(order[starts[0]])
    warn(
        f"{plural(starts.size, 'point')} of the {chart.title} "
        f"{'has' if starts.size == 1 else 'have'} more than one row (the "
        f"first: {_describe_row(data, first, by, x)} and the next row sharing its series and "
        f"x): the {chart.title} plots one value per x, so their y are combined (agg={fmt(agg)}). "
        "Give one row per series and x, or combine them first, if that is not meant.",
        DuplicateRowsWarning,
    )


def not_flags_error(col: Hashable, dtype: Any, first: str) -> ColumnError:
    """The error for an exclude column ``col`` that is not flags (its ``dtype``; ``first``:
    :func:`first_not_flag`'s words for the first value that is no flag)."""
    return ColumnError(
        f"exclude={fmt(col)}: column {fmt(col)} must be boolean or 0/1 (True or 1 = leave the "
        "point out of the centre line, limits and runs analysis) with no missing values; it "
        f"has dtype {dtype}{first}."
    )


def first_not_flag(data: pd.DataFrame, col: Hashable, by: list[Hashable], x: Hashable) -> str:
    """'; row r (ward='A', month=2024-01-01) has v' (or 'is missing') for the first value of
    the exclude column ``col`` that is no flag, for errors; named by :func:`_describe_row`, so
    by its series and x alone on a Spark task's rows (:mod:`qistats.spark` names the first
    in series and x order on the driver)."""
    s = data[col]
    bad = ~s.isin((0, 1, True, False)) | s.isna()
    if not bad.any():
        return ""
    i = int(np.flatnonzero(bad.to_numpy())[0])
    what = "is missing" if pd.isna(s.iloc[i]) else f"has {fmt(s.iloc[i])}"
    return f"; {_describe_row(data, i, by, x)} {what}"


def _labels_per_point(
    data: pd.DataFrame,
    col: Hashable,
    arg: str,
    order: np.ndarray,
    dup: np.ndarray,
    first_rows: np.ndarray,
    by: list[Hashable],
    x: Hashable | None,
) -> np.ndarray:
    """A label column (phase, cl, target, ...) as one value per point; the rows of a point
    must agree (otherwise the result would depend on the order of the rows)."""
    s = data[col]
    if dup.any():
        codes = pd.factorize(s, use_na_sentinel=True)[0][order]
        clash = np.flatnonzero(dup[1:] & (codes[1:] != codes[:-1]))
        if clash.size:
            i, j = int(order[clash[0]]), int(order[clash[0] + 1])
            raise DataError(
                f"{arg}={fmt(col)}: rows of one point disagree: "
                f"{_describe_row(data, i, by, x)} has {fmt(s.iloc[i])} but "
                f"{_describe_row(data, j, by, x)} has {fmt(s.iloc[j])}; rows with the same "
                f"series and x must share their {arg}."
            )
    return s.to_numpy()[first_rows]


def prepare(
    data: pd.DataFrame,
    y: Hashable,
    *,
    x: Hashable | None,
    n: Hashable | None,
    by: Any,
    agg: str,
    chart: Chart,
    extra_columns: dict[str, tuple[str, Hashable]],
    context: str | None = None,
    whole: bool = False,
    doubled_months: list[DoubledMonths] | None = None,
    check_x: bool = True,
) -> Prepared:
    """Validate ``data`` and turn it into one sorted point per (series, x).

    Rows sharing (series, x) become one point, unless ``chart.aggregate`` is False (G and T
    charts: one point per event, in x order and then row order). Rows identical in every
    column that would be summed give a :class:`~qistats.DuplicateRowsWarning`.

    ``extra_columns`` maps an internal name to ``(argument name, column label)`` for per-row
    inputs given as columns (phase labels, exclude flags, cl, target); each is checked, carried
    through sorting and aggregation (the rows of a point must agree; ``any`` for exclude) and
    returned in :attr:`Prepared.columns`. ``context`` and ``whole``: as in
    :func:`_check_values` (an entry point other than a chart says what it expects in its own
    words, and may ask for whole counts). ``doubled_months``: where given, the months with two
    dates in one series are added to it instead of warned about, for a caller that prepares
    its data in parts to warn once (:func:`warn_doubled_months`). ``check_x``: give the
    warnings of :func:`warn_x_values` (False for a caller that gives them once itself).
    """
    data = check_frame(as_pandas(data))
    by_list = column_labels(data, by, "by")
    check_column(data, y, "y")
    if x is not None:
        check_column(data, x, "x")
    if n is not None:
        check_column(data, n, "n")
    for arg, col in extra_columns.values():
        check_column(data, col, arg)
    roles = {"y": y, "x": x, "n": n}
    for b in by_list:
        for role, col in roles.items():
            if col is not None and _same_label(col, b):
                raise ArgumentError(f"by={fmt(b)}: column {fmt(b)} is also given as {role}.")
    agg = choose(agg, "agg", AGG_FUNCTIONS)
    x_name = x if x is not None else "x"
    if x is None and any(_same_label(b, "x") for b in by_list):
        raise ArgumentError("by='x': without an x column the positions are named 'x'; pass x=.")

    if chart.n == "required" and n is None:
        raise ArgumentError(f"n=None: a {chart.name!r} chart needs a denominator column (n=...).")
    if chart.n == "none" and n is not None:
        raise ArgumentError(
            f"n={fmt(n)}: a {chart.name!r} chart takes no denominator ({chart.no_n_hint})."
        )
    yv = _numeric(data, y, "y", by_list, x, durations=chart.positive)
    nv = None if n is None else _numeric(data, n, "n", by_list, x)
    read = yv, nv
    yv, nv = _check_values(data, yv, nv, (y, n), by_list, x, chart, context, whole)

    codes = _series_codes(data, by_list, x)
    if x is not None:
        xkey, dots_only, conv = _x_keys(data, x, by_list)
        utc_midnights = check_x and warn_x_values(data, x, xkey, conv)
    else:
        utc_midnights = False
        dots_only = False
        conv = _XConverter(None, "x")
        # positions 1..N within each series, in row order
        order = np.argsort(codes, kind="stable")
        counts = np.bincount(codes)
        pos = np.empty(len(codes), dtype=float)
        pos[order] = K.position_in_segment(
            np.concatenate(([0], np.cumsum(counts)[:-1])), len(codes)
        )
        xkey = pos + 1.0

    # sort by (series, x), stably; skip the sort when the data already are in order
    same_x = np.zeros(len(codes), dtype=bool)  # the row before is of the same series and x
    # in order: series numbers never fall, and x falls only where a new series starts
    in_order = len(codes) < 2 or bool(np.all(codes[1:] >= codes[:-1]))
    if in_order and len(codes) > 1:
        back = np.flatnonzero(xkey[1:] < xkey[:-1])  # few: about one per series
        in_order = bool(np.all(codes[back + 1] != codes[back]))
    if in_order:  # no copies: the sorted arrays are the arrays (and no order is made)
        order = None
        codes_s, xkey_s, yv_s, nv_s = codes, xkey, yv, nv
    else:
        order = np.lexsort((xkey, codes))
        codes_s, xkey_s, yv_s = codes[order], xkey[order], yv[order]
        nv_s = None if nv is None else nv[order]
    if in_order and len(codes) > 1:  # in order: rows of equal x are next to each other
        tie = np.flatnonzero(xkey[1:] == xkey[:-1])
        same_x[tie[codes[tie + 1] == codes[tie]] + 1] = True
    elif not in_order:
        same_x[1:] = (codes_s[1:] == codes_s[:-1]) & (xkey_s[1:] == xkey_s[:-1])
    dup = same_x if chart.aggregate else np.zeros(len(codes_s), dtype=bool)
    has_dup = bool(dup.any())
    summed = nv is not None or chart.value == "sum" or agg == "sum"
    if order is None and (has_dup or extra_columns or same_x.any()):  # needed after all
        order = np.arange(len(codes))
    # (not after the warning of local midnights stored in UTC, which explains them)
    if x is not None and conv.kind() == "datetime" and chart.aggregate and not utc_midnights:
        doubled = _two_in_a_month(data, order, same_x, codes_s, xkey_s, by_list, x)
        if doubled_months is None:
            warn_doubled_months([doubled] if doubled else [], x)
        elif doubled:
            doubled_months.append(doubled)
    if x is not None and same_x.any() and not chart.subgroups:  # equal observations are real
        fate = (
            "are separate events, so a copied row is an extra event"
            if not chart.aggregate
            else "are summed, so a copied row counts twice"
            if summed
            else f"are combined (agg={fmt(agg)}), so a copied row weighs twice"
        )
        copied = _check_duplicates(data, order, same_x, by_list, x, fate)
        if chart.aggregate and not summed and chart.value == "agg" and agg == "mean":
            _warn_combined(data, order, same_x, by_list, x, chart, agg)
        elif chart.aggregate and summed and not copied:
            _warn_resubmitted(
                data,
                order,
                same_x,
                codes_s,
                xkey_s,
                by_list,
                x,
                y,
                n,
                n is None and chart.value == "agg",
            )
    if has_dup:
        starts_sorted = np.flatnonzero(~dup)  # first sorted row of each point
        point_of_row = np.cumsum(~dup) - 1  # point number of each sorted row
        first_rows = order[starts_sorted]  # original row of each point's first row
    else:  # one row per point (positions made only when a column below needs them)
        starts_sorted = point_of_row = None
        first_rows = order
    n_pts = len(codes) if starts_sorted is None else starts_sorted.size

    rows = K.Layout(point_of_row, starts_sorted) if has_dup else None
    y_out, n_out, value, stats = _aggregate(yv_s, nv_s, rows, has_dup, chart, agg)

    columns: dict[str, np.ndarray] = {}
    for key, (arg, col) in extra_columns.items():
        s = data[col]
        if key == "exclude":
            zero_one = pd.api.types.is_numeric_dtype(s.dtype) and bool(s.isin((0, 1)).all())
            if not (pd.api.types.is_bool_dtype(s.dtype) or zero_one) or s.isna().any():
                raise not_flags_error(col, s.dtype, first_not_flag(data, col, by_list, x))
            flags = s.to_numpy(dtype=bool)[order]
            columns[key] = (
                np.bincount(point_of_row, weights=flags, minlength=n_pts) > 0 if has_dup else flags
            )
        elif key in ("cl", "target"):
            _labels_per_point(data, col, arg, order, dup, first_rows, by_list, x)
            columns[key] = _numeric(data, col, arg, by_list, x)[first_rows]
        else:
            columns[key] = _labels_per_point(data, col, arg, order, dup, first_rows, by_list, x)

    series = codes_s[starts_sorted] if has_dup else codes_s
    xkey_p = xkey_s[starts_sorted] if has_dup else xkey_s
    series_starts = np.flatnonzero(np.concatenate(([True], series[1:] != series[:-1])))
    if chart.constant_n and n_out is not None:
        # a closed period (n = 0) is a gap, as on P and U charts: not a different denominator
        with np.errstate(invalid="ignore"):
            open_n = np.where(n_out > 0, n_out, np.nan)
        lo, hi = K.seg_min_max(open_n, K.Layout(series, series_starts))
        varies = np.flatnonzero(lo != hi)
        if varies.size:
            sr = int(varies[0])
            first = int(series_starts[sr] if first_rows is None else first_rows[series_starts[sr]])
            where = ", ".join(f"{label(b)}={fmt(data[b].iloc[first])}" for b in by_list)
            raise DataError(
                f"n={fmt(n)}: a {chart.name!r} chart needs the same denominator at every "
                f"point, but {'the series ' + where if by_list else 'the series'} has "
                f"n from {lo[sr]:g} to {hi[sr]:g}; use a 'p' chart for varying n."
            )
    picked = None if in_order and not has_dup else first_rows
    key_cols: dict[Hashable, Any] = {b: _take(data[b], picked) for b in by_list}
    if x is not None:
        key_cols[x_name] = _points_x(_take(data[x], picked), conv.kind())
    else:
        key_cols[x_name] = xkey_p.astype(np.int64)
    whole_y = _is_integer_column(data[y]) and (summed or not chart.aggregate)
    whole_n = n is not None and _is_integer_column(data[n])
    sources: dict[str, pd.Series] = {}
    if picked is None and copy_on_write():  # the user's column itself when it is the output
        for which, col, arr, given, out, integer in (
            ("y", y, yv, read[0], y_out, whole_y),
            ("n", n, nv, read[1], n_out, whole_n),
        ):
            # (not when _check_values made near-whole counts whole: the column is not the output)
            same = arr is given and out is arr
            if same and col is not None and data[col].dtype == (int if integer else float):
                sources[which] = data[col].reset_index(drop=True)
    prepared = Prepared(
        keys=frame_from_columns(key_cols),
        by=by_list,
        x_name=x_name,
        x_given=x is not None,
        xkey=xkey_p,
        dots_only=dots_only,
        series=series,
        series_starts=series_starts,
        y_kept=y_out,  # until release(): the chart reads them without converting again
        n_kept=n_out,
        value=value,
        stats_kept=stats,
        columns=columns,
        x_converter=conv,
        whole=(whole_y, whole_n),
        sources=sources,
    )
    if context is None and n_out is not None:
        _warn_events_without_exposure(prepared, y, n, chart.proportion)
    if chart.proportion and n_out is not None:
        _warn_percent_numerator(prepared, y, n)
    return prepared


def _warn_percent_numerator(p: Prepared, y: Hashable, n: Hashable) -> None:
    """A :class:`~qistats.DenominatorWarning` when ``y`` looks like a percentage of ``n``
    rather than a count of it ("% seen within 4 hours", 95, beside 5,000 attendances).

    The points with n > 0 (5 or more) must have every y at most 100, a median y of 50 or more
    and a median y/n of at most 5 %; and a series of 20 points or more must vary far less than
    counts do: a variance below a fifth of its mean, where a count of cases out of n varies
    about as much as its mean (less only by its proportion, here under 5 %: 20 binomial
    counts fall that low about once in 100,000). Rare-event proportions (2 of 5,000) have
    small y and never meet the first conditions; ``tests/test_data_warnings.py`` measures the
    false-warning rate on counts of 50 to 100."""
    yv, nv = p.y_kept, p.n_kept
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(yv) & (nv > 0)
    if np.count_nonzero(ok) < 5:
        return
    ys, ns, series = yv[ok], nv[ok], p.series[ok]
    share = ys / ns
    if ys.max() > 100 or np.median(ys) < 50 or np.median(share) > 0.05:
        return
    k = np.bincount(series)
    mean = np.bincount(series, weights=ys) / np.maximum(k, 1)
    square = np.bincount(series, weights=ys * ys)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (square - k * mean**2) / (k - 1)
        steady = np.flatnonzero((k >= 20) & (var < 0.2 * mean))
    if not steady.size:
        return
    s = int(steady[0])
    i = int(np.flatnonzero(ok)[np.flatnonzero(series == s)[0]])
    warn(
        f"y={fmt(y)}: every y is at most 100 (median {np.median(ys):g}) while y/n is tiny "
        f"(median {100 * np.median(share):.2g} %, n median {np.median(ns):,.0f}), and "
        f"{p.describe_series(s)} varies far less than counts of cases do (variance "
        f"{var[s]:.2g} beside a mean of {mean[s]:.3g}): is {fmt(y)} a percentage of {fmt(n)}, "
        f"not a count of it (the point {p.describe_point(i)} has y {yv[i]:g} of n "
        f"{nv[i]:,.0f})? A proportion needs y as the count of cases, e.g. "
        f"(df[{fmt(y)}] / 100 * df[{fmt(n)}]).round().",
        DenominatorWarning,
    )


def _warn_events_without_exposure(p: Prepared, y: Hashable, n: Hashable, proportion: bool) -> None:
    """A :class:`~qistats.NoDataWarning` for the points with events over zero exposure (3
    restraints in a month of 0 bed days: the bed days not yet loaded; a proportion's y > n is
    refused) and for those with events and a missing ``n`` (the same late load), each a gap
    whose events leave the centre line. A closed period (0 events over 0) is a gap without a
    word, and so is a missing ``n`` in a series that lacks it in most of its points (the
    DenominatorWarning names those) or in all (the NoDataWarning of a series without data)."""
    yv, nv = p.y_kept, p.n_kept
    if not nv.size or (np.fmin.reduce(nv) > 0 and not np.isnan(np.add.reduce(nv))):
        return  # every n is above 0 (its sum is NaN when one is missing): no such point
    with np.errstate(invalid="ignore"):
        events = np.isfinite(yv) & (yv > 0)
    missing = np.isnan(nv) & np.isfinite(yv)
    k = p.series_starts.size
    with_n = np.bincount(p.series, weights=np.isfinite(yv) & ~np.isnan(nv), minlength=k)
    without = np.bincount(p.series, weights=missing, minlength=k)
    few = (with_n > 0) & (without <= with_n)  # a few late denominators, not a lost column
    for lost, counted, over in (
        (np.flatnonzero(~proportion & events & (nv == 0)), "over zero exposure", "over exposure 0"),
        (np.flatnonzero(events & missing & few[p.series]), f"and no {fmt(n)}", f"and no {fmt(n)}"),
    ):
        if not lost.size:
            continue
        i = int(lost[0])
        point = f"the point {p.describe_point(i)} has {yv[i]:g} events ({fmt(y)})"
        if lost.size > 1:
            point = f"{lost.size} points have events {counted}; the first, {point}"
        warn(
            f"n={fmt(n)}: {point} {over}: a gap, whose events are left out of the centre "
            f"line. Expected {fmt(n)} > 0 where there are events (a closed period has 0 of "
            f"both): is {fmt(n)} not yet loaded there?",
            NoDataWarning,
        )


def _same_label(a: Hashable, b: Hashable) -> bool:
    """Whether two column labels are the same (``0`` and ``False`` are not)."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b
