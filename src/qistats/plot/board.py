"""A board's small multiples: one Making Data Count panel per measure (× ``by`` group)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._args import as_list, fmt
from .._stale import DAY_NS, period_starts
from ..charts import GAP_CHARTS
from ..errors import ArgumentError
from .arguments import check_common, check_optional_flags, keywords
from .formatting import XTicks, as_plot_x, is_dates, x_ticks
from .panel import ranging
from .periods import is_periods

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..board import Board

#: Average advance of a character of the default sans-serif font, as a share of its size
#: (DejaVu Sans: about 0.55 em for mixed text; the test checks drawn titles clear the icons).
_CHAR_EM = 0.56
_TITLE_LINES = 3
#: Words a shortened name does not end on.
_DANGLING = frozenset(
    ("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "per", "the", "to")
)


def _unit_tail(name: str, unit: str) -> str:
    """``"(unit)"``, or nothing when there is no unit."""
    return f"({unit.strip()})" if unit.strip() else ""


def _says_unit(name: str, unit: str) -> bool:
    """Whether the name already says its unit ("Harm-free care (%)" with unit "%" is not
    titled "Harm-free care (%) (%)")."""
    unit = unit.strip()
    return bool(unit) and bool(
        re.search(rf"(?<!\w){re.escape(unit)}(?!\w)", name, flags=re.IGNORECASE)
    )


def _title(name: str, unit: str) -> str:
    tail = "" if _says_unit(name, unit) else _unit_tail(name, unit)
    return f"{name} {tail}" if tail else name


def _per_line(width_pt: float, fontsize: float) -> int:
    """How many characters of ``fontsize`` fit in ``width_pt`` points (at least 8)."""
    return max(8, int(width_pt / (_CHAR_EM * fontsize)))


def _wrap(tokens: list[str], per_line: int) -> list[str]:
    """Greedy wrap of whole tokens (a token is never split)."""
    lines: list[str] = []
    for token in tokens:
        if lines and len(lines[-1]) + 1 + len(token) <= per_line:
            lines[-1] += " " + token
        else:
            lines.append(token)
    return lines


def fit_title(
    name: str, width_pt: float, fontsize: float, lines: int = _TITLE_LINES, unit: str = ""
) -> str:
    """``name (unit)`` wrapped at spaces to at most ``lines`` lines of ``width_pt`` points
    (three by default: a long measure name keeps its words, "… within four hours (%)", rather
    than being cut after two).

    When it does not fit, whole words are dropped from the end of the name and "…" marks
    the cut, so a word or a number ("1,000") is never cut in the middle; the unit says what
    the numbers are, so it is kept whole after the "…" (also when the full name said it and
    so needed no unit after it). Only a single word longer than a
    line is broken. The width is estimated from the font size (no renderer pass), so a
    long measure name stays inside its panel and clear of the icons.
    """
    per_line = _per_line(width_pt, fontsize)
    words = [w[i : i + per_line] for w in name.split() for i in range(0, len(w), per_line)]
    tail = [_unit_tail(name, unit)] if _unit_tail(name, unit) else []
    if _says_unit(name, unit) and len(_wrap(words, per_line)) <= lines:
        return "\n".join(_wrap(words, per_line))
    for keep in range(len(words), 0, -1):
        body = words[:keep]
        if keep < len(words):
            if keep > 1 and (body[-1].lower() in _DANGLING or re.search(r"\d", body[-1])):
                continue  # not "Incidents per…", nor "per 1,000…" (a number cut from its unit)
            body = [*body[:-1], body[-1].rstrip(",;:-–—") + "…"]
        wrapped = _wrap(body + tail, per_line)
        if len(wrapped) <= lines:
            return "\n".join(wrapped)
    return "\n".join(_wrap(words[:1] + tail, per_line)[:lines])


def _share_y(axes: list[Axes]) -> None:
    """One y range over panels of the same measure (different groups are compared); a
    target outside it is marked at the edge again."""
    from .spc import mark_target_off_axis

    # a "no data" panel's range (about 0) says nothing of the measure's scale
    lows, highs = zip(*(a.get_ylim() for a in _data_panels(axes)), strict=True)
    for a in axes:
        a.set_ylim(min(lows), max(highs))
        for t in [t for t in a.texts if t.get_gid() == "target_off_axis"]:
            t.remove()
        mark_target_off_axis(a, None)


def _share_x(axes: list[Axes], ticks: XTicks | None) -> None:
    """One x range over the panels of one measure, so that the same month is at the same
    place in each (a ward that opened late or closed early keeps the shared range, its line
    starting or stopping inside; a "no data" panel takes the range of the others), and
    ``ticks`` made over the x of all of them (not those of the panel with the widest range:
    a closed ward's panel, run to the report's period, ended its own ticks at its last
    data). ``ticks`` None (numbers, or categories every panel has) leaves each panel's own."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    data = _data_panels(axes)  # a "no data" panel's periods do not stretch the range
    lims = np.array([a.get_xlim() for a in data])
    lo, hi = lims[:, 0].min(), lims[:, 1].max()
    for a in axes:
        a.set_xlim(lo, hi)
        if ticks is not None:
            a.xaxis.set_major_locator(FixedLocator(ticks.positions))
            a.xaxis.set_major_formatter(FixedFormatter(ticks.labels))


def _measure_ticks(x: pd.Series, gone: list[pd.Series | None], width_in: float) -> XTicks | None:
    """The x ticks of one measure's panels: over the x of all of them (``x``, their points)
    and the periods crossed on its stale panels (``gone``), as :func:`qistats.plot.plot_spc`
    ticks panels that share a range; None for numbers and categories."""
    extra = [as_plot_x(g) for g in gone if g is not None and len(g)]
    every = as_plot_x(x)
    if extra and (is_dates(every) or is_periods(every)):
        every = pd.concat([every, *extra], ignore_index=True)
    ticks = x_ticks(every, width_in, None)
    return None if ticks is None or ticks.rotation else ticks


@keywords
def plot_board(
    report: Board,
    measure: Any = None,
    *,
    series: Any = None,
    style: str = "mdc",
    ncols: int | None = None,
    figsize: tuple[float, float] | None = None,
    sharey: bool | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    legend: bool = True,
) -> Figure:
    """Draw a board: one Making Data Count panel per measure (× ``by`` group).

    Every panel is titled with the measure's ``name`` and ``unit`` (wrapped at spaces to
    three lines inside the panel, above the group's name when there are groups; a name too
    long for three lines loses whole words at its end, marked "…", never ending on a number
    or "per", and keeps its unit). A measure without
    a ``name`` is titled with its id in words (``within_4h`` as "within 4h"). When the
    panels show one measure over several groups, the measure goes in the figure title, and
    each panel is titled with its group. Panels of one measure over
    several groups share one y range so that groups are compared on one scale, unless their
    values differ more than tenfold (England beside its trusts): then each panel has its own
    scale and the subtitle says so. Panels of different measures keep their own scales. The
    panels of one measure share one x range, ticked over the periods of all of them, so a
    month is at the same place in each, also for a ward that opened late or closed early
    (a "no data" panel does not stretch it). A target far from the data (further than the
    data's own span) is marked at the panel's edge rather than drawn: decided once for all the
    panels of a measure, so its panels agree. A stale series (its latest period is older than
    the report's) says so under its title: ``latest: Feb 2024 (stale)``, and its panel runs
    to the report's period (the latest with a value on the board, or the board's ``as_of``
    where that is later), the periods it has not reported crossed at the bottom as "no
    value", as a gap inside a series is; a series of rare
    events (``table().rare_events``) says ``rare events: icons likely
    noise`` (``signals likely noise`` in the qicharts2 style, which draws no icons), and a
    G or T chart of counts per period (``table().period_counts``) says ``counts per period?
    chart means nothing``.

    A measure shown in % has percentage y ticks ("95%"): its ``multiply`` is 100 or its unit
    is "%" (values 0 to 100), or it is a P or P′ chart without ``multiply`` (proportions, 0.95
    ticked "95%", as :func:`qistats.plot.plot_spc` shows them); its process limits are drawn
    within 0 and 100 % (the table keeps them as computed: ``ucl`` 100.9 for harm-free care at
    98.5 %), and its y range stops at 100 % when everything drawn stays at or below it. A
    measure of counts (whole numbers, or ratios y / n, none below 0: a C, U or XmR chart of
    falls) has a lower limit below 0 drawn at 0 and no negative axis (the table keeps ``lcl``
    as computed: −4.7 for an XmR chart of 3 falls a month). A
    series with no data (``expected=``) has a "no data" panel without y ticks.

    Parameters
    ----------
    report : Board
        What :func:`qistats.board` returned.
    measure : key or list of keys, optional
        The measures to draw. Default: all.
    series : key, tuple or list of them, optional
        The ``by`` groups to draw, as :meth:`SPCResult.plot`'s ``series=`` names them: a
        group's value (``"RAS"``), a tuple of values with several ``by`` columns, or a list
        of either; one trust's page of a board of many. Default: all.
    style : {"mdc", "qicharts2"}, default "mdc"
        As :meth:`SPCResult.plot`'s (any case; ``"qic"`` is ``"qicharts2"``): the Making
        Data Count look with the two icons above each panel, or qicharts2's (blue data, red
        points a rule flags, a grey band between the limits, the lines labelled at the end
        of each phase; no icons). The titles, the stale and rare-event notes, the shared
        ranges and the target rule are the same in both.
    ncols : int, optional
        Columns of the grid. Default: one for one panel, two up to four, else about square
        as :meth:`SPCResult.plot`'s grid (16 panels make 4 × 4, 49 make 7 × 7), shrunk to
        fit 24 × 24 in.
    figsize : (float, float), optional
        Width and height in inches. Default: 8 × 4.5 for one panel, 4.2 × 3 a panel.
    sharey : bool, optional
        One y range for the panels of each measure (``True``), or each panel its own
        (``False``). Default: each measure's panels (its ``by`` groups) share one range,
        unless their values differ more than tenfold (the subtitle says so); panels of
        different measures are never on one scale.
    title : str, optional
        The figure's title. Default: the measure's name and unit when the board shows one
        measure over several groups, else none (a single panel is titled in the panel);
        ``title=""`` draws none.
    subtitle : str, optional
        Drawn under the title. Default: none, or the note that the panels' y scales differ.
    legend : bool, default True
        One legend below the panels (also for a single panel).

    Returns
    -------
    matplotlib.figure.Figure
        Never written to a file: call ``fig.savefig(...)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import qistats as qi
    >>> months = pd.date_range("2023-01-01", periods=14, freq="MS")
    >>> data = pd.DataFrame({"measure": ["falls"] * 14 + ["harm_free"] * 14,
    ...                      "month": list(months) * 2,
    ...                      "value": [9, 11] * 6 + [10, 30] + [95, 97] * 7})
    >>> measures = pd.DataFrame({"measure": ["falls", "harm_free"],
    ...                          "improvement": ["decrease", "increase"], "target": [12, 90]})
    >>> fig = qi.board(data, measures, x="month", y="value").plot(ncols=2)
    >>> [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    ['falls', 'harm free']
    """
    from .layout import chosen, finish, grid_shape, new_page, pyplot, series_keys

    pyplot()  # matplotlib, or an ImportError that says how to install it
    from . import mdc, qicharts2
    from .formatting import plot_x
    from .panel import trial_points
    from .spc import draw_spc, place_limit_labels, style_name

    style = style_name(style)

    check_common(
        ncols=ncols,
        figsize=figsize,
        texts={"title": title, "subtitle": subtitle},
        flags={"legend": legend},
    )
    check_optional_flags(sharey=sharey)
    table = report.table()
    key_col = report._measure
    by = [c for c in report._parts[0].result.by[1:]]
    keys = report._ms.keys
    if measure is not None:
        wanted = as_list(measure)
        if not wanted:
            raise ArgumentError(f"measure={fmt(measure)}: expected at least one measure (or None).")
        unknown = [m for m in wanted if m not in keys]
        if unknown:
            named = [k for k, nm in zip(keys, report._ms.name, strict=True) if nm == unknown[0]]
            hint = (
                f"{fmt(unknown[0])} is the name of measure {fmt(named[0])}: pass "
                f"measure={fmt(named[0])}."
                if named
                else f"the measures are e.g. {', '.join(map(repr, list(keys[:5])))}."
            )
            raise ArgumentError(f"measure={fmt(unknown[0])}: no such measure; {hint}")
        table = table[table[key_col].isin(wanted)]
    if series is not None:  # the groups asked for (a page per trust)
        table = table[_in_groups(table, by, chosen(series_keys(table, by), series, by))]
    latest = pd.Series(report._latest_text, index=report._table.index).loc[table.index]
    arrears = pd.Series(report._arrears, index=report._table.index).loc[table.index]
    n = len(table)
    positions = keys.get_indexer(table[key_col])
    names = [_name(row["name"], keys[m]) for m, row in zip(positions, table.iloc, strict=True)]
    one_measure = len(set(positions.tolist())) == 1
    head = ""
    if one_measure and by and n > 1:  # one measure over groups: it titles the figure
        head = _title(names[0], str(table.iloc[0]["unit"]))
    in_title = bool(head) and title is None  # else each panel names its measure
    drawn = [part for part in report._parts if np.isin(part.m, positions).any()]
    shown = [
        p.result.points[
            p.result.points[key_col].isin(table[key_col]).to_numpy()
            & _in_groups(p.result.points, by, series_keys(table, by) if by else None)
        ]
        for p in drawn
    ]
    trial = np.concatenate(
        [
            trial_points(s, p.result.summary(), p.result.by)
            for s, p in zip(shown, drawn, strict=True)
        ]
    )
    events = np.concatenate(  # per point, whether of a G or T chart (the first event's blank)
        [np.full(len(s), p.result.chart in GAP_CHARTS) for s, p in zip(shown, drawn, strict=True)]
    )
    shown = pd.concat(shown) if len(shown) > 1 else shown[0]
    charts = [part.result.chart for part in drawn]
    series = [key_col, *by]  # a series: one measure of one group
    # a stale series' periods up to the report's, which it has not reported: crossed as "no
    # value" on a panel running to the report's period (Complaints ended at
    # Feb 2024 beside panels ending at Mar 2024, its missing month not seen)
    x_name = drawn[0].result.points.columns[len(drawn[0].result.by)]
    end = _report_end(report, x_name)
    stale_rows = table["stale"].to_numpy(dtype=bool)
    # each series' rows found once (not one scan of the points per stale panel)
    rows_of = (
        shown.groupby(series, sort=False, observed=True, dropna=False).indices
        if stale_rows.any() and end is not None
        else {}
    )
    unreported = [
        _unreported(shown, rows_of.get(_group_key(row, series)), x_name, end, report._report_x)
        if stale
        else None
        for stale, (_, row) in zip(stale_rows, table.iterrows(), strict=True)
    ]
    if style == "mdc":
        keys_shown = mdc.name_centre(mdc.entries(shown, series, trial=trial, events=events), charts)
        keys_shown += ["missing"] if _adds_missing(keys_shown, unreported) else []
        handles = mdc.handles(keys_shown) if legend else []
    else:
        summaries = [p.result.summary() for p in drawn]
        summary = pd.concat(summaries) if len(summaries) > 1 else summaries[0]
        summary = summary[summary[key_col].isin(table[key_col])]
        entries = qicharts2.entries(shown, summary, series, trial, events)
        entries += ["missing"] if _adds_missing(entries, unreported) else []
        handles = qicharts2.handles(entries) if legend else []
    # up to 16 panels about square (2 columns up to 4: a board's panels are wide); more, the
    # grid of SPC plots (49 -> 7 x 7 within 24 x 24 in; 4 columns made 13 flat rows)
    cols = ncols or (1 if n == 1 else 2 if n <= 4 else grid_shape(n, None)[1])
    # decided before the page is laid out, so that its header has room for the note
    free = _tenfold(shown, table, positions, series) if sharey is None and by else []
    if subtitle is None and free:
        subtitle = _free_note([names[list(positions).index(m)] for m in free], one_measure)
    page = new_page(
        n,
        ax=None,
        ncols=cols,
        sharey=False,
        figsize=figsize,
        title=(head if title is None else title) or None,
        subtitle=subtitle,
        legend_entries=[h.get_label() for h in handles],
        panel_in=(4.2, 3.0),
        single_in=(8.0, 4.5),
    )
    part_of = {}
    for part in report._parts:  # a few chart groups
        for m in np.unique(part.m):
            part_of[int(m)] = part
    percent_of = shown_in_percent(report._ms)
    fontsize = 9.5 if n > 1 else 11
    # the panel's width less the icons drawn at its top right (two icons and their gaps)
    icons_pt = 2 * (page.icon_pt + 3) if style == "mdc" else 0
    width_pt = 72 * page.panel_width_in * 0.9 - icons_pt
    # the qicharts2 style draws no icons: its red points are the signals that may be noise
    rare_words = f"rare events: {'icons' if style == 'mdc' else 'signals'} likely noise"
    rows = zip(page.axes, positions, table.iterrows(), latest, arrears, unreported, strict=True)
    for (a, m, (_, row), when, behind, gone), name in zip(rows, names, strict=True):  # panels
        key = tuple([keys[m], *(row[b] for b in by)]) if by else keys[m]
        # no legend or title in each panel; the unit in the title says what the values are
        # in % as the measures table says (unit "%": values 0 to 100), limits within 0-100 %
        draw_spc(
            part_of[int(m)].result,
            a,
            style=style,
            series=key,
            ncols=None,
            sharey=True,
            figsize=None,
            title="",
            subtitle=None,
            xlabel=None,
            ylabel="",
            date_format=None,
            percent_of=percent_of[m],
            label_limits=None,
            icons=True,
            legend=False,
        )
        if _no_data(a):  # a note, not a scale: no y ticks around 0
            a.tick_params(axis="y", left=False, labelleft=False)
        elif gone is not None and len(gone):  # to the report's period, its months crossed
            _run_to(a, plot_x(as_plot_x(gone)))
        groups = [str(row[b]) for b in by]
        group = fit_title(" — ".join(groups), width_pt, fontsize, lines=1)
        unit = str(row["unit"])
        # the measure on up to two lines (unless in the figure title), the group (never cut
        # off) below it, and a stale series' latest period (not this period's figure)
        lines = [] if in_title else [fit_title(name, width_pt, fontsize, unit=unit)]
        lines += [group] if groups else []
        if bool(row["stale"]) and when:
            lines.append(fit_title(f"latest: {when} (stale)", width_pt, fontsize, lines=1))
        elif behind:  # reported in arrears, within its lag: why an older period is current
            lines.append(fit_title(f"latest: {when} (in arrears)", width_pt, fontsize, lines=1))
        if bool(row.get("rare_events", False)):  # as the table's reason and HTML say
            lines.append(fit_title(rare_words, width_pt, fontsize, lines=1))
        if bool(row.get("period_counts", False)):  # a G or T chart of counts: meaningless
            lines.append(
                fit_title("counts per period? chart means nothing", width_pt, fontsize, lines=1)
            )
        a.set_title("\n".join(lines), fontsize=fontsize, loc="left", pad=4)
    for m in np.unique(positions):  # each measure's panels: one x range, one target rule
        same = [a for a, p in zip(page.axes, positions, strict=True) if p == m]
        crossed = [g for g, p in zip(unreported, positions, strict=True) if p == m]
        if len(same) > 1 or any(g is not None and len(g) for g in crossed):
            x = shown[x_name][shown[key_col].to_numpy() == keys[m]]
            # a lone stale panel ticked to the report's period too; as many ticks as its
            # panels drew their own for (the axes' width, not the grid's)
            wide = same[0].get_position().width * page.fig.get_size_inches()[0]
            _share_x(same, _measure_ticks(x, crossed, wide))
        if len(same) < 2:
            _stop_at_100(same, percent_of[m])
            continue
        far = _target_far(same)
        for a in same:
            _place_target(a, far)
        # a measure's groups on one scale, so that wards are compared fairly, on a board of
        # several measures too (one measure's wards on 87.5-98 % and 82-100 %)
        share = sharey if sharey is not None else m not in free
        if share:
            _share_y(same)
        _stop_at_100(same, percent_of[m])
    labelled = style == "qicharts2"  # its limit labels, placed again on the final layout
    return finish(
        page,
        title=(head if title is None else title) or None,
        subtitle=subtitle,
        xlabel=None,
        ylabel=None,
        handles=handles,
        then=(lambda _: place_limit_labels(page)) if labelled else None,
    )


def _report_end(report: Board, x_name: str) -> Any:
    """The latest x with a value anywhere on the board (every measure and group, not only
    those drawn; an event of a G or T chart only on a board of events alone, as
    :func:`qistats.board` reads the report's period): the report's period, up to which a
    stale series' panel runs; None when the x are not dates, Periods or numbers."""
    x = report.points[x_name]
    if isinstance(x.dtype, pd.CategoricalDtype) or not (
        is_dates(x) or is_periods(x) or pd.api.types.is_numeric_dtype(x.dtype)
    ):
        return None
    seen = report.points["value"].notna().to_numpy()
    ms = report._ms
    events = ms.keys[np.isin([c.name for c in ms.chart], list(GAP_CHARTS))]
    periodic = seen & ~report.points[report._measure].isin(events).to_numpy()
    seen = x[periodic if periodic.any() else seen]
    return seen.max() if len(seen.dropna()) else None


def _group_key(row: pd.Series, series: list[str]) -> Any:
    """A table row's key in ``groupby(series).indices``: a value for one column (a board
    without ``by``), a tuple for several."""
    return row[series[0]] if len(series) == 1 else tuple(row[c] for c in series)


def _unreported(
    points: pd.DataFrame, rows: np.ndarray | None, x_name: str, end: Any, as_of: Any = None
) -> pd.Series | None:
    """The periods after the series' last row (its ``rows`` of ``points``, observed or not) up
    to the report's period, which it has not reported, stepped by the series' own typical
    spacing (calendar months for monthly dates, month ends kept as month ends); None when
    there are none or its spacing is unknown (a single point). The report's period is that
    of ``end``, the latest x with a value on the board, or of ``as_of`` (an x value, or None)
    where it is later: a period of dates counts when it has begun by then, as
    :func:`qistats.board` keeps the rows of a period that has begun (June dated 30 June in a
    report as of 1 June; April dated 1 April is not in a report whose latest value is dated
    31 March)."""
    if end is None or pd.isna(end) or rows is None:
        return None
    x = points[x_name].iloc[rows].dropna().drop_duplicates().sort_values()
    if as_of is not None and not as_of > end:
        as_of = None  # the data reach it: their latest x is the report's period
    if len(x) < 2 or not x.iloc[-1] < (end if as_of is None else as_of):
        return None
    last = x.iloc[-1]
    if is_periods(x):
        reach = end if as_of is None else as_of
        later = pd.Series(pd.period_range(last + 1, reach, freq=x.dtype.freq))
        return later if len(later) else None
    if is_dates(x):
        days = float(np.median(np.diff(x.to_numpy()) / np.timedelta64(1, "D")))
        months = next((k for k in (1, 3, 6, 12) if abs(days - 30.44 * k) <= 2.5 * k), None)
        if months is not None:
            idx = pd.DatetimeIndex(x)
            if bool(idx.is_month_end.all()) and not bool((idx.day == 1).all()):
                step: Any = pd.offsets.MonthEnd(months)
            else:
                step = pd.DateOffset(months=months)
            reach = end if as_of is None else as_of
            # at most a few years of them: a board is about its recent periods
            later = pd.date_range(last, reach + pd.Timedelta(days=days), freq=step)[1:121]
            later = later[later > last]
            # those whose period has begun by the report's period (months are periods
            # whatever day they are dated on: 1 April is not in a report of 31 March)
            later = later[_period_starts(later, days) <= _wall_clock(reach).value]
        else:
            gap = pd.Timedelta(days=days)
            count = int((end - last) / gap + 0.5)
            if as_of is not None:  # the periods [x, x + gap) begun by as_of
                count = max(count, int(np.floor((as_of - last) / gap)))
            later = pd.DatetimeIndex([last + gap * k for k in range(1, min(count, 520) + 1)])
        return pd.Series(later) if len(later) else None
    gap = float(np.median(np.diff(x.to_numpy(dtype=float))))
    if not gap > 0:
        return None
    count = int((float(end) - float(last)) / gap + 0.5)
    if as_of is not None:
        count = max(count, int(np.floor((float(as_of) - float(last)) / gap)))
    count = min(count, 1000)
    return pd.Series(float(last) + gap * np.arange(1, count + 1)) if count > 0 else None


def _wall_clock(at: Any) -> Any:
    """Dates (a Timestamp or a DatetimeIndex) as their zone's wall clock, without a zone."""
    return at if at.tz is None else at.tz_localize(None)


def _period_starts(dates: pd.DatetimeIndex, days: float) -> np.ndarray:
    """The nanosecond key of the start of each date's period, its dates ``days`` apart (a
    run of calendar months: 30 June is June, from 1 June), on the wall clock."""
    keys = _wall_clock(dates).as_unit("ns").asi8.astype(float)
    return period_starts(keys, np.full(keys.shape, days * DAY_NS), True)


def _run_to(a: Axes, gone: np.ndarray) -> None:
    """Cross the unreported periods ``gone`` (plot x) and stretch the panel's x range by as
    much as they run past its last drawn x, keeping the margin it had (the room of the
    qicharts2 style's limit labels, set as a fixed range, included)."""
    from .panel import cross_marks

    drawn = [np.asarray(ln.get_xdata(), float) for ln in a.get_lines()]
    last = np.nanmax(np.concatenate(drawn)) if drawn else np.nan
    auto = a.get_autoscalex_on()
    lo, hi = a.get_xlim()
    cross_marks(a, gone)
    if auto:
        a.autoscale_view(scaley=False)
    elif np.isfinite(last) and gone.max() > last:
        a.set_xlim(lo, hi + (gone.max() - last))


def _adds_missing(keys: list[str], unreported: list[pd.Series | None]) -> bool:
    """Whether the legend needs its "no value" entry for the periods crossed on the panels of
    stale series (and has it not already)."""
    return "missing" not in keys and any(u is not None and len(u) for u in unreported)


def _in_groups(frame: pd.DataFrame, by: list[str], groups: list[Any] | None) -> np.ndarray:
    """Which rows of ``frame`` are in one of the ``by`` groups (keys as ``series_keys``
    gives them: a value, or a tuple with several ``by`` columns); all rows for None."""
    if groups is None or not by:
        return np.ones(len(frame), dtype=bool)
    if len(by) == 1:
        return frame[by[0]].isin(groups).to_numpy()
    return pd.MultiIndex.from_frame(frame[by]).isin(groups)


def _free_note(free: list[str], one_measure: bool) -> str:
    """The subtitle saying whose panels keep their own y scales (their values differ more
    than tenfold), naming the measures on a board of several (the first two, and how many
    more)."""
    why = "(values differ more than tenfold)"
    if one_measure:
        return f"Each panel has its own y scale {why}"
    shown = ", ".join(free[:2]) + (f" and {len(free) - 2} more" if len(free) > 2 else "")
    return f"The panels of {shown} each have their own y scale {why}"


def _name(name: Any, key: Any) -> str:
    """The measure's name; its id in words when the measures table gave no name (as
    :meth:`Board.to_html` names it)."""
    from .._board_html import display_names

    return str(display_names(pd.Series([name], dtype=object), pd.Series([key]))[0])


def shown_in_percent(ms: Any) -> list[float | None]:
    """Per measure: the value shown as 100 % on its y axis, or None for plain numbers.

    A measure is shown in % when its unit is "%", or when it has no unit and ``multiply``
    100 on a chart that is not of counts or rates (values 0 to 100: 100), as its sentence
    in the table writes it; a U chart with ``multiply`` 100 is a rate per 100, not a
    percentage. A P or P′ chart without ``multiply`` shows proportions 0 to 1 in % (1, as
    :func:`qistats.plot.plot_spc` shows a P chart).
    """
    out: list[float | None] = []
    for mult, unit, chart in zip(ms.multiply, ms.unit, ms.chart, strict=True):  # measures
        proportion = chart.name in ("p", "pp") and mult == 1
        said = str(unit).strip()
        rate = chart.name in ("u", "up", "c", "g", "t")
        if proportion:
            out.append(1.0)
        elif (said == "%" and mult in (1, 100)) or (said == "" and mult == 100 and not rate):
            out.append(100.0)
        else:
            out.append(None)
    return out


def _no_data(a: Axes) -> bool:
    return any(t.get_gid() == "no_data" for t in a.texts)


def _data_panels(axes: list[Axes]) -> list[Axes]:
    """The panels with data (not a "no data" note) that span more than one x (a single
    point's panel does not set the range); all of them when none has data."""
    with_data = [a for a in axes if not _no_data(a)]
    return ranging(with_data) if with_data else axes


def _stop_at_100(axes: list[Axes], percent_of: float | None) -> None:
    """On a percentage axis, a y range that stops at 100 % when everything drawn (points,
    mean, limits, target) stays at or below it, as :func:`qistats.plot.plot_spc`'s."""
    from .spc import extent

    data = [a for a in axes if not _no_data(a)]
    if percent_of is None or not data:
        return
    top = np.nanmax([extent(data, target=False)[1], extent(data, target=True)[1]])
    for a in data:
        lo, hi = a.get_ylim()
        if top <= percent_of < hi:
            a.set_ylim(lo, percent_of)


def _tenfold(
    points: pd.DataFrame, table: pd.DataFrame, positions: np.ndarray, series: list[Any]
) -> list[int]:
    """The measures (their positions, in order) whose panels' values differ more than tenfold
    (each panel's largest magnitude of its values and limits): England's 300,000 breaches
    beside a trust's 3,000 would be a flat line on one scale, so they keep their own."""
    magnitude = points[["value", "lcl", "ucl"]].abs().max(axis=1)
    top = magnitude.groupby([points[c] for c in series], dropna=False, observed=True).max()
    panel_top = top.reindex(pd.MultiIndex.from_frame(table[series])).to_numpy(dtype=float)
    free = []
    for m in dict.fromkeys(positions.tolist()):  # each measure's panels, in order
        tops = panel_top[(positions == m) & (panel_top > 0)]  # NaN (no data) is not > 0
        if tops.size > 1 and tops.max() > 10 * tops.min():
            free.append(m)
    return free


def _target_far(axes: list[Axes]) -> bool:
    """Whether the measure's target is far from its data, judged once over all its panels
    (the data of every panel together), so that its panels agree."""
    from .spc import target_is_far

    return target_is_far(_data_panels(axes))


def _place_target(a: Axes, far: bool) -> None:
    """The panel's y range with the target drawn (``far`` False) or marked at the edge."""
    from .spc import data_range, extent, mark_target_off_axis

    t_lo, t_hi = extent([a], target=True)
    d_lo, d_hi = extent([a], target=False)
    if not (np.isfinite(t_lo) and np.isfinite(d_lo)):
        return
    for t in [t for t in a.texts if t.get_gid() == "target_off_axis"]:
        t.remove()
    lo, hi = a.get_ylim()
    if far:
        near_lo, near_hi = data_range(d_lo, d_hi)
        lo, hi = max(lo, near_lo), min(hi, near_hi)
    else:
        pad = 0.05 * (max(hi, t_hi) - min(lo, t_lo))
        lo = min(lo, t_lo - pad) if t_lo < lo else lo
        hi = max(hi, t_hi + pad) if t_hi > hi else hi
        # the data keep a margin of the new range: a single point whose range was about
        # itself would sit on the edge of a range stretched to reach the target
        pad = 0.05 * (hi - lo)
        lo, hi = min(lo, d_lo - pad), max(hi, d_hi + pad)
    a.set_ylim(lo, hi)
    mark_target_off_axis(a, None)
