"""plot_spc: an SPC result as one chart or a grid of small multiples, in either style."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._args import choose, name_key
from ..charts import GAP_CHARTS, get_chart, ratio_in_percent
from . import mdc, qicharts2
from .arguments import check_common, check_optional_flags, keywords
from .colours import frame_colours
from .formatting import (
    all_whole,
    as_plot_x,
    check_date_format,
    is_dates,
    measure_label,
    number,
    plot_x,
    readable,
    style_axes,
    x_ticks,
)
from .layout import (
    Page,
    chosen,
    finish,
    key_label,
    label_outer,
    new_page,
    pyplot,
    series_keys,
    settle,
)
from .panel import (
    PHASE_LABEL_PT,
    POINT_COLUMNS,
    SUMMARY_COLUMNS,
    Options,
    arrays,
    clear_labels_of_data,
    fit_phase_labels,
    make_panel,
    ranging,
    separate_labels,
    trial_points,
)
from .periods import is_periods, period_name

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..result import SPCResult

STYLES = ("mdc", "qicharts2")
#: Other names of a style: qicharts2's function is ``qic()``.
_ALIASES = {"qic": "qicharts2"}
_STYLE = {"mdc": mdc, "qicharts2": qicharts2}
#: Charts whose first point of a phase has no value by definition (not a missing period).
_NO_FIRST_VALUE = frozenset({"mr"})


def style_name(style: Any) -> str:
    """The style's name (``"mdc"`` or ``"qicharts2"``) from any case or alias (``"qic"``); a
    QIStatsError naming the styles for anything else."""
    style = _ALIASES.get(name_key(style), style) if isinstance(style, str) else style
    return choose(style, "style", STYLES)  # any case, as every name qistats takes


@keywords
def plot_spc(
    res: SPCResult,
    ax: Axes | None = None,
    *,
    style: str = "mdc",
    series: Any = None,
    ncols: int | None = None,
    sharey: bool = True,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    date_format: str | None = None,
    percent: bool | None = None,
    label_limits: bool | None = None,
    icons: bool = True,
    legend: bool | None = None,
) -> Figure:
    """Draw an SPC result: one chart, or a grid of small multiples with one legend.

    Parameters
    ----------
    res : SPCResult
        What :func:`qistats.spc` returned.
    ax : matplotlib Axes, optional
        Draw one series into this axes (its figure is returned). The title goes in it, with
        the series' name (``series="BRI3"``) under it, wrapped to the axes' width left of
        the icons: the charts of a grid of your own say which ward each shows. Make the
        grid with ``plt.subplots(..., layout="constrained")`` so that the title's lines get
        room above each axes (without a layout engine the top row's run off the figure).
    style : {"mdc", "qicharts2"}, default "mdc"
        Any case; ``"qic"`` (qicharts2's function) is ``"qicharts2"``.
        ``"mdc"`` (Making Data Count, as NHSRplotthedots): grey points and line, the mean,
        dashed process limits, special-cause points coloured by ``variation`` (improvement
        #00B0F0, concern #E46C0A, neither #490092), a red dashed target, the baseline period
        shaded, and the variation and assurance icons above each panel. ``"qicharts2"`` (as
        qicharts2's ``plot.qic``): blue data, red points where a rule flags that point, a
        grey band between the limits, the centre line dashed red in a phase with a runs
        signal (or a shift), a green dashed target, a dashed freeze line, and plain rounded
        labels of the lines at the end of each phase. Which points are red: with qicharts2's
        rules (``rules="anhoej"``) only the points outside the limits, as ``plot.qic``
        (``sigma.signal``); with other rule sets the points a point-level rule flags
        (outside the limits, two of three, shift, trend, …). Rules that judge a whole phase
        (Anhøj's long run and too few crossings, the IHI runs test) colour no point: they
        dash the centre line. The ``signal`` column of ``res.points`` still holds them all.
    series : key or list of keys, optional
        The series to draw (by-values; a tuple for several by-columns). Default: all.
    ncols : int, optional
        Columns of the grid. Default: one row up to 3 series, then about square (49 series
        make 7 × 7), shrunk to fit 24 × 24 in.
    sharey : bool, default True
        One y range, and one x range, for every panel (as qicharts2 and NHSRplotthedots
        facets): panels can be compared at a glance; the y axis is labelled on the first
        panel of each row and the dates under the last panel of each column. ``False``
        gives each panel its own ranges and labels: use it to read the pattern within wards
        of very different levels (beside a ward at 40 per 1,000 one at 5 is drawn near the
        floor of a shared axis), and read each panel's tick labels before comparing two.
        ``series=`` draws one ward alone.
    figsize : (float, float), optional
        Width and height in inches. Default: 9 × 4.8 for one series, about 3.4 × 2.5 a panel.
    title : str, optional
        Drawn above the panels (never over them). Default: the chart's title
        (``SPCResult.title``) in words; ``title=""`` draws none.
    subtitle : str, optional
        Drawn under the title. Default: none.
    xlabel, ylabel : str, optional
        Axis labels (once for a grid). Default: no x label; the y label says what the values
        are, in the words of the title (``falls per 1,000 bed days``); ``ylabel=""`` draws
        none.
    date_format : str, optional
        strftime format of date ticks. Default: month names for monthly data (``Apr 2021``),
        day and month for weekly and daily data, as many ticks as fit.
    percent : bool, optional
        Show the y axis and labels as percentages. Values 0–1 are fractions (0.97 is
        "97%"), as are values made 0–100 with ``multiply=100``; a column already in per cent
        (every value from 0 to 100 and some above 1.5, which no fraction is: an extract's
        ``pct_seen_4h`` of 92 to 100) is shown as it is (97 is "97%"), not multiplied by 100.
        Default: for P and P′ charts, and for a ratio y / n on a chart of measurements
        (XmR, I, run…) with ``multiply=100`` (labelled ``y / n``, as a board shows a
        measure with ``multiply`` 100; a U chart's ``multiply=100`` is a rate per 100, not
        a percentage). A percentage's process limits are
        drawn (and labelled) within 0 and 100 %, and its axis stops at 100 % when the data
        do: an XmR chart of harm-free care at 98.5 % has an upper limit of 100.9 %, which no
        month can reach. ``res.points`` and ``res.summary()`` keep the limits as computed
        (as NHSRplotthedots' ``ptd_spc`` does); a P chart's are computed within 0 and 1.
        Likewise counts (a series of whole numbers, or of ratios y / n, none below 0) have
        a lower limit below 0 drawn at 0, and no negative axis: an XmR chart of 3 falls a
        month has a lower limit near −4 that no month can reach (as qicharts2 sets the
        lower limits of its C, U and P charts to 0, which qistats computes so too). A
        series with a negative value keeps its limits where they are.
    label_limits : bool, optional
        Label the centre line and limits at the end of each phase with plain rounded numbers,
        and the target once where its value ends. A label of an earlier phase slides along
        its line, within its phase, to a place clear of the data; it moves off its line, or
        is left out, rather than cover a data point. Default: True in the qicharts2 style,
        False in the MDC style.
    icons : bool, default True
        The Making Data Count icons (MDC style).
    legend : bool, optional
        One legend for the figure, below the panels (larger on figures wider than 12 in,
        which are seen shrunk). Default: True for a new figure, False
        when drawing into ``ax`` (True puts it inside that axes).

    Returns
    -------
    matplotlib.figure.Figure
        Never written to a file: call ``fig.savefig(...)``.

    Examples
    --------
    >>> import qistats as qi
    >>> df = qi.datasets.restrictive_practice()
    >>> res = qi.spc(df, y="restraints", n="bed_days", x="month", by="ward", chart="u",
    ...              multiply=1000, rules="mdc", improvement="decrease")
    >>> fig = res.plot(ncols=4, title="Restraints per 1,000 bed days")
    >>> len([a for a in fig.axes if a.get_visible()]) == df.ward.nunique()
    True
    """
    pyplot()  # matplotlib, or an ImportError that says how to install it
    check_common(
        ncols=ncols,
        figsize=figsize,
        sharey=sharey,
        texts={"title": title, "subtitle": subtitle, "xlabel": xlabel, "ylabel": ylabel},
        flags={"icons": icons, "legend": ax is None if legend is None else legend},
    )
    style = style_name(style)
    check_date_format(date_format)
    check_optional_flags(percent=percent, label_limits=label_limits)
    return draw_spc(
        res,
        ax,
        style=style,
        series=series,
        ncols=ncols,
        sharey=sharey,
        figsize=figsize,
        title=title,
        subtitle=subtitle,
        xlabel=xlabel,
        ylabel=ylabel,
        date_format=date_format,
        percent_of=_percent_of(res, percent),
        label_limits=label_limits,
        icons=icons,
        legend=legend,
    )


def draw_spc(
    res: SPCResult,
    ax: Axes | None,
    *,
    style: str,
    series: Any,
    ncols: int | None,
    sharey: bool,
    figsize: tuple[float, float] | None,
    title: str | None,
    subtitle: str | None,
    xlabel: str | None,
    ylabel: str | None,
    date_format: str | None,
    percent_of: float | None,
    label_limits: bool | None,
    icons: bool,
    legend: bool | None,
) -> Figure:
    """:func:`plot_spc` with its arguments checked and ``percent`` resolved to the value
    shown as 100 % (``percent_of``, None for plain numbers): a board, which knows a measure
    is in % from its unit, draws its panels with it."""
    by = res.by
    x_name = res.points.columns[len(by)]
    keys = chosen(series_keys(res.points, by), series, by)
    positions = _positions(res.points, by, keys)
    points = res.points.iloc[_rows(positions, keys)]
    summary = res.summary()
    drawer = _STYLE[style]
    legend = ax is None if legend is None else legend
    trial = trial_points(points, summary, by)
    events = np.full(len(points), res.chart in GAP_CHARTS)
    legend_keys = (
        (
            drawer.entries(points, by, trial=trial, events=events)
            if style == "mdc"
            else drawer.entries(points, summary, by, trial=trial, events=events)
        )
        if legend
        else []
    )
    if style == "mdc":
        legend_keys = drawer.name_centre(legend_keys, [res.chart])
    if not np.isfinite(points["value"].to_numpy(dtype=float, na_value=np.nan)).any():
        legend_keys = []  # nothing drawn anywhere ("no data"): nothing to explain
    mark_missing = res.chart not in _NO_FIRST_VALUE
    if not mark_missing:
        legend_keys = [k for k in legend_keys if k != "missing"]
    handles = drawer.handles(legend_keys) if legend_keys else []
    title = readable(res.title) if title is None else title
    ylabel = _measure(res, percent_of) if ylabel is None else ylabel
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
    )
    opts = Options(
        icons=icons,
        label_limits=(style == "qicharts2") if label_limits is None else bool(label_limits),
        percent_of=percent_of,
        dots_only=isinstance(points[x_name].dtype, pd.CategoricalDtype)
        and not points[x_name].cat.ordered,
        mark_missing=mark_missing,
        icon_pt=page.icon_pt,
        panel_width_in=page.panel_width_in,
        first_blank=res.chart in GAP_CHARTS,
    )
    x_all = as_plot_x(res.points[x_name])
    # counts (whole observed values, not percentages) are ticked at whole numbers
    counts = percent_of is None and all_whole(res.points["value"].to_numpy(float, na_value=np.nan))
    # panels sharing a y range share the x range too: ticks made once, labelled at the bottom
    share_x = sharey and page.own and len(keys) > 1
    common = x_ticks(x_all.iloc[_rows(positions, keys)], page.panel_width_in, date_format)
    point_cols = arrays(res.points, POINT_COLUMNS)
    if style == "qicharts2":
        point_cols["point_signal"] = qicharts2.point_signal(res.points)
    summary_cols = arrays(summary, SUMMARY_COLUMNS)
    phases = _positions(summary, by, keys)
    seen = point_cols["value"]
    ratio = bool(res.params.get("n"))  # values y/n: never negative when none is
    latest, monthly = _latest(x_all, np.isfinite(seen))
    for key, a in zip(keys, page.axes, strict=True):
        rows = positions[key]
        xs = x_all.iloc[rows]
        panel = make_panel(
            a,
            point_cols,
            rows,
            summary_cols,
            phases[key],
            plot_x(xs),
            percent_of=percent_of,
            ratio=ratio,
        )
        drawer.draw(panel, opts)
        a.autoscale_view()  # lines are added directly, without ax.plot's autoscale request
        ticks = common if share_x else x_ticks(xs, page.panel_width_in, date_format)
        style_axes(a, ticks, percent_of, styled=page.own, counts=counts)
        if key is not None:
            # y given: no automatic title placement (a renderer pass per panel at draw time)
            name = key_label(key) + _behind(xs, np.isfinite(seen[rows]), latest, monthly)
            a.set_title(name, fontsize=9.5 if len(keys) > 1 else 11, loc="left", pad=4, y=1.0)
    _fit_y(page.axes, percent_of, sharey)
    if share_x:
        _common_x(page.axes)
    label_outer(page, share_x=share_x, share_y=sharey)
    if any(t.get_gid() == "phase_label" for a in page.axes for t in a.texts):
        settle(page)
        for a in page.axes:
            fit_phase_labels(a)
    return finish(
        page,
        title=title or None,
        subtitle=subtitle,
        xlabel=xlabel,
        ylabel=ylabel,
        handles=handles,
        # on the final layout: titles shortened and axis labels added move the panels, and
        # a label cleared of a point by a few pixels before would cover it after
        then=(lambda _: place_limit_labels(page)) if opts.label_limits else None,
    )


def _latest(x: pd.Series, seen: np.ndarray) -> tuple[Any, bool]:
    """The latest x with a value in the result (None for categories, or without values), and
    whether the x are dates a month or more apart (named "Feb 2024", else "4 Mar 2024"), or
    all on the first or last day of their months (series dating their months on the 1st
    beside others dated on month ends, whose distinct dates are a day or a month apart)."""
    if not seen.any() or isinstance(x.dtype, pd.CategoricalDtype):
        return None, False
    if not (is_dates(x) or is_periods(x) or pd.api.types.is_numeric_dtype(x.dtype)):
        return None, False
    monthly = False
    if is_dates(x):
        dates = pd.DatetimeIndex(x.dropna().unique()).sort_values()
        days = (dates[1:] - dates[:-1]).days  # whatever the resolution (ns, us, s)
        monthly = bool(days.size) and float(np.median(days)) >= 28
        ends = (dates == dates.normalize()) & (dates.is_month_start | dates.is_month_end)
        monthly = monthly or (bool(days.size) and bool(ends.all()))
    return x[seen].max(), monthly


def _behind(xs: pd.Series, seen: np.ndarray, latest: Any, monthly: bool) -> str:
    """A second title line, "latest: Feb 2024", for a series whose last value is older than the
    result's latest (a ward whose March is missing, a trust that stopped returning data):
    its panel ends early and its icons describe that older period, which the shared x axis
    alone does not make plain. "" for a series up to date."""
    if latest is None or not seen.any():
        return ""
    last = xs[seen].max()
    if not last < latest:
        return ""
    if monthly and is_dates(xs):
        a, b = pd.Timestamp(last), pd.Timestamp(latest)
        if (a.year, a.month) == (b.year, b.month):
            return ""  # March dated 1 March beside March dated 31 March: the same month
    if is_periods(xs):
        when = period_name(last)
    elif is_dates(xs):
        when = pd.Timestamp(last).strftime("%b %Y" if monthly else "%d %b %Y").lstrip("0")
    else:
        when = number(float(last))
    return f"\nlatest: {when}"


def place_limit_labels(page: Page) -> None:
    """Lay the panels out, then spread each panel's limit labels apart and clear them of the
    data, from their lines (:func:`~qistats.plot.panel.separate_labels`): call it again when
    the y ranges or the panels' sizes change after drawing (a board's titles and shared
    ranges), else labels placed for the old ones may overlap or sit far from their lines."""
    settle(page)
    for a in page.axes:
        separate_labels(a, 7.0 * 1.3)  # 7 pt labels, 2 pt apart
        clear_labels_of_data(a)


def _positions(points: pd.DataFrame, by: list[str], keys: list[Any]) -> dict[Any, np.ndarray]:
    """Row positions of each series, from one grouping (not one scan of the frame per series)."""
    if not by:
        return {None: np.arange(len(points))}
    groups = points.groupby(by if len(by) > 1 else by[0], sort=False, observed=True).indices
    return {k: groups.get(k, np.array([], dtype=np.intp)) for k in keys}


def _rows(positions: dict[Any, np.ndarray], keys: list[Any]) -> np.ndarray:
    """The rows of the drawn series, in order."""
    return np.concatenate([positions[k] for k in keys])


def _common_x(axes: list[Axes]) -> None:
    """One x range over every panel: the union of theirs (labels' margins included; a
    panel of a single point does not stretch it)."""
    lims = np.array([a.get_xlim() for a in ranging(axes)])
    lo, hi = lims[:, 0].min(), lims[:, 1].max()
    for a in axes:
        a.set_xlim(lo, hi)


def _measure(res: SPCResult, percent_of: float | None) -> str:
    """The default y label: what the values are, in the words of the chart's title
    (``falls per 1,000 bed days``; ``harms / admissions`` on a percentage axis, whose ticks
    say the % without "× 100"). Rates too small to read without ``multiply`` say which
    multiplier would make them readable: ``infections per patient days (try
    multiply=1,000,000)``. An NP chart's values are counts out of n: ``harmed out of
    patients``, not "harmed per patients", which reads as a rate."""
    p = res.params
    if res.chart == "np" and percent_of is None and p.get("y") and p.get("n"):
        return f"{readable(p['y'])} out of {readable(p['n'])}"
    kind = "proportion" if res.chart in ("p", "pp") or percent_of is not None else "rate"
    mult = float(p.get("multiply", 1) or 1)
    text = measure_label(p.get("y"), p.get("n"), mult, kind) or ""
    values = np.abs(res.points["value"].to_numpy(dtype=float, na_value=np.nan))
    values = values[np.isfinite(values) & (values > 0)]
    if text and mult == 1 and percent_of is None and values.size and values.max() < 1e-3:
        suggest = 10.0 ** (3 * math.ceil(-math.log10(values.max()) / 3))
        text += f" (try multiply={suggest:,.0f})"
    return text


def _label_room(axes: list[Axes]) -> float:
    """The share of the y range to add on top so that phase names (drawn at the top of a
    panel) sit above every point and line: ``PHASE_LABEL_PT`` of the smallest panel."""
    if not any(t.get_gid() == "phase_label" for a in axes for t in a.texts):
        return 0.0
    fig_h = axes[0].figure.get_size_inches()[1]
    height_pt = min(a.get_position().height for a in axes) * fig_h * 72
    return PHASE_LABEL_PT / max(height_pt - PHASE_LABEL_PT, PHASE_LABEL_PT)


#: ``percent=True`` reads values as per cent already (shows 97 as "97%") when every value
#: is within 0 to 100 and some is above this: no fraction is.
PER_CENT_ABOVE = 1.5


def _percent_of(res: SPCResult, percent: bool | None) -> float | None:
    """The value shown as 100 %: 100 with ``multiply=100`` or for a column already in per
    cent (every value 0 to 100, some above ``PER_CENT_ABOVE``: an extract's ``pct_seen_4h``
    of 92 to 100 was ticked "9,200%"); 1 for fractions; None for plain numbers."""
    mult = float(res.params.get("multiply", 1) or 1)
    if percent is None:
        # P and P′ charts; a ratio y / n times 100 on a chart of measurements (an XmR chart
        # of A&E 4-hour performance), as a board shows a measure with multiply 100
        percent = (res.chart in ("p", "pp") and mult in (1.0, 100.0)) or ratio_in_percent(
            get_chart(res.chart), res.params.get("n"), mult
        )
    if not percent:
        return None
    if mult == 100.0:
        return 100.0
    values = res.points["value"].to_numpy(dtype=float, na_value=np.nan)
    values = values[np.isfinite(values)]
    if mult == 1.0 and values.size and values.min() >= 0:
        top = values.max()
        if PER_CENT_ABOVE < top <= 100.0:
            return 100.0
    return 1.0


def _fit_y(axes: list[Axes], percent_of: float | None, sharey: bool) -> None:
    """One y range for all panels (``sharey``), computed here once rather than by matplotlib's
    axis sharing (which costs time quadratic in the number of panels). Data that are never
    negative get no negative axis (a small margin below 0 keeps points at 0 whole), data that
    are all 0 get a 0 to 1 axis rather than ±0.05, and on a percentage axis the range stops at
    100 % when the data stay inside."""
    groups = [axes] if sharey else [[a] for a in axes]
    for group in groups:
        lims = np.array([a.get_ylim() for a in group if np.isfinite(a.dataLim.y0)])
        if not lims.size:
            for a in group:  # "no data" everywhere: a note, not a scale of ±0.05 around 0
                if any(t.get_gid() == "no_data" for t in a.texts):
                    a.tick_params(axis="y", left=False, labelleft=False)
            continue
        lo, hi = lims[:, 0].min(), lims[:, 1].max()
        lo, hi = _without_far_target(group, lo, hi)
        data = [
            np.asarray(line.get_ydata(), dtype=float)
            for a in group
            for line in a.lines
            if line.get_gid() in ("values_line", "cl", "limits", "target")
        ]
        # the qicharts2 style draws the limits as a band: a negative lower limit keeps its axis
        data += [
            patch.get_path().vertices[:, 1]
            for a in group
            for patch in a.patches
            if patch.get_gid() in ("limits", "trial_limits")
        ]
        values = np.concatenate(data) if data else np.array([])
        values = values[np.isfinite(values)]
        if values.size and values.min() >= 0 and lo < 0:
            if values.max() == 0:
                hi = float(percent_of or 1.0)
            lo = -0.03 * hi
        if percent_of is not None and values.size and values.max() <= percent_of < hi:
            hi = percent_of
        hi += (hi - lo) * _label_room(group)
        for a in group:
            a.set_ylim(lo, hi)
            mark_target_off_axis(a, percent_of)


#: A target further from the data than this many times the data's own span is not drawn
#: on the axis (the data would become a flat line): an arrow at the edge says where it is.
FAR_TARGET_SPANS = 1.0


#: Lines that are not data in y: the grid and the "no value" crosses at the bottom (``missing``).
NOT_DATA = ("grid", "missing")


def extent(group: list[Axes], target: bool) -> tuple[float, float]:
    """The lowest and highest y of the target lines (``target``) or of everything else
    drawn (points, lines, the limits' band). The crosses at the bottom at periods without
    a value are not data: their y is 0 in axes units, which stretched a board's panels with a
    target down to 0; nor are a rebase's or a freeze's vertical line, drawn
    over the panel's height (0 to 1 in axes units), which stretched a board's percentage
    panel with a rebase and a target from 69 %-100 % to 0 %-100 %."""
    ys = []
    for a in group:
        for line in a.lines:
            if line.get_transform() != a.transData:  # y in axes units: not data
                continue
            if (line.get_gid() == "target") == target and line.get_gid() not in NOT_DATA:
                ys.append(np.asarray(line.get_ydata(), dtype=float))
        if not target:
            ys += [p.get_path().vertices[:, 1] for p in a.patches if p.get_gid() in _BANDS]
            ys += [p.get_path().vertices[:, 1] for p in a.artists if p.get_gid() in _BANDS]
    values = np.concatenate(ys) if ys else np.array([])
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else (np.nan, np.nan)


_BANDS = ("limits", "trial_limits")


def target_is_far(group: list[Axes]) -> bool:
    """Whether the target lines of the panels are further from everything else drawn than
    ``FAR_TARGET_SPANS`` times its span (no target: False)."""
    t_lo, t_hi = extent(group, target=True)
    d_lo, d_hi = extent(group, target=False)
    if not (np.isfinite(t_lo) and np.isfinite(d_lo)):
        return False
    span = max(d_hi - d_lo, 0.1 * max(abs(d_lo), abs(d_hi)), 1e-12)
    return d_lo - t_lo > FAR_TARGET_SPANS * span or t_hi - d_hi > FAR_TARGET_SPANS * span


def _without_far_target(group: list[Axes], lo: float, hi: float) -> tuple[float, float]:
    """The y range without a target far from everything else (C. diff target 2 against
    values of about 450 made the data a flat line at the top of the panel)."""
    if not target_is_far(group):
        return lo, hi
    return data_range(*extent(group, target=False))


def data_range(d_lo: float, d_hi: float) -> tuple[float, float]:
    """The y range of data from ``d_lo`` to ``d_hi`` with a margin of 5 % of their span each
    side; data spanning less than a tenth of their size (a single point, a flat line) get a
    range of that tenth around them, as without a target, not of 1 % of it: a new measure's
    one point of 12 beside a far target of 10 had an axis of 11.94 to 12.06."""
    span = max(d_hi - d_lo, 0.1 * max(abs(d_lo), abs(d_hi)), 1e-12)
    widen = (span - (d_hi - d_lo)) / 2
    return d_lo - widen - 0.05 * span, d_hi + widen + 0.05 * span


def mark_target_off_axis(ax: Axes, percent_of: float | None) -> None:
    """An arrow and the target's value at the panel's lower (upper) right edge when the
    target is below (above) the y range."""
    target = [line for line in ax.lines if line.get_gid() == "target"]
    if not target:
        return
    values = np.asarray(target[0].get_ydata(), dtype=float)
    values = values[np.isfinite(values)]
    lo, hi = ax.get_ylim()
    if not values.size or ((values >= lo) & (values <= hi)).any():
        return
    below = bool(values[-1] < lo)
    ax.text(
        0.995,
        0.02 if below else 0.98,
        f"target {number(float(values[-1]), percent_of)} {'↓' if below else '↑'}",
        transform=ax.transAxes,
        ha="right",
        va="bottom" if below else "top",
        fontsize=7.5,
        color=target[0].get_color(),
        bbox={
            "boxstyle": "square,pad=0.15",
            "facecolor": frame_colours()["paper"],
            "edgecolor": "none",
            "alpha": 0.85,
        },
        zorder=7,
        gid="target_off_axis",
    )


__all__ = [
    "STYLES",
    "data_range",
    "extent",
    "mark_target_off_axis",
    "place_limit_labels",
    "plot_spc",
    "target_is_far",
]
