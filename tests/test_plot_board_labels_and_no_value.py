"""board.plot(): a target and a one-point series leak no layout warning and keep the point
inside its panel; the qicharts2 style's end labels never overlap on the final figure; the
legend lists "no value" only when some panel draws a cross."""

from __future__ import annotations

import io
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

MONTHS = pd.date_range("2022-01-01", periods=27, freq="MS")


def _opened_last_month(measures: pd.DataFrame) -> qi.Board:
    """Falls of two wards, and length of stay of ward A and of ward B with one month (it
    opened)."""
    rng = np.random.default_rng(2)
    rows = [
        {"measure": "falls", "org": o, "m": x, "v": float(rng.poisson(8))}
        for o in ["A", "B"]
        for x in MONTHS
    ]
    rows += [{"measure": "los", "org": "A", "m": x, "v": 9 + rng.normal()} for x in MONTHS[:-1]]
    rows += [{"measure": "los", "org": "B", "m": MONTHS[0], "v": 10.4}]
    return qi.board(pd.DataFrame(rows), measures, x="m", y="v", by="org")


def _saved(plot, dpi: float = 65):
    """The figure ``plot()`` makes, saved as a user saves it, and the warnings given."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plot()
        fig.set_dpi(dpi)
        fig.savefig(io.BytesIO(), format="png", dpi=dpi)
    return fig, [f"{w.category.__name__}: {w.message}" for w in caught]


def _labels(ax):
    return [t for t in ax.texts if (t.get_gid() or "").startswith("label_")]


def _overlaps(fig) -> list[tuple[str, str, str]]:
    """Pairs of end labels of one panel whose drawn boxes overlap."""
    r = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        boxes = [(t.get_text(), t.get_window_extent(r)) for t in _labels(ax)]
        for (s, a), (u, b) in itertools.combinations(boxes, 2):
            if a.overlaps(b):
                out.append((ax.get_title("left").splitlines()[0], s, u))
    return out


@pytest.mark.parametrize("style", ["qicharts2", "mdc"])
def test_a_target_and_a_one_point_series_save_without_a_layout_warning(style):
    targets = pd.DataFrame({"measure": ["falls", "los"], "target": [7, 8]})
    board = _opened_last_month(targets)
    fig, caught = _saved(lambda: board.plot(style=style))
    assert caught == []
    # the single point (10.4) is inside its panel, clear of every edge by 3 % of its height
    ax = next(a for a in fig.axes if a.get_title("left").startswith("los\nB"))
    r = fig.canvas.get_renderer()
    frame = ax.get_window_extent(r)
    (dot,) = [c for c in ax.collections + ax.lines if c.get_gid() == "values"]
    px = ax.transData.transform(np.column_stack(_xy(dot)))
    margin = 0.03 * frame.height
    assert (px[:, 1] > frame.y0 + margin).all() and (px[:, 1] < frame.y1 - margin).all(), (
        px,
        frame,
    )
    assert (px[:, 0] >= frame.x0).all() and (px[:, 0] <= frame.x1).all()
    assert ax.get_ylim()[0] < 8 < ax.get_ylim()[1]  # the target's level is on the axis
    if style == "qicharts2":
        # its value label sits beside it, not on it, and the target's label on 8
        labels = {t.get_gid(): t for t in _labels(ax)}
        box = labels["label_cl"].get_window_extent(r)
        assert box.x0 > px[0, 0] and box.y0 < px[0, 1] < box.y1
        target_px = ax.transData.transform((0, 8))[1]
        box = labels["label_target"].get_window_extent(r)
        assert box.y0 < target_px < box.y1
    assert _overlaps(fig) == []


def _xy(artist):
    if hasattr(artist, "get_offsets"):
        return artist.get_offsets()[:, 0], artist.get_offsets()[:, 1]
    return artist.get_xdata(), artist.get_ydata()


def _close_lines_board() -> qi.Board:
    """A board of lines close together: SHMI (centre 0.997 beside target 1), VTE (94.5 beside
    95)."""
    rng = np.random.default_rng(11)
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    quarters = pd.date_range("2021-04-01", "2023-10-01", freq="QS")
    rows = []
    for org in ["Royal Infirmary of Greater Northshire NHS Foundation Trust", "RX1"]:
        rows += [
            dict(measure="falls", org=org, month=m, value=float(rng.poisson(8))) for m in months
        ]
        rows += [
            dict(measure="mrsa", org=org, month=m, value=float(rng.poisson(0.2))) for m in months
        ]
        rows += [
            dict(measure="shmi", org=org, month=q, value=1 + rng.normal(0, 0.05)) for q in quarters
        ]
        rows += [
            dict(measure="vte", org=org, month=m, value=float(rng.binomial(300, 0.94)), n=300.0)
            for m in months[:-1]
        ]
    measures = pd.DataFrame(
        {
            "measure": ["falls", "mrsa", "shmi", "vte"],
            "improvement": ["decrease", "decrease", "decrease", "increase"],
            "target": [6, 0, 1, 95],
            "multiply": [1, 1, 1, 100],
            "lag": [0, 0, 1, 1],
            "unit": ["falls", "cases", "ratio", "%"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        return qi.board(pd.DataFrame(rows), measures, x="month", y="value", n="n", by="org")


@pytest.mark.parametrize("dpi", [65, 72, 150])
def test_no_two_end_labels_of_a_panel_overlap_on_the_saved_figure(dpi):
    board = _close_lines_board()
    fig, caught = _saved(lambda: board.plot(style="qicharts2"), dpi)
    assert caught == []
    assert _overlaps(fig) == []
    # the SHMI panels label both the target (1) and the centre line, close to it
    shmi = [a for a in fig.axes if a.get_title("left").startswith("shmi")]
    assert len(shmi) == 2
    for ax in shmi:
        assert {"label_cl", "label_target"} <= {t.get_gid() for t in _labels(ax)}


def test_labels_of_close_lines_are_spread_on_the_final_panel_and_each_stays_near_its_line():
    # centre line and target 0.3 % of the range apart on a short panel: stacked, not overlapping
    board = _close_lines_board()
    fig = board.plot(style="qicharts2", figsize=(7, 5))
    fig.savefig(io.BytesIO(), format="png", dpi=72)
    assert _overlaps(fig) == []
    r = fig.canvas.get_renderer()
    for ax in fig.axes:
        for t in _labels(ax):
            home = ax.transData.transform(t._qistats_home)[1]
            box = t.get_window_extent(r)
            # never more than two label heights from its line
            assert abs((box.y0 + box.y1) / 2 - home) < 2.5 * box.height, (t.get_text(), home)


def _with_missing(gap: bool) -> qi.Board:
    """Two wards' falls and a measure no ward reports ("no data" panels); with ``gap`` ward
    A has no figure for one month (a cross under the axis)."""
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "measure": "falls",
            "org": np.repeat(["A", "B"], MONTHS.size),
            "m": np.tile(MONTHS, 2),
            "v": rng.poisson(8, 2 * MONTHS.size).astype(float),
        }
    )
    if gap:
        frame.loc[5, "v"] = np.nan
    measures = pd.DataFrame({"measure": ["falls", "pu"], "target": [7, 2]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        return qi.board(frame, measures, x="m", y="v", by="org", expected="all")


@pytest.mark.parametrize("style", ["qicharts2", "mdc"])
@pytest.mark.parametrize("gap", [False, True])
def test_the_legend_lists_no_value_only_when_a_cross_is_drawn(style, gap):
    fig = _with_missing(gap).plot(style=style)
    words = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    crosses = [ln for a in fig.axes for ln in a.lines if ln.get_gid() == "missing"]
    assert any(t.get_gid() == "no_data" for a in fig.axes for t in a.texts)  # "pu": no data
    assert ("no value" in words) == gap, words
    assert bool(crosses) == gap


def test_a_spc_chart_of_wards_one_without_data_lists_no_cross():
    rng = np.random.default_rng(4)
    df = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], 20),
            "month": np.tile(pd.date_range("2022-01-01", periods=20, freq="MS"), 2),
            "v": np.r_[rng.normal(5, 1, 20), np.full(20, np.nan)],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        res = qi.spc(df, y="v", x="month", by="ward")
    for style in ("mdc", "qicharts2"):
        fig = res.plot(style=style)
        words = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert "no value" not in words, (style, words)
