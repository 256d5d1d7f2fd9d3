"""The one entry point for SPC: :func:`spc`."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from ._args import (
    count_arg,
    flag_arg,
    fmt,
    foreign_values,
    is_label,
    label,
    name_key,
    number_arg,
    plural,
    positive_arg,
    some_of,
)
from ._icons import icons, judged_phases, last_observed
from ._interop import as_pandas, date_columns
from ._overdispersed import CHARTS as OVERDISPERSED_CHARTS
from ._overdispersed import warn_overdispersed
from ._rare import (
    RARE_CHARTS,
    period_counts,
    period_counts_message,
    rare_either,
    rare_message,
)
from ._rates import warn_rate_numerator
from ._stale import behind, behind_advice, given_latest, typical_spacing, wall_clock
from ._target import (
    EVENT_CHARTS,
    percent_values_message,
    percentage_message,
    percentage_targets,
    proportion_targets,
    target_message,
    unit_check,
    warn_multiplied,
)
from ._warn import in_a_part, warn
from ._words import readable
from ._xaxis import iso_text_x
from .charts import (
    GAP_CHARTS,
    Chart,
    ChartInput,
    Lines,
    get_chart,
    overdispersion,
    ratio_in_percent,
)
from .errors import (
    ArgumentError,
    DataError,
    DenominatorWarning,
    DirectionWarning,
    NoDataWarning,
    RareEventsWarning,
    ShortPhaseWarning,
    TargetWarning,
)
from .frame import (
    Prepared,
    _series_codes,
    closest,
    column_or_value,
    frame_from_columns,
    prepare,
    reserved_names,
    warn_percent_numerator,
)
from .phases import (
    ROWS_COLUMN,
    Segments,
    _is_count,
    baseline_mask,
    blank_baseline_note,
    blank_baselines,
    include_mask,
    per_row_column,
    refuse_per_row,
    segments,
    warn_dates_inside,
    warn_exclude_inside,
)
from .result import Evidence, SPCResult
from .rules import Rule, RuleContext, RuleSet, RulesOutput, bands_asked, evaluate, get_rules

_LINES = ("lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s")


def _per_point(value: Any, arg: str, column: np.ndarray | None, npts: int) -> np.ndarray:
    """A number or a column (already aggregated) as one float per point."""
    if column is not None:
        return column.astype(float)
    return np.full(npts, number_arg(value, arg, "a number or the name of a column"))


def _series_keys(p: Any) -> list[Any]:
    """The key of every series: its by-value, or a tuple of them."""
    firsts = p.keys.iloc[p.series_starts]
    if len(p.by) == 1:
        return list(firsts[p.by[0]])
    return list(firsts[p.by].itertuples(index=False, name=None))


def _by_series(values: Mapping[Any, Any], arg: str, p: Any, parse: Any, fill: Any) -> np.ndarray:
    """Values given per series, ``{series key: value}``, as one parsed value per series.

    A key that is not a series of the data is ignored, as NHSRplotthedots does (a board's
    target for a unit with no data this month), with a :class:`~qistats.NoDataWarning` naming
    it and the series, since a typo such as ``"Oka"`` for ``"Oak"`` would otherwise leave that
    series silently without its value. Series left out get ``fill``.
    """
    if not p.by:
        raise ArgumentError(f"{arg}: a dict of values per series needs by=.")
    keys = _series_keys(p)
    known = set(keys)
    unknown = [k for k in values if k not in known]
    if unknown:
        by = p.by[0] if len(p.by) == 1 else tuple(p.by)
        shown = ", ".join(fmt(k) for k in keys[:5]) + (
            f" and {len(keys) - 5} more" if len(keys) > 5 else ""
        )
        near = closest(unknown[0], keys)
        typo = f" Did you mean {fmt(near)}?" if near is not None else " Check for a typo."
        warn(
            f"{arg}: the key {fmt(unknown[0])} is not a series of by={fmt(by)}"
            f"{f' ({len(unknown)} keys are not)' if len(unknown) > 1 else ''} and is ignored; "
            f"the series are {shown}.{typo}",
            NoDataWarning,
        )
    return np.array([parse(values[k]) if k in values else fill for k in keys])


#: Improvement directions as the sign of a better value; "neutral" is NHSRplotthedots' None.
DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0, None: 0}


#: Words a measures table or a user may type for a direction ("Up" and "down", as
#: IPR templates write them, were told only the three names), and the direction each means.
_DIRECTION_WORDS = {
    **dict.fromkeys(
        ["up", "higher", "high", "higher is better", "increases", "increasing", "more", "+"],
        "increase",
    ),
    **dict.fromkeys(
        ["down", "lower", "low", "lower is better", "decreases", "decreasing", "less", "-"],
        "decrease",
    ),
    **dict.fromkeys(["none", "either", "no direction", "n/a"], "neutral"),
}


def direction_hint(value: Any) -> str:
    """`` For 'Up', write 'increase'.`` when ``value`` is a word for a direction; else empty."""
    key = name_key(value)
    meant = _DIRECTION_WORDS.get(key) if isinstance(key, str) else None
    return f" For {fmt(value)}, write {meant!r}." if meant else ""


def _direction(value: Any, arg: str = "improvement") -> int:
    """+1 (increase), −1 (decrease) or 0 (neutral) for one direction given by the user."""
    if isinstance(value, float) and math.isnan(value):
        return 0
    key = name_key(value)  # names ignore case and spaces, as charts and rule sets do
    if key is pd.NA or (isinstance(key, Hashable) and key in DIRECTIONS):
        return DIRECTIONS.get(key, 0)
    raise ArgumentError(  # the value as given: 'Decreases ', not 'decreases'
        f"{arg}={fmt(value)}: expected 'increase', 'decrease' or 'neutral' (or None), or the name "
        "of a column of them, or {series key: direction}." + direction_hint(value)
    )


def _directions(improvement: Any, p: Any) -> np.ndarray:
    """The improvement direction of every point (+1, −1 or 0), constant within a series."""
    if isinstance(improvement, Mapping):
        return _by_series(improvement, "improvement", p, _direction, 0).astype(np.int8)[p.series]
    if "improvement" not in p.columns:  # one direction: a read-only view of one number
        return np.broadcast_to(np.int8(_direction(improvement)), (p.n_points,))
    raw = p.columns["improvement"]
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    table = np.array([_column_direction(u, improvement) for u in uniques] + [0], dtype=np.int8)
    good = table[codes]
    lo, hi = K.seg_min_max(good.astype(float), K.Layout(p.series, p.series_starts))
    varies = np.flatnonzero(lo != hi)
    if varies.size:
        s = int(varies[0])
        first = int(p.series_starts[s])
        other = first + int(np.flatnonzero(good[first:] != good[first])[0])
        x = p.keys[p.x_name]
        raise DataError(
            f"improvement={fmt(improvement)}: {p.describe_series(s)} has more than one "
            f"direction: {fmt(raw[first])} at {label(p.x_name)}={fmt(x.iloc[first])} and "
            f"{fmt(raw[other])} at {label(p.x_name)}={fmt(x.iloc[other])}; a series has one "
            "improvement direction."
        )
    return good


def _column_direction(value: Any, column: str) -> int:
    try:
        return _direction(value)
    except ArgumentError:
        raise DataError(
            f"improvement={fmt(column)}: column {fmt(column)} has {fmt(value)}; expected "
            "'increase', 'decrease', 'neutral' or a missing value (neutral)."
            + direction_hint(value)
        ) from None


def _title(chart: str, y: str, n: str | None, multiply: float, proportion: bool) -> str:
    """``U chart of restraints per 1,000 bed days``, ``P chart of felt safe / asked (%)``;
    ``U chart of column 2 per column 3`` for integer column labels."""
    y, n = (v if v is None else readable(v) for v in (y, n))
    title = f"{chart} of {y}"
    if n is not None and proportion:
        title += f" / {n}" + (" (%)" if multiply == 100 else "")
    elif n is not None:
        per = f"{multiply:,.0f} " if multiply != 1 and multiply == int(multiply) else ""
        title += f" per {per}{n}"
    elif multiply != 1:
        title += f" × {multiply:g}"
    return title


def spc(
    data: pd.DataFrame,
    y: str,
    *,
    x: str | None = None,
    n: str | None = None,
    by: str | Sequence[str] | None = None,
    chart: str = "run",
    freeze: Any = None,
    phase: Any = None,
    exclude: Any = None,
    cl: float | str | None = None,
    target: float | str | None = None,
    rules: str | RuleSet | Sequence[Rule] | None = None,
    screen_mr: bool | None = None,
    multiply: float = 1,
    agg: str = "mean",
    sigma: float = 3.0,
    allow_negative: bool = True,
    laney_floor: bool = False,
    improvement: str | Mapping[Any, str | None] | None = None,
    min_points: int | None = None,
) -> SPCResult:
    r"""Statistical process control chart of one or many series.

    Computes the plotted value, centre line, limits and signals of a run chart or control chart
    for every series in ``data`` (all at once), and returns them as tidy DataFrames.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation. It is never modified.
    y : str
        Column of values (measurements, or numerators when ``n`` is given). A U chart's
        numerators are counts of events (weighted ones may be fractional), not rates: y that
        read as rates of ``n`` (y × n / ``multiply`` whole at every point, as far as y's
        decimals tell) give a :class:`~qistats.DenominatorWarning` with the conversion.
    x : str, optional
        Column giving time order: dates, numbers or an ordered Categorical. Rows sharing
        (by…, x) are aggregated into one point. Without ``x`` the row order is the time order
        and the points are numbered 1..N within each series (a column ``x`` in the output).
    n : str, optional
        Column of denominators. The plotted value is then :math:`\sum y / \sum n` per point;
        a point with a zero or missing denominator is a gap.
    by : str or list of str, optional
        Column(s) naming the series; every series is computed independently.
    chart : str, default "run"
        ``"run"`` (median, no limits), ``"i"`` (individuals:
        :math:`CL \pm 3\,\overline{MR}/1.128`), ``"xmr"`` (Making Data Count:
        :math:`\bar y \pm 2.66\,\overline{MR}`), ``"mr"``
        (moving ranges), ``"xbar"`` and ``"s"`` (subgroups = rows sharing x), ``"ip"`` (I′,
        normalised individuals of subgroup means: ``y`` the subgroups' totals, ``n`` their
        sizes), ``"c"`` (counts), ``"u"`` (rates y/n), ``"up"`` (Laney U′),
        ``"p"`` (proportions y/n), ``"np"`` (counts out of a constant n), ``"pp"`` (Laney
        P′), ``"g"`` (opportunities between events) and ``"t"`` (time between events). The
        formulas are in the documentation's "Charts" pages. A P or U chart whose points vary
        far more than its limits allow (Laney's σ_z of 2 or more over 12 or more baseline
        points, as large denominators give) has an :class:`~qistats.OverdispersionWarning`
        advising ``"pp"``/``"up"`` or an XmR chart.
    freeze : int or x value, optional
        Baseline of every phase: its first ``freeze`` points (an int), or the points at or
        before an x value (a date, say). The centre and limits come from the baseline and are
        extended to the rest of the phase. Default: every point is baseline. A number of
        points too few for any limits on the chart (``freeze=1`` on an I, XmR, MR, T, U′ or P′
        chart, whose sigma comes from moving ranges of 2 successive points) is refused; a
        phase whose baseline has one observed point for a reason of the data (a freeze date
        just after a ward opened) is flagged ``short_phase``, with no limits. A date is read
        as a *point in time*, not as the period it falls in: on data dated at month ends,
        ``freeze="2022-09-01"`` ends the baseline at 31 August (a
        :class:`~qistats.DateWarning` names the two x values a date falls between, on
        weekly or rarer data); :func:`qistats.ambition` reads any date inside a period as
        that whole period. Write the x value you mean (``"2022-09-30"``), or the month
        (``"2022-09"``, or a ``pd.Period``), which names the whole month whatever day its x is
        dated: ``freeze="2022-09"`` ends the baseline with September's point, on data dated
        at month starts (2022-09-01), month ends (2022-09-30) or weekly. The last day of a
        period on data dated at the 1st of a month (``"2023-03-31"`` on month starts, or on
        quarters from 1 January) is taken without a word: the baseline ends with that period.
        When some series date their months on the 1st and others on month ends (merged
        extracts), a date means its month in every series, for ``phase`` and ``exclude``
        too: ``freeze="2021-03-01"`` ends every baseline with March 2021.
        On an x of pandas Periods every date means the period that holds it
        (``freeze="2020-11-15"`` on quarters: up to 2020Q4), and a period's text as the axis
        shows it (``"2020Q4"``, ``"2020-12"``) is taken, for ``phase`` and ``exclude`` too.
    phase : str, list of x values or array-like of labels, optional
        A column of phase labels (a new phase wherever the label changes), the x values at
        which new phases start (at the first point at or after each: a date between two x
        values starts the phase at the later one, with a :class:`~qistats.DateWarning`, as
        ``freeze``), or one label per row of ``data`` (a list, array or Series as long as the
        data, as qicharts2's ``part``; read as that column would be). Values that repeat are
        per-row labels, as the x values at which phases start never repeat. Every phase has
        its own centre line, limits and runs analysis.
    exclude : list of x values, str or array-like of bool, optional
        x values, a boolean (or 0/1) column, or one True/False (or 0/1) flag per row of
        ``data`` (True or 1: left out), of points left out of the centre line, limits and
        runs analysis. Excluded points keep their phase's limits and are still flagged when
        outside. 0/1 values that repeat are per-row flags. A blank flag (NaN, None,
        ``<NA>``: a column ticked True where excluded and blank elsewhere, as made in Excel)
        is not excluded. The x values must be exact (a
        date that is no x value is an error naming the x values it falls between), unlike
        :func:`qistats.ambition`'s period dates; a month (``"2022-09"``, or a ``pd.Period``)
        leaves out every x in it (2022-09-30 on month ends; every week of September).
    cl : float or str, optional
        A fixed centre line (in display units, i.e. after ``multiply``), or a column of them.
    target : float, str or dict, optional
        A target in display units: a number, a column, or ``{series key: number}`` (the key is
        the by-value, or a tuple of them; a key that is no series of the data, e.g. a unit with
        no data this month, is ignored with a ``NoDataWarning`` naming it, in case of a typo).
        Carried into ``points`` as ``target`` and drawn; with ``improvement`` it
        gives the summary's ``assurance`` (on any chart with limits, whatever the rules).
        Without a direction there is no assurance, and with the Making Data Count rules (or
        ``chart="xmr"``) a :class:`~qistats.TargetWarning` names the series and says so
        (NHSRplotthedots' default direction is "increase"; qistats guesses none). With
        ``multiply=100`` a target of 1 or less that reads as a percentage typed as a
        proportion (0.95 beside values of 60 to 99) gets a
        :class:`~qistats.TargetWarning`: write 95; so does the reverse, a target above 1 that
        reads as a percentage on a chart of proportions (95 beside values of 0.6 to 0.99).
    rules : str, RuleSet or list of rules, optional
        ``"anhoej"`` (points outside the limits and Anhøj's runs analysis), ``"ihi"``,
        ``"western_electric"``, ``"nelson"``, ``"mdc"``, a :class:`~qistats.rules.RuleSet`
        (e.g. ``qi.rules.mdc(shift=6)``) or a list of rule objects
        (e.g. ``[qi.rules.Shift(7), qi.rules.Trend(7)]``). Each rule adds a boolean column.
        Default: ``"mdc"`` for ``chart="xmr"``, ``"anhoej"`` for every other chart (see the
        table of defaults below). A run chart (no limits) refuses rules that test zones of
        sigma (``"western_electric"``, ``"nelson"``, ``"mdc"``): they would never fire.
    screen_mr : bool, optional
        Drop moving ranges at or above :math:`3.267\,\overline{MR}` once before taking the
        mean moving range (Nelson [3]_). Default: True for ``chart="xmr"`` (NHSRplotthedots'
        ``screen_outliers = TRUE``), False for every other chart. A phase whose non-zero moving
        ranges would all be dropped (a nearly constant series) keeps them (see "Making Data
        Count" in the docs).
    multiply : float, default 1
        Multiplier of the value, centre and limits (e.g. 1000 for a rate per 1,000 bed days).
        ``multiply=100`` turns proportions into per cent: values that are per cent already
        (every one above 1, with a median of 10 or more or a target among them) give a
        :class:`~qistats.TargetWarning` advising ``multiply=1``.
    agg : {"mean", "median", "sum", "sd"}, default "mean"
        How rows sharing (by…, x) are combined when there is no ``n`` (``"sd"``: their
        standard deviation, as qicharts2's ``agg.fun = sd``).
    sigma : float, default 3
        Multiple of sigma for ``lcl`` and ``ucl``. The :math:`2\sigma` and :math:`1\sigma` lines are
        always given.
    allow_negative : bool, default True
        When False and a series has no negative value, negative lower limits become 0.
    laney_floor : bool, default False
        P′ and U′ charts: raise Laney's :math:`\sigma_z` to 1 when it is below 1, so that the
        limits are never narrower than the P or U limits.
    improvement : {"increase", "decrease", "neutral"}, None, str or dict, optional
        Which direction is better: one for every series, the name of a column of them (constant
        within a series; a missing value is neutral), or ``{series key: direction}`` (series
        not named are neutral; a key that is no series of the data is ignored with a
        warning). ``"neutral"`` (the NHSRplotthedots word) and None mean no direction. It
        labels each point's ``variation`` as improvement or concern (neutral:
        ``neutral_high``/``_low``) and, with a target, gives the ``assurance``.
    min_points : int, optional
        Phases whose limits come from fewer observed points (the phase's baseline, see
        ``freeze``; missing and excluded points do not count) are flagged ``short_phase`` in
        the summary (their limits are trial limits, and a short latest phase has no
        ``assurance``). Default 13 (the Making
        Data Count minimum) for charts with limits; no check for run charts; 0: no check.
        One :class:`~qistats.ShortPhaseWarning` names them with the Making Data Count rules
        or an XmR chart, or when ``min_points`` is given; qicharts2-style charts (other rules,
        ``min_points`` not given) only flag them.

    Returns
    -------
    SPCResult
        ``.points`` (one row per series × x) and ``.summary()`` (one row per series × phase).

    Notes
    -----
    The formulas are qicharts2's [1]_, which follow Montgomery [2]_. Per segment
    (series × phase), with B the baseline points that are not excluded:

    * run chart: :math:`CL = \mathrm{median}(y_B)`;
    * I chart: :math:`CL = \bar y_B`, :math:`\hat\sigma = \overline{MR}/1.128`, where
      :math:`\overline{MR}` is the mean of :math:`|y_i - y_{i-1}|` over successive points of B
      (an excluded point is stepped over; a missing one is not bridged), and the limits are
      :math:`CL \pm k\hat\sigma` for :math:`k` = ``sigma``, 2 and 1;
    * MR chart: value :math:`|y_i - y_{i-1}|` within the phase, :math:`CL = \overline{MR}_B`,
      :math:`UCL = 3.267\,CL`, :math:`LCL = 0`.

    Defaults by chart, and the R package to compare with:

    ==================  ============  =============  ==========================================
    chart               ``rules``     ``screen_mr``  compare with
    ==================  ============  =============  ==========================================
    ``"xmr"``           ``"mdc"``     True           NHSRplotthedots 0.2.2 ``ptd_spc()``
    every other chart   ``"anhoej"``  False          qicharts2 0.8.1 ``qic()``
    ==================  ============  =============  ==========================================

    NHSRplotthedots' exact rules are ``qi.rules.mdc(two_of_three="near_limits",
    precedence="rule_order")``; the ``"mdc"`` default follows the current MDC guidance (see the
    Making Data Count page). The MDC Excel tools do not screen moving ranges
    (``screen_mr=False``).

    Missing values: a point whose y (or n) is missing keeps its row with a missing value; it
    is skipped by the centre line, sigma and rules, and still gets its phase's limits where they
    do not depend on it. With ``by`` and ``x``, series without a value in the latest period
    with a value in the data (a ward's last month missing) are named in a
    :class:`~qistats.NoDataWarning`: their summary describes an earlier period (a board marks
    them ``stale``).

    References
    ----------
    .. [1] Anhøj J (2025). qicharts2: Quality Improvement Charts. R package version 0.8.1.
    .. [2] Montgomery DC (2020). Introduction to Statistical Quality Control, 8th ed. Wiley.
    .. [3] Nelson LS (1982). Control charts for individual measurements. Journal of Quality
       Technology 14(3): 172–173.

    Examples
    --------
    >>> import pandas as pd
    >>> import qistats as qi
    >>> df = pd.DataFrame({"week": range(1, 11),
    ...                    "falls": [5, 7, 6, 8, 4, 6, 7, 5, 6, 9]})
    >>> res = qi.spc(df, y="falls", x="week", chart="i")

    By hand: :math:`CL = 63/10 = 6.3`; the nine moving ranges sum to 18, so
    :math:`\overline{MR} = 2` and :math:`\hat\sigma = 2/1.128 = 1.773`; the limits are
    :math:`6.3 \pm 3 \times 1.773`.

    >>> row = res.points.iloc[0]
    >>> print(f"CL {row.cl:.2f}, limits {row.lcl:.2f} to {row.ucl:.2f}")
    CL 6.30, limits 0.98 to 11.62
    >>> res.summary()[["phase", "n_useful", "longest_run", "n_crossings", "runs_signal"]]
       phase  n_useful  longest_run  n_crossings  runs_signal
    0      1        10            2            7        False
    """
    spec = get_chart(chart)
    rule_set = get_rules(_default_rules(spec.name) if rules is None else rules)
    if spec.name == "run" and (zoned := rule_set.sigma_rules()):
        # they would never fire, and their columns would read "no signal"
        raise ArgumentError(
            f"rules={fmt(rules)} tests zones of sigma ({'; '.join(r.describe() for r in zoned)}"
            "), which a run chart has not: on it they never fire (chart='run' is the default "
            "when chart is not given). "
            "Give chart='i' (or 'xmr', 'p', 'u', 'c', ...) for a control chart, or "
            "rules='anhoej' or 'ihi' for a run chart."
        )
    if min_points is not None:
        min_points = count_arg(
            min_points, "min_points", 0, "a whole number of points >= 0 (0: no check)"
        )
    screen = flag_arg(spec.name == "xmr" if screen_mr is None else screen_mr, "screen_mr")
    floor = flag_arg(laney_floor, "laney_floor")
    allow_neg = flag_arg(allow_negative, "allow_negative")
    mult = positive_arg(multiply, "multiply")
    k = positive_arg(sigma, "sigma")

    data = iso_text_x(as_pandas(data), x)
    numbers = _numeric_x(data, x)
    columns = {}  # the column of each of phase and exclude, when one is used
    phase, exclude = foreign_values(phase), foreign_values(exclude)  # polars, Arrow: as numpy
    for arg, value in (("phase", phase), ("exclude", exclude)):
        with_rows = per_row_column(data, value, arg, x)
        if with_rows is not None:
            data, columns[arg] = with_rows, ROWS_COLUMN[arg]
        elif column_or_value(data, value, arg, x=x, numbers=numbers):
            columns[arg] = value
    phase_col, exclude_col = "phase" in columns, "exclude" in columns
    improvement_col = (
        isinstance(improvement, str)
        and name_key(improvement) not in DIRECTIONS
        and is_label(data, improvement)
    )
    if not improvement_col and not isinstance(improvement, Mapping):
        _direction(improvement)
    extra: dict[str, tuple[str, Any]] = {arg: (arg, col) for arg, col in columns.items()}
    for arg, value in (("cl", cl), ("target", target)):
        if isinstance(value, str) or (
            not isinstance(value, Mapping)
            and value is not None
            and column_or_value(data, value, arg, numbers=True)
        ):
            extra[arg] = (arg, value)
    if improvement_col:
        extra["improvement"] = ("improvement", improvement)

    p = prepare(data, y, x=x, n=n, by=by, agg=agg, chart=spec, extra_columns=extra)
    if spec.n == "optional" and n is not None:  # a percentage y over n, divided again
        warn_percent_numerator(p, y, n, mult)
    if spec.counts and spec.n == "required" and not spec.proportion:  # U, U′: y / n
        warn_rate_numerator(p, y, n, mult)
    try:
        segs = segments(p, phase, phase_col)
    except ArgumentError as err:
        raise refuse_per_row(phase, len(data), "phase", err) from None
    try:
        include = include_mask(p, exclude, exclude_col)
    except ArgumentError as err:
        raise refuse_per_row(exclude, len(data), "exclude", err) from None
    baseline = baseline_mask(p, segs, freeze, spec)
    if spec.name not in ("g", "t"):  # events, not periods: any date may fall between them
        warn_dates_inside(p, freeze, phase, phase_col)
        warn_exclude_inside(p, exclude, exclude_col)
    npts = p.n_points
    target_pts = (
        None
        if target is None
        else _by_series(target, "target", p, _target_value, np.nan)[p.series]
        if isinstance(target, Mapping)
        else _per_point(target, "target", p.columns.get("target"), npts)
    )
    good = _directions(improvement, p)
    if spec.name in GAP_CHARTS and (good < 0).any():
        falling = np.unique(p.series[good < 0])
        warn_falling_gaps(spec.name, p.name_series(falling) if p.by else "")
    by_series = K.Layout(p.series, p.series_starts)
    if spec.name in GAP_CHARTS and p.x_given and p.x_converter.kind() == "datetime":
        _warn_period_counts(spec.name, p, by_series, x, y)
    # the typical spacing of x, for the series behind the latest period (told last)
    spacing = _spacing(p, by_series) if p.x_given and spec.aggregate else math.nan
    core = compute(
        p,
        segs,
        spec,
        rule_set,
        include=include,
        baseline=baseline,
        good=good,
        target=target_pts,
        multiply=mult,
        cl_user=None if cl is None else _per_point(cl, "cl", p.columns.get("cl"), npts) / mult,
        screen_mr=screen,
        laney_floor=floor,
        sigma=k,
        allow_negative=allow_neg,
        min_points=min_points,
        names=(y, n),
    )
    short = core.summary["short_phase"].to_numpy()
    # the warning quotes Making Data Count's minimum: given with its rules (or an XmR chart)
    # or a min_points of the user's; qicharts2-style charts only flag short_phase
    mdc = rule_set.name == "mdc" or spec.name == "xmr" or min_points is not None
    if mdc and short.any():
        first = int(np.flatnonzero(short)[0])
        lengths = core.base_points
        extra, inside = "", ""
        if freeze is not None:  # the limits come from the baseline
            extra = " in the baseline their limits come from"
            if core.base_threshold != core.threshold:
                extra += f" ({core.base_threshold} for a freeze baseline shorter than its phase)"
            inside = " in its baseline"
        # a phase too short for any limits (one point of an XmR chart) has none to call trial
        bare = short & core.summary["lcl"].isna().to_numpy() & core.summary["ucl"].isna().to_numpy()

        def where(j: int) -> str:
            return (
                f"the first: {p.describe_series(int(segs.series[j]))}, phase "
                f"{fmt(segs.labels[j])}, {plural(int(lengths[j]), 'point')}{inside}"
            )

        none = "no limits, so no point is outside them and no assurance is given."
        k = int(short.sum())
        their = "its" if k == 1 else "their"  # ("1 of 1 phases have")
        if not (short & ~bare).any():
            said = (
                f"{some_of(k, segs.lay.n_seg, 'phase')} too few observed points"
                f"{f' in {their} baseline' if inside else ''} for any limits ({where(first)}): "
                f"{none}"
            )
        else:
            extra = extra.replace(" their limits", f" {their} limits")
            said = (
                f"{some_of(k, segs.lay.n_seg, 'phase')} fewer than "
                f"{core.threshold} observed points{extra} ({where(first)}): {their} limits are "
                "trial limits."
            )
            if bare.any():
                k_bare = int(bare.sum())
                said += (
                    f" {k_bare} of them {'has' if k_bare == 1 else 'have'} too few for any "
                    f"limits ({where(int(np.flatnonzero(bare)[0]))}): {none}"
                )
        warn(
            f"{said} Making Data Count shows limits from 13 points; min_points= sets the "
            "threshold." + _blank_rows_note(p, segs, freeze, baseline, include, core),
            ShortPhaseWarning,
        )
    if n is not None:
        _warn_sparse_n(data, y, n, p)
    elif npts:  # values charted as they are: zeros before a ward opened count
        _warn_leading_zeros(p, y)
    if mult == 100 and spec.name not in EVENT_CHARTS and npts:
        value = core.points["value"].to_numpy()
        # (not named ``target``: the TargetWarning below quotes the argument as given)
        targets = np.full(value.shape, np.nan) if target_pts is None else target_pts
        warn_multiplied(
            "multiply=100", value, targets, by_series, p.describe_series, by_series.n_seg
        )
    if target_pts is not None and npts:
        _warn_target_units(
            core.points["value"].to_numpy(), target_pts, by_series, p, unit_check(spec.name, mult)
        )
        if rule_set.name == "mdc" or spec.name == "xmr":  # assurance is an MDC icon
            how = (
                "neutral or not named in improvement"
                if isinstance(improvement, Mapping)
                else f"neutral or missing in column improvement={fmt(improvement)}"
                if improvement_col
                else f"improvement={fmt(improvement)}"
            )
            _warn_undirected(core, target_pts, good, include, by_series, p, target, how)
    warn_overdispersed(spec.name, core, segs, p, mult)
    if spec.name in RARE_CHARTS:  # of counts, or of ratios whose numerators are counts
        value = core.points["value"].to_numpy()
        y_num, n_den = (None, None) if n is None else (p.held("y"), p.held("n"))
        found = rare_either(value, by_series, y_num, n_den, mult, spec.proportion)
        _warn_rare(spec.name, found, p, n is not None)
    if p.x_given and spec.aggregate:  # events (G, T charts) are no periods
        _warn_behind(p, core.observed, by_series, spacing)
    n_observed = K.seg_count(core.observed, by_series)
    if spec.subgroups and spec.value != "sd":  # an Xbar chart: sigma from within subgroups
        _warn_single_rows(core, n_observed, by_series, p)
    unseen = np.flatnonzero(n_observed == 0)
    if unseen.size:
        single = ""
        if spec.value == "sd":
            rows = K.seg_count(core.points["subgroup_size"].to_numpy() > 0, by_series)
            if (rows[unseen] > 0).any():
                single = (
                    " An S chart needs at least 2 rows per subgroup (rows sharing x): its value "
                    "is the subgroup's standard deviation; with one row per x use chart='i'."
                )
        elif n is not None:
            single = _empty_n(data, n, p, unseen)
        what = "no observed value"
        if spec.name == "mr":  # its value is the moving range: one observed y has none
            ys = K.seg_count(~np.isnan(np.asarray(p.output("y"), dtype=float)), by_series)
            if (ys[unseen] > 0).all():
                what = "no moving range (fewer than 2 successive observed values)"
            elif (ys[unseen] > 0).any():
                what = "no moving range (fewer than 2 successive observed values, or none)"
        warn(
            f"{some_of(unseen.size, p.series_starts.size, 'series')} {what} "
            f"({p.name_series(unseen)}): no centre line, limits or variation.{single}",
            NoDataWarning,
        )
    used = K.seg_count(core.evidence.sequence, by_series) > 0  # included and observed
    excluded = np.flatnonzero(~used & (n_observed > 0))
    named = exclude_col and columns["exclude"] != ROWS_COLUMN["exclude"]  # not per-row flags
    by_exclude = f"exclude={fmt(exclude) if named else '…'}"
    if excluded.size:
        warn(
            f"{some_of(excluded.size, p.series_starts.size, 'series')} every observed point "
            f"excluded by {by_exclude} "
            f"({p.name_series(excluded)}): no centre line, limits or variation.",
            NoDataWarning,
        )
    _warn_excluded_phases(
        p, segs, core.evidence.sequence, core.observed, baseline, excluded, by_exclude
    )

    params = {
        "y": y,
        "x": x,
        "n": n,
        "by": by,
        "chart": spec.name,
        "freeze": freeze,
        "phase": phase,
        "exclude": exclude,
        "cl": cl,
        "target": target,
        "rules": rule_set.name,
        "screen_mr": screen,
        "multiply": multiply,
        "agg": agg,
        "sigma": sigma,
        "allow_negative": allow_neg,
        "laney_floor": floor,
        "improvement": improvement,
        "min_points": min_points,
    }
    return SPCResult(
        core.points,
        core.summary,
        params,
        _title(
            spec.title, y, n, mult, proportion=spec.proportion or ratio_in_percent(spec, n, mult)
        ),
        evidence=core.evidence,
        dates=date_columns(data, [x]),
    )


def _warn_excluded_phases(
    p: Prepared,
    segs: Segments,
    used: np.ndarray,
    observed: np.ndarray,
    baseline: np.ndarray,
    series_warned: np.ndarray,
    by_exclude: str,
) -> None:
    """A NoDataWarning naming the phases (of series not already named for every point
    excluded) whose observed baseline points ``exclude`` all leaves out: such a phase gets no
    centre line, limits or variation, as an all-excluded series does."""
    base = K.seg_count(observed & baseline, segs.lay) > 0  # the missing are not exclude's doing
    lost = base & (K.seg_count(used & baseline, segs.lay) == 0)
    lost &= ~np.isin(segs.series, series_warned)
    if not lost.any():
        return
    which = np.flatnonzero(lost)
    named = [
        f"{p.describe_series(int(segs.series[j]))}, phase {fmt(segs.labels[j])}" for j in which[:3]
    ]
    more = f" and {which.size - 3} more" if which.size > 3 else ""
    some = "baseline " if not baseline.all() else ""
    warn(
        f"{some_of(which.size, segs.lay.n_seg, 'phase')} every observed {some}point excluded by "
        f"{by_exclude} ({'; '.join(named)}{more}): no centre line, limits or variation in "
        "those phases.",
        NoDataWarning,
    )


def _warn_target_units(
    value: np.ndarray, target: np.ndarray, lay: K.Layout, p: Prepared, check: str | None
) -> None:
    """A TargetWarning naming the series whose target is in the other unit from the chart's:
    a proportion on a chart shown in % (``check`` "proportion"), or, on a chart whose values
    are left as given ("percentage"; see :func:`qistats._target.unit_check`), a percentage on
    a chart of proportions or a proportion beside values between 1 and 100 (percentages)."""
    if check is None:
        return
    found = (
        [(proportion_targets(value, target, lay), target_message)]
        if check == "proportion"
        else [
            (percentage_targets(value, target, lay), percentage_message),
            # measurements left as given: percentages (60 to 84) with a target of 0.95
            (proportion_targets(value, target, lay, percent_values=True), percent_values_message),
        ]
    )
    for (fits, t), message in found:
        which = np.flatnonzero(fits)
        if which.size:
            first = which[:3]
            names = [p.describe_series(int(s)) for s in first]
            said = message("target", names, t[first].tolist(), which.size, lay.n_seg)
            warn(said, TargetWarning)


def _spacing(p: Prepared, lay: K.Layout) -> float:
    """The data's typical spacing: the median gap between successive x of a series (by the
    wall clock), with one array of gaps (taken before the output tables hold memory)."""
    tz = p.x_converter.zone()
    key = p.xkey
    width = lay.width()
    if width > 1 and lay.n_seg > 1:
        rows = key.reshape(lay.n_seg, width)
        if p.panel == width or (rows == rows[0]).all():  # (prepare may have found it)
            # every series at the same x (wards' months): the gaps are the first series',
            # repeated, and so have the same median (the middle one or two of them)
            key = rows[0]
            lay = K.Layout.from_starts(np.zeros(1, dtype=np.intp), width)
    if tz is None and _exact_differences(key):
        # the float of each integer difference, as the difference of the floats, written
        # straight into the gaps (no float copy of the keys)
        gaps = np.empty(key.size - 1)
        np.subtract(key[1:], key[:-1], out=gaps, casting="unsafe")
        return typical_spacing(gaps, skip=lay.starts[1:] - 1)  # finite but between series
    if tz is None:  # float keys' differences (the keys made floats first: as subtract's
        # dtype=float does, in a fifth of its time, which casts each pair as it goes)
        key = np.asarray(key, dtype=float)
        gaps = np.subtract(key[1:], key[:-1])
        del key
    else:
        gaps = np.diff(wall_clock(np.asarray(key, dtype=float), tz))
    gaps[lay.starts[1:] - 1] = np.nan  # no gap between two series
    return typical_spacing(gaps)


def _exact_differences(key: np.ndarray) -> bool:
    """Whether int64 keys are each a float64 exactly (within ±2**53, or every one a multiple
    of 1024: dates at whole seconds) and their differences int64s, so that the float of an
    integer difference is the difference of the two floats (three reductions)."""
    if key.dtype != np.int64 or key.size < 2:
        return False
    low, high = int(key.min()), int(key.max())
    if high - low >= 2**63:
        return False
    within = low >= -(2**53) and high <= 2**53
    return within or not int(np.bitwise_or.reduce(key)) & 1023


def _warn_behind(p: Prepared, observed: np.ndarray, lay: K.Layout, spacing: float) -> None:
    """A NoDataWarning naming the series whose latest observed period is older than the
    latest period with a value in the data (:func:`qistats._stale.behind`; a Spark bucket
    is given the whole data's): their summary describes an earlier period, where
    :func:`qistats.board` marks such a series ``stale``. ``spacing``: :func:`_spacing`."""
    at = last_observed(observed, lay.starts)
    has = at >= 0
    if not has.any():
        return
    tz = p.x_converter.zone()
    last = np.full(lay.n_seg, np.nan)  # each series' last observed x, a key of the wall clock
    last[has] = wall_clock(np.asarray(p.xkey[at[has]], dtype=float), tz)
    given = given_latest()  # a key of the wall clock, as ``last``
    if given is None:
        top, report_at = _latest_point(p, observed, lay, at, last)
        latest = p.keys[p.x_name].iloc[top]
    else:
        report_at = float(given)
        if p.x_converter.kind() == "datetime":
            latest = pd.Timestamp(int(report_at))
        elif pd.api.types.is_integer_dtype(p.keys[p.x_name].dtype):
            latest = int(report_at)
        else:
            latest = report_at
    which = np.flatnonzero(behind(last, spacing, report_at, p.x_converter.kind() == "datetime"))
    if which.size:
        k = which.size
        warn(
            f"{k} of {lay.n_seg} series {'has' if k == 1 else 'have'} no value in the latest "
            f"period of the data ({label(p.x_name)}={fmt(latest)}): "
            f"{p.name_series(which, limit=5)}. {behind_advice(k)}",
            NoDataWarning,
        )


def _latest_point(
    p: Prepared, observed: np.ndarray, lay: K.Layout, at: np.ndarray, last: np.ndarray
) -> tuple[int, float]:
    """The first observed point at the latest x of any observed point (by the wall clock),
    and that x's key. Without a time zone x only increases within a series, so it is found
    among the series' last observed points (``at``; their keys ``last``); a zone's clock
    turned back (the end of summer time) may put a series' latest time before its last point,
    so every observed point is read."""
    tz = p.x_converter.zone()
    if tz is not None:
        xkey = wall_clock(np.asarray(p.xkey, dtype=float), tz)
        seen = np.flatnonzero(observed)
        top = int(seen[np.argmax(xkey[seen])])
        return top, float(xkey[top])
    key = float(np.fmax.reduce(last))
    s = int(np.flatnonzero(last == key)[0])  # the first series there
    start, end = int(lay.starts[s]), int(at[s]) + 1
    keys = np.asarray(p.xkey[start:end], dtype=float)
    return start + int(np.flatnonzero(observed[start:end] & (keys == key))[0]), key


def _warn_undirected(
    core: Computed,
    target: np.ndarray,
    good: np.ndarray,
    include: np.ndarray,
    lay: K.Layout,
    p: Prepared,
    target_arg: Any,
    how: str,
) -> None:
    """A TargetWarning naming the series (of a chart with limits) that have a target at their
    last observed point but no improvement direction: their assurance is empty, as in
    NHSRplotthedots with a neutral direction, but NHSRplotthedots' default direction is
    "increase", so a target given alone there gets an assurance. ``how``: the direction
    the series have, in words."""
    at = last_observed(core.observed & include, lay.starts)
    i = np.where(at >= 0, at, 0)
    limits = K.seg_count(~np.isnan(core.points["ucl"].to_numpy(dtype=float)), lay) > 0
    which = np.flatnonzero((at >= 0) & ~np.isnan(target[i]) & (good[i] == 0) & limits)
    if not which.size:
        return
    arg = "target" if isinstance(target_arg, Mapping) else f"target={fmt(target_arg)}"
    warn(
        f"{arg} without an improvement direction for {p.name_series(which, limit=5)} ({how}): "
        "assurance (pass, fail or hit_or_miss) needs to know which side of the target is "
        "better, so the summary's assurance is empty. Give improvement='increase' (higher is "
        "better) or 'decrease' (lower is better).",
        TargetWarning,
    )


def _warn_single_rows(core: Any, n_observed: np.ndarray, lay: K.Layout, p: Prepared) -> None:
    """A NoDataWarning naming the series of an Xbar chart with one row in every subgroup (x):
    its sigma is the spread of the rows within subgroups, so it has no limits
    (24 months of one row each gave a centre line, no limits and no word)."""
    size = core.points["subgroup_size"].to_numpy()
    several = K.seg_count(core.observed & (size >= 2), lay)
    which = np.flatnonzero((n_observed > 0) & (several == 0))
    if which.size:
        warn(
            f"{which.size} of {p.series_starts.size} series on an Xbar chart "
            f"{'has' if which.size == 1 else 'have'} one row per "
            f"subgroup (x) throughout ({p.name_series(which)}): an Xbar chart's limits come "
            "from the spread of the rows within each subgroup, so there are none. With one "
            "value per x use chart='i' (or 'xmr').",
            NoDataWarning,
        )


def _warn_rare(chart: str, found: tuple, p: Prepared, numerators: bool) -> None:
    """RareEventsWarnings naming the series whose values (``numerators``: the numerators of
    their ratios) look like counts of rare events, and another for those whose failures n − y
    do (a proportion near 100 %); ``found``: :func:`qistats._rare.rare_either`'s result."""
    rare, mean, share, by_failures = found
    for failures in (False, True):
        which = np.flatnonzero(rare & (by_failures == failures))
        if which.size:
            first = which[:3]
            names = [p.describe_series(int(s)) for s in first]
            warn(
                rare_message(
                    chart,
                    names,
                    mean[first],
                    share[first],
                    which.size,
                    rare.size,
                    numerators,
                    failures,
                ),
                RareEventsWarning,
            )


def _empty_n(data: pd.DataFrame, n: Hashable, p: Any, unseen: np.ndarray) -> str:
    """The hint for series without an observed value whose denominator is missing in every
    row (a join that failed, usually); empty when their n has values."""
    empty = np.intersect1d(unseen, series_without_n(data, n, p))
    names = [p.describe_series(int(s)) for s in empty[:3]]
    return empty_n_hint(n, names, empty.size, unseen.size, bool(p.by))


def n_coverage(
    data: pd.DataFrame, y: Hashable, n: Hashable, codes: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per group (``codes`` of the rows, ``k`` groups): the rows with a ``y``, and the rows
    with both a ``y`` and an ``n``."""
    has_y = data[y].notna().to_numpy()
    both = has_y & data[n].notna().to_numpy()
    return (
        np.bincount(codes, weights=has_y, minlength=k).astype(np.int64),
        np.bincount(codes, weights=both, minlength=k).astype(np.int64),
    )


def sparse_n(with_y: np.ndarray, with_both: np.ndarray) -> np.ndarray:
    """Groups whose rows with a ``y`` mostly lack an ``n`` (more lack it than have it), though
    some have one: the rows without are gaps, which a stray value in a shared ``n`` column or
    a join that matched a few rows makes silently. (Groups with no ``n`` at all are told by
    the NoDataWarning; a few missing denominators are ordinary gaps.)"""
    return (with_both > 0) & (with_y - with_both > with_both)


@dataclass
class SparseN:
    """The series whose rows with a y mostly have no n (:func:`sparse_n`), for the
    :class:`~qistats.DenominatorWarning` of :func:`_warn_sparse_n`: how many among how many,
    and the first few named, each with its rows with y and with n (a Spark task gives these
    facts for the driver to add up over every bucket)."""

    count: int
    series: int
    named: list[list[Any]]  # [description, rows with y, rows with both], the first 4
    y: str
    n: str

    def message(self) -> str:
        """The warning's text: the first named with its rows, three more named."""
        first, rows_y, rows_n = self.named[0]
        others = [name for name, _, _ in self.named[1:4]]
        more = self.count - 1 - len(others)
        also = "; ".join(others) + (f" and {more} more" if more else "")
        return (
            f"n={self.n}: {self.count} of {self.series} series "
            f"{'have' if self.count > 1 else 'has'} a value of y={self.y} in most rows but a "
            f"denominator in only a few ({first}: {rows_y} rows with y, {rows_n} of them with n"
            f"{'' if self.count == 1 else f'; {also} too'}): the points without n are gaps, "
            "left out of the centre line, limits and rules. Fill the missing denominators (a "
            "join that matched only some rows is the usual cause)."
        )


def _warn_sparse_n(data: pd.DataFrame, y: Hashable, n: Hashable, p: Any) -> None:
    """A DenominatorWarning naming the series whose rows with a y mostly have no n. In a part
    of the data (:func:`~qistats._warn.in_a_part`) it is given with its facts, for the whole
    data's count."""
    k = p.series_starts.size
    has_y = data[y].notna().to_numpy()
    if np.array_equal(has_y & data[n].notna().to_numpy(), has_y):
        return  # every row with a y has an n: nothing to count
    codes = _series_codes(data, p.by, p.x_name if p.x_given else None)
    with_y, with_both = n_coverage(data, y, n, codes, k)
    which = np.flatnonzero(sparse_n(with_y, with_both))
    if which.size:
        named = [[p.describe_series(int(s)), int(with_y[s]), int(with_both[s])] for s in which[:4]]
        found = SparseN(int(which.size), k, named, fmt(y), fmt(n))
        facts = {"key": "sparse_n", **vars(found)} if in_a_part() else None
        warn(found.message(), DenominatorWarning, facts=facts)


def series_without_n(data: pd.DataFrame, n: Hashable, p: Any) -> np.ndarray:
    """The series (numbers of ``p``, prepared from ``data``) with no value in column ``n``."""
    has_n = pd.to_numeric(data[n], errors="coerce").notna().to_numpy()
    if has_n.all():
        return np.empty(0, dtype=np.intp)
    codes = _series_codes(data, p.by, p.x_name if p.x_given else None)
    return np.flatnonzero(np.bincount(codes, weights=has_n, minlength=p.series_starts.size) == 0)


def empty_n_hint(n: Hashable, names: list[str], empty: int, unseen: int, grouped: bool) -> str:
    """The sentence added to a NoDataWarning about ``unseen`` series without an observed value
    when ``empty`` of them (the first of them named in ``names``) have no value in the
    denominator column ``n`` ("" when none); ``grouped``: the data have ``by`` series."""
    if not empty:
        return ""
    if empty < unseen:
        more = f" and {empty - len(names)} more" if empty > len(names) else ""
        which = f"{empty} of them ({'; '.join(names)}{more})"
    else:
        which = "each of them" if empty > 1 else "that series" if grouped else "the series"
    return (
        f" The denominator column n={fmt(n)} is empty in every row of {which}; a failed join "
        "(keys that do not match, such as different date types or spellings) is the usual cause."
    )


def _warn_period_counts(chart: str, p: Prepared, lay: K.Layout, x: Any, y: Any) -> None:
    """A RareEventsWarning naming the series of a G or T chart that look like counts of
    events per period (:func:`~qistats._rare.period_counts`)."""
    which, days = period_counts(p.xkey, p.value, lay)
    if which.size:
        names = p.name_series(which[:1]) if p.by else ""
        warn(
            period_counts_message(chart, fmt(x), fmt(y), names, which.size, float(days[0])),
            RareEventsWarning,
        )


#: The fewest values of exactly 0 at the start of a series, and the fewest values after them
#: with no 0 among them, for :func:`leading_zeros`.
LEADING_ZEROS = 3
AFTER_ZEROS = 6


def leading_zeros(
    v: np.ndarray, g: np.ndarray, starts: np.ndarray, sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The series (ids into ``starts``) whose values ``v`` (grouped by series id ``g``, in the
    order of x; missing values dropped) start with ``LEADING_ZEROS`` or more values of
    exactly 0 and have none in the ``AFTER_ZEROS`` or more after them; with every series'
    count of leading zeros and of the values after them. Used by :func:`qistats.spc` and
    :func:`qistats.board` alike (months written as 0 before a ward opened)."""
    nonzero = (v != 0).astype(np.int64)
    total = np.cumsum(nonzero)
    seen = total - np.repeat(total[starts] - nonzero[starts], sizes)  # values not 0 so far
    leading = np.bincount(g, weights=seen == 0, minlength=starts.size).astype(np.int64)
    later_zero = np.bincount(g, weights=(seen > 0) & (v == 0), minlength=starts.size) > 0
    after = sizes - leading
    hit = np.flatnonzero((leading >= LEADING_ZEROS) & ~later_zero & (after >= AFTER_ZEROS))
    return hit, leading, after


def _warn_leading_zeros(p: Prepared, y: Any) -> None:
    """A :class:`~qistats.NoDataWarning` naming the series of a chart without a denominator
    whose observed values start with values of 0 and have none after them
    (:func:`leading_zeros`), as :func:`qistats.board` names a measure's: months written as 0
    before a ward opened pull the mean and limits down and make its real values special
    causes. By chance, a Poisson count of mean μ does so with probability at most
    q^k (1 − q)^m, q = e^(−μ), maximised at q = k / (k + m): 0.0033 for k = 3, m = 6."""
    yv = np.asarray(p.y, dtype=float)
    start = p.series_starts
    lead = yv[start]  # only series starting with 0 (or a gap) are looked into: little memory
    maybe = (lead == 0) | np.isnan(lead)
    if not maybe.any():
        return
    sizes = np.diff(np.r_[start, yv.size])
    keep = np.flatnonzero(np.repeat(maybe, sizes))  # sorted by series, then x
    keep = keep[np.isfinite(yv[keep])]
    if keep.size < LEADING_ZEROS + AFTER_ZEROS:
        return
    g = p.series[keep]
    first = np.r_[True, g[1:] != g[:-1]]
    starts = np.flatnonzero(first)
    ids = np.cumsum(first) - 1  # series with an observed value, numbered from 0
    sizes = np.diff(np.r_[starts, g.size])
    hit, leading, after = leading_zeros(yv[keep], ids, starts, sizes)
    if not hit.size:
        return
    xs = p.keys[p.x_name]
    named = []
    for i in hit[:3]:  # (at most three named)
        lo, hi = keep[starts[i]], keep[starts[i] + leading[i] - 1]
        named.append(
            f"{p.describe_series(int(g[starts[i]]))}: {leading[i]} zeros, "
            f"{fmt(xs.iloc[lo])} to {fmt(xs.iloc[hi])}, then {after[i]} values, none 0"
        )
    warn_leading_zeros(y, hit.size, named, "series", "qi.spc")


def warn_leading_zeros(y: Any, total: int, named: list[str], what: str, before: str) -> None:
    """The :class:`~qistats.NoDataWarning` of :func:`leading_zeros`' ``total`` series, the
    first of them ``named`` (at most three), as ``what`` ("series", "series of measures")
    given to ``before`` (the call the rows are to be dropped before)."""
    more = f"; and {total - 3} more" if total > 3 else ""
    one = total == 1
    warn(
        f"y={fmt(y)}: {total} {what} without a denominator "
        f"{'starts' if one else 'start'} with values of 0 and {'has' if one else 'have'} no "
        f"0 after them ({'; '.join(named)}{more}): rows written as 0 before a ward opened or "
        "a measure began? They are charted as values and pull the mean and limits down. If "
        f"they are not real, drop those rows (or make their y missing) before {before}.",
        NoDataWarning,
    )


def warn_falling_gaps(chart: str, who: str) -> None:
    """A :class:`~qistats.DirectionWarning` for ``improvement="decrease"`` on a G or T chart
    (``who``: the series or measures, or "" for one series): the direction of a count of
    adverse events carried over to the gaps between them, where it calls more events an
    improvement."""
    gaps = "number of cases" if chart == "g" else "time"
    warn(
        f"improvement='decrease' on a {chart.upper()} chart{f' ({who})' if who else ''}: its "
        f"values are the {gaps} between events, so a fall means events more often. For adverse "
        "events (falls, infections, restraints) higher is better: improvement='increase'. Keep "
        "'decrease' only if the events are wanted ones.",
        DirectionWarning,
    )


def _default_rules(chart: str) -> str:
    """The rule set of a chart when ``rules`` is not given (see :func:`spc`)."""
    return "mdc" if chart == "xmr" else "anhoej"


def _target_value(value: Any) -> float:
    if value is None:
        return np.nan
    return number_arg(value, "target", "{series key: number or None}")


def _blank_rows_note(
    p: Prepared, segs: Segments, freeze: Any, baseline: np.ndarray, include: np.ndarray, core
) -> str:
    """For the ShortPhaseWarning: the phases whose ``freeze=k`` baseline is short because
    rows inside it are blank (or excluded), and what to write instead (see
    :func:`~qistats.phases.blank_baselines`), or ""."""
    if freeze is None or not _is_count(freeze, p.x_converter.kind()):
        return ""
    used = include & core.observed
    base = core.base_points
    frozen = base < core.summary["n_points"].to_numpy()
    need = np.where(frozen, core.base_threshold, core.threshold)
    counted = np.ones(segs.lay.n_seg, dtype=bool)
    made = np.flatnonzero(blank_baselines(segs, baseline, used, counted, need))
    if not made.size:
        return ""
    j = int(made[0])
    k = made.size
    note = blank_baseline_note(
        p, segs, j, baseline, core.observed, used, int(need[j]), ("freeze='{}'", "freeze={}")
    )
    which = "" if k == 1 else f" of {k} of the short phases; the first"
    return (
        f" freeze={fmt(freeze)} counts listed rows, as qicharts2's freeze does, blank and "
        f"excluded ones included, so those shorten the baseline{which}: {note}"
    )


@dataclass(frozen=True)
class Computed:
    """The output of :func:`compute`: tidy points, per-phase summary and runs evidence."""

    points: pd.DataFrame
    summary: pd.DataFrame
    evidence: Evidence
    threshold: int  # the short-phase threshold used
    base_threshold: int  # the threshold of a frozen baseline shorter than its phase
    base_points: np.ndarray  # per segment: the observed, included baseline points
    directions: Mapping[str, np.ndarray]  # rule column -> direction of its pattern per point
    observed: np.ndarray  # the points with a value
    # of a P or U chart: per segment, Laney's σ_z and the points it comes from (else None)
    spread: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True)
class _Judged:
    """The chart's lines in display units and the rules' verdicts (see :func:`_judge`)."""

    value: np.ndarray
    centre: np.ndarray
    lines: dict[str, np.ndarray]
    rules: RulesOutput
    has_limits: bool
    per_segment: bool  # the lines are constant within each segment
    observed: np.ndarray | None  # ~np.isnan(value), when found on the way (else None)
    centre_seg: np.ndarray | None  # the centre of each segment, when centre spreads them
    spread: tuple[np.ndarray, np.ndarray] | None  # Computed.spread


def _judge(
    p: Prepared,
    segs: Segments,
    spec: Chart,
    rule_set: RuleSet,
    *,
    include: np.ndarray,
    baseline: np.ndarray,
    good: np.ndarray,
    multiply: np.ndarray | float,
    cl_user: np.ndarray | None,
    screen_mr: bool,
    laney_floor: bool,
    sigma: float,
    allow_negative: bool,
) -> _Judged:
    """The chart's value, centre and lines, and the rules evaluated on them.

    A function of its own so that its working arrays (the chart's inputs and sigma) are freed
    before the output tables are built; the rules' working arrays die in :func:`_evaluate`.
    """
    npts = p.n_points
    k = sigma
    mult = multiply
    one = _is_one(mult)
    # the lines are written as rows of two blocks (see K.LineBlocks): the first holds the
    # lines made before and while the rules run (at sigma, and at the k the rules ask for) and
    # at least the 2σ lines; the second the rest (the 1σ lines, made after the rules: the
    # peak of memory is often while the rules run)
    asked = bands_asked(rule_set) - {float(k)}
    during = 1 + len(asked)
    total = during + sum(1 for b in (2.0, 1.0) if b == k or b not in asked)
    first = max(during, min(2, total))
    blocks = K.LineBlocks(npts, plan=[first, total - first])
    missing = np.isnan(p.value)  # (one pass, read by the chart and for the tables)
    with np.errstate(all="ignore"):
        inp = ChartInput(
            value=p.value,
            y=p.y,
            n=_analysed_n(p.n, missing),
            stats=p.stats,
            lay=segs.lay,
            base=baseline & include,
            include=include,
            cl_user=cl_user,
            screen_mr=screen_mr,
            laney_floor=laney_floor,
            dots_only=p.dots_only,
            blocks=blocks,
            missing=missing,
        )
        out = spec.compute(inp)
        # Laney's σ_z of a P or U chart's points in time order (see _overdispersed)
        spread = (
            overdispersion(spec.name, inp, out.cl)
            if spec.name in OVERDISPERSED_CHARTS and not p.dots_only
            else None
        )
        del inp
        # the points with a value: the chart's own value unchanged has the missing ones read
        observed = ~missing if one and out.value is p.value else None
        del missing
        p.release()
        value = out.value if one else out.value * mult
        # the centre line holds the segments' centres (cl_seg, when known) and no more: they
        # tell whether it holds an infinity, without a pass over the points
        seg_cl = out.cl_seg
        centre_seg = None
        if one and seg_cl is not None and _display(seg_cl, mult, fresh=False) is seg_cl:
            centre, centre_seg = out.cl, seg_cl
        else:
            centre = _display(out.cl, mult, fresh=False)

    def lines_at(k_band: float) -> tuple[np.ndarray, np.ndarray]:
        """The lower and upper lines at ``k_band`` sigma, in display units."""
        if out.limits is None:
            return np.full(npts, np.nan), np.full(npts, np.nan)
        with np.errstate(all="ignore"):
            lo, hi = out.limits(k_band)
            if out.finite_limits and _is_one(mult):
                return lo, hi  # no infinity to make NaN, nothing to multiply
            return _display(lo, mult), _display(hi, mult)

    lcl, ucl = lines_at(k)
    cache = {k: (lcl, ucl)}

    def band(k_band: float) -> tuple[np.ndarray, np.ndarray]:
        if k_band not in cache:
            cache[k_band] = lines_at(k_band)
        return cache[k_band]

    lay = segs.lay
    runs_allowed = np.full(lay.n_seg, out.runs_signal and not p.dots_only)
    ro = _evaluate(
        rule_set,
        out,
        value,
        centre,
        (lcl, ucl),
        band,
        include,
        lay,
        runs_allowed,
        mult,
        good,
        observed,
    )
    # the 2σ and 1σ lines after the rules (unless they used them): fewer arrays at once
    lines = {"lcl": lcl, "ucl": ucl}
    if k == 2.0:  # their own columns, not the limits'
        cache.pop(2.0)
    lines["lcl_2s"], lines["ucl_2s"] = band(2.0)
    if k == 1.0:
        cache.pop(1.0)
    lines["lcl_1s"], lines["ucl_1s"] = band(1.0)
    # lower lines below 0 become 0 in series without a negative value (one reduction each
    # tells; none when negative lines are allowed)
    below = [
        name
        for name in ("lcl", "lcl_2s", "lcl_1s")
        if not allow_negative and K.smallest(lines[name]) < 0
    ]
    if below:
        has_neg = K.seg_count(value < 0, K.Layout(p.series, p.series_starts)) > 0
        clamp = ~has_neg[p.series]
        for name in below:  # in place: a line may be a row of a block that lives on
            np.copyto(lines[name], 0.0, where=clamp & (lines[name] < 0))

    # a multiplier per point (a board's measures) could vary within a segment in principle
    per_segment = out.per_segment and not isinstance(mult, np.ndarray)
    return _Judged(
        value, centre, lines, ro, out.limits is not None, per_segment, observed, centre_seg, spread
    )


def _analysed_n(n: np.ndarray | None, gap: np.ndarray) -> np.ndarray | None:
    """The denominators the chart analyses: none at a gap (``gap``: where the value is
    missing, for a missing y or n, or n = 0), so a gap has no limits that depend on n, as in
    qicharts2; ``points`` still shows the n given."""
    if n is None:
        return None
    return np.where(gap, np.nan, n) if gap.any() else n


def _evaluate(
    rule_set: RuleSet,
    out: Lines,
    value: np.ndarray,
    centre: np.ndarray,
    limits: tuple[np.ndarray, np.ndarray],
    band: Callable[[float], tuple[np.ndarray, np.ndarray]],
    include: np.ndarray,
    lay: K.Layout,
    runs_allowed: np.ndarray,
    mult: np.ndarray | float,
    good: np.ndarray,
    observed: np.ndarray | None = None,
) -> RulesOutput:
    """The rules on the chart's lines in display units (``limits``: the lines at ``sigma``;
    ``observed``: ``~np.isnan(value)`` when known, else None).

    Its working arrays (differences from the centre line, tolerances) die when it returns.
    """
    lcl, ucl = limits
    # a difference within rounding error of the segment's scale is no difference: a point that
    # equals the centre line in exact arithmetic is on it, whatever the units of y
    tol = K.ROUNDING * K.seg_scale(out.value, out.cl, lay, out.cl_seg)
    # runs counted before `multiply`, as qicharts2
    diff = lay.by_rows(np.subtract, out.value, out.cl, out.cl_seg)  # value − cl
    # the points within the largest tolerance are few: only they are compared with their own
    widest = np.fmax.reduce(tol) if tol.size else 0.0
    with np.errstate(invalid="ignore"):
        near = np.flatnonzero((diff <= widest) & (diff >= -widest))
    if near.size:
        diff[near[np.abs(diff[near]) <= tol[lay.seg[near]]]] = 0.0
    ctx = RuleContext(
        value=value,
        cl=centre,
        diff=diff,
        lcl=lcl,
        ucl=ucl,
        band=band,
        include=include,
        lay=lay,
        runs_allowed=runs_allowed,
        seg_tol=tol,
        multiply=mult,
    )
    if observed is not None:  # the points the rules look at, without reading the values
        ctx._know_seq(include & observed)
    return evaluate(rule_set, ctx, good)


def compute(
    p: Prepared,
    segs: Segments,
    spec: Chart,
    rule_set: RuleSet,
    *,
    include: np.ndarray,
    baseline: np.ndarray,
    good: np.ndarray,
    target: np.ndarray | None,
    multiply: np.ndarray | float,
    cl_user: np.ndarray | None,
    screen_mr: bool,
    laney_floor: bool,
    sigma: float,
    allow_negative: bool,
    min_points: int | None,
    names: tuple[str, str | None],
) -> Computed:
    """The vectorised core of :func:`spc` (and of :func:`qistats.board`) on prepared points.

    Every per-point input is a flat array over all series: ``good`` the improvement direction
    (+1, −1, 0), ``target`` in display units (None: no target column), ``multiply`` the display
    multiplier (one number, or one per point), ``cl_user`` a fixed centre line before
    ``multiply`` (NaN: computed; None: computed everywhere).
    """
    judged = _judge(
        p,
        segs,
        spec,
        rule_set,
        include=include,
        baseline=baseline,
        good=good,
        multiply=multiply,
        cl_user=cl_user,
        screen_mr=screen_mr,
        laney_floor=laney_floor,
        sigma=sigma,
        allow_negative=allow_negative,
    )
    value, centre, lines, ro = judged.value, judged.centre, judged.lines, judged.rules
    lay = segs.lay
    reserved_names(
        [("by", b) for b in p.by] + ([("x", p.x_name)] if p.x_given else []),
        [*_OUTPUT_COLUMNS, *ro.points, *ro.segments, *_SUMMARY_COLUMNS],
        "qi.spc",
    )
    observed = ~np.isnan(value) if judged.observed is None else judged.observed
    # a missing value has no variation, nor has a point without a centre line (its phase's
    # points are all excluded)
    seg_centre = judged.centre_seg  # (a centre line in every segment: no pass over points)
    if seg_centre is not None and not np.isnan(seg_centre).any():
        labelled = observed
    else:
        labelled = observed & ~np.isnan(centre)
    variation = ro.points["variation"]
    if not labelled.all():
        variation = pd.Categorical.from_codes(
            np.where(labelled, variation.codes, np.int8(-1)), dtype=variation.dtype
        )
        ro.points["variation"] = variation

    y, n = names
    cols: dict[Any, Any] = {name: p.keys[name] for name in p.keys.columns}
    taken = {**cols, **ro.points}
    cols[_input_name(y, taken)] = p.output("y")
    if n is not None:
        cols[_input_name(n, taken)] = p.output("n")
    if spec.name in ("xbar", "s"):
        cols["subgroup_size"] = p.stats["count"].astype(np.int64)
    cols["value"] = p.output_value(value)
    cols["phase"] = lay.spread(segs.labels)
    cols["baseline"] = baseline
    cols["excluded"] = ~include
    cols["cl"] = centre
    cols.update(lines)
    if target is not None:
        cols["target"] = target
    cols.update(ro.points)
    points = frame_from_columns(cols)

    keys = p.keys.iloc[p.series_starts[segs.series], : len(p.by)].reset_index(drop=True)
    summ: dict[Any, Any] = {name: keys[name] for name in keys.columns}
    summ["phase"] = segs.labels
    used = include & observed  # (one mask, read four times below)
    summ["n_points"] = K.seg_count(used, lay).astype(np.int64)  # observed
    for name, stat in ro.segments.items():
        if name in ("longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
            arr = pd.array(stat, dtype="Int64")  # missing (-1) without useful points
            arr[stat < 0] = pd.NA
            summ[name] = arr
        else:
            summ[name] = stat
    summ["cl"] = centre[lay.starts]
    for name in ("lcl", "ucl"):
        # a phase's limits: their mean over its points (its line when constant)
        summ[name] = (
            lines[name][lay.starts] if judged.per_segment else K.seg_nanmean(lines[name], lay)
        )
    threshold = (13 if judged.has_limits else 0) if min_points is None else min_points
    base_threshold = threshold if min_points is not None else min(threshold, FROZEN_MIN)
    # the observed, included baseline points the limits come from (a 3-point freeze inside a
    # 30-point phase gives trial limits too; a phase with none has no limits to call trial)
    base_points = K.seg_count(used & baseline, lay).astype(np.int64)
    frozen = base_points < summ["n_points"]
    short = (base_points < np.where(frozen, base_threshold, threshold)) & (base_points > 0)
    summ["short_phase"] = short
    # the icons: from the phase's last observed, included point (the series' last carries
    # assurance, unless its phase is short: trial limits say nothing about meeting a target
    # reliably); an excluded point (a known data error) is drawn and labelled, not judged
    at = last_observed(used, lay.starts)
    summ["variation"], summ["assurance"] = icons(
        variation,
        at,
        judged_phases(at, segs.series) & ~short,
        good,
        target,
        lines["lcl"],
        lines["ucl"],
        # with the MDC rules a phase of 1 or 2 points has no variation icon: nothing to judge
        summ["n_points"] if rule_set.name == "mdc" else None,
    )
    summary = frame_from_columns(summ)
    evidence = Evidence(lay, used, p.x_name, ro.sustained)
    return Computed(
        points,
        summary,
        evidence,
        threshold,
        base_threshold,
        base_points,
        ro.directions,
        observed,
        judged.spread,
    )


#: The fewest points of a ``freeze`` baseline shorter than its phase that are not trial limits
#: when ``min_points`` is not given: NHSRplotthedots' minimum ``fix_after_n_points`` (12).
FROZEN_MIN = 12


def _is_one(mult: np.ndarray | float) -> bool:
    """Whether ``multiply`` is the number 1 (display units are then the chart's own)."""
    return not isinstance(mult, np.ndarray) and mult == 1.0


def _display(a: np.ndarray, mult: np.ndarray | float, fresh: bool = True) -> np.ndarray:
    """``a × multiply`` with infinities (from a zero denominator) made NaN.

    ``fresh``: ``a`` is a new array that may be modified in place. Otherwise it is never
    modified, and returned itself when ``multiply`` is 1 and it holds no infinity.
    """
    if not _is_one(mult):  # in place when fresh: no second array while the first lives
        a = np.multiply(a, mult, out=a) if fresh and a.dtype == np.float64 else a * mult
    if not a.size or (np.fmax.reduce(a) != np.inf and np.fmin.reduce(a) != -np.inf):
        return a  # no infinity (two reductions, no pass writing a mask; NaN is ignored)
    if not fresh and _is_one(mult):
        a = a.copy()
    a[np.isinf(a)] = np.nan
    return a


_OUTPUT_COLUMNS = frozenset(
    (
        "subgroup_size",
        "value",
        "phase",
        "baseline",
        "excluded",
        "cl",
        "target",
        "outside_limits",
        "long_run",
        "few_crossings",
        "signal",
        *_LINES,
    )
)


_SUMMARY_COLUMNS = (
    "phase",
    "n_points",
    "cl",
    "lcl",
    "ucl",
    "short_phase",
    "variation",
    "assurance",
)


def _numeric_x(data: pd.DataFrame, x: Any) -> bool:
    """Whether x values are numbers (x holds numbers, or there is no x: positions)."""
    if x is None:
        return True
    try:
        s = data[x]
    except (KeyError, TypeError, ValueError):
        return False
    return isinstance(s, pd.Series) and pd.api.types.is_numeric_dtype(s.dtype)


def _input_name(name: Any, taken: Mapping[Any, Any]) -> Any:
    """The user's column name for an input carried into ``points``, unless it would clash."""
    if name in _OUTPUT_COLUMNS or name in taken:
        return f"{name}_input"
    return name
