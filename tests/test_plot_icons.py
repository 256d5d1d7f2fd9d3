"""The Making Data Count icons: inline SVG (no matplotlib needed) and the matplotlib drawing."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import qistats as qi

SVG = "{http://www.w3.org/2000/svg}"
# what each icon must show, from the MDC icon set: ring colour, letter, coloured dots
EXPECTED = {
    "common_cause": ("#A6A6A6", None, 7),  # all grey
    "improvement_high": ("#00B0F0", "H", 3),
    "improvement_low": ("#00B0F0", "L", 3),
    "concern_high": ("#E46C0A", "H", 3),
    "concern_low": ("#E46C0A", "L", 3),
    "neutral_high": ("#490092", "H", 3),
    "neutral_low": ("#490092", "L", 3),
    "pass": ("#00B0F0", "P", 0),
    "fail": ("#E46C0A", "F", 0),
    "hit_or_miss": ("#A6A6A6", "?", 0),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_icon_svg_is_a_ring_with_dots_and_a_letter(name):
    ring, letter, coloured = EXPECTED[name]
    root = ET.fromstring(qi.plot.icon_svg(name, size=40))
    assert root.tag == f"{SVG}svg" and root.get("width") == "40"
    assert root.find(f"{SVG}title").text  # says what it means
    circles = root.findall(f"{SVG}circle")
    assert circles[0].get("stroke") == ring and circles[0].get("fill") == "white"
    dots = circles[1:]
    variation = name not in ("pass", "fail", "hit_or_miss")
    assert len(dots) == (7 if variation else 0)
    assert sum(d.get("fill") == ring for d in dots) == coloured
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert texts == ([letter] if letter else [])
    if name.endswith(("_high", "_low")):
        # the coloured dots end higher (SVG y points down) for H, lower for L
        ys = [float(d.get("cy")) for d in dots]
        assert (ys[-1] < ys[0]) == name.endswith("_high")


def test_every_variation_and_assurance_value_has_an_icon():
    df = qi.datasets.restrictive_practice(n_trusts=2)
    res = qi.spc(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        chart="u",
        rules="mdc",
        improvement="decrease",
        target=12,
    )
    summ = res.summary()
    names = set(summ.variation.astype(str)) | set(summ.assurance.dropna().astype(str))
    assert names <= set(qi.plot.ICON_NAMES)


def test_icon_svg_rejects_unknown_names_and_sizes():
    with pytest.raises(qi.ArgumentError, match="icon name='high'"):
        qi.plot.icon_svg("high")
    with pytest.raises(qi.ArgumentError, match="size=0"):
        qi.plot.icon_svg("pass", size=0)


def test_icon_drawn_by_matplotlib_has_the_same_parts():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    fig, ax = plt.subplots(figsize=(2, 2), dpi=100)
    icon = qi.plot.draw_icon(ax, "concern_high", (0.5, 0.5), size=36, gid="icon")
    assert icon.get_gid() == "icon" and icon in ax.artists
    assert icon.get_label() == qi.plot.icon_label("concern_high")
    edges = [to_hex(c, keep_alpha=True) for c in icon.get_edgecolors()]
    faces = [to_hex(c, keep_alpha=True) for c in icon.get_facecolors()]
    assert edges[0] == "#e46c0aff" and faces[0] == "#ffffffff"  # the ring
    # a ring, the run of seven dots (line and dots) and the letter H: 10 outlines
    assert len(icon.get_paths()) == 10
    assert faces.count("#e46c0aff") == 3 + 1  # three coloured dots and the letter
    fig.canvas.draw()
    box = icon.get_window_extent(fig.canvas.get_renderer())
    centre = ax.transAxes.transform((0.5, 0.5))
    # the ring (radius 43 in the 100-unit box, as in the SVG) of a 36-point icon at 100 dpi
    assert box.width == pytest.approx(0.86 * 36 * 100 / 72, abs=1)
    assert (box.x0 + box.x1) / 2 == pytest.approx(centre[0], abs=1)
    assert (box.y0 + box.y1) / 2 == pytest.approx(centre[1], abs=1)
    with pytest.raises(qi.ArgumentError, match="icon name='nope'"):
        qi.plot.draw_icon(ax, "nope")
    plt.close(fig)


def test_a_figure_with_icons_pickles_and_draws_the_same_after():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import pickle

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
    qi.plot.draw_icon(ax, "improvement_low", size=40, gid="icon")
    again = pickle.loads(pickle.dumps(fig))
    (icon,) = [a for a in again.axes[0].artists if a.get_gid() == "icon"]
    assert icon.get_label() == qi.plot.icon_label("improvement_low")
    fig.canvas.draw()
    again.canvas.draw()
    before = np.asarray(fig.canvas.buffer_rgba())
    after = np.asarray(again.canvas.buffer_rgba())
    assert np.array_equal(before, after)
    plt.close(fig)
    plt.close(again)
