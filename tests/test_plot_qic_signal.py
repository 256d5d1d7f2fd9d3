"""qicharts2 style: which points are red (trial 6b A1). qicharts2's plot.qic colours a point
only when it is outside the limits (sigma.signal); a runs signal dashes the centre line."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
from matplotlib.colors import to_hex  # noqa: E402

RED = "#f15854"  # qicharts2's signal colour


def red_points(fig):
    """(x, y) of every point drawn red, over all axes."""
    xs, ys = [], []
    for ax in fig.get_axes():
        for line in ax.lines:
            if line.get_gid() == "special_cause":
                assert to_hex(line.get_markerfacecolor()) == RED
                xs += list(line.get_xdata())
                ys += list(line.get_ydata())
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def legend_labels(fig):
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


@pytest.fixture(scope="module")
def cas3():
    df = qi.datasets.restrictive_practice()
    return df[df.ward == "CAS3"]


def test_runs_signal_paints_no_point_only_the_centre_line(cas3):
    # the trial's ward: too few crossings flags all 48 points, none is outside the limits
    res = qi.spc(cas3, y="restraints", n="bed_days", x="month", chart="u", multiply=1000, freeze=12)
    pts = res.points
    assert pts.signal.all() and not pts.outside_limits.any()
    fig = res.plot(style="qicharts2")
    assert red_points(fig)[0].size == 0
    (cl,) = [ln for ln in fig.axes[0].lines if ln.get_gid() == "cl_signal"]
    assert cl.get_linestyle() == "--" and to_hex(cl.get_color()) == RED
    labels = legend_labels(fig)
    assert "centre line, runs signal" in labels
    assert "outside the limits" not in labels and "centre line" not in labels


def test_red_points_are_exactly_those_beyond_the_limits():
    g = qi.spc(qi.datasets.incidents(), y="admissions_since", x="date", chart="g", freeze=24)
    pts = g.points
    v, lo, hi = pts.value.to_numpy(), pts.lcl.to_numpy(), pts.ucl.to_numpy()
    beyond = (v > hi) | (v < lo)  # by hand, not from the rule columns
    assert 0 < beyond.sum() < pts.signal.sum()  # the runs signal flags many more
    fig = g.plot(style="qicharts2")
    _, ys = red_points(fig)
    assert sorted(ys) == sorted(v[beyond])
    assert "outside the limits" in legend_labels(fig)


def test_other_rule_sets_colour_point_rules_not_the_runs_test():
    # IHI: shift, trend and outside limits flag points; its runs test judges a whole phase.
    # A zigzag has too many runs (every point flagged) and two points far out.
    y = np.tile([10.0, 12.0], 12)
    y[20], y[21] = 40.0, -18.0  # the mean stays 11: the zigzag still crosses it
    df = pd.DataFrame({"month": pd.date_range("2021-01-01", periods=24, freq="MS"), "y": y})
    res = qi.spc(df, y="y", x="month", chart="i", rules="ihi")
    pts = res.points
    point_level = pts["shift"] | pts["trend"] | pts["outside_limits"]
    assert pts["runs"].sum() > point_level.sum() > 0
    fig = res.plot(style="qicharts2")
    _, ys = red_points(fig)
    assert sorted(ys) == sorted(pts.value[point_level])
    assert "signal (point rule)" in legend_labels(fig)
    assert [ln.get_gid() for ln in fig.axes[0].lines].count("cl_signal") == 0  # runs: no shift


def test_every_rule_of_western_electric_colours_its_points(cas3):
    res = qi.spc(
        cas3,
        y="restraints",
        n="bed_days",
        x="month",
        chart="u",
        multiply=1000,
        rules="western_electric",
        freeze=12,
    )
    pts = res.points
    assert pts.signal.any()
    fig = res.plot(style="qicharts2")
    _, ys = red_points(fig)
    assert sorted(ys) == sorted(pts.value[pts.signal])  # no whole-phase rule in this set
