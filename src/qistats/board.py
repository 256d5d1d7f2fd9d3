"""Many measures in one call: a measures table → one vectorised SPC computation → a board table.

:func:`board` validates the data and the measures table once, groups the measures by chart (and
by whether they have a denominator), runs the vectorised core of :func:`qistats.spc` once per
group over every series (measure × ``by`` group) at once, and assembles the Integrated
Performance Report view: one row per series with its latest value, limits, the Making Data Count
icons, the rules behind the variation icon and one plain-English sentence.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _board_text as text
from . import _kernels as K
from ._args import count_arg, fmt, label, name_key, plural, positive_arg, row_keys, some_of
from ._board_measures import (
    COMPUTED,
    SETTINGS,
    Measures,
    did_you_mean,
    kinds_differ,
    measures_table,
    series_index,
    targets_of_series,
    targets_table,
)
from ._board_runs import run_behind, unseen
from ._calendar import month_keys
from ._duplicates import DoubledMonths, warn_doubled_months
from ._icons import icons, last_observed
from ._interop import TablesOut, as_pandas, date_columns
from ._overdispersed import warn_overdispersed
from ._rare import (
    RARE_CHARTS,
    RARE_MEASURES_SHOWN,
    _spacing_words,
    board_rare_message,
    period_counts,
    period_counts_message,
    rare_either,
    rare_note,
)
from ._rates import warn_rate_numerator
from ._restarts import Restarts, warn_restarts
from ._rows import _describe_row, numbered_by_position, row_name
from ._spc import (
    AFTER_ZEROS,
    GAP_CHARTS,
    LEADING_ZEROS,
    SPCResult,
    _title,
    compute,
    empty_n_hint,
    leading_zeros,
    n_coverage,
    series_without_n,
    sparse_n,
    warn_falling_gaps,
    warn_leading_zeros,
)
from ._stale import (
    DAY_NS,
    FAR_SPACINGS,
    calendar_months,
    given_report_x,
    lone_months,
    period_starts,
    wall_clock,
)
from ._stale import stale as is_stale
from ._target import (
    EVENT_CHARTS,
    over_100_message,
    percent_values_message,
    percentage_message,
    percentage_targets,
    proportion_targets,
    target_message,
    warn_multiplied,
)
from ._warn import in_a_part, warn
from ._xaxis import _x_keys, iso_text_x, warn_x_values_of_measures
from .charts import get_chart
from .errors import (
    ArgumentError,
    BaselineWarning,
    DataError,
    DateWarning,
    DenominatorWarning,
    NoDataWarning,
    RareEventsWarning,
    TargetWarning,
)
from .frame import (
    Prepared,
    _refuse_text,
    check_column,
    check_frame,
    column_labels,
    frame_from_columns,
    prepare,
    reserved_names,
    unshared,
    warn_percent_numerator,
)
from .phases import (
    Segments,
    _warn_late,
    blank_baseline_note,
    blank_baselines,
    month_periods,
    serial_date_hint,
    warn_dates_inside,
    warn_serial_count,
)
from .plot.board import plot_board
from .plot.mdc import MEDIAN_CHARTS
from .rules import VARIATION, get_rules


@dataclass
class _Part:
    """One chart group's computation, as flat per-point arrays."""

    result: SPCResult
    prepared: Prepared
    segs: Segments
    m: np.ndarray  # measure position of every point
    directions: dict[str, np.ndarray]
    threshold: int  # short-phase threshold of the group's chart
    base_threshold: int  # that of a freeze baseline shorter than its phase
    no_n: np.ndarray  # series (numbers of ``prepared``) with no value in the n column


def board(
    data: pd.DataFrame,
    measures: pd.DataFrame,
    *,
    x: str,
    y: str,
    measure: str = "measure",
    n: str | None = None,
    by: str | Sequence[str] | None = None,
    rules: Any = "mdc",
    screen_mr: bool = True,
    agg: str = "mean",
    sigma: float = 3.0,
    min_points: int | None = None,
    as_of: Any = None,
    expected: Any = None,
    targets: Any = None,
) -> Board:
    r"""A Making Data Count board report: many measures, one vectorised computation.

    Parameters
    ----------
    data : pandas.DataFrame
        Long data: one row per measure (× ``by`` group) × period. Measures may have different
        frequencies (monthly, weekly, …) and lengths. Never modified.
    measures : pandas.DataFrame
        One row per measure. Only the ``measure`` column is required. Settings, each optional
        (a missing cell takes the default):

        ``name``, ``unit``
            How the measure is titled (default: its identifier, no unit).
        ``improvement``
            ``"increase"``, ``"decrease"`` or ``"neutral"`` (default neutral), in any case;
            spaces around it are ignored.
        ``target``
            A number in display units, or missing.
        ``chart``
            Any qistats chart (default ``"xmr"``).
        ``freeze``
            Number of baseline points of every phase (default: all points), or the last x of
            the baseline, as ``qi.spc(freeze=...)`` takes it: a date (a ``pd.Timestamp``, a
            ``datetime.date``) or text of one, read as qi.spc reads text dates (ISO 8601,
            ``"2022-12-01"``; an ambiguous ``"01/10/2021"`` is refused with its two readings).
            The points at or before it are the baseline; a phase that starts after it is its
            own baseline. A month (``"2022-09"``) names the whole month: its point is in the
            baseline whether x is dated 2022-09-01 or 2022-09-30. The column may mix both:
            text of a whole number (``"12"``, ``"12.0"``, as a CSV round trip leaves a count
            beside dates) is a number of points.
        ``rebase``
            A list of x values at which a new phase starts; each must be a period of that
            measure, or a month written as one (``"2023-07"``: its first period in July,
            2023-07-31 on month ends). When some series date their months on the 1st and
            others on month ends, a date in ``rebase`` or ``freeze`` means its month in every
            series. Text of ISO dates separated by ";" or "," (a table
            kept in CSV or Excel: ``"2023-04-01; 2023-10-01"``) is such a list.
        ``multiply``
            Display multiplier (e.g. 1000 for a rate per 1,000; default 1). 100 turns
            proportions into per cent; values that are per cent already give a
            :class:`~qistats.TargetWarning` advising 1.
        ``screen_mr``
            True or False (or 1, 0): screen this measure's moving ranges (default:
            ``screen_mr``).
        ``uses_n``
            True: the measure's value is y / n (as for a chart that needs ``n``); False:
            plain values of y, ``n`` ignored (default: decided by the data, see ``n``); 1 and
            0 are True and False.
        ``lag``
            How many of its own periods the measure is reported behind the report's
            period (default 0): a measure reported a month in arrears (length of stay
            beside this month's falls) has ``lag`` 1, a quarterly one a quarter behind has
            ``lag`` 1 (one quarter, not one month). Only ``stale`` uses it. A whole number
            from 0 to 1000.

        Every other column (owner, source, data quality, …) is carried into :meth:`Board.table`.
        Column names are matched exactly: a setting's name written otherwise (``"Target"``,
        ``"Screen MR"``) is refused with the rename, as carried it would change nothing; a
        column named as a :func:`qistats.spc` option the board does not take per measure
        (``exclude``, ``phase``, ``sigma``, ``rules``, ``cl``) is carried with a
        :class:`~qistats.MeasuresWarning`.
    x, y : str
        Columns of time (dates, numbers or an ordered Categorical) and of values (or numerators).
    measure : str, default "measure"
        The column naming the measure, in both tables.
    n : str, optional
        Column of denominators. Measures whose chart needs one (``"p"``, ``"u"``, …) use it;
        measures whose chart may take one (``"xmr"``, ``"i"``, ``"run"``) use it when they have
        any value in it (the plotted value is then y / n); counts (``"c"``, ``"g"``, …) must have
        none. The ``uses_n`` setting overrides the data. A measure with no value in ``n`` in any
        row, charted as plain values of y while other measures use ``n``, is named in a
        :class:`~qistats.NoDataWarning` (its denominators may have been lost), unless its
        ``uses_n`` is False.
    by : str or list of str, optional
        Column(s) of groups (trusts, wards) reported separately for every measure.
    rules, screen_mr, agg, sigma, min_points
        As in :func:`qistats.spc`, for every measure; the defaults are Making Data Count's
        (``"mdc"`` rules, moving ranges screened as NHSRplotthedots).
    as_of : x value, optional
        The report's period: rows whose period begins after it are not used (the board as
        it stood then; any date inside a period names it, as :func:`qistats.ambition`'s
        ``as_of``: "2023-03-01" keeps March dated 31 March), and a series whose latest
        observed period is older is ``stale``. Default: the latest start of a period with
        an observed value, or with events whose denominator is missing or 0, in ``data`` (1
        September for September dated 30 September; the blank rows of a template's future
        months, no value and no events, do not set it).
    expected : "all" or pandas.DataFrame, optional
        The series (measure × ``by`` group) that should report. By default the series are the
        combinations with at least one row in ``data`` (a row with a missing ``y`` counts), so
        a measure a trust does not collect by design adds no row. ``"all"``: every measure for
        every ``by`` group in ``data``; a DataFrame: one row per expected series, with the
        ``measure`` and ``by`` columns. An expected series with no row (at or before
        ``as_of``) is in the table with no icons, ``stale`` and counted in the matrix's
        ``no_data``, and a :class:`~qistats.NoDataWarning` names it: a missing return is
        never silently absent.

    targets : pandas.DataFrame, optional
        A target per series, for a measure whose target differs by ``by`` group (a trust's
        sites on different trajectories): one row per series, with the ``measure`` and ``by``
        columns and ``target`` (in display units, as the measures table's). It overrides the
        measures table's target for the series it names; a missing ``target`` there means
        that series has no target. Series it does not name keep their measure's target. A
        row for a series with no row in ``data`` is ignored (as NHSRplotthedots'
        ``ptd_target(A = …, B = …)`` ignores a facet with no data), with a
        :class:`~qistats.NoDataWarning` naming it in case of a typo; a measure not in the
        measures table, a series given twice or a target that is not a number is an error
        naming the row. Needs ``by``.

    Returns
    -------
    Board
        ``.table()``, ``.matrix()``, ``.points``, ``.to_html()``, ``.plot()``.

    Notes
    -----
    Every series is computed exactly as :func:`qistats.spc` would compute it alone, with its
    measure's chart, direction, target, baseline and phases. The icons come from the series'
    latest *observed* point: its ``variation`` label, and ``assurance`` from the target against
    the limits at that point (target beyond the limits on the good side: ``pass``; on the bad
    side: ``fail``; between them: ``hit_or_miss``; strict inequalities, as the MDC tools). A
    series with no observed point has neither icon; with the ``"mdc"`` rules, one whose latest
    phase has 1 or 2 observed points has no common-cause ``variation`` icon (too few points to
    judge; its ``reason`` says so), while a special cause found in them (a point outside a P, U
    or C chart's limits) keeps its icon.

    A series is ``stale`` when the period after its latest observation has ended by the end of
    the report's period (the period of the board's finest measure, the one with the smallest
    typical spacing, that holds ``as_of``). A period is ``[x, x + spacing)`` for the
    measure's typical spacing (the median gap between successive periods), except for
    monthly, quarterly, half-yearly and yearly dates, whose periods are whole calendar months
    whatever day they are dated on (a date in the first half of a month starts its period,
    one in the second half ends it: February dated 29 February is stale in March's report as
    February dated 1 February is; the quarter Oct–Dec is current in January's report and
    stale in March's). Time-zone-aware dates are judged in their zone's calendar. A measure
    with a ``lag`` of k is stale when the (k + 1)-th period after its latest observation has
    ended by then: a monthly measure with ``lag`` 1 whose latest month is February is
    current in a March report and stale in April's. A measure with a single point has no
    spacing of its own: its period is taken to be the report's (a new measure's one figure
    for March is current in March's report whatever day it is dated, and its week in a
    weekly report's week), and its ``lag`` counts those periods; on a weekly (or daily) board,
    one dated on a month's first or last day is a month's figure (a monthly survey's first
    return, dated 30 November, is November's: current until December's is due, and written
    "Nov 2023"). A G or T chart's rows are events: its series are never stale for want of an
    event, its ``open_gap`` gives the days since its last event and its reason says them
    (above a T chart's upper limit, the next gap will be above it whenever it ends); events
    set no period of the report but on a board of events alone.

    References
    ----------
    NHS England (2019). Making Data Count: Getting started. NHS Improvement.

    Examples
    --------
    >>> import pandas as pd
    >>> import qistats as qi
    >>> months = pd.date_range("2023-01-01", periods=14, freq="MS")
    >>> data = pd.DataFrame({
    ...     "measure": ["falls"] * 14 + ["harm_free"] * 14,
    ...     "month": list(months) * 2,
    ...     "value": [9, 11] * 6 + [10, 30] + [95, 97] * 7,
    ... })
    >>> measures = pd.DataFrame({"measure": ["falls", "harm_free"],
    ...                          "improvement": ["decrease", "increase"],
    ...                          "target": [12, 90], "freeze": [13, None]})
    >>> report = qi.board(data, measures, x="month", y="value")
    >>> report.table()[["measure", "latest_value", "variation", "assurance"]]
         measure  latest_value     variation    assurance
    0      falls          30.0  concern_high  hit_or_miss
    1  harm_free          97.0  common_cause         pass

    By hand: the falls baseline 9, 11, …, 10 has mean 10 and mean moving range 23/12, so its
    limits are 10 ± 2.66 × 23/12 = 4.9 to 15.1. The latest point, 30, is above the upper
    limit: special cause, a concern as fewer is better. The target of 12 lies between the
    limits: hit and miss.

    >>> print(report.table().reason[0])  # doctest: +NORMALIZE_WHITESPACE
    Special cause concern: the latest point (30) is above the upper limit (15.1); the target of
    12 is within the limits (4.9 to 15.1), so it will be met some months and missed in others.
    """
    return build_board(
        data,
        measures,
        x=x,
        y=y,
        measure=measure,
        n=n,
        by=by,
        rules=rules,
        screen_mr=screen_mr,
        agg=agg,
        sigma=sigma,
        min_points=min_points,
        as_of=as_of,
        expected=expected,
        targets=targets,
    )


def build_board(
    data: pd.DataFrame,
    measures: pd.DataFrame,
    *,
    x: str,
    y: str,
    measure: str = "measure",
    n: str | None = None,
    by: str | Sequence[str] | None = None,
    rules: Any = "mdc",
    screen_mr: bool = True,
    agg: str = "mean",
    sigma: float = 3.0,
    min_points: int | None = None,
    as_of: Any = None,
    expected: Any = None,
    targets: Any = None,
    spacing: pd.Series | None = None,
    event_measures: Sequence[Hashable] | None = None,
) -> Board:
    """:func:`board`, with each measure's typical ``spacing`` given: the median gap between
    successive x of a series, over every series of the measure, in x keys (nanoseconds for
    dates), indexed by measure (a measure not in it: none). :func:`board` finds it from
    ``data``; :func:`qistats.spark.board` gives the whole data's to every bucket, which holds
    a few of the series, so that ``stale`` (with a ``lag``) and the periods in words are
    :func:`board`'s. ``event_measures``: the measures of ``spacing`` on a G or T
    chart (rows of events, whose gaps are no reporting period; default: those of
    ``measures``)."""
    rule_set = get_rules(rules)
    # a repeated index: rows named by their position in data, not in a chart group's part
    data = numbered_by_position(iso_text_x(check_frame(as_pandas(data)), x))
    sigma = positive_arg(sigma, "sigma")
    if min_points is not None:
        min_points = count_arg(
            min_points, "min_points", 0, "a whole number of points >= 0 (0: no check)"
        )
    ms = measures_table(measures, measure)
    chart_names = np.array([c.name for c in ms.chart])
    for gap_chart in GAP_CHARTS:  # G, then T
        which = ms.keys[(chart_names == gap_chart) & (ms.good < 0)]
        if which.size:
            named = ", ".join(fmt(k) for k in which)
            warn_falling_gaps(gap_chart, f"measure{'s' if which.size > 1 else ''} {named}")
    by_list = column_labels(data, by, "by")
    reserved_names(
        [("by", b) for b in by_list] + [("x", x)],
        [*SETTINGS, *COMPUTED, *ms.carried],
        "qi.board's table",
    )
    check_column(data, measure, "measure")
    for arg, col in (("x", x), ("y", y), ("n", n)):
        if col is not None:
            check_column(data, col, arg)
    if measure in by_list or measure in (x, y, n):
        raise ArgumentError(
            f"measure={fmt(measure)}: the measure column is also given as by, x, y or n."
        )
    if len(data) == 0:
        raise DataError("data: the DataFrame has no rows.")
    key, _, conv = _x_keys(data, x, by_list)
    # once, not per chart group; each measure's dates apart (events' times of day beside
    # months stored in UTC): whether each measure's months with two dates are explained
    explained = warn_x_values_of_measures(
        data, x, key, conv, ms.keys.get_indexer(data[measure]), list(ms.keys), measure
    )
    if conv.kind() == "datetime":
        _warn_quarter_ends(data, key, conv.zone(), measure, by_list, x, spacing)
    if as_of is not None and spacing is None:  # Spark's buckets hold some series only
        _warn_far_as_of(data, x, key, as_of, float(conv.keys(as_of, "as_of")[0]))
    if as_of is not None:
        if conv.kind() == "datetime":
            _warn_month_as_of(data, key, conv, as_of, measure, by_list, spacing)
        data = _up_to(data, x, by_list, as_of, measure, spacing)
    added = None  # the expected series with no row: told as such, not as lost denominators
    if expected is not None:
        data, added = _with_expected(data, expected, ms, measure, by_list, x, y, n)
        warn_expected_without_rows(added, [measure, *by_list])
    per_series = None if targets is None else targets_table(targets, ms, measure, by_list)

    codes = ms.keys.get_indexer(data[measure])
    unknown = np.flatnonzero(codes < 0)
    if unknown.size:
        i = int(unknown[0])
        raise DataError(
            f"data: {_describe_row(data, i, [], None)} has {measure}="
            f"{fmt(data[measure].iloc[i])}, which is not in the measures table (column "
            f"{fmt(measure)}); add a row for it or drop its data."
            f"{did_you_mean(data[measure].iloc[i], ms)}"
        )
    n_rows = np.bincount(codes, minlength=len(ms.keys))
    absent = np.flatnonzero(n_rows == 0)
    if absent.size:
        when = "" if as_of is None else f" at or before as_of={fmt(as_of)}"
        more = f" (and {absent.size - 1} more measures)" if absent.size > 1 else ""
        # a measure not yet reported, or one failed extract, need not stop the whole board
        show = (
            "pass expected='all' to show it as \"No data\" (a NoDataWarning names it)"
            if expected is None
            else 'add it to the expected= table to show it as "No data"'
        )
        raise DataError(
            f"measures: the measure {ms.label(int(absent[0]))}{more} has no rows in data{when}; "
            f"expected at least one row (a missing {fmt(y)} is allowed) for every measure in the "
            f"table. To build the board without its data, {show}, or drop it from the "
            f"measures table (measures[measures[{fmt(measure)}] != "
            f"{fmt(ms.keys[int(absent[0])])}])."
        )
    if per_series is not None:
        per_series = targets_of_series(per_series, data, codes, ms, by_list)
    for arg, col in (("y", y), ("n", n)):  # text is refused once over the whole column, not
        if col is not None:  # per chart group, so that the advice fits every row
            _refuse_text(data, col, arg, [measure, *by_list], x)
    uses_n = _uses_n(data, n, y, codes, ms)
    if uses_n.any():
        _warn_sparse_n(data, y, n, codes, ms, uses_n)
    if not uses_n.all():
        _warn_leading_zeros(data, x, y, codes, ms, uses_n, by_list)

    if not isinstance(screen_mr, (bool, np.bool_)):
        raise ArgumentError(f"screen_mr={fmt(screen_mr)}: expected True or False.")
    screens = np.where(ms.screen < 0, bool(screen_mr), ms.screen.astype(bool))
    groups: dict[tuple[str, bool, bool, bool], list[int]] = {}
    for i, (spec, u, sc) in enumerate(zip(ms.chart, uses_n, screens, strict=True)):
        # (measures, not points; those whose months with two dates are explained apart)
        groups.setdefault((spec.name, bool(u), bool(sc), bool(explained[i])), []).append(i)
    parts = []
    doubled: list[DoubledMonths] = []  # months with two dates, warned once for every group
    restarts: list[Restarts] = []  # an x restarting like a month number, the same
    for (chart_name, with_n, screen, known), members in groups.items():  # one computation each
        rows = np.flatnonzero(np.isin(codes, members))
        parts.append(
            _compute_group(
                data,
                rows,
                codes,
                ms,
                get_chart(chart_name),
                with_n,
                measure,
                x,
                y,
                n,
                by_list,
                rule_set,
                screen,
                agg,
                sigma,
                min_points,
                per_series,
                [] if known else doubled,
                restarts,
            )
        )
    warn_doubled_months(doubled, x)
    warn_restarts(restarts, x)
    _warn_period_counts(parts, x, y)
    rare = [_rare_events(part, ms) for part in parts]
    if event_measures is None:
        event_measures = ms.keys[np.isin([c.name for c in ms.chart], list(GAP_CHARTS))]
    given = None if spacing is None else (spacing, event_measures)
    assembled = _assemble(
        parts, ms, measure, by_list, x, y, rule_set, as_of, rare, per_series, given
    )
    no_n = [(part.prepared, int(s)) for part in parts for s in part.no_n]
    _warn_unobserved(assembled.table, [measure, *by_list], n, no_n, added)
    _warn_rare_events(parts, rare, len(assembled.table), ms, by_list)
    _warn_beyond(assembled, [measure, *by_list], x, as_of)
    report = Board(assembled, ms, parts, measure)
    if date_columns(data, [x]):  # the caller's dates come back as dates from to_polars
        report._dates = (x, "latest_x")
    return report


def _warn_unobserved(
    table: pd.DataFrame,
    keys: list[Any],
    n: str | None,
    no_n: list[tuple[Prepared, int]],
    added: pd.DataFrame | None = None,
) -> None:
    """A NoDataWarning naming the series (rows of the table) without an observed point, with
    :func:`qistats.spc`'s hint when some of them (``no_n``: prepared data and series number)
    have no denominator in any row. The expected series with no row (``added``: their gap
    rows) are left out: :func:`warn_expected_without_rows` names them."""
    empty = table["n_points"].to_numpy() == 0
    if added is not None and len(added):
        have = pd.MultiIndex.from_frame(table[keys])
        gone = have.isin(pd.MultiIndex.from_frame(added[keys]))
        empty &= ~gone
        no_n = [(p, s) for p, s in no_n if not _among(p, s, added, keys)]
    empty = np.flatnonzero(empty)
    if empty.size:
        names = [row_keys(table, keys, i) for i in empty[:3]]
        more = f" and {empty.size - 3} more" if empty.size > 3 else ""
        warn(
            f"{some_of(empty.size, len(table), 'series')} no observed value "
            f"({'; '.join(names)}{more}): no centre line, limits or icons."
            + empty_n_hint(
                n, [p.describe_series(s) for p, s in no_n[:3]], len(no_n), empty.size, True
            ),
            NoDataWarning,
        )


def _among(p: Prepared, s: int, added: pd.DataFrame, keys: list[Any]) -> bool:
    """Whether series ``s`` of ``p`` is one of the expected series with no row (``added``)."""
    row = p.keys.iloc[int(p.series_starts[s])]
    return bool((added[keys] == pd.Series([row[k] for k in keys], index=keys)).all(axis=1).any())


def warn_expected_without_rows(added: pd.DataFrame, keys: list[Any]) -> None:
    """A NoDataWarning naming the expected series with no row in the data (``added``: their
    gap rows, see :func:`_with_expected`): a missing return, in the table as "No data"."""
    if not len(added):
        return
    names = [
        ", ".join(f"{label(k)}={fmt(row[k])}" for k in keys) for _, row in added.head(3).iterrows()
    ]
    more = f" and {len(added) - 3} more" if len(added) > 3 else ""
    warn(
        f"{len(added)} expected series {'have' if len(added) > 1 else 'has'} no row in the "
        f'data ({"; ".join(names)}{more}): no return yet? In the table as "No data", with no '
        "centre line, limits or icons.",
        NoDataWarning,
    )


def _warn_quarter_ends(
    data: pd.DataFrame,
    key: np.ndarray,
    tz: Any,
    measure: Hashable,
    by_list: list[Hashable],
    x: Hashable,
    spacing: pd.Series | None,
) -> None:
    """:func:`warn_quarter_ends` on the rows of ``data`` (``key``: their x keys, UTC
    nanoseconds for dates in zone ``tz``)."""
    if spacing is None:
        spacing = measure_spacing(data, key, measure, by_list)
    wall = pd.to_datetime(wall_clock(key.astype(float), tz), errors="coerce")
    dated = pd.DataFrame({"m": data[measure].to_numpy(), "t": wall}).dropna()
    ends = dated["t"].dt.month.isin([3, 6, 9, 12]) & (dated["t"].dt.day <= 15)
    warn_quarter_ends(
        spacing,
        ends.groupby(dated["m"], sort=False).all(),
        dated.groupby("m", sort=False)["t"].max(),
        measure,
        x,
    )


def warn_quarter_ends(
    spacing: pd.Series, every: pd.Series, latest: pd.Series, measure: Hashable, x: Hashable
) -> None:
    """A DateWarning naming the quarterly measures (by their typical ``spacing``) whose
    ``every`` date is early in the last month of a calendar quarter (1 Mar, 1 Jun, 1 Sep,
    1 Dec); ``latest``: each measure's latest date. The board reads a date early in a month
    as the start of its period, so 1 June is June to August, while such dates are most often
    the quarter that ends then (April to June dated June). A quarter
    dated by its last day (30 June) is read as the quarter it ends, and needs nothing. All
    three are indexed by measure (:func:`qistats.spark.board` finds them in Spark)."""
    quarterly = spacing.index[calendar_months(spacing.to_numpy(dtype=float)) == 3]
    named = [m for m in quarterly if bool(every.get(m, False))]
    if not named:
        return
    shown = ", ".join(fmt(m) for m in named[:3]) + (
        f" and {len(named) - 3} more" if len(named) > 3 else ""
    )
    one = len(named) == 1
    last = pd.Timestamp(latest[named[0]])
    then, ended = last + pd.DateOffset(months=2), last - pd.DateOffset(months=2)
    rows = f"df[{fmt(measure)}] == {fmt(named[0])}" if one else f"df[{fmt(measure)}].isin([...])"
    warn(
        f"x={fmt(x)}: the quarterly measure{'' if one else 's'} {shown} "
        f"{'is' if one else 'are'} dated only early in March, June, September and December, "
        f"which the board reads as the start of each quarter: the latest of {fmt(named[0])}, "
        f"{last.day} {last:%b %Y}, is read as {last:%b}–{then:%b %Y} (in the table, the "
        "sentences, the charts and for stale). If each date is the quarter that ends in that "
        f"month ({ended:%b}–{last:%b %Y} dated {last:%b}), date it by the quarter's first "
        f"month: df.loc[{rows}, {fmt(x)}] -= pd.DateOffset(months=2).",
        DateWarning,
    )


#: Typical spacings (days) of measures finer than a month: weekly, daily
_FINER_DAYS = 27.5


def _warn_month_as_of(
    data: pd.DataFrame,
    key: np.ndarray,
    conv: Any,
    as_of: Any,
    measure: Hashable,
    by_list: list[Hashable],
    spacing: pd.Series | None,
) -> None:
    """A DateWarning for ``as_of`` on the 1st of a month on a board of weekly (or daily)
    measures beside monthly (or longer) ones: a row is used once its period has begun, so
    the weekly measures end with the week holding the 1st while the monthly ones include
    the whole month ("September's board" without September's weeks). Names the
    weekly measures and the week they end with, and the month's last day for every week of
    the month."""
    tz = conv.zone()
    at = float(wall_clock(conv.keys(as_of, "as_of").astype(float), tz)[0])
    day = pd.Timestamp(int(at))
    if day.day != 1 or day != day.normalize():
        return
    gaps = measure_spacing(data, key, measure, by_list) if spacing is None else spacing
    gaps = gaps[np.isfinite(gaps.to_numpy(dtype=float))]
    months = calendar_months(gaps.to_numpy(dtype=float))
    finer = gaps.index[(gaps.to_numpy(dtype=float) < _FINER_DAYS * 86_400e9)]
    if not finer.size or not (months > 0).any():
        return
    rows = data[measure].isin(finer).to_numpy()
    wall = wall_clock(key.astype(float), tz)
    with np.errstate(invalid="ignore"):
        used = rows & (wall <= at)
    if not used.any():
        return
    last = pd.Timestamp(int(np.nanmax(wall[used])))
    days = float(np.median(gaps[finer].to_numpy(dtype=float))) / 86_400e9
    kind = "weekly" if 6.5 <= days <= 7.5 else "daily" if days <= 1.5 else "more frequent"
    period = "week" if kind == "weekly" else "period"
    coarse = "monthly" if (months == 1).any() else "quarterly or longer"
    names = ", ".join(fmt(m) for m in finer[:3]) + (
        f" and {finer.size - 3} more" if finer.size > 3 else ""
    )
    end = day + pd.offsets.MonthEnd(0)
    warn(
        f"as_of={fmt(as_of)}, the first day of {day:%B %Y}, on a board of {coarse} and {kind} "
        f"measures: a row is used once its period has begun, so the {coarse} measures include "
        f"{day:%b %Y} while the {kind} ones ({names}) end with the {period} of "
        f"{last.day} {last:%b %Y}, and none of {day:%B}'s later {period}s is used. For "
        f"{day:%B}'s board with every {period} of it, give as_of='{end:%Y-%m-%d}', its last "
        "day.",
        DateWarning,
    )


def _warn_far_as_of(data: pd.DataFrame, x: Any, key: np.ndarray, as_of: Any, at: float) -> None:
    """A DateWarning when ``as_of`` (its x key ``at``) lies more than :data:`FAR_SPACINGS` of
    the data's periods (the median gap between its distinct x keys ``key``) after its latest
    x: every series is stale (2030 typed for 2020), as the DateWarning of a data date far
    beyond the rest says of a row."""
    key = np.asarray(key, dtype=float)
    distinct = np.unique(key[np.isfinite(key)])
    if distinct.size < 2 or not at - distinct[-1] > FAR_SPACINGS * np.median(np.diff(distinct)):
        return
    latest = data[x].iloc[int(np.nanargmax(key))]
    warn(
        f"as_of={fmt(as_of)}: more than {FAR_SPACINGS} of the data's periods after its latest "
        f"{fmt(x)} ({fmt(latest)}): every series is stale. A mistyped date? Pass as_of= the "
        "report's period.",
        DateWarning,
    )


def _warn_beyond(assembled: _Assembled, keys: list[Any], x: Any, as_of: Any) -> None:
    """A DateWarning naming the series whose last x lies far beyond the rest of the data."""
    rows = np.flatnonzero(assembled.beyond)
    if not rows.size:
        return
    t = assembled.table
    names = [row_keys(t, keys, i) + f" at {fmt(assembled.last_x.iloc[int(i)])}" for i in rows[:3]]
    more = f" and {rows.size - 3} more" if rows.size > 3 else ""
    sets = "" if as_of is not None else " It sets the report's period, so other series are stale."
    warn(
        f"x={fmt(x)}: {rows.size} of {len(t)} series {'has' if rows.size == 1 else 'have'} a "
        f"last point more than {FAR_SPACINGS} of its periods after every other point of the "
        f"data, which ends at {fmt(assembled.rest_end)} ({'; '.join(names)}{more}): a "
        f"mistyped date?{sets} Correct the date, or pass as_of= the report's period.",
        DateWarning,
    )


def _warn_target_units(
    t: pd.DataFrame,
    keys: list[Any],
    rows: np.ndarray,
    target: np.ndarray,
    message: Any,
    own: np.ndarray,
) -> None:
    """A TargetWarning naming the series whose target is in the other unit from the values
    (``message``: a proportion on a measure shown in %, or a percentage on a measure of
    proportions; see :mod:`qistats._target`), one for the targets of the measures table and
    one for those of ``targets=`` (``own``: the series whose target came from it), each naming
    the table to correct."""
    for source, mine in (("measures 'target'", ~own), ("targets 'target'", own)):
        which = np.flatnonzero(rows & mine)
        if not which.size:
            continue
        names = [row_keys(t, keys, i) for i in which[:3]]
        warn(
            message(source, names, target[which[:3]].tolist(), which.size, len(t)),
            TargetWarning,
        )


def _single_rows(
    pts: pd.DataFrame, obs: np.ndarray, series: np.ndarray, n: int, ms: Measures, ms_of: Any
) -> np.ndarray:
    """Per series: an Xbar chart with one row in every subgroup (period), which has no limits
    (its sigma is the spread within subgroups)."""
    xbar = np.array([c.name == "xbar" for c in ms.chart])[ms_of]
    if not xbar.any() or "subgroup_size" not in pts:
        return np.zeros(n, dtype=bool)
    several = obs & (pts["subgroup_size"].to_numpy(dtype=float) >= 2)
    return xbar & (np.bincount(series, weights=several, minlength=n) == 0)


def _rare_events(
    part: _Part, ms: Measures
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool, np.ndarray, np.ndarray]:
    """Which series of a chart group on an XmR, I, C, U, P or NP chart (or a Laney U′ or P′)
    look like counts of rare events: its values, or the numerators of its ratios (a measure
    that uses ``n``), or their failures n − y (a proportion near 100 %), see
    :mod:`qistats._rare`. Returns the mask, means and shares of zeros per series of the group,
    whether the counts are numerators, the mask of series rare by their failures, and, for
    series of a G or T chart whose values look like counts per period (:func:`_period_counts`),
    their spacing in days (NaN for the others)."""
    p = part.prepared
    k = p.series_starts.size
    numerators = bool(part.result.params["n"])
    if part.result.params["chart"] not in RARE_CHARTS:
        none = np.zeros(k, dtype=bool)
        counted = np.full(k, np.nan)  # a G or T chart of counts per period: their spacing
        which, days = _period_counts(part)
        counted[which] = days
        return none, np.full(k, np.nan), np.full(k, np.nan), numerators, none, counted
    value = part.result._points["value"].to_numpy()
    y_num, n_den = (p.held("y"), p.held("n")) if numerators else (None, None)
    proportion = get_chart(part.result.params["chart"]).proportion
    lay = K.Layout(p.series, p.series_starts)
    rare, mean, share, by_failures = rare_either(
        value, lay, y_num, n_den, ms.multiply[part.m], proportion
    )
    return rare, mean, share, numerators, by_failures, np.full(k, np.nan)


def _warn_rare_events(
    parts: list[_Part],
    rare_by_part: list[tuple[np.ndarray, np.ndarray, np.ndarray, bool, np.ndarray, np.ndarray]],
    total: int,
    ms: Measures,
    by_list: list[Hashable],
) -> None:
    """One RareEventsWarning naming, measure by measure, the series on XmR, I, C, U, P or NP
    (or Laney) charts whose
    values (or the numerators of their ratios) look like counts of rare events (see
    :mod:`qistats._rare`): on a board that mixes them with other measures, the reader learns
    which measures to chart otherwise."""
    m_s = np.concatenate([pt.m[pt.prepared.series_starts] for pt in parts])
    rare = np.concatenate([r[0] for r in rare_by_part])
    if not rare.any():
        return
    mean, share = (np.concatenate([r[i] for r in rare_by_part]) for i in (1, 2))
    numerators = np.concatenate([np.full(r[0].size, r[3]) for r in rare_by_part])
    failures = np.concatenate([r[4] for r in rare_by_part])
    part_of = np.repeat(np.arange(len(parts)), [r[0].size for r in rare_by_part])
    local = np.concatenate([np.arange(r[0].size) for r in rare_by_part])
    of_measure = np.bincount(m_s, minlength=len(ms.keys))
    rare_of = np.bincount(m_s[rare], minlength=len(ms.keys))
    which = np.flatnonzero(rare_of)
    said = []

    def p_start(i: int) -> int:  # the first point of series i (of all parts)
        return parts[part_of[i]].prepared.series_starts[local[i]]

    shown_measures = RARE_MEASURES_SHOWN.get() or which.size
    for m in which[:shown_measures]:  # a few measures named, each with a few series
        at = np.flatnonzero(rare & (m_s == m))
        stats = [f"mean {mean[i]:.2g}, {share[i]:.0%} zeros" for i in at[:2]]
        what = f"measure {ms.label(int(m))}"
        if failures[at[0]]:
            what += ", its failures n − y (a proportion near 100 %),"
        elif numerators[at[0]]:
            what += ", its numerators y,"
        if by_list:
            rows = [parts[part_of[i]].prepared.keys.iloc[int(p_start(i))] for i in at[:2]]
            groups = [", ".join(f"{label(b)}={fmt(r[b])}" for b in by_list) for r in rows]
            shown = "; ".join(f"{g}: {t}" for g, t in zip(groups, stats, strict=True))
            more = "; …" if at.size > 2 else ""
            k = "all" if at.size == of_measure[m] else f"{at.size} of its"
            said.append(f"{what} in {k} {of_measure[m]} series ({shown}{more})")
        else:
            said.append(f"{what} ({stats[0]})")
    count = int(rare.sum())
    charts = sorted({parts[i].result.params["chart"] for i in np.unique(part_of[rare])})
    ratio = bool((numerators & ~failures)[rare].any())
    hidden = max(which.size - shown_measures, 0)
    warn(
        board_rare_message(count, total, charts, said, hidden, ratio, bool(failures[rare].any())),
        RareEventsWarning,
    )


def _warn_sparse_n(
    data: pd.DataFrame, y: str, n: str, codes: np.ndarray, ms: Measures, uses_n: np.ndarray
) -> None:
    """A DenominatorWarning naming the measures that use the ``n`` column although most of
    their rows with a ``y`` have none (a stray value in a shared column makes an XmR measure
    a ratio and its other rows gaps)."""
    with_y, with_both = n_coverage(data, y, n, codes, len(ms.keys))
    which = np.flatnonzero(uses_n & sparse_n(with_y, with_both))
    if which.size:
        i = int(which[0])
        others = ", ".join(ms.label(int(j)) for j in which[1:4])
        more = f" (so do {others}{' and more' if which.size > 4 else ''})" if others else ""
        optional = ms.chart[i].n == "optional"
        warn(
            f"n={fmt(n)}: measure {ms.label(i)} has a value of y={fmt(y)} in {with_y[i]} rows "
            f"but a denominator in only {with_both[i]} of them{more}: it is charted as "
            f"{fmt(y)} / {fmt(n)}, and its rows without {fmt(n)} are gaps. "
            + (
                f"If it has no denominator, leave {fmt(n)} missing in all its rows (a stray "
                "value in a shared column does this); otherwise fill the missing ones."
                if optional
                else "Fill the missing denominators (a join that matched only some rows is "
                "the usual cause)."
            ),
            DenominatorWarning,
        )


def _warn_leading_zeros(
    data: pd.DataFrame,
    x: Hashable,
    y: Hashable,
    codes: np.ndarray,
    ms: Measures,
    uses_n: np.ndarray,
    by_list: list[Hashable],
) -> None:
    """A :class:`~qistats.NoDataWarning` naming the series of measures without a denominator
    that start with ``LEADING_ZEROS`` or more values of exactly 0 and have none in the
    ``AFTER_ZEROS`` or more values after them: months written as 0 before a ward
    opened or a measure began, as an extract that fills every month writes them. Charted as
    values, they pull the mean and limits of a count or a measurement down and make its real
    values special causes (a ward opened in January with nine zeros before, its
    length of stay 5.2 days on average, not 8.3, and "concern" every month). Ratios are not
    affected (a denominator of 0 or none is a gap).

    By chance, a Poisson count of mean μ starts with k zeros and has no 0 in its next m
    values with probability q^k (1 − q)^m, q = e^(−μ); its largest, at q = k / (k + m), falls
    as k or m grows: 0.0033 for k = 3, m = 6, 0.00055 for m = 12, 1e-7 for nine zeros then
    15 values. ``tests/test_board_legend_and_late_openings.py`` simulates it."""
    plain = ~uses_n[codes]
    yv = pd.to_numeric(data[y], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    keep = np.flatnonzero(plain & np.isfinite(yv))  # the values of plain measures
    if keep.size < LEADING_ZEROS + AFTER_ZEROS:
        return
    sub = data.iloc[keep]
    keys = [codes[keep], *(sub[b].to_numpy(dtype=object) for b in by_list)]
    group = pd.MultiIndex.from_arrays(keys).factorize()[0]  # one id per series, from 0
    key, _, _ = _x_keys(sub, x, by_list)
    order = np.lexsort((key, group))
    g, v, rows = group[order], yv[keep][order], keep[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])  # series id i starts at starts[i]
    sizes = np.diff(np.r_[starts, g.size])
    hit, leading, after = leading_zeros(v, g, starts, sizes)
    if not hit.size:
        return
    named = []
    for i in hit[:3]:
        lo, hi = rows[starts[i]], rows[starts[i] + leading[i] - 1]
        who = ", ".join(
            [f"measure {ms.label(int(codes[lo]))}"]
            + [f"{label(b)}={fmt(data[b].iloc[lo])}" for b in by_list]
        )
        named.append(
            f"{who}: {leading[i]} zeros, {fmt(data[x].iloc[lo])} to {fmt(data[x].iloc[hi])}, "
            f"then {after[i]} values, none 0"
        )
    warn_leading_zeros(y, hit.size, named, "series of measures", "the board")


def _uses_n(
    data: pd.DataFrame, n: str | None, y: str, codes: np.ndarray, ms: Measures
) -> np.ndarray:
    """Which measures use the denominator column: those whose chart needs one, those whose
    ``uses_n`` setting says so (without any value in ``n``, their series have no observed
    point, as those of a chart that needs one), and, where the setting is missing, those whose
    chart may take one and that have a value in it. A measure charted as plain values of y
    for want of any n while other measures use n is named in a
    :class:`~qistats.NoDataWarning` (its denominators may have been lost), unless its
    ``uses_n`` is False."""
    need = np.array([c.n for c in ms.chart], dtype=object)
    said = ms.uses_n  # (a 'uses_n' its chart refuses is refused with the measures table)
    if n is None:
        bad = np.flatnonzero((need == "required") | (said == 1))
        if bad.size:
            i = int(bad[0])
            why = "has 'uses_n' True" if said[i] == 1 else f"has chart {ms.chart[i].name!r}"
            raise ArgumentError(
                f"n=None: measure {ms.label(i)} {why}, which needs a denominator column (n=...)."
            )
        return np.zeros(len(need), dtype=bool)
    has = pd.to_numeric(data[n], errors="coerce").notna().to_numpy()
    has_n = np.bincount(codes, weights=has, minlength=len(need)) > 0
    bad = np.flatnonzero((need == "none") & has_n & (said != 0))
    if bad.size:
        i = int(bad[0])
        raise DataError(
            f"n={fmt(n)}: measure {ms.label(i)} has chart {ms.chart[i].name!r}, which takes no "
            f"denominator, but has values in column {fmt(n)}; leave them missing or change its "
            "chart."
        )
    uses = (need == "required") | (said == 1) | ((need == "optional") & has_n & (said != 0))
    plain = np.flatnonzero((need == "optional") & ~has_n & (said == -1))
    if plain.size and uses.any():
        names = ", ".join(ms.label(int(i)) for i in plain[:3])
        more = f" and {plain.size - 3} more" if plain.size > 3 else ""
        warn(
            f"{plural(int(plain.size), 'measure')} ({names}{more}) "
            f"{'has' if plain.size == 1 else 'have'} no value in column n={fmt(n)} in any row, "
            "while other measures have denominators: charted as plain values of column "
            f"{fmt(y)} (not y / n). If a measure is a ratio, its denominators are missing "
            "(a failed join is the usual cause); if it has none by design, set its 'uses_n' "
            "to False in the measures table.",
            NoDataWarning,
        )
    return uses


def period_counts_reason(chart: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The reason's first words for a series of a G or T chart (``chart``) whose values look
    like counts per period, one row every ``days`` days (:func:`_period_counts`).

    >>> period_counts_reason(np.array(["g"]), np.array([30.4]))[0][:72]
    'Counts per period on a G chart? Its rows are monthly, one each, of whole'
    """
    what = np.where(chart == "t", "time", "cases")
    words = np.array([_spacing_words(float(d)) for d in days], dtype=object)
    return (
        "Counts per period on a "
        + np.char.upper(chart.astype(str)).astype(object)
        + " chart? Its rows are "
        + words
        + ", one each, of whole numbers, but the chart's "
        "values are the " + what + " between events, one row per event, so this chart, its "
        "icons and its limits mean nothing: chart the counts on a C chart (or a U chart with "
        "a denominator). "
    )


def _period_counts(part: _Part) -> tuple[np.ndarray, np.ndarray]:
    """The series of a chart group on a G or T chart whose values look like counts of events
    per period (:func:`~qistats._rare.period_counts`: dates one row each on a regular
    calendar, whole numbers), and their mean gap in days; none for other charts."""
    p, chart = part.prepared, part.result.params["chart"]
    if chart in GAP_CHARTS and p.x_given and p.x_converter.kind() == "datetime":
        return period_counts(p.xkey, p.value, K.Layout(p.series, p.series_starts))
    return np.empty(0, dtype=np.intp), np.empty(0)


def _warn_period_counts(parts: list[_Part], x: str, y: str) -> None:
    """One RareEventsWarning naming the series of G and T measures that look like counts of
    events per period (:func:`_period_counts`), the first chart's words, and that the table
    marks them (``period_counts``, and the reason)."""
    found = []
    for part in parts:
        which, days = _period_counts(part)
        if which.size:
            found.append((part.result.params["chart"], part.prepared, which, float(days[0])))
    if found:
        chart, p, which, days = found[0]
        count = sum(f[2].size for f in found)
        message = period_counts_message(
            chart, fmt(x), fmt(y), p.name_series(which[:1]), count, days
        )
        marks = "them" if count > 1 else "it"
        warn(
            f"{message} The board's table marks {marks} (period_counts) and the reason says so.",
            RareEventsWarning,
        )


def _compute_group(
    data,
    rows,
    codes,
    ms,
    spec,
    with_n,
    measure,
    x,
    y,
    n,
    by_list,
    rule_set,
    screen_mr,
    agg,
    sigma,
    min_points,
    per_series,
    doubled,
    restarts,
) -> _Part:
    """Prepare and compute every series of the measures of one chart group at once
    (``per_series``: the targets of some series, see :func:`targets_table`, or None;
    ``doubled``: months with two dates in one series are added to it, and ``restarts``: an x
    that restarts like a month number, see :func:`~qistats.frame.prepare`)."""
    used = [*by_list, x, y] + ([n] if with_n else [])
    # by position: selecting a list of tuple labels would make the columns a MultiIndex
    sub = data.iloc[rows, data.columns.get_indexer(list(dict.fromkeys(used)))]
    sub.insert(0, measure, pd.Categorical.from_codes(codes[rows], categories=ms.keys))
    p = prepare(
        sub,
        y,
        x=x,
        n=n if with_n else None,
        by=[measure, *by_list],
        agg=agg,
        chart=spec,
        extra_columns={},
        doubled_months=doubled,
        check_x=False,  # qi.board gives the warnings about x once
        restarts=restarts,
    )
    m = p.keys[measure].cat.codes.to_numpy()[p.series_starts][p.series].astype(np.intp)
    if with_n and spec.n == "optional":  # a percentage y over n, divided again
        warn_percent_numerator(p, y, n, ms.multiply[m[p.series_starts]])
    if with_n and spec.counts and spec.n == "required" and not spec.proportion:  # U, U′
        warn_rate_numerator(p, y, n, ms.multiply[m[p.series_starts]])
    segs = _rebase_segments(p, m, ms)
    npts = p.n_points
    pos = K.position_in_segment(segs.lay.starts, npts)
    baseline = pos < np.where(np.isnan(ms.freeze), np.inf, ms.freeze)[m]
    _warn_freeze_counts(p, m, ms)
    baseline = _freeze_at(p, m, ms, segs, baseline)
    target = ms.target[m]
    if per_series is not None and len(per_series):
        m_series = m[p.series_starts]
        given = series_index(per_series["m"].to_numpy(), per_series[by_list])
        row = given.get_indexer(series_index(m_series, p.keys[by_list].iloc[p.series_starts]))
        own = per_series["target"].to_numpy()[row]
        target = np.where(row >= 0, own, ms.target[m_series])[p.series]
    # a target is in the units the table shows: 95 on a P chart of proportions shown in %
    target = target / _percent_of_proportions(ms)[m]
    core = compute(
        p,
        segs,
        spec,
        rule_set,
        include=np.ones(npts, dtype=bool),
        baseline=baseline,
        good=ms.good[m],
        target=target,
        multiply=ms.multiply[m],
        cl_user=np.full(npts, np.nan),
        screen_mr=bool(screen_mr),
        laney_floor=False,
        sigma=float(sigma),
        allow_negative=True,
        min_points=min_points,
        names=(y, n if with_n else None),
    )
    _warn_blank_baselines(p, segs, m, ms, baseline, core)
    warn_overdispersed(spec.name, core, segs, p, ms.multiply[m[p.series_starts]], board=True)
    params = {
        "y": y,
        "x": x,
        "n": n if with_n else None,
        "by": [measure, *by_list],
        "chart": spec.name,
        "rules": rule_set.name,
        "screen_mr": bool(screen_mr),
        "improvement": "per measure",
        "target": "per measure" if per_series is None else "per series",
        "min_points": min_points,
    }
    result = SPCResult(
        core.points, core.summary, params, _title(spec.title, y, None, 1.0, False), core.evidence
    )
    no_n = series_without_n(sub, n, p) if with_n else np.empty(0, dtype=np.intp)
    return _Part(
        result, p, segs, m, dict(core.directions), core.threshold, core.base_threshold, no_n
    )


def _warn_freeze_counts(p: Prepared, m: np.ndarray, ms: Measures) -> None:
    """A :class:`~qistats.BaselineWarning` for each measure whose ``freeze`` (a number of
    points) is more than some of its series have, naming them: each is all baseline, as
    ``qi.spc(freeze=k)`` warns (an Excel date cell read as a number, 44986, or 40 typed for a
    24-point series). On an x of dates, a number that is an Excel serial date
    (see :func:`~qistats.phases.serial_date`) is named as that date; taken as a count that
    every series has, it gets qi.spc's DateWarning when the date lies within the data."""
    m_series = m[p.series_starts]
    lengths = np.diff(np.append(p.series_starts, p.n_points))
    for i in np.unique(m_series):
        k = ms.freeze[i]
        if np.isnan(k):
            continue
        own = m_series == i
        short = np.flatnonzero(own & (lengths < k))
        arg = f"measures: 'freeze' of measure {ms.label(int(i))} is {k:.0f}"
        hint = serial_date_hint(
            p, k, "the date in its 'freeze' cell (a date, or ISO text such as '{}')"
        )
        if not short.size:
            if hint:
                warn_serial_count(p, k, arg, hint)
            continue
        warn(
            f"{arg}: {short.size} of its {int(own.sum())} series "
            f"{'has' if short.size == 1 else 'have'} fewer points than that "
            f"({p.name_series(short)}); "
            + ("it is" if short.size == 1 else "each of them is")
            + " its own baseline (all its points), as qi.spc(freeze=k) makes it."
            + hint,
            BaselineWarning,
        )


def _warn_blank_baselines(
    p: Prepared, segs: Segments, m: np.ndarray, ms: Measures, baseline: np.ndarray, core
) -> None:
    """A :class:`~qistats.BaselineWarning` for each measure whose ``freeze`` (a number of
    points) leaves some phase trial limits only because rows inside its baseline are blank:
    the count is of listed rows, as in qi.spc and qicharts2 (see
    :func:`~qistats.phases.blank_baselines`); the message names the series and what to write
    in the measure's ``freeze`` cell instead. qi.spc's ShortPhaseWarning says
    the same."""
    observed = core.observed
    used = observed  # a board excludes no point
    m_seg = m[segs.lay.starts]
    base = core.base_points
    frozen = base < core.summary["n_points"].to_numpy()
    need = np.where(frozen, core.base_threshold, core.threshold)
    counted = ~np.isnan(ms.freeze[m_seg])
    made = blank_baselines(segs, baseline, used, counted, need)
    last = np.append(segs.series[1:] != segs.series[:-1], True)  # its series' latest phase
    for i in np.unique(m_seg[made]):
        which = np.flatnonzero(made & (m_seg == i))
        series = np.unique(segs.series[which])
        j = int(which[0])
        note = blank_baseline_note(
            p,
            segs,
            j,
            baseline,
            observed,
            used,
            int(need[j]),
            ("'{}' in its 'freeze' cell", "{} there"),
        )
        withheld = ", so no assurance icon" if last[which].any() else ""
        warn(
            f"measures: 'freeze' of measure {ms.label(int(i))} is {ms.freeze[i]:.0f}, a count "
            "of listed rows, blank ones included (as qi.spc's freeze and qicharts2's are): "
            f"blank rows inside it give {series.size} of its series trial limits{withheld} "
            f"({p.name_series(series)}). {'The first: ' if series.size > 1 else ''}"
            f"{note[0].upper() if series.size == 1 else note[0]}{note[1:]}",
            BaselineWarning,
        )


def _freeze_at(
    p: Prepared, m: np.ndarray, ms: Measures, segs: Segments, baseline: np.ndarray
) -> np.ndarray:
    """``baseline`` with the points of measures whose ``freeze`` is an x value (a date)
    replaced as ``qi.spc(freeze=<date>)`` makes them: the points at or before it, read by the
    same rules (ISO text, UK-style ambiguous text refused; a date between two x values of
    periodic data gets qi.spc's DateWarning); a phase that starts after it is its own
    baseline, and series with no point by then (or none after it) are named by a
    :class:`~qistats.BaselineWarning`, as in qi.spc."""
    in_group = np.unique(m)
    dated = [int(i) for i in in_group if ms.freeze_at[i] is not None]
    if not dated:
        return baseline
    key = np.zeros(len(ms.keys), dtype=p.xkey.dtype)
    for i in dated:
        try:
            key[i] = p.x_converter.ends(ms.freeze_at[i], "freeze")[0]  # '2023-06': all June
        except ArgumentError as err:
            raise ArgumentError(f"measures: 'freeze' of measure {ms.label(i)}: {err}") from None
        # between two months, say (p holds the group's other measures too: not per series)
        warn_dates_inside(p, ms.freeze_at[i], None, False, per_series=False)
    xk, months = p.xkey, month_periods(p)
    if months is not None:  # months dated on different days: a date means its month
        xk, key = months[0], month_keys(months[1], key)
    has = np.zeros(len(ms.keys), dtype=bool)
    has[dated] = True
    at = has[m]
    base = xk <= key[m]
    has_base = K.seg_count(base & at, segs.lay) > 0
    m_series = m[p.series_starts]
    ends = np.append(p.series_starts[1:], p.n_points) - 1
    first, last = xk[p.series_starts], xk[ends]
    for late, why in (
        (has[m_series] & (first > key[m_series]), "no point by then"),
        (has[m_series] & (last < key[m_series]), "no point after it (a mistyped date?)"),
    ):
        _warn_late(p, late, "measures: 'freeze' (a date)", why)
    return np.where(at, base | ~has_base[segs.lay.seg], baseline)


def _rebase_segments(p: Prepared, m: np.ndarray, ms: Measures) -> Segments:
    """Phases of every series from its measure's rebase x values (each must be one of its x,
    in the whole data: a part of it need not hold them)."""
    npts = p.n_points
    rb = ms.rebase[np.isin(ms.rebase["m"].to_numpy(), np.unique(m))]
    phase_no = np.zeros(npts, dtype=np.int64)
    if len(rb):
        try:
            at = p.x_converter.keys(list(rb["at"]), "rebase")
        except ArgumentError:
            for mi, val in zip(rb["m"], rb["at"], strict=True):  # only to name the culprit
                try:
                    p.x_converter.keys([val], "rebase")
                except ArgumentError as err:
                    raise ArgumentError(
                        f"measures: 'rebase' of measure {ms.label(int(mi))}: {err} Several "
                        "dates in one cell are separated by ';', ',' or '|' "
                        "('2023-04-01; 2023-10-01')."
                    ) from None
            raise
        rm = rb["m"].to_numpy().astype(np.int64)
        # a month written as one ('2023-07') starts the phase at the measure's first x in it,
        # 2023-07-31 on month ends, as qi.spc's phase= does
        last = p.x_converter.ends(list(rb["at"]), "rebase")
        xk, months = p.xkey, month_periods(p)
        if months is not None:  # months dated on different days: a date means its month
            xk, at, last = months[0], month_keys(months[1], at), month_keys(months[1], last)
        for j in np.flatnonzero(last != at):
            own = np.unique(xk[m == rm[j]])
            k = int(np.searchsorted(own, at[j]))
            if k < own.size and own[k] <= last[j]:
                at[j] = own[k]
        # one sortable key per (measure, x): measure-major, x ranks within
        _, inv = np.unique(np.concatenate((xk, at)), return_inverse=True)
        width = int(inv.max()) + 2
        pts_key = m.astype(np.int64) * width + inv[:npts]
        rb_key = rm * width + inv[npts:]
        missing = np.flatnonzero(~np.isin(rb_key, pts_key))
        # a part of the data (a Spark bucket) may hold only series that began after a rebase
        # date: it is judged on the whole data (by qistats.spark.board's driver)
        if missing.size and not in_a_part():
            j = int(missing[0])
            mi = int(rm[j])
            own = p.keys[p.x_name].to_numpy()[m == mi]
            raise DataError(
                f"measures: 'rebase' of measure {ms.label(mi)} has {fmt(rb['at'].iloc[j])}, "
                f"which is not a period of that measure (its periods run from "
                f"{fmt(own.min())} to {fmt(own.max())}); a new phase starts at one of its "
                "periods, or at its first period in a month written as 'YYYY-MM'."
            )
        sorted_rb = np.sort(rb_key)
        phase_no = np.searchsorted(sorted_rb, pts_key, side="right") - np.searchsorted(
            sorted_rb, m.astype(np.int64) * width, side="left"
        )
    change = np.zeros(npts, dtype=bool)
    change[p.series_starts] = True
    change[1:] |= phase_no[1:] != phase_no[:-1]
    starts = np.flatnonzero(change)
    lay = K.Layout(np.cumsum(change) - 1, starts)
    seg_series = p.series[starts]
    first = np.flatnonzero(np.concatenate(([True], np.diff(seg_series) != 0)))
    labels = K.position_in_segment(first, starts.size) + 1
    return Segments(lay=lay, series=seg_series, labels=labels)


@dataclass(frozen=True)
class _Assembled:
    points: pd.DataFrame
    table: pd.DataFrame
    latest_text: np.ndarray  # each row's latest_x in words ("Mar 2024", "4 Mar 2024"; "")
    arrears: np.ndarray  # rows behind the report's period but within their measure's lag
    beyond: np.ndarray  # rows whose last x is far beyond the rest of the data (a typo?)
    last_x: pd.Series  # each row's last x (observed or not)
    rest_end: Any  # the latest x of the data but the far last points
    report_x: Any = None  # ``as_of`` as an x value (None without it): where stale panels run


def _with_expected(
    data: pd.DataFrame,
    expected: Any,
    ms: Measures,
    measure: Hashable,
    by_list: list[Hashable],
    x: Hashable,
    y: Hashable,
    n: Hashable | None,
) -> pd.DataFrame:
    """``data`` with one gap row (missing ``y`` and ``n``, at the earliest x) for every
    expected series that has no row, so that it is a series with no observed value; and those
    gap rows."""
    keys = [measure, *by_list]
    if type(expected).__module__.split(".")[0] in ("polars", "pyarrow") and (
        hasattr(expected, "schema") or hasattr(expected, "columns")
    ):
        expected = as_pandas(expected, "expected")  # a polars DataFrame, an Arrow table
    if isinstance(expected, str) and name_key(expected) == "all":
        groups = data[by_list].drop_duplicates()
        names = pd.DataFrame({measure: ms.keys})
        want = names.merge(groups, how="cross") if by_list else names
    elif isinstance(expected, pd.DataFrame):
        for col in keys:
            check_column(expected, col, "expected", table="expected")
        want = expected[keys].drop_duplicates()
        unknown = np.flatnonzero(ms.keys.get_indexer(want[measure]) < 0)
        if unknown.size:
            i = int(unknown[0])
            raise DataError(
                f"expected: {row_name(want, i)} has {label(measure)}="
                f"{fmt(want[measure].iloc[i])}, which is not in the measures table."
                f"{did_you_mean(want[measure].iloc[i], ms)}"
            )
    else:
        raise ArgumentError(
            f"expected={fmt(expected)}: expected 'all' or a DataFrame of the expected series "
            f"(columns {fmt(keys)})."
        )
    have = pd.MultiIndex.from_frame(data[keys]).unique()
    missing = want[~pd.MultiIndex.from_frame(want).isin(have)]
    if missing.empty:
        return data, data.iloc[:0]
    differ = isinstance(expected, pd.DataFrame) and kinds_differ(want, data, by_list, "expected")
    if differ:  # every such series would be on the board twice, once as "no data"
        raise DataError(
            f"expected: {len(missing)} of the {len(want)} expected series match no series of data "
            f"(the first: {', '.join(f'{label(k)}={fmt(missing[k].iloc[0])}' for k in keys)}). "
            + differ
        )
    key, _, _ = _x_keys(data, x, by_list)
    fill = missing.reset_index(drop=True)
    fill[x] = data[x].iloc[[int(np.argmin(key))] * len(fill)].reset_index(drop=True)
    for col in (y, n):
        if col is not None:
            fill[col] = np.nan
    fill.index = pd.Index([f"expected {i}" for i in range(len(fill))], name=data.index.name)
    return pd.concat([data, fill]), fill


def measures_using_n(
    measures: Any,
    firsts: pd.DataFrame,
    *,
    measure: Hashable,
    x: Hashable,
    y: Hashable,
    n: Hashable,
    as_of: Any,
    spacing: pd.Series | None = None,
) -> pd.DataFrame:
    """``measures`` with every measure's ``uses_n`` decided as :func:`board` decides it on the
    whole data (same errors and warning), from ``firsts``: one row per measure of the data, at
    the earliest x with a value in ``n`` (``n`` 1) or, without one, at its earliest x (``n``
    missing; at or before ``as_of`` read with each measure's ``spacing``, see :func:`kept_by`).
    :func:`qistats.spark.board` passes the result to buckets, each of which sees only some
    series of a measure."""
    ms = measures_table(measures, measure)
    have = firsts[ms.keys.get_indexer(firsts[measure]) >= 0]
    if as_of is not None:  # a denominator after as_of is not used
        have = have.assign(**{n: have[n].where(kept_by(have, x, [], as_of, measure, spacing))})
    uses = _uses_n(have, n, y, ms.keys.get_indexer(have[measure]), ms)
    return ms.table.assign(uses_n=uses)


def expected_rows(
    firsts: pd.DataFrame,
    measures: Any,
    expected: Any,
    *,
    measure: Hashable,
    by_list: list[Hashable],
    x: Hashable,
    y: Hashable,
    n: Hashable | None,
    as_of: Any,
    spacing: pd.Series | None = None,
) -> pd.DataFrame:
    """The gap rows :func:`board` adds for ``expected`` series with no row (at or before
    ``as_of``, read with each measure's ``spacing``: see :func:`kept_by`), from ``firsts``:
    one row per series of the data at its earliest x (enough to
    tell which series have a row by then, and the earliest x). :func:`qistats.spark.board`
    adds them to the Spark DataFrame, so that every bucket sees them."""
    ms = measures_table(measures, measure)
    have = firsts if as_of is None else _up_to(firsts, x, by_list, as_of, measure, spacing)
    return _with_expected(have, expected, ms, measure, by_list, x, y, n)[1]


def targets_with_data(
    targets: Any,
    measures: Any,
    series: pd.DataFrame,
    *,
    measure: Hashable,
    by_list: list[Hashable],
) -> pd.DataFrame:
    """The rows of ``targets`` for series of the data, checked as :func:`board` checks them
    (same errors, and the same warning naming targets for series with no row), from
    ``series``: one row per series of the data (its ``measure`` and ``by`` columns).
    :func:`qistats.spark.board` checks them on the driver, as a bucket sees only its series."""
    ms = measures_table(measures, measure)
    tt = targets_table(targets, ms, measure, by_list)
    kept = targets_of_series(tt, series, ms.keys.get_indexer(series[measure]), ms, by_list)
    tab = as_pandas(targets).reset_index(drop=True)
    return tab.take(kept.index)[[measure, *by_list, "target"]]


def measure_spacing(
    data: pd.DataFrame, key: np.ndarray, measure: Hashable, by_list: list[Hashable]
) -> pd.Series:
    """Each measure's typical spacing, as :func:`_assemble` finds it: the median gap between
    successive distinct x keys (``key``, one per row) of a series, over every series of the
    measure; indexed by measure (a measure with no gap: not in it)."""
    keys = [measure, *by_list]
    rows = data[keys].assign(_qi_key=key.astype(float))
    rows = rows[np.isfinite(rows["_qi_key"].to_numpy())].drop_duplicates()
    rows = rows.sort_values([*keys, "_qi_key"], kind="stable")
    same = rows.duplicated(keys, keep="first").to_numpy()  # not a series' first x
    gap = np.diff(rows["_qi_key"].to_numpy(), prepend=np.nan)
    gaps = pd.Series(gap[same], index=rows[measure].to_numpy()[same])
    return gaps.groupby(level=0, sort=False).median()


def kept_by(
    data: pd.DataFrame,
    x: Any,
    by_list: list[Hashable],
    as_of: Any,
    measure: Hashable,
    spacing: pd.Series | None = None,
) -> np.ndarray:
    """Which rows of ``data`` are used in the report ``as_of``: those whose period has begun
    by then (a date inside a period names that period, as :func:`qistats.ambition`'s
    ``as_of``: March dated 31 March is in a report as of 1 March). A period is the one its x
    stands for in its measure's typical ``spacing`` (default: ``data``'s, see
    :func:`measure_spacing`): whole calendar months for monthly to yearly dates, else
    ``[x, x + spacing)`` (a week is used from its first day)."""
    key, _, conv = _x_keys(data, x, by_list)
    at = conv.keys(as_of, "as_of")[0]
    if conv.kind() != "datetime":
        return key <= at
    if spacing is None:
        spacing = measure_spacing(data, key, measure, by_list)
    tz = conv.zone()
    gap = spacing.reindex(data[measure]).to_numpy(dtype=float)
    start = period_starts(wall_clock(key.astype(float), tz), gap, True)
    with np.errstate(invalid="ignore"):
        return start <= wall_clock(np.array([at], dtype=float), tz)[0]


def _up_to(
    data: pd.DataFrame,
    x: Any,
    by_list: list[Hashable],
    as_of: Any,
    measure: Hashable,
    spacing: pd.Series | None = None,
) -> pd.DataFrame:
    """The rows of ``data`` used in the report ``as_of`` (see :func:`kept_by`)."""
    keep = kept_by(data, x, by_list, as_of, measure, spacing)
    if not keep.any():
        raise DataError(f"as_of={fmt(as_of)}: no row of data has an x ({fmt(x)}) at or before it.")
    return data if keep.all() else data.iloc[np.flatnonzero(keep)]


def _assemble(
    parts, ms, measure, by_list, x, y, rule_set, as_of, rare, per_series, given
) -> _Assembled:
    """Every group's points in the measures' order, and one table row per series (``y``: the
    data's column of values or events; ``rare``:
    per group, :func:`_rare_events`; ``per_series``: the ``targets=`` rows, or None;
    ``given``: each measure's spacing and the measures of events, or None, see
    :func:`build_board`)."""
    offsets = np.cumsum([0] + [pt.prepared.n_points for pt in parts])
    m_all = np.concatenate([pt.m for pt in parts])
    order = np.argsort(m_all, kind="stable")  # within a measure, points are already in order

    def cat(get) -> np.ndarray:
        return np.concatenate([get(pt) for pt in parts])[order]

    m = m_all[order]
    local_series = cat(lambda pt: pt.prepared.series + 0)
    group = np.repeat(np.arange(len(parts)), np.diff(offsets))[order]
    new = np.ones(m.size, dtype=bool)
    new[1:] = (local_series[1:] != local_series[:-1]) | (group[1:] != group[:-1])
    series = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    n_series = starts.size
    value = cat(lambda pt: pt.result._points["value"].to_numpy())
    xkey = cat(lambda pt: pt.prepared.xkey.astype(float))
    seg_local = cat(lambda pt: pt.segs.lay.seg + 0)
    seg_new = new.copy()
    seg_new[1:] |= seg_local[1:] != seg_local[:-1]
    seg = np.cumsum(seg_new) - 1

    pts = pd.concat([pt.result._points for pt in parts], ignore_index=True).iloc[order]
    pts = pts.reset_index(drop=True)
    # per-point labels as categoricals: codes into a few strings, not 180,000 strings
    pts[measure] = pd.Categorical.from_codes(m, categories=ms.keys)
    for i, col in enumerate(("name", "unit")):
        codes, uniques = pd.factorize(getattr(ms, col))
        pts.insert(len(by_list) + 2 + i, col, pd.Categorical.from_codes(codes[m], uniques))

    # the latest observed point of every series: its icons, limits, value and x
    obs = ~np.isnan(value)
    idx = np.flatnonzero(obs)
    last = last_observed(obs, starts)
    has = last >= 0
    li = np.where(has, last, 0)
    k_last = np.searchsorted(idx, li)  # position of the last in idx (where has)

    ms_of = m[starts]
    good = ms.good[ms_of]
    target = pts["target"].to_numpy(dtype=float)  # the measure's, or the series' own
    tgt = target[starts]

    def at_last(a: np.ndarray, fill: Any = np.nan) -> np.ndarray:
        return np.where(has, a[li], fill)

    lines = {c: pts[c].to_numpy(dtype=float) for c in ("cl", "lcl", "ucl")}
    cl, lcl, ucl = (at_last(lines[c]) for c in ("cl", "lcl", "ucl"))
    latest_value = at_last(value)
    # a latest phase with fewer than min_points observed, included baseline points (those its
    # limits come from, as qi.spc's short_phase) has trial limits: no assurance from them
    included = obs & ~pts["excluded"].to_numpy(dtype=bool)
    used = included & pts["baseline"].to_numpy(dtype=bool)
    phase_points = np.bincount(seg, weights=used)[seg[li]].astype(np.int64)
    # a frozen baseline shorter than its phase: more data do not lift it, a later freeze does
    frozen = phase_points < np.bincount(seg, weights=included)[seg[li]]
    threshold = cat(lambda pt: np.full(pt.prepared.n_points, pt.threshold))
    base_threshold = cat(lambda pt: np.full(pt.prepared.n_points, pt.base_threshold))
    threshold = np.where(frozen, base_threshold[li], threshold[li])  # per series
    short = has & (phase_points < threshold) & (phase_points > 0)
    # with the MDC rules, a latest phase of 1 or 2 points has no variation icon (too few to judge)
    judged_points = np.bincount(seg, weights=included)[seg[li]].astype(np.int64)
    variation, assur = icons(
        pd.Categorical(pts["variation"], categories=VARIATION),
        last,
        has & ~short,
        ms.good[m],
        target,
        lines["lcl"],
        lines["ucl"],
        judged_points if rule_set.name == "mdc" else None,
    )

    # the last three observed values
    back = k_last[:, None] - np.arange(2, -1, -1)[None, :]
    ok = (back >= 0) & has[:, None]
    back_idx = idx[np.clip(back, 0, max(idx.size - 1, 0))] if idx.size else np.zeros_like(back)
    ok &= series[back_idx] == np.arange(n_series)[:, None]
    lastv = np.where(ok, value[back_idx], np.nan)

    # the rules behind the variation icon: flagged at the latest point, in its direction
    sign = np.where(
        np.isin(np.asarray(variation, dtype=object), [v for v in VARIATION if v.endswith("high")]),
        1,
        np.where(np.asarray(variation.isna(), dtype=bool) | (variation == "common_cause"), 0, -1),
    )
    fired: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    # rules without a direction (few crossings, alternating, …) that flag the latest point: a
    # special cause that is neither improvement nor concern, so it leaves the icon alone
    undirected: dict[str, np.ndarray] = {}
    excluded = pts["excluded"].to_numpy(dtype=bool)
    rule_of = {r.column: r for r in rule_set.rules}
    for col in parts[0].directions:
        d = cat(lambda pt, c=col: pt.directions[c])
        f = pts[col].to_numpy(dtype=bool)
        undirected[col] = has & f[li] & (d[li] == 0)
        hidden = unseen(rule_of.get(col), value, lines["cl"], excluded, idx, seg)
        behind, length, first = run_behind(
            np.where(f, d, 0)[idx], hidden, seg[idx], k_last, has, sign
        )
        fired[col] = (behind, length, idx[first] if idx.size else first)

    # rare-event series (as the RareEventsWarning names): their icons are marked as noise
    first = np.cumsum([0] + [r[0].size for r in rare])[group[starts]] + local_series[starts]
    is_rare, rare_mean, rare_share, rare_num, rare_fail, spaced = (
        np.concatenate([np.broadcast_to(r[i], r[0].shape) for r in rare])[first] for i in range(6)
    )
    is_rare = is_rare & has
    # a G or T chart of counts per period (as its RareEventsWarning names): a meaningless chart
    counted = np.isfinite(spaced.astype(float)) & has
    # a G or T chart's rows are events: no row lately is no event lately, not a late return
    events = np.array([c.name in GAP_CHARTS for c in ms.chart], dtype=bool)[ms_of] & ~counted

    # stale: the period after the latest observation is already reported
    gap = np.full(m.size, np.nan)
    gap[1:] = np.where(series[1:] == series[:-1], xkey[1:] - xkey[:-1], np.nan)
    m_starts = np.flatnonzero(np.concatenate(([True], m[1:] != m[:-1])))
    m_lay = K.Layout(np.cumsum(np.isin(np.arange(m.size), m_starts)) - 1, m_starts)
    spacing_m = np.full(len(ms.keys), np.nan)
    gap_charts = np.array([c.name in GAP_CHARTS for c in ms.chart], dtype=bool)
    if given is None:  # each measure's median gap over its series
        spacing_m[m[m_starts]] = K.seg_median(gap, ~np.isnan(gap), m_lay)
        every = spacing_m[~gap_charts]  # every measure's but those of events (below)
    else:  # the whole data's (a Spark bucket holds a few series)
        spacing_m = given[0].reindex(ms.keys).to_numpy(dtype=float)
        every = given[0][~given[0].index.isin(given[1])].to_numpy(dtype=float)
    # a G or T chart's gaps are between events, not a reporting period: they set the report's
    # period only on a board of events alone (10 days between incidents made a monthly
    # measure's February current in March's report)
    if not np.isfinite(every).any():
        every = spacing_m if given is None else given[0].to_numpy(dtype=float)
    conv = parts[0].prepared.x_converter
    tz = conv.zone() if conv.kind() == "datetime" else None
    dates = conv.kind() == "datetime"
    if dates and np.isfinite(every).any():
        spacing_m = lone_months(spacing_m, m, wall_clock(xkey, tz), obs, np.nanmin(every))
    spacing = spacing_m[ms_of]
    whole_report = given_report_x()  # a Spark bucket's, found on the whole data
    if as_of is not None or whole_report is not None:
        at_x = as_of if whole_report is None else whole_report
        report_at = float(wall_clock(conv.keys(at_x, "as_of").astype(float), tz)[0])
    else:  # the latest x read as the period it stands for: 30 Sep for September is 1 Sep;
        # of a point with a value, or with events whose denominator is missing or 0 (a month
        # reported in part); a template's blank future months set no period
        seen = obs | (pts[y].to_numpy(dtype=float, na_value=np.nan) > 0)
        seen = seen if seen.any() else np.ones_like(obs)
        # nor does an event's date (an incident on 17 March is no March return), but on a
        # board of events alone
        seen = seen & ~gap_charts[m] if (seen & ~gap_charts[m]).any() else seen
        # an event is an instant, not a period (gaps about a month apart read as months put
        # an incident of 16 November in a period from 1 November)
        instant = np.where(gap_charts, np.nan, spacing_m)[m]
        at = period_starts(wall_clock(xkey[seen], tz), instant[seen], dates)
        report_at = float(np.nanmax(at))
    latest_key = np.where(has, xkey[li], np.nan)
    # a measure reported ``lag`` of its periods in arrears is current until the period after
    # its expected latest one (``lag`` periods before the report's) has ended by the end of the
    # report's period; periods of calendar months whatever their day, in the zone's wall clock
    finest = np.nanmin(every) if np.isfinite(every).any() else np.nan
    lag = ms.lag[ms_of]
    judged = (wall_clock(latest_key, tz), spacing, report_at, finest, dates)
    stale = ~has | (is_stale(judged[0], judged[1], lag, *judged[2:]) & ~events)
    # current only thanks to its lag: older than the report's period, and said so
    arrears = has & ~stale & (lag > 0) & ~events
    arrears &= is_stale(judged[0], judged[1], np.zeros_like(lag), *judged[2:])
    # a weekly board reads the report's week from its date (w/c); weeks dated by their last
    # day (week ending Sunday 29 September) are read a week late, which makes a longer
    # measure's figure stale before its next is due: said where it decides
    ending = np.zeros(n_series, dtype=bool)
    weekly = dates and 6.5 * DAY_NS <= finest <= 7.5 * DAY_NS and np.isfinite(report_at)
    if weekly and pd.Timestamp(int(report_at)).day_of_week != 0:  # not a Monday: may end one
        alt = is_stale(judged[0], judged[1], lag, report_at - 6 * DAY_NS, finest, dates)
        ending = has & stale & ~alt & (spacing > 1.5 * finest)
    # a last x far beyond every other point of the data (2032 typed for 2022) sets the
    # report's period and makes every other series stale: found here, told by board()
    last_slot = np.append(starts[1:], m.size) - 1
    inner = np.ones(m.size, dtype=bool)
    inner[last_slot] = False
    rest = np.flatnonzero(inner)
    rest_at = int(rest[np.argmax(xkey[rest])]) if rest.size else -1
    with np.errstate(invalid="ignore"):
        beyond = (
            xkey[last_slot] - xkey[rest_at] > FAR_SPACINGS * spacing
            if rest.size
            else np.zeros(n_series, dtype=bool)
        )
    # the rest of the data ends at its latest point but the far ones (the warning quotes it)
    ends = np.append(rest, last_slot[~beyond]) if rest.size else rest
    rest_at = int(ends[np.argmax(xkey[ends])]) if rest.size else -1

    x_name = parts[0].prepared.x_name
    x_vals = pts[x_name]
    latest_x = x_vals.iloc[li].reset_index(drop=True).where(pd.Series(has))
    keys = {measure: ms.keys.take(ms_of).to_numpy()}
    keys.update({b: pts[b].iloc[starts].to_numpy() for b in by_list})
    # the table, HTML and sentences on the panel's scale: a P chart of proportions with unit
    # "%" is ticked 94 % on its panel, and showed 0.937 beside "%" in the table
    scale = _percent_of_proportions(ms)[ms_of]
    latest_value, tgt_shown, cl, lcl, ucl = (a * scale for a in (latest_value, tgt, cl, lcl, ucl))
    lastv = lastv * scale[:, None]
    table = frame_from_columns(keys)  # tuple labels stay labels, not a MultiIndex
    table["name"] = ms.name[ms_of]
    table["unit"] = ms.unit[ms_of]
    for c in ms.carried:
        table[c] = ms.table[c].take(ms_of).to_numpy()
    table["latest_x"] = latest_x
    table["latest_value"] = latest_value
    table["target"] = tgt_shown
    table["cl"], table["lcl"], table["ucl"] = cl, lcl, ucl
    table["variation"] = variation
    table["assurance"] = assur  # a Series keeps None (an array would become NaN)
    table["rules_fired"] = text.join(
        [np.where(fired[c][0], text.rule_name(c, rule_of.get(c)), "") for c in fired]
        + [np.where(undirected[c], text.rule_name(c, rule_of.get(c)), "") for c in fired],
        ", ",
    )
    table["last_values"] = [[v for v in row if v == v] for row in lastv.tolist()]  # drop NaN
    table["n_points"] = np.bincount(series, weights=obs, minlength=n_series).astype(np.int64)
    table["short_phase"] = short
    table["rare_events"] = is_rare
    table["period_counts"] = counted
    # shown in per cent (unit "%", or none): a unit such as "per 100,000" says the 100 rescales
    # a rate (per 1,000 to per 100,000), not percentages
    hundred = (
        np.array([c.name not in EVENT_CHARTS for c in ms.chart])
        & (ms.multiply == 100)
        & _in_percent(ms)
    )
    keys, lay = [measure, *by_list], K.Layout(series, starts)
    if hundred[ms_of].any():
        warn_multiplied(
            "measures 'multiply'",
            value,
            target,
            lay,
            lambda i: row_keys(table, keys, i),
            len(table),
            hundred[ms_of],
        )
    if np.isfinite(tgt).any():
        shown_pct = (ms.multiply == 100) | (ms.unit == "%")
        own = np.zeros(len(table), dtype=bool)  # the series whose target came from targets=
        if per_series is not None and len(per_series):
            given = series_index(per_series["m"].to_numpy(), per_series[by_list])
            own = given.get_indexer(series_index(ms_of, table[by_list])) >= 0
        # judged in the units the table shows (93.7 and 95 on a P chart shown in %)
        shown = _percent_of_proportions(ms)[m]
        value_shown, target_shown = value * shown, target * shown
        # a chart of events or rates is neither proportions nor percentages (a rate of 0.2
        # per 1,000 under a ceiling of 2 is no percentage on a chart of proportions)
        of_events = np.array([c.name in EVENT_CHARTS for c in ms.chart], dtype=bool)[ms_of]
        if shown_pct[ms_of].any():
            fits, _ = proportion_targets(value_shown, target_shown, lay)
            fits &= shown_pct[ms_of] & ~of_events
            _warn_target_units(table, keys, fits, tgt_shown, target_message, own)
        fits, _ = percentage_targets(value_shown, target_shown, lay)
        fits &= (ms.multiply[ms_of] == 1) & ~of_events
        _warn_target_units(table, keys, fits, tgt_shown, percentage_message, own)
        # values left as given with no unit: percentages (60 to 84) with a target of 0.95
        unitless = np.array([str(u).strip() == "" for u in ms.unit], dtype=bool)
        fits, _ = proportion_targets(value_shown, target_shown, lay, percent_values=True)
        fits &= (ms.multiply[ms_of] == 1) & unitless[ms_of] & ~of_events
        _warn_target_units(table, keys, fits, tgt_shown, percent_values_message, own)
        proportion = np.array([c.name in ("p", "pp") for c in ms.chart], dtype=bool)
        over = proportion[ms_of] & shown_pct[ms_of] & (tgt_shown > 100)
        _warn_target_units(table, keys, over, tgt_shown, over_100_message, own)
    table["stale"] = stale

    def x_text(points: np.ndarray, day: np.ndarray | None = None) -> np.ndarray:
        spacing_of = spacing_m[m[points]]
        if day is not None:  # an event's date is its day, not the month of its measure's gaps
            spacing_of = np.where(day, 0.0, spacing_of)
        return text.format_x(x_vals.iloc[points], conv.kind(), spacing_of)

    said = text.sentence_numbers(latest_value, tgt_shown, lcl, ucl)
    said = text.with_percent(said, _in_percent(ms)[ms_of])
    # a percentage's limits in words within what it can be: "(85.7% to 100%)", not 100.3%;
    # the table's columns keep the limits as computed
    lowest, highest = _possible(ms, ms_of, value * _percent_of_proportions(ms)[m], starts)
    said = text.capped_limits(said, lcl, ucl, lowest, highest)
    # an event series' open gap: the days since its last event, to the report's date
    gap_days, gap_words = _open_gaps(
        events & dates,
        np.array([c.name == "t" for c in ms.chart], dtype=bool)[ms_of],
        value[idx],
        xkey[idx],
        series[idx],
        judged[0],
        report_at,
        ucl,
        said["ucl"],
        x_vals.iloc[li],
    )
    table["open_gap"] = gap_days
    # the centre line in words: a run chart's and a G chart's is the median
    medians = np.array([c.name in MEDIAN_CHARTS for c in ms.chart], dtype=bool)[ms_of]
    centre = np.where(medians, "median", "mean").astype(object)
    evidence = [
        text.rule_evidence(c, rule_of.get(c), *fired[c], sign, said, centre, x_text) for c in fired
    ]
    # the limits over the latest phase, which vary with n on a U or P chart: the latest
    # point's limit alone may put a target outside limits that reach it in other months
    in_last = obs & has[series] & (seg == seg[li][series])
    ranges = {}
    for c in ("lcl", "ucl"):
        low, high = np.full(n_series, np.nan), np.full(n_series, np.nan)
        np.fmin.at(low, series[in_last], lines[c][in_last])
        np.fmax.at(high, series[in_last], lines[c][in_last])
        low, high = low * scale, high * scale
        words = text.with_percent(
            text.sentence_numbers(np.full(n_series, np.nan), tgt_shown, low, high),
            _in_percent(ms)[ms_of],
        )
        words = text.capped_limits(words, low, high, lowest, highest)
        ranges[c] = (low, high, words["lcl"], words["ucl"])
    # limits of a frozen baseline that a run on one side of the centre line has left
    shifted = has & frozen
    runs = [fired[c][0] for c in ("shift", "long_run") if c in fired]
    on_run = np.logical_or.reduce(runs) if runs else np.zeros(n_series, dtype=bool)
    shifted &= on_run
    # limits from every point of a phase that such a run ends: they mix the levels before and
    # since the run's first point, where a rebase would judge the target. Said
    # where the target is within them or on the side the run went to; a target beyond them on
    # the other side stays beyond the limits of the new level, and its verdict stands
    run_start = np.full(n_series, m.size, dtype=np.int64)
    for c in ("shift", "long_run"):
        if c in fired:
            run_start = np.where(fired[c][0], np.minimum(run_start, fired[c][2]), run_start)
    phase_start = np.flatnonzero(seg_new)[seg[li]]
    mixed = has & ~frozen & on_run & (run_start > phase_start) & (run_start < m.size)
    with np.errstate(invalid="ignore"):
        side = np.where(tgt_shown > ucl, 1, np.where(tgt_shown < lcl, -1, 0))
    mixed &= (side == 0) | (side == sign)
    said_at = np.flatnonzero((mixed | shifted) & (run_start < m.size))  # worded rows only
    since, at = np.full(n_series, "", dtype=object), np.full(n_series, "", dtype=object)
    if said_at.size:
        since[said_at] = x_text(run_start[said_at])
        at[said_at] = _rebase_value(x_vals.iloc[run_start[said_at]], conv.kind())
    rebase_words = (since, at)
    table["reason"] = text.reasons(
        has=has,
        variation=np.asarray(variation, dtype=object),
        evidence=text.listed(evidence),
        undirected=text.listed(
            [
                np.where(undirected[c], text.undirected_evidence(c, rule_of.get(c)), "")
                for c in fired
            ]
        ),
        assurance=assur.to_numpy(),
        good=good,
        target=tgt_shown,
        lcl=lcl,
        ucl=ucl,
        said=said,
        has_limits=np.array([c.name != "run" for c in ms.chart])[ms_of],
        single=_single_rows(pts, obs, series, n_series, ms, ms_of),
        periods=text.period_words(conv.kind(), spacing, latest_key),
        trial=short,
        phase_points=phase_points,
        min_points=threshold,
        frozen=frozen,
        shifted=shifted,
        mixed=mixed,
        rebase_words=rebase_words,
        grouped=bool(by_list),
        ranges=ranges,
        lowest=lowest,
        highest=highest,
        judged_points=judged_points,
    )
    latest_text = np.where(has, x_text(li, day=events), "").astype(object)
    # a stale series' icons are those of an old period: the sentence says which, first, and
    # names a later period with events but no denominator (not yet loaded: warned as well)
    old = has & stale
    late_at = last_observed(cat(_events_without_n), starts)
    late = old & (late_at > li)
    why = np.full(n_series, "", dtype=object)
    if late.any():
        n_name = fmt(next(pt.result.params["n"] for pt in parts if pt.result.params["n"]))
        zero = cat(lambda pt: _events_without_n(pt, zero=True))[late_at[late]]
        said_n = np.where(zero, f"{n_name} 0", f"no {n_name}")
        why[late] = "; " + x_text(late_at[late]) + " has events but " + said_n
    if ending.any():
        week = pd.Timestamp(int(report_at))
        why[ending] += (
            f"; as of the week read as commencing {week:%a} {week.day} {week:%b %Y}: if the "
            "weekly data are dated by the week's last day, date them by its first day, and it "
            "is current"
        )
    said = table["reason"].to_numpy()
    head = "Last reported " + latest_text + " (stale" + why + "). "
    table["reason"] = np.where(old, head + said, said)
    table["reason"] = gap_words + table["reason"].to_numpy()
    if arrears.any():
        periods = text.period_words(conv.kind(), spacing, latest_key)
        head = text.arrears_words(lag, periods) + latest_text + ". "
        table["reason"] = np.where(arrears, head + table["reason"].to_numpy(), table["reason"])
    if counted.any():  # first: the rest of the sentence reads a chart that means nothing
        charts = np.array([c.name for c in ms.chart], dtype=object)[ms_of]
        head = np.full(n_series, "", dtype=object)
        head[counted] = period_counts_reason(charts[counted], spaced[counted].astype(float))
        table["reason"] = np.where(counted, head + table["reason"].to_numpy(), table["reason"])
    if is_rare.any():
        charts = np.array([c.name for c in ms.chart], dtype=object)[ms_of]
        periods = text.period_words(conv.kind(), spacing, latest_key).astype(str)
        per = np.where(periods == "periods", "point", np.char.rstrip(periods, "s"))
        note = rare_note(rare_mean, rare_share, rare_num, charts, per.astype(object), rare_fail)
        said = table["reason"].to_numpy()
        table["reason"] = np.where(is_rare, said + note, said)
    return _Assembled(
        pts,
        table,
        latest_text,
        arrears,
        beyond,
        pts[x_name].iloc[last_slot].reset_index(drop=True),
        pts[x_name].iloc[rest_at] if rest.size else None,
        None if as_of is None else _as_x(conv, as_of, x_vals),
    )


def _open_gaps(
    events: np.ndarray,
    t_chart: np.ndarray,
    value: np.ndarray,
    xkey: np.ndarray,
    series: np.ndarray,
    latest: np.ndarray,
    report_at: float,
    ucl: np.ndarray,
    said_ucl: np.ndarray,
    latest_x: pd.Series,
) -> tuple[np.ndarray, np.ndarray]:
    """Each series' open gap, the days from its last event to the report's date, and its words.

    ``events``: the series of a G or T chart of one row per event, dated; ``t_chart``: those
    of a T chart; ``value``, ``xkey``, ``series``: the observed points (values, wall-clock
    date keys, series), in order; ``latest``: each series' last x key (wall clock, NaN: none);
    ``report_at``: the report's date key; ``ucl`` and ``said_ucl``: the upper limit at the
    latest point and in words; ``latest_x``: each series' last x.

    The gap is 0 when the last event is on or after the report's date, and NaN for series
    that are not of events. A T chart whose values are days (each within a day of the days
    between its dates, as a median) is compared with its upper limit: a gap still open above
    it is a lower bound on the next, which will be above it whenever it comes. The cases of a
    G chart since its last event are not in the data: its days only.
    """
    n_series = latest.size
    days = np.full(n_series, np.nan)
    words = np.full(n_series, "", dtype=object)
    if not events.any() or not np.isfinite(report_at):
        return days, words
    with np.errstate(invalid="ignore"):
        days[events] = np.maximum((report_at - latest[events]) / DAY_NS, 0.0)
    # whether a T chart's values are the days between its dates (not hours, not weeks)
    pair = series[1:] == series[:-1]
    off = np.abs(value[1:] - (xkey[1:] - xkey[:-1]) / DAY_NS)[pair]
    median_off = pd.Series(off).groupby(series[1:][pair]).median()
    in_days = median_off.reindex(range(n_series)).to_numpy(dtype=float) <= 1.0
    said = np.flatnonzero(events & (days > 0))
    if not said.size:
        return days, words
    since = text.format_x(latest_x.iloc[said], "datetime", np.full(said.size, DAY_NS))
    d = days[said]
    n_days = pd.Series(d).map(lambda v: f"{v:,.0f}" if v == round(v) else f"{v:,.1f}")
    plural = np.where(d == 1, " day", " days")
    limit = said_ucl[said].astype(object)
    compared = (t_chart & in_days & np.isfinite(ucl))[said]
    with np.errstate(invalid="ignore"):
        above = compared & (d > ucl[said])
    judged = np.where(
        above,
        ", above the upper limit of " + limit + " days: the next gap will be above it whenever "
        "it ends, longer than common-cause variation gives",
        np.where(compared, ", within the upper limit of " + limit + " days", ""),
    )
    at = pd.Timestamp(int(report_at))
    words[said] = (
        "No event since "
        + since
        + " ("
        + n_days.to_numpy(dtype=object)
        + plural
        + f" to {at.day} {at:%b %Y}"
        + judged
        + "). "
    )
    return days, words


def _as_x(conv: Any, as_of: Any, x: pd.Series) -> Any:
    """``as_of`` as a value of the x column ``x``: a Timestamp (in its time zone), a Period of
    its frequency or a number; None for other x (categories, positions)."""
    key = conv.keys(as_of, "as_of")[0]
    if conv.kind() == "number":
        return float(key)
    if conv.kind() != "datetime":
        return None
    if isinstance(x.dtype, pd.PeriodDtype):
        return pd.Period(pd.Timestamp(int(key)), freq=x.dtype.freq)
    at = pd.Timestamp(int(key))
    tz = conv.zone()
    return at if tz is None else at.tz_localize("UTC").tz_convert(tz)


def _rebase_value(x: pd.Series, kind: str) -> np.ndarray:
    """Each x as a measures table's ``rebase`` cell takes it: a date as ISO text
    (``2023-09-01``, with its time where it has one), a number as written, else as text.

    >>> x = pd.Series([pd.Timestamp("2023-09-01"), pd.Timestamp("2023-09-01 06:00")])
    >>> _rebase_value(x, "datetime")
    array(['2023-09-01', '2023-09-01 06:00:00'], dtype=object)
    """
    if kind == "datetime":
        local = x.dt.tz_localize(None) if getattr(x.dt, "tz", None) is not None else x
        day = local.dt.strftime("%Y-%m-%d")
        timed = local.dt.strftime("%Y-%m-%d %H:%M:%S")
        return np.where(local == local.dt.normalize(), day, timed).astype(object)
    if kind == "number":
        return text.format_numbers(x.to_numpy(dtype=float), thousands=False)
    return x.astype(str).to_numpy(dtype=object)


def _events_without_n(part: _Part, zero: bool = False) -> np.ndarray:
    """Per point of a chart group: events (y > 0) over no denominator (a missing or zero
    ``n``; with ``zero``, a zero ``n`` only), a gap whose ``n`` is likely not yet loaded; none
    where the group has no ``n``."""
    if not part.result.params["n"]:
        return np.zeros(part.prepared.n_points, dtype=bool)
    yv = np.asarray(part.prepared.output("y"), dtype=float)
    nv = np.asarray(part.prepared.output("n"), dtype=float)
    with np.errstate(invalid="ignore"):
        return np.isfinite(yv) & (yv > 0) & ((nv == 0) if zero else ~(nv > 0))


def _percent_of_proportions(ms: Measures) -> np.ndarray:
    """Per measure: 100 for a P or P′ chart of proportions (``multiply`` 1) with unit "%",
    whose panel ticks 0.937 as "94%" (:func:`~qistats.plot.board.shown_in_percent`), so that
    its table, HTML and sentences show 93.7 beside "%"; 1 for every other measure."""
    proportion = np.array([c.name in ("p", "pp") for c in ms.chart], dtype=bool)
    percent = np.array([str(u).strip() == "%" for u in ms.unit], dtype=bool)
    return np.where(proportion & (ms.multiply == 1) & percent, 100.0, 1.0)


#: Charts whose values and limits are never below 0 (counts, rates, proportions, times)
_NOT_NEGATIVE = frozenset({"c", "u", "up", "np", "g", "t", "p", "pp"})


def _possible(
    ms: Measures, ms_of: np.ndarray, shown: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per series (its points from ``starts``): the lowest and highest values its measure can
    take, as its sentence says them (NaN where unbounded). A measure shown in percent
    (:func:`_in_percent`) whose observed values (``shown``, per point in the table's units,
    NaN where missing) all lie from 0 to 100 is a percentage of a whole: 0 to 100 (a bed
    occupancy above 100 % is not, and keeps its limits as they are); a chart of counts,
    rates or proportions is at least 0.

    >>> ms = measures_table(pd.DataFrame({"measure": ["a", "b", "c"], "unit": ["%", "%", ""],
    ...                                   "chart": ["xmr", "xmr", "c"]}), "measure")
    >>> shown = np.array([90.0, 99.0, 97.0, 101.0, 2.0, 0.0])
    >>> _possible(ms, np.arange(3), shown, np.array([0, 2, 4]))
    (array([ 0., nan,  0.]), array([100.,  nan,  nan]))
    """
    low, high = K.seg_min_max(shown, K.Layout.from_starts(starts, shown.size))
    # a series with no value (NaN) is no evidence against 0 to 100
    percent = _in_percent(ms)[ms_of] & ~(low < 0) & ~(high > 100)
    counts = np.array([c.name in _NOT_NEGATIVE for c in ms.chart], dtype=bool)[ms_of]
    return np.where(percent | counts, 0.0, np.nan), np.where(percent, 100.0, np.nan)


def _in_percent(ms: Measures) -> np.ndarray:
    """Per measure: whether its sentence writes its numbers in percent ("95%"): its unit is
    "%", or it has no unit and ``multiply`` 100 on a chart that is not of counts or rates
    (a U chart with ``multiply`` 100 is a rate per 100, not a percentage)."""
    unit = np.array([str(u).strip() for u in ms.unit], dtype=object)
    rate = np.array([c.name in ("u", "up", "c", "g", "t") for c in ms.chart], dtype=bool)
    return (unit == "%") | ((unit == "") & (ms.multiply == 100) & ~rate)


#: Columns of the board table that :func:`icon_matrix` reads.
MATRIX_COLUMNS = ("variation", "assurance", "target", "lcl", "ucl", "short_phase", "stale")
MATRIX_COLUMNS += ("latest_value",)


def withheld_assurance(table: pd.DataFrame, good: np.ndarray) -> np.ndarray:
    """Rows of the board table whose assurance icon is withheld: a target and a direction,
    but the latest phase is shorter than ``min_points`` (trial limits, or a single point with
    no limits yet: a new measure with a target is not counted with the measures that have
    none)."""
    return (
        table["latest_value"].notna().to_numpy()
        & table["short_phase"].to_numpy(dtype=bool)
        & (good != 0)
        & table["target"].notna().to_numpy()
    )


def icon_matrix(table: pd.DataFrame, good: np.ndarray) -> pd.DataFrame:
    """Counts of the board table's rows by variation icon × assurance icon.

    Rows: the seven variation icons of current series, ``too_few_points`` (current series
    whose latest phase has 1 or 2 points: no variation icon), ``stale`` (series with data whose
    latest period is older than the report's, whatever their icons) and ``no_data``. Columns:
    the three assurance icons, ``withheld`` (a target and a direction, but the latest phase is
    shorter than ``min_points``: trial limits, or a single point and no limits yet; no
    assurance yet) and ``none``. ``good``: each
    row's improvement direction (+1, −1, 0).
    """
    variation = table["variation"].astype(object)
    seen = table["latest_value"].notna().to_numpy()
    stale = table["stale"].to_numpy(dtype=bool) & seen
    few = seen & variation.isna().to_numpy()  # 1 or 2 points: no variation icon
    rows = pd.Categorical(
        np.where(
            ~seen,
            "no_data",
            np.where(stale, "stale", np.where(few, "too_few_points", variation.to_numpy())),
        ),
        categories=[*VARIATION, "too_few_points", "stale", "no_data"],
    )
    withheld = withheld_assurance(table, good)
    assurance = table["assurance"].astype(object)
    cols = pd.Categorical(
        np.where(withheld, "withheld", assurance.where(assurance.notna(), "none").to_numpy()),
        categories=["pass", "fail", "hit_or_miss", "withheld", "none"],
    )
    out = pd.crosstab(rows, cols, dropna=False).rename_axis(index="variation")
    return out.rename_axis(columns="assurance")


class Board(TablesOut):
    """The result of :func:`qistats.board`.

    ``to_polars(table)`` and ``to_arrow(table)`` convert :meth:`table` (the default),
    ``"points"`` or :meth:`matrix` (``pip install polars`` / ``pyarrow``); the matrix's row
    labels become its first column, ``variation``.

    Attributes
    ----------
    points : pandas.DataFrame
        Every point of every measure (as :attr:`SPCResult.points`), in the measures table's
        order, with the measure column, ``name`` and ``unit``. Columns that only some charts
        have (a denominator, ``subgroup_size``) are missing elsewhere.
    """

    _TABLES = ("table", "points", "matrix")

    def __init__(
        self, assembled: _Assembled, ms: Measures, parts: list[_Part], measure: str
    ) -> None:
        self._points = assembled.points
        self._table = assembled.table
        self._latest_text = assembled.latest_text
        self._arrears = assembled.arrears
        self._report_x = assembled.report_x
        self._ms = ms
        self._good = ms.good[ms.keys.get_indexer(self._table[measure])]
        self._parts = parts
        self._measure = measure
        # per row: its measure's values are all whole numbers (counts), shown whole
        value = self._points["value"].to_numpy(dtype=float)
        m = self._points[measure].cat.codes.to_numpy()
        with np.errstate(invalid="ignore"):
            fraction = np.isfinite(value) & (np.round(value) != value)
        whole = np.bincount(m, weights=fraction, minlength=len(ms.keys)) == 0
        self._counts = whole[ms.keys.get_indexer(self._table[measure])]

    @property
    def points(self) -> pd.DataFrame:
        """Every point of every measure (see the class's attributes): a copy, so that editing
        it leaves the report, its table and its charts as computed."""
        return unshared(self._points)

    def table(self) -> pd.DataFrame:
        """One row per measure (× ``by`` group), in the measures table's order.

        Returns
        -------
        pandas.DataFrame
            A copy. Columns: the measure column, the ``by`` columns, ``name``, ``unit``, the
            carried columns, then ``latest_x`` and ``latest_value`` (the last observed point),
            ``target``, ``cl``, ``lcl``, ``ucl`` (at that point), ``variation`` and
            ``assurance`` (the Making Data Count icons; missing when there is no observed
            point, or no target or direction; ``assurance`` is also missing, *withheld*, when
            the latest phase is ``short_phase``), ``rules_fired`` (the rules behind the
            variation icon, in words, then any rule without a direction that flags the latest
            point, such as ``few crossings``), ``last_values`` (the last three observed
            values), ``n_points`` (observed points), ``short_phase`` (the limits come from
            fewer than ``min_points`` observed points: trial limits, no assurance),
            ``rare_events`` (an XmR, I, C, U, P or NP chart, or a Laney U′ or P′ chart, of
            counts of rare events, or of ratios whose numerators are: its special-cause icons
            are likely noise, the reason says so and :meth:`to_html` marks the icon "rare
            events"), ``period_counts`` (a G or T chart whose values look like counts of
            events per period, whole numbers one row a period, where the chart takes the cases
            or time between events, one row per event: the chart means nothing, the reason
            starts "Counts per period on a G chart?" and :meth:`to_html` marks the icon
            "counts per period?"), ``stale`` (the latest observed period is older than the
            report's period,
            or for a measure with a ``lag``, than the period that many periods before it;
            never a G or T chart's series of events for want of an event), ``open_gap`` (of
            a G or T chart's series of dated events: the days from its last event to the
            report's date, 0 when it is on or after it; else missing) and ``reason`` (one
            sentence; a stale series' starts "Last reported Jul 2023 (stale).", an event
            series' "No event since 16 Nov 2024 (410 days to 31 Dec 2025, …)").

        Examples
        --------
        >>> import pandas as pd
        >>> import qistats as qi
        >>> months = pd.date_range("2023-01-01", periods=14, freq="MS")
        >>> data = pd.DataFrame({"measure": ["falls"] * 14 + ["harm_free"] * 14,
        ...                      "month": list(months) * 2,
        ...                      "value": [9, 11] * 6 + [10, 30] + [95, 97] * 7})
        >>> measures = pd.DataFrame({"measure": ["falls", "harm_free"],
        ...                          "improvement": ["decrease", "increase"],
        ...                          "target": [12, 90], "freeze": [13, None]})
        >>> report = qi.board(data, measures, x="month", y="value")
        >>> report.table()[["measure", "lcl", "ucl", "variation"]].round(2)
             measure    lcl     ucl     variation
        0      falls   4.90   15.10  concern_high
        1  harm_free  90.68  101.32  common_cause

        Falls: mean 10 and mean moving range 23/12 over the 13 frozen points, so the limits
        are 10 ± 2.66 × 23/12; the latest point, 30, is above them.
        """
        return self._table.copy()

    def matrix(self) -> pd.DataFrame:
        """Counts of series by variation icon (rows) and assurance icon (columns).

        The Making Data Count summary icon dashboard, of *current* series only.

        Returns
        -------
        pandas.DataFrame
            Integer counts. Rows (``variation``): the seven variation icons of series whose
            latest period is the report's (or, for a measure with a ``lag``, the period
            expected); ``too_few_points`` (current series whose latest phase has 1 or 2
            observed points, too few to judge: no variation icon, ``table().variation``
            missing); ``stale`` (series with data whose latest observed period is older: a
            closed ward, a missing return; their old icons are not counted as current, see
            ``table().stale``); ``no_data`` (series with
            no observed value). Columns (``assurance``): ``pass``, ``fail``, ``hit_or_miss``;
            ``withheld`` (a target and a direction, but the latest phase is shorter than
            ``min_points``, so its limits are trial limits, or it has a single point and no
            limits yet, and there is no assurance icon yet); ``none`` (no target or no
            direction, or no limits for another reason).

        Examples
        --------
        >>> import pandas as pd
        >>> import qistats as qi
        >>> months = pd.date_range("2023-01-01", periods=14, freq="MS")
        >>> data = pd.DataFrame({"measure": ["falls"] * 14 + ["harm_free"] * 14,
        ...                      "month": list(months) * 2,
        ...                      "value": [9, 11] * 6 + [10, 30] + [95, 97] * 7})
        >>> measures = pd.DataFrame({"measure": ["falls", "harm_free"],
        ...                          "improvement": ["decrease", "increase"],
        ...                          "target": [12, 90], "freeze": [13, None]})
        >>> m = qi.board(data, measures, x="month", y="value").matrix()
        >>> m.loc[["common_cause", "concern_high"], ["pass", "hit_or_miss"]]
        assurance     pass  hit_or_miss
        variation
        common_cause     1            0
        concern_high     0            1

        Falls (a concern above limits 4.9 to 15.1 that straddle its target of 12) counts as
        concern/hit or miss; harm-free care (limits 90.7 to 101.3, all above its target of 90)
        as common cause/pass.

        A measure of 2 points (trial limits: assurance withheld; too few points for a
        variation icon) and one that stopped in October 2023 (stale):

        >>> data = pd.DataFrame({"measure": ["falls"] * 14 + ["new"] * 2 + ["old"] * 10,
        ...                      "month": [*months, *months[-2:], *months[:10]],
        ...                      "value": [9, 11] * 7 + [5, 6] + [1, 2] * 5})
        >>> measures = pd.DataFrame({"measure": ["falls", "new", "old"],
        ...                          "improvement": "decrease", "target": [12, 10, 3]})
        >>> m = qi.board(data, measures, x="month", y="value").matrix()
        >>> m.loc[["common_cause", "too_few_points", "stale"], ["hit_or_miss", "withheld", "none"]]
        assurance       hit_or_miss  withheld  none
        variation
        common_cause              1         0     0
        too_few_points            0         1     0
        stale                     0         1     0
        """
        return icon_matrix(self._table, self._good)

    def to_html(
        self,
        columns: str | Sequence[str] | None = None,
        sort_by: str | Sequence[str] | None = None,
        icon_size: float = 28,
    ) -> str:
        """The table as an HTML ``<table>`` with the icons drawn inline as SVG.

        By default, the table a board pack shows: ``Measure`` (the name), the ``by`` groups,
        ``Unit`` and the carried columns (owner, …), then ``Latest`` (the latest observed
        period in words, ``Mar 2024`` for monthly data and ``4 Mar 2024`` for weekly, marked
        "(stale)" when it is older than the report's period), ``Value``, ``Target``, the
        ``Variation`` and ``Assurance`` icons (where the assurance is withheld because the latest
        phase is short, the cell reads "trial limits"), and the ``reason`` sentence on a line
        under the row, across the table (so rows stay short and the sentence reads in full).

        Parameters
        ----------
        columns : list of str or "all", optional
            Columns of :meth:`table` to show, in this order; ``"all"`` shows every column
            (the key, limits, counts and flags too). Default: the board pack's columns above.
            Columns of the table are headed in words (``latest_x`` is "Latest", ``lcl``
            "Lower limit"); carried and ``by`` columns by their names.
        sort_by : str or list of str, optional
            Columns to sort the rows by (default: the measures table's order). The icons sort
            by severity, not alphabetically: ``variation`` concerns first, then improvement
            and neutral special causes, then common cause; ``assurance`` fail, hit or miss,
            pass; rows without an icon last.
        icon_size : float, default 28
            Icon width and height in CSS pixels.

        Returns
        -------
        str
            A ``<style>`` block (its classes start with ``qistats-``) and the ``<table>``.
            Every value from the data or the measures table (names, units, carried columns,
            ``by`` labels) is HTML-escaped; the result holds no script and links to no file.
            It is ASCII: any other character is a character reference (``σ`` as ``&#963;``),
            so it saves in any file encoding. Nothing is written: save the string yourself.

        Examples
        --------
        >>> import pandas as pd
        >>> import qistats as qi
        >>> months = pd.date_range("2023-01-01", periods=14, freq="MS")
        >>> data = pd.DataFrame({"measure": ["falls"] * 14, "month": months,
        ...                      "value": [9, 11] * 6 + [10, 30]})
        >>> measures = pd.DataFrame({"measure": ["falls"], "name": ["Falls <5 days"],
        ...                          "improvement": ["decrease"], "target": [12],
        ...                          "freeze": [13]})
        >>> html = qi.board(data, measures, x="month", y="value").to_html()
        >>> "Falls &lt;5 days" in html, "<script" in html
        (True, False)
        >>> import re
        >>> re.findall(r"<th[^>]*>([^<]*)</th>", html)
        ['Measure', 'Latest', 'Value', 'Target', 'Variation', 'Assurance']

        The falls measure's name is escaped (``<`` as ``&lt;``); with no unit or carried
        column, the table has the board pack's six columns. A measure's numbers (value,
        mean, limits) share one number of decimals; a measure whose values are all whole
        numbers (counts) has whole values; one shown in percent without a ``unit`` has "%"
        after them ("79.5%", a target of "95%"). A measure without a ``name`` reads as its id in
        words (``beds_closed``: "beds closed"), as :meth:`plot` titles it.
        ``columns="all"`` shows every column of :meth:`table`, headed in words:

        >>> html = qi.board(data, measures, x="month", y="value").to_html(columns="all")
        >>> re.findall(r"<th[^>]*>([^<]*)</th>", html)[6:9]
        ['Mean', 'Lower limit', 'Upper limit']
        """
        from ._board_html import board_html

        return board_html(
            self._table,
            self._measure,
            columns,
            sort_by,
            icon_size,
            self._latest_text,
            self._arrears,
            withheld_assurance(self._table, self._good),
            # a target without a direction: said in the cell, not an empty dash
            self._table["target"].notna().to_numpy()
            & (self._good == 0)
            & self._table["latest_value"].notna().to_numpy(),
            self._counts,
            self._percent_without_unit(),
        )

    def _percent_without_unit(self) -> np.ndarray:
        """Per row: its measure is shown in percent (:func:`_in_percent`, as its sentence
        writes "95%") but has no unit to say so, so the HTML writes "%" after its numbers
        ("79.5%" and a target of "95%", not "79.5" and "95" beside a reason that says
        "95%")."""
        m = self._ms.keys.get_indexer(self._table[self._measure])
        unit = np.array([str(u).strip() for u in self._ms.unit], dtype=object)
        return (_in_percent(self._ms) & (unit == ""))[m]

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        t = self._table
        return f"Board: {len(self._ms.keys)} measures, {len(t)} rows\n{self.matrix().to_string()}"

    # Small multiples in the Making Data Count style, one panel per measure (× ``by``
    # group); returns the matplotlib Figure. Every argument is documented in
    # :func:`qistats.plot.plot_board` (this is that function).
    plot = plot_board
