"""Column labels as words, for titles, axis labels and sentences."""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pandas as pd


def readable(label: Any) -> str:
    """A column label as words: ``bed_days`` -> ``bed days``, ``2`` -> ``column 2``.

    >>> readable("bed_days"), readable(2)
    ('bed days', 'column 2')
    """
    return label.replace("_", " ") if isinstance(label, str) else f"column {label}"


#: Column names that say nothing of what is counted: "value per 1,000 n" reads as "rate per
#: 1,000".
GENERIC_NAMES = frozenset(
    {"value", "values", "y", "n", "count", "counts", "numerator", "denominator", "num", "den"}
    | {"denom", "total", "totals"}
)


def generic(label: Any) -> bool:
    """Whether a column label carries no meaning of its own ("value", "n", "count", …).

    >>> generic("value"), generic("N"), generic("bed_days"), generic(2)
    (True, True, False, False)
    """
    return isinstance(label, str) and readable(label).strip().lower() in GENERIC_NAMES


def rate_words(y: Any, n: Any, multiply: float) -> str:
    """A rate in words: ``restraints per 1,000 bed days``; a generic name (see
    :func:`generic`) is left out: ``rate per 1,000`` for "value" per 1,000 "n".

    >>> rate_words("restraints", "bed_days", 1000), rate_words("value", "n", 1000)
    ('restraints per 1,000 bed days', 'rate per 1,000')
    >>> rate_words("falls", "n", 1000), rate_words("value", "bed_days", 1)
    ('falls per 1,000', 'rate per bed days')
    """
    m = float(multiply)
    per = f"per {m:,.0f}" if m != 1 else "per"
    what = "rate" if generic(y) else readable(y)
    if not generic(n):
        return f"{what} {per} {readable(n)}"
    if m != 1:
        return f"{what} {per}"
    return what if generic(y) else f"{what} rate"


def share_words(y: Any, n: Any, noun: str) -> str:
    """y out of n in words: ``felt safe / asked``; with generic names (see :func:`generic`)
    the ``noun``: ``proportion`` for "value" / "n", ``proportion of patients``.

    >>> share_words("felt_safe", "asked", "proportion"), share_words("y", "n", "proportion")
    ('felt safe / asked', 'proportion')
    >>> share_words("value", "patients", "proportion"), share_words("harm_free", "n", "proportion")
    ('proportion of patients', 'harm free')
    """
    if generic(y) and generic(n):
        return noun
    if generic(y):
        return f"{noun} of {readable(n)}"
    if generic(n):
        return readable(y)
    return f"{readable(y)} / {readable(n)}"


def funnel_words(kind: str, y: Any, n: Any, multiply: float) -> str:
    """What a funnel's units' values are, for its title: ``restraints per 1,000 bed days``,
    ``harm free / patients (%)``, ``deaths / expected (standardised ratio)``; with generic
    column names ``rate per 1,000``, ``proportion (%)``, ``standardised ratio``.

    >>> funnel_words("rate", "value", "n", 1000), funnel_words("pr", "y", "n", 100)
    ('rate per 1,000', 'proportion (%)')
    """
    if kind == "rate":
        return rate_words(y, n, multiply)
    if kind == "pr":
        return share_words(y, n, "proportion") + (" (%)" if float(multiply) == 100 else "")
    if kind == "sr":
        if generic(y) or generic(n):
            return "standardised ratio"
        return f"{readable(y)} / {readable(n)} (standardised ratio)"
    return share_words(y, n, "ratio")


def article(spoken: str) -> str:
    """The article, "a" or "an", for the text ``spoken`` as read aloud: a number by its
    leading digits ("an 8%", "an 11%", "an 18%", "an 80%", "a 50%", "a 1,100"), a word by its
    first letter.

    >>> said = ("8%", "11%", "18%", "83%", "50%", "1%", "11,000", "increase")
    >>> [f"{article(s)} {s}" for s in said]
    ['an 8%', 'an 11%', 'an 18%', 'an 83%', 'a 50%', 'a 1%', 'an 11,000', 'an increase']
    """
    digits = ""
    for ch in spoken.lstrip("-+"):
        if ch.isdigit():
            digits += ch
        elif ch != ",":
            break
    if not digits:
        return "an" if spoken[:1].lower() in "aeiou" and spoken[:1] else "a"
    digits = digits.lstrip("0") or "0"
    # eight, eighty, eight hundred, eight thousand …; eleven and eighteen (thousand, million …)
    # when they lead a group of three digits
    if digits[0] == "8":
        return "an"
    return "an" if len(digits) % 3 == 2 and digits[:2] in ("11", "18") else "a"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_kind(freq: Any) -> str | None:
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
    kind = period_kind(p.freq)
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


def x_words(value: Any) -> str:
    """An x value as text: a date as "Mar 2024", a Period by its name (:func:`period_name`:
    "Jan–Mar 2024"), a number plain ("2023", "7.5"), a missing value as "–", anything else (a
    category's label) as itself. The one way qistats writes an x in words (titles, reasons).

    >>> x_words(pd.Timestamp("2024-03-31")), x_words(pd.Period("2024Q1", freq="Q")), x_words(7.5)
    ('Mar 2024', 'Jan–Mar 2024', '7.5')
    """
    if isinstance(value, bool):
        return str(value)
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, (int, float, np.number)):
        return f"{value:g}"
    if isinstance(value, pd.Period):
        return period_name(value)
    if isinstance(value, (pd.Timestamp, np.datetime64, datetime.date)):
        return pd.Timestamp(value).strftime("%b %Y")
    return str(value)


def xs_words(values: Any, months: int = 0, step: str = "month") -> np.ndarray:
    """x values as text, each as :func:`x_words` writes it (each distinct value once, missing
    as "–"), an object array for elementwise concatenation; the labels of categories as they
    are. Dates are moved by ``months`` calendar months first (to the first or last month a
    quarter holds: :func:`qistats.ambition.window.cover`); dates of weeks or days (``step``
    "week" or "day", as for :func:`span_words`) by their day, never their month.

    >>> xs_words(pd.to_datetime(["2023-04-01", None, "2023-04-01"])).tolist()
    ['Apr 2023', '–', 'Apr 2023']
    >>> xs_words(pd.to_datetime(["2024-01-01"]), step="week").tolist()
    ['week of 1 Jan 2024']
    """
    s = _shift(values, months)
    codes, uniques = pd.factorize(s)
    if isinstance(s.dtype, pd.CategoricalDtype):  # the labels (financial years, say)
        text = [str(u) for u in uniques]
    elif step == "year" and pd.api.types.is_datetime64_any_dtype(s):
        text = [year_words(t) for t in uniques]
    elif step in ("week", "day") and pd.api.types.is_datetime64_any_dtype(s):
        text = [span_words(t, t, step=step) for t in uniques]
    else:
        text = [x_words(u) for u in uniques]
    return np.array([*text, "–"], dtype=object)[codes]


def year_words(t: Any) -> str:
    """The date of a year of yearly data as the year it stands for: a calendar year, "2024",
    when the year it starts (dated in the first half of a month) or ends (in the second half)
    is January to December, else a financial year, "2023/24" (April to March), as
    :func:`period_name` names yearly Periods; missing as "–".

    >>> [year_words(pd.Timestamp(d)) for d in ("2024-01-01", "2024-12-31", "2023-04-01")]
    ['2024', '2024', '2023/24']
    >>> year_words(pd.Timestamp("2024-03-31")), year_words(pd.NaT)
    ('2023/24', '–')
    """
    if t is None or t is pd.NaT or (isinstance(t, float) and t != t):
        return "–"
    t = pd.Timestamp(t)
    # the year's first month: its own when dated in the first half of a month (a start),
    # else the month after it, a year before (an end)
    first = t.year * 12 + t.month - 1 if t.day <= 15 else t.year * 12 + t.month - 12
    year, month = divmod(first, 12)
    return str(year) if month == 0 else f"{year}/{(year + 1) % 100:02d}"


def snap_year(t: pd.Timestamp, ref: pd.Timestamp | None, *_: int) -> pd.Timestamp:
    """The date of the data's year that holds ``t``, on the grid of ``ref`` (a date of the
    yearly data): the latest grid date at or before ``t``'s month when the data date a year
    by its start (a day up to the 15th), the earliest at or after it when by its end. A
    deadline of 1 March 2024 is in the calendar year 2024 of data dated 1 January (or 31
    December), not a year starting in March ("2024/25").

    >>> snap_year(pd.Timestamp("2024-03-01"), pd.Timestamp("2021-01-01"))
    Timestamp('2024-01-01 00:00:00')
    >>> snap_year(pd.Timestamp("2024-03-01"), pd.Timestamp("2021-12-31"))
    Timestamp('2024-12-31 00:00:00')
    >>> snap_year(pd.Timestamp("2024-03-31"), pd.Timestamp("2021-04-01"))
    Timestamp('2023-04-01 00:00:00')
    """
    if ref is None:
        return t
    months = (t.year - ref.year) * 12 + (t.month - ref.month)
    years = months // 12 if ref.day <= 15 else -(-months // 12)
    return ref.normalize() + pd.DateOffset(years=years)


def _shift(values: Any, months: int) -> pd.Series:
    """``values`` as a Series (numbered from 0), dates moved by ``months`` calendar months."""
    s = pd.Series(values).reset_index(drop=True)
    if not months or not pd.api.types.is_datetime64_any_dtype(s):
        return s
    return s + pd.DateOffset(months=months)


def spans_words(
    first: Any, last: Any, before: int = 0, after: int = 0, step: str = "month"
) -> np.ndarray:
    """From each ``first`` to each ``last`` (arrays, or one of each) as text, "Apr 2023–Mar
    2024"; one period as itself, "2024", not "2024–2024": each pair as
    :func:`span_words` writes it. Dates of periods of several months hold ``before`` months
    before their date and ``after`` months after it, so that quarters read from their first
    month to their last: a quarter dated 1 January 2024 (``after`` 2) is "Jan–Mar 2024", its
    year written once, as :func:`period_name` names it; Periods from the first's first month
    to the last's last month; dates of weeks or days (``step``) by their days.

    >>> spans_words(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-01"), 0, 2).tolist()
    ['Jan–Mar 2024']
    >>> spans_words([2022, 2023], [2023, 2023]).tolist()
    ['2022–2023', '2023']
    >>> spans_words(pd.Period("2016", freq="Y"), pd.Period("2019", freq="Y")).tolist()
    ['2016–2019']
    >>> spans_words(pd.Timestamp("2016-04-01"), pd.Timestamp("2019-04-01"), step="year").tolist()
    ['2016/17–2019/20']
    """
    a_x, b_x = _shift(first, -before), _shift(last, after)
    if step == "year" and pd.api.types.is_datetime64_any_dtype(a_x):  # "2016–2019"
        a, b = xs_words(a_x, step=step), xs_words(b_x, step=step)
        missing = (a == "–") | (b == "–")
        return np.where(missing, "–", np.where(a == b, a, a + "–" + b)).astype(object)
    if step in ("week", "day") and pd.api.types.is_datetime64_any_dtype(a_x):
        codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([a_x.to_numpy(), b_x.to_numpy()]))
        text = ["–" if pd.isna(x) or pd.isna(y) else span_words(x, y, step=step) for x, y in pairs]
        return np.array([*text, "–"], dtype=object)[codes]
    periods = isinstance(a_x.dtype, pd.PeriodDtype)
    if periods and period_kind(a_x.dtype.freq) == "year":  # "2016–2019", "2020/21–2023/24"
        a, b = xs_words(a_x), xs_words(b_x)
        return np.where(a == b, a, a + "–" + b).astype(object)
    if periods:  # one period by its name; several from the first's first month to the last's
        one = (a_x == b_x).to_numpy()
        a_x, b_x = a_x.dt.start_time, b_x.dt.end_time.dt.normalize()
    a, b = xs_words(a_x), xs_words(b_x)
    if (before or after or periods) and pd.api.types.is_datetime64_any_dtype(a_x):
        same_year = (a_x.dt.year == b_x.dt.year).to_numpy() & (a != b)
        a = np.where(same_year, a_x.dt.strftime("%b").to_numpy(dtype=object), a)
    said = np.where(a == b, a, a + "–" + b).astype(object)
    if periods:
        said[one] = xs_words(first)[one]
    return said


def span_words(first: Any, last: Any, before: int = 0, after: int = 0, step: str = "month") -> str:
    """From ``first`` to ``last`` as text, "Apr 2023–Mar 2024"; one period as itself. Dates
    of periods of several months hold ``before`` months before their date and ``after``
    months after it: a quarter dated 1 January 2024 (``after`` 2) is "Jan–Mar 2024" (as
    :func:`spans_words` writes each of many).

    ``step``: what one date of the data stands for, "month" (calendar months and longer, as
    above), "week" (a week is named by its date, "week of 1 Jan 2024", which holds whether
    the data date a week by its first day or its last) or "day" (each date as itself,
    "1–7 Jan 2024"): a week or a day is never named as its month; "year" names dates of
    yearly data as their years (:func:`year_words`: "2016–2019", "2016/17–2019/20").

    >>> span_words(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-01"), 0, 2)
    'Jan–Mar 2024'
    >>> span_words(2022, 2023)
    '2022–2023'
    >>> span_words(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-01"), step="week")
    'week of 1 Jan 2024'
    >>> span_words(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-25"), step="week")
    'weeks of 1 Jan–25 Mar 2024'
    >>> span_words(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-07"), step="day")
    '1–7 Jan 2024'
    >>> span_words(pd.Timestamp("2023-12-28"), pd.Timestamp("2024-01-03"), step="day")
    '28 Dec 2023–3 Jan 2024'
    """
    if step in ("week", "day"):  # a Period (a week of pd.period_range) by its first day
        start = lambda v: v.start_time if isinstance(v, pd.Period) else pd.Timestamp(v)  # noqa: E731
        text = _day_span(start(first), start(last))
        if step == "week":
            return f"week of {text}" if first == last else f"weeks of {text}"
        return text
    return str(spans_words(first, last, before, after, step=step)[0])


def _day_span(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """Two dates as "1–7 Jan 2024", "1 Jan–25 Mar 2024", "28 Dec 2023–3 Jan 2024", one date
    as "1 Jan 2024"; with the time of day where either is not at midnight."""
    timed = first != first.normalize() or last != last.normalize()

    def day(t: pd.Timestamp, month: bool = True, year: bool = True) -> str:
        text = f"{t.day}" + (f" {t:%b}" if month else "") + (f" {t:%Y}" if year else "")
        return f"{text} {t:%H:%M}" if timed else text

    if first == last:
        return day(first)
    if timed or first.year != last.year:
        return f"{day(first)}–{day(last)}"
    if first.month != last.month:
        return f"{day(first, year=False)}–{day(last)}"
    return f"{day(first, month=False, year=False)}–{day(last)}"
