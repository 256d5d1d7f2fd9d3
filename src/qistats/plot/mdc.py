"""The Making Data Count style (NHSRplotthedots): grey process, coloured special causes, icons."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .colours import frame_colours, mdc_colours
from .icons import ICON_NAMES, draw_icon
from .panel import (
    MISSING_HANDLE,
    Options,
    Panel,
    baseline_spans,
    dots,
    excluded_mask,
    has_missing,
    level,
    limit_labels,
    line,
    missing_marks,
    no_data,
    phase_breaks,
    phase_labels,
)

_KINDS = ("improvement", "concern", "neutral")
#: Trial limits (a phase shorter than the chart's minimum): lighter than the process limits'
#: grey and in short dots rather than dashes.
TRIAL_COLOUR = "#9A9A9A"
TRIAL_DASHES = (0, (1.2, 2.2))
_WORDS = {
    "common_cause": "common cause",
    "improvement": "improvement",
    "concern": "concern",
    "neutral": "special cause (neither)",
    "cl": "mean",
    "median": "median",
    "centre": "centre line (mean or median)",
    "limits": "process limits",
    "trial_limits": "trial limits (too few points)",
    "target": "target",
    "baseline": "baseline period",
    "excluded": "excluded point",
    "phase_break": "new phase",
    "missing": "no value",
}


def entries(
    points: pd.DataFrame,
    series: list[Any],
    trial: np.ndarray | None = None,
    events: np.ndarray | None = None,
) -> list[str]:
    """What the legend lists: only what some panel shows (``series``: the columns naming a
    series; ``trial``: per point, whether its limits are trial limits; ``events``: per point,
    whether it is of a G or T chart, see :func:`~qistats.plot.panel.has_missing`)."""
    variation = points["variation"].astype(str)
    out = ["common_cause"]
    out += [k for k in _KINDS if variation.str.startswith(k).any()]
    out.append("cl")
    has = points["ucl"].notna().to_numpy()
    trial = np.zeros(len(points), dtype=bool) if trial is None else trial
    if (has & ~trial).any():
        out.append("limits")
    if (has & trial).any():
        out.append("trial_limits")
    if "target" in points and points["target"].notna().any():
        out.append("target")
    if _has_baseline(points):
        out.append("baseline")
    if "excluded" in points and points["excluded"].any():
        out.append("excluded")
    if has_missing(points, series, events):
        out.append("missing")
    return out


#: Charts whose centre line is a median (the g chart's is the median, or 0.693 × a given mean).
MEDIAN_CHARTS = frozenset({"run", "g"})


def name_centre(keys: list[str], charts: list[str]) -> list[str]:
    """The legend's word for the centre line: "mean", "median", or both when panels differ."""
    medians = {c in MEDIAN_CHARTS for c in charts}
    word = "median" if medians == {True} else ("centre" if len(medians) > 1 else "cl")
    return [word if k == "cl" else k for k in keys]


def _has_baseline(points: pd.DataFrame) -> bool:
    return "baseline" in points and bool(points["baseline"].any() and not points["baseline"].all())


def handles(keys: list[str]) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    C = mdc_colours()
    frame = frame_colours()
    paper = frame["paper"]

    def dot(colour, face=None):
        return dict(
            marker="o",
            linestyle="none",
            markersize=6,
            markerfacecolor=face or colour,
            markeredgecolor=colour,
        )

    style = {
        "common_cause": dot(C["common_cause"]),
        "improvement": dot(C["improvement"]),
        "concern": dot(C["concern"]),
        "neutral": dot(C["neutral"]),
        "cl": dict(color=C["mean"], linewidth=1.2),
        "median": dict(color=C["mean"], linewidth=1.2),
        "centre": dict(color=C["mean"], linewidth=1.2),
        "limits": dict(color=C["limits"], linewidth=1.0, linestyle="--"),
        "trial_limits": dict(color=TRIAL_COLOUR, linewidth=1.0, linestyle=TRIAL_DASHES),
        "target": dict(color=C["target"], linewidth=1.2, linestyle="--"),
        "excluded": dot(C["common_cause"], paper),
        "missing": MISSING_HANDLE,
    }
    out = []
    for k in keys:
        if k == "baseline":
            edge = frame["fill_edge"]
            out.append(Patch(facecolor=C["baseline"], edgecolor=edge, label=_WORDS[k]))
        else:
            out.append(Line2D([], [], label=_WORDS[k], **style[k]))
    return out


def draw(p: Panel, opts: Options) -> None:
    C = mdc_colours()
    ax = p.ax
    if no_data(p):
        return
    baseline_spans(p, C["baseline"])
    x, y = p.x, p.y
    if not opts.dots_only:
        line(ax, *p.broken(y), color=C["line"], linewidth=1.4, zorder=2, gid="values_line")
    excluded = excluded_mask(p)
    grey = C["common_cause"]
    dots(ax, x[~excluded], y[~excluded], size=4, face=grey, width=0.8, zorder=3, gid="values")
    level(ax, *p.broken(p.column("cl")), color=C["mean"], linewidth=1.1, zorder=2, gid="cl")
    if p.has("ucl"):
        trial = p.trial()
        for col in ("lcl", "ucl"):
            values = p.column(col)
            if not trial.all():
                level(
                    ax,
                    *p.broken(np.where(trial, np.nan, values)),
                    color=C["limits"],
                    linewidth=1.0,
                    linestyle="--",
                    zorder=2,
                    gid="limits",
                )
            if trial.any():  # a short phase: lighter and finely dotted, not a process limit
                level(
                    ax,
                    *p.broken(np.where(trial, values, np.nan)),
                    color=TRIAL_COLOUR,
                    linewidth=1.0,
                    linestyle=TRIAL_DASHES,
                    zorder=2,
                    gid="trial_limits",
                )
    variation = p.pts["variation"]
    for kind in _KINDS:
        hit = np.char.startswith(variation, kind) & ~excluded
        if hit.any():
            dots(ax, x[hit], y[hit], size=4.9, face=C[kind], zorder=4, gid=f"special_cause_{kind}")
    if excluded.any():
        dots(
            ax,
            x[excluded],
            y[excluded],
            size=4,
            face=frame_colours()["paper"],
            edge=grey,
            width=0.9,
            zorder=4,
            gid="excluded",
        )
    if p.has("target"):
        level(
            ax,
            *p.stepped(p.column("target")),
            color=C["target"],
            linestyle="--",
            linewidth=1.2,
            zorder=1.5,  # under the limits and the points: a target of 0 hides neither
            gid="target",
        )
    phase_breaks(p, "#7F7F7F", ":", "phase_break")
    phase_labels(p, C["text"])
    if opts.mark_missing:
        missing_marks(p, opts.first_blank)
    if opts.label_limits:
        limit_labels(
            p, ["lcl", "cl", "ucl", "target"], opts.percent_of, C["text"], 7.0, opts.panel_width_in
        )
    if opts.icons and len(p.summ.get("variation", ())):
        _icons(p, opts.icon_pt)


def _icons(p: Panel, size: float) -> None:
    """The variation icon of the last observed point and the assurance icon, above the
    panel's top-right corner (never over the data, so no headroom is added to the y axis).

    They are the summary's icons of the phase holding the last observed point (the latest
    phase with a variation; see ``qistats._icons``), so the chart shows what the table says:
    none where that phase has too few points for a variation icon (1 or 2).
    """
    seen = np.flatnonzero(np.isin(p.summ["variation"], ICON_NAMES))
    if "n_points" in p.summ:  # the phase of the last observed point, icon or not (1–2 points)
        seen = np.flatnonzero(p.summ["n_points"] > 0)
    if not seen.size:
        return
    row = int(seen[-1])
    names = [(str(p.summ["variation"][row]), "icon_variation")]
    assurance = p.summ["assurance"][row] if "assurance" in p.summ else None
    if isinstance(assurance, str):
        names.append((assurance, "icon_assurance"))
    names = [(n, g) for n, g in names if n in ICON_NAMES]
    for i, (name, gid) in enumerate(reversed(names)):
        draw_icon(
            p.ax,
            name,
            (1.0, 1.0),
            size=size,
            offset=(-size / 2 - i * (size + 3), 3 + size / 2),
            gid=gid,
        )


__all__ = ["MEDIAN_CHARTS", "draw", "entries", "handles", "name_centre"]
