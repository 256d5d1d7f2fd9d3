"""One panel of an SPC chart: its points as arrays, and what both styles draw the same way.

x is drawn as plain numbers (matplotlib date numbers for dates, codes for categories) so that
lines of several phases can be one artist broken by NaN gaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .colours import frame_colours
from .formatting import number
from .layout import renderer_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


@dataclass(frozen=True)
class Options:
    """What the caller asked for, the same for every panel."""

    icons: bool
    label_limits: bool
    percent_of: float | None  # show values as % of this (1 or 100); None: plain numbers
    dots_only: bool  # unordered categories: no line between the points
    mark_missing: bool  # a small cross on the x axis at each period without a value
    icon_pt: float
    panel_width_in: float
    first_blank: bool = False  # G, T: a series' first event has no gap (not a missing period)


#: The lines of the process (and the target): drawn from the series' first observed point to
#: its last, never over periods after its data end (a ward that closed).
LINE_COLUMNS = ("cl", "lcl", "ucl", "target")
#: Columns of the points and of the summary that the drawings read.
POINT_COLUMNS = ("value", "phase", "cl", "lcl", "ucl", "target", "baseline", "excluded")
POINT_COLUMNS += ("signal", "variation")
SUMMARY_COLUMNS = ("variation", "assurance", "runs_signal", "n_shift", "n_long_run")
SUMMARY_COLUMNS += ("n_few_crossings", "short_phase", "n_points")
_FLAGS = ("baseline", "excluded", "signal", "short_phase")


def arrays(frame: pd.DataFrame, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The named columns of ``frame`` (those it has) as numpy arrays, converted once for all
    panels: flags as bool, ``variation`` as str, ``phase`` and ``assurance`` as they are,
    numbers as float with NaN for missing."""
    out: dict[str, np.ndarray] = {}
    for name in names:
        if name not in frame:
            continue
        col = frame[name]
        if name in _FLAGS:
            out[name] = col.to_numpy(dtype=bool, na_value=False)
        elif name == "variation":
            # missing (a point without a value) as "", and a str array as wide as the longest
            # label: converting a column holding NaN straight to numpy's str dtype can give
            # one-character labels, and then no point would be drawn as a special cause
            out[name] = col.astype(object).where(col.notna(), "").to_numpy().astype(str)
        elif name in ("phase", "assurance"):
            out[name] = col.to_numpy()
        else:
            out[name] = col.to_numpy(dtype=float, na_value=np.nan)
    return out


@dataclass
class Panel:
    """The points of one series, ready to draw."""

    ax: Axes
    pts: dict[str, np.ndarray]  # its points' columns (see POINT_COLUMNS)
    summ: dict[str, np.ndarray]  # its summary's columns, one entry per phase
    x: np.ndarray  # float
    y: np.ndarray
    starts: np.ndarray  # first row of each phase

    @property
    def ends(self) -> np.ndarray:
        return np.r_[self.starts[1:], len(self.x)] - 1

    def column(self, name: str) -> np.ndarray:
        return self.pts[name]

    def broken(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x and values with a NaN gap between phases (one line artist for all phases)."""
        at = self.starts[1:]
        return np.insert(self.x, at, np.nan), np.insert(values, at, np.nan)

    def stepped(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """As :meth:`broken`, for a line that holds its value between points (a target): where
        the value changes from one point to the next it steps, halfway between them, instead
        of sloping from one to the other."""
        x, v = self.x.astype(float), np.asarray(values, dtype=float)
        new_phase = np.zeros(len(x), dtype=bool)
        new_phase[self.starts] = True
        step = (
            np.flatnonzero(
                ~new_phase[1:] & np.isfinite(v[1:]) & np.isfinite(v[:-1]) & (v[1:] != v[:-1])
            )
            + 1
        )  # the first point at the new value
        mid = (x[step - 1] + x[step]) / 2
        # two corners before each such point: (mid, old value) and (mid, new value)
        at = np.repeat(step, 2)
        xs = np.insert(x, at, np.repeat(mid, 2))
        vs = np.insert(v, at, np.column_stack([v[step - 1], v[step]]).ravel())
        shift = np.searchsorted(step, self.starts[1:], side="right") * 2
        gaps = self.starts[1:] + shift
        return np.insert(xs, gaps, np.nan), np.insert(vs, gaps, np.nan)

    def has(self, name: str) -> bool:
        return name in self.pts and bool(np.isfinite(self.pts[name]).any())

    def trial(self) -> np.ndarray:
        """Whether each point's limits are trial limits: its phase is shorter than the
        chart's minimum (the summary's ``short_phase``)."""
        short = self.summ.get("short_phase")
        if short is None or len(short) != len(self.starts):
            return np.zeros(len(self.x), dtype=bool)
        return np.repeat(short, self.ends - self.starts + 1)


def trial_points(points: pd.DataFrame, summary: pd.DataFrame, by: list[str]) -> np.ndarray:
    """Per row of ``points``: whether its phase is short (its limits are trial limits)."""
    if "short_phase" not in summary or not len(points):
        return np.zeros(len(points), dtype=bool)
    keys = [*by, "phase"]
    short = summary[[*keys, "short_phase"]].drop_duplicates(keys)
    merged = points[keys].merge(short, on=keys, how="left")
    return merged["short_phase"].fillna(False).to_numpy(dtype=bool)


def make_panel(
    ax: Axes,
    points: dict[str, np.ndarray],
    rows: np.ndarray,
    summary: dict[str, np.ndarray],
    phases: np.ndarray,
    x: np.ndarray,
    percent_of: float | None = None,
    ratio: bool = False,
) -> Panel:
    """The panel of the series at ``rows`` of the points (``phases``: its summary rows).

    A percentage (``percent_of``, the value shown as 100 %) has its limits drawn within 0 and
    100 %: see :func:`within_percent`. Counts (whole values, or a ``ratio`` y/n, none of them
    negative) have a lower limit below 0 drawn at 0: see :func:`above_zero`.

    The centre line, limits and target stop at the series' last observed point and start at
    its first: after the data end (a closed ward, a measure not yet reported) nothing was
    judged. Inside a series a missing value breaks the data line only; the process lines go
    on through it, as qicharts2 draws them (limits where the period has them).
    """
    pts = {k: v[rows] for k, v in points.items()}
    seen = np.flatnonzero(np.isfinite(pts["value"]))
    if seen.size and (seen[0] > 0 or seen[-1] < len(rows) - 1):
        outside = np.ones(len(rows), dtype=bool)
        outside[seen[0] : seen[-1] + 1] = False
        for name in LINE_COLUMNS:
            if name in pts:
                pts[name][outside] = np.nan
    if percent_of is not None:
        within_percent(pts, percent_of)
    else:
        above_zero(pts, ratio)
    summ = {k: v[phases] for k, v in summary.items()}
    phase = pts["phase"]
    starts = np.flatnonzero(np.r_[True, phase[1:] != phase[:-1]]) if len(phase) else np.array([0])
    return Panel(ax, pts, summ, x, pts["value"], starts)


def within_percent(pts: dict[str, np.ndarray], percent_of: float) -> None:
    """The process limits of a percentage clipped, in place, to what a percentage can be:
    0 to ``percent_of`` (100 %). An XmR chart of harm-free care at 98.5 % has an upper limit
    of 100.9 %, which no month can reach; drawn, it pushed the axis past 100 %.
    A P chart's limits are computed within them already (:func:`qistats.spc`); the tables
    (``points``, ``summary()``) keep every chart's limits as computed, as NHSRplotthedots'
    ``ptd_spc`` returns them. Missing limits stay missing.

    A bound is kept only where the series' values respect it: bed occupancy of 94 to 103 %
    (escalation beds) has an upper limit of 105 % that a month can reach, drawn where it is;
    clipped to 100 %, nine grey points sat above the drawn limit."""
    value = pts["value"]
    seen = value[np.isfinite(value)]
    low = 0.0 if not (seen < 0).any() else -np.inf
    high = percent_of if not (seen > percent_of).any() else np.inf
    for name in ("lcl", "ucl"):
        if name in pts:
            np.clip(pts[name], low, high, out=pts[name])


def above_zero(pts: dict[str, np.ndarray], ratio: bool) -> None:
    """A lower process limit below 0 drawn at 0, in place, for a series that cannot be
    negative: whole values (counts), or values of a ``ratio`` y/n, none of them below 0.

    An XmR chart of monthly counts with a mean of 3 has a lower limit of −3 by the Making Data
    Count formula (NHSRplotthedots returns it, and so do ``points`` and ``summary()``); drawn
    where it is, it took a third of the panel below 0, where no month can be.
    qicharts2 sets the lower limits of its C, U and P charts to 0 in the same case (qistats
    computes them so). A series with a negative value (a balance, a change) keeps its limits
    where they are; so do values that are not whole, unless they are a ratio.
    """
    value = pts["value"]
    seen = value[np.isfinite(value)]
    if not seen.size or (seen < 0).any():
        return
    if not ratio and not np.all(seen == np.round(seen)):
        return
    if "lcl" in pts:
        np.maximum(pts["lcl"], 0.0, out=pts["lcl"], where=np.isfinite(pts["lcl"]))


def line(ax: Axes, x: np.ndarray, y: np.ndarray, **style: Any) -> Any:
    """A Line2D added to ``ax`` directly (``ax.plot`` spends more time parsing its arguments
    and cycling colours than drawing; every line here is given its colour)."""
    from matplotlib.lines import Line2D

    artist = Line2D(x, y, **style)
    ax.add_line(artist)
    return artist


#: How wide (in points) a level drawn at one point alone is: a short dash, about a month's
#: width on a two-year panel.
LONE_LEVEL_PT = 14.0


def level(ax: Axes, x: np.ndarray, y: np.ndarray, **style: Any) -> Any:
    """A level line (a mean, a limit, a target) as :func:`line` draws it, with each value
    that has no finite neighbour on its line (a phase or series of one point, a ward that
    opened last month) drawn as a short horizontal dash: a line through one point has no
    length, and such a panel showed its point with no mean, limits or target at all, though
    its legend listed them and the table gave them."""
    artist = line(ax, x, y, **style)
    v = np.asarray(y, dtype=float)
    ok = np.isfinite(v) & np.isfinite(np.asarray(x, dtype=float))
    before = np.r_[False, ok[:-1]]
    after = np.r_[ok[1:], False]
    lone = ok & ~before & ~after
    if lone.any():
        dash = {k: v for k, v in style.items() if k not in ("linestyle", "gid")}
        width = dash.pop("linewidth", 1.0)
        line(
            ax,
            np.asarray(x)[lone],
            v[lone],
            linestyle="none",
            marker="_",
            markersize=LONE_LEVEL_PT,
            markeredgewidth=width,
            markeredgecolor=dash.pop("color", None),
            gid=style.get("gid"),  # the line's: the same range rules ("target": far or not)
            **dash,
        )
    return artist


def dots(
    ax: Axes,
    x: np.ndarray,
    y: np.ndarray,
    *,
    size: float,
    face: str,
    edge: str | None = None,
    width: float = 0.0,
    zorder: float,
    gid: str,
) -> None:
    """Points as one line of markers ``size`` points across, never clipped at the panel's
    edge (a Line2D is drawn many times faster than a scatter collection)."""
    line(
        ax,
        x,
        y,
        linestyle="none",
        marker="o",
        markersize=size,
        markerfacecolor=face,
        markeredgecolor=edge or face,
        markeredgewidth=width,
        zorder=zorder,
        gid=gid,
        clip_on=False,
    )


def half_step(p: Panel) -> float:
    steps = np.diff(p.x)
    return float(np.nanmedian(steps)) / 2 if steps.size else 0.5


def baseline_spans(p: Panel, colour: str) -> bool:
    """Shade each baseline (freeze) period that is followed by points judged against it."""
    base = p.pts.get("baseline")
    if base is None or base.all() or not base.any():
        return False
    h = half_step(p)
    drawn = False
    for s, e in zip(p.starts, p.ends, strict=True):
        b = np.flatnonzero(base[s : e + 1]) + s
        if b.size and b.size < e + 1 - s:
            p.ax.axvspan(
                p.x[b[0]] - h, p.x[b[-1]] + h, color=colour, zorder=0, lw=0, gid="baseline"
            )
            drawn = True
    return drawn


def excluded_mask(p: Panel) -> np.ndarray:
    if "excluded" not in p.pts:
        return np.zeros(len(p.x), dtype=bool)
    return p.pts["excluded"]


def no_data(p: Panel) -> bool:
    """Say so when a series has no value to draw."""
    if np.isfinite(p.y).any():
        return False
    # its periods still count on a shared x axis (an empty axes would pull it to 0, 1970)
    x = p.x[np.isfinite(p.x)]
    if x.size:
        p.ax.dataLim.update_from_data_x(x, ignore=False)
        p.ax.autoscale_view(scaley=False)
    say_no_data(p.ax)
    return True


def ranging(axes: list[Axes]) -> list[Axes]:
    """The panels whose drawn lines span more than one x (all of them when none does): a
    ward with a single point (it opened last month) gets matplotlib's range of some six years
    around it, which must not set the range shared with the others."""
    wide = []
    for a in axes:
        xs = [np.asarray(ln.get_xdata(), dtype=float) for ln in a.get_lines()]
        x = np.concatenate(xs) if xs else np.empty(0)
        x = x[np.isfinite(x)]
        if x.size and x.max() > x.min():
            wide.append(a)
    return wide or axes


def say_no_data(ax: Axes) -> None:
    """The "no data" note in the middle of a panel with nothing to draw."""
    ax.text(
        0.5,
        0.5,
        "no data",
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=10,
        color="#7F7F7F",
        gid="no_data",
    )


MISSING_COLOUR = "#8C8C8C"
#: The legend's look of :func:`missing_marks` (Line2D properties).
MISSING_HANDLE = {
    "marker": "x",
    "linestyle": "none",
    "markersize": 5,
    "markeredgewidth": 1.0,
    "color": MISSING_COLOUR,
}


def before_first(points: pd.DataFrame, series: list[Any]) -> np.ndarray:
    """Per row, whether it comes before its series' first value (points in series order)."""
    seen = points["value"].notna()
    if not series:
        return ~seen.cummax().to_numpy(dtype=bool)
    keys = [points[c] for c in series]
    first = seen.groupby(keys, sort=False, observed=True, dropna=False).cummax()
    return ~first.to_numpy(dtype=bool)


def has_missing(points: pd.DataFrame, series: list[Any], events: np.ndarray | None = None) -> bool:
    """Whether some series (rows sharing the ``series`` columns) has a period without a value
    and a value elsewhere: the panels that :func:`missing_marks` marks (a series with no value
    at all says "no data" instead, and another series' values do not make its gaps marked).
    ``events``: per row, whether it is of a G or T chart, whose blanks before a series' first
    value are its first event's (no gap by definition), not missing periods."""
    if events is not None and events.any():
        points = points[~(events & before_first(points, series))]
    missing = points["value"].isna()
    if not missing.any() or missing.all():
        return False
    if not series:
        return True
    values = points["value"].groupby(
        [points[c] for c in series], sort=False, observed=True, dropna=False
    )
    count = values.count()
    return bool(((count > 0) & (count < values.size())).any())


#: Height (points) of a "no value" cross's centre above the x axis: inside the panel, clear
#: of the axis line and the tick labels under it.
MISSING_UP_PT = 3.5


def missing_marks(p: Panel, first_blank: bool = False) -> None:
    """A small cross at the bottom of the panel, just inside it, at each period of the series
    without a value (a gap inside it, or the months after a ward closed), so that a missing
    month is seen rather than silently skipped by the line. Inside the axes, not under the
    x axis, where it sat on the tick labels. ``first_blank``: a G or T chart, whose blank
    before the first value is its first event's (no gap since one before it), not crossed."""
    gap = ~np.isfinite(p.y) & np.isfinite(p.x)
    if first_blank:
        gap &= np.maximum.accumulate(np.isfinite(p.y))
    if gap.any():
        cross_marks(p.ax, p.x[gap])


def cross_marks(ax: Axes, x: np.ndarray) -> None:
    """The "no value" crosses of :func:`missing_marks` at the plot x ``x``, the x range
    stretched to include them (also the periods a stale series of a board has not reported
    up to the report's period, which have no row of their own)."""
    from matplotlib.transforms import ScaledTranslation

    x = np.asarray(x, dtype=float)
    ax.dataLim.update_from_data_x(x, ignore=False)  # the x range includes them
    # the cross (3.5 points) wholly above the axis line: its centre MISSING_UP_PT above it
    below = ax.get_xaxis_transform() + ScaledTranslation(
        0, MISSING_UP_PT / 72, ax.figure.dpi_scale_trans
    )
    line(
        ax,
        x,
        np.zeros(x.size),
        transform=below,
        linestyle="none",
        marker="x",
        markersize=3.5,
        markeredgewidth=1.0,
        color=MISSING_COLOUR,
        clip_on=False,
        zorder=5,
        gid="missing",
    )


def phase_labels(p: Panel, colour: str) -> None:
    """The name of each phase at the top of the panel, from the phase's start: phases given
    as a column of names ("Before", "After falls bundle"), as qicharts2 labels its parts.
    Phases numbered by qistats (from ``phase=`` dates) are not labelled; the break shows
    them. Room is made at the top of the y range (see ``PHASE_LABEL_PT``)."""
    if len(p.starts) < 2:
        return
    names = p.pts["phase"][p.starts]
    if not all(isinstance(n, str) and n for n in names):
        return
    from matplotlib.transforms import ScaledTranslation

    h = half_step(p)
    fig = p.ax.figure
    nudge = ScaledTranslation(2 / 72, -2 / 72, fig.dpi_scale_trans)
    for s, name in zip(p.starts, names, strict=True):
        p.ax.text(
            p.x[s] - (h if s else 0.0),
            1.0,
            name,
            transform=p.ax.get_xaxis_transform() + nudge,
            ha="left",
            va="top",
            fontsize=PHASE_LABEL_FONT,
            color=colour,
            zorder=6,
            gid="phase_label",
        )


def fit_phase_labels(ax: Axes) -> None:
    """Shorten each phase's name to the room before the next one (or the panel's right
    edge): whole words are dropped from its end and "…" marks the cut, so long names
    ("PDSA cycle 1: safety huddles") never run into the next. Call it once the panel is
    placed and its x range final (it measures the drawn text)."""
    labels = sorted(
        (t for t in ax.texts if t.get_gid() == "phase_label"), key=lambda t: t.get_position()[0]
    )
    if not labels:
        return
    r = renderer_of(ax.figure)
    gap = 4 * ax.figure.dpi / 72
    edges = [t.get_window_extent(r).x0 for t in labels[1:]] + [ax.get_window_extent(r).x1]
    for t, edge in zip(labels, edges, strict=True):
        words = t.get_text().split()
        keep = len(words)
        while t.get_window_extent(r).x1 > edge - gap and keep > 0:
            keep -= 1
            body = " ".join(words[:keep]).rstrip(",;:-–—")
            t.set_text(body + "…" if body else words[0][:3] + "…")
        t.set_visible(t.get_window_extent(r).x1 <= edge or len(labels) == 1)


#: Size of a phase's name, and the room (points) it takes at the top of a panel.
PHASE_LABEL_FONT = 8.0
PHASE_LABEL_PT = 14.0


def phase_breaks(p: Panel, colour: str, linestyle: str, gid: str) -> None:
    """A vertical line halfway between the last point of a phase and the first of the next."""
    for s in p.starts[1:]:
        p.ax.axvline(
            (p.x[s - 1] + p.x[s]) / 2,
            color=colour,
            linestyle=linestyle,
            linewidth=1,
            zorder=1,
            gid=gid,
        )


def _scale(p: Panel, names: list[str]) -> float:
    """The largest magnitude among the panel's values and labelled lines."""
    cols = [p.y, *(p.pts[n] for n in names if n in p.pts)]
    values = np.abs(np.concatenate(cols))
    values = values[np.isfinite(values)]
    return float(values.max()) if values.size else 0.0


def _at_scale(value: float, scale: float) -> float:
    """``value`` rounded as the panel's largest number is when it is a thousand times
    smaller (a G chart's lower limit 0.00149 beside an upper limit of 159 reads "0")."""
    if not np.isfinite(value) or value == 0 or abs(value) * 1000 >= scale:
        return value
    return round(value, 2 - math.floor(math.log10(scale)))


#: Lines labelled once where their value ends, not at the end of every phase.
ONCE = ("target",)


def limit_labels(
    p: Panel,
    names: list[str],
    percent_of: float | None,
    colour: str,
    fontsize: float,
    width_in: float,
) -> None:
    """Plain rounded labels of lines at the last point of each phase.

    A label of an earlier phase is right-aligned at that phase's last point (never over the
    next phase's points); the last phase's labels sit just right of the last point, in a
    margin added to the x range for them, so they neither cover data nor get clipped.
    :func:`separate_labels` later spreads labels that would overlap. A line of the user's
    (``ONCE``: the target) is labelled where its value ends, not again at every phase: a
    target of 12 through three phases is labelled once, at the panel's end.
    Lines whose labels would read the same at the same point (a target of 0 on a lower limit
    of 0) share one label, not two "0" stacked beside the line.
    """
    from matplotlib.transforms import ScaledTranslation

    texts: list[str] = []
    fig = p.ax.figure
    shift = {
        True: p.ax.transData + ScaledTranslation(3 / 72, 0, fig.dpi_scale_trans),
        False: p.ax.transData + ScaledTranslation(-1 / 72, 0, fig.dpi_scale_trans),
    }
    box = {
        "boxstyle": "square,pad=0.1",
        "facecolor": frame_colours()["paper"],
        "edgecolor": "none",
        "alpha": 0.85,
    }
    last_phase = len(p.starts) - 1
    observed = np.isfinite(p.y) & np.isfinite(p.x)
    scale = _scale(p, names)
    found = []  # (phase, its last observed point, line, value)
    said: set[tuple[int, str]] = set()  # (point, text) labelled: lines that read the same
    for phase, (s, e) in enumerate(zip(p.starts, p.ends, strict=True)):
        # at the phase's last observed point: a missing last value (a gap, a closed ward)
        # leaves no limits there, but the lines before it still get their labels, side by side
        seen = np.flatnonzero(observed[s : e + 1])
        if not seen.size:
            continue
        at = s + int(seen[-1])
        for name in names:
            if name not in p.pts:
                continue
            drawn = np.flatnonzero(np.isfinite(p.pts[name][s : at + 1]))
            if drawn.size:
                found.append((phase, at, name, float(p.pts[name][s + int(drawn[-1])])))
    for i, (phase, at, name, v) in enumerate(found):
        later = [w for _, _, other, w in found[i + 1 :] if other == name]
        if name in ONCE and later and later[0] == v:  # labelled where its value ends
            continue
        final = phase == last_phase
        text = number(_at_scale(v, scale), percent_of)
        if (at, text) in said:  # a target of 0 on a lower limit of 0: one "0", not two
            continue
        said.add((at, text))
        texts.append(text)
        label = p.ax.text(
            p.x[at],
            v,
            text,
            transform=shift[final],
            ha="left" if final else "right",
            va="center",
            fontsize=fontsize,
            color=colour,
            bbox=None if final else box,  # the last phase's sit right of the data
            zorder=6,
            clip_on=False,
            # kept inside the panel by separate_labels, once the y range is final: until
            # then a target far off the range is far outside it, and the layout engine
            # would shrink the panels to nothing to make room for it
            in_layout=False,
            gid=f"label_{name}",
        )
        label._qistats_home = (float(p.x[at]), v)  # type: ignore[attr-defined]
    if texts and np.isfinite(p.x).any():
        label_in = (max(map(len, texts)) * 0.6 * fontsize + 6) / 72
        lo, hi = np.nanmin(p.x), np.nanmax(p.x)
        span = (hi - lo) or 1.0
        frac = min(label_in / max(width_in - label_in, 0.5), 0.5)
        pad = span * 0.02
        p.ax.set_xlim(lo - pad, hi + pad + (span + 2 * pad) * frac)


def separate_labels(ax: Axes, height_pt: float) -> None:
    """Move the limit labels of one phase apart vertically so that none overlaps another,
    each as near its line as it can be, and keep them inside the panel. Positions are worked
    out in points from the final y range.

    Labels that would overlap form a stack ``height_pt`` apart, centred where the sum of the
    squared moves is least (the mean of their lines' heights less their offsets in the stack),
    so a centre line at 5.45 and a target at 5 are labelled just above and just below the
    middle, not one label left on its line and the other pushed a whole label away. Each call
    starts from where :func:`limit_labels` put the labels (on their lines), so after a change
    of the y range or of the panel's size (a board sets both after drawing) calling it again
    places them afresh.
    """
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label_")]
    if not labels:
        return
    lo, hi = ax.get_ylim()
    # a target off the y range is marked at the panel's edge ("target 10 ↓"); its label,
    # kept inside the panel, would sit by the data as if a line were there. It is
    # still stacked, unseen, so that the other labels keep clear of the mark at that edge.
    marked = any(t.get_gid() == "target_off_axis" for t in ax.texts)
    for t in labels:
        t.set_position(t._qistats_home)
        off = t.get_gid() == "label_target" and not lo <= t._qistats_home[1] <= hi
        t.set_visible(not (marked and off))  # placed afresh (see clear_labels_of_data)
    bbox = ax.get_position()
    axes_pt = bbox.height * ax.figure.get_size_inches()[1] * 72
    scale = axes_pt / (hi - lo) if hi > lo else 0.0
    if not scale:
        return
    groups: dict[float, list] = {}
    for t in labels:
        groups.setdefault(float(t.get_position()[0]), []).append(t)
    for group in groups.values():
        group.sort(key=lambda t: t.get_position()[1])
        want = np.array([(t.get_position()[1] - lo) * scale for t in group])
        pos = _stack(want, height_pt, axes_pt)
        for t, q in zip(group, pos, strict=True):
            t.set_y(lo + float(q) / scale)


#: The lines and markers of the data, which a phase's limit labels should not cover.
_DATA_GIDS = ("values_line", "values", "special_cause", "excluded")
#: The data's markers, which no label may cover.
_MARKER_GIDS = ("values", "special_cause", "excluded")


def clear_labels_of_data(ax: Axes) -> None:
    """Slide each label of an earlier phase (right-aligned at the phase's last point) left
    along its line, a few points at a time, staying in its phase and inside the panel, to the
    first place where it covers no other label and no data point and, if it can, no data line.
    Where its line offers none, the label moves off it by a label's height or two (the nearest
    free place); where nothing in its phase is free, it is not drawn (the line is, and
    ``summary()`` has its value), rather than hiding a data point ("6.94" over a
    point of CAS1). Call it on the final layout, after :func:`separate_labels`."""
    from .placement import hits, overlaps, segments

    labels = [
        t
        for t in ax.texts
        if (t.get_gid() or "").startswith("label_")
        and t.get_horizontalalignment() == "right"
        and t.get_visible()
    ]
    if not labels:
        return
    renderer = renderer_of(ax.figure)
    segs, radius = segments(ax, only=_DATA_GIDS)
    marks, _ = segments(ax, only=_MARKER_GIDS)
    frame = ax.get_window_extent(renderer)
    others = [t for t in ax.texts if (t.get_gid() or "").startswith("label_") and t.get_visible()]
    taken = {id(t): t.get_window_extent(renderer) for t in others}
    step = 3 * ax.figure.dpi / 72
    inverse = ax.transData.inverted()
    starts = _phase_starts(ax)
    for t in labels:
        box = taken[id(t)]
        x = t.get_position()[0]
        first = starts[starts <= x].max(initial=ax.get_xlim()[0])  # stay in the label's phase
        left = max(ax.transData.transform((first, 0))[0], frame.x0)
        shifts = np.arange(0.0, max(box.x0 - left, 0.0) + 0.5, step)
        rise = box.height * np.array([0.0, 1.0, -1.0, 2.0, -2.0])
        dx, dy = np.tile(shifts, len(rise)), np.repeat(rise, len(shifts))
        boxes = np.column_stack([box.x0 - dx, box.y0 + dy, box.x1 - dx, box.y1 + dy])
        grown = boxes + np.array([-radius, -radius, radius, radius])
        ok = ~overlaps(boxes, [o for key, o in taken.items() if key != id(t)])
        ok &= (boxes[:, 1] >= frame.y0) & (boxes[:, 3] <= frame.y1) & ~hits(grown, marks)
        clear = ok & (dy == 0) & ~hits(grown, segs)  # on its line, clear of the data line too
        free = np.flatnonzero(clear if clear.any() else ok)
        if not free.size:
            t.set_visible(False)
            taken.pop(id(t))
            continue
        k = int(free[0])
        if dx[k] == 0 and dy[k] == 0:
            continue
        px, py = ax.transData.transform(t.get_position())
        t.set_position(tuple(float(v) for v in inverse.transform((px - dx[k], py + dy[k]))))
        taken[id(t)] = t.get_window_extent(renderer)


def _phase_starts(ax: Axes) -> np.ndarray:
    """x of the first point of each phase, from the centre line (one artist, broken by NaN
    between phases)."""
    out = []
    for line in ax.lines:
        if line.get_gid() in ("cl", "cl_signal"):
            x = np.asarray(line.get_xdata(), dtype=float)
            y = np.asarray(line.get_ydata(), dtype=float)
            ok = np.isfinite(x) & np.isfinite(y)
            out.append(x[ok & ~np.r_[False, ok[:-1]]])
    return np.concatenate(out) if out else np.array([])


def _stack(want: np.ndarray, height: float, room: float) -> np.ndarray:
    """Positions (label centres) at least ``height`` apart, within ``[height/2, room -
    height/2]`` when they fit, each as near its ``want`` (sorted) as the others allow."""
    half = height / 2
    stacks: list[list[int]] = []  # runs of labels drawn ``height`` apart
    starts: list[float] = []  # the centre of each run's first label
    for i in range(len(want)):
        stacks.append([i])
        starts.append(float(want[i]))
        while True:
            run = stacks[-1]
            offsets = height * np.arange(len(run))
            start = float(np.mean(want[run] - offsets))
            # inside the panel; the bottom edge wins when the run is taller than the panel
            start = max(min(start, room - half - offsets[-1]), half)
            starts[-1] = start
            if len(stacks) > 1 and starts[-2] + height * len(stacks[-2]) > start:
                stacks[-2:] = [stacks[-2] + run]
                starts.pop()
                continue
            break
    return np.concatenate(
        [s + height * np.arange(len(r)) for s, r in zip(starts, stacks, strict=True)]
    )


__all__ = [
    "LINE_COLUMNS",
    "MISSING_COLOUR",
    "MISSING_HANDLE",
    "PHASE_LABEL_FONT",
    "PHASE_LABEL_PT",
    "POINT_COLUMNS",
    "SUMMARY_COLUMNS",
    "Options",
    "Panel",
    "arrays",
    "baseline_spans",
    "clear_labels_of_data",
    "dots",
    "excluded_mask",
    "fit_phase_labels",
    "half_step",
    "has_missing",
    "limit_labels",
    "line",
    "make_panel",
    "missing_marks",
    "no_data",
    "phase_breaks",
    "phase_labels",
    "separate_labels",
    "trial_points",
    "within_percent",
]
