"""A chart drawn into the caller's own axes (``ax=``, one series of a ``by`` result) says which
series it is, and its title stays within its axes, clear of the icons and the verdict badge:
checked on the drawn figure with the renderer's bounding boxes (trial 13 F1)."""

import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

WARDS = ["BRI3", "ASH1", "KIN5"]


@pytest.fixture(scope="module")
def df():
    data = qi.datasets.restrictive_practice()
    return data[data.ward.isin(WARDS)]


def overlaps(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def line_boxes(title, renderer):
    """The box of each line of a multi-line title: the block's height shared equally, each
    line's width measured alone in the title's font."""
    from matplotlib.text import Text

    box = title.get_window_extent(renderer)
    lines = title.get_text().split("\n")
    step = box.height / len(lines)
    out = []
    for i, text in enumerate(lines):
        probe = Text(0, 0, text, figure=title.figure, fontproperties=title.get_fontproperties())
        width = probe.get_window_extent(renderer).width
        top = box.y1 - i * step
        out.append(Bbox([[box.x0, top - step], [box.x0 + width, top]]))
    return out


def check_titles(fig, axes, names):
    """Each axes' title names its series, fits its axes and covers no icon, badge or other
    title."""
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    boxes = []
    for a, name in zip(axes, names, strict=True):
        title = a._left_title
        assert name in title.get_text().split("\n"), (name, title.get_text())
        box, frame = title.get_window_extent(r), a.get_window_extent(r)
        assert box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1, (name, title.get_text())
        marks = [
            c.get_window_extent(r)
            for c in a.get_children()
            if str(c.get_gid()).startswith("icon_") or c.get_gid() == "verdict"
        ]
        # line by line: the lines above the icons or badge may run the axes' width
        for line in line_boxes(title, r):
            assert not any(overlaps(line, m) for m in marks), (name, title.get_text())
        boxes.append(box)
    for i, b in enumerate(boxes):
        assert not any(overlaps(b, c) for c in boxes[i + 1 :])


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_spc_series_in_the_callers_axes_is_named(df, style):
    res = qi.spc(
        df, y="restraints", n="bed_days", x="month", by="ward", chart="u", multiply=1000,
        rules="mdc", improvement="decrease", target=10,
    )  # fmt: skip
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.5))
    for a, w in zip(axes, WARDS, strict=True):
        res.plot(ax=a, series=w, style=style)
    check_titles(fig, axes, WARDS)
    words = axes[0]._left_title.get_text().replace("\n", " ")
    assert words == "U chart of restraints per 1,000 bed days BRI3"  # wrapped to the axes
    plt.close(fig)


def test_ambition_series_in_the_callers_axes_is_named_and_clear_of_its_badge(df):
    amb = qi.ambition(
        df, y="restraints", n="bed_days", x="month", by="ward",
        baseline=("2020-04-01", "2021-03-01"), change=-0.5, deadline="2024-03-01",
        multiply=1000,
    )  # fmt: skip
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for a, w in zip(axes, WARDS, strict=True):
        amb.plot(ax=a, series=w)
    check_titles(fig, axes, WARDS)
    assert all([c for c in a.texts if c.get_gid() == "verdict"] for a in axes)
    plt.close(fig)


def test_ambition_title_in_narrow_axes_uses_their_width_and_labels_stay_inside():
    # new-user trial 13 F8: every line of the title was wrapped to the width left of the
    # badge, so "insufficient data" made a six-line title (the badge sits beside the bottom
    # line only), and ASH1's "Jan 2024 (or never)" ran past the axes' right edge
    data = qi.datasets.restrictive_practice()
    wards = ["ASH1", "ASH2", "ASH3"]
    amb = qi.ambition(
        data[data.ward.isin(wards)], y="restraints", n="bed_days", x="month", by="ward",
        baseline=("2020-04-01", "2021-03-01"), change=-0.5, deadline="2024-03-01",
        multiply=1000,
    )  # fmt: skip
    assert amb.summary().set_index("ward").verdict["ASH1"] == "insufficient_data"
    fig, axes = plt.subplots(1, 3, figsize=(14, 4), layout="constrained")
    for a, w in zip(axes, wards, strict=True):
        amb.plot(ax=a, series=w)
    check_titles(fig, axes, wards)
    r = fig.canvas.get_renderer()
    lines = [len(a._left_title.get_text().split("\n")) for a in axes]
    # the title (87 characters) in 3 lines at most at these widths, and the ward: 4 or fewer
    assert max(lines) <= 4 and len(set(lines)) == 1, lines
    labels = [t for a in axes for t in a.texts if str(t.get_gid()).startswith("projection")]
    assert labels
    for t in labels:
        box, frame = t.get_window_extent(r), t.axes.get_window_extent(r)
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, (t.get_text(), box, frame)
    plt.close(fig)


@pytest.mark.filterwarnings("ignore::qistats.OverdispersionWarning")  # 3-5 wards a trust
def test_funnel_group_in_the_callers_axes_keeps_its_name_and_phi():
    df = qi.datasets.restrictive_practice()
    res = qi.funnel(
        df, y="restraints", n="bed_days", unit="ward", x="month", multiply=1000, kind="rate",
        by="trust", period=("2023-04-01", "2024-03-01"),
    )  # fmt: skip
    trusts = ["Brindley", "Ashford Vale"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for a, t in zip(axes, trusts, strict=True):
        res.plot(ax=a, series=t, legend=False)
    fig.draw_without_rendering()
    for a, t in zip(axes, trusts, strict=True):
        lines = a._left_title.get_text().split("\n")
        assert any(line.startswith(f"{t}: φ = ") for line in lines), lines
    plt.close(fig)


def test_the_callers_own_title_stays_without_a_title_and_a_title_is_not_repeated(df):
    one = qi.spc(df[df.ward == "BRI3"], y="restraints", n="bed_days", x="month", chart="u")
    fig, (left, right) = plt.subplots(1, 2)
    left.set_title("Mine", loc="left")
    one.plot(ax=left, title="")
    assert left.get_title(loc="left") == "Mine"
    res = qi.spc(df, y="restraints", n="bed_days", x="month", by="ward", chart="u")
    res.plot(ax=right, series="BRI3", title="BRI3 restraints")
    assert right.get_title(loc="left") == "BRI3 restraints"
    plt.close(fig)


@pytest.mark.filterwarnings("ignore::qistats.OverdispersionWarning")
@pytest.mark.parametrize("kind", ["spc_mdc", "spc_qicharts2", "ambition", "funnel"])
def test_into_a_figure_made_without_pyplot(df, kind):
    # matplotlib's advice for web apps: Figure(), no pyplot; its base canvas has no renderer,
    # and measuring titles and labels raised AttributeError (trial 13)
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    if kind.startswith("spc"):
        res = qi.spc(
            df, y="restraints", n="bed_days", x="month", by="ward", chart="u", multiply=1000,
            target=10,
        )  # fmt: skip
        res.plot(ax=ax, series="BRI3", style=kind[4:], label_limits=True)
    elif kind == "ambition":
        qi.ambition(
            df, y="restraints", n="bed_days", x="month", by="ward",
            baseline=("2020-04-01", "2021-03-01"), change=-0.5, deadline="2024-03-01",
            multiply=1000,
        ).plot(ax=ax, series="BRI3")  # fmt: skip
    else:
        qi.funnel(
            qi.datasets.restrictive_practice(), y="restraints", n="bed_days", unit="ward",
            x="month", multiply=1000, kind="rate", period=("2023-04-01", "2024-03-01"),
        ).plot(ax=ax)  # fmt: skip
    fig.savefig(io.BytesIO(), format="png")
    assert ax.get_title(loc="left")
