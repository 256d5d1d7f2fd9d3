"""The ambition grid as drawn (trial 7 C9): the legend right under the panels (a band of
about half an inch was left empty between them), and with ``oe=True`` the y labels of a
row's rate panel and O/E panel each beside its own panel, never over each other. Measured on
the drawn figure: bounding boxes in pixels."""

import matplotlib
import pytest

import qistats as qi

matplotlib.use("Agg")

KW = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
)


@pytest.fixture(scope="module")
def df():
    return qi.datasets.restrictive_practice()


def _drawn(fig):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


@pytest.mark.parametrize("oe", [False, True])
def test_the_legend_sits_right_under_the_panels(df, oe):
    import matplotlib.pyplot as plt

    four = df[df.ward.isin(["ASH3", "CAS2", "GRE2", "HAR5"])]
    fig = qi.ambition(four, **KW).plot(ncols=2, oe=oe)
    r = _drawn(fig)
    legend = fig.legends[0].get_window_extent(r)
    lowest = min(a.get_tightbbox(r).y0 for a in fig.axes if a.get_visible())
    gap_in = (lowest - legend.y1) / fig.dpi
    plt.close(fig)
    # the legend's 8 rows are 1.55 in high (matplotlib); 0.24 in a row was reserved, which
    # left 0.46 in (0.56 in with O/E panels) empty between the panels and the legend
    assert 0.05 <= gap_in <= 0.25, f"gap between the panels and the legend: {gap_in:.2f} in"


def _y_labels(fig):
    return [a for a in fig.axes if a.get_visible() and a.yaxis.label.get_text()]


@pytest.mark.parametrize(
    ("wards", "grid"),
    [
        (21, {"ncols": 7}),  # as the trial's 49 wards: rows of 7, laid out row by row
        (8, {"ncols": 4, "figsize": (14, 6)}),  # a short figure, in the layout engine
    ],
)
def test_oe_grid_y_labels_never_overlap(df, wards, grid):
    import matplotlib.pyplot as plt

    names = sorted(df.ward.unique())[:wards]
    amb = qi.ambition(df[df.ward.isin(names)], as_of="2023-03-01", **KW)
    fig = amb.plot(oe=True, **grid)
    r = _drawn(fig)
    axes = _y_labels(fig)
    boxes = [a.yaxis.label.get_window_extent(r) for a in axes]
    texts = [" ".join(a.yaxis.label.get_text().split()) for a in axes]
    overlaps = [
        (texts[i], texts[j])
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]
    outside = [
        t
        for a, b, t in zip(axes, boxes, texts, strict=True)
        if b.y0 < a.get_window_extent(r).y0 - 1 or b.y1 > a.get_window_extent(r).y1 + 1
    ]
    left = min(b.x0 for b in boxes)
    plt.close(fig)
    rows = -(-wards // grid.get("ncols", 7))
    assert len(boxes) == 2 * rows, texts  # a label per row for each kind of panel
    assert not overlaps, f"{len(overlaps)} overlapping pairs of y labels, e.g. {overlaps[0]}"
    assert not outside, f"labels beyond their panel's height: {outside[:2]}"
    assert left >= 0, "a y label is cut at the figure's left edge"
    assert "restraints per 1,000 bed days" in texts
    assert any(t.startswith("observed ÷ expected") for t in texts)
