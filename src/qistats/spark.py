"""The same charts on Spark: :func:`spc` over a Spark DataFrame, by buckets of whole series.

Every qistats computation is per series, so it distributes cleanly. Each series is assigned to a
*bucket* by a hash of its ``by`` values; Spark brings the rows of a bucket together in one task
(``groupBy(bucket).applyInPandas``), and the task runs one vectorised :func:`qistats.spc` over
all the series of its bucket. The cost per series is the vectorised engine's, not one Python call
per series, and a series never meets another in any computation, so the result of each series is
exactly what :func:`qistats.spc` gives on the same rows, whatever the partitioning and row order.

Install with ``pip install "qistats[spark]"``; pyspark is imported only by this module. The
executors need qistats (and pandas, pyarrow) installed, as for any pandas UDF.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from . import errors
from ._args import as_list, fmt, local_instants
from ._calendar import data_x
from ._interop import SOURCE
from ._rare import every_rare_measure
from ._spark_warnings import (
    CARRIED,
    EVENTS_WITHOUT_N,
    LEADING_ZEROS,
    UNOBSERVED,
    Judged,
    carried,
    ignore_pandas3,
    on_driver,
    recorded,
    warn_carried,
    warn_x_values,
)
from ._spc import spc as _pandas_spc
from ._stale import data_latest, report_x
from ._xaxis import iso_text_x, text_x_error
from .errors import ArgumentError, ColumnError, QIStatsError
from .frame import first_not_flag, no_column, not_flags_error, warn_spaces
from .phases import per_row

try:  # pragma: no cover - exercised only without pyspark
    from pyspark.sql import DataFrame as SparkDataFrame
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as err:  # pragma: no cover
    raise ImportError(
        'qistats.spark needs pyspark: pip install "qistats[spark]" (or run on Databricks).'
    ) from err

__all__ = ["SparkAmbition", "SparkBoard", "SparkSPCResult", "ambition", "board", "spc"]

#: Arguments of :func:`qistats.spc` that may name a column of the data.
_COLUMN_ARGS = ("phase", "exclude", "cl", "target", "improvement")
_BUCKET = "__qistats_bucket__"
#: qi.ambition's BaselineWarning naming the series without baseline data: the driver gives it
#: when it decides an absolute target's direction, from every series
NO_BASELINE: Judged = (
    errors.BaselineWarning,
    re.compile(r"ha(?:s|ve) no usable data in the baseline period"),
)
#: The LabelWarning of a ``by`` column's labels that differ only by case or spaces at either
#: end: the driver judges it on the column's every label (:func:`_warn_labels`), a bucket's own
#: (of its series' labels only) is dropped
LABELS: Judged = (errors.LabelWarning, re.compile(r"^by=.*?: the labels .* differ only by "))
#: qi.board's DateWarning for a series' last x far beyond the rest of the data: the driver
#: judges it on the whole data (:func:`_warn_far_beyond`), a bucket's own is dropped
FAR_BEYOND: Judged = (
    errors.DateWarning,
    re.compile(r"of its periods after every other point of the data"),
)
#: qi.board's DateWarning for quarterly measures dated early in a quarter's last month: the
#: driver judges it on every measure's dates (:func:`_warn_quarter_ends`), a bucket's dropped
QUARTER_ENDS: Judged = (
    errors.DateWarning,
    re.compile(r"dated only early in March, June, September and December"),
)
_ERROR = re.compile(r"qistats\.errors\.(\w+): (.*?)(?:\n(?:\s|Traceback|JVM)|\Z)", re.S)
#: The column of :meth:`SparkBoard.table` giving each row's measure's position in the measures
#: table (Spark rows have no order of their own)
MEASURE_ORDER = "measure_order"
#: ISO text dates, as qistats reads a text x (:func:`qistats._xaxis.iso_text_x`): the Spark
#: pattern of each, and the regular expression every value must match
_ISO_X = {"yyyy-MM-dd": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "yyyy-MM": r"^[0-9]{4}-[0-9]{2}$"}
#: ISO text of a date and a time of day without a time zone (``2021-04-01 00:00:00``, as SQL and
#: Excel extracts write them), as :data:`qistats._xaxis._ISO_DATETIME` reads it in pandas
_ISO_DATETIME_X = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?$"


def _quiet(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with pyspark's pandas-3 warnings (and only them) silenced while it runs."""

    @functools.wraps(fn)
    def quiet(*args: Any, **kwargs: Any) -> Any:
        with _WorkerQuiet():
            return fn(*args, **kwargs)

    return quiet


class _WorkerQuiet:
    """Silences pyspark's pandas-3 warnings, and only them, inside a ``with`` block.

    It travels with every task too. Spark converts a task's rows between Arrow and pandas
    outside the task's function, so a ``with`` block there cannot cover them: unpickling this
    object in an executor's Python worker, before any row is converted, silences those
    warnings in the worker."""

    def __enter__(self) -> None:
        self._scope = warnings.catch_warnings()
        self._scope.__enter__()
        ignore_pandas3()

    def __exit__(self, *exc: object) -> None:
        self._scope.__exit__(*exc)

    def __reduce__(self) -> tuple[Callable[[], _WorkerQuiet], tuple[()]]:
        return (_worker_quiet, ())


def _worker_quiet() -> _WorkerQuiet:
    ignore_pandas3()
    return _WorkerQuiet()


class SparkSPCResult:
    """The result of :func:`qistats.spark.spc`: the points and the summary as Spark DataFrames.

    Attributes
    ----------
    points : pyspark.sql.DataFrame
        One row per series × x, the columns of :attr:`qistats.SPCResult.points` with the Spark
        types of :attr:`points_schema` (the by-columns and x keep the input's types; the
        categorical ``variation`` is a string).
    points_schema, summary_schema : pyspark.sql.types.StructType
        The explicit schemas, also documented in "Running on Spark/Databricks".
    buckets : int
        The number of buckets the series were hashed into.
    params : dict
        The arguments of the call, as for :attr:`qistats.SPCResult.params`.
    """

    def __init__(
        self,
        points: SparkDataFrame,
        summary: SparkDataFrame,
        points_schema: T.StructType,
        summary_schema: T.StructType,
        buckets: int,
        params: dict[str, Any],
    ) -> None:
        self.points = points
        self._summary = summary
        self.points_schema = points_schema
        self.summary_schema = summary_schema
        self.buckets = buckets
        self.params = params

    def summary(self) -> SparkDataFrame:
        """One row per series × phase.

        Returns
        -------
        pyspark.sql.DataFrame
            The columns of :meth:`qistats.SPCResult.summary`, with the Spark types of
            :attr:`summary_schema`.

        Examples
        --------
        >>> res = qs.spc(sdf, y="falls", x="month", by="ward", chart="c")  # doctest: +SKIP
        >>> res.summary().where("variation != 'common_cause'").show()  # doctest: +SKIP
        """
        return self._summary

    def __repr__(self) -> str:
        by = self.params["by"]
        return (
            f"SparkSPCResult: chart={fmt(self.params['chart'])}, by={fmt(by)}, "
            f"{self.buckets} buckets; .points and .summary() are Spark DataFrames"
        )


@_quiet
def spc(
    sdf: SparkDataFrame,
    y: str,
    *,
    x: str,
    by: str | Sequence[str] | None = None,
    n: str | None = None,
    buckets: int | None = None,
    check: bool = True,
    **kwargs: Any,
) -> SparkSPCResult:
    """Statistical process control charts of many series held in a Spark DataFrame.

    The arguments and their meanings are those of :func:`qistats.spc`; ``x`` and ``by`` are
    required (Spark rows have no order, and the series are what is distributed).

    Parameters
    ----------
    sdf : pyspark.sql.DataFrame
        One row per observation. Only the columns the call names are read.
    y, x, by, n
        As in :func:`qistats.spc`.
    buckets : int, optional
        How many buckets the series are hashed into (``xxhash64`` of the by-values, modulo
        ``buckets``). Each bucket is one task running the vectorised engine over its series.
        Default: four times the session's default parallelism, so every core has work and a
        slow bucket does not hold up the job.
    check : bool, default True
        Compute the points once now (persisted, memory and disk) so that a problem in one
        series is raised here, as the same :class:`~qistats.QIStatsError` that
        :func:`qistats.spc` raises (it names the series). With ``check=False`` nothing runs
        until you act on ``.points``; an error then surfaces inside Spark's own exception.
    **kwargs
        Every other argument of :func:`qistats.spc` (``chart``, ``freeze``, ``phase``,
        ``exclude``, ``cl``, ``target``, ``rules``, ``improvement``, ``multiply``, …).

    Returns
    -------
    SparkSPCResult
        ``.points`` and ``.summary()`` as Spark DataFrames with explicit schemas.

    Notes
    -----
    The arguments, the columns and their types are checked on the driver, where the first
    series is also computed with :func:`qistats.spc` to fix the output schema; errors that
    depend on one series' values are raised on the executors and carried back (with
    ``check=True``). Floats are bit-for-bit those of :func:`qistats.spc` on the same rows: the
    arithmetic per series is the same, and rows sharing (series, x) are aggregated after a
    deterministic sort.

    Examples
    --------
    >>> import qistats.spark as qs  # doctest: +SKIP
    >>> res = qs.spc(sdf, y="restraints", n="bed_days", x="month", by=["trust", "ward"],
    ...              chart="u", multiply=1000, rules="mdc")  # doctest: +SKIP
    >>> res.points.write.mode("overwrite").saveAsTable("qi.restraint_points")  # doctest: +SKIP
    """
    by_list = _series_columns(sdf, by, x)
    for arg, what in (("phase", "labels"), ("exclude", "flags")):
        if per_row(kwargs.get(arg), arg):  # one per row of a pandas frame; Spark has no order
            raise ArgumentError(
                f"{arg}: per-row {what} (one per row, in row order) cannot be matched to the "
                f"rows of a Spark DataFrame, which have no order; put them in a column of sdf "
                f"and pass its name ({arg}='column'), or pass x values."
            )
    columns = _needed_columns(sdf, y=y, x=x, n=n, by=by_list, kwargs=kwargs)
    sdf = _dated_x(sdf, x)
    _one_reading(sdf, x)
    types = _numeric_roles(sdf, flags=True, y=y, n=n)
    _check_exclude(sdf, kwargs.get("exclude"), by_list, x, types)
    judged = warn_x_values(sdf, x, types)  # on every row, as qi.spc judges them
    judged = (*judged, *_warn_labels(sdf, by_list))
    call = dict(kwargs, y=y, x=x, n=n, by=by_list)
    # the series without a value in the latest period are judged against the whole data's
    latest = _latest_with_value(sdf, x, y, n, types)
    # dates given (freeze, phase, exclude) mean their month when the whole data's series date
    # their months on different days, not only a bucket's
    dated = any(kwargs.get(arg) is not None for arg in ("freeze", "phase", "exclude"))
    every = _every_x_key(sdf, x, types) if dated else None

    def compute(pdf: pd.DataFrame) -> dict[str, pd.DataFrame]:
        with data_latest(latest), data_x(every):
            return _spc_tables(_pandas_spc(pdf, **call))

    run = _runner(compute, columns, types, [*by_list, x])
    tables, schemas, buckets = _distribute(
        sdf.select(*columns), by_list, run, types, buckets=buckets, check=check, judged=judged
    )
    return SparkSPCResult(
        tables["points"],
        tables["summary"],
        schemas["points"],
        schemas["summary"],
        buckets,
        dict(kwargs, **call),
    )


def _every_x_key(sdf: SparkDataFrame, x: str, types: dict[str, T.DataType]) -> Any:
    """The distinct x keys (:func:`_x_key`) of ``sdf``'s dates, collected to the driver (one
    a period), for :func:`~qistats._calendar.data_x`; None for an x of numbers."""
    if not isinstance(types[x], (T.DateType, T.TimestampType, T.TimestampNTZType)):
        return None
    key = _x_key(sdf, x, types).alias("_qi_key")
    rows = sdf.where(F.col(x).isNotNull()).select(key).distinct().collect()
    return np.array([r[0] for r in rows], dtype=float)


def _latest_with_value(
    sdf: SparkDataFrame, x: str, y: str, n: str | None, types: dict[str, T.DataType]
) -> float | None:
    """The key (:func:`_x_key`) of the latest x of ``sdf`` at which a row has a value: a
    ``y``, and with ``n`` a non-zero ``n`` (a gap has no value, as in :func:`qistats.spc`)."""
    usable = F.col(y).isNotNull() & ~F.isnan(F.col(y).cast("double"))
    if n is not None:
        n_value = F.col(n).cast("double")
        usable &= F.col(n).isNotNull() & ~F.isnan(n_value) & (n_value != 0)
    return sdf.where(usable).agg(F.max(_x_key(sdf, x, types))).collect()[0][0]


def _spc_tables(res: Any) -> dict[str, pd.DataFrame]:
    return {"points": res.points, "summary": res.summary()}


class SparkBoard:
    """The result of :func:`qistats.spark.board`.

    Attributes
    ----------
    points : pyspark.sql.DataFrame
        Every point of every measure: the columns of :attr:`qistats.Board.points` (in no
        particular row order, as any Spark DataFrame after a shuffle).
    schemas : dict of pyspark.sql.types.StructType
        The explicit schemas of ``"points"`` and ``"table"``.
    as_of : x value
        The report's period (unless given, the start of the latest period in the data: 1
        September 2024 for September dated 30 September): ``stale`` is judged against it, the
        same for every bucket.
    """

    def __init__(
        self,
        tables: dict[str, SparkDataFrame],
        schemas: dict[str, T.StructType],
        buckets: int,
        as_of: Any,
        directions: pd.Series,
        by: list[str],
    ) -> None:
        self.points = tables["points"]
        self._table = tables["table"]
        self._by = by
        self.schemas = schemas
        self.buckets = buckets
        self.as_of = as_of
        self._directions = directions  # measure -> +1, −1 or 0, for matrix()

    def table(self) -> SparkDataFrame:
        """One row per measure (× ``by``), in :meth:`qistats.Board.table`'s order.

        Returns
        -------
        pyspark.sql.DataFrame
            The columns of :meth:`qistats.Board.table`, with the Spark types of
            ``schemas["table"]`` (lists, such as ``last_values``, as arrays), then
            ``measure_order``: the measure's position in the measures table (0 for its first
            row). The rows are sorted as :func:`qistats.board` sorts them: by
            ``measure_order``, then by the ``by`` values (``orderBy("measure_order", *by)``).
            A Spark DataFrame keeps that order when collected (``toPandas()``, ``collect()``)
            or written, but not through a later shuffle (a join, ``groupBy``): sort by
            ``measure_order`` and the ``by`` columns again after one.

        Examples
        --------
        >>> report = qs.board(sdf, measures, x="month", y="value", by="trust")  # doctest: +SKIP
        >>> report.table().write.saveAsTable("qi.board_table")  # doctest: +SKIP
        """
        return self._table.orderBy(MEASURE_ORDER, *self._by)

    @_quiet
    def matrix(self) -> pd.DataFrame:
        """Counts of series by variation × assurance icon.

        Returns
        -------
        pandas.DataFrame
            A small pandas table, as :meth:`qistats.Board.matrix` (computed on the driver
            from the table's icon columns).

        Examples
        --------
        >>> qs.board(sdf, measures, x="month", y="value").matrix()  # doctest: +SKIP
        """
        from .board import MATRIX_COLUMNS, icon_matrix

        measure = self._directions.index.name
        icons = self._table.select(measure, *MATRIX_COLUMNS).toPandas()
        return icon_matrix(icons, icons[measure].map(self._directions).to_numpy())


@_quiet
def board(
    sdf: SparkDataFrame,
    measures: pd.DataFrame,
    *,
    x: str,
    y: str,
    measure: str = "measure",
    n: str | None = None,
    by: str | Sequence[str] | None = None,
    buckets: int | None = None,
    check: bool = True,
    **kwargs: Any,
) -> SparkBoard:
    """A Making Data Count board report (:func:`qistats.board`) over a Spark DataFrame.

    The series (measure × ``by`` group) are hashed into buckets as in :func:`spc`; each bucket
    runs one :func:`qistats.board` over its series with the rows of ``measures`` it needs.
    ``measures`` is a pandas DataFrame (it is small, and travels to every task).

    The driver checks the two tables against each other with :func:`qistats.board`'s own
    messages (it computes the first row of every measure), and fixes the report's period
    ``as_of`` (unless given, the latest start of a period with an observed value, as
    :func:`qistats.board` reads it) so that ``stale`` means the same in every bucket (with
    each measure's ``lag`` from the measures table, as :func:`qistats.board`).
    ``expected=`` is :func:`qistats.board`'s: the driver adds the gap row of every
    expected series with no row to the data before distributing it (a bucket sees only its
    own series), and a :class:`~qistats.NoDataWarning` names them. ``targets=`` (a target per
    series) is :func:`qistats.board`'s too: the driver checks it against every series of the
    data, with its errors and its warning naming targets for series with no data, and each
    bucket gets the targets of its own measures.

    Parameters
    ----------
    sdf : pyspark.sql.DataFrame
        Long data: one row per measure (× ``by`` group) × period. Only the named columns are
        read.
    measures : pandas.DataFrame
        The measures table of :func:`qistats.board`.
    x, y, measure, n, by
        As in :func:`qistats.board`.
    buckets, check
        As in :func:`spc`.
    **kwargs
        Every other argument of :func:`qistats.board` (``rules``, ``as_of``, ``expected``,
        ``targets``, …).

    Returns
    -------
    SparkBoard
        ``.table()`` and ``.points`` as Spark DataFrames with explicit schemas, and
        ``.matrix()``.

    Examples
    --------
    >>> import qistats.spark as qs  # doctest: +SKIP
    >>> report = qs.board(sdf, measures, x="month", y="value", by="trust")  # doctest: +SKIP
    >>> report.table().write.saveAsTable("qi.board_table")  # doctest: +SKIP
    """
    from ._board_measures import measures_table
    from .board import build_board

    by_list = _series_columns(sdf, by if by is not None else [], x, need_by=False)
    keys = [measure, *by_list]
    columns = _needed_columns(sdf, y=y, x=x, n=n, by=keys, kwargs={})
    sdf = _dated_x(sdf, x)
    _one_reading(sdf, x)
    types = _numeric_roles(sdf, flags=True, y=y, n=n)
    # judged on every row (before as_of), as qi.board judges them; and the far date, below
    # (a board's measures apart: events' times of day beside months stored in UTC)
    said_x = warn_x_values(sdf, x, types, measure, list(measures[measure]))
    judged = (*said_x, FAR_BEYOND, QUARTER_ENDS)
    judged = (*judged, *_warn_labels(sdf, by_list))
    data = sdf.select(*columns)
    given_as_of = as_of = kwargs.pop("as_of", None)
    events = _event_measures(measures, measure)
    whole_report = None  # the report's x when the latest event is after it (see below)
    # each measure's typical spacing on the whole data: the periods as_of reads x through
    whole = _spacing_per_measure(data, keys, x, types)
    used = _at_or_before(data, x, types, given_as_of, measure, whole)
    expected = kwargs.pop("expected", None)
    if expected is not None:  # a bucket sees only its series: add the gap rows here, once
        data = _with_expected_rows(
            data, measures, expected, keys, x, y, n, types, given_as_of, whole
        )
        used = _at_or_before(data, x, types, given_as_of, measure, whole)
    targets = kwargs.pop("targets", None)
    if targets is not None:  # checked against every series here; a bucket gets its measures'
        targets = _targets_with_data(used, measures, targets, keys)
    if n is not None:  # which measures are y / n is decided on the whole data, not per bucket
        measures = _measures_using_n(data, measures, measure, x, y, n, types, given_as_of, whole)
    # each measure's typical spacing (stale with a lag, the periods in words): the used data's
    spacing = whole if given_as_of is None else _spacing_per_measure(used, keys, x, types)
    if as_of is None:  # the latest x read as the period it stands for, as qi.board reads it,
        # of a row with an observed value: a template's blank future months set no period
        # an event's date (a G or T chart) is an instant, not a period; it sets the report's
        # period only on a board of events alone
        start = _period_start(x, types, measure, spacing.where(~spacing.index.isin(events)))
        seen = _observed(y, n, measures, measure)
        periodic = seen & ~F.col(measure).isin(events)
        report, as_of, any_at = data.agg(
            F.max(F.when(periodic, start)), F.max(F.when(seen, start)), F.max(start)
        ).collect()[0]
        if as_of is None:
            as_of = any_at
        elif as_of != any_at:  # the tasks' sample: rows the report uses, not blank ones after
            used = _at_or_before(data, x, types, as_of, measure, whole)
        if isinstance(types[x], T.DateType):
            as_of, report = (None if v is None else pd.Timestamp(v) for v in (as_of, report))
        if report is not None and report != as_of:  # buckets keep the rows up to as_of (the
            # latest event) and read the report's period from the other measures' rows
            whole_report = report
    call = dict(kwargs, x=x, y=y, measure=measure, n=n, by=by_list or None, as_of=as_of)
    # dates in the measures' freeze and rebase cells mean their month when the whole data's
    # series date their months on different days, not only a bucket's
    dated = any(c in measures and measures[c].notna().any() for c in ("freeze", "rebase"))
    every = None
    if dated:
        every = _every_x_key(_at_or_before(data, x, types, as_of, measure, whole), x, types)

    # The driver's runs on each measure's latest row (the check, the output's schema) read no
    # rebase cells: their x values are periods of the data, not of that one row (every
    # rebase was refused as 'not a period of that measure'); the buckets read them, and
    # whether each is a period of its measure is judged on the whole data (_check_rebase_periods)
    unrebased = measures.assign(rebase=None) if "rebase" in measures else measures

    def compute(pdf: pd.DataFrame, measures: pd.DataFrame = measures) -> dict[str, pd.DataFrame]:
        # Only this bucket's measures: the driver has checked the two tables agree. A bucket
        # (or the driver's first rows) holds some series only: the driver gives the warnings
        # that need every series (expected series, measures without n).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", errors.NoDataWarning)
            # but a point's events without exposure (n not yet loaded) is the bucket's own
            warnings.filterwarnings("always", EVENTS_WITHOUT_N, errors.NoDataWarning)
            # and its series written as 0 before a ward opened (merged on the driver)
            warnings.filterwarnings("always", LEADING_ZEROS, errors.NoDataWarning)
            if expected is None:  # and its series without an observed value (merged on the
                # driver; with expected=, the driver's gap rows are among them: left out)
                warnings.filterwarnings("always", UNOBSERVED, errors.NoDataWarning)
            mine = pdf[measure].unique()
            own = None if targets is None else targets[targets[measure].isin(mine)]
            # the driver merges the buckets' rare-events warnings; the report's period is the
            # whole data's when events run past it
            with every_rare_measure(), data_x(every), report_x(whole_report):
                res = build_board(
                    pdf,
                    measures[measures[measure].isin(mine)],
                    **call,
                    targets=own,
                    spacing=spacing,
                    event_measures=events,
                )
        table = res.table()
        table[MEASURE_ORDER] = position.get_indexer(table[measure])  # the driver's sorts by it
        return {"points": res.points, "table": table}

    def driver_check(pdf: pd.DataFrame) -> dict[str, pd.DataFrame]:
        # every measure: the tables must agree; with the user's as_of, so that an error reads
        # as qi.board's on the same arguments (its rows read in the whole data's periods)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", errors.NoDataWarning)
            res = build_board(
                pdf, unrebased, **dict(call, as_of=given_as_of), targets=targets, spacing=whole
            )
        return {"points": res.points, "table": res.table()}

    run = _runner(compute, columns, types, [*keys, x])
    sample_run = _runner(functools.partial(compute, measures=unrebased), columns, types, [*keys, x])
    # the latest row of every measure at or before the user's as_of (the check applies it)
    first_rows = _first_row_per_measure(used, measure, x)
    check_run = _runner(driver_check, columns, types, [*keys, x])
    on_driver(check_run, first_rows, check=check, judged=judged)
    ms = measures_table(measures, measure)  # checked by the driver now
    _check_rebase_periods(used, measures, ms, measure, x, y, n, every, whole)
    position = ms.keys  # each measure's position in the measures table, for the table's order
    _warn_far_beyond(used, ms, keys, x, types, spacing, given_as_of)
    _warn_quarter_ends(data, measure, x, types, spacing)
    tables, schemas, buckets = _distribute(
        data,
        keys,
        run,
        types,
        buckets=buckets,
        check=check,
        sample=first_rows,
        sample_run=sample_run,
        judged=judged,
        measures=(measure, [ms.label(m) for m in range(len(ms.keys))]),
    )
    good = pd.Series(ms.good, index=pd.Index(ms.keys, name=measure))
    return SparkBoard(tables, schemas, buckets, as_of, good, by_list)


def _measures_using_n(
    data: SparkDataFrame,
    measures: pd.DataFrame,
    measure: str,
    x: str,
    y: str,
    n: str,
    types: dict[str, T.DataType],
    as_of: Any,
    spacing: pd.Series,
) -> pd.DataFrame:
    """``measures`` with every measure's ``uses_n`` decided on the whole data, as
    :func:`qistats.board` decides it (see :func:`qistats.board.measures_using_n`), from one
    row per measure: its earliest x with a value in ``n``, else its earliest x."""
    from .board import measures_using_n

    valid = F.col(n).isNotNull() & ~F.isnan(F.col(n).cast("double"))
    firsts = (
        data.groupBy(measure)
        .agg(F.min(F.when(valid, F.col(x))).alias("with_n"), F.min(x).alias("first"))
        .toPandas()
    )
    when = firsts["with_n"].where(firsts["with_n"].notna(), firsts["first"])
    firsts = pd.DataFrame(
        {
            measure: firsts[measure],
            x: pd.to_datetime(when) if isinstance(types[x], T.DateType) else when,
            n: np.where(firsts["with_n"].notna(), 1.0, np.nan),
        }
    )
    return measures_using_n(
        measures, firsts, measure=measure, x=x, y=y, n=n, as_of=as_of, spacing=spacing
    )


def _spacing_per_measure(
    data: SparkDataFrame, keys: list[str], x: str, types: dict[str, T.DataType]
) -> pd.Series:
    """Each measure's typical spacing as :func:`qistats.board` finds it on the whole data (a
    bucket holds a few series): the median gap between successive x of a series over every
    series of the measure, from ``data`` (the rows used at ``as_of``). The x keys are those a task
    sees: nanoseconds of the session's wall-clock time for dates and timestamps (Spark gives
    a task its timestamps so), the numbers for numeric x; the gaps are counted by value in
    Spark and the medians taken on the driver, as :func:`qistats._kernels.seg_median` does.
    """
    from pyspark.sql import Window

    measure = keys[0]
    col = F.col(x)
    key = _x_key(data, x, types)
    rows = data.where(col.isNotNull()).select(*keys, x)
    gap = key - F.lag(key).over(Window.partitionBy(*keys).orderBy(x))
    counts = (
        rows.distinct()
        .select(measure, gap.alias("gap"))
        .where(F.col("gap").isNotNull())
        .groupBy(measure, "gap")
        .count()
        .toPandas()
        .sort_values([measure, "gap"], kind="stable", ignore_index=True)
    )
    if counts.empty:
        return pd.Series(dtype=float)
    # the middle one or two gaps of each measure's sorted gaps, by their cumulative counts
    total = counts.groupby(measure, sort=False)["count"].transform("sum").to_numpy()
    upto = counts.groupby(measure, sort=False)["count"].cumsum().to_numpy()
    before = upto - counts["count"].to_numpy()
    gaps = counts["gap"].to_numpy(dtype=float)
    middle = (
        pd.DataFrame(
            {
                measure: counts[measure],
                "low": np.where(
                    (before <= (total - 1) // 2) & ((total - 1) // 2 < upto), gaps, np.nan
                ),
                "high": np.where((before <= total // 2) & (total // 2 < upto), gaps, np.nan),
            }
        )
        .groupby(measure, sort=False)[["low", "high"]]
        .max()
    )
    return (middle["low"] + middle["high"]) / 2.0


def _x_key(data: SparkDataFrame, x: str, types: dict[str, T.DataType]) -> Any:
    """The x keys a task sees, as doubles: nanoseconds of the session's wall-clock time for
    dates and timestamps (Spark gives a task its timestamps so), the numbers for numeric x."""
    col = F.col(x)
    if isinstance(types[x], T.DateType):
        key = F.unix_date(col).cast("long") * F.lit(86_400 * 10**9)
    elif isinstance(types[x], (T.TimestampType, T.TimestampNTZType)):
        zone = data.sparkSession.conf.get("spark.sql.session.timeZone")
        key = F.unix_micros(F.from_utc_timestamp(col.cast("timestamp"), zone)) * F.lit(1000)
    else:
        key = col
    return key.cast("double")  # as the tasks' float keys, rounded alike


def _warn_quarter_ends(
    data: SparkDataFrame, measure: str, x: str, types: dict[str, T.DataType], spacing: pd.Series
) -> None:
    """:func:`qistats.board`'s DateWarning for quarterly measures dated only early in March,
    June, September and December (:func:`qistats.board.warn_quarter_ends`), judged on every
    measure's dates (a bucket holds a few measures, and would name only its own)."""
    from .board import warn_quarter_ends

    if not isinstance(types[x], (T.DateType, T.TimestampType, T.TimestampNTZType)):
        return
    col = F.col(x)
    early_in_last_month = F.month(col).isin(3, 6, 9, 12) & (F.dayofmonth(col) <= 15)
    got = (
        data.where(col.isNotNull())
        .groupBy(measure)
        .agg(F.min(early_in_last_month.cast("int")).alias("every"), F.max(col).alias("latest"))
        .toPandas()
        .set_index(measure)
    )
    if not got.empty:
        every = got["every"].astype(bool)
        warn_quarter_ends(spacing, every, pd.to_datetime(got["latest"]), measure, x)


def _warn_far_beyond(
    data: SparkDataFrame,
    ms: Any,
    keys: list[str],
    x: str,
    types: dict[str, T.DataType],
    spacing: pd.Series,
    as_of: Any,
) -> None:
    """:func:`qistats.board`'s DateWarning for the series whose last x lies more than
    ``FAR_SPACINGS`` of its measure's periods (``spacing``, the whole data's) after every
    other point of the data, judged on the whole data (a bucket sees a few series) from each
    series' last two x of ``data`` (the rows used at ``as_of``), collected to the driver (two
    rows a series)."""
    from pyspark.sql import Window

    from ._stale import FAR_SPACINGS
    from .board import _warn_beyond

    rank = F.row_number().over(Window.partitionBy(*keys).orderBy(F.col(x).desc()))
    rows = data.where(F.col(x).isNotNull())
    two = rows.select(*keys, x).distinct().withColumn("_qi_key", _x_key(data, x, types))
    top = two.withColumn("_qi_rank", rank).where(F.col("_qi_rank") <= 2).toPandas()
    if top.empty:
        return
    if isinstance(types[x], T.DateType):  # Spark dates arrive as datetime.date objects
        top[x] = pd.to_datetime(top[x])
    top = top.sort_values([*keys, "_qi_rank"], kind="stable", ignore_index=True)
    last = top[top["_qi_rank"] == 1].reset_index(drop=True)
    second = top[top["_qi_rank"] == 2]
    if second.empty:  # no series has a point before its last: nothing to be beyond
        return
    rest = second.loc[second["_qi_key"].idxmax()]
    gap = spacing.reindex(last[keys[0]]).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        beyond = last["_qi_key"].to_numpy() - rest["_qi_key"] > FAR_SPACINGS * gap
    if not beyond.any():
        return
    # the rest of the data ends at its latest point but the far last ones
    ends = pd.concat([second, last[~beyond]], ignore_index=True)
    # qi.board's table order: the measures table's, then the by values
    order = last.assign(_qi_order=ms.keys.get_indexer(last[keys[0]]))
    order = order.sort_values(["_qi_order", *keys[1:]], kind="stable").index.to_numpy()
    far = SimpleNamespace(
        beyond=beyond[order],
        table=last.loc[order, keys].reset_index(drop=True),
        last_x=last.loc[order, x].reset_index(drop=True),
        rest_end=ends.loc[ends["_qi_key"].idxmax(), x],
    )
    _warn_beyond(far, keys, x, as_of)


def _with_expected_rows(
    data: SparkDataFrame,
    measures: pd.DataFrame,
    expected: Any,
    keys: list[str],
    x: str,
    y: str,
    n: str | None,
    types: dict[str, T.DataType],
    as_of: Any,
    spacing: pd.Series,
) -> SparkDataFrame:
    """``data`` with :func:`qistats.board`'s gap row (missing y and n, at the earliest x) for
    every ``expected`` series without a row, decided on the driver from one row per series,
    and a :class:`~qistats.NoDataWarning` naming them (as :func:`qistats.board` gives)."""
    from .board import expected_rows, warn_expected_without_rows

    firsts = data.groupBy(*keys).agg(F.min(x).alias(x)).toPandas()
    date = isinstance(types[x], T.DateType)
    if date:  # Spark dates arrive as datetime.date objects
        firsts[x] = pd.to_datetime(firsts[x])
    for col in (y, n):
        if col is not None:
            firsts[col] = np.nan
    fill = expected_rows(
        firsts,
        measures,
        expected,
        measure=keys[0],
        by_list=keys[1:],
        x=x,
        y=y,
        n=n,
        as_of=as_of,
        spacing=spacing,
    )
    if fill.empty:
        return data
    warn_expected_without_rows(fill, keys)
    # the keys travel as Python values; x (the earliest) and the missing values stay Spark's
    cells = fill[keys].astype(object).where(fill[keys].notna(), None).to_numpy().tolist()
    rows = [[v.item() if isinstance(v, np.generic) else v for v in row] for row in cells]
    gaps = data.sparkSession.createDataFrame(
        rows, schema=T.StructType([data.schema[k] for k in keys])
    ).crossJoin(data.agg(F.min(x).alias(x)))
    for col in (y, n):
        if col is not None:
            gaps = gaps.withColumn(col, F.lit(None).cast(data.schema[col].dataType))
    return data.unionByName(gaps)


def _targets_with_data(
    data: SparkDataFrame, measures: pd.DataFrame, targets: Any, keys: list[str]
) -> pd.DataFrame:
    """The rows of ``targets=`` for series of ``data`` (the rows used at ``as_of``), checked on
    the driver with :func:`qistats.board`'s errors and its warning naming the others, from
    one row per series (see :func:`qistats.board.targets_with_data`)."""
    from .board import targets_with_data

    series = data.select(*keys).distinct().toPandas()
    return targets_with_data(targets, measures, series, measure=keys[0], by_list=keys[1:])


def _event_measures(measures: pd.DataFrame, measure: str) -> list[Any]:
    """The measures of a G or T chart (rows of events, whose gaps are no reporting period);
    none when the measures table is refused (the driver's check says why)."""
    from ._board_measures import measures_table
    from ._spc import GAP_CHARTS

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the driver's check gives them, once
            ms = measures_table(measures, measure)
    except QIStatsError:
        return []
    keys = ms.keys[np.isin([c.name for c in ms.chart], list(GAP_CHARTS))]
    return [k.item() if isinstance(k, np.generic) else k for k in keys]


def _observed(y: str, n: str | None, measures: pd.DataFrame, measure: str) -> Any:
    """Whether a row sets the report's period, as :func:`qistats.board` reads its points: ``y``
    given and, for a measure of y / n (``uses_n``), ``n`` given and not 0 (a closed ward's 0
    bed days is a gap) or events (``y`` above 0) whose denominator is not yet loaded."""

    def given(c: str) -> Any:
        return F.col(c).isNotNull() & ~F.isnan(F.col(c).cast("double"))

    seen = given(y)
    if n is not None and "uses_n" in measures:
        ratios = [
            v.item() if isinstance(v, np.generic) else v
            for v in measures.loc[measures["uses_n"].astype(bool), measure]
        ]
        if ratios:
            has_n = given(n) & (F.col(n).cast("double") != 0)
            seen &= ~F.col(measure).isin(ratios) | has_n | (F.col(y).cast("double") > 0)
    return seen


def _period_start(x: str, types: dict[str, T.DataType], measure: str, spacing: pd.Series) -> Any:
    """The start of the period each x stands for, as :func:`qistats._stale.period_starts`
    reads it in its measure's typical ``spacing``: the first day of its run of calendar months
    for monthly to yearly dates (a date after the 15th ends its period), else x itself."""
    from ._stale import calendar_months

    col = F.col(x)
    if not isinstance(types[x], (T.DateType, T.TimestampType, T.TimestampNTZType)):
        return col
    months = pd.Series(calendar_months(spacing.to_numpy(dtype=float)), index=spacing.index)
    start = col
    for k in (1, 3, 6, 12):  # the four calendar steps, not a loop over rows
        which = [v.item() if isinstance(v, np.generic) else v for v in months.index[months == k]]
        if which:
            month = F.trunc(col, "month")
            begun = F.when(F.dayofmonth(col) > 15, F.add_months(month, 1 - k)).otherwise(month)
            start = F.when(F.col(measure).isin(which), begun.cast(types[x])).otherwise(start)
    return start


def _at_or_before(
    data: SparkDataFrame,
    x: str,
    types: dict[str, T.DataType],
    as_of: Any,
    measure: str,
    spacing: pd.Series,
) -> SparkDataFrame:
    """The rows of ``data`` used at ``as_of`` (all of them when it is None): those whose period
    (in their measure's typical ``spacing``) has begun by then, as :func:`qistats.board`
    reads them (see :func:`qistats.board.kept_by`)."""
    if as_of is None:
        return data
    if isinstance(types[x], T.DateType):
        as_of = pd.Timestamp(as_of).date()
    elif isinstance(types[x], (T.TimestampType, T.TimestampNTZType)):
        as_of = pd.Timestamp(as_of).to_pydatetime()
    return data.where(_period_start(x, types, measure, spacing) <= F.lit(as_of))


def _check_rebase_periods(
    used: SparkDataFrame,
    measures: pd.DataFrame,
    ms: Any,
    measure: str,
    x: str,
    y: str,
    n: str | None,
    every: Any,
    spacing: pd.Series,
) -> None:
    """qi.board's error when a ``rebase`` date of the measures table ``ms`` is not a period of
    its measure in ``used``, judged on the whole data: a bucket may hold only series that began
    after it, and does not judge it. qi.board runs on the distinct (measure, x) of the measures
    with rebase dates (each its own series, so that ``every`` x, see
    :func:`~qistats._calendar.data_x`, reads months as on the whole data)."""
    from .board import build_board

    named = ms.keys[np.unique(ms.rebase["m"].to_numpy().astype(np.intp))]
    if not named.size:
        return
    periods = (
        used.where(F.col(measure).isin(named.tolist()) & F.col(x).isNotNull())
        .select(measure, x)
        .distinct()
        .toPandas()
    )
    series = "_qi_period"
    periods[series] = np.arange(len(periods))
    periods[y] = 1.0
    if n is not None:
        periods[n] = 1.0
    mine = measures[measures[measure].isin(named)]
    with warnings.catch_warnings(), data_x(every):
        warnings.simplefilter("ignore")
        try:
            build_board(periods, mine, x=x, y=y, measure=measure, n=n, by=series, spacing=spacing)
        except errors.DataError as err:  # the periods' y and n are stand-ins: only this one
            if str(err).startswith("measures: 'rebase'"):
                raise


def _first_row_per_measure(data: SparkDataFrame, measure: str, x: str) -> pd.DataFrame:
    from pyspark.sql import Window

    order = Window.partitionBy(measure).orderBy(F.col(x).desc())
    return (
        data.withColumn("__row__", F.row_number().over(order))
        .where(F.col("__row__") == 1)
        .drop("__row__")
        .toPandas()
    )


class SparkAmbition:
    """The result of :func:`qistats.spark.ambition`.

    Attributes
    ----------
    periods : pyspark.sql.DataFrame
        One row per series × period: the columns of :attr:`qistats.Ambition.periods`.
    schemas : dict of pyspark.sql.types.StructType
        The explicit schemas of ``"summary"`` and ``"periods"``.
    """

    def __init__(
        self,
        tables: dict[str, SparkDataFrame],
        schemas: dict[str, T.StructType],
        buckets: int,
        pool: Any,
    ) -> None:
        self._summary = tables["summary"]
        self.periods = tables["periods"]
        self.schemas = {name: schemas[name] for name in ("summary", "periods")}
        self.buckets = buckets
        self._pool = pool

    def summary(self) -> SparkDataFrame:
        """One row per series.

        Returns
        -------
        pyspark.sql.DataFrame
            The columns of :meth:`qistats.Ambition.summary`, with the Spark types of
            ``schemas["summary"]``.

        Examples
        --------
        >>> amb.summary().groupBy("verdict").count().show()  # doctest: +SKIP
        """
        return self._summary

    @_quiet
    def pooled(self) -> pd.DataFrame:
        """The programme view, computed on the driver from every series' totals.

        Returns
        -------
        pandas.DataFrame
            One row, as :meth:`qistats.Ambition.pooled` (Mantel–Haenszel ratio,
            heterogeneity, random effects).

        Examples
        --------
        >>> amb.pooled()[["n_series", "rate_ratio"]]  # doctest: +SKIP
        """
        return self._pool.pooled()


@_quiet
def ambition(
    sdf: SparkDataFrame,
    y: str,
    *,
    x: str,
    by: str | Sequence[str] | None = None,
    n: str | None = None,
    buckets: int | None = None,
    check: bool = True,
    **kwargs: Any,
) -> SparkAmbition:
    """Ambition tracking (:func:`qistats.ambition`) of many series held in a Spark DataFrame.

    Each bucket of whole series runs one :func:`qistats.ambition`; every series' summary and
    periods are exactly those of :func:`qistats.ambition`: the driver finds the default
    ``as_of`` and the calendar of periods (its ``calendar``: every x of ``sdf``) on the whole
    data and gives them to every bucket, so a series' window does not depend on the series
    it shares a bucket with. An absolute ``target`` (a number) is directed as on the whole
    data too: each bucket first runs :func:`qistats.ambition` up to its series' baseline
    levels (one more pass over the data), and the driver decides from all of them, with
    :func:`qistats.ambition`'s errors and warnings. The programme view
    (:meth:`SparkAmbition.pooled`) needs all series: each bucket also returns the per-series
    totals it pools (events and exposure in the baseline and in the assessment window, the
    target ratio and the overdispersion), and the driver pools them, as
    :meth:`qistats.Ambition.pooled` does.

    Parameters
    ----------
    sdf : pyspark.sql.DataFrame
        One row per series × period. Only the named columns are read.
    y, x, by, n
        As in :func:`qistats.ambition`; ``x`` and ``by`` are required.
    buckets, check
        As in :func:`spc`.
    **kwargs
        Every other argument of :func:`qistats.ambition` (``baseline``, ``change``,
        ``deadline``, ``multiply``, ``as_of``, …).

    Returns
    -------
    SparkAmbition
        ``.summary()`` and ``.periods`` as Spark DataFrames with explicit schemas, and
        ``.pooled()``.

    Examples
    --------
    >>> import qistats.spark as qs  # doctest: +SKIP
    >>> amb = qs.ambition(sdf, y="restraints", n="bed_days", x="month", by="ward",
    ...                   baseline=("2020-04-01", "2021-03-01"), change=-0.5,
    ...                   deadline="2024-03-01", multiply=1000)  # doctest: +SKIP
    >>> amb.summary().write.saveAsTable("qi.ambition_summary")  # doctest: +SKIP
    >>> amb.pooled()  # doctest: +SKIP
    """
    from .ambition import ambition as _pandas_ambition
    from .ambition.part import Part, of_part
    from .ambition.pooling import Pool
    from .ambition.trajectory import TRAJECTORIES

    by_list = _series_columns(sdf, by, x)
    for arg, what in (("phase", "labels"), ("exclude", "flags")):
        if per_row(kwargs.get(arg), arg):  # one per row of a pandas frame; Spark has no order
            raise ArgumentError(
                f"{arg}: per-row {what} (one per row, in row order) cannot be matched to the "
                f"rows of a Spark DataFrame, which have no order; put them in a column of sdf "
                f"and pass its name ({arg}='column'), or pass x values."
            )
    columns = _needed_columns(sdf, y=y, x=x, n=n, by=by_list, kwargs=kwargs)
    trajectory = kwargs.get("trajectory")
    if trajectory in sdf.columns and trajectory not in (*TRAJECTORIES, *columns):
        columns.append(trajectory)  # a column of per-period targets (qi.ambition checks it)
    sdf = _dated_x(sdf, x)
    _one_reading(sdf, x)
    types = _numeric_roles(sdf, flags=True, y=y, n=n)
    judged = warn_x_values(sdf, x, types)  # on every row, as qi.ambition judges them
    judged = (*judged, *_warn_labels(sdf, by_list))
    call = dict(kwargs, y=y, x=x, n=n, by=by_list)
    # the calendar of periods of the whole data, not of a bucket's few series
    every_x = sdf.where(F.col(x).isNotNull()).select(x).distinct().toPandas()[x].tolist()
    if call.get("as_of") is None:  # the latest x with data of the whole data, not per bucket
        usable = F.col(y).isNotNull() & ~F.isnan(F.col(y).cast("double"))
        if n is not None:  # as qi.ambition: a missing, zero (closed) exposure is no data
            usable = (
                usable & F.col(n).isNotNull() & ~F.isnan(F.col(n).cast("double")) & (F.col(n) > 0)
            )
        call["as_of"] = sdf.where(usable).agg(F.max(x)).collect()[0][0]
        _warn_far_x(sdf.where(usable), by_list, x, every_x)
    given = call.get("calendar")
    call["calendar"] = every_x + ([] if given is None else as_list(given))
    shared: dict[str, Any] = {}
    data = sdf.select(*columns)
    buckets = _bucket_count(data, buckets)
    part = Part()  # each bucket a part: it refuses no baseline for its series alone
    sample = _first_series(data, by_list)  # the arguments are checked on it first
    if not isinstance(call.get("target", "relative"), str):  # absolute: its direction is
        better = _absolute_direction(data, by_list, columns, types, call, buckets, sample)
        part = Part(decide=lambda base, p: better)
        judged = (*judged, NO_BASELINE)  # said by the driver, from every series

    def compute(pdf: pd.DataFrame) -> dict[str, pd.DataFrame]:
        with of_part(part):
            res = _pandas_ambition(pdf, **call)
        shared.setdefault("pool", res._pool)  # the driver's sample run keeps the settings
        return {"summary": res.summary(), "periods": res.periods, "pool": res._pool.series}

    run = _runner(compute, columns, types, [*by_list, x])
    tables, schemas, buckets = _distribute(
        data, by_list, run, types, buckets=buckets, check=check, sample=sample, judged=judged
    )
    if check and part.decide is None:  # some series with baseline data, as qi.ambition asks
        summary = tables["summary"]
        level = F.col("baseline_value")
        if not summary.where(level.isNotNull() & ~F.isnan(level)).limit(1).count():
            from .ambition.api import _warn_no_baseline

            _warn_no_baseline(None, np.zeros(1), call["baseline"])  # raises its DataError
    sample = shared["pool"]
    series = _carry_errors(tables["pool"].toPandas)
    pool = Pool(sample.kind, series, sample.fixed)
    return SparkAmbition(tables, schemas, buckets, pool)


# ---------------------------------------------------------------------------- the driver side


def _series_columns(sdf: Any, by: Any, x: Any, need_by: bool = True) -> list[str]:
    if not isinstance(sdf, SparkDataFrame):
        raise ArgumentError(f"sdf: expected a Spark DataFrame, got {type(sdf).__name__}.")
    if need_by and (by is None or (not isinstance(by, str) and len(by) == 0)):
        raise ArgumentError(
            f"by={fmt(by)}: qistats.spark needs the column(s) naming the series (by=...), even "
            "for one series: Spark spreads the rows over its workers, and by= is how whole "
            "series are kept together, each computed in one task. For one series, add a "
            "constant column (sdf.withColumn('series', F.lit(1))) and pass by='series'."
        )
    if x is None:
        raise ArgumentError("x: Spark rows have no order; name the column giving time order.")
    return [by] if isinstance(by, str) else list(by)


def _numeric_roles(
    sdf: SparkDataFrame, flags: bool = False, **roles: str | None
) -> dict[str, T.DataType]:
    """The Spark types of the columns, after checking that the named roles are numeric (or,
    with ``flags``, boolean: 0/1, as :func:`qistats.spc` reads a boolean column)."""
    types = {f.name: f.dataType for f in sdf.schema.fields}
    allowed = (T.NumericType, T.BooleanType) if flags else T.NumericType
    for role, col in roles.items():
        if col is None or isinstance(types[col], allowed):
            continue
        kind = types[col].simpleString()
        fix = (
            f" Convert it first, e.g. sdf.withColumn({col!r}, F.col({col!r}).cast('double')) "
            "(which makes text that is not a number null: check those rows first)."
            if isinstance(types[col], T.StringType)
            else ""
        )
        raise ColumnError(
            f"{role}={fmt(col)}: column {fmt(col)} must hold numbers, but it has Spark type "
            f"{kind}; expected a numeric column.{fix}"
        )
    return types


def _check_exclude(
    sdf: SparkDataFrame, exclude: Any, by: list[str], x: str, types: dict[str, T.DataType]
) -> None:
    """Refuse, on the driver, an ``exclude=`` column that is not flags (a blank is not
    excluded, as in :func:`qistats.spc`), with
    :func:`qistats.spc`'s error on the whole column: its dtype in pandas (a missing flag
    anywhere makes an integer column float64, while a bucket without one has int64) and the
    first value that is no flag, in series and x order (the order each task sorts its rows
    in: Spark rows have no other), named by its series and x. A bucket would name its own
    first, and whichever bucket failed first would be reported."""
    if not isinstance(exclude, str) or exclude not in types:
        return
    col = F.col(exclude)
    kind = types[exclude]
    if isinstance(kind, T.BooleanType):  # a null is a blank: not excluded
        return
    elif isinstance(kind, T.NumericType) and not isinstance(kind, T.DecimalType):
        v = col.cast("double")
        bad = col.isNotNull() & ~F.isnan(v) & ~v.isin(0.0, 1.0)
    elif isinstance(kind, T.DecimalType):  # read as objects by pandas: left to the tasks
        return
    else:  # text, dates: no value is a flag
        bad = F.lit(True)
    names = list(dict.fromkeys([*by, x, exclude]))
    first = sdf.where(bad).select(*names).orderBy(*by, x).limit(1).toPandas()
    if first.empty:
        return
    gaps = sdf.where(col.isNull()).select(exclude).limit(1).toPandas()
    dtype = (gaps if len(gaps) else first)[exclude].dtype  # the whole column's in pandas
    if isinstance(types[x], T.DateType):  # as a task reads it
        first[x] = pd.to_datetime(first[x])
    first[exclude] = first[exclude].astype(dtype)
    first.attrs[SOURCE] = "spark"  # named by series and x, as in a task
    raise not_flags_error(exclude, dtype, first_not_flag(first, exclude, by, x))


def _warn_labels(sdf: SparkDataFrame, by: list[str]) -> tuple[Judged, ...]:
    """The LabelWarning of :func:`qistats.frame.warn_spaces` for each text ``by`` column whose
    labels differ only by case or spaces at either end ('Ash' and 'ash'), judged on the driver
    from every label of the column (one small aggregate: the distinct labels), as the pandas
    functions judge it; a bucket compares only its own series' labels. Returns the warning a
    bucket's rows give that this replaces (:data:`LABELS`)."""
    text = [b for b in by if isinstance(sdf.schema[b].dataType, T.StringType)]
    if text:
        present = F.lit(True)
        for b in text:
            present = present & F.col(b).isNotNull()
        found = sdf.select(*text).where(present).distinct().toPandas()
        for b in text:
            labels = found[b].drop_duplicates().sort_values(ignore_index=True)
            labels.attrs[SOURCE] = "spark"  # advice in Spark's terms, as a task gives it
            warn_spaces(labels.to_numpy(), labels, f"by={fmt(b)}")
    return (LABELS,)


def _warn_far_x(usable: SparkDataFrame, by: list[str], x: str, every_x: list) -> None:
    """:func:`qistats.ambition`'s DateWarning for a latest x far after every other point (a
    mistyped year that would set ``as_of`` for every series), from each series' last two
    usable x, collected to the driver (two rows a series)."""
    from pyspark.sql import Window

    from ._calendar import infer_calendar
    from .ambition.api import warn_far

    rank = F.row_number().over(Window.partitionBy(*by).orderBy(F.col(x).desc()))
    two = usable.select(*by, x).distinct().withColumn("_qi_rank", rank)
    top = two.where(F.col("_qi_rank") <= 2).toPandas()
    if top.empty:
        return
    dates = not pd.api.types.is_numeric_dtype(top[x].dtype)
    key = (
        (lambda v: pd.to_datetime(v).astype("datetime64[ns]").astype(np.int64))
        if dates
        else (lambda v: pd.to_numeric(v))
    )
    top["_qi_key"] = np.asarray(key(top[x]), dtype=float)
    wide = top.pivot_table(index=by, columns="_qi_rank", values="_qi_key", aggfunc="first")
    last = wide[1].to_numpy(dtype=float)
    second = (wide[2] if 2 in wide else pd.Series(np.nan, index=wide.index)).to_numpy(float)
    second = np.where(np.isfinite(second), second, -np.inf)
    u = np.unique(np.asarray(key(pd.Series(every_x)), dtype=float))
    cal = infer_calendar("datetime" if dates else "number", u)
    spacing = float(np.median(np.diff(u))) if u.size > 1 else 1.0
    labels = wide.index.to_frame(index=False)

    def name(s: int) -> str:
        return ", ".join(f"{b}={fmt(labels[b].iloc[s])}" for b in by)

    def show(k: float) -> str:
        return fmt(pd.Timestamp(int(k)).date()) if dates else fmt(k)

    warn_far(last, second, cal, spacing, x, name, show)


def _dated_x(sdf: SparkDataFrame, x: str) -> SparkDataFrame:
    """``sdf`` with a text (``string``) x read as dates, as :func:`qistats.spc` reads a text x:
    when every value is an ISO date in one form (``YYYY-MM-DD`` or ``YYYY-MM``, what
    ``spark.read.csv`` gives without ``inferSchema``), x becomes a Spark ``date`` (the first of
    the month for ``YYYY-MM``). Other text is refused here, on the driver, with qistats' error
    and Spark code to convert it (``F.to_date(x, "dd/MM/yyyy")`` for UK dates), as pandas
    refuses it: every task would otherwise read its own rows alone.

    When every value is an ISO date and time without a time zone (``2021-04-01 00:00:00``,
    ``2021-04-01T00:00``) and each is a real one, x becomes a Spark ``timestamp`` of those
    wall-clock times in the session time zone, as a pandas frame of the same times becomes
    one in ``spark.createDataFrame`` (pandas reads the text as those times; a Spark timestamp
    keeps microseconds, so digits beyond the sixth of a second are dropped)."""
    if not isinstance(sdf.schema[x].dataType, T.StringType):
        return sdf
    col = F.col(x)
    given = sdf.where(col.isNotNull())
    timed = col.rlike(_ISO_DATETIME_X)
    counts = given.agg(
        F.count(F.lit(1)),
        *[F.count(F.when(col.rlike(rx), 1)) for rx in _ISO_X.values()],
        F.count(F.when(timed, 1)),
        F.count(F.when(timed & F.try_to_timestamp(col).isNull(), 1)),
    ).collect()[0]
    if 0 < counts[-2] == counts[0] and not counts[-1]:  # real ISO dates and times, every one
        return sdf.withColumn(x, F.try_to_timestamp(col))
    form = next(
        (f for f, k in zip(_ISO_X, counts[1 : 1 + len(_ISO_X)], strict=True) if 0 < k == counts[0]),
        None,
    )
    if form is not None:  # each an ISO date: read them as pandas would (a real date each)
        values = given.select(x).distinct().toPandas()
        if iso_text_x(values, x) is not values:
            return sdf.withColumn(x, F.to_date(col, form))
    # the values that are not ISO dates of the commoner form (else the first) name the
    # problem, as in pandas; with one ISO value, the error tells a few stray values among them
    best = max(range(len(_ISO_X)), key=lambda k: counts[1 + k])
    iso = col.rlike(list(_ISO_X.values())[best])
    shown = [r[0] for r in given.where(~iso).select(x).limit(3).collect()]
    # two different ISO-shaped values: '2008-09' beside '2009-10' is a financial year
    isos = [r[0] for r in given.where(iso).select(x).distinct().limit(2).collect()]
    odd = counts[0] - counts[1 + best]
    values = pd.Series(shown + isos or [None], name=x, dtype=object)
    iso_rows = max(counts[1 + best] - len(isos), 0)
    raise text_x_error(values, x, "spark", iso_rows=iso_rows, odd_rows=odd)


#: Session time zones whose clocks never change: each wall-clock time is one instant
_FIXED_ZONES = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Z", "Zulu"})


def _one_reading(sdf: SparkDataFrame, x: str) -> None:
    """Refuse, on the driver, a timestamp x that a task would read as another instant.

    Spark hands a task its timestamps as the session time zone's wall-clock times, without
    their offsets, and a time the clocks pass twice (put back an hour) reads back as its first
    instant (:func:`qistats._args.local_instants`, as Spark's own ``to_utc_timestamp``). The
    second instant of such a time (01:30 GMT after 01:30 BST) would move an hour, or merge
    with the first into one point: refused, naming it, instead."""
    if not isinstance(sdf.schema[x].dataType, T.TimestampType):
        return
    zone = sdf.sparkSession.conf.get("spark.sql.session.timeZone")
    if zone in _FIXED_ZONES or zone.startswith(("+", "-")):
        return
    col = F.col(x)
    first = F.to_utc_timestamp(F.from_utc_timestamp(col, zone), zone)
    shown = "yyyy-MM-dd HH:mm:ss xxx"
    moved = (
        sdf.where(col.isNotNull() & (first != col))
        .select(F.date_format(col, shown), F.date_format(first, shown))
        .limit(1)
        .collect()
    )
    if moved:
        given, other = moved[0]
        raise ColumnError(
            f"x={fmt(x)}: {given} is a time that the clocks of the session time zone "
            f"{fmt(zone)} pass twice (put back an hour), the first time at {other}. Spark "
            "hands each task its times without their offsets, so the two cannot be told "
            "apart: the point would move an hour or merge with another. Run in UTC "
            "(spark.conf.set('spark.sql.session.timeZone', 'UTC')), or give x as dates "
            f"(F.to_date({fmt(x)})) if it holds days."
        )


def _distribute(
    data: SparkDataFrame,
    by: list[str],
    run: Callable[[pd.DataFrame], dict[str, pd.DataFrame]],
    types: dict[str, T.DataType],
    *,
    buckets: int | None,
    check: bool,
    sample: pd.DataFrame | None = None,
    sample_run: Callable[[pd.DataFrame], dict[str, pd.DataFrame]] | None = None,
    judged: Sequence[Judged] = (),
    measures: tuple[str, list[str]] | None = None,
) -> tuple[dict[str, SparkDataFrame], dict[str, T.StructType], int]:
    """Run ``run`` per bucket of whole series; one Spark DataFrame per table it returns.

    The driver first runs ``run`` (or ``sample_run``) on ``sample``, by default the rows of
    one series: the arguments are checked with qistats' own messages, and the output columns
    (which depend on the arguments) fix the schemas. With ``check``, the first table is
    computed now and persisted, so that an error raised on an executor is raised here as the
    same :class:`~qistats.QIStatsError`, and the tasks' warnings are given here, once
    (:mod:`qistats._spark_warnings`; ``judged``: those the driver gives from the whole data,
    dropped where a task gives them). ``measures``, for
    a board: the column of its table naming the measure, and the measures' labels in the
    measures table's order; each task carries how many series of each measure its table has,
    and the board's rare-events warnings of every bucket are given as one.
    """
    zone = data.sparkSession.conf.get("spark.sql.session.timeZone")
    buckets = _bucket_count(data, buckets)
    if sample is None:
        sample = _first_series(data, by)
    sample_tables = on_driver(sample_run or run, sample, check=check, judged=judged)
    schemas = {name: _schema(frame, types) for name, frame in sample_tables.items()}
    first = next(iter(schemas))  # with check, it carries the tasks' warnings back
    grouped = _bucketed(data, by, buckets)

    def table_of(name: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
        schema = schemas[name]
        quiet = _WorkerQuiet()  # unpickled in the worker before the task's rows arrive

        def task(pdf: pd.DataFrame) -> pd.DataFrame:
            with quiet:
                rows = pdf.drop(columns=_BUCKET)
                if not check:  # nothing would collect them: they stay in the executor's log
                    return _conform(run(rows)[name], schema, zone)
                tables, said = recorded(run, rows, judged=judged)
                out = _conform(tables[name], schema, zone)
                if name == first:  # the others' are the same warnings
                    series = len(rows[by].drop_duplicates())
                    phases = len(tables["summary"]) if "summary" in tables else 0
                    bucket = int(pdf[_BUCKET].iloc[0])
                    counts = None
                    if measures is not None:
                        of = tables["table"][measures[0]].value_counts(sort=False)
                        counts = {fmt(k): int(v) for k, v in of.items()}
                    out[CARRIED] = carried(said, bucket, series, len(out), phases, counts)
                return out

        return task

    def schema_of(name: str) -> T.StructType:
        if check and name == first:
            return T.StructType([*schemas[name].fields, T.StructField(CARRIED, T.StringType())])
        return schemas[name]

    tables = {name: grouped.applyInPandas(table_of(name), schema_of(name)) for name in schemas}
    if check:
        from pyspark import StorageLevel

        persisted = tables[first].persist(StorageLevel.MEMORY_AND_DISK)
        _carry_errors(persisted.count)
        warn_carried(persisted, None if measures is None else measures[1])
        tables[first] = persisted.drop(CARRIED)
    return tables, schemas, buckets


def _first_series(data: SparkDataFrame, by: list[str]) -> pd.DataFrame:
    """The rows of one series (the driver computes it first, checking the arguments)."""
    first = data.select(*by).limit(1).collect()
    if not first:
        raise errors.DataError("data: the DataFrame has no rows.")
    return data.where(_key_condition(by, first[0])).toPandas()


def _bucket_count(data: SparkDataFrame, buckets: Any) -> int:
    """``buckets`` checked, or its default: four times the session's default parallelism."""
    if buckets is None:
        buckets = 4 * max(1, data.sparkSession.sparkContext.defaultParallelism)
    if isinstance(buckets, bool) or not isinstance(buckets, (int, np.integer)) or buckets < 1:
        raise ArgumentError(f"buckets: expected a positive integer, got {fmt(buckets)}.")
    return int(buckets)


def _bucketed(data: SparkDataFrame, by: list[str], buckets: int) -> Any:
    """``data`` grouped by bucket: a hash of each series' ``by`` values modulo ``buckets``."""
    bucket = F.pmod(F.xxhash64(*[F.col(b) for b in by]), F.lit(buckets))
    return data.withColumn(_BUCKET, bucket).groupBy(_BUCKET)


class _LevelsFoundError(Exception):
    """Raised by a bucket's :func:`qistats.ambition` once it has its baseline levels (the
    rest is not needed to decide an absolute target's direction), carrying them."""

    def __init__(self, table: pd.DataFrame) -> None:
        super().__init__("baseline levels")
        self.table = table


def _absolute_direction(
    data: SparkDataFrame,
    by: list[str],
    columns: list[str],
    types: dict[str, T.DataType],
    call: dict[str, Any],
    buckets: int,
    sample: pd.DataFrame,
) -> int:
    """The direction of an absolute ``target`` (-1: lower is better, 1: higher), decided as
    :func:`qistats.ambition` decides it on the whole data: every bucket runs
    :func:`qistats.ambition` up to its series' baseline levels (one small row a series,
    collected; the driver runs it first on ``sample``, one series, so that a wrong argument
    is refused there as in :func:`qistats.ambition`), and the driver decides from all of
    them, with its errors (a target between two series' baselines, no baseline to compare
    with, no series with baseline data) and its
    warnings (series without baseline data; a ``change`` taking every series away from the
    target), each naming the series in qi.ambition's order (by their ``by`` values). A bucket
    would decide from its own few series."""
    from .ambition import ambition as _pandas_ambition
    from .ambition.api import _warn_no_baseline
    from .ambition.part import Part, of_part
    from .ambition.targets import direction

    def stop(base: np.ndarray, p: Any) -> int:
        keys = p.keys.iloc[p.series_starts][by].reset_index(drop=True)
        names = [p.describe_series(s) for s in range(len(base))]
        raise _LevelsFoundError(keys.assign(_qi_level=base, _qi_name=names))

    def levels(pdf: pd.DataFrame) -> dict[str, pd.DataFrame]:
        try:
            with of_part(Part(decide=stop)):
                _pandas_ambition(pdf, **call)
        except _LevelsFoundError as found:
            return {"levels": found.table}
        raise AssertionError("qi.ambition gave no baseline levels")  # pragma: no cover

    run = _runner(levels, columns, types, [*by, call["x"]])
    schema = T.StructType(
        [
            *(data.schema[b] for b in by),
            T.StructField("_qi_level", T.DoubleType()),
            T.StructField("_qi_name", T.StringType()),
        ]
    )
    zone = data.sparkSession.conf.get("spark.sql.session.timeZone")
    quiet = _WorkerQuiet()
    recorded(run, sample, judged=())  # its errors as qi.ambition's; its warnings: given after

    def task(pdf: pd.DataFrame) -> pd.DataFrame:
        with quiet:  # its warnings are the full run's, given after
            out, _ = recorded(run, pdf.drop(columns=_BUCKET), judged=())
            return _conform(out["levels"], schema, zone)

    found = _bucketed(data, by, buckets).applyInPandas(task, schema)
    table = _carry_errors(found.toPandas).sort_values(by, kind="stable", ignore_index=True)
    base = table["_qi_level"].to_numpy(dtype=float)
    names = table["_qi_name"].tolist()
    series = SimpleNamespace(describe_series=lambda s: names[int(s)])
    absolute = not isinstance(call.get("target", "relative"), str)
    _warn_no_baseline(series, np.isfinite(base).astype(int), call["baseline"], absolute)
    change = call.get("change")
    return direction(call["target"], float(call.get("multiply", 1)), change, base, series)


def _needed_columns(
    sdf: SparkDataFrame, *, y: str, x: str, n: str | None, by: list[str], kwargs: dict[str, Any]
) -> list[str]:
    """The columns the call reads, each checked to exist (qistats' message for a missing one)."""
    have = list(sdf.columns)
    needed: list[str] = []
    for role, col in [("y", y), ("x", x), ("n", n)] + [("by", b) for b in by]:
        if col is None:
            continue
        if col not in have:
            raise ColumnError(no_column(col, have, role))
        if col not in needed:
            needed.append(col)
    for arg in _COLUMN_ARGS:
        value = kwargs.get(arg)
        if isinstance(value, str) and value in have and value not in needed:
            needed.append(value)
    return needed


def _key_condition(by: list[str], row: Any) -> Any:
    cond = None
    for b in by:
        value = row[b]
        c = F.col(b).isNull() if value is None else F.col(b) == F.lit(value)
        cond = c if cond is None else cond & c
    return cond


def _schema(frame: pd.DataFrame, input_types: dict[str, T.DataType]) -> T.StructType:
    """Spark types for a result table: input columns keep theirs, computed columns by dtype."""
    fields = []
    for name in frame.columns:
        dtype = frame[name].dtype
        if name in input_types and not isinstance(input_types[name], T.NumericType):
            spark_type = input_types[name]
        elif pd.api.types.is_bool_dtype(dtype):
            spark_type = T.BooleanType()
        elif pd.api.types.is_integer_dtype(dtype):
            spark_type = T.LongType()
        elif pd.api.types.is_float_dtype(dtype):
            spark_type = T.DoubleType()
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            spark_type = T.TimestampType()
        elif _holds_lists(frame[name]):  # e.g. the board's last_values
            spark_type = T.ArrayType(T.DoubleType())
        else:  # labels: categoricals, strings, objects
            spark_type = T.StringType()
        fields.append(T.StructField(str(name), spark_type, nullable=True))
    return T.StructType(fields)


def _holds_lists(col: pd.Series) -> bool:
    values = col.dropna()
    return col.dtype == object and len(values) > 0 and isinstance(values.iloc[0], list | tuple)


def _carry_errors(action: Callable[[], Any]) -> Any:
    """Run a Spark action; a qistats error raised on an executor is raised here as itself."""
    try:
        return action()
    except QIStatsError:
        raise
    except Exception as err:  # Spark wraps executor errors in its own exception classes
        match = _ERROR.search(str(err))
        if match is None:
            raise
        cls = getattr(errors, match.group(1), None)
        if not (isinstance(cls, type) and issubclass(cls, QIStatsError)):
            cls = QIStatsError
        raise cls(match.group(2).strip()) from None


# -------------------------------------------------------------------------- the executor side


def _runner(
    compute: Callable[[pd.DataFrame], dict[str, pd.DataFrame]],
    columns: list[str],
    types: dict[str, T.DataType],
    key: list[str],
) -> Callable[[pd.DataFrame], dict[str, pd.DataFrame]]:
    """The function each task runs: ``compute`` (one vectorised call) over a bucket's rows.

    ``key`` (the series columns, then x) leads the sort, so that the first offending row an
    error names is its series' first in time order.
    """
    dates = [c for c in columns if isinstance(types[c], T.DateType)]
    order = list(columns)
    sort = [*dict.fromkeys(key), *(c for c in columns if c not in key)]

    def run(pdf: pd.DataFrame) -> dict[str, pd.DataFrame]:
        pdf = pdf[order]
        if dates:  # Spark dates arrive as datetime.date objects: use pandas datetimes
            pdf = pdf.assign(**{c: pd.to_datetime(pdf[c]) for c in dates})
        # Rows reach a task in no particular order; sorting makes the aggregation of rows that
        # share (series, x) independent of the partitioning.
        pdf = pdf.sort_values(sort, kind="stable", na_position="last", ignore_index=True)
        # advice in messages is Spark code, and a row is named by its series and x alone (a
        # task's row numbers are no rows of the user's), in errors and warnings alike
        pdf.attrs[SOURCE] = "spark"
        tables = compute(pdf)
        if dates:
            tables = {
                name: frame.assign(**{c: frame[c].dt.date for c in dates if c in frame})
                for name, frame in tables.items()
            }
        return tables

    return run


def _conform(frame: pd.DataFrame, schema: T.StructType, zone: str) -> pd.DataFrame:
    """The result table with the schema's columns, categoricals as strings, missing as None,
    and timestamps (wall-clock times in the session time zone ``zone``) as instants in UTC:
    a time the clocks pass twice its first instant, one they skip (a midnight, in São Paulo)
    the instant they jump to, as :func:`qistats._args.local_instants` reads them (Spark would
    take the later instant, and fail on a skipped time)."""
    out = {}
    for field in schema.fields:
        col = frame[field.name] if field.name in frame else pd.Series(None, index=frame.index)
        if isinstance(field.dataType, T.TimestampType) and pd.api.types.is_datetime64_dtype(
            col.dtype
        ):
            utc = local_instants(pd.DatetimeIndex(col), zone).tz_convert("UTC")
            col = pd.Series(utc, index=frame.index)
        elif isinstance(field.dataType, T.StringType):
            col = col.astype(object).where(col.notna(), None)
        elif isinstance(field.dataType, T.ArrayType):
            col = col.map(lambda v: [float(u) for u in v] if isinstance(v, list | tuple) else None)
        out[field.name] = col
    return pd.DataFrame(out, index=frame.index)
