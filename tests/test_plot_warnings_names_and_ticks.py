"""Chart defects a new user found: leaked warnings, names in any case, text clipped at the
figure edge, unnamed measures, indistinguishable legend entries, titles from integer column
names and half-integer ticks."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

WARDS = ["ASH1", "ASH2", "ASH3", "BRI1", "BRI2", "BRI3"]
AMBITION = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.3,
    deadline="2024-03-01",
    multiply=1000,
)


@pytest.fixture(scope="module")
def zero_wards():
    """ASH1 has no restraints after its baseline; ASH2 has none at all."""
    df = qi.datasets.restrictive_practice()
    df = df[df["ward"].isin(WARDS)].copy()
    df.loc[(df["ward"] == "ASH1") & (df["month"] > "2021-03-01"), "restraints"] = 0
    df.loc[df["ward"] == "ASH2", "restraints"] = 0
    return qi.ambition(df, **AMBITION)


@pytest.fixture(scope="module")
def amb():
    df = qi.datasets.restrictive_practice()
    return qi.ambition(df, **AMBITION)


@pytest.mark.parametrize("view", ["overview", "panels"])
def test_wards_with_zero_events_draw_without_any_warning(zero_wards, view):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = zero_wards.plot(view=view)
        fig.canvas.draw()
    if view == "overview":
        (target,) = [c for c in fig.axes[0].collections if c.get_gid() == "target"]
        xs = np.ma.filled(target.get_offsets()[:, 0].astype(float), np.nan)
        # ASH2's baseline is 0: no target change can be drawn; the others are at -30 %
        assert np.isnan(xs).sum() == 1
        assert np.allclose(xs[np.isfinite(xs)], -30)


def test_ambition_view_takes_any_case(amb):
    fig = amb.plot(view="Overview", series=WARDS)
    assert [c.get_gid() for c in fig.axes[0].collections if c.get_gid() == "changes"]
    with pytest.raises(qi.QIStatsError, match="view='forest'"):
        amb.plot(view="forest")


@pytest.mark.parametrize("style", ["QIC", "qic", "Qicharts2", "QICHARTS2"])
def test_qicharts2_style_by_any_name_and_case(style):
    df = qi.datasets.restrictive_practice()
    res = qi.spc(df[df["ward"] == "ASH1"], y="restraints", x="month", chart="c")
    fig = res.plot(style=style)
    texts = [t.get_text() for a in fig.axes for t in a.texts]
    assert "2.33" in texts, texts  # qicharts2 labels its limits: CL = 112 restraints / 48 months
    assert not res.plot(style="mdc").axes[0].texts  # MDC does not


def _inside(fig, artist):
    box = artist.get_window_extent(fig.canvas.get_renderer())
    page = fig.bbox
    return page.x0 - 0.5 <= box.x0 and box.x1 <= page.x1 + 0.5 and box.y0 >= page.y0 - 0.5


@pytest.mark.parametrize("figsize", [None, (5, 5)])
def test_overview_title_badges_and_legend_fit_inside_the_figure(figsize):
    df = qi.datasets.restrictive_practice()
    amb = qi.ambition(df, **{**AMBITION, "by": ["trust", "ward"]})
    keys = list(amb.summary().set_index(["trust", "ward"]).index[:8])
    subtitle = "Restraints per 1,000 bed days, all wards in the programme, rolling twelve months"
    fig = amb.plot(view="overview", series=keys, figsize=figsize, subtitle=subtitle)
    fig.canvas.draw()
    (title,) = [t for t in fig.texts if t.get_gid() == "title"]
    (sub,) = [t for t in fig.texts if t.get_gid() == "subtitle"]
    whole = amb.plot(view="overview").texts[0].get_text().replace("\n", " ")
    assert title.get_text().replace("\n", " ") == whole
    assert title.get_text().split()[-2:] == ["Mar", "2024"]  # the whole title, wrapped if need be
    right = fig.axes[1]
    badges = [t for t in right.get_yticklabels() if t.get_gid() == "verdict"]
    assert len(badges) == 8
    legend = fig.legends[0]
    for artist in [title, sub, *badges, legend]:
        assert _inside(fig, artist), artist
    # the subtitle sits under the title, not on it
    renderer = fig.canvas.get_renderer()
    assert sub.get_window_extent(renderer).y1 <= title.get_window_extent(renderer).y0
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Ashford Vale, ASH1" in labels  # two by-columns read as words, not an array


def test_integer_column_labels_are_named_as_columns_in_titles_and_axis_labels():
    df = qi.datasets.restrictive_practice(n_trusts=1, n_months=24)
    df = df[["ward", "month", "restraints", "bed_days"]].reset_index(drop=True)
    df.columns = range(4)
    res = qi.spc(df, y=2, n=3, x=1, by=0, chart="u")
    assert res.title == "U chart of column 2 per column 3"
    assert res.plot().texts[0].get_text() == "U chart of column 2 per column 3"
    totals = df.groupby(0, as_index=False)[[2, 3]].sum()
    fun = qi.funnel(totals, y=2, n=3, unit=0, kind="rate", multiply=1000, adjust=False)
    assert fun.title == "Funnel plot of column 2 per 1,000 column 3 by column 0"
    fig = fun.plot()  # raised AttributeError: 'int' object has no attribute 'replace'
    assert fig.texts[0].get_text() == fun.title
    assert fig.axes[0].get_ylabel() == "column 2 per 1,000 column 3"
    assert fig.axes[0].get_xlabel() == "column 3"


def test_funnel_outliers_above_and_below_are_told_apart_in_the_legend_and_chart():
    df = qi.datasets.restrictive_practice()
    every = (df["month"].min(), df["month"].max())  # the 48 months' totals, on purpose
    fun = qi.funnel(
        df,
        y="restraints",
        n="bed_days",
        unit="ward",
        kind="rate",
        multiply=1000,
        adjust=False,
        x="month",
        period=every,
    )
    fig = fun.plot()  # no improvement direction: both sides the same neutral purple
    handles = {h.get_label(): h for h in fig.legends[0].legend_handles}
    above, below = handles["Outlier above"], handles["Outlier below"]
    assert (above.get_marker(), above.get_color()) != (below.get_marker(), below.get_color())
    drawn = {c.get_gid(): c for c in fig.axes[0].collections}
    high, low = drawn["outliers_high"], drawn["outliers_low"]
    shapes = [c.get_paths()[0].vertices for c in (high, low)]
    same_shape = shapes[0].shape == shapes[1].shape and np.allclose(*shapes)
    assert not same_shape or not np.allclose(high.get_facecolor(), low.get_facecolor())
    # the shape matches the side: every "above" point lies above the target line
    target = fig.axes[0].lines[[ln.get_gid() for ln in fig.axes[0].lines].index("target")]
    assert (high.get_offsets()[:, 1] > target.get_ydata()[0]).all()
    assert (low.get_offsets()[:, 1] < target.get_ydata()[0]).all()


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_integer_weeks_get_whole_number_ticks(style):
    rng = np.random.default_rng(1)
    weeks = np.repeat(np.arange(1, 6), 5)
    df = pd.DataFrame({"week": weeks, "wait": rng.normal(30, 5, weeks.size)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.ShortPhaseWarning)  # 5 points: trial limits
        res = qi.spc(df, y="wait", x="week", chart="xbar")
        frac = qi.spc(df.assign(week=df["week"] / 2), y="wait", x="week", chart="xbar")
    fig = res.plot(style=style)
    fig.canvas.draw()
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    shown = [t for t in ax.get_xticks() if lo <= t <= hi]
    assert shown and all(float(t).is_integer() for t in shown), shown  # was 0.5, 1.0, 1.5, ...
    assert {1, 5} <= set(shown)
    # fractional x keeps matplotlib's ticks
    ax = frac.plot(style=style).axes[0]
    ax.figure.canvas.draw()
    assert any(not float(t).is_integer() for t in ax.get_xticks())
