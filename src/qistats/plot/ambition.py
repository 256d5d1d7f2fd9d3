"""plot_ambition: an ambition's observed rate against baseline, target and trajectory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .colours import MDC_COLOURS
from .layout import chosen, select, series_keys

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..ambition import Ambition


def plot_ambition(amb: Ambition, series: Any = None, figsize=None) -> Figure:
    """Observed rate, baseline, target and trajectory; cumulative O/E with its band."""
    import matplotlib.pyplot as plt

    per = amb.periods
    names = list(amb.summary().columns)
    by = names[: names.index("baseline_value")]
    keys = chosen(series_keys(per, by), series, by)
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
        p = select(per, by, key)
        s = select(summ, by, key).iloc[0]
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


__all__ = ["plot_ambition"]
