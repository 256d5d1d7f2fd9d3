"""An x that restarts: a month number 1..12 for one year and 1..12 again for the next in one
series (a week, quarter or day-of-month number the same). Rows sharing a series and x are
one point, so each point silently pools two periods. :func:`find_restarts` finds such series
(vectorised over all series at once) and :func:`warn_restarts` gives one
:class:`~qistats.DateWarning` per call.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _kernels as K
from ._args import fmt, plural
from ._duplicates import _DEDUPLICATE
from ._interop import source
from ._rows import _describe_row
from ._warn import warn
from .errors import DateWarning

#: Each run of a restarting series (its rows in the data's order, up to the next fall of x)
#: has at least this many rows: shuffled rows rise for two rows at a time or so.
MIN_RUN = 3

#: A period number (a day of the year, a week, a month, a quarter) is a whole number from 0
#: to this; years and year-and-month numbers (202401) are not.
MAX_PERIOD = 366

#: At least this share of the rises within runs are the series' smallest rise (a period
#: number steps by 1, with a few periods missing); rows of patients' visits sorted by patient
#: rise irregularly.
REGULAR_SHARE = 0.75


@dataclass
class Restarts:
    """Series whose x restarts, found by :func:`find_restarts`: how many, and the first
    named (its series, the row where x falls, the two x values, its rows and points)."""

    series: int
    first: str
    fate: str = "are summed"  # what becomes of rows sharing a series and x
    copied: str = ""  # how to drop copies, when the rows from the fall repeat earlier ones


def find_restarts(
    data: pd.DataFrame,
    codes: np.ndarray,
    xkey: np.ndarray,
    by: list[Hashable],
    x: Hashable,
) -> Restarts | None:
    """The series (``codes``, in the data's order) whose numeric x (``xkey``, in the data's
    order) restarts like a period number (whole numbers from 0 to :data:`MAX_PERIOD`): their
    rows, in the data's order, fall into two or more runs, each strictly rising (no x
    repeated within a run) with at least :data:`MIN_RUN` rows and mostly regular steps
    (:data:`REGULAR_SHARE`), each run after the first starting at or below the x where the
    run before it started or at the bottom of the cycle (the series' smallest x, or one step
    above it: a January missing), each run but the last reaching the series' largest x (or
    one step short of it), and some rows of the series sharing an x. Record-level data (rows
    of equal x next to each other, or shuffled rows rising for a row or two), shuffled
    monthly data (no x repeated), years and dates are not
    such series.

    >>> codes = np.zeros(24, dtype=np.intp)
    >>> month = np.tile(np.arange(1.0, 13.0), 2)
    >>> frame = pd.DataFrame({"month": month.astype(int)})
    >>> find_restarts(frame, codes, month, [], "month").first
    "from 12 to 1 at row with index label 12, and the series' 24 rows became 12 points"
    """
    m = codes.size
    if m < 2 * MIN_RUN:
        return None
    key = np.asarray(xkey, dtype=float)
    # each series' rows together, in the data's order (a radix sort for 16-bit codes)
    small = codes.size and int(codes.max()) < 2**16 and int(codes.min()) >= 0
    order = np.argsort(codes.astype(np.uint16) if small else codes, kind="stable")
    cs, xs = codes[order], key[order]
    new = np.r_[True, cs[1:] != cs[:-1]]
    starts = np.flatnonzero(new)
    lay = K.Layout(np.cumsum(new) - 1, starts)
    d = np.diff(xs)
    within = ~new[1:]
    with np.errstate(invalid="ignore"):
        down = within & (d < 0)
        up = within & (d > 0)
    odd = within & ~down & ~up  # a repeated x next to itself, or a missing one
    with np.errstate(invalid="ignore"):  # a period number: whole, 0 to 366 (a day of the year)
        number = (xs >= 0) & (xs <= MAX_PERIOD) & (xs == np.round(xs))
    bad = np.r_[odd, False] | ~number
    # runs: a new series or a fall of x starts one
    run_start = new | np.r_[False, down]
    rs = np.flatnonzero(run_start)
    run_len = np.diff(np.r_[rs, m])
    run_series = lay.seg[rs]
    n_series = starts.size
    n_runs = np.bincount(run_series, minlength=n_series)
    shortest = np.minimum.reduceat(run_len, np.flatnonzero(new[rs]))  # (runs by series)
    candidate = (n_runs >= 2) & (shortest >= MIN_RUN)
    candidate &= np.bincount(lay.seg, weights=bad, minlength=n_series) == 0
    if not candidate.any():
        return None
    # mostly regular steps within runs: the smallest rise of the series, mostly
    rises = np.where(up, d, np.inf)
    seg_of_pair = lay.seg[1:]
    step = np.minimum.reduceat(np.r_[np.inf, rises], starts)  # a rise with its later row
    # each run after a series' first starts at or below where the run before it started, or
    # at the bottom of the cycle (the series' smallest x, or one step above it: a January
    # missing); patients' visits, sorted by patient, start anywhere
    first_x = xs[rs]
    later = ~new[rs]
    bottom = np.minimum.reduceat(xs, starts) + step
    higher = np.zeros(rs.size, dtype=bool)
    with np.errstate(invalid="ignore"):
        higher[1:] = (
            later[1:]
            & (first_x[1:] > first_x[:-1])
            & (first_x[1:] > bottom[run_series[1:]] + 1e-9 * np.abs(bottom[run_series[1:]]))
        )
    candidate &= np.bincount(run_series, weights=higher, minlength=n_series) == 0
    with np.errstate(invalid="ignore"):
        regular = up & np.isclose(d, step[seg_of_pair], rtol=1e-9, atol=0)
    n_up = np.bincount(seg_of_pair, weights=up, minlength=n_series)
    n_regular = np.bincount(seg_of_pair, weights=regular, minlength=n_series)
    candidate &= n_regular >= REGULAR_SHARE * n_up
    # every run but the last reaches the top of the cycle (the series' largest x, or one
    # step short of it: a December missing); visits of patients end anywhere
    top = np.maximum.reduceat(xs, starts)
    last_x = xs[np.r_[rs[1:], m] - 1]
    not_last = np.r_[run_series[1:] == run_series[:-1], False]
    with np.errstate(invalid="ignore"):
        short = not_last & (last_x < (top - step)[run_series] - 1e-9 * np.abs(top[run_series]))
    candidate &= np.bincount(run_series, weights=short, minlength=n_series) == 0
    if not candidate.any():
        return None
    # rows sharing an x within the series (so that points pool periods)
    by_x = np.lexsort((xs, cs))  # positions in cs order, each series by x
    seg_x = lay.seg[by_x]
    same = (seg_x[1:] == seg_x[:-1]) & (xs[by_x][1:] == xs[by_x][:-1])
    n_rows = lay.lengths()
    n_points = n_rows - np.bincount(seg_x[1:][same], minlength=n_series)
    candidate &= n_points < n_rows
    hit = np.flatnonzero(candidate)
    if not hit.size:
        return None
    s = int(hit[0])
    fall = int(np.flatnonzero(down & (seg_of_pair == s))[0]) + 1  # sorted position
    row = int(order[fall])
    before, after = data[x].iloc[int(order[fall - 1])], data[x].iloc[row]
    return Restarts(
        int(hit.size),
        f"from {fmt(before)} to {fmt(after)} at {_describe_row(data, row, by, None)}, and the "
        f"series' {plural(int(n_rows[s]), 'row')} became {plural(int(n_points[s]), 'point')}",
        copied=_copied(data, order[starts[s] : starts[s] + int(n_rows[s])], fall - starts[s]),
    )


def _copied(data: pd.DataFrame, rows: np.ndarray, fall: int) -> str:
    """How to drop copies (``data.drop_duplicates()`` in the data's library) when every row of
    a restarting series from its first fall of x on (``rows``: the series' rows in the data's
    order; ``fall``: the position among them of the first row after the fall) repeats an
    earlier row of the series in every column: a block of rows pasted twice, not a period
    number that starts again each year. Otherwise ""."""
    try:
        twin = data.iloc[rows].duplicated().to_numpy()
    except TypeError:  # unhashable values (lists) in some column: cannot compare rows
        return ""
    if not twin[fall:].all():
        return ""
    return _DEDUPLICATE.get(source(data), "your data library")


def warn_restarts(found: list[Restarts], x: Hashable) -> None:
    """One :class:`~qistats.DateWarning` for the series whose x restarts, found by
    :func:`find_restarts` (in one or more computations of one call: a board's chart groups)."""
    if not found:
        return
    series = sum(f.series for f in found)
    where = ":" if series == 1 else f" in {series} series; in the first"
    if found[0].copied:  # the same rows again: no year to add, copies to drop
        twice = "counts" if found[0].fate == "are summed" else "weighs"
        warn(
            f"x={fmt(x)} restarts{where} it falls {found[0].first}. Every row from there "
            "repeats an earlier row in every column: a block of rows pasted twice (an extract "
            f"appended again)? Rows sharing a series and x {found[0].fate}, so each copy "
            f"{twice} again. Drop the copies first with {found[0].copied}.",
            DateWarning,
        )
        return
    warn(
        f"x={fmt(x)} restarts{where} it falls {found[0].first}. A month, week or quarter "
        f"number that starts again each year? Rows sharing a series and x {found[0].fate}, so each "
        "point pools the periods of several years. Give x as a date (e.g. "
        "pd.to_datetime(dict(year=..., month=..., day=1))), or a period that does not "
        "restart (year * 100 + month), or put the year in by= if the years are separate "
        "series. If the rows are of several units (wards, trusts) one after another, give "
        "their column as by=.",
        DateWarning,
    )
