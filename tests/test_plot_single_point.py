"""A series with a single point (a ward that opened last month) must not set the x range that
the other panels share (trial 8 B5: six years, Mar 2021 - Feb 2027, for two years of data)."""

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


def _data() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    frames = [
        pd.DataFrame({"ward": w, "month": MONTHS[s:], "falls": rng.poisson(6, 24 - s)})
        for w, s in (("Ash", 0), ("Birch", 14), ("Elm", 23))
    ]
    return pd.concat(frames, ignore_index=True).assign(measure="falls")


def _months_shown(ax) -> float:
    lo, hi = (mdates.num2date(v).replace(tzinfo=None) for v in ax.get_xlim())
    return (pd.Timestamp(hi) - pd.Timestamp(lo)).days / 30.44


@pytest.mark.parametrize("how", ["board", "spc mdc", "spc qicharts2"])
def test_a_single_point_panel_takes_the_range_of_the_others(how):
    import matplotlib.pyplot as plt

    d = _data()
    if how == "board":
        measures = pd.DataFrame({"measure": ["falls"], "chart": ["c"]})
        fig = qi.board(d, measures, x="month", y="falls", by="ward").plot()
    else:
        res = qi.spc(d, y="falls", x="month", by="ward", chart="c")
        fig = res.plot(style=how.split()[1])
    panels = [a for a in fig.axes if a.get_title(loc="left") or a.get_title()]
    assert len(panels) >= 3
    for a in panels:
        # 24 months of data, with margins and limit labels: well under 3 years, not 6
        assert 23 <= _months_shown(a) <= 32, (a.get_title(loc="left"), _months_shown(a))
        lo, hi = a.get_xlim()
        assert lo <= mdates.date2num(MONTHS[0]) and hi >= mdates.date2num(MONTHS[-1])
    plt.close(fig)
