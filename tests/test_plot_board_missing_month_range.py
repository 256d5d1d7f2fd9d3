"""board.plot(): the cross marking a month without a value is not data, so it does not
stretch a measure's panels with a target down to 0."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_missing_latest_month_keeps_the_panels_range_about_the_data(style):
    import matplotlib.pyplot as plt

    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    y = [47.0, 49.0] * 20
    y[-1] = np.nan  # ward B's latest month not reported yet: a cross under its x axis
    data = pd.DataFrame(
        {"measure": "harm_free", "ward": ["A"] * 20 + ["B"] * 20, "month": [*months, *months]}
    ).assign(y=y, n=50)
    measures = pd.DataFrame(
        {"measure": ["harm_free"], "chart": ["p"], "unit": ["%"], "target": [95]}
    ).assign(improvement="increase")
    fig = qi.board(data, measures, x="month", y="y", n="n", by="ward").plot(style=style)
    try:
        assert any(line.get_gid() == "missing" for line in fig.axes[1].lines)
        # by hand: p̄ = 0.96 over n = 50, so the lower limit is 0.96 − 3·√(0.96·0.04/50) = 0.877
        # and the values 0.94 and 0.98 and the target 0.95 lie above it: the range starts a
        # little below 0.877 (it started at −0.007, the cross read as a value of 0)
        lcl = 0.96 - 3 * np.sqrt(0.96 * 0.04 / 50)
        for ax in fig.axes[:2]:
            low, high = ax.get_ylim()
            assert lcl - 0.02 < low < lcl and high == pytest.approx(1.0)
    finally:
        plt.close(fig)
