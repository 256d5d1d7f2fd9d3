"""Session 18 audit B: a chart whose series has no value at all said "no data" over a y axis
ticked -0.04 to 0.04 (matplotlib's empty range) and a legend of a mean, points and a target
that were not drawn. Now such a panel has no y scale, and a figure with nothing drawn has no
legend; a panel without data beside others keeps their shared range, and on its own
(``sharey=False``) drops its scale. What is drawn is read from the figure."""

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _y_labels(ax):
    shown = ax.yaxis.get_tick_params()  # the labels' switch, as tick_params set it
    if not shown.get("labelleft", True):
        return []
    return [t.get_text() for t in ax.get_yticklabels() if t.get_text() and t.get_visible()]


def _says_no_data(ax):
    return [t.get_text() for t in ax.texts if t.get_gid() == "no_data"] == ["no data"]


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_chart_with_no_value_has_no_scale_and_no_legend(style):
    d = pd.DataFrame({"m": MONTHS, "y": np.nan})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the NoDataWarning: not the point here
        res = qi.spc(d, y="y", x="m", chart="xmr", improvement="increase", target=5)
    fig = res.plot(style=style)
    fig.canvas.draw()
    (ax,) = fig.get_axes()
    assert _says_no_data(ax)
    assert _y_labels(ax) == []  # no "-0.04", "0.02", …
    assert fig.legends == []
    # the dates still say which months have none
    assert next(t.get_text() for t in ax.get_xticklabels() if t.get_text()) == "Jan 2022"


@pytest.mark.parametrize("sharey", [True, False])
def test_a_panel_without_data_beside_others(sharey):
    rng = np.random.default_rng(1)
    d = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B", "C"], 24),
            "m": np.tile(MONTHS, 3),
            "y": np.r_[rng.normal(20, 2, 24), np.full(24, np.nan), rng.normal(30, 2, 24)],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = qi.spc(d, y="y", x="m", by="ward", chart="xmr")
    fig = res.plot(sharey=sharey)
    fig.canvas.draw()
    a, b, c = fig.get_axes()[:3]
    assert _says_no_data(b) and not _says_no_data(a)
    assert fig.legends  # the other panels' points and lines are explained
    # values from about 14 to 36 on the panels with data: their labels are numbers there
    for ax in (a, c):
        assert _y_labels(ax) or sharey, ax.get_title("left")
    if sharey:
        assert b.get_ylim() == a.get_ylim() == c.get_ylim()  # one range, labelled on A
        assert _y_labels(a)
    else:
        assert _y_labels(b) == []
        lo, hi = a.get_ylim()
        assert lo > 5 and hi < 40, (lo, hi)
