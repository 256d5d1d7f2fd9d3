"""Board.plot's sharey=, title=, legend=; one target rule per measure; a "no data" panel
leaves the x range alone (trial 6b C1, C9, C10, C12). Checked on what is drawn."""

import warnings

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def panels(fig):
    return [a for a in fig.axes if a.get_visible() and a.get_gid() is None and a.lines]


def assert_header_clear(fig):
    """The title and subtitle overlap no panel nor its titles (the free-scale note overlapped
    the first panel's title when it was decided after the page was laid out; trial 13)."""
    renderer = fig.canvas.get_renderer()
    for t in [t for t in fig.texts if t.get_gid() in ("title", "subtitle")]:
        box = t.get_window_extent(renderer)
        for a in panels(fig):
            for part in (a, a.title, a._left_title):
                assert not box.overlaps(part.get_window_extent(renderer)), (t.get_text(), a)


def fig_texts(fig, gid):
    return [t.get_text() for t in fig.texts if t.get_gid() == gid]


@pytest.fixture(scope="module")
def ae_board():
    ae = qi.datasets.ae_attendances()
    measures = pd.DataFrame(
        {"measure": ["breaches"], "name": ["Four-hour breaches"], "improvement": ["decrease"]}
    )
    return qi.board(ae.assign(measure="breaches"), measures, x="month", y="breaches", by="org_code")


def test_england_beside_its_trusts_gets_free_y_and_says_so(ae_board):
    fig = ae_board.plot()
    tops = {a.get_title(loc="left").split("\n")[0]: a.get_ylim()[1] for a in panels(fig)}
    ae = qi.datasets.ae_attendances()
    for org, top in tops.items():  # each panel's top is near its own largest value
        largest = ae.loc[ae.org_code == org, "breaches"].max()
        assert largest < top < 2 * largest, (org, top, largest)
    assert fig_texts(fig, "title") == ["Four-hour breaches"]
    (note,) = fig_texts(fig, "subtitle")
    assert "own y scale" in note and "tenfold" in note
    assert_header_clear(fig)


def test_sharey_true_puts_every_group_on_one_scale(ae_board):
    fig = ae_board.plot(sharey=True, title="Breaches", subtitle="All types")
    lims = {a.get_ylim() for a in panels(fig)}
    assert len(lims) == 1
    assert lims.pop()[1] > qi.datasets.ae_attendances().breaches.max()
    assert fig_texts(fig, "title") == ["Breaches"] and fig_texts(fig, "subtitle") == ["All types"]


def test_groups_of_like_size_share_y_by_default(ae_board):
    fig = ae_board.plot(measure="breaches")
    trusts = [a for a in panels(fig) if not a.get_title(loc="left").startswith("England")]
    assert len(trusts) == 4
    rows = ae_board.table()
    assert len(rows) == 5
    ae = qi.datasets.ae_attendances()
    trusts_only = qi.board(
        ae[ae.org_code != "England"].assign(measure="b"),
        pd.DataFrame({"measure": ["b"]}),
        x="month",
        y="breaches",
        by="org_code",
    )
    fig = trusts_only.plot()
    assert len({a.get_ylim() for a in panels(fig)}) == 1  # 300 to 6,000: under tenfold
    assert fig_texts(fig, "subtitle") == []
    free = trusts_only.plot(sharey=False)
    assert len({a.get_ylim() for a in panels(free)}) == 4


def test_one_panel_has_a_legend_and_a_readable_title():
    ae = qi.datasets.ae_attendances()
    b = qi.board(
        ae[ae.org_code == "RJZ"].assign(measure="four_hour_breaches"),
        pd.DataFrame({"measure": ["four_hour_breaches"], "improvement": ["decrease"]}),
        x="month",
        y="breaches",
    )
    fig = b.plot()
    (ax,) = panels(fig)
    assert ax.get_title(loc="left") == "four hour breaches"  # the id in words
    (leg,) = fig.legends
    labels = [t.get_text() for t in leg.get_texts()]
    assert {"mean", "process limits"} <= set(labels)
    assert fig_texts(fig, "title") == []
    titled = b.plot(title="RJZ: four-hour breaches", legend=False)
    assert titled.legends == [] and fig_texts(titled, "title") == ["RJZ: four-hour breaches"]
    assert panels(titled)[0].get_title(loc="left") == "four hour breaches"


def target_shown(a):
    """Whether the panel draws its target line inside its y range (else an edge note)."""
    (line,) = [ln for ln in a.lines if ln.get_gid() == "target"]
    y = np.asarray(line.get_ydata(), dtype=float)
    lo, hi = a.get_ylim()
    inside = bool(((y >= lo) & (y <= hi)).any())
    noted = any(t.get_gid() == "target_off_axis" for t in a.texts)
    assert inside != noted
    return inside


@pytest.mark.parametrize("south", [300.0, 60.0])
def test_a_far_target_is_decided_once_per_measure(south):
    # North on its own would mark target 5 at the edge (5 is far below 470 ± 15); South on
    # its own draws it (60 ± 20, or its data span reaches it): one picture per measure
    rng = np.random.default_rng(3)
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    data = pd.DataFrame(
        {
            "measure": "pu",
            "org": np.repeat(["North", "South"], 24),
            "month": np.tile(months, 2),
            "value": np.r_[rng.normal(470, 15, 24), rng.normal(south, south / 3, 24)],
        }
    )
    other = data.assign(measure="falls")
    measures = pd.DataFrame(
        {"measure": ["pu", "falls"], "target": [5, None], "improvement": ["decrease"] * 2}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = qi.board(pd.concat([data, other]), measures, x="month", y="value", by="org").plot()
    pu = [a for a in panels(fig) if any(ln.get_gid() == "target" for ln in a.lines)]
    assert len(pu) == 2
    assert len({target_shown(a) for a in pu}) == 1
    alone = [
        qi.spc(
            data[data.org == o], y="value", x="month", chart="xmr", target=5, improvement="decrease"
        ).plot()
        for o in ("North", "South")
    ]
    per_panel = [target_shown(panels(f)[0]) for f in alone]
    if south == 300.0:
        assert per_panel == [False, True]  # the case the rule per measure settles


def test_a_no_data_panel_does_not_stretch_the_x_range():
    df = qi.datasets.restrictive_practice()
    d = df[df.ward.isin(["ASH1", "BRI3", "CAS1"])]
    data = pd.concat([d.assign(measure="r"), d[d.ward != "CAS1"].assign(measure="s")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        b = qi.board(
            data,
            pd.DataFrame({"measure": ["r", "s"]}),
            x="month",
            y="restraints",
            by="ward",
            expected="all",
        )
        fig = b.plot()
    first = mdates.date2num(d.month.min())
    last = mdates.date2num(d.month.max())
    axes = [a for a in fig.axes if a.get_visible() and a.get_gid() is None]
    assert len(axes) == 6
    for a in axes:
        lo, hi = a.get_xlim()
        assert first - 120 < lo <= first and last <= hi < last + 120, a.get_title(loc="left")
        if any(t.get_gid() == "no_data" for t in a.texts):
            assert len([t for t in a.get_xticklabels() if t.get_text()]) >= 1


def test_each_measures_wards_share_a_scale_on_a_board_of_several_measures():
    # new-user trial 13 F9: on a board of two measures over three wards, one measure's wards
    # were drawn on 87.5-98 % and 82-100 % side by side; a reader compares the panels of one
    # measure, so they share a range by default (different measures never do), and a measure
    # whose wards differ more than tenfold keeps free ranges and is named in the subtitle
    rng = np.random.default_rng(13)
    months = pd.date_range("2023-01-01", periods=18, freq="MS")
    level = {
        ("fill", "A"): 93,
        ("fill", "B"): 90,
        ("fill", "C"): 96,
        ("calls", "A"): 20,
        ("calls", "B"): 400,
        ("calls", "C"): 45,
    }
    d = pd.DataFrame(
        [
            {"measure": m, "ward": w, "month": t, "y": v + rng.normal(0, v / 40)}
            for (m, w), v in level.items()
            for t in months
        ]
    )
    measures = pd.DataFrame(
        {"measure": ["fill", "calls"], "name": ["Nurse fill rate", "Calls answered"]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = qi.board(d, measures, x="month", y="y", by="ward")
        fig = report.plot()
    by_measure = {}
    for a in panels(fig):
        by_measure.setdefault(a.get_title(loc="left").split("\n")[0], []).append(a.get_ylim())
    fill, calls = by_measure["Nurse fill rate"], by_measure["Calls answered"]
    assert len(fill) == len(calls) == 3
    assert len(set(fill)) == 1  # one scale for the three wards' fill rates
    lo, hi = fill[0]
    assert lo < d.loc[d.measure == "fill", "y"].min() and hi > d.loc[d.measure == "fill", "y"].max()
    assert len(set(calls)) == 3  # 20 beside 400: free, and said
    (note,) = fig_texts(fig, "subtitle")
    assert note.startswith("The panels of Calls answered each have their own y scale")
    assert_header_clear(fig)
    free = report.plot(sharey=False)
    by_measure = {}
    for a in panels(free):
        by_measure.setdefault(a.get_title(loc="left").split("\n")[0], set()).add(a.get_ylim())
    assert len(by_measure["Nurse fill rate"]) == 3
