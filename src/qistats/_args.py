"""Scalar arguments in, values out in messages: the one place for both.

Every argument that is not a column of data (a chart name, a number such as ``multiply=``, a
count such as ``freeze=12``, a flag, a date such as ``deadline=``) is checked here, so that every
entry point applies the same rules and words its errors the same way:

* :func:`choose`: names of charts, rule sets, styles and directions are case-insensitive.
* :func:`number_arg`: numbers are finite and no larger than 1e100 in size; booleans are refused.
* :func:`parse_date`: text dates are ISO 8601 only (``"2021-10-01"``); other text is refused,
  and a day/month text date shows both of its readings.

:func:`fmt` is how a value reads in any message (dates as 2024-03-01, text quoted, no numpy
reprs).

:func:`as_list` reads a scalar or list-like argument as a list; :func:`is_label` tells whether
an argument names a column of the data.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from .errors import ArgumentError

MAX_ABS_VALUE = 1e100  # larger magnitudes overflow sums of squares; no real measure is near
DATE_MIN = pd.Timestamp("1677-09-22")  # whole days inside pandas' nanosecond range
DATE_MAX = pd.Timestamp("2262-04-11")
DATE_RANGE = "between 1677-09-22 and 2262-04-11 (the dates pandas holds to the nanosecond)"


# ------------------------------------------------------------------------ formatting


_SHOWN = 10  # the most elements of a list a message shows in full


def fmt(v: Any) -> str:
    """A value as it reads in a message: dates as 2024-03-01, text quoted, numbers plain.

    No numpy reprs (``np.int64(2)`` reads ``2``), tuples and lists element by element.
    """
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**21:
        return f"{Decimal(v):.3e}"  # 10**400 reads 1.000e+400, not 401 digits
    if isinstance(v, tuple):
        return "(" + ", ".join(fmt(e) for e in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, (list, np.ndarray, pd.Index, pd.Series)):
        if len(v) <= _SHOWN:  # a long list (one value per row, say) shows its ends
            return "[" + ", ".join(fmt(e) for e in list(v)) + "]"
        head = ", ".join(fmt(e) for e in list(v[:3]))
        return f"[{head}, …, {fmt(next(iter(v[-1:])))}] ({len(v)} values)"
    if isinstance(v, _dt.datetime):
        v = pd.Timestamp(v)
    if isinstance(v, pd.Timestamp):  # a midnight (on its own clock) reads as its date
        wall = v.tz_localize(None)
        return v.strftime("%Y-%m-%d") if wall == wall.normalize() else str(v)
    return repr(v) if isinstance(v, str) else str(v)


def label(name: Hashable) -> str:
    """A column label as it reads in a message: ``ward``, ``0``, ``('a', 'b')``."""
    return name if isinstance(name, str) else fmt(name)


def row_keys(table: pd.DataFrame, columns: Sequence[Hashable], i: int) -> str:
    """Row ``i`` (a position) of ``table`` by its values of ``columns``, as a message names a
    series: ``measure='falls', ward='Ash'``."""
    return ", ".join(f"{label(c)}={fmt(table[c].iloc[i])}" for c in columns)


def plural(k: int, noun: str) -> str:
    """``1 point``, ``2 points``."""
    return f"{k} {noun}" if k == 1 else f"{k} {noun}s"


def some_of(k: int, n: int, noun: str) -> str:
    """``1 of 4 phases has``, ``2 of 4 phases have``, ``1 of 1 phase has``; ``series`` is its
    own plural (``1 of 1 series has``, ``2 of 4 series have``)."""
    nouns = f"{n} {noun}" if noun == "series" else plural(n, noun)
    return f"{k} of {nouns} {'has' if k == 1 else 'have'}"


# ------------------------------------------------------------------------ names


def name_key(value: Any) -> Any:
    """A name as qistats compares names: text without the spaces around it, in lower case
    (``"Decrease "`` is ``"decrease"``, as a spreadsheet cell keeps a trailing space); any
    other value as it is."""
    return value.strip().lower() if isinstance(value, str) else value


def choose(value: Any, arg: str, options: Iterable[str], *, none: bool = False) -> str | None:
    """The option ``value`` names, ignoring case and the spaces around it (``"MDC"`` and
    ``" mdc"`` are ``"mdc"``); None if allowed.

    Every name qistats takes (charts, rule sets, styles, directions, kinds, agg) goes through
    here, so they all follow one rule.
    """
    opts = tuple(options)
    if value is None and none:
        return None
    if isinstance(value, str) and name_key(value) in opts:
        return name_key(value)
    listed = ", ".join(map(repr, opts)) + (" or None" if none else "")
    raise ArgumentError(f"{arg}={fmt(value)}: expected one of {listed} (any case).")


# ------------------------------------------------------------------------ arguments


def number_arg(value: Any, arg: str, expected: str) -> float:
    """A user's number as a float; huge ints (10**400), non-numbers and booleans are refused.

    Every numeric argument of every function (sigma, multiply, cl, target, limit, ...) goes
    through here, so they all follow one rule: finite and no larger than 1e100 in size.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise ArgumentError(f"{arg}={fmt(value)}: expected {expected}.")
    if isinstance(value, (complex, np.complexfloating)):
        raise ArgumentError(f"{arg}={fmt(value)}: expected {expected}, not a complex number.")
    try:
        out = float(value)
    except OverflowError:
        out = math.inf
    if not math.isfinite(out) or abs(out) > MAX_ABS_VALUE:
        raise ArgumentError(f"{arg}={fmt(value)}: expected {expected} (finite, below 1e100).")
    return out


def positive_arg(value: Any, arg: str) -> float:
    """A user's positive number (sigma, multiply) as a float."""
    out = number_arg(value, arg, "a positive number")
    if out <= 0:
        raise ArgumentError(f"{arg}={fmt(value)}: expected a positive number.")
    return out


def count_arg(value: Any, arg: str, minimum: int, expected: str) -> int:
    """A user's whole number >= ``minimum`` (min_points, min_length) as an int.

    ``12.0`` is 12 (as Excel gives it); booleans, text, fractions and NaN are refused.
    """
    whole = isinstance(value, (int, np.integer)) or (
        isinstance(value, (float, np.floating)) and math.isfinite(value) and value == int(value)
    )
    if isinstance(value, (bool, np.bool_)) or not whole or value < minimum:
        raise ArgumentError(f"{arg}={fmt(value)}: expected {expected}.")
    return int(value)


def flag_arg(value: Any, arg: str) -> bool:
    """A user's True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentError(f"{arg}={fmt(value)}: expected True or False.")
    return bool(value)


# ------------------------------------------------------------------------ dates

ISO_DATE = re.compile(
    r"\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?"
)
NUMERIC_DATE = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")


def date_readings(text: str) -> list[_dt.date]:
    """The calendar dates a text such as ``01/10/2021`` could mean (day or month first)."""
    m = NUMERIC_DATE.fullmatch(text)
    if not m:
        return []
    a, b, c = (int(g) for g in m.groups())
    if len(m.group(1)) == 4:
        candidates = [(a, b, c), (a, c, b)]  # year first: y/m/d or y/d/m
    elif len(m.group(3)) == 4:
        candidates = [(c, b, a), (c, a, b)]  # day first (UK), month first (US)
    else:
        return []
    out: list[_dt.date] = []
    for y, mo, d in candidates:
        try:
            day = _dt.date(y, mo, d)
        except ValueError:
            continue
        if day not in out:
            out.append(day)
    return out


def _named_month(text: str) -> str:
    """A date written with its month's name, as spreadsheets and the data's own x column
    write them ('Apr-20', 'April 2020', '01-Apr-20'), in words with its ISO form: "April 2020
    ('2020-04-01')", "1 April 2020 ('2020-04-01')"; "" when no such form reads it
    (``baseline=('Apr-20', 'Mar-21')`` beside an x column of 'Apr-20' was told only that it
    "is not in that form")."""
    from ._xaxis import _NAMED_MONTHS  # (the forms the x column's advice reads)

    if not re.search(r"[A-Za-z]{3}", text):
        return ""
    for form in _NAMED_MONTHS:
        read = pd.to_datetime(text, format=form, errors="coerce")
        if pd.notna(read) and 1900 <= read.year <= 2100:
            said = f"{read:%B %Y}" if "%d" not in form else f"{read.day} {read:%B %Y}"
            return f"{said} ({read.date().isoformat()!r})"
    return ""


#: A quarter written as text ('2021Q4', '2021-Q4', 'Q4 2021') and an ISO week ('2023-W10',
#: '2023W10', with its weekday '2023-W10-1'): forms that name a period, not a date.
QUARTER_TEXT = re.compile(r"(\d{4})[-\s]?Q([1-4])|Q([1-4])[-\s]?(\d{4})", re.IGNORECASE)
WEEK_TEXT = re.compile(r"(\d{4})-?W(\d{2})(?:-?([1-7]))?", re.IGNORECASE)


def _period_text(text: str) -> str:
    """Why a quarter or an ISO week written as text is no date, with the dates to write
    instead; "" for other text.

    >>> _period_text("2021Q4")[:61]
    'it is a quarter (October to December 2021), not a date: write'
    >>> _period_text("2023-W10")[:70]
    'it is an ISO week (Monday 6 March 2023 to Sunday 12 March 2023), not a'
    """
    if m := QUARTER_TEXT.fullmatch(text):
        year, q = (
            (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        )
        start = pd.Timestamp(year, 3 * q - 2, 1)
        end = start + pd.offsets.QuarterEnd(0)
        return (
            f"it is a quarter ({start:%B} to {end:%B %Y}), not a date: write its first day "
            f"{start.date().isoformat()!r} or its last month '{end:%Y-%m}', or pass "
            f"pd.Period({f'{year}Q{q}'!r}, freq='Q') for the whole quarter"
        )
    if m := WEEK_TEXT.fullmatch(text):
        year, week = int(m.group(1)), int(m.group(2))
        try:
            monday = pd.Timestamp(_dt.date.fromisocalendar(year, week, 1))
        except ValueError:
            return f"it names week {week} of {year}, which ISO 8601 weeks do not have"
        if m.group(3):  # a weekday too: one date
            day = monday + pd.Timedelta(days=int(m.group(3)) - 1)
            said = f"{day:%A} {day.day} {day:%B %Y}"
            return f"it is an ISO week date ({said}): write {day.date().isoformat()!r}"
        sunday = monday + pd.Timedelta(days=6)
        return (
            f"it is an ISO week (Monday {monday.day} {monday:%B %Y} to Sunday {sunday.day} "
            f"{sunday:%B %Y}), not a date: write its Monday {monday.date().isoformat()!r} "
            f"(or the date of your data's x in that week)"
        )
    return ""


def _text_date(text: str, arg: str) -> pd.Timestamp:
    s = text.strip()
    if ISO_DATE.fullmatch(s):
        try:
            return pd.Timestamp(s)
        except (ValueError, OverflowError) as err:
            raise ArgumentError(f"{arg}={fmt(text)}: not a calendar date.") from err
    readings = date_readings(s)
    long = [f"{d.day} {d:%B %Y} ({d.isoformat()!r})" for d in readings]
    if len(readings) == 2:
        why = f"it could be {long[0]} or {long[1]}"
    elif readings:
        why = f"it reads as {long[0]}"
    elif named := _named_month(s):
        why = f"as a spreadsheet writes a month, it reads as {named}"
        if not named[0].isdigit():  # 'Jun 2023' names June: '2023-06' is all of it
            month = re.search(r"'(\d{4}-\d{2})-01'", named)
            why += f", and {month.group(1)!r} names the whole month" if month else ""
    elif s.isdigit() and arg.startswith("freeze"):  # '12' from a settings file: a count
        why = f"it is a number written as text: for the first {int(s)} points give freeze={int(s)}"
    elif period := _period_text(s):
        why = period
    else:
        why = "it is not in that form"
    raise ArgumentError(
        f"{arg}={fmt(text)}: text dates must be ISO 8601 (YYYY-MM-DD, e.g. '2021-10-01'), which "
        f"has one reading; {why}. Write the date as YYYY-MM-DD (a month as YYYY-MM) or pass a "
        "pd.Timestamp."
    )


def local_instants(wall: pd.DatetimeIndex, tz: Any) -> pd.DatetimeIndex:
    """Naive wall-clock times as instants in the time zone ``tz``, never NaT for a time the
    clocks pass twice or skip (a DST change at midnight, as in America/Havana or
    America/Sao_Paulo).

    A time the clocks pass twice (put back) is its first instant, the earlier; a time they
    skip (put forward) is the instant they jump to. A midnight is so the start of its day:
    Havana's 1 November 2020 began at 00:00 −04:00 (its clocks went back from 01:00 to
    00:00 −05:00), and São Paulo's 4 November 2018 at 01:00 −02:00 (there was no midnight).

    Examples
    --------
    >>> local_instants(pd.DatetimeIndex(["2020-11-01"]), "America/Havana")[0]
    Timestamp('2020-11-01 00:00:00-0400', tz='America/Havana')
    >>> local_instants(pd.DatetimeIndex(["2018-11-04"]), "America/Sao_Paulo")[0]
    Timestamp('2018-11-04 01:00:00-0200', tz='America/Sao_Paulo')
    """
    both = [
        wall.tz_localize(tz, ambiguous=np.full(len(wall), dst), nonexistent="shift_forward")
        for dst in (True, False)
    ]
    # which reading is the earlier depends on the zone (Dublin's winter time is its "DST")
    return both[0].where(~(both[1] < both[0]), both[1])


#: Whole numbers read as Excel serial dates where a date or a count of points on an x of dates
#: is expected: 20,000 to
#: 80,000 days after 1899-12-30 (1954-10-03 to 2119-01-10). A count of baseline points that
#: large is rare; a date cell of a spreadsheet read as a number is not.
SERIAL_DAYS = (20_000, 80_000)

#: Day 0 of Excel's serial dates (its 1900 date system, with the 29 Feb 1900 it counts).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def serial_date(value: Any) -> pd.Timestamp | None:
    """The date that ``value`` is as an Excel serial date, if it is a whole number from
    :data:`SERIAL_DAYS`, else None: a date cell of a spreadsheet read as a number.

    >>> serial_date(44986.0), serial_date(40), serial_date("44986"), serial_date(10**400)
    (Timestamp('2023-03-01 00:00:00'), None, None, None)
    """
    if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(
        value, (bool, np.bool_)
    ):
        return None
    try:
        v = float(value)
    except OverflowError:  # 10**400
        return None
    if not (math.isfinite(v) and v.is_integer() and SERIAL_DAYS[0] <= v <= SERIAL_DAYS[1]):
        return None
    return EXCEL_EPOCH + pd.Timedelta(days=int(v))


def parse_date(value: Any, arg: str) -> pd.Timestamp:
    """One date given by the user (an argument, not data) as a Timestamp.

    Accepted: ISO 8601 text (``"2021-10-01"``, ``"2021-10"``, ``"2021-10-01 08:30"``),
    ``pd.Timestamp``, ``datetime.date``/``datetime``, ``np.datetime64`` and ``pd.Period`` (its
    start). Other text is refused, and text such as ``"01/10/2021"`` shows both readings. Dates
    outside 1677-09-22 .. 2262-04-11 are refused.
    """
    if isinstance(value, pd.Period):
        ts = value.start_time
    elif isinstance(value, str):
        ts = _text_date(value, arg)
    elif isinstance(value, (pd.Timestamp, _dt.date, np.datetime64)):
        try:
            ts = pd.Timestamp(value)
        except (ValueError, OverflowError) as err:
            raise ArgumentError(f"{arg}={fmt(value)}: dates must lie {DATE_RANGE}.") from err
    else:
        raise ArgumentError(
            f"{arg}={fmt(value)}: expected a date (ISO 8601 text such as '2021-10-01', a "
            "pd.Timestamp, a datetime.date or a pd.Period)." + _serial_advice(value, arg)
        )
    if pd.isna(ts):
        raise ArgumentError(f"{arg}={fmt(value)}: expected a date, got a missing value.")
    naive = ts.tz_convert(None) if ts.tz is not None else ts
    if not DATE_MIN <= naive <= DATE_MAX + pd.Timedelta(days=1):
        raise ArgumentError(f"{arg}={fmt(value)}: dates must lie {DATE_RANGE}.")
    return ts


#: Text that names a whole month, not a day: ``'2023-06'`` (ISO 8601 year and month).
MONTH_TEXT = re.compile(r"\s*(\d{4})-(\d{2})\s*")


def period_end(value: Any) -> pd.Timestamp | None:
    """The start of the period after the one ``value`` names when it names a whole period
    rather than a day, else None: text of a month (``'2023-06'``, as ISO 8601 writes one) or
    a ``pd.Period`` (of any frequency). ``parse_date`` reads such a value as the period's
    first day; where an argument means "up to and including" (``freeze``) or "every point
    in" (``exclude``), the whole period is meant, so that ``freeze='2023-06'`` keeps June's
    point in the baseline on x dated at month ends (2023-06-30), as on month starts.

    >>> period_end("2023-06"), period_end("2023-06-30")
    (Timestamp('2023-07-01 00:00:00'), None)
    >>> period_end(pd.Period("2023Q2", freq="Q"))
    Timestamp('2023-07-01 00:00:00')
    """
    if isinstance(value, pd.Period):
        return (value + 1).start_time
    if isinstance(value, str) and MONTH_TEXT.fullmatch(value):
        try:
            return pd.Timestamp(value.strip()) + pd.DateOffset(months=1)
        except (ValueError, OverflowError):
            return None
    return None


def _serial_advice(value: Any, arg: str) -> str:
    """For a number given where a date is expected: the date it is as an Excel serial date
    (see :func:`serial_date`), or ""."""
    when = serial_date(value)
    if when is None:
        return ""
    return (
        f" Did you mean {when:%Y-%m-%d} (Excel serial date {float(value):.0f})? Then write "
        f"{arg}='{when:%Y-%m-%d}'."
    )


def is_label(data: pd.DataFrame, value: Any) -> bool:
    """Whether ``value`` is a column label of ``data`` (False for unhashable values)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Hashable):
        return False
    try:
        return value in data.columns
    except (TypeError, ValueError):
        return False


def foreign_values(value: Any) -> Any:
    """A polars Series or a pyarrow array as a numpy array (the same values, by position), so
    that it is read as a list or a numpy array would be; any other value as it is."""
    if (
        type(value).__module__.split(".")[0] in ("pyarrow", "polars")
        and not hasattr(value, "schema")  # a table or a frame: not a sequence of values
        and not hasattr(value, "columns")
        and any(hasattr(value, method) for method in ("to_pylist", "to_list"))
    ):
        return np.asarray(as_list(value))
    return value


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
