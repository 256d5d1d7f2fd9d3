"""Funnel plot layout found by a new-user trial, checked on the drawn figure: a unit at 0 drawn
whole, an x range that shows wards of similar size, the φ label clear of every line and point."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

import qistats as qi

matplotlib.use("Agg")


def _units(y, n):
    return pd.DataFrame({"ward": [f"W{i:02d}" for i in range(len(y))], "y": y, "n": n})


def _forty(zero=True):
    rng = np.random.default_rng(3)
    n = rng.integers(2000, 30000, 40).astype(float)
    y = rng.poisson(0.01 * n).astype(float)
    if zero:
        y[7] = 0.0  # a ward with no events: a low outlier at 0
    return _units(y, n)


def _panel(fig):
    (ax,) = [a for a in fig.axes if a.get_visible()]
    fig.canvas.draw()
    return ax, fig.canvas.get_renderer()


def _marker_boxes(ax, r):
    """The drawn box of every unit's marker, in display pixels."""
    boxes = []
    for c in ax.collections:
        if c.get_gid() in ("units", "outliers_high", "outliers_low"):
            size = np.sqrt(c.get_sizes()[0]) * ax.figure.dpi / 72  # marker width in pixels
            for px, py in ax.transData.transform(c.get_offsets()):
                boxes.append((px - size / 2, py - size / 2, px + size / 2, py + size / 2))
    return boxes


def test_a_unit_at_zero_is_drawn_whole_inside_the_axes():
    res = qi.funnel(_forty(), y="y", n="n", unit="ward", kind="rate", multiply=1000, adjust=False)
    assert res.units.set_index("ward").loc["W07", "direction"] == "low"
    ax, r = _panel(res.plot())
    lo, hi = ax.get_ylim()
    assert lo < 0 <= hi  # a margin below 0 ...
    assert lo >= -0.05 * hi  # ... small: no negative values to show
    (low,) = [c for c in ax.collections if c.get_gid() == "outliers_low"]
    assert low.get_clip_on() is False
    box = ax.get_window_extent(r)
    for x0, y0, x1, y1 in _marker_boxes(ax, r):
        assert box.y0 - 0.5 <= y0 and y1 <= box.y1 + 0.5, "a marker is cut by the axis"
        assert box.x0 - 0.5 <= x0 and x1 <= box.x1 + 0.5


def test_wards_of_similar_size_fill_the_x_axis_and_a_spread_funnel_starts_at_0():
    # the trial's five wards: n from 8,476 to 8,819 were crammed into the last 4 % of 0-9,000
    n = np.array([8576.0, 8729, 8476, 8701, 8819])
    y = np.array([29.0, 99, 80, 79, 199])
    with pytest.warns(qi.OverdispersionWarning, match="only 5 units"):
        res = qi.funnel(_units(y, n), y="y", n="n", unit="ward", kind="rate", multiply=1000)
    ax, _ = _panel(res.plot())
    # the picture says what the warning said (a board sees the PNG, not the warning)
    widened = "limits widened for overdispersion"
    assert ax.get_title(loc="left") == f"φ = {res.phi:.2f} from 5 units, {widened}"
    x0, x1 = ax.get_xlim()
    assert x0 < n.min() and n.max() < x1
    share = (n.max() - n.min()) / (x1 - x0)
    assert share > 0.4, f"the units span {share:.0%} of the x axis"
    # units of very different sizes: the funnel is drawn from 0, as FunnelPlotR draws it
    ax, _ = _panel(qi.funnel(_forty(), y="y", n="n", unit="ward", kind="rate").plot())
    assert ax.get_xlim()[0] == 0.0
    assert "units" not in ax.get_title(loc="left")


@pytest.mark.parametrize("adjust", [True, False])
def test_the_phi_label_overlaps_no_line_and_no_point(adjust):
    n = np.array([8576.0, 8729, 8476, 8701, 8819, 300, 1200, 4000, 6000, 7000, 2500, 900])
    y = np.round(n * np.array([3.4, 11, 9.4, 9.1, 22.6, 15, 5, 12, 8, 30, 0, 10]) / 1000)
    res = qi.funnel(
        _units(y, n), y="y", n="n", unit="ward", kind="rate", multiply=1000, adjust=adjust
    )
    ax, r = _panel(res.plot())
    label = ax._left_title
    assert label.get_text().startswith("φ = ")
    tbox = label.get_window_extent(r)
    # every line (limits, target) is clipped to the axes, and every marker is inside it
    lines = [ln for ln in ax.lines if ln.get_gid() and ln.get_visible()]
    assert lines and all(ln.get_clip_on() for ln in lines)
    box = ax.get_window_extent(r)
    # above the panel with a clear gap: the limits meet the panel's top edge at small n, and
    # a φ's descender 1.6 pt above them read as drawn on the curve (the trial's picture)
    gap_pt = (tbox.y0 - box.y1) * 72 / ax.figure.dpi
    assert gap_pt >= 3.5, f"the label is {gap_pt:.1f} pt above the panel's lines"
    for x0, y0, x1, y1 in _marker_boxes(ax, r):
        assert not (x0 < tbox.x1 and tbox.x0 < x1 and y0 < tbox.y1 and tbox.y0 < y1)
    for t in ax.texts:  # outlier labels
        assert not t.get_window_extent(r).overlaps(tbox), t.get_text()


@pytest.mark.parametrize("k", [1, 2, 5, 9])
def test_overdispersion_from_fewer_than_10_units_warns(k):
    rng = np.random.default_rng(k)
    n = rng.uniform(500, 5000, k)
    y = rng.poisson(n * 0.01 * np.exp(rng.normal(0, 0.5, k))).astype(float) + 1
    with pytest.warns(qi.OverdispersionWarning, match=f"only {k} units?: with fewer than 10"):
        qi.funnel(_units(y, n), y="y", n="n", unit="ward", kind="rate")
    with pytest.warns(qi.OverdispersionWarning, match=f"only {k} units?"):
        qi.funnel(_units(y, n), y="y", n="n", unit="ward", kind="rate", adjust=True)
    # no adjustment asked for: φ is not used, nothing to warn about (warnings are errors here)
    qi.funnel(_units(y, n), y="y", n="n", unit="ward", kind="rate", adjust=False)


def test_ten_units_do_not_warn_and_groups_are_named():
    rng = np.random.default_rng(0)
    n = rng.uniform(500, 5000, 10)
    y = rng.poisson(n * 0.01).astype(float)
    qi.funnel(_units(y, n), y="y", n="n", unit="ward", kind="rate")  # an error if it warned
    df = pd.concat([_units(y, n).assign(trust="A"), _units(y[:4], n[:4]).assign(trust="B")])
    with pytest.warns(qi.OverdispersionWarning, match=r"only 4 units \(group trust='B'\)"):
        res = qi.funnel(df, y="y", n="n", unit="ward", kind="rate", by="trust")
    assert res.summary()["n_units"].tolist() == [10, 4]  # the numbers are not changed


def _trial_funnel(**kw):
    df = qi.datasets.restrictive_practice()
    return qi.funnel(
        df,
        y="restraints",
        n="bed_days",
        unit="ward",
        kind="rate",
        multiply=1000,
        x="month",
        period=("2023-04-01", "2024-03-01"),
        **kw,
    )


def test_log_x_starts_near_the_smallest_unit_and_outlier_labels_overlap_nothing():
    # trial 5, item C3: the log axis began at ~80 bed days (smallest ward ~3,800) and the
    # labels ASH1/ASH2 and CAS3/DUN3/DUN1 were drawn over each other
    res = _trial_funnel(adjust=False)
    fig = res.plot(logx=True, improvement="decrease")
    ax, r = _panel(fig)
    n = res.units["n"]
    x0, x1 = ax.get_xlim()
    assert x0 < n.min() and n.max() < x1
    share = np.log(n.max() / n.min()) / np.log(x1 / x0)
    assert share > 0.75, f"the units span {share:.0%} of the log axis"
    ticks = [t for t in ax.get_xticklabels() if t.get_text() and x0 <= t.get_position()[0] <= x1]
    assert len(ticks) >= 3 and all("10" not in t.get_text() or "," in t.get_text() for t in ticks)
    labels = [t for t in ax.texts if t.get_gid() == "outlier_label"]
    # every outlier that a label fits (trial 6b C3); the note counts the others
    assert int(res.units["outlier"].sum()) == 30 and len(labels) >= 27
    (note,) = [t for t in ax.texts if t.get_gid() == "unlabelled"] or [None]
    left = 30 - len(labels)
    assert (note is None) if not left else note.get_text().startswith(f"{left} more outlier")
    for t in labels:  # the text's own box (an annotation's extent includes its leader line)
        t.update_positions(r)
    boxes = [Text.get_window_extent(t, r) for t in labels]
    markers = _marker_boxes(ax, r)
    frame = ax.get_window_extent(r)
    for i, b in enumerate(boxes):
        assert frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
        for c in boxes[i + 1 :]:
            assert not b.overlaps(c), (labels[i].get_text(), b, c)
        for x0_, y0_, x1_, y1_ in markers:
            hit = x0_ < b.x1 and b.x0 < x1_ and y0_ < b.y1 and b.y0 < y1_
            assert not hit, f"{labels[i].get_text()} is drawn over a unit"


def test_by_panels_have_few_enough_x_ticks_not_to_crowd():
    df = qi.datasets.restrictive_practice()
    d = df.assign(year=df.month.dt.year.astype(str))
    d = d[d.year.isin(["2021", "2022", "2023"])]
    res = qi.funnel(
        d, y="restraints", n="bed_days", unit="ward", kind="rate", multiply=1000, by="year"
    )
    fig = res.plot()
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    for ax in (a for a in fig.axes if a.get_visible()):
        lo, hi = ax.get_xlim()
        ticks = [
            t for t in ax.get_xticklabels() if t.get_text() and lo <= t.get_position()[0] <= hi
        ]
        assert len(ticks) >= 3
        boxes = sorted((t.get_window_extent(r) for t in ticks), key=lambda b: b.x0)
        for a, b in itertools.pairwise(boxes):
            gap_pt = (b.x0 - a.x1) * 72 / fig.dpi
            assert gap_pt >= 6, f"tick labels {gap_pt:.1f} pt apart"
        # and the units fill the (shared) y axis (the limits at phi ~35 used to rule it)
        y = res.units["value"]
        y0, y1 = ax.get_ylim()
        assert (y.max() - y.min()) / (y1 - y0) > 0.6


def test_the_title_says_how_many_units_phi_came_from_and_names_those_set_aside():
    # trial 12 D1: Fenwick's four wards, FEN1 at 38 per 1,000 against about 5 for the others;
    # the robust φ sets it aside (n_phi 3), but the panel said "φ = 0.14 from 4 units"
    df = qi.datasets.restrictive_practice()
    kw = dict(y="restraints", n="bed_days", unit="ward", kind="rate", multiply=1000, x="month")
    kw["period"] = ("2023-04-01", "2024-03-01")
    with pytest.warns(qi.OverdispersionWarning):
        grid = qi.funnel(df, by="trust", **kw)
    fig = grid.plot()
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    panels = {a.get_title(loc="left").split(":")[0]: a for a in fig.axes if a.get_visible()}
    title = panels["Fenwick"]._left_title
    assert title.get_text().replace("\n", " ") == (
        "Fenwick: φ = 0.13 from 3 of 4 units (FEN1 set aside), limits not widened"
    )
    # whole (not cut short with "…") and clear of the panel to its right
    box, right = title.get_window_extent(r), panels["Greystone"].get_window_extent(r)
    assert box.x1 < right.x0
    # a trust whose every ward entered φ keeps the plain count
    brindley = "Brindley: φ = 4.47 from 5 units, limits widened for overdispersion"
    assert panels["Brindley"].get_title(loc="left").replace("\n", " ") == brindley
    with pytest.warns(qi.OverdispersionWarning):
        alone = qi.funnel(df[df["trust"] == "Fenwick"], **kw)
    ax, _ = _panel(alone.plot())
    fenwick = "φ = 0.13 from 3 of 4 units (FEN1 set aside), limits not widened"
    assert ax.get_title(loc="left") == fenwick


def test_many_units_set_aside_are_counted():
    # six wards at 10 per 1,000 and three at 60: the three are 8 or more standard errors out
    # (z = (60 - 10) / sqrt(10 / 5) per 1,000 at n = 5,000), far past 3.5 sqrt(φ), so φ comes
    # from the six; three names would not fit a panel's title, so they are counted
    n = np.full(9, 5000.0)
    y = np.array([50.0, 48, 52, 49, 51, 50, 300, 310, 290])
    with pytest.warns(qi.OverdispersionWarning):
        res = qi.funnel(_units(y, n), y="y", n="n", unit="ward", kind="rate", multiply=1000)
    ax, _ = _panel(res.plot())
    assert ax.get_title(loc="left").startswith("φ = ")
    assert " from 6 of 9 units (3 set aside), " in ax.get_title(loc="left")
