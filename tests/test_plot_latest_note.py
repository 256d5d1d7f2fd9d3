"""A series whose last value is older than the result's latest (a ward whose March return is
missing, a trust that stopped reporting) says so under its name, "latest: Feb 2024": its panel
ends early and its icons describe that older month, which the shared x axis alone does not
make plain (trial 14 board-pack audit). A ward that opened late but is up to date has no note."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

WARDS = ["ASH1", "ASH2", "ASH3", "BRI1"]


@pytest.fixture(scope="module")
def res():
    rp = qi.datasets.restrictive_practice()
    d = rp[rp.ward.isin(WARDS)]
    assert d.month.max() == pd.Timestamp("2024-03-01")
    d = d[~((d.ward == "ASH2") & (d.month < "2022-10-01"))]  # opened in October 2022
    d = d[~((d.ward == "ASH3") & (d.month == "2024-03-01"))]  # no March 2024 return
    with pytest.warns(qi.NoDataWarning, match="ward='ASH3'"):
        return qi.spc(
            d, y="restraints", n="bed_days", x="month", by="ward", chart="u", multiply=1000
        )


def titles(fig):
    return {
        a.get_title(loc="left").split("\n")[0]: a.get_title(loc="left")
        for a in fig.axes
        if a.get_visible()
    }


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_only_the_ward_without_its_last_month_says_so(res, style):
    fig = res.plot(style=style)
    assert titles(fig) == {
        "ASH1": "ASH1",
        "ASH2": "ASH2",
        "ASH3": "ASH3\nlatest: Feb 2024",
        "BRI1": "BRI1",
    }
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    (ash3,) = [a for a in fig.axes if a.get_title(loc="left").startswith("ASH3")]
    box, panel = ash3._left_title.get_window_extent(r), ash3.get_window_extent(r)
    assert box.y0 >= panel.y1 - 1  # above its panel
    for other in fig.axes:  # and under no other panel
        if other is not ash3 and other.get_visible():
            assert not box.overlaps(other.get_window_extent(r))


def test_drawn_into_the_callers_axes_and_chosen_with_series(res):
    _, axs = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    res.plot(ax=axs[0], series="ASH3")
    res.plot(ax=axs[1], series="ASH1")
    assert axs[0].get_title(loc="left").endswith("\nASH3\nlatest: Feb 2024")
    assert axs[1].get_title(loc="left").endswith("\nASH1")
    # chosen alone, it is still judged against the data's latest month
    assert titles(res.plot(series="ASH3"))["ASH3"] == "ASH3\nlatest: Feb 2024"


def test_weeks_are_named_by_day_and_quarters_by_their_months():
    rng = np.random.default_rng(3)
    weeks = pd.date_range("2024-01-01", periods=20, freq="W-MON")
    d = pd.DataFrame({"week": np.tile(weeks, 2), "g": np.repeat(["a", "b"], 20)})
    d["y"] = rng.poisson(10, 40).astype(float)
    d = d.iloc[:-2]  # b's last two weeks missing
    with pytest.warns(qi.NoDataWarning):
        fig = qi.spc(d, y="y", x="week", by="g", chart="c").plot()
    assert titles(fig)["b"] == f"b\nlatest: {weeks[-3].day} {weeks[-3]:%b %Y}"
    q = pd.period_range("2021Q1", periods=12, freq="Q")
    d = pd.DataFrame({"q": np.tile(q, 2), "g": np.repeat(["a", "b"], 12)})
    d["y"] = rng.poisson(10, 24).astype(float)
    d = d.iloc[:-1]
    with pytest.warns(qi.NoDataWarning):
        fig = qi.spc(d, y="y", x="q", by="g", chart="c").plot()
    assert titles(fig)["b"] == "b\nlatest: Jul–Sep 2023"
