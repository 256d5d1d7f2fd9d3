"""The ambition grid against issue #9's list, read off the drawn figure: the title, the y label
and the legend never overlap a panel (2, 5, 12 and 49 wards), nothing is clipped, and numbers
from a thousandth to a million are written plainly."""

import re

import numpy as np
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

KW = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.3,
    deadline="2024-03-01",
)


@pytest.fixture(scope="module")
def df():
    return qi.datasets.restrictive_practice()


@pytest.fixture(scope="module")
def amb(df):
    return qi.ambition(df, multiply=1000, **KW)


def overlaps(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize(("n", "oe"), [(2, False), (5, False), (12, False), (49, False), (5, True)])
def test_title_labels_and_legend_never_overlap_a_panel(amb, n, oe):
    wards = list(amb.summary().ward[:n])
    fig = amb.plot(series=wards, subtitle="All wards, monthly", oe=oe)
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    assert fig.get_size_inches()[0] <= 24 and fig.get_size_inches()[1] <= 24
    (title,) = [t for t in fig.texts if t.get_gid() == "title"]
    (subtitle,) = [t for t in fig.texts if t.get_gid() == "subtitle"]
    boxes = {"title": title.get_window_extent(r), "subtitle": subtitle.get_window_extent(r)}
    boxes["legend"] = fig.legends[0].get_window_extent(r)
    if not oe:
        boxes["ylabel"] = fig._supylabel.get_window_extent(r)
    axes = [a for a in fig.get_axes() if a.get_gid() in ("ambition", "oe_panel")]
    assert len(axes) == n * (2 if oe else 1)
    page = fig.bbox
    for a in axes:
        tight = a.get_tightbbox(r)  # panel, ward name, verdict, labels, ticks
        hit = [k for k, b in boxes.items() if overlaps(tight, b)]
        assert not hit, (a.get_title(loc="left"), hit)
        assert tight.x0 >= page.x0 - 1 and tight.x1 <= page.x1 + 1, a.get_title(loc="left")
        assert tight.y0 >= page.y0 - 1 and tight.y1 <= page.y1 + 1, a.get_title(loc="left")
    for b in boxes.values():
        assert page.x0 - 1 <= b.x0 and b.x1 <= page.x1 + 1 and b.y1 <= page.y1 + 1
    windows = [a.get_window_extent(r) for a in axes]
    for i, a in enumerate(windows):
        assert not any(overlaps(a, b) for b in windows[i + 1 :])


@pytest.mark.parametrize("multiply", [0.1, 1e8])
def test_no_scientific_notation_from_a_thousandth_to_a_million(df, multiply):
    amb = qi.ambition(df, multiply=multiply, **KW)  # rates about 0.0012 or 1,200,000
    level = amb.summary().baseline_value.median()
    assert 0.0005 < level < 0.005 if multiply < 1 else 5e5 < level < 5e6
    for fig in (amb.plot(series=["BRI3", "GRE5"]), amb.plot(series="BRI3", oe=True)):
        fig.draw_without_rendering()
        texts = []
        for ax in fig.get_axes():
            texts += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
            texts += [t.get_text() for t in ax.texts]
            assert ax.yaxis.get_offset_text().get_text() == ""
        numbers = [t for t in texts if re.search(r"\d", t)]
        assert len(numbers) >= 8, numbers
        bad = [t for t in texts if re.search(r"\de[+-]?\d|×10", t)]
        assert not bad, bad
    ticks = [t.get_text() for t in fig.get_axes()[0].get_yticklabels() if t.get_text()]
    values = [float(t.replace(",", "")) for t in ticks]
    assert np.all(np.diff(values) > 0)  # plain numbers that read back in order


@pytest.mark.parametrize(("figsize", "dpi"), [(None, 70), (None, 100), ((6, 9), 50)])
def test_overview_of_49_wards_keeps_every_text_inside_the_figure(df, figsize, dpi):
    # new-user trial 5, item C2: saved at 70 dpi the title ended "…by Mar 202" at the right
    # edge (text drawn at a low dpi is a few % wider than measured at the figure's 100 dpi)
    amb = qi.ambition(df, multiply=1000, **{**KW, "change": -0.5}, as_of="2023-06-01")
    fig = amb.plot(view="overview", figsize=figsize)
    fig.set_dpi(dpi)  # as savefig(dpi=...) draws it
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    title = next(t for t in fig.texts if t.get_gid() == "title")
    assert title.get_text().replace("\n", " ").endswith("by Mar 2024; verdicts as of Jun 2023")
    lo, hi = sorted(fig.axes[0].get_xlim())
    ticks = [t for t in fig.axes[0].get_xticklabels() if lo <= t.get_position()[0] <= hi]
    texts = [*fig.texts, *ticks, *(t for a in fig.axes for t in a.get_yticklabels())]
    texts = [t for t in texts if t.get_visible() and t.get_text()]
    assert len(texts) > 2 * 49  # ward names and verdicts
    page = fig.bbox
    for t in texts:
        box = t.get_window_extent(r)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, (t.get_text(), box, page)
        assert page.y0 <= box.y0 and box.y1 <= page.y1, (t.get_text(), box, page)
