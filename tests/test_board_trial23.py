"""Trial 23 (a new analyst's board of 12 measures from a messy CSV): the legend of a two-column
page fills its rows evenly, and a warning names an integer y column as a column."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.plot.layout import _legend_columns


def test_legend_columns_fill_their_rows_evenly():
    labels = ["common cause", "improvement", "concern", "mean", "process limits", "target"]
    for width in np.arange(2.0, 20.0, 0.25):
        cols = _legend_columns(labels, float(width))
        rows = -(-len(labels) // cols)
        # no more columns than the rows need: no row of one entry under a full one
        assert -(-len(labels) // rows) == cols
        scale = max(1.0, width / 12.0)
        fit = int((width - 0.2) / ((0.6 + 0.068 * 14) * min(scale, 14 / 8.5)))
        assert cols <= max(1, fit)  # and never more than fit across
    assert _legend_columns(labels, 9.0) == 3  # 5 fit: 3 columns of 2, not 5 and 1


def test_a_board_page_of_six_legend_entries_has_two_even_rows():
    pytest.importorskip("matplotlib")
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    rng = np.random.default_rng(3)
    rate = np.r_[rng.normal(85, 3, 12).round(), np.full(12, 100.0)]  # a shift up at the end
    data = pd.DataFrame(
        {
            "measure": "vte",
            "ward": np.repeat(["Ash", "Beech"], 24),
            "month": np.tile(months, 2),
            "y": np.r_[rate, rng.normal(85, 3, 24).round()],
        }
    )
    measures = pd.DataFrame({"measure": ["vte"], "improvement": ["increase"], "target": [95]})
    fig = qi.board(data, measures, x="month", y="y", by="ward").plot()
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == 6, labels  # common cause, improvement, concern, mean, limits, target
    assert legend._ncols == 3


def test_a_warning_names_an_integer_y_as_a_column():
    months = pd.date_range("2022-04-01", periods=12, freq="MS")
    data = pd.DataFrame(
        {
            0: np.repeat(["beds", "falls"], 12),
            1: np.tile(months, 2),
            2: np.r_[np.full(12, 90.0), np.full(12, 8.0)] + np.tile([1, -1], 12),
            3: np.r_[np.full(12, 100.0), np.full(12, np.nan)],
        }
    )
    measures = pd.DataFrame({0: ["beds", "falls"]})
    with pytest.warns(qi.NoDataWarning, match=r"charted as plain values of column 2 \(not y / n\)"):
        qi.board(data, measures, x=1, y=2, n=3, measure=0)


def _one_point_ward(style):
    """A board page of a ward that opened in the report's month: one point a measure."""
    months = pd.date_range("2023-04-01", periods=12, freq="MS")
    data = pd.DataFrame(
        {
            "measure": "ffa",
            "ward": ["Ash"] * 12 + ["Cedar"],
            "month": [*months, months[-1]],
            "y": np.r_[np.tile([84.0, 86.0], 6), 85.0],
        }
    )
    measures = pd.DataFrame({"measure": ["ffa"], "unit": ["%"], "target": [90]})
    return qi.board(data, measures, x="month", y="y", by="ward").plot(series="Cedar", style=style)


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_one_point_panel_draws_its_mean_and_target_as_short_dashes(style):
    pytest.importorskip("matplotlib")
    from matplotlib.transforms import Bbox

    fig = _one_point_ward(style)
    ax = fig.axes[0]
    fig.canvas.draw()
    for gid, at in (("cl", 85.0), ("target", 90.0)):
        lines = [ln for ln in ax.lines if ln.get_gid() == gid]
        # the line through one point has no length; a dash of LONE_LEVEL_PT marks the level
        dashes = [ln for ln in lines if ln.get_marker() == "_"]
        assert len(dashes) == 1, (gid, [ln.get_marker() for ln in lines])
        assert dashes[0].get_ydata().tolist() == [at]
        box: Bbox = dashes[0].get_window_extent(fig.canvas.get_renderer())
        assert box.width >= 10  # pixels across: seen, not a point
    low, high = ax.get_ylim()
    assert low < 85 < 90 < high  # the target is on the axis, as the legend says


def test_a_longer_phase_draws_no_dashes():
    pytest.importorskip("matplotlib")
    months = pd.date_range("2023-04-01", periods=12, freq="MS")
    data = pd.DataFrame({"measure": "ffa", "month": months, "y": np.tile([84.0, 86.0], 6)})
    fig = qi.board(
        data, pd.DataFrame({"measure": ["ffa"], "target": [90]}), x="month", y="y"
    ).plot()
    assert not [ln for ln in fig.axes[0].lines if ln.get_marker() == "_"]
