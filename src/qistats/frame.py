"""DataFrame in: validation (the one place for it), sorting and aggregation by x.

:func:`prepare` turns a user's DataFrame into flat, sorted numpy arrays, one point per
(series, x), ready for the vectorised core. Every check of the user's data happens here, and
every message names the argument, the column, the first offending row and what was expected.

The rules for real-world input live here too, so that every entry point applies the same ones
(they are listed in the documentation's "Data, missing values and errors" page):

* :func:`column_labels` and :func:`column_or_value`: any hashable column label (text, int,
  tuple) names a column; MultiIndex and duplicated column names are refused.

The x column (its kind, sort keys and date checks) is read in :mod:`qistats._xaxis`, rows that
repeat are found in :mod:`qistats._duplicates`, and a row is named in messages by
:mod:`qistats._rows`. Scalar arguments (names, numbers, dates) are checked in
:mod:`qistats._args`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from ._args import MAX_ABS_VALUE, choose, fmt, is_label, label
from ._duplicates import (
    DoubledMonths,
    _check_duplicates,
    _two_in_a_month,
    _warn_combined,
    _warn_resubmitted,
    warn_doubled_months,
)
from ._interop import as_pandas, convert_advice, source
from ._restarts import Restarts, find_restarts, warn_restarts
from ._rows import _describe_row
from ._scale import warn_switches
from ._warn import in_a_part, warn
from ._xaxis import _is_number, _same_runs, _x_keys, _x_kind, _XConverter, warn_x_values
from .charts import Chart
from .errors import (
    ArgumentError,
    ColumnError,
    DataError,
    DenominatorWarning,
    LabelWarning,
    NoDataWarning,
)

AGG_FUNCTIONS = ("mean", "median", "sum", "sd")
WHOLE_TOLERANCE = 1e-9  # a count this close to a whole number (relative) is that number


def copy_on_write() -> bool:
    """Whether pandas copies on write (pandas 3, or the pandas 2 option): then a result may
    share a column with the user's data, since writing to either copies it first."""
    return int(pd.__version__.split(".")[0]) >= 3 or pd.get_option("mode.copy_on_write") is True


def unshared(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a result's table that the caller may edit without changing the result (its
    plot, its summary): shallow under copy-on-write (no data copied), else deep."""
    return frame.copy(deep=not copy_on_write())


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
    # every series at the first one's x, as many points each (this many; 0: not known)
    panel: int = 0
    # what is derived from the points once per call (phases.month_periods); not copied by
    # dataclasses.replace, whose new x keys would make it stale
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

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


# ------------------------------------------------------------------------ columns


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
    match = closest(name, list(columns))
    if isinstance(name, str) and isinstance(match, (int, np.integer)):
        # '2' for the column labelled 2, as read_csv(header=None) labels columns
        hint = (
            f" Did you mean {arg}={match} (without quotes)? The column is labelled with the "
            f"number {match}, as read_csv(header=None) labels columns."
        )
    if arg in _NUMBER_OR_COLUMN and isinstance(name, str) and not close:
        per_cent = name.strip().endswith("%")  # "95%", as typed in Excel
        try:
            number = float(name.strip().removesuffix("%").replace(",", ""))
        except ValueError:
            pass
        else:  # text that reads as a number: a value typed as text, e.g. from a config file
            hint = f" For the number, write {arg}={number:g} (without quotes)."
            if per_cent:
                hint = (
                    f" For {number:g} %, write {arg}={number:g} (without quotes or '%') on a "
                    f"chart shown in per cent, {arg}={number / 100:g} on one of proportions."
                )
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


def text_from_codes(labels: Iterable[str], codes: np.ndarray) -> Any:
    """A text column of a few distinct ``labels`` from each row's ``codes`` (indices into
    ``labels``), of the dtype pandas gives a numpy array of such text (``str`` in pandas 3,
    object before): ``labels[codes]`` as a column, built by taking from the few labels rather
    than converting every row's text (eight times faster on 500,000 rows).

    >>> s = pd.Series(text_from_codes(["a", "b"], np.array([1, 0, 1])))
    >>> s.tolist(), s.dtype == pd.Series(np.array(["a", "b"])).dtype
    (['b', 'a', 'b'], True)
    """
    return pd.Series(np.asarray(list(labels))).array.take(np.asarray(codes, dtype=np.intp))


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


def _refuse_event_flags(data: pd.DataFrame, y: Hashable, x: Hashable | None, chart: Chart) -> None:
    """Refuse a column of True/False as a G or T chart's y: a flag per case (was there an
    event?) read as gaps of 1 and 0 gave a G chart whose every event was "above the upper
    limit", without a word."""
    c = fmt(y)
    if chart.name == "g":
        how = (
            "the number of cases (opportunities) between events, one row per event. For one "
            "series with a row per case in order, the cases before each event are "
            f"df.assign(cases=(~df[{c}]).groupby(df[{c}].cumsum().shift(fill_value=0))"
            f".cumsum())[df[{c}]] (with by=, group by the series too); then chart y='cases'."
        )
    else:
        when = "'date'" if x is None else fmt(x)
        how = (
            "the time between events, one row per event: keep the events' rows, "
            f"events = df[df[{c}]], and chart the days between them, "
            f"events[{when}].diff().dt.days (with by=, per series)."
        )
    raise ColumnError(
        f"y={c}: column {c} holds True/False (a flag per case: was there an event?); a "
        f"{chart.title} takes {how}"
    )


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
#: A number with a per-cent sign, as an Excel column formatted as a percentage exports: "95.2%",
#: or with spaces around it as other exports and hand-typed sheets have ("80.2 %", " 95%").
_PERCENT = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)\s*%\s*")


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
    # the first cell that errors='coerce' would blank ('n/a'), not a number typed as text
    # ('27'), where there is one
    is_text = text.astype(bool)
    cells = pd.Series(np.where(is_text, values, None), dtype=object)
    lost = np.flatnonzero(is_text & pd.to_numeric(cells, errors="coerce").isna().to_numpy())
    i = int(lost[0]) if lost.size else i
    raise ColumnError(
        f"{arg}={fmt(name)}: column {fmt(name)} must hold numbers, but "
        f"{_describe_row(data, i, by, x)} has the text {fmt(s.iloc[i])}. Convert the column to "
        f"numbers first, e.g. {convert_advice(source(data), name, 'numbers')} (which makes "
        "blanks, and any other text that is not a number, missing values: check them first)."
    )


def _is_integer_column(s: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)


# ------------------------------------------------------------------------ series and points


def _sorted_codes(col: pd.Series | np.ndarray) -> tuple[np.ndarray, Any]:
    """Codes of values without missing ones, numbered in sorted order of the values, and the
    values themselves (the label of code ``i`` is ``uniques[i]``).

    Data usually arrive grouped (all rows of a ward together), so the values are first
    run-length encoded and only the run values are factorised: much cheaper than hashing every
    row. Shuffled data fall back to factorising every row.
    """
    codes, uniques, _ = _sorted_run_codes(col)
    return codes, uniques


def _sorted_run_codes(col: pd.Series | np.ndarray) -> tuple[np.ndarray, Any, np.ndarray | None]:
    """:func:`_sorted_codes`, and the first row of each run of equal values when the runs come
    in increasing order of their values (the codes are then 0, 1, 2, ... run after run: data
    sorted by series), else None."""
    # Arrow strings, Categoricals, nullable types: compared natively (converting them to
    # objects first costs twice as much as factorising every row)
    native = isinstance(col, pd.Series) and not isinstance(col.dtype, np.dtype)
    v = col.array if native else col.to_numpy() if isinstance(col, pd.Series) else col
    if len(v) < 2:
        return (*_factorized(col), None)
    change = np.ones(len(v), dtype=bool)
    if not _fixed_width_change(v, change[1:]):
        try:
            ne = v[1:] != v[:-1]
            change[1:] = ne if isinstance(ne, np.ndarray) else ne.to_numpy(bool, na_value=True)
        except TypeError:  # pd.NA cannot be compared
            return (*_factorized(col), None)
    runs = np.flatnonzero(change)
    if runs.size > len(v) // 4:
        return (*_factorized(col), None)
    run_values = col.iloc[runs] if isinstance(col, pd.Series) else v[runs]
    ascending = _ascending(run_values)
    run_codes, uniques = ascending or _factorized(run_values)
    codes = np.repeat(run_codes, np.diff(np.append(runs, len(v))))
    return codes, uniques, runs if ascending else None


def _fixed_width_change(v: Any, out: np.ndarray) -> bool:
    """Whether each label of ``v`` differs from the one before, written to ``out`` (one
    shorter than ``v``), when ``v`` is Arrow text with no missing label and every label of
    one length of 1 to 16 bytes (codes such as ``W00001`` or ``RXX01``), from Arrow's buffers
    instead of Arrow's comparison of strings. Returns False, leaving ``out`` alone, for any
    other column.

    Labels of one length lie end to end, so each label's bytes are compared with the label
    before's in one comparison of the buffer with itself shifted by a label; when labels
    change at few rows (data grouped by series) the few 8-byte words of that comparison
    holding a difference give the rows. Otherwise the bytes of each label are read as one or
    two 8-byte integers and compared as numbers (about half the time of Arrow's comparison)."""
    dtype = getattr(v, "dtype", None)
    arrow = isinstance(dtype, pd.ArrowDtype) or (
        isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
    )
    if not arrow or len(v) < 2:
        return False
    chunks = v.__arrow_array__()  # the array's own Arrow data (no copy)
    if chunks.num_chunks != 1 or chunks.null_count:
        return False
    a = chunks.chunk(0)
    kind = {"string": np.int32, "large_string": np.int64}.get(str(a.type))
    if kind is None:
        return False
    _, offsets, data = a.buffers()
    m = len(a)
    ends = np.frombuffer(offsets, dtype=kind, count=m + 1, offset=a.offset * kind().itemsize)
    lo, hi = int(ends[0]), int(ends[-1])
    width = (hi - lo) // m
    if not 1 <= width <= 16 or hi - lo != width * m:
        return False
    # every label of that length: their lengths (never negative) sum to m × width, and each
    # is width modulo 256 (the offsets' low bytes subtracted as bytes: a label longer by 256
    # or more would need another shorter than width, which is at most 16)
    low = ends.astype(np.uint8)  # (integers wrap)
    if np.count_nonzero(np.subtract(low[1:], low[:-1]) != width):
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    # each byte of labels 1 .. m - 1 against the byte a label before it, padded with False
    # to whole 8-byte words: the few words with a difference (labels grouped by series)
    # give the labels that differ from the one before
    size = (m - 1) * width
    padded = -(-size // 8) * 8
    differ = np.empty(padded, dtype=bool)
    np.not_equal(raw[lo + width : hi], raw[lo : hi - width], out=differ[:size])
    differ[size:] = False
    changed = differ.view(np.uint64) != 0
    if np.count_nonzero(changed) * 8 <= m:
        pos = (np.flatnonzero(changed)[:, None] * 8 + np.arange(8)).ravel()
        out[:] = False
        out[pos[differ[pos]] // width] = True
        return True
    del differ
    words = np.empty(m, dtype="<u8")
    # the first 8 bytes of each label (a shorter label's with the next labels' bytes masked
    # off), then for a longer one its last 8
    for first in (0,) if width <= 8 else (0, width - 8):
        start = lo + first
        # labels whose 8 bytes lie inside the buffer are read in place, the rest (a short
        # label's last few) from a padded copy
        fit = (
            m
            if start + (m - 1) * width + 8 <= raw.size
            else max(0, (raw.size - start - 8) // width + 1)
        )
        parts = [(words[:fit], raw, start, fit)]
        if fit < m:
            tail = np.zeros((m - fit) * width + 8, dtype=np.uint8)
            rest = raw[start + fit * width : start + m * width]
            tail[: rest.size] = rest
            parts.append((words[fit:], tail, 0, m - fit))
        for into, buf, at, k in parts:
            read = np.ndarray((k,), dtype="<u8", buffer=buf, offset=at, strides=(width,))
            if width < 8:
                np.bitwise_and(read, np.uint64((1 << (8 * width)) - 1), out=into)
            else:
                into[:] = read
        if first == 0:
            np.not_equal(words[1:], words[:-1], out=out)
        else:
            out |= words[1:] != words[:-1]
    return True


def _ascending(values: pd.Series | np.ndarray) -> tuple[np.ndarray, Any] | None:
    """What :func:`_factorized` gives for values already in strictly increasing order (the
    runs of data sorted by series: numbered 0, 1, ... as they come), found by one comparison
    of neighbours instead of hashing and sorting; None for any other values (missing ones,
    Categoricals, values that cannot be compared)."""
    series = isinstance(values, pd.Series)
    if series and isinstance(values.dtype, pd.CategoricalDtype):
        return None
    v = values.array if series else values
    if len(v) < 2:
        return None
    try:
        up = v[1:] > v[:-1]
    except TypeError:
        return None
    if not isinstance(up, np.ndarray):  # objects' (NumpyExtensionArray), Arrow's, masked
        try:
            up = up.to_numpy(dtype=bool, na_value=False)  # a missing label: not increasing
        except (TypeError, ValueError, AttributeError):
            return None
    if up.dtype != bool or not up.all():
        return None
    uniques = pd.Index(v, dtype=values.dtype) if series else values
    return np.arange(len(v), dtype=np.intp), uniques


def _factorized(values: pd.Series | np.ndarray) -> tuple[np.ndarray, Any]:
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.intp, copy=False), uniques


def _series_codes(data: pd.DataFrame, by: list[Hashable], x: Hashable | None) -> np.ndarray:
    """Series number of each row, numbered in sorted order of the by-values.

    Several by-columns are combined one at a time (and renumbered after each), so the codes
    never exceed the number of rows however many columns there are.
    """
    return _series_codes_starts(data, by, x)[0]


def _equal_runs(starts: np.ndarray | None, rows: int) -> list[int]:
    """``[w]`` when ``starts`` (each series' first row, series one after another, or None)
    start more than one series of ``rows`` rows, each ``w`` rows long; else ``[]``.

    >>> _equal_runs(np.array([0, 3, 6]), 9), _equal_runs(np.array([0, 3, 5]), 9)
    ([3], [])
    """
    if starts is None or starts.size < 2 or rows % starts.size:
        return []
    width = rows // starts.size
    if width < 1 or not np.array_equal(starts, np.arange(0, rows, width)):
        return []
    return [int(width)]


def _series_codes_starts(
    data: pd.DataFrame, by: list[Hashable], x: Hashable | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`_series_codes`, and the first row of each series when the rows come series
    after series in order of their numbers (one by-column, sorted: the codes never fall), as
    found while numbering them; else None."""
    if not by:  # one series
        return np.zeros(len(data), dtype=np.intp), np.zeros(min(len(data), 1), dtype=np.intp)
    combined = starts = None
    for b in by:
        try:
            codes, uniques, starts = _sorted_run_codes(data[b])
        except TypeError as err:  # values that cannot be sorted together
            raise ColumnError(
                f"by={fmt(b)}: column {fmt(b)} mixes values that cannot be ordered "
                "(e.g. text and numbers); make it one type first."
            ) from err
        # factorize codes a missing value as -1 (one reduction finds none; none is needed for
        # runs in increasing order, numbered 0, 1, ... with no missing label)
        missing = (
            np.flatnonzero(codes < 0)
            if starts is None and codes.size and codes.min() < 0
            else codes[:0]
        )
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
        starts = None
    return combined.astype(np.intp, copy=False), starts


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
        # ("Ash" and "ash ": one ward typed twice, as "Ash" and "Ash " are)
        bare = labels.str.strip()  # missing for labels that are not text
    except AttributeError:  # no text at all (an object column of numbers)
        return
    # casefold() is lower() for ASCII text, which Arrow's strings lower natively (casefold
    # calls Python once a label)
    try:
        ascii_only = isinstance(dtype, pd.StringDtype) and bool(bare.str.isascii().all())
    except AttributeError:  # (pandas before 3 has no str.isascii)
        ascii_only = False
    bare = bare.str.lower() if ascii_only else bare.str.casefold()
    if isinstance(dtype, pd.StringDtype) and not (bare != labels).any():
        return  # no label has spaces at either end or capitals: distinct labels stay distinct
    if bare.is_unique:
        return  # no two labels the same once stripped and casefolded
    clash = bare.notna().to_numpy() & bare.duplicated(keep=False).to_numpy()
    if clash.any():
        first = bare[clash].iloc[0]
        same = labels[clash & (bare == first).to_numpy()].tolist()
        groups = bare[clash].nunique()
        more = f" (and {groups - 1} more such {'group' if groups == 2 else 'groups'})"
        stripped = {str(v).strip() for v in same}
        spaces = any(str(v) != str(v).strip() for v in same)
        by = (
            "case and spaces at the start or end"
            if spaces and len(stripped) > 1
            else "spaces at the start or end"
            if spaces
            else "case"
        )
        advice = (
            f"Strip them first ({convert_advice(source(col), col.name, 'stripped')})"
            if len(stripped) == 1
            else "Give them one spelling first"
        )
        warn(
            f"{arg}: the labels {' and '.join(map(fmt, same))} differ only by {by}"
            f"{more if groups > 1 else ''}, so they are kept apart (labels are used as "
            f"given). {advice} if they are one.",
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
    n_open: bool = False,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, dict[str, np.ndarray] | None]:
    """Combine the sorted rows of each point (``rows``: points as segments of rows).

    Returns the y and n to report, the value the chart plots, and the count, mean and standard
    deviation (n − 1) of each point's non-missing y. With ``n`` the value is Σy / Σn over the
    point's complete rows (y and n both present) and missing without one; y and n report those
    sums, or, for a point without a complete row, what its rows give (so one row always shows
    the user's y and n, and a missing y keeps its n). ``n_open``: :func:`n_all_open` of ``ns``.
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
            return ys, ns, np.divide(ys, ns) if n_open else K.divide(ys, ns), stats
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


def n_all_open(nv: np.ndarray | None, low: float | None = None, whole: bool = False) -> bool:
    """Whether every denominator of ``nv`` is above 0 and present, by two reductions (the
    smallest, ``low`` when known; the sum, NaN when one is missing; none when the n are read
    from an integer column, ``whole``, which has no missing one): its points then divide with
    no mask (the test of :func:`~qistats._kernels.divide`, known) and none is a gap of
    :func:`_warn_events_without_exposure`."""
    if nv is None or not nv.size or nv.dtype != np.float64:
        return False
    low = np.fmin.reduce(nv) if low is None else low
    return bool(low > 0 and (whole or not np.isnan(np.add.reduce(nv))))


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
    facts: dict[str, Any] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Refuse values the chart cannot take: negative or fractional counts, y > n, ...

    ``context`` ends the messages ("on a 'u' chart" by default); ``whole`` asks for whole counts
    even where the chart takes fractional ones (a U chart's numerator). Returns y and n, with
    counts within :data:`WHOLE_TOLERANCE` of a whole number made whole (a copy). ``facts``,
    where given, gets ``"n"``: the n read and their smallest value.
    """
    y, n = names
    row = lambda i: _describe_row(data, i, by, x)  # noqa: E731
    on = context or f"on a {chart.name!r} chart"
    hint = "; if they are counts, round them first (e.g. .round())"
    if nv is not None:
        low = K.smallest(nv)
        if facts is not None:  # (read again by prepare: n_all_open)
            facts["n"] = (nv, low)
        if low < 0:
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
        said = f"expected whole counts {on}{measured}{hint}."
        if chart.proportion and nv is not None and (percent := _percent_share(yv, nv)):
            # percentages of n, not counts: rounding them would not help
            said = (
                f"every y is at most 100 while y/n is tiny (median {100 * percent[1]:.2g} %): is "
                f"{fmt(y)} a percentage of {fmt(n)}, not a count of it? A proportion {on} needs "
                f"y as the count of cases, e.g. (df[{fmt(y)}] / 100 * df[{fmt(n)}]).round()."
            )
        elif chart.proportion and nv is not None and (scale := _share_scale(yv)):
            # fractional y within 0–1 or 0–100 beside n: a share or a percentage of n, which
            # rounding would make a wrong count (90.3 % of 250 patients is not 90 of them):
            # the conversion first, the rounding for counts after it
            said = (
                f"expected whole counts {on}. Every y is between 0 and {scale:g}: if "
                f"{fmt(y)} is {'a percentage' if scale == 100 else 'a proportion'} of "
                f"{fmt(n)}, give the count of cases, e.g. (df[{fmt(y)}]"
                f"{' / 100' if scale == 100 else ''} * df[{fmt(n)}]).round(); {hint[2:]}."
            )
        yv = _whole(
            yv,
            lambda i: f"y={fmt(y)}: {row(i)} has a fractional count ({_fraction(yv[i])}); {said}",
        )
    if chart.positive and K.smallest(yv) <= 0:
        _refuse(
            yv <= 0,
            lambda i: (
                f"y={fmt(y)}: {row(i)} has a time between events ({yv[i]:g}); "
                f"expected values > 0 {on}"
                + (
                    ". Events at the same time (on the same day): give the times in a finer "
                    "unit (hours) if they are known, or chart the days between events on a G "
                    "chart (chart='g'), which takes 0. If y counts the events of each period "
                    "(falls a month), chart it on a C chart (chart='c') or a U chart."
                    if yv[i] == 0
                    else "."
                )
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


def exclude_flags(s: pd.Series) -> np.ndarray | None:
    """An ``exclude`` column as one bool per row, or None when it is not flags.

    Flags are True/False or 0/1 (numbers, or Python bools in an object column, as a
    spreadsheet's column of ticks reads); a blank (NaN, None, ``<NA>``) is not excluded, so a
    column that is True where excluded and blank elsewhere (as analysts make it in Excel)
    excludes its True rows only.
    """
    missing = s.isna().to_numpy()
    rest = s[~missing]
    if pd.api.types.is_bool_dtype(s.dtype):
        ok = True
    elif pd.api.types.is_numeric_dtype(s.dtype):
        ok = bool(rest.isin((0, 1)).all())
    elif s.dtype == object:
        ok = bool(
            rest.map(
                lambda v: (
                    isinstance(v, (bool, np.bool_))
                    or (isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1))
                )
            ).all()
        )
    else:
        ok = False
    if not ok:
        return None
    flags = np.zeros(len(s), dtype=bool)
    flags[~missing] = rest.to_numpy(dtype=float) != 0
    return flags


def not_flags_error(col: Hashable, dtype: Any, first: str) -> ColumnError:
    """The error for an exclude column ``col`` that is not flags (its ``dtype``; ``first``:
    :func:`first_not_flag`'s words for the first value that is no flag)."""
    return ColumnError(
        f"exclude={fmt(col)}: column {fmt(col)} must be boolean or 0/1 (True or 1 = leave the "
        "point out of the centre line, limits and runs analysis; a blank is not excluded); it "
        f"has dtype {dtype}{first}."
    )


def first_not_flag(data: pd.DataFrame, col: Hashable, by: list[Hashable], x: Hashable) -> str:
    """'; row r (ward='A', month=2024-01-01) has v' (or 'is missing') for the first value of
    the exclude column ``col`` that is no flag, for errors; named by :func:`_describe_row`, so
    by its series and x alone on a Spark task's rows (:mod:`qistats.spark` names the first
    in series and x order on the driver)."""
    s = data[col]
    if s.dtype == object:  # '1' is no flag, though isin((1,)) may match it
        bad = ~s.map(lambda v: isinstance(v, (bool, np.bool_, int, float, np.number)))
        bad |= ~s.isin((0, 1, True, False))
    else:
        bad = ~s.isin((0, 1, True, False))
    bad &= s.notna()  # a blank is not excluded
    if not bad.any():
        return ""
    i = int(np.flatnonzero(bad.to_numpy())[0])
    what = f"has {fmt(s.iloc[i])}"
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


def _pooled(subgrouped: bool, summed: bool, agg: str) -> str:
    """What becomes of rows sharing a series and x (``subgrouped``: they are a subgroup), for
    a message."""
    if subgrouped:
        return "form one subgroup"
    return "are summed" if summed else f"are combined (agg={fmt(agg)})"


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
    restarts: list[Restarts] | None = None,
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
    ``restarts``: where given, a numeric x that restarts like a month number
    (:func:`~qistats._restarts.find_restarts`) is added to it instead of warned about.
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
    if not chart.aggregate and pd.api.types.is_bool_dtype(data[y].dtype):
        _refuse_event_flags(data, y, x, chart)
    yv = _numeric(data, y, "y", by_list, x, durations=chart.positive)
    nv = None if n is None else _numeric(data, n, "n", by_list, x)
    read = yv, nv
    facts: dict[str, Any] = {}
    yv, nv = _check_values(data, yv, nv, (y, n), by_list, x, chart, context, whole, facts)

    codes, run_starts = _series_codes_starts(data, by_list, x)
    if x is not None:
        # series that come one after another, all as long and at the first one's dates (a
        # panel of wards' months): the checks of x read the first one's
        panel = _equal_runs(run_starts, len(codes))
        same: list[int] = []  # (found by _x_keys on the way, when it reads the dates' ticks)
        xkey, dots_only, conv = _x_keys(data, x, by_list, panel[0] if panel else 0, same)
        width = (
            panel[0]
            if panel and conv.kind() == "datetime" and (bool(same) or _same_runs(xkey, panel[0]))
            else None
        )
        # the day numbers of the keys when all are midnights, found by the check of local
        # midnights stored in UTC, and read again for months with two dates (of the first
        # series' keys only when ``width``)
        days: list[np.ndarray] = []
        utc_midnights = check_x and warn_x_values(data, x, xkey, conv, days, width)
    else:
        utc_midnights = False
        dots_only = False
        days = []
        width = None
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
    in_order = len(codes) < 2 or run_starts is not None or bool(np.all(codes[1:] >= codes[:-1]))
    # a panel (every series at the first one's dates, series after series) whose first
    # series' dates increase: in order, with no two rows of one series at one x (the first
    # series' keys tell, without a pass over all rows)
    rising = in_order and width is not None and bool(np.all(xkey[1:width] > xkey[: width - 1]))
    if in_order and len(codes) > 1 and not rising:
        back = np.flatnonzero(xkey[1:] < xkey[:-1])  # few: about one per series
        in_order = bool(np.all(codes[back + 1] != codes[back]))
    if in_order:  # no copies: the sorted arrays are the arrays (and no order is made)
        order = None
        codes_s, xkey_s, yv_s, nv_s = codes, xkey, yv, nv
    else:
        order = np.lexsort((xkey, codes))
        codes_s, xkey_s, yv_s = codes[order], xkey[order], yv[order]
        nv_s = None if nv is None else nv[order]
    if in_order and len(codes) > 1 and not rising:  # in order: equal x are next to each other
        tie = np.flatnonzero(xkey[1:] == xkey[:-1])
        same_x[tie[codes[tie + 1] == codes[tie]] + 1] = True
    elif not in_order:
        same_x[1:] = (codes_s[1:] == codes_s[:-1]) & (xkey_s[1:] == xkey_s[:-1])
    dup = same_x if chart.aggregate else np.zeros(len(codes_s), dtype=bool)
    has_dup = bool(dup.any())
    summed = nv is not None or chart.value == "sum" or agg == "sum"
    # rows sharing x are a subgroup (Xbar, S; I′ without n): equal values are real
    subgrouped = chart.subgroups or (chart.subgroups_without_n and nv is None)
    if order is None and (has_dup or extra_columns or same_x.any()):  # needed after all
        order = np.arange(len(codes))
    # (not after the warning of local midnights stored in UTC, which explains them)
    if x is not None and conv.kind() == "datetime" and chart.aggregate and not utc_midnights:
        head = days.pop() if days and width is not None else None  # (the first series')
        if head is not None and head.size != width:
            head = None  # (not the first series' alone: its months are read from its keys)
        # every series at the first one's dates, in order: none has two dates in one month
        # if the first has not (and only if it has are all rows read, to count and name them)
        doubled = None
        if (
            width is None
            or xkey_s is not xkey
            or _two_in_a_month(
                data, None, same_x[:width], codes[:width], xkey[:width], by_list, x, head
            )
        ):
            doubled = _two_in_a_month(
                data,
                order,
                same_x,
                codes_s,
                xkey_s,
                by_list,
                x,
                days.pop() if days and xkey_s is xkey else None,  # (of the keys in order)
                run_starts if in_order else None,
            )
        if doubled_months is None:
            warn_doubled_months([doubled] if doubled else [], x)
        elif doubled:
            doubled_months.append(doubled)
    del days  # (not consumed: no check of months)
    # a month number 1..12, then 1..12 again?
    restart = None
    if (
        x is not None
        and not in_order
        and chart.aggregate
        and same_x.any()
        and conv.kind() == "number"
    ):
        restart = find_restarts(data, codes, xkey, by_list, x)
        if restart:
            restart.fate = _pooled(subgrouped, summed, agg)
        if restarts is None:
            warn_restarts([restart] if restart else [], x)
        elif restart:
            restarts.append(restart)
    copied = False
    if x is not None and same_x.any() and not subgrouped:
        fate = (
            "are separate events, so a copied row is an extra event"
            if not chart.aggregate
            else "are summed, so a copied row counts twice"
            if summed
            else f"are combined (agg={fmt(agg)}), so a copied row weighs twice"
        )
        # a mean or median of copies of one row is that row: then the copy changes nothing
        alone = None
        if chart.aggregate and not summed and agg in ("mean", "median"):
            alone = f"are combined (agg={fmt(agg)})"
        # rows pasted twice, said by the restart's warning (not twice, nor "add the year")
        pasted = restart is not None and bool(restart.copied)
        copied = pasted or _check_duplicates(data, order, same_x, by_list, x, fate, alone)
        # (copies are said once, by their warning, which says how they are combined; the
        # points with different rows, by this one)
        if chart.aggregate and not summed and chart.value == "agg" and agg == "mean":
            _warn_combined(data, order, same_x, by_list, x, chart, agg, copies=copied)
    # a few keys of several rows among keys of one; a part of the data (a Spark task) gives
    # its keys' facts whatever they are, for the whole data's count (copies: said above)
    resubmission = x is not None and not subgrouped and chart.aggregate and summed
    if resubmission and (in_a_part() or (same_x.any() and not copied)):
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
            chart.name,
            copied,
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
    # every n above 0 and present (two reductions, read again by the warning below)
    n_low = facts["n"][1] if "n" in facts and facts["n"][0] is nv_s else None
    n_dtype = None if nv_s is None else data[n].dtype
    n_whole = isinstance(n_dtype, np.dtype) and n_dtype.kind in "iu"  # (none missing)
    n_open = not has_dup and n_all_open(nv_s, n_low, n_whole)
    del facts
    y_out, n_out, value, stats = _aggregate(yv_s, nv_s, rows, has_dup, chart, agg, n_open)

    columns: dict[str, np.ndarray] = {}
    for key, (arg, col) in extra_columns.items():
        s = data[col]
        if key == "exclude":
            flags = exclude_flags(s)
            if flags is None:
                raise not_flags_error(col, s.dtype, first_not_flag(data, col, by_list, x))
            flags = flags[order]
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
    if run_starts is not None and in_order and not has_dup:  # known: one point a row
        series_starts = run_starts
    else:
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
        panel=width if width is not None and xkey_p is xkey else 0,
    )
    if context is None and n_out is not None:
        measured = chart.subgroups_without_n  # I′: subgroups' totals of measurements
        _warn_events_without_exposure(prepared, y, n, chart.proportion, n_open, measured)
    if chart.proportion and n_out is not None:  # measurement charts: by their callers, who
        _warn_percent_numerator(prepared, y, n, True)  # know how the value is shown
    if n_out is None and chart.aggregate and chart.value != "sum" and agg in ("mean", "median"):
        # values charted without n (I, XmR, MR, I′, run, Xbar, S): proportions turned
        # percentages part-way (0.93, then 93)? Subgroups by the mean of their rows
        warn_switches(prepared, y, prepared.stats["mean"] if chart.subgroups else value)
    return prepared


def _share_scale(yv: np.ndarray) -> float | None:
    """100 when every finite y is between 0 and 100 and some is above 1 (percentages, maybe),
    1 when every one is between 0 and 1 (proportions, maybe), else None."""
    finite = yv[np.isfinite(yv)]
    if not finite.size or finite.min() < 0 or finite.max() > 100:
        return None
    return 1.0 if finite.max() <= 1 else 100.0


def _percent_share(yv: np.ndarray, nv: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The points with n > 0 (a mask) and their median y/n when ``y`` reads as a percentage of
    ``n`` by the first conditions of :func:`_warn_percent_numerator` (5 or more points with
    n > 0, every y at most 100, a median y of 50 or more and a median y/n of at most 5 %), else
    None."""
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(yv) & (nv > 0)
    m = np.count_nonzero(ok)
    if m < 5:
        return None
    # a median of 50 or more needs half the y (the upper middle one) at 50 or more: counted
    # first, as counts mostly fail it, with no copy or median of every point
    if np.count_nonzero(ok & (yv >= 50)) < m // 2:
        return None
    ys, share = yv[ok], yv[ok] / nv[ok]
    median = float(np.median(share))
    if ys.max() > 100 or np.median(ys) < 50 or median > 0.05:
        return None
    return ok, median


def warn_percent_numerator(
    p: Prepared, y: Hashable, n: Hashable, multiply: np.ndarray | float
) -> None:
    """:func:`_warn_percent_numerator` for a chart of measurements whose value is y / n, for
    the series whose value is shown as a ratio or in per cent (``multiply``, per series or
    for all, 1 or 100): y / n × 1,000 is a rate per 1,000 (beds per 1,000 population, 90 of
    10,000, as steady as a percentage), where y as a percentage is unlikely."""
    per_series = np.broadcast_to(np.asarray(multiply, dtype=float), p.series_starts.size)
    shown = np.isin(per_series, (1, 100))
    if shown.any():
        _warn_percent_numerator(p, y, n, False, shown)


def _warn_percent_numerator(
    p: Prepared, y: Hashable, n: Hashable, proportion: bool, among: np.ndarray | None = None
) -> None:
    """A :class:`~qistats.DenominatorWarning` when ``y`` looks like a percentage of ``n``
    rather than a count of it ("% seen within 4 hours", 95, beside 5,000 attendances), on a
    chart of proportions or (``proportion`` False) of measurements whose value is y / n,
    where the percentage is divided again.

    The points with n > 0 (5 or more) must have every y at most 100, a median y of 50 or more
    and a median y/n of at most 5 %; and a series of 20 points or more must vary far less than
    counts do: a variance below a fifth of its mean, where a count of cases out of n varies
    about as much as its mean (less only by its proportion, here under 5 %: 20 binomial
    counts fall that low about once in 100,000). Rare-event proportions (2 of 5,000) have
    small y and never meet the first conditions; ``tests/test_data_warnings.py`` measures the
    false-warning rate on counts of 50 to 100. ``among``: the series that may be named (per
    series; default all)."""
    yv, nv = p.y_kept, p.n_kept
    percent = _percent_share(yv, nv)
    if percent is None:
        return
    ok, share = percent
    ys, ns, series = yv[ok], nv[ok], p.series[ok]
    k = np.bincount(series)
    mean = np.bincount(series, weights=ys) / np.maximum(k, 1)
    square = np.bincount(series, weights=ys * ys)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (square - k * mean**2) / (k - 1)
        candidate = (k >= 20) & (var < 0.2 * mean)
    if among is not None:
        candidate &= among[: k.size]
    steady = np.flatnonzero(candidate)
    if not steady.size:
        return
    s = int(steady[0])
    i = int(np.flatnonzero(ok)[np.flatnonzero(series == s)[0]])
    warn(
        f"y={fmt(y)}: every y is at most 100 (median {np.median(ys):g}) while y/n is tiny "
        f"(median {100 * share:.2g} %, n median {np.median(ns):,.0f}), and "
        f"{p.describe_series(s)} varies far less than counts of cases do (variance "
        f"{var[s]:.2g} beside a mean of {mean[s]:.3g}): is {fmt(y)} a percentage of {fmt(n)}, "
        f"not a count of it (the point {p.describe_point(i)} has y {yv[i]:g} of n "
        f"{nv[i]:,.0f})? "
        + (
            "A proportion needs y as the count of cases, e.g. "
            if proportion
            else "With n the value charted is y / n, a percentage divided again: leave n out "
            "(on a board, set the measure's 'uses_n' to False) to chart the percentages as "
            "they are, or give y as the count of cases, e.g. "
        )
        + f"(df[{fmt(y)}] / 100 * df[{fmt(n)}]).round().",
        DenominatorWarning,
    )


def _warn_events_without_exposure(
    p: Prepared,
    y: Hashable,
    n: Hashable,
    proportion: bool,
    n_open: bool = False,
    measured: bool = False,
) -> None:
    """A :class:`~qistats.NoDataWarning` for the points with events over zero exposure (3
    restraints in a month of 0 bed days: the bed days not yet loaded; a proportion's y > n is
    refused) and for those with events and a missing ``n`` (the same late load), each a gap
    whose events leave the centre line. A closed period (0 events over 0) is a gap without a
    word, and so is a missing ``n`` in a series that lacks it in most of its points (the
    DenominatorWarning names those) or in all (the NoDataWarning of a series without data).
    ``measured``: y is a subgroup's total of measurements and n its size (I′), said so."""
    yv, nv = p.y_kept, p.n_kept
    if n_open:  # (``n_all_open`` of these n, known)
        return
    if not nv.size or (np.fmin.reduce(nv) > 0 and not np.isnan(np.add.reduce(nv))):
        return  # every n is above 0 (its sum is NaN when one is missing): no such point
    with np.errstate(invalid="ignore"):
        events = np.isfinite(yv) & ((yv != 0) if measured else (yv > 0))
    missing = np.isnan(nv) & np.isfinite(yv)
    k = p.series_starts.size
    with_n = np.bincount(p.series, weights=np.isfinite(yv) & ~np.isnan(nv), minlength=k)
    without = np.bincount(p.series, weights=missing, minlength=k)
    few = (with_n > 0) & (without <= with_n)  # a few late denominators, not a lost column
    if measured:  # I′: a subgroup's total over its size
        empty = ("over a subgroup of size 0",) * 2
        amount, plural, whose = "a total of {:g}", "a total", "total is"
        where = f"{fmt(n)} > 0 (the subgroup's size) where there is a total (an empty subgroup"
    else:
        empty = ("over zero exposure", "over exposure 0")
        amount, plural, whose = "{:g} events", "events", "events are"
        where = f"{fmt(n)} > 0 where there are events (a closed period"
    for lost, counted, over in (
        (np.flatnonzero(~proportion & events & (nv == 0)), *empty),
        (np.flatnonzero(events & missing & few[p.series]), f"and no {fmt(n)}", f"and no {fmt(n)}"),
    ):
        if not lost.size:
            continue
        i = int(lost[0])
        point = f"the point {p.describe_point(i)} has {amount.format(yv[i])} ({fmt(y)})"
        if lost.size > 1:
            point = f"{lost.size} points have {plural} {counted}; the first, {point}"
        swapped = _swapped_hint(yv, nv, y, n) if over == "over exposure 0" else ""
        warn(
            f"n={fmt(n)}: {point} {over}: a gap, whose {whose} left out of the centre line. "
            f"Expected {where} has 0 of both): is {fmt(n)} not yet loaded there?{swapped}",
            NoDataWarning,
        )


#: y and n look swapped (y the exposure, n the events) when every n is a whole number at most
#: this, below every y, and some point has y over n = 0 (events without exposure).
SWAPPED_MAX_N = 20


def _swapped_hint(yv: np.ndarray, nv: np.ndarray, y: Hashable, n: Hashable) -> str:
    """The sentence added to the warning of events over zero exposure when y and n look
    swapped (bed days as y, falls as n): every observed y and n whole numbers, every n at most
    :data:`SWAPPED_MAX_N` and below every y. A count of events over 0 exposure is impossible,
    and a rate whose every denominator is a handful, below every numerator, is rarely meant."""
    both = np.isfinite(yv) & np.isfinite(nv)
    if both.sum() < 3:
        return ""
    ys, ns = yv[both], nv[both]
    whole = bool((ys == np.round(ys)).all() and (ns == np.round(ns)).all())
    if not whole or ns.max() > SWAPPED_MAX_N or ys.min() <= ns.max():
        return ""
    return (
        f" Or are y and n swapped? Every {fmt(n)} ({ns.min():g} to {ns.max():g}) is below "
        f"every {fmt(y)} ({ys.min():g} to {ys.max():g}): y is the count of events, n the "
        f"exposure (y={fmt(n)}, n={fmt(y)})."
    )


def _same_label(a: Hashable, b: Hashable) -> bool:
    """Whether two column labels are the same (``0`` and ``False`` are not)."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b
