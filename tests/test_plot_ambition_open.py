"""Projection intervals that reach past the panel's edge, or have no end (open-ended, from
Fieller's set when the slope is not clearly non-zero), are drawn to the edge with an arrowhead
and labelled; the O/E panels have legend entries. Expected extents come from the summary's
dates and the axis range, not from the drawing code."""

import warnings

import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402

from .test_plot import artists  # noqa: E402
from .test_plot_ambition import KW  # noqa: E402

# in the bundled data with a 30 % reduction (checked below, from the summary):
OPEN_RIGHT, OPEN_LEFT, OPEN_BOTH = "ASH1", "DUN1", "EAS1"  # open-ended projections
PAST_EDGE, INSIDE = "BRI5", "BRI3"  # bounded; the first ends after the axis
# ASH1 and EAS1 have too few events to judge (insufficient_data), so their panels draw no
# projection (trial 17 #9); judged wards with the same open ends, for the drawing:
# HAR5 as of Jun 2023 with a 50 % reduction (no upper bound; with 40 % it has neither once the
# target's own uncertainty is in the projected date's interval), DUN1 with a 50 % one (neither)
DRAWN = {OPEN_RIGHT: ("HAR5", -0.5, "2023-06-01"), OPEN_BOTH: ("DUN1", -0.5, None)}


def _ambition(change, as_of=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extra = {} if as_of is None else {"as_of": as_of}
        return qi.ambition(qi.datasets.restrictive_practice(), change=change, **KW, **extra)


@pytest.fixture(scope="module")
def amb():
    return _ambition(-0.3)


@pytest.fixture(scope="module")
def summ(amb):
    return amb.summary().set_index("ward")


def num(value) -> float | None:
    return None if pd.isna(value) else float(mdates.date2num(pd.Timestamp(value)))


def drawn(ax, gid):
    return [ln for ln in ax.lines if ln.get_gid() == gid]


def test_the_cases_are_what_their_names_say(summ):
    assert pd.isna(summ.loc[OPEN_LEFT, "projected_lower"])
    assert pd.notna(summ.loc[OPEN_LEFT, "projected_upper"])
    assert (summ.loc[[PAST_EDGE, INSIDE], "projection"] == "projected").all()
    # ASH1 and EAS1 cannot be judged: since session 18 the summary withholds their dates as
    # the plot does; their judged stand-ins have the open ends
    for ward in (OPEN_RIGHT, OPEN_BOTH):
        assert summ.loc[ward, "verdict"] == "insufficient_data"
        assert summ.loc[ward, "projection"] == "not_projected"
        assert summ.loc[ward, ["projected_date", "projected_lower", "projected_upper"]].isna().all()
    for ward, (stand_in, change, as_of) in DRAWN.items():
        s = _ambition(change, as_of).summary().set_index("ward").loc[stand_in]
        assert s.projection == "open_ended" and pd.notna(s.projected_date)
        assert pd.isna(s.projected_upper)  # no end: "(or never)"
        assert pd.isna(s.projected_lower) == (ward == OPEN_BOTH)  # "(any time)": neither


@pytest.mark.parametrize(
    "ward, heads, suffix",
    [
        (OPEN_RIGHT, [">"], " (or never)"),
        (OPEN_LEFT, ["<"], " (or earlier)"),
        (OPEN_BOTH, ["<", ">"], " (any time)"),
        (PAST_EDGE, [">"], ""),
        (INSIDE, [], ""),
    ],
)
def test_an_interval_is_drawn_to_the_edge_with_an_arrowhead_where_it_goes_on(
    amb, summ, ward, heads, suffix
):
    if ward in DRAWN:
        ward, change, as_of = DRAWN[ward]
        amb = _ambition(change, as_of)
        summ = amb.summary().set_index("ward")
        assert summ.loc[ward, "verdict"] in ("met", "on_track")
        assert summ.loc[ward, "projection"] == "open_ended"
        assert [pd.isna(summ.loc[ward, c]) for c in ("projected_lower", "projected_upper")] == [
            "<" in heads,
            ">" in heads,
        ]
    fig = amb.plot(series=[ward])
    (ax,) = [a for a in fig.axes if a.get_gid() == "ambition"]
    left, right = ax.get_xlim()
    s = summ.loc[ward]
    lo, hi = num(s.projected_lower), num(s.projected_upper)
    (line,) = drawn(ax, "projection")
    xs, ys = line.get_data()
    assert list(ys) == [s.target_value] * 2  # on the target line
    assert xs[0] == pytest.approx(left if lo is None else max(lo, left))
    assert xs[1] == pytest.approx(right if hi is None else min(hi, right))
    arrows = drawn(ax, "projection_continues")
    assert sorted(a.get_marker() for a in arrows) == sorted(heads)
    for a in arrows:  # at the edge the interval goes past
        assert a.get_xdata()[0] == (left if a.get_marker() == "<" else right)
        assert a.get_ydata()[0] == s.target_value
    (label,) = [t for t in ax.texts if (t.get_gid() or "").startswith("projection")]
    date = pd.Timestamp(s.projected_date).strftime("%b %Y")
    assert label.get_text() == date + suffix
    assert len(drawn(ax, "projection_point")) == 1  # the date itself is on the axis


def legend_texts(fig) -> list[str]:
    (legend,) = fig.legends
    return [t.get_text() for t in legend.get_texts()]


def test_the_legend_explains_the_arrowhead_only_when_one_is_drawn(amb):
    words = "interval goes on past the panel's edge (or has no end)"
    assert words in legend_texts(amb.plot(series=[OPEN_LEFT, INSIDE]))
    assert words not in legend_texts(amb.plot(series=[INSIDE]))


def test_the_oe_panels_have_legend_entries(amb):
    fig = amb.plot(series=[OPEN_RIGHT, INSIDE], oe=True)
    texts = legend_texts(fig)
    assert "observed ÷ expected events to date, with interval (lower panels)" in texts
    assert "on the trajectory (observed ÷ expected = 1; below 1 = ahead of it)" in texts
    assert len(artists(fig, "oe")) == 2 and len(artists(fig, "on_trajectory")) == 2
    assert not any("observed ÷ expected" in t for t in legend_texts(amb.plot(series=[INSIDE])))
