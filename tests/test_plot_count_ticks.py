"""Counts are ticked at whole numbers (trial 10 B13: a C chart of never events ticked 0.5,
1.5 and 2.5 events); values that are not all whole keep matplotlib's finer steps. Checked on
the ticks inside each drawn panel's y range."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

MONTHS = pd.date_range("2022-01-01", periods=30, freq="MS")
# 30 months of rare counts (mean 0.4): the y range is about 0 to 2.3
NEVER = [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1]


def _ticks(ax):
    lo, hi = ax.get_ylim()
    t = np.asarray(ax.get_yticks(), dtype=float)
    return t[(t >= lo) & (t <= hi)]


@pytest.mark.filterwarnings("ignore::qistats.RareEventsWarning")
def test_a_c_chart_of_rare_counts_is_ticked_at_whole_numbers():
    df = pd.DataFrame({"month": MONTHS, "never_events": NEVER})
    fig = qi.spc(df, y="never_events", x="month", chart="c").plot()
    (ax,) = [a for a in fig.axes if a.get_visible() and a.lines]
    assert _ticks(ax).tolist() == [0.0, 1.0, 2.0]


@pytest.mark.filterwarnings("ignore::qistats.RareEventsWarning")
def test_a_board_ticks_its_count_measure_whole_and_its_mean_length_of_stay_finely():
    data = pd.concat(
        [
            pd.DataFrame({"measure": "never", "month": MONTHS, "value": NEVER}),
            pd.DataFrame(
                {"measure": "los", "month": MONTHS, "value": 5.3 + 0.4 * np.sin(np.arange(30))}
            ),
        ]
    )
    measures = pd.DataFrame({"measure": ["never", "los"], "chart": ["c", "xmr"]})
    fig = qi.board(data, measures, x="month", y="value").plot()
    ticks = {
        a.get_title(loc="left").splitlines()[0]: _ticks(a)
        for a in fig.axes
        if a.get_visible() and a.lines
    }
    assert ticks["never"].tolist() == [0.0, 1.0, 2.0]
    los = ticks["los"]  # a range of about 4.7 to 5.9: half steps
    assert np.any(los != np.round(los))
