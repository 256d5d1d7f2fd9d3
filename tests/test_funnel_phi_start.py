"""The robust φ sets aside the units the robust target set aside (new-user trial 14, F1).

Both steps set aside units with |z| > 3.5√φ̂, and with one far-out unit the rule can have two
self-consistent answers: the unit set aside (φ from the others) or kept (φ inflated by it).
φ was iterated afresh from median z² / 0.455 and could land on the second, so that an outlier
the target had set aside widened the limits enough to hide itself.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

import qistats as qi

C = 3.5
#: mean square of a standard normal within ±3.5: 1 - 2cφ(c)/(2Φ(c) - 1)
F = 1 - 2 * C * stats.norm.pdf(C) / (2 * stats.norm.cdf(C) - 1)


def _funnel(data: pd.DataFrame, **kw) -> qi.FunnelResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        return qi.funnel(data, y="y", n="n", unit="u", kind="rate", multiply=1000, **kw)


def test_the_bundled_rate_funnel_flags_the_trust_its_target_sets_aside():
    """Restraints per 1,000 bed days of the 11 trusts, April 2023 to March 2024. By hand:
    the target is Σy/Σn of the 10 trusts other than Dunholme; each trust's z is
    √E·log(O/E) with E = target · bed days; φ is the mean z² of those 10 over F; all 10 lie
    within 3.5√φ and Dunholme beyond it, so that answer is self-consistent, and Dunholme is
    below its 99.8 % limit."""
    df = qi.datasets.restrictive_practice()
    year = df[(df["month"] >= "2023-04-01") & (df["month"] <= "2024-03-01")]
    sums = year.groupby("trust")[["restraints", "bed_days"]].sum()
    data = pd.DataFrame(
        {"u": sums.index, "y": sums["restraints"].to_numpy(), "n": sums["bed_days"].to_numpy()}
    )
    others = data[data["u"] != "Dunholme"]
    target = others["y"].sum() / others["n"].sum()
    e = target * data["n"].to_numpy()
    z = np.sqrt(e) * np.log(data["y"].to_numpy() / e)
    out = (data["u"] == "Dunholme").to_numpy()
    phi = np.mean(z[~out] ** 2) / F
    assert np.all(np.abs(z[~out]) <= C * np.sqrt(phi)) and abs(z[out][0]) > C * np.sqrt(phi)

    res = _funnel(data)
    print(f"\nφ by hand {phi:.4f}, qistats {res.phi:.4f}; target by hand {1000 * target:.4f}")
    np.testing.assert_allclose(res.phi, phi, rtol=1e-12)
    np.testing.assert_allclose(res.target, 1000 * target, rtol=1e-12)
    units = res.units.set_index("u")
    assert units["outlier"].sum() == 1 and units.loc["Dunholme", "direction"] == "low"
    assert np.isnan(units.loc["Dunholme", "z_trimmed"])


def test_simulated_funnels_never_keep_for_phi_a_unit_the_target_set_aside():
    """300 funnels of 11 overdispersed wards (rates 11 per 1,000 × exp(N(0, 0.25²)),
    10,000–40,000 bed days) plus one ward truly at 4 per 1,000: in every funnel the units φ
    keeps are the units the target was pooled over (a fresh start kept the far ward for φ in
    about 3 % of them)."""
    rng = np.random.default_rng(7)
    groups, k = 300, 12
    n = rng.integers(10_000, 40_000, (groups, k)).astype(float)
    rate = 11 * np.exp(rng.normal(0, 0.25, (groups, k)))
    rate[:, 0] = 4.0
    y = rng.poisson(rate * n / 1000).astype(float)
    data = pd.DataFrame(
        {
            "g": np.repeat(np.arange(groups), k),
            "u": np.tile(np.arange(k), groups),
            "y": y.ravel(),
            "n": n.ravel(),
        }
    )
    res = _funnel(data, by="g")
    units = res.units
    kept = units["z_trimmed"].notna()
    pooled = (
        units[kept].groupby("g")["y"].sum() / units[kept].groupby("g")["n"].sum() * 1000
    ).to_numpy()
    targets = res.summary().sort_values("g")["target"].to_numpy()
    differ = ~np.isclose(pooled, targets, rtol=1e-12)
    found = units[units["u"] == 0]["outlier"].mean()
    print(f"\nφ's units not the target's: {differ.sum()} of {groups}; far ward found {found:.3f}")
    assert differ.sum() == 0
    # the power to find a ward at 4 against about 11 per 1,000 with φ estimated from 11 others
    assert 0.45 <= found <= 0.65
