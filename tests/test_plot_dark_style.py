"""Charts drawn under a dark matplotlib style (``plt.style.use("dark_background")``) can be read:
every line, marker, legend key and text stands out from the background by the WCAG contrast
ratio (computed here from the drawn colours), in both styles and in SPC, board, ambition and
funnel plots; on the default light background the Making Data Count colours are kept (trial 13:
the mean line and its legend key were black on black, the tick labels dark grey)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

WARDS = ["BRI3", "ASH1", "KIN5", "ASH3"]
#: WCAG 2.1: 4.5 for text, 3 for graphical objects (lines and markers).
TEXT_RATIO, GRAPHIC_RATIO = 4.5, 3.0


def luminance(colour):
    """WCAG relative luminance of an sRGB colour."""
    rgb = np.array(to_rgba(colour)[:3])
    lin = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(a, b):
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def data():
    rp = qi.datasets.restrictive_practice()
    return rp[rp.ward.isin(WARDS)]


def spc(data, improvement="decrease"):
    target = {} if improvement is None else {"target": 8}
    return qi.spc(
        data,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        chart="u",
        multiply=1000,
        rules="mdc",
        improvement=improvement,
        freeze=12,
        **target,
    )


def board():
    ae = qi.datasets.ae_attendances().assign(within_4h=lambda d: d.attendances - d.breaches)
    d = ae.melt(
        id_vars=["org_code", "month", "attendances"],
        value_vars=["within_4h", "breaches"],
        var_name="measure",
        value_name="value",
    )
    d["n"] = d.attendances.where(d.measure == "within_4h")
    measures = pd.DataFrame(
        {
            "measure": ["within_4h", "breaches"],
            "name": ["Seen within 4 hours", "Four-hour breaches"],
            "unit": ["%", "patients"],
            "improvement": ["increase", "decrease"],
            "target": [95, None],
            "multiply": [100, 1],
            "uses_n": [True, False],
        }
    )
    return qi.board(d, measures, x="month", y="value", n="n", by="org_code")


def ambition(data):
    return qi.ambition(
        data,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        multiply=1000,
        change=-0.5,
        baseline=("2020-04-01", "2021-03-01"),
        deadline="2024-03-01",
    )


def funnel():
    return qi.funnel(
        qi.datasets.restrictive_practice(),
        y="restraints",
        n="bed_days",
        unit="ward",
        kind="rate",
        multiply=1000,
        x="month",
        period=("2023-04-01", "2024-03-01"),
    )


def charts(data):
    """Each chart kind, drawn in the style in force: (name, figure)."""
    res, amb, fun = spc(data), ambition(data), funnel()
    yield "spc mdc", res.plot(label_limits=True)
    yield "spc qicharts2", res.plot(style="qicharts2")
    yield "spc neither", spc(data, improvement=None).plot(series="BRI3")
    yield "board", board().plot()
    yield "board qicharts2", board().plot(style="qicharts2")
    yield "ambition", amb.plot()
    yield "ambition overview", amb.plot(view="overview")
    yield "funnel", fun.plot()
    fig, axs = plt.subplots(1, 3, figsize=(15, 4.5))
    res.plot(ax=axs[0], series="BRI3")
    amb.plot(ax=axs[1], series="ASH1")
    fun.plot(ax=axs[2])
    yield "caller's axes", fig


def backdrop(ax):
    face = to_rgba(ax.get_facecolor())
    return face if face[3] > 0.5 else to_rgba(ax.figure.get_facecolor())


def unreadable(fig):
    """What stands out too little from what it is drawn on: (what, colour, ratio)."""
    bad = []
    paper = to_rgba(fig.get_facecolor())
    fig.canvas.draw()
    for ax in [a for a in fig.axes if a.get_visible()]:
        back = backdrop(ax)
        for line in ax.lines:
            if not line.get_visible() or line.get_gid() == "grid":
                continue
            if line.get_linestyle() not in ("None", "none", ""):
                colours = [line.get_color()]
            else:
                colours = [line.get_markerfacecolor(), line.get_markeredgecolor()]
            ratio = max(contrast(c, back) for c in colours)
            if ratio < GRAPHIC_RATIO:
                bad.append((f"line {line.get_gid()}", colours, round(ratio, 2)))
        ticks = [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
        for t in ticks:
            if contrast(t.get_color(), back) < TEXT_RATIO:
                bad.append((f"tick label {t.get_text()!r}", t.get_color(), None))
                break
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip() or t in _ticklabels(fig):
            continue
        patch = t.get_bbox_patch()
        on = patch.get_facecolor() if patch is not None else None
        plain = (to_hex(paper), to_hex(backdrop(t.axes or fig.axes[0])))
        if on is not None and to_rgba(on)[3] >= 0.5 and to_hex(on) not in plain:
            continue  # a coloured badge ("met"): white on its colour, in any style
        ratio = contrast(t.get_color(), on if on is not None else paper)
        if ratio < TEXT_RATIO:
            bad.append((f"text {t.get_text()[:30]!r}", to_hex(t.get_color()), round(ratio, 2)))
    for legend in [*fig.legends, *(a.get_legend() for a in fig.axes if a.get_legend())]:
        frame = legend.get_frame()
        on = frame.get_facecolor() if legend.get_frame_on() else paper
        for h in legend.legend_handles:
            if not isinstance(h, Line2D):
                continue  # fills (shading, bands) are meant to be faint
            if h.get_linestyle() not in ("None", "none", ""):
                colours = [h.get_color()]
            else:
                colours = [h.get_markerfacecolor(), h.get_markeredgecolor()]
            ratio = max(contrast(c, on) for c in colours)
            if ratio < GRAPHIC_RATIO:
                bad.append((f"legend key {h.get_label()!r}", colours, round(ratio, 2)))
    return bad


def _ticklabels(fig):
    return {t for a in fig.axes for t in a.get_xticklabels() + a.get_yticklabels()}


def test_every_line_key_and_text_can_be_read_on_a_dark_style(data):
    with plt.style.context("dark_background"):
        for name, fig in charts(data):
            assert to_hex(fig.get_facecolor()) == "#000000"
            assert unreadable(fig) == [], name
            plt.close(fig)


def test_the_mean_line_and_its_key_are_light_on_a_dark_style(data):
    with plt.style.context("dark_background"):
        fig = spc(data).plot()
        (key,) = [h for h in fig.legends[0].legend_handles if h.get_label() == "mean"]
        lines = [ln for a in fig.axes for ln in a.lines if ln.get_gid() == "cl"]
        ticks = [t for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert lines and ticks
    for colour in [key.get_color(), *(ln.get_color() for ln in lines)]:
        assert contrast(colour, "black") >= 15, colour
    for t in ticks:
        assert contrast(t.get_color(), "black") >= 10, t.get_text()


def test_the_light_style_keeps_the_making_data_count_colours(data):
    fig = spc(data).plot(title="Restraints")
    (key,) = [h for h in fig.legends[0].legend_handles if h.get_label() == "mean"]
    assert to_hex(key.get_color()) == qi.plot.MDC_COLOURS["mean"].lower() == "#000000"
    lines = [ln for a in fig.axes for ln in a.lines if ln.get_gid() == "cl"]
    assert {to_hex(ln.get_color()) for ln in lines} == {"#000000"}
    ticks = [t for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert {to_hex(t.get_color()) for t in ticks} == {"#333333"}
    (title,) = [t for t in fig.texts if t.get_gid() == "title"]
    assert title.get_color() == "#231F20"
    fun = funnel().plot()
    (target,) = [ln for ln in fun.axes[0].lines if ln.get_gid() == "target"]
    assert to_hex(target.get_color()) == "#000000"
    qic = spc(data).plot(style="qicharts2")
    labels = [t for t in qic.axes[0].texts if str(t.get_gid()).startswith("label_")]
    assert labels and {to_hex(t.get_color()) for t in labels} == {"#333333"}
