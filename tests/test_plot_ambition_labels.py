"""The ambition plot, read off the drawn figure: the y axis names the measure, every projected
date is labelled clear of the lines, points and panel edge (renderer bounding boxes), a date
beyond the axis has no diamond and says so, and the panels share the x range."""

import dataclasses
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.ambition import Ambition, AmbitionDefinition

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from .test_plot import artists  # noqa: E402
from .test_plot_ambition import KW  # noqa: E402


@pytest.fixture(scope="module")
def df():
    return qi.datasets.restrictive_practice()


@pytest.fixture(scope="module")
def amb(df):
    return qi.ambition(df, change=-0.3, **KW)


@pytest.fixture(scope="module")
def beyond(df):
    """Data to Sep 2022, deadline Dec 2022: CAS3 and DUN2 are projected after the axis ends."""
    short = df[df.month <= "2022-09-01"]
    return qi.ambition(short, change=-0.6, **{**KW, "deadline": "2022-12-01"})


def panels(fig):
    return [a for a in fig.get_axes() if a.get_gid() == "ambition"]


# ------------------------------------------------------------------------ the y axis


def test_the_definition_carries_the_columns_and_old_definitions_still_work(amb):
    d = amb.definition
    assert (d.y, d.n, d.x) == ("restraints", "bed_days", "month")
    fields = [f.name for f in dataclasses.fields(AmbitionDefinition)]
    # appended, with defaults (then calendar, improvement): positional calls still work
    assert fields[-5:] == ["y", "n", "x", "calendar", "improvement"]
    old = AmbitionDefinition(*[getattr(d, f) for f in fields[:-5]])
    assert (old.y, old.n, old.x) == (None, None, None)
    other = Ambition(amb.summary(), amb.periods, amb._pool, old, amb._chart_args)
    fig = other.plot(series="BRI3")  # a definition without the columns: no label, no error
    assert panels(fig)[0].get_ylabel() == ""


def test_the_y_axis_names_the_measure_and_its_unit(amb, df):
    fig = amb.plot(series=["BRI3", "ASH2", "GRE5"])
    assert fig._supylabel.get_text() == "restraints per 1,000 bed days"
    one = amb.plot(series="BRI3")
    assert panels(one)[0].get_ylabel() == "restraints per 1,000 bed days"
    assert panels(amb.plot(series="BRI3", ylabel="Restraints"))[0].get_ylabel() == "Restraints"
    grid = amb.plot(series=["BRI3", "ASH2"], ylabel="")
    assert grid._supylabel is None or grid._supylabel.get_text() == ""
    per_day = qi.ambition(df, change=-0.3, **{**KW, "multiply": 1})
    assert panels(per_day.plot(series="BRI3"))[0].get_ylabel() == "restraints per bed days"
    safety = qi.datasets.sexual_safety()
    prop = qi.ambition(
        safety,
        y="felt_safe",
        n="asked",
        x="month",
        by="trust",
        baseline=("2021-04-01", "2022-03-01"),
        change=0.1,
        deadline="2024-03-01",
        kind="proportion",
    )
    ax = panels(prop.plot(series=safety.trust.iloc[0]))[0]
    assert ax.get_ylabel() == "felt safe / asked"
    assert ax.yaxis.get_major_formatter()(0.8, 0) == "80%"  # the unit is on the ticks


def test_with_oe_the_measure_labels_the_upper_panels_and_oe_explains_itself(amb):
    fig = amb.plot(series=["BRI3", "ASH2", "GRE5", "KIN5"], ncols=2, oe=True)
    tops = panels(fig)
    oes = [a for a in fig.get_axes() if a.get_gid() == "oe_panel"]
    measure = "restraints per 1,000 bed days"
    # first column; wrapped to fit its panel's height (trial 7 C9)
    assert [" ".join(a.get_ylabel().split()) for a in tops] == [measure, "", measure, ""]
    labels = [" ".join(a.get_ylabel().split()) for a in oes]
    assert labels[1] == labels[3] == ""  # second column: the row's label is on its left
    assert labels[0] == labels[2] == "observed ÷ expected"  # how to read it: in the legend


# ------------------------------------------------------------------ projection labels


def _obstacle_points(ax):
    """Points every 0.5 px along each line of the panel (display coordinates), and the radius
    of its markers: an independent check of the placement (no clipping algebra)."""
    pts, radius = [], 0.0
    for line in ax.lines:
        if line.get_gid() == "grid" or not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        if line.get_marker() not in ("None", "none", "", None):
            radius = max(radius, line.get_markersize() / 2 * ax.figure.dpi / 72)
            pts.append(xy[np.isfinite(xy).all(axis=1)])
        if line.get_linestyle() in ("None", "none", ""):
            continue
        for a, b in itertools.pairwise(xy):
            if np.isfinite(a).all() and np.isfinite(b).all():
                k = int(np.hypot(*(b - a)) * 2) + 2
                pts.append(a + (b - a) * np.linspace(0, 1, k)[:, None])
    return np.concatenate(pts), radius


def _check_clear(fig, ax, label):
    renderer = fig.canvas.get_renderer()
    box = Text.get_window_extent(label, renderer)  # the words, not the leader line
    frame = ax.get_window_extent(renderer)
    in_row = label.get_gid().endswith("_title_row")
    if not in_row:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, (label.get_text(), box, frame)
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, (label.get_text(), box, frame)
    pts, radius = _obstacle_points(ax)
    inside = (
        (pts[:, 0] > box.x0 - radius)
        & (pts[:, 0] < box.x1 + radius)
        & (pts[:, 1] > box.y0 - radius)
        & (pts[:, 1] < box.y1 + radius)
    )
    assert not inside.any(), f"{label.get_text()!r} covers {pts[inside][:3]}"
    others = [ax._left_title, *[t for t in ax.texts if t is not label]]
    for t in others:
        if t.get_text():
            assert not box.overlaps(t.get_window_extent(renderer)), (label.get_text(), t)


SIX = ["ASH1", "ASH2", "ASH3", "BRI1", "BRI2", "BRI3"]


@pytest.mark.parametrize("series", [["BRI3"], SIX, None])
def test_every_projected_date_is_labelled_clear_of_the_data(amb, series):
    fig = amb.plot(series=series)
    fig.canvas.draw()
    summ = amb.summary().set_index("ward")
    wards = series or list(summ.index)
    projected = 0
    for ward, ax in zip(wards, panels(fig), strict=True):
        s = summ.loc[ward]
        points = [ln for ln in ax.lines if ln.get_gid() == "projection_point"]
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("projection")]
        # no projection for a ward that cannot be judged (insufficient data; trial 17 #9)
        if s.projection not in ("projected", "open_ended") or s.verdict == "insufficient_data":
            assert points == [] and labels == []
            continue
        projected += 1
        (label,) = labels
        assert len(points) == 1  # the data's dates all lie on the axis
        date = pd.Timestamp(s.projected_date).strftime("%b %Y")
        assert label.get_text().startswith(date)  # open-ended ones say so after the date
        _check_clear(fig, ax, label)
    drawn = summ.loc[wards].projection.isin(["projected", "open_ended"])
    drawn &= summ.loc[wards].verdict != "insufficient_data"
    assert projected == drawn.sum() > 0


def test_a_date_beyond_the_axis_has_no_diamond_and_says_so(beyond):
    summ = beyond.summary().set_index("ward")
    assert summ.loc["CAS3", "projected_date"] > pd.Timestamp("2023-01-01")  # after the axis
    fig = beyond.plot(series=["CAS3", "DUN2", "BRI3"])
    fig.canvas.draw()
    for ward, ax in zip(["CAS3", "DUN2", "BRI3"], panels(fig), strict=True):
        when = mdates.date2num(pd.Timestamp(summ.loc[ward, "projected_date"]).to_datetime64())
        date = pd.Timestamp(summ.loc[ward, "projected_date"]).strftime("%b %Y")
        (label,) = [t for t in ax.texts if (t.get_gid() or "").startswith("projection")]
        points = [ln for ln in ax.lines if ln.get_gid() == "projection_point"]
        if when > ax.get_xlim()[1]:
            assert points == []
            assert label.get_text() == f"projected {date} →"
        else:
            assert len(points) == 1 and label.get_text() == date
        _check_clear(fig, ax, label)
    assert artists(fig, "projection_beyond")  # at least one of the three is beyond


def test_wards_without_data_or_baseline_say_so(df):
    late = df[~((df.ward == "ASH2") & (df.month < "2021-09-01"))].astype({"restraints": float})
    late.loc[late.ward == "ASH1", "restraints"] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the BaselineWarnings of the two wards
        a = qi.ambition(late, change=-0.3, **KW)
    fig = a.plot(series=["ASH1", "ASH2", "BRI3"])
    fig.canvas.draw()
    empty, opener, _ = panels(fig)
    assert [t.get_text() for t in empty.texts if t.get_gid() == "no_data"] == ["no data"]
    (note,) = [t for t in opener.texts if (t.get_gid() or "").startswith("note")]
    assert note.get_text() == "no data in the baseline:\nno target"
    _check_clear(fig, opener, note)
    assert [ln for ln in opener.lines if ln.get_gid() == "target"] == []


# --------------------------------------------------------------------- shared ranges


@pytest.mark.parametrize(("sharey", "oe"), [(True, False), (False, False), (True, True)])
def test_panels_share_the_x_range_and_by_default_the_y_range(df, sharey, oe):
    late = df[~((df.ward == "BRI3") & (df.month < "2020-10-01"))]  # a late opener
    late = late[~((late.ward == "GRE5") & (late.month > "2023-06-01"))]  # and an early closer
    a = qi.ambition(late, change=-0.3, **KW)
    wards = ["ASH1", "BRI3", "GRE5", "KIN5", "LON3"]
    fig = a.plot(series=wards, ncols=3, sharey=sharey, oe=oe)
    fig.canvas.draw()
    tops = panels(fig)
    every = tops + [ax for ax in fig.get_axes() if ax.get_gid() == "oe_panel"]
    assert len(every) == (10 if oe else 5)
    xlims = {tuple(np.round(ax.get_xlim(), 6)) for ax in every}
    assert len(xlims) == 1, xlims
    ((lo, hi),) = xlims
    first = mdates.date2num(np.datetime64("2020-04-01"))
    deadline = mdates.date2num(np.datetime64("2024-03-01"))
    assert lo < first and hi > deadline  # every series' data and the deadline
    labelled = [ax for ax in every if [t for t in ax.get_xticklabels() if t.get_text()]]
    assert len(labelled) >= 3
    ticks = {tuple(ax.get_xticks()) for ax in labelled}
    assert len(ticks) == 1  # the same dates under every column
    ylims = {ax.get_ylim() for ax in tops}
    if sharey:
        assert len(ylims) == 1
    else:
        assert len(ylims) == 5
        top = max(np.nanmax(ln.get_ydata()) for ln in tops[0].lines if ln.get_gid() == "values")
        assert tops[0].get_ylim()[1] < 1.2 * top  # ASH1 on its own scale


def test_box_and_segment_test_against_hand_cases():
    from qistats.plot.placement import hits

    box = np.array([[0.0, 0.0, 10.0, 10.0]])
    cases = [
        ((-5, 5, 15, 5), True),  # straight through
        ((-5, -5, -1, 20), False),  # beside it
        ((-1, 9, 1, 12), False),  # past the corner: y = 10.5 at x = 0
        ((-1, 9, 1, 10), True),  # y = 9.5 at x = 0: clips the corner
        ((5, 5, 5, 5), True),  # a marker inside
        ((11, 5, 11, 5), False),  # a marker outside
        ((2, 2, 3, 3), True),  # wholly inside
    ]
    for seg, expected in cases:
        assert hits(box, np.array([seg], dtype=float))[0] == expected, seg
