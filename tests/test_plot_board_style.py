"""``Board.plot(style=...)``: the styles of ``SPCResult.plot`` (trial 7 C). What is drawn is
checked against the board's table and numbers worked out by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


@pytest.fixture(scope="module")
def report():
    # falls on a C chart: 10, 12, 8, 10 five times (mean 10, limits 10 ± 3 √10 = 0.51 to
    # 19.49), then 11, 21, 22, 23 in North (three points above the upper limit) and 10, 12,
    # 8, 10 in South; MRSA: counts of rare events (one case in 24 months)
    base = [10, 12, 8, 10] * 5
    mrsa = np.zeros(24)
    mrsa[10] = 1
    data = pd.concat(
        [
            pd.DataFrame({"measure": "falls", "org": "North", "month": MONTHS,
                          "value": base + [11, 21, 22, 23]}),
            pd.DataFrame({"measure": "falls", "org": "South", "month": MONTHS,
                          "value": base + [10, 12, 8, 10]}),
            pd.DataFrame({"measure": "mrsa", "org": "North", "month": MONTHS, "value": mrsa}),
        ]
    )  # fmt: skip
    measures = pd.DataFrame(
        {"measure": ["falls", "mrsa"], "improvement": "decrease", "chart": "c", "freeze": 20}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        return qi.board(data, measures, x="month", y="value", by="org")


def _gids(ax, kind="all"):
    arts = [*ax.lines, *ax.collections, *ax.patches, *ax.artists, *ax.texts]
    return [a.get_gid() for a in arts if a.get_gid()]


def _panels(fig):
    return [a for a in fig.axes if a.get_visible() and a.get_title(loc="left")]


@pytest.mark.parametrize("style", ["mdc", "qicharts2", "QIC"])
def test_both_styles_title_the_panels_alike_and_share_the_ranges(report, style):
    fig = report.plot(style=style, ncols=3)
    try:
        panels = _panels(fig)
        titles = [a.get_title(loc="left") for a in panels]
        assert titles == [
            "falls\nNorth",
            "falls\nSouth",
            "mrsa\nNorth\nrare events: "
            + ("icons" if style == "mdc" else "signals")
            + " likely noise",
        ]
        # one measure's panels share one x range
        assert panels[0].get_xlim() == panels[1].get_xlim()
    finally:
        plt.close(fig)
    fig = report.plot(measure="falls", style=style)
    try:
        north, south = _panels(fig)
        # one measure alone: it titles the figure, and its panels (values within tenfold)
        # share one y range, which holds the limits (0.51 to 19.49) and North's 23
        assert (north.get_title(loc="left"), south.get_title(loc="left")) == ("North", "South")
        assert north.get_ylim() == south.get_ylim()
        lo, hi = north.get_ylim()
        t = report.table()
        assert t.ucl[0] == pytest.approx(10 + 3 * np.sqrt(10))
        assert lo <= t.lcl[0] and hi >= 23
    finally:
        plt.close(fig)


def test_the_qicharts2_style_draws_a_band_red_points_and_labels_but_no_icons(report):
    fig = report.plot(style="qicharts2", ncols=3)
    try:
        north = _panels(fig)[0]
        gids = _gids(north)
        assert "limits" in gids and "icon_variation" not in gids
        # the three points above 19.49 are red
        red = [line for line in north.lines if line.get_gid() == "special_cause"]
        assert len(red) == 1
        assert sorted(np.asarray(red[0].get_ydata(), dtype=float).tolist()) == [21, 22, 23]
        # the lines labelled at the phase's end in qicharts2's plain rounded numbers
        labels = {t.get_text() for t in north.texts}
        assert {"10", "19.5"} <= labels, labels
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        assert "centre line" in legend and "control limits" in legend
    finally:
        plt.close(fig)
    fig = report.plot(style="mdc", ncols=3)
    try:
        north = _panels(fig)[0]
        assert "icon_variation" in _gids(north) and "limits" in _gids(north)
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        assert "mean" in legend and "centre line" not in legend
    finally:
        plt.close(fig)


def test_an_unknown_style_is_an_error_naming_the_styles(report):
    with pytest.raises(qi.ArgumentError, match=r"style.*'mdc'.*'qicharts2'"):
        report.plot(style="ggplot")
