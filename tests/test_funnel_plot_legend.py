"""A funnel's legend lists only what its panels draw: one trust's panel (``series=``, or drawn
into the caller's ``ax=``) without outliers has no "Outlier above" key taken from another
trust's panel (trial 13 recheck: Brindley's legend listed Fenwick's outlier)."""

import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

#: The outliers each legend word stands for, as drawn (the scatter's gid).
KEYS = {"Unit": "units", "Outlier above": "outliers_high", "Outlier below": "outliers_low"}


@pytest.fixture(scope="module")
def res():
    with pytest.warns(qi.OverdispersionWarning, match="only 3 units"):  # 3 to 6 wards a trust
        return qi.funnel(
            qi.datasets.restrictive_practice(),
            y="restraints",
            n="bed_days",
            unit="ward",
            kind="rate",
            multiply=1000,
            x="month",
            period=("2023-04-01", "2024-03-01"),
            by="trust",
        )


def drawn(axes):
    """The legend words of the unit markers drawn (a scatter with at least one point)."""
    gids = {c.get_gid() for a in axes for c in a.collections if len(c.get_offsets())}
    return {word for word, gid in KEYS.items() if gid in gids}


def listed(legend):
    return {t.get_text() for t in legend.get_texts()} & set(KEYS)


def test_the_data_have_one_outlier_in_one_trust(res):
    # the case of the trial: Fenwick's FEN1 is high, every other trust has none
    u = res.units
    assert u.loc[u.outlier, ["trust", "ward", "direction"]].values.tolist() == [
        ["Fenwick", "FEN1", "high"]
    ]


@pytest.mark.parametrize("trust", ["Brindley", "Fenwick", "Ashford Vale"])
def test_one_trusts_figure_lists_what_it_draws(res, trust):
    fig = res.plot(series=trust)
    assert listed(fig.legends[0]) == drawn(fig.axes)
    expect = {"Unit", "Outlier above"} if trust == "Fenwick" else {"Unit"}
    assert drawn(fig.axes) == expect


def test_each_callers_axes_lists_what_it_draws(res):
    _, axs = plt.subplots(1, 2, figsize=(12, 4.5))
    res.plot(ax=axs[0], series="Brindley")
    res.plot(ax=axs[1], series="Fenwick")
    for a, expect in zip(axs, [{"Unit"}, {"Unit", "Outlier above"}], strict=True):
        assert listed(a.get_legend()) == drawn([a]) == expect


def test_a_grid_lists_the_outliers_of_any_panel(res):
    fig = res.plot()
    assert listed(fig.legends[0]) == drawn(fig.axes) == {"Unit", "Outlier above"}
    two = res.plot(series=["Brindley", "Kingsmead"])
    assert listed(two.legends[0]) == drawn(two.axes) == {"Unit"}
