"""FunnelResult.plot: what is drawn, checked on the figure (gids, data, labels, scales)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")


def _result(**kw):
    rng = np.random.default_rng(8)
    e = rng.uniform(5, 400, 40)
    o = rng.poisson(e).astype(float)
    o[0], o[1] = 3 * e[0] + 20, 0.0  # one high and one low outlier
    df = pd.DataFrame({"trust": [f"T{i:02d}" for i in range(40)], "deaths": o, "expected": e})
    return qi.funnel(df, y="deaths", n="expected", unit="trust", **kw)


def _by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


def test_limits_target_units_outliers_and_labels():
    res = _result(adjust=False)
    fig = res.plot(improvement="decrease")
    (ax,) = [a for a in fig.axes if a.get_visible()]
    for level in ("95", "99_8"):
        lines = _by_gid(ax, f"limits_{level}")
        assert len(lines) == 2  # lower and upper
        np.testing.assert_allclose(lines[1].get_ydata(), res.limits[f"ucl_{level}"])
    assert _by_gid(ax, f"limits_{'99_8'}")[0].get_linestyle() == "-"  # the deciding level
    assert _by_gid(ax, "limits_95")[0].get_linestyle() == "--"
    (target,) = _by_gid(ax, "target")
    assert target.get_ydata()[0] == pytest.approx(res.target)
    high, low = _by_gid(ax, "outliers_high"), _by_gid(ax, "outliers_low")
    assert matplotlib.colors.to_hex(high[0].get_facecolor()[0]) == "#e46c0a"  # worse
    assert matplotlib.colors.to_hex(low[0].get_facecolor()[0]) == "#00b0f0"  # better
    inside = _by_gid(ax, "units")[0].get_offsets()
    assert len(inside) == (~res.units["outlier"]).sum()
    labels = {t.get_text() for t in _by_gid(ax, "outlier_label")}
    assert labels == set(res.units.loc[res.units["outlier"], "trust"])
    assert ax.get_xlabel() == "expected" and ax.get_ylabel() == "deaths / expected"


def test_log_x_and_no_labels():
    fig = _result().plot(logx=True, labels=False)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert not _by_gid(ax, "outlier_label")


def test_one_panel_per_group():
    df = qi.datasets.restrictive_practice()
    with pytest.warns(qi.OverdispersionWarning, match="11 of 11 groups have fewer than 10"):
        res = qi.funnel(
            df,
            y="restraints",
            n="bed_days",
            unit="ward",
            kind="rate",
            multiply=1000,
            x="month",
            by="trust",
        )
    fig = res.plot(ncols=4)
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 11
    assert panels[0].get_title(loc="left").startswith("Ashford Vale: φ = ")
    fig = res.plot(series=["Brindley", "Fenwick"])
    assert len([a for a in fig.axes if a.get_visible()]) == 2


def test_bad_plot_arguments():
    res = _result()
    with pytest.raises(qi.ArgumentError, match="improvement='up'"):
        res.plot(improvement="up")
    with pytest.raises(qi.ArgumentError, match="logx='yes'"):
        res.plot(logx="yes")
    with pytest.raises(qi.ArgumentError, match="unknown argument colour"):
        res.plot(colour="red")


def test_the_y_range_fits_the_units_and_wide_limits_leave_the_axes():
    # last year's wards (the docs' call): phi about 37, so the adjusted limits sit far above
    # every ward; the axis followed them (0-130) and squeezed the wards into its bottom 20 %
    # (new-user trial 5, item C3). As FunnelPlotR, the units decide the range.
    df = qi.datasets.restrictive_practice()
    res = qi.funnel(
        df,
        y="restraints",
        n="bed_days",
        unit="ward",
        kind="rate",
        multiply=1000,
        x="month",
        period=("2023-04-01", "2024-03-01"),
    )
    assert res.phi > 10 and res.adjusted
    fig = res.plot()
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    units = res.units
    top, bottom = units["value"].max(), min(units["value"].min(), res.summary()["target"][0])
    assert lo <= bottom and hi >= top
    share = (top - bottom) / (hi - lo)
    assert share > 0.6, f"the units fill {share:.0%} of the y axis"
    assert units["ucl_99_8"].min() > hi  # the wide limit is cut at the edge ...
    lines = [ln for ln in ax.lines if (ln.get_gid() or "").startswith("limits_")]
    assert lines and all(ln.get_clip_on() for ln in lines)  # ... by the axes, not drawn over
    # and a note says where the limits wholly above the axis are
    (note,) = [t for t in ax.texts if t.get_gid() == "limits_off_axis"]
    assert note.get_text() == "99.8 % limits above ↑"
    matplotlib.pyplot.close(fig)
