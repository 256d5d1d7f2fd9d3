"""The one legend of a grid is sized for its figure (new-user trial 4, item 17): a 24-inch grid
of 49 wards is seen shrunk, so its legend grows with the width; the y range stays common."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _wards(n):
    rng = np.random.default_rng(5)
    months = pd.date_range("2022-01-01", periods=12, freq="MS")
    # one ward at about 40 per 1,000, the others at about 5
    rates = np.r_[40.0, np.full(n - 1, 5.0)]
    return pd.DataFrame(
        {
            "ward": np.repeat([f"W{i:02d}" for i in range(n)], 12),
            "month": np.tile(months, n),
            "restraints": rng.poisson(np.repeat(rates, 12)).astype(float),
            "bed_days": 1000.0,
        }
    )


def _res(n):
    return qi.spc(
        _wards(n), y="restraints", n="bed_days", x="month", by="ward", chart="u", multiply=1000
    )


def _legend(fig):
    (legend,) = [c for c in fig.get_children() if c.get_gid() == "legend"]
    return legend


@pytest.mark.parametrize(("n", "size"), [(4, 8.5), (49, 14.0)])
def test_the_legend_grows_with_the_figure_and_stays_below_the_panels(n, size):
    fig = _res(n).plot()
    legend = _legend(fig)
    texts = legend.get_texts()
    assert {t.get_fontsize() for t in texts} == {size}
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    box = legend.get_window_extent(r)
    page = fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0
    panels = [a for a in fig.axes if a.get_visible()]
    lowest = min(a.get_tightbbox(r).y0 for a in panels)  # tick labels included
    assert box.y1 <= lowest, (box, lowest)
    # its markers grow with the text (a 6-point dot beside 14-point words is lost)
    dots = [h for h in legend.legend_handles if h.get_marker() == "o"]
    assert dots and min(h.get_markersize() for h in dots) >= 6 * size / 8.5 - 1e-9


def test_the_y_range_is_common_by_default_and_free_on_request():
    res = _res(9)
    shared = {a.get_ylim() for a in res.plot().axes if a.get_visible()}
    assert len(shared) == 1
    free = [a.get_ylim()[1] for a in res.plot(sharey=False).axes if a.get_visible()]
    # the ward at 40 keeps its high axis, the wards at 5 get axes they fill
    assert free[0] > 2 * max(free[1:]), free
