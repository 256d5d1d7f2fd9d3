"""y ranges: counts and rates are never drawn on a negative axis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _wards():
    events = np.r_[np.zeros(24), np.random.default_rng(1).poisson(8, 24)]
    return pd.DataFrame(
        {"ward": np.repeat(["Fir", "Oak"], 24), "m": np.tile(MONTHS, 2), "y": events, "n": 900.0}
    )


def _negative_labels(ax):
    ax.figure.canvas.draw()
    lo, hi = ax.get_ylim()
    return [t for t in ax.get_yticks() if lo <= t <= hi and t < 0]


def test_a_ward_with_no_events_gets_a_zero_to_one_axis_not_a_negative_one():
    data = _wards().query("ward == 'Fir'")
    fig = qi.spc(data, y="y", n="n", x="m", chart="u", multiply=1000).plot()
    lo, hi = fig.axes[0].get_ylim()
    assert hi == 1.0 and -0.05 < lo < 0  # a sliver below 0 keeps the points whole
    assert _negative_labels(fig.axes[0]) == []
    matplotlib.pyplot.close(fig)


@pytest.mark.parametrize("chart", ["u", "p", "c"])
def test_shared_axes_with_a_zero_ward_stay_non_negative(chart):
    n = None if chart == "c" else "n"
    fig = qi.spc(_wards(), y="y", n=n, x="m", chart=chart, by="ward").plot()
    panels = [a for a in fig.axes if a.get_visible()]
    shown = _wards().eval("y" if chart == "c" else "y / n")  # what each chart plots
    for a in panels:
        lo, hi = a.get_ylim()
        assert -0.05 * hi < lo <= 0 and hi >= shown.max(), (lo, hi)
        assert _negative_labels(a) == []
    matplotlib.pyplot.close(fig)
