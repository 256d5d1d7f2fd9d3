"""A sentence-long y label is broken into lines as tall as the panel (or the grid) at most, so
that it never runs into the title above nor past the figure (session 15 new-user trial, F20:
the label ran up over the title). Checked on the drawn boxes."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

LABEL = "Incidents of restrictive practice per 1,000 occupied bed days (all inpatient wards)"


def _result(wards: str):
    rng = np.random.default_rng(1)
    k = 30 * len(wards)
    df = pd.DataFrame(
        {
            "month": np.tile(pd.date_range("2022-01-01", periods=30, freq="MS"), len(wards)),
            "ward": np.repeat(list(wards), 30),
            "y": rng.poisson(20, k),
            "n": rng.integers(900, 1100, k),
        }
    )
    return qi.spc(df, y="y", n="n", x="month", by="ward", chart="u", multiply=1000)


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
@pytest.mark.parametrize("wards", ["A", "ABCD"])
def test_a_long_y_label_stays_within_the_figure_below_the_title(style, wards):
    fig = _result(wards).plot(style=style, ylabel=LABEL, title="Restrictive practice")
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    label = fig._supylabel if len(wards) > 1 else fig.axes[0].yaxis.label
    assert " ".join(label.get_text().split()) == LABEL  # every word, in lines
    assert "\n" in label.get_text()
    box = label.get_window_extent(r)
    title = next(t for t in fig.texts if t.get_gid() == "title").get_window_extent(r)
    assert box.y1 <= title.y0 + 1  # below the title
    assert box.y0 >= 0 and box.x0 >= 0  # inside the figure
    if len(wards) == 1:  # as tall as its panel at most
        panel = fig.axes[0].get_window_extent(r)
        assert box.height <= panel.height + 1


def test_a_short_y_label_is_one_line():
    fig = _result("A").plot(ylabel="falls per 1,000 bed days")
    assert fig.axes[0].get_ylabel() == "falls per 1,000 bed days"
