"""The figures docs/funnel.rst ("When every unit is inside wide limits") gives of the bundled
data: the ward rates by a groupby of their own, and the funnel's counts as the page states."""

import math

import pytest

import qistats as qi

PERIOD = ("2023-04-01", "2024-03-01")


def _funnel(**kw):
    data = qi.datasets.restrictive_practice()
    return qi.funnel(
        data, y="restraints", n="bed_days", unit="ward", kind="rate", multiply=1000,
        x="month", period=PERIOD, **kw,
    )  # fmt: skip


def test_rates_as_the_page_says():
    data = qi.datasets.restrictive_practice()
    year = data[data["month"].between(*PERIOD)]
    totals = year.groupby("ward")[["restraints", "bed_days"]].sum()
    rates = 1000 * totals["restraints"] / totals["bed_days"]
    assert len(rates) == 49
    assert round(rates.min(), 1) == 2.8 and round(rates.max()) == 38


def test_adjusted_and_unadjusted_as_the_page_says():
    res = _funnel()
    summary = res.summary().iloc[0]
    assert round(summary["target"], 1) == 10.8
    assert round(summary["phi"]) == 23 and round(summary["tau2"], 2) == 0.35
    assert round(math.exp(math.sqrt(summary["tau2"])), 1) == 1.8
    assert summary["adjusted"] and summary["n_outliers"] == 0
    units = res.units
    assert units["lcl_99_8"].min() > 1.55 and units["lcl_99_8"].max() < 1.7  # "about 1.6"
    assert units["ucl_99_8"].min() > 68 and units["ucl_99_8"].max() < 71  # "about 70"
    plain = _funnel(adjust=False).units
    assert plain["outlier"].sum() == 30
    assert plain["direction"].value_counts().to_dict() == {"low": 18, "high": 12}


@pytest.mark.parametrize("level", ["lcl_99_8", "ucl_99_8"])
def test_adjusted_limits_almost_flat(level):
    # each ward's Poisson noise is small beside the spread between wards: the limits move
    # by under 7 % from the smallest ward to the largest (the lower one most: a small ward's
    # exact Poisson tail reaches further down on the log scale)
    col = _funnel().units[level]
    assert col.max() / col.min() < 1.07
