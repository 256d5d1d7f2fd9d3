"""Data frames from other libraries in, and results out to them.

qistats computes on pandas. A :mod:`polars` ``DataFrame``, a :mod:`pyarrow` ``Table`` or
``RecordBatch``, or any object that exports the Arrow C stream interface
(``__arrow_c_stream__``) is converted to pandas once, on the way in, by :func:`as_pandas`.
Results stay pandas; :func:`to_polars` and :func:`to_arrow` convert a result table on request.
Neither polars nor pyarrow is a dependency: each is imported only when such an object is met.
Messages give code in the library the data came from (:func:`source`): :func:`convert_advice`
converts a column.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from ._args import fmt
from .errors import ArgumentError


def _module(obj: Any) -> str:
    return type(obj).__module__.split(".", 1)[0]


SOURCE = "qistats_source"  # the attrs key of a converted frame: "polars", "pyarrow", "spark"
DATES = "qistats_dates"  # the attrs key of a converted frame's date (not datetime) columns


def source(data: pd.DataFrame | pd.Series) -> str:
    """The library a frame came from ("pandas", "polars", "pyarrow", "arrow" for another
    Arrow stream, or "spark" for a task's rows in :mod:`qistats.spark`), so that advice in a
    message is code the user can run."""
    return data.attrs.get(SOURCE, "pandas")


def as_pandas(data: Any, arg: str = "data") -> pd.DataFrame:
    """Return ``data`` as a pandas DataFrame (itself when it already is one; never modified).

    A converted frame records its source in ``attrs`` (read it with :func:`source`).

    >>> import pyarrow as pa
    >>> as_pandas(pa.table({"y": [1, 2]})).dtypes["y"]
    dtype('int64')
    """
    if isinstance(data, pd.DataFrame):
        return data
    out = _convert(data, arg)
    out.attrs[SOURCE] = _module(data) if _module(data) in ("polars", "pyarrow") else "arrow"
    if _module(data) == "polars":  # polars' to_pandas makes dates datetime64[ms]
        schema = data.collect_schema() if hasattr(data, "collect_schema") else data.schema
        out.attrs[DATES] = tuple(c for c, t in schema.items() if str(t) == "Date")
    elif _module(data) == "pyarrow" and hasattr(data, "schema"):  # date32/date64: dates back
        out.attrs[DATES] = tuple(f.name for f in data.schema if str(f.type).startswith("date"))
    return out


def date_columns(data: pd.DataFrame, names: list[Any]) -> tuple[Any, ...]:
    """Those of ``names`` that were dates (no time of day) in the caller's frame, before
    pandas read them as datetimes; results give them back as dates (see :func:`to_arrow`)."""
    dates = data.attrs.get(DATES, ())
    return tuple(c for c in names if c in dates)


def _convert(data: Any, arg: str) -> pd.DataFrame:
    if isinstance(data, pd.Series):
        name = data.name if data.name is not None else "y"
        raise ArgumentError(
            f"{arg}: got a pandas Series; expected a DataFrame with named columns "
            f"(for one series: series.to_frame({name!r}), then y={name!r})."
        )
    module = _module(data)
    if module == "polars":
        if hasattr(data, "collect"):  # a LazyFrame: the caller asked for a computation
            data = data.collect()
        if hasattr(data, "to_pandas"):
            return data.to_pandas()
    if module == "pyarrow" and hasattr(data, "to_pandas") and hasattr(data, "schema"):
        return _without_stale_text_types(data).to_pandas()
    if hasattr(data, "__arrow_c_stream__"):
        try:
            import pyarrow as pa
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ArgumentError(
                f"{arg}: a {type(data).__name__} is read through Arrow; install pyarrow."
            ) from err
        return pa.table(data).to_pandas()
    raise ArgumentError(
        f"{arg}: expected a pandas or polars DataFrame or a pyarrow Table, "
        f"got {type(data).__module__}.{type(data).__name__}."
    )


def _without_stale_text_types(table: Any) -> Any:
    """``table`` with its pandas metadata no longer calling a column text once the column holds
    something else.

    A Table made with ``pa.Table.from_pandas`` records each column's pandas dtype, and
    ``to_pandas`` restores it: a text column converted to numbers with ``pyarrow.compute`` (as
    the advice for ``"80.2 %"`` says) and put back with ``set_column`` would come back as text
    again ('80.2'), since pandas' ``str`` dtype converts whatever Arrow holds. The entries of such
    columns are made plain ``object`` ones, which restore nothing; every other entry is kept.
    """
    meta = table.schema.metadata or {}
    if b"pandas" not in meta:
        return table
    import json

    import pyarrow as pa

    try:
        pandas_meta = json.loads(meta[b"pandas"])
        entries = pandas_meta["columns"]
    except (ValueError, KeyError, TypeError):
        return table
    types = {f.name: f.type for f in table.schema}
    text = (pa.types.is_string, pa.types.is_large_string, getattr(pa.types, "is_string_view", None))
    stale = False
    for entry in entries:
        kind = types.get(entry.get("field_name"))
        if (
            kind is not None
            and str(entry.get("numpy_type")).startswith(("str", "string"))
            and not any(test(kind) for test in text if test is not None)
        ):
            entry["numpy_type"], entry["pandas_type"], stale = "object", "mixed", True
    if not stale:
        return table
    return table.replace_schema_metadata({**meta, b"pandas": json.dumps(pandas_meta).encode()})


def time_unit(data: pd.DataFrame, x: Any) -> str | None:
    """The time unit of ``data``'s date column ``x`` (``"us"`` for a polars frame's
    ``Datetime('us')``, as pandas keeps it), or None when ``x`` holds no datetimes.

    >>> time_unit(pd.DataFrame({"x": pd.to_datetime(["2024-01-01"]).as_unit("us")}), "x")
    'us'
    """
    if x is None or x not in getattr(data, "columns", ()):
        return None
    dtype = data[x].dtype
    if isinstance(dtype, np.dtype):  # naive: datetime64[us]
        return np.datetime_data(dtype)[0] if dtype.kind == "M" else None
    return getattr(dtype, "unit", None)  # time-zone-aware: DatetimeTZDtype


def to_arrow(frame: pd.DataFrame, dates: tuple[Any, ...] = (), unit: str | None = None) -> Any:
    """A pandas result table as a :class:`pyarrow.Table` (``pip install pyarrow``).

    Categorical labels become plain strings. A named index (the board's :meth:`matrix`'s
    ``variation``) becomes the first column(s), as ``reset_index()`` makes it, so that no row
    labels are lost; an unnamed index (row positions) is dropped. The columns named in
    ``dates`` (the caller's date columns, see :func:`date_columns`) are dates (``date32``), and
    so are columns of ``pd.Period`` (their start: ``date32`` for days, weeks, months, quarters
    and years; a timestamp for periods shorter than a day), which Arrow and polars would
    otherwise hold as an extension type they cannot compute with. A
    column of labels that is missing in every row (``direction`` when no unit is an outlier,
    ``assurance`` without a target) is a string column of nulls, not Arrow's ``null`` type, so
    its type does not depend on the data; every text column is Arrow's ``string`` (pandas 3's
    text columns would otherwise be ``large_string`` beside the ``string`` of labels, and the
    types would depend on the pandas version). With ``unit`` (the time unit of the caller's x, see
    :func:`time_unit`), every other timestamp column has that unit too: an ambition's
    ``current_start`` or ``projected_date``, computed in nanoseconds, comes back as
    ``Datetime('us')`` beside a polars caller's ``Datetime('us')`` x.
    """
    try:
        import pyarrow as pa
    except ImportError as err:
        raise ArgumentError("to_arrow(): install pyarrow (pip install pyarrow).") from err
    periods = tuple(
        c
        for c in frame.columns
        if isinstance(frame[c].dtype, pd.PeriodDtype) and _whole_days(frame[c].dt.start_time)
    )
    frame = _labelled(frame)
    table = pa.Table.from_pandas(_plain(frame), preserve_index=False)
    for name in (*dates, *periods):
        i = table.schema.get_field_index(str(name)) if name in frame.columns else -1
        if i >= 0 and pa.types.is_timestamp(table.schema.field(i).type):
            table = table.set_column(i, table.schema.field(i).name, table[i].cast(pa.date32()))
    for i, field in enumerate(table.schema):  # labels with no value: strings all the same
        if pa.types.is_null(field.type) or pa.types.is_large_string(field.type):
            table = table.set_column(i, field.name, table[i].cast(pa.string()))
        elif unit and pa.types.is_timestamp(field.type) and field.type.unit != unit:
            kind = pa.timestamp(unit, field.type.tz)
            # dates at midnight: exact in any unit (a finer time is kept as it is)
            with contextlib.suppress(pa.ArrowInvalid):
                table = table.set_column(i, field.name, table[i].cast(kind))
    return table


def to_polars(frame: pd.DataFrame, dates: tuple[Any, ...] = (), unit: str | None = None) -> Any:
    """A pandas result table as a :class:`polars.DataFrame` (``pip install polars``); the
    columns named in ``dates`` are ``pl.Date``, other timestamps of time unit ``unit`` (see
    :func:`to_arrow`)."""
    try:
        import polars as pl
    except ImportError as err:
        raise ArgumentError("to_polars(): install polars (pip install polars).") from err
    return pl.from_arrow(to_arrow(frame, dates, unit))


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a named index (any level named) as its first columns, and the columns'
    own name (the matrix's ``assurance``) dropped; a frame indexed by positions unchanged."""
    if all(name is None for name in frame.index.names):
        return frame
    out = frame.reset_index()
    out.columns.name = None
    return out


def _whole_days(starts: pd.Series) -> bool:
    """Whether every (non-missing) timestamp is at midnight: dates without a time of day."""
    return bool((starts.dropna() == starts.dropna().dt.normalize()).all())


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as strings (missing stays missing), Period columns as the
    timestamps of their starts; other columns untouched."""
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    periods = [c for c in frame.columns if isinstance(frame[c].dtype, pd.PeriodDtype)]
    if not cats and not periods:
        return frame
    out = frame.copy()
    for c in cats:
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    for c in periods:
        out[c] = out[c].dt.start_time
    return out


class TablesOut:
    """``to_arrow``/``to_polars`` for a result class whose tables are named in ``_TABLES``
    (attributes or methods without arguments; the first is the default)."""

    _TABLES: tuple[str, ...] = ()
    _dates: tuple[Any, ...] = ()  # columns to give back as dates (see date_columns)
    _unit: str | None = None  # the time unit of the caller's x (see time_unit)

    def _out(self, table: str | None) -> pd.DataFrame:
        name = self._TABLES[0] if table is None else table
        if name not in self._TABLES:
            listed = " or ".join(map(repr, self._TABLES))
            raise ArgumentError(f"table={table!r}: expected {listed}.")
        value = getattr(self, name)
        return value() if callable(value) else value

    def to_arrow(self, table: str | None = None) -> Any:
        """A table of the result (``table``: its name; the first of the class's tables by
        default) as a :class:`pyarrow.Table`; categorical columns become strings."""
        return to_arrow(self._out(table), self._dates, self._unit)

    def to_polars(self, table: str | None = None) -> Any:
        """A table of the result (``table``: its name; the first of the class's tables by
        default) as a :class:`polars.DataFrame`; categorical columns become strings.

        >>> import pandas as pd, qistats as qi
        >>> df = pd.DataFrame({"ward": ["A", "B", "C"], "falls": [3, 9, 4],
        ...                    "bed_days": [700, 800, 750]})
        >>> res = qi.funnel(df, y="falls", n="bed_days", unit="ward", kind="rate", adjust=False)
        >>> units = res.to_polars()
        >>> type(units).__name__, units["ward"].to_list()
        ('DataFrame', ['A', 'B', 'C'])
        """
        return to_polars(self._out(table), self._dates, self._unit)


#: strftime directives as Spark's datetime patterns (F.to_date's format)
_SPARK_FORM = {
    "%Y": "yyyy",
    "%y": "yy",
    "%m": "MM",
    "%d": "dd",
    "%H": "HH",
    "%M": "mm",
    "%B": "MMMM",
    "%b": "MMM",
}


def _spark_form(form: str) -> str:
    """A strftime format (quoted, as in the advice) as a Spark datetime pattern."""
    for directive, pattern in _SPARK_FORM.items():
        form = form.replace(directive, pattern)
    return form


def convert_advice(src: str, column: Hashable, to: str, form: str = "...") -> str:
    """Code that converts ``column`` to ``to`` ("dates", with strftime format ``form``,
    "numbers", "separated" numbers with thousands separators, "percent" numbers with a "%"
    after them, "separated percent" numbers with either, "financial years" as their first
    day, "quarters" ('2019Q2', '2019-Q2': pandas Periods, or the quarter's first day
    elsewhere), or "stripped" text) in the
    library the data came from (see :func:`qistats._interop.source`)."""
    c = fmt(column)
    calls = {
        "dates": {
            "pandas": f"pd.to_datetime(df[{c}], format={form})",
            "polars": f"df.with_columns(pl.col({c}).str.strptime(pl.Date, {form}))",
            "pyarrow": f"pyarrow.compute.strptime(table[{c}], format={form}, unit='s')",
            "spark": f"sdf.withColumn({c}, F.to_date({c}, {_spark_form(form)}))",
        },
        "numbers": {
            "pandas": f"pd.to_numeric(df[{c}], errors='coerce')",
            "polars": f"df.with_columns(pl.col({c}).cast(pl.Float64, strict=False))",
            "pyarrow": f"pyarrow.compute.cast(table[{c}], 'float64')",
            "spark": f"sdf.withColumn({c}, F.col({c}).cast('double'))",
        },
        "separated": {
            # astype("string") first: a column mixing numbers and text (read_excel's) would
            # lose its numbers to .str, which gives NaN for every cell that is not text
            # (pandas' to_numeric reads " 12" as it is; polars' and Arrow's casts do not: strip)
            "pandas": f"pd.to_numeric(df[{c}].astype('string').str.replace(',', ''))",
            "polars": (
                f"df.with_columns(pl.col({c}).str.replace_all(',', '').str.strip_chars()"
                ".cast(pl.Float64))"
            ),
            "pyarrow": (
                "pyarrow.compute.cast(pyarrow.compute.utf8_trim_whitespace("
                f"pyarrow.compute.replace_substring(table[{c}], ',', '')), 'float64')"
            ),
            "spark": f"sdf.withColumn({c}, F.trim(F.regexp_replace({c}, ',', '')).cast('double'))",
        },
        "percent": {
            # "80.2 %" (a space before the sign, as some exports write it): the sign removed,
            # then the spaces around the number, which polars' and Arrow's casts refuse
            "pandas": f"pd.to_numeric(df[{c}].astype('string').str.replace('%', '').str.strip())",
            "polars": (
                f"df.with_columns(pl.col({c}).str.replace_all('%', '').str.strip_chars()"
                ".cast(pl.Float64))"
            ),
            "pyarrow": (
                "pyarrow.compute.cast(pyarrow.compute.utf8_trim_whitespace("
                f"pyarrow.compute.replace_substring(table[{c}], '%', '')), 'float64')"
            ),
            "spark": f"sdf.withColumn({c}, F.trim(F.regexp_replace({c}, '%', '')).cast('double'))",
        },
        "separated percent": {
            "pandas": (
                f"pd.to_numeric(df[{c}].astype('string').str.replace('[,%]', '', regex=True)"
                ".str.strip())"
            ),
            "polars": (
                f"df.with_columns(pl.col({c}).str.replace_all('[,%]', '').str.strip_chars()"
                ".cast(pl.Float64))"
            ),
            "pyarrow": (
                "pyarrow.compute.cast(pyarrow.compute.utf8_trim_whitespace("
                f"pyarrow.compute.replace_substring_regex(table[{c}], '[,%]', '')), 'float64')"
            ),
            "spark": (
                f"sdf.withColumn({c}, F.trim(F.regexp_replace({c}, '[,%]', '')).cast('double'))"
            ),
        },
        "financial years": {
            "pandas": f"pd.to_datetime(df[{c}].str.strip().str[:4] + '-04-01')",
            "polars": (
                f"df.with_columns((pl.col({c}).str.strip_chars().str.slice(0, 4) + '-04-01')"
                ".str.strptime(pl.Date, '%Y-%m-%d'))"
            ),
            "spark": (
                f"sdf.withColumn({c}, F.to_date(F.concat(F.substring(F.trim({c}), 1, 4), "
                "F.lit('-04-01'))))"
            ),
        },
        "quarters": {
            "pandas": f"df[{c}] = pd.PeriodIndex(df[{c}].str.strip(), freq='Q')",
            "polars": (
                f"df = df.with_columns(pl.date(pl.col({c}).str.strip_chars().str.slice(0, 4)"
                f".cast(pl.Int32), pl.col({c}).str.strip_chars().str.slice(-1).cast(pl.Int8) "
                f"* 3 - 2, 1).alias({c}))"
            ),
            "spark": (
                f"sdf = sdf.withColumn({c}, F.make_date(F.substring(F.trim({c}), 1, 4)"
                f".cast('int'), F.substring(F.trim({c}), -1, 1).cast('int') * 3 - 2, F.lit(1)))"
            ),
        },
        "stripped": {
            "pandas": f"df[{c}] = df[{c}].str.strip()",
            "polars": f"df = df.with_columns(pl.col({c}).str.strip_chars())",
            "pyarrow": f"pyarrow.compute.utf8_trim_whitespace(table[{c}])",
            "spark": f"sdf = sdf.withColumn({c}, F.trim({c}))",
        },
    }[to]
    return calls.get(src, f"your data library's conversion of column {c} to {to}")
