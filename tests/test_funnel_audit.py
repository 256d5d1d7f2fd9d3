"""qi.funnel checks of the session 18 audit of issue 11 that no other test made.

* Limit levels other than (95, 99.8) (FunnelPlotR's open issue #44): the values at each level,
  unadjusted and adjusted, against limits found independently (brentq on scipy's incomplete
  gamma functions, and the normal quantile), and the outlier flags at ``limit`` against
  scipy's Poisson tails.
* A true outlier among overdispersed units (φ ≈ 3, adjusted limits): found about as often as
  the random-effects model says, computed independently by numerical integration with the
  true τ², while the in-control units are flagged near the nominal 0.2 %. Rates are printed
  (``pytest -s``) and bounded.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special, stats

import qistats as qi


def _count_limits(mu: np.ndarray, a: float) -> tuple[np.ndarray, np.ndarray]:
    """O/μ limits crossed with probability a on each side by a Poisson(μ) count: the lower
    (s - 1)/μ with Q(s, μ) = a (0 below 0), the upper s/μ with P(s, μ) = a."""
    lo, hi = np.empty(mu.size), np.empty(mu.size)
    for i, u in enumerate(mu):
        top = u + 20 * np.sqrt(u) + 50
        s_l = optimize.brentq(lambda s, u=u: special.gammaincc(s, u) - a, 1e-12, top, xtol=1e-14)
        s_u = optimize.brentq(lambda s, u=u: special.gammainc(s, u) - a, 1e-12, top, xtol=1e-14)
        lo[i], hi[i] = max(s_l - 1, 0) / u, s_u / u
    return lo, hi


@pytest.mark.parametrize("adjust", [False, True])
def test_levels_other_than_95_and_99_8_have_the_right_limits_and_flags(adjust):
    rng = np.random.default_rng(3)
    e = rng.uniform(2, 300, 30)
    o = rng.poisson(e * np.exp(rng.normal(0, 0.2, 30))).astype(float)
    data = pd.DataFrame({"u": [f"u{i:02d}" for i in range(30)], "o": o, "e": e})
    levels = (80, 90, 99.9)
    res = qi.funnel(
        data, y="o", n="e", unit="u", levels=levels, limit=90, adjust=adjust, shmi_rounding=False
    )
    u = res.units
    assert u["u"].tolist() == data["u"].tolist()
    assert res.adjusted is adjust and res.tau2 > 0  # overdispersed: a τ² to widen with
    for level, name in zip(levels, ("80", "90", "99_9"), strict=True):
        a = (1 - level / 100) / 2
        lo, hi = _count_limits(e, a)
        if adjust:  # SHMI: the counts' own limits' distance from 1 on the log scale,
            # combined in quadrature with z·τ: exp(±sqrt(log(q)² + z²τ²))
            z = stats.norm.ppf(1 - a)
            with np.errstate(divide="ignore"):
                lo = np.exp(-np.sqrt(np.log(lo) ** 2 + z * z * res.tau2))
            hi = np.exp(np.sqrt(np.log(hi) ** 2 + z * z * res.tau2))
        np.testing.assert_allclose(u[f"lcl_{name}"], lo, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(u[f"ucl_{name}"], hi, rtol=1e-9)
        if not adjust:  # the flags are the counts' tails themselves
            out = (u["value"] < u[f"lcl_{name}"]) | (u["value"] > u[f"ucl_{name}"])
            tails = (stats.poisson.cdf(o, e) < a) | (stats.poisson.sf(o - 1, e) < a)
            np.testing.assert_array_equal(out, tails)
    want = (u["value"] < u["lcl_90"]) | (u["value"] > u["ucl_90"])
    np.testing.assert_array_equal(u["outlier"], want)
    assert 0 < u["outlier"].sum() < 30
    cols = [c for c in u.columns if c[:4] in ("lcl_", "ucl_")]
    assert cols == ["lcl_80", "ucl_80", "lcl_90", "ucl_90", "lcl_99_9", "ucl_99_9"]


FUNNELS, UNITS, TRUE_TAU2, RATIO = 300, 40, 2 / 550, 1.3


def _expected_power(e: np.ndarray, level: float, tau2: np.ndarray | float) -> np.ndarray:
    """P(a unit expecting e events at RATIO × the target is above its adjusted upper limit
    exp(z·sqrt(1/e + tau2))), O ~ Poisson(e·RATIO·exp(u)), u ~ N(-τ²/2, τ²) with the true τ²
    as simulated: Gauss–Hermite quadrature over u (independent of qi.funnel)."""
    z = stats.norm.ppf(1 - (1 - level / 100) / 2)
    ucl = np.exp(z * np.sqrt(1 / e + tau2))
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    u = -TRUE_TAU2 / 2 + np.sqrt(TRUE_TAU2) * nodes
    mean = e[:, None] * RATIO * np.exp(u[None, :])
    above = stats.poisson.sf(np.floor(ucl * e)[:, None], mean)  # P(O > ucl · e)
    return above @ weights / weights.sum()


def test_a_true_outlier_among_overdispersed_units_is_found_and_the_others_are_not():
    """300 funnels of 40 SR units, E ~ U(100, 1000), log-normal random effects with
    τ² = 2/550 (φ ≈ 3); the first unit of each at 1.3 × E. The default (robust φ, adjusted
    limits) should flag the in-control units near 0.2 % and the true outliers about as often as
    the model with the true τ² says (a little less: τ² is estimated)."""
    rng = np.random.default_rng(20265)
    e = rng.uniform(100, 1000, (FUNNELS, UNITS))
    mu = e * np.exp(rng.normal(-TRUE_TAU2 / 2, np.sqrt(TRUE_TAU2), e.shape))
    mu[:, 0] *= RATIO
    data = pd.DataFrame(
        {
            "funnel": np.repeat(np.arange(FUNNELS), UNITS),
            "unit": np.tile([f"u{i:02d}" for i in range(UNITS)], FUNNELS),
            "y": rng.poisson(mu).ravel().astype(float),
            "n": e.ravel(),
        }
    )
    truth = data["unit"].to_numpy() == "u00"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.OverdispersionWarning)
        res = qi.funnel(data, y="y", n="n", unit="unit", by="funnel", shmi_rounding=False)
    out = res.units["outlier"].to_numpy()
    false_rate, found = out[~truth].mean(), out[truth].mean()
    expected = float(_expected_power(e[:, 0], 99.8, TRUE_TAU2).mean())
    # the same with each funnel's limits drawn with its estimated τ² (the limits qi.funnel
    # should have drawn, by the formula, not by qi.funnel)
    drawn = float(_expected_power(e[:, 0], 99.8, res.tau2.to_numpy()).mean())
    se = np.sqrt(drawn * (1 - drawn) / FUNNELS)
    high = (res.units["direction"].to_numpy()[truth & out] == "high").mean()
    msg = (
        f"phi median {np.median(res.phi):.2f}, adjusted {np.mean(res.adjusted):.0%}; "
        f"in control flagged {false_rate:.3%} (nominal 0.2 %); true outliers found "
        f"{found:.1%} (model: {drawn:.1%} with the estimated tau2, SE {se:.1%}; {expected:.1%} "
        f"with the true tau2), all high: {high}"
    )
    print(msg)
    assert 2.5 < np.median(res.phi) < 3.5, msg
    assert np.mean(res.adjusted) > 0.98, msg  # φ ≤ 1 by chance in 1 funnel of 300
    assert false_rate < 0.005, msg  # 11,700 in-control units: SE of 0.2 % is 0.04 points
    assert 0.4 < expected < 0.9, msg  # the case discriminates (neither sure nor hopeless)
    assert abs(found - drawn) < 4 * se, msg
    # τ² estimated from each funnel's 40 units (DerSimonian–Laird from φ, a little above the
    # true τ² on average) widens the limits: a little less is found than with the true τ²
    assert expected - 0.15 < found < expected, msg
    assert high == 1.0, msg


@pytest.mark.parametrize(("closed", "words"), [(1, "1 of 12 units has"), (2, "2 of 12 units have")])
def test_closed_units_are_named_in_words_that_agree_with_their_count(closed, words):
    data = pd.DataFrame(
        {
            "ward": list("ABCDEFGHIJKL"),
            "y": [5, 8, 12, 3, 9, 10, 7, 6, 11, 4, 8, 9.0],
            "n": [50, 60, 80, 40, 70, 90, 55, 45, 100, 30, 66, 77.0],
        }
    )
    data.loc[: closed - 1, ["y", "n"]] = 0  # wards closed for the period
    verb = "is" if closed == 1 else "are"
    names = "; ".join(f"ward='{w}'" for w in "AB"[:closed])
    said = (
        f"{words} a total n='n' of 0 and no events in the data (closed) and {verb} left out of "
        f"the funnel: {names}."
    )
    with pytest.warns(qi.NoDataWarning) as got:
        res = qi.funnel(data, y="y", n="n", unit="ward", kind="rate")
    assert [str(w.message) for w in got] == [said]
    assert len(res.units) == 12 - closed
