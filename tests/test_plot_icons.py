"""The Making Data Count icons: inline SVG (no matplotlib needed) and the matplotlib drawing."""

import xml.etree.ElementTree as ET

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

    fig, ax = plt.subplots()
    box = qi.plot.draw_icon(ax, "concern_high", (0.5, 0.5), gid="icon")
    kids = box.offsetbox.get_children()
    circles = [k for k in kids if type(k).__name__ == "Circle"]
    assert to_hex(circles[0].get_edgecolor()) == "#e46c0a"
    assert sum(to_hex(c.get_facecolor()) == "#e46c0a" for c in circles[1:]) == 3
    assert [k.get_text() for k in kids if type(k).__name__ == "Text"] == ["H"]
    assert box.get_gid() == "icon" and box in ax.artists
    plt.close(fig)
