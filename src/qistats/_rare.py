"""Rare events on an SPC chart: series of whole counts that are mostly zeros.

An XmR or I chart of monthly counts with a mean below about 1 (MRSA bacteraemias, never
events) flags special causes in many in-control series: seven zeros in a row are a "shift",
three months of 1 are "2 of 3 beyond 2σ", a single 2 is "above the upper limit". The same
holds for a rate of such events (y/n, "MRSA per 100,000 bed days"): its numerators are the
rare counts. A C, U, P or NP chart of them does little better (seven zero months in a row
are a shift below the centre line, a 2 at a mean of 0.3 is above the upper limit), a Laney
U′ or P′ chart worse. The same holds for a proportion near 100 % (harm-free care, VTE risk
assessment): its *failures* n − y are the rare counts, and runs of 100 % months give the
same false signals as runs of zero months. One place finds such series, for
:func:`qistats.spc` and :func:`qistats.board`, and words the warning and the board's sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

from . import _kernels as K

#: A series of whole counts is rare-event data when its mean is below this, or more than half
#: of its observed values are zeros.
RARE_MEAN = 1.0
#: Fewer observed points than this say too little about a series to warn.
RARE_MIN_POINTS = 6

_GT = "a G or T chart (chart='g' or 't')"
_G = "a G chart of the cases between events (chart='g')"
#: The charts whose series are checked (the counts: the values, or the numerators y of a
#: chart of y/n): what the messages call each, the share of in-control series at 0.3 events
#: a month whose latest point carries a special-cause icon under the Making Data Count rules
#: (about 28 % on an XmR chart, 12-16 % on a C, U, P or NP chart and 28-30 % on a Laney chart
#: in 400 simulated series of 24 months, docs/charts/rare-events.rst) and the chart that suits
#: the events (a G chart for proportions: the cases between events).
RARE_CHARTS: dict[str, tuple[str, str, str]] = {
    "xmr": ("an XmR chart", "one in four", _GT),
    "i": ("an I chart", "one in four", _GT),
    "c": ("a C chart", "one in seven", _GT),
    "u": ("a U chart", "one in seven", _GT),
    "up": ("a Laney U′ chart", "three in ten", _GT),
    "p": ("a P chart", "one in seven", _G),
    "pp": ("a Laney P′ chart", "three in ten", _G),
    "np": ("an NP chart", "one in seven", _G),
}


def event_counts(
    value: np.ndarray, y: np.ndarray | None, multiply: np.ndarray | float
) -> np.ndarray:
    """The counts to check: the numerators ``y`` of a ratio where its point has a value (a
    gap, n = 0, is no zero count), else the plotted ``value`` before ``multiply``."""
    if y is not None:
        return np.where(np.isnan(value), np.nan, np.asarray(y, dtype=float))
    if not isinstance(multiply, np.ndarray) and multiply == 1:
        return value  # itself, not a copy (it is only read)
    return value / multiply


def failure_counts(value: np.ndarray, y: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The failures n − y of a ratio where its point has a value (the cases without the event,
    when y counts cases among n): a proportion near 100 % has rare failures. A rate's exposure
    (bed days) far exceeds its events, so its n − y are never rare; a series with y > n
    somewhere has a negative count there and is not checked (:func:`rare_series`)."""
    y, n = np.asarray(y, dtype=float), np.asarray(n, dtype=float)
    return np.where(np.isnan(value), np.nan, n - y)


def rare_either(
    value: np.ndarray,
    lay: K.Layout,
    y: np.ndarray | None = None,
    n: np.ndarray | None = None,
    multiply: np.ndarray | float = 1.0,
    proportion: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`rare_series` of a chart's counts (:func:`event_counts` of its plotted ``value``
    and ``multiply``, or of the numerators ``y`` of its ratios y/n; of a ``proportion``, with
    its denominators ``n`` as the trials) and, where ``y`` and ``n`` are given, of their
    failures n − y (:func:`failure_counts`; the minority rule with ``n`` as the trials): a
    series is rare when either is. Returns the mask, the means and shares of zeros of the
    counts that are rare (the events' where both are), and the mask of the series rare by
    their failures alone.

    Only the series that could be rare are looked at, on their own points (the mean and
    share of the others are NaN): rare counts have a value below 1 (a zero, or whole numbers
    with a mean below 1), and rare failures are fewer than their cases' events. A few
    reductions per series find them (:func:`_could_be_rare`), with no array as long as the
    data; ``y`` and ``n`` are read as given (int64 or float64, not copied).

    Twelve months of 100 cases with 0 or 1 cases without the event (a proportion near
    100 %): the events are not rare, the failures are.

    >>> lay = K.Layout.from_starts(np.array([0]), 12)
    >>> y = np.array([100, 99, 100, 100, 99, 100, 100, 100, 99, 100, 100, 100])
    >>> n = np.full(12, 100)
    >>> rare, mean, share, by_failures = rare_either(y / n, lay, y, n, proportion=True)
    >>> bool(rare[0]), bool(by_failures[0]), float(mean[0]), float(share[0])
    (True, True, 0.25, 0.75)
    """
    y, n = (None if a is None else _numbers(a) for a in (y, n))
    events, failures = _could_be_rare(value, lay, y, n, multiply)

    def counts(at: np.ndarray | slice) -> np.ndarray:
        return event_counts(value[at], _at(y, at), _at(multiply, at))

    rare, mean, share = _rare_among(events, lay, counts, n if proportion else None)
    if failures is None:
        return rare, mean, share, np.zeros(rare.shape, dtype=bool)

    def fails(at: np.ndarray | slice) -> np.ndarray:
        return failure_counts(value[at], _at(y, at), _at(n, at))

    rare_f, mean_f, share_f = _rare_among(failures, lay, fails, n)
    by_failures = rare_f & ~rare
    mean = np.where(by_failures, mean_f, mean)
    share = np.where(by_failures, share_f, share)
    return rare | rare_f, mean, share, by_failures


def _at(a: np.ndarray | float | None, at: np.ndarray | slice) -> np.ndarray | float | None:
    """The points ``at`` of a per-point array (a number or None as it is)."""
    return a[at] if isinstance(a, np.ndarray) else a


def _could_be_rare(
    value: np.ndarray,
    lay: K.Layout,
    y: np.ndarray | None,
    n: np.ndarray | None,
    multiply: np.ndarray | float,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The series whose counts (see :func:`rare_either`) could be rare, and those whose
    failures n − y could be (None without ``y`` and ``n``): a superset of what
    :func:`rare_series` finds, from reductions per series alone.

    Rare counts are all >= 0 with more than half of them zeros, or whole with a mean below
    1: either way one is below 1 (whole counts of 1 or more have a mean of 1 or more). A
    series' smallest count, gaps included, is at most its smallest observed one. Rare
    failures are the minority outcome, 2 Σ(n − y) < Σ n, that is Σ n < 2 Σ y over the
    observed points; a series with a gap (a missing value makes its sum of values NaN) is
    kept whatever its sums, as its gaps' y and n are not among its observed ones.
    """
    if not lay.n_seg:
        return np.zeros(0, dtype=bool), None if n is None else np.zeros(0, dtype=bool)
    if y is None:  # the counts are value / multiply: below 1 where value < multiply
        top = (
            np.fmax.reduceat(multiply, lay.starts) if isinstance(multiply, np.ndarray) else multiply
        )
        with np.errstate(invalid="ignore"):
            return np.fmin.reduceat(value, lay.starts) < top, None
    with np.errstate(invalid="ignore"):
        events = np.fmin.reduceat(y, lay.starts) < 1
    if n is None:
        return events, None
    with np.errstate(invalid="ignore"):
        gap = np.isnan(np.add.reduceat(value, lay.starts))
        total_y = np.add.reduceat(y, lay.starts).astype(float)
        total_n = np.add.reduceat(n, lay.starts).astype(float)
        # a margin for rounding: only series whose events are clearly the majority go
        majority = total_n - 2 * total_y > 1e-9 * np.abs(total_n)
    return events, gap | ~majority


def _numbers(a: np.ndarray) -> np.ndarray:
    """``a`` (an array or a Series) as a numpy array of numbers: its own values, not a copy,
    when they are integers or floats."""
    a = np.asarray(a)
    return a if a.dtype.kind in "iuf" else a.astype(float)


def _rare_among(
    candidates: np.ndarray,
    lay: K.Layout,
    counts_at: Callable[[np.ndarray | slice], np.ndarray],
    trials: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`rare_series` of the ``candidates`` series alone (their points laid out one
    after another; ``counts_at``: the counts at given points), as masks and values over all
    series (not rare, NaN mean and share elsewhere). Each series is reduced on its own, so
    its verdict is the one it gets among all series."""
    rare = np.zeros(lay.n_seg, dtype=bool)
    mean = np.full(lay.n_seg, np.nan)
    share = np.full(lay.n_seg, np.nan)
    which = np.flatnonzero(candidates)
    if not which.size:
        return rare, mean, share
    if which.size == lay.n_seg:
        at: np.ndarray | slice = slice(None)
        sub = lay
    else:
        at = np.flatnonzero(lay.spread(candidates))
        lengths = lay.lengths()[which]
        sub = K.Layout.from_starts(np.cumsum(lengths) - lengths, at.size)
    cases = None if trials is None else np.asarray(trials[at], dtype=float)
    rare[which], mean[which], share[which] = rare_series(counts_at(at), sub, cases)
    return rare, mean, share


def rare_series(
    counts: np.ndarray, lay: K.Layout, trials: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which series (segments of ``lay``) look like counts of rare events.

    A series does when it has at least :data:`RARE_MIN_POINTS` observed values, all >= 0, and
    more than half of them are zeros (a rate of rare events computed before it came, "MRSA
    per 100,000 bed days", is mostly zeros too), or every one is a whole number and their
    mean is below :data:`RARE_MEAN`. Of a proportion (``trials``: the denominators n of a P
    or NP chart), the events must also be the minority outcome: a P chart of single cases
    (n = 1) where 90 % of cases are events has a mean count of 0.9, but its events are not
    rare. Returns the mask of series, their means and their shares of zeros.
    """
    obs = ~np.isnan(counts)
    n_obs = K.seg_count(obs, lay)
    zeros = K.seg_count(counts == 0, lay)  # (a missing value is not 0)
    mean = K.seg_mean(counts, obs, lay)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n_obs > 0, zeros / np.maximum(n_obs, 1), np.nan)
    rare = (n_obs >= RARE_MIN_POINTS) & ((mean < RARE_MEAN) | (2 * zeros > n_obs))
    if trials is not None and rare.any():
        events = K.seg_sum(np.where(obs, counts, 0.0), obs, lay)
        cases = K.seg_sum(np.where(obs, np.asarray(trials, dtype=float), 0.0), obs, lay)
        rare &= 2 * events < cases
    if rare.any():  # every observed value >= 0, and whole for the mean's rule: on those only
        at = np.flatnonzero(lay.spread(rare) & obs)
        c = counts[at]
        negative = np.bincount(lay.seg[at[c < 0]], minlength=lay.n_seg) > 0
        whole = np.abs(c - np.round(c)) <= 1e-9 * np.maximum(1.0, np.abs(c))
        fraction = np.bincount(lay.seg[at[~whole]], minlength=lay.n_seg) > 0
        rare &= ~negative & (~fraction | (2 * zeros > n_obs))
    return rare, mean, share


def rare_message(
    chart: str,
    names: list[str],
    means: np.ndarray,
    shares: np.ndarray,
    count: int,
    total: int,
    numerators: bool = False,
    failures: bool = False,
) -> str:
    """The warning about ``count`` of ``total`` series on ``chart`` (one of
    :data:`RARE_CHARTS`) whose values (``numerators``: whose numerators y, the chart being of
    y/n; ``failures``: whose failures n − y, a proportion near 100 %) look like counts of rare
    events (``names``, ``means`` and ``shares`` of the first few)."""
    shown = "; ".join(
        f"{name}: mean {m:.2g}, {s:.0%} zeros"
        for name, m, s in zip(names, means.tolist(), shares.tolist(), strict=True)
    )
    more = f" and {count - len(names)} more" if count > len(names) else ""
    many = count > 1
    if failures:
        verb = f"{'have' if many else 'has'} failures n − y that look"
    elif numerators:
        verb = f"{'have' if many else 'has'} numerators y that look"
    else:
        verb = "look" if many else "looks"
    a_chart, often, suits = RARE_CHARTS[chart]
    individuals = chart in ("i", "xmr")
    kind = "An individuals chart" if individuals else a_chart[0].upper() + a_chart[1:]
    why = "" if individuals else ", mostly 'improvement' from a run of zero months"
    if failures:
        why = ", from runs of 100 % months"
        suits = "a G chart of the cases between failures (chart='g' of n − y)"
    noise = "noise" if individuals else "likely noise"
    if suits == _GT:
        suits = (
            "a G chart of the cases between events (chart='g') or a T chart of the time "
            "between them (chart='t')"
        )
    return (
        f"{count} of {total} series on {a_chart}{' of y/n' if numerators and individuals else ''} "
        f"{verb} like counts of rare events (mostly zeros, or whole numbers with a mean "
        f"below {RARE_MEAN:g} per point): {shown}{more}. {kind} of "
        "such counts gives false special-cause signals (at a mean of 0.3 a month, the latest "
        f"point of about {often} in-control series{why}); its icons are {noise}"
        f"{', whatever the denominator' if numerators and not failures else ''}. Chart the "
        f"{'failures' if failures else 'events'} themselves: {suits}; see the documentation "
        "page 'Rare events: G and T charts'."
    )


#: How many measures the board's RareEventsWarning names (None: every one). The tasks of
#: :func:`qistats.spark.board` name every one (:func:`every_rare_measure`), so that the driver
#: can merge their warnings into the one :func:`qistats.board` gives, naming the first three.
RARE_MEASURES_SHOWN: ContextVar[int | None] = ContextVar("qistats_rare_measures_shown", default=3)


@contextmanager
def every_rare_measure() -> Iterator[None]:
    """Within the block, the board's RareEventsWarning names every measure."""
    token = RARE_MEASURES_SHOWN.set(None)
    try:
        yield
    finally:
        RARE_MEASURES_SHOWN.reset(token)


#: The words of :func:`board_rare_message` between its list of measures and its advice
BOARD_RARE_AFTER = ". A chart of such counts gives false special-cause signals"
#: Its words for rare series that are the numerators of a ratio, and for failures n − y
BOARD_RARE_RATIO = ", whatever the denominator of a ratio"
BOARD_RARE_FAILURES = "; of failures, for a proportion near 100 %"


def board_rare_message(
    count: int,
    total: int,
    charts: list[str],
    said: list[str],
    more_measures: int,
    ratio: bool,
    failures: bool,
) -> str:
    """The board's RareEventsWarning: ``count`` of its ``total`` series look like counts of
    rare events, on the ``charts`` (sorted names), measure by measure as ``said`` (the first
    three measures; ``more_measures`` not named); ``ratio``: some are the numerators of a
    ratio; ``failures``: some are a proportion's failures n − y. Also the text
    :mod:`qistats._spark_warnings` merges the buckets' warnings into."""
    more = f"; and {more_measures} more measures" if more_measures else ""
    often: dict[str, list[str]] = {}  # the share of false icons: the charts it is of
    for c in charts:
        often.setdefault(RARE_CHARTS[c][1], []).append(RARE_CHARTS[c][0])
    shares = ", ".join(f"about {k} in-control series on {' or '.join(v)}" for k, v in often.items())
    g_only = all(RARE_CHARTS[c][2] != RARE_CHARTS["xmr"][2] for c in charts)
    t = "" if g_only else " or 't' (the time between them)"
    return (
        f"{count} of the board's {total} series "
        f"{'look' if count > 1 else 'looks'} like counts of rare events (mostly zeros, "
        f"or whole numbers with a mean below {RARE_MEAN:g} per point) on "
        f"{' and '.join(map(repr, charts))} charts: {'; '.join(said)}{more}{BOARD_RARE_AFTER} "
        f"(at a mean of 0.3 a month, the latest point of {shares}): their icons are likely noise"
        f"{BOARD_RARE_RATIO if ratio else ''}"
        ", and the table's rare_events column and reason say so. Chart the events themselves: "
        f"set the measure's chart to 'g' (the cases between events"
        f"{BOARD_RARE_FAILURES if failures else ''}){t} in the measures table; "
        "see the documentation page 'Rare events: G and T charts'."
    )


def rare_note(
    means: np.ndarray,
    shares: np.ndarray,
    numerators: np.ndarray,
    charts: np.ndarray,
    per: np.ndarray,
    failures: np.ndarray | None = None,
) -> np.ndarray:
    """The sentence a board adds to the reason of each rare-event series (its mean count per
    point, share of zeros, whether the counts are the numerators of a ratio and its chart;
    ``failures``: whether they are a ratio's failures n − y).
    It quotes the series' own mean only: the share of false icons of :data:`RARE_CHARTS` is
    for a mean of 0.3, and beside a series at 0.57 read as a contradiction.
    ``per``: each series' period in words ("month", "week"; "point" where it has none), as
    the mean is said ("mean 0.27 a month"; "a point" read oddly on monthly data).

    >>> print(rare_note(np.array([0.27]), np.array([0.77]), np.array([False]), np.array(["c"]),
    ...                 np.array(["month"]))[0])  # doctest: +ELLIPSIS
     Its values are counts of rare events (mean 0.27 a month, 77% zeros): on a C chart ...
    """
    said = [RARE_CHARTS.get(c, RARE_CHARTS["xmr"]) for c in np.asarray(charts).tolist()]
    a_chart, suits = (np.array([w[i] for w in said], dtype=object) for i in (0, 2))
    with np.errstate(invalid="ignore"):
        mean = np.char.mod("%.2g", np.nan_to_num(means)).astype(object)
        share = np.char.mod("%.0f", np.nan_to_num(shares) * 100).astype(object)
    what = np.where(numerators, "numerators (events) are", "values are").astype(object)
    if failures is not None:  # a proportion near 100 %: its cases without the event are rare
        what = np.where(failures, "failures (cases without the event, n − y) are", what)
        suits = np.where(failures, "a G chart of the cases between failures", suits)
    return (
        " Its "
        + what
        + " counts of rare events (mean "
        + mean
        + " a "
        + per
        + ", "
        + share
        + "% zeros): on "
        + a_chart
        + " its special-cause icons are likely noise; "
        + suits
        + " suits it."
    ).astype(object)


#: A G or T chart's series whose dates are one row every so many days, within this factor
#: of each other (months: 28 to 31 days), are a calendar of periods, not dates of events.
PERIOD_GAPS = 1.2
_DAY_NS = 86_400e9


def _spacing_words(days: float) -> str:
    """A series' mean gap between dates in words: ``monthly``, ``weekly``, ..."""
    for lo, hi, words in (
        (0.9, 1.1, "daily"),
        (6.5, 7.5, "weekly"),
        (27.5, 31.5, "monthly"),
        (89.0, 92.5, "quarterly"),
        (364.0, 366.5, "yearly"),
    ):
        if lo <= days <= hi:
            return words
    return f"every {days:.3g} days"


def period_counts(
    xkey: np.ndarray, value: np.ndarray, lay: K.Layout
) -> tuple[np.ndarray, np.ndarray]:
    """The series of a G or T chart (``value``, one per point, ``xkey`` their dates in
    nanoseconds, ``lay`` the series) that look like counts per period: at least
    :data:`RARE_MIN_POINTS` points, their dates one row each on a regular calendar (the gaps
    between successive dates a day or more and within :data:`PERIOD_GAPS` of each other:
    monthly, weekly, daily dates; or every date the 1st of a month, or every one a month's
    last day, one a month, some months left out), their values whole numbers of 0 or more.
    The values of a G or T chart are the cases or the time between events, one row per event
    dated when it happened, which come at irregular dates. Returns the series and their mean
    gap in days (their shortest, for a calendar with periods left out).

    >>> day = 86_400 * 10**9
    >>> months = np.array([0, 31, 59, 90, 120, 151, 181]) * day
    >>> lay = K.Layout(np.zeros(7, dtype=np.intp), np.array([0]))
    >>> period_counts(months, np.array([0.0, 2, 1, 0, 3, 1, 0]), lay)[0].tolist()
    [0]
    >>> events = np.array([0, 3, 40, 41, 97, 160, 171]) * day
    >>> period_counts(events, np.array([12.0, 2, 35, 0, 50, 61, 8]), lay)[0].tolist()
    []

    The months that had events alone (1 Jan to 1 Oct 1970, March, May and June left out):

    >>> some = np.array([0, 31, 90, 181, 212, 243, 273]) * day
    >>> period_counts(some, np.array([1.0, 2, 1, 3, 1, 1, 2]), lay)[0].tolist()
    [0]
    """
    n_series = lay.n_seg
    n_pts = lay.lengths()
    x = np.asarray(xkey, dtype=float) / _DAY_NS
    gap = np.diff(x)
    within = lay.seg[1:] == lay.seg[:-1]
    gap = np.where(within, gap, np.nan)
    # each gap with its later point; a series' first point has none
    lo = np.minimum.reduceat(np.r_[np.inf, np.where(within, gap, np.inf)], lay.starts)
    hi = np.maximum.reduceat(np.r_[-np.inf, np.where(within, gap, -np.inf)], lay.starts)
    with np.errstate(invalid="ignore"):
        odd = ~((value >= 0) & (value == np.round(value)))  # (missing values too)
    even = (lo >= 0.9) & (hi <= PERIOD_GAPS * lo)
    # months with none left out (an incident system's export lists the months that had a
    # fall): every date the 1st of a month, or every one a month's last day, one a month
    # (one month missing broke the regular calendar)
    day = np.asarray(xkey, dtype=np.int64).astype("datetime64[ns]").astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    first = day == month.astype("datetime64[D]")
    last = (day + 1).astype("datetime64[M]") != month
    months = np.zeros(n_series, dtype=bool)
    if x.size:
        on_first = np.logical_and.reduceat(first, lay.starts)
        on_last = np.logical_and.reduceat(last, lay.starts)
        months = (on_first | on_last) & (lo >= 27.5)
    regular = (even | months) & (n_pts >= RARE_MIN_POINTS)
    regular &= np.bincount(lay.seg, weights=odd, minlength=n_series) == 0
    which = np.flatnonzero(regular)
    starts = lay.starts[which]
    ends = starts + n_pts[which] - 1
    days = (x[ends] - x[starts]) / np.maximum(n_pts[which] - 1, 1)
    # with periods left out, the step is the shortest gap (a month, a quarter), not the mean
    return which, np.where(even[which], days, lo[which])


def period_counts_message(chart: str, x: str, y: str, names: str, count: int, days: float) -> str:
    """The RareEventsWarning about series of counts per period on a G or T chart."""
    what = "cases" if chart == "g" else "time"
    series = f"{count} series" if count > 1 else "the series"
    first = f" (the first: {names})" if count > 1 and names else f" ({names})" if names else ""
    return (
        f"chart={chart!r}: {series}{first} {'have' if count > 1 else 'has'} x={x} on a "
        f"regular calendar ({_spacing_words(days)} dates, one row each) and y={y} whole "
        "numbers: counts of events per period? A "
        f"{'G' if chart == 'g' else 'T'} chart's y is the {what} between events, one row per "
        "event dated when it happened, so a chart of counts on it means nothing. Chart counts "
        "per period on a C chart (chart='c'), or per exposure on a U chart (chart='u', "
        "n=bed days), or give one row per event with the "
        f"{'cases' if chart == 'g' else 'days'} since the one before."
    )
