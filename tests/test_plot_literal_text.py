"""User text with "$" is drawn as written, never as matplotlib mathtext (trial 6b B5)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


@pytest.fixture(scope="module")
def spend():
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "measure": "sp",
            "org": np.repeat(["Ward A", "Ward $B$ new"], 24),
            "month": np.tile(MONTHS, 2),
            "spend $k": rng.normal(50, 5, 48),
        }
    )


def dollar_texts(fig):
    return [t for t in fig.findobj(Text) if "$" in t.get_text() and t.get_visible()]


def assert_literal(fig, expected):
    """Each expected string is drawn, as wide as the same string set without mathtext."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    drawn = dollar_texts(fig)
    for text in expected:
        found = [t for t in drawn if text in t.get_text()]
        assert found, text
        for t in found:
            assert not t.get_parse_math(), t.get_text()
            props = t.get_fontproperties()
            size = t.get_window_extent(renderer).size
            ref = Text(0, 0, t.get_text(), fontproperties=props, rotation=t.get_rotation())
            ref.set_figure(fig)
            ref.set_parse_math(False)
            assert size == pytest.approx(ref.get_window_extent(renderer).size)
            if t.get_text().count("$") >= 2:  # as mathtext the spaces between "$"s are lost
                ref.set_parse_math(True)
                assert ref.get_window_extent(renderer).size.max() < size.max()


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_spc_series_names_and_column_names(spend, style):
    res = qi.spc(spend, y="spend $k", x="month", by="org", chart="i")
    fig = res.plot(style=style)
    assert_literal(fig, ["Ward $B$ new", "spend $k"])


def test_board_measure_name_and_unit(spend):
    measures = pd.DataFrame(
        {"measure": ["sp"], "name": ["Agency spend in $k vs budget in $k"], "unit": ["$k"]}
    )
    fig = qi.board(spend, measures, x="month", y="spend $k", by="org").plot()
    assert_literal(fig, ["Agency spend in $k vs budget in $k", "Ward $B$ new"])


def test_funnel_unit_names():
    rng = np.random.default_rng(2)
    units = [f"Trust ${i}$ x" for i in range(12)]
    n = rng.integers(200, 5000, 12).astype(float)
    y = rng.poisson(n * 0.02).astype(float)
    y[0] = n[0] * 0.2  # an outlier, labelled with its name
    f = qi.funnel(
        pd.DataFrame({"u": units, "y": y, "n": n}), y="y", n="n", unit="u", kind="pr", adjust=False
    )
    fig = f.plot(title="Agency $ spend in $k")
    assert_literal(fig, ["Trust $0$ x", "Agency $ spend in $k"])


def test_ambition_ward_names():
    df = qi.datasets.restrictive_practice()
    df = df[df.ward.isin(["BRI3", "ASH1"])].assign(ward=lambda d: d.ward + " $ward$ x")
    amb = qi.ambition(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.3,
        deadline="2024-03-01",
        multiply=1000,
    )
    assert_literal(amb.plot(), ["BRI3 $ward$ x"])
    assert_literal(amb.plot(view="overview"), ["BRI3 $ward$ x"])


def test_the_callers_own_mathtext_is_left_alone(spend):
    res = qi.spc(spend[spend.org == "Ward A"], y="spend $k", x="month", chart="i")
    fig, ax = plt.subplots()
    mine = ax.text(0.5, 0.5, r"$\sigma$ mine", transform=ax.transAxes)
    other = fig.add_axes((0.8, 0.8, 0.1, 0.1))
    theirs = other.set_title(r"$\mu$")
    res.plot(ax=ax, title="Ward $A$ only")
    assert mine.get_parse_math() and theirs.get_parse_math()
    assert_literal(fig, ["Ward $A$ only", "spend $k"])
