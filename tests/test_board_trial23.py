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
