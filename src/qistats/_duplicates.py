"""Rows that repeat: copied rows, resubmitted (series, x) keys, several rows of one point
on a chart of one value per x, and months with two dates in one series. Each is a
:class:`~qistats.DuplicateRowsWarning` or :class:`~qistats.DateWarning` naming the first row;
:func:`qistats.frame.prepare` calls them on the sorted keys.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from ._args import fmt, plural
from ._interop import source
from ._rows import _describe_row
from ._warn import in_a_part, warn
from .charts import Chart
from .errors import DateWarning, DuplicateRowsWarning

_DEDUPLICATE = {
    "pandas": "data.drop_duplicates()",
    "polars": "df.unique(maintain_order=True)",
    "spark": "sdf.dropDuplicates()",
}


def _check_duplicates(
    data: pd.DataFrame,
    order: np.ndarray,
    same_x: np.ndarray,
    by: list[Hashable],
    x: Hashable,
    fate: str,
    alone: str | None = None,
) -> bool:
    """Warn when a few rows sharing a series and x (``fate``: what becomes of them) are
    identical in every column: a copied row then counts twice. ``alone``: what becomes of
    them when combining copies of one row gives that row (a mean or a median), said instead
    of ``fate`` when every copy is a copy of the only distinct row at its series and x (a
    monthly row exported twice): the chart is then unchanged. When most rows of ``data``
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
        if alone is not None and _only_copies(order, same_x, rows, twin):
            fate = f"{alone}, which gives the copied row itself, so the chart is unchanged"
        warn(
            f"{plural(k, 'row')} of data {'repeats' if k == 1 else 'repeat'} an earlier row in "
            "every column (the first: "
            f"{_describe_row(data, first, by, x)}). Rows sharing a series and x {fate}; drop "
            f"copies first with {_DEDUPLICATE.get(source(data), 'your data library')} if they "
            "are not real (rows of one incident or one patient each, alike in every column, "
            "are real: keep them).",
            DuplicateRowsWarning,
        )
    return bool(twin.any())


def _only_copies(order: np.ndarray, same_x: np.ndarray, rows: np.ndarray, twin: np.ndarray) -> bool:
    """Whether every (series, x) key holding a copied row holds one distinct row only (its
    first and its copies): identical rows share their series and x, so a key's distinct rows
    are its rows that repeat no earlier one. ``rows`` (sorted row numbers of the keys of
    several rows) and ``twin`` (whether each repeats an earlier row) as in
    :func:`_check_duplicates`; ``order`` (row numbers) and ``same_x`` on the sorted keys."""
    key = np.cumsum(~same_x) - 1  # each sorted row's key
    key_of = np.zeros(int(order.max()) + 1, dtype=np.int64)
    key_of[order] = key
    keys = key_of[rows]
    distinct = np.bincount(keys[~twin], minlength=int(key[-1]) + 1)
    return bool(np.all(distinct[keys[twin]] == 1))


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
    days: np.ndarray | None = None,
    starts: np.ndarray | None = None,
) -> DoubledMonths | None:
    """On monthly data (a series' dates 27.5 to 31.5 days apart on average), the series with
    two dates in one calendar month: a month dated on its last day beside others dated on the
    1st (two extracts, two systems) is charted as two points. Months are read in the column's
    own time zone. ``same_x``, ``codes`` and ``xkey`` (ns) are sorted.

    Two dates of one month are under 31 days apart, so only the successive dates of a series
    that close are read as months (1 and 30 June with no July row), and each
    distinct date once (a board's series share their dates).

    ``days``: the day number of each of ``xkey`` (sorted too) when every key is a midnight
    (:func:`qistats._xaxis.warn_x_values`), or None; it is modified. Then a month with one
    date of the data at most (dated consistently, whatever the day) needs no further look.
    ``starts``: the first key of each series when known (the codes never fall), or None."""
    if same_x.any():
        first = np.flatnonzero(~same_x)
        ns, series = xkey[first], codes[first]
        if days is not None:
            days = days[first]
    else:
        first, ns, series = None, xkey, codes
    if ns.size < 3:
        return None
    if starts is not None and first is None:  # each series' first key: known
        new = np.zeros(ns.size, dtype=bool)
        new[starts] = True
    else:
        new = np.r_[True, series[1:] != series[:-1]]
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], ns.size] - 1
    keys = ends - starts
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_gap = (ns[ends] - ns[starts]) / keys / 86_400e9
    monthly = (keys >= 2) & (mean_gap >= 27.5) & (mean_gap <= 31.5)
    if not monthly.any():
        return None
    tz = getattr(data[x].dtype, "tz", None)
    inner = ~new[1:]  # pair i: keys i and i + 1 of one series
    if not monthly.all():
        inner &= np.repeat(monthly, keys + 1)[1:]  # of a monthly series
    if tz is None and np.add.reduce(keys[monthly] + 1) > ns.size // 4:
        # mostly monthly: the month of each key once; on the keys' own clock two dates of one
        # month are always under 31 days apart
        if days is not None:  # every key a midnight: one key a day
            days, table = _day_months(days)
            seen = np.zeros(table.size, dtype=bool)
            seen[days] = True
            if np.bincount(table[seen] - table[0]).max() < 2:
                return None  # no month with two dates of the data: none in one series
            month = table[days]
        else:
            month = _months(ns, tz)
        inner &= month[1:] == month[:-1]
        two = np.flatnonzero(inner)
        m2 = month[two]
    else:  # only the successive keys under 31 days apart (an int: no float copy of int keys)
        inner &= np.diff(ns) < 31 * 86_400_000_000_000
        pairs = np.flatnonzero(inner)
        if not pairs.size:
            return None
        month = _months(ns[pairs], tz)
        is_two = month == _months(ns[pairs + 1], tz)
        two, m2 = pairs[is_two], month[is_two]
    if not two.size:
        return None
    # distinct (series, month): a month with three dates is one month (two pairs)
    g2 = np.searchsorted(starts, two, side="right") - 1
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
        days, table = _day_months(np.asarray(ns, dtype=np.int64) // 86_400_000_000_000)
        return table[days]  # (floor division above: before 1970 too)
    dates, at = np.unique(ns, return_inverse=True)
    stamps = pd.to_datetime(dates.astype(np.int64), utc=True).tz_convert(tz)
    return (stamps.year.to_numpy() * 12 + stamps.month.to_numpy())[at]


def _day_months(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers (days since 1970, not empty) made positions in their span, in place, and
    the calendar month of each day of the span, as a number (numpy's calendar, each day read
    once, no timestamps built): ``table[days]`` is each day's month."""
    first = int(days.min())
    span = np.arange(first, int(days.max()) + 1).astype("datetime64[D]")
    days -= first
    return days, span.astype("datetime64[M]").astype(np.int64)


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


@dataclass
class Resubmitted:
    """(Series, x) keys with more than one row, found by :func:`_warn_resubmitted`: how many
    among how many keys, whether each series' are its latest (:func:`_tail_repeats`; None when
    not asked), whether rows copied whole were found (then nothing is said: their warning
    says it), and the first such key's rows, for the :class:`~qistats.DuplicateRowsWarning`
    (:meth:`message`). A Spark task gives these facts for the driver to add up over every
    bucket (:func:`qistats._spark_warnings.facts_merged`)."""

    repeated: int
    keys: int
    tail: bool | None  # (None: not asked, or no such key)
    copied: bool
    first: str  # the first key's row described
    rows: int  # its rows
    values: str  # their y
    y: str
    n: str | None
    how: str  # the code that keeps one row per key
    alt: str  # the other agg= to suggest, or ""
    chart: str  # (a board judges its charts apart)

    def judged(self) -> bool:
        """Whether the keys read as a resubmission: few of them, or each series' latest."""
        return (
            self.repeated > 0
            and not self.copied
            and (self.repeated <= RESUBMITTED_SHARE * self.keys or bool(self.tail))
        )

    def message(self) -> str:
        """The warning's text."""
        return (
            f"{self.repeated} of {self.keys} (series, x) keys "
            f"{'has' if self.repeated == 1 else 'have'} more than one row while every other "
            f"has one (the first: {self.first}, with {self.rows} rows of y={self.y}: "
            f"{self.values}): a corrected resubmission appended to the original? "
            + (
                "The rows are summed, so that point counts twice. "
                if self.n is None
                else f"The rows' y and n ({self.n}) are summed, so that point pools both "
                "returns (its denominator doubles). "
            )
            + f"Keep one row per series and x (e.g. {self.how}){self.alt} if they are not "
            "parts of one total."
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
    chart: str,
    copied: bool = False,
) -> None:
    """Warn when a few (series, x) keys have more than one row while the others have one each
    (at most :data:`RESUBMITTED_SHARE` of the keys, or any number of each series' latest keys
    up to half of them: a resubmitted quarter): in monthly aggregate data that is a corrected
    figure appended to the original (a resubmission), which summing doubles. Record-level
    data, where most keys repeat, are summed silently, as documented. In a part of the data
    (:func:`~qistats._warn.in_a_part`) the facts are given whatever they judge, for the
    whole data's judgement (``copied``: rows copied whole were found, and said)."""
    starts = np.flatnonzero(same_x[1:] & ~same_x[:-1])  # first sorted row of each such key
    part = in_a_part()
    if not (starts.size or part):
        return
    keys = int(same_x.size - same_x.sum())
    few = starts.size <= RESUBMITTED_SHARE * keys
    tail = _tail_repeats(same_x, codes, xkey) if starts.size and (part or not few) else None
    if not (part or few or tail):
        return
    found = Resubmitted(
        repeated=int(starts.size),
        keys=keys,
        tail=tail,
        copied=copied,
        first="",
        rows=0,
        values="",
        y=fmt(y),
        n=None if n is None else fmt(n),
        how=(
            f"data.drop_duplicates(subset={fmt([*by, x])}, keep='last')"
            if source(data) == "pandas"
            else "dropping the earlier rows"
        ),
        alt=" or pass agg='mean' or 'median'" if agg_applies else "",
        chart=chart,
    )
    if starts.size:  # the first such key: its rows
        first = int(starts[0])
        end = first + 1
        while end < same_x.size and same_x[end]:
            end += 1
        rows = np.sort(order[first:end])
        found.first = _describe_row(data, int(rows[0]), by, x)
        found.rows = len(rows)
        found.values = ", ".join(fmt(v) for v in data[y].iloc[rows].tolist())
    if part:  # (a part without such keys: its keys count among the whole data's)
        warn(found.message(), DuplicateRowsWarning, facts={"key": "resubmitted", **vars(found)})
    elif found.judged():
        warn(found.message(), DuplicateRowsWarning)


def _warn_combined(
    data: pd.DataFrame,
    order: np.ndarray,
    same_x: np.ndarray,
    by: list[Hashable],
    x: Hashable,
    chart: Chart,
    agg: str,
    copies: bool = False,
) -> None:
    """Warn that a chart of one value per x combines the rows sharing a series and x.

    ``copies``: :func:`_check_duplicates` said that some rows are copies of others; a point
    whose rows are all one row copied is then left to its warning (said once, with how the
    copies are combined), and only the points with different rows are counted here."""
    starts = np.flatnonzero(same_x[1:] & ~same_x[:-1])  # first sorted row of each such point
    if copies:
        shared = same_x.copy()  # the sorted rows of points with more than one row
        shared[:-1] |= same_x[1:]
        at = np.flatnonzero(shared)
        point = np.cumsum(~same_x)[at] - 1  # each row's point (numbered in sorted order)
        # a copy is identical in every column, x and series too: a row of its own point
        new = ~data.iloc[order[at]].duplicated().to_numpy()
        distinct = np.bincount(point, weights=new, minlength=int(point[-1]) + 1)
        starts = starts[distinct[np.cumsum(~same_x)[starts] - 1] >= 2]
        if not starts.size:
            return
    first = int(order[starts[0]])
    warn(
        f"{plural(starts.size, 'point')} of the {chart.title} "
        f"{'has' if starts.size == 1 else 'have'} more than one row (the "
        f"first: {_describe_row(data, first, by, x)} and the next row sharing its series and "
        f"x): the {chart.title} plots one value per x, so their y are combined (agg={fmt(agg)}). "
        "Give one row per series and x, or combine them first, if that is not meant.",
        DuplicateRowsWarning,
    )
