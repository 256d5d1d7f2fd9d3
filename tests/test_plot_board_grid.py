"""Board grids of many panels with long measure names (new-user trial 5, item C1): every panel
title is inside the figure and clear of the other panels and their tick labels, at 16 panels
(the layout engine) and at 40 (rows laid out from the measured titles and tick labels)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

#: The trial's ten measures (trial5/s26_board40.py), three of them titled on three lines.
NAMES = [
    "Falls with harm per 1,000 occupied bed days (inpatient wards)",
    "Pressure ulcers category 2+",
    "C. difficile infections (hospital onset)",
    "MRSA bacteraemia",
    "Staff sickness absence rate",
    "Vacancy rate (registered nurses)",
    "Patients seen within 4 hours",
    "Complaints responded to within 25 working days",
    "Restrictive interventions",
    "Medication errors with harm",
]
UNITS = ["per 1,000", "count", "count", "count", "%", "%", "%", "%", "count", "count"]


def _board(n_measures, trusts=("North", "South", "East", "West")):
    rng = np.random.default_rng(6)
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    rows = [
        pd.DataFrame(
            {"measure": f"m{i}", "org": t, "month": months, "value": rng.poisson(50 + i, 24) * 1.0}
        )
        for i in range(n_measures)
        for t in trusts
    ]
    measures = pd.DataFrame(
        {
            "measure": [f"m{i}" for i in range(n_measures)],
            "name": NAMES[:n_measures],
            "unit": UNITS[:n_measures],
            "improvement": ["decrease"] * n_measures,
        }
    )
    return qi.board(pd.concat(rows), measures, x="month", y="value", by="org")


@pytest.mark.parametrize("n_measures", [4, 10])  # 16 and 40 panels
def test_every_title_is_inside_the_figure_and_clear_of_other_panels_and_tick_labels(n_measures):
    fig = _board(n_measures).plot()
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 4 * n_measures
    page = fig.bbox
    titles = [a._left_title for a in panels]
    # some titles have three lines or more (a name on up to three, then the group)
    assert max(t.get_text().count("\n") for t in titles) >= 2
    ticks = [
        [t.get_window_extent(r) for t in a.get_xticklabels() + a.get_yticklabels() if t.get_text()]
        for a in panels
    ]
    assert all(len(t) >= 4 for t in ticks)  # every panel has its own date and value labels
    for i, (a, title) in enumerate(zip(panels, titles, strict=True)):
        box = title.get_window_extent(r)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, title.get_text()
        assert page.y0 <= box.y0 and box.y1 <= page.y1, title.get_text()
        for j, other in enumerate(panels):
            if j == i:
                continue
            assert not box.overlaps(other.get_window_extent(r)), (title.get_text(), j)
            hit = [t for t in ticks[j] if box.overlaps(t)]
            assert not hit, f"{title.get_text()!r} over the tick labels of panel {j}: {hit}"
        assert not box.overlaps(a.get_window_extent(r))  # above its own panel
    # the panels of a row are level, and rows keep a height of at least a third of their share
    heights = [a.get_window_extent(r).height for a in panels]
    assert min(heights) > page.height / (n_measures * 3), heights


def test_many_panels_make_the_grid_of_spc_plots_within_a_24_inch_page():
    # trial 12 D6: one measure over 49 wards made 4 columns × 13 flat rows (17.4 × 24 in);
    # the SPC plot of the same wards is 7 × 7
    df = qi.datasets.restrictive_practice()
    data = df.assign(measure="restraints")
    measures = pd.DataFrame(
        {"measure": ["restraints"], "name": ["Restraints"], "unit": ["per 1,000 bed days"],
         "improvement": ["decrease"], "multiply": [1000], "chart": ["u"]}
    )  # fmt: skip
    report = qi.board(data, measures, x="month", y="restraints", n="bed_days", by="ward")
    fig = report.plot()
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 49
    columns = {round(a.get_position().x0, 3) for a in panels}
    rows = {round(a.get_position().y0, 3) for a in panels}
    assert (len(rows), len(columns)) == (7, 7)
    w, h = fig.get_size_inches()
    assert w <= 24 and h <= 24 and w >= 20 and h >= 18, (w, h)
    # a few panels keep the board's wide panels: 3 make 2 × 2, 12 make 3 rows of 4
    for n_measures, shape in ((1, (2, 2)), (3, (3, 4))):
        fig = _board(
            n_measures, trusts=("North", "South", "East", "West")[: 3 if n_measures == 1 else 4]
        ).plot()
        panels = [a for a in fig.axes if a.get_visible()]
        got = (
            len({round(a.get_position().y0, 3) for a in panels}),
            len({round(a.get_position().x0, 3) for a in panels}),
        )
        assert got == shape, (len(panels), got)
