"""plot_ambition: each series against its ambition, and a one-row-per-series programme overview.

A panel shows the observed values (grey), the baseline period (shaded, with its level), the
target (red dashed) and the trajectory towards it (purple), the assessment window (shaded blue,
with the current level and its interval), the deadline, and the projected date of reaching the
target with its interval; the verdict is a coloured label; data after the date judged are
greyed out, behind an as-of line. Columns the summary lacks (an older
or newer :class:`~qistats.Ambition`) are simply not drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._args import choose
from .._board_text import format_numbers
from .._words import article, period_kind, snap_year, span_words, x_words, xs_words
from ..errors import ArgumentError
from .arguments import check_common, check_optional_flags, keywords
from .colours import frame_colours, mdc_colours, on_dark
from .formatting import (
    as_plot_x,
    check_date_format,
    measure_label,
    plot_x,
    style_axes,
    tick_formatter,
    x_ticks,
)
from .layout import (
    chosen,
    fill,
    finish,
    key_label,
    label_outer,
    literal_text,
    new_page,
    panel_rc,
    pyplot,
    release,
    renderer_of,
    series_keys,
)
from .panel import say_no_data
from .periods import timestamp
from .placement import place_label

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..ambition import Ambition

#: Colour of each verdict's label (MDC: blue good, orange bad, grey unknown).
VERDICT_COLOURS = {
    "met": "#00B0F0",
    "met_point_estimate": "#5BC8F5",
    "on_track": "#00B0F0",
    "not_met": "#E46C0A",
    "off_track": "#E46C0A",
    "insufficient_data": "#7F7F7F",
}


def _colours() -> dict[str, str]:
    """The Making Data Count colours, and the ambition's own fills and greys, for the
    background in force (``plt.style.use("dark_background")`` gets dark fills and light
    greys, see :func:`~qistats.plot.colours.on_dark`): ``window`` behind the assessment
    window, ``oe_band`` the O/E interval, ``later`` the values after the date judged (not
    used, greyed out), ``as_of`` its line, ``paper`` inside hollow markers."""
    dark = on_dark()
    return {
        **mdc_colours(),
        "window": "#0E3E52" if dark else "#DDF3FC",
        "oe_band": "#4A4A4A" if dark else "#DDDDDD",
        "later": "#6E6E6E" if dark else "#CFCFCF",
        "as_of": "#BFBFBF" if dark else "#505050",
        "paper": frame_colours()["paper"],
    }


_WORDS = {
    "values": "observed",
    "later": "after the date judged (not used)",
    "as_of": "date judged (as of)",
    "baseline": "baseline period and level",
    "target": "target",
    "trajectory": "trajectory",
    "window": "assessment window: current level and interval",
    "projection": "projected date: the trend carried on reaches the target",
    "continues": "interval goes on past the panel's edge (or has no end)",
    "deadline": "deadline",
    "oe": "observed ÷ expected events to date, with interval (lower panels)",
    "oe_line": "observed ÷ expected events to date (lower panels)",
    "on_trajectory": "on the trajectory (observed ÷ expected = 1; {side} 1 = ahead of it)",
}
#: How an open-ended projection's date reads: the side without a bound, in words.
_OPEN = {
    (True, False): " (or earlier)",  # no lower bound: it may have been reached long before
    (False, True): " (or never)",  # no upper bound: the data allow it never to be reached
    (True, True): " (any time)",
}
VIEWS = ("panels", "overview")
_BOUNDS = ("projected_lower", "projected_upper")


def _by(amb: Ambition) -> list[str]:
    names = list(amb.summary().columns)
    return names[: names.index("baseline_value")]


def _column(row: pd.Series, name: str) -> Any:
    value = row.get(name)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _x_number(value: Any) -> float | None:
    """A summary date (or number) on the plot's x scale."""
    if value is None:
        return None
    if isinstance(value, (pd.Timestamp, pd.Period, np.datetime64)) or hasattr(value, "toordinal"):
        import matplotlib.dates as mdates

        return float(mdates.date2num(timestamp(value).to_datetime64()))
    return float(value)


def _lower_better(d) -> bool:
    """Whether lower is better: the definition's ``improvement`` (``change`` for a definition
    built without it)."""
    if d.improvement is not None:
        return d.improvement == "decrease"
    return d.change < 0


def ambition_title(
    amb: Ambition, keys: list[Any] | None = None, percent_of: float | None = None
) -> str:
    """What the ambition is: "a 50% reduction" ("a 25% relative increase" of a proportion),
    "closing 50% of the gap to 100%" or, for an absolute target, "down to 15" (display units;
    "up to" when higher is better; "up to 90%" of a proportion with ``multiply=100``).

    An absolute target that the baseline of every series drawn (``keys``, as ``chosen``
    gives them; default all) meets already is a ceiling (or floor) to stay at: "stay at or
    below 12" ("down to 12" read as a fall asked of a ward at 3); when some meet it and
    others do not, "at or below 12", true of both. With ``percent_of`` (the value a plot's
    axis shows as 100 %), a proportion's absolute target is written in % as the axis reads
    it: "up to 95%" of a proportion target 0.95 (``multiply=1``)."""
    d = amb.definition
    if not isinstance(d.target, str):
        low = _lower_better(d)
        # a proportion shown in percent carries its unit, as the reasons write it
        unit = "%" if d.kind == "proportion" and d.multiply == 100 else ""
        level = f"{format_numbers(np.array([d.target]))[0]}{unit}"
        if percent_of is not None and d.kind == "proportion":
            level = f"{format_numbers(np.array([d.target * 100.0 / percent_of]))[0]}%"
        meets = _meets_already(amb, keys, low)
        side = "below" if low else "above"
        if meets.size and meets.all():
            aim = f"stay at or {side} {level}"
        elif meets.any():
            aim = f"at or {side} {level}"
        else:
            aim = f"{'down' if low else 'up'} to {level}"
    elif d.target == "shortfall":
        aim = f"closing {abs(d.change):.0%} of the gap to 100%"
    else:  # a proportion's change is relative: "a 25% increase" of 40% read as 65%
        size = f"{abs(d.change):.0%}"
        relative = "relative " if d.kind == "proportion" else ""
        aim = f"{article(size)} {size} {relative}{'reduction' if d.change < 0 else 'increase'}"
    (before, after), unit = getattr(amb, "_periods", ((0, 0), "month"))
    dates = [_date(v) for v in (*d.baseline, d.deadline, _as_of(amb))]
    if (before or after or unit in ("week", "day", "year")) and all(v is not None for v in dates):
        # quarters by their months, weeks and days by their days, years as years ("2016",
        # "2016/17"), as the reasons write them
        ref = _first_x(amb)
        if unit in ("week", "day") and ref is not None:  # a date inside a week: its week
            pairs = zip(dates, _UP, strict=True)
            b0, b1, due, now = (_on_grid(v, ref, unit, up) for v, up in pairs)
        else:
            snap = snap_year if unit == "year" else _snap
            b0, b1, due, now = (snap(v, ref, before, after) for v in dates)
        base = span_words(b0, b1, before, after, step=unit)
        deadline = str(xs_words([due], after, step=unit)[0])  # by the period's last month
        judged = span_words(now, now, before, after, step=unit)
        if unit == "week":  # "by the week of 30 Dec 2024", as the reasons say
            base, deadline, judged = (f"the {w}" for w in (base, deadline, judged))
    else:
        # "Apr 2020–Mar 2021", its dash unspaced as in the reasons and the quarterly title
        base = span_words(*(_read(v) for v in d.baseline))
        deadline, judged = _by_when(d.deadline), _when(_as_of(amb))
    return f"Ambition: {aim} from the baseline ({base}) by {deadline}; verdicts as of {judged}"


def _meets_already(amb: Ambition, keys: list[Any] | None, low: bool) -> np.ndarray:
    """Per series drawn (``keys``; all by default): whether its baseline level is on the
    target's side of it already, or at it (an absolute target; missing levels do not)."""
    summ = amb.summary()
    if keys is not None:
        by = _by(amb)
        rows = _groups(summ, by, keys)
        summ = summ.iloc[np.concatenate([rows[k] for k in keys])] if keys else summ.iloc[:0]
    base = summ["baseline_value"].to_numpy(dtype=float, na_value=np.nan)
    target = summ["target_value"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return base <= target if low else base >= target


def _date(value: Any) -> pd.Timestamp | None:
    """A date given to the ambition (a Timestamp, a date or ISO text) as a Timestamp, in its
    own wall time; None for anything else (numbers, categories)."""
    if isinstance(value, (int, float, np.number, bool)) or value is None:
        return None
    try:
        t = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if t is pd.NaT else t.tz_localize(None) if t.tz is not None else t


def _first_x(amb: Ambition) -> pd.Timestamp | None:
    """The first x of the periods table (a date on the grid of the data's periods); of
    Periods, the first one's start (without it, quarters as Periods were titled from their
    dates as given: "from the baseline (Apr 2020–May 2021) by May 2024" for a baseline ending
    31 Mar 2021 and a deadline of 31 Mar 2024, where the reasons said "Apr 2023–Mar 2024")."""
    per = amb.periods
    x = per[per.columns[len(_by(amb))]] if len(per) else pd.Series([], dtype=object)
    if not len(x):
        return None
    first = x.min()
    return _date(first.start_time if isinstance(first, pd.Period) else first)


def _snap(t: pd.Timestamp, ref: pd.Timestamp | None, before: int, after: int) -> pd.Timestamp:
    """The date of the period of ``before + after + 1`` months that holds ``t``, on the grid
    of ``ref`` (a date of the data): quarters dated at their first month (``after`` 2) from
    the latest grid month at or before ``t``'s, dated at their last (``before`` 2) from the
    earliest at or after it; ``t`` itself for other periods (months, weeks, days).

    >>> ref = pd.Timestamp("2020-04-01")
    >>> _snap(pd.Timestamp("2023-02-15"), ref, 0, 2), _snap(pd.Timestamp("2023-02-15"), ref, 2, 0)
    (Timestamp('2023-01-01 00:00:00'), Timestamp('2023-04-01 00:00:00'))
    """
    k = before + after + 1
    if k == 1 or ref is None:
        return t
    months = (t.year - ref.year) * 12 + (t.month - ref.month)
    move = -(months % k) if after else (-months) % k
    return t.normalize().replace(day=1) + pd.DateOffset(months=move)


#: Per date of the title (baseline start, baseline end, deadline, as of): whether a date
#: between two x values names the later one (the baseline's first period is the first at or
#: after its start) or the earlier (the period that holds it, as the window is judged).
_UP = (True, False, False, False)


def _on_grid(t: pd.Timestamp, ref: pd.Timestamp, unit: str, up: bool) -> pd.Timestamp:
    """The x value of the data's weeks (or days) that a date names: the week holding it, as
    the data label it (the latest at or before it), or with ``up`` the first at or after it.
    A deadline on Saturday 15 Jun 2024 of weeks dated on Mondays was titled "by the week of
    15 Jun 2024", a week the data do not have; the window judged ended with the week of
    10 Jun.

    >>> ref = pd.Timestamp("2023-01-02")  # a Monday
    >>> _on_grid(pd.Timestamp("2024-06-15"), ref, "week", False).date()
    datetime.date(2024, 6, 10)
    >>> _on_grid(pd.Timestamp("2024-06-15"), ref, "week", True).date()
    datetime.date(2024, 6, 17)
    >>> _on_grid(pd.Timestamp("2024-06-10"), ref, "week", True).date()
    datetime.date(2024, 6, 10)
    """
    step = pd.Timedelta(days=7 if unit == "week" else 1)
    k = (t - ref) / step
    k = np.ceil(k - 1e-9) if up else np.floor(k + 1e-9)
    return ref + int(k) * step


def _as_of(amb: Ambition) -> Any:
    """The date the verdicts are judged at: ``as_of`` as given, else the latest x of the data;
    the deadline when that is after it, since every series is then judged at the deadline
    (the reasons' "(as of Mar 2024)", the data after it drawn as not used). Data running to
    Dec 2024 past a deadline of Mar 2024 titled "verdicts as of Dec 2024"."""
    d = amb.definition
    if getattr(d, "as_of", None) is not None:
        judged = d.as_of
    else:
        per = amb.periods
        x = per[per.columns[len(_by(amb))]]
        judged = x.max() if len(x) else d.deadline
    return d.deadline if _after(judged, d.deadline) else judged


def _after(value: Any, deadline: Any) -> bool:
    """Whether ``value`` is after ``deadline``: as numbers, else as dates (a Period by its
    start); False for values that cannot be compared."""
    try:
        if isinstance(value, (int, float, np.number)) and isinstance(
            deadline, (int, float, np.number)
        ):
            return float(value) > float(deadline)
        return bool(timestamp(value) > timestamp(deadline))
    except (TypeError, ValueError):
        return False


def _as_of_line(amb: Ambition) -> float | None:
    """Where the as-of line goes: half a step after the last period judged, when ``as_of`` was
    given before the deadline and the data go on after it (else None)."""
    d = amb.definition
    if getattr(d, "as_of", None) is None:
        return None
    if isinstance(d.as_of, (int, float, np.number)):
        before = float(d.as_of) < float(d.deadline)
    else:
        before = timestamp(d.as_of) < timestamp(d.deadline)
    per = amb.periods
    later = (per["period"] == "later").to_numpy()
    x = np.asarray(plot_x(as_plot_x(per[per.columns[len(_by(amb))]])), dtype=float)
    if not before or not later.any() or later.all():
        return None
    used = x[~later & np.isfinite(x)]
    step = np.diff(np.unique(x[np.isfinite(x)]))
    return float(used.max() + (np.median(step) / 2 if step.size else 0.0))


def _when(value: Any) -> str:
    """An ambition's date as :func:`qistats._words.x_words` writes it ("Sep 2023", a Period by
    its name, a number as itself), a date given as text ("2023-09-01") read as the date."""
    return x_words(_read(value))


def _by_when(value: Any) -> str:
    """The deadline as "by …" reads it: a Period of several months (a quarter) by its last
    month, "by Mar 2024", as dates of quarters and the reasons write it (not "by Jan–Mar
    2024"); a year by its name ("2024", "2023/24"); anything else as :func:`_when`.

    >>> _by_when(pd.Period("2024Q1", freq="Q")), _by_when(pd.Period("2024", freq="Y-MAR"))
    ('Mar 2024', '2023/24')
    """
    if isinstance(value, pd.Period) and period_kind(value.freq) != "year":
        start, end = value.start_time, value.end_time
        if (start.year, start.month) != (end.year, end.month):
            return x_words(end.normalize())
    return _when(value)


def _read(value: Any) -> Any:
    """An ambition's date given as text ("2023-09-01") as the date; a category's label, and
    anything else, as it is."""
    if isinstance(value, str):
        try:
            return pd.Timestamp(value)
        except ValueError:  # a category's label
            return value
    return value


@keywords
def plot_ambition(
    amb: Ambition,
    ax: Axes | None = None,
    *,
    view: str = "panels",
    series: Any = None,
    oe: bool = False,
    ncols: int | None = None,
    sharey: bool = True,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    date_format: str | None = None,
    percent: bool | None = None,
    legend: bool | None = None,
) -> Figure:
    """Draw an ambition: a grid of panels, one per series, or the programme overview.

    Parameters
    ----------
    amb : Ambition
        What :func:`qistats.ambition` returned.
    ax : matplotlib Axes, optional
        Draw one series (``series=``, or an ambition without ``by``) into this axes, whose
        figure is returned; not with ``oe=True`` or ``view="overview"``. The title goes in
        it, with the series' name under it, wrapped to the axes' width left of the verdict.
        Make the grid with ``plt.subplots(..., layout="constrained")`` so that these lines
        get room above each axes.
    view : {"panels", "overview"}, default "panels"
        Any case.
        ``"panels"``: one panel per series with the observed values, baseline (shaded, with
        its level), target (red dashed), trajectory (purple), assessment window (blue, with
        the current level and its interval), deadline, projected date of reaching the target
        with its interval (labelled with the date, placed clear of the lines and points; a
        date beyond the x axis is written at the edge with an arrow, "Jun 2025 →", and
        has no marker; an interval reaching past the panel's edge, or open-ended, is drawn to
        the edge and ends in an arrowhead there, and an open-ended projection's label says
        so: "Dec 2022 (or never)" without an upper bound, "(or earlier)" without a lower
        one, "(any time)" with neither; none for a verdict of ``insufficient_data``, nor,
        before the deadline, for an open-ended projection dated before the end of the window
        judged while the window's level is short of the target), and the verdict as a
        coloured label. Values after
        the date judged (``as_of``, or the deadline; ``period`` "later") are drawn light grey
        and hollow, and an ``as_of`` before the deadline gets a dash-dot line after its last
        period.
        ``"overview"``: a forest plot, one row per series, of the change from baseline with
        its interval against the target change, coloured by verdict (a "met" whose
        interval still reaches the target drawn hollow), with the pooled
        programme change below.
    series : key or list of keys, optional
        The series to draw (a tuple for several by-columns). Default: all.
    oe : bool, default False
        Add below each panel the cumulative observed ÷ expected events under the trajectory,
        with its interval, its axis labelled "observed ÷ expected". The legend says how to
        read it: an entry for the ratio with its interval, and one for the line at 1 (on
        the trajectory; below 1 is ahead of it for a reduction, above 1 for an increase).
    ncols : int, optional
        Columns of the grid. Default: one row up to 3 series, then about square (49 series
        make 7 × 7), shrunk to fit 24 × 24 in.
    sharey : bool, default True
        One y range for every panel; ``False`` gives each its own. The x range is always
        shared: the data of every series drawn and the deadline.
    figsize : (float, float), optional
        Width and height in inches. Default: about 3.4 × 2.6 in a panel (3.4 × 3.3 with
        ``oe``).
    title : str, optional
        Drawn above the panels. Default: the ambition in words and the date its verdicts
        are judged at ("Ambition: a 30% reduction from the baseline (Apr 2020–Mar 2021) by
        Mar 2024; verdicts as of Sep 2023": ``as_of``, else the latest x in the data, or the
        deadline when that is after it, as every series is then judged at the deadline);
        an absolute target that every series drawn meets at its baseline is one to stay at
        ("stay at or below 12"), and "at or below 12" when only some do; ``""`` draws none.
    subtitle : str, optional
        Drawn under the title. Default: none.
    xlabel : str, optional
        The x axis label (once for a grid). In the overview it replaces "change from
        baseline (%), with 95% interval". Default: none.
    ylabel : str, optional
        The y axis label (once for a grid; with ``oe=True`` on the first column's upper
        panels, the O/E panels keeping theirs). Default: the measure and its unit, from
        the ambition's ``y``, ``n`` and ``multiply`` ("restraints per 1,000 bed days",
        "felt safe / asked"); ``""`` draws none.
    date_format : str, optional
        strftime format of date ticks. Default: month names for monthly data.
    percent : bool, optional
        Show the y axis as percentages. Default: for ``kind="proportion"`` with
        ``multiply`` 1 or 100.
    legend : bool, optional
        One legend for the figure, below the panels. Default: True for a new figure, False
        when drawing into ``ax``.

    Returns
    -------
    matplotlib.figure.Figure
        Never written to a file: call ``fig.savefig(...)``.

    Examples
    --------
    >>> import qistats as qi
    >>> df = qi.datasets.restrictive_practice()
    >>> amb = qi.ambition(df, y="restraints", n="bed_days", x="month", by="ward",
    ...                   baseline=("2020-04-01", "2021-03-01"), change=-0.3,
    ...                   deadline="2024-03-01", multiply=1000)
    >>> fig = amb.plot(ncols=4)
    >>> len(fig.legends)
    1
    >>> fig = amb.plot(view="overview")
    """
    pyplot()  # matplotlib, or an ImportError that says how to install it
    legend = ax is None if legend is None else legend
    check_common(
        ncols=ncols,
        figsize=figsize,
        sharey=sharey,
        texts={"title": title, "subtitle": subtitle, "xlabel": xlabel, "ylabel": ylabel},
        flags={"oe": oe, "legend": legend},
    )
    check_optional_flags(percent=percent)
    check_date_format(date_format)
    view = choose(view, "view", VIEWS)  # any case, as every name qistats takes
    if ax is not None and (oe or view == "overview"):
        raise ArgumentError(
            "ax: the O/E panel and the overview need a figure of their own; drop ax, or "
            "use oe=False and view='panels'."
        )
    by = _by(amb)
    keys = chosen(series_keys(amb.summary(), by), series, by)
    d = amb.definition
    if percent is None:
        percent = d.kind == "proportion" and float(d.multiply) in (1.0, 100.0)
    percent_of = (100.0 if float(d.multiply) == 100.0 else 1.0) if percent else None
    if view == "overview":
        title = ambition_title(amb, keys) if title is None else title
        return _overview(amb, by, keys, figsize, title, subtitle, xlabel, legend)
    # the target as the axis reads it: "up to 95%" beside ticks in %, not "up to 0.95"
    title = ambition_title(amb, keys, percent_of) if title is None else title
    if ylabel is None:
        y, n = getattr(d, "y", None), getattr(d, "n", None)
        ylabel = measure_label(y, n, d.multiply, d.kind, generic_out=True)
    x_range = _x_range(amb)
    shown = amb.summary().iloc[np.concatenate([_groups(amb.summary(), by, keys)[k] for k in keys])]
    rows_of = _groups(amb.periods, by, keys)
    drawn = [amb.periods.iloc[rows_of[k]] for k in keys]
    handles = _handles(_entries(amb, shown, drawn, x_range, oe), _lower_better(d)) if legend else []
    page = new_page(
        len(keys),
        ax=ax,
        ncols=ncols,
        sharey=sharey,
        figsize=figsize,
        title=title,
        subtitle=subtitle,
        legend_entries=[h.get_label() for h in handles],
        xlabel=xlabel,
        ylabel=ylabel,
        panel_in=(3.4, 3.3 if oe else 2.6),
    )
    tops = _panels(amb, by, keys, page, oe, sharey, date_format, percent_of, x_range)
    if oe and ylabel:  # beside the upper panels: the O/E panels below have their own
        for a in tops:
            if not page.own or not _column_index(a):
                a.set_ylabel(ylabel, fontsize=9)
    return finish(
        page,
        title=title or None,
        subtitle=subtitle,
        xlabel=xlabel,
        ylabel=None if oe else ylabel or None,
        handles=handles,
        then=lambda fig: (_label_projections(fig, tops), _fit_ylabels(fig)),
    )


def _groups(frame: pd.DataFrame, by: list[str], keys: list[Any]) -> dict[Any, np.ndarray]:
    if not by:
        return {None: np.arange(len(frame))}
    groups = frame.groupby(by if len(by) > 1 else by[0], sort=False, observed=True).indices
    return {k: groups.get(k, np.array([], dtype=int)) for k in keys}


def _x_range(amb: Ambition) -> tuple[float, float] | None:
    """The x range of every panel: the data of every series and the deadline, padded 3 %."""
    per = amb.periods
    x = plot_x(as_plot_x(per[per.columns[len(_by(amb))]]).dropna())
    if not x.size:
        return None
    lo, hi = float(np.nanmin(x)), float(np.nanmax(x))
    deadline = _x_number(_deadline(amb))
    if deadline is not None and np.isfinite(deadline):
        lo, hi = min(lo, deadline), max(hi, deadline)
    pad = (hi - lo) * 0.03 or 1.0
    return lo - pad, hi + pad


def _panels(amb, by, keys, page, oe, sharey, date_format, percent_of, x_range) -> list[Axes]:
    per, summ = amb.periods, _on_axis(amb.summary())
    x_name = per.columns[len(by)]
    rows_of, summ_of = _groups(per, by, keys), _groups(summ, by, keys)
    x_all = as_plot_x(per[x_name])
    deadline = _x_number(_deadline(amb))
    as_of = _as_of_line(amb)
    better_low = _lower_better(amb.definition)
    # one x range for every panel, so one set of date ticks too
    drawn = x_all.iloc[np.concatenate([rows_of[k] for k in keys])]
    ticks = x_ticks(drawn, page.panel_width_in, date_format)
    tops, oe_axes = [], []
    for key, ax in zip(keys, page.axes, strict=True):
        rows = rows_of[key]
        p = per.iloc[rows]
        s = summ.iloc[summ_of[key][0]]
        x = plot_x(x_all.iloc[rows])
        top = ax
        if oe:
            top, bottom = _split(ax)
            oe_axes.append(bottom)
            _draw_oe(bottom, p, x, better_low)
            style_axes(bottom, ticks, None)
        _draw_panel(top, p, s, x, deadline, as_of, _zero_baseline(amb, s))
        style_axes(top, ticks, percent_of, page.own)
        if oe:
            top.xaxis.set_major_locator(bottom.xaxis.get_major_locator())
            top.tick_params(labelbottom=False)
        _verdict_label(top, s, key)
        tops.append(top)
    if x_range is not None:  # one x range: a projection far beyond is shown by an arrow
        for a in tops + oe_axes:
            a.set_xlim(*x_range)
    for a in tops:
        _projection_interval(a)
    if sharey and page.own:
        _common_y(tops)
        _common_y(oe_axes)
    if not oe:  # shared ranges: tick labels on the outer panels only
        label_outer(page, share_x=True, share_y=sharey)
    elif sharey and page.own:
        _label_left(tops + oe_axes)
    return tops


def _on_axis(summ: pd.DataFrame) -> pd.DataFrame:
    """The summary with x values of an ordered Categorical x (financial years "2019/20", …) as
    their codes, the positions they are drawn at (missing where there is none)."""
    out = summ.copy()
    for col in ("current_start", "current_end", "projected_date", *_BOUNDS):
        if col in out and isinstance(out[col].dtype, pd.CategoricalDtype):
            codes = out[col].cat.codes.to_numpy()
            out[col] = np.where(codes >= 0, codes, np.nan)
    return out


def _deadline(amb: Ambition) -> Any:
    x = amb.periods[amb.periods.columns[len(_by(amb))]]
    if isinstance(x.dtype, pd.CategoricalDtype):  # drawn at its category's code
        code = x.cat.categories.get_indexer([amb.definition.deadline])[0]
        return float(code) if code >= 0 else None
    if isinstance(amb.definition.deadline, (int, float, np.number)):
        return amb.definition.deadline  # x as numbers: not nanoseconds since 1970
    try:
        return timestamp(amb.definition.deadline)
    except (TypeError, ValueError):
        return amb.definition.deadline


def _split(ax: Axes) -> tuple[Axes, Axes]:
    """The panel's cell split into the ambition (2/3) and the O/E (1/3) below it."""
    import matplotlib

    fig = ax.figure
    spec = ax.get_subplotspec().subgridspec(2, 1, height_ratios=(2, 1), hspace=0.08)
    ax.remove()
    with matplotlib.rc_context(panel_rc()):
        top, bottom = fig.add_subplot(spec[0]), fig.add_subplot(spec[1], sharex=None)
    top.set_gid("ambition")
    bottom.set_gid("oe_panel")
    return top, bottom


def _zero_baseline(amb: Ambition, s: pd.Series) -> str | None:
    """What a relative target of a baseline of zero (no events, a proportion of 0, no
    shortfall from 100%) is, in words, as the reason begins; None for any other series.
    Its target and trajectory are the baseline itself (a 50% reduction of zero is zero), so
    the panel draws neither (a red target line at 0 read "target zero"
    beside "insufficient data")."""
    base = _column(s, "baseline_value")
    if base is None or not isinstance(amb.definition.target, str):
        return None
    zero, said = _zero_baselines(amb, np.array([base], dtype=float))
    return said if zero[0] else None


def _zero_baselines(amb: Ambition, base: np.ndarray) -> tuple[np.ndarray, str]:
    """Which ``base`` (baseline values) are a zero baseline for the ambition's target (no
    events, a proportion of 0; of ``target="shortfall"``, no shortfall from 100%), and those
    words, as the reasons begin (the panel and the overview say the same)."""
    d = amb.definition
    if d.target == "shortfall":
        return np.isclose(base, float(d.multiply)), "no shortfall in the baseline"
    said = "no events in the baseline" if d.kind == "rate" else "a proportion of 0 in the baseline"
    return (base == 0) & (d.kind != "mean"), said  # (a mean of 0 is refused)


def _named(names: list[str], what: str) -> str:
    """ "z (no events in the baseline)", "b, c (…)" or, for more than three, "5 series (…)"."""
    who = ", ".join(names) if len(names) <= 3 else f"{len(names)} series"
    return f"{who} ({what})"


def _pooled_note(amb: Ambition, by: list[str], pooled: pd.Series) -> str | None:
    """What the pooled row holds, in words, when it is not simply every series drawn: the
    series pooled with a baseline of zero (drawn without a % change) and those left out of it
    (no baseline, no data in the window, no target), named from the summary, or counted where
    the summary does not tell them apart (``pooled()``'s ``series_zero_baseline`` and
    ``series_excluded``). None when there are none."""
    zero_n = int(pooled.get("series_zero_baseline", 0) or 0)
    out_n = int(pooled.get("series_excluded", 0) or 0)
    if not (zero_n or out_n) or not by:  # (one series: its own row says it)
        return None
    summ = amb.summary()
    rows = summ[by].itertuples(index=False, name=None)
    names = np.array([key_label(r if len(r) > 1 else r[0]) for r in rows], dtype=object)
    base, now, target = (
        summ[c].to_numpy(dtype=float) for c in ("baseline_value", "current_value", "target_value")
    )
    zero, said = _zero_baselines(amb, base)
    no_base = ~np.isfinite(base)
    no_now = ~no_base & ~np.isfinite(now)
    no_target = ~no_base & ~no_now & ~np.isfinite(target)
    zero &= ~no_base & ~no_now & ~no_target
    # (an absolute target judges them on their level alone: said beside "no baseline data")
    alone = ": level judged alone" if not isinstance(amb.definition.target, str) else ""
    left = [
        (no_base, f"no baseline data{alone}"),
        (no_now, "no data in the assessment window"),
        (no_target, "no target: above 100%"),
    ]
    parts = []
    if zero_n:  # (none of means: a baseline mean of 0 is refused)
        own = "its" if zero_n == 1 else "their"
        what = f"{said}: no % change of {own} own"
        who = (
            _named(list(names[zero]), what) if zero.sum() == zero_n else f"{zero_n} series ({what})"
        )
        parts.append(f"all (pooled) includes {who}.")
    if out_n:
        named = sum(int(m.sum()) for m, _ in left) == out_n
        who = "; ".join(_named(list(names[m]), w) for m, w in left if m.any())
        it = "It" if parts else "all (pooled)"
        parts.append(f"{it} leaves out {who if named else f'{out_n} series'}.")
    return " ".join(parts)


def _draw_panel(
    ax: Axes,
    p: pd.DataFrame,
    s: pd.Series,
    x: np.ndarray,
    deadline,
    as_of: float | None,
    zero: str | None = None,
) -> None:
    C = _colours()
    ax.set_gid("ambition")
    y = p["value"].to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(y).any():  # as the SPC plots say it
        say_no_data(ax)
    elif _column(s, "baseline_value") is None and _column(s, "target_value") is not None:
        # an absolute target: its level is judged against the target alone (no trajectory)
        ax._qistats_note = (  # type: ignore[attr-defined]
            "no data in the baseline:\nlevel judged against\nthe target alone"
        )
    elif _column(s, "baseline_value") is None:
        ax._qistats_note = "no data in the baseline:\nno target"  # type: ignore[attr-defined]
    elif zero is not None:  # a change of zero: no target, no trajectory (_zero_baseline)
        ax._qistats_note = f"{zero}:\nno target"  # type: ignore[attr-defined]
    elif _column(s, "current_start") is None:  # a closed ward: say why it has no verdict
        # data after the baseline but none in the window (a ward closed before it) said
        # "no data after the baseline" above the points that are
        some = (p["period"].astype(str) == "between").any()
        said = "no data in the assessment window" if some else "no data after the baseline"
        ax._qistats_note = said  # type: ignore[attr-defined]
    period = p["period"].astype(str).to_numpy()
    half = float(np.nanmedian(np.diff(x))) / 2 if x.size > 1 else 0.5
    base = period == "baseline"
    if base.any():
        ax.axvspan(
            x[base][0] - half,
            x[base][-1] + half,
            color=C["baseline"],
            lw=0,
            zorder=0,
            gid="baseline_period",
        )
        level = _column(s, "baseline_value")
        if level is not None:
            ax.plot(
                [x[base][0] - half, x[base][-1] + half],
                [level, level],
                color=C["mean"],
                linewidth=1.6,
                zorder=3,
                gid="baseline",
            )
    start, end = _x_number(_column(s, "current_start")), _x_number(_column(s, "current_end"))
    if start is not None and end is not None:
        ax.axvspan(start - half, end + half, color=C["window"], lw=0, zorder=0, gid="window")
        cur = [_column(s, c) for c in ("current_value", "current_lower", "current_upper")]
        if cur[1] is not None and cur[2] is not None:
            ax.fill_between(
                [start - half, end + half],
                cur[1],
                cur[2],
                color=C["improvement"],
                alpha=0.25,
                lw=0,
                zorder=1,
                gid="current_interval",
            )
        if cur[0] is not None:
            ax.plot(
                [start - half, end + half],
                [cur[0]] * 2,
                color=C["improvement"],
                linewidth=2,
                zorder=3,
                gid="current",
            )
    later = period == "later"
    used = np.where(later, np.nan, y)
    ax.plot(
        x, used, color=C["line"], linewidth=1.2, marker="o", markersize=3, zorder=2, gid="values"
    )
    if later.any():  # not used for the verdict: light, hollow, joined to the last value used
        bridge = later | np.r_[later[1:], False]
        ax.plot(
            x,
            np.where(bridge, y, np.nan),
            color=C["later"],
            linewidth=1,
            linestyle="--",
            zorder=2,
            gid="later_line",
        )
        ax.plot(
            x[later],
            y[later],
            color=C["later"],
            marker="o",
            markersize=3,
            markerfacecolor=C["paper"],
            linestyle="none",
            zorder=2,
            gid="later_values",
        )
    if as_of is not None:
        ax.axvline(as_of, color=C["as_of"], linestyle="-.", linewidth=1, zorder=4, gid="as_of")
    if "trajectory" in p and zero is None:
        ax.plot(
            x,
            p["trajectory"].to_numpy(dtype=float, na_value=np.nan),
            color=C["trajectory"],
            linewidth=1.4,
            zorder=3,
            gid="trajectory",
        )
    target = _column(s, "target_value") if zero is None else None
    if target is not None:
        ax.axhline(target, color=C["target"], linestyle="--", linewidth=1.2, zorder=2, gid="target")
    if deadline is not None and isinstance(deadline, (pd.Timestamp, float, int)):
        d = _x_number(deadline)
        ax.axvline(d, color="#7F7F7F", linestyle=":", linewidth=1, zorder=1, gid="deadline")
    _draw_projection(ax, s, target)


def _draw_projection(ax: Axes, s: pd.Series, target) -> None:
    """Note the projected date of reaching the target and its interval (``None`` for a side
    without a bound), drawn on the target line once the x range is known
    (:func:`_projection_interval`). None where ``summary()`` withholds it ("not_projected",
    "contradicted": :func:`qistats.ambition.projection.withhold_projections`)."""
    if target is None or s.get("projection", "projected") not in ("projected", "open_ended"):
        return
    when = _x_number(_column(s, "projected_date"))
    if when is None:
        return
    lo = _x_number(_column(s, "projected_lower"))
    hi = _x_number(_column(s, "projected_upper"))
    dated = not isinstance(_column(s, "projected_date"), (int, float, np.number))
    ax._qistats_projection = (when, float(target), dated, lo, hi)  # type: ignore[attr-defined]


def _projection_drawn(s: pd.Series) -> bool:
    """Whether a series' panel draws a projected date (as :func:`_draw_projection` decides)."""
    if s.get("projection", "projected") not in ("projected", "open_ended"):
        return False
    when, target = _x_number(_column(s, "projected_date")), _column(s, "target_value")
    return when is not None and target is not None


def _continues(lo: float | None, hi: float | None, x_range: tuple[float, float]) -> tuple:
    """Whether an interval (``None``: no bound on that side) reaches past the left and the
    right edge of the x range while some of it is inside."""
    left, right = x_range
    a = left if lo is None else max(lo, left)
    b = right if hi is None else min(hi, right)
    if a > b:
        return False, False
    return lo is None or lo < left, hi is None or hi > right


def _projection_interval(ax: Axes) -> None:
    """The interval of the projected date on the target line, cut at the panel's edges with
    an arrowhead where it goes on (beyond the axis, or without an end); the date as a diamond
    when it lies inside the x range (a date beyond it gets no marker: its label at the edge
    says so)."""
    C = _colours()
    when, level, _, lo, hi = getattr(ax, "_qistats_projection", (None,) * 5)
    if when is None:
        return
    left, right = ax.get_xlim()
    past_left, past_right = _continues(lo, hi, (left, right))
    a = left if lo is None else max(lo, left)
    b = right if hi is None else min(hi, right)
    style = dict(color=C["trajectory"], zorder=5, clip_on=False)
    if a <= b:
        ax.plot(
            [a, b], [level] * 2, linewidth=1.2, solid_capstyle="butt", gid="projection", **style
        )
    for edge, past, head in ((left, past_left, "<"), (right, past_right, ">")):
        if past:
            ax.plot([edge], [level], marker=head, markersize=6, gid="projection_continues", **style)
    if left <= when <= right:
        ax.plot(
            [when],
            [level],
            marker="D",
            markersize=5,
            color=C["trajectory"],
            markerfacecolor=C["paper"],
            linestyle="none",
            zorder=6,
            gid="projection_point",
        )


def _label_projections(fig: Figure, axes: list[Axes]) -> None:
    """Every projected date written beside its diamond where it covers no line, point or
    the panel's edge (found on the laid-out figure), or at the panel's edge with an arrow
    when the date is beyond the x axis; and the notes of panels without data or baseline."""
    C = _colours()
    import matplotlib.dates as mdates

    todo = [a for a in axes if getattr(a, "_qistats_projection", (None,))[0] is not None]
    notes = [a for a in axes if getattr(a, "_qistats_note", None)]
    if not (todo or notes):
        return
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)  # the final positions, which the label is placed in
    style = {"fontsize": 7, "color": C["trajectory"], "zorder": 7}
    for ax in notes:
        place_label(
            ax,
            ax._qistats_note,
            (0.03, 0.97),
            coords="axes",
            # about the panel, not a point: a label moved off the corner drew a line back to
            # it, which read as pointing at a value
            leader=False,
            gid="note",
            fontsize=7.5,
            color=C["text"],
            zorder=7,
        )
    for ax in todo:
        when, level, dated, low, high = ax._qistats_projection
        lo, hi = ax.get_xlim()
        # the one x-words helper, as the reasons write the date: a number as itself (a year
        # 2021.97 read "2.02e+03" with "%.3g")
        date = x_words(pd.Timestamp(mdates.num2date(when)).tz_localize(None) if dated else when)
        date += _OPEN.get((low is None, high is None), "")
        row = [t.get_window_extent() for t in (ax._left_title, *ax.texts) if t.get_text()]
        if lo <= when <= hi:
            place_label(ax, date, (when, level), title_row=row, gid="projection_label", **style)
        else:
            later = when > hi
            place_label(
                ax,
                f"projected {date} →" if later else f"← projected {date}",
                (1.0 if later else 0.0, level),
                coords="edge",
                side=-1 if later else 1,
                leader=False,
                title_row=row,
                gid="projection_beyond",
                **style,
            )


#: The size of the O/E panel's axis label.
OE_LABEL_PT = 8.0


def _draw_oe(ax: Axes, p: pd.DataFrame, x: np.ndarray, better_low: bool) -> None:
    C = _colours()
    if "oe" not in p:
        return
    oe = p["oe"].to_numpy(dtype=float, na_value=np.nan)
    ok = np.isfinite(oe)
    if _has_band(p):  # an empty band's collection would still be an artist "drawn"
        ax.fill_between(
            x[ok],
            p["oe_lower"].to_numpy(dtype=float, na_value=np.nan)[ok],
            p["oe_upper"].to_numpy(dtype=float, na_value=np.nan)[ok],
            color=C["oe_band"],
            lw=0,
            gid="oe_band",
        )
    ax.plot(x[ok], oe[ok], color=C["text"], linewidth=1.2, gid="oe")
    ax.axhline(1.0, color=C["trajectory"], linestyle=":", linewidth=1, gid="on_trajectory")
    # data after the baseline but nothing to compare them with: a baseline that meets an
    # absolute target asks no trajectory, a zero baseline's is zero (an empty panel with only
    # its line at 1 read as a fault)
    if not ok.any() and {"period", "value"} <= set(p.columns):
        after = (p["period"].astype(str) == "comparison").to_numpy()
        if np.isfinite(p["value"].to_numpy(dtype=float, na_value=np.nan)[after]).any():
            ax.text(
                0.5,
                0.8,  # clear of the line at 1
                "no trajectory to compare with",
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=8,
                color="#7F7F7F",
                gid="oe_note",
            )
    # short, at a readable size: how to read it is in the legend's entry for the line at 1
    # (in the label it was squeezed into four lines of about 5 pt)
    ax.set_ylabel("observed ÷ expected", fontsize=OE_LABEL_PT)


def _has_band(p: pd.DataFrame) -> bool:
    """Whether a series' rows ``p`` have an O/E interval to draw (some finite pair)."""
    if not {"oe_lower", "oe_upper"} <= set(p.columns):
        return False
    lo = p["oe_lower"].to_numpy(dtype=float, na_value=np.nan)
    hi = p["oe_upper"].to_numpy(dtype=float, na_value=np.nan)
    return bool((np.isfinite(lo) & np.isfinite(hi)).any())


def _has_oe(p: pd.DataFrame) -> bool:
    """Whether a series' rows ``p`` have an O/E ratio to draw."""
    return "oe" in p and bool(np.isfinite(p["oe"].to_numpy(dtype=float, na_value=np.nan)).any())


def _verdict_label(ax: Axes, s: pd.Series, key: Any) -> None:
    if key is not None:
        ax.set_title(key_label(key), loc="left", fontsize=9.5, pad=4, y=1.0)
    verdict = _column(s, "verdict")
    if verdict is None:
        return
    colour = VERDICT_COLOURS.get(str(verdict), "#7F7F7F")
    ax.text(
        1.0,
        1.0,
        str(verdict).replace("_", " "),
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=8,
        color="white",
        fontweight="bold",
        gid="verdict",
        bbox={"boxstyle": "round,pad=0.25", "facecolor": colour, "edgecolor": "none"},
    )


def _common_y(axes: list[Axes]) -> None:
    lims = np.array([a.get_ylim() for a in axes if np.isfinite(a.dataLim.y0)])
    if lims.size:
        for a in axes:
            a.set_ylim(lims[:, 0].min(), lims[:, 1].max())


def _column_index(ax: Axes) -> int:
    spec = ax.get_subplotspec()
    return 0 if spec is None else spec.get_topmost_subplotspec().colspan.start


def _label_left(axes: list[Axes]) -> None:
    """One y axis per row: tick labels (and the O/E panels' label) on the first column only."""
    for a in axes:
        if _column_index(a):
            a.tick_params(labelleft=False)
            a.set_ylabel("")


def _entries(
    amb: Ambition,
    summ: pd.DataFrame,
    drawn: list[pd.DataFrame],
    x_range: tuple[float, float] | None,
    oe: bool,
) -> list[str]:
    """The legend's entries for the series drawn (``summ``: their summary rows, in the order
    of ``drawn``, their rows of ``periods``). A target or trajectory is named only when a
    series drawn has one: a baseline that meets an absolute target asks no change (no
    trajectory), and a zero baseline's relative target is the baseline itself (neither is
    drawn, ``_zero_baseline``); ``series=`` of such wards alone listed both."""
    out = ["values", "baseline"]
    zero = [_zero_baseline(amb, s) is not None for _, s in summ.iterrows()]
    if any(
        not z and _column(s, "target_value") is not None
        for z, (_, s) in zip(zero, summ.iterrows(), strict=True)
    ):
        out.append("target")
    if any(
        not z and np.isfinite(p["trajectory"].to_numpy(dtype=float, na_value=np.nan)).any()
        for z, p in zip(zero, drawn, strict=True)
        if "trajectory" in p
    ):
        out.append("trajectory")
    if any((p["period"] == "later").any() for p in drawn):
        out.append("later")
    if _as_of_line(amb) is not None:
        out.append("as_of")
    if {"current_start", "current_end"} <= set(summ.columns):
        out.append("window")
    if "projected_date" in summ and any(_projection_drawn(s) for _, s in summ.iterrows()):
        out.append("projection")
        if x_range is not None and _any_continues(summ, x_range):
            out.append("continues")
    out.append("deadline")
    if oe:
        # the O/E line and its band only when drawn: wards whose baseline meets an absolute
        # target have no trajectory, so no ratio, and their panels show the line at 1 alone
        if any(_has_band(p) for p in drawn):
            out.append("oe")
        elif any(_has_oe(p) for p in drawn):
            out.append("oe_line")
        out.append("on_trajectory")
    return out


def _any_continues(summ: pd.DataFrame, x_range: tuple[float, float]) -> bool:
    """Whether some drawn projection interval goes on past a panel's edge."""
    for _, s in summ.iterrows():  # one row per series drawn, for the legend only
        if not _projection_drawn(s):
            continue
        lo = _x_number(_column(s, "projected_lower"))
        hi = _x_number(_column(s, "projected_upper"))
        if any(_continues(lo, hi, x_range)):
            return True
    return False


def _handles(keys: list[str], better_low: bool = True) -> list[Any]:
    """The legend's entries ``keys``; the line at 1 says which side of it is ahead (below
    for a reduction, ``better_low``)."""
    C = _colours()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    style = {
        "values": dict(color=C["line"], marker="o", markersize=3, linewidth=1.2),
        "target": dict(color=C["target"], linestyle="--", linewidth=1.2),
        "trajectory": dict(color=C["trajectory"], linewidth=1.4),
        "projection": dict(
            color=C["trajectory"],
            marker="D",
            markerfacecolor=C["paper"],
            linestyle="-",
            linewidth=1,
            markersize=5,
        ),
        "continues": dict(color=C["trajectory"], marker=">", linestyle="none", markersize=6),
        "deadline": dict(color="#7F7F7F", linestyle=":", linewidth=1),
        "on_trajectory": dict(color=C["trajectory"], linestyle=":", linewidth=1),
        "oe_line": dict(color=C["text"], linewidth=1.2),
        "later": dict(
            color=C["later"],
            marker="o",
            markersize=3,
            markerfacecolor=C["paper"],
            linestyle="--",
            linewidth=1,
        ),
        "as_of": dict(color=C["as_of"], linestyle="-.", linewidth=1),
    }
    out = []
    for k in keys:
        if k == "baseline":
            out.append(Patch(facecolor=C["baseline"], edgecolor=C["mean"], label=_WORDS[k]))
        elif k == "window":
            out.append(Patch(facecolor=C["window"], edgecolor=C["improvement"], label=_WORDS[k]))
        elif k == "oe":
            out.append(Patch(facecolor=C["oe_band"], edgecolor=C["text"], label=_WORDS[k]))
        else:
            words = _WORDS[k].format(side="below" if better_low else "above")
            out.append(Line2D([], [], label=words, **style[k]))
    return out


# ----------------------------------------------------------------------------- overview


def _ratio(top: pd.Series, bottom: pd.Series) -> np.ndarray:
    """``top / bottom``, NaN (and no warning) where the baseline is zero or missing."""
    a, b = top.to_numpy(dtype=float), bottom.to_numpy(dtype=float)
    ok = np.isfinite(a) & np.isfinite(b) & (b != 0)
    return np.divide(a, b, out=np.full(a.shape, np.nan), where=ok)


def _fit_ylabels(fig: Figure) -> None:
    """Every panel's y label within its own panel's height, on the laid-out figure: in up to
    four lines, then smaller (down to 6 pt), then without a part in brackets. In a tall grid
    with O/E panels (``oe=True``, 49 wards) the rate panel's label ran down beside the O/E
    panel and the O/E panel's label up beside the rate panel, over each other."""
    labelled = [a for a in fig.axes if a.get_visible() and a.get_ylabel()]
    if not labelled:
        return
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)  # the final positions, which the labels must fit
    r = renderer_of(fig)
    for ax in labelled:
        label = ax.yaxis.label
        room = ax.get_window_extent(r).height
        if label.get_window_extent(r).height > room:
            words = " ".join(label.get_text().split())
            texts = [words, words.split(" (")[0]] if " (" in words else [words]
            _fit_label(label, texts, room, r)


def _fit_label(label: Any, texts: list[str], room: float, renderer: Any) -> None:
    """The first of ``texts``, at the largest size from the label's down to 6 pt, that fits
    ``room`` (pixels) in at most four lines of even length; else the last, at 6 pt."""
    import textwrap

    size = label.get_fontsize()
    for text in texts:
        for pt in np.arange(size, 5.9, -0.5):
            label.set_fontsize(pt)
            for lines in (1, 2, 3, 4):  # fewest lines first, each about as long as the others
                chars = -(-len(text) // lines)
                while len(wrapped := textwrap.wrap(text, chars, break_long_words=False)) > lines:
                    chars += 1
                label.set_text("\n".join(wrapped))
                if label.get_window_extent(renderer).height <= room:
                    return


def _fitted_text(fig: Figure, text: str, top_in: float, **style: Any) -> Any:
    """``text`` at the figure's top left, ``top_in`` inches down, wrapped to the figure width
    (never inside a date, :func:`~qistats.plot.layout.fill`)."""
    W, H = fig.get_size_inches()
    drawn = fig.text(0.12 / W, 1 - top_in / H, text, **style)
    renderer = renderer_of(fig)
    room = (W - 0.24) * 0.95  # text drawn at a low dpi is a few % wider than measured here
    lines = text.split("\n")  # each line wrapped on its own (the longest decides the width)
    chars = max(map(len, lines))
    width = drawn.get_window_extent(renderer).width / fig.dpi
    while width > room and chars > 10:
        chars = max(min(int(chars * room / width), chars - 1), 10)
        drawn.set_text(fill("\n".join(lines), chars))
        width = drawn.get_window_extent(renderer).width / fig.dpi
    return drawn


def _open_intervals(ax, change, lo, hi, rows, colours) -> None:
    """Intervals of a change without an upper end: an arrow from the lower end to the right
    edge of the axes, the x range widened to show that end. Not for rows without a change
    (a baseline of zero, :func:`_no_change_notes`)."""
    open_ = np.flatnonzero(np.isfinite(change) & np.isfinite(lo) & (hi == np.inf))
    if not open_.size:
        return
    left, right = ax.get_xlim()
    right = max(right, float(np.max(lo[open_])) + 0.1 * (right - left))
    ax.set_xlim(left, right)
    for i in open_:  # one arrow per open interval (a handful of rows)
        ax.annotate(
            "",
            xy=(right, rows[i]),
            xytext=(lo[i], rows[i]),
            arrowprops={"arrowstyle": "-|>", "color": colours[i], "linewidth": 1.6},
            gid="open_interval",
        )


def _no_change_notes(ax, amb: Ambition, summ: pd.DataFrame, change, rows, colours) -> None:
    """Rows without a change from baseline (a % change of zero is none): a note in words at
    the left of the row, in the verdict's colour, instead of an interval. With no events in
    the baseline the ratio's interval runs from a lower end to infinity; drawn, it was an
    arrow stub far right of every other ward that widened the axis."""
    none = np.flatnonzero(~np.isfinite(change))
    if not none.size:
        return
    base, now, target = (
        summ[c].to_numpy(dtype=float) for c in ("baseline_value", "current_value", "target_value")
    )
    zero, said = _zero_baselines(amb, base)
    # why there is none, as the pooled row's note says it (a ward that opened after the
    # baseline, or closed before the window, read "no % change to show")
    why = np.select(
        [zero, ~np.isfinite(base), ~np.isfinite(now), ~np.isfinite(target)],
        [said, "no baseline data", "no data in the assessment window", "no target"],
        "",
    )
    # an absolute target judges a ward without baseline data on its level alone: say it
    absolute = not isinstance(amb.definition.target, str)
    alone = absolute & ~np.isfinite(base) & np.isfinite(now) & np.isfinite(target)
    shown = _levels_shown(summ, amb.definition.kind == "proportion" and _percent_scale(amb))
    for i in none:  # a handful of rows
        text = f"{why[i]}: no % change" if why[i] else "no % change to show"
        if alone[i]:
            text = f"{why[i]}; level alone: {shown[i]}"
        _row_note(ax, text, rows[i], colours[i], "no_change")


def _no_pooled_change(ax, amb: Ambition, pooled: pd.Series) -> None:
    """The pooled row's note where the pooled ratio is not finite: every series pooled has a
    baseline of zero (``pooled()``'s ``rate_ratio`` is infinite: its programme baseline has no
    events, so no % change), or none is pooled. Drawn as the rows' own notes
    (:func:`_no_change_notes`)."""
    n = int(pooled.get("n_series", 0) or 0)
    zero = int(pooled.get("series_zero_baseline", 0) or 0)
    if n and zero == n:
        said = _zero_baselines(amb, np.array([0.0]))[1].replace("the baseline", "any baseline")
        text = f"{said} pooled: no pooled % change"
    else:
        text = "no series pooled: no pooled % change" if not n else "no pooled % change"
    _row_note(ax, text, 0.6, _colours()["text"], "no_pooled_change")


def _row_note(ax, text: str, row: float, colour, gid: str) -> None:
    """A row's note in words at the left of the axis (x in axes fraction, y in rows), on the
    paper's colour so that it is read over the row's target mark it would run through."""
    ax.annotate(
        text,
        xy=(0, row),
        xycoords=ax.get_yaxis_transform(),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        fontsize=7.5,
        fontstyle="italic",
        color=colour,
        gid=gid,
        bbox={"facecolor": _colours()["paper"], "edgecolor": "none", "pad": 0.6},
        zorder=5,
    )


def _percent_scale(amb: Ambition) -> bool:
    """Whether a proportion is shown in percent (``multiply=100``), its levels with a %."""
    return float(amb.definition.multiply) == 100


def _levels_shown(summ: pd.DataFrame, percent: bool) -> list[str]:
    """Each row's window level and interval against its target, as a board writes numbers:
    "3.15 (2.18–4.4) vs target 6" ("%" after each where ``percent``)."""
    pc = "%" if percent else ""
    cols = ("current_value", "current_lower", "current_upper", "target_value")
    v, lo, hi, t = (format_numbers(summ[c].to_numpy(dtype=float)) for c in cols)
    return [
        f"{a}{pc} ({b}–{c}{pc}) vs target {d}{pc}" for a, b, c, d in zip(v, lo, hi, t, strict=True)
    ]


def _target_ratio(amb: Ambition, summ: pd.DataFrame) -> np.ndarray:
    """The target as a ratio on the scale of ``rate_ratio`` (the estimand's): the target over
    the baseline, or for ``target="shortfall"`` the target's shortfall over the baseline's,
    (m − target)/(m − baseline) with m the ``multiply`` of 100 %."""
    if amb.definition.target == "shortfall":
        m = float(amb.definition.multiply)
        return _ratio(m - summ["target_value"], m - summ["baseline_value"])
    return _ratio(summ["target_value"], summ["baseline_value"])


def _asks_no_change(amb: Ambition, summ: pd.DataFrame) -> np.ndarray:
    """Per row, whether an absolute target asks no change of the series: its baseline is on
    the target's good side already. The overview draws no target change for it: a ward at 1.2
    per 1,000 under "at or below 12" had its mark at +885 %, read as a rise asked for, and the
    scale stretched to hold it."""
    if isinstance(amb.definition.target, str) or "baseline_value" not in summ:
        return np.zeros(len(summ), dtype=bool)
    base = summ["baseline_value"].to_numpy(dtype=float)
    aim = summ["target_value"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return (base <= aim) if amb.definition.improvement == "decrease" else (base >= aim)


def _met_unclearly(summ: pd.DataFrame, verdict: np.ndarray | None) -> np.ndarray:
    """Per row, whether the verdict is "met" by the point estimate while its interval still
    reaches the target (``clearly_met`` False). Not "on_track": before the deadline it is
    judged on the trajectory, which expects only part of the change by now, so an interval
    reaching the final target says nothing against it (15 of 16 bundled wards on track in
    June 2023 were hollow, ahead of the trajectory among them)."""
    if verdict is None or "clearly_met" not in summ:
        return np.zeros(len(summ), dtype=bool)
    clearly = summ["clearly_met"].fillna(False).astype(bool).to_numpy()
    return (verdict == "met") & ~clearly


def _overview(amb, by, keys, figsize, title, subtitle, xlabel, legend) -> Figure:
    """A forest plot: per series the change from baseline (%) with its interval, the target
    change, the verdict; the pooled programme change below."""
    C = _colours()
    from matplotlib.lines import Line2D

    summ = amb.summary()
    summ = summ.iloc[np.concatenate([_groups(summ, by, keys)[k] for k in keys])]
    ratio = summ.get("rate_ratio")
    if ratio is None:
        raise ArgumentError("view='overview': this ambition's summary has no rate_ratio column.")
    change = (ratio.to_numpy(dtype=float) - 1) * 100
    lo = (summ["rate_ratio_lower"].to_numpy(dtype=float) - 1) * 100
    hi = (summ["rate_ratio_upper"].to_numpy(dtype=float) - 1) * 100
    target = (_target_ratio(amb, summ) - 1) * 100
    target[_asks_no_change(amb, summ)] = np.nan
    verdict = summ["verdict"].astype(str).to_numpy() if "verdict" in summ else None
    order = np.argsort(np.where(np.isfinite(change), change, np.inf), kind="stable")[::-1]
    labels = [key_label(keys[i]) for i in order] if by else ["all"]
    n = len(order)
    head_in = 0.9 if subtitle else 0.7
    unclear = _met_unclearly(summ, verdict)[order]
    keys_n = 5 if unclear.any() else 4  # the legend's entries
    width = figsize[0] if figsize else 8.5
    ncol = 2 if width < 7 else 3 if keys_n == 5 else 4  # rows rather than clipped
    rows_n = -(-keys_n // ncol)
    foot_in = 0.5 + 0.2 * max(rows_n - 1, 0) * (keys_n == 5) if legend else 0.5
    height = head_in + 0.24 * (n + 2) + 0.4 + foot_in
    fig, ax = pyplot().subplots(figsize=figsize or (8.5, min(height, 24)), layout="constrained")
    fig.get_layout_engine().set(
        rect=(
            0,
            foot_in / fig.get_size_inches()[1],
            1,
            1 - (head_in + foot_in) / fig.get_size_inches()[1],
        )
    )
    pooled = amb.pooled()
    has_pooled = {"rate_ratio", "rate_ratio_lower", "rate_ratio_upper"} <= set(pooled.columns)
    note = _pooled_note(amb, by, pooled.iloc[0]) if has_pooled else None
    if note:  # under the axes, above the legend: the figure grows by its height (unless
        # the caller gave its size, which the axes then give up)
        W, H = fig.get_size_inches()
        drawn = _fitted_text(
            fig, note, 0, fontsize=8, fontstyle="italic", va="bottom", color=C["as_of"]
        )
        drawn.set_gid("pooled_note")
        note_in = drawn.get_window_extent(renderer_of(fig)).height / fig.dpi + 0.12
        if not figsize:
            H += note_in
            fig.set_size_inches(W, H)
        drawn.set_y(foot_in / H)
        foot_in += note_in
        fig.get_layout_engine().set(rect=(0, foot_in / H, 1, 1 - (head_in + foot_in) / H))
    rows = np.arange(n)[::-1] + 2.0
    colours = (
        [VERDICT_COLOURS.get(v, "#7F7F7F") for v in verdict[order]]
        if verdict is not None
        else [C["text"]] * n
    )
    has_change = np.isfinite(change[order])  # no interval without a change (a zero baseline)
    ax.hlines(
        rows[has_change],
        lo[order][has_change],
        hi[order][has_change],
        colors=list(np.array(colours, dtype=object)[has_change]),
        linewidth=1.6,
        gid="intervals",
    )
    # "met" by the point estimate while the interval still reaches the target
    # (clearly_met False): hollow, so that it is not read as a clear "met" (11 of the 20
    # bundled wards met by 2024)
    faces = np.array(colours, dtype=object)
    faces[unclear] = C["paper"]
    ax.scatter(
        change[order],
        rows,
        c=list(faces),
        edgecolors=colours,
        linewidths=1.4,
        s=28,
        zorder=3,
        gid="changes",
    )
    ax.scatter(target[order], rows, marker="|", s=120, color=C["target"], zorder=4, gid="target")
    ax.axvline(0, color="#7F7F7F", linewidth=0.8)
    _open_intervals(ax, change[order], lo[order], hi[order], rows, colours)
    _no_change_notes(ax, amb, summ.iloc[order], change[order], rows, colours)
    if has_pooled:
        pr = pooled.iloc[0]
        c, low, high = (
            (pr["rate_ratio"] - 1) * 100,
            (pr["rate_ratio_lower"] - 1) * 100,
            (pr["rate_ratio_upper"] - 1) * 100,
        )
        if np.isfinite(c):
            ax.fill(
                [low, c, high, c], [0.6, 0.85, 0.6, 0.35], color=C["text"], gid="pooled", zorder=3
            )  # over the grid lines, which cut it in two
        else:  # every pooled series has a baseline of zero (or none is pooled): say so
            _no_pooled_change(ax, amb, pr)
        labels = [*labels, "all (pooled)"]
        rows = np.r_[rows, 0.6]
    ax.set_yticks(rows, labels, fontsize=8)
    ax.set_ylim(0, n + 2.6)
    shortfall = amb.definition.target == "shortfall"
    scale = "change in the shortfall from 100%" if shortfall else "change from baseline"
    ax.set_xlabel(xlabel or f"{scale} (%), with 95% interval", fontsize=9)
    ax.grid(axis="x", color=frame_colours()["grid"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if verdict is not None:  # on a right-hand axis, so the layout keeps them in the figure
        right = ax.twinx()  # a twin, not secondary_yaxis: figures must pickle
        right.set_ylim(ax.get_ylim())
        right.set_yticks(rows[:n], [v.replace("_", " ") for v in verdict[order]], fontsize=7.5)
        right.tick_params(length=0)
        for side in ("top", "right", "left", "bottom"):
            right.spines[side].set_visible(False)
        for text, colour in zip(right.get_yticklabels(), colours, strict=True):
            text.set_color(colour)
            text.set_gid("verdict")
        right.set_gid("verdicts")
    if not (np.isfinite(change).any() or np.isfinite(target).any()):
        ax.set_xlim(-100, 100)  # nothing drawn on the scale: not ±0.04 % around 0
    ax.xaxis.set_major_formatter(tick_formatter(suffix="%"))
    H = fig.get_size_inches()[1]
    top = 0.12
    for text, size, extra in ((title, 13, {"fontweight": "bold"}), (subtitle, 10, {})):
        if text:
            drawn = _fitted_text(fig, text, top, fontsize=size, va="top", **extra)
            drawn.set_gid("title" if text is title else "subtitle")
            if text is subtitle:
                drawn.set_color(C["as_of"])
            top += drawn.get_window_extent().height / fig.dpi + 0.08
    if top > head_in:
        fig.get_layout_engine().set(rect=(0, foot_in / H, 1, 1 - (top + foot_in) / H))
    if legend:
        handles = [
            Line2D([], [], color=VERDICT_COLOURS["met"], marker="o", label="met / on track"),
            *(
                [
                    Line2D(
                        [],
                        [],
                        color=VERDICT_COLOURS["met"],
                        marker="o",
                        markerfacecolor=C["paper"],
                        label="met, interval reaching the target",
                    )
                ]
                if unclear.any()
                else []
            ),
            Line2D(
                [], [], color=VERDICT_COLOURS["off_track"], marker="o", label="not met / off track"
            ),
            Line2D(
                [],
                [],
                color=VERDICT_COLOURS["insufficient_data"],
                marker="o",
                label="insufficient data",
            ),
            Line2D(
                [],
                [],
                color=C["target"],
                marker="|",
                linestyle="none",
                markersize=10,
                label="target change",
            ),
        ]
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=ncol,
            frameon=False,
            fontsize=8,
            bbox_to_anchor=(0.5, 0.02 / H),
        ).set_gid("legend")
    literal_text(fig)
    return release(fig)


__all__ = ["VERDICT_COLOURS", "plot_ambition"]
