"""kind="pr" with every unit of a group at 100 % (or 0 %): a compliance measure every ward meets.

No spread at all: the target is 100 %, every z-score 0 (finite), φ = 0 and τ² = 0, the limits not
widened, no unit an outlier; the upper limit is 100 % and the lower one the Clopper–Pearson
bound of n out of n, α^(1/n), inside [0, 100] %; nothing warns (the tests run with warnings as
errors, RuntimeWarnings included). FunnelPlotR's arcsine limits collapse there to one curve
below 100 %, so its largest unit at 100 % is flagged: compat="FunnelPlotR" reproduces that and
the default does not (docs/funnel.rst, "FunnelPlotR and qistats")."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

matplotlib.use("Agg")

N = np.array([20, 35, 50, 80, 120, 150, 200, 260, 300, 410, 520, 700])
ALPHA = {"95": 0.025, "99_8": 0.001}  # each side


def _wards(share: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"ward": [f"W{i:02d}" for i in range(N.size)], "n": N, "y": np.round(N * share)}
    )


OPTIONS = [
    {},
    {"adjust": True},
    {"adjust": "test"},
    {"tau2": "reml"},
    {"adjusted_limits": "normal", "adjust": True},
    {"phi": "trim", "adjust": True},
    {"target": "pooled"},
]


@pytest.mark.parametrize("kw", OPTIONS, ids=lambda kw: ",".join(map(str, kw.items())) or "default")
@pytest.mark.parametrize("share", [1.0, 0.0], ids=["all-100%", "all-0%"])
def test_no_spread_no_outlier_and_clopper_pearson_limits(share, kw):
    res = qi.funnel(_wards(share), y="y", n="n", unit="ward", kind="pr", multiply=100, **kw)
    s = res.summary().iloc[0]
    assert s["target"] == 100 * share
    assert s["phi"] == 0 and s["tau2"] == 0 and s["n_outliers"] == 0
    u = res.units
    assert np.isfinite(u["z"]).all() and (u["z"] == 0).all()
    assert (u["z_trimmed"] == 0).all()
    for level, a in ALPHA.items():
        # n of n (none of n) is not rare at α for a true proportion down to (up to) this bound:
        # the one-sided Clopper-Pearson bound, beta quantiles (scipy), = α^(1/n)
        if share == 1:
            lcl, ucl = 100 * stats.beta.ppf(a, N, 1), np.full(N.size, 100.0)
        else:
            lcl, ucl = np.zeros(N.size), 100 * stats.beta.ppf(1 - a, 1, N)
        np.testing.assert_allclose(u[f"lcl_{level}"], lcl, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(u[f"ucl_{level}"], ucl, rtol=1e-9, atol=1e-12)
    curves = res.limits.filter(regex="^(lcl|ucl)_").to_numpy()
    assert np.isfinite(curves).all() and curves.min() >= 0 and curves.max() <= 100
    at = res.limits_at([1, 20, 1e6]).filter(regex="^(lcl|ucl)_").to_numpy()
    assert np.isfinite(at).all() and at.min() >= 0 and at.max() <= 100


def test_n_of_n_at_20_by_hand():
    """20 of 20 at 99.8 %: 0.001^(1/20) = exp(ln 0.001 / 20) = 0.70795 (by hand: a ward
    whose true share is 70.8 % has 20 of 20 with probability 0.708^20 = 0.001)."""
    res = qi.funnel(_wards(1.0), y="y", n="n", unit="ward", kind="pr", multiply=100)
    assert res.units["lcl_99_8"].iloc[0] == pytest.approx(70.795, abs=5e-4)
    assert pytest.approx(0.001, rel=1e-3) == 0.70795**20


@pytest.mark.parametrize("share", [1.0, 0.0])
def test_a_group_at_the_edge_leaves_the_other_groups_alone(share):
    rng = np.random.default_rng(8)
    other = _wards(0.9).assign(y=rng.binomial(N, 0.9), trust="B")
    both = pd.concat([_wards(share).assign(trust="A"), other], ignore_index=True)
    res = qi.funnel(both, y="y", n="n", unit="ward", kind="pr", multiply=100, by="trust")
    alone = qi.funnel(other, y="y", n="n", unit="ward", kind="pr", multiply=100)
    got = res.units[res.units["trust"] == "B"].drop(columns="trust").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, alone.units)
    assert res.summary()["n_outliers"].iloc[0] == 0


@pytest.mark.parametrize("share", [1.0, 0.0])
def test_the_chart_draws_the_limits_inside_0_to_100_percent(share):
    res = qi.funnel(_wards(share), y="y", n="n", unit="ward", kind="pr", multiply=100)
    fig = res.plot()
    (ax,) = [a for a in fig.axes if a.get_visible()]
    lines = [ln for ln in ax.lines if str(ln.get_gid()).startswith("limits_")]
    assert len(lines) == 4
    for line in lines:
        y = np.asarray(line.get_ydata(), dtype=float)
        assert np.isfinite(y).all() and y.min() >= 0 and y.max() <= 100
    edge = 100 * share  # the units and the target on it, the edge limit along it
    assert ax.get_ylim()[0] <= edge <= ax.get_ylim()[1]
    assert not [c for c in ax.collections if str(c.get_gid()).startswith("outliers_")]
    assert ax.get_title(loc="left") == "φ = 0.00, limits not widened"


def test_funnelplotr_flags_its_largest_unit_at_100_percent_and_compat_reproduces_it():
    """FunnelPlotR 0.6.0 (its README's algorithm in /work/shared/fixtures): the target is 1, its
    arcsine limits sin²(π/2 ∓ z/(2√n)) are both cos²(z/(2√n)) < 1, and its monotone fix lifts
    each upper limit below the next grid point's to 100 %, all but the last point's, n = 700
    here (max(n) is a whole number, so the grid ends on it): the ward at 100 % there is above
    its upper limit, 100·cos²(3.090232/(2√700)) = 99.659 %."""
    res = qi.funnel(_wards(1.0), y="y", n="n", unit="ward", kind="pr", multiply=100,
                    compat="FunnelPlotR")  # fmt: skip
    u = res.units
    assert u.loc[u["outlier"], "ward"].tolist() == ["W11"]
    assert u["ucl_99_8"].iloc[-1] == pytest.approx(100 * np.cos(3.090232 / (2 * 700**0.5)) ** 2)
    assert u["ucl_99_8"].iloc[-1] == pytest.approx(99.659, abs=5e-4)
    assert (u["ucl_99_8"].iloc[:-1] == 100).all()
    assert not qi.funnel(_wards(1.0), y="y", n="n", unit="ward", kind="pr").units["outlier"].any()
