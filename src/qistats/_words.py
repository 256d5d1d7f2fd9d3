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
#: 1,000" (trial 11 item 14).
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


def x_words(value: Any) -> str:
    """An x value as text: a date as "Mar 2024", a Period by its own name, a number plain
    ("2023", "7.5"), anything else (a category's label) as itself."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float, np.number)):
        return f"{value:g}"
    if isinstance(value, (pd.Timestamp, np.datetime64, datetime.date)):
        return pd.Timestamp(value).strftime("%b %Y")
    return str(value)


def span_words(first: Any, last: Any, before: int = 0, after: int = 0, step: str = "month") -> str:
    """From ``first`` to ``last`` as text, "Apr 2023–Mar 2024"; one period as itself. Dates
    of periods of several months hold ``before`` months before their date and ``after``
    months after it: a quarter dated 1 January 2024 (``after`` 2) is "Jan–Mar 2024".

    ``step``: what one date of the data stands for, "month" (calendar months and longer, as
    above), "week" (a week is named by its date, "week of 1 Jan 2024", which holds whether
    the data date a week by its first day or its last) or "day" (each date as itself,
    "1–7 Jan 2024"): a week or a day is never named as its month.

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
    if step in ("week", "day"):
        text = _day_span(pd.Timestamp(first), pd.Timestamp(last))
        if step == "week":
            return f"week of {text}" if first == last else f"weeks of {text}"
        return text
    if before or after:
        first = pd.Timestamp(first) - pd.DateOffset(months=before)
        last = pd.Timestamp(last) + pd.DateOffset(months=after)
        if first.year == last.year:
            return f"{first:%b}–{last:%b %Y}"
    a, b = x_words(first), x_words(last)
    return a if a == b else f"{a}–{b}"


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
