"""Outlier flags of qi.funnel on data with a known truth: every unit is in control.

200 funnels of 100 units each (20,000 units, one vectorised call). The share of units flagged
at 99.8 % should be 0.2 %; its simulation standard error is sqrt(0.002 · 0.998 / 20000) =
0.032 percentage points. Rates are printed in the assertion messages.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

GROUPS, UNITS = 200, 100
NOMINAL = 0.002
SE = np.sqrt(NOMINAL * (1 - NOMINAL) / (GROUPS * UNITS))


def _frame(y, n) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "funnel": np.repeat(np.arange(GROUPS), UNITS),
            "unit": np.tile(np.arange(UNITS), GROUPS),
            "y": y,
            "n": n,
        }
    )


def test_no_overdispersion_unadjusted_poisson():
    rng = np.random.default_rng(20260)
    e = rng.uniform(50, 2000, GROUPS * UNITS)
    res = qi.funnel(
        _frame(rng.poisson(e), e),
        y="y",
        n="n",
        unit="unit",
        by="funnel",
        adjust=False,
        shmi_rounding=False,
    )
    u = res.units
    rate = u["outlier"].mean()
    # the exact chance of a flag (counts are discrete, so a little under 0.2 %)
    lo, hi = u["lcl_99_8"] * u["n"], u["ucl_99_8"] * u["n"]
    exact = np.mean(
        stats.poisson.cdf(np.ceil(lo) - 1, u["n"]) + stats.poisson.sf(np.floor(hi), u["n"])
    )
    msg = f"flagged {rate:.4%} (exact chance {exact:.4%}, nominal 0.2 %, SE {SE:.4%})"
    assert abs(rate - NOMINAL) < 4 * SE, msg
    assert abs(rate - exact) < 4 * SE, msg


def test_no_overdispersion_unadjusted_binomial():
    rng = np.random.default_rng(20261)
    n = rng.integers(100, 3000, GROUPS * UNITS)
    res = qi.funnel(
        _frame(rng.binomial(n, 0.15), n),
        y="y",
        n="n",
        unit="unit",
        by="funnel",
        kind="pr",
        adjust=False,
    )
    rate = res.units["outlier"].mean()
    assert abs(rate - NOMINAL) < 4 * SE, f"flagged {rate:.4%} (nominal 0.2 %, SE {SE:.4%})"


@pytest.mark.parametrize(("method", "tau2"), [("shmi", "dl"), ("cqc", "dl"), ("shmi", "reml")])
def test_overdispersion_phi_3_adjusted_is_close_to_nominal(method, tau2):
    """Random effects log θ_i ~ N(0, τ²), τ² = 2/mean(E), so that φ ≈ 1 + τ²·E ≈ 3."""
    rng = np.random.default_rng(20262)
    e = rng.uniform(100, 1000, GROUPS * UNITS)
    true_tau2 = 2 / 550
    o = rng.poisson(e * np.exp(rng.normal(0, np.sqrt(true_tau2), e.size)))
    kw = {"y": "y", "n": "n", "unit": "unit", "by": "funnel", "method": method, "tau2": tau2}
    res = qi.funnel(_frame(o, e), adjust=True, **kw)
    plain = qi.funnel(_frame(o, e), adjust=False, **kw)
    rate = res.units["outlier"].mean()
    rate_plain = plain.units["outlier"].mean()
    msg = (
        f"{method}/{tau2}: adjusted limits flag {rate:.3%}, unadjusted {rate_plain:.2%} "
        f"(nominal 0.2 %); mean phi {res.phi.mean():.2f}"
    )
    # τ² is estimated from 100 units per funnel, so the rate is a little above nominal
    assert 0.001 < rate < 0.005, msg
    assert rate_plain > 0.03, msg
    assert 2.5 < res.phi.mean() < 3.5, msg


def _six_ward_groups(rng, groups, phi, zero_first):
    """``groups`` collaboratives of 6 wards, rates around 10 per 1,000 bed days with
    gamma-Poisson (negative binomial) variation of variance φμ; optionally the first ward of
    each group reports no events at all (a ward whose data never arrived)."""
    bed_days = rng.uniform(4000, 9000, size=(groups, 6))
    mu = bed_days * 0.01
    shape = mu / (phi - 1)  # gamma mixing: variance mu + mu^2/shape = phi * mu
    y = rng.poisson(rng.gamma(shape, mu / shape)).astype(float)
    if zero_first:
        y[:, 0] = 0.0
    return pd.DataFrame(
        {
            "group": np.repeat(np.arange(groups), 6),
            "ward": np.tile([f"w{i}" for i in range(6)], groups),
            "y": y.ravel(),
            "n": bed_days.ravel(),
        }
    )


def test_one_dominant_unit_is_flagged_rarely_by_chance_and_always_when_real():
    from qistats.funnel import _dominated

    rng = np.random.default_rng(2026)
    runs = {}
    for label, zero in (("shared phi = 3", False), ("one ward with no events", True)):
        data = _six_ward_groups(rng, 4000, 3.0, zero)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", qi.OverdispersionWarning)
            res = qi.funnel(data, y="y", n="n", unit="ward", kind="rate", by="group")
        flag = _dominated(res._fit)[0]
        adjusted = np.asarray(res.summary()["adjusted"], dtype=bool)
        runs[label] = flag[adjusted].mean()
    msg = ", ".join(f"{k}: flagged in {v:.2%} of adjusted groups" for k, v in runs.items())
    print(msg)
    assert runs["shared phi = 3"] <= 0.005, msg  # nominal 0.1 %
    assert runs["one ward with no events"] >= 0.95, msg


def test_a_ward_with_no_events_among_six_is_named_in_a_warning():
    data = pd.DataFrame(
        {
            "ward": list("ABCDEF"),
            "y": [0, 40, 55, 48, 60, 140],
            "n": [5000, 5200, 6100, 5500, 6000, 8000.0],
        }
    )
    with pytest.warns(qi.OverdispersionWarning, match=r"unit ward='A' gives 97% .*6 units"):
        res = qi.funnel(data, y="y", n="n", unit="ward", kind="rate", multiply=1000)
    # the numbers are not changed by the warning: phi by hand from the log-scale z-scores
    t = data.y.sum() / data.n.sum()
    e = t * data.n
    z = np.sqrt(e) * np.log(data.y.where(data.y > 0, 0.5) / e)
    assert res.phi == pytest.approx((z**2).mean(), rel=1e-12)  # six units: none truncated
