"""The qicharts2 style (``plot.qic`` of qicharts2 0.8): blue data, red points where a rule
flags that point (outside the limits, for qicharts2's rules), a grey band, the centre line dashed
red where a runs signal is found, labels of the lines at the end of each phase, a green target
and a dashed freeze line."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .colours import frame_colours, qic_colours
from .panel import (
    MISSING_HANDLE,
    Options,
    Panel,
    dots,
    excluded_mask,
    has_missing,
    level,
    limit_labels,
    line,
    missing_marks,
    no_data,
    phase_labels,
)

_WORDS = {
    "data": "data",
    "signal": "signal (point rule)",
    "outside": "outside the limits",
    "cl": "centre line",
    "cl_signal": "centre line, runs signal",
    "limits": "control limits",
    "trial_limits": "trial limits (too few points)",
    "target": "target",
    "freeze": "end of baseline (freeze)",
    "excluded": "excluded point",
    "missing": "no value",
}
# sustained-shift rules whose points make the centre line dashed, as Anhøj's runs signal does
_SUSTAINED = ("runs_signal", "n_shift", "n_long_run", "n_few_crossings")
#: Rule columns that judge a whole phase (Anhøj's runs analysis, the IHI runs test): shown by
#: the dashed centre line only, never by colouring points (qicharts2's ``plot.qic`` colours
#: a point only for ``sigma.signal``).
PHASE_RULES = ("long_run", "few_crossings", "runs")


def point_rules(points: pd.DataFrame) -> list[str]:
    """The rule columns that flag single points: every rule's boolean column (they stand just
    before ``signal``) except the whole-phase ones of :data:`PHASE_RULES`."""
    cols = list(points.columns)
    end = cols.index("signal")
    start = end
    while start > 0 and pd.api.types.is_bool_dtype(points.dtypes.iloc[start - 1]):
        start -= 1
    return [c for c in cols[start:end] if c not in PHASE_RULES]


def point_signal(points: pd.DataFrame) -> np.ndarray:
    """Per row: whether a point-level rule flags it (the points drawn red)."""
    out = np.zeros(len(points), dtype=bool)
    for c in point_rules(points):
        out |= points[c].to_numpy(dtype=bool, na_value=False)
    return out


def _signal_phases(summ: Any) -> np.ndarray:
    """Phases with a sustained-shift signal, from a summary frame or its column arrays."""
    hit = np.zeros(len(summ["variation"]), dtype=bool)
    for col in _SUSTAINED:
        if col in summ:
            hit |= np.nan_to_num(np.asarray(summ[col], dtype=float)) > 0
    return hit


def entries(
    points: pd.DataFrame,
    summary: pd.DataFrame,
    series: list[Any],
    trial: np.ndarray | None = None,
    events: np.ndarray | None = None,
) -> list[str]:
    """What the legend lists (``series``: the columns naming a series; ``trial``: per point,
    whether its limits are trial limits; ``events``: per point, whether it is of a G or T
    chart, see :func:`~qistats.plot.panel.has_missing`)."""
    out = ["data"]
    if point_signal(points).any():
        out.append("outside" if point_rules(points) == ["outside_limits"] else "signal")
    signal_phases = _signal_phases(summary)
    if not signal_phases.all():
        out.append("cl")
    if signal_phases.any():
        out.append("cl_signal")
    has = points["ucl"].notna().to_numpy()
    trial = np.zeros(len(points), dtype=bool) if trial is None else trial
    if (has & ~trial).any():
        out.append("limits")
    if (has & trial).any():
        out.append("trial_limits")
    if "target" in points and points["target"].notna().any():
        out.append("target")
    base = points.get("baseline")
    if base is not None and base.any() and not base.all():
        out.append("freeze")
    if "excluded" in points and points["excluded"].any():
        out.append("excluded")
    if has_missing(points, series, events):
        out.append("missing")
    return out


def handles(keys: list[str]) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    C = qic_colours()
    style = {
        "data": dict(color=C["line"], linewidth=1.6, marker="o", markersize=4),
        "signal": dict(color=C["signal"], marker="o", linestyle="none", markersize=5),
        "outside": dict(color=C["signal"], marker="o", linestyle="none", markersize=5),
        "cl": dict(color=C["cl"], linewidth=1.0),
        "cl_signal": dict(color=C["signal"], linewidth=1.0, linestyle="--"),
        "target": dict(color=C["target"], linewidth=1.0, linestyle=(0, (6, 3))),
        "freeze": dict(color=C["freeze"], linewidth=1.0, linestyle=(0, (6, 3))),
        "excluded": dict(
            marker="o",
            linestyle="none",
            markersize=5,
            markerfacecolor=frame_colours()["paper"],
            markeredgecolor=C["excluded"],
        ),
        "missing": MISSING_HANDLE,
    }
    out = []
    for k in keys:
        if k == "limits":
            out.append(Patch(facecolor=C["band"], alpha=0.6, label=_WORDS[k]))
        elif k == "trial_limits":
            out.append(Patch(label=_WORDS[k], **_trial_band()))
        else:
            out.append(Line2D([], [], label=_WORDS[k], **style[k]))
    return out


def draw(p: Panel, opts: Options) -> None:
    C = qic_colours()
    ax = p.ax
    if no_data(p):
        return
    x, y = p.x, p.y
    if p.has("ucl"):
        trial = p.trial()
        if not trial.all():
            _band(p, ~trial, facecolor=C["band"], alpha=0.6, linewidth=0, gid="limits")
        if trial.any():  # a short phase: a pale band with a dotted edge, not control limits
            _band(p, trial, gid="trial_limits", **_trial_band())
    if p.has("target"):
        level(
            ax,
            *p.stepped(p.column("target")),
            color=C["target"],
            linestyle=(0, (6, 3)),
            linewidth=1.0,
            zorder=2,
            gid="target",
        )
    signal = _signal_phases(p.summ)
    cl = p.column("cl")
    in_signal = np.zeros(len(x), dtype=bool)
    for s, e, hit in zip(p.starts, p.ends, signal[: len(p.starts)], strict=False):
        in_signal[s : e + 1] = hit
    if (~in_signal).any():
        level(
            ax,
            *p.broken(np.where(in_signal, np.nan, cl)),
            color=C["cl"],
            linewidth=1.0,
            zorder=2,
            gid="cl",
        )
    if in_signal.any():
        level(
            ax,
            *p.broken(np.where(in_signal, cl, np.nan)),
            color=C["signal"],
            linewidth=1.0,
            linestyle="--",
            zorder=2,
            gid="cl_signal",
        )
    _freeze_lines(p)
    phase_labels(p, C["text"])
    if opts.mark_missing:
        missing_marks(p, opts.first_blank)
    if not opts.dots_only:
        line(ax, *p.broken(y), color=C["line"], linewidth=1.6, zorder=3, gid="values_line")
    excluded = excluded_mask(p)
    keep = ~excluded
    dots(ax, x[keep], y[keep], size=3.5, face=C["point"], zorder=4, gid="values")
    hit = p.pts["point_signal"] & keep
    if hit.any():
        dots(ax, x[hit], y[hit], size=4, face=C["signal"], zorder=5, gid="special_cause")
    if excluded.any():
        dots(
            ax,
            x[excluded],
            y[excluded],
            size=3.7,
            face=frame_colours()["paper"],
            edge=C["excluded"],
            width=0.9,
            zorder=5,
            gid="excluded",
        )
    if opts.label_limits:
        limit_labels(
            p, ["lcl", "cl", "ucl", "target"], opts.percent_of, C["text"], 7.0, opts.panel_width_in
        )


def _trial_band() -> dict[str, Any]:
    """Trial limits' band: paler than the control limits', edged in short grey dots."""
    return dict(
        facecolor=qic_colours()["band"],
        alpha=0.3,
        edgecolor="#7F7F7F",
        linewidth=0.8,
        linestyle=(0, (1.2, 2.2)),
    )


def _band(p: Panel, rows: np.ndarray, **style: Any) -> None:
    """The band between the limits at ``rows``: one patch of one outline per run of points
    with both limits (phases, and gaps in the limits, break it)."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    lo, hi = p.column("lcl"), p.column("ucl")
    ok = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(p.x) & rows
    edge = np.zeros(len(ok), dtype=bool)
    edge[p.starts] = True
    run = np.cumsum(edge | np.r_[True, ~ok[:-1]])  # a new run at each phase and after a gap
    outlines = []
    for r in np.unique(run[ok]):
        i = np.flatnonzero(ok & (run == r))
        outlines.append(
            np.r_[np.c_[p.x[i], hi[i]], np.c_[p.x[i[::-1]], lo[i[::-1]]], [[p.x[i[0]], hi[i[0]]]]]
        )
    if not outlines:
        return
    codes = [np.r_[Path.MOVETO, np.full(len(o) - 2, Path.LINETO), Path.CLOSEPOLY] for o in outlines]
    vertices = np.concatenate(outlines)
    path = Path(vertices, np.concatenate(codes).astype(Path.code_type))
    band = PathPatch(path, zorder=1, **style)
    band.set_clip_path(p.ax.patch)
    p.ax.add_artist(band)  # add_patch would walk the outline's curves to find its limits
    p.ax.update_datalim(vertices)


def _freeze_lines(p: Panel) -> None:
    """qicharts2's freeze line: dashed, halfway between the last baseline point and the next."""
    if "baseline" not in p.pts:
        return
    base = p.pts["baseline"]
    for s, e in zip(p.starts, p.ends, strict=True):
        b = np.flatnonzero(base[s : e + 1])
        if b.size and b[-1] + s < e:
            last = b[-1] + s
            p.ax.axvline(
                (p.x[last] + p.x[last + 1]) / 2,
                color=qic_colours()["freeze"],
                linestyle=(0, (6, 3)),
                linewidth=1.0,
                zorder=1,
                gid="freeze",
            )


__all__ = ["PHASE_RULES", "draw", "entries", "handles", "point_rules", "point_signal"]
