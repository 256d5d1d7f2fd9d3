"""Charts with matplotlib (the optional extra ``qistats[plot]``); imported only when plotting.

:func:`plot_spc` draws an :class:`~qistats.SPCResult` in the NHS Making Data Count style or the
qicharts2 style; :func:`plot_ambition` draws an :class:`~qistats.Ambition`. Both return the
matplotlib Figure and never write files (call ``fig.savefig(...)``).

Every drawn element carries a ``gid`` (``"values"``, ``"cl"``, ``"limits"``, ``"special_cause"``,
``"target"``, ``"phase_break"``, ``"icon_variation"``, ``"icon_assurance"``, …) so that tools and
tests can find it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from .colours import MDC_COLOURS, QIC_COLOURS
from .icons import draw_icon

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..ambition import Ambition
    from ..result import SPCResult

STYLES = ("mdc", "qicharts2")


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'qistats[plot]'") from err
    return plt


def _series_keys(points: pd.DataFrame, by: list[str]) -> list[Any]:
    if not by:
        return [None]
    first = points.drop_duplicates(by)[by]
    return [tuple(r) if len(by) > 1 else r[0] for r in first.itertuples(index=False, name=None)]


def _select(points: pd.DataFrame, by: list[str], key: Any) -> pd.DataFrame:
    if key is None:
        return points
    key = key if isinstance(key, tuple) else (key,)
    mask = np.ones(len(points), dtype=bool)
    for b, k in zip(by, key, strict=True):
        mask &= (points[b] == k).to_numpy()
    return points[mask]


def _chosen(keys: list[Any], series: Any) -> list[Any]:
    if series is None:
        return keys
    wanted = (
        list(series)
        if isinstance(series, (list, tuple, set))
        and not (isinstance(series, tuple) and series in keys)
        else [series]
    )
    unknown = [s for s in wanted if s not in keys]
    if unknown:
        raise ArgumentError(
            f"series={unknown[0]!r}: no such series; the series are e.g. "
            f"{', '.join(map(repr, keys[:5]))}."
        )
    return wanted


def _grid(n: int, ax: Axes | None, ncols: int | None, sharey: bool, figsize):
    plt = _pyplot()
    if ax is not None:
        if n != 1:
            raise ArgumentError(
                f"ax: {n} series need a grid of axes; pass series= to pick one, or no ax."
            )
        return ax.figure, [ax]
    cols = ncols or (1 if n == 1 else min(4, math.ceil(math.sqrt(n))))
    rows = math.ceil(n / cols)
    size = figsize or ((8, 4.5) if n == 1 else (3.6 * cols, 2.6 * rows))
    # the constrained layout engine costs ~40 ms per panel: fixed margins for large grids
    many = n > 16
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=size,
        sharey=sharey,
        squeeze=False,
        layout=None if many else "constrained",
    )
    if many:
        fig.subplots_adjust(
            left=0.03,
            right=0.99,
            top=1 - 0.8 / size[1],
            bottom=0.3 / size[1],
            hspace=0.45,
            wspace=0.25,
        )
    flat = list(axes.ravel())
    for extra in flat[n:]:
        extra.set_visible(False)
    return fig, flat[:n]


def _format_axes(ax: Axes, x: pd.Series, res: SPCResult) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FixedLocator, PercentFormatter

    if pd.api.types.is_datetime64_any_dtype(x.dtype) and x.notna().any():
        # fixed ticks from the data's span: much cheaper than AutoDateLocator on many panels
        lo, hi = x.min(), x.max()
        days = (hi - lo).days
        freq, fmt = (
            ("YS", "%Y")
            if days > 3 * 366
            else ("QS", "%b %Y")
            if days > 400
            else ("MS", "%b %Y")
            if days > 62
            else ("W-MON", "%d %b")
        )
        ticks = pd.date_range(lo.normalize(), hi, freq=freq)
        if len(ticks) > 7:
            ticks = ticks[:: math.ceil(len(ticks) / 6)]
        ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(ticks.to_pydatetime())))
        ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
    if res.chart in ("p", "pp"):
        mult = float(res.params["multiply"])
        if mult in (1.0, 100.0):
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=mult, decimals=0))
    ax.grid(axis="y", color="#EEEEEE", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _xvalues(pts: pd.DataFrame, x_name: str) -> np.ndarray:
    x = pts[x_name]
    if isinstance(x.dtype, pd.CategoricalDtype):
        return x.cat.codes.to_numpy().astype(float)
    return x.to_numpy()


def _phase_runs(pts: pd.DataFrame) -> list[np.ndarray]:
    """Row positions of each phase of one series, in order."""
    phase = pts["phase"].to_numpy()
    change = np.r_[True, phase[1:] != phase[:-1]]
    starts = np.flatnonzero(change)
    return np.split(np.arange(len(pts)), starts[1:])


def plot_spc(
    res: SPCResult,
    ax: Axes | None = None,
    *,
    style: str = "mdc",
    series: Any = None,
    ncols: int | None = None,
    sharey: bool = False,
    icons: bool = True,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw an SPC result: one panel per series (a small-multiples grid for several)."""
    if style not in STYLES:
        raise ArgumentError(f"style={style!r}: expected one of {', '.join(map(repr, STYLES))}.")
    by = res.by
    x_name = res.points.columns[len(by)]
    keys = _chosen(_series_keys(res.points, by), series)
    fig, axes = _grid(len(keys), ax, ncols, sharey, figsize)
    summary = res.summary()
    dots_only = (
        isinstance(res.points[x_name].dtype, pd.CategoricalDtype)
        and not res.points[x_name].cat.ordered
    )
    for key, a in zip(keys, axes, strict=True):
        pts = _select(res.points, by, key)
        summ = _select(summary, by, key)
        if style == "mdc":
            _draw_mdc(a, pts, summ, x_name, dots_only, icons)
        else:
            _draw_qic(a, pts, summ, x_name, dots_only)
        _format_axes(a, pts[x_name], res)
        if dots_only:
            cats = pts[x_name].cat.categories
            a.set_xticks(range(len(cats)), cats, rotation=45, ha="right")
        if key is not None:
            a.set_title(
                ", ".join(map(str, key)) if isinstance(key, tuple) else str(key),
                fontsize=10,
                loc="left",
            )
    if len(keys) == 1 and keys[0] is None:
        axes[0].set_title(res.title, fontsize=12, loc="left")
    else:
        height = fig.get_size_inches()[1]
        fig.suptitle(res.title, fontsize=12, x=0.01, ha="left", y=1 - 0.2 / height, va="top")
    return fig


def _step_lines(a: Axes, x, pts: pd.DataFrame, column: str, runs, **kw) -> None:
    for run in runs:
        a.plot(x[run], pts[column].to_numpy()[run], **kw)
        kw.pop("label", None)


def _draw_mdc(a, pts, summ, x_name, dots_only, icons) -> None:
    c = MDC_COLOURS
    x = _xvalues(pts, x_name)
    y = pts["value"].to_numpy()
    runs = _phase_runs(pts)
    if not dots_only:
        a.plot(x, y, color=c["line"], linewidth=1.5, zorder=2, gid="values_line")
    a.scatter(x, y, s=18, color=c["common_cause"], zorder=3, gid="values")
    _step_lines(a, x, pts, "cl", runs, color=c["limits"], linewidth=1.2, gid="cl")
    if pts["ucl"].notna().any():
        for col in ("lcl", "ucl"):
            _step_lines(
                a, x, pts, col, runs, color=c["limits"], linewidth=1.0, linestyle="--", gid="limits"
            )
    variation = pts["variation"].astype(str).to_numpy()
    for kind in ("improvement", "concern", "neutral"):
        hit = np.char.startswith(variation.astype(str), kind)
        if hit.any():
            a.scatter(x[hit], y[hit], s=30, color=c[kind], zorder=4, gid=f"special_cause_{kind}")
    if "target" in pts and pts["target"].notna().any():
        a.plot(
            x,
            pts["target"].to_numpy(),
            color=c["target"],
            linestyle="--",
            linewidth=1.2,
            gid="target",
        )
    for run in runs[1:]:
        a.axvline(x[run[0]], color="#999999", linestyle=":", linewidth=1, gid="phase_break")
    if icons and len(summ):
        lo, hi = a.get_ylim()
        a.set_ylim(lo, hi + (hi - lo) * 0.2)  # headroom for the icons above the data
        last = summ.iloc[-1]
        _icon(a, 0.87, str(last["variation"]), "icon_variation")
        assurance = last["assurance"]
        if isinstance(assurance, str):
            _icon(a, 0.95, assurance, "icon_assurance")


def _icon(a: Axes, xpos: float, name: str, gid: str) -> None:
    draw_icon(a, name, (xpos, 0.9), gid=gid, zorder=10)


def _draw_qic(a, pts, summ, x_name, dots_only) -> None:
    c = QIC_COLOURS
    x = _xvalues(pts, x_name)
    y = pts["value"].to_numpy()
    runs = _phase_runs(pts)
    if pts["ucl"].notna().any():
        for run in runs:
            a.fill_between(
                x[run],
                pts["lcl"].to_numpy()[run],
                pts["ucl"].to_numpy()[run],
                color=c["band"],
                step=None,
                zorder=1,
                gid="limits",
            )
    signal_phase = dict(zip(summ["phase"], summ["runs_signal"], strict=True))
    for run in runs:
        ph = pts["phase"].iloc[run[0]]
        dashed = bool(signal_phase.get(ph, False))
        a.plot(
            x[run],
            pts["cl"].to_numpy()[run],
            color=c["signal"] if dashed else c["cl"],
            linestyle="--" if dashed else "-",
            linewidth=1.2,
            gid="cl_signal" if dashed else "cl",
        )
        last = run[-1]
        for col in ("cl", "lcl", "ucl"):
            v = pts[col].iloc[last]
            if pd.notna(v):
                a.annotate(
                    f"{v:.3g}",
                    (x[last], v),
                    xytext=(4, 0),
                    textcoords="offset points",
                    fontsize=7,
                    va="center",
                    color="#555555",
                    gid=f"label_{col}",
                )
    if not dots_only:
        a.plot(x, y, color=c["line"], linewidth=1.2, zorder=2, gid="values_line")
    a.scatter(x, y, s=14, color=c["line"], zorder=3, gid="values")
    hit = pts["outside_limits"].to_numpy() if "outside_limits" in pts else pts["signal"].to_numpy()
    if hit.any():
        a.scatter(x[hit], y[hit], s=22, color=c["signal"], zorder=4, gid="special_cause")
    for run in runs[1:]:
        a.axvline(x[run[0]], color="#999999", linestyle=":", linewidth=1, gid="phase_break")


def plot_ambition(amb: Ambition, series: Any = None, figsize=None) -> Figure:
    """Observed rate, baseline, target and trajectory; cumulative O/E with its band."""
    plt = _pyplot()
    per = amb.periods
    names = list(amb.summary().columns)
    by = names[: names.index("baseline_value")]
    keys = _chosen(_series_keys(per, by), series)
    fig, grid = plt.subplots(
        2,
        len(keys),
        figsize=figsize or (6 * len(keys), 6),
        squeeze=False,
        sharex="col",
        layout="constrained",
        height_ratios=(2, 1),
    )
    summ = amb.summary()
    x_name = per.columns[len(by)]
    for j, key in enumerate(keys):
        top, bottom = grid[0, j], grid[1, j]
        p = _select(per, by, key)
        s = _select(summ, by, key).iloc[0]
        x = p[x_name].to_numpy()
        top.plot(
            x,
            p["value"],
            color=MDC_COLOURS["line"],
            marker="o",
            markersize=3,
            linewidth=1.2,
            gid="values",
            label="observed",
        )
        base = (p["period"] == "baseline").to_numpy()
        top.plot(
            x[base],
            np.full(base.sum(), s["baseline_value"]),
            color="#231F20",
            linewidth=2,
            gid="baseline",
            label="baseline",
        )
        top.axhline(
            s["target_value"],
            color=MDC_COLOURS["target"],
            linestyle="--",
            linewidth=1.2,
            gid="target",
            label="target",
        )
        top.plot(
            x, p["trajectory"], color="#2C7FB8", linewidth=1.5, gid="trajectory", label="trajectory"
        )
        name = ", ".join(map(str, key)) if isinstance(key, tuple) else key
        verdict = s["verdict"].replace("_", " ")
        top.set_title(
            f"{name}: {verdict}" if name is not None else verdict, loc="left", fontsize=10
        )
        top.legend(fontsize=8, frameon=False, loc="upper right")
        ok = p["oe"].notna().to_numpy()
        bottom.fill_between(
            x[ok],
            p["oe_lower"].to_numpy()[ok],
            p["oe_upper"].to_numpy()[ok],
            color="#DDDDDD",
            gid="oe_band",
        )
        bottom.plot(x[ok], p["oe"].to_numpy()[ok], color="#231F20", linewidth=1.2, gid="oe")
        bottom.axhline(1.0, color=MDC_COLOURS["target"], linestyle=":", linewidth=1)
        bottom.set_ylabel("observed / expected")
        for a in (top, bottom):
            a.grid(axis="y", color="#EEEEEE")
            for side in ("top", "right"):
                a.spines[side].set_visible(False)
    d = amb.definition
    fig.suptitle(f"Ambition {d.change:+.0%} from baseline by {d.deadline}", x=0.01, ha="left")
    return fig


__all__: Sequence[str] = ("plot_ambition", "plot_spc")
