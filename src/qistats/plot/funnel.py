"""plot_funnel: a funnel plot, one panel per ``by`` group, in the Making Data Count colours."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy as np

from .._args import fmt, name_key
from .._funnel import MIN_UNITS
from .._words import funnel_words, share_words
from ..errors import ArgumentError
from ..frame import closest
from .arguments import check_common, keywords
from .colours import frame_colours, mdc_colours
from .formatting import frame_axes, readable, tick_formatter
from .layout import (
    TITLE_SLACK,
    chosen,
    finish,
    key_label,
    new_page,
    pyplot,
    renderer_of,
    select,
    series_keys,
    settle,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..funnel import FunnelResult

_OTHER_STYLES = ("--", ":", "-.")
LABEL_CHOICES = ("auto", "outliers", "all")
#: ``labels="auto"`` (the default) names every unit of a panel of at most this many units (five
#: wards: a board member can tell which dot is which) and only the outliers of a larger one.
LABEL_ALL_UP_TO = 10
#: Limits within this share of the units' y span beyond them are on the axis; wider ones are
#: cut at its edge (the units would become a thin strip). The innermost limits at the units'
#: median n are always on it: a reader judges the units against them.
LIMIT_REACH = 0.3
#: The x axis starts at 0 unless the smallest unit's n is above this share of the largest.
ZOOM_SHARE = 0.25


#: ``logx=None`` draws a log denominator axis when the units' n span this factor or more.
LOG_SPAN = 100.0


@keywords
def plot_funnel(
    res: FunnelResult,
    ax: Axes | None = None,
    *,
    series: Any = None,
    logx: bool | None = None,
    improvement: str | None = None,
    labels: Any = "auto",
    ncols: int | None = None,
    sharey: bool = True,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend: bool = True,
) -> Figure:
    """Draw a funnel plot: units against their denominator, the target and the limits.

    Parameters
    ----------
    res : FunnelResult
        What :func:`qistats.funnel` returned.
    ax : matplotlib Axes, optional
        Draw one group into this axes (its figure is returned). The title goes in it, with
        the group's line ("Brindley: φ = 0.14 …") under it, wrapped to the axes' width.
        Make the grid with ``plt.subplots(..., layout="constrained")`` so that these lines
        get room above each axes.
    series : key or list of keys, optional
        The ``by`` groups to draw (a tuple for several by columns). Default: all, one panel each.
    logx : bool or None, default None
        A log scale for the denominator axis (for units of very different sizes); it spans
        the units. None: a log scale when the largest unit's n is at least
        ``LOG_SPAN`` (100) times the smallest's, where a linear axis would squeeze the small
        units, and their wide limits, into its first hundredth. Otherwise the axis starts at
        0, unless every unit's n is more than a quarter of the largest: then it spans the
        units (wards of similar size would sit in a corner of 0 to n). The y axis fits the
        units, the target (as FunnelPlotR) and the innermost limits at the units' median n,
        so that units all inside their limits are seen against them; limits far beyond leave
        the panel, and a note names those wholly outside it.
    improvement : {"increase", "decrease"} or None, default None
        Which direction is better: outliers on the better side are blue (#00B0F0), on the
        worse side orange (#E46C0A), as Making Data Count; None: both purple (#490092).
    labels : "auto", "outliers", "all", int, list of unit names or None, default "auto"
        Which units are named on the chart: by default (``"auto"``) every unit of a panel of
        10 units or fewer (with five wards and no outlier a reader could not tell which dot
        is which) and every outlier of a larger one; every outlier (``"outliers"`` or True,
        as FunnelPlotR), every unit (``"all"``), the k most extreme outliers by z-score of each
        panel (an int k), the units in a list (outliers or not), or none (None or False). A
        note in a corner of the panel says how many outliers carry no label ("19 more
        outliers not labelled"): those ``labels=`` leaves out and those left without a place
        (in a crowd, or under the note itself when no corner is free) alike.
    ncols : int, optional
        Columns of the grid. Default: one row up to 3 groups, then about square.
    sharey : bool, default True
        One y range for every panel; ``False`` gives each its own.
    figsize : (float, float), optional
        Width and height in inches. Default: 9 × 4.8 for one panel, about 3.4 × 2.5 a panel.
    title : str, optional
        Drawn above the panels. Default: the result's title in words; ``""`` draws none.
    subtitle : str, optional
        Drawn under the title. Default: for a grid, what the axes show ("restraints per
        1,000 bed days against bed days").
    xlabel, ylabel : str, optional
        Axis labels. Default for one panel: the denominator and the value.
    legend : bool, default True
        One legend for the figure, below the panels (inside ``ax`` when drawing into it),
        listing what the panels drawn show: no "Outlier above" for a group without one.

    Returns
    -------
    matplotlib.figure.Figure
        The limits at every level (the one deciding outliers solid, the others dashed), the
        target, the units (grey inside, coloured outside). Each panel's title gives φ and,
        with fewer than 10 units, how many it came from, naming (or counting) those the
        robust φ set aside: "φ = 0.14 from 3 of 4 units (FEN1 set aside), limits not widened".
        Never written to a file.

    Examples
    --------
    >>> import qistats as qi
    >>> df = qi.datasets.restrictive_practice()
    >>> # 3 to 6 wards a trust: too few to estimate overdispersion, so no adjustment
    >>> res = qi.funnel(df, y="restraints", n="bed_days", unit="ward", kind="rate",
    ...                 multiply=1000, x="month", by="trust", adjust=False)
    >>> fig = res.plot(improvement="decrease")
    >>> len([a for a in fig.axes if a.get_visible()]) == df.trust.nunique()
    True
    """
    pyplot()  # matplotlib, or an ImportError that says how to install it
    check_common(
        ncols=ncols,
        figsize=figsize,
        sharey=sharey,
        texts={"title": title, "subtitle": subtitle, "xlabel": xlabel, "ylabel": ylabel},
        flags={"logx": False if logx is None else logx, "legend": legend},
    )
    if logx is None:
        n = res.units["n"].to_numpy(dtype=float)
        n = n[np.isfinite(n) & (n > 0)]
        logx = bool(n.size) and float(n.max()) >= LOG_SPAN * float(n.min())
    choice = _label_choice(labels, res.units[res.params["unit"]])
    if improvement not in (None, "increase", "decrease"):
        raise ArgumentError(
            f"improvement={fmt(improvement)}: expected 'increase', 'decrease' or None (neutral)."
        )
    by = res.by
    summary = res.summary()
    keys = chosen(series_keys(summary, by), series, by)
    p = res.params
    unit = p["unit"]
    percent_of = p["multiply"] if p["kind"] == "pr" and p["multiply"] in (1.0, 100.0) else None
    levels = sorted(p["levels"], reverse=True)
    colours = _outlier_colours(improvement)
    # the legend lists what the drawn panels show: a trust's panel (series=, ax=) without
    # outliers has no "Outlier above" key from another trust's
    drawn = [select(res.units, by, key) for key in keys]
    direction = np.concatenate([u["direction"].to_numpy(dtype=object) for u in drawn])
    inside = any((~u["outlier"].astype(bool)).any() for u in drawn)
    kinds = [d for d in ("high", "low") if (direction == d).any()]
    handles = _handles(levels, p["limit"], colours, kinds, improvement, inside) if legend else []
    title = readable(res.title) if title is None else title
    if len(keys) == 1 or ax is not None:
        xlabel = readable(p["n"]) if xlabel is None else xlabel
        ylabel = _value_label(p) if ylabel is None else ylabel
    elif subtitle is None and xlabel is None and ylabel is None:
        subtitle = f"{_value_label(p)} against {readable(p['n'])}"
    page = new_page(
        len(keys),
        ax=ax,
        ncols=ncols,
        sharey=sharey,
        figsize=figsize,
        title=title,
        subtitle=subtitle,
        legend_entries=len(handles),
        xlabel=xlabel,
        ylabel=ylabel,
    )
    spans = []
    chosen_rows, notes = [], []
    for key, a in zip(keys, page.axes, strict=True):
        units = select(res.units, by, key)
        rows = _labelled(units, unit, choice)
        chosen_rows.append(rows)
        notes.append(choice[0] != "none" and bool(units["outlier"].sum() > rows.size))
        curves = select(res.limits, by, key)
        group = select(summary, by, key).iloc[0]
        spans.append(_draw(a, units, curves, group, p, levels, colours, logx))
        head = f"{key_label(key)}: " if key is not None else ""
        a.set_title(
            f"{head}φ = {group['phi']:.2f}{_phi_units(units, unit, group, p, len(keys) > 1)}, "
            f"{'limits widened for overdispersion' if group['adjusted'] else 'limits not widened'}",
            fontsize=9.5 if len(keys) > 1 else 10,
            loc="left",
            pad=7,  # above the panel, clear of the limits that meet its top edge
        )
        _style(a, percent_of, page.panel_width_in, logx)
    _set_y(page.axes, spans, sharey)
    for a in page.axes:
        _mark_limits_off_axis(a, levels)

    def place(_: Any) -> None:
        """The labels and notes, on the final layout: with the title, axis labels and legend
        in place (finish adds them, and the layout engine gives them room), so that the
        panels do not move under them at draw time (at figsize (6, 4) a single panel shrank
        from 73 to 55 px high after they were placed, and a note landed over a label)."""
        settle(page)
        for key, a, rows in zip(keys, page.axes, chosen_rows, strict=True):
            units = select(res.units, by, key)
            dropped = _label_units(a, units, unit, rows)
            _note_unlabelled(a, units, unit, rows, dropped, choice)

    placing = any(rows.size for rows in chosen_rows) or any(notes)
    return finish(
        page,
        title=title or None,
        subtitle=subtitle,
        xlabel=xlabel,
        ylabel=ylabel,
        handles=handles,
        then=place if placing else None,
    )


#: Units set aside from φ are named in the panel's title when they are this few and their
#: names this short altogether; otherwise counted.
SET_ASIDE_NAMED = 2
SET_ASIDE_CHARS = 24


def _phi_units(units: Any, unit: str, group: Any, p: Any, grid: bool) -> str:
    """ " from 3 of 4 units (FEN1 set aside)" when φ comes from a handful of units (the picture
    says what the warning said: φ from a handful of units means little), with the units the
    robust φ set aside named (or counted): "from 4 units" beside a unit at 7 times the others
    read as a φ computed with it in. In a grid the set-aside part starts a
    second line, so that the panel's width does not cut it off. "" for 10 units or more."""
    k = int(group["n_units"])
    if k >= MIN_UNITS or not p["adjust"]:
        return ""
    m = int(group["n_phi"])
    if m >= k:
        return f" from {k} unit{'s' if k != 1 else ''}"
    aside = units[unit].to_numpy()[(units["z_trimmed"].isna() & units["z"].notna()).to_numpy()]
    names = " and ".join(str(v) for v in aside)
    if not 0 < len(aside) <= SET_ASIDE_NAMED or len(names) > SET_ASIDE_CHARS:
        names = f"{k - m}"
    return f" from {m} of {k} units{chr(10) if grid else ' '}({names} set aside)"


def _line_styles(levels: list[float], limit: float) -> dict[float, str]:
    """Solid for the level that decides outliers, then dashed, dotted, dash-dotted."""
    others = [lv for lv in levels if lv != limit]
    styles = {lv: _OTHER_STYLES[i % len(_OTHER_STYLES)] for i, lv in enumerate(others)}
    return {**styles, limit: "-"}


def _value_label(p: Any) -> str:
    """The y axis: the title's words (``rate per 1,000`` for generic column names), a ratio
    with its multiplier (``× 100``)."""
    m = p["multiply"]
    if p["kind"] in ("rate", "pr"):
        return funnel_words(p["kind"], p["y"], p["n"], m)
    noun = "standardised ratio" if p["kind"] == "sr" else "ratio"
    return share_words(p["y"], p["n"], noun) + (f" × {m:g}" if m != 1 else "")


#: Outliers point the way they lie (the shape tells them apart when the colours are the same).
_MARKERS = {"high": "^", "low": "v"}


def _outlier_colours(improvement: str | None) -> dict[str, str]:
    C = mdc_colours()
    good, bad = C["improvement"], C["concern"]
    if improvement == "increase":
        return {"high": good, "low": bad}
    if improvement == "decrease":
        return {"high": bad, "low": good}
    return {"high": C["neutral"], "low": C["neutral"]}


def _draw(a, units, curves, group, p, levels, colours, logx):
    """One panel; returns the y span its units, target and nearby limits need."""
    n = curves["n"].to_numpy()
    C = mdc_colours()
    grey = C["limits"]
    styles = _line_styles(levels, p["limit"])
    for lv in levels:
        name = f"{lv:g}".replace(".", "_")
        for side in ("lcl", "ucl"):
            a.plot(
                n, curves[f"{side}_{name}"], color=grey, lw=1.1, ls=styles[lv], gid=f"limits_{name}"
            )
    a.axhline(group["target"], color=C["mean"], lw=1.2, gid="target")
    x = units["n"].to_numpy()
    y = units["value"].to_numpy()
    direction = units["direction"].to_numpy()
    inside = ~units["outlier"].to_numpy()
    a.scatter(
        x[inside],
        y[inside],
        s=22,
        color=C["common_cause"],
        zorder=3,
        clip_on=False,  # a unit at 0 (no events) is drawn whole, not cut by the axis
        gid="units",
    )
    for d in ("high", "low"):
        hit = direction == d
        if hit.any():
            a.scatter(
                x[hit],
                y[hit],
                s=34,
                color=colours[d],
                marker=_MARKERS[d],
                zorder=4,
                clip_on=False,
                gid=f"outliers_{d}",
            )
    if logx:
        a.set_xscale("log")
    a.set_xlim(*_x_range(x, n, logx))
    lo = min(np.nanmin(y), group["target"])
    hi = max(np.nanmax(y), group["target"])
    # the units and the target decide the range (as FunnelPlotR): limits a little beyond
    # them are shown whole, wider ones (overdispersion, the funnel's mouth) leave the axes;
    # but the innermost limits at the units' median n are always on them
    near = (n >= x.min()) & (n <= x.max())
    with np.errstate(all="ignore"):
        lines = curves.loc[near, [c for c in curves.columns if c[:4] in ("lcl_", "ucl_")]]
        lines = lines.to_numpy()
        if lines.size and np.isfinite(lines).any():
            reach = LIMIT_REACH * max(hi - lo, 0.1 * abs(hi))
            lo = max(min(lo, np.nanmin(lines)), lo - reach)
            hi = min(max(hi, np.nanmax(lines)), hi + reach)
    return _inner_limits(curves, float(np.median(x)), min(levels), (lo, hi))


def _inner_limits(
    curves: Any, at: float, level: float, lohi: tuple[float, float]
) -> tuple[float, float]:
    """``lohi`` widened to the limits of ``level`` (the innermost) at the units' median n
    ``at``: those most units are judged by, not the funnel's mouth at tiny n, so that a
    funnel of units all inside its limits shows them (the axis was zoomed
    to the units and no limit was drawn)."""
    lo, hi = lohi
    n = curves["n"].to_numpy(dtype=float)
    name = f"{level:g}".replace(".", "_")
    for side in ("lcl", "ucl"):
        v = curves[f"{side}_{name}"].to_numpy(dtype=float)
        ok = np.isfinite(v) & np.isfinite(n)
        if ok.any():
            limit = float(np.interp(at, n[ok], v[ok]))
            lo, hi = min(lo, limit), max(hi, limit)
    return (lo, hi)


def _mark_limits_off_axis(a: Axes, levels: list[float]) -> None:
    """A note at the panel's top (bottom) right naming the limits that lie wholly above
    (below) the y range over the units, so the legend's entry is not looked for in vain."""
    lo, hi = a.get_ylim()
    x0, x1 = a.get_xlim()
    above, below = [], []
    for lv in levels:
        name = f"{lv:g}".replace(".", "_")
        for line in (ln for ln in a.lines if ln.get_gid() == f"limits_{name}"):
            x = np.asarray(line.get_xdata(), dtype=float)
            y = np.asarray(line.get_ydata(), dtype=float)
            y = y[(x >= x0) & (x <= x1) & np.isfinite(y)]
            if y.size and (y > hi).all():
                above.append(f"{lv:g} %")
            elif y.size and (y < lo).all():
                below.append(f"{lv:g} %")
    box = _note_box()
    for names, y, va, word in ((above, 0.98, "top", "above ↑"), (below, 0.02, "bottom", "below ↓")):
        if names:
            a.text(
                0.995,
                y,
                f"{' and '.join(names)} limits {word}",
                transform=a.transAxes,
                ha="right",
                va=va,
                fontsize=7.5,
                color=mdc_colours()["text"],
                bbox=box,
                zorder=7,
                gid="limits_off_axis",
            )


_NOTES = ("limits_off_axis", "unlabelled")


def _note_box() -> dict[str, Any]:
    """The box behind a note: the paper's colour, nearly opaque."""
    return {
        "boxstyle": "square,pad=0.15",
        "facecolor": frame_colours()["paper"],
        "edgecolor": "none",
        "alpha": 0.85,
    }


#: The outliers left unlabelled for want of room are named in the note when they are this
#: few and their names this short altogether.
NAMED_IN_NOTE = 3
NAMES_IN_NOTE_CHARS = 60


def _unlabelled_words(
    units: Any, unit: str, rows: np.ndarray, dropped: list[Any], choice: tuple[str, Any]
) -> str:
    """ "1 more outlier not labelled: Trust 00" (the outliers chosen to be named but left
    without room, when few); "19 more outliers not labelled" when the user's choice or a crowd
    leaves more; "" when every outlier is named or ``labels=None``."""
    outlier = units["outlier"].to_numpy(dtype=bool)
    left = int(outlier.sum()) - int(outlier[rows].sum()) + len(dropped)
    if not left or choice[0] == "none":
        return ""
    more = "more " if left < int(outlier.sum()) else ""
    words = f"{left} {more}outlier{'s' * (left != 1)} not labelled"
    names = ", ".join(str(v) for v in units[unit].to_numpy()[dropped])
    if len(dropped) == left and left <= NAMED_IN_NOTE and len(names) <= NAMES_IN_NOTE_CHARS:
        words += f": {names}"
    return words


def _note_unlabelled(
    a: Axes, units: Any, unit: str, rows: np.ndarray, dropped: list[Any], choice: tuple[str, Any]
) -> None:
    """'19 more outliers not labelled' (:func:`_unlabelled_words`) in a corner of the panel
    that covers no unit, no label and no other note (top left, bottom left, top right, bottom
    right). With no such corner, the first that covers no unit and no other note, and the
    labels under it are removed and counted as not labelled (they would be hidden by the
    note's box: a panel of a six-trust grid at its default size said "2 more outliers not
    labelled: Ward 041, Ward 019" over the label of a third, Ward 052, whose outlier then had
    no visible label and was not counted); with none of those either, the first
    corner, likewise. Nothing when every
    outlier has its label."""
    from matplotlib.text import Text

    renderer = renderer_of(a.figure)
    x, y = units["n"].to_numpy(dtype=float), units["value"].to_numpy(dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    xy = a.transData.transform(np.column_stack([x[ok], y[ok]]))
    others = [t.get_window_extent(renderer) for t in a.texts if t.get_gid() in _NOTES]
    labels = [t for t in a.texts if str(t.get_gid()).startswith(("outlier_label", "unit_label"))]
    for t in labels:
        if hasattr(t, "update_positions"):  # an annotation: its text at its offset
            t.update_positions(renderer)
    corners = ((0.005, 0.98, "left", "top"), (0.005, 0.02, "left", "bottom"))
    corners += ((0.995, 0.98, "right", "top"), (0.995, 0.02, "right", "bottom"))
    names = units[unit].astype(str).to_numpy()
    dropped = list(dropped)

    def put(note: str, cx: float, cy: float, ha: str, va: str) -> Any:
        text = a.text(
            cx,
            cy,
            note,
            transform=a.transAxes,
            ha=ha,
            va=va,
            fontsize=7.5,
            color=mdc_colours()["text"],
            bbox=_note_box(),
            zorder=7,
            gid="unlabelled",
            in_layout=False,  # placed on the final layout, which it must not change
        )
        # as wide as the panel at most: the names go on lines of their own (a note of a
        # six-trust grid at (8, 6) ran past its panel's edge towards the next)
        room = 0.96 * a.get_window_extent(renderer).width
        if ": " in note and text.get_window_extent(renderer).width > room:
            text.set_text(_wrap_note(note, room, lambda t: _width(text, t)))
        return text

    def hidden(text: Any) -> list[Any]:
        box = text.get_window_extent(renderer).expanded(1.0, 1.0).padded(4)
        return [t for t in labels if box.overlaps(Text.get_window_extent(t, renderer))]

    def covers(text: Any) -> bool:
        box = text.get_window_extent(renderer).expanded(1.0, 1.0).padded(4)
        return bool(box.count_contains(xy)) if xy.size else False

    def clashes(text: Any) -> bool:
        box = text.get_window_extent(renderer).expanded(1.0, 1.0).padded(4)
        return any(box.overlaps(o) for o in others)

    # at most one round per label: each round that keeps a corner removes a label under it
    for _ in range(len(labels) + 1):
        note = _unlabelled_words(units, unit, rows, dropped, choice)
        if not note:
            return
        second = None
        for corner in corners:
            text = put(note, *corner)
            if not covers(text) and not clashes(text):
                if not hidden(text):
                    return
                second = second or corner
            text.remove()
        text = put(note, *(second or corners[0]))
        under = hidden(text)
        if not under:
            return
        text.remove()
        for t in under:  # hidden by the note: not labelled after all
            labels.remove(t)
            t.remove()
            if str(t.get_gid()).startswith("outlier_label"):
                dropped += [int(i) for i in np.flatnonzero(names == t.get_text())[:1]]


def _width(text: Any, words: str) -> float:
    """The width (pixels) ``words`` take in ``text``'s font, with its box."""
    renderer = renderer_of(text.figure)
    was = text.get_text()
    text.set_text(words)
    width = text.get_window_extent(renderer).width
    text.set_text(was)
    return width


def _wrap_note(note: str, room: float, width: Any) -> str:
    """The note "k more outliers not labelled: A, B, C" with its names on lines of their own,
    broken after a comma, each line within ``room`` pixels by ``width(line)`` where it can."""
    head, names = note.split(": ", 1)
    lines = [head + ":"]
    line = ""
    for name in names.split(", "):
        trial = f"{line}, {name}" if line else name
        if line and width(trial + ",") > room:
            lines.append(line + ",")
            line = name
        else:
            line = trial
    return "\n".join([*lines, line])


def _label_choice(labels: Any, names: Any) -> tuple[str, Any]:
    """``labels=`` as ("none" | "outliers" | "all" | "count" | "list", detail)."""
    if labels is None or labels is False or labels is np.False_:
        return ("none", None)
    if labels is True or labels is np.True_:
        return ("outliers", None)
    if isinstance(labels, str):
        if name_key(labels) in LABEL_CHOICES:  # any case, spaces around it ignored
            return (name_key(labels), None)
        raise ArgumentError(
            f"labels={fmt(labels)}: expected 'auto', 'outliers', 'all', a number of outliers, a "
            f"list of unit names or None{_hint(labels, names, list_of=True)}."
        )
    if isinstance(labels, (int, np.integer)):
        if labels < 0:
            raise ArgumentError(f"labels={fmt(labels)}: expected a number of outliers >= 0.")
        return ("count", int(labels))
    try:
        wanted = list(labels)
    except TypeError:
        raise ArgumentError(
            f"labels={fmt(labels)}: expected 'auto', 'outliers', 'all', a number of outliers, a "
            "list of unit names or None."
        ) from None
    known = set(names.tolist())
    for w in wanted:
        if w not in known:
            raise ArgumentError(
                f"labels={fmt(labels)}: {fmt(w)} is not a unit of the funnel"
                f"{_hint(w, names, list_of=False)}."
            )
    return ("list", wanted)


def _hint(value: Any, names: Any, list_of: bool) -> str:
    """'; did you mean …' for a unit name spelt close to ``value``."""
    near = closest(value, list(dict.fromkeys(names.tolist())))
    if near is None:
        return ""
    return f"; did you mean {fmt([near]) if list_of else fmt(near)}"


def _labelled(units: Any, unit: str, choice: tuple[str, Any]) -> np.ndarray:
    """Rows of ``units`` (one panel) to name, the most extreme first (placed first)."""
    how, detail = choice
    out = units["outlier"].to_numpy()
    order = np.argsort(-np.abs(np.nan_to_num(units["z"].to_numpy())), kind="stable")
    if how == "none":
        return np.zeros(0, dtype=np.intp)
    if how == "auto":
        how = "all" if len(units) <= LABEL_ALL_UP_TO else "outliers"
    if how == "all":
        return np.concatenate((order[out[order]], order[~out[order]]))
    if how == "list":
        return order[units[unit].isin(detail).to_numpy()[order]]
    rows = order[out[order]]
    return rows[:detail] if how == "count" else rows


def _label_units(a: Axes, units: Any, unit: str, rows: np.ndarray) -> list[Any]:
    """Name the units ``rows`` (the most extreme first), each where it covers no unit, no other
    label and, if it can, no line; call it once the panel's position and ranges are final.
    A label goes where it lies nearer its own unit than any other marked one (a reader names
    the unit next to a label), on its unit's free side if it can (below a low outlier, else
    above). A label with no such place (in a crowd) is left out, so that none is drawn over a
    unit or another label or names the wrong one; the most extreme are placed first, so they
    keep theirs. Returns the rows of the outliers left out."""
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    from .placement import place_label

    if not rows.size:
        return []
    x, y = units["n"].to_numpy(dtype=float), units["value"].to_numpy(dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    xy = a.transData.transform(np.column_stack([x[ok], y[ok]]))
    radius = 3.2 * a.figure.dpi / 72  # the largest marker (s=34 pt²), with a hair of room
    taken = [Bbox.from_extents(px - radius, py - radius, px + radius, py + radius) for px, py in xy]
    renderer = renderer_of(a.figure)
    taken += [t.get_window_extent(renderer) for t in a.texts if t.get_gid() in _NOTES]
    half = np.sqrt(34.0) / 2 * a.figure.dpi / 72  # the drawn outlier marker (s=34 pt²)
    marks = [Bbox.from_extents(px - half, py - half, px + half, py + half) for px, py in xy]
    drawn = taken[len(xy) :]  # notes, then the labels placed
    # the panel's title, as wide as it may be drawn (TITLE_SLACK): a label with no room in
    # the panel went to the title row over a two-line title's end ("SUR07 …" over
    # "overdispersion")
    title_row = []
    if a._left_title.get_text():
        b = a._left_title.get_window_extent(renderer)
        title_row.append(Bbox.from_extents(b.x0, b.y0, b.x0 + b.width * TITLE_SLACK, b.y1))
    names = units[unit].to_numpy()
    outlier = units["outlier"].to_numpy(dtype=bool)
    low = (units["direction"] == "low").to_numpy()
    marked = ok & (outlier | np.isin(np.arange(ok.size), rows))
    at = np.full((ok.size, 2), np.nan)
    at[ok] = xy
    left = []
    for i in rows:
        if not ok[i]:  # not drawn
            left += [i] * bool(outlier[i])
            continue
        label = place_label(
            a,
            str(names[i]),
            (x[i], y[i]),
            taken=taken,
            title_row=title_row,
            cross_lines=True,
            below=bool(low[i]),
            accept=functools.partial(_nearest_own, at=at, marked=marked, i=i),
            fontsize=7.5,
            color=mdc_colours()["text"],
            gid="outlier_label" if outlier[i] else "unit_label",
        )
        # placed on the final layout: a label reaching out of the panel (into its title's
        # row) must not make the layout engine move the panel under it at draw time
        label.set_in_layout(False)
        # the text's own box: an Annotation's extent includes its leader line, which reaches
        # the unit's marker by design
        label.update_positions(renderer)
        box = Text.get_window_extent(label, renderer)
        if (
            any(box.overlaps(t) for t in drawn + title_row)
            or box.count_overlaps(marks)
            or not _nearest_own(np.array([box.extents]), at, marked, i)[0]
        ):
            label.remove()
            left += [i] * bool(outlier[i])
            continue
        taken.append(box)
        drawn.append(box)
    return left


def _nearest_own(boxes: np.ndarray, at: np.ndarray, marked: np.ndarray, i: int) -> np.ndarray:
    """Whether each label box (display rows x0, y0, x1, y1) of unit ``i`` lies no nearer
    another marked unit (an outlier or a unit named) than its own point (display positions
    ``at``): a reader names the unit next to a label, so a label placed nearer another, far
    out on a leader line, would name the wrong one."""
    x0, y0, x1, y1 = (boxes[:, k, None] for k in range(4))
    dx = np.maximum(np.maximum(x0 - at[None, :, 0], at[None, :, 0] - x1), 0.0)
    dy = np.maximum(np.maximum(y0 - at[None, :, 1], at[None, :, 1] - y1), 0.0)
    d = np.hypot(dx, dy)
    others = marked.copy()
    others[i] = False
    if not others.any():
        return np.ones(len(boxes), dtype=bool)
    return ~(np.nanmin(d[:, others], axis=1) < d[:, i])


def _x_range(x: np.ndarray, n: np.ndarray, logx: bool = False) -> tuple[float, float]:
    """From 0, so the funnel's shape shows; but when every unit's n is more than
    ``ZOOM_SHARE`` of the largest (wards of similar size), only around the units: from 0 they
    would be crammed into a corner, and the limits are nearly flat over their range anyway.
    A log axis spans the units, a tenth of their (log) span either side."""
    lo, hi = float(x.min()), float(x.max())
    if logx:
        lo, hi = float(np.min(x[x > 0], initial=hi)), max(hi, 1e-300)
        pad = max(hi / lo, 10.0**0.5) ** 0.1
        return lo / pad, hi * pad
    if lo > ZOOM_SHARE * hi:
        pad = 0.1 * (hi - lo) + 0.02 * hi
        return lo - pad, hi + pad
    return 0.0, max(float(n.max()), hi) * 1.02


def _style(a, percent_of, width_in: float, logx: bool) -> None:
    from matplotlib.ticker import MaxNLocator, NullFormatter

    a.yaxis.set_major_formatter(tick_formatter(percent_of))
    a.xaxis.set_major_formatter(tick_formatter())
    # labels like "8,000" need about 0.75 in each; a log axis spanning less than a decade
    # is ticked as a linear one ("4,000 6,000 8,000", not "4×10³" on its minor ticks)
    lo, hi = a.get_xlim()
    if not logx or hi < 10 * lo:
        a.xaxis.set_major_locator(
            MaxNLocator(nbins=max(2, int(width_in / 0.75)), steps=[1, 2, 2.5, 5, 10])
        )
    if logx:
        a.xaxis.set_minor_formatter(NullFormatter())
    frame_axes(a)


def _set_y(axes, spans, sharey: bool) -> None:
    """y ranges from the spans (the limits at tiny n would flatten the funnel)."""
    spans = np.asarray(spans, dtype=float)
    if sharey:
        spans[:] = spans[:, 0].min(), spans[:, 1].max()
    for a, (lo, hi) in zip(axes, spans, strict=True):
        pad = 0.12 * (hi - lo) if hi > lo else 0.5 * abs(hi) or 1.0
        # values are never negative: the axis stops just below 0, room for a unit at 0
        bottom = max(lo - pad, -0.03 * (hi + pad)) if lo >= 0 else lo - pad
        a.set_ylim(bottom, hi + pad)


def _handles(levels, limit, colours, outlier_kinds, improvement, inside) -> list[Any]:
    """The legend's keys: "Unit" when some unit drawn is inside its limits, each kind of
    outlier drawn, the target and the limits at each level."""
    from matplotlib.lines import Line2D

    C = mdc_colours()
    grey = C["limits"]
    unit = Line2D([], [], ls="", marker="o", color=C["common_cause"], label="Unit")
    out = [unit] if inside else []
    for d in outlier_kinds:
        side = {"high": "above", "low": "below"}[d]
        if improvement is None:
            label = f"Outlier {side}"
        else:
            better = (d == "high") == (improvement == "increase")
            label = f"Outlier {side} ({'better' if better else 'worse'})"
        out.append(Line2D([], [], ls="", marker=_MARKERS[d], color=colours[d], label=label))
    out.append(Line2D([], [], color=C["mean"], label="Target"))
    styles = _line_styles(levels, limit)
    for lv in levels:
        out.append(Line2D([], [], color=grey, ls=styles[lv], label=f"{lv:g} % limits"))
    return out


__all__ = ["plot_funnel"]
