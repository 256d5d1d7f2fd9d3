"""Chart readability: percent axes of ratios, long titles, colliding limit labels, quarter
ticks, "no value" markers, funnel labels."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _ae(multiply=100, chart="xmr"):
    rng = np.random.default_rng(17)
    att = rng.integers(6000, 7500, 24)
    return qi.spc(
        pd.DataFrame(
            {
                "month": pd.date_range("2022-04-01", periods=24, freq="MS"),
                "value": rng.binomial(att, 0.72),
                "n": att,
            }
        ),
        y="value",
        n="n",
        x="month",
        chart=chart,
        multiply=multiply,
    )


def test_a_ratio_times_100_on_an_xmr_chart_is_shown_in_percent():
    res = _ae()
    assert res.title == "XmR chart of value / n (%)"
    fig = res.plot()
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    # 72 % of attendances: ticks like "72%", as a board shows a measure with multiply 100
    assert ticks and all(t.endswith("%") for t in ticks)
    assert 60 < float(ticks[len(ticks) // 2].rstrip("%")) < 85
    assert ax.get_ylabel() == "value / n"
    # a U chart times 100 stays a rate per 100
    u = _ae(chart="u")
    assert u.title == "U chart of value per 100 n"
    assert u.plot().axes[0].get_ylabel() == "value per 100 n"
    # multiply 1000 on an XmR chart of a ratio is no percentage either
    assert _ae(multiply=1000).plot().axes[0].get_ylabel() == "value per 1,000 n"


def _boxes_overlap(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_a_funnel_of_few_units_names_every_unit_by_default():
    # five wards, none an outlier (rates 5 to 7 per 1,000 bed days, 2,000 to 8,000 bed days)
    d = pd.DataFrame(
        {
            "ward": ["Ash", "Birch", "Cedar", "Elm", "Fir"],
            "y": [12, 30, 45, 14, 40],
            "n": [2000, 5000, 7500, 2400, 6900],
        }
    )
    res = qi.funnel(d, y="y", n="n", unit="ward", kind="rate", multiply=1000, adjust=False)
    assert not res.units["outlier"].any()
    fig = res.plot()
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    names = [t for t in fig.axes[0].texts if t.get_gid() == "unit_label"]
    assert sorted(t.get_text() for t in names) == ["Ash", "Birch", "Cedar", "Elm", "Fir"]
    boxes = [t.get_window_extent(r) for t in names]
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert not [t for t in res.plot(labels="outliers").axes[0].texts if t.get_gid() == "unit_label"]
    # eleven units: only the outliers, as FunnelPlotR (none here)
    many = pd.DataFrame({"ward": [f"W{i:02d}" for i in range(11)], "y": 20, "n": 4000})
    big = qi.funnel(many, y="y", n="n", unit="ward", kind="rate", multiply=1000)
    assert not [t for t in big.plot().axes[0].texts if t.get_gid() == "unit_label"]


def test_qicharts2_labels_of_a_target_on_the_lower_limit_are_one_label():
    # C. diff: a C chart of 0 to 3 cases a month, lower limit 0 (clamped), target 0
    cases = [0, 0, 1, 3, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0]
    d = pd.DataFrame({"month": pd.date_range("2022-04-01", periods=24, freq="MS"), "c": cases})
    with pytest.warns(qi.RareEventsWarning):
        res = qi.spc(d, y="c", x="month", chart="c", target=0)
    assert res.summary().lcl[0] == 0
    fig = res.plot(style="qicharts2")
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label_")]
    shown = sorted(t.get_text() for t in labels if t.get_visible())
    # centre line 0.458 (11 / 24), upper limit 0.458 + 3 √0.458 = 2.49, one "0"
    assert shown == ["0", "0.458", "2.49"]
    boxes = [t.get_window_extent(r) for t in labels if t.get_visible()]
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    # a target of 1 is labelled on its own
    with pytest.warns(qi.RareEventsWarning):
        one = qi.spc(d, y="c", x="month", chart="c", target=1).plot(style="qicharts2")
    assert sorted(
        t.get_text() for t in one.axes[0].texts if (t.get_gid() or "").startswith("label_")
    ) == ["0", "0.458", "1", "2.49"]


def _tick_texts(fig):
    fig.canvas.draw()
    return [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]


def test_quarterly_dates_are_ticked_as_quarters_as_periods_are():
    rng = np.random.default_rng(3)
    y = np.round(rng.normal(101, 3, 12), 1)
    starts = pd.date_range("2021-04-01", periods=12, freq="QS-APR")
    ticks = _tick_texts(qi.spc(pd.DataFrame({"q": starts, "y": y}), y="y", x="q").plot())
    # a quarter dated 1 Apr 2021 is Apr–Jun 2021, as the board's table names it
    assert ticks[0] == "Apr–Jun 2021"
    assert len(ticks) > 2 and all(t[:7] in ("Apr–Jun", "Oct–Dec") for t in ticks)
    periods = pd.period_range("2021Q2", periods=12, freq="Q")
    assert ticks == _tick_texts(qi.spc(pd.DataFrame({"q": periods, "y": y}), y="y", x="q").plot())
    # dated at their end: 30 Jun 2021 is Apr–Jun 2021 too
    ends = pd.date_range("2021-06-30", periods=12, freq="QE-MAR")
    assert ticks == _tick_texts(qi.spc(pd.DataFrame({"q": ends, "y": y}), y="y", x="q").plot())
    # a quarter across the new year
    dec = pd.date_range("2021-12-01", periods=12, freq="QS-DEC")
    assert _tick_texts(qi.spc(pd.DataFrame({"q": dec, "y": y}), y="y", x="q").plot())[0] == (
        "Dec 2021–Feb 2022"
    )


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_no_value_crosses_are_inside_the_panel_clear_of_the_tick_labels(style):
    rng = np.random.default_rng(8)
    y = rng.poisson(12, 24).astype(float)
    y[15] = np.nan  # Jul 2022 without a value
    d = pd.DataFrame({"month": pd.date_range("2021-04-01", periods=24, freq="MS"), "y": y})
    fig = qi.spc(d, y="y", x="month", chart="c").plot(style=style)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    ax = fig.axes[0]
    (cross,) = [ln for ln in ax.lines if ln.get_gid() == "missing"]
    box = cross.get_window_extent(r)
    frame = ax.get_window_extent(r)
    assert frame.y0 < box.y0 and box.y1 < frame.y1  # above the x axis, inside the panel
    assert frame.x0 < box.x0 and box.x1 < frame.x1
    ticks = [t.get_window_extent(r) for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and not any(_boxes_overlap(box, t) for t in ticks)


def test_a_long_series_name_wraps_before_it_is_cut_and_keeps_clear_of_the_icons():
    rng = np.random.default_rng(2)
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    sites = ["North Hospital (Royal Infirmary site)", "South Community & Mental Health Hospital"]
    d = pd.concat(
        pd.DataFrame({"site": s, "month": months, "y": rng.normal(70, 1, 24)}) for s in sites
    )
    res = qi.spc(d, y="y", x="month", by="site", chart="xmr", rules="mdc", improvement="increase")
    fig = res.plot(figsize=(6.0, 3.5))
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    for a, site in zip([a for a in fig.axes if a.get_visible()], sites, strict=True):
        title = a._left_title
        assert " ".join(title.get_text().split("\n")) == site  # every word, no "…"
        box = title.get_window_extent(r)
        icons = [
            c.get_window_extent(r) for c in a.get_children() if str(c.get_gid()).startswith("icon_")
        ]
        assert icons
        # at least 5 points between the title and the icons
        assert box.x1 + 5 * fig.dpi / 72 <= min(b.x0 for b in icons), title.get_text()
    assert "\n" in fig.axes[1]._left_title.get_text()  # the long one on two lines
