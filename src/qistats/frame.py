"""DataFrame in: validation (the one place for it), sorting and aggregation by x.

:func:`prepare` turns a user's DataFrame into flat, sorted numpy arrays, one point per
(series, x), ready for the vectorised core. Every check of the user's data happens here, and
every message names the argument, the column, the first offending row and what was expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from ._interop import as_pandas
from .charts import Chart
from .errors import ArgumentError, ColumnError, DataError

AGG_FUNCTIONS = ("mean", "median", "sum", "sd")


@dataclass
class Prepared:
    """The user's data as flat arrays, sorted by series then x, one entry per point."""

    keys: pd.DataFrame  # by columns and the x column, one row per point
    by: list[str]
    x_name: str
    x_given: bool
    xkey: np.ndarray  # numeric sort key of x (int64 or float64)
    dots_only: bool  # x is an unordered categorical: units side by side, not time
    series: np.ndarray  # series number of each point
    series_starts: np.ndarray  # offset of each series' first point
    y: np.ndarray  # aggregated y (sum when n is given, else agg of y)
    n: np.ndarray | None  # aggregated n
    value: np.ndarray  # y / n, or y aggregated as the chart plots it
    stats: dict[str, np.ndarray]  # per point: count, mean and sd of the rows' y
    columns: dict[str, np.ndarray]  # other per-point inputs (phase labels, exclude, cl, target)
    x_converter: Any  # turns user-given x values into sort keys

    @property
    def n_points(self) -> int:
        return self.value.shape[0]

    def describe_series(self, s: int) -> str:
        """``ward='A'`` (or ``the series`` without by) for series number ``s``."""
        if not self.by:
            return "the series"
        row = self.keys.iloc[int(self.series_starts[s])]
        return ", ".join(f"{b}={_fmt(row[b])}" for b in self.by)

    def describe_point(self, i: int) -> str:
        """``ward='A', month=2021-03-01`` for point number ``i`` (after sorting)."""
        row = self.keys.iloc[int(i)]
        parts = [f"{b}={_fmt(row[b])}" for b in self.by]
        parts.append(f"{self.x_name}={_fmt(row[self.x_name])}")
        return ", ".join(parts)


def _fmt(v: Any) -> str:
    """A value as it reads in a message: dates as 2024-03-01, text quoted, numbers plain."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d") if v == v.normalize() else str(v)
    return repr(v) if isinstance(v, str) else str(v)


def _describe_row(data: pd.DataFrame, i: int, by: list[str], x: str | None) -> str:
    """Name row ``i`` (a position) of the user's data by its index label, groups and x."""
    parts = [f"{b}={_fmt(data[b].iloc[i])}" for b in by]
    if x is not None:
        parts.append(f"{x}={_fmt(data[x].iloc[i])}")
    where = f" ({', '.join(parts)})" if parts else ""
    return f"row {_fmt(data.index[i])}{where}"


def check_column(data: pd.DataFrame, name: Any, arg: str) -> str:
    """Check that ``name`` is a column of ``data``; the error suggests close matches."""
    if not isinstance(name, Hashable) or name not in data.columns:
        cols = [str(c) for c in data.columns]
        close = difflib.get_close_matches(str(name), cols, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ColumnError(
            f"{arg}={name!r}: no such column in data.{hint} The columns are: {', '.join(cols)}."
        )
    return name


def _numeric(data: pd.DataFrame, name: str, arg: str, by: list[str], x: str | None) -> np.ndarray:
    """Column ``name`` as float64; an error names the first value that is not a finite number."""
    s = data[name]
    if pd.api.types.is_bool_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
        return s.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_complex_dtype(s.dtype):
        out = s.to_numpy(dtype=float, na_value=np.nan)
    else:
        coerced = pd.to_numeric(s, errors="coerce")
        bad = np.flatnonzero(coerced.isna().to_numpy() & s.notna().to_numpy())
        if bad.size:
            i = int(bad[0])
            raise ColumnError(
                f"{arg}={name!r}: column {name!r} must hold numbers, but "
                f"{_describe_row(data, i, by, x)} has {s.iloc[i]!r}."
            )
        out = coerced.to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(np.isinf(out))
    if bad.size:
        i = int(bad[0])
        raise DataError(
            f"{arg}={name!r}: {_describe_row(data, i, by, x)} has an infinite value ({out[i]}); "
            "expected a finite number or a missing value."
        )
    return out


def as_list(value: Any) -> list[Any]:
    """A scalar or list-like argument as a list."""
    if isinstance(value, (list, tuple, np.ndarray, pd.Index, pd.Series)):
        return list(value)
    return [value]


def _datetime_ns(s: pd.Series) -> np.ndarray:
    """Datetimes (naive or tz-aware) as int64 nanoseconds since the epoch, in UTC."""
    if getattr(s.dtype, "tz", None) is not None:
        s = s.dt.tz_convert("UTC").dt.tz_localize(None)
    return s.to_numpy(dtype="datetime64[ns]").view(np.int64)


class _XConverter:
    """Turns x values (from the data or from arguments such as ``freeze``) into sort keys."""

    def __init__(self, x: pd.Series | None, name: str):
        self.name = name
        self.series = x

    def kind(self) -> str:
        s = self.series
        if s is None:
            return "position"
        if isinstance(s.dtype, pd.CategoricalDtype):
            return "category"
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            return "datetime"
        if pd.api.types.is_bool_dtype(s.dtype):
            return "other"
        if pd.api.types.is_numeric_dtype(s.dtype):
            return "number"
        return "other"

    def keys(self, values: Any, arg: str) -> np.ndarray:
        """Sort keys of user-given x values (a scalar or a list), for argument ``arg``."""
        vals = as_list(values)
        kind = self.kind()
        try:
            if kind == "datetime":
                conv = pd.Series(pd.to_datetime(pd.Series(vals, dtype=object)))
                tz = getattr(self.series.dtype, "tz", None)
                if tz is not None and conv.dt.tz is None:
                    conv = conv.dt.tz_localize(tz)
                conv = conv.astype(self.series.dtype)
                if conv.isna().any():
                    raise ValueError
                return _datetime_ns(conv)
            if kind == "category":
                cats = self.series.cat.categories
                codes = cats.get_indexer(vals)
                if (codes < 0).any():
                    raise ValueError
                return codes.astype(np.int64)
            out = np.asarray(vals, dtype=float)
            if np.isnan(out).any():
                raise ValueError
            return out
        except (ValueError, TypeError, OverflowError) as err:
            expected = {
                "datetime": "dates",
                "category": "categories of the x column",
                "number": "numbers",
                "position": "positions 1..N (there is no x column)",
            }[kind]
            raise ArgumentError(
                f"{arg}={values!r}: expected {expected} comparable with x ({self.name!r})."
            ) from err


def _x_keys(data: pd.DataFrame, x: str, by: list[str]) -> tuple[np.ndarray, bool, _XConverter]:
    s = data[x]
    conv = _XConverter(s, x)
    kind = conv.kind()
    dots_only = False
    if kind == "datetime":
        missing = s.isna().to_numpy()
        key = _datetime_ns(s)
    elif kind == "category":
        codes = s.cat.codes.to_numpy()
        missing = codes < 0
        key = codes.astype(np.int64)
        dots_only = not s.cat.ordered
    elif kind == "number":
        key = s.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(key)
    else:
        raise ColumnError(
            f"x={x!r}: column {x!r} has dtype {s.dtype}; expected dates, numbers or an ordered "
            "pandas Categorical (text sorts alphabetically, which puts '10' before '2'). "
            "Convert it with pd.to_datetime(...) or make it an ordered Categorical."
        )
    bad = np.flatnonzero(missing)
    if bad.size:
        raise DataError(
            f"x={x!r}: {_describe_row(data, int(bad[0]), by, None)} has a missing x; every row "
            "needs an x (drop or fill the rows with missing x first)."
        )
    return key, dots_only, conv


def _sorted_codes(col: pd.Series | np.ndarray) -> np.ndarray:
    """Codes of values without missing ones, numbered in sorted order of the values.

    Data usually arrive grouped (all rows of a ward together), so the values are first
    run-length encoded and only the run values are factorised: much cheaper than hashing every
    row. Shuffled data fall back to factorising every row.
    """
    v = col.to_numpy() if isinstance(col, pd.Series) else col
    if len(v) < 2:
        return pd.factorize(col, sort=True)[0].astype(np.intp)
    change = np.ones(len(v), dtype=bool)
    try:
        change[1:] = v[1:] != v[:-1]
    except TypeError:  # pd.NA cannot be compared
        return pd.factorize(col, sort=True)[0].astype(np.intp)
    runs = np.flatnonzero(change)
    if runs.size > len(v) // 4:
        return pd.factorize(col, sort=True)[0].astype(np.intp)
    run_values = col.iloc[runs] if isinstance(col, pd.Series) else v[runs]
    run_codes = pd.factorize(run_values, sort=True)[0]
    return np.repeat(run_codes, np.diff(np.append(runs, len(v)))).astype(np.intp)


def _series_codes(data: pd.DataFrame, by: list[str], x: str | None) -> np.ndarray:
    """Series number of each row, numbered in sorted order of the by-values."""
    if not by:
        return np.zeros(len(data), dtype=np.intp)
    codes_list = []
    for b in by:
        codes = _sorted_codes(data[b])
        missing = np.flatnonzero(codes < 0)  # factorize codes a missing value as -1
        if missing.size:
            raise DataError(
                f"by={b!r}: {_describe_row(data, int(missing[0]), [], x)} has a missing {b!r}; "
                "every row must belong to a named series."
            )
        codes_list.append(codes.astype(np.int64))
    if len(codes_list) == 1:
        return codes_list[0].astype(np.intp)
    dims = tuple(int(c.max()) + 1 for c in codes_list)
    return _sorted_codes(np.ravel_multi_index(tuple(codes_list), dims))


def _series_label(data: pd.DataFrame, row: int, by: list[str]) -> str:
    if not by:
        return "the series"
    return "the series " + ", ".join(f"{b}={_fmt(data[b].iloc[row])}" for b in by)


def _refuse(
    bad: np.ndarray,
    data: pd.DataFrame,
    by: list[str],
    x: str | None,
    arg: str,
    what: str,
    values: np.ndarray,
    expected: str,
) -> None:
    """Raise a DataError naming the first row flagged in ``bad``."""
    hit = np.flatnonzero(bad)
    if hit.size:
        i = int(hit[0])
        raise DataError(
            f"{arg}: {_describe_row(data, i, by, x)} has {what} ({values[i]:g}); "
            f"expected {expected}."
        )


def _aggregate(
    ys: np.ndarray,
    ns: np.ndarray | None,
    rows: K.Layout,
    has_dup: bool,
    chart: Chart,
    agg: str,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, dict[str, np.ndarray]]:
    """Combine the sorted rows of each point (``rows``: points as segments of rows).

    Returns the y to report, the summed n, the value the chart plots, and the count, mean and
    standard deviation (n − 1) of each point's non-missing y. With ``n``, a row whose y or n is
    missing is left out of both sums; a point without a complete row is missing.
    """
    if ns is not None:
        ok = ~np.isnan(ys) & ~np.isnan(ns)
        ys = np.where(ok, ys, np.nan)
    else:
        ok = ~np.isnan(ys)
    if has_dup:
        count = K.seg_count(ok, rows).astype(float)
        total = np.where(count > 0, K.seg_sum(ys, ok, rows), np.nan)
        mean = K.divide(total, count)
        sd = K.seg_std(ys, ok, rows)
    else:
        count = ok.astype(float)
        total = mean = ys
        sd = np.full(ys.shape, np.nan)
    stats = {"count": count, "mean": mean, "sd": sd}
    if ns is not None:
        ns = np.where(ok, ns, np.nan)
        n_total = np.where(count > 0, K.seg_sum(ns, ok, rows), np.nan) if has_dup else ns
        return total, n_total, K.divide(total, n_total), stats
    kind = "sum" if chart.value == "sum" else agg
    if kind == "median" and has_dup:
        y_out = K.seg_median(ys, ok, rows)
    else:
        y_out = {"sum": total, "sd": sd}.get(kind, mean)
    return y_out, None, sd if chart.value == "sd" else y_out, stats


def _take(column: pd.Series, idx: np.ndarray | None) -> pd.Series:
    """The rows ``idx`` of a column (``None``: all rows, in order) as a new Series.

    A plain copy is much cheaper than ``take`` for text columns; either way the result never
    shares memory with the user's data (pandas 2 without copy-on-write included).
    """
    if idx is None:
        return column.reset_index(drop=True).copy()
    return pd.Series(column.array.take(idx), name=column.name)


def prepare(
    data: pd.DataFrame,
    y: str,
    *,
    x: str | None,
    n: str | None,
    by: str | Sequence[str] | None,
    agg: str,
    chart: Chart,
    extra_columns: dict[str, tuple[str, str]],
) -> Prepared:
    """Validate ``data`` and turn it into one sorted point per (series, x).

    Rows sharing (series, x) become one point, unless ``chart.aggregate`` is False (G and T
    charts: one point per event, in x order and then row order).

    ``extra_columns`` maps an internal name to ``(argument name, column name)`` for per-row
    inputs given as columns (phase labels, exclude flags, cl, target); each is checked, carried
    through sorting and aggregation (first value per point; ``any`` for exclude) and returned in
    :attr:`Prepared.columns`.
    """
    data = as_pandas(data)
    if len(data) == 0:
        raise DataError("data: the DataFrame has no rows.")
    by_list = [by] if isinstance(by, str) else list(by or [])
    check_column(data, y, "y")
    if x is not None:
        check_column(data, x, "x")
    if n is not None:
        check_column(data, n, "n")
    for b in by_list:
        check_column(data, b, "by")
    for arg, col in extra_columns.values():
        check_column(data, col, arg)
    roles = {"y": y, "x": x, "n": n}
    for b in by_list:
        for role, col in roles.items():
            if col is not None and col == b:
                raise ArgumentError(f"by={b!r}: column {b!r} is also given as {role}.")
    if len(set(by_list)) != len(by_list):
        raise ArgumentError(f"by={by!r}: a column is named twice.")
    if agg not in AGG_FUNCTIONS:
        raise ArgumentError(f"agg={agg!r}: expected one of {', '.join(map(repr, AGG_FUNCTIONS))}.")
    x_name = x if x is not None else "x"
    if x is None and "x" in by_list:
        raise ArgumentError("by='x': without an x column the positions are named 'x'; pass x=.")

    if chart.n == "required" and n is None:
        raise ArgumentError(f"n=None: a {chart.name!r} chart needs a denominator column (n=...).")
    if chart.n == "none" and n is not None:
        raise ArgumentError(
            f"n={n!r}: a {chart.name!r} chart takes no denominator ({chart.no_n_hint})."
        )
    yv = _numeric(data, y, "y", by_list, x)
    nv = None
    if n is not None:
        nv = _numeric(data, n, "n", by_list, x)
        _refuse(
            nv < 0,
            data,
            by_list,
            x,
            f"n={n!r}",
            "a negative denominator",
            nv,
            "a count or exposure >= 0",
        )
    if chart.counts:
        _refuse(
            yv < 0,
            data,
            by_list,
            x,
            f"y={y!r}",
            "a negative count",
            yv,
            f"counts >= 0 on a {chart.name!r} chart",
        )
    if chart.positive:
        _refuse(
            yv <= 0,
            data,
            by_list,
            x,
            f"y={y!r}",
            "a time between events",
            yv,
            f"values > 0 on a {chart.name!r} chart",
        )
    if chart.proportion and nv is not None:
        with np.errstate(invalid="ignore"):
            over = yv > nv
        _refuse(
            over,
            data,
            by_list,
            x,
            f"y={y!r}",
            "more events than its denominator",
            yv,
            f"y <= n on a {chart.name!r} chart (n={n!r})",
        )

    codes = _series_codes(data, by_list, x)
    if x is not None:
        xkey, dots_only, conv = _x_keys(data, x, by_list)
    else:
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
    if len(codes) > 1:
        dc = np.diff(codes)
        in_order = bool(np.all((dc > 0) | ((dc == 0) & (np.diff(xkey) >= 0))))
    else:
        in_order = True
    order = np.arange(len(codes)) if in_order else np.lexsort((xkey, codes))
    codes_s = codes[order]
    xkey_s = xkey[order]
    dup = np.zeros(len(codes_s), dtype=bool)
    if chart.aggregate:
        dup[1:] = (codes_s[1:] == codes_s[:-1]) & (xkey_s[1:] == xkey_s[:-1])
    has_dup = bool(dup.any())
    starts_sorted = np.flatnonzero(~dup)  # first sorted row of each point
    point_of_row = np.cumsum(~dup) - 1  # point number of each sorted row
    n_pts = starts_sorted.size
    first_rows = order[starts_sorted]  # original row of each point's first row

    rows = K.Layout(point_of_row, starts_sorted)
    y_out, n_out, value, stats = _aggregate(
        yv[order], None if nv is None else nv[order], rows, has_dup, chart, agg
    )

    columns: dict[str, np.ndarray] = {}
    for key, (arg, col) in extra_columns.items():
        s = data[col]
        if key == "exclude":
            if not pd.api.types.is_bool_dtype(s.dtype) or s.isna().any():
                raise ColumnError(
                    f"exclude={col!r}: column {col!r} must be boolean (True = leave the point out "
                    f"of the centre line, limits and runs analysis) with no missing values; it has "
                    f"dtype {s.dtype}."
                )
            flags = s.to_numpy(dtype=bool)[order]
            columns[key] = np.bincount(point_of_row, weights=flags, minlength=n_pts) > 0
        elif key in ("cl", "target"):
            columns[key] = _numeric(data, col, arg, by_list, x)[first_rows]
        else:
            columns[key] = s.to_numpy()[first_rows]

    series = codes_s[starts_sorted]
    series_starts = np.flatnonzero(np.concatenate(([True], series[1:] != series[:-1])))
    if chart.constant_n and n_out is not None:
        lo, hi = K.seg_min_max(n_out, K.Layout(series, series_starts))
        varies = np.flatnonzero(lo != hi)
        if varies.size:
            sr = int(varies[0])
            raise DataError(
                f"n={n!r}: a {chart.name!r} chart needs the same denominator at every point, "
                f"but {_series_label(data, first_rows[series_starts[sr]], by_list)} has "
                f"n from {lo[sr]:g} to {hi[sr]:g}; use a 'p' chart for varying n."
            )
    picked = None if in_order and not has_dup else first_rows
    keys = pd.DataFrame({b: _take(data[b], picked) for b in by_list})
    if x is not None:
        keys[x_name] = _take(data[x], picked)
    else:
        keys[x_name] = xkey_s[starts_sorted].astype(np.int64)
    return Prepared(
        keys=keys,
        by=by_list,
        x_name=x_name,
        x_given=x is not None,
        xkey=xkey_s[starts_sorted],
        dots_only=dots_only,
        series=series,
        series_starts=series_starts,
        y=y_out,
        n=n_out,
        value=value,
        stats=stats,
        columns=columns,
        x_converter=conv,
    )
