"""Whether a board's series are up to date: each series' latest period against the report's.

A period is the stretch of time one x value stands for. For dates a month, quarter, half-year
or year apart it is a run of whole calendar months, whichever day it is dated on: a date in
the first half of a month starts its period (1 Oct 2023 is Oct–Dec 2023 for a quarterly
series), a date in the second half ends it (31 Dec 2023 is the same quarter, 29 Feb 2024 is
February). Other x (weeks, days, numbers) stand for ``[x, x + spacing)``.

The report's period is the period of the finest measure of the board (the smallest typical
spacing over its measures) that holds the report's x (``as_of``, or the latest start of a
period in the data: September dated 30 September starts on 1 September).
A series is stale when the period it is expected to have reported by now, its
``(1 + lag)``-th period after its latest one, has ended by the end of the report's period:
in a March report, February's figure is stale and March's current, however either is dated;
a quarterly measure's Oct–Dec figure is current in January's report (Jan–Mar has not ended)
and stale in March's.

Time-zone-aware dates are judged by their zone's wall clock (1 April 00:00 BST is in April).
Everything is vectorised over series; nothing depends on another series except through the
report's period.

:func:`qistats.spc` judges its series by the same rule (:func:`behind`), against the latest
period with a value anywhere in the data; a Spark bucket is given the whole data's
(:func:`data_latest`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd

#: Typical gaps (days) of monthly, quarterly, half-yearly and yearly dates, and their months.
MONTH_STEPS = ((27.5, 31.5, 1), (88.5, 92.5, 3), (180.5, 184.5, 6), (364.5, 366.5, 12))
DAY_NS = 86_400e9

#: A series' last x more than this many of its typical spacings after every other point of
#: the data is far beyond it (a DateWarning from qi.board, qi.ambition and Spark): a year for
#: monthly data.
FAR_SPACINGS = 12


def behind_advice(k: int) -> str:
    """The end of qi.spc's NoDataWarning about ``k`` series without a value in the latest
    period, in agreement with ``k`` (its Spark merger writes it again for the merged count).

    >>> behind_advice(1)[:44]
    'Its summary (variation, assurance) describes'
    """
    if k == 1:
        return (
            "Its summary (variation, assurance) describes its latest value, an earlier "
            "period; check whether its data are late or the series has ended."
        )
    return (
        "Their summary (variation, assurance) describes their latest value, an earlier period; "
        "check whether their data are late or the series has ended."
    )


def calendar_months(spacing: np.ndarray) -> np.ndarray:
    """The calendar months a typical ``spacing`` (nanoseconds) stands for: 1, 3, 6 or 12 for
    dates a month, quarter, half-year or year apart, else 0.

    >>> calendar_months(np.array([30.4, 91.0, 7.0, np.nan]) * DAY_NS).tolist()
    [1, 3, 0, 0]
    """
    days = np.asarray(spacing, dtype=float) / DAY_NS
    out = np.zeros(days.shape, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        for lo, hi, k in MONTH_STEPS:  # four spacings, not a loop over series
            out[(days > lo) & (days < hi)] = k
    return out


def wall_clock(keys: np.ndarray, tz: Any) -> np.ndarray:
    """UTC nanosecond keys (float, NaN for none) as nanoseconds of the wall-clock time in
    ``tz`` (None: unchanged)."""
    if tz is None:
        return keys
    out = np.array(keys, dtype=float)
    ok = np.isfinite(out)
    stamps = pd.DatetimeIndex(pd.to_datetime(out[ok].astype(np.int64), utc=True))
    out[ok] = stamps.tz_convert(tz).tz_localize(None).as_unit("ns").asi8.astype(float)
    return out


def _period_start_month(keys: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The month number (months since 1970-01) at which the period of each date starts: its
    own month when dated in the first half of the month, else ``months - 1`` before it."""
    ns = keys.astype(np.int64).astype("datetime64[ns]")
    month = ns.astype("datetime64[M]")
    day = (ns.astype("datetime64[D]") - month.astype("datetime64[D]")).astype(np.int64) + 1
    index = month.astype(np.int64)
    return np.where(day > 15, index - np.maximum(months, 1) + 1, index)


def _month_key(month: np.ndarray) -> np.ndarray:
    """The nanosecond key of the first instant of a month number."""
    return month.astype("datetime64[M]").astype("datetime64[ns]").astype(np.int64).astype(float)


def period_starts(keys: np.ndarray, spacing: np.ndarray, dates: bool) -> np.ndarray:
    """The start (an x key) of the period each key stands for: the first instant of its run
    of calendar months for monthly to yearly dates (31 March 2023 is March, from 1 March),
    else the key itself; NaN where the key is missing.

    >>> month = 30.4 * DAY_NS
    >>> keys = np.array([pd.Timestamp(d).value for d in ("2023-03-31", "2023-03-01")], float)
    >>> [str(pd.Timestamp(int(k))) for k in period_starts(keys, np.r_[month, month], True)]
    ['2023-03-01 00:00:00', '2023-03-01 00:00:00']
    """
    keys = np.asarray(keys, dtype=float)
    out = keys.copy()
    if not dates:
        return out
    months = calendar_months(np.broadcast_to(np.asarray(spacing, dtype=float), keys.shape))
    use = (months > 0) & np.isfinite(keys)
    if use.any():
        out[use] = _month_key(_period_start_month(keys[use], months[use]))
    return out


def period_ends(keys: np.ndarray, spacing: np.ndarray, dates: bool, later: Any = 0) -> np.ndarray:
    """The end (exclusive, an x key) of the period ``later`` periods after the one each key
    stands for; NaN where the key or its spacing is missing.

    >>> feb29, mar1 = pd.Timestamp("2024-02-29").value, pd.Timestamp("2024-03-01").value
    >>> month = 30.4 * DAY_NS
    >>> ends = period_ends(np.array([feb29, mar1], dtype=float), np.array([month, month]), True)
    >>> [str(pd.Timestamp(int(e))) for e in ends]
    ['2024-03-01 00:00:00', '2024-04-01 00:00:00']
    """
    keys = np.asarray(keys, dtype=float)
    spacing = np.broadcast_to(np.asarray(spacing, dtype=float), keys.shape)
    later = np.broadcast_to(np.asarray(later, dtype=np.int64), keys.shape)
    out = keys + spacing * (1 + later)
    if not dates:
        return out
    months = calendar_months(spacing)
    use = (months > 0) & np.isfinite(keys)
    if use.any():
        start = _period_start_month(keys[use], months[use])
        out[use] = _month_key(start + months[use] * (1 + later[use]))
    return out


def stale(
    latest: np.ndarray,
    spacing: np.ndarray,
    lag: np.ndarray,
    report_at: float,
    finest: float,
    dates: bool,
) -> np.ndarray:
    """Whether each series is stale (see the module's docstring).

    Parameters
    ----------
    latest : array of float
        Each series' latest x key (NaN: no data, stale).
    spacing : array of float
        Its measure's typical spacing (NaN: a single point, whose own period is unknown: it is
        read as a period of the report's length, ``finest``; current only when its latest x is
        the report's where that is NaN too).
    lag : array of int
        The periods its measure is expected to run behind the report.
    report_at : float
        The report's x key.
    finest : float
        The smallest typical spacing of the board's measures (NaN: none).
    dates : bool
        Whether the keys are dates (nanoseconds of the wall clock).

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    A March report (falls dated 1 March): length of stay's February, dated 29 February, is
    stale; a quarterly measure's Oct–Dec 2023, dated on its last day, is stale as well, and
    current in a January report.

    >>> key = lambda d: float(pd.Timestamp(d).value)
    >>> month, quarter = 30.4 * DAY_NS, 91.0 * DAY_NS
    >>> latest = np.array([key("2024-03-01"), key("2024-02-29"), key("2023-12-31")])
    >>> spacing = np.array([month, month, quarter])
    >>> stale(latest, spacing, np.zeros(3, int), key("2024-03-01"), month, True).tolist()
    [False, True, True]
    >>> stale(latest[2:], spacing[2:], np.zeros(1, int), key("2024-01-01"), month, True).tolist()
    [False]

    A new measure's single point, dated 11 March, in a March report given as its last day:
    current, as a monthly figure is (a period of the report's is taken as its own).

    >>> stale(np.array([key("2024-03-11")]), np.array([np.nan]), np.zeros(1, int),
    ...       key("2024-03-31"), month, True).tolist()
    [False]
    """
    latest = np.asarray(latest, dtype=float)
    # a single point has no spacing of its own: a period of the report's (its finest measure's)
    spacing = np.where(np.isnan(spacing), finest, np.asarray(spacing, dtype=float))
    report_end = period_ends(np.array([report_at]), np.array([finest]), dates)[0]
    due = period_ends(latest, spacing, dates, later=1 + np.asarray(lag, dtype=np.int64))
    with np.errstate(invalid="ignore"):
        known = np.isfinite(spacing) & np.isfinite(report_end)
        return ~np.isfinite(latest) | np.where(known, due <= report_end, latest < report_at)


#: The spacing a measure of single points dated on month boundaries is read with (days)
MONTH_DAYS = 30.436875


def lone_months(
    spacing: np.ndarray, m: np.ndarray, keys: np.ndarray, obs: np.ndarray, finest: float
) -> np.ndarray:
    """Each measure's ``spacing`` (NaN: one point in each of its series, no spacing of its
    own), with a month's for those whose every point with a value (``obs``; ``m``: the
    measure of each point, ``keys`` its wall-clock date key) is dated on the first or last
    day of a month, at midnight, on a board whose ``finest`` measure is finer than a month
    (weekly, daily). Such a point is a month's figure, as a monthly return dates one: a new
    monthly survey's one figure dated 30 November read as a *week* on a weekly board was
    "stale" a week later and written "30 Nov 2023"; it is November's, current until
    December's is due. Any other single point is left as it was (a period
    of the report's, see :func:`stale`).

    >>> day = lambda d: float(pd.Timestamp(d).value)
    >>> keys = np.array([day(d) for d in ("2023-12-17", "2023-12-24", "2023-11-30", "2023-12-13")])
    >>> out = lone_months(np.array([7 * DAY_NS, np.nan, np.nan]), np.array([0, 0, 1, 2]), keys,
    ...                   np.ones(4, dtype=bool), 7 * DAY_NS)
    >>> (out / DAY_NS).round(2).tolist()
    [7.0, 30.44, nan]
    """
    out = np.array(spacing, dtype=float)
    lone = np.isnan(out)
    if not lone.any() or not finest < MONTH_STEPS[0][0] * DAY_NS:
        return out
    t = pd.DatetimeIndex(pd.to_datetime(np.where(obs, keys, np.nan)))
    edge = np.asarray(((t.day == 1) | ((t + pd.Timedelta(days=1)).day == 1)) & (t == t.normalize()))
    counts = np.bincount(m[obs], minlength=out.size)
    edges = np.bincount(m[obs & edge], minlength=out.size)
    out[lone & (counts > 0) & (edges == counts)] = MONTH_DAYS * DAY_NS
    return out


#: The latest x with a value in the whole data while a part of it is computed (a bucket of
#: :func:`qistats.spark.spc`); None: the data computed are the whole data
_DATA_LATEST: ContextVar[Any] = ContextVar("qistats_data_latest", default=None)


@contextmanager
def data_latest(x: Any) -> Iterator[None]:
    """Within the block, :func:`qistats.spc` judges its series against ``x``, the whole data's
    latest x with a value, rather than its own data's."""
    token = _DATA_LATEST.set(x)
    try:
        yield
    finally:
        _DATA_LATEST.reset(token)


def given_latest() -> Any:
    """The whole data's latest x with a value set by :func:`data_latest`, or None."""
    return _DATA_LATEST.get()


#: The report's x found on the whole data while a part of it is computed (a bucket of
#: :func:`qistats.spark.board` without ``as_of``); None: found on the data computed
_REPORT_X: ContextVar[Any] = ContextVar("qistats_report_x", default=None)


@contextmanager
def report_x(x: Any) -> Iterator[None]:
    """Within the block, :func:`qistats.board` reads ``x`` as the report's x (its period is the
    report's) rather than ``as_of`` or its own data's latest period, as it would on the whole
    data: their rows of events (G and T charts) set no period but on a board of events alone."""
    token = _REPORT_X.set(x)
    try:
        yield
    finally:
        _REPORT_X.reset(token)


def given_report_x() -> Any:
    """The report's x set by :func:`report_x`, or None."""
    return _REPORT_X.get()


def typical_spacing(gaps: np.ndarray, skip: np.ndarray | None = None) -> float:
    """The median of the finite ``gaps`` (NaN when none is), as
    ``np.median(gaps[np.isfinite(gaps)])`` but in place, with no copy: ``gaps`` may be
    modified (its non-finite values made NaN, and perhaps sorted).

    The gaps of real data take few values (28 to 31 days, 7 days): a guess of the median, the
    median of a sample, is checked with two counts (it is the middle value or values when
    fewer than half the gaps are below it and fewer than half above), and only a wrong guess
    sorts every gap (numpy sorts floats faster than it partitions them).

    >>> typical_spacing(np.array([31.0, np.nan, 28.0, 30.0, np.inf, 31.0]))
    30.5
    >>> typical_spacing(np.array([31.0, 28.0, 31.0, 30.0, -np.inf, 31.0, 31.0]))
    31.0

    ``skip``: positions of ``gaps`` that are no gaps (between two series), in increasing order,
    when every other gap is finite: the same as those made NaN, with no pass finding the
    finite gaps.

    >>> typical_spacing(np.array([31.0, 900.0, 28.0, 30.0]), skip=np.array([1]))
    30.0
    """
    if skip is not None:
        k = gaps.size - skip.size
        lo, hi = (k - 1) // 2, k // 2
        if k > 1024:
            at = np.arange(0, gaps.size, gaps.size // 512)
            hit = np.searchsorted(skip, at)  # (skip is in order: a bisection finds each)
            skipped = skip[np.minimum(hit, skip.size - 1)] == at if skip.size else at < 0
            sample = gaps[at[~skipped]]
            if sample.size:
                guess = float(np.median(sample))
                below = np.count_nonzero(gaps < guess) - np.count_nonzero(gaps[skip] < guess)
                if below <= lo:
                    same = np.count_nonzero(gaps <= guess) - np.count_nonzero(gaps[skip] <= guess)
                    if same > hi:
                        return guess
        gaps[skip] = np.nan
    finite = np.isfinite(gaps)
    k = int(np.count_nonzero(finite))
    if not k:
        return np.nan
    if k < gaps.size:
        gaps[~finite] = np.nan  # sorted after every number, and never counted below
    lo, hi = (k - 1) // 2, k // 2  # the middle one or two of the k sorted finite gaps
    if k > 1024:
        sample = gaps[:: gaps.size // 512]
        sample = sample[~np.isnan(sample)]
        if sample.size:
            guess = float(np.median(sample))
            below = int(np.count_nonzero(gaps < guess))  # (NaN is never below nor equal)
            if below <= lo and int(np.count_nonzero(gaps <= guess)) > hi:
                return guess  # both middle gaps equal the guess (as the mean of the two)
    gaps.sort()
    return float(np.mean(gaps[lo : hi + 1]))  # as np.median: the mean of the middle one or two


def behind(latest: np.ndarray, spacing: float, report_at: float, dates: bool) -> np.ndarray:
    """Whether each series' latest observed period (``latest``: its x key, NaN for none, which
    is not behind) is older than the period of ``report_at``, the data's latest; ``spacing``:
    the data's typical spacing (:func:`typical_spacing` of the gaps between successive x of
    the series).

    >>> key = lambda d: float(pd.Timestamp(d).value)
    >>> latest = np.array([key("2024-03-01"), key("2024-02-01"), key("2024-03-31"), np.nan])
    >>> behind(latest, 30.0 * DAY_NS, key("2024-03-01"), True).tolist()
    [False, True, False, False]
    """
    has = np.isfinite(latest)
    out = np.zeros(latest.shape, dtype=bool)
    out[has] = stale(
        latest[has],
        np.full(int(has.sum()), spacing),
        np.zeros(int(has.sum()), dtype=np.int64),
        report_at,
        spacing,
        dates,
    )
    return out
