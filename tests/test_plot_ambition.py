"""The ambition plot: a grid with one legend, target, trajectory, window, projection and verdict;
the programme overview; robustness to summaries with fewer or more columns."""

import copy
import time

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import io  # noqa: E402

from matplotlib.colors import to_hex  # noqa: E402

from .test_plot import artists  # noqa: E402

#: The bundled restraint data's ambition arguments (without ``change``), shared by the
#: ambition plot tests.
KW = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    deadline="2024-03-01",
    multiply=1000,
)


@pytest.fixture(scope="module")
def amb():
    return qi.ambition(qi.datasets.restrictive_practice(), change=-0.3, **KW)


def test_49_wards_fit_a_24_inch_page_with_one_legend_and_save_quickly(amb):
    assert len(amb.summary()) == 49
    cpu = time.process_time()  # CPU time: other work on the machine does not count
    fig = amb.plot()
    fig.savefig(io.BytesIO(), format="png", dpi=100)
    seconds = time.process_time() - cpu
    assert seconds < 10, f"drawn and saved in {seconds:.1f} s of CPU"
    w, h = fig.get_size_inches()
    assert w <= 24 and h <= 24
    panels = [a for a in fig.get_axes() if a.get_gid() == "ambition"]
    assert len(panels) == 49
    assert len({round(a.get_position().x0, 3) for a in panels}) == 7
    assert len(fig.legends) == 1 and not any(a.get_legend() for a in fig.get_axes())
    assert len({a.get_ylim() for a in panels}) == 1  # one y range


def test_each_panel_draws_target_trajectory_projection_and_verdict(amb):
    summ = amb.summary().set_index("ward")
    wards = ["BRI3", "ASH2", "GRE5"]
    fig = amb.plot(series=wards)
    panels = [a for a in fig.get_axes() if a.get_gid() == "ambition"]
    colours = {
        "met": "#00b0f0",
        "on_track": "#00b0f0",
        "off_track": "#e46c0a",
        "not_met": "#e46c0a",
        "insufficient_data": "#7f7f7f",
    }
    for ward, ax in zip(wards, panels, strict=True):
        s = summ.loc[ward]
        assert ax.get_title(loc="left") == ward
        (target,) = [ln for ln in ax.lines if ln.get_gid() == "target"]
        assert np.allclose(target.get_ydata(), s.target_value)
        (traj,) = [ln for ln in ax.lines if ln.get_gid() == "trajectory"]
        y = np.asarray(traj.get_ydata(), dtype=float)
        assert np.nanmin(y) == pytest.approx(s.target_value)  # reaches the target
        (verdict,) = [t for t in ax.texts if t.get_gid() == "verdict"]
        assert verdict.get_text() == s.verdict.replace("_", " ")
        if s.verdict in colours:
            assert to_hex(verdict.get_bbox_patch().get_facecolor()) == colours[s.verdict]
        if s.projection == "projected" and pd.notna(s.projected_date):
            (point,) = [ln for ln in ax.lines if ln.get_gid() == "projection_point"]
            assert point.get_ydata()[0] == pytest.approx(s.target_value)
            when = matplotlib.dates.date2num(pd.Timestamp(s.projected_date).to_datetime64())
            assert point.get_xdata()[0] == pytest.approx(when)


def test_window_drawn_when_the_summary_has_one_and_missing_columns_are_skipped(amb):
    summ = amb.summary()
    summ["current_start"] = pd.Timestamp("2023-04-01")
    summ["current_end"] = pd.Timestamp("2024-03-01")
    summ = summ.drop(columns=["projected_date", "projected_lower", "projected_upper"])
    other = copy.copy(amb)
    other.summary = summ.copy  # a summary with the window and without the projection
    fig = other.plot(series="BRI3")
    (window,) = artists(fig, "window")
    x0 = matplotlib.dates.date2num(np.datetime64("2023-04-01"))
    x1 = matplotlib.dates.date2num(np.datetime64("2024-03-01"))
    assert window.get_x() < x0 < x1 < window.get_x() + window.get_width()
    (current,) = artists(fig, "current")
    assert np.allclose(current.get_ydata(), summ.set_index("ward").loc["BRI3", "current_value"])
    assert artists(fig, "projection_point") == []


def test_oe_panel_is_optional_and_explained(amb):
    assert artists(amb.plot(series="BRI3"), "oe") == []
    fig = amb.plot(series="BRI3", oe=True)
    (oe,) = artists(fig, "oe")
    (panel,) = [a for a in fig.get_axes() if a.get_gid() == "oe_panel"]
    assert " ".join(panel.get_ylabel().split()) == "observed ÷ expected"
    (legend,) = fig.legends  # how to read it: in the legend, where there is room
    words = [t.get_text() for t in legend.get_texts()]
    assert "on the trajectory (observed ÷ expected = 1; below 1 = ahead of it)" in words
    p = amb.periods[amb.periods.ward == "BRI3"]
    assert np.allclose(oe.get_ydata(), p.oe.dropna())


@pytest.mark.parametrize("wards", [3, 49])
def test_the_oe_axis_label_is_readable(amb, wards):
    # trial 12 D5: "observed ÷ expected (on trajectory = 1; below 1 = ahead)" was squeezed into
    # four rotated lines of about 5 pt beside the short O/E panel
    series = ["ASH1", "BRI3", "FEN1"] if wards == 3 else None
    fig = amb.plot(series=series, oe=True)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    labelled = [a for a in fig.get_axes() if a.get_gid() == "oe_panel" and a.get_ylabel()]
    assert labelled
    for a in labelled:
        label = a.yaxis.label
        assert " ".join(label.get_text().split()) == "observed ÷ expected"
        assert label.get_fontsize() >= 8
        box, panel = label.get_window_extent(r), a.get_window_extent(r)
        assert panel.y0 - 1 <= box.y0 and box.y1 <= panel.y1 + 1  # beside its own panel
    # an ambition to rise: above 1 is ahead
    up = qi.ambition(qi.datasets.restrictive_practice(), change=0.2, **KW)
    (legend,) = up.plot(series="BRI3", oe=True).legends
    words = [t.get_text() for t in legend.get_texts()]
    assert "on the trajectory (observed ÷ expected = 1; above 1 = ahead of it)" in words


def test_overview_is_a_forest_plot_against_the_target(amb):
    summ = amb.summary()
    fig = amb.plot(view="overview")
    (points,) = artists(fig, "changes")
    change = np.sort(points.get_offsets()[:, 0])
    assert np.allclose(change, np.sort((summ.rate_ratio - 1) * 100))
    (target,) = artists(fig, "target")
    assert np.allclose(target.get_offsets()[:, 0], -30)
    assert len(artists(fig, "pooled")) == 1
    assert fig.get_size_inches()[1] <= 24
    labels = [t.get_text() for t in fig.get_axes()[0].get_yticklabels()]
    assert set(summ.ward) <= set(labels)


def test_bad_ambition_plot_arguments_are_qistats_errors(amb):
    for kwargs, message in [
        ({"ncols": -1}, "ncols=-1"),
        ({"view": "table"}, "view='table'"),
        ({"colour": "red"}, "unknown argument colour"),
        ({"series": "NOPE"}, "series='NOPE'"),
        ({"oe": "yes"}, "oe='yes'"),
    ]:
        with pytest.raises(qi.QIStatsError, match=message):
            amb.plot(**kwargs)


def _texts(fig, gid):
    return [
        t.get_text() for t in fig.findobj(lambda a: a.get_gid() == gid) if hasattr(t, "get_text")
    ]


def test_data_after_as_of_are_greyed_with_an_as_of_line_and_title(amb):
    # judged as of Sep 2022: the 18 months Oct 2022–Mar 2024 are not used (period "later");
    # they are drawn light grey and hollow, joined by a dashed line to the last value used,
    # the ordinary line stops at Sep 2022, a dash-dot line stands half a month after it, and
    # the title and the overview say "as of Sep 2022"
    import matplotlib.dates as mdates

    early = qi.ambition(qi.datasets.restrictive_practice(), change=-0.3, as_of="2022-09-01", **KW)
    fig = early.plot(series=["BRI3", "ASH2"])
    sep, oct_ = (mdates.date2num(pd.Timestamp(d)) for d in ("2022-09-01", "2022-10-01"))
    for ax in [a for a in fig.get_axes() if a.get_gid() == "ambition"]:
        used = next(a for a in ax.lines if a.get_gid() == "values")
        x, y = (np.asarray(v, dtype=float) for v in used.get_data())
        assert np.nanmax(x[np.isfinite(y)]) == sep  # nothing after as_of on the ordinary line
        later = next(a for a in ax.lines if a.get_gid() == "later_values")
        lx = np.asarray(later.get_xdata(), dtype=float)
        assert lx.min() == oct_ and lx.size == 18
        assert to_hex(later.get_color()) == "#cfcfcf" and later.get_markerfacecolor() == "white"
        line = next(a for a in ax.lines if a.get_gid() == "as_of")
        assert sep < line.get_xdata()[0] < oct_ and line.get_linestyle() == "-."
    title = " ".join(_texts(fig, "title"))
    assert title.endswith("verdicts as of Sep 2022"), title
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "after the date judged (not used)" in labels and "date judged (as of)" in labels
    over = early.plot(view="overview")
    assert "verdicts as of Sep 2022" in " ".join(_texts(over, "title"))


def test_without_as_of_nothing_is_greyed_and_the_title_gives_the_latest_month(amb):
    fig = amb.plot(series=["BRI3"])
    assert not artists(fig, "later_values") and not artists(fig, "as_of")
    assert " ".join(_texts(fig, "title")).endswith("verdicts as of Mar 2024")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "date judged (as of)" not in labels


def test_numeric_months_are_written_as_numbers_in_the_title():
    # x as month numbers: the title said "by Jan 1970" and the deadline was drawn at 0 (48
    # read as nanoseconds since 1970)
    m = np.arange(1, 49)
    df = pd.DataFrame({"m": m, "n": 1000.0, "y": np.where(m <= 12, 20.0, 12.0)})
    amb = qi.ambition(df, y="y", n="n", x="m", baseline=(1, 12), change=-0.5, deadline=48, as_of=30)
    fig = amb.plot()
    title = " ".join(_texts(fig, "title"))
    assert title.endswith("(1–12) by 48; verdicts as of 30"), title
    line = artists(fig, "as_of")[0]
    assert line.get_xdata()[0] == 30.5 and len(artists(fig, "later_values")[0].get_xdata()) == 18
    # and the deadline at 48 (it was drawn at 0, which widened the x axis to it)
    assert artists(fig, "deadline")[0].get_xdata()[0] == 48
    assert fig.get_axes()[0].get_xlim()[0] == pytest.approx(1 - 0.03 * 47)  # data from 1


def test_shortfall_overview_puts_points_targets_and_pooled_on_the_shortfall_scale():
    # trial 9 A2: the target marks were the change of the proportion (+14 % ... +45 %) beside
    # points on the shortfall scale. Closing 50 % of the gap is a shortfall ratio of 0.5: every
    # target mark at -50 %, and the pooled diamond at the pooled ratio of shortfalls
    ss = qi.datasets.sexual_safety()
    a = qi.ambition(ss, y="felt_safe", n="asked", x="month", by="trust", kind="proportion",
                    change=0.5, target="shortfall", baseline=("2021-04-01", "2022-03-01"),
                    deadline="2024-03-01", multiply=100)  # fmt: skip
    fig = a.plot(view="overview")
    (target,) = artists(fig, "target")
    assert np.allclose(target.get_offsets()[:, 0], -50)
    (points,) = artists(fig, "changes")
    # (the shortfall's change is (rate_ratio - 1) x 100; percent_change is the proportion's)
    shortfall = (a.summary().rate_ratio - 1) * 100
    assert np.allclose(np.sort(points.get_offsets()[:, 0]), np.sort(shortfall))
    (pooled,) = artists(fig, "pooled")
    x = pooled.get_xy()[:, 0]
    assert np.isclose(x[1], (a.pooled().rate_ratio.iloc[0] - 1) * 100) and x[1] < 0
    assert "shortfall" in fig.get_axes()[0].get_xlabel()
