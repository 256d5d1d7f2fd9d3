"""A target that changes (12 until December 2022, 7 from January 2023) is drawn as a step
between the two months, not a slope across them (trial 7 C9), in both styles."""

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

import qistats as qi

pytest.importorskip("matplotlib")


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_changing_target_steps_halfway_between_the_months(style):
    import matplotlib.pyplot as plt

    m = pd.date_range("2022-01-01", periods=24, freq="MS")
    d = pd.DataFrame({"m": m, "y": np.tile([9, 11], 12), "t": np.where(m < "2023-01-01", 12, 7)})
    fig = qi.spc(d, y="y", x="m", chart="c", target="t", phase=["2022-07-01"]).plot(style=style)
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_gid() == "target"]
    xs, ys = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
    half = (mdates.date2num(pd.Timestamp("2022-12-01")) + mdates.date2num(m[12])) / 2
    corner = np.flatnonzero(np.isclose(xs, half))
    assert corner.size == 2 and ys[corner].tolist() == [12.0, 7.0]  # vertical, at mid-December
    # no segment slopes: each joins two equal values or two equal x (the step, the phase gap)
    ok = np.isfinite(xs[:-1]) & np.isfinite(xs[1:])
    assert np.all(((ys[1:] == ys[:-1]) | (xs[1:] == xs[:-1]))[ok])
    assert np.isnan(xs).sum() == 1  # the gap between the two phases
    plt.close(fig)
