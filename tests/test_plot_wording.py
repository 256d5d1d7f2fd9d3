"""Plot wording: ``series=`` on a result with one series, titles and axes from generic column
names, and "%" on the qicharts2 style's line labels of a board's percentage measure."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import qistats as qi


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _funnel(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overdispersion from few units: not the point
        return qi.funnel(df, **kw)


UNITS = pd.DataFrame(
    {
        "ward": [f"W{i}" for i in range(12)],
        "value": [9, 12, 8, 11, 10, 7, 13, 10, 9, 11, 12, 8],
        "n": [900, 1100, 850, 1000, 1200, 800, 1150, 950, 1050, 1000, 900, 1100],
    }
)


def test_series_on_a_funnel_without_by_says_there_is_one_series():
    f = _funnel(UNITS, y="value", n="n", unit="ward", kind="rate", multiply=1000)
    with pytest.raises(qi.QIStatsError) as e:
        f.plot(series="W1")
    said = str(e.value)
    assert "e.g. None" not in said
    assert said.startswith("series='W1': this result has one series")
    assert "by=" in said


def test_generic_names_read_as_a_rate_and_real_names_are_kept():
    f = _funnel(UNITS, y="value", n="n", unit="ward", kind="rate", multiply=1000)
    fig = f.plot()
    texts = [t.get_text() for t in fig.texts]
    assert "Funnel plot of rate per 1,000 by ward" in texts
    assert fig.axes[0].get_ylabel() == "rate per 1,000"
    named = UNITS.rename(columns={"value": "restraints", "n": "bed_days"})
    g = _funnel(named, y="restraints", n="bed_days", unit="ward", kind="rate", multiply=1000)
    assert g.title == "Funnel plot of restraints per 1,000 bed days by ward"
    assert g.plot().axes[0].get_ylabel() == "restraints per 1,000 bed days"
    # one generic name: the other is kept
    h = _funnel(
        named.rename(columns={"restraints": "value"}),
        y="value",
        n="bed_days",
        unit="ward",
        kind="rate",
        multiply=1000,
    )
    assert h.title == "Funnel plot of rate per 1,000 bed days by ward"
    p = _funnel(
        UNITS.assign(n=UNITS["n"] // 40, value=UNITS["n"] // 40 - 1),
        y="value",
        n="n",
        unit="ward",
        kind="pr",
        multiply=100,
    )
    assert p.title == "Funnel plot of proportion (%) by ward"


def test_ambition_axis_from_generic_names():
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    d = pd.DataFrame({"month": months, "value": [30] * 12 + [24] * 12, "n": 1000})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        amb = qi.ambition(
            d,
            y="value",
            n="n",
            x="month",
            baseline=("2022-01-01", "2022-12-01"),
            change=-0.2,
            deadline="2023-12-01",
            multiply=1000,
        )
    fig = amb.plot()
    labels = {a.get_ylabel() for a in fig.axes} | {t.get_text() for t in fig.texts}
    assert "rate per 1,000" in labels
    assert not any("value per" in t for t in labels)


def test_qicharts2_labels_of_a_board_percentage_measure_say_percent():
    rng = np.random.default_rng(3)
    months = pd.date_range("2022-01-01", periods=30, freq="MS")
    n = rng.integers(150, 250, 30)
    d = pd.DataFrame({"measure": "harm_free", "month": months, "y": rng.binomial(n, 0.96), "n": n})
    ms = pd.DataFrame({"measure": ["harm_free"], "chart": ["p"], "multiply": [100], "target": [95]})
    fig = qi.board(d, ms, x="month", y="y", n="n").plot(style="qicharts2")
    (ax,) = [a for a in fig.axes if a.get_visible() and a.texts]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks and all(t.endswith("%") for t in ticks)
    labels = {
        (t.get_gid() or "")[6:]: t.get_text()
        for t in ax.texts
        if (t.get_gid() or "").startswith("label_")
    }
    assert labels["target"] == "95%"
    assert set(labels) == {"lcl", "cl", "ucl", "target"}
    # the centre line's label is the overall proportion, in %
    assert labels["cl"] == f"{100 * d['y'].sum() / d['n'].sum():.1f}%"
