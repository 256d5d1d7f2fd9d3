"""y ranges: counts and rates are never drawn on a negative axis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _wards():
    events = np.r_[np.zeros(24), np.random.default_rng(1).poisson(8, 24)]
    return pd.DataFrame(
        {"ward": np.repeat(["Fir", "Oak"], 24), "m": np.tile(MONTHS, 2), "y": events, "n": 900.0}
    )


def _negative_labels(ax):
    ax.figure.canvas.draw()
    lo, hi = ax.get_ylim()
    return [t for t in ax.get_yticks() if lo <= t <= hi and t < 0]


@pytest.mark.filterwarnings("ignore::qistats.RareEventsWarning")  # the ward of no events
def test_a_ward_with_no_events_gets_a_zero_to_one_axis_not_a_negative_one():
    data = _wards().query("ward == 'Fir'")
    fig = qi.spc(data, y="y", n="n", x="m", chart="u", multiply=1000).plot()
    lo, hi = fig.axes[0].get_ylim()
    assert hi == 1.0 and -0.05 < lo < 0  # a sliver below 0 keeps the points whole
    assert _negative_labels(fig.axes[0]) == []
    matplotlib.pyplot.close(fig)


@pytest.mark.filterwarnings("ignore::qistats.RareEventsWarning")  # the ward of no events
@pytest.mark.parametrize("chart", ["u", "p", "c"])
def test_shared_axes_with_a_zero_ward_stay_non_negative(chart):
    n = None if chart == "c" else "n"
    fig = qi.spc(_wards(), y="y", n=n, x="m", chart=chart, by="ward").plot()
    panels = [a for a in fig.axes if a.get_visible()]
    shown = _wards().eval("y" if chart == "c" else "y / n")  # what each chart plots
    for a in panels:
        lo, hi = a.get_ylim()
        assert -0.05 * hi < lo <= 0 and hi >= shown.max(), (lo, hi)
        assert _negative_labels(a) == []
    matplotlib.pyplot.close(fig)


def _far_target_board():
    # trial 5, item C6 (trial5/s26_board40.py): C. diff target 2 against values of about 450
    rng = np.random.default_rng(8)
    data = pd.concat(
        [
            pd.DataFrame(
                {"measure": "cdiff", "org": o, "month": MONTHS, "value": rng.poisson(450, 24) * 1.0}
            )
            for o in ("North", "South")
        ]
        + [
            # a trust that reports a year late: its months must line up with the others'
            pd.DataFrame(
                {
                    "measure": "cdiff",
                    "org": "East",
                    "month": MONTHS[12:],
                    "value": rng.poisson(440, 12) * 1.0,
                }
            ),
            pd.DataFrame(
                {
                    "measure": "falls",
                    "org": "North",
                    "month": MONTHS,
                    "value": rng.poisson(6, 24) * 1.0,
                }
            ),
        ]
    )
    measures = pd.DataFrame(
        {
            "measure": ["cdiff", "falls"],
            "name": ["C. difficile infections", "Falls"],
            "unit": ["count", "count"],
            "improvement": ["decrease", "decrease"],
            "target": [2, 5],
        }
    )
    return qi.board(data, measures, x="month", y="value", by="org")


def test_a_target_far_from_the_data_is_marked_at_the_edge_not_drawn_on_a_stretched_axis():
    fig = _far_target_board().plot()
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    panels = {a.get_title(loc="left"): a for a in fig.axes if a.get_visible()}
    cdiff = [a for t, a in panels.items() if t.startswith("C. difficile")]
    assert len(cdiff) == 3
    for ax in cdiff:
        values = next(line for line in ax.lines if line.get_gid() == "values").get_ydata()
        lo, hi = ax.get_ylim()
        assert lo > 2, "the axis was stretched down to the target"
        assert (np.nanmax(values) - np.nanmin(values)) / (hi - lo) > 0.3
        (mark,) = [t for t in ax.texts if t.get_gid() == "target_off_axis"]
        assert mark.get_text() == "target 2 ↓"
        box, frame = mark.get_window_extent(r), ax.get_window_extent(r)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 + 1
        assert frame.y0 <= box.y0 < frame.y0 + 0.25 * frame.height  # at the bottom edge
    # a target among the data is drawn on the axis, with no mark
    (falls,) = [a for t, a in panels.items() if t.startswith("Falls")]
    lo, hi = falls.get_ylim()
    assert lo < 5 < hi and not [t for t in falls.texts if t.get_gid() == "target_off_axis"]


def test_the_panels_of_one_measure_share_the_x_range_and_its_ticks():
    fig = _far_target_board().plot()
    fig.canvas.draw()
    cdiff = [
        a for a in fig.axes if a.get_visible() and a.get_title(loc="left").startswith("C. diff")
    ]
    lims = {a.get_xlim() for a in cdiff}
    assert len(lims) == 1  # the late East panel spans the same months as North and South
    first = matplotlib.dates.date2num(MONTHS[0])
    lo, hi = lims.pop()
    assert lo < first < hi
    ticks = [[t.get_text() for t in a.get_xticklabels() if t.get_text()] for a in cdiff]
    assert ticks[0] == ticks[1] == ticks[2] and ticks[0][0] == "Jan 2022"


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_negative_lower_limit_is_drawn_whole_in_both_styles(style):
    # trial 7 C5: the qicharts2 style's limits are a band, not a line, so the axis stopped just
    # below 0 (the data's floor), cutting the band and printing "-3.85" where no line is.
    # Board audit B2: counts (whole values, none negative) have that limit drawn at 0, its
    # band whole and its label at 0; measurements that can be negative keep it where it is.
    import matplotlib.pyplot as plt

    y = np.array([2.0, 9, 1, 8, 0, 7, 3, 10, 2, 6, 1, 9] * 2)
    for values, counts in ((y, True), (y - 5, False)):
        d = pd.DataFrame({"m": MONTHS, "y": values})
        res = qi.spc(d, y="y", x="m", chart="xmr", screen_mr=False)
        lcl = float(res.summary().lcl.iloc[0])
        # by hand: mean 4.833…, mean moving range 6.913…: 4.833 − 2.66 × 6.913 < 0
        mr = np.abs(np.diff(d.y.to_numpy())).mean()
        assert lcl == pytest.approx(d.y.mean() - 2.66 * mr) and lcl < -10
        fig = res.plot(style=style)
        ax = fig.axes[0]
        lo, hi = ax.get_ylim()
        drawn = 0.0 if counts else lcl
        assert lo < drawn < hi
        if counts:
            assert lo >= -0.05 * hi  # no negative territory no count can reach
        else:
            assert lo < lcl
        ys = [np.asarray(ln.get_ydata(), float) for ln in ax.lines if ln.get_gid() == "limits"]
        ys += [p.get_path().vertices[:, 1] for p in ax.patches if p.get_gid() == "limits"]
        assert np.nanmin(np.concatenate(ys)) == pytest.approx(drawn)
        if style == "qicharts2":
            (label,) = [t for t in ax.texts if t.get_gid() == "label_lcl"]
            assert label.get_position()[1] == pytest.approx(drawn, abs=0.5)
        plt.close(fig)
