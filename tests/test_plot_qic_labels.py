"""qicharts2 style: the labels at the right edge never overlap, and each stays next to its
line, when the centre line, the target and the limits are close (boxes from the renderer)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from qistats.plot.panel import _stack  # noqa: E402

MONTHS = pd.date_range("2021-01-01", periods=30, freq="MS")


def _near(kind):
    rng = np.random.default_rng(1)
    if kind == "cl_target":  # the trial's ward: centre line 5.45, target 5
        df = qi.datasets.restrictive_practice()
        d = df[df.ward.isin(["BRI3", "CAS2"])]
        return qi.spc(
            d,
            y="restraints",
            n="bed_days",
            x="month",
            by="ward",
            chart="u",
            multiply=1000,
            improvement={"BRI3": "decrease", "CAS2": "increase"},
            target={"BRI3": 15, "CAS2": 5},
            rules="mdc",
        )
    if kind == "all_four":  # cl, target and both limits within 1 % of the y range
        y = rng.binomial(1_000_000, 0.5, 30).astype(float)
        y[3], y[10] = 0.8e6, 0.2e6  # two far points make the range wide (20 % to 80 %)
        d = pd.DataFrame({"m": MONTHS, "y": y, "n": 1e6})
        return qi.spc(d, y="y", n="n", x="m", chart="p", target=0.502)
    # an I chart: cl and target 0.5 apart on a 60-wide range, limits 2 either side, two phases
    y = 100 + rng.normal(0, 0.3, 30)
    y[5] = 160
    d = pd.DataFrame({"m": MONTHS, "y": y})
    return qi.spc(d, y="y", x="m", chart="i", target=100.5, phase=["2022-01-01"])


@pytest.mark.parametrize("kind", ["cl_target", "all_four", "phases"])
@pytest.mark.parametrize("figsize", [None, (6, 3.2)])
def test_close_labels_never_overlap_and_stay_next_to_their_lines(kind, figsize):
    res = _near(kind)
    fig = res.plot(style="qicharts2", figsize=figsize)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    checked = 0
    for ax in (a for a in fig.axes if a.get_visible()):
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label_")]
        boxes = [t.get_window_extent(r) for t in labels]
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                b = boxes[j]
                assert not a.overlaps(b), (labels[i].get_text(), labels[j].get_text())
        panel = ax.get_window_extent(r)
        height = max(b.height for b in boxes)
        by_x = {}  # the labels of one phase (one may have slid left, clear of the data)
        for t, b in zip(labels, boxes, strict=True):
            phase = _value_at(res, ax, "phase", t.get_position()[0])
            by_x.setdefault(phase, []).append((t, b))
            assert panel.y0 - 1 <= b.y0 and b.y1 <= panel.y1 + 1, t.get_text()
        for group in by_x.values():
            k = len(group)
            for t, b in group:
                value = _value_at(res, ax, t.get_gid()[len("label_") :], t.get_position()[0])
                y_line = ax.transData.transform((0, value))[1]
                moved = abs((b.y0 + b.y1) / 2 - y_line)
                # a stack is centred on its lines: a label of a pair moves about half a label,
                # of four at most one and a half (labels are stacked 1.3 label heights apart)
                assert moved <= 1.3 * height * (k - 1) / 2 + 1.5, (t.get_text(), moved, height)
                checked += 1
    assert checked >= 3


def _value_at(res, ax, name, x):
    """The line's value at the label's x: the last point of that phase in this panel."""
    title = ax.get_title(loc="left")
    pts = res.points
    if "ward" in pts and title:
        pts = pts[pts.ward == title]
    xs = matplotlib.dates.date2num(pd.to_datetime(pts["month" if "month" in pts else "m"]))
    i = int(np.argmin(np.abs(xs - x)))
    return pts[name].iloc[i] if name == "phase" else float(pts[name].iloc[i])


def test_the_trial_labels_sit_either_side_of_their_lines():
    # CAS2: centre line 5.45 and target 5 are 0.45 apart; the labels straddle the pair
    fig = _near("cl_target").plot(style="qicharts2")
    fig.canvas.draw()
    ax = [a for a in fig.axes if a.get_visible()][1]
    assert ax.get_title(loc="left") == "CAS2"
    lab = {t.get_gid(): t.get_position()[1] for t in ax.texts if t.get_gid()}
    cl, target = 5.4508, 5.0
    assert lab["label_cl"] > cl and lab["label_target"] < target  # one above, one below
    # and equally far: the stack is centred on the two lines
    assert (lab["label_cl"] - cl) == pytest.approx(target - lab["label_target"], rel=0.02)


def test_stack_by_hand():
    # two labels 4 pt apart, 10 pt tall: 3 pt each way (centred), apart by exactly 10
    np.testing.assert_allclose(_stack(np.array([50.0, 54.0]), 10, 300), [47.0, 57.0])
    # far apart: unmoved; at the bottom edge: lifted inside; at the top: pushed down
    np.testing.assert_allclose(_stack(np.array([20.0, 200.0]), 10, 300), [20.0, 200.0])
    np.testing.assert_allclose(_stack(np.array([1.0, 2.0]), 10, 300), [5.0, 15.0])
    np.testing.assert_allclose(_stack(np.array([298.0, 299.0]), 10, 300), [285.0, 295.0])
    # a chain: the third joins the first two once they are spread
    np.testing.assert_allclose(_stack(np.array([100.0, 101, 108]), 10, 300), [93.0, 103, 113])


def test_labels_of_an_earlier_phase_cover_no_data_point_or_line():
    # new-user trial 5, item C5 (trial5/s18_trial4.py): BRI3 before and during a programme;
    # "31.6" sat on the data line and "52.4" by the last point of the first phase
    from qistats.plot.placement import hits, segments

    df = qi.datasets.restrictive_practice()
    b = df[df.ward == "BRI3"]
    b = b.assign(period=np.where(b.month < "2021-11-01", "Before", "Programme"))
    res = qi.spc(
        b, y="restraints", n="bed_days", x="month", chart="u", multiply=1000, phase="period"
    )
    for dpi in (80, 100):
        fig = res.plot(style="qicharts2")
        fig.set_dpi(dpi)
        fig.canvas.draw()
        r = fig.canvas.get_renderer()
        ax = fig.axes[0]
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label_")]
        earlier = [t for t in labels if t.get_horizontalalignment() == "right"]
        assert {t.get_text() for t in earlier} == {"52.4", "31.6", "10.7"}
        segs, radius = segments(ax, only=("values_line", "values", "special_cause"))
        assert len(segs) > 40 and radius > 0
        end = matplotlib.dates.date2num(pd.Timestamp("2021-10-01"))
        for t in earlier:
            box = t.get_window_extent(r)
            grown = np.array([[box.x0 - radius, box.y0 - radius, box.x1 + radius, box.y1 + radius]])
            assert not hits(grown, segs)[0], f"{t.get_text()} covers the data at {dpi} dpi"
            # still labelling the first phase: right of its middle, at or left of its end
            x = t.get_position()[0]
            assert end - 200 < x <= end + 1e-9, t.get_text()
        boxes = [t.get_window_extent(r) for t in labels]
        for i, a in enumerate(boxes):
            for other in boxes[i + 1 :]:
                assert not a.overlaps(other)
        matplotlib.pyplot.close(fig)


def _marker_boxes(ax):
    """The drawn box of every data marker (display pixels)."""
    boxes = []
    for line in ax.lines:
        if line.get_gid() in ("values", "special_cause", "excluded"):
            half = line.get_markersize() / 2 * ax.figure.dpi / 72
            xy = ax.transData.transform(np.asarray(line.get_xydata(), dtype=float))
            for px, py in xy[np.isfinite(xy).all(axis=1)]:
                boxes.append((px - half, py - half, px + half, py + half))
    return np.array(boxes)


@pytest.mark.parametrize("wards", [4, 12])
def test_phase_labels_cover_no_data_marker_and_the_target_is_labelled_once(wards):
    # trial 12 D3: three phases, MDC rules, a target of 12: "6.94" covered a point of CAS1,
    # and "12" was labelled in the middle of every phase, over the data line
    df = qi.datasets.restrictive_practice()
    chosen = ["ASH1", "CAS1", "BRI3", "BRI5"] if wards == 4 else sorted(df.ward.unique())[:12]
    d = df[df.ward.isin(chosen)]
    d = d.assign(
        phase=np.where(
            d.month < "2021-10-01", "Before", np.where(d.month < "2023-01-01", "Year 1", "Sustain")
        )
    )
    res = qi.spc(
        d, y="restraints", n="bed_days", x="month", by="ward", chart="u", multiply=1000,
        phase="phase", rules="mdc", improvement="decrease", target=12,
    )  # fmt: skip
    fig = res.plot(style="qicharts2")
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    shown = 0
    for ax in [a for a in fig.axes if a.get_visible()]:
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label_")]
        visible = [t for t in labels if t.get_visible()]
        assert [t.get_text() for t in labels if t.get_gid() == "label_target"] == ["12"]
        marks = _marker_boxes(ax)
        assert len(marks) >= 40
        boxes = [t.get_window_extent(r) for t in visible]
        for t, b in zip(visible, boxes, strict=True):
            covered = (
                (marks[:, 0] < b.x1)
                & (marks[:, 2] > b.x0)
                & (marks[:, 1] < b.y1)
                & (marks[:, 3] > b.y0)
            )
            assert not covered.any(), f"{ax.get_title(loc='left')}: {t.get_text()} covers a point"
        for i, a in enumerate(boxes):
            for other in boxes[i + 1 :]:
                assert not a.overlaps(other)
        shown += len(visible)
        total = len(labels)
    # 3 phases × (lcl, cl, ucl) + the target: at most one in ten left out for want of room
    assert shown >= 0.9 * 10 * wards, (shown, total)
