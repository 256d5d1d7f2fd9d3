"""Phases, baselines and exclusions: from the user's arguments to per-point masks and segments.

A *segment* is one series × one phase. Phases come from a column of labels (a new phase where the
label changes) or from x values at which a new phase starts. Within every phase, ``freeze`` picks
the baseline points from which the centre line and limits are computed; ``exclude`` removes points
from the centre line, limits and runs analysis.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from ._args import as_list, fmt, label, plural, serial_date, some_of
from ._calendar import Months, given_x, mixed_months, month_keys
from ._warn import warn
from .charts import Chart
from .errors import ArgumentError, BaselineWarning, DataError, DateWarning, NoDataWarning
from .frame import Prepared, exclude_flags


@dataclass
class Segments:
    """Segment layout of the prepared points."""

    lay: K.Layout  # segment of each point, first point of each segment
    series: np.ndarray  # series number of each segment
    labels: np.ndarray  # phase label of each segment (user labels, or 1, 2, ... per series)


def month_periods(p: Prepared) -> tuple[np.ndarray, Months] | None:
    """Each point's month key and the calendar of months, when the series date their months
    on different days (the 1st in some, month ends in others: extracts merged; see
    :func:`~qistats._calendar.mixed_months`, which reads a Spark call's every x too): a date
    given as ``freeze``, ``phase``, ``exclude`` or a board's ``rebase`` then means its month
    in every series, as in :func:`qistats.ambition`, so ``freeze="2021-03-01"`` ends the
    baseline with March whether a series dates it 2021-03-01 or 2021-03-31. None otherwise:
    a date is a point in time."""
    if p.x_converter.kind() != "datetime":
        return None
    if "months" not in p.memo:  # freeze, phase and exclude each ask
        found = mixed_months(np.asarray(p.xkey, dtype=float), p.series, given_x())
        p.memo["months"] = None if found is None else (found[1], found[0])
    return p.memo["months"]


def segments(p: Prepared, phase: Any, phase_is_column: bool) -> Segments:
    """Split every series into phases."""
    npts = p.n_points
    if phase is None:  # one phase per series: the series' layout itself
        starts = p.series_starts
        return Segments(
            lay=K.Layout(p.series, starts),
            series=p.series[starts],
            labels=np.ones(starts.size, dtype=np.intp),
        )
    new_series = np.zeros(npts, dtype=bool)
    new_series[p.series_starts] = True
    if phase_is_column:
        labels = p.columns["phase"]
        codes, uniques = pd.factorize(labels)
        bad = np.flatnonzero(codes < 0)
        if bad.size:
            raise DataError(
                f"phase={fmt(phase)}: the point {p.describe_point(int(bad[0]))} has a missing "
                "phase label; every row needs one."
            )
        key = codes
    else:
        _no_dict(phase, "phase")
        breaks = p.x_converter.keys(phase, "phase")
        _warn_outside(p, phase, breaks)
        xk, months = p.xkey, month_periods(p)
        if months is not None:  # months dated on different days: a date means its month
            xk, breaks = months[0], month_keys(months[1], breaks)
        breaks = np.sort(breaks)
        key = np.searchsorted(breaks, xk, side="right")
    change = new_series.copy()
    change[1:] |= key[1:] != key[:-1]
    starts = np.flatnonzero(change)
    lay = K.Layout.from_starts(starts, npts)
    seg_series = p.series[starts]
    if phase_is_column:
        # a label that comes back after another phase is ambiguous
        pair = seg_series.astype(np.int64) * (len(uniques) + 1) + key[starts]
        _, first, counts = np.unique(pair, return_index=True, return_counts=True)
        if (counts > 1).any():
            s = int(np.sort(first[counts > 1])[0])
            later = starts[np.flatnonzero(pair == pair[s])[1]]
            raise DataError(
                f"phase={fmt(phase)}: the label {fmt(labels[later])} starts again at "
                f"{p.describe_point(int(later))} after another phase; a phase must be one "
                "unbroken stretch of its series (give the later stretch its own label)."
            )
        seg_labels = np.asarray(labels[starts])
    else:
        first_seg_of_series = np.flatnonzero(np.concatenate(([True], np.diff(seg_series) != 0)))
        seg_labels = K.position_in_segment(first_seg_of_series, starts.size) + 1
    return Segments(lay=lay, series=seg_series, labels=seg_labels)


_PER_SERIES = {
    "phase": (
        "x values at which a new phase starts in every series (e.g. phase=['2022-04-01']), or "
        "the name of a column of phase labels for phases that differ between series (a new "
        "phase wherever a series' label changes)"
    ),
    "exclude": (
        "x values left out of every series (e.g. exclude=['2020-04-01']), or the name of a "
        "boolean column (True: leave that point out) for exclusions that differ between series"
    ),
}


def _no_dict(value: Any, arg: str) -> None:
    """Refuse a {series: values} dict for phase or exclude, saying what they take instead."""
    if isinstance(value, Mapping):
        raise ArgumentError(
            f"{arg}={fmt(value)}: {arg}= takes no dict of series; it takes {_PER_SERIES[arg]}."
        )


def _warn_outside(p: Prepared, phase: Any, breaks: np.ndarray) -> None:
    """A NoDataWarning for phase starts before or after every x of the data (a mistyped
    year, say): they start no phase."""
    lo, hi = p.xkey.min(), p.xkey.max()
    outside = np.flatnonzero((breaks < lo) | (breaks > hi))
    if outside.size:
        vals = as_list(phase)
        xs = p.keys[p.x_name]
        first, last = fmt(xs.iloc[int(np.argmin(p.xkey))]), fmt(xs.iloc[int(np.argmax(p.xkey))])
        which = ", ".join(fmt(vals[int(i)]) for i in outside)
        warn(
            f"phase={fmt(phase)}: {which} {'is' if outside.size == 1 else 'are'} outside the "
            f"data, whose x ({label(p.x_name)}) runs from {first} to {last}; a phase start "
            "before the first x or after the last starts no new phase.",
            NoDataWarning,
        )


#: What per-row ``phase`` labels or ``exclude`` flags may be given as (a pandas array, such as
#: ``Series.array`` or ``pd.array(..., dtype="boolean")``, as a list or numpy array is)
PER_ROW_TYPES = (list, np.ndarray, pd.Series, pd.Index, pd.api.extensions.ExtensionArray)


def per_row(value: Any, arg: str) -> bool:
    """Whether ``phase`` or ``exclude`` values are one per row (as qicharts2's ``part``), not x
    values: phase labels repeat (the x values at which phases start never do) and exclusion
    flags are True/False, or 0/1 that repeat (x values to exclude never repeat)."""
    if not isinstance(value, PER_ROW_TYPES) or len(value) < 2:
        return False
    values = pd.Series(np.asarray(value, dtype=object))
    if arg == "exclude":
        if values.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            return True
        return _zero_one(values) and bool(values.duplicated().any())
    return bool(values.duplicated().any())


def _zero_one(values: pd.Series) -> bool:
    """Whether every value is the number 0 or 1 (an exclusion flag from a spreadsheet)."""
    return bool(
        values.map(
            lambda v: isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1)
        ).all()
    )


#: The hidden column label of per-row values (see :func:`per_row_column`).
ROWS_COLUMN = {"phase": "phase (per row)", "exclude": "exclude (per row)"}


def per_row_column(
    data: pd.DataFrame, value: Any, arg: str, x: Hashable | None = None
) -> pd.DataFrame | None:
    """``data`` with per-row ``phase`` labels or ``exclude`` flags added as a column (labelled
    :data:`ROWS_COLUMN`, read as the column of that name would be); None when ``value`` is not
    per-row values (see :func:`per_row`). The user's frame is not modified.

    A list, numpy array or pandas array (``Series.array``) is matched to the rows by position;
    a Series by its index, which must be the data's. A missing value among ``exclude`` flags
    is not excluded (see :func:`_fill_missing_flags`).
    """
    if arg == "exclude":
        value = _fill_missing_flags(data, value)
    if not per_row(value, arg):
        return None
    what = "labels" if arg == "phase" else "flags (True: excluded)"
    if len(value) != len(data):
        starts = (
            "the x values at which new phases start, each once"
            if arg == "phase"
            else "the x values to exclude"
        )
        raise ArgumentError(
            f"{arg}={fmt(value)}: read as per-row {what}, but there are {len(value)} for "
            f"{len(data)} rows of data; give one per row, in the data's row order, or "
            f"{starts}."
        )
    if isinstance(value, pd.Series) and not value.index.equals(data.index):
        raise ArgumentError(
            f"{arg}: a Series of per-row {what} is matched to the rows by its index, which is "
            f"not the data's; pass {arg}=values.to_numpy() to match them by position."
        )
    if isinstance(value, pd.Series | pd.Index):
        value = value.to_numpy()
    column = ROWS_COLUMN[arg]
    if column in data.columns:
        raise ArgumentError(
            f"{arg}: per-row {what} go in a column labelled {column!r}, which the data "
            "already has; pass that column's name instead."
        )
    return data.assign(**{column: np.asarray(value, dtype=bool if arg == "exclude" else None)})


def _fill_missing_flags(data: pd.DataFrame, value: Any) -> Any:
    """``exclude`` values, one per row of ``data``, that are True/False (or 1/0) flags but for
    missing values (a column ticked True where excluded and blank elsewhere, as analysts make
    it in Excel; a pandas ``boolean`` Series with ``<NA>``; a polars comparison over a column
    with nulls), as bool flags with each missing value False: a blank is not excluded, as in an
    ``exclude`` column (read by that column's rule, :func:`qistats.frame.exclude_flags`).
    Values all missing are no flags excluded. Any other ``value`` is returned as it is."""
    if not isinstance(value, PER_ROW_TYPES) or len(value) != len(data):
        return value
    values = pd.Series(np.asarray(value, dtype=object))
    if len(values) < 2 or not values.isna().any():
        return value
    flags = exclude_flags(values)  # the exclude column's rule: bools or 0/1, blanks False
    if flags is None:
        return value
    return pd.Series(flags, index=value.index) if isinstance(value, pd.Series) else flags


#: Dates are read as points in time only on data at least this far apart (days, typical gap):
#: monthly, weekly, quarterly x. Daily or event data have a date between most pairs of x.
_PERIODIC_DAYS = 6.5


def warn_dates_inside(
    p: Prepared, freeze: Any, phase: Any, phase_is_column: bool, per_series: bool = True
) -> None:
    """A DateWarning for a ``freeze`` or ``phase`` date that is no x value of the data but
    falls strictly between two successive x values of periodic dates (month ends, say): a
    date is a point in time here, so ``freeze="2022-09-01"`` on month-end data ends the
    baseline at 31 August, and ``phase=["2022-09-15"]`` on month starts begins at 1 October.
    The message names the two x values and what to write for either meaning.

    ``per_series`` (every series of ``p`` takes the date: not a board's chart group of
    measures): a date that is an x value of some series but falls between two of another's
    (weeks dated from Monday in one ward, from Sunday in another) is named with that series
    (:func:`_warn_between_in_series`)."""
    given = []
    if freeze is not None and not _is_number_like(freeze):
        given.append(("freeze", freeze, p.x_converter.ends(freeze, "freeze")))
    if phase is not None and not phase_is_column:
        given.append(("phase", phase, p.x_converter.keys(phase, "phase")))
    if not given or p.x_converter.kind() != "datetime" or month_periods(p) is not None:
        return  # (months dated on different days: a date means its month, no point in time)
    if per_series:
        for arg, value, keys in given:  # an x of one series, between two of another's
            shown = as_list(value) if arg == "phase" else [value]
            if _warn_between_in_series(p, arg, value, shown, keys):
                return
    xs, first = np.unique(p.xkey, return_index=True)
    if xs.size < 2 or np.median(np.diff(xs)) < _PERIODIC_DAYS * 86_400e9:
        return
    values = p.keys[p.x_name].to_numpy()[first]
    for arg, value, keys in given:  # two arguments, each a few dates
        pos = np.searchsorted(xs, keys)
        inside = np.flatnonzero((pos > 0) & (pos < xs.size))
        inside = inside[xs[pos[inside]] != keys[inside]]
        if arg == "freeze":  # "2023-03-31" on month starts: up to March, as ambition reads it
            inside = inside[~_period_ends(xs, pos[inside] - 1, keys[inside])]
            # '2023-06' names June: an x in June (2023-06-30) ends the baseline as meant
            start = p.x_converter.keys(freeze, "freeze")
            inside = inside[(keys[inside] == start[inside]) | (xs[pos[inside] - 1] < start[inside])]
        else:  # phase=['2023-06'] starts at 2023-06-30, in June, as meant
            inside = inside[xs[pos[inside]] > p.x_converter.ends(value, arg)[inside]]
        if not inside.size:
            continue
        j = int(inside[0])
        lo, hi = (f"'{fmt(v)}'" for v in (values[pos[j] - 1], values[pos[j]]))
        shown = fmt(as_list(value)[j]) if arg == "phase" else fmt(value)
        if arg == "freeze":
            means = (
                f"the baseline is the points at or before it, so it ends at {lo}. Write "
                f"freeze={hi} to end it with the period of {hi}, or freeze={lo} to say you mean "
                f"{lo}"
            )
        else:
            means = (
                f"a new phase starts at the first point at or after it, {hi}. Write {hi} to say "
                f"so, or {lo} to start the phase with the period of {lo}"
            )
        warn(
            f"{arg}={shown} falls between the x values {lo} and {hi} (x={fmt(p.x_name)}), "
            f"not on one: {means}. (qi.spc reads a date as a point in time; qi.ambition reads "
            "it as the whole period it falls in.)",
            DateWarning,
        )


def _between_in_series(p: Prepared, key: Any) -> tuple[np.ndarray, np.ndarray]:
    """The series (numbers) of periodic dates (a mean step of :data:`_PERIODIC_DAYS` or more)
    for which the date ``key`` (an x key) falls strictly between two successive x values,
    when it is an x value of another series; and the point before it in each. None of them
    when it is no series' x (the checks of all series' x values name that)."""
    xk = p.xkey
    at = xk == key
    starts = p.series_starts
    none = np.zeros(0, dtype=np.intp)
    whole = given_x()  # a Spark bucket: the date may be an x of another bucket's series
    if not at.any() and (whole is None or not np.isin(key, whole)):
        return none, none
    if starts.size < 2 and whole is None:
        return none, none
    size = np.diff(np.append(starts, xk.size))
    before = np.add.reduceat((xk < key).astype(np.intp), starts)
    has = np.add.reduceat(at.astype(np.intp), starts) > 0
    last = starts + size - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        step = (xk[last] - xk[starts]) / np.maximum(size - 1, 1)
    periodic = (size >= 2) & (step >= _PERIODIC_DAYS * 86_400e9)
    which = np.flatnonzero(~has & (before > 0) & (before < size) & periodic)
    return which, starts[which] + before[which] - 1


def _warn_between_in_series(
    p: Prepared, arg: str, value: Any, shown: list[Any], keys: np.ndarray
) -> bool:
    """The DateWarning of :func:`warn_dates_inside` and :func:`warn_exclude_inside` for the
    first of ``keys`` (x keys of the dates ``shown`` given as ``arg=value``) that is an x value
    of some series but falls between two x values of others: whether one was given. A Spark
    bucket names its own series (the date an x of the whole data's, :func:`given_x`)."""
    for j, key in enumerate(keys):
        which, lo = _between_in_series(p, key)
        if not which.size:
            continue
        x = p.keys[p.x_name]
        before, after = (fmt(x.iloc[int(i)]) for i in (lo[0], lo[0] + 1))
        means = {
            "freeze": f"its baseline ends at {before}",
            "phase": f"its new phase starts at {after}",
            "exclude": "nothing is excluded there",
        }[arg]
        warn(
            f"{arg}={fmt(value)}: {fmt(shown[j])} is an x value of some series but not of "
            f"{p.name_series(which)}, where it falls between "
            f"{before} and {after} (x={fmt(p.x_name)}): {means}. Do the series date their "
            "periods on different days (weeks from Monday in some, from Sunday in others)? "
            "Date them alike (each week by its Monday, say), or chart those series in a call "
            "of their own with their own date.",
            DateWarning,
        )
        return True
    return False


def warn_exclude_inside(p: Prepared, exclude: Any, exclude_is_column: bool) -> None:
    """A DateWarning for a date of ``exclude`` that is an x value of some series but falls
    between two x values of another's periodic dates (:func:`_between_in_series`): it
    excludes a point of the one and none of the other. (A date that is no series' x is
    refused by :func:`include_mask`; ``'YYYY-MM'`` takes every x in its month.)"""
    if exclude is None or exclude_is_column or p.x_converter.kind() != "datetime":
        return
    if month_periods(p) is not None:  # (months dated on different days: a date means its month)
        return
    keys = p.x_converter.keys(exclude, "exclude")
    exact = keys == p.x_converter.ends(exclude, "exclude")
    _warn_between_in_series(
        p,
        "exclude",
        exclude,
        [v for v, e in zip(as_list(exclude), exact, strict=True) if e],
        keys[exact],
    )


def _period_ends(xs: np.ndarray, lo: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each date ``keys`` (x keys) is the last day of the period of the x value
    ``xs[lo]``, on x dated at the 1st of a month (month starts, quarter starts, years from
    1 April): "2023-03-31" for the month of 1 March 2023, or the quarter of 1 January 2023
    (not "2023-02-28", inside that quarter), the period's months being the most common step
    between the distinct x ``xs`` (sorted keys). A date's point-in-time reading and its
    whole-period one agree on a ``freeze`` there: the baseline ends with that period.

    >>> xs = pd.date_range("2023-01-01", periods=4, freq="QS").as_unit("ns").asi8
    >>> keys = pd.to_datetime(["2023-03-31", "2023-02-28", "2023-03-30"]).as_unit("ns").asi8
    >>> _period_ends(xs, np.zeros(3, dtype=int), keys).tolist()
    [True, False, False]
    """
    x = pd.DatetimeIndex(pd.to_datetime(xs))
    if not keys.size or not (x.day == 1).all() or (x != x.normalize()).any():
        return np.zeros(keys.size, dtype=bool)
    month = x.year * 12 + x.month
    steps, counts = np.unique(np.diff(month), return_counts=True)
    step = int(steps[np.argmax(counts)])  # the commonest (smallest among ties)
    t = pd.DatetimeIndex(pd.to_datetime(keys))
    end = (t + pd.Timedelta(days=1)).day == 1  # the last day of its month, at midnight
    end &= t == t.normalize()
    into = (t.year * 12 + t.month) - month[lo]  # months from the period's first to the date's
    return np.asarray(end & (into == step - 1), dtype=bool)


def _is_number_like(freeze: Any) -> bool:
    """``freeze`` given as a number of points (not a date)."""
    return isinstance(freeze, (int, float, np.integer, np.floating)) and not isinstance(
        freeze, (bool, np.bool_)
    )


_PER_ROW = {
    "phase": (
        "not x values, and as per-row labels would make every point its own phase",
        "the x values at which new phases start, or one label per row (the same label for "
        "every point of a phase)",
    ),
    "exclude": (
        "neither x values nor True/False flags",
        "a list of the x values to exclude, or one True/False flag per row (True: excluded)",
    ),
}


def refuse_per_row(value: Any, rows: int, arg: str, err: ArgumentError) -> ArgumentError:
    """The error for ``value`` given as ``arg``, which could not be read as x values: when it
    has one value per row of the data but is not per-row values either (see :func:`per_row`),
    say what ``arg`` takes; otherwise ``err`` itself."""
    if not (isinstance(value, PER_ROW_TYPES) and rows > 1 and len(value) == rows):
        return err
    why, takes = _PER_ROW[arg]
    return ArgumentError(
        f"{arg}: got {rows} values, one per row of data, which are {why}. "
        f"{arg} takes a column name, {takes}."
    )


def include_mask(p: Prepared, exclude: Any, exclude_is_column: bool) -> np.ndarray:
    """True for points that take part in the centre line, limits and runs analysis."""
    if exclude is None:
        return np.ones(p.n_points, dtype=bool)
    if exclude_is_column:
        return ~p.columns["exclude"]
    _no_dict(exclude, "exclude")
    keys = p.x_converter.keys(exclude, "exclude")
    last = p.x_converter.ends(exclude, "exclude")  # '2023-06': every point in June
    xk, months = p.xkey, month_periods(p)
    if months is not None:  # months dated on different days: a date means its month
        xk, keys, last = months[0], month_keys(months[1], keys), month_keys(months[1], last)
    if (last == keys).all():
        hit = np.isin(xk, keys)
        missing = ~np.isin(keys, xk)
    else:
        order = np.argsort(keys, kind="stable")
        reach = np.maximum.accumulate(last[order])  # the furthest end of spans started by x
        at = np.searchsorted(keys[order], xk, side="right") - 1
        hit = (at >= 0) & (xk <= reach[np.maximum(at, 0)])
        xs = np.unique(xk)
        pos = np.searchsorted(xs, keys)
        missing = ~((pos < xs.size) & (xs[np.minimum(pos, xs.size - 1)] <= last))
    whole = given_x()
    if missing.any() and whole is not None and months is None:
        # a Spark bucket: a date that is an x of another bucket's series is no error here,
        # as in qi.spc on all the rows (:func:`warn_exclude_inside` names the series)
        xs = np.unique(whole)
        pos = np.searchsorted(xs, keys)
        missing &= ~((pos < xs.size) & (xs[np.minimum(pos, xs.size - 1)] <= last))
    if missing.any():
        vals = as_list(exclude)
        j = int(np.flatnonzero(missing)[0])
        xs, first = np.unique(xk, return_index=True)
        pos = int(np.searchsorted(xs, keys[j]))
        near = ""
        if 0 < pos < xs.size:  # name the x values it falls between, which it may mean
            lo, hi = (p.keys[p.x_name].iloc[int(first[i])] for i in (pos - 1, pos))
            near = f"; it falls between {fmt(lo)} and {fmt(hi)}, so write one of them"
        raise ArgumentError(
            f"exclude={fmt(exclude)}: {fmt(vals[j])} is not an x value of any series (x is "
            f"{fmt(p.x_name)}){near}. exclude takes x values exactly, or a month as "
            "'YYYY-MM' for every x in it."
        )
    return ~hit


def baseline_mask(
    p: Prepared, segs: Segments, freeze: Any, chart: Chart | None = None
) -> np.ndarray:
    """True for the baseline points of every phase (all points when ``freeze`` is None).

    ``freeze=k`` (a whole number; a float such as 12.0 too unless x holds numbers) makes the
    first k points of every phase its baseline; a phase with fewer points is all baseline.
    A k below the ``chart``'s ``min_baseline``, the fewest baseline points that give it limits
    (2 where sigma comes from moving ranges), is refused: no phase longer than k would have
    limits.
    ``freeze`` as an x value (a date, say) makes the points at or before it the baseline; a
    phase that starts after it is its own baseline. A series with no point in the baseline
    asked for (a late starter, or fewer than k points) is all baseline, and a
    :class:`~qistats.BaselineWarning` names it.
    """
    npts = p.n_points
    if freeze is None:
        return np.ones(npts, dtype=bool)
    if isinstance(freeze, (bool, np.bool_, list, tuple, set, dict, np.ndarray, pd.Series)):
        raise ArgumentError(
            f"freeze={fmt(freeze)}: expected one value: a number of baseline points, or the "
            "last x of the baseline."
        )
    lengths = np.diff(np.append(p.series_starts, npts))
    if _is_count(freeze, p.x_converter.kind()):
        if freeze < 1:
            raise ArgumentError(f"freeze={fmt(freeze)}: expected at least 1 baseline point.")
        if chart is not None and freeze < chart.min_baseline:
            fewest = chart.min_baseline
            raise ArgumentError(
                f"freeze={fmt(freeze)}: a baseline of {plural(int(freeze), 'point')} gives no "
                f"limits on chart={fmt(chart.name)}, whose sigma comes from moving ranges, "
                f"which need {fewest} successive points. Give freeze={fewest} or more, or no "
                "freeze."
            )
        k = int(min(freeze, npts + 1))
        why = f"fewer than the {fmt(int(freeze))} baseline points asked for"
        also_x = p.x_converter.kind() == "number" and bool(np.any(p.xkey == float(freeze)))
        if also_x and (lengths < k).any():  # a year, say: 2019 on x = 2005 … 2024
            why += (
                f"; an int freeze is read as a number of points, but {fmt(int(freeze))} is "
                f"also an x value: for the points up to x = {fmt(int(freeze))} write "
                f"freeze={float(freeze)!r}"
            )
        hint = serial_date_hint(p, freeze)
        _warn_late(p, lengths < k, f"freeze={fmt(freeze)}", why, hint)
        if hint and not (lengths < k).any():
            warn_serial_count(p, freeze, f"freeze={fmt(freeze)}", hint)
        return K.position_in_segment(segs.lay.starts, npts) < k
    key = p.x_converter.ends(freeze, "freeze")[0]  # '2023-06': all of June
    xk, months = p.xkey, month_periods(p)
    if months is not None:  # months dated on different days: a date means its month
        xk, key = months[0], month_keys(months[1], np.array([key]))[0]
    base = xk <= key
    _warn_late(p, xk[p.series_starts] > key, f"freeze={fmt(freeze)}", "no point by then")
    # a date after a series' data (2030 typed for 2020) makes it all baseline, as freeze=60
    # does a series of 40 points: said as that is
    ends = np.append(p.series_starts[1:], npts) - 1
    _warn_late(p, xk[ends] < key, f"freeze={fmt(freeze)}", "no point after it (a mistyped date?)")
    has_base = K.seg_count(base, segs.lay) > 0
    return base | ~has_base[segs.lay.seg]


def _is_count(freeze: Any, x_kind: str) -> bool:
    """``freeze`` is a number of points: an int, or a whole float when x is not numbers."""
    if isinstance(freeze, (int, np.integer)):
        return True
    if isinstance(freeze, (float, np.floating)) and x_kind != "number":
        if not (math.isfinite(freeze) and float(freeze).is_integer()):
            raise ArgumentError(
                f"freeze={fmt(freeze)}: expected a whole number of baseline points or an x value."
            )
        return True
    return False


def _warn_late(p: Prepared, late: np.ndarray, arg: str, why: str, then: str = "") -> None:
    """Warn, naming them, about series whose every point becomes their baseline (``then``:
    advice added at the end)."""
    which = np.flatnonzero(late)
    if which.size:
        warn(
            f"{arg}: {some_of(which.size, late.size, 'series')} {why} "
            f"({p.name_series(which)}); "
            + ("it is" if which.size == 1 else "each of them is")
            + " its own baseline (all its points)."
            + then,
            BaselineWarning,
        )


def serial_date_hint(p: Prepared, value: Any, write: str = "freeze='{}'") -> str:
    """Advice for a number ``value`` (a count of points) that reads as an Excel serial date
    on an x of dates (see :func:`serial_date`), or "": the date it is, and how to give it
    (``write``, with ``{}`` for the ISO date)."""
    when = serial_date(value)
    if when is None or p.x_converter.kind() != "datetime":
        return ""
    iso = f"{when:%Y-%m-%d}"
    return (
        f" x ({label(p.x_name)}) holds dates: did you mean {iso} (Excel serial date "
        f"{float(value):.0f})? Then write {write.format(iso)}."
    )


def warn_serial_count(p: Prepared, value: Any, arg: str, hint: str) -> None:
    """A DateWarning for a count of points (``arg``, as it reads in the message) that every
    series has but that reads as an Excel serial date within the data's dates (``hint``,
    from :func:`serial_date_hint`): taken as a count, it may have been meant as the date."""
    when = serial_date(value)
    try:
        key = p.x_converter.keys(when, "freeze")[0]
    except ArgumentError:  # a date the x's time zone cannot hold
        return
    if p.xkey.min() <= key <= p.xkey.max():
        warn(
            f"{arg}: read as a number of baseline points ({float(value):.0f}), but it is also "
            "an Excel serial date within the data's dates." + hint,
            DateWarning,
        )


def blank_baselines(
    segs: Segments, baseline: np.ndarray, used: np.ndarray, counted: np.ndarray, need: np.ndarray
) -> np.ndarray:
    """The phases whose baseline, a ``freeze=k`` count (``counted``: per phase, whether its
    baseline is one), is short only because rows inside it have no value or are excluded:
    ``freeze=k`` counts listed rows, blank ones included, as qicharts2's ``freeze`` does (its
    ``baseline`` is ``xx <= freeze``), so a blank month among the first 12 leaves 11 observed
    points. True where the baseline is shorter than its phase, has fewer than
    ``need`` (per phase) of the ``used`` points (observed and included), more than none, and
    at least ``need`` rows."""
    lay = segs.lay
    rows = K.seg_count(baseline, lay)
    base = K.seg_count(baseline & used, lay)
    frozen = base < K.seg_count(used, lay)
    return counted & frozen & (base > 0) & (base < need) & (rows > base) & (rows >= need)


def blank_baseline_note(
    p: Prepared,
    segs: Segments,
    j: int,
    baseline: np.ndarray,
    observed: np.ndarray,
    used: np.ndarray,
    need: int,
    write: tuple[str, str],
) -> str:
    """The words for phase ``j``, one of :func:`blank_baselines`: its baseline rows without a
    value (the first named) or excluded, and what gives it ``need`` observed points: the x of
    its ``need``-th such point as a ``freeze`` date (on an x of dates, when every series is
    one phase, as a date then ends the baseline of each), or a larger count. ``write``: how
    to give a date and a count, each with ``{}`` for the value."""
    lay = segs.lay
    start = int(lay.starts[j])
    end = int(lay.starts[j + 1]) if j + 1 < lay.n_seg else lay.n_points
    rows = np.flatnonzero(baseline[start:end]) + start
    blank = rows[~observed[rows]]
    excluded = rows[observed[rows] & ~used[rows]]
    x = p.x_name

    def verb(k: int) -> str:
        return "is" if k == 1 else "are"

    out = f"of the {rows.size} rows of its baseline"
    if blank.size:
        first = (
            f"{label(x)}={fmt(p.keys[x].iloc[int(blank[0])])}"
            if p.x_given
            else f"point {blank[0] - start + 1}"
        )
        first = first if blank.size == 1 else f"the first: {first}"
        out = f"{blank.size} {out} {verb(blank.size)} blank ({first})"
        if excluded.size:
            out += f" and {excluded.size} {verb(excluded.size)} excluded"
    else:
        out = f"{excluded.size} {out} {verb(excluded.size)} excluded"
    said = f"in {p.describe_series(int(segs.series[j]))}, phase {fmt(segs.labels[j])}, {out}"
    reach = np.flatnonzero(np.cumsum(used[start:end]) == need)
    if not reach.size:
        return said + "."
    at = int(reach[0])
    how = write[1].format(at + 1)
    one_phase = lay.n_seg == p.series_starts.size
    if p.x_given and p.x_converter.kind() == "datetime" and one_phase:
        v = p.keys[x].iloc[start + at]
        when = str(v) if isinstance(v, pd.Period) else f"{pd.Timestamp(v):%Y-%m-%d}"
        how = f"{write[0].format(when)} (the date of its {_ordinal(need)} observed point) or {how}"
    return f"{said}. For a baseline of {need} observed points, write {how}."


def _ordinal(k: int) -> str:
    """``1st``, ``2nd``, ``12th``, ``23rd``.

    >>> [_ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 112)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '112th']
    """
    end = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{end}"
