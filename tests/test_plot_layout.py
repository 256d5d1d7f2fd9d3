"""What a reader sees: titles above the panels, one legend, one y range, readable numbers and
dates, and errors (not TypeErrors) for bad plot arguments. Checked on the drawn figure with the
renderer's bounding boxes."""

import datetime as dt
import itertools
import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.plot.formatting import as_plot_x, number

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from .test_plot import artists  # noqa: E402


def wards(n, months=15, seed=1, scale=1.0):
    rng = np.random.default_rng(seed)
    x = pd.date_range("2022-04-01", periods=months, freq="MS")
    return pd.DataFrame(
        {
            "ward": np.repeat([f"Ward {i:02d}" for i in range(n)], months),
            "month": np.tile(x, n),
            "y": rng.normal(20, 3, n * months) * scale,
        }
    )


def panels(fig):
    return [a for a in fig.get_axes() if a.get_visible()]


def overlaps(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
@pytest.mark.parametrize("n", [2, 5, 12, 49])
def test_title_subtitle_and_legend_never_overlap_a_panel(n, style):
    res = qi.spc(wards(n), y="y", x="month", by="ward", chart="i", target=21)
    fig = res.plot(style=style, subtitle="Monthly, all wards", ylabel="events")
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    title = [t for t in fig.texts if t.get_gid() == "title"]
    subtitle = [t for t in fig.texts if t.get_gid() == "subtitle"]
    assert len(title) == 1 and len(subtitle) == 1
    assert len(fig.legends) == 1 and not any(a.get_legend() for a in fig.get_axes())
    boxes = [t.get_window_extent(r) for t in (*title, *subtitle)]
    boxes.append(fig.legends[0].get_window_extent(r))
    axes = panels(fig)
    assert len(axes) == n
    page = fig.bbox
    for a in axes:
        tight = a.get_tightbbox(r)  # the panel with its title, icons, ticks and labels
        assert not any(overlaps(tight, b) for b in boxes), a.get_title(loc="left")
        assert tight.x0 >= page.x0 - 1 and tight.x1 <= page.x1 + 1  # nothing clipped
        assert tight.y0 >= page.y0 - 1 and tight.y1 <= page.y1 + 1
    for b in boxes:
        assert b.x1 <= page.x1 + 1 and b.y1 <= page.y1 + 1
    # the panels of the grid are apart from one another
    for i, a in enumerate(axes):
        for b in axes[i + 1 :]:
            assert not overlaps(a.get_window_extent(r), b.get_window_extent(r))


def test_49_panels_make_7_by_7_within_a_24_inch_page():
    fig = qi.spc(wards(49, months=12), y="y", x="month", by="ward", chart="i").plot()
    w, h = fig.get_size_inches()
    assert w <= 24 and h <= 24
    columns = {round(a.get_position().x0, 3) for a in panels(fig)}
    rows = {round(a.get_position().y0, 3) for a in panels(fig)}
    assert len(columns) == 7 and len(rows) == 7
    fig4 = qi.spc(wards(6), y="y", x="month", by="ward", chart="i").plot(ncols=4, figsize=(12, 5))
    assert len({round(a.get_position().x0, 3) for a in panels(fig4)}) == 4
    assert tuple(fig4.get_size_inches()) == (12, 5)


def test_one_y_range_by_default_and_free_ranges_on_request():
    df = wards(4)
    df.loc[df.ward == "Ward 03", "y"] *= 10  # one ward on a much larger scale
    res = qi.spc(df, y="y", x="month", by="ward", chart="i")
    shared = {a.get_ylim() for a in panels(res.plot())}
    assert len(shared) == 1
    lo, hi = shared.pop()
    assert lo <= df.y.min() and hi >= df.y.max()
    free = [a.get_ylim() for a in panels(res.plot(sharey=False))]
    assert len(set(free)) == 4
    assert free[0][1] < df.y.max()  # a small ward is not squashed by the large one


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4432.7, "4,433"),
        (1_000_000, "1,000,000"),
        (15.24, "15.2"),
        (2.5, "2.5"),
        (0.001, "0.001"),
        (0.01234, "0.0123"),
        (0, "0"),
        (-3.456, "-3.46"),
        (0.953, "95.3%"),
    ],
)
def test_numbers_are_plain_and_rounded(value, text):
    assert number(value, percent_of=1 if text.endswith("%") else None) == text


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_no_scientific_notation_from_a_thousandth_to_a_million(style):
    for scale in (0.001, 0.05, 30, 4_000, 1e6):
        res = qi.spc(wards(1, scale=scale / 20), y="y", x="month", chart="i", target=scale)
        fig = res.plot(style=style, label_limits=True)
        fig.draw_without_rendering()
        ax = fig.get_axes()[0]
        texts = [t.get_text() for t in ax.get_yticklabels()]
        texts += [t.get_text() for t in ax.texts]
        texts.append(ax.yaxis.get_offset_text().get_text())
        assert ax.yaxis.get_offset_text().get_text() == ""
        labels = [t for t in texts if t]
        assert len(labels) >= 5, (scale, labels)
        bad = [t for t in labels if re.search(r"\de[+-]?\d|×10", t)]
        assert not bad, (scale, bad)
        plt.close(fig)
    # numbers on x (no dates): a count of cases from 100,000 to a million
    cases = pd.DataFrame({"case": np.arange(100_000, 1_000_001, 50_000), "y": np.arange(19.0)})
    fig = qi.spc(cases, y="y", x="case", chart="i").plot(style=style)
    fig.draw_without_rendering()
    ax = fig.get_axes()[0]
    xlabels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len(xlabels) >= 3 and ax.xaxis.get_offset_text().get_text() == ""
    assert not [t for t in xlabels if re.search(r"\de[+-]?\d|×10", t)], xlabels


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_target_is_drawn_in_both_styles(style):
    res = qi.spc(wards(2), y="y", x="month", by="ward", chart="i", target=18.5)
    fig = res.plot(style=style)
    lines = artists(fig, "target")
    assert len(lines) == 2
    for line in lines:
        y = np.asarray(line.get_ydata(), dtype=float)
        assert np.allclose(y[~np.isnan(y)], 18.5)


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_label_limits_labels_the_target_once_in_both_styles(style):
    # the docstring: "and the target once where its value ends"; the MDC style left it out
    res = qi.spc(
        wards(2), y="y", x="month", by="ward", chart="i", target=18.5, phase=["2022-11-01"]
    )
    fig = res.plot(style=style, label_limits=True)
    fig.draw_without_rendering()
    for ax in panels(fig):
        targets = [t.get_text() for t in ax.texts if t.get_gid() == "label_target"]
        assert targets == ["18.5"], (style, targets)
    plt.close(fig)


def test_percent_axis_stops_at_100_percent():
    rng = np.random.default_rng(3)
    n = rng.integers(400, 500, 24)
    df = pd.DataFrame(
        {
            "month": pd.date_range("2022-01-01", periods=24, freq="MS"),
            "n": n,
            "y": n - rng.binomial(n, 0.02),  # about 98 % within four hours
        }
    )
    for mult, top in ((1, 1.0), (100, 100.0)):
        res = qi.spc(
            df,
            y="y",
            n="n",
            x="month",
            chart="p",
            multiply=mult,
            improvement="increase",
            target=0.95 * mult,
        )
        fig = res.plot()
        ax = fig.get_axes()[0]
        assert ax.get_ylim()[1] <= top  # the icons are above the panel, not in headroom
        assert len(artists(fig, "icon_assurance")) == 1


def test_bad_plot_arguments_are_qistats_errors():
    res = qi.spc(wards(2), y="y", x="month", by="ward", chart="i")
    cases = [
        ({"colour": "red"}, "unknown argument colour"),
        ({"ncols": -1}, "ncols=-1"),
        ({"ncols": 1.5}, "ncols=1.5"),
        ({"figsize": (0, 0)}, r"figsize=\(0, 0\)"),
        ({"figsize": "big"}, "figsize='big'"),
        ({"series": []}, r"series=\[\]"),
        ({"series": ("Ward 00", "Ward 01")}, "pass a list"),
        ({"sharey": "yes"}, "sharey='yes'"),
        ({"title": 3}, "title=3"),
        ({"date_format": "month"}, "date_format='month'"),
        ({"percent": "yes"}, "percent='yes'"),
    ]
    for kwargs, message in cases:
        with pytest.raises(qi.QIStatsError, match=message):
            res.plot(**kwargs)


def test_excluded_points_hollow_and_baseline_marked():
    df = wards(1, months=30)
    res = qi.spc(df, y="y", x="month", chart="i", freeze=12, exclude=["2022-07-01"])
    mdc = res.plot()
    (hollow,) = artists(mdc, "excluded")
    assert len(hollow.get_xdata()) == 1
    assert to_hex(hollow.get_markerfacecolor()) == "#ffffff"
    (span,) = artists(mdc, "baseline")
    x0, x1 = span.get_x(), span.get_x() + span.get_width()
    first, twelfth = matplotlib.dates.date2num(df.month.iloc[[0, 11]].to_numpy())
    assert x0 < first < twelfth < x1 < matplotlib.dates.date2num(df.month.iloc[12])
    qic = res.plot(style="qicharts2")
    (freeze,) = artists(qic, "freeze")
    mid = (
        matplotlib.dates.date2num(df.month.iloc[11]) / 2
        + matplotlib.dates.date2num(df.month.iloc[12]) / 2
    )
    assert freeze.get_xdata()[0] == pytest.approx(mid)
    assert len(artists(qic, "excluded")) == 1


def test_a_series_without_data_says_so():
    df = wards(2)
    df.loc[df.ward == "Ward 01", "y"] = np.nan
    with pytest.warns(qi.NoDataWarning, match="Ward 01"):
        res = qi.spc(df, y="y", x="month", by="ward", chart="i")
    fig = res.plot()
    notes = artists(fig, "no_data")
    assert [t.get_text() for t in notes] == ["no data"]


def test_arrow_and_python_dates_are_drawn_as_dates():
    pa = pytest.importorskip("pyarrow")
    df = wards(2)
    df["month"] = df.month.astype(pd.ArrowDtype(pa.date32()))
    fig = qi.spc(df, y="y", x="month", by="ward", chart="i").plot()
    fig.draw_without_rendering()
    labels = [t.get_text() for t in panels(fig)[0].get_xticklabels()]
    assert labels and all(re.fullmatch(r"[A-Z][a-z]{2} \d{2,4}", t) for t in labels), labels
    dates = pd.Series([dt.date(2023, 1, 1), dt.date(2023, 2, 1)])
    assert as_plot_x(dates).dtype.kind == "M"


def test_month_names_for_monthly_data_and_days_for_weekly():
    monthly = qi.spc(wards(1, months=36), y="y", x="month", chart="i").plot()
    monthly.draw_without_rendering()
    labels = [t.get_text() for t in monthly.get_axes()[0].get_xticklabels()]
    assert len(labels) >= 4 and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t) for t in labels)
    weeks = pd.DataFrame(
        {"week": pd.date_range("2024-01-01", periods=20, freq="W-MON"), "y": np.arange(20.0)}
    )
    weekly = qi.spc(weeks, y="y", x="week", chart="i").plot()
    weekly.draw_without_rendering()
    labels = [t.get_text() for t in weekly.get_axes()[0].get_xticklabels()]
    # the year on the first tick (trial 5, item C6: a short weekly series named no year)
    # the day without a leading zero, as the board's table writes it (session 18)
    assert labels[0] == "1 Jan 2024" and re.fullmatch(r"[1-9]\d? [A-Z][a-z]{2}", labels[1])
    across = pd.DataFrame(
        {"week": pd.date_range("2024-11-04", periods=12, freq="W-MON"), "y": np.arange(12.0)}
    )
    fig = qi.spc(across, y="y", x="week", chart="i").plot()
    fig.draw_without_rendering()
    labels = [t.get_text() for t in fig.get_axes()[0].get_xticklabels()]
    years = [t for t in labels if re.search(r"\d{4}$", t)]
    assert years[0] == labels[0] == "4 Nov 2024" and len(years) == 2  # and the first of 2025
    assert years[1].endswith(" 2025")
    custom = qi.spc(weeks, y="y", x="week", chart="i").plot(date_format="%d/%m/%y")
    custom.draw_without_rendering()
    assert custom.get_axes()[0].get_xticklabels()[0].get_text() == "01/01/24"


def _tick_label_boxes(ax, renderer):
    return [
        t.get_window_extent(renderer)
        for t in ax.get_xticklabels()
        if t.get_visible() and t.get_text()
    ]


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
@pytest.mark.parametrize("chart", ["g", "t"])
@pytest.mark.parametrize("width", [3.0, 5.0, 9.0])
def test_g_and_t_chart_date_labels_do_not_overlap(chart, style, width):
    """Events come at irregular dates: the ticks are on an even calendar, so labels never
    run into each other (they did when every k-th event date was a tick)."""
    events = qi.datasets.incidents()
    y = {"g": "admissions_since", "t": "days_since"}[chart]
    res = qi.spc(events, y=y, x="date", chart=chart, freeze=24, improvement="increase")
    fig = res.plot(style=style, figsize=(width, 3.5))
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = _tick_label_boxes(fig.get_axes()[0], renderer)
    assert len(boxes) >= 2
    for a, b in itertools.pairwise(boxes):
        assert a.x1 < b.x0, f"labels overlap: {a} and {b}"
    ticks = fig.get_axes()[0].get_xticks()
    assert np.ptp(np.diff(ticks)) <= 31 * 12 * 0.02 + 3  # evenly spaced calendar ticks (days)


@pytest.mark.parametrize("n", [1, 12])
def test_monthly_and_weekly_date_labels_do_not_overlap(n):
    df = wards(n, months=100)
    weeks = wards(n, months=150).assign(
        month=lambda d: np.tile(pd.date_range("2020-01-06", periods=150, freq="W-MON"), n)
    )
    for data in (df, weeks):
        fig = qi.spc(data, y="y", x="month", by="ward", chart="i").plot(sharey=False)
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        for ax in panels(fig):
            boxes = _tick_label_boxes(ax, renderer)
            assert len(boxes) >= 2
            for a, b in itertools.pairwise(boxes):
                assert a.x1 < b.x0, f"labels overlap: {a} and {b}"


def test_qicharts2_style_shows_the_signals_of_any_rule_set():
    df = qi.datasets.restrictive_practice()
    bri3 = df[df.ward == "BRI3"]
    res = qi.spc(
        bri3,
        y="restraints",
        n="bed_days",
        x="month",
        chart="u",
        multiply=1000,
        rules="mdc",
        freeze=12,
    )
    assert res.points["shift"].sum() > 0
    fig = res.plot(style="qicharts2")
    (sig,) = artists(fig, "special_cause")
    assert len(sig.get_xdata()) == res.points.signal.sum() > res.points.outside_limits.sum()
    assert len(artists(fig, "cl_signal")) == 1  # the shift dashes the centre line


def test_axis_labels_and_custom_title():
    res = qi.spc(wards(3), y="y", x="month", by="ward", chart="i")
    fig = res.plot(title="Falls", xlabel="Month", ylabel="Falls per 1,000 bed days")
    assert [t.get_text() for t in fig.texts if t.get_gid() == "title"] == ["Falls"]
    assert fig.get_supxlabel() == "Month" and fig.get_supylabel() == "Falls per 1,000 bed days"
    one = res.plot(series="Ward 01", title="")
    assert [t for t in one.texts if t.get_gid() == "title"] == []


def test_into_a_given_axes_no_legend_unless_asked():
    res = qi.spc(wards(1), y="y", x="month", chart="i")
    fig, (left, right) = plt.subplots(1, 2)
    res.plot(ax=left, title="Left")
    res.plot(ax=right, style="qicharts2", legend=True)
    assert left.get_legend() is None and right.get_legend() is not None
    assert left.get_title(loc="left") == "Left" and not fig.legends


def test_qicharts2_limit_labels_inside_the_panel_apart_and_clear_of_the_next_phase():
    df = qi.datasets.restrictive_practice()
    res = qi.spc(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        chart="u",
        multiply=1000,
        phase=["2022-04-01"],
        target=12,
    )
    fig = res.plot(style="qicharts2")
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    page = fig.bbox
    first_of_phase_2 = mdates.date2num(pd.Timestamp("2022-04-01"))
    checked = 0
    for ax in panels(fig):
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label_")]
        assert len(labels) >= 6  # lcl, cl, ucl (and target) at the end of both phases
        boxes = [t.get_window_extent(r) for t in labels]
        for box in boxes:  # drawn on the page, inside the panel's column
            assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0
            assert box.x1 <= ax.get_window_extent(r).x1 + 2, "label beyond the panel's edge"
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not overlaps(a, b), "two labels overlap"
        next_x = ax.transData.transform((first_of_phase_2, 0))[0]
        for t, box in zip(labels, boxes, strict=True):
            if t.get_position()[0] < first_of_phase_2:  # a label of the first phase
                assert box.x1 <= next_x, "label runs into the next phase"
                checked += 1
    assert checked >= 49 * 3


@pytest.mark.parametrize("n", [12, 45])
def test_shared_axes_are_labelled_on_the_outer_panels_with_the_grid_everywhere(n):
    fig = qi.spc(wards(n, months=24), y="y", x="month", by="ward", chart="i").plot()
    fig.draw_without_rendering()
    axes = panels(fig)
    cols = len({round(a.get_position().x0, 3) for a in axes})
    assert len({a.get_xlim() for a in axes}) == 1 and len({a.get_ylim() for a in axes}) == 1
    left_ticks = axes[0].get_yticks()
    for i, ax in enumerate(axes):
        ylabels = [t.get_text() for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
        xlabels = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        first_in_row, bottom_of_column = i % cols == 0, i + cols >= n
        assert bool(ylabels) == first_in_row, (i, ylabels)
        assert bool(xlabels) == bottom_of_column, (i, xlabels)
        if not first_in_row:  # the grid lines, at the labelled panel's heights
            (grid,) = [ln for ln in ax.lines if ln.get_gid() == "grid"]
            heights = np.asarray(grid.get_ydata(), dtype=float)
            assert set(np.round(heights, 9)) == set(np.round(left_ticks, 9))
    free = qi.spc(wards(n, months=24), y="y", x="month", by="ward", chart="i").plot(sharey=False)
    free.draw_without_rendering()
    assert all(
        [t for t in ax.get_yticklabels() if t.get_text()]
        and [t for t in ax.get_xticklabels() if t.get_text()]
        for ax in panels(free)
    )


def test_the_title_can_be_read_on_a_dark_style():
    # trial 13 F4: the figure title was the MDC near-black whatever the style, so under
    # plt.style.use("dark_background") it was black on black
    from matplotlib.colors import to_rgb

    d = pd.DataFrame({"g": ["a"] * 12 + ["b"] * 12, "y": np.arange(24.0) % 5})
    res = qi.spc(d, y="y", by="g", chart="i")
    with plt.style.context("dark_background"):
        fig = res.plot(title="Falls", subtitle="two wards")
        face = np.array(to_rgb(fig.get_facecolor()))
    texts = {t.get_gid(): np.array(to_rgb(t.get_color())) for t in fig.texts}
    for gid in ("title", "subtitle"):  # contrast with the figure's black
        assert abs(texts[gid].mean() - face.mean()) > 0.5, (gid, texts[gid], face)
    light = res.plot(title="Falls")  # the default style keeps the MDC near-black
    (title,) = [t for t in light.texts if t.get_gid() == "title"]
    assert title.get_color() == "#231F20"
    plt.close("all")
